// NTDLL's numbers in text: RtlCharToInteger and RtlUnicodeStringToInteger (an optional sign, and in
// base 0 a 0b/0o/0x prefix; digits up to the first that is none), RtlIntegerToChar,
// RtlLargeIntegerToChar, RtlIntegerToUnicodeString and RtlInt64ToUnicodeString (bases 2, 8, 10 and
// 16, upper-case digits), and GUIDs as "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" (RtlGUIDFromString,
// RtlStringFromGUID).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_rtl_numbers_impl {

using namespace ntdll_text;

constexpr uint32_t kAccessViolation = 0xc0000005;

bool valid_base(uint32_t& base) {
  if (!base) base = 10;
  return base == 2 || base == 8 || base == 10 || base == 16;
}

int digit_of(uint32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 'A' && c <= 'Z') return static_cast<int>(c - 'A' + 10);
  if (c >= 'a' && c <= 'z') return static_cast<int>(c - 'a' + 10);
  return -1;
}

// The parse both functions share, over `text` (characters; a NUL ends it as the end does).
template <typename S>
uint32_t parse_integer(const S& text, uint32_t base, Ptr value) {
  size_t i = 0;
  while (i < text.size() && text[i] && text[i] <= ' ') ++i;
  bool minus = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) minus = text[i++] == '-';
  if (!base) {
    base = 10;
    if (i + 1 < text.size() && text[i] == '0') {
      const auto c = text[i + 1];
      if (c == 'b') base = 2, i += 2;
      else if (c == 'o') base = 8, i += 2;
      else if (c == 'x') base = 16, i += 2;
    }
  } else if (base != 2 && base != 8 && base != 10 && base != 16) {
    return nt::kInvalidParameter;
  }
  if (!value) return kAccessViolation;
  uint32_t total = 0;
  for (; i < text.size() && text[i]; ++i) {
    const int d = digit_of(static_cast<uint16_t>(text[i]));
    if (d < 0 || static_cast<uint32_t>(d) >= base) break;
    total = total * base + static_cast<uint32_t>(d);
  }
  put<uint32_t>(value.addr, minus ? 0u - total : total);
  return nt::kSuccess;
}

uint32_t RtlCharToInteger(WindowsProcess&, Ptr str, uint32_t base, Ptr value) {
  return parse_integer(std::string(str.as<const char>()), base, value);
}

uint32_t RtlUnicodeStringToInteger(WindowsProcess& p, Ptr str, uint32_t base, Ptr value) {
  return parse_integer(unicode_of(p, str.addr), base, value);
}

std::string digits(uint64_t v, uint32_t base) {
  std::string r;
  do {
    const uint32_t d = static_cast<uint32_t>(v % base);
    r.insert(r.begin(), static_cast<char>(d < 10 ? '0' + d : 'A' + d - 10));
    v /= base;
  } while (v);
  return r;
}

// The digits, with a NUL where the buffer has room for it: STATUS_BUFFER_OVERFLOW where the
// digits do not fit.
uint32_t integer_to_char(uint64_t v, uint32_t base, uint32_t length, Ptr str) {
  if (!valid_base(base)) return nt::kInvalidParameter;
  const std::string s = digits(v, base);
  if (s.size() > length) return nt::kBufferOverflow;
  if (!str) return kAccessViolation;
  std::memcpy(str.as<char>(), s.c_str(), s.size() == length ? s.size() : s.size() + 1);
  return nt::kSuccess;
}

uint32_t RtlIntegerToChar(WindowsProcess&, uint32_t v, uint32_t base, uint32_t length, Ptr str) {
  return integer_to_char(v, base, length, str);
}

uint32_t RtlLargeIntegerToChar(WindowsProcess&, Ptr v, uint32_t base, uint32_t length, Ptr str) {
  return integer_to_char(get<uint64_t>(v.addr), base, length, str);
}

// Into a UNICODE_STRING's buffer, with its NUL: the Length is set even where the digits and the
// NUL do not fit (STATUS_BUFFER_OVERFLOW).
uint32_t integer_to_unicode(WindowsProcess& p, uint64_t v, uint32_t base, Ptr str) {
  if (!valid_base(base)) return nt::kInvalidParameter;
  const std::string s = digits(v, base);
  const Counted c = read_counted(p, str.addr);
  const uint16_t len = static_cast<uint16_t>(s.size() * 2);
  set_length(str.addr, len);
  if (len >= c.max) return nt::kBufferOverflow;
  for (size_t i = 0; i <= s.size(); ++i) put<char16_t>(c.buffer + 2 * i, i < s.size() ? s[i] : 0);
  return nt::kSuccess;
}

uint32_t RtlIntegerToUnicodeString(WindowsProcess& p, uint32_t v, uint32_t base, Ptr str) {
  return integer_to_unicode(p, v, base, str);
}

uint32_t RtlInt64ToUnicodeString(WindowsProcess& p, uint64_t v, uint32_t base, Ptr str) {
  return integer_to_unicode(p, v, base, str);
}

// GUIDs: Data1 (4 bytes), Data2, Data3 (2 each) little-endian, then Data4's 8 bytes in order.
uint32_t RtlGUIDFromString(WindowsProcess& p, Ptr str, Ptr guid) {
  const std::u16string s = unicode_of(p, str.addr);
  if (s.size() < 38 || s[0] != '{' || s[37] != '}') return nt::kInvalidParameter;
  uint8_t bytes[16];
  // The text's byte pairs in order, and where each lands in the GUID.
  static constexpr int kPlace[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  size_t at = 1;
  for (int k = 0; k < 16; ++k) {
    if (at == 9 || at == 14 || at == 19 || at == 24) {
      if (s[at] != '-') return nt::kInvalidParameter;
      ++at;
    }
    const int hi = digit_of(s[at]), lo = digit_of(s[at + 1]);
    if (hi < 0 || hi > 15 || lo < 0 || lo > 15) return nt::kInvalidParameter;
    bytes[kPlace[k]] = static_cast<uint8_t>(hi << 4 | lo);
    at += 2;
  }
  std::memcpy(guid.as<uint8_t>(), bytes, 16);
  return nt::kSuccess;
}

uint32_t RtlStringFromGUID(WindowsProcess& p, Ptr guid, Ptr str) {
  uint8_t g[16];
  std::memcpy(g, guid.as<const uint8_t>(), 16);
  uint32_t d1;
  uint16_t d2, d3;
  std::memcpy(&d1, g, 4);
  std::memcpy(&d2, g + 4, 2);
  std::memcpy(&d3, g + 6, 2);
  char text[40];
  std::snprintf(text, sizeof text, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", d1, d2, d3, g[8], g[9], g[10],
                g[11], g[12], g[13], g[14], g[15]);
  const uint64_t b = heap_alloc(p, 78);
  if (!b) {
    write_counted(p, str.addr, {});
    return nt::kNoMemory;
  }
  for (int i = 0; i < 39; ++i) put<char16_t>(b + 2 * i, static_cast<unsigned char>(text[i]));
  write_counted(p, str.addr, {76, 78, b});
  return nt::kSuccess;
}

}  // namespace ntdll_rtl_numbers_impl

const std::vector<Export>& ntdll_number_exports() {
  using namespace ntdll_rtl_numbers_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlCharToInteger", RtlCharToInteger),
      EXPORT("RtlUnicodeStringToInteger", RtlUnicodeStringToInteger),
      EXPORT("RtlIntegerToChar", RtlIntegerToChar),
      EXPORT("RtlLargeIntegerToChar", RtlLargeIntegerToChar),
      EXPORT("RtlIntegerToUnicodeString", RtlIntegerToUnicodeString),
      EXPORT("RtlInt64ToUnicodeString", RtlInt64ToUnicodeString),
      EXPORT("RtlGUIDFromString", RtlGUIDFromString),
      EXPORT("RtlStringFromGUID", RtlStringFromGUID),
  };
  return exports;
}

}  // namespace polyrun::shims
