// NCRYPT.dll: the key storage functions on the Microsoft Software Key Storage Provider, with RSA
// keys (crypto/algorithms.h). A named key is kept per user on disk, as the provider keeps it in
// the user's profile: one file a key under $XDG_DATA_HOME/polyrun/crypto/keys/user
// (NCRYPT_MACHINE_KEY_FLAG: .../keys/machine, this user's too), readable by the user alone; a key
// made without a name lives until its handle is freed. No key exists until a program makes one;
// opening one that does not exist is NTE_BAD_KEYSET. Signatures are PKCS #1 v1.5 (over a
// DigestInfo, or the bare hash without an algorithm) or PSS over SHA-256/384/512; encryption is
// PKCS #1 v1.5 or bare. Not provided: OAEP, PSS over other hashes, elliptic-curve keys
// (NTE_NOT_SUPPORTED), the smart card and platform (TPM) providers.
#include <unistd.h>

#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "shims/bcrypt/exports.h"
#include "shims/ncrypt/exports.h"
#include "shims/advapi32/crypt.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/crypto/cng_rsa.h"
#include "shims/crypto/algorithms.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"

namespace polyrun::shims {

namespace ksp {
namespace {

using crypto::Bytes;
using crypto::HashKind;
using crypto::RsaKey;
using SECURITY_STATUS = HRESULT;

constexpr SECURITY_STATUS kDone = 0;
constexpr uint32_t NCRYPT_MACHINE_KEY_FLAG = 0x20, NCRYPT_SILENT_FLAG = 0x40, NCRYPT_OVERWRITE_KEY_FLAG = 0x80,
                   NCRYPT_NO_PADDING_FLAG = 1, NCRYPT_PAD_PKCS1_FLAG = 2, NCRYPT_PAD_OAEP_FLAG = 4,
                   NCRYPT_ALLOW_PLAINTEXT_EXPORT_FLAG = 2, NCRYPT_ALLOW_ALL_USAGES = 0x00ffffff;
const char16_t kProviderName[] = u"Microsoft Software Key Storage Provider";
constexpr uint32_t kDefaultBits = 2048, kMinBits = 512, kMaxBits = 16384, kBitsStep = 64;

struct NKey {
  std::u16string name;  // empty: a key of this process alone
  bool machine = false;
  bool finalized = false;
  uint32_t bits = kDefaultBits;
  uint32_t export_policy = 0;
  uint32_t usage = NCRYPT_ALLOW_ALL_USAGES;
  uint64_t provider = 0;
  std::shared_ptr<RsaKey> rsa;
};

struct Store {
  GuestCallMutex mutex;
  uint64_t next = 0x5e10;
  std::map<uint64_t, bool> providers;
  std::map<uint64_t, std::shared_ptr<NKey>> keys;
  uint64_t handle() { return next += 0x10; }
};
Store& store() {
  static Store s;
  return s;
}

std::string key_path(const std::u16string& name, bool machine) {
  return crypto_store_directory(machine ? "keys/machine" : "keys/user") + "/" + crypto_file_name(utf16_to_utf8(name));
}

void put32(Bytes& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint32_t get32(const Bytes& b, size_t& at) {
  uint32_t v = 0;
  if (at + 4 > b.size()) {
    at = b.size() + 1;
    return 0;
  }
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(b[at + i]) << (8 * i);
  at += 4;
  return v;
}
void put_bytes(Bytes& b, const Bytes& v) {
  put32(b, static_cast<uint32_t>(v.size()));
  b.insert(b.end(), v.begin(), v.end());
}
std::optional<Bytes> get_bytes(const Bytes& b, size_t& at) {
  uint32_t n = get32(b, at);
  if (at > b.size() || at + n > b.size()) return std::nullopt;
  Bytes v(b.begin() + static_cast<long>(at), b.begin() + static_cast<long>(at + n));
  at += n;
  return v;
}

// "PNK1", export policy, usage, the name (UTF-8), then n, e, p, q, d mod (p-1), d mod (q-1),
// q^-1 mod p and d, each big-endian after its size.
bool save(const NKey& k) {
  Bytes out = {'P', 'N', 'K', '1'};
  put32(out, k.export_policy);
  put32(out, k.usage);
  const std::string name = utf16_to_utf8(k.name);
  put_bytes(out, Bytes(name.begin(), name.end()));
  const RsaKey& r = *k.rsa;
  for (const Bytes& v : {r.n(), r.e(), r.p(), r.q(), r.dp(), r.dq(), r.qinv(), r.d()}) put_bytes(out, v);
  return crypto_write_file(key_path(k.name, k.machine), out);
}

std::shared_ptr<NKey> load(const std::u16string& name, bool machine) {
  auto data = crypto_read_file(key_path(name, machine));
  if (!data || data->size() < 12 || std::memcmp(data->data(), "PNK1", 4) != 0) return nullptr;
  auto k = std::make_shared<NKey>();
  size_t at = 4;
  k->export_policy = get32(*data, at);
  k->usage = get32(*data, at);
  auto stored_name = get_bytes(*data, at);
  Bytes v[8];
  for (Bytes& x : v) {
    auto b = get_bytes(*data, at);
    if (!b) return nullptr;
    x = *b;
  }
  k->rsa = RsaKey::from_private(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
  if (!k->rsa || !stored_name) return nullptr;
  k->name = utf8_to_utf16(std::string(stored_name->begin(), stored_name->end()));
  k->machine = machine;
  k->finalized = true;
  k->bits = k->rsa->bits();
  return k;
}

std::shared_ptr<NKey> find_key(uint64_t h) {
  auto& s = store();
  auto it = s.keys.find(h);
  return it == s.keys.end() ? nullptr : it->second;
}

SECURITY_STATUS NCryptOpenStorageProvider(WindowsProcess& p, Ptr out, WStr name, uint32_t flags) {
  if (!out || (flags & ~NCRYPT_SILENT_FLAG)) return NTE_INVALID_PARAMETER;
  // The software provider is the one there is (the smart card and TPM providers are not).
  if (name.addr && name.str() != kProviderName) return NTE_BAD_PROVIDER;
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  uint64_t h = store().handle();
  store().providers[h] = true;
  p.put_ptr(out.addr, h);
  return kDone;
}

SECURITY_STATUS NCryptIsAlgSupported(WindowsProcess&, Ptr provider, WStr algorithm, uint32_t) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  if (!store().providers.count(provider.addr)) return NTE_INVALID_HANDLE;
  if (!algorithm.addr) return NTE_INVALID_PARAMETER;
  return algorithm.str() == u"RSA" ? kDone : NTE_NOT_SUPPORTED;
}

SECURITY_STATUS NCryptOpenKey(WindowsProcess& p, Ptr provider, Ptr out, WStr name, uint32_t, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  if (!store().providers.count(provider.addr)) return NTE_INVALID_HANDLE;
  if (!out || !name.addr || (flags & ~(NCRYPT_MACHINE_KEY_FLAG | NCRYPT_SILENT_FLAG))) return NTE_INVALID_PARAMETER;
  auto k = load(name.str(), flags & NCRYPT_MACHINE_KEY_FLAG);
  if (!k) return NTE_BAD_KEYSET;
  k->provider = provider.addr;
  uint64_t h = store().handle();
  store().keys[h] = k;
  p.put_ptr(out.addr, h);
  return kDone;
}

SECURITY_STATUS NCryptCreatePersistedKey(WindowsProcess& p, Ptr provider, Ptr out, WStr algorithm, WStr name, uint32_t,
                                         uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  if (!store().providers.count(provider.addr)) return NTE_INVALID_HANDLE;
  if (!out || !algorithm.addr || (flags & ~(NCRYPT_MACHINE_KEY_FLAG | NCRYPT_OVERWRITE_KEY_FLAG | NCRYPT_SILENT_FLAG)))
    return NTE_INVALID_PARAMETER;
  if (algorithm.str() != u"RSA") return NTE_NOT_SUPPORTED;
  auto k = std::make_shared<NKey>();
  k->provider = provider.addr;
  k->machine = flags & NCRYPT_MACHINE_KEY_FLAG;
  if (name.addr) {
    k->name = name.str();
    if (!(flags & NCRYPT_OVERWRITE_KEY_FLAG) && ::access(key_path(k->name, k->machine).c_str(), F_OK) == 0) return NTE_EXISTS;
  }
  uint64_t h = store().handle();
  store().keys[h] = k;
  p.put_ptr(out.addr, h);
  return kDone;
}

uint32_t dword_of(Ptr in, uint32_t size) { return size >= 4 ? get<uint32_t>(in.addr) : 0; }

SECURITY_STATUS NCryptSetProperty(WindowsProcess&, Ptr object, WStr property, Ptr in, uint32_t size, uint32_t) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  auto k = find_key(object.addr);
  if (!k) return store().providers.count(object.addr) ? NTE_NOT_SUPPORTED : NTE_INVALID_HANDLE;
  if (!property.addr || (size && !in)) return NTE_INVALID_PARAMETER;
  const std::u16string prop = property.str();
  if (prop == u"Length") {
    const uint32_t bits = dword_of(in, size);
    if (size != 4 || bits < kMinBits || bits > kMaxBits || bits % kBitsStep) return NTE_INVALID_PARAMETER;
    if (k->finalized) return NTE_INVALID_HANDLE;  // (a made key's length is what it is)
    k->bits = bits;
    return kDone;
  }
  if (prop == u"Export Policy") {
    if (size != 4) return NTE_INVALID_PARAMETER;
    if (k->finalized) return NTE_INVALID_HANDLE;
    k->export_policy = dword_of(in, size);
    return kDone;
  }
  if (prop == u"Key Usage") {
    if (size != 4) return NTE_INVALID_PARAMETER;
    if (k->finalized) return NTE_INVALID_HANDLE;
    k->usage = dword_of(in, size);
    return kDone;
  }
  return NTE_NOT_SUPPORTED;
}

SECURITY_STATUS NCryptFinalizeKey(WindowsProcess&, Ptr key, uint32_t) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  auto k = find_key(key.addr);
  if (!k) return NTE_INVALID_HANDLE;
  if (k->finalized) return NTE_INVALID_HANDLE;
  k->rsa = RsaKey::generate(k->bits);
  if (!k->rsa) return NTE_FAIL;
  k->finalized = true;
  if (!k->name.empty() && !save(*k)) return NTE_FAIL;
  return kDone;
}

// A property's value: NULL asks for its size, a buffer too small is NTE_BUFFER_TOO_SMALL.
SECURITY_STATUS give(Ptr out, uint32_t size, Ptr result, const void* data, uint32_t n) {
  put<uint32_t>(result.addr, n);
  if (!out) return kDone;
  if (size < n) return NTE_BUFFER_TOO_SMALL;
  std::memcpy(guest_pointer(out.addr), data, n);
  return kDone;
}
SECURITY_STATUS give_string(Ptr out, uint32_t size, Ptr result, const std::u16string& s) {
  return give(out, size, result, s.c_str(), static_cast<uint32_t>((s.size() + 1) * 2));
}
SECURITY_STATUS give_dword(Ptr out, uint32_t size, Ptr result, uint32_t v) { return give(out, size, result, &v, 4); }

SECURITY_STATUS NCryptGetProperty(WindowsProcess& p, Ptr object, WStr property, Ptr out, uint32_t size, Ptr result, uint32_t) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  if (!property.addr || !result) return NTE_INVALID_PARAMETER;
  const std::u16string prop = property.str();
  if (store().providers.count(object.addr)) {
    if (prop == u"Name") return give_string(out, size, result, kProviderName);
    if (prop == u"Impl Type") return give_dword(out, size, result, 2);  // NCRYPT_IMPL_SOFTWARE_FLAG
    return NTE_NOT_SUPPORTED;
  }
  auto k = find_key(object.addr);
  if (!k) return NTE_INVALID_HANDLE;
  if (prop == u"Algorithm Group" || prop == u"Algorithm Name") return give_string(out, size, result, u"RSA");
  if (prop == u"Length") return give_dword(out, size, result, k->finalized ? k->rsa->bits() : k->bits);
  if (prop == u"Lengths") {  // NCRYPT_SUPPORTED_LENGTHS: minimum, maximum, increment, default
    const uint32_t v[] = {kMinBits, kMaxBits, kBitsStep, kDefaultBits};
    return give(out, size, result, v, sizeof v);
  }
  if (prop == u"Export Policy") return give_dword(out, size, result, k->export_policy);
  if (prop == u"Key Usage") return give_dword(out, size, result, k->usage);
  if (prop == u"Key Type") return give_dword(out, size, result, k->machine ? NCRYPT_MACHINE_KEY_FLAG : 0);
  if (prop == u"Provider Handle") {
    uint64_t h = k->provider;
    return give(out, size, result, &h, p.isa->ptr);
  }
  if (prop == u"Name" || prop == u"Unique Name") {
    if (k->name.empty()) return NTE_NOT_SUPPORTED;
    return give_string(out, size, result, prop == u"Name" ? k->name : utf8_to_utf16(crypto_file_name(utf16_to_utf8(k->name))));
  }
  return NTE_NOT_SUPPORTED;
}

SECURITY_STATUS NCryptFreeObject(WindowsProcess&, Ptr object) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  if (store().keys.erase(object.addr) || store().providers.erase(object.addr)) return kDone;
  return NTE_INVALID_HANDLE;
}

int32_t NCryptIsKeyHandle(WindowsProcess&, Ptr key) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  return store().keys.count(key.addr) ? 1 : 0;
}

// Deletes the stored key and frees its handle.
SECURITY_STATUS NCryptDeleteKey(WindowsProcess&, Ptr key, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  auto k = find_key(key.addr);
  if (!k) return NTE_INVALID_HANDLE;
  if (flags & ~NCRYPT_SILENT_FLAG) return NTE_INVALID_PARAMETER;
  if (!k->name.empty() && k->finalized && ::unlink(key_path(k->name, k->machine).c_str()) != 0) return NTE_BAD_KEYSET;
  store().keys.erase(key.addr);
  return kDone;
}

SECURITY_STATUS status_of(cng_rsa::Failure f) {
  switch (f) {
    case cng_rsa::Failure::kNone: return kDone;
    case cng_rsa::Failure::kUnsupported: return NTE_NOT_SUPPORTED;
    case cng_rsa::Failure::kBadSignature: return NTE_BAD_SIGNATURE;
    default: return NTE_INVALID_PARAMETER;
  }
}

SECURITY_STATUS NCryptSignHash(WindowsProcess& p, Ptr key, Ptr info, Ptr hash, uint32_t hash_size, Ptr sig, uint32_t sig_size,
                               Ptr result, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  auto k = find_key(key.addr);
  if (!k) return NTE_INVALID_HANDLE;
  if (!k->finalized) return NTE_BAD_KEY_STATE;
  if (!hash || !result) return NTE_INVALID_PARAMETER;
  const Bytes digest(static_cast<const uint8_t*>(guest_pointer(hash.addr)),
                     static_cast<const uint8_t*>(guest_pointer(hash.addr)) + hash_size);
  const uint32_t n = static_cast<uint32_t>(k->rsa->size());
  put<uint32_t>(result.addr, n);
  if (!sig) return kDone;
  if (sig_size < n) return NTE_BUFFER_TOO_SMALL;
  cng_rsa::Failure f = cng_rsa::Failure::kNone;
  auto s = cng_rsa::sign(p, *k->rsa, info.addr, flags, digest, f);
  if (!s) return status_of(f);
  std::memcpy(guest_pointer(sig.addr), s->data(), s->size());
  return kDone;
}

SECURITY_STATUS NCryptVerifySignature(WindowsProcess& p, Ptr key, Ptr info, Ptr hash, uint32_t hash_size, Ptr sig,
                                      uint32_t sig_size, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  auto k = find_key(key.addr);
  if (!k) return NTE_INVALID_HANDLE;
  if (!k->finalized) return NTE_BAD_KEY_STATE;
  if (!hash || !sig) return NTE_INVALID_PARAMETER;
  const Bytes digest(static_cast<const uint8_t*>(guest_pointer(hash.addr)),
                     static_cast<const uint8_t*>(guest_pointer(hash.addr)) + hash_size);
  const Bytes s(static_cast<const uint8_t*>(guest_pointer(sig.addr)), static_cast<const uint8_t*>(guest_pointer(sig.addr)) + sig_size);
  return status_of(cng_rsa::verify(p, *k->rsa, info.addr, flags, digest, s));
}

SECURITY_STATUS crypt(Ptr key, Ptr input, uint32_t input_size, Ptr out, uint32_t out_size, Ptr result, uint32_t flags, bool encrypt) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  auto k = find_key(key.addr);
  if (!k) return NTE_INVALID_HANDLE;
  if (!k->finalized) return NTE_BAD_KEY_STATE;
  if (!result || (input_size && !input)) return NTE_INVALID_PARAMETER;
  flags &= ~NCRYPT_SILENT_FLAG;
  if (flags == NCRYPT_PAD_OAEP_FLAG) return NTE_NOT_SUPPORTED;
  if (flags != NCRYPT_PAD_PKCS1_FLAG && flags != NCRYPT_NO_PADDING_FLAG) return NTE_INVALID_PARAMETER;
  const Bytes in(static_cast<const uint8_t*>(guest_pointer(input.addr)),
                 static_cast<const uint8_t*>(guest_pointer(input.addr)) + input_size);
  const size_t n = k->rsa->size();
  std::optional<Bytes> r;
  if (encrypt) {
    if (!out) {
      put<uint32_t>(result.addr, static_cast<uint32_t>(n));
      return kDone;
    }
    r = flags == NCRYPT_PAD_PKCS1_FLAG ? k->rsa->encrypt_pkcs1(in) : in.size() == n ? k->rsa->public_op(in) : std::nullopt;
  } else {
    if (in.size() != n) return NTE_INVALID_PARAMETER;
    r = flags == NCRYPT_PAD_PKCS1_FLAG ? k->rsa->decrypt_pkcs1(in) : k->rsa->private_op(in);
  }
  if (!r) return NTE_INVALID_PARAMETER;
  put<uint32_t>(result.addr, static_cast<uint32_t>(r->size()));
  if (!out) return kDone;
  if (out_size < r->size()) return NTE_BUFFER_TOO_SMALL;
  std::memcpy(guest_pointer(out.addr), r->data(), r->size());
  return kDone;
}

SECURITY_STATUS NCryptEncrypt(WindowsProcess&, Ptr key, Ptr input, uint32_t input_size, Ptr, Ptr out, uint32_t out_size,
                              Ptr result, uint32_t flags) {
  return crypt(key, input, input_size, out, out_size, result, flags, true);
}
SECURITY_STATUS NCryptDecrypt(WindowsProcess&, Ptr key, Ptr input, uint32_t input_size, Ptr, Ptr out, uint32_t out_size,
                              Ptr result, uint32_t flags) {
  return crypt(key, input, input_size, out, out_size, result, flags, false);
}

SECURITY_STATUS NCryptExportKey(WindowsProcess&, Ptr key, Ptr export_key, WStr type, Ptr params, Ptr out, uint32_t out_size,
                                Ptr result, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  auto k = find_key(key.addr);
  if (!k) return NTE_INVALID_HANDLE;
  if (!k->finalized) return NTE_BAD_KEY_STATE;
  if (export_key || params || !type.addr || !result || (flags & ~NCRYPT_SILENT_FLAG)) return NTE_INVALID_PARAMETER;
  const uint32_t magic = cng_rsa::blob_magic(type.str());
  if (!magic) return NTE_NOT_SUPPORTED;
  if (magic != cng_rsa::kPublic && !(k->export_policy & NCRYPT_ALLOW_PLAINTEXT_EXPORT_FLAG)) return NTE_NOT_SUPPORTED;
  const Bytes b = cng_rsa::export_blob(*k->rsa, magic);
  return give(out, out_size, result, b.data(), static_cast<uint32_t>(b.size()));
}

// A key from a blob, as an ephemeral key of this process (a name in the parameter list, which would
// store it, is not provided).
SECURITY_STATUS NCryptImportKey(WindowsProcess& p, Ptr provider, Ptr import_key, WStr type, Ptr params, Ptr out, Ptr data,
                                uint32_t size, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(store().mutex);
  if (!store().providers.count(provider.addr)) return NTE_INVALID_HANDLE;
  if (import_key || !type.addr || !out || !data || (flags & ~NCRYPT_SILENT_FLAG)) return NTE_INVALID_PARAMETER;
  if (params) return NTE_NOT_SUPPORTED;
  const uint32_t magic = cng_rsa::blob_magic(type.str());
  if (!magic) return NTE_NOT_SUPPORTED;
  std::shared_ptr<RsaKey> rsa = cng_rsa::import_blob(magic, static_cast<const uint8_t*>(guest_pointer(data.addr)), size);
  if (!rsa) return NTE_BAD_DATA;
  auto k = std::make_shared<NKey>();
  k->provider = provider.addr;
  k->rsa = rsa;
  k->bits = rsa->bits();
  k->finalized = true;
  uint64_t handle = store().handle();
  store().keys[handle] = k;
  p.put_ptr(out.addr, handle);
  return kDone;
}

}  // namespace
}  // namespace ksp

// The BCrypt functions NCRYPT.dll forwards are BCRYPT's (bcrypt/bcrypt.cpp).
const Dll kNcrypt{"ncrypt.dll",
                  false,
                  {
                      EXPORT("NCryptOpenStorageProvider", ksp::NCryptOpenStorageProvider),
                      EXPORT("NCryptIsAlgSupported", ksp::NCryptIsAlgSupported),
                      EXPORT("NCryptOpenKey", ksp::NCryptOpenKey),
                      EXPORT("NCryptCreatePersistedKey", ksp::NCryptCreatePersistedKey),
                      EXPORT("NCryptSetProperty", ksp::NCryptSetProperty),
                      EXPORT("NCryptGetProperty", ksp::NCryptGetProperty),
                      EXPORT("NCryptFinalizeKey", ksp::NCryptFinalizeKey),
                      EXPORT("NCryptFreeObject", ksp::NCryptFreeObject),
                      EXPORT("NCryptIsKeyHandle", ksp::NCryptIsKeyHandle),
                      EXPORT("NCryptDeleteKey", ksp::NCryptDeleteKey),
                      EXPORT("NCryptSignHash", ksp::NCryptSignHash),
                      EXPORT("NCryptVerifySignature", ksp::NCryptVerifySignature),
                      EXPORT("NCryptEncrypt", ksp::NCryptEncrypt),
                      EXPORT("NCryptDecrypt", ksp::NCryptDecrypt),
                      EXPORT("NCryptExportKey", ksp::NCryptExportKey),
                      EXPORT("NCryptImportKey", ksp::NCryptImportKey),
                  },
                  {},
                  &kBcrypt};

}  // namespace polyrun::shims
