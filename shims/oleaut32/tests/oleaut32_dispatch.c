// Calls through Automation's descriptions: DispCallFunc (plain functions of each argument and
// result type, a method through a vtable, the conventions it refuses, a stdcall function that does
// not take its arguments off the stack), ITypeInfo::Invoke through an object's IDispatch that uses
// DispInvoke and DispGetIDsOfNames with the dispatch view of oleaut32_typelib.idl's dual ICalc
// (arguments converted, named ones, DISPID_PROPERTYPUT, defaults, missing optional ones, [in, out]
// references given by value and by reference, SAFEARRAYs, VARIANTs, [vararg], [retval] of every
// kind, an interface result, a failing method's EXCEPINFO, restricted and unknown members, a
// property got with arguments that is no collection), Invoke on the interface view,
// AddressOfMember, CreateStdDispatch's object, and CreateDispTypeInfo's type of an
// INTERFACEDATA called through it. The library is oleaut32_typelib's (oleaut32_dispatch.rc).
// Links: -loleaut32 -lole32 -luuid
#define COBJMACROS
#include <windows.h>
#include <oleauto.h>
#include <stdio.h>
#include <string.h>

static const GUID kIidCalc = {0x4f3d7b5c, 0x8e90, 0x41a2, {0x9c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93}};

static void print_variant(const char* label, const VARIANT* v) {
  printf(" %s ", label);
  switch (V_VT(v)) {
    case VT_EMPTY: printf("EMPTY"); break;
    case VT_I2: printf("I2 %d", V_I2(v)); break;
    case VT_UI1: printf("UI1 %u", V_UI1(v)); break;
    case VT_I4: printf("I4 %ld", V_I4(v)); break;
    case VT_R4: printf("R4 %g", V_R4(v)); break;
    case VT_R8: printf("R8 %g", V_R8(v)); break;
    case VT_DATE: printf("DATE %g", V_DATE(v)); break;
    case VT_CY: printf("CY %lld", V_CY(v).int64); break;
    case VT_I8: printf("I8 %lld", V_I8(v)); break;
    case VT_BOOL: printf("BOOL %d", V_BOOL(v)); break;
    case VT_ERROR: printf("ERROR %08lx", V_ERROR(v)); break;
    case VT_BSTR: printf("BSTR \"%ls\"", V_BSTR(v)); break;
    case VT_DISPATCH: printf("DISPATCH %s", V_DISPATCH(v) ? "object" : "null"); break;
    case VT_DECIMAL: printf("DECIMAL lo %lu scale %d", V_DECIMAL(v).Lo32, V_DECIMAL(v).scale); break;
    default: printf("vt %d", V_VT(v)); break;
  }
}

// ---- DispCallFunc of plain functions ----

static double __cdecl mix(int a, double b, float c, LONGLONG d, short e, int f) { return a + b + c + d + e + f; }
static float __cdecl halve(float x, double y) { return (float)(x / 2 + y); }
static LONGLONG __cdecl wide(LONGLONG a, int b) { return a * b; }
static int __cdecl decimal_digits(DECIMAL d, int k) { return (int)d.Lo32 * 10 + d.scale + k; }
static int __cdecl variant_value(VARIANT v, int k) { return V_VT(&v) == VT_I4 ? V_I4(&v) + k : -1; }
static VARIANT __cdecl make_variant(int k) {
  VARIANT v;
  VariantInit(&v);
  V_VT(&v) = VT_I4;
  V_I4(&v) = k * 3;
  return v;
}
static int __stdcall add_stdcall(int a, int b) { return a - b; }
static int __cdecl add_cdecl(int a, int b) { return a + b; }
static unsigned char __cdecl low_byte(int a) { return (unsigned char)a; }
static int __cdecl seven(void) { return 7; }

static void call(const char* label, void* fn, CALLCONV cc, VARTYPE ret, UINT count, VARTYPE* vts, VARIANTARG** args) {
  VARIANT r;
  VariantInit(&r);
  V_VT(&r) = VT_EMPTY;
  HRESULT hr = DispCallFunc(NULL, (ULONG_PTR)fn, cc, ret, count, vts, args, &r);
  printf("%s: %08lx", label, hr);
  if (hr == S_OK) print_variant("result", &r);
  printf("\n");
  VariantClear(&r);
}

static void dispcallfunc(void) {
  VARIANT a[6];
  VARIANTARG* ptrs[6];
  VARTYPE vts[6];
  for (int k = 0; k < 6; ++k) {
    VariantInit(&a[k]);
    ptrs[k] = &a[k];
  }
  V_VT(&a[0]) = VT_I4, V_I4(&a[0]) = 7, vts[0] = VT_I4;
  V_VT(&a[1]) = VT_R8, V_R8(&a[1]) = 0.25, vts[1] = VT_R8;
  V_VT(&a[2]) = VT_R4, V_R4(&a[2]) = 1.5f, vts[2] = VT_R4;
  V_VT(&a[3]) = VT_I8, V_I8(&a[3]) = 1000, vts[3] = VT_I8;
  V_VT(&a[4]) = VT_I2, V_I2(&a[4]) = -3, vts[4] = VT_I2;
  V_VT(&a[5]) = VT_BOOL, V_BOOL(&a[5]) = VARIANT_TRUE, vts[5] = VT_BOOL;
  call("mix", (void*)mix, CC_CDECL, VT_R8, 6, vts, ptrs);
  call("mix as DATE", (void*)mix, CC_CDECL, VT_DATE, 6, vts, ptrs);

  V_VT(&a[0]) = VT_R4, V_R4(&a[0]) = 5.0f, vts[0] = VT_R4;
  V_VT(&a[1]) = VT_R8, V_R8(&a[1]) = 0.5, vts[1] = VT_R8;
  call("halve", (void*)halve, CC_CDECL, VT_R4, 2, vts, ptrs);

  V_VT(&a[0]) = VT_I8, V_I8(&a[0]) = 0x123456789LL, vts[0] = VT_I8;
  V_VT(&a[1]) = VT_I4, V_I4(&a[1]) = 16, vts[1] = VT_I4;
  call("wide", (void*)wide, CC_CDECL, VT_I8, 2, vts, ptrs);
  call("wide as CY", (void*)wide, CC_CDECL, VT_CY, 2, vts, ptrs);

  V_VT(&a[0]) = VT_DECIMAL;
  memset(&V_DECIMAL(&a[0]), 0, sizeof(DECIMAL));
  V_VT(&a[0]) = VT_DECIMAL;
  V_DECIMAL(&a[0]).Lo32 = 12;
  V_DECIMAL(&a[0]).scale = 2;
  vts[0] = VT_DECIMAL;
  V_VT(&a[1]) = VT_I4, V_I4(&a[1]) = 100, vts[1] = VT_I4;
  call("decimal by value", (void*)decimal_digits, CC_CDECL, VT_I4, 2, vts, ptrs);

  V_VT(&a[0]) = VT_I4, V_I4(&a[0]) = 40, vts[0] = VT_VARIANT;
  V_VT(&a[1]) = VT_I4, V_I4(&a[1]) = 2, vts[1] = VT_I4;
  call("variant by value", (void*)variant_value, CC_CDECL, VT_I4, 2, vts, ptrs);

  V_VT(&a[0]) = VT_I4, V_I4(&a[0]) = 14, vts[0] = VT_I4;
  call("variant result", (void*)make_variant, CC_CDECL, VT_VARIANT, 1, vts, ptrs);

  V_VT(&a[0]) = VT_I4, V_I4(&a[0]) = 0x1234, vts[0] = VT_I4;
  call("byte result", (void*)low_byte, CC_CDECL, VT_UI1, 1, vts, ptrs);

  V_VT(&a[0]) = VT_I4, V_I4(&a[0]) = 9, vts[0] = VT_I4;
  V_VT(&a[1]) = VT_I4, V_I4(&a[1]) = 4, vts[1] = VT_I4;
  call("stdcall", (void*)add_stdcall, CC_STDCALL, VT_I4, 2, vts, ptrs);
  call("cdecl", (void*)add_cdecl, CC_CDECL, VT_I4, 2, vts, ptrs);
  call("pascal", (void*)add_cdecl, CC_PASCAL, VT_I4, 2, vts, ptrs);
  call("HRESULT result", (void*)add_cdecl, CC_CDECL, VT_HRESULT, 2, vts, ptrs);
  call("no arguments", (void*)seven, CC_CDECL, VT_I4, 0, NULL, NULL);

  // A cdecl function called as stdcall leaves its arguments on the stack: on i386, where that
  // matters, DISP_E_BADCALLEE; x64 has one convention.
  VARIANT r;
  VariantInit(&r);
  HRESULT hr = DispCallFunc(NULL, (ULONG_PTR)add_cdecl, CC_STDCALL, VT_I4, 2, vts, ptrs, &r);
  printf("cdecl as stdcall: %s\n", hr == (sizeof(void*) == 4 ? DISP_E_BADCALLEE : S_OK) ? "as the pointer width has it" : "unexpected");
}

// ---- An object implementing the library's dual ICalc ----

typedef struct Calc Calc;
typedef struct CalcVtbl {
  HRESULT(STDMETHODCALLTYPE* QueryInterface)(Calc*, REFIID, void**);
  ULONG(STDMETHODCALLTYPE* AddRef)(Calc*);
  ULONG(STDMETHODCALLTYPE* Release)(Calc*);
  HRESULT(STDMETHODCALLTYPE* GetTypeInfoCount)(Calc*, UINT*);
  HRESULT(STDMETHODCALLTYPE* GetTypeInfo)(Calc*, UINT, LCID, ITypeInfo**);
  HRESULT(STDMETHODCALLTYPE* GetIDsOfNames)(Calc*, REFIID, LPOLESTR*, UINT, LCID, DISPID*);
  HRESULT(STDMETHODCALLTYPE* Invoke)(Calc*, DISPID, REFIID, LCID, WORD, DISPPARAMS*, VARIANT*, EXCEPINFO*, UINT*);
  HRESULT(STDMETHODCALLTYPE* Add)(Calc*, LONG, LONG, LONG*);
  HRESULT(STDMETHODCALLTYPE* get_Total)(Calc*, double*);
  HRESULT(STDMETHODCALLTYPE* put_Total)(Calc*, double);
  HRESULT(STDMETHODCALLTYPE* Describe)(Calc*, BSTR, LONG, BSTR*);
  HRESULT(STDMETHODCALLTYPE* Move)(Calc*, void*, LONG);
  HRESULT(STDMETHODCALLTYPE* Sum)(Calc*, SAFEARRAY*, double*);
  HRESULT(STDMETHODCALLTYPE* Item)(Calc*, VARIANT, VARIANT*);
  HRESULT(STDMETHODCALLTYPE* get_Name)(Calc*, BSTR*);
  HRESULT(STDMETHODCALLTYPE* Scale)(Calc*, double, LONG*);
  HRESULT(STDMETHODCALLTYPE* Many)(Calc*, SAFEARRAY*, LONG*);
  HRESULT(STDMETHODCALLTYPE* Secret)(Calc*);
  HRESULT(STDMETHODCALLTYPE* Self)(Calc*, Calc**);
} CalcVtbl;
struct Calc {
  const CalcVtbl* lpVtbl;
  LONG refs;
  double total;
  ITypeInfo* tinfo;  // the dispatch view, for its IDispatch
};

static HRESULT STDMETHODCALLTYPE Calc_QueryInterface(Calc* c, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IDispatch) || IsEqualIID(iid, &kIidCalc)) {
    *out = c;
    c->lpVtbl->AddRef(c);
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE Calc_AddRef(Calc* c) { return ++c->refs; }
static ULONG STDMETHODCALLTYPE Calc_Release(Calc* c) { return --c->refs; }
static HRESULT STDMETHODCALLTYPE Calc_GetTypeInfoCount(Calc* c, UINT* n) {
  (void)c;
  *n = 1;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_GetTypeInfo(Calc* c, UINT i, LCID lcid, ITypeInfo** out) {
  (void)i, (void)lcid;
  ITypeInfo_AddRef(c->tinfo);
  *out = c->tinfo;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_GetIDsOfNames(Calc* c, REFIID iid, LPOLESTR* names, UINT n, LCID lcid, DISPID* ids) {
  (void)iid, (void)lcid;
  return DispGetIDsOfNames(c->tinfo, names, n, ids);
}
static HRESULT STDMETHODCALLTYPE Calc_Invoke(Calc* c, DISPID id, REFIID iid, LCID lcid, WORD flags, DISPPARAMS* params,
                                             VARIANT* result, EXCEPINFO* excep, UINT* arg_err) {
  (void)iid, (void)lcid;
  return DispInvoke(c, c->tinfo, id, flags, params, result, excep, arg_err);
}
static HRESULT STDMETHODCALLTYPE Calc_Add(Calc* c, LONG a, LONG b, LONG* r) {
  (void)c;
  if (a < 0) {
    ICreateErrorInfo* create;
    IErrorInfo* error;
    CreateErrorInfo(&create);
    ICreateErrorInfo_SetDescription(create, L"negative numbers are not added");
    ICreateErrorInfo_SetSource(create, L"Calc");
    ICreateErrorInfo_SetHelpContext(create, 12);
    ICreateErrorInfo_QueryInterface(create, &IID_IErrorInfo, (void**)&error);
    SetErrorInfo(0, error);
    IErrorInfo_Release(error);
    ICreateErrorInfo_Release(create);
    return E_INVALIDARG;
  }
  *r = a + b;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_get_Total(Calc* c, double* v) {
  *v = c->total;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_put_Total(Calc* c, double v) {
  c->total = v;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_Describe(Calc* c, BSTR name, LONG times, BSTR* text) {
  (void)c;
  WCHAR buf[64];
  swprintf(buf, 64, L"%ls x%ld", name ? name : L"(null)", times);
  *text = SysAllocString(buf);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_Move(Calc* c, void* where, LONG shape) {
  (void)c, (void)where, (void)shape;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_Sum(Calc* c, SAFEARRAY* values, double* sum) {
  (void)c;
  LONG lo, hi;
  double* d;
  *sum = 0;
  if (!values || SafeArrayGetLBound(values, 1, &lo) || SafeArrayGetUBound(values, 1, &hi)) return E_INVALIDARG;
  SafeArrayAccessData(values, (void**)&d);
  for (LONG k = 0; k <= hi - lo; ++k) *sum += d[k];
  SafeArrayUnaccessData(values);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_Item(Calc* c, VARIANT index, VARIANT* value) {
  (void)c;
  WCHAR buf[64];
  if (V_VT(&index) == VT_BSTR) swprintf(buf, 64, L"item %ls", V_BSTR(&index));
  else swprintf(buf, 64, L"item of type %d", V_VT(&index));
  V_VT(value) = VT_BSTR;
  V_BSTR(value) = SysAllocString(buf);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_get_Name(Calc* c, BSTR* name) {
  (void)c;
  *name = SysAllocString(L"calc");
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_Scale(Calc* c, double factor, LONG* value) {
  (void)c;
  *value = (LONG)(*value * factor);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_Many(Calc* c, SAFEARRAY* args, LONG* count) {
  (void)c;
  LONG lo = 0, hi = -1;
  VARIANT* v;
  SafeArrayGetLBound(args, 1, &lo);
  SafeArrayGetUBound(args, 1, &hi);
  printf("  Many got %ld:", hi - lo + 1);
  SafeArrayAccessData(args, (void**)&v);
  for (LONG k = 0; k <= hi - lo; ++k) print_variant("", &v[k]);
  SafeArrayUnaccessData(args);
  printf("\n");
  *count = hi - lo + 1;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_Secret(Calc* c) {
  (void)c;
  printf("  Secret called\n");
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Calc_Self(Calc* c, Calc** me) {
  c->lpVtbl->AddRef(c);
  *me = c;
  return S_OK;
}
static const CalcVtbl kCalcVtbl = {Calc_QueryInterface, Calc_AddRef,   Calc_Release,   Calc_GetTypeInfoCount,
                                   Calc_GetTypeInfo,    Calc_GetIDsOfNames, Calc_Invoke, Calc_Add,
                                   Calc_get_Total,      Calc_put_Total, Calc_Describe,  Calc_Move,
                                   Calc_Sum,            Calc_Item,      Calc_get_Name,  Calc_Scale,
                                   Calc_Many,           Calc_Secret,    Calc_Self};

// IDispatch::Invoke of `disp` with `count` arguments given in their order (reversed into
// DISPPARAMS), `named` of them named by `ids`, printing the HRESULT, the result and EXCEPINFO.
static void invoke(IDispatch* disp, const char* label, DISPID id, WORD flags, VARIANT* args, UINT count, DISPID* ids,
                   UINT named) {
  VARIANT rev[8], result;
  EXCEPINFO excep;
  UINT arg_err = 77;
  for (UINT k = 0; k < count; ++k) rev[k] = args[count - 1 - k];
  DISPPARAMS params = {rev, ids, count, named};
  VariantInit(&result);
  memset(&excep, 0, sizeof excep);
  HRESULT hr = IDispatch_Invoke(disp, id, &IID_NULL, LOCALE_USER_DEFAULT, flags, &params, &result, &excep, &arg_err);
  printf("%s: %08lx", label, hr);
  print_variant("result", &result);
  if (hr == DISP_E_EXCEPTION)
    printf(" scode %08lx source \"%ls\" description \"%ls\" help %lu", excep.scode, excep.bstrSource,
           excep.bstrDescription, excep.dwHelpContext);
  printf("\n");
  for (UINT k = 0; k < count; ++k) args[k] = rev[count - 1 - k];
  SysFreeString(excep.bstrSource);
  SysFreeString(excep.bstrDescription);
  SysFreeString(excep.bstrHelpFile);
  VariantClear(&result);
}

static void set_i4(VARIANT* v, LONG n) {
  VariantInit(v);
  V_VT(v) = VT_I4;
  V_I4(v) = n;
}
static void set_bstr(VARIANT* v, const WCHAR* s) {
  VariantInit(v);
  V_VT(v) = VT_BSTR;
  V_BSTR(v) = SysAllocString(s);
}
static void set_r8(VARIANT* v, double d) {
  VariantInit(v);
  V_VT(v) = VT_R8;
  V_R8(v) = d;
}

static void ids_of(IDispatch* disp, const WCHAR* a, const WCHAR* b) {
  LPOLESTR names[2] = {(LPOLESTR)a, (LPOLESTR)b};
  DISPID ids[2] = {-7, -7};
  HRESULT hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, names, b ? 2 : 1, LOCALE_USER_DEFAULT, ids);
  printf("ids of %ls%s%ls: %08lx %ld %ld\n", a, b ? "," : "", b ? b : L"", hr, ids[0], b ? ids[1] : 0);
}

static void calls(IDispatch* disp, Calc* calc) {
  VARIANT a[4];
  DISPID put = DISPID_PROPERTYPUT, times_id = 1;

  ids_of(disp, L"add", NULL);
  ids_of(disp, L"Describe", L"TIMES");
  ids_of(disp, L"Describe", L"nothing");
  ids_of(disp, L"Missing", NULL);

  set_i4(&a[0], 2), set_i4(&a[1], 3);
  invoke(disp, "Add(2, 3)", 1, DISPATCH_METHOD, a, 2, NULL, 0);
  invoke(disp, "Add(2, 3) as method or property", 1, DISPATCH_METHOD | DISPATCH_PROPERTYGET, a, 2, NULL, 0);
  set_bstr(&a[0], L"40"), set_r8(&a[1], 2.6);
  invoke(disp, "Add(\"40\", 2.6)", 1, DISPATCH_METHOD, a, 2, NULL, 0);
  VariantClear(&a[0]);
  set_bstr(&a[0], L"forty"), set_i4(&a[1], 1);
  invoke(disp, "Add(\"forty\", 1)", 1, DISPATCH_METHOD, a, 2, NULL, 0);
  VariantClear(&a[0]);
  set_i4(&a[0], 2);
  invoke(disp, "Add(2)", 1, DISPATCH_METHOD, a, 1, NULL, 0);
  set_i4(&a[0], 1), set_i4(&a[1], 2), set_i4(&a[2], 3);
  invoke(disp, "Add(1, 2, 3)", 1, DISPATCH_METHOD, a, 3, NULL, 0);
  set_i4(&a[0], -1), set_i4(&a[1], 2);
  invoke(disp, "Add(-1, 2)", 1, DISPATCH_METHOD, a, 2, NULL, 0);
  invoke(disp, "Add as property put", 1, DISPATCH_PROPERTYPUT, a, 2, &put, 1);

  set_r8(&a[0], 2.5);
  invoke(disp, "Total = 2.5", 2, DISPATCH_PROPERTYPUT, a, 1, &put, 1);
  printf("  total %g\n", calc->total);
  invoke(disp, "Total", 2, DISPATCH_PROPERTYGET, a, 0, NULL, 0);
  set_bstr(&a[0], L"7.25");
  invoke(disp, "Total = \"7.25\"", 2, DISPATCH_PROPERTYPUT, a, 1, &put, 1);
  VariantClear(&a[0]);
  printf("  total %g\n", calc->total);
  set_r8(&a[0], 1);
  invoke(disp, "Total = 1 without the named DISPID", 2, DISPATCH_PROPERTYPUT, a, 1, NULL, 0);
  printf("  total %g\n", calc->total);

  set_bstr(&a[0], L"pony");
  invoke(disp, "Describe(\"pony\")", 3, DISPATCH_METHOD, a, 1, NULL, 0);
  set_i4(&a[1], 2);
  invoke(disp, "Describe(\"pony\", 2)", 3, DISPATCH_METHOD, a, 2, NULL, 0);
  // Named: DISPPARAMS holds named arguments first.
  {
    VARIANT named[2];
    set_i4(&named[0], 5);
    named[1] = a[0];
    DISPPARAMS params = {named, &times_id, 2, 1};
    VARIANT result;
    VariantInit(&result);
    HRESULT hr = IDispatch_Invoke(disp, 3, &IID_NULL, 0, DISPATCH_METHOD, &params, &result, NULL, NULL);
    printf("Describe(\"pony\", times:=5): %08lx", hr);
    print_variant("result", &result);
    printf("\n");
    VariantClear(&result);
  }
  VariantInit(&a[1]);
  V_VT(&a[1]) = VT_ERROR;
  V_ERROR(&a[1]) = DISP_E_PARAMNOTFOUND;
  invoke(disp, "Describe(\"pony\", missing)", 3, DISPATCH_METHOD, a, 2, NULL, 0);
  VariantClear(&a[0]);
  invoke(disp, "Describe()", 3, DISPATCH_METHOD, a, 0, NULL, 0);

  // [in, out] long*: a reference given, and a value (which gets the result back).
  LONG value = 21;
  set_r8(&a[0], 2);
  VariantInit(&a[1]);
  V_VT(&a[1]) = VT_I4 | VT_BYREF;
  V_I4REF(&a[1]) = &value;
  invoke(disp, "Scale(2, &21)", 7, DISPATCH_METHOD, a, 2, NULL, 0);
  printf("  value %ld\n", value);
  set_i4(&a[1], 5);
  invoke(disp, "Scale(2, 5)", 7, DISPATCH_METHOD, a, 2, NULL, 0);
  print_variant("  argument now", &a[1]);
  printf("\n");
  set_bstr(&a[1], L"6");
  invoke(disp, "Scale(2, \"6\")", 7, DISPATCH_METHOD, a, 2, NULL, 0);
  print_variant("  argument now", &a[1]);
  printf("\n");
  VariantClear(&a[1]);

  {
    SAFEARRAY* sa = SafeArrayCreateVector(VT_R8, 0, 3);
    double* d;
    SafeArrayAccessData(sa, (void**)&d);
    d[0] = 1.5, d[1] = 2.5, d[2] = 4;
    SafeArrayUnaccessData(sa);
    VariantInit(&a[0]);
    V_VT(&a[0]) = VT_ARRAY | VT_R8;
    V_ARRAY(&a[0]) = sa;
    invoke(disp, "Sum([1.5, 2.5, 4])", 5, DISPATCH_METHOD, a, 1, NULL, 0);
    VariantClear(&a[0]);
  }
  set_bstr(&a[0], L"k");
  invoke(disp, "Item(\"k\")", 0, DISPATCH_METHOD, a, 1, NULL, 0);
  VariantClear(&a[0]);
  set_i4(&a[0], 3);
  invoke(disp, "Item(3)", 0, DISPATCH_METHOD, a, 1, NULL, 0);
  invoke(disp, "Name", 6, DISPATCH_PROPERTYGET, a, 0, NULL, 0);
  invoke(disp, "Name(3)", 6, DISPATCH_PROPERTYGET, a, 1, NULL, 0);

  set_i4(&a[0], 1), set_bstr(&a[1], L"two"), set_r8(&a[2], 3);
  invoke(disp, "Many(1, \"two\", 3)", 8, DISPATCH_METHOD, a, 3, NULL, 0);
  invoke(disp, "Many()", 8, DISPATCH_METHOD, a, 0, NULL, 0);
  invoke(disp, "Many(named)", 8, DISPATCH_METHOD, a, 1, &times_id, 1);
  VariantClear(&a[1]);

  invoke(disp, "Secret", 9, DISPATCH_METHOD, a, 0, NULL, 0);
  invoke(disp, "member 99", 99, DISPATCH_METHOD, a, 0, NULL, 0);
  invoke(disp, "GetTypeInfoCount", 0x60010000, DISPATCH_METHOD, a, 0, NULL, 0);
  {
    VARIANT result;
    VariantInit(&result);
    DISPPARAMS params = {NULL, NULL, 0, 0};
    HRESULT hr = IDispatch_Invoke(disp, 10, &IID_NULL, 0, DISPATCH_METHOD, &params, &result, NULL, NULL);
    printf("Self: %08lx", hr);
    print_variant("result", &result);
    printf(" same object %d refs %ld\n", V_VT(&result) == VT_DISPATCH && (void*)V_DISPATCH(&result) == (void*)calc,
           calc->refs);
    if (V_VT(&result) == VT_DISPATCH) {
      set_i4(&a[0], 20), set_i4(&a[1], 22);
      invoke(V_DISPATCH(&result), "Self's Add(20, 22)", 1, DISPATCH_METHOD, a, 2, NULL, 0);
    }
    VariantClear(&result);
    printf("  refs %ld\n", calc->refs);
    hr = IDispatch_Invoke(disp, 1, &IID_NULL, 0, DISPATCH_METHOD, NULL, &result, NULL, NULL);
    printf("no DISPPARAMS: %08lx\n", hr);
    DISPPARAMS wrong = {a, &times_id, 1, 2};
    hr = IDispatch_Invoke(disp, 1, &IID_NULL, 0, DISPATCH_METHOD, &wrong, &result, NULL, NULL);
    printf("more named than arguments: %08lx\n", hr);
  }
}

// ---- CreateDispTypeInfo's type over a plain vtable ----

typedef struct Plain Plain;
typedef struct PlainVtbl {
  HRESULT(STDMETHODCALLTYPE* QueryInterface)(Plain*, REFIID, void**);
  ULONG(STDMETHODCALLTYPE* AddRef)(Plain*);
  ULONG(STDMETHODCALLTYPE* Release)(Plain*);
  LONG(STDMETHODCALLTYPE* Twice)(Plain*, LONG);
  double(STDMETHODCALLTYPE* Half)(Plain*, double);
  BSTR(STDMETHODCALLTYPE* Greet)(Plain*, BSTR, short);
} PlainVtbl;
struct Plain {
  const PlainVtbl* lpVtbl;
};
static HRESULT STDMETHODCALLTYPE Plain_QueryInterface(Plain* p, REFIID iid, void** out) {
  (void)iid;
  *out = p;
  return S_OK;
}
static ULONG STDMETHODCALLTYPE Plain_AddRef(Plain* p) { (void)p; return 2; }
static ULONG STDMETHODCALLTYPE Plain_Release(Plain* p) { (void)p; return 1; }
static LONG STDMETHODCALLTYPE Plain_Twice(Plain* p, LONG n) { (void)p; return 2 * n; }
static double STDMETHODCALLTYPE Plain_Half(Plain* p, double d) { (void)p; return d / 2; }
static BSTR STDMETHODCALLTYPE Plain_Greet(Plain* p, BSTR who, short n) {
  (void)p;
  WCHAR buf[64];
  swprintf(buf, 64, L"hello %ls %d", who, n);
  return SysAllocString(buf);
}
static const PlainVtbl kPlainVtbl = {Plain_QueryInterface, Plain_AddRef, Plain_Release, Plain_Twice, Plain_Half, Plain_Greet};

static void disp_type_info(void) {
  static PARAMDATA twice_params[] = {{L"n", VT_I4}};
  static PARAMDATA half_params[] = {{L"d", VT_R8}};
  static PARAMDATA greet_params[] = {{L"who", VT_BSTR}, {L"count", VT_I2}};
  static METHODDATA methods[] = {
      {L"Twice", twice_params, 10, 3, CC_STDCALL, 1, DISPATCH_METHOD, VT_I4},
      {L"Half", half_params, 11, 4, CC_STDCALL, 1, DISPATCH_METHOD, VT_R8},
      {L"Greet", greet_params, 12, 5, CC_STDCALL, 2, DISPATCH_METHOD, VT_BSTR},
  };
  INTERFACEDATA data = {methods, 3};
  ITypeInfo *ti = NULL, *iface = NULL;
  HRESULT hr = CreateDispTypeInfo(&data, LOCALE_SYSTEM_DEFAULT, &ti);
  printf("CreateDispTypeInfo: %08lx\n", hr);
  if (hr != S_OK) return;
  TYPEATTR* attr;
  ITypeInfo_GetTypeAttr(ti, &attr);
  printf("  class: kind %d funcs %d impls %d lcid %04lx\n", attr->typekind, attr->cFuncs, attr->cImplTypes, attr->lcid);
  ITypeInfo_ReleaseTypeAttr(ti, attr);
  HREFTYPE href;
  hr = ITypeInfo_GetRefTypeOfImplType(ti, 0, &href);
  if (hr == S_OK) hr = ITypeInfo_GetRefTypeInfo(ti, href, &iface);
  printf("  its interface: %08lx\n", hr);
  if (hr == S_OK) {
    ITypeInfo_GetTypeAttr(iface, &attr);
    printf("  interface: kind %d funcs %d impls %d\n", attr->typekind, attr->cFuncs, attr->cImplTypes);
    ITypeInfo_ReleaseTypeAttr(iface, attr);
    for (UINT k = 0; k < 3; ++k) {
      FUNCDESC* fd;
      if (ITypeInfo_GetFuncDesc(iface, k, &fd) != S_OK) continue;
      BSTR names[4] = {0};
      UINT n = 0;
      ITypeInfo_GetNames(iface, fd->memid, names, 4, &n);
      printf("  func %u memid %ld kind %d invkind %d cc %d params %d vft %d/ptr ret %d:", k, fd->memid, fd->funckind,
             fd->invkind, fd->callconv, fd->cParams, fd->oVft / (int)sizeof(void*), fd->elemdescFunc.tdesc.vt);
      for (UINT j = 0; j < n; ++j) printf(" %ls", names[j]), SysFreeString(names[j]);
      for (SHORT j = 0; j < fd->cParams; ++j) printf(" [%d]", fd->lprgelemdescParam[j].tdesc.vt);
      printf("\n");
      ITypeInfo_ReleaseFuncDesc(iface, fd);
    }
    LPOLESTR name = (LPOLESTR)L"half";
    DISPID id = 0;
    hr = ITypeInfo_GetIDsOfNames(iface, &name, 1, &id);
    printf("  ids of half: %08lx %ld\n", hr, id);
  }
  static Plain plain = {&kPlainVtbl};
  IUnknown* unk = NULL;
  hr = CreateStdDispatch(NULL, &plain, ti, &unk);
  printf("CreateStdDispatch over it: %08lx\n", hr);
  if (hr == S_OK) {
    IDispatch* disp;
    IUnknown_QueryInterface(unk, &IID_IDispatch, (void**)&disp);
    VARIANT a[2];
    set_i4(&a[0], 21);
    invoke(disp, "Twice(21)", 10, DISPATCH_METHOD, a, 1, NULL, 0);
    set_bstr(&a[0], L"9");
    invoke(disp, "Half(\"9\")", 11, DISPATCH_METHOD, a, 1, NULL, 0);
    VariantClear(&a[0]);
    set_bstr(&a[0], L"there");
    set_i4(&a[1], 3);
    invoke(disp, "Greet(\"there\", 3)", 12, DISPATCH_METHOD, a, 2, NULL, 0);
    VariantClear(&a[0]);
    IDispatch_Release(disp);
    IUnknown_Release(unk);
  }
  if (iface) ITypeInfo_Release(iface);
  ITypeInfo_Release(ti);
}

// ---- ITypeComp: a type info's and the library's ----

static void print_bound(const char* label, HRESULT hr, ITypeInfo* ti, DESCKIND kind, BINDPTR* bp) {
  printf("bind %s: %08lx kind %d", label, hr, kind);
  if (ti) {
    BSTR name = NULL;
    ITypeInfo_GetDocumentation(ti, MEMBERID_NIL, &name, NULL, NULL, NULL);
    printf(" in %ls", name);
    SysFreeString(name);
  }
  if (kind == DESCKIND_FUNCDESC) {
    printf(" func memid %ld kind %d invkind %d params %d", bp->lpfuncdesc->memid, bp->lpfuncdesc->funckind,
           bp->lpfuncdesc->invkind, bp->lpfuncdesc->cParams);
    ITypeInfo_ReleaseFuncDesc(ti, bp->lpfuncdesc);
  } else if (kind == DESCKIND_VARDESC || kind == DESCKIND_IMPLICITAPPOBJ) {
    printf(" var memid %ld kind %d type %d", bp->lpvardesc->memid, bp->lpvardesc->varkind,
           bp->lpvardesc->elemdescVar.tdesc.vt);
    if (bp->lpvardesc->varkind == VAR_CONST) print_variant("value", bp->lpvardesc->lpvarValue);
    ITypeInfo_ReleaseVarDesc(ti, bp->lpvardesc);
  } else if (kind == DESCKIND_TYPECOMP) {
    printf(" a type's ITypeComp");
    ITypeComp_Release(bp->lptcomp);
  }
  printf("\n");
  if (ti) ITypeInfo_Release(ti);
}

static void bind_name(ITypeComp* comp, const char* label, const WCHAR* name, WORD flags) {
  ITypeInfo* ti = NULL;
  DESCKIND kind = (DESCKIND)77;
  BINDPTR bp;
  bp.lpfuncdesc = NULL;
  HRESULT hr = ITypeComp_Bind(comp, (LPOLESTR)name, LHashValOfNameSys(SYS_WIN32, LOCALE_USER_DEFAULT, name), flags,
                              &ti, &kind, &bp);
  print_bound(label, hr, ti, kind, &bp);
}

static void type_comps(ITypeLib* lib, ITypeInfo* dispatch_view, ITypeInfo* iface_view) {
  ITypeComp* comp = NULL;
  ITypeInfo_GetTypeComp(dispatch_view, &comp);
  bind_name(comp, "add (dispatch view)", L"add", 0);
  bind_name(comp, "Total to put", L"Total", INVOKE_PROPERTYPUT);
  bind_name(comp, "Add to get", L"Add", INVOKE_PROPERTYGET);
  bind_name(comp, "QueryInterface (dispatch view)", L"QueryInterface", 0);
  bind_name(comp, "nothing", L"nothing", 0);
  ITypeInfo* ti = (ITypeInfo*)1;
  ITypeComp* sub = (ITypeComp*)1;
  HRESULT hr = ITypeComp_BindType(comp, (LPOLESTR)L"ICalc", 0, &ti, &sub);
  printf("bind type on a type info: %08lx %d %d\n", hr, ti == NULL, sub == NULL);
  ITypeComp_Release(comp);
  ITypeInfo_GetTypeComp(iface_view, &comp);
  bind_name(comp, "QueryInterface (interface view)", L"QueryInterface", 0);
  bind_name(comp, "Scale (interface view)", L"SCALE", INVOKE_FUNC);
  ITypeComp_Release(comp);

  ITypeLib_GetTypeComp(lib, &comp);
  bind_name(comp, "Answer", L"Answer", 0);
  bind_name(comp, "ratio", L"ratio", 0);
  bind_name(comp, "SampleFunction", L"SampleFunction", INVOKE_FUNC);
  bind_name(comp, "SampleFunction to get", L"SampleFunction", INVOKE_PROPERTYGET);
  bind_name(comp, "Constants", L"Constants", 0);
  bind_name(comp, "Square", L"Square", 0);
  bind_name(comp, "Shape", L"Shape", 0);
  bind_name(comp, "Add", L"Add", 0);
  ti = NULL;
  sub = NULL;
  hr = ITypeComp_BindType(comp, (LPOLESTR)L"icalc", 0, &ti, &sub);
  printf("bind type icalc: %08lx\n", hr);
  print_bound("type icalc's", S_OK, ti, sub ? DESCKIND_TYPECOMP : DESCKIND_NONE, (BINDPTR*)&sub);
  ti = (ITypeInfo*)1;
  hr = ITypeComp_BindType(comp, (LPOLESTR)L"Nothing", 0, &ti, &sub);
  printf("bind type Nothing: %08lx %d %d\n", hr, ti == NULL, sub == NULL);
  ITypeComp_Release(comp);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  dispcallfunc();

  ITypeLib* lib = NULL;
  WCHAR path[MAX_PATH];
  GetModuleFileNameW(NULL, path, MAX_PATH);
  HRESULT hr = LoadTypeLibEx(path, REGKIND_NONE, &lib);
  printf("LoadTypeLibEx: %08lx\n", hr);
  if (hr != S_OK) return 1;
  ITypeInfo *dispatch_view = NULL, *iface_view = NULL;
  hr = ITypeLib_GetTypeInfoOfGuid(lib, &kIidCalc, &dispatch_view);
  HREFTYPE href;
  ITypeInfo_GetRefTypeOfImplType(dispatch_view, -1, &href);
  ITypeInfo_GetRefTypeInfo(dispatch_view, href, &iface_view);

  Calc calc = {&kCalcVtbl, 1, 0, dispatch_view};
  printf("-- through the object's IDispatch (DispInvoke, the dispatch view)\n");
  calls((IDispatch*)&calc, &calc);
  printf("-- the interface view's Invoke\n");
  {
    VARIANT a[2], result;
    set_i4(&a[0], 4), set_i4(&a[1], 5);
    VARIANT rev[2] = {a[1], a[0]};
    DISPPARAMS params = {rev, NULL, 2, 0};
    VariantInit(&result);
    hr = ITypeInfo_Invoke(iface_view, &calc, 1, DISPATCH_METHOD, &params, &result, NULL, NULL);
    printf("Add(4, 5): %08lx", hr);
    print_variant("result", &result);
    printf("\n");
    hr = DispInvoke(&calc, iface_view, 6, DISPATCH_PROPERTYGET, &params, &result, NULL, NULL);
    printf("DispInvoke Name with two arguments: %08lx\n", hr);
  }
  printf("-- CreateStdDispatch over the interface view\n");
  {
    IUnknown* unk = NULL;
    hr = CreateStdDispatch(NULL, &calc, iface_view, &unk);
    printf("CreateStdDispatch: %08lx\n", hr);
    printf("bad arguments: %08lx %08lx %08lx\n", CreateStdDispatch(NULL, NULL, iface_view, &unk),
           CreateStdDispatch(NULL, &calc, NULL, &unk), CreateStdDispatch(NULL, &calc, iface_view, NULL));
    IDispatch* disp = NULL;
    hr = IUnknown_QueryInterface(unk, &IID_IDispatch, (void**)&disp);
    void* other = (void*)1;
    HRESULT hr2 = IUnknown_QueryInterface(unk, &kIidCalc, &other);
    printf("QueryInterface IDispatch %08lx same %d, ICalc %08lx null %d\n", hr, (void*)disp == (void*)unk, hr2, other == NULL);
    UINT count = 0;
    ITypeInfo* got = NULL;
    IDispatch_GetTypeInfoCount(disp, &count);
    hr = IDispatch_GetTypeInfo(disp, 0, 0, &got);
    printf("type infos %u; 0: %08lx same %d", count, hr, got == iface_view);
    if (got) ITypeInfo_Release(got);
    got = (ITypeInfo*)1;
    hr = IDispatch_GetTypeInfo(disp, 1, 0, &got);
    printf("; 1: %08lx null %d\n", hr, got == NULL);
    LPOLESTR name = (LPOLESTR)L"Add";
    DISPID id = -7;
    hr = IDispatch_GetIDsOfNames(disp, &IID_IDispatch, &name, 1, 0, &id);
    printf("GetIDsOfNames with an IID: %08lx\n", hr);
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &name, 1, 0, &id);
    printf("GetIDsOfNames: %08lx %ld\n", hr, id);
    VARIANT a[2];
    set_i4(&a[0], 30), set_i4(&a[1], 12);
    invoke(disp, "Add(30, 12)", 1, DISPATCH_METHOD, a, 2, NULL, 0);
    DISPPARAMS params = {a, NULL, 2, 0};
    hr = IDispatch_Invoke(disp, 1, &IID_IDispatch, 0, DISPATCH_METHOD, &params, NULL, NULL, NULL);
    printf("Invoke with an IID: %08lx\n", hr);
    IDispatch_Release(disp);
    printf("released: %lu\n", IUnknown_Release(unk));
  }
  printf("-- AddressOfMember\n");
  {
    ITypeInfo* module = NULL;
    static const GUID kModule = {0x83b7bf90, 0xc2d4, 0x45e6, {0xb0, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0x26, 0x37}};
    void* address = (void*)1;
    ITypeLib_GetTypeInfoOfGuid(lib, &kModule, &module);
    FUNCDESC* fd;
    ITypeInfo_GetFuncDesc(module, 0, &fd);
    hr = ITypeInfo_AddressOfMember(module, fd->memid, INVOKE_FUNC, &address);
    printf("module function in a DLL that is not there: %08lx %s\n", hr, address == (void*)1 ? "untouched" : address ? "set" : "null");
    ITypeInfo_ReleaseFuncDesc(module, fd);
    address = (void*)1;
    hr = ITypeInfo_AddressOfMember(iface_view, 1, INVOKE_FUNC, &address);
    printf("interface: %08lx %s\n", hr, address == (void*)1 ? "untouched" : address ? "set" : "null");
    ITypeInfo_Release(module);
  }
  printf("-- ITypeComp\n");
  type_comps(lib, dispatch_view, iface_view);
  printf("-- CreateDispTypeInfo\n");
  disp_type_info();
  ITypeInfo_Release(iface_view);
  ITypeInfo_Release(dispatch_view);
  ITypeLib_Release(lib);
  return 0;
}
