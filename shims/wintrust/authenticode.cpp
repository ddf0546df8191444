// Authenticode over bytes (authenticode.h).
#include "shims/wintrust/authenticode.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

namespace polyrun::shims::wintrust {

using crypt32::DerElement;
using crypt32::DerReader;

namespace {

gnutls_digest_algorithm_t digest_algorithm(const std::string& oid) {
  if (oid == "1.2.840.113549.2.5") return GNUTLS_DIG_MD5;
  if (oid == kSha1Oid) return GNUTLS_DIG_SHA1;
  if (oid == kSha256Oid) return GNUTLS_DIG_SHA256;
  if (oid == "2.16.840.1.101.3.4.2.2") return GNUTLS_DIG_SHA384;
  if (oid == "2.16.840.1.101.3.4.2.3") return GNUTLS_DIG_SHA512;
  return GNUTLS_DIG_UNKNOWN;
}

}  // namespace

std::optional<Bytes> pe_digest(const Bytes& file, const crypt32::PeLayout& l, const std::string& digest_oid) {
  const gnutls_digest_algorithm_t alg = digest_algorithm(digest_oid);
  if (alg == GNUTLS_DIG_UNKNOWN) return std::nullopt;
  gnutls_hash_hd_t h;
  if (gnutls_hash_init(&h, alg) != 0) return std::nullopt;
  // Everything but the checksum, the certificate table's entry and the table itself.
  const size_t end = l.table_offset ? l.table_offset : file.size();
  gnutls_hash(h, file.data(), l.checksum_at);
  gnutls_hash(h, file.data() + l.checksum_at + 4, l.security_entry_at - (l.checksum_at + 4));
  gnutls_hash(h, file.data() + l.security_entry_at + 8, end - (l.security_entry_at + 8));
  if (l.table_offset && size_t{l.table_offset} + l.table_size < file.size())
    gnutls_hash(h, file.data() + l.table_offset + l.table_size, file.size() - (l.table_offset + l.table_size));
  Bytes out(gnutls_hash_get_len(alg));
  gnutls_hash_deinit(h, out.data());
  return out;
}

std::optional<IndirectData> parse_indirect_data(const Bytes& content) {
  // SpcIndirectDataContent's contents: data SEQUENCE { type OID, value ANY OPTIONAL },
  // messageDigest DigestInfo SEQUENCE { AlgorithmIdentifier, OCTET STRING }.
  DerReader r(content.data(), content.size());
  DerElement data, digest_info;
  if (!r.next(data) || data.tag != 0x30 || !r.next(digest_info) || digest_info.tag != 0x30) return std::nullopt;
  IndirectData out;
  {
    DerReader d(data);
    DerElement type;
    if (!d.next(type) || type.tag != 0x06) return std::nullopt;
    const auto oid = crypt32::oid_text(type.value, type.size);
    if (!oid) return std::nullopt;
    out.data_type = *oid;
  }
  DerReader di(digest_info);
  DerElement alg, digest;
  crypt32::AlgorithmId a;
  if (!di.next(alg) || !crypt32::read_algorithm_id(alg, a) || !di.next(digest) || digest.tag != 0x04)
    return std::nullopt;
  out.digest_oid = a.oid;
  out.digest = Bytes(digest.value, digest.value + digest.size);
  return out;
}

}  // namespace polyrun::shims::wintrust
