/* printf's positional arguments (%n$, *n$): the _vsprintf_p, _vswprintf_p_l, _fprintf_p and
 * _vscprintf_p_l families (the Universal CRT's through __stdio_common_v*printf_p): reordered and
 * repeated arguments, positional widths and precisions, formats without positions, and the invalid
 * ones (mixed, an argument left out) with errno; results and the buffers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#ifdef _UCRT
/* The Universal CRT's entry point itself (its headers have no _vswprintf_p): %s takes a wide string
 * (_CRT_INTERNAL_PRINTF_LEGACY_WIDE_SPECIFIERS, 4). */
int __cdecl __stdio_common_vswprintf_p(unsigned long long options, wchar_t* buf, size_t n, const wchar_t* fmt,
                                       _locale_t locale, va_list va);
#endif

static int invalid_calls;
static void on_invalid(const wchar_t* e, const wchar_t* f, const wchar_t* file, unsigned line, uintptr_t r) {
  (void)e; (void)f; (void)file; (void)line; (void)r;
  ++invalid_calls;
}

static int sp(char* buf, size_t n, const char* fmt, ...) {
  va_list va;
  int r;
  va_start(va, fmt);
  r = _vsprintf_p(buf, n, fmt, va);
  va_end(va);
  return r;
}
static int swp(wchar_t* buf, size_t n, const wchar_t* fmt, ...) {
  va_list va;
  int r;
  va_start(va, fmt);
#ifdef _UCRT
  r = __stdio_common_vswprintf_p(4, buf, n, fmt, NULL, va);
#else
  r = _vswprintf_p_l(buf, n, fmt, NULL, va);
#endif
  va_end(va);
  return r;
}
static int scp(const char* fmt, ...) {
  va_list va;
  int r;
  va_start(va, fmt);
  r = _vscprintf_p_l(fmt, NULL, va);
  va_end(va);
  return r;
}

static void show(const char* what, int r, const char* buf) { printf("%-28s %3d [%s]\n", what, r, r >= 0 ? buf : "-"); }

int main(void) {
  char buf[64];
  wchar_t wbuf[32];
  int r;
  _set_invalid_parameter_handler(on_invalid);

  r = sp(buf, sizeof buf, "%2$s %1$s", "world", "hello");
  show("reordered", r, buf);
  r = sp(buf, sizeof buf, "%1$d %1$x %1$o %2$.3f", 255, 3.14159);
  show("repeated", r, buf);
  r = sp(buf, sizeof buf, "%1$*2$d|", 42, 6);
  show("width *2$", r, buf);
  r = sp(buf, sizeof buf, "%1$-*2$.*3$f|", 3.14159, 10, 2);
  show("width and precision", r, buf);
  r = sp(buf, sizeof buf, "%2$c%1$I64d %3$lld", (long long)-1234567890123LL, 'x', 77LL);
  show("64-bit and char", r, buf);
  r = sp(buf, sizeof buf, "%3$hd %2$5.1e %1$+d", 7, 12345.678, 65537);
  show("short, exponent, sign", r, buf);
  r = sp(buf, sizeof buf, "100%% %1$d%%", 5);
  show("percent signs", r, buf);
  r = sp(buf, sizeof buf, "%d %s %.2f", 3, "plain", 2.5);
  show("no positions", r, buf);
  memset(buf, 'x', sizeof buf);
  r = sp(buf, 5, "%1$s", "longer");
  printf("%-28s %3d [%.5s]\n", "too long for 5", r, buf);
  r = sp(buf, 6, "%1$s", "exact");
  printf("%-28s %3d [%.5s]\n", "exactly 5 in 6", r, buf);

  invalid_calls = 0;
  errno = 0;
  r = sp(buf, sizeof buf, "%1$d %d", 1, 2);
  printf("%-28s %3d errno %d invalid %d\n", "mixed", r, errno, invalid_calls);
  invalid_calls = 0;
  errno = 0;
  r = sp(buf, sizeof buf, "%2$d", 1, 2);
  printf("%-28s %3d errno %d invalid %d\n", "argument 1 left out", r, errno, invalid_calls);

  r = swp(wbuf, 32, L"%2$s-%1$s-%1$s", L"a", L"bc");
  printf("%-28s %3d [%ls]\n", "wide", r, wbuf);
  r = swp(wbuf, 32, L"%1$5d|%2$-4c|", 12, L'z');
  printf("%-28s %3d [%ls]\n", "wide width", r, wbuf);

  r = scp("%2$s=%1$d", 10, "key");
  printf("%-28s %3d\n", "counted", r);
  r = scp("%1$s and %1$s", "again");
  printf("%-28s %3d\n", "counted, repeated", r);

#ifndef _UCRT
  {
    /* msvcrt.dll's count forms: _snprintf_s's rules with the buffer's size as the count. */
    errno = 0;
    memset(buf, 'x', sizeof buf);
    r = _snprintf_c(buf, 8, "%s-%d", "abc", 12);
    printf("%-28s %3d [%s] errno %d\n", "_snprintf_c fits", r, buf, errno);
    memset(buf, 'x', sizeof buf);
    r = _snprintf_c(buf, 4, "%s", "abcdef");
    printf("%-28s %3d [%.4s] errno %d\n", "_snprintf_c too long", r, buf, errno);
    r = _swprintf_c_l(wbuf, 4, L"%d", NULL, 123);
    printf("%-28s %3d [%ls] errno %d\n", "_swprintf_c_l", r, wbuf, errno);
  }
#endif
  fflush(stdout);
  r = _fprintf_p(stdout, "%3$s %1$s %2$s\n", "to", "stdout", "written");
  printf("%-28s %3d\n", "_fprintf_p", r);
  return 0;
}
