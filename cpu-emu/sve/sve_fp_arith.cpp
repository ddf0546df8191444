// Arm floating-point operations on element bits (sve_fp_arith.h): each value is widened exactly
// to a working format with more than twice its precision plus two bits (binary64 for half and
// single, binary128 for double: cpu-emu/s390x_bfp.h computes there), the operation's exact
// result is rounded to odd in it (so that a second rounding into the element's format is
// exact), and narrow() rounds that as FPRoundBase does: tininess before rounding, FZ flushing of
// tiny results to zero with UFC, overflow to infinity or the largest normal by rounding mode.
#include "cpu-emu/sve/sve_fp_arith.h"

#include "cpu-emu/s390x_bfp.h"

namespace polyrun::cpu::sve::fp {

namespace {

namespace bfp = polyrun::cpu::s390x_bfp;
using X = bfp::Bits;  // binary128

constexpr uint64_t ones(int n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }
constexpr X xones(int n) { return n >= 128 ? ~static_cast<X>(0) : (static_cast<X>(1) << n) - 1; }
int bitlen(uint64_t v) { return v ? 64 - __builtin_clzll(v) : 0; }

// A format's exponent and fraction widths.
struct Fmt {
  int ebits, mbits;
  int bias() const { return (1 << (ebits - 1)) - 1; }
  uint64_t emax_field() const { return (1ull << ebits) - 1; }
};
constexpr Fmt kBf16{8, 7};
Fmt fmt(unsigned esize) { return esize == 2 ? Fmt{5, 10} : esize == 4 ? Fmt{8, 23} : Fmt{11, 52}; }

constexpr Fmt kBinary64{11, 52}, kBinary128{15, 112};

// The element's value in binary128 (or binary64: `to`), finite or infinite (not a NaN).
X widen(uint64_t a, Fmt f, Fmt to = kBinary128) {
  const bool s = a >> (f.ebits + f.mbits) & 1;
  const uint64_t e = a >> f.mbits & f.emax_field();
  uint64_t m = a & ones(f.mbits);
  const X sign = static_cast<X>(s) << (to.ebits + to.mbits);
  if (e == f.emax_field()) return sign | static_cast<X>(to.emax_field()) << to.mbits;
  int exp = static_cast<int>(e) - f.bias();
  if (e == 0) {
    if (m == 0) return sign;
    const int shift = f.mbits + 1 - bitlen(m);  // a denormal: normalized
    m = (m << shift) & ones(f.mbits);
    exp = 1 - f.bias() - shift;
  }
  return sign | static_cast<X>(exp + to.bias()) << to.mbits | static_cast<X>(m) << (to.mbits - f.mbits);
}

// The format an operation on elements of esize bytes works in: binary64 for half and single
// (53 bits, at least 24 + 2, so that rounding to odd there and then into the element's format
// is exact; and a range that holds their exact products, quotients and roots), binary128 for
// double (113 bits).
bfp::Format work(unsigned esize) { return esize == 8 ? bfp::kExtended : bfp::kLong; }
X to_work(uint64_t a, unsigned esize) { return widen(a, fmt(esize), esize == 8 ? kBinary128 : kBinary64); }
// A result in the working format as binary128 (a NaN as a NaN).
X from_work(X r, unsigned esize) {
  if (esize == 8) return r;
  const uint64_t d = static_cast<uint64_t>(r);
  if ((d >> 52 & 0x7ff) == 0x7ff && (d & ones(52))) return static_cast<X>(0xffff) << 111;
  return widen(d, kBinary64);
}

// FPRoundBase of a binary128 value (not a NaN) into the format, in `mode`; `fz` flushes a result
// tiny before rounding to zero (UFC). Round to odd keeps an overflow finite.
uint64_t narrow(X x, Fmt f, unsigned mode, bool fz, Env& env) {
  const bool s = static_cast<bool>(x >> 127);
  const int e_field = static_cast<int>(x >> 112) & 0x7fff;
  const X frac = x & xones(112);
  const uint64_t sbit = static_cast<uint64_t>(s) << (f.ebits + f.mbits);
  if (e_field == 0x7fff) return sbit | f.emax_field() << f.mbits;
  if (e_field == 0 && frac == 0) return sbit;
  const X m = frac | static_cast<X>(1) << 112;
  const int e = e_field - 16383, emin = 1 - f.bias();
  const bool tiny = e < emin;
  if (tiny && fz) {
    env.flags |= kUFC;
    return sbit;
  }
  const int shift = 112 - f.mbits + (tiny ? emin - e : 0);
  uint64_t r = 0;
  bool half = false, sticky = true;
  if (shift <= 113) {
    r = static_cast<uint64_t>(m >> shift);
    half = static_cast<bool>(m >> (shift - 1) & 1);
    sticky = (m & xones(shift - 1)) != 0;
  }
  const bool inexact = half || sticky;
  bool up = false;
  switch (mode) {
    case kRN: up = half && (sticky || (r & 1)); break;
    case kRA: up = half; break;
    case kRP: up = !s && inexact; break;
    case kRM: up = s && inexact; break;
    default: break;
  }
  if (up) ++r;
  if ((mode == kRO || mode == kROI) && inexact) r |= 1;
  if (tiny) {
    // A denormal (or, rounded up, the smallest normal: the encoding carries into the exponent).
    if (inexact) env.flags |= kUFC | kIXC;
    return sbit | r;
  }
  uint64_t biased = static_cast<uint64_t>(e + f.bias());
  if (r >> (f.mbits + 1)) {
    r >>= 1;
    ++biased;
  }
  if (biased >= f.emax_field()) {
    env.flags |= kOFC | kIXC;
    const bool to_inf = mode == kRN || mode == kRA || mode == kROI || (mode == kRP && !s) || (mode == kRM && s);
    return to_inf ? sbit | f.emax_field() << f.mbits : sbit | (f.emax_field() - 1) << f.mbits | ones(f.mbits);
  }
  if (inexact) env.flags |= kIXC;
  return sbit | biased << f.mbits | (r & ones(f.mbits));
}

bool x_is_nan(X x) { return (static_cast<int>(x >> 112) & 0x7fff) == 0x7fff && (x & xones(112)) != 0; }

// The end of an operation computed in the working format (rounded to odd), its result lifted
// to binary128: its invalid and divide-by-zero flags, then the rounding into the element's
// format (an invalid operation's NaN: the default NaN).
uint64_t finish(X r, const bfp::Env& be, unsigned esize, Env& env) {
  if (be.flags & bfp::kInvalid) env.flags |= kIOC;
  if (be.flags & bfp::kDivideByZero) env.flags |= kDZC;
  if (x_is_nan(r)) return default_nan(esize);
  return narrow(r, fmt(esize), env.rmode(), env.fz(esize), env);
}

bfp::Env odd() { return bfp::Env{bfp::Round::PrepareShorter}; }

// An exact zero sum is +0 but in round toward minus infinity, where it is -0 (IEEE 754 6.3);
// the sum of two zeros of one sign keeps it. `both_pos_zero`: the operands were +0 and +0.
X zero_sign(X r, bool both_pos_zero, Env& env) {
  if (r == 0 && env.rmode() == kRM && !both_pos_zero) return static_cast<X>(1) << 127;
  return r;
}

uint64_t frac_of(uint64_t a, unsigned esize) { return a & ones(fmt(esize).mbits); }
uint64_t exp_of(uint64_t a, unsigned esize) { return a >> fmt(esize).mbits & fmt(esize).emax_field(); }
bool sign_of(uint64_t a, unsigned esize) { return a >> (8 * esize - 1) & 1; }

// addend + n * m rounded to odd in the working format (operands flushed, not NaNs); halve: the
// exact result halved before the final rounding (FRSQRTS).
uint64_t fused(uint64_t addend, uint64_t n, uint64_t m, unsigned esize, Env& env, bool halve) {
  bfp::Env be = odd();
  X r = from_work(bfp::fma(work(esize), to_work(n, esize), to_work(m, esize), to_work(addend, esize), false, false, be),
                  esize);
  const bool pzero = is_zero(n, esize) || is_zero(m, esize);
  const bool psign = sign_of(n, esize) != sign_of(m, esize);
  r = zero_sign(r, pzero && !psign && addend == 0, env);
  if (halve && !x_is_nan(r) && (static_cast<int>(r >> 112) & 0x7fff) != 0x7fff && (r & ~(static_cast<X>(1) << 127)))
    r -= static_cast<X>(1) << 112;
  return finish(r, be, esize, env);
}

}  // namespace

bool is_nan(uint64_t a, unsigned esize) { return exp_of(a, esize) == fmt(esize).emax_field() && frac_of(a, esize); }
bool is_snan(uint64_t a, unsigned esize) { return is_nan(a, esize) && !(a >> (fmt(esize).mbits - 1) & 1); }
bool is_inf(uint64_t a, unsigned esize) { return exp_of(a, esize) == fmt(esize).emax_field() && !frac_of(a, esize); }
bool is_zero(uint64_t a, unsigned esize) { return (a & ones(8 * esize - 1)) == 0; }
uint64_t default_nan(unsigned esize) {
  const Fmt f = fmt(esize);
  return f.emax_field() << f.mbits | 1ull << (f.mbits - 1);
}
uint64_t fp_zero(bool sign, unsigned esize) { return sign ? sign_bit(esize) : 0; }
uint64_t fp_inf(bool sign, unsigned esize) {
  return fp_zero(sign, esize) | fmt(esize).emax_field() << fmt(esize).mbits;
}
uint64_t fp_one(bool sign, unsigned esize) {
  return fp_zero(sign, esize) | static_cast<uint64_t>(fmt(esize).bias()) << fmt(esize).mbits;
}
uint64_t fp_pow2(int e, unsigned esize) {
  return static_cast<uint64_t>(fmt(esize).bias() + e) << fmt(esize).mbits;
}
uint64_t fp_max_normal(bool sign, unsigned esize) {
  const Fmt f = fmt(esize);
  return fp_zero(sign, esize) | (f.emax_field() - 1) << f.mbits | ones(f.mbits);
}

uint64_t flush_in(uint64_t a, unsigned esize, Env& env) {
  if (env.fz(esize) && exp_of(a, esize) == 0 && frac_of(a, esize)) {
    if (esize != 2) env.flags |= kIDC;  // FZ16's flushing raises no IDC
    return a & sign_bit(esize);
  }
  return a;
}

uint64_t process_nan(uint64_t a, unsigned esize, Env& env) {
  if (is_snan(a, esize)) {
    env.flags |= kIOC;
    a |= 1ull << (fmt(esize).mbits - 1);
  }
  return env.dn() ? default_nan(esize) : a;
}

bool process_nans(uint64_t a, uint64_t b, unsigned esize, Env& env, uint64_t& out) {
  if (is_snan(a, esize)) {
    if (is_snan(b, esize)) env.flags |= kIOC;
    out = process_nan(a, esize, env);
  } else if (is_snan(b, esize)) {
    out = process_nan(b, esize, env);
  } else if (is_nan(a, esize)) {
    out = process_nan(a, esize, env);
  } else if (is_nan(b, esize)) {
    out = process_nan(b, esize, env);
  } else {
    return false;
  }
  return true;
}

bool process_nans3(uint64_t a, uint64_t b, uint64_t c, unsigned esize, Env& env, uint64_t& out) {
  const uint64_t ops[3] = {a, b, c};
  for (uint64_t v : ops)
    if (is_snan(v, esize)) {
      env.flags |= kIOC;
      out = process_nan(v, esize, env);
      return true;
    }
  for (uint64_t v : ops)
    if (is_nan(v, esize)) {
      out = process_nan(v, esize, env);
      return true;
    }
  return false;
}

namespace {

uint64_t addsub(uint64_t a, uint64_t b, bool negate_b, unsigned esize, Env& env) {
  a = flush_in(a, esize, env);
  b = flush_in(b, esize, env);
  uint64_t out;
  if (process_nans(a, b, esize, env, out)) return out;
  if (negate_b) b ^= sign_bit(esize);
  bfp::Env be = odd();
  const X r = from_work(bfp::add(work(esize), to_work(a, esize), to_work(b, esize), be), esize);
  return finish(zero_sign(r, a == 0 && b == 0, env), be, esize, env);
}

using BinX = X (*)(bfp::Format, X, X, bfp::Env&);
uint64_t binary(BinX op, uint64_t a, uint64_t b, unsigned esize, Env& env) {
  a = flush_in(a, esize, env);
  b = flush_in(b, esize, env);
  uint64_t out;
  if (process_nans(a, b, esize, env, out)) return out;
  bfp::Env be = odd();
  return finish(from_work(op(work(esize), to_work(a, esize), to_work(b, esize), be), esize), be, esize, env);
}

// A key that orders non-NaN elements as their values (the zeros equal).
int64_t order_key(uint64_t a, unsigned esize) {
  const int64_t mag = static_cast<int64_t>(a & ones(8 * esize - 1));
  return sign_of(a, esize) ? -mag : mag;
}

uint64_t max_min(uint64_t a, uint64_t b, bool is_max, unsigned esize, Env& env) {
  a = flush_in(a, esize, env);
  b = flush_in(b, esize, env);
  uint64_t out;
  if (process_nans(a, b, esize, env, out)) return out;
  const int64_t ka = order_key(a, esize), kb = order_key(b, esize);
  if (ka == kb) return is_max ? (a & b) : (a | b);  // +0 the larger of the zeros
  return (ka > kb) == is_max ? a : b;
}

}  // namespace

uint64_t add(uint64_t a, uint64_t b, unsigned esize, Env& env) { return addsub(a, b, false, esize, env); }
uint64_t sub(uint64_t a, uint64_t b, unsigned esize, Env& env) { return addsub(a, b, true, esize, env); }
uint64_t mul(uint64_t a, uint64_t b, unsigned esize, Env& env) { return binary(bfp::mul, a, b, esize, env); }
uint64_t div(uint64_t a, uint64_t b, unsigned esize, Env& env) { return binary(bfp::div, a, b, esize, env); }

uint64_t mulx(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  a = flush_in(a, esize, env);
  b = flush_in(b, esize, env);
  uint64_t out;
  if (process_nans(a, b, esize, env, out)) return out;
  // FPMulX: infinity times zero is 2 with the operands' signs' exclusive or.
  if ((is_inf(a, esize) && is_zero(b, esize)) || (is_zero(a, esize) && is_inf(b, esize)))
    return fp_pow2(1, esize) | ((a ^ b) & sign_bit(esize));
  return mul(a, b, esize, env);
}

uint64_t sqrt(uint64_t a, unsigned esize, Env& env) {
  a = flush_in(a, esize, env);
  if (is_nan(a, esize)) return process_nan(a, esize, env);
  bfp::Env be = odd();
  return finish(from_work(bfp::sqrt(work(esize), to_work(a, esize), be), esize), be, esize, env);
}

uint64_t muladd(uint64_t addend, uint64_t n, uint64_t m, unsigned esize, Env& env) {
  addend = flush_in(addend, esize, env);
  n = flush_in(n, esize, env);
  m = flush_in(m, esize, env);
  const bool inf_zero = (is_inf(n, esize) && is_zero(m, esize)) || (is_zero(n, esize) && is_inf(m, esize));
  if (is_nan(addend, esize) || is_nan(n, esize) || is_nan(m, esize)) {
    if (inf_zero && !is_snan(addend, esize)) {  // infinity times zero plus a quiet NaN: the default NaN
      env.flags |= kIOC;
      return default_nan(esize);
    }
    uint64_t out;
    process_nans3(addend, n, m, esize, env, out);
    return out;
  }
  return fused(addend, n, m, esize, env, false);
}

uint64_t max(uint64_t a, uint64_t b, unsigned esize, Env& env) { return max_min(a, b, true, esize, env); }
uint64_t min(uint64_t a, uint64_t b, unsigned esize, Env& env) { return max_min(a, b, false, esize, env); }

// FPMaxNum/FPMinNum: a quiet NaN against a number loses (taken as -inf or +inf).
uint64_t maxnm(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  const bool qa = is_nan(a, esize) && !is_snan(a, esize), qb = is_nan(b, esize) && !is_snan(b, esize);
  if (qa && !is_nan(b, esize)) a = fp_inf(true, esize);
  if (qb && !is_nan(a, esize)) b = fp_inf(true, esize);
  return max_min(a, b, true, esize, env);
}
uint64_t minnm(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  const bool qa = is_nan(a, esize) && !is_snan(a, esize), qb = is_nan(b, esize) && !is_snan(b, esize);
  if (qa && !is_nan(b, esize)) a = fp_inf(false, esize);
  if (qb && !is_nan(a, esize)) b = fp_inf(false, esize);
  return max_min(a, b, false, esize, env);
}

uint64_t scale(uint64_t a, int64_t n, unsigned esize, Env& env) {
  a = flush_in(a, esize, env);
  if (is_nan(a, esize)) return process_nan(a, esize, env);
  if (is_inf(a, esize) || is_zero(a, esize)) return a;
  // Beyond +-4000 every format's result is the same as at it: overflow or underflow to zero.
  if (n > 4000) n = 4000;
  if (n < -4000) n = -4000;
  const X w = widen(a, fmt(esize));
  const int e = (static_cast<int>(w >> 112) & 0x7fff) + static_cast<int>(n);
  const X r = (w & (static_cast<X>(1) << 127 | xones(112))) | static_cast<X>(e) << 112;
  return narrow(r, fmt(esize), env.rmode(), env.fz(esize), env);
}

uint64_t recip_step(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  a = flush_in(a, esize, env) ^ sign_bit(esize);
  b = flush_in(b, esize, env);
  if ((is_inf(a, esize) && is_zero(b, esize)) || (is_zero(a, esize) && is_inf(b, esize)))
    return fp_pow2(1, esize);
  const uint64_t two = fp_pow2(1, esize);
  uint64_t out;
  if (process_nans3(two, a, b, esize, env, out)) return out;
  return fused(two, a, b, esize, env, false);
}

uint64_t rsqrt_step(uint64_t a, uint64_t b, unsigned esize, Env& env) {
  a = flush_in(a, esize, env) ^ sign_bit(esize);
  b = flush_in(b, esize, env);
  const Fmt f = fmt(esize);
  if ((is_inf(a, esize) && is_zero(b, esize)) || (is_zero(a, esize) && is_inf(b, esize)))
    return fp_one(false, esize) | 1ull << (f.mbits - 1);  // 1.5
  const uint64_t three = fp_pow2(1, esize) | 1ull << (f.mbits - 1);
  uint64_t out;
  if (process_nans3(three, a, b, esize, env, out)) return out;
  return fused(three, a, b, esize, env, true);
}

namespace {

// RecipEstimate: a 9-bit input 256..511 (0.5 <= x < 1 in units of 2^-9) to an 8-bit estimate of
// 1/x (256..511 in units of 2^-8).
unsigned recip_table(unsigned a) {
  a = a * 2 + 1;
  const unsigned b = (1u << 19) / a;
  return (b + 1) / 2;
}

// RecipSqrtEstimate: 128..511 (0.25 <= x < 1) to 256..511.
unsigned rsqrt_table(unsigned a) {
  if (a < 256)
    a = a * 2 + 1;
  else
    a = (((a >> 1) << 1) + 1) << 1;
  unsigned b = 512;
  while (static_cast<uint64_t>(a) * (b + 1) * (b + 1) < (1ull << 28)) ++b;
  return (b + 1) / 2;
}

}  // namespace

uint64_t recip_estimate(uint64_t a, unsigned esize, Env& env) {
  a = flush_in(a, esize, env);
  const Fmt f = fmt(esize);
  const bool s = sign_of(a, esize);
  if (is_nan(a, esize)) return process_nan(a, esize, env);
  if (is_inf(a, esize)) return fp_zero(s, esize);
  if (is_zero(a, esize)) {
    env.flags |= kDZC;
    return fp_inf(s, esize);
  }
  const int64_t exp_field = static_cast<int64_t>(exp_of(a, esize));
  // Too small: the estimate overflows (|a| < 2^-(bias+1)).
  if (exp_field == 0 && frac_of(a, esize) < (1ull << (f.mbits - 2))) {
    const unsigned rm = env.rmode();
    const bool to_inf = rm == kRN || (rm == kRP && !s) || (rm == kRM && s);
    env.flags |= kOFC | kIXC;
    return to_inf ? fp_inf(s, esize) : fp_max_normal(s, esize);
  }
  // Too large with FZ: the estimate is tiny, flushed (|a| >= 2^(bias-1)).
  if (env.fz(esize) && exp_field >= 2 * f.bias() - 1) {
    env.flags |= kUFC;
    return fp_zero(s, esize);
  }
  uint64_t frac = frac_of(a, esize) << (52 - f.mbits);
  int64_t exp = exp_field;
  if (exp == 0) {
    if (!(frac >> 51 & 1)) {
      exp = -1;
      frac = (frac << 2) & ones(52);
    } else {
      frac = (frac << 1) & ones(52);
    }
  }
  const unsigned scaled = static_cast<unsigned>(1u << 8 | frac >> 44);
  int64_t result_exp = 2 * f.bias() - 1 - exp;
  const uint64_t est = recip_table(scaled);
  frac = (est & 0xff) << 44;
  if (result_exp == 0) {
    frac = 1ull << 51 | frac >> 1;
  } else if (result_exp == -1) {
    frac = 1ull << 50 | frac >> 2;
    result_exp = 0;
  }
  return fp_zero(s, esize) | static_cast<uint64_t>(result_exp) << f.mbits | frac >> (52 - f.mbits);
}

uint64_t rsqrt_estimate(uint64_t a, unsigned esize, Env& env) {
  a = flush_in(a, esize, env);
  const Fmt f = fmt(esize);
  const bool s = sign_of(a, esize);
  if (is_nan(a, esize)) return process_nan(a, esize, env);
  if (is_zero(a, esize)) {
    env.flags |= kDZC;
    return fp_inf(s, esize);
  }
  if (s) {
    env.flags |= kIOC;
    return default_nan(esize);
  }
  if (is_inf(a, esize)) return 0;
  uint64_t frac = frac_of(a, esize) << (52 - f.mbits);
  int64_t exp = static_cast<int64_t>(exp_of(a, esize));
  if (exp == 0) {
    while (!(frac >> 51 & 1)) {
      frac = (frac << 1) & ones(52);
      --exp;
    }
    frac = (frac << 1) & ones(52);
  }
  const unsigned scaled =
      (exp & 1) == 0 ? static_cast<unsigned>(1u << 8 | frac >> 44) : static_cast<unsigned>(1u << 7 | frac >> 45);
  const int64_t result_exp = (3 * f.bias() - 1 - exp) / 2;
  const uint64_t est = rsqrt_table(scaled);
  return static_cast<uint64_t>(result_exp) << f.mbits | ((est & 0xff) << 44) >> (52 - f.mbits);
}

uint64_t recpx(uint64_t a, unsigned esize, Env& env) {
  a = flush_in(a, esize, env);
  if (is_nan(a, esize)) return process_nan(a, esize, env);
  const Fmt f = fmt(esize);
  const uint64_t e = exp_of(a, esize);
  const uint64_t re = e == 0 ? f.emax_field() - 1 : ~e & f.emax_field();
  return (a & sign_bit(esize)) | re << f.mbits;
}

uint64_t round_int(uint64_t a, unsigned esize, unsigned mode, bool exact, Env& env) {
  a = flush_in(a, esize, env);
  if (is_nan(a, esize)) return process_nan(a, esize, env);
  if (is_inf(a, esize) || is_zero(a, esize)) return a;
  const Fmt f = fmt(esize);
  const bool s = sign_of(a, esize);
  const uint64_t e_field = exp_of(a, esize);
  const int e = (e_field ? static_cast<int>(e_field) : 1) - f.bias();
  if (e >= f.mbits) return a;  // already integral
  const uint64_t m = frac_of(a, esize) | (e_field ? 1ull << f.mbits : 0);
  const int shift = f.mbits - e;  // fraction bits, >= 1
  uint64_t ip = 0;
  bool half = false, sticky = true;
  if (shift < 64) {
    ip = m >> shift;
    half = m >> (shift - 1) & 1;
    sticky = (m & ones(shift - 1)) != 0;
  }
  const bool inexact = half || sticky;
  bool up = false;
  switch (mode) {
    case kRN: up = half && (sticky || (ip & 1)); break;
    case kRA: up = half; break;
    case kRP: up = !s && inexact; break;
    case kRM: up = s && inexact; break;
    default: break;
  }
  if (up) ++ip;
  if (exact && inexact) env.flags |= kIXC;
  if (ip == 0) return fp_zero(s, esize);
  const int top = bitlen(ip) - 1;
  return fp_zero(s, esize) | static_cast<uint64_t>(top + f.bias()) << f.mbits |
         ((ip << (f.mbits - top)) & ones(f.mbits));
}

int compare(uint64_t a, uint64_t b, unsigned esize, bool signaling, Env& env) {
  a = flush_in(a, esize, env);
  b = flush_in(b, esize, env);
  if (is_nan(a, esize) || is_nan(b, esize)) {
    if (signaling || is_snan(a, esize) || is_snan(b, esize)) env.flags |= kIOC;
    return 3;
  }
  const int64_t ka = order_key(a, esize), kb = order_key(b, esize);
  return ka == kb ? 0 : ka < kb ? 1 : 2;
}

namespace {

// A NaN converted between formats: its sign and top fraction bits, quieted (IOC when it was
// signaling), or the default NaN with DN.
uint64_t convert_nan(uint64_t a, Fmt from, Fmt to, Env& env) {
  if (!(a >> (from.mbits - 1) & 1)) env.flags |= kIOC;
  if (env.dn()) return to.emax_field() << to.mbits | 1ull << (to.mbits - 1);
  const uint64_t frac = a & ones(from.mbits);
  const uint64_t nf = to.mbits >= from.mbits ? frac << (to.mbits - from.mbits) : frac >> (from.mbits - to.mbits);
  const uint64_t sign = a >> (from.ebits + from.mbits) & 1;
  return sign << (to.ebits + to.mbits) | to.emax_field() << to.mbits | nf | 1ull << (to.mbits - 1);
}

}  // namespace

uint64_t convert(uint64_t a, unsigned from, unsigned to, Env& env, unsigned mode) {
  const Fmt ff = fmt(from), ft = fmt(to);
  if (from != 2) a = flush_in(a, from, env);
  if (is_nan(a, from)) return convert_nan(a, ff, ft, env);
  return narrow(widen(a, ff), ft, mode, to != 2 && env.fz(to), env);
}

uint16_t to_bf16(uint32_t a, Env& env) {
  a = static_cast<uint32_t>(flush_in(a, 4, env));
  if (is_nan(a, 4)) return static_cast<uint16_t>(convert_nan(a, fmt(4), kBf16, env));
  return static_cast<uint16_t>(narrow(widen(a, fmt(4)), kBf16, env.rmode(), env.fz(4), env));
}

uint64_t to_int(uint64_t a, unsigned esize, unsigned ibits, bool is_signed, Env& env) {
  a = flush_in(a, esize, env);
  const uint64_t imax = is_signed ? ones(static_cast<int>(ibits) - 1) : ones(static_cast<int>(ibits));
  const uint64_t imin = is_signed ? ~imax & ones(static_cast<int>(ibits)) : 0;  // two's complement bits
  if (is_nan(a, esize)) {
    env.flags |= kIOC;
    return 0;
  }
  const bool s = sign_of(a, esize);
  if (is_inf(a, esize)) {
    env.flags |= kIOC;
    return s ? imin : imax;
  }
  if (is_zero(a, esize)) return 0;
  const Fmt f = fmt(esize);
  const uint64_t e_field = exp_of(a, esize);
  const int e = (e_field ? static_cast<int>(e_field) : 1) - f.bias();
  const uint64_t m = frac_of(a, esize) | (e_field ? 1ull << f.mbits : 0);
  uint64_t ip;
  bool inexact;
  if (e >= 64) {
    env.flags |= kIOC;
    return s ? imin : imax;
  }
  if (e < 0) {
    ip = 0;
    inexact = true;
  } else if (e <= f.mbits) {
    ip = m >> (f.mbits - e);
    inexact = (m & ones(f.mbits - e)) != 0;
  } else {
    if (e - f.mbits + bitlen(m) > 64) {
      env.flags |= kIOC;
      return s ? imin : imax;
    }
    ip = m << (e - f.mbits);
    inexact = false;
  }
  // Range: signed [-2^(n-1), 2^(n-1) - 1], unsigned [0, 2^n - 1].
  bool overflow;
  if (is_signed)
    overflow = s ? ip > (1ull << (ibits - 1)) : ip > imax;
  else
    overflow = s ? ip != 0 : ip > imax;
  if (overflow) {
    env.flags |= kIOC;
    return s ? imin : imax;
  }
  if (inexact) env.flags |= kIXC;
  return (s ? 0 - ip : ip) & ones(static_cast<int>(ibits));
}

uint64_t from_int(uint64_t v, unsigned ibits, bool is_signed, unsigned esize, Env& env) {
  v &= ones(static_cast<int>(ibits));
  bool s = false;
  if (is_signed && (v >> (ibits - 1) & 1)) {
    s = true;
    v = (0 - v) & ones(static_cast<int>(ibits));
  }
  if (v == 0) return 0;
  const int top = bitlen(v) - 1;
  const X x =
      static_cast<X>(s) << 127 | static_cast<X>(top + 16383) << 112 | ((static_cast<X>(v) << (112 - top)) & xones(112));
  return narrow(x, fmt(esize), env.rmode(), env.fz(esize), env);
}

}  // namespace polyrun::cpu::sve::fp
