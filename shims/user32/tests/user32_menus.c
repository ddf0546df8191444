// Menus: a MENU and a MENUEX resource loaded and read back (counts, ids, states, strings,
// GetMenuItemInfo's fields), menus built and changed (check marks, radio checks, enabling,
// inserting, deleting, removing, modifying, the default item, SetMenuItemInfo, SetMenuInfo),
// errors for bad handles and items, a window's menu (SetMenu, GetMenu, the class's menu, the
// client area losing the menu bar's height, GetMenuBarInfo, GetMenuItemRect), the system menu's
// items, and the modal menu loop: TrackPopupMenu closed by EndMenu from a timer, an item of a
// popup and of the menu bar chosen with key messages posted to the thread (the menu loop takes
// them as the keyboard's; USER32 has no keybd_event or SendInput yet, so a choice by real keys is
// left to an xdotool test), with the menu messages the window gets. The same program under wine
// 8.0 on Xvfb gives the expected output; only the system menu's first seven items are printed, as
// Windows' system menu has those and wine adds a separator and "About Wine".
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>
#include <string.h>

static HMENU names_h[8];
static const char* names_s[8];
static int names_n;
static void name(HMENU h, const char* s) { names_h[names_n] = h; names_s[names_n++] = s; }
static const char* nm(HMENU h) {
  if (!h) return "null";
  for (int i = 0; i < names_n; ++i)
    if (names_h[i] == h) return names_s[i];
  return "other";
}

static int logging;
static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (logging) {
    switch (m) {
      case WM_ENTERMENULOOP: printf("  WM_ENTERMENULOOP %d\n", (int)w); break;
      case WM_EXITMENULOOP: printf("  WM_EXITMENULOOP %d\n", (int)w); break;
      case WM_INITMENU: printf("  WM_INITMENU %s\n", nm((HMENU)w)); break;
      case WM_INITMENUPOPUP: printf("  WM_INITMENUPOPUP %s pos %d sys %d\n", nm((HMENU)w), LOWORD(l), HIWORD(l)); break;
      case WM_UNINITMENUPOPUP: printf("  WM_UNINITMENUPOPUP %s %x\n", nm((HMENU)w), HIWORD(l)); break;
      case WM_MENUSELECT: printf("  WM_MENUSELECT item %u flags %04x %s\n", LOWORD(w), HIWORD(w), nm((HMENU)l)); break;
      case WM_COMMAND: printf("  WM_COMMAND %u %u %d\n", LOWORD(w), HIWORD(w), (int)l); break;
      case WM_SYSCOMMAND: printf("  WM_SYSCOMMAND %04x\n", (unsigned)(w & 0xfff0)); break;
      case WM_MENUCHAR: printf("  WM_MENUCHAR\n"); break;
    }
  }
  if (m == WM_TIMER && w == 7) {
    KillTimer(h, 7);
    BOOL r = EndMenu();
    printf("  timer: EndMenu %d\n", r);
    return 0;
  }
  return DefWindowProcA(h, m, w, l);
}

static void dump(HMENU m, int depth) {
  int n = GetMenuItemCount(m);
  printf("%*smenu %s: %d items\n", depth * 2, "", nm(m), n);
  for (int i = 0; i < n; ++i) {
    char text[64] = "";
    UINT id = GetMenuItemID(m, i);
    UINT state = GetMenuState(m, i, MF_BYPOSITION);
    int len = GetMenuStringA(m, i, text, sizeof text, MF_BYPOSITION);
    int len0 = GetMenuStringA(m, i, NULL, 0, MF_BYPOSITION);
    MENUITEMINFOA mi;
    char buf[64] = "";
    memset(&mi, 0, sizeof mi);
    mi.cbSize = sizeof mi;
    mi.fMask = MIIM_ID | MIIM_STATE | MIIM_SUBMENU | MIIM_FTYPE | MIIM_STRING | MIIM_DATA | MIIM_CHECKMARKS | MIIM_BITMAP;
    mi.dwTypeData = buf;
    mi.cch = sizeof buf;
    BOOL ok = GetMenuItemInfoA(m, i, TRUE, &mi);
    char wid[16];
    if (mi.hSubMenu && mi.wID == (UINT)(UINT_PTR)mi.hSubMenu) strcpy(wid, "handle");
    else sprintf(wid, "%u", mi.wID);
    printf("%*s %d: id %d state %x len %d/%d \"%s\" | info %d type %x state %x id %s sub %s cch %u \"%s\" data %d checks %d %d bmp %d\n",
           depth * 2, "", i, (int)id, state, len, len0, text, ok, mi.fType, mi.fState, wid,
           mi.hSubMenu ? "yes" : "no", mi.cch, buf, (int)mi.dwItemData, mi.hbmpChecked != 0, mi.hbmpUnchecked != 0,
           mi.hbmpItem != 0);
    if (mi.hSubMenu) {
      if (!strcmp(nm(mi.hSubMenu), "other")) name(mi.hSubMenu, depth ? "sub2" : (i ? "sub1" : "sub0"));
      dump(mi.hSubMenu, depth + 1);
    }
  }
}

static HWND make(const char* cls, HMENU menu) {
  return CreateWindowExA(0, cls, "menus", WS_OVERLAPPEDWINDOW, 10, 10, 500, 300, NULL, menu, GetModuleHandleA(NULL), NULL);
}

static int client_h(HWND h) {
  RECT r;
  GetClientRect(h, &r);
  return r.bottom - r.top;
}

static void pump(void) {
  MSG msg;
  while (PeekMessageA(&msg, 0, 0, 0, PM_REMOVE)) DispatchMessageA(&msg);
}

int main(void) {
  WNDCLASSA wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "menus";
  wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
  RegisterClassA(&wc);
  wc.lpszClassName = "menus_with_menu";
  wc.lpszMenuName = MAKEINTRESOURCEA(1);
  RegisterClassA(&wc);

  printf("-- resources\n");
  HMENU bar = LoadMenuA(GetModuleHandleA(NULL), MAKEINTRESOURCEA(1));
  name(bar, "bar");
  printf("menu loaded %d ismenu %d\n", bar != NULL, IsMenu(bar));
  dump(bar, 0);
  names_n = 1;
  HMENU ex = LoadMenuW(NULL, MAKEINTRESOURCEW(2));
  name(ex, "ex");
  printf("menuex loaded %d\n", ex != NULL);
  dump(ex, 0);
  printf("bar help id %lu\n", GetMenuContextHelpId(bar));
  SetLastError(0);
  HMENU none = LoadMenuA(GetModuleHandleA(NULL), MAKEINTRESOURCEA(99));
  DWORD e = GetLastError();
  printf("missing resource %d error %lu\n", none != NULL, e);

  printf("-- errors\n");
  HMENU bad = (HMENU)(ULONG_PTR)0xdead;
  int c = GetMenuItemCount(bad);
  printf("count of bad %d ismenu %d\n", c, IsMenu(bad));
  HMENU file = GetSubMenu(bar, 0);
  name(file, "file");
  UINT st = GetMenuState(file, 999, MF_BYCOMMAND);
  UINT id = GetMenuItemID(file, 99);
  printf("state of missing %d, id of missing position %d\n", (int)st, (int)id);
  MENUITEMINFOA mi;
  memset(&mi, 0, sizeof mi);
  mi.cbSize = sizeof mi;
  mi.fMask = MIIM_ID;
  SetLastError(0);
  BOOL ok = GetMenuItemInfoA(file, 999, FALSE, &mi);
  e = GetLastError();
  printf("info of missing %d error %lu\n", ok, e);
  ok = DeleteMenu(file, 999, MF_BYCOMMAND);
  BOOL ok2 = DestroyMenu(bad);
  printf("delete missing %d, destroy bad %d\n", ok, ok2);
  HMENU sub = GetSubMenu(file, 0);
  printf("submenu of plain item %d\n", sub != NULL);
  DWORD prev = CheckMenuItem(file, 999, MF_BYCOMMAND | MF_CHECKED);
  printf("check missing %d\n", (int)prev);

  printf("-- changes\n");
  prev = CheckMenuItem(bar, 102, MF_BYCOMMAND | MF_CHECKED);
  DWORD prev2 = CheckMenuItem(file, 102, MF_BYCOMMAND | MF_CHECKED);
  printf("check 102 (through the bar) was %lx, again %lx, state %x\n", prev, prev2, GetMenuState(file, 102, MF_BYCOMMAND));
  prev = EnableMenuItem(file, 1, MF_BYPOSITION | MF_GRAYED);
  prev2 = EnableMenuItem(file, 1, MF_BYPOSITION | MF_ENABLED);
  DWORD prev3 = EnableMenuItem(file, 999, MF_BYCOMMAND | MF_GRAYED);
  printf("enable: was %lx then %lx, missing %d\n", prev, prev2, (int)prev3);
  ok = CheckMenuRadioItem(file, 0, 1, 0, MF_BYPOSITION);
  printf("radio %d: states %x %x\n", ok, GetMenuState(file, 0, MF_BYPOSITION), GetMenuState(file, 1, MF_BYPOSITION));
  memset(&mi, 0, sizeof mi);
  mi.cbSize = sizeof mi;
  mi.fMask = MIIM_FTYPE;
  GetMenuItemInfoA(file, 0, TRUE, &mi);
  printf("radio item type %x\n", mi.fType);
  ok = InsertMenuA(file, 1, MF_BYPOSITION | MF_STRING, 150, "&Inserted");
  ok2 = InsertMenuA(file, 103, MF_BYCOMMAND | MF_STRING | MF_GRAYED, 151, "Before exit");
  BOOL ok3 = AppendMenuA(file, MF_STRING, 152, "Appended");
  printf("insert %d %d append %d\n", ok, ok2, ok3);
  ok = InsertMenuA(file, 9999, MF_BYCOMMAND | MF_STRING, 170, "Nowhere");
  memset(&mi, 0, sizeof mi);
  mi.cbSize = sizeof mi;
  mi.fMask = MIIM_ID | MIIM_STRING;
  mi.wID = 171;
  mi.dwTypeData = "Nowhere either";
  ok2 = InsertMenuItemA(file, 9999, FALSE, &mi);
  ok3 = InsertMenuA(file, -1, MF_BYCOMMAND | MF_SEPARATOR, 0, NULL);
  int cnt = GetMenuItemCount(file);
  printf("insert before a missing command %d, item %d, before -1 %d: %d items\n", ok, ok2, ok3, cnt);
  ok = DeleteMenu(file, GetMenuItemCount(file) - 1, MF_BYPOSITION);
  printf("delete last %d\n", ok);
  dump(file, 0);
  ok = DeleteMenu(file, 150, MF_BYCOMMAND);
  ok2 = RemoveMenu(file, 0, MF_BYPOSITION);
  ok3 = ModifyMenuA(file, 151, MF_BYCOMMAND | MF_STRING, 160, "Modified");
  printf("delete %d remove %d modify %d\n", ok, ok2, ok3);
  ok = SetMenuDefaultItem(file, 160, FALSE);
  UINT def = GetMenuDefaultItem(file, FALSE, 0);
  UINT defpos = GetMenuDefaultItem(file, TRUE, 0);
  ok2 = SetMenuDefaultItem(file, 999, FALSE);
  UINT def2 = GetMenuDefaultItem(file, FALSE, 0);
  printf("default %d: %d at %d; missing %d, then %d\n", ok, (int)def, (int)defpos, ok2, (int)def2);
  HMENU edit = GetSubMenu(bar, 1);
  name(edit, "edit");
  ok = DeleteMenu(bar, 211, MF_BYCOMMAND);
  printf("delete 211 through the bar %d, More has %d\n", ok, GetMenuItemCount(GetSubMenu(edit, 2)));
  HMENU more = GetSubMenu(edit, 2);
  ok = RemoveMenu(edit, 2, MF_BYPOSITION);
  ok2 = IsMenu(more);
  ok3 = DestroyMenu(more);
  printf("remove More %d ismenu %d; destroy %d ismenu %d\n", ok, ok2, ok3, IsMenu(more));
  dump(file, 0);

  printf("-- built\n");
  HMENU pop = CreatePopupMenu();
  name(pop, "popup");
  AppendMenuW(pop, MF_STRING, 11, L"&One");
  AppendMenuW(pop, MF_STRING | MF_CHECKED, 12, L"&Two");
  AppendMenuW(pop, MF_SEPARATOR, 0, NULL);
  AppendMenuW(pop, MF_STRING | MF_DISABLED, 13, L"Three");
  memset(&mi, 0, sizeof mi);
  mi.cbSize = sizeof mi;
  mi.fMask = MIIM_STRING | MIIM_DATA | MIIM_ID;
  mi.dwTypeData = "Four";
  mi.dwItemData = 44;
  mi.wID = 14;
  ok = InsertMenuItemA(pop, 99, TRUE, &mi);
  MENUITEMINFOW wi;
  memset(&wi, 0, sizeof wi);
  wi.cbSize = sizeof wi;
  wi.fMask = MIIM_STATE;
  wi.fState = MFS_HILITE | MFS_CHECKED;
  ok2 = SetMenuItemInfoW(pop, 11, FALSE, &wi);
  printf("insert item %d, set info %d\n", ok, ok2);
  ok = HiliteMenuItem(NULL, pop, 0, MF_BYPOSITION | MF_UNHILITE);
  dump(pop, 0);
  MENUINFO info;
  memset(&info, 0, sizeof info);
  info.cbSize = sizeof info;
  info.fMask = MIM_MAXHEIGHT | MIM_MENUDATA | MIM_STYLE | MIM_HELPID;
  info.cyMax = 300;
  info.dwMenuData = 77;
  info.dwStyle = MNS_NOTIFYBYPOS;
  info.dwContextHelpID = 9;
  ok = SetMenuInfo(pop, &info);
  memset(&info, 0, sizeof info);
  info.cbSize = sizeof info;
  info.fMask = MIM_MAXHEIGHT | MIM_MENUDATA | MIM_STYLE | MIM_HELPID | MIM_BACKGROUND;
  ok2 = GetMenuInfo(pop, &info);
  printf("menu info %d %d: max %u data %d style %lx help %lu brush %d\n", ok, ok2, info.cyMax, (int)info.dwMenuData,
         info.dwStyle, info.dwContextHelpID, info.hbrBack != 0);
  info.fMask = MIM_STYLE;
  info.dwStyle = 0;
  SetMenuInfo(pop, &info);
  memset(&wi, 0, sizeof wi);
  wi.cbSize = sizeof wi;
  wi.fMask = MIIM_TYPE;
  wi.fType = MFT_STRING;
  wi.dwTypeData = L"Wide";
  ok = SetMenuItemInfoW(pop, 14, FALSE, &wi);
  WCHAR wbuf[32];
  int wl = GetMenuStringW(pop, 14, wbuf, 32, MF_BYCOMMAND);
  int wl3 = GetMenuStringW(pop, 14, wbuf, 3, MF_BYCOMMAND);
  printf("set type %d: %d %d \"%ls\"\n", ok, wl, wl3, wbuf);
  LONG dims = GetMenuCheckMarkDimensions();
  printf("check mark size is SM_CXMENUCHECK x SM_CYMENUCHECK: %d\n",
         LOWORD(dims) == GetSystemMetrics(SM_CXMENUCHECK) && HIWORD(dims) == GetSystemMetrics(SM_CYMENUCHECK));
  HMENU top = CreateMenu();
  AppendMenuA(top, MF_POPUP | MF_STRING, (UINT_PTR)pop, "&Pop");
  AppendMenuA(top, MF_STRING, 21, "&Go");
  printf("bar built: %d items, state of popup %x, id %d\n", GetMenuItemCount(top), GetMenuState(top, 0, MF_BYPOSITION),
         (int)GetMenuItemID(top, 0));

  printf("-- windows\n");
  HWND hw = make("menus", NULL);
  int h0 = client_h(hw);
  HMENU got = GetMenu(hw);
  ok = SetMenu(hw, bar);
  HMENU got2 = GetMenu(hw);
  int h1 = client_h(hw);
  printf("no menu %d; SetMenu %d, GetMenu is the bar %d; client lost SM_CYMENU %d\n", got != NULL, ok, got2 == bar,
         h0 - h1 == GetSystemMetrics(SM_CYMENU));
  ok = DrawMenuBar(hw);
  MENUBARINFO mbi;
  memset(&mbi, 0, sizeof mbi);
  mbi.cbSize = sizeof mbi;
  ok2 = GetMenuBarInfo(hw, OBJID_MENU, 0, &mbi);
  printf("DrawMenuBar %d, bar info %d menu is bar %d height is SM_CYMENU %d\n", ok, ok2, mbi.hMenu == bar,
         mbi.rcBar.bottom - mbi.rcBar.top == GetSystemMetrics(SM_CYMENU));
  RECT ir;
  ok = GetMenuItemRect(hw, bar, 0, &ir);
  printf("item rect %d, inside the bar %d\n", ok, ir.left >= mbi.rcBar.left && ir.top >= mbi.rcBar.top &&
         ir.bottom <= mbi.rcBar.bottom && ir.right > ir.left);
  POINT pt = {ir.left + 2, ir.top + 2};
  int at = MenuItemFromPoint(hw, bar, pt);
  printf("item at its rect %d\n", at);
  ok = SetMenu(hw, NULL);
  int h2 = client_h(hw);
  printf("SetMenu(NULL) %d: GetMenu %d, client height back %d\n", ok, GetMenu(hw) != NULL, h2 == h0);
  SetLastError(0);
  ok = SetMenu(hw, bad);
  e = GetLastError();
  printf("SetMenu bad %d error %lu\n", ok, e);
  HWND hw2 = make("menus_with_menu", NULL);
  HMENU cm = GetMenu(hw2);
  printf("class menu %d items %d\n", cm != NULL, GetMenuItemCount(cm));
  DestroyWindow(hw2);
  printf("class menu after its window %d\n", IsMenu(cm));

  printf("-- system menu\n");
  HMENU sys = GetSystemMenu(hw, FALSE);
  name(sys, "sys");
  int sn = GetMenuItemCount(sys);
  printf("system menu %d, at least 7 items %d\n", sys != NULL, sn >= 7);
  for (int i = 0; i < 7; ++i) {
    char text[64] = "";
    GetMenuStringA(sys, i, text, sizeof text, MF_BYPOSITION);
    printf(" %d: id %04x \"%s\"\n", i, GetMenuItemID(sys, i), text);
  }
  HMENU sys2 = GetSystemMenu(hw, FALSE);
  HMENU rev = GetSystemMenu(hw, TRUE);
  printf("same again %d, revert gives %d\n", sys2 == sys, rev != NULL);

  printf("-- tracking\n");
  SetMenu(hw, bar);
  ShowWindow(hw, SW_SHOW);
  UpdateWindow(hw);
  SetForegroundWindow(hw);
  pump();
  logging = 1;
  SetTimer(hw, 7, 200, NULL);
  int r = TrackPopupMenu(pop, TPM_RETURNCMD | TPM_LEFTALIGN | TPM_TOPALIGN, 100, 100, 0, hw, NULL);
  printf("TrackPopupMenu closed by EndMenu: %d\n", r);
  PostMessageA(hw, WM_KEYDOWN, VK_DOWN, 0);
  PostMessageA(hw, WM_KEYDOWN, VK_DOWN, 0);
  PostMessageA(hw, WM_KEYDOWN, VK_RETURN, 0);
  r = TrackPopupMenu(pop, TPM_RETURNCMD | TPM_RIGHTALIGN | TPM_BOTTOMALIGN, 300, 300, 0, hw, NULL);
  printf("TrackPopupMenu with Down, Down, Enter: %d\n", r);
  pump();
  PostMessageA(hw, WM_KEYDOWN, VK_ESCAPE, 0);
  r = TrackPopupMenu(pop, TPM_NONOTIFY | TPM_CENTERALIGN | TPM_VCENTERALIGN, 300, 300, 0, hw, NULL);
  printf("TrackPopupMenu with Esc: %d\n", r);
  pump();
  PostMessageA(hw, WM_KEYDOWN, VK_RETURN, 0);
  SendMessageA(hw, WM_SYSCOMMAND, SC_KEYMENU, 'f');
  printf("menu bar by its mnemonic and Enter done\n");
  pump();
  logging = 0;
  SetLastError(0);
  ok = EndMenu();
  printf("EndMenu with no menu %d\n", ok);

  DestroyWindow(hw);
  printf("bar after its window %d\n", IsMenu(bar));
  ok = DestroyMenu(top);
  ok2 = IsMenu(pop);
  ok3 = DestroyMenu(ex);
  printf("destroy bar %d: popup inside it still a menu %d, ex %d\n", ok, ok2, ok3);
  return 0;
}
