// OLE fonts: OleCreateFontIndirect and the object's IFont (the properties, the GDI font, text
// metrics, Clone, IsEqual, SetRatio, SetHdc, AddRefHfont/ReleaseHfont), notifications through both
// connection points (IPropertyNotifySink::OnChanged, IFontEventsDisp's FontChanged), IFontDisp
// (its names, the properties got and put through Invoke with conversions), IPersistStream (the
// bytes saved, a font loaded from them), IPersistPropertyBag (VB's properties read and written),
// and DllGetClassObject's StdFont and StdPicture class objects. A font's face name is the font
// GDI made of its description, which the fonts installed decide.
// Links: -loleaut32 -lole32 -luuid -lgdi32
#define COBJMACROS
#include <windows.h>
#include <ole2.h>
#include <olectl.h>
#include <stdio.h>
#include <string.h>

static void properties(const char* label, IFont* f) {
  BSTR name = NULL;
  CY size = {{0}};
  BOOL bold = 7, italic = 7, under = 7, strike = 7;
  SHORT weight = 7, charset = 7;
  HFONT h = NULL;
  IFont_get_Name(f, &name);
  IFont_get_Size(f, &size);
  IFont_get_Bold(f, &bold);
  IFont_get_Italic(f, &italic);
  IFont_get_Underline(f, &under);
  IFont_get_Strikethrough(f, &strike);
  IFont_get_Weight(f, &weight);
  IFont_get_Charset(f, &charset);
  IFont_get_hFont(f, &h);
  printf("%s: size %lld bold %d italic %d underline %d strikethrough %d weight %d charset %d hfont %d\n", label,
         size.int64, bold, italic, under, strike, weight, charset, h != NULL);
  printf("  its face name \"%ls\"\n", name);
  SysFreeString(name);
}

// ---- a sink of both kinds that prints what it is told ----
typedef struct Sink {
  IPropertyNotifySinkVtbl* notify;
  IDispatchVtbl* events;
  LONG refs;
} Sink;
static Sink* sink_of_notify(IPropertyNotifySink* s) { return (Sink*)s; }
static Sink* sink_of_events(IDispatch* d) { return (Sink*)((char*)d - sizeof(void*)); }
static const IID kIidFontEvents = {0x4ef6100a, 0xaf88, 0x11d0, {0x98, 0x46, 0x00, 0xc0, 0x4f, 0xc2, 0x99, 0x93}};

static HRESULT query(Sink* s, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IPropertyNotifySink)) *out = &s->notify;
  else if (IsEqualIID(iid, &IID_IDispatch) || IsEqualIID(iid, &kIidFontEvents)) *out = &s->events;
  else {
    *out = NULL;
    return E_NOINTERFACE;
  }
  ++s->refs;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE N_QueryInterface(IPropertyNotifySink* s, REFIID iid, void** out) {
  return query(sink_of_notify(s), iid, out);
}
static ULONG STDMETHODCALLTYPE N_AddRef(IPropertyNotifySink* s) { return ++sink_of_notify(s)->refs; }
static ULONG STDMETHODCALLTYPE N_Release(IPropertyNotifySink* s) { return --sink_of_notify(s)->refs; }
static HRESULT STDMETHODCALLTYPE N_OnChanged(IPropertyNotifySink* s, DISPID id) {
  (void)s;
  printf("  OnChanged %ld\n", id);
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE N_OnRequestEdit(IPropertyNotifySink* s, DISPID id) {
  (void)s, (void)id;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE E_QueryInterface(IDispatch* d, REFIID iid, void** out) {
  return query(sink_of_events(d), iid, out);
}
static ULONG STDMETHODCALLTYPE E_AddRef(IDispatch* d) { return ++sink_of_events(d)->refs; }
static ULONG STDMETHODCALLTYPE E_Release(IDispatch* d) { return --sink_of_events(d)->refs; }
static HRESULT STDMETHODCALLTYPE E_GetTypeInfoCount(IDispatch* d, UINT* n) {
  (void)d;
  *n = 0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE E_GetTypeInfo(IDispatch* d, UINT i, LCID l, ITypeInfo** t) {
  (void)d, (void)i, (void)l;
  *t = NULL;
  return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE E_GetIDsOfNames(IDispatch* d, REFIID iid, LPOLESTR* n, UINT c, LCID l, DISPID* ids) {
  (void)d, (void)iid, (void)n, (void)c, (void)l, (void)ids;
  return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE E_Invoke(IDispatch* d, DISPID id, REFIID iid, LCID lcid, WORD flags, DISPPARAMS* params,
                                          VARIANT* result, EXCEPINFO* e, UINT* a) {
  (void)d, (void)iid, (void)result, (void)e, (void)a;
  printf("  FontChanged: dispid %ld lcid %lu flags %u args %u", id, lcid, flags, params->cArgs);
  if (params->cArgs && V_VT(&params->rgvarg[0]) == VT_BSTR) printf(" \"%ls\"", V_BSTR(&params->rgvarg[0]));
  printf("\n");
  return S_OK;
}
static IPropertyNotifySinkVtbl kNotifyVtbl = {N_QueryInterface, N_AddRef, N_Release, N_OnChanged, N_OnRequestEdit};
static IDispatchVtbl kEventsVtbl = {E_QueryInterface, E_AddRef, E_Release, E_GetTypeInfoCount, E_GetTypeInfo,
                                    E_GetIDsOfNames, E_Invoke};

// ---- a property bag of fixed values that prints what is written to it ----
typedef struct Bag {
  IPropertyBagVtbl* lpVtbl;
} Bag;
static HRESULT STDMETHODCALLTYPE Bag_QueryInterface(IPropertyBag* b, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IPropertyBag)) {
    *out = b;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE Bag_AddRef(IPropertyBag* b) { (void)b; return 2; }
static ULONG STDMETHODCALLTYPE Bag_Release(IPropertyBag* b) { (void)b; return 1; }
static HRESULT STDMETHODCALLTYPE Bag_Read(IPropertyBag* b, LPCOLESTR name, VARIANT* v, IErrorLog* log) {
  (void)b, (void)log;
  printf("  bag read %ls\n", name);
  if (!wcscmp(name, L"Name")) V_VT(v) = VT_BSTR, V_BSTR(v) = SysAllocString(L"Courier New");
  else if (!wcscmp(name, L"Size")) V_VT(v) = VT_BSTR, V_BSTR(v) = SysAllocString(L"13.5");
  else if (!wcscmp(name, L"Weight")) V_VT(v) = VT_I4, V_I4(v) = 700;
  else if (!wcscmp(name, L"Italic")) V_VT(v) = VT_BOOL, V_BOOL(v) = VARIANT_TRUE;
  else return E_INVALIDARG;  // not in the bag
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE Bag_Write(IPropertyBag* b, LPCOLESTR name, VARIANT* v) {
  (void)b;
  VARIANT text;
  VariantInit(&text);
  VariantChangeType(&text, v, 0, VT_BSTR);
  printf("  bag write %ls: vt %d \"%ls\"\n", name, V_VT(v), V_BSTR(&text));
  VariantClear(&text);
  return S_OK;
}
static IPropertyBagVtbl kBagVtbl = {Bag_QueryInterface, Bag_AddRef, Bag_Release, Bag_Read, Bag_Write};

static void disp_calls(IFont* f) {
  IDispatch* disp = NULL;
  HRESULT hr = IFont_QueryInterface(f, &IID_IFontDisp, (void**)&disp);
  printf("IFontDisp: %08lx\n", hr);
  const WCHAR* names[] = {L"Name", L"Size", L"Bold", L"Italic", L"Underline", L"Strikethrough", L"Weight", L"Charset", L"Nothing"};
  for (int k = 0; k < 9; ++k) {
    DISPID id = -7;
    LPOLESTR n = (LPOLESTR)names[k];
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, &n, 1, 0, &id);
    printf("  id of %ls: %08lx %ld\n", names[k], hr, id);
  }
  DISPPARAMS none = {NULL, NULL, 0, 0};
  for (DISPID id = 2; id <= 8; ++id) {
    VARIANT v, text;
    VariantInit(&v);
    VariantInit(&text);
    hr = IDispatch_Invoke(disp, id, &IID_NULL, 0, DISPATCH_PROPERTYGET, &none, &v, NULL, NULL);
    VariantChangeType(&text, &v, 0, VT_BSTR);
    printf("  get %ld: %08lx vt %d \"%ls\"\n", id, hr, V_VT(&v), V_BSTR(&text));
    VariantClear(&v);
    VariantClear(&text);
  }
  VARIANT arg;
  DISPID put = DISPID_PROPERTYPUT;
  DISPPARAMS one = {&arg, &put, 1, 1};
  V_VT(&arg) = VT_BSTR, V_BSTR(&arg) = SysAllocString(L"14");
  hr = IDispatch_Invoke(disp, DISPID_FONT_SIZE, &IID_NULL, 0, DISPATCH_PROPERTYPUT, &one, NULL, NULL, NULL);
  printf("  put Size \"14\": %08lx\n", hr);
  VariantClear(&arg);
  V_VT(&arg) = VT_I4, V_I4(&arg) = 1;
  hr = IDispatch_Invoke(disp, DISPID_FONT_UNDER, &IID_NULL, 0, DISPATCH_PROPERTYPUT, &one, NULL, NULL, NULL);
  printf("  put Underline 1: %08lx\n", hr);
  V_VT(&arg) = VT_BSTR, V_BSTR(&arg) = SysAllocString(L"heavy");
  hr = IDispatch_Invoke(disp, DISPID_FONT_WEIGHT, &IID_NULL, 0, DISPATCH_PROPERTYPUT, &one, NULL, NULL, NULL);
  printf("  put Weight \"heavy\": %08lx\n", hr);
  VariantClear(&arg);
  properties("  after", f);
  VARIANT v;
  VariantInit(&v);
  hr = IDispatch_Invoke(disp, DISPID_FONT_SIZE, &IID_IDispatch, 0, DISPATCH_PROPERTYGET, &none, &v, NULL, NULL);
  printf("  with an IID: %08lx\n", hr);
  hr = IDispatch_Invoke(disp, DISPID_FONT_SIZE, &IID_NULL, 0, DISPATCH_METHOD, &none, &v, NULL, NULL);
  printf("  as a method: %08lx\n", hr);
  hr = IDispatch_Invoke(disp, DISPID_FONT_SIZE, &IID_NULL, 0, DISPATCH_PROPERTYGET, &none, NULL, NULL, NULL);
  printf("  no result: %08lx\n", hr);
  hr = IDispatch_Invoke(disp, 77, &IID_NULL, 0, DISPATCH_PROPERTYGET, &none, &v, NULL, NULL);
  printf("  member 77: %08lx\n", hr);
  IDispatch_Release(disp);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  CoInitialize(NULL);
  FONTDESC desc = {sizeof desc, (LPOLESTR)L"Courier New", {{120000, 0}}, FW_NORMAL, ANSI_CHARSET, FALSE, FALSE, FALSE};
  IFont* f = NULL;
  HRESULT hr = OleCreateFontIndirect(&desc, &IID_IFont, (void**)&f);
  printf("OleCreateFontIndirect: %08lx\n", hr);
  properties("created", f);
  {
    TEXTMETRICW tm;
    IFont_QueryTextMetrics(f, &tm);
    printf("text metrics: character height %ld weight %ld italic %d\n", tm.tmHeight - tm.tmInternalLeading,
           tm.tmWeight, tm.tmItalic);
  }

  // Notifications.
  Sink sink = {&kNotifyVtbl, &kEventsVtbl, 1};
  IConnectionPointContainer* cpc = NULL;
  IConnectionPoint *notify = NULL, *events = NULL, *other = (IConnectionPoint*)1;
  IFont_QueryInterface(f, &IID_IConnectionPointContainer, (void**)&cpc);
  printf("points: %08lx %08lx %08lx\n", IConnectionPointContainer_FindConnectionPoint(cpc, &IID_IPropertyNotifySink, &notify),
         IConnectionPointContainer_FindConnectionPoint(cpc, &kIidFontEvents, &events),
         IConnectionPointContainer_FindConnectionPoint(cpc, &IID_IDispatch, &other));
  {
    IEnumConnectionPoints* ecp = NULL;
    hr = IConnectionPointContainer_EnumConnectionPoints(cpc, &ecp);
    printf("EnumConnectionPoints: %08lx\n", hr);
    if (ecp) {
      IConnectionPoint* pts[3] = {NULL, NULL, NULL};
      ULONG got = 0;
      hr = IEnumConnectionPoints_Next(ecp, 3, pts, &got);
      printf("  points: %08lx %lu, the two found %d %d\n", hr, got, got > 0 && pts[0] == notify, got > 1 && pts[1] == events);
      for (ULONG k = 0; k < got; ++k) IConnectionPoint_Release(pts[k]);
      IEnumConnectionPoints_Release(ecp);
    }
  }
  DWORD c1 = 0, c2 = 0;
  IConnectionPoint_Advise(notify, (IUnknown*)&sink.notify, &c1);
  IConnectionPoint_Advise(events, (IUnknown*)&sink.notify, &c2);
  printf("put_Bold:\n");
  IFont_put_Bold(f, TRUE);
  printf("put_Italic:\n");
  IFont_put_Italic(f, TRUE);
  printf("put_Name:\n");
  IFont_put_Name(f, (BSTR)L"Courier New");
  printf("put_Name(NULL): %08lx\n", IFont_put_Name(f, NULL));
  printf("put_Charset:\n");
  IFont_put_Charset(f, ANSI_CHARSET);
  properties("changed", f);
  IConnectionPoint_Unadvise(notify, c1);
  IConnectionPoint_Unadvise(events, c2);
  printf("sink refs %ld\n", sink.refs);
  IConnectionPoint_Release(notify);
  IConnectionPoint_Release(events);
  IConnectionPointContainer_Release(cpc);

  // Clone, IsEqual, SetRatio, the GDI font's references.
  IFont* clone = NULL;
  hr = IFont_Clone(f, &clone);
  printf("Clone: %08lx, IsEqual %08lx\n", hr, IFont_IsEqual(f, clone));
  IFont_put_Underline(clone, TRUE);
  printf("  underlined clone: IsEqual %08lx\n", IFont_IsEqual(f, clone));
  properties("  clone", clone);
  HFONT h1 = NULL, h2 = NULL;
  IFont_get_hFont(f, &h1);
  IFont_get_hFont(clone, &h2);
  printf("  different GDI fonts %d\n", h1 != h2);
  printf("AddRefHfont: %08lx %08lx %08lx\n", IFont_AddRefHfont(f, h1), IFont_AddRefHfont(f, (HFONT)GetStockObject(SYSTEM_FONT)),
         IFont_AddRefHfont(f, NULL));
  printf("ReleaseHfont: %08lx %08lx\n", IFont_ReleaseHfont(f, h1), IFont_ReleaseHfont(f, NULL));
  printf("SetHdc: %08lx\n", IFont_SetHdc(f, NULL));
  printf("SetRatio: %08lx %08lx %08lx\n", IFont_SetRatio(clone, 0, 1), IFont_SetRatio(clone, 1, 1),
         IFont_SetRatio(clone, 72, 2540));
  properties("  clone at 72 pixels an inch", clone);
  IFont_Release(clone);

  disp_calls(f);

  // IPersistStream.
  IPersistStream* ps = NULL;
  IFont_QueryInterface(f, &IID_IPersistStream, (void**)&ps);
  CLSID clsid;
  IPersistStream_GetClassID(ps, &clsid);
  ULARGE_INTEGER max;
  IPersistStream_GetSizeMax(ps, &max);
  printf("class StdFont %d, IsDirty %08lx, size %lu\n", IsEqualCLSID(&clsid, &CLSID_StdFont), IPersistStream_IsDirty(ps),
         max.LowPart);
  IStream* s = NULL;
  CreateStreamOnHGlobal(NULL, TRUE, &s);
  hr = IPersistStream_Save(ps, s, TRUE);
  STATSTG st;
  IStream_Stat(s, &st, STATFLAG_NONAME);
  LARGE_INTEGER zero = {{0, 0}};
  IStream_Seek(s, zero, STREAM_SEEK_SET, NULL);
  BYTE bytes[64];
  ULONG got = 0;
  IStream_Read(s, bytes, sizeof bytes, &got);
  printf("Save: %08lx, %lu bytes:", hr, (ULONG)st.cbSize.QuadPart);
  for (ULONG k = 0; k < got && k < 11; ++k) printf(" %02x", bytes[k]);
  printf("\n  the face name's bytes:");
  for (ULONG k = 11; k < got; ++k) printf(" %02x", bytes[k]);
  printf("\n");
  IStream_Seek(s, zero, STREAM_SEEK_SET, NULL);
  IFont* loaded = NULL;
  OleCreateFontIndirect(NULL, &IID_IFont, (void**)&loaded);
  properties("default font", loaded);
  IPersistStream* lps = NULL;
  IFont_QueryInterface(loaded, &IID_IPersistStream, (void**)&lps);
  hr = IPersistStream_Load(lps, s);
  printf("Load: %08lx\n", hr);
  properties("loaded", loaded);
  IStream_Seek(s, zero, STREAM_SEEK_SET, NULL);
  BYTE bad = 2;
  IStream_Write(s, &bad, 1, NULL);
  IStream_Seek(s, zero, STREAM_SEEK_SET, NULL);
  printf("Load of version 2: %08lx\n", IPersistStream_Load(lps, s));
  IPersistStream_Release(lps);
  IFont_Release(loaded);
  IStream_Release(s);
  IPersistStream_Release(ps);

  // IPersistPropertyBag.
  IPersistPropertyBag* ppb = NULL;
  hr = IFont_QueryInterface(f, &IID_IPersistPropertyBag, (void**)&ppb);
  printf("IPersistPropertyBag: %08lx, InitNew %08lx\n", hr, IPersistPropertyBag_InitNew(ppb));
  Bag bag = {&kBagVtbl};
  hr = IPersistPropertyBag_Load(ppb, (IPropertyBag*)&bag, NULL);
  printf("Load: %08lx\n", hr);
  properties("from the bag", f);
  IPersistPropertyBag_Release(ppb);

  // The class objects.
  HMODULE oleaut = GetModuleHandleA("oleaut32.dll");
  HRESULT(WINAPI * get_class)(REFCLSID, REFIID, void**) = (void*)GetProcAddress(oleaut, "DllGetClassObject");
  IClassFactory* cf = NULL;
  hr = get_class(&CLSID_StdFont, &IID_IClassFactory, (void**)&cf);
  printf("DllGetClassObject(StdFont): %08lx\n", hr);
  if (cf) {
    IFont* made = NULL;
    hr = IClassFactory_CreateInstance(cf, NULL, &IID_IFont, (void**)&made);
    printf("  CreateInstance: %08lx\n", hr);
    if (made) {
      SHORT weight = 7;
      CY size;
      IFont_get_Weight(made, &weight);
      IFont_get_Size(made, &size);
      printf("  weight %d size %lld\n", weight, size.int64);
      IFont_Release(made);
    }
    IUnknown* agg = (IUnknown*)1;
    printf("  aggregated: %08lx\n", IClassFactory_CreateInstance(cf, (IUnknown*)cf, &IID_IUnknown, (void**)&agg));
    IClassFactory_Release(cf);
  }
  cf = NULL;
  hr = get_class(&CLSID_StdPicture, &IID_IClassFactory, (void**)&cf);
  printf("DllGetClassObject(StdPicture): %08lx\n", hr);
  if (cf) {
    IPicture* pic = NULL;
    hr = IClassFactory_CreateInstance(cf, NULL, &IID_IPicture, (void**)&pic);
    SHORT type = 7;
    if (pic) IPicture_get_Type(pic, &type);
    printf("  CreateInstance: %08lx type %d\n", hr, type);
    if (pic) IPicture_Release(pic);
    IClassFactory_Release(cf);
  }
  void* none = (void*)1;
  hr = get_class(&IID_IStream, &IID_IClassFactory, &none);
  printf("DllGetClassObject(another class): %08lx null %d\n", hr, none == NULL);
  printf("release: %lu\n", IFont_Release(f));
  CoUninitialize();
  return 0;
}
