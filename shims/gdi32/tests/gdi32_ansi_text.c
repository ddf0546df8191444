// Text of the ANSI code page (1252) through GDI32's A functions: LOGFONTA face names (CreateFontA,
// CreateFontIndirectA) read back by GetObjectA and GetObjectW and the other way round, and the
// A forms measuring as the W forms measure the same characters (GetTextExtentPoint32A,
// GetTextExtentExPointA, GetCharWidth32A, GetCharABCWidthsA of a code above 0x7F against the W form
// of its UTF-16 character): only whether they agree is printed, the widths being the font's.
// Links: -lgdi32
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

static void print_bytes(const char* label, const char* s, int n) {
  printf("%s:", label);
  if (n < 0) n = (int)strlen(s);
  for (int i = 0; i < n; ++i) printf(" %02x", (unsigned char)s[i]);
  printf("\n");
}
static void print_units(const char* label, const wchar_t* s, int n) {
  printf("%s:", label);
  if (n < 0) n = (int)wcslen(s);
  for (int i = 0; i < n; ++i) printf(" %04x", (unsigned)s[i]);
  printf("\n");
}

int main(void) {
  HFONT a = CreateFontA(-13, 0, 0, 0, FW_NORMAL, 0, 0, 0, ANSI_CHARSET, 0, 0, 0, 0, "Caf\xe9 \x80 Sans");
  LOGFONTW lw;
  LOGFONTA la;
  printf("CreateFontA: %d, GetObjectW: %d\n", a != NULL, GetObjectW(a, sizeof lw, &lw));
  print_units("  face", lw.lfFaceName, -1);
  printf("GetObjectA: %d\n", GetObjectA(a, sizeof la, &la));
  print_bytes("  face", la.lfFaceName, -1);

  memset(&lw, 0, sizeof lw);
  lw.lfHeight = -12;
  wcscpy(lw.lfFaceName, L"\x00dc\x00df\x0411 Mono");
  HFONT w = CreateFontIndirectW(&lw);
  memset(&la, 0x55, sizeof la);
  printf("CreateFontIndirectW, GetObjectA: %d\n", GetObjectA(w, sizeof la, &la));
  print_bytes("  face", la.lfFaceName, (int)strlen(la.lfFaceName) + 1);
  memset(&la, 0, sizeof la);
  la.lfHeight = -12;
  strcpy(la.lfFaceName, "\x8a\x9f");
  HFONT b = CreateFontIndirectA(&la);
  printf("CreateFontIndirectA, GetObjectW: %d\n", GetObjectW(b, sizeof lw, &lw));
  print_units("  face", lw.lfFaceName, -1);

  HDC dc = CreateCompatibleDC(NULL);
  HFONT tahoma = CreateFontA(-16, 0, 0, 0, FW_NORMAL, 0, 0, 0, ANSI_CHARSET, 0, 0, 0, 0, "Tahoma");
  SelectObject(dc, tahoma);
  SIZE sa, sw;
  GetTextExtentPoint32A(dc, "caf\xe9 \x80\x99", 7, &sa);
  GetTextExtentPoint32W(dc, L"caf\x00e9 \x20ac\x2122", 7, &sw);
  printf("GetTextExtentPoint32A equals W: %d\n", sa.cx == sw.cx && sa.cy == sw.cy);
  int dxa[8], dxw[8], fita = 0, fitw = 0;
  GetTextExtentExPointA(dc, "\x80\x80\x80\xe9", 4, sw.cx, &fita, dxa, &sa);
  GetTextExtentExPointW(dc, L"\x20ac\x20ac\x20ac\x00e9", 4, sw.cx, &fitw, dxw, &sw);
  printf("GetTextExtentExPointA equals W: %d\n", fita == fitw && !memcmp(dxa, dxw, sizeof(int) * 4) && sa.cx == sw.cx);
  const unsigned codes[] = {0x80, 0x8c, 0x99, 0xe9, 0xdf};
  const WCHAR chars[] = {0x20ac, 0x0152, 0x2122, 0x00e9, 0x00df};
  for (int i = 0; i < 5; ++i) {
    INT wa = -1, ww = -2;
    ABC aa, aw;
    GetCharWidth32A(dc, codes[i], codes[i], &wa);
    GetCharWidth32W(dc, chars[i], chars[i], &ww);
    GetCharABCWidthsA(dc, codes[i], codes[i], &aa);
    GetCharABCWidthsW(dc, chars[i], chars[i], &aw);
    printf("%02x: GetCharWidth32A equals W %d, GetCharABCWidthsA equals W %d\n", codes[i], wa == ww,
           aa.abcA == aw.abcA && aa.abcB == aw.abcB && aa.abcC == aw.abcC);
  }
  INT range[4];
  GetCharWidth32A(dc, 0x80, 0x83, range);
  INT w80 = 0, w81 = 0;
  GetCharWidth32W(dc, 0x20ac, 0x20ac, &w80);
  GetCharWidth32W(dc, 0x81, 0x81, &w81);
  printf("GetCharWidth32A 0x80-0x83: first as U+20AC %d, second as U+0081 %d\n", range[0] == w80, range[1] == w81);
  DeleteDC(dc);
  DeleteObject(a);
  DeleteObject(b);
  DeleteObject(w);
  DeleteObject(tahoma);
  return 0;
}
