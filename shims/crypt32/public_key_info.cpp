// CRYPT32's public key infos and the keys behind them: CryptExportPublicKeyInfo(Ex) make a
// CERT_PUBLIC_KEY_INFO of a key container's key pair (ADVAPI32's CryptGetUserKey and CryptExportKey
// of a PUBLICKEYBLOB) or of an NCRYPT key (NCryptExportKey of a BCRYPT_RSAPUBLIC_BLOB);
// CryptImportPublicKeyInfo(Ex) make a CryptoAPI key of one (CryptImportKey of a PUBLICKEYBLOB),
// CryptImportPublicKeyInfoEx2 a CNG key (BCryptImportKeyPair of a BCRYPT_RSAPUBLIC_BLOB). The keys
// are RSA keys (szOID_RSA_RSA, PKCS #1's RSAPublicKey in the bit string), as ADVAPI32's, BCRYPT's
// and NCRYPT's are; another algorithm is refused (NTE_BAD_ALGID). The other DLLs are called as
// Windows' CRYPT32 calls them, through their exports.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/der_structures.h"

namespace polyrun::shims::crypt32 {
namespace public_keys {
namespace {

constexpr char kRsaOid[] = "1.2.840.113549.1.1.1";  // szOID_RSA_RSA
constexpr uint32_t kNteBadAlgid = 0x80090008, kEInvalidArg = 0x80070057, kAsn1Corrupt = 0x80093103;
constexpr uint32_t kNcryptKeySpec = 0xffffffffu;  // CERT_NCRYPT_KEY_SPEC
constexpr uint32_t kRsa1 = 0x31415352;            // "RSA1"
constexpr uint8_t kInteger = 0x02, kSequence = 0x30;

// An RSA public key: its modulus and exponent, most significant byte first, no leading zeros.
struct RsaKey {
  Bytes modulus, exponent;
};

Bytes trimmed(Bytes b) {
  size_t i = 0;
  while (i + 1 < b.size() && b[i] == 0) ++i;
  return Bytes(b.begin() + static_cast<long>(i), b.end());
}

// PKCS #1's RSAPublicKey: SEQUENCE { INTEGER modulus, INTEGER publicExponent }.
Bytes rsa_public_key_der(const RsaKey& k) {
  auto integer = [](const Bytes& v) {
    Bytes b = trimmed(v);
    if (b.empty() || b[0] & 0x80) b.insert(b.begin(), 0);
    return der_element(kInteger, b);
  };
  Bytes body = integer(k.modulus);
  const Bytes e = integer(k.exponent);
  body.insert(body.end(), e.begin(), e.end());
  return der_element(kSequence, body);
}

std::optional<RsaKey> parse_rsa_public_key(const Bytes& der) {
  DerReader r(der.data(), der.size());
  DerElement seq, n, e;
  if (!r.next(seq) || seq.tag != kSequence || !r.at_end()) return std::nullopt;
  DerReader s(seq);
  if (!s.next(n) || n.tag != kInteger || !s.next(e) || e.tag != kInteger || !s.at_end()) return std::nullopt;
  return RsaKey{trimmed(Bytes(n.value, n.value + n.size)), trimmed(Bytes(e.value, e.value + e.size))};
}

uint32_t le32(const Bytes& b, size_t at) { return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24; }
void put_le32(Bytes& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// The public key of a container's key pair: CryptGetUserKey, then CryptExportKey of its
// PUBLICKEYBLOB (BLOBHEADER, RSAPUBKEY {magic, bitlen, pubexp}, the modulus least significant
// byte first). nullopt with ADVAPI32's last error.
std::optional<RsaKey> container_key(WindowsProcess& p, uint64_t prov, uint32_t spec) {
  stores::GuestScratch handle(p, 8), size(p, 4);
  if (!handle.at || !size.at) return std::nullopt;
  if (!static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptGetUserKey", {prov, spec, handle.at}))) return std::nullopt;
  const uint64_t key = p.get_ptr(handle.at);
  std::optional<RsaKey> out;
  constexpr uint64_t kPublicKeyBlob = 6;
  if (static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptExportKey", {key, 0, kPublicKeyBlob, 0, 0, size.at}))) {
    const uint32_t n = get<uint32_t>(size.at);
    stores::GuestScratch blob(p, n);
    if (blob.at && static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptExportKey", {key, 0, kPublicKeyBlob, 0, blob.at, size.at}))) {
      Bytes b(n);
      std::memcpy(b.data(), guest_pointer(blob.at), n);
      if (n >= 20 && le32(b, 8) == kRsa1) {
        const uint32_t bits = le32(b, 12), modulus_bytes = (bits + 7) / 8;
        if (20 + modulus_bytes <= n) {
          RsaKey k;
          k.modulus.assign(b.rbegin() + static_cast<long>(n - 20 - modulus_bytes), b.rbegin() + static_cast<long>(n - 20));
          const uint32_t e = le32(b, 16);
          for (int i = 3; i >= 0; --i) k.exponent.push_back(static_cast<uint8_t>(e >> (8 * i)));
          k.exponent = trimmed(k.exponent);
          out = k;
        }
      }
      if (!out) p.set_last_error(kNteBadAlgid);
    }
  }
  p.call_export("advapi32.dll", "CryptDestroyKey", {key});
  return out;
}

// The public key of an NCRYPT key: NCryptExportKey of its BCRYPT_RSAPUBLIC_BLOB (BCRYPT_RSAKEY_BLOB
// {Magic, BitLength, cbPublicExp, cbModulus, cbPrime1, cbPrime2}, the exponent, the modulus, most
// significant byte first). nullopt with the last error NCRYPT's status.
std::optional<RsaKey> ncrypt_key(WindowsProcess& p, uint64_t key) {
  stores::GuestScratch size(p, 4);
  stores::GuestScratch type(p, std::u16string(u"RSAPUBLICBLOB"));
  if (!size.at || !type.at) return std::nullopt;
  uint32_t status = static_cast<uint32_t>(p.call_export("ncrypt.dll", "NCryptExportKey", {key, 0, type.at, 0, 0, 0, size.at, 0}));
  if (status) {
    p.set_last_error(status);
    return std::nullopt;
  }
  const uint32_t n = get<uint32_t>(size.at);
  stores::GuestScratch blob(p, n);
  status = static_cast<uint32_t>(p.call_export("ncrypt.dll", "NCryptExportKey", {key, 0, type.at, 0, blob.at, n, size.at, 0}));
  if (status) {
    p.set_last_error(status);
    return std::nullopt;
  }
  Bytes b(n);
  std::memcpy(b.data(), guest_pointer(blob.at), n);
  if (n < 24 || le32(b, 0) != kRsa1 || 24ull + le32(b, 8) + le32(b, 12) > n) {
    p.set_last_error(kNteBadAlgid);
    return std::nullopt;
  }
  const uint32_t e = le32(b, 8), m = le32(b, 12);
  return RsaKey{trimmed(Bytes(b.begin() + 24 + e, b.begin() + 24 + e + m)), trimmed(Bytes(b.begin() + 24, b.begin() + 24 + e))};
}

// CryptExportPublicKeyInfoEx(prov or NCRYPT key, key spec, encoding, OID, flags, aux, info, size):
// the key as CERT_PUBLIC_KEY_INFO (szOID_RSA_RSA, no parameters, the RSAPublicKey's DER as the
// bit string; ERROR_INVALID_PARAMETER without a provider, a key spec or X.509's encoding), laid out as CryptDecodeObjectEx's X509_PUBLIC_KEY_INFO lays it out, through the
// size protocol.
BOOL CryptExportPublicKeyInfoEx(WindowsProcess& p, Ptr prov, uint32_t spec, uint32_t encoding, Ptr oid, uint32_t, Ptr,
                                Ptr info, Ptr size) {
  if (!prov || !spec || (encoding & 0xffff) != 1 || !size) return fail(p, ERROR_INVALID_PARAMETER);
  if (oid && CStr{oid.addr}.str() != kRsaOid) return fail(p, kNteBadAlgid);
  const std::optional<RsaKey> key = spec == kNcryptKeySpec ? ncrypt_key(p, prov.addr) : container_key(p, prov.addr, spec);
  if (!key) return FALSE;
  // SubjectPublicKeyInfo: SEQUENCE { AlgorithmIdentifier { rsaEncryption }, BIT STRING } (no
  // parameters, as wine 8.0 gives them: the encoders write RSA's NULL when the info is encoded).
  const Bytes algorithm = *oid_element(kRsaOid);
  Bytes bits{0};
  const Bytes rsa = rsa_public_key_der(*key);
  bits.insert(bits.end(), rsa.begin(), rsa.end());
  Bytes body = der_element(kSequence, algorithm);
  const Bytes bit_string = der_element(0x03, bits);
  body.insert(body.end(), bit_string.begin(), bit_string.end());
  const Bytes spki = der_element(kSequence, body);
  const StructureType* type = find_structure_type(8, "");  // X509_PUBLIC_KEY_INFO
  stores::GuestBlock block(p.isa->ptr);
  if (!type || type->decode(block, DerInput{spki.data(), spki.size(), 0, false})) return fail(p, kAsn1Corrupt);
  return stores::hand_out(p, false, Ptr(0), info, size, block);
}
BOOL CryptExportPublicKeyInfo(WindowsProcess& p, Ptr prov, uint32_t spec, uint32_t encoding, Ptr info, Ptr size) {
  return CryptExportPublicKeyInfoEx(p, prov, spec, encoding, Ptr(0), 0, Ptr(0), info, size);
}

// The RSA key of a CERT_PUBLIC_KEY_INFO in the program's memory (pszObjId, Parameters, then the
// PublicKey bit blob); nullopt with NTE_BAD_ALGID for another algorithm, CRYPT_E_ASN1_CORRUPT for
// a key that is no RSAPublicKey.
std::optional<RsaKey> info_key(WindowsProcess& p, uint64_t info) {
  const unsigned ptr = p.isa->ptr;
  if (!info) {
    p.set_last_error(kEInvalidArg);
    return std::nullopt;
  }
  const std::string oid = CStr{p.get_ptr(info)}.str();
  if (oid != kRsaOid && oid != "1.2.840.113549.1.1.7" && oid != "1.3.14.3.2.11") {  // (and RSAES-OAEP, X.500's rsa)
    p.set_last_error(kNteBadAlgid);
    return std::nullopt;
  }
  auto key = parse_rsa_public_key(stores::blob_bytes(info + 3 * ptr, ptr));
  if (!key) p.set_last_error(kAsn1Corrupt);
  return key;
}

// CryptImportPublicKeyInfoEx(prov, encoding, info, ALG_ID, flags, aux, key): a CryptoAPI key of
// the info's RSA key (CALG_RSA_KEYX unless `algid` names another), its handle in *key.
BOOL CryptImportPublicKeyInfoEx(WindowsProcess& p, Ptr prov, uint32_t encoding, Ptr info, uint32_t algid, uint32_t, Ptr,
                                Ptr out) {
  if ((encoding & 0xffff) != 1 || !out) return fail(p, kEInvalidArg);
  const std::optional<RsaKey> key = info_key(p, info.addr);
  if (!key || key->exponent.size() > 4) return key ? fail(p, kNteBadAlgid) : FALSE;
  // PUBLICKEYBLOB: BLOBHEADER {bType 6, bVersion 2, reserved, aiKeyAlg}, RSAPUBKEY, the modulus.
  Bytes blob{6, 2, 0, 0};
  put_le32(blob, algid ? algid : 0xa400);  // CALG_RSA_KEYX
  put_le32(blob, kRsa1);
  put_le32(blob, static_cast<uint32_t>(key->modulus.size() * 8));
  uint32_t e = 0;
  for (uint8_t b : key->exponent) e = e << 8 | b;
  put_le32(blob, e);
  blob.insert(blob.end(), key->modulus.rbegin(), key->modulus.rend());
  stores::GuestScratch in(p, blob.size());
  if (!in.at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  std::memcpy(guest_pointer(in.at), blob.data(), blob.size());
  return static_cast<BOOL>(p.call_export("advapi32.dll", "CryptImportKey", {prov.addr, in.at, blob.size(), 0, 0, out.addr}));
}
BOOL CryptImportPublicKeyInfo(WindowsProcess& p, Ptr prov, uint32_t encoding, Ptr info, Ptr out) {
  return CryptImportPublicKeyInfoEx(p, prov, encoding, info, 0, 0, Ptr(0), out);
}

// CryptImportPublicKeyInfoEx2(encoding, info, flags, aux, key): a CNG key of the info's RSA key
// (BCRYPT's RSA provider, opened once for the process), its BCRYPT_KEY_HANDLE in *key.
struct RsaProvider : DllStateBase {
  uint64_t handle = 0;
};
BOOL CryptImportPublicKeyInfoEx2(WindowsProcess& p, uint32_t encoding, Ptr info, uint32_t, Ptr, Ptr out) {
  if ((encoding & 0xffff) != 1 || !out) return fail(p, kEInvalidArg);
  const std::optional<RsaKey> key = info_key(p, info.addr);
  if (!key) return FALSE;
  RsaProvider& provider = dll_state<RsaProvider>(p);
  if (!provider.handle) {
    stores::GuestScratch handle(p, 8);
    stores::GuestScratch rsa(p, std::u16string(u"RSA"));
    const uint32_t status =
        static_cast<uint32_t>(p.call_export("bcrypt.dll", "BCryptOpenAlgorithmProvider", {handle.at, rsa.at, 0, 0}));
    if (status) return fail(p, status);
    provider.handle = p.get_ptr(handle.at);
  }
  Bytes blob;
  put_le32(blob, kRsa1);
  put_le32(blob, static_cast<uint32_t>(key->modulus.size() * 8));
  put_le32(blob, static_cast<uint32_t>(key->exponent.size()));
  put_le32(blob, static_cast<uint32_t>(key->modulus.size()));
  put_le32(blob, 0);
  put_le32(blob, 0);
  blob.insert(blob.end(), key->exponent.begin(), key->exponent.end());
  blob.insert(blob.end(), key->modulus.begin(), key->modulus.end());
  stores::GuestScratch in(p, blob.size());
  stores::GuestScratch type(p, std::u16string(u"RSAPUBLICBLOB"));
  if (!in.at || !type.at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  std::memcpy(guest_pointer(in.at), blob.data(), blob.size());
  const uint32_t status = static_cast<uint32_t>(
      p.call_export("bcrypt.dll", "BCryptImportKeyPair", {provider.handle, 0, type.at, out.addr, in.at, blob.size(), 0}));
  if (status) return fail(p, status);
  return TRUE;
}

}  // namespace
}  // namespace public_keys

const std::vector<Export>& public_key_exports() {
  using namespace public_keys;
  static const std::vector<Export> e = {
      EXPORT("CryptExportPublicKeyInfo", CryptExportPublicKeyInfo),
      EXPORT("CryptExportPublicKeyInfoEx", CryptExportPublicKeyInfoEx),
      EXPORT("CryptImportPublicKeyInfo", CryptImportPublicKeyInfo),
      EXPORT("CryptImportPublicKeyInfoEx", CryptImportPublicKeyInfoEx),
      EXPORT("CryptImportPublicKeyInfoEx2", CryptImportPublicKeyInfoEx2),
  };
  return e;
}

}  // namespace polyrun::shims::crypt32
