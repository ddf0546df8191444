// Input through window regions: a pop-up window at (100, 100) shaped as an ellipse, with a child
// shaped as an ellipse too, prints the button presses each gets while tests/windows/x11_driven.sh
// clicks with xdotool inside the pop-up's ellipse, outside it (the press goes to what lies
// below), on the child's ellipse, and in the child's rectangle outside its ellipse (the press is
// the parent's), and ends at 'q'. Run under the same script, wine 8.0 gives the expected output.
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>

static HWND top, child;

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  switch (m) {
    case WM_LBUTTONDOWN:
      printf("%s: button down at %d,%d\n", h == top ? "top" : "child", (short)LOWORD(l), (short)HIWORD(l));
      break;
    case WM_CHAR:
      printf("%s: char %c\n", h == top ? "top" : "child", (int)w);
      if (w == 'q') DestroyWindow(top);
      break;
    case WM_DESTROY:
      if (h == top) PostQuitMessage(0);
      return 0;
  }
  fflush(stdout);
  return DefWindowProcA(h, m, w, l);
}

int main(void) {
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "x11_region";
  wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
  RegisterClassA(&wc);
  top = CreateWindowA("x11_region", "x11_region", WS_POPUP, 100, 100, 300, 200, NULL, NULL, wc.hInstance, NULL);
  child = CreateWindowA("x11_region", "child", WS_CHILD | WS_VISIBLE, 150, 60, 100, 80, top, NULL, wc.hInstance, NULL);
  SetWindowRgn(top, CreateEllipticRgn(0, 0, 300, 200), FALSE);
  SetWindowRgn(child, CreateEllipticRgn(0, 0, 100, 80), FALSE);
  ShowWindow(top, SW_SHOW);
  UpdateWindow(top);
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
