// SHLWAPI's string functions in both widths: finding characters and sets (StrChr, StrRChr, StrSpn,
// StrCSpn, StrPBrk, StrStrN), comparisons (StrCmp, the C forms, StrCmpLogicalW, ChrCmpI,
// StrIsIntlEqual), StrTrim, copies and concatenations (StrCpy, StrCatBuff, StrCatChainW, StrNCat),
// StrDup and SHStrDup, the conversions (SHAnsiToUnicode …), STRRET (StrRetToBuf, StrRetToStr,
// StrRetToBSTR), StrToInt(Ex/64Ex), StrFormatByteSize, StrFormatKBSize, StrFromTimeInterval and
// SHStripMneumonic. Each function is found by name in SHLWAPI.dll (GetProcAddress).
// Links: -lole32 -loleaut32
#define _WIN32_WINNT 0x0A00
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <shlobj.h>
#include <shlwapi.h>

static HMODULE dll;
static FARPROC proc(const char* name) {
  FARPROC f = GetProcAddress(dll, name);
  if (!f) {
    printf("missing %s\n", name);
    ExitProcess(1);
  }
  return f;
}
#define F(n) ((__typeof__(&n))proc(#n))

static void wprint(const WCHAR* w) {
  char buf[512];
  WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, sizeof buf, NULL, NULL);
  printf("%s", buf);
}
static int off(const void* p, const void* base, int unit) { return p ? (int)(((const char*)p - (const char*)base) / unit) : -1; }
static int sign(int v) { return v < 0 ? -1 : v > 0 ? 1 : 0; }

static void chars(void) {
  const char* a = "Hello, World and more";
  const WCHAR* w = L"Hello, World and more";
  printf("StrChr o %d/%d  O %d/%d  StrChrI O %d/%d  z %d/%d  nul %d/%d\n", off(F(StrChrA)(a, 'o'), a, 1),
         off(F(StrChrW)(w, L'o'), w, 2), off(F(StrChrA)(a, 'O'), a, 1), off(F(StrChrW)(w, L'O'), w, 2),
         off(F(StrChrIA)(a, 'O'), a, 1), off(F(StrChrIW)(w, L'O'), w, 2), off(F(StrChrIA)(a, 'z'), a, 1),
         off(F(StrChrIW)(w, L'z'), w, 2), off(F(StrChrA)(NULL, 'a'), a, 1), off(F(StrChrW)(NULL, L'a'), w, 2));
  printf("StrChrNW o/3 %d o/5 %d o/50 %d\n", off(F(StrChrNW)(w, L'o', 3), w, 2), off(F(StrChrNW)(w, L'o', 5), w, 2),
         off(F(StrChrNW)(w, L'o', 50), w, 2));
  printf("StrRChr o %d/%d end10 %d/%d  StrRChrI O %d/%d end7 %d/%d\n", off(F(StrRChrA)(a, NULL, 'o'), a, 1),
         off(F(StrRChrW)(w, NULL, L'o'), w, 2), off(F(StrRChrA)(a, a + 10, 'o'), a, 1),
         off(F(StrRChrW)(w, w + 10, L'o'), w, 2), off(F(StrRChrIA)(a, NULL, 'O'), a, 1),
         off(F(StrRChrIW)(w, NULL, L'O'), w, 2), off(F(StrRChrIA)(a, a + 7, 'O'), a, 1),
         off(F(StrRChrIW)(w, w + 7, L'O'), w, 2));
  printf("StrSpn %d/%d StrCSpn %d/%d StrCSpnI %d/%d none %d/%d null %d\n", F(StrSpnA)(a, "leH"), F(StrSpnW)(w, L"leH"),
         F(StrCSpnA)(a, "W,"), F(StrCSpnW)(w, L"W,"), F(StrCSpnIA)(a, "w"), F(StrCSpnIW)(w, L"w"), F(StrCSpnA)(a, "xyz"),
         F(StrCSpnW)(w, L"xyz"), F(StrSpnA)(NULL, "a"));
  printf("StrPBrk %d/%d empty %d/%d\n", off(F(StrPBrkA)(a, "dW"), a, 1), off(F(StrPBrkW)(w, L"dW"), w, 2),
         off(F(StrPBrkA)(a, ""), a, 1), off(F(StrPBrkW)(w, L""), w, 2));
  printf("StrStrNW %d %d  StrStrNIW %d %d\n", off(F(StrStrNW)(w, L"and", 20), w, 2), off(F(StrStrNW)(w, L"and", 13), w, 2),
         off(F(StrStrNIW)(w, L"WORLD", 8), w, 2), off(F(StrStrNIW)(w, L"WORLD", 7), w, 2));
  printf("IsCharSpace ' ' %d/%d 'a' %d/%d tab %d lf %d\n", F(IsCharSpaceA)(' '), F(IsCharSpaceW)(L' '),
         F(IsCharSpaceA)('a'), F(IsCharSpaceW)(L'a'), F(IsCharSpaceW)(L'\t'), F(IsCharSpaceA)('\n'));
}

static void compares(void) {
  static const char* const pairs[][2] = {{"abc", "abc"}, {"abc", "abd"}, {"abd", "abc"}, {"abc", "ABC"},
                                         {"ab", "abc"}, {"abc", "ab"}, {"", "a"}, {"hello", "HELLO"}, {"Abc", "abd"}, {"b-c", "bc"}};
  for (int i = 0; i < 10; ++i) {
    const char* x = pairs[i][0];
    const char* y = pairs[i][1];
    WCHAR wx[16], wy[16];
    MultiByteToWideChar(CP_UTF8, 0, x, -1, wx, 16);
    MultiByteToWideChar(CP_UTF8, 0, y, -1, wy, 16);
    printf("[%s|%s] StrCmpW %d StrCmpIW %d intl %d%d/%d%d\n", x, y, sign(F(StrCmpW)(wx, wy)), sign(F(StrCmpIW)(wx, wy)),
           F(StrIsIntlEqualA)(TRUE, x, y, 2), F(StrIsIntlEqualA)(FALSE, x, y, -1), F(StrIsIntlEqualW)(TRUE, wx, wy, 2),
           F(StrIsIntlEqualW)(FALSE, wx, wy, -1));
    // (StrCmpNC of a string shorter than n: wine compares past its end; not asked here.)
    printf("C [%s|%s] C %d/%d IC %d/%d", x, y, sign(F(StrCmpCA)(x, y)), sign(F(StrCmpCW)(wx, wy)),
           sign(F(StrCmpICA)(x, y)), sign(F(StrCmpICW)(wx, wy)));
    if (*x && *y)
      printf(" NC2 %d/%d NIC2 %d/%d", sign(F(StrCmpNCA)(x, y, 2)), sign(F(StrCmpNCW)(wx, wy, 2)),
             sign(F(StrCmpNICA)(x, y, 2)), sign(F(StrCmpNICW)(wx, wy, 2)));
    printf("\n");
  }
  printf("IntlStrEqWorker %d %d\n", F(IntlStrEqWorkerA)(FALSE, "aBc", "AbC", 3), F(IntlStrEqWorkerW)(TRUE, L"aBc", L"AbC", 3));
  static const WCHAR* const logical[][2] = {{L"file2", L"file10"}, {L"file10", L"file2"}, {L"a1b", L"a01b"},
                                            {L"abc", L"ABD"}, {L"1abc", L"abc"}, {L"x", L"x1"}, {L"x20y", L"x20z"}};
  for (int i = 0; i < 7; ++i) {
    wprint(logical[i][0]);
    printf("|");
    wprint(logical[i][1]);
    printf(" logical %d\n", F(StrCmpLogicalW)(logical[i][0], logical[i][1]));
  }
  printf("ChrCmpI a/A %d/%d a/b %d/%d\n", F(ChrCmpIA)('a', 'A'), F(ChrCmpIW)(L'a', L'A'), F(ChrCmpIA)('a', 'b') != 0,
         F(ChrCmpIW)(L'a', L'b') != 0);
}

static void trims(void) {
  static const char* const cases[][2] = {{"  hi there  ", " "}, {"xxhixx", "x"}, {"hi", "x"}, {"xxxx", "x"},
                                         {"", " "}, {"--a-b--", "-"}};
  for (int i = 0; i < 6; ++i) {
    char a[32];
    WCHAR w[32], wt[8];
    strcpy(a, cases[i][0]);
    MultiByteToWideChar(CP_UTF8, 0, cases[i][0], -1, w, 32);
    MultiByteToWideChar(CP_UTF8, 0, cases[i][1], -1, wt, 8);
    int ra = F(StrTrimA)(a, cases[i][1]);
    int rw = F(StrTrimW)(w, wt);
    printf("StrTrim [%s] %d [%s] %d [", cases[i][0], ra, a, rw);
    wprint(w);
    printf("]\n");
  }
}

static void buffers(void) {
  WCHAR w[32];
  char a[32];
  F(StrCpyW)(w, L"abc");
  F(StrCatW)(w, L"def");
  wprint(w);
  F(StrCpyNW)(w, L"123456", 4);
  printf(" StrCpyNW4 [");
  wprint(w);
  printf("]");
  strcpy(a, "abc");
  F(StrCatBuffA)(a, "defghij", 6);
  F(StrCpyW)(w, L"abc");
  F(StrCatBuffW)(w, L"defghij", 6);
  printf(" StrCatBuff [%s] [", a);
  wprint(w);
  printf("]");
  strcpy(a, "abc");
  F(StrNCatA)(a, "defghij", 3);
  F(StrCpyW)(w, L"abc");
  F(StrNCatW)(w, L"defghij", 3);
  printf(" StrNCat [%s] [", a);
  wprint(w);
  printf("]\n");
  F(StrCpyW)(w, L"abc");
  DWORD r1 = F(StrCatChainW)(w, 32, -1, L"def");
  DWORD r2 = F(StrCatChainW)(w, 8, r1, L"ghijk");
  DWORD r3 = F(StrCatChainW)(w, 8, 1, L"Z");
  DWORD r4 = F(StrCatChainW)(w, 0, 5, L"Z");
  printf("StrCatChainW %lu %lu %lu %lu [", r1, r2, r3, r4);
  wprint(w);
  printf("]\n");

  char* d = F(StrDupA)("dup me");
  WCHAR* dw = F(StrDupW)(L"dup wide");
  char* dn = F(StrDupA)(NULL);
  printf("StrDup [%s] [", d);
  wprint(dw);
  printf("] null [%s] %d\n", dn, LocalFree(d) == NULL && LocalFree(dw) == NULL && LocalFree(dn) == NULL);
  WCHAR* s1 = NULL;
  WCHAR* s2 = (WCHAR*)1;
  HRESULT h1 = F(SHStrDupA)("ansi", &s1);
  HRESULT h2 = F(SHStrDupW)(NULL, &s2);
  printf("SHStrDup %#lx [", (unsigned long)h1);
  wprint(s1);
  printf("] %#lx null %d\n", (unsigned long)h2, s2 == NULL);
  CoTaskMemFree(s1);

  int n1 = F(SHAnsiToUnicode)("hello", w, 32);
  int n2 = F(SHUnicodeToAnsi)(L"wide", a, 32);
  int n3 = F(SHUnicodeToAnsi)(L"truncated", a, 4);
  printf("SHAnsiToUnicode %d SHUnicodeToAnsi %d trunc %d [%s]", n1, n2, n3, a);
  int n4 = F(SHAnsiToAnsi)("abcdef", a, 10);
  int n5 = F(SHAnsiToAnsi)("abcdef", a, 4);
  int n6 = F(SHUnicodeToUnicode)(L"abcdef", w, 10);
  int n7 = F(SHUnicodeToUnicode)(L"abcdef", w, 4);
  printf(" SHAnsiToAnsi %d %d [%s] SHUnicodeToUnicode %d %d [", n4, n5, a, n6, n7);
  wprint(w);
  printf("]\n");
}

static void strrets(void) {
  STRRET sr;
  char a[64];
  WCHAR w[64];
  // An ITEMIDLIST whose first item holds a name at offset 2.
  static const char pidl[] = {10, 0, 'i', 't', 'e', 'm', '.', 't', 'x', 't', 0, 0, 0, 0};
  sr.uType = STRRET_CSTR;
  strcpy(sr.cStr, "c string");
  HRESULT h1 = F(StrRetToBufA)(&sr, NULL, a, 64);
  HRESULT h2 = F(StrRetToBufW)(&sr, NULL, w, 64);
  printf("CSTR %#lx [%s] %#lx [", (unsigned long)h1, a, (unsigned long)h2);
  wprint(w);
  printf("]");
  sr.uType = STRRET_OFFSET;
  sr.uOffset = 2;
  h1 = F(StrRetToBufA)(&sr, (LPCITEMIDLIST)pidl, a, 5);
  h2 = F(StrRetToBufW)(&sr, (LPCITEMIDLIST)pidl, w, 64);
  printf(" OFFSET %#lx [%s] %#lx [", (unsigned long)h1, a, (unsigned long)h2);
  wprint(w);
  printf("]\n");
  sr.uType = STRRET_WSTR;
  sr.pOleStr = CoTaskMemAlloc(16);
  memcpy(sr.pOleStr, L"wide!", 12);
  h1 = F(StrRetToBufW)(&sr, NULL, w, 64);
  printf("WSTR %#lx [", (unsigned long)h1);
  wprint(w);
  sr.uType = STRRET_WSTR;
  sr.pOleStr = CoTaskMemAlloc(16);
  memcpy(sr.pOleStr, L"wide!", 12);
  h1 = F(StrRetToBufW)(&sr, NULL, w, 3);
  printf("] small %#lx [", (unsigned long)h1);
  wprint(w);
  sr.pOleStr = CoTaskMemAlloc(16);
  memcpy(sr.pOleStr, L"wide!", 12);
  h1 = F(StrRetToBufA)(&sr, NULL, a, 64);
  printf("] A %#lx [%s]\n", (unsigned long)h1, a);

  char* sa = NULL;
  WCHAR* sw = NULL;
  BSTR b = NULL;
  sr.uType = STRRET_CSTR;
  strcpy(sr.cStr, "to str");
  h1 = F(StrRetToStrA)(&sr, NULL, &sa);
  h2 = F(StrRetToStrW)(&sr, NULL, &sw);
  HRESULT h3 = F(StrRetToBSTR)(&sr, NULL, &b);
  printf("StrRetToStr %#lx [%s] %#lx [", (unsigned long)h1, sa, (unsigned long)h2);
  wprint(sw);
  printf("] BSTR %#lx [", (unsigned long)h3);
  wprint(b);
  printf("] len %u\n", b ? ((UINT*)b)[-1] : 0);
  CoTaskMemFree(sa);
  CoTaskMemFree(sw);
  sr.uType = 7;
  sa = (char*)1;
  h1 = F(StrRetToStrA)(&sr, NULL, &sa);
  h2 = F(StrRetToBufA)(&sr, NULL, a, 64);
  printf("unknown type %#lx null %d %#lx\n", (unsigned long)h1, sa == NULL, (unsigned long)h2);
}

static void numbers(void) {
  static const char* const texts[] = {"123", "  -42abc", "+7", "0x1F", "-0x10", "abc", "", "\t\n 99", "4294967297",
                                      "0x", "9223372036854775807"};
  for (int i = 0; i < 11; ++i) {
    WCHAR w[32];
    MultiByteToWideChar(CP_UTF8, 0, texts[i], -1, w, 32);
    int v1 = -9, v2 = -9;
    LONGLONG v3 = -9, v4 = -9;
    BOOL r1 = F(StrToIntExA)(texts[i], STIF_SUPPORT_HEX, &v1);
    BOOL r2 = F(StrToIntExW)(w, STIF_DEFAULT, &v2);
    BOOL r3 = F(StrToInt64ExA)(texts[i], STIF_SUPPORT_HEX, &v3);
    BOOL r4 = F(StrToInt64ExW)(w, STIF_SUPPORT_HEX, &v4);
    printf("[%s] StrToInt %d/%d Ex %d:%d %d:%d 64 %d:%lld %d:%lld\n", texts[i][0] == '\t' ? "tab" : texts[i],
           F(StrToIntA)(texts[i]), F(StrToIntW)(w), r1, v1, r2, v2, r3, v3, r4, v4);
  }
  static const LONGLONG sizes[] = {0, 532, 1023, 1024, 1536, 10240, 123456, 1048575, 1048576, 5000000, 1073741824,
                                   123456789012LL, 1099511627776LL, 1234567890123456LL, 0x7fffffffffffffffLL, -1};
  for (int i = 0; i < 16; ++i) {
    char a[64], a64[64], kb[64];
    WCHAR w[64], kbw[64];
    F(StrFormatByteSizeA)((DWORD)sizes[i], a, 64);
    F(StrFormatByteSize64A)(sizes[i], a64, 64);
    F(StrFormatByteSizeW)(sizes[i], w, 64);
    // (StrFormatKBSize of the largest sizes overflows its rounding up: not asked.)
    const LONGLONG kbsize = sizes[i] > 0x7fffffffffffLL ? 0 : sizes[i];
    char* k = F(StrFormatKBSizeA)(kbsize, kb, 64);
    WCHAR* kw = F(StrFormatKBSizeW)(kbsize, kbw, 64);
    printf("%lld: [%s] [%s] [", sizes[i], a, a64);
    wprint(w);
    printf("] KB [%s] [", k ? kb : "NULL");
    wprint(kw ? kbw : L"NULL");
    printf("]\n");
  }
  char small[8];
  printf("KB small %s", F(StrFormatKBSizeA)(123456789, small, 8) ? "ok" : "NULL");
  WCHAR smallw[8];
  printf(" W %s\n", F(StrFormatKBSizeW)(123456789, smallw, 8) ? "ok" : "NULL");

  static const DWORD times[] = {0, 499, 500, 1000, 59499, 61000, 3600000, 3661000, 12345678, 86399000};
  static const int digits[] = {1, 2, 3, 6};
  for (int i = 0; i < 10; ++i) {
    printf("%lu ms:", times[i]);
    for (int j = 0; j < 4; ++j) {
      WCHAR w[64];
      int r = F(StrFromTimeIntervalW)(w, 64, times[i], digits[j]);
      printf(" %d[", r);
      wprint(w);
      printf("]");
    }
    char a[64];
    F(StrFromTimeIntervalA)(a, 64, times[i], 3);
    printf(" A[%s]\n", a);
  }
  WCHAR w[8];
  int r = F(StrFromTimeIntervalW)(w, 8, 3661000, 6);
  printf("small %d [", r);
  wprint(w);
  printf("] zero digits %d\n", F(StrFromTimeIntervalW)(w, 8, 3661000, 0));
}

static void mnemonics(void) {
  static const char* const texts[] = {"&File", "Fi&le", "A&&B", "No mnemonic", "End&", "&&x&y"};
  for (int i = 0; i < 6; ++i) {
    char a[32];
    WCHAR w[32];
    strcpy(a, texts[i]);
    MultiByteToWideChar(CP_UTF8, 0, texts[i], -1, w, 32);
    char ca = F(SHStripMneumonicA)(a);
    WCHAR cw = F(SHStripMneumonicW)(w);
    printf("[%s] %c [%s] %c [", texts[i], ca, a, (char)cw);
    wprint(w);
    printf("]\n");
  }
}

int main(void) {
  dll = LoadLibraryA("shlwapi.dll");
  chars();
  compares();
  trims();
  buffers();
  strrets();
  numbers();
  mnemonics();
  return 0;
}
