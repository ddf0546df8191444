// RSA blobs, padding information and signatures for BCRYPT and NCRYPT (crypto/cng_rsa.h).
#include "shims/crypto/cng_rsa.h"

#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims::cng_rsa {

using crypto::Bytes;
using crypto::HashKind;

uint32_t blob_magic(const std::u16string& type) {
  if (type == u"RSAPUBLICBLOB") return kPublic;
  if (type == u"RSAPRIVATEBLOB") return kPrivate;
  if (type == u"RSAFULLPRIVATEBLOB") return kFull;
  return 0;
}

namespace {

void put32(Bytes& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

std::optional<HashKind> hash_named(const std::u16string& name) {
  if (name == u"MD2") return HashKind::Md2;
  if (name == u"MD4") return HashKind::Md4;
  if (name == u"MD5") return HashKind::Md5;
  if (name == u"SHA1") return HashKind::Sha1;
  if (name == u"SHA256") return HashKind::Sha256;
  if (name == u"SHA384") return HashKind::Sha384;
  if (name == u"SHA512") return HashKind::Sha512;
  return std::nullopt;
}

constexpr uint32_t kPadPkcs1 = 2, kPadPss = 8;

// The padding information's algorithm (its first member) and PSS's salt size after it.
struct Padding {
  bool pss = false;
  bool bare = false;  // PKCS #1 without an algorithm: the digest as it is
  HashKind hash = HashKind::Sha256;
  uint32_t salt = 0;
};

std::optional<Padding> padding(WindowsProcess& p, uint64_t info, uint32_t flags, size_t digest_size, Failure& failure) {
  failure = Failure::kInvalid;
  flags &= kPadPkcs1 | kPadPss;
  if (!info || (flags != kPadPkcs1 && flags != kPadPss)) return std::nullopt;
  Padding pad;
  pad.pss = flags == kPadPss;
  const uint64_t alg = p.get_ptr(info);
  if (pad.pss) pad.salt = get<uint32_t>(info + p.isa->ptr);
  if (!alg) {
    if (pad.pss) return std::nullopt;
    pad.bare = true;
    return pad;
  }
  auto kind = hash_named(std::u16string(static_cast<const char16_t*>(guest_pointer(alg))));
  if (!kind) {
    failure = Failure::kUnsupported;
    return std::nullopt;
  }
  if (crypto::Hash(*kind).size() != digest_size) return std::nullopt;
  // Nettle's PSS is over SHA-256, SHA-384 and SHA-512.
  if (pad.pss && *kind != HashKind::Sha256 && *kind != HashKind::Sha384 && *kind != HashKind::Sha512) {
    failure = Failure::kUnsupported;
    return std::nullopt;
  }
  pad.hash = *kind;
  failure = Failure::kNone;
  return pad;
}

Bytes pkcs1_input(const Padding& pad, const Bytes& digest) {
  Bytes what = pad.bare ? Bytes() : crypto::digest_info_prefix(pad.hash);
  what.insert(what.end(), digest.begin(), digest.end());
  return what;
}

}  // namespace

Bytes export_blob(const crypto::RsaKey& r, uint32_t magic) {
  const Bytes e = r.e(), n = r.n(r.size());
  const size_t half = (r.size() + 1) / 2;
  Bytes b;
  put32(b, magic);
  put32(b, r.bits());
  put32(b, static_cast<uint32_t>(e.size()));
  put32(b, static_cast<uint32_t>(n.size()));
  put32(b, magic == kPublic ? 0 : static_cast<uint32_t>(half));
  put32(b, magic == kPublic ? 0 : static_cast<uint32_t>(half));
  b.insert(b.end(), e.begin(), e.end());
  b.insert(b.end(), n.begin(), n.end());
  if (magic != kPublic)
    for (const Bytes& v : {r.p(half), r.q(half)}) b.insert(b.end(), v.begin(), v.end());
  if (magic == kFull)
    for (const Bytes& v : {r.dp(half), r.dq(half), r.qinv(half), r.d(r.size())}) b.insert(b.end(), v.begin(), v.end());
  return b;
}

std::unique_ptr<crypto::RsaKey> import_blob(uint32_t magic, const uint8_t* blob, size_t size) {
  if (size < 24) return nullptr;
  uint32_t h[6];
  std::memcpy(h, blob, sizeof h);
  const uint64_t cbe = h[2], cbn = h[3], cbp = h[4], cbq = h[5];
  uint64_t need = 24 + cbe + cbn;
  if (magic != kPublic) need += cbp + cbq;
  if (magic == kFull) need += cbp + cbq + cbp + cbn;  // d mod (p-1), d mod (q-1), q^-1 mod p, d
  if (h[0] != magic || size < need || !cbe || !cbn) return nullptr;
  const uint8_t* at = blob + 24;
  auto take = [&](uint64_t n) {
    Bytes v(at, at + n);
    at += n;
    return v;
  };
  Bytes e = take(cbe), n = take(cbn);
  if (magic == kPublic) return crypto::RsaKey::from_public(n, e);
  Bytes p = take(cbp), q = take(cbq);
  if (magic == kPrivate) return crypto::RsaKey::from_primes(n, e, p, q);
  Bytes dp = take(cbp), dq = take(cbq), qinv = take(cbp), d = take(cbn);
  return crypto::RsaKey::from_private(n, e, p, q, dp, dq, qinv, d);
}

std::optional<Bytes> sign(WindowsProcess& p, const crypto::RsaKey& key, uint64_t info, uint32_t flags, const Bytes& digest,
                          Failure& failure) {
  auto pad = padding(p, info, flags, digest.size(), failure);
  if (!pad) return std::nullopt;
  auto s = pad->pss ? key.sign_pss(pad->hash, digest, pad->salt) : key.sign_pkcs1(pkcs1_input(*pad, digest));
  if (!s) failure = Failure::kInvalid;
  return s;
}

Failure verify(WindowsProcess& p, const crypto::RsaKey& key, uint64_t info, uint32_t flags, const Bytes& digest,
               const Bytes& signature) {
  Failure failure;
  auto pad = padding(p, info, flags, digest.size(), failure);
  if (!pad) return failure;
  if (signature.size() != key.size()) return Failure::kBadSignature;
  const bool ok = pad->pss ? key.verify_pss(pad->hash, digest, pad->salt, signature)
                           : key.verify_pkcs1(pkcs1_input(*pad, digest), signature);
  return ok ? Failure::kNone : Failure::kBadSignature;
}

}  // namespace polyrun::shims::cng_rsa
