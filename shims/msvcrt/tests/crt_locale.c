/* Locales as objects and the functions that take one: _create_locale, _get_current_locale,
 * _free_locale, _wsetlocale, the "C" locale's ctype tables (__pctype_func, _pctype, _ctype,
 * __pwctype_func), the _l forms (_isalpha_l, _strtod_l, _stricmp_l, _strftime_l …) and collation
 * (_stricoll, _strncoll …); the wide classes (iswalnum … on non-ASCII characters too), the "C"
 * locale's single-character conversions (btowc, wctob, mblen, mbtowc, wctomb, wctomb_s), and
 * strtof/wcstof/_wtof; all taken by GetProcAddress from ucrtbase.dll (with _UCRT) or msvcrt.dll. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static HMODULE crt;
static void* fn(const char* name) {
  void* f = (void*)GetProcAddress(crt, name);
  if (!f) printf("missing %s\n", name);
  return f;
}
typedef int* (*ErrnoFn)(void);
static ErrnoFn err;
typedef int (*IsL)(int, void*);
typedef int (*IswL)(unsigned short, void*);

int main(void) {
#ifdef _UCRT
  crt = LoadLibraryA("ucrtbase.dll");
#else
  crt = LoadLibraryA("msvcrt.dll");
#endif
  err = (ErrnoFn)fn("_errno");
  void* (*create)(int, const char*) = fn("_create_locale");
  void (*free_locale)(void*) = fn("_free_locale");
  void* (*current)(void) = fn("_get_current_locale");
  void* c = create(0, "C");
  printf("_create_locale(LC_ALL, C) %s, (LC_CTYPE, \"\") %s, (7, C) %s, (LC_ALL, NULL) %s\n", c ? "made" : "null",
         create(2, "") ? "made" : "null", create(7, "C") ? "made" : "null", create(0, NULL) ? "made" : "null");
  void* cur = current();
  printf("_get_current_locale %s\n", cur ? "made" : "null");
  /* the public part of the Universal CRT's locinfo: the ctype table, mb_cur_max, code page */
  const unsigned short* (*pctype_func)(void) = fn("__pctype_func");
#ifdef _UCRT
  void** loc = (void**)c;
  struct { const unsigned short* pctype; int mb_cur_max; unsigned cp; }* pub = loc[0];
  printf("locinfo pctype is __pctype_func's %d, mb_cur_max %d, code page %u\n", pub->pctype == pctype_func(),
         pub->mb_cur_max, pub->cp);
  int (*mb_cur_max_l)(void*) = fn("___mb_cur_max_l_func");
  printf("___mb_cur_max_l_func %d %d\n", mb_cur_max_l(c), mb_cur_max_l(NULL));
  void* (*wcreate)(int, const wchar_t*) = fn("_wcreate_locale");
  void* wc = wcreate(0, L"C");
  printf("_wcreate_locale(C) %s\n", wc ? "made" : "null");
  free_locale(wc);
  wchar_t** names = ((wchar_t** (*)(void))fn("___lc_locale_name_func"))();
  printf("___lc_locale_name_func %p %p\n", (void*)names[0], (void*)names[2]);
#else
  unsigned short** pctype_var = (unsigned short**)fn("_pctype");
  unsigned short* ctype_arr = (unsigned short*)fn("_ctype");
  printf("_pctype is __pctype_func's %d, _ctype+1 %d\n", *pctype_var == pctype_func(), ctype_arr + 1 == pctype_func());
#endif
  const unsigned short* ct = pctype_func();
  printf("ctype:");
  for (int i = 0; i < 128; i += 3) printf(" %x", ct[i]);
  printf(" [255] %x [-1] %x\n", ct[255], ct[-1]);
  const unsigned short* wct = ((const unsigned short* (*)(void))fn("__pwctype_func"))();
  printf("wctype:");
  for (int i = 0; i < 256; i += 7) printf(" %x", wct[i]);
  printf("\n");
  printf("___lc_collate_cp_func %d\n", ((int (*)(void))fn("___lc_collate_cp_func"))());
  wchar_t* (*wsetlocale)(int, const wchar_t*) = fn("_wsetlocale");
  wchar_t* w = wsetlocale(0, NULL);
  printf("_wsetlocale(query) %c, then %s\n", (char)w[0], w[1] ? "more" : "the end");
  w = wsetlocale(0, L"C");
  printf("_wsetlocale(C) %c, (Klingon) %s\n", (char)w[0], wsetlocale(0, L"Klingon") ? "set" : "null");

  /* the _l forms: the locale object or null */
  const char* isnames[] = {"_isalpha_l", "_isdigit_l", "_isspace_l", "_isupper_l", "_islower_l", "_ispunct_l",
                           "_isalnum_l", "_isxdigit_l", "_iscntrl_l", "_isprint_l", "_isgraph_l", "_isleadbyte_l"};
  int chars[] = {'a', 'Q', '7', ' ', '\t', '!', 0x7f, 0xe9};
  for (int i = 0; i < 12; i++) {
#ifndef _UCRT
    if (!strcmp(isnames[i], "_ispunct_l")) continue; /* (not msvcrt.dll's on x64) */
#endif
    IsL f = fn(isnames[i]);
    printf("%s:", isnames[i]);
    for (int j = 0; j < 8; j++) printf(" %x", f(chars[j], j & 1 ? c : NULL));
    printf("\n");
  }
  printf("_isctype_l %x %x\n", ((int (*)(int, int, void*))fn("_isctype_l"))('b', 0x80, c),
         ((int (*)(int, int, void*))fn("_isctype_l"))('g', 0x80, NULL));
  printf("_tolower_l %c _toupper_l %c %c\n", ((IsL)fn("_tolower_l"))('M', c), ((IsL)fn("_toupper_l"))('m', NULL),
         ((IsL)fn("_toupper_l"))('5', c));
  printf("_tolower %c _toupper %c\n", ((int (*)(int))fn("_tolower"))('M'), ((int (*)(int))fn("_toupper"))('m'));
  printf("_towlower_l %x _towupper_l %x %x\n", ((IswL)fn("_towlower_l"))('M', c), ((IswL)fn("_towupper_l"))('m', c),
         ((IswL)fn("_towupper_l"))(0xe9, c));
  printf("_stricmp_l %d _strnicmp_l %d _strcoll_l %d _stricoll %d _strncoll %d _strnicoll %d\n",
         ((int (*)(const char*, const char*, void*))fn("_stricmp_l"))("ABC", "abd", c),
         ((int (*)(const char*, const char*, size_t, void*))fn("_strnicmp_l"))("ABCx", "abcy", 3, c),
         ((int (*)(const char*, const char*, void*))fn("_strcoll_l"))("b", "a", c),
         ((int (*)(const char*, const char*))fn("_stricoll"))("Hello", "hello"),
         ((int (*)(const char*, const char*, size_t))fn("_strncoll"))("abcX", "abcY", 4),
         ((int (*)(const char*, const char*, size_t))fn("_strnicoll"))("ABCX", "abcx", 4));
  printf("_wcsicoll %d _wcsncoll %d _wcsnicoll %d _wcsicmp_l %d\n",
         ((int (*)(const wchar_t*, const wchar_t*))fn("_wcsicoll"))(L"ABC", L"abc"),
         ((int (*)(const wchar_t*, const wchar_t*, size_t))fn("_wcsncoll"))(L"ab", L"ac", 2),
         ((int (*)(const wchar_t*, const wchar_t*, size_t))fn("_wcsnicoll"))(L"AB", L"ab", 2),
         ((int (*)(const wchar_t*, const wchar_t*, void*))fn("_wcsicmp_l"))(L"a", L"B", c));
  char* end;
  double d = ((double (*)(const char*, char**, void*))fn("_strtod_l"))("2.5e3xyz", &end, c);
  printf("_strtod_l %g rest %s\n", d, end);
  printf("_strtol_l %ld _strtoul_l %lu _strtoi64_l %lld _atoi_l %d _atof_l %g\n",
         ((long (*)(const char*, char**, int, void*))fn("_strtol_l"))("-0x1F", NULL, 16, c),
         ((unsigned long (*)(const char*, char**, int, void*))fn("_strtoul_l"))("777", NULL, 8, c),
         ((long long (*)(const char*, char**, int, void*))fn("_strtoi64_l"))("123456789012", NULL, 10, NULL),
         ((int (*)(const char*, void*))fn("_atoi_l"))(" 42z", c), ((double (*)(const char*, void*))fn("_atof_l"))("1.25", c));
  wchar_t* wend;
  printf("_wcstod_l %g _wcstol_l %ld _wtoi_l %d\n",
         ((double (*)(const wchar_t*, wchar_t**, void*))fn("_wcstod_l"))(L"-0.5", &wend, c),
         ((long (*)(const wchar_t*, wchar_t**, int, void*))fn("_wcstol_l"))(L"zz", NULL, 36, c),
         ((int (*)(const wchar_t*, void*))fn("_wtoi_l"))(L"-17", NULL));
  char buf[64];
  strcpy(buf, "MiXeD");
  ((char* (*)(char*, void*))fn("_strupr_l"))(buf, c);
  printf("_strupr_l %s", buf);
  ((char* (*)(char*, void*))fn("_strlwr_l"))(buf, NULL);
  printf(" _strlwr_l %s\n", buf);
  printf("_strlwr_s_l %d %s\n", ((int (*)(char*, size_t, void*))fn("_strlwr_s_l"))(buf, 64, c), buf);
  printf("_memicmp_l %d\n", ((int (*)(const void*, const void*, size_t, void*))fn("_memicmp_l"))("aBc", "AbD", 3, c));
#ifdef _UCRT /* (msvcrt.dll has no _strftime_l on x64) */
  struct tm tm = {0};
  tm.tm_year = 124; tm.tm_mon = 1; tm.tm_mday = 29; tm.tm_hour = 13; tm.tm_min = 5; tm.tm_wday = 4;
  size_t n = ((size_t (*)(char*, size_t, const char*, const struct tm*, void*))fn("_strftime_l"))(
      buf, sizeof buf, "%Y-%m-%d %H:%M %a %b", &tm, c);
  printf("_strftime_l %u %s\n", (unsigned)n, buf);
#endif
  wchar_t wb[16];
  size_t k = ((size_t (*)(wchar_t*, const char*, size_t, void*))fn("_mbstowcs_l"))(wb, "abc", 16, c);
  printf("_mbstowcs_l %u %c%c%c\n", (unsigned)k, (char)wb[0], (char)wb[1], (char)wb[2]);
  k = ((size_t (*)(char*, const wchar_t*, size_t, void*))fn("_wcstombs_l"))(buf, L"xyz", 16, c);
  printf("_wcstombs_l %u %s\n", (unsigned)k, buf);

  /* wide classes, Unicode too */
  const char* wnames[] = {"iswalnum", "iswcntrl", "iswgraph", "iswlower", "iswprint", "iswpunct", "iswupper",
                          "iswxdigit", "iswascii", "iswalpha", "iswdigit", "iswspace"};
  unsigned short wchars[] = {'a', 'F', '5', ' ', '\t', '#', 0x7f, 0xe9, 0xc9, 0x3b1, 0x4e00, '0', 0xffff};
  for (int i = 0; i < 12; i++) {
    int (*f)(unsigned short) = fn(wnames[i]);
    printf("%s:", wnames[i]);
    for (int j = 0; j < 13; j++) printf(" %x", f(wchars[j]));
    printf("\n");
  }
  printf("is_wctype %x %x\n", ((int (*)(unsigned short, unsigned short))fn("is_wctype"))(0xe9, 0x103),
         ((int (*)(unsigned short, unsigned short))fn("is_wctype"))('1', 4));
  printf("__isascii %d %d __iscsym %d %d %d __iscsymf %d %d __toascii %x\n", ((int (*)(int))fn("__isascii"))(0x7f),
         ((int (*)(int))fn("__isascii"))(0x80), ((int (*)(int))fn("__iscsym"))('_'), ((int (*)(int))fn("__iscsym"))('9'),
         ((int (*)(int))fn("__iscsym"))('-'), ((int (*)(int))fn("__iscsymf"))('9'), ((int (*)(int))fn("__iscsymf"))('x'),
         ((int (*)(int))fn("__toascii"))(0x1c1));
  printf("isleadbyte %d btowc %x %x wctob %d %d\n", ((int (*)(int))fn("isleadbyte"))(0x81),
         ((unsigned short (*)(int))fn("btowc"))(0xe9), ((unsigned short (*)(int))fn("btowc"))(-1),
         ((int (*)(unsigned short))fn("wctob"))(0xe9), ((int (*)(unsigned short))fn("wctob"))(0x3b1));
  wchar_t wch = 0;
  printf("mblen %d %d %d mbtowc %d", ((int (*)(const char*, size_t))fn("mblen"))("x", 1),
         ((int (*)(const char*, size_t))fn("mblen"))("", 1), ((int (*)(const char*, size_t))fn("mblen"))(NULL, 1),
         ((int (*)(wchar_t*, const char*, size_t))fn("mbtowc"))(&wch, "\xe9", 1));
  printf(" %x\n", wch);
  *err() = 0;
  int r = ((int (*)(char*, wchar_t))fn("wctomb"))(buf, 0x41);
  printf("wctomb %d %c", r, buf[0]);
  r = ((int (*)(char*, wchar_t))fn("wctomb"))(buf, 0x3b1);
  printf(", %d errno %d\n", r, *err());
  *err() = 0;
  int len = 7;
  r = ((int (*)(int*, char*, size_t, wchar_t))fn("wctomb_s"))(&len, buf, 4, 0xe9);
  printf("wctomb_s %d len %d byte %x", r, len, (unsigned char)buf[0]);
  r = ((int (*)(int*, char*, size_t, wchar_t))fn("wctomb_s"))(&len, buf, 4, 0x3b1);
  printf(", %d len %d errno %d", r, len, *err());
  r = ((int (*)(int*, char*, size_t, wchar_t))fn("wctomb_s"))(&len, NULL, 0, 'a');
  printf(", %d len %d\n", r, len);
  printf("_wtof %g\n", ((double (*)(const wchar_t*))fn("_wtof"))(L" 3.75e1x"));
#ifdef _UCRT
  printf("iswblank %x %x %x isblank %x %x wctob %d\n", ((int (*)(unsigned short))fn("iswblank"))('\t'),
         ((int (*)(unsigned short))fn("iswblank"))(' '), ((int (*)(unsigned short))fn("iswblank"))('x'),
         ((int (*)(int))fn("isblank"))('\t'), ((int (*)(int))fn("isblank"))('a'), ((int (*)(unsigned short))fn("wctob"))('z'));
  unsigned short (*wctype_)(const char*) = fn("wctype");
  printf("wctype alpha %x digit %x print %x bogus %x\n", wctype_("alpha"), wctype_("digit"), wctype_("print"),
         wctype_("bogus"));
  unsigned short (*wctrans_)(const char*) = fn("wctrans");
  unsigned short (*towctrans_)(unsigned short, unsigned short) = fn("towctrans");
  printf("wctrans %d %d %d towctrans %c %c\n", wctrans_("tolower"), wctrans_("toupper"), wctrans_("x"),
         towctrans_('Q', wctrans_("tolower")), towctrans_('q', wctrans_("toupper")));
  *err() = 0;
  float f = ((float (*)(const char*, char**))fn("strtof"))("1.5e40", &end);
  printf("strtof %g errno %d", f, *err());
  *err() = 0;
  f = ((float (*)(const char*, char**, void*))fn("_strtof_l"))("0.1x", &end, c);
  printf(", %.9g rest %s", f, end);
  f = ((float (*)(const wchar_t*, wchar_t**))fn("wcstof"))(L"-2.75q", &wend);
  printf(" wcstof %g rest %c\n", f, (char)*wend);
  printf("strtold %g wcstoll %lld strtoimax %lld _wtoll %lld\n",
         ((double (*)(const char*, char**))fn("strtold"))("0.125", NULL),
         ((long long (*)(const wchar_t*, wchar_t**, int))fn("wcstoll"))(L"-9000000000", NULL, 10),
         ((long long (*)(const char*, char**, int))fn("strtoimax"))("7fffffffffff", NULL, 16),
         ((long long (*)(const wchar_t*))fn("_wtoll"))(L"123456789012"));
#endif
  free_locale(c);
  free_locale(cur);
  return 0;
}
