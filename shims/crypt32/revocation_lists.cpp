// CRYPT32's certificate revocation lists: a CRL's context made from its encoding (CRL_CONTEXT
// {dwCertEncodingType, pbCrlEncoded, cbCrlEncoded, pCrlInfo, hCertStore}, its CRL_INFO decoded
// as X509_CERT_CRL_TO_BE_SIGNED decodes it), found in a store (CertFindCRLInStore: any, issued by
// a certificate — by its name, and with the flags by the CRL's authority key identifier and
// signature, or as a base or delta CRL —, the existing one of the same issuer, issued for a
// certificate; CertGetCRLFromStore), and what a CRL says of a certificate
// (CertFindCertificateInCRL, CertIsValidCRLForCertificate, CertVerifyCRLTimeValidity,
// CertVerifyCRLRevocation). The functions CRLs share with CTLs are list_contexts.cpp's.
#include <cstring>
#include <mutex>

#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/der_structures.h"
#include "shims/crypt32/list_contexts.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace lists {

std::optional<Made> crl_parts(WindowsProcess& p, uint32_t encoding, const Bytes& der, uint32_t& error) {
  if ((encoding & 0xffff) != stores::kX509Encoding) {
    error = stores::kEInvalidArg;
    return std::nullopt;
  }
  const unsigned w = p.isa->ptr;
  GuestBlock info(w);
  const DerInput in{der.data(), der.size(), 0, false};
  if (uint32_t e = find_structure_type(3, "")->decode(info, in)) {  // X509_CERT_CRL_TO_BE_SIGNED
    error = e;
    return std::nullopt;
  }
  return context_block(w, 5, encoding, der, info);  // CRL_CONTEXT
}

namespace {

using stores::find_list_context;
using stores::kCryptENotFound;
using stores::kEInvalidArg;
using stores::lock;

// CRL_INFO's fields: the issuer (a name blob) at 4w, the times at 6w, the entries {count, array}
// at 6w + 16, the extensions at 8w + 16; a CRL_ENTRY's serial at 0, its size 4w + 8.
struct CrlInfo {
  WindowsProcess& p;
  uint64_t at;
  unsigned w() const { return p.isa->ptr; }
  Bytes issuer() const { return stores::blob_bytes(at + 4 * w(), w()); }
  uint64_t this_update() const { return get<uint64_t>(at + 6 * w()); }
  uint64_t next_update() const { return get<uint64_t>(at + 6 * w() + 8); }
  uint32_t entries() const { return get<uint32_t>(at + 6 * w() + 16); }
  uint64_t entry(uint32_t i) const { return p.get_ptr(at + 7 * w() + 16) + i * (4 * w() + 8); }
  Bytes serial(uint32_t i) const { return stores::blob_bytes(entry(i), w()); }
  // An extension's value, when the CRL has it.
  std::optional<Bytes> extension(const std::string& oid) const {
    const uint32_t n = get<uint32_t>(at + 8 * w() + 16);
    const uint64_t array = p.get_ptr(at + 9 * w() + 16);
    for (uint32_t i = 0; i < n; ++i) {
      const uint64_t x = array + i * 4 * w();
      if (CStr{p.get_ptr(x)}.str() == oid) return stores::blob_bytes(x + 2 * w(), w());
    }
    return std::nullopt;
  }
};
CrlInfo crl_info_of(WindowsProcess& p, uint64_t context) { return {p, p.get_ptr(context + 3 * p.isa->ptr)}; }

// A certificate context's CERT_INFO, and its subject, issuer and serial number.
uint64_t cert_info(WindowsProcess& p, uint64_t context) { return p.get_ptr(context + 3 * p.isa->ptr); }
Bytes cert_field(WindowsProcess& p, uint64_t info, size_t offset) { return stores::blob_bytes(info + offset, p.isa->ptr); }

// Integers compared as CryptoAPI's little-endian blobs, their insignificant high bytes aside.
Bytes trimmed(Bytes b) {
  while (b.size() > 1 && ((b.back() == 0 && !(b[b.size() - 2] & 0x80)) || (b.back() == 0xff && (b[b.size() - 2] & 0x80))))
    b.pop_back();
  return b;
}

constexpr const char* kAuthorityKeyId2 = "2.5.29.35";
constexpr const char* kDeltaCrlIndicator = "2.5.29.27";
constexpr const char* kIssuingDistPoint = "2.5.29.28";

// The keyIdentifier [0] of an AuthorityKeyIdentifier's value.
std::optional<Bytes> authority_key_id(const Bytes& value) {
  DerReader r(value.data(), value.size());
  DerElement seq, x;
  if (!r.next(seq) || seq.tag != 0x30) return std::nullopt;
  for (DerReader sr(seq); sr.next(x);)
    if (x.tag == 0x80) return Bytes(x.value, x.value + x.size);
  return std::nullopt;
}

bool issued_by(WindowsProcess& p, const ListContext& crl, uint64_t issuer, uint32_t flags) {
  constexpr uint32_t kAkiFlag = 1, kSignatureFlag = 2, kDeltaFlag = 4, kBaseFlag = 8;
  const CrlInfo info = crl_info_of(p, crl.addr);
  if ((flags & kDeltaFlag) && !info.extension(kDeltaCrlIndicator)) return false;
  if ((flags & kBaseFlag) && info.extension(kDeltaCrlIndicator)) return false;
  if (!issuer) return true;
  const stores::CertInfoLayout l{p.isa->ptr};
  if (cert_field(p, cert_info(p, issuer), l.subject()) != info.issuer()) return false;
  if (flags & kSignatureFlag) {
    constexpr uint32_t kSubjectCrl = 3, kIssuerCert = 2;
    if (!static_cast<uint32_t>(p.call_export("crypt32.dll", "CryptVerifyCertificateSignatureEx",
                                             {0, 1, kSubjectCrl, crl.addr, kIssuerCert, issuer, 0, 0})))
      return false;
  }
  if (flags & kAkiFlag) {
    if (auto value = info.extension(kAuthorityKeyId2))
      if (auto id = authority_key_id(*value)) {
        const stores::Context* c = stores::find_context(issuer);
        const auto key = c ? stores::property(*c, stores::kPropKeyIdentifier) : std::nullopt;
        if (!key || *key != *id) return false;
      }
  }
  return true;
}

Ptr CertFindCRLInStore(WindowsProcess& p, Ptr store, uint32_t, uint32_t flags, uint32_t type, Ptr para, Ptr previous) {
  std::lock_guard<GuestCallMutex> g(lock());
  constexpr uint32_t kAny = 0, kIssuedBy = 1, kExisting = 2, kIssuedFor = 3;
  const unsigned w = p.isa->ptr;
  const stores::CertInfoLayout l{w};
  switch (type) {
    case kAny: return Ptr(find_next(p, ListKind::Crl, store, previous, [](const ListContext&) { return true; }));
    case kIssuedBy:
      return Ptr(find_next(p, ListKind::Crl, store, previous,
                           [&](const ListContext& c) { return issued_by(p, c, para.addr, flags); }));
    case kExisting: {
      const ListContext* other = find_list_context(para.addr);
      return Ptr(find_next(p, ListKind::Crl, store, previous,
                           [&](const ListContext& c) { return !other || same_list(p, c, *other); }));
    }
    case kIssuedFor: {  // CRL_FIND_ISSUED_FOR_PARA {pSubjectCert, pIssuerCert}: the issuer's issuer's CRLs
      if (!para) return Ptr(find_next(p, ListKind::Crl, store, previous, [](const ListContext&) { return false; }));
      const uint64_t issuer = p.get_ptr(para.addr + w);
      const Bytes name = cert_field(p, cert_info(p, issuer), l.issuer());
      return Ptr(find_next(p, ListKind::Crl, store, previous,
                           [&](const ListContext& c) { return crl_info_of(p, c.addr).issuer() == name; }));
    }
    default:
      if (previous) stores::release_list(p, find_list_context(previous.addr));
      return Ptr(fail(p, kCryptENotFound));
  }
}

// CertGetCRLFromStore(store, issuer, previous, *flags): the next CRL of the issuer (any without
// one); each CERT_STORE_SIGNATURE_FLAG / _TIME_VALIDITY_FLAG that the CRL passes is cleared.
Ptr CertGetCRLFromStore(WindowsProcess& p, Ptr store, Ptr issuer, Ptr previous, Ptr flags) {
  constexpr uint32_t kSignature = 1, kTime = 2, kBase = 0x100, kDelta = 0x200;
  if (!flags || (get<uint32_t>(flags.addr) & ~(kSignature | kTime | kBase | kDelta))) return Ptr(fail(p, kEInvalidArg));
  uint32_t f = get<uint32_t>(flags.addr);
  uint64_t found;
  {
    std::lock_guard<GuestCallMutex> g(lock());
    const uint32_t find_flags = (f & kBase ? 8u : 0u) | (f & kDelta ? 4u : 0u);
    found = find_next(p, ListKind::Crl, store, previous,
                      [&](const ListContext& c) { return issued_by(p, c, issuer.addr, find_flags); });
  }
  if (!found) return Ptr(0);
  if ((f & kSignature) && issuer) {
    constexpr uint32_t kSubjectCrl = 3, kIssuerCert = 2;
    if (static_cast<uint32_t>(p.call_export("crypt32.dll", "CryptVerifyCertificateSignatureEx",
                                            {0, 1, kSubjectCrl, found, kIssuerCert, issuer.addr, 0, 0})))
      f &= ~kSignature;
  }
  if (f & kTime) {
    const CrlInfo info = crl_info_of(p, found);
    const uint64_t now = filetime_now();
    if (now >= info.this_update() && (!info.next_update() || now <= info.next_update())) f &= ~kTime;
  }
  put<uint32_t>(flags.addr, f);
  return Ptr(found);
}

// The CRL's entry for the certificate (its serial number), or null.
BOOL CertFindCertificateInCRL(WindowsProcess& p, Ptr cert, Ptr crl, uint32_t, Ptr, Ptr entry) {
  if (!cert || !crl || !entry) return fail(p, kEInvalidArg);
  const stores::CertInfoLayout l{p.isa->ptr};
  const Bytes serial = trimmed(cert_field(p, cert_info(p, cert.addr), l.serial()));
  const CrlInfo info = crl_info_of(p, crl.addr);
  p.put_ptr(entry.addr, 0);
  for (uint32_t i = 0; i < info.entries(); ++i)
    if (trimmed(info.serial(i)) == serial) {
      p.put_ptr(entry.addr, info.entry(i));
      break;
    }
  return TRUE;
}

// Whether a CRL may speak of the certificate: one without an issuing distribution point speaks of
// every certificate; one with it, of the certificates whose distribution points it names or, when
// it names none, of any.
BOOL CertIsValidCRLForCertificate(WindowsProcess& p, Ptr cert, Ptr crl, uint32_t, Ptr) {
  if (!cert || !crl) return fail(p, kEInvalidArg);
  const CrlInfo info = crl_info_of(p, crl.addr);
  const auto idp = info.extension(kIssuingDistPoint);
  if (!idp) return TRUE;
  // The IDP's distributionPoint [0] {fullName [0] names}: each name's bytes looked for among the
  // certificate's CRL distribution points (2.5.29.31).
  DerReader r(idp->data(), idp->size());
  DerElement seq, dp;
  if (!r.next(seq) || seq.tag != 0x30) return TRUE;
  DerReader sr(seq);
  if (!sr.next(dp) || dp.tag != 0xa0) return TRUE;
  const Bytes names(dp.value, dp.value + dp.size);
  const stores::CertInfoLayout l{p.isa->ptr};
  const uint64_t ci = cert_info(p, cert.addr);
  const uint32_t n = get<uint32_t>(ci + l.extension_count());
  const uint64_t array = p.get_ptr(ci + l.extensions());
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t x = array + i * l.extension_size();
    if (CStr{p.get_ptr(x)}.str() != "2.5.29.31") continue;
    const Bytes value = stores::blob_bytes(x + 2 * p.isa->ptr, p.isa->ptr);
    if (std::search(value.begin(), value.end(), names.begin(), names.end()) != value.end()) return TRUE;
    return fail(p, static_cast<uint32_t>(0x80092013));  // CRYPT_E_NO_MATCH
  }
  return fail(p, static_cast<uint32_t>(0x80092013));
}

// -1 before ThisUpdate, 1 after NextUpdate (when it has one), 0 between; `time` null: now.
int32_t CertVerifyCRLTimeValidity(WindowsProcess& p, Ptr time, Ptr info) {
  const CrlInfo c{p, info.addr};
  const uint64_t now = time ? get<uint64_t>(time.addr) : filetime_now();
  if (now < c.this_update()) return -1;
  if (c.next_update() && now > c.next_update()) return 1;
  return 0;
}

// FALSE when one of the CRLs lists the certificate (CERT_INFO) as revoked.
BOOL CertVerifyCRLRevocation(WindowsProcess& p, uint32_t, Ptr cert, uint32_t count, Ptr crls) {
  const stores::CertInfoLayout l{p.isa->ptr};
  const Bytes serial = trimmed(cert_field(p, cert.addr, l.serial()));
  for (uint32_t i = 0; i < count; ++i) {
    const CrlInfo info{p, p.get_ptr(crls.addr + i * p.isa->ptr)};
    for (uint32_t j = 0; j < info.entries(); ++j)
      if (trimmed(info.serial(j)) == serial) return FALSE;
  }
  return TRUE;
}

}  // namespace
}  // namespace lists

const std::vector<Export>& revocation_list_exports() {
  using namespace lists;
  static const std::vector<Export> exports = {
      EXPORT("CertFindCRLInStore", CertFindCRLInStore),
      EXPORT("CertGetCRLFromStore", CertGetCRLFromStore),
      EXPORT("CertFindCertificateInCRL", CertFindCertificateInCRL),
      EXPORT("CertIsValidCRLForCertificate", CertIsValidCRLForCertificate),
      EXPORT("CertVerifyCRLTimeValidity", CertVerifyCRLTimeValidity),
      EXPORT("CertVerifyCRLRevocation", CertVerifyCRLRevocation),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
