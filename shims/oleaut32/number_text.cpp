// OLEAUT32's numbers as text: VarParseNumFromStr (text to the digits and power of ten of a
// NUMPARSE) and VarNumFromParseNum (those digits to the first VARTYPE of a set they fit), which
// every VarXxFromStr uses, and numbers written as text (the VarBstrFromXx forms: whole numbers in
// decimal, R8 with 15 significant digits, R4 with 7, as %G writes them; LOCALE_USE_NLS's forms as
// GetNumberFormat and GetCurrencyFormat write them). One locale: English (United States), whose
// decimal point is '.', thousands separator ',' and currency symbol '$'.
#include <cmath>
#include <cfloat>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

namespace {

constexpr char16_t kDecimalPoint = u'.', kThousands = u',';
const std::u16string kCurrency = u"$";

bool is_digit(char16_t c) { return c >= u'0' && c <= u'9'; }
bool is_space(char16_t c) { return c == u' ' || (c >= 9 && c <= 13) || c == 0xa0; }

}  // namespace

int32_t parse_number(const std::u16string& text, uint32_t in, size_t max_digits, ParsedNumber& n) {
  n = ParsedNumber{};
  const char16_t* s = text.c_str();
  size_t pos = 0;
  auto at = [&](size_t k) { return k < text.size() ? s[k] : u'\0'; };
  uint32_t& out = n.out_flags;
  bool leading_zero = false, hex = false, oct = false;
  bool in_exponent = false, negative_exponent = false, inexact_zeros = true;
  std::vector<uint8_t> digits;
  int pwr10 = 0;
  size_t count = 0;  // digits seen, kept or not
  auto skip_fraction_zeros = [&]() {
    if (count == 0) {
      while (at(pos) == u'0') {
        leading_zero = true;
        ++pos;
        --pwr10;
      }
    }
  };
  // What may come before the digits.
  for (;;) {
    const char16_t c = at(pos);
    if ((in & NUMPRS_DECIMAL) && c == kDecimalPoint) {
      out |= NUMPRS_DECIMAL;
      ++pos;
      skip_fraction_zeros();
      break;
    }
    if ((in & NUMPRS_LEADING_WHITE) && c && is_space(c)) {
      out |= NUMPRS_LEADING_WHITE;
      while (at(pos) && is_space(at(pos))) ++pos;
    } else if ((in & NUMPRS_THOUSANDS) && c == kThousands) {
      return DISP_E_TYPEMISMATCH;  // not before the first digit
    } else if ((in & NUMPRS_LEADING_PLUS) && c == u'+' && !(out & NUMPRS_LEADING_PLUS)) {
      out |= NUMPRS_LEADING_PLUS;
      ++pos;
    } else if ((in & NUMPRS_LEADING_MINUS) && c == u'-' && !(out & NUMPRS_LEADING_MINUS)) {
      out |= NUMPRS_LEADING_MINUS | NUMPRS_NEG;
      ++pos;
    } else if ((in & NUMPRS_CURRENCY) && !(out & NUMPRS_CURRENCY) && text.compare(pos, kCurrency.size(), kCurrency) == 0) {
      out |= NUMPRS_CURRENCY;
      pos += kCurrency.size();
    } else if ((in & NUMPRS_PARENS) && c == u'(' && !(out & NUMPRS_PARENS)) {
      out |= NUMPRS_PARENS;
      ++pos;
    } else {
      break;
    }
  }
  if (!(out & (NUMPRS_CURRENCY | NUMPRS_DECIMAL)) && (in & NUMPRS_HEX_OCT) && at(pos) == u'&') {
    const char16_t k = at(pos + 1);
    if (k == u'H' || k == u'h') hex = true;
    if (k == u'O' || k == u'o') oct = true;
    if (hex || oct) {
      out |= NUMPRS_HEX_OCT;
      pos += 2;
    }
  }
  while (at(pos) == u'0') {
    leading_zero = true;
    ++pos;
  }
  for (; at(pos); ++pos) {
    const char16_t c = at(pos);
    if (is_digit(c)) {
      if (in_exponent) {
        int e = 0;
        while (is_digit(at(pos))) {
          e = std::min(e * 10 + (at(pos) - u'0'), 100000);
          ++pos;
        }
        pwr10 += negative_exponent ? -e : e;
        in_exponent = false;
        --pos;
        continue;
      }
      if (digits.size() >= max_digits && !hex && !oct) {
        out |= NUMPRS_INEXACT;
        if (c != u'0') inexact_zeros = false;
        if (out & NUMPRS_DECIMAL) --pwr10;
        else ++pwr10;
        ++count;
        continue;
      }
      if (oct && (c == u'8' || c == u'9')) break;
      if (out & NUMPRS_DECIMAL) --pwr10;
      digits.push_back(static_cast<uint8_t>(c - u'0'));
      ++count;
    } else if ((in & NUMPRS_THOUSANDS) && !(out & NUMPRS_HEX_OCT) && c == kThousands) {
      out |= NUMPRS_THOUSANDS;
    } else if ((in & NUMPRS_DECIMAL) && c == kDecimalPoint && !(out & (NUMPRS_HEX_OCT | NUMPRS_DECIMAL | NUMPRS_EXPONENT))) {
      out |= NUMPRS_DECIMAL;
      if (count == 0) {
        while (at(pos + 1) == u'0') {
          leading_zero = true;
          ++pos;
          --pwr10;
        }
      }
    } else if (hex && ((c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'))) {
      if (digits.size() >= max_digits) return DISP_E_OVERFLOW;
      digits.push_back(static_cast<uint8_t>((c | 0x20) - u'a' + 10));
      ++count;
    } else if ((c == u'e' || c == u'E') && (in & NUMPRS_EXPONENT) &&
               !(out & (NUMPRS_HEX_OCT | NUMPRS_CURRENCY | NUMPRS_EXPONENT))) {
      in_exponent = true;
      out |= NUMPRS_EXPONENT;
    } else if (in_exponent && c == u'+') {
    } else if (in_exponent && c == u'-') {
      negative_exponent = true;
    } else {
      break;
    }
  }
  if (digits.empty() && leading_zero) digits.push_back(0);
  if ((out & NUMPRS_EXPONENT) && in_exponent) {
    n.used = static_cast<int>(pos);
    return DISP_E_TYPEMISMATCH;  // an exponent without digits
  }
  if (out & NUMPRS_INEXACT) {
    if (inexact_zeros) out &= ~NUMPRS_INEXACT;  // only zeros were dropped
  }
  if (hex) {
    n.base_shift = 4;
    pwr10 = 0;
  } else if (oct) {
    n.base_shift = 3;
    pwr10 = 0;
  } else if (!(out & NUMPRS_INEXACT)) {
    while (digits.size() > 1 && digits.back() == 0) {
      digits.pop_back();
      ++pwr10;
    }
  }
  // What may come after the digits.
  for (;;) {
    const char16_t c = at(pos);
    if (c == kThousands) {
      if ((in & NUMPRS_THOUSANDS) && !(out & NUMPRS_HEX_OCT)) {
        out |= NUMPRS_THOUSANDS;
        ++pos;
      } else {
        break;
      }
    } else if ((in & NUMPRS_TRAILING_WHITE) && c && is_space(c)) {
      out |= NUMPRS_TRAILING_WHITE;
      while (at(pos) && is_space(at(pos))) ++pos;
    } else if ((in & NUMPRS_TRAILING_PLUS) && !(out & NUMPRS_LEADING_PLUS) && c == u'+') {
      out |= NUMPRS_TRAILING_PLUS;
      ++pos;
    } else if ((in & NUMPRS_TRAILING_MINUS) && !(out & NUMPRS_LEADING_MINUS) && c == u'-') {
      out |= NUMPRS_TRAILING_MINUS | NUMPRS_NEG;
      ++pos;
    } else if ((in & NUMPRS_PARENS) && c == u')' && (out & NUMPRS_PARENS)) {
      ++pos;
      out |= NUMPRS_NEG;
    } else if ((in & NUMPRS_CURRENCY) && !(out & NUMPRS_HEX_OCT) && text.compare(pos, kCurrency.size(), kCurrency) == 0) {
      out |= NUMPRS_CURRENCY;
      pos += kCurrency.size();
    } else {
      break;
    }
  }
  // (What was parsed is reported even when the text is refused; the characters used only when
  // an unmatched parenthesis refuses it, or on success.)
  n.digits = std::move(digits);
  n.pwr10 = pwr10;
  n.neg = out & NUMPRS_NEG;
  if ((out & NUMPRS_PARENS) && !(out & NUMPRS_NEG)) {
    n.used = static_cast<int>(pos);
    return DISP_E_TYPEMISMATCH;  // "(" unmatched
  }
  if ((in & NUMPRS_USE_ALL) && at(pos)) return DISP_E_TYPEMISMATCH;
  if (n.digits.empty()) return DISP_E_TYPEMISMATCH;
  n.used = static_cast<int>(pos);
  return S_OK;
}

namespace {

constexpr uint32_t bit(uint16_t vt) { return 1u << vt; }
constexpr uint32_t kIntegerBits = bit(VT_I1) | bit(VT_UI1) | bit(VT_I2) | bit(VT_UI2) | bit(VT_I4) | bit(VT_UI4) |
                                  bit(VT_I8) | bit(VT_UI8);
constexpr uint32_t kRealBits = bit(VT_R4) | bit(VT_R8) | bit(VT_CY);

// The first integer type of `bits` a whole number fits, negative ones only in the signed types.
bool pick_integer(unsigned __int128 mag, bool neg, uint32_t bits, Value& out) {
  struct Kind { uint16_t vt; unsigned __int128 pos_max; unsigned __int128 neg_max; };
  static const Kind kinds[] = {
      {VT_I1, 127, 128}, {VT_UI1, 255, 0}, {VT_I2, 32767, 32768}, {VT_UI2, 65535, 0},
      {VT_I4, 0x7fffffff, 0x80000000ull}, {VT_UI4, 0xffffffffull, 0},
      {VT_I8, 0x7fffffffffffffffull, 0x8000000000000000ull}, {VT_UI8, ~0ull, 0},
  };
  if (mag == 0) neg = false;
  for (const Kind& k : kinds) {
    if (!(bits & bit(k.vt))) continue;
    if (neg ? mag > k.neg_max : mag > k.pos_max) continue;
    if (neg && k.neg_max == 0) continue;
    out.vt = k.vt;
    if (k.vt == VT_UI1 || k.vt == VT_UI2 || k.vt == VT_UI4 || k.vt == VT_UI8) {
      out.u = static_cast<uint64_t>(mag);
    } else {
      out.i = neg ? static_cast<int64_t>(-static_cast<__int128>(mag)) : static_cast<int64_t>(mag);
    }
    return true;
  }
  return false;
}

}  // namespace

int32_t number_from_parsed(const ParsedNumber& n, uint32_t bits, Value& out) {
  out = Value{};
  if (n.base_shift) {
    uint64_t v = 0;
    for (uint8_t d : n.digits) {
      if (v > ((~0ull >> n.base_shift) - d)) return DISP_E_OVERFLOW;
      v = (v << n.base_shift) + d;
    }
    // A hexadecimal or octal number is its bits: &HFFFF is -1 as a VT_I2.
    struct Kind { uint16_t vt; unsigned width; };
    static const Kind kinds[] = {{VT_I1, 8}, {VT_UI1, 8}, {VT_I2, 16}, {VT_UI2, 16}, {VT_I4, 32}, {VT_UI4, 32}};
    for (const Kind& k : kinds) {
      if ((bits & bit(k.vt)) && (v >> k.width) == 0) {
        out.vt = k.vt;
        if (k.vt == VT_UI1 || k.vt == VT_UI2 || k.vt == VT_UI4) out.u = v;
        else out.i = k.width == 8 ? static_cast<int8_t>(v) : k.width == 16 ? static_cast<int16_t>(v) : static_cast<int32_t>(v);
        return S_OK;
      }
    }
    if (bits & bit(VT_I8)) { out.vt = VT_I8; out.i = static_cast<int64_t>(v); return S_OK; }
    if (bits & bit(VT_UI8)) { out.vt = VT_UI8; out.u = v; return S_OK; }
    if (bits & bit(VT_DECIMAL)) { out.vt = VT_DECIMAL; out.dec.mant = v; return S_OK; }
    // As a real only what a VT_I4 holds: the value itself up to 0x7fffffff, else its negation
    // when that is a VT_I4's.
    const int64_t negated = -static_cast<int64_t>(v);
    if ((bits & (bit(VT_R4) | bit(VT_R8))) && (v <= 0x7fffffffu || negated >= INT32_MIN)) {
      const double d = v <= 0x7fffffffu ? static_cast<double>(v) : static_cast<double>(negated);
      out.vt = (bits & bit(VT_R4)) ? VT_R4 : VT_R8;
      out.r = out.vt == VT_R4 ? static_cast<float>(d) : d;
      return S_OK;
    }
    return DISP_E_OVERFLOW;
  }
  const int whole_digits = std::max(0, static_cast<int>(n.digits.size()) + std::min(n.pwr10, 0));
  const bool has_fraction = n.pwr10 < 0;
  if ((bits & (kIntegerBits | bit(VT_DECIMAL))) && (!has_fraction || !(bits & (kRealBits | bit(VT_DECIMAL))))) {
    // The whole number, rounded half to even.
    bool overflow = false;
    unsigned __int128 v = 0;
    for (int k = 0; k < whole_digits && !overflow; ++k) {
      v = v * 10 + n.digits[k];
      if (v > ~0ull) overflow = true;
    }
    for (int k = 0; k < n.pwr10 && !overflow; ++k) {
      v *= 10;
      if (v > ~0ull) overflow = true;
    }
    if (!overflow && has_fraction && whole_digits < static_cast<int>(n.digits.size())) {
      const uint8_t first = n.digits[whole_digits];
      bool up = first > 5;
      if (first == 5) {
        bool rest = false;
        for (size_t k = whole_digits + 1; k < n.digits.size(); ++k) rest |= n.digits[k] != 0;
        up = rest || (v & 1);
      }
      if (-n.pwr10 > static_cast<int>(n.digits.size())) up = false;  // 0.0005…: below a half
      if (up) ++v;
      if (v > ~0ull) overflow = true;
    }
    if (!overflow) {
      if (pick_integer(v, n.neg, bits, out)) return S_OK;
      if ((bits & (kRealBits | bit(VT_DECIMAL))) == bit(VT_DECIMAL)) {
        out.vt = VT_DECIMAL;
        out.dec.mant = v;
        out.dec.neg = n.neg && v;
        return S_OK;
      }
    }
  }
  if (bits & kRealBits) {
    // The digits accumulated in doubles, then scaled by powers of ten at most 10^10 at a time, as
    // Windows does it ("99999999999999999999" is 1.0000000000000002E+20).
    static const double powers[11] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10};
    double d = 0;
    for (uint8_t digit : n.digits) d = d * 10.0 + digit;
    bool overflow = false;
    for (int up = n.pwr10; up > 0 && !overflow; up -= 10) {
      const int k = std::min(up, 10);
      if (d > DBL_MAX / powers[k]) overflow = true;
      else d *= powers[k];
    }
    for (int down = -n.pwr10; down > 0 && !overflow; down -= 10) {
      const int k = std::min(down, 10);
      if (d != 0 && d < DBL_TRUE_MIN * powers[k]) {
        d = 0;  // below the smallest double: zero
        break;
      }
      d /= powers[k];
    }
    if (n.neg) d = -d;
    if (!overflow && !std::isinf(d)) {
      if ((bits & bit(VT_R4)) && (std::fabs(d) <= FLT_MAX)) {
        out.vt = VT_R4;
        out.r = static_cast<float>(d);
        return S_OK;
      }
      if (bits & bit(VT_R8)) {
        out.vt = VT_R8;
        out.r = d;
        return S_OK;
      }
      if ((bits & bit(VT_CY)) && std::fabs(d * 10000.0) < 9223372036854775807.0) {
        out.vt = VT_CY;
        out.i = static_cast<int64_t>(round_half_even(d * 10000.0));
        return S_OK;
      }
    }
  }
  if (bits & bit(VT_DECIMAL)) {
    // digits × 10^pwr10 as a magnitude at scale max(0, -pwr10).
    std::vector<uint32_t> big;
    auto mul_add = [&](uint32_t m, uint32_t a) {
      uint64_t carry = a;
      for (uint32_t& w : big) {
        uint64_t t = uint64_t{w} * m + carry;
        w = static_cast<uint32_t>(t);
        carry = t >> 32;
      }
      if (carry) big.push_back(static_cast<uint32_t>(carry));
    };
    for (uint8_t d : n.digits) mul_add(10, d);
    int scale = -n.pwr10;
    for (; scale < 0; ++scale) mul_add(10, 0);
    if (scale > 28 + static_cast<int>(n.digits.size())) scale = 28 + static_cast<int>(n.digits.size());
    Decimal r;
    if (decimal_fit(big, scale, n.neg, r)) {
      out.vt = VT_DECIMAL;
      out.dec = r;
      if (!r.mant) out.dec.neg = false;
      return S_OK;
    }
  }
  return DISP_E_OVERFLOW;
}

std::u16string real_text(double v, int significant) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*G", significant, v);
  if (buf[0] == '-' && std::strspn(buf + 1, "0.") == std::strlen(buf + 1)) std::strcpy(buf, "0");
  return u16(buf);
}
std::u16string int_text(int64_t v) { return u16(std::to_string(v).c_str()); }
std::u16string uint_text(uint64_t v) { return u16(std::to_string(v).c_str()); }

std::u16string nls_number(const std::u16string& plain, bool currency) {
  // English (United States): two decimals, groups of three, "-1,234.50"; currency "$1,234.50",
  // negative "($1,234.50)".
  std::string s(plain.begin(), plain.end());
  const bool neg = !s.empty() && s[0] == '-';
  if (neg) s.erase(0, 1);
  if (s.find_first_of("eE") != std::string::npos) {  // exponent forms: as a fixed number first
    char buf[400];
    std::snprintf(buf, sizeof buf, "%.2f", std::strtod(s.c_str(), nullptr));
    s = buf;
  }
  std::string whole = s, frac;
  if (size_t dot = s.find('.'); dot != std::string::npos) {
    whole = s.substr(0, dot);
    frac = s.substr(dot + 1);
  }
  // Two decimals, rounded half away from zero on the digits.
  if (frac.size() > 2) {
    const bool up = frac[2] >= '5';
    frac.resize(2);
    if (up) {
      std::string all = whole + frac;
      int k = static_cast<int>(all.size()) - 1;
      while (k >= 0 && all[k] == '9') all[k--] = '0';
      if (k < 0) all.insert(all.begin(), '1');
      else ++all[k];
      whole = all.substr(0, all.size() - 2);
      frac = all.substr(all.size() - 2);
    }
  }
  while (frac.size() < 2) frac.push_back('0');
  if (whole.empty()) whole = "0";
  std::string grouped;
  for (size_t k = 0; k < whole.size(); ++k) {
    if (k && (whole.size() - k) % 3 == 0) grouped.push_back(',');
    grouped.push_back(whole[k]);
  }
  std::string r = grouped + "." + frac;
  const bool zero = r.find_first_not_of("0.,") == std::string::npos;
  if (currency) r = neg && !zero ? "($" + r + ")" : "$" + r;
  else if (neg && !zero) r = "-" + r;
  return u16(r.c_str());
}

namespace {

// NUMPARSE: cDig, dwInFlags, dwOutFlags, cchUsed, nBaseShift, nPwr10 (4 bytes each).
int32_t VarParseNumFromStr(WindowsProcess&, Ptr str, uint32_t, uint32_t, Ptr numparse, Ptr digits) {
  if (!numparse || !digits) return E_INVALIDARG;
  const int32_t max = get<int32_t>(numparse.addr);
  const uint32_t in = get<uint32_t>(numparse.addr + 4);
  for (unsigned k = 0; k < 6; ++k)
    if (k != 1) put<int32_t>(numparse.addr + 4 * k, 0);
  if (!str) return DISP_E_TYPEMISMATCH;
  ParsedNumber n;
  int32_t hr = parse_number(WStr{str.addr}.str(), in, static_cast<size_t>(std::clamp(max, 0, 1024)), n);
  put<int32_t>(numparse.addr, static_cast<int32_t>(n.digits.size()));
  put<uint32_t>(numparse.addr + 8, n.out_flags);
  put<int32_t>(numparse.addr + 12, n.used);
  put<int32_t>(numparse.addr + 16, n.base_shift);
  put<int32_t>(numparse.addr + 20, n.pwr10);
  if (hr != S_OK) return hr;
  if (!n.digits.empty()) std::memcpy(guest_pointer(digits.addr), n.digits.data(), n.digits.size());
  return S_OK;
}

int32_t VarNumFromParseNum(WindowsProcess& p, Ptr numparse, Ptr digits, uint32_t bits, Ptr var) {
  ParsedNumber n;
  const int32_t count = get<int32_t>(numparse.addr);
  n.out_flags = get<uint32_t>(numparse.addr + 8);
  n.base_shift = get<int32_t>(numparse.addr + 16);
  n.pwr10 = get<int32_t>(numparse.addr + 20);
  n.neg = n.out_flags & NUMPRS_NEG;
  for (int32_t k = 0; k < count; ++k) n.digits.push_back(get<uint8_t>(digits.addr + k));
  Value v;
  int32_t hr = number_from_parsed(n, bits, v);
  if (hr == S_OK) write_variant(p, var.addr, v);
  return hr;
}

}  // namespace

const std::vector<Export>& number_text_exports() {
  static const std::vector<Export> exports = {
      EXPORT("VarParseNumFromStr", VarParseNumFromStr),
      EXPORT("VarNumFromParseNum", VarNumFromParseNum),
  };
  return exports;
}

}  // namespace polyrun::shims::oleaut
