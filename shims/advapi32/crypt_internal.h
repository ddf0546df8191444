// What the CryptoAPI's files (advapi32/crypt*.cpp) share: wincrypt.h's numbers, the providers'
// algorithm entries, the objects behind the handles (keys, key containers, hashes) and the table
// of handles, and the functions each file has for the others.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/machine_identity.h"
#include "shims/core/guest_call_mutex.h"
#include "shims/crypto/algorithms.h"
#include "shims/core/hresult.h"
#include "shims/core/shim.h"

namespace polyrun::shims {
}

namespace polyrun::shims::capi {

using crypto::Bytes;
using crypto::CipherKind;
using crypto::HashKind;
using crypto::RsaKey;

constexpr uint32_t kMoreData = 234;  // ERROR_MORE_DATA

// ---- algorithm identifiers (wincrypt.h) ----
constexpr uint32_t CALG_MD2 = 0x8001, CALG_MD4 = 0x8002, CALG_MD5 = 0x8003, CALG_SHA1 = 0x8004, CALG_MAC = 0x8005,
                   CALG_SSL3_SHAMD5 = 0x8008, CALG_HMAC = 0x8009, CALG_SHA_256 = 0x800c, CALG_SHA_384 = 0x800d,
                   CALG_SHA_512 = 0x800e, CALG_RC2 = 0x6602, CALG_RC4 = 0x6801, CALG_DES = 0x6601,
                   CALG_3DES_112 = 0x6609, CALG_3DES = 0x6603, CALG_AES = 0x6611, CALG_AES_128 = 0x660e,
                   CALG_AES_192 = 0x660f, CALG_AES_256 = 0x6610, CALG_RSA_SIGN = 0x2400, CALG_RSA_KEYX = 0xa400;
constexpr uint32_t AT_KEYEXCHANGE = 1, AT_SIGNATURE = 2;
constexpr uint32_t kAlgClassMask = 7u << 13, kAlgClassDataEncrypt = 3u << 13, kAlgTypeMask = 15u << 9,
                   kAlgTypeBlock = 3u << 9, kAlgTypeStream = 4u << 9, kAlgTypeRsa = 2u << 9;
constexpr uint32_t CRYPT_EXPORTABLE = 1, CRYPT_CREATE_SALT = 4, CRYPT_NO_SALT = 0x10;
constexpr uint32_t CRYPT_NEWKEYSET = 8, CRYPT_DELETEKEYSET = 0x10, CRYPT_MACHINE_KEYSET = 0x20,
                   CRYPT_VERIFYCONTEXT = 0xf0000000u;
constexpr uint32_t CRYPT_ENCRYPT = 1, CRYPT_DECRYPT = 2, CRYPT_EXPORT = 4, CRYPT_READ = 8, CRYPT_WRITE = 0x10, CRYPT_MAC = 0x20;
constexpr uint32_t CRYPT_MODE_CBC = 1, CRYPT_MODE_ECB = 2, CRYPT_MODE_CFB = 4;
constexpr uint32_t CRYPT_NOHASHOID = 1, CRYPT_IPSEC_HMAC_KEY = 0x100;
constexpr uint8_t SIMPLEBLOB = 1, PUBLICKEYBLOB = 6, PRIVATEKEYBLOB = 7, PLAINTEXTKEYBLOB = 8, CUR_BLOB_VERSION = 2;
constexpr uint32_t kMagicRsa1 = 0x31415352, kMagicRsa2 = 0x32415352;  // "RSA1", "RSA2"
constexpr uint32_t PROV_RSA_FULL = 1, PROV_RSA_AES = 24;

// ---- the providers ----

enum Personality { kBase, kStrong, kEnhanced, kAesProv };

struct AlgInfo {
  uint32_t algid, default_len, min_len, max_len, protocols;
  const char* name;
  const char* long_name;
};
constexpr uint32_t kSigning = 0x20;  // CRYPT_FLAG_SIGNING
constexpr uint32_t kIpsec = 0x10;    // CRYPT_FLAG_IPSEC
struct Provider {
  const char* name;
  uint32_t type;
  Personality personality;
};
// ---- objects ----

struct Key {
  uint32_t algid = 0;
  uint32_t key_len = 0;  // bytes of key (DES: 8, 3DES: 24, two-key 3DES: 16)
  uint32_t salt_len = 0;
  uint32_t effective_bits = 0;  // RC2 (KP_EFFECTIVE_KEYLEN); 0: the key's length
  uint32_t block_len = 0;       // bytes; RSA: the modulus'
  uint32_t mode = 0, mode_bits = 0, permissions = 0;
  uint8_t value[64] = {};  // the key, then its salt
  Bytes hmac_key;          // an HMAC key longer than 64 bytes, hashed once its hash is known
  uint8_t iv[16] = {}, chain[16] = {};
  std::unique_ptr<crypto::Cipher> cipher;
  std::shared_ptr<RsaKey> rsa;
};

struct Container {
  Personality personality = kEnhanced;
  std::string provider_name;
  std::string name;  // empty for a verification context
  uint32_t flags = 0;
  bool verify = false;
  std::shared_ptr<Key> exchange, signature;
  size_t enum_algs = 0, enum_containers = 0;
  std::vector<std::string> enumerated;  // PP_ENUMCONTAINERS' list, taken at CRYPT_FIRST
  unsigned refs = 1;
};

struct HashObject {
  uint32_t algid = 0;
  uint64_t prov = 0;
  std::shared_ptr<Key> key;  // HMAC's and MAC's
  uint32_t size = 0;
  bool finished = false;
  std::optional<crypto::Hash> hash;  // the inner hash of an HMAC
  uint8_t value[64] = {};
  // HMAC: the hash and the outer string (the key folded in); the inner went into `hash`.
  HashKind hmac_kind = HashKind::Sha1;
  Bytes outer;
  bool hmac_ready = false;
  // CALG_MAC: the chain and what waits for a whole block.
  Bytes mac_chain, mac_pending;
};

struct KeyHandle {
  uint64_t prov;
  std::shared_ptr<Key> key;
};

struct State {
  GuestCallMutex mutex;
  uint64_t next = 0x7c10;
  std::map<uint64_t, std::shared_ptr<Container>> provs;
  std::map<uint64_t, KeyHandle> keys;
  std::map<uint64_t, std::shared_ptr<HashObject>> hashes;
  uint64_t handle() { return next += 0x10; }
};

// advapi32/crypt.cpp:
const AlgInfo* alg_info(Personality p, uint32_t algid);
std::optional<HashKind> hash_kind(uint32_t algid);
State& state();
BOOL copy_param(WindowsProcess& p, Ptr buf, Ptr size, const void* data, uint32_t n);
BOOL copy_dword(WindowsProcess& p, Ptr buf, Ptr size, uint32_t v);
BOOL fail_nte(WindowsProcess& p, HRESULT e);
Bytes reversed(Bytes b);
std::shared_ptr<Container> find_prov(uint64_t h);
KeyHandle* find_key(uint64_t h);
std::shared_ptr<HashObject> find_hash(uint64_t h);
uint64_t add_key(uint64_t prov, std::shared_ptr<Key> k);

// advapi32/crypt_containers.cpp:
std::string container_path(const std::string& name, uint32_t flags);
void put32(Bytes& b, uint32_t v);
bool store_container(const Container& c);
std::shared_ptr<Container> load_container(const std::string& name, uint32_t flags, Personality pers);
std::vector<std::string> stored_container_names(uint32_t flags);

// advapi32/crypt_keys.cpp:
void setup(Key& k);
Bytes le_number(const uint8_t* at, size_t n);
Bytes private_blob(const Key& k);
std::shared_ptr<Key> key_from_blob(const uint8_t* blob, size_t n, Personality pers, HRESULT& error);

// advapi32/crypt_hashes.cpp:
void finish_hash(HashObject& h);
BOOL hash_data(WindowsProcess& p, HashObject& h, const uint8_t* data, size_t n);

}  // namespace polyrun::shims::capi
