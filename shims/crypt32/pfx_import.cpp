// CRYPT32's PKCS #12 (PFX) import: PFXIsPFXBlob, PFXVerifyPassword and PFXImportCertStore, over
// GnuTLS's PKCS #12 reader (as wine's CRYPT32 reads PFX with GnuTLS).
//
// PFXImportCertStore gives a memory store with the certificates of the PFX, in the order its bags
// hold them. A private key in it is not imported (polyrun has no key
// container CRYPT32 can attach to a certificate): that is said once, and the certificates come
// without CERT_KEY_PROV_INFO_PROP_ID, as from a PFX without a key (CryptAcquireCertificatePrivateKey,
// which would use it, is not provided either).
#include <gnutls/gnutls.h>
#include <gnutls/pkcs12.h>
#include <gnutls/x509.h>

#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/log.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/crypt32.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace pfx {
namespace {

using namespace stores;

constexpr uint32_t kErrorInvalidPassword = 86;

struct Pkcs12 {
  gnutls_pkcs12_t p12 = nullptr;
  explicit Pkcs12(const Bytes& der) {
    const gnutls_datum_t d{const_cast<unsigned char*>(der.data()), static_cast<unsigned>(der.size())};
    if (gnutls_pkcs12_init(&p12) < 0) p12 = nullptr;
    else if (gnutls_pkcs12_import(p12, &d, GNUTLS_X509_FMT_DER, 0) < 0) {
      gnutls_pkcs12_deinit(p12);
      p12 = nullptr;
    }
  }
  ~Pkcs12() {
    if (p12) gnutls_pkcs12_deinit(p12);
  }
  Pkcs12(const Pkcs12&) = delete;
  Pkcs12& operator=(const Pkcs12&) = delete;
};

// The password as GnuTLS takes it (UTF-8); a null one is the empty one.
std::vector<std::string> passwords(Ptr password) {
  if (!password) return {""};
  return {utf16_to_utf8(WStr{password.addr}.str())};
}

// The password that opens the PFX: the one its MAC verifies with (one without a MAC opens with
// any), or none.
std::optional<std::string> open_with(const Pkcs12& p12, Ptr password) {
  for (const std::string& pw : passwords(password))
    if (gnutls_pkcs12_verify_mac(p12.p12, pw.c_str()) != GNUTLS_E_MAC_VERIFY_FAILED) return pw;
  return std::nullopt;
}

BOOL PFXIsPFXBlob(WindowsProcess& p, Ptr blob) { return blob && is_pkcs12(blob_bytes(blob.addr, p.isa->ptr)); }

BOOL PFXVerifyPassword(WindowsProcess& p, Ptr blob, Ptr password, uint32_t) {
  if (!blob) return FALSE;
  Pkcs12 p12(blob_bytes(blob.addr, p.isa->ptr));
  return p12.p12 && open_with(p12, password).has_value();
}

// The PFX's certificates (DER) in the order its bags hold them, and whether it holds a private
// key; false when a bag cannot be read or decrypted with the password.
bool read_bags(const Pkcs12& p12, const std::string& password, std::vector<Bytes>& certs, bool& has_key) {
  for (int i = 0;; ++i) {
    gnutls_pkcs12_bag_t bag;
    if (gnutls_pkcs12_bag_init(&bag) < 0) return false;
    const int got = gnutls_pkcs12_get_bag(p12.p12, i, bag);
    if (got == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) {
      gnutls_pkcs12_bag_deinit(bag);
      return true;
    }
    bool ok = got >= 0;
    if (ok && gnutls_pkcs12_bag_get_type(bag, 0) == GNUTLS_BAG_ENCRYPTED)
      ok = gnutls_pkcs12_bag_decrypt(bag, password.c_str()) >= 0;
    const int count = ok ? gnutls_pkcs12_bag_get_count(bag) : 0;
    for (int e = 0; ok && e < count; ++e) {
      const int type = gnutls_pkcs12_bag_get_type(bag, e);
      if (type == GNUTLS_BAG_PKCS8_KEY || type == GNUTLS_BAG_PKCS8_ENCRYPTED_KEY) has_key = true;
      if (type != GNUTLS_BAG_CERTIFICATE) continue;
      gnutls_datum_t d{};
      if (gnutls_pkcs12_bag_get_data(bag, e, &d) >= 0 && d.data) certs.emplace_back(d.data, d.data + d.size);
    }
    gnutls_pkcs12_bag_deinit(bag);
    if (!ok) return false;
  }
}

Ptr PFXImportCertStore(WindowsProcess& p, Ptr blob, Ptr password, uint32_t) {
  if (!blob) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  Pkcs12 p12(blob_bytes(blob.addr, p.isa->ptr));
  if (!p12.p12) return Ptr(fail(p, stores::kCryptEAsn1Corrupt));
  auto pw = open_with(p12, password);
  if (!pw) return Ptr(fail(p, kErrorInvalidPassword));
  std::vector<Bytes> ders;
  bool has_key = false;
  if (!read_bags(p12, *pw, ders, has_key)) return Ptr(fail(p, kErrorInvalidPassword));
  if (has_key) {
    static std::once_flag said;
    std::call_once(said, [] {
      polyrun::log().info("CRYPT32: PFXImportCertStore imports a PFX's certificates, not its private key (polyrun "
                          "has no key container to attach to them)");
    });
  }
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = new_store(p);
  if (!s) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  for (const Bytes& der : ders) {
    auto c = parse_certificate(der.data(), der.size());
    if (!c) continue;
    add_to_store(p, s, std::make_shared<const Certificate>(std::move(*c)), der, nullptr, 2 /* USE_EXISTING */, Ptr(0));
  }
  return Ptr(s->handle);
}

}  // namespace
}  // namespace pfx

bool is_pkcs12(const std::vector<uint8_t>& der) { return pfx::Pkcs12(der).p12 != nullptr; }

const std::vector<Export>& pfx_exports() {
  using namespace pfx;
  static const std::vector<Export> exports = {
      EXPORT("PFXImportCertStore", PFXImportCertStore),
      EXPORT("PFXIsPFXBlob", PFXIsPFXBlob),
      EXPORT("PFXVerifyPassword", PFXVerifyPassword),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
