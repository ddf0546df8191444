// MSVCP140.dll's <iomanip> manipulators, called by name: each returns {function, argument}, and
// the function applied to an ios_base (laid out as MSVC's) sets its width, precision or format
// flags as the manipulator says.
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "msvcp_names.h"

typedef struct ios_base {
  void* vtable;
  _Alignas(8) size_t stdstr;
  int state, except, fmtfl;
  long long prec, wide;
  void *arr, *calls, *loc;
} ios_base;

typedef struct {
  void(__cdecl* fn)(ios_base*, long long);
  long long arg;
} manip64;
typedef struct {
  void(__cdecl* fn)(ios_base*, int);
  int arg;
} manip32;

static void show(const char* what, const ios_base* s) {
  printf("  %s: flags %#x precision %lld width %lld\n", what, s->fmtfl, s->prec, s->wide);
}

int main(void) {
  dll = LoadLibraryA("msvcp140.dll");
  printf("loaded: %d\n", dll != NULL);
  manip64*(__cdecl * setw)(manip64*, long long) = fn("?setw@std@@YA?AU?$_Smanip@_J@1@_J@Z");
  manip64*(__cdecl * setprecision)(manip64*, long long) = fn("?setprecision@std@@YA?AU?$_Smanip@_J@1@_J@Z");
  manip32*(__cdecl * setiosflags)(manip32*, int) = fn("?setiosflags@std@@YA?AU?$_Smanip@H@1@H@Z");
  manip32*(__cdecl * resetiosflags)(manip32*, int) = fn("?resetiosflags@std@@YA?AU?$_Smanip@H@1@H@Z");
  manip32*(__cdecl * setbase)(manip32*, int) = fn("?setbase@std@@YA?AU?$_Smanip@H@1@H@Z");

  ios_base s;
  memset(&s, 0, sizeof s);
  s.fmtfl = 0x201;  // skipws | dec
  s.prec = 6;
  show("start", &s);

  manip64 m64;
  manip32 m32;
  manip64* r64 = setw(&m64, 12);
  printf("setw(12): returns its argument %d, argument %lld\n", r64 == &m64, m64.arg);
  m64.fn(&s, m64.arg);
  show("applied", &s);
  r64 = setprecision(&m64, 3);
  printf("setprecision(3): returns its argument %d, argument %lld\n", r64 == &m64, m64.arg);
  m64.fn(&s, m64.arg);
  show("applied", &s);
  manip32* r32 = setiosflags(&m32, 0x4000 | 0x0004);  // boolalpha | uppercase
  printf("setiosflags(boolalpha | uppercase): returns its argument %d, argument %#x\n", r32 == &m32, m32.arg);
  m32.fn(&s, m32.arg);
  show("applied", &s);
  r32 = resetiosflags(&m32, 0x0001 | 0x0004);  // skipws | uppercase
  printf("resetiosflags(skipws | uppercase): returns its argument %d, argument %#x\n", r32 == &m32, m32.arg);
  m32.fn(&s, m32.arg);
  show("applied", &s);
  int bases[] = {16, 8, 10, 2, 0};
  for (int i = 0; i < 5; ++i) {
    r32 = setbase(&m32, bases[i]);
    printf("setbase(%d): returns its argument %d, argument %d\n", bases[i], r32 == &m32, m32.arg);
    m32.fn(&s, m32.arg);
    show("applied", &s);
  }
  m32.fn = NULL;
  setiosflags(&m32, 0x12345);
  m32.fn(&s, m32.arg);
  show("setiosflags(0x12345): only the 16 flag bits", &s);
  printf("untouched: state %d except %d stdstr %d\n", s.state, s.except, (int)s.stdstr);
  fflush(stdout);
  return 0;
}
