// Type libraries: LoadTypeLib(Ex) of the program's own TYPELIB resource and of the library
// written to a file (the same object twice: the loader's cache), a truncated and a corrupt
// file, a missing one; ITypeLib2 (attributes, documentation, types by index and GUID, IsName,
// FindName, statistics, custom data) and every type's ITypeInfo2 (TYPEATTR, each FUNCDESC with
// its parameters and defaults, each VARDESC with constants, names, documentation, implemented
// interfaces and the types they refer to, a dual interface's two views and the functions its
// dispatch view inherits from stdole2's IDispatch, GetIDsOfNames, a module's DLL entries, custom
// data); IRecordInfo of a structure (fields through VARIANTs, copies); stdole2.tlb itself, type by type; RegisterTypeLib, QueryPathOfRegTypeLib's version
// matching, the registry keys written, LoadRegTypeLib, UnRegisterTypeLib; LHashValOfNameSys(A).
// The library is oleaut32_typelib.idl compiled by wine 8.0's widl (cases.txt).
// Links: -loleaut32 -lole32 -luuid -ladvapi32
#define COBJMACROS
#include <windows.h>
#include <oleauto.h>
#include <stdio.h>
#include <string.h>

static const GUID kLibid = {0x8c6a1d2e, 0x3f4b, 0x4a5c, {0x9d, 0x6e, 0x7f, 0x80, 0x91, 0xa2, 0xb3, 0xc4}};
static const GUID kIidCalc = {0x4f3d7b5c, 0x8e90, 0x41a2, {0x9c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93}};
static const GUID kLibDatum = {0xa0b1c2d3, 0xe4f5, 0x4607, {0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}};
static const GUID kCalcDatum = {0xb1c2d3e4, 0xf5a6, 0x4718, {0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00}};
static const GUID kAddDatum = {0xc2d3e4f5, 0xa6b7, 0x4829, {0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11}};
// With the argument "portable", what depends on the pointer width (sizes, alignments, vtable
// offsets, field offsets, SYSKIND) is left out, so that x64 and i686 print the same.
static int portable;

static const GUID kPoint = {0x3e2c6a4b, 0x7d8f, 0x4091, {0x8b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, 0x82}};
static const GUID kStdOle = {0x00020430, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

static void print_guid(const GUID* g) {
  printf("{%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", g->Data1, g->Data2, g->Data3, g->Data4[0],
         g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

static void print_bstr(const char* label, BSTR s) {
  printf(" %s=", label);
  if (!s) printf("(null)");
  else printf("\"%ls\"", s);
  SysFreeString(s);
}

static void print_type(ITypeInfo* ti, const TYPEDESC* t) {
  switch (t->vt) {
    case VT_PTR:
      printf("PTR(");
      print_type(ti, t->lptdesc);
      printf(")");
      break;
    case VT_SAFEARRAY:
      printf("SAFEARRAY(");
      print_type(ti, t->lptdesc);
      printf(")");
      break;
    case VT_CARRAY:
      printf("CARRAY(");
      print_type(ti, &t->lpadesc->tdescElem);
      for (USHORT d = 0; d < t->lpadesc->cDims; ++d)
        printf(" [%lu from %ld]", t->lpadesc->rgbounds[d].cElements, t->lpadesc->rgbounds[d].lLbound);
      printf(")");
      break;
    case VT_USERDEFINED: {
      ITypeInfo* ref = NULL;
      HRESULT hr = ITypeInfo_GetRefTypeInfo(ti, t->hreftype, &ref);
      if (hr == S_OK) {
        BSTR name = NULL;
        ITypeInfo_GetDocumentation(ref, MEMBERID_NIL, &name, NULL, NULL, NULL);
        printf("USERDEFINED(%ls)", name);
        SysFreeString(name);
        ITypeInfo_Release(ref);
      } else {
        printf("USERDEFINED(%08lx)", (unsigned long)hr);
      }
      break;
    }
    default:
      printf("%d", t->vt);
  }
}

static void print_variant(const VARIANT* v) {
  switch (V_VT(v)) {
    case VT_EMPTY: printf("EMPTY"); break;
    case VT_I2: printf("I2 %d", V_I2(v)); break;
    case VT_I4: printf("I4 %ld", V_I4(v)); break;
    case VT_INT: printf("INT %d", V_INT(v)); break;
    case VT_R8: printf("R8 %g", V_R8(v)); break;
    case VT_BSTR: printf("BSTR \"%ls\"", V_BSTR(v)); break;
    default: printf("vt %d", V_VT(v));
  }
}

static void dump_func(ITypeInfo* ti, UINT k) {
  FUNCDESC* f = NULL;
  HRESULT hr = ITypeInfo_GetFuncDesc(ti, k, &f);
  if (hr != S_OK) {
    printf("    func %u -> %08lx\n", k, (unsigned long)hr);
    return;
  }
  BSTR names[12] = {0};
  UINT count = 0;
  hr = ITypeInfo_GetNames(ti, f->memid, names, 12, &count);
  printf("    func %u memid %08lx kind %d invkind %d cc %d params %d opt %d vft %d flags %x names(%08lx)", k,
         (unsigned long)f->memid, f->funckind, f->invkind, f->callconv, f->cParams, f->cParamsOpt,
         portable ? -1 : f->oVft, f->wFuncFlags, (unsigned long)hr);
  for (UINT n = 0; n < count; ++n) {
    printf(" %ls", names[n]);
    SysFreeString(names[n]);
  }
  printf("\n      returns ");
  print_type(ti, &f->elemdescFunc.tdesc);
  printf("\n");
  for (SHORT j = 0; j < f->cParams; ++j) {
    const ELEMDESC* e = &f->lprgelemdescParam[j];
    printf("      param %d ", j);
    print_type(ti, &e->tdesc);
    printf(" flags %x", e->paramdesc.wParamFlags);
    if (e->paramdesc.wParamFlags & PARAMFLAG_FHASDEFAULT) {
      printf(" default ");
      print_variant(&e->paramdesc.pparamdescex->varDefaultValue);
    }
    printf("\n");
  }
  BSTR name = NULL, doc = NULL;
  DWORD context = 0;
  hr = ITypeInfo_GetDocumentation(ti, f->memid, &name, &doc, &context, NULL);
  printf("      documentation %08lx", (unsigned long)hr);
  print_bstr("name", name);
  print_bstr("doc", doc);
  printf(" context %lu\n", context);
  ITypeInfo_ReleaseFuncDesc(ti, f);
}

static void dump_var(ITypeInfo* ti, UINT k) {
  VARDESC* v = NULL;
  HRESULT hr = ITypeInfo_GetVarDesc(ti, k, &v);
  if (hr != S_OK) {
    printf("    var %u -> %08lx\n", k, (unsigned long)hr);
    return;
  }
  BSTR name = NULL;
  UINT count = 0;
  ITypeInfo_GetNames(ti, v->memid, &name, 1, &count);
  printf("    var %u %ls memid %08lx kind %d flags %x type ", k, name, (unsigned long)v->memid, v->varkind,
         v->wVarFlags);
  SysFreeString(name);
  print_type(ti, &v->elemdescVar.tdesc);
  if (v->varkind == VAR_CONST) {
    printf(" value ");
    print_variant(v->lpvarValue);
  } else {
    printf(" offset %ld", portable ? -1L : (long)v->oInst);
  }
  printf("\n");
  ITypeInfo_ReleaseVarDesc(ti, v);
}

static void dump_info(ITypeInfo* ti, int verbose) {
  TYPEATTR* a = NULL;
  if (ITypeInfo_GetTypeAttr(ti, &a) != S_OK) {
    printf("  no TYPEATTR\n");
    return;
  }
  BSTR name = NULL, doc = NULL;
  DWORD context = 0;
  ITypeInfo_GetDocumentation(ti, MEMBERID_NIL, &name, &doc, &context, NULL);
  printf("  %ls kind %d guid ", name, a->typekind);
  print_guid(&a->guid);
  printf(" funcs %d vars %d impls %d flags %x version %d.%d lcid %lx", a->cFuncs, a->cVars, a->cImplTypes,
         a->wTypeFlags, a->wMajorVerNum, a->wMinorVerNum, a->lcid);
  if (!portable) printf(" vft %d align %d size %lu", a->cbSizeVft, a->cbAlignment, a->cbSizeInstance);
  SysFreeString(name);
  print_bstr("doc", doc);
  printf(" context %lu", context);
  if (a->typekind == TKIND_ALIAS) {
    printf(" alias ");
    print_type(ti, &a->tdescAlias);
  }
  printf("\n");
  for (UINT k = 0; k < a->cImplTypes; ++k) {
    HREFTYPE href = 0;
    INT flags = -1;
    HRESULT hr = ITypeInfo_GetRefTypeOfImplType(ti, k, &href);
    HRESULT hf = ITypeInfo_GetImplTypeFlags(ti, k, &flags);
    ITypeInfo* ref = NULL;
    BSTR refname = NULL;
    HRESULT hi = hr == S_OK ? ITypeInfo_GetRefTypeInfo(ti, href, &ref) : hr;
    if (ref) {
      ITypeInfo_GetDocumentation(ref, MEMBERID_NIL, &refname, NULL, NULL, NULL);
      ITypeInfo_Release(ref);
    }
    printf("    implements %u: %08lx flags %08lx %d info %08lx %ls\n", k, (unsigned long)hr, (unsigned long)hf, flags,
           (unsigned long)hi, refname ? refname : L"-");
    SysFreeString(refname);
  }
  if (verbose) {
    for (UINT k = 0; k < a->cFuncs; ++k) dump_func(ti, k);
    for (UINT k = 0; k < a->cVars; ++k) dump_var(ti, k);
  }
  ITypeInfo_ReleaseTypeAttr(ti, a);
}

static void dump_library(ITypeLib* lib, int verbose) {
  TLIBATTR* la = NULL;
  ITypeLib_GetLibAttr(lib, &la);
  printf("library guid ");
  print_guid(&la->guid);
  printf(" lcid %lx syskind %d version %d.%d flags %x\n", la->lcid, portable ? -1 : (int)la->syskind,
         la->wMajorVerNum, la->wMinorVerNum, la->wLibFlags);
  ITypeLib_ReleaseTLibAttr(lib, la);
  BSTR name = NULL, doc = NULL, file = NULL;
  DWORD context = 0;
  HRESULT hr = ITypeLib_GetDocumentation(lib, -1, &name, &doc, &context, &file);
  printf("documentation %08lx", (unsigned long)hr);
  print_bstr("name", name);
  print_bstr("doc", doc);
  print_bstr("file", file);
  printf("\nhelp context %lu\n", context);
  UINT count = ITypeLib_GetTypeInfoCount(lib);
  printf("types %u\n", count);
  for (UINT i = 0; i < count; ++i) {
    TYPEKIND kind = 99;
    ITypeLib_GetTypeInfoType(lib, i, &kind);
    ITypeInfo* ti = NULL;
    HRESULT hr2 = ITypeLib_GetTypeInfo(lib, i, &ti);
    printf("type %u kind %d (%08lx)\n", i, kind, (unsigned long)hr2);
    if (ti) {
      dump_info(ti, verbose);
      ITypeInfo_Release(ti);
    }
  }
  TYPEKIND kind;
  ITypeInfo* none = NULL;
  printf("GetTypeInfoType(%u) -> %08lx, GetTypeInfo(%u) -> %08lx\n", count,
         (unsigned long)ITypeLib_GetTypeInfoType(lib, count, &kind), count,
         (unsigned long)ITypeLib_GetTypeInfo(lib, count, &none));
}

static void dual_views(ITypeLib* lib) {
  ITypeInfo* disp = NULL;
  HRESULT hr = ITypeLib_GetTypeInfoOfGuid(lib, &kIidCalc, &disp);
  printf("GetTypeInfoOfGuid(ICalc) -> %08lx\n", (unsigned long)hr);
  if (!disp) return;
  HREFTYPE href = 0;
  hr = ITypeInfo_GetRefTypeOfImplType(disp, (UINT)-1, &href);
  printf("GetRefTypeOfImplType(-1) -> %08lx %ld\n", (unsigned long)hr, (long)href);
  ITypeInfo* iface = NULL;
  hr = ITypeInfo_GetRefTypeInfo(disp, href, &iface);
  printf("the interface view -> %08lx\n", (unsigned long)hr);
  if (iface) {
    dump_info(iface, 1);
    ITypeInfo* back = NULL;
    hr = ITypeInfo_GetRefTypeInfo(iface, href, &back);
    TYPEKIND kind = 99;
    if (back) {
      ITypeInfo2* back2 = NULL;
      ITypeInfo_QueryInterface(back, &IID_ITypeInfo2, (void**)&back2);
      ITypeInfo2_GetTypeKind(back2, &kind);
      ITypeInfo2_Release(back2);
      ITypeInfo_Release(back);
    }
    printf("its other view -> %08lx kind %d\n", (unsigned long)hr, kind);
    ITypeInfo_Release(iface);
  }
  printf("the dispatch view's inherited functions:\n");
  for (UINT k = 0; k < 8; ++k) dump_func(disp, k);
  const WCHAR* names[] = {L"describe", L"TIMES", L"name"};
  MEMBERID ids[3] = {7, 7, 7};
  hr = ITypeInfo_GetIDsOfNames(disp, (LPOLESTR*)names, 2, ids);
  printf("GetIDsOfNames(describe, TIMES) -> %08lx %ld %ld\n", (unsigned long)hr, ids[0], ids[1]);
  hr = ITypeInfo_GetIDsOfNames(disp, (LPOLESTR*)names, 3, ids);
  printf("GetIDsOfNames(describe, TIMES, name) -> %08lx %ld %ld %ld\n", (unsigned long)hr, ids[0], ids[1], ids[2]);
  const WCHAR* inherited[] = {L"QueryInterface"};
  hr = ITypeInfo_GetIDsOfNames(disp, (LPOLESTR*)inherited, 1, ids);
  printf("GetIDsOfNames(QueryInterface) -> %08lx %08lx\n", (unsigned long)hr, (unsigned long)ids[0]);
  const WCHAR* unknown[] = {L"Nope"};
  hr = ITypeInfo_GetIDsOfNames(disp, (LPOLESTR*)unknown, 1, ids);
  printf("GetIDsOfNames(Nope) -> %08lx %ld\n", (unsigned long)hr, ids[0]);
  ITypeInfo2* ti2 = NULL;
  ITypeInfo_QueryInterface(disp, &IID_ITypeInfo2, (void**)&ti2);
  VARIANT v;
  VariantInit(&v);
  hr = ITypeInfo2_GetCustData(ti2, &kCalcDatum, &v);
  printf("GetCustData(ICalc) -> %08lx ", (unsigned long)hr);
  print_variant(&v);
  VariantClear(&v);
  hr = ITypeInfo2_GetCustData(ti2, &kLibDatum, &v);
  printf("\nGetCustData(another GUID) -> %08lx ", (unsigned long)hr);
  print_variant(&v);
  UINT index = 99;
  hr = ITypeInfo2_GetFuncIndexOfMemId(ti2, 1, INVOKE_FUNC, &index);
  printf("\nGetFuncIndexOfMemId(1) -> %08lx %u\n", (unsigned long)hr, index);
  hr = ITypeInfo2_GetFuncCustData(ti2, index, &kAddDatum, &v);
  printf("GetFuncCustData(Add) -> %08lx ", (unsigned long)hr);
  print_variant(&v);
  VariantClear(&v);
  hr = ITypeInfo2_GetFuncIndexOfMemId(ti2, 2, INVOKE_PROPERTYPUT, &index);
  printf("\nGetFuncIndexOfMemId(2, PROPERTYPUT) -> %08lx %u\n", (unsigned long)hr, index);
  hr = ITypeInfo2_GetFuncIndexOfMemId(ti2, 77, INVOKE_FUNC, &index);
  printf("GetFuncIndexOfMemId(77) -> %08lx\n", (unsigned long)hr);
  CUSTDATA all;
  hr = ITypeInfo2_GetAllCustData(ti2, &all);
  printf("GetAllCustData -> %08lx %lu", (unsigned long)hr, all.cCustData);
  if (all.cCustData) {
    printf(" ");
    print_guid(&all.prgCustData[0].guid);
    printf(" ");
    print_variant(&all.prgCustData[0].varValue);
  }
  printf("\n");
  ClearCustData(&all);
  TYPEKIND kind = 99;
  ULONG flags = 0;
  ITypeInfo2_GetTypeKind(ti2, &kind);
  ITypeInfo2_GetTypeFlags(ti2, &flags);
  printf("GetTypeKind %d GetTypeFlags %lx\n", kind, flags);
  BSTR dll = NULL, entry = NULL;
  WORD ordinal = 7;
  hr = ITypeInfo_GetDllEntry(disp, 1, INVOKE_FUNC, &dll, &entry, &ordinal);
  printf("GetDllEntry(not a module) -> %08lx\n", (unsigned long)hr);
  ITypeLib* owner = NULL;
  UINT at = 99;
  hr = ITypeInfo_GetContainingTypeLib(disp, &owner, &at);
  printf("GetContainingTypeLib -> %08lx same %d index %u\n", (unsigned long)hr, owner == lib, at);
  if (owner) ITypeLib_Release(owner);
  IUnknown* object = NULL;
  hr = ITypeInfo_CreateInstance(disp, NULL, &IID_IUnknown, (void**)&object);
  printf("CreateInstance(not a class) -> %08lx\n", (unsigned long)hr);
  ITypeInfo2_Release(ti2);
  ITypeInfo_Release(disp);
}

static void library_queries(ITypeLib* lib) {
  WCHAR name[32];
  BOOL found = 7;
  wcscpy(name, L"Add");
  HRESULT hr = ITypeLib_IsName(lib, name, 0, &found);
  printf("IsName(Add) -> %08lx %d %ls\n", (unsigned long)hr, found, name);
  wcscpy(name, L"weight");
  hr = ITypeLib_IsName(lib, name, 0, &found);
  printf("IsName(weight) -> %08lx %d %ls\n", (unsigned long)hr, found, name);
  wcscpy(name, L"Nothing");
  hr = ITypeLib_IsName(lib, name, 0, &found);
  printf("IsName(Nothing) -> %08lx %d\n", (unsigned long)hr, found);
  wcscpy(name, L"Point");
  ITypeInfo* infos[4] = {0};
  MEMBERID ids[4] = {0};
  USHORT count = 4;
  hr = ITypeLib_FindName(lib, name, 0, infos, ids, &count);
  printf("FindName(Point) -> %08lx %u", (unsigned long)hr, count);
  for (USHORT k = 0; k < count; ++k) {
    BSTR n = NULL;
    ITypeInfo_GetDocumentation(infos[k], MEMBERID_NIL, &n, NULL, NULL, NULL);
    printf(" %ls:%ld", n, ids[k]);
    SysFreeString(n);
    ITypeInfo_Release(infos[k]);
  }
  wcscpy(name, L"Total");
  count = 4;
  hr = ITypeLib_FindName(lib, name, 0, infos, ids, &count);
  printf("\nFindName(Total) -> %08lx %u", (unsigned long)hr, count);
  for (USHORT k = 0; k < count; ++k) {
    printf(" %ld", ids[k]);
    ITypeInfo_Release(infos[k]);
  }
  wcscpy(name, L"Missing");
  count = 4;
  hr = ITypeLib_FindName(lib, name, 0, infos, ids, &count);
  printf("\nFindName(Missing) -> %08lx %u\n", (unsigned long)hr, count);
  ITypeLib2* lib2 = NULL;
  ITypeLib_QueryInterface(lib, &IID_ITypeLib2, (void**)&lib2);
  VARIANT v;
  VariantInit(&v);
  hr = ITypeLib2_GetCustData(lib2, &kLibDatum, &v);
  printf("GetCustData(library) -> %08lx ", (unsigned long)hr);
  print_variant(&v);
  VariantClear(&v);
  hr = ITypeLib2_GetCustData(lib2, &kCalcDatum, &v);
  printf("\nGetCustData(another GUID) -> %08lx\n", (unsigned long)hr);
  BSTR help = NULL, dll = NULL;
  DWORD context = 9;
  hr = ITypeLib2_GetDocumentation2(lib2, -1, 0, &help, &context, &dll);
  printf("GetDocumentation2 -> %08lx", (unsigned long)hr);
  print_bstr("help", help);
  print_bstr("dll", dll);
  printf(" context %lu\n", context);
  ITypeComp* comp = NULL;
  hr = ITypeLib_GetTypeComp(lib, &comp);
  printf("GetTypeComp -> %08lx %d\n", (unsigned long)hr, comp != NULL);
  if (comp) ITypeComp_Release(comp);
  ITypeLib2_Release(lib2);

  // The module: its constants and its function's DLL entry.
  ITypeInfo* module = NULL;
  for (UINT i = 0; i < ITypeLib_GetTypeInfoCount(lib); ++i) {
    TYPEKIND kind;
    ITypeLib_GetTypeInfoType(lib, i, &kind);
    if (kind == TKIND_MODULE) ITypeLib_GetTypeInfo(lib, i, &module);
  }
  if (module) {
    FUNCDESC* f = NULL;
    ITypeInfo_GetFuncDesc(module, 0, &f);
    BSTR dllname = NULL, entry = NULL;
    WORD ordinal = 7;
    hr = ITypeInfo_GetDllEntry(module, f->memid, INVOKE_FUNC, &dllname, &entry, &ordinal);
    printf("GetDllEntry -> %08lx", (unsigned long)hr);
    print_bstr("dll", dllname);
    print_bstr("entry", entry);
    printf(" ordinal %u\n", ordinal);
    hr = ITypeInfo_GetDllEntry(module, f->memid, INVOKE_PROPERTYGET, &dllname, &entry, &ordinal);
    printf("GetDllEntry(PROPERTYGET) -> %08lx\n", (unsigned long)hr);
    ITypeInfo_ReleaseFuncDesc(module, f);
    ITypeInfo_Release(module);
  }
}

// IRecordInfo of the Point structure: its fields written and read through VARIANTs, copies.
static void show_field(IRecordInfo* ri, void* rec, const WCHAR* name, int clear) {
  VARIANT v;
  VariantInit(&v);
  HRESULT hr = IRecordInfo_GetField(ri, rec, name, &v);
  printf("GetField(%ls) -> %08lx ", name, (unsigned long)hr);
  print_variant(&v);
  printf("\n");
  if (clear) VariantClear(&v);
}
static void put_field(IRecordInfo* ri, void* rec, ULONG flags, const WCHAR* name, VARIANT* v) {
  HRESULT hr = IRecordInfo_PutField(ri, flags, rec, name, v);
  printf("PutField(%ls, vt %d) -> %08lx\n", name, V_VT(v), (unsigned long)hr);
}
static void records(ITypeLib* lib) {
  ITypeInfo* ti = NULL;
  ITypeLib_GetTypeInfoOfGuid(lib, &kPoint, &ti);
  IRecordInfo* ri = NULL;
  HRESULT hr = GetRecordInfoFromTypeInfo(ti, &ri);
  printf("GetRecordInfoFromTypeInfo(Point) -> %08lx\n", (unsigned long)hr);
  if (!ri) return;
  BSTR name = NULL;
  IRecordInfo_GetName(ri, &name);
  ULONG size = 0;
  IRecordInfo_GetSize(ri, &size);
  GUID g;
  IRecordInfo_GetGuid(ri, &g);
  printf("name %ls size %ld guid ", name, portable ? -1L : (long)size);
  print_guid(&g);
  printf("\n");
  SysFreeString(name);
  BSTR names[10] = {0};
  ULONG n = 10;
  hr = IRecordInfo_GetFieldNames(ri, &n, names);
  printf("GetFieldNames -> %08lx %lu:", (unsigned long)hr, n);
  for (ULONG k = 0; k < n; ++k) {
    printf(" %ls", names[k]);
    SysFreeString(names[k]);
  }
  n = 2;
  hr = IRecordInfo_GetFieldNames(ri, &n, NULL);
  printf("\nGetFieldNames(2, no names) -> %08lx %lu\n", (unsigned long)hr, n);
  void* rec = IRecordInfo_RecordCreate(ri);
  VARIANT v;
  V_VT(&v) = VT_I2;
  V_I2(&v) = 5;
  put_field(ri, rec, INVOKE_PROPERTYPUT, L"x", &v);
  V_VT(&v) = VT_BSTR;
  V_BSTR(&v) = SysAllocString(L"12");
  put_field(ri, rec, INVOKE_PROPERTYPUT, L"y", &v);
  VariantClear(&v);
  V_VT(&v) = VT_R8;
  V_R8(&v) = 2.5;
  put_field(ri, rec, INVOKE_PROPERTYPUT, L"weight", &v);
  V_VT(&v) = VT_BSTR;
  V_BSTR(&v) = SysAllocString(L"label one");
  put_field(ri, rec, INVOKE_PROPERTYPUT, L"label", &v);
  VariantClear(&v);
  V_VT(&v) = VT_I4;
  V_I4(&v) = 1;
  put_field(ri, rec, 0, L"x", &v);
  put_field(ri, rec, INVOKE_PROPERTYPUT, L"nope", &v);
  V_VT(&v) = VT_BSTR;
  V_BSTR(&v) = SysAllocString(L"abc");
  put_field(ri, rec, INVOKE_PROPERTYPUT, L"x", &v);
  VariantClear(&v);
  show_field(ri, rec, L"x", 1);
  show_field(ri, rec, L"y", 1);
  show_field(ri, rec, L"weight", 1);
  show_field(ri, rec, L"label", 0);
  show_field(ri, rec, L"X", 1);
  VARIANT ref;
  VariantInit(&ref);
  void* carray = (void*)1;
  hr = IRecordInfo_GetFieldNoCopy(ri, rec, L"weight", &ref, &carray);
  printf("GetFieldNoCopy(weight) -> %08lx vt %x into the record %d carray null %d value %g\n", (unsigned long)hr, V_VT(&ref),
         V_BYREF(&ref) == (BYTE*)rec + 8, carray == NULL, *V_R8REF(&ref));
  void* copy = NULL;
  hr = IRecordInfo_RecordCreateCopy(ri, rec, &copy);
  printf("RecordCreateCopy -> %08lx\n", (unsigned long)hr);
  show_field(ri, copy, L"label", 0);
  show_field(ri, copy, L"x", 1);
  printf("a copy of the text: %d\n", *(BSTR*)((BYTE*)copy + 16) != *(BSTR*)((BYTE*)rec + 16));
  printf("IsMatchingType(itself) %d\n", IRecordInfo_IsMatchingType(ri, ri));
  hr = IRecordInfo_RecordClear(ri, copy);
  printf("RecordClear -> %08lx label %d x %ld\n", (unsigned long)hr, *(BSTR*)((BYTE*)copy + 16) == NULL, *(LONG*)copy);
  printf("RecordDestroy -> %08lx\n", (unsigned long)IRecordInfo_RecordDestroy(ri, copy));
  printf("RecordDestroy -> %08lx\n", (unsigned long)IRecordInfo_RecordDestroy(ri, rec));
  ITypeInfo* back = NULL;
  hr = IRecordInfo_GetTypeInfo(ri, &back);
  printf("GetTypeInfo -> %08lx the type %d\n", (unsigned long)hr, back == ti);
  if (back) ITypeInfo_Release(back);
  IRecordInfo_Release(ri);
  ITypeInfo_Release(ti);
  ITypeInfo* calc = NULL;
  ITypeLib_GetTypeInfoOfGuid(lib, &kIidCalc, &calc);
  IRecordInfo* none = NULL;
  hr = GetRecordInfoFromTypeInfo(calc, &none);
  printf("GetRecordInfoFromTypeInfo(ICalc) -> %08lx\n", (unsigned long)hr);
  ITypeInfo_Release(calc);
}

static void hashes(void) {
  static const char* names[] = {"Add", "IUnknown", "wWyY/z", "a\xe9\xfc\xdf", ""};
  static const LCID lcids[] = {0x409, 0, 0x407, 0x405, 0x40d, 0x419, 0x408, 0x41f, 0x414, 0x814};
  for (unsigned n = 0; n < sizeof names / sizeof *names; ++n) {
    printf("hash \"%s\":", n == 3 ? "a-accents" : names[n]);
    for (unsigned l = 0; l < sizeof lcids / sizeof *lcids; ++l) {
      if (n == 3 && l > 2) break;  // the upper half only for the Western languages
      printf(" %08lx", LHashValOfNameSysA(SYS_WIN32, lcids[l], names[n]));
    }
    printf(" mac %08lx\n", LHashValOfNameSysA(SYS_MAC, 0x409, names[n]));
  }
  printf("hash wide \"Add\" %08lx, NULL %08lx\n", LHashValOfNameSys(SYS_WIN32, 0x409, L"Add"),
         LHashValOfNameSysA(SYS_WIN32, 0x409, NULL));
}

static BOOL write_file(const WCHAR* path, const void* data, DWORD size) {
  HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  if (h == INVALID_HANDLE_VALUE) return FALSE;
  DWORD done = 0;
  WriteFile(h, data, size, &done, NULL);
  CloseHandle(h);
  return done == size;
}

static void show_key(HKEY root, const WCHAR* path, const WCHAR* value) {
  WCHAR data[520];
  LONG size = sizeof data;
  HKEY key;
  LONG rc = RegOpenKeyExW(root, path, 0, KEY_READ, &key);
  if (rc) {
    printf("  %ls: %ld\n", path, rc);
    return;
  }
  DWORD type = 0, dsize = sizeof data;
  rc = RegQueryValueExW(key, value, NULL, &type, (BYTE*)data, &dsize);
  RegCloseKey(key);
  (void)size;
  if (rc) printf("  %ls [%ls]: %ld\n", path, value ? value : L"", rc);
  else printf("  %ls [%ls] = \"%ls\"\n", path, value ? value : L"", data);
}

static void registration(ITypeLib* lib, const WCHAR* path) {
  HRESULT hr = RegisterTypeLib(lib, (LPOLESTR)path, NULL);
  printf("RegisterTypeLib -> %08lx\n", (unsigned long)hr);
  static const WORD versions[][2] = {{1, 2}, {1, 0}, {1, 3}, {2, 0}, {0xffff, 0xffff}};
  for (unsigned k = 0; k < 5; ++k) {
    BSTR found = NULL;
    hr = QueryPathOfRegTypeLib(&kLibid, versions[k][0], versions[k][1], 0, &found);
    printf("QueryPathOfRegTypeLib(%x.%x) -> %08lx", versions[k][0], versions[k][1], (unsigned long)hr);
    if (found) printf(" the file: %d", lstrcmpiW(found, path) == 0);
    printf("\n");
    SysFreeString(found);
  }
  BSTR found = NULL;
  hr = QueryPathOfRegTypeLib(&kLibid, 1, 2, 0x407, &found);
  printf("QueryPathOfRegTypeLib(1.2, German) -> %08lx\n", (unsigned long)hr);
  SysFreeString(found);
  const WCHAR* arch = sizeof(void*) == 8 ? L"win64" : L"win32";
  WCHAR key[200];
  show_key(HKEY_CLASSES_ROOT, L"TypeLib\\{8C6A1D2E-3F4B-4A5C-9D6E-7F8091A2B3C4}\\1.2", NULL);
  show_key(HKEY_CLASSES_ROOT, L"TypeLib\\{8C6A1D2E-3F4B-4A5C-9D6E-7F8091A2B3C4}\\1.2\\FLAGS", NULL);
  swprintf(key, 200, L"TypeLib\\{8C6A1D2E-3F4B-4A5C-9D6E-7F8091A2B3C4}\\1.2\\0\\%ls", arch);
  {
    HKEY k;
    WCHAR data[520];
    DWORD size = sizeof data;
    LONG rc = RegOpenKeyExW(HKEY_CLASSES_ROOT, key, 0, KEY_READ, &k);
    if (!rc) {
      rc = RegQueryValueExW(k, NULL, NULL, NULL, (BYTE*)data, &size);
      RegCloseKey(k);
    }
    printf("  0\\%ls: %ld the file: %d\n", portable ? L"(width)" : arch, rc, rc == 0 && lstrcmpiW(data, path) == 0);
  }
  static const WCHAR* ifaces[] = {L"{4F3D7B5C-8E90-41A2-9C3D-4E5F60718293}", L"{50E48C6D-9FA1-42B3-8D4E-5F6071829304}",
                                  L"{61F59D7E-A0B2-43C4-9E5F-607182930415}"};
  for (unsigned k = 0; k < 3; ++k) {
    swprintf(key, 200, L"Interface\\%ls", ifaces[k]);
    show_key(HKEY_CLASSES_ROOT, key, NULL);
    swprintf(key, 200, L"Interface\\%ls\\ProxyStubClsid32", ifaces[k]);
    show_key(HKEY_CLASSES_ROOT, key, NULL);
    swprintf(key, 200, L"Interface\\%ls\\TypeLib", ifaces[k]);
    show_key(HKEY_CLASSES_ROOT, key, NULL);
    show_key(HKEY_CLASSES_ROOT, key, L"Version");
  }
  IRecordInfo* ri = NULL;
  hr = GetRecordInfoFromGuids(&kLibid, 1, 2, 0, &kPoint, &ri);
  printf("GetRecordInfoFromGuids(Point) -> %08lx", (unsigned long)hr);
  if (ri) {
    BSTR name = NULL;
    IRecordInfo_GetName(ri, &name);
    printf(" %ls", name);
    SysFreeString(name);
    IRecordInfo_Release(ri);
  }
  hr = GetRecordInfoFromGuids(&kLibid, 1, 2, 0, &kLibid, &ri);
  printf("\nGetRecordInfoFromGuids(not a type) -> %08lx\n", (unsigned long)hr);
  ITypeLib* again = NULL;
  hr = LoadRegTypeLib(&kLibid, 1, 2, 0, &again);
  printf("LoadRegTypeLib(1.2) -> %08lx same %d\n", (unsigned long)hr, again == lib);
  if (again) ITypeLib_Release(again);
  hr = LoadRegTypeLib(&kLibid, 1, 3, 0, &again);
  printf("LoadRegTypeLib(1.3) -> %08lx %d\n", (unsigned long)hr, again == NULL);
  hr = UnRegisterTypeLib(&kLibid, 1, 2, 0, sizeof(void*) == 8 ? SYS_WIN64 : SYS_WIN32);
  printf("UnRegisterTypeLib -> %08lx\n", (unsigned long)hr);
  hr = QueryPathOfRegTypeLib(&kLibid, 1, 2, 0, &found);
  printf("QueryPathOfRegTypeLib after -> %08lx\n", (unsigned long)hr);
  show_key(HKEY_CLASSES_ROOT, L"TypeLib\\{8C6A1D2E-3F4B-4A5C-9D6E-7F8091A2B3C4}", NULL);
  show_key(HKEY_CLASSES_ROOT, L"Interface\\{4F3D7B5C-8E90-41A2-9C3D-4E5F60718293}", NULL);
  hr = UnRegisterTypeLib(&kLibid, 1, 2, 0, sizeof(void*) == 8 ? SYS_WIN64 : SYS_WIN32);
  printf("UnRegisterTypeLib again -> %08lx\n", (unsigned long)hr);
}

// The library cut short, and with its segment directory spoilt: LoadTypeLibEx fails (wine 8.0
// reads past the end of such files and crashes: the case is checked against Microsoft's page,
// which says only that the library cannot be loaded).
static int damaged(void) {
  HRSRC rsrc = FindResourceW(NULL, MAKEINTRESOURCEW(1), L"TYPELIB");
  DWORD size = SizeofResource(NULL, rsrc);
  const BYTE* bytes = LockResource(LoadResource(NULL, rsrc));
  WCHAR dir[MAX_PATH], cut[MAX_PATH], bad[MAX_PATH];
  GetTempPathW(MAX_PATH, dir);
  swprintf(cut, MAX_PATH, L"%lsoleaut32_typelib_cut_%lu.tlb", dir, GetCurrentProcessId());
  swprintf(bad, MAX_PATH, L"%lsoleaut32_typelib_bad_%lu.tlb", dir, GetCurrentProcessId());
  static BYTE spoilt[65536];
  if (size > sizeof spoilt) return 1;
  memcpy(spoilt, bytes, size);
  memset(spoilt + 0x54, 0xff, 64);
  write_file(cut, bytes, 200);
  write_file(bad, spoilt, size);
  ITypeLib* broken = (ITypeLib*)1;
  HRESULT hr = LoadTypeLibEx(cut, REGKIND_NONE, &broken);
  printf("LoadTypeLibEx(cut short): failed %d, no library %d\n", FAILED(hr), broken == NULL);
  broken = (ITypeLib*)1;
  hr = LoadTypeLibEx(bad, REGKIND_NONE, &broken);
  printf("LoadTypeLibEx(corrupt): failed %d, no library %d\n", FAILED(hr), broken == NULL);
  DeleteFileW(cut);
  DeleteFileW(bad);
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "damaged") == 0) return damaged();
  portable = argc > 1 && strcmp(argv[1], "portable") == 0;
  if (argc > 1 && strcmp(argv[1], "records") == 0) {
    // IRecordInfo, checked against Microsoft's pages (wine 8.0's PutField fails its conversions
    // and then crashes): what depends on the pointer width left out.
    WCHAR self[MAX_PATH];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    ITypeLib* own = NULL;
    if (LoadTypeLibEx(self, REGKIND_NONE, &own) != S_OK) return 1;
    portable = 1;
    records(own);
    ITypeLib_Release(own);
    return 0;
  }
  hashes();
  ITypeLib* lib = NULL;
  HRESULT hr = LoadTypeLib(NULL, &lib);
  printf("LoadTypeLib(NULL) -> %08lx\n", (unsigned long)hr);
  hr = LoadTypeLib(L"no_such_library.tlb", &lib);
  printf("LoadTypeLib(missing) -> %08lx %d\n", (unsigned long)hr, lib == NULL);

  WCHAR exe[MAX_PATH], res[MAX_PATH + 4];
  GetModuleFileNameW(NULL, exe, MAX_PATH);
  swprintf(res, MAX_PATH + 4, L"%ls\\3", exe);
  hr = LoadTypeLibEx(res, REGKIND_NONE, &lib);
  printf("LoadTypeLibEx(exe\\3) -> %08lx\n", (unsigned long)hr);
  hr = LoadTypeLibEx(exe, REGKIND_NONE, &lib);
  printf("LoadTypeLibEx(exe) -> %08lx\n", (unsigned long)hr);
  if (hr != S_OK) return 1;
  dump_library(lib, 1);
  library_queries(lib);
  dual_views(lib);

  // The same library as a file of its own.
  HRSRC rsrc = FindResourceW(NULL, MAKEINTRESOURCEW(1), L"TYPELIB");
  DWORD size = SizeofResource(NULL, rsrc);
  const BYTE* bytes = LockResource(LoadResource(NULL, rsrc));
  WCHAR dir[MAX_PATH], file[MAX_PATH];
  GetTempPathW(MAX_PATH, dir);
  swprintf(file, MAX_PATH, L"%lsoleaut32_typelib_%lu.tlb", dir, GetCurrentProcessId());
  write_file(file, bytes, size);
  ITypeLib *from_file = NULL, *twice = NULL;
  hr = LoadTypeLibEx(file, REGKIND_NONE, &from_file);
  printf("LoadTypeLibEx(file) -> %08lx\n", (unsigned long)hr);
  hr = LoadTypeLibEx(file, REGKIND_NONE, &twice);
  printf("LoadTypeLibEx(file) again -> %08lx the same object %d\n", (unsigned long)hr, twice == from_file);
  if (twice) ITypeLib_Release(twice);
  if (from_file) {
    // The library's registry keys are the machine's: runs of this program side by side (one wine
    // prefix serves the test's references) take turns.
    HANDLE turn = CreateMutexW(NULL, FALSE, L"polyrun_oleaut32_typelib_registry");
    WaitForSingleObject(turn, INFINITE);
    registration(from_file, file);
    ReleaseMutex(turn);
    CloseHandle(turn);
    ITypeLib_Release(from_file);
  }
  DeleteFileW(file);
  ITypeLib_Release(lib);

  // stdole2.tlb.
  BSTR stdole_path = NULL;
  hr = QueryPathOfRegTypeLib(&kStdOle, 2, 0, 0, &stdole_path);
  printf("QueryPathOfRegTypeLib(stdole 2.0) -> %08lx the system's stdole2.tlb %d\n", (unsigned long)hr,
         stdole_path && wcslen(stdole_path) > 12 && lstrcmpiW(stdole_path + wcslen(stdole_path) - 12, L"\\stdole2.tlb") == 0);
  SysFreeString(stdole_path);
  ITypeLib* stdole = NULL;
  hr = LoadTypeLib(L"stdole2.tlb", &stdole);
  printf("LoadTypeLib(stdole2.tlb) -> %08lx\n", (unsigned long)hr);
  if (stdole) {
    dump_library(stdole, 1);
    ITypeLib* reg = NULL;
    hr = LoadRegTypeLib(&kStdOle, 2, 0, 0, &reg);
    printf("LoadRegTypeLib(stdole 2.0) -> %08lx same %d\n", (unsigned long)hr, reg == stdole);
    if (reg) ITypeLib_Release(reg);
    ITypeLib_Release(stdole);
  }
  return 0;
}
