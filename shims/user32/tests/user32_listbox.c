// List boxes and combo boxes of several styles made with CreateWindowEx (A and W) in a window and
// driven with SendMessage: adding, inserting and sorting strings, finding and selecting them,
// deleting, item data, one, several and extended selections, the top index, the keyboard and the
// mouse, owner-drawn lists (WM_MEASUREITEM, WM_COMPAREITEM, WM_DELETEITEM, WM_VKEYTOITEM,
// WM_CHARTOITEM received by the parent and printed) and the notifications the parent's WM_COMMAND
// gets. Only what does not depend on the fonts is printed (no sizes in pixels beyond an item's own
// height). The same program under wine 8.0 gives the expected output, but for GetWindowText of a
// CBS_DROPDOWNLIST combo box into a buffer too small for the selected item: the characters copied
// (2), as WM_GETTEXT's documentation says, where wine gives the buffer's size (3).
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>
#include <string.h>

static int quiet;
static int measure_height = 18;
static int compare_count;
static int draw_count;

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (quiet) return DefWindowProcW(h, m, w, l);
  switch (m) {
    case WM_COMMAND:
      if (LOWORD(w) >= 100) printf("  [WM_COMMAND id %u code %u]\n", LOWORD(w), HIWORD(w));
      return 0;
    case WM_MEASUREITEM: {
      MEASUREITEMSTRUCT* mi = (MEASUREITEMSTRUCT*)l;
      int item = (int)mi->itemID;
      unsigned type = mi->CtlType, id = mi->CtlID, wid = (unsigned)w;
      unsigned long data = (unsigned long)mi->itemData;
      // (an item with a string: the pointer the caller gave)
      if (data < 0x10000)
        printf("  [WM_MEASUREITEM wparam %u type %u id %u item %d data %lu]\n", wid, type, id, item, data);
      else
        printf("  [WM_MEASUREITEM wparam %u type %u id %u item %d data a pointer]\n", wid, type, id, item);
      mi->itemHeight = item >= 0 ? measure_height + 2 * item : measure_height;
      return TRUE;
    }
    case WM_COMPAREITEM: {
      COMPAREITEMSTRUCT* ci = (COMPAREITEMSTRUCT*)l;
      compare_count++;
      if (ci->itemData1 < ci->itemData2) return -1;
      return ci->itemData1 > ci->itemData2 ? 1 : 0;
    }
    case WM_DELETEITEM: {
      DELETEITEMSTRUCT* di = (DELETEITEMSTRUCT*)l;
      unsigned type = di->CtlType, id = di->CtlID, item = di->itemID;
      unsigned long data = (unsigned long)di->itemData;
      int self = di->hwndItem == GetDlgItem(h, (int)id);
      printf("  [WM_DELETEITEM type %u id %u item %u data %lu from the control %d]\n", type, id, item, data, self);
      return TRUE;
    }
    case WM_DRAWITEM:
      draw_count++;
      return TRUE;
    case WM_VKEYTOITEM: {
      unsigned key = LOWORD(w), caret = HIWORD(w);
      printf("  [WM_VKEYTOITEM key %u caret %u]\n", key, caret);
      return -1;
    }
    case WM_CHARTOITEM: {
      unsigned ch = LOWORD(w), caret = HIWORD(w);
      printf("  [WM_CHARTOITEM char %u caret %u]\n", ch, caret);
      return 2;
    }
  }
  return DefWindowProcW(h, m, w, l);
}

static HWND parent;

static HWND make(const WCHAR* cls, DWORD style, int id, int x, int y, int cx, int cy) {
  return CreateWindowExW(0, cls, L"", WS_CHILD | WS_VISIBLE | style, x, y, cx, cy, parent, (HMENU)(INT_PTR)id,
                         GetModuleHandleW(NULL), NULL);
}
static HWND make_a(const char* cls, DWORD style, int id, int x, int y, int cx, int cy) {
  return CreateWindowExA(0, cls, "", WS_CHILD | WS_VISIBLE | style, x, y, cx, cy, parent, (HMENU)(INT_PTR)id,
                         GetModuleHandleA(NULL), NULL);
}

static long sw(HWND h, UINT m, WPARAM w, LPARAM l) { return (long)SendMessageW(h, m, w, l); }
static long sa(HWND h, UINT m, WPARAM w, LPARAM l) { return (long)SendMessageA(h, m, w, l); }

static void show_items(HWND h, const char* label) {
  long n = sw(h, LB_GETCOUNT, 0, 0);
  printf("  %s (%ld):", label, n);
  for (long i = 0; i < n; i++) {
    WCHAR buf[64];
    long len = sw(h, LB_GETTEXT, i, (LPARAM)buf);
    char narrow[64];
    WideCharToMultiByte(CP_ACP, 0, buf, -1, narrow, sizeof narrow, NULL, NULL);
    printf(" %s(%ld)", narrow, len);
  }
  printf("\n");
}

static void show_sel(HWND h) {
  int items[32];
  long n = sw(h, LB_GETSELITEMS, 32, (LPARAM)items);
  long count = sw(h, LB_GETSELCOUNT, 0, 0);
  long caret = sw(h, LB_GETCARETINDEX, 0, 0);
  long anchor = sw(h, LB_GETANCHORINDEX, 0, 0);
  long cur = sw(h, LB_GETCURSEL, 0, 0);
  printf("  selected %ld (count %ld):", n, count);
  for (long i = 0; i < n && i < 32; i++) printf(" %d", items[i]);
  printf("; caret %ld anchor %ld cursel %ld\n", caret, anchor, cur);
}

static LPARAM at_item(HWND h, int index) {
  long ih = sw(h, LB_GETITEMHEIGHT, 0, 0);
  long top = sw(h, LB_GETTOPINDEX, 0, 0);
  return MAKELPARAM(3, (index - top) * ih + ih / 2);
}

static void plain_list(void) {
  printf("ListBox, LBS_NOTIFY (W):\n");
  HWND h = make(L"ListBox", LBS_NOTIFY | WS_VSCROLL | WS_BORDER | LBS_NOINTEGRALHEIGHT, 101, 10, 10, 150, 100);
  WCHAR cls[32];
  GetClassNameW(h, cls, 32);
  long code = sw(h, WM_GETDLGCODE, 0, 0);
  long cur0 = sw(h, LB_GETCURSEL, 0, 0);
  long caret0 = sw(h, LB_GETCARETINDEX, 0, 0);
  long anchor0 = sw(h, LB_GETANCHORINDEX, 0, 0);
  printf("  class %ls, WM_GETDLGCODE 0x%lx; empty: cursel %ld caret %ld anchor %ld\n", cls, code, cur0, caret0, anchor0);
  long a = sw(h, LB_ADDSTRING, 0, (LPARAM)L"banana");
  long b = sw(h, LB_ADDSTRING, 0, (LPARAM)L"apple");
  long c = sw(h, LB_ADDSTRING, 0, (LPARAM)L"cherry");
  long d = sw(h, LB_INSERTSTRING, 1, (LPARAM)L"date");
  long e = sw(h, LB_INSERTSTRING, (WPARAM)-1, (LPARAM)L"elder");
  long f = sw(h, LB_INSERTSTRING, 10, (LPARAM)L"fig");
  printf("  LB_ADDSTRING %ld %ld %ld, LB_INSERTSTRING at 1: %ld, at -1: %ld, at 10: %ld\n", a, b, c, d, e, f);
  show_items(h, "items");
  long wl = sw(h, LB_GETTEXTLEN, 3, 0);
  long al = sa(h, LB_GETTEXTLEN, 3, 0);
  char abuf[32] = "";
  long ar = sa(h, LB_GETTEXT, 3, (LPARAM)abuf);
  long bad = sw(h, LB_GETTEXTLEN, 7, 0);
  long badtext = sw(h, LB_GETTEXT, (WPARAM)-1, (LPARAM)abuf);
  printf("  LB_GETTEXTLEN 3: W %ld A %ld; LB_GETTEXT A %ld \"%s\"; bad index: %ld %ld\n", wl, al, ar, abuf, bad, badtext);
  long f1 = sw(h, LB_FINDSTRING, (WPARAM)-1, (LPARAM)L"ch");
  long f2 = sw(h, LB_FINDSTRING, 3, (LPARAM)L"CH");
  long f3 = sw(h, LB_FINDSTRING, 1, (LPARAM)L"a");
  long f4 = sw(h, LB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM)L"APPLE");
  long f5 = sw(h, LB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM)L"app");
  long f6 = sw(h, LB_FINDSTRING, (WPARAM)-1, (LPARAM)L"zz");
  long f7 = sa(h, LB_FINDSTRING, 10, (LPARAM)"ba");
  printf("  LB_FINDSTRING ch %ld, CH after 3 %ld, a after 1 %ld, exact APPLE %ld, exact app %ld, zz %ld, A ba from 10 %ld\n",
         f1, f2, f3, f4, f5, f6, f7);
  long s1 = sw(h, LB_SETCURSEL, 2, 0);
  long g1 = sw(h, LB_GETCURSEL, 0, 0);
  long gs = sw(h, LB_GETSEL, 2, 0);
  long gs2 = sw(h, LB_GETSEL, 1, 0);
  long gsbad = sw(h, LB_GETSEL, 9, 0);
  long sc = sw(h, LB_GETSELCOUNT, 0, 0);
  long s2 = sw(h, LB_SETCURSEL, (WPARAM)-1, 0);
  long g2 = sw(h, LB_GETCURSEL, 0, 0);
  long s3 = sw(h, LB_SETCURSEL, 9, 0);
  printf("  LB_SETCURSEL 2: %ld, cursel %ld, LB_GETSEL 2 %ld 1 %ld 9 %ld, LB_GETSELCOUNT %ld; LB_SETCURSEL -1: %ld cursel %ld; 9: %ld\n",
         s1, g1, gs, gs2, gsbad, sc, s2, g2, s3);
  long ss = sw(h, LB_SELECTSTRING, (WPARAM)-1, (LPARAM)L"el");
  long g3 = sw(h, LB_GETCURSEL, 0, 0);
  long ss2 = sw(h, LB_SELECTSTRING, (WPARAM)-1, (LPARAM)L"kiwi");
  long g4 = sw(h, LB_GETCURSEL, 0, 0);
  printf("  LB_SELECTSTRING el %ld cursel %ld, kiwi %ld cursel %ld\n", ss, g3, ss2, g4);
  long sd = sw(h, LB_SETITEMDATA, 1, 1234);
  long gd = sw(h, LB_GETITEMDATA, 1, 0);
  long gd0 = sw(h, LB_GETITEMDATA, 0, 0);
  long sdbad = sw(h, LB_SETITEMDATA, 8, 1);
  long gdbad = sw(h, LB_GETITEMDATA, 8, 0);
  printf("  LB_SETITEMDATA %ld, LB_GETITEMDATA 1 %ld 0 %ld; bad index %ld %ld\n", sd, gd, gd0, sdbad, gdbad);
  printf("  LB_DELETESTRING 0:\n");
  long del = sw(h, LB_DELETESTRING, 0, 0);
  long g5 = sw(h, LB_GETCURSEL, 0, 0);
  printf("  -> %ld, cursel %ld\n", del, g5);
  printf("  LB_DELETESTRING 0 (the item with data):\n");
  del = sw(h, LB_DELETESTRING, 0, 0);
  long delbad = sw(h, LB_DELETESTRING, 7, 0);
  g5 = sw(h, LB_GETCURSEL, 0, 0);
  printf("  -> %ld, bad index %ld, cursel %ld\n", del, delbad, g5);
  show_items(h, "items");

  // Many items: the top index, rectangles, points.
  sw(h, LB_RESETCONTENT, 0, 0);
  for (int i = 0; i < 30; i++) {
    WCHAR t[16] = L"item 00";
    t[5] = (WCHAR)('0' + i / 10);
    t[6] = (WCHAR)('0' + i % 10);
    sw(h, LB_ADDSTRING, 0, (LPARAM)t);
  }
  long ih = sw(h, LB_GETITEMHEIGHT, 0, 0);
  long st = sw(h, LB_SETTOPINDEX, 5, 0);
  long gt = sw(h, LB_GETTOPINDEX, 0, 0);
  RECT r;
  long gr = sw(h, LB_GETITEMRECT, 5, (LPARAM)&r);
  int rect_ok = r.left == 0 && r.top == 0 && r.bottom - r.top == ih;
  RECT r2;
  long gr2 = sw(h, LB_GETITEMRECT, 29, (LPARAM)&r2);
  long gr3 = sw(h, LB_GETITEMRECT, 40, (LPARAM)&r2);
  long gr4 = sw(h, LB_GETITEMRECT, 6, (LPARAM)&r2);
  int below = r2.top == ih;
  long p1 = sw(h, LB_ITEMFROMPOINT, 0, MAKELPARAM(2, 1));
  long p2 = sw(h, LB_ITEMFROMPOINT, 0, MAKELPARAM(2, ih + 1));
  long p3 = sw(h, LB_ITEMFROMPOINT, 0, MAKELPARAM(2, 3000));
  printf("  item height > 0: %d; LB_SETTOPINDEX 5: %ld, top %ld; LB_GETITEMRECT 5: %ld at the top %d, 29: %ld, 40: %ld, 6: %ld below it %d\n",
         ih > 0, st, gt, gr, rect_ok, gr2, gr3, gr4, below);
  printf("  LB_ITEMFROMPOINT top 0x%lx, next 0x%lx, far below: index is the last %d outside %ld\n", p1, p2,
         LOWORD(p3) == 29, (long)HIWORD(p3));
  long sb = sw(h, LB_SETTOPINDEX, 100, 0);
  long gb = sw(h, LB_GETTOPINDEX, 0, 0);
  long sh = sw(h, LB_SETITEMHEIGHT, 0, 20);
  long gh = sw(h, LB_GETITEMHEIGHT, 0, 0);
  long gh5 = sw(h, LB_GETITEMHEIGHT, 5, 0);
  long shbad = sw(h, LB_SETITEMHEIGHT, 0, 300);
  printf("  LB_SETTOPINDEX 100: %ld, top shows the last page %d; LB_SETITEMHEIGHT 20: %ld, height %ld (item 5 %ld), 300: %ld\n",
         sb, gb > 5 && gb < 30, sh, gh, gh5, shbad);
  long hx = sw(h, LB_SETHORIZONTALEXTENT, 300, 0);
  long ghx = sw(h, LB_GETHORIZONTALEXTENT, 0, 0);
  long is = sw(h, LB_INITSTORAGE, 100, 1000);
  long info = sw(h, LB_GETLISTBOXINFO, 0, 0);
  long tabs = sw(h, LB_SETTABSTOPS, 0, 0);
  printf("  LB_SETHORIZONTALEXTENT %ld, extent %ld; LB_INITSTORAGE at least 100: %d; LB_GETLISTBOXINFO > 0: %d; LB_SETTABSTOPS without LBS_USETABSTOPS %ld\n",
         hx, ghx, is >= 100, info > 0, tabs);

  // Keyboard and mouse.
  printf("  SetFocus:\n");
  SetFocus(h);
  sw(h, LB_SETCURSEL, 5, 0);
  printf("  VK_DOWN:\n");
  sw(h, WM_KEYDOWN, VK_DOWN, 0);
  long k1 = sw(h, LB_GETCURSEL, 0, 0);
  sw(h, WM_KEYDOWN, VK_END, 0);
  long k2 = sw(h, LB_GETCURSEL, 0, 0);
  long t2 = sw(h, LB_GETTOPINDEX, 0, 0);
  sw(h, WM_KEYDOWN, VK_HOME, 0);
  long k3 = sw(h, LB_GETCURSEL, 0, 0);
  long t3 = sw(h, LB_GETTOPINDEX, 0, 0);
  sw(h, WM_KEYDOWN, VK_UP, 0);
  long k4 = sw(h, LB_GETCURSEL, 0, 0);
  sw(h, WM_KEYDOWN, VK_NEXT, 0);
  long k5 = sw(h, LB_GETCURSEL, 0, 0);
  sw(h, WM_KEYDOWN, VK_PRIOR, 0);
  long k6 = sw(h, LB_GETCURSEL, 0, 0);
  printf("  after VK_DOWN %ld, VK_END %ld (the last in view %d), VK_HOME %ld top %ld, VK_UP %ld, VK_NEXT moved down %d, VK_PRIOR back %ld\n",
         k1, k2, t2 > 0 && t2 <= 29, k3, t3, k4, k5 > 0, k6);
  sw(h, LB_INSERTSTRING, 3, (LPARAM)L"item 2b");
  sw(h, LB_ADDSTRING, 0, (LPARAM)L"other");
  printf("  WM_CHAR '2' (A):\n");
  sa(h, WM_CHAR, '2', 0);
  long c1 = sw(h, LB_GETCURSEL, 0, 0);
  sw(h, WM_CHAR, 'I', 0);
  long c2 = sw(h, LB_GETCURSEL, 0, 0);
  sw(h, WM_CHAR, 'o', 0);
  long c3 = sw(h, LB_GETCURSEL, 0, 0);
  sw(h, WM_CHAR, 'q', 0);
  long c4 = sw(h, LB_GETCURSEL, 0, 0);
  printf("  after WM_CHAR '2' %ld, 'I' %ld, 'o' %ld, 'q' %ld\n", c1, c2, c3, c4);
  sw(h, LB_SETTOPINDEX, 0, 0);
  printf("  click on item 2:\n");
  sw(h, WM_LBUTTONDOWN, MK_LBUTTON, at_item(h, 2));
  long m1 = sw(h, LB_GETCURSEL, 0, 0);
  HWND cap = GetCapture();
  printf("  button up (captured %d):\n", cap == h);
  sw(h, WM_LBUTTONUP, 0, at_item(h, 2));
  cap = GetCapture();
  printf("  cursel %ld, captured %d; double click:\n", m1, cap == h);
  sw(h, WM_LBUTTONDBLCLK, MK_LBUTTON, at_item(h, 2));
  sw(h, WM_LBUTTONUP, 0, at_item(h, 2));
  printf("  drag from item 1 to item 3:\n");
  sw(h, WM_LBUTTONDOWN, MK_LBUTTON, at_item(h, 1));
  sw(h, WM_MOUSEMOVE, MK_LBUTTON, at_item(h, 3));
  long m2 = sw(h, LB_GETCURSEL, 0, 0);
  sw(h, WM_LBUTTONUP, 0, at_item(h, 3));
  printf("  cursel %ld; focus to the parent:\n", m2);
  SetFocus(parent);
  long rc = sw(h, LB_RESETCONTENT, 0, 0);
  long n = sw(h, LB_GETCOUNT, 0, 0);
  long g6 = sw(h, LB_GETCURSEL, 0, 0);
  long tp = sw(h, LB_GETTOPINDEX, 0, 0);
  long p4 = sw(h, LB_ITEMFROMPOINT, 0, 0);
  printf("  LB_RESETCONTENT %ld: count %ld cursel %ld top %ld LB_ITEMFROMPOINT 0x%lx\n", rc, n, g6, tp, p4);
  DestroyWindow(h);
}

static void sorted_list(void) {
  printf("ListBox, LBS_SORT (A):\n");
  HWND h = make_a("listbox", LBS_SORT | LBS_NOTIFY | WS_BORDER, 102, 170, 10, 120, 100);
  const char* words[] = {"pear", "Apple", "fig", "banana", "apple2", "FIG", "cherry"};
  printf("  LB_ADDSTRING:");
  for (int i = 0; i < 7; i++) {
    long r = sa(h, LB_ADDSTRING, 0, (LPARAM)words[i]);
    printf(" %s %ld", words[i], r);
  }
  printf("\n");
  show_items(h, "items");
  long ins = sa(h, LB_INSERTSTRING, 0, (LPARAM)"zebra");
  long fe = sa(h, LB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM)"fig");
  long fe2 = sa(h, LB_FINDSTRINGEXACT, (WPARAM)fe, (LPARAM)"fig");
  printf("  LB_INSERTSTRING at 0 in a sorted list %ld; exact fig %ld, after it %ld\n", ins, fe, fe2);
  show_items(h, "items");
  DestroyWindow(h);
}

static void multiple_list(void) {
  printf("ListBox, LBS_MULTIPLESEL:\n");
  HWND h = make(L"ListBox", LBS_MULTIPLESEL | LBS_NOTIFY | WS_BORDER | LBS_NOINTEGRALHEIGHT, 103, 300, 10, 120, 150);
  for (int i = 0; i < 8; i++) {
    WCHAR t[8] = L"m0";
    t[1] = (WCHAR)('0' + i);
    sw(h, LB_ADDSTRING, 0, (LPARAM)t);
  }
  show_sel(h);
  long a = sw(h, LB_SETSEL, TRUE, 2);
  long b = sw(h, LB_SETSEL, TRUE, 4);
  long bad = sw(h, LB_SETSEL, TRUE, 9);
  printf("  LB_SETSEL 2 %ld, 4 %ld, 9 %ld\n", a, b, bad);
  show_sel(h);
  long c = sw(h, LB_SETSEL, FALSE, -1);
  printf("  LB_SETSEL off all %ld\n", c);
  show_sel(h);
  long d = sw(h, LB_SELITEMRANGE, TRUE, MAKELPARAM(3, 1));
  long e = sw(h, LB_SELITEMRANGEEX, 5, 6);
  printf("  LB_SELITEMRANGE 3..1 %ld, LB_SELITEMRANGEEX 5, 6 %ld\n", d, e);
  show_sel(h);
  long f = sw(h, LB_SELITEMRANGEEX, 6, 5);
  long g = sw(h, LB_SETCURSEL, 1, 0);
  long ci = sw(h, LB_SETCARETINDEX, 7, 0);
  long cibad = sw(h, LB_SETCARETINDEX, 8, 0);
  printf("  LB_SELITEMRANGEEX 6, 5 %ld, LB_SETCURSEL %ld, LB_SETCARETINDEX 7 %ld, 8 %ld\n", f, g, ci, cibad);
  show_sel(h);
  SetFocus(h);
  printf("  VK_SPACE:\n");
  sw(h, WM_KEYDOWN, VK_SPACE, 0);
  show_sel(h);
  printf("  VK_UP:\n");
  sw(h, WM_KEYDOWN, VK_UP, 0);
  show_sel(h);
  printf("  click on item 0:\n");
  sw(h, WM_LBUTTONDOWN, MK_LBUTTON, at_item(h, 0));
  sw(h, WM_LBUTTONUP, 0, at_item(h, 0));
  show_sel(h);
  printf("  click on item 0 again:\n");
  sw(h, WM_LBUTTONDOWN, MK_LBUTTON, at_item(h, 0));
  sw(h, WM_LBUTTONUP, 0, at_item(h, 0));
  show_sel(h);
  long del = sw(h, LB_DELETESTRING, 1, 0);
  printf("  LB_DELETESTRING 1: %ld\n", del);
  show_sel(h);
  SetFocus(parent);
  DestroyWindow(h);
}

static void extended_list(void) {
  printf("ListBox, LBS_EXTENDEDSEL:\n");
  HWND h = make(L"ListBox", LBS_EXTENDEDSEL | LBS_NOTIFY | WS_BORDER | LBS_NOINTEGRALHEIGHT, 104, 430, 10, 120, 150);
  for (int i = 0; i < 8; i++) {
    WCHAR t[8] = L"x0";
    t[1] = (WCHAR)('0' + i);
    sw(h, LB_ADDSTRING, 0, (LPARAM)t);
  }
  SetFocus(h);
  printf("  click on 1:\n");
  sw(h, WM_LBUTTONDOWN, MK_LBUTTON, at_item(h, 1));
  sw(h, WM_LBUTTONUP, 0, at_item(h, 1));
  show_sel(h);
  printf("  Shift+click on 4:\n");
  sw(h, WM_LBUTTONDOWN, MK_LBUTTON | MK_SHIFT, at_item(h, 4));
  sw(h, WM_LBUTTONUP, MK_SHIFT, at_item(h, 4));
  show_sel(h);
  printf("  Ctrl+click on 2:\n");
  sw(h, WM_LBUTTONDOWN, MK_LBUTTON | MK_CONTROL, at_item(h, 2));
  sw(h, WM_LBUTTONUP, MK_CONTROL, at_item(h, 2));
  show_sel(h);
  printf("  Ctrl+click on 6:\n");
  sw(h, WM_LBUTTONDOWN, MK_LBUTTON | MK_CONTROL, at_item(h, 6));
  sw(h, WM_LBUTTONUP, MK_CONTROL, at_item(h, 6));
  show_sel(h);
  printf("  click on 3:\n");
  sw(h, WM_LBUTTONDOWN, MK_LBUTTON, at_item(h, 3));
  sw(h, WM_LBUTTONUP, 0, at_item(h, 3));
  show_sel(h);
  printf("  VK_DOWN:\n");
  sw(h, WM_KEYDOWN, VK_DOWN, 0);
  show_sel(h);
  long an = sw(h, LB_SETANCHORINDEX, 1, 0);
  long anbad = sw(h, LB_SETANCHORINDEX, 8, 0);
  printf("  LB_SETANCHORINDEX 1 %ld, 8 %ld\n", an, anbad);
  show_sel(h);
  long all = sw(h, LB_SETSEL, TRUE, -1);
  printf("  LB_SETSEL all %ld\n", all);
  show_sel(h);
  SetFocus(parent);
  DestroyWindow(h);
}

static void owner_draw_lists(void) {
  printf("ListBox, LBS_OWNERDRAWFIXED | LBS_SORT | LBS_WANTKEYBOARDINPUT without strings:\n");
  HWND h = make(L"ListBox", LBS_OWNERDRAWFIXED | LBS_SORT | LBS_WANTKEYBOARDINPUT | LBS_NOTIFY | WS_BORDER, 105, 10,
                200, 150, 100);
  long ih = sw(h, LB_GETITEMHEIGHT, 0, 0);
  printf("  item height %ld\n", ih);
  compare_count = 0;
  long a = sw(h, LB_ADDSTRING, 0, 30);
  long b = sw(h, LB_ADDSTRING, 0, 10);
  long c = sw(h, LB_ADDSTRING, 0, 20);
  long d = sw(h, LB_ADDSTRING, 0, 40);
  int compared = compare_count;
  printf("  LB_ADDSTRING 30 %ld, 10 %ld, 20 %ld, 40 %ld; WM_COMPAREITEM %d times; data:", a, b, c, d, compared > 0);
  for (int i = 0; i < 4; i++) printf(" %ld", sw(h, LB_GETITEMDATA, i, 0));
  printf("\n");
  ULONG_PTR data = 0;
  long gt = sw(h, LB_GETTEXT, 2, (LPARAM)&data);
  long gl = sw(h, LB_GETTEXTLEN, 2, 0);
  printf("  LB_GETTEXT gives the data %lu, returns its size %d, LB_GETTEXTLEN its size %d\n", (unsigned long)data,
         gt == (long)sizeof(ULONG_PTR), gl == (long)sizeof(ULONG_PTR));
  long f1 = sw(h, LB_FINDSTRING, (WPARAM)-1, 20);
  long f2 = sw(h, LB_FINDSTRING, (WPARAM)-1, 25);
  compare_count = 0;
  long f3 = sw(h, LB_FINDSTRINGEXACT, (WPARAM)-1, 40);
  compared = compare_count;
  printf("  LB_FINDSTRING 20 %ld, 25 %ld, LB_FINDSTRINGEXACT 40 %ld (WM_COMPAREITEM %d)\n", f1, f2, f3, compared > 0);
  SetFocus(h);
  sw(h, LB_SETCURSEL, 1, 0);
  printf("  VK_DOWN:\n");
  sw(h, WM_KEYDOWN, VK_DOWN, 0);
  long k = sw(h, LB_GETCURSEL, 0, 0);
  printf("  cursel %ld; WM_CHAR 'x':\n", k);
  sw(h, WM_CHAR, 'x', 0);
  k = sw(h, LB_GETCURSEL, 0, 0);
  printf("  cursel %ld\n", k);
  draw_count = 0;
  InvalidateRect(h, NULL, TRUE);
  UpdateWindow(h);
  printf("  painted by the parent: %d\n", draw_count > 0);
  printf("  LB_DELETESTRING 0:\n");
  sw(h, LB_DELETESTRING, 0, 0);
  printf("  LB_RESETCONTENT:\n");
  sw(h, LB_RESETCONTENT, 0, 0);
  SetFocus(parent);
  DestroyWindow(h);

  printf("ListBox, LBS_OWNERDRAWVARIABLE | LBS_HASSTRINGS:\n");
  h = make(L"ListBox", LBS_OWNERDRAWVARIABLE | LBS_HASSTRINGS | WS_BORDER, 106, 170, 200, 150, 100);
  long v1 = sw(h, LB_ADDSTRING, 0, (LPARAM)L"one");
  long v2 = sw(h, LB_ADDSTRING, 0, (LPARAM)L"two");
  long v3 = sw(h, LB_INSERTSTRING, 0, (LPARAM)L"zero");
  long h0 = sw(h, LB_GETITEMHEIGHT, 0, 0);
  long h1 = sw(h, LB_GETITEMHEIGHT, 1, 0);
  long h2 = sw(h, LB_GETITEMHEIGHT, 2, 0);
  long hbad = sw(h, LB_GETITEMHEIGHT, 5, 0);
  long sh = sw(h, LB_SETITEMHEIGHT, 1, 33);
  long h1b = sw(h, LB_GETITEMHEIGHT, 1, 0);
  printf("  added %ld %ld %ld; heights %ld %ld %ld, bad index %ld; LB_SETITEMHEIGHT 1 %ld: %ld\n", v1, v2, v3, h0, h1, h2,
         hbad, sh, h1b);
  show_items(h, "items");
  printf("  LB_RESETCONTENT:\n");
  sw(h, LB_RESETCONTENT, 0, 0);
  DestroyWindow(h);
}

static void other_lists(void) {
  printf("ListBox, LBS_MULTICOLUMN:\n");
  HWND h = make(L"ListBox", LBS_MULTICOLUMN | WS_BORDER | WS_HSCROLL, 107, 330, 200, 200, 80);
  long cw = sw(h, LB_SETCOLUMNWIDTH, 60, 0);
  for (int i = 0; i < 20; i++) {
    WCHAR t[8] = L"c00";
    t[1] = (WCHAR)('0' + i / 10);
    t[2] = (WCHAR)('0' + i % 10);
    sw(h, LB_ADDSTRING, 0, (LPARAM)t);
  }
  RECT r;
  long ok = sw(h, LB_GETITEMRECT, 0, (LPARAM)&r);
  long ih = sw(h, LB_GETITEMHEIGHT, 0, 0);
  long per = sw(h, LB_GETLISTBOXINFO, 0, 0);
  RECT r2;
  sw(h, LB_GETITEMRECT, per, (LPARAM)&r2);
  printf("  LB_SETCOLUMNWIDTH %ld; item 0 %ld at %ld,%ld width %ld; the item after a column starts the next %d\n", cw, ok,
         r.left, r.top, r.right - r.left, r2.left == 60 && r2.top == 0 && r2.bottom - r2.top == ih);
  long hx = sw(h, LB_SETHORIZONTALEXTENT, 500, 0);
  long ghx = sw(h, LB_GETHORIZONTALEXTENT, 0, 0);
  printf("  LB_SETHORIZONTALEXTENT %ld: %ld\n", hx, ghx);
  DestroyWindow(h);

  printf("ListBox, LBS_USETABSTOPS:\n");
  h = make(L"ListBox", LBS_USETABSTOPS | WS_BORDER, 108, 10, 320, 200, 60);
  INT stops[2] = {20, 40};
  long t1 = sw(h, LB_SETTABSTOPS, 2, (LPARAM)stops);
  long t2 = sw(h, LB_SETTABSTOPS, 0, 0);
  long a = sw(h, LB_ADDSTRING, 0, (LPARAM)L"a\tb\tc");
  WCHAR buf[16];
  long n = sw(h, LB_GETTEXT, 0, (LPARAM)buf);
  printf("  LB_SETTABSTOPS %ld, default %ld; the text keeps its tabs: %ld %d\n", t1, t2, a, n == 5 && buf[1] == '\t');
  DestroyWindow(h);

  printf("ListBox, LBS_NOSEL:\n");
  h = make(L"ListBox", LBS_NOSEL | WS_BORDER, 109, 220, 320, 100, 60);
  sw(h, LB_ADDSTRING, 0, (LPARAM)L"p");
  sw(h, LB_ADDSTRING, 0, (LPARAM)L"q");
  long s = sw(h, LB_SETCURSEL, 1, 0);
  long g = sw(h, LB_GETSEL, 1, 0);
  printf("  LB_SETCURSEL %ld, LB_GETSEL %ld\n", s, g);
  DestroyWindow(h);
}

static void show_combo(HWND h, const char* label) {
  WCHAR buf[64] = L"";
  long len = (long)GetWindowTextW(h, buf, 64);
  long tl = sw(h, WM_GETTEXTLENGTH, 0, 0);
  long cur = sw(h, CB_GETCURSEL, 0, 0);
  long n = sw(h, CB_GETCOUNT, 0, 0);
  long dropped = sw(h, CB_GETDROPPEDSTATE, 0, 0);
  printf("  %s: count %ld cursel %ld text \"%ls\" (%ld, length %ld) dropped %ld\n", label, n, cur, buf, len, tl, dropped);
}

static void droplist_combo(void) {
  printf("ComboBox, CBS_DROPDOWNLIST | CBS_SORT (W):\n");
  HWND h = make(L"ComboBox", CBS_DROPDOWNLIST | CBS_SORT | WS_VSCROLL, 201, 10, 400, 150, 150);
  WCHAR cls[32];
  GetClassNameW(h, cls, 32);
  long code = sw(h, WM_GETDLGCODE, 0, 0);
  printf("  class %ls, WM_GETDLGCODE 0x%lx\n", cls, code);
  show_combo(h, "empty");
  const WCHAR* words[] = {L"red", L"green", L"blue", L"yellow", L"black"};
  printf("  CB_ADDSTRING:");
  for (int i = 0; i < 5; i++) printf(" %ld", sw(h, CB_ADDSTRING, 0, (LPARAM)words[i]));
  printf("\n");
  long ins = sw(h, CB_INSERTSTRING, 1, (LPARAM)L"cyan");
  long s1 = sw(h, CB_SETCURSEL, 2, 0);
  printf("  CB_INSERTSTRING 1 %ld, CB_SETCURSEL 2 %ld\n", ins, s1);
  show_combo(h, "selected");
  char abuf[32] = "";
  long al = sa(h, CB_GETLBTEXTLEN, 3, 0);
  long at = sa(h, CB_GETLBTEXT, 3, (LPARAM)abuf);
  long bad = sw(h, CB_GETLBTEXT, 9, (LPARAM)abuf);
  WCHAR text[8] = L"";
  long small = (long)GetWindowTextW(h, text, 3);
  printf("  CB_GETLBTEXT 3 A %ld \"%s\" (length %ld), bad index %ld; GetWindowText into 3: %ld \"%ls\"\n", at, abuf, al, bad,
         small, text);
  long f1 = sw(h, CB_FINDSTRING, (WPARAM)-1, (LPARAM)L"b");
  long f2 = sw(h, CB_FINDSTRING, (WPARAM)f1, (LPARAM)L"b");
  long f3 = sw(h, CB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM)L"GREEN");
  long f4 = sa(h, CB_SELECTSTRING, (WPARAM)-1, (LPARAM)"ye");
  printf("  CB_FINDSTRING b %ld, after it %ld, CB_FINDSTRINGEXACT GREEN %ld, CB_SELECTSTRING ye (A) %ld\n", f1, f2, f3, f4);
  show_combo(h, "selected");
  long sd = sw(h, CB_SETITEMDATA, 0, 77);
  long gd = sw(h, CB_GETITEMDATA, 0, 0);
  long gdbad = sw(h, CB_GETITEMDATA, 40, 0);
  long st = sw(h, WM_SETTEXT, 0, (LPARAM)L"nope");
  long es = sw(h, CB_GETEDITSEL, 0, 0);
  long ses = sw(h, CB_SETEDITSEL, 0, MAKELPARAM(0, 2));
  long lt = sw(h, CB_LIMITTEXT, 5, 0);
  printf("  CB_SETITEMDATA %ld, CB_GETITEMDATA %ld, bad %ld; WM_SETTEXT %ld; CB_GETEDITSEL %ld, CB_SETEDITSEL %ld, CB_LIMITTEXT %ld\n",
         sd, gd, gdbad, st, es, ses, lt);
  show_combo(h, "after WM_SETTEXT");
  long eu = sw(h, CB_SETEXTENDEDUI, TRUE, 0);
  long geu = sw(h, CB_GETEXTENDEDUI, 0, 0);
  sw(h, CB_SETEXTENDEDUI, FALSE, 0);
  RECT wr;
  GetWindowRect(h, &wr);
  long dw = sw(h, CB_GETDROPPEDWIDTH, 0, 0);
  long sdw = sw(h, CB_SETDROPPEDWIDTH, 300, 0);
  long dw2 = sw(h, CB_GETDROPPEDWIDTH, 0, 0);
  long sdw2 = sw(h, CB_SETDROPPEDWIDTH, 10, 0);
  long ihl = sw(h, CB_GETITEMHEIGHT, 0, 0);
  long ihf = sw(h, CB_GETITEMHEIGHT, (WPARAM)-1, 0);
  printf("  CB_SETEXTENDEDUI %ld, on %ld; CB_GETDROPPEDWIDTH the window's %d, CB_SETDROPPEDWIDTH 300 %ld: %ld, 10 %ld; item heights > 0 %d %d\n",
         eu, geu, dw == wr.right - wr.left, sdw, dw2, sdw2, ihl > 0, ihf > 0);
  RECT dr;
  long dcr = sw(h, CB_GETDROPPEDCONTROLRECT, 0, (LPARAM)&dr);
  printf("  CB_GETDROPPEDCONTROLRECT %ld: starts at the window's left %d, below its top %d\n", dcr, dr.left == wr.left,
         dr.bottom > wr.top);
  COMBOBOXINFO ci;
  memset(&ci, 0, sizeof ci);
  ci.cbSize = sizeof ci;
  BOOL gi = GetComboBoxInfo(h, &ci);
  WCHAR lcls[32] = L"";
  GetClassNameW(ci.hwndList, lcls, 32);
  LONG lstyle = GetWindowLongW(ci.hwndList, GWL_STYLE);
  LONG lex = GetWindowLongW(ci.hwndList, GWL_EXSTYLE);
  printf("  GetComboBoxInfo %d: combo %d, item %d, list %ls popup %d child %d tool window %d visible %d, button state 0x%lx\n", gi,
         ci.hwndCombo == h, ci.hwndItem != NULL, lcls, (lstyle & WS_POPUP) != 0, (lstyle & WS_CHILD) != 0,
         (lex & WS_EX_TOOLWINDOW) != 0, IsWindowVisible(ci.hwndList), (unsigned long)ci.stateButton);
  printf("  CB_SHOWDROPDOWN TRUE:\n");
  long sd1 = sw(h, CB_SHOWDROPDOWN, TRUE, 0);
  long ds = sw(h, CB_GETDROPPEDSTATE, 0, 0);
  RECT lr;
  GetWindowRect(ci.hwndList, &lr);
  printf("  -> %ld, dropped %ld, list visible %d under the combo box %d, as wide as the dropped width %d\n", sd1, ds,
         IsWindowVisible(ci.hwndList), lr.top >= wr.bottom - 1 || lr.bottom <= wr.top + 1, lr.right - lr.left == dw2);
  printf("  CB_SHOWDROPDOWN FALSE:\n");
  long sd2 = sw(h, CB_SHOWDROPDOWN, FALSE, 0);
  printf("  -> %ld, list visible %d\n", sd2, IsWindowVisible(ci.hwndList));
  sw(h, CB_SHOWDROPDOWN, FALSE, 0);

  printf("  SetFocus:\n");
  SetFocus(h);
  printf("  VK_DOWN:\n");
  sw(h, WM_KEYDOWN, VK_DOWN, 0);
  show_combo(h, "after VK_DOWN");
  printf("  VK_UP:\n");
  sw(h, WM_KEYDOWN, VK_UP, 0);
  printf("  WM_CHAR 'g':\n");
  sw(h, WM_CHAR, 'g', 0);
  show_combo(h, "after 'g'");
  printf("  VK_F4:\n");
  sw(h, WM_KEYDOWN, VK_F4, 0);
  printf("  VK_DOWN while dropped:\n");
  sw(h, WM_KEYDOWN, VK_DOWN, 0);
  show_combo(h, "dropped");
  printf("  VK_RETURN:\n");
  sw(h, WM_KEYDOWN, VK_RETURN, 0);
  show_combo(h, "closed");
  printf("  Alt+VK_DOWN:\n");
  sw(h, WM_SYSKEYDOWN, VK_DOWN, 0x20000000);
  printf("  VK_HOME, VK_ESCAPE:\n");
  sw(h, WM_KEYDOWN, VK_HOME, 0);
  sw(h, WM_KEYDOWN, VK_ESCAPE, 0);
  show_combo(h, "closed");
  printf("  CB_SHOWDROPDOWN TRUE, click on the list's item 1:\n");
  sw(h, CB_SHOWDROPDOWN, TRUE, 0);
  LPARAM pt = at_item(ci.hwndList, 1);
  sw(ci.hwndList, WM_LBUTTONDOWN, MK_LBUTTON, pt);
  printf("  button up:\n");
  sw(ci.hwndList, WM_LBUTTONUP, 0, pt);
  show_combo(h, "after the click");
  printf("  focus to the parent:\n");
  SetFocus(parent);
  printf("  CB_DELETESTRING 0:\n");
  long del = sw(h, CB_DELETESTRING, 0, 0);
  printf("  -> %ld; CB_RESETCONTENT:\n", del);
  long rc = sw(h, CB_RESETCONTENT, 0, 0);
  printf("  -> %ld\n", rc);
  show_combo(h, "reset");
  quiet = 1;
  DestroyWindow(h);
  quiet = 0;
}

static void other_combos(void) {
  printf("ComboBox, CBS_SIMPLE (A):\n");
  HWND h = make_a("combobox", CBS_SIMPLE | CBS_SORT, 202, 170, 400, 150, 120);
  COMBOBOXINFO ci;
  memset(&ci, 0, sizeof ci);
  ci.cbSize = sizeof ci;
  GetComboBoxInfo(h, &ci);
  LONG lstyle = GetWindowLongW(ci.hwndList, GWL_STYLE);
  printf("  list child %d visible %d, button state 0x%lx\n", (lstyle & WS_CHILD) != 0, IsWindowVisible(ci.hwndList),
         (unsigned long)ci.stateButton);
  sa(h, CB_ADDSTRING, 0, (LPARAM)"beta");
  sa(h, CB_ADDSTRING, 0, (LPARAM)"alpha");
  long s = sa(h, CB_SETCURSEL, 1, 0);
  long sdd = sw(h, CB_SHOWDROPDOWN, TRUE, 0);
  long ds = sw(h, CB_GETDROPPEDSTATE, 0, 0);
  long eu = sw(h, CB_SETEXTENDEDUI, TRUE, 0);
  long dw = sw(h, CB_SETDROPPEDWIDTH, 300, 0);
  long gdw = sw(h, CB_GETDROPPEDWIDTH, 0, 0);
  RECT wr;
  GetWindowRect(h, &wr);
  printf("  CB_SETCURSEL %ld; CB_SHOWDROPDOWN %ld dropped %ld; CB_SETEXTENDEDUI %ld; CB_SETDROPPEDWIDTH %ld, width the window's %d\n",
         s, sdd, ds, eu, dw, gdw == wr.right - wr.left);
  show_combo(h, "simple");
  quiet = 1;
  DestroyWindow(h);
  quiet = 0;

  printf("ComboBox, CBS_DROPDOWN (W):\n");
  h = make(L"ComboBox", CBS_DROPDOWN | CBS_AUTOHSCROLL, 203, 330, 400, 150, 120);
  sw(h, CB_ADDSTRING, 0, (LPARAM)L"one");
  sw(h, CB_ADDSTRING, 0, (LPARAM)L"two");
  long cs = sw(h, CB_SETCURSEL, 1, 0);
  printf("  CB_SETCURSEL %ld\n", cs);
  show_combo(h, "dropdown");
  memset(&ci, 0, sizeof ci);
  ci.cbSize = sizeof ci;
  GetComboBoxInfo(h, &ci);
  WCHAR ecls[32] = L"";
  GetClassNameW(ci.hwndItem, ecls, 32);
  long eid = (long)GetDlgCtrlID(ci.hwndItem);
  printf("  the edit part: %ls, id %ld, the combo box's child %d\n", ecls, eid, GetParent(ci.hwndItem) == h);
  printf("  SetFocus:\n");
  SetFocus(h);
  DWORD from = 0, to = 0;
  long es = sw(h, CB_GETEDITSEL, (WPARAM)&from, (LPARAM)&to);
  long ses = sw(h, CB_SETEDITSEL, 0, MAKELPARAM(1, 2));
  DWORD from2 = 0, to2 = 0;
  sw(h, CB_GETEDITSEL, (WPARAM)&from2, (LPARAM)&to2);
  printf("  focus in the edit part %d; CB_GETEDITSEL 0x%lx (%lu, %lu), CB_SETEDITSEL %ld: %lu, %lu\n", GetFocus() == ci.hwndItem,
         es, (unsigned long)from, (unsigned long)to, ses, (unsigned long)from2, (unsigned long)to2);
  printf("  WM_SETTEXT:\n");
  long st = sw(h, WM_SETTEXT, 0, (LPARAM)L"on");
  show_combo(h, "after WM_SETTEXT");
  printf("  typing 'e' into the edit part:\n");
  sw(ci.hwndItem, WM_KEYDOWN, VK_END, 0);
  sw(ci.hwndItem, WM_CHAR, 'e', 0);
  show_combo(h, "typed");
  printf("  WM_SETTEXT returned %ld; CB_SHOWDROPDOWN TRUE:\n", st);
  sw(h, CB_SHOWDROPDOWN, TRUE, 0);
  show_combo(h, "dropped");
  printf("  VK_ESCAPE:\n");
  sw(h, WM_KEYDOWN, VK_ESCAPE, 0);
  long lt = sw(h, CB_LIMITTEXT, 2, 0);
  printf("  CB_LIMITTEXT %ld; focus to the parent:\n", lt);
  SetFocus(parent);
  quiet = 1;
  DestroyWindow(h);
  quiet = 0;

  printf("ComboBox, CBS_DROPDOWNLIST | CBS_OWNERDRAWFIXED without strings:\n");
  h = make(L"ComboBox", CBS_DROPDOWNLIST | CBS_OWNERDRAWFIXED | CBS_SORT, 204, 10, 440, 150, 120);
  long ih = sw(h, CB_GETITEMHEIGHT, 0, 0);
  printf("  item height %ld\n", ih);
  compare_count = 0;
  long a = sw(h, CB_ADDSTRING, 0, 300);
  long b = sw(h, CB_ADDSTRING, 0, 100);
  long c = sw(h, CB_ADDSTRING, 0, 200);
  int compared = compare_count;
  ULONG_PTR data = 0;
  long gt = sw(h, CB_GETLBTEXT, 0, (LPARAM)&data);
  printf("  CB_ADDSTRING %ld %ld %ld (WM_COMPAREITEM %d); CB_GETLBTEXT 0 gives %lu, its size %d\n", a, b, c, compared > 0,
         (unsigned long)data, gt == (long)sizeof(ULONG_PTR));
  long f = sw(h, CB_FINDSTRINGEXACT, (WPARAM)-1, 200);
  printf("  CB_FINDSTRINGEXACT 200 %ld; CB_DELETESTRING 1:\n", f);
  sw(h, CB_DELETESTRING, 1, 0);
  printf("  CB_RESETCONTENT:\n");
  sw(h, CB_RESETCONTENT, 0, 0);
  quiet = 1;
  DestroyWindow(h);
  quiet = 0;

  printf("ComboBox, CBS_DROPDOWNLIST | CBS_OWNERDRAWVARIABLE | CBS_HASSTRINGS:\n");
  h = make(L"ComboBox", CBS_DROPDOWNLIST | CBS_OWNERDRAWVARIABLE | CBS_HASSTRINGS, 205, 170, 440, 150, 120);
  sw(h, CB_ADDSTRING, 0, (LPARAM)L"first");
  sw(h, CB_ADDSTRING, 0, (LPARAM)L"second");
  long h0 = sw(h, CB_GETITEMHEIGHT, 0, 0);
  long h1 = sw(h, CB_GETITEMHEIGHT, 1, 0);
  long sh = sw(h, CB_SETITEMHEIGHT, 1, 30);
  long h1b = sw(h, CB_GETITEMHEIGHT, 1, 0);
  sw(h, CB_SETCURSEL, 1, 0);
  printf("  heights %ld %ld; CB_SETITEMHEIGHT 1 %ld: %ld\n", h0, h1, sh, h1b);
  show_combo(h, "owner-drawn");
  printf("  CB_RESETCONTENT:\n");
  sw(h, CB_RESETCONTENT, 0, 0);
  quiet = 1;
  DestroyWindow(h);
  quiet = 0;
}

int main(void) {
  WNDCLASSW wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleW(NULL);
  wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
  wc.lpszClassName = L"ListBoxTest";
  RegisterClassW(&wc);
  WNDCLASSW info;
  BOOL got = GetClassInfoW(NULL, L"ListBox", &info);
  BOOL got2 = GetClassInfoW(NULL, L"ComboBox", &info);
  BOOL got3 = GetClassInfoW(NULL, L"ComboLBox", &info);
  printf("system classes ListBox %d ComboBox %d ComboLBox %d\n", got != 0, got2 != 0, got3 != 0);
  parent = CreateWindowExW(0, L"ListBoxTest", L"List boxes", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 20, 20, 600, 560, NULL,
                           NULL, wc.hInstance, NULL);
  printf("window %d\n", parent != NULL);
  plain_list();
  sorted_list();
  multiple_list();
  extended_list();
  owner_draw_lists();
  other_lists();
  droplist_combo();
  other_combos();
  quiet = 1;
  DestroyWindow(parent);
  printf("done\n");
  return 0;
}
