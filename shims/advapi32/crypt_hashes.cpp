// ADVAPI32's CryptoAPI, hashes and signatures: CryptCreateHash (plain hashes, HMAC, CBC-MAC),
// hashing data and session keys, the hash parameters, duplicating and destroying; RSA PKCS #1 v1.5
// signatures (CryptSignHash, CryptVerifySignature).
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

// ---- hashes ----

namespace {

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

}  // namespace

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

namespace {

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
BOOL CryptSignHashA(WindowsProcess& p, Ptr hash, uint32_t spec, AStr description, uint32_t flags, Ptr sig, Ptr len) {
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
BOOL CryptVerifySignatureA(WindowsProcess& p, Ptr hash, Ptr sig, uint32_t sig_len, Ptr key, AStr description, uint32_t flags) {
  std::u16string d = utf8_to_utf16(description.str());
  return verify(p, hash, sig, sig_len, key, description.addr ? &d : nullptr, flags);
}
BOOL CryptVerifySignatureW(WindowsProcess& p, Ptr hash, Ptr sig, uint32_t sig_len, Ptr key, WStr description, uint32_t flags) {
  std::u16string d = description.str();
  return verify(p, hash, sig, sig_len, key, description.addr ? &d : nullptr, flags);
}

}  // namespace

}  // namespace polyrun::shims::capi

namespace polyrun::shims {

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_crypt_hash_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CryptCreateHash", capi::CryptCreateHash),
      EXPORT("CryptHashData", capi::CryptHashData),
      EXPORT("CryptHashSessionKey", capi::CryptHashSessionKey),
      EXPORT("CryptGetHashParam", capi::CryptGetHashParam),
      EXPORT("CryptSetHashParam", capi::CryptSetHashParam),
      EXPORT("CryptDestroyHash", capi::CryptDestroyHash),
      EXPORT("CryptDuplicateHash", capi::CryptDuplicateHash),
      EXPORT("CryptSignHashA", capi::CryptSignHashA),
      EXPORT("CryptSignHashW", capi::CryptSignHashW),
      EXPORT("CryptVerifySignatureA", capi::CryptVerifySignatureA),
      EXPORT("CryptVerifySignatureW", capi::CryptVerifySignatureW),
  };
  return exports;
}

}  // namespace polyrun::shims
