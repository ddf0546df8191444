// CryptoAPI's structures (CERT_NAME_INFO, CERT_ALT_NAME_INFO, key blobs …) decoded from DER and
// laid out for a pointer width: CryptDecodeObjectEx's decoders (object_decoding.cpp hands their
// blocks to the program). No process state: bytes in, a block out (tests/fuzz/crypt32_decode.cpp
// drives every decoder); anything malformed is an ASN.1 error, never read past.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/guest_block.h"

namespace polyrun::shims::crypt32 {

// The encoded bytes and where they are in the program's memory: under CRYPT_DECODE_NOCOPY_FLAG
// blobs point into them there, else they are copied after the structure.
struct DerInput {
  const uint8_t* data;
  size_t size;
  uint64_t guest;
  bool nocopy;
};

// CRYPT_E_ASN1_* errors the decoders give.
constexpr uint32_t kAsn1Eod = 0x80093102, kAsn1Corrupt = 0x80093103, kAsn1Large = 0x80093104,
                   kAsn1Badtag = 0x8009310b;

struct StructureType {
  uint32_t number;   // X509_* / PKCS_* (0: named by OID only)
  const char* oid;   // an OID naming the same structure, or null
  const char* name;
  // Lays the structure out at offset 0 of the block; 0, or the CRYPT_E_ASN1_* error.
  std::function<uint32_t(stores::GuestBlock&, const DerInput&)> decode;
};

const std::vector<StructureType>& structure_types();
// The type of that number (when not 0), else of that OID; null if polyrun has no decoder for it.
const StructureType* find_structure_type(uint64_t number, const std::string& oid);

}  // namespace polyrun::shims::crypt32
