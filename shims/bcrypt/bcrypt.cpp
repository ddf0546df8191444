// BCRYPT.dll, Windows' CNG primitives, from the Microsoft Primitive Provider: the random number
// generator, hashes (MD2, MD4, MD5, SHA-1, SHA-256/384/512) and their HMACs (RFC 2104 with each
// hash's block size), PBKDF2 over those HMACs, and AES keys in ECB and CBC with PKCS #7 padding on
// request, and RSA key pairs (made, imported and exported as BCRYPT_RSAKEY_BLOBs; PKCS #1 v1.5 and
// PSS signatures, PKCS #1 v1.5 and bare encryption: crypto/cng_rsa.h). Algorithm handles are those
// BCryptOpenAlgorithmProvider opens or Windows 10's fixed ones (BCRYPT_SHA256_ALG_HANDLE and the
// like). Objects live in polyrun's memory: a program's object buffer (pbHashObject, pbKeyObject) is
// accepted and left alone. Not provided: OAEP, ECDH and ECDSA keys, AES-GCM and AES-CCM, CFB,
// DES, 3DES and RC4 keys; opening those algorithms says STATUS_NOT_FOUND, setting those chaining
// modes STATUS_NOT_SUPPORTED, asking for OAEP STATUS_NOT_SUPPORTED.
#include <nettle/pbkdf2.h>
#include <strings.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "shims/bcrypt/exports.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/crypto/cng_rsa.h"
#include "shims/crypto/algorithms.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"

namespace polyrun::shims {

namespace cng {
namespace {

using crypto::Bytes;
using crypto::HashKind;
using NTSTATUS = int32_t;

constexpr NTSTATUS kOk = 0;
NTSTATUS st(uint32_t v) { return static_cast<NTSTATUS>(v); }
constexpr uint32_t BCRYPT_ALG_HANDLE_HMAC_FLAG = 8, BCRYPT_HASH_REUSABLE_FLAG = 0x20, BCRYPT_PROV_DISPATCH = 1,
                   BCRYPT_USE_SYSTEM_PREFERRED_RNG = 2, BCRYPT_BLOCK_PADDING = 1;

enum class AlgKind { Rng, Hash, Aes, Rsa };
enum class Mode { Cbc, Ecb };

struct Algorithm {
  AlgKind kind = AlgKind::Hash;
  HashKind hash = HashKind::Sha256;
  bool hmac = false;
  std::u16string name;
  Mode mode = Mode::Cbc;
};

struct HashObj {
  std::shared_ptr<Algorithm> alg;
  std::optional<crypto::Hash> hash;
  std::optional<crypto::Hmac> hmac;
  size_t size() const { return hmac ? hmac->size() : hash->size(); }
};

struct KeyObj {
  std::shared_ptr<Algorithm> alg;
  Mode mode = Mode::Cbc;
  Bytes secret;
  std::unique_ptr<crypto::Cipher> cipher;
  // An RSA key: its pair (or public half) once made; the length asked for until then.
  std::shared_ptr<crypto::RsaKey> rsa;
  uint32_t bits = 0;
};

struct Table {
  GuestCallMutex mutex;
  uint64_t next = 0x6b10;
  std::map<uint64_t, std::shared_ptr<Algorithm>> algs;
  std::map<uint64_t, std::shared_ptr<HashObj>> hashes;
  std::map<uint64_t, std::shared_ptr<KeyObj>> keys;
};
Table& table() {
  static Table t;
  return t;
}

struct Named {
  const char16_t* name;
  AlgKind kind;
  HashKind hash;
};
const Named kAlgorithms[] = {
    {u"RNG", AlgKind::Rng, HashKind::Sha256},    {u"MD2", AlgKind::Hash, HashKind::Md2},
    {u"MD4", AlgKind::Hash, HashKind::Md4},      {u"MD5", AlgKind::Hash, HashKind::Md5},
    {u"SHA1", AlgKind::Hash, HashKind::Sha1},    {u"SHA256", AlgKind::Hash, HashKind::Sha256},
    {u"SHA384", AlgKind::Hash, HashKind::Sha384}, {u"SHA512", AlgKind::Hash, HashKind::Sha512},
    {u"AES", AlgKind::Aes, HashKind::Sha256},    {u"RSA", AlgKind::Rsa, HashKind::Sha256},
};

bool same_name(const std::u16string& a, const char16_t* b) {
  size_t i = 0;
  for (; i < a.size() && b[i]; ++i) {
    char16_t x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char16_t>(x - 32);
    if (y >= 'a' && y <= 'z') y = static_cast<char16_t>(y - 32);
    if (x != y) return false;
  }
  return i == a.size() && !b[i];
}

std::shared_ptr<Algorithm> make_alg(const Named& n, bool hmac) {
  auto a = std::make_shared<Algorithm>();
  a->kind = n.kind;
  a->hash = n.hash;
  a->hmac = hmac;
  a->name = n.name;
  return a;
}

// Windows 10's fixed algorithm handles (bcrypt.h's BCRYPT_*_ALG_HANDLE): one for each hash, the
// RNG, each HMAC and RSA.
std::shared_ptr<Algorithm> pseudo_alg(uint64_t h) {
  static const std::map<uint64_t, std::pair<int, bool>> kPseudo = {
      {0x01, {1, false}}, {0x11, {2, false}}, {0x21, {3, false}}, {0x31, {4, false}}, {0x41, {5, false}},
      {0x51, {6, false}}, {0x61, {7, false}}, {0x81, {0, false}}, {0x91, {3, true}},  {0xa1, {4, true}},
      {0xb1, {5, true}},  {0xc1, {6, true}},  {0xd1, {7, true}},  {0xe1, {9, false}}, {0x121, {1, true}},
      {0x131, {2, true}},
  };
  static std::map<uint64_t, std::shared_ptr<Algorithm>> made;
  auto it = kPseudo.find(h);
  if (it == kPseudo.end()) return nullptr;
  auto& a = made[h];
  if (!a) a = make_alg(kAlgorithms[it->second.first], it->second.second);
  return a;
}

std::shared_ptr<Algorithm> find_alg(uint64_t h) {
  auto& t = table();
  auto it = t.algs.find(h);
  return it != t.algs.end() ? it->second : pseudo_alg(h);
}

NTSTATUS BCryptOpenAlgorithmProvider(WindowsProcess& p, Ptr out, WStr algorithm, WStr implementation, uint32_t flags) {
  if (!out || !algorithm.addr) return st(nt::kInvalidParameter);
  if (flags & ~(BCRYPT_ALG_HANDLE_HMAC_FLAG | BCRYPT_HASH_REUSABLE_FLAG | BCRYPT_PROV_DISPATCH)) return st(nt::kInvalidParameter);
  // The one implementation: the Microsoft Primitive Provider.
  if (implementation.addr && !same_name(implementation.str(), u"Microsoft Primitive Provider")) return st(nt::kNotFound);
  const std::u16string name = algorithm.str();
  for (const Named& n : kAlgorithms) {
    if (!same_name(name, n.name)) continue;
    if ((flags & BCRYPT_ALG_HANDLE_HMAC_FLAG) && n.kind != AlgKind::Hash) return st(nt::kNotSupported);
    std::lock_guard<GuestCallMutex> lock(table().mutex);
    uint64_t h = table().next += 0x10;
    table().algs[h] = make_alg(n, flags & BCRYPT_ALG_HANDLE_HMAC_FLAG);
    p.put_ptr(out.addr, h);
    return kOk;
  }
  return st(nt::kNotFound);
}

NTSTATUS BCryptCloseAlgorithmProvider(WindowsProcess&, Ptr algorithm, uint32_t) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  return table().algs.erase(algorithm.addr) ? kOk : st(nt::kInvalidHandle);
}

NTSTATUS BCryptGenRandom(WindowsProcess&, Ptr algorithm, Ptr buf, uint32_t len, uint32_t flags) {
  if (flags & BCRYPT_USE_SYSTEM_PREFERRED_RNG) {
    if (algorithm) return st(nt::kInvalidParameter);
  } else {
    std::lock_guard<GuestCallMutex> lock(table().mutex);
    auto a = find_alg(algorithm.addr);
    if (!a) return st(nt::kInvalidHandle);
    if (a->kind != AlgKind::Rng) return st(nt::kInvalidParameter);
  }
  if (len) crypto::random_fill(static_cast<uint8_t*>(guest_pointer(buf.addr)), len);
  return kOk;
}

// Whether the system runs in FIPS mode: not here, as on a Windows whose policy does not ask for it
// (Go 1.24's crypto/fips140 asks at start-up).
NTSTATUS BCryptGetFipsAlgorithmMode(WindowsProcess&, Ptr enabled) {
  if (!enabled) return st(nt::kInvalidParameter);
  put<uint8_t>(enabled.addr, 0);
  return kOk;
}

// ---- properties ----

// A property's value: NULL asks for its size, a buffer too small is STATUS_BUFFER_TOO_SMALL.
NTSTATUS give(Ptr out, uint32_t size, Ptr result, const void* data, uint32_t n) {
  put<uint32_t>(result.addr, n);
  if (!out) return kOk;
  if (size < n) return st(nt::kBufferTooSmall);
  std::memcpy(guest_pointer(out.addr), data, n);
  return kOk;
}
NTSTATUS give_dword(Ptr out, uint32_t size, Ptr result, uint32_t v) { return give(out, size, result, &v, 4); }
NTSTATUS give_string(Ptr out, uint32_t size, Ptr result, const std::u16string& s) {
  return give(out, size, result, s.c_str(), static_cast<uint32_t>((s.size() + 1) * 2));
}

const char16_t* mode_name(Mode m) { return m == Mode::Ecb ? u"ChainingModeECB" : u"ChainingModeCBC"; }

// What this implementation keeps of an object (what BCRYPT_OBJECT_LENGTH reports, so that a
// program's buffer of that size is accepted).
constexpr uint32_t kHashObjectLength = 0x400, kKeyObjectLength = 0x300;

NTSTATUS alg_property(const Algorithm& a, const std::u16string& prop, Ptr out, uint32_t size, Ptr result) {
  if (prop == u"AlgorithmName") return give_string(out, size, result, a.name);
  if (a.kind == AlgKind::Hash) {
    crypto::Hash h(a.hash);
    if (prop == u"ObjectLength") return give_dword(out, size, result, kHashObjectLength);
    if (prop == u"HashDigestLength") return give_dword(out, size, result, static_cast<uint32_t>(h.size()));
    if (prop == u"HashBlockLength") return give_dword(out, size, result, static_cast<uint32_t>(h.block_size()));
  } else if (a.kind == AlgKind::Aes) {
    if (prop == u"ObjectLength") return give_dword(out, size, result, kKeyObjectLength);
    if (prop == u"BlockLength") return give_dword(out, size, result, 16);
    if (prop == u"ChainingMode") return give_string(out, size, result, mode_name(a.mode));
    if (prop == u"KeyLengths") {  // BCRYPT_KEY_LENGTHS_STRUCT: minimum, maximum, increment (bits)
      const uint32_t v[] = {128, 256, 64};
      return give(out, size, result, v, sizeof v);
    }
    if (prop == u"BlockSizeList") {
      const uint32_t v = 16;
      return give(out, size, result, &v, 4);
    }
  }
  return st(nt::kNotSupported);
}

NTSTATUS BCryptGetProperty(WindowsProcess&, Ptr object, WStr property, Ptr out, uint32_t size, Ptr result, uint32_t) {
  if (!property.addr || !result) return st(nt::kInvalidParameter);
  const std::u16string prop = property.str();
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto& t = table();
  if (auto a = find_alg(object.addr)) return alg_property(*a, prop, out, size, result);
  if (auto it = t.hashes.find(object.addr); it != t.hashes.end()) return alg_property(*it->second->alg, prop, out, size, result);
  if (auto it = t.keys.find(object.addr); it != t.keys.end()) {
    const KeyObj& k = *it->second;
    if (prop == u"KeyLength" || prop == u"KeyStrength")
      return give_dword(out, size, result, k.alg->kind == AlgKind::Rsa ? (k.rsa ? k.rsa->bits() : k.bits) : static_cast<uint32_t>(k.secret.size() * 8));
    if (prop == u"ChainingMode") return give_string(out, size, result, mode_name(k.mode));
    return alg_property(*k.alg, prop, out, size, result);
  }
  return st(nt::kInvalidHandle);
}

NTSTATUS set_mode(Mode& mode, Ptr in, uint32_t size) {
  if (!in || size < 2) return st(nt::kInvalidParameter);
  std::u16string v(static_cast<const char16_t*>(guest_pointer(in.addr)), size / 2);
  v = v.substr(0, v.find(u'\0'));
  if (v == u"ChainingModeCBC") mode = Mode::Cbc;
  else if (v == u"ChainingModeECB") mode = Mode::Ecb;
  else return st(nt::kNotSupported);
  return kOk;
}

NTSTATUS BCryptSetProperty(WindowsProcess&, Ptr object, WStr property, Ptr in, uint32_t size, uint32_t) {
  if (!property.addr) return st(nt::kInvalidParameter);
  const std::u16string prop = property.str();
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto& t = table();
  if (auto it = t.algs.find(object.addr); it != t.algs.end()) {
    if (it->second->kind == AlgKind::Aes && prop == u"ChainingMode") return set_mode(it->second->mode, in, size);
    return st(nt::kNotSupported);
  }
  if (auto it = t.keys.find(object.addr); it != t.keys.end()) {
    if (prop == u"ChainingMode") return set_mode(it->second->mode, in, size);
    return st(nt::kNotSupported);
  }
  return pseudo_alg(object.addr) || t.hashes.count(object.addr) ? st(nt::kNotSupported) : st(nt::kInvalidHandle);
}

// ---- hashes ----

NTSTATUS BCryptCreateHash(WindowsProcess& p, Ptr algorithm, Ptr out, Ptr, uint32_t, Ptr secret, uint32_t secret_size, uint32_t flags) {
  if (!out) return st(nt::kInvalidParameter);
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto a = find_alg(algorithm.addr);
  if (!a) return st(nt::kInvalidHandle);
  if (a->kind != AlgKind::Hash || (flags & ~BCRYPT_HASH_REUSABLE_FLAG)) return st(nt::kInvalidParameter);
  auto h = std::make_shared<HashObj>();
  h->alg = a;
  const uint8_t* key = secret_size ? static_cast<const uint8_t*>(guest_pointer(secret.addr)) : nullptr;
  if (a->hmac) h->hmac.emplace(a->hash, key, secret_size);
  else h->hash.emplace(a->hash);
  uint64_t handle = table().next += 0x10;
  table().hashes[handle] = h;
  p.put_ptr(out.addr, handle);
  return kOk;
}

std::shared_ptr<HashObj> find_hash(uint64_t h) {
  auto& t = table();
  auto it = t.hashes.find(h);
  return it == t.hashes.end() ? nullptr : it->second;
}

NTSTATUS BCryptHashData(WindowsProcess&, Ptr hash, Ptr data, uint32_t len, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto h = find_hash(hash.addr);
  if (!h) return st(nt::kInvalidHandle);
  if (flags || (len && !data)) return st(nt::kInvalidParameter);
  const uint8_t* d = len ? static_cast<const uint8_t*>(guest_pointer(data.addr)) : nullptr;
  if (h->hmac) h->hmac->update(d, len);
  else h->hash->update(d, len);
  return kOk;
}

// The digest, of exactly the hash's length; the hash object starts over (as a reusable one does).
NTSTATUS BCryptFinishHash(WindowsProcess&, Ptr hash, Ptr out, uint32_t len, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto h = find_hash(hash.addr);
  if (!h) return st(nt::kInvalidHandle);
  if (flags || !out || len != h->size()) return st(nt::kInvalidParameter);
  Bytes d = h->hmac ? h->hmac->finish() : h->hash->finish();
  std::memcpy(guest_pointer(out.addr), d.data(), d.size());
  return kOk;
}

NTSTATUS BCryptDuplicateHash(WindowsProcess& p, Ptr hash, Ptr out, Ptr, uint32_t, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto h = find_hash(hash.addr);
  if (!h) return st(nt::kInvalidHandle);
  if (!out || flags) return st(nt::kInvalidParameter);
  uint64_t handle = table().next += 0x10;
  table().hashes[handle] = std::make_shared<HashObj>(*h);
  p.put_ptr(out.addr, handle);
  return kOk;
}

NTSTATUS BCryptDestroyHash(WindowsProcess&, Ptr hash) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  return table().hashes.erase(hash.addr) ? kOk : st(nt::kInvalidHandle);
}

// Hash (or HMAC) of one input at once (Windows 10).
NTSTATUS BCryptHash(WindowsProcess&, Ptr algorithm, Ptr secret, uint32_t secret_size, Ptr input, uint32_t input_size, Ptr out,
                    uint32_t out_size) {
  std::shared_ptr<Algorithm> a;
  {
    std::lock_guard<GuestCallMutex> lock(table().mutex);
    a = find_alg(algorithm.addr);
  }
  if (!a) return st(nt::kInvalidHandle);
  if (a->kind != AlgKind::Hash || !out) return st(nt::kInvalidParameter);
  const uint8_t* key = secret_size ? static_cast<const uint8_t*>(guest_pointer(secret.addr)) : nullptr;
  const uint8_t* in = input_size ? static_cast<const uint8_t*>(guest_pointer(input.addr)) : nullptr;
  Bytes d;
  if (a->hmac) {
    crypto::Hmac m(a->hash, key, secret_size);
    m.update(in, input_size);
    d = m.finish();
  } else {
    d = crypto::digest(a->hash, in, input_size);
  }
  if (out_size != d.size()) return st(nt::kInvalidParameter);
  std::memcpy(guest_pointer(out.addr), d.data(), d.size());
  return kOk;
}

// PBKDF2 (RFC 8018) with an HMAC algorithm handle as its pseudo-random function.
NTSTATUS BCryptDeriveKeyPBKDF2(WindowsProcess&, Ptr prf, Ptr password, uint32_t password_size, Ptr salt, uint32_t salt_size,
                               uint64_t iterations, Ptr out, uint32_t out_size, uint32_t flags) {
  std::shared_ptr<Algorithm> a;
  {
    std::lock_guard<GuestCallMutex> lock(table().mutex);
    a = find_alg(prf.addr);
  }
  if (!a) return st(nt::kInvalidHandle);
  if (a->kind != AlgKind::Hash || !a->hmac || flags || !iterations || !out || iterations > 0xffffffffu)
    return st(nt::kInvalidParameter);
  const uint8_t* pw = password_size ? static_cast<const uint8_t*>(guest_pointer(password.addr)) : nullptr;
  const uint8_t* s = salt_size ? static_cast<const uint8_t*>(guest_pointer(salt.addr)) : nullptr;
  uint8_t* dst = static_cast<uint8_t*>(guest_pointer(out.addr));
  const auto n = static_cast<unsigned>(iterations);
  switch (a->hash) {
    case HashKind::Sha1: pbkdf2_hmac_sha1(password_size, pw, n, salt_size, s, out_size, dst); break;
    case HashKind::Sha256: pbkdf2_hmac_sha256(password_size, pw, n, salt_size, s, out_size, dst); break;
    case HashKind::Sha384: pbkdf2_hmac_sha384(password_size, pw, n, salt_size, s, out_size, dst); break;
    case HashKind::Sha512: pbkdf2_hmac_sha512(password_size, pw, n, salt_size, s, out_size, dst); break;
    default: return st(nt::kNotSupported);
  }
  return kOk;
}

// ---- AES keys ----

uint64_t add_key(std::shared_ptr<KeyObj> k) {
  uint64_t handle = table().next += 0x10;
  table().keys[handle] = std::move(k);
  return handle;
}

NTSTATUS make_key(WindowsProcess& p, const std::shared_ptr<Algorithm>& a, Ptr out, const uint8_t* secret, uint32_t n) {
  if (a->kind != AlgKind::Aes || !out) return st(nt::kInvalidParameter);
  auto k = std::make_shared<KeyObj>();
  k->alg = a;
  k->mode = a->mode;
  k->secret.assign(secret, secret + n);
  k->cipher = crypto::Cipher::make(crypto::CipherKind::Aes, secret, n);
  if (!k->cipher) return st(nt::kInvalidParameter);
  p.put_ptr(out.addr, add_key(std::move(k)));
  return kOk;
}

NTSTATUS BCryptGenerateSymmetricKey(WindowsProcess& p, Ptr algorithm, Ptr out, Ptr, uint32_t, Ptr secret, uint32_t secret_size,
                                    uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto a = find_alg(algorithm.addr);
  if (!a) return st(nt::kInvalidHandle);
  if (flags || (secret_size && !secret)) return st(nt::kInvalidParameter);
  return make_key(p, a, out, secret_size ? static_cast<const uint8_t*>(guest_pointer(secret.addr)) : nullptr, secret_size);
}

// BCRYPT_KEY_DATA_BLOB: BCRYPT_KEY_DATA_BLOB_HEADER (magic "KDBM", version 1, size) and the key.
constexpr uint32_t kKeyDataMagic = 0x4d42444b;

NTSTATUS BCryptImportKey(WindowsProcess& p, Ptr algorithm, Ptr import_key, WStr type, Ptr out, Ptr, uint32_t, Ptr input,
                         uint32_t input_size, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto a = find_alg(algorithm.addr);
  if (!a) return st(nt::kInvalidHandle);
  if (import_key || flags || !type.addr || !input) return st(nt::kInvalidParameter);
  if (type.str() != u"KeyDataBlob") return st(nt::kNotSupported);
  if (input_size < 12) return st(nt::kInvalidParameter);
  const uint8_t* blob = static_cast<const uint8_t*>(guest_pointer(input.addr));
  uint32_t magic, version, n;
  std::memcpy(&magic, blob, 4);
  std::memcpy(&version, blob + 4, 4);
  std::memcpy(&n, blob + 8, 4);
  if (magic != kKeyDataMagic || version != 1 || input_size < 12 + static_cast<uint64_t>(n)) return st(nt::kInvalidParameter);
  return make_key(p, a, out, blob + 12, n);
}

std::shared_ptr<KeyObj> find_key(uint64_t h) {
  auto& t = table();
  auto it = t.keys.find(h);
  return it == t.keys.end() ? nullptr : it->second;
}

NTSTATUS BCryptExportKey(WindowsProcess&, Ptr key, Ptr export_key, WStr type, Ptr out, uint32_t out_size, Ptr result,
                         uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto k = find_key(key.addr);
  if (!k) return st(nt::kInvalidHandle);
  if (export_key || flags || !type.addr || !result) return st(nt::kInvalidParameter);
  if (k->alg->kind == AlgKind::Rsa) {
    const uint32_t magic = cng_rsa::blob_magic(type.str());
    if (!magic) return st(nt::kNotSupported);
    if (!k->rsa || (magic != cng_rsa::kPublic && !k->rsa->has_private())) return st(nt::kInvalidParameter);
    const Bytes b = cng_rsa::export_blob(*k->rsa, magic);
    return give(out, out_size, result, b.data(), static_cast<uint32_t>(b.size()));
  }
  if (type.str() != u"KeyDataBlob") return st(nt::kNotSupported);
  Bytes b(12);
  const uint32_t h[] = {kKeyDataMagic, 1, static_cast<uint32_t>(k->secret.size())};
  std::memcpy(b.data(), h, 12);
  b.insert(b.end(), k->secret.begin(), k->secret.end());
  return give(out, out_size, result, b.data(), static_cast<uint32_t>(b.size()));
}

NTSTATUS BCryptDestroyKey(WindowsProcess&, Ptr key) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  return table().keys.erase(key.addr) ? kOk : st(nt::kInvalidHandle);
}

// RSA: PKCS #1 v1.5 (BCRYPT_PAD_PKCS1) or bare (BCRYPT_PAD_NONE); OAEP is not provided.
constexpr uint32_t BCRYPT_PAD_NONE = 1, BCRYPT_PAD_PKCS1 = 2, BCRYPT_PAD_OAEP = 4;
NTSTATUS rsa_crypt(const KeyObj& k, Ptr input, uint32_t input_size, Ptr out, uint32_t out_size, Ptr result, uint32_t flags,
                   bool encrypt) {
  if (!k.rsa) return st(nt::kInvalidHandle);
  if (!result || (input_size && !input)) return st(nt::kInvalidParameter);
  if (flags == BCRYPT_PAD_OAEP) return st(nt::kNotSupported);
  if (flags != BCRYPT_PAD_PKCS1 && flags != BCRYPT_PAD_NONE) return st(nt::kInvalidParameter);
  const Bytes in(static_cast<const uint8_t*>(guest_pointer(input.addr)),
                 static_cast<const uint8_t*>(guest_pointer(input.addr)) + input_size);
  const size_t n = k.rsa->size();
  std::optional<Bytes> r;
  if (encrypt) {
    if (!out) {
      put<uint32_t>(result.addr, static_cast<uint32_t>(n));
      return kOk;
    }
    r = flags == BCRYPT_PAD_PKCS1 ? k.rsa->encrypt_pkcs1(in) : in.size() == n ? k.rsa->public_op(in) : std::nullopt;
  } else {
    if (!k.rsa->has_private() || in.size() != n) return st(nt::kInvalidParameter);
    r = flags == BCRYPT_PAD_PKCS1 ? k.rsa->decrypt_pkcs1(in) : k.rsa->private_op(in);
  }
  if (!r) return st(nt::kInvalidParameter);
  put<uint32_t>(result.addr, static_cast<uint32_t>(r->size()));
  if (!out) return kOk;
  if (out_size < r->size()) return st(nt::kBufferTooSmall);
  std::memcpy(guest_pointer(out.addr), r->data(), r->size());
  return kOk;
}

NTSTATUS crypt(Ptr key, Ptr input, uint32_t input_size, Ptr padding_info, Ptr iv, uint32_t iv_size, Ptr out, uint32_t out_size,
               Ptr result, uint32_t flags, bool encrypt) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto k = find_key(key.addr);
  if (!k) return st(nt::kInvalidHandle);
  if (k->alg->kind == AlgKind::Rsa) return rsa_crypt(*k, input, input_size, out, out_size, result, flags, encrypt);
  if (padding_info || !result || (flags & ~BCRYPT_BLOCK_PADDING)) return st(nt::kInvalidParameter);
  const size_t b = 16;
  const bool pad = flags & BCRYPT_BLOCK_PADDING;
  if (k->mode == Mode::Cbc && iv && iv_size != b) return st(nt::kInvalidParameter);
  if (!pad && input_size % b) return st(nt::kInvalidBufferSize);
  if (!encrypt && input_size % b) return st(nt::kInvalidBufferSize);
  const uint32_t whole = encrypt && pad ? static_cast<uint32_t>((input_size / b + 1) * b) : input_size;
  if (!out) {
    put<uint32_t>(result.addr, whole);
    return kOk;
  }
  Bytes data(whole);
  if (input_size) std::memcpy(data.data(), guest_pointer(input.addr), input_size);
  if (encrypt && pad)
    for (size_t i = input_size; i < whole; ++i) data[i] = static_cast<uint8_t>(whole - input_size);
  uint8_t chain[16] = {};
  if (k->mode == Mode::Cbc && iv) std::memcpy(chain, guest_pointer(iv.addr), b);
  for (size_t at = 0; at < whole; at += b) {
    uint8_t* block = data.data() + at;
    uint8_t o[16];
    if (k->mode == Mode::Ecb) {
      if (encrypt) k->cipher->encrypt_block(block, o);
      else k->cipher->decrypt_block(block, o);
    } else if (encrypt) {
      for (size_t j = 0; j < b; ++j) block[j] ^= chain[j];
      k->cipher->encrypt_block(block, o);
      std::memcpy(chain, o, b);
    } else {
      k->cipher->decrypt_block(block, o);
      for (size_t j = 0; j < b; ++j) o[j] ^= chain[j];
      std::memcpy(chain, block, b);
    }
    std::memcpy(block, o, b);
  }
  size_t n = whole;
  if (!encrypt && pad) {
    const uint8_t last = n ? data[n - 1] : 0;
    bool ok = last && last <= b && last <= n;
    for (size_t i = 1; ok && i < last; ++i) ok = data[n - 1 - i] == last;
    if (!ok) return st(0xc000003e);  // STATUS_DATA_ERROR
    n -= last;
  }
  put<uint32_t>(result.addr, static_cast<uint32_t>(n));
  if (out_size < n) return st(nt::kBufferTooSmall);
  std::memcpy(guest_pointer(out.addr), data.data(), n);
  // The IV buffer carries the chain on to the next call.
  if (k->mode == Mode::Cbc && iv) std::memcpy(guest_pointer(iv.addr), chain, b);
  return kOk;
}

NTSTATUS BCryptEncrypt(WindowsProcess&, Ptr key, Ptr input, uint32_t input_size, Ptr padding_info, Ptr iv, uint32_t iv_size,
                       Ptr out, uint32_t out_size, Ptr result, uint32_t flags) {
  return crypt(key, input, input_size, padding_info, iv, iv_size, out, out_size, result, flags, true);
}
NTSTATUS BCryptDecrypt(WindowsProcess&, Ptr key, Ptr input, uint32_t input_size, Ptr padding_info, Ptr iv, uint32_t iv_size,
                       Ptr out, uint32_t out_size, Ptr result, uint32_t flags) {
  return crypt(key, input, input_size, padding_info, iv, iv_size, out, out_size, result, flags, false);
}

// ---- RSA key pairs ----

NTSTATUS BCryptGenerateKeyPair(WindowsProcess& p, Ptr algorithm, Ptr out, uint32_t bits, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto a = find_alg(algorithm.addr);
  if (!a) return st(nt::kInvalidHandle);
  if (a->kind != AlgKind::Rsa || !out || flags) return st(nt::kInvalidParameter);
  if (bits < 512 || bits > 16384 || bits % 64) return st(nt::kInvalidParameter);
  auto k = std::make_shared<KeyObj>();
  k->alg = a;
  k->bits = bits;
  p.put_ptr(out.addr, add_key(std::move(k)));
  return kOk;
}

NTSTATUS BCryptFinalizeKeyPair(WindowsProcess&, Ptr key, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto k = find_key(key.addr);
  if (!k) return st(nt::kInvalidHandle);
  if (k->alg->kind != AlgKind::Rsa || k->rsa || flags) return st(nt::kInvalidParameter);
  k->rsa = crypto::RsaKey::generate(k->bits);
  return k->rsa ? kOk : st(nt::kUnsuccessful);
}

NTSTATUS BCryptImportKeyPair(WindowsProcess& p, Ptr algorithm, Ptr import_key, WStr type, Ptr out, Ptr input, uint32_t size,
                             uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto a = find_alg(algorithm.addr);
  if (!a) return st(nt::kInvalidHandle);
  if (a->kind != AlgKind::Rsa || import_key || !type.addr || !out || !input || (flags & ~8u)) return st(nt::kInvalidParameter);
  const uint32_t magic = cng_rsa::blob_magic(type.str());  // (flag 8: BCRYPT_NO_KEY_VALIDATION)
  if (!magic) return st(nt::kNotSupported);
  std::shared_ptr<crypto::RsaKey> rsa = cng_rsa::import_blob(magic, static_cast<const uint8_t*>(guest_pointer(input.addr)), size);
  if (!rsa) return st(nt::kInvalidParameter);
  auto k = std::make_shared<KeyObj>();
  k->alg = a;
  k->rsa = rsa;
  k->bits = rsa->bits();
  p.put_ptr(out.addr, add_key(std::move(k)));
  return kOk;
}

NTSTATUS status_of(cng_rsa::Failure f) {
  switch (f) {
    case cng_rsa::Failure::kNone: return kOk;
    case cng_rsa::Failure::kUnsupported: return st(nt::kNotSupported);
    case cng_rsa::Failure::kBadSignature: return st(nt::kInvalidSignature);
    default: return st(nt::kInvalidParameter);
  }
}

NTSTATUS BCryptSignHash(WindowsProcess& p, Ptr key, Ptr info, Ptr hash, uint32_t hash_size, Ptr sig, uint32_t sig_size,
                        Ptr result, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto k = find_key(key.addr);
  if (!k) return st(nt::kInvalidHandle);
  if (!k->rsa || !k->rsa->has_private() || !hash || !result) return st(nt::kInvalidParameter);
  const uint32_t n = static_cast<uint32_t>(k->rsa->size());
  put<uint32_t>(result.addr, n);
  if (!sig) return kOk;
  if (sig_size < n) return st(nt::kBufferTooSmall);
  const Bytes digest(static_cast<const uint8_t*>(guest_pointer(hash.addr)),
                     static_cast<const uint8_t*>(guest_pointer(hash.addr)) + hash_size);
  cng_rsa::Failure f = cng_rsa::Failure::kNone;
  auto s = cng_rsa::sign(p, *k->rsa, info.addr, flags, digest, f);
  if (!s) return status_of(f);
  std::memcpy(guest_pointer(sig.addr), s->data(), s->size());
  return kOk;
}

NTSTATUS BCryptVerifySignature(WindowsProcess& p, Ptr key, Ptr info, Ptr hash, uint32_t hash_size, Ptr sig, uint32_t sig_size,
                               uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(table().mutex);
  auto k = find_key(key.addr);
  if (!k) return st(nt::kInvalidHandle);
  if (!k->rsa || !hash || !sig) return st(nt::kInvalidParameter);
  const Bytes digest(static_cast<const uint8_t*>(guest_pointer(hash.addr)),
                     static_cast<const uint8_t*>(guest_pointer(hash.addr)) + hash_size);
  const Bytes s(static_cast<const uint8_t*>(guest_pointer(sig.addr)), static_cast<const uint8_t*>(guest_pointer(sig.addr)) + sig_size);
  return status_of(cng_rsa::verify(p, *k->rsa, info.addr, flags, digest, s));
}

}  // namespace
}  // namespace cng

// bcryptprimitives.dll's ProcessPrng lives with KERNEL32's runtime functions (kernel32/runtime.cpp).
const Dll kBcrypt{"bcrypt.dll",
                  false,
                  {
                      EXPORT("BCryptGenRandom", cng::BCryptGenRandom),
                      EXPORT("BCryptOpenAlgorithmProvider", cng::BCryptOpenAlgorithmProvider),
                      EXPORT("BCryptCloseAlgorithmProvider", cng::BCryptCloseAlgorithmProvider),
                      EXPORT("BCryptGetFipsAlgorithmMode", cng::BCryptGetFipsAlgorithmMode),
                      EXPORT("BCryptGetProperty", cng::BCryptGetProperty),
                      EXPORT("BCryptSetProperty", cng::BCryptSetProperty),
                      EXPORT("BCryptCreateHash", cng::BCryptCreateHash),
                      EXPORT("BCryptHashData", cng::BCryptHashData),
                      EXPORT("BCryptFinishHash", cng::BCryptFinishHash),
                      EXPORT("BCryptDuplicateHash", cng::BCryptDuplicateHash),
                      EXPORT("BCryptDestroyHash", cng::BCryptDestroyHash),
                      EXPORT("BCryptHash", cng::BCryptHash),
                      EXPORT("BCryptDeriveKeyPBKDF2", cng::BCryptDeriveKeyPBKDF2),
                      EXPORT("BCryptGenerateSymmetricKey", cng::BCryptGenerateSymmetricKey),
                      EXPORT("BCryptImportKey", cng::BCryptImportKey),
                      EXPORT("BCryptExportKey", cng::BCryptExportKey),
                      EXPORT("BCryptDestroyKey", cng::BCryptDestroyKey),
                      EXPORT("BCryptEncrypt", cng::BCryptEncrypt),
                      EXPORT("BCryptDecrypt", cng::BCryptDecrypt),
                      EXPORT("BCryptGenerateKeyPair", cng::BCryptGenerateKeyPair),
                      EXPORT("BCryptFinalizeKeyPair", cng::BCryptFinalizeKeyPair),
                      EXPORT("BCryptImportKeyPair", cng::BCryptImportKeyPair),
                      EXPORT("BCryptSignHash", cng::BCryptSignHash),
                      EXPORT("BCryptVerifySignature", cng::BCryptVerifySignature),
                  }};

}  // namespace polyrun::shims
