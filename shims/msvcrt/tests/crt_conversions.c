/* Floating-point numbers to digits and back (_ecvt, _fcvt, _gcvt and their _s forms, _atodbl,
 * _atoflt, _atoldbl), the wide integer conversions' _s forms (_itow_s …), and quick_exit with its
 * at_quick_exit handlers (the Universal CRT); taken by GetProcAddress from ucrtbase.dll (with _UCRT)
 * or msvcrt.dll. */
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
typedef char* (*Cvt)(double, int, int*, int*);

static void cvt(const char* name, double v, int n) {
  int dec = 99, sign = 99;
  char* s = ((Cvt)fn(name))(v, n, &dec, &sign);
  printf("%s(%g, %d) \"%s\" dec %d sign %d\n", name, v, n, s, dec, sign);
}
static void wshow(const char* what, int r, const wchar_t* s) {
  printf("%s %d \"", what, r);
  for (; *s; s++) putchar((char)*s);
  printf("\" errno %d\n", *err());
  *err() = 0;
}
static void on_quick_exit1(void) {
  printf("quick exit handler 1\n");
  fflush(stdout);
}
static void on_quick_exit2(void) {
  printf("quick exit handler 2\n");
  fflush(stdout);
}

int main(void) {
#ifdef _UCRT
  crt = LoadLibraryA("ucrtbase.dll");
#else
  crt = LoadLibraryA("msvcrt.dll");
#endif
  err = (ErrnoFn)fn("_errno");
  double values[] = {3.14159265, -2.5e-7, 1234567.891, 0.0, 0.00123, 9.9999, 1e21, -0.75};
  int counts[] = {1, 4, 10, 0, -1};
  for (int i = 0; i < 8; i++)
    for (int j = 0; j < 5; j++) cvt("_ecvt", values[i], counts[j]);
  double fvalues[] = {3.14159265, 1234.5678, 0.00123, 0.0001, 0.0, -0.0042, 98765.4321, 5e-9, -12.25};
  int fcounts[] = {0, 2, 3, 6};
  for (int i = 0; i < 9; i++)
    for (int j = 0; j < 4; j++) cvt("_fcvt", fvalues[i], fcounts[j]);
  cvt("_fcvt", 12345.678, -2);

  char buf[64];
  int dec, sign;
  int (*ecvt_s)(char*, size_t, double, int, int*, int*) = fn("_ecvt_s");
  int r = ecvt_s(buf, sizeof buf, 2.71828, 5, &dec, &sign);
  printf("_ecvt_s %d \"%s\" dec %d sign %d\n", r, buf, dec, sign);
  int (*fcvt_s)(char*, size_t, double, int, int*, int*) = fn("_fcvt_s");
  r = fcvt_s(buf, sizeof buf, -271.828, 2, &dec, &sign);
  printf("_fcvt_s %d \"%s\" dec %d sign %d\n", r, buf, dec, sign);
  r = fcvt_s(NULL, 4, 1.0, 2, &dec, &sign);
  printf("_fcvt_s null %d errno %d\n", r, *err());
  *err() = 0;

  char* (*gcvt)(double, int, char*) = fn("_gcvt");
  int (*gcvt_s)(char*, size_t, double, int) = fn("_gcvt_s");
  double gv[] = {3.14159265, 1e-5, 123456789.0, 0.5, -1e100};
  for (int i = 0; i < 5; i++) printf("_gcvt(%g, 6) \"%s\"\n", gv[i], gcvt(gv[i], 6, buf));
  r = gcvt_s(buf, sizeof buf, 2.5, 3);
  printf("_gcvt_s %d \"%s\"\n", r, buf);
  r = gcvt_s(buf, 3, 2.5, 3);
  printf("_gcvt_s small %d \"%s\" errno %d\n", r, buf, *err());
  *err() = 0;

  double d = 0;
  float f = 0;
  unsigned char ld[10];
  int (*atodbl)(double*, const char*) = fn("_atodbl");
  int (*atoldbl)(void*, const char*) = fn("_atoldbl");
  r = atodbl(&d, "1.5e3");
  printf("_atodbl %d %g", r, d);
  r = atodbl(&d, "1e999");
  printf(", overflow %d", r);
  r = atodbl(&d, "1e-320");
  printf(", underflow %d\n", r);
#ifdef _UCRT /* (msvcrt.dll has no _atoflt on x64) */
  int (*atoflt)(float*, const char*) = fn("_atoflt");
  r = atoflt(&f, "0.25");
  printf("_atoflt %d %g", r, (double)f);
  r = atoflt(&f, "1e39");
  printf(", overflow %d", r);
  r = atoflt(&f, "1e-40");
  printf(", underflow %d\n", r);
#endif
  r = atoldbl(ld, "1.0");
  printf("_atoldbl %d:", r);
  for (int i = 0; i < 10; i++) printf(" %02x", ld[i]);
  printf("\n");

  wchar_t w[40];
  int (*itow_s)(int, wchar_t*, size_t, int) = fn("_itow_s");
  int (*i64tow_s)(long long, wchar_t*, size_t, int) = fn("_i64tow_s");
  int (*ui64tow_s)(unsigned long long, wchar_t*, size_t, int) = fn("_ui64tow_s");
  int (*ultow_s)(unsigned long, wchar_t*, size_t, int) = fn("_ultow_s");
  int (*ltow_s)(long, wchar_t*, size_t, int) = fn("_ltow_s");
  wshow("_itow_s", itow_s(-1234, w, 40, 10), w);
  wshow("_itow_s hex", itow_s(-1, w, 40, 16), w);
  wshow("_ltow_s", ltow_s(77, w, 40, 8), w);
  wshow("_ultow_s", ultow_s(4000000000u, w, 40, 10), w);
  wshow("_i64tow_s", i64tow_s(-9000000000123LL, w, 40, 10), w);
  wshow("_ui64tow_s", ui64tow_s(0xffffffffffffffffULL, w, 40, 36), w);
  wshow("_itow_s small", itow_s(12345, w, 3, 10), w);
  wshow("_itow_s radix 1", itow_s(5, w, 40, 1), w);

#ifdef _UCRT
  int (*at_quick_exit_)(void (*)(void)) = fn("_crt_at_quick_exit");
  at_quick_exit_(on_quick_exit1);
  at_quick_exit_(on_quick_exit2);
  fflush(stdout);
  ((void (*)(int))fn("quick_exit"))(7);
  printf("not reached\n");
#endif
  return 0;
}
