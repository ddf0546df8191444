// GDI32's font data with DejaVu Sans selected (a font both wine and polyrun find through
// fontconfig): GetFontData of the whole file, of the 'head' table (its size and first bytes,
// then from an offset) and of a table the font lacks; GetGlyphIndicesW/A with and without
// GGI_MARK_NONEXISTING_GLYPHS; GetFontUnicodeRanges (its size, the characters and the first
// ranges). Expected output: wine 8.0's (x64).
// Links: -lgdi32
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int main(void) {
  HDC dc = CreateCompatibleDC(NULL);
  HFONT font = CreateFontW(-20, 0, 0, 0, FW_NORMAL, 0, 0, 0, DEFAULT_CHARSET, 0, 0, 0, 0, L"DejaVu Sans");
  SelectObject(dc, font);
  WCHAR face[64];
  GetTextFaceW(dc, 64, face);
  printf("face: %ls\n", face);

  DWORD whole = GetFontData(dc, 0, 0, NULL, 0);
  printf("the whole file: %lu bytes\n", whole);
  DWORD head = GetFontData(dc, 0x64616568 /* 'head' */, 0, NULL, 0);
  BYTE b[64] = {0};
  DWORD got = GetFontData(dc, 0x64616568, 0, b, 16);
  printf("head: %lu bytes; first %lu:", head, got);
  for (DWORD i = 0; i < got; i++) printf(" %02x", b[i]);
  got = GetFontData(dc, 0x64616568, 12, b, 8);
  printf("\nhead from 12: %lu:", got);
  for (DWORD i = 0; i < got; i++) printf(" %02x", b[i]);
  printf("\n");
  printf("a table it lacks: %#lx\n", GetFontData(dc, 0x7a7a7a7a, 0, NULL, 0));
  BYTE* all = malloc(whole);
  got = GetFontData(dc, 0, 0, all, whole);
  printf("the whole file read: %lu, starts %02x %02x %02x %02x\n", got, all[0], all[1], all[2], all[3]);
  free(all);

  WORD g[8];
  DWORD n = GetGlyphIndicesW(dc, L"AB a\x4e00", 5, g, 0);
  printf("GetGlyphIndicesW: %lu:", n);
  for (DWORD i = 0; i < n; i++) printf(" %u", g[i]);
  n = GetGlyphIndicesW(dc, L"AB a\x4e00", 5, g, GGI_MARK_NONEXISTING_GLYPHS);
  printf("\nmarking missing ones: %lu:", n);
  for (DWORD i = 0; i < n; i++) printf(" %#x", g[i]);
  n = GetGlyphIndicesA(dc, "Az", 2, g, 0);
  printf("\nGetGlyphIndicesA: %lu: %u %u\n", n, g[0], g[1]);

  DWORD size = GetFontUnicodeRanges(dc, NULL);
  GLYPHSET* set = malloc(size);
  DWORD again = GetFontUnicodeRanges(dc, set);
  printf("GetFontUnicodeRanges: %lu (again %lu), cbThis %lu, %lu characters in %lu ranges, first:", size, again,
         set->cbThis, set->cGlyphsSupported, set->cRanges);
  for (DWORD i = 0; i < 4 && i < set->cRanges; i++) printf(" %#x+%u", set->ranges[i].wcLow, set->ranges[i].cGlyphs);
  printf("\n");
  free(set);
  DeleteDC(dc);
  DeleteObject(font);
  return 0;
}
