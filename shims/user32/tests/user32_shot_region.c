// A pop-up window shaped by a window region (SetWindowRgn before it is shown): an ellipse joined
// with a rectangle along its bottom, less a round hole, painted in two colours with a band across
// the whole client area. Outside the region nothing of the window shows (the X server's black
// root where the display shapes the window; the headless picture's pixels there are never
// drawn). No text. For a picture compared with wine 8.0's (tests/windows/screenshot_samples.sh;
// shot_hold.h says what it prints and "hold").
// Links: -lgdi32 -luser32
#include "shot_hold.h"

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_PAINT: {
      PAINTSTRUCT ps;
      HDC dc = BeginPaint(h, &ps);
      RECT all;
      GetClientRect(h, &all);
      HBRUSH blue = CreateSolidBrush(RGB(40, 80, 200)), yellow = CreateSolidBrush(RGB(240, 200, 40));
      FillRect(dc, &all, blue);
      for (int i = 0; i < 8; ++i) {
        RECT band = {i * 30, 50 + i * 8, i * 30 + 30, 90 + i * 8};
        FillRect(dc, &band, yellow);
      }
      DeleteObject(blue);
      DeleteObject(yellow);
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
  wc.lpszClassName = "ShotRegion";
  wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
  wc.hCursor = LoadCursorA(NULL, (LPCSTR)IDC_ARROW);
  RegisterClassA(&wc);
  HWND h = CreateWindowA("ShotRegion", "user32 region", WS_POPUP, 60, 60, 240, 160, NULL, NULL, wc.hInstance, NULL);
  HRGN shape = CreateEllipticRgn(0, 0, 240, 140), bottom = CreateRectRgn(40, 100, 200, 160),
       hole = CreateEllipticRgn(100, 40, 140, 80);
  CombineRgn(shape, shape, bottom, RGN_OR);
  CombineRgn(shape, shape, hole, RGN_DIFF);
  DeleteObject(bottom);
  DeleteObject(hole);
  SetWindowRgn(h, shape, FALSE);
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
