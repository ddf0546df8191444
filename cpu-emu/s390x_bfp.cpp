// IEEE binary floating point for the s390x instructions polyrun executes (s390x_bfp.h): every
// operation finds its exact result as an integer significand and a power of two (jamming what
// lies far below the rounding point into the lowest bit, which keeps the rounding exact), and
// round_pack rounds it once into the format.
#include "cpu-emu/s390x_bfp.h"

#include <algorithm>

namespace polyrun::cpu::s390x_bfp {

namespace {

using u64 = uint64_t;
using u128 = unsigned __int128;

struct Layout {
  int p;      // precision (significand bits, the implicit one included)
  int ebits;  // exponent field bits
  int bias;
  int width;  // bits of the encoding
  int emax() const { return bias; }
  int emin() const { return 1 - bias; }
};

constexpr Layout kLayouts[3] = {{24, 8, 127, 32}, {53, 11, 1023, 64}, {113, 15, 16383, 128}};
inline const Layout& layout(Format f) { return kLayouts[f == kShort ? 0 : f == kLong ? 1 : 2]; }

u128 one(int n) { return n >= 128 ? 0 : static_cast<u128>(1) << n; }
u128 ones(int n) { return n >= 128 ? ~static_cast<u128>(0) : one(n) - 1; }

int bitlen128(u128 v) {
  const u64 hi = static_cast<u64>(v >> 64), lo = static_cast<u64>(v);
  if (hi) return 128 - __builtin_clzll(hi);
  if (lo) return 64 - __builtin_clzll(lo);
  return 0;
}

// 256-bit unsigned integers, little-endian limbs: enough for a product of two extended
// significands (226 bits) with room to align an addend. (U128 below: the same for the short and
// long formats, whose products take 106 bits at most.)
struct U256 {
  static constexpr int kBits = 256;
  u64 w[4] = {0, 0, 0, 0};
  static U256 from(u128 v) {
    U256 r;
    r.w[0] = static_cast<u64>(v);
    r.w[1] = static_cast<u64>(v >> 64);
    return r;
  }
  bool zero() const { return !(w[0] | w[1] | w[2] | w[3]); }
  int bitlen() const {
    for (int i = 3; i >= 0; --i)
      if (w[i]) return 64 * i + 64 - __builtin_clzll(w[i]);
    return 0;
  }
  bool bit(int n) const { return n >= 0 && n < 256 && (w[n / 64] >> (n % 64) & 1); }
  // Whether any bit below n is set.
  bool any_below(int n) const {
    if (n <= 0) return false;
    if (n >= 256) return !zero();
    for (int i = 0; i < n / 64; ++i)
      if (w[i]) return true;
    return n % 64 && (w[n / 64] & ((1ull << (n % 64)) - 1));
  }
  U256 shl(int n) const {
    U256 r;
    if (n >= 256) return r;
    const int limbs = n / 64, bits = n % 64;
    for (int i = 3; i >= limbs; --i) {
      u64 v = w[i - limbs] << bits;
      if (bits && i - limbs - 1 >= 0) v |= w[i - limbs - 1] >> (64 - bits);
      r.w[i] = v;
    }
    return r;
  }
  U256 shr(int n) const {
    U256 r;
    if (n >= 256) return r;
    const int limbs = n / 64, bits = n % 64;
    for (int i = 0; i + limbs < 4; ++i) {
      u64 v = w[i + limbs] >> bits;
      if (bits && i + limbs + 1 < 4) v |= w[i + limbs + 1] << (64 - bits);
      r.w[i] = v;
    }
    return r;
  }
  // Shifted right, what fell off jammed into bit 0.
  U256 shr_jam(int n) const {
    U256 r = shr(n);
    if (any_below(n)) r.w[0] |= 1;
    return r;
  }
  u128 low128() const { return static_cast<u128>(w[1]) << 64 | w[0]; }
  friend U256 operator+(const U256& a, const U256& b) {
    U256 r;
    unsigned carry = 0;
    for (int i = 0; i < 4; ++i) {
      const u64 s = a.w[i] + b.w[i];
      const unsigned c1 = s < a.w[i];
      r.w[i] = s + carry;
      carry = c1 | (r.w[i] < s);
    }
    return r;
  }
  friend U256 operator-(const U256& a, const U256& b) {  // a >= b
    U256 r;
    unsigned borrow = 0;
    for (int i = 0; i < 4; ++i) {
      const u64 d = a.w[i] - b.w[i];
      const unsigned b1 = a.w[i] < b.w[i];
      r.w[i] = d - borrow;
      borrow = b1 | (d < borrow);
    }
    return r;
  }
  friend bool operator<(const U256& a, const U256& b) {
    for (int i = 3; i >= 0; --i)
      if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
    return false;
  }
  friend bool operator==(const U256& a, const U256& b) {
    return a.w[0] == b.w[0] && a.w[1] == b.w[1] && a.w[2] == b.w[2] && a.w[3] == b.w[3];
  }
};

struct U128 {
  static constexpr int kBits = 128;
  u128 v = 0;
  static U128 from(u128 x) { return {x}; }
  bool zero() const { return v == 0; }
  int bitlen() const { return bitlen128(v); }
  bool bit(int n) const { return n >= 0 && n < 128 && (v >> n & 1); }
  bool any_below(int n) const { return n <= 0 ? false : n >= 128 ? v != 0 : (v & ones(n)) != 0; }
  U128 shl(int n) const { return {n >= 128 ? 0 : v << n}; }
  U128 shr(int n) const { return {n >= 128 ? 0 : v >> n}; }
  U128 shr_jam(int n) const { return {shr(n).v | (any_below(n) ? 1 : 0)}; }
  u128 low128() const { return v; }
  friend U128 operator+(const U128& a, const U128& b) { return {a.v + b.v}; }
  friend U128 operator-(const U128& a, const U128& b) { return {a.v - b.v}; }
  friend bool operator<(const U128& a, const U128& b) { return a.v < b.v; }
  friend bool operator==(const U128& a, const U128& b) { return a.v == b.v; }
};

U256 mul128(u128 a, u128 b) {
  const u64 a0 = static_cast<u64>(a), a1 = static_cast<u64>(a >> 64);
  const u64 b0 = static_cast<u64>(b), b1 = static_cast<u64>(b >> 64);
  const u128 p00 = static_cast<u128>(a0) * b0, p01 = static_cast<u128>(a0) * b1;
  const u128 p10 = static_cast<u128>(a1) * b0, p11 = static_cast<u128>(a1) * b1;
  U256 r = U256::from(p00);
  r = r + U256::from(p01).shl(64);
  r = r + U256::from(p10).shl(64);
  r = r + U256::from(p11).shl(128);
  return r;
}

enum class Cls : uint8_t { Zero, Finite, Inf, QNaN, SNaN };

// A value taken apart: finite values as sig * 2^(exp - (p - 1)) with sig's bit p - 1 set
// (subnormals normalized, their exp below emin).
struct Unpacked {
  Cls cls;
  bool sign;
  int exp;
  u128 sig;
};

Unpacked unpack(Format f, Bits a) {
  const Layout l = layout(f);
  Unpacked u{};
  u.sign = a >> (l.width - 1) & 1;
  const int e = static_cast<int>(a >> (l.p - 1) & ones(l.ebits));
  u128 frac = a & ones(l.p - 1);
  if (e == static_cast<int>(ones(l.ebits))) {
    u.cls = frac == 0 ? Cls::Inf : (frac >> (l.p - 2) & 1) ? Cls::QNaN : Cls::SNaN;
    u.sig = frac;
    return u;
  }
  if (e == 0) {
    if (frac == 0) {
      u.cls = Cls::Zero;
      return u;
    }
    const int shift = l.p - bitlen128(frac);  // to bring the top bit to p - 1
    u.cls = Cls::Finite;
    u.sig = frac << shift;
    u.exp = l.emin() - shift;
    return u;
  }
  u.cls = Cls::Finite;
  u.sig = frac | one(l.p - 1);
  u.exp = e - l.bias;
  return u;
}

bool nan_cls(Cls c) { return c == Cls::QNaN || c == Cls::SNaN; }

Bits sign_bit(Format f) { return one(layout(f).width - 1); }
Bits quiet_bit(Format f) { return one(layout(f).p - 2); }
Bits exp_all_ones(Format f) {
  const Layout l = layout(f);
  return ones(l.ebits) << (l.p - 1);
}
Bits default_nan(Format f) { return exp_all_ones(f) | quiet_bit(f); }
Bits infinity(Format f, bool sign) { return exp_all_ones(f) | (sign ? sign_bit(f) : 0); }
Bits zero(Format f, bool sign) { return sign ? sign_bit(f) : 0; }
Bits max_finite(Format f, bool sign) {
  const Layout l = layout(f);
  return (static_cast<Bits>(ones(l.ebits) - 1) << (l.p - 1)) | ones(l.p - 1) | (sign ? sign_bit(f) : 0);
}
Bits quiet(Format f, Bits a) { return a | quiet_bit(f); }

// The NaN an operation with NaN operands delivers: a signaling NaN of the operands in order
// (quieted, invalid operation), else the first quiet NaN.
Bits pick_nan(Format f, const Bits* ops, const Unpacked* us, int n, Env& env) {
  for (int i = 0; i < n; ++i)
    if (us[i].cls == Cls::SNaN) {
      env.flags |= kInvalid;
      return quiet(f, ops[i]);
    }
  for (int i = 0; i < n; ++i)
    if (us[i].cls == Cls::QNaN) return ops[i];
  return default_nan(f);
}

// pick_nan of two operands.
Bits pick_nan2(Format f, Bits a, Bits b, const Unpacked& ua, const Unpacked& ub, Env& env) {
  const Bits ops[2] = {a, b};
  const Unpacked us[2] = {ua, ub};
  return pick_nan(f, ops, us, 2, env);
}

Bits invalid(Format f, Env& env) {
  env.flags |= kInvalid;
  return default_nan(f);
}

// Whether to round up the magnitude r (its low bit lsb), given the first bit dropped and whether
// any below it is set.
bool round_up(Round mode, bool sign, bool lsb, bool half, bool sticky) {
  switch (mode) {
    case Round::NearestEven: return half && (sticky || lsb);
    case Round::NearestAway: return half;
    case Round::TowardZero: return false;
    case Round::Up: return !sign && (half || sticky);
    case Round::Down: return sign && (half || sticky);
    case Round::PrepareShorter: return false;  // (the low bit is set instead, when inexact)
  }
  return false;
}

// Rounds the nonzero value (-1)^sign * m * 2^q into the format.
template <typename W>
Bits round_pack(Format f, bool sign, const W& m, int q, Env& env) {
  const Layout l = layout(f);
  const int n = m.bitlen();
  const int e = q + n - 1;  // the exponent of the top bit
  const int emin = l.emin();
  // Tininess before rounding: the exact value below 2^emin.
  const bool tiny = e < emin;
  // The weight of the result's lowest bit, and the bits dropped to reach it.
  const int t = std::max(e - (l.p - 1), emin - (l.p - 1));
  const int s = t - q;
  u128 r;
  bool half = false, sticky = false;
  if (s > 0) {
    r = s >= W::kBits ? 0 : m.shr(s).low128();
    half = m.bit(s - 1);
    sticky = m.any_below(s - 1);
  } else {
    r = m.shl(-s).low128();
  }
  const bool inexact = half || sticky;
  int texp = t;
  if (round_up(env.round, sign, r & 1, half, sticky)) ++r;
  if (env.round == Round::PrepareShorter && inexact) r |= 1;
  if (r >> l.p) {  // rounded up to the next power of two
    r >>= 1;
    ++texp;
  }
  if (inexact) env.flags |= kInexact;
  if (tiny) {
    env.tiny = true;
    if (inexact) env.flags |= kUnderflow;
  }
  if (r >> (l.p - 1) && texp + l.p - 1 > l.emax()) {
    env.flags |= kOverflow | kInexact;
    const bool to_inf = env.round == Round::NearestEven || env.round == Round::NearestAway ||
                        (env.round == Round::Up && !sign) || (env.round == Round::Down && sign);
    return to_inf ? infinity(f, sign) : max_finite(f, sign);
  }
  Bits bits;
  if (r >> (l.p - 1))
    bits = static_cast<Bits>(texp + l.p - 1 + l.bias) << (l.p - 1) | (r & ones(l.p - 1));
  else
    bits = r;  // subnormal or zero (texp is emin - (p - 1))
  return bits | (sign ? sign_bit(f) : 0);
}

// The sum of two exact nonzero values (-1)^s * m * 2^q, rounded; an exact zero sum is +0 (-0
// when rounding down).
template <typename W>
Bits add_exact(Format f, bool s1, W m1, int q1, bool s2, W m2, int q2, Env& env) {
  int e1 = q1 + m1.bitlen() - 1, e2 = q2 + m2.bitlen() - 1;
  if (e1 < e2) {
    std::swap(s1, s2), std::swap(m1, m2), std::swap(q1, q2), std::swap(e1, e2);
  }
  // The larger at the top of the window (two bits left for a carry); the other aligned to it,
  // jammed where it reaches below the window.
  const int up = W::kBits - 3 - (m1.bitlen() - 1);
  m1 = m1.shl(up);
  const int q = q1 - up;
  if (q2 >= q)
    m2 = m2.shl(q2 - q);
  else
    m2 = m2.shr_jam(q - q2);
  W m;
  bool sign;
  if (s1 == s2) {
    m = m1 + m2;
    sign = s1;
  } else if (m2 < m1) {
    m = m1 - m2;
    sign = s1;
  } else if (m1 < m2) {
    m = m2 - m1;
    sign = s2;
  } else {
    return zero(f, env.round == Round::Down);
  }
  return round_pack(f, sign, m, q, env);
}

int lsb_exp(const Layout& l, const Unpacked& u) { return u.exp - (l.p - 1); }

Bits add_signed(Format f, Bits a, Bits b, bool negate_b, Env& env) {
  const Layout l = layout(f);
  Unpacked ua = unpack(f, a), ub = unpack(f, b);
  if (nan_cls(ua.cls) || nan_cls(ub.cls)) return pick_nan2(f, a, b, ua, ub, env);
  if (negate_b) {
    ub.sign = !ub.sign;
    b ^= sign_bit(f);
  }
  if (ua.cls == Cls::Inf || ub.cls == Cls::Inf) {
    if (ua.cls == Cls::Inf && ub.cls == Cls::Inf && ua.sign != ub.sign) return invalid(f, env);
    return ua.cls == Cls::Inf ? a : b;
  }
  if (ua.cls == Cls::Zero && ub.cls == Cls::Zero)
    return zero(f, ua.sign == ub.sign ? ua.sign : env.round == Round::Down);
  if (ua.cls == Cls::Zero) return b;
  if (ub.cls == Cls::Zero) return a;
  if (f == kExtended)
    return add_exact(f, ua.sign, U256::from(ua.sig), lsb_exp(l, ua), ub.sign, U256::from(ub.sig), lsb_exp(l, ub), env);
  return add_exact(f, ua.sign, U128::from(ua.sig), lsb_exp(l, ua), ub.sign, U128::from(ub.sig), lsb_exp(l, ub), env);
}

}  // namespace

bool fpc_rounding(uint32_t fpc, Round& out) {
  switch (fpc & 7) {
    case 0: out = Round::NearestEven; return true;
    case 1: out = Round::TowardZero; return true;
    case 2: out = Round::Up; return true;
    case 3: out = Round::Down; return true;
    case 7: out = Round::PrepareShorter; return true;
    default: return false;
  }
}

bool method_rounding(unsigned m, uint32_t fpc, Round& out) {
  switch (m) {
    case 0: return fpc_rounding(fpc, out);
    case 1: out = Round::NearestAway; return true;
    case 3: out = Round::PrepareShorter; return true;
    case 4: out = Round::NearestEven; return true;
    case 5: out = Round::TowardZero; return true;
    case 6: out = Round::Up; return true;
    case 7: out = Round::Down; return true;
    default: return false;
  }
}

bool is_nan(Format f, Bits a) { return nan_cls(unpack(f, a).cls); }
bool is_signaling(Format f, Bits a) { return unpack(f, a).cls == Cls::SNaN; }

Bits add(Format f, Bits a, Bits b, Env& env) { return add_signed(f, a, b, false, env); }
Bits sub(Format f, Bits a, Bits b, Env& env) { return add_signed(f, a, b, true, env); }

Bits mul(Format f, Bits a, Bits b, Env& env) {
  const Layout l = layout(f);
  const Unpacked ua = unpack(f, a), ub = unpack(f, b);
  if (nan_cls(ua.cls) || nan_cls(ub.cls)) return pick_nan2(f, a, b, ua, ub, env);
  const bool sign = ua.sign != ub.sign;
  if (ua.cls == Cls::Inf || ub.cls == Cls::Inf) {
    if (ua.cls == Cls::Zero || ub.cls == Cls::Zero) return invalid(f, env);
    return infinity(f, sign);
  }
  if (ua.cls == Cls::Zero || ub.cls == Cls::Zero) return zero(f, sign);
  const int q = lsb_exp(l, ua) + lsb_exp(l, ub);
  if (f == kExtended) return round_pack(f, sign, mul128(ua.sig, ub.sig), q, env);
  return round_pack(f, sign, U128::from(ua.sig * ub.sig), q, env);
}

Bits div(Format f, Bits a, Bits b, Env& env) {
  const Layout l = layout(f);
  const Unpacked ua = unpack(f, a), ub = unpack(f, b);
  if (nan_cls(ua.cls) || nan_cls(ub.cls)) return pick_nan2(f, a, b, ua, ub, env);
  const bool sign = ua.sign != ub.sign;
  if (ua.cls == Cls::Inf) return ub.cls == Cls::Inf ? invalid(f, env) : infinity(f, sign);
  if (ub.cls == Cls::Inf) return zero(f, sign);
  if (ub.cls == Cls::Zero) {
    if (ua.cls == Cls::Zero) return invalid(f, env);
    env.flags |= kDivideByZero;
    return infinity(f, sign);
  }
  if (ua.cls == Cls::Zero) return zero(f, sign);
  // (sig_a << k) / sig_b, bit by bit: at least p + 2 quotient bits, the remainder jammed.
  const int k = l.p + 3;
  u128 rem = 0, quo = 0;
  for (int i = l.p - 1 + k; i >= 0; --i) {
    rem = rem << 1 | (i >= k ? static_cast<u128>(ua.sig >> (i - k) & 1) : 0);
    quo <<= 1;
    if (rem >= ub.sig) {
      rem -= ub.sig;
      quo |= 1;
    }
  }
  return round_pack(f, sign, U128::from(quo | (rem ? 1 : 0)), ua.exp - ub.exp - k, env);
}

Bits sqrt(Format f, Bits a, Env& env) {
  const Layout l = layout(f);
  const Unpacked ua = unpack(f, a);
  if (nan_cls(ua.cls)) return pick_nan(f, &a, &ua, 1, env);
  if (ua.cls == Cls::Zero) return a;
  if (ua.sign) return invalid(f, env);
  if (ua.cls == Cls::Inf) return a;
  // The value is sig * 2^x, x = exp - (p - 1): made even, then the radicand sig * 2^s (s even,
  // p + s >= 2 (p + 2)) has a root of at least p + 2 bits, its remainder jammed.
  int x = lsb_exp(l, ua);
  u128 sig = ua.sig;
  int top = l.p;  // bits in sig
  if (x & 1) {
    sig <<= 1;
    --x;
    ++top;
  }
  int s = l.p + 4;
  if (s & 1) ++s;
  // Digit by digit over the radicand's bit pairs, from the top.
  const int total = top + s + ((top + s) & 1);
  u128 root = 0, rem = 0;
  for (int i = total - 2; i >= 0; i -= 2) {
    const int hi = i + 1 - s, lo = i - s;  // bit positions in sig
    const unsigned pair = static_cast<unsigned>((hi >= 0 ? (sig >> hi & 1) : 0) << 1 | (lo >= 0 ? (sig >> lo & 1) : 0));
    rem = rem << 2 | pair;
    const u128 trial = root << 2 | 1;
    root <<= 1;
    if (rem >= trial) {
      rem -= trial;
      root |= 1;
    }
  }
  return round_pack(f, false, U128::from(root | (rem ? 1 : 0)), (x - s) / 2, env);
}

Bits fma(Format f, Bits a, Bits b, Bits c, bool negate_c, bool negate_result, Env& env) {
  const Layout l = layout(f);
  const Unpacked ua = unpack(f, a), ub = unpack(f, b);
  Unpacked uc = unpack(f, c);
  const bool inf_zero = (ua.cls == Cls::Inf && ub.cls == Cls::Zero) || (ua.cls == Cls::Zero && ub.cls == Cls::Inf);
  if (nan_cls(ua.cls) || nan_cls(ub.cls) || nan_cls(uc.cls)) {
    if (inf_zero) return invalid(f, env);
    // (Of the multiplier's operands the second first.)
    const Bits ops[3] = {b, a, c};
    const Unpacked us[3] = {ub, ua, uc};
    return pick_nan(f, ops, us, 3, env);
  }
  if (inf_zero) return invalid(f, env);
  if (negate_c) uc.sign = !uc.sign;
  // The sum rounded, then negated where asked.
  const Bits neg = negate_result ? sign_bit(f) : 0;
  const bool psign = ua.sign != ub.sign;
  const bool pinf = ua.cls == Cls::Inf || ub.cls == Cls::Inf;
  if (pinf || uc.cls == Cls::Inf) {
    if (pinf && uc.cls == Cls::Inf && psign != uc.sign) return invalid(f, env);
    return infinity(f, pinf ? psign : uc.sign) ^ neg;
  }
  const bool pzero = ua.cls == Cls::Zero || ub.cls == Cls::Zero;
  if (pzero) {
    if (uc.cls == Cls::Zero) return zero(f, psign == uc.sign ? psign : env.round == Round::Down) ^ neg;
    return round_pack(f, uc.sign, U128::from(uc.sig), lsb_exp(l, uc), env) ^ neg;  // (exact)
  }
  const int qp = lsb_exp(l, ua) + lsb_exp(l, ub);
  if (f == kExtended) {
    const U256 prod = mul128(ua.sig, ub.sig);
    if (uc.cls == Cls::Zero) return round_pack(f, psign, prod, qp, env) ^ neg;
    return add_exact(f, psign, prod, qp, uc.sign, U256::from(uc.sig), lsb_exp(l, uc), env) ^ neg;
  }
  const U128 prod = U128::from(ua.sig * ub.sig);
  if (uc.cls == Cls::Zero) return round_pack(f, psign, prod, qp, env) ^ neg;
  return add_exact(f, psign, prod, qp, uc.sign, U128::from(uc.sig), lsb_exp(l, uc), env) ^ neg;
}

Bits round_to_integral(Format f, Bits a, Env& env) {
  const Layout l = layout(f);
  const Unpacked ua = unpack(f, a);
  if (nan_cls(ua.cls)) return pick_nan(f, &a, &ua, 1, env);
  if (ua.cls != Cls::Finite || ua.exp >= l.p - 1) return a;
  // The integer part of sig * 2^(exp - (p - 1)), rounded.
  const int drop = l.p - 1 - ua.exp;  // > 0
  u128 r = drop >= 128 ? 0 : ua.sig >> drop;
  const bool half = drop - 1 < 128 && (ua.sig >> (drop - 1) & 1);
  const bool sticky = (ua.sig & ones(std::min(drop - 1, 128))) != 0;
  const bool inexact = half || sticky;
  if (round_up(env.round, ua.sign, r & 1, half, sticky)) ++r;
  if (env.round == Round::PrepareShorter && inexact) r |= 1;
  if (inexact) env.flags |= kInexact;
  if (r == 0) return zero(f, ua.sign);
  Env exact{env.round};
  return round_pack(f, ua.sign, U128::from(r), 0, exact);  // (an integer of at most p bits)
}

Bits lengthen(Format from, Bits a, Env& env) {
  const Format to = from == kShort ? kLong : kExtended;
  const Layout lf = layout(from), lt = layout(to);
  const Unpacked ua = unpack(from, a);
  const Bits sign = ua.sign ? sign_bit(to) : 0;
  switch (ua.cls) {
    case Cls::Zero: return sign;
    case Cls::Inf: return infinity(to, ua.sign);
    case Cls::SNaN:
      env.flags |= kInvalid;
      [[fallthrough]];
    case Cls::QNaN:
      // The payload kept, left-aligned.
      return sign | exp_all_ones(to) | quiet_bit(to) | (ua.sig << (lt.p - lf.p));
    case Cls::Finite: break;
  }
  return sign | static_cast<Bits>(ua.exp + lt.bias) << (lt.p - 1) | ((ua.sig << (lt.p - lf.p)) & ones(lt.p - 1));
}

Bits shorten(Format from, Bits a, Env& env) {
  const Format to = from == kExtended ? kLong : kShort;
  const Layout lf = layout(from), lt = layout(to);
  const Unpacked ua = unpack(from, a);
  switch (ua.cls) {
    case Cls::Zero: return zero(to, ua.sign);
    case Cls::Inf: return infinity(to, ua.sign);
    case Cls::SNaN:
      env.flags |= kInvalid;
      [[fallthrough]];
    case Cls::QNaN:
      return (ua.sign ? sign_bit(to) : 0) | exp_all_ones(to) | quiet_bit(to) | (ua.sig >> (lf.p - lt.p));
    case Cls::Finite: break;
  }
  return round_pack(to, ua.sign, U128::from(ua.sig), lsb_exp(lf, ua), env);
}

int compare(Format f, Bits a, Bits b, bool signaling, Env& env) {
  const Unpacked ua = unpack(f, a), ub = unpack(f, b);
  if (nan_cls(ua.cls) || nan_cls(ub.cls)) {
    if (signaling || ua.cls == Cls::SNaN || ub.cls == Cls::SNaN) env.flags |= kInvalid;
    return 3;
  }
  if (ua.cls == Cls::Zero && ub.cls == Cls::Zero) return 0;
  // Ordered by sign and magnitude: finite encodings order as integers, infinities above.
  const Layout l = layout(f);
  const Bits mag = ones(l.width - 1);
  const Bits ma = ua.cls == Cls::Zero ? 0 : a & mag, mb = ub.cls == Cls::Zero ? 0 : b & mag;
  const bool na = ua.sign && ma, nb = ub.sign && mb;
  if (na != nb) return na ? 1 : 2;
  if (ma == mb) return 0;
  return (ma < mb) != na ? 1 : 2;
}

bool max_min(Format f, Bits a, Bits b, unsigned mode, bool max, Bits& out, Env& env) {
  const unsigned kind = mode & 7;
  const bool magnitude = mode & 8;
  if (kind > 4 || mode > 12) return false;
  const Bits abs_mask = ~sign_bit(f) & ones(layout(f).width);
  const Unpacked ua = unpack(f, a), ub = unpack(f, b);
  const bool an = nan_cls(ua.cls), bn = nan_cls(ub.cls);
  const bool snan = ua.cls == Cls::SNaN || ub.cls == Cls::SNaN;
  // The order: -0 below +0, unless comparing as C's and C++'s operators do.
  auto less = [&](Bits x, Bits y) {
    Env quiet_env;
    const int c = compare(f, x, y, false, quiet_env);
    if (c == 0 && kind != 2 && kind != 3) return (x >> (layout(f).width - 1) & 1) && !(y >> (layout(f).width - 1) & 1);
    return c == 1;
  };
  // By magnitude (8-12): the absolute values, or for 8 (IEEE MaxNumMag) the values, a tie in
  // magnitude going to the plain order.
  const Bits ka = magnitude ? a & abs_mask : a, kb = magnitude ? b & abs_mask : b;
  auto pick = [&](bool first) { return first ? (mode >= 9 ? ka : a) : (mode >= 9 ? kb : b); };
  bool first;
  switch (kind) {
    case 0:  // IEEE MaxNum, MaxNumMag: a quiet NaN loses to a number
    case 1:  // Java: NaNs win
      if (snan || (kind == 1 && (an || bn))) {
        const Bits n = pick_nan2(f, a, b, ua, ub, env);
        out = mode >= 9 ? n & abs_mask : n;
        return true;
      }
      if (an || bn) {
        first = !an || bn;  // (two quiet NaNs: the first)
        break;
      }
      if (mode == 8 && (ka & abs_mask) == (kb & abs_mask)) {
        first = max ? !less(a, b) : !less(b, a);
        break;
      }
      first = max ? !less(ka, kb) : !less(kb, ka);
      break;
    case 2:  // C's macro: max a > b ? a : b, min a < b ? a : b; a NaN gives b
      if (an || bn) {
        env.flags |= kInvalid;
        first = false;
        break;
      }
      first = max ? less(kb, ka) : less(ka, kb);
      break;
    case 3:  // C++'s std::max: a < b ? b : a, std::min: b < a ? b : a; a NaN gives a
      if (an || bn) {
        env.flags |= kInvalid;
        first = true;
        break;
      }
      first = max ? !less(ka, kb) : !less(kb, ka);
      break;
    default:  // fmax: a NaN loses to a number, of two NaNs the first; invalid for a signaling one
      if (snan) env.flags |= kInvalid;
      if (an || bn) {
        first = !an || bn;
        break;
      }
      first = max ? !less(ka, kb) : !less(kb, ka);
      break;
  }
  out = pick(first);
  return true;
}

unsigned data_class(Format f, Bits a) {
  const Unpacked u = unpack(f, a);
  const Layout l = layout(f);
  unsigned bit;
  switch (u.cls) {
    case Cls::Zero: bit = 11; break;
    case Cls::Finite: bit = u.exp < l.emin() ? 7 : 9; break;
    case Cls::Inf: bit = 5; break;
    case Cls::QNaN: bit = 3; break;
    default: bit = 1; break;
  }
  return 1u << (bit - (u.sign ? 1 : 0));
}

}  // namespace polyrun::cpu::s390x_bfp
