// KERNEL32.dll, numbers and money as a locale writes them: GetNumberFormat(A/W/Ex) and
// GetCurrencyFormat(A/W/Ex). The value is a string of digits with an optional "-" and "." (nothing
// else: ERROR_INVALID_PARAMETER); it is rounded half up to the number of decimals, its integer
// part grouped ("3;0": threes, repeated; NUMBERFMT's Grouping 3 the same, 32 a three then twos),
// and a negative value placed as the format's negative order puts it. Without a NUMBERFMT or
// CURRENCYFMT the user's locale's facts are used (GetLocaleInfo's, kernel32/locale.cpp).
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

const char* user_locale_text(uint32_t type);  // kernel32/locale.cpp

namespace {

constexpr uint32_t ERROR_INVALID_FLAGS = 1004;

struct Format {
  unsigned digits = 2;
  bool leading_zero = true;
  std::vector<unsigned> groups;  // from the decimal point leftwards
  bool repeat = true;            // the last group repeats
  std::u16string decimal = u".", thousand = u",", currency = u"$";
  unsigned negative = 1, positive = 0;
};

std::u16string locale_string(uint32_t type) { return utf8_to_utf16(user_locale_text(type) ? user_locale_text(type) : ""); }
unsigned locale_number(uint32_t type) { return static_cast<unsigned>(std::strtoul(user_locale_text(type), nullptr, 10)); }

// "3;0" → {3} repeated; "3;2;0" → {3, 2} repeated; "3" → {3} once.
void parse_grouping(const std::string& text, Format& f) {
  f.groups.clear();
  f.repeat = false;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned g = static_cast<unsigned>(std::strtoul(text.c_str() + i, nullptr, 10));
    if (g == 0) {
      f.repeat = true;
      break;
    }
    f.groups.push_back(g);
    i = text.find(';', i);
    if (i == std::string::npos) break;
    ++i;
  }
}
// NUMBERFMT.Grouping: 0–9 (one size, repeated) or 32 (three, then twos).
bool numeric_grouping(unsigned g, Format& f) {
  f.groups.clear();
  f.repeat = true;
  if (g == 0) return true;
  if (g <= 9) {
    f.groups.push_back(g);
    return true;
  }
  if (g == 32) {
    f.groups = {3, 2};
    return true;
  }
  return false;
}

Format locale_format(bool money) {
  Format f;
  f.digits = locale_number(money ? 0x19 : 0x11);
  f.leading_zero = locale_number(0x12) != 0;
  parse_grouping(user_locale_text(money ? 0x18 : 0x10), f);
  f.decimal = locale_string(money ? 0x16 : 0xe);
  f.thousand = locale_string(money ? 0x17 : 0xf);
  f.currency = locale_string(0x14);
  f.negative = locale_number(money ? 0x1c : 0x1010);
  f.positive = locale_number(0x1b);
  return f;
}

std::u16string group(const std::string& digits, const Format& f) {
  if (f.groups.empty()) return utf8_to_utf16(digits);
  std::vector<std::string> parts;
  size_t end = digits.size(), g = 0;
  while (end > 0) {
    if (g >= f.groups.size() && !f.repeat) {
      parts.push_back(digits.substr(0, end));
      break;
    }
    const unsigned size = f.groups[std::min(g, f.groups.size() - 1)];
    const size_t start = end > size ? end - size : 0;
    parts.push_back(digits.substr(start, end - start));
    end = start;
    ++g;
  }
  std::u16string out;
  for (size_t i = parts.size(); i-- > 0;) {
    out += utf8_to_utf16(parts[i]);
    if (i) out += f.thousand;
  }
  return out;
}

// The value's digits, rounded to the format's decimals: the integer and fraction parts and the sign.
struct Value {
  std::string integer, fraction;
  bool negative = false;
};
std::optional<Value> parse_value(const std::u16string& text, unsigned digits) {
  Value v;
  size_t i = 0;
  if (i < text.size() && text[i] == u'-') v.negative = true, ++i;
  std::string in, fr;
  bool dot = false;
  for (; i < text.size(); ++i) {
    const char16_t c = text[i];
    if (c == u'.' && !dot) dot = true;
    else if (c >= u'0' && c <= u'9') (dot ? fr : in) += static_cast<char>(c);
    else return std::nullopt;
  }
  // No digits at all ("", "-") is zero, as Windows and wine read it.
  // Round half up at `digits` decimals.
  std::string all = in + fr + std::string(digits > fr.size() ? digits - fr.size() + 1 : 1, '0');
  const size_t keep = in.size() + digits;
  bool carry = all[keep] >= '5';
  std::string kept = all.substr(0, keep);
  for (size_t k = kept.size(); carry && k-- > 0;) {
    if (kept[k] == '9') kept[k] = '0';
    else kept[k]++, carry = false;
  }
  if (carry) kept.insert(kept.begin(), '1');
  v.integer = kept.substr(0, kept.size() - digits);
  v.fraction = kept.substr(kept.size() - digits);
  const size_t nz = v.integer.find_first_not_of('0');
  v.integer = nz == std::string::npos ? "" : v.integer.substr(nz);
  return v;
}

std::u16string number_text(const Value& v, const Format& f) {
  std::u16string s = v.integer.empty() ? (f.leading_zero ? u"0" : u"") : group(v.integer, f);
  if (f.digits) s += f.decimal + utf8_to_utf16(v.fraction);
  return s;
}

std::u16string number(const Value& v, const Format& f) {
  const std::u16string n = number_text(v, f);
  if (!v.negative) return n;
  switch (f.negative) {
    case 0: return u"(" + n + u")";
    case 2: return u"- " + n;
    case 3: return n + u"-";
    case 4: return n + u" -";
    default: return u"-" + n;
  }
}

std::u16string money(const Value& v, const Format& f) {
  const std::u16string n = number_text(v, f), c = f.currency;
  if (!v.negative) {
    switch (f.positive) {
      case 1: return n + c;
      case 2: return c + u" " + n;
      case 3: return n + u" " + c;
      default: return c + n;
    }
  }
  switch (f.negative) {  // CURRENCYFMT.NegativeOrder 0–15
    case 0: return u"(" + c + n + u")";
    case 1: return u"-" + c + n;
    case 2: return c + u"-" + n;
    case 3: return c + n + u"-";
    case 4: return u"(" + n + c + u")";
    case 5: return u"-" + n + c;
    case 6: return n + u"-" + c;
    case 7: return n + c + u"-";
    case 8: return u"-" + n + u" " + c;
    case 9: return u"-" + c + u" " + n;
    case 10: return n + u" " + c + u"-";
    case 11: return c + u" " + n + u"-";
    case 12: return c + u" -" + n;
    case 13: return n + u"- " + c;
    case 14: return u"(" + c + u" " + n + u")";
    default: return u"(" + n + u" " + c + u")";
  }
}

// NUMBERFMT / CURRENCYFMT: NumDigits, LeadingZero, Grouping, lpDecimalSep, lpThousandSep,
// NegativeOrder (, PositiveOrder, lpCurrencySymbol) — pointer fields at the process's width.
template <typename C>
std::u16string guest_text(WindowsProcess& p, uint64_t at) {
  const uint64_t s = p.get_ptr(at);
  if (!s) return u"";
  if constexpr (sizeof(C) == 2) return std::u16string(reinterpret_cast<const char16_t*>(s));
  else return ansi_to_utf16(reinterpret_cast<const char*>(s));  // the A forms': the ANSI code page
}
template <typename C>
bool read_format(WindowsProcess& p, uint64_t at, bool currency, Format& f) {
  const unsigned w = p.isa->ptr;
  f.digits = get<uint32_t>(at);
  f.leading_zero = get<uint32_t>(at + 4) != 0;
  if (!numeric_grouping(get<uint32_t>(at + 8), f) || f.digits > 9) return false;
  const uint64_t ptrs = w == 8 ? at + 16 : at + 12;
  f.decimal = guest_text<C>(p, ptrs);
  f.thousand = guest_text<C>(p, ptrs + w);
  f.negative = get<uint32_t>(ptrs + 2 * w);
  if (currency) {
    f.positive = get<uint32_t>(ptrs + 2 * w + 4);
    f.currency = guest_text<C>(p, ptrs + 2 * w + 8);
    if (f.negative > 15 || f.positive > 3) return false;
  } else if (f.negative > 4) {
    return false;
  }
  return !f.decimal.empty() || f.digits == 0;
}

template <typename C>
int32_t format_value(WindowsProcess& p, uint32_t flags, Ptr value, Ptr format, Ptr out, int32_t size, bool currency) {
  if (!value || size < 0 || (size && !out)) return fail(p, ERROR_INVALID_PARAMETER);
  if (format && flags) return fail(p, ERROR_INVALID_FLAGS);
  if (flags & ~0x80000000u) return fail(p, ERROR_INVALID_FLAGS);  // LOCALE_NOUSEROVERRIDE only
  Format f = locale_format(currency);
  if (format && !read_format<C>(p, format.addr, currency, f)) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string text = sizeof(C) == 2 ? std::u16string(value.as<const char16_t>()) : ansi_to_utf16(value.as<const char>());
  std::optional<Value> v = parse_value(text, f.digits);
  if (!v) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string r = currency ? money(*v, f) : number(*v, f);
  if constexpr (sizeof(C) == 2) {
    if (size == 0) return static_cast<int32_t>(r.size() + 1);
    if (r.size() + 1 > static_cast<size_t>(size)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
    std::memcpy(out.as<char16_t>(), r.c_str(), (r.size() + 1) * 2);
    return static_cast<int32_t>(r.size() + 1);
  } else {
    const std::string a = utf16_to_ansi(r);
    if (size == 0) return static_cast<int32_t>(a.size() + 1);
    if (a.size() + 1 > static_cast<size_t>(size)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
    std::memcpy(out.as<char>(), a.c_str(), a.size() + 1);
    return static_cast<int32_t>(a.size() + 1);
  }
}

int32_t GetNumberFormatW(WindowsProcess& p, uint32_t, uint32_t flags, Ptr v, Ptr fmt, Ptr out, int32_t n) {
  return format_value<char16_t>(p, flags, v, fmt, out, n, false);
}
int32_t GetNumberFormatA(WindowsProcess& p, uint32_t, uint32_t flags, Ptr v, Ptr fmt, Ptr out, int32_t n) {
  return format_value<char>(p, flags, v, fmt, out, n, false);
}
int32_t GetNumberFormatEx(WindowsProcess& p, Ptr, uint32_t flags, Ptr v, Ptr fmt, Ptr out, int32_t n) {
  return format_value<char16_t>(p, flags, v, fmt, out, n, false);
}
int32_t GetCurrencyFormatW(WindowsProcess& p, uint32_t, uint32_t flags, Ptr v, Ptr fmt, Ptr out, int32_t n) {
  return format_value<char16_t>(p, flags, v, fmt, out, n, true);
}
int32_t GetCurrencyFormatA(WindowsProcess& p, uint32_t, uint32_t flags, Ptr v, Ptr fmt, Ptr out, int32_t n) {
  return format_value<char>(p, flags, v, fmt, out, n, true);
}
int32_t GetCurrencyFormatEx(WindowsProcess& p, Ptr, uint32_t flags, Ptr v, Ptr fmt, Ptr out, int32_t n) {
  return format_value<char16_t>(p, flags, v, fmt, out, n, true);
}

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_number_format_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GetNumberFormatW", GetNumberFormatW),     EXPORT("GetNumberFormatA", GetNumberFormatA),
      EXPORT("GetNumberFormatEx", GetNumberFormatEx),   EXPORT("GetCurrencyFormatW", GetCurrencyFormatW),
      EXPORT("GetCurrencyFormatA", GetCurrencyFormatA), EXPORT("GetCurrencyFormatEx", GetCurrencyFormatEx),
  };
  return exports;
}

}  // namespace polyrun::shims
