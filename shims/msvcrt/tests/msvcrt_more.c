/* More of the C runtime: _doserrno, _sys_errlist, the _findfirst and _stat families with the
 * structures msvcrt.dll gives them (time_t as wide as a pointer), _ftime, _utime64, _getdrive,
 * _wgetdcwd, _wsplitpath_s, the _s forms of sprintf and _itoa, swprintf, the scanf family over
 * strings and streams, fopen_s, _wfopen_s, _wfdopen, fgetws, setbuf, mbrlen, _ctime64,
 * _difftime64, _j1, _mbsrchr, byte swapping and rotation, _kbhit and _getch without a console,
 * and at the end _assert (msvcrt.dll) or _wassert (the Universal CRT) caught by a SIGABRT handler.
 * Built twice: msvcrt_more against msvcrt.dll, msvcrt_more_ucrt against the Universal CRT, which
 * adds its onexit tables, the thread_local exit callback, _seh_filter_exe and the wide _s
 * printf. */
#ifndef __USE_MINGW_ANSI_STDIO
#define __USE_MINGW_ANSI_STDIO 0
#endif
#include <assert.h>
#include <conio.h>
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <math.h>
#include <mbstring.h>
#include <process.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/timeb.h>
#include <sys/utime.h>
#include <time.h>
#include <wchar.h>
#include <windows.h>
#ifdef _UCRT
#include <corecrt_startup.h>
#endif

/* msvcrt.dll's _finddata_t, struct _stat and struct _timeb: time_t as wide as a pointer. */
#ifdef _WIN64
typedef __int64 crt_time;
#else
typedef long crt_time;
#endif
struct crt_finddata {
  unsigned attrib;
  crt_time time_create, time_access, time_write;
  unsigned long size;
  char name[260];
};
struct crt_wfinddata {
  unsigned attrib;
  crt_time time_create, time_access, time_write;
  unsigned long size;
  wchar_t name[260];
};
struct crt_stat {
  unsigned int st_dev;
  unsigned short st_ino, st_mode;
  short st_nlink, st_uid, st_gid;
  unsigned int st_rdev;
  long st_size;
  crt_time st_atime_, st_mtime_, st_ctime_;
};
struct crt_timeb {
  crt_time time;
  unsigned short millitm;
  short timezone, dstflag;
};
#ifndef _UCRT
#undef _findfirst
#undef _findnext
#undef _wfindfirst
#undef _wfindnext
#undef _stat
#undef _wstat
#undef _fstat
#undef _ftime
__declspec(dllimport) intptr_t __cdecl _findfirst(const char*, struct crt_finddata*);
__declspec(dllimport) int __cdecl _findnext(intptr_t, struct crt_finddata*);
__declspec(dllimport) intptr_t __cdecl _wfindfirst(const wchar_t*, struct crt_wfinddata*);
__declspec(dllimport) int __cdecl _wfindnext(intptr_t, struct crt_wfinddata*);
__declspec(dllimport) int __cdecl _stat(const char*, struct crt_stat*);
__declspec(dllimport) int __cdecl _wstat(const wchar_t*, struct crt_stat*);
__declspec(dllimport) int __cdecl _fstat(int, struct crt_stat*);
__declspec(dllimport) void __cdecl _ftime(struct crt_timeb*);
#endif
__declspec(dllimport) int __cdecl _seh_filter_exe(unsigned long, struct _EXCEPTION_POINTERS*);

/* Byte swapping and rotation are the compiler's own inline functions: called here through the C
 * runtime's exports, where its import library has them. */
extern unsigned int (__cdecl *__MINGW_IMP_SYMBOL(_rotl))(unsigned int, int);
#ifdef _UCRT
extern unsigned short (__cdecl *__MINGW_IMP_SYMBOL(_byteswap_ushort))(unsigned short);
extern unsigned long (__cdecl *__MINGW_IMP_SYMBOL(_byteswap_ulong))(unsigned long);
extern unsigned long long (__cdecl *__MINGW_IMP_SYMBOL(_byteswap_uint64))(unsigned long long);
#define IMPORTED(f) (*__MINGW_IMP_SYMBOL(f))
#else
#define IMPORTED(f) f
#endif

static char dir[64];

static void path_of(char* out, size_t n, const char* name) { snprintf(out, n, "%s\\%s", dir, name); }

static void make_file(const char* name, const char* text) {
  char path[128];
  path_of(path, sizeof path, name);
  FILE* f = fopen(path, "wb");
  fputs(text, f);
  fclose(f);
}

static int compare_names(const void* a, const void* b) { return strcmp((const char*)a, (const char*)b); }

static void errors(void) {
  puts("-- errno and _doserrno");
  errno = 0;
  _doserrno = 0;
  int fd = _open("crt-more-no-such-file.txt", _O_RDONLY);
  printf("open missing: %d, errno %d, _doserrno %lu\n", fd, errno, _doserrno);
#ifdef _UCRT
  unsigned long dos = 0;
  _get_doserrno(&dos);
  printf("_get_doserrno %lu\n", dos);
#endif
  char path[128];
  path_of(path, sizeof path, "");
  path[strlen(path) - 1] = 0;
  int r = _rmdir(path);
  printf("rmdir of a full directory: %d, errno %d (ENOTEMPTY %d), _doserrno %lu\n", r, errno, ENOTEMPTY, _doserrno);
  printf("_sys_nerr %d\n", _sys_nerr);
  const int shown[] = {0, 2, 12, 16, 18, 33, 34, 36, 38, 40, 41, 42};
  for (unsigned i = 0; i < sizeof shown / sizeof shown[0]; ++i) printf("sys_errlist[%d] %s\n", shown[i], _sys_errlist[shown[i]]);
}

static void finding(void) {
  puts("-- _findfirst");
  char spec[128], names[8][32];
  int n = 0;
#ifndef _UCRT
  struct crt_finddata fd;
  path_of(spec, sizeof spec, "*.txt");
  intptr_t h = _findfirst(spec, &fd);
  if (h == -1) {
    puts("nothing found");
    return;
  }
  do {
    snprintf(names[n++], sizeof names[0], "%.20s %lu%s%s", fd.name, fd.size, (fd.attrib & _A_SUBDIR) ? " dir" : "",
             fd.time_write > time(NULL) - 600 ? " recent" : " old");
  } while (n < 8 && _findnext(h, &fd) == 0);
  int r = _findnext(h, &fd);
  printf("_findnext at the end: %d, errno %d\n", r, errno);
  _findclose(h);
  qsort(names, n, sizeof names[0], compare_names);
  for (int i = 0; i < n; ++i) printf("  %s\n", names[i]);
  struct crt_wfinddata wfd;
  wchar_t wspec[128];
  swprintf(wspec, 128, L"%hs\\*", dir);
  h = _wfindfirst(wspec, &wfd);
  n = 0;
  do {
    if (wcscmp(wfd.name, L".") && wcscmp(wfd.name, L".."))
      snprintf(names[n++], sizeof names[0], "%.20ls %lu%s", wfd.name, (wfd.attrib & _A_SUBDIR) ? 0ul : wfd.size,
               (wfd.attrib & _A_SUBDIR) ? " dir" : "");
  } while (n < 8 && _wfindnext(h, &wfd) == 0);
  _findclose(h);
#else
  struct _finddata64i32_t fd;
  path_of(spec, sizeof spec, "*");
  intptr_t h = _findfirst64i32(spec, &fd);
  do {
    if (strcmp(fd.name, ".") && strcmp(fd.name, ".."))
      snprintf(names[n++], sizeof names[0], "%.20s %lu%s", fd.name, (fd.attrib & _A_SUBDIR) ? 0ul : fd.size,
               (fd.attrib & _A_SUBDIR) ? " dir" : "");
  } while (n < 8 && _findnext64i32(h, &fd) == 0);
  _findclose(h);
#endif
  qsort(names, n, sizeof names[0], compare_names);
  puts("every entry:");
  for (int i = 0; i < n; ++i) printf("  %s\n", names[i]);
  path_of(spec, sizeof spec, "*.none");
  errno = 0;
#ifndef _UCRT
  h = _findfirst(spec, &fd);
#else
  h = _findfirst64i32(spec, &fd);
#endif
  printf("no match: %d, errno %d\n", (int)h, errno);
}

static void file_status(void) {
  puts("-- _stat, _fstat, _utime64");
  char path[128];
  path_of(path, sizeof path, "a.txt");
  struct __utimbuf64 times = {1000000000, 1200000000};
  printf("_utime64: %d\n", _utime64(path, &times));
#ifndef _UCRT
  struct crt_stat st;
  memset(&st, 0xff, sizeof st);
  int r = _stat(path, &st);
  printf("_stat: %d, size %ld, mode %#o, atime %lld, mtime %lld\n", r, st.st_size, st.st_mode, (long long)st.st_atime_,
         (long long)st.st_mtime_);
  wchar_t wpath[128];
  swprintf(wpath, 128, L"%hs", path);
  memset(&st, 0, sizeof st);
  r = _wstat(wpath, &st);
  printf("_wstat: %d, size %ld, mtime %lld\n", r, st.st_size, (long long)st.st_mtime_);
  int fd = _open(path, _O_RDONLY);
  memset(&st, 0, sizeof st);
  r = _fstat(fd, &st);
  printf("_fstat: %d, size %ld, regular %d, mtime %lld\n", r, st.st_size, (st.st_mode & _S_IFREG) != 0,
         (long long)st.st_mtime_);
  _close(fd);
  path_of(path, sizeof path, "");
  path[strlen(path) - 1] = 0;
  r = _stat(path, &st);
  printf("_stat of the directory: %d, directory %d\n", r, (st.st_mode & _S_IFDIR) != 0);
#else
  struct _stat64 st;
  int r = _stat64(path, &st);
  printf("_stat64: %d, size %lld, atime %lld, mtime %lld\n", r, (long long)st.st_size, (long long)st.st_atime,
         (long long)st.st_mtime);
#endif
  r = _utime64("crt-more-no-such-file.txt", &times);
  printf("_utime64 of a missing file: %d, errno %d\n", r, errno);
}

static void times_and_dates(void) {
  puts("-- time");
#ifndef _UCRT
  struct crt_timeb tb;
  _ftime(&tb);
  printf("_ftime: now %d, milliseconds %d, zone %d, dst flag %d\n", llabs((long long)tb.time - time(NULL)) <= 2,
         tb.millitm < 1000, tb.timezone == _timezone / 60, tb.dstflag == 0 || tb.dstflag == 1);
#endif
  struct __timeb64 tb64;
  _ftime64(&tb64);
  printf("_ftime64: now %d, milliseconds %d, zone %d\n", llabs(tb64.time - _time64(NULL)) <= 2, tb64.millitm < 1000,
         tb64.timezone == _timezone / 60);
  __time64_t t = 1700000000;
  char* text = _ctime64(&t);
  char local[64];
  strcpy(local, asctime(_localtime64(&t)));
  printf("_ctime64: %d characters, as asctime of the local time: %d\n", (int)strlen(text), strcmp(text, local) == 0);
  __time64_t before = -1;
  printf("_ctime64 before 1970: %s\n", _ctime64(&before) ? "text" : "null");
  printf("asctime of gmtime: %s", asctime(_gmtime64(&t)));
  printf("_difftime64: %.1f\n", _difftime64(1700000600, 1700000000));
}

static void drives_and_paths(void) {
  puts("-- drives and paths");
  wchar_t cwd[512], dcwd[512];
  _wgetcwd(cwd, 512);
  printf("_getdrive %d\n", _getdrive());
  printf("_wgetdcwd(0) is the current directory: %d\n", _wgetdcwd(0, dcwd, 512) && wcscmp(cwd, dcwd) == 0);
  printf("_wgetdcwd(current drive) too: %d\n", _wgetdcwd(_getdrive(), dcwd, 512) && wcscmp(cwd, dcwd) == 0);
  wchar_t* allocated = _wgetdcwd(0, NULL, 0);
  printf("allocated: %d\n", allocated && wcscmp(cwd, allocated) == 0);
  free(allocated);
  const wchar_t* paths[] = {L"C:\\dir\\sub\\name.tar.gz", L"relative/path/file", L"noext", L"dir.d\\file",
                            L".profile", L"C:file.c", L"\\\\server\\share\\x.y"};
  for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; ++i) {
    wchar_t drive[4], d[64], name[64], ext[16];
    int r = _wsplitpath_s(paths[i], drive, 4, d, 64, name, 64, ext, 16);
    printf("_wsplitpath_s(%ls): %d [%ls] [%ls] [%ls] [%ls]\n", paths[i], r, drive, d, name, ext);
  }
  wchar_t name[64];
  printf("only the name: %d [%ls]\n", _wsplitpath_s(L"a\\b.c", NULL, 0, NULL, 0, name, 64, NULL, 0), name);
}

static int __cdecl snprintf_s_of(char* buf, size_t size, size_t count, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int r = _vsnprintf_s(buf, size, count, fmt, ap);
  va_end(ap);
  return r;
}

static void formatting(void) {
  puts("-- formatting into buffers");
  char buf[16];
  int r = snprintf_s_of(buf, sizeof buf, _TRUNCATE, "%s-%d", "fits", 42);
  printf("_vsnprintf_s fits: %d [%s]\n", r, buf);
  r = snprintf_s_of(buf, sizeof buf, _TRUNCATE, "%s", "far too long for sixteen");
  printf("_vsnprintf_s _TRUNCATE: %d [%s]\n", r, buf);
  r = snprintf_s_of(buf, sizeof buf, 4, "%d", 123456);
  printf("_vsnprintf_s count 4: %d [%s]\n", r, buf);
  r = _snprintf_s(buf, sizeof buf, _TRUNCATE, "%.3f", 2.5);
  printf("_snprintf_s: %d [%s]\n", r, buf);
  wchar_t wbuf[32];
  r = swprintf(wbuf, 32, L"%ls=%d", L"wide", 7);
  printf("swprintf: %d [%ls]\n", r, wbuf);
  r = swprintf(wbuf, 4, L"%d", 123456);
  printf("swprintf too long: %d\n", r);
  r = swprintf_s(wbuf, 32, L"%ls %hs %c", L"w", "n", L'c');
  printf("swprintf_s: %d [%ls]\n", r, wbuf);
  r = _snwprintf_s(wbuf, 32, _TRUNCATE, L"%ls", L"truncated by the buffer's thirty-two");
  printf("_snwprintf_s _TRUNCATE: %d [%ls]\n", r, wbuf);
  char digits[40];
  _itoa_s(-1234, digits, sizeof digits, 10);
  printf("_itoa_s: %s", digits);
  _itoa_s(-1, digits, sizeof digits, 16);
  printf(" %s", digits);
  _itoa_s(255, digits, sizeof digits, 2);
  printf(" %s", digits);
  _i64toa_s(-9000000000ll, digits, sizeof digits, 10);
  printf(" %s", digits);
  _ui64toa_s(0xfedcba9876543210ull, digits, sizeof digits, 36);
  printf(" %s\n", digits);
}

static void scanning(void) {
  puts("-- scanf");
  int a = 0, b = 0;
  char word[16] = "";
  double d = 0;
  int r = sscanf("  42 0x1F hello 2.75", "%d %x %15s %lf", &a, &b, word, &d);
  printf("sscanf: %d: %d %d %s %.2f\n", r, a, b, word, d);
  r = sscanf("", "%d", &a);
  printf("sscanf of nothing: %d\n", r);
  wchar_t wword[8];
  r = swscanf_s(L"7 words and more", L"%d %7s", &a, wword, (unsigned)(sizeof wword / sizeof wword[0]));
  printf("swscanf_s: %d: %d %ls\n", r, a, wword);
  char narrow[8];
  r = swscanf_s(L"x:abc", L"x:%3hs", narrow, (unsigned)sizeof narrow);
  printf("swscanf_s %%hs: %d: %s\n", r, narrow);
  char path[128];
  path_of(path, sizeof path, "scan.txt");
  FILE* f = fopen(path, "w");
  fputs("12 abc 3.5\nrest of line\n", f);
  fclose(f);
  f = fopen(path, "r");
  r = fscanf(f, "%d %15s %lf", &a, word, &d);
  int next = fgetc(f);
  printf("fscanf: %d: %d %s %.1f, then %s\n", r, a, word, d, next == '\n' ? "the newline" : "something else");
  r = fscanf(f, "%15s", word);
  char rest[32] = "";
  fgets(rest, sizeof rest, f);
  printf("fscanf again: %d: %s, fgets after: [%s]\n", r, word, strtok(rest, "\n"));
  r = fscanf(f, "%d", &a);
  printf("fscanf at the end: %d, feof %d\n", r, feof(f) != 0);
  fclose(f);
}

static void streams(void) {
  puts("-- streams");
  FILE* f = (FILE*)1;
  errno_t e = fopen_s(&f, "crt-more-no-such-file.txt", "r");
  printf("fopen_s missing: %d, stream %s\n", e, f ? "set" : "null");
  char path[128];
  path_of(path, sizeof path, "wide.txt");
  e = fopen_s(&f, path, "w");
  printf("fopen_s: %d\n", e);
  fputs("line one\nline two\n", f);
  fclose(f);
  wchar_t wpath[128];
  swprintf(wpath, 128, L"%hs", path);
  e = _wfopen_s(&f, wpath, L"r");
  wchar_t line[32];
  printf("_wfopen_s: %d\n", e);
  printf("fgetws: [%ls]", fgetws(line, 32, f));
  printf(" length %d\n", (int)wcslen(line));
  printf("fgetws, 5 at most: [%ls]\n", fgetws(line, 5, f));
  fgetws(line, 32, f);
  printf("fgetws at the end: %s\n", fgetws(line, 32, f) ? "text" : "null");
  fclose(f);
  int fd = _wopen(wpath, _O_RDONLY | _O_BINARY);
  f = _wfdopen(fd, L"rb");
  printf("_wfdopen: %s, first byte %c\n", f ? "stream" : "null", fgetc(f));
  fclose(f);

  path_of(path, sizeof path, "buffering.txt");
  f = fopen(path, "w");
  setbuf(f, NULL);
  fputs("abc", f);
  printf("setbuf(NULL): %ld bytes written at once\n", _filelength(_fileno(f)));
  fclose(f);
  static char buffer[BUFSIZ];
  f = fopen(path, "w");
  setbuf(f, buffer);
  fputs("abc", f);
  printf("setbuf(buffer): %ld bytes written before fflush", _filelength(_fileno(f)));
  fflush(f);
  printf(", %ld after\n", _filelength(_fileno(f)));
  fclose(f);
}

static void characters_and_numbers(void) {
  puts("-- characters and numbers");
  mbstate_t st;
  memset(&st, 0, sizeof st);
  printf("mbrlen: %d %d %d\n", (int)mbrlen("abc", 3, &st), (int)mbrlen("", 1, &st), (int)mbrlen("a", 0, &st));
  const unsigned char* s = (const unsigned char*)"a/b/c";
  printf("_mbsrchr: at %d, missing %s\n", (int)(_mbsrchr(s, '/') - s), _mbsrchr(s, 'x') ? "found" : "null");
  printf("_j1: %.10f %.10f\n", _j1(1.0), _j1(-2.5));
  printf("_byteswap_ushort %#x, _byteswap_ulong %#lx, _byteswap_uint64 %#llx\n", IMPORTED(_byteswap_ushort)(0x1234),
         IMPORTED(_byteswap_ulong)(0x12345678), IMPORTED(_byteswap_uint64)(0x0102030405060708ull));
  printf("_rotl64 %#llx %#llx, _rotr64 %#llx, _rotl %#x\n", _rotl64(0x8000000000000001ull, 1),
         _rotl64(0x8000000000000001ull, 65), _rotr64(1, 4), (*__MINGW_IMP_SYMBOL(_rotl))(0x80000001u, 4));
}

static void console(void) {
  puts("-- console input without a console");
  printf("_kbhit %d\n", _kbhit());
  printf("_getch %d\n", _getch());
}

#ifdef _UCRT
static void f1(void) { puts("  onexit 1"); }
static void f2(void) { puts("  onexit 2"); }
static void f3(void) { puts("  onexit 3"); }

static void onexit_tables(void) {
  puts("-- onexit tables");
  _onexit_table_t table;
  memset(&table, 0, sizeof table);
  printf("initialize: %d, null: %d\n", _initialize_onexit_table(&table), _initialize_onexit_table(NULL));
  int r1 = _register_onexit_function(&table, (_onexit_t)f1);
  int r2 = _register_onexit_function(&table, (_onexit_t)f2);
  int r3 = _register_onexit_function(&table, (_onexit_t)f3);
  printf("register: %d %d %d\n", r1, r2, r3);
  printf("execute: %d\n", _execute_onexit_table(&table));
  printf("again: %d\n", _execute_onexit_table(&table));
  printf("register after: %d\n", _register_onexit_function(&table, (_onexit_t)f2));
  printf("execute: %d\n", _execute_onexit_table(&table));
}

static void __cdecl on_segv(int sig) { printf("  SIGSEGV handler called with %d\n", sig); }

static void filters(void) {
  puts("-- _seh_filter_exe");
  EXCEPTION_RECORD rec;
  memset(&rec, 0, sizeof rec);
  CONTEXT ctx;
  memset(&ctx, 0, sizeof ctx);
  EXCEPTION_POINTERS ptrs = {&rec, &ctx};
  rec.ExceptionCode = EXCEPTION_ACCESS_VIOLATION;
  printf("access violation, no handler: %d\n", _seh_filter_exe(rec.ExceptionCode, &ptrs));
  signal(SIGSEGV, SIG_IGN);
  printf("ignored: %d\n", _seh_filter_exe(rec.ExceptionCode, &ptrs));
  signal(SIGSEGV, on_segv);
  printf("handled: %d\n", _seh_filter_exe(rec.ExceptionCode, &ptrs));
  printf("the handler is reset: %d\n", _seh_filter_exe(rec.ExceptionCode, &ptrs));
  rec.ExceptionCode = 0xe06d7363;
  printf("a C++ exception: %d\n", _seh_filter_exe(rec.ExceptionCode, &ptrs));
}

static void NTAPI tls_exit(void* module, DWORD reason, void* reserved) {
  printf("thread_local exit callback: module %s, reason %lu, reserved %s\n", module ? "set" : "null", reason,
         reserved ? "set" : "null");
}
#endif

static void at_exit(void) { puts("atexit function"); }

static void __cdecl on_abort(int sig) {
  printf("SIGABRT handler called with %d\n", sig);
  exit(0);
}

static void remove_tree(void) {
  const char* files[] = {"a.txt", "b.txt", "c.dat", "scan.txt", "wide.txt", "buffering.txt"};
  char path[128];
  for (unsigned i = 0; i < sizeof files / sizeof files[0]; ++i) {
    path_of(path, sizeof path, files[i]);
    remove(path);
  }
  path_of(path, sizeof path, "sub");
  _rmdir(path);
  _rmdir(dir);
}

int main(void) {
  snprintf(dir, sizeof dir, "crt_more_%d", _getpid());
  _mkdir(dir);
  make_file("a.txt", "alpha");
  make_file("b.txt", "bravo-bravo");
  make_file("c.dat", "xyz");
  char sub[128];
  path_of(sub, sizeof sub, "sub");
  _mkdir(sub);

  errors();
  finding();
  file_status();
  times_and_dates();
  drives_and_paths();
  formatting();
  scanning();
  streams();
  characters_and_numbers();
  console();
#ifdef _UCRT
  onexit_tables();
  filters();
  _register_thread_local_exe_atexit_callback(tls_exit);
#endif
  remove_tree();
  atexit(at_exit);
  fflush(stdout);
  puts("-- assert");
  signal(SIGABRT, on_abort);
#ifdef _UCRT
  _wassert(L"1 + 1 == 3", L"msvcrt_more.c", 42);
#else
  _assert("1 + 1 == 3", "msvcrt_more.c", 42);
#endif
  puts("not reached");
  return 1;
}
