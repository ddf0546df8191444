/* A GUI program's start-up to its first painted frame: a window is made and shown, its WM_PAINT
   fills it and draws a line of text, and the program ends as soon as that frame is painted
   (bench/gui.sh times the whole run). */
#include <windows.h>

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (m == WM_PAINT) {
    PAINTSTRUCT ps;
    HDC dc = BeginPaint(h, &ps);
    RECT r;
    GetClientRect(h, &r);
    FillRect(dc, &r, (HBRUSH)(COLOR_WINDOW + 1));
    TextOutA(dc, 10, 10, "first frame", 11);
    EndPaint(h, &ps);
    GdiFlush();
    PostQuitMessage(0);
    return 0;
  }
  return DefWindowProcA(h, m, w, l);
}

int main(void) {
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "first_frame";
  RegisterClassA(&wc);
  HWND h = CreateWindowA("first_frame", "first frame", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 50, 50, 400, 300, NULL, NULL,
                         wc.hInstance, NULL);
  MSG msg;
  while (GetMessageA(&msg, NULL, 0, 0) > 0) DispatchMessageA(&msg);
  DestroyWindow(h);
  return 0;
}
