// MSVCP100.dll (Visual C++ 2010's C++ runtime), called by name: a basic_streambuf<char> over the
// program's arrays, laid out as Visual C++ 2010 lays it out (a _Mutex after the vtable, then the
// area pointers the program's inline code reads), an ostream writing into it (numbers under a
// precision, width and fill, characters), an istream reading from it (numbers, a
// line), the stream's state, and std::cout sharing stdout with printf.
#include <string.h>

#include "../../msvcp140/tests/msvcp_names.h"

typedef struct {
  void* vtable;
  void* mutex;  // (Visual C++ 2003 to 2010)
  char *gfirst, *pfirst, **igfirst, **ipfirst, *gnext, *pnext, **ignext, **ipnext;
  int gcount, pcount;
  int *igcount, *ipcount;
  void* loc;
} streambuf;

#define SB "?$basic_streambuf@DU?$char_traits@D@std@@@std@@"
#define OS "?$basic_ostream@DU?$char_traits@D@std@@@std@@"
#define IS "?$basic_istream@DU?$char_traits@D@std@@@std@@"

int main(void) {
  dll = LoadLibraryA("msvcp100.dll");
  printf("loaded: %d\n", dll != NULL);
  streambuf* (THISCALL * sb_ctor)(streambuf*) = fn(NAME("??0" SB "IAE@XZ", "??0" SB "IEAA@XZ"));
  void(THISCALL * setp)(streambuf*, char*, char*) = fn(NAME("?setp@" SB "IAEXPAD0@Z", "?setp@" SB "IEAAXPEAD0@Z"));
  void(THISCALL * setg)(streambuf*, char*, char*, char*) = fn(NAME("?setg@" SB "IAEXPAD00@Z", "?setg@" SB "IEAAXPEAD00@Z"));
  long long(THISCALL * sputn)(streambuf*, const char*, long long) = fn(NAME("?sputn@" SB "QAE_JPBD_J@Z", "?sputn@" SB "QEAA_JPEBD_J@Z"));
  int(THISCALL * sgetc)(streambuf*) = fn(NAME("?sgetc@" SB "QAEHXZ", "?sgetc@" SB "QEAAHXZ"));
  long long(THISCALL * in_avail)(streambuf*) = fn(NAME("?in_avail@" SB "QAE_JXZ", "?in_avail@" SB "QEAA_JXZ"));

  streambuf sb;
  memset(&sb, 0xcc, sizeof sb);
  sb_ctor(&sb);
  printf("streambuf: its own indirections %d, areas empty %d %d, a locale %d\n",
         sb.ignext == &sb.gnext && sb.ipcount == &sb.pcount && sb.igfirst == &sb.gfirst, sb.gnext == NULL, sb.pnext == NULL,
         sb.loc != NULL);
  char out[64];
  memset(out, 0, sizeof out);
  setp(&sb, out, out + sizeof out - 1);
  const int before = sb.pcount;
  const long long written = sputn(&sb, "abc", 3);
  printf("setp: pcount %d, sputn %lld, pnext at %d, pcount %d\n", before, written, (int)(sb.pnext - out), sb.pcount);

  // An ostream over it.
  static char os_object[256], is_object[256];
  void* (THISCALL * os_ctor)(void*, streambuf*, _Bool, int) =
      fn(NAME("??0" OS "QAE@PAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z", "??0" OS "QEAA@PEAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z"));
  void* (THISCALL * put_int)(void*, int) = fn(NAME("??6" OS "QAEAAV01@H@Z", "??6" OS "QEAAAEAV01@H@Z"));
  void* (THISCALL * put_double)(void*, double) = fn(NAME("??6" OS "QAEAAV01@N@Z", "??6" OS "QEAAAEAV01@N@Z"));
  void* (THISCALL * write)(void*, const char*, long long) = fn(NAME("?write@" OS "QAEAAV12@PBD_J@Z", "?write@" OS "QEAAAEAV12@PEBD_J@Z"));
  void* (THISCALL * put)(void*, char) = fn(NAME("?put@" OS "QAEAAV12@D@Z", "?put@" OS "QEAAAEAV12@D@Z"));
  long long(THISCALL * width)(void*, long long) = fn(NAME("?width@ios_base@std@@QAE_J_J@Z", "?width@ios_base@std@@QEAA_J_J@Z"));
  long long(THISCALL * precision)(void*, long long) = fn(NAME("?precision@ios_base@std@@QAE_J_J@Z", "?precision@ios_base@std@@QEAA_J_J@Z"));
  char(THISCALL * fill)(void*, char) = fn(NAME("?fill@?$basic_ios@DU?$char_traits@D@std@@@std@@QAEDD@Z", "?fill@?$basic_ios@DU?$char_traits@D@std@@@std@@QEAADD@Z"));
  int(THISCALL * rdstate)(void*) = fn(NAME("?rdstate@ios_base@std@@QBEHXZ", "?rdstate@ios_base@std@@QEBAHXZ"));
  os_ctor(os_object, &sb, 0, 1);
  void* os_ios = os_object + ((const int*)*(void**)os_object)[1];
  write(os_object, " x=", 3);
  put_int(os_object, 42);
  put(os_object, ' ');
  precision(os_ios, 3);
  put_double(os_object, 3.14159);
  put(os_object, ' ');
  width(os_ios, 8);
  fill(os_ios, '*');
  put_int(os_object, -7);
  write(os_object, "|", 1);
  const int state = rdstate(os_ios);
  const long long w = width(os_ios, 0);
  printf("ostream wrote \"%s\", state %d, width after %lld, pnext at %d\n", out, state, w, (int)(sb.pnext - out));

  // An istream over a get area.
  char in[] = "12 345 rest of the line\nnext";
  streambuf ib;
  sb_ctor(&ib);
  setg(&ib, in, in, in + strlen(in));
  const int first = sgetc(&ib);
  printf("setg: gcount %d, sgetc '%c', in_avail %lld\n", ib.gcount, first, in_avail(&ib));
  void* (THISCALL * is_ctor)(void*, streambuf*, _Bool, int) =
      fn(NAME("??0" IS "QAE@PAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z", "??0" IS "QEAA@PEAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z"));
  void* (THISCALL * get_int)(void*, int*) = fn(NAME("??5" IS "QAEAAV01@AAH@Z", "??5" IS "QEAAAEAV01@AEAH@Z"));
  void* (THISCALL * getline)(void*, char*, long long) = fn(NAME("?getline@" IS "QAEAAV12@PAD_J@Z", "?getline@" IS "QEAAAEAV12@PEAD_J@Z"));
  long long(THISCALL * gcount)(void*) = fn(NAME("?gcount@" IS "QBE_JXZ", "?gcount@" IS "QEBA_JXZ"));
  is_ctor(is_object, &ib, 0, 1);
  void* is_ios = is_object + ((const int*)*(void**)is_object)[1];
  int a = 0, b = 0;
  get_int(is_object, &a);
  get_int(is_object, &b);
  char line[32];
  getline(is_object, line, sizeof line);
  long long n = gcount(is_object);
  int st = rdstate(is_ios);
  const int next = sgetc(&ib);
  printf("istream read %d and %d, then \"%s\" (gcount %lld), state %d, next '%c'\n", a, b, line, n, st, next);
  getline(is_object, line, sizeof line);
  n = gcount(is_object);
  st = rdstate(is_ios);
  printf("then \"%s\" (gcount %lld), state %d\n", line, n, st);

  // std::cout and printf on one stdout.
  void* cout = fn("?cout@std@@3V?$basic_ostream@DU?$char_traits@D@std@@@1@A");
  void* (__cdecl * endl)(void*) = fn(NAME("?endl@std@@YAAAV?$basic_ostream@DU?$char_traits@D@std@@@1@AAV21@@Z",
                                          "?endl@std@@YAAEAV?$basic_ostream@DU?$char_traits@D@std@@@1@AEAV21@@Z"));
  printf("printf first, ");
  fflush(stdout);
  write(cout, "then cout: ", 11);
  put_int(cout, 2010);
  endl(cout);
  printf("and printf again\n");
  return 0;
}
