// ADVAPI32's CryptoAPI on the Microsoft RSA providers (rsaenh.dll's four personalities: Base,
// Strong, Enhanced, and Enhanced RSA and AES), their algorithms from crypto/algorithms.h.
//
// A provider handle is a key container. CRYPT_VERIFYCONTEXT gives one with no name whose keys
// live in memory until it is released; a named container (the user's name when none is given) is
// kept per user on disk, as Windows keeps it in the user's profile: one file a container under
// $XDG_DATA_HOME/polyrun/crypto/RSA/user (CRYPT_MACHINE_KEYSET: .../RSA/machine, which is this
// user's too: the machine's store would need an administrator), holding its key pairs as
// PRIVATEKEYBLOBs, readable by the user alone. Containers are named without regard to case. No
// container exists until a program makes one with CRYPT_NEWKEYSET; opening one that does not
// exist is NTE_BAD_KEYSET, asking a container for a key pair it has not got NTE_NO_KEY.
//
// Hashes: MD2, MD4, MD5, SHA-1, SHA-256/384/512 (the Enhanced RSA and AES provider's), the
// providers' HMAC (HP_HMAC_INFO's inner and outer strings, 64 bytes of 0x36 and 0x5c unless the
// caller gives others, whatever the hash: so HMAC-SHA-384/512 are not RFC 4231's), CBC-MAC
// (CALG_MAC) and CALG_SSL3_SHAMD5 (set, not computed). Session keys: RC2, RC4, DES, two- and
// three-key 3DES, AES; CBC (the default), ECB and 8-bit CFB with PKCS #5 padding of the final
// block; CryptDeriveKey with the documented extension of a hash shorter than the key, 40-bit keys'
// 11 zero bytes of salt. RSA key pairs: PKCS #1 v1.5 signatures and encryption; blobs and
// signatures little-endian, as CryptoAPI has them. Not provided: OAEP (CRYPT_OAEP), X9.31
// signatures, the SChannel provider's SSL/TLS key derivation, and the DSS and Diffie-Hellman
// providers (dssenh.dll), which CryptEnumProviders does not list.
//
// Here: the providers (their algorithms, CryptEnumProviders, the provider parameters), the handles,
// CryptAcquireContext, CryptReleaseContext and CryptGenRandom. Key containers on disk:
// advapi32/crypt_containers.cpp; keys: crypt_keys.cpp; hashes and signatures: crypt_hashes.cpp;
// encryption: crypt_encryption.cpp.
#include <dirent.h>
#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "shims/core/machine_identity.h"
#include "shims/advapi32/crypt.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/crypto/algorithms.h"
#include "shims/core/guest_memory.h"
#include "shims/core/hresult.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/advapi32/crypt_internal.h"

namespace polyrun::shims::capi {

namespace {

// What each personality offers (PP_ENUMALGS, PP_ENUMALGS_EX), in its order.
const std::vector<AlgInfo> kBaseAlgs = {
    {CALG_RC2, 40, 40, 56, 0, "RC2", "RSA Data Security's RC2"},
    {CALG_RC4, 40, 40, 56, 0, "RC4", "RSA Data Security's RC4"},
    {CALG_DES, 56, 56, 56, 0, "DES", "Data Encryption Standard (DES)"},
    {CALG_SHA1, 160, 160, 160, kSigning, "SHA-1", "Secure Hash Algorithm (SHA-1)"},
    {CALG_MD2, 128, 128, 128, kSigning, "MD2", "Message Digest 2 (MD2)"},
    {CALG_MD4, 128, 128, 128, kSigning, "MD4", "Message Digest 4 (MD4)"},
    {CALG_MD5, 128, 128, 128, kSigning, "MD5", "Message Digest 5 (MD5)"},
    {CALG_SSL3_SHAMD5, 288, 288, 288, 0, "SSL3 SHAMD5", "SSL3 SHAMD5"},
    {CALG_MAC, 0, 0, 0, 0, "MAC", "Message Authentication Code"},
    {CALG_RSA_SIGN, 512, 384, 16384, kSigning | kIpsec, "RSA_SIGN", "RSA Signature"},
    {CALG_RSA_KEYX, 512, 384, 1024, kSigning | kIpsec, "RSA_KEYX", "RSA Key Exchange"},
    {CALG_HMAC, 0, 0, 0, 0, "HMAC", "Hugo's MAC (HMAC)"},
};
const std::vector<AlgInfo> kEnhancedAlgs = {
    {CALG_RC2, 128, 40, 128, 0, "RC2", "RSA Data Security's RC2"},
    {CALG_RC4, 128, 40, 128, 0, "RC4", "RSA Data Security's RC4"},
    {CALG_DES, 56, 56, 56, 0, "DES", "Data Encryption Standard (DES)"},
    {CALG_3DES_112, 112, 112, 112, 0, "3DES TWO KEY", "Two Key Triple DES"},
    {CALG_3DES, 168, 168, 168, 0, "3DES", "Three Key Triple DES"},
    {CALG_SHA1, 160, 160, 160, kSigning, "SHA-1", "Secure Hash Algorithm (SHA-1)"},
    {CALG_MD2, 128, 128, 128, kSigning, "MD2", "Message Digest 2 (MD2)"},
    {CALG_MD4, 128, 128, 128, kSigning, "MD4", "Message Digest 4 (MD4)"},
    {CALG_MD5, 128, 128, 128, kSigning, "MD5", "Message Digest 5 (MD5)"},
    {CALG_SSL3_SHAMD5, 288, 288, 288, 0, "SSL3 SHAMD5", "SSL3 SHAMD5"},
    {CALG_MAC, 0, 0, 0, 0, "MAC", "Message Authentication Code"},
    {CALG_RSA_SIGN, 1024, 384, 16384, kSigning | kIpsec, "RSA_SIGN", "RSA Signature"},
    {CALG_RSA_KEYX, 1024, 384, 16384, kSigning | kIpsec, "RSA_KEYX", "RSA Key Exchange"},
    {CALG_HMAC, 0, 0, 0, 0, "HMAC", "Hugo's MAC (HMAC)"},
};
const std::vector<AlgInfo> kAesAlgs = {
    {CALG_RC2, 128, 40, 128, 0, "RC2", "RSA Data Security's RC2"},
    {CALG_RC4, 128, 40, 128, 0, "RC4", "RSA Data Security's RC4"},
    {CALG_DES, 56, 56, 56, 0, "DES", "Data Encryption Standard (DES)"},
    {CALG_3DES_112, 112, 112, 112, 0, "3DES TWO KEY", "Two Key Triple DES"},
    {CALG_3DES, 168, 168, 168, 0, "3DES", "Three Key Triple DES"},
    {CALG_AES_128, 128, 128, 128, 0, "AES-128", "Advanced Encryption Standard (AES-128)"},
    {CALG_AES_192, 192, 192, 192, 0, "AES-192", "Advanced Encryption Standard (AES-192)"},
    {CALG_AES_256, 256, 256, 256, 0, "AES-256", "Advanced Encryption Standard (AES-256)"},
    {CALG_SHA1, 160, 160, 160, kSigning, "SHA-1", "Secure Hash Algorithm (SHA-1)"},
    {CALG_SHA_256, 256, 256, 256, kSigning, "SHA-256", "Secure Hash Algorithm (SHA-256)"},
    {CALG_SHA_384, 384, 384, 384, kSigning, "SHA-384", "Secure Hash Algorithm (SHA-384)"},
    {CALG_SHA_512, 512, 512, 512, kSigning, "SHA-512", "Secure Hash Algorithm (SHA-512)"},
    {CALG_MD2, 128, 128, 128, kSigning, "MD2", "Message Digest 2 (MD2)"},
    {CALG_MD4, 128, 128, 128, kSigning, "MD4", "Message Digest 4 (MD4)"},
    {CALG_MD5, 128, 128, 128, kSigning, "MD5", "Message Digest 5 (MD5)"},
    {CALG_SSL3_SHAMD5, 288, 288, 288, 0, "SSL3 SHAMD5", "SSL3 SHAMD5"},
    {CALG_MAC, 0, 0, 0, 0, "MAC", "Message Authentication Code"},
    {CALG_RSA_SIGN, 1024, 384, 16384, kSigning | kIpsec, "RSA_SIGN", "RSA Signature"},
    {CALG_RSA_KEYX, 1024, 384, 16384, kSigning | kIpsec, "RSA_KEYX", "RSA Key Exchange"},
    {CALG_HMAC, 0, 0, 0, 0, "HMAC", "Hugo's MAC (HMAC)"},
};
// CALG_AES (no length in its name) is taken as AES-128, as by the AES provider, though it does not
// enumerate it.
const AlgInfo kAesUnsized = {CALG_AES, 128, 128, 128, 0, "AES", "Advanced Encryption Standard (AES)"};

// As Windows registers them (HKLM\SOFTWARE\Microsoft\Cryptography\Defaults\Provider), in the
// registry's order.
const Provider kProviders[] = {
    {"Microsoft Base Cryptographic Provider v1.0", PROV_RSA_FULL, kBase},
    {"Microsoft Enhanced Cryptographic Provider v1.0", PROV_RSA_FULL, kEnhanced},
    {"Microsoft Enhanced RSA and AES Cryptographic Provider", PROV_RSA_AES, kAesProv},
    {"Microsoft Strong Cryptographic Provider", PROV_RSA_FULL, kStrong},
};
// Each type's default: "The Microsoft Strong Cryptographic Provider is used as the default RSA
// Full cryptographic service provider" (Microsoft's page of that provider).
const Provider* default_provider(uint32_t type) {
  if (type == PROV_RSA_FULL) return &kProviders[3];
  if (type == PROV_RSA_AES) return &kProviders[2];
  return nullptr;
}

const std::vector<AlgInfo>& algs_of(Personality p) {
  return p == kBase ? kBaseAlgs : p == kAesProv ? kAesAlgs : kEnhancedAlgs;
}

}  // namespace

const AlgInfo* alg_info(Personality p, uint32_t algid) {
  for (const AlgInfo& a : algs_of(p))
    if (a.algid == algid) return &a;
  if (p == kAesProv && algid == CALG_AES) return &kAesUnsized;
  return nullptr;
}

std::optional<HashKind> hash_kind(uint32_t algid) {
  switch (algid) {
    case CALG_MD2: return HashKind::Md2;
    case CALG_MD4: return HashKind::Md4;
    case CALG_MD5: return HashKind::Md5;
    case CALG_SHA1: return HashKind::Sha1;
    case CALG_SHA_256: return HashKind::Sha256;
    case CALG_SHA_384: return HashKind::Sha384;
    case CALG_SHA_512: return HashKind::Sha512;
    default: return std::nullopt;
  }
}

State& state() {
  static State s;
  return s;
}

// The standard protocol of a parameter of any size: NULL asks for the size, a buffer too small is
// ERROR_MORE_DATA with the size needed.
BOOL copy_param(WindowsProcess& p, Ptr buf, Ptr size, const void* data, uint32_t n) {
  if (buf) {
    if (get<uint32_t>(size.addr) < n) {
      put<uint32_t>(size.addr, n);
      return fail(p, kMoreData);
    }
    std::memcpy(guest_pointer(buf.addr), data, n);
  }
  put<uint32_t>(size.addr, n);
  return TRUE;
}
BOOL copy_dword(WindowsProcess& p, Ptr buf, Ptr size, uint32_t v) { return copy_param(p, buf, size, &v, 4); }

BOOL fail_nte(WindowsProcess& p, HRESULT e) { return fail(p, static_cast<uint32_t>(e)); }

Bytes reversed(Bytes b) {
  std::reverse(b.begin(), b.end());
  return b;
}

// ---- handles ----

std::shared_ptr<Container> find_prov(uint64_t h) {
  auto& s = state();
  auto it = s.provs.find(h);
  return it == s.provs.end() ? nullptr : it->second;
}
KeyHandle* find_key(uint64_t h) {
  auto& s = state();
  auto it = s.keys.find(h);
  return it == s.keys.end() ? nullptr : &it->second;
}
std::shared_ptr<HashObject> find_hash(uint64_t h) {
  auto& s = state();
  auto it = s.hashes.find(h);
  return it == s.hashes.end() ? nullptr : it->second;
}
uint64_t add_key(uint64_t prov, std::shared_ptr<Key> k) {
  auto& s = state();
  uint64_t h = s.handle();
  s.keys[h] = KeyHandle{prov, std::move(k)};
  return h;
}

namespace {

// ---- CryptAcquireContext ----

const Provider* provider_named(const std::string& name) {
  for (const Provider& p : kProviders)
    if (::strcasecmp(p.name, name.c_str()) == 0) return &p;
  return nullptr;
}

BOOL acquire(WindowsProcess& p, Ptr out, std::optional<std::string> container, std::optional<std::string> provider,
             uint32_t type, uint32_t flags) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  if (type == 0 || type > 999) return fail_nte(p, NTE_BAD_PROV_TYPE);
  const Provider* prov = nullptr;
  if (provider && !provider->empty()) {
    prov = provider_named(*provider);
    if (!prov) return fail_nte(p, NTE_KEYSET_NOT_DEF);
    if (prov->type != type) return fail_nte(p, NTE_PROV_TYPE_NO_MATCH);
  } else {
    prov = default_provider(type);
    if (!prov) return fail_nte(p, NTE_PROV_TYPE_NOT_DEF);
  }
  std::string name = container && !container->empty() ? *container : account_user_name();
  if (name.size() >= 260) return fail_nte(p, NTE_BAD_KEYSET_PARAM);
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto c = std::make_shared<Container>();
  c->personality = prov->personality;
  c->provider_name = prov->name;
  c->flags = flags;
  switch (flags & (CRYPT_NEWKEYSET | CRYPT_VERIFYCONTEXT | CRYPT_DELETEKEYSET)) {
    case 0: {
      auto stored = load_container(name, flags, prov->personality);
      if (!stored) return fail_nte(p, NTE_BAD_KEYSET);
      c->name = stored->name;
      c->exchange = stored->exchange;
      c->signature = stored->signature;
      break;
    }
    case CRYPT_DELETEKEYSET:
      if (::unlink(container_path(name, flags).c_str()) != 0) return fail_nte(p, NTE_BAD_KEYSET);
      p.put_ptr(out.addr, 0);
      p.set_last_error(0);
      return TRUE;
    case CRYPT_NEWKEYSET:
      if (load_container(name, flags, prov->personality)) return fail_nte(p, NTE_EXISTS);
      c->name = name;
      if (!store_container(*c)) return fail_nte(p, NTE_FAIL);  // (the user's store cannot be written)
      break;
    case CRYPT_VERIFYCONTEXT:
    case CRYPT_VERIFYCONTEXT | CRYPT_NEWKEYSET:
      if (container && !container->empty()) return fail_nte(p, NTE_BAD_FLAGS);
      c->verify = true;
      break;
    default:
      return fail_nte(p, NTE_BAD_FLAGS);
  }
  uint64_t h = state().handle();
  state().provs[h] = c;
  p.put_ptr(out.addr, h);
  p.set_last_error(0);
  return TRUE;
}

std::optional<std::string> opt_a(AStr s) { return s.addr ? std::optional<std::string>(s.str()) : std::nullopt; }
std::optional<std::string> opt_w(WStr s) {
  return s.addr ? std::optional<std::string>(utf16_to_utf8(s.str())) : std::nullopt;
}

BOOL CryptAcquireContextA(WindowsProcess& p, Ptr out, AStr container, AStr provider, uint32_t type, uint32_t flags) {
  return acquire(p, out, opt_a(container), opt_a(provider), type, flags);
}
BOOL CryptAcquireContextW(WindowsProcess& p, Ptr out, WStr container, WStr provider, uint32_t type, uint32_t flags) {
  return acquire(p, out, opt_w(container), opt_w(provider), type, flags);
}

BOOL CryptReleaseContext(WindowsProcess& p, Ptr h, uint32_t flags) {
  if (!h) return fail_nte(p, NTE_BAD_UID);
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto c = find_prov(h.addr);
  if (!c) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags) return fail_nte(p, NTE_BAD_FLAGS);
  if (--c->refs == 0) state().provs.erase(h.addr);
  return TRUE;
}

BOOL CryptContextAddRef(WindowsProcess& p, Ptr h, Ptr reserved, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto c = find_prov(h.addr);
  if (!c || reserved || flags) return fail(p, ERROR_INVALID_PARAMETER);
  ++c->refs;
  return TRUE;
}

BOOL CryptGenRandom(WindowsProcess& p, Ptr h, uint32_t len, Ptr buf) {
  {
    std::lock_guard<GuestCallMutex> lock(state().mutex);
    if (!find_prov(h.addr)) return fail(p, ERROR_INVALID_PARAMETER);
  }
  if (len) crypto::random_fill(static_cast<uint8_t*>(guest_pointer(buf.addr)), len);
  return TRUE;
}

// ---- CryptEnumProviders ----

BOOL enum_providers(WindowsProcess& p, uint32_t index, Ptr reserved, uint32_t flags, Ptr type, Ptr name, Ptr size, bool wide) {
  if (reserved || flags || !type || !size) return fail(p, ERROR_INVALID_PARAMETER);
  if (index >= sizeof kProviders / sizeof *kProviders) return fail(p, ERROR_NO_MORE_ITEMS);
  const Provider& prov = kProviders[index];
  put<uint32_t>(type.addr, prov.type);
  if (wide) {
    std::u16string w = utf8_to_utf16(prov.name);
    return copy_param(p, name, size, w.c_str(), static_cast<uint32_t>((w.size() + 1) * 2));
  }
  return copy_param(p, name, size, prov.name, static_cast<uint32_t>(std::strlen(prov.name) + 1));
}
BOOL CryptEnumProvidersA(WindowsProcess& p, uint32_t index, Ptr reserved, uint32_t flags, Ptr type, Ptr name, Ptr size) {
  return enum_providers(p, index, reserved, flags, type, name, size, false);
}
BOOL CryptEnumProvidersW(WindowsProcess& p, uint32_t index, Ptr reserved, uint32_t flags, Ptr type, Ptr name, Ptr size) {
  return enum_providers(p, index, reserved, flags, type, name, size, true);
}

// ---- provider types and defaults ----
//
// The types of the providers above (HKLM\SOFTWARE\Microsoft\Cryptography\Defaults\Provider Types),
// and each type's default provider: the machine's (the registry's) or the user's own, which
// CryptSetProvider(Ex) sets for this user and session (the machine's default is an administrator's
// to change: ERROR_ACCESS_DENIED).
constexpr uint32_t CRYPT_MACHINE_DEFAULT = 1, CRYPT_USER_DEFAULT = 2, CRYPT_DELETE_DEFAULT = 4;
constexpr uint32_t NTE_BAD_FLAGS = 0x80090009, NTE_BAD_PROV_TYPE = 0x80090014, NTE_PROV_TYPE_NOT_DEF = 0x80090017,
                   NTE_BAD_PROVIDER = 0x80090013;
struct ProviderType {
  uint32_t type;
  const char* name;
};
const ProviderType kProviderTypes[] = {{PROV_RSA_FULL, "RSA Full (Signature and Key Exchange)"},
                                       {PROV_RSA_AES, "RSA Full and AES"}};

std::map<uint32_t, std::string>& user_defaults() {
  static std::map<uint32_t, std::string> d;
  return d;
}

BOOL enum_provider_types(WindowsProcess& p, uint32_t index, Ptr reserved, uint32_t flags, Ptr type, Ptr name, Ptr size,
                         bool wide) {
  if (reserved || flags || !type || !size) return fail(p, ERROR_INVALID_PARAMETER);
  if (index >= sizeof kProviderTypes / sizeof *kProviderTypes) return fail(p, ERROR_NO_MORE_ITEMS);
  const ProviderType& t = kProviderTypes[index];
  put<uint32_t>(type.addr, t.type);
  if (wide) {
    std::u16string w = utf8_to_utf16(t.name);
    return copy_param(p, name, size, w.c_str(), static_cast<uint32_t>((w.size() + 1) * 2));
  }
  return copy_param(p, name, size, t.name, static_cast<uint32_t>(std::strlen(t.name) + 1));
}
BOOL CryptEnumProviderTypesA(WindowsProcess& p, uint32_t index, Ptr reserved, uint32_t flags, Ptr type, Ptr name, Ptr size) {
  return enum_provider_types(p, index, reserved, flags, type, name, size, false);
}
BOOL CryptEnumProviderTypesW(WindowsProcess& p, uint32_t index, Ptr reserved, uint32_t flags, Ptr type, Ptr name, Ptr size) {
  return enum_provider_types(p, index, reserved, flags, type, name, size, true);
}

BOOL get_default_provider(WindowsProcess& p, uint32_t type, Ptr reserved, uint32_t flags, Ptr name, Ptr size, bool wide) {
  if (reserved || !size) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & ~(CRYPT_MACHINE_DEFAULT | CRYPT_USER_DEFAULT)) return fail(p, NTE_BAD_FLAGS);
  if (type > 999) return fail(p, NTE_BAD_PROV_TYPE);
  const Provider* machine = default_provider(type);
  if (!machine) return fail(p, NTE_PROV_TYPE_NOT_DEF);
  std::string n = machine->name;
  if (flags & CRYPT_USER_DEFAULT) {
    auto it = user_defaults().find(type);
    if (it == user_defaults().end()) return fail(p, NTE_PROV_TYPE_NOT_DEF);  // (the user has set none)
    n = it->second;
  }
  if (wide) {
    std::u16string w = utf8_to_utf16(n);
    return copy_param(p, name, size, w.c_str(), static_cast<uint32_t>((w.size() + 1) * 2));
  }
  return copy_param(p, name, size, n.c_str(), static_cast<uint32_t>(n.size() + 1));
}
BOOL CryptGetDefaultProviderA(WindowsProcess& p, uint32_t type, Ptr reserved, uint32_t flags, Ptr name, Ptr size) {
  return get_default_provider(p, type, reserved, flags, name, size, false);
}
BOOL CryptGetDefaultProviderW(WindowsProcess& p, uint32_t type, Ptr reserved, uint32_t flags, Ptr name, Ptr size) {
  return get_default_provider(p, type, reserved, flags, name, size, true);
}

BOOL set_provider(WindowsProcess& p, const std::string& name, bool given, uint32_t type, Ptr reserved, uint32_t flags) {
  if (!given || reserved) return fail(p, ERROR_INVALID_PARAMETER);
  if (type > 999) return fail(p, NTE_BAD_PROV_TYPE);
  if ((flags & ~(CRYPT_MACHINE_DEFAULT | CRYPT_USER_DEFAULT | CRYPT_DELETE_DEFAULT)) || flags == CRYPT_DELETE_DEFAULT)
    return fail(p, NTE_BAD_FLAGS);
  if (!default_provider(type)) return fail(p, NTE_BAD_PROVIDER);
  if (!(flags & CRYPT_USER_DEFAULT)) return fail(p, ERROR_ACCESS_DENIED);  // (the machine's default)
  if (flags & CRYPT_DELETE_DEFAULT) {
    user_defaults().erase(type);
    return TRUE;
  }
  const Provider* prov = provider_named(name);
  if (!prov || prov->type != type) return fail(p, NTE_BAD_PROVIDER);
  user_defaults()[type] = prov->name;
  return TRUE;
}
BOOL CryptSetProviderExA(WindowsProcess& p, AStr name, uint32_t type, Ptr reserved, uint32_t flags) {
  return set_provider(p, name.str(), name.addr, type, reserved, flags);
}
BOOL CryptSetProviderExW(WindowsProcess& p, WStr name, uint32_t type, Ptr reserved, uint32_t flags) {
  return set_provider(p, utf16_to_utf8(name.str()), name.addr, type, reserved, flags);
}
BOOL CryptSetProviderA(WindowsProcess& p, AStr name, uint32_t type) {
  return set_provider(p, name.str(), name.addr, type, Ptr(0), CRYPT_USER_DEFAULT);
}
BOOL CryptSetProviderW(WindowsProcess& p, WStr name, uint32_t type) {
  return set_provider(p, utf16_to_utf8(name.str()), name.addr, type, Ptr(0), CRYPT_USER_DEFAULT);
}

// ---- provider parameters ----

constexpr uint32_t PP_ENUMALGS = 1, PP_ENUMCONTAINERS = 2, PP_IMPTYPE = 3, PP_NAME = 4, PP_VERSION = 5, PP_CONTAINER = 6,
                   PP_PROVTYPE = 16, PP_KEYSTORAGE = 17, PP_ENUMALGS_EX = 22,
                   PP_KEYSET_TYPE = 27, PP_SIG_KEYSIZE_INC = 34, PP_KEYX_KEYSIZE_INC = 35, PP_UNIQUE_CONTAINER = 36,
                   PP_KEYSPEC = 39, PP_CLIENT_HWND = 1;
constexpr uint32_t CRYPT_FIRST = 1;

BOOL CryptGetProvParam(WindowsProcess& p, Ptr h, uint32_t param, Ptr buf, Ptr size, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto c = find_prov(h.addr);
  if (!c || !size) return fail(p, ERROR_INVALID_PARAMETER);
  switch (param) {
    case PP_CONTAINER:
    case PP_UNIQUE_CONTAINER: {  // (the ANSI code page's, as every string of the provider's parameters)
      const std::string n = utf8_to_ansi(c->name);
      return copy_param(p, buf, size, n.c_str(), static_cast<uint32_t>(n.size() + 1));
    }
    case PP_NAME:
      return copy_param(p, buf, size, c->provider_name.c_str(), static_cast<uint32_t>(c->provider_name.size() + 1));
    case PP_PROVTYPE: return copy_dword(p, buf, size, c->personality == kAesProv ? PROV_RSA_AES : PROV_RSA_FULL);
    case PP_KEYSPEC: return copy_dword(p, buf, size, AT_SIGNATURE | AT_KEYEXCHANGE);
    case PP_KEYSET_TYPE: return copy_dword(p, buf, size, c->flags & CRYPT_MACHINE_KEYSET);
    case PP_KEYSTORAGE: return copy_dword(p, buf, size, 0x10);  // CRYPT_SEC_DESCR
    case PP_SIG_KEYSIZE_INC:
    case PP_KEYX_KEYSIZE_INC: return copy_dword(p, buf, size, 8);
    case PP_IMPTYPE: return copy_dword(p, buf, size, 2);  // CRYPT_IMPL_SOFTWARE
    case PP_VERSION: return copy_dword(p, buf, size, 0x200);
    case PP_ENUMCONTAINERS: {
      if (flags & CRYPT_FIRST) {
        c->enum_containers = 0;
        c->enumerated = stored_container_names(c->flags);
      }
      if (!buf) {
        put<uint32_t>(size.addr, 261);  // MAX_PATH + 1
        return TRUE;
      }
      if (c->enum_containers >= c->enumerated.size()) return fail(p, ERROR_NO_MORE_ITEMS);
      const std::string n = utf8_to_ansi(c->enumerated[c->enum_containers]);
      if (!copy_param(p, buf, size, n.c_str(), static_cast<uint32_t>(n.size() + 1))) return FALSE;
      ++c->enum_containers;
      return TRUE;
    }
    case PP_ENUMALGS:
    case PP_ENUMALGS_EX: {
      const auto& algs = algs_of(c->personality);
      const bool first = flags & CRYPT_FIRST;
      if (!first && c->enum_algs + 1 >= algs.size()) return fail(p, ERROR_NO_MORE_ITEMS);
      const uint32_t need = param == PP_ENUMALGS ? 32 : 88;
      if (buf && get<uint32_t>(size.addr) >= need) c->enum_algs = first ? 0 : c->enum_algs + 1;
      const AlgInfo& a = algs[std::min(c->enum_algs, algs.size() - 1)];
      uint8_t rec[88] = {};
      const uint32_t name_len = static_cast<uint32_t>(std::strlen(a.name) + 1);
      if (param == PP_ENUMALGS) {  // PROV_ENUMALGS
        std::memcpy(rec, &a.algid, 4);
        std::memcpy(rec + 4, &a.default_len, 4);
        std::memcpy(rec + 8, &name_len, 4);
        std::memcpy(rec + 12, a.name, name_len);
      } else {  // PROV_ENUMALGS_EX
        const uint32_t long_len = static_cast<uint32_t>(std::strlen(a.long_name) + 1);
        const uint32_t v[] = {a.algid, a.default_len, a.min_len, a.max_len, a.protocols, name_len};
        std::memcpy(rec, v, sizeof v);
        std::memcpy(rec + 24, a.name, name_len);
        std::memcpy(rec + 44, &long_len, 4);
        std::memcpy(rec + 48, a.long_name, long_len);
      }
      return copy_param(p, buf, size, rec, need);
    }
    default: return fail_nte(p, NTE_BAD_TYPE);
  }
}

// (PP_KEYSET_SEC_DESCR, a container's security descriptor, is not provided: a container's file is
// the user's alone, whatever descriptor a program would set.)
BOOL CryptSetProvParam(WindowsProcess& p, Ptr h, uint32_t param, Ptr data, uint32_t flags) {
  // PP_CLIENT_HWND: the window a provider's dialogs would belong to. These providers show none
  // (their keys are not protected by a password), so it is only noted: any handle, even none.
  if (param == PP_CLIENT_HWND) {
    if (!data) return fail(p, ERROR_INVALID_PARAMETER);
    return TRUE;
  }
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto c = find_prov(h.addr);
  if (!c) return fail(p, ERROR_INVALID_PARAMETER);
  (void)flags;
  return fail_nte(p, NTE_BAD_TYPE);
}

}  // namespace

}  // namespace polyrun::shims::capi

namespace polyrun::shims {

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_crypt_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CryptAcquireContextA", capi::CryptAcquireContextA),
      EXPORT("CryptAcquireContextW", capi::CryptAcquireContextW),
      EXPORT("CryptReleaseContext", capi::CryptReleaseContext),
      EXPORT("CryptContextAddRef", capi::CryptContextAddRef),
      EXPORT("CryptGenRandom", capi::CryptGenRandom),
      EXPORT("CryptEnumProvidersA", capi::CryptEnumProvidersA),
      EXPORT("CryptEnumProvidersW", capi::CryptEnumProvidersW),
      EXPORT("CryptEnumProviderTypesA", capi::CryptEnumProviderTypesA),
      EXPORT("CryptEnumProviderTypesW", capi::CryptEnumProviderTypesW),
      EXPORT("CryptGetDefaultProviderA", capi::CryptGetDefaultProviderA),
      EXPORT("CryptGetDefaultProviderW", capi::CryptGetDefaultProviderW),
      EXPORT("CryptSetProviderExA", capi::CryptSetProviderExA),
      EXPORT("CryptSetProviderExW", capi::CryptSetProviderExW),
      EXPORT("CryptSetProviderA", capi::CryptSetProviderA),
      EXPORT("CryptSetProviderW", capi::CryptSetProviderW),
      EXPORT("CryptGetProvParam", capi::CryptGetProvParam),
      EXPORT("CryptSetProvParam", capi::CryptSetProvParam),
  };
  return exports;
}

}  // namespace polyrun::shims
