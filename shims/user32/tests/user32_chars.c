// USER32's character functions on Unicode characters (ASCII, Latin-1, Greek, Cyrillic, digits,
// punctuation, CJK): IsCharAlphaW, IsCharAlphaNumericW, IsCharUpperW, IsCharLowerW, CharUpperW and
// CharLowerW on a character and on a string; the ANSI forms on ASCII (the ANSI code page differs:
// wine's is 1252, polyrun's UTF-8). Not compared: digits other than ASCII's and number forms
// (U+0661, U+00B2, U+2167), which polyrun classes by the host's (glibc's) tables, where Windows'
// put them among the digits and not the letters (GetStringTypeW's known difference).
#include <stdio.h>
#include <windows.h>

int main(void) {
  static const WCHAR chars[] = {L'a', L'Z', L'5', L' ', L'!', L'_', 0x00e9, 0x00c9, 0x00df, 0x00d7, 0x03b1, 0x03a9,
                                0x0436, 0x0416, 0x4e2d, 0x3042, 0xff21, 0xff41, 0};
  for (const WCHAR* c = chars; *c; ++c) {
    WCHAR s[2] = {*c, 0};
    WCHAR up = (WCHAR)(ULONG_PTR)CharUpperW((LPWSTR)(ULONG_PTR)*c);
    WCHAR low = (WCHAR)(ULONG_PTR)CharLowerW((LPWSTR)(ULONG_PTR)*c);
    printf("U+%04X alpha %d alnum %d upper %d lower %d -> U+%04X U+%04X\n", *c, IsCharAlphaW(*c) != 0,
           IsCharAlphaNumericW(*c) != 0, IsCharUpperW(*c) != 0, IsCharLowerW(*c) != 0, up, low);
    (void)s;
  }
  WCHAR text[] = {L'a', 0x00e9, 0x03b1, 0x0436, L'1', L'!', L'Q', 0x00c9, 0};
  CharUpperW(text);
  printf("string upper:");
  for (const WCHAR* c = text; *c; ++c) printf(" %04X", *c);
  CharLowerW(text);
  printf("\nstring lower:");
  for (const WCHAR* c = text; *c; ++c) printf(" %04X", *c);
  printf("\nANSI:");
  static const char ascii[] = "aZ5 !_";
  for (const char* c = ascii; *c; ++c)
    printf(" %c:%d%d%d%d", *c, IsCharAlphaA(*c) != 0, IsCharAlphaNumericA(*c) != 0, IsCharUpperA(*c) != 0,
           IsCharLowerA(*c) != 0);
  printf("\ndone\n");
  return 0;
}
