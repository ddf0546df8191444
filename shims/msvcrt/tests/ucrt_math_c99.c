/* The Universal CRT's C99 math (long double forms, float rounding conversions, remquo, nexttoward,
 * scalbln …), the classification helpers (_dclass, _dtest, _dpcomp, _fdsign …), <fenv.h>
 * (fegetround, fesetround, fetestexcept, fesetexceptflag, fesetenv …), and the `_o_` second names,
 * all taken from ucrtbase.dll by GetProcAddress (mingw-w64's own libmingwex would serve some of
 * them otherwise). Values are printed as bits where a digit could round. */
#include <windows.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static HMODULE crt;
static void* fn(const char* name) {
  void* f = (void*)GetProcAddress(crt, name);
  if (!f) printf("missing %s\n", name);
  return f;
}
typedef double (*D1)(double);
typedef double (*D2)(double, double);
typedef float (*F1)(float);
typedef float (*F2)(float, float);
typedef long (*LD)(double);
typedef long (*LF)(float);
typedef long long (*LLD)(double);
typedef long long (*LLF)(float);
typedef int* (*ErrnoFn)(void);
static ErrnoFn err;

static unsigned long long bits(double d) { unsigned long long u; memcpy(&u, &d, 8); return u; }
static unsigned fbits(float f) { unsigned u; memcpy(&u, &f, 4); return u; }

static void d1(const char* name, double x) {
  *err() = 0;
  double r = ((D1)fn(name))(x);
  printf("%s(%g) = %.17g [%016llx] errno %d\n", name, x, r, bits(r), *err());
}
static void d2(const char* name, double x, double y) {
  *err() = 0;
  double r = ((D2)fn(name))(x, y);
  printf("%s(%g, %g) = %.17g [%016llx] errno %d\n", name, x, y, r, bits(r), *err());
}
static void f1(const char* name, float x) {
  *err() = 0;
  float r = ((F1)fn(name))(x);
  printf("%s(%g) = %.9g [%08x] errno %d\n", name, x, r, fbits(r), *err());
}
static void f2(const char* name, float x, float y) {
  *err() = 0;
  float r = ((F2)fn(name))(x, y);
  printf("%s(%g, %g) = %.9g [%08x] errno %d\n", name, x, y, r, fbits(r), *err());
}
static void ld(const char* name, double x) {
  *err() = 0;
  long r = ((LD)fn(name))(x);
  printf("%s(%g) = %ld errno %d\n", name, x, r, *err());
}
static void lf(const char* name, float x) {
  *err() = 0;
  long r = ((LF)fn(name))(x);
  printf("%s(%g) = %ld errno %d\n", name, x, r, *err());
}
static void lld(const char* name, double x) {
  *err() = 0;
  long long r = ((LLD)fn(name))(x);
  printf("%s(%g) = %lld errno %d\n", name, x, r, *err());
}
static void llf(const char* name, float x) {
  *err() = 0;
  long long r = ((LLF)fn(name))(x);
  printf("%s(%g) = %lld errno %d\n", name, x, r, *err());
}

int main(void) {
  crt = LoadLibraryA("ucrtbase.dll");
  err = (ErrnoFn)fn("_errno");

  /* long double is double */
  d1("acoshl", 2.0); d1("asinhl", 1.0); d1("atanhl", 0.5); d1("atanhl", 2.0); d1("cbrtl", 27.0);
  d1("erfl", 0.5); d1("erfcl", 0.5); d1("exp2l", 10.0); d1("expm1l", 1e-10); d1("lgammal", 10.0);
  d1("log1pl", 1e-10); d1("log2l", 1024.0); d1("log2l", -1.0); d1("logbl", 1000.0); d1("nearbyintl", 2.5);
  d1("rintl", -3.5); d1("roundl", 2.5); d1("roundl", -0.5); d1("tgammal", 5.0); d1("truncl", -7.9);
  d2("copysignl", 3.0, -0.0); d2("fdiml", 5.0, 3.0); d2("fdiml", 3.0, 5.0); d2("fmaxl", 1.0, 2.0);
  d2("fminl", 1.0, 2.0); d2("nextafterl", 1.0, 2.0); d2("remainderl", 10.0, 3.0); d2("nexttoward", 1.0, 0.0);
  d2("nexttowardl", 1.7976931348623157e308, INFINITY);
  printf("fmal %.17g fmaf %.9g\n", ((double (*)(double, double, double))fn("fmal"))(2.0, 3.0, 1.0),
         ((float (*)(float, float, float))fn("fmaf"))(0.1f, 10.0f, -1.0f));

  /* rounding to integers: out of range is 0 and EDOM */
  lf("lrintf", 2.5f); lf("lrintf", -2.5f); lf("lroundf", 2.5f); lf("lroundf", -2.5f); lf("lroundf", 3e9f);
  ld("lrintl", 7.5); ld("lroundl", -7.5); ld("lroundl", 1e10);
  llf("llrintf", 1e10f); llf("llroundf", -1e10f); llf("llroundf", 1e19f); lld("llrintl", 4.5);
  lld("llroundl", 4.5); lld("llroundl", -1e300);

  /* exponents and scaling */
  printf("ilogbf %d %d ilogbl %d\n", ((int (*)(float))fn("ilogbf"))(1024.0f), ((int (*)(float))fn("ilogbf"))(0.75f),
         ((int (*)(double))fn("ilogbl"))(1e300));
  printf("scalbnf %.9g scalbnl %.17g scalbln %.17g scalblnf %.9g scalblnl %.17g\n",
         ((float (*)(float, int))fn("scalbnf"))(1.5f, 4), ((double (*)(double, int))fn("scalbnl"))(1.5, -2),
         ((double (*)(double, long))fn("scalbln"))(3.0, 10), ((float (*)(float, long))fn("scalblnf"))(3.0f, -1),
         ((double (*)(double, long))fn("scalblnl"))(1.0, 1023));
  *err() = 0;
  double big = ((double (*)(double, long))fn("scalbln"))(1.0, 5000);
  printf("scalbln(1, 5000) = %g errno %d\n", big, *err());
  f1("_logbf", 1000.0f); f2("_nextafterf", 1.0f, 2.0f); f2("_copysignf", 2.0f, -1.0f); f1("_chgsignf", 3.0f);
  f2("nexttowardf", 1.0f, 0.0f);
  printf("_scalbf %.9g\n", ((float (*)(float, long))fn("_scalbf"))(1.0f, 3));
  float ip = 0;
  float frac = ((float (*)(float, float*))fn("modff"))(-3.25f, &ip);
  printf("modff %.9g %.9g\n", frac, ip);
  int quo = 0;
  double rq = ((double (*)(double, double, int*))fn("remquo"))(10.0, 3.0, &quo);
  printf("remquo %.17g quo %d\n", rq, quo);
  float rqf = ((float (*)(float, float, int*))fn("remquof"))(-11.0f, 4.0f, &quo);
  printf("remquof %.9g quo %d\n", rqf, quo);
  rq = ((double (*)(double, double, int*))fn("remquol"))(29.0, 5.0, &quo);
  printf("remquol %.17g quo %d\n", rq, quo);
  printf("nanf %08x nanl %016llx\n", fbits(((float (*)(const char*))fn("nanf"))("1")),
         bits(((double (*)(const char*))fn("nanl"))("")));

  /* classification */
  double dv[] = {0.0, -0.0, 1.0, -1e-310, 1e308 * 10, 0.0 / 0.0};
  for (int i = 0; i < 6; i++) {
    double x = dv[i];
    float f = (float)x;
    printf("class %g: _dtest %d _ldtest %d _ldclass %d _fdclass %d _fdtest %d _ldsign %#x _fdsign %#x _finitef %d _isnanf %d _fpclassf %#x\n",
           x, ((short (*)(double*))fn("_dtest"))(&x), ((short (*)(double*))fn("_ldtest"))(&x),
           ((short (*)(double))fn("_ldclass"))(x), ((short (*)(float))fn("_fdclass"))(f),
           ((short (*)(float*))fn("_fdtest"))(&f), ((int (*)(double))fn("_ldsign"))(x),
           ((int (*)(float))fn("_fdsign"))(f), ((int (*)(float))fn("_finitef"))(f),
           ((int (*)(float))fn("_isnanf"))(f), ((int (*)(float))fn("_fpclassf"))(f));
  }
  printf("_dpcomp %d %d %d %d _fdpcomp %d _ldpcomp %d\n", ((int (*)(double, double))fn("_dpcomp"))(1, 2),
         ((int (*)(double, double))fn("_dpcomp"))(2, 2), ((int (*)(double, double))fn("_dpcomp"))(3, 2),
         ((int (*)(double, double))fn("_dpcomp"))(dv[5], 2), ((int (*)(float, float))fn("_fdpcomp"))(-1, 1),
         ((int (*)(double, double))fn("_ldpcomp"))(5, 4));

  /* integers */
  printf("imaxabs %lld\n", ((long long (*)(long long))fn("imaxabs"))(-1234567890123LL));
  typedef struct { long long quot, rem; } LL;
  LL q = ((LL (*)(long long, long long))fn("lldiv"))(-100000000007LL, 10);
  printf("lldiv %lld %lld\n", q.quot, q.rem);

  /* complex numbers, passed by value */
  typedef struct { double x, y; } Complex;
  Complex z = {3.0, -4.0};
  printf("_cabs %.17g creal %.17g\n", ((double (*)(Complex))fn("_cabs"))(z), ((double (*)(Complex))fn("creal"))(z));

  /* <fenv.h>: FE_TONEAREST 0, FE_UPWARD 0x200, FE_DOWNWARD 0x100, FE_TOWARDZERO 0x300; exceptions
   * FE_INEXACT 1 … FE_INVALID 0x10 */
  int (*fegetround_)(void) = (int (*)(void))fn("fegetround");
  int (*fesetround_)(int) = (int (*)(int))fn("fesetround");
  int (*fetestexcept_)(int) = (int (*)(int))fn("fetestexcept");
  int (*feclearexcept_)(int) = (int (*)(int))fn("feclearexcept");
  int (*fegetenv_)(unsigned long*) = (int (*)(unsigned long*))fn("fegetenv");
  int (*fesetenv_)(const unsigned long*) = (int (*)(const unsigned long*))fn("fesetenv");
  int (*fegetexceptflag_)(unsigned long*, int) = (int (*)(unsigned long*, int))fn("fegetexceptflag");
  int (*fesetexceptflag_)(const unsigned long*, int) = (int (*)(const unsigned long*, int))fn("fesetexceptflag");
  int (*rounds)(void) = (int (*)(void))fn("__fpe_flt_rounds");
  unsigned long saved[2], env[2];
  printf("fegetround %#x rounds %d\n", fegetround_(), rounds());
  printf("fegetenv %d\n", fegetenv_(saved));
  int r = fesetround_(0x200);
  printf("fesetround(up) %d now %#x rounds %d\n", r, fegetround_(), rounds());
  r = fesetround_(0x400);
  printf("fesetround(bad) %d now %#x\n", r, fegetround_());
  r = fesetround_(0x300);
  printf("fesetround(zero) %d now %#x rounds %d\n", r, fegetround_(), rounds());
  r = fesetenv_(saved);
  printf("fesetenv(saved) %d now %#x\n", r, fegetround_());
  r = feclearexcept_(0x1f);
  printf("feclearexcept %d fetestexcept %#x\n", r, fetestexcept_(0x1f));
  unsigned long flag = 0;
  fegetenv_(env);
  env[1] = 0xffffffff;
  printf("fesetenv(undecodable) %d\n", fesetenv_(env));
  /* all flags cleared through a zero flag word, then divide-by-zero and overflow set from one */
  unsigned long all = 0, fl = 0xffffffff;
  printf("fesetexceptflag(0) %d\n", fesetexceptflag_(&all, 0x1f));
  fegetexceptflag_(&flag, 0x1f);
  printf("cleared flag %#lx test %#x\n", flag, fetestexcept_(0x1f));
  r = fesetexceptflag_(&fl, 0x0c);
  printf("fesetexceptflag %d test %#x\n", r, fetestexcept_(0x1f));
  printf("fetestexcept(div) %#x\n", fetestexcept_(0x8));
  r = feclearexcept_(4);
  printf("feclearexcept(4) %d test %#x\n", r, fetestexcept_(0x1f));
  r = feclearexcept_(0x1f);
  printf("feclearexcept(all) %d test %#x\n", r, fetestexcept_(0x1f));
  r = fesetenv_(saved);
  printf("fesetenv(saved) %d round %#x\n", r, fegetround_());

  /* the `_o_` names are the functions themselves */
  const char* names[] = {"_o_acoshl", "_o_lrintf", "_o__dtest", "_o_malloc", "_o_remquo"};
  for (int i = 0; i < 5; i++) printf("%s %s\n", names[i], GetProcAddress(crt, names[i]) ? "present" : "absent");
  double two = 2.0;
  printf("_o_acoshl %.17g _o_lrintf %ld _o__dtest %d\n", ((D1)fn("_o_acoshl"))(2.0), ((LF)fn("_o_lrintf"))(6.5f),
         ((short (*)(double*))fn("_o__dtest"))(&two));
  return 0;
}
