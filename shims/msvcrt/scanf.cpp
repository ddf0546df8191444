// msvcrt.dll and the Universal CRT, formatted input: the scanf family's conversions over a string
// (sscanf, swscanf, their _s and _l forms, the counted _snscanf and _snwscanf forms,
// __stdio_common_vsscanf, __stdio_common_vswscanf) or a
// stream (msvcrt/stdio.cpp: fscanf, scanf, __stdio_common_vfscanf).
//
// Conversions d i u o x X p, a e f g (and capitals), c s [set], n, %%; widths, * (no assignment),
// the sizes hh h l ll L j z t I I32 I64 as Windows has them (long 32 bits, long double a double).
// Numbers are read as strtoll/strtoull/strtod read them, within the width, and stored truncated
// to their size. %c, %s and %[ store the function's own characters (narrow for sscanf, wide for
// swscanf: see scan_formatted) unless h (narrow) or l or w (wide) says otherwise; %C and %S the
// other width. A narrow input's text stored as wide characters is read as UTF-8, a wide input's
// stored as narrow characters is written as UTF-8. With _CRT_INTERNAL_SCANF_SECURECRT (the _s
// functions) each c, s and [ destination is followed by its size in characters (an unsigned int).
#include "shims/msvcrt/scanf.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"

namespace polyrun::shims {

int ScanInput::peek(size_t k) {
  if (narrow_) return pos_ + k < n_ ? static_cast<unsigned char>(narrow_[pos_ + k]) : -1;
  if (wide_) return pos_ + k < n_ ? wide_[pos_ + k] : -1;
  while (ahead_.size() <= k && !ended_) {
    int c = next_();
    if (c < 0) ended_ = true;
    else ahead_ += static_cast<char>(c);
  }
  return k < ahead_.size() ? static_cast<unsigned char>(ahead_[k]) : -1;
}

void ScanInput::advance(size_t k) {
  if (!narrow_ && !wide_) ahead_.erase(0, k);
  pos_ += k;
}

namespace {

bool is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

void skip_space(ScanInput& in) {
  while (is_space(in.peek())) in.advance();
}

// The characters a %[ set allows: `f` just after the '['; returns the ']' (or the format's end).
template <typename F>
const F* scan_set(const F* f, std::vector<bool>& allowed) {
  const bool negate = *f == '^';
  if (negate) ++f;
  std::vector<bool> in(allowed.size(), false);
  auto unit = [&](F c) { return static_cast<size_t>(static_cast<std::make_unsigned_t<F>>(c)) % in.size(); };
  const F* start = f;
  for (; *f && (*f != ']' || f == start); ++f) {
    if (f[1] == '-' && f[2] && f[2] != ']') {
      size_t a = unit(f[0]), b = unit(f[2]);
      for (size_t x = std::min(a, b); x <= std::max(a, b); ++x) in[x] = true;
      f += 2;
    } else {
      in[unit(*f)] = true;
    }
  }
  for (size_t i = 0; i < in.size(); ++i) allowed[i] = in[i] != negate;
  return f;
}

// The input a number may take (at most `limit` characters): signs, digits, letters (hexadecimal,
// the exponent, "inf", "nan(...)"), the point.
std::string number_text(ScanInput& in, size_t limit) {
  std::string text;
  for (size_t len = 0; len < limit; ++len) {
    int c = in.peek(len);
    if (c < 0 || c > 0x7f || !(std::isalnum(c) || c == '+' || c == '-' || c == '.' || c == '(' || c == ')' || c == '_')) break;
    text += static_cast<char>(c);
  }
  return text;
}

// Stores `v` in `size` bytes at the guest address.
void store_int(uint64_t addr, uint64_t v, unsigned size) {
  switch (size) {
    case 1: put<uint8_t>(addr, static_cast<uint8_t>(v)); break;
    case 2: put<uint16_t>(addr, static_cast<uint16_t>(v)); break;
    case 8: put<uint64_t>(addr, v); break;
    default: put<uint32_t>(addr, static_cast<uint32_t>(v)); break;
  }
}

template <typename F>
int32_t scan(WindowsProcess& p, ScanInput& in, const F* f, VarArgs& args, bool secure, bool wide_strings) {
  constexpr bool kWideFunction = std::is_same_v<F, char16_t>;
  const unsigned ptr = p.isa->ptr;
  int32_t assigned = 0;
  bool converted = false;  // a conversion was reached with input to read
  auto input_failure = [&] { return converted ? assigned : -1; };
  std::vector<bool> allowed(kWideFunction ? 0x10000 : 0x100);
  while (*f) {
    if (is_space(*f)) {
      while (is_space(*f)) ++f;
      skip_space(in);
      continue;
    }
    if (*f != '%' || f[1] == '%') {
      if (*f == '%') ++f, skip_space(in);
      if (in.peek() < 0) return input_failure();
      if (in.peek() != static_cast<int>(static_cast<std::make_unsigned_t<F>>(*f))) return assigned;
      in.advance();
      ++f;
      continue;
    }
    ++f;
    const bool suppress = *f == '*';
    if (suppress) ++f;
    size_t width = 0;
    while (*f >= '0' && *f <= '9') width = width * 10 + static_cast<size_t>(*f++ - '0');
    unsigned size = 4;  // int
    int chars = 0;      // characters stored: 1 narrow, 2 wide, 0 the function's own
    bool is_long = false, long_double = false;
    if (f[0] == 'h' && f[1] == 'h') size = 1, f += 2;
    else if (f[0] == 'h') size = 2, chars = 1, ++f;
    else if (f[0] == 'l' && f[1] == 'l') size = 8, f += 2;
    else if (f[0] == 'l') is_long = true, chars = 2, ++f;  // long is 32 bits
    else if (f[0] == 'w') chars = 2, ++f;
    else if (f[0] == 'L') size = 8, long_double = true, ++f;  // long double is double
    else if (f[0] == 'j') size = 8, ++f;
    else if (f[0] == 'z' || f[0] == 't') size = ptr, ++f;
    else if (f[0] == 'I' && f[1] == '6' && f[2] == '4') size = 8, f += 3;
    else if (f[0] == 'I' && f[1] == '3' && f[2] == '2') size = 4, f += 3;
    else if (f[0] == 'I') size = ptr, ++f;
    const char conv = *f ? static_cast<char>(*f++) : 0;
    if (!conv) break;
    if (!chars) chars = (conv == 'C' || conv == 'S') != wide_strings ? 2 : 1;
    const bool wide = chars == 2;
    if (conv != 'c' && conv != 'C' && conv != '[' && conv != 'n') skip_space(in);
    if (conv == 'n') {
      if (!suppress) store_int(args.next_int(), in.consumed(), size);
      continue;
    }
    if (in.peek() < 0) return input_failure();
    converted = true;
    const size_t limit = width ? width : SIZE_MAX;
    switch (conv) {
      case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
        const int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
        std::string text = number_text(in, limit);
        char* end = nullptr;
        uint64_t v = conv == 'd' || conv == 'i' ? static_cast<uint64_t>(std::strtoll(text.c_str(), &end, base))
                                                : std::strtoull(text.c_str(), &end, base);
        if (end == text.c_str()) return assigned;
        in.advance(static_cast<size_t>(end - text.c_str()));
        if (!suppress) store_int(args.next_int(), v, conv == 'p' ? ptr : size), ++assigned;
        break;
      }
      case 'a': case 'A': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
        std::string text = number_text(in, limit);
        char* end = nullptr;
        double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str()) return assigned;
        in.advance(static_cast<size_t>(end - text.c_str()));
        if (suppress) break;
        uint64_t to = args.next_int();
        if (is_long || long_double) put<double>(to, v);
        else put<float>(to, static_cast<float>(v));
        ++assigned;
        break;
      }
      case 'c': case 'C': case 's': case 'S': case '[': {
        if (conv == '[') {
          f = scan_set(f, allowed);
          if (*f == ']') ++f;
        } else {
          for (size_t i = 0; i < allowed.size(); ++i) allowed[i] = conv == 'c' || conv == 'C' || !is_space(static_cast<int>(i));
        }
        const bool fixed = conv == 'c' || conv == 'C';
        const size_t most = fixed ? (width ? width : 1) : limit;
        std::u16string units;  // what was read: bytes or UTF-16 code units
        for (int c; units.size() < most && (c = in.peek(units.size())) >= 0 && allowed[static_cast<size_t>(c)];)
          units.push_back(static_cast<char16_t>(c));
        if (fixed && units.size() < most) return input_failure();  // input ended
        if (units.empty()) return assigned;
        in.advance(units.size());
        if (suppress) break;
        const uint64_t to = args.next_int();
        const uint64_t room = secure ? static_cast<uint32_t>(args.next_int()) : UINT64_MAX;
        std::string bytes;
        if (!kWideFunction) bytes.assign(units.begin(), units.end());
        if (wide) {
          std::u16string w = kWideFunction ? units : utf8_to_utf16(bytes);
          if (!fixed) w.push_back(0);
          if (w.size() > room) return put<uint16_t>(to, 0), assigned;
          std::memcpy(guest_pointer(to), w.data(), w.size() * 2);
        } else {
          if (kWideFunction) bytes = utf16_to_utf8(units);
          if (!fixed) bytes.push_back(0);
          if (bytes.size() > room) return put<char>(to, 0), assigned;
          std::memcpy(guest_pointer(to), bytes.data(), bytes.size());
        }
        ++assigned;
        break;
      }
      default:
        return assigned;  // not a conversion
    }
  }
  return assigned;
}

}  // namespace

int32_t scan_formatted(WindowsProcess& p, ScanInput& in, const char* fmt, VarArgs& args, bool secure) {
  return scan(p, in, fmt, args, secure, false);
}
int32_t scan_formatted(WindowsProcess& p, ScanInput& in, const char16_t* fmt, VarArgs& args, bool secure,
                       bool wide_strings) {
  return scan(p, in, fmt, args, secure, wide_strings);
}

namespace {

constexpr uint64_t kScanfSecure = 1, kScanfLegacyWide = 2;  // _CRT_INTERNAL_SCANF_SECURECRT, …_LEGACY_WIDE_SPECIFIERS

VarArgs scan_va(WindowsProcess& p, Ptr va) { return VarArgs{nullptr, 0, va.addr, p.isa->ptr}; }

int32_t scan_narrow(WindowsProcess& p, const char* s, size_t n, CStr fmt, VarArgs& args, bool secure) {
  ScanInput in(s, n);
  return scan_formatted(p, in, fmt.c_str(), args, secure);
}
int32_t scan_wide(WindowsProcess& p, const char16_t* s, size_t n, WStr fmt, VarArgs& args, bool secure, bool wide_strings) {
  ScanInput in(s, n);
  return scan_formatted(p, in, fmt.data(), args, secure, wide_strings);
}
size_t wide_length(const char16_t* s, uint64_t most) {
  size_t n = 0;
  while (n < most && s[n]) ++n;
  return n;
}

// __stdio_common_vsscanf(options, input, length (SIZE_MAX: to its NUL), format, locale, va_list).
int32_t __stdio_common_vsscanf_(WindowsProcess& p, uint64_t options, CStr input, USize length, CStr fmt, Ptr, Ptr va) {
  const char* s = input.c_str();
  VarArgs args = scan_va(p, va);
  return scan_narrow(p, s, ::strnlen(s, length.v), fmt, args, options & kScanfSecure);
}
// __stdio_common_vswscanf: the same over UTF-16 input and format; %s, %c and %[ store wide
// characters under _CRT_INTERNAL_SCANF_LEGACY_WIDE_SPECIFIERS (Microsoft's meaning, which its
// headers and mingw-w64's ask for), narrow ones without it (ISO C's).
int32_t __stdio_common_vswscanf_(WindowsProcess& p, uint64_t options, WStr input, USize length, WStr fmt, Ptr, Ptr va) {
  const char16_t* s = input.data();
  VarArgs args = scan_va(p, va);
  return scan_wide(p, s, wide_length(s, length.v), fmt, args, options & kScanfSecure, options & kScanfLegacyWide);
}

// vsscanf and vswscanf (Visual C++ 2013's runtime): over the string to its NUL; the wide one's %s,
// %c and %[ store wide characters, as that runtime's did.
int32_t vsscanf_(WindowsProcess& p, CStr input, CStr fmt, Ptr va) {
  return __stdio_common_vsscanf_(p, 0, input, USize(~0ull), fmt, Ptr(0), va);
}
int32_t vswscanf_(WindowsProcess& p, WStr input, WStr fmt, Ptr va) {
  return __stdio_common_vswscanf_(p, kScanfLegacyWide, input, USize(~0ull), fmt, Ptr(0), va);
}

// msvcrt.dll's own names.
int32_t sscanf_(WindowsProcess& p, CStr input, CStr fmt, VarArgs va) {
  return scan_narrow(p, input.c_str(), std::strlen(input.c_str()), fmt, va, false);
}
int32_t sscanf_s_(WindowsProcess& p, CStr input, CStr fmt, VarArgs va) {
  return scan_narrow(p, input.c_str(), std::strlen(input.c_str()), fmt, va, true);
}
int32_t swscanf_(WindowsProcess& p, WStr input, WStr fmt, VarArgs va) {
  return scan_wide(p, input.data(), wide_length(input.data(), UINT64_MAX), fmt, va, false, true);
}
int32_t swscanf_s_(WindowsProcess& p, WStr input, WStr fmt, VarArgs va) {
  return scan_wide(p, input.data(), wide_length(input.data(), UINT64_MAX), fmt, va, true, true);
}

// The _l forms (the locale before the arguments: only the "C" locale exists) and the counted
// _snscanf forms, which read at most `length` characters of the input.
int32_t _sscanf_l_(WindowsProcess& p, CStr input, CStr fmt, Ptr, VarArgs va) { return sscanf_(p, input, fmt, va); }
int32_t _sscanf_s_l_(WindowsProcess& p, CStr input, CStr fmt, Ptr, VarArgs va) { return sscanf_s_(p, input, fmt, va); }
int32_t _swscanf_l_(WindowsProcess& p, WStr input, WStr fmt, Ptr, VarArgs va) { return swscanf_(p, input, fmt, va); }
int32_t _swscanf_s_l_(WindowsProcess& p, WStr input, WStr fmt, Ptr, VarArgs va) { return swscanf_s_(p, input, fmt, va); }
int32_t counted_narrow(WindowsProcess& p, CStr input, USize length, CStr fmt, VarArgs& va, bool secure) {
  const char* s = input.c_str();
  return scan_narrow(p, s, ::strnlen(s, length.v), fmt, va, secure);
}
int32_t counted_wide(WindowsProcess& p, WStr input, USize length, WStr fmt, VarArgs& va, bool secure) {
  const char16_t* s = input.data();
  return scan_wide(p, s, wide_length(s, length.v), fmt, va, secure, true);
}
int32_t _snscanf_(WindowsProcess& p, CStr input, USize length, CStr fmt, VarArgs va) {
  return counted_narrow(p, input, length, fmt, va, false);
}
int32_t _snscanf_s_(WindowsProcess& p, CStr input, USize length, CStr fmt, VarArgs va) {
  return counted_narrow(p, input, length, fmt, va, true);
}
int32_t _snscanf_l_(WindowsProcess& p, CStr input, USize length, CStr fmt, Ptr, VarArgs va) {
  return counted_narrow(p, input, length, fmt, va, false);
}
int32_t _snscanf_s_l_(WindowsProcess& p, CStr input, USize length, CStr fmt, Ptr, VarArgs va) {
  return counted_narrow(p, input, length, fmt, va, true);
}
int32_t _snwscanf_(WindowsProcess& p, WStr input, USize length, WStr fmt, VarArgs va) {
  return counted_wide(p, input, length, fmt, va, false);
}
int32_t _snwscanf_s_(WindowsProcess& p, WStr input, USize length, WStr fmt, VarArgs va) {
  return counted_wide(p, input, length, fmt, va, true);
}
int32_t _snwscanf_l_(WindowsProcess& p, WStr input, USize length, WStr fmt, Ptr, VarArgs va) {
  return counted_wide(p, input, length, fmt, va, false);
}
int32_t _snwscanf_s_l_(WindowsProcess& p, WStr input, USize length, WStr fmt, Ptr, VarArgs va) {
  return counted_wide(p, input, length, fmt, va, true);
}

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_scanf_exports() {
  static const std::vector<Export> exports = {
      EXPORT("__stdio_common_vsscanf", __stdio_common_vsscanf_),
      EXPORT("__stdio_common_vswscanf", __stdio_common_vswscanf_),
      EXPORT("vsscanf", vsscanf_),
      EXPORT("vswscanf", vswscanf_),
      EXPORT("sscanf", sscanf_),
      EXPORT("sscanf_s", sscanf_s_),
      EXPORT("swscanf", swscanf_),
      EXPORT("swscanf_s", swscanf_s_),
      EXPORT("_sscanf_l", _sscanf_l_),
      EXPORT("_sscanf_s_l", _sscanf_s_l_),
      EXPORT("_swscanf_l", _swscanf_l_),
      EXPORT("_swscanf_s_l", _swscanf_s_l_),
      EXPORT("_snscanf", _snscanf_),
      EXPORT("_snscanf_s", _snscanf_s_),
      EXPORT("_snscanf_l", _snscanf_l_),
      EXPORT("_snscanf_s_l", _snscanf_s_l_),
      EXPORT("_snwscanf", _snwscanf_),
      EXPORT("_snwscanf_s", _snwscanf_s_),
      EXPORT("_snwscanf_l", _snwscanf_l_),
      EXPORT("_snwscanf_s_l", _snwscanf_s_l_),
  };
  return exports;
}

}  // namespace polyrun::shims
