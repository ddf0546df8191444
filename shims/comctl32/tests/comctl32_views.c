// COMCTL32's list view (report mode), tab control and tree view made with CreateWindowEx in a
// window and driven with SendMessage: columns and items set, read, found, sorted with a callback,
// selected and deleted; tabs inserted, selected and read; tree items inserted, walked, expanded,
// selected and deleted; keys sent with WM_KEYDOWN and clicks at the controls' own item rectangles.
// The WM_NOTIFY codes the parent gets are printed with their items (no pointers, no pixel sizes).
// Links: -lcomctl32 -lgdi32 -luser32
#include <windows.h>
#include <commctrl.h>
#include <stdio.h>
#include <string.h>

static HWND lv, lv2, tab, tv;
static int quiet;
static int refuse_tab;
static int ask;  // GETDISPINFO is printed only while the program itself asks for text (not painting)

static const char* who(HWND h) {
  if (h == lv) return "lv";
  if (h == lv2) return "lv2";
  if (h == tab) return "tab";
  if (h == tv) return "tv";
  return 0;
}

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_NOTIFY && !quiet) {
    NMHDR* hdr = (NMHDR*)l;
    const char* name = who(hdr->hwndFrom);
    int code = (int)hdr->code;
    if (!name) return 0;
    if (code == NM_CUSTOMDRAW || code == NM_HOVER || code == LVN_HOTTRACK || code == NM_RELEASEDCAPTURE) return 0;
    if (code == TTN_GETDISPINFOW || code == TTN_GETDISPINFOA) return 0;
    unsigned id = (unsigned)hdr->idFrom;
    if (hdr->hwndFrom == lv || hdr->hwndFrom == lv2) {
      if (code == LVN_GETDISPINFOW || code == LVN_GETDISPINFOA) {
        NMLVDISPINFOW* di = (NMLVDISPINFOW*)l;
        int item = di->item.iItem, sub = di->item.iSubItem;
        unsigned mask = di->item.mask;
        if (ask) printf("  [%s %u LVN_GETDISPINFO%s item %d sub %d mask %x]\n", name, id, code == LVN_GETDISPINFOW ? "W" : "A",
               item, sub, mask);
        if ((mask & LVIF_TEXT) && di->item.pszText && di->item.cchTextMax > 8) {
          if (code == LVN_GETDISPINFOW)
            wsprintfW(di->item.pszText, L"cb%d.%d", item, sub);
          else
            wsprintfA((char*)di->item.pszText, "cb%d.%d", item, sub);
        }
        return 0;
      }
      if (code == LVN_KEYDOWN) {
        NMLVKEYDOWN* kd = (NMLVKEYDOWN*)l;
        unsigned key = kd->wVKey;
        printf("  [%s %u LVN_KEYDOWN key %u]\n", name, id, key);
        return 0;
      }
      if (code == NM_CLICK || code == NM_DBLCLK || code == NM_RCLICK) {
        NMITEMACTIVATE* ia = (NMITEMACTIVATE*)l;
        int item = ia->iItem, sub = ia->iSubItem;
        printf("  [%s %u code %d item %d sub %d]\n", name, id, code, item, sub);
        return 0;
      }
      if (code <= LVN_FIRST && code >= LVN_LAST) {
        NMLISTVIEW* nm = (NMLISTVIEW*)l;
        int item = nm->iItem, sub = nm->iSubItem;
        unsigned ns = nm->uNewState, os = nm->uOldState, ch = nm->uChanged;
        long param = (long)nm->lParam;
        printf("  [%s %u code %d item %d sub %d new %x old %x changed %x param %ld]\n", name, id, code, item, sub, ns,
               os, ch, param);
        return 0;
      }
      printf("  [%s %u code %d]\n", name, id, code);
      return 0;
    }
    if (hdr->hwndFrom == tab) {
      if (code == TCN_KEYDOWN) {
        NMTCKEYDOWN* kd = (NMTCKEYDOWN*)l;
        unsigned key = kd->wVKey;
        printf("  [%s %u TCN_KEYDOWN key %u]\n", name, id, key);
        return 0;
      }
      int sel = (int)SendMessageW(tab, TCM_GETCURSEL, 0, 0);
      printf("  [%s %u code %d cursel %d]\n", name, id, code, sel);
      if (code == TCN_SELCHANGING && refuse_tab) return TRUE;
      return 0;
    }
    if (hdr->hwndFrom == tv) {
      if (code == TVN_KEYDOWN) {
        NMTVKEYDOWN* kd = (NMTVKEYDOWN*)l;
        unsigned key = kd->wVKey;
        printf("  [%s %u TVN_KEYDOWN key %u]\n", name, id, key);
        return 0;
      }
      if (code == TVN_GETDISPINFOW || code == TVN_GETDISPINFOA) {
        NMTVDISPINFOW* di = (NMTVDISPINFOW*)l;
        unsigned mask = di->item.mask;
        long param = (long)di->item.lParam;
        if (ask) printf("  [%s %u TVN_GETDISPINFO%s mask %x param %ld]\n", name, id, code == TVN_GETDISPINFOW ? "W" : "A", mask,
               param);
        if ((mask & TVIF_TEXT) && di->item.pszText && di->item.cchTextMax > 8) {
          if (code == TVN_GETDISPINFOW)
            wsprintfW(di->item.pszText, L"cb%ld", param);
          else
            wsprintfA((char*)di->item.pszText, "cb%ld", param);
        }
        return 0;
      }
      if (code <= TVN_FIRST && code >= TVN_LAST) {
        NMTREEVIEWW* nm = (NMTREEVIEWW*)l;
        unsigned action = nm->action;
        long po = nm->itemOld.hItem ? (long)nm->itemOld.lParam : -1;
        long pn = nm->itemNew.hItem ? (long)nm->itemNew.lParam : -1;
        printf("  [%s %u code %d action %u old %ld new %ld]\n", name, id, code, action, po, pn);
        return 0;
      }
      printf("  [%s %u code %d]\n", name, id, code);
      return 0;
    }
    return 0;
  }
  return DefWindowProcW(h, m, w, l);
}

static int CALLBACK by_param_desc(LPARAM a, LPARAM b, LPARAM data) {
  (void)data;
  return (int)(b - a);
}
static int CALLBACK by_param(LPARAM a, LPARAM b, LPARAM data) {
  return data ? (int)(a - b) : (int)(b - a);
}
// LVM_SORTITEMSEX's callback gets the items' indices and reads their texts from the list view, as
// Microsoft's LVM_SORTITEMSEX page shows.
static int CALLBACK by_text(LPARAM a, LPARAM b, LPARAM data) {
  char x[64], y[64];
  ListView_GetItemText((HWND)data, (int)a, 0, x, 64);
  ListView_GetItemText((HWND)data, (int)b, 0, y, 64);
  return lstrcmpiA(x, y);
}
static int CALLBACK tv_by_param(LPARAM a, LPARAM b, LPARAM data) {
  (void)data;
  return (int)(b - a);
}

static void show_items(const char* what) {
  ask = 1;
  int n = (int)SendMessageA(lv, LVM_GETITEMCOUNT, 0, 0);
  printf("%s: %d items:", what, n);
  for (int i = 0; i < n; ++i) {
    char t0[32] = "", t1[32] = "";
    LVITEMA it;
    memset(&it, 0, sizeof it);
    it.mask = LVIF_PARAM | LVIF_STATE;
    it.iItem = i;
    it.stateMask = LVIS_SELECTED | LVIS_FOCUSED;
    SendMessageA(lv, LVM_GETITEMA, 0, (LPARAM)&it);
    ListView_GetItemText(lv, i, 0, t0, 32);
    ListView_GetItemText(lv, i, 1, t1, 32);
    long param = (long)it.lParam;
    unsigned st = it.state;
    printf(" %s/%s(%ld,%x)", t0, t1, param, st);
  }
  printf("\n");
  ask = 0;
}

static void key(HWND h, UINT vk) {
  printf(" key %u:\n", vk);
  SendMessageW(h, WM_KEYDOWN, vk, 1);
  SendMessageW(h, WM_KEYUP, vk, 0xc0000001);
}

static void click(HWND h, int x, int y, UINT down, UINT up, WPARAM keys) {
  SendMessageW(h, down, keys, MAKELPARAM(x, y));
  SendMessageW(h, up, keys & ~(MK_LBUTTON | MK_RBUTTON), MAKELPARAM(x, y));
}

static const char* tv_text(HTREEITEM item, char* buf) {
  TVITEMA it;
  memset(&it, 0, sizeof it);
  buf[0] = 0;
  if (!item) return "(none)";
  it.mask = TVIF_TEXT | TVIF_HANDLE;
  it.hItem = item;
  it.pszText = buf;
  it.cchTextMax = 32;
  if (!SendMessageA(tv, TVM_GETITEMA, 0, (LPARAM)&it)) return "(bad)";
  return buf;
}

static HTREEITEM tv_insert(HTREEITEM parent, HTREEITEM after, const char* text, long param) {
  TVINSERTSTRUCTA ins;
  memset(&ins, 0, sizeof ins);
  ins.hParent = parent;
  ins.hInsertAfter = after;
  ins.item.mask = TVIF_TEXT | TVIF_PARAM;
  ins.item.pszText = (char*)text;
  ins.item.lParam = param;
  return (HTREEITEM)SendMessageA(tv, TVM_INSERTITEMA, 0, (LPARAM)&ins);
}

static void walk(HTREEITEM item, int depth) {
  char buf[32];
  for (; item; item = (HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)item)) {
    TVITEMA it;
    memset(&it, 0, sizeof it);
    it.mask = TVIF_STATE | TVIF_CHILDREN | TVIF_PARAM | TVIF_HANDLE;
    it.hItem = item;
    it.stateMask = TVIS_EXPANDED | TVIS_SELECTED;
    SendMessageA(tv, TVM_GETITEMA, 0, (LPARAM)&it);
    unsigned st = it.state & (TVIS_EXPANDED | TVIS_SELECTED);
    int children = it.cChildren;
    long param = (long)it.lParam;
    printf("  %*s%s param %ld state %x children %d\n", depth * 2, "", tv_text(item, buf), param, st, children);
    walk((HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_CHILD, (LPARAM)item), depth + 1);
  }
}

static void list_view(HWND main) {
  char cls[64];
  lv = CreateWindowExA(0, WC_LISTVIEWA, "", WS_CHILD | WS_VISIBLE | WS_BORDER | LVS_REPORT | LVS_SHOWSELALWAYS,
                       10, 10, 400, 200, main, (HMENU)101, GetModuleHandleA(0), 0);
  GetClassNameA(lv, cls, sizeof cls);
  printf("list view %d class %s\n", lv != 0, cls);
  HWND header = (HWND)SendMessageA(lv, LVM_GETHEADER, 0, 0);
  GetClassNameA(header, cls, sizeof cls);
  printf("header %d class %s\n", header != 0, cls);

  LVCOLUMNA col;
  memset(&col, 0, sizeof col);
  col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_SUBITEM | LVCF_FMT;
  col.fmt = LVCFMT_LEFT;
  col.cx = 120;
  col.pszText = "Name";
  int c0 = (int)SendMessageA(lv, LVM_INSERTCOLUMNA, 0, (LPARAM)&col);
  col.cx = 80;
  col.pszText = "Size";
  col.iSubItem = 1;
  int c1 = (int)SendMessageA(lv, LVM_INSERTCOLUMNA, 1, (LPARAM)&col);
  LVCOLUMNW colw;
  memset(&colw, 0, sizeof colw);
  colw.mask = LVCF_TEXT | LVCF_WIDTH;
  colw.cx = 60;
  colw.pszText = L"Kind";
  int c2 = (int)SendMessageW(lv, LVM_INSERTCOLUMNW, 5, (LPARAM)&colw);
  int hc = (int)SendMessageA(header, HDM_GETITEMCOUNT, 0, 0);
  printf("columns inserted at %d %d %d, header items %d\n", c0, c1, c2, hc);
  int w0 = (int)SendMessageA(lv, LVM_GETCOLUMNWIDTH, 0, 0), w2 = (int)SendMessageA(lv, LVM_GETCOLUMNWIDTH, 2, 0);
  printf("widths %d %d\n", w0, w2);
  BOOL sw = (BOOL)SendMessageA(lv, LVM_SETCOLUMNWIDTH, 1, 95);
  int w1 = (int)SendMessageA(lv, LVM_GETCOLUMNWIDTH, 1, 0);
  printf("set width %d -> %d\n", sw, w1);
  char buf[64];
  memset(&col, 0, sizeof col);
  col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_FMT;
  col.pszText = buf;
  col.cchTextMax = sizeof buf;
  BOOL gc = (BOOL)SendMessageA(lv, LVM_GETCOLUMNA, 2, (LPARAM)&col);
  int cx = col.cx, fmt = col.fmt;
  printf("get column 2: %d %s width %d fmt %d\n", gc, buf, cx, fmt);
  col.mask = LVCF_TEXT;
  col.pszText = "Type";
  BOOL scol = (BOOL)SendMessageA(lv, LVM_SETCOLUMNA, 2, (LPARAM)&col);
  HDITEMA hd;
  memset(&hd, 0, sizeof hd);
  hd.mask = HDI_TEXT;
  hd.pszText = buf;
  hd.cchTextMax = sizeof buf;
  BOOL gh = (BOOL)SendMessageA(header, HDM_GETITEMA, 2, (LPARAM)&hd);
  printf("set column %d, header item 2: %d %s\n", scol, gh, buf);
  BOOL gbad = (BOOL)SendMessageA(lv, LVM_GETCOLUMNA, 7, (LPARAM)&col);
  printf("get column 7: %d\n", gbad);

  static const char* names[] = {"delta", "alpha", "echo", "charlie", "bravo"};
  printf("insert:\n");
  for (int i = 0; i < 5; ++i) {
    LVITEMA it;
    memset(&it, 0, sizeof it);
    it.mask = LVIF_TEXT | LVIF_PARAM;
    it.iItem = i;
    it.pszText = (char*)names[i];
    it.lParam = 10 + i;
    int at = (int)SendMessageA(lv, LVM_INSERTITEMA, 0, (LPARAM)&it);
    char size[16];
    sprintf(size, "%d", (i * 7) % 5);
    ListView_SetItemText(lv, at, 1, size);
    printf(" inserted at %d\n", at);
  }
  LVITEMW iw;
  memset(&iw, 0, sizeof iw);
  iw.mask = LVIF_TEXT | LVIF_PARAM;
  iw.iItem = 100;
  iw.pszText = L"foxtrot";
  iw.lParam = 15;
  int atw = (int)SendMessageW(lv, LVM_INSERTITEMW, 0, (LPARAM)&iw);
  printf(" inserted W at %d\n", atw);
  ListView_SetItemText(lv, atw, 1, "9");
  show_items("after inserting");

  LVITEMA it;
  memset(&it, 0, sizeof it);
  it.mask = LVIF_TEXT;
  it.iItem = 2;
  it.iSubItem = 2;
  it.pszText = LPSTR_TEXTCALLBACKA;
  SendMessageA(lv, LVM_SETITEMA, 0, (LPARAM)&it);
  it.pszText = buf;
  it.cchTextMax = sizeof buf;
  ask = 1;
  int len = (int)SendMessageA(lv, LVM_GETITEMTEXTA, 2, (LPARAM)&it);
  printf("callback text: %d %s\n", len, buf);
  it.iSubItem = 2;
  int unset = (int)SendMessageA(lv, LVM_GETITEMTEXTA, 0, (LPARAM)&it);
  printf("sub-item never set: %d %s\n", unset, buf);
  ask = 0;
  int badlen = (int)SendMessageA(lv, LVM_GETITEMTEXTA, 50, (LPARAM)&it);
  printf("text of item 50: %d\n", badlen);

  LVFINDINFOA fi;
  memset(&fi, 0, sizeof fi);
  fi.flags = LVFI_STRING;
  fi.psz = "CHARLIE";
  int f1 = (int)SendMessageA(lv, LVM_FINDITEMA, -1, (LPARAM)&fi);
  fi.flags = LVFI_PARTIAL | LVFI_STRING;
  fi.psz = "e";
  int f2 = (int)SendMessageA(lv, LVM_FINDITEMA, -1, (LPARAM)&fi);
  int f3 = (int)SendMessageA(lv, LVM_FINDITEMA, 2, (LPARAM)&fi);
  fi.flags = LVFI_PARAM;
  fi.lParam = 14;
  int f4 = (int)SendMessageA(lv, LVM_FINDITEMA, -1, (LPARAM)&fi);
  fi.flags = LVFI_STRING;
  fi.psz = "zulu";
  int f5 = (int)SendMessageA(lv, LVM_FINDITEMA, -1, (LPARAM)&fi);
  LVFINDINFOW fw;
  memset(&fw, 0, sizeof fw);
  fw.flags = LVFI_STRING | LVFI_WRAP;
  fw.psz = L"delta";
  int f6 = (int)SendMessageW(lv, LVM_FINDITEMW, 3, (LPARAM)&fw);
  printf("find: %d %d %d %d %d %d\n", f1, f2, f3, f4, f5, f6);

  printf("select:\n");
  ListView_SetItemState(lv, 1, LVIS_SELECTED | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
  ListView_SetItemState(lv, 3, LVIS_SELECTED, LVIS_SELECTED);
  int selc = (int)SendMessageA(lv, LVM_GETSELECTEDCOUNT, 0, 0);
  int n1 = (int)SendMessageA(lv, LVM_GETNEXTITEM, -1, LVNI_SELECTED);
  int n2 = (int)SendMessageA(lv, LVM_GETNEXTITEM, n1, LVNI_SELECTED);
  int n3 = (int)SendMessageA(lv, LVM_GETNEXTITEM, n2, LVNI_SELECTED);
  int nf = (int)SendMessageA(lv, LVM_GETNEXTITEM, -1, LVNI_FOCUSED);
  int na = (int)SendMessageA(lv, LVM_GETNEXTITEM, 2, LVNI_ALL);
  int st = (int)SendMessageA(lv, LVM_GETITEMSTATE, 1, LVIS_SELECTED | LVIS_FOCUSED);
  printf("selected %d: %d %d %d focused %d next %d state %x\n", selc, n1, n2, n3, nf, na, st);

  printf("sort by param, descending:\n");
  BOOL so = (BOOL)SendMessageA(lv, LVM_SORTITEMS, 0, (LPARAM)by_param_desc);
  show_items(so ? "sorted" : "not sorted");
  printf("sort by text (SORTITEMSEX):\n");
  so = (BOOL)SendMessageA(lv, LVM_SORTITEMSEX, (WPARAM)lv, (LPARAM)by_text);
  show_items(so ? "sorted by index" : "not sorted by index");
  printf("sort by param, ascending:\n");
  so = (BOOL)SendMessageA(lv, LVM_SORTITEMS, 1, (LPARAM)by_param);
  show_items(so ? "sorted" : "not sorted");

  printf("keys:\n");
  ListView_SetItemState(lv, -1, 0, LVIS_SELECTED);
  show_items("none selected");
  SetFocus(lv);
  key(lv, VK_DOWN);
  key(lv, VK_END);
  key(lv, VK_HOME);
  show_items("after keys");

  DWORD ex = (DWORD)SendMessageA(lv, LVM_SETEXTENDEDLISTVIEWSTYLE, 0, LVS_EX_FULLROWSELECT | LVS_EX_GRIDLINES);
  DWORD ex2 = (DWORD)SendMessageA(lv, LVM_GETEXTENDEDLISTVIEWSTYLE, 0, 0);
  printf("extended styles %lx -> %lx\n", ex, ex2);

  printf("click:\n");
  RECT r;
  r.left = LVIR_BOUNDS;
  BOOL gr = (BOOL)SendMessageA(lv, LVM_GETITEMRECT, 3, (LPARAM)&r);
  int x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
  LVHITTESTINFO ht;
  memset(&ht, 0, sizeof ht);
  ht.pt.x = x;
  ht.pt.y = y;
  int hit = (int)SendMessageA(lv, LVM_HITTEST, 0, (LPARAM)&ht);
  unsigned hf = ht.flags;
  printf("item rect %d, hit test %d flags %x\n", gr, hit, hf);
  click(lv, x, y, WM_LBUTTONDOWN, WM_LBUTTONUP, MK_LBUTTON);
  show_items("after click");
  click(lv, x, y + (r.bottom - r.top), WM_LBUTTONDOWN, WM_LBUTTONUP, MK_LBUTTON | MK_CONTROL);
  show_items("after ctrl+click");
  click(lv, x, y - (r.bottom - r.top) * 2, WM_LBUTTONDOWN, WM_LBUTTONUP, MK_LBUTTON | MK_SHIFT);
  show_items("after shift+click");

  printf("column click:\n");
  RECT hr;
  SendMessageA(header, HDM_GETITEMRECT, 1, (LPARAM)&hr);
  click(header, (hr.left + hr.right) / 2, (hr.top + hr.bottom) / 2, WM_LBUTTONDOWN, WM_LBUTTONUP, MK_LBUTTON);

  int top = (int)SendMessageA(lv, LVM_GETTOPINDEX, 0, 0);
  BOOL ev = (BOOL)SendMessageA(lv, LVM_ENSUREVISIBLE, 5, FALSE);
  printf("top %d ensure visible %d\n", top, ev);

  printf("check boxes:\n");
  SendMessageA(lv, LVM_SETEXTENDEDLISTVIEWSTYLE, LVS_EX_CHECKBOXES, LVS_EX_CHECKBOXES);
  int chk = (int)SendMessageA(lv, LVM_GETITEMSTATE, 0, LVIS_STATEIMAGEMASK);
  printf("state image of item 0: %x\n", chk >> 12);
  int focused = (int)SendMessageA(lv, LVM_GETNEXTITEM, -1, LVNI_FOCUSED);
  key(lv, VK_SPACE);
  chk = (int)SendMessageA(lv, LVM_GETITEMSTATE, focused, LVIS_STATEIMAGEMASK);
  printf("state image of item %d: %x\n", focused, chk >> 12);
  SendMessageA(lv, LVM_SETEXTENDEDLISTVIEWSTYLE, LVS_EX_CHECKBOXES, 0);

  printf("set the item's own text and param:\n");
  ListView_SetItemText(lv, 0, 0, "DELTA");
  ListView_SetItemText(lv, 0, 0, "DELTA");
  memset(&it, 0, sizeof it);
  it.mask = LVIF_PARAM;
  it.iItem = 1;
  it.lParam = 111;
  BOOL sp = (BOOL)SendMessageA(lv, LVM_SETITEMA, 0, (LPARAM)&it);
  printf("set param %d\n", sp);
  it.lParam = 11;
  SendMessageA(lv, LVM_SETITEMA, 0, (LPARAM)&it);
  printf("delete:\n");
  BOOL d1 = (BOOL)SendMessageA(lv, LVM_DELETEITEM, 2, 0);
  BOOL d2 = (BOOL)SendMessageA(lv, LVM_DELETEITEM, 40, 0);
  printf("delete 2: %d, delete 40: %d\n", d1, d2);
  show_items("after delete");
  BOOL dc = (BOOL)SendMessageA(lv, LVM_DELETECOLUMN, 1, 0);
  hc = (int)SendMessageA(header, HDM_GETITEMCOUNT, 0, 0);
  printf("delete column: %d, header items %d\n", dc, hc);
  BOOL da = (BOOL)SendMessageA(lv, LVM_DELETEALLITEMS, 0, 0);
  int cnt = (int)SendMessageA(lv, LVM_GETITEMCOUNT, 0, 0);
  printf("delete all: %d, count %d\n", da, cnt);
}

static void single_list(HWND main) {
  lv2 = CreateWindowExA(0, WC_LISTVIEWA, "", WS_CHILD | WS_VISIBLE | LVS_LIST | LVS_SINGLESEL, 10, 330, 300, 40, main,
                        (HMENU)104, GetModuleHandleA(0), 0);
  static const char* names[] = {"one", "two", "three", "four"};
  for (int i = 0; i < 4; ++i) {
    LVITEMA it;
    memset(&it, 0, sizeof it);
    it.mask = LVIF_TEXT | LVIF_PARAM;
    it.iItem = i;
    it.pszText = (char*)names[i];
    it.lParam = 40 + i;
    SendMessageA(lv2, LVM_INSERTITEMA, 0, (LPARAM)&it);
  }
  printf("single selection list:\n");
  ListView_SetItemState(lv2, 0, LVIS_SELECTED, LVIS_SELECTED);
  ListView_SetItemState(lv2, 2, LVIS_SELECTED, LVIS_SELECTED);
  int selc = (int)SendMessageA(lv2, LVM_GETSELECTEDCOUNT, 0, 0);
  int first = (int)SendMessageA(lv2, LVM_GETNEXTITEM, -1, LVNI_SELECTED);
  printf("selected %d, first %d\n", selc, first);
  printf("double click:\n");
  RECT r;
  r.left = LVIR_LABEL;
  SendMessageA(lv2, LVM_GETITEMRECT, 1, (LPARAM)&r);
  int x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
  click(lv2, x, y, WM_LBUTTONDOWN, WM_LBUTTONUP, MK_LBUTTON);
  click(lv2, x, y, WM_LBUTTONDBLCLK, WM_LBUTTONUP, MK_LBUTTON);
  selc = (int)SendMessageA(lv2, LVM_GETSELECTEDCOUNT, 0, 0);
  first = (int)SendMessageA(lv2, LVM_GETNEXTITEM, -1, LVNI_SELECTED);
  printf("selected %d, first %d\n", selc, first);
  quiet = 1;
  DestroyWindow(lv2);
  quiet = 0;
}

static void tab_control(HWND main) {
  char cls[64];
  tab = CreateWindowExA(0, WC_TABCONTROLA, "", WS_CHILD | WS_VISIBLE, 10, 220, 300, 100, main, (HMENU)102,
                        GetModuleHandleA(0), 0);
  GetClassNameA(tab, cls, sizeof cls);
  printf("tab control %d class %s\n", tab != 0, cls);
  static const char* names[] = {"First", "Second", "Third"};
  for (int i = 0; i < 3; ++i) {
    TCITEMA ti;
    memset(&ti, 0, sizeof ti);
    ti.mask = TCIF_TEXT | TCIF_PARAM;
    ti.pszText = (char*)names[i];
    ti.lParam = 100 + i;
    int at = (int)SendMessageA(tab, TCM_INSERTITEMA, i, (LPARAM)&ti);
    printf(" inserted at %d\n", at);
  }
  TCITEMW tw;
  memset(&tw, 0, sizeof tw);
  tw.mask = TCIF_TEXT;
  tw.pszText = L"Zero";
  int atw = (int)SendMessageW(tab, TCM_INSERTITEMW, 0, (LPARAM)&tw);
  int count = (int)SendMessageA(tab, TCM_GETITEMCOUNT, 0, 0);
  int sel = (int)SendMessageA(tab, TCM_GETCURSEL, 0, 0);
  int rows = (int)SendMessageA(tab, TCM_GETROWCOUNT, 0, 0);
  printf("inserted W at %d, count %d, cursel %d, rows %d\n", atw, count, sel, rows);
  char buf[32];
  TCITEMA ti;
  memset(&ti, 0, sizeof ti);
  ti.mask = TCIF_TEXT | TCIF_PARAM;
  ti.pszText = buf;
  ti.cchTextMax = sizeof buf;
  BOOL g = (BOOL)SendMessageA(tab, TCM_GETITEMA, 2, (LPARAM)&ti);
  long param = (long)ti.lParam;
  printf("item 2: %d %s %ld\n", g, buf, param);
  ti.mask = TCIF_TEXT;
  ti.pszText = "Deuxieme";
  BOOL s = (BOOL)SendMessageA(tab, TCM_SETITEMA, 2, (LPARAM)&ti);
  ti.pszText = buf;
  SendMessageA(tab, TCM_GETITEMA, 2, (LPARAM)&ti);
  BOOL gbad = (BOOL)SendMessageA(tab, TCM_GETITEMA, 9, (LPARAM)&ti);
  printf("set %d: %s, item 9: %d\n", s, buf, gbad);
  int prev = (int)SendMessageA(tab, TCM_SETCURSEL, 2, 0);
  int prev2 = (int)SendMessageA(tab, TCM_SETCURSEL, 7, 0);
  sel = (int)SendMessageA(tab, TCM_GETCURSEL, 0, 0);
  int focus = (int)SendMessageA(tab, TCM_GETCURFOCUS, 0, 0);
  printf("setcursel 2 -> %d, setcursel 7 -> %d, cursel %d focus %d\n", prev, prev2, sel, focus);
  RECT r = {0, 0, 300, 100};
  SendMessageA(tab, TCM_ADJUSTRECT, FALSE, (LPARAM)&r);
  printf("display area inside: %d\n", r.left > 0 && r.top > 0 && r.right < 300 && r.bottom < 100);
  RECT ir;
  BOOL gr = (BOOL)SendMessageA(tab, TCM_GETITEMRECT, 1, (LPARAM)&ir);
  TCHITTESTINFO ht;
  ht.pt.x = (ir.left + ir.right) / 2;
  ht.pt.y = (ir.top + ir.bottom) / 2;
  ht.flags = 0;
  int hit = (int)SendMessageA(tab, TCM_HITTEST, 0, (LPARAM)&ht);
  unsigned hf = ht.flags;
  printf("item rect %d, hit test %d flags %x\n", gr, hit, hf);
  printf("keys:\n");
  SetFocus(tab);
  key(tab, VK_RIGHT);
  key(tab, VK_LEFT);
  sel = (int)SendMessageA(tab, TCM_GETCURSEL, 0, 0);
  printf("cursel %d\n", sel);
  printf("click:\n");
  click(tab, ht.pt.x, ht.pt.y, WM_LBUTTONDOWN, WM_LBUTTONUP, MK_LBUTTON);
  sel = (int)SendMessageA(tab, TCM_GETCURSEL, 0, 0);
  printf("cursel %d\n", sel);
  printf("refused click:\n");
  SendMessageA(tab, TCM_GETITEMRECT, 3, (LPARAM)&ir);
  refuse_tab = 1;
  click(tab, (ir.left + ir.right) / 2, (ir.top + ir.bottom) / 2, WM_LBUTTONDOWN, WM_LBUTTONUP, MK_LBUTTON);
  refuse_tab = 0;
  sel = (int)SendMessageA(tab, TCM_GETCURSEL, 0, 0);
  printf("cursel %d\n", sel);
  BOOL d = (BOOL)SendMessageA(tab, TCM_DELETEITEM, 0, 0);
  count = (int)SendMessageA(tab, TCM_GETITEMCOUNT, 0, 0);
  sel = (int)SendMessageA(tab, TCM_GETCURSEL, 0, 0);
  printf("delete 0: %d, count %d cursel %d\n", d, count, sel);
  d = (BOOL)SendMessageA(tab, TCM_DELETEALLITEMS, 0, 0);
  count = (int)SendMessageA(tab, TCM_GETITEMCOUNT, 0, 0);
  sel = (int)SendMessageA(tab, TCM_GETCURSEL, 0, 0);
  printf("delete all: %d, count %d cursel %d\n", d, count, sel);
}

// TVS_CHECKBOXES: items come unchecked (state image 1); a click on the check box (the state icon,
// at the row's start), or Space on the caret item, checks and unchecks it (2 and 1).
static unsigned tv_check(HWND t, HTREEITEM h) {
  return (unsigned)SendMessageA(t, TVM_GETITEMSTATE, (WPARAM)h, TVIS_STATEIMAGEMASK) >> 12;
}
static void tree_check_boxes(HWND main) {
  printf("check boxes:\n");
  HWND t = CreateWindowExA(0, WC_TREEVIEWA, "", WS_CHILD | WS_VISIBLE | TVS_CHECKBOXES, 420, 10, 200, 300, main,
                           (HMENU)104, GetModuleHandleA(0), 0);
  TVINSERTSTRUCTA ins;
  memset(&ins, 0, sizeof ins);
  ins.hParent = TVI_ROOT;
  ins.hInsertAfter = TVI_LAST;
  ins.item.mask = TVIF_TEXT;
  ins.item.pszText = "one";
  HTREEITEM one = (HTREEITEM)SendMessageA(t, TVM_INSERTITEMA, 0, (LPARAM)&ins);
  ins.item.pszText = "two";
  HTREEITEM two = (HTREEITEM)SendMessageA(t, TVM_INSERTITEMA, 0, (LPARAM)&ins);
  printf("new items: %u %u\n", tv_check(t, one), tv_check(t, two));
  RECT r;
  *(HTREEITEM*)&r = two;
  SendMessageA(t, TVM_GETITEMRECT, TRUE, (LPARAM)&r);
  TVHITTESTINFO ht;
  ht.pt.x = 3;
  ht.pt.y = (r.top + r.bottom) / 2;
  HTREEITEM hit = (HTREEITEM)SendMessageA(t, TVM_HITTEST, 0, (LPARAM)&ht);
  printf("hit at the row's start: item two %d, on the state icon %d, label after it %d\n", hit == two,
         (ht.flags & TVHT_ONITEMSTATEICON) != 0, r.left >= 12);
  PostMessageA(t, WM_LBUTTONUP, 0, MAKELPARAM(3, ht.pt.y));
  SendMessageA(t, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM(3, ht.pt.y));
  quiet = 1;
  MSG pending;
  while (PeekMessageA(&pending, t, 0, 0, PM_REMOVE)) DispatchMessageA(&pending);
  quiet = 0;
  printf("after a click on two's box: two %u\n", tv_check(t, two));
  SendMessageA(t, TVM_SELECTITEM, TVGN_CARET, (LPARAM)one);
  SendMessageA(t, WM_KEYDOWN, VK_SPACE, 0);
  SendMessageA(t, WM_CHAR, ' ', 0);
  SendMessageA(t, WM_KEYUP, VK_SPACE, 0xc0000001);
  printf("after Space on one: one %u\n", tv_check(t, one));
  TVITEMA ti;
  memset(&ti, 0, sizeof ti);
  ti.mask = TVIF_STATE | TVIF_HANDLE;
  ti.hItem = two;
  ti.stateMask = TVIS_STATEIMAGEMASK;
  ti.state = INDEXTOSTATEIMAGEMASK(1);
  SendMessageA(t, TVM_SETITEMA, 0, (LPARAM)&ti);
  printf("two unchecked by TVM_SETITEM: %u\n", tv_check(t, two));
  DestroyWindow(t);
}

static void tree_view(HWND main) {
  char cls[64], b1[32], b2[32];
  tv = CreateWindowExA(0, WC_TREEVIEWA, "",
                       WS_CHILD | WS_VISIBLE | WS_BORDER | TVS_HASLINES | TVS_HASBUTTONS | TVS_LINESATROOT |
                           TVS_SHOWSELALWAYS,
                       420, 10, 200, 300, main, (HMENU)103, GetModuleHandleA(0), 0);
  GetClassNameA(tv, cls, sizeof cls);
  printf("tree view %d class %s\n", tv != 0, cls);
  HTREEITEM fruit = tv_insert(TVI_ROOT, TVI_LAST, "fruit", 1);
  HTREEITEM veg = tv_insert(TVI_ROOT, TVI_LAST, "vegetables", 2);
  HTREEITEM first = tv_insert(TVI_ROOT, TVI_FIRST, "first", 3);
  tv_insert(fruit, TVI_SORT, "pear", 11);
  tv_insert(fruit, TVI_SORT, "apple", 12);
  HTREEITEM plum = tv_insert(fruit, TVI_SORT, "plum", 13);
  tv_insert(fruit, TVI_SORT, "banana", 14);
  tv_insert(veg, TVI_LAST, "leek", 21);
  HTREEITEM cab = tv_insert(veg, TVI_FIRST, "cabbage", 22);
  tv_insert(cab, TVI_LAST, "red", 31);
  tv_insert(veg, cab, "carrot", 23);
  TVINSERTSTRUCTW insw;
  memset(&insw, 0, sizeof insw);
  insw.hParent = TVI_ROOT;
  insw.hInsertAfter = TVI_LAST;
  insw.item.mask = TVIF_TEXT | TVIF_PARAM;
  insw.item.pszText = L"wide";
  insw.item.lParam = 4;
  HTREEITEM wide = (HTREEITEM)SendMessageW(tv, TVM_INSERTITEMW, 0, (LPARAM)&insw);
  HTREEITEM cb = tv_insert(TVI_ROOT, TVI_LAST, LPSTR_TEXTCALLBACKA, 5);
  int count = (int)SendMessageA(tv, TVM_GETCOUNT, 0, 0);
  printf("count %d, wide %d\n", count, wide != 0);
  printf("walk:\n");
  ask = 1;
  walk((HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_ROOT, 0), 0);
  ask = 0;
  HTREEITEM prev = (HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_PREVIOUS, (LPARAM)veg);
  HTREEITEM par = (HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_PARENT, (LPARAM)plum);
  HTREEITEM rootpar = (HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_PARENT, (LPARAM)fruit);
  int no_parent = rootpar == NULL;
  printf("previous of vegetables %s, parent of plum %s, fruit without a parent %d\n", tv_text(prev, b1), tv_text(par, b2),
         no_parent);
  printf("callback item:\n");
  ask = 1;
  tv_text(cb, b1);
  ask = 0;
  printf(" text %s\n", b1);

  printf("expand:\n");
  BOOL e1 = (BOOL)SendMessageA(tv, TVM_EXPAND, TVE_EXPAND, (LPARAM)fruit);
  BOOL e2 = (BOOL)SendMessageA(tv, TVM_EXPAND, TVE_EXPAND, (LPARAM)first);
  BOOL e3 = (BOOL)SendMessageA(tv, TVM_EXPAND, TVE_TOGGLE, (LPARAM)veg);
  BOOL e4 = (BOOL)SendMessageA(tv, TVM_EXPAND, TVE_COLLAPSE, (LPARAM)fruit);
  BOOL e5 = (BOOL)SendMessageA(tv, TVM_EXPAND, TVE_EXPAND, (LPARAM)fruit);
  printf("expand results %d %d %d %d %d\n", e1, e2, e3, e4, e5);
  HTREEITEM fv = (HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_FIRSTVISIBLE, 0);
  printf("visible:");
  for (; fv; fv = (HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_NEXTVISIBLE, (LPARAM)fv)) printf(" %s", tv_text(fv, b1));
  printf("\n");

  printf("select:\n");
  BOOL s1 = (BOOL)SendMessageA(tv, TVM_SELECTITEM, TVGN_CARET, (LPARAM)plum);
  HTREEITEM caret = (HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_CARET, 0);
  printf("select %d caret %s\n", s1, tv_text(caret, b1));
  RECT r;
  *(HTREEITEM*)&r = plum;
  BOOL gr = (BOOL)SendMessageA(tv, TVM_GETITEMRECT, TRUE, (LPARAM)&r);
  TVHITTESTINFO ht;
  ht.pt.x = (r.left + r.right) / 2;
  ht.pt.y = (r.top + r.bottom) / 2;
  HTREEITEM hit = (HTREEITEM)SendMessageA(tv, TVM_HITTEST, 0, (LPARAM)&ht);
  unsigned hf = ht.flags;
  printf("item rect %d, hit %s flags %x\n", gr, tv_text(hit, b1), hf);
  *(HTREEITEM*)&r = cab;
  gr = (BOOL)SendMessageA(tv, TVM_GETITEMRECT, TRUE, (LPARAM)&r);
  printf("rect of a hidden item %d\n", gr);

  printf("keys:\n");
  SetFocus(tv);
  key(tv, VK_DOWN);
  key(tv, VK_DOWN);
  key(tv, VK_RIGHT);
  key(tv, VK_RIGHT);
  key(tv, VK_LEFT);
  key(tv, VK_LEFT);
  key(tv, VK_ADD);
  key(tv, VK_SUBTRACT);
  key(tv, VK_HOME);
  caret = (HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_CARET, 0);
  printf("caret %s\n", tv_text(caret, b1));

  printf("click:\n");
  SetFocus(main);
  *(HTREEITEM*)&r = plum;
  SendMessageA(tv, TVM_GETITEMRECT, TRUE, (LPARAM)&r);
  // (the button's release posted first: a tree view may wait for it while the button is down)
  PostMessageA(tv, WM_LBUTTONUP, 0, MAKELPARAM((r.left + r.right) / 2, (r.top + r.bottom) / 2));
  SendMessageA(tv, WM_LBUTTONDOWN, MK_LBUTTON, MAKELPARAM((r.left + r.right) / 2, (r.top + r.bottom) / 2));
  quiet = 1;
  MSG pending;
  while (PeekMessageA(&pending, tv, 0, 0, PM_REMOVE)) DispatchMessageA(&pending);
  quiet = 0;
  caret = (HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_CARET, 0);
  printf("caret %s, focus on the tree %d\n", tv_text(caret, b1), GetFocus() == tv);
  printf("ensure visible:\n");
  BOOL ev = (BOOL)SendMessageA(tv, TVM_ENSUREVISIBLE, 0, (LPARAM)cab);
  printf("ensure visible %d\n", ev != 0);
  printf("sort children:\n");
  BOOL sc = (BOOL)SendMessageA(tv, TVM_SORTCHILDREN, FALSE, (LPARAM)veg);
  printf("sort %d\n", sc);
  walk((HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_CHILD, (LPARAM)veg), 1);
  TVSORTCB scb;
  scb.hParent = fruit;
  scb.lpfnCompare = tv_by_param;
  scb.lParam = 0;
  sc = (BOOL)SendMessageA(tv, TVM_SORTCHILDRENCB, 0, (LPARAM)&scb);
  printf("sort with a callback %d\n", sc);
  walk((HTREEITEM)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_CHILD, (LPARAM)fruit), 1);

  printf("set item:\n");
  TVITEMA ti;
  memset(&ti, 0, sizeof ti);
  ti.mask = TVIF_TEXT | TVIF_HANDLE;
  ti.hItem = plum;
  ti.pszText = "greengage";
  BOOL si = (BOOL)SendMessageA(tv, TVM_SETITEMA, 0, (LPARAM)&ti);
  printf("set %d: %s\n", si, tv_text(plum, b1));

  printf("delete:\n");
  BOOL d1 = (BOOL)SendMessageA(tv, TVM_DELETEITEM, 0, (LPARAM)veg);
  count = (int)SendMessageA(tv, TVM_GETCOUNT, 0, 0);
  printf("delete vegetables %d, count %d\n", d1, count);
  BOOL d2 = (BOOL)SendMessageA(tv, TVM_DELETEITEM, 0, (LPARAM)TVI_ROOT);
  count = (int)SendMessageA(tv, TVM_GETCOUNT, 0, 0);
  printf("delete all %d, count %d\n", d2, count);
}

static void image_lists(HWND main) {
  HIMAGELIST il = ImageList_Create(16, 16, ILC_COLOR32 | ILC_MASK, 4, 4);
  int cx = 0, cy = 0;
  BOOL sz = ImageList_GetIconSize(il, &cx, &cy);
  printf("image list %d, icon size %d: %d x %d\n", il != 0, sz, cx, cy);
  int i0 = ImageList_AddIcon(il, LoadIconA(NULL, (LPCSTR)IDI_APPLICATION));
  HBITMAP bm = CreateBitmap(32, 16, 1, 32, NULL);
  int i1 = ImageList_Add(il, bm, NULL);
  int i2 = ImageList_AddMasked(il, bm, RGB(0, 0, 0));
  int n = ImageList_GetImageCount(il);
  printf("added at %d %d %d, count %d\n", i0, i1, i2, n);
  COLORREF old = ImageList_SetBkColor(il, RGB(255, 255, 255));
  COLORREF old2 = ImageList_SetBkColor(il, CLR_NONE);
  printf("background %lx then %lx\n", (unsigned long)old, (unsigned long)old2);
  HDC dc = GetDC(main);
  BOOL d1 = ImageList_Draw(il, 0, dc, 0, 0, ILD_TRANSPARENT);
  BOOL d2 = ImageList_DrawEx(il, 1, dc, 20, 0, 0, 0, CLR_DEFAULT, CLR_DEFAULT, ILD_NORMAL);
  BOOL d3 = ImageList_Draw(il, 9, dc, 0, 0, ILD_NORMAL);
  ReleaseDC(main, dc);
  printf("draw %d %d, image 9 %d\n", d1, d2, d3);
  HIMAGELIST l1 = (HIMAGELIST)SendMessageA(lv, LVM_SETIMAGELIST, LVSIL_SMALL, (LPARAM)il);
  HIMAGELIST l2 = (HIMAGELIST)SendMessageA(lv, LVM_GETIMAGELIST, LVSIL_SMALL, 0);
  HIMAGELIST l3 = (HIMAGELIST)SendMessageA(lv, LVM_SETIMAGELIST, LVSIL_SMALL, 0);
  HIMAGELIST t1 = (HIMAGELIST)SendMessageA(tv, TVM_SETIMAGELIST, TVSIL_NORMAL, (LPARAM)il);
  HIMAGELIST t2 = (HIMAGELIST)SendMessageA(tv, TVM_GETIMAGELIST, TVSIL_NORMAL, 0);
  HIMAGELIST t3 = (HIMAGELIST)SendMessageA(tv, TVM_SETIMAGELIST, TVSIL_NORMAL, 0);
  printf("list view: %d %d %d, tree view: %d %d %d\n", l1 == 0, l2 == il, l3 == il, t1 == 0, t2 == il, t3 == il);
  int none = ImageList_GetImageCount(NULL);
  BOOL gone = ImageList_Destroy(il);
  printf("count of none %d, destroyed %d\n", none, gone);
  DeleteObject(bm);
}

static void bad_input(void) {
  printf("bad input:\n");
  int a1 = (int)SendMessageA(lv, LVM_INSERTITEMA, 0, 0);
  int a2 = (int)SendMessageA(lv, LVM_GETITEMA, 0, 0);
  int a3 = (int)SendMessageA(lv, LVM_SETITEMSTATE, 7, 0);
  int a4 = (int)SendMessageA(lv, LVM_DELETECOLUMN, 9, 0);
  int a5 = (int)SendMessageA(lv, LVM_GETITEMSTATE, 99, LVIS_SELECTED);
  int a6 = (int)SendMessageA(lv, LVM_GETNEXTITEM, 99, LVNI_ALL);
  int a7 = (int)SendMessageA(lv, LVM_ENSUREVISIBLE, 99, FALSE);
  int a8 = (int)SendMessageA(lv, LVM_SORTITEMS, 0, 0);
  printf("list view: %d %d %d %d %d %d %d %d\n", a1, a2, a3, a4, a5, a6, a7, a8);
  int b3 = (int)SendMessageA(tab, TCM_DELETEITEM, 5, 0);
  int b4 = (int)SendMessageA(tab, TCM_GETITEMRECT, 5, 0);
  printf("tab control: %d %d\n", b3, b4);
  TVITEMA ti;
  memset(&ti, 0, sizeof ti);
  ti.mask = TVIF_TEXT | TVIF_HANDLE;
  ti.hItem = (HTREEITEM)(ULONG_PTR)0x7777;
  int c1 = (int)SendMessageA(tv, TVM_DELETEITEM, 0, (LPARAM)(ULONG_PTR)0x7777);
  int c2 = (int)SendMessageA(tv, TVM_GETITEMA, 0, (LPARAM)&ti);
  int c3 = (int)SendMessageA(tv, TVM_EXPAND, TVE_EXPAND, (LPARAM)(ULONG_PTR)0x7777);
  int c4 = (int)SendMessageA(tv, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)(ULONG_PTR)0x7777);
  int c5 = (int)SendMessageA(tv, TVM_SELECTITEM, TVGN_CARET, (LPARAM)(ULONG_PTR)0x7777);
  printf("tree view: %d %d %d %d %d\n", c1, c2, c3, c4, c5);
  int d1 = ImageList_GetImageCount(NULL);
  int d2 = ImageList_Add(NULL, NULL, NULL);
  int d3 = ImageList_Destroy(NULL);
  int d4 = ImageList_Draw(NULL, 0, NULL, 0, 0, 0);
  printf("image lists: %d %d %d %d\n", d1, d2, d3, d4);
}

int main(void) {
  INITCOMMONCONTROLSEX icc = {sizeof icc, ICC_LISTVIEW_CLASSES | ICC_TAB_CLASSES | ICC_TREEVIEW_CLASSES};
  BOOL ok = InitCommonControlsEx(&icc);
  printf("InitCommonControlsEx %d\n", ok);
  WNDCLASSW wc;
  memset(&wc, 0, sizeof wc);
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleW(0);
  wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
  wc.lpszClassName = L"ViewsMain";
  RegisterClassW(&wc);
  quiet = 1;
  HWND main = CreateWindowExW(0, L"ViewsMain", L"views", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 20, 20, 660, 380, 0, 0,
                              GetModuleHandleW(0), 0);
  quiet = 0;
  list_view(main);
  single_list(main);
  tab_control(main);
  tree_view(main);
  tree_check_boxes(main);
  image_lists(main);
  bad_input();
  quiet = 1;
  MSG m;
  while (PeekMessageW(&m, 0, 0, 0, PM_REMOVE)) DispatchMessageW(&m);
  UpdateWindow(main);
  DestroyWindow(main);
  printf("done\n");
  return 0;
}
