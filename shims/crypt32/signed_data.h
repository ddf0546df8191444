// PKCS #7 / CMS SignedData as CRYPT32's message functions and WINTRUST read it: a ContentInfo's
// content, certificates and signers (their signed and unsigned attributes), a signer's
// messageDigest over the content and its signature (GnuTLS checks it with the signer's key), and
// the signatures a PE image's certificate table holds. No process state: bytes in, values out;
// anything malformed is refused (nullopt), never read past.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "shims/crypt32/certificate_der.h"

namespace polyrun::shims::crypt32 {

struct Attribute {
  std::string oid;
  std::vector<Bytes> values;  // each value's whole DER
};

struct SignerInfo {
  uint32_t version = 0;
  Bytes issuer;  // the Name's whole DER
  Bytes serial;  // the INTEGER's contents, most significant byte first
  AlgorithmId digest_algorithm, signature_algorithm;
  Bytes signature;
  Bytes signed_attributes;  // the signed attributes as they are signed (a SET's DER), empty if none
  std::vector<Attribute> signed_attrs, unsigned_attrs;
  Bytes encoded;            // the SignerInfo's whole DER
};

struct SignedData {
  uint32_t version = 0;
  std::string content_type;
  Bytes content;        // the encapsulated content's contents, which the messageDigest attribute hashes
  Bytes content_whole;  // the encapsulated content's whole DER (empty when detached)
  std::vector<Bytes> certificates;
  std::vector<Bytes> crls;
  std::vector<SignerInfo> signers;
};

// A ContentInfo: its type and its [0] content's inner element (whole DER); nullopt if malformed.
struct ContentInfo {
  std::string type;
  Bytes content;  // empty when absent
};
std::optional<ContentInfo> parse_content_info(const Bytes& der);
// SignedData from a ContentInfo's content (its SEQUENCE), or from a whole ContentInfo.
std::optional<SignedData> parse_signed_data_content(const Bytes& content);
std::optional<SignedData> parse_signed_data(const Bytes& pkcs7);

// A digest with the digest algorithm of that OID (MD5, SHA-1, SHA-256/384/512); nullopt for another.
std::optional<Bytes> digest_of(const uint8_t* data, size_t size, const std::string& digest_oid);

// The certificate (of the message's) whose issuer and serial number the signer names, or null.
const Bytes* signer_certificate(const SignedData& message, const SignerInfo& signer);
// Whether the signer's messageDigest attribute is the digest of `content` (with no signed
// attributes, true), and whether its signature verifies with the key of a certificate (DER) or of
// a SubjectPublicKeyInfo (DER). The signature covers the signed attributes, or `content` without them.
bool content_digest_matches(const SignerInfo& signer, const Bytes& content);
bool signature_verifies_with_certificate(const SignerInfo& signer, const Bytes& content, const Bytes& certificate_der);
bool signature_verifies_with_key(const SignerInfo& signer, const Bytes& content, const Bytes& public_key_info_der);

// Where a PE image's certificate table is; nullopt when the bytes are no PE image.
struct PeLayout {
  size_t checksum_at = 0;        // the optional header's CheckSum
  size_t security_entry_at = 0;  // the certificate table's data directory entry
  uint32_t table_offset = 0;     // the certificate table (a file offset), 0 when there is none
  uint32_t table_size = 0;
};
std::optional<PeLayout> pe_layout(const Bytes& file);
// The PKCS #7 SignedData blobs of the certificate table's WIN_CERTIFICATE entries of type
// WIN_CERT_TYPE_PKCS_SIGNED_DATA, in order.
std::vector<Bytes> pe_signatures(const Bytes& file, const PeLayout& layout);

}  // namespace polyrun::shims::crypt32
