// GDI32's paths on a memory DC (a 64 x 64 DIB section, white): the points and types GetPath gives
// for lines, polylines, polygons, a rectangle (both arc directions), Bézier curves and PolyDraw
// (logical units under a viewport origin); what fails outside BeginPath ... EndPath; StrokePath,
// FillPath and StrokeAndFillPath read back as pixels away from the edges; PathToRegion's box;
// SelectClipPath then a fill; PolyBezier drawn without a path; an ellipse's path filled.
// Expected output: wine 8.0's (x64).
// Links: -lgdi32 -luser32
#include <stdio.h>
#include <string.h>
#include <windows.h>

static HDC dc;
static DWORD* bits;

static void clear(void) { memset(bits, 0xff, 64 * 64 * 4); }
static void show_path(const char* what) {
  POINT pts[64];
  BYTE types[64];
  SetLastError(0);
  int n = GetPath(dc, NULL, NULL, 0);
  printf("%s: %d point(s)", what, n);
  if (n > 0 && n <= 64) {
    GetPath(dc, pts, types, n);
    for (int i = 0; i < n; i++) printf(" %d,%d/%d", (int)pts[i].x, (int)pts[i].y, types[i]);
  } else {
    printf(" error %lu", GetLastError());
  }
  printf("\n");
}
static unsigned px(int x, int y) { return bits[y * 64 + x] & 0xffffff; }

int main(void) {
  BITMAPINFO bi = {{sizeof(BITMAPINFOHEADER), 64, -64, 1, 32, BI_RGB}};
  dc = CreateCompatibleDC(NULL);
  HBITMAP bmp = CreateDIBSection(dc, &bi, DIB_RGB_COLORS, (void**)&bits, NULL, 0);
  SelectObject(dc, bmp);
  clear();

  SetLastError(0);
  BOOL ok = EndPath(dc);
  printf("EndPath without BeginPath: %d error %lu\n", ok, GetLastError());
  SetLastError(0);
  ok = CloseFigure(dc);
  printf("CloseFigure without BeginPath: %d error %lu\n", ok, GetLastError());
  show_path("no path");

  BeginPath(dc);
  MoveToEx(dc, 5, 5, NULL);
  LineTo(dc, 20, 5);
  LineTo(dc, 20, 20);
  CloseFigure(dc);
  LineTo(dc, 30, 30);
  POINT poly[3] = {{40, 40}, {50, 40}, {45, 50}};
  Polyline(dc, poly, 3);
  show_path("still open");
  Polygon(dc, poly, 3);
  POINT to[2] = {{1, 2}, {3, 4}};
  PolylineTo(dc, to, 2);
  printf("EndPath: %d\n", EndPath(dc));
  show_path("lines");
  POINT cur;
  GetCurrentPositionEx(dc, &cur);
  printf("current position %d,%d\n", (int)cur.x, (int)cur.y);
  AbortPath(dc);
  show_path("aborted");

  BeginPath(dc);
  Rectangle(dc, 10, 10, 30, 20);
  SetArcDirection(dc, AD_CLOCKWISE);
  Rectangle(dc, 30, 20, 10, 10);
  SetArcDirection(dc, AD_COUNTERCLOCKWISE);
  Rectangle(dc, 5, 5, 5, 9);  // empty: nothing
  EndPath(dc);
  show_path("rectangles");

  SetViewportOrgEx(dc, 10, 0, NULL);
  BeginPath(dc);
  MoveToEx(dc, 0, 0, NULL);
  POINT bz[3] = {{10, 0}, {20, 10}, {20, 20}};
  PolyBezierTo(dc, bz, 3);
  POINT bz2[4] = {{0, 30}, {5, 30}, {10, 35}, {10, 40}};
  PolyBezier(dc, bz2, 4);
  POINT pd[5] = {{1, 1}, {8, 1}, {8, 8}, {9, 9}, {10, 10}};
  BYTE pt[5] = {PT_MOVETO, PT_LINETO, PT_LINETO | PT_CLOSEFIGURE, PT_BEZIERTO, PT_BEZIERTO};
  printf("PolyDraw with a short curve: %d\n", PolyDraw(dc, pd, pt, 5));
  printf("PolyDraw: %d\n", PolyDraw(dc, pd, pt, 3));
  EndPath(dc);
  show_path("curves under a viewport origin");
  SetViewportOrgEx(dc, 0, 0, NULL);
  AbortPath(dc);

  // Painting.
  HBRUSH red = CreateSolidBrush(RGB(255, 0, 0));
  HPEN blue = CreatePen(PS_SOLID, 1, RGB(0, 0, 255));
  SelectObject(dc, red);
  SelectObject(dc, blue);
  BeginPath(dc);
  Rectangle(dc, 10, 10, 40, 40);
  EndPath(dc);
  ok = FillPath(dc);
  printf("FillPath: %d", ok);
  printf(" inside %06x corner %06x outside %06x\n", px(25, 25), px(10, 10), px(45, 45));
  show_path("after FillPath");
  clear();
  BeginPath(dc);
  MoveToEx(dc, 5, 30, NULL);
  LineTo(dc, 60, 30);
  EndPath(dc);
  ok = StrokePath(dc);
  printf("StrokePath: %d on the line %06x off it %06x\n", ok, px(30, 30), px(30, 33));
  clear();
  BeginPath(dc);
  Rectangle(dc, 10, 10, 40, 40);
  EndPath(dc);
  ok = StrokeAndFillPath(dc);
  printf("StrokeAndFillPath: %d inside %06x left edge %06x\n", ok, px(25, 25), px(10, 25));
  clear();
  SetLastError(0);
  ok = FillPath(dc);
  printf("FillPath without a path: %d error %lu\n", ok, GetLastError());

  BeginPath(dc);
  Rectangle(dc, 10, 20, 30, 50);
  EndPath(dc);
  HRGN rgn = PathToRegion(dc);
  RECT box;
  int kind = GetRgnBox(rgn, &box);
  printf("PathToRegion: kind %d box %d,%d-%d,%d\n", kind, (int)box.left, (int)box.top, (int)box.right, (int)box.bottom);
  DeleteObject(rgn);
  show_path("after PathToRegion");

  BeginPath(dc);
  Rectangle(dc, 20, 20, 40, 40);
  EndPath(dc);
  printf("SelectClipPath: %d\n", SelectClipPath(dc, RGN_COPY));
  RECT all = {0, 0, 64, 64};
  FillRect(dc, &all, red);
  printf("filled through the clip: inside %06x outside %06x\n", px(30, 30), px(5, 5));
  SelectClipRgn(dc, NULL);
  clear();

  POINT curve[4] = {{5, 60}, {5, 5}, {60, 5}, {60, 60}};
  ok = PolyBezier(dc, curve, 4);
  printf("PolyBezier drawn: %d start %06x end %06x middle of the box %06x\n", ok, px(5, 60), px(60, 60), px(32, 40));
  clear();
  BeginPath(dc);
  Ellipse(dc, 10, 10, 50, 50);
  EndPath(dc);
  printf("ellipse path: %d point(s)\n", GetPath(dc, NULL, NULL, 0));
  FillPath(dc);
  printf("ellipse filled: centre %06x near the box's corner %06x\n", px(30, 30), px(12, 12));

  DeleteDC(dc);
  DeleteObject(bmp);
  return 0;
}
