// msvcrt.dll's older interfaces: the getc and putc macros of Microsoft's old stdio.h, which work on
// the FILE's _cnt and _ptr and call _filbuf and _flsbuf when it runs out (mixed here with fgetc and
// fputc on the same streams); __p__iob and __p___mb_cur_max; __crtLCMapStringA; and the Windows
// version variables (_osver, _winmajor, _winminor, _winver, _osplatform, their __p__ and _get_
// functions) agreeing with GetVersionEx. Expected output: wine 8.0's (x64); the i686 build's
// (msvcrt_legacy_vars.i686.stdout) adds the __p__ functions, which only i386's msvcrt.dll has
// (wine's msvcrt.spec: -arch=i386), each giving the variable's address.
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
  // The variables, and the functions msvcrt.dll has for them (no __p__osplatform, no _get_winver).
  const struct {
    const char *name, *p_name, *get_name;
    unsigned expect;
  } vars[] = {
      {"_osver", "__p__osver", "_get_osver", v.dwBuildNumber},
      {"_winmajor", "__p__winmajor", "_get_winmajor", v.dwMajorVersion},
      {"_winminor", "__p__winminor", "_get_winminor", v.dwMinorVersion},
      {"_winver", "__p__winver", NULL, v.dwMajorVersion << 8 | v.dwMinorVersion},
      {"_osplatform", NULL, "_get_osplatform", v.dwPlatformId},
  };
  for (int i = 0; i < 5; i++) {
    unsigned* var = (unsigned*)GetProcAddress(crt, vars[i].name);
    p_uint_fn pf = NULL;
#ifndef _WIN64  // (i386's msvcrt.dll alone has the __p__ functions)
    if (vars[i].p_name) pf = (p_uint_fn)GetProcAddress(crt, vars[i].p_name);
#endif
    get_fn gf = vars[i].get_name ? (get_fn)GetProcAddress(crt, vars[i].get_name) : NULL;
    unsigned got = 12345;
    int gr = gf ? gf(&got) : -1;
    printf("%s: variable %s, __p_ %s, _get %s (%d)\n", vars[i].name,
           var ? (*var == vars[i].expect ? "GetVersionEx's" : "other") : "absent",
           pf ? (*pf() == vars[i].expect ? "GetVersionEx's" : "other") : "none",
           gf ? (got == vars[i].expect ? "GetVersionEx's" : "other") : "none", gr);
  }
  return 0;
}
