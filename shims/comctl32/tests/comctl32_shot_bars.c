// COMCTL32's bars in a fixed state, for a picture compared with wine 8.0's
// (tests/windows/screenshot_samples.sh; user32's tests/shot_hold.h says what it prints and "hold"):
// progress bars at 50 % (and a smooth one at 75 %, a vertical one at 30 %), a horizontal trackbar
// with ticks at 30 of 0..100 and a selection range (TBS_ENABLESELRANGE), a vertical trackbar with
// ticks on both sides, an up-down control attached to an edit (UDS_SETBUDDYINT | UDS_ALIGNRIGHT)
// showing 42, a horizontal one on its own, and a status bar of three parts with text (one drawn
// without a border, one raised) and a size grip. The focus is on the main window.
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

int main(int argc, char** argv) {
  shot_start(argc, argv);
  INITCOMMONCONTROLSEX icc = {sizeof icc, ICC_BAR_CLASSES | ICC_PROGRESS_CLASS | ICC_UPDOWN_CLASS};
  InitCommonControlsEx(&icc);
  HINSTANCE inst = GetModuleHandleA(NULL);
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = inst;
  wc.lpszClassName = "ShotBars";
  wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
  wc.hCursor = LoadCursorA(NULL, (LPCSTR)IDC_ARROW);
  RegisterClassA(&wc);
  RECT r = {0, 0, 360, 220};
  AdjustWindowRect(&r, WS_OVERLAPPEDWINDOW, FALSE);
  HWND main = CreateWindowA("ShotBars", "comctl32 bars", WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN, 60, 60,
                            r.right - r.left, r.bottom - r.top, NULL, NULL, inst, NULL);
  HWND p1 = CreateWindowExA(0, PROGRESS_CLASSA, "", WS_CHILD | WS_VISIBLE, 10, 10, 200, 18, main, (HMENU)1, inst, NULL);
  SM(p1, PBM_SETRANGE32, 0, 100);
  SM(p1, PBM_SETPOS, 50, 0);
  HWND p2 = CreateWindowExA(0, PROGRESS_CLASSA, "", WS_CHILD | WS_VISIBLE | PBS_SMOOTH, 10, 36, 200, 14, main, (HMENU)2,
                            inst, NULL);
  SM(p2, PBM_SETPOS, 75, 0);
  HWND p3 = CreateWindowExA(0, PROGRESS_CLASSA, "", WS_CHILD | WS_VISIBLE | PBS_VERTICAL, 225, 10, 16, 100, main,
                            (HMENU)3, inst, NULL);
  SM(p3, PBM_SETPOS, 30, 0);
  HWND t1 = CreateWindowExA(0, TRACKBAR_CLASSA, "", WS_CHILD | WS_VISIBLE | TBS_AUTOTICKS | TBS_ENABLESELRANGE, 10, 60,
                            200, 32, main, (HMENU)4, inst, NULL);
  SM(t1, TBM_SETRANGE, FALSE, MAKELONG(0, 100));
  SM(t1, TBM_SETTICFREQ, 10, 0);
  SM(t1, TBM_SETSEL, FALSE, MAKELONG(20, 60));
  SM(t1, TBM_SETPOS, TRUE, 30);
  HWND t2 = CreateWindowExA(0, TRACKBAR_CLASSA, "", WS_CHILD | WS_VISIBLE | TBS_VERT | TBS_BOTH | TBS_AUTOTICKS, 255,
                            10, 40, 150, main, (HMENU)5, inst, NULL);
  SM(t2, TBM_SETRANGE, FALSE, MAKELONG(0, 10));
  SM(t2, TBM_SETPOS, TRUE, 7);
  HWND e = CreateWindowExA(WS_EX_CLIENTEDGE, "EDIT", "", WS_CHILD | WS_VISIBLE | ES_NUMBER, 10, 104, 80, 22, main,
                           (HMENU)6, inst, NULL);
  HWND u1 = CreateWindowExA(0, UPDOWN_CLASSA, "", WS_CHILD | WS_VISIBLE | UDS_SETBUDDYINT | UDS_ALIGNRIGHT, 0, 0, 0, 0,
                            main, (HMENU)7, inst, NULL);
  SM(u1, UDM_SETBUDDY, e, 0);
  SM(u1, UDM_SETRANGE32, 0, 100);
  SM(u1, UDM_SETPOS32, 0, 42);
  CreateWindowExA(0, UPDOWN_CLASSA, "", WS_CHILD | WS_VISIBLE | UDS_HORZ, 110, 104, 36, 20, main, (HMENU)8, inst, NULL);
  HWND s = CreateWindowExA(0, STATUSCLASSNAMEA, "", WS_CHILD | WS_VISIBLE | SBARS_SIZEGRIP, 0, 0, 0, 0, main, (HMENU)9,
                           inst, NULL);
  int parts[3] = {120, 240, -1};
  SM(s, SB_SETPARTS, 3, parts);
  SM(s, SB_SETTEXTA, 0, "Ready");
  SM(s, SB_SETTEXTA, 1 | SBT_NOBORDERS, "No border");
  SM(s, SB_SETTEXTA, 2 | SBT_POPOUT, "Raised");
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
