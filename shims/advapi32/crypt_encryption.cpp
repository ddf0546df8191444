// ADVAPI32's CryptoAPI, encryption: CryptEncrypt and CryptDecrypt with a session key (CBC, ECB,
// 8-bit CFB; PKCS #5 padding of the final block; RC4 as a stream) or an RSA key (PKCS #1 v1.5),
// hashing the plaintext on the way when asked.
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

namespace {

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

}  // namespace

}  // namespace polyrun::shims::capi

namespace polyrun::shims {

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_crypt_encryption_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CryptEncrypt", capi::CryptEncrypt),
      EXPORT("CryptDecrypt", capi::CryptDecrypt),
  };
  return exports;
}

}  // namespace polyrun::shims
