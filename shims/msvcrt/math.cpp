// msvcrt.dll and the UCRT, math and numeric functions: <math.h> in double and (as 64-bit
// msvcrt and the UCRT export them) float, the C99 additions the UCRT has, the _-prefixed
// classification helpers, abs/div, rand/srand with the Microsoft C runtime's own generator, the
// Bessel functions, and the byte-swapping and rotating helpers.
// Domain and range errors set the program's errno as the C runtime does.
#include <sys/random.h>

#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <math.h>
#include <cstdlib>

#include "cpu-emu/x86_regs.h"
#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_state.h"
#include "shims/core/register_calls.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace {

// Runs a host math function and carries its errno over to the program's.
template <typename F>
auto checked(WindowsProcess& p, F f) {
  errno = 0;
  auto r = f();
  if (errno) *msvcrt_errno(p) = errno;
  return r;
}

#define UNARY(name)                                                                              \
  double name##_(WindowsProcess& p, double x) { return checked(p, [&] { return std::name(x); }); } \
  float name##f_(WindowsProcess& p, float x) { return checked(p, [&] { return std::name(x); }); }
#define BINARY(name)                                                                                         \
  double name##_(WindowsProcess& p, double x, double y) { return checked(p, [&] { return std::name(x, y); }); } \
  float name##f_(WindowsProcess& p, float x, float y) { return checked(p, [&] { return std::name(x, y); }); }

UNARY(acos) UNARY(asin) UNARY(atan) UNARY(ceil) UNARY(cos) UNARY(cosh) UNARY(exp) UNARY(fabs) UNARY(floor)
UNARY(log) UNARY(log10) UNARY(sin) UNARY(sinh) UNARY(sqrt) UNARY(tan) UNARY(tanh)
UNARY(acosh) UNARY(asinh) UNARY(atanh) UNARY(cbrt) UNARY(exp2) UNARY(expm1) UNARY(log1p) UNARY(log2) UNARY(logb)
UNARY(round) UNARY(trunc) UNARY(rint) UNARY(nearbyint) UNARY(erf) UNARY(erfc) UNARY(tgamma) UNARY(lgamma)
BINARY(atan2) BINARY(fmod) BINARY(pow) BINARY(hypot) BINARY(copysign) BINARY(nextafter) BINARY(fmin) BINARY(fmax)
BINARY(fdim) BINARY(remainder)
#undef UNARY
#undef BINARY

// Bessel functions of the first (_j0, _j1, _jn) and second kind (_y0, _y1, _yn; EDOM for x < 0).
double _j0_(WindowsProcess& p, double x) { return checked(p, [&] { return ::j0(x); }); }
double _j1_(WindowsProcess& p, double x) { return checked(p, [&] { return ::j1(x); }); }
double _jn_(WindowsProcess& p, int32_t n, double x) { return checked(p, [&] { return ::jn(n, x); }); }
double _y0_(WindowsProcess& p, double x) { return checked(p, [&] { return ::y0(x); }); }
double _y1_(WindowsProcess& p, double x) { return checked(p, [&] { return ::y1(x); }); }
double _yn_(WindowsProcess& p, int32_t n, double x) { return checked(p, [&] { return ::yn(n, x); }); }

// Byte order and rotation (the shift taken modulo the width).
uint16_t _byteswap_ushort_(WindowsProcess&, uint16_t v) { return __builtin_bswap16(v); }
uint32_t _byteswap_ulong_(WindowsProcess&, uint32_t v) { return __builtin_bswap32(v); }
uint64_t _byteswap_uint64_(WindowsProcess&, uint64_t v) { return __builtin_bswap64(v); }
template <typename T>
T rotate_left(T v, int32_t shift) {
  constexpr unsigned bits = sizeof(T) * 8;
  const unsigned n = static_cast<unsigned>(shift) & (bits - 1);
  return n ? static_cast<T>(v << n | v >> (bits - n)) : v;
}
uint32_t _rotl_(WindowsProcess&, uint32_t v, int32_t shift) { return rotate_left(v, shift); }
uint32_t _rotr_(WindowsProcess&, uint32_t v, int32_t shift) { return rotate_left(v, -shift); }
uint64_t _rotl64_(WindowsProcess&, uint64_t v, int32_t shift) { return rotate_left(v, shift); }
uint64_t _rotr64_(WindowsProcess&, uint64_t v, int32_t shift) { return rotate_left(v, -shift); }

double fma_(WindowsProcess&, double x, double y, double z) { return std::fma(x, y, z); }
float frexpf_(WindowsProcess&, float x, Ptr e) {
  int exp = 0;
  const float m = std::frexp(x, &exp);
  put<int32_t>(e.addr, exp);
  return m;
}
double frexp_(WindowsProcess&, double x, Ptr e) {
  int exp = 0;
  double m = std::frexp(x, &exp);
  put<int32_t>(e.addr, exp);
  return m;
}
double ldexp_(WindowsProcess& p, double x, int32_t e) { return checked(p, [&] { return std::ldexp(x, e); }); }
double scalbn_(WindowsProcess& p, double x, int32_t e) { return checked(p, [&] { return std::scalbn(x, e); }); }
double modf_(WindowsProcess&, double x, Ptr ip) {
  double i;
  double f = std::modf(x, &i);
  put<double>(ip.addr, i);
  return f;
}
int32_t ilogb_(WindowsProcess&, double x) { return std::ilogb(x); }
// Windows' long is 32 bits.
int32_t lround_(WindowsProcess& p, double x) { return checked(p, [&] { return static_cast<int32_t>(std::lround(x)); }); }
int64_t llround_(WindowsProcess& p, double x) { return checked(p, [&] { return static_cast<int64_t>(std::llround(x)); }); }
int32_t lrint_(WindowsProcess& p, double x) { return checked(p, [&] { return static_cast<int32_t>(std::lrint(x)); }); }
int64_t llrint_(WindowsProcess& p, double x) { return checked(p, [&] { return static_cast<int64_t>(std::llrint(x)); }); }
double nan_(WindowsProcess&, CStr) { return std::nan(""); }

// The Microsoft classification helpers.
double _chgsign_(WindowsProcess&, double x) { return -x; }
int32_t _finite_(WindowsProcess&, double x) { return std::isfinite(x) ? 1 : 0; }
int32_t _isnan_(WindowsProcess&, double x) { return std::isnan(x) ? 1 : 0; }
double _scalb_(WindowsProcess& p, double x, int32_t e) { return scalbn_(p, x, e); }
// _fpclass: _FPCLASS_SNAN 1, QNAN 2, NINF 4, NN 8, ND 0x10, NZ 0x20, PZ 0x40, PD 0x80, PN 0x100, PINF 0x200.
int32_t _fpclass_(WindowsProcess&, double x) {
  bool neg = std::signbit(x);
  switch (std::fpclassify(x)) {
    case FP_NAN: return 2;
    case FP_INFINITE: return neg ? 4 : 0x200;
    case FP_ZERO: return neg ? 0x20 : 0x40;
    case FP_SUBNORMAL: return neg ? 0x10 : 0x80;
    default: return neg ? 8 : 0x100;
  }
}
// _dclass / fpclassify in the UCRT: FP_NAN 2, FP_INFINITE 1, FP_ZERO 0, FP_SUBNORMAL -2, FP_NORMAL -1.
int16_t _dclass_(WindowsProcess&, double x) {
  switch (std::fpclassify(x)) {
    case FP_NAN: return 2;
    case FP_INFINITE: return 1;
    case FP_ZERO: return 0;
    case FP_SUBNORMAL: return -2;
    default: return -1;
  }
}
int32_t _dsign_(WindowsProcess&, double x) { return std::signbit(x) ? 0x8000 : 0; }

// ---- integers ----

int32_t abs_(WindowsProcess&, int32_t x) { return x < 0 ? -x : x; }
int64_t llabs_(WindowsProcess&, int64_t x) { return x < 0 ? -x : x; }
// div_t and ldiv_t (two 32-bit ints) come back in edx:eax / rax: quotient low, remainder high.
uint64_t div_(WindowsProcess&, int32_t n, int32_t d) {
  int32_t q = d ? n / d : 0, r = d ? n % d : 0;
  return static_cast<uint32_t>(q) | static_cast<uint64_t>(static_cast<uint32_t>(r)) << 32;
}

// rand: the Microsoft C runtime's linear congruential generator, one per thread (its per-thread
// data), each seeded with 1.
int32_t rand_(WindowsProcess& p) {
  uint32_t& seed = crt_thread(p).rand_seed;
  seed = seed * 214013u + 2531011u;
  return static_cast<int32_t>((seed >> 16) & 0x7fff);
}
void srand_(WindowsProcess& p, uint32_t seed) { crt_thread(p).rand_seed = seed; }
// rand_s: 32 bits from the system's generator (RtlGenRandom's), apart from rand's sequence; EINVAL
// for no pointer.
int32_t rand_s_(WindowsProcess& p, Ptr out) {
  if (!out) return *msvcrt_errno(p) = EINVAL;
  uint32_t v = 0;
  while (::getrandom(&v, sizeof v, 0) != static_cast<ssize_t>(sizeof v)) {
    if (errno != EINTR) return *msvcrt_errno(p) = ENOMEM;
  }
  put<uint32_t>(out.addr, v);
  return 0;
}

// The i386 compiler's intrinsic forms (_CIsin …): the arguments on the x87 stack (the first in
// ST1, the second in ST0), the result in ST0 (core/register_calls.h).
double x87_arg(WindowsProcess& p) { return registers::pop_x87(p); }
#define CI_UNARY(name) \
  double _CI##name##_(WindowsProcess& p) { double x = x87_arg(p); return checked(p, [&] { return std::name(x); }); }
#define CI_BINARY(name)                                                                  \
  double _CI##name##_(WindowsProcess& p) {                                               \
    double y = x87_arg(p), x = x87_arg(p);                                               \
    return checked(p, [&] { return std::name(x, y); });                                  \
  }
CI_UNARY(acos) CI_UNARY(asin) CI_UNARY(atan) CI_UNARY(cos) CI_UNARY(cosh) CI_UNARY(exp) CI_UNARY(log)
CI_UNARY(log10) CI_UNARY(sin) CI_UNARY(sinh) CI_UNARY(sqrt) CI_UNARY(tan) CI_UNARY(tanh)
CI_BINARY(atan2) CI_BINARY(fmod) CI_BINARY(pow)
#undef CI_UNARY
#undef CI_BINARY

// The i386 compiler's SSE2 forms (__libm_sse2_sin …, and ucrtbase.dll's _libm_sse2_*_precise, the
// same functions): the argument in xmm0 (atan2's and pow's second in xmm1), the result in xmm0's
// low 64 bits; the float forms in the low 32 bits. The rest of xmm0 is left as it was.
template <typename T>
T xmm_arg(WindowsProcess& p, int reg) {
  uint8_t v[16];
  p.cpu().read_vector(reg, v);
  T x;
  std::memcpy(&x, v, sizeof x);
  return x;
}
template <typename T>
void xmm_result(WindowsProcess& p, T x) {
  uint8_t v[16];
  p.cpu().read_vector(cpu::x86::XMM0, v);
  std::memcpy(v, &x, sizeof x);
  p.cpu().write_vector(cpu::x86::XMM0, v);
}
#define SSE2_UNARY(name)                                                                             \
  void __libm_sse2_##name##_(WindowsProcess& p) {                                                   \
    const double x = xmm_arg<double>(p, cpu::x86::XMM0);                                             \
    xmm_result(p, checked(p, [&] { return std::name(x); }));                                         \
  }
#define SSE2_UNARY_F(name)                                                                           \
  void __libm_sse2_##name##f_(WindowsProcess& p) {                                                  \
    const float x = xmm_arg<float>(p, cpu::x86::XMM0);                                               \
    xmm_result(p, checked(p, [&] { return std::name(x); }));                                         \
  }
#define SSE2_BINARY(name)                                                                            \
  void __libm_sse2_##name##_(WindowsProcess& p) {                                                   \
    const double x = xmm_arg<double>(p, cpu::x86::XMM0), y = xmm_arg<double>(p, cpu::x86::XMM1);     \
    xmm_result(p, checked(p, [&] { return std::name(x, y); }));                                      \
  }
SSE2_UNARY(acos) SSE2_UNARY(asin) SSE2_UNARY(atan) SSE2_UNARY(cos) SSE2_UNARY(exp) SSE2_UNARY(log)
SSE2_UNARY(log10) SSE2_UNARY(sin) SSE2_UNARY(tan) SSE2_UNARY(sqrt)
SSE2_UNARY_F(acos) SSE2_UNARY_F(asin) SSE2_UNARY_F(atan) SSE2_UNARY_F(cos) SSE2_UNARY_F(exp) SSE2_UNARY_F(log)
SSE2_UNARY_F(log10) SSE2_UNARY_F(sin) SSE2_UNARY_F(tan)
SSE2_BINARY(atan2) SSE2_BINARY(pow)
void __libm_sse2_powf_(WindowsProcess& p) {
  const float x = xmm_arg<float>(p, cpu::x86::XMM0), y = xmm_arg<float>(p, cpu::x86::XMM1);
  xmm_result(p, checked(p, [&] { return std::pow(x, y); }));
}
#undef SSE2_UNARY
#undef SSE2_UNARY_F
#undef SSE2_BINARY

// _HUGE: msvcrt.dll's HUGE_VAL, a double variable holding infinity.
uint64_t huge_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_HUGE", 8);
  put<double>(slot, HUGE_VAL);
  return slot;
}

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_math_exports() {
#define BOTH(name) EXPORT(#name, name##_), EXPORT(#name "f", name##f_)
  static const std::vector<Export> exports = {
      BOTH(acos), BOTH(asin), BOTH(atan), BOTH(ceil), BOTH(cos), BOTH(cosh), BOTH(exp), BOTH(fabs), BOTH(floor),
      BOTH(log), BOTH(log10), BOTH(sin), BOTH(sinh), BOTH(sqrt), BOTH(tan), BOTH(tanh), BOTH(acosh), BOTH(asinh),
      BOTH(atanh), BOTH(cbrt), BOTH(exp2), BOTH(expm1), BOTH(log1p), BOTH(log2), BOTH(logb), BOTH(round),
      BOTH(trunc), BOTH(rint), BOTH(nearbyint), BOTH(erf), BOTH(erfc), BOTH(tgamma), BOTH(lgamma), BOTH(atan2),
      BOTH(fmod), BOTH(pow), BOTH(hypot), BOTH(copysign), BOTH(nextafter), BOTH(fmin), BOTH(fmax), BOTH(fdim),
      BOTH(remainder),
      EXPORT("_hypot", hypot_), EXPORT("_hypotf", hypotf_), EXPORT("_copysign", copysign_),
      EXPORT("_nextafter", nextafter_), EXPORT("_logb", logb_), EXPORT("fma", fma_), EXPORT("frexp", frexp_), EXPORT("frexpf", frexpf_),
      EXPORT_DATA("_HUGE", huge_data),
      EXPORT("ldexp", ldexp_), EXPORT("scalbn", scalbn_), EXPORT("modf", modf_), EXPORT("ilogb", ilogb_),
      EXPORT("lround", lround_), EXPORT("llround", llround_), EXPORT("lrint", lrint_), EXPORT("llrint", llrint_),
      EXPORT("nan", nan_), EXPORT("_chgsign", _chgsign_), EXPORT("_finite", _finite_), EXPORT("_isnan", _isnan_),
      EXPORT("_scalb", _scalb_), EXPORT("_fpclass", _fpclass_), EXPORT("_dclass", _dclass_),
      EXPORT("_dsign", _dsign_), EXPORT("abs", abs_), EXPORT("labs", abs_), EXPORT("llabs", llabs_),
      EXPORT("_abs64", llabs_), EXPORT("div", div_), EXPORT("ldiv", div_), EXPORT("rand", rand_),
      EXPORT("srand", srand_), EXPORT("rand_s", rand_s_),
      EXPORT("_j0", _j0_), EXPORT("_j1", _j1_), EXPORT("_jn", _jn_), EXPORT("_y0", _y0_), EXPORT("_y1", _y1_),
      EXPORT("_yn", _yn_),
      EXPORT("_byteswap_ushort", _byteswap_ushort_), EXPORT("_byteswap_ulong", _byteswap_ulong_),
      EXPORT("_byteswap_uint64", _byteswap_uint64_), EXPORT("_rotl", _rotl_), EXPORT("_rotr", _rotr_),
      EXPORT("_lrotl", _rotl_), EXPORT("_lrotr", _rotr_), EXPORT("_rotl64", _rotl64_), EXPORT("_rotr64", _rotr64_),
#define CI(name) EXPORT("_CI" #name, _CI##name##_)
      CI(acos), CI(asin), CI(atan), CI(cos), CI(cosh), CI(exp), CI(log), CI(log10), CI(sin), CI(sinh), CI(sqrt),
      CI(tan), CI(tanh), CI(atan2), CI(fmod), CI(pow),
#undef CI
#define SSE2(name) EXPORT("__libm_sse2_" #name, __libm_sse2_##name##_)
      SSE2(acos), SSE2(acosf), SSE2(asin), SSE2(asinf), SSE2(atan), SSE2(atan2), SSE2(atanf), SSE2(cos),
      SSE2(cosf), SSE2(exp), SSE2(expf), SSE2(log), SSE2(log10), SSE2(log10f), SSE2(logf), SSE2(pow), SSE2(powf),
      SSE2(sin), SSE2(sinf), SSE2(tan), SSE2(tanf),
#undef SSE2
  };
#undef BOTH
  return exports;
}

// ucrtbase.dll's precise forms of the same functions.
const std::vector<Export>& ucrtbase_sse2_precise_exports() {
#define PRECISE(name) EXPORT("_libm_sse2_" #name "_precise", __libm_sse2_##name##_)
  static const std::vector<Export> exports = {
      PRECISE(acos), PRECISE(asin), PRECISE(atan), PRECISE(cos), PRECISE(exp), PRECISE(log10), PRECISE(log),
      PRECISE(pow), PRECISE(sin), PRECISE(sqrt), PRECISE(tan),
  };
#undef PRECISE
  return exports;
}

}  // namespace polyrun::shims
