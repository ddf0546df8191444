// MSVCP140.dll's locale, called by name: the classic and global locales (_Init, classic,
// _Getgloballocale, _Clocptr, their name and categories), locale::id's numbering, a facet's
// references, _Locinfo (names, days, months, lconv, vectors; a locale name the C runtime lacks),
// and the facets ctype<char>, ctype<wchar_t>, codecvt<char, char> and codecvt<wchar_t, char>
// made through their _Getcat and used through their public members.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "msvcp_names.h"

// locale::facet {vtable; unsigned refs}; _Locimp adds {facet** vec; size_t count; int catmask;
// bool transparent; _Yarn<char> name}.
typedef struct {
  void** vtable;
  unsigned refs;
} facet;
typedef struct {
  facet base;
  facet** vec;
  size_t count;
  int catmask;
  char transparent;
  char* name;
  char nul;
} locimp;
typedef struct {
  int unused;  // (an empty base class's byte)
  locimp* ptr;
} locale;
typedef struct {
  char* str;
  char nul;
} yarn;
typedef struct {
  int lock;
  yarn days, months, wdays, wmonths, oldname, newname;
} locinfo;
typedef struct {
  facet base;
  unsigned page;
  const short* table;
  int delfl;
  wchar_t* name;
} ctype_char;
typedef struct {
  unsigned page, mb_max;
  int isclocale;
  unsigned char lead[32];
} cvtvec;
typedef struct {
  unsigned page;
  const short* table;
  int delfl;
  wchar_t* name;
} ctypevec;

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);

  // ---- the classic and global locales ----
  locimp*(__cdecl * init)(int) = fn(NAME("?_Init@locale@std@@CAPAV_Locimp@12@_N@Z", "?_Init@locale@std@@CAPEAV_Locimp@12@_N@Z"));
  locimp*(__cdecl * getglobal)(void) =
      fn(NAME("?_Getgloballocale@locale@std@@CAPAV_Locimp@12@XZ", "?_Getgloballocale@locale@std@@CAPEAV_Locimp@12@XZ"));
  const locale*(__cdecl * classic)(void) = fn(NAME("?classic@locale@std@@SAABV12@XZ", "?classic@locale@std@@SAAEBV12@XZ"));
  locimp** clocptr = fn(NAME("?_Clocptr@_Locimp@locale@std@@0PAV123@A", "?_Clocptr@_Locimp@locale@std@@0PEAV123@EA"));
  locimp* g = init(0);
  locimp* g2 = init(1);
  const locale* c = classic();
  printf("_Init: same implementation %d, _Getgloballocale the same %d, classic()'s the same %d, _Clocptr the same %d\n", g == g2,
         getglobal() == g, c->ptr == g, *clocptr == g);
  printf("classic: name \"%s\", categories %#x, transparent %d\n", g->name ? g->name : "", g->catmask, g->transparent);

  // ---- locale::id ----
  int* id_cnt = fn("?_Id_cnt@id@locale@std@@0HA");
  size_t(THISCALL * id_value)(size_t*) = fn(NAME("??Bid@locale@std@@QAEIXZ", "??Bid@locale@std@@QEAA_KXZ"));
  size_t* (THISCALL * id_ctor)(size_t*, size_t) = fn(NAME("??0id@locale@std@@QAE@I@Z", "??0id@locale@std@@QEAA@_K@Z"));
  size_t id = 1;
  id_ctor(&id, 0);
  int before = *id_cnt;
  size_t first = id_value(&id), second = id_value(&id);
  printf("id: numbered at first use %d (the count one more %d), the same after %d\n", first == (size_t)before + 1,
         *id_cnt == before + 1, second == first);
  size_t given = 77;
  printf("id(77): %d\n", (int)id_value(&given));

  // ---- a facet's references ----
  facet f;
  facet*(THISCALL * facet_ctor)(facet*, size_t) = fn(NAME("??0facet@locale@std@@IAE@I@Z", "??0facet@locale@std@@IEAA@_K@Z"));
  void(THISCALL * incref)(facet*) = fn(NAME("?_Incref@facet@locale@std@@UAEXXZ", "?_Incref@facet@locale@std@@UEAAXXZ"));
  facet*(THISCALL * decref)(facet*) =
      fn(NAME("?_Decref@facet@locale@std@@UAEPAV_Facet_base@3@XZ", "?_Decref@facet@locale@std@@UEAAPEAV_Facet_base@3@XZ"));
  void** facet_vtable = fn("??_7facet@locale@std@@6B@");
  facet_ctor(&f, 1);
  printf("facet(1): refs %u, the facet vtable %d\n", f.refs, f.vtable == facet_vtable);
  incref(&f);
  printf("_Incref: refs %u\n", f.refs);
  facet* r1 = decref(&f);
  facet* r2 = decref(&f);
  printf("_Decref: %s then %s, refs %u\n", r1 ? "the facet" : "null", r2 == &f ? "the facet" : "null", f.refs);

  // ---- _Locinfo ----
  locinfo* (THISCALL * li_ctor)(locinfo*, const char*) = fn(NAME("??0_Locinfo@std@@QAE@PBD@Z", "??0_Locinfo@std@@QEAA@PEBD@Z"));
  void(THISCALL * li_dtor)(locinfo*) = fn(NAME("??1_Locinfo@std@@QAE@XZ", "??1_Locinfo@std@@QEAA@XZ"));
  const char*(THISCALL * getname)(const locinfo*) = fn(NAME("?_Getname@_Locinfo@std@@QBEPBDXZ", "?_Getname@_Locinfo@std@@QEBAPEBDXZ"));
  const char*(THISCALL * getfalse)(const locinfo*) = fn(NAME("?_Getfalse@_Locinfo@std@@QBEPBDXZ", "?_Getfalse@_Locinfo@std@@QEBAPEBDXZ"));
  const char*(THISCALL * gettrue)(const locinfo*) = fn(NAME("?_Gettrue@_Locinfo@std@@QBEPBDXZ", "?_Gettrue@_Locinfo@std@@QEBAPEBDXZ"));
  const char*(THISCALL * getdays)(const locinfo*) = fn(NAME("?_Getdays@_Locinfo@std@@QBEPBDXZ", "?_Getdays@_Locinfo@std@@QEBAPEBDXZ"));
  const char*(THISCALL * getmonths)(const locinfo*) =
      fn(NAME("?_Getmonths@_Locinfo@std@@QBEPBDXZ", "?_Getmonths@_Locinfo@std@@QEBAPEBDXZ"));
  const wchar_t*(THISCALL * wgetdays)(const locinfo*) =
      fn(NAME("?_W_Getdays@_Locinfo@std@@QBEPBGXZ", "?_W_Getdays@_Locinfo@std@@QEBAPEBGXZ"));
  struct lconv*(THISCALL * getlconv)(const locinfo*) =
      fn(NAME("?_Getlconv@_Locinfo@std@@QBEPBUlconv@@XZ", "?_Getlconv@_Locinfo@std@@QEBAPEBUlconv@@XZ"));
  cvtvec*(THISCALL * getcvt)(const locinfo*, cvtvec*) =
      fn(NAME("?_Getcvt@_Locinfo@std@@QBE?AU_Cvtvec@@XZ", "?_Getcvt@_Locinfo@std@@QEBA?AU_Cvtvec@@XZ"));
  ctypevec*(THISCALL * getctype)(const locinfo*, ctypevec*) =
      fn(NAME("?_Getctype@_Locinfo@std@@QBE?AU_Ctypevec@@XZ", "?_Getctype@_Locinfo@std@@QEBA?AU_Ctypevec@@XZ"));
  locinfo li;
  li_ctor(&li, "C");
  printf("_Locinfo(\"C\"): name \"%s\", false \"%s\", true \"%s\"\n", getname(&li), getfalse(&li), gettrue(&li));
  printf("  days \"%.40s\"\n  months \"%.40s\"\n", getdays(&li), getmonths(&li));
  const wchar_t* wd = wgetdays(&li);
  printf("  wide days begin \"%c%c%c%c\"\n", (char)wd[0], (char)wd[1], (char)wd[2], (char)wd[3]);
  printf("  lconv decimal point \"%s\"\n", *(char**)getlconv(&li));
  cvtvec cv;
  memset(&cv, 0x55, sizeof cv);
  cvtvec* cvr = getcvt(&li, &cv);
  printf("  _Getcvt: returns its argument %d, page %u, mb_max %u\n", cvr == &cv, cv.page, cv.mb_max);
  ctypevec ct;
  ctypevec* ctr = getctype(&li, &ct);
  printf("  _Getctype: returns its argument %d, page %u, 'A' %#x, '7' %#x, ' ' %#x\n", ctr == &ct, ct.page, ct.table['A'], ct.table['7'],
         ct.table[' ']);
  if (ct.delfl) free((void*)ct.table);
  li_dtor(&li);
  li_ctor(&li, "no-such-locale");
  printf("_Locinfo(\"no-such-locale\"): name \"%s\"\n", getname(&li));
  li_dtor(&li);

  // ---- ctype<char> ----
  size_t(__cdecl * ctype_getcat)(facet**, const locale*) = fn(
      NAME("?_Getcat@?$ctype@D@std@@SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@?$ctype@D@std@@SA_KPEAPEBVfacet@locale@2@PEBV42@@Z"));
  facet* made = NULL;
  size_t cat = ctype_getcat(&made, c);
  ctype_char* ct1 = (ctype_char*)made;
  printf("ctype<char>::_Getcat: category %d, made %d, refs %u, the vtable %d\n", (int)cat, made != NULL, made ? made->refs : 0,
         made && made->vtable == fn("??_7?$ctype@D@std@@6B@"));
  unsigned char(THISCALL * is)(const ctype_char*, short, char) = fn(NAME("?is@?$ctype@D@std@@QBE_NFD@Z", "?is@?$ctype@D@std@@QEBA_NFD@Z"));
  char(THISCALL * tolower_)(const ctype_char*, char) = fn(NAME("?tolower@?$ctype@D@std@@QBEDD@Z", "?tolower@?$ctype@D@std@@QEBADD@Z"));
  char*(THISCALL * toupper_range)(const ctype_char*, char*, const char*) =
      fn(NAME("?toupper@?$ctype@D@std@@QBEPBDPADPBD@Z", "?toupper@?$ctype@D@std@@QEBAPEBDPEADPEBD@Z"));
  char(THISCALL * widen)(const ctype_char*, char) = fn(NAME("?widen@?$ctype@D@std@@QBEDD@Z", "?widen@?$ctype@D@std@@QEBADD@Z"));
  char(THISCALL * narrow)(const ctype_char*, char, char) = fn(NAME("?narrow@?$ctype@D@std@@QBEDDD@Z", "?narrow@?$ctype@D@std@@QEBADDD@Z"));
  const char*(THISCALL * scan_is)(const ctype_char*, short, const char*, const char*) =
      fn(NAME("?scan_is@?$ctype@D@std@@QBEPBDFPBD0@Z", "?scan_is@?$ctype@D@std@@QEBAPEBDFPEBD0@Z"));
  const char*(THISCALL * scan_not)(const ctype_char*, short, const char*, const char*) =
      fn(NAME("?scan_not@?$ctype@D@std@@QBEPBDFPBD0@Z", "?scan_not@?$ctype@D@std@@QEBAPEBDFPEBD0@Z"));
  const char*(THISCALL * is_range)(const ctype_char*, const char*, const char*, short*) =
      fn(NAME("?is@?$ctype@D@std@@QBEPBDPBD0PAF@Z", "?is@?$ctype@D@std@@QEBAPEBDPEBD0PEAF@Z"));
  const short*(THISCALL * table)(const ctype_char*) = fn(NAME("?table@?$ctype@D@std@@QBEPBFXZ", "?table@?$ctype@D@std@@QEBAPEBFXZ"));
  size_t* table_size = fn(NAME("?table_size@?$ctype@D@std@@2IB", "?table_size@?$ctype@D@std@@2_KB"));
  if (ct1) {
    printf("  is(upper, 'A') %d, is(upper, 'a') %d, is(digit, '5') %d, is(space, '\\t') %d\n", is(ct1, 1, 'A'), is(ct1, 1, 'a'),
           is(ct1, 4, '5'), is(ct1, 8, '\t'));
    char text[] = "Hello, World 42";
    printf("  tolower('Q') '%c', widen('z') '%c', narrow('y', '?') '%c'\n", tolower_(ct1, 'Q'), widen(ct1, 'z'), narrow(ct1, 'y', '?'));
    const char* end = toupper_range(ct1, text, text + strlen(text));
    printf("  toupper(range): \"%s\", returns the end %d\n", text, end == text + strlen(text));
    printf("  scan_is(digit) at %d, scan_not(upper|lower) at %d\n", (int)(scan_is(ct1, 4, text, text + strlen(text)) - text),
           (int)(scan_not(ct1, 3, text, text + strlen(text)) - text));
    short masks[4];
    is_range(ct1, "a1 ,", "a1 ," + 4, masks);
    printf("  is(range) \"a1 ,\": %#x %#x %#x %#x\n", masks[0], masks[1], masks[2], masks[3]);
    printf("  table() the facet's %d, table()['f'] %#x, table_size %d\n", table(ct1) == ct1->table, table(ct1)['f'], (int)*table_size);
  }

  // ---- ctype<wchar_t> ----
  size_t(__cdecl * wctype_getcat)(facet**, const locale*) = fn(NAME(
      "?_Getcat@?$ctype@_W@std@@SAIPAPBVfacet@locale@2@PBV42@@Z", "?_Getcat@?$ctype@_W@std@@SA_KPEAPEBVfacet@locale@2@PEBV42@@Z"));
  facet* wmade = NULL;
  cat = wctype_getcat(&wmade, c);
  printf("ctype<wchar_t>::_Getcat: category %d, made %d\n", (int)cat, wmade != NULL);
  unsigned char(THISCALL * wis)(const facet*, short, wchar_t) = fn(NAME("?is@?$ctype@_W@std@@QBE_NF_W@Z", "?is@?$ctype@_W@std@@QEBA_NF_W@Z"));
  wchar_t(THISCALL * wtolower)(const facet*, wchar_t) = fn(NAME("?tolower@?$ctype@_W@std@@QBE_W_W@Z", "?tolower@?$ctype@_W@std@@QEBA_W_W@Z"));
  wchar_t(THISCALL * wtoupper)(const facet*, wchar_t) = fn(NAME("?toupper@?$ctype@_W@std@@QBE_W_W@Z", "?toupper@?$ctype@_W@std@@QEBA_W_W@Z"));
  wchar_t(THISCALL * wwiden)(const facet*, char) = fn(NAME("?widen@?$ctype@_W@std@@QBE_WD@Z", "?widen@?$ctype@_W@std@@QEBA_WD@Z"));
  char(THISCALL * wnarrow)(const facet*, wchar_t, char) = fn(NAME("?narrow@?$ctype@_W@std@@QBED_WD@Z", "?narrow@?$ctype@_W@std@@QEBAD_WD@Z"));
  const wchar_t*(THISCALL * wscan_is)(const facet*, short, const wchar_t*, const wchar_t*) =
      fn(NAME("?scan_is@?$ctype@_W@std@@QBEPB_WFPB_W0@Z", "?scan_is@?$ctype@_W@std@@QEBAPEB_WFPEB_W0@Z"));
  if (wmade) {
    const wchar_t* w = L"ab 7Z";
    printf("  is(space, ' ') %d, is(alpha, '7') %d, is(digit, '7') %d\n", wis(wmade, 8, L' '), wis(wmade, 0x103, L'7'), wis(wmade, 4, L'7'));
    printf("  tolower('Q') %#x, toupper('e') %#x, widen('x') %#x, narrow('k', '?') '%c', narrow(0x263a, '?') '%c'\n", wtolower(wmade, L'Q'),
           wtoupper(wmade, L'e'), wwiden(wmade, 'x'), wnarrow(wmade, L'k', '?'), wnarrow(wmade, 0x263a, '?'));
    printf("  scan_is(digit) at %d\n", (int)(wscan_is(wmade, 4, w, w + 5) - w));
  }

  // ---- codecvt<char, char, _Mbstatet> ----
  size_t(__cdecl * cvt_getcat)(facet**, const locale*) = fn(NAME("?_Getcat@?$codecvt@DDU_Mbstatet@@@std@@SAIPAPBVfacet@locale@2@PBV42@@Z",
                                                                 "?_Getcat@?$codecvt@DDU_Mbstatet@@@std@@SA_KPEAPEBVfacet@locale@2@PEBV42@@Z"));
  unsigned char(THISCALL * always_noconv)(const facet*) =
      fn(NAME("?always_noconv@codecvt_base@std@@QBE_NXZ", "?always_noconv@codecvt_base@std@@QEBA_NXZ"));
  int(THISCALL * max_length)(const facet*) = fn(NAME("?max_length@codecvt_base@std@@QBEHXZ", "?max_length@codecvt_base@std@@QEBAHXZ"));
  int(THISCALL * encoding)(const facet*) = fn(NAME("?encoding@codecvt_base@std@@QBEHXZ", "?encoding@codecvt_base@std@@QEBAHXZ"));
  int(THISCALL * cin_)(const facet*, void*, const char*, const char*, const char**, char*, char*, char**) =
      fn(NAME("?in@?$codecvt@DDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PBD1AAPBDPAD3AAPAD@Z",
              "?in@?$codecvt@DDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEBD1AEAPEBDPEAD3AEAPEAD@Z"));
  int(THISCALL * clength)(const facet*, void*, const char*, const char*, size_t) =
      fn(NAME("?length@?$codecvt@DDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PBD1I@Z",
              "?length@?$codecvt@DDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEBD1_K@Z"));
  facet* cvt = NULL;
  cat = cvt_getcat(&cvt, c);
  printf("codecvt<char,char>::_Getcat: category %d, made %d\n", (int)cat, cvt != NULL);
  if (cvt) {
    long long state = 0;
    const char* src = "abcdef";
    const char* from_next = NULL;
    char dst[8], *to_next = NULL;
    int r = cin_(cvt, &state, src, src + 6, &from_next, dst, dst + 8, &to_next);
    printf("  always_noconv %d, max_length %d, encoding %d\n", always_noconv(cvt), max_length(cvt), encoding(cvt));
    printf("  in: %d, from_next at %d, to_next at %d\n", r, (int)(from_next - src), (int)(to_next - dst));
    printf("  length(max 4) %d, length(max 10) %d\n", clength(cvt, &state, src, src + 6, 4), clength(cvt, &state, src, src + 6, 10));
  }

  // ---- codecvt<wchar_t, char, _Mbstatet> ----
  size_t(__cdecl * wcvt_getcat)(facet**, const locale*) = fn(NAME("?_Getcat@?$codecvt@_WDU_Mbstatet@@@std@@SAIPAPBVfacet@locale@2@PBV42@@Z",
                                                                  "?_Getcat@?$codecvt@_WDU_Mbstatet@@@std@@SA_KPEAPEBVfacet@locale@2@PEBV42@@Z"));
  int(THISCALL * wout)(const facet*, void*, const wchar_t*, const wchar_t*, const wchar_t**, char*, char*, char**) =
      fn(NAME("?out@?$codecvt@_WDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PB_W1AAPB_WPAD3AAPAD@Z",
              "?out@?$codecvt@_WDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEB_W1AEAPEB_WPEAD3AEAPEAD@Z"));
  int(THISCALL * win)(const facet*, void*, const char*, const char*, const char**, wchar_t*, wchar_t*, wchar_t**) =
      fn(NAME("?in@?$codecvt@_WDU_Mbstatet@@@std@@QBEHAAU_Mbstatet@@PBD1AAPBDPA_W3AAPA_W@Z",
              "?in@?$codecvt@_WDU_Mbstatet@@@std@@QEBAHAEAU_Mbstatet@@PEBD1AEAPEBDPEA_W3AEAPEA_W@Z"));
  facet* wcvt = NULL;
  cat = wcvt_getcat(&wcvt, c);
  printf("codecvt<wchar_t,char>::_Getcat: category %d, made %d\n", (int)cat, wcvt != NULL);
  if (wcvt) {
    long long state = 0;
    const wchar_t* wsrc = L"wide";
    const wchar_t* wfrom_next = NULL;
    char out[8] = {0}, *out_next = NULL;
    int r = wout(wcvt, &state, wsrc, wsrc + 4, &wfrom_next, out, out + 8, &out_next);
    printf("  always_noconv %d, encoding %d\n", always_noconv(wcvt), encoding(wcvt));
    printf("  out: %d, \"%.*s\", from_next at %d, to_next at %d\n", r, (int)(out_next - out), out, (int)(wfrom_next - wsrc),
           (int)(out_next - out));
    out_next = NULL;
    r = wout(wcvt, &state, wsrc, wsrc + 4, &wfrom_next, out, out + 2, &out_next);
    printf("  out into 2: %d, from_next at %d, to_next at %d\n", r, (int)(wfrom_next - wsrc), (int)(out_next - out));
    const char* nsrc = "narrow";
    const char* nfrom_next = NULL;
    wchar_t wdst[8], *wto_next = NULL;
    r = win(wcvt, &state, nsrc, nsrc + 6, &nfrom_next, wdst, wdst + 8, &wto_next);
    printf("  in: %d, from_next at %d, to_next at %d, [5] '%c'\n", r, (int)(nfrom_next - nsrc), (int)(wto_next - wdst), (char)wdst[5]);
  }
  fflush(stdout);
  return 0;
}
