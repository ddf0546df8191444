// The algorithms behind Windows' cryptography DLLs (ADVAPI32's CryptoAPI, BCRYPT, NCRYPT), from
// Nettle (hashes, HMAC, AES, DES, RC2, RC4) and its public-key half Hogweed over GMP (RSA): the
// DLLs keep Windows' handles, blobs and errors, and hand the arithmetic to these.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace polyrun::shims::crypto {

using Bytes = std::vector<uint8_t>;

// Fills `n` bytes from the system's random generator.
void random_fill(uint8_t* out, size_t n);

enum class HashKind { Md2, Md4, Md5, Sha1, Sha256, Sha384, Sha512 };

// A running hash; copying it copies its state (CryptDuplicateHash, BCryptDuplicateHash).
class Hash {
 public:
  explicit Hash(HashKind kind);
  HashKind kind() const { return kind_; }
  size_t size() const;        // of the digest, in bytes
  size_t block_size() const;  // of the compression function's input
  void update(const uint8_t* data, size_t n);
  // The digest; the hash starts over.
  Bytes finish();

 private:
  HashKind kind_;
  Bytes state_;
};

Bytes digest(HashKind kind, const uint8_t* data, size_t n);

// RFC 2104's HMAC with the hash's own block size.
class Hmac {
 public:
  Hmac(HashKind kind, const uint8_t* key, size_t key_size);
  size_t size() const;
  void update(const uint8_t* data, size_t n);
  Bytes finish();  // the MAC; the HMAC starts over with the same key

 private:
  HashKind kind_;
  Bytes outer_, inner_, state_;
};

// The DER DigestInfo prefix of PKCS #1 v1.5 signatures over a digest of this kind.
Bytes digest_info_prefix(HashKind kind);

enum class CipherKind { Aes, Des, Des3, Rc2, Rc4 };

// A block cipher (one block at a time: the modes are the DLLs') or RC4's key stream.
class Cipher {
 public:
  // `effective_bits`: RC2's effective key length (0: the key's own).
  static std::unique_ptr<Cipher> make(CipherKind kind, const uint8_t* key, size_t key_size, unsigned effective_bits = 0);
  virtual ~Cipher() = default;
  virtual size_t block_size() const = 0;  // 0 for a stream cipher
  virtual void encrypt_block(const uint8_t* in, uint8_t* out) = 0;
  virtual void decrypt_block(const uint8_t* in, uint8_t* out) = 0;
  virtual void stream(uint8_t* data, size_t n) = 0;  // RC4: the key stream over data
};

// An RSA key: the public half alone, or the whole pair.
class RsaKey {
 public:
  RsaKey();
  ~RsaKey();
  RsaKey(const RsaKey&) = delete;
  RsaKey& operator=(const RsaKey&) = delete;

  static std::unique_ptr<RsaKey> generate(unsigned bits, uint32_t exponent = 65537);
  // Numbers as big-endian bytes (BCRYPT's and NCRYPT's blobs; CryptoAPI's are reversed).
  static std::unique_ptr<RsaKey> from_public(const Bytes& n, const Bytes& e);
  // n, e, p, q, d mod (p-1), d mod (q-1), q^-1 mod p, d.
  static std::unique_ptr<RsaKey> from_private(const Bytes& n, const Bytes& e, const Bytes& p, const Bytes& q,
                                              const Bytes& dp, const Bytes& dq, const Bytes& qinv, const Bytes& d);
  // The pair from its primes alone (BCRYPT_RSAPRIVATE_BLOB): d and the CRT numbers computed.
  static std::unique_ptr<RsaKey> from_primes(const Bytes& n, const Bytes& e, const Bytes& p, const Bytes& q);
  bool has_private() const { return has_private_; }
  unsigned bits() const;
  size_t size() const;  // of the modulus, in bytes
  // Each number big-endian, `width` bytes (0: as few as it takes).
  Bytes n(size_t width = 0) const;
  Bytes e(size_t width = 0) const;
  Bytes p(size_t width = 0) const;
  Bytes q(size_t width = 0) const;
  Bytes dp(size_t width = 0) const;
  Bytes dq(size_t width = 0) const;
  Bytes qinv(size_t width = 0) const;
  Bytes d(size_t width = 0) const;
  uint32_t exponent32() const;  // e, where it fits 32 bits (CryptoAPI's RSAPUBKEY)

  // PKCS #1 v1.5 signature of `digest_info` (DigestInfo, or a bare digest), big-endian.
  std::optional<Bytes> sign_pkcs1(const Bytes& digest_info) const;
  bool verify_pkcs1(const Bytes& digest_info, const Bytes& signature) const;
  // RSASSA-PSS over a SHA-256/384/512 digest with `salt_size` random bytes of salt.
  std::optional<Bytes> sign_pss(HashKind kind, const Bytes& digest, size_t salt_size) const;
  bool verify_pss(HashKind kind, const Bytes& digest, size_t salt_size, const Bytes& signature) const;
  // PKCS #1 v1.5 encryption (block type 2), big-endian; nullopt when the message is too long.
  std::optional<Bytes> encrypt_pkcs1(const Bytes& message) const;
  std::optional<Bytes> decrypt_pkcs1(const Bytes& cipher) const;
  // The bare operations, m^e and c^d mod n, on numbers below the modulus (nullopt otherwise).
  std::optional<Bytes> public_op(const Bytes& in) const;
  std::optional<Bytes> private_op(const Bytes& in) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool has_private_ = false;
};

}  // namespace polyrun::shims::crypto
