// KERNEL32's FoldString: digits of other scripts folded (Arabic-Indic, Devanagari, full-width),
// ligatures expanded, the normalization forms by MAP_PRECOMPOSED, MAP_COMPOSITE and MAP_FOLDCZONE,
// flags combined, the length asked for, a buffer too short, invalid flags and parameters, and
// FoldStringA. Expected output: wine 8.0's (x64).
#include <stdio.h>
#include <windows.h>

static void show(const char* what, DWORD flags, const WCHAR* src, int n) {
  WCHAR out[64];
  SetLastError(0);
  int need = FoldStringW(flags, src, n, NULL, 0);
  int r = FoldStringW(flags, src, n, out, 64);
  DWORD e = GetLastError();
  printf("%s: need %d got %d error %lu:", what, need, r, e);
  for (int i = 0; i < r; i++) printf(" %04x", out[i]);
  printf("\n");
}

int main(void) {
  show("digits", MAP_FOLDDIGITS, L"a\x0661\x0662 \x0967\x0968 \xff13\xff14 \x00b2 \x2460", -1);
  show("ligatures", MAP_EXPAND_LIGATURES, L"\x00c6\x00df\xfb01\xfb03\x01c4\x05f0x", 7);
  show("precomposed", MAP_PRECOMPOSED, L"e\x0301 A\x030a", 5);
  show("composite", MAP_COMPOSITE, L"\x00e9 \x00c5", 3);
  show("czone", MAP_FOLDCZONE, L"\xff21\xfb01\x2460\x00b2", 4);
  show("czone and composite", MAP_FOLDCZONE | MAP_COMPOSITE, L"\xff21\x00e9", 2);
  show("digits and precomposed", MAP_FOLDDIGITS | MAP_PRECOMPOSED, L"\x0663" L"e\x0301", 3);
  show("digits and ligatures", MAP_FOLDDIGITS | MAP_EXPAND_LIGATURES, L"\x0664\xfb02", 2);
  show("no flags", 0, L"abc", 3);
  show("precomposed and composite", MAP_PRECOMPOSED | MAP_COMPOSITE, L"abc", 3);
  show("ligatures and precomposed", MAP_EXPAND_LIGATURES | MAP_PRECOMPOSED, L"abc", 3);
  WCHAR small[2];
  SetLastError(0);
  int r = FoldStringW(MAP_FOLDDIGITS, L"abcdef", 6, small, 2);
  printf("too short: %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = FoldStringW(MAP_FOLDDIGITS, NULL, 3, small, 2);
  printf("no source: %d error %lu\n", r, GetLastError());
  SetLastError(0);
  r = FoldStringW(MAP_FOLDDIGITS, L"abc", 0, small, 2);
  printf("length 0: %d error %lu\n", r, GetLastError());
  char a[16] = {0};
  SetLastError(0);
  int need = FoldStringA(MAP_FOLDDIGITS, "x12", -1, NULL, 0);
  r = FoldStringA(MAP_EXPAND_LIGATURES, "\xe6z", 2, a, 16);
  printf("FoldStringA: need %d, ligature %d [%s] error %lu\n", need, r, a, GetLastError());
  return 0;
}
