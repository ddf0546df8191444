/* The multibyte code page and its functions (_setmbcp, _mbctype, _ismbb*, _ismbc*, _mbc*, _mbs*)
 * in the "C" locale's single bytes and in UTF-8 (65001), code pages every Windows has; results,
 * out-parameters, errno and the strings changed in place. Comparisons print their sign. */
#include <errno.h>
#include <mbctype.h>
#include <mbstring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#ifdef _UCRT
unsigned char* __cdecl __p__mbctype(void);
#define MBCTYPE (__p__mbctype())
#else
/* msvcrt.dll's variable itself (<mbctype.h> reads it as a pointer): its import slot holds its address. */
#define MBCTYPE ((unsigned char*)__MINGW_IMP_SYMBOL(_mbctype))
#endif

#define NUL(p) ((p) ? "set" : "null")
static int sign(int v) { return v < 0 ? -1 : v > 0 ? 1 : 0; }
static int invalid_calls;
static void on_invalid(const wchar_t* e, const wchar_t* f, const wchar_t* file, unsigned line, uintptr_t r) {
  (void)e; (void)f; (void)file; (void)line; (void)r;
  ++invalid_calls;
}

static void show_table(const char* when) {
  const unsigned char* t = MBCTYPE;
  int c, n = 0;
  printf("%s: _getmbcp %d; _mbctype:", when, _getmbcp());
  for (c = 0; c < 256; ++c)
    if (t[c + 1]) {
      if (n++ < 70) printf(" %02x=%02x", c, t[c + 1]);
    }
  printf(" (%d bytes flagged, EOF's %02x)\n", n, t[0]);
}

static void show_bytes(void) {
  static const unsigned c[] = {0x00, 0x20, 0x41, 0x61, 0x7f, 0x80, 0x81, 0xa1, 0xc3, 0xdf, 0xe0, 0xff, 0x141};
  size_t i;
  for (i = 0; i < sizeof c / sizeof c[0]; ++i)
    printf("byte %03x: lead %d trail %d kana %d type0 %d type1 %d\n", c[i], _ismbblead(c[i]), _ismbbtrail(c[i]),
           _ismbbkana(c[i]), _mbbtype((unsigned char)c[i], 0), _mbbtype((unsigned char)c[i], 1));
}

static void show_chars(void) {
  static const unsigned c[] = {'A', 'z', '5', ' ', '!', '\t', '_', 0x7f, 0x8140, 0x829f};
  size_t i;
  for (i = 0; i < sizeof c / sizeof c[0]; ++i)
    printf("char %04x: alpha %d alnum %d digit %d graph %d lower %d upper %d space %d punct %d print %d "
           "legal %d lower-> %x upper-> %x\n",
           c[i], !!_ismbcalpha(c[i]), !!_ismbcalnum(c[i]), !!_ismbcdigit(c[i]), !!_ismbcgraph(c[i]),
           !!_ismbclower(c[i]), !!_ismbcupper(c[i]), !!_ismbcspace(c[i]), !!_ismbcpunct(c[i]), !!_ismbcprint(c[i]),
           _ismbclegal(c[i]), _mbctolower(c[i]), _mbctoupper(c[i]));
}

static void show_symbols(void) {
  printf("symbol: A %d 5 %d space %d ! %d _ %d\n", !!_ismbcsymbol('A'), !!_ismbcsymbol('5'), !!_ismbcsymbol(' '),
         !!_ismbcsymbol('!'), !!_ismbcsymbol('_'));
}

static void show_japanese(void) {
  /* Code page 932's functions: in another code page JIS values and katakana are left as they are. */
  printf("jistojms 2121 %x 2422 %x 7f7f %x; jmstojis 8140 %x 889f %x 0041 %x\n", _mbcjistojms(0x2121),
         _mbcjistojms(0x2422), _mbcjistojms(0x7f7f), _mbcjmstojis(0x8140), _mbcjmstojis(0x889f), _mbcjmstojis(0x41));
  printf("hira 82a0 %d kata 8341 %d l0 8140 %d l1 889f %d l2 989f %d; tohira 8341 %x tokata 82a0 %x\n",
         _ismbchira(0x82a0), _ismbckata(0x8341), _ismbcl0(0x8140), _ismbcl1(0x889f), _ismbcl2(0x989f),
         _mbctohira(0x8341), _mbctokata(0x82a0));
  printf("mbbtombc 41 %x b1 %x; mbctombb 8260 %x 8341 %x\n", _mbbtombc(0x41), _mbbtombc(0xb1), _mbctombb(0x8260),
         _mbctombb(0x8341));
}

static void show_strings(void) {
  unsigned char buf[32], small[4];
  const unsigned char* s = (const unsigned char*)"Hello, World";
  unsigned char* tok;
  unsigned char* ctx = NULL;
  int copied = -1, r;
  unsigned char* dup;

  printf("len %u nlen5 %u nlen50 %u strlen %u nccnt5 %u nbcnt5 %u nccnt50 %u\n", (unsigned)_mbslen(s),
         (unsigned)_mbsnlen(s, 5), (unsigned)_mbsnlen(s, 50), (unsigned)_mbstrlen((const char*)s),
         (unsigned)_mbsnccnt(s, 5), (unsigned)_mbsnbcnt(s, 5), (unsigned)_mbsnccnt(s, 50));
  printf("inc +%d dec(start) %s dec +%d ninc3 +%d ninc99 +%d clen %u nextc %x\n", (int)(_mbsinc(s) - s),
         NUL(_mbsdec(s, s)), (int)(_mbsdec(s, s + 4) - s), (int)(_mbsninc(s, 3) - s), (int)(_mbsninc(s, 99) - s),
         (unsigned)_mbclen(s), _mbsnextc(s + 1));
  printf("btype(4) %d btype(99) %d slead %d strail %d\n", _mbsbtype(s, 4), _mbsbtype((const unsigned char*)"ab", 5),
         _ismbslead(s, s + 2), _ismbstrail(s, s + 2));

  memset(buf, 'x', sizeof buf);
  _mbccpy(buf, s);
  r = _mbccpy_s(small, sizeof small, &copied, s + 4);
  printf("mbccpy %c%c; mbccpy_s %d copied %d '%c'\n", buf[0], buf[1], r, copied, small[0]);
  memset(buf, 'x', sizeof buf);
  _mbsncpy(buf, (const unsigned char*)"abc", 6);
  printf("ncpy %d %d %d %d %d %d %c\n", buf[0], buf[1], buf[2], buf[3], buf[4], buf[5], buf[6]);
  memset(buf, 'x', sizeof buf);
  _mbsnbcpy(buf, (const unsigned char*)"abcdef", 3);
  printf("nbcpy %.5s\n", buf);
  r = _mbsnbcpy_s(small, sizeof small, (const unsigned char*)"abcdef", 3);
  printf("nbcpy_s %d '%s'\n", r, small);
  r = _mbsnbcpy_s(small, sizeof small, (const unsigned char*)"abcdef", 5);
  printf("nbcpy_s long %d '%s'\n", r, small);
  r = _mbscpy_s(small, sizeof small, (const unsigned char*)"abc");
  printf("cpy_s %d '%s'\n", r, small);
  invalid_calls = 0;
  errno = 0;
  r = _mbscpy_s(small, sizeof small, (const unsigned char*)"abcd");
  printf("cpy_s long %d '%s' errno %d invalid %d\n", r, small, errno, invalid_calls);
  strcpy((char*)buf, "ab");
  r = _mbscat_s(buf, sizeof buf, (const unsigned char*)"cd");
  printf("cat_s %d '%s'\n", r, buf);
  strcpy((char*)small, "ab");
  invalid_calls = 0;
  errno = 0;
  r = _mbscat_s(small, sizeof small, (const unsigned char*)"cd");
  printf("cat_s long %d '%s' errno %d invalid %d\n", r, small, errno, invalid_calls);
  strcpy((char*)buf, "ab");
  _mbsncat(buf, (const unsigned char*)"cdef", 2);
  _mbsnbcat(buf, (const unsigned char*)"ghij", 3);
  printf("ncat+nbcat '%s'\n", buf);
  strcpy((char*)small, "ab");
  errno = 0;
  r = _mbsnbcat_s(small, sizeof small, (const unsigned char*)"cdef", 1);
  printf("nbcat_s %d '%s'", r, small);
  r = _mbsnbcat_s(small, sizeof small, (const unsigned char*)"cdef", 3);
  printf("; again %d '%s' errno %d\n", r, small, errno);
  dup = _mbsdup(s);
  printf("dup '%s'\n", dup);
  free(dup);

  printf("cmp %d %d %d icmp %d %d ncmp %d %d nicmp %d nbcmp %d %d nbicmp %d\n",
         sign(_mbscmp((const unsigned char*)"abc", (const unsigned char*)"abd")),
         sign(_mbscmp((const unsigned char*)"abc", (const unsigned char*)"abc")),
         sign(_mbscmp((const unsigned char*)"b", (const unsigned char*)"\xe9")),
         sign(_mbsicmp((const unsigned char*)"ABC", (const unsigned char*)"abc")),
         sign(_mbsicmp((const unsigned char*)"ABC", (const unsigned char*)"abd")),
         sign(_mbsncmp((const unsigned char*)"abcx", (const unsigned char*)"abcy", 3)),
         sign(_mbsncmp((const unsigned char*)"abcx", (const unsigned char*)"abcy", 4)),
         sign(_mbsnicmp((const unsigned char*)"ABcx", (const unsigned char*)"abCy", 3)),
         sign(_mbsnbcmp((const unsigned char*)"ab", (const unsigned char*)"abc", 2)),
         sign(_mbsnbcmp((const unsigned char*)"ab", (const unsigned char*)"abc", 3)),
         sign(_mbsnbicmp((const unsigned char*)"aB", (const unsigned char*)"Ab", 2)));
  printf("coll %d icoll %d %d nbcoll %d nbicoll %d\n",
         sign(_mbscoll((const unsigned char*)"abc", (const unsigned char*)"abd")),
         sign(_mbsicoll((const unsigned char*)"ABC", (const unsigned char*)"abc")),
         sign(_mbsicoll((const unsigned char*)"B", (const unsigned char*)"a")),
         sign(_mbsnbcoll((const unsigned char*)"abcx", (const unsigned char*)"abcy", 3)),
         sign(_mbsnbicoll((const unsigned char*)"ABcx", (const unsigned char*)"abcy", 4)));
  invalid_calls = 0;
  errno = 0;
  r = _mbscmp(NULL, (const unsigned char*)"a");
  printf("cmp(NULL) %x errno %d invalid %d\n", r, errno, invalid_calls);

  printf("chr o +%d chr 0 +%d chr q %s rchr o +%d str 'World' +%d str q %s pbrk +%d pbrk q %s\n",
         (int)(_mbschr(s, 'o') - s), (int)(_mbschr(s, 0) - s), NUL(_mbschr(s, 'q')), (int)(_mbsrchr(s, 'o') - s),
         (int)(_mbsstr(s, (const unsigned char*)"World") - s), NUL(_mbsstr(s, (const unsigned char*)"q")),
         (int)(_mbspbrk(s, (const unsigned char*)" ,") - s), NUL(_mbspbrk(s, (const unsigned char*)"q")));
  printf("spn %u cspn %u spnp +%d spnp(all) %s\n", (unsigned)_mbsspn(s, (const unsigned char*)"eHl"),
         (unsigned)_mbscspn(s, (const unsigned char*)",W"), (int)(_mbsspnp(s, (const unsigned char*)"Hel") - s),
         NUL(_mbsspnp((const unsigned char*)"aa", (const unsigned char*)"a")));

  strcpy((char*)buf, "  one, two;;three ");
  printf("tok:");
  for (tok = _mbstok(buf, (const unsigned char*)" ,;"); tok; tok = _mbstok(NULL, (const unsigned char*)" ,;"))
    printf(" [%s]", tok);
  strcpy((char*)buf, "a-b--c");
  printf("; tok_s:");
  for (tok = _mbstok_s(buf, (const unsigned char*)"-", &ctx); tok; tok = _mbstok_s(NULL, (const unsigned char*)"-", &ctx))
    printf(" [%s]", tok);
  printf("\n");

  strcpy((char*)buf, "abcde");
  printf("rev '%s'", _mbsrev(buf));
  printf(" set '%s'", _mbsset(buf, '*'));
  strcpy((char*)buf, "abcde");
  tok = _mbsnset(buf, '-', 2);
  printf(" nset '%s'", buf);
  dup = _mbsnbset(buf, '+', 3);
  printf(" nbset '%s'", buf);
  strcpy((char*)buf, "MiXeD 1\xc9");
  printf(" lwr '%s'", _mbslwr(buf));
  printf(" upr '%s'\n", _mbsupr(buf));
  printf("nset returns the string: %d, nbset: %d\n", tok == buf, dup == buf);
  strcpy((char*)buf, "AbC");
  r = _mbslwr_s(buf, sizeof buf);
  printf("lwr_s %d '%s'", r, buf);
  r = _mbsupr_s(buf, sizeof buf);
  printf(" upr_s %d '%s'", r, buf);
  invalid_calls = 0;
  errno = 0;
  r = _mbsupr_s(buf, 2);
  printf(" upr_s short %d '%s' errno %d invalid %d\n", r, buf, errno, invalid_calls);
}

int main(void) {
  int r;
  _set_invalid_parameter_handler(on_invalid);
  /* The runtime starts in the system's ANSI code page (_MB_CP_ANSI). */
  printf("start: _getmbcp is GetACP: %d\n", _getmbcp() == (int)GetACP());
  errno = 0;
  r = _setmbcp(12345);
  printf("_setmbcp(12345) %d errno %d; _getmbcp is GetACP: %d\n", r, errno, _getmbcp() == (int)GetACP());

  r = _setmbcp(65001);
  printf("_setmbcp(65001) %d\n", r);
  show_table("utf-8");
  show_bytes();
  show_chars();
  show_symbols();
  show_japanese();
  show_strings();

  r = _setmbcp(_MB_CP_ANSI);
  printf("_setmbcp(_MB_CP_ANSI) %d; _getmbcp is GetACP: %d\n", r, _getmbcp() == (int)GetACP());
  r = _setmbcp(_MB_CP_SBCS);
  printf("_setmbcp(_MB_CP_SBCS) %d\n", r);
  show_table("sbcs");
  show_bytes();
  show_strings();
  r = _setmbcp(_MB_CP_LOCALE);
  printf("_setmbcp(_MB_CP_LOCALE) %d\n", r);
  show_table("locale");
  return 0;
}
