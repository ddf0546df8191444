// Dialogs from resources and from a template in memory: DialogBoxParam (W and A), CreateDialogParam
// with the program's own IsDialogMessage loop, DialogBoxIndirectParam, EndDialog from
// WM_INITDIALOG, a missing resource; the dialog items (classes, ids, tab and group order, the
// default button, GetDlgItemInt/SetDlgItemInt, check boxes and radio buttons) and the keyboard of
// the dialog manager (Tab, arrows in a group, mnemonics, Enter, Esc) from posted key messages.
// Only font-independent facts are printed. Expected output: the same program under wine 8.0 on an
// Xvfb.
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>
#include <string.h>

#define IDC_LABEL 100
#define IDC_NUMBER 101
#define IDC_CHECK 102
#define IDC_RADIO1 103
#define IDC_RADIO2 104
#define IDC_RADIO3 105
#define IDC_GROUP 106
#define IDC_PUSH 107
#define IDC_3STATE 108


static int focus_id(void) {
  HWND f = GetFocus();
  return f ? GetDlgCtrlID(f) : -1;
}

static void print_checks(HWND d) {
  UINT c = IsDlgButtonChecked(d, IDC_CHECK), t = IsDlgButtonChecked(d, IDC_3STATE);
  UINT r1 = IsDlgButtonChecked(d, IDC_RADIO1), r2 = IsDlgButtonChecked(d, IDC_RADIO2), r3 = IsDlgButtonChecked(d, IDC_RADIO3);
  printf("  checks: check %u three %u radios %u %u %u\n", c, t, r1, r2, r3);
}

static void init_main(HWND d, HWND first) {
  printf("WM_INITDIALOG: focus candidate %d\n", GetDlgCtrlID(first));
  char cls[64];
  for (HWND c = GetWindow(d, GW_CHILD); c; c = GetWindow(c, GW_HWNDNEXT)) {
    GetClassNameA(c, cls, sizeof cls);
    LONG style = GetWindowLongA(c, GWL_STYLE);
    printf("  child %d %s type %ld tabstop %d group %d visible %d\n", GetDlgCtrlID(c), cls, style & 0xf,
           (style & WS_TABSTOP) != 0, (style & WS_GROUP) != 0, (style & WS_VISIBLE) != 0);
  }
  printf("  tab order:");
  HWND h = NULL;
  for (int i = 0; i < 8; ++i) { h = GetNextDlgTabItem(d, h, FALSE); printf(" %d", h ? GetDlgCtrlID(h) : 0); }
  printf("\n  backwards:");
  h = NULL;
  for (int i = 0; i < 8; ++i) { h = GetNextDlgTabItem(d, h, TRUE); printf(" %d", h ? GetDlgCtrlID(h) : 0); }
  HWND r1 = GetDlgItem(d, IDC_RADIO1), r3 = GetDlgItem(d, IDC_RADIO3);
  HWND g1 = GetNextDlgGroupItem(d, r1, FALSE), g2 = GetNextDlgGroupItem(d, r3, FALSE), g3 = GetNextDlgGroupItem(d, r1, TRUE);
  printf("\n  group: after red %d, after blue %d, before red %d\n", GetDlgCtrlID(g1), GetDlgCtrlID(g2), GetDlgCtrlID(g3));
  LRESULT def = SendMessageA(d, DM_GETDEFID, 0, 0);
  printf("  DM_GETDEFID %08lx\n", (unsigned long)def);
  BOOL ok = 5;
  int n = (int)GetDlgItemInt(d, IDC_NUMBER, &ok, TRUE);
  printf("  GetDlgItemInt signed: %d ok %d\n", n, ok);
  SetDlgItemTextA(d, IDC_NUMBER, "12abc");
  n = (int)GetDlgItemInt(d, IDC_NUMBER, &ok, TRUE);
  printf("  12abc: %d ok %d\n", n, ok);
  SetDlgItemTextA(d, IDC_NUMBER, "abc");
  n = (int)GetDlgItemInt(d, IDC_NUMBER, &ok, FALSE);
  printf("  abc: %d ok %d\n", n, ok);
  SetDlgItemInt(d, IDC_NUMBER, 4000000000u, FALSE);
  char text[32];
  UINT len = GetDlgItemTextA(d, IDC_NUMBER, text, sizeof text);
  UINT u = GetDlgItemInt(d, IDC_NUMBER, &ok, FALSE);
  printf("  SetDlgItemInt: \"%s\" (%u) back %u ok %d\n", text, len, u, ok);
  SetDlgItemInt(d, IDC_NUMBER, (UINT)-7, TRUE);
  GetDlgItemTextA(d, IDC_NUMBER, text, sizeof text);
  n = (int)GetDlgItemInt(d, IDC_NUMBER, &ok, FALSE);
  printf("  signed -7: \"%s\" unsigned read %d ok %d\n", text, n, ok);
  CheckDlgButton(d, IDC_CHECK, BST_CHECKED);
  CheckRadioButton(d, IDC_RADIO1, IDC_RADIO3, IDC_RADIO3);
  print_checks(d);
  LONG s1 = GetWindowLongA(r1, GWL_STYLE), s3 = GetWindowLongA(r3, GWL_STYLE);
  printf("  tabstop red %d blue %d\n", (s1 & WS_TABSTOP) != 0, (s3 & WS_TABSTOP) != 0);
  SendDlgItemMessageA(d, IDC_3STATE, BM_SETCHECK, BST_INDETERMINATE, 0);
  LRESULT three = SendDlgItemMessageA(d, IDC_3STATE, BM_GETCHECK, 0, 0);
  SendDlgItemMessageA(d, IDC_CHECK, BM_SETCHECK, BST_INDETERMINATE, 0);
  LRESULT two = SendDlgItemMessageA(d, IDC_CHECK, BM_GETCHECK, 0, 0);
  printf("  BM_SETCHECK 2: three-state %ld two-state %ld\n", (long)three, (long)two);
  printf("  BM_CLICK check box:\n");
  SendDlgItemMessageA(d, IDC_CHECK, BM_CLICK, 0, 0);
  printf("  BM_CLICK three-state:\n");
  SendDlgItemMessageA(d, IDC_3STATE, BM_CLICK, 0, 0);
  print_checks(d);
  LRESULT state = SendDlgItemMessageA(d, IDC_PUSH, BM_GETSTATE, 0, 0);
  UINT code = (UINT)SendDlgItemMessageA(d, IDC_PUSH, WM_GETDLGCODE, 0, 0);
  UINT code_ok = (UINT)SendDlgItemMessageA(d, IDOK, WM_GETDLGCODE, 0, 0);
  UINT code_radio = (UINT)SendDlgItemMessageA(d, IDC_RADIO1, WM_GETDLGCODE, 0, 0);
  UINT code_group = (UINT)SendDlgItemMessageA(d, IDC_GROUP, WM_GETDLGCODE, 0, 0);
  UINT code_label = (UINT)SendDlgItemMessageA(d, IDC_LABEL, WM_GETDLGCODE, 0, 0);
  printf("  push state %ld; dlg codes push %x ok %x radio %x group %x label %x\n", (long)state, code, code_ok,
         code_radio, code_group, code_label);
  RECT r = {0, 0, 4, 8};
  BOOL mapped = MapDialogRect(d, &r);
  printf("  MapDialogRect %d positive %d\n", mapped,
         r.right > 0 && r.bottom > 0);
  HWND first_ctrl = GetDlgItem(d, IDC_CHECK);
  LONG_PTR font = (LONG_PTR)SendMessageA(d, WM_GETFONT, 0, 0), cfont = (LONG_PTR)SendMessageA(first_ctrl, WM_GETFONT, 0, 0);
  printf("  dialog font set %d, same in controls %d\n", font != 0, font == cfont);
  SetTimer(d, 1, 50, NULL);
}

static INT_PTR CALLBACK main_proc(HWND d, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_INITDIALOG:
      init_main(d, (HWND)w);
      return TRUE;
    case WM_TIMER: {
      KillTimer(d, 1);
      BOOL visible = IsWindowVisible(d);
      HWND active = GetActiveWindow();
      printf("shown %d active %d focus %d\n", visible, active == d, focus_id());
      // Tab, Tab (to the checked radio button), Down (around the group: clicks red), Alt+G
      // (mnemonic: green), Tab (Apply), Enter (the focused push button), Tab (OK), Enter.
      PostMessageA(d, WM_KEYDOWN, VK_TAB, 0);
      PostMessageA(d, WM_APP, 1, 0);
      PostMessageA(d, WM_KEYDOWN, VK_TAB, 0);
      PostMessageA(d, WM_APP, 2, 0);
      PostMessageA(GetDlgItem(d, IDC_RADIO3), WM_KEYDOWN, VK_DOWN, 0);
      PostMessageA(d, WM_APP, 3, 0);
      PostMessageA(d, WM_SYSCHAR, 'g', 1 << 29);
      PostMessageA(d, WM_APP, 4, 0);
      PostMessageA(d, WM_KEYDOWN, VK_TAB, 0);
      PostMessageA(d, WM_APP, 5, 0);
      PostMessageA(d, WM_KEYDOWN, VK_RETURN, 0);
      PostMessageA(d, WM_APP, 6, 0);
      PostMessageA(d, WM_KEYDOWN, VK_TAB, 0);
      PostMessageA(d, WM_APP, 7, 0);
      PostMessageA(d, WM_KEYDOWN, VK_RETURN, 0);
      return TRUE;
    }
    case WM_APP: {
      LRESULT def = SendMessageA(d, DM_GETDEFID, 0, 0);
      LONG push = GetWindowLongA(GetDlgItem(d, IDC_PUSH), GWL_STYLE) & 0xf, okb = GetWindowLongA(GetDlgItem(d, IDOK), GWL_STYLE) & 0xf;
      printf("step %d: focus %d defid %08lx apply type %ld ok type %ld\n", (int)w, focus_id(), (unsigned long)def, push, okb);
      if (w == 3 || w == 4) print_checks(d);
      return TRUE;
    }
    case WM_COMMAND:
      printf("  WM_COMMAND id %d code %d from item %d\n", LOWORD(w), HIWORD(w), l ? GetDlgCtrlID((HWND)l) : 0);
      if (LOWORD(w) == IDOK) EndDialog(d, 7);
      if (LOWORD(w) == IDCANCEL) EndDialog(d, 8);
      return TRUE;
  }
  return FALSE;
}

static INT_PTR CALLBACK ends_at_once(HWND d, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_INITDIALOG) {
    char title[32];
    GetWindowTextA(d, title, sizeof title);
    printf("A dialog \"%s\" param %ld\n", title, (long)l);
    EndDialog(d, 5);
    return TRUE;
  }
  return FALSE;
}

static int modeless_done;
static INT_PTR CALLBACK modeless_proc(HWND d, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_INITDIALOG: return TRUE;
    case WM_COMMAND:
      printf("modeless WM_COMMAND id %d\n", LOWORD(w));
      if (LOWORD(w) == IDCANCEL) { DestroyWindow(d); modeless_done = 1; }
      return TRUE;
  }
  return FALSE;
}

static INT_PTR CALLBACK escape_proc(HWND d, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_INITDIALOG: {
      HWND b = GetDlgItem(d, 42);
      char cls[32];
      GetClassNameA(b, cls, sizeof cls);
      printf("indirect: item 42 %s\n", cls);
      PostMessageA(d, WM_KEYDOWN, VK_ESCAPE, 0);
      return TRUE;
    }
    case WM_COMMAND:
      printf("indirect WM_COMMAND id %d\n", LOWORD(w));
      if (LOWORD(w) == IDCANCEL) EndDialog(d, 9);
      return TRUE;
  }
  return FALSE;
}

int main(void) {
  HINSTANCE inst = GetModuleHandleW(NULL);
  LONG base = GetDialogBaseUnits();
  printf("base units positive %d\n", LOWORD(base) > 0 && HIWORD(base) > 0);
  INT_PTR r = DialogBoxParamW(inst, MAKEINTRESOURCEW(1), NULL, main_proc, 0);
  printf("DialogBoxParamW: %ld\n", (long)r);
  r = DialogBoxParamA(inst, MAKEINTRESOURCEA(2), NULL, ends_at_once, 77);
  printf("DialogBoxParamA: %ld\n", (long)r);
  SetLastError(0);
  r = DialogBoxParamW(inst, MAKEINTRESOURCEW(99), NULL, main_proc, 0);
  DWORD e = GetLastError();
  printf("missing: %ld error %lu\n", (long)r, e);

  HWND modeless = CreateDialogParamW(inst, MAKEINTRESOURCEW(2), NULL, modeless_proc, 0);
  printf("modeless visible %d\n", IsWindowVisible(modeless));
  ShowWindow(modeless, SW_SHOW);
  PostMessageA(modeless, WM_CLOSE, 0, 0);
  MSG msg;
  while (!modeless_done && GetMessageA(&msg, NULL, 0, 0) > 0)
    if (!IsDialogMessageA(modeless, &msg)) { TranslateMessage(&msg); DispatchMessageA(&msg); }
  printf("modeless gone %d\n", !IsWindow(modeless));

  // A template in memory: DLGTEMPLATE, no menu, class or title, one push button (id 42).
  static WORD buf[64];
  memset(buf, 0, sizeof buf);
  DLGTEMPLATE* t = (DLGTEMPLATE*)buf;
  t->style = WS_POPUP | WS_CAPTION | WS_VISIBLE;
  t->cdit = 1;
  t->x = 10; t->y = 10; t->cx = 100; t->cy = 50;
  WORD* p = (WORD*)(t + 1);
  *p++ = 0; *p++ = 0; *p++ = 0;  // menu, class, title
  if ((ULONG_PTR)p & 2) p++;
  DLGITEMTEMPLATE* it = (DLGITEMTEMPLATE*)p;
  it->style = WS_CHILD | WS_VISIBLE | BS_PUSHBUTTON;
  it->x = 5; it->y = 5; it->cx = 40; it->cy = 14; it->id = 42;
  p = (WORD*)(it + 1);
  *p++ = 0xffff; *p++ = 0x0080;  // Button
  *p++ = 'G'; *p++ = 'o'; *p++ = 0;
  *p++ = 0;  // no creation data
  r = DialogBoxIndirectParamW(inst, t, NULL, escape_proc, 0);
  printf("DialogBoxIndirectParamW: %ld\n", (long)r);
  return 0;
}
