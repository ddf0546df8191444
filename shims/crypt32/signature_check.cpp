// CRYPT32's signature check over GnuTLS (signature_check.h).
#include "shims/crypt32/signature_check.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

namespace polyrun::shims::crypt32 {

namespace {

gnutls_datum_t datum(const Bytes& b) {
  return gnutls_datum_t{const_cast<unsigned char*>(b.data()), static_cast<unsigned>(b.size())};
}

// A certificate of GnuTLS's, freed with the object.
struct GnutlsCertificate {
  gnutls_x509_crt_t crt = nullptr;
  explicit GnutlsCertificate(const Bytes& der) {
    const gnutls_datum_t d = datum(der);
    if (gnutls_x509_crt_init(&crt) != 0) crt = nullptr;
    else if (gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_DER) != 0) {
      gnutls_x509_crt_deinit(crt);
      crt = nullptr;
    }
  }
  ~GnutlsCertificate() {
    if (crt) gnutls_x509_crt_deinit(crt);
  }
  GnutlsCertificate(const GnutlsCertificate&) = delete;
  GnutlsCertificate& operator=(const GnutlsCertificate&) = delete;
};

}  // namespace

bool signed_by(const Certificate& subject, const Bytes& subject_der, const Bytes& issuer_der) {
  if (subject.tbs.empty() || subject.signature_value.unused_bits != 0) return false;
  GnutlsCertificate issuer(issuer_der), signed_one(subject_der);
  if (!issuer.crt || !signed_one.crt) return false;
  // The algorithm as the signed certificate names it (with RSA-PSS's hash from its parameters).
  const int algorithm = gnutls_x509_crt_get_signature_algorithm(signed_one.crt);
  if (algorithm <= 0) return false;
  gnutls_pubkey_t key = nullptr;
  bool ok = false;
  if (gnutls_pubkey_init(&key) == 0) {
    if (gnutls_pubkey_import_x509(key, issuer.crt, 0) == 0) {
      const gnutls_datum_t data = datum(subject.tbs), signature = datum(subject.signature_value.bits);
      ok = gnutls_pubkey_verify_data2(key, static_cast<gnutls_sign_algorithm_t>(algorithm),
                                      GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1, &data,
                                      &signature) >= 0;
    }
    gnutls_pubkey_deinit(key);
  }
  return ok;
}

}  // namespace polyrun::shims::crypt32
