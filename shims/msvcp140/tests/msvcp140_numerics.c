// MSVCP140.dll's numeric support, called by name: text to numbers (_Stod, _Stof, _Stold and their
// x forms with a power-of-ten scale, _Stoll, _Stoull, _Stoul, _Stolx …: values, where the text
// ended, the error reported or left in errno), _Dtest/_FDtest/_LDtest classes, _Exp/_FExp,
// std::_XLgamma, and the special values (_Inf, _Nan, _Snan, _Denorm, _Hugeval and their F and L
// forms) as bit patterns; std::_BADOFF and std::_Raise_handler.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "msvcp_names.h"

// The C runtime's errno that msvcp140.dll sets: the Universal CRT's (ucrtbase.dll), not msvcrt.dll's.
static int*(__cdecl* ucrt_errno)(void);
#define UERRNO (*ucrt_errno())

typedef double(__cdecl* stod_fn)(const char*, char**, long);
typedef double(__cdecl* stodx_fn)(const char*, char**, long, int*);
typedef float(__cdecl* stof_fn)(const char*, char**, long);
typedef float(__cdecl* stofx_fn)(const char*, char**, long, int*);
typedef long long(__cdecl* stoll_fn)(const char*, char**, int);
typedef long long(__cdecl* stollx_fn)(const char*, char**, int, int*);
typedef long(__cdecl* stolx_fn)(const char*, char**, int, int*);
typedef unsigned long long(__cdecl* stoull_fn)(const char*, char**, int);
typedef unsigned long long(__cdecl* stoullx_fn)(const char*, char**, int, int*);
typedef unsigned long(__cdecl* stoul_fn)(const char*, char**, int);
typedef unsigned long(__cdecl* stoulx_fn)(const char*, char**, int, int*);

static const char* texts[] = {"  12.5e1xyz", "-0.001", "1e400", "abc", "0x1A", "  -42  ", "99999999999999999999",
                              "4294967296", "-1", "2147483648", "077", "1e-400"};

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  ucrt_errno = (int*(__cdecl*)(void))GetProcAddress(LoadLibraryA("ucrtbase.dll"), "_errno");
  stod_fn stod = fn("_Stod"), stold = fn("_Stold");
  stodx_fn stodx = fn("_Stodx"), stoldx = fn("_Stoldx");
  stof_fn stof = fn("_Stof");
  stofx_fn stofx = fn("_Stofx");
  stoll_fn stoll = fn("_Stoll");
  stollx_fn stollx = fn("_Stollx");
  stolx_fn stolx = fn("_Stolx");
  stoull_fn stoull = fn("_Stoull");
  stoullx_fn stoullx = fn("_Stoullx");
  stoul_fn stoul = fn("_Stoul");
  stoulx_fn stoulx = fn("_Stoulx");

  for (int i = 0; i < (int)(sizeof texts / sizeof texts[0]); ++i) {
    const char* t = texts[i];
    char* end;
    int err;
    printf("\"%s\":\n", t);
    UERRNO = 0;
    double d = stod(t, &end, 0);
    printf("  _Stod %.17g end %d UERRNO %d\n", d, (int)(end - t), UERRNO);
    UERRNO = 7;
    d = stodx(t, &end, 2, &err);
    printf("  _Stodx scale 2: %.17g end %d err %d UERRNO %d\n", d, (int)(end - t), err, UERRNO);
    d = stold(t, &end, -1);
    printf("  _Stold scale -1: %.17g\n", d);
    d = stoldx(t, &end, 0, &err);
    printf("  _Stoldx: %.17g err %d\n", d, err);
    UERRNO = 0;
    float f = stof(t, &end, 0);
    printf("  _Stof %.9g end %d UERRNO %d\n", f, (int)(end - t), UERRNO);
    f = stofx(t, &end, 1, &err);
    printf("  _Stofx scale 1: %.9g err %d\n", f, err);
    UERRNO = 0;
    long long ll = stoll(t, &end, 0);
    printf("  _Stoll base 0: %lld end %d UERRNO %d\n", ll, (int)(end - t), UERRNO);
    UERRNO = 5;
    ll = stollx(t, &end, 10, &err);
    printf("  _Stollx base 10: %lld end %d err %d UERRNO %d\n", ll, (int)(end - t), err, UERRNO);
    long l = stolx(t, &end, 10, &err);
    printf("  _Stolx: %ld err %d\n", l, err);
    UERRNO = 0;
    unsigned long long ull = stoull(t, &end, 16);
    printf("  _Stoull base 16: %llu end %d UERRNO %d\n", ull, (int)(end - t), UERRNO);
    ull = stoullx(t, &end, 0, &err);
    printf("  _Stoullx base 0: %llu err %d\n", ull, err);
    UERRNO = 0;
    unsigned long ul = stoul(t, &end, 10);
    printf("  _Stoul: %lu end %d UERRNO %d\n", ul, (int)(end - t), UERRNO);
    ul = stoulx(t, &end, 8, &err);
    printf("  _Stoulx base 8: %lu end %d err %d\n", ul, (int)(end - t), err);
  }
  char* end = (char*)1;
  printf("null end pointer: %.17g\n", stod("3.25", NULL, 0));
  (void)end;

  short(__cdecl * dtest)(double*) = fn("_Dtest");
  short(__cdecl * ldtest)(double*) = fn("_LDtest");
  short(__cdecl * fdtest)(float*) = fn("_FDtest");
  const uint64_t* inf = fn("_Inf");
  const uint64_t* nan_ = fn("_Nan");
  const uint64_t* snan = fn("_Snan");
  const uint64_t* denorm = fn("_Denorm");
  const uint64_t* huge = fn("_Hugeval");
  const uint64_t* linf = fn("_LInf");
  const uint64_t* lnan = fn("_LNan");
  const uint64_t* lsnan = fn("_LSnan");
  const uint64_t* ldenorm = fn("_LDenorm");
  const uint32_t* finf = fn("_FInf");
  const uint32_t* fnan = fn("_FNan");
  const uint32_t* fsnan = fn("_FSnan");
  const uint32_t* fdenorm = fn("_FDenorm");
  printf("constants: _Inf %016llx _Nan %016llx _Snan %016llx _Denorm %016llx _Hugeval %016llx\n",
         (unsigned long long)*inf, (unsigned long long)*nan_, (unsigned long long)*snan, (unsigned long long)*denorm,
         (unsigned long long)*huge);
  printf("  _LInf %016llx _LNan %016llx _LSnan %016llx _LDenorm %016llx\n", (unsigned long long)*linf,
         (unsigned long long)*lnan, (unsigned long long)*lsnan, (unsigned long long)*ldenorm);
  printf("  _FInf %08x _FNan %08x _FSnan %08x _FDenorm %08x\n", *finf, *fnan, *fsnan, *fdenorm);
  const long long* badoff = fn("?_BADOFF@std@@3_JB");
#ifdef _WIN64
  void* const* raise_handler = fn("?_Raise_handler@std@@3P6AXAEBVexception@stdext@@@ZEA");
#else
  void* const* raise_handler = fn("?_Raise_handler@std@@3P6AXABVexception@stdext@@@ZA");
#endif
  printf("  std::_BADOFF %lld, std::_Raise_handler null %d\n", *badoff, *raise_handler == NULL);

  double dv[] = {0.0, -0.0, 1.5, -2.0e300, 0, 0, 0, 0};
  memcpy(&dv[4], inf, 8);
  memcpy(&dv[5], nan_, 8);
  memcpy(&dv[6], denorm, 8);
  dv[7] = -dv[4];
  printf("_Dtest:");
  for (int i = 0; i < 8; ++i) printf(" %d", dtest(&dv[i]));
  printf("\n_LDtest:");
  for (int i = 0; i < 8; ++i) printf(" %d", ldtest(&dv[i]));
  float fv[] = {0.0f, 3.0f, 1e-40f, 0, 0};
  memcpy(&fv[3], finf, 4);
  memcpy(&fv[4], fnan, 4);
  printf("\n_FDtest:");
  for (int i = 0; i < 5; ++i) printf(" %d", fdtest(&fv[i]));
  printf("\n");

  short(__cdecl * exp_)(double*, double, int) = fn("_Exp");
  short(__cdecl * fexp)(float*, float, short) = fn("_FExp");
  struct {
    double x, y;
    int scale;
  } cases[] = {{1.0, 1.0, 0}, {0.0, 3.0, 2}, {2.0, 0.5, -1}, {-1.0, 2.0, 0}, {5.0, 0.0, 0}, {800.0, 1.0, 0},
               {-800.0, 1.0, 0}, {1.0, -1.0, 10}, {10.0, 1.0, -20}};
  for (int i = 0; i < (int)(sizeof cases / sizeof cases[0]); ++i) {
    double x = cases[i].x;
    short r = exp_(&x, cases[i].y, cases[i].scale);
    printf("_Exp(%g, %g, %d): %.15g class %d\n", cases[i].x, cases[i].y, cases[i].scale, x, r);
  }
  float fx = 1.0f;
  short fr = fexp(&fx, 2.0f, 3);
  printf("_FExp(1, 2, 3): %.7g class %d\n", fx, fr);
  fx = 100.0f;
  fr = fexp(&fx, 1.0f, 0);
  printf("_FExp(100, 1, 0): %.7g class %d\n", fx, fr);

  double(__cdecl * lgamma_d)(double) = fn("?_XLgamma@std@@YANN@Z");
  double(__cdecl * lgamma_ld)(double) = fn("?_XLgamma@std@@YAOO@Z");
  float(__cdecl * lgamma_f)(float) = fn("?_XLgamma@std@@YAMM@Z");
  double zs[] = {1.5, 4.25, 0.5, 3.5, 10.0, 0.1, 7.0};
  for (int i = 0; i < 7; ++i)
    printf("_XLgamma(%g): %.8f %.8f %.5f\n", zs[i], lgamma_d(zs[i]), lgamma_ld(zs[i]), lgamma_f((float)zs[i]));
  fflush(stdout);
  return 0;
}
