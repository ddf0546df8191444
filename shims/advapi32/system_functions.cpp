// ADVAPI32.dll's SystemFunction001 … 041: the NT LAN Manager's building blocks, as Windows and
// Samba document them. DES is used in ECB mode with 7-byte keys (each spread over 8 bytes, as the
// NT one-way functions do); LM hashes encrypt "KGS!@#$%" under the password's halves; MD4 hashes
// the NT password; challenge responses encrypt the challenge under three keys from the hash;
// SystemFunction004/005 seal a buffer with its length and a version before it; SystemFunction032 is
// RC4. SystemFunction040/041 are RtlEncryptMemory/RtlDecryptMemory: 3DES-CBC in place, under a key
// of this process, of its logon (this boot of the host) or of the user across processes
// (RTL_ENCRYPT_OPTION_SAME_PROCESS 0, CROSS_PROCESS 1, SAME_LOGON 2), on whole 8-byte blocks. The
// ciphers are crypto/'s (Nettle).
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/crypto/algorithms.h"

namespace polyrun::shims {

namespace advapi32_system_functions {

using crypto::Bytes;

constexpr uint32_t kSuccess = 0, kUnsuccessful = 0xc0000001, kInvalidParameter = 0xc000000d,
                   kInvalidParameter2 = 0xc00000f0, kBufferTooSmall = 0xc0000023, kUnknownRevision = 0xc0000058;

const uint8_t* in(uint64_t a) { return static_cast<const uint8_t*>(guest_pointer(a)); }
uint8_t* out(uint64_t a) { return static_cast<uint8_t*>(guest_pointer(a)); }

// A 7-byte key spread over the 8 bytes of a DES key (the low bit of each, its parity, left 0).
void des_block(const uint8_t* key7, const uint8_t* src, uint8_t* dst, bool encrypt) {
  uint8_t k[8];
  k[0] = key7[0] >> 1;
  k[1] = static_cast<uint8_t>(((key7[0] & 0x01) << 6) | (key7[1] >> 2));
  k[2] = static_cast<uint8_t>(((key7[1] & 0x03) << 5) | (key7[2] >> 3));
  k[3] = static_cast<uint8_t>(((key7[2] & 0x07) << 4) | (key7[3] >> 4));
  k[4] = static_cast<uint8_t>(((key7[3] & 0x0f) << 3) | (key7[4] >> 5));
  k[5] = static_cast<uint8_t>(((key7[4] & 0x1f) << 2) | (key7[5] >> 6));
  k[6] = static_cast<uint8_t>(((key7[5] & 0x3f) << 1) | (key7[6] >> 7));
  k[7] = key7[6] & 0x7f;
  for (uint8_t& b : k) b = static_cast<uint8_t>(b << 1);
  auto c = crypto::Cipher::make(crypto::CipherKind::Des, k, 8);
  uint8_t tmp[8];
  if (encrypt) c->encrypt_block(src, tmp);
  else c->decrypt_block(src, tmp);
  std::memcpy(dst, tmp, 8);
}

const uint8_t kLmMagic[8] = {'K', 'G', 'S', '!', '@', '#', '$', '%'};

// SystemFunction001/002: one block under a 7-byte key.
uint32_t SystemFunction001(WindowsProcess&, Ptr data, Ptr key, Ptr output) {
  if (!data || !output) return kUnsuccessful;
  des_block(in(key.addr), in(data.addr), out(output.addr), true);
  return kSuccess;
}
uint32_t SystemFunction002(WindowsProcess&, Ptr data, Ptr key, Ptr output) {
  if (!data || !output) return kUnsuccessful;
  des_block(in(key.addr), in(data.addr), out(output.addr), false);
  return kSuccess;
}
// SystemFunction003: the LM magic under a 7-byte key.
uint32_t SystemFunction003(WindowsProcess&, Ptr key, Ptr output) {
  if (!output) return kUnsuccessful;
  des_block(in(key.addr), kLmMagic, out(output.addr), true);
  return kSuccess;
}

// struct ustring: Length, MaximumLength, Buffer (at 8 in both widths).
struct UString {
  uint64_t at;
  uint32_t length() const { return get<uint32_t>(at); }
  uint32_t maximum() const { return get<uint32_t>(at + 4); }
  uint64_t buffer(WindowsProcess& p) const { return p.get_ptr(at + 8); }
};
void seven_byte_key(WindowsProcess& p, const UString& key, uint8_t k[7]) {
  std::memset(k, 0, 7);
  std::memcpy(k, in(key.buffer(p)), key.length() < 7 ? key.length() : 7);
}

// SystemFunction004: the data sealed: a block of its length and version 1, then its blocks (the
// last padded with zeros).
uint32_t SystemFunction004(WindowsProcess& p, Ptr data, Ptr key, Ptr sealed) {
  const UString d{data.addr}, k{key.addr}, o{sealed.addr};
  if (!k.length()) return kInvalidParameter2;
  const uint32_t padded = (d.length() + 7) & ~7u;
  if (o.maximum() < padded + 8) return kBufferTooSmall;
  uint8_t k7[7];
  seven_byte_key(p, k, k7);
  uint8_t head[8];
  const uint32_t len = d.length(), version = 1;
  std::memcpy(head, &len, 4);
  std::memcpy(head + 4, &version, 4);
  uint8_t* dst = out(o.buffer(p));
  des_block(k7, head, dst, true);
  const uint8_t* src = in(d.buffer(p));
  for (uint32_t off = 0; off < padded; off += 8) {
    uint8_t block[8] = {};
    std::memcpy(block, src + off, d.length() - off < 8 ? d.length() - off : 8);
    des_block(k7, block, dst + 8 + off, true);
  }
  put<uint32_t>(o.at, padded + 8);
  return kSuccess;
}
// SystemFunction005: SystemFunction004's opened: the length from its first block (version 1, else
// STATUS_UNKNOWN_REVISION), then the data.
uint32_t SystemFunction005(WindowsProcess& p, Ptr sealed, Ptr key, Ptr data) {
  const UString s{sealed.addr}, k{key.addr}, o{data.addr};
  if (!k.length()) return kInvalidParameter2;
  uint8_t k7[7];
  seven_byte_key(p, k, k7);
  const uint8_t* src = in(s.buffer(p));
  uint8_t head[8];
  des_block(k7, src, head, false);
  uint32_t len, version;
  std::memcpy(&len, head, 4);
  std::memcpy(&version, head + 4, 4);
  if (version != 1) return kUnknownRevision;
  if (len > o.maximum()) return kBufferTooSmall;
  uint8_t* dst = out(o.buffer(p));
  for (uint32_t off = 0; off < len; off += 8) {
    uint8_t block[8];
    des_block(k7, src + 8 + off, block, false);
    std::memcpy(dst + off, block, len - off < 8 ? len - off : 8);
  }
  put<uint32_t>(o.at, len);
  return kSuccess;
}

// SystemFunction006: the LM hash of a password (its first 14 characters, as they are).
uint32_t SystemFunction006(WindowsProcess&, CStr password, Ptr hash) {
  uint8_t pw[14] = {};
  const std::string s = password.str();
  std::memcpy(pw, s.data(), s.size() < 14 ? s.size() : 14);
  des_block(pw, kLmMagic, out(hash.addr), true);
  des_block(pw + 7, kLmMagic, out(hash.addr) + 8, true);
  return kSuccess;
}

Bytes md4(const uint8_t* data, size_t n) { return crypto::digest(crypto::HashKind::Md4, data, n); }

// SystemFunction007: the NT hash, MD4 of a UNICODE_STRING's bytes.
uint32_t SystemFunction007(WindowsProcess& p, Ptr string, Ptr hash) {
  const uint16_t len = get<uint16_t>(string.addr);
  const uint64_t buffer = p.get_ptr(string.addr + p.isa->ptr);
  const Bytes h = md4(len ? in(buffer) : nullptr, len);
  std::memcpy(out(hash.addr), h.data(), 16);
  return kSuccess;
}

// SystemFunction008/009: the 24-byte response to a challenge: the challenge under the three 7-byte
// keys of the 16-byte hash padded with zeros.
uint32_t SystemFunction008(WindowsProcess&, Ptr challenge, Ptr hash, Ptr response) {
  if (!challenge || !response) return kUnsuccessful;
  uint8_t key[21] = {};
  std::memcpy(key, in(hash.addr), 16);
  for (int i = 0; i < 3; ++i) des_block(key + 7 * i, in(challenge.addr), out(response.addr) + 8 * i, true);
  return kSuccess;
}

// SystemFunction010/011: MD4 of 16 bytes (a user session key from the NT hash).
uint32_t SystemFunction010(WindowsProcess&, Ptr, Ptr data, Ptr hash) {
  const Bytes h = md4(in(data.addr), 16);
  std::memcpy(out(hash.addr), h.data(), 16);
  return kSuccess;
}

// SystemFunction012 (014, 016, 018, 020, 022): two blocks under the two 7-byte halves of a 14-byte
// key; SystemFunction013 (015 …): opened.
uint32_t two_blocks(Ptr src, Ptr key, Ptr dst, bool encrypt) {
  if (!src || !dst) return kUnsuccessful;
  des_block(in(key.addr), in(src.addr), out(dst.addr), encrypt);
  des_block(in(key.addr) + 7, in(src.addr) + 8, out(dst.addr) + 8, encrypt);
  return kSuccess;
}
uint32_t SystemFunction012(WindowsProcess&, Ptr src, Ptr key, Ptr dst) { return two_blocks(src, key, dst, true); }
uint32_t SystemFunction013(WindowsProcess&, Ptr src, Ptr key, Ptr dst) { return two_blocks(src, key, dst, false); }

// SystemFunction024/026: two blocks under a 4-byte key (a relative id) repeated to 16 bytes;
// SystemFunction025/027: opened.
uint32_t rid_blocks(Ptr src, Ptr key, Ptr dst, bool encrypt) {
  uint8_t k[16];
  for (int i = 0; i < 4; ++i) std::memcpy(k + 4 * i, in(key.addr), 4);
  des_block(k, in(src.addr), out(dst.addr), encrypt);
  des_block(k + 7, in(src.addr) + 8, out(dst.addr) + 8, encrypt);
  return kSuccess;
}
uint32_t SystemFunction024(WindowsProcess&, Ptr src, Ptr key, Ptr dst) { return rid_blocks(src, key, dst, true); }
uint32_t SystemFunction025(WindowsProcess&, Ptr src, Ptr key, Ptr dst) { return rid_blocks(src, key, dst, false); }

// SystemFunction030/031: whether two 16-byte blocks are equal.
BOOL SystemFunction030(WindowsProcess&, Ptr a, Ptr b) { return std::memcmp(in(a.addr), in(b.addr), 16) == 0 ? TRUE : FALSE; }

// SystemFunction032: RC4 over a ustring's data, in place, with a ustring's key.
uint32_t SystemFunction032(WindowsProcess& p, Ptr data, Ptr key) {
  const UString d{data.addr}, k{key.addr};
  if (!k.length()) return kUnsuccessful;
  auto c = crypto::Cipher::make(crypto::CipherKind::Rc4, in(k.buffer(p)), k.length());
  if (!c) return kUnsuccessful;
  c->stream(out(d.buffer(p)), d.length());
  return kSuccess;
}

// ---- RtlEncryptMemory, RtlDecryptMemory ----

// The keys: this process's (random), this boot's for the user (its logon), the user's.
Bytes memory_key(uint32_t option) {
  static const Bytes process_key = [] {
    Bytes k(24);
    crypto::random_fill(k.data(), k.size());
    return k;
  }();
  if (option == 0) return process_key;
  std::string seed = "polyrun RtlEncryptMemory " + account_sid() + " " + netbios_name();
  if (option == 2) {
    std::ifstream boot("/proc/sys/kernel/random/boot_id");
    std::string id;
    std::getline(boot, id);
    seed += " logon " + id;
  }
  Bytes k = crypto::digest(crypto::HashKind::Sha256, reinterpret_cast<const uint8_t*>(seed.data()), seed.size());
  k.resize(24);
  return k;
}
uint32_t crypt_memory(Ptr memory, uint32_t length, uint32_t option, bool encrypt) {
  if (length % 8 || option > 2) return kInvalidParameter;
  const Bytes key = memory_key(option);
  auto c = crypto::Cipher::make(crypto::CipherKind::Des3, key.data(), key.size());
  if (!c) return kUnsuccessful;
  uint8_t* b = out(memory.addr);
  uint8_t chain[8] = {};
  for (uint32_t off = 0; off < length; off += 8) {
    uint8_t block[8];
    if (encrypt) {
      for (int i = 0; i < 8; ++i) block[i] = b[off + i] ^ chain[i];
      c->encrypt_block(block, b + off);
      std::memcpy(chain, b + off, 8);
    } else {
      std::memcpy(block, b + off, 8);
      c->decrypt_block(block, b + off);
      for (int i = 0; i < 8; ++i) b[off + i] ^= chain[i];
      std::memcpy(chain, block, 8);
    }
  }
  return kSuccess;
}
uint32_t SystemFunction040(WindowsProcess&, Ptr memory, uint32_t length, uint32_t option) {
  return crypt_memory(memory, length, option, true);
}
uint32_t SystemFunction041(WindowsProcess&, Ptr memory, uint32_t length, uint32_t option) {
  return crypt_memory(memory, length, option, false);
}

}  // namespace advapi32_system_functions

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_system_function_exports() {
  using namespace advapi32_system_functions;
  static const std::vector<Export> exports = {
      EXPORT("SystemFunction001", SystemFunction001), EXPORT("SystemFunction002", SystemFunction002),
      EXPORT("SystemFunction003", SystemFunction003), EXPORT("SystemFunction004", SystemFunction004),
      EXPORT("SystemFunction005", SystemFunction005), EXPORT("SystemFunction006", SystemFunction006),
      EXPORT("SystemFunction007", SystemFunction007), EXPORT("SystemFunction008", SystemFunction008),
      EXPORT("SystemFunction009", SystemFunction008), EXPORT("SystemFunction010", SystemFunction010),
      EXPORT("SystemFunction011", SystemFunction010), EXPORT("SystemFunction012", SystemFunction012),
      EXPORT("SystemFunction013", SystemFunction013), EXPORT("SystemFunction014", SystemFunction012),
      EXPORT("SystemFunction015", SystemFunction013), EXPORT("SystemFunction016", SystemFunction012),
      EXPORT("SystemFunction017", SystemFunction013), EXPORT("SystemFunction018", SystemFunction012),
      EXPORT("SystemFunction019", SystemFunction013), EXPORT("SystemFunction020", SystemFunction012),
      EXPORT("SystemFunction021", SystemFunction013), EXPORT("SystemFunction022", SystemFunction012),
      EXPORT("SystemFunction023", SystemFunction013), EXPORT("SystemFunction024", SystemFunction024),
      EXPORT("SystemFunction025", SystemFunction025), EXPORT("SystemFunction026", SystemFunction024),
      EXPORT("SystemFunction027", SystemFunction025), EXPORT("SystemFunction030", SystemFunction030),
      EXPORT("SystemFunction031", SystemFunction030), EXPORT("SystemFunction032", SystemFunction032),
      EXPORT("SystemFunction040", SystemFunction040), EXPORT("SystemFunction041", SystemFunction041),
  };
  return exports;
}

}  // namespace polyrun::shims
