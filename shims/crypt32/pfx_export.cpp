// CRYPT32's PKCS #12 (PFX) export: PFXExportCertStore and PFXExportCertStoreEx write a store's
// certificates, and with EXPORT_PRIVATE_KEYS their private keys, as a PFX through GnuTLS's PKCS #12
// writer: the certificates in one bag (encrypted with the password, PKCS #12's 3DES), each key a
// shrouded PKCS #8 bag (the same), a key and its certificate tied by a localKeyId (the
// certificate's SHA-1 hash), the whole under a SHA-1 MAC of the password, as Windows writes them.
// A key comes from CryptAcquireCertificatePrivateKey and ADVAPI32's CryptExportKey of its
// PRIVATEKEYBLOB (RSA); a certificate with no key is written without one unless
// REPORT_NO_PRIVATE_KEY makes that an error, a key that may not be exported likewise with
// REPORT_NOT_ABLE_TO_EXPORT_PRIVATE_KEY. The PFX goes to the CRYPT_DATA_BLOB with the usual size
// protocol.
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

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
#include "shims/crypto/algorithms.h"

namespace polyrun::shims::crypt32 {
namespace pfx_export {
namespace {

using namespace stores;

constexpr uint32_t kReportNoPrivateKey = 0x1, kReportNotAbleToExport = 0x2, kExportPrivateKeys = 0x4;
constexpr uint32_t kCryptENoKeyProperty = 0x8009200b, kNteFail = 0x80090020;

// An RSA private key read from a PRIVATEKEYBLOB into GnuTLS; null when it is none.
gnutls_x509_privkey_t key_from_blob(const Bytes& b) {
  if (b.size() < 20 || b[0] != 7) return nullptr;
  auto le32 = [&](size_t at) { return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24; };
  if (le32(8) != 0x32415352) return nullptr;  // "RSA2"
  const uint32_t bits = le32(12), full = bits / 8, half = bits / 16;
  if (20ull + 2 * full + 5ull * half > b.size()) return nullptr;
  size_t at = 20;
  auto take = [&](size_t n) {
    Bytes big(b.rbegin() + static_cast<long>(b.size() - at - n), b.rbegin() + static_cast<long>(b.size() - at));
    at += n;
    return big;
  };
  const Bytes m = take(full), p = take(half), q = take(half), e1 = take(half), e2 = take(half), u = take(half),
              d = take(full);
  Bytes e;
  for (int i = 3; i >= 0; --i) e.push_back(static_cast<uint8_t>(le32(16) >> (8 * i)));
  auto datum = [](const Bytes& v) { return gnutls_datum_t{const_cast<unsigned char*>(v.data()), static_cast<unsigned>(v.size())}; };
  const gnutls_datum_t dm = datum(m), de = datum(e), dd = datum(d), dp = datum(p), dq = datum(q), du = datum(u),
                       de1 = datum(e1), de2 = datum(e2);
  gnutls_x509_privkey_t key;
  if (gnutls_x509_privkey_init(&key) < 0) return nullptr;
  if (gnutls_x509_privkey_import_rsa_raw2(key, &dm, &de, &dd, &dp, &dq, &du, &de1, &de2) < 0) {
    gnutls_x509_privkey_deinit(key);
    return nullptr;
  }
  return key;
}

// The PRIVATEKEYBLOB of a certificate's private key (CryptAcquireCertificatePrivateKey, then
// CryptGetUserKey and CryptExportKey); nullopt with the error that stopped it.
std::optional<Bytes> private_key_blob(WindowsProcess& p, uint64_t cert, uint32_t& error) {
  GuestScratch prov_out(p, 8), spec_out(p, 4), free_out(p, 4), key_out(p, 8), size(p, 4);
  if (!prov_out.at || !spec_out.at || !free_out.at || !key_out.at || !size.at) return error = ERROR_NOT_ENOUGH_MEMORY, std::nullopt;
  if (!static_cast<uint32_t>(p.call_export("crypt32.dll", "CryptAcquireCertificatePrivateKey",
                                           {cert, 0x40 /* SILENT */, 0, prov_out.at, spec_out.at, free_out.at}))) {
    error = p.last_error();
    return std::nullopt;
  }
  const uint64_t prov = p.get_ptr(prov_out.at);
  const uint32_t spec = get<uint32_t>(spec_out.at);
  std::optional<Bytes> out;
  constexpr uint64_t kPrivateKeyBlob = 7;
  if (static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptGetUserKey", {prov, spec, key_out.at}))) {
    const uint64_t key = p.get_ptr(key_out.at);
    if (static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptExportKey", {key, 0, kPrivateKeyBlob, 0, 0, size.at}))) {
      const uint32_t n = get<uint32_t>(size.at);
      GuestScratch blob(p, n);
      if (blob.at && static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptExportKey", {key, 0, kPrivateKeyBlob, 0, blob.at, size.at}))) {
        out = Bytes(n);
        std::memcpy(out->data(), guest_pointer(blob.at), n);
      }
    }
    if (!out) error = p.last_error();
    p.call_export("advapi32.dll", "CryptDestroyKey", {key});
  } else {
    error = p.last_error();
  }
  if (get<uint32_t>(free_out.at)) p.call_export("advapi32.dll", "CryptReleaseContext", {prov, 0});
  return out;
}

struct Entry {
  uint64_t context;
  Bytes der;
  bool has_key;
};

BOOL PFXExportCertStoreEx(WindowsProcess& p, Ptr store, Ptr pfx, Ptr password, Ptr, uint32_t flags) {
  if (!store || !pfx) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<Entry> entries;
  {
    std::lock_guard<GuestCallMutex> g(lock());
    Store* s = find_store(store.addr);
    if (!s) return fail(p, ERROR_INVALID_HANDLE);
    for (uint64_t a : enumerated(*s))
      if (Context* c = find_context(a))
        entries.push_back({a, c->der, c->properties().count(kPropKeyProvInfo) || c->properties().count(kPropKeyContext)});
  }
  const std::string pass = password ? utf16_to_utf8(WStr{password.addr}.str()) : std::string();
  gnutls_pkcs12_t p12;
  gnutls_pkcs12_bag_t certs;
  if (gnutls_pkcs12_init(&p12) < 0) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  if (gnutls_pkcs12_bag_init(&certs) < 0) {
    gnutls_pkcs12_deinit(p12);
    return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  }
  uint32_t error = 0;
  std::vector<gnutls_pkcs12_bag_t> key_bags;
  for (const Entry& e : entries) {
    const gnutls_datum_t der{const_cast<unsigned char*>(e.der.data()), static_cast<unsigned>(e.der.size())};
    const int index = gnutls_pkcs12_bag_set_data(certs, GNUTLS_BAG_CERTIFICATE, &der);
    if (index < 0) {
      error = ERROR_NOT_ENOUGH_MEMORY;
      break;
    }
    if (!(flags & kExportPrivateKeys)) continue;
    if (!e.has_key) {
      if (flags & kReportNoPrivateKey) {
        error = kCryptENoKeyProperty;
        break;
      }
      continue;
    }
    uint32_t why = 0;
    const std::optional<Bytes> blob = private_key_blob(p, e.context, why);
    gnutls_x509_privkey_t key = blob ? key_from_blob(*blob) : nullptr;
    if (!key) {
      if (flags & kReportNotAbleToExport) {
        error = why ? why : 0x80090008;  // (NTE_BAD_ALGID: a key that is not RSA)
        break;
      }
      continue;
    }
    // The key and its certificate share a localKeyId: the certificate's SHA-1 hash.
    const Bytes id = crypto::digest(crypto::HashKind::Sha1, e.der.data(), e.der.size());
    const gnutls_datum_t key_id{const_cast<unsigned char*>(id.data()), static_cast<unsigned>(id.size())};
    gnutls_pkcs12_bag_t bag;
    if (gnutls_pkcs12_bag_init(&bag) < 0) {
      gnutls_x509_privkey_deinit(key);
      error = ERROR_NOT_ENOUGH_MEMORY;
      break;
    }
    key_bags.push_back(bag);
    const int at = gnutls_pkcs12_bag_set_privkey(bag, key, pass.c_str(), GNUTLS_PKCS_PKCS12_3DES);
    gnutls_x509_privkey_deinit(key);
    if (at < 0 || gnutls_pkcs12_bag_set_key_id(bag, at, &key_id) < 0 || gnutls_pkcs12_bag_set_key_id(certs, index, &key_id) < 0) {
      error = kNteFail;
      break;
    }
  }
  Bytes out;
  if (!error) {
    bool ok = gnutls_pkcs12_bag_encrypt(certs, pass.c_str(), GNUTLS_PKCS_PKCS12_3DES) >= 0 &&
              gnutls_pkcs12_set_bag(p12, certs) >= 0;
    for (gnutls_pkcs12_bag_t bag : key_bags) ok = ok && gnutls_pkcs12_set_bag(p12, bag) >= 0;
    ok = ok && gnutls_pkcs12_generate_mac2(p12, GNUTLS_MAC_SHA1, pass.c_str()) >= 0;
    gnutls_datum_t d{};
    if (ok && gnutls_pkcs12_export2(p12, GNUTLS_X509_FMT_DER, &d) >= 0) {
      out.assign(d.data, d.data + d.size);
      gnutls_free(d.data);
    } else {
      error = kNteFail;
    }
  }
  for (gnutls_pkcs12_bag_t bag : key_bags) gnutls_pkcs12_bag_deinit(bag);
  gnutls_pkcs12_bag_deinit(certs);
  gnutls_pkcs12_deinit(p12);
  if (error) return fail(p, error);
  // CRYPT_DATA_BLOB: with no pbData the size; too small a buffer: the size and ERROR_MORE_DATA.
  const unsigned ptr = p.isa->ptr;
  const uint64_t data = p.get_ptr(pfx.addr + ptr);
  const uint32_t room = get<uint32_t>(pfx.addr);
  put<uint32_t>(pfx.addr, static_cast<uint32_t>(out.size()));
  if (!data) return TRUE;
  if (room < out.size()) return fail(p, ERROR_MORE_DATA);
  copy_guest(guest_pointer(data), out.data(), out.size(), data, true);
  return TRUE;
}
BOOL PFXExportCertStore(WindowsProcess& p, Ptr store, Ptr pfx, Ptr password, uint32_t flags) {
  return PFXExportCertStoreEx(p, store, pfx, password, Ptr(0), flags);
}

}  // namespace
}  // namespace pfx_export

const std::vector<Export>& pfx_export_exports() {
  using namespace pfx_export;
  static const std::vector<Export> e = {
      EXPORT("PFXExportCertStore", PFXExportCertStore),
      EXPORT("PFXExportCertStoreEx", PFXExportCertStoreEx),
  };
  return e;
}

}  // namespace polyrun::shims::crypt32
