// msvcrt.dll and the Universal CRT, character classes and single characters: the wide classes
// (iswalnum, iswcntrl, iswgraph, iswlower, iswprint, iswpunct, iswupper, iswxdigit, iswblank,
// iswascii, is_wctype, wctype, wctrans and towctrans) over KERNEL32's Unicode classes
// (kernel32/char_types.h: the ctype bits are CT_CTYPE1's), the narrow ones the "C" locale adds
// (isblank, isleadbyte, __isascii, __iscsym, __iscsymf, __toascii, _tolower, _toupper), one
// character between LC_CTYPE's code page and UTF-16 (msvcrt/crt_locale.h; in the "C" locale bytes
// are the characters 0–255: btowc, wctob, mblen, mbtowc, wctomb, wctomb_s, and for strings
// mbsrtowcs, wcsrtombs and their _s forms, wcrtomb_s), and float from text (strtof, wcstof, _wtof).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/kernel32/char_types.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace wctype_fns {
namespace {

// ctype masks: _UPPER 1, _LOWER 2, _DIGIT 4, _SPACE 8, _PUNCT 0x10, _CONTROL 0x20, _BLANK 0x40,
// _HEX 0x80, _ALPHA 0x103 (0x100 with _UPPER and _LOWER).
constexpr uint32_t kUpper = 1, kLower = 2, kDigit = 4, kSpace = 8, kPunct = 0x10, kControl = 0x20, kBlank = 0x40,
                   kHex = 0x80, kAlpha = 0x103;
constexpr uint32_t kWeof = 0xffff;
constexpr int32_t kEilseq = 42;  // the C runtime's EILSEQ (errno.h), not the host's

int32_t wide_class(uint32_t c, uint32_t mask) {
  if (c == kWeof || c > 0xffff) return 0;
  return static_cast<int32_t>(char_type1(static_cast<char16_t>(c)) & mask);
}
int32_t iswalnum_(WindowsProcess&, uint32_t c) { return wide_class(c, kAlpha | kDigit); }
int32_t iswcntrl_(WindowsProcess&, uint32_t c) { return wide_class(c, kControl); }
int32_t iswgraph_(WindowsProcess&, uint32_t c) { return wide_class(c, kAlpha | kDigit | kPunct); }
int32_t iswlower_(WindowsProcess&, uint32_t c) { return wide_class(c, kLower); }
int32_t iswprint_(WindowsProcess&, uint32_t c) { return wide_class(c, kAlpha | kBlank | kDigit | kPunct); }
// The Universal CRT's: a tab is not printable.
int32_t iswprint_ucrt_(WindowsProcess& p, uint32_t c) { return (c & 0xffff) == '\t' ? 0 : iswprint_(p, c); }
int32_t iswpunct_(WindowsProcess&, uint32_t c) { return wide_class(c, kPunct); }
int32_t iswupper_(WindowsProcess&, uint32_t c) { return wide_class(c, kUpper); }
int32_t iswxdigit_(WindowsProcess&, uint32_t c) { return wide_class(c, kHex); }
int32_t iswblank_(WindowsProcess&, uint32_t c) { return c == '\t' || wide_class(c, kBlank) ? 1 : 0; }
int32_t iswascii_(WindowsProcess&, uint32_t c) { return (c & 0xffff) < 0x80 ? 1 : 0; }
int32_t is_wctype_(WindowsProcess&, uint32_t c, uint32_t mask) { return wide_class(c, mask); }

// wctype("alpha") …: the mask iswctype takes; 0 for an unknown name.
uint16_t wctype_(WindowsProcess&, CStr name) {
  static const struct {
    const char* name;
    uint16_t mask;
  } kClasses[] = {{"alnum", kAlpha | kDigit}, {"alpha", kAlpha}, {"cntrl", kControl}, {"digit", kDigit},
                  {"graph", kAlpha | kDigit | kPunct}, {"lower", kLower}, {"print", kAlpha | kBlank | kDigit | kPunct},
                  {"punct", kPunct}, {"space", kSpace}, {"upper", kUpper}, {"xdigit", kHex}};
  for (const auto& k : kClasses)
    if (std::strcmp(name.c_str(), k.name) == 0) return k.mask;
  return 0;
}
// wctrans: "tolower" 2, "toupper" 1, else 0; towctrans applies one ("C" locale: ASCII letters).
uint16_t wctrans_(WindowsProcess&, CStr name) {
  if (std::strcmp(name.c_str(), "tolower") == 0) return 2;
  if (std::strcmp(name.c_str(), "toupper") == 0) return 1;
  return 0;
}
uint32_t towctrans_(WindowsProcess&, uint32_t c, uint32_t t) {
  c &= 0xffff;
  if (t == 2 && c >= 'A' && c <= 'Z') return c + 32;
  if (t == 1 && c >= 'a' && c <= 'z') return c - 32;
  return c;
}

// ---- narrow, "C" locale ----

int32_t isblank_(WindowsProcess&, int32_t c) { return c == '\t' || c == ' ' ? 1 : 0; }
// A lead byte of LC_CTYPE's code page (none in the "C" locale or a single-byte page).
int32_t isleadbyte_(WindowsProcess& p, int32_t c) { return c >= 0 && c <= 255 && crt_locale::ctype(p)->lead[c] ? 0x8000 : 0; }
int32_t __isascii_(WindowsProcess&, int32_t c) { return static_cast<uint32_t>(c) < 0x80 ? 1 : 0; }
int32_t __toascii_(WindowsProcess&, int32_t c) { return c & 0x7f; }
// __iscsym: a letter, digit or underscore; __iscsymf: a letter or underscore.
bool ascii_alpha(int32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
int32_t __iscsym_(WindowsProcess&, int32_t c) { return ascii_alpha(c) || (c >= '0' && c <= '9') || c == '_' ? 1 : 0; }
int32_t __iscsymf_(WindowsProcess&, int32_t c) { return ascii_alpha(c) || c == '_' ? 1 : 0; }
// _tolower and _toupper convert whatever they are given (the caller knows it is a letter).
int32_t _tolower_(WindowsProcess&, int32_t c) { return c - 'A' + 'a'; }
int32_t _toupper_(WindowsProcess&, int32_t c) { return c - 'a' + 'A'; }

// ---- one character ----

// btowc: the byte as a character of LC_CTYPE's code page ("C": the byte itself), WEOF for EOF, a
// lead byte or a byte that is no character.
uint32_t btowc_(WindowsProcess& p, int32_t c) {
  if (c == -1) return kWeof;
  const uint8_t b[2] = {static_cast<uint8_t>(c), 0};
  std::u16string w;
  return crt_locale::to_wide(*crt_locale::ctype(p), b, 1, w) < 0 ? kWeof : w[0];
}
// wctob: the character's single byte (a signed char), else EOF.
int32_t wctob_(WindowsProcess& p, uint32_t c) {
  const char16_t w = static_cast<char16_t>(c);
  std::string out;
  if (!crt_locale::to_bytes(*crt_locale::ctype(p), std::u16string_view(&w, 1), out) || out.size() != 1) return -1;
  return static_cast<int8_t>(out[0]);
}
// mblen and mbtowc: the character's length in bytes (0 for the NUL, or no string), -1 for an
// invalid or incomplete one.
int32_t mbtowc_(WindowsProcess& p, Ptr wc, Ptr s, USize n) {
  if (!s || !n) return 0;
  std::u16string w;
  const int32_t len = crt_locale::to_wide(*crt_locale::ctype(p), s.as<const uint8_t>(), n, w);
  if (len < 0) {
    *msvcrt_errno(p) = kEilseq;
    return -1;
  }
  if (wc) put<uint16_t>(wc.addr, w[0]);
  return len;
}
int32_t mblen_(WindowsProcess& p, Ptr s, USize n) { return mbtowc_(p, Ptr(0), s, n); }
// wctomb_s(&len, buf, size, wc): *len is the bytes written, or -1. No buffer with a size is
// nothing to do (0); a character without bytes in LC_CTYPE's code page (the "C" locale's above
// 255) is EILSEQ (the buffer cleared); no room is an invalid parameter (ERANGE).
template <bool Ucrt>
int32_t wctomb_s_(WindowsProcess& p, Ptr len, Ptr s, USize size, uint32_t wc) {
  wc &= 0xffff;
  if (!s && size) {
    if (len) put<int32_t>(len.addr, 0);
    return 0;
  }
  if (len) put<int32_t>(len.addr, -1);
  if (size > 0x7fffffff) {
    *msvcrt_errno(p) = EINVAL;
    crt_invalid_parameter(p, Ucrt);
    return EINVAL;
  }
  const char16_t w = static_cast<char16_t>(wc);
  std::string bytes;
  if (!crt_locale::to_bytes(*crt_locale::ctype(p), std::u16string_view(&w, 1), bytes)) {
    if (s && size) std::memset(s.as<char>(), 0, size);
    return *msvcrt_errno(p) = kEilseq;
  }
  if (size < bytes.size()) {
    *msvcrt_errno(p) = ERANGE;
    crt_invalid_parameter(p, Ucrt);
    return ERANGE;
  }
  std::memcpy(s.as<char>(), bytes.data(), bytes.size());
  if (len) put<int32_t>(len.addr, static_cast<int32_t>(bytes.size()));
  return 0;
}
// wctomb: wctomb_s into MB_LEN_MAX (5) bytes, or none without a buffer; the length or -1.
template <bool Ucrt>
int32_t wctomb_(WindowsProcess& p, Ptr s, uint32_t wc) {
  int32_t len = 0;
  wctomb_s_<Ucrt>(p, Ptr(reinterpret_cast<uint64_t>(&len)), s, s ? 5 : 0, wc);
  return len;
}

// ---- strings between LC_CTYPE's code page and UTF-16, restartable ----

// mbsrtowcs(dst, &src, count, state): up to `count` characters converted; at the NUL (stored)
// *src becomes null. Without dst, only counted (and *src left alone).
template <bool Ucrt>
USize mbsrtowcs_(WindowsProcess& p, Ptr dst, Ptr src, USize count, Ptr state) {
  if (!src) {
    crt_invalid_parameter(p, Ucrt);
    return p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  }
  if (state) put<uint32_t>(state.addr, 0);
  const auto* in = reinterpret_cast<const unsigned char*>(p.get_ptr(src.addr));
  char16_t* out = dst.as<char16_t>();
  const auto d = crt_locale::ctype(p);
  uint64_t n = 0, at = 0;
  std::u16string w;
  while (!dst || n < count) {
    const int32_t len = crt_locale::to_wide(*d, in + at, 4, w);
    if (len < 0) {
      *msvcrt_errno(p) = kEilseq;
      return p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
    }
    if (dst) out[n] = w[0];
    if (!len) {
      if (dst) p.put_ptr(src.addr, 0);
      return n;
    }
    ++n;
    at += static_cast<uint64_t>(len);
  }
  p.put_ptr(src.addr, reinterpret_cast<uint64_t>(in + at));
  return n;
}
// mbsrtowcs_s(&converted, dst, size, &src, count, state): with its NUL, which needs room.
template <bool Ucrt>
int32_t mbsrtowcs_s_(WindowsProcess& p, Ptr converted, Ptr dst, USize size, Ptr src, USize count, Ptr state) {
  uint64_t result = 0;
  if (!dst != !size) {
    if (converted) p.put_ptr(converted.addr, p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
    *msvcrt_errno(p) = EINVAL;
    crt_invalid_parameter(p, Ucrt);
    return EINVAL;
  }
  result = mbsrtowcs_<Ucrt>(p, dst, src, count > size ? size : count, state) + 1;
  if (result > size) {
    if (dst) *dst.as<char16_t>() = 0;
  } else if (dst) {
    dst.as<char16_t>()[result - 1] = 0;
  }
  if (converted) p.put_ptr(converted.addr, result);
  return 0;
}
// wcsrtombs: the bytes of each character in LC_CTYPE's code page, up to `count` of them (a
// character that does not fit whole is left); one without bytes is EILSEQ (-1).
uint64_t to_bytes(WindowsProcess& p, char* dst, uint64_t src_slot, uint64_t count) {
  const auto* in = reinterpret_cast<const char16_t*>(p.get_ptr(src_slot));
  const auto d = crt_locale::ctype(p);
  std::string b;
  uint64_t i = 0, n = 0;
  for (;; ++i) {
    if (!in[i]) {
      if (dst && n < count) {
        dst[n] = 0;
        p.put_ptr(src_slot, 0);
      }
      return n;
    }
    if (!crt_locale::to_bytes(*d, std::u16string_view(in + i, 1), b)) {
      *msvcrt_errno(p) = kEilseq;
      return ~0ull;
    }
    if (dst) {
      if (n + b.size() > count) break;
      std::memcpy(dst + n, b.data(), b.size());
    }
    n += b.size();
  }
  p.put_ptr(src_slot, reinterpret_cast<uint64_t>(in + i));
  return n;
}
USize wcsrtombs_(WindowsProcess& p, Ptr dst, Ptr src, USize count, Ptr state) {
  if (state) put<uint32_t>(state.addr, 0);
  uint64_t r = to_bytes(p, dst.as<char>(), src.addr, count);
  return r == ~0ull && p.isa->ptr == 4 ? 0xffffffffull : r;
}
// wcsrtombs_s(&converted, dst, size, &src, count, state): with its NUL; _TRUNCATE cuts to fit
// (STRUNCATE); no room otherwise is an invalid parameter (ERANGE).
template <bool Ucrt>
int32_t wcsrtombs_s_(WindowsProcess& p, Ptr converted, Ptr dst, USize size, Ptr src, USize count, Ptr state) {
  const uint64_t truncate = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  if (state) put<uint32_t>(state.addr, 0);
  if (!dst && !size && src) {
    uint64_t n = to_bytes(p, nullptr, src.addr, 0);
    if (converted) p.put_ptr(converted.addr, n + 1);
    return 0;
  }
  auto invalid = [&](int32_t e) {
    *msvcrt_errno(p) = e;
    crt_invalid_parameter(p, Ucrt);
    return e;
  };
  if (!dst) return invalid(EINVAL);
  char* out = dst.as<char>();
  if (size) out[0] = 0;
  if (!src || !p.get_ptr(src.addr)) return invalid(EINVAL);
  uint64_t conv = count == truncate || size < count ? size : count;
  int32_t err = 0;
  conv = to_bytes(p, out, src.addr, conv);
  if (conv == ~0ull) {
    conv = 0;
    if (size) out[0] = 0;
    err = *msvcrt_errno(p);
  } else if (conv < size) {
    out[conv++] = 0;
  } else if (conv == size && (count == truncate || out[conv - 1] == 0)) {
    out[conv - 1] = 0;
    if (count == truncate) err = 80;  // STRUNCATE
  } else {
    conv = 0;
    if (size) out[0] = 0;
    err = invalid(ERANGE);
  }
  if (converted) p.put_ptr(converted.addr, conv);
  return err;
}
// wcrtomb_s: wctomb_s's, the state cleared.
template <bool Ucrt>
int32_t wcrtomb_s_(WindowsProcess& p, Ptr len, Ptr s, USize size, uint32_t wc, Ptr state) {
  if (state) put<uint32_t>(state.addr, 0);
  int32_t n = 0;
  int32_t r = wctomb_s_<Ucrt>(p, Ptr(reinterpret_cast<uint64_t>(&n)), s, size, wc);
  if (len) p.put_ptr(len.addr, static_cast<uint64_t>(static_cast<int64_t>(n)));
  return r;
}

// ---- float from text ----

// A float out of range: ±HUGE_VALF or 0 and ERANGE.
float to_float(WindowsProcess& p, const char* s, char** end) {
  errno = 0;
  float v = std::strtof(s, end);
  if (errno == ERANGE) *msvcrt_errno(p) = ERANGE;
  return v;
}
float strtof_(WindowsProcess& p, CStr s, Ptr end) {
  char* e = nullptr;
  float v = to_float(p, s.c_str(), &e);
  if (end) p.put_ptr(end.addr, reinterpret_cast<uint64_t>(e));
  return v;
}
// The wide forms read the ASCII text of the string (a non-ASCII character ends the number).
float wcstof_(WindowsProcess& p, WStr s, Ptr end) {
  const char16_t* w = s.data();
  std::string narrow;
  for (const char16_t* q = w; *q && *q < 0x80; ++q) narrow += static_cast<char>(*q);
  char* e = nullptr;
  float v = to_float(p, narrow.c_str(), &e);
  if (end) p.put_ptr(end.addr, reinterpret_cast<uint64_t>(w + (e - narrow.c_str())));
  return v;
}
double _wtof_(WindowsProcess& p, WStr s) {
  const char16_t* w = s.data();
  std::string narrow;
  for (const char16_t* q = w; *q && *q < 0x80; ++q) narrow += static_cast<char>(*q);
  (void)p;
  return std::strtod(narrow.c_str(), nullptr);
}

}  // namespace
}  // namespace wctype_fns

int32_t crt_wide_class(uint32_t c, uint32_t mask) { return wctype_fns::wide_class(c, mask); }

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_wctype_exports() {
  using namespace wctype_fns;
  static const std::vector<Export> exports = {
      EXPORT("iswalnum", iswalnum_), EXPORT("iswcntrl", iswcntrl_), EXPORT("iswgraph", iswgraph_),
      EXPORT("iswlower", iswlower_), EXPORT("iswprint", iswprint_), EXPORT("iswpunct", iswpunct_),
      EXPORT("iswupper", iswupper_), EXPORT("iswxdigit", iswxdigit_), EXPORT("iswascii", iswascii_),
      EXPORT("is_wctype", is_wctype_), EXPORT("isleadbyte", isleadbyte_), EXPORT("__isascii", __isascii_),
      EXPORT("__toascii", __toascii_), EXPORT("__iscsym", __iscsym_), EXPORT("__iscsymf", __iscsymf_),
      EXPORT("_tolower", _tolower_), EXPORT("_toupper", _toupper_), EXPORT("btowc", btowc_),
      EXPORT("mblen", mblen_), EXPORT("mbtowc", mbtowc_), EXPORT("wctomb", wctomb_<false>), EXPORT("wctomb_s", wctomb_s_<false>),
      EXPORT("_wtof", _wtof_), EXPORT("wctob", wctob_),
      EXPORT("mbsrtowcs", mbsrtowcs_<false>), EXPORT("mbsrtowcs_s", mbsrtowcs_s_<false>),
      EXPORT("wcsrtombs", wcsrtombs_), EXPORT("wcsrtombs_s", wcsrtombs_s_<false>),
      EXPORT("wcrtomb_s", wcrtomb_s_<false>),
  };
  return exports;
}

// The Universal CRT's own (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_wctype_exports() {
  using namespace wctype_fns;
  static const std::vector<Export> exports = {
      EXPORT("iswblank", iswblank_), EXPORT("isblank", isblank_), EXPORT("wctype", wctype_),
      EXPORT("wctomb", wctomb_<true>), EXPORT("wctomb_s", wctomb_s_<true>), EXPORT("iswprint", iswprint_ucrt_),
      EXPORT("mbsrtowcs", mbsrtowcs_<true>), EXPORT("mbsrtowcs_s", mbsrtowcs_s_<true>),
      EXPORT("wcsrtombs_s", wcsrtombs_s_<true>), EXPORT("wcrtomb_s", wcrtomb_s_<true>),
      EXPORT("wctrans", wctrans_), EXPORT("towctrans", towctrans_), EXPORT("strtof", strtof_),
      EXPORT("wcstof", wcstof_),
  };
  return exports;
}

}  // namespace polyrun::shims
