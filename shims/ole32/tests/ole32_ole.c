// OLE's helpers: running state through IRunnableObject (OleIsRunning, OleRun, OleLockRunning,
// OleSetContainedObject, OleNoteObjectVisible), persistence of the program's object in a storage
// (OleSave, OleLoad, CoGetInstanceFromIStorage), the registry's user types, misc status and
// auto-convert classes, what a data object offers (OleQueryCreateFromData, OleQueryLinkFromData),
// drop targets, accelerators and menu descriptors, and the advise holders.
// Links: -lole32 -loleaut32 -luuid -ladvapi32 -luser32
#define _WIN32_WINNT 0x0A00
#define COBJMACROS
#include <objbase.h>
#include <objidl.h>
#include <ole2.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

static void show(const char* what, HRESULT hr) { printf("%s: %08lx\n", what, (unsigned long)hr); }

static const CLSID kClass = {0x7a1c9e50, 0x51d2, 0x4c1b, {0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}};
static const CLSID kNewer = {0x7a1c9e51, 0x51d2, 0x4c1b, {0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}};

// ---- an object with IRunnableObject and IPersistStorage ----
typedef struct {
  IRunnableObject runnable;
  IPersistStorage persist;
  LONG refs;
  BOOL running, contained;
  int locks, loads, saves;
} Thing;
static Thing* from_runnable(IRunnableObject* r) { return (Thing*)r; }
static Thing* from_persist(IPersistStorage* s) { return (Thing*)((char*)s - offsetof(Thing, persist)); }
static HRESULT thing_qi(Thing* t, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IRunnableObject)) *out = &t->runnable;
  else if (IsEqualIID(iid, &IID_IPersistStorage) || IsEqualIID(iid, &IID_IPersist)) *out = &t->persist;
  else {
    *out = NULL;
    return E_NOINTERFACE;
  }
  t->refs++;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE r_qi(IRunnableObject* self, REFIID iid, void** out) {
  return thing_qi(from_runnable(self), iid, out);
}
static ULONG STDMETHODCALLTYPE r_addref(IRunnableObject* self) { return ++from_runnable(self)->refs; }
static ULONG STDMETHODCALLTYPE r_release(IRunnableObject* self) { return --from_runnable(self)->refs; }
static HRESULT STDMETHODCALLTYPE r_getclass(IRunnableObject* self, CLSID* clsid) {
  *clsid = kClass;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE r_run(IRunnableObject* self, IBindCtx* ctx) {
  from_runnable(self)->running = TRUE;
  return S_OK;
}
static BOOL STDMETHODCALLTYPE r_isrunning(IRunnableObject* self) { return from_runnable(self)->running; }
static HRESULT STDMETHODCALLTYPE r_lock(IRunnableObject* self, BOOL lock, BOOL last) {
  from_runnable(self)->locks += lock ? 1 : -1;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE r_contained(IRunnableObject* self, BOOL contained) {
  from_runnable(self)->contained = contained;
  return S_OK;
}
static IRunnableObjectVtbl runnable_vtbl = {r_qi, r_addref, r_release, r_getclass, r_run, r_isrunning, r_lock,
                                            r_contained};
static HRESULT STDMETHODCALLTYPE s_qi(IPersistStorage* self, REFIID iid, void** out) {
  return thing_qi(from_persist(self), iid, out);
}
static ULONG STDMETHODCALLTYPE s_addref(IPersistStorage* self) { return ++from_persist(self)->refs; }
static ULONG STDMETHODCALLTYPE s_release(IPersistStorage* self) { return --from_persist(self)->refs; }
static HRESULT STDMETHODCALLTYPE s_getclass(IPersistStorage* self, CLSID* clsid) {
  *clsid = kClass;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE s_isdirty(IPersistStorage* self) { return S_FALSE; }
static HRESULT STDMETHODCALLTYPE s_initnew(IPersistStorage* self, IStorage* stg) { return S_OK; }
static HRESULT STDMETHODCALLTYPE s_load(IPersistStorage* self, IStorage* stg) {
  IStream* stream = NULL;
  HRESULT hr = IStorage_OpenStream(stg, L"Contents", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &stream);
  if (stream) {
    char text[16] = {0};
    IStream_Read(stream, text, 15, NULL);
    printf("  Load read '%s'\n", text);
    IStream_Release(stream);
  }
  from_persist(self)->loads++;
  return hr;
}
static HRESULT STDMETHODCALLTYPE s_save(IPersistStorage* self, IStorage* stg, BOOL same) {
  IStream* stream = NULL;
  HRESULT hr = IStorage_CreateStream(stg, L"Contents", STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, 0, &stream);
  if (stream) {
    IStream_Write(stream, "saved state", 11, NULL);
    IStream_Release(stream);
  }
  from_persist(self)->saves++;
  return hr;
}
static HRESULT STDMETHODCALLTYPE s_savecompleted(IPersistStorage* self, IStorage* stg) { return S_OK; }
static HRESULT STDMETHODCALLTYPE s_handsoff(IPersistStorage* self) { return S_OK; }
static IPersistStorageVtbl persist_vtbl = {s_qi, s_addref, s_release, s_getclass, s_isdirty, s_initnew, s_load, s_save,
                                           s_savecompleted, s_handsoff};
static Thing thing = {{&runnable_vtbl}, {&persist_vtbl}, 1, FALSE, FALSE, 0, 0, 0};

static HRESULT STDMETHODCALLTYPE cf_qi(IClassFactory* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IClassFactory)) {
    *out = self;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE cf_addref(IClassFactory* self) { return 2; }
static ULONG STDMETHODCALLTYPE cf_release(IClassFactory* self) { return 1; }
static HRESULT STDMETHODCALLTYPE cf_create(IClassFactory* self, IUnknown* outer, REFIID iid, void** out) {
  return thing_qi(&thing, iid, out);
}
static HRESULT STDMETHODCALLTYPE cf_lock(IClassFactory* self, BOOL lock) { return S_OK; }
static IClassFactoryVtbl cf_vtbl = {cf_qi, cf_addref, cf_release, cf_create, cf_lock};
static IClassFactory factory = {&cf_vtbl};

// ---- a data object offering text and a link source ----
static CLIPFORMAT link_source;
static HRESULT STDMETHODCALLTYPE d_qi(IDataObject* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IDataObject)) {
    *out = self;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE d_addref(IDataObject* self) { return 2; }
static ULONG STDMETHODCALLTYPE d_release(IDataObject* self) { return 1; }
static HRESULT STDMETHODCALLTYPE d_getdata(IDataObject* self, FORMATETC* f, STGMEDIUM* m) { return DV_E_FORMATETC; }
static HRESULT STDMETHODCALLTYPE d_getdatahere(IDataObject* self, FORMATETC* f, STGMEDIUM* m) { return E_NOTIMPL; }
static int offer_bitmap;
static HRESULT STDMETHODCALLTYPE d_querygetdata(IDataObject* self, FORMATETC* f) {
  if (f->cfFormat == CF_TEXT) return S_OK;
  if (f->cfFormat == link_source && link_source) return S_OK;
  if (offer_bitmap && f->cfFormat == CF_BITMAP) return S_OK;
  return DV_E_FORMATETC;
}
static HRESULT STDMETHODCALLTYPE d_canonical(IDataObject* self, FORMATETC* a, FORMATETC* b) { return E_NOTIMPL; }
static HRESULT STDMETHODCALLTYPE d_setdata(IDataObject* self, FORMATETC* f, STGMEDIUM* m, BOOL r) { return E_NOTIMPL; }
static HRESULT STDMETHODCALLTYPE d_enum(IDataObject* self, DWORD d, IEnumFORMATETC** e) { return E_NOTIMPL; }
static HRESULT STDMETHODCALLTYPE d_dadvise(IDataObject* self, FORMATETC* f, DWORD a, IAdviseSink* s, DWORD* c) {
  return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE d_dunadvise(IDataObject* self, DWORD c) { return E_NOTIMPL; }
static HRESULT STDMETHODCALLTYPE d_enumdadvise(IDataObject* self, IEnumSTATDATA** e) { return E_NOTIMPL; }
static IDataObjectVtbl data_vtbl = {d_qi, d_addref, d_release, d_getdata, d_getdatahere, d_querygetdata,
                                    d_canonical, d_setdata, d_enum, d_dadvise, d_dunadvise, d_enumdadvise};
static IDataObject data = {&data_vtbl};

// ---- a drop target ----
static LONG target_refs = 1;
static HRESULT STDMETHODCALLTYPE t_qi(IDropTarget* self, REFIID iid, void** out) {
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE t_addref(IDropTarget* self) { return ++target_refs; }
static ULONG STDMETHODCALLTYPE t_release(IDropTarget* self) { return --target_refs; }
static HRESULT STDMETHODCALLTYPE t_enter(IDropTarget* self, IDataObject* d, DWORD k, POINTL p, DWORD* e) { return S_OK; }
static HRESULT STDMETHODCALLTYPE t_over(IDropTarget* self, DWORD k, POINTL p, DWORD* e) { return S_OK; }
static HRESULT STDMETHODCALLTYPE t_leave(IDropTarget* self) { return S_OK; }
static HRESULT STDMETHODCALLTYPE t_drop(IDropTarget* self, IDataObject* d, DWORD k, POINTL p, DWORD* e) { return S_OK; }
static IDropTargetVtbl target_vtbl = {t_qi, t_addref, t_release, t_enter, t_over, t_leave, t_drop};
static IDropTarget target = {&target_vtbl};

// ---- an advise sink that counts what it hears ----
static int heard_data, heard_rename, heard_save, heard_close;
static LONG sink_refs = 1;
static HRESULT STDMETHODCALLTYPE k_qi(IAdviseSink* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IAdviseSink)) {
    *out = self;
    sink_refs++;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE k_addref(IAdviseSink* self) { return ++sink_refs; }
static ULONG STDMETHODCALLTYPE k_release(IAdviseSink* self) { return --sink_refs; }
static void STDMETHODCALLTYPE k_data(IAdviseSink* self, FORMATETC* f, STGMEDIUM* m) {
  heard_data++;
  printf("  OnDataChange format %u tymed %lu\n", f->cfFormat, (unsigned long)m->tymed);
}
static void STDMETHODCALLTYPE k_view(IAdviseSink* self, DWORD aspect, LONG index) {}
static void STDMETHODCALLTYPE k_rename(IAdviseSink* self, IMoniker* m) { heard_rename++; }
static void STDMETHODCALLTYPE k_save(IAdviseSink* self) { heard_save++; }
static void STDMETHODCALLTYPE k_close(IAdviseSink* self) { heard_close++; }
static IAdviseSinkVtbl sink_vtbl = {k_qi, k_addref, k_release, k_data, k_view, k_rename, k_save, k_close};
static IAdviseSink sink = {&sink_vtbl};

// ---- a data object for the clipboard: CF_TEXT on global memory ----
static int formats_given;
static HRESULT STDMETHODCALLTYPE ef_qi(IEnumFORMATETC* self, REFIID iid, void** out) {
  *out = self;
  return S_OK;
}
static ULONG STDMETHODCALLTYPE ef_addref(IEnumFORMATETC* self) { return 2; }
static ULONG STDMETHODCALLTYPE ef_release(IEnumFORMATETC* self) { return 1; }
static HRESULT STDMETHODCALLTYPE ef_next(IEnumFORMATETC* self, ULONG n, FORMATETC* f, ULONG* got) {
  if (formats_given++) {
    if (got) *got = 0;
    return S_FALSE;
  }
  f->cfFormat = CF_TEXT;
  f->ptd = NULL;
  f->dwAspect = DVASPECT_CONTENT;
  f->lindex = -1;
  f->tymed = TYMED_HGLOBAL;
  if (got) *got = 1;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE ef_skip(IEnumFORMATETC* self, ULONG n) { return S_FALSE; }
static HRESULT STDMETHODCALLTYPE ef_reset(IEnumFORMATETC* self) {
  formats_given = 0;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE ef_clone(IEnumFORMATETC* self, IEnumFORMATETC** out) { return E_NOTIMPL; }
static IEnumFORMATETCVtbl ef_vtbl = {ef_qi, ef_addref, ef_release, ef_next, ef_skip, ef_reset, ef_clone};
static IEnumFORMATETC format_list = {&ef_vtbl};
static LONG clip_refs = 1;
static HRESULT STDMETHODCALLTYPE c_qi(IDataObject* self, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IDataObject)) {
    *out = self;
    clip_refs++;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE c_addref(IDataObject* self) { return ++clip_refs; }
static ULONG STDMETHODCALLTYPE c_release(IDataObject* self) { return --clip_refs; }
static HRESULT STDMETHODCALLTYPE c_getdata(IDataObject* self, FORMATETC* f, STGMEDIUM* m) {
  if (f->cfFormat != CF_TEXT || !(f->tymed & TYMED_HGLOBAL)) return DV_E_FORMATETC;
  m->tymed = TYMED_HGLOBAL;
  m->hGlobal = GlobalAlloc(GMEM_MOVEABLE, 10);
  memcpy(GlobalLock(m->hGlobal), "clip text", 10);
  GlobalUnlock(m->hGlobal);
  m->pUnkForRelease = NULL;
  return S_OK;
}
static HRESULT STDMETHODCALLTYPE c_querygetdata(IDataObject* self, FORMATETC* f) {
  return f->cfFormat == CF_TEXT ? S_OK : DV_E_FORMATETC;
}
static HRESULT STDMETHODCALLTYPE c_enum(IDataObject* self, DWORD d, IEnumFORMATETC** e) {
  if (d != DATADIR_GET) return E_NOTIMPL;
  formats_given = 0;
  *e = &format_list;
  return S_OK;
}
static IDataObjectVtbl clip_vtbl = {c_qi, c_addref, c_release, c_getdata, d_getdatahere, c_querygetdata,
                                    d_canonical, d_setdata, c_enum, d_dadvise, d_dunadvise, d_enumdadvise};
static IDataObject clip_data = {&clip_vtbl};

static void show_clipboard_text(const char* what, IDataObject* object) {
  FORMATETC text = {CF_TEXT, NULL, DVASPECT_CONTENT, -1, TYMED_HGLOBAL};
  STGMEDIUM medium;
  HRESULT hr = IDataObject_GetData(object, &text, &medium);
  printf("%s: %08lx", what, (unsigned long)hr);
  if (hr == S_OK) {
    printf(" tymed %lu '%s'", (unsigned long)medium.tymed, (char*)GlobalLock(medium.hGlobal));
    GlobalUnlock(medium.hGlobal);
    ReleaseStgMedium(&medium);
  }
  printf("\n");
}

// ---- a drop source: continues once, then drops (or cancels at once) ----
static int drag_queries, drag_feedbacks, drag_cancel;
static DWORD last_feedback = 99;
static HRESULT STDMETHODCALLTYPE ds_qi(IDropSource* self, REFIID iid, void** out) {
  *out = self;
  return S_OK;
}
static ULONG STDMETHODCALLTYPE ds_addref(IDropSource* self) { return 2; }
static ULONG STDMETHODCALLTYPE ds_release(IDropSource* self) { return 1; }
static HRESULT STDMETHODCALLTYPE ds_query(IDropSource* self, BOOL escape, DWORD keys) {
  if (drag_cancel) return DRAGDROP_S_CANCEL;
  return drag_queries++ ? DRAGDROP_S_DROP : S_OK;
}
static HRESULT STDMETHODCALLTYPE ds_feedback(IDropSource* self, DWORD effect) {
  drag_feedbacks++;
  last_feedback = effect;
  return S_OK;
}
static IDropSourceVtbl ds_vtbl = {ds_qi, ds_addref, ds_release, ds_query, ds_feedback};
static IDropSource drop_source = {&ds_vtbl};

static void set_default(const WCHAR* path, const WCHAR* value) {
  HKEY key;
  if (RegCreateKeyExW(HKEY_CLASSES_ROOT, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL)) return;
  RegSetValueExW(key, NULL, 0, REG_SZ, (const BYTE*)value, (DWORD)(wcslen(value) + 1) * sizeof(WCHAR));
  RegCloseKey(key);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  show("OleInitialize", OleInitialize(NULL));

  // Running state.
  IUnknown* unk = (IUnknown*)&thing.runnable;
  printf("OleIsRunning: %d\n", OleIsRunning((IOleObject*)unk));
  show("OleRun", OleRun(unk));
  printf("OleIsRunning after: %d\n", OleIsRunning((IOleObject*)unk));
  printf("OleIsRunning NULL: %d\n", OleIsRunning(NULL));
  show("OleLockRunning", OleLockRunning(unk, TRUE, FALSE));
  show("OleSetContainedObject", OleSetContainedObject(unk, TRUE));
  printf("  locks %d contained %d refs %ld\n", thing.locks, thing.contained, thing.refs);
  show("OleRun no IRunnableObject", OleRun((IUnknown*)&data));
  printf("OleIsRunning no IRunnableObject: %d\n", OleIsRunning((IOleObject*)&data));
  show("OleNoteObjectVisible", OleNoteObjectVisible(unk, TRUE));
  printf("  refs %ld\n", thing.refs);
  show("OleNoteObjectVisible FALSE", OleNoteObjectVisible(unk, FALSE));
  printf("  refs %ld\n", thing.refs);

  // Persistence.
  DWORD cookie;
  CoRegisterClassObject(&kClass, (IUnknown*)&factory, CLSCTX_INPROC_SERVER, REGCLS_MULTIPLEUSE, &cookie);
  ILockBytes* bytes;
  IStorage* storage = NULL;
  CreateILockBytesOnHGlobal(NULL, TRUE, &bytes);
  StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &storage);
  show("OleSave", OleSave(&thing.persist, storage, TRUE));
  CLSID clsid;
  ReadClassStg(storage, &clsid);
  printf("  saves %d, class written %d\n", thing.saves, IsEqualGUID(&clsid, &kClass));
  IRunnableObject* loaded = NULL;
  show("OleLoad", OleLoad(storage, &IID_IRunnableObject, NULL, (void**)&loaded));
  printf("  loads %d, is the thing %d\n", thing.loads, loaded == &thing.runnable);
  if (loaded) IRunnableObject_Release(loaded);
  MULTI_QI qi[2] = {{&IID_IPersistStorage, NULL, 0}, {&IID_IDataObject, NULL, 0}};
  show("CoGetInstanceFromIStorage", CoGetInstanceFromIStorage(NULL, NULL, NULL, CLSCTX_INPROC_SERVER, storage, 2, qi));
  printf("  %08lx %d, %08lx %d, loads %d\n", (unsigned long)qi[0].hr, qi[0].pItf != NULL, (unsigned long)qi[1].hr,
         qi[1].pItf != NULL, thing.loads);
  if (qi[0].pItf) IUnknown_Release(qi[0].pItf);
  IStorage_Release(storage);
  ILockBytes_Release(bytes);
  CoRevokeClassObject(cookie);

  // OleCreate and OleDraw.
  CoRegisterClassObject(&kClass, (IUnknown*)&factory, CLSCTX_INPROC_SERVER, REGCLS_MULTIPLEUSE, &cookie);
  CreateILockBytesOnHGlobal(NULL, TRUE, &bytes);
  StgCreateDocfileOnILockBytes(bytes, STGM_CREATE | STGM_READWRITE | STGM_SHARE_EXCLUSIVE, 0, &storage);
  IUnknown* created = NULL;
  show("OleCreate", OleCreate(&kClass, &IID_IUnknown, OLERENDER_NONE, NULL, NULL, storage, (void**)&created));
  ReadClassStg(storage, &clsid);
  printf("  the thing %d, class written %d\n", created == (IUnknown*)&thing.runnable, IsEqualGUID(&clsid, &kClass));
  if (created) IUnknown_Release(created);
  show("OleCreate unregistered", OleCreate(&kNewer, &IID_IUnknown, OLERENDER_NONE, NULL, NULL, storage,
                                           (void**)&created));
  printf("  object null %d\n", created == NULL);
  RECT rect = {0, 0, 10, 10};
  show("OleDraw no IViewObject", OleDraw(unk, DVASPECT_CONTENT, NULL, &rect));
  show("OleDraw NULL", OleDraw(NULL, DVASPECT_CONTENT, NULL, &rect));
  CoRevokeClassObject(cookie);

  // The registry.
  set_default(L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}", L"Polyrun Test Object");
  set_default(L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\AuxUserType\\2", L"Test Object");
  set_default(L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\MiscStatus", L"16");
  set_default(L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\MiscStatus\\1", L"132");
  LPOLESTR type = NULL;
  show("OleRegGetUserType full", OleRegGetUserType(&kClass, USERCLASSTYPE_FULL, &type));
  printf("  %ls\n", type);
  CoTaskMemFree(type);
  show("OleRegGetUserType short", OleRegGetUserType(&kClass, USERCLASSTYPE_SHORT, &type));
  printf("  %ls\n", type);
  CoTaskMemFree(type);
  show("OleRegGetUserType app name", OleRegGetUserType(&kClass, USERCLASSTYPE_APPNAME, &type));
  printf("  %ls\n", type);
  CoTaskMemFree(type);
  show("OleRegGetUserType unregistered", OleRegGetUserType(&kNewer, USERCLASSTYPE_FULL, &type));
  DWORD status = 99;
  show("OleRegGetMiscStatus content", OleRegGetMiscStatus(&kClass, DVASPECT_CONTENT, &status));
  printf("  %lu\n", (unsigned long)status);
  show("OleRegGetMiscStatus icon", OleRegGetMiscStatus(&kClass, DVASPECT_ICON, &status));
  printf("  %lu\n", (unsigned long)status);
  show("OleRegGetMiscStatus unregistered", OleRegGetMiscStatus(&kNewer, DVASPECT_CONTENT, &status));
  printf("  %lu\n", (unsigned long)status);
  show("OleGetAutoConvert none", OleGetAutoConvert(&kClass, &clsid));
  set_default(L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\AutoConvertTo", L"{7A1C9E51-51D2-4C1B-9A11-223344556677}");
  memset(&clsid, 0, sizeof clsid);
  show("OleGetAutoConvert", OleGetAutoConvert(&kClass, &clsid));
  printf("  newer %d\n", IsEqualGUID(&clsid, &kNewer));
  WriteClassStg(storage, &kClass);
  show("OleDoAutoConvert", OleDoAutoConvert(storage, &clsid));
  printf("  newer %d, GetConvertStg %08lx\n", IsEqualGUID(&clsid, &kNewer), (unsigned long)GetConvertStg(storage));
  ReadClassStg(storage, &clsid);
  printf("  storage's class newer %d\n", IsEqualGUID(&clsid, &kNewer));
  show("OleDoAutoConvert again", OleDoAutoConvert(storage, &clsid));
  IStorage_Release(storage);
  ILockBytes_Release(bytes);
  show("OleSetAutoConvert unregistered", OleSetAutoConvert(&kNewer, &kClass));
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\AutoConvertTo");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\MiscStatus\\1");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\MiscStatus");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\AuxUserType\\2");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\AuxUserType");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}");

  // Data objects.
  show("OleQueryCreateFromData text", OleQueryCreateFromData(&data));
  offer_bitmap = 1;
  show("OleQueryCreateFromData bitmap", OleQueryCreateFromData(&data));
  show("OleQueryLinkFromData none", OleQueryLinkFromData(&data));
  link_source = RegisterClipboardFormatW(L"Link Source");
  show("OleQueryLinkFromData", OleQueryLinkFromData(&data));
  printf("CoIsHandlerConnected: %d\n", CoIsHandlerConnected(unk));
  show("CoAllowSetForegroundWindow", CoAllowSetForegroundWindow(unk, NULL));

  // Drop targets.
  HWND window = CreateWindowW(L"STATIC", L"drop here", 0, 0, 0, 100, 100, HWND_MESSAGE, NULL, NULL, NULL);
  printf("window made: %d\n", window != NULL);
  show("RegisterDragDrop", RegisterDragDrop(window, &target));
  printf("  refs %ld, property set %d\n", target_refs, GetPropW(window, L"OleDropTargetInterface") == &target);
  show("RegisterDragDrop again", RegisterDragDrop(window, &target));
  show("RegisterDragDrop NULL", RegisterDragDrop(window, NULL));
  show("RegisterDragDrop no window", RegisterDragDrop((HWND)(ULONG_PTR)0xdead0, &target));
  show("RevokeDragDrop", RevokeDragDrop(window));
  printf("  refs %ld\n", target_refs);
  show("RevokeDragDrop again", RevokeDragDrop(window));
  DestroyWindow(window);

  // Accelerators.
  ACCEL accels[2] = {{FVIRTKEY | FCONTROL, 'S', 100}, {0, 'x', 101}};
  HACCEL table = CreateAcceleratorTableW(accels, 2);
  MSG msg;
  memset(&msg, 0, sizeof msg);
  msg.message = WM_CHAR;
  msg.wParam = 'x';
  WORD command = 0;
  printf("IsAccelerator char: %d %u\n", IsAccelerator(table, 2, &msg, &command), command);
  msg.message = WM_KEYDOWN;
  msg.wParam = 'S';
  command = 0;
  printf("IsAccelerator Ctrl+S without Ctrl: %d\n", IsAccelerator(table, 2, &msg, &command));
  msg.message = WM_KEYUP;
  printf("IsAccelerator key up: %d\n", IsAccelerator(table, 2, &msg, &command));
  DestroyAcceleratorTable(table);

  // Menu descriptors.
  OLEMENUGROUPWIDTHS widths = {{1, 2, 3, 4, 5, 6}};
  HMENU menu = CreateMenu();
  HOLEMENU descriptor = OleCreateMenuDescriptor(menu, &widths);
  printf("OleCreateMenuDescriptor: %d\n", descriptor != NULL);
  printf("OleCreateMenuDescriptor NULL: %d\n", OleCreateMenuDescriptor(NULL, &widths) != NULL);
  show("OleDestroyMenuDescriptor", OleDestroyMenuDescriptor(descriptor));
  DestroyMenu(menu);

  // Advise holders.
  IOleAdviseHolder* holder = NULL;
  show("CreateOleAdviseHolder", CreateOleAdviseHolder(&holder));
  DWORD c1 = 0, c2 = 0;
  show("  Advise", IOleAdviseHolder_Advise(holder, &sink, &c1));
  show("  Advise", IOleAdviseHolder_Advise(holder, &sink, &c2));
  printf("  connections %lu %lu, sink refs %ld\n", (unsigned long)c1, (unsigned long)c2, sink_refs);
  show("  SendOnSave", IOleAdviseHolder_SendOnSave(holder));
  show("  SendOnClose", IOleAdviseHolder_SendOnClose(holder));
  show("  SendOnRename", IOleAdviseHolder_SendOnRename(holder, NULL));
  printf("  heard save %d close %d rename %d\n", heard_save, heard_close, heard_rename);
  show("  Unadvise", IOleAdviseHolder_Unadvise(holder, c1));
  show("  Unadvise again", IOleAdviseHolder_Unadvise(holder, c1));
  IEnumSTATDATA* stats = NULL;
  show("  EnumAdvise", IOleAdviseHolder_EnumAdvise(holder, &stats));
  if (stats) {
    STATDATA stat;
    ULONG got = 0;
    while (IEnumSTATDATA_Next(stats, 1, &stat, &got) == S_OK) {
      printf("  connection %lu, the sink %d\n", (unsigned long)stat.dwConnection, stat.pAdvSink == &sink);
      IAdviseSink_Release(stat.pAdvSink);
    }
    IEnumSTATDATA_Release(stats);
  }
  printf("  Release: %lu, sink refs %ld\n", (unsigned long)IOleAdviseHolder_Release(holder), sink_refs);
  IDataAdviseHolder* data_holder = NULL;
  show("CreateDataAdviseHolder", CreateDataAdviseHolder(&data_holder));
  FORMATETC text_format = {CF_TEXT, NULL, DVASPECT_CONTENT, -1, TYMED_HGLOBAL};
  show("  Advise", IDataAdviseHolder_Advise(data_holder, &data, &text_format, ADVF_NODATA, &sink, &c1));
  show("  Advise only once", IDataAdviseHolder_Advise(data_holder, &data, &text_format, ADVF_NODATA | ADVF_ONLYONCE,
                                                      &sink, &c2));
  show("  SendOnDataChange", IDataAdviseHolder_SendOnDataChange(data_holder, &data, 0, 0));
  show("  SendOnDataChange", IDataAdviseHolder_SendOnDataChange(data_holder, &data, 0, 0));
  printf("  heard data %d\n", heard_data);
  printf("  Release: %lu, sink refs %ld\n", (unsigned long)IDataAdviseHolder_Release(data_holder), sink_refs);

  // Verbs and formats in the registry.
  set_default(L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}", L"Polyrun Test Object");
  IEnumOLEVERB* verbs = NULL;
  show("OleRegEnumVerbs no Verb key", OleRegEnumVerbs(&kClass, &verbs));
  set_default(L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\Verb\\0", L"&Edit,0,2");
  set_default(L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\Verb\\-1", L"Show,0,0");
  show("OleRegEnumVerbs", OleRegEnumVerbs(&kClass, &verbs));
  if (verbs) {
    OLEVERB verb;
    ULONG got = 0;
    while (IEnumOLEVERB_Next(verbs, 1, &verb, &got) == S_OK) {
      printf("  %ld %ls %lu %lu\n", verb.lVerb, verb.lpszVerbName, (unsigned long)verb.fuFlags,
             (unsigned long)verb.grfAttribs);
      CoTaskMemFree(verb.lpszVerbName);
    }
    IEnumOLEVERB_Release(verbs);
  }
  show("OleRegEnumVerbs unregistered", OleRegEnumVerbs(&kNewer, &verbs));
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\Verb\\0");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\Verb\\-1");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}\\Verb");
  RegDeleteKeyW(HKEY_CLASSES_ROOT, L"CLSID\\{7A1C9E50-51D2-4C1B-9A11-223344556677}");

  // The drag loop, with no drop target under the cursor.
  DWORD effect = 0x77;
  show("DoDragDrop", DoDragDrop(&data, &drop_source, DROPEFFECT_COPY | DROPEFFECT_MOVE, &effect));
  printf("  queries %d feedbacks %d last feedback %lu effect %lu\n", drag_queries, drag_feedbacks,
         (unsigned long)last_feedback, (unsigned long)effect);
  drag_cancel = 1;
  effect = 0x77;
  show("DoDragDrop cancelled", DoDragDrop(&data, &drop_source, DROPEFFECT_COPY, &effect));
  printf("  effect %lu\n", (unsigned long)effect);
  show("DoDragDrop NULL", DoDragDrop(NULL, &drop_source, DROPEFFECT_COPY, &effect));

  // The clipboard.
  show("OleSetClipboard", OleSetClipboard(&clip_data));
  printf("  the source held: %d\n", clip_refs > 1);
  show("OleIsCurrentClipboard", OleIsCurrentClipboard(&clip_data));
  show("OleIsCurrentClipboard other", OleIsCurrentClipboard(&data));
  show("OleIsCurrentClipboard NULL", OleIsCurrentClipboard(NULL));
  IDataObject* current = NULL;
  show("OleGetClipboard", OleGetClipboard(&current));
  if (current) {
    printf("  not the source itself: %d\n", current != &clip_data);
    FORMATETC text = {CF_TEXT, NULL, DVASPECT_CONTENT, -1, TYMED_HGLOBAL};
    FORMATETC bitmap = {CF_BITMAP, NULL, DVASPECT_CONTENT, -1, TYMED_GDI};
    show("  QueryGetData CF_TEXT", IDataObject_QueryGetData(current, &text));
    show("  QueryGetData CF_BITMAP", IDataObject_QueryGetData(current, &bitmap));
    show_clipboard_text("  GetData CF_TEXT", current);
    IEnumFORMATETC* formats = NULL;
    show("  EnumFormatEtc", IDataObject_EnumFormatEtc(current, DATADIR_GET, &formats));
    if (formats) {
      FORMATETC f;
      int has_text = 0;
      while (IEnumFORMATETC_Next(formats, 1, &f, NULL) == S_OK)
        if (f.cfFormat == CF_TEXT) has_text = 1;
      printf("  CF_TEXT among them: %d\n", has_text);
      IEnumFORMATETC_Release(formats);
    }
    IDataObject_Release(current);
  }
  show("OleFlushClipboard", OleFlushClipboard());
  printf("  the source let go: %d\n", clip_refs == 1);
  show("OleIsCurrentClipboard after flush", OleIsCurrentClipboard(&clip_data));
  OleGetClipboard(&current);
  show_clipboard_text("GetData after flush", current);
  show("OleSetClipboard NULL", OleSetClipboard(NULL));
  show_clipboard_text("GetData after clearing", current);
  IDataObject_Release(current);

  OleUninitialize();
  show("OleSetClipboard outside OLE", OleSetClipboard(&clip_data));
  show("OleFlushClipboard outside OLE", OleFlushClipboard());
  show("RegisterDragDrop outside COM", RegisterDragDrop(window, &target));
  return 0;
}
