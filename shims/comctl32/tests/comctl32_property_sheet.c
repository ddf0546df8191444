// COMCTL32's property sheets: a modeless sheet (PropertySheetW with PSH_PROPSHEETPAGE,
// PSH_USECALLBACK, PSH_PROPTITLE, PSH_USEHICON and a start page) driven with its PSM_* messages and
// a click on a tab, and modal sheets (PropertySheetA with an array of CreatePropertySheetPageA's
// pages) closed from a timer with PSM_PRESSBUTTON. The pages log what they get (WM_INITDIALOG with
// the PROPSHEETPAGE copy, the PSN_* notifications and their answers through DWLP_MSGRESULT,
// WM_DESTROY), the callbacks theirs; the sheet's layout is printed as relations of its buttons, tab
// control and page in its client coordinates.
// Links: -lcomctl32 -lgdi32 -luser32
#include <windows.h>
#include <commctrl.h>
#include <prsht.h>
#include <stdio.h>
#include <string.h>

#define PAGES 4
static HWND page_hwnd[PAGES];
static int refuse_kill = -1;     // the page that refuses the next PSN_KILLACTIVE
static int refuse_cancel;        // PSN_QUERYCANCEL refused while set
static int invalid_apply = -1;   // the page answering PSNRET_INVALID_NOCHANGEPAGE to the next PSN_APPLY
static HWND sheet;
static int modal_step;

static int page_of(HWND h) {
  for (int i = 0; i < PAGES; i++)
    if (page_hwnd[i] == h) return i;
  return -1;
}

static const char* psn_name(int code) {
  switch (code) {
    case PSN_SETACTIVE: return "PSN_SETACTIVE";
    case PSN_KILLACTIVE: return "PSN_KILLACTIVE";
    case PSN_APPLY: return "PSN_APPLY";
    case PSN_RESET: return "PSN_RESET";
    case PSN_HELP: return "PSN_HELP";
    case PSN_QUERYCANCEL: return "PSN_QUERYCANCEL";
    case PSN_WIZBACK: return "PSN_WIZBACK";
    case PSN_WIZNEXT: return "PSN_WIZNEXT";
    case PSN_WIZFINISH: return "PSN_WIZFINISH";
    case PSN_TRANSLATEACCELERATOR: return 0;
    case PSN_QUERYINITIALFOCUS: return 0;
  }
  return "other";
}

static INT_PTR CALLBACK page_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_INITDIALOG: {
      PROPSHEETPAGEW* psp = (PROPSHEETPAGEW*)l;
      int index = (int)psp->lParam;
      if (index >= 0 && index < PAGES) page_hwnd[index] = h;
      LONG style = GetWindowLongW(h, GWL_STYLE);
      printf("  page %d WM_INITDIALOG (lParam %d, child %d, visible %d, parent is the sheet %d)\n", index,
             (int)psp->lParam, (style & WS_CHILD) != 0, (style & WS_VISIBLE) != 0, GetParent(h) == sheet);
      return TRUE;
    }
    case WM_NOTIFY: {
      NMHDR* hdr = (NMHDR*)l;
      const char* name = psn_name((int)hdr->code);
      if (!name) return FALSE;
      int me = page_of(h);
      LRESULT answer = 0;
      if (hdr->code == PSN_KILLACTIVE && refuse_kill == me) {
        answer = TRUE;
        refuse_kill = -1;
      }
      if (hdr->code == PSN_QUERYCANCEL && refuse_cancel) answer = TRUE;
      if (hdr->code == PSN_APPLY && invalid_apply == me) {
        answer = PSNRET_INVALID_NOCHANGEPAGE;
        invalid_apply = -1;
      }
      printf("  page %d %s (lParam %d, from the sheet %d, id %d) -> %d\n", me, name, (int)((PSHNOTIFY*)l)->lParam,
             hdr->hwndFrom == GetParent(h), (int)hdr->idFrom, (int)answer);
      SetWindowLongPtrW(h, DWLP_MSGRESULT, answer);
      return TRUE;
    }
    case PSM_QUERYSIBLINGS: {
      int me = page_of(h);
      LRESULT answer = me == 1 ? 42 : 0;
      printf("  page %d PSM_QUERYSIBLINGS %d %d -> %d\n", me, (int)w, (int)l, (int)answer);
      SetWindowLongPtrW(h, DWLP_MSGRESULT, answer);
      return TRUE;
    }
    case WM_DESTROY:
      printf("  page %d WM_DESTROY\n", page_of(h));
      return FALSE;
  }
  return FALSE;
}

static UINT CALLBACK page_callback(HWND h, UINT msg, PROPSHEETPAGEW* psp) {
  const char* name = msg == PSPCB_ADDREF ? "PSPCB_ADDREF" : msg == PSPCB_CREATE ? "PSPCB_CREATE"
                   : msg == PSPCB_RELEASE ? "PSPCB_RELEASE" : "other";
  printf("  page callback %s (lParam %d, hwnd %d)\n", name, (int)psp->lParam, h != 0);
  return 1;
}

static int CALLBACK sheet_callback(HWND h, UINT msg, LPARAM l) {
  if (msg == PSCB_PRECREATE) {
    DLGTEMPLATE* t = (DLGTEMPLATE*)l;
    printf("  sheet callback PSCB_PRECREATE (hwnd %d, template %d, items %d, cx %d, cy %d)\n", h != 0, l != 0,
           t->cdit, t->cx, t->cy);
  } else if (msg == PSCB_INITIALIZED) {
    printf("  sheet callback PSCB_INITIALIZED (hwnd is the sheet's %d)\n", h != 0 && GetDlgItem(h, IDOK) != 0);
  } else {
    printf("  sheet callback %u\n", msg);
  }
  return 0;
}

// A DLGTEMPLATE in memory: `cx` by `cy` dialog units, MS Shell Dlg 8, one static text.
static WORD* make_template(WORD* t, short cx, short cy, const wchar_t* caption) {
  WORD* p = t;
  DLGTEMPLATE* d = (DLGTEMPLATE*)p;
  d->style = DS_SETFONT | WS_CHILD | WS_VISIBLE | WS_CAPTION;
  d->dwExtendedStyle = 0;
  d->cdit = 1;
  d->x = 0, d->y = 0, d->cx = cx, d->cy = cy;
  p = (WORD*)(d + 1);
  *p++ = 0;  // menu
  *p++ = 0;  // class
  for (const wchar_t* c = caption; ; c++) {
    *p++ = *c;
    if (!*c) break;
  }
  *p++ = 8;
  for (const wchar_t* c = L"MS Shell Dlg"; ; c++) {
    *p++ = *c;
    if (!*c) break;
  }
  p = (WORD*)(((ULONG_PTR)p + 3) & ~(ULONG_PTR)3);
  DLGITEMTEMPLATE* it = (DLGITEMTEMPLATE*)p;
  it->style = WS_CHILD | WS_VISIBLE | SS_LEFT;
  it->dwExtendedStyle = 0;
  it->x = 8, it->y = 8, it->cx = 100, it->cy = 10;
  it->id = 1000;
  p = (WORD*)(it + 1);
  *p++ = 0xffff;
  *p++ = 0x0082;  // static
  for (const wchar_t* c = L"Text"; ; c++) {
    *p++ = *c;
    if (!*c) break;
  }
  *p++ = 0;
  return t;
}

// A button's place: its slot counted from the client area's right edge in button widths and
// paddings (the padding: the tab control's distance from the client area's left edge), and whether
// it sits the padding above the client area's bottom.
static void print_button(const char* what, HWND s, int id, int pad, RECT client) {
  HWND h = GetDlgItem(s, id);
  RECT r;
  GetWindowRect(h, &r);
  MapWindowPoints(0, s, (POINT*)&r, 2);
  int w = r.right - r.left;
  printf("  %s: slot from the right %d (exact %d), at the bottom %d, visible %d, enabled %d\n", what,
         (int)((client.right - r.left) / (w + pad)), (client.right - r.left) % (w + pad) == 0,
         client.bottom - r.bottom == pad,
         IsWindowVisible(h) != 0, IsWindowEnabled(h) != 0);
}

// The layout in the sheet's client coordinates, as relations that hold whatever the font's size.
static void print_layout(HWND s) {
  RECT c, tab, ok, other;
  GetClientRect(s, &c);
  HWND t = GetDlgItem(s, 0x3020);
  GetWindowRect(t, &tab);
  MapWindowPoints(0, s, (POINT*)&tab, 2);
  int pad = tab.left;
  printf("  tab control at the padding %d, right edge at the padding %d\n", tab.top == pad, c.right - tab.right == pad);
  GetWindowRect(GetDlgItem(s, IDOK), &ok);
  GetWindowRect(GetDlgItem(s, IDCANCEL), &other);
  MapWindowPoints(0, s, (POINT*)&ok, 2);
  printf("  buttons of one size %d, the tab control ends the padding above them %d\n",
         ok.right - ok.left == other.right - other.left && ok.bottom - ok.top == other.bottom - other.top,
         ok.top - tab.bottom == pad);
  print_button("OK", s, IDOK, pad, c);
  print_button("Cancel", s, IDCANCEL, pad, c);
  print_button("Apply", s, 0x3021, pad, c);
  print_button("Help", s, IDHELP, pad, c);
  HWND cur = (HWND)SendMessageW(s, PSM_GETCURRENTPAGEHWND, 0, 0);
  if (cur) {
    RECT page, area;
    GetWindowRect(cur, &page);
    MapWindowPoints(0, s, (POINT*)&page, 2);
    GetClientRect(t, &area);
    SendMessageW(t, TCM_ADJUSTRECT, FALSE, (LPARAM)&area);
    MapWindowPoints(t, s, (POINT*)&area, 2);
    printf("  current page fills the tab control's display area %d\n", EqualRect(&page, &area) != 0);
  }
}

static void print_title(HWND s) {
  wchar_t t[128];
  GetWindowTextW(s, t, 128);
  printf("  title \"%ls\"\n", t);
}

static void print_tabs(HWND s) {
  HWND tab = (HWND)SendMessageW(s, PSM_GETTABCONTROL, 0, 0);
  wchar_t cls[64];
  GetClassNameW(tab, cls, 64);
  int n = (int)SendMessageW(tab, TCM_GETITEMCOUNT, 0, 0);
  printf("  tab control %ls, %d tabs, selected %d:", cls, n, (int)SendMessageW(tab, TCM_GETCURSEL, 0, 0));
  for (int i = 0; i < n; i++) {
    wchar_t text[64] = L"";
    TCITEMW item = {0};
    item.mask = TCIF_TEXT;
    item.pszText = text;
    item.cchTextMax = 64;
    SendMessageW(tab, TCM_GETITEMW, i, (LPARAM)&item);
    printf(" \"%ls\"", text);
  }
  printf("\n");
}

static void print_current(HWND s) {
  HWND cur = (HWND)SendMessageW(s, PSM_GETCURRENTPAGEHWND, 0, 0);
  printf("  current page %d, Apply enabled %d\n", cur ? page_of(cur) : -1,
         IsWindowEnabled(GetDlgItem(s, 0x3021)) != 0);
}

static void CALLBACK close_timer(HWND h, UINT m, UINT_PTR id, DWORD t) {
  KillTimer(0, id);
  printf("timer: PSM_PRESSBUTTON PSBTN_OK posted\n");
  PostMessageW(sheet, PSM_PRESSBUTTON, PSBTN_OK, 0);
}

static void modeless(void) {
  static WORD t0[128], t2[128], t3[128];
  PROPSHEETPAGEW pages[3];
  memset(pages, 0, sizeof pages);
  pages[0].dwSize = sizeof(PROPSHEETPAGEW);
  pages[0].dwFlags = PSP_DLGINDIRECT | PSP_USETITLE | PSP_USECALLBACK;
  pages[0].pResource = (DLGTEMPLATE*)make_template(t0, 150, 70, L"Template title");
  pages[0].pszTitle = L"First";
  pages[0].pfnDlgProc = page_proc;
  pages[0].pfnCallback = page_callback;
  pages[0].lParam = 0;
  pages[1].dwSize = sizeof(PROPSHEETPAGEW);
  pages[1].dwFlags = 0;
  pages[1].hInstance = GetModuleHandleW(0);
  pages[1].pszTemplate = MAKEINTRESOURCEW(101);
  pages[1].pfnDlgProc = page_proc;
  pages[1].lParam = 1;
  pages[2].dwSize = sizeof(PROPSHEETPAGEW);
  pages[2].dwFlags = PSP_DLGINDIRECT;
  pages[2].pResource = (DLGTEMPLATE*)make_template(t2, 120, 60, L"Third");
  pages[2].pfnDlgProc = page_proc;
  pages[2].lParam = 2;

  PROPSHEETHEADERW h;
  memset(&h, 0, sizeof h);
  h.dwSize = sizeof h;
  h.dwFlags = PSH_MODELESS | PSH_PROPSHEETPAGE | PSH_USECALLBACK | PSH_PROPTITLE | PSH_USEHICON;
  h.hIcon = LoadIconW(0, (LPCWSTR)IDI_APPLICATION);
  h.hwndParent = 0;
  h.hInstance = GetModuleHandleW(0);
  h.pszCaption = L"Thing";
  h.nPages = 3;
  h.nStartPage = 1;
  h.ppsp = pages;
  h.pfnCallback = sheet_callback;
  printf("PropertySheetW (modeless, start page 1):\n");
  sheet = (HWND)PropertySheetW(&h);
  wchar_t cls[64];
  GetClassNameW(sheet, cls, 64);
  printf("  returned a window %d of class %ls, visible %d\n", IsWindow(sheet) != 0, cls, IsWindowVisible(sheet) != 0);
  print_title(sheet);
  printf("  small icon is the header's %d\n", (HICON)SendMessageW(sheet, WM_GETICON, ICON_SMALL, 0) == h.hIcon);
  print_tabs(sheet);
  print_current(sheet);
  printf("  pages made: %d %d %d\n", page_hwnd[0] != 0, page_hwnd[1] != 0, page_hwnd[2] != 0);
  print_layout(sheet);

  printf("PSM_SETCURSEL 0:\n");
  LRESULT r = SendMessageW(sheet, PSM_SETCURSEL, 0, 0);
  printf("  -> %d\n", (int)r);
  print_tabs(sheet);
  print_current(sheet);
  printf("  page 1 visible %d, page 0 visible %d\n", IsWindowVisible(page_hwnd[1]) != 0, IsWindowVisible(page_hwnd[0]) != 0);

  printf("PSM_SETCURSEL 1 refused by page 0:\n");
  refuse_kill = 0;
  r = SendMessageW(sheet, PSM_SETCURSEL, 1, 0);
  printf("  -> %d\n", (int)r);
  print_current(sheet);

  printf("PSM_SETCURSEL by HPROPSHEETPAGE of an unknown page, index 2:\n");
  r = SendMessageW(sheet, PSM_SETCURSEL, 2, 0);
  printf("  -> %d\n", (int)r);
  print_current(sheet);

  printf("PSM_CHANGED page 2, PSM_UNCHANGED page 0, PSM_UNCHANGED page 2:\n");
  SendMessageW(sheet, PSM_CHANGED, (WPARAM)page_hwnd[2], 0);
  print_current(sheet);
  SendMessageW(sheet, PSM_UNCHANGED, (WPARAM)page_hwnd[0], 0);
  print_current(sheet);
  SendMessageW(sheet, PSM_UNCHANGED, (WPARAM)page_hwnd[2], 0);
  print_current(sheet);

  printf("PSM_QUERYSIBLINGS 7 8:\n");
  r = SendMessageW(sheet, PSM_QUERYSIBLINGS, 7, 8);
  printf("  -> %d\n", (int)r);

  printf("PSM_CHANGED page 0, PSM_APPLY:\n");
  SendMessageW(sheet, PSM_CHANGED, (WPARAM)page_hwnd[0], 0);
  r = SendMessageW(sheet, PSM_APPLY, 0, 0);
  printf("  -> %d\n", (int)r);
  print_current(sheet);

  printf("PSM_PRESSBUTTON PSBTN_APPLYNOW:\n");
  SendMessageW(sheet, PSM_PRESSBUTTON, PSBTN_APPLYNOW, 0);
  print_current(sheet);

  printf("PSM_CHANGED page 0, PSM_PRESSBUTTON PSBTN_APPLYNOW with page 1 invalid:\n");
  SendMessageW(sheet, PSM_CHANGED, (WPARAM)page_hwnd[0], 0);
  invalid_apply = 1;
  SendMessageW(sheet, PSM_PRESSBUTTON, PSBTN_APPLYNOW, 0);
  print_current(sheet);
  printf("  PSM_GETRESULT %d\n", (int)SendMessageW(sheet, PSM_GETRESULT, 0, 0));

  printf("PSM_SETTITLEW plain and PSH_PROPTITLE:\n");
  SendMessageW(sheet, PSM_SETTITLEW, 0, (LPARAM)L"Plain title");
  print_title(sheet);
  SendMessageW(sheet, PSM_SETTITLEW, PSH_PROPTITLE, (LPARAM)L"Widget");
  print_title(sheet);
  SendMessageW(sheet, PSM_SETTITLEA, 0, (LPARAM)"Narrow title");
  print_title(sheet);

  printf("CreatePropertySheetPageW with a callback, PSM_ADDPAGE:\n");
  PROPSHEETPAGEW extra;
  memset(&extra, 0, sizeof extra);
  extra.dwSize = sizeof extra;
  extra.dwFlags = PSP_DLGINDIRECT | PSP_USETITLE | PSP_USECALLBACK;
  extra.pResource = (DLGTEMPLATE*)make_template(t3, 100, 50, L"");
  extra.pszTitle = L"Added";
  extra.pfnDlgProc = page_proc;
  extra.pfnCallback = page_callback;
  extra.lParam = 3;
  HPROPSHEETPAGE hp = CreatePropertySheetPageW(&extra);
  printf("  page handle %d\n", hp != 0);
  r = SendMessageW(sheet, PSM_ADDPAGE, 0, (LPARAM)hp);
  printf("  -> %d\n", (int)r);
  print_tabs(sheet);
  printf("PSM_SETCURSEL by the added page's handle:\n");
  r = SendMessageW(sheet, PSM_SETCURSEL, 0, (LPARAM)hp);
  printf("  -> %d\n", (int)r);
  print_tabs(sheet);
  print_current(sheet);

  printf("page ids and indexes:\n");
  printf("  PSM_IDTOINDEX 101 %d, 102 %d; PSM_INDEXTOID 1 %d, 0 %d\n", (int)SendMessageW(sheet, PSM_IDTOINDEX, 0, 101),
         (int)SendMessageW(sheet, PSM_IDTOINDEX, 0, 102), (int)SendMessageW(sheet, PSM_INDEXTOID, 1, 0),
         (int)SendMessageW(sheet, PSM_INDEXTOID, 0, 0));
  printf("  PSM_HWNDTOINDEX of page 2 %d, PSM_INDEXTOHWND 2 is page %d, PSM_PAGETOINDEX of the added page %d, "
         "PSM_INDEXTOPAGE 3 is it %d\n", (int)SendMessageW(sheet, PSM_HWNDTOINDEX, (WPARAM)page_hwnd[2], 0),
         page_of((HWND)SendMessageW(sheet, PSM_INDEXTOHWND, 2, 0)), (int)SendMessageW(sheet, PSM_PAGETOINDEX, 0, (LPARAM)hp),
         (HPROPSHEETPAGE)SendMessageW(sheet, PSM_INDEXTOPAGE, 3, 0) == hp);
  printf("PSM_SETCURSELID 101:\n");
  SendMessageW(sheet, PSM_SETCURSELID, 0, 101);
  print_tabs(sheet);
  print_current(sheet);
  printf("PSM_REMOVEPAGE 1:\n");
  SendMessageW(sheet, PSM_REMOVEPAGE, 1, 0);
  print_tabs(sheet);
  print_current(sheet);
  printf("  page 1 is a window %d\n", IsWindow(page_hwnd[1]) != 0);
  page_hwnd[1] = 0;

  printf("a click on the tab \"Added\":\n");
  HWND tab = (HWND)SendMessageW(sheet, PSM_GETTABCONTROL, 0, 0);
  RECT tr;
  SendMessageW(tab, TCM_GETITEMRECT, 2, (LPARAM)&tr);
  LPARAM at = MAKELPARAM((tr.left + tr.right) / 2, (tr.top + tr.bottom) / 2);
  SendMessageW(tab, WM_LBUTTONDOWN, MK_LBUTTON, at);
  SendMessageW(tab, WM_LBUTTONUP, 0, at);
  print_tabs(sheet);
  print_current(sheet);

  printf("PSM_ISDIALOGMESSAGE of a WM_KEYDOWN for another window:\n");
  MSG msg = {0};
  msg.hwnd = GetDesktopWindow();
  msg.message = WM_USER + 77;
  r = SendMessageW(sheet, PSM_ISDIALOGMESSAGE, 0, (LPARAM)&msg);
  printf("  -> %d\n", (int)r);

  printf("PSM_CANCELTOCLOSE:\n");
  SendMessageW(sheet, PSM_CANCELTOCLOSE, 0, 0);
  wchar_t ok[32];
  GetWindowTextW(GetDlgItem(sheet, IDOK), ok, 32);
  printf("  OK says \"%ls\", Cancel enabled %d\n", ok, IsWindowEnabled(GetDlgItem(sheet, IDCANCEL)) != 0);

  printf("PSM_PRESSBUTTON PSBTN_CANCEL refused, then a timer presses OK:\n");
  refuse_cancel = 1;
  SendMessageW(sheet, PSM_PRESSBUTTON, PSBTN_CANCEL, 0);
  refuse_cancel = 0;
  print_current(sheet);
  SetTimer(0, 0, 50, close_timer);
  while (SendMessageW(sheet, PSM_GETCURRENTPAGEHWND, 0, 0)) {
    if (!GetMessageW(&msg, 0, 0, 0)) break;
    if (!SendMessageW(sheet, PSM_ISDIALOGMESSAGE, 0, (LPARAM)&msg)) {
      TranslateMessage(&msg);
      DispatchMessageW(&msg);
    }
  }
  printf("  loop ended: current page %d, PSM_GETRESULT %d, sheet visible %d\n",
         (int)(SendMessageW(sheet, PSM_GETCURRENTPAGEHWND, 0, 0) != 0), (int)SendMessageW(sheet, PSM_GETRESULT, 0, 0),
         IsWindowVisible(sheet) != 0);
  printf("DestroyWindow:\n");
  DestroyWindow(sheet);
  printf("  done\n");
  memset(page_hwnd, 0, sizeof page_hwnd);
}

static void CALLBACK modal_timer(HWND h, UINT m, UINT_PTR id, DWORD t) {
  KillTimer(0, id);
  sheet = GetParent(page_hwnd[0]);
  printf("  timer (step %d): sheet enabled %d, owner enabled %d\n", modal_step, IsWindowEnabled(sheet) != 0,
         IsWindowEnabled(GetWindow(sheet, GW_OWNER)) != 0);
  print_title(sheet);
  print_layout(sheet);
  if (modal_step == 0) {
    SendMessageW(sheet, PSM_CHANGED, (WPARAM)page_hwnd[0], 0);
    print_current(sheet);
    refuse_cancel = 1;
    SendMessageW(sheet, PSM_PRESSBUTTON, PSBTN_CANCEL, 0);
    refuse_cancel = 0;
    SendMessageW(sheet, PSM_PRESSBUTTON, PSBTN_CANCEL, 0);
  } else if (modal_step == 1) {
    SendMessageW(sheet, PSM_RESTARTWINDOWS, 0, 0);
    printf("  PSM_GETRESULT %d\n", (int)SendMessageW(sheet, PSM_GETRESULT, 0, 0));
    SendMessageW(sheet, PSM_PRESSBUTTON, PSBTN_OK, 0);
  } else if (modal_step == 2) {
    SendMessageW(sheet, PSM_REBOOTSYSTEM, 0, 0);
    SendMessageW(sheet, PSM_RESTARTWINDOWS, 0, 0);
    printf("  PSM_GETRESULT %d\n", (int)SendMessageW(sheet, PSM_GETRESULT, 0, 0));
    PostMessageW(sheet, PSM_PRESSBUTTON, PSBTN_OK, 0);
  } else {
    PostMessageW(sheet, WM_COMMAND, IDOK, 0);
  }
}

static void modal(HWND owner, DWORD flags, const char* what) {
  static WORD t0[128], t1[128];
  PROPSHEETPAGEA p0, p1;
  memset(&p0, 0, sizeof p0);
  memset(&p1, 0, sizeof p1);
  p0.dwSize = sizeof p0;
  p0.dwFlags = PSP_DLGINDIRECT | PSP_USETITLE;
  p0.pResource = (DLGTEMPLATE*)make_template(t0, 200, 100, L"Narrow");
  p0.pszTitle = "Alpha";
  p0.pfnDlgProc = page_proc;
  p0.lParam = 0;
  p1.dwSize = sizeof p1;
  p1.dwFlags = PSP_DLGINDIRECT;
  p1.pResource = (DLGTEMPLATE*)make_template(t1, 100, 40, L"Beta");
  p1.pfnDlgProc = page_proc;
  p1.lParam = 1;
  HPROPSHEETPAGE hp[2] = {CreatePropertySheetPageA(&p0), CreatePropertySheetPageA(&p1)};
  PROPSHEETHEADERA h;
  memset(&h, 0, sizeof h);
  h.dwSize = sizeof h;
  h.dwFlags = flags;
  h.hwndParent = owner;
  h.pszCaption = "Modal sheet";
  h.nPages = 2;
  h.phpage = hp;
  printf("PropertySheetA (modal, %s):\n", what);
  SetTimer(0, 0, 50, modal_timer);
  INT_PTR r = PropertySheetA(&h);
  printf("  returned %d, owner enabled %d\n", (int)r, IsWindowEnabled(owner) != 0);
  memset(page_hwnd, 0, sizeof page_hwnd);
  modal_step++;
}

int main(void) {
  InitCommonControls();
  WNDCLASSW wc = {0};
  wc.lpfnWndProc = DefWindowProcW;
  wc.hInstance = GetModuleHandleW(0);
  wc.lpszClassName = L"PropSheetOwner";
  RegisterClassW(&wc);
  HWND owner = CreateWindowW(L"PropSheetOwner", L"owner", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 10, 10, 300, 200, 0, 0,
                             wc.hInstance, 0);

  modeless();
  modal(owner, 0, "Cancel");
  modal(owner, PSH_NOAPPLYNOW, "restart windows, OK");
  modal(owner, PSH_HASHELP, "reboot, OK posted");
  modal(owner, PSH_NOAPPLYNOW | PSH_HASHELP, "WM_COMMAND IDOK");

  printf("DestroyPropertySheetPage of an unused page with a callback:\n");
  static WORD t[128];
  PROPSHEETPAGEW p;
  memset(&p, 0, sizeof p);
  p.dwSize = sizeof p;
  p.dwFlags = PSP_DLGINDIRECT | PSP_USECALLBACK;
  p.pResource = (DLGTEMPLATE*)make_template(t, 100, 50, L"x");
  p.pfnDlgProc = page_proc;
  p.pfnCallback = page_callback;
  p.lParam = 9;
  HPROPSHEETPAGE hp = CreatePropertySheetPageW(&p);
  printf("  -> %d\n", DestroyPropertySheetPage(hp));
  p.dwSize = 8;
  printf("CreatePropertySheetPageW of a too small size: %d\n", CreatePropertySheetPageW(&p) != 0);
  DestroyWindow(owner);
  return 0;
}
