/* The C runtime's own machinery: setjmp/longjmp out of nested calls, signal() handlers reached by
 * raise(), character classes, gmtime, wide printf, and sscanf (mingw-w64's, over msvcrt's getc). */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <ctype.h>
#include <time.h>
#include <wchar.h>
static jmp_buf env;
static void deep(int n) { if (n == 0) longjmp(env, 42); deep(n - 1); }
static void on_abrt(int s) { printf("handler got %d\n", s); }
int main(void) {
  volatile int count = 0;
  int r = setjmp(env);
  printf("setjmp returned %d\n", r);
  if (++count < 3) deep(5);
  signal(SIGABRT, on_abrt);
  raise(SIGABRT);
  printf("isalpha %d isdigit %d isspace %d toupper %c\n", !!isalpha('q'), !!isdigit('7'), !!isspace('\t'), toupper('x'));
  time_t t = 86400 * 365;
  struct tm* g = gmtime(&t);
  printf("gmtime %d-%02d-%02d %02d:%02d\n", g->tm_year + 1900, g->tm_mon + 1, g->tm_mday, g->tm_hour, g->tm_min);
  wprintf(L"wide %ls %d\n", L"text", 5);
  int a = 0; char w[16]; double d = 0;
  int n = sscanf("12 word 2.5", "%d %15s %lf", &a, w, &d);
  printf("sscanf %d: %d %s %.2f\n", n, a, w, d);
  /* long is 32 bits; msvcrt.dll's atol and atoi check for no overflow (the Universal CRT's saturate). */
  printf("atol %ld %ld %ld, atoi %d\n", atol(" 123456x"), atol("99999999999"), atol("-99999999999"), atoi("-2147483649"));
  return 0;
}
