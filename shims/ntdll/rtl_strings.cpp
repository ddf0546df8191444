// NTDLL's counted strings: STRING / ANSI_STRING / OEM_STRING and UNICODE_STRING made, copied,
// appended, compared, hashed, changed in case and converted between the code pages (the ANSI and
// OEM code pages of core/code_pages.h: 1252 and 437, as KERNEL32's GetACP and GetOEMCP say), and
// the buffer conversions under them (RtlMultiByteToUnicodeN, RtlUnicodeToUTF8N …). Strings these functions
// allocate are blocks of the process heap, which RtlFree*String gives back. As on Windows, nothing
// is checked that the documentation does not say is checked: a bad pointer faults.
#include <locale.h>
#include <wctype.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_text {

Counted read_counted(WindowsProcess& p, uint64_t s) {
  Counted c;
  c.length = get<uint16_t>(s);
  c.max = get<uint16_t>(s + 2);
  c.buffer = p.get_ptr(s + p.isa->ptr);
  return c;
}

void write_counted(WindowsProcess& p, uint64_t s, const Counted& c) {
  put<uint16_t>(s, c.length);
  put<uint16_t>(s + 2, c.max);
  p.put_ptr(s + p.isa->ptr, c.buffer);
}

std::u16string unicode_of(WindowsProcess& p, uint64_t s) {
  const Counted c = read_counted(p, s);
  std::u16string r(c.length / 2, u'\0');
  if (!r.empty()) std::memcpy(r.data(), guest_pointer(c.buffer), r.size() * 2);
  return r;
}

size_t wide_length(uint64_t a) {
  size_t n = 0;
  while (get<char16_t>(a + 2 * n)) ++n;
  return n;
}

namespace {

locale_t unicode_locale() {
  static locale_t l = [] {
    locale_t u = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return u ? u : ::newlocale(LC_CTYPE_MASK, "C", static_cast<locale_t>(nullptr));
  }();
  return l;
}

}  // namespace

// (Surrogates map to themselves; the C library's mapping is the Unicode one of each code point.)
char16_t upcase(char16_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z' ? static_cast<char16_t>(c - 32) : c;
  if (c >= 0xd800 && c <= 0xdfff) return c;
  const wint_t u = ::towupper_l(c, unicode_locale());
  return u <= 0xffff ? static_cast<char16_t>(u) : c;
}

char16_t downcase(char16_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? static_cast<char16_t>(c + 32) : c;
  if (c >= 0xd800 && c <= 0xdfff) return c;
  const wint_t u = ::towlower_l(c, unicode_locale());
  return u <= 0xffff ? static_cast<char16_t>(u) : c;
}

namespace {

// One UTF-8 sequence from s[*i] (its lead byte not ASCII), *i moved past what it used: the code
// point, or ~0u for a malformed one. A malformed sequence uses its lead byte and the continuation
// bytes read before it showed as malformed (too long a form, a surrogate), but not a byte that is
// no continuation nor one that would take it past U+10FFFF; one cut by the end of the input uses
// the rest of it.
uint32_t decode_one(const uint8_t* s, uint32_t n, uint32_t* i) {
  const uint8_t lead = s[(*i)++];
  const int more = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
  if (!more) return ~0u;
  if (*i + more > n) {
    *i = n;
    return ~0u;
  }
  uint32_t cp = lead & (0x7fu >> (more + 1));
  for (int k = 0; k < more; ++k) {
    const uint8_t b = s[*i];
    if ((b & 0xc0) != 0x80) return ~0u;
    cp = cp << 6 | (b & 0x3f);
    const int left = more - 1 - k;  // continuation bytes still to come
    if (left == 1 && cp >= (0x110000u >> 6)) return ~0u;
    ++*i;
    if (left == 2 && cp < 0x10) return ~0u;                                // a four-byte form too long
    if (left == 1 && (cp < 0x20 || (cp >= 0x360 && cp <= 0x37f))) return ~0u;  // too long, or a surrogate
  }
  return cp;
}

}  // namespace

uint32_t utf8_to_utf16(const uint8_t* src, uint32_t src_len, char16_t* dst, uint32_t dst_chars, uint32_t* written) {
  uint32_t status = nt::kSuccess, i = 0, out = 0;
  const bool counting = dst == nullptr;
  while (i < src_len && (counting || out < dst_chars)) {
    if (src[i] < 0x80) {
      if (!counting) dst[out] = src[i];
      ++out, ++i;
      continue;
    }
    const uint32_t cp = decode_one(src, src_len, &i);
    if (cp == ~0u) {
      status = kSomeNotMapped;
      if (!counting) dst[out] = 0xfffd;
      ++out;
    } else if (cp < 0x10000) {
      if (!counting) dst[out] = static_cast<char16_t>(cp);
      ++out;
    } else {
      if (!counting) dst[out] = static_cast<char16_t>(0xd800 | ((cp - 0x10000) >> 10));
      ++out;
      if (!counting && out == dst_chars) break;  // the low half does not fit
      if (!counting) dst[out] = static_cast<char16_t>(0xdc00 | ((cp - 0x10000) & 0x3ff));
      ++out;
    }
  }
  if (!counting && i < src_len) status = nt::kBufferTooSmall;
  *written = out;
  return status;
}

uint32_t utf16_to_utf8(const char16_t* src, uint32_t src_chars, uint8_t* dst, uint32_t dst_len, uint32_t* written) {
  uint32_t status = nt::kSuccess, out = 0, i = 0;
  const bool counting = dst == nullptr;
  for (; i < src_chars; ++i) {
    uint32_t cp = src[i];
    uint32_t units = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < src_chars && src[i + 1] >= 0xdc00 && src[i + 1] <= 0xdfff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (src[i + 1] - 0xdc00);
      units = 2;
    } else if (cp >= 0xd800 && cp <= 0xdfff) {
      cp = 0xfffd;
      status = kSomeNotMapped;
    }
    const uint32_t bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (!counting) {
      if (out + bytes > dst_len) break;
      uint8_t* d = dst + out;
      switch (bytes) {
        case 1: d[0] = static_cast<uint8_t>(cp); break;
        case 2: d[0] = static_cast<uint8_t>(0xc0 | cp >> 6), d[1] = static_cast<uint8_t>(0x80 | (cp & 0x3f)); break;
        case 3:
          d[0] = static_cast<uint8_t>(0xe0 | cp >> 12), d[1] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3f));
          d[2] = static_cast<uint8_t>(0x80 | (cp & 0x3f));
          break;
        default:
          d[0] = static_cast<uint8_t>(0xf0 | cp >> 18), d[1] = static_cast<uint8_t>(0x80 | ((cp >> 12) & 0x3f));
          d[2] = static_cast<uint8_t>(0x80 | ((cp >> 6) & 0x3f)), d[3] = static_cast<uint8_t>(0x80 | (cp & 0x3f));
      }
    }
    out += bytes;
    i += units - 1;
  }
  if (!counting && i < src_chars) status = nt::kBufferTooSmall;
  *written = out;
  return status;
}

uint64_t heap_alloc(WindowsProcess& p, uint64_t size) { return p.heap.alloc(size); }
void heap_free(WindowsProcess& p, uint64_t block) { p.heap.free(block); }

}  // namespace ntdll_text

namespace ntdll_rtl_strings_impl {

using namespace ntdll_text;

constexpr uint32_t kNameTooLong = 0xc0000106, kInvalidParameter2 = 0xc00000f0, kInvalidParameter4 = 0xc00000f2,
                   kInvalidParameter5 = 0xc00000f3;

char* chars(uint64_t a) { return static_cast<char*>(guest_pointer(a)); }
char16_t* wchars(uint64_t a) { return static_cast<char16_t*>(guest_pointer(a)); }

// ---- making and freeing ----

void init_narrow(WindowsProcess& p, uint64_t s, uint64_t src) {
  if (!src) return write_counted(p, s, {});
  const size_t n = std::strlen(chars(src));
  const uint16_t len = static_cast<uint16_t>(std::min<size_t>(n, 0xfffe));
  write_counted(p, s, {len, static_cast<uint16_t>(len + 1), src});
}

void RtlInitString(WindowsProcess& p, Ptr s, Ptr src) { init_narrow(p, s.addr, src.addr); }

uint32_t RtlInitAnsiStringEx(WindowsProcess& p, Ptr s, Ptr src) {
  if (src && std::strlen(chars(src.addr)) + 1 > 0xffff) return kNameTooLong;
  init_narrow(p, s.addr, src.addr);
  return nt::kSuccess;
}

void RtlInitUnicodeString(WindowsProcess& p, Ptr s, Ptr src) {
  if (!src) return write_counted(p, s.addr, {});
  const uint16_t len = static_cast<uint16_t>(std::min<size_t>(wide_length(src.addr) * 2, 0xfffc));
  write_counted(p, s.addr, {len, static_cast<uint16_t>(len + 2), src.addr});
}

uint32_t RtlInitUnicodeStringEx(WindowsProcess& p, Ptr s, Ptr src) {
  if (src && wide_length(src.addr) * 2 > 0xfffc) return kNameTooLong;
  RtlInitUnicodeString(p, s, src);
  return nt::kSuccess;
}

// RtlFreeAnsiString, RtlFreeOemString, RtlFreeUnicodeString: the buffer back to the process heap
// and the string emptied (one without a buffer stays as it is).
void RtlFreeString(WindowsProcess& p, Ptr s) {
  const Counted c = read_counted(p, s.addr);
  if (!c.buffer) return;
  heap_free(p, c.buffer);
  write_counted(p, s.addr, {});
}

uint8_t RtlCreateUnicodeString(WindowsProcess& p, Ptr s, Ptr src) {
  const uint64_t bytes = (wide_length(src.addr) + 1) * 2;
  const uint64_t b = heap_alloc(p, bytes);
  if (!b) return 0;
  std::memcpy(guest_pointer(b), guest_pointer(src.addr), bytes);
  write_counted(p, s.addr, {static_cast<uint16_t>(bytes - 2), static_cast<uint16_t>(bytes), b});
  return 1;
}

void RtlCopyString(WindowsProcess& p, Ptr dst, Ptr src) {
  if (!src) return set_length(dst.addr, 0);
  const Counted d = read_counted(p, dst.addr), s = read_counted(p, src.addr);
  const uint16_t n = std::min(s.length, d.max);
  std::memmove(chars(d.buffer), chars(s.buffer), n);
  set_length(dst.addr, n);
}

void RtlCopyUnicodeString(WindowsProcess& p, Ptr dst, Ptr src) {
  if (!src) return set_length(dst.addr, 0);
  const Counted d = read_counted(p, dst.addr), s = read_counted(p, src.addr);
  const uint16_t n = std::min(s.length, d.max);
  std::memmove(chars(d.buffer), chars(s.buffer), n);
  set_length(dst.addr, n);
  if (n < d.max) put<char16_t>(d.buffer + (n & ~1u), 0);
}

// RtlDuplicateUnicodeString's flags: 1 RTL_DUPLICATE_UNICODE_STRING_NULL_TERMINATE, 2
// RTL_DUPLICATE_UNICODE_STRING_ALLOCATE_NULL_STRING (only with 1).
uint32_t RtlDuplicateUnicodeString(WindowsProcess& p, int32_t flags, Ptr src, Ptr dst) {
  if (!src || !dst || flags < 0 || flags == 2 || flags > 3) return nt::kInvalidParameter;
  const Counted s = read_counted(p, src.addr);
  if (s.length > s.max || (!s.length && s.max && !s.buffer)) return nt::kInvalidParameter;
  if (!s.length && flags != 3) {
    write_counted(p, dst.addr, {});
    return nt::kSuccess;
  }
  const uint32_t max = s.length + (flags ? 2 : 0);
  const uint64_t b = heap_alloc(p, max);
  if (!b) return nt::kNoMemory;
  std::memcpy(chars(b), chars(s.buffer), s.length);
  if (flags) put<char16_t>(b + s.length, 0);
  write_counted(p, dst.addr, {s.length, static_cast<uint16_t>(max), b});
  return nt::kSuccess;
}

void RtlEraseUnicodeString(WindowsProcess& p, Ptr s) {
  const Counted c = read_counted(p, s.addr);
  if (!c.buffer) return;
  std::memset(chars(c.buffer), 0, c.max);
  set_length(s.addr, 0);
}

// ---- appending ----

uint32_t append_bytes(WindowsProcess& p, uint64_t dst, uint64_t src, uint32_t n, bool wide) {
  const Counted d = read_counted(p, dst);
  const uint32_t total = d.length + n;
  if (total > d.max) return nt::kBufferTooSmall;
  std::memmove(chars(d.buffer + d.length), chars(src), n);
  set_length(dst, static_cast<uint16_t>(total));
  if (wide && total + 2 <= d.max) put<char16_t>(d.buffer + total, 0);
  return nt::kSuccess;
}

uint32_t RtlAppendAsciizToString(WindowsProcess& p, Ptr dst, Ptr src) {
  if (!src) return nt::kSuccess;
  return append_bytes(p, dst.addr, src.addr, static_cast<uint32_t>(std::strlen(chars(src.addr))), false);
}

uint32_t RtlAppendStringToString(WindowsProcess& p, Ptr dst, Ptr src) {
  const Counted s = read_counted(p, src.addr);
  return s.length ? append_bytes(p, dst.addr, s.buffer, s.length, false) : nt::kSuccess;
}

uint32_t RtlAppendUnicodeToString(WindowsProcess& p, Ptr dst, Ptr src) {
  if (!src) return nt::kSuccess;
  return append_bytes(p, dst.addr, src.addr, static_cast<uint32_t>(wide_length(src.addr) * 2), true);
}

uint32_t RtlAppendUnicodeStringToString(WindowsProcess& p, Ptr dst, Ptr src) {
  const Counted s = read_counted(p, src.addr);
  return s.length ? append_bytes(p, dst.addr, s.buffer, s.length, true) : nt::kSuccess;
}

// ---- comparing ----

// RtlUpperChar: the ASCII letters alone (Windows leaves the code page's other letters, é as é).
char upper_char(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }
char RtlUpperChar(WindowsProcess&, char c) { return upper_char(c); }

// Differences of the first characters that differ (as signed CHARs), else of the lengths.
int32_t RtlCompareString(WindowsProcess& p, Ptr a, Ptr b, uint8_t ci) {
  const Counted s1 = read_counted(p, a.addr), s2 = read_counted(p, b.addr);
  const char *x = chars(s1.buffer), *y = chars(s2.buffer);
  for (uint32_t i = 0, n = std::min(s1.length, s2.length); i < n; ++i) {
    const int32_t d = ci ? upper_char(x[i]) - upper_char(y[i]) : x[i] - y[i];
    if (d) return d;
  }
  return s1.length - s2.length;
}

int32_t compare_wide(const char16_t* x, uint64_t n1, const char16_t* y, uint64_t n2, bool ci) {
  for (uint64_t i = 0, n = std::min(n1, n2); i < n; ++i) {
    const int32_t d = ci ? upcase(x[i]) - upcase(y[i]) : x[i] - y[i];
    if (d) return d;
  }
  return static_cast<int32_t>(n1 - n2);
}

int32_t RtlCompareUnicodeStrings(WindowsProcess&, Ptr a, USize n1, Ptr b, USize n2, uint8_t ci) {
  return compare_wide(wchars(a.addr), n1, wchars(b.addr), n2, ci);
}

int32_t RtlCompareUnicodeString(WindowsProcess& p, Ptr a, Ptr b, uint8_t ci) {
  const Counted s1 = read_counted(p, a.addr), s2 = read_counted(p, b.addr);
  return compare_wide(wchars(s1.buffer), s1.length / 2, wchars(s2.buffer), s2.length / 2, ci);
}

uint8_t RtlEqualString(WindowsProcess& p, Ptr a, Ptr b, uint8_t ci) {
  if (get<uint16_t>(a.addr) != get<uint16_t>(b.addr)) return 0;
  return RtlCompareString(p, a, b, ci) == 0;
}

uint8_t RtlEqualUnicodeString(WindowsProcess& p, Ptr a, Ptr b, uint8_t ci) {
  if (get<uint16_t>(a.addr) != get<uint16_t>(b.addr)) return 0;
  return RtlCompareUnicodeString(p, a, b, ci) == 0;
}

// Whether the first string begins the second.
uint8_t RtlPrefixString(WindowsProcess& p, Ptr a, Ptr b, uint8_t ci) {
  const Counted s1 = read_counted(p, a.addr), s2 = read_counted(p, b.addr);
  if (s1.length > s2.length) return 0;
  const char *x = chars(s1.buffer), *y = chars(s2.buffer);
  for (uint32_t i = 0; i < s1.length; ++i)
    if (ci ? upper_char(x[i]) != upper_char(y[i]) : x[i] != y[i]) return 0;
  return 1;
}

uint8_t RtlPrefixUnicodeString(WindowsProcess& p, Ptr a, Ptr b, uint8_t ci) {
  const Counted s1 = read_counted(p, a.addr), s2 = read_counted(p, b.addr);
  if (s1.length > s2.length) return 0;
  const char16_t *x = wchars(s1.buffer), *y = wchars(s2.buffer);
  for (uint32_t i = 0; i < s1.length / 2u; ++i)
    if (ci ? upcase(x[i]) != upcase(y[i]) : x[i] != y[i]) return 0;
  return 1;
}

// HASH_STRING_ALGORITHM_DEFAULT (0) and HASH_STRING_ALGORITHM_X65599 (1) are the same: h * 65599
// + each character.
uint32_t RtlHashUnicodeString(WindowsProcess& p, Ptr s, uint8_t ci, uint32_t algorithm, Ptr hash) {
  if (!s || !hash || algorithm > 1) return nt::kInvalidParameter;
  uint32_t h = 0;
  for (char16_t c : unicode_of(p, s.addr)) h = h * 65599u + (ci ? upcase(c) : c);
  put<uint32_t>(hash.addr, h);
  return nt::kSuccess;
}

// ---- case ----

char16_t RtlUpcaseUnicodeChar(WindowsProcess&, uint16_t c) { return upcase(c); }
char16_t RtlDowncaseUnicodeChar(WindowsProcess&, uint16_t c) { return downcase(c); }

void RtlUpperString(WindowsProcess& p, Ptr dst, Ptr src) {
  const Counted d = read_counted(p, dst.addr), s = read_counted(p, src.addr);
  const uint16_t n = std::min(s.length, d.max);
  for (uint16_t i = 0; i < n; ++i) chars(d.buffer)[i] = upper_char(chars(s.buffer)[i]);
  set_length(dst.addr, n);
}

uint32_t map_case(WindowsProcess& p, uint64_t dst, uint64_t src, bool alloc, char16_t (*f)(char16_t)) {
  const Counted s = read_counted(p, src);
  Counted d = read_counted(p, dst);
  if (alloc) {
    d.max = s.length;
    d.buffer = heap_alloc(p, s.length);
    write_counted(p, dst, d);
    if (!d.buffer) return nt::kNoMemory;
  } else if (s.length > d.max) {
    return nt::kBufferOverflow;
  }
  for (uint32_t i = 0; i < s.length / 2u; ++i) wchars(d.buffer)[i] = f(wchars(s.buffer)[i]);
  set_length(dst, s.length);
  return nt::kSuccess;
}

uint32_t RtlUpcaseUnicodeString(WindowsProcess& p, Ptr dst, Ptr src, uint8_t alloc) {
  return map_case(p, dst.addr, src.addr, alloc, upcase);
}
uint32_t RtlDowncaseUnicodeString(WindowsProcess& p, Ptr dst, Ptr src, uint8_t alloc) {
  return map_case(p, dst.addr, src.addr, alloc, downcase);
}

// ---- the buffer conversions, in the ANSI or the OEM code page ----

std::u16string widened(unsigned cp, uint64_t src, uint32_t len) {
  std::u16string w;
  multibyte_to_utf16(cp, 0, std::string_view(chars(src), len), w);
  return w;
}
std::string narrowed(unsigned cp, const char16_t* src, uint32_t chars_n, bool upper) {
  std::u16string s(src, chars_n);
  if (upper)
    for (char16_t& c : s) c = upcase(c);
  std::string out;
  utf16_to_multibyte(cp, 0, s, nullptr, nullptr, out);
  return out;
}

// What fits of a conversion: whole characters (a two-byte character is not cut), as Windows does.
uint32_t to_unicode_n(unsigned cp, Ptr dst, uint32_t dst_len, Ptr written, Ptr src, uint32_t src_len) {
  const std::u16string w = widened(cp, src.addr, src_len);
  const size_t n = std::min<size_t>(w.size(), dst_len / 2);
  std::memcpy(wchars(dst.addr), w.data(), n * 2);
  put<uint32_t>(written.addr, static_cast<uint32_t>(n * 2));
  return nt::kSuccess;
}

uint32_t from_unicode_n(unsigned cp, Ptr dst, uint32_t dst_len, Ptr written, Ptr src, uint32_t src_len, bool upper) {
  std::string out;
  uint32_t n = 0;
  for (uint32_t i = 0; i < src_len / 2; ++i) {
    const std::string one = narrowed(cp, wchars(src.addr) + i, 1, upper);
    if (n + one.size() > dst_len) break;
    std::memcpy(dst.as<char>() + n, one.data(), one.size());
    n += static_cast<uint32_t>(one.size());
  }
  put<uint32_t>(written.addr, n);
  return nt::kSuccess;
}

uint32_t RtlMultiByteToUnicodeN(WindowsProcess&, Ptr dst, uint32_t dst_len, Ptr written, Ptr src, uint32_t src_len) {
  return to_unicode_n(kAnsiCodePage, dst, dst_len, written, src, src_len);
}
uint32_t RtlOemToUnicodeN(WindowsProcess&, Ptr dst, uint32_t dst_len, Ptr written, Ptr src, uint32_t src_len) {
  return to_unicode_n(kOemCodePage, dst, dst_len, written, src, src_len);
}
uint32_t RtlUnicodeToMultiByteN(WindowsProcess&, Ptr dst, uint32_t dst_len, Ptr written, Ptr src, uint32_t src_len) {
  return from_unicode_n(kAnsiCodePage, dst, dst_len, written, src, src_len, false);
}
uint32_t RtlUnicodeToOemN(WindowsProcess&, Ptr dst, uint32_t dst_len, Ptr written, Ptr src, uint32_t src_len) {
  return from_unicode_n(kOemCodePage, dst, dst_len, written, src, src_len, false);
}
uint32_t RtlUpcaseUnicodeToMultiByteN(WindowsProcess&, Ptr dst, uint32_t dst_len, Ptr written, Ptr src,
                                      uint32_t src_len) {
  return from_unicode_n(kAnsiCodePage, dst, dst_len, written, src, src_len, true);
}
uint32_t RtlUpcaseUnicodeToOemN(WindowsProcess&, Ptr dst, uint32_t dst_len, Ptr written, Ptr src, uint32_t src_len) {
  return from_unicode_n(kOemCodePage, dst, dst_len, written, src, src_len, true);
}

uint32_t unicode_bytes_of(unsigned cp, uint64_t src, uint32_t len) {
  return static_cast<uint32_t>(widened(cp, src, len).size() * 2);
}

uint32_t narrow_bytes_of(unsigned cp, uint64_t src, uint32_t len) {
  return static_cast<uint32_t>(narrowed(cp, wchars(src), len / 2, false).size());
}

uint32_t RtlMultiByteToUnicodeSize(WindowsProcess&, Ptr size, Ptr src, uint32_t len) {
  put<uint32_t>(size.addr, unicode_bytes_of(kAnsiCodePage, src.addr, len));
  return nt::kSuccess;
}

uint32_t RtlUnicodeToMultiByteSize(WindowsProcess&, Ptr size, Ptr src, uint32_t len) {
  put<uint32_t>(size.addr, narrow_bytes_of(kAnsiCodePage, src.addr, len));
  return nt::kSuccess;
}

// RtlUTF8ToUnicodeN / RtlUnicodeToUTF8N: the size alone with no destination; statuses for
// malformed input (STATUS_SOME_NOT_MAPPED) and a destination too small (STATUS_BUFFER_TOO_SMALL).
uint32_t RtlUTF8ToUnicodeN(WindowsProcess&, Ptr dst, uint32_t dst_len, Ptr written, Ptr src, uint32_t src_len) {
  if (!src) return kInvalidParameter4;
  if (!written) return nt::kInvalidParameter;
  uint32_t n = 0;
  const uint32_t status = utf8_to_utf16(src.as<const uint8_t>(), src_len, dst ? wchars(dst.addr) : nullptr, dst_len / 2, &n);
  put<uint32_t>(written.addr, n * 2);
  return status;
}

uint32_t RtlUnicodeToUTF8N(WindowsProcess&, Ptr dst, uint32_t dst_len, Ptr written, Ptr src, uint32_t src_len) {
  if (!src) return kInvalidParameter4;
  if (!written) return nt::kInvalidParameter;
  if (dst && (src_len & 1)) return kInvalidParameter5;
  uint32_t n = 0;
  const uint32_t status = utf16_to_utf8(wchars(src.addr), src_len / 2, dst ? dst.as<uint8_t>() : nullptr, dst_len, &n);
  put<uint32_t>(written.addr, n);
  return status;
}

// The sizes with the terminator: RtlAnsiStringToUnicodeSize (and the OEM's, and the Rtlx forms).
uint32_t RtlAnsiStringToUnicodeSize(WindowsProcess& p, Ptr s) {
  const Counted c = read_counted(p, s.addr);
  return unicode_bytes_of(kAnsiCodePage, c.buffer, c.length) + 2;
}
uint32_t RtlOemStringToUnicodeSize(WindowsProcess& p, Ptr s) {
  const Counted c = read_counted(p, s.addr);
  return unicode_bytes_of(kOemCodePage, c.buffer, c.length) + 2;
}

uint32_t RtlUnicodeStringToAnsiSize(WindowsProcess& p, Ptr s) {
  const Counted c = read_counted(p, s.addr);
  return narrow_bytes_of(kAnsiCodePage, c.buffer, c.length) + 1;
}
uint32_t RtlUnicodeStringToOemSize(WindowsProcess& p, Ptr s) {
  const Counted c = read_counted(p, s.addr);
  return narrow_bytes_of(kOemCodePage, c.buffer, c.length) + 1;
}

// One character of the ANSI code page (two bytes after a lead byte), the pointer moved past it.
char16_t RtlAnsiCharToUnicodeChar(WindowsProcess& p, Ptr pp) {
  const uint64_t a = p.get_ptr(pp.addr);
  const uint8_t lead = get<uint8_t>(a);
  const uint32_t n = is_ansi_lead_byte(lead) && get<uint8_t>(a + 1) ? 2 : 1;
  p.put_ptr(pp.addr, a + n);
  const std::u16string w = widened(kAnsiCodePage, a, n);
  return w.empty() ? char16_t{0} : w[0];
}

// ---- whole strings between the code pages ----

uint32_t narrow_to_unicode(WindowsProcess& p, unsigned cp, Ptr uni, Ptr ansi, uint8_t alloc) {
  const Counted a = read_counted(p, ansi.addr);
  const std::u16string w = widened(cp, a.buffer, a.length);
  const uint32_t total = static_cast<uint32_t>(w.size() * 2) + 2;
  if (total > 0xffff) return kInvalidParameter2;
  Counted u = read_counted(p, uni.addr);
  u.length = static_cast<uint16_t>(total - 2);
  if (alloc) {
    u.max = static_cast<uint16_t>(total);
    u.buffer = heap_alloc(p, total);
    write_counted(p, uni.addr, u);
    if (!u.buffer) return nt::kNoMemory;
  } else {
    set_length(uni.addr, u.length);
    if (total > u.max) return nt::kBufferOverflow;
  }
  std::memcpy(wchars(u.buffer), w.data(), u.length);
  put<char16_t>(u.buffer + u.length, 0);
  return nt::kSuccess;
}
uint32_t RtlAnsiStringToUnicodeString(WindowsProcess& p, Ptr uni, Ptr ansi, uint8_t alloc) {
  return narrow_to_unicode(p, kAnsiCodePage, uni, ansi, alloc);
}
uint32_t RtlOemStringToUnicodeString(WindowsProcess& p, Ptr uni, Ptr ansi, uint8_t alloc) {
  return narrow_to_unicode(p, kOemCodePage, uni, ansi, alloc);
}

// RtlUnicodeStringToAnsiString and its OEM and upper-case forms: a destination too small takes what
// fits, with STATUS_BUFFER_OVERFLOW. `counted`: RtlUpcaseUnicodeStringToCountedOemString, with no
// terminator.
uint32_t unicode_to_narrow(WindowsProcess& p, unsigned cp, uint64_t dst, uint64_t src, bool alloc, bool upper,
                           bool counted = false) {
  const Counted u = read_counted(p, src);
  const uint32_t need = static_cast<uint32_t>(narrowed(cp, wchars(u.buffer), u.length / 2, upper).size()) + (counted ? 0 : 1);
  Counted d = read_counted(p, dst);
  uint32_t status = nt::kSuccess;
  d.length = static_cast<uint16_t>(counted ? need : need - 1);
  if (alloc) {
    d.max = static_cast<uint16_t>(need);
    d.buffer = heap_alloc(p, need);
    write_counted(p, dst, d);
    if (!d.buffer) return nt::kNoMemory;
  } else if (d.max < need) {
    status = nt::kBufferOverflow;
    if (!d.max) {
      set_length(dst, d.length);
      if (counted) set_length(dst, 0);
      return status;
    }
    d.length = static_cast<uint16_t>(counted ? d.max : d.max - 1);
  }
  set_length(dst, d.length);
  from_unicode_n(cp, Ptr(d.buffer), d.length, Ptr(0), Ptr(u.buffer), u.length, upper);
  if (!counted) put<uint8_t>(d.buffer + d.length, 0);
  return status;
}

uint32_t RtlUnicodeStringToAnsiString(WindowsProcess& p, Ptr dst, Ptr src, uint8_t alloc) {
  return unicode_to_narrow(p, kAnsiCodePage, dst.addr, src.addr, alloc, false);
}
uint32_t RtlUnicodeStringToOemString(WindowsProcess& p, Ptr dst, Ptr src, uint8_t alloc) {
  return unicode_to_narrow(p, kOemCodePage, dst.addr, src.addr, alloc, false);
}
uint32_t RtlUpcaseUnicodeStringToAnsiString(WindowsProcess& p, Ptr dst, Ptr src, uint8_t alloc) {
  return unicode_to_narrow(p, kAnsiCodePage, dst.addr, src.addr, alloc, true);
}
uint32_t RtlUpcaseUnicodeStringToOemString(WindowsProcess& p, Ptr dst, Ptr src, uint8_t alloc) {
  return unicode_to_narrow(p, kOemCodePage, dst.addr, src.addr, alloc, true);
}
uint32_t RtlUpcaseUnicodeStringToCountedOemString(WindowsProcess& p, Ptr dst, Ptr src, uint8_t alloc) {
  return unicode_to_narrow(p, kOemCodePage, dst.addr, src.addr, alloc, true, true);
}

uint8_t RtlCreateUnicodeStringFromAsciiz(WindowsProcess& p, Ptr s, Ptr src) {
  const uint64_t tmp = heap_alloc(p, 16);
  if (!tmp) return 0;
  init_narrow(p, tmp, src.addr);
  const uint32_t status = RtlAnsiStringToUnicodeString(p, s, Ptr(tmp), 1);
  heap_free(p, tmp);
  return status == nt::kSuccess;
}

// RtlEqualComputerName / RtlEqualDomainName: the names compared in upper case (as their OEM
// forms); the result is a BOOLEAN in an NTSTATUS.
uint32_t RtlEqualComputerName(WindowsProcess& p, Ptr a, Ptr b) {
  std::u16string x = unicode_of(p, a.addr), y = unicode_of(p, b.addr);
  for (char16_t& c : x) c = upcase(c);
  for (char16_t& c : y) c = upcase(c);
  return x == y;
}

// RtlFindCharInUnicodeString's flags: 1 from the end, 2 a character not in the set. The position
// is in bytes: just past the character found from the start, at it from the end.
uint32_t RtlFindCharInUnicodeString(WindowsProcess& p, int32_t flags, Ptr str, Ptr set, Ptr pos) {
  if (flags < 0 || flags > 3) return nt::kNotFound;
  const std::u16string s = unicode_of(p, str.addr), m = unicode_of(p, set.addr);
  const bool backwards = flags & 1, negate = flags & 2;
  for (size_t k = 0; k < s.size(); ++k) {
    const size_t i = backwards ? s.size() - 1 - k : k;
    const bool in = m.find(s[i]) != std::u16string::npos;
    if (in != negate) {
      put<uint16_t>(pos.addr, static_cast<uint16_t>((backwards ? i : i + 1) * 2));
      return nt::kSuccess;
    }
  }
  put<uint16_t>(pos.addr, 0);
  return nt::kNotFound;
}

}  // namespace ntdll_rtl_strings_impl

const std::vector<Export>& ntdll_string_exports() {
  using namespace ntdll_rtl_strings_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlInitString", RtlInitString),
      EXPORT("RtlInitAnsiString", RtlInitString),
      EXPORT("RtlInitAnsiStringEx", RtlInitAnsiStringEx),
      EXPORT("RtlInitUnicodeString", RtlInitUnicodeString),
      EXPORT("RtlInitUnicodeStringEx", RtlInitUnicodeStringEx),
      EXPORT("RtlFreeAnsiString", RtlFreeString),
      EXPORT("RtlFreeOemString", RtlFreeString),
      EXPORT("RtlFreeUnicodeString", RtlFreeString),
      EXPORT("RtlCreateUnicodeString", RtlCreateUnicodeString),
      EXPORT("RtlCreateUnicodeStringFromAsciiz", RtlCreateUnicodeStringFromAsciiz),
      EXPORT("RtlCopyString", RtlCopyString),
      EXPORT("RtlCopyUnicodeString", RtlCopyUnicodeString),
      EXPORT("RtlDuplicateUnicodeString", RtlDuplicateUnicodeString),
      EXPORT("RtlEraseUnicodeString", RtlEraseUnicodeString),
      EXPORT("RtlAppendAsciizToString", RtlAppendAsciizToString),
      EXPORT("RtlAppendStringToString", RtlAppendStringToString),
      EXPORT("RtlAppendUnicodeToString", RtlAppendUnicodeToString),
      EXPORT("RtlAppendUnicodeStringToString", RtlAppendUnicodeStringToString),
      EXPORT("RtlUpperChar", RtlUpperChar),
      EXPORT("RtlUpperString", RtlUpperString),
      EXPORT("RtlCompareString", RtlCompareString),
      EXPORT("RtlCompareUnicodeString", RtlCompareUnicodeString),
      EXPORT("RtlCompareUnicodeStrings", RtlCompareUnicodeStrings),
      EXPORT("RtlEqualString", RtlEqualString),
      EXPORT("RtlEqualUnicodeString", RtlEqualUnicodeString),
      EXPORT("RtlPrefixString", RtlPrefixString),
      EXPORT("RtlPrefixUnicodeString", RtlPrefixUnicodeString),
      EXPORT("RtlHashUnicodeString", RtlHashUnicodeString),
      EXPORT("RtlUpcaseUnicodeChar", RtlUpcaseUnicodeChar),
      EXPORT("RtlDowncaseUnicodeChar", RtlDowncaseUnicodeChar),
      EXPORT("RtlUpcaseUnicodeString", RtlUpcaseUnicodeString),
      EXPORT("RtlDowncaseUnicodeString", RtlDowncaseUnicodeString),
      EXPORT("RtlMultiByteToUnicodeN", RtlMultiByteToUnicodeN),
      EXPORT("RtlOemToUnicodeN", RtlOemToUnicodeN),
      EXPORT("RtlUnicodeToMultiByteN", RtlUnicodeToMultiByteN),
      EXPORT("RtlUnicodeToOemN", RtlUnicodeToOemN),
      EXPORT("RtlUpcaseUnicodeToMultiByteN", RtlUpcaseUnicodeToMultiByteN),
      EXPORT("RtlUpcaseUnicodeToOemN", RtlUpcaseUnicodeToOemN),
      EXPORT("RtlMultiByteToUnicodeSize", RtlMultiByteToUnicodeSize),
      EXPORT("RtlUnicodeToMultiByteSize", RtlUnicodeToMultiByteSize),
      EXPORT("RtlUTF8ToUnicodeN", RtlUTF8ToUnicodeN),
      EXPORT("RtlUnicodeToUTF8N", RtlUnicodeToUTF8N),
      EXPORT("RtlAnsiStringToUnicodeSize", RtlAnsiStringToUnicodeSize),
      EXPORT("RtlxAnsiStringToUnicodeSize", RtlAnsiStringToUnicodeSize),
      EXPORT("RtlOemStringToUnicodeSize", RtlOemStringToUnicodeSize),
      EXPORT("RtlxOemStringToUnicodeSize", RtlOemStringToUnicodeSize),
      EXPORT("RtlUnicodeStringToAnsiSize", RtlUnicodeStringToAnsiSize),
      EXPORT("RtlxUnicodeStringToAnsiSize", RtlUnicodeStringToAnsiSize),
      EXPORT("RtlUnicodeStringToOemSize", RtlUnicodeStringToOemSize),
      EXPORT("RtlxUnicodeStringToOemSize", RtlUnicodeStringToOemSize),
      EXPORT("RtlAnsiCharToUnicodeChar", RtlAnsiCharToUnicodeChar),
      EXPORT("RtlAnsiStringToUnicodeString", RtlAnsiStringToUnicodeString),
      EXPORT("RtlOemStringToUnicodeString", RtlOemStringToUnicodeString),
      EXPORT("RtlUnicodeStringToAnsiString", RtlUnicodeStringToAnsiString),
      EXPORT("RtlUnicodeStringToOemString", RtlUnicodeStringToOemString),
      EXPORT("RtlUpcaseUnicodeStringToAnsiString", RtlUpcaseUnicodeStringToAnsiString),
      EXPORT("RtlUpcaseUnicodeStringToOemString", RtlUpcaseUnicodeStringToOemString),
      EXPORT("RtlUpcaseUnicodeStringToCountedOemString", RtlUpcaseUnicodeStringToCountedOemString),
      EXPORT("RtlEqualComputerName", RtlEqualComputerName),
      EXPORT("RtlEqualDomainName", RtlEqualComputerName),
      EXPORT("RtlFindCharInUnicodeString", RtlFindCharInUnicodeString),
  };
  return exports;
}

}  // namespace polyrun::shims
