/* Probe for GDI32's shape rasterizer: draws every call of gdi_rasterizer_cases.h into a 40x40 32bpp
 * DIB section and prints its pixels as text ('.' white, '#' the black pen, 'o' the gray brush, '-' the
 * red background colour of a styled pen's gaps, '?' anything else). Run under wine 8.0, its output is
 * tests/unit/gdi_rasterizer_probe.txt, which gdi_rasterizer_test.cpp compares polyrun's rasterizer with:
 *   x86_64-w64-mingw32-gcc -O1 -o /tmp/raster-probe.exe tests/unit/gdi_rasterizer_probe.c -lgdi32
 *   wine64 /tmp/raster-probe.exe </dev/null | tr -d '\r' > tests/unit/gdi_rasterizer_probe.txt */
#include <stdio.h>
#include <windows.h>

#include "gdi_rasterizer_cases.h"

static char pixel_char(DWORD p) {
  switch (p & 0xffffff) {
    case 0xffffff: return '.';
    case 0x000000: return '#';
    case 0x808080: return 'o';
    case 0xff0000: return '-';
    default: return '?';
  }
}

int main(void) {
  HDC dc = CreateCompatibleDC(0);
  BITMAPINFO bi;
  DWORD *bits = NULL;
  size_t i;
  memset(&bi, 0, sizeof(bi));
  bi.bmiHeader.biSize = sizeof(bi.bmiHeader);
  bi.bmiHeader.biWidth = RC_SIZE;
  bi.bmiHeader.biHeight = -RC_SIZE; /* top-down */
  bi.bmiHeader.biPlanes = 1;
  bi.bmiHeader.biBitCount = 32;
  bi.bmiHeader.biCompression = BI_RGB;
  HBITMAP bmp = CreateDIBSection(dc, &bi, DIB_RGB_COLORS, (void **)&bits, NULL, 0);
  if (!bmp || !bits) return 1;
  SelectObject(dc, bmp);
  {
    /* Say where the pixels came from (wine exports its version from ntdll; Windows does not). */
    const char *(CDECL *wine_version)(void) =
        (const char *(CDECL *)(void))GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version");
    printf("# gdi_rasterizer_probe.c (tests/unit) as drawn by %s%s\n", wine_version ? "wine " : "Windows",
           wine_version ? wine_version() : "");
  }

  for (i = 0; i < sizeof(rc_cases) / sizeof(rc_cases[0]); i++) {
    const struct rc_case *c = &rc_cases[i];
    const int(*p)[2] = c->pts;
    HPEN pen, old_pen;
    HBRUSH brush, old_brush;
    POINT pts[14];
    int k, x, y;

    for (k = 0; k < RC_SIZE * RC_SIZE; k++) bits[k] = 0xffffff;
    if (c->ext) {
      LOGBRUSH lb = {BS_SOLID, RGB(0, 0, 0), 0};
      pen = ExtCreatePen(c->style, c->width, &lb, 0, NULL);
    } else {
      pen = CreatePen(c->style, c->width, RGB(0, 0, 0));
    }
    brush = c->brush ? CreateSolidBrush(RGB(128, 128, 128)) : (HBRUSH)GetStockObject(NULL_BRUSH);
    old_pen = SelectObject(dc, pen);
    old_brush = SelectObject(dc, brush);
    SetBkMode(dc, OPAQUE);
    SetBkColor(dc, RGB(255, 0, 0));
    SetArcDirection(dc, c->clockwise ? AD_CLOCKWISE : AD_COUNTERCLOCKWISE);
    SetPolyFillMode(dc, c->fill_mode == 2 ? WINDING : ALTERNATE);
    for (k = 0; k < c->count; k++) {
      pts[k].x = p[k][0];
      pts[k].y = p[k][1];
    }

    switch (c->shape) {
      case RC_LINE:
        MoveToEx(dc, p[0][0], p[0][1], NULL);
        LineTo(dc, p[1][0], p[1][1]);
        break;
      case RC_POLYLINE: Polyline(dc, pts, c->count); break;
      case RC_RECT: Rectangle(dc, p[0][0], p[0][1], p[1][0], p[1][1]); break;
      case RC_ELLIPSE: Ellipse(dc, p[0][0], p[0][1], p[1][0], p[1][1]); break;
      case RC_ROUNDRECT: RoundRect(dc, p[0][0], p[0][1], p[1][0], p[1][1], p[2][0], p[2][1]); break;
      case RC_ARC: Arc(dc, p[0][0], p[0][1], p[1][0], p[1][1], p[2][0], p[2][1], p[3][0], p[3][1]); break;
      case RC_CHORD: Chord(dc, p[0][0], p[0][1], p[1][0], p[1][1], p[2][0], p[2][1], p[3][0], p[3][1]); break;
      case RC_PIE: Pie(dc, p[0][0], p[0][1], p[1][0], p[1][1], p[2][0], p[2][1], p[3][0], p[3][1]); break;
      case RC_POLYGON: {
        INT counts[4];
        int n = 0;
        while (n < 4 && c->polys[n]) {
          counts[n] = c->polys[n];
          n++;
        }
        PolyPolygon(dc, pts, counts, n);
        break;
      }
    }
    GdiFlush();

    printf("== %s\n", c->name);
    for (y = 0; y < RC_SIZE; y++) {
      char row[RC_SIZE + 1];
      for (x = 0; x < RC_SIZE; x++) row[x] = pixel_char(bits[y * RC_SIZE + x]);
      row[RC_SIZE] = 0;
      printf("%s\n", row);
    }
    SelectObject(dc, old_pen);
    SelectObject(dc, old_brush);
    DeleteObject(pen);
    if (c->brush) DeleteObject(brush);
  }
  DeleteDC(dc);
  DeleteObject(bmp);
  return 0;
}
