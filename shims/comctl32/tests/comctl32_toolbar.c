// COMCTL32's toolbar (ToolbarWindow32): one made with CreateToolbarEx from the standard small
// bitmaps, one with CreateWindowEx, a bitmap of the program's own and strings; buttons added,
// inserted, deleted and queried (states, styles, rectangles, sizes, rows, hit tests), its size
// following the parent's, and clicks sent with SendMessage at the buttons' rectangles, with the
// WM_COMMAND and WM_NOTIFY codes the parent gets. Only what comes from the bitmap and button sizes
// (no text measured in a font). The same program under wine 8.0 on an Xvfb gives the expected
// output.
// Links: -lcomctl32 -lgdi32 -luser32
#include <windows.h>
#include <commctrl.h>
#include <stdio.h>
#include <string.h>

#define SM(h, m, w, l) ((long)SendMessageA((h), (m), (WPARAM)(w), (LPARAM)(l)))

static int quiet;

static const char* who(HWND h) {
  static char name[64];
  if (!h) return "NULL";
  GetClassNameA(h, name, sizeof name);
  return name;
}

static LRESULT dropdown_answer = TBDDRET_DEFAULT;

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_NOTIFY: {
      NMHDR* n = (NMHDR*)l;
      if (n->code == NM_CUSTOMDRAW || n->code == TBN_HOTITEMCHANGE || n->code == NM_TOOLTIPSCREATED ||
          n->code == TTN_GETDISPINFOA || n->code == TTN_GETDISPINFOW || quiet)
        return 0;
      if (n->code == TBN_DROPDOWN) {
        NMTOOLBARA* t = (NMTOOLBARA*)l;
        printf("  WM_NOTIFY id %u TBN_DROPDOWN item %d from %s\n", (unsigned)n->idFrom, t->iItem, who(n->hwndFrom));
        return dropdown_answer;
      }
      printf("  WM_NOTIFY id %u code %d from %s\n", (unsigned)n->idFrom, (int)n->code, who(n->hwndFrom));
      return 0;
    }
    case WM_COMMAND:
      if (!quiet) printf("  WM_COMMAND id %u code %u from %s\n", LOWORD(w), HIWORD(w), who((HWND)l));
      return 0;
  }
  return DefWindowProcA(h, m, w, l);
}

static void rect_of(HWND tb, int index, const char* what) {
  RECT r = {0, 0, 0, 0};
  long ok = SM(tb, TB_GETITEMRECT, index, &r);
  printf("%s %d: %ld (%ld,%ld)-(%ld,%ld)\n", what, index, ok, r.left, r.top, r.right, r.bottom);
}

static void window_place(HWND tb, HWND parent, const char* what) {
  RECT r;
  GetWindowRect(tb, &r);
  MapWindowPoints(NULL, parent, (POINT*)&r, 2);
  printf("%s: (%ld,%ld)-(%ld,%ld)\n", what, r.left, r.top, r.right, r.bottom);
}

static void click(HWND tb, int index, int dx) {
  RECT r;
  SM(tb, TB_GETITEMRECT, index, &r);
  LPARAM at = MAKELPARAM(r.left + dx, (r.top + r.bottom) / 2);
  printf("click on button %d:\n", index);
  SendMessageA(tb, WM_LBUTTONDOWN, MK_LBUTTON, at);
  SendMessageA(tb, WM_LBUTTONUP, 0, at);
}

static void states(HWND tb, int first, int last) {
  for (int id = first; id <= last; id++) {
    long st = SM(tb, TB_GETSTATE, id, 0);
    long en = SM(tb, TB_ISBUTTONENABLED, id, 0), ch = SM(tb, TB_ISBUTTONCHECKED, id, 0);
    long pr = SM(tb, TB_ISBUTTONPRESSED, id, 0), hi = SM(tb, TB_ISBUTTONHIDDEN, id, 0);
    long ind = SM(tb, TB_ISBUTTONINDETERMINATE, id, 0);
    printf("id %d: state %#lx enabled %ld checked %ld pressed %ld hidden %ld indeterminate %ld\n", id, st, en != 0,
           ch != 0, pr != 0, hi != 0, ind != 0);
  }
}

int main(void) {
  INITCOMMONCONTROLSEX icc = {sizeof icc, ICC_BAR_CLASSES};
  printf("InitCommonControlsEx: %d\n", InitCommonControlsEx(&icc));
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "tbtest";
  wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
  RegisterClassA(&wc);
  HWND parent = CreateWindowExA(0, "tbtest", "toolbars", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 40, 40, 500, 300, NULL,
                                NULL, wc.hInstance, NULL);
  RECT pc;
  GetClientRect(parent, &pc);

  // ---- CreateToolbarEx with the standard small bitmaps ----
  TBBUTTON b[] = {
      {STD_FILENEW, 1, TBSTATE_ENABLED, BTNS_BUTTON, {0}, 0, -1},
      {STD_FILEOPEN, 2, TBSTATE_ENABLED, BTNS_BUTTON, {0}, 0, -1},
      {0, 0, TBSTATE_ENABLED, BTNS_SEP, {0}, 0, -1},
      {STD_CUT, 3, TBSTATE_ENABLED, BTNS_CHECK, {0}, 0, -1},
      {0, 0, TBSTATE_ENABLED, BTNS_SEP, {0}, 0, -1},
      {STD_COPY, 4, TBSTATE_ENABLED | TBSTATE_CHECKED, BTNS_CHECKGROUP, {0}, 0, -1},
      {STD_PASTE, 5, TBSTATE_ENABLED, BTNS_CHECKGROUP, {0}, 0, -1},
      {STD_DELETE, 6, TBSTATE_ENABLED, BTNS_DROPDOWN, {0}, 0, -1},
      {STD_PRINT, 7, 0, BTNS_BUTTON, {0}, 0, -1},
  };
  HWND tb = CreateToolbarEx(parent, WS_CHILD | WS_VISIBLE | TBSTYLE_TOOLTIPS, 100, 15, HINST_COMMCTRL,
                            IDB_STD_SMALL_COLOR, b, 9, 0, 0, 16, 15, sizeof(TBBUTTON));
  printf("CreateToolbarEx: %s, class %s, id %d\n", tb ? "made" : "failed", who(tb), GetDlgCtrlID(tb));
  printf("style: %#lx\n", SM(tb, TB_GETSTYLE, 0, 0) & 0xffff);
  printf("TB_BUTTONCOUNT: %ld\n", SM(tb, TB_BUTTONCOUNT, 0, 0));
  long bs = SM(tb, TB_GETBUTTONSIZE, 0, 0);
  printf("TB_GETBUTTONSIZE: %d x %d\n", LOWORD(bs), HIWORD(bs));
  printf("TB_GETROWS: %ld\n", SM(tb, TB_GETROWS, 0, 0));
  HWND tips = (HWND)SendMessageA(tb, TB_GETTOOLTIPS, 0, 0);
  printf("TB_GETTOOLTIPS: %s\n", who(tips));
  HIMAGELIST il = (HIMAGELIST)SendMessageA(tb, TB_GETIMAGELIST, 0, 0);
  int cx = 0, cy = 0;
  printf("TB_GETIMAGELIST: %s, %d images\n", il ? "a list" : "none", il ? ImageList_GetImageCount(il) : 0);
  window_place(tb, parent, "toolbar");
  for (int i = 0; i < 9; i++) rect_of(tb, i, "item");
  RECT r;
  long ok = SM(tb, TB_GETRECT, 5, &r);
  printf("TB_GETRECT id 5: %ld (%ld,%ld)-(%ld,%ld)\n", ok, r.left, r.top, r.right, r.bottom);
  printf("TB_GETRECT id 99: %ld\n", SM(tb, TB_GETRECT, 99, &r));
  printf("TB_COMMANDTOINDEX 1 %ld, 6 %ld, 99 %ld\n", SM(tb, TB_COMMANDTOINDEX, 1, 0), SM(tb, TB_COMMANDTOINDEX, 6, 0),
         SM(tb, TB_COMMANDTOINDEX, 99, 0));
  TBBUTTON got;
  memset(&got, 0, sizeof got);
  ok = SM(tb, TB_GETBUTTON, 5, &got);
  printf("TB_GETBUTTON 5: %ld bitmap %d id %d state %#x style %#x string %d\n", ok, got.iBitmap, got.idCommand,
         got.fsState, got.fsStyle, (int)got.iString);
  printf("TB_GETBUTTON 20: %ld\n", SM(tb, TB_GETBUTTON, 20, &got));
  states(tb, 1, 7);

  // States set by messages.
  printf("TB_ENABLEBUTTON 7: %ld\n", SM(tb, TB_ENABLEBUTTON, 7, TRUE));
  printf("TB_ENABLEBUTTON 2 off: %ld\n", SM(tb, TB_ENABLEBUTTON, 2, FALSE));
  printf("TB_CHECKBUTTON 3: %ld\n", SM(tb, TB_CHECKBUTTON, 3, TRUE));
  printf("TB_CHECKBUTTON 5: %ld\n", SM(tb, TB_CHECKBUTTON, 5, TRUE));
  printf("TB_PRESSBUTTON 1: %ld\n", SM(tb, TB_PRESSBUTTON, 1, TRUE));
  printf("TB_INDETERMINATE 6: %ld\n", SM(tb, TB_INDETERMINATE, 6, TRUE));
  printf("TB_HIDEBUTTON 7: %ld\n", SM(tb, TB_HIDEBUTTON, 7, TRUE));
  printf("TB_ENABLEBUTTON 99: %ld\n", SM(tb, TB_ENABLEBUTTON, 99, TRUE));
  states(tb, 1, 7);
  rect_of(tb, 8, "hidden item");
  printf("TB_SETSTATE 1: %ld\n", SM(tb, TB_SETSTATE, 1, TBSTATE_ENABLED));
  printf("TB_SETSTATE 2: %ld\n", SM(tb, TB_SETSTATE, 2, TBSTATE_ENABLED));
  printf("TB_SETSTATE 6: %ld\n", SM(tb, TB_SETSTATE, 6, TBSTATE_ENABLED));
  printf("TB_HIDEBUTTON 7 off: %ld\n", SM(tb, TB_HIDEBUTTON, 7, FALSE));
  states(tb, 1, 7);

  // Clicks.
  click(tb, 0, 5);
  click(tb, 3, 5);
  printf("checked 3: %ld\n", SM(tb, TB_ISBUTTONCHECKED, 3, 0) != 0);
  click(tb, 3, 5);
  printf("checked 3: %ld\n", SM(tb, TB_ISBUTTONCHECKED, 3, 0) != 0);
  click(tb, 5, 5);
  printf("checked 4 %ld 5 %ld\n", SM(tb, TB_ISBUTTONCHECKED, 4, 0) != 0, SM(tb, TB_ISBUTTONCHECKED, 5, 0) != 0);
  click(tb, 6, 5);
  printf("checked 4 %ld 5 %ld\n", SM(tb, TB_ISBUTTONCHECKED, 4, 0) != 0, SM(tb, TB_ISBUTTONCHECKED, 5, 0) != 0);
  click(tb, 7, 5);
  click(tb, 2, 2);
  SM(tb, TB_ENABLEBUTTON, 1, FALSE);
  click(tb, 0, 5);
  SM(tb, TB_ENABLEBUTTON, 1, TRUE);
  {
    // Pressed on one button, released on another: nothing.
    RECT a, c;
    SM(tb, TB_GETITEMRECT, 0, &a);
    SM(tb, TB_GETITEMRECT, 1, &c);
    printf("press on 0, release on 1:\n");
    SendMessageA(tb, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM(a.left + 5, a.top + 5));
    SendMessageA(tb, WM_MOUSEMOVE, MK_LBUTTON, MAKELPARAM(c.left + 5, c.top + 5));
    printf("pressed 1 while away: %ld\n", SM(tb, TB_ISBUTTONPRESSED, 1, 0) != 0);
    SendMessageA(tb, WM_LBUTTONUP, 0, MAKELPARAM(c.left + 5, c.top + 5));
  }

  // Hit tests.
  {
    RECT a;
    SM(tb, TB_GETITEMRECT, 1, &a);
    POINT pts[] = {{a.left + 3, a.top + 3}, {a.right + 2, a.top + 3}, {a.left, 200}};
    for (int i = 0; i < 3; i++) printf("TB_HITTEST %d: %ld\n", i, SM(tb, TB_HITTEST, 0, &pts[i]));
  }

  // Drop-down arrows: the arrow part sends TBN_DROPDOWN, the rest a WM_COMMAND.
  printf("TB_SETEXTENDEDSTYLE: %#lx\n", SM(tb, TB_SETEXTENDEDSTYLE, 0, TBSTYLE_EX_DRAWDDARROWS));
  printf("TB_GETEXTENDEDSTYLE: %#lx\n", SM(tb, TB_GETEXTENDEDSTYLE, 0, 0));
  rect_of(tb, 7, "drop-down item");
  rect_of(tb, 8, "item");
  {
    RECT a;
    SM(tb, TB_GETITEMRECT, 7, &a);
    click(tb, 7, 4);
    click(tb, 7, a.right - a.left - 4);
    dropdown_answer = TBDDRET_TREATPRESSED;
    click(tb, 7, a.right - a.left - 4);
    dropdown_answer = TBDDRET_DEFAULT;
  }

  // Insert and delete.
  {
    TBBUTTON nb = {STD_UNDO, 8, TBSTATE_ENABLED, BTNS_BUTTON, {0}, 77, -1};
    printf("TB_INSERTBUTTONA at 1: %ld\n", SM(tb, TB_INSERTBUTTONA, 1, &nb));
    printf("TB_BUTTONCOUNT: %ld\n", SM(tb, TB_BUTTONCOUNT, 0, 0));
    printf("TB_COMMANDTOINDEX 8 %ld, 2 %ld\n", SM(tb, TB_COMMANDTOINDEX, 8, 0), SM(tb, TB_COMMANDTOINDEX, 2, 0));
    memset(&got, 0, sizeof got);
    SM(tb, TB_GETBUTTON, 1, &got);
    printf("TB_GETBUTTON 1: bitmap %d id %d data %ld string %d\n", got.iBitmap, got.idCommand, (long)got.dwData,
           (int)got.iString);
    rect_of(tb, 2, "item");
    printf("TB_DELETEBUTTON 1: %ld\n", SM(tb, TB_DELETEBUTTON, 1, 0));
    printf("TB_DELETEBUTTON 50: %ld\n", SM(tb, TB_DELETEBUTTON, 50, 0));
    printf("TB_BUTTONCOUNT: %ld\n", SM(tb, TB_BUTTONCOUNT, 0, 0));
    rect_of(tb, 1, "item");
    TBBUTTON more[2] = {{STD_REDOW, 9, TBSTATE_ENABLED, BTNS_BUTTON, {0}, 0, -1},
                        {STD_HELP, 10, TBSTATE_ENABLED, BTNS_BUTTON, {0}, 0, -1}};
    printf("TB_ADDBUTTONSA: %ld\n", SM(tb, TB_ADDBUTTONSA, 2, more));
    printf("TB_BUTTONCOUNT: %ld\n", SM(tb, TB_BUTTONCOUNT, 0, 0));
    rect_of(tb, 10, "item");
  }

  // The parent resized: the toolbar follows its width.
  SetWindowPos(parent, NULL, 0, 0, 360, 240, SWP_NOMOVE | SWP_NOZORDER);
  GetClientRect(parent, &pc);
  SendMessageA(tb, WM_SIZE, 0, MAKELPARAM(pc.right, pc.bottom));
  RECT tr;
  GetWindowRect(tb, &tr);
  printf("toolbar width after the parent's WM_SIZE: %s\n", tr.right - tr.left == pc.right ? "the parent's" : "other");
  printf("TB_AUTOSIZE: %ld\n", SM(tb, TB_AUTOSIZE, 0, 0));
  window_place(tb, parent, "toolbar");

  // Strings and button info.
  printf("TB_ADDSTRINGA: %ld\n", SM(tb, TB_ADDSTRINGA, 0, "One\0Two\0Three\0"));
  printf("TB_ADDSTRINGW: %ld\n", (long)SendMessageW(tb, TB_ADDSTRINGW, 0, (LPARAM)L"Four\0"));
  {
    TBBUTTONINFOA bi;
    char text[32] = "";
    memset(&bi, 0, sizeof bi);
    bi.cbSize = sizeof bi;
    bi.dwMask = TBIF_COMMAND | TBIF_IMAGE | TBIF_STATE | TBIF_STYLE | TBIF_LPARAM;
    printf("TB_GETBUTTONINFOA 5: %ld", SM(tb, TB_GETBUTTONINFOA, 5, &bi));
    printf(" id %d image %d state %#x style %#x lparam %ld\n", bi.idCommand, bi.iImage, bi.fsState, bi.fsStyle,
           (long)bi.lParam);
    bi.dwMask = TBIF_BYINDEX | TBIF_COMMAND;
    bi.idCommand = 55;
    printf("TB_GETBUTTONINFOA index 2: %ld", SM(tb, TB_GETBUTTONINFOA, 2, &bi));
    printf(" id %d\n", bi.idCommand);
    bi.dwMask = TBIF_BYINDEX | TBIF_STYLE;
    printf("TB_GETBUTTONINFOA index 3: %ld", SM(tb, TB_GETBUTTONINFOA, 3, &bi));
    printf(" style %#x\n", bi.fsStyle);
    bi.dwMask = TBIF_COMMAND;
    printf("TB_GETBUTTONINFOA 99: %ld\n", SM(tb, TB_GETBUTTONINFOA, 99, &bi));
    bi.dwMask = TBIF_LPARAM | TBIF_IMAGE | TBIF_TEXT;
    bi.lParam = 1234;
    bi.iImage = STD_FIND;
    bi.pszText = "Find";
    printf("TB_SETBUTTONINFOA 2: %ld\n", SM(tb, TB_SETBUTTONINFOA, 2, &bi));
    memset(&bi, 0, sizeof bi);
    bi.cbSize = sizeof bi;
    bi.dwMask = TBIF_LPARAM | TBIF_IMAGE | TBIF_TEXT;
    bi.pszText = text;
    bi.cchText = sizeof text;
    printf("TB_GETBUTTONINFOA 2: %ld", SM(tb, TB_GETBUTTONINFOA, 2, &bi));
    printf(" image %d lparam %ld text \"%s\"\n", bi.iImage, (long)bi.lParam, text);
    TBBUTTONINFOW wi;
    WCHAR wtext[32] = {0};
    memset(&wi, 0, sizeof wi);
    wi.cbSize = sizeof wi;
    wi.dwMask = TBIF_TEXT | TBIF_COMMAND;
    wi.pszText = wtext;
    wi.cchText = 32;
    printf("TB_GETBUTTONINFOW 2: %ld", (long)SendMessageW(tb, TB_GETBUTTONINFOW, 2, (LPARAM)&wi));
    printf(" id %d text length %d\n", wi.idCommand, lstrlenW(wtext));
  }
  printf("TB_BUTTONSTRUCTSIZE: %ld\n", SM(tb, TB_BUTTONSTRUCTSIZE, sizeof(TBBUTTON), 0));

  // ---- CreateWindowEx, a bitmap of the program's own, sizes set ----
  HWND t2 = CreateWindowExA(0, TOOLBARCLASSNAMEA, NULL,
                            WS_CHILD | WS_VISIBLE | TBSTYLE_FLAT | CCS_NORESIZE | CCS_NOPARENTALIGN | CCS_NODIVIDER, 10,
                            100, 300, 40, parent, (HMENU)200, NULL, NULL);
  printf("CreateWindowEx: class %s, id %d\n", who(t2), GetDlgCtrlID(t2));
  printf("TB_BUTTONSTRUCTSIZE: %ld\n", SM(t2, TB_BUTTONSTRUCTSIZE, sizeof(TBBUTTON), 0));
  printf("style: %#lx\n", SM(t2, TB_GETSTYLE, 0, 0) & 0xffff);
  printf("TB_GETIMAGELIST: %s\n", SM(t2, TB_GETIMAGELIST, 0, 0) ? "a list" : "none");
  printf("TB_SETBITMAPSIZE 20x18: %ld\n", SM(t2, TB_SETBITMAPSIZE, 0, MAKELONG(20, 18)));
  HDC sdc = GetDC(NULL);
  HBITMAP bmp = CreateCompatibleBitmap(sdc, 60, 18);
  ReleaseDC(NULL, sdc);
  TBADDBITMAP ab = {NULL, (UINT_PTR)bmp};
  printf("TB_ADDBITMAP 3: %ld\n", SM(t2, TB_ADDBITMAP, 3, &ab));
  printf("TB_ADDBITMAP 3 again: %ld\n", SM(t2, TB_ADDBITMAP, 3, &ab));
  il = (HIMAGELIST)SendMessageA(t2, TB_GETIMAGELIST, 0, 0);
  cx = cy = 0;
  if (il) ImageList_GetIconSize(il, &cx, &cy);
  printf("TB_GETIMAGELIST: %s, %d images of %d x %d\n", il ? "a list" : "none", il ? ImageList_GetImageCount(il) : 0,
         cx, cy);
  printf("TB_SETBUTTONSIZE 30x28: %ld\n", SM(t2, TB_SETBUTTONSIZE, 0, MAKELONG(30, 28)));
  bs = SM(t2, TB_GETBUTTONSIZE, 0, 0);
  printf("TB_GETBUTTONSIZE: %d x %d\n", LOWORD(bs), HIWORD(bs));
  TBBUTTON b2[] = {
      {0, 21, TBSTATE_ENABLED, BTNS_BUTTON, {0}, 0, -1},
      {1, 22, TBSTATE_ENABLED, BTNS_CHECK, {0}, 0, -1},
      {0, 0, 0, BTNS_SEP, {0}, 0, -1},
      {12, 0, 0, BTNS_SEP, {0}, 0, -1},
      {2, 23, TBSTATE_ENABLED, BTNS_DROPDOWN, {0}, 0, -1},
  };
  printf("TB_ADDBUTTONSA: %ld\n", SM(t2, TB_ADDBUTTONSA, 5, b2));
  for (int i = 0; i < 5; i++) rect_of(t2, i, "item");
  window_place(t2, parent, "toolbar 2");
  click(t2, 0, 5);
  click(t2, 1, 5);
  printf("TB_GETSTATE 22: %#lx\n", SM(t2, TB_GETSTATE, 22, 0));
  click(t2, 4, 5);
  // A new image list of the program's own.
  HIMAGELIST mine = ImageList_Create(24, 24, ILC_COLOR24 | ILC_MASK, 4, 4);
  HIMAGELIST old = (HIMAGELIST)SendMessageA(t2, TB_SETIMAGELIST, 0, (LPARAM)mine);
  printf("TB_SETIMAGELIST: old %s\n", old == il ? "the toolbar's" : "other");
  printf("TB_GETIMAGELIST: %s\n", (HIMAGELIST)SendMessageA(t2, TB_GETIMAGELIST, 0, 0) == mine ? "mine" : "other");
  HIMAGELIST dis = ImageList_Create(24, 24, ILC_COLOR24 | ILC_MASK, 4, 4);
  printf("TB_SETDISABLEDIMAGELIST: %s\n", SendMessageA(t2, TB_SETDISABLEDIMAGELIST, 0, (LPARAM)dis) ? "a list" : "none");
  printf("TB_GETDISABLEDIMAGELIST: %s\n", (HIMAGELIST)SendMessageA(t2, TB_GETDISABLEDIMAGELIST, 0, 0) == dis ? "mine" : "other");
  printf("TB_SETHOTIMAGELIST: %s\n", SendMessageA(t2, TB_SETHOTIMAGELIST, 0, (LPARAM)dis) ? "a list" : "none");
  printf("TB_GETHOTIMAGELIST: %s\n", (HIMAGELIST)SendMessageA(t2, TB_GETHOTIMAGELIST, 0, 0) == dis ? "mine" : "other");
  printf("TB_SETSTYLE: %ld\n", SM(t2, TB_SETSTYLE, 0, TBSTYLE_FLAT | TBSTYLE_WRAPABLE | CCS_NORESIZE | CCS_NOPARENTALIGN | CCS_NODIVIDER));
  printf("style: %#lx\n", SM(t2, TB_GETSTYLE, 0, 0) & 0xffff);
  SetWindowPos(t2, NULL, 0, 0, 75, 100, SWP_NOMOVE | SWP_NOZORDER);
  printf("TB_GETROWS wrapped: %ld\n", SM(t2, TB_GETROWS, 0, 0));
  for (int i = 0; i < 5; i++) rect_of(t2, i, "item");
  printf("TB_SETINDENT: %ld\n", SM(t2, TB_SETINDENT, 5, 0));
  SetWindowPos(t2, NULL, 0, 0, 300, 100, SWP_NOMOVE | SWP_NOZORDER);
  for (int i = 0; i < 5; i++) rect_of(t2, i, "item");
  printf("TB_GETROWS: %ld\n", SM(t2, TB_GETROWS, 0, 0));
  { SIZE sz = {0, 0}; printf("TB_GETMAXSIZE: %ld", SM(t2, TB_GETMAXSIZE, 0, &sz)); printf(" %ld x %ld\n", sz.cx, sz.cy); }
  printf("TB_SETSTATE wrap: %ld\n", SM(t2, TB_SETSTATE, 21, TBSTATE_ENABLED | TBSTATE_WRAP));
  for (int i = 0; i < 5; i++) rect_of(t2, i, "item");
  printf("TB_GETROWS: %ld\n", SM(t2, TB_GETROWS, 0, 0));
  printf("TB_GETHOTITEM: %ld\n", SM(t2, TB_GETHOTITEM, 0, 0));
  printf("TB_SETHOTITEM: %ld\n", SM(t2, TB_SETHOTITEM, 1, 0));
  printf("TB_GETHOTITEM: %ld\n", SM(t2, TB_GETHOTITEM, 0, 0));
  long pad = SM(t2, TB_GETPADDING, 0, 0);
  printf("TB_GETPADDING: %d x %d\n", LOWORD(pad), HIWORD(pad));
  printf("TB_SETBUTTONWIDTH 40-50: %ld\n", SM(t2, TB_SETBUTTONWIDTH, 0, MAKELPARAM(40, 50)));
  bs = SM(t2, TB_GETBUTTONSIZE, 0, 0);
  printf("TB_GETBUTTONSIZE: %d x %d\n", LOWORD(bs), HIWORD(bs));
  rect_of(t2, 0, "item");
  pad = SM(t2, TB_SETPADDING, 0, MAKELPARAM(12, 10));
  printf("TB_SETPADDING: %d x %d\n", LOWORD(pad), HIWORD(pad));
  pad = SM(t2, TB_GETPADDING, 0, 0);
  printf("TB_GETPADDING: %d x %d\n", LOWORD(pad), HIWORD(pad));

  // TB_LOADIMAGES into a list of the program's own, and the text rows.
  HWND t3 = CreateWindowExA(0, TOOLBARCLASSNAMEA, NULL, WS_CHILD | WS_VISIBLE | CCS_NORESIZE | CCS_NOPARENTALIGN, 10,
                            150, 300, 40, parent, (HMENU)300, NULL, NULL);
  SM(t3, TB_BUTTONSTRUCTSIZE, sizeof(TBBUTTON), 0);
  HIMAGELIST own = ImageList_Create(16, 16, ILC_COLOR24 | ILC_MASK, 4, 4);
  SM(t3, TB_SETIMAGELIST, 0, own);
  printf("TB_LOADIMAGES std: %ld\n", SM(t3, TB_LOADIMAGES, IDB_STD_SMALL_COLOR, HINST_COMMCTRL));
  printf("TB_LOADIMAGES view: %ld\n", SM(t3, TB_LOADIMAGES, IDB_VIEW_SMALL_COLOR, HINST_COMMCTRL));
  printf("images: %d\n", ImageList_GetImageCount(own));
  printf("TB_GETTEXTROWS: %ld\n", SM(t3, TB_GETTEXTROWS, 0, 0));
  printf("TB_SETMAXTEXTROWS 0: %ld\n", SM(t3, TB_SETMAXTEXTROWS, 0, 0));
  printf("TB_GETTEXTROWS: %ld\n", SM(t3, TB_GETTEXTROWS, 0, 0));

  quiet = 1;
  DestroyWindow(parent);
  ImageList_Destroy(mine);
  ImageList_Destroy(dis);
  ImageList_Destroy(own);
  printf("done\n");
  return 0;
}
