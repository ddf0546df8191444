// NTDLL's IPv4 addresses in text: RtlIpv4AddressToString(Ex)A/W ("a.b.c.d", with ":port" in the
// Ex forms) and RtlIpv4StringToAddress(Ex)A/W: four parts of a byte each, or (not strict) one to
// three parts whose last fills the rest of the address ("1.2.3" is 1.2.0.3, "16909060" 1.2.3.4), each
// part decimal, or (not strict) octal after a 0 and hexadecimal after 0x; the Ex forms take a
// ":port" after it (in network order) and nothing else. The plain forms say where the address ended
// (*terminator, also where a malformed one stopped).
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

namespace ntdll_ip_impl {

int digit(char16_t c) {
  if (c >= u'0' && c <= u'9') return c - u'0';
  if (c >= u'a' && c <= u'f') return c - u'a' + 10;
  if (c >= u'A' && c <= u'F') return c - u'A' + 10;
  return -1;
}

// One part at s[*i] (the text ends at its NUL): its value, *i past what it used; false where it
// holds no digit, where a strict address has an octal or hexadecimal part, or where it overflows.
bool parse_part(const std::u16string& s, size_t* i, bool strict, uint32_t* value) {
  auto at = [&](size_t k) { return k < s.size() ? s[k] : u'\0'; };
  if (at(*i) == u'.') {
    ++*i;
    return false;
  }
  int base = 10;
  if (at(*i) == u'0') {
    if (at(*i + 1) == u'x' || at(*i + 1) == u'X') {
      *i += 2;
      if (strict) return false;
      base = 16;
    } else if (at(*i + 1) >= u'0' && at(*i + 1) <= u'9') {
      *i += 1;
      if (strict) return false;
      base = 8;
    }
  }
  uint32_t v = 0, before = 0;
  bool any = false;
  for (; at(*i); ++*i) {
    const int d = digit(at(*i));
    if (d < 0 || d >= base) break;
    v = v * static_cast<uint32_t>(base) + static_cast<uint32_t>(d);
    any = true;
    if (v < before) return false;  // (past 32 bits)
    before = v;
  }
  if (any) *value = v;
  return any;
}

// *end: where the address stopped (or the parse failed). `want_end`: the plain forms, which leave
// what follows to the caller; `port` non-null: the Ex forms'. *got: whether the address itself was
// whole (and is in out), which the caller stores even where what follows fails.
uint32_t parse_ipv4(const std::u16string& s, bool strict, bool want_end, size_t* end, uint8_t out[4], uint16_t* port,
                    bool* got) {
  *got = false;
  uint32_t parts[4];
  int n = 0;
  size_t i = 0;
  auto at = [&](size_t k) { return k < s.size() ? s[k] : u'\0'; };
  auto fail = [&] {
    *end = i;
    return nt::kInvalidParameter;
  };
  for (;;) {
    if (!parse_part(s, &i, strict, &parts[n])) return fail();
    ++n;
    if (at(i) != u'.') break;
    if (n == 4) return fail();
    ++i;
  }
  if (strict && n < 4) return fail();
  // The last part fills the bytes the others leave.
  uint32_t value = 0;
  for (int k = 0; k < n - 1; ++k) {
    if (parts[k] > 0xff) return fail();
    value |= parts[k] << (24 - 8 * k);
  }
  const uint32_t rest_bits = 32 - 8 * (n - 1);
  if (rest_bits < 32 && parts[n - 1] >> rest_bits) return fail();
  value |= parts[n - 1];
  for (int k = 0; k < 4; ++k) out[k] = static_cast<uint8_t>(value >> (24 - 8 * k));
  *got = true;
  *end = i;
  if (at(i) == u':') {
    ++i;
    uint32_t p = 0;
    if (!parse_part(s, &i, false, &p) || !p || p > 0xffff || at(i)) return fail();
    if (port) {
      *port = static_cast<uint16_t>((p >> 8) | ((p & 0xff) << 8));  // network order
      *end = i;
    }
  }
  if (!want_end && at(i)) return nt::kInvalidParameter;
  return nt::kSuccess;
}

std::u16string wide_text(uint64_t a) {
  return std::u16string(static_cast<const char16_t*>(guest_pointer(a)), ntdll_text::wide_length(a));
}
std::u16string narrow_text(uint64_t a) {
  std::u16string s;
  for (const char* c = static_cast<const char*>(guest_pointer(a)); *c; ++c) s += static_cast<char16_t>(static_cast<uint8_t>(*c));
  return s;
}

uint32_t string_to_address(WindowsProcess& p, const std::u16string& s, uint8_t strict, Ptr end, uint64_t text,
                           size_t char_size, Ptr addr) {
  uint8_t a[4] = {};
  size_t stop = 0;
  bool got = false;
  const uint32_t status = parse_ipv4(s, strict, true, &stop, a, nullptr, &got);
  if (got) std::memcpy(addr.as<void>(), a, 4);
  p.put_ptr(end.addr, text + stop * char_size);
  return status;
}
uint32_t RtlIpv4StringToAddressW(WindowsProcess& p, Ptr str, uint8_t strict, Ptr end, Ptr addr) {
  return string_to_address(p, wide_text(str.addr), strict, end, str.addr, 2, addr);
}
uint32_t RtlIpv4StringToAddressA(WindowsProcess& p, Ptr str, uint8_t strict, Ptr end, Ptr addr) {
  return string_to_address(p, narrow_text(str.addr), strict, end, str.addr, 1, addr);
}

uint32_t string_to_address_ex(const std::u16string& s, uint8_t strict, Ptr addr, Ptr port) {
  uint8_t a[4] = {};
  uint16_t pt = 0;
  size_t stop = 0;
  bool got = false;
  const uint32_t status = parse_ipv4(s, strict, false, &stop, a, &pt, &got);
  if (got) std::memcpy(addr.as<void>(), a, 4);
  if (status == nt::kSuccess) put<uint16_t>(port.addr, pt);
  return status;
}
uint32_t RtlIpv4StringToAddressExW(WindowsProcess&, Ptr str, uint8_t strict, Ptr addr, Ptr port) {
  if (!str || !addr || !port) return nt::kInvalidParameter;
  return string_to_address_ex(wide_text(str.addr), strict, addr, port);
}
uint32_t RtlIpv4StringToAddressExA(WindowsProcess&, Ptr str, uint8_t strict, Ptr addr, Ptr port) {
  if (!str || !addr || !port) return nt::kInvalidParameter;
  return string_to_address_ex(narrow_text(str.addr), strict, addr, port);
}

std::string address_text(Ptr addr, uint16_t port) {
  const uint8_t* a = addr.as<const uint8_t>();
  char text[32];
  int n = std::snprintf(text, sizeof text, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
  if (port) std::snprintf(text + n, sizeof text - n, ":%u", static_cast<unsigned>((port >> 8) | ((port & 0xff) << 8)));
  return text;
}

// *size: the characters the text takes with its NUL; too few: STATUS_INVALID_PARAMETER.
uint32_t to_string_ex(Ptr addr, uint16_t port, Ptr buf, Ptr size, bool wide) {
  if (!addr || !buf || !size) return nt::kInvalidParameter;
  const std::string t = address_text(addr, port);
  const uint32_t need = static_cast<uint32_t>(t.size() + 1);
  const uint32_t room = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, need);
  if (room < need) return nt::kInvalidParameter;
  for (size_t i = 0; i <= t.size(); ++i) {
    const char c = i < t.size() ? t[i] : '\0';
    if (wide) put<char16_t>(buf.addr + 2 * i, static_cast<char16_t>(c));
    else put<char>(buf.addr + i, c);
  }
  return nt::kSuccess;
}
uint32_t RtlIpv4AddressToStringExW(WindowsProcess&, Ptr addr, uint16_t port, Ptr buf, Ptr size) {
  return to_string_ex(addr, port, buf, size, true);
}
uint32_t RtlIpv4AddressToStringExA(WindowsProcess&, Ptr addr, uint16_t port, Ptr buf, Ptr size) {
  return to_string_ex(addr, port, buf, size, false);
}
// Into a buffer of 16 characters at least: the address of its terminating NUL.
Ptr RtlIpv4AddressToStringW(WindowsProcess&, Ptr addr, Ptr buf) {
  const std::string t = address_text(addr, 0);
  for (size_t i = 0; i <= t.size(); ++i) put<char16_t>(buf.addr + 2 * i, i < t.size() ? static_cast<char16_t>(t[i]) : 0);
  return Ptr(buf.addr + 2 * t.size());
}
Ptr RtlIpv4AddressToStringA(WindowsProcess&, Ptr addr, Ptr buf) {
  const std::string t = address_text(addr, 0);
  std::memcpy(buf.as<char>(), t.c_str(), t.size() + 1);
  return Ptr(buf.addr + t.size());
}

}  // namespace ntdll_ip_impl

const std::vector<Export>& ntdll_ip_exports() {
  using namespace ntdll_ip_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlIpv4StringToAddressW", RtlIpv4StringToAddressW),
      EXPORT("RtlIpv4StringToAddressA", RtlIpv4StringToAddressA),
      EXPORT("RtlIpv4StringToAddressExW", RtlIpv4StringToAddressExW),
      EXPORT("RtlIpv4StringToAddressExA", RtlIpv4StringToAddressExA),
      EXPORT("RtlIpv4AddressToStringExW", RtlIpv4AddressToStringExW),
      EXPORT("RtlIpv4AddressToStringExA", RtlIpv4AddressToStringExA),
      EXPORT("RtlIpv4AddressToStringW", RtlIpv4AddressToStringW),
      EXPORT("RtlIpv4AddressToStringA", RtlIpv4AddressToStringA),
  };
  return exports;
}

}  // namespace polyrun::shims
