// Window regions: SetWindowRgn, GetWindowRgn and GetWindowRgnBox on an overlapped window and a
// child — the region's kind and box as the window keeps it, the handle given away (deleted),
// the messages setting one sends (with and without bRedraw, shown and hidden), WindowFromPoint
// inside and outside an elliptic region, what a window DC's painting reaches (GetClipBox,
// PtVisible, GetPixel after FillRect), the update region, and the failures.
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>

static HWND top, child;
static int logging, paint_report;

static const char *who(HWND h) { return h == top ? "top" : h == child ? "child" : "other"; }

static LRESULT CALLBACK proc(HWND h, UINT m, WPARAM wp, LPARAM lp) {
  if (logging) {
    switch (m) {
      case WM_WINDOWPOSCHANGING: printf("  %s WM_WINDOWPOSCHANGING flags %#x\n", who(h), ((WINDOWPOS *)lp)->flags); break;
      case WM_WINDOWPOSCHANGED: printf("  %s WM_WINDOWPOSCHANGED flags %#x\n", who(h), ((WINDOWPOS *)lp)->flags); break;
      case WM_NCCALCSIZE: printf("  %s WM_NCCALCSIZE %d\n", who(h), (int)wp); break;
      case WM_NCPAINT: printf("  %s WM_NCPAINT\n", who(h)); break;
      case WM_ERASEBKGND: printf("  %s WM_ERASEBKGND\n", who(h)); break;
      case WM_PAINT: printf("  %s WM_PAINT\n", who(h)); break;
      case WM_MOVE: printf("  %s WM_MOVE\n", who(h)); break;
      case WM_SIZE: printf("  %s WM_SIZE\n", who(h)); break;
    }
  }
  if (m == WM_PAINT && paint_report) {
    PAINTSTRUCT ps;
    BeginPaint(h, &ps);
    printf("  %s BeginPaint: rcPaint %ld,%ld,%ld,%ld, fErase %d\n", who(h), ps.rcPaint.left, ps.rcPaint.top,
           ps.rcPaint.right, ps.rcPaint.bottom, ps.fErase);
    EndPaint(h, &ps);
    return 0;
  }
  return DefWindowProcA(h, m, wp, lp);
}

static void pump(void) {
  MSG msg;
  while (PeekMessageA(&msg, 0, 0, 0, PM_REMOVE)) DispatchMessageA(&msg);
}

static void show_region(const char *what, HWND h) {
  HRGN r = CreateRectRgn(7, 7, 8, 8);
  int kind = GetWindowRgn(h, r);
  RECT b;
  GetRgnBox(r, &b);
  printf("%s: GetWindowRgn %d, box %ld,%ld,%ld,%ld\n", what, kind, b.left, b.top, b.right, b.bottom);
  RECT box = {-1, -1, -1, -1};
  kind = GetWindowRgnBox(h, &box);
  printf("%s: GetWindowRgnBox %d, %ld,%ld,%ld,%ld\n", what, kind, box.left, box.top, box.right, box.bottom);
  DeleteObject(r);
}

static int set_region(const char *what, HWND h, HRGN r, BOOL redraw) {
  printf("SetWindowRgn %s %s%s:\n", who(h), what, redraw ? "" : " (no redraw)");
  logging = 1;
  int ret = SetWindowRgn(h, r, redraw);
  logging = 0;
  printf("  -> %d", ret);
  if (r) printf(", the region handle %s", GetObjectType(r) ? "still valid" : "deleted");
  RECT u;
  printf(", GetUpdateRect %d\n", GetUpdateRect(h, &u, FALSE));
  logging = 1;
  pump();
  logging = 0;
  return ret;
}

static const char *at(POINT pt) {
  HWND h = WindowFromPoint(pt);
  return h == top ? "top" : h == child ? "child" : "other";
}

int main(void) {
  WNDCLASSA wc = {0};
  wc.lpfnWndProc = proc;
  wc.hInstance = GetModuleHandleA(NULL);
  wc.lpszClassName = "region";
  wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
  RegisterClassA(&wc);
  top = CreateWindowExA(0, "region", "region", WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN, 100, 100, 200, 150, 0, 0, 0, 0);
  child = CreateWindowExA(0, "region", "child", WS_CHILD | WS_VISIBLE | WS_BORDER, 20, 10, 100, 60, top, 0, 0, 0);
  ShowWindow(top, SW_SHOW);
  UpdateWindow(top);
  pump();

  show_region("none", top);

  // An ellipse inside the frame: it becomes the window's shape.
  HRGN e = CreateEllipticRgn(10, 20, 190, 140);
  set_region("ellipse", top, e, TRUE);
  show_region("ellipse", top);
  HRGN same = CreateEllipticRgn(10, 20, 190, 140), got = CreateRectRgn(0, 0, 0, 0);
  GetWindowRgn(top, got);
  printf("the window's region less the ellipse: %d\n", CombineRgn(got, got, same, RGN_XOR));
  POINT pts[] = {{200, 180}, {250, 180}, {285, 230}, {115, 230}, {111, 180}, {109, 180},
                  {288, 180}, {289, 180}, {200, 121}, {200, 119}};
  for (int i = 0; i < (int)(sizeof pts / sizeof *pts); ++i)
    printf("WindowFromPoint %ld,%ld (window %ld,%ld): %s\n", pts[i].x, pts[i].y, pts[i].x - 100, pts[i].y - 100, at(pts[i]));

  // Painting reaches the inside of the region only.
  HDC dc = GetWindowDC(top);
  RECT cb, all = {0, 0, 200, 150};
  int kind = GetClipBox(dc, &cb);
  printf("window DC: GetClipBox %d, %ld,%ld,%ld,%ld\n", kind, cb.left, cb.top, cb.right, cb.bottom);
  HBRUSH red = CreateSolidBrush(RGB(255, 0, 0)), blue = CreateSolidBrush(RGB(0, 0, 255));
  FillRect(dc, &all, red);
  static const POINT probes[] = {{100, 80}, {5, 5}, {100, 20}, {100, 19}, {11, 80}, {9, 80}, {188, 80}, {189, 80}};
  for (int i = 0; i < (int)(sizeof probes / sizeof *probes); ++i)
    printf("  %ld,%ld: PtVisible %d, %s\n", probes[i].x, probes[i].y, PtVisible(dc, probes[i].x, probes[i].y),
           GetPixel(dc, probes[i].x, probes[i].y) == RGB(255, 0, 0) ? "painted" : "not painted");
  ReleaseDC(top, dc);
  dc = GetDC(top);
  kind = GetClipBox(dc, &cb);
  printf("client DC: GetClipBox %d, %ld,%ld,%ld,%ld\n", kind, cb.left, cb.top, cb.right, cb.bottom);
  ReleaseDC(top, dc);

  // The update region is the client area's, whatever the region.
  InvalidateRect(top, NULL, TRUE);
  RECT u;
  kind = GetUpdateRect(top, &u, FALSE);
  printf("InvalidateRect: GetUpdateRect %d, %ld,%ld,%ld,%ld\n", kind, u.left, u.top, u.right, u.bottom);
  logging = 1;
  UpdateWindow(top);
  logging = 0;
  pump();

  // BeginPaint paints what of the update region lies inside the region: nothing (and no
  // background erased) for a corner outside it.
  paint_report = 1;
  printf("RedrawWindow of the frame and the client area:\n");
  logging = 1;
  RedrawWindow(top, NULL, NULL, RDW_INVALIDATE | RDW_FRAME | RDW_ERASE | RDW_UPDATENOW | RDW_ALLCHILDREN);
  logging = 0;
  pump();
  RECT corner = {0, 0, 5, 5};
  InvalidateRect(top, &corner, TRUE);
  kind = GetUpdateRect(top, &u, FALSE);
  printf("InvalidateRect of a corner outside: GetUpdateRect %d, %ld,%ld,%ld,%ld\n", kind, u.left, u.top, u.right, u.bottom);
  logging = 1;
  UpdateWindow(top);
  logging = 0;
  InvalidateRect(top, &corner, TRUE);
  printf("DefWindowProc's painting of it:\n");
  paint_report = 0;
  logging = 1;
  UpdateWindow(top);
  logging = 0;

  // A larger rectangle without redrawing, an empty region, none.
  set_region("rectangle 0,0,300,300", top, CreateRectRgn(0, 0, 300, 300), FALSE);
  show_region("rectangle", top);
  set_region("empty", top, CreateRectRgn(0, 0, 0, 0), FALSE);
  show_region("empty", top);
  printf("WindowFromPoint in the empty region: %s\n", at(pts[0]));
  set_region("NULL", top, NULL, TRUE);
  show_region("NULL", top);
  printf("WindowFromPoint without a region: %s, %s\n", at(pts[2]), at(pts[3]));

  // Growing a rectangle exposes what was outside it.
  set_region("rectangle 0,0,100,100", top, CreateRectRgn(0, 0, 100, 100), TRUE);
  set_region("rectangle 0,0,150,120", top, CreateRectRgn(0, 0, 150, 120), TRUE);
  set_region("NULL", top, NULL, TRUE);

  // A child's region clips it within its parent: the parent shows around the ellipse.
  set_region("ellipse", child, CreateEllipticRgn(0, 0, 100, 60), TRUE);
  show_region("child ellipse", child);
  POINT in = {50, 30}, out = {22, 12};  // the parent's client coordinates
  printf("ChildWindowFromPoint inside %s, outside %s\n", who(ChildWindowFromPoint(top, in)), who(ChildWindowFromPoint(top, out)));
  POINT s_in = in, s_out = out;
  ClientToScreen(top, &s_in);
  ClientToScreen(top, &s_out);
  printf("WindowFromPoint inside %s, outside %s\n", at(s_in), at(s_out));
  dc = GetDC(top);
  FillRect(dc, &all, red);
  printf("the parent's painting: under the ellipse %s, beside it %s\n",
         GetPixel(dc, in.x, in.y) == RGB(255, 0, 0) ? "painted" : "not painted",
         GetPixel(dc, out.x, out.y) == RGB(255, 0, 0) ? "painted" : "not painted");
  ReleaseDC(top, dc);
  dc = GetWindowDC(child);
  FillRect(dc, &all, blue);
  printf("the child's painting: inside %s, outside %s\n", GetPixel(dc, 30, 20) == RGB(0, 0, 255) ? "painted" : "not painted",
         GetPixel(dc, 2, 2) == RGB(0, 0, 255) ? "painted" : "not painted");
  kind = GetClipBox(dc, &cb);
  printf("the child's window DC: GetClipBox %d, %ld,%ld,%ld,%ld\n", kind, cb.left, cb.top, cb.right, cb.bottom);
  ReleaseDC(child, dc);

  // A hidden window: nothing to redraw.
  ShowWindow(top, SW_HIDE);
  pump();
  set_region("ellipse", top, CreateEllipticRgn(10, 20, 190, 140), TRUE);
  set_region("NULL", top, NULL, FALSE);

  // Failures.
  HRGN r = CreateRectRgn(0, 0, 5, 5);
  printf("SetWindowRgn of no window: %d, the region %s\n", SetWindowRgn((HWND)0x1234, r, TRUE),
         GetObjectType(r) ? "still valid" : "deleted");
  printf("SetWindowRgn of no window, NULL: %d\n", SetWindowRgn((HWND)0x1234, NULL, TRUE));
  printf("GetWindowRgn of no window: %d\n", GetWindowRgn((HWND)0x1234, r));
  RECT box;
  printf("GetWindowRgnBox of no window: %d\n", GetWindowRgnBox((HWND)0x1234, &box));
  SetWindowRgn(top, CreateRectRgn(0, 0, 50, 50), FALSE);
  printf("SetWindowRgn of no region: %d\n", SetWindowRgn(top, (HRGN)0x1234, FALSE));
  show_region("after", top);
  printf("GetWindowRgn into no region: %d\n", GetWindowRgn(top, (HRGN)0x1234));
  printf("GetWindowRgnBox into nothing: %d\n", GetWindowRgnBox(top, NULL));
  DeleteObject(r);
  DestroyWindow(top);
  printf("done\n");
  return 0;
}
