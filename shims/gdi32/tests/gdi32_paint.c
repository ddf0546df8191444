// A window that paints a filled ellipse, a wide line, TrueType text (TextOut in a bold font) and
// word-wrapped DrawText, then closes on a timer; it prints what BeginPaint gave and two pixels
// read back from the window's DC (font-independent places). The same program under wine 8.0 on
// an Xvfb gives the expected output; polyrun --screenshot DIR keeps its picture (docs/images/).
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>
static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_PAINT: {
      PAINTSTRUCT ps; HDC dc = BeginPaint(h, &ps);
      RECT r; GetClientRect(h, &r);
      HBRUSH b = CreateSolidBrush(RGB(250, 240, 200)); FillRect(dc, &r, b); DeleteObject(b);
      SelectObject(dc, GetStockObject(DC_BRUSH)); SetDCBrushColor(dc, RGB(30, 120, 200));
      Ellipse(dc, 20, 20, 120, 90);
      HPEN pen = CreatePen(PS_SOLID, 3, RGB(200, 0, 0)); SelectObject(dc, pen);
      MoveToEx(dc, 10, 110, NULL); LineTo(dc, 280, 30);
      SetBkMode(dc, TRANSPARENT);
      HFONT f = CreateFontW(-16, 0, 0, 0, FW_BOLD, 0, 0, 0, 0, 0, 0, 0, 0, L"Tahoma");
      SelectObject(dc, f);
      TextOutW(dc, 130, 40, L"Hello, polyrun!", 15);
      SelectObject(dc, GetStockObject(DEFAULT_GUI_FONT));
      RECT tr = {10, 120, 290, 170};
      DrawTextW(dc, L"DrawText centred in a rectangle, word-wrapped over two lines if it must.", -1, &tr, DT_CENTER | DT_WORDBREAK);
      EndPaint(h, &ps);
      DeleteObject(pen); DeleteObject(f);
      printf("painted %ld,%ld-%ld,%ld erase %d\n", ps.rcPaint.left, ps.rcPaint.top, ps.rcPaint.right, ps.rcPaint.bottom, ps.fErase);
      return 0;
    }
    case WM_TIMER: DestroyWindow(h); return 0;
    case WM_DESTROY: PostQuitMessage(0); return 0;
  }
  return DefWindowProcW(h, m, w, l);
}
int main(void) {
  WNDCLASSW wc = {0}; wc.lpfnWndProc = proc; wc.hInstance = GetModuleHandleW(NULL); wc.lpszClassName = L"paint";
  wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1); wc.hCursor = LoadCursor(NULL, IDC_ARROW);
  RegisterClassW(&wc);
  HWND h = CreateWindowW(L"paint", L"polyrun paints", WS_OVERLAPPEDWINDOW, 100, 100, 320, 240, NULL, NULL, wc.hInstance, NULL);
  ShowWindow(h, SW_SHOW); UpdateWindow(h);
  HDC dc = GetDC(h); COLORREF c = GetPixel(dc, 70, 55), c2 = GetPixel(dc, 5, 5); ReleaseDC(h, dc);
  printf("pixels %06lx %06lx\n", (unsigned long)c, (unsigned long)c2);
  SetTimer(h, 1, 100, NULL);
  MSG msg; while (GetMessageW(&msg, NULL, 0, 0) > 0) { TranslateMessage(&msg); DispatchMessageW(&msg); }
  return 0;
}
