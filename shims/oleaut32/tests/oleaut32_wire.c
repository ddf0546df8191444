// The wire forms of VARIANTs and SAFEARRAYs (VARIANT_UserSize, VARIANT_UserMarshal,
// VARIANT_UserUnmarshal, VARIANT_UserFree and the LPSAFEARRAY_User* functions): numbers of each
// size and alignment, DECIMAL, BSTRs (NULL too), references to numbers, BSTRs and VARIANTs, NULL
// interfaces, arrays of numbers (two dimensions), BSTRs and VARIANTs by value and by reference;
// the bytes written (the low 4 bytes of a pointer's value, which the wire form carries where the
// value of a BSTR, array or reference would be, are shown as "pp": they differ from run to run),
// what reads back, and arrays read into no array and into one of the same shape.
// Links: -loleaut32 -lole32 -luuid
#define COBJMACROS
#include <windows.h>
#include <oleauto.h>
#include <stdio.h>
#include <string.h>

static ULONG flags = MAKELONG(MSHCTX_DIFFERENTMACHINE, NDR_LOCAL_DATA_REPRESENTATION);
static unsigned char* buffer;
// The pointers the program made (BSTRs, arrays): where their low 4 bytes are in the buffer.
static const void* pointers[16];
static int pointer_count;
// Where the wire form holds sizeof(VARIANT) (a VARIANT by reference's size), shown as "vs" so that
// x64 and i686 print the same; -1 for none.
static long variant_size_at = -1;
static void remember(const void* p) {
  if (pointer_count < 16) pointers[pointer_count++] = p;
}

static void dump(const char* label, const unsigned char* end) {
  printf("  %s %ld bytes:", label, (long)(end - buffer));
  for (const unsigned char* c = buffer; c < end && c < buffer + 200; ++c) {
    int hidden = 0;
    for (int k = 0; k < pointer_count && !hidden; ++k) {
      DWORD low = (DWORD)(ULONG_PTR)pointers[k];
      for (int back = 0; back < 4 && !hidden; ++back)
        if (c - back >= buffer && c - back + 4 <= end && !memcmp(c - back, &low, 4)) hidden = 1;
    }
    long at = (long)(c - buffer);
    DWORD vs = sizeof(VARIANT);
    if (hidden) printf(" pp");
    else if (variant_size_at >= 0 && at >= variant_size_at && at < variant_size_at + 4 &&
             !memcmp(buffer + variant_size_at, &vs, 4))
      printf(" vs");
    else printf(" %02x", *c);
  }
  printf("\n");
}

// An element size, a pointer's or a VARIANT's by name (they differ between x64 and i686).
static const char* element_size(SAFEARRAY* sa) {
  static char text[16];
  VARTYPE vt = 0;
  SafeArrayGetVartype(sa, &vt);
  if (vt == VT_VARIANT && sa->cbElements == sizeof(VARIANT)) return "of a VARIANT";
  if ((vt == VT_BSTR || vt == VT_UNKNOWN || vt == VT_DISPATCH) && sa->cbElements == sizeof(void*)) return "of a pointer";
  snprintf(text, sizeof text, "%lu", sa->cbElements);
  return text;
}

static void show_value(VARIANT* v) {
  VARIANT text;
  VariantInit(&text);
  printf(" vt %04x", V_VT(v));
  if (V_VT(v) & VT_ARRAY) {
    SAFEARRAY* sa = (V_VT(v) & VT_BYREF) ? *V_ARRAYREF(v) : V_ARRAY(v);
    printf(" array of %u dimensions, element size %s", sa ? SafeArrayGetDim(sa) : 0, sa ? element_size(sa) : "-");
  } else if (V_VT(v) == VT_DECIMAL) {
    printf(" decimal %lu scale %d sign %d", V_DECIMAL(v).Lo32, V_DECIMAL(v).scale, V_DECIMAL(v).sign);
  } else if ((V_VT(v) & ~VT_BYREF) == VT_DISPATCH || (V_VT(v) & ~VT_BYREF) == VT_UNKNOWN) {
    printf(" interface null %d", (V_VT(v) & VT_BYREF) ? *V_UNKNOWNREF(v) == NULL : V_UNKNOWN(v) == NULL);
  } else if (V_VT(v) == VT_BSTR && !V_BSTR(v)) {
    printf(" NULL BSTR");
  } else if (VariantChangeType(&text, v, 0, VT_BSTR) == S_OK) {
    printf(" \"%ls\"", V_BSTR(&text));
  }
  VariantClear(&text);
}

static void roundtrip(const char* label, VARIANT* v) {
  ULONG size = VARIANT_UserSize(&flags, 0, v);
  memset(buffer, 0xcc, 512);
  unsigned char* end = VARIANT_UserMarshal(&flags, buffer, v);
  printf("%s: size %lu\n", label, size);
  dump("marshalled", end);
  VARIANT back;
  VariantInit(&back);
  unsigned char* stop = VARIANT_UserUnmarshal(&flags, buffer, &back);
  printf("  read %ld bytes:", (long)(stop - buffer));
  show_value(&back);
  printf("\n");
  VARIANT_UserFree(&flags, &back);
}

static SAFEARRAY* numbers(void) {
  SAFEARRAYBOUND b[2] = {{2, 1}, {3, -1}};
  SAFEARRAY* sa = SafeArrayCreate(VT_I4, 2, b);
  remember(sa);
  LONG* d;
  SafeArrayAccessData(sa, (void**)&d);
  for (int k = 0; k < 6; ++k) d[k] = 100 + k;
  SafeArrayUnaccessData(sa);
  return sa;
}
static SAFEARRAY* strings(void) {
  SAFEARRAY* sa = SafeArrayCreateVector(VT_BSTR, 0, 2);
  remember(sa);
  BSTR* d;
  SafeArrayAccessData(sa, (void**)&d);
  d[0] = SysAllocString(L"one");
  remember(d[0]);
  d[1] = NULL;
  SafeArrayUnaccessData(sa);
  return sa;
}
static SAFEARRAY* variants(void) {
  SAFEARRAY* sa = SafeArrayCreateVector(VT_VARIANT, 0, 3);
  remember(sa);
  VARIANT* d;
  SafeArrayAccessData(sa, (void**)&d);
  V_VT(&d[0]) = VT_I2, V_I2(&d[0]) = -5;
  V_VT(&d[1]) = VT_R8, V_R8(&d[1]) = 2.5;
  V_VT(&d[2]) = VT_BSTR, V_BSTR(&d[2]) = SysAllocString(L"three");
  remember(V_BSTR(&d[2]));
  SafeArrayUnaccessData(sa);
  return sa;
}

static void show_array(SAFEARRAY* sa) {
  if (!sa) {
    printf(" no array\n");
    return;
  }
  VARTYPE vt = 0;
  SafeArrayGetVartype(sa, &vt);
  printf(" dims %u features %04x element %s vt %d bounds", SafeArrayGetDim(sa), sa->fFeatures & ~0x2000,
         element_size(sa), vt);
  ULONG cells = 1;
  for (UINT d = 1; d <= SafeArrayGetDim(sa); ++d) {
    LONG lo, hi;
    SafeArrayGetLBound(sa, d, &lo);
    SafeArrayGetUBound(sa, d, &hi);
    printf(" [%ld..%ld]", lo, hi);
    cells *= (ULONG)(hi - lo + 1);
  }
  printf(" cells:");
  void* data;
  SafeArrayAccessData(sa, &data);
  for (ULONG k = 0; k < cells; ++k) {
    if (vt == VT_I4) printf(" %ld", ((LONG*)data)[k]);
    else if (vt == VT_BSTR) printf(" %ls", ((BSTR*)data)[k] ? ((BSTR*)data)[k] : L"(null)");
    else if (vt == VT_VARIANT) show_value(&((VARIANT*)data)[k]);
  }
  SafeArrayUnaccessData(sa);
  printf("\n");
}

static void array_roundtrip(const char* label, SAFEARRAY* sa, SAFEARRAY* into) {
  ULONG size = LPSAFEARRAY_UserSize(&flags, 0, &sa);
  memset(buffer, 0xcc, 512);
  unsigned char* end = LPSAFEARRAY_UserMarshal(&flags, buffer, &sa);
  printf("%s: size %lu\n", label, size);
  dump("marshalled", end);
  SAFEARRAY* back = into;
  unsigned char* stop = LPSAFEARRAY_UserUnmarshal(&flags, buffer, &back);
  printf("  read %ld bytes, %s:", (long)(stop - buffer), into ? (back == into ? "the same array" : "another array") : "a new array");
  show_array(back);
  LPSAFEARRAY_UserFree(&flags, &back);
  printf("  freed: null %d\n", back == NULL);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  CoInitialize(NULL);
  buffer = HeapAlloc(GetProcessHeap(), 0, 512);
  VARIANT v;

  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_EMPTY;
  roundtrip("EMPTY", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_NULL;
  roundtrip("NULL", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_UI1, V_UI1(&v) = 0xab;
  roundtrip("UI1", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_I2, V_I2(&v) = -2;
  roundtrip("I2", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_BOOL, V_BOOL(&v) = VARIANT_TRUE;
  roundtrip("BOOL", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_I4, V_I4(&v) = 0x12345678;
  roundtrip("I4", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_R4, V_R4(&v) = 1.5f;
  roundtrip("R4", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_R8, V_R8(&v) = -0.25;
  roundtrip("R8", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_I8, V_I8(&v) = 0x1122334455667788LL;
  roundtrip("I8", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_CY, V_CY(&v).int64 = 12345;
  roundtrip("CY", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_DATE, V_DATE(&v) = 45000.5;
  roundtrip("DATE", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_ERROR, V_ERROR(&v) = DISP_E_PARAMNOTFOUND;
  roundtrip("ERROR", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_DECIMAL;
  V_DECIMAL(&v).Lo32 = 12345, V_DECIMAL(&v).scale = 2, V_DECIMAL(&v).sign = 0x80;
  V_VT(&v) = VT_DECIMAL;
  roundtrip("DECIMAL", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_BSTR, V_BSTR(&v) = SysAllocString(L"hello");
  remember(V_BSTR(&v));
  roundtrip("BSTR", &v);
  VariantClear(&v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_BSTR, V_BSTR(&v) = NULL;
  roundtrip("NULL BSTR", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_DISPATCH, V_DISPATCH(&v) = NULL;
  roundtrip("NULL DISPATCH", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_UNKNOWN, V_UNKNOWN(&v) = NULL;
  roundtrip("NULL UNKNOWN", &v);

  LONG number = -77;
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_I4 | VT_BYREF, V_I4REF(&v) = &number;
  roundtrip("I4 by reference", &v);
  double real = 3.75;
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_R8 | VT_BYREF, V_R8REF(&v) = &real;
  roundtrip("R8 by reference", &v);
  BSTR text = SysAllocString(L"by ref");
  remember(text);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_BSTR | VT_BYREF, V_BSTRREF(&v) = &text;
  roundtrip("BSTR by reference", &v);
  VARIANT inner;
  memset(&inner, 0, sizeof inner);
  V_VT(&inner) = VT_I2, V_I2(&inner) = 321;
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_VARIANT | VT_BYREF, V_VARIANTREF(&v) = &inner;
  variant_size_at = 20;
  roundtrip("VARIANT by reference", &v);
  variant_size_at = -1;
  IUnknown* none = NULL;
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_UNKNOWN | VT_BYREF, V_UNKNOWNREF(&v) = &none;
  roundtrip("UNKNOWN by reference to NULL", &v);

  SAFEARRAY* sa = numbers();
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_ARRAY | VT_I4, V_ARRAY(&v) = sa;
  roundtrip("I4 array", &v);
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_ARRAY | VT_I4 | VT_BYREF, V_ARRAYREF(&v) = &sa;
  roundtrip("I4 array by reference", &v);
  SafeArrayDestroy(sa);
  sa = strings();
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_ARRAY | VT_BSTR, V_ARRAY(&v) = sa;
  roundtrip("BSTR array", &v);
  SafeArrayDestroy(sa);
  sa = variants();
  memset(&v, 0, sizeof v);
  V_VT(&v) = VT_ARRAY | VT_VARIANT, V_ARRAY(&v) = sa;
  roundtrip("VARIANT array", &v);
  SafeArrayDestroy(sa);

  sa = numbers();
  array_roundtrip("I4 array", sa, NULL);
  SAFEARRAY* same = numbers();
  array_roundtrip("I4 array into one of its shape", sa, same);
  SafeArrayDestroy(sa);
  sa = strings();
  array_roundtrip("BSTR vector", sa, NULL);
  SafeArrayDestroy(sa);
  sa = variants();
  array_roundtrip("VARIANT vector", sa, NULL);
  SafeArrayDestroy(sa);
  array_roundtrip("no array", NULL, NULL);

  HeapFree(GetProcessHeap(), 0, buffer);
  SysFreeString(text);
  CoUninitialize();
  return 0;
}
