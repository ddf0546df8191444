/* Code pages: GetACP/GetOEMCP, IsValidCodePage and GetCPInfoEx of every page, each table page's
 * bytes → UTF-16 (a hash of all 256 bytes, and of every lead byte's pairs), which bytes are invalid
 * characters, UTF-16 → bytes without best fit (a hash over the whole Basic Multilingual Plane), and
 * MultiByteToWideChar / WideCharToMultiByte's flags, errors, DBCS edges, UTF-7, UTF-8 and CP_SYMBOL.
 * Expected output: wine 8.0's (x64). */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static unsigned hash16(const WCHAR *w, int n, unsigned h) { for (int i = 0; i < n; i++) h = h * 31 + w[i]; return h; }
static unsigned hash8(const char *s, int n, unsigned h) { for (int i = 0; i < n; i++) h = h * 31 + (unsigned char)s[i]; return h; }

static void mb(UINT cp, DWORD fl, const char *s, int n) {
  WCHAR w[64];
  SetLastError(0);
  int r = MultiByteToWideChar(cp, fl, s, n, w, 64);
  printf("mb %u %lx [", cp, fl);
  for (int i = 0; i < (n < 0 ? (int)strlen(s) : n); i++) printf("%02x", (unsigned char)s[i]);
  printf("] -> %d err=%lu:", r, GetLastError());
  for (int i = 0; i < r; i++) printf(" %04x", w[i]);
  printf("\n");
}
static void wc(UINT cp, DWORD fl, const WCHAR *s, int n, const char *def, int usedp) {
  char o[64];
  BOOL used = 7;
  SetLastError(0);
  int r = WideCharToMultiByte(cp, fl, s, n, o, 64, def, usedp ? &used : NULL);
  printf("wc %u %lx [", cp, fl);
  for (int i = 0; i < n; i++) printf("%04x ", s[i]);
  printf("] -> %d err=%lu used=%d:", r, GetLastError(), used);
  for (int i = 0; i < r; i++) printf(" %02x", (unsigned char)o[i]);
  printf("\n");
}

static WCHAR bmp[0xF800];
static char bytes_out[0x20000];

int main(void) {
  static const UINT cps[] = {0, 1, 2, 3, 37, 42, 437, 500, 737, 775, 850, 852, 855, 857, 858, 860, 861, 862, 863,
                             864, 865, 866, 869, 874, 875, 932, 936, 949, 950, 1026, 1200, 1250, 1251, 1252, 1253,
                             1254, 1255, 1256, 1257, 1258, 10000, 10007, 10079, 20127, 20866, 21866, 28591, 28592,
                             28593, 28594, 28595, 28596, 28597, 28598, 28599, 28603, 28605, 50220, 51932, 54936,
                             65000, 65001, 99};
  printf("acp=%u oem=%u\n", GetACP(), GetOEMCP());
  int nbmp = 0;
  for (int c = 1; c < 0x10000; c++)
    if (c < 0xD800 || c >= 0xE000) bmp[nbmp++] = (WCHAR)c;
  for (unsigned i = 0; i < sizeof cps / sizeof *cps; i++) {
    UINT cp = cps[i];
    CPINFOEXW x;
    memset(&x, 0, sizeof x);
    BOOL v = IsValidCodePage(cp), ok = GetCPInfoExW(cp, 0, &x);
    printf("%u valid=%d info=%d", cp, v, ok);
    if (ok) {
      printf(" max=%u def=%02x%02x lead=", x.MaxCharSize, x.DefaultChar[0], x.DefaultChar[1]);
      for (int j = 0; j < 12 && x.LeadByte[j]; j++) printf("%02x", x.LeadByte[j]);
      printf(" udef=%04x cp=%u name=%ls", x.UnicodeDefaultChar, x.CodePage, x.CodePageName);
    }
    printf("\n");
    if (!v || cp == 65000 || cp == 65001) continue;
    /* single bytes, and which are invalid characters */
    unsigned hs = 0, hv = 0, hp = 0;
    for (int b = 0; b < 256; b++) {
      char s[1] = {(char)b};
      WCHAR w[2];
      int r = MultiByteToWideChar(cp, 0, s, 1, w, 2);
      hs = hash16(w, r, hs * 7 + r);
      hv = hv * 3 + (MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, s, 1, w, 2) != 0);
      if (IsDBCSLeadByteEx(cp, b)) {  /* the pairs: "L t" for every trail but NUL */
        char row[510];
        WCHAR wr[256];
        for (int t = 1; t < 256; t++) row[2 * (t - 1)] = (char)b, row[2 * (t - 1) + 1] = (char)t;
        int n = MultiByteToWideChar(cp, 0, row, 510, wr, 256);
        hp = hash16(wr, n, hp * 7 + n);
      }
    }
    BOOL used = 0;
    int n = WideCharToMultiByte(cp, WC_NO_BEST_FIT_CHARS, bmp, nbmp, bytes_out, sizeof bytes_out, NULL, &used);
    printf("  single=%08x invalid=%08x pairs=%08x back=%d/%08x\n", hs, hv, hp, n, hash8(bytes_out, n, 0));
  }
  /* MB_USEGLYPHCHARS: the IBM PC glyphs on an OEM page, nothing on an ANSI one */
  mb(437, MB_USEGLYPHCHARS, "\x01\x02\x1f\x7f\x41\x0a", 6);
  mb(850, MB_USEGLYPHCHARS, "\x01\x0f\x7f", 3);
  mb(1252, MB_USEGLYPHCHARS, "\x01\x02\x1f\x7f\x41", 5);
  /* DBCS edges: a lead byte at the end, before a NUL, before an invalid trail; user-defined areas */
  mb(932, 0, "\x82\xa0\x41\x81", 4);
  mb(932, 0, "\x82\xa0\x41\x81\x20", 5);
  mb(932, 0, "\xa0\xfd\xfe\xff\x85\x40\xf0\x40", 8);
  mb(932, MB_ERR_INVALID_CHARS, "\x82\xa0\x41\x81", 4);
  mb(932, MB_ERR_INVALID_CHARS, "\x85\x40", 2);
  mb(932, 0, "\x82\xa0\x82", -1);
  mb(936, 0, "\xc4\xe3\xba\xc3\x80\xff\x81\x30", 8);
  mb(936, 0, "\xaa\xa1\xa1\x40\xfe\x50", 6);
  mb(949, 0, "\xc7\xd1\xb1\xdb\x80\xff\xc9", 7);
  mb(949, 0, "\xc9\xa1\xfe\xfe", 4);
  mb(950, 0, "\xa4\xa4\xa4\xe5\x80\xff\xa1", 7);
  mb(950, 0, "\xfa\x40\x8e\x40\x81\x40", 6);
  /* flags and errors */
  mb(1252, MB_PRECOMPOSED, "a\xe9", 2);
  mb(1252, 0x100, "a", 1);
  mb(65000, MB_PRECOMPOSED, "a", 1);
  mb(42, 0, "a\x01\xff", 3);
  mb(99, 0, "a", 1);
  mb(1252, 0, "a", 0);
  /* UTF-8: a bad byte, a sequence cut short, overlong and surrogate forms */
  mb(65001, 0, "\xc3\xa9\xff\xe2\x82", 5);
  mb(65001, 0, "\xe2\x41\xc0\xaf\xed\xa0\x80\xf0\x9f\x98\x80", 11);
  mb(65001, MB_ERR_INVALID_CHARS, "\xc3\xa9\xff", 3);
  /* UTF-7 */
  mb(65000, 0, "Hi +AOkgrA- +- a+ZeVnLIqe-.", -1);
  {
    WCHAR t[] = {'H', 'i', ' ', 0xe9, 0x20ac, ' ', '+', ' ', 0x65e5, 0x672c, 0x8a9e, '.', 'a', 0xe9, 'b', 0};
    wc(65000, 0, t, 15, NULL, 0);
  }
  {
    WCHAR t1[] = {0x41, 0xe9, 0x20ac, 0x100, 0x3042, 0xff21, 0xd800, 0x81};
    wc(1252, WC_NO_BEST_FIT_CHARS, t1, 8, NULL, 1);
    wc(1252, WC_NO_BEST_FIT_CHARS, t1, 8, "*", 1);
    wc(1252, 0, t1, 2, NULL, 1);
    wc(1252, 0x8000000, t1, 3, NULL, 0);
    wc(437, WC_NO_BEST_FIT_CHARS, t1, 8, NULL, 1);
    wc(20127, WC_NO_BEST_FIT_CHARS, t1, 8, NULL, 1);
    wc(932, WC_NO_BEST_FIT_CHARS, t1, 8, NULL, 1);
    wc(936, WC_NO_BEST_FIT_CHARS, t1, 8, NULL, 1);
    wc(949, WC_NO_BEST_FIT_CHARS, t1, 8, NULL, 1);
    wc(950, WC_NO_BEST_FIT_CHARS, t1, 8, NULL, 1);
    wc(65001, 0, t1, 8, NULL, 0);
    wc(65001, WC_ERR_INVALID_CHARS, t1, 8, NULL, 0);
    WCHAR t2[] = {0x2252, 0x2261, 0x2235, 0xffe2, 0x2170, 0xff5e, 0x301c, 0x2016, 0x2212, 0x00a5, 0x203e};
    wc(932, WC_NO_BEST_FIT_CHARS, t2, 11, NULL, 1);
    WCHAR t3[] = {0x01, 0xf041, 0xf0ff, 0x41};
    wc(42, 0, t3, 3, NULL, 0);
    wc(42, 0, t3, 4, NULL, 0);
  }
  /* buffers too small: the part that fits is written */
  {
    char o[3];
    WCHAR w[1];
    SetLastError(0);
    int r = WideCharToMultiByte(932, 0, L"\x3042\x3044", 2, o, 2, NULL, NULL);
    printf("small %d %lu\n", r, GetLastError());
    SetLastError(0);
    r = WideCharToMultiByte(932, 0, L"\x3042\x3044", 2, o, 3, NULL, NULL);
    printf("small3 %d %lu %02x%02x\n", r, GetLastError(), (unsigned char)o[0], (unsigned char)o[1]);
    SetLastError(0);
    r = MultiByteToWideChar(932, 0, "\x82\xa0\x82\xa2", 4, w, 1);
    printf("smallw %d %lu %04x\n", r, GetLastError(), w[0]);
    printf("count %d %d\n", MultiByteToWideChar(932, 0, "\x82\xa0\x82\xa2", 4, NULL, 0),
           WideCharToMultiByte(932, 0, L"\x3042z", -1, NULL, 0, NULL, NULL));
  }
  printf("lead932 %d %d %d %d\n", IsDBCSLeadByteEx(932, 0x81), IsDBCSLeadByteEx(932, 0xa0),
         IsDBCSLeadByteEx(932, 0xfc), IsDBCSLeadByteEx(1252, 0x81));
  printf("leadacp %d\n", IsDBCSLeadByte(0x81));
  {
    CPINFO ci;
    CPINFOEXA xa;
    printf("cpinfo %d", GetCPInfo(CP_ACP, &ci));
    printf(" max=%u %02x\n", ci.MaxCharSize, ci.DefaultChar[0]);
    printf("cpinfoexa %d %u %s\n", GetCPInfoExA(CP_OEMCP, 0, &xa), xa.CodePage, xa.CodePageName);
  }
  return 0;
}
