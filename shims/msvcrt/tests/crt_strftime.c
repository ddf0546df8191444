/* strftime and wcsftime in the "C" locale, every conversion the runtime has (msvcrt.dll: C89's;
 * the Universal CRT: C99's too), with '#', on a few times; a conversion the runtime does not have
 * and fields out of their range (EINVAL, the buffer emptied, the invalid parameter handler
 * called), and text longer than the buffer (ERANGE). Built for msvcrt.dll and for ucrtbase.dll. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

static int invalid_calls;
static void on_invalid(const wchar_t* e, const wchar_t* f, const wchar_t* file, unsigned line, uintptr_t r) {
  (void)e, (void)f, (void)file, (void)line, (void)r;
  ++invalid_calls;
}

static struct tm make(int y, int mon, int d, int h, int mi, int s, int wday, int yday) {
  struct tm t;
  memset(&t, 0, sizeof t);
  t.tm_year = y - 1900, t.tm_mon = mon, t.tm_mday = d, t.tm_hour = h, t.tm_min = mi, t.tm_sec = s;
  t.tm_wday = wday, t.tm_yday = yday;
  return t;
}

static void show(const char* fmt, const struct tm* t) {
  char buf[256];
  memset(buf, 'x', sizeof buf);
  errno = 0;
  invalid_calls = 0;
  size_t n = strftime(buf, sizeof buf, fmt, t);
  printf("%-6s -> %2u [%s] errno %d invalid %d\n", fmt, (unsigned)n, n || buf[0] == 0 ? buf : "(not emptied)", errno, invalid_calls);
}

int main(void) {
  _set_invalid_parameter_handler(on_invalid);
#ifdef _UCRT
  const char* all = "aAbBcdHIjmMpSUwWxXyY%ChDeFgGVnrRtTu";
#else
  const char* all = "aAbBcdHIjmMpSUwWxXyY%";
#endif
  struct tm times[] = {
      make(2025, 1, 8, 12, 23, 13, 6, 38),   /* Sat Feb 8 2025 */
      make(1999, 11, 31, 0, 5, 9, 5, 364),   /* Fri Dec 31 1999, midnight hour */
      make(2021, 0, 1, 23, 59, 59, 5, 0),    /* Fri Jan 1 2021: ISO week 53 of 2020 */
      make(2024, 11, 30, 7, 0, 0, 1, 364),   /* Mon Dec 30 2024: ISO week 1 of 2025 */
  };
  for (size_t k = 0; k < sizeof times / sizeof times[0]; ++k) {
    printf("time %u\n", (unsigned)k);
    for (const char* c = all; *c; ++c) {
      char f[4] = {'%', *c, 0}, g[5] = {'%', '#', *c, 0};
      show(f, &times[k]);
      if (strchr("dHIjmMSUWyYcx", *c)) show(g, &times[k]);
    }
  }
  struct tm t = times[0];
  printf("text\n");
  show("at %H:%M on %d/%m", &t);
  show("100%% sure", &t);
  /* conversions the runtime does not have */
  show("%Q", &t);
  show("%E", &t);
  show("%", &t);
#ifndef _UCRT
  show("%e", &t);
  show("%T", &t);
#endif
  /* fields out of range */
  struct tm bad = t;
  bad.tm_mday = 32;
  show("%d", &bad);
  show("%Y", &bad);
  bad = t, bad.tm_hour = 24;
  show("%H", &bad);
  show("%I", &bad);
  bad = t, bad.tm_sec = 60;
  show("%S", &bad);
  bad = t, bad.tm_wday = 7;
  show("%a", &bad);
  show("%w", &bad);
  bad = t, bad.tm_mon = 12;
  show("%b", &bad);
  show("%m", &bad);
  bad = t, bad.tm_year = -1;
  show("%y", &bad);
  show("%Y", &bad);
  /* too long for the buffer */
  char small[8];
  memset(small, 'x', sizeof small);
  errno = 0;
  size_t n = strftime(small, sizeof small, "%A %B", &t);
  printf("small -> %u [%s] errno %d\n", (unsigned)n, small[0] ? "(not emptied)" : "", errno);
  n = strftime(small, sizeof small, "%B", &t);  /* "February" and its NUL: one more than it has */
  printf("one more -> %u [%s] errno %d\n", (unsigned)n, small, errno);
  n = strftime(small, sizeof small, "%b %d", &t);
  printf("fits -> %u [%s]\n", (unsigned)n, small);
  /* wcsftime */
  wchar_t w[64];
  n = wcsftime(w, 64, L"%A %d %B %Y %H:%M:%S %p %c", &t);
  printf("wcsftime -> %u [%ls]\n", (unsigned)n, w);
  return 0;
}
