// A window with a menu bar (an item grayed, one disabled, one right-justified with MFT_RIGHTJUSTIFY)
// and its own scroll bars (WS_HSCROLL, WS_VSCROLL, set to positions and pages), whose client area
// is drawn with DrawEdge (raised, sunken, etched, bump; a flat and a soft one) and DrawFrameControl
// (check boxes, radio buttons, push buttons, scroll arrows, each in a state; not the caption
// buttons, which wine draws with the Marlett font, missing where wine's own fonts are not
// installed, as on Debian), on the class's COLOR_BTNFACE background: no text but the menu bar's. For a picture compared with
// wine 8.0's (tests/windows/screenshot_samples.sh; shot_hold.h says what it prints and "hold").
// Links: -lgdi32 -luser32
#include "shot_hold.h"

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_PAINT: {
      PAINTSTRUCT ps;
      HDC dc = BeginPaint(h, &ps);
      static const UINT edges[] = {EDGE_RAISED, EDGE_SUNKEN, EDGE_ETCHED, EDGE_BUMP, BDR_RAISEDINNER, BDR_SUNKENOUTER};
      for (int i = 0; i < 6; ++i) {
        RECT r = {10 + i * 45, 10, 10 + i * 45 + 38, 48};
        DrawEdge(dc, &r, edges[i], BF_RECT | (i == 4 ? BF_FLAT : 0) | (i == 5 ? BF_SOFT | BF_MIDDLE : 0));
      }
      static const UINT kinds[][2] = {
          {DFC_BUTTON, DFCS_BUTTONCHECK},
          {DFC_BUTTON, DFCS_BUTTONCHECK | DFCS_CHECKED},
          {DFC_BUTTON, DFCS_BUTTONCHECK | DFCS_CHECKED | DFCS_INACTIVE},
          {DFC_BUTTON, DFCS_BUTTONRADIO},
          {DFC_BUTTON, DFCS_BUTTONRADIO | DFCS_CHECKED},
          {DFC_BUTTON, DFCS_BUTTONPUSH},
          {DFC_BUTTON, DFCS_BUTTONPUSH | DFCS_PUSHED},
          {DFC_BUTTON, DFCS_BUTTONRADIO | DFCS_CHECKED | DFCS_INACTIVE},
          {DFC_BUTTON, DFCS_BUTTON3STATE | DFCS_CHECKED},
          {DFC_BUTTON, DFCS_BUTTONCHECK | DFCS_PUSHED},
          {DFC_BUTTON, DFCS_BUTTONPUSH | DFCS_FLAT},
          {DFC_SCROLL, DFCS_SCROLLUP},
          {DFC_SCROLL, DFCS_SCROLLDOWN | DFCS_PUSHED},
          {DFC_SCROLL, DFCS_SCROLLLEFT | DFCS_INACTIVE},
          {DFC_SCROLL, DFCS_SCROLLRIGHT},
      };
      for (int i = 0; i < 15; ++i) {
        RECT r = {10 + (i % 8) * 32, 60 + (i / 8) * 32, 10 + (i % 8) * 32 + 24, 60 + (i / 8) * 32 + 24};
        if (kinds[i][0] == DFC_BUTTON && (kinds[i][1] & 0xff) != DFCS_BUTTONPUSH) r.right = r.left + 13, r.bottom = r.top + 13;
        DrawFrameControl(dc, &r, kinds[i][0], kinds[i][1]);
      }
      EndPaint(h, &ps);
      return 0;
    }
    case WM_TIMER:
      if (shot_timer(h, w)) DestroyWindow(h);
      return 0;
    case WM_DESTROY: PostQuitMessage(0); return 0;
  }
  return DefWindowProcA(h, m, w, l);
}

int main(int argc, char** argv) {
  shot_start(argc, argv);
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "ShotMenu";
  wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
  wc.hCursor = LoadCursorA(NULL, (LPCSTR)IDC_ARROW);
  RegisterClassA(&wc);
  HMENU bar = CreateMenu(), file = CreatePopupMenu();
  AppendMenuA(file, MF_STRING, 1, "&Open");
  AppendMenuA(bar, MF_POPUP, (UINT_PTR)file, "&File");
  AppendMenuA(bar, MF_STRING, 2, "&Edit");
  AppendMenuA(bar, MF_STRING | MF_GRAYED, 3, "&Grayed");
  AppendMenuA(bar, MF_STRING | MF_DISABLED, 4, "&Disabled");
  AppendMenuA(bar, MF_STRING | MF_RIGHTJUSTIFY, 5, "&Help");
  RECT r = {0, 0, 300, 160};
  AdjustWindowRect(&r, WS_OVERLAPPEDWINDOW | WS_HSCROLL | WS_VSCROLL, TRUE);
  HWND h = CreateWindowA("ShotMenu", "user32 menu", WS_OVERLAPPEDWINDOW | WS_HSCROLL | WS_VSCROLL, 60, 60,
                         r.right - r.left + GetSystemMetrics(SM_CXVSCROLL), r.bottom - r.top + GetSystemMetrics(SM_CYHSCROLL),
                         NULL, bar, wc.hInstance, NULL);
  SCROLLINFO si = {sizeof si, SIF_RANGE | SIF_POS | SIF_PAGE, 0, 100, 25, 40, 0};
  SetScrollInfo(h, SB_HORZ, &si, FALSE);
  si.nPos = 0;
  si.nPage = 50;
  SetScrollInfo(h, SB_VERT, &si, FALSE);
  ShowWindow(h, SW_SHOW);
  UpdateWindow(h);
  shot_arm(h);
  MSG msg;
  while (GetMessageA(&msg, NULL, 0, 0) > 0) {
    TranslateMessage(&msg);
    DispatchMessageA(&msg);
  }
  return 0;
}
