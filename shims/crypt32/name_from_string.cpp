// CRYPT32.dll: CertStrToNameA/W — an X.500 string ("CN=Test, O=Org", CertNameToStr's form) made a
// Name's DER: keys or OIDs, values bare or quoted ("" inside quotes is one "), RDNs separated by
// commas or semicolons (and line ends under CERT_NAME_STR_CRLF_FLAG), attributes of one RDN joined
// by + unless CERT_NAME_STR_NO_PLUS_FLAG. Each value is a PrintableString where its characters
// allow, an IA5String for E and DC, else a BMPString (a UTF8String under
// CERT_NAME_STR_ENABLE_UTF8_UNICODE_FLAG, a TeletexString of Latin-1 characters under
// CERT_NAME_STR_ENABLE_T61_UNICODE_FLAG). A string it cannot read is CRYPT_E_INVALID_X500_STRING,
// with ppszError at the place.
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/crypt32.h"

namespace polyrun::shims::crypt32 {
namespace str_to_name {
namespace {

constexpr uint32_t kInvalidX500 = 0x80092023, kMoreData = 234;
constexpr uint32_t kSemicolon = 0x40000000, kNoPlus = 0x20000000, kCrlf = 0x08000000, kComma = 0x04000000,
                   kReverse = 0x02000000, kT61 = 0x00020000, kUtf8 = 0x00040000;

bool printable(char16_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::strchr(" '()+,-./:=?", c < 0x80 ? static_cast<char>(c) : 'x') != nullptr;
}

// The value's encoding (tag and bytes) as CertStrToName chooses it.
Bytes encode_value(const std::string& oid, const std::u16string& v, uint32_t flags) {
  const bool ia5 = oid == "1.2.840.113549.1.9.1" || oid == "0.9.2342.19200300.100.1.25";
  bool all_printable = true, all_ascii = true, latin1 = true;
  for (char16_t c : v) {
    all_printable &= printable(c);
    all_ascii &= c < 0x80;
    latin1 &= c < 0x100;
  }
  auto narrow = [&] {
    Bytes b;
    for (char16_t c : v) b.push_back(static_cast<uint8_t>(c));
    return b;
  };
  if (ia5 && all_ascii) return der_element(0x16, narrow());
  if (all_printable) return der_element(0x13, narrow());
  if (flags & kUtf8) {
    const std::string u = utf16_to_utf8(v.data(), v.size());
    return der_element(0x0c, Bytes(u.begin(), u.end()));
  }
  if ((flags & kT61) && latin1) return der_element(0x14, narrow());
  Bytes bmp;
  for (char16_t c : v) {
    bmp.push_back(static_cast<uint8_t>(c >> 8));
    bmp.push_back(static_cast<uint8_t>(c));
  }
  return der_element(0x1e, bmp);
}

bool is_space(char16_t c) { return c == ' ' || c == '\t'; }

// The string's Name, or the offset of what cannot be read.
struct Parsed {
  Bytes der;
  size_t error_at = 0;
  bool ok = false;
};
Parsed parse(const std::u16string& s, uint32_t flags) {
  Parsed out;
  const uint32_t kind = flags & 0xff;
  if (kind != 3 && kind != 2) return out;  // CERT_X500_NAME_STR or CERT_OID_NAME_STR
  auto separator = [&](char16_t c) {
    if (flags & kSemicolon) return c == ';';
    if (flags & kCrlf) return c == '\r' || c == '\n';
    if (flags & kComma) return c == ',';
    return c == ',' || c == ';';
  };
  std::vector<Bytes> rdns;
  Bytes current;  // the attributes of the RDN being read
  size_t i = 0;
  auto skip_spaces = [&] {
    while (i < s.size() && (is_space(s[i]) || ((flags & kCrlf) == 0 && (s[i] == '\r' || s[i] == '\n')))) ++i;
  };
  skip_spaces();
  if (i == s.size()) {
    out.der = der_element(0x30, {});
    out.ok = true;
    return out;
  }
  while (i < s.size()) {
    skip_spaces();
    const size_t key_at = i;
    std::string key;
    while (i < s.size() && s[i] != '=' && !separator(s[i]) && s[i] != '+') key += static_cast<char>(s[i] < 0x80 ? s[i] : '?'), ++i;
    while (!key.empty() && is_space(static_cast<char16_t>(key.back()))) key.pop_back();
    if (i == s.size() || s[i] != '=' || key.empty()) {
      out.error_at = key_at;
      return out;
    }
    std::string oid = x500_oid(key);
    if (oid.empty()) {
      std::string digits = key;
      if (digits.size() > 4 && (digits.compare(0, 4, "OID.") == 0 || digits.compare(0, 4, "oid.") == 0)) digits = digits.substr(4);
      if (oid_element(digits)) oid = digits;
    }
    const auto oid_bytes = oid.empty() ? std::nullopt : oid_element(oid);
    if (!oid_bytes) {
      out.error_at = key_at;
      return out;
    }
    ++i;  // '='
    skip_spaces();
    const size_t value_at = i;
    std::u16string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            value += u'"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        value += s[i++];
      }
      if (!closed) {
        out.error_at = value_at;
        return out;
      }
      skip_spaces();
    } else {
      while (i < s.size() && !separator(s[i]) && !(s[i] == '+' && !(flags & kNoPlus))) value += s[i++];
    }
    if (value.empty()) {
      out.error_at = value_at;
      return out;
    }
    Bytes attr = *oid_bytes;
    const Bytes v = encode_value(oid, value, flags);
    attr.insert(attr.end(), v.begin(), v.end());
    const Bytes seq = der_element(0x30, attr);
    current.insert(current.end(), seq.begin(), seq.end());
    if (i < s.size() && s[i] == '+' && !(flags & kNoPlus)) {
      ++i;
      continue;
    }
    rdns.push_back(der_element(0x31, current));
    current.clear();
    if (i < s.size()) {
      if (!separator(s[i])) {
        out.error_at = i;
        return out;
      }
      ++i;
      if ((flags & kCrlf) && s[i - 1] == '\r' && i < s.size() && s[i] == '\n') ++i;  // CR LF: one separator
    }
  }
  if (flags & kReverse) std::reverse(rdns.begin(), rdns.end());
  Bytes all;
  for (const Bytes& r : rdns) all.insert(all.end(), r.begin(), r.end());
  out.der = der_element(0x30, all);
  out.ok = true;
  return out;
}

BOOL str_to_name(WindowsProcess& p, const std::u16string& s, uint64_t string_addr, unsigned char_size, uint32_t flags,
                 Ptr out, Ptr size, Ptr error) {
  if (error) p.put_ptr(error.addr, 0);
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  const Parsed parsed = parse(s, flags);
  if (!parsed.ok) {
    if (error) p.put_ptr(error.addr, string_addr + parsed.error_at * char_size);
    return fail(p, kInvalidX500);
  }
  const uint32_t room = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, static_cast<uint32_t>(parsed.der.size()));
  if (!out) return TRUE;
  if (room < parsed.der.size()) return fail(p, kMoreData);
  std::memcpy(out.as<uint8_t>(), parsed.der.data(), parsed.der.size());
  return TRUE;
}

BOOL CertStrToNameW(WindowsProcess& p, uint32_t, WStr x500, uint32_t type, Ptr, Ptr out, Ptr size, Ptr error) {
  if (!x500.addr) return fail(p, ERROR_INVALID_PARAMETER);
  return str_to_name(p, x500.str(), x500.addr, 2, type, out, size, error);
}
// The A form's string is the ANSI code page's; the place of an error is counted in its bytes.
BOOL CertStrToNameA(WindowsProcess& p, uint32_t, AStr x500, uint32_t type, Ptr out, Ptr size, Ptr error) {
  if (!x500.addr) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string s = ansi_to_utf16(x500.data());
  return str_to_name(p, s, x500.addr, 1, type, out, size, error);
}

}  // namespace
}  // namespace str_to_name

const std::vector<Export>& str_to_name_exports() {
  using namespace str_to_name;
  static const std::vector<Export> exports = {
      EXPORT("CertStrToNameA", CertStrToNameA),
      EXPORT("CertStrToNameW", CertStrToNameW),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
