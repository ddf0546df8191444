/* The C runtime's narrow names of the system are in the ANSI code page (1252): files made, found,
   renamed and removed through the narrow functions with "caf\xe9" (é) and "\x80\xfc\xdf" (€üß) in
   their names, and what the wide functions and FindFirstFileW see of them (and the reverse);
   directories (_mkdir, _chdir, _getcwd, _fullpath, _rmdir); the environment (_wputenv read by
   getenv, getenv_s and _dupenv_s, _putenv read by _wgetenv and GetEnvironmentVariableW); and
   argv of a program started with é and € in its command line, by _spawnl and by CreateProcessW.
   Bytes and UTF-16 code units are printed in hexadecimal. The program runs itself as the child. */
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <share.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>
#include <windows.h>

static void bytes(const char* label, const char* s) {
  printf("%s:", label);
  if (!s) {
    printf(" (null)\n");
    return;
  }
  for (; *s; ++s) printf(" %02x", (unsigned char)*s);
  printf("\n");
}
static void units(const char* label, const wchar_t* s) {
  printf("%s:", label);
  if (!s) {
    printf(" (null)\n");
    return;
  }
  for (; *s; ++s) printf(" %04x", (unsigned)*s);
  printf("\n");
}
/* The part after the last backslash. */
static const char* last(const char* s) {
  const char* b = strrchr(s, '\\');
  return b ? b + 1 : s;
}

static int child(int argc, char** argv) {
  printf("  child: %d arguments\n", argc - 1);
  for (int i = 2; i < argc; ++i) bytes("  argv", argv[i]);
  fflush(stdout);
  return 7;
}

/* The test's folder, its own (the process's id in its name), and names in it. */
static char dir[64];
static wchar_t wdir[64];
static const char* at(const char* leaf) {
  static char b[4][MAX_PATH];
  static int i;
  i = (i + 1) % 4;
  sprintf(b[i], "%s\\%s", dir, leaf);
  return b[i];
}
static const wchar_t* wat(const wchar_t* leaf) {
  static wchar_t b[4][MAX_PATH];
  static int i;
  i = (i + 1) % 4;
  swprintf(b[i], MAX_PATH, L"%ls\\%ls", wdir, leaf);
  return b[i];
}


int main(int argc, char** argv) {
  if (argc > 1) return child(argc, argv);
  char buf[MAX_PATH];
  wchar_t wbuf[MAX_PATH];

  /* 1. A file made with a narrow name, found by the wide functions and the narrow ones. */
  sprintf(dir, "crt_ansi_%lu", GetCurrentProcessId());
  swprintf(wdir, 64, L"crt_ansi_%lu", GetCurrentProcessId());
  _mkdir(dir);
  FILE* f = fopen(at("caf\xe9.txt"), "wb");
  printf("fopen caf\\xe9: %s\n", f ? "ok" : "failed");
  if (f) {
    fputs("abc", f);
    fclose(f);
  }
  struct _wfinddata_t wfd;
  intptr_t h = _wfindfirst(wat(L"*.txt"), &wfd);
  printf("_wfindfirst: %s\n", h != -1 ? "found" : "none");
  if (h != -1) {
    units("  name", wfd.name);
    _findclose(h);
  }
  WIN32_FIND_DATAW fdw;
  HANDLE fh = FindFirstFileW(wat(L"*.txt"), &fdw);
  if (fh != INVALID_HANDLE_VALUE) {
    units("FindFirstFileW", fdw.cFileName);
    FindClose(fh);
  }
  struct _finddata_t fd;
  h = _findfirst(at("caf*.txt"), &fd);
  printf("_findfirst: %s\n", h != -1 ? "found" : "none");
  if (h != -1) {
    bytes("  name", fd.name);
    printf("  size %ld\n", (long)fd.size);
    _findclose(h);
  }
  struct _stat st;
  int r = _stat(at("caf\xe9.txt"), &st);
  printf("_stat: %d size %ld\n", r, r == 0 ? (long)st.st_size : -1L);
  printf("_access: %d\n", _access(at("caf\xe9.txt"), 0));
  printf("_wstat of L\"caf\\x00e9.txt\": %d\n", _wstat(wat(L"caf\x00e9.txt"), (struct _stat*)&st));
  printf("GetFileAttributesW: %s\n",
         GetFileAttributesW(wat(L"caf\x00e9.txt")) != INVALID_FILE_ATTRIBUTES ? "exists" : "missing");

  /* 2. rename to €üß, opened by _open and _sopen_s, then removed. */
  r = rename(at("caf\xe9.txt"), at("\x80\xfc\xdf.txt"));
  printf("rename: %d\n", r);
  h = _wfindfirst(wat(L"*.txt"), &wfd);
  if (h != -1) {
    units("  _wfindfirst", wfd.name);
    _findclose(h);
  }
  int fdn = _open(at("\x80\xfc\xdf.txt"), _O_RDONLY | _O_BINARY);
  printf("_open: %s", fdn >= 0 ? "ok" : "failed");
  if (fdn >= 0) {
    char three[4] = {0};
    printf(", read %d", _read(fdn, three, 3));
    _close(fdn);
  }
  printf("\n");
  fdn = -1;
  errno_t e = _sopen_s(&fdn, at("\x80\xfc\xdf.txt"), _O_RDONLY, _SH_DENYNO, 0);
  printf("_sopen_s: %d\n", (int)e);
  if (fdn >= 0) _close(fdn);
  printf("_unlink of the old name: %d\n", _unlink(at("caf\xe9.txt")));
  printf("remove: %d\n", remove(at("\x80\xfc\xdf.txt")));
  printf("_waccess after: %d\n", _waccess(wat(L"\x20ac\x00fc\x00df.txt"), 0));

  /* 3. A file made by a wide name, found by the narrow functions. */
  FILE* wf = _wfopen(wat(L"\x00c9t\x00e9.dat"), L"wb");
  if (wf) fclose(wf);
  h = _findfirst(at("*.dat"), &fd);
  if (h != -1) {
    bytes("_findfirst of a wide name", fd.name);
    _findclose(h);
  }
  FILE* nf = fopen(at("\xc9t\xe9.dat"), "rb");
  printf("fopen of its narrow name: %s\n", nf ? "ok" : "failed");
  if (nf) fclose(nf);
  printf("_wremove: %d\n", _wremove(wat(L"\x00c9t\x00e9.dat")));

  /* 4. Directories. */
  r = _mkdir(at("d\xe9j\xe0"));
  printf("_mkdir: %d\n", r);
  WIN32_FIND_DATAW dw;
  fh = FindFirstFileW(wat(L"d*"), &dw);
  if (fh != INVALID_HANDLE_VALUE) {
    units("  FindFirstFileW", dw.cFileName);
    FindClose(fh);
  }
  r = _chdir(at("d\xe9j\xe0"));
  printf("_chdir: %d\n", r);
  if (_getcwd(buf, sizeof buf)) bytes("  _getcwd's last part", last(buf));
  if (_wgetcwd(wbuf, MAX_PATH)) {
    wchar_t* b = wcsrchr(wbuf, L'\\');
    units("  _wgetcwd's last part", b ? b + 1 : wbuf);
  }
  if (_fullpath(buf, "n\xe9.txt", sizeof buf)) bytes("  _fullpath's last part", last(buf));
  _chdir("..");
  _chdir("..");
  printf("_rmdir: %d\n", _rmdir(at("d\xe9j\xe0")));
  printf("_rmdir of the folder: %d\n", _rmdir(dir));

  /* 5. The environment. */
  printf("_wputenv: %d\n", _wputenv(L"CRT_ANSI_ONE=caf\x00e9\x20ac"));
  bytes("getenv", getenv("CRT_ANSI_ONE"));
  size_t need = 0;
  char small[16];
  e = getenv_s(&need, small, sizeof small, "CRT_ANSI_ONE");
  printf("getenv_s: %d, %d bytes\n", (int)e, (int)need);
  bytes("  value", small);
#ifdef _UCRT /* (wine 8.0's msvcrt.dll has no _dupenv_s) */
  char* dup = NULL;
  size_t dn = 0;
  e = _dupenv_s(&dup, &dn, "CRT_ANSI_ONE");
  printf("_dupenv_s: %d, %d bytes\n", (int)e, (int)dn);
  bytes("  value", dup);
  free(dup);
#endif
  int seen = 0;
  for (char** env = _environ; env && *env; ++env)
    if (strncmp(*env, "CRT_ANSI_ONE=", 13) == 0) bytes("_environ's entry", *env), ++seen;
  printf("_environ has it: %d\n", seen);
  printf("_putenv: %d\n", _putenv("CRT_ANSI_TWO=\xfc\x80\xdf"));
  units("_wgetenv", _wgetenv(L"CRT_ANSI_TWO"));
  DWORD n = GetEnvironmentVariableW(L"CRT_ANSI_TWO", wbuf, MAX_PATH);
  printf("GetEnvironmentVariableW: %lu\n", (unsigned long)n);
  units("  value", wbuf);
  printf("_putenv_s: %d\n", (int)_putenv_s("CRT_ANSI_THREE", "\xe9t\xe9"));
  units("_wgetenv", _wgetenv(L"CRT_ANSI_THREE"));

  /* 6. A program started with é and € in its command line. */
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  printf("_spawnl:\n");
  fflush(stdout);
  intptr_t code = _spawnl(_P_WAIT, self, "name", "args", "caf\xe9", "\x80uro", NULL);
  printf("  returned %d\n", (int)code);
  wchar_t wself[MAX_PATH], line[3 * MAX_PATH];
  GetModuleFileNameW(NULL, wself, MAX_PATH);
  swprintf(line, 3 * MAX_PATH, L"\"%ls\" args caf\x00e9 \x20acuro \x00fc", wself);
  STARTUPINFOW si = {sizeof si};
  PROCESS_INFORMATION pi;
  printf("CreateProcessW:\n");
  fflush(stdout);
  if (CreateProcessW(wself, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD exit_code = 0;
    GetExitCodeProcess(pi.hProcess, &exit_code);
    printf("  exit code %lu\n", (unsigned long)exit_code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
  }
  return 0;
}
