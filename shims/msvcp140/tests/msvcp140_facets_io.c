// MSVCP140.dll's num_put, num_get, time_put and time_get facets for char, called by name over a
// stream buffer of the program's arrays and an ostream/istream (their format flags): numbers put
// and got, a struct tm put by a pattern and read back by get_date, get_time, get_weekday,
// get_monthname, get_year and get with a pattern; the iterators they return.
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <windows.h>

#include "msvcp_names.h"

typedef struct {
  void* vtable;
  char *gfirst, *pfirst, **igfirst, **ipfirst, *gnext, *pnext, **ignext, **ipnext;
  int gcount, pcount;
  int *igcount, *ipcount;
  void* loc;
} streambuf;
typedef struct {
  unsigned char failed;
  streambuf* sb;
} out_iter;
typedef struct {
  streambuf* sb;
  unsigned char got;
  char val;
} in_iter;
typedef struct {
  void** vtable;
  unsigned refs;
} facet;

#define SB "?$basic_streambuf@DU?$char_traits@D@std@@@std@@"
#define OS "?$basic_ostream@DU?$char_traits@D@std@@@std@@"
#define NP "?$num_put@DV?$ostreambuf_iterator@DU?$char_traits@D@std@@@std@@@std@@"
#define NG "?$num_get@DV?$istreambuf_iterator@DU?$char_traits@D@std@@@std@@@std@@"
#define TP "?$time_put@DV?$ostreambuf_iterator@DU?$char_traits@D@std@@@std@@@std@@"
#define TG "?$time_get@DV?$istreambuf_iterator@DU?$char_traits@D@std@@@std@@@std@@"
#define OI "V?$ostreambuf_iterator@DU?$char_traits@D@std@@@2@"
#define II "V?$istreambuf_iterator@DU?$char_traits@D@std@@@2@"

static void (THISCALL* setg)(streambuf*, char*, char*, char*);
static void (THISCALL* setp)(streambuf*, char*, char*);

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  streambuf* (THISCALL * sb_ctor)(streambuf*) = fn(NAME("??0" SB "IAE@XZ", "??0" SB "IEAA@XZ"));
  setp = fn(NAME("?setp@" SB "IAEXPAD0@Z", "?setp@" SB "IEAAXPEAD0@Z"));
  setg = fn(NAME("?setg@" SB "IAEXPAD00@Z", "?setg@" SB "IEAAXPEAD00@Z"));
  void* (THISCALL * os_ctor)(void*, streambuf*, unsigned char, int) =
      fn(NAME("??0" OS "QAE@PAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z", "??0" OS "QEAA@PEAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z"));
  int(THISCALL * setf)(void*, int, int) = fn(NAME("?setf@ios_base@std@@QAEHHH@Z", "?setf@ios_base@std@@QEAAHHH@Z"));
  long long(THISCALL * width)(void*, long long) = fn(NAME("?width@ios_base@std@@QAE_J_J@Z", "?width@ios_base@std@@QEAA_J_J@Z"));

  streambuf sb;
  sb_ctor(&sb);
  char text[128];
  memset(text, 0, sizeof text);
  setp(&sb, text, text + sizeof text - 1);
  _Alignas(8) char osbytes[256];
  memset(osbytes, 0, sizeof osbytes);
  os_ctor(osbytes, &sb, 0, 1);
  void* ios = osbytes + *(int*)(*(void**)osbytes + 4);
  const void* (__cdecl * classic)(void) = fn(NAME("?classic@locale@std@@SAABV12@XZ", "?classic@locale@std@@SAAEBV12@XZ"));
  const void* loc = classic();

  // ---- num_put<char> ----
  facet* np = NULL;
  size_t(__cdecl * np_getcat)(facet**, const void*) =
      fn(NAME("?_Getcat@" NP "SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@" NP "SA_KPEAPEBVfacet@locale@2@PEBV42@@Z"));
  out_iter* (THISCALL * put_long)(facet*, out_iter*, out_iter, void*, char, long) =
      fn(NAME("?put@" NP "QBE?A" OI "V32@AAVios_base@2@DJ@Z", "?put@" NP "QEBA?A" OI "V32@AEAVios_base@2@DJ@Z"));
  out_iter* (THISCALL * put_double)(facet*, out_iter*, out_iter, void*, char, double) =
      fn(NAME("?put@" NP "QBE?A" OI "V32@AAVios_base@2@DN@Z", "?put@" NP "QEBA?A" OI "V32@AEAVios_base@2@DN@Z"));
  out_iter* (THISCALL * put_bool)(facet*, out_iter*, out_iter, void*, char, unsigned char) =
      fn(NAME("?put@" NP "QBE?A" OI "V32@AAVios_base@2@D_N@Z", "?put@" NP "QEBA?A" OI "V32@AEAVios_base@2@D_N@Z"));
  out_iter* (THISCALL * put_u64)(facet*, out_iter*, out_iter, void*, char, unsigned long long) =
      fn(NAME("?put@" NP "QBE?A" OI "V32@AAVios_base@2@D_K@Z", "?put@" NP "QEBA?A" OI "V32@AEAVios_base@2@D_K@Z"));
  size_t cat = np_getcat(&np, loc);
  printf("num_put<char>::_Getcat: category %d, made %d, its vtable %d\n", (int)cat, np != NULL, np && np->vtable == fn("??_7" NP "6B@"));
  out_iter it = {0, &sb}, r;
  put_long(np, &r, it, ios, '*', -42);
  printf("  put(long -42): failed %d, the buffer %d, \"%s\"\n", r.failed, r.sb == &sb, text);
  width(ios, 8);
  put_double(np, &r, r, ios, '*', 2.5);
  width(ios, 0);
  setf(ios, 0x4000, 0x4000);  // boolalpha
  put_bool(np, &r, r, ios, ' ', 1);
  setf(ios, 0x800, 0xe00);  // hex
  put_u64(np, &r, r, ios, ' ', 0xDEADBEEFCAFEull);
  printf("  then put(2.5, width 8, fill '*'), put(true, boolalpha), put(0xdeadbeefcafe, hex): \"%s\"\n", text);

  // (num_put's helpers: formats, characters, repeats)
  char* (__cdecl * ffmt)(facet*, char*, char, int) = fn(NAME("?_Ffmt@" NP "ABAPADPADDH@Z", "?_Ffmt@" NP "AEBAPEADPEADDH@Z"));
  char* (__cdecl * ifmt)(facet*, char*, const char*, int) = fn(NAME("?_Ifmt@" NP "ABAPADPADPBDH@Z", "?_Ifmt@" NP "AEBAPEADPEADPEBDH@Z"));
  out_iter* (__cdecl * rep)(facet*, out_iter*, out_iter, char, size_t) =
      fn(NAME("?_Rep@" NP "ABA?A" OI "V32@DI@Z", "?_Rep@" NP "AEBA?A" OI "V32@D_K@Z"));
  out_iter* (__cdecl * put_chars)(facet*, out_iter*, out_iter, const char*, size_t) =
      fn(NAME("?_Put@" NP "ABA?A" OI "V32@PBDI@Z", "?_Put@" NP "AEBA?A" OI "V32@PEBD_K@Z"));
  char f1[16], f2[16], f3[16], f4[16];
  printf("  _Ffmt: \"%s\" \"%s\"; _Ifmt: \"%s\" \"%s\"\n", ffmt(np, f1, 0, 0x2000 | 0x20), ffmt(np, f2, 'L', 0x1000 | 0x4 | 0x10),
         ifmt(np, f3, "lld", 0x800 | 0x8), ifmt(np, f4, "ld", 0x200));
  memset(text, 0, sizeof text);
  setp(&sb, text, text + sizeof text - 1);
  it.failed = 0;
  it.sb = &sb;
  rep(np, &r, it, '=', 3);
  put_chars(np, &r, r, "abc", 2);
  printf("  _Rep('=', 3), _Put(\"ab\"): \"%s\", failed %d\n", text, r.failed);

  // ---- num_get<char> ----
  facet* ng = NULL;
  size_t(__cdecl * ng_getcat)(facet**, const void*) =
      fn(NAME("?_Getcat@" NG "SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@" NG "SA_KPEAPEBVfacet@locale@2@PEBV42@@Z"));
  in_iter* (THISCALL * get_long)(facet*, in_iter*, in_iter, in_iter, void*, int*, long*) =
      fn(NAME("?get@" NG "QBE?A" II "V32@0AAVios_base@2@AAHAAJ@Z", "?get@" NG "QEBA?A" II "V32@0AEAVios_base@2@AEAHAEAJ@Z"));
  in_iter* (THISCALL * get_double)(facet*, in_iter*, in_iter, in_iter, void*, int*, double*) =
      fn(NAME("?get@" NG "QBE?A" II "V32@0AAVios_base@2@AAHAAN@Z", "?get@" NG "QEBA?A" II "V32@0AEAVios_base@2@AEAHAEAN@Z"));
  in_iter* (THISCALL * get_bool)(facet*, in_iter*, in_iter, in_iter, void*, int*, unsigned char*) =
      fn(NAME("?get@" NG "QBE?A" II "V32@0AAVios_base@2@AAHAA_N@Z", "?get@" NG "QEBA?A" II "V32@0AEAVios_base@2@AEAHAEA_N@Z"));
  cat = ng_getcat(&ng, loc);
  printf("num_get<char>::_Getcat: category %d, made %d\n", (int)cat, ng != NULL);
  setf(ios, 0x200, 0xe00 | 0x4000);  // dec, no boolalpha
  char source[] = "123xyz -0.5e1 1 7";
  setg(&sb, source, source, source + strlen(source));
  in_iter first = {&sb, 0, 0}, last = {NULL, 0, 0}, gr;
  int err = 0;
  long lv = 0;
  get_long(ng, &gr, first, last, ios, &err, &lv);
  printf("  get(long) from \"123xyz\": %ld, state %d, at '%c', the buffer %d\n", lv, err, *sb.gnext, gr.sb == &sb);
  err = 0;
  lv = 99;
  get_long(ng, &gr, first, last, ios, &err, &lv);
  printf("  get(long) from \"xyz\": %ld, state %d\n", lv, err);
  setg(&sb, source + 7, source + 7, source + strlen(source));
  double dv = 0;
  err = 0;
  get_double(ng, &gr, first, last, ios, &err, &dv);
  printf("  get(double) \"-0.5e1\": %g, state %d\n", dv, err);
  unsigned char bv = 9;
  err = 0;
  sb.gnext++;
  sb.gcount--;
  get_bool(ng, &gr, first, last, ios, &err, &bv);
  printf("  get(bool) \"1\": %d, state %d\n", bv, err);
  sb.gnext++;
  sb.gcount--;
  err = 0;
  bv = 9;
  get_bool(ng, &gr, first, last, ios, &err, &bv);
  printf("  get(bool) \"7\": %d, state %d, the end %d\n", bv, err, gr.sb == NULL);

  // (num_get's _Getifld: an integer's field and its base)
  int(__cdecl * getifld)(facet*, char*, in_iter*, in_iter*, int, const void*) =
      fn(NAME("?_Getifld@" NG "ABAHPADAAV?$istreambuf_iterator@DU?$char_traits@D@std@@@2@1HABVlocale@2@@Z",
              "?_Getifld@" NG "AEBAHPEADAEAV?$istreambuf_iterator@DU?$char_traits@D@std@@@2@1HAEBVlocale@2@@Z"));
  const char* fields[] = {"0x1Fz", "-00077 ", "0", "0x12", "q"};
  const int bases[] = {0x800, 0x200, 0, 0x200, 0x200};
  for (int i = 0; i < 5; ++i) {
    char src[16], dst[32];
    strcpy(src, fields[i]);
    setg(&sb, src, src, src + strlen(src));
    in_iter f = {&sb, 0, 0}, l = {NULL, 0, 0};
    memset(dst, '#', sizeof dst);
    int base = getifld(ng, dst, &f, &l, bases[i], loc);
    printf("  _Getifld(\"%s\", basefield %#x): base %d, \"%s\", taken %d, the end %d\n", fields[i], bases[i], base, dst,
           (int)(sb.gnext - src), f.sb == NULL);
  }

  // (num_get's _Getffldx: a floating-point field as its strtod reads it back; wine 8.0 has it as
  // a stub that returns -1, so these lines follow Microsoft's STL, xlocnum's _Parse_fp_with_locale)
  int(__cdecl * getffldx)(facet*, char*, in_iter*, in_iter*, void*, int*) =
      fn(NAME("?_Getffldx@" NG "ABAHPADAAV?$istreambuf_iterator@DU?$char_traits@D@std@@@2@1AAVios_base@2@PAH@Z",
              "?_Getffldx@" NG "AEBAHPEADAEAV?$istreambuf_iterator@DU?$char_traits@D@std@@@2@1AEAVios_base@2@PEAH@Z"));
  const char* ffields[] = {"-12.50e3x", "0x1A.8p-2;", "0", "000.0012", "0X.p1", "+e5", "1e+007", "0x00p0",
                           "1234567890123456789012345678901234567891", "123456789012345678901234567890123456789.5e-3"};
  for (int i = 0; i < 10; ++i) {
    char src[64], dst[800];
    strcpy(src, ffields[i]);
    setg(&sb, src, src, src + strlen(src));
    in_iter f = {&sb, 0, 0}, l = {NULL, 0, 0};
    memset(dst, '#', sizeof dst);
    dst[sizeof dst - 1] = 0;
    int hexexp = i == 8 ? 1000000000 : 7;
    int r = getffldx(ng, dst, &f, &l, ios, &hexexp);
    printf("  _Getffldx(\"%s\"): %d, \"%s\", hexexp %d, taken %d, the end %d\n", ffields[i], r, dst, hexexp,
           (int)(sb.gnext - src), f.sb == NULL);
  }

  // ---- time_put<char> ----
  facet* tp = NULL;
  size_t(__cdecl * tp_getcat)(facet**, const void*) =
      fn(NAME("?_Getcat@" TP "SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@" TP "SA_KPEAPEBVfacet@locale@2@PEBV42@@Z"));
  out_iter* (THISCALL * tput)(facet*, out_iter*, out_iter, void*, char, const struct tm*, char, char) =
      fn(NAME("?put@" TP "QBE?A" OI "V32@AAVios_base@2@DPBUtm@@DD@Z", "?put@" TP "QEBA?A" OI "V32@AEAVios_base@2@DPEBUtm@@DD@Z"));
  out_iter* (THISCALL * tput_fmt)(facet*, out_iter*, out_iter, void*, char, const struct tm*, const char*, const char*) =
      fn(NAME("?put@" TP "QBE?A" OI "V32@AAVios_base@2@DPBUtm@@PBD3@Z", "?put@" TP "QEBA?A" OI "V32@AEAVios_base@2@DPEBUtm@@PEBD3@Z"));
  cat = tp_getcat(&tp, loc);
  printf("time_put<char>::_Getcat: category %d, made %d\n", (int)cat, tp != NULL);
  struct tm t;
  memset(&t, 0, sizeof t);
  t.tm_year = 124;
  t.tm_mon = 1;
  t.tm_mday = 29;
  t.tm_hour = 13;
  t.tm_min = 5;
  t.tm_sec = 9;
  t.tm_wday = 4;
  t.tm_yday = 59;
  memset(text, 0, sizeof text);
  setp(&sb, text, text + sizeof text - 1);
  it.failed = 0;
  it.sb = &sb;
  tput(tp, &r, it, ios, ' ', &t, 'Y', 0);
  const char* pat = "[%d/%m %H:%M:%S, %A %B %%, %#d]";
  tput_fmt(tp, &r, r, ios, ' ', &t, pat, pat + strlen(pat));
  printf("  put('Y') then put(\"%s\"): \"%s\", failed %d\n", pat, text, r.failed);

  // ---- time_get<char> ----
  facet* tg = NULL;
  size_t(__cdecl * tg_getcat)(facet**, const void*) =
      fn(NAME("?_Getcat@" TG "SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@" TG "SA_KPEAPEBVfacet@locale@2@PEBV42@@Z"));
  typedef in_iter* (THISCALL * getter)(facet*, in_iter*, in_iter, in_iter, void*, int*, struct tm*);
  getter get_date = fn(NAME("?get_date@" TG "QBE?A" II "V32@0AAVios_base@2@AAHPAUtm@@@Z", "?get_date@" TG "QEBA?A" II "V32@0AEAVios_base@2@AEAHPEAUtm@@@Z"));
  getter get_time = fn(NAME("?get_time@" TG "QBE?A" II "V32@0AAVios_base@2@AAHPAUtm@@@Z", "?get_time@" TG "QEBA?A" II "V32@0AEAVios_base@2@AEAHPEAUtm@@@Z"));
  getter get_weekday =
      fn(NAME("?get_weekday@" TG "QBE?A" II "V32@0AAVios_base@2@AAHPAUtm@@@Z", "?get_weekday@" TG "QEBA?A" II "V32@0AEAVios_base@2@AEAHPEAUtm@@@Z"));
  getter get_monthname = fn(
      NAME("?get_monthname@" TG "QBE?A" II "V32@0AAVios_base@2@AAHPAUtm@@@Z", "?get_monthname@" TG "QEBA?A" II "V32@0AEAVios_base@2@AEAHPEAUtm@@@Z"));
  getter get_year = fn(NAME("?get_year@" TG "QBE?A" II "V32@0AAVios_base@2@AAHPAUtm@@@Z", "?get_year@" TG "QEBA?A" II "V32@0AEAVios_base@2@AEAHPEAUtm@@@Z"));
  in_iter* (THISCALL * get_fmt)(facet*, in_iter*, in_iter, in_iter, void*, int*, struct tm*, const char*, const char*) =
      fn(NAME("?get@" TG "QBE?A" II "V32@0AAVios_base@2@AAHPAUtm@@PBD4@Z", "?get@" TG "QEBA?A" II "V32@0AEAVios_base@2@AEAHPEAUtm@@PEBD4@Z"));
  int(THISCALL * date_order)(facet*) = fn(NAME("?date_order@" TG "QBE?AW4dateorder@time_base@2@XZ", "?date_order@" TG "QEBA?AW4dateorder@time_base@2@XZ"));
  cat = tg_getcat(&tg, loc);
  printf("time_get<char>::_Getcat: category %d, made %d\n", (int)cat, tg != NULL);
  int order = date_order(tg);
  printf("  date_order: one of no_order ... ydm %d\n", order >= 0 && order <= 4);
  struct tm g;
  char in1[] = "12:34:56 Wednesday Mar 2031 1899";
  setg(&sb, in1, in1, in1 + strlen(in1));
  memset(&g, 0, sizeof g);
  err = 0;
  get_time(tg, &gr, first, last, ios, &err, &g);
  printf("  get_time \"12:34:56\": %02d:%02d:%02d, state %d\n", g.tm_hour, g.tm_min, g.tm_sec, err);
  sb.gnext++;
  sb.gcount--;
  get_weekday(tg, &gr, first, last, ios, &err, &g);
  printf("  get_weekday \"Wednesday\": %d, state %d\n", g.tm_wday, err);
  sb.gnext++;
  sb.gcount--;
  get_monthname(tg, &gr, first, last, ios, &err, &g);
  printf("  get_monthname \"Mar\": %d, state %d\n", g.tm_mon, err);
  sb.gnext++;
  sb.gcount--;
  get_year(tg, &gr, first, last, ios, &err, &g);
  printf("  get_year \"2031\": %d, state %d\n", g.tm_year, err);
  sb.gnext++;
  sb.gcount--;
  get_year(tg, &gr, first, last, ios, &err, &g);
  printf("  get_year \"1899\": %d, state %d, the end %d\n", g.tm_year, err, gr.sb == NULL);
  char in2[] = "2024-02-29 7:08";
  setg(&sb, in2, in2, in2 + strlen(in2));
  memset(&g, 0, sizeof g);
  err = 0;
  const char* gpat = "%Y-%m-%d %H:%M";
  get_fmt(tg, &gr, first, last, ios, &err, &g, gpat, gpat + strlen(gpat));
  printf("  get(\"%s\"): year %d mon %d mday %d %d:%02d, state %d\n", gpat, g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, err);
  char in3[] = "02/29/2024";
  setg(&sb, in3, in3, in3 + strlen(in3));
  memset(&g, 0, sizeof g);
  err = 0;
  if (order == 2 || order == 0) {  // (mdy, as where the locale says none)
    get_date(tg, &gr, first, last, ios, &err, &g);
    printf("  get_date \"02/29/2024\": year %d mon %d mday %d, state %d\n", g.tm_year, g.tm_mon, g.tm_mday, err);
  }
  fflush(stdout);
  return 0;
}
