// Authenticode as WINTRUST checks it, over bytes: a PE image's digest (the image hashed without its
// checksum, its certificate directory entry and the table) and a signature's
// SpcIndirectDataContent. The PKCS #7 SignedData under them is CRYPT32's (crypt32/signed_data.h).
// No process state: bytes in, values out; anything malformed is refused (nullopt), never read past.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shims/crypt32/signed_data.h"

namespace polyrun::shims::wintrust {

using crypt32::Bytes;

// The image's Authenticode digest with the digest algorithm of that OID (MD5, SHA-1,
// SHA-256/384/512); nullopt for another algorithm.
std::optional<Bytes> pe_digest(const Bytes& file, const crypt32::PeLayout& layout, const std::string& digest_oid);

constexpr const char* kSha1Oid = "1.3.14.3.2.26";
constexpr const char* kSha256Oid = "2.16.840.1.101.3.4.2.1";

// SpcIndirectDataContent: what was signed (SPC_PE_IMAGE_DATA …) and the subject's digest.
struct IndirectData {
  std::string data_type;
  std::string digest_oid;
  Bytes digest;
};
std::optional<IndirectData> parse_indirect_data(const Bytes& content);

}  // namespace polyrun::shims::wintrust
