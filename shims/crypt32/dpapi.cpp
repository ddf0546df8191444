// CRYPT32.dll: the data protection API — CryptProtectData / CryptUnprotectData (a blob only this
// user, or with CRYPTPROTECT_LOCAL_MACHINE this machine's accounts, can open again, with optional
// entropy and a description) and CryptProtectMemory / CryptUnprotectMemory (memory encrypted in
// place for this process, or this user's processes).
//
// The keys are master keys of polyrun's own: 64 random bytes made on first use and kept where
// Windows keeps its users' master keys, %APPDATA%\Microsoft\Protect\<SID>\ (APPDATA is
// $XDG_CONFIG_HOME), the machine's under the same directory's S-1-5-18 (so on this host it is the
// account's). A blob has the layout of Windows' DPAPI blob (version, provider GUID, master key
// GUID, flags, description, AES-256 and SHA-512 ids, salt, data, signature); what it holds is
// polyrun's: the plaintext in AES-256-CBC under a key derived with HMAC-SHA-512 from the master key,
// the salt and the entropy, the whole blob signed with HMAC-SHA-512. Windows' own blobs (made with
// a Windows account's master key) do not open here: kInvalidData, as for a damaged blob.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <cstring>
#include <mutex>
#include <optional>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/crypt32.h"

namespace polyrun::shims::crypt32 {
namespace dpapi {
namespace {

using stores::blob_bytes;

constexpr uint32_t kUiForbidden = 0x1, kLocalMachine = 0x4, kAudit = 0x10;
constexpr uint8_t kProvider[16] = {0xd0, 0x8c, 0x9d, 0xdf, 0x01, 0x15, 0xd1, 0x11,
                                   0x8c, 0x7a, 0x00, 0xc0, 0x4f, 0xc2, 0x97, 0xeb};
constexpr uint32_t kAes256 = 0x6610, kSha512 = 0x800e;
constexpr uint32_t kInvalidData = 13;  // ERROR_INVALID_DATA

struct MasterKey {
  uint8_t guid[16];
  uint8_t key[64];
};

std::string protect_directory(const std::string& sid) {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const std::string config = xdg && *xdg ? xdg : host_home_directory() + "/.config";
  return config + "/Microsoft/Protect/" + sid;
}

void make_directories(const std::string& path) {
  for (size_t at = 1; (at = path.find('/', at)) != std::string::npos; ++at) ::mkdir(path.substr(0, at).c_str(), 0700);
  ::mkdir(path.c_str(), 0700);
}

std::string guid_text(const uint8_t* g) {
  char buf[40];
  uint32_t d1;
  uint16_t d2, d3;
  std::memcpy(&d1, g, 4);
  std::memcpy(&d2, g + 4, 2);
  std::memcpy(&d3, g + 6, 2);
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", d1, d2, d3, g[8], g[9], g[10],
                g[11], g[12], g[13], g[14], g[15]);
  return buf;
}

// The scope's master key: its "Preferred" one, made (with its GUID) when there is none. A key by
// GUID for opening. nullopt when the directory cannot be written or read.
std::mutex g_keys_mutex;
std::optional<MasterKey> preferred_key(bool machine) {
  std::lock_guard<std::mutex> lock(g_keys_mutex);
  const std::string dir = protect_directory(machine ? "S-1-5-18" : account_sid());
  MasterKey k;
  const std::string preferred = dir + "/Preferred";
  if (FILE* f = std::fopen(preferred.c_str(), "rb")) {
    const bool ok = std::fread(k.guid, 1, 16, f) == 16;
    std::fclose(f);
    if (ok)
      if (FILE* kf = std::fopen((dir + "/" + guid_text(k.guid)).c_str(), "rb")) {
        const bool read = std::fread(k.key, 1, 64, kf) == 64;
        std::fclose(kf);
        if (read) return k;
      }
  }
  make_directories(dir);
  if (gnutls_rnd(GNUTLS_RND_KEY, k.guid, 16) != 0 || gnutls_rnd(GNUTLS_RND_KEY, k.key, 64) != 0) return std::nullopt;
  k.guid[7] = static_cast<uint8_t>((k.guid[7] & 0x0f) | 0x40);  // a version 4 GUID
  k.guid[8] = static_cast<uint8_t>((k.guid[8] & 0x3f) | 0x80);
  const std::string key_path = dir + "/" + guid_text(k.guid);
  const int fd = ::open(key_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return std::nullopt;
  const bool wrote = ::write(fd, k.key, 64) == 64;
  ::close(fd);
  FILE* f = std::fopen(preferred.c_str(), "wb");
  if (!wrote || !f) return std::nullopt;
  std::fwrite(k.guid, 1, 16, f);
  std::fclose(f);
  return k;
}

std::optional<MasterKey> key_by_guid(const uint8_t* guid) {
  std::lock_guard<std::mutex> lock(g_keys_mutex);
  for (const std::string& sid : {account_sid(), std::string("S-1-5-18")}) {
    MasterKey k;
    std::memcpy(k.guid, guid, 16);
    if (FILE* f = std::fopen((protect_directory(sid) + "/" + guid_text(guid)).c_str(), "rb")) {
      const bool ok = std::fread(k.key, 1, 64, f) == 64;
      std::fclose(f);
      if (ok) return k;
    }
  }
  return std::nullopt;
}

Bytes hmac512(const uint8_t* key, size_t key_size, const Bytes& data) {
  Bytes out(64);
  gnutls_hmac_fast(GNUTLS_MAC_SHA512, key, key_size, data.data(), data.size(), out.data());
  return out;
}

// The blob's keys: AES-256 (32 bytes), then its signature's HMAC key (32 bytes).
Bytes session_keys(const MasterKey& k, const Bytes& salt, const Bytes& entropy) {
  Bytes input = salt;
  input.insert(input.end(), entropy.begin(), entropy.end());
  return hmac512(k.key, sizeof k.key, input);
}

std::optional<Bytes> aes(const Bytes& keys, const Bytes& iv, const Bytes& in, bool encrypt) {
  gnutls_cipher_hd_t h;
  gnutls_datum_t key{const_cast<uint8_t*>(keys.data()), 32}, ivd{const_cast<uint8_t*>(iv.data()), 16};
  if (gnutls_cipher_init(&h, GNUTLS_CIPHER_AES_256_CBC, &key, &ivd) != 0) return std::nullopt;
  Bytes out(in.size());
  const int r = encrypt ? gnutls_cipher_encrypt2(h, in.data(), in.size(), out.data(), out.size())
                        : gnutls_cipher_decrypt2(h, in.data(), in.size(), out.data(), out.size());
  gnutls_cipher_deinit(h);
  if (r != 0) return std::nullopt;
  return out;
}

void put32(Bytes& b, uint32_t v) { b.insert(b.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 4); }

// A LocalAlloc'd copy in the program's memory (what the caller frees with LocalFree).
uint64_t local_copy(WindowsProcess& p, const void* data, size_t size) {
  const uint64_t at = p.call_export("kernel32.dll", "LocalAlloc", {0, size ? size : 1});
  if (at && size) std::memcpy(guest_pointer(at), data, size);
  return at;
}

BOOL CryptProtectData(WindowsProcess& p, Ptr in, Ptr description, Ptr entropy, Ptr, Ptr, uint32_t flags, Ptr out) {
  const unsigned ptr = p.isa->ptr;
  if (!in || !out) return fail(p, ERROR_INVALID_PARAMETER);
  const Bytes plain = blob_bytes(in.addr, ptr);
  const Bytes extra = entropy ? blob_bytes(entropy.addr, ptr) : Bytes();
  const auto k = preferred_key(flags & kLocalMachine);
  if (!k) return fail(p, ERROR_ACCESS_DENIED);
  const std::u16string desc = description ? std::u16string(description.as<const char16_t>()) : std::u16string();
  Bytes salt(32), iv(16);
  if (gnutls_rnd(GNUTLS_RND_NONCE, salt.data(), salt.size()) || gnutls_rnd(GNUTLS_RND_NONCE, iv.data(), iv.size()))
    return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  const Bytes keys = session_keys(*k, salt, extra);
  Bytes padded = plain;
  const size_t pad = 16 - plain.size() % 16;
  padded.insert(padded.end(), pad, static_cast<uint8_t>(pad));
  const auto cipher = aes(keys, iv, padded, true);
  if (!cipher) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  // DPAPI_BLOB: version, provider, master key version and GUID, flags, description, cipher and
  // its key length, salt, HMAC key (none), hash and its length, HMAC2 key (the IV here), data,
  // signature.
  Bytes b;
  put32(b, 1);
  b.insert(b.end(), kProvider, kProvider + 16);
  put32(b, 1);
  b.insert(b.end(), k->guid, k->guid + 16);
  put32(b, flags & (kLocalMachine | kUiForbidden | kAudit));
  put32(b, static_cast<uint32_t>((desc.size() + 1) * 2));
  for (char16_t c : desc) {
    b.push_back(static_cast<uint8_t>(c));
    b.push_back(static_cast<uint8_t>(c >> 8));
  }
  b.push_back(0);
  b.push_back(0);
  put32(b, kAes256);
  put32(b, 256);
  put32(b, static_cast<uint32_t>(salt.size()));
  b.insert(b.end(), salt.begin(), salt.end());
  put32(b, 0);
  put32(b, kSha512);
  put32(b, 512);
  put32(b, static_cast<uint32_t>(iv.size()));
  b.insert(b.end(), iv.begin(), iv.end());
  put32(b, static_cast<uint32_t>(cipher->size()));
  b.insert(b.end(), cipher->begin(), cipher->end());
  const Bytes sign = hmac512(keys.data() + 32, 32, b);
  put32(b, static_cast<uint32_t>(sign.size()));
  b.insert(b.end(), sign.begin(), sign.end());
  const uint64_t at = local_copy(p, b.data(), b.size());
  if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  put<uint32_t>(out.addr, static_cast<uint32_t>(b.size()));
  p.put_ptr(out.addr + ptr, at);
  return TRUE;
}

// A reader of a blob's fields that fails on a short one.
struct BlobReader {
  const Bytes& b;
  size_t at = 0;
  bool ok = true;
  uint32_t u32() {
    if (at + 4 > b.size()) return ok = false, 0;
    uint32_t v;
    std::memcpy(&v, b.data() + at, 4);
    at += 4;
    return v;
  }
  Bytes bytes(size_t n) {
    if (n > b.size() - std::min(at, b.size())) return ok = false, Bytes();
    Bytes v(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
    return v;
  }
};

BOOL CryptUnprotectData(WindowsProcess& p, Ptr in, Ptr description_out, Ptr entropy, Ptr, Ptr, uint32_t, Ptr out) {
  const unsigned ptr = p.isa->ptr;
  if (!in || !out) return fail(p, ERROR_INVALID_PARAMETER);
  const Bytes blob = blob_bytes(in.addr, ptr);
  const Bytes extra = entropy ? blob_bytes(entropy.addr, ptr) : Bytes();
  BlobReader r{blob};
  const uint32_t version = r.u32();
  const Bytes provider = r.bytes(16);
  r.u32();
  const Bytes guid = r.bytes(16);
  r.u32();
  const Bytes desc = r.bytes(r.u32());
  const uint32_t alg = r.u32();
  r.u32();
  const Bytes salt = r.bytes(r.u32());
  r.bytes(r.u32());
  const uint32_t hash = r.u32();
  r.u32();
  const Bytes iv = r.bytes(r.u32());
  const Bytes cipher = r.bytes(r.u32());
  const size_t signed_size = r.at;
  const Bytes sign = r.bytes(r.u32());
  if (!r.ok || version != 1 || std::memcmp(provider.data(), kProvider, 16) != 0 || alg != kAes256 || hash != kSha512 ||
      iv.size() != 16 || cipher.empty() || cipher.size() % 16 || sign.size() != 64 || desc.size() % 2)
    return fail(p, kInvalidData);
  const auto k = key_by_guid(guid.data());
  if (!k) return fail(p, kInvalidData);
  const Bytes keys = session_keys(*k, salt, extra);
  const Bytes expect = hmac512(keys.data() + 32, 32, Bytes(blob.begin(), blob.begin() + static_cast<std::ptrdiff_t>(signed_size)));
  if (gnutls_memcmp(expect.data(), sign.data(), 64) != 0) return fail(p, kInvalidData);
  auto plain = aes(keys, iv, cipher, false);
  if (!plain || plain->empty() || plain->back() == 0 || plain->back() > 16) return fail(p, kInvalidData);
  plain->resize(plain->size() - plain->back());
  if (description_out) {
    const uint64_t d = local_copy(p, desc.data(), desc.size());
    if (!d) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    p.put_ptr(description_out.addr, d);
  }
  const uint64_t at = local_copy(p, plain->data(), plain->size());
  if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  put<uint32_t>(out.addr, static_cast<uint32_t>(plain->size()));
  p.put_ptr(out.addr + ptr, at);
  return TRUE;
}

// ---- memory ----

// The key of CRYPTPROTECTMEMORY_SAME_PROCESS (random for the process) and of CROSS_PROCESS and
// SAME_LOGON (the user's master key's).
std::optional<Bytes> memory_key(uint32_t flags) {
  static std::once_flag once;
  static Bytes process_key(32);
  std::call_once(once, [] { gnutls_rnd(GNUTLS_RND_KEY, process_key.data(), process_key.size()); });
  if (flags == 0) return process_key;
  const auto k = preferred_key(false);
  if (!k) return std::nullopt;
  return hmac512(k->key, sizeof k->key, Bytes{'m', 'e', 'm', static_cast<uint8_t>(flags)});
}

// In place, in blocks of 16 bytes (CRYPTPROTECTMEMORY_BLOCK_SIZE), AES-256 in ECB mode (the same
// block the same way each time, as Windows' is, with no room for an IV).
BOOL protect_memory(WindowsProcess& p, Ptr data, uint32_t size, uint32_t flags, bool encrypt) {
  if (flags > 2 || size % 16 || !data) return fail(p, ERROR_INVALID_PARAMETER);
  const auto key = memory_key(flags);
  if (!key) return fail(p, ERROR_ACCESS_DENIED);
  uint8_t* bytes = data.as<uint8_t>();
  gnutls_cipher_hd_t h;
  const uint8_t zero_iv[16] = {};
  for (uint32_t i = 0; i < size; i += 16) {
    // CBC over a single block with a zero IV is the block cipher itself (ECB).
    gnutls_datum_t k{const_cast<uint8_t*>(key->data()), 32}, iv{const_cast<uint8_t*>(zero_iv), 16};
    if (gnutls_cipher_init(&h, GNUTLS_CIPHER_AES_256_CBC, &k, &iv) != 0) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    uint8_t block[16];
    std::memcpy(block, bytes + i, 16);
    if (encrypt) gnutls_cipher_encrypt2(h, block, 16, bytes + i, 16);
    else gnutls_cipher_decrypt2(h, block, 16, bytes + i, 16);
    gnutls_cipher_deinit(h);
  }
  return TRUE;
}
BOOL CryptProtectMemory(WindowsProcess& p, Ptr data, uint32_t size, uint32_t flags) {
  return protect_memory(p, data, size, flags, true);
}
BOOL CryptUnprotectMemory(WindowsProcess& p, Ptr data, uint32_t size, uint32_t flags) {
  return protect_memory(p, data, size, flags, false);
}

}  // namespace
}  // namespace dpapi

const std::vector<Export>& dpapi_exports() {
  using namespace dpapi;
  static const std::vector<Export> exports = {
      EXPORT("CryptProtectData", CryptProtectData),
      EXPORT("CryptUnprotectData", CryptUnprotectData),
      EXPORT("CryptProtectMemory", CryptProtectMemory),
      EXPORT("CryptUnprotectMemory", CryptUnprotectMemory),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
