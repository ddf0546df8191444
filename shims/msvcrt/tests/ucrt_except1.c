/* The Universal CRT's _except1, what MSVC's x64 math functions call when an operation gives an IEEE
 * exception: masked in the control word it is given, the flag is raised and the result made the
 * masked one; unmasked, the exception is raised (its parameter points at the operation code); the
 * control word is put back either way. And _fpieee_flt, asked from a handler of such an exception
 * (wine 8.0's is a stub: its lines are left out of the comparison, wine-differences.txt). */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <windows.h>

double __cdecl _except1(unsigned long fpe, int op, double arg, double res, unsigned long cw, void* unk);
int __cdecl _fpieee_flt(unsigned long code, EXCEPTION_POINTERS* ep, int(__cdecl* handler)(void*));

static int __cdecl describe(void* record) {
  const unsigned* r = record;
  printf("  fpieee: rounding %u, precision %u, operation %u, cause %#x, enable %#x, status %#x\n", r[0] & 3,
         (r[0] >> 2) & 7, (r[0] >> 5) & 0xfff, r[1], r[2], r[3]);
  return EXCEPTION_CONTINUE_EXECUTION;
}

static LONG WINAPI on_exception(EXCEPTION_POINTERS* ep) {
  EXCEPTION_RECORD* r = ep->ExceptionRecord;
  if ((r->ExceptionCode & 0xfffffff0) != 0xc0000080 && (r->ExceptionCode & 0xfffffff0) != 0xc0000090)
    return EXCEPTION_CONTINUE_SEARCH;
  printf("  raised %lx, %lu parameter(s), operation code %#x\n", (unsigned long)r->ExceptionCode,
         (unsigned long)r->NumberParameters, *(unsigned short*)r->ExceptionInformation[0]);
  int v = _fpieee_flt(r->ExceptionCode, ep, describe);
  printf("  fpieee verdict %d\n", v);
  return EXCEPTION_CONTINUE_EXECUTION;
}

/* `flags`: print the flags raised (not where the rounding changes: wine 8.0 then loses them). */
static void one(const char* what, unsigned long fpe, double res, unsigned long cw, int flags) {
  feclearexcept(FE_ALL_EXCEPT);
  double r = _except1(fpe, 3, 1.5, res, cw, NULL);
  int raised = fetestexcept(FE_ALL_EXCEPT);
  unsigned int now = _controlfp(0, 0);
  if (flags) printf("%s: result %g, flags %#x, control word %#x\n", what, r, raised, now & (_MCW_EM | _MCW_RC));
  else printf("%s: result %g, control word %#x\n", what, r, now & (_MCW_EM | _MCW_RC));
}

int main(void) {
  AddVectoredExceptionHandler(1, on_exception);
  const unsigned long masked = 0x1f80;  /* MXCSR: every exception masked, round to nearest */
  one("overflow, masked", 0x1, 1e300, masked, 1);
  one("overflow and inexact, masked", 0x11, -1e300, masked, 1);
  one("underflow, masked", 0x2, 1e-310, masked, 1);
  one("zero-divide, masked", 0x4, 7.0, masked, 1);
  one("invalid, masked", 0x8, 2.0, masked, 1);
  one("zero-divide, masked, rounding up", 0x4, 7.0, masked | 0x4000, 0);
  one("zero-divide, unmasked", 0x4, 7.0, masked & ~0x200, 1);
  one("overflow, unmasked", 0x1, 1e300, masked & ~0x400, 1);
  _controlfp(_CW_DEFAULT, _MCW_EM | _MCW_RC);
  printf("no IEEE exception: %d\n", _fpieee_flt(0xc0000005, NULL, describe));
  return 0;
}
