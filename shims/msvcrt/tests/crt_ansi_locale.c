/* The C runtime's locales and code pages with bytes 0x80-0xFF: the start (the "C" locale, whose
   bytes are the characters 0-255 and only the ASCII ones classed; the multibyte code page, the
   ANSI one), setlocale's names ("", ".ACP", ".OCP", ".1252", ".932", "English" …; ".UTF-8" and
   "en-US" with the Universal CRT), ___lc_codepage_func and MB_CUR_MAX, the conversions (mbtowc,
   mblen, wctomb, btowc, wctob, mbstowcs, wcstombs, mbrtowc, wcrtomb), the classes and case of the
   bytes (_pctype, toupper, tolower, isalpha, _strupr, _mbsupr, _mbsicmp), collation (strcoll,
   _stricoll), printf's %S, %C and %hs in the "C" locale, code page 1252's and 437's; _setmbcp(932)'s lead bytes and
   _splitpath's two-byte characters. Bytes and
   UTF-16 code units are printed in hexadecimal. */
#include <ctype.h>
#include <errno.h>
#include <io.h>
#include <locale.h>
#include <mbctype.h>
#include <mbstring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#ifdef _UCRT
#define CRT_DLL "ucrtbase.dll"
#else
#define CRT_DLL "msvcrt.dll"
#endif

static void bytes(const char* s, int n) {
  for (int i = 0; i < n; ++i) printf(" %02x", (unsigned char)s[i]);
}
/* The runtime's _mbctype table (ucrtbase.dll exports __p__mbctype only). */
static unsigned char* mbctype(void) {
  HMODULE crt = GetModuleHandleA(CRT_DLL);
  unsigned char* (*p)(void) = (unsigned char* (*)(void))GetProcAddress(crt, "__p__mbctype");
  return p ? p() : (unsigned char*)GetProcAddress(crt, "_mbctype");
}

/* _splitpath of a path whose file name holds 81 5c, a backslash as the trail byte of code page 932:
   the directory and the file name in hexadecimal. */
static void split(const char* label) {
  char drive[8], dir[64], fname[64], ext[16];
  _splitpath("c:\\x\\\x81\x5c" "b.txt", drive, dir, fname, ext);
  printf("  _splitpath (%s): dir", label);
  bytes(dir, (int)strlen(dir));
  printf(", name");
  bytes(fname, (int)strlen(fname));
  printf("\n");
}

static void state(const char* label) {
  printf("%s: codepage %d, MB_CUR_MAX %d, mbcp %d\n", label, ___lc_codepage_func(), (int)MB_CUR_MAX, _getmbcp());
}

/* The conversions of single characters and strings in the current locale, and with `classes` the
   bytes' classes and case. */
static void conversions(const char* label, int classes) {
  static const unsigned char probes[] = {0x41, 0x80, 0x81, 0x82, 0x9f, 0xc9, 0xdf, 0xe9, 0xff};
  for (unsigned i = 0; i < sizeof probes; ++i) {
    char s[2] = {(char)probes[i], 0};
    wchar_t w = 0;
    errno = 0;
    int r = mbtowc(&w, s, 1);
    printf("  %02x: mbtowc %d %04x errno %d, mblen %d\n", probes[i], r, (unsigned)w, errno, mblen(s, 1));
    if (classes && probes[i] != 0x80)
      printf("      upper %02x lower %02x, alpha %x upper %x lower %x print %x punct %x space %x\n", toupper(probes[i]),
             tolower(probes[i]), isalpha(probes[i]), isupper(probes[i]), islower(probes[i]), isprint(probes[i]),
             ispunct(probes[i]), isspace(probes[i]));
  }
  static const wchar_t wides[] = {0x41, 0xe9, 0xff, 0x100, 0x20ac, 0x4e00};
  for (unsigned i = 0; i < sizeof wides / sizeof *wides; ++i) {
    char b[8] = {0};
    errno = 0;
    int r = wctomb(b, wides[i]);
    printf("  %04x: wctomb %d", (unsigned)wides[i], r);
    bytes(b, r > 0 ? r : 0);
    printf(" errno %d\n", errno);
  }
  printf("  %s btowc:", label);
  for (unsigned i = 0; i < sizeof probes; ++i) printf(" %04x", (unsigned)btowc(probes[i]));
  printf("\n  %s wctob:", label);
  for (unsigned i = 0; i < sizeof wides / sizeof *wides; ++i) printf(" %d", wctob(wides[i]));
  printf("\n");
  wchar_t w[16];
  errno = 0;
  size_t n = mbstowcs(w, "caf\xe9\x80", 16);
  printf("  mbstowcs: %d errno %d:", (int)n, errno);
  for (size_t i = 0; i < n && n != (size_t)-1; ++i) printf(" %04x", (unsigned)w[i]);
  printf("\n");
  char b[16] = {0};
  errno = 0;
  n = wcstombs(b, L"caf\x00e9\x20ac", sizeof b);
  printf("  wcstombs: %d errno %d:", (int)n, errno);
  bytes(b, n == (size_t)-1 ? 0 : (int)n);
  printf("\n");
  errno = 0;
  n = wcstombs(NULL, L"caf\x00e9", 0);
  printf("  wcstombs(NULL, caf\\xe9): %d errno %d\n", (int)n, errno);
  mbstate_t st;
  memset(&st, 0, sizeof st);
  wchar_t one = 0;
  n = mbrtowc(&one, "\xe9", 1, &st);
  printf("  mbrtowc e9: %d %04x;", (int)n, (unsigned)one);
  errno = 0;
  memset(b, 0, sizeof b);
  n = wcrtomb(b, 0x20ac, &st);
  printf(" wcrtomb 20ac: %d", (int)n);
  bytes(b, n == (size_t)-1 ? 0 : (int)n);
  printf(" errno %d\n", errno);
}

static void strings(void) {
  char s[16];
  strcpy(s, "caf\xe9\xff");
  _strupr(s);
  printf("  _strupr:");
  bytes(s, (int)strlen(s));
  _strlwr(s);
  printf("; _strlwr:");
  bytes(s, (int)strlen(s));
  unsigned char m[16];
  strcpy((char*)m, "caf\xe9");
  _mbsupr(m);
  printf("; _mbsupr:");
  bytes((char*)m, (int)strlen((char*)m));
  int c0 = _mbsicmp((const unsigned char*)"caf\xe9", (const unsigned char*)"CAF\xc9");
  printf("; _mbsicmp %d\n", c0 < 0 ? -1 : c0 > 0);
  int c2 = strcoll("e", "\xe9"), c3 = _stricoll("\xe9", "\xc9"), c4 = _stricmp("\xe9", "\xc9");
  printf("  strcoll(e, e9) %d, _stricoll(e9, c9) %d, _stricmp(e9, c9) %d\n", c2 < 0 ? -1 : c2 > 0,
         c3 < 0 ? -1 : c3 > 0, c4 < 0 ? -1 : c4 > 0);
}

/* printf's strings of the other width: %S and %C in narrow output (sprintf: -1 for a character the
   locale has no byte for, what came before it kept), %S and %hs in wide output (swprintf). */
static void formats(const char* label) {
  char b[32];
  memset(b, 0x7e, sizeof b);
  int r = sprintf(b, "<%S>", L"caf\x00e9");
  printf("  %s sprintf %%S caf\\xe9: %d", label, r);
  bytes(b, 8);
  memset(b, 0x7e, sizeof b);
  r = sprintf(b, "<%S>", L"\x20ac!");
  printf("\n  %s sprintf %%S euro: %d", label, r);
  bytes(b, 8);
  memset(b, 0x7e, sizeof b);
  r = sprintf(b, "<%C>", (wint_t)0xe9);
  printf("\n  %s sprintf %%C e9: %d", label, r);
  bytes(b, 6);
  wchar_t w[32];
  wmemset(w, 0x7e, 32);
  r = swprintf(w, 32, L"<%S>", "caf\xe9\x80");
  printf("\n  %s swprintf %%S: %d", label, r);
  for (int i = 0; i < 8; ++i) printf(" %04x", (unsigned)w[i]);
  wmemset(w, 0x7e, 32);
  r = swprintf(w, 32, L"<%hs>", "\xe9");
  printf("\n  %s swprintf %%hs: %d", label, r);
  for (int i = 0; i < 5; ++i) printf(" %04x", (unsigned)w[i]);
  printf("\n");
}

/* toupper of bytes 0x80-0xFF, and _pctype's entries of the letters 0xC0-0xFF, 16 a line. */
static void table(void) {
  for (int row = 0x80; row < 0x100; row += 16) {
    printf("  %02x:", row);
    for (int c = row; c < row + 16 && row >= 0xc0; ++c) printf(" %03x", __pctype_func()[c]);
    printf(" |");
    for (int c = row; c < row + 16; ++c) printf(" %02x", toupper(c));
    printf("\n");
  }
}

int main(void) {
  state("start");
  printf("setlocale(LC_ALL, NULL): %s\n", setlocale(LC_ALL, NULL));
  unsigned char* mbt = mbctype();
  printf("_mbctype: e9 %02x c9 %02x 81 %02x; _ismbblead(81) %d\n", mbt[0xe9 + 1], mbt[0xc9 + 1], mbt[0x81 + 1],
         _ismbblead(0x81));
  printf("\"C\" locale:\n");
  conversions("C-locale", 1);
  strings();
  formats("C");

  static const char* names[] = {"",        ".ACP",   ".OCP",        ".1252", "English_United States.1252",
                                "English", ".437",   ".932",        ".UTF-8", ".utf8",
                                "en-US",   "klingon", ".99999",     "C",      NULL};
  for (int i = 0; names[i]; ++i) {
    const char* r = setlocale(LC_ALL, names[i]);
    printf("setlocale(LC_ALL, \"%s\"): %s; ", names[i], r ? r : "(null)");
    state("now");
  }

  printf("setlocale(LC_ALL, \".1252\"): %s\n", setlocale(LC_ALL, ".1252"));
  conversions("1252", 1);
  strings();
  formats("1252");
  table();
  printf("LC_CTYPE \".OCP\" alone: %s\n", setlocale(LC_CTYPE, ".OCP"));
  printf("LC_ALL now: %s; ", setlocale(LC_ALL, NULL));
  state("now");
  printf("LC_COLLATE: %s\n", setlocale(LC_COLLATE, NULL));
  printf("setlocale(LC_ALL, \".OCP\"): %s\n", setlocale(LC_ALL, ".OCP"));
  conversions("437", 0);
  setlocale(LC_ALL, "C");
  state("back to \"C\"");

  split("1252");
  printf("_setmbcp(932): %d\n", _setmbcp(932));
  split("932");
  mbt = mbctype();
  printf("  _ismbblead 81 %d e9 %d a1 %d; _mbctype 81 %02x 40 %02x; ", _ismbblead(0x81), _ismbblead(0xe9),
         _ismbblead(0xa1), mbt[0x81 + 1], mbt[0x40 + 1]);
  state("now");
  printf("_setmbcp(_MB_CP_ANSI): %d; ", _setmbcp(_MB_CP_ANSI));
  state("now");

#ifdef _UCRT
  /* The Universal CRT's UTF-8 locale: conversions, and file names in UTF-8. */
  printf("setlocale(LC_ALL, \".UTF-8\"): %s\n", setlocale(LC_ALL, ".UTF-8"));
  wchar_t w = 0;
  int r = mbtowc(&w, "\xc3\xa9", 2);
  printf("  mbtowc c3 a9: %d %04x\n", r, (unsigned)w);
  char b[8] = {0};
  r = wctomb(b, 0x20ac);
  printf("  wctomb 20ac: %d", r);
  bytes(b, r > 0 ? r : 0);
  printf("\n");
  char name[64];
  wchar_t pattern[64];
  sprintf(name, "crt_ansi_locale%lu_caf\xc3\xa9.tmp", GetCurrentProcessId());
  int prefix = swprintf(pattern, 64, L"crt_ansi_locale%lu_", GetCurrentProcessId());
  wcscat(pattern, L"caf*.tmp");
  FILE* f = fopen(name, "w");
  printf("  fopen of a UTF-8 name: %s\n", f ? "ok" : "failed");
  if (f) fclose(f);
  struct _wfinddata_t fd;
  intptr_t h = _wfindfirst(pattern, &fd);
  if (h != -1) {
    printf("  _wfindfirst:");
    for (const wchar_t* c = fd.name + prefix; *c; ++c) printf(" %04x", (unsigned)*c);
    printf("\n");
    _findclose(h);
  }
  printf("  remove: %d\n", remove(name));
  setlocale(LC_ALL, "C");
#endif
  return 0;
}
