// SHLWAPI's helpers over USER32 and COM: SHIsChildOrSelf, GetMenuPosFromID on a menu made here,
// ConnectToConnectionPoint on a connection-point container of the program's own (advise, unadvise,
// the point handed back, the refusals), SHSendMessageBroadcastA/W and SHCreateShellPalette. Each
// function is found by name in SHLWAPI.dll.
// Links: -lshlwapi -lole32 -luuid -luser32 -lgdi32
#define COBJMACROS
#include <stdio.h>
#include <windows.h>
#include <objbase.h>
#include <ocidl.h>
#include <olectl.h>

static HMODULE dll;
static FARPROC proc(const char* name) {
  FARPROC f = GetProcAddress(dll, name);
  if (!f) printf("%s: not exported\n", name);
  return f;
}

/* A connection point and its container, each an object of its own with a count of calls. */
static int advised, unadvised, cp_refs, container_refs, found;
static IUnknown* advised_sink;
static HRESULT advise_result = S_OK;

static HRESULT WINAPI cp_qi(IConnectionPoint* This, REFIID riid, void** out) {
  (void)riid;
  *out = This;
  ++cp_refs;
  return S_OK;
}
static ULONG WINAPI cp_addref(IConnectionPoint* This) { (void)This; return ++cp_refs; }
static ULONG WINAPI cp_release(IConnectionPoint* This) { (void)This; return --cp_refs; }
static HRESULT WINAPI cp_getiid(IConnectionPoint* This, IID* iid) { (void)This; (void)iid; return E_NOTIMPL; }
static HRESULT WINAPI cp_getcpc(IConnectionPoint* This, IConnectionPointContainer** c) { (void)This; (void)c; return E_NOTIMPL; }
static HRESULT WINAPI cp_advise(IConnectionPoint* This, IUnknown* sink, DWORD* cookie) {
  (void)This;
  ++advised;
  advised_sink = sink;
  if (SUCCEEDED(advise_result)) *cookie = 42;
  return advise_result;
}
static HRESULT WINAPI cp_unadvise(IConnectionPoint* This, DWORD cookie) {
  (void)This;
  ++unadvised;
  return cookie == 42 ? S_OK : CONNECT_E_NOCONNECTION;
}
static HRESULT WINAPI cp_enum(IConnectionPoint* This, IEnumConnections** e) { (void)This; (void)e; return E_NOTIMPL; }
static IConnectionPointVtbl cp_vtbl = {cp_qi, cp_addref, cp_release, cp_getiid, cp_getcpc, cp_advise, cp_unadvise, cp_enum};
static IConnectionPoint point = {&cp_vtbl};

static HRESULT WINAPI c_qi(IConnectionPointContainer* This, REFIID riid, void** out) {
  if (IsEqualIID(riid, &IID_IConnectionPointContainer) || IsEqualIID(riid, &IID_IUnknown)) {
    *out = This;
    ++container_refs;
    return S_OK;
  }
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG WINAPI c_addref(IConnectionPointContainer* This) { (void)This; return ++container_refs; }
static ULONG WINAPI c_release(IConnectionPointContainer* This) { (void)This; return --container_refs; }
static HRESULT WINAPI c_enum(IConnectionPointContainer* This, IEnumConnectionPoints** e) { (void)This; (void)e; return E_NOTIMPL; }
static HRESULT WINAPI c_find(IConnectionPointContainer* This, REFIID riid, IConnectionPoint** out) {
  (void)This;
  ++found;
  if (!IsEqualIID(riid, &IID_IPropertyNotifySink)) {
    *out = NULL;
    return CONNECT_E_NOCONNECTION;
  }
  *out = &point;
  ++cp_refs;
  return S_OK;
}
static IConnectionPointContainerVtbl c_vtbl = {c_qi, c_addref, c_release, c_enum, c_find};
static IConnectionPointContainer container = {&c_vtbl};

/* An object that is no container. */
static HRESULT WINAPI n_qi(IUnknown* This, REFIID riid, void** out) {
  (void)This; (void)riid;
  *out = NULL;
  return E_NOINTERFACE;
}
static ULONG WINAPI n_addref(IUnknown* This) { (void)This; return 2; }
static ULONG WINAPI n_release(IUnknown* This) { (void)This; return 1; }
static IUnknownVtbl n_vtbl = {n_qi, n_addref, n_release};
static IUnknown plain = {&n_vtbl};

int main(void) {
  HRESULT(WINAPI * is_child_or_self)(HWND, HWND);
  INT(WINAPI * menu_pos)(HMENU, UINT);
  HRESULT(WINAPI * connect)(IUnknown*, REFIID, BOOL, IUnknown*, DWORD*, IConnectionPoint**);
  DWORD(WINAPI * broadcast_a)(UINT, WPARAM, LPARAM);
  DWORD(WINAPI * broadcast_w)(UINT, WPARAM, LPARAM);
  HPALETTE(WINAPI * shell_palette)(HDC);
  HMENU menu;
  DWORD cookie;
  IConnectionPoint* got;
  HRESULT hr;

  dll = LoadLibraryA("shlwapi.dll");
  is_child_or_self = (void*)proc("SHIsChildOrSelf");
  menu_pos = (void*)proc("GetMenuPosFromID");
  connect = (void*)proc("ConnectToConnectionPoint");
  broadcast_a = (void*)proc("SHSendMessageBroadcastA");
  broadcast_w = (void*)proc("SHSendMessageBroadcastW");
  shell_palette = (void*)proc("SHCreateShellPalette");
  if (!is_child_or_self || !menu_pos || !connect || !broadcast_a || !broadcast_w || !shell_palette) return 1;

  printf("SHIsChildOrSelf: no parent %ld, no child %ld, itself %ld\n", is_child_or_self(NULL, (HWND)0x1234),
         is_child_or_self((HWND)0x1234, NULL), is_child_or_self((HWND)0x1234, (HWND)0x1234));

  menu = CreatePopupMenu();
  AppendMenuA(menu, MF_STRING, 10, "ten");
  AppendMenuA(menu, MF_SEPARATOR, 0, NULL);
  AppendMenuA(menu, MF_STRING, 20, "twenty");
  AppendMenuA(menu, MF_STRING, 30, "thirty");
  printf("GetMenuPosFromID: 10 at %d, 20 at %d, 30 at %d, 99 at %d, separator (0) at %d\n", menu_pos(menu, 10),
         menu_pos(menu, 20), menu_pos(menu, 30), menu_pos(menu, 99), menu_pos(menu, 0));
  DestroyMenu(menu);

  cookie = 7;
  printf("connect without an object %#lx; without a sink %#lx\n", connect(&plain, &IID_IPropertyNotifySink, TRUE, NULL, &cookie, NULL),
         connect(NULL, &IID_IPropertyNotifySink, TRUE, (IUnknown*)&container, &cookie, NULL));
  hr = connect(&plain, &IID_IPropertyNotifySink, TRUE, &plain, &cookie, NULL);
  printf("connect to no container %#lx, cookie %lu\n", hr, cookie);
  cookie = 0;
  got = (IConnectionPoint*)0x1;
  hr = connect(&plain, &IID_IPropertyNotifySink, TRUE, (IUnknown*)&container, &cookie, &got);
  printf("advise %#lx: cookie %lu, advised %d, the sink %d, point handed back %d; references: point %d container %d\n", hr,
         cookie, advised, advised_sink == &plain, got == &point, cp_refs, container_refs);
  IConnectionPoint_Release(got);
  hr = connect(NULL, &IID_IPropertyNotifySink, FALSE, (IUnknown*)&container, &cookie, NULL);
  printf("unadvise %#lx: unadvised %d, cookie %lu; references: point %d container %d\n", hr, unadvised, cookie, cp_refs,
         container_refs);
  cookie = 5;
  hr = connect(NULL, &IID_IPropertyNotifySink, FALSE, (IUnknown*)&container, &cookie, NULL);
  printf("unadvise of another cookie %#lx: cookie now %lu\n", hr, cookie);
  advise_result = E_OUTOFMEMORY;
  cookie = 9;
  got = (IConnectionPoint*)0x1;
  hr = connect(&plain, &IID_IPropertyNotifySink, TRUE, (IUnknown*)&container, &cookie, &got);
  printf("failed advise %#lx: cookie %lu, point %s; references: point %d\n", hr, cookie, got ? "set" : "null", cp_refs);
  hr = connect(&plain, &IID_IDispatch, TRUE, (IUnknown*)&container, &cookie, NULL);
  printf("no such connection point %#lx, lookups %d\n", hr, found);

  printf("SHSendMessageBroadcast: %lu %lu\n", broadcast_a(WM_NULL, 0, 0), broadcast_w(WM_NULL, 0, 0));
  {
    HPALETTE pal = shell_palette(NULL);
    WORD entries = 0;
    PALETTEENTRY e[3];
    GetObjectW(pal, sizeof entries, &entries);
    GetPaletteEntries(pal, 0, 3, e);
    printf("SHCreateShellPalette: %s, entries %d, first %02x%02x%02x, second %02x%02x%02x\n", pal ? "made" : "null", entries > 200,
           e[0].peRed, e[0].peGreen, e[0].peBlue, e[1].peRed, e[1].peGreen, e[1].peBlue);
    DeleteObject(pal);
  }
  return 0;
}
