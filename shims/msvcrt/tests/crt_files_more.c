/* freopen, _wfreopen and freopen_s (a stream moved to another file, the same FILE), _wcreat,
 * _sopen_dispatch (the Universal CRT), _tempnam (the name's form, in TMP's directory), and _rmtmp
 * (the tmpfile streams still open); taken by GetProcAddress from ucrtbase.dll (with _UCRT) or
 * msvcrt.dll. Files are made in the current directory and removed. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static HMODULE crt;
static void* fn(const char* name) {
  void* f = (void*)GetProcAddress(crt, name);
  if (!f) printf("missing %s\n", name);
  return f;
}
typedef int* (*ErrnoFn)(void);
static ErrnoFn err;

static char name_a[64], name_b[64], name_c[64];
static void dump(const char* label, const char* name) {
  char buf[64] = {0};
  DWORD n = 0;
  HANDLE h = CreateFileA(name, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
  if (h != INVALID_HANDLE_VALUE) {
    ReadFile(h, buf, sizeof buf - 1, &n, NULL);
    CloseHandle(h);
  }
  printf("  %s: %u \"%s\"\n", label, (unsigned)n, buf);
}

int main(void) {
#ifdef _UCRT
  crt = LoadLibraryA("ucrtbase.dll");
#else
  crt = LoadLibraryA("msvcrt.dll");
#endif
  err = (ErrnoFn)fn("_errno");
  sprintf(name_a, "crt_files_a%lu.tmp", GetCurrentProcessId());
  sprintf(name_b, "crt_files_b%lu.tmp", GetCurrentProcessId());
  sprintf(name_c, "crt_files_c%lu.tmp", GetCurrentProcessId());
  wchar_t wname_c[64];
  for (int i = 0; (wname_c[i] = name_c[i]) != 0; i++) {
  }
  FILE* (*fopen_)(const char*, const char*) = fn("fopen");
  FILE* (*freopen_)(const char*, const char*, FILE*) = fn("freopen");
  int (*fputs_)(const char*, FILE*) = fn("fputs");
  int (*fclose_)(FILE*) = fn("fclose");
  int (*fileno_)(FILE*) = fn("_fileno");
  FILE* f = fopen_(name_a, "w");
  fputs_("to a\n", f);
  FILE* g = freopen_(name_b, "w", f);
  printf("freopen same FILE %d\n", g == f);
  fputs_("to b\n", g);
  int (*freopen_s_)(FILE**, const char*, const char*, FILE*) = fn("freopen_s");
  FILE* h = NULL;
  int r = freopen_s_(&h, name_a, "a", g);
  printf("freopen_s %d same %d\n", r, h == f);
  fputs_("more a\n", h);
  FILE* (*wfreopen)(const wchar_t*, const wchar_t*, FILE*) = fn("_wfreopen");
  FILE* k = wfreopen(L"no_such_dir\\x.tmp", L"r", h);
  printf("_wfreopen missing %s errno %d\n", k ? "stream" : "null", *err());
  *err() = 0;
  dump("crt_files_a.tmp", name_a);
  dump("crt_files_b.tmp", name_b);

  int (*wcreat)(const wchar_t*, int) = fn("_wcreat");
  int (*write_)(int, const void*, unsigned) = fn("_write");
  int (*close_)(int) = fn("_close");
  int fd = wcreat(wname_c, 0x180 /* _S_IREAD | _S_IWRITE */);
  int wrote = write_(fd, "created", 7);
  printf("_wcreat %s, write %d", fd >= 0 ? "fd" : "failed", wrote);
  printf(", close %d\n", close_(fd));
  dump("crt_files_c.tmp", name_c);
#ifdef _UCRT
  int (*sopen_dispatch)(const char*, int, int, int, int*, int) = fn("_sopen_dispatch");
  int fd2 = -5;
  r = sopen_dispatch(name_c, 0 /* _O_RDONLY */, 0x40, 0, &fd2, 1);
  char b[16] = {0};
  int (*read_)(int, void*, unsigned) = fn("_read");
  int got = read_(fd2, b, 15);
  printf("_sopen_dispatch %d fd %s read %d \"%s\"\n", r, fd2 >= 0 ? "ok" : "bad", got, b);
  close_(fd2);
  r = sopen_dispatch("no_such_dir\\x.tmp", 0, 0x40, 0, &fd2, 1);
  printf("_sopen_dispatch missing %d fd %d errno %d\n", r, fd2, *err());
  *err() = 0;
#endif

  char tmpdir[MAX_PATH];
  GetCurrentDirectoryA(MAX_PATH, tmpdir);
  SetEnvironmentVariableA("TMP", NULL);
  ((int (*)(const char*))fn("_putenv"))("TMP=");
  char* (*tempnam)(const char*, const char*) = fn("_tempnam");
  char* t = tempnam(tmpdir, "crtfile");
  size_t dl = strlen(tmpdir);
  printf("_tempnam in the directory %d prefix %d .tmp %d exists %d\n", t && strncmp(t, tmpdir, dl) == 0,
         t && strncmp(t + dl + 1, "crt", 3) == 0, t && strcmp(t + strlen(t) - 4, ".tmp") == 0,
         t && GetFileAttributesA(t) != INVALID_FILE_ATTRIBUTES);
  ((void (*)(void*))fn("free"))(t);

  FILE* (*tmpfile_)(void) = fn("tmpfile");
  int (*rmtmp)(void) = fn("_rmtmp");
  FILE* t1 = tmpfile_();
  FILE* t2 = tmpfile_();
  tmpfile_();
  fclose_(t2);
  (void)t1;
  int removed = rmtmp();
  printf("_rmtmp %d", removed);
  printf(", again %d\n", rmtmp());
  fclose_(h);
  ((int (*)(const char*))fn("remove"))(name_a);
  ((int (*)(const char*))fn("remove"))(name_b);
  ((int (*)(const char*, int))fn("_chmod"))(name_c, 0x180);
  ((int (*)(const char*))fn("remove"))(name_c);
  return 0;
}
