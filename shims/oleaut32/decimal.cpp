// OLEAUT32's DECIMAL: a 96-bit whole number divided by a power of ten (0 to 28) and a sign, in 16
// bytes (wReserved, scale, sign, Hi32, Lo64). Its arithmetic is exact: sums, products and
// quotients are worked out on magnitudes of any width and brought back into 96 bits by dropping
// decimals, rounded half to even; a result whose whole part does not fit is DISP_E_OVERFLOW. The
// VarDec* functions: VarDecAdd, Sub, Mul, Div, Abs, Fix, Int, Neg, Round, Cmp and CmpR8.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

namespace {

using Big = std::vector<uint32_t>;  // little-endian 32-bit words

void trim(Big& b) {
  while (!b.empty() && b.back() == 0) b.pop_back();
}
Big big_of(unsigned __int128 v) {
  Big b;
  while (v) {
    b.push_back(static_cast<uint32_t>(v));
    v >>= 32;
  }
  return b;
}
bool big_to_u128(const Big& b, unsigned __int128& out) {
  if (b.size() > 4) return false;
  out = 0;
  for (size_t i = b.size(); i-- > 0;) out = out << 32 | b[i];
  return true;
}
void big_mul_small(Big& b, uint32_t m) {
  uint64_t carry = 0;
  for (uint32_t& w : b) {
    uint64_t t = uint64_t{w} * m + carry;
    w = static_cast<uint32_t>(t);
    carry = t >> 32;
  }
  if (carry) b.push_back(static_cast<uint32_t>(carry));
}
uint32_t big_div_small(Big& b, uint32_t d) {
  uint64_t rem = 0;
  for (size_t i = b.size(); i-- > 0;) {
    uint64_t cur = rem << 32 | b[i];
    b[i] = static_cast<uint32_t>(cur / d);
    rem = cur % d;
  }
  trim(b);
  return static_cast<uint32_t>(rem);
}
Big big_mul(const Big& a, const Big& b) {
  Big r(a.size() + b.size() + 1, 0);
  for (size_t i = 0; i < a.size(); ++i) {
    uint64_t carry = 0;
    for (size_t j = 0; j < b.size(); ++j) {
      uint64_t t = uint64_t{a[i]} * b[j] + r[i + j] + carry;
      r[i + j] = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
    for (size_t k = i + b.size(); carry; ++k) {
      uint64_t t = uint64_t{r[k]} + carry;
      r[k] = static_cast<uint32_t>(t);
      carry = t >> 32;
    }
  }
  trim(r);
  return r;
}
int big_cmp(const Big& a, const Big& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = a.size(); i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
void big_sub(Big& a, const Big& b) {  // a >= b
  int64_t borrow = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    int64_t t = int64_t{a[i]} - (i < b.size() ? b[i] : 0) - borrow;
    borrow = t < 0;
    a[i] = static_cast<uint32_t>(t + (borrow << 32));
  }
  trim(a);
}
void big_add(Big& a, const Big& b) {
  if (a.size() < b.size()) a.resize(b.size(), 0);
  uint64_t carry = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    uint64_t t = uint64_t{a[i]} + (i < b.size() ? b[i] : 0) + carry;
    a[i] = static_cast<uint32_t>(t);
    carry = t >> 32;
  }
  if (carry) a.push_back(static_cast<uint32_t>(carry));
}
void big_shl1(Big& a, uint32_t bit) {
  uint32_t carry = bit;
  for (uint32_t& w : a) {
    uint32_t next = w >> 31;
    w = w << 1 | carry;
    carry = next;
  }
  if (carry) a.push_back(carry);
}
// Quotient and remainder, bit by bit.
Big big_divmod(const Big& n, const Big& d, Big& rem) {
  Big q(n.size(), 0);
  rem.clear();
  for (size_t i = n.size() * 32; i-- > 0;) {
    big_shl1(rem, (n[i / 32] >> (i % 32)) & 1);
    if (big_cmp(rem, d) >= 0) {
      big_sub(rem, d);
      q[i / 32] |= 1u << (i % 32);
    }
  }
  trim(q);
  trim(rem);
  return q;
}
void big_pow10(Big& b, int n) {
  for (; n >= 9; n -= 9) big_mul_small(b, 1000000000);
  static const uint32_t small[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
  if (n > 0) big_mul_small(b, small[n]);
}

// The fitting with a flag for digits already dropped below the magnitude (a division's remainder).
bool fit(Big digits, int scale, bool neg, bool sticky, Decimal& out) {
  trim(digits);
  const Big max = big_of(kDecMax);
  int dropped_digit = -1;
  while (scale > 0 && (scale > 28 || big_cmp(digits, max) > 0)) {
    if (dropped_digit > 0) sticky = true;
    dropped_digit = static_cast<int>(big_div_small(digits, 10));
    --scale;
  }
  if (dropped_digit >= 0) {
    const bool odd = !digits.empty() && (digits[0] & 1);
    if (dropped_digit > 5 || (dropped_digit == 5 && (sticky || odd))) {
      big_add(digits, Big{1});
      if (big_cmp(digits, max) > 0) {
        if (scale == 0) return false;
        big_div_small(digits, 10);  // 10^n: exact
        --scale;
      }
    }
  }
  if (scale < 0) {
    big_pow10(digits, -scale);
    scale = 0;
  }
  if (big_cmp(digits, max) > 0) return false;
  unsigned __int128 m = 0;
  big_to_u128(digits, m);
  out.mant = m;
  out.scale = static_cast<uint8_t>(scale);
  out.neg = neg && m != 0 ? true : neg;
  return true;
}

// Both magnitudes at the larger scale.
void align(const Decimal& a, const Decimal& b, Big& ma, Big& mb, int& scale) {
  ma = big_of(a.mant);
  mb = big_of(b.mant);
  scale = std::max(a.scale, b.scale);
  big_pow10(ma, scale - a.scale);
  big_pow10(mb, scale - b.scale);
}

bool valid(uint64_t addr) {
  const uint8_t sign = get<uint8_t>(addr + 3), scale = get<uint8_t>(addr + 2);
  return !(sign & 0x7f) && scale <= 28;
}

}  // namespace

Decimal read_decimal(uint64_t addr) {
  Decimal d;
  d.scale = get<uint8_t>(addr + 2);
  d.neg = get<uint8_t>(addr + 3) & 0x80;
  d.mant = static_cast<unsigned __int128>(get<uint32_t>(addr + 4)) << 64 | get<uint64_t>(addr + 8);
  return d;
}

void write_decimal(uint64_t addr, const Decimal& d) {
  put<uint8_t>(addr + 2, d.scale);
  put<uint8_t>(addr + 3, d.neg ? 0x80 : 0);
  put<uint32_t>(addr + 4, static_cast<uint32_t>(d.mant >> 64));
  put<uint64_t>(addr + 8, static_cast<uint64_t>(d.mant));
}

bool decimal_fit(std::vector<uint32_t> digits, int scale, bool neg, Decimal& out) {
  return fit(std::move(digits), scale, neg, false, out);
}

bool decimal_is_zero(const Decimal& d) { return d.mant == 0; }

std::u16string decimal_text(const Decimal& d) {
  std::string digits;
  unsigned __int128 m = d.mant;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  } while (m);
  while (digits.size() <= d.scale) digits.insert(digits.begin(), '0');
  std::string text = digits;
  if (d.scale) {
    text.insert(text.size() - d.scale, ".");
    while (text.back() == '0') text.pop_back();  // "1.50" reads "1.5"
    if (text.back() == '.') text.pop_back();
  }
  if (d.neg && d.mant) text.insert(text.begin(), '-');
  return u16(text.c_str());
}

double decimal_to_double(const Decimal& d) {
  std::u16string t = decimal_text(d);
  std::string s(t.begin(), t.end());
  return std::strtod(s.c_str(), nullptr);
}

// A double's exact value (its mantissa times a power of two, as a whole number times a power of
// ten), then its decimals dropped one at a time, each rounded half up, until the digits are no more
// than the type holds (below 2^53 for R8, 2^24 for R4) and the scale at most 28; no trailing zeros.
// Windows' conversion: 0.1 is 0.1, 3.9999999999999991 is 3.999999999999999.
int32_t decimal_from_double(double v, Decimal& out, bool single) {
  if (std::isinf(v)) return DISP_E_OVERFLOW;
  if (std::isnan(v)) return DISP_E_BADVARTYPE;
  out = Decimal{};
  if (v == 0) return S_OK;
  const bool neg = std::signbit(v);
  int exp2;
  const double frac = std::frexp(std::fabs(v), &exp2);  // |v| = frac * 2^exp2, frac in [0.5, 1)
  const uint64_t mantissa = static_cast<uint64_t>(std::ldexp(frac, 53));
  exp2 -= 53;
  Big m = big_of(mantissa);
  int exp10 = 0;
  if (exp2 >= 0) {
    for (int k = 0; k < exp2; ++k) big_shl1(m, 0);
  } else {
    for (int k = 0; k < -exp2; ++k) big_mul_small(m, 5);  // m * 2^-n = m * 5^n / 10^n
    exp10 = exp2;
  }
  const Big limit = big_of(static_cast<unsigned __int128>(1) << (single ? 24 : 53));
  while (exp10 < 0 && (exp10 < -28 || big_cmp(m, limit) >= 0)) {
    const uint32_t rem = big_div_small(m, 10);
    ++exp10;
    if (m.empty()) {
      exp10 = 0;
      break;
    }
    if (rem >= 5) big_add(m, Big{1});
  }
  while (exp10 < 0 && !m.empty()) {
    Big copy = m;
    if (big_div_small(copy, 10) != 0) break;
    m = copy;
    ++exp10;
  }
  if (m.empty()) return S_OK;
  return fit(m, -exp10, neg, false, out) ? S_OK : DISP_E_OVERFLOW;
}

int32_t decimal_add(const Decimal& a, const Decimal& b, Decimal& out) {
  Big ma, mb;
  int scale;
  align(a, b, ma, mb, scale);
  bool neg;
  if (a.neg == b.neg) {
    big_add(ma, mb);
    neg = a.neg;
  } else if (big_cmp(ma, mb) >= 0) {
    big_sub(ma, mb);
    neg = a.neg;
  } else {
    big_sub(mb, ma);
    ma = mb;
    neg = b.neg;
  }
  if (ma.empty()) neg = false;
  return fit(ma, scale, neg, false, out) ? S_OK : DISP_E_OVERFLOW;
}

int32_t decimal_mul(const Decimal& a, const Decimal& b, Decimal& out) {
  Big m = big_mul(big_of(a.mant), big_of(b.mant));
  bool neg = a.neg != b.neg && !m.empty();
  return fit(m, a.scale + b.scale, neg, false, out) ? S_OK : DISP_E_OVERFLOW;
}

int32_t decimal_div(const Decimal& a, const Decimal& b, Decimal& out) {
  if (!b.mant) return DISP_E_DIVBYZERO;
  // a/b = (ma * 10^k / mb) / 10^(sa + k - sb), with enough decimals for 28 after the point.
  Big n = big_of(a.mant);
  const int k = 29 + 29 + b.scale;
  big_pow10(n, k);
  Big rem;
  Big q = big_divmod(n, big_of(b.mant), rem);
  int scale = a.scale + k - b.scale;
  bool sticky = !rem.empty();
  // Exact quotients lose their trailing zeros ("0.25", not "0.2500…").
  while (!sticky && scale > 0 && !q.empty()) {
    Big copy = q;
    if (big_div_small(copy, 10) != 0) break;
    q = copy;
    --scale;
  }
  if (q.empty()) scale = 0;
  bool neg = a.neg != b.neg && !q.empty();
  return fit(q, scale, neg, sticky, out) ? S_OK : DISP_E_OVERFLOW;
}

int decimal_cmp(const Decimal& a, const Decimal& b) {
  Decimal nb = b;
  nb.neg = !b.neg;
  Decimal diff;
  if (decimal_add(a, nb, diff) != S_OK) {
    // Too large a difference to hold: the signs decide.
    if (a.neg != b.neg) return a.neg ? -1 : 1;
    Big ma, mb;
    int scale;
    align(a, b, ma, mb, scale);
    int c = big_cmp(ma, mb);
    return a.neg ? -c : c;
  }
  if (!diff.mant) return 0;
  return diff.neg ? -1 : 1;
}

Decimal decimal_round(const Decimal& d, int places) {
  if (places >= d.scale) return d;
  Big m = big_of(d.mant);
  int dropped = -1;
  bool sticky = false;
  for (int s = d.scale; s > places; --s) {
    if (dropped > 0) sticky = true;
    dropped = static_cast<int>(big_div_small(m, 10));
  }
  const bool odd = !m.empty() && (m[0] & 1);
  if (dropped > 5 || (dropped == 5 && (sticky || odd))) big_add(m, Big{1});
  Decimal r;
  unsigned __int128 v = 0;
  big_to_u128(m, v);
  r.mant = v;
  r.scale = static_cast<uint8_t>(places);
  r.neg = d.neg;
  return r;
}

Decimal decimal_fix(const Decimal& d) {
  Big m = big_of(d.mant);
  for (int s = d.scale; s > 0; --s) big_div_small(m, 10);
  Decimal r;
  unsigned __int128 v = 0;
  big_to_u128(m, v);
  r.mant = v;
  r.neg = d.neg;
  return r;
}

Decimal decimal_int(const Decimal& d) {
  Decimal r = decimal_fix(d);
  if (d.neg) {
    Big m = big_of(r.mant);
    big_pow10(m, d.scale);
    if (big_cmp(m, big_of(d.mant)) != 0) r.mant += 1;  // a fraction was dropped: one further down
  }
  return r;
}

namespace {

int32_t VarDecAdd(WindowsProcess&, Ptr l, Ptr r, Ptr out) {
  if (!valid(l.addr) || !valid(r.addr)) return E_INVALIDARG;
  Decimal d;
  int32_t hr = decimal_add(read_decimal(l.addr), read_decimal(r.addr), d);
  if (hr == S_OK) write_decimal(out.addr, d);
  return hr;
}
int32_t VarDecSub(WindowsProcess&, Ptr l, Ptr r, Ptr out) {
  if (!valid(l.addr) || !valid(r.addr)) return E_INVALIDARG;
  Decimal b = read_decimal(r.addr);
  b.neg = !b.neg;
  Decimal d;
  int32_t hr = decimal_add(read_decimal(l.addr), b, d);
  if (hr == S_OK) write_decimal(out.addr, d);
  return hr;
}
int32_t VarDecMul(WindowsProcess&, Ptr l, Ptr r, Ptr out) {
  if (!valid(l.addr) || !valid(r.addr)) return E_INVALIDARG;
  Decimal d;
  int32_t hr = decimal_mul(read_decimal(l.addr), read_decimal(r.addr), d);
  if (hr == S_OK) write_decimal(out.addr, d);
  return hr;
}
int32_t VarDecDiv(WindowsProcess&, Ptr l, Ptr r, Ptr out) {
  if (!l || !r || !out) return E_INVALIDARG;
  if (!valid(l.addr) || !valid(r.addr)) return E_INVALIDARG;
  Decimal d;
  int32_t hr = decimal_div(read_decimal(l.addr), read_decimal(r.addr), d);
  if (hr == S_OK) write_decimal(out.addr, d);
  return hr;
}
int32_t VarDecAbs(WindowsProcess&, Ptr in, Ptr out) {
  std::memmove(guest_pointer(out.addr), guest_pointer(in.addr), 16);
  put<uint8_t>(out.addr + 3, get<uint8_t>(in.addr + 3) & 0x7f);
  return S_OK;
}
int32_t VarDecNeg(WindowsProcess&, Ptr in, Ptr out) {
  std::memmove(guest_pointer(out.addr), guest_pointer(in.addr), 16);
  put<uint8_t>(out.addr + 3, get<uint8_t>(in.addr + 3) ^ 0x80);
  return S_OK;
}
int32_t VarDecFix(WindowsProcess&, Ptr in, Ptr out) {
  if (get<uint8_t>(in.addr + 3) & 0x7f) return E_INVALIDARG;
  write_decimal(out.addr, decimal_fix(read_decimal(in.addr)));
  return S_OK;
}
int32_t VarDecInt(WindowsProcess&, Ptr in, Ptr out) {
  if (get<uint8_t>(in.addr + 3) & 0x7f) return E_INVALIDARG;
  write_decimal(out.addr, decimal_int(read_decimal(in.addr)));
  return S_OK;
}
int32_t VarDecRound(WindowsProcess&, Ptr in, int32_t places, Ptr out) {
  if (places < 0 || !valid(in.addr)) return E_INVALIDARG;
  write_decimal(out.addr, decimal_round(read_decimal(in.addr), places));
  return S_OK;
}
// VARCMP_LT 0, VARCMP_EQ 1, VARCMP_GT 2, VARCMP_NULL 3.
int32_t VarDecCmp(WindowsProcess&, Ptr l, Ptr r) {
  if (!l || !r) return 3;
  return decimal_cmp(read_decimal(l.addr), read_decimal(r.addr)) + 1;
}
int32_t VarDecCmpR8(WindowsProcess&, Ptr l, double r) {
  Decimal b;
  if (int32_t hr = decimal_from_double(r, b, false); hr != S_OK) return hr;
  return decimal_cmp(read_decimal(l.addr), b) + 1;
}

}  // namespace

const std::vector<Export>& decimal_exports() {
  static const std::vector<Export> exports = {
      EXPORT("VarDecAdd", VarDecAdd),   EXPORT("VarDecSub", VarDecSub),     EXPORT("VarDecMul", VarDecMul),
      EXPORT("VarDecDiv", VarDecDiv),   EXPORT("VarDecAbs", VarDecAbs),     EXPORT("VarDecNeg", VarDecNeg),
      EXPORT("VarDecFix", VarDecFix),   EXPORT("VarDecInt", VarDecInt),     EXPORT("VarDecRound", VarDecRound),
      EXPORT("VarDecCmp", VarDecCmp),   EXPORT("VarDecCmpR8", VarDecCmpR8),
  };
  return exports;
}

}  // namespace polyrun::shims::oleaut
