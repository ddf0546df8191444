// GDI32's WidenPath on a memory DC: a line, a corner and a rectangle widened by pens of CreatePen
// and ExtCreatePen (round, flat and square caps; round and miter joins), each shown through the
// region PathToRegion makes of it (which points it holds, well inside or outside the outline) and
// how many figures the widened path has; a cosmetic pen, a pen of CreatePen one pixel wide and a
// DC with no path fail. Expected output: wine 8.0's (x64) but where wine-differences.txt says.
// Links: -lgdi32
#include <stdio.h>
#include <windows.h>

static int figures(HDC dc) {
  int n = GetPath(dc, NULL, NULL, 0);
  if (n <= 0) return n;
  POINT pts[4096];
  BYTE types[4096];
  if (n > 4096) return -2;
  GetPath(dc, pts, types, n);
  int figures = 0;
  for (int i = 0; i < n; i++)
    if ((types[i] & ~PT_CLOSEFIGURE) == PT_MOVETO) figures++;
  return figures;
}

static void show(HDC dc, const char* what, const POINT* in, int n_in, const POINT* out, int n_out) {
  SetLastError(0xdeadbeef);
  BOOL ok = WidenPath(dc);
  printf("%s: WidenPath %d", what, ok);
  if (!ok) {
    printf(", error %lu\n", GetLastError());
    AbortPath(dc);
    return;
  }
  printf(", %d figures;", figures(dc));
  HRGN rgn = PathToRegion(dc);
  printf(" inside:");
  for (int i = 0; i < n_in; i++) printf(" %d", PtInRegion(rgn, in[i].x, in[i].y));
  printf("; outside:");
  for (int i = 0; i < n_out; i++) printf(" %d", PtInRegion(rgn, out[i].x, out[i].y));
  printf("\n");
  DeleteObject(rgn);
}

// A corner: right from (20,20) to (70,20), then down to (70,70).
static void corner_path(HDC dc) {
  BeginPath(dc);
  MoveToEx(dc, 20, 20, NULL);
  LineTo(dc, 70, 20);
  LineTo(dc, 70, 70);
  EndPath(dc);
}

int main(void) {
  HDC dc = CreateCompatibleDC(NULL);
  HBITMAP bmp = CreateCompatibleBitmap(dc, 100, 100);
  SelectObject(dc, bmp);

  // A line, 10 wide, round caps (CreatePen's).
  HPEN pen = CreatePen(PS_SOLID, 10, RGB(0, 0, 0));
  HGDIOBJ old = SelectObject(dc, pen);
  BeginPath(dc);
  MoveToEx(dc, 20, 50, NULL);
  LineTo(dc, 80, 50);
  EndPath(dc);
  const POINT line_in[] = {{50, 47}, {50, 53}, {17, 50}, {83, 50}, {21, 46}};
  const POINT line_out[] = {{50, 42}, {50, 58}, {13, 50}, {87, 50}, {16, 45}};
  show(dc, "a line, CreatePen 10", line_in, 5, line_out, 5);

  // A corner, flat caps and a mitred join.
  LOGBRUSH lb = {BS_SOLID, RGB(0, 0, 0), 0};
  HPEN miter = ExtCreatePen(PS_GEOMETRIC | PS_ENDCAP_FLAT | PS_JOIN_MITER, 10, &lb, 0, NULL);
  SelectObject(dc, miter);
  corner_path(dc);
  const POINT corner_in[] = {{22, 20}, {50, 17}, {50, 23}, {73, 17}, {74, 16}, {70, 68}, {67, 50}};
  const POINT corner_out[] = {{17, 20}, {70, 73}, {40, 40}, {50, 27}, {78, 50}};
  show(dc, "a corner, flat caps, mitred", corner_in, 7, corner_out, 5);

  // The same corner with square caps and a round join.
  HPEN square = ExtCreatePen(PS_GEOMETRIC | PS_ENDCAP_SQUARE | PS_JOIN_ROUND, 10, &lb, 0, NULL);
  SelectObject(dc, square);
  corner_path(dc);
  const POINT square_in[] = {{17, 20}, {70, 73}, {16, 16}, {73, 17}};
  const POINT square_out[] = {{13, 20}, {70, 78}, {40, 40}, {75, 15}};
  show(dc, "a corner, square caps, round join", square_in, 4, square_out, 4);

  // A closed rectangle, 6 wide: a frame with its inside left out.
  HPEN six = CreatePen(PS_SOLID, 6, RGB(0, 0, 0));
  SelectObject(dc, six);
  BeginPath(dc);
  Rectangle(dc, 20, 20, 80, 80);
  EndPath(dc);
  const POINT frame_in[] = {{20, 50}, {50, 20}, {78, 50}, {50, 78}, {18, 50}};
  const POINT frame_out[] = {{50, 50}, {25, 50}, {50, 25}, {15, 50}, {50, 84}};
  show(dc, "a rectangle, CreatePen 6", frame_in, 5, frame_out, 5);

  // A cosmetic pen of ExtCreatePen cannot be widened; nor can a DC with no path.
  HPEN cosmetic = ExtCreatePen(PS_COSMETIC | PS_SOLID, 1, &lb, 0, NULL);
  SelectObject(dc, cosmetic);
  BeginPath(dc);
  MoveToEx(dc, 20, 50, NULL);
  LineTo(dc, 80, 50);
  EndPath(dc);
  show(dc, "a cosmetic pen", NULL, 0, NULL, 0);
  HPEN thin = CreatePen(PS_SOLID, 1, RGB(0, 0, 0));
  SelectObject(dc, thin);
  BeginPath(dc);
  MoveToEx(dc, 20, 50, NULL);
  LineTo(dc, 80, 50);
  EndPath(dc);
  show(dc, "CreatePen 1", NULL, 0, NULL, 0);
  show(dc, "no path", NULL, 0, NULL, 0);
  BeginPath(dc);
  MoveToEx(dc, 20, 50, NULL);
  LineTo(dc, 80, 50);
  show(dc, "a path still open", NULL, 0, NULL, 0);

  SelectObject(dc, old);
  DeleteObject(pen);
  DeleteObject(miter);
  DeleteObject(square);
  DeleteObject(six);
  DeleteObject(cosmetic);
  DeleteObject(thin);
  DeleteDC(dc);
  DeleteObject(bmp);
  return 0;
}
