// CRYPT32's CryptEncodeObjectEx and CryptEncodeObject: CryptoAPI's structures, read from the
// program's memory for its pointer width, into DER — octet and bit strings (and key usage),
// integers (int, multi-byte signed and unsigned, enumerated), enhanced key usage, basic
// constraints, a sequence of encoded values, extensions, times (UTCTime, or GeneralizedTime
// outside 1950–2050 for the choice of time), public key info, CryptoAPI's and CNG's RSA public key
// blobs, PKCS #9 attributes, PKCS #7's ContentInfo, names and name values (X509_NAME's values as
// given, X509_UNICODE_NAME's from UTF-16, checked against their string types), alternative names,
// the authority key identifier and basic constraints (both forms), authority information access,
// CRL distribution points and the issuing distribution point, name constraints,
// certificate policies (with user notices, mappings and constraints), S/MIME capabilities,
// certificates, CRLs and their signed part, certificate trust lists (PKCS_CTL).
// The types are named by their X509_* / PKCS_* number or by the OIDs that name the same structure;
// a type outside the table stops the program with the unimplemented line (its name or number in
// it), as CryptDecodeObjectEx does. The result goes to the caller's buffer with the usual size
// protocol, or, under CRYPT_ENCODE_ALLOC_FLAG, to a block of LocalAlloc's (or the
// CRYPT_ENCODE_PARA's allocator).
#include <algorithm>
#include <cstring>
#include <ctime>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
namespace encoding {
namespace {

constexpr uint32_t kEncodeAlloc = 0x8000;                 // CRYPT_ENCODE_ALLOC_FLAG
constexpr uint32_t kBadEncode = 0x80092002, kEInvalidArg = 0x80070057;  // CRYPT_E_BAD_ENCODE, E_INVALIDARG
constexpr uint8_t kInteger = 0x02, kBitString = 0x03, kOctetString = 0x04, kNull = 0x05, kEnumerated = 0x0a,
                  kUtcTime = 0x17, kGeneralizedTime = 0x18, kSequence = 0x30, kBoolean = 0x01;

// What an encoder reads: the structure's address and the pointer width; the DER, or the error.
struct Source {
  uint64_t at;
  unsigned ptr;
  uint32_t flags = 0;  // CryptEncodeObjectEx's
  uint64_t pointer(uint64_t offset) const { return ptr == 8 ? get<uint64_t>(at + offset) : get<uint32_t>(at + offset); }
  Bytes blob(uint64_t offset) const { return stores::blob_bytes(at + offset, ptr); }
  std::string string(uint64_t offset) const { return CStr{pointer(offset)}.str(); }
  Source element(uint64_t offset, uint64_t index, uint64_t size) const {
    return {pointer(offset) + index * size, ptr, flags};
  }
  Source field(uint64_t offset) const { return {at + offset, ptr, flags}; }
  Source pointee(uint64_t offset) const { return {pointer(offset), ptr, flags}; }  // what a pointer field points to
  // `offset` rounded up to the pointer width: where a pointer after 32-bit fields lies.
  uint64_t aligned(uint64_t offset) const { return (offset + ptr - 1) / ptr * ptr; }
};
struct Encoded {
  Bytes der;
  uint32_t error = 0;
  uint32_t index = 0;  // a CRYPT_E_INVALID_*_STRING's place, given back in *pcbEncoded
};
Encoded failed(uint32_t error, uint32_t index = 0) { return {{}, error, index}; }

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& b : parts) out.insert(out.end(), b.begin(), b.end());
  return out;
}

// An INTEGER (or ENUMERATED) of a little-endian two's complement number: the fewest bytes that
// keep its sign (none when it has no bytes, as Windows writes it).
Bytes signed_integer(const Bytes& little, uint8_t tag = kInteger) {
  size_t n = little.size();
  Bytes value;
  if (n) {
    const bool negative = little[n - 1] & 0x80;
    const uint8_t filler = negative ? 0xff : 0x00;
    while (n > 1 && little[n - 1] == filler && ((little[n - 2] & 0x80) != 0) == negative) --n;
    for (size_t i = n; i > 0; --i) value.push_back(little[i - 1]);
  }
  return der_element(tag, value);
}

// An INTEGER of a little-endian unsigned number: its significant bytes, a zero before a high bit.
Bytes unsigned_integer(const Bytes& little) {
  size_t n = little.size();
  while (n > 1 && !little[n - 1]) --n;
  Bytes value;
  if (n && little[n - 1] & 0x80) value.push_back(0);
  for (size_t i = n; i > 0; --i) value.push_back(little[i - 1]);
  return der_element(kInteger, value);
}

Bytes int_bytes(int32_t v) {
  Bytes b(4);
  std::memcpy(b.data(), &v, 4);
  return b;
}
// The INTEGER of the 32-bit number at `at` in the program's memory.
Bytes integer_at(uint64_t at, uint8_t tag = kInteger) { return signed_integer(int_bytes(get<int32_t>(at)), tag); }

// CRYPT_BIT_BLOB {cbData, pbData, cUnusedBits}: the bytes its unused bits leave (a count of eight
// or more unused bits is taken as whole bytes, as Windows takes it), the unused bits cleared.
Bytes bits_of(const Bytes& data, uint32_t unused) {
  size_t bytes = data.size();
  uint8_t unused_in_last = 0;
  if (unused) {
    if (data.size() * 8 > unused) {
      bytes = (data.size() * 8 - unused) / 8 + 1;
      unused_in_last = static_cast<uint8_t>(unused >= 8 ? unused / 8 : unused);
    } else {
      bytes = 0;
    }
  }
  Bytes value{unused_in_last};
  value.insert(value.end(), data.begin(), data.begin() + static_cast<long>(bytes));
  if (bytes) value.back() &= static_cast<uint8_t>(0xff << unused_in_last);
  return der_element(kBitString, value);
}
Encoded bits(const Source& s) { return {bits_of(s.blob(0), get<uint32_t>(s.at + 2 * s.ptr))}; }

// A SEQUENCE of what `each` makes of the elements of the array a {count, pointer} pair at `s` lists
// (`size` bytes apart; each with its index); the first error stops it.
template <class F>
Encoded sequence_of(const Source& s, uint64_t size, F each) {
  const uint32_t n = get<uint32_t>(s.at);
  Bytes all;
  for (uint32_t i = 0; i < n; ++i) {
    const Encoded e = each(s.element(s.ptr, i, size), i);
    if (e.error) return e;
    all = concat({all, e.der});
  }
  return {der_element(kSequence, all)};
}

// CERT_ENHKEY_USAGE {cUsageIdentifier, rgpszUsageIdentifier}.
Encoded enhanced_key_usage(const Source& s) {
  return sequence_of(s, s.ptr, [](const Source& e, uint32_t) {
    const auto o = oid_element(e.string(0));
    return o ? Encoded{*o} : failed(kBadEncode);
  });
}

// CERT_BASIC_CONSTRAINTS2_INFO {fCA, fPathLenConstraint, dwPathLenConstraint}: cA only when TRUE
// (FALSE is its default), the path length when constrained.
Encoded basic_constraints2(const Source& s) {
  Bytes items;
  if (get<uint32_t>(s.at)) items = der_element(kBoolean, {0xff});
  if (get<uint32_t>(s.at + 4)) items = concat({items, integer_at(s.at + 8)});
  return {der_element(kSequence, items)};
}

// CRYPT_SEQUENCE_OF_ANY {cValue, rgValue}: the values, already encoded, in a SEQUENCE.
Encoded sequence_of_any(const Source& s) {
  return sequence_of(s, 2 * s.ptr, [](const Source& e, uint32_t) { return Encoded{e.blob(0)}; });
}

// CERT_EXTENSIONS {cExtension, rgExtension}: each {pszObjId, fCritical, Value} as a SEQUENCE of its
// OID, critical only when TRUE, and its value in an OCTET STRING.
Encoded extensions(const Source& s) {
  return sequence_of(s, 4 * s.ptr, [](const Source& e, uint32_t) {
    const auto o = oid_element(e.string(0));
    if (!o) return failed(kBadEncode);
    Bytes ext = *o;
    if (get<uint32_t>(e.at + e.ptr)) ext = concat({ext, der_element(kBoolean, {0xff})});
    ext = concat({ext, der_element(kOctetString, e.blob(2 * e.ptr))});
    return Encoded{der_element(kSequence, ext)};
  });
}

// A FILETIME as UTCTime (1950 to 2050, two digits of the year) or, where `generalized_outside`,
// GeneralizedTime outside those years; CRYPT_E_BAD_ENCODE for UTCTime outside them.
Encoded time(const Source& s, bool generalized_outside) {
  const uint64_t ft = get<uint64_t>(s.at);
  const int64_t seconds = static_cast<int64_t>(ft / 10000000) - 11644473600LL;
  const time_t t = static_cast<time_t>(seconds);
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) return failed(kBadEncode);
  const int year = tm.tm_year + 1900;
  char text[32];
  uint8_t tag = kUtcTime;
  if (year >= 1950 && year <= 2050) {
    std::snprintf(text, sizeof text, "%02d%02d%02d%02d%02d%02dZ", year % 100, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min, tm.tm_sec);
  } else if (generalized_outside) {
    tag = kGeneralizedTime;
    std::snprintf(text, sizeof text, "%04d%02d%02d%02d%02d%02dZ", year, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min, tm.tm_sec);
  } else {
    return failed(kBadEncode);
  }
  return {der_element(tag, Bytes(text, text + std::strlen(text)))};
}

// CERT_PUBLIC_KEY_INFO {Algorithm {pszObjId, Parameters}, PublicKey}: the algorithm's parameters
// as given; when it has none, NULL where `null_parameters` (X509_PUBLIC_KEY_INFO), else nothing (a
// certificate's).
Encoded public_key(const Source& s, bool null_parameters) {
  const auto o = oid_element(s.string(0));
  if (!o) return failed(kBadEncode);
  Bytes parameters = s.blob(s.ptr);
  if (parameters.empty() && null_parameters) parameters = {kNull, 0};
  const Bytes algorithm = der_element(kSequence, concat({*o, parameters}));
  return {der_element(kSequence, concat({algorithm, bits(s.field(3 * s.ptr)).der}))};
}

// RSA_CSP_PUBLICKEYBLOB: BLOBHEADER, RSAPUBKEY {magic, bitlen, pubexp}, the modulus (little-endian)
// as PKCS #1's RSAPublicKey.
Encoded rsa_public_key(const Source& s) {
  constexpr uint32_t kRsa1 = 0x31415352;  // "RSA1"
  if (get<uint8_t>(s.at) != 6 /* PUBLICKEYBLOB */ || get<uint32_t>(s.at + 8) != kRsa1) return failed(kBadEncode);
  const uint32_t bits = get<uint32_t>(s.at + 12);
  Bytes modulus((bits + 7) / 8);
  if (!modulus.empty()) copy_guest(modulus.data(), guest_pointer(s.at + 20), modulus.size(), s.at + 20, false);
  const Bytes exponent = int_bytes(get<int32_t>(s.at + 16));
  return {der_element(kSequence, concat({unsigned_integer(modulus), unsigned_integer(exponent)}))};
}

// A SET OF the encodings, in DER's order (by their bytes, a shorter one first where it is the
// other's start).
Bytes der_set(std::vector<Bytes> items) {
  std::sort(items.begin(), items.end());
  Bytes all;
  for (const Bytes& i : items) all.insert(all.end(), i.begin(), i.end());
  return der_element(0x31, all);
}

// CRYPT_ATTRIBUTE {pszObjId, cValue, rgValue} at `s`: its OID and the SET OF its encoded values.
Encoded attribute(const Source& s) {
  if (!s.pointer(0)) return failed(kEInvalidArg);
  const auto o = oid_element(s.string(0));
  if (!o) return failed(kBadEncode);
  const uint32_t n = get<uint32_t>(s.at + s.ptr);
  std::vector<Bytes> values;
  for (uint32_t i = 0; i < n; ++i) values.push_back(s.element(2 * s.ptr, i, 2 * s.ptr).blob(0));
  return {der_element(kSequence, concat({*o, der_set(values)}))};
}

// CRYPT_ATTRIBUTES {cAttr, rgAttr}: a SET OF the attributes.
Encoded attributes(const Source& s) {
  const uint32_t n = get<uint32_t>(s.at);
  std::vector<Bytes> items;
  for (uint32_t i = 0; i < n; ++i) {
    Encoded a = attribute(s.element(s.ptr, i, 3 * s.ptr));
    if (a.error) return a;
    items.push_back(std::move(a.der));
  }
  return {der_set(items)};
}

// CRYPT_CONTENT_INFO {pszObjId, Content}: PKCS #7's ContentInfo, the content (already encoded)
// in its [0] EXPLICIT when there is one.
Encoded content_info(const Source& s) {
  if (!s.pointer(0)) return failed(kEInvalidArg);
  const auto o = oid_element(s.string(0));
  if (!o) return failed(kBadEncode);
  const Bytes content = s.blob(s.ptr);
  return {der_element(kSequence, content.empty() ? *o : concat({*o, der_element(0xa0, content)}))};
}

// BCRYPT_RSAKEY_BLOB {Magic, BitLength, cbPublicExp, cbModulus, cbPrime1, cbPrime2}, then the
// exponent and the modulus (big-endian), as PKCS #1's RSAPublicKey.
Encoded cng_rsa_public_key(const Source& s) {
  const uint32_t exponent_size = get<uint32_t>(s.at + 8), modulus_size = get<uint32_t>(s.at + 12);
  auto little = [&](uint64_t at, uint32_t n) {
    Bytes b(n);
    if (n) copy_guest(b.data(), guest_pointer(at), n, at, false);
    std::reverse(b.begin(), b.end());
    return b;
  };
  const Bytes exponent = little(s.at + 24, exponent_size), modulus = little(s.at + 24 + exponent_size, modulus_size);
  return {der_element(kSequence, concat({unsigned_integer(modulus), unsigned_integer(exponent)}))};
}

// ---- names ----

constexpr uint32_t kNotCharString = 0x80092024, kInvalidNumeric = 0x80092020, kInvalidPrintable = 0x80092021,
                   kInvalidIa5 = 0x80092022, kAsn1Choice = 0x8009310c;

// CERT_RDN_* value types: each string type's tag (0: not a string type).
uint8_t string_tag(uint32_t type) {
  static constexpr uint8_t tags[] = {0, 0, 0x04, 0x12, 0x13, 0x14, 0x15, 0x16, 0x19, 0x1a, 0x1b, 0x1c, 0x1e, 0x0c};
  return type < sizeof tags ? tags[type] : 0;
}
constexpr uint32_t kAnyType = 0, kEncodedBlob = 1, kOctetType = 2, kNumeric = 3, kPrintable = 4, kIa5 = 7,
                   kUniversal = 11, kBmp = 12, kUtf8 = 13;

bool printable(char16_t c) {
  return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') ||
         std::u16string_view(u" '()+,-./:=?").find(c) != std::u16string_view::npos;
}

// A CERT_RDN_VALUE_BLOB's characters: UTF-16 (cbData bytes, or up to a NUL when 0).
std::u16string wide_value(const Source& blob) {
  const uint32_t n = get<uint32_t>(blob.at);
  const uint64_t at = blob.pointer(blob.ptr);
  if (!at) return {};
  if (!n) return WStr{at}.str();
  std::u16string w(n / 2, u'\0');
  copy_guest(w.data(), guest_pointer(at), w.size() * 2, at, false);
  return w;
}
// Its bytes: cbData of them, or up to a NUL when 0.
Bytes narrow_value(const Source& blob) {
  const uint32_t n = get<uint32_t>(blob.at);
  const uint64_t at = blob.pointer(blob.ptr);
  if (!at) return {};
  if (!n) {
    const std::string text = CStr{at}.str();
    return Bytes(text.begin(), text.end());
  }
  return blob.blob(0);
}

Bytes big_endian_units(const std::u16string& w, unsigned width) {
  Bytes out;
  for (char16_t c : w) {
    for (unsigned i = width; i > 2; --i) out.push_back(0);
    out.push_back(static_cast<uint8_t>(c >> 8));
    out.push_back(static_cast<uint8_t>(c));
  }
  return out;
}

// CERT_NAME_VALUE {dwValueType, Value} at `s` (a CERT_RDN_ATTR's from its dwValueType on): the
// value in its type's encoding. `unicode`: X509_UNICODE_NAME's form (the value is UTF-16 text
// whatever its type, checked against what the type allows: a refused character's index in the
// Encoded's); else X509_NAME's (the string types' bytes as given, BMP and UTF-8 from UTF-16).
Encoded name_value(const Source& s, bool unicode) {
  const uint32_t type = get<uint32_t>(s.at) & 0xff;  // (CERT_RDN_TYPE_MASK: the rest are flags)
  const Source blob = s.field(s.ptr);
  if (type == kEncodedBlob) return {blob.blob(0)};
  if (unicode && (type == kAnyType || type == kOctetType)) return failed(kNotCharString);
  if (type == kAnyType) return failed(kEInvalidArg);
  const uint8_t tag = string_tag(type);
  if (!tag) return failed(kAsn1Choice);
  if (type == kBmp) return {der_element(tag, big_endian_units(wide_value(blob), 2))};
  if (type == kUtf8) {
    const std::string text = utf16_to_utf8(wide_value(blob));
    return {der_element(tag, Bytes(text.begin(), text.end()))};
  }
  if (!unicode) {
    if (type != kUniversal) return {der_element(tag, narrow_value(blob))};
    // (X509_NAME's UniversalString: 32-bit characters.)
    const Bytes units = blob.blob(0);
    Bytes out;
    for (size_t i = 0; i + 4 <= units.size(); i += 4)
      for (int k = 3; k >= 0; --k) out.push_back(units[i + static_cast<size_t>(k)]);
    return {der_element(tag, out)};
  }
  const std::u16string w = wide_value(blob);
  if (type == kUniversal) return {der_element(tag, big_endian_units(w, 4))};
  Bytes out;
  for (size_t i = 0; i < w.size(); ++i) {
    const char16_t c = w[i];
    uint32_t error = 0;
    if (type == kNumeric && !(c >= u'0' && c <= u'9')) error = kInvalidNumeric;
    if (type == kPrintable && !printable(c)) error = kInvalidPrintable;
    if (type == kIa5 && c > 0x7f) error = kInvalidIa5;
    if (error) return failed(error, static_cast<uint32_t>(i));
    out.push_back(static_cast<uint8_t>(c));
  }
  return {der_element(tag, out)};
}

// CERT_NAME_INFO {cRDN, rgRDN}, each CERT_RDN {cRDNAttr, rgRDNAttr} a SET OF its attributes
// ({pszObjId, dwValueType, Value}: a SEQUENCE of the OID and the value), in a SEQUENCE. A bad
// character's place: its RDN's, attribute's and character's indexes (GET_CERT_UNICODE_*_ERR_INDEX).
Encoded name(const Source& s, bool unicode) {
  const uint32_t rdns = get<uint32_t>(s.at);
  Bytes all;
  for (uint32_t r = 0; r < rdns; ++r) {
    const Source rdn = s.element(s.ptr, r, 2 * s.ptr);
    const uint32_t attrs = get<uint32_t>(rdn.at);
    std::vector<Bytes> set;
    for (uint32_t a = 0; a < attrs; ++a) {
      const Source attr = rdn.element(rdn.ptr, a, 4 * rdn.ptr);
      const auto o = oid_element(attr.string(0));
      if (!o) return failed(kBadEncode);
      const Encoded v = name_value(attr.field(attr.ptr), unicode);
      if (v.error) return failed(v.error, ((r & 0x3ff) << 22) | ((a & 0x3f) << 16) | (v.index & 0xffff));
      set.push_back(der_element(kSequence, concat({*o, v.der})));
    }
    const Bytes encoded = der_set(set);
    all.insert(all.end(), encoded.begin(), encoded.end());
  }
  return {der_element(kSequence, all)};
}

struct EncoderType {
  uint32_t number;  // X509_* / PKCS_* (0: named by OID only)
  const char* oid;
  std::function<Encoded(const Source&)> encode;
};

// ---- alternative names ----

// An encoding with its first byte (the tag) replaced: an IMPLICIT context tag.
Bytes retagged(Bytes der, uint8_t tag) {
  if (!der.empty()) der[0] = tag;
  return der;
}

constexpr uint32_t kAltOther = 1, kAltRfc822 = 2, kAltDns = 3, kAltDirectory = 5, kAltUrl = 7, kAltIp = 8,
                   kAltRegisteredId = 9;

// CERT_ALT_NAME_ENTRY {dwAltNameChoice, union} at `e` as GeneralName: text names IA5 only (a
// character beyond it: its index in the Encoded's), a directory name's encoding in [4], an OID in
// [8], another name (CERT_OTHER_NAME {pszObjId, Value}) as [0] {OID, [0] value}.
Encoded alt_name_entry(const Source& e) {
  const uint32_t choice = get<uint32_t>(e.at);
  const uint8_t context = static_cast<uint8_t>(0x80 | (choice - 1));
  switch (choice) {
    case kAltRfc822:
    case kAltDns:
    case kAltUrl: {
      const uint64_t at = e.pointer(e.ptr);
      const std::u16string w = at ? WStr{at}.str() : std::u16string();
      Bytes text;
      for (size_t i = 0; i < w.size(); ++i) {
        if (w[i] > 0x7f) return failed(kInvalidIa5, static_cast<uint32_t>(i));
        text.push_back(static_cast<uint8_t>(w[i]));
      }
      return {der_element(context, text)};
    }
    case kAltDirectory: return {der_element(static_cast<uint8_t>(context | 0x20), e.blob(e.ptr))};
    case kAltIp: return {der_element(context, e.blob(e.ptr))};
    case kAltRegisteredId: {
      const auto o = oid_element(e.string(e.ptr));
      if (!o) return failed(kBadEncode);
      return {retagged(*o, context)};
    }
    case kAltOther: {
      const Source other = e.pointee(e.ptr);
      const auto o = oid_element(other.string(0));
      if (!o) return failed(kBadEncode);
      return {der_element(0xa0, concat({*o, der_element(0xa0, other.blob(other.ptr))}))};
    }
  }
  return failed(kEInvalidArg);
}

// CERT_ALT_NAME_INFO {cAltEntry, rgAltEntry}: a SEQUENCE of GeneralName; a bad character's place:
// its entry's index and its own (CERT_ALT_NAME_ENTRY_ERR_INDEX_SHIFT).
Encoded alt_name(const Source& s) {
  return sequence_of(s, 3 * s.ptr, [](const Source& e, uint32_t i) {
    const Encoded entry = alt_name_entry(e);
    return entry.error ? failed(entry.error, (i << 16) | (entry.index & 0xffff)) : entry;
  });
}

// CERT_AUTHORITY_KEY_ID2_INFO {KeyId, AuthorityCertIssuer, AuthorityCertSerialNumber}: each part
// that is there, in [0], [1] and [2].
Encoded authority_key_id2(const Source& s) {
  Bytes items;
  const Bytes key_id = s.blob(0);
  if (!key_id.empty()) items = der_element(0x80, key_id);
  const Source issuer = s.field(2 * s.ptr);
  if (get<uint32_t>(issuer.at)) {
    Encoded names = alt_name(issuer);
    if (names.error) return names;
    items = concat({items, retagged(names.der, 0xa1)});
  }
  const Bytes serial = s.blob(4 * s.ptr);
  if (!serial.empty()) items = concat({items, retagged(signed_integer(serial), 0x82)});
  return {der_element(kSequence, items)};
}

// CERT_AUTHORITY_INFO_ACCESS {cAccDescr, rgAccDescr}: each {pszAccessMethod, AccessLocation} as
// a SEQUENCE of the method's OID and the location's GeneralName.
Encoded authority_info_access(const Source& s) {
  return sequence_of(s, 4 * s.ptr, [](const Source& d, uint32_t) {
    if (!d.pointer(0)) return failed(kEInvalidArg);
    const auto o = oid_element(d.string(0));
    if (!o) return failed(kBadEncode);
    const Encoded location = alt_name_entry(d.field(d.ptr));
    return location.error ? location : Encoded{der_element(kSequence, concat({*o, location.der}))};
  });
}

// CRL_DIST_POINTS_INFO {cDistPoint, rgDistPoint} (none: E_INVALIDARG): each CRL_DIST_POINT
// {DistPointName, ReasonFlags, CRLIssuer} with the parts it has — a full name in [0] {[0] names},
// the reasons in [1], the issuer's names in [2].
Encoded crl_dist_points(const Source& s) {
  constexpr uint32_t kNoName = 0, kFullName = 1;
  const uint32_t n = get<uint32_t>(s.at);
  if (!n) return failed(kEInvalidArg);
  Bytes all;
  for (uint32_t i = 0; i < n; ++i) {
    const Source d = s.element(s.ptr, i, 8 * s.ptr);
    Bytes items;
    const uint32_t choice = get<uint32_t>(d.at);
    if (choice == kFullName) {
      Encoded names = alt_name(d.field(d.ptr));
      if (names.error) return names;
      items = der_element(0xa0, retagged(names.der, 0xa0));
    } else if (choice != kNoName) {
      // (CRL_DIST_POINT_ISSUER_RDN_NAME has no member of the structure to give the name in.)
      return failed(kEInvalidArg);
    }
    const Source reasons = d.field(3 * d.ptr);
    if (get<uint32_t>(reasons.at)) items = concat({items, retagged(bits(reasons).der, 0x81)});
    const Source issuer = d.field(6 * d.ptr);
    if (get<uint32_t>(issuer.at)) {
      Encoded names = alt_name(issuer);
      if (names.error) return names;
      items = concat({items, retagged(names.der, 0xa2)});
    }
    all = concat({all, der_element(kSequence, items)});
  }
  return {der_element(kSequence, all)};
}

// CERT_AUTHORITY_KEY_ID_INFO {KeyId, CertIssuer, CertSerialNumber} (the extension's first form):
// each part that is there, the key ID in [0], the issuer's encoded name in [1], the serial in [2].
Encoded authority_key_id(const Source& s) {
  Bytes items;
  const Bytes key_id = s.blob(0), issuer = s.blob(2 * s.ptr), serial = s.blob(4 * s.ptr);
  if (!key_id.empty()) items = der_element(0x80, key_id);
  if (!issuer.empty()) items = concat({items, der_element(0xa1, issuer)});
  if (!serial.empty()) items = concat({items, retagged(signed_integer(serial), 0x82)});
  return {der_element(kSequence, items)};
}

// CERT_BASIC_CONSTRAINTS_INFO {SubjectType, fPathLenConstraint, dwPathLenConstraint,
// cSubtreesConstraint, rgSubtreesConstraint} (the extension's first form): the subject type's bits,
// the path length when constrained, the subtrees' encoded names when there are.
Encoded basic_constraints(const Source& s) {
  const uint64_t after = 3 * s.ptr;
  Bytes items = bits(s).der;
  if (get<uint32_t>(s.at + after))
    items = concat({items, integer_at(s.at + after + 4)});
  if (const uint32_t n = get<uint32_t>(s.at + after + 8)) {
    const uint64_t array = s.aligned(after + 12);
    Bytes names;
    for (uint32_t i = 0; i < n; ++i) names = concat({names, s.element(array, i, 2 * s.ptr).blob(0)});
    items = concat({items, der_element(kSequence, names)});
  }
  return {der_element(kSequence, items)};
}

// CRL_ISSUING_DIST_POINT {DistPointName, fOnlyContainsUserCerts, fOnlyContainsCACerts,
// OnlySomeReasonFlags, fIndirectCRL}: the parts it has, a full name in [0] {[0] names}, the flags
// as BOOLEANs in [1], [2] and [4], the reasons in [3].
Encoded issuing_dist_point(const Source& s) {
  const Bytes yes = {0xff};
  Bytes items;
  const uint32_t choice = get<uint32_t>(s.at);
  if (choice == 1) {
    Encoded names = alt_name(s.field(s.ptr));
    if (names.error) return names;
    items = der_element(0xa0, retagged(names.der, 0xa0));
  } else if (choice != 0) {
    return failed(kEInvalidArg);
  }
  const uint64_t flags = 3 * s.ptr, reasons = s.aligned(flags + 8);
  if (get<uint32_t>(s.at + flags)) items = concat({items, der_element(0x81, yes)});
  if (get<uint32_t>(s.at + flags + 4)) items = concat({items, der_element(0x82, yes)});
  if (get<uint32_t>(s.at + reasons)) items = concat({items, retagged(bits(s.field(reasons)).der, 0x83)});
  if (get<uint32_t>(s.at + reasons + 3 * s.ptr)) items = concat({items, der_element(0x84, yes)});
  return {der_element(kSequence, items)};
}

// CERT_NAME_CONSTRAINTS_INFO {cPermittedSubtree, rgPermittedSubtree, cExcludedSubtree,
// rgExcludedSubtree}: each list that has subtrees, in DER's set order, in [0] and [1]; a
// CERT_GENERAL_SUBTREE {Base, dwMinimum, fMaximum, dwMaximum} as its GeneralName, the minimum in
// [0] when not 0, the maximum in [1] when given.
Encoded name_constraints(const Source& s) {
  const uint64_t subtree_size = s.aligned(3 * s.ptr + 12);
  Bytes items;
  for (int list = 0; list < 2; ++list) {
    const uint32_t n = get<uint32_t>(s.at + 2 * list * s.ptr);
    if (!n) continue;
    std::vector<Bytes> subtrees;
    for (uint32_t i = 0; i < n; ++i) {
      const Source t = s.element((2 * list + 1) * s.ptr, i, subtree_size);
      Encoded base = alt_name_entry(t);
      if (base.error) return base;
      Bytes subtree = base.der;
      const uint64_t after = 3 * s.ptr;
      if (get<uint32_t>(t.at + after)) subtree = concat({subtree, retagged(integer_at(t.at + after), 0x80)});
      if (get<uint32_t>(t.at + after + 4)) subtree = concat({subtree, retagged(integer_at(t.at + after + 8), 0x81)});
      subtrees.push_back(der_element(kSequence, subtree));
    }
    items = concat({items, retagged(der_set(subtrees), static_cast<uint8_t>(0xa0 | list))});
  }
  return {der_element(kSequence, items)};
}

// ---- policies ----

// An array of {LPSTR pszObjId; CRYPT_OBJID_BLOB} (SMIME capabilities, policy qualifiers) at
// `array`: a SEQUENCE of a SEQUENCE of each OID and its value as encoded; a null OID: E_INVALIDARG.
Encoded oids_with_values(const Source& array, uint32_t n) {
  Bytes all;
  for (uint32_t i = 0; i < n; ++i) {
    const Source e = array.field(uint64_t{i} * 3 * array.ptr);
    if (!e.pointer(0)) return failed(kEInvalidArg);
    const auto o = oid_element(e.string(0));
    if (!o) return failed(kBadEncode);
    all = concat({all, der_element(kSequence, concat({*o, e.blob(e.ptr)}))});
  }
  return {der_element(kSequence, all)};
}

// CRYPT_SMIME_CAPABILITIES {cCapability, rgCapability}.
Encoded smime_capabilities(const Source& s) {
  return oids_with_values(s.pointee(s.ptr), get<uint32_t>(s.at));
}

// CERT_POLICIES_INFO {cPolicyInfo, rgPolicyInfo}: each {pszPolicyIdentifier, cPolicyQualifier,
// rgPolicyQualifier} as a SEQUENCE of its OID and its qualifiers, when it has any.
Encoded cert_policies(const Source& s) {
  return sequence_of(s, 3 * s.ptr, [](const Source& policy, uint32_t) {
    if (!policy.pointer(0)) return failed(kEInvalidArg);
    const auto o = oid_element(policy.string(0));
    if (!o) return failed(kBadEncode);
    const uint32_t count = get<uint32_t>(policy.at + policy.ptr);
    Bytes item = *o;
    if (count) {
      const Encoded qualifiers = oids_with_values(policy.pointee(2 * policy.ptr), count);
      if (qualifiers.error) return qualifiers;
      item = concat({item, qualifiers.der});
    }
    return Encoded{der_element(kSequence, item)};
  });
}

// CERT_POLICY_QUALIFIER_USER_NOTICE {pNoticeReference, pszDisplayText}: the reference
// ({pszOrganization, cNoticeNumbers, rgNoticeNumbers}: an IA5String and a SEQUENCE of INTEGER)
// and the text (a BMPString), each when there.
Encoded user_notice(const Source& s) {
  Bytes items;
  if (s.pointer(0)) {
    const Source r = s.pointee(0);
    const std::string organization = r.pointer(0) ? r.string(0) : std::string();
    Bytes numbers;
    const uint32_t n = get<uint32_t>(r.at + r.ptr);
    for (uint32_t i = 0; i < n; ++i)
      numbers = concat({numbers, integer_at(r.pointer(2 * r.ptr) + uint64_t{i} * 4)});
    items = der_element(kSequence, concat({der_element(0x16, Bytes(organization.begin(), organization.end())),
                                           der_element(kSequence, numbers)}));
  }
  if (const uint64_t text = s.pointer(s.ptr))
    items = concat({items, der_element(0x1e, big_endian_units(WStr{text}.str(), 2))});
  return {der_element(kSequence, items)};
}

// CERT_POLICY_MAPPINGS_INFO {cPolicyMapping, rgPolicyMapping}: each {issuer's, subject's policy}
// as a SEQUENCE of the two OIDs; a null one: E_INVALIDARG.
Encoded policy_mappings(const Source& s) {
  return sequence_of(s, 2 * s.ptr, [](const Source& m, uint32_t) {
    if (!m.pointer(0) || !m.pointer(m.ptr)) return failed(kEInvalidArg);
    const auto issuer = oid_element(m.string(0)), subject = oid_element(m.string(m.ptr));
    if (!issuer || !subject) return failed(kBadEncode);
    return Encoded{der_element(kSequence, concat({*issuer, *subject}))};
  });
}

// CERT_POLICY_CONSTRAINTS_INFO {fRequireExplicitPolicy, its skip count, fInhibitPolicyMapping, its
// skip count}: each count in [0] and [1] when its flag says.
Encoded policy_constraints(const Source& s) {
  Bytes items;
  if (get<uint32_t>(s.at)) items = retagged(integer_at(s.at + 4), 0x80);
  if (get<uint32_t>(s.at + 8)) items = concat({items, retagged(integer_at(s.at + 12), 0x81)});
  return {der_element(kSequence, items)};
}

// ---- certificates ----

// CRYPT_ALGORITHM_IDENTIFIER {pszObjId, Parameters} at `s`: its OID and its parameters as given
// (none when it has none).
Encoded algorithm_id(const Source& s) {
  const auto o = oid_element(s.string(0));
  if (!o) return failed(kBadEncode);
  return {der_element(kSequence, concat({*o, s.blob(s.ptr)}))};
}

// CERT_INFO as the TBSCertificate: the version in [0] but for version 1's, the serial number, the
// signature algorithm, issuer and subject as encoded, the validity, the public key (its
// parameters as given), the unique IDs in [1] and [2] and the extensions in [3] when there are.
Encoded cert_info(const Source& s) {
  const stores::CertInfoLayout l{s.ptr};
  Bytes items;
  if (get<uint32_t>(s.at)) items = der_element(0xa0, integer_at(s.at));
  const Encoded algorithm = algorithm_id(s.field(l.signature()));
  if (algorithm.error) return algorithm;
  const Encoded not_before = time(s.field(l.not_before()), true), not_after = time(s.field(l.not_after()), true);
  if (not_before.error || not_after.error) return failed(kBadEncode);
  const Encoded key = public_key(s.field(l.public_key_info()), false);
  if (key.error) return key;
  items = concat({items, signed_integer(s.blob(l.serial())), algorithm.der, s.blob(l.issuer()),
                  der_element(kSequence, concat({not_before.der, not_after.der})), s.blob(l.subject()),
                  key.der});
  if (get<uint32_t>(s.at + l.issuer_unique_id()))
    items = concat({items, retagged(bits(s.field(l.issuer_unique_id())).der, 0x81)});
  if (get<uint32_t>(s.at + l.subject_unique_id()))
    items = concat({items, retagged(bits(s.field(l.subject_unique_id())).der, 0x82)});
  if (get<uint32_t>(s.at + l.extension_count())) {
    const Encoded e = extensions(s.field(l.extension_count()));
    if (e.error) return e;
    items = concat({items, der_element(0xa3, e.der)});
  }
  return {der_element(kSequence, items)};
}

// CRL_INFO {dwVersion, SignatureAlgorithm, Issuer, ThisUpdate, NextUpdate, cCRLEntry, rgCRLEntry,
// cExtension, rgExtension} as the TBSCertList: the version but for version 1's, the algorithm, the
// issuer as encoded, the times (the next when given), the revoked certificates (CRL_ENTRY
// {SerialNumber, RevocationDate, cExtension, rgExtension}) when there are, the extensions in [0].
Encoded crl_info(const Source& s) {
  Bytes items;
  if (get<uint32_t>(s.at)) items = integer_at(s.at);
  const Encoded algorithm = algorithm_id(s.field(s.ptr));
  if (algorithm.error) return algorithm;
  const uint64_t times = 6 * s.ptr;
  const Encoded this_update = time(s.field(times), true);
  if (this_update.error) return this_update;
  items = concat({items, algorithm.der, s.blob(4 * s.ptr), this_update.der});
  if (get<uint64_t>(s.at + times + 8)) {
    const Encoded next_update = time(s.field(times + 8), true);
    if (next_update.error) return next_update;
    items = concat({items, next_update.der});
  }
  if (const uint32_t n = get<uint32_t>(s.at + times + 16)) {
    const uint64_t entry_extensions = 2 * s.ptr + 8, entry_size = s.aligned(entry_extensions + 4) + s.ptr;
    Bytes entries;
    for (uint32_t i = 0; i < n; ++i) {
      const Source e = s.element(7 * s.ptr + 16, i, entry_size);
      const Encoded date = time(e.field(2 * e.ptr), true);
      if (date.error) return date;
      Bytes entry = concat({signed_integer(e.blob(0)), date.der});
      if (get<uint32_t>(e.at + entry_extensions)) {
        // (The count and the array's pointer lie as in CERT_EXTENSIONS.)
        const Encoded ext = extensions(e.field(entry_extensions));
        if (ext.error) return ext;
        entry = concat({entry, ext.der});
      }
      entries = concat({entries, der_element(kSequence, entry)});
    }
    items = concat({items, der_element(kSequence, entries)});
  }
  if (get<uint32_t>(s.at + 8 * s.ptr + 16)) {
    const Encoded ext = extensions(s.field(8 * s.ptr + 16));
    if (ext.error) return ext;
    items = concat({items, der_element(0xa0, ext.der)});
  }
  return {der_element(kSequence, items)};
}

// CTL_INFO {dwVersion, SubjectUsage, ListIdentifier, SequenceNumber, ThisUpdate, NextUpdate,
// SubjectAlgorithm, cCTLEntry, rgCTLEntry, cExtension, rgExtension} as a CertificateTrustList: the
// version but for version 1's, the usages, the list's identifier and sequence number when given,
// the times (the next when given), the subject algorithm (its parameters NULL when it has none),
// the trusted subjects (CTL_ENTRY {SubjectIdentifier, cAttribute, rgAttribute}: the identifier and
// the SET OF its attributes) when there are, the extensions in [0].
Encoded ctl_info(const Source& s) {
  const unsigned w = s.ptr;
  Bytes items;
  if (get<uint32_t>(s.at)) items = integer_at(s.at);
  const Encoded usage = enhanced_key_usage(s.field(w));
  if (usage.error) return usage;
  items = concat({items, usage.der});
  if (get<uint32_t>(s.at + 3 * w)) items = concat({items, der_element(kOctetString, s.blob(3 * w))});
  if (get<uint32_t>(s.at + 5 * w)) items = concat({items, signed_integer(s.blob(5 * w))});
  const Encoded this_update = time(s.field(7 * w), true);
  if (this_update.error) return this_update;
  items = concat({items, this_update.der});
  if (get<uint64_t>(s.at + 7 * w + 8)) {
    const Encoded next_update = time(s.field(7 * w + 8), true);
    if (next_update.error) return next_update;
    items = concat({items, next_update.der});
  }
  const Source algorithm = s.field(7 * w + 16);
  Bytes subject_algorithm;
  if (algorithm.pointer(0)) {
    const auto o = oid_element(algorithm.string(0));
    if (!o) return failed(kBadEncode);
    Bytes parameters = algorithm.blob(w);
    if (parameters.empty()) parameters = {kNull, 0};
    subject_algorithm = concat({*o, parameters});
  }
  items = concat({items, der_element(kSequence, subject_algorithm)});
  if (get<uint32_t>(s.at + 10 * w + 16)) {
    const Encoded entries = sequence_of(s.field(10 * w + 16), 4 * w, [](const Source& e, uint32_t) {
      const Encoded attrs = attributes(e.field(2 * e.ptr));
      if (attrs.error) return attrs;
      return Encoded{der_element(kSequence, concat({der_element(kOctetString, e.blob(0)), attrs.der}))};
    });
    if (entries.error) return entries;
    items = concat({items, entries.der});
  }
  if (get<uint32_t>(s.at + 12 * w + 16)) {
    const Encoded ext = extensions(s.field(12 * w + 16));
    if (ext.error) return ext;
    items = concat({items, der_element(0xa0, ext.der)});
  }
  return {der_element(kSequence, items)};
}

// CERT_SIGNED_CONTENT_INFO {ToBeSigned, SignatureAlgorithm, Signature}: the signed part as
// encoded, the algorithm, the signature's bytes reversed (CryptoAPI keeps them little-endian)
// unless CRYPT_ENCODE_NO_SIGNATURE_BYTE_REVERSAL_FLAG.
Encoded signed_content(const Source& s) {
  constexpr uint32_t kNoReversal = 0x8;
  const Encoded algorithm = algorithm_id(s.field(2 * s.ptr));
  if (algorithm.error) return algorithm;
  const Source signature = s.field(5 * s.ptr);
  Bytes value = signature.blob(0);
  if (!(s.flags & kNoReversal)) std::reverse(value.begin(), value.end());
  const Bytes signature_bits = bits_of(value, get<uint32_t>(signature.at + 2 * s.ptr));
  return {der_element(kSequence, concat({s.blob(0), algorithm.der, signature_bits}))};
}

const std::vector<EncoderType>& encoder_types() {
  static const std::vector<EncoderType> types = {
      {1, nullptr, signed_content},               // X509_CERT
      {2, nullptr, cert_info},                    // X509_CERT_TO_BE_SIGNED
      {3, nullptr, crl_info},                     // X509_CERT_CRL_TO_BE_SIGNED
      {5, "1.3.6.1.4.1.311.2.1.14", extensions},  // X509_EXTENSIONS, szOID_CERT_EXTENSIONS
      {6, nullptr, [](const Source& s) { return name_value(s, false); }},  // X509_NAME_VALUE
      {7, nullptr, [](const Source& s) { return name(s, false); }},        // X509_NAME
      {8, nullptr, [](const Source& s) { return public_key(s, true); }},  // X509_PUBLIC_KEY_INFO
      {9, "2.5.29.1", authority_key_id},          // X509_AUTHORITY_KEY_ID
      {12, "2.5.29.17", alt_name},                // X509_ALTERNATE_NAME
      {0, "2.5.29.18", alt_name},                 // (the issuer's)
      {0, "2.5.29.7", alt_name},                  // (the old OIDs)
      {0, "2.5.29.8", alt_name},
      {0, "1.3.6.1.4.1.311.10.2", alt_name},      // (next update location)
      {13, "2.5.29.10", basic_constraints},       // X509_BASIC_CONSTRAINTS
      {14, "2.5.29.15", bits},                    // X509_KEY_USAGE
      {15, "2.5.29.19", basic_constraints2},      // X509_BASIC_CONSTRAINTS2
      {16, "2.5.29.32", cert_policies},           // X509_CERT_POLICIES
      {17, "1.2.840.113549.1.9.5", [](const Source& s) { return time(s, false); }},  // PKCS_UTC_TIME
      {19, nullptr, rsa_public_key},              // RSA_CSP_PUBLICKEYBLOB
      {20, nullptr, [](const Source& s) { return name(s, true); }},        // X509_UNICODE_NAME
      {22, nullptr, attribute},                   // PKCS_ATTRIBUTE
      {24, nullptr, [](const Source& s) { return name_value(s, true); }},  // X509_UNICODE_NAME_VALUE
      {25, "2.5.29.14",                           // X509_OCTET_STRING, szOID_SUBJECT_KEY_IDENTIFIER
       [](const Source& s) { return Encoded{der_element(kOctetString, s.blob(0))}; }},
      {26, nullptr, bits},                        // X509_BITS
      {27, nullptr, [](const Source& s) { return Encoded{integer_at(s.at)}; }},  // X509_INTEGER
      {28, nullptr, [](const Source& s) { return Encoded{signed_integer(s.blob(0))}; }},  // MULTI_BYTE_INTEGER
      {29, "2.5.29.21",                           // X509_ENUMERATED, szOID_CRL_REASON_CODE
       [](const Source& s) { return Encoded{integer_at(s.at, kEnumerated)}; }},
      {30, nullptr, [](const Source& s) { return time(s, true); }},  // X509_CHOICE_OF_TIME
      {31, "2.5.29.35", authority_key_id2},       // X509_AUTHORITY_KEY_ID2
      {32, "1.3.6.1.5.5.7.1.1", authority_info_access},  // X509_AUTHORITY_INFO_ACCESS
      {33, nullptr, content_info},                // PKCS_CONTENT_INFO
      {34, nullptr, sequence_of_any},             // X509_SEQUENCE_OF_ANY
      {35, "2.5.29.31", crl_dist_points},         // X509_CRL_DIST_POINTS
      {36, "2.5.29.37", enhanced_key_usage},      // X509_ENHANCED_KEY_USAGE
      {37, nullptr, ctl_info},                    // PKCS_CTL
      {38, nullptr, [](const Source& s) { return Encoded{unsigned_integer(s.blob(0))}; }},  // MULTI_BYTE_UINT
      {42, "1.2.840.113549.1.9.15", smime_capabilities},  // PKCS_SMIME_CAPABILITIES
      {46, "1.3.6.1.5.5.7.2.2", user_notice},     // X509_PKIX_POLICY_QUALIFIER_USERNOTICE
      {48, nullptr, attributes},                  // PKCS_ATTRIBUTES
      {54, "2.5.29.28", issuing_dist_point},      // X509_ISSUING_DIST_POINT
      {55, "2.5.29.30", name_constraints},        // X509_NAME_CONSTRAINTS
      {56, "2.5.29.33", policy_mappings},         // X509_POLICY_MAPPINGS
      {0, "2.5.29.5", policy_mappings},           // (szOID_LEGACY_POLICY_MAPPINGS)
      {57, "2.5.29.36", policy_constraints},      // X509_POLICY_CONSTRAINTS
      {72, nullptr, cng_rsa_public_key},          // CNG_RSA_PUBLIC_KEY_BLOB
  };
  return types;
}

const EncoderType* find_type(uint64_t type_arg, std::string& shown) {
  if (type_arg < 0x10000) {
    shown = std::to_string(type_arg);
    for (const auto& t : encoder_types())
      if (type_arg && t.number == type_arg) return &t;
    return nullptr;
  }
  shown = CStr{type_arg}.str();
  for (const auto& t : encoder_types())
    if (t.oid && shown == t.oid) return &t;
  return nullptr;
}

BOOL encode(WindowsProcess& p, uint32_t encoding, Ptr type, Ptr info, uint32_t flags, Ptr para, Ptr out,
            Ptr out_size) {
  if (!out && !out_size) return fail(p, ERROR_INVALID_PARAMETER);
  if (!(encoding & (stores::kX509Encoding | stores::kPkcs7Encoding)) && encoding != 0)
    return fail(p, ERROR_FILE_NOT_FOUND);  // (no encoder for that encoding, as Windows says)
  std::string shown;
  const EncoderType* t = find_type(type.addr, shown);
  if (!t) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: unimplemented: CRYPT32.dll!CryptEncodeObjectEx of structure type %s\n",
                 shown.c_str());
    p.terminate(127);
    return FALSE;
  }
  const Encoded e = t->encode(Source{info.addr, p.isa->ptr, flags});
  if (e.error) {
    if ((e.error == kInvalidNumeric || e.error == kInvalidPrintable || e.error == kInvalidIa5) && out_size)
      put<uint32_t>(out_size.addr, e.index);
    return fail(p, e.error);
  }
  return stores::hand_out(p, flags & kEncodeAlloc, para, out, out_size, static_cast<uint32_t>(e.der.size()),
                         [&](uint64_t at) { copy_guest(guest_pointer(at), e.der.data(), e.der.size(), at, true); });
}

BOOL CryptEncodeObjectEx(WindowsProcess& p, uint32_t encoding, Ptr type, Ptr info, uint32_t flags, Ptr para, Ptr out,
                         Ptr out_size) {
  return encode(p, encoding, type, info, flags, para, out, out_size);
}

BOOL CryptEncodeObject(WindowsProcess& p, uint32_t encoding, Ptr type, Ptr info, Ptr out, Ptr out_size) {
  return encode(p, encoding, type, info, 0, Ptr(0), out, out_size);
}

}  // namespace
}  // namespace encoding

const std::vector<Export>& encoding_exports() {
  using namespace encoding;
  static const std::vector<Export> exports = {
      EXPORT("CryptEncodeObject", CryptEncodeObject),
      EXPORT("CryptEncodeObjectEx", CryptEncodeObjectEx),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
