// msvcrt.dll's older interfaces: the getc and putc macros of Microsoft's old stdio.h, which work on
// the FILE's _cnt and _ptr and call _filbuf and _flsbuf when it runs out (mixed here with fgetc and
// fputc on the same streams); __p__iob and __p___mb_cur_max; __crtLCMapStringA; and the Windows
// version variables (_osver, _winmajor, _winminor, _winver, _osplatform, their __p__ and _get_
// functions) agreeing with GetVersionEx. Expected output: wine 8.0's (x64); the i686 build's
// (msvcrt_legacy_vars.i686.stdout: the __p__ functions, which only i386's msvcrt.dll has) is
// the same with wine's i386 msvcrt.dll.spec's names found (and _get_winver, absent from both).
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define OLD_GETC(f) (--(f)->_cnt >= 0 ? 0xff & *(f)->_ptr++ : _filbuf(f))
#define OLD_PUTC(c, f) (--(f)->_cnt >= 0 ? 0xff & (*(f)->_ptr++ = (char)(c)) : _flsbuf((c), (f)))

typedef unsigned* (*p_uint_fn)(void);
typedef int* (*p_int_fn)(void);
typedef FILE* (*p_iob_fn)(void);
typedef int (*get_fn)(unsigned*);
typedef int (*lcmap_fn)(LCID, DWORD, const char*, int, char*, int, unsigned, int);

int main(void) {
  HMODULE crt = GetModuleHandleA("msvcrt.dll");
  char path[MAX_PATH];
  GetTempPathA(MAX_PATH, path);
  sprintf(path + strlen(path), "legacy_vars_%lu.txt", GetCurrentProcessId());
  FILE* f = fopen(path, "w");
  const char* text = "line one\nsecond";
  for (const char* c = text; *c; c++) {
    int r = (c - text) % 2 ? OLD_PUTC(*c, f) : fputc(*c, f);
    if (r != (unsigned char)*c) printf("put %c: %d\n", *c, r);
  }
  fclose(f);
  f = fopen(path, "r");
  char back[64];
  int n = 0, c;
  while ((c = n % 3 ? OLD_GETC(f) : fgetc(f)) != EOF && n < 63) back[n++] = (char)c;
  back[n] = 0;
  printf("read back %d: [%s] eof %d\n", n, back, feof(f) != 0);
  fclose(f);
  remove(path);
  printf("OLD_PUTC to stdout: ");
  for (const char* s = "macro\n"; *s; s++) OLD_PUTC(*s, stdout);
  fflush(stdout);

#ifndef _WIN64  // (i386's msvcrt.dll alone has the __p__ functions)
  p_iob_fn p_iob = (p_iob_fn)GetProcAddress(crt, "__p__iob");
  printf("__p__iob: %s\n", p_iob ? (p_iob() == stdin ? "stdin's" : "other") : "absent");
  p_int_fn p_mb = (p_int_fn)GetProcAddress(crt, "__p___mb_cur_max");
  printf("__p___mb_cur_max: %d\n", p_mb ? *p_mb() : -1);
#endif
  lcmap_fn lcmap = (lcmap_fn)GetProcAddress(crt, "__crtLCMapStringA");
  char upper[16] = {0};
  int r = lcmap ? lcmap(LOCALE_SYSTEM_DEFAULT, LCMAP_UPPERCASE, "hello", -1, upper, sizeof upper, 0, 1) : -1;
  printf("__crtLCMapStringA: %d %s\n", r, upper);

  OSVERSIONINFOA v = {sizeof v};
  GetVersionExA(&v);
  const char* names[] = {"_osver", "_winmajor", "_winminor", "_winver", "_osplatform"};
  unsigned expect[] = {v.dwBuildNumber, v.dwMajorVersion, v.dwMinorVersion, v.dwMajorVersion << 8 | v.dwMinorVersion,
                       v.dwPlatformId};
  for (int i = 0; i < 5; i++) {
    unsigned* var = (unsigned*)GetProcAddress(crt, names[i]);
    char pname[32], gname[32];
    sprintf(pname, "__p_%s", names[i]);
    sprintf(gname, "_get%s", names[i]);
#ifndef _WIN64
    p_uint_fn pf = (p_uint_fn)GetProcAddress(crt, pname);
#else
    p_uint_fn pf = NULL;
#endif
    get_fn gf = (get_fn)GetProcAddress(crt, gname);
    unsigned got = 12345;
    int gr = gf ? gf(&got) : -1;
    printf("%s: variable %s, __p_ %s, _get %s (%d)\n", names[i], var ? (*var == expect[i] ? "GetVersionEx's" : "other") : "absent",
           pf ? (*pf() == expect[i] ? "GetVersionEx's" : "other") : "absent",
           gf ? (got == expect[i] ? "GetVersionEx's" : "other") : "absent", gr);
  }
  return 0;
}
