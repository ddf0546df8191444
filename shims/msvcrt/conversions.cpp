// msvcrt.dll and the Universal CRT, floating-point numbers to digits and back: _ecvt (so many
// significant digits), _fcvt (so many digits after the point), each with the decimal point's
// position and the sign apart, their _s forms into the caller's buffer, _gcvt and _gcvt_s (printf's
// %g), and _atodbl, _atoflt and _atoldbl (text to a double, float or x87 extended value, with
// _OVERFLOW or _UNDERFLOW); msvcrt.dll's internal forms for the extended value, __STRINGTOLD and
// $I10_OUTPUT.
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/printf_format.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace conversions {
namespace {

constexpr int32_t kOverflow = 3, kUnderflow = 4;  // _OVERFLOW, _UNDERFLOW (math.h)

template <bool Ucrt>
int32_t invalid(WindowsProcess& p, int32_t err) {
  *msvcrt_errno(p) = err;
  crt_invalid_parameter(p, Ucrt);
  return err;
}

// ---- _ecvt: `count` significant digits ----

struct Digits {
  std::string text;
  int32_t decpt = 0, sign = 0;
};
// The digits of |v| rounded to `count` significant ones (at most 72); the decimal point's place
// (0 for zero). With no digits asked for, none, and the point moved on where the first would
// have rounded up.
Digits e_digits(double v, int32_t count) {
  Digits d;
  count = std::min(count, 72);
  const int prec = count < 1 ? 2 : count;
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
  const char* s = buf;
  if (*s == '-') {
    d.sign = 1;
    ++s;
  }
  std::string mantissa;
  const char* q = s;
  for (; *q && *q != 'e'; ++q)
    if (*q != '.') mantissa += *q;
  int exponent = *q == 'e' ? std::atoi(q + 1) : 0;
  d.decpt = mantissa[0] == '0' ? 0 : exponent + 1;
  if (count < 1) {
    if (mantissa[0] >= '5') ++d.decpt;
    mantissa.clear();
  }
  d.text = mantissa;
  return d;
}
Ptr _ecvt_(WindowsProcess& p, double v, int32_t count, Ptr decpt, Ptr sign) {
  Digits d = e_digits(v, count);
  uint64_t& slot = data_slot(p, "ecvt-buffer", 80);
  std::memcpy(reinterpret_cast<void*>(slot), d.text.c_str(), d.text.size() + 1);
  put<int32_t>(decpt.addr, d.decpt);
  put<int32_t>(sign.addr, d.sign);
  return Ptr(slot);
}
template <bool Ucrt>
int32_t _ecvt_s_(WindowsProcess& p, Ptr buf, USize size, double v, int32_t count, Ptr decpt, Ptr sign) {
  if (!buf || !decpt || !sign) return invalid<Ucrt>(p, EINVAL);
  if (size <= 2 || static_cast<int64_t>(count) >= static_cast<int64_t>(size) - 1) return invalid<Ucrt>(p, ERANGE);
  Digits d = e_digits(v, count);
  std::memcpy(buf.as<char>(), d.text.c_str(), d.text.size() + 1);
  put<int32_t>(decpt.addr, d.decpt);
  put<int32_t>(sign.addr, d.sign);
  return 0;
}

// ---- _fcvt: `count` digits after the point ----

// The digits of |v| rounded to `count` decimals, without the integer part's leading zeros; the
// point's place. With no integer digits, the fraction's leading zeros move the point instead (the
// digits start after them); a value that rounds to nothing shows none if positive (its point where
// its first digit is, when that is beyond the asked precision), else its zeros at point 0. A count
// below zero drops that many of the integer part's last digits.
Digits f_digits(double v, int32_t count) {
  Digits d;
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", count < 0 ? 0 : std::min(count, 300), v);
  const char* s = buf;
  if (*s == '-') {
    d.sign = 1;
    ++s;
  }
  const char* dot = std::strchr(s, '.');
  std::string integer(s, dot ? static_cast<size_t>(dot - s) : std::strlen(s));
  std::string fraction = dot ? dot + 1 : "";
  size_t lead = 0;
  while (lead < integer.size() && integer[lead] == '0') ++lead;
  integer.erase(0, lead);
  int32_t dec = static_cast<int32_t>(integer.size());
  if (count < 0) integer.resize(integer.size() > static_cast<size_t>(-count) ? integer.size() + count : 0);
  bool found = !integer.empty() || dec > 0;
  std::string out = integer, zeros;
  if (count > 0) {
    if (!found) {
      size_t z = 0;
      while (z < fraction.size() && fraction[z] == '0') ++z;
      zeros = fraction.substr(0, z);
      dec -= static_cast<int32_t>(z);
      fraction.erase(0, z);
      found = !fraction.empty();
    }
    out += fraction;
  }
  if (!found) {
    if (v > 0) {
      out.clear();
    } else {
      out = zeros;
      dec = 0;
    }
  }
  int32_t at = 0;
  if (v > 0 && v < 1) {
    at = static_cast<int32_t>(std::log10(v + 1e-10));
    if (-at <= count) at = 0;
  }
  d.text = out;
  d.decpt = at ? at : dec;
  return d;
}
Ptr _fcvt_(WindowsProcess& p, double v, int32_t count, Ptr decpt, Ptr sign) {
  Digits d = f_digits(v, count);
  if (d.text.size() > 79) d.text.resize(79);
  uint64_t& slot = data_slot(p, "ecvt-buffer", 80);
  std::memcpy(reinterpret_cast<void*>(slot), d.text.c_str(), d.text.size() + 1);
  put<int32_t>(decpt.addr, d.decpt);
  put<int32_t>(sign.addr, d.sign);
  return Ptr(slot);
}
// _fcvt_s: as much as fits (EINVAL, errno only, without a buffer or its outputs).
int32_t _fcvt_s_(WindowsProcess& p, Ptr buf, USize size, double v, int32_t count, Ptr decpt, Ptr sign) {
  if (!buf || !decpt || !sign || !size) return *msvcrt_errno(p) = EINVAL;
  Digits d = f_digits(v, count);
  if (d.text.size() >= size) d.text.resize(size - 1);
  std::memcpy(buf.as<char>(), d.text.c_str(), d.text.size() + 1);
  put<int32_t>(decpt.addr, d.decpt);
  put<int32_t>(sign.addr, d.sign);
  return 0;
}

// ---- _gcvt: printf's %g ----

std::string g_text(double v, int32_t digits, bool legacy) {
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  VarArgs va{nullptr, 0, reinterpret_cast<uint64_t>(&bits), 8};
  const std::string fmt = "%." + std::to_string(digits) + "g";
  return format_printf(fmt.c_str(), va, false, legacy);
}
template <bool Ucrt>
Ptr _gcvt_(WindowsProcess& p, double v, int32_t digits, Ptr buf) {
  if (!buf) {
    *msvcrt_errno(p) = EINVAL;
    return Ptr(0);
  }
  if (digits < 0) {
    *msvcrt_errno(p) = ERANGE;
    return Ptr(0);
  }
  const std::string t = g_text(v, digits, !Ucrt);
  std::memcpy(buf.as<char>(), t.c_str(), t.size() + 1);
  return buf;
}
template <bool Ucrt>
int32_t _gcvt_s_(WindowsProcess& p, Ptr buf, USize size, double v, int32_t digits) {
  if (!buf) return *msvcrt_errno(p) = EINVAL;
  if (digits < 0 || static_cast<uint64_t>(digits) >= size) {
    if (size) *buf.as<char>() = 0;
    return *msvcrt_errno(p) = ERANGE;
  }
  const std::string t = g_text(v, digits, !Ucrt);
  if (t.size() > size) {
    *buf.as<char>() = 0;
    return *msvcrt_errno(p) = ERANGE;
  }
  std::memcpy(buf.as<char>(), t.c_str(), std::min<uint64_t>(t.size() + 1, size));
  if (t.size() == size) buf.as<char>()[size - 1] = 0;
  return 0;
}

// ---- text to numbers ----

// _atodbl and _atoflt: _OVERFLOW for a value beyond the type, _UNDERFLOW for a non-zero one below
// its smallest normal.
int32_t _atodbl_(WindowsProcess&, Ptr out, CStr s) {
  errno = 0;
  double d = std::strtod(s.c_str(), nullptr);
  const bool range = errno == ERANGE;
  put<double>(out.addr, d);
  if (std::isinf(d)) return kOverflow;
  if ((d != 0 || range) && d > -DBL_MIN && d < DBL_MIN) return kUnderflow;
  return 0;
}
int32_t _atoflt_(WindowsProcess&, Ptr out, CStr s) {
  errno = 0;
  double d = std::strtod(s.c_str(), nullptr);
  const bool range = errno == ERANGE;
  float f = static_cast<float>(d);
  put<float>(out.addr, f);
  if (std::isinf(f)) return kOverflow;
  if ((d != 0 || range) && f > -FLT_MIN && f < FLT_MIN) return kUnderflow;
  return 0;
}
// _atoldbl: the x87's 80-bit extended value (_LDOUBLE, ten bytes).
int32_t _atoldbl_(WindowsProcess&, Ptr out, CStr s) {
  errno = 0;
  long double v = std::strtold(s.c_str(), nullptr);
  const bool range = errno == ERANGE;
  std::memcpy(out.as<void>(), &v, 10);
  if (std::isinf(v)) return kOverflow;
  if (range) return kUnderflow;
  return 0;
}

// __STRINGTOLD(&value, &end, text, flags) (and __STRINGTOLD_L with a locale): the text after its
// leading white space as an 80-bit extended value; *end after what was read (the text itself when
// nothing was). 0; 4 when there was no number; 2 on overflow (an infinity), 1 on underflow.
int32_t __STRINGTOLD_(WindowsProcess& p, Ptr out, Ptr end, CStr s, int32_t) {
  const char* text = s.c_str();
  const char* at = text;
  while (*at == ' ' || (*at >= '\t' && *at <= '\r')) ++at;
  char* stop = nullptr;
  errno = 0;
  long double v = std::strtold(at, &stop);
  const bool range = errno == ERANGE;
  if (stop == at) v = 0;
  std::memcpy(out.as<void>(), &v, 10);
  if (end) p.put_ptr(end.addr, stop == at ? s.addr : s.addr + static_cast<uint64_t>(stop - text));
  if (stop == at) return 4;
  if (std::isinf(v)) return 2;
  return range ? 1 : 0;
}
int32_t __STRINGTOLD_L_(WindowsProcess& p, Ptr out, Ptr end, CStr s, int32_t flags, Ptr) {
  return __STRINGTOLD_(p, out, end, s, flags);
}

// $I10_OUTPUT(value, precision, flags, &data): an 80-bit value's decimal digits for the C runtime's
// formatting, into {short exponent position, char sign (' ' or '-'), BYTE length, char digits[22]}:
// `precision` significant digits (flags bit 0: that many after the decimal point instead), rounded,
// trailing zeros dropped, the position of the decimal point after the first digit's place. 1; 0
// for an infinity or NaN, whose text ("1#INF", "1#QNAN", "1#SNAN") it gives with position 1. The
// value is passed by value on i386 (three stack words), by address on x64.
int32_t I10_OUTPUT_(WindowsProcess& p, Ptr a0, Ptr a1, Ptr a2, Ptr a3, Ptr a4, Ptr a5) {
  uint8_t bytes[16] = {};
  int32_t prec, flags;
  uint64_t data;
  if (p.isa->ptr == 8) {
    std::memcpy(bytes, a0.as<const void>(), 10);
    prec = static_cast<int32_t>(a1.addr), flags = static_cast<int32_t>(a2.addr), data = a3.addr;
  } else {
    const uint32_t w[3] = {static_cast<uint32_t>(a0.addr), static_cast<uint32_t>(a1.addr), static_cast<uint32_t>(a2.addr)};
    std::memcpy(bytes, w, 10);
    prec = static_cast<int32_t>(a3.addr), flags = static_cast<int32_t>(a4.addr), data = a5.addr;
  }
  constexpr int kMaxPrec = 21;
  uint16_t top;
  uint32_t hi, lo;
  std::memcpy(&lo, bytes, 4), std::memcpy(&hi, bytes + 4, 4), std::memcpy(&top, bytes + 8, 2);
  char* str = static_cast<char*>(guest_pointer(data + 4));
  put<char>(data + 2, (top & 0x8000) ? '-' : ' ');
  if ((top & 0x7fff) == 0x7fff) {
    std::strcpy(str, lo == 0 && hi == 0x80000000u ? "1#INF" : (hi & 0x40000000u) ? "1#QNAN" : "1#SNAN");
    put<int16_t>(data, 1);
    put<uint8_t>(data + 3, static_cast<uint8_t>(std::strlen(str)));
    return 0;
  }
  long double d;
  std::memcpy(&d, bytes, 10);
  d = std::fabs(d);
  if (flags & 1) {
    const int exp = d == 0 ? 1 : 1 + static_cast<int>(std::floor(std::log10(d)));
    prec += exp;
    if (exp < 0) --prec;
  }
  --prec;
  if (prec + 1 > kMaxPrec) {
    prec = kMaxPrec - 1;
  } else if (prec < 0) {
    d = 0;
    prec = 0;
  }
  char buf[kMaxPrec + 16];
  std::snprintf(buf, sizeof buf, "%.*Le", prec, d);
  // buf is "D.DDDDe±XX": the digits without the point from buf + 1 on, the exponent after them.
  buf[1] = buf[0];
  int pos = std::atoi(buf + prec + 3);
  if (buf[1] != '0') ++pos;
  char* last = buf + prec + 1;
  while (last > buf + 1 && *last == '0') --last;
  const auto len = static_cast<int>(last - buf);
  std::memcpy(str, buf + 1, static_cast<size_t>(len));
  str[len] = 0;
  put<int16_t>(data, static_cast<int16_t>(pos));
  put<uint8_t>(data + 3, static_cast<uint8_t>(len));
  return 1;
}

template <bool Ucrt>
std::vector<Export> both_exports() {
  return {
      EXPORT("_ecvt_s", _ecvt_s_<Ucrt>),
      EXPORT("_gcvt", _gcvt_<Ucrt>),
      EXPORT("_gcvt_s", _gcvt_s_<Ucrt>),
  };
}

}  // namespace
}  // namespace conversions

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_conversions_exports() {
  using namespace conversions;
  static const std::vector<Export> exports = [] {
    std::vector<Export> all = both_exports<false>();
    const std::vector<Export> more = {
        EXPORT("_ecvt", _ecvt_),       EXPORT("_fcvt", _fcvt_),       EXPORT("_fcvt_s", _fcvt_s_),
        EXPORT("_atodbl", _atodbl_),   EXPORT("_atoflt", _atoflt_),   EXPORT("_atoldbl", _atoldbl_),
        EXPORT("__STRINGTOLD", __STRINGTOLD_), EXPORT("__STRINGTOLD_L", __STRINGTOLD_L_),
        EXPORT("$I10_OUTPUT", I10_OUTPUT_),
        EXPORT("_atodbl_l", _atodbl_), EXPORT("_atoflt_l", _atoflt_), EXPORT("_atoldbl_l", _atoldbl_),
    };
    all.insert(all.end(), more.begin(), more.end());
    return all;
  }();
  return exports;
}

// The Universal CRT's forms (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_conversions_exports() {
  static const std::vector<Export> exports = conversions::both_exports<true>();
  return exports;
}

}  // namespace polyrun::shims
