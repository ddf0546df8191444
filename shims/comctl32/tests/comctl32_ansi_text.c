// Text of the ANSI code page (1252) through the A messages of COMCTL32's controls, read back
// through the W ones and the other way round, in hex: a status bar (SB_SETTEXTA, SB_GETTEXTW,
// SB_GETTEXTLENGTHA), a list view (LVM_INSERTCOLUMNA, LVM_INSERTITEMA, LVM_GETITEMTEXTW,
// LVM_SETITEMTEXTW, LVM_GETITEMTEXTA, LVM_FINDITEMA), a tree view (TVM_INSERTITEMA, TVM_GETITEMW,
// TVM_GETITEMA) and a tab control (TCM_INSERTITEMA, TCM_GETITEMW).
// Links: -lcomctl32 -luser32
#include <windows.h>
#include <commctrl.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static void print_bytes(const char* label, const char* s, int n) {
  printf("%s:", label);
  if (n < 0) n = (int)strlen(s);
  for (int i = 0; i < n; ++i) printf(" %02x", (unsigned char)s[i]);
  printf("\n");
}
static void print_units(const char* label, const wchar_t* s, int n) {
  printf("%s:", label);
  if (n < 0) n = (int)wcslen(s);
  for (int i = 0; i < n; ++i) printf(" %04x", (unsigned)s[i]);
  printf("\n");
}

int main(void) {
  INITCOMMONCONTROLSEX icc = {sizeof icc, ICC_WIN95_CLASSES};
  printf("InitCommonControlsEx %d\n", InitCommonControlsEx(&icc));
  HWND parent = CreateWindowExA(0, "STATIC", "parent", WS_OVERLAPPEDWINDOW, 0, 0, 500, 400, NULL, NULL, NULL, NULL);
  char a[64];
  WCHAR w[64];

  HWND sb = CreateWindowExA(0, STATUSCLASSNAMEA, "", WS_CHILD, 0, 0, 0, 0, parent, NULL, NULL, NULL);
  printf("SB_SETTEXTA: %d\n", (int)SendMessageA(sb, SB_SETTEXTA, 0, (LPARAM) "caf\xe9 \x80"));
  LRESULT r = SendMessageA(sb, SB_GETTEXTLENGTHA, 0, 0);
  printf("SB_GETTEXTLENGTHA: %d, SB_GETTEXTLENGTHW: %d\n", LOWORD(r), LOWORD(SendMessageW(sb, SB_GETTEXTLENGTHW, 0, 0)));
  memset(w, 0, sizeof w);
  r = SendMessageW(sb, SB_GETTEXTW, 0, (LPARAM)w);
  print_units("SB_GETTEXTW", w, LOWORD(r));
  SendMessageW(sb, SB_SETTEXTW, 1, (LPARAM)L"\x00fc\x0411");
  memset(a, 0, sizeof a);
  r = SendMessageA(sb, SB_GETTEXTA, 1, (LPARAM)a);
  print_bytes("SB_GETTEXTA of L\"\\x00fc\\x0411\"", a, LOWORD(r));

  HWND lv = CreateWindowExA(0, WC_LISTVIEWA, "", WS_CHILD | LVS_REPORT, 0, 0, 300, 200, parent, NULL, NULL, NULL);
  LVCOLUMNA col;
  memset(&col, 0, sizeof col);
  col.mask = LVCF_TEXT | LVCF_WIDTH;
  col.cx = 100;
  col.pszText = "Nom \xe9t\xe9";
  printf("LVM_INSERTCOLUMNA: %d\n", (int)SendMessageA(lv, LVM_INSERTCOLUMNA, 0, (LPARAM)&col));
  LVCOLUMNW colw;
  memset(&colw, 0, sizeof colw);
  colw.mask = LVCF_TEXT;
  colw.pszText = w;
  colw.cchTextMax = 64;
  memset(w, 0, sizeof w);
  printf("LVM_GETCOLUMNW: %d\n", (int)SendMessageW(lv, LVM_GETCOLUMNW, 0, (LPARAM)&colw));
  print_units("  units", w, -1);
  LVITEMA item;
  memset(&item, 0, sizeof item);
  item.mask = LVIF_TEXT;
  item.pszText = "\xfc\xdf \x9c";
  printf("LVM_INSERTITEMA: %d\n", (int)SendMessageA(lv, LVM_INSERTITEMA, 0, (LPARAM)&item));
  LVITEMW itemw;
  memset(&itemw, 0, sizeof itemw);
  itemw.pszText = w;
  itemw.cchTextMax = 64;
  memset(w, 0, sizeof w);
  int n = (int)SendMessageW(lv, LVM_GETITEMTEXTW, 0, (LPARAM)&itemw);
  printf("LVM_GETITEMTEXTW: %d\n", n);
  print_units("  units", w, n);
  itemw.pszText = L"\x20ac\x2122\x0411";
  SendMessageW(lv, LVM_SETITEMTEXTW, 0, (LPARAM)&itemw);
  memset(&item, 0, sizeof item);
  item.pszText = a;
  item.cchTextMax = 64;
  memset(a, 0, sizeof a);
  n = (int)SendMessageA(lv, LVM_GETITEMTEXTA, 0, (LPARAM)&item);
  printf("LVM_GETITEMTEXTA: %d\n", n);
  print_bytes("  bytes", a, n);
  LVFINDINFOA find;
  memset(&find, 0, sizeof find);
  find.flags = LVFI_STRING;
  find.psz = "\x80\x99?";
  printf("LVM_FINDITEMA: %d\n", (int)SendMessageA(lv, LVM_FINDITEMA, (WPARAM)-1, (LPARAM)&find));

  HWND tv = CreateWindowExA(0, WC_TREEVIEWA, "", WS_CHILD, 0, 0, 300, 200, parent, NULL, NULL, NULL);
  TVINSERTSTRUCTA ins;
  memset(&ins, 0, sizeof ins);
  ins.hParent = TVI_ROOT;
  ins.hInsertAfter = TVI_LAST;
  ins.item.mask = TVIF_TEXT;
  ins.item.pszText = "caf\xe9";
  HTREEITEM node = (HTREEITEM)SendMessageA(tv, TVM_INSERTITEMA, 0, (LPARAM)&ins);
  printf("TVM_INSERTITEMA: %d\n", node != NULL);
  TVITEMW tvw;
  memset(&tvw, 0, sizeof tvw);
  tvw.mask = TVIF_TEXT;
  tvw.hItem = node;
  tvw.pszText = w;
  tvw.cchTextMax = 64;
  memset(w, 0, sizeof w);
  printf("TVM_GETITEMW: %d\n", (int)SendMessageW(tv, TVM_GETITEMW, 0, (LPARAM)&tvw));
  print_units("  units", w, -1);
  tvw.pszText = L"\x0152\x00e0";
  SendMessageW(tv, TVM_SETITEMW, 0, (LPARAM)&tvw);
  TVITEMA tva;
  memset(&tva, 0, sizeof tva);
  tva.mask = TVIF_TEXT;
  tva.hItem = node;
  tva.pszText = a;
  tva.cchTextMax = 64;
  memset(a, 0, sizeof a);
  printf("TVM_GETITEMA: %d\n", (int)SendMessageA(tv, TVM_GETITEMA, 0, (LPARAM)&tva));
  print_bytes("  bytes", a, -1);

  HWND tab = CreateWindowExA(0, WC_TABCONTROLA, "", WS_CHILD, 0, 0, 300, 200, parent, NULL, NULL, NULL);
  TCITEMA tc;
  memset(&tc, 0, sizeof tc);
  tc.mask = TCIF_TEXT;
  tc.pszText = "\xc9t\xe9";
  printf("TCM_INSERTITEMA: %d\n", (int)SendMessageA(tab, TCM_INSERTITEMA, 0, (LPARAM)&tc));
  TCITEMW tcw;
  memset(&tcw, 0, sizeof tcw);
  tcw.mask = TCIF_TEXT;
  tcw.pszText = w;
  tcw.cchTextMax = 64;
  memset(w, 0, sizeof w);
  printf("TCM_GETITEMW: %d\n", (int)SendMessageW(tab, TCM_GETITEMW, 0, (LPARAM)&tcw));
  print_units("  units", w, -1);
  DestroyWindow(parent);
  return 0;
}
