// CryptoAPI's structures decoded from DER (der_structures.h).
#include "shims/crypt32/der_structures.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace structures {
namespace {

using stores::GuestBlock;
using Decoder = std::function<uint32_t(GuestBlock&, const DerInput&)>;

constexpr uint8_t kBoolean = 0x01, kInteger = 0x02, kBitString = 0x03, kOctetString = 0x04, kOid = 0x06,
                  kSequence = 0x30, kUtcTime = 0x17, kGeneralizedTime = 0x18;


// Why an element could not be read: the end came first, its tag is not the one expected, or it
// is malformed otherwise.
uint32_t element_error(const uint8_t* p, size_t n, uint8_t tag) {
  if (n == 0) return kAsn1Eod;
  if (p[0] != tag) return kAsn1Badtag;
  if (n < 2) return kAsn1Eod;
  size_t length = p[1], header = 2;
  if (length & 0x80) {
    const size_t bytes = length & 0x7f;
    if (bytes == 0 || bytes > 4) return kAsn1Corrupt;
    if (n < 2 + bytes) return kAsn1Eod;
    length = 0;
    for (size_t i = 0; i < bytes; ++i) length = length << 8 | p[2 + i];
    header += bytes;
  }
  if (length > n - header) return kAsn1Eod;
  return kAsn1Corrupt;
}

// Reads the one element the input holds (of `tag`); the error when it cannot.
uint32_t whole(const DerInput& in, uint8_t tag, DerElement& e) {
  DerReader r(in.data, in.size);
  if (!r.next(e) || e.tag != tag) return element_error(in.data, in.size, tag);
  return 0;
}

void put_pointer_value(GuestBlock& b, size_t at, uint64_t v) {
  if (b.ptr() == 8) b.u64(at, v);
  else b.u32(at, static_cast<uint32_t>(v));
}

// A {DWORD cbData; BYTE* pbData} at `at`: into the input under NOCOPY, else a copy.
void blob(GuestBlock& b, size_t at, const uint8_t* p, size_t n, const DerInput& in) {
  b.u32(at, static_cast<uint32_t>(n));
  if (!n) return;
  if (in.nocopy && p >= in.data && p + n <= in.data + in.size) put_pointer_value(b, at + b.ptr(), in.guest + (p - in.data));
  else b.pointer(at + b.ptr(), b.append(p, n));
}
void copied_blob(GuestBlock& b, size_t at, const Bytes& v) {
  b.u32(at, static_cast<uint32_t>(v.size()));
  if (!v.empty()) b.pointer(at + b.ptr(), b.append(v.data(), v.size()));
}
void string_at(GuestBlock& b, size_t at, const std::string& s) { b.pointer(at, b.append_string(s)); }
void wide_string_at(GuestBlock& b, size_t at, const std::u16string& s) {
  b.pointer(at, b.append(s.c_str(), (s.size() + 1) * 2, 2));
}

// A CRYPT_ALGORITHM_IDENTIFIER { pszObjId, Parameters } at `at` of the AlgorithmIdentifier
// element `alg` (read as `algorithm`): its parameters are the element's last bytes.
void algorithm_at(GuestBlock& b, size_t at, const DerElement& alg, const AlgorithmId& algorithm, const DerInput& in) {
  string_at(b, at, algorithm.oid);
  const size_t n = algorithm.parameters.size();
  if (n) blob(b, at + b.ptr(), alg.value + (alg.size - n), n, in);
}

// INTEGER contents (big-endian two's complement) as CryptoAPI's little-endian bytes; `unsigned_`
// drops the sign byte of a positive number.
Bytes little_endian(const uint8_t* p, size_t n, bool unsigned_) {
  if (unsigned_ && n > 1 && p[0] == 0) ++p, --n;
  return Bytes(std::reverse_iterator<const uint8_t*>(p + n), std::reverse_iterator<const uint8_t*>(p));
}

// ---- the decoders: each lays its structure out at offset 0 of the block ----

uint32_t octet_string(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kOctetString, e)) return err;
  const size_t at = b.reserve(2 * b.ptr());
  blob(b, at, e.value, e.size, in);
  return 0;
}

uint32_t bits(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kBitString, e)) return err;
  if (e.size < 1 || e.value[0] > 7) return kAsn1Corrupt;
  const size_t at = b.reserve(3 * b.ptr());  // CRYPT_BIT_BLOB: cbData, pbData, cUnusedBits
  blob(b, at, e.value + 1, e.size - 1, in);
  b.u32(at + 2 * b.ptr(), e.value[0]);
  return 0;
}

uint32_t integer(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kInteger, e)) return err;
  if (e.size == 0) return kAsn1Corrupt;
  if (e.size > 4) return kAsn1Large;
  int32_t v = static_cast<int8_t>(e.value[0]);
  for (size_t i = 1; i < e.size; ++i) v = static_cast<int32_t>(static_cast<uint32_t>(v) << 8 | e.value[i]);
  b.u32(b.reserve(4, 4), static_cast<uint32_t>(v));
  return 0;
}

Decoder multi_byte_integer(bool unsigned_) {
  return [unsigned_](GuestBlock& b, const DerInput& in) -> uint32_t {
    DerElement e;
    if (uint32_t err = whole(in, kInteger, e)) return err;
    if (e.size == 0) return kAsn1Corrupt;
    copied_blob(b, b.reserve(2 * b.ptr()), little_endian(e.value, e.size, unsigned_));
    return 0;
  };
}

uint32_t object_identifier(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kOid, e)) return err;
  auto text = oid_text(e.value, e.size);
  if (!text) return kAsn1Corrupt;
  string_at(b, b.reserve(b.ptr()), *text);
  return 0;
}

uint32_t choice_of_time(GuestBlock& b, const DerInput& in) {
  if (in.size == 0) return kAsn1Eod;
  DerReader r(in.data, in.size);
  DerElement e;
  if (!r.next(e)) return element_error(in.data, in.size, in.data[0]);
  if (e.tag != kUtcTime && e.tag != kGeneralizedTime) return kAsn1Badtag;
  auto t = der_time(e.tag, e.value, e.size);
  if (!t) return kAsn1Corrupt;
  b.u64(b.reserve(8, 4), *t);
  return 0;
}

uint32_t basic_constraints2(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  auto bc = basic_constraints(Bytes(in.data, in.data + e.whole_size));
  if (!bc) return kAsn1Corrupt;
  const size_t at = b.reserve(12, 4);  // CERT_BASIC_CONSTRAINTS2_INFO: fCA, fPathLenConstraint, dwPathLenConstraint
  b.u32(at, bc->ca);
  b.u32(at + 4, bc->has_path_length);
  b.u32(at + 8, bc->path_length);
  return 0;
}

uint32_t enhanced_key_usage(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  auto oids = key_usage_oids(Bytes(in.data, in.data + e.whole_size));
  if (!oids) return kAsn1Corrupt;
  const unsigned ptr = b.ptr();
  const size_t at = b.reserve(2 * ptr);  // CERT_ENHKEY_USAGE: cUsageIdentifier, rgpszUsageIdentifier
  b.u32(at, static_cast<uint32_t>(oids->size()));
  if (!oids->empty()) {
    const size_t list = b.reserve(oids->size() * ptr, ptr);
    b.pointer(at + ptr, list);
    for (size_t i = 0; i < oids->size(); ++i) string_at(b, list + i * ptr, (*oids)[i]);
  }
  return 0;
}

// CERT_NAME_INFO of a Name: X509_NAME keeps 8-bit strings' bytes and gives UTF-8 and BMP strings
// as UTF-16; X509_UNICODE_NAME gives every string as UTF-16 with a NUL after it (counted in a
// UTF-8 string's size).
Decoder name_info(bool unicode) {
  return [unicode](GuestBlock& b, const DerInput& in) -> uint32_t {
    DerElement e;
    if (uint32_t err = whole(in, kSequence, e)) return err;
    auto rdns = parse_name(in.data, e.whole_size);
    if (!rdns) return kAsn1Corrupt;
    const unsigned ptr = b.ptr();
    const size_t attr_size = ptr == 8 ? 32 : 16;  // CERT_RDN_ATTR: pszObjId, dwValueType, Value
    const size_t at = b.reserve(2 * ptr);         // CERT_NAME_INFO: cRDN, rgRDN
    b.u32(at, static_cast<uint32_t>(rdns->size()));
    if (rdns->empty()) return 0;
    const size_t rdn_array = b.reserve(rdns->size() * 2 * ptr, ptr);  // CERT_RDN: cRDNAttr, rgRDNAttr
    b.pointer(at + ptr, rdn_array);
    for (size_t i = 0; i < rdns->size(); ++i) {
      const Rdn& rdn = (*rdns)[i];
      const size_t r = rdn_array + i * 2 * ptr;
      b.u32(r, static_cast<uint32_t>(rdn.size()));
      if (rdn.empty()) continue;
      const size_t attrs = b.reserve(rdn.size() * attr_size, ptr);
      b.pointer(r + ptr, attrs);
      for (size_t j = 0; j < rdn.size(); ++j) {
        const NameAttribute& a = rdn[j];
        const size_t x = attrs + j * attr_size;
        string_at(b, x, a.oid);
        b.u32(x + ptr, a.type);
        const size_t value = x + 2 * ptr;
        const bool wide = unicode ? a.type != kRdnEncodedBlob && a.type != kRdnOctetString
                                  : a.type == kRdnUtf8String || a.type == kRdnBmpString || a.type == kRdnUniversalString;
        if (wide) {
          // (X509_UNICODE_NAME counts a UTF-8 string's NUL in its size, as wine 8.0 does)
          const bool with_nul = unicode && a.type == kRdnUtf8String;
          b.u32(value, static_cast<uint32_t>((a.text.size() + (with_nul ? 1 : 0)) * 2));
          b.pointer(value + ptr, b.append(a.text.c_str(), (a.text.size() + 1) * 2, 2));
        } else {
          copied_blob(b, value, a.raw);
        }
      }
    }
    return 0;
  };
}

// CERT_ALT_NAME_INFO's entries of a GeneralNames SEQUENCE, at `at` (cAltEntry, rgAltEntry).
uint32_t alt_names_at(GuestBlock& b, size_t at, const DerElement& seq, const DerInput& in) {
  const unsigned ptr = b.ptr();
  const size_t entry_size = ptr == 8 ? 24 : 12;  // CERT_ALT_NAME_ENTRY: dwAltNameChoice and a union of 2 pointers
  std::vector<DerElement> names;
  DerReader r(seq);
  while (!r.at_end()) {
    DerElement n;
    if (!r.next(n)) return kAsn1Corrupt;
    names.push_back(n);
  }
  b.u32(at, static_cast<uint32_t>(names.size()));
  if (names.empty()) return 0;
  const size_t entries = b.reserve(names.size() * entry_size, ptr);
  b.pointer(at + ptr, entries);
  for (size_t i = 0; i < names.size(); ++i) {
    const DerElement& n = names[i];
    const size_t x = entries + i * entry_size, u = x + ptr;
    const uint32_t choice = (n.tag & 0x1f) + 1;
    b.u32(x, choice);
    switch (n.tag) {
      case 0xa0: {  // otherName: CERT_OTHER_NAME { pszObjId, Value (the [0] value's whole DER) }
        DerReader o(n);
        DerElement oid, value;
        if (!o.next(oid) || oid.tag != kOid || !o.next(value) || value.tag != 0xa0) return kAsn1Corrupt;
        auto text = oid_text(oid.value, oid.size);
        if (!text) return kAsn1Corrupt;
        DerReader v(value);
        DerElement inner;
        if (!v.next(inner)) return kAsn1Corrupt;
        const size_t other = b.reserve(3 * ptr, ptr);
        b.pointer(u, other);
        string_at(b, other, *text);
        blob(b, other + ptr, inner.whole, inner.whole_size, in);
        break;
      }
      case 0x81:
      case 0x82:
      case 0x86: {  // rfc822Name, dNSName, URI: IA5Strings, as UTF-16 (one with a NUL in it is corrupt)
        std::u16string text;
        for (size_t k = 0; k < n.size; ++k) {
          if (n.value[k] == 0) return kAsn1Corrupt;
          text.push_back(n.value[k]);
        }
        wide_string_at(b, u, text);
        break;
      }
      case 0xa4: {  // directoryName: the Name's DER
        DerReader d(n);
        DerElement name;
        if (!d.next(name) || name.tag != kSequence) return kAsn1Corrupt;
        blob(b, u, name.whole, name.whole_size, in);
        break;
      }
      case 0x87: blob(b, u, n.value, n.size, in); break;  // iPAddress
      case 0x88: {  // registeredID
        auto text = oid_text(n.value, n.size);
        if (!text) return kAsn1Corrupt;
        string_at(b, u, *text);
        break;
      }
      default: return kAsn1Badtag;  // (x400Address, ediPartyName: CryptoAPI has no form for them)
    }
  }
  return 0;
}

uint32_t alternate_name(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  const size_t at = b.reserve(2 * b.ptr());
  return alt_names_at(b, at, e, in);
}

// CERT_AUTHORITY_KEY_ID2_INFO: KeyId, AuthorityCertIssuer (CERT_ALT_NAME_INFO),
// AuthorityCertSerialNumber.
uint32_t authority_key_id2(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  const unsigned ptr = b.ptr();
  const size_t at = b.reserve(6 * ptr);
  DerReader r(e);
  while (!r.at_end()) {
    DerElement f;
    if (!r.next(f)) return kAsn1Corrupt;
    if (f.tag == 0x80) blob(b, at, f.value, f.size, in);
    else if (f.tag == 0xa1) {
      if (uint32_t err = alt_names_at(b, at + 2 * ptr, f, in)) return err;
    } else if (f.tag == 0x82) copied_blob(b, at + 4 * ptr, little_endian(f.value, f.size, false));
    else return kAsn1Corrupt;
  }
  return 0;
}

// CERT_PUBLIC_KEY_INFO: Algorithm { pszObjId, Parameters }, PublicKey (a CRYPT_BIT_BLOB).
uint32_t public_key_info(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  DerReader r(e);
  DerElement alg, key;
  AlgorithmId algorithm;
  if (!r.next(alg) || !read_algorithm_id(alg, algorithm) || !r.next(key) || key.tag != kBitString || key.size < 1 ||
      !r.at_end())
    return kAsn1Corrupt;
  const unsigned ptr = b.ptr();
  const size_t at = b.reserve(6 * ptr);
  algorithm_at(b, at, alg, algorithm, in);
  blob(b, at + 3 * ptr, key.value + 1, key.size - 1, in);
  b.u32(at + 5 * ptr, key.value[0]);
  return 0;
}

// CERT_SIGNED_CONTENT_INFO: ToBeSigned (its whole DER), SignatureAlgorithm, Signature.
uint32_t signed_content(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  DerReader r(e);
  DerElement tbs, alg, sig;
  AlgorithmId algorithm;
  if (!r.next(tbs) || !r.next(alg) || !read_algorithm_id(alg, algorithm) || !r.next(sig) || sig.tag != kBitString ||
      sig.size < 1)
    return kAsn1Corrupt;
  const unsigned ptr = b.ptr();
  const size_t at = b.reserve(8 * ptr);
  blob(b, at, tbs.whole, tbs.whole_size, in);
  algorithm_at(b, at + 2 * ptr, alg, algorithm, in);
  // (CryptoAPI keeps a signature's bytes reversed)
  Bytes reversed(sig.value + 1, sig.value + sig.size);
  std::reverse(reversed.begin(), reversed.end());
  copied_blob(b, at + 5 * ptr, reversed);
  b.u32(at + 7 * ptr, sig.value[0]);
  return 0;
}

// The elements of a SEQUENCE (or of one inside a context tag), each a whole INTEGER's contents.
bool integers(const DerElement& seq, std::vector<DerElement>& out, size_t count) {
  DerReader r(seq);
  for (size_t i = 0; i < count; ++i) {
    DerElement e;
    if (!r.next(e) || e.tag != kInteger || e.size == 0) return false;
    out.push_back(e);
  }
  return true;
}

// An unsigned big-endian integer as `width` little-endian bytes (false if it does not fit).
bool put_le(Bytes& out, const DerElement& e, size_t width) {
  const uint8_t* p = e.value;
  size_t n = e.size;
  while (n > 1 && p[0] == 0) ++p, --n;
  if (n > width) return false;
  Bytes le(width, 0);
  for (size_t i = 0; i < n; ++i) le[i] = p[n - 1 - i];
  out.insert(out.end(), le.begin(), le.end());
  return true;
}

uint32_t exponent_of(const DerElement& e, bool& ok) {
  uint64_t v = 0;
  size_t n = e.size;
  const uint8_t* p = e.value;
  while (n > 1 && p[0] == 0) ++p, --n;
  ok = n <= 4;
  for (size_t i = 0; i < n && ok; ++i) v = v << 8 | p[i];
  return static_cast<uint32_t>(v);
}

size_t modulus_bits(const DerElement& m) {
  const uint8_t* p = m.value;
  size_t n = m.size;
  while (n > 1 && p[0] == 0) ++p, --n;
  return n * 8;  // (CryptoAPI's bitlen: whole bytes)
}

// RSA_CSP_PUBLICKEYBLOB: BLOBHEADER { PUBLICKEYBLOB, 2, 0, CALG_RSA_KEYX } and RSAPUBKEY { "RSA1",
// bitlen, pubexp }, then the modulus, little-endian. No pointers.
uint32_t rsa_public_key_blob(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  std::vector<DerElement> v;
  if (!integers(e, v, 2)) return kAsn1Corrupt;
  bool ok = false;
  const uint32_t exponent = exponent_of(v[1], ok);
  if (!ok) return kAsn1Large;
  const size_t bitlen = modulus_bits(v[0]);
  Bytes out = {0x06, 0x02, 0x00, 0x00, 0x00, 0xa4, 0x00, 0x00, 'R', 'S', 'A', '1'};
  for (uint32_t x : {static_cast<uint32_t>(bitlen), exponent})
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(x >> (8 * i)));
  if (!put_le(out, v[0], bitlen / 8)) return kAsn1Corrupt;
  b.append(out.data(), out.size());
  return 0;
}

// CNG_RSA_PUBLIC_KEY_BLOB: BCRYPT_RSAKEY_BLOB { "RSA1", BitLength, cbPublicExp, cbModulus, 0, 0 },
// the exponent and modulus big-endian.
uint32_t cng_rsa_public_key_blob(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  std::vector<DerElement> v;
  if (!integers(e, v, 2)) return kAsn1Corrupt;
  auto trimmed = [](const DerElement& x) {
    const uint8_t* p = x.value;
    size_t n = x.size;
    while (n > 1 && p[0] == 0) ++p, --n;
    return Bytes(p, p + n);
  };
  const Bytes modulus = trimmed(v[0]), exponent = trimmed(v[1]);
  Bytes out = {'R', 'S', 'A', '1'};
  for (uint32_t x : {static_cast<uint32_t>(modulus.size() * 8), static_cast<uint32_t>(exponent.size()),
                     static_cast<uint32_t>(modulus.size()), 0u, 0u})
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(x >> (8 * i)));
  out.insert(out.end(), exponent.begin(), exponent.end());
  out.insert(out.end(), modulus.begin(), modulus.end());
  b.append(out.data(), out.size());
  return 0;
}

// PKCS_RSA_PRIVATE_KEY: a PRIVATEKEYBLOB (BLOBHEADER { PRIVATEKEYBLOB, 2, 0, CALG_RSA_KEYX },
// RSAPUBKEY { "RSA2", bitlen, pubexp }, then modulus, prime1, prime2, exponent1, exponent2,
// coefficient and the private exponent, little-endian, each of its fixed width).
uint32_t rsa_private_key(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  std::vector<DerElement> v;  // version, n, e, d, p, q, dp, dq, qinv
  if (!integers(e, v, 9)) return kAsn1Corrupt;
  bool ok = false;
  const uint32_t exponent = exponent_of(v[2], ok);
  if (!ok) return kAsn1Large;
  const size_t bitlen = modulus_bits(v[1]);
  Bytes out = {0x07, 0x02, 0x00, 0x00, 0x00, 0xa4, 0x00, 0x00, 'R', 'S', 'A', '2'};
  for (uint32_t x : {static_cast<uint32_t>(bitlen), exponent})
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(x >> (8 * i)));
  const size_t full = bitlen / 8, half = (bitlen + 15) / 16;
  if (!put_le(out, v[1], full) || !put_le(out, v[4], half) || !put_le(out, v[5], half) || !put_le(out, v[6], half) ||
      !put_le(out, v[7], half) || !put_le(out, v[8], half) || !put_le(out, v[3], full))
    return kAsn1Corrupt;
  b.append(out.data(), out.size());
  return 0;
}

// PKCS_PRIVATE_KEY_INFO (PKCS #8): CRYPT_PRIVATE_KEY_INFO { Version, Algorithm, PrivateKey (the
// OCTET STRING's contents), pAttributes (null: attributes are not decoded) }.
uint32_t private_key_info(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  DerReader r(e);
  DerElement version, alg, key;
  AlgorithmId algorithm;
  if (!r.next(version) || version.tag != kInteger || version.size != 1 || !r.next(alg) ||
      !read_algorithm_id(alg, algorithm) || !r.next(key) || key.tag != kOctetString)
    return kAsn1Corrupt;
  const unsigned ptr = b.ptr();
  const size_t at = b.reserve(ptr == 8 ? 56 : 28, ptr);
  b.u32(at, version.value[0]);
  algorithm_at(b, at + ptr, alg, algorithm, in);
  blob(b, at + 4 * ptr, key.value, key.size, in);
  return 0;
}

// X509_ECC_PRIVATE_KEY: CRYPT_ECC_PRIVATE_KEY_INFO { dwVersion, PrivateKey, szCurveOid, PublicKey }.
uint32_t ecc_private_key(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  DerReader r(e);
  DerElement version, key;
  if (!r.next(version) || version.tag != kInteger || version.size != 1 || !r.next(key) || key.tag != kOctetString)
    return kAsn1Corrupt;
  const unsigned ptr = b.ptr();
  const size_t at = b.reserve(ptr == 8 ? 56 : 28, ptr);
  b.u32(at, version.value[0]);
  blob(b, at + ptr, key.value, key.size, in);
  while (!r.at_end()) {
    DerElement f;
    if (!r.next(f)) return kAsn1Corrupt;
    DerReader inner(f);
    DerElement x;
    if (f.tag == 0xa0) {
      if (!inner.next(x) || x.tag != kOid) return kAsn1Corrupt;
      auto text = oid_text(x.value, x.size);
      if (!text) return kAsn1Corrupt;
      string_at(b, at + 3 * ptr, *text);
    } else if (f.tag == 0xa1) {
      if (!inner.next(x) || x.tag != kBitString || x.size < 1) return kAsn1Corrupt;
      blob(b, at + 4 * ptr, x.value + 1, x.size - 1, in);
      b.u32(at + 6 * ptr, x.value[0]);
    }
  }
  return 0;
}

// X509_ECC_SIGNATURE: CERT_ECC_SIGNATURE { r, s } as little-endian unsigned integers.
uint32_t ecc_signature(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  std::vector<DerElement> v;
  if (!integers(e, v, 2)) return kAsn1Corrupt;
  const size_t at = b.reserve(4 * b.ptr());
  copied_blob(b, at, little_endian(v[0].value, v[0].size, true));
  copied_blob(b, at + 2 * b.ptr(), little_endian(v[1].value, v[1].size, true));
  return 0;
}

// X509_SEQUENCE_OF_ANY: CRYPT_SEQUENCE_OF_ANY { cValue, rgValue (each element's whole DER) }.
uint32_t sequence_of_any(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  std::vector<DerElement> items;
  DerReader r(e);
  while (!r.at_end()) {
    DerElement x;
    if (!r.next(x)) return kAsn1Corrupt;
    items.push_back(x);
  }
  const unsigned ptr = b.ptr();
  const size_t at = b.reserve(2 * ptr);
  b.u32(at, static_cast<uint32_t>(items.size()));
  if (items.empty()) return 0;
  const size_t list = b.reserve(items.size() * 2 * ptr, ptr);
  b.pointer(at + ptr, list);
  for (size_t i = 0; i < items.size(); ++i) blob(b, list + i * 2 * ptr, items[i].whole, items[i].whole_size, in);
  return 0;
}

// {cExtension, rgExtension (pszObjId, fCritical, Value)} at `at` of the Extensions SEQUENCE `e`.
uint32_t extension_list_at(GuestBlock& b, size_t at, const DerElement& e, const DerInput& in) {
  struct Ext {
    std::string oid;
    bool critical = false;
    DerElement value;
  };
  std::vector<Ext> list;
  DerReader r(e);
  while (!r.at_end()) {
    DerElement x, oid, f;
    if (!r.next(x) || x.tag != kSequence) return kAsn1Corrupt;
    DerReader xr(x);
    if (!xr.next(oid) || oid.tag != kOid || !xr.next(f)) return kAsn1Corrupt;
    Ext ext;
    auto text = oid_text(oid.value, oid.size);
    if (!text) return kAsn1Corrupt;
    ext.oid = *text;
    if (f.tag == kBoolean) {
      if (f.size != 1 || !xr.next(f)) return kAsn1Corrupt;
      ext.critical = true;
    }
    if (f.tag != kOctetString || !xr.at_end()) return kAsn1Corrupt;
    ext.value = f;
    list.push_back(ext);
  }
  const unsigned ptr = b.ptr();
  b.u32(at, static_cast<uint32_t>(list.size()));
  if (list.empty()) return 0;
  const size_t array = b.reserve(list.size() * 4 * ptr, ptr);
  b.pointer(at + ptr, array);
  for (size_t i = 0; i < list.size(); ++i) {
    const size_t x = array + i * 4 * ptr;
    string_at(b, x, list[i].oid);
    b.u32(x + ptr, list[i].critical);
    blob(b, x + 2 * ptr, list[i].value.value, list[i].value.size, in);
  }
  return 0;
}

// X509_EXTENSIONS: CERT_EXTENSIONS { cExtension, rgExtension }.
uint32_t extensions(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  return extension_list_at(b, b.reserve(2 * b.ptr()), e, in);
}

// A Time (UTCTime or GeneralizedTime) as a FILETIME at `at`; false when it is none.
bool time_at(GuestBlock& b, size_t at, const DerElement& e) {
  if (e.tag != kUtcTime && e.tag != kGeneralizedTime) return false;
  auto t = der_time(e.tag, e.value, e.size);
  if (!t) return false;
  b.u64(at, *t);
  return true;
}
// A small INTEGER's value (the version fields).
bool small_integer(const DerElement& e, uint32_t& out) {
  if (e.tag != kInteger || e.size == 0 || e.size > 4) return false;
  int32_t v = static_cast<int8_t>(e.value[0]);
  for (size_t i = 1; i < e.size; ++i) v = static_cast<int32_t>(static_cast<uint32_t>(v) << 8 | e.value[i]);
  out = static_cast<uint32_t>(v);
  return true;
}

// The first element of a structure that opens with an optional version INTEGER: the version
// (0 when absent) and the element after it in `x`; false when malformed.
bool leading_version(DerReader& r, DerElement& x, uint32_t& version) {
  version = 0;
  if (!r.next(x)) return false;
  if (x.tag == kInteger) return small_integer(x, version) && r.next(x);
  return true;
}

// X509_CERT_CRL_TO_BE_SIGNED: CRL_INFO {dwVersion, SignatureAlgorithm, Issuer, ThisUpdate,
// NextUpdate, cCRLEntry, rgCRLEntry (SerialNumber, RevocationDate, cExtension, rgExtension),
// cExtension, rgExtension} of a TBSCertList; serial numbers little-endian.
uint32_t crl_info(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  // A whole signed CRL {TBSCertList, AlgorithmIdentifier, BIT STRING} is read for its TBSCertList,
  // as Windows reads it.
  {
    DerReader sr(e);
    DerElement tbs, alg, sig;
    if (sr.next(tbs) && tbs.tag == kSequence && sr.next(alg) && alg.tag == kSequence && sr.next(sig) &&
        sig.tag == kBitString && sr.at_end())
      e = tbs;
  }
  const unsigned w = b.ptr();
  const size_t at = b.reserve(10 * w + 16);
  DerReader r(e);
  DerElement x;
  uint32_t version = 0;
  if (!leading_version(r, x, version)) return kAsn1Corrupt;
  b.u32(at, version);
  AlgorithmId algorithm;
  if (!read_algorithm_id(x, algorithm)) return kAsn1Corrupt;
  algorithm_at(b, at + w, x, algorithm, in);
  DerElement issuer, t;
  if (!r.next(issuer) || issuer.tag != kSequence || !r.next(t) || !time_at(b, at + 6 * w, t)) return kAsn1Corrupt;
  blob(b, at + 4 * w, issuer.whole, issuer.whole_size, in);
  bool more = r.next(x);
  if (more && time_at(b, at + 6 * w + 8, x)) more = r.next(x);
  if (more && x.tag == kSequence) {  // the revoked certificates
    std::vector<DerElement> entries;
    DerReader er(x);
    for (DerElement entry; !er.at_end();) {
      if (!er.next(entry) || entry.tag != kSequence) return kAsn1Corrupt;
      entries.push_back(entry);
    }
    b.u32(at + 6 * w + 16, static_cast<uint32_t>(entries.size()));
    if (!entries.empty()) {
      const size_t entry_size = 4 * w + 8;
      const size_t array = b.reserve(entries.size() * entry_size, w);
      b.pointer(at + 7 * w + 16, array);
      for (size_t i = 0; i < entries.size(); ++i) {
        const size_t a = array + i * entry_size;
        DerReader ir(entries[i]);
        DerElement serial, date, ext;
        if (!ir.next(serial) || serial.tag != kInteger || serial.size == 0 || !ir.next(date) || !time_at(b, a + 2 * w, date))
          return kAsn1Corrupt;
        copied_blob(b, a, little_endian(serial.value, serial.size, false));
        if (ir.next(ext)) {
          if (ext.tag != kSequence) return kAsn1Corrupt;
          if (uint32_t err = extension_list_at(b, a + 2 * w + 8, ext, in)) return err;
        }
      }
    }
    more = r.next(x);
  }
  if (more) {
    DerElement list;
    if (x.tag != 0xa0 || !DerReader(x).next(list) || list.tag != kSequence) return kAsn1Corrupt;
    if (uint32_t err = extension_list_at(b, at + 8 * w + 16, list, in)) return err;
  }
  return 0;
}

// PKCS_CTL: CTL_INFO {dwVersion, SubjectUsage, ListIdentifier, SequenceNumber, ThisUpdate,
// NextUpdate, SubjectAlgorithm, cCTLEntry, rgCTLEntry (SubjectIdentifier, cAttribute,
// rgAttribute), cExtension, rgExtension} of a CertificateTrustList.
uint32_t ctl_info(GuestBlock& b, const DerInput& in) {
  DerElement e;
  if (uint32_t err = whole(in, kSequence, e)) return err;
  const unsigned w = b.ptr();
  const size_t at = b.reserve(14 * w + 16);
  DerReader r(e);
  DerElement x;
  uint32_t version = 0;
  if (!leading_version(r, x, version)) return kAsn1Corrupt;
  b.u32(at, version);
  if (x.tag != kSequence) return kAsn1Corrupt;  // the subject usages
  std::vector<std::string> usages;
  for (DerReader ur(x); !ur.at_end();) {
    DerElement o;
    if (!ur.next(o) || o.tag != kOid) return kAsn1Corrupt;
    auto text = oid_text(o.value, o.size);
    if (!text) return kAsn1Corrupt;
    usages.push_back(*text);
  }
  b.u32(at + w, static_cast<uint32_t>(usages.size()));
  if (!usages.empty()) b.pointer(at + 2 * w, b.string_array(usages));
  if (!r.next(x)) return kAsn1Corrupt;
  if (x.tag == kOctetString) {
    blob(b, at + 3 * w, x.value, x.size, in);
    if (!r.next(x)) return kAsn1Corrupt;
  }
  if (x.tag == kInteger) {
    if (x.size == 0) return kAsn1Corrupt;
    copied_blob(b, at + 5 * w, little_endian(x.value, x.size, false));
    if (!r.next(x)) return kAsn1Corrupt;
  }
  if (!time_at(b, at + 7 * w, x) || !r.next(x)) return kAsn1Corrupt;
  if (time_at(b, at + 7 * w + 8, x) && !r.next(x)) return kAsn1Corrupt;
  AlgorithmId algorithm;
  if (x.tag != kSequence) return kAsn1Corrupt;
  if (x.size) {
    if (!read_algorithm_id(x, algorithm)) return kAsn1Corrupt;
    algorithm_at(b, at + 7 * w + 16, x, algorithm, in);
  }
  bool more = r.next(x);
  if (more && x.tag == kSequence) {  // the trusted subjects
    std::vector<DerElement> entries;
    for (DerReader er(x); !er.at_end();) {
      DerElement entry;
      if (!er.next(entry) || entry.tag != kSequence) return kAsn1Corrupt;
      entries.push_back(entry);
    }
    b.u32(at + 10 * w + 16, static_cast<uint32_t>(entries.size()));
    if (!entries.empty()) {
      const size_t array = b.reserve(entries.size() * 4 * w, w);
      b.pointer(at + 11 * w + 16, array);
      for (size_t i = 0; i < entries.size(); ++i) {
        const size_t a = array + i * 4 * w;
        DerReader ir(entries[i]);
        DerElement id, set;
        if (!ir.next(id) || id.tag != kOctetString) return kAsn1Corrupt;
        blob(b, a, id.value, id.size, in);
        if (!ir.next(set)) continue;
        if (set.tag != 0x31) return kAsn1Corrupt;
        std::vector<DerElement> attrs;
        for (DerReader sr(set); !sr.at_end();) {
          DerElement attr;
          if (!sr.next(attr) || attr.tag != kSequence) return kAsn1Corrupt;
          attrs.push_back(attr);
        }
        b.u32(a + 2 * w, static_cast<uint32_t>(attrs.size()));
        if (attrs.empty()) continue;
        const size_t list = b.reserve(attrs.size() * 3 * w, w);
        b.pointer(a + 3 * w, list);
        for (size_t j = 0; j < attrs.size(); ++j) {
          DerReader ar(attrs[j]);
          DerElement oid, values;
          if (!ar.next(oid) || oid.tag != kOid || !ar.next(values) || values.tag != 0x31) return kAsn1Corrupt;
          auto text = oid_text(oid.value, oid.size);
          if (!text) return kAsn1Corrupt;
          const size_t y = list + j * 3 * w;
          string_at(b, y, *text);
          std::vector<DerElement> vals;
          for (DerReader vr(values); !vr.at_end();) {
            DerElement v;
            if (!vr.next(v)) return kAsn1Corrupt;
            vals.push_back(v);
          }
          b.u32(y + w, static_cast<uint32_t>(vals.size()));
          if (vals.empty()) continue;
          const size_t blobs = b.reserve(vals.size() * 2 * w, w);
          b.pointer(y + 2 * w, blobs);
          for (size_t k = 0; k < vals.size(); ++k) blob(b, blobs + k * 2 * w, vals[k].whole, vals[k].whole_size, in);
        }
      }
    }
    more = r.next(x);
  }
  if (more) {
    DerElement list;
    if (x.tag != 0xa0 || !DerReader(x).next(list) || list.tag != kSequence) return kAsn1Corrupt;
    if (uint32_t err = extension_list_at(b, at + 12 * w + 16, list, in)) return err;
  }
  return 0;
}

}  // namespace
}  // namespace structures

// ---- the table ----

const std::vector<StructureType>& structure_types() {
  using namespace structures;
  static const std::vector<StructureType> types = {
      {1, nullptr, "X509_CERT", signed_content},
      {3, nullptr, "X509_CERT_CRL_TO_BE_SIGNED", crl_info},
      {5, "1.3.6.1.4.1.311.2.1.14", "X509_EXTENSIONS", extensions},
      {0, "1.2.840.113549.1.9.14", "X509_EXTENSIONS", extensions},
      {7, nullptr, "X509_NAME", name_info(false)},
      {8, nullptr, "X509_PUBLIC_KEY_INFO", public_key_info},
      {12, "2.5.29.17", "X509_ALTERNATE_NAME", alternate_name},
      {0, "2.5.29.18", "X509_ALTERNATE_NAME", alternate_name},
      {14, "2.5.29.15", "X509_KEY_USAGE", bits},
      {15, "2.5.29.19", "X509_BASIC_CONSTRAINTS2", basic_constraints2},
      {17, "1.2.840.113549.1.9.5", "PKCS_UTC_TIME", choice_of_time},
      {19, nullptr, "RSA_CSP_PUBLICKEYBLOB", rsa_public_key_blob},
      {20, nullptr, "X509_UNICODE_NAME", name_info(true)},
      {25, nullptr, "X509_OCTET_STRING", octet_string},
      {0, "2.5.29.14", "X509_OCTET_STRING", octet_string},  // subjectKeyIdentifier
      {26, nullptr, "X509_BITS", bits},
      {27, nullptr, "X509_INTEGER", integer},
      {28, nullptr, "X509_MULTI_BYTE_INTEGER", multi_byte_integer(false)},
      {30, nullptr, "X509_CHOICE_OF_TIME", choice_of_time},
      {31, "2.5.29.35", "X509_AUTHORITY_KEY_ID2", authority_key_id2},
      {34, nullptr, "X509_SEQUENCE_OF_ANY", sequence_of_any},
      {36, "2.5.29.37", "X509_ENHANCED_KEY_USAGE", enhanced_key_usage},
      {37, nullptr, "PKCS_CTL", ctl_info},
      {38, nullptr, "X509_MULTI_BYTE_UINT", multi_byte_integer(true)},
      {43, nullptr, "PKCS_RSA_PRIVATE_KEY", rsa_private_key},
      {44, nullptr, "PKCS_PRIVATE_KEY_INFO", private_key_info},
      {47, nullptr, "X509_ECC_SIGNATURE", ecc_signature},
      {72, nullptr, "CNG_RSA_PUBLIC_KEY_BLOB", cng_rsa_public_key_blob},
      {73, nullptr, "X509_OBJECT_IDENTIFIER", object_identifier},
      {82, nullptr, "X509_ECC_PRIVATE_KEY", ecc_private_key},
  };
  return types;
}


const StructureType* find_structure_type(uint64_t number, const std::string& oid) {
  for (const StructureType& t : structure_types())
    if (number ? t.number == number : (t.oid && oid == t.oid)) return &t;
  return nullptr;
}

}  // namespace polyrun::shims::crypt32
