// CRYPT32's CryptFormatObject: an encoded structure as the text the certificate dialogs show, in
// UTF-16, on one line (", " between parts) or several (CRYPT_FORMAT_STR_MULTI_LINE: CR LF, nested
// parts indented five spaces a level). Known structures (by X509_* number or OID): key usage,
// basic constraints (the second form), enhanced key usage, alternative names (subject and issuer,
// both OIDs), the authority key identifier (the second form), authority information access, CRL
// distribution points, Netscape's certificate type and its URL and comment strings, and
// Authenticode's financial criteria. Anything else is written as its bytes in hex, two digits
// each with a space between, unless CRYPT_FORMAT_STR_NO_HEX forbids it. The words are Windows'
// English ones.
#include <cstring>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/crypt32.h"

namespace polyrun::shims::crypt32 {
namespace formatting {
namespace {

constexpr uint32_t kMultiLine = 1, kNoHex = 0x10;
constexpr uint32_t kEInvalidArg = 0x80070057, kAsn1Corrupt = 0x80093103, kAsn1Badtag = 0x8009310b;
constexpr uint8_t kSequence = 0x30, kBoolean = 0x01, kBitString = 0x03, kOctetString = 0x04, kOid = 0x06,
                  kInteger = 0x02;
const std::u16string kIndent = u"     ";

std::u16string ascii16(const std::string& s) { return std::u16string(s.begin(), s.end()); }
// Bytes of an 8-bit string, one character each.
std::u16string latin1_16(const uint8_t* b, size_t n) { return std::u16string(b, b + n); }

// What a formatter gives: the text, or the error its DER was (or ERROR_NOT_SUPPORTED for a part
// it cannot show).
struct Text {
  std::optional<std::u16string> text;
  uint32_t error = 0;
};
Text fail_with(uint32_t error) { return {std::nullopt, error}; }

std::u16string hex(const uint8_t* b, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::u16string out;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += u' ';
    out += static_cast<char16_t>(kDigits[b[i] >> 4]);
    out += static_cast<char16_t>(kDigits[b[i] & 15]);
  }
  return out;
}
std::u16string hex(const Bytes& b) { return hex(b.data(), b.size()); }

// The single element a DER value is, of tag `tag`: 0, or the decoder's error (CRYPT_E_ASN1_BADTAG
// for another element, CRYPT_E_ASN1_CORRUPT for a malformed one).
uint32_t only_element(const Bytes& der, uint8_t tag, DerElement& e) {
  DerReader r(der.data(), der.size());
  if (!r.next(e)) return kAsn1Corrupt;
  if (e.tag != tag) return kAsn1Badtag;
  return r.at_end() ? 0 : kAsn1Corrupt;
}

struct Style {
  bool multi;
  std::u16string sep() const { return multi ? u"\r\n" : u", "; }
};

// The names of the bits set in `byte` (most significant first as `names` lists them), ", "
// between them.
std::u16string bit_names(uint8_t byte, const std::vector<std::pair<uint8_t, const char16_t*>>& names, bool& first) {
  std::u16string out;
  for (const auto& [bit, name] : names)
    if (byte & bit) {
      if (!first) out += u", ";
      first = false;
      out += name;
    }
  return out;
}

// A BIT STRING of flags named bit by bit, then its bytes in hex: "Digital Signature, … (a0)";
// "Information Not Available" when it has no byte or more than `max_bytes`.
Text named_bits(const Bytes& der, size_t max_bytes,
                const std::vector<std::vector<std::pair<uint8_t, const char16_t*>>>& names) {
  DerElement e;
  BitString bits;
  if (uint32_t error = only_element(der, kBitString, e)) return fail_with(error);
  if (!read_bit_string(e, bits)) return fail_with(kAsn1Corrupt);
  if (bits.bits.empty() || bits.bits.size() > max_bytes) return {u"Information Not Available"};
  bool first = true;
  std::u16string out;
  for (size_t i = 0; i < bits.bits.size() && i < names.size(); ++i) out += bit_names(bits.bits[i], names[i], first);
  return {out + u" (" + hex(bits.bits) + u")"};
}

Text key_usage(const Bytes& der, Style) {
  return named_bits(der, 2,
                    {{{0x80, u"Digital Signature"}, {0x40, u"Non-Repudiation"}, {0x20, u"Key Encipherment"},
                      {0x10, u"Data Encipherment"}, {0x08, u"Key Agreement"}, {0x04, u"Certificate Signing"},
                      {0x02, u"Off-line CRL Signing"}, {0x02, u"CRL Signing"}, {0x01, u"Encipher Only"}},
                     {{0x80, u"Decipher Only"}}});
}

Text netscape_cert_type(const Bytes& der, Style) {
  return named_bits(der, 1,
                    {{{0x80, u"SSL Client Authentication"}, {0x40, u"SSL Server Authentication"}, {0x20, u"S/MIME"},
                      {0x10, u"Signature"}, {0x04, u"SSL CA"}, {0x02, u"S/MIME CA"}, {0x01, u"Signature CA"}}});
}

Text basic_constraints2(const Bytes& der, Style st) {
  DerElement e;
  if (uint32_t error = only_element(der, kSequence, e)) return fail_with(error);
  auto bc = basic_constraints(der);
  if (!bc) return fail_with(kAsn1Corrupt);
  return {u"Subject Type=" + std::u16string(bc->ca ? u"CA" : u"End Entity") + st.sep() + u"Path Length Constraint=" +
          (bc->has_path_length ? ascii16(std::to_string(bc->path_length)) : u"None")};
}

Text enhanced_key_usage(WindowsProcess&, const Bytes& der, Style st,
                        const std::function<std::u16string(const std::string&)>& usage_name) {
  DerElement e;
  if (uint32_t error = only_element(der, kSequence, e)) return fail_with(error);
  auto oids = key_usage_oids(der);
  if (!oids) return fail_with(kAsn1Corrupt);
  std::u16string out;
  for (size_t i = 0; i < oids->size(); ++i) {
    if (i) out += st.sep();
    const std::u16string name = usage_name((*oids)[i]);
    out += (name.empty() ? u"Unknown Key Usage" : name) + u" (" + ascii16((*oids)[i]) + u")";
  }
  return {out};
}

// One GeneralName as "DNS Name=…", "URL=…", "Email Address=…", "IP Address=a.b.c.d" (with its
// mask for eight bytes: "/m.m.m.m", or on a line of its own), "Directory Address" and the name
// (after "=", or ":" and its attributes each on an indented line); others are not shown.
Text alt_name_entry(const DerElement& e, Style st, int level) {
  std::u16string lead = st.multi ? [&] {
    std::u16string s;
    for (int i = 0; i < level; ++i) s += kIndent;
    return s;
  }()
                                 : u"";
  auto text_of = [&](const char16_t* label) { return Text{lead + label + latin1_16(e.value, e.size)}; };
  switch (e.tag) {
    case 0x81: return text_of(u"Email Address=");
    case 0x82: return text_of(u"DNS Name=");
    case 0x86: return text_of(u"URL=");
    case 0x87: {
      auto quad = [&](size_t at) {
        return ascii16(std::to_string(e.value[at]) + "." + std::to_string(e.value[at + 1]) + "." +
                       std::to_string(e.value[at + 2]) + "." + std::to_string(e.value[at + 3]));
      };
      if (e.size == 4) return {lead + u"IP Address=" + quad(0)};
      if (e.size != 8) return fail_with(ERROR_NOT_SUPPORTED);
      if (st.multi) return {lead + u"IP Address=" + quad(0) + u"\r\n" + lead + u"Mask=" + quad(4)};
      return {lead + u"IP Address=" + quad(0) + u"/" + quad(4)};
    }
    case 0xa4: {
      DerElement name;
      DerReader r(e);
      if (!r.next(name)) return fail_with(kAsn1Corrupt);
      auto rdns = parse_name(name.whole, name.whole_size);
      if (!rdns) return fail_with(kAsn1Corrupt);
      constexpr uint32_t kX500 = 3, kReverse = 0x02000000, kCrlf = 0x08000000;
      if (!st.multi) return {lead + u"Directory Address=" + name_to_string(*rdns, kX500 | kReverse)};
      std::u16string inner;
      for (int i = 0; i <= level; ++i) inner += kIndent;
      return {lead + u"Directory Address:\r\n" + name_to_string(*rdns, kX500 | kReverse | kCrlf, inner)};
    }
    default: return fail_with(ERROR_NOT_SUPPORTED);
  }
}

// GeneralNames (a SEQUENCE of GeneralName, whose contents `names` are), separated by ", " or
// CR LF, each at `level`.
Text alt_name_list(const uint8_t* names, size_t size, Style st, int level) {
  DerReader r(names, size);
  DerElement e;
  std::u16string out;
  bool first = true;
  while (!r.at_end()) {
    if (!r.next(e)) return fail_with(kAsn1Corrupt);
    Text t = alt_name_entry(e, st, level);
    if (!t.text) return t;
    if (!first) out += st.sep();
    first = false;
    out += *t.text;
  }
  return {out};
}

Text alt_name(const Bytes& der, Style st) {
  DerElement e;
  if (uint32_t error = only_element(der, kSequence, e)) return fail_with(error);
  return alt_name_list(e.value, e.size, st, 0);
}

// AuthorityKeyIdentifier: "KeyID=…", "Certificate Issuer" and its names (": " or ":" CR LF, at
// level 1), "Certificate Serial Number=…", separated as the style says.
Text authority_key_id2(const Bytes& der, Style st) {
  DerElement seq, e;
  if (uint32_t error = only_element(der, kSequence, seq)) return fail_with(error);
  DerReader r(seq);
  std::vector<std::u16string> parts;
  while (!r.at_end()) {
    if (!r.next(e)) return fail_with(kAsn1Corrupt);
    if (e.tag == 0x80) {
      parts.push_back(u"KeyID=" + hex(e.value, e.size));
    } else if (e.tag == 0xa1) {
      Text names = alt_name_list(e.value, e.size, st, 1);
      if (!names.text) return names;
      parts.push_back(u"Certificate Issuer" + std::u16string(st.multi ? u":\r\n" : u": ") + *names.text);
    } else if (e.tag == 0x82) {
      // (the serial number as CryptoAPI holds it: least significant byte first)
      const Bytes little(std::make_reverse_iterator(e.value + e.size), std::make_reverse_iterator(e.value));
      parts.push_back(u"Certificate Serial Number=" + hex(little));
    }
  }
  std::u16string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? st.sep() : u"") + parts[i];
  return {out};
}

// AuthorityInfoAccess: each description as "[n]Authority Info Access", its access method by name
// and OID, and its location ("Alternative Name" and the name, at level 2 on several lines).
Text authority_info_access(const Bytes& der, Style st) {
  DerElement seq, desc, method, location;
  if (uint32_t error = only_element(der, kSequence, seq)) return fail_with(error);
  DerReader r(seq);
  std::u16string out;
  int n = 0;
  while (!r.at_end()) {
    if (!r.next(desc) || desc.tag != kSequence) return fail_with(kAsn1Corrupt);
    DerReader d(desc);
    if (!d.next(method) || method.tag != kOid || !d.next(location)) return fail_with(kAsn1Corrupt);
    auto oid = oid_text(method.value, method.size);
    if (!oid) return fail_with(kAsn1Corrupt);
    const std::u16string name = *oid == "1.3.6.1.5.5.7.48.1" ? u"OCSP" : *oid == "1.3.6.1.5.5.7.48.2" ? u"CA Issuers"
                                                                                                       : u"Unknown Access Method";
    Text where = alt_name_entry(location, st, 2);
    if (!where.text) return where;
    if (n) out += st.multi ? u"\r\n" : u", ";
    ++n;
    out += u"[" + ascii16(std::to_string(n)) + u"]Authority Info Access" + (st.multi ? u"\r\n" + kIndent : u": ");
    out += u"Access Method=" + name + u" (" + ascii16(*oid) + u")" + (st.multi ? u"\r\n" + kIndent : u", ");
    out += u"Alternative Name" + std::u16string(st.multi ? u":\r\n" : u"=") + *where.text;
  }
  if (!n) return {u"Information Not Available"};
  return {out};
}

// ReasonFlags: the reasons' names, ", " between them, then the first byte in hex.
std::u16string reasons(const BitString& b) {
  static const std::pair<uint8_t, const char16_t*> kReasons[] = {
      {0x40, u"Key Compromise"}, {0x20, u"CA Compromise"}, {0x10, u"Affiliation Changed"},
      {0x08, u"Superseded"},     {0x04, u"Operation Ceased"}, {0x02, u"Certificate Hold"}};
  const uint8_t byte = b.bits.empty() ? 0 : b.bits[0];
  std::u16string out;
  for (const auto& [bit, name] : kReasons)
    if (byte & bit) out += (out.empty() ? u"" : u", ") + std::u16string(name);
  return out + u" (" + hex(&byte, 1) + u")";
}

// CRLDistributionPoints: each point as "[n]CRL Distribution Point", then its name ("Distribution
// Point Name", "Full Name" and the names at level 3), else its reasons ("CRL Reason="), else its
// CRL issuer ("CRL Issuer" and the names at level 2).
Text crl_dist_points(const Bytes& der, Style st) {
  DerElement seq, point, part;
  if (uint32_t error = only_element(der, kSequence, seq)) return fail_with(error);
  DerReader r(seq);
  const std::u16string name_sep = st.multi ? u":\r\n" : u":";
  std::u16string out;
  int n = 0;
  while (!r.at_end()) {
    if (!r.next(point) || point.tag != kSequence) return fail_with(kAsn1Corrupt);
    std::optional<DerElement> name, reason, issuer;
    DerReader d(point);
    while (!d.at_end()) {
      if (!d.next(part)) return fail_with(kAsn1Corrupt);
      if (part.tag == 0xa0) name = part;
      else if (part.tag == 0x81) reason = part;
      else if (part.tag == 0xa2) issuer = part;
    }
    if (n) out += st.sep();
    ++n;
    out += u"[" + ascii16(std::to_string(n)) + u"]CRL Distribution Point" + (st.multi ? u"\r\n" + kIndent : u": ");
    if (name) {
      DerElement choice;
      DerReader c(*name);
      if (!c.next(choice)) return fail_with(kAsn1Corrupt);
      if (choice.tag != 0xa0) return fail_with(ERROR_NOT_SUPPORTED);  // (a name relative to the issuer)
      Text names = alt_name_list(choice.value, choice.size, st, 3);
      if (!names.text) return names;
      out += u"Distribution Point Name" + name_sep + (st.multi ? kIndent + kIndent : u"") + u"Full Name" + name_sep +
             *names.text;
    } else if (reason) {
      BitString bits;
      if (!read_bit_string(*reason, bits)) return fail_with(kAsn1Corrupt);
      out += u"CRL Reason=" + reasons(bits);
    } else if (issuer) {
      Text names = alt_name_list(issuer->value, issuer->size, st, 2);
      if (!names.text) return names;
      out += u"CRL Issuer" + name_sep + *names.text;
    }
  }
  if (!n) return {u"Information Not Available"};
  return {out};
}

// Netscape's URLs and comment: an IA5String shown as it is.
Text ia5_string(const Bytes& der, Style) {
  DerElement e;
  if (uint32_t error = only_element(der, 0x16, e)) return fail_with(error);
  return {latin1_16(e.value, e.size)};
}

// Authenticode's SpcFinancialCriteria: SEQUENCE { financialInfoAvailable, meetsCriteria }.
Text financial_criteria(const Bytes& der, Style st) {
  DerElement seq, a, b;
  if (uint32_t error = only_element(der, kSequence, seq)) return fail_with(error);
  DerReader r(seq);
  if (!r.next(a) || !r.next(b) || a.tag != kBoolean || b.tag != kBoolean || a.size != 1 || b.size != 1)
    return fail_with(kAsn1Corrupt);
  if (!a.value[0]) return {u"Financial Information=Not Available"};
  return {u"Financial Information=Available" + st.sep() + u"Meets Criteria=" + (b.value[0] ? u"Yes" : u"No")};
}

using Formatter = std::function<Text(WindowsProcess&, const Bytes&, Style)>;

// The formatter of a structure type: its X509_* number, or its OID.
std::optional<Formatter> formatter(uint64_t number, const std::string& oid,
                                   const std::function<std::u16string(const std::string&)>& usage_name) {
  auto plain = [](Text (*f)(const Bytes&, Style)) { return Formatter([f](WindowsProcess&, const Bytes& d, Style s) { return f(d, s); }); };
  const Formatter eku = [usage_name](WindowsProcess& p, const Bytes& d, Style s) { return enhanced_key_usage(p, d, s, usage_name); };
  switch (number) {
    case 14: return plain(key_usage);                   // X509_KEY_USAGE
    case 12: return plain(alt_name);                    // X509_ALTERNATE_NAME
    case 15: return plain(basic_constraints2);          // X509_BASIC_CONSTRAINTS2
    case 31: return plain(authority_key_id2);           // X509_AUTHORITY_KEY_ID2
    case 32: return plain(authority_info_access);       // X509_AUTHORITY_INFO_ACCESS
    case 35: return plain(crl_dist_points);             // X509_CRL_DIST_POINTS
    case 36: return eku;                                // X509_ENHANCED_KEY_USAGE
    case 2010: return plain(financial_criteria);        // SPC_FINANCIAL_CRITERIA_STRUCT
    case 0: break;
    default: return std::nullopt;
  }
  if (oid == "2.5.29.7" || oid == "2.5.29.8" || oid == "2.5.29.17" || oid == "2.5.29.18") return plain(alt_name);
  if (oid == "2.5.29.15") return plain(key_usage);
  if (oid == "2.5.29.19") return plain(basic_constraints2);
  if (oid == "1.3.6.1.5.5.7.1.1") return plain(authority_info_access);
  if (oid == "2.5.29.35") return plain(authority_key_id2);
  if (oid == "2.5.29.31") return plain(crl_dist_points);
  if (oid == "2.5.29.37") return eku;
  if (oid == "2.16.840.1.113730.1.1") return plain(netscape_cert_type);
  // (Netscape's base, revocation, CA revocation, renewal and CA policy URLs, SSL server name, comment)
  for (const char* n : {"2.16.840.1.113730.1.2", "2.16.840.1.113730.1.3", "2.16.840.1.113730.1.4",
                        "2.16.840.1.113730.1.7", "2.16.840.1.113730.1.8", "2.16.840.1.113730.1.12",
                        "2.16.840.1.113730.1.13"})
    if (oid == n) return plain(ia5_string);
  if (oid == "1.3.6.1.4.1.311.2.1.27") return plain(financial_criteria);
  return std::nullopt;
}

// CryptFormatObject(encoding, format type, format string type, format struct, struct type,
// encoded, size, out, out size): the text and its NUL in bytes through the usual size protocol
// (*out_size the bytes needed; ERROR_MORE_DATA when short). Only X.509's ASN.1 encoding is
// formatted (ERROR_FILE_NOT_FOUND: no formatting function for another); a known structure that
// does not decode is the decoder's error.
BOOL CryptFormatObject(WindowsProcess& p, uint32_t encoding, uint32_t, uint32_t str_type, Ptr, Ptr struct_type,
                       Ptr encoded, uint32_t size, Ptr out, Ptr out_size) {
  if ((encoding & 0xffff) != 1) return fail(p, ERROR_FILE_NOT_FOUND);
  if (!out_size) return fail(p, kEInvalidArg);
  const uint64_t type = struct_type.addr;
  const bool by_number = type >> 16 == 0;
  const std::string oid = by_number ? std::string() : CStr{type}.str();
  Bytes der(size);
  if (size) std::memcpy(der.data(), guest_pointer(encoded.addr), size);
  Text text;
  auto usage_name = [](const std::string& usage) { return oid_name(usage, 7); };  // CRYPT_ENHKEY_USAGE_OID_GROUP_ID
  if (auto f = formatter(by_number ? type : 0, oid, usage_name)) {
    if (!size) return fail(p, kEInvalidArg);
    text = (*f)(p, der, Style{(str_type & kMultiLine) != 0});
  } else if (!(str_type & kNoHex)) {
    text = {hex(der)};
  } else {
    return fail(p, ERROR_FILE_NOT_FOUND);
  }
  if (!text.text) return fail(p, text.error);
  const uint32_t needed = static_cast<uint32_t>(2 * (text.text->size() + 1));
  if (!out) {
    put<uint32_t>(out_size.addr, needed);
    return TRUE;
  }
  if (get<uint32_t>(out_size.addr) < needed) {
    put<uint32_t>(out_size.addr, needed);
    return fail(p, ERROR_MORE_DATA);
  }
  put<uint32_t>(out_size.addr, needed);
  std::memcpy(guest_pointer(out.addr), text.text->c_str(), needed);
  return TRUE;
}

}  // namespace
}  // namespace formatting

const std::vector<Export>& formatting_exports() {
  static const std::vector<Export> e = {EXPORT("CryptFormatObject", formatting::CryptFormatObject)};
  return e;
}

}  // namespace polyrun::shims::crypt32
