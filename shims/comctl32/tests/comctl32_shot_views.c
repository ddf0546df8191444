// COMCTL32's views in a fixed state, for a picture compared with wine 8.0's
// (tests/windows/screenshot_samples.sh; user32's tests/shot_hold.h says what it prints and "hold"):
// a list view in report mode (three columns, four rows, the second selected and shown with
// LVS_SHOWSELALWAYS, grid lines), a tree view with lines and buttons (the root expanded, one child
// expanded, one with children collapsed, one item selected), a tab control of three tabs (the
// second selected) with its display area, and a header control of three items on its own. The focus
// is on the main window.
// Links: -lcomctl32 -lgdi32 -luser32
#include "../../user32/tests/shot_hold.h"
#include <commctrl.h>

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_TIMER:
      if (shot_timer(h, w)) DestroyWindow(h);
      return 0;
    case WM_DESTROY: PostQuitMessage(0); return 0;
  }
  return DefWindowProcA(h, m, w, l);
}

#define SM(h, m, w, l) SendMessageA((h), (m), (WPARAM)(w), (LPARAM)(l))

static HTREEITEM tree_add(HWND tv, HTREEITEM parent, const char* text) {
  TVINSERTSTRUCTA is = {0};
  is.hParent = parent;
  is.hInsertAfter = TVI_LAST;
  is.item.mask = TVIF_TEXT;
  is.item.pszText = (char*)text;
  return (HTREEITEM)SM(tv, TVM_INSERTITEMA, 0, &is);
}

int main(int argc, char** argv) {
  shot_start(argc, argv);
  INITCOMMONCONTROLSEX icc = {sizeof icc, ICC_LISTVIEW_CLASSES | ICC_TREEVIEW_CLASSES | ICC_TAB_CLASSES};
  InitCommonControlsEx(&icc);
  HINSTANCE inst = GetModuleHandleA(NULL);
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = inst;
  wc.lpszClassName = "ShotViews";
  wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
  wc.hCursor = LoadCursorA(NULL, (LPCSTR)IDC_ARROW);
  RegisterClassA(&wc);
  RECT r = {0, 0, 480, 300};
  AdjustWindowRect(&r, WS_OVERLAPPEDWINDOW, FALSE);
  HWND main = CreateWindowA("ShotViews", "comctl32 views", WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN, 60, 60,
                            r.right - r.left, r.bottom - r.top, NULL, NULL, inst, NULL);

  HWND lv = CreateWindowExA(WS_EX_CLIENTEDGE, WC_LISTVIEWA, "", WS_CHILD | WS_VISIBLE | LVS_REPORT | LVS_SHOWSELALWAYS,
                            10, 10, 280, 120, main, (HMENU)1, inst, NULL);
  SM(lv, LVM_SETEXTENDEDLISTVIEWSTYLE, LVS_EX_GRIDLINES, LVS_EX_GRIDLINES);
  const char* heads[] = {"Name", "Size", "Kind"};
  const int widths[] = {110, 70, 80};
  for (int i = 0; i < 3; ++i) {
    LVCOLUMNA c = {0};
    c.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_FMT;
    c.fmt = i == 1 ? LVCFMT_RIGHT : LVCFMT_LEFT;
    c.cx = widths[i];
    c.pszText = (char*)heads[i];
    SM(lv, LVM_INSERTCOLUMNA, i, &c);
  }
  const char* rows[4][3] = {{"alpha.txt", "12", "Text"}, {"beta.png", "3401", "Picture"},
                            {"gamma.exe", "88", "Program"}, {"delta", "0", "Folder"}};
  for (int i = 0; i < 4; ++i) {
    LVITEMA it = {0};
    it.mask = LVIF_TEXT;
    it.iItem = i;
    it.pszText = (char*)rows[i][0];
    SM(lv, LVM_INSERTITEMA, 0, &it);
    for (int j = 1; j < 3; ++j) {
      it.iSubItem = j;
      it.pszText = (char*)rows[i][j];
      SM(lv, LVM_SETITEMTEXTA, i, &it);
    }
  }
  LVITEMA sel = {0};
  sel.stateMask = LVIS_SELECTED;
  sel.state = LVIS_SELECTED;
  SM(lv, LVM_SETITEMSTATE, 1, &sel);

  HWND tv = CreateWindowExA(WS_EX_CLIENTEDGE, WC_TREEVIEWA, "",
                            WS_CHILD | WS_VISIBLE | TVS_HASLINES | TVS_HASBUTTONS | TVS_LINESATROOT | TVS_SHOWSELALWAYS,
                            300, 10, 170, 180, main, (HMENU)2, inst, NULL);
  HTREEITEM root = tree_add(tv, TVI_ROOT, "Root");
  HTREEITEM one = tree_add(tv, root, "Expanded");
  tree_add(tv, one, "Leaf one");
  HTREEITEM two = tree_add(tv, one, "Leaf two");
  HTREEITEM closed = tree_add(tv, root, "Collapsed");
  tree_add(tv, closed, "Hidden");
  tree_add(tv, root, "Plain");
  tree_add(tv, TVI_ROOT, "Second root");
  SM(tv, TVM_EXPAND, TVE_EXPAND, root);
  SM(tv, TVM_EXPAND, TVE_EXPAND, one);
  SM(tv, TVM_SELECTITEM, TVGN_CARET, two);

  HWND tab = CreateWindowExA(0, WC_TABCONTROLA, "", WS_CHILD | WS_VISIBLE | WS_CLIPSIBLINGS, 10, 140, 280, 80, main,
                             (HMENU)3, inst, NULL);
  const char* tabs[] = {"General", "Details", "More"};
  for (int i = 0; i < 3; ++i) {
    TCITEMA t = {0};
    t.mask = TCIF_TEXT;
    t.pszText = (char*)tabs[i];
    SM(tab, TCM_INSERTITEMA, i, &t);
  }
  SM(tab, TCM_SETCURSEL, 1, 0);

  HWND hd = CreateWindowExA(0, WC_HEADERA, "", WS_CHILD | WS_VISIBLE | HDS_BUTTONS, 10, 240, 460, 24, main, (HMENU)4,
                            inst, NULL);
  const char* items[] = {"First", "Second", "Third"};
  const int hw[] = {120, 160, 100};
  for (int i = 0; i < 3; ++i) {
    HDITEMA it = {0};
    it.mask = HDI_TEXT | HDI_WIDTH | HDI_FORMAT;
    it.fmt = HDF_STRING | (i == 1 ? HDF_CENTER : i == 2 ? HDF_RIGHT : HDF_LEFT);
    it.cxy = hw[i];
    it.pszText = (char*)items[i];
    SM(hd, HDM_INSERTITEMA, i, &it);
  }
  ShowWindow(main, SW_SHOW);
  UpdateWindow(main);
  SetFocus(main);
  shot_arm(main);
  MSG msg;
  while (GetMessageA(&msg, NULL, 0, 0) > 0) {
    TranslateMessage(&msg);
    DispatchMessageA(&msg);
  }
  return 0;
}
