// CRYPT32's messages built: CryptMsgOpenToEncode of a data message (CMSG_DATA) or a signed one
// (CMSG_SIGNED: CMSG_SIGNED_ENCODE_INFO's signers, certificates and CRLs; an inner content type
// other than data — a CTL's — given as its encoding, its contents octets digested), given its content by
// CryptMsgUpdate in one final part (a message that is not streamed takes no other:
// CRYPT_E_MSG_ERROR), read with CryptMsgGetParam (CMSG_CONTENT_PARAM: the ContentInfo;
// CMSG_BARE_CONTENT_PARAM: its content alone). A signer's hash is made and signed with its
// CryptoAPI provider and key spec (ADVAPI32's CryptCreateHash, CryptHashData, CryptSignHash, the
// signature's bytes reversed into PKCS #1's order); with authenticated attributes the content type
// and the message digest are added to them and the signature covers their DER SET, as PKCS #7
// says. The digest algorithm carries NULL parameters where none are given, the signature
// algorithm is the signer's certificate's public key algorithm. With CMSG_DETACHED_FLAG the
// content is left out of the encoding; CMSG_CRYPT_RELEASE_CONTEXT_FLAG has the message release the
// signers' providers when it is closed.
#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/messages.h"
#include "shims/crypt32/signed_data.h"

namespace polyrun::shims::crypt32 {
namespace message_encoding {
namespace {

constexpr uint32_t kCmsgData = 1, kCmsgSigned = 2;
constexpr uint32_t kDetachedFlag = 0x4, kReleaseContextFlag = 0x8000;
constexpr uint32_t kMsgError = 0x80091001, kInvalidMsgType = 0x80091004, kUnknownAlgo = 0x80091002,
                   kEInvalidArg = 0x80070057, kNteBadAlgid = 0x80090008;
constexpr uint32_t kContentParam = 2, kBareContentParam = 3;
constexpr char kDataOid[] = "1.2.840.113549.1.7.1", kSignedOid[] = "1.2.840.113549.1.7.2";

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
Bytes seq(const Bytes& body) { return der_element(0x30, body); }
Bytes oid(const std::string& text) { return oid_element(text).value_or(Bytes()); }

// DER's SET OF: the elements' encodings in ascending order.
Bytes set_of(std::vector<Bytes> elements, uint8_t tag = 0x31) {
  std::sort(elements.begin(), elements.end());
  Bytes body;
  for (const Bytes& e : elements) body.insert(body.end(), e.begin(), e.end());
  return der_element(tag, body);
}

// A ContentInfo: the type and its [0] EXPLICIT content (none when empty).
Bytes content_info(const std::string& type, const Bytes& content) {
  return seq(cat({oid(type), content.empty() ? Bytes() : der_element(0xa0, content)}));
}

// The ALG_ID of a digest algorithm's OID (0: none CryptoAPI knows).
uint32_t hash_algid(const std::string& o) {
  if (o == "1.3.14.3.2.26" || o == "1.2.840.113549.1.1.5") return 0x8004;  // SHA-1
  if (o == "1.2.840.113549.2.5") return 0x8003;                            // MD5
  if (o == "1.2.840.113549.2.2") return 0x8001;                            // MD2
  if (o == "1.2.840.113549.2.4") return 0x8002;                            // MD4
  if (o == "2.16.840.1.101.3.4.2.1") return 0x800c;                        // SHA-256
  if (o == "2.16.840.1.101.3.4.2.2") return 0x800d;                        // SHA-384
  if (o == "2.16.840.1.101.3.4.2.3") return 0x800e;                        // SHA-512
  return 0;
}

class DataEncoder : public MessageEncoder {
 public:
  explicit DataEncoder(bool detached) : detached_(detached) {}
  uint32_t update(WindowsProcess&, const uint8_t* data, size_t size, bool final) override {
    if (done_ || !final) return kMsgError;
    content_.assign(data, data + size);
    done_ = true;
    return 0;
  }
  std::optional<Bytes> param(uint32_t param, uint32_t, uint32_t* error) const override {
    const Bytes octets = der_element(0x04, content_);
    if (param == kBareContentParam) return octets;
    if (param == kContentParam) return content_info(kDataOid, detached_ ? Bytes() : octets);
    *error = kInvalidMsgType;
    return std::nullopt;
  }

 private:
  bool detached_;
  bool done_ = false;
  Bytes content_;
};

struct Signer {
  uint64_t prov = 0;
  uint32_t spec = 0, algid = 0;
  Bytes digest_algorithm;     // AlgorithmIdentifier's DER
  Bytes signature_algorithm;  // the certificate's public key algorithm's DER
  Bytes issuer_and_serial;
  std::vector<Bytes> auth_attrs, unauth_attrs;  // each Attribute's DER
  Bytes encoded;                                // the SignerInfo, once signed
};

// An AlgorithmIdentifier of an OID and its parameters' DER (NULL where none are given).
Bytes algorithm_identifier(const std::string& o, const Bytes& params) {
  return seq(cat({oid(o), params.empty() ? Bytes{0x05, 0x00} : params}));
}

// CRYPT_ATTRIBUTE (pszObjId, cValue, rgValue of CRYPT_ATTR_BLOBs) as an Attribute's DER.
Bytes attribute_der(WindowsProcess& p, uint64_t at) {
  const unsigned ptr = p.isa->ptr;
  const std::string o = CStr{p.get_ptr(at)}.str();
  const uint32_t n = get<uint32_t>(at + ptr);
  const uint64_t values = p.get_ptr(at + 2 * ptr);
  std::vector<Bytes> vs;
  for (uint32_t i = 0; i < n; ++i) vs.push_back(stores::blob_bytes(values + i * 2ull * ptr, ptr));
  return seq(cat({oid(o), set_of(vs)}));
}

class SignedEncoder : public MessageEncoder {
 public:
  SignedEncoder(bool detached, bool release, std::vector<Signer> signers, std::vector<Bytes> certs, std::vector<Bytes> crls,
                std::string inner)
      : detached_(detached), release_(release), signers_(std::move(signers)), certs_(std::move(certs)), crls_(std::move(crls)),
        inner_(std::move(inner)) {}

  uint32_t update(WindowsProcess& p, const uint8_t* data, size_t size, bool final) override {
    if (done_ || !final) return kMsgError;
    content_.assign(data, data + size);
    for (Signer& s : signers_)
      if (uint32_t error = sign(p, s)) return error;
    done_ = true;
    return 0;
  }

  std::optional<Bytes> param(uint32_t param, uint32_t, uint32_t* error) const override {
    if (param != kContentParam && param != kBareContentParam) {
      *error = kInvalidMsgType;
      return std::nullopt;
    }
    std::vector<Bytes> digests;
    for (const Signer& s : signers_) digests.push_back(s.digest_algorithm);
    // (a digest algorithm once, however many signers use it)
    std::sort(digests.begin(), digests.end());
    digests.erase(std::unique(digests.begin(), digests.end()), digests.end());
    // (data in an OCTET STRING; another inner content as its encoding was given)
    const Bytes inner_content = inner_ == kDataOid ? der_element(0x04, content_) : content_;
    const Bytes encap = done_ && !detached_ ? seq(cat({oid(inner_), der_element(0xa0, inner_content)})) : seq(oid(inner_));
    Bytes body = cat({der_element(0x02, {1}), set_of(digests), encap});
    if (!certs_.empty()) body = cat({body, set_of(certs_, 0xa0)});
    if (!crls_.empty()) body = cat({body, set_of(crls_, 0xa1)});
    std::vector<Bytes> infos;
    for (const Signer& s : signers_)
      if (!s.encoded.empty()) infos.push_back(s.encoded);
    const Bytes signed_data = seq(cat({body, set_of(infos)}));
    if (param == kBareContentParam) return signed_data;
    return content_info(kSignedOid, signed_data);
  }

  void close(WindowsProcess& p) override {
    if (!release_) return;
    for (const Signer& s : signers_) p.call_export("advapi32.dll", "CryptReleaseContext", {s.prov, 0});
  }

 private:
  // A hash of `data` under the signer's provider: its handle, or 0 with the error.
  static uint64_t hash(WindowsProcess& p, const Signer& s, const Bytes& data, uint32_t& error) {
    stores::GuestScratch handle(p, 8), bytes(p, data.size());
    if (!handle.at || !bytes.at) return error = ERROR_NOT_ENOUGH_MEMORY, 0;
    if (!static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptCreateHash", {s.prov, s.algid, 0, 0, handle.at})))
      return error = p.last_error(), 0;
    const uint64_t h = p.get_ptr(handle.at);
    if (!data.empty()) std::memcpy(guest_pointer(bytes.at), data.data(), data.size());
    if (!static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptHashData", {h, bytes.at, data.size(), 0}))) {
      error = p.last_error();
      p.call_export("advapi32.dll", "CryptDestroyHash", {h});
      return 0;
    }
    return h;
  }

  uint32_t sign(WindowsProcess& p, Signer& s) {
    uint32_t error = 0;
    Bytes signed_attrs;
    uint64_t h = 0;
    if (!s.auth_attrs.empty()) {
      // The content's digest, for the messageDigest attribute; the signature is over the attributes.
      const uint64_t content_hash = hash(p, s, digested(), error);
      if (!content_hash) return error;
      stores::GuestScratch size(p, 4), value(p, 64);
      put<uint32_t>(size.at, 64);
      const bool got = static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptGetHashParam", {content_hash, 2 /* HP_HASHVAL */, value.at, size.at, 0}));
      p.call_export("advapi32.dll", "CryptDestroyHash", {content_hash});
      if (!got) return p.last_error();
      const Bytes digest(static_cast<const uint8_t*>(guest_pointer(value.at)),
                         static_cast<const uint8_t*>(guest_pointer(value.at)) + get<uint32_t>(size.at));
      std::vector<Bytes> attrs = s.auth_attrs;
      attrs.push_back(seq(cat({oid("1.2.840.113549.1.9.3"), set_of({oid(inner_)})})));
      attrs.push_back(seq(cat({oid("1.2.840.113549.1.9.4"), set_of({der_element(0x04, digest)})})));
      signed_attrs = set_of(attrs);
      h = hash(p, s, signed_attrs, error);
    } else {
      h = hash(p, s, digested(), error);
    }
    if (!h) return error;
    stores::GuestScratch size(p, 4), sig(p, 1024);
    put<uint32_t>(size.at, 1024);
    const bool ok = static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptSignHashW", {h, s.spec, 0, 0, sig.at, size.at}));
    p.call_export("advapi32.dll", "CryptDestroyHash", {h});
    if (!ok) return p.last_error();
    const uint32_t n = get<uint32_t>(size.at);
    const auto* b = static_cast<const uint8_t*>(guest_pointer(sig.at));
    const Bytes signature(std::make_reverse_iterator(b + n), std::make_reverse_iterator(b));  // (CryptoAPI's order reversed)
    Bytes info = cat({der_element(0x02, {1}), s.issuer_and_serial, s.digest_algorithm});
    if (!signed_attrs.empty()) {
      Bytes implicit = signed_attrs;
      implicit[0] = 0xa0;  // [0] IMPLICIT SET OF Attribute
      info = cat({info, implicit});
    }
    info = cat({info, s.signature_algorithm, der_element(0x04, signature)});
    if (!s.unauth_attrs.empty()) info = cat({info, set_of(s.unauth_attrs, 0xa1)});
    s.encoded = seq(info);
    return 0;
  }

  // What the signers digest: the content's octets — data's bytes, another content's encoding
  // without its tag and length (PKCS #7's "contents octets").
  Bytes digested() const {
    if (inner_ == kDataOid) return content_;
    DerReader r(content_.data(), content_.size());
    DerElement e;
    if (r.next(e)) return Bytes(e.value, e.value + e.size);
    return content_;
  }

  bool detached_, release_;
  std::vector<Signer> signers_;
  std::vector<Bytes> certs_, crls_;
  std::string inner_;
  bool done_ = false;
  Bytes content_;
};

// A CERT_INFO's issuer and serial number (its SerialNumber blob least significant byte first) as
// IssuerAndSerialNumber's DER.
Bytes issuer_and_serial(WindowsProcess& p, uint64_t cert_info) {
  const unsigned ptr = p.isa->ptr;
  const stores::CertInfoLayout l{ptr};
  const Bytes issuer = stores::blob_bytes(cert_info + l.issuer(), ptr);
  Bytes serial = stores::blob_bytes(cert_info + l.serial(), ptr);
  std::reverse(serial.begin(), serial.end());
  return seq(cat({issuer, der_element(0x02, serial.empty() ? Bytes{0} : serial)}));
}

// CMSG_SIGNER_ENCODE_INFO: cbSize, pCertInfo, hCryptProv, dwKeySpec, HashAlgorithm, pvHashAuxInfo,
// cAuthAttr, rgAuthAttr, cUnauthAttr, rgUnauthAttr (x64: 0 8 16 24 32 56 64 72 80 88; x86: 0 4 8 12
// 16 28 32 36 40 44).
std::optional<Signer> read_signer(WindowsProcess& p, uint64_t at, uint32_t& error) {
  const unsigned ptr = p.isa->ptr;
  const bool x64 = ptr == 8;
  Signer s;
  const uint64_t cert_info = p.get_ptr(at + ptr);
  s.prov = p.get_ptr(at + 2 * ptr);
  s.spec = get<uint32_t>(at + 3 * ptr);
  const uint64_t alg = at + (x64 ? 32 : 16);
  const std::string hash_oid = CStr{p.get_ptr(alg)}.str();
  if (!cert_info || !s.prov) return error = kEInvalidArg, std::nullopt;
  s.algid = hash_algid(hash_oid);
  if (!s.algid) return error = kUnknownAlgo, std::nullopt;
  s.digest_algorithm = algorithm_identifier(hash_oid, stores::blob_bytes(alg + ptr, ptr));
  // The signature algorithm: the certificate's public key algorithm and its parameters.
  const uint64_t spki = cert_info + stores::CertInfoLayout{ptr}.public_key_info();
  s.signature_algorithm = seq(cat({oid(CStr{p.get_ptr(spki)}.str()), stores::blob_bytes(spki + ptr, ptr)}));
  s.issuer_and_serial = issuer_and_serial(p, cert_info);
  const uint64_t counts = at + (x64 ? 64 : 32);
  const uint32_t stride = 3 * ptr;
  for (int kind = 0; kind < 2; ++kind) {
    const uint32_t n = get<uint32_t>(counts + kind * 2ull * ptr);
    const uint64_t list = p.get_ptr(counts + kind * 2ull * ptr + ptr);
    for (uint32_t i = 0; i < n && list; ++i) (kind ? s.unauth_attrs : s.auth_attrs).push_back(attribute_der(p, list + i * stride));
  }
  // The provider must be able to hash with the algorithm (NTE_BAD_ALGID where it cannot).
  stores::GuestScratch handle(p, 8);
  if (!static_cast<uint32_t>(p.call_export("advapi32.dll", "CryptCreateHash", {s.prov, s.algid, 0, 0, handle.at}))) {
    error = p.last_error() ? p.last_error() : kNteBadAlgid;
    return std::nullopt;
  }
  p.call_export("advapi32.dll", "CryptDestroyHash", {p.get_ptr(handle.at)});
  return s;
}

// CryptMsgOpenToEncode(encoding, flags, type, encode info, inner content OID, stream info).
Ptr CryptMsgOpenToEncode(WindowsProcess& p, uint32_t encoding, uint32_t flags, uint32_t type, Ptr info, Ptr inner, Ptr stream) {
  if (stream) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: unimplemented: CRYPT32.dll!CryptMsgOpenToEncode of a streamed message\n");
    p.terminate(127);
    return Ptr(0);
  }
  if (!(encoding & 0x10000)) return Ptr(fail(p, kEInvalidArg));  // (PKCS_7_ASN_ENCODING)
  const std::string inner_type = inner ? CStr{inner.addr}.str() : std::string(kDataOid);
  if (type == kCmsgData && inner_type != kDataOid) return Ptr(fail(p, kEInvalidArg));
  const bool detached = flags & kDetachedFlag;
  std::shared_ptr<MessageEncoder> encoder;
  if (type == kCmsgData) {
    encoder = std::make_shared<DataEncoder>(detached);
  } else if (type == kCmsgSigned) {
    if (!info) return Ptr(fail(p, kEInvalidArg));
    // CMSG_SIGNED_ENCODE_INFO: cbSize, cSigners, then from offset 8 rgSigners, cCertEncoded,
    // rgCertEncoded, cCrlEncoded, rgCrlEncoded a pointer's width apart.
    const unsigned ptr = p.isa->ptr;
    const uint64_t at = info.addr;
    const uint32_t signer_count = get<uint32_t>(at + 4);
    const uint64_t signer_list = p.get_ptr(at + 8);
    std::vector<Signer> signers;
    uint64_t next = signer_list;
    for (uint32_t i = 0; i < signer_count; ++i) {
      uint32_t error = 0;
      auto s = read_signer(p, next, error);
      if (!s) return Ptr(fail(p, error));
      signers.push_back(std::move(*s));
      next += get<uint32_t>(next);  // (each signer its own cbSize long)
    }
    std::vector<Bytes> lists[2];
    for (int k = 0; k < 2; ++k) {
      const uint32_t n = get<uint32_t>(at + 8 + ptr + k * 2ull * ptr);
      const uint64_t blobs = p.get_ptr(at + 8 + 2ull * ptr + k * 2ull * ptr);
      for (uint32_t i = 0; i < n && blobs; ++i) lists[k].push_back(stores::blob_bytes(blobs + i * 2ull * ptr, ptr));
    }
    encoder = std::make_shared<SignedEncoder>(detached, (flags & kReleaseContextFlag) != 0, std::move(signers),
                                              std::move(lists[0]), std::move(lists[1]), inner_type);
  } else {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: unimplemented: CRYPT32.dll!CryptMsgOpenToEncode of message type %u\n", type);
    p.terminate(127);
    return Ptr(0);
  }
  std::lock_guard<GuestCallMutex> g(stores::lock());
  const uint64_t h = encoding_message(p, std::move(encoder));
  if (!h) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  return Ptr(h);
}

}  // namespace
}  // namespace message_encoding

const std::vector<Export>& message_encoding_exports() {
  static const std::vector<Export> e = {EXPORT("CryptMsgOpenToEncode", message_encoding::CryptMsgOpenToEncode)};
  return e;
}

}  // namespace polyrun::shims::crypt32
