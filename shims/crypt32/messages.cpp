// CRYPT32.dll: messages — PKCS #7 signed and data messages decoded (CryptMsgOpenToDecode,
// CryptMsgUpdate), read (CryptMsgGetParam), their signatures checked (CryptMsgControl), shared and
// closed (CryptMsgDuplicate, CryptMsgClose), and the one-call checks CryptVerifyMessageSignature
// and CryptVerifyDetachedMessageSignature. The messages are read by signed_data.cpp; messages being
// built (CryptMsgOpenToEncode) are message_encoding.cpp's, which this file hands their updates and
// parameters to. Enveloped messages and streaming are not done.
#include "shims/crypt32/messages.h"

#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"

namespace polyrun::shims::crypt32 {

namespace {

using stores::GuestBlock;

constexpr uint32_t kCmsgData = 1, kCmsgSigned = 2;
constexpr uint32_t kDetachedFlag = 4;
constexpr uint32_t kInvalidMsgType = 0x80091004, kInvalidIndex = 0x80091008, kSignerNotFound = 0x8009100E,
                   kHashValue = 0x80091007, kBadSignature = 0x80090006, kNotReady = 0x80091010,
                   kAsn1Badtag = 0x8009310B, kNoSigner = 0x8009200A, kNotFound = 0x80092004;
constexpr const char* kDataOid = "1.2.840.113549.1.7.1";
constexpr const char* kSignedOid = "1.2.840.113549.1.7.2";

struct Message {
  uint32_t wanted_type = 0;  // the type it was opened for (0: any)
  bool detached = false;
  Bytes encoded;
  bool decoded = false;
  uint32_t type = 0;
  Bytes data;                    // a data message's content
  std::optional<SignedData> sd;  // a signed message
  Bytes detached_content;        // the content a detached message is given after it
  std::shared_ptr<MessageEncoder> encoder;  // a message being built (CryptMsgOpenToEncode)
  int refs = 1;
};

std::map<uint64_t, std::shared_ptr<Message>> g_messages;
constexpr uint32_t kMagic = 0x4753534d;  // "MSSG"

std::shared_ptr<Message> find(uint64_t h) {
  auto it = g_messages.find(h);
  return it == g_messages.end() ? nullptr : it->second;
}

uint64_t new_handle(WindowsProcess& p, std::shared_ptr<Message> m) {
  const uint64_t h = p.heap.alloc(16, true);
  if (!h) return 0;
  put<uint32_t>(h, kMagic);
  g_messages[h] = std::move(m);
  return h;
}

// The message decoded from its bytes: 0, or the error.
uint32_t decode(Message& m) {
  const auto info = parse_content_info(m.encoded);
  if (!info) return kAsn1Badtag;
  if (info->type == kDataOid && (m.wanted_type == 0 || m.wanted_type == kCmsgData)) {
    DerReader r(info->content.data(), info->content.size());
    DerElement octets;
    if (!r.next(octets) || octets.tag != 0x04) return kAsn1Badtag;
    m.type = kCmsgData;
    m.data.assign(octets.value, octets.value + octets.size);
  } else if (info->type == kSignedOid && (m.wanted_type == 0 || m.wanted_type == kCmsgSigned)) {
    m.sd = parse_signed_data_content(info->content);
    if (!m.sd) return kAsn1Badtag;
    m.type = kCmsgSigned;
  } else {
    return kAsn1Badtag;
  }
  m.decoded = true;
  return 0;
}

// The content a signed message's signers signed: its own, or what a detached one was given.
const Bytes& signed_content(const Message& m) { return m.detached ? m.detached_content : m.sd->content; }

}  // namespace

std::optional<Bytes> public_key_info_der(WindowsProcess& p, uint64_t info) {
  const unsigned ptr = p.isa->ptr;
  const uint64_t oid = p.get_ptr(info);
  if (!oid) return std::nullopt;
  const auto alg = oid_element(reinterpret_cast<const char*>(oid));
  if (!alg) return std::nullopt;
  Bytes alg_seq = *alg;
  const Bytes params = stores::blob_bytes(info + ptr, ptr);
  alg_seq.insert(alg_seq.end(), params.begin(), params.end());
  const uint64_t key = info + (ptr == 8 ? 24 : 12);
  Bytes bits{static_cast<uint8_t>(get<uint32_t>(key + (ptr == 8 ? 16 : 8)))};
  const Bytes key_bytes = stores::blob_bytes(key, ptr);
  bits.insert(bits.end(), key_bytes.begin(), key_bytes.end());
  Bytes seq = der_element(0x30, alg_seq);
  const Bytes bit_string = der_element(0x03, bits);
  seq.insert(seq.end(), bit_string.begin(), bit_string.end());
  return der_element(0x30, seq);
}

namespace {

// A signature check of signer `index` with a key: 0, or the error.
uint32_t check_signer(const Message& m, uint32_t index, const std::function<bool(const SignerInfo&, const Bytes&)>& verify) {
  if (index >= m.sd->signers.size()) return kSignerNotFound;
  const SignerInfo& s = m.sd->signers[index];
  const Bytes& content = signed_content(m);
  if (!content_digest_matches(s, content)) return kHashValue;
  return verify(s, content) ? 0 : kBadSignature;
}

// CryptMsgGetParam's copy-out: pvData NULL asks the size; a buffer too small is ERROR_MORE_DATA
// with the size. A structure is laid out at the buffer's address (its pointers into it).
BOOL copy_out(WindowsProcess& p, uint64_t out, uint64_t size_slot, const GuestBlock& b) {
  const uint32_t need = static_cast<uint32_t>(b.size());
  if (!out) {
    put<uint32_t>(size_slot, need);
    return TRUE;
  }
  if (get<uint32_t>(size_slot) < need) {
    put<uint32_t>(size_slot, need);
    return fail(p, ERROR_MORE_DATA);
  }
  put<uint32_t>(size_slot, need);
  stores::place_block(b, out);
  return TRUE;
}
BOOL copy_bytes(WindowsProcess& p, uint64_t out, uint64_t size_slot, const Bytes& bytes) {
  GuestBlock b(p.isa->ptr);
  if (!bytes.empty()) b.append(bytes.data(), bytes.size());
  return copy_out(p, out, size_slot, b);
}
BOOL copy_dword(WindowsProcess& p, uint64_t out, uint64_t size_slot, uint32_t v) {
  GuestBlock b(p.isa->ptr);
  b.append(&v, 4);
  return copy_out(p, out, size_slot, b);
}

// ---- the functions ----

Ptr CryptMsgOpenToDecode(WindowsProcess& p, uint32_t, uint32_t flags, uint32_t type, USize, Ptr, Ptr stream) {
  if (stream) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: unimplemented: CRYPT32.dll!CryptMsgOpenToDecode of a streamed message\n");
    p.terminate(127);
    return Ptr(0);
  }
  if (type > 6) {
    fail(p, kInvalidMsgType);
    return Ptr(0);
  }
  auto m = std::make_shared<Message>();
  m->wanted_type = type;
  m->detached = flags & kDetachedFlag;
  std::lock_guard<GuestCallMutex> g(stores::lock());
  const uint64_t h = new_handle(p, m);
  if (!h) fail(p, ERROR_NOT_ENOUGH_MEMORY);
  return Ptr(h);
}

BOOL CryptMsgUpdate(WindowsProcess& p, Ptr msg, Ptr data, uint32_t size, BOOL final) {
  std::lock_guard<GuestCallMutex> g(stores::lock());
  auto m = find(msg.addr);
  if (!m) return fail(p, ERROR_INVALID_HANDLE);
  const uint8_t* bytes = data.as<const uint8_t>();
  if (m->encoder) {
    if (const uint32_t error = m->encoder->update(p, bytes, size, final != 0)) return fail(p, error);
    return TRUE;
  }
  if (m->decoded) {  // a detached message's content
    if (!m->detached) return fail(p, kNotReady);
    m->detached_content.insert(m->detached_content.end(), bytes, bytes + size);
    return TRUE;
  }
  m->encoded.insert(m->encoded.end(), bytes, bytes + size);
  if (!final) return TRUE;
  if (const uint32_t error = decode(*m)) return fail(p, error);
  return TRUE;
}

BOOL CryptMsgGetParam(WindowsProcess& p, Ptr msg, uint32_t param, uint32_t index, Ptr out, Ptr size) {
  std::lock_guard<GuestCallMutex> g(stores::lock());
  auto m = find(msg.addr);
  if (!m) return fail(p, ERROR_INVALID_HANDLE);
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  if (m->encoder) {
    uint32_t error = 0;
    const std::optional<Bytes> v = m->encoder->param(param, index, &error);
    if (!v) return fail(p, error);
    return copy_bytes(p, out.addr, size.addr, *v);
  }
  if (!m->decoded) return fail(p, kNotReady);
  const unsigned ptr = p.isa->ptr;
  constexpr uint32_t kType = 1, kContent = 2, kInnerType = 4, kSignerCount = 5, kSignerInfo = 6,
                     kSignerCertInfo = 7, kSignerHashAlg = 8, kSignerAuthAttrs = 9, kSignerUnauthAttrs = 10,
                     kCertCount = 11, kCert = 12, kCrlCount = 13, kCrl = 14, kComputedHash = 22,
                     kEncodedSigner = 28, kEncodedMessage = 29, kVersion = 30;
  if (param == kType) return copy_dword(p, out.addr, size.addr, m->type);
  if (param == kEncodedMessage) return copy_bytes(p, out.addr, size.addr, m->encoded);
  if (m->type == kCmsgData) {
    if (param == kContent) return copy_bytes(p, out.addr, size.addr, m->data);
    return fail(p, kInvalidMsgType);
  }
  const SignedData& sd = *m->sd;
  auto signer = [&]() -> const SignerInfo* { return index < sd.signers.size() ? &sd.signers[index] : nullptr; };
  switch (param) {
    case kContent:
      // The content as it was signed: a data content's octets, another's encoding.
      if (m->detached) return copy_bytes(p, out.addr, size.addr, m->detached_content);
      return copy_bytes(p, out.addr, size.addr, sd.content_type == kDataOid ? sd.content : sd.content_whole);
    case kInnerType: {
      GuestBlock b(ptr);
      b.append_string(sd.content_type);
      return copy_out(p, out.addr, size.addr, b);
    }
    case kVersion: return copy_dword(p, out.addr, size.addr, sd.version);
    case kSignerCount: return copy_dword(p, out.addr, size.addr, static_cast<uint32_t>(sd.signers.size()));
    case kCertCount: return copy_dword(p, out.addr, size.addr, static_cast<uint32_t>(sd.certificates.size()));
    case kCrlCount: return copy_dword(p, out.addr, size.addr, static_cast<uint32_t>(sd.crls.size()));
    case kCert:
      if (index >= sd.certificates.size()) return fail(p, kInvalidIndex);
      return copy_bytes(p, out.addr, size.addr, sd.certificates[index]);
    case kCrl:
      if (index >= sd.crls.size()) return fail(p, kInvalidIndex);
      return copy_bytes(p, out.addr, size.addr, sd.crls[index]);
    case kSignerInfo: {
      if (!signer()) return fail(p, kInvalidIndex);
      GuestBlock b(ptr);
      put_signer_info(b, *signer());
      return copy_out(p, out.addr, size.addr, b);
    }
    case kSignerCertInfo: {  // CERT_INFO with the signer's issuer and serial number alone
      if (!signer()) return fail(p, kInvalidIndex);
      GuestBlock b(ptr);
      const size_t at = b.reserve(ptr == 8 ? 208 : 112, ptr);
      const Bytes serial(signer()->serial.rbegin(), signer()->serial.rend());
      b.blob(at + (ptr == 8 ? 8 : 4), serial);
      b.blob(at + (ptr == 8 ? 48 : 24), signer()->issuer);
      return copy_out(p, out.addr, size.addr, b);
    }
    case kSignerHashAlg: {
      if (!signer()) return fail(p, kInvalidIndex);
      GuestBlock b(ptr);
      const size_t at = b.reserve(ptr == 8 ? 24 : 12, ptr);
      b.pointer(at, b.append_string(signer()->digest_algorithm.oid));
      b.blob(at + ptr, signer()->digest_algorithm.parameters);
      return copy_out(p, out.addr, size.addr, b);
    }
    case kSignerAuthAttrs:
    case kSignerUnauthAttrs: {
      if (!signer()) return fail(p, kInvalidIndex);
      const auto& attrs = param == kSignerAuthAttrs ? signer()->signed_attrs : signer()->unsigned_attrs;
      if (attrs.empty()) {  // none: nothing to copy, the size 0 when asked (as wine 8.0)
        if (!out) put<uint32_t>(size.addr, 0);
        return TRUE;
      }
      GuestBlock b(ptr);
      if (!attrs.empty()) put_attributes(b, b.reserve(ptr == 8 ? 16 : 8, ptr), attrs);
      return copy_out(p, out.addr, size.addr, b);
    }
    case kComputedHash: {
      if (!signer()) return fail(p, kInvalidIndex);
      const Bytes& content = signed_content(*m);
      const auto digest = digest_of(content.data(), content.size(), signer()->digest_algorithm.oid);
      if (!digest) return fail(p, 0x80090008);  // NTE_BAD_ALGID
      return copy_bytes(p, out.addr, size.addr, *digest);
    }
    case kEncodedSigner:
      if (!signer()) return fail(p, kInvalidIndex);
      return copy_bytes(p, out.addr, size.addr, signer()->encoded);
    default:
      return fail(p, kInvalidMsgType);
  }
}

BOOL CryptMsgControl(WindowsProcess& p, Ptr msg, uint32_t, uint32_t control, Ptr para) {
  std::lock_guard<GuestCallMutex> g(stores::lock());
  auto m = find(msg.addr);
  if (!m) return fail(p, ERROR_INVALID_HANDLE);
  if (!m->decoded) return fail(p, kNotReady);
  const unsigned ptr = p.isa->ptr;
  constexpr uint32_t kVerifySignature = 1, kVerifySignatureEx = 19;
  if (control != kVerifySignature && control != kVerifySignatureEx) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: unimplemented: CRYPT32.dll!CryptMsgControl's control %u\n", control);
    p.terminate(127);
    return FALSE;
  }
  if (m->type != kCmsgSigned) return fail(p, kInvalidMsgType);
  if (!para) return fail(p, ERROR_INVALID_PARAMETER);
  uint32_t error = 0;
  if (control == kVerifySignature) {
    // A CERT_INFO: the signer whose issuer and serial number it has, checked with its key.
    const Bytes issuer = stores::blob_bytes(para.addr + (ptr == 8 ? 48 : 24), ptr);
    const Bytes little = stores::blob_bytes(para.addr + (ptr == 8 ? 8 : 4), ptr);
    const Bytes serial(little.rbegin(), little.rend());
    uint32_t index = 0;
    while (index < m->sd->signers.size() &&
           (m->sd->signers[index].issuer != issuer || m->sd->signers[index].serial != serial))
      ++index;
    const auto key = public_key_info_der(p, para.addr + (ptr == 8 ? 96 : 56));
    error = index == m->sd->signers.size() ? kSignerNotFound
            : !key ? kBadSignature
                   : check_signer(*m, index, [&](const SignerInfo& s, const Bytes& c) {
                       return signature_verifies_with_key(s, c, *key);
                     });
  } else {
    // CMSG_CTRL_VERIFY_SIGNATURE_EX_PARA {cbSize, hCryptProv, dwSignerIndex, dwSignerType, pvSigner}
    const uint32_t index = get<uint32_t>(para.addr + (ptr == 8 ? 16 : 8));
    const uint32_t type = get<uint32_t>(para.addr + (ptr == 8 ? 20 : 12));
    uint64_t signer = p.get_ptr(para.addr + (ptr == 8 ? 24 : 16));
    if (type == 3 && signer) {  // a chain: its first element's certificate
      const uint64_t simple = p.get_ptr(p.get_ptr(signer + 16));
      signer = p.get_ptr(p.get_ptr(p.get_ptr(simple + 16)) + ptr);
    }
    if (type == 1 && signer) {
      const auto key = public_key_info_der(p, signer);
      error = !key ? kBadSignature : check_signer(*m, index, [&](const SignerInfo& s, const Bytes& c) {
        return signature_verifies_with_key(s, c, *key);
      });
    } else if ((type == 2 || type == 3) && signer) {
      const auto* encoded = static_cast<const uint8_t*>(guest_pointer(p.get_ptr(signer + ptr)));
      const Bytes cert(encoded, encoded + get<uint32_t>(signer + 2 * ptr));
      error = check_signer(*m, index, [&](const SignerInfo& s, const Bytes& c) {
        return signature_verifies_with_certificate(s, c, cert);
      });
    } else {
      return fail(p, ERROR_INVALID_PARAMETER);
    }
  }
  return error ? fail(p, error) : TRUE;
}

Ptr CryptMsgDuplicate(WindowsProcess&, Ptr msg) {
  std::lock_guard<GuestCallMutex> g(stores::lock());
  if (auto m = find(msg.addr)) ++m->refs;
  return msg;
}

BOOL CryptMsgClose(WindowsProcess& p, Ptr msg) {
  std::lock_guard<GuestCallMutex> g(stores::lock());
  if (!find(msg.addr)) return msg ? fail(p, ERROR_INVALID_HANDLE) : TRUE;
  release_message(p, msg.addr);
  return TRUE;
}

// The signer's certificate for the one-call checks: among the message's certificates (by its
// issuer and serial number), as a new context the caller may keep; 0 when none is.
uint64_t signer_context(WindowsProcess& p, const SignedData& sd, const SignerInfo& s) {
  const Bytes* der = signer_certificate(sd, s);
  if (!der) return 0;
  auto cert = parse_certificate(der->data(), der->size());
  if (!cert) return 0;
  stores::Context* c = stores::make_context(p, std::make_shared<const Certificate>(std::move(*cert)), *der, nullptr);
  return c ? c->addr : 0;
}

// CryptVerifyMessageSignature / CryptVerifyDetachedMessageSignature: the signer `index` of the
// message checked with its certificate (the message's own; a caller's pfnGetSignerCertificate is
// not asked), its certificate handed out when asked.
BOOL verify_message(WindowsProcess& p, uint64_t para, uint32_t index, const Bytes& blob, const Bytes* detached,
                    uint64_t decoded, uint64_t decoded_size, uint64_t signer_out) {
  const unsigned ptr = p.isa->ptr;
  if (signer_out) p.put_ptr(signer_out, 0);
  if (!para) return fail(p, ERROR_INVALID_PARAMETER);
  if (p.get_ptr(para + (ptr == 8 ? 16 : 12))) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: unimplemented: CRYPT32.dll!CryptVerifyMessageSignature with "
                         "pfnGetSignerCertificate\n");
    p.terminate(127);
    return FALSE;
  }
  std::lock_guard<GuestCallMutex> g(stores::lock());
  Message m;
  m.encoded = blob;
  m.wanted_type = kCmsgSigned;
  m.detached = detached != nullptr;
  if (detached) m.detached_content = *detached;
  if (const uint32_t error = decode(m)) return fail(p, error);
  if (index >= m.sd->signers.size()) return fail(p, kNoSigner);
  const SignerInfo& s = m.sd->signers[index];
  const Bytes* cert = signer_certificate(*m.sd, s);
  if (!cert) return fail(p, kNotFound);
  if (const uint32_t error = check_signer(m, index, [&](const SignerInfo& si, const Bytes& c) {
        return signature_verifies_with_certificate(si, c, *cert);
      }))
    return fail(p, error);
  if (!detached && decoded_size) {
    const Bytes& content = m.sd->content_type == kDataOid ? m.sd->content : m.sd->content_whole;
    const uint32_t room = get<uint32_t>(decoded_size);
    put<uint32_t>(decoded_size, static_cast<uint32_t>(content.size()));
    if (decoded) {
      if (room < content.size()) return fail(p, ERROR_MORE_DATA);
      if (!content.empty()) std::memcpy(guest_pointer(decoded), content.data(), content.size());
    }
  }
  if (signer_out) p.put_ptr(signer_out, signer_context(p, *m.sd, s));
  return TRUE;
}

BOOL CryptVerifyMessageSignature(WindowsProcess& p, Ptr para, uint32_t index, Ptr blob, uint32_t size, Ptr decoded,
                                 Ptr decoded_size, Ptr signer) {
  const Bytes bytes(blob.as<const uint8_t>(), blob.as<const uint8_t>() + size);
  return verify_message(p, para.addr, index, bytes, nullptr, decoded.addr, decoded_size.addr, signer.addr);
}

BOOL CryptVerifyDetachedMessageSignature(WindowsProcess& p, Ptr para, uint32_t index, Ptr blob, uint32_t size,
                                         uint32_t count, Ptr parts, Ptr part_sizes, Ptr signer) {
  const Bytes bytes(blob.as<const uint8_t>(), blob.as<const uint8_t>() + size);
  Bytes content;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t part = p.get_ptr(parts.addr + uint64_t{i} * p.isa->ptr);
    const uint32_t n = get<uint32_t>(part_sizes.addr + 4ull * i);
    const uint8_t* b = static_cast<const uint8_t*>(guest_pointer(part));
    content.insert(content.end(), b, b + n);
  }
  return verify_message(p, para.addr, index, bytes, &content, 0, 0, signer.addr);
}

}  // namespace

void put_attributes(GuestBlock& b, size_t at, const std::vector<Attribute>& attrs) {
  const unsigned ptr = b.ptr();
  const size_t attr_size = ptr == 8 ? 24 : 12, blob_size = ptr == 8 ? 16 : 8;
  b.u32(at, static_cast<uint32_t>(attrs.size()));
  if (attrs.empty()) return;
  const size_t list = b.reserve(attr_size * attrs.size(), ptr);
  b.pointer(at + ptr, list);
  for (size_t i = 0; i < attrs.size(); ++i) {
    const size_t a = list + i * attr_size;
    b.pointer(a, b.append_string(attrs[i].oid));
    b.u32(a + ptr, static_cast<uint32_t>(attrs[i].values.size()));
    const size_t values = b.reserve(blob_size * attrs[i].values.size(), ptr);
    b.pointer(a + 2 * ptr, values);
    for (size_t v = 0; v < attrs[i].values.size(); ++v) b.blob(values + v * blob_size, attrs[i].values[v]);
  }
}

size_t put_signer_info(GuestBlock& b, const SignerInfo& s) {
  const unsigned ptr = b.ptr();
  const size_t at = b.reserve(ptr == 8 ? 136 : 68, ptr);
  b.u32(at, s.version);
  b.blob(at + ptr, s.issuer);
  const Bytes serial(s.serial.rbegin(), s.serial.rend());  // CRYPT_INTEGER_BLOB: least significant first
  b.blob(at + (ptr == 8 ? 24 : 12), serial);
  auto algorithm = [&](size_t where, const AlgorithmId& a) {
    b.pointer(where, b.append_string(a.oid));
    b.blob(where + ptr, a.parameters);
  };
  algorithm(at + (ptr == 8 ? 40 : 20), s.digest_algorithm);
  algorithm(at + (ptr == 8 ? 64 : 32), s.signature_algorithm);
  b.blob(at + (ptr == 8 ? 88 : 44), s.signature);
  put_attributes(b, at + (ptr == 8 ? 104 : 52), s.signed_attrs);
  put_attributes(b, at + (ptr == 8 ? 120 : 60), s.unsigned_attrs);
  return at;
}

void release_message(WindowsProcess& p, uint64_t msg) {
  auto it = g_messages.find(msg);
  if (it == g_messages.end() || --it->second->refs > 0) return;
  if (it->second->encoder) it->second->encoder->close(p);
  g_messages.erase(it);
  put<uint32_t>(msg, 0);
  p.heap.free(msg);
}

uint64_t encoding_message(WindowsProcess& p, std::shared_ptr<MessageEncoder> encoder) {
  auto m = std::make_shared<Message>();
  m->encoder = std::move(encoder);
  return new_handle(p, m);
}

uint64_t decoded_message(WindowsProcess& p, const Bytes& der) {
  auto m = std::make_shared<Message>();
  m->encoded = der;
  if (decode(*m)) return 0;
  return new_handle(p, m);
}

const std::vector<Export>& message_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CryptMsgOpenToDecode", CryptMsgOpenToDecode),
      EXPORT("CryptMsgUpdate", CryptMsgUpdate),
      EXPORT("CryptMsgGetParam", CryptMsgGetParam),
      EXPORT("CryptMsgControl", CryptMsgControl),
      EXPORT("CryptMsgDuplicate", CryptMsgDuplicate),
      EXPORT("CryptMsgClose", CryptMsgClose),
      EXPORT("CryptVerifyMessageSignature", CryptVerifyMessageSignature),
      EXPORT("CryptVerifyDetachedMessageSignature", CryptVerifyDetachedMessageSignature),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
