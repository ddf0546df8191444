// GDI32 drawing into DIB sections, whose bits the program reads: fills with solid, hatched and
// pattern brushes, SetPixel/GetPixel, lines and shapes with several pens, ROP2s, BitBlt and
// StretchBlt between depths (with Windows' monochrome rules) and with ROP3s, clip regions,
// SetDIBitsToDevice and StretchDIBits of bottom-up DIBs, GetDIBits, mapping modes, and the
// DIBSECTION GetObject reports. Each step prints a checksum (FNV-1a) of the pixels: no text is
// drawn, so nothing depends on fonts. The same program under wine 8.0 gives the expected output.
// Links: -lgdi32 -luser32
#include <windows.h>
#include <stdio.h>
#include <string.h>

static unsigned hash_bytes(const void* p, size_t n) {
  const unsigned char* b = (const unsigned char*)p;
  unsigned h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 16777619u;
  return h;
}

typedef struct {
  HDC dc;
  HBITMAP bmp, old;
  void* bits;
  int w, h, bpp, stride;
} Dib;

// A DIB section of the depth (top-down when h < 0), selected into a new memory DC; 8 and 4 bits
// get a grey ramp with a few colours, 1 bit black and white.
static Dib make_dib(int w, int h, int bpp) {
  Dib d;
  struct {
    BITMAPINFOHEADER hdr;
    RGBQUAD colors[256];
  } info;
  memset(&info, 0, sizeof info);
  info.hdr.biSize = sizeof info.hdr;
  info.hdr.biWidth = w;
  info.hdr.biHeight = h;
  info.hdr.biPlanes = 1;
  info.hdr.biBitCount = (WORD)bpp;
  info.hdr.biCompression = BI_RGB;
  if (bpp <= 8) {
    int n = 1 << bpp;
    for (int i = 0; i < n; ++i) {
      BYTE v = (BYTE)(i * 255 / (n - 1));
      info.colors[i].rgbRed = info.colors[i].rgbGreen = info.colors[i].rgbBlue = v;
    }
    if (bpp >= 4) {
      info.colors[1].rgbRed = 255, info.colors[1].rgbGreen = 0, info.colors[1].rgbBlue = 0;
      info.colors[2].rgbRed = 0, info.colors[2].rgbGreen = 255, info.colors[2].rgbBlue = 0;
      info.colors[3].rgbRed = 0, info.colors[3].rgbGreen = 0, info.colors[3].rgbBlue = 255;
    }
  }
  d.dc = CreateCompatibleDC(NULL);
  d.bmp = CreateDIBSection(d.dc, (BITMAPINFO*)&info, DIB_RGB_COLORS, &d.bits, NULL, 0);
  d.old = (HBITMAP)SelectObject(d.dc, d.bmp);
  d.w = w;
  d.h = h < 0 ? -h : h;
  d.bpp = bpp;
  d.stride = ((w * bpp + 31) / 32) * 4;
  return d;
}
static void free_dib(Dib* d) {
  SelectObject(d->dc, d->old);
  DeleteObject(d->bmp);
  DeleteDC(d->dc);
}
static void show(const char* what, const Dib* d) {
  GdiFlush();
  printf("%-28s %08x\n", what, hash_bytes(d->bits, (size_t)d->stride * d->h));
}
static void clear(Dib* d, COLORREF c) {
  RECT r = {0, 0, d->w, d->h};
  HBRUSH b = CreateSolidBrush(c);
  FillRect(d->dc, &r, b);
  DeleteObject(b);
}

static void fills(void) {
  Dib d = make_dib(48, -40, 32);
  clear(&d, RGB(255, 255, 255));
  show("white", &d);
  RECT r = {3, 4, 20, 30};
  HBRUSH red = CreateSolidBrush(RGB(200, 30, 40));
  FillRect(d.dc, &r, red);
  show("fill red", &d);
  for (int style = HS_HORIZONTAL; style <= HS_DIAGCROSS; ++style) {
    HBRUSH hb = CreateHatchBrush(style, RGB(0, 0, 128));
    HBRUSH old = (HBRUSH)SelectObject(d.dc, hb);
    SetBkColor(d.dc, RGB(255, 255, 0));
    SetBkMode(d.dc, style & 1 ? TRANSPARENT : OPAQUE);
    SetBrushOrgEx(d.dc, style, 0, NULL);
    PatBlt(d.dc, 10 + style * 5, 2, 9, 30, PATCOPY);
    SelectObject(d.dc, old);
    DeleteObject(hb);
  }
  SetBrushOrgEx(d.dc, 0, 0, NULL);
  show("hatches", &d);
  // An 8x8 monochrome pattern bitmap: 0 bits in the text colour, 1 bits in the background colour.
  static const WORD rows[8] = {0xf0, 0xf0, 0xf0, 0xf0, 0x0f, 0x0f, 0x0f, 0x0f};
  HBITMAP pat = CreateBitmap(8, 8, 1, 1, rows);
  HBRUSH pb = CreatePatternBrush(pat);
  SetTextColor(d.dc, RGB(10, 120, 10));
  SetBkColor(d.dc, RGB(240, 240, 240));
  RECT pr = {20, 20, 45, 38};
  FillRect(d.dc, &pr, pb);
  show("pattern brush", &d);
  PatBlt(d.dc, 0, 0, 24, 20, DSTINVERT);
  show("dstinvert", &d);
  HBRUSH old = (HBRUSH)SelectObject(d.dc, red);
  PatBlt(d.dc, 10, 10, 30, 10, PATINVERT);
  SelectObject(d.dc, old);
  show("patinvert", &d);
  SelectObject(d.dc, GetStockObject(DC_BRUSH));
  SetDCBrushColor(d.dc, RGB(1, 2, 3));
  PatBlt(d.dc, 40, 30, 8, 10, PATCOPY);
  show("dc brush", &d);
  // (Each call before the printf: argument order is the compiler's.)
  COLORREF p1 = GetPixel(d.dc, 5, 5), p2 = GetPixel(d.dc, 41, 31), p3 = GetPixel(d.dc, 100, 100);
  printf("pixel %06lx %06lx %06lx\n", (unsigned long)p1, (unsigned long)p2, (unsigned long)p3);
  p1 = SetPixel(d.dc, 1, 1, RGB(9, 8, 7));
  p2 = GetPixel(d.dc, 1, 1);
  printf("setpixel %06lx %06lx\n", (unsigned long)p1, (unsigned long)p2);
  DeleteObject(pb);
  DeleteObject(pat);
  DeleteObject(red);
  free_dib(&d);
}

static void shapes(void) {
  Dib d = make_dib(64, -64, 32);
  clear(&d, RGB(255, 255, 255));
  HPEN pens[4];
  pens[0] = CreatePen(PS_SOLID, 1, RGB(0, 0, 0));
  pens[1] = CreatePen(PS_DASH, 1, RGB(200, 0, 0));
  pens[2] = CreatePen(PS_SOLID, 3, RGB(0, 0, 200));
  pens[3] = CreatePen(PS_DOT, 1, RGB(0, 120, 0));
  HBRUSH brush = CreateSolidBrush(RGB(128, 200, 255));
  HPEN oldp = (HPEN)SelectObject(d.dc, pens[0]);
  HBRUSH oldb = (HBRUSH)SelectObject(d.dc, brush);
  MoveToEx(d.dc, 2, 2, NULL);
  LineTo(d.dc, 60, 20);
  LineTo(d.dc, 30, 62);
  LineTo(d.dc, 2, 2);
  show("lines", &d);
  SelectObject(d.dc, pens[1]);
  SetBkColor(d.dc, RGB(255, 255, 0));
  Rectangle(d.dc, 5, 5, 30, 25);
  SelectObject(d.dc, pens[2]);
  Ellipse(d.dc, 30, 5, 60, 30);
  SelectObject(d.dc, pens[3]);
  SetBkMode(d.dc, TRANSPARENT);
  RoundRect(d.dc, 4, 32, 40, 60, 12, 10);
  show("shapes", &d);
  POINT star[5] = {{45, 35}, {55, 62}, {32, 45}, {60, 45}, {36, 62}};
  SelectObject(d.dc, pens[0]);
  SetPolyFillMode(d.dc, ALTERNATE);
  Polygon(d.dc, star, 5);
  show("polygon alternate", &d);
  SetPolyFillMode(d.dc, WINDING);
  OffsetViewportOrgEx(d.dc, -20, 0, NULL);
  Polygon(d.dc, star, 5);
  OffsetViewportOrgEx(d.dc, 20, 0, NULL);
  show("polygon winding", &d);
  SetROP2(d.dc, R2_XORPEN);
  SelectObject(d.dc, pens[2]);
  MoveToEx(d.dc, 0, 63, NULL);
  LineTo(d.dc, 63, 0);
  SetROP2(d.dc, R2_NOT);
  Rectangle(d.dc, 10, 10, 50, 50);
  SetROP2(d.dc, R2_COPYPEN);
  show("rop2", &d);
  Pie(d.dc, 2, 2, 40, 40, 40, 20, 20, 2);
  Chord(d.dc, 24, 24, 62, 62, 24, 40, 62, 40);
  Arc(d.dc, 10, 30, 50, 60, 50, 60, 10, 30);
  show("pie chord arc", &d);
  SelectObject(d.dc, oldp);
  SelectObject(d.dc, oldb);
  for (int i = 0; i < 4; ++i) DeleteObject(pens[i]);
  DeleteObject(brush);
  free_dib(&d);
}

static void blits(void) {
  Dib src = make_dib(32, -24, 32);
  for (int y = 0; y < 24; ++y)
    for (int x = 0; x < 32; ++x)
      ((DWORD*)src.bits)[y * 32 + x] = (DWORD)((x * 8) << 16 | (y * 10) << 8 | ((x ^ y) * 7 & 0xff));
  ((DWORD*)src.bits)[0] = 0xffffff;  // white: the background colour below
  SetBkColor(src.dc, RGB(255, 255, 255));
  static const int depths[] = {24, 16, 8, 4, 1};
  for (int i = 0; i < 5; ++i) {
    Dib d = make_dib(32, 24, depths[i]);  // bottom-up
    clear(&d, RGB(0, 0, 0));
    BitBlt(d.dc, 0, 0, 32, 24, src.dc, 0, 0, SRCCOPY);
    char what[40];
    sprintf(what, "to %d bits", depths[i]);
    show(what, &d);
    // and back to 32 bits
    Dib back = make_dib(32, -24, 32);
    SetTextColor(back.dc, RGB(255, 0, 0));
    SetBkColor(back.dc, RGB(0, 0, 255));
    BitBlt(back.dc, 0, 0, 32, 24, d.dc, 0, 0, SRCCOPY);
    sprintf(what, "from %d bits", depths[i]);
    show(what, &back);
    free_dib(&back);
    free_dib(&d);
  }
  // A monochrome DDB: the destination's text and background colours for its 0 and 1 bits.
  HDC mono = CreateCompatibleDC(NULL);
  HBITMAP mb = CreateBitmap(32, 24, 1, 1, NULL);
  HBITMAP oldm = (HBITMAP)SelectObject(mono, mb);
  SetBkColor(src.dc, RGB(0, 0, 0));
  BitBlt(mono, 0, 0, 32, 24, src.dc, 0, 0, SRCCOPY);  // black pixels (the source's bk colour) become 1
  Dib back = make_dib(32, -24, 32);
  SetTextColor(back.dc, RGB(255, 0, 0));
  SetBkColor(back.dc, RGB(0, 0, 255));
  BitBlt(back.dc, 0, 0, 32, 24, mono, 0, 0, SRCCOPY);
  show("mono ddb round trip", &back);
  static const DWORD rops[] = {SRCAND, SRCPAINT, SRCINVERT, NOTSRCCOPY, SRCERASE, NOTSRCERASE, MERGECOPY, MERGEPAINT,
                               PATPAINT, 0x00b8074a};
  // (A solid brush: where a hatch's cells fall in a blit with a source is not the same in wine 8.0
  // as in its fills, which follow the brush origin as Windows does.)
  HBRUSH hb = CreateSolidBrush(RGB(0, 255, 0));
  SelectObject(back.dc, hb);
  for (int i = 0; i < 10; ++i) {
    BitBlt(back.dc, i, i, 20, 16, src.dc, 3, 2, rops[i]);
    char what[40];
    sprintf(what, "rop %08lx", (unsigned long)rops[i]);
    show(what, &back);
  }
  SetStretchBltMode(back.dc, COLORONCOLOR);
  StretchBlt(back.dc, 0, 0, 32, 24, src.dc, 0, 0, 16, 12, SRCCOPY);
  show("stretch 2x", &back);
  StretchBlt(back.dc, 31, 0, -16, 24, src.dc, 0, 0, 16, 24, SRCCOPY);
  show("stretch mirrored", &back);
  SelectObject(mono, oldm);
  DeleteObject(mb);
  DeleteDC(mono);
  free_dib(&back);
  DeleteObject(hb);
  free_dib(&src);
}

static void dib_functions(void) {
  Dib d = make_dib(40, -30, 32);
  clear(&d, RGB(255, 255, 255));
  // A bottom-up 24-bit DIB of 8x6: SetDIBitsToDevice and StretchDIBits count its rows from the bottom.
  BITMAPINFO bi;
  memset(&bi, 0, sizeof bi);
  bi.bmiHeader.biSize = sizeof bi.bmiHeader;
  bi.bmiHeader.biWidth = 8;
  bi.bmiHeader.biHeight = 6;
  bi.bmiHeader.biPlanes = 1;
  bi.bmiHeader.biBitCount = 24;
  BYTE pixels[6 * 24];
  for (int i = 0; i < (int)sizeof pixels; ++i) pixels[i] = (BYTE)(i * 37);
  printf("setdibitstodevice %d\n", SetDIBitsToDevice(d.dc, 2, 3, 6, 4, 1, 1, 0, 6, pixels, &bi, DIB_RGB_COLORS));
  show("setdibitstodevice", &d);
  printf("stretchdibits %d\n", StretchDIBits(d.dc, 12, 2, 16, 12, 0, 0, 8, 6, pixels, &bi, DIB_RGB_COLORS, SRCCOPY));
  show("stretchdibits", &d);
  printf("stretchdibits part %d\n", StretchDIBits(d.dc, 30, 20, 8, 6, 2, 1, 4, 3, pixels, &bi, DIB_RGB_COLORS, SRCINVERT));
  show("stretchdibits part", &d);
  // GetDIBits of the section into a bottom-up 24-bit buffer.
  BITMAPINFO out;
  memset(&out, 0, sizeof out);
  out.bmiHeader.biSize = sizeof out.bmiHeader;
  int q = GetDIBits(d.dc, d.bmp, 0, 0, NULL, &out, DIB_RGB_COLORS);
  printf("getdibits query %d %ldx%ld %d bits compression %lu size %lu\n", q, (long)out.bmiHeader.biWidth, (long)out.bmiHeader.biHeight,
         out.bmiHeader.biBitCount, (unsigned long)out.bmiHeader.biCompression, (unsigned long)out.bmiHeader.biSizeImage);
  out.bmiHeader.biBitCount = 24;
  out.bmiHeader.biCompression = BI_RGB;
  out.bmiHeader.biHeight = 30;
  static BYTE buf[30 * 120];
  SelectObject(d.dc, d.old);  // (GetDIBits wants the bitmap out of any DC)
  int lines = GetDIBits(d.dc, d.bmp, 5, 20, buf, &out, DIB_RGB_COLORS);
  printf("getdibits %d %08x\n", lines, hash_bytes(buf, sizeof buf));
  DIBSECTION ds;
  int n = GetObject(d.bmp, sizeof ds, &ds);
  // (sizes as the structures' own: they differ between 32 and 64 bits)
  printf("dibsection %s: %ldx%ld %ld bytes/row %d bits bits %s header %ldx%ld compression %lu\n", n == sizeof ds ? "whole" : "cut",
         (long)ds.dsBm.bmWidth, (long)ds.dsBm.bmHeight, (long)ds.dsBm.bmWidthBytes, ds.dsBm.bmBitsPixel,
         ds.dsBm.bmBits == d.bits ? "match" : "differ", (long)ds.dsBmih.biWidth, (long)ds.dsBmih.biHeight,
         (unsigned long)ds.dsBmih.biCompression);
  BITMAP bm;
  n = GetObject(d.bmp, sizeof bm, &bm);
  printf("bitmap %s\n", n == sizeof bm ? "whole" : "cut");
  HBITMAP ddb = CreateBitmap(13, 5, 1, 1, NULL);
  n = GetObject(ddb, sizeof bm, &bm);
  printf("mono ddb %s: %ldx%ld %ld bytes/row %d bits\n", n == sizeof bm ? "whole" : "cut", (long)bm.bmWidth, (long)bm.bmHeight,
         (long)bm.bmWidthBytes, bm.bmBitsPixel);
  DeleteObject(ddb);
  SelectObject(d.dc, d.bmp);
  free_dib(&d);
}

static void regions_and_mapping(void) {
  Dib d = make_dib(64, -48, 32);
  clear(&d, RGB(255, 255, 255));
  HRGN ell = CreateEllipticRgn(4, 4, 40, 30);
  HRGN rect = CreateRectRgn(20, 10, 60, 44);
  HRGN both = CreateRectRgn(0, 0, 0, 0);
  RECT box;
  static const int modes[4] = {RGN_AND, RGN_OR, RGN_XOR, RGN_DIFF};
  for (int i = 0; i < 4; ++i) {
    int kind = CombineRgn(both, ell, rect, modes[i]);
    int box_kind = GetRgnBox(both, &box);
    DWORD size = GetRegionData(both, 0, NULL);
    int in1 = PtInRegion(both, 10, 15), in2 = PtInRegion(both, 30, 20), in3 = PtInRegion(both, 59, 43);
    printf("combine %d: %d, box %d %ld,%ld,%ld,%ld, data %lu, contains %d %d %d\n", modes[i], kind, box_kind, box.left,
           box.top, box.right, box.bottom, (unsigned long)size, in1, in2, in3);
  }
  int kind = SelectClipRgn(d.dc, ell);
  printf("select clip %d\n", kind);
  HBRUSH green = CreateSolidBrush(RGB(0, 160, 0));
  RECT all = {0, 0, 64, 48};
  FillRect(d.dc, &all, green);
  show("clipped to ellipse", &d);
  kind = GetClipBox(d.dc, &box);
  printf("clip box %d: %ld,%ld,%ld,%ld\n", kind, box.left, box.top, box.right, box.bottom);
  kind = ExcludeClipRect(d.dc, 10, 10, 20, 20);
  printf("exclude %d\n", kind);
  HBRUSH blue = CreateSolidBrush(RGB(0, 0, 200));
  FillRect(d.dc, &all, blue);
  show("excluded", &d);
  SelectClipRgn(d.dc, NULL);
  FrameRgn(d.dc, rect, blue, 2, 3);
  show("frame region", &d);
  InvertRgn(d.dc, ell);
  show("invert region", &d);
  // MM_ANISOTROPIC: 100 x 100 logical units over 64 x -48 device pixels from the bottom left.
  SetMapMode(d.dc, MM_ANISOTROPIC);
  SetWindowExtEx(d.dc, 100, 100, NULL);
  SetViewportExtEx(d.dc, 64, -48, NULL);
  SetViewportOrgEx(d.dc, 0, 48, NULL);
  POINT pts[2] = {{50, 50}, {100, 0}};
  LPtoDP(d.dc, pts, 2);
  printf("lptodp %ld,%ld %ld,%ld\n", pts[0].x, pts[0].y, pts[1].x, pts[1].y);
  RECT lr = {10, 90, 40, 60};
  FillRect(d.dc, &lr, green);
  show("anisotropic fill", &d);
  SetMapMode(d.dc, MM_LOMETRIC);
  SIZE ext;
  GetWindowExtEx(d.dc, &ext);
  printf("lometric window ext %ld,%ld", ext.cx, ext.cy);
  GetViewportExtEx(d.dc, &ext);
  printf(" viewport ext %ld,%ld\n", ext.cx, ext.cy);
  SetMapMode(d.dc, MM_TEXT);
  DeleteObject(ell);
  DeleteObject(rect);
  DeleteObject(both);
  DeleteObject(green);
  DeleteObject(blue);
  free_dib(&d);
}

static void objects(void) {
  LOGPEN lp;
  HPEN pen = CreatePen(PS_DASH, 3, RGB(1, 2, 3));
  int n = GetObject(pen, sizeof lp, &lp);
  printf("logpen %d: style %u width %ld color %06lx\n", n, lp.lopnStyle,
         lp.lopnWidth.x, (unsigned long)lp.lopnColor);
  LOGBRUSH lb;
  HBRUSH hb = CreateHatchBrush(HS_CROSS, RGB(4, 5, 6));
  n = GetObject(hb, sizeof lb, &lb);
  printf("logbrush %s: style %u color %06lx hatch %lu\n", n == sizeof lb ? "whole" : "cut", lb.lbStyle,
         (unsigned long)lb.lbColor, (unsigned long)lb.lbHatch);
  HDC dc = CreateCompatibleDC(NULL);
  DWORD t1 = GetObjectType(pen), t2 = GetObjectType(hb), t3 = GetObjectType(GetStockObject(DEFAULT_PALETTE));
  DWORD t4 = GetObjectType(dc), t5 = GetObjectType(GetStockObject(SYSTEM_FONT)), t6 = GetObjectType(GetDC(NULL));
  printf("types %lu %lu %lu %lu %lu %lu\n", (unsigned long)t1, (unsigned long)t2, (unsigned long)t3, (unsigned long)t4,
         (unsigned long)t5, (unsigned long)t6);
  printf("defaults pen %d brush %d bk %06lx text %06lx mode %d rop %d\n",
         GetCurrentObject(dc, OBJ_PEN) == GetStockObject(BLACK_PEN),
         GetCurrentObject(dc, OBJ_BRUSH) == GetStockObject(WHITE_BRUSH), (unsigned long)GetBkColor(dc),
         (unsigned long)GetTextColor(dc), GetBkMode(dc), GetROP2(dc));
  int saved = SaveDC(dc);
  SetBkColor(dc, RGB(9, 9, 9));
  SelectObject(dc, pen);
  RestoreDC(dc, saved);
  printf("restored bk %06lx pen %d\n", (unsigned long)GetBkColor(dc), GetCurrentObject(dc, OBJ_PEN) == GetStockObject(BLACK_PEN));
  int del1 = DeleteObject(pen), del2 = DeleteObject(hb);
  printf("delete %d %d\n", del1, del2);
  printf("caps %d %d %d %d\n", GetDeviceCaps(dc, BITSPIXEL), GetDeviceCaps(dc, LOGPIXELSX), GetDeviceCaps(dc, HORZRES),
         GetDeviceCaps(dc, RASTERCAPS));
  DeleteDC(dc);
}

int main(void) {
  fills();
  shapes();
  blits();
  dib_functions();
  regions_and_mapping();
  objects();
  return 0;
}
