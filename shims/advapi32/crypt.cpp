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

namespace polyrun::shims {

std::string advapi32_user_name();  // advapi32/advapi32.cpp

std::string crypto_store_directory(const std::string& under) {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const std::string dir = (xdg && *xdg == '/' ? std::string(xdg) : host_home_directory() + "/.local/share") +
                          "/polyrun/crypto/" + under;
  // Each directory on the way, as `mkdir -p` makes them (the XDG base directories' mode: 0700).
  for (size_t slash = dir.find('/', 1); slash != std::string::npos; slash = dir.find('/', slash + 1))
    ::mkdir(dir.substr(0, slash).c_str(), 0700);
  ::mkdir(dir.c_str(), 0700);
  return dir;
}

std::string crypto_file_name(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    c = static_cast<unsigned char>(std::tolower(c));
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ' ') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02x", c);
      out += hex;
    }
  }
  if (out.empty() || out[0] == '.') out = "%" + out;
  return out;
}

bool crypto_write_file(const std::string& path, const std::vector<uint8_t>& data) {
  const std::string tmp = path + ".new";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  if (done != data.size() || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

std::optional<std::vector<uint8_t>> crypto_read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  const std::string text = s.str();
  return std::vector<uint8_t>(text.begin(), text.end());
}

namespace capi {
namespace {

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

struct Provider {
  const char* name;
  uint32_t type;
  Personality personality;
};
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

// ---- key containers on disk ----

std::string container_dir(uint32_t flags) { return crypto_store_directory(flags & CRYPT_MACHINE_KEYSET ? "RSA/machine" : "RSA/user"); }
std::string container_path(const std::string& name, uint32_t flags) { return container_dir(flags) + "/" + crypto_file_name(name); }

Bytes private_blob(const Key& k);
std::shared_ptr<Key> key_from_blob(const uint8_t* blob, size_t n, Personality pers, HRESULT& error);

void put32(Bytes& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
uint32_t get32(const Bytes& b, size_t& at) {
  if (at + 4 > b.size()) {
    at = b.size() + 1;
    return 0;
  }
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(b[at + i]) << (8 * i);
  at += 4;
  return v;
}

// "PRC1", the name, then the exchange and signature pairs: permissions, a blob's size, the blob.
bool store_container(const Container& c) {
  if (c.verify) return true;
  Bytes out = {'P', 'R', 'C', '1'};
  put32(out, static_cast<uint32_t>(c.name.size()));
  out.insert(out.end(), c.name.begin(), c.name.end());
  for (const auto* k : {&c.exchange, &c.signature}) {
    Bytes blob = *k ? private_blob(**k) : Bytes();
    put32(out, *k ? (*k)->permissions : 0);
    put32(out, static_cast<uint32_t>(blob.size()));
    out.insert(out.end(), blob.begin(), blob.end());
  }
  return crypto_write_file(container_path(c.name, c.flags), out);
}

// The stored container of that name, or nullptr when there is none.
std::shared_ptr<Container> load_container(const std::string& name, uint32_t flags, Personality pers) {
  auto data = crypto_read_file(container_path(name, flags));
  if (!data || data->size() < 8 || std::memcmp(data->data(), "PRC1", 4) != 0) return nullptr;
  auto c = std::make_shared<Container>();
  size_t at = 4;
  uint32_t n = get32(*data, at);
  if (at + n > data->size()) return nullptr;
  c->name.assign(data->begin() + static_cast<long>(at), data->begin() + static_cast<long>(at + n));
  at += n;
  for (auto* k : {&c->exchange, &c->signature}) {
    uint32_t perms = get32(*data, at), size = get32(*data, at);
    if (at + size > data->size()) break;
    if (size) {
      HRESULT e = 0;
      *k = key_from_blob(data->data() + at, size, pers, e);
      if (*k) (*k)->permissions = perms;
    }
    at += size;
  }
  return c;
}

std::vector<std::string> stored_container_names(uint32_t flags) {
  std::vector<std::string> names;
  const std::string dir = container_dir(flags);
  std::vector<std::string> files;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d))
      if (e->d_name[0] != '.' && !std::strstr(e->d_name, ".new")) files.push_back(e->d_name);
    ::closedir(d);
  }
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    auto data = crypto_read_file(dir + "/" + f);
    if (!data || data->size() < 8 || std::memcmp(data->data(), "PRC1", 4) != 0) continue;
    size_t at = 4;
    uint32_t n = get32(*data, at);
    if (at + n <= data->size()) names.emplace_back(data->begin() + static_cast<long>(at), data->begin() + static_cast<long>(at + n));
  }
  return names;
}

// ---- keys ----

// Sets the cipher up again from the key (what Windows does after a final block and on KP_IV).
void setup(Key& k) {
  std::memcpy(k.chain, k.iv, sizeof k.chain);
  const uint32_t n = k.key_len + k.salt_len;
  switch (k.algid) {
    case CALG_AES: case CALG_AES_128: case CALG_AES_192: case CALG_AES_256:
      k.cipher = crypto::Cipher::make(CipherKind::Aes, k.value, k.key_len);
      break;
    case CALG_DES: k.cipher = crypto::Cipher::make(CipherKind::Des, k.value, 8); break;
    case CALG_3DES_112: k.cipher = crypto::Cipher::make(CipherKind::Des3, k.value, 16); break;
    case CALG_3DES: k.cipher = crypto::Cipher::make(CipherKind::Des3, k.value, 24); break;
    case CALG_RC2: k.cipher = crypto::Cipher::make(CipherKind::Rc2, k.value, n, k.effective_bits ? k.effective_bits : k.key_len * 8); break;
    case CALG_RC4: k.cipher = crypto::Cipher::make(CipherKind::Rc4, k.value, n); break;
    default: break;
  }
}

// A key of `algid` whose length (bits) is flags' upper half or the provider's default; not yet
// holding a value. NTE_BAD_ALGID for what the provider lacks, NTE_BAD_FLAGS or NTE_BAD_DATA for
// a length it does not take.
std::shared_ptr<Key> new_key(Personality pers, uint32_t algid, uint32_t flags, HRESULT& error) {
  const AlgInfo* info = alg_info(pers, algid);
  if (!info) {
    error = NTE_BAD_ALGID;
    return nullptr;
  }
  uint32_t bits = flags >> 16;
  if (!bits) bits = info->default_len;
  switch (algid) {
    case CALG_DES:
      if (bits == 56) bits = 64;
      if (bits != 64) error = NTE_BAD_FLAGS;
      break;
    case CALG_3DES_112:
      if (bits == 112) bits = 128;
      if (bits != 128) error = NTE_BAD_FLAGS;
      break;
    case CALG_3DES:
      if (bits == 168) bits = 192;
      if (bits != 192) error = NTE_BAD_FLAGS;
      break;
    case CALG_HMAC: break;
    default:
      if (bits % 8 || bits > info->max_len || bits < info->min_len) error = NTE_BAD_DATA;
  }
  if (error) return nullptr;
  auto k = std::make_shared<Key>();
  k->algid = algid;
  k->key_len = bits / 8;
  k->permissions = CRYPT_ENCRYPT | CRYPT_DECRYPT | CRYPT_READ | CRYPT_WRITE | CRYPT_MAC;
  if (flags & CRYPT_EXPORTABLE) k->permissions |= CRYPT_EXPORT;
  // A 40-bit key takes 11 bytes of salt (zeros until set) unless CRYPT_NO_SALT says otherwise.
  if ((flags & CRYPT_CREATE_SALT) || (bits == 40 && !(flags & CRYPT_NO_SALT))) k->salt_len = 16 - k->key_len;
  switch (algid) {
    case CALG_RC2: case CALG_DES: case CALG_3DES_112: case CALG_3DES:
      k->block_len = 8;
      k->mode = CRYPT_MODE_CBC;
      break;
    case CALG_AES: case CALG_AES_128: case CALG_AES_192: case CALG_AES_256:
      k->block_len = 16;
      k->mode = CRYPT_MODE_CBC;
      break;
    case CALG_RSA_KEYX: case CALG_RSA_SIGN: k->block_len = bits / 8; break;
    default: break;
  }
  return k;
}

// RSA numbers in a CryptoAPI blob: little-endian, `n` bytes from `at`.
Bytes le_number(const uint8_t* at, size_t n) { return reversed(Bytes(at, at + n)); }
void append_le(Bytes& out, const Bytes& be) { out.insert(out.end(), be.rbegin(), be.rend()); }

Bytes blob_header(uint8_t type, uint32_t algid) {
  Bytes b = {type, CUR_BLOB_VERSION, 0, 0};
  put32(b, algid);
  return b;
}

Bytes public_blob(const Key& k) {
  Bytes b = blob_header(PUBLICKEYBLOB, k.algid);
  put32(b, kMagicRsa1);
  put32(b, k.key_len * 8);
  put32(b, k.rsa->exponent32());
  append_le(b, k.rsa->n(k.key_len));
  return b;
}

Bytes private_blob(const Key& k) {
  const size_t half = (k.key_len + 1) / 2;
  Bytes b = blob_header(PRIVATEKEYBLOB, k.algid);
  put32(b, kMagicRsa2);
  put32(b, k.key_len * 8);
  put32(b, k.rsa->exponent32());
  append_le(b, k.rsa->n(k.key_len));
  append_le(b, k.rsa->p(half));
  append_le(b, k.rsa->q(half));
  append_le(b, k.rsa->dp(half));
  append_le(b, k.rsa->dq(half));
  append_le(b, k.rsa->qinv(half));
  append_le(b, k.rsa->d(k.key_len));
  return b;
}

Bytes be32(uint32_t v) { return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)}; }

// A PUBLICKEYBLOB's or PRIVATEKEYBLOB's RSA key.
std::shared_ptr<Key> key_from_blob(const uint8_t* blob, size_t n, Personality pers, HRESULT& error) {
  if (n < 20) {
    error = NTE_BAD_DATA;
    return nullptr;
  }
  uint32_t algid, magic, bitlen, pubexp;
  std::memcpy(&algid, blob + 4, 4);
  std::memcpy(&magic, blob + 8, 4);
  std::memcpy(&bitlen, blob + 12, 4);
  std::memcpy(&pubexp, blob + 16, 4);
  const bool priv = blob[0] == PRIVATEKEYBLOB;
  const size_t len = bitlen / 8, half = (bitlen + 15) / 16;
  if (magic != (priv ? kMagicRsa2 : kMagicRsa1) || n < 20 + (priv ? 2 * len + 5 * half : len)) {
    error = NTE_BAD_DATA;
    return nullptr;
  }
  if (algid == AT_SIGNATURE) algid = CALG_RSA_SIGN;
  if (algid == AT_KEYEXCHANGE) algid = CALG_RSA_KEYX;
  auto k = new_key(pers, algid, bitlen << 16, error);
  if (!k) return nullptr;
  if (algid != CALG_RSA_SIGN && algid != CALG_RSA_KEYX) {
    error = NTE_BAD_ALGID;
    return nullptr;
  }
  const uint8_t* at = blob + 20;
  const Bytes mod = le_number(at, len);
  if (priv) {
    const uint8_t* q = at + len;
    k->rsa = RsaKey::from_private(mod, be32(pubexp), le_number(q, half), le_number(q + half, half),
                                  le_number(q + 2 * half, half), le_number(q + 3 * half, half),
                                  le_number(q + 4 * half, half), le_number(q + 5 * half, len));
  } else {
    k->rsa = RsaKey::from_public(mod, be32(pubexp));
  }
  if (!k->rsa) {
    error = NTE_BAD_DATA;
    return nullptr;
  }
  return k;
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
  std::string name = container && !container->empty() ? *container : advapi32_user_name();
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

std::optional<std::string> opt_a(CStr s) { return s.addr ? std::optional<std::string>(s.str()) : std::nullopt; }
std::optional<std::string> opt_w(WStr s) {
  return s.addr ? std::optional<std::string>(utf16_to_utf8(s.str())) : std::nullopt;
}

BOOL CryptAcquireContextA(WindowsProcess& p, Ptr out, CStr container, CStr provider, uint32_t type, uint32_t flags) {
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
    case PP_UNIQUE_CONTAINER:
      return copy_param(p, buf, size, c->name.c_str(), static_cast<uint32_t>(c->name.size() + 1));
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
      const std::string& n = c->enumerated[c->enum_containers];
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

// ---- hashes ----

void finish_hash(HashObject& h);

BOOL CryptCreateHash(WindowsProcess& p, Ptr prov, uint32_t algid, Ptr key, uint32_t flags, Ptr out) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto c = find_prov(prov.addr);
  KeyHandle* k = key ? find_key(key.addr) : nullptr;
  if (!c || !out || (key && !k)) return fail(p, ERROR_INVALID_PARAMETER);
  const AlgInfo* info = alg_info(c->personality, algid);
  if (!info) return fail_nte(p, NTE_BAD_ALGID);
  if (flags) return fail_nte(p, NTE_BAD_FLAGS);
  auto h = std::make_shared<HashObject>();
  h->algid = algid;
  h->prov = prov.addr;
  h->size = info->default_len / 8;
  if (algid == CALG_HMAC || algid == CALG_MAC) {
    if (!k) return fail_nte(p, NTE_BAD_KEY);
    if (algid == CALG_MAC && (k->key->algid & kAlgTypeMask) != kAlgTypeBlock) return fail_nte(p, NTE_BAD_KEY);
    h->key = k->key;
    if (algid == CALG_MAC) {
      h->size = k->key->block_len;
      h->mac_chain.assign(k->key->iv, k->key->iv + k->key->block_len);
    }
  } else if (auto kind = hash_kind(algid)) {
    h->hash.emplace(*kind);
  }
  uint64_t handle = state().handle();
  state().hashes[handle] = h;
  p.put_ptr(out.addr, handle);
  return TRUE;
}

void mac_blocks(HashObject& h, bool final) {
  Key& k = *h.key;
  const size_t b = k.block_len;
  if (final) {
    const size_t pad = b - h.mac_pending.size() % b;
    h.mac_pending.insert(h.mac_pending.end(), pad, static_cast<uint8_t>(pad));
  }
  auto cipher = crypto::Cipher::make(k.algid == CALG_RC2 ? CipherKind::Rc2 : k.algid == CALG_DES ? CipherKind::Des
                                     : (k.algid == CALG_3DES || k.algid == CALG_3DES_112) ? CipherKind::Des3 : CipherKind::Aes,
                                     k.value, k.algid == CALG_3DES_112 ? 16 : k.key_len + (k.algid == CALG_RC2 ? k.salt_len : 0),
                                     k.algid == CALG_RC2 ? (k.effective_bits ? k.effective_bits : k.key_len * 8) : 0);
  size_t at = 0;
  for (; at + b <= h.mac_pending.size(); at += b) {
    uint8_t block[16];
    for (size_t i = 0; i < b; ++i) block[i] = h.mac_pending[at + i] ^ h.mac_chain[i];
    cipher->encrypt_block(block, h.mac_chain.data());
  }
  h.mac_pending.erase(h.mac_pending.begin(), h.mac_pending.begin() + static_cast<long>(at));
}

void update_hash(HashObject& h, const uint8_t* data, size_t n) {
  if (h.algid == CALG_HMAC) {
    if (h.hmac_ready) h.hash->update(data, n);
  } else if (h.algid == CALG_MAC) {
    h.mac_pending.insert(h.mac_pending.end(), data, data + n);
    mac_blocks(h, false);
  } else if (h.hash) {
    h.hash->update(data, n);
  }
}

void finish_hash(HashObject& h) {
  if (h.finished) return;
  h.finished = true;
  if (h.algid == CALG_HMAC) {
    if (!h.hmac_ready) return;
    Bytes inner = h.hash->finish();
    crypto::Hash outer(h.hmac_kind);
    outer.update(h.outer.data(), h.outer.size());
    outer.update(inner.data(), inner.size());
    Bytes v = outer.finish();
    std::memcpy(h.value, v.data(), v.size());
  } else if (h.algid == CALG_MAC) {
    mac_blocks(h, true);
    std::memcpy(h.value, h.mac_chain.data(), h.mac_chain.size());
  } else if (h.hash) {
    Bytes v = h.hash->finish();
    std::memcpy(h.value, v.data(), v.size());
  }
}

BOOL hash_data(WindowsProcess& p, HashObject& h, const uint8_t* data, size_t n) {
  if (h.algid == CALG_SSL3_SHAMD5) return fail_nte(p, NTE_BAD_ALGID);  // its value is set, not computed
  if (h.finished) return fail_nte(p, NTE_BAD_HASH_STATE);
  update_hash(h, data, n);
  return TRUE;
}

BOOL CryptHashData(WindowsProcess& p, Ptr hash, Ptr data, uint32_t len, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto h = find_hash(hash.addr);
  if (!h) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & ~1u) return fail_nte(p, NTE_BAD_FLAGS);  // (CRYPT_USERDATA: the data is the caller's)
  return hash_data(p, *h, len ? static_cast<const uint8_t*>(guest_pointer(data.addr)) : nullptr, len);
}

BOOL CryptHashSessionKey(WindowsProcess& p, Ptr hash, Ptr key, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto h = find_hash(hash.addr);
  KeyHandle* k = find_key(key.addr);
  if (!h || !k) return fail(p, ERROR_INVALID_PARAMETER);
  if ((k->key->algid & kAlgClassMask) != kAlgClassDataEncrypt) return fail_nte(p, NTE_BAD_KEY);
  if (flags & ~1u) return fail_nte(p, NTE_BAD_FLAGS);
  Bytes v(k->key->value, k->key->value + k->key->key_len);
  if (!(flags & 1)) std::reverse(v.begin(), v.end());  // big-endian unless CRYPT_LITTLE_ENDIAN
  return hash_data(p, *h, v.data(), v.size());
}

constexpr uint32_t HP_ALGID = 1, HP_HASHVAL = 2, HP_HASHSIZE = 4, HP_HMAC_INFO = 5;

BOOL CryptGetHashParam(WindowsProcess& p, Ptr hash, uint32_t param, Ptr buf, Ptr size, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto h = find_hash(hash.addr);
  if (!h) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags) return fail_nte(p, NTE_BAD_FLAGS);
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  switch (param) {
    case HP_ALGID: return copy_dword(p, buf, size, h->algid);
    case HP_HASHSIZE: return copy_dword(p, buf, size, h->size);
    case HP_HASHVAL:
      if (!buf) {
        put<uint32_t>(size.addr, h->size);
        return TRUE;
      }
      finish_hash(*h);
      return copy_param(p, buf, size, h->value, h->size);
    default: return fail_nte(p, NTE_BAD_TYPE);
  }
}

BOOL CryptSetHashParam(WindowsProcess& p, Ptr hash, uint32_t param, Ptr data, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto h = find_hash(hash.addr);
  if (!h) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags) return fail_nte(p, NTE_BAD_FLAGS);
  switch (param) {
    case HP_HMAC_INFO: {
      if (h->algid != CALG_HMAC || !h->key) return fail_nte(p, NTE_BAD_TYPE);
      if (!data) return fail(p, ERROR_INVALID_PARAMETER);
      // HMAC_INFO: HashAlgid; pbInnerString, cbInnerString; pbOuterString, cbOuterString.
      const unsigned w = p.isa->ptr;
      const uint32_t algid = get<uint32_t>(data.addr);
      const uint64_t inner_at = p.get_ptr(data.addr + w), outer_at = p.get_ptr(data.addr + 3 * w);
      const uint32_t inner_n = get<uint32_t>(data.addr + 2 * w), outer_n = get<uint32_t>(data.addr + 4 * w);
      auto kind = hash_kind(algid);
      auto c = find_prov(h->prov);
      if (!kind || !c || !alg_info(c->personality, algid)) return fail_nte(p, NTE_BAD_ALGID);
      Bytes inner = inner_n ? Bytes(static_cast<const uint8_t*>(guest_pointer(inner_at)),
                                    static_cast<const uint8_t*>(guest_pointer(inner_at)) + inner_n)
                            : Bytes(64, 0x36);
      Bytes outer = outer_n ? Bytes(static_cast<const uint8_t*>(guest_pointer(outer_at)),
                                    static_cast<const uint8_t*>(guest_pointer(outer_at)) + outer_n)
                            : Bytes(64, 0x5c);
      Key& k = *h->key;
      // A key longer than a block was kept whole: HMAC keys it by its hash.
      Bytes key(k.value, k.value + k.key_len);
      if (!k.hmac_key.empty()) key = crypto::digest(*kind, k.hmac_key.data(), k.hmac_key.size());
      for (size_t i = 0; i < std::min(key.size(), inner.size()); ++i) inner[i] ^= key[i];
      for (size_t i = 0; i < std::min(key.size(), outer.size()); ++i) outer[i] ^= key[i];
      h->hmac_kind = *kind;
      h->hash.emplace(*kind);
      h->hash->update(inner.data(), inner.size());
      h->outer = std::move(outer);
      h->size = static_cast<uint32_t>(h->hash->size());
      h->hmac_ready = true;
      h->finished = false;
      return TRUE;
    }
    case HP_HASHVAL:
      if (!data) return fail(p, ERROR_INVALID_PARAMETER);
      std::memcpy(h->value, guest_pointer(data.addr), h->size);
      h->finished = true;
      return TRUE;
    default: return fail_nte(p, NTE_BAD_TYPE);
  }
}

BOOL CryptDestroyHash(WindowsProcess& p, Ptr hash) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  if (!state().hashes.erase(hash.addr)) return fail(p, ERROR_INVALID_PARAMETER);
  return TRUE;
}

BOOL CryptDuplicateHash(WindowsProcess& p, Ptr hash, Ptr reserved, uint32_t flags, Ptr out) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto h = find_hash(hash.addr);
  if (!h || !out || reserved || flags) return fail(p, ERROR_INVALID_PARAMETER);
  uint64_t handle = state().handle();
  state().hashes[handle] = std::make_shared<HashObject>(*h);
  p.put_ptr(out.addr, handle);
  return TRUE;
}

// ---- keys ----

BOOL CryptGenKey(WindowsProcess& p, Ptr prov, uint32_t algid, uint32_t flags, Ptr out) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto c = find_prov(prov.addr);
  if (!c || !out) return fail(p, ERROR_INVALID_PARAMETER);
  HRESULT e = 0;
  std::shared_ptr<Key> k;
  if (algid == AT_SIGNATURE || algid == CALG_RSA_SIGN || algid == AT_KEYEXCHANGE || algid == CALG_RSA_KEYX) {
    const bool sig = algid == AT_SIGNATURE || algid == CALG_RSA_SIGN;
    k = new_key(c->personality, sig ? CALG_RSA_SIGN : CALG_RSA_KEYX, flags, e);
    if (!k) return fail_nte(p, e);
    k->rsa = RsaKey::generate(k->key_len * 8);
    if (!k->rsa) return fail_nte(p, NTE_FAIL);
    (sig ? c->signature : c->exchange) = k;
    store_container(*c);
  } else {
    switch (algid) {
      case CALG_RC2: case CALG_RC4: case CALG_DES: case CALG_3DES_112: case CALG_3DES:
      case CALG_AES: case CALG_AES_128: case CALG_AES_192: case CALG_AES_256: break;
      default: return fail_nte(p, NTE_BAD_ALGID);
    }
    k = new_key(c->personality, algid, flags, e);
    if (!k) return fail_nte(p, e);
    crypto::random_fill(k->value, k->key_len);
    setup(*k);
  }
  p.put_ptr(out.addr, add_key(prov.addr, k));
  return TRUE;
}

BOOL CryptDeriveKey(WindowsProcess& p, Ptr prov, uint32_t algid, Ptr hash, uint32_t flags, Ptr out) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto c = find_prov(prov.addr);
  auto h = find_hash(hash.addr);
  if (!c || !h || !out) return fail(p, ERROR_INVALID_PARAMETER);
  if ((algid & kAlgClassMask) != kAlgClassDataEncrypt) return fail_nte(p, NTE_BAD_ALGID);
  HRESULT e = 0;
  auto k = new_key(c->personality, algid, flags, e);
  if (!k) return fail_nte(p, e);
  finish_hash(*h);
  Bytes v(h->value, h->value + h->size);
  // The key is the hash's first bytes, but for a hash shorter than the key, and for a 3DES or AES
  // key from a hash not of the SHA-2 family: then, as CryptDeriveKey's documentation says, the
  // hash is XORed into 64 bytes of 0x36 and of 0x5c, each of those hashed, the two results joined.
  const bool sha2 = h->algid == CALG_SHA_256 || h->algid == CALG_SHA_384 || h->algid == CALG_SHA_512;
  const bool des3_or_aes = algid == CALG_3DES || algid == CALG_3DES_112 || algid == CALG_AES || algid == CALG_AES_128 ||
                           algid == CALG_AES_192 || algid == CALG_AES_256;
  if ((v.size() < k->key_len || (des3_or_aes && !sha2)) && h->hash) {
    uint8_t pad1[64], pad2[64];
    for (size_t i = 0; i < 64; ++i) {
      pad1[i] = 0x36 ^ (i < v.size() ? v[i] : 0);
      pad2[i] = 0x5c ^ (i < v.size() ? v[i] : 0);
    }
    Bytes a = crypto::digest(h->hash->kind(), pad1, 64), b = crypto::digest(h->hash->kind(), pad2, 64);
    v = a;
    v.insert(v.end(), b.begin(), b.end());
  }
  std::memcpy(k->value, v.data(), std::min<size_t>(k->key_len, std::min<size_t>(v.size(), sizeof k->value)));
  setup(*k);
  p.put_ptr(out.addr, add_key(prov.addr, k));
  return TRUE;
}

BOOL CryptGetUserKey(WindowsProcess& p, Ptr prov, uint32_t spec, Ptr out) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto c = find_prov(prov.addr);
  if (!c || !out) return fail(p, ERROR_INVALID_PARAMETER);
  std::shared_ptr<Key> k = spec == AT_KEYEXCHANGE ? c->exchange : spec == AT_SIGNATURE ? c->signature : nullptr;
  if (!k) return fail_nte(p, NTE_NO_KEY);
  p.put_ptr(out.addr, add_key(prov.addr, k));
  return TRUE;
}

BOOL CryptDestroyKey(WindowsProcess& p, Ptr key) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  if (!state().keys.erase(key.addr)) return fail(p, ERROR_INVALID_PARAMETER);
  return TRUE;
}

BOOL CryptDuplicateKey(WindowsProcess& p, Ptr key, Ptr reserved, uint32_t flags, Ptr out) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  KeyHandle* k = find_key(key.addr);
  if (!k || !out || reserved || flags) return fail(p, ERROR_INVALID_PARAMETER);
  auto copy = std::make_shared<Key>();
  const Key& src = *k->key;
  copy->algid = src.algid;
  copy->key_len = src.key_len;
  copy->salt_len = src.salt_len;
  copy->effective_bits = src.effective_bits;
  copy->block_len = src.block_len;
  copy->mode = src.mode;
  copy->mode_bits = src.mode_bits;
  copy->permissions = src.permissions;
  std::memcpy(copy->value, src.value, sizeof copy->value);
  copy->hmac_key = src.hmac_key;
  std::memcpy(copy->iv, src.iv, sizeof copy->iv);
  copy->rsa = src.rsa;
  setup(*copy);
  std::memcpy(copy->chain, src.chain, sizeof copy->chain);
  p.put_ptr(out.addr, add_key(k->prov, copy));
  return TRUE;
}

constexpr uint32_t KP_IV = 1, KP_SALT = 2, KP_PADDING = 3, KP_MODE = 4, KP_MODE_BITS = 5, KP_PERMISSIONS = 6, KP_ALGID = 7,
                   KP_BLOCKLEN = 8, KP_KEYLEN = 9, KP_SALT_EX = 10, KP_EFFECTIVE_KEYLEN = 19;

BOOL CryptGetKeyParam(WindowsProcess& p, Ptr key, uint32_t param, Ptr buf, Ptr size, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  KeyHandle* kh = find_key(key.addr);
  if (!kh || !size) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags) return fail_nte(p, NTE_BAD_FLAGS);
  const Key& k = *kh->key;
  switch (param) {
    case KP_IV: return copy_param(p, buf, size, k.iv, (k.algid & kAlgTypeMask) == kAlgTypeBlock ? k.block_len : 0);
    case KP_SALT:
      if (k.algid != CALG_RC2 && k.algid != CALG_RC4) return fail_nte(p, NTE_BAD_KEY);
      return copy_param(p, buf, size, k.value + k.key_len, k.salt_len);
    case KP_PADDING: return copy_dword(p, buf, size, 1);  // PKCS5_PADDING
    case KP_KEYLEN: return copy_dword(p, buf, size, k.key_len * 8);
    case KP_EFFECTIVE_KEYLEN: return copy_dword(p, buf, size, k.effective_bits ? k.effective_bits : k.key_len * 8);
    case KP_BLOCKLEN: return copy_dword(p, buf, size, k.block_len * 8);
    case KP_MODE: return copy_dword(p, buf, size, k.mode);
    case KP_MODE_BITS: return copy_dword(p, buf, size, k.mode_bits);
    case KP_PERMISSIONS: return copy_dword(p, buf, size, k.permissions);
    case KP_ALGID: return copy_dword(p, buf, size, k.algid);
    default: return fail_nte(p, NTE_BAD_TYPE);
  }
}

BOOL CryptSetKeyParam(WindowsProcess& p, Ptr key, uint32_t param, Ptr data, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  KeyHandle* kh = find_key(key.addr);
  if (!kh) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags) return fail_nte(p, NTE_BAD_FLAGS);
  Key& k = *kh->key;
  if (!data) return fail(p, ERROR_INVALID_PARAMETER);
  switch (param) {
    case KP_PADDING:  // the providers pad with PKCS #5 only
      if (get<uint32_t>(data.addr) != 1) return fail_nte(p, NTE_BAD_DATA);
      return TRUE;
    case KP_MODE: k.mode = get<uint32_t>(data.addr); return TRUE;
    case KP_MODE_BITS: k.mode_bits = get<uint32_t>(data.addr); return TRUE;
    case KP_PERMISSIONS: {
      uint32_t perms = get<uint32_t>(data.addr);
      if ((perms & CRYPT_EXPORT) && !(k.permissions & CRYPT_EXPORT)) return fail_nte(p, NTE_BAD_DATA);
      if (k.permissions & CRYPT_EXPORT) perms |= CRYPT_EXPORT;  // once exportable, always
      k.permissions = perms;
      return TRUE;
    }
    case KP_IV:
      std::memcpy(k.iv, guest_pointer(data.addr), std::min<size_t>(k.block_len, sizeof k.iv));
      setup(k);
      return TRUE;
    case KP_SALT:
      if (k.algid != CALG_RC2 && k.algid != CALG_RC4) return fail_nte(p, NTE_BAD_KEY);
      // The providers take eleven bytes of salt.
      std::memcpy(k.value + k.key_len, guest_pointer(data.addr), std::min<size_t>(11, sizeof k.value - k.key_len));
      k.salt_len = 11;
      setup(k);
      return TRUE;
    case KP_SALT_EX: {
      // CRYPT_INTEGER_BLOB: cbData, pbData.
      const uint32_t n = get<uint32_t>(data.addr);
      const uint64_t at = p.get_ptr(data.addr + p.isa->ptr);
      if (n > 24 || k.key_len + n > sizeof k.value) return fail_nte(p, NTE_BAD_DATA);
      if (n) std::memcpy(k.value + k.key_len, guest_pointer(at), n);
      k.salt_len = n;
      setup(k);
      return TRUE;
    }
    case KP_EFFECTIVE_KEYLEN: {
      if (k.algid != CALG_RC2) return fail_nte(p, NTE_BAD_TYPE);
      const uint32_t bits = get<uint32_t>(data.addr);
      if (!bits || bits > 1024) return fail_nte(p, NTE_BAD_DATA);
      k.effective_bits = bits;
      setup(k);
      return TRUE;
    }
    default: return fail_nte(p, NTE_BAD_TYPE);
  }
}

// ---- import and export ----

BOOL CryptExportKey(WindowsProcess& p, Ptr key, Ptr exp_key, uint32_t type, uint32_t flags, Ptr buf, Ptr size) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  KeyHandle* kh = find_key(key.addr);
  KeyHandle* eh = exp_key ? find_key(exp_key.addr) : nullptr;
  if (!kh || !size || (exp_key && !eh)) return fail(p, ERROR_INVALID_PARAMETER);
  const Key& k = *kh->key;
  const bool rsa = k.algid == CALG_RSA_KEYX || k.algid == CALG_RSA_SIGN;
  (void)flags;
  switch (static_cast<uint8_t>(type)) {
    case PUBLICKEYBLOB: {
      if (eh) return fail_nte(p, NTE_BAD_KEY);
      if (!rsa) return fail_nte(p, NTE_BAD_KEY);
      Bytes b = public_blob(k);
      return copy_param(p, buf, size, b.data(), static_cast<uint32_t>(b.size()));
    }
    case PRIVATEKEYBLOB: {
      if (!rsa || !k.rsa->has_private()) return fail_nte(p, NTE_BAD_KEY);
      if (!(k.permissions & CRYPT_EXPORT)) return fail_nte(p, NTE_BAD_KEY_STATE);
      if (eh) return fail_nte(p, NTE_BAD_KEY);  // (a private blob sealed with a session key: not provided)
      Bytes b = private_blob(k);
      return copy_param(p, buf, size, b.data(), static_cast<uint32_t>(b.size()));
    }
    case SIMPLEBLOB: {
      if (!eh || eh->key->algid != CALG_RSA_KEYX) return fail_nte(p, NTE_BAD_PUBLIC_KEY);
      if ((k.algid & kAlgClassMask) != kAlgClassDataEncrypt) return fail_nte(p, NTE_BAD_KEY);
      if (!(k.permissions & CRYPT_EXPORT)) return fail_nte(p, NTE_BAD_KEY_STATE);
      const Key& pub = *eh->key;
      const uint32_t n = 12 + pub.block_len;
      if (buf) {
        if (get<uint32_t>(size.addr) < n) {
          put<uint32_t>(size.addr, n);
          return fail(p, kMoreData);
        }
        auto sealed = pub.rsa->encrypt_pkcs1(Bytes(k.value, k.value + k.key_len));
        if (!sealed) return fail_nte(p, NTE_BAD_LEN);
        Bytes b = blob_header(SIMPLEBLOB, k.algid);
        put32(b, pub.algid);
        append_le(b, *sealed);
        std::memcpy(guest_pointer(buf.addr), b.data(), b.size());
      }
      put<uint32_t>(size.addr, n);
      return TRUE;
    }
    case PLAINTEXTKEYBLOB: {
      if (rsa || (k.algid & kAlgClassMask) != kAlgClassDataEncrypt) return fail_nte(p, NTE_BAD_KEY);
      if (!(k.permissions & CRYPT_EXPORT)) return fail_nte(p, NTE_BAD_KEY_STATE);
      Bytes b = blob_header(PLAINTEXTKEYBLOB, k.algid);
      put32(b, k.key_len);
      b.insert(b.end(), k.value, k.value + k.key_len);
      return copy_param(p, buf, size, b.data(), static_cast<uint32_t>(b.size()));
    }
    default: return fail_nte(p, NTE_BAD_TYPE);
  }
}

BOOL CryptImportKey(WindowsProcess& p, Ptr prov, Ptr data, uint32_t len, Ptr pub_key, uint32_t flags, Ptr out) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto c = find_prov(prov.addr);
  KeyHandle* ph = pub_key ? find_key(pub_key.addr) : nullptr;
  if (!c || !data || !out || (pub_key && !ph)) return fail(p, ERROR_INVALID_PARAMETER);
  const uint8_t* blob = static_cast<const uint8_t*>(guest_pointer(data.addr));
  if (len < 8 || blob[1] != CUR_BLOB_VERSION || blob[2] || blob[3]) return fail_nte(p, NTE_BAD_DATA);
  uint32_t algid;
  std::memcpy(&algid, blob + 4, 4);
  HRESULT e = 0;
  std::shared_ptr<Key> k;
  switch (blob[0]) {
    case PRIVATEKEYBLOB:
    case PUBLICKEYBLOB: {
      if (flags & CRYPT_IPSEC_HMAC_KEY) return fail_nte(p, NTE_BAD_FLAGS);
      k = key_from_blob(blob, len, c->personality, e);
      if (!k) return fail_nte(p, e);
      if (flags & CRYPT_EXPORTABLE) k->permissions |= CRYPT_EXPORT;
      // A key pair becomes the container's pair of its kind.
      if (blob[0] == PRIVATEKEYBLOB) {
        (k->algid == CALG_RSA_SIGN ? c->signature : c->exchange) = k;
        store_container(*c);
      }
      break;
    }
    case SIMPLEBLOB: {
      if (flags & CRYPT_IPSEC_HMAC_KEY) return fail_nte(p, NTE_BAD_FLAGS);
      if (!ph || ph->key->algid != CALG_RSA_KEYX || !ph->key->rsa->has_private()) return fail_nte(p, NTE_BAD_PUBLIC_KEY);
      const Key& pk = *ph->key;
      if (len < 12 + pk.block_len) return fail_nte(p, NTE_BAD_DATA);
      auto plain = pk.rsa->decrypt_pkcs1(le_number(blob + 12, pk.block_len));
      if (!plain || plain->size() > 64) return fail_nte(p, NTE_BAD_DATA);
      k = new_key(c->personality, algid, static_cast<uint32_t>(plain->size()) << 19, e);
      if (!k) return fail_nte(p, e);
      std::memcpy(k->value, plain->data(), plain->size());
      if (flags & CRYPT_EXPORTABLE) k->permissions |= CRYPT_EXPORT;
      setup(*k);
      break;
    }
    case PLAINTEXTKEYBLOB: {
      if (len < 12) return fail_nte(p, NTE_BAD_DATA);
      uint32_t n;
      std::memcpy(&n, blob + 8, 4);
      if (len < 12 + static_cast<uint64_t>(n)) return fail_nte(p, NTE_BAD_DATA);
      const uint8_t* bytes = blob + 12;
      if (flags & CRYPT_IPSEC_HMAC_KEY) {
        // An HMAC key of any length: one longer than a block is kept whole and hashed with the HMAC's
        // hash once HP_HMAC_INFO names it.
        k = new_key(c->personality, CALG_HMAC, 0, e);
        if (!k) return fail_nte(p, e);
        if (n <= 64) {
          std::memcpy(k->value, bytes, n);
          k->key_len = n;
        } else {
          k->key_len = 0;
          k->hmac_key.assign(bytes, bytes + n);
        }
      } else {
        if (n > 64) return fail_nte(p, NTE_BAD_DATA);
        k = new_key(c->personality, algid, n << 19, e);
        if (!k) return fail_nte(p, e);
        std::memcpy(k->value, bytes, n);
        setup(*k);
      }
      if (flags & CRYPT_EXPORTABLE) k->permissions |= CRYPT_EXPORT;
      break;
    }
    default: return fail_nte(p, NTE_BAD_TYPE);
  }
  p.put_ptr(out.addr, add_key(prov.addr, k));
  return TRUE;
}

// ---- encryption ----

BOOL crypt(WindowsProcess& p, Ptr key, Ptr hash, int32_t final, uint32_t flags, Ptr data, Ptr len, uint32_t buf_len,
           bool encrypt) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  KeyHandle* kh = find_key(key.addr);
  std::shared_ptr<HashObject> h = hash ? find_hash(hash.addr) : nullptr;
  if (!kh || !len || (hash && !h)) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags) return fail_nte(p, NTE_BAD_FLAGS);  // (CRYPT_OAEP: not provided)
  Key& k = *kh->key;
  uint8_t* buf = data ? static_cast<uint8_t*>(guest_pointer(data.addr)) : nullptr;
  uint32_t n = get<uint32_t>(len.addr);
  const uint32_t type = k.algid & kAlgTypeMask;
  if (encrypt && h && buf && !hash_data(p, *h, buf, n)) return FALSE;
  if (type == kAlgTypeBlock) {
    const uint32_t b = k.block_len;
    if (!k.cipher) return fail_nte(p, NTE_BAD_KEY);
    if (encrypt) {
      if (!final && n % b) return fail_nte(p, NTE_BAD_DATA);
      const uint32_t out = (n / b + (final ? 1 : 0)) * b;
      if (!buf) {
        put<uint32_t>(len.addr, out);
        return TRUE;
      }
      if (out > buf_len) {
        put<uint32_t>(len.addr, out);
        return fail(p, kMoreData);
      }
      for (uint32_t i = n; i < out; ++i) buf[i] = static_cast<uint8_t>(out - n);  // PKCS #5
      n = out;
    } else if (n % b) {
      return fail_nte(p, NTE_BAD_DATA);
    }
    for (uint32_t at = 0; at < n; at += b) {
      uint8_t* in = buf + at;
      uint8_t o[16], x[16];
      switch (k.mode) {
        case CRYPT_MODE_ECB:
          if (encrypt) k.cipher->encrypt_block(in, o);
          else k.cipher->decrypt_block(in, o);
          break;
        case CRYPT_MODE_CBC:
          if (encrypt) {
            for (uint32_t j = 0; j < b; ++j) in[j] ^= k.chain[j];
            k.cipher->encrypt_block(in, o);
            std::memcpy(k.chain, o, b);
          } else {
            k.cipher->decrypt_block(in, o);
            for (uint32_t j = 0; j < b; ++j) o[j] ^= k.chain[j];
            std::memcpy(k.chain, in, b);
          }
          break;
        case CRYPT_MODE_CFB:  // 8-bit feedback, a byte at a time
          for (uint32_t j = 0; j < b; ++j) {
            k.cipher->encrypt_block(k.chain, x);
            o[j] = in[j] ^ x[0];
            std::memmove(k.chain, k.chain + 1, b - 1);
            k.chain[b - 1] = encrypt ? o[j] : in[j];
          }
          break;
        default: return fail_nte(p, NTE_BAD_ALGID);
      }
      std::memcpy(in, o, b);
    }
    if (!encrypt && final) {
      const uint8_t pad = n ? buf[n - 1] : 0;
      bool ok = pad && pad <= b && pad <= n;
      for (uint32_t i = 1; ok && i < pad; ++i) ok = buf[n - 1 - i] == pad;
      if (!ok) return fail_nte(p, NTE_BAD_DATA);
      n -= pad;
    }
    put<uint32_t>(len.addr, n);
  } else if (type == kAlgTypeStream) {
    if (!k.cipher) return fail_nte(p, NTE_BAD_KEY);
    if (buf) k.cipher->stream(buf, n);
  } else if (type == kAlgTypeRsa) {
    if (k.algid == CALG_RSA_SIGN) return fail_nte(p, NTE_BAD_KEY);
    if (encrypt) {
      if (!buf) {
        put<uint32_t>(len.addr, k.block_len);
        return TRUE;
      }
      if (buf_len < k.block_len) {
        put<uint32_t>(len.addr, k.block_len);
        return fail(p, kMoreData);
      }
      if (n + 11 > k.block_len) return fail_nte(p, NTE_BAD_LEN);
      auto c = k.rsa->encrypt_pkcs1(Bytes(buf, buf + n));
      if (!c) return fail_nte(p, NTE_BAD_LEN);
      Bytes le = reversed(*c);
      std::memcpy(buf, le.data(), le.size());
      put<uint32_t>(len.addr, k.block_len);
    } else {
      if (!k.rsa->has_private()) return fail_nte(p, NTE_BAD_KEY);
      if (n < k.block_len) return fail_nte(p, NTE_BAD_DATA);
      auto m = k.rsa->decrypt_pkcs1(le_number(buf, k.block_len));
      if (!m) return fail_nte(p, NTE_BAD_DATA);
      std::memcpy(buf, m->data(), m->size());
      put<uint32_t>(len.addr, static_cast<uint32_t>(m->size()));
    }
    final = 1;
  } else {
    return fail_nte(p, NTE_BAD_TYPE);
  }
  if (final) setup(k);
  if (!encrypt && h && !hash_data(p, *h, buf, get<uint32_t>(len.addr))) return FALSE;
  return TRUE;
}

BOOL CryptEncrypt(WindowsProcess& p, Ptr key, Ptr hash, int32_t final, uint32_t flags, Ptr data, Ptr len, uint32_t buf_len) {
  return crypt(p, key, hash, final, flags, data, len, buf_len, true);
}
BOOL CryptDecrypt(WindowsProcess& p, Ptr key, Ptr hash, int32_t final, uint32_t flags, Ptr data, Ptr len) {
  return crypt(p, key, hash, final, flags, data, len, 0, false);
}

// ---- signatures ----

// What a signature covers: the hash's DigestInfo, or its bare value (CRYPT_NOHASHOID, and SSL3's
// MD5 and SHA-1 pair, which has no identifier).
std::optional<Bytes> signed_data(HashObject& h, uint32_t flags) {
  finish_hash(h);
  Bytes v(h.value, h.value + h.size);
  if ((flags & CRYPT_NOHASHOID) || h.algid == CALG_SSL3_SHAMD5) return v;
  auto kind = hash_kind(h.algid);
  if (!kind) return std::nullopt;
  Bytes info = crypto::digest_info_prefix(*kind);
  info.insert(info.end(), v.begin(), v.end());
  return info;
}

// A description, where one is given, is hashed in (UTF-16) before the value is taken.
BOOL sign(WindowsProcess& p, Ptr hash, uint32_t spec, const std::u16string* description, uint32_t flags, Ptr sig, Ptr len) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto h = find_hash(hash.addr);
  if (!h || !len) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & ~CRYPT_NOHASHOID) return fail_nte(p, NTE_BAD_FLAGS);  // (CRYPT_X931_FORMAT: not provided)
  auto c = find_prov(h->prov);
  if (!c) return fail_nte(p, NTE_BAD_UID);
  std::shared_ptr<Key> k = spec == AT_KEYEXCHANGE ? c->exchange : spec == AT_SIGNATURE ? c->signature : nullptr;
  if (!k) return fail_nte(p, NTE_NO_KEY);
  if (!sig) {
    put<uint32_t>(len.addr, k->key_len);
    return TRUE;
  }
  if (get<uint32_t>(len.addr) < k->key_len) {
    put<uint32_t>(len.addr, k->key_len);
    return fail(p, kMoreData);
  }
  if (description && !hash_data(p, *h, reinterpret_cast<const uint8_t*>(description->data()), description->size() * 2))
    return FALSE;
  auto what = signed_data(*h, flags);
  if (!what) return fail_nte(p, NTE_BAD_ALGID);
  auto s = k->rsa->sign_pkcs1(*what);
  if (!s) return fail_nte(p, NTE_BAD_LEN);
  Bytes le = reversed(*s);
  std::memcpy(guest_pointer(sig.addr), le.data(), le.size());
  put<uint32_t>(len.addr, k->key_len);
  return TRUE;
}
BOOL CryptSignHashA(WindowsProcess& p, Ptr hash, uint32_t spec, CStr description, uint32_t flags, Ptr sig, Ptr len) {
  std::u16string d = utf8_to_utf16(description.str());
  return sign(p, hash, spec, description.addr ? &d : nullptr, flags, sig, len);
}
BOOL CryptSignHashW(WindowsProcess& p, Ptr hash, uint32_t spec, WStr description, uint32_t flags, Ptr sig, Ptr len) {
  std::u16string d = description.str();
  return sign(p, hash, spec, description.addr ? &d : nullptr, flags, sig, len);
}

BOOL verify(WindowsProcess& p, Ptr hash, Ptr sig, uint32_t sig_len, Ptr key, const std::u16string* description, uint32_t flags) {
  std::lock_guard<GuestCallMutex> lock(state().mutex);
  auto h = find_hash(hash.addr);
  KeyHandle* kh = find_key(key.addr);
  if (!h || !kh) return fail(p, ERROR_INVALID_PARAMETER);
  if (flags & ~CRYPT_NOHASHOID) return fail_nte(p, NTE_BAD_FLAGS);
  const Key& k = *kh->key;
  if (!k.rsa) return fail_nte(p, NTE_BAD_KEY);
  if (sig_len != k.key_len) return fail_nte(p, NTE_BAD_SIGNATURE);  // (the length is checked before the pointer)
  if (!sig) return fail(p, ERROR_INVALID_PARAMETER);
  if (description && !hash_data(p, *h, reinterpret_cast<const uint8_t*>(description->data()), description->size() * 2))
    return FALSE;
  auto what = signed_data(*h, flags);
  if (!what) return fail_nte(p, NTE_BAD_ALGID);
  if (!k.rsa->verify_pkcs1(*what, le_number(static_cast<const uint8_t*>(guest_pointer(sig.addr)), sig_len)))
    return fail_nte(p, NTE_BAD_SIGNATURE);
  return TRUE;
}
BOOL CryptVerifySignatureA(WindowsProcess& p, Ptr hash, Ptr sig, uint32_t sig_len, Ptr key, CStr description, uint32_t flags) {
  std::u16string d = utf8_to_utf16(description.str());
  return verify(p, hash, sig, sig_len, key, description.addr ? &d : nullptr, flags);
}
BOOL CryptVerifySignatureW(WindowsProcess& p, Ptr hash, Ptr sig, uint32_t sig_len, Ptr key, WStr description, uint32_t flags) {
  std::u16string d = description.str();
  return verify(p, hash, sig, sig_len, key, description.addr ? &d : nullptr, flags);
}

}  // namespace
}  // namespace capi

const std::vector<Export>& advapi32_crypt_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CryptAcquireContextA", capi::CryptAcquireContextA),
      EXPORT("CryptAcquireContextW", capi::CryptAcquireContextW),
      EXPORT("CryptReleaseContext", capi::CryptReleaseContext),
      EXPORT("CryptContextAddRef", capi::CryptContextAddRef),
      EXPORT("CryptGenRandom", capi::CryptGenRandom),
      EXPORT("CryptEnumProvidersA", capi::CryptEnumProvidersA),
      EXPORT("CryptEnumProvidersW", capi::CryptEnumProvidersW),
      EXPORT("CryptGetProvParam", capi::CryptGetProvParam),
      EXPORT("CryptSetProvParam", capi::CryptSetProvParam),
      EXPORT("CryptCreateHash", capi::CryptCreateHash),
      EXPORT("CryptHashData", capi::CryptHashData),
      EXPORT("CryptHashSessionKey", capi::CryptHashSessionKey),
      EXPORT("CryptGetHashParam", capi::CryptGetHashParam),
      EXPORT("CryptSetHashParam", capi::CryptSetHashParam),
      EXPORT("CryptDestroyHash", capi::CryptDestroyHash),
      EXPORT("CryptDuplicateHash", capi::CryptDuplicateHash),
      EXPORT("CryptGenKey", capi::CryptGenKey),
      EXPORT("CryptDeriveKey", capi::CryptDeriveKey),
      EXPORT("CryptGetUserKey", capi::CryptGetUserKey),
      EXPORT("CryptDestroyKey", capi::CryptDestroyKey),
      EXPORT("CryptDuplicateKey", capi::CryptDuplicateKey),
      EXPORT("CryptGetKeyParam", capi::CryptGetKeyParam),
      EXPORT("CryptSetKeyParam", capi::CryptSetKeyParam),
      EXPORT("CryptExportKey", capi::CryptExportKey),
      EXPORT("CryptImportKey", capi::CryptImportKey),
      EXPORT("CryptEncrypt", capi::CryptEncrypt),
      EXPORT("CryptDecrypt", capi::CryptDecrypt),
      EXPORT("CryptSignHashA", capi::CryptSignHashA),
      EXPORT("CryptSignHashW", capi::CryptSignHashW),
      EXPORT("CryptVerifySignatureA", capi::CryptVerifySignatureA),
      EXPORT("CryptVerifySignatureW", capi::CryptVerifySignatureW),
  };
  return exports;
}

}  // namespace polyrun::shims
