// Input from the display: a pop-up window at (100, 100) prints the mouse and keyboard messages it
// gets (client coordinates, key flags, characters) while tests/windows/x11_driven.sh drives the X
// server with xdotool (moves, clicks, a double click, the wheel, typing with Shift), and ends at
// 'q'. Run under the same script, wine 8.0 gives the expected messages.
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_PAINT: {
      PAINTSTRUCT ps;
      HDC dc = BeginPaint(h, &ps);
      RECT r = {20, 20, 180, 80};
      FillRect(dc, &r, (HBRUSH)GetStockObject(BLACK_BRUSH));
      EndPaint(h, &ps);
      return 0;
    }
    case WM_LBUTTONDOWN: case WM_LBUTTONUP: case WM_RBUTTONDOWN: case WM_RBUTTONUP: case WM_LBUTTONDBLCLK:
      printf("mouse %04x at %d,%d keys %lx\n", m, (short)LOWORD(l), (short)HIWORD(l), (unsigned long)(w & 0xffff));
      break;
    case WM_MOUSEWHEEL: printf("wheel %d\n", (short)HIWORD(w)); break;
    case WM_KEYDOWN: case WM_KEYUP:
      printf("key %s %02lx scan %02lx%s\n", m == WM_KEYDOWN ? "down" : "up", (unsigned long)w,
             (unsigned long)((l >> 16) & 0xff), l & (1 << 24) ? " extended" : "");
      break;
    case WM_CHAR:
      printf("char %c\n", (int)w);
      if (w == 'q') DestroyWindow(h);
      break;
    case WM_DESTROY: PostQuitMessage(0); return 0;
  }
  fflush(stdout);
  return DefWindowProcA(h, m, w, l);
}

int main(void) {
  WNDCLASSA wc = {0};
  wc.style = CS_DBLCLKS;
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "x11_input";
  wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
  RegisterClassA(&wc);
  HWND h = CreateWindowA("x11_input", "x11_input", WS_POPUP | WS_VISIBLE, 100, 100, 300, 200, NULL, NULL, wc.hInstance, NULL);
  UpdateWindow(h);
  printf("ready\n");
  fflush(stdout);
  MSG msg;
  while (GetMessageA(&msg, NULL, 0, 0) > 0) {
    TranslateMessage(&msg);
    DispatchMessageA(&msg);
  }
  printf("done\n");
  return 0;
}
