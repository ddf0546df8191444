// MSVCP140.dll's iostreams, called by name: a basic_streambuf<char> over the program's own arrays
// (setp, setg, sputc, sgetc, snextc, sputbackc, in_avail, the default overflow at the end of its
// put area), an ostream over it (the inserters of numbers under the format flags, width and fill,
// put, write, flush; badbit once the buffer is full), an istream over it (the extractors, get,
// getline, ignore, peek, unget, read, gcount; eofbit and failbit at the end), ios_base's words and
// callbacks, the wchar_t ostream and istream, and std::cout sharing stdout with printf.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "msvcp_stream_objects.h"


static ios_base* (THISCALL* setf)(ios_base*, int, int);
static void show_ios(const char* what, const ios_base* b) {
  printf("  %s: state %d, width %lld\n", what, b->state, b->wide);
}

static void __cdecl callback(int event, ios_base* b, int index) {
  printf("  callback: event %d, index %d, flags %#x\n", event, index, b->fmtfl);
}

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);

  // ---- basic_streambuf<char> ----
  streambuf* (THISCALL * sb_ctor)(streambuf*) = fn(NAME("??0" SB "IAE@XZ", "??0" SB "IEAA@XZ"));
  void(THISCALL * sb_dtor)(streambuf*) = fn(NAME("??1" SB "UAE@XZ", "??1" SB "UEAA@XZ"));
  void(THISCALL * setp)(streambuf*, char*, char*) = fn(NAME("?setp@" SB "IAEXPAD0@Z", "?setp@" SB "IEAAXPEAD0@Z"));
  void(THISCALL * setg)(streambuf*, char*, char*, char*) = fn(NAME("?setg@" SB "IAEXPAD00@Z", "?setg@" SB "IEAAXPEAD00@Z"));
  int(THISCALL * sputc)(streambuf*, char) = fn(NAME("?sputc@" SB "QAEHD@Z", "?sputc@" SB "QEAAHD@Z"));
  int(THISCALL * sgetc)(streambuf*) = fn(NAME("?sgetc@" SB "QAEHXZ", "?sgetc@" SB "QEAAHXZ"));
  int(THISCALL * snextc)(streambuf*) = fn(NAME("?snextc@" SB "QAEHXZ", "?snextc@" SB "QEAAHXZ"));
  int(THISCALL * sbumpc)(streambuf*) = fn(NAME("?sbumpc@" SB "QAEHXZ", "?sbumpc@" SB "QEAAHXZ"));
  int(THISCALL * sputbackc)(streambuf*, char) = fn(NAME("?sputbackc@" SB "QAEHD@Z", "?sputbackc@" SB "QEAAHD@Z"));
  long long(THISCALL * in_avail)(streambuf*) = fn(NAME("?in_avail@" SB "QAE_JXZ", "?in_avail@" SB "QEAA_JXZ"));
  long long(THISCALL * sputn)(streambuf*, const char*, long long) = fn(NAME("?sputn@" SB "QAE_JPBD_J@Z", "?sputn@" SB "QEAA_JPEBD_J@Z"));
  long long(THISCALL * sgetn)(streambuf*, char*, long long) = fn(NAME("?sgetn@" SB "QAE_JPAD_J@Z", "?sgetn@" SB "QEAA_JPEAD_J@Z"));
  int(THISCALL * pubsync)(streambuf*) = fn(NAME("?pubsync@" SB "QAEHXZ", "?pubsync@" SB "QEAAHXZ"));
  char* (THISCALL * pptr)(streambuf*) = fn(NAME("?pptr@" SB "IBEPADXZ", "?pptr@" SB "IEBAPEADXZ"));
  char* (THISCALL * egptr)(streambuf*) = fn(NAME("?egptr@" SB "IBEPADXZ", "?egptr@" SB "IEBAPEADXZ"));
  void(THISCALL * pbump)(streambuf*, int) = fn(NAME("?pbump@" SB "IAEXH@Z", "?pbump@" SB "IEAAXH@Z"));
  long long* (THISCALL * seekoff)(streambuf*, long long*, long long, int, int) =
      fn(NAME("?pubseekoff@" SB "QAE?AV?$fpos@U_Mbstatet@@@2@_JHH@Z", "?pubseekoff@" SB "QEAA?AV?$fpos@U_Mbstatet@@@2@_JHH@Z"));

  streambuf sb;
  sb_ctor(&sb);
  printf("streambuf: the vtable %d, areas empty %d %d, a locale %d, its own indirections %d\n", sb.vtable == fn("??_7" SB "6B@"),
         sb.gnext == NULL, sb.pnext == NULL, sb.loc != NULL, sb.ignext == &sb.gnext && sb.ipcount == &sb.pcount);
  printf("  sputc without a put area: %d, sgetc without a get area: %d, in_avail %lld\n", sputc(&sb, 'x'), sgetc(&sb), in_avail(&sb));
  char out[16];
  memset(out, 0, sizeof out);
  setp(&sb, out, out + 8);
  printf("  setp: pcount %d; sputc 'a' %d; sputn \"bcdefghij\" %lld; pptr at %d; \"%s\"\n", sb.pcount, sputc(&sb, 'a'),
         sputn(&sb, "bcdefghij", 9), (int)(pptr(&sb) - out), out);
  pbump(&sb, -2);
  printf("  pbump(-2): pptr at %d, pcount %d\n", (int)(pptr(&sb) - out), sb.pcount);
  char in[] = "xyz";
  setg(&sb, in, in + 1, in + 3);
  printf("  setg(next 1): sgetc '%c', in_avail %lld, egptr at %d\n", sgetc(&sb), in_avail(&sb), (int)(egptr(&sb) - in));
  int c1 = sbumpc(&sb), c2 = snextc(&sb);
  printf("  sbumpc '%c', snextc %d, sputbackc('z') '%c', sputbackc('q') %d\n", c1, c2, sputbackc(&sb, 'z'), sputbackc(&sb, 'q'));
  char got[8] = {0};
  setg(&sb, in, in, in + 3);
  printf("  sgetn(5) %lld \"%s\", pubsync %d\n", sgetn(&sb, got, 5), got, pubsync(&sb));
  long long pos[3];
  seekoff(&sb, pos, 0, 1, 1);
  printf("  pubseekoff: %lld\n", pos[0]);

  // ---- basic_ostream<char> over it ----
  ostream* (THISCALL * os_ctor)(ostream*, streambuf*, unsigned char, int) =
      fn(NAME("??0" OS "QAE@PAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z", "??0" OS "QEAA@PEAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z"));
  void(THISCALL * os_vbase_dtor)(ostream*) = fn(NAME("??_D" OS "QAEXXZ", "??_D" OS "QEAAXXZ"));
  ostream* (THISCALL * ins_int)(ostream*, int) = fn(NAME("??6" OS "QAEAAV01@H@Z", "??6" OS "QEAAAEAV01@H@Z"));
  ostream* (THISCALL * ins_uint)(ostream*, unsigned) = fn(NAME("??6" OS "QAEAAV01@I@Z", "??6" OS "QEAAAEAV01@I@Z"));
  ostream* (THISCALL * ins_short)(ostream*, short) = fn(NAME("??6" OS "QAEAAV01@F@Z", "??6" OS "QEAAAEAV01@F@Z"));
  ostream* (THISCALL * ins_double)(ostream*, double) = fn(NAME("??6" OS "QAEAAV01@N@Z", "??6" OS "QEAAAEAV01@N@Z"));
  ostream* (THISCALL * ins_int64)(ostream*, long long) = fn(NAME("??6" OS "QAEAAV01@_J@Z", "??6" OS "QEAAAEAV01@_J@Z"));
  ostream* (THISCALL * ins_bool)(ostream*, unsigned char) = fn(NAME("??6" OS "QAEAAV01@_N@Z", "??6" OS "QEAAAEAV01@_N@Z"));
  ostream* (THISCALL * put)(ostream*, char) = fn(NAME("?put@" OS "QAEAAV12@D@Z", "?put@" OS "QEAAAEAV12@D@Z"));
  ostream* (THISCALL * write)(ostream*, const char*, long long) = fn(NAME("?write@" OS "QAEAAV12@PBD_J@Z", "?write@" OS "QEAAAEAV12@PEBD_J@Z"));
  ostream* (THISCALL * flush)(ostream*) = fn(NAME("?flush@" OS "QAEAAV12@XZ", "?flush@" OS "QEAAAEAV12@XZ"));
  setf = fn(NAME("?setf@ios_base@std@@QAEHHH@Z", "?setf@ios_base@std@@QEAAHHH@Z"));
  long long(THISCALL * width)(ios_base*, long long) = fn(NAME("?width@ios_base@std@@QAE_J_J@Z", "?width@ios_base@std@@QEAA_J_J@Z"));
  long long(THISCALL * precision)(ios_base*, long long) = fn(NAME("?precision@ios_base@std@@QAE_J_J@Z", "?precision@ios_base@std@@QEAA_J_J@Z"));
  char(THISCALL * fill)(basic_ios*, char) = fn(NAME("?fill@?$basic_ios@DU?$char_traits@D@std@@@std@@QAEDD@Z",
                                                     "?fill@?$basic_ios@DU?$char_traits@D@std@@@std@@QEAADD@Z"));

  char text[256];
  memset(text, 0, sizeof text);
  setp(&sb, text, text + sizeof text - 1);
  ostream os;
  memset(&os, 0, sizeof os);
  os_ctor(&os, &sb, 0, 1);
  printf("ostream: vbtable {%d, the basic_ios part %d}, the basic_ostream vtable %d, buffer %d, flags %#x, precision %lld, fill '%c'\n",
         os.vbtable[0], os.vbtable[1] == (int)((char*)&os.ios - (char*)&os), os.ios.base.vtable == fn("??_7" OS "6B@"), os.ios.strbuf == &sb,
         os.ios.base.fmtfl, os.ios.base.prec, os.ios.fill);
  ins_int(&os, 42);
  put(&os, ' ');
  ins_int(&os, -7);
  put(&os, ' ');
  ins_double(&os, 3.25);
  put(&os, ' ');
  ins_double(&os, 1.0 / 3);
  put(&os, ' ');
  ins_bool(&os, 1);
  put(&os, ' ');
  ins_int64(&os, -1234567890123LL);
  put(&os, '|');
  width(&os.ios.base, 6);
  ins_int(&os, 15);
  put(&os, '|');
  width(&os.ios.base, 6);
  fill(&os.ios, '*');
  setf(&os.ios.base, 0x40, 0x1c0);  // left
  ins_int(&os, -15);
  put(&os, '|');
  width(&os.ios.base, 5);
  setf(&os.ios.base, 0, 0x1c0);  // right
  ins_bool(&os, 1);
  put(&os, '|');
  setf(&os.ios.base, 0x800 | 0x8 | 0x4, 0xe00 | 0x8 | 0x4);  // hex, showbase, uppercase
  ins_uint(&os, 255);
  put(&os, ' ');
  ins_short(&os, -1);
  put(&os, ' ');
  ins_int(&os, -1);
  put(&os, '|');
  setf(&os.ios.base, 0x200, 0xe00 | 0x8 | 0x4);  // dec
  setf(&os.ios.base, 0x2000, 0x3000);  // fixed
  precision(&os.ios.base, 2);
  ins_double(&os, 2.5);
  put(&os, ' ');
  setf(&os.ios.base, 0x1000 | 0x20, 0x3000 | 0x20);  // scientific, showpos
  ins_double(&os, 12345.678);
  put(&os, ' ');
  setf(&os.ios.base, 0x4000, 0x4000 | 0x20);  // boolalpha
  ins_bool(&os, 0);
  write(&os, "|end", 4);
  flush(&os);
  printf("  wrote \"%s\"\n", text);
  show_ios("after", &os.ios.base);
  char small[4];
  setp(&sb, small, small + 4);
  ins_int(&os, 123456);
  show_ios("into a 4-character area", &os.ios.base);
  printf("  the area holds \"%.4s\"\n", small);
  os_vbase_dtor(&os);

  // ---- basic_istream<char> over it ----
  istream* (THISCALL * is_ctor)(istream*, streambuf*, unsigned char, int) =
      fn(NAME("??0" IS "QAE@PAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z", "??0" IS "QEAA@PEAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z"));
  void(THISCALL * is_vbase_dtor)(istream*) = fn(NAME("??_D" IS "QAEXXZ", "??_D" IS "QEAAXXZ"));
  istream* (THISCALL * ex_int)(istream*, int*) = fn(NAME("??5" IS "QAEAAV01@AAH@Z", "??5" IS "QEAAAEAV01@AEAH@Z"));
  istream* (THISCALL * ex_uint)(istream*, unsigned*) = fn(NAME("??5" IS "QAEAAV01@AAI@Z", "??5" IS "QEAAAEAV01@AEAI@Z"));
  istream* (THISCALL * ex_double)(istream*, double*) = fn(NAME("??5" IS "QAEAAV01@AAN@Z", "??5" IS "QEAAAEAV01@AEAN@Z"));
  istream* (THISCALL * ex_short)(istream*, short*) = fn(NAME("??5" IS "QAEAAV01@AAF@Z", "??5" IS "QEAAAEAV01@AEAF@Z"));
  istream* (THISCALL * getline)(istream*, char*, long long) = fn(NAME("?getline@" IS "QAEAAV12@PAD_J@Z", "?getline@" IS "QEAAAEAV12@PEAD_J@Z"));
  istream* (THISCALL * get_delim)(istream*, char*, long long, char) =
      fn(NAME("?get@" IS "QAEAAV12@PAD_JD@Z", "?get@" IS "QEAAAEAV12@PEAD_JD@Z"));
  int(THISCALL * get)(istream*) = fn(NAME("?get@" IS "QAEHXZ", "?get@" IS "QEAAHXZ"));
  int(THISCALL * peek)(istream*) = fn(NAME("?peek@" IS "QAEHXZ", "?peek@" IS "QEAAHXZ"));
  istream* (THISCALL * ignore)(istream*, long long, int) = fn(NAME("?ignore@" IS "QAEAAV12@_JH@Z", "?ignore@" IS "QEAAAEAV12@_JH@Z"));
  istream* (THISCALL * unget)(istream*) = fn(NAME("?unget@" IS "QAEAAV12@XZ", "?unget@" IS "QEAAAEAV12@XZ"));
  istream* (THISCALL * read)(istream*, char*, long long) = fn(NAME("?read@" IS "QAEAAV12@PAD_J@Z", "?read@" IS "QEAAAEAV12@PEAD_J@Z"));
  long long(THISCALL * gcount)(istream*) = fn(NAME("?gcount@" IS "QBE_JXZ", "?gcount@" IS "QEBA_JXZ"));
  void(THISCALL * clear)(ios_base*, int) = fn(NAME("?clear@ios_base@std@@QAEXH@Z", "?clear@ios_base@std@@QEAAXH@Z"));

  char source[] = "  12 -7 3.5 0x1F word\nsecond line\nab70000 tail";
  setg(&sb, source, source, source + strlen(source));
  istream is;
  memset(&is, 0, sizeof is);
  is_ctor(&is, &sb, 0, 1);
  printf("istream: vbtable {%d, the basic_ios part %d}, count %lld, the vtable %d\n", is.vbtable[0],
         is.vbtable[1] == (int)((char*)&is.ios - (char*)&is), is.count, is.ios.base.vtable == fn("??_7" IS "6B@"));
  int a = 0, b = 0, h = 0;
  double d = 0;
  ex_int(&is, &a);
  ex_int(&is, &b);
  ex_double(&is, &d);
  setf(&is.ios.base, 0, 0xe00);  // any base
  ex_int(&is, &h);
  printf("  >> %d %d %g %d, state %d\n", a, b, d, h, is.ios.base.state);
  char word[32];
  get_delim(&is, word, sizeof word, '\n');
  long long n = gcount(&is);
  printf("  get(delim '\\n'): \"%s\", gcount %lld, ", word, n);
  printf("peek %d\n", peek(&is));
  printf("  get() %d\n", get(&is));
  getline(&is, word, sizeof word);
  printf("  getline: \"%s\", gcount %lld\n", word, gcount(&is));
  setf(&is.ios.base, 0x200, 0xe00);
  short sh = 5;
  ex_short(&is, &sh);
  printf("  >> short from \"ab...\": %d, state %d\n", sh, is.ios.base.state);
  clear(&is.ios.base, 0);
  ignore(&is, 2, -1);
  n = gcount(&is);
  printf("  ignore(2): gcount %lld, ", n);
  printf("peek '%c'\n", peek(&is));
  unsigned u = 0;
  ex_uint(&is, &u);
  ex_short(&is, &sh);
  printf("  >> unsigned %u, then >> short from \" tail\" %d, state %d\n", u, sh, is.ios.base.state);
  clear(&is.ios.base, 0);
  unget(&is);
  printf("  unget: peek '%c'\n", peek(&is));
  char rest[16] = {0};
  read(&is, rest, 10);
  printf("  read(10): gcount %lld, \"%s\", state %d\n", gcount(&is), rest, is.ios.base.state);
  is_vbase_dtor(&is);

  // ---- ios_base's words and callbacks ----
  int(__cdecl * xalloc)(void) = fn(NAME("?xalloc@ios_base@std@@SAHXZ", "?xalloc@ios_base@std@@SAHXZ"));
  long* (THISCALL * iword)(ios_base*, int) = fn(NAME("?iword@ios_base@std@@QAEAAJH@Z", "?iword@ios_base@std@@QEAAAEAJH@Z"));
  void** (THISCALL * pword)(ios_base*, int) = fn(NAME("?pword@ios_base@std@@QAEAAPAXH@Z", "?pword@ios_base@std@@QEAAAEAPEAXH@Z"));
  void(THISCALL * register_callback)(ios_base*, void(__cdecl*)(int, ios_base*, int), int) =
      fn(NAME("?register_callback@ios_base@std@@QAEXP6AXW4event@12@AAV12@H@ZH@Z", "?register_callback@ios_base@std@@QEAAXP6AXW4event@12@AEAV12@H@ZH@Z"));
  ios_base* (THISCALL * copyfmt)(ios_base*, const ios_base*) =
      fn(NAME("?copyfmt@ios_base@std@@QAEAAV12@ABV12@@Z", "?copyfmt@ios_base@std@@QEAAAEAV12@AEBV12@@Z"));
  ostream o1, o2;
  memset(&o1, 0, sizeof o1);
  memset(&o2, 0, sizeof o2);
  os_ctor(&o1, &sb, 0, 1);
  os_ctor(&o2, &sb, 0, 1);
  int i1 = xalloc(), i2 = xalloc();
  printf("ios_base: xalloc %d then one more %d\n", i1 >= 0, i2 == i1 + 1);
  *iword(&o1.ios.base, i1) = 1234;
  *pword(&o1.ios.base, i2) = &sb;
  printf("  iword %ld, pword the buffer %d, an unset word %ld\n", *iword(&o1.ios.base, i1), *pword(&o1.ios.base, i2) == &sb,
         *iword(&o1.ios.base, i2));
  register_callback(&o1.ios.base, callback, 5);
  setf(&o1.ios.base, 0x800, 0xe00);
  copyfmt(&o2.ios.base, &o1.ios.base);
  printf("  copyfmt: flags %#x, iword %ld\n", o2.ios.base.fmtfl, *iword(&o2.ios.base, i1));
  os_vbase_dtor(&o2);
  os_vbase_dtor(&o1);
  sb_dtor(&sb);

  // ---- the wchar_t streams ----
#define WSB "?$basic_streambuf@_WU?$char_traits@_W@std@@@std@@"
#define WOS "?$basic_ostream@_WU?$char_traits@_W@std@@@std@@"
#define WIS "?$basic_istream@_WU?$char_traits@_W@std@@@std@@"
  {
    streambuf* (THISCALL * wsb_ctor)(streambuf*) = fn(NAME("??0" WSB "IAE@XZ", "??0" WSB "IEAA@XZ"));
    void(THISCALL * wsetp)(streambuf*, wchar_t*, wchar_t*) = fn(NAME("?setp@" WSB "IAEXPA_W0@Z", "?setp@" WSB "IEAAXPEA_W0@Z"));
    void(THISCALL * wsetg)(streambuf*, wchar_t*, wchar_t*, wchar_t*) = fn(NAME("?setg@" WSB "IAEXPA_W00@Z", "?setg@" WSB "IEAAXPEA_W00@Z"));
    void* (THISCALL * wos_ctor)(void*, streambuf*, unsigned char, int) = fn(
        NAME("??0" WOS "QAE@PAV?$basic_streambuf@_WU?$char_traits@_W@std@@@1@_N@Z", "??0" WOS "QEAA@PEAV?$basic_streambuf@_WU?$char_traits@_W@std@@@1@_N@Z"));
    void* (THISCALL * wis_ctor)(void*, streambuf*, unsigned char, int) = fn(
        NAME("??0" WIS "QAE@PAV?$basic_streambuf@_WU?$char_traits@_W@std@@@1@_N@Z", "??0" WIS "QEAA@PEAV?$basic_streambuf@_WU?$char_traits@_W@std@@@1@_N@Z"));
    void* (THISCALL * wins_int)(void*, int) = fn(NAME("??6" WOS "QAEAAV01@H@Z", "??6" WOS "QEAAAEAV01@H@Z"));
    void* (THISCALL * wins_double)(void*, double) = fn(NAME("??6" WOS "QAEAAV01@N@Z", "??6" WOS "QEAAAEAV01@N@Z"));
    void* (THISCALL * wput)(void*, wchar_t) = fn(NAME("?put@" WOS "QAEAAV12@_W@Z", "?put@" WOS "QEAAAEAV12@_W@Z"));
    void* (THISCALL * wex_int)(void*, int*) = fn(NAME("??5" WIS "QAEAAV01@AAH@Z", "??5" WIS "QEAAAEAV01@AEAH@Z"));
    wchar_t(THISCALL * wwiden)(void*, char) =
        fn(NAME("?widen@?$basic_ios@_WU?$char_traits@_W@std@@@std@@QBE_WD@Z", "?widen@?$basic_ios@_WU?$char_traits@_W@std@@@std@@QEBA_WD@Z"));
    streambuf wsb;
    wsb_ctor(&wsb);
    wchar_t wtext[32];
    memset(wtext, 0, sizeof wtext);
    wsetp(&wsb, wtext, wtext + 31);
    _Alignas(8) char wos[256], wis[256];
    memset(wos, 0, sizeof wos);
    memset(wis, 0, sizeof wis);
    wos_ctor(wos, &wsb, 0, 1);
    void* wios = wos + *(int*)(*(void**)wos + 4);
    wins_int(wos, -123);
    wput(wos, L' ');
    wins_double(wos, 4.5);
    wput(wos, wwiden(wios, '!'));
    printf("wostream: \"");
    for (int i = 0; wtext[i]; ++i) putchar(wtext[i] < 0x80 ? (char)wtext[i] : '?');
    printf("\", state %d\n", *(int*)((char*)wios + (sizeof(void*) == 8 ? 16 : 12)));
    wchar_t wsrc[] = L"  77 x";
    wsetg(&wsb, wsrc, wsrc, wsrc + 6);
    wis_ctor(wis, &wsb, 0, 1);
    int wv = 0;
    wex_int(wis, &wv);
    void* wiios = wis + *(int*)(*(void**)wis + 4);
    int wstate = *(int*)((char*)wiios + (sizeof(void*) == 8 ? 16 : 12));
    wex_int(wis, &wv);
    printf("wistream: >> %d, state %d; then >> from \"x\": state %d\n", wv, wstate, *(int*)((char*)wiios + (sizeof(void*) == 8 ? 16 : 12)));
  }

  // ---- std::cout ----
  ostream* cout = fn("?cout@std@@3V?$basic_ostream@DU?$char_traits@D@std@@@1@A");
  ostream** ptr_cout = fn(NAME("?_Ptr_cout@std@@3PAV?$basic_ostream@DU?$char_traits@D@std@@@1@A",
                               "?_Ptr_cout@std@@3PEAV?$basic_ostream@DU?$char_traits@D@std@@@1@EA"));
  ostream* cerr = fn("?cerr@std@@3V?$basic_ostream@DU?$char_traits@D@std@@@1@A");
  istream* cin = fn("?cin@std@@3V?$basic_istream@DU?$char_traits@D@std@@@1@A");
  printf("cout: _Ptr_cout %d, a buffer %d, state %d, flags %#x; cin tied to cout %d, cerr tied %d, cerr unitbuf %d\n", *ptr_cout == cout,
         cout->ios.strbuf != NULL, cout->ios.base.state, cout->ios.base.fmtfl, cin->ios.tie == cout, cerr->ios.tie == cout,
         (cerr->ios.base.fmtfl & 2) != 0);
  printf("before cout: ");
  fflush(stdout);
  ins_int(cout, 2024);
  write(cout, " from cout\n", 11);
  flush(cout);
  printf("after cout\n");
  fflush(stdout);
  return 0;
}
