// NTDLL's Unicode normalization and internationalized domain names: RtlNormalizeString and
// RtlIsNormalizedString (forms C, D, KC and KD, libunistring's uninorm: the normalization tables
// are the Unicode Consortium's, and polyrun already links libunistring for GnuTLS), and
// RtlIdnToAscii, RtlIdnToUnicode and RtlIdnToNameprepUnicode as IDNA2003 (RFC 3490) has them, which
// Windows' functions implement: a name is taken label by label (separated by '.', U+3002, U+FF0E or
// U+FF61); a label with characters beyond ASCII goes through nameprep (RFC 3491: the characters
// mapped to nothing removed, case folded, NFKC — libunistring's case folding and normalization)
// and, to ASCII, Punycode (RFC 3492) behind "xn--"; an ASCII label stays as it is. KERNEL32's
// NormalizeString, IsNormalizedString and IdnTo* are made of them (kernel32/normalization.cpp).
#include "shims/ntdll/normalization.h"

#include <unicase.h>
#include <uninorm.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_normalization {

namespace {

constexpr uint32_t kObjectNameNotFound = 0xc0000034, kInvalidIdnNormalization = 0xc0000716;
constexpr uint32_t kUseStd3AsciiRules = 2;

uninorm_t form_of(uint32_t form) {
  switch (form) {
    case 1: return UNINORM_NFC;
    case 2: return UNINORM_NFD;
    case 5: return UNINORM_NFKC;
    case 6: return UNINORM_NFKD;
    default: return nullptr;
  }
}

// libunistring's result (malloc'd) as a string; false where it failed (an ill-formed string).
bool take(uint16_t* r, size_t n, std::u16string* out) {
  if (!r) return false;
  out->assign(reinterpret_cast<const char16_t*>(r), n);
  std::free(r);
  return true;
}

// ---- Punycode (RFC 3492) ----

constexpr uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700, kInitialBias = 72, kInitialN = 128;

uint32_t adapt(uint32_t delta, uint32_t points, bool first) {
  delta = first ? delta / kDamp : delta / 2;
  delta += delta / points;
  uint32_t k = 0;
  while (delta > ((kBase - kTMin) * kTMax) / 2) {
    delta /= kBase - kTMin;
    k += kBase;
  }
  return k + (kBase - kTMin + 1) * delta / (delta + kSkew);
}
char digit(uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }

bool punycode_encode(const std::u32string& in, std::string* out) {
  uint32_t n = kInitialN, delta = 0, bias = kInitialBias;
  for (char32_t c : in)
    if (c < 0x80) out->push_back(static_cast<char>(c));
  const uint32_t basic = static_cast<uint32_t>(out->size());
  uint32_t handled = basic;
  if (basic) out->push_back('-');
  while (handled < in.size()) {
    uint32_t m = 0xffffffffu;
    for (char32_t c : in)
      if (c >= n && c < m) m = c;
    if ((m - n) > (0xffffffffu - delta) / (handled + 1)) return false;
    delta += (m - n) * (handled + 1);
    n = m;
    for (char32_t c : in) {
      if (c < n && ++delta == 0) return false;
      if (c != n) continue;
      uint32_t q = delta;
      for (uint32_t k = kBase;; k += kBase) {
        const uint32_t t = k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
        if (q < t) break;
        out->push_back(digit(t + (q - t) % (kBase - t)));
        q = (q - t) / (kBase - t);
      }
      out->push_back(digit(q));
      bias = adapt(delta, handled + 1, handled == basic);
      delta = 0;
      ++handled;
    }
    ++delta;
    ++n;
  }
  return true;
}

bool punycode_decode(const std::u16string& in, std::u32string* out) {
  uint32_t n = kInitialN, i = 0, bias = kInitialBias;
  const size_t dash = in.rfind(u'-');
  size_t at = 0;
  if (dash != std::u16string::npos) {
    for (size_t j = 0; j < dash; ++j) {
      if (in[j] >= 0x80) return false;
      out->push_back(in[j]);
    }
    at = dash + 1;
  }
  while (at < in.size()) {
    const uint32_t old = i;
    uint32_t w = 1;
    for (uint32_t k = kBase;; k += kBase) {
      if (at >= in.size()) return false;
      const char16_t c = in[at++];
      const uint32_t d = c >= u'0' && c <= u'9' ? c - u'0' + 26 : c >= u'a' && c <= u'z' ? c - u'a'
                         : c >= u'A' && c <= u'Z' ? c - u'A' : kBase;
      if (d >= kBase || d > (0xffffffffu - i) / w) return false;
      i += d * w;
      const uint32_t t = k <= bias ? kTMin : k >= bias + kTMax ? kTMax : k - bias;
      if (d < t) break;
      w *= kBase - t;
    }
    const uint32_t count = static_cast<uint32_t>(out->size()) + 1;
    bias = adapt(i - old, count, old == 0);
    n += i / count;
    i %= count;
    out->insert(out->begin() + i, static_cast<char32_t>(n));
    ++i;
  }
  return true;
}

std::u32string utf32_of(const std::u16string& s) {
  std::u32string r;
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t c = s[i];
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.size() && s[i + 1] >= 0xdc00 && s[i + 1] < 0xe000)
      c = 0x10000 + ((c - 0xd800) << 10) + (s[++i] - 0xdc00);
    r.push_back(c);
  }
  return r;
}
std::u16string utf16_of(const std::u32string& s) {
  std::u16string r;
  for (char32_t c : s) {
    if (c >= 0x10000) {
      r.push_back(static_cast<char16_t>(0xd800 + ((c - 0x10000) >> 10)));
      r.push_back(static_cast<char16_t>(0xdc00 + ((c - 0x10000) & 0x3ff)));
    } else {
      r.push_back(static_cast<char16_t>(c));
    }
  }
  return r;
}

bool ascii(const std::u16string& s) {
  for (char16_t c : s)
    if (c >= 0x80) return false;
  return true;
}

// Nameprep: RFC 3454's table B.1 (mapped to nothing), then case folding with NFKC (B.2 and the
// normalization); a label that then holds a character nameprep prohibits (spaces, controls, private
// use, surrogates, non-characters: C.1.2, C.2, C.3, C.4, C.5) cannot be.
bool nameprep(const std::u16string& label, std::u16string* out) {
  std::u16string kept;
  for (char16_t c : label) {
    const bool nothing = c == 0x00ad || c == 0x034f || c == 0x1806 || (c >= 0x180b && c <= 0x180d) ||
                         (c >= 0x200b && c <= 0x200d) || c == 0x2060 || (c >= 0xfe00 && c <= 0xfe0f) || c == 0xfeff;
    if (!nothing) kept.push_back(c);
  }
  size_t n = 0;
  uint16_t* r = u16_casefold(reinterpret_cast<const uint16_t*>(kept.data()), kept.size(), nullptr, UNINORM_NFKC,
                             nullptr, &n);
  if (!take(r, n, out)) return false;
  for (char16_t c : *out)
    if ((c < 0x20) || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x1680 || (c >= 0x2000 && c <= 0x200b) ||
        c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 || (c >= 0xe000 && c <= 0xf8ff) ||
        c == 0xfffe || c == 0xffff || c == 0x00a0)
      return false;
  return true;
}

// STD3's host name rules: letters, digits and hyphens, no hyphen at either end.
bool std3(const std::u16string& label) {
  if (label.empty() || label.front() == u'-' || label.back() == u'-') return false;
  for (char16_t c : label)
    if (!((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-')) return false;
  return true;
}

bool prefixed(const std::u16string& label) {
  return label.size() >= 4 && (label[0] | 0x20) == u'x' && (label[1] | 0x20) == u'n' && label[2] == u'-' &&
         label[3] == u'-';
}

}  // namespace

uint32_t normalize(uint32_t form, const std::u16string& in, std::u16string* out) {
  const uninorm_t f = form_of(form);
  if (!f) return kObjectNameNotFound;
  size_t n = 0;
  uint16_t* r = u16_normalize(f, reinterpret_cast<const uint16_t*>(in.data()), in.size(), nullptr, &n);
  return take(r, n, out) ? nt::kSuccess : kInvalidIdnNormalization;
}

uint32_t is_normalized(uint32_t form, const std::u16string& in, bool* result) {
  std::u16string n;
  if (const uint32_t s = normalize(form, in, &n)) return s;
  *result = n == in;
  return nt::kSuccess;
}

uint32_t idn(Idn what, uint32_t flags, const std::u16string& in, std::u16string* out) {
  out->clear();
  size_t start = 0;
  for (;;) {
    size_t end = start;
    while (end < in.size() && in[end] != u'.' && in[end] != 0x3002 && in[end] != 0xff0e && in[end] != 0xff61 &&
           in[end] != 0)
      ++end;
    std::u16string label = in.substr(start, end - start), result;
    if (what == Idn::kToUnicode) {
      std::u32string decoded;
      if (prefixed(label) && ascii(label) && punycode_decode(label.substr(4), &decoded)) result = utf16_of(decoded);
      else result = label;
    } else if (ascii(label)) {
      result = label;
    } else {
      if (!nameprep(label, &result)) return kInvalidIdnNormalization;
      if (what == Idn::kToAscii && !ascii(result)) {
        if (prefixed(result)) return kInvalidIdnNormalization;
        std::string encoded;
        if (!punycode_encode(utf32_of(result), &encoded)) return kInvalidIdnNormalization;
        result = u"xn--" + std::u16string(encoded.begin(), encoded.end());
      }
    }
    if (what == Idn::kToAscii) {
      if (result.size() > 63) return kInvalidIdnNormalization;
      if ((flags & kUseStd3AsciiRules) && !std3(result)) return kInvalidIdnNormalization;
    }
    *out += result;
    if (end >= in.size() || in[end] == 0) break;
    out->push_back(u'.');
    start = end + 1;
  }
  if (what == Idn::kToAscii && out->size() > 255) return kInvalidIdnNormalization;
  return nt::kSuccess;
}

}  // namespace ntdll_normalization

namespace ntdll_normalization_impl {

using namespace ntdll_normalization;

// A source of `length` characters, or NUL-terminated (-1: its NUL is part of the result).
std::u16string source(uint64_t src, int32_t length, bool* terminated) {
  *terminated = length < 0;
  const auto* s = reinterpret_cast<const char16_t*>(guest_pointer(src));
  if (length < 0) return std::u16string(s, std::char_traits<char16_t>::length(s)) + u'\0';
  return std::u16string(s, static_cast<size_t>(length));
}

// The result into dst (*length characters of room; 0: only its length told).
uint32_t give(const std::u16string& r, Ptr dst, Ptr length) {
  const int32_t room = get<int32_t>(length.addr);
  put<int32_t>(length.addr, static_cast<int32_t>(r.size()));
  if (!room) return nt::kSuccess;
  if (static_cast<size_t>(room) < r.size() || !dst) return nt::kBufferTooSmall;
  std::memcpy(guest_pointer(dst.addr), r.data(), r.size() * 2);
  return nt::kSuccess;
}

uint32_t RtlNormalizeString(WindowsProcess&, uint32_t form, Ptr src, int32_t src_length, Ptr dst, Ptr dst_length) {
  if (!src || !dst_length) return nt::kInvalidParameter;
  bool terminated;
  std::u16string r;
  if (const uint32_t s = normalize(form, source(src.addr, src_length, &terminated), &r)) return s;
  return give(r, dst, dst_length);
}

uint32_t RtlIsNormalizedString(WindowsProcess&, uint32_t form, Ptr str, int32_t length, Ptr result) {
  if (!str || !result) return nt::kInvalidParameter;
  bool terminated, is = false;
  std::u16string s = source(str.addr, length, &terminated);
  if (terminated) s.pop_back();
  if (const uint32_t st = is_normalized(form, s, &is)) return st;
  put<uint8_t>(result.addr, is ? 1 : 0);
  return nt::kSuccess;
}

uint32_t idn_call(Idn what, uint32_t flags, Ptr src, int32_t src_length, Ptr dst, Ptr dst_length) {
  if (!src || !dst_length || (flags & ~3u)) return nt::kInvalidParameter;
  bool terminated;
  std::u16string in = source(src.addr, src_length, &terminated), r;
  if (terminated) in.pop_back();
  if (const uint32_t s = idn(what, flags, in, &r)) return s;
  if (terminated) r.push_back(u'\0');
  return give(r, dst, dst_length);
}
uint32_t RtlIdnToAscii(WindowsProcess&, uint32_t flags, Ptr src, int32_t n, Ptr dst, Ptr dst_n) {
  return idn_call(Idn::kToAscii, flags, src, n, dst, dst_n);
}
uint32_t RtlIdnToUnicode(WindowsProcess&, uint32_t flags, Ptr src, int32_t n, Ptr dst, Ptr dst_n) {
  return idn_call(Idn::kToUnicode, flags, src, n, dst, dst_n);
}
uint32_t RtlIdnToNameprepUnicode(WindowsProcess&, uint32_t flags, Ptr src, int32_t n, Ptr dst, Ptr dst_n) {
  return idn_call(Idn::kNameprep, flags, src, n, dst, dst_n);
}

}  // namespace ntdll_normalization_impl

const std::vector<Export>& ntdll_normalization_exports() {
  using namespace ntdll_normalization_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlNormalizeString", RtlNormalizeString),
      EXPORT("RtlIsNormalizedString", RtlIsNormalizedString),
      EXPORT("RtlIdnToAscii", RtlIdnToAscii),
      EXPORT("RtlIdnToUnicode", RtlIdnToUnicode),
      EXPORT("RtlIdnToNameprepUnicode", RtlIdnToNameprepUnicode),
  };
  return exports;
}

}  // namespace polyrun::shims
