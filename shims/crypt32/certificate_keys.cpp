// The private keys behind certificates: the properties that name one — CERT_KEY_PROV_INFO_PROP_ID
// (a CRYPT_KEY_PROV_INFO: a key container's name, its provider's name and type, flags, provider
// parameters, the key spec) and CERT_KEY_CONTEXT_PROP_ID (a CERT_KEY_CONTEXT: an acquired
// provider's handle and the key spec) — kept in a context as bytes of their own and laid out
// again for the program's pointer width when it reads them; and CryptAcquireCertificatePrivateKey,
// which opens the key they name through ADVAPI32's CryptAcquireContextW (a CryptoAPI provider) or
// NCRYPT's NCryptOpenStorageProvider and NCryptOpenKey (a key storage provider: type 0).
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/crypt32.h"

namespace polyrun::shims::crypt32::stores {

namespace {

void put32(Bytes& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_bytes(Bytes& b, const uint8_t* d, size_t n) {
  put32(b, static_cast<uint32_t>(n));
  b.insert(b.end(), d, d + n);
}
struct Reader {
  const Bytes& b;
  size_t at = 0;
  bool ok = true;
  uint32_t u32() {
    if (at + 4 > b.size()) return ok = false, 0;
    const uint32_t v = b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
    at += 4;
    return v;
  }
  Bytes bytes() {
    const uint32_t n = u32();
    if (!ok || at + n > b.size()) return ok = false, Bytes();
    Bytes v(b.begin() + static_cast<long>(at), b.begin() + static_cast<long>(at + n));
    at += n;
    return v;
  }
};

std::u16string u16_of(const Bytes& b) {
  std::u16string s(b.size() / 2, u'\0');
  std::memcpy(s.data(), b.data(), s.size() * 2);
  return s;
}

}  // namespace

// The bytes a CRYPT_KEY_PROV_INFO is kept as: its type, flags and key spec, the two names (UTF-16,
// no NUL), then each provider parameter (its number, flags and bytes).
Bytes key_prov_info_from_guest(WindowsProcess& p, uint64_t info) {
  const unsigned ptr = p.isa->ptr;
  // x64: names at 0 and 8, dwProvType 16, dwFlags 20, cProvParam 24, rgProvParam 32, dwKeySpec 40;
  // x86: 0, 4, 8, 12, 16, 20, 24.
  const uint64_t container = p.get_ptr(info), provider = p.get_ptr(info + ptr);
  const uint64_t numbers = info + 2 * ptr;
  const uint32_t type = get<uint32_t>(numbers), flags = get<uint32_t>(numbers + 4), count = get<uint32_t>(numbers + 8);
  const uint64_t params = p.get_ptr(ptr == 8 ? info + 32 : info + 20);
  const uint32_t spec = get<uint32_t>(ptr == 8 ? info + 40 : info + 24);
  Bytes out;
  put32(out, type), put32(out, flags), put32(out, spec);
  for (uint64_t s : {container, provider}) {
    const std::u16string text = s ? WStr{s}.str() : std::u16string();
    put_bytes(out, reinterpret_cast<const uint8_t*>(text.data()), text.size() * 2);
  }
  put32(out, count);
  // CRYPT_KEY_PROV_PARAM: dwParam, pbData, cbData, dwFlags (x64: 0, 8, 16, 20 of 24; x86: 16).
  const uint64_t stride = ptr == 8 ? 24 : 16;
  for (uint32_t i = 0; i < count && params; ++i) {
    const uint64_t at = params + i * stride;
    const uint32_t n = get<uint32_t>(at + 2 * ptr);
    const uint64_t data = p.get_ptr(at + ptr);
    put32(out, get<uint32_t>(at)), put32(out, get<uint32_t>(at + 2 * ptr + 4));
    Bytes v(n);
    if (n && data) copy_guest(v.data(), guest_pointer(data), n, data, false);
    put_bytes(out, v.data(), v.size());
  }
  return out;
}

std::optional<KeyProvInfo> key_prov_info(const Bytes& kept) {
  Reader r{kept};
  KeyProvInfo k;
  k.type = r.u32(), k.flags = r.u32(), k.spec = r.u32();
  k.container = u16_of(r.bytes());
  k.provider = u16_of(r.bytes());
  const uint32_t count = r.u32();
  for (uint32_t i = 0; r.ok && i < count; ++i) {
    KeyProvInfo::Param param;
    param.id = r.u32(), param.flags = r.u32(), param.data = r.bytes();
    k.params.push_back(std::move(param));
  }
  if (!r.ok) return std::nullopt;
  return k;
}

Bytes key_prov_info_bytes(const KeyProvInfo& k) {
  Bytes out;
  put32(out, k.type), put32(out, k.flags), put32(out, k.spec);
  put_bytes(out, reinterpret_cast<const uint8_t*>(k.container.data()), k.container.size() * 2);
  put_bytes(out, reinterpret_cast<const uint8_t*>(k.provider.data()), k.provider.size() * 2);
  put32(out, static_cast<uint32_t>(k.params.size()));
  for (const auto& param : k.params) put32(out, param.id), put32(out, param.flags), put_bytes(out, param.data.data(), param.data.size());
  return out;
}

// The CRYPT_KEY_PROV_INFO laid out: the structure, its parameters, the names.
GuestBlock key_prov_info_block(const KeyProvInfo& k, unsigned ptr) {
  GuestBlock b(ptr);
  const size_t head = b.reserve(ptr == 8 ? 48 : 28);
  b.u32(head + 2 * ptr, k.type), b.u32(head + 2 * ptr + 4, k.flags), b.u32(head + 2 * ptr + 8, static_cast<uint32_t>(k.params.size()));
  b.u32(ptr == 8 ? head + 40 : head + 24, k.spec);
  if (!k.params.empty()) {
    const size_t stride = ptr == 8 ? 24 : 16;
    const size_t array = b.reserve(stride * k.params.size(), ptr);
    b.pointer(ptr == 8 ? head + 32 : head + 20, array);
    for (size_t i = 0; i < k.params.size(); ++i) {
      const size_t at = array + i * stride;
      b.u32(at, k.params[i].id);
      b.u32(at + 2 * ptr, static_cast<uint32_t>(k.params[i].data.size()));
      b.u32(at + 2 * ptr + 4, k.params[i].flags);
      if (!k.params[i].data.empty()) b.pointer(at + ptr, b.append(k.params[i].data.data(), k.params[i].data.size()));
    }
  }
  const std::u16string names[2] = {k.container, k.provider};
  for (int i = 0; i < 2; ++i) {
    const std::u16string& s = names[i];
    b.pointer(head + i * ptr, b.append(s.c_str(), 2 * (s.size() + 1), 2));
  }
  b.reserve(0, ptr);
  return b;
}

// CERT_KEY_CONTEXT: cbSize, the provider's (or NCRYPT key's) handle, dwKeySpec (x64: 0, 8, 16 of
// 24; x86: 0, 4, 8 of 12); kept as the handle (8 bytes) and the key spec.
Bytes key_context_from_guest(WindowsProcess& p, uint64_t at) {
  const unsigned ptr = p.isa->ptr;
  Bytes out;
  const uint64_t handle = p.get_ptr(at + ptr);
  put32(out, static_cast<uint32_t>(handle)), put32(out, static_cast<uint32_t>(handle >> 32));
  put32(out, get<uint32_t>(at + 2 * ptr));
  return out;
}
GuestBlock key_context_block(const Bytes& kept, unsigned ptr) {
  Reader r{kept};
  const uint64_t lo = r.u32(), hi = r.u32();
  const uint32_t spec = r.u32();
  GuestBlock b(ptr);
  const size_t at = b.reserve(3 * ptr);
  b.u32(at, 3 * ptr);
  if (ptr == 8) b.u64(at + 8, lo | hi << 32);
  else b.u32(at + 4, static_cast<uint32_t>(lo));
  b.u32(at + 2 * ptr, spec);
  return b;
}

namespace {

constexpr uint32_t kCryptENoKeyProperty = 0x8009200b, kNteBadPublicKey = 0x80090015, kNteBadKeyset = 0x80090016;
// (CRYPT_ACQUIRE_SILENT_FLAG and _NO_HEALING have nothing to change: no provider here asks the user)
constexpr uint32_t kAcquireCache = 0x1, kAcquireUseProvInfo = 0x2, kAcquireCompareKey = 0x4,
                   kAcquireAllowNcrypt = 0x10000, kAcquirePreferNcrypt = 0x20000, kAcquireOnlyNcrypt = 0x40000;
constexpr uint32_t kNcryptKeySpec = 0xffffffffu;

// CryptAcquireCertificatePrivateKey(cert, flags, params, out key, out spec, out caller frees):
// the provider (or NCRYPT key) of the certificate's private key: an acquired one kept in
// CERT_KEY_CONTEXT_PROP_ID, else the container CERT_KEY_PROV_INFO_PROP_ID names, acquired now
// (and kept there with CRYPT_ACQUIRE_CACHE_FLAG, the caller then not to free it); with
// CRYPT_ACQUIRE_COMPARE_KEY_FLAG, its public key compared with the certificate's
// (NTE_BAD_PUBLIC_KEY). A certificate that names no key: CRYPT_E_NO_KEY_PROPERTY.
BOOL CryptAcquireCertificatePrivateKey(WindowsProcess& p, Ptr cert, uint32_t flags, Ptr, Ptr out_key, Ptr out_spec,
                                       Ptr out_free) {
  if (!out_key) return fail(p, ERROR_INVALID_PARAMETER);
  std::optional<KeyProvInfo> info;
  std::optional<Bytes> cached;
  Bytes public_key;
  {
    std::lock_guard<GuestCallMutex> g(lock());
    Context* c = find_context(cert.addr);
    if (!c) return fail(p, ERROR_INVALID_PARAMETER);
    if (auto it = c->properties().find(kPropKeyContext); it != c->properties().end() && !(flags & kAcquireUseProvInfo))
      cached = it->second;
    if (auto v = c->properties().find(kPropKeyProvInfo); v != c->properties().end()) info = key_prov_info(v->second);
    public_key = c->cert->public_key.bits;
  }
  if (cached) {
    Reader r{*cached};
    const uint64_t lo = r.u32(), hi = r.u32();
    const uint32_t spec = r.u32();
    p.put_ptr(out_key.addr, lo | hi << 32);
    if (out_spec) put<uint32_t>(out_spec.addr, spec);
    if (out_free) put<uint32_t>(out_free.addr, 0);
    return TRUE;
  }
  if (!info) return fail(p, kCryptENoKeyProperty);
  const bool machine = (info->flags & 0x20) != 0;  // CRYPT_MACHINE_KEYSET
  uint64_t handle = 0;
  uint32_t spec = info->spec;
  if (info->type == 0) {
    // A key storage provider's key (NCRYPT): its provider opened, then the key by name.
    if (!(flags & (kAcquireAllowNcrypt | kAcquirePreferNcrypt | kAcquireOnlyNcrypt))) return fail(p, kNteBadKeyset);
    GuestScratch prov_out(p, 8), key_out(p, 8), prov_name(p, info->provider), key_name(p, info->container);
    uint32_t status = static_cast<uint32_t>(p.call_export(
        "ncrypt.dll", "NCryptOpenStorageProvider", {prov_out.at, prov_name.at, 0}));
    if (status) return fail(p, status);
    const uint64_t provider = p.get_ptr(prov_out.at);
    status = static_cast<uint32_t>(p.call_export("ncrypt.dll", "NCryptOpenKey",
                                                 {provider, key_out.at, key_name.at,
                                                  info->spec == kNcryptKeySpec ? 0 : info->spec, machine ? 0x20u : 0u}));
    p.call_export("ncrypt.dll", "NCryptFreeObject", {provider});
    if (status) return fail(p, status);
    handle = p.get_ptr(key_out.at);
    spec = kNcryptKeySpec;
  } else {
    if (flags & kAcquireOnlyNcrypt) return fail(p, kNteBadKeyset);
    GuestScratch prov_out(p, 8), container(p, info->container), provider(p, info->provider);
    const uint64_t prov_name = info->provider.empty() ? 0 : provider.at;
    if (!static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptAcquireContextW",
                                             {prov_out.at, container.at, prov_name,
                                              info->type, machine ? 0x20u : 0u})))
      return FALSE;
    handle = p.get_ptr(prov_out.at);
    if (flags & kAcquireCompareKey) {
      GuestScratch size(p, 4);
      bool same = false;
      if (static_cast<uint32_t>(p.call_export("crypt32.dll", "CryptExportPublicKeyInfo",
                                              {handle, spec, 1, 0, size.at}))) {
        const uint32_t n = get<uint32_t>(size.at);
        GuestScratch info_out(p, n);
        if (static_cast<uint32_t>(p.call_export("crypt32.dll", "CryptExportPublicKeyInfo", {handle, spec, 1, info_out.at, size.at}))) {
          const Bytes key = blob_bytes(info_out.at + 3 * p.isa->ptr, p.isa->ptr);
          same = key == public_key;
        }
      }
      if (!same) {
        p.call_export("advapi32.dll", "CryptReleaseContext", {handle, 0});
        return fail(p, kNteBadPublicKey);
      }
    }
  }
  bool caller_frees = true;
  if (flags & kAcquireCache) {
    std::lock_guard<GuestCallMutex> g(lock());
    if (Context* c = find_context(cert.addr)) {
      Bytes kept;
      put32(kept, static_cast<uint32_t>(handle)), put32(kept, static_cast<uint32_t>(handle >> 32)), put32(kept, spec);
      c->properties()[kPropKeyContext] = kept;
      caller_frees = false;
    }
  }
  p.put_ptr(out_key.addr, handle);
  if (out_spec) put<uint32_t>(out_spec.addr, spec);
  if (out_free) put<uint32_t>(out_free.addr, caller_frees ? 1 : 0);
  p.set_last_error(0);
  return TRUE;
}

}  // namespace

}  // namespace polyrun::shims::crypt32::stores

namespace polyrun::shims::crypt32 {
const std::vector<Export>& certificate_key_exports() {
  static const std::vector<Export> e = {
      EXPORT("CryptAcquireCertificatePrivateKey", stores::CryptAcquireCertificatePrivateKey),
  };
  return e;
}
}  // namespace polyrun::shims::crypt32
