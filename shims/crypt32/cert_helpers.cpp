// CRYPT32.dll: the smaller certificate functions — hashes of certificates, keys and their signed
// parts (CryptHashCertificate(2), CryptHashPublicKeyInfo, CryptHashToBeSigned), signatures of a
// signed blob checked with a key (CryptVerifyCertificateSignature(Ex), over GnuTLS), comparisons
// (CertCompareIntegerBlob, CertComparePublicKeyInfo), CertGetPublicKeyLength,
// CertGetIntendedKeyUsage, CertGetValidUsages, CertVerifyValidityNesting, CertFindAttribute,
// CertFindRDNAttr, the issuer and the subject of a certificate in a store, the messages' signer
// count and certificates, and CRYPT32's allocator (CryptMemAlloc/Realloc/Free).
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/messages.h"
#include "shims/crypt32/signed_data.h"

namespace polyrun::shims::crypt32 {
namespace helpers {
namespace {

using namespace stores;

constexpr uint32_t kBadAlgid = 0x80090008, kBadSignature = 0x80090006, kSelfSigned = 0x80092007;
constexpr uint32_t kAsn1Badtag = 0x8009310B;

gnutls_datum_t datum(const Bytes& b) {
  return gnutls_datum_t{const_cast<unsigned char*>(b.data()), static_cast<unsigned>(b.size())};
}

// ALG_ID → a digest of GnuTLS's (0: SHA-1, CryptHashCertificate's default).
gnutls_digest_algorithm_t digest_of_algid(uint32_t algid) {
  switch (algid) {
    case 0: case 0x8004: return GNUTLS_DIG_SHA1;
    case 0x8003: return GNUTLS_DIG_MD5;
    case 0x800c: return GNUTLS_DIG_SHA256;
    case 0x800d: return GNUTLS_DIG_SHA384;
    case 0x800e: return GNUTLS_DIG_SHA512;
    default: return GNUTLS_DIG_UNKNOWN;
  }
}
gnutls_digest_algorithm_t digest_of_cng(const std::u16string& name) {
  std::string n = utf16_to_utf8(name);
  for (char& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (n == "SHA1") return GNUTLS_DIG_SHA1;
  if (n == "MD5") return GNUTLS_DIG_MD5;
  if (n == "SHA256") return GNUTLS_DIG_SHA256;
  if (n == "SHA384") return GNUTLS_DIG_SHA384;
  if (n == "SHA512") return GNUTLS_DIG_SHA512;
  return GNUTLS_DIG_UNKNOWN;
}

// The hash-functions' output protocol: NULL asks the size; too small a buffer is ERROR_MORE_DATA.
BOOL give_hash(WindowsProcess& p, gnutls_digest_algorithm_t alg, const uint8_t* data, size_t size, Ptr out, Ptr out_size) {
  if (alg == GNUTLS_DIG_UNKNOWN) return fail(p, kBadAlgid);
  if (!out_size) return fail(p, ERROR_INVALID_PARAMETER);
  Bytes digest(gnutls_hash_get_len(alg));
  if (gnutls_hash_fast(alg, data, size, digest.data()) != 0) return fail(p, kBadAlgid);
  const uint32_t room = get<uint32_t>(out_size.addr);
  put<uint32_t>(out_size.addr, static_cast<uint32_t>(digest.size()));
  if (!out) return TRUE;
  if (room < digest.size()) return fail(p, ERROR_MORE_DATA);
  std::memcpy(out.as<uint8_t>(), digest.data(), digest.size());
  return TRUE;
}

// A signed blob (a certificate, a CRL …): SEQUENCE { toBeSigned, AlgorithmIdentifier, BIT STRING }.
struct SignedBlob {
  Bytes tbs;
  std::string algorithm;
  Bytes signature;
};
std::optional<SignedBlob> read_signed_blob(const uint8_t* data, size_t size) {
  DerReader outer(data, size);
  DerElement seq;
  if (!outer.next(seq) || seq.tag != 0x30) return std::nullopt;
  DerReader r(seq);
  DerElement tbs, alg, bits;
  AlgorithmId a;
  BitString b;
  if (!r.next(tbs) || !r.next(alg) || !read_algorithm_id(alg, a) || !r.next(bits) || !read_bit_string(bits, b))
    return std::nullopt;
  return SignedBlob{Bytes(tbs.whole, tbs.whole + tbs.whole_size), a.oid, b.bits};
}

// 0, or the error: the blob's signature checked with a SubjectPublicKeyInfo's key.
uint32_t verify_blob(const SignedBlob& blob, const Bytes& key_info) {
  gnutls_pubkey_t key = nullptr;
  if (gnutls_pubkey_init(&key) != 0) return ERROR_NOT_ENOUGH_MEMORY;
  const gnutls_datum_t spki = datum(key_info);
  uint32_t error = kBadSignature;
  if (gnutls_pubkey_import(key, &spki, GNUTLS_X509_FMT_DER) == 0) {
    const gnutls_sign_algorithm_t sign = gnutls_oid_to_sign(blob.algorithm.c_str());
    const gnutls_datum_t data = datum(blob.tbs), signature = datum(blob.signature);
    if (sign == GNUTLS_SIGN_UNKNOWN) error = kBadAlgid;
    else if (gnutls_pubkey_verify_data2(key, sign, GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1,
                                        &data, &signature) >= 0)
      error = 0;
  }
  gnutls_pubkey_deinit(key);
  return error;
}

// A certificate context's SubjectPublicKeyInfo (at CERT_INFO's field).
std::optional<Bytes> context_key(WindowsProcess& p, uint64_t context) {
  const unsigned ptr = p.isa->ptr;
  const CertInfoLayout l{ptr};
  const uint64_t info = p.get_ptr(context + 3 * ptr);
  return info ? public_key_info_der(p, info + l.public_key_info()) : std::nullopt;
}

Bytes context_der(WindowsProcess& p, uint64_t context) {
  const unsigned ptr = p.isa->ptr;
  const auto* bytes = static_cast<const uint8_t*>(guest_pointer(p.get_ptr(context + ptr)));
  return Bytes(bytes, bytes + get<uint32_t>(context + 2 * ptr));
}

// ---- hashes ----

BOOL CryptHashCertificate(WindowsProcess& p, USize, uint32_t algid, uint32_t, Ptr data, uint32_t size, Ptr out,
                          Ptr out_size) {
  return give_hash(p, digest_of_algid(algid), data.as<const uint8_t>(), size, out, out_size);
}
BOOL CryptHashCertificate2(WindowsProcess& p, WStr algorithm, uint32_t, Ptr, Ptr data, uint32_t size, Ptr out,
                           Ptr out_size) {
  return give_hash(p, digest_of_cng(algorithm.str()), data.as<const uint8_t>(), size, out, out_size);
}
BOOL CryptHashPublicKeyInfo(WindowsProcess& p, USize, uint32_t algid, uint32_t, uint32_t, Ptr info, Ptr out,
                            Ptr out_size) {
  const auto der = info ? public_key_info_der(p, info.addr) : std::nullopt;
  if (!der) return fail(p, ERROR_INVALID_PARAMETER);
  return give_hash(p, digest_of_algid(algid), der->data(), der->size(), out, out_size);
}
// The signed part's hash, with the digest of the blob's signature algorithm.
BOOL CryptHashToBeSigned(WindowsProcess& p, USize, uint32_t, Ptr data, uint32_t size, Ptr out, Ptr out_size) {
  const auto blob = read_signed_blob(data.as<const uint8_t>(), size);
  if (!blob) return fail(p, kAsn1Badtag);
  const gnutls_sign_algorithm_t sign = gnutls_oid_to_sign(blob->algorithm.c_str());
  const gnutls_digest_algorithm_t dig = sign == GNUTLS_SIGN_UNKNOWN ? GNUTLS_DIG_SHA1 : gnutls_sign_get_hash_algorithm(sign);
  return give_hash(p, dig, blob->tbs.data(), blob->tbs.size(), out, out_size);
}

// ---- signatures ----

BOOL CryptVerifyCertificateSignature(WindowsProcess& p, USize, uint32_t, Ptr data, uint32_t size, Ptr key_info) {
  const auto blob = read_signed_blob(data.as<const uint8_t>(), size);
  if (!blob) return fail(p, kAsn1Badtag);
  const auto key = key_info ? public_key_info_der(p, key_info.addr) : std::nullopt;
  if (!key) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t error = verify_blob(*blob, *key);
  return error ? fail(p, error) : TRUE;
}

// CryptVerifyCertificateSignatureEx(prov, encoding, subject type, subject, issuer type, issuer,
// flags, extra): a blob (CRYPT_DATA_BLOB), certificate or CRL context checked with a key, a
// certificate's key or a chain's first certificate's key.
BOOL CryptVerifyCertificateSignatureEx(WindowsProcess& p, USize, uint32_t, uint32_t subject_type, Ptr subject,
                                       uint32_t issuer_type, Ptr issuer, uint32_t, Ptr) {
  const unsigned ptr = p.isa->ptr;
  constexpr uint32_t kSubjectBlob = 1, kSubjectCert = 2, kSubjectCrl = 3;
  constexpr uint32_t kIssuerPubkey = 1, kIssuerCert = 2, kIssuerChain = 3, kIssuerNull = 4;
  if (!subject) return fail(p, kEInvalidArg);
  Bytes encoded;
  if (subject_type == kSubjectBlob) encoded = blob_bytes(subject.addr, ptr);
  else if (subject_type == kSubjectCert || subject_type == kSubjectCrl) encoded = context_der(p, subject.addr);
  else return fail(p, kEInvalidArg);
  const auto blob = read_signed_blob(encoded.data(), encoded.size());
  if (!blob) return fail(p, kAsn1Badtag);
  std::optional<Bytes> key;
  uint64_t issuer_context = issuer.addr;
  switch (issuer_type) {
    case kIssuerPubkey: key = issuer ? public_key_info_der(p, issuer.addr) : std::nullopt; break;
    case kIssuerChain:
      if (!issuer) return fail(p, kEInvalidArg);
      issuer_context = p.get_ptr(p.get_ptr(p.get_ptr(p.get_ptr(p.get_ptr(issuer.addr + 16)) + 16)) + ptr);
      [[fallthrough]];
    case kIssuerCert: key = issuer_context ? context_key(p, issuer_context) : std::nullopt; break;
    case kIssuerNull:  // an unsigned subject: its "signature" is none
      return blob->algorithm == "1.3.6.1.5.5.7.6.2" ? TRUE : fail(p, kBadSignature);
    default: return fail(p, kEInvalidArg);
  }
  if (!key) return fail(p, kEInvalidArg);
  const uint32_t error = verify_blob(*blob, *key);
  return error ? fail(p, error) : TRUE;
}

// ---- comparisons and facts ----

// CRYPT_INTEGER_BLOBs (least significant byte first) compared without their insignificant most
// significant bytes (0x00 of a positive number, 0xFF of a negative one).
BOOL CertCompareIntegerBlob(WindowsProcess& p, Ptr a, Ptr b) {
  auto trimmed = [&](Ptr blob) {
    Bytes v = blob_bytes(blob.addr, p.isa->ptr);
    while (v.size() > 1) {
      const uint8_t top = v.back(), next = v[v.size() - 2];
      if ((top == 0 && !(next & 0x80)) || (top == 0xff && (next & 0x80))) v.pop_back();
      else break;
    }
    return v;
  };
  return trimmed(a) == trimmed(b) ? TRUE : FALSE;
}

BOOL CertComparePublicKeyInfo(WindowsProcess& p, uint32_t, Ptr a, Ptr b) {
  const auto x = public_key_info_der(p, a.addr), y = public_key_info_der(p, b.addr);
  return x && y && *x == *y ? TRUE : FALSE;
}

// The key's length in bits (an RSA modulus', a curve's …); 0 when it is no key GnuTLS reads.
uint32_t CertGetPublicKeyLength(WindowsProcess& p, uint32_t, Ptr info) {
  const auto der = info ? public_key_info_der(p, info.addr) : std::nullopt;
  if (!der) return fail(p, ERROR_INVALID_PARAMETER);
  gnutls_pubkey_t key = nullptr;
  if (gnutls_pubkey_init(&key) != 0) return 0;
  const gnutls_datum_t spki = datum(*der);
  unsigned bits = 0;
  if (gnutls_pubkey_import(key, &spki, GNUTLS_X509_FMT_DER) == 0) gnutls_pubkey_get_pk_algorithm(key, &bits);
  gnutls_pubkey_deinit(key);
  if (!bits) return fail(p, 0x80090003);  // NTE_BAD_KEY
  return bits;
}

// CertGetValidUsages(count, certificates, oid_count, oids, size): the enhanced key usages every
// certificate of the array is good for — those of the first restricted certificate (in its order)
// that each other restricted one has too; a certificate without a restriction is good for every
// use, and when none has one the count is -1 and the size 0. `oids` receives an array of string
// pointers followed by the strings (the size counts both), or only the count and size when null.
BOOL CertGetValidUsages(WindowsProcess& p, uint32_t count, Ptr certificates, Ptr oid_count, Ptr oids, Ptr size) {
  std::lock_guard<GuestCallMutex> g(lock());
  const unsigned ptr = p.isa->ptr;
  std::optional<std::vector<std::string>> valid;
  for (uint32_t i = 0; i < count; ++i) {
    const Context* c = find_context(p.get_ptr(certificates.addr + uint64_t{i} * ptr));
    if (!c) continue;
    const std::optional<std::vector<std::string>> usages = enhanced_key_usage(*c, 0);
    if (!usages) continue;
    if (!valid) {
      valid = *usages;
      continue;
    }
    std::erase_if(*valid, [&](const std::string& oid) {
      return std::find(usages->begin(), usages->end(), oid) == usages->end();
    });
  }
  if (!valid) {
    put<int32_t>(oid_count.addr, -1);
    put<uint32_t>(size.addr, 0);
    return TRUE;
  }
  GuestBlock b(ptr);
  b.string_array(*valid);
  put<int32_t>(oid_count.addr, static_cast<int32_t>(valid->size()));
  return hand_out(p, false, Ptr(0), oids, size, b);
}

// CertGetIntendedKeyUsage(encoding, info, out, size): the key usage extension's bits (the bytes
// beyond them zero); FALSE with no last error when the certificate has none.
BOOL CertGetIntendedKeyUsage(WindowsProcess& p, uint32_t, Ptr info, Ptr out, uint32_t size) {
  const unsigned ptr = p.isa->ptr;
  const CertInfoLayout l{ptr};
  if (!info) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t n = get<uint32_t>(info.addr + l.extension_count());
  const uint64_t list = p.get_ptr(info.addr + l.extensions());
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t e = list + uint64_t{i} * l.extension_size();
    const uint64_t oid = p.get_ptr(e);
    if (!oid || std::strcmp(reinterpret_cast<const char*>(oid), "2.5.29.15") != 0) continue;
    const Bytes value = blob_bytes(e + 2 * ptr, ptr);
    DerReader r(value.data(), value.size());
    DerElement bits_element;
    BitString bits;
    if (!r.next(bits_element) || !read_bit_string(bits_element, bits)) return fail(p, kAsn1Badtag);
    if (out && size) {
      std::memset(out.as<uint8_t>(), 0, size);
      std::memcpy(out.as<uint8_t>(), bits.bits.data(), std::min<size_t>(size, bits.bits.size()));
    }
    return TRUE;
  }
  p.set_last_error(0);
  return FALSE;
}

// The subject's validity lies within the issuer's.
BOOL CertVerifyValidityNesting(WindowsProcess& p, Ptr subject, Ptr issuer) {
  const CertInfoLayout l{p.isa->ptr};
  const uint64_t sb = get<uint64_t>(subject.addr + l.not_before()), sa = get<uint64_t>(subject.addr + l.not_after());
  const uint64_t ib = get<uint64_t>(issuer.addr + l.not_before()), ia = get<uint64_t>(issuer.addr + l.not_after());
  return sb >= ib && sa <= ia ? TRUE : FALSE;
}

// CertFindAttribute(oid, count, attributes): the CRYPT_ATTRIBUTE of that OID, or NULL.
Ptr CertFindAttribute(WindowsProcess& p, Ptr oid, uint32_t count, Ptr attributes) {
  if (!oid) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  const size_t size = p.isa->ptr == 8 ? 24 : 12;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t a = attributes.addr + i * size;
    const uint64_t name = p.get_ptr(a);
    if (name && std::strcmp(reinterpret_cast<const char*>(name), oid.as<const char>()) == 0) return Ptr(a);
  }
  return Ptr(0);
}

// CertFindRDNAttr(oid, name): the CERT_RDN_ATTR of that OID in a CERT_NAME_INFO, or NULL.
Ptr CertFindRDNAttr(WindowsProcess& p, Ptr oid, Ptr name) {
  if (!oid || !name) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  const unsigned ptr = p.isa->ptr;
  const uint32_t rdns = get<uint32_t>(name.addr);
  const uint64_t rdn_list = p.get_ptr(name.addr + ptr);
  for (uint32_t i = 0; i < rdns; ++i) {
    const uint64_t rdn = rdn_list + uint64_t{i} * (2 * ptr);
    const uint32_t attrs = get<uint32_t>(rdn);
    const uint64_t list = p.get_ptr(rdn + ptr);
    for (uint32_t j = 0; j < attrs; ++j) {
      const uint64_t a = list + uint64_t{j} * (ptr == 8 ? 32 : 16);
      const uint64_t name_oid = p.get_ptr(a);
      if (name_oid && std::strcmp(reinterpret_cast<const char*>(name_oid), oid.as<const char>()) == 0) return Ptr(a);
    }
  }
  return Ptr(0);
}

// ---- issuers and subjects in a store ----

// CertGetIssuerCertificateFromStore(store, subject, previous, flags): the next certificate of the
// store whose subject is the subject's issuer; the checks `flags` asks for (signature, time
// validity) are cleared from it where they pass (revocation: CERT_STORE_NO_CRL_FLAG, no CRL being
// kept). A self-signed subject has no issuer: CRYPT_E_SELF_SIGNED.
Ptr CertGetIssuerCertificateFromStore(WindowsProcess& p, Ptr store, Ptr subject, Ptr previous, Ptr flags) {
  const unsigned ptr = p.isa->ptr;
  const CertInfoLayout l{ptr};
  constexpr uint32_t kSignature = 1, kTime = 2, kRevocation = 4, kNoCrl = 0x10000;
  if (!subject || !flags || (get<uint32_t>(flags.addr) & ~(kSignature | kTime | kRevocation)))
    return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  const uint64_t info = p.get_ptr(subject.addr + 3 * ptr);
  if (blob_bytes(info + l.issuer(), ptr) == blob_bytes(info + l.subject(), ptr)) {
    put<uint32_t>(flags.addr, 0);
    return Ptr(fail(p, kSelfSigned));
  }
  const uint64_t found = p.call_export("crypt32.dll", "CertFindCertificateInStore",
                                       {store.addr, 1, 0, 0x20007 /* CERT_FIND_SUBJECT_NAME */, info + l.issuer(),
                                        previous.addr});
  if (!found) return Ptr(0);
  uint32_t f = get<uint32_t>(flags.addr);
  if (f & kSignature) {
    const Bytes der = context_der(p, subject.addr);
    const auto blob = read_signed_blob(der.data(), der.size());
    const auto key = context_key(p, found);
    if (blob && key && verify_blob(*blob, *key) == 0) f &= ~kSignature;
  }
  if ((f & kTime) && p.call_export("crypt32.dll", "CertVerifyTimeValidity", {0, info}) == 0) f &= ~kTime;
  if (f & kRevocation) f |= kNoCrl;
  put<uint32_t>(flags.addr, f);
  return Ptr(found);
}

// CertGetSubjectCertificateFromStore(store, encoding, id): the certificate with the issuer and
// serial number of a CERT_INFO.
Ptr CertGetSubjectCertificateFromStore(WindowsProcess& p, Ptr store, uint32_t encoding, Ptr id) {
  if (!id) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return Ptr(p.call_export("crypt32.dll", "CertFindCertificateInStore",
                           {store.addr, encoding, 0, 0xb0000 /* CERT_FIND_SUBJECT_CERT */, id.addr, 0}));
}

// ---- messages' signers and certificates, in one call ----

int32_t CryptGetMessageSignerCount(WindowsProcess& p, uint32_t, Ptr blob, uint32_t size) {
  const auto sd = parse_signed_data(Bytes(blob.as<const uint8_t>(), blob.as<const uint8_t>() + size));
  if (!sd) {
    p.set_last_error(kAsn1Badtag);
    return -1;
  }
  return static_cast<int32_t>(sd->signers.size());
}

Ptr CryptGetMessageCertificates(WindowsProcess& p, uint32_t, USize, uint32_t, Ptr blob, uint32_t size) {
  const auto sd = parse_signed_data(Bytes(blob.as<const uint8_t>(), blob.as<const uint8_t>() + size));
  if (!sd) return Ptr(fail(p, kAsn1Badtag));
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = new_store(p);
  if (!s) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  for (const Bytes& c : sd->certificates)
    if (auto cert = parse_certificate(c.data(), c.size()))
      make_context(p, std::make_shared<const Certificate>(std::move(*cert)), c, s);
  return Ptr(s->handle);
}

// ---- CRYPT32's allocator (the process heap's, as LocalAlloc's) ----

Ptr CryptMemAlloc(WindowsProcess& p, uint32_t size) { return Ptr(p.heap.alloc(size)); }
Ptr CryptMemRealloc(WindowsProcess& p, Ptr block, uint32_t size) {
  return Ptr(block ? p.heap.realloc(block.addr, size) : p.heap.alloc(size));
}
void CryptMemFree(WindowsProcess& p, Ptr block) {
  if (block) p.heap.free(block.addr);
}

}  // namespace
}  // namespace helpers

const std::vector<Export>& helper_exports() {
  using namespace helpers;
  static const std::vector<Export> exports = {
      EXPORT("CryptHashCertificate", CryptHashCertificate),
      EXPORT("CryptHashCertificate2", CryptHashCertificate2),
      EXPORT("CryptHashPublicKeyInfo", CryptHashPublicKeyInfo),
      EXPORT("CryptHashToBeSigned", CryptHashToBeSigned),
      EXPORT("CryptVerifyCertificateSignature", CryptVerifyCertificateSignature),
      EXPORT("CryptVerifyCertificateSignatureEx", CryptVerifyCertificateSignatureEx),
      EXPORT("CertCompareIntegerBlob", CertCompareIntegerBlob),
      EXPORT("CertComparePublicKeyInfo", CertComparePublicKeyInfo),
      EXPORT("CertGetPublicKeyLength", CertGetPublicKeyLength),
      EXPORT("CertGetIntendedKeyUsage", CertGetIntendedKeyUsage),
      EXPORT("CertGetValidUsages", CertGetValidUsages),
      EXPORT("CertVerifyValidityNesting", CertVerifyValidityNesting),
      EXPORT("CertFindAttribute", CertFindAttribute),
      EXPORT("CertFindRDNAttr", CertFindRDNAttr),
      EXPORT("CertGetIssuerCertificateFromStore", CertGetIssuerCertificateFromStore),
      EXPORT("CertGetSubjectCertificateFromStore", CertGetSubjectCertificateFromStore),
      EXPORT("CryptGetMessageSignerCount", CryptGetMessageSignerCount),
      EXPORT("CryptGetMessageCertificates", CryptGetMessageCertificates),
      EXPORT("CryptMemAlloc", CryptMemAlloc),
      EXPORT("CryptMemRealloc", CryptMemRealloc),
      EXPORT("CryptMemFree", CryptMemFree),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
