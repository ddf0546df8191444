/* Console I/O (conio.h) without a console, the standard input empty: what is written to the
 * console fails (CONOUT$ does not open), the pushed-back keys come back (_ungetch, _ungetwch) and
 * reading past them meets the input's end; _cgets reads nothing. Results and errno. */
#include <conio.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <wchar.h>

/* (The _nolock forms are the Universal CRT's: msvcrt.dll has none.) */
void __cdecl _beep(unsigned frequency, unsigned duration);

static int vc(const char* fmt, ...) {
  va_list va;
  int r;
  va_start(va, fmt);
  r = _vcprintf(fmt, va);
  va_end(va);
  return r;
}
static int vcw(const wchar_t* fmt, ...) {
  va_list va;
  int r;
  va_start(va, fmt);
  r = _vcwprintf(fmt, va);
  va_end(va);
  return r;
}

int main(void) {
  char line[16];
  char* got;
  int r;
  r = _cputs("cputs\n");
  printf("_cputs %d\n", r);
  r = _cputws(L"cputws\n");
  printf("_cputws %d\n", r);
  r = _putch('x');
  printf("_putch %d\n", r);
#ifdef _UCRT
  r = _putch_nolock('x');
  printf("_putch_nolock %d\n", r);
#endif
  r = _putwch(L'y');
  printf("_putwch %d\n", r);
#ifdef _UCRT
  r = _putwch_nolock(L'y');
  printf("_putwch_nolock %d\n", r);
#endif
  r = _cprintf("cprintf %d\n", 5);
  printf("_cprintf %d\n", r);
  r = _cwprintf(L"cwprintf %d\n", 6);
  printf("_cwprintf %d\n", r);
  r = vc("vcprintf %s\n", "x");
  printf("_vcprintf %d\n", r);
  r = vcw(L"vcwprintf %s\n", L"x");
  printf("_vcwprintf %d\n", r);

  r = _ungetch('a');
  printf("_ungetch %d\n", r);
  r = _ungetch('b');
  printf("_ungetch again %d\n", r);
#ifdef _UCRT
  r = _ungetch_nolock(EOF);
  printf("_ungetch_nolock(EOF) %d\n", r);
#endif
  r = _kbhit();
  printf("_kbhit with a key back %d\n", r);
  r = _getch();
  printf("_getch %d\n", r);
#ifdef _UCRT
  r = _ungetch_nolock('c');
  printf("_ungetch_nolock %d\n", r);
#endif
#ifdef _UCRT
  r = _getch_nolock();
  printf("_getch_nolock %d\n", r);
#endif
  r = _ungetch('d');
  printf("_ungetch %d\n", r);
  r = _getche();
  printf("_getche (no console to echo to) %d\n", r);
  r = _ungetwch(L'w');
  printf("_ungetwch %d\n", r);
  r = _ungetwch(L'v');
  printf("_ungetwch again %d\n", r);
  r = _getwch();
  printf("_getwch %d\n", r);
#ifdef _UCRT
  r = _ungetwch_nolock(L'u');
  printf("_ungetwch_nolock %d\n", r);
#endif
#ifdef _UCRT
  r = _getwch_nolock();
  printf("_getwch_nolock %d\n", r);
#endif
  r = _kbhit();
  printf("_kbhit %d\n", r);
  r = _getch();
  printf("_getch (input's end) %d\n", r);
#ifdef _UCRT
  r = _getche_nolock();
  printf("_getche_nolock (input's end) %d\n", r);
#endif

  line[0] = 10;
  line[1] = 7;
  got = _cgets(line);
  printf("_cgets %s, length %d\n", got ? "a line" : "null", line[1]);
  _beep(440, 1);
  printf("_beep returned\n");
  return 0;
}
