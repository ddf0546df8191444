// What BCRYPT and NCRYPT share for RSA keys: BCRYPT_RSAKEY_BLOB, the padding information of a
// signature (BCRYPT_PKCS1_PADDING_INFO, BCRYPT_PSS_PADDING_INFO), and the signatures themselves.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "shims/crypto/algorithms.h"

namespace polyrun::shims {

class WindowsProcess;

namespace cng_rsa {

// BCRYPT_RSAPUBLIC_MAGIC, BCRYPT_RSAPRIVATE_MAGIC, BCRYPT_RSAFULLPRIVATE_MAGIC.
constexpr uint32_t kPublic = 0x31415352, kPrivate = 0x32415352, kFull = 0x33415352;

// The magic of a blob type by its name (BCRYPT_RSAPUBLIC_BLOB "RSAPUBLICBLOB", ...); 0 for another.
uint32_t blob_magic(const std::u16string& type);
// BCRYPT_RSAKEY_BLOB: magic, bits, the sizes of the exponent, modulus and two primes, then the
// numbers big-endian: e, n (public); p, q (private); d mod (p-1), d mod (q-1), q^-1 mod p, d (full).
crypto::Bytes export_blob(const crypto::RsaKey& key, uint32_t magic);
// The key a blob of that magic holds; nullptr when the blob is not one.
std::unique_ptr<crypto::RsaKey> import_blob(uint32_t magic, const uint8_t* blob, size_t size);

enum class Failure { kNone, kInvalid, kUnsupported, kBadSignature };

// A signature of `digest` with the padding `flags` asks for (BCRYPT_PAD_PKCS1 2, BCRYPT_PAD_PSS 8)
// and the guest's padding information `info` describes; big-endian. PKCS #1 without an algorithm
// signs the bare digest.
std::optional<crypto::Bytes> sign(WindowsProcess& p, const crypto::RsaKey& key, uint64_t info, uint32_t flags,
                                  const crypto::Bytes& digest, Failure& failure);
// kNone when the signature is good.
Failure verify(WindowsProcess& p, const crypto::RsaKey& key, uint64_t info, uint32_t flags, const crypto::Bytes& digest,
               const crypto::Bytes& signature);

}  // namespace cng_rsa
}  // namespace polyrun::shims
