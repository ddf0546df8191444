// OLEAUT32's OleCreatePropertyFrameIndirect and OleCreatePropertyFrame with an IPropertyPage of
// the program's own, registered with CoRegisterClassObject (CLSCTX_INPROC_SERVER) so that
// CoCreateInstance finds it: the calls the frame makes to the page, in order (not its QueryInterface,
// AddRef and Release), what they are given, the page's window in the frame's page, and the frame
// closed from a timer with PSM_PRESSBUTTON (OK, then Cancel), with the page made dirty through its
// site before OK; the argument errors; CoCreateInstance after CoRevokeClassObject.
// Links: -lole32 -loleaut32 -luuid -lcomctl32 -luser32 -lgdi32
#include <windows.h>
#include <ole2.h>
#include <olectl.h>
#include <commctrl.h>
#include <stdio.h>

static const CLSID clsid_page = {0x6c0bb4e1, 0x2d41, 0x4a4e, {0x9a, 0x10, 0x51, 0x3e, 0x77, 0x30, 0x11, 0x01}};
static const CLSID clsid_missing = {0x6c0bb4e1, 0x2d41, 0x4a4e, {0x9a, 0x10, 0x51, 0x3e, 0x77, 0x30, 0x11, 0x02}};
static const IID iid_property_page = {0xb196b28d, 0xbab4, 0x101a, {0xb6, 0x9c, 0x00, 0xaa, 0x00, 0x34, 0x1d, 0x07}};
static const IID iid_page_site = {0xb196b28c, 0xbab4, 0x101a, {0xb6, 0x9c, 0x00, 0xaa, 0x00, 0x34, 0x1d, 0x07}};

typedef struct {
  IPropertyPage iface;
  LONG refs;
  IPropertyPageSite* site;
  HWND window;
  int dirty;
} Page;

static IUnknown* the_object;
static HWND page_window, owner;
static int press;  // PSBTN_OK or PSBTN_CANCEL, from the timer

static HRESULT WINAPI page_qi(IPropertyPage* This, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &iid_property_page)) {
    *out = This;
    This->lpVtbl->AddRef(This);
    return S_OK;
  }
  *out = 0;
  return E_NOINTERFACE;
}
static ULONG WINAPI page_addref(IPropertyPage* This) { return InterlockedIncrement(&((Page*)This)->refs); }
static ULONG WINAPI page_release(IPropertyPage* This) {
  Page* p = (Page*)This;
  LONG r = InterlockedDecrement(&p->refs);
  if (r == 0) {
    printf("  page freed\n");
    if (p->site) p->site->lpVtbl->Release(p->site);
    HeapFree(GetProcessHeap(), 0, p);
  }
  return r;
}
static HRESULT WINAPI page_set_site(IPropertyPage* This, IPropertyPageSite* site) {
  Page* p = (Page*)This;
  printf("  SetPageSite (site %d)\n", site != 0);
  if (p->site) p->site->lpVtbl->Release(p->site);
  p->site = site;
  if (site) {
    site->lpVtbl->AddRef(site);
    LCID lcid = 0;
    HRESULT hr = site->lpVtbl->GetLocaleID(site, &lcid);
    IUnknown* unk = 0;
    HRESULT qi = site->lpVtbl->QueryInterface(site, &iid_page_site, (void**)&unk);
    if (unk) unk->lpVtbl->Release(unk);
    IUnknown* container = (IUnknown*)1;
    HRESULT pc = site->lpVtbl->GetPageContainer(site, &container);
    printf("    site: GetLocaleID %08lx lcid %04lx, QueryInterface(IPropertyPageSite) %08lx, GetPageContainer %08lx\n", hr,
           lcid, qi, pc);
  }
  return S_OK;
}
static HRESULT WINAPI page_activate(IPropertyPage* This, HWND parent, LPCRECT rect, BOOL modal) {
  Page* p = (Page*)This;
  RECT client;
  GetClientRect(parent, &client);
  wchar_t cls[64];
  GetClassNameW(parent, cls, 64);
  HWND sheet = GetParent(parent);
  printf("  Activate (parent a child %ls of the sheet %d, rect at 0,0 %d, the parent's client %d, modal %d)\n", cls,
         GetDlgItem(sheet, IDOK) != 0, rect->left == 0 && rect->top == 0, EqualRect(rect, &client) != 0, modal);
  p->window = CreateWindowW(L"Static", L"Page text", WS_CHILD | WS_VISIBLE, 4, 4, 100, 16, parent, 0, 0, 0);
  page_window = p->window;
  return S_OK;
}
static HRESULT WINAPI page_deactivate(IPropertyPage* This) {
  Page* p = (Page*)This;
  printf("  Deactivate (the page's window still there %d)\n", IsWindow(p->window) != 0);
  DestroyWindow(p->window);
  p->window = 0;
  return S_OK;
}
static HRESULT WINAPI page_get_info(IPropertyPage* This, PROPPAGEINFO* info) {
  printf("  GetPageInfo\n");
  info->pszTitle = CoTaskMemAlloc(sizeof L"Settings");
  memcpy(info->pszTitle, L"Settings", sizeof L"Settings");
  info->size.cx = 240;
  info->size.cy = 120;
  info->pszDocString = 0;
  info->pszHelpFile = 0;
  info->dwHelpContext = 0;
  return S_OK;
}
static HRESULT WINAPI page_set_objects(IPropertyPage* This, ULONG count, IUnknown** objects) {
  printf("  SetObjects (%lu objects, the program's %d)\n", count, count > 0 && objects[0] == the_object);
  return S_OK;
}
static HRESULT WINAPI page_show(IPropertyPage* This, UINT cmd) {
  printf("  Show %u\n", cmd);
  ShowWindow(((Page*)This)->window, cmd);
  return S_OK;
}
static HRESULT WINAPI page_move(IPropertyPage* This, LPCRECT rect) {
  printf("  Move\n");
  return S_OK;
}
static HRESULT WINAPI page_is_dirty(IPropertyPage* This) {
  printf("  IsPageDirty -> %s\n", ((Page*)This)->dirty ? "S_OK" : "S_FALSE");
  return ((Page*)This)->dirty ? S_OK : S_FALSE;
}
static HRESULT WINAPI page_apply(IPropertyPage* This) {
  printf("  Apply\n");
  ((Page*)This)->dirty = 0;
  return S_OK;
}
static HRESULT WINAPI page_help(IPropertyPage* This, LPCOLESTR dir) {
  printf("  Help\n");
  return E_NOTIMPL;
}
static HRESULT WINAPI page_translate(IPropertyPage* This, MSG* msg) { return S_FALSE; }

static IPropertyPageVtbl page_vtbl = {page_qi, page_addref, page_release, page_set_site, page_activate,
                                      page_deactivate, page_get_info, page_set_objects, page_show, page_move,
                                      page_is_dirty, page_apply, page_help, page_translate};
static Page* last_page;

static HRESULT WINAPI factory_qi(IClassFactory* This, REFIID iid, void** out) {
  if (IsEqualIID(iid, &IID_IUnknown) || IsEqualIID(iid, &IID_IClassFactory)) {
    *out = This;
    return S_OK;
  }
  *out = 0;
  return E_NOINTERFACE;
}
static ULONG WINAPI factory_addref(IClassFactory* This) { return 2; }
static ULONG WINAPI factory_release(IClassFactory* This) { return 1; }
static HRESULT WINAPI factory_create(IClassFactory* This, IUnknown* outer, REFIID iid, void** out) {
  printf("  IClassFactory::CreateInstance (outer %d)\n", outer != 0);
  Page* p = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(Page));
  p->iface.lpVtbl = &page_vtbl;
  p->refs = 1;
  last_page = p;
  HRESULT hr = page_qi(&p->iface, iid, out);
  page_release(&p->iface);
  return hr;
}
static HRESULT WINAPI factory_lock(IClassFactory* This, BOOL lock) { return S_OK; }
static IClassFactoryVtbl factory_vtbl = {factory_qi, factory_addref, factory_release, factory_create, factory_lock};
static IClassFactory factory = {&factory_vtbl};

static HRESULT WINAPI object_qi(IUnknown* This, REFIID iid, void** out) {
  *out = IsEqualIID(iid, &IID_IUnknown) ? This : 0;
  return *out ? S_OK : E_NOINTERFACE;
}
static ULONG WINAPI object_addref(IUnknown* This) { return 2; }
static ULONG WINAPI object_release(IUnknown* This) { return 1; }
static IUnknownVtbl object_vtbl = {object_qi, object_addref, object_release};
static IUnknown object = {&object_vtbl};

static void CALLBACK timer(HWND h, UINT m, UINT_PTR id, DWORD t) {
  KillTimer(0, id);
  HWND page = GetParent(page_window);
  HWND sheet = GetParent(page);
  wchar_t title[128], tab_text[64] = L"";
  GetWindowTextW(sheet, title, 128);
  HWND tab = (HWND)SendMessageW(sheet, PSM_GETTABCONTROL, 0, 0);
  TCITEMW item = {0};
  item.mask = TCIF_TEXT;
  item.pszText = tab_text;
  item.cchTextMax = 64;
  SendMessageW(tab, TCM_GETITEMW, 0, (LPARAM)&item);
  RECT pr, wr;
  GetClientRect(page, &pr);
  GetWindowRect(page_window, &wr);
  printf("timer: sheet \"%ls\", %d tabs, the first \"%ls\"; the page's window visible %d\n", title,
         (int)SendMessageW(tab, TCM_GETITEMCOUNT, 0, 0), tab_text, IsWindowVisible(page_window) != 0);
  printf("  owner enabled %d\n", IsWindowEnabled(owner) != 0);
  if (press == PSBTN_OK) {
    last_page->dirty = 1;
    HRESULT hr = last_page->site->lpVtbl->OnStatusChange(last_page->site, PROPPAGESTATUS_DIRTY);
    printf("  OnStatusChange(PROPPAGESTATUS_DIRTY) %08lx\n", hr);
    printf("  apply button enabled %d\n", IsWindowEnabled(GetDlgItem(sheet, 0x3021)) != 0);
  }
  printf("  PSM_PRESSBUTTON %s\n", press == PSBTN_OK ? "PSBTN_OK" : "PSBTN_CANCEL");
  PostMessageW(sheet, PSM_PRESSBUTTON, press, 0);
}

int main(void) {
  InitCommonControls();
  printf("CoInitialize %08lx\n", CoInitialize(0));
  DWORD cookie = 0;
  printf("CoRegisterClassObject %08lx\n",
         CoRegisterClassObject(&clsid_page, (IUnknown*)&factory, CLSCTX_INPROC_SERVER, REGCLS_MULTIPLEUSE, &cookie));
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = DefWindowProcW;
  wc.hInstance = GetModuleHandleW(0);
  wc.lpszClassName = L"FrameOwner";
  RegisterClassW(&wc);
  owner = CreateWindowW(L"FrameOwner", L"owner", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 10, 10, 300, 200, 0, 0,
                        wc.hInstance, 0);
  the_object = &object;

  printf("OleCreatePropertyFrameIndirect (a registered page and a missing one), OK:\n");
  CLSID pages[2] = {clsid_missing, clsid_page};
  OCPFIPARAMS params = {0};
  params.cbStructSize = sizeof params;
  params.hWndOwner = owner;
  params.lpszCaption = L"Widget";
  params.cObjects = 1;
  params.lplpUnk = &the_object;
  params.cPages = 2;
  params.lpPages = pages;
  params.lcid = 0x0409;
  press = PSBTN_OK;
  SetTimer(0, 0, 50, timer);
  HRESULT hr = OleCreatePropertyFrameIndirect(&params);
  printf("  -> %08lx, owner enabled %d\n", hr, IsWindowEnabled(owner) != 0);

  printf("OleCreatePropertyFrame, Cancel:\n");
  press = PSBTN_CANCEL;
  SetTimer(0, 0, 50, timer);
  hr = OleCreatePropertyFrame(owner, 0, 0, L"Gadget", 1, &the_object, 1, (CLSID*)&clsid_page, 0x0407, 0, 0);
  printf("  -> %08lx\n", hr);

  printf("errors:\n");
  printf("  NULL parameters %08lx\n", OleCreatePropertyFrameIndirect(0));
  params.cbStructSize = sizeof params - 4;
  printf("  a wrong size %08lx\n", OleCreatePropertyFrameIndirect(&params));

  hr = CoRevokeClassObject(cookie);
  printf("CoRevokeClassObject %08lx", hr);
  printf(", again %08lx\n", CoRevokeClassObject(cookie));
  IUnknown* unk = (IUnknown*)1;
  hr = CoCreateInstance(&clsid_page, 0, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void**)&unk);
  printf("CoCreateInstance after it %08lx (object %d)\n", hr, unk != 0);
  DestroyWindow(owner);
  CoUninitialize();
  return 0;
}
