// DefWindowProc's WM_NCHITTEST over the frame and caption of an overlapped window, a window with
// a minimize box only, one with a close box only, and the first maximized: the sizing edges and
// corners, the border, the system menu, the caption and its buttons (wine 8.0 answers the same
// whatever draws the frame).
#include <windows.h>
#include <stdio.h>
static void probe(HWND h, const char* name) {
  RECT r; GetWindowRect(h, &r);
  printf("%s: window %ld,%ld,%ld,%ld\n", name, r.left, r.top, r.right, r.bottom);
  int xs[] = {r.left, r.left + 2, r.left + 5, r.left + 10, r.left + 20, (r.left + r.right) / 2, r.right - 60, r.right - 45, r.right - 40, r.right - 30, r.right - 22, r.right - 12, r.right - 5, r.right - 1};
  int ys[] = {r.top, r.top + 2, r.top + 5, r.top + 10, r.top + 15, r.top + 20, r.top + 25, (r.top + r.bottom) / 2, r.bottom - 20, r.bottom - 10, r.bottom - 1};
  for (int j = 0; j < (int)(sizeof ys / sizeof *ys); ++j) {
    printf("  y %4d:", ys[j] - r.top);
    for (int i = 0; i < (int)(sizeof xs / sizeof *xs); ++i)
      printf(" %2d", (int)DefWindowProcA(h, WM_NCHITTEST, 0, MAKELPARAM(xs[i], ys[j])));
    printf("\n");
  }
}
int main(void) {
  WNDCLASSA wc = {0}; wc.lpfnWndProc = DefWindowProcA; wc.lpszClassName = "H"; wc.hbrBackground = (HBRUSH)(COLOR_WINDOW+1); RegisterClassA(&wc);
  HWND a = CreateWindowExA(0, "H", "a", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 100, 80, 300, 200, 0, 0, 0, 0);
  probe(a, "overlapped");
  HWND b = CreateWindowExA(0, "H", "b", WS_CAPTION | WS_SYSMENU | WS_MINIMIZEBOX | WS_VISIBLE, 100, 300, 300, 150, 0, 0, 0, 0);
  probe(b, "minimize box only");
  HWND c = CreateWindowExA(0, "H", "c", WS_CAPTION | WS_SYSMENU | WS_VISIBLE, 450, 300, 300, 150, 0, 0, 0, 0);
  probe(c, "close only");
  ShowWindow(a, SW_MAXIMIZE);
  probe(a, "maximized");
  return 0;
}
