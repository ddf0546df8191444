// NTDLL's IPv6 addresses in text: RtlIpv6StringToAddress(Ex)A/W and RtlIpv6AddressToString(Ex)A/W.
// An address is eight groups of one to four hexadecimal digits between colons, one run of zero
// groups written "::", the last two groups possibly a dotted IPv4 address (four decimal parts of a
// byte each); the Ex forms take a "%scope" (decimal) after it and the whole in brackets with a
// ":port" after them, and nothing else; the plain forms say where the address ended (*terminator,
// also where a malformed one stopped). Text is made as RFC 5952 says, lower case, the longest run of
// two or more zero groups (the first of equal ones) as "::", an IPv4-mapped, -compatible or ISATAP
// address's last 32 bits dotted; the Ex forms add "%scope" and "[…]:port".
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_ipv6_impl {

int hex_digit(char16_t c) {
  if (c >= u'0' && c <= u'9') return c - u'0';
  if (c >= u'a' && c <= u'f') return c - u'a' + 10;
  if (c >= u'A' && c <= u'F') return c - u'A' + 10;
  return -1;
}
bool is_decimal(char16_t c) { return c >= u'0' && c <= u'9'; }

struct Parse {
  const std::u16string& s;
  size_t i = 0;
  char16_t at(size_t k) const { return k < s.size() ? s[k] : u'\0'; }
  char16_t cur() const { return at(i); }
};

// A dotted IPv4 address at the parse's place: four decimal parts of at most three digits and 255.
bool parse_dotted(Parse& p, uint8_t out[4]) {
  for (int part = 0; part < 4; ++part) {
    if (part && p.cur() != u'.') return false;
    if (part) ++p.i;
    uint32_t v = 0;
    int digits = 0;
    while (is_decimal(p.cur()) && digits < 4) v = v * 10 + (p.s[p.i++] - u'0'), ++digits;
    if (!digits || digits > 3 || v > 255) return false;
    out[part] = static_cast<uint8_t>(v);
  }
  return true;
}

// Whether a dotted IPv4 address begins at s[i] (decimal digits then a dot before any colon).
bool dotted_ahead(const Parse& p) {
  size_t k = p.i;
  while (is_decimal(p.at(k))) ++k;
  return k > p.i && p.at(k) == u'.';
}

// The address at the parse's start; the parse stops where it ended. False for a malformed one (the
// parse where it went wrong).
bool parse_address(Parse& p, uint8_t out[16]) {
  uint16_t groups[8] = {};
  int count = 0, gap = -1;
  if (p.cur() == u':') {
    if (p.at(p.i + 1) != u':') return false;
    p.i += 2;
    gap = 0;
  }
  uint8_t v4[4];
  while (count < 8) {
    if (dotted_ahead(p)) {
      if (!parse_dotted(p, v4)) return false;
      if (count > 6 || (gap < 0 && count != 6)) return false;
      groups[count++] = static_cast<uint16_t>(v4[0] << 8 | v4[1]);
      groups[count++] = static_cast<uint16_t>(v4[2] << 8 | v4[3]);
      break;
    }
    uint32_t v = 0;
    int digits = 0;
    while (hex_digit(p.cur()) >= 0) {
      v = v * 16 + static_cast<uint32_t>(hex_digit(p.cur()));
      ++p.i;
      if (++digits > 4) return false;
    }
    if (!digits) {
      if (gap >= 0 && gap == count && p.at(p.i - 1) == u':') break;  // "…::" at the end
      return false;
    }
    groups[count++] = static_cast<uint16_t>(v);
    if (p.cur() != u':' || count == 8) break;
    if (p.at(p.i + 1) == u':') {
      if (gap >= 0) break;  // a second "::": the address ends before it
      gap = count;
      p.i += 2;
      if (hex_digit(p.cur()) < 0) break;  // "x::" at the end
      continue;
    }
    if (hex_digit(p.at(p.i + 1)) < 0) return false;
    ++p.i;
  }
  if (gap < 0 ? count != 8 : count > 7) return false;
  uint16_t full[8] = {};
  if (gap < 0) {
    std::memcpy(full, groups, sizeof full);
  } else {
    for (int k = 0; k < gap; ++k) full[k] = groups[k];
    const int tail = count - gap;
    for (int k = 0; k < tail; ++k) full[8 - tail + k] = groups[gap + k];
  }
  for (int k = 0; k < 8; ++k) {
    out[2 * k] = static_cast<uint8_t>(full[k] >> 8);
    out[2 * k + 1] = static_cast<uint8_t>(full[k]);
  }
  return true;
}

std::u16string wide_text(uint64_t a) { return std::u16string(reinterpret_cast<const char16_t*>(a)); }
std::u16string narrow_text(uint64_t a) {
  const char* s = reinterpret_cast<const char*>(a);
  return std::u16string(s, s + std::strlen(s));
}

// RtlIpv6StringToAddress(A/W)(text, *terminator, IN6_ADDR*).
uint32_t string_to_address(WindowsProcess& p, const std::u16string& s, uint64_t text, bool wide, Ptr terminator,
                           Ptr addr) {
  Parse parse{s};
  uint8_t out[16];
  const bool ok = parse_address(parse, out);
  p.put_ptr(terminator.addr, text + parse.i * (wide ? 2 : 1));
  if (!ok) return nt::kInvalidParameter;
  std::memcpy(addr.as<void>(), out, 16);
  return nt::kSuccess;
}
uint32_t RtlIpv6StringToAddressW(WindowsProcess& p, Ptr str, Ptr terminator, Ptr addr) {
  if (!str || !terminator || !addr) return nt::kInvalidParameter;
  return string_to_address(p, wide_text(str.addr), str.addr, true, terminator, addr);
}
uint32_t RtlIpv6StringToAddressA(WindowsProcess& p, Ptr str, Ptr terminator, Ptr addr) {
  if (!str || !terminator || !addr) return nt::kInvalidParameter;
  return string_to_address(p, narrow_text(str.addr), str.addr, false, terminator, addr);
}

// A decimal number that is the rest up to `stop`: its value, false for none or more than 32 bits.
bool parse_number(Parse& p, uint32_t* value) {
  uint64_t v = 0;
  int digits = 0;
  while (is_decimal(p.cur())) {
    v = v * 10 + (p.s[p.i++] - u'0');
    if (v > 0xffffffffull) return false;
    ++digits;
  }
  *value = static_cast<uint32_t>(v);
  return digits > 0;
}

// RtlIpv6StringToAddressEx(A/W)(text, IN6_ADDR*, *scope, *port in network order): the whole text.
uint32_t string_to_address_ex(const std::u16string& s, Ptr addr, Ptr scope, Ptr port) {
  Parse p{s};
  const bool bracket = p.cur() == u'[';
  if (bracket) ++p.i;
  uint8_t out[16];
  if (!parse_address(p, out)) return nt::kInvalidParameter;
  uint32_t scope_id = 0, port_number = 0;
  if (p.cur() == u'%') {
    ++p.i;
    if (!parse_number(p, &scope_id)) return nt::kInvalidParameter;
  }
  if (bracket) {
    if (p.cur() != u']') return nt::kInvalidParameter;
    ++p.i;
    if (p.cur() == u':') {
      ++p.i;
      if (!parse_number(p, &port_number) || port_number == 0 || port_number > 0xffff) return nt::kInvalidParameter;
    }
  }
  if (p.cur()) return nt::kInvalidParameter;
  std::memcpy(addr.as<void>(), out, 16);
  put<uint32_t>(scope.addr, scope_id);
  put<uint16_t>(port.addr, static_cast<uint16_t>((port_number >> 8) | ((port_number & 0xff) << 8)));
  return nt::kSuccess;
}
uint32_t RtlIpv6StringToAddressExW(WindowsProcess&, Ptr str, Ptr addr, Ptr scope, Ptr port) {
  if (!str || !addr || !scope || !port) return nt::kInvalidParameter;
  return string_to_address_ex(wide_text(str.addr), addr, scope, port);
}
uint32_t RtlIpv6StringToAddressExA(WindowsProcess&, Ptr str, Ptr addr, Ptr scope, Ptr port) {
  if (!str || !addr || !scope || !port) return nt::kInvalidParameter;
  return string_to_address_ex(narrow_text(str.addr), addr, scope, port);
}

// ---- to text ----

// Whether the last 32 bits are written dotted: ::a.b.c.d (compatible, but not :: or ::1-like
// addresses whose seventh group is zero), ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated),
// and ISATAP's …:0:5efe:a.b.c.d (or 200:5efe).
bool dotted_tail(const uint16_t g[8]) {
  if (g[5] == 0x5efe && (g[4] & ~0x200) == 0) return true;
  for (int k = 0; k < 4; ++k)
    if (g[k]) return false;
  if (g[4] != 0 && g[4] != 0xffff) return false;
  if (g[4] == 0 && g[5] != 0 && g[5] != 0xffff) return false;
  if (g[4] == 0xffff && g[5] != 0) return false;
  return g[6] != 0;
}

std::string address_text(const uint8_t* a, uint32_t scope, uint16_t port_network) {
  uint16_t g[8];
  for (int k = 0; k < 8; ++k) g[k] = static_cast<uint16_t>(a[2 * k] << 8 | a[2 * k + 1]);
  const int groups = dotted_tail(g) ? 6 : 8;
  int best = -1, best_len = 1;  // the longest run of two or more zero groups
  for (int k = 0; k < groups;) {
    if (g[k]) {
      ++k;
      continue;
    }
    int e = k;
    while (e < groups && !g[e]) ++e;
    if (e - k > best_len) best = k, best_len = e - k;
    k = e;
  }
  std::string s;
  const uint16_t port = static_cast<uint16_t>((port_network >> 8) | ((port_network & 0xff) << 8));
  if (port_network) s += '[';
  for (int k = 0; k < groups;) {
    if (k == best) {
      s += "::";
      k += best_len;
      continue;
    }
    if (k && s.back() != ':') s += ':';
    char part[8];
    std::snprintf(part, sizeof part, "%x", g[k]);
    s += part;
    ++k;
  }
  if (groups == 6) {
    if (s.empty() || s.back() != ':') s += ':';
    char v4[20];
    std::snprintf(v4, sizeof v4, "%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
    s += v4;
  }
  if (scope) s += "%" + std::to_string(scope);
  if (port_network) s += "]:" + std::to_string(port);
  return s;
}

// RtlIpv6AddressToStringEx(A/W)(IN6_ADDR*, scope, port, buffer, *size in characters):
// STATUS_INVALID_PARAMETER where the text and its NUL do not fit (with the size it needs).
uint32_t to_string_ex(Ptr addr, uint32_t scope, uint16_t port, Ptr buf, Ptr size, bool wide) {
  if (!addr || !buf || !size) return nt::kInvalidParameter;
  const std::string s = address_text(addr.as<const uint8_t>(), scope, port);
  const uint32_t need = static_cast<uint32_t>(s.size() + 1);
  const uint32_t room = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, need);
  if (room < need) return nt::kInvalidParameter;
  for (size_t k = 0; k <= s.size(); ++k) {
    if (wide) put<uint16_t>(buf.addr + 2 * k, static_cast<uint8_t>(s.c_str()[k]));
    else put<char>(buf.addr + k, s.c_str()[k]);
  }
  return nt::kSuccess;
}
uint32_t RtlIpv6AddressToStringExW(WindowsProcess&, Ptr addr, uint32_t scope, uint16_t port, Ptr buf, Ptr size) {
  return to_string_ex(addr, scope, port, buf, size, true);
}
uint32_t RtlIpv6AddressToStringExA(WindowsProcess&, Ptr addr, uint32_t scope, uint16_t port, Ptr buf, Ptr size) {
  return to_string_ex(addr, scope, port, buf, size, false);
}
// The plain forms: the text at `buf` (room for 46 characters), and where its NUL is.
Ptr RtlIpv6AddressToStringW(WindowsProcess&, Ptr addr, Ptr buf) {
  if (!addr || !buf) return buf;
  const std::string s = address_text(addr.as<const uint8_t>(), 0, 0);
  for (size_t k = 0; k <= s.size(); ++k) put<uint16_t>(buf.addr + 2 * k, static_cast<uint8_t>(s.c_str()[k]));
  return Ptr(buf.addr + 2 * s.size());
}
Ptr RtlIpv6AddressToStringA(WindowsProcess&, Ptr addr, Ptr buf) {
  if (!addr || !buf) return Ptr(buf.addr - 1);
  const std::string s = address_text(addr.as<const uint8_t>(), 0, 0);
  std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
  return Ptr(buf.addr + s.size());
}

}  // namespace ntdll_ipv6_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_ipv6_exports() {
  using namespace ntdll_ipv6_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlIpv6StringToAddressW", RtlIpv6StringToAddressW),
      EXPORT("RtlIpv6StringToAddressA", RtlIpv6StringToAddressA),
      EXPORT("RtlIpv6StringToAddressExW", RtlIpv6StringToAddressExW),
      EXPORT("RtlIpv6StringToAddressExA", RtlIpv6StringToAddressExA),
      EXPORT("RtlIpv6AddressToStringW", RtlIpv6AddressToStringW),
      EXPORT("RtlIpv6AddressToStringA", RtlIpv6AddressToStringA),
      EXPORT("RtlIpv6AddressToStringExW", RtlIpv6AddressToStringExW),
      EXPORT("RtlIpv6AddressToStringExA", RtlIpv6AddressToStringExA),
  };
  return exports;
}

}  // namespace polyrun::shims
