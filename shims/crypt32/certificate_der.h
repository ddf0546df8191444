// X.509 certificates as CRYPT32 presents them, read from their DER: the parts CERT_INFO holds, the
// relative distinguished names of a Name, and the strings CertNameToStr and CertGetNameString make
// of them. No process state: bytes in, values out (tests/fuzz/crypt32_certificate.cpp drives it);
// anything malformed is refused (nullopt), never read past.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polyrun::shims::crypt32 {

using Bytes = std::vector<uint8_t>;

// One DER element: its tag byte, its whole encoding and its contents.
struct DerElement {
  uint8_t tag = 0;
  const uint8_t* whole = nullptr;
  size_t whole_size = 0;
  const uint8_t* value = nullptr;
  size_t size = 0;
};

// Reads the elements of a span one after another (definite lengths only, as DER has).
class DerReader {
 public:
  DerReader(const uint8_t* data, size_t size) : at_(data), end_(data + size) {}
  explicit DerReader(const DerElement& e) : DerReader(e.value, e.size) {}
  bool at_end() const { return at_ == end_; }
  bool next(DerElement& out);               // false at the end or on a malformed element
  bool peek_tag(uint8_t& tag) const;

 private:
  const uint8_t* at_;
  const uint8_t* end_;
};

// DER of one element: its tag, its length and `value`; an OBJECT IDENTIFIER's element from its text
// ("1.2.840.113549.1.1.11"; nullopt if it is none).
Bytes der_element(uint8_t tag, const Bytes& value);
std::optional<Bytes> oid_element(const std::string& text);

// "1.2.840.113549.1.1.11" from an OBJECT IDENTIFIER's contents (nullopt if malformed).
std::optional<std::string> oid_text(const uint8_t* value, size_t size);

struct AlgorithmId {
  std::string oid;
  Bytes parameters;  // their whole DER (NULL's 05 00), empty when absent
};

struct BitString {
  Bytes bits;
  uint32_t unused_bits = 0;
};

struct Extension {
  std::string oid;
  bool critical = false;
  Bytes value;  // the OCTET STRING's contents
};

struct Certificate {
  uint32_t version = 0;  // CERT_V1 (0), CERT_V2, CERT_V3
  Bytes serial;          // the INTEGER's contents, most significant byte first
  AlgorithmId signature;
  Bytes issuer, subject; // the Names' whole DER
  uint64_t not_before = 0, not_after = 0;  // FILETIMEs
  AlgorithmId key_algorithm;
  BitString public_key;
  std::optional<BitString> issuer_unique_id, subject_unique_id;
  std::vector<Extension> extensions;
  Bytes tbs;             // the signed part's whole DER
  AlgorithmId signature_algorithm;  // the outer one
  BitString signature_value;
  size_t encoded_size = 0;  // the certificate's whole DER (what follows it is not part of it)
};

// An AlgorithmIdentifier element (a SEQUENCE of an OID and optional parameters), and a BIT
// STRING element's contents: false if malformed.
bool read_algorithm_id(const DerElement& e, AlgorithmId& out);
bool read_bit_string(const DerElement& e, BitString& out);

// A certificate's DER (trailing bytes after it are left alone).
std::optional<Certificate> parse_certificate(const uint8_t* data, size_t size);

// CERT_RDN_* value types (wincrypt.h).
enum RdnValueType : uint32_t {
  kRdnAny = 0, kRdnEncodedBlob = 1, kRdnOctetString = 2, kRdnNumericString = 3, kRdnPrintableString = 4,
  kRdnTeletexString = 5, kRdnVideotexString = 6, kRdnIa5String = 7, kRdnGraphicString = 8,
  kRdnVisibleString = 9, kRdnGeneralString = 10, kRdnUniversalString = 11, kRdnBmpString = 12,
  kRdnUtf8String = 13,
};

struct NameAttribute {
  std::string oid;
  uint32_t type = kRdnAny;  // RdnValueType
  Bytes raw;                // the value's contents as encoded
  std::u16string text;      // the value as CRYPT32 decodes it (one character a byte for the 8-bit types)
};
using Rdn = std::vector<NameAttribute>;

// A Name's whole DER (a SEQUENCE of SETs of type-and-value).
std::optional<std::vector<Rdn>> parse_name(const uint8_t* data, size_t size);

// CertNameToStr's string (without its NUL): CERT_SIMPLE_NAME_STR (1), CERT_OID_NAME_STR (2) or
// CERT_X500_NAME_STR (3) in the low byte of `str_type`, with its separator and order flags; an
// undecodable name gives "". `attribute_prefix` goes before each attribute (CryptFormatObject's
// indentation of a name on lines of its own).
std::u16string name_to_string(const std::vector<Rdn>& name, uint32_t str_type, std::u16string_view attribute_prefix = {});

// The first attribute of the name with that OID, or null.
const NameAttribute* find_attribute(const std::vector<Rdn>& name, const std::string& oid);

// The X.500 key CertNameToStr writes for an attribute's OID ("CN", "O" …), or "" if none.
const char* x500_key(const std::string& oid);
// The other way: the OID of a key (without case: "cn", "CN"), or "".
std::string x500_oid(const std::string& key);

// A subjectAltName/issuerAltName extension's entries of one text kind (CERT_ALT_NAME_*:
// 2 RFC 822 name, 3 DNS name, 7 URL), in order.
std::vector<std::u16string> alt_names(const Bytes& extension_value, int kind);

// An extendedKeyUsage extension's OIDs (nullopt if malformed).
std::optional<std::vector<std::string>> key_usage_oids(const Bytes& extension_value);

// The certificate's extension with that OID, or null.
const Extension* find_extension(const Certificate& c, const std::string& oid);

// authorityKeyIdentifier (2.5.29.35): the key identifier and/or the issuer's name (the first
// directoryName of authorityCertIssuer, its whole DER) and serial number (most significant byte
// first). nullopt if malformed.
struct AuthorityKeyId {
  Bytes key_id;
  Bytes issuer_name;
  Bytes serial;
};
std::optional<AuthorityKeyId> authority_key_id(const Bytes& extension_value);

// basicConstraints (2.5.29.19). nullopt if malformed.
struct BasicConstraints {
  bool ca = false;
  bool has_path_length = false;
  uint32_t path_length = 0;
};
std::optional<BasicConstraints> basic_constraints(const Bytes& extension_value);

// keyUsage (2.5.29.15): its BIT STRING. nullopt if malformed.
std::optional<BitString> key_usage_bits(const Bytes& extension_value);

// X.509's time (UTCTime: tag 0x17, GeneralizedTime: 0x18) as a FILETIME.
std::optional<uint64_t> der_time(uint8_t tag, const uint8_t* value, size_t size);

}  // namespace polyrun::shims::crypt32
