// SHLWAPI's helpers over COM objects and its small facts: IStream_Write/Reset/Size/Read on a file
// stream, IUnknown_Set and IUnknown_AtomicRelease, IUnknown_GetSite, IUnknown_SetSite,
// IUnknown_QueryService and IUnknown_GetWindow on an object of the program's own, QISearch,
// SHSetThreadRef/SHGetThreadRef, SHCreateThreadRef, SHSkipJunction with a bind context; the colour
// conversions (ColorRGBToHLS, ColorHLSToRGB, ColorAdjustLuma), DllGetVersion, GetAcceptLanguages,
// WhichPlatform, SHIsLowMemoryMachine, IsInternetESCEnabled and _SHGetInstanceExplorer.
// Each function is found by name in SHLWAPI.dll.
// Links: -lshlwapi -lole32 -luuid
#define _WIN32_WINNT 0x0A00
#define COBJMACROS
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <objbase.h>
#include <ocidl.h>
#include <servprov.h>
#include <shlwapi.h>

static HMODULE dll;
static FARPROC proc(const char* name) {
  FARPROC f = GetProcAddress(dll, name);
  if (!f) {
    printf("missing %s\n", name);
    ExitProcess(1);
  }
  return f;
}
#define F(n) ((__typeof__(&n))proc(#n))
typedef HRESULT(WINAPI* unknown_fn)(IUnknown**);
typedef HRESULT(WINAPI* set_site_fn)(IUnknown*, IUnknown*);
typedef HRESULT(WINAPI* get_site_fn)(IUnknown*, REFIID, void**);
typedef HRESULT(WINAPI* query_service_fn)(IUnknown*, REFGUID, REFIID, void**);
typedef HRESULT(WINAPI* get_window_fn)(IUnknown*, HWND*);
typedef HRESULT(WINAPI* stream_io_fn)(IStream*, void*, ULONG);
typedef HRESULT(WINAPI* stream_fn)(IStream*);
typedef HRESULT(WINAPI* stream_size_fn)(IStream*, ULARGE_INTEGER*);
typedef void(WINAPI* release_fn)(IUnknown**);
typedef void(WINAPI* set_fn)(IUnknown**, IUnknown*);
typedef HRESULT(WINAPI* thread_ref_fn)(LONG*, IUnknown**);
typedef BOOL(WINAPI* skip_fn)(IBindCtx*, const CLSID*);
typedef BOOL(WINAPI* low_memory_fn)(DWORD);
typedef UINT(WINAPI* platform_fn)(void);
typedef BOOL(WINAPI* esc_fn)(void);
typedef HRESULT(WINAPI* accept_fn)(char*, DWORD*);
typedef HRESULT(WINAPI* accept_w_fn)(WCHAR*, DWORD*);
typedef HRESULT(WINAPI* version_fn)(DLLVERSIONINFO*);

// ---- an object of the program's own: IObjectWithSite, IServiceProvider, IOleWindow, IPersist ----

static const IID iid_object_with_site = {0xfc4801a3, 0x2ba9, 0x11cf, {0xa2, 0x29, 0x00, 0xaa, 0x00, 0x3d, 0x73, 0x52}};
static const IID iid_service_provider = {0x6d5140c1, 0x7436, 0x11ce, {0x80, 0x34, 0x00, 0xaa, 0x00, 0x60, 0x09, 0xfa}};
static const IID iid_ole_window = {0x00000114, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID iid_persist = {0x0000010c, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID iid_unknown = {0, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const CLSID my_class = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};

struct thing {
  const void* vtbl;
  LONG refs;
  IUnknown* site;
  int calls;
  BOOL with_site, with_service, with_window;
};
static struct thing object;
static HRESULT WINAPI thing_qi(void* self, REFIID iid, void** out) {
  struct thing* t = &object;
  (void)self;
  if (IsEqualIID(iid, &iid_unknown) || (IsEqualIID(iid, &iid_object_with_site) && t->with_site) ||
      (IsEqualIID(iid, &iid_service_provider) && t->with_service) || (IsEqualIID(iid, &iid_ole_window) && t->with_window) ||
      IsEqualIID(iid, &iid_persist)) {
    *out = t;
    ++t->refs;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG WINAPI thing_addref(void* self) {
  (void)self;
  return ++object.refs;
}
static ULONG WINAPI thing_release(void* self) {
  (void)self;
  return --object.refs;
}
// Slot 3: SetSite, QueryService, GetWindow or GetClassID, as the interface asked for has it.
static IID last_iid;
static HRESULT WINAPI thing_slot3(void* self, void* a, void* b, void** c) {
  (void)self;
  ++object.calls;
  if (object.with_site) {  // IObjectWithSite::SetSite(site)
    object.site = (IUnknown*)a;
    return S_OK;
  }
  if (object.with_service) {  // IServiceProvider::QueryService(sid, iid, out)
    last_iid = *(const IID*)b;
    *c = (void*)0x1234;
    return S_OK;
  }
  if (object.with_window) {  // IOleWindow::GetWindow(hwnd)
    *(HWND*)a = (HWND)0x4321;
    return S_OK;
  }
  *(CLSID*)a = my_class;  // IPersist::GetClassID
  return S_OK;
}
// Slot 4: IObjectWithSite::GetSite(iid, out).
static HRESULT WINAPI thing_slot4(void* self, REFIID iid, void** out) {
  (void)self;
  ++object.calls;
  if (!object.site) {
    *out = NULL;
    return E_FAIL;
  }
  return IUnknown_QueryInterface(object.site, iid, out);
}
static const void* thing_vtbl[] = {thing_qi, thing_addref, thing_release, thing_slot3, thing_slot4};

static void streams(void) {
  IStream* s = NULL;
  HRESULT hr = SHCreateStreamOnFileA("shlwapi_com_misc.tmp", STGM_CREATE | STGM_READWRITE, &s);
  printf("stream %#lx", (unsigned long)hr);
  char data[] = "0123456789";
  hr = ((stream_io_fn)proc("IStream_Write"))(s, data, 10);
  ULARGE_INTEGER size = {{0, 0}};
  HRESULT hs = ((stream_size_fn)proc("IStream_Size"))(s, &size);
  printf(" write %#lx size %#lx %lu", (unsigned long)hr, (unsigned long)hs, (unsigned long)size.QuadPart);
  printf(" reset %#lx", (unsigned long)((stream_fn)proc("IStream_Reset"))(s));
  char buf[16] = {0};
  hr = ((stream_io_fn)proc("IStream_Read"))(s, buf, 4);
  printf(" read %#lx [%s]", (unsigned long)hr, buf);
  memset(buf, 0, sizeof buf);
  hr = ((stream_io_fn)proc("IStream_Read"))(s, buf, 10);
  printf(" short read %#lx [%s]\n", (unsigned long)hr, buf);

  IUnknown* slot = NULL;
  ((set_fn)proc("IUnknown_Set"))(&slot, (IUnknown*)s);
  ULONG refs = IStream_AddRef(s);
  IStream_Release(s);
  printf("IUnknown_Set %d refs %lu", slot == (IUnknown*)s, refs);
  ((set_fn)proc("IUnknown_Set"))(&slot, NULL);
  refs = IStream_AddRef(s);
  IStream_Release(s);
  printf(" cleared %d refs %lu", slot == NULL, refs);
  slot = (IUnknown*)s;
  IStream_AddRef(s);
  ((release_fn)proc("IUnknown_AtomicRelease"))(&slot);
  refs = IStream_AddRef(s);
  IStream_Release(s);
  printf(" AtomicRelease %d refs %lu", slot == NULL, refs);
  ((release_fn)proc("IUnknown_AtomicRelease"))(NULL);
  ((release_fn)proc("IUnknown_AtomicRelease"))(&slot);
  printf(" null ok\n");
  IStream_Release(s);
  DeleteFileA("shlwapi_com_misc.tmp");
}

static void objects(void) {
  object.vtbl = thing_vtbl;
  IUnknown* unk = (IUnknown*)&object;
  void* out = (void*)1;

  object.with_site = TRUE;
  HRESULT hr = ((set_site_fn)proc("IUnknown_SetSite"))(unk, unk);
  printf("SetSite %#lx site %d calls %d refs %ld", (unsigned long)hr, object.site == unk, object.calls, object.refs);
  hr = ((get_site_fn)proc("IUnknown_GetSite"))(unk, &iid_unknown, &out);
  printf(" GetSite %#lx %d refs %ld", (unsigned long)hr, out == unk, object.refs);
  if (out == unk) --object.refs;
  out = (void*)1;
  hr = ((get_site_fn)proc("IUnknown_GetSite"))(NULL, &iid_unknown, &out);
  printf(" null %#lx %d\n", (unsigned long)hr, out == NULL);
  object.with_site = FALSE;
  out = (void*)1;
  hr = ((get_site_fn)proc("IUnknown_GetSite"))(unk, &iid_unknown, &out);
  printf("no site interface %#lx %d", (unsigned long)hr, out == NULL);
  hr = ((set_site_fn)proc("IUnknown_SetSite"))(unk, NULL);
  printf(" SetSite %#lx", (unsigned long)hr);
  object.with_service = TRUE;
  out = NULL;
  hr = ((query_service_fn)proc("IUnknown_QueryService"))(unk, &my_class, &iid_persist, &out);
  printf(" QueryService %#lx %#lx iid %d refs %ld", (unsigned long)hr, (unsigned long)(ULONG_PTR)out, IsEqualIID(&last_iid, &iid_persist), object.refs);
  object.with_service = FALSE;
  out = (void*)1;
  hr = ((query_service_fn)proc("IUnknown_QueryService"))(unk, &my_class, &iid_persist, &out);
  printf(" none %#lx %d\n", (unsigned long)hr, out == NULL);
  object.with_window = TRUE;
  HWND hwnd = NULL;
  hr = ((get_window_fn)proc("IUnknown_GetWindow"))(unk, &hwnd);
  printf("GetWindow %#lx %#lx", (unsigned long)hr, (unsigned long)(ULONG_PTR)hwnd);
  object.with_window = FALSE;
  hr = ((get_window_fn)proc("IUnknown_GetWindow"))(unk, &hwnd);
  printf(" none %#lx null %#lx refs %ld\n", (unsigned long)hr, (unsigned long)((get_window_fn)proc("IUnknown_GetWindow"))(NULL, &hwnd),
         object.refs);

  // QISearch over a table of offsets into a structure of two interface pointers.
  struct {
    const void* first;
    const void* second;
  } two = {thing_vtbl, thing_vtbl};
  static const QITAB table[] = {{&iid_persist, sizeof(void*)}, {&iid_ole_window, 0}, {NULL, 0}};
  out = NULL;
  hr = F(QISearch)(&two, table, &iid_ole_window, &out);
  printf("QISearch %#lx %d", (unsigned long)hr, out == (void*)&two.first);
  hr = F(QISearch)(&two, table, &iid_unknown, &out);
  printf(" IUnknown %#lx %d", (unsigned long)hr, out == (void*)&two.second);
  out = (void*)1;
  hr = F(QISearch)(&two, table, &iid_service_provider, &out);
  printf(" none %#lx %d refs %ld\n", (unsigned long)hr, out == NULL, object.refs);
  object.refs -= 2;

  IUnknown* got = (IUnknown*)1;
  hr = ((unknown_fn)proc("SHGetThreadRef"))(&got);
  printf("SHGetThreadRef none %#lx %d", (unsigned long)hr, got == NULL);
  typedef HRESULT(WINAPI * set_ref_fn)(IUnknown*);
  hr = ((set_ref_fn)proc("SHSetThreadRef"))(unk);
  hr = ((unknown_fn)proc("SHGetThreadRef"))(&got);
  printf(" set %#lx same %d refs %ld", (unsigned long)hr, got == unk, object.refs);
  ((set_ref_fn)proc("SHSetThreadRef"))(NULL);
  --object.refs;
  LONG count = 99;
  IUnknown* ref = NULL;
  hr = ((thread_ref_fn)proc("SHCreateThreadRef"))(&count, &ref);
  printf(" SHCreateThreadRef %#lx count %ld", (unsigned long)hr, count);
  ULONG n1 = IUnknown_AddRef(ref);
  printf(" AddRef %lu/%ld", n1, count);
  ULONG n2 = IUnknown_Release(ref);
  ULONG n3 = IUnknown_Release(ref);
  printf(" Release %lu %lu/%ld bad %#lx\n", n2, n3, count,
         (unsigned long)((thread_ref_fn)proc("SHCreateThreadRef"))(NULL, &ref));

  IBindCtx* bc = NULL;
  CreateBindCtx(0, &bc);
  skip_fn skip = (skip_fn)proc("SHSkipJunction");
  printf("SHSkipJunction null %d empty %d", skip(NULL, &my_class), skip(bc, &my_class));
  IBindCtx_RegisterObjectParam(bc, (LPOLESTR)L"Skip Binding CLSID", unk);
  printf(" same class %d other %d", skip(bc, &my_class), skip(bc, &iid_persist));
  IBindCtx_Release(bc);
  printf(" refs %ld\n", object.refs);
}

static void colors(void) {
  static const COLORREF rgbs[] = {RGB(0, 0, 0), RGB(255, 255, 255), RGB(255, 0, 0), RGB(0, 255, 0), RGB(0, 0, 255),
                                  RGB(128, 128, 128), RGB(255, 128, 0), RGB(12, 34, 56), RGB(200, 100, 150), RGB(1, 2, 3)};
  for (int i = 0; i < 10; ++i) {
    WORD h = 0, l = 0, s = 0;
    F(ColorRGBToHLS)(rgbs[i], &h, &l, &s);
    COLORREF back = F(ColorHLSToRGB)(h, l, s);
    printf("rgb %06lx hls %u %u %u back %06lx luma0 %06lx\n", rgbs[i], h, l, s, back, F(ColorAdjustLuma)(rgbs[i], 0, TRUE));
  }
  printf("hls to rgb %06lx %06lx %06lx\n", F(ColorHLSToRGB)(0, 120, 240), F(ColorHLSToRGB)(80, 60, 120), F(ColorHLSToRGB)(200, 240, 0));
  // Moved by n tenths of a percent of the range, or set to n of them (Microsoft's ColorAdjustLuma page).
  printf("luma %06lx %06lx %06lx %06lx\n", F(ColorAdjustLuma)(RGB(128, 64, 32), 100, TRUE),
         F(ColorAdjustLuma)(RGB(128, 64, 32), -1000, TRUE), F(ColorAdjustLuma)(RGB(128, 64, 32), 500, FALSE),
         F(ColorAdjustLuma)(RGB(128, 64, 32), 2000, TRUE));
}

static void facts(void) {
  DLLVERSIONINFO2 info;
  memset(&info, 0xcc, sizeof info);
  info.info1.cbSize = sizeof(DLLVERSIONINFO);
  HRESULT hr = ((version_fn)proc("DllGetVersion"))(&info.info1);
  printf("DllGetVersion %#lx %lu.%lu.%lu platform %lu flags %#lx", (unsigned long)hr, info.info1.dwMajorVersion,
         info.info1.dwMinorVersion, info.info1.dwBuildNumber, info.info1.dwPlatformID, info.dwFlags);
  memset(&info, 0xcc, sizeof info);
  info.info1.cbSize = sizeof info;
  hr = ((version_fn)proc("DllGetVersion"))(&info.info1);
  printf(" v2 %#lx %lu.%lu.%lu flags %lu %016llx", (unsigned long)hr, info.info1.dwMajorVersion, info.info1.dwMinorVersion,
         info.info1.dwBuildNumber, info.dwFlags, (unsigned long long)info.ullVersion);
  info.info1.cbSize = 12;
  printf(" bad %#lx null %#lx\n", (unsigned long)((version_fn)proc("DllGetVersion"))(&info.info1), (unsigned long)((version_fn)proc("DllGetVersion"))(NULL));

  char a[32];
  WCHAR w[32];
  DWORD len = sizeof a;
  hr = ((accept_fn)proc("GetAcceptLanguagesA"))(a, &len);
  printf("GetAcceptLanguages %#lx [%s] %lu", (unsigned long)hr, a, len);
  len = 32;
  hr = ((accept_w_fn)proc("GetAcceptLanguagesW"))(w, &len);
  printf(" W %#lx %lu", (unsigned long)hr, len);
  len = 3;
  hr = ((accept_w_fn)proc("GetAcceptLanguagesW"))(w, &len);
  printf(" small %#lx %lu", (unsigned long)hr, len);
  len = 0;
  printf(" zero %#lx\n", (unsigned long)((accept_w_fn)proc("GetAcceptLanguagesW"))(w, &len));

  IUnknown* explorer = (IUnknown*)1;
  hr = ((unknown_fn)proc("_SHGetInstanceExplorer"))(&explorer);
  printf("WhichPlatform %u low memory %d ESC %d explorer %#lx %d\n", ((platform_fn)proc("WhichPlatform"))(),
         ((low_memory_fn)proc("SHIsLowMemoryMachine"))(0), ((esc_fn)proc("IsInternetESCEnabled"))(), (unsigned long)hr,
         explorer == NULL);
}

// Functions imported by number: the same as by name.
static void ordinals(void) {
  static const struct {
    int ordinal;
    const char* name;
  } by_number[] = {{1, "ParseURLA"}, {15, "GetAcceptLanguagesW"}, {155, "StrCmpCA"}, {169, "IUnknown_AtomicRelease"},
                   {214, "IStream_Size"}, {215, "SHAnsiToUnicode"}, {219, "QISearch"}, {276, "WhichPlatform"},
                   {346, "SHUnicodeToUnicode"}, {437, "IsOS"}};
  printf("ordinals:");
  for (int i = 0; i < 10; ++i)
    printf(" %d=%d", by_number[i].ordinal,
           GetProcAddress(dll, (LPCSTR)(ULONG_PTR)by_number[i].ordinal) == GetProcAddress(dll, by_number[i].name));
  printf("\n");
}

int main(void) {
  dll = LoadLibraryA("shlwapi.dll");
  ordinals();
  CoInitialize(NULL);
  streams();
  objects();
  colors();
  facts();
  CoUninitialize();
  return 0;
}
