// OLEAUT32's SAFEARRAYs: SafeArrayCreate (bounds, features, element sizes), GetDim, GetElemsize,
// GetLBound/GetUBound, Put/GetElement of whole numbers, BSTRs and VARIANTs (copies in and out),
// PtrOfIndex and bad indices, AccessData, Lock/Unlock and what a lock refuses, Redim, Copy,
// CopyData, GetVartype, Set/GetIID, the vectors (CreateVector, VectorFromBstr, BstrFromVector),
// descriptors and data made apart, and VARIANTs that hold arrays (VariantCopy,
// VariantChangeType between BSTR and VT_ARRAY|VT_UI1, VariantClear).
// Links: -loleaut32 -luuid
#include <windows.h>
#include <oleauto.h>
#include <stdio.h>
#include <string.h>

static void show_sa(const char* what, SAFEARRAY* sa) {
  if (!sa) {
    printf("%s: NULL\n", what);
    return;
  }
  printf("%s: dims %u features %04x elem %lu locks %lu", what, sa->cDims, sa->fFeatures, sa->cbElements, sa->cLocks);
  for (UINT d = 1; d <= sa->cDims; ++d) {
    LONG lo = 0, hi = 0;
    SafeArrayGetLBound(sa, d, &lo);
    SafeArrayGetUBound(sa, d, &hi);
    printf(" [%ld..%ld]", lo, hi);
  }
  VARTYPE vt = 0;
  HRESULT hr = SafeArrayGetVartype(sa, &vt);
  printf(" vartype %08lx %d\n", (unsigned long)hr, vt);
}

static void numbers(void) {
  SAFEARRAYBOUND b[2] = {{3, 1}, {4, -2}};  // 3 rows from 1, 4 columns from -2
  SAFEARRAY* sa = SafeArrayCreate(VT_I4, 2, b);
  show_sa("I4 3x4", sa);
  printf("GetDim %u Elemsize %u\n", SafeArrayGetDim(sa), SafeArrayGetElemsize(sa));
  LONG lb = 0;
  printf("GetLBound(0) %08lx GetLBound(3) %08lx\n", (unsigned long)SafeArrayGetLBound(sa, 0, &lb),
         (unsigned long)SafeArrayGetLBound(sa, 3, &lb));
  for (LONG i = 1; i <= 3; ++i)
    for (LONG j = -2; j <= 1; ++j) {
      LONG idx[2] = {i, j}, v = i * 100 + j;
      HRESULT hr = SafeArrayPutElement(sa, idx, &v);
      if (hr != S_OK) printf("PutElement(%ld,%ld) %08lx\n", i, j, (unsigned long)hr);
    }
  LONG* data = NULL;
  HRESULT hr = SafeArrayAccessData(sa, (void**)&data);
  printf("AccessData %08lx locks %lu:", (unsigned long)hr, sa->cLocks);
  for (int k = 0; k < 12; ++k) printf(" %ld", data[k]);
  printf("\n");
  printf("Destroy while locked %08lx\n", (unsigned long)SafeArrayDestroy(sa));
  SAFEARRAYBOUND nb = {5, 0};
  printf("Redim while locked %08lx\n", (unsigned long)SafeArrayRedim(sa, &nb));
  hr = SafeArrayUnaccessData(sa);
  HRESULT again = SafeArrayUnaccessData(sa);
  printf("UnaccessData %08lx, again %08lx\n", (unsigned long)hr, (unsigned long)again);
  LONG idx[2] = {2, 0}, v = 0;
  hr = SafeArrayGetElement(sa, idx, &v);
  printf("GetElement(2,0) %08lx %ld\n", (unsigned long)hr, v);
  idx[0] = 4;
  hr = SafeArrayGetElement(sa, idx, &v);
  printf("GetElement(4,0) %08lx\n", (unsigned long)hr);
  idx[0] = 1;
  idx[1] = -3;
  hr = SafeArrayGetElement(sa, idx, &v);
  printf("GetElement(1,-3) %08lx\n", (unsigned long)hr);
  void* p = NULL;
  idx[0] = 3;
  idx[1] = 1;
  hr = SafeArrayPtrOfIndex(sa, idx, &p);
  printf("PtrOfIndex(3,1) %08lx offset %ld value %ld\n", (unsigned long)hr, (long)((char*)p - (char*)sa->pvData),
         *(LONG*)p);
  // Redim changes the last dimension.
  nb.cElements = 6;
  nb.lLbound = 0;
  hr = SafeArrayRedim(sa, &nb);
  show_sa("Redim to 6 columns from 0", sa);
  idx[0] = 1;
  idx[1] = 0;
  SafeArrayGetElement(sa, idx, &v);
  printf("GetElement(1,0) after Redim %ld\n", v);
  SAFEARRAY* copy = NULL;
  hr = SafeArrayCopy(sa, &copy);
  show_sa("Copy", copy);
  idx[0] = 3;
  idx[1] = 3;
  SafeArrayGetElement(copy, idx, &v);
  printf("Copy GetElement(3,3) %ld, same data %d\n", v, copy->pvData == sa->pvData);
  printf("CopyData %08lx\n", (unsigned long)SafeArrayCopyData(sa, copy));
  SAFEARRAYBOUND small = {2, 0};
  SAFEARRAY* other = SafeArrayCreate(VT_I4, 1, &small);
  printf("CopyData mismatch %08lx\n", (unsigned long)SafeArrayCopyData(sa, other));
  HRESULT d1 = SafeArrayDestroy(sa), d2 = SafeArrayDestroy(copy), d3 = SafeArrayDestroy(other);
  printf("Destroy %08lx %08lx %08lx, NULL %08lx\n", (unsigned long)d1, (unsigned long)d2, (unsigned long)d3,
         (unsigned long)SafeArrayDestroy(NULL));
  static const VARTYPE kinds[] = {VT_I1, VT_UI2, VT_R8, VT_CY, VT_DATE, VT_BOOL, VT_DECIMAL, VT_VARIANT, VT_BSTR,
                                  VT_UNKNOWN, VT_DISPATCH, VT_ERROR, VT_I8, VT_EMPTY, VT_NULL, VT_RECORD, VT_LPSTR};
  for (unsigned k = 0; k < sizeof kinds / sizeof *kinds; ++k) {
    SAFEARRAYBOUND one = {2, 0};
    SAFEARRAY* s = SafeArrayCreate(kinds[k], 1, &one);
    char what[32];
    snprintf(what, sizeof what, "Create vt %d", kinds[k]);
    if (s) {
      printf("%s: features %04x elem %lu\n", what, s->fFeatures, s->cbElements);
      if (kinds[k] == VT_UNKNOWN) {
        GUID g;
        hr = SafeArrayGetIID(s, &g);
        printf("  GetIID %08lx %08lx\n", (unsigned long)hr, g.Data1);
        hr = SafeArraySetIID(s, &IID_IDispatch);
        SafeArrayGetIID(s, &g);
        printf("  SetIID %08lx %08lx\n", (unsigned long)hr, g.Data1);
      }
      if (kinds[k] == VT_R8) {
        GUID g;
        printf("  GetIID %08lx\n", (unsigned long)SafeArrayGetIID(s, &g));
      }
      SafeArrayDestroy(s);
    } else {
      printf("%s: NULL\n", what);
    }
  }
}

static void owned(void) {
  SAFEARRAYBOUND b = {3, 0};
  SAFEARRAY* sa = SafeArrayCreate(VT_BSTR, 1, &b);
  BSTR s = SysAllocString(L"first");
  LONG i = 1;
  HRESULT hr = SafeArrayPutElement(sa, &i, s);
  BSTR* cells = (BSTR*)sa->pvData;
  printf("Put BSTR %08lx copied %d \"%ls\"\n", (unsigned long)hr, cells[1] != s, cells[1]);
  SysFreeString(s);
  BSTR got = NULL;
  hr = SafeArrayGetElement(sa, &i, &got);
  printf("Get BSTR %08lx \"%ls\" copied %d\n", (unsigned long)hr, got, got != cells[1]);
  SysFreeString(got);
  i = 0;
  got = (BSTR)1;
  hr = SafeArrayGetElement(sa, &i, &got);
  printf("Get empty BSTR %08lx null %d\n", (unsigned long)hr, got == NULL);
  SAFEARRAY* copy = NULL;
  SafeArrayCopy(sa, &copy);
  printf("Copy of BSTRs: \"%ls\" copied %d\n", ((BSTR*)copy->pvData)[1], ((BSTR*)copy->pvData)[1] != cells[1]);
  SafeArrayDestroy(copy);
  SAFEARRAYBOUND shrink = {1, 0};
  printf("Redim BSTRs to 1 %08lx\n", (unsigned long)SafeArrayRedim(sa, &shrink));
  SafeArrayDestroy(sa);

  sa = SafeArrayCreate(VT_VARIANT, 1, &b);
  VARIANT v;
  VariantInit(&v);
  V_VT(&v) = VT_BSTR;
  V_BSTR(&v) = SysAllocString(L"in a variant");
  i = 2;
  hr = SafeArrayPutElement(sa, &i, &v);
  VARIANT* vc = (VARIANT*)sa->pvData;
  printf("Put VARIANT %08lx vt %d copied %d\n", (unsigned long)hr, V_VT(&vc[2]), V_BSTR(&vc[2]) != V_BSTR(&v));
  VariantClear(&v);
  VARIANT out;
  V_VT(&out) = VT_I4;
  hr = SafeArrayGetElement(sa, &i, &out);
  printf("Get VARIANT %08lx vt %d \"%ls\"\n", (unsigned long)hr, V_VT(&out), V_BSTR(&out));
  VariantClear(&out);

  // A VARIANT holding the array.
  VARIANT holder, dup;
  VariantInit(&holder);
  VariantInit(&dup);
  V_VT(&holder) = VT_ARRAY | VT_VARIANT;
  V_ARRAY(&holder) = sa;
  hr = VariantCopy(&dup, &holder);
  printf("VariantCopy of an array %08lx vt %04x copied %d\n", (unsigned long)hr, V_VT(&dup), V_ARRAY(&dup) != sa);
  show_sa("  its array", V_ARRAY(&dup));
  HRESULT c1 = VariantClear(&dup), c2 = VariantClear(&holder);
  printf("VariantClear %08lx %08lx\n", (unsigned long)c1, (unsigned long)c2);

  // BSTR <-> array of bytes.
  VARIANT text, bytes;
  VariantInit(&text);
  VariantInit(&bytes);
  V_VT(&text) = VT_BSTR;
  V_BSTR(&text) = SysAllocStringByteLen("abc", 3);
  hr = VariantChangeType(&bytes, &text, 0, VT_ARRAY | VT_UI1);
  printf("BSTR -> ARRAY|UI1 %08lx vt %04x", (unsigned long)hr, V_VT(&bytes));
  if (hr == S_OK) {
    show_sa("", V_ARRAY(&bytes));
    VARIANT back;
    VariantInit(&back);
    hr = VariantChangeType(&back, &bytes, 0, VT_BSTR);
    printf("ARRAY|UI1 -> BSTR %08lx bytes %u\n", (unsigned long)hr, SysStringByteLen(V_BSTR(&back)));
    VariantClear(&back);
  } else {
    printf("\n");
  }
  VariantClear(&bytes);
  VariantClear(&text);
}

static void vectors(void) {
  SAFEARRAY* v = SafeArrayCreateVector(VT_I2, 5, 4);
  show_sa("Vector I2 5..8", v);
  printf("data follows the descriptor %d\n", (char*)v->pvData > (char*)v);
  HRESULT destroyed = SafeArrayDestroyData(v);
  printf("DestroyData %08lx features %04x data kept %d\n", (unsigned long)destroyed, v->fFeatures, v->pvData != NULL);
  SafeArrayDestroy(v);
  printf("CreateVector(VT_RECORD) null %d\n", SafeArrayCreateVector(VT_RECORD, 0, 1) == NULL);
  BSTR b = SysAllocString(L"hi");
  SAFEARRAY* bytes = NULL;
  HRESULT hr = VectorFromBstr(b, &bytes);
  printf("VectorFromBstr %08lx", (unsigned long)hr);
  show_sa("", bytes);
  BSTR back = NULL;
  hr = BstrFromVector(bytes, &back);
  printf("BstrFromVector %08lx \"%ls\" %u\n", (unsigned long)hr, back, SysStringByteLen(back));
  SysFreeString(back);
  SafeArrayDestroy(bytes);
  SysFreeString(b);
  SAFEARRAY* d = NULL;
  hr = SafeArrayAllocDescriptor(2, &d);
  printf("AllocDescriptor %08lx dims %u features %04x data null %d\n", (unsigned long)hr, d->cDims, d->fFeatures, d->pvData == NULL);
  d->cbElements = 8;
  d->rgsabound[0].cElements = 2;
  d->rgsabound[1].cElements = 3;
  hr = SafeArrayAllocData(d);
  printf("AllocData %08lx data %d\n", (unsigned long)hr, d->pvData != NULL);
  hr = SafeArrayDestroyData(d);
  printf("DestroyData %08lx data null %d\n", (unsigned long)hr, d->pvData == NULL);
  printf("DestroyDescriptor %08lx\n", (unsigned long)SafeArrayDestroyDescriptor(d));
  printf("AllocDescriptor(0) %08lx\n", (unsigned long)SafeArrayAllocDescriptor(0, &d));
  hr = SafeArrayAllocDescriptorEx(VT_BSTR, 1, &d);
  printf("AllocDescriptorEx(BSTR) %08lx features %04x elem %lu\n", (unsigned long)hr, d->fFeatures, d->cbElements);
  SafeArrayDestroyDescriptor(d);
  printf("Lock(NULL) %08lx GetDim(NULL) %u\n", (unsigned long)SafeArrayLock(NULL), SafeArrayGetDim(NULL));
}

int main(void) {
  numbers();
  owned();
  vectors();
  return 0;
}
