// PKCS #7 SignedData over bytes (signed_data.h).
#include "shims/crypt32/signed_data.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <algorithm>
#include <cstring>

namespace polyrun::shims::crypt32 {

namespace {

constexpr uint8_t kInteger = 0x02, kOctetString = 0x04, kOid = 0x06, kSequence = 0x30, kSet = 0x31;

Bytes bytes_of(const uint8_t* p, size_t n) { return Bytes(p, p + n); }

std::optional<std::string> oid_of(const DerElement& e) {
  if (e.tag != kOid) return std::nullopt;
  return oid_text(e.value, e.size);
}

gnutls_digest_algorithm_t digest_algorithm(const std::string& oid) {
  if (oid == "1.2.840.113549.2.5") return GNUTLS_DIG_MD5;
  if (oid == "1.3.14.3.2.26" || oid == "1.2.840.113549.1.1.5") return GNUTLS_DIG_SHA1;
  if (oid == "2.16.840.1.101.3.4.2.1") return GNUTLS_DIG_SHA256;
  if (oid == "2.16.840.1.101.3.4.2.2") return GNUTLS_DIG_SHA384;
  if (oid == "2.16.840.1.101.3.4.2.3") return GNUTLS_DIG_SHA512;
  return GNUTLS_DIG_UNKNOWN;
}

uint32_t u32_at(const Bytes& b, size_t at) {
  uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}
uint16_t u16_at(const Bytes& b, size_t at) {
  uint16_t v;
  std::memcpy(&v, b.data() + at, 2);
  return v;
}

// Attributes ::= SET OF SEQUENCE { type OID, values SET OF ANY }
bool read_attributes(const DerElement& set, std::vector<Attribute>& out) {
  DerReader r(set);
  while (!r.at_end()) {
    DerElement a, type, values;
    if (!r.next(a) || a.tag != kSequence) return false;
    DerReader parts(a);
    if (!parts.next(type) || !parts.next(values) || values.tag != kSet || !parts.at_end()) return false;
    Attribute attr;
    const auto oid = oid_of(type);
    if (!oid) return false;
    attr.oid = *oid;
    DerReader v(values);
    while (!v.at_end()) {
      DerElement value;
      if (!v.next(value)) return false;
      attr.values.push_back(bytes_of(value.whole, value.whole_size));
    }
    out.push_back(std::move(attr));
  }
  return true;
}

std::optional<SignerInfo> read_signer(const DerElement& e) {
  if (e.tag != kSequence) return std::nullopt;
  SignerInfo s;
  s.encoded = bytes_of(e.whole, e.whole_size);
  DerReader r(e);
  DerElement version, sid, digest_alg, x;
  if (!r.next(version) || version.tag != kInteger || version.size != 1) return std::nullopt;
  s.version = version.value[0];
  if (!r.next(sid) || sid.tag != kSequence) return std::nullopt;  // issuerAndSerialNumber
  {
    DerReader id(sid);
    DerElement issuer, serial;
    if (!id.next(issuer) || issuer.tag != kSequence || !id.next(serial) || serial.tag != kInteger || !id.at_end())
      return std::nullopt;
    s.issuer = bytes_of(issuer.whole, issuer.whole_size);
    s.serial = bytes_of(serial.value, serial.size);
  }
  if (!r.next(digest_alg) || !read_algorithm_id(digest_alg, s.digest_algorithm)) return std::nullopt;
  if (!r.next(x)) return std::nullopt;
  if (x.tag == 0xa0) {  // signedAttrs [0] IMPLICIT SET OF Attribute: signed as a SET
    s.signed_attributes = bytes_of(x.whole, x.whole_size);
    s.signed_attributes[0] = kSet;
    if (!read_attributes(x, s.signed_attrs) || !r.next(x)) return std::nullopt;
  }
  if (!read_algorithm_id(x, s.signature_algorithm)) return std::nullopt;
  DerElement signature;
  if (!r.next(signature) || signature.tag != kOctetString) return std::nullopt;
  s.signature = bytes_of(signature.value, signature.size);
  if (!r.at_end()) {
    DerElement u;
    if (!r.next(u) || u.tag != 0xa1 || !read_attributes(u, s.unsigned_attrs) || !r.at_end()) return std::nullopt;
  }
  return s;
}

gnutls_datum_t datum(const Bytes& b) {
  return gnutls_datum_t{const_cast<unsigned char*>(b.data()), static_cast<unsigned>(b.size())};
}

bool verify_with(gnutls_pubkey_t key, const SignerInfo& signer, const Bytes& content) {
  const gnutls_digest_algorithm_t dig = digest_algorithm(signer.digest_algorithm.oid);
  if (dig == GNUTLS_DIG_UNKNOWN) return false;
  const auto pk = static_cast<gnutls_pk_algorithm_t>(gnutls_pubkey_get_pk_algorithm(key, nullptr));
  const gnutls_sign_algorithm_t sign = gnutls_pk_to_sign(pk, dig);
  const Bytes& signed_bytes = signer.signed_attributes.empty() ? content : signer.signed_attributes;
  const gnutls_datum_t data = datum(signed_bytes), signature = datum(signer.signature);
  return sign != GNUTLS_SIGN_UNKNOWN &&
         gnutls_pubkey_verify_data2(key, sign, GNUTLS_VERIFY_ALLOW_BROKEN | GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1, &data,
                                    &signature) >= 0;
}

}  // namespace

std::optional<ContentInfo> parse_content_info(const Bytes& der) {
  DerReader outer(der.data(), der.size());
  DerElement info, type;
  if (!outer.next(info) || info.tag != kSequence) return std::nullopt;
  DerReader ci(info);
  const auto oid = ci.next(type) ? oid_of(type) : std::nullopt;
  if (!oid) return std::nullopt;
  ContentInfo out;
  out.type = *oid;
  if (!ci.at_end()) {
    DerElement wrapped, inner;
    if (!ci.next(wrapped) || wrapped.tag != 0xa0) return std::nullopt;
    DerReader w(wrapped);
    if (!w.next(inner)) return std::nullopt;
    out.content = bytes_of(inner.whole, inner.whole_size);
  }
  return out;
}

std::optional<SignedData> parse_signed_data_content(const Bytes& content) {
  DerReader outer(content.data(), content.size());
  DerElement sd;
  if (!outer.next(sd) || sd.tag != kSequence) return std::nullopt;
  SignedData m;
  DerReader r(sd);
  DerElement version, digests, encap, x;
  if (!r.next(version) || version.tag != kInteger || version.size != 1 || !r.next(digests) || digests.tag != kSet ||
      !r.next(encap) || encap.tag != kSequence)
    return std::nullopt;
  m.version = version.value[0];
  {
    DerReader e(encap);
    DerElement ctype, wrapped;
    if (!e.next(ctype)) return std::nullopt;
    const auto oid = oid_of(ctype);
    if (!oid) return std::nullopt;
    m.content_type = *oid;
    if (!e.at_end()) {
      if (!e.next(wrapped) || wrapped.tag != 0xa0) return std::nullopt;
      DerReader c(wrapped);
      DerElement inner;
      if (!c.next(inner)) return std::nullopt;
      m.content = bytes_of(inner.value, inner.size);
      m.content_whole = bytes_of(inner.whole, inner.whole_size);
    }
  }
  if (!r.next(x)) return std::nullopt;
  if (x.tag == 0xa0) {  // certificates [0] IMPLICIT SET OF Certificate
    DerReader certs(x);
    while (!certs.at_end()) {
      DerElement c;
      if (!certs.next(c)) return std::nullopt;
      if (c.tag == kSequence) m.certificates.push_back(bytes_of(c.whole, c.whole_size));
    }
    if (!r.next(x)) return std::nullopt;
  }
  if (x.tag == 0xa1) {  // crls [1] IMPLICIT SET OF CertificateList
    DerReader crls(x);
    while (!crls.at_end()) {
      DerElement c;
      if (!crls.next(c)) return std::nullopt;
      m.crls.push_back(bytes_of(c.whole, c.whole_size));
    }
    if (!r.next(x)) return std::nullopt;
  }
  if (x.tag != kSet) return std::nullopt;
  DerReader signers(x);
  while (!signers.at_end()) {
    DerElement s;
    if (!signers.next(s)) return std::nullopt;
    auto signer = read_signer(s);
    if (!signer) return std::nullopt;
    m.signers.push_back(std::move(*signer));
  }
  return m;
}

std::optional<SignedData> parse_signed_data(const Bytes& pkcs7) {
  const auto info = parse_content_info(pkcs7);
  if (!info || info->type != "1.2.840.113549.1.7.2") return std::nullopt;
  return parse_signed_data_content(info->content);
}

std::optional<Bytes> digest_of(const uint8_t* data, size_t size, const std::string& digest_oid) {
  const gnutls_digest_algorithm_t alg = digest_algorithm(digest_oid);
  if (alg == GNUTLS_DIG_UNKNOWN) return std::nullopt;
  Bytes out(gnutls_hash_get_len(alg));
  if (gnutls_hash_fast(alg, data, size, out.data()) != 0) return std::nullopt;
  return out;
}

const Bytes* signer_certificate(const SignedData& message, const SignerInfo& signer) {
  for (const Bytes& der : message.certificates) {
    const auto c = parse_certificate(der.data(), der.size());
    if (c && c->issuer == signer.issuer && c->serial == signer.serial) return &der;
  }
  return nullptr;
}

bool content_digest_matches(const SignerInfo& signer, const Bytes& content) {
  if (signer.signed_attributes.empty()) return true;
  for (const Attribute& a : signer.signed_attrs)
    if (a.oid == "1.2.840.113549.1.9.4" && a.values.size() == 1) {  // messageDigest: an OCTET STRING
      DerReader r(a.values[0].data(), a.values[0].size());
      DerElement digest;
      if (!r.next(digest) || digest.tag != kOctetString) return false;
      const auto mine = digest_of(content.data(), content.size(), signer.digest_algorithm.oid);
      return mine && mine->size() == digest.size && std::equal(mine->begin(), mine->end(), digest.value);
    }
  return false;
}

bool signature_verifies_with_certificate(const SignerInfo& signer, const Bytes& content, const Bytes& certificate_der) {
  gnutls_pubkey_t key = nullptr;
  if (gnutls_pubkey_init(&key) != 0) return false;
  const gnutls_datum_t cert = datum(certificate_der);
  const bool ok = gnutls_pubkey_import_x509_raw(key, &cert, GNUTLS_X509_FMT_DER, 0) == 0 && verify_with(key, signer, content);
  gnutls_pubkey_deinit(key);
  return ok;
}

bool signature_verifies_with_key(const SignerInfo& signer, const Bytes& content, const Bytes& public_key_info_der) {
  gnutls_pubkey_t key = nullptr;
  if (gnutls_pubkey_init(&key) != 0) return false;
  const gnutls_datum_t spki = datum(public_key_info_der);
  const bool ok = gnutls_pubkey_import(key, &spki, GNUTLS_X509_FMT_DER) == 0 && verify_with(key, signer, content);
  gnutls_pubkey_deinit(key);
  return ok;
}

std::optional<PeLayout> pe_layout(const Bytes& file) {
  if (file.size() < 0x40 || file[0] != 'M' || file[1] != 'Z') return std::nullopt;
  const uint32_t pe = u32_at(file, 0x3c);
  if (pe > file.size() || file.size() - pe < 24 + 96 || std::memcmp(file.data() + pe, "PE\0\0", 4) != 0)
    return std::nullopt;
  const size_t optional = pe + 24;
  const uint16_t magic = u16_at(file, optional);
  if (magic != 0x10b && magic != 0x20b) return std::nullopt;
  const size_t dirs = optional + (magic == 0x20b ? 112 : 96);
  const uint32_t count = u32_at(file, dirs - 4);
  PeLayout l;
  l.checksum_at = optional + 64;
  l.security_entry_at = dirs + 4 * 8;
  if (count <= 4 || l.security_entry_at + 8 > file.size()) return l;
  l.table_offset = u32_at(file, l.security_entry_at);
  l.table_size = u32_at(file, l.security_entry_at + 4);
  if (l.table_offset == 0 || l.table_offset > file.size() || l.table_size > file.size() - l.table_offset ||
      l.table_offset < l.security_entry_at + 8)
    l.table_offset = l.table_size = 0;
  return l;
}

std::vector<Bytes> pe_signatures(const Bytes& file, const PeLayout& l) {
  std::vector<Bytes> out;
  // WIN_CERTIFICATE { DWORD dwLength; WORD wRevision; WORD wCertificateType; BYTE bCertificate[]; },
  // each entry 8-byte aligned.
  for (size_t at = l.table_offset, end = size_t{l.table_offset} + l.table_size; l.table_offset && at + 8 <= end;) {
    const uint32_t length = u32_at(file, at);
    if (length < 8 || length > end - at) break;
    if (u16_at(file, at + 6) == 2) out.push_back(bytes_of(file.data() + at + 8, length - 8));
    at += (length + 7) & ~size_t{7};
  }
  return out;
}

}  // namespace polyrun::shims::crypt32
