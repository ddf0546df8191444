// Nettle and Hogweed behind crypto/algorithms.h.
#include "shims/crypto/algorithms.h"

#include <nettle/aes.h>
#include <nettle/arcfour.h>
#include <nettle/arctwo.h>
#include <nettle/bignum.h>
#include <nettle/des.h>
#include <nettle/hmac.h>
#include <nettle/nettle-meta.h>
#include <nettle/rsa.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>

namespace polyrun::shims::crypto {

void random_fill(uint8_t* out, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = ::getrandom(out + done, n - done, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    done += static_cast<size_t>(r);
  }
}

namespace {

void nettle_random(void*, size_t n, uint8_t* out) { random_fill(out, n); }

const nettle_hash* meta(HashKind kind) {
  switch (kind) {
    case HashKind::Md2: return &nettle_md2;
    case HashKind::Md4: return &nettle_md4;
    case HashKind::Md5: return &nettle_md5;
    case HashKind::Sha1: return &nettle_sha1;
    case HashKind::Sha256: return &nettle_sha256;
    case HashKind::Sha384: return &nettle_sha384;
    case HashKind::Sha512: return &nettle_sha512;
  }
  return &nettle_sha1;
}

// Nettle's contexts hold 64-bit words: a byte vector's storage (operator new's alignment) fits them.
Bytes new_state(const nettle_hash* h) {
  Bytes s(h->context_size);
  h->init(s.data());
  return s;
}

}  // namespace

Hash::Hash(HashKind kind) : kind_(kind), state_(new_state(meta(kind))) {}
size_t Hash::size() const { return meta(kind_)->digest_size; }
size_t Hash::block_size() const { return meta(kind_)->block_size; }
void Hash::update(const uint8_t* data, size_t n) { meta(kind_)->update(state_.data(), n, data); }
Bytes Hash::finish() {
  Bytes out(size());
  meta(kind_)->digest(state_.data(), out.size(), out.data());  // (and starts over)
  return out;
}

Bytes digest(HashKind kind, const uint8_t* data, size_t n) {
  Hash h(kind);
  h.update(data, n);
  return h.finish();
}

Hmac::Hmac(HashKind kind, const uint8_t* key, size_t key_size) : kind_(kind) {
  const nettle_hash* h = meta(kind);
  outer_.resize(h->context_size);
  inner_.resize(h->context_size);
  state_.resize(h->context_size);
  hmac_set_key(outer_.data(), inner_.data(), state_.data(), h, key_size, key);
}
size_t Hmac::size() const { return meta(kind_)->digest_size; }
void Hmac::update(const uint8_t* data, size_t n) { hmac_update(state_.data(), meta(kind_), n, data); }
Bytes Hmac::finish() {
  Bytes out(size());
  hmac_digest(outer_.data(), inner_.data(), state_.data(), meta(kind_), out.size(), out.data());
  return out;
}

Bytes digest_info_prefix(HashKind kind) {
  // DigestInfo ::= SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING digest } (RFC 8017, 9.2).
  switch (kind) {
    case HashKind::Md2: return {0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x02, 0x05, 0x00, 0x04, 0x10};
    case HashKind::Md4: return {0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x04, 0x05, 0x00, 0x04, 0x10};
    case HashKind::Md5: return {0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10};
    case HashKind::Sha1: return {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
    case HashKind::Sha256:
      return {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    case HashKind::Sha384:
      return {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
    case HashKind::Sha512:
      return {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};
  }
  return {};
}

// ---- ciphers ----

namespace {

class AesCipher final : public Cipher {
 public:
  AesCipher(const uint8_t* key, size_t n) : size_(n) {
    switch (n) {
      case 16: aes128_set_encrypt_key(&e128_, key); aes128_set_decrypt_key(&d128_, key); break;
      case 24: aes192_set_encrypt_key(&e192_, key); aes192_set_decrypt_key(&d192_, key); break;
      default: aes256_set_encrypt_key(&e256_, key); aes256_set_decrypt_key(&d256_, key); break;
    }
  }
  size_t block_size() const override { return AES_BLOCK_SIZE; }
  void encrypt_block(const uint8_t* in, uint8_t* out) override {
    if (size_ == 16) aes128_encrypt(&e128_, AES_BLOCK_SIZE, out, in);
    else if (size_ == 24) aes192_encrypt(&e192_, AES_BLOCK_SIZE, out, in);
    else aes256_encrypt(&e256_, AES_BLOCK_SIZE, out, in);
  }
  void decrypt_block(const uint8_t* in, uint8_t* out) override {
    if (size_ == 16) aes128_decrypt(&d128_, AES_BLOCK_SIZE, out, in);
    else if (size_ == 24) aes192_decrypt(&d192_, AES_BLOCK_SIZE, out, in);
    else aes256_decrypt(&d256_, AES_BLOCK_SIZE, out, in);
  }
  void stream(uint8_t*, size_t) override {}

 private:
  size_t size_;
  aes128_ctx e128_{}, d128_{};
  aes192_ctx e192_{}, d192_{};
  aes256_ctx e256_{}, d256_{};
};

class DesCipher final : public Cipher {
 public:
  // Parity bits are ignored, and weak keys are keys like any other (as Windows' providers take them).
  explicit DesCipher(const uint8_t* key) { des_set_key(&ctx_, key); }
  size_t block_size() const override { return DES_BLOCK_SIZE; }
  void encrypt_block(const uint8_t* in, uint8_t* out) override { des_encrypt(&ctx_, DES_BLOCK_SIZE, out, in); }
  void decrypt_block(const uint8_t* in, uint8_t* out) override { des_decrypt(&ctx_, DES_BLOCK_SIZE, out, in); }
  void stream(uint8_t*, size_t) override {}

 private:
  des_ctx ctx_{};
};

class Des3Cipher final : public Cipher {
 public:
  // 24 bytes (three keys) or 16 (two: the third is the first).
  Des3Cipher(const uint8_t* key, size_t n) {
    uint8_t k[24];
    std::memcpy(k, key, 16);
    std::memcpy(k + 16, n >= 24 ? key + 16 : key, 8);
    des3_set_key(&ctx_, k);
  }
  size_t block_size() const override { return DES3_BLOCK_SIZE; }
  void encrypt_block(const uint8_t* in, uint8_t* out) override { des3_encrypt(&ctx_, DES3_BLOCK_SIZE, out, in); }
  void decrypt_block(const uint8_t* in, uint8_t* out) override { des3_decrypt(&ctx_, DES3_BLOCK_SIZE, out, in); }
  void stream(uint8_t*, size_t) override {}

 private:
  des3_ctx ctx_{};
};

class Rc2Cipher final : public Cipher {
 public:
  Rc2Cipher(const uint8_t* key, size_t n, unsigned effective_bits) {
    arctwo_set_key_ekb(&ctx_, n, key, effective_bits ? effective_bits : static_cast<unsigned>(8 * n));
  }
  size_t block_size() const override { return ARCTWO_BLOCK_SIZE; }
  void encrypt_block(const uint8_t* in, uint8_t* out) override { arctwo_encrypt(&ctx_, ARCTWO_BLOCK_SIZE, out, in); }
  void decrypt_block(const uint8_t* in, uint8_t* out) override { arctwo_decrypt(&ctx_, ARCTWO_BLOCK_SIZE, out, in); }
  void stream(uint8_t*, size_t) override {}

 private:
  arctwo_ctx ctx_{};
};

class Rc4Cipher final : public Cipher {
 public:
  Rc4Cipher(const uint8_t* key, size_t n) { arcfour_set_key(&ctx_, n, key); }
  size_t block_size() const override { return 0; }
  void encrypt_block(const uint8_t*, uint8_t*) override {}
  void decrypt_block(const uint8_t*, uint8_t*) override {}
  void stream(uint8_t* data, size_t n) override { arcfour_crypt(&ctx_, n, data, data); }

 private:
  arcfour_ctx ctx_{};
};

}  // namespace

std::unique_ptr<Cipher> Cipher::make(CipherKind kind, const uint8_t* key, size_t key_size, unsigned effective_bits) {
  switch (kind) {
    case CipherKind::Aes:
      if (key_size != 16 && key_size != 24 && key_size != 32) return nullptr;
      return std::make_unique<AesCipher>(key, key_size);
    case CipherKind::Des:
      if (key_size < 8) return nullptr;
      return std::make_unique<DesCipher>(key);
    case CipherKind::Des3:
      if (key_size < 16) return nullptr;
      return std::make_unique<Des3Cipher>(key, key_size);
    case CipherKind::Rc2:
      if (key_size < 1 || key_size > 128) return nullptr;
      return std::make_unique<Rc2Cipher>(key, key_size, effective_bits);
    case CipherKind::Rc4:
      if (key_size < ARCFOUR_MIN_KEY_SIZE || key_size > ARCFOUR_MAX_KEY_SIZE) return nullptr;
      return std::make_unique<Rc4Cipher>(key, key_size);
  }
  return nullptr;
}

// ---- RSA ----

struct RsaKey::Impl {
  rsa_public_key pub{};
  rsa_private_key priv{};
  Impl() {
    rsa_public_key_init(&pub);
    rsa_private_key_init(&priv);
  }
  ~Impl() {
    rsa_public_key_clear(&pub);
    rsa_private_key_clear(&priv);
  }
};

namespace {

void set(mpz_t x, const Bytes& b) { nettle_mpz_set_str_256_u(x, b.size(), b.data()); }

Bytes get(const mpz_t x, size_t width) {
  size_t n = nettle_mpz_sizeinbase_256_u(x);
  if (width < n) width = n;
  Bytes out(width);
  nettle_mpz_get_str_256(width, out.data(), x);
  return out;
}

}  // namespace

RsaKey::RsaKey() : impl_(std::make_unique<Impl>()) {}
RsaKey::~RsaKey() = default;

std::unique_ptr<RsaKey> RsaKey::generate(unsigned bits, uint32_t exponent) {
  auto k = std::make_unique<RsaKey>();
  mpz_set_ui(k->impl_->pub.e, exponent);
  if (!rsa_generate_keypair(&k->impl_->pub, &k->impl_->priv, nullptr, nettle_random, nullptr, nullptr, bits, 0))
    return nullptr;
  k->has_private_ = true;
  return k;
}

std::unique_ptr<RsaKey> RsaKey::from_public(const Bytes& n, const Bytes& e) {
  auto k = std::make_unique<RsaKey>();
  set(k->impl_->pub.n, n);
  set(k->impl_->pub.e, e);
  if (!rsa_public_key_prepare(&k->impl_->pub)) return nullptr;
  return k;
}

std::unique_ptr<RsaKey> RsaKey::from_private(const Bytes& n, const Bytes& e, const Bytes& p, const Bytes& q,
                                             const Bytes& dp, const Bytes& dq, const Bytes& qinv, const Bytes& d) {
  auto k = from_public(n, e);
  if (!k) return nullptr;
  rsa_private_key& priv = k->impl_->priv;
  set(priv.p, p);
  set(priv.q, q);
  set(priv.a, dp);
  set(priv.b, dq);
  set(priv.c, qinv);
  set(priv.d, d);
  if (!rsa_private_key_prepare(&priv)) return nullptr;
  k->has_private_ = true;
  return k;
}

std::unique_ptr<RsaKey> RsaKey::from_primes(const Bytes& n, const Bytes& e, const Bytes& p, const Bytes& q) {
  auto k = from_public(n, e);
  if (!k) return nullptr;
  rsa_private_key& priv = k->impl_->priv;
  set(priv.p, p);
  set(priv.q, q);
  mpz_t p1, q1, phi;
  mpz_inits(p1, q1, phi, nullptr);
  mpz_sub_ui(p1, priv.p, 1);
  mpz_sub_ui(q1, priv.q, 1);
  mpz_lcm(phi, p1, q1);
  bool ok = mpz_invert(priv.d, k->impl_->pub.e, phi) && mpz_invert(priv.c, priv.q, priv.p);
  if (ok) {
    mpz_fdiv_r(priv.a, priv.d, p1);
    mpz_fdiv_r(priv.b, priv.d, q1);
  }
  mpz_clears(p1, q1, phi, nullptr);
  if (!ok || !rsa_private_key_prepare(&priv)) return nullptr;
  k->has_private_ = true;
  return k;
}

unsigned RsaKey::bits() const { return static_cast<unsigned>(mpz_sizeinbase(impl_->pub.n, 2)); }
size_t RsaKey::size() const { return impl_->pub.size; }
Bytes RsaKey::n(size_t w) const { return get(impl_->pub.n, w); }
Bytes RsaKey::e(size_t w) const { return get(impl_->pub.e, w); }
Bytes RsaKey::p(size_t w) const { return get(impl_->priv.p, w); }
Bytes RsaKey::q(size_t w) const { return get(impl_->priv.q, w); }
Bytes RsaKey::dp(size_t w) const { return get(impl_->priv.a, w); }
Bytes RsaKey::dq(size_t w) const { return get(impl_->priv.b, w); }
Bytes RsaKey::qinv(size_t w) const { return get(impl_->priv.c, w); }
Bytes RsaKey::d(size_t w) const { return get(impl_->priv.d, w); }
uint32_t RsaKey::exponent32() const { return mpz_fits_ulong_p(impl_->pub.e) ? static_cast<uint32_t>(mpz_get_ui(impl_->pub.e)) : 0; }

std::optional<Bytes> RsaKey::sign_pkcs1(const Bytes& digest_info) const {
  if (!has_private_) return std::nullopt;
  mpz_t s;
  mpz_init(s);
  int ok = rsa_pkcs1_sign_tr(&impl_->pub, &impl_->priv, nullptr, nettle_random, digest_info.size(), digest_info.data(), s);
  std::optional<Bytes> out;
  if (ok) out = get(s, size());
  mpz_clear(s);
  return out;
}

bool RsaKey::verify_pkcs1(const Bytes& digest_info, const Bytes& signature) const {
  mpz_t s;
  mpz_init(s);
  set(s, signature);
  int ok = rsa_pkcs1_verify(&impl_->pub, digest_info.size(), digest_info.data(), s);
  mpz_clear(s);
  return ok != 0;
}

std::optional<Bytes> RsaKey::sign_pss(HashKind kind, const Bytes& digest, size_t salt_size) const {
  if (!has_private_) return std::nullopt;
  Bytes salt(salt_size);
  random_fill(salt.data(), salt.size());
  mpz_t s;
  mpz_init(s);
  int ok = 0;
  if (kind == HashKind::Sha256 && digest.size() == 32)
    ok = rsa_pss_sha256_sign_digest_tr(&impl_->pub, &impl_->priv, nullptr, nettle_random, salt.size(), salt.data(), digest.data(), s);
  else if (kind == HashKind::Sha384 && digest.size() == 48)
    ok = rsa_pss_sha384_sign_digest_tr(&impl_->pub, &impl_->priv, nullptr, nettle_random, salt.size(), salt.data(), digest.data(), s);
  else if (kind == HashKind::Sha512 && digest.size() == 64)
    ok = rsa_pss_sha512_sign_digest_tr(&impl_->pub, &impl_->priv, nullptr, nettle_random, salt.size(), salt.data(), digest.data(), s);
  std::optional<Bytes> out;
  if (ok) out = get(s, size());
  mpz_clear(s);
  return out;
}

bool RsaKey::verify_pss(HashKind kind, const Bytes& digest, size_t salt_size, const Bytes& signature) const {
  mpz_t s;
  mpz_init(s);
  set(s, signature);
  int ok = 0;
  if (kind == HashKind::Sha256 && digest.size() == 32) ok = rsa_pss_sha256_verify_digest(&impl_->pub, salt_size, digest.data(), s);
  else if (kind == HashKind::Sha384 && digest.size() == 48) ok = rsa_pss_sha384_verify_digest(&impl_->pub, salt_size, digest.data(), s);
  else if (kind == HashKind::Sha512 && digest.size() == 64) ok = rsa_pss_sha512_verify_digest(&impl_->pub, salt_size, digest.data(), s);
  mpz_clear(s);
  return ok != 0;
}

std::optional<Bytes> RsaKey::encrypt_pkcs1(const Bytes& message) const {
  mpz_t c;
  mpz_init(c);
  int ok = rsa_encrypt(&impl_->pub, nullptr, nettle_random, message.size(), message.data(), c);
  std::optional<Bytes> out;
  if (ok) out = get(c, size());
  mpz_clear(c);
  return out;
}

std::optional<Bytes> RsaKey::decrypt_pkcs1(const Bytes& cipher) const {
  if (!has_private_) return std::nullopt;
  mpz_t c;
  mpz_init(c);
  set(c, cipher);
  Bytes out(size());
  size_t length = out.size();
  int ok = rsa_decrypt_tr(&impl_->pub, &impl_->priv, nullptr, nettle_random, &length, out.data(), c);
  mpz_clear(c);
  if (!ok) return std::nullopt;
  out.resize(length);
  return out;
}

std::optional<Bytes> RsaKey::public_op(const Bytes& in) const {
  mpz_t x;
  mpz_init(x);
  set(x, in);
  std::optional<Bytes> out;
  if (mpz_cmp(x, impl_->pub.n) < 0) {
    mpz_powm(x, x, impl_->pub.e, impl_->pub.n);
    out = get(x, size());
  }
  mpz_clear(x);
  return out;
}

std::optional<Bytes> RsaKey::private_op(const Bytes& in) const {
  if (!has_private_) return std::nullopt;
  mpz_t x, y;
  mpz_init(x);
  mpz_init(y);
  set(x, in);
  std::optional<Bytes> out;
  if (mpz_cmp(x, impl_->pub.n) < 0 && rsa_compute_root_tr(&impl_->pub, &impl_->priv, nullptr, nettle_random, y, x))
    out = get(y, size());
  mpz_clear(x);
  mpz_clear(y);
  return out;
}

}  // namespace polyrun::shims::crypto
