// COM without COM servers: apartments (CoInitialize/CoInitializeEx/CoUninitialize, per thread, the
// multithreaded apartment shared), CoCreateInstance of a class nobody registered, CoInitializeSecurity,
// GUIDs (CoCreateGuid, StringFromGUID2, StringFromCLSID, CLSIDFromString), the task allocator's
// IMalloc, PropVariantClear, the thread's error object (GetErrorInfo/SetErrorInfo), and the helpers
// that call the program's own objects (CoSetProxyBlanket, OleSaveToStream, OleLoadFromStream,
// CreateBindCtx's bind context).
// Links: -lole32 -loleaut32 -luuid
#define COBJMACROS
#include <objbase.h>
#include <ole2.h>
#include <oleauto.h>
#include <propidl.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static const CLSID kNobody = {0x12345678, 0x9abc, 0xdef0, {1, 2, 3, 4, 5, 6, 7, 8}};
static const IID kClientSecurity = {0x0000013d, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

static void show(const char* what, HRESULT hr) { printf("%s: %08lx\n", what, (unsigned long)hr); }

static void show_guid(const char* what, const GUID* g) {
  WCHAR s[39];
  StringFromGUID2(g, s, 39);
  printf("%s: %ls\n", what, s);
}

// ---- an object of the program's own: IUnknown with a reference count, answering only IUnknown ----
typedef struct {
  IUnknownVtbl* vtbl;
  LONG refs;
  int asked_client_security;
} Counted;
static HRESULT STDMETHODCALLTYPE counted_qi(IUnknown* self, REFIID iid, void** out) {
  Counted* c = (Counted*)self;
  if (IsEqualIID(iid, &kClientSecurity)) c->asked_client_security = 1;
  if (IsEqualIID(iid, &IID_IUnknown)) {
    *out = self;
    c->refs++;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE counted_addref(IUnknown* self) { return ++((Counted*)self)->refs; }
static ULONG STDMETHODCALLTYPE counted_release(IUnknown* self) { return --((Counted*)self)->refs; }
static IUnknownVtbl counted_vtbl = {counted_qi, counted_addref, counted_release};

// ---- a stream in memory ----
typedef struct {
  IStreamVtbl* vtbl;
  BYTE data[64];
  ULONG size, pos;
} MemStream;
static HRESULT STDMETHODCALLTYPE ms_qi(IStream* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IStream) || IsEqualIID(iid, &IID_ISequentialStream)) {
    *out = self;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE ms_addref(IStream* self) { (void)self; return 1; }
static ULONG STDMETHODCALLTYPE ms_release(IStream* self) { (void)self; return 1; }
static HRESULT STDMETHODCALLTYPE ms_read(IStream* self, void* out, ULONG n, ULONG* done) {
  MemStream* s = (MemStream*)self;
  ULONG left = s->size - s->pos;
  if (n > left) n = left;
  memcpy(out, s->data + s->pos, n);
  s->pos += n;
  if (done) *done = n;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE ms_write(IStream* self, const void* in, ULONG n, ULONG* done) {
  MemStream* s = (MemStream*)self;
  if (s->pos + n > sizeof s->data) return STG_E_MEDIUMFULL;
  memcpy(s->data + s->pos, in, n);
  s->pos += n;
  if (s->pos > s->size) s->size = s->pos;
  if (done) *done = n;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE ms_seek(IStream* self, LARGE_INTEGER to, DWORD origin, ULARGE_INTEGER* now) {
  MemStream* s = (MemStream*)self;
  if (origin != STREAM_SEEK_SET) return E_NOTIMPL;
  s->pos = (ULONG)to.QuadPart;
  if (now) now->QuadPart = s->pos;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE ms_setsize(IStream* self, ULARGE_INTEGER n) { (void)self, (void)n; return E_NOTIMPL; }
static HRESULT STDMETHODCALLTYPE ms_copyto(IStream* self, IStream* to, ULARGE_INTEGER n, ULARGE_INTEGER* r, ULARGE_INTEGER* w) {
  (void)self, (void)to, (void)n, (void)r, (void)w;
  return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE ms_commit(IStream* self, DWORD f) { (void)self, (void)f; return S_OK; }
static HRESULT STDMETHODCALLTYPE ms_revert(IStream* self) { (void)self; return E_NOTIMPL; }
static HRESULT STDMETHODCALLTYPE ms_lock(IStream* self, ULARGE_INTEGER o, ULARGE_INTEGER n, DWORD t) {
  (void)self, (void)o, (void)n, (void)t;
  return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE ms_stat(IStream* self, STATSTG* st, DWORD f) { (void)self, (void)st, (void)f; return E_NOTIMPL; }
static HRESULT STDMETHODCALLTYPE ms_clone(IStream* self, IStream** out) { (void)self; *out = NULL; return E_NOTIMPL; }
static IStreamVtbl ms_vtbl = {ms_qi, ms_addref, ms_release, ms_read, ms_write, ms_seek, ms_setsize, ms_copyto,
                              ms_commit, ms_revert, ms_lock, ms_lock, ms_stat, ms_clone};

// ---- an object that saves itself to a stream ----
typedef struct {
  IPersistStreamVtbl* vtbl;
  HRESULT class_result;
  BOOL cleared_dirty;
} Persisted;
static HRESULT STDMETHODCALLTYPE ps_qi(IPersistStream* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IPersist) || IsEqualIID(iid, &IID_IPersistStream)) {
    *out = self;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE ps_addref(IPersistStream* self) { (void)self; return 1; }
static ULONG STDMETHODCALLTYPE ps_release(IPersistStream* self) { (void)self; return 1; }
static HRESULT STDMETHODCALLTYPE ps_classid(IPersistStream* self, CLSID* out) {
  *out = kNobody;
  return ((Persisted*)self)->class_result;
}
static HRESULT STDMETHODCALLTYPE ps_isdirty(IPersistStream* self) { (void)self; return S_OK; }
static HRESULT STDMETHODCALLTYPE ps_load(IPersistStream* self, IStream* s) { (void)self, (void)s; return S_OK; }
static HRESULT STDMETHODCALLTYPE ps_save(IPersistStream* self, IStream* s, BOOL clear) {
  ((Persisted*)self)->cleared_dirty = clear;
  return IStream_Write(s, "DATA", 4, NULL);
}
static HRESULT STDMETHODCALLTYPE ps_sizemax(IPersistStream* self, ULARGE_INTEGER* n) { (void)self; n->QuadPart = 4; return S_OK; }
static IPersistStreamVtbl ps_vtbl = {ps_qi, ps_addref, ps_release, ps_classid, ps_isdirty, ps_load, ps_save, ps_sizemax};

static DWORD WINAPI other_thread(void* arg) {
  (void)arg;
  IUnknown* u = (IUnknown*)1;
  // Not initialised itself, but the process has a multithreaded apartment: this thread is in it.
  show("other thread CoCreateInstance", CoCreateInstance(&kNobody, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void**)&u));
  printf("other thread object NULL: %d\n", u == NULL);
  show("other thread CoInitializeEx(STA)", CoInitializeEx(NULL, COINIT_APARTMENTTHREADED));
  show("other thread CoInitializeEx(STA) again", CoInitializeEx(NULL, COINIT_APARTMENTTHREADED));
  show("other thread CoInitializeEx(MTA)", CoInitializeEx(NULL, COINIT_MULTITHREADED));
  CoUninitialize();
  CoUninitialize();
  return 0;
}

int main(void) {
  IUnknown* u = (IUnknown*)1;
  show("CoCreateInstance before CoInitialize", CoCreateInstance(&kNobody, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void**)&u));
  printf("object NULL: %d\n", u == NULL);
  show("CoCreateInstance without out", CoCreateInstance(&kNobody, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, NULL));

  // ---- apartments ----
  show("CoInitializeEx(MTA)", CoInitializeEx(NULL, COINIT_MULTITHREADED));
  show("CoInitializeEx(MTA) again", CoInitializeEx(NULL, COINIT_MULTITHREADED));
  show("CoInitializeEx(STA)", CoInitializeEx(NULL, COINIT_APARTMENTTHREADED));
  show("CoInitialize", CoInitialize(NULL));
  HANDLE t = CreateThread(NULL, 0, other_thread, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  u = (IUnknown*)1;
  show("CoCreateInstance(INPROC_SERVER)", CoCreateInstance(&kNobody, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void**)&u));
  printf("object NULL: %d\n", u == NULL);
  u = (IUnknown*)1;
  show("CoCreateInstance(ALL)", CoCreateInstance(&kNobody, NULL, CLSCTX_ALL, &IID_IDispatch, (void**)&u));
  printf("object NULL: %d\n", u == NULL);
  show("CoInitializeSecurity", CoInitializeSecurity(NULL, -1, NULL, NULL, RPC_C_AUTHN_LEVEL_DEFAULT,
                                                     RPC_C_IMP_LEVEL_IMPERSONATE, NULL, EOAC_NONE, NULL));
  show("CoInitializeSecurity again", CoInitializeSecurity(NULL, -1, NULL, NULL, RPC_C_AUTHN_LEVEL_DEFAULT,
                                                           RPC_C_IMP_LEVEL_IMPERSONATE, NULL, EOAC_NONE, NULL));

  // ---- GUIDs ----
  GUID a, b;
  show("CoCreateGuid", CoCreateGuid(&a));
  CoCreateGuid(&b);
  printf("random GUID version %u, variant bits %u, two differ: %d\n", a.Data3 >> 12, a.Data4[0] >> 6,
         memcmp(&a, &b, sizeof a) != 0);
  show("CoCreateGuid(NULL)", CoCreateGuid(NULL));
  WCHAR text[40];
  printf("StringFromGUID2: %d\n", StringFromGUID2(&kNobody, text, 40));
  printf("  %ls\n", text);
  printf("StringFromGUID2 into 38: %d\n", StringFromGUID2(&kNobody, text, 38));
  LPOLESTR s = NULL;
  show("StringFromCLSID", StringFromCLSID(&IID_IUnknown, &s));
  printf("  %ls\n", s);
  CoTaskMemFree(s);
  CLSID c;
  show("CLSIDFromString (lower case)", CLSIDFromString(L"{12345678-9abc-def0-0102-030405060708}", &c));
  printf("  same as written: %d\n", IsEqualCLSID(&c, &kNobody));
  show("CLSIDFromString (IMalloc's)", CLSIDFromString(L"{00000002-0000-0000-C000-000000000046}", &c));
  show_guid("  read", &c);
  show("CLSIDFromString (text after)", CLSIDFromString(L"{12345678-9abc-def0-0102-030405060708}x", &c));
  show("CLSIDFromString (no braces)", CLSIDFromString(L"12345678-9abc-def0-0102-030405060708", &c));
  show("CLSIDFromString (not hex)", CLSIDFromString(L"{1234567g-9abc-def0-0102-030405060708}", &c));
  show("CLSIDFromString (short)", CLSIDFromString(L"{12345678-9abc-def0-0102-0304050607}", &c));
  show("CLSIDFromString (unknown ProgID)", CLSIDFromString(L"Polyrun.NoSuchClass.1", &c));
  show("CLSIDFromString (empty)", CLSIDFromString(L"", &c));
  show("CLSIDFromString (NULL)", CLSIDFromString(NULL, &c));
  printf("  CLSID_NULL: %d\n", IsEqualCLSID(&c, &CLSID_NULL));
  show("CLSIDFromString (no out)", CLSIDFromString(L"{12345678-9abc-def0-0102-030405060708}", NULL));

  // ---- the task allocator ----
  IMalloc* m = (IMalloc*)1;
  show("CoGetMalloc(0)", CoGetMalloc(0, &m));
  printf("  NULL: %d\n", m == NULL);
  show("CoGetMalloc(MEMCTX_TASK)", CoGetMalloc(MEMCTX_TASK, &m));
  IMalloc* again = NULL;
  CoGetMalloc(MEMCTX_TASK, &again);
  printf("  the same object: %d\n", m == again);
  void* q = NULL;
  show("IMalloc QueryInterface(IUnknown)", IMalloc_QueryInterface(m, &IID_IUnknown, &q));
  printf("  itself: %d\n", q == (void*)m);
  show("IMalloc QueryInterface(IDispatch)", IMalloc_QueryInterface(m, &IID_IDispatch, &q));
  char* block = IMalloc_Alloc(m, 16);
  int on_stack = 0;
  printf("Alloc(16): %d; DidAlloc: %d, of NULL: %d, of the stack: %d\n", block != NULL, IMalloc_DidAlloc(m, block),
         IMalloc_DidAlloc(m, NULL), IMalloc_DidAlloc(m, &on_stack));
  printf("GetSize: %ld, of NULL: %ld\n", (long)IMalloc_GetSize(m, block), (long)IMalloc_GetSize(m, NULL));
  strcpy(block, "kept");
  block = IMalloc_Realloc(m, block, 64);
  printf("Realloc(64): size %ld, \"%s\"\n", (long)IMalloc_GetSize(m, block), block);
  CoTaskMemFree(block);  // the same allocator
  block = CoTaskMemAlloc(8);
  printf("CoTaskMemAlloc's block: DidAlloc %d\n", IMalloc_DidAlloc(m, block));
  IMalloc_Free(m, block);
  block = IMalloc_Realloc(m, NULL, 8);
  printf("Realloc(NULL, 8): %d\n", block != NULL);
  printf("Realloc(block, 0): NULL %d\n", IMalloc_Realloc(m, block, 0) == NULL);
  IMalloc_HeapMinimize(m);
  IMalloc_Release(m);
  IMalloc_Release(again);

  // ---- PropVariantClear ----
  PROPVARIANT v;
  memset(&v, 0, sizeof v);
  show("PropVariantClear(VT_EMPTY)", PropVariantClear(&v));
  v.vt = VT_I4;
  v.lVal = 42;
  show("PropVariantClear(VT_I4)", PropVariantClear(&v));
  printf("  vt %u, value %ld\n", v.vt, v.lVal);
  v.vt = VT_LPWSTR;
  v.pwszVal = CoTaskMemAlloc(8);
  wcscpy(v.pwszVal, L"abc");
  show("PropVariantClear(VT_LPWSTR)", PropVariantClear(&v));
  printf("  vt %u, pointer NULL %d\n", v.vt, v.pwszVal == NULL);
  v.vt = VT_LPSTR;
  v.pszVal = CoTaskMemAlloc(4);
  strcpy(v.pszVal, "abc");
  show("PropVariantClear(VT_LPSTR)", PropVariantClear(&v));
  v.vt = VT_BSTR;
  v.bstrVal = SysAllocString(L"a BSTR");
  show("PropVariantClear(VT_BSTR)", PropVariantClear(&v));
  v.vt = VT_CLSID;
  v.puuid = CoTaskMemAlloc(sizeof(CLSID));
  *v.puuid = kNobody;
  show("PropVariantClear(VT_CLSID)", PropVariantClear(&v));
  v.vt = VT_BLOB;
  v.blob.cbSize = 3;
  v.blob.pBlobData = CoTaskMemAlloc(3);
  show("PropVariantClear(VT_BLOB)", PropVariantClear(&v));
  printf("  vt %u, size %lu\n", v.vt, v.blob.cbSize);
  v.vt = VT_VECTOR | VT_LPWSTR;
  v.calpwstr.cElems = 2;
  v.calpwstr.pElems = CoTaskMemAlloc(2 * sizeof(LPWSTR));
  v.calpwstr.pElems[0] = CoTaskMemAlloc(4);
  v.calpwstr.pElems[1] = CoTaskMemAlloc(4);
  show("PropVariantClear(VT_VECTOR|VT_LPWSTR)", PropVariantClear(&v));
  Counted held = {&counted_vtbl, 1, 0};
  v.vt = VT_UNKNOWN;
  v.punkVal = (IUnknown*)&held;
  show("PropVariantClear(VT_UNKNOWN)", PropVariantClear(&v));
  printf("  released: references %ld\n", held.refs);
  v.vt = VT_ARRAY | VT_I4;
  v.parray = NULL;
  show("PropVariantClear(VT_ARRAY|VT_I4, no array)", PropVariantClear(&v));
  v.vt = 0x7f;
  v.lVal = 5;
  show("PropVariantClear(vt 0x7f)", PropVariantClear(&v));
  printf("  vt %u, value %ld\n", v.vt, v.lVal);
  v.vt = VT_BYREF | VT_I4;
  show("PropVariantClear(VT_BYREF|VT_I4)", PropVariantClear(&v));
  show("PropVariantClear(NULL)", PropVariantClear(NULL));

  // ---- the thread's error object ----
  IErrorInfo* info = (IErrorInfo*)1;
  show("GetErrorInfo (none)", GetErrorInfo(0, &info));
  printf("  NULL: %d\n", info == NULL);
  Counted error = {&counted_vtbl, 1, 0};
  show("SetErrorInfo", SetErrorInfo(0, (IErrorInfo*)&error));
  printf("  references %ld\n", error.refs);
  show("GetErrorInfo", GetErrorInfo(0, &info));
  printf("  the object set: %d, references %ld\n", info == (IErrorInfo*)&error, error.refs);
  show("GetErrorInfo again", GetErrorInfo(0, &info));
  printf("  NULL: %d\n", info == NULL);
  SetErrorInfo(0, (IErrorInfo*)&error);
  show("SetErrorInfo(NULL)", SetErrorInfo(0, NULL));
  printf("  references %ld\n", error.refs);
  show("SetErrorInfo(reserved 1)", SetErrorInfo(1, NULL));
  show("GetErrorInfo(reserved 1)", GetErrorInfo(1, &info));
  show("GetErrorInfo(no out)", GetErrorInfo(0, NULL));

  // ---- the program's objects ----
  Counted plain = {&counted_vtbl, 1, 0};
  show("CoSetProxyBlanket (not a proxy)", CoSetProxyBlanket((IUnknown*)&plain, RPC_C_AUTHN_DEFAULT, RPC_C_AUTHZ_DEFAULT,
                                                             NULL, RPC_C_AUTHN_LEVEL_CALL, RPC_C_IMP_LEVEL_IMPERSONATE,
                                                             NULL, EOAC_NONE));
  printf("  asked for IClientSecurity: %d, references %ld\n", plain.asked_client_security, plain.refs);
  MemStream stream = {&ms_vtbl, {0}, 0, 0};
  Persisted object = {&ps_vtbl, S_OK, FALSE};
  show("OleSaveToStream", OleSaveToStream((IPersistStream*)&object, (IStream*)&stream));
  CLSID written;
  memcpy(&written, stream.data, sizeof written);
  printf("  %lu bytes, cleared dirty: %d, then \"%.4s\"\n", stream.size, object.cleared_dirty, stream.data + 16);
  show_guid("  class", &written);
  Persisted failing = {&ps_vtbl, E_FAIL, FALSE};
  show("OleSaveToStream (GetClassID fails)", OleSaveToStream((IPersistStream*)&failing, (IStream*)&stream));
  stream.pos = 0;
  u = (IUnknown*)1;
  show("OleLoadFromStream", OleLoadFromStream((IStream*)&stream, &IID_IUnknown, (void**)&u));
  printf("  object NULL: %d, the stream at %lu\n", u == NULL, stream.pos);
  MemStream shorter = {&ms_vtbl, {1, 2, 3, 4, 5, 6, 7, 8}, 8, 0};
  show("OleLoadFromStream (8 bytes)", OleLoadFromStream((IStream*)&shorter, &IID_IUnknown, (void**)&u));

  // ---- a bind context ----
  IBindCtx* bc = (IBindCtx*)1;
  show("CreateBindCtx(reserved 1)", CreateBindCtx(1, &bc));
  printf("  NULL: %d\n", bc == NULL);
  show("CreateBindCtx(no out)", CreateBindCtx(0, NULL));
  show("CreateBindCtx", CreateBindCtx(0, &bc));
  BIND_OPTS2 options;
  memset(&options, 0xcc, sizeof options);
  options.cbStruct = sizeof(BIND_OPTS);
  show("GetBindOptions(BIND_OPTS)", IBindCtx_GetBindOptions(bc, (BIND_OPTS*)&options));
  printf("  size %lu, flags %lx, mode %lx, deadline %lu\n", options.cbStruct, options.grfFlags, options.grfMode,
         options.dwTickCountDeadline);
  options.cbStruct = sizeof options;
  show("GetBindOptions(BIND_OPTS2)", IBindCtx_GetBindOptions(bc, (BIND_OPTS*)&options));
  printf("  size is BIND_OPTS2's: %d, track flags %lx, class context %#lx, locale %#lx, server info NULL %d\n",
         options.cbStruct == sizeof options, options.dwTrackFlags, options.dwClassContext, (unsigned long)options.locale,
         options.pServerInfo == NULL);
  BIND_OPTS set = {sizeof set, BIND_MAYBOTHERUSER, STGM_READ, 1000};
  show("SetBindOptions", IBindCtx_SetBindOptions(bc, &set));
  options.cbStruct = sizeof options;
  IBindCtx_GetBindOptions(bc, (BIND_OPTS*)&options);
  printf("  now flags %lx, mode %lx, deadline %lu, class context %#lx\n", options.grfFlags, options.grfMode,
         options.dwTickCountDeadline, options.dwClassContext);
  Counted bound = {&counted_vtbl, 1, 0}, other = {&counted_vtbl, 1, 0};
  show("RegisterObjectBound", IBindCtx_RegisterObjectBound(bc, (IUnknown*)&bound));
  printf("  references %ld\n", bound.refs);
  show("RevokeObjectBound (not bound)", IBindCtx_RevokeObjectBound(bc, (IUnknown*)&other));
  show("RevokeObjectBound", IBindCtx_RevokeObjectBound(bc, (IUnknown*)&bound));
  printf("  references %ld\n", bound.refs);
  IBindCtx_RegisterObjectBound(bc, (IUnknown*)&bound);
  show("ReleaseBoundObjects", IBindCtx_ReleaseBoundObjects(bc));
  printf("  references %ld\n", bound.refs);
  show("RegisterObjectParam", IBindCtx_RegisterObjectParam(bc, L"polyrun.key", (IUnknown*)&other));
  printf("  references %ld\n", other.refs);
  u = (IUnknown*)1;
  show("GetObjectParam", IBindCtx_GetObjectParam(bc, L"polyrun.key", &u));
  printf("  the object: %d, references %ld\n", u == (IUnknown*)&other, other.refs);
  IUnknown_Release(u);
  u = (IUnknown*)1;
  show("GetObjectParam (unknown key)", IBindCtx_GetObjectParam(bc, L"polyrun.other", &u));
  printf("  NULL: %d\n", u == NULL);
  show("RevokeObjectParam (unknown key)", IBindCtx_RevokeObjectParam(bc, L"polyrun.other"));
  show("RevokeObjectParam", IBindCtx_RevokeObjectParam(bc, L"polyrun.key"));
  printf("  references %ld\n", other.refs);
  void* itself = NULL;
  show("QueryInterface(IBindCtx)", IBindCtx_QueryInterface(bc, &IID_IBindCtx, &itself));
  ULONG left = IBindCtx_Release(bc);
  printf("  itself: %d, then Release: %lu\n", itself == (void*)bc, left);
  IBindCtx_RegisterObjectBound(bc, (IUnknown*)&bound);
  IBindCtx_RegisterObjectParam(bc, L"polyrun.key", (IUnknown*)&other);
  ULONG last = IBindCtx_Release(bc);
  printf("the last Release: %lu, references %ld and %ld\n", last, bound.refs, other.refs);

  // ---- leaving the apartment ----
  CoUninitialize();
  show("CoCreateInstance after one CoUninitialize", CoCreateInstance(&kNobody, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void**)&u));
  CoUninitialize();
  CoUninitialize();  // one more than CoInitializeEx succeeded: nothing
  show("CoCreateInstance after the last", CoCreateInstance(&kNobody, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void**)&u));
  stream.pos = 0;
  show("OleLoadFromStream outside an apartment", OleLoadFromStream((IStream*)&stream, &IID_IUnknown, (void**)&u));
  show("CoInitializeEx(STA) now", CoInitializeEx(NULL, COINIT_APARTMENTTHREADED));
  CoUninitialize();
  return 0;
}
