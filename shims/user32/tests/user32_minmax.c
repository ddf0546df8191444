// ShowWindow and WM_SYSCOMMAND maximizing, minimizing and restoring an overlapped window: its
// rectangles, IsZoomed/IsIconic, the placement, the style, WM_SIZE and WM_GETMINMAXINFO as the
// window gets them (a 1024 x 768 screen); a maximized window moved and then restored.
#include <windows.h>
#include <stdio.h>
static HWND g;
static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM w, LPARAM l) {
  if (h == g && m == WM_SIZE) printf("  WM_SIZE %d %d x %d\n", (int)w, LOWORD(l), HIWORD(l));
  if (h == g && m == WM_GETMINMAXINFO) { MINMAXINFO* mm = (MINMAXINFO*)l; printf("  WM_GETMINMAXINFO max %ld,%ld pos %ld,%ld\n", mm->ptMaxSize.x, mm->ptMaxSize.y, mm->ptMaxPosition.x, mm->ptMaxPosition.y); }
  return DefWindowProcA(h, m, w, l);
}
static void show(const char* what) {
  RECT r, c; GetWindowRect(g, &r); GetClientRect(g, &c);
  WINDOWPLACEMENT wp = {sizeof wp}; GetWindowPlacement(g, &wp);
  printf("%s: window %ld,%ld,%ld,%ld client %ldx%ld zoomed %d iconic %d visible %d placement show %u normal %ld,%ld,%ld,%ld style %08lx\n", what, r.left, r.top, r.right, r.bottom, c.right, c.bottom,
         IsZoomed(g), IsIconic(g), IsWindowVisible(g), wp.showCmd, wp.rcNormalPosition.left, wp.rcNormalPosition.top, wp.rcNormalPosition.right, wp.rcNormalPosition.bottom, (unsigned long)GetWindowLongA(g, GWL_STYLE) & 0xffff0000);
}
int main(void) {
  WNDCLASSA wc = {0}; wc.lpfnWndProc = proc; wc.lpszClassName = "M"; wc.hbrBackground = (HBRUSH)(COLOR_WINDOW+1); RegisterClassA(&wc);
  g = CreateWindowExA(0, "M", "max", WS_OVERLAPPEDWINDOW, 100, 80, 300, 200, 0, 0, 0, 0);
  ShowWindow(g, SW_SHOW); show("shown");
  printf("SW_MAXIMIZE %d\n", ShowWindow(g, SW_MAXIMIZE)); show("maximized");
  printf("SW_RESTORE %d\n", ShowWindow(g, SW_RESTORE)); show("restored");
  printf("SW_MINIMIZE %d\n", ShowWindow(g, SW_MINIMIZE)); show("minimized");
  printf("SW_RESTORE %d\n", ShowWindow(g, SW_RESTORE)); show("restored");
  printf("SC_MAXIMIZE\n"); SendMessageA(g, WM_SYSCOMMAND, SC_MAXIMIZE, 0); show("after SC_MAXIMIZE");
  printf("SC_RESTORE\n"); SendMessageA(g, WM_SYSCOMMAND, SC_RESTORE, 0); show("after SC_RESTORE");
  printf("SW_SHOWMAXIMIZED %d\n", ShowWindow(g, SW_SHOWMAXIMIZED)); show("maximized");
  SetWindowPos(g, 0, 10, 10, 200, 150, SWP_NOZORDER); show("moved while maximized");
  printf("SW_SHOWNORMAL %d\n", ShowWindow(g, SW_SHOWNORMAL)); show("normal");
  DestroyWindow(g);
  return 0;
}
