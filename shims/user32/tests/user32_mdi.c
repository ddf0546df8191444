/* The multiple-document interface: a frame with an MDIClient whose Window menu lists the
 * children; children made by WM_MDICREATE, CreateMDIWindow and CreateWindowEx(WS_EX_MDICHILD)
 * (their ids, styles, and the MDICREATESTRUCT their WM_CREATE sees); WM_MDIGETACTIVE, WM_MDINEXT
 * and WM_MDIACTIVATE (the children's WM_MDIACTIVATE notifications); WM_MDIMAXIMIZE (the frame's
 * title) and WM_MDIRESTORE; WM_MDICASCADE and WM_MDITILE (where the children go);
 * WM_MDIDESTROY (the ids and the menu after it); the frame's WM_COMMAND for a Window menu item
 * through DefFrameProc; TranslateMDISysAccel. Expected output: wine 8.0's (x64). */
#include <stdio.h>
#include <windows.h>

static HWND frame, client;
static HMENU window_menu;
static HWND kids[4];

static int index_of(HWND h) {
  for (int i = 0; i < 4; i++)
    if (kids[i] && kids[i] == h) return i;
  return h ? 9 : -1;
}

static LRESULT CALLBACK child_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  if (msg == WM_CREATE) {
    CREATESTRUCTW* cs = (CREATESTRUCTW*)lp;
    MDICREATESTRUCTW* mcs = (MDICREATESTRUCTW*)cs->lpCreateParams;
    printf("  WM_CREATE: title %ls, mdi lParam %ld\n", cs->lpszName, mcs ? (long)mcs->lParam : -1L);
  } else if (msg == WM_MDIACTIVATE) {
    printf("  child %d: WM_MDIACTIVATE deactivated %d activated %d\n", index_of(hwnd), index_of((HWND)wp), index_of((HWND)lp));
  }
  return DefMDIChildProcW(hwnd, msg, wp, lp);
}

static LRESULT CALLBACK frame_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
  return DefFrameProcW(hwnd, client, msg, wp, lp);
}

static void show_menu(const char* when) {
  int n = GetMenuItemCount(window_menu);
  printf("%s: Window menu %d items:", when, n);
  for (int i = 0; i < n; i++) {
    WCHAR text[64] = L"";
    GetMenuStringW(window_menu, i, text, 64, MF_BYPOSITION);
    UINT state = GetMenuState(window_menu, i, MF_BYPOSITION);
    printf(" [%u %ls%s%s]", GetMenuItemID(window_menu, i), text, (state & MF_SEPARATOR) ? " sep" : "",
           (state & MF_CHECKED) ? " checked" : "");
  }
  printf("\n");
}

static void show_active(const char* when) {
  BOOL maximized = 7;
  HWND a = (HWND)SendMessageW(client, WM_MDIGETACTIVE, 0, (LPARAM)&maximized);
  WCHAR title[128] = L"";
  GetWindowTextW(frame, title, 128);
  printf("%s: active %d maximized %d, frame title \"%ls\"\n", when, index_of(a), maximized, title);
}

static void show_places(const char* when) {
  printf("%s:", when);
  for (int i = 0; i < 4; i++) {
    if (!kids[i] || !IsWindow(kids[i])) continue;
    RECT r;
    GetWindowRect(kids[i], &r);
    MapWindowPoints(NULL, client, (POINT*)&r, 2);
    printf(" %d:(%ld,%ld %ldx%ld)", i, r.left, r.top, r.right - r.left, r.bottom - r.top);
  }
  printf("\n");
}

int main(void) {
  HINSTANCE inst = GetModuleHandleW(NULL);
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = frame_proc;
  wc.hInstance = inst;
  wc.lpszClassName = L"PolyrunMdiFrame";
  RegisterClassW(&wc);
  wc.lpfnWndProc = child_proc;
  wc.lpszClassName = L"PolyrunMdiChild";
  RegisterClassW(&wc);

  HMENU bar = CreateMenu();
  window_menu = CreatePopupMenu();
  AppendMenuW(window_menu, MF_STRING, 40001, L"&Cascade");
  AppendMenuW(window_menu, MF_STRING, 40002, L"&Tile");
  AppendMenuW(bar, MF_POPUP, (UINT_PTR)window_menu, L"&Window");
  frame = CreateWindowW(L"PolyrunMdiFrame", L"Frame", WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN, 0, 0, 640, 480, NULL, bar,
                        inst, NULL);
  CLIENTCREATESTRUCT ccs = {window_menu, 100};
  client = CreateWindowW(L"MDIClient", NULL, WS_CHILD | WS_CLIPCHILDREN | WS_VISIBLE, 0, 0, 600, 400, frame, NULL,
                         inst, &ccs);
  WCHAR cls[64] = L"";
  GetClassNameW(client, cls, 64);
  printf("client class %ls\n", cls);
  ShowWindow(frame, SW_SHOW);
  show_menu("no children");

  MDICREATESTRUCTW mcs = {L"PolyrunMdiChild", L"Doc 1", inst, CW_USEDEFAULT, CW_USEDEFAULT, CW_USEDEFAULT, CW_USEDEFAULT, 0, 11};
  printf("WM_MDICREATE:\n");
  kids[0] = (HWND)SendMessageW(client, WM_MDICREATE, 0, (LPARAM)&mcs);
  printf("CreateMDIWindow:\n");
  kids[1] = CreateMDIWindowW(L"PolyrunMdiChild", L"Doc 2", 0, CW_USEDEFAULT, CW_USEDEFAULT, 200, 150, client, inst, 22);
  printf("CreateWindowEx(WS_EX_MDICHILD):\n");
  kids[2] = CreateWindowExW(WS_EX_MDICHILD, L"PolyrunMdiChild", L"Doc 3", 0, 30, 40, 250, 180, client, NULL, inst,
                            (LPVOID)33);
  for (int i = 0; i < 3; i++) {
    LONG style = GetWindowLongW(kids[i], GWL_STYLE);
    printf("child %d: id %ld, WS_CHILD %d WS_VISIBLE %d WS_CAPTION %d WS_THICKFRAME %d, exstyle MDICHILD %d\n", i,
           (long)GetWindowLongPtrW(kids[i], GWLP_ID), !!(style & WS_CHILD), !!(style & WS_VISIBLE),
           (style & WS_CAPTION) == WS_CAPTION, !!(style & WS_THICKFRAME),
           !!(GetWindowLongW(kids[i], GWL_EXSTYLE) & WS_EX_MDICHILD));
  }
  show_active("three children");
  show_menu("three children");

  printf("WM_MDIACTIVATE child 0:\n");
  SendMessageW(client, WM_MDIACTIVATE, (WPARAM)kids[0], 0);
  show_active("after WM_MDIACTIVATE");
  printf("WM_MDINEXT:\n");
  SendMessageW(client, WM_MDINEXT, 0, 0);
  show_active("after WM_MDINEXT");
  printf("WM_MDINEXT previous:\n");
  SendMessageW(client, WM_MDINEXT, 0, 1);
  show_active("after WM_MDINEXT previous");

  printf("WM_MDIMAXIMIZE child 1:\n");
  SendMessageW(client, WM_MDIMAXIMIZE, (WPARAM)kids[1], 0);
  show_active("maximized");
  RECT cr, kr;
  GetClientRect(client, &cr);
  GetClientRect(kids[1], &kr);
  printf("maximized child's client %ldx%ld in the MDI client's %ldx%ld\n", kr.right, kr.bottom, cr.right, cr.bottom);
  SetWindowTextW(frame, L"Frame Renamed");
  show_active("frame renamed");
  printf("WM_MDIRESTORE:\n");
  SendMessageW(client, WM_MDIRESTORE, (WPARAM)kids[1], 0);
  show_active("restored");

  SendMessageW(client, WM_MDICASCADE, 0, 0);
  show_places("cascaded");
  SendMessageW(client, WM_MDITILE, MDITILE_VERTICAL, 0);
  show_places("tiled vertically");
  SendMessageW(client, WM_MDITILE, MDITILE_HORIZONTAL, 0);
  show_places("tiled horizontally");

  printf("Window menu command for child 2:\n");
  SendMessageW(frame, WM_COMMAND, MAKEWPARAM(102, 0), 0);
  show_active("after the command");

  MSG m = {client, WM_KEYDOWN, VK_F4, 0};
  printf("TranslateMDISysAccel(F4 without Ctrl) %d\n", TranslateMDISysAccel(client, &m));

  printf("WM_MDIDESTROY child 0:\n");
  SendMessageW(client, WM_MDIDESTROY, (WPARAM)kids[0], 0);
  printf("child 0 is a window %d\n", IsWindow(kids[0]));
  kids[0] = NULL;
  printf("ids now: %ld %ld\n", (long)GetWindowLongPtrW(kids[1], GWLP_ID), (long)GetWindowLongPtrW(kids[2], GWLP_ID));
  show_active("after destroying");
  show_menu("after destroying");
  printf("WM_CLOSE to child 2:\n");
  SendMessageW(kids[2], WM_CLOSE, 0, 0);
  printf("child 2 is a window %d\n", IsWindow(kids[2]));
  kids[2] = NULL;
  show_active("after closing");
  show_menu("after closing");
  DestroyWindow(frame);
  return 0;
}
