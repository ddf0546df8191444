// ADVAPI32's CryptoAPI, keys: session keys and RSA key pairs made (CryptGenKey), derived from a
// hash (CryptDeriveKey), taken from a container (CryptGetUserKey), duplicated and destroyed; their
// parameters (IV, salt, padding, mode, permissions …); and their blobs (CryptExportKey,
// CryptImportKey: SIMPLEBLOB, PUBLICKEYBLOB, PRIVATEKEYBLOB, PLAINTEXTKEYBLOB).
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
#include "shims/advapi32/crypt_internal.h"

namespace polyrun::shims::capi {

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

namespace {

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

}  // namespace

// RSA numbers in a CryptoAPI blob: little-endian, `n` bytes from `at`.
Bytes le_number(const uint8_t* at, size_t n) { return reversed(Bytes(at, at + n)); }

namespace {

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

}  // namespace

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

namespace {

Bytes be32(uint32_t v) { return {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)}; }

}  // namespace

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

namespace {

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

}  // namespace

}  // namespace polyrun::shims::capi

namespace polyrun::shims {

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_crypt_key_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CryptGenKey", capi::CryptGenKey),
      EXPORT("CryptDeriveKey", capi::CryptDeriveKey),
      EXPORT("CryptGetUserKey", capi::CryptGetUserKey),
      EXPORT("CryptDestroyKey", capi::CryptDestroyKey),
      EXPORT("CryptDuplicateKey", capi::CryptDuplicateKey),
      EXPORT("CryptGetKeyParam", capi::CryptGetKeyParam),
      EXPORT("CryptSetKeyParam", capi::CryptSetKeyParam),
      EXPORT("CryptExportKey", capi::CryptExportKey),
      EXPORT("CryptImportKey", capi::CryptImportKey),
  };
  return exports;
}

}  // namespace polyrun::shims
