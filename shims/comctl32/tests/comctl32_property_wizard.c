// COMCTL32's wizards: PropertySheetW with PSH_WIZARD (three pages setting their buttons with
// PSM_SETWIZBUTTONS as they become active, one refusing Next once, one naming a page that is not
// there) and PSH_WIZARD97 with PSH_WIZARDHASFINISH, driven from a timer with PSM_PRESSBUTTON
// (Next, Back, Finish, Cancel) and PSM_SETFINISHTEXT; what the pages are told, the title, which
// buttons are shown and enabled, the layout (distances between the buttons, the line and the
// sheet's edges), the results.
// Links: -lcomctl32 -lgdi32 -luser32
#include <windows.h>
#include <commctrl.h>
#include <prsht.h>
#include <stdio.h>
#include <string.h>

#define PAGES 3
static HWND page_hwnd[PAGES];
static int refuse_next = 1;  // page 1 keeps the wizard on it once
static int jump;             // page 0 answers PSN_WIZNEXT with a resource id no page has
static int run;

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
    case PSN_QUERYCANCEL: return "PSN_QUERYCANCEL";
    case PSN_WIZBACK: return "PSN_WIZBACK";
    case PSN_WIZNEXT: return "PSN_WIZNEXT";
    case PSN_WIZFINISH: return "PSN_WIZFINISH";
  }
  return 0;
}

static INT_PTR CALLBACK page_proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_INITDIALOG: {
      PROPSHEETPAGEW* psp = (PROPSHEETPAGEW*)l;
      int index = (int)psp->lParam;
      page_hwnd[index] = h;
      printf("  page %d WM_INITDIALOG\n", index);
      return TRUE;
    }
    case WM_NOTIFY: {
      NMHDR* hdr = (NMHDR*)l;
      const char* name = psn_name((int)hdr->code);
      if (!name) return FALSE;
      int me = page_of(h);
      LRESULT answer = 0;
      if (hdr->code == PSN_SETACTIVE) {
        DWORD buttons = me == 0 ? PSWIZB_NEXT : me == 1 ? PSWIZB_BACK | PSWIZB_NEXT : PSWIZB_BACK | PSWIZB_FINISH;
        SendMessageW(GetParent(h), PSM_SETWIZBUTTONS, 0, buttons);
      }
      if (hdr->code == PSN_WIZNEXT && me == 1 && refuse_next) {
        refuse_next = 0;
        answer = -1;
      }
      if (hdr->code == PSN_WIZNEXT && me == 0 && jump) answer = 102;
      printf("  page %d %s -> %d\n", me, name, (int)answer);
      SetWindowLongPtrW(h, DWLP_MSGRESULT, answer);
      return TRUE;
    }
    case WM_DESTROY:
      printf("  page %d WM_DESTROY\n", page_of(h));
      return FALSE;
  }
  return FALSE;
}

static WORD* make_template(WORD* t, short cx, short cy) {
  WORD* p = t;
  DLGTEMPLATE* d = (DLGTEMPLATE*)p;
  d->style = DS_SETFONT | WS_CHILD | WS_VISIBLE;
  d->dwExtendedStyle = 0;
  d->cdit = 1;
  d->x = 0, d->y = 0, d->cx = cx, d->cy = cy;
  p = (WORD*)(d + 1);
  *p++ = 0;
  *p++ = 0;
  *p++ = 0;
  *p++ = 8;
  for (const wchar_t* c = L"MS Shell Dlg"; ; c++) {
    *p++ = *c;
    if (!*c) break;
  }
  p = (WORD*)(((ULONG_PTR)p + 3) & ~(ULONG_PTR)3);
  DLGITEMTEMPLATE* it = (DLGITEMTEMPLATE*)p;
  it->style = WS_CHILD | WS_VISIBLE | WS_TABSTOP | ES_AUTOHSCROLL;
  it->dwExtendedStyle = WS_EX_CLIENTEDGE;
  it->x = 8, it->y = 8, it->cx = 100, it->cy = 12;
  it->id = 1000;
  p = (WORD*)(it + 1);
  *p++ = 0xffff;
  *p++ = 0x0081;  // edit
  *p++ = 0;
  *p++ = 0;
  return t;
}

static void button(HWND s, const char* what, int id) {
  HWND b = GetDlgItem(s, id);
  printf(" %s%s%s", IsWindowVisible(b) ? "" : "(", what, IsWindowVisible(b) ? (IsWindowEnabled(b) ? "" : "-off") : ")");
}

static void state(HWND s) {
  wchar_t title[128];
  GetWindowTextW(s, title, 128);
  HWND cur = (HWND)SendMessageW(s, PSM_GETCURRENTPAGEHWND, 0, 0);
  printf("  title \"%ls\", page %d, focus in it %d, buttons:", title, page_of(cur), cur && IsChild(cur, GetFocus()));
  button(s, "Back", 0x3023);
  button(s, "Next", 0x3024);
  button(s, "Finish", 0x3025);
  button(s, "Cancel", IDCANCEL);
  button(s, "Help", IDHELP);
  printf(", default %d\n", (int)LOWORD(SendMessageW(s, DM_GETDEFID, 0, 0)) - 0x3020);
}

static RECT place(HWND s, HWND h) {
  RECT r;
  GetWindowRect(h, &r);
  MapWindowPoints(0, s, (POINT*)&r, 2);
  return r;
}

static void layout(HWND s) {
  RECT c, back = place(s, GetDlgItem(s, 0x3023)), next = place(s, GetDlgItem(s, 0x3024)),
          finish = place(s, GetDlgItem(s, 0x3025)), cancel = place(s, GetDlgItem(s, IDCANCEL)),
          line = place(s, GetDlgItem(s, 0x3026));
  GetClientRect(s, &c);
  printf("  layout: Back touches Next %d, Finish over Next %d, Next to Cancel %ld, Cancel to the right %ld, buttons to "
         "the bottom %ld, the line above them %ld, its ends %ld %ld, its height %ld\n",
         back.right == next.left, EqualRect(&finish, &next) != 0, cancel.left - next.right, c.right - cancel.right,
         c.bottom - back.bottom, back.top - line.bottom, line.left, c.right - line.right, line.bottom - line.top);
  HWND cur = (HWND)SendMessageW(s, PSM_GETCURRENTPAGEHWND, 0, 0);
  RECT page = place(s, cur), margin = {7, 7, 0, 0};
  MapDialogRect(s, &margin);
  printf("  page at the margin %d, above the line %d, the tab control hidden %d\n",
         page.left == margin.left && page.top == margin.top, page.bottom <= line.top,
         !IsWindowVisible(GetDlgItem(s, 0x3020)));
}

static void CALLBACK drive(HWND h, UINT m, UINT_PTR id, DWORD t) {
  KillTimer(0, id);
  HWND s = GetParent(page_hwnd[0]);
  printf("timer (run %d):\n", run);
  state(s);
  if (run == 0) {
    layout(s);
    printf("PSBTN_NEXT:\n");
    SendMessageW(s, PSM_PRESSBUTTON, PSBTN_NEXT, 0);
    state(s);
    printf("PSBTN_NEXT (refused by page 1):\n");
    SendMessageW(s, PSM_PRESSBUTTON, PSBTN_NEXT, 0);
    state(s);
    printf("PSBTN_NEXT:\n");
    SendMessageW(s, PSM_PRESSBUTTON, PSBTN_NEXT, 0);
    state(s);
    printf("PSBTN_BACK:\n");
    SendMessageW(s, PSM_PRESSBUTTON, PSBTN_BACK, 0);
    state(s);
    printf("PSBTN_NEXT, PSBTN_FINISH:\n");
    SendMessageW(s, PSM_PRESSBUTTON, PSBTN_NEXT, 0);
    PostMessageW(s, PSM_PRESSBUTTON, PSBTN_FINISH, 0);
  } else {
    printf("PSBTN_NEXT (page 0 names a resource id no page has):\n");
    SendMessageW(s, PSM_PRESSBUTTON, PSBTN_NEXT, 0);
    state(s);
    printf("PSM_SETFINISHTEXTW:\n");
    SendMessageW(s, PSM_SETFINISHTEXTW, 0, (LPARAM)L"Done");
    wchar_t text[32];
    GetWindowTextW(GetDlgItem(s, 0x3025), text, 32);
    printf("  Finish says \"%ls\"\n", text);
    state(s);
    printf("PSBTN_CANCEL:\n");
    PostMessageW(s, PSM_PRESSBUTTON, PSBTN_CANCEL, 0);
  }
}

static void wizard(DWORD flags) {
  static WORD t[PAGES][128];
  PROPSHEETPAGEW pages[PAGES];
  static const wchar_t* titles[PAGES] = {L"Step one", L"Step two", L"Step three"};
  memset(pages, 0, sizeof pages);
  for (int i = 0; i < PAGES; i++) {
    pages[i].dwSize = sizeof(PROPSHEETPAGEW);
    pages[i].dwFlags = PSP_DLGINDIRECT | PSP_USETITLE;
    pages[i].pResource = (DLGTEMPLATE*)make_template(t[i], 180 + 10 * i, 80 - 10 * i);
    pages[i].pszTitle = titles[i];
    pages[i].pfnDlgProc = page_proc;
    pages[i].lParam = i;
  }
  PROPSHEETHEADERW h;
  memset(&h, 0, sizeof h);
  h.dwSize = sizeof h;
  h.dwFlags = flags | PSH_PROPSHEETPAGE;
  h.pszCaption = L"Ignored caption";
  h.nPages = PAGES;
  h.ppsp = pages;
  SetTimer(0, 0, 50, drive);
  INT_PTR r = PropertySheetW(&h);
  printf("  returned %d\n", (int)r);
  memset(page_hwnd, 0, sizeof page_hwnd);
  run++;
}

int main(void) {
  InitCommonControls();
  printf("PropertySheetW (PSH_WIZARD):\n");
  wizard(PSH_WIZARD);
  jump = 1;
  printf("PropertySheetW (PSH_WIZARD97 | PSH_WIZARDHASFINISH):\n");
  wizard(PSH_WIZARD97 | PSH_WIZARDHASFINISH);
  return 0;
}
