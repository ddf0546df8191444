// A dialog holding the standard controls in a fixed state, for a picture compared with wine 8.0's
// (tests/windows/screenshot_samples.sh; shot_hold.h says what it prints and "hold"): push buttons
// (default, disabled, flat), check boxes (checked, unchecked, indeterminate, disabled), radio
// buttons, a push-like check box held down, a group box, edits with text (WS_EX_CLIENTEDGE,
// multiline with a scroll bar, read-only with a plain border), a list box with a selection, a
// drop-down list and a drop-down combo box, statics (text left, centred on a sunken edge, right;
// etched lines and frame, grey rectangle, black frame), horizontal and vertical scroll bars. The
// focus is on the check box "Checked".
// Links: -lgdi32 -luser32
#include "shot_hold.h"

static INT_PTR CALLBACK proc(HWND d, UINT m, WPARAM w, LPARAM l) {
  (void)l;
  switch (m) {
    case WM_INITDIALOG: {
      CheckDlgButton(d, 104, BST_CHECKED);
      CheckDlgButton(d, 106, BST_INDETERMINATE);
      CheckRadioButton(d, 108, 109, 108);
      CheckDlgButton(d, 110, BST_CHECKED);
      SetDlgItemTextA(d, 111, "Some text");
      SetDlgItemTextA(d, 112, "First line\r\nSecond line");
      SetDlgItemTextA(d, 113, "Read-only");
      const char* fruits[] = {"apple", "banana", "cherry", "date", "elder", "fig"};
      for (int i = 0; i < 6; ++i) SendDlgItemMessageA(d, 114, LB_ADDSTRING, 0, (LPARAM)fruits[i]);
      SendDlgItemMessageA(d, 114, LB_SETCURSEL, 1, 0);
      const char* colours[] = {"red", "green", "blue"};
      for (int i = 0; i < 3; ++i) SendDlgItemMessageA(d, 115, CB_ADDSTRING, 0, (LPARAM)colours[i]);
      SendDlgItemMessageA(d, 115, CB_SETCURSEL, 1, 0);
      SendDlgItemMessageA(d, 116, CB_ADDSTRING, 0, (LPARAM)"typed");
      SetDlgItemTextA(d, 116, "typed");
      SCROLLINFO si = {sizeof si, SIF_RANGE | SIF_POS | SIF_PAGE, 0, 100, 20, 30, 0};
      SetScrollInfo(GetDlgItem(d, 122), SB_CTL, &si, TRUE);
      si.nPos = 70;
      SetScrollInfo(GetDlgItem(d, 123), SB_CTL, &si, TRUE);
      SetFocus(GetDlgItem(d, 104));
      shot_arm(d);
      return FALSE;
    }
    case WM_TIMER:
      if (shot_timer(d, w)) EndDialog(d, IDOK);
      return TRUE;
    case WM_COMMAND:
      if (LOWORD(w) == IDCANCEL) EndDialog(d, IDCANCEL);
      return TRUE;
  }
  return FALSE;
}

int main(int argc, char** argv) {
  shot_start(argc, argv);
  DialogBoxParamA(GetModuleHandleA(NULL), MAKEINTRESOURCEA(1), NULL, proc, 0);
  return 0;
}
