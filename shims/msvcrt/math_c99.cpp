// msvcrt.dll and the Universal CRT, the rest of <math.h>: the float forms msvcrt.dll has
// (_chgsignf, _copysignf, _finitef, _isnanf, _logbf, _nextafterf, _scalbf, _fpclassf, modff, fmaf),
// and the Universal CRT's C99 functions: the long double forms, which are the double ones (long
// double is double on MSVC), nexttoward, remquo, scalbln, the rounding conversions of float, nanf,
// ilogbf, the classification helpers (_dclass/_fdclass/_ldclass, _dtest …, _dsign …, _dpcomp …),
// imaxabs, lldiv, _cabs and creal.
// Domain and range errors set the program's errno as the C runtime does; lrint, lround and their
// kin give 0 and EDOM for a value out of the result's range.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace math_c99 {
namespace {

template <typename F>
auto checked(WindowsProcess& p, F f) {
  errno = 0;
  auto r = f();
  if (errno) *msvcrt_errno(p) = errno;
  return r;
}

// ---- long double: double on MSVC ----

#define LDOUBLE1(name) \
  double name##l_(WindowsProcess& p, double x) { return checked(p, [&] { return std::name(x); }); }
#define LDOUBLE2(name) \
  double name##l_(WindowsProcess& p, double x, double y) { return checked(p, [&] { return std::name(x, y); }); }
LDOUBLE1(acosh) LDOUBLE1(asinh) LDOUBLE1(erf) LDOUBLE1(erfc) LDOUBLE1(exp2)
LDOUBLE1(expm1) LDOUBLE1(lgamma) LDOUBLE1(log1p) LDOUBLE1(log2) LDOUBLE1(logb) LDOUBLE1(nearbyint)
LDOUBLE1(rint) LDOUBLE1(round) LDOUBLE1(tgamma) LDOUBLE1(trunc)
LDOUBLE2(copysign) LDOUBLE2(fdim) LDOUBLE2(fmax) LDOUBLE2(fmin) LDOUBLE2(remainder)
#undef LDOUBLE1
#undef LDOUBLE2

// atanh beyond ±1: a positive quiet NaN and EDOM.
double atanhl_(WindowsProcess& p, double x) {
  if (std::fabs(x) > 1) {
    *msvcrt_errno(p) = EDOM;
    return std::numeric_limits<double>::quiet_NaN();
  }
  return checked(p, [&] { return std::atanh(x); });
}
// cbrt correctly rounded (the host's may be an ulp off: cbrt(27) is 3): of the host's result and
// its neighbours, the one whose cube is nearest.
double cbrtl_(WindowsProcess&, double x) {
  double r = std::cbrt(x);
  if (!std::isfinite(r) || r == 0) return r;
  double best = r;
  long double err = std::fabs(static_cast<long double>(r) * r * r - x);
  for (double c : {std::nextafter(r, INFINITY), std::nextafter(r, -INFINITY)}) {
    long double e = std::fabs(static_cast<long double>(c) * c * c - x);
    if (e < err) err = e, best = c;
  }
  return best;
}

// nextafter and nexttoward: ERANGE where the result overflows from a finite value, or is
// subnormal or zero.
template <typename F, typename G>
F step_toward(WindowsProcess& p, F x, G y) {
  F r = std::is_same_v<F, G> ? std::nextafter(x, static_cast<F>(y)) : std::nexttoward(x, static_cast<long double>(y));
  if (std::isnan(x) || std::isnan(y) || x == y) return r;
  if ((std::isinf(r) && std::isfinite(x)) || r == 0 || std::fpclassify(r) == FP_SUBNORMAL) *msvcrt_errno(p) = ERANGE;
  return r;
}
double nextafterl_(WindowsProcess& p, double x, double y) { return step_toward(p, x, y); }

double fmal_(WindowsProcess&, double x, double y, double z) { return std::fma(x, y, z); }
float fmaf_(WindowsProcess&, float x, float y, float z) { return std::fma(x, y, z); }

// ---- rounding to integers (Windows' long is 32 bits) ----

// The rounded value `r` as an integer of type T, or 0 and EDOM where T cannot hold it.
template <typename T, typename F>
T to_integer(WindowsProcess& p, F r) {
  if (!(r >= static_cast<F>(INT64_MIN) && r < static_cast<F>(9223372036854775808.0)) ||
      static_cast<F>(static_cast<T>(static_cast<int64_t>(r))) != r) {
    *msvcrt_errno(p) = EDOM;
    return 0;
  }
  return static_cast<T>(static_cast<int64_t>(r));
}
int32_t lrintf_(WindowsProcess& p, float x) { return to_integer<int32_t>(p, std::rint(x)); }
int64_t llrintf_(WindowsProcess& p, float x) { return to_integer<int64_t>(p, std::rint(x)); }
int32_t lroundf_(WindowsProcess& p, float x) { return to_integer<int32_t>(p, std::round(x)); }
int64_t llroundf_(WindowsProcess& p, float x) { return to_integer<int64_t>(p, std::round(x)); }
int32_t lrintl_(WindowsProcess& p, double x) { return to_integer<int32_t>(p, std::rint(x)); }
int64_t llrintl_(WindowsProcess& p, double x) { return to_integer<int64_t>(p, std::rint(x)); }
int32_t lroundl_(WindowsProcess& p, double x) { return to_integer<int32_t>(p, std::round(x)); }
int64_t llroundl_(WindowsProcess& p, double x) { return to_integer<int64_t>(p, std::round(x)); }

// ---- exponents and scaling ----

int32_t ilogbf_(WindowsProcess&, float x) { return std::ilogb(x); }
int32_t ilogbl_(WindowsProcess&, double x) { return std::ilogb(x); }
float scalbnf_(WindowsProcess& p, float x, int32_t e) { return checked(p, [&] { return std::scalbn(x, e); }); }
double scalbnl_(WindowsProcess& p, double x, int32_t e) { return checked(p, [&] { return std::scalbn(x, e); }); }
double scalbln_(WindowsProcess& p, double x, int32_t e) { return checked(p, [&] { return std::scalbln(x, e); }); }
float scalblnf_(WindowsProcess& p, float x, int32_t e) { return checked(p, [&] { return std::scalbln(x, e); }); }
float _scalbf_(WindowsProcess& p, float x, int32_t e) { return checked(p, [&] { return std::scalbn(x, e); }); }
float _logbf_(WindowsProcess& p, float x) { return checked(p, [&] { return std::logb(x); }); }
float modff_(WindowsProcess&, float x, Ptr ip) {
  float i;
  float f = std::modf(x, &i);
  put<float>(ip.addr, i);
  return f;
}

// remquo: the remainder, and in *quo the low bits of the quotient with its sign.
double remquo_(WindowsProcess& p, double x, double y, Ptr quo) {
  int q = 0;
  double r = checked(p, [&] { return std::remquo(x, y, &q); });
  put<int32_t>(quo.addr, q);
  return r;
}
float remquof_(WindowsProcess& p, float x, float y, Ptr quo) {
  int q = 0;
  float r = checked(p, [&] { return std::remquo(x, y, &q); });
  put<int32_t>(quo.addr, q);
  return r;
}

// nexttoward's direction is a long double: a double here.
double nexttoward_(WindowsProcess& p, double x, double y) { return step_toward(p, x, y); }
float nexttowardf_(WindowsProcess& p, float x, double y) { return step_toward(p, x, y); }
float _nextafterf_(WindowsProcess& p, float x, float y) { return step_toward(p, x, y); }

// nan's argument is ignored (Microsoft's documentation): the quiet NaN.
float nanf_(WindowsProcess&, CStr) { return std::nanf(""); }
double nanl_(WindowsProcess&, CStr) { return std::nan(""); }

// ---- the Microsoft classification helpers ----

float _chgsignf_(WindowsProcess&, float x) { return -x; }
float _copysignf_(WindowsProcess&, float x, float y) { return std::copysign(x, y); }
int32_t _finitef_(WindowsProcess&, float x) { return std::isfinite(x) ? 1 : 0; }
int32_t _isnanf_(WindowsProcess&, float x) { return std::isnan(x) ? 1 : 0; }
// _fpclass's bits: _FPCLASS_SNAN 1, QNAN 2, NINF 4, NN 8, ND 0x10, NZ 0x20, PZ 0x40, PD 0x80,
// PN 0x100, PINF 0x200; a NaN whose quiet bit is clear is signalling.
int32_t _fpclassf_(WindowsProcess&, float x) {
  bool neg = std::signbit(x);
  switch (std::fpclassify(x)) {
    case FP_NAN: {
      uint32_t bits;
      std::memcpy(&bits, &x, 4);
      return bits & 0x00400000 ? 2 : 1;
    }
    case FP_INFINITE: return neg ? 4 : 0x200;
    case FP_ZERO: return neg ? 0x20 : 0x40;
    case FP_SUBNORMAL: return neg ? 0x10 : 0x80;
    default: return neg ? 8 : 0x100;
  }
}
// _dclass's classes: FP_NAN 2, FP_INFINITE 1, FP_ZERO 0, FP_SUBNORMAL -2, FP_NORMAL -1.
template <typename F>
int16_t classify(F x) {
  switch (std::fpclassify(x)) {
    case FP_NAN: return 2;
    case FP_INFINITE: return 1;
    case FP_ZERO: return 0;
    case FP_SUBNORMAL: return -2;
    default: return -1;
  }
}
int16_t _fdclass_(WindowsProcess&, float x) { return classify(x); }
int16_t _ldclass_(WindowsProcess&, double x) { return classify(x); }
int16_t _dtest_(WindowsProcess&, Ptr x) { return classify(get<double>(x.addr)); }
int16_t _fdtest_(WindowsProcess&, Ptr x) { return classify(get<float>(x.addr)); }
int16_t _ldtest_(WindowsProcess&, Ptr x) { return classify(get<double>(x.addr)); }
// The sign bit as 0x8000.
int32_t _fdsign_(WindowsProcess&, float x) { return std::signbit(x) ? 0x8000 : 0; }
int32_t _ldsign_(WindowsProcess&, double x) { return std::signbit(x) ? 0x8000 : 0; }
// Ordered comparison: _FP_LT 1, _FP_EQ 2, _FP_GT 4; 0 when either is a NaN.
int32_t compare(double x, double y) {
  if (std::isnan(x) || std::isnan(y)) return 0;
  return x == y ? 2 : x < y ? 1 : 4;
}
int32_t _dpcomp_(WindowsProcess&, double x, double y) { return compare(x, y); }
int32_t _fdpcomp_(WindowsProcess&, float x, float y) { return compare(x, y); }
int32_t _ldpcomp_(WindowsProcess&, double x, double y) { return compare(x, y); }

// ---- complex numbers: {double re, im} passed by value ----
//
// A 16-byte struct goes by reference on x64 (its address in the argument's slot) and whole on the
// stack on i386 (each double in two slots, which a 64-bit argument reads as one): `a` and `b` are
// the address, or the two doubles' bits.
double complex_part(WindowsProcess& p, uint64_t a, uint64_t b, int part) {
  if (p.isa->ptr == 8) return get<double>(a + 8ull * part);
  uint64_t bits = part ? b : a;
  double d;
  std::memcpy(&d, &bits, 8);
  return d;
}
// _cabs: the magnitude, as sqrt(x² + y²).
double _cabs_(WindowsProcess& p, uint64_t a, uint64_t b) {
  const double x = complex_part(p, a, b, 0), y = complex_part(p, a, b, 1);
  return std::sqrt(x * x + y * y);
}
double creal_(WindowsProcess& p, uint64_t a, uint64_t b) { return complex_part(p, a, b, 0); }

// ---- integers ----

int64_t imaxabs_(WindowsProcess&, int64_t x) { return x < 0 ? static_cast<int64_t>(0 - static_cast<uint64_t>(x)) : x; }
// lldiv_t {quot, rem} is returned through the hidden pointer the caller passes first. (A zero
// divisor gives 0 and 0, as div does here; INT64_MIN / -1 wraps.)
Ptr lldiv_(WindowsProcess&, Ptr out, int64_t n, int64_t d) {
  int64_t q = 0, r = 0;
  if (d == -1) q = static_cast<int64_t>(0 - static_cast<uint64_t>(n));
  else if (d) q = n / d, r = n % d;
  put<int64_t>(out.addr, q);
  put<int64_t>(out.addr + 8, r);
  return out;
}

// _Cbuild(re, im): the _Dcomplex {re, im}, returned through the hidden pointer as lldiv's.
Ptr _Cbuild_(WindowsProcess&, Ptr out, double re, double im) {
  put<double>(out.addr, re);
  put<double>(out.addr + 8, im);
  return out;
}

}  // namespace
}  // namespace math_c99

// msvcrt.dll's float forms (msvcrt.dll's table, msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_math_c99_exports() {
  using namespace math_c99;
  static const std::vector<Export> exports = {
      EXPORT("_chgsignf", _chgsignf_), EXPORT("_copysignf", _copysignf_), EXPORT("_finitef", _finitef_),
      EXPORT("_isnanf", _isnanf_), EXPORT("_logbf", _logbf_), EXPORT("_nextafterf", _nextafterf_),
      EXPORT("_scalbf", _scalbf_), EXPORT("_fpclassf", _fpclassf_), EXPORT("modff", modff_),
      EXPORT("fmaf", fmaf_), EXPORT("_cabs", _cabs_),
  };
  return exports;
}

// The Universal CRT's C99 additions (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_math_c99_exports() {
  using namespace math_c99;
#define L(name) EXPORT(#name "l", name##l_)
  static const std::vector<Export> exports = {
      L(acosh), L(asinh), L(atanh), L(cbrt), L(erf), L(erfc), L(exp2), L(expm1), L(lgamma), L(log1p), L(log2),
      L(logb), L(nearbyint), L(rint), L(round), L(tgamma), L(trunc), L(copysign), L(fdim), L(fmax), L(fmin),
      L(nextafter), L(remainder), L(fma), L(lrint), L(llrint), L(lround), L(llround), L(ilogb), L(scalbn),
      L(nan),
      EXPORT("scalblnl", scalbln_), EXPORT("remquol", remquo_), EXPORT("nexttowardl", nexttoward_),
      EXPORT("lrintf", lrintf_), EXPORT("llrintf", llrintf_), EXPORT("lroundf", lroundf_),
      EXPORT("llroundf", llroundf_), EXPORT("ilogbf", ilogbf_), EXPORT("scalbnf", scalbnf_),
      EXPORT("scalbln", scalbln_), EXPORT("scalblnf", scalblnf_), EXPORT("remquo", remquo_),
      EXPORT("remquof", remquof_), EXPORT("nexttoward", nexttoward_), EXPORT("nexttowardf", nexttowardf_),
      EXPORT("nanf", nanf_), EXPORT("_fdclass", _fdclass_), EXPORT("_ldclass", _ldclass_),
      EXPORT("_dtest", _dtest_), EXPORT("_fdtest", _fdtest_), EXPORT("_ldtest", _ldtest_),
      EXPORT("_fdsign", _fdsign_), EXPORT("_ldsign", _ldsign_), EXPORT("_dpcomp", _dpcomp_),
      EXPORT("_fdpcomp", _fdpcomp_), EXPORT("_ldpcomp", _ldpcomp_), EXPORT("imaxabs", imaxabs_),
      EXPORT("lldiv", lldiv_), EXPORT("creal", creal_), EXPORT("_Cbuild", _Cbuild_),
  };
#undef L
  return exports;
}

}  // namespace polyrun::shims
