// A dialog with every standard control (static, single- and multi-line edits, check box, radio
// buttons, list box, drop-down list, drop-down combo box, scroll bar, push buttons), driven from
// outside by tests/windows/x11_driven.sh with xdotool on an Xvfb (typing, Tab, Space, arrows, a
// click, Esc); the program prints what the controls hold when the dialog ends. The same run under
// wine 8.0 on the same server is the reference.
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>

static INT_PTR CALLBACK proc(HWND d, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_INITDIALOG: {
      const char* fruits[] = {"apple", "banana", "cherry", "date", "elder"};
      for (int i = 0; i < 5; ++i) SendDlgItemMessageA(d, 106, LB_ADDSTRING, 0, (LPARAM)fruits[i]);
      const char* colours[] = {"red", "green", "blue"};
      for (int i = 0; i < 3; ++i) SendDlgItemMessageA(d, 107, CB_ADDSTRING, 0, (LPARAM)colours[i]);
      SendDlgItemMessageA(d, 107, CB_SETCURSEL, 0, 0);
      SendDlgItemMessageA(d, 108, CB_ADDSTRING, 0, (LPARAM)"typed");
      SCROLLINFO si = {sizeof si, SIF_RANGE | SIF_POS | SIF_PAGE, 0, 100, 10, 50, 0};
      SetScrollInfo(GetDlgItem(d, 109), SB_CTL, &si, TRUE);
      printf("ready\n");
      fflush(stdout);
      return TRUE;
    }
    case WM_HSCROLL: {
      HWND bar = (HWND)l;
      int pos = GetScrollPos(bar, SB_CTL);
      if (LOWORD(w) == SB_LINEDOWN) SetScrollPos(bar, SB_CTL, pos + 1, TRUE);
      if (LOWORD(w) == SB_LINEUP) SetScrollPos(bar, SB_CTL, pos - 1, TRUE);
      return TRUE;
    }
    case WM_COMMAND:
      if (LOWORD(w) == 110 && HIWORD(w) == BN_CLICKED) { printf("big button clicked\n"); fflush(stdout); }
      if (LOWORD(w) == IDOK || LOWORD(w) == IDCANCEL) {
        char a[64], b[128], c[64];
        GetDlgItemTextA(d, 101, a, sizeof a);
        GetDlgItemTextA(d, 102, b, sizeof b);
        for (char* p = b; *p; ++p) if (*p == '\r') *p = '|'; else if (*p == '\n') *p = '/';
        GetDlgItemTextA(d, 108, c, sizeof c);
        UINT check = IsDlgButtonChecked(d, 103), one = IsDlgButtonChecked(d, 104), two = IsDlgButtonChecked(d, 105);
        LRESULT list = SendDlgItemMessageA(d, 106, LB_GETCURSEL, 0, 0), combo = SendDlgItemMessageA(d, 107, CB_GETCURSEL, 0, 0);
        int pos = GetScrollPos(GetDlgItem(d, 109), SB_CTL);
        printf("edit \"%s\"\nmultiline \"%s\"\ncheck %u radios %u %u\nlist %ld combo %ld\ncombo edit \"%s\"\nscroll %d\n", a, b,
               check, one, two, (long)list, (long)combo, c, pos);
        printf("ended by %s\n", LOWORD(w) == IDOK ? "OK" : "Cancel");
        EndDialog(d, LOWORD(w));
      }
      return TRUE;
  }
  return FALSE;
}

int main(void) {
  INT_PTR r = DialogBoxParamA(GetModuleHandleA(NULL), MAKEINTRESOURCEA(1), NULL, proc, 0);
  printf("DialogBoxParam %ld\ndone\n", (long)r);
  return 0;
}
