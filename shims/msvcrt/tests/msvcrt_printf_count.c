/* printf's %n: msvcrt.dll stores the count of characters written so far; the Universal CRT only
 * after _set_printf_count_output(1), and before that treats %n as an invalid parameter (the
 * program's handler is called, the function fails with EINVAL). Built twice: against msvcrt.dll
 * (msvcrt_printf_count) and against the Universal CRT (ucrt_printf_count). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static void on_invalid(const wchar_t* e, const wchar_t* f, const wchar_t* file, unsigned line, uintptr_t r) {
  (void)e, (void)f, (void)file, (void)line, (void)r;
  printf("  invalid parameter handler called\n");
}

/* %n with an int, then (`counted`: where %n is allowed) the sizes h and ll give and the results. The
 * results where %n is refused are not printed: wine 8.0 goes on formatting after the handler
 * returns, Windows' function returns -1 (as wine's swprintf does). */
static void try_counts(int counted) {
  char buf[64];
  int n = -7;
  errno = 0;
  int r = sprintf(buf, "hello%n world", &n);
  int e = errno;
  if (counted) printf("  sprintf: %d, errno %d, n %d\n", r, e, n);
  else printf("  sprintf: errno %d, n %d\n", e, n);
  wchar_t w[64];
  n = -7;
  errno = 0;
  r = swprintf(w, 64, L"ab\x00e9%n cd", &n);
  e = errno;
  if (counted) printf("  swprintf: %d, errno %d, n %d\n", r, e, n);
  else printf("  swprintf: errno %d, n %d\n", e, n);
  if (counted) {
    /* The argument's size as the length modifier says (Microsoft's printf type field page):
     * neighbours untouched. (wine 8.0 stores an int whatever the modifier.) */
    struct { short h; short after_h; long long ll; } s = {-7, -7, -7};
    r = sprintf(buf, "12345%hn678%lln", &s.h, &s.ll);
    printf("  sized: %d, h %d, after it %d, ll %lld\n", r, (int)s.h, (int)s.after_h, s.ll);
  }
}

int main(void) {
#ifdef _UCRT
  _set_invalid_parameter_handler(on_invalid);
  int g = _get_printf_count_output();
  printf("count output at the start: %d\n", g);
  try_counts(0);
  int old = _set_printf_count_output(1);
  g = _get_printf_count_output();
  printf("enabled (previous %d, now %d)\n", old, g);
  try_counts(1);
  old = _set_printf_count_output(0);
  printf("disabled again (previous %d)\n", old);
  try_counts(0);
#else
  (void)on_invalid;
  printf("msvcrt.dll:\n");
  try_counts(1);
#endif
  return 0;
}
