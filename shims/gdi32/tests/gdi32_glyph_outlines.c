// GDI32's outlines and outline metrics of DejaVu Sans at a 20-pixel em (a font both wine and
// polyrun find through fontconfig): GetGlyphOutlineW/A in every format (metrics, 1-bit and gray
// bitmaps, native quadratic and cubic outlines; by glyph index; turned by a MAT2; its errors),
// GetOutlineTextMetricsW/A (the numbers and the names), GetKerningPairsW, the glyph-index forms of
// the width and extent queries, GetFontLanguageInfo, GetRasterizerCaps and TranslateCharsetInfo.
// Expected output: wine 8.0's (x64).
// Links: -lgdi32
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static const MAT2 kIdentity = {{0, 1}, {0, 0}, {0, 0}, {0, 1}};

static void show_metrics(const char* what, DWORD r, const GLYPHMETRICS* gm) {
  printf("%s: %ld; box %ux%u, origin (%ld,%ld), advance (%d,%d)\n", what, (long)r, gm->gmBlackBoxX, gm->gmBlackBoxY,
         gm->gmptGlyphOrigin.x, gm->gmptGlyphOrigin.y, gm->gmCellIncX, gm->gmCellIncY);
}

static double fx(FIXED f) { return f.value + f.fract / 65536.0; }

// A native outline: its contours, each with its start and its curves' kinds and point counts.
static void show_outline(const BYTE* buf, DWORD size) {
  const BYTE* at = buf;
  int contour = 0;
  while (at < buf + size) {
    const TTPOLYGONHEADER* h = (const TTPOLYGONHEADER*)at;
    printf("  contour %d: %lu bytes, type %lu, start (%.3f,%.3f):", contour++, h->cb, h->dwType, fx(h->pfxStart.x),
           fx(h->pfxStart.y));
    const BYTE* c = at + sizeof *h;
    while (c < at + h->cb) {
      const TTPOLYCURVE* curve = (const TTPOLYCURVE*)c;
      printf(" %s%u", curve->wType == TT_PRIM_LINE ? "L" : curve->wType == TT_PRIM_QSPLINE ? "Q" : "C", curve->cpfx);
      c += sizeof(WORD) * 2 + curve->cpfx * sizeof(POINTFX);
    }
    const TTPOLYCURVE* last = NULL;
    for (c = at + sizeof *h; c < at + h->cb; c += sizeof(WORD) * 2 + ((const TTPOLYCURVE*)c)->cpfx * sizeof(POINTFX))
      last = (const TTPOLYCURVE*)c;
    if (last) printf("; ends (%.3f,%.3f)", fx(last->apfx[last->cpfx - 1].x), fx(last->apfx[last->cpfx - 1].y));
    printf("\n");
    at += h->cb;
  }
}

static unsigned long sum(const BYTE* b, DWORD n) {
  unsigned long s = 0;
  for (DWORD i = 0; i < n; i++) s = s * 31 + b[i];
  return s;
}

int main(void) {
  HDC dc = CreateCompatibleDC(NULL);
  HFONT font = CreateFontW(-20, 0, 0, 0, FW_NORMAL, 0, 0, 0, DEFAULT_CHARSET, 0, 0, 0, 0, L"DejaVu Sans");
  SelectObject(dc, font);

  // ---- GetGlyphOutline ----
  GLYPHMETRICS gm;
  DWORD r = GetGlyphOutlineW(dc, 'A', GGO_METRICS, &gm, 0, NULL, &kIdentity);
  show_metrics("GGO_METRICS 'A'", r, &gm);
  r = GetGlyphOutlineW(dc, 'g', GGO_METRICS, &gm, 0, NULL, &kIdentity);
  show_metrics("GGO_METRICS 'g'", r, &gm);
  r = GetGlyphOutlineW(dc, ' ', GGO_METRICS, &gm, 0, NULL, &kIdentity);
  show_metrics("GGO_METRICS ' '", r, &gm);
  static BYTE buf[65536];
  const UINT formats[] = {GGO_BITMAP, GGO_GRAY2_BITMAP, GGO_GRAY4_BITMAP, GGO_GRAY8_BITMAP};
  const char* names[] = {"GGO_BITMAP", "GGO_GRAY2_BITMAP", "GGO_GRAY4_BITMAP", "GGO_GRAY8_BITMAP"};
  for (int i = 0; i < 4; i++) {
    DWORD need = GetGlyphOutlineW(dc, 'A', formats[i], &gm, 0, NULL, &kIdentity);
    memset(buf, 0xcc, sizeof buf);
    r = GetGlyphOutlineW(dc, 'A', formats[i], &gm, sizeof buf, buf, &kIdentity);
    BYTE top = 0;
    for (DWORD k = 0; k < r; k++)
      if (buf[k] > top) top = buf[k];
    printf("%s 'A': needs %lu, wrote %lu, box %ux%u, the bytes' sum %lu, their highest %u\n", names[i], need, r,
           gm.gmBlackBoxX, gm.gmBlackBoxY, sum(buf, r), top);
  }
  // (the 1-bit bitmap's rows, each DWORD-aligned)
  r = GetGlyphOutlineW(dc, 'A', GGO_BITMAP, &gm, sizeof buf, buf, &kIdentity);
  DWORD pitch = ((gm.gmBlackBoxX + 31) / 32) * 4;
  for (UINT y = 0; y < gm.gmBlackBoxY && r; y++) {
    printf("  |");
    for (UINT x = 0; x < gm.gmBlackBoxX; x++) printf("%c", buf[y * pitch + x / 8] & (0x80 >> (x % 8)) ? '#' : '.');
    printf("|\n");
  }
  r = GetGlyphOutlineW(dc, ' ', GGO_BITMAP, &gm, 0, NULL, &kIdentity);
  show_metrics("GGO_BITMAP ' ' (its size)", r, &gm);

  DWORD need = GetGlyphOutlineW(dc, 'o', GGO_NATIVE, &gm, 0, NULL, &kIdentity);
  r = GetGlyphOutlineW(dc, 'o', GGO_NATIVE, &gm, sizeof buf, buf, &kIdentity);
  printf("GGO_NATIVE 'o': needs %lu, wrote %lu\n", need, r);
  show_outline(buf, r);
  need = GetGlyphOutlineW(dc, 'L', GGO_NATIVE | GGO_UNHINTED, &gm, 0, NULL, &kIdentity);
  r = GetGlyphOutlineW(dc, 'L', GGO_NATIVE | GGO_UNHINTED, &gm, sizeof buf, buf, &kIdentity);
  printf("GGO_NATIVE|GGO_UNHINTED 'L': needs %lu, wrote %lu\n", need, r);
  show_outline(buf, r);
  need = GetGlyphOutlineW(dc, 'o', GGO_BEZIER, &gm, 0, NULL, &kIdentity);
  r = GetGlyphOutlineW(dc, 'o', GGO_BEZIER, &gm, sizeof buf, buf, &kIdentity);
  printf("GGO_BEZIER 'o': needs %lu, wrote %lu\n", need, r);
  show_outline(buf, r);

  WORD index = 0;
  GetGlyphIndicesW(dc, L"A", 1, &index, 0);
  r = GetGlyphOutlineW(dc, index, GGO_METRICS | GGO_GLYPH_INDEX, &gm, 0, NULL, &kIdentity);
  show_metrics("GGO_METRICS|GGO_GLYPH_INDEX of 'A''s glyph", r, &gm);
  r = GetGlyphOutlineA(dc, 'A', GGO_METRICS, &gm, 0, NULL, &kIdentity);
  show_metrics("GetGlyphOutlineA 'A'", r, &gm);
  r = GetGlyphOutlineA(dc, 0xe9, GGO_METRICS, &gm, 0, NULL, &kIdentity);
  show_metrics("GetGlyphOutlineA 0xe9", r, &gm);

  const MAT2 turned = {{0, 0}, {0, 1}, {0, -1}, {0, 0}};  // a quarter turn
  r = GetGlyphOutlineW(dc, 'A', GGO_METRICS, &gm, 0, NULL, &turned);
  show_metrics("GGO_METRICS 'A' turned a quarter", r, &gm);
  const MAT2 wide = {{0, 2}, {0, 0}, {0, 0}, {0, 1}};
  r = GetGlyphOutlineW(dc, 'A', GGO_METRICS, &gm, 0, NULL, &wide);
  show_metrics("GGO_METRICS 'A' twice as wide", r, &gm);

  SetLastError(0xdeadbeef);
  r = GetGlyphOutlineW(dc, 'A', GGO_METRICS, &gm, 0, NULL, NULL);
  printf("no MAT2: %#lx, error %lu\n", r, GetLastError());
  SetLastError(0xdeadbeef);
  r = GetGlyphOutlineW(dc, 'A', 99, &gm, 0, NULL, &kIdentity);
  printf("format 99: %#lx, error %lu\n", r, GetLastError());
  r = GetGlyphOutlineW(dc, 'A', GGO_BITMAP, &gm, 4, buf, &kIdentity);
  printf("a 4-byte buffer: %#lx\n", r);

  // ---- GetOutlineTextMetrics ----
  UINT size = GetOutlineTextMetricsW(dc, 0, NULL);
  OUTLINETEXTMETRICW* otm = malloc(size);
  UINT got = GetOutlineTextMetricsW(dc, size, otm);
  printf("GetOutlineTextMetricsW: needs the structure and %d bytes, got all %d, otmSize all %d\n",
         (int)(size - sizeof *otm), got == size, otm->otmSize == size);
  printf("  tm: height %ld ascent %ld descent %ld internal %ld external %ld ave %ld max %ld weight %ld pitch %#x charset %u\n",
         otm->otmTextMetrics.tmHeight, otm->otmTextMetrics.tmAscent, otm->otmTextMetrics.tmDescent,
         otm->otmTextMetrics.tmInternalLeading, otm->otmTextMetrics.tmExternalLeading,
         otm->otmTextMetrics.tmAveCharWidth, otm->otmTextMetrics.tmMaxCharWidth, otm->otmTextMetrics.tmWeight,
         otm->otmTextMetrics.tmPitchAndFamily, otm->otmTextMetrics.tmCharSet);
  printf("  panose family %u serif %u weight %u; fsSelection %#x fsType %#x slope %d/%d offset %d italic %d\n",
         otm->otmPanoseNumber.bFamilyType, otm->otmPanoseNumber.bSerifStyle, otm->otmPanoseNumber.bWeight,
         otm->otmfsSelection, otm->otmfsType, otm->otmsCharSlopeRise, otm->otmsCharSlopeRun,
         otm->otmItalicAngle ? 1 : 0, (int)otm->otmItalicAngle);
  printf("  em %u ascent %d descent %d linegap %u capem %u xheight %u box (%ld,%ld,%ld,%ld)\n", otm->otmEMSquare,
         otm->otmAscent, otm->otmDescent, otm->otmLineGap, otm->otmsCapEmHeight, otm->otmsXHeight,
         otm->otmrcFontBox.left, otm->otmrcFontBox.top, otm->otmrcFontBox.right, otm->otmrcFontBox.bottom);
  printf("  mac ascent %d descent %d linegap %u\n", otm->otmMacAscent, otm->otmMacDescent, otm->otmMacLineGap);
  printf("  minimum ppem %u\n", otm->otmusMinimumPPEM);
  printf("  subscript %ldx%ld at (%ld,%ld); superscript %ldx%ld at (%ld,%ld)\n", otm->otmptSubscriptSize.x,
         otm->otmptSubscriptSize.y, otm->otmptSubscriptOffset.x, otm->otmptSubscriptOffset.y,
         otm->otmptSuperscriptSize.x, otm->otmptSuperscriptSize.y, otm->otmptSuperscriptOffset.x,
         otm->otmptSuperscriptOffset.y);
  printf("  strikeout %u at %d; underscore %d at %d\n", otm->otmsStrikeoutSize, otm->otmsStrikeoutPosition,
         otm->otmsUnderscoreSize, otm->otmsUnderscorePosition);
  printf("  family \"%ls\" face \"%ls\" style \"%ls\" full \"%ls\"\n", (WCHAR*)((BYTE*)otm + (size_t)otm->otmpFamilyName),
         (WCHAR*)((BYTE*)otm + (size_t)otm->otmpFaceName), (WCHAR*)((BYTE*)otm + (size_t)otm->otmpStyleName),
         (WCHAR*)((BYTE*)otm + (size_t)otm->otmpFullName));
  got = GetOutlineTextMetricsW(dc, sizeof(OUTLINETEXTMETRICW), otm);
  printf("  into the fixed part alone: the structure %d, otmSize all %d, the names' places %d\n",
         got == sizeof(OUTLINETEXTMETRICW), otm->otmSize == size, otm->otmpFamilyName != 0);
  free(otm);
  size = GetOutlineTextMetricsA(dc, 0, NULL);
  OUTLINETEXTMETRICA* otma = malloc(size);
  got = GetOutlineTextMetricsA(dc, size, otma);
  printf("GetOutlineTextMetricsA: needs the structure and %d bytes, got all %d, otmSize all %d, height %ld, em %u\n",
         (int)(size - sizeof *otma), got == size, otma->otmSize == size, otma->otmTextMetrics.tmHeight,
         otma->otmEMSquare);
  printf("  family \"%s\" face \"%s\" style \"%s\" full \"%s\"\n", (char*)otma + (size_t)otma->otmpFamilyName,
         (char*)otma + (size_t)otma->otmpFaceName, (char*)otma + (size_t)otma->otmpStyleName,
         (char*)otma + (size_t)otma->otmpFullName);
  free(otma);

  // ---- kerning pairs, glyph-index widths and extents ----
  DWORD pairs = GetKerningPairsW(dc, 0, NULL);
  KERNINGPAIR* kp = malloc(sizeof(KERNINGPAIR) * (pairs + 1));
  DWORD gotp = GetKerningPairsW(dc, pairs, kp);
  printf("GetKerningPairsW: %lu pairs, got %lu", pairs, gotp);
  int shown = 0;
  for (DWORD i = 0; i < gotp && shown < 6; i++)
    if (kp[i].wFirst >= 'A' && kp[i].wFirst <= 'Z' && kp[i].wSecond >= 'A' && kp[i].wSecond <= 'z') {
      printf("%s%c%c %d", shown ? ", " : ": ", kp[i].wFirst, kp[i].wSecond, kp[i].iKernAmount);
      shown++;
    }
  printf("\n");
  printf("  into 3: %lu\n", GetKerningPairsW(dc, 3, kp));
  free(kp);

  WORD glyphs[4];
  GetGlyphIndicesW(dc, L"AWgi", 4, glyphs, 0);
  ABC abc[4];
  INT widths[4];
  BOOL ok = GetCharABCWidthsI(dc, 0, 4, glyphs, abc);
  printf("GetCharABCWidthsI: %d:", ok);
  for (int i = 0; i < 4; i++) printf(" (%d,%u,%d)", abc[i].abcA, abc[i].abcB, abc[i].abcC);
  ok = GetCharWidthI(dc, 0, 4, glyphs, widths);
  printf("\nGetCharWidthI: %d:", ok);
  for (int i = 0; i < 4; i++) printf(" %d", widths[i]);
  ok = GetCharWidthI(dc, glyphs[0], 2, NULL, widths);
  printf("\nGetCharWidthI from glyph %u, 2 of them: %d: %d %d\n", glyphs[0], ok, widths[0], widths[1]);
  SIZE sz;
  ok = GetTextExtentPointI(dc, glyphs, 4, &sz);
  printf("GetTextExtentPointI: %d: %ldx%ld\n", ok, sz.cx, sz.cy);
  INT fit = -1, dx[4];
  ok = GetTextExtentExPointI(dc, glyphs, 4, 30, &fit, dx, &sz);
  printf("GetTextExtentExPointI within 30: %d: fit %d, %ldx%ld, at %d %d %d %d\n", ok, fit, sz.cx, sz.cy, dx[0], dx[1],
         dx[2], dx[3]);

  // ---- what the font and the rasterizer are ----
  printf("GetFontLanguageInfo: %#lx\n", GetFontLanguageInfo(dc));
  RASTERIZER_STATUS rs = {0};
  ok = GetRasterizerCaps(&rs, sizeof rs);
  printf("GetRasterizerCaps: %d: size %d flags %#x language %d\n", ok, rs.nSize, rs.wFlags, rs.nLanguageID);
  CHARSETINFO csi;
  const UINT charsets[] = {ANSI_CHARSET, SHIFTJIS_CHARSET, RUSSIAN_CHARSET, SYMBOL_CHARSET, 99};
  for (int i = 0; i < 5; i++) {
    memset(&csi, 0xcc, sizeof csi);
    ok = TranslateCharsetInfo((DWORD*)(ULONG_PTR)charsets[i], &csi, TCI_SRCCHARSET);
    printf("TranslateCharsetInfo(charset %u): %d", charsets[i], ok);
    if (ok)
      printf(": charset %u code page %u, usb %#lx, csb %#lx %#lx", csi.ciCharset, csi.ciACP, csi.fs.fsUsb[0],
             csi.fs.fsCsb[0], csi.fs.fsCsb[1]);
    printf("\n");
  }
  ok = TranslateCharsetInfo((DWORD*)(ULONG_PTR)1251, &csi, TCI_SRCCODEPAGE);
  printf("TranslateCharsetInfo(code page 1251): %d: charset %u\n", ok, csi.ciCharset);
  DWORD csb[2] = {0x10, 0};
  ok = TranslateCharsetInfo(csb, &csi, TCI_SRCFONTSIG);
  printf("TranslateCharsetInfo(font signature 0x10): %d: charset %u code page %u\n", ok, csi.ciCharset, csi.ciACP);

  DeleteDC(dc);
  DeleteObject(font);
  return 0;
}
