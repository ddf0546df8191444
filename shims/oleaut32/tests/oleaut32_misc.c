// OLEAUT32's smaller helpers: OleTranslateColor (RGB, palette indices with and without a palette,
// system colours, bad values), GetAltMonthNames, DispGetParam (positional and named arguments,
// conversion, the argument in error), ClearCustData, DllCanUnloadNow, CreateErrorInfo's object
// (ICreateErrorInfo's setters, IErrorInfo's getters, through SetErrorInfo and GetErrorInfo), and
// BSTR_UserSize, BSTR_UserMarshal, BSTR_UserUnmarshal and BSTR_UserFree.
// Links: -loleaut32 -lole32 -luuid -lgdi32
#define COBJMACROS
#include <windows.h>
#include <oleauto.h>
#include <olectl.h>
#include <stdio.h>
#include <string.h>

static void colors(void) {
  static const OLE_COLOR values[] = {0x00123456, 0x80000005, 0x80000008, 0x8000001e, 0x8000001f, 0x01000003, 0x02123456,
                                     0x40000000, 0x03000000};
  for (unsigned k = 0; k < sizeof values / sizeof *values; ++k) {
    COLORREF c = 0x55;
    HRESULT hr = OleTranslateColor(values[k], NULL, &c);
    printf("OleTranslateColor(%08lx) -> %08lx", values[k], (unsigned long)hr);
    if (hr == S_OK && values[k] != 0x8000001e) printf(" %08lx", c);
    printf("\n");
  }
  struct {
    WORD version, count;
    PALETTEENTRY entries[4];
  } lp = {0x300, 4, {{1, 2, 3, 0}, {4, 5, 6, 0}, {7, 8, 9, 0}, {10, 11, 12, 0}}};
  HPALETTE pal = CreatePalette((LOGPALETTE*)&lp);
  COLORREF c = 0;
  HRESULT hr = OleTranslateColor(0x01000003, pal, &c);
  printf("OleTranslateColor(01000003, palette) -> %08lx %08lx\n", (unsigned long)hr, c);
  hr = OleTranslateColor(0x01000009, pal, &c);
  printf("OleTranslateColor(01000009, palette) -> %08lx\n", (unsigned long)hr);
  hr = OleTranslateColor(0x00123456, pal, &c);
  printf("OleTranslateColor(00123456, palette) -> %08lx %08lx\n", (unsigned long)hr, c);
  hr = OleTranslateColor(0x00123456, NULL, NULL);
  printf("OleTranslateColor(no out) -> %08lx\n", (unsigned long)hr);
  DeleteObject(pal);
}

static void months(void) {
  static const LCID lcids[] = {0x0409, 0x0415, 0x0419, 0x0401, 0x0c01, 0x0407};
  for (unsigned k = 0; k < sizeof lcids / sizeof *lcids; ++k) {
    LPOLESTR* names = (LPOLESTR*)1;
    HRESULT hr = GetAltMonthNames(lcids[k], &names);
    printf("GetAltMonthNames(%04lx) -> %08lx", lcids[k], (unsigned long)hr);
    if (!names) {
      printf(" NULL\n");
      continue;
    }
    int n = 0;
    while (names[n]) ++n;
    printf(" %d names:", n);
    for (int m = 0; m < n; m += 4) {
      printf(" [");
      for (const WCHAR* c = names[m]; *c; ++c) printf(*c < 128 ? "%c" : "\\u%04x", *c);
      printf("]");
    }
    printf("\n");
  }
}

static void params(void) {
  VARIANTARG args[3];
  for (int k = 0; k < 3; ++k) VariantInit(&args[k]);
  // Invoke's order: the last argument first; the named one (DISPID 7) first of all.
  V_VT(&args[0]) = VT_BSTR;
  V_BSTR(&args[0]) = SysAllocString(L"named");
  V_VT(&args[1]) = VT_BSTR;
  V_BSTR(&args[1]) = SysAllocString(L"42");
  V_VT(&args[2]) = VT_R8;
  V_R8(&args[2]) = 2.5;
  DISPID named[1] = {7};
  DISPPARAMS dp = {args, named, 3, 1};
  VARIANT out;
  UINT err = 99;
  static const struct {
    UINT position;
    VARTYPE vt;
  } asks[] = {{0, VT_I4}, {1, VT_I2}, {1, VT_BSTR}, {7, VT_BSTR}, {7, VT_I4}, {5, VT_I4}};
  for (unsigned k = 0; k < sizeof asks / sizeof *asks; ++k) {
    VariantInit(&out);
    err = 99;
    HRESULT hr = DispGetParam(&dp, asks[k].position, asks[k].vt, &out, &err);
    printf("DispGetParam(%u, vt %d) -> %08lx err %u", asks[k].position, asks[k].vt, (unsigned long)hr, err);
    if (hr == S_OK) {
      if (V_VT(&out) == VT_BSTR) printf(" \"%ls\"", V_BSTR(&out));
      else if (V_VT(&out) == VT_I4) printf(" %ld", V_I4(&out));
      else if (V_VT(&out) == VT_I2) printf(" %d", V_I2(&out));
    }
    printf("\n");
    VariantClear(&out);
  }
  for (int k = 0; k < 3; ++k) VariantClear(&args[k]);

  CUSTDATA cd;
  cd.cCustData = 2;
  cd.prgCustData = CoTaskMemAlloc(2 * sizeof(CUSTDATAITEM));
  memset(cd.prgCustData, 0, 2 * sizeof(CUSTDATAITEM));
  V_VT(&cd.prgCustData[0].varValue) = VT_BSTR;
  V_BSTR(&cd.prgCustData[0].varValue) = SysAllocString(L"custom");
  V_VT(&cd.prgCustData[1].varValue) = VT_I4;
  ClearCustData(&cd);
  printf("ClearCustData: count %lu data %d\n", cd.cCustData, cd.prgCustData != NULL);

  HRESULT(WINAPI * can_unload)(void) = (HRESULT(WINAPI*)(void))GetProcAddress(GetModuleHandleA("oleaut32.dll"), "DllCanUnloadNow");
  printf("DllCanUnloadNow -> %08lx\n", can_unload ? (unsigned long)can_unload() : 0xdeadul);
}

static void error_info(void) {
  ICreateErrorInfo* create = NULL;
  HRESULT hr = CreateErrorInfo(&create);
  printf("CreateErrorInfo -> %08lx %d\n", (unsigned long)hr, create != NULL);
  if (!create) return;
  static const GUID g = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
  ICreateErrorInfo_SetGUID(create, &g);
  ICreateErrorInfo_SetSource(create, (LPOLESTR)L"My.Source");
  ICreateErrorInfo_SetDescription(create, (LPOLESTR)L"Something failed");
  ICreateErrorInfo_SetHelpContext(create, 1234);
  IErrorInfo* info = NULL;
  hr = ICreateErrorInfo_QueryInterface(create, &IID_IErrorInfo, (void**)&info);
  printf("QueryInterface(IErrorInfo) -> %08lx\n", (unsigned long)hr);
  IUnknown* unk = NULL;
  hr = ICreateErrorInfo_QueryInterface(create, &IID_IDispatch, (void**)&unk);
  printf("QueryInterface(IDispatch) -> %08lx %d\n", (unsigned long)hr, unk != NULL);
  hr = SetErrorInfo(0, info);
  printf("SetErrorInfo -> %08lx\n", (unsigned long)hr);
  IErrorInfo_Release(info);
  info = NULL;
  hr = GetErrorInfo(0, &info);
  printf("GetErrorInfo -> %08lx %d\n", (unsigned long)hr, info != NULL);
  if (info) {
    GUID got;
    BSTR source = NULL, desc = NULL, help = (BSTR)1;
    DWORD context = 0;
    IErrorInfo_GetGUID(info, &got);
    IErrorInfo_GetSource(info, &source);
    IErrorInfo_GetDescription(info, &desc);
    IErrorInfo_GetHelpFile(info, &help);
    IErrorInfo_GetHelpContext(info, &context);
    printf("  guid %08lx source \"%ls\" description \"%ls\" help file null %d context %lu\n", got.Data1, source, desc,
           help == NULL, context);
    SysFreeString(source);
    SysFreeString(desc);
    printf("  Release -> %lu\n", IErrorInfo_Release(info));
  }
  hr = GetErrorInfo(0, &info);
  printf("GetErrorInfo again -> %08lx\n", (unsigned long)hr);
  printf("ICreateErrorInfo Release -> %lu\n", ICreateErrorInfo_Release(create));
}

// A COM object of the program's own, for the active object table.
typedef struct {
  IUnknown iface;
  LONG refs;
} Thing;
static HRESULT WINAPI Thing_QueryInterface(IUnknown* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown)) {
    *out = self;
    IUnknown_AddRef(self);
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG WINAPI Thing_AddRef(IUnknown* self) { return InterlockedIncrement(&((Thing*)self)->refs); }
static ULONG WINAPI Thing_Release(IUnknown* self) { return InterlockedDecrement(&((Thing*)self)->refs); }
static IUnknownVtbl thing_vtbl = {Thing_QueryInterface, Thing_AddRef, Thing_Release};

static void active_objects(void) {
  static const CLSID clsid = {0x7d1f5b20, 0x1111, 0x4222, {0x93, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99}};
  static const CLSID other = {0x7d1f5b20, 0x1111, 0x4222, {0x93, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x9a}};
  Thing thing = {{&thing_vtbl}, 1};
  IUnknown* found = (IUnknown*)1;
  HRESULT hr = GetActiveObject(&clsid, NULL, &found);
  printf("GetActiveObject(none) -> %08lx null %d\n", (unsigned long)hr, found == NULL);
  DWORD cookie = 0, cookie2 = 0;
  hr = RegisterActiveObject(&thing.iface, &clsid, ACTIVEOBJECT_STRONG, &cookie);
  printf("RegisterActiveObject -> %08lx cookie set %d\n", (unsigned long)hr, cookie != 0);
  hr = GetActiveObject(&clsid, NULL, &found);
  printf("GetActiveObject -> %08lx same %d\n", (unsigned long)hr, found == &thing.iface);
  if (hr == S_OK) IUnknown_Release(found);
  hr = GetActiveObject(&other, NULL, &found);
  printf("GetActiveObject(other) -> %08lx\n", (unsigned long)hr);
  hr = RegisterActiveObject(&thing.iface, &clsid, ACTIVEOBJECT_WEAK, &cookie2);
  printf("RegisterActiveObject again -> %08lx distinct %d\n", (unsigned long)hr, cookie2 != cookie);
  printf("RevokeActiveObject -> %08lx\n", (unsigned long)RevokeActiveObject(cookie, NULL));
  printf("RevokeActiveObject again -> %08lx\n", (unsigned long)RevokeActiveObject(cookie, NULL));
  printf("RevokeActiveObject(weak) -> %08lx\n", (unsigned long)RevokeActiveObject(cookie2, NULL));
  hr = GetActiveObject(&clsid, NULL, &found);
  printf("GetActiveObject(revoked) -> %08lx\n", (unsigned long)hr);
  printf("references left %ld\n", thing.refs);
}

ULONG WINAPI BSTR_UserSize(ULONG*, ULONG, BSTR*);
unsigned char* WINAPI BSTR_UserMarshal(ULONG*, unsigned char*, BSTR*);
unsigned char* WINAPI BSTR_UserUnmarshal(ULONG*, unsigned char*, BSTR*);
void WINAPI BSTR_UserFree(ULONG*, BSTR*);

static void wire(void) {
  ULONG flags = MAKELONG(MSHCTX_DIFFERENTMACHINE, NDR_LOCAL_DATA_REPRESENTATION);
  BSTR values[3];
  values[0] = SysAllocString(L"abc");
  values[1] = NULL;
  values[2] = SysAllocStringByteLen("xyz", 3);
  for (int k = 0; k < 3; ++k) {
    ULONG size = BSTR_UserSize(&flags, 1, &values[k]);
    unsigned char* buffer = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, 64);
    unsigned char* end = BSTR_UserMarshal(&flags, buffer + 1, &values[k]);
    printf("BSTR %d: size %lu, marshalled %ld bytes:", k, size, (long)(end - buffer));
    for (unsigned char* c = buffer; c < end; ++c) printf(" %02x", *c);
    printf("\n");
    BSTR back = SysAllocString(L"old");
    unsigned char* stop = BSTR_UserUnmarshal(&flags, buffer + 1, &back);
    printf("  unmarshalled %ld bytes, null %d", (long)(stop - buffer), back == NULL);
    if (back) printf(" length %u bytes %u", SysStringLen(back), SysStringByteLen(back));
    printf("\n");
    BSTR_UserFree(&flags, &back);
    HeapFree(GetProcessHeap(), 0, buffer);
    SysFreeString(values[k]);
  }
}

int main(void) {
  CoInitialize(NULL);
  colors();
  months();
  params();
  error_info();
  active_objects();
  wire();
  CoUninitialize();
  // OaBuildVersion: the major version (which follows the Windows version reported) above 0xffff.
  printf("OaBuildVersion: low word %04lx\n", (unsigned long)(OaBuildVersion() & 0xffff));
  return 0;
}
