// MSVCP120.dll's names beyond MSVCP140's, called by name: <filesystem>'s tr2::sys functions in a
// directory of the test's own (narrow and wide), codecvt<wchar_t, char, int> with an int state,
// a stream buffer's seek through fpos<int>, std::ws, _Call_onceEx, _Thrd_lt, std::_Pad launching
// a thread, _Dscale and the epsilons, the debug iterators' container bases, std::placeholders and
// Concurrency's small helpers; then MSVCP110.dll's own: std::endl, ends and flush, ios_base's
// operator void* and wctype.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "../../msvcp140/tests/msvcp_stream_objects.h"

typedef struct {
  HANDLE handle;
  DWORD id;
} thrd_t;

#define CVT "?$codecvt@_WDH@std@@"

static const char* type_name(int t) {
  switch (t) {
    case 0: return "unknown";
    case 1: return "not found";
    case 2: return "regular";
    case 3: return "directory";
    default: return "?";
  }
}

static int once_runs;
static void __cdecl once_fn(void* arg) { once_runs += *(int*)arg; }

// std::_Pad's derived class: a vtable whose _Go (thiscall) releases the pad and answers 7.
typedef struct pad {
  void** vtable;
  void *cnd, *mtx;
  unsigned char launched;
  char rest[32];
} pad;
static void(THISCALL* pad_release)(pad*);
static volatile LONG went;
static unsigned THISCALL pad_go(pad* self) {
  InterlockedIncrement(&went);
  pad_release(self);
  return 7;
}
static void* pad_vtable[1] = {(void*)pad_go};

static void show_tr2(void) {
  char dir[MAX_PATH], path[MAX_PATH], other[MAX_PATH], renamed[MAX_PATH], cwd[MAX_PATH], buf[MAX_PATH];
  GetTempPathA(MAX_PATH, dir);
  snprintf(dir + strlen(dir), MAX_PATH - strlen(dir), "polyrun-msvcp120-%lu", GetCurrentProcessId());
  snprintf(path, MAX_PATH, "%s\\file.txt", dir);
  snprintf(other, MAX_PATH, "%s\\copy.txt", dir);
  snprintf(renamed, MAX_PATH, "%s\\moved.txt", dir);

  int(__cdecl * make_dir)(const char*) = fn(NAME("?_Make_dir@sys@tr2@std@@YAHPBD@Z", "?_Make_dir@sys@tr2@std@@YAHPEBD@Z"));
  int(__cdecl * stat)(const char*, int*) = fn(NAME("?_Stat@sys@tr2@std@@YA?AW4file_type@123@PBDAAH@Z", "?_Stat@sys@tr2@std@@YA?AW4file_type@123@PEBDAEAH@Z"));
  int(__cdecl * lstat)(const char*, int*) = fn(NAME("?_Lstat@sys@tr2@std@@YA?AW4file_type@123@PBDAAH@Z", "?_Lstat@sys@tr2@std@@YA?AW4file_type@123@PEBDAEAH@Z"));
  unsigned long long(__cdecl * file_size)(const char*) = fn(NAME("?_File_size@sys@tr2@std@@YA_KPBD@Z", "?_File_size@sys@tr2@std@@YA_KPEBD@Z"));
  int(__cdecl * copy_file)(const char*, const char*, unsigned char) = fn(NAME("?_Copy_file@sys@tr2@std@@YAHPBD0_N@Z", "?_Copy_file@sys@tr2@std@@YAHPEBD0_N@Z"));
  int(__cdecl * equivalent)(const char*, const char*) = fn(NAME("?_Equivalent@sys@tr2@std@@YAHPBD0@Z", "?_Equivalent@sys@tr2@std@@YAHPEBD0@Z"));
  int(__cdecl * rename_)(const char*, const char*) = fn(NAME("?_Rename@sys@tr2@std@@YAHPBD0@Z", "?_Rename@sys@tr2@std@@YAHPEBD0@Z"));
  long long(__cdecl * last_write)(const char*) = fn(NAME("?_Last_write_time@sys@tr2@std@@YA_JPBD@Z", "?_Last_write_time@sys@tr2@std@@YA_JPEBD@Z"));
  void(__cdecl * set_last_write)(const char*, long long) = fn(NAME("?_Last_write_time@sys@tr2@std@@YAXPBD_J@Z", "?_Last_write_time@sys@tr2@std@@YAXPEBD_J@Z"));
  void*(__cdecl * open_dir)(char*, const char*, int*, int*) =
      fn(NAME("?_Open_dir@sys@tr2@std@@YAPAXAAY0BAE@DPBDAAHAAW4file_type@123@@Z", "?_Open_dir@sys@tr2@std@@YAPEAXAEAY0BAE@DPEBDAEAHAEAW4file_type@123@@Z"));
  char*(__cdecl * read_dir)(char*, void*, int*) =
      fn(NAME("?_Read_dir@sys@tr2@std@@YAPADAAY0BAE@DPAXAAW4file_type@123@@Z", "?_Read_dir@sys@tr2@std@@YAPEADAEAY0BAE@DPEAXAEAW4file_type@123@@Z"));
  void(__cdecl * close_dir)(void*) = fn(NAME("?_Close_dir@sys@tr2@std@@YAXPAX@Z", "?_Close_dir@sys@tr2@std@@YAXPEAX@Z"));
  char*(__cdecl * current_get)(char*) = fn(NAME("?_Current_get@sys@tr2@std@@YAPADAAY0BAE@D@Z", "?_Current_get@sys@tr2@std@@YAPEADAEAY0BAE@D@Z"));
  unsigned char(__cdecl * current_set)(const char*) = fn(NAME("?_Current_set@sys@tr2@std@@YA_NPBD@Z", "?_Current_set@sys@tr2@std@@YA_NPEBD@Z"));
  int(__cdecl * unlink_)(const char*) = fn(NAME("?_Unlink@sys@tr2@std@@YAHPBD@Z", "?_Unlink@sys@tr2@std@@YAHPEBD@Z"));
  unsigned char(__cdecl * remove_dir)(const char*) = fn(NAME("?_Remove_dir@sys@tr2@std@@YA_NPBD@Z", "?_Remove_dir@sys@tr2@std@@YA_NPEBD@Z"));
  typedef struct {
    unsigned long long capacity, free, available;
  } space_info;
  space_info*(__cdecl * statvfs)(space_info*, const char*) = fn(NAME("?_Statvfs@sys@tr2@std@@YA?AUspace_info@123@PBD@Z", "?_Statvfs@sys@tr2@std@@YA?AUspace_info@123@PEBD@Z"));
  int(__cdecl * stat_w)(const wchar_t*, int*) = fn(NAME("?_Stat@sys@tr2@std@@YA?AW4file_type@123@PB_WAAH@Z", "?_Stat@sys@tr2@std@@YA?AW4file_type@123@PEB_WAEAH@Z"));
  unsigned long long(__cdecl * file_size_w)(const wchar_t*) = fn(NAME("?_File_size@sys@tr2@std@@YA_KPB_W@Z", "?_File_size@sys@tr2@std@@YA_KPEB_W@Z"));
  int(__cdecl * make_dir_w)(const wchar_t*) = fn(NAME("?_Make_dir@sys@tr2@std@@YAHPB_W@Z", "?_Make_dir@sys@tr2@std@@YAHPEB_W@Z"));
  int(__cdecl * link_)(const char*, const char*) = fn(NAME("?_Link@sys@tr2@std@@YAHPBD0@Z", "?_Link@sys@tr2@std@@YAHPEBD0@Z"));

  int err = -5, t1, t2, r1, r2, r3, r4;
  printf("tr2::sys\n");
  t1 = stat(dir, &err);
  printf("  _Stat(missing): %s, error %d\n", type_name(t1), err);
  err = -5;
  t1 = stat(NULL, &err);
  printf("  _Stat(null): %s, error %d\n", type_name(t1), err);
  r1 = make_dir(dir);
  r2 = make_dir(dir);
  printf("  _Make_dir: %d, again %d\n", r1, r2);
  t1 = stat(dir, &err);
  t2 = lstat(dir, &err);
  printf("  _Stat(dir): %s, _Lstat %s\n", type_name(t1), type_name(t2));
  HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  DWORD wrote = 0;
  WriteFile(h, "twelve bytes", 12, &wrote, NULL);
  CloseHandle(h);
  t1 = stat(path, &err);
  unsigned long long s1 = file_size(path), s2 = file_size(other);
  printf("  _Stat(file): %s, _File_size %llu, of a missing one %llu\n", type_name(t1), s1, s2);
  r1 = copy_file(path, other, 0);
  r2 = copy_file(path, other, 1);
  r3 = copy_file(path, other, 0);
  printf("  _Copy_file: %d, again failing if it exists %d, replacing %d\n", r1, r2, r3);
  printf("  _Copy_file(null): %d\n", copy_file(NULL, other, 0));
  r1 = equivalent(path, path);
  r2 = equivalent(path, other);
  r3 = equivalent(renamed, renamed);
  r4 = equivalent(path, renamed);
  printf("  _Equivalent: itself %d, its copy %d, two missing %d, one missing %d\n", r1, r2, r3, r4);
  r1 = rename_(other, renamed);
  t1 = stat(other, &err);
  t2 = stat(renamed, &err);
  printf("  _Rename: %d, the old name %s, the new %s\n", r1, type_name(t1), type_name(t2));
  set_last_write(path, 1000000000LL);
  long long w1 = last_write(path), w2 = last_write(other);
  printf("  _Last_write_time set to 1000000000: reads %lld; of a missing file %lld\n", w1, w2);
  r1 = link_(path, other);
  printf("  _Link: %d, its size %llu\n", r1, file_size(other));

  int type = 0;
  char entry[MAX_PATH];
  void* d = open_dir(entry, dir, &err, &type);
  int count = 0, dirs = 0;
  size_t names = 0;
  while (d && entry[0]) {
    ++count;
    names += strlen(entry);
    if (type == 3) ++dirs;
    read_dir(entry, d, &type);
  }
  printf("  _Open_dir/_Read_dir: a handle %d, %d entries (%d directories, %d characters of names), the end's type %s\n", d != NULL,
         count, dirs, (int)names, type_name(type));
  if (d) close_dir(d);
  void* none = open_dir(entry, renamed, &err, &type);
  printf("  _Open_dir(a file): %d, error %d, target \"%s\"\n", none != NULL, err, entry);

  printf("  _Current_get: %d\n", current_get(cwd) == cwd);
  r1 = current_set(dir);
  r2 = GetCurrentDirectoryA(MAX_PATH, buf) && _stricmp(buf, dir) == 0;
  printf("  _Current_set(dir): %d, now there %d\n", r1, r2);
  current_set(cwd);
  space_info si = {1, 1, 1};
  statvfs(&si, dir);
  printf("  _Statvfs: capacity > 0 %d, free <= capacity %d, available <= capacity %d\n", si.capacity > 0, si.free <= si.capacity,
         si.available <= si.capacity);
  space_info none_si = {1, 1, 1};
  statvfs(&none_si, NULL);
  printf("  _Statvfs(null): %llu %llu %llu\n", none_si.capacity, none_si.free, none_si.available);

  wchar_t wdir[MAX_PATH], wfile[MAX_PATH];
  MultiByteToWideChar(CP_ACP, 0, dir, -1, wdir, MAX_PATH);
  MultiByteToWideChar(CP_ACP, 0, path, -1, wfile, MAX_PATH);
  t1 = stat_w(wfile, &err);
  s1 = file_size_w(wfile);
  r1 = make_dir_w(wdir);
  printf("  wide: _Stat(file) %s, _File_size %llu, _Make_dir(existing) %d\n", type_name(t1), s1, r1);

  r1 = unlink_(path);
  r2 = unlink_(other);
  r3 = unlink_(renamed);
  r4 = unlink_(path);
  printf("  _Unlink: %d %d %d, again %d\n", r1, r2, r3, r4);
  r1 = remove_dir(dir);
  r2 = remove_dir(dir);
  printf("  _Remove_dir: %d, again %d\n", r1, r2);
}

static void show_codecvt(void) {
  void*(THISCALL * ctor)(void*, size_t) = fn(NAME("??0" CVT "QAE@I@Z", "??0" CVT "QEAA@_K@Z"));
  void(THISCALL * dtor)(void*) = fn(NAME("??1" CVT "MAE@XZ", "??1" CVT "MEAA@XZ"));
  int(THISCALL * in)(void*, int*, const char*, const char*, const char**, wchar_t*, wchar_t*, wchar_t**) =
      fn(NAME("?in@" CVT "QBEHAAHPBD1AAPBDPA_W3AAPA_W@Z", "?in@" CVT "QEBAHAEAHPEBD1AEAPEBDPEA_W3AEAPEA_W@Z"));
  int(THISCALL * out)(void*, int*, const wchar_t*, const wchar_t*, const wchar_t**, char*, char*, char**) =
      fn(NAME("?out@" CVT "QBEHAAHPB_W1AAPB_WPAD3AAPAD@Z", "?out@" CVT "QEBAHAEAHPEB_W1AEAPEB_WPEAD3AEAPEAD@Z"));
  int(THISCALL * length)(void*, int*, const char*, const char*, size_t) =
      fn(NAME("?length@" CVT "QBEHAAHPBD1I@Z", "?length@" CVT "QEBAHAEAHPEBD1_K@Z"));
  int(THISCALL * max_length)(void*) = fn(NAME("?max_length@codecvt_base@std@@QBEHXZ", "?max_length@codecvt_base@std@@QEBAHXZ"));
  void* vtable = fn("??_7" CVT "6B@");
  void* id = fn("?id@" CVT "2V0locale@2@A");

  void* facet[16];
  memset(facet, 0, sizeof facet);
  ctor(facet, 0);
  printf("codecvt<wchar_t, char, int>: its vtable %d, an id %d, max_length %d\n", facet[0] == vtable, id != NULL, max_length(facet));
  struct {
    int state, guard;
  } st = {0, 0x5a5a5a5a};
  const char* src = "hello";
  const char* src_next = NULL;
  wchar_t wide[8] = {0};
  wchar_t* wide_next = NULL;
  int r = in(facet, &st.state, src, src + 5, &src_next, wide, wide + 8, &wide_next);
  printf("  in: %d, %d read, %d made, \"%ls\", state %d, the next int untouched %d\n", r, (int)(src_next - src), (int)(wide_next - wide),
         wide, st.state, st.guard == 0x5a5a5a5a);
  char narrow[8] = {0};
  char* narrow_next = NULL;
  const wchar_t* wsrc = L"world";
  const wchar_t* wsrc_next = NULL;
  r = out(facet, &st.state, wsrc, wsrc + 5, &wsrc_next, narrow, narrow + 3, &narrow_next);
  printf("  out into 3 bytes: %d, %d taken, \"%s\", the next int untouched %d\n", r, (int)(wsrc_next - wsrc), narrow,
         st.guard == 0x5a5a5a5a);
  printf("  length(\"hello\", 3): %d\n", length(facet, &st.state, src, src + 5, 3));
  dtor(facet);

  int(__cdecl * mbrtowc_)(wchar_t*, const char*, size_t, int*, const void*) = fn("_Mbrtowc");
  unsigned char cvt[44];
  memset(cvt, 0, sizeof cvt);  // (code page 0: the "C" locale's bytes)
  struct {
    int state, guard;
  } ms = {0x55555555, 0x5a5a5a5a};
  wchar_t w = 0xffff;
  r = mbrtowc_(&w, "A", 1, &ms.state, cvt);
  printf("  _Mbrtowc(\"A\") with an int state: %d, %#x, state %d, the next int untouched %d\n", r, w, ms.state, ms.guard == 0x5a5a5a5a);
}

static void show_streams(void) {
  streambuf* (THISCALL * sb_ctor)(streambuf*) = fn(NAME("??0" SB "IAE@XZ", "??0" SB "IEAA@XZ"));
  void(THISCALL * setg)(streambuf*, char*, char*, char*) = fn(NAME("?setg@" SB "IAEXPAD00@Z", "?setg@" SB "IEAAXPEAD00@Z"));
  int(THISCALL * sgetc)(streambuf*) = fn(NAME("?sgetc@" SB "QAEHXZ", "?sgetc@" SB "QEAAHXZ"));
  long long* (THISCALL * seekoff)(streambuf*, long long*, long long, int, int) =
      fn(NAME("?pubseekoff@" SB "QAE?AV?$fpos@H@2@_JHH@Z", "?pubseekoff@" SB "QEAA?AV?$fpos@H@2@_JHH@Z"));
  istream* (THISCALL * is_ctor)(istream*, streambuf*, unsigned char, int) =
      fn(NAME("??0" IS "QAE@PAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z", "??0" IS "QEAA@PEAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z"));
  void(THISCALL * is_vbase_dtor)(istream*) = fn(NAME("??_D" IS "QAEXXZ", "??_D" IS "QEAAXXZ"));
  istream*(__cdecl * ws)(istream*) = fn(NAME("?ws@std@@YAAAV?$basic_istream@DU?$char_traits@D@std@@@1@AAV21@@Z",
                                             "?ws@std@@YAAEAV?$basic_istream@DU?$char_traits@D@std@@@1@AEAV21@@Z"));
  istream* (THISCALL * tellg)(istream*, long long*) = fn(NAME("?tellg@" IS "QAE?AV?$fpos@H@2@XZ", "?tellg@" IS "QEAA?AV?$fpos@H@2@XZ"));

  streambuf sb;
  sb_ctor(&sb);
  long long pos[3] = {5, 5, 5};
  seekoff(&sb, pos, 0, 1, 1);
  printf("streams: pubseekoff (fpos<int>) of a plain buffer: %lld\n", pos[0]);
  char text[] = "   \t x y";
  setg(&sb, text, text, text + strlen(text));
  istream is;
  memset(&is, 0, sizeof is);
  is_ctor(&is, &sb, 0, 1);
  ws(&is);
  printf("  ws: next '%c', state %d\n", sgetc(&sb), is.ios.base.state);
  long long p[3] = {5, 5, 5};
  tellg(&is, p);
  printf("  tellg (fpos<int>): %lld\n", p[0]);
  char blank[] = "  \n ";
  setg(&sb, blank, blank, blank + strlen(blank));
  ws(&is);
  printf("  ws at the end: state %d\n", is.ios.base.state);
  is_vbase_dtor(&is);
}

static void show_threads(void) {
  void(__cdecl * call_once_ex)(int*, void(__cdecl*)(void*), void*) = fn("_Call_onceEx");
  int(__cdecl * thrd_lt)(thrd_t, thrd_t) = fn("_Thrd_lt");
  int(__cdecl * thrd_join)(thrd_t, int*) = fn("_Thrd_join");
  pad* (THISCALL * pad_ctor)(pad*) = fn(NAME("??0_Pad@std@@QAE@XZ", "??0_Pad@std@@QEAA@XZ"));
  void(THISCALL * pad_dtor)(pad*) = fn(NAME("??1_Pad@std@@QAE@XZ", "??1_Pad@std@@QEAA@XZ"));
  void(THISCALL * launch)(pad*, thrd_t*) = fn(NAME("?_Launch@_Pad@std@@QAEXPAU_Thrd_imp_t@@@Z", "?_Launch@_Pad@std@@QEAAXPEAU_Thrd_imp_t@@@Z"));
  pad_release = fn(NAME("?_Release@_Pad@std@@QAEXXZ", "?_Release@_Pad@std@@QEAAXXZ"));

  int flag = 0, add = 3;
  call_once_ex(&flag, once_fn, &add);
  call_once_ex(&flag, once_fn, &add);
  printf("threads: _Call_onceEx twice: ran %d, the flag %d\n", once_runs, flag);
  thrd_t a = {NULL, 5}, b = {NULL, 9};
  printf("  _Thrd_lt: %d %d %d\n", thrd_lt(a, b), thrd_lt(b, a), thrd_lt(a, a));

  pad p;
  memset(&p, 0, sizeof p);
  pad_ctor(&p);
  printf("  _Pad: the base vtable %d, a condition %d, a mutex %d, launched %d\n", p.vtable == fn("??_7_Pad@std@@6B@"), p.cnd != NULL,
         p.mtx != NULL, p.launched);
  p.vtable = pad_vtable;
  thrd_t t = {NULL, 0};
  launch(&p, &t);
  printf("  _Launch: returned after _Release %d, launched %d, a thread %d\n", went == 1, p.launched, t.handle != NULL);
  int res = -1;
  int joined = thrd_join(t, &res);
  printf("  _Thrd_join: %d, its result %d\n", joined, res);
  pad_dtor(&p);
}

static void show_helpers(void) {
  short(__cdecl * dscale)(double*, int) = fn("_Dscale");
  short(__cdecl * fdscale)(float*, int) = fn("_FDscale");
  const double* eps = fn("_Eps");
  const float* feps = fn("_FEps");
  const unsigned long long* lzero = fn("_LZero");
  double x = 1.5;
  short c = dscale(&x, 3);
  printf("helpers: _Dscale(1.5, 3): %g class %d; ", x, c);
  x = 1.0;
  c = dscale(&x, 5000);
  printf("(1, 5000): class %d; ", c);
  x = 1.0;
  c = dscale(&x, -1074);
  printf("(1, -1074): class %d\n", c);
  float f = 0.75f;
  c = fdscale(&f, -2);
  printf("  _FDscale(0.75, -2): %g class %d; _Eps %d, _FEps %d, _LZero %llu\n", f, c, *eps == 2.220446049250313e-16, *feps == 1.1920929e-07f,
         *lzero);

  const void* ph1 = fn("?_1@placeholders@std@@3V?$_Ph@$00@2@A");
  const void* ph2 = fn("?_2@placeholders@std@@3V?$_Ph@$01@2@A");
  const void* ph20 = fn("?_20@placeholders@std@@3V?$_Ph@$0BE@@2@A");
  printf("  placeholders: distinct %d\n", ph1 != ph2 && ph2 != ph20 && ph1 != ph20);
  const unsigned char* rev = fn("?_Byte_reverse_table@details@Concurrency@@3QBEB");
  printf("  _Byte_reverse_table: %02x %02x %02x %02x\n", rev[1], rev[0x0f], rev[0xa0], rev[0xff]);
  void*(THISCALL * rt_ctor)(void*) = fn(NAME("??0_Runtime_object@details@Concurrency@@QAE@XZ", "??0_Runtime_object@details@Concurrency@@QEAA@XZ"));
  void*(THISCALL * rt_ctor_id)(void*, int) = fn(NAME("??0_Runtime_object@details@Concurrency@@QAE@H@Z", "??0_Runtime_object@details@Concurrency@@QEAA@H@Z"));
  struct {
    void* vtable;
    int id;
  } r1, r2, r3;
  rt_ctor(&r1);
  rt_ctor(&r2);
  rt_ctor_id(&r3, 42);
  printf("  _Runtime_object: ids step by %d, given %d, one vtable %d\n", r2.id - r1.id, r3.id, r1.vtable == r3.vtable && r1.vtable != NULL);
  size_t(__cdecl * combinable)(void) = fn(NAME("?_GetCombinableSize@details@Concurrency@@YAIXZ", "?_GetCombinableSize@details@Concurrency@@YA_KXZ"));
  unsigned char(__cdecl * canceling)(void) = fn("?is_current_task_group_canceling@Concurrency@@YA_NXZ");
  printf("  _GetCombinableSize %d, is_current_task_group_canceling %d\n", (int)combinable(), canceling());

  void*(THISCALL * b12_ctor)(void**) = fn(NAME("??0_Container_base12@std@@QAE@XZ", "??0_Container_base12@std@@QEAA@XZ"));
  void** (THISCALL * getpfirst)(void**) = fn(NAME("?_Getpfirst@_Container_base12@std@@QBEPAPAU_Iterator_base12@2@XZ",
                                                  "?_Getpfirst@_Container_base12@std@@QEBAPEAPEAU_Iterator_base12@2@XZ"));
  void(THISCALL * swap_all)(void**, void**) = fn(NAME("?_Swap_all@_Container_base12@std@@QAEXAAU12@@Z", "?_Swap_all@_Container_base12@std@@QEAAXAEAU12@@Z"));
  void(THISCALL * orphan0)(void*) = fn(NAME("?_Orphan_all@_Container_base0@std@@QAEXXZ", "?_Orphan_all@_Container_base0@std@@QEAAXXZ"));
  void* c1 = (void*)1;
  void* c2 = (void*)2;
  b12_ctor(&c1);
  printf("  _Container_base12: constructed %d, _Getpfirst of none %d\n", c1 == NULL, getpfirst(&c1) == NULL);
  void* proxy1[2] = {&c1, (void*)0x10};
  void* proxy2[2] = {&c2, (void*)0x20};
  c1 = proxy1;
  c2 = proxy2;
  printf("  _Getpfirst: the proxy's head %d\n", getpfirst(&c1) == &proxy1[1]);
  swap_all(&c1, &c2);
  printf("  _Swap_all: swapped %d, each proxy points at its container %d\n", c1 == proxy2 && c2 == proxy1,
         proxy2[0] == &c1 && proxy1[0] == &c2);
  orphan0(&c1);
}

static void show_msvcp110(void) {
  dll = LoadLibraryA("msvcp110.dll");
  printf("msvcp110: loaded %d\n", dll != NULL);
  streambuf* (THISCALL * sb_ctor)(streambuf*) = fn(NAME("??0" SB "IAE@XZ", "??0" SB "IEAA@XZ"));
  void(THISCALL * setp)(streambuf*, char*, char*) = fn(NAME("?setp@" SB "IAEXPAD0@Z", "?setp@" SB "IEAAXPEAD0@Z"));
  ostream* (THISCALL * os_ctor)(ostream*, streambuf*, unsigned char, int) =
      fn(NAME("??0" OS "QAE@PAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z", "??0" OS "QEAA@PEAV?$basic_streambuf@DU?$char_traits@D@std@@@1@_N@Z"));
  void(THISCALL * os_vbase_dtor)(ostream*) = fn(NAME("??_D" OS "QAEXXZ", "??_D" OS "QEAAXXZ"));
  ostream* (THISCALL * put)(ostream*, char) = fn(NAME("?put@" OS "QAEAAV12@D@Z", "?put@" OS "QEAAAEAV12@D@Z"));
  ostream*(__cdecl * endl)(ostream*) = fn(NAME("?endl@std@@YAAAV?$basic_ostream@DU?$char_traits@D@std@@@1@AAV21@@Z",
                                               "?endl@std@@YAAEAV?$basic_ostream@DU?$char_traits@D@std@@@1@AEAV21@@Z"));
  ostream*(__cdecl * ends)(ostream*) = fn(NAME("?ends@std@@YAAAV?$basic_ostream@DU?$char_traits@D@std@@@1@AAV21@@Z",
                                               "?ends@std@@YAAEAV?$basic_ostream@DU?$char_traits@D@std@@@1@AEAV21@@Z"));
  ostream*(__cdecl * flush)(ostream*) = fn(NAME("?flush@std@@YAAAV?$basic_ostream@DU?$char_traits@D@std@@@1@AAV21@@Z",
                                                "?flush@std@@YAAEAV?$basic_ostream@DU?$char_traits@D@std@@@1@AEAV21@@Z"));
  void*(THISCALL * as_ptr)(ios_base*) = fn(NAME("??Bios_base@std@@QBEPAXXZ", "??Bios_base@std@@QEBAPEAXXZ"));
  unsigned short(__cdecl * wctype_)(const char*) = fn("wctype");

  streambuf sb;
  sb_ctor(&sb);
  char text[16];
  memset(text, '#', sizeof text);
  setp(&sb, text, text + 6);
  ostream os;
  memset(&os, 0, sizeof os);
  os_ctor(&os, &sb, 0, 1);
  put(&os, 'a');
  endl(&os);
  put(&os, 'b');
  ends(&os);
  flush(&os);
  printf("  endl, ends, flush: %02x %02x %02x %02x %02x, state %d\n", (unsigned char)text[0], (unsigned char)text[1], (unsigned char)text[2],
         (unsigned char)text[3], (unsigned char)text[4], os.ios.base.state);
  printf("  operator void*: the stream %d\n", as_ptr(&os.ios.base) == &os.ios.base);
  put(&os, 'c');
  put(&os, 'd');
  put(&os, 'e');
  printf("  full: state %d, operator void* null %d\n", os.ios.base.state, as_ptr(&os.ios.base) == NULL);
  os_vbase_dtor(&os);
  printf("  wctype: alpha %#x, digit %#x, space %#x, xdigit %#x, nothing %#x\n", wctype_("alpha"), wctype_("digit"), wctype_("space"),
         wctype_("xdigit"), wctype_("nothing"));
}

int main(void) {
  dll = LoadLibraryA("msvcp120.dll");
  printf("msvcp120: loaded %d\n", dll != NULL);
  show_tr2();
  show_codecvt();
  show_streams();
  show_threads();
  show_helpers();
  show_msvcp110();
  return 0;
}
