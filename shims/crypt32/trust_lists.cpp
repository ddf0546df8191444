// CRYPT32's certificate trust lists: a CTL's context made from its encoding, a PKCS #7 SignedData
// of content type szOID_CTL (CTL_CONTEXT {dwMsgAndCertEncodingType, pbCtlEncoded, cbCtlEncoded,
// pCtlInfo, hCertStore, hCryptMsg, pbCtlContent, cbCtlContent}: the content decoded as PKCS_CTL,
// the message open for CryptMsgGetParam), found in a store (CertFindCTLInStore: any, by its SHA-1
// or MD5 hash, by usage and list identifier, by subject, the existing one of the same content),
// signed (CryptMsgSignCTL: a SignedData of the content, as CryptMsgOpenToEncode makes one;
// CryptMsgEncodeAndSignCTL from a CTL_INFO), and an entry made of a certificate's properties
// (CertCreateCTLEntryFromCertificateContextProperties). The functions CTLs share with CRLs are
// list_contexts.cpp's.
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/der_structures.h"
#include "shims/crypt32/list_contexts.h"
#include "shims/crypt32/messages.h"
#include "shims/crypt32/signed_data.h"
#include "shims/crypto/algorithms.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace lists {

constexpr const char* kCtlOid = "1.3.6.1.4.1.311.10.1";  // szOID_CTL

std::optional<Made> ctl_parts(WindowsProcess& p, uint32_t encoding, const Bytes& der, uint32_t& error) {
  if ((encoding & 0xffff) != stores::kX509Encoding) {
    error = stores::kEInvalidArg;
    return std::nullopt;
  }
  const auto signed_data = parse_signed_data(der);
  if (!signed_data || signed_data->content_type != kCtlOid || signed_data->content_whole.empty()) {
    error = kErrorInvalidData;
    return std::nullopt;
  }
  const Bytes& content = signed_data->content_whole;
  const unsigned w = p.isa->ptr;
  GuestBlock info(w);
  const DerInput in{content.data(), content.size(), 0, false};
  if (uint32_t e = find_structure_type(37, "")->decode(info, in)) {  // PKCS_CTL
    error = e;
    return std::nullopt;
  }
  const uint64_t message = decoded_message(p, der);
  if (!message) {
    error = kErrorInvalidData;
    return std::nullopt;
  }
  Made m = context_block(w, 8, stores::kX509Encoding | stores::kPkcs7Encoding, der, info);  // CTL_CONTEXT
  m.content = content;
  m.message = message;
  const size_t ctx = 0;
  if (w == 8) m.block.u64(ctx + 5 * w, message);
  else m.block.u32(ctx + 5 * w, static_cast<uint32_t>(message));
  m.block.pointer(ctx + 6 * w, m.block.append(content.data(), content.size()));
  m.block.u32(ctx + 7 * w, static_cast<uint32_t>(content.size()));
  return m;
}

namespace {

using stores::find_list_context;
using stores::kCryptENotFound;
using stores::kEInvalidArg;
using stores::lock;

// CTL_INFO's fields: SubjectUsage {count, array of OIDs} at w, ListIdentifier at 3w,
// SubjectAlgorithm at 7w + 16, the entries {count, array} at 10w + 16 (CTL_ENTRY: its
// SubjectIdentifier blob first, 4w each).
struct CtlInfo {
  WindowsProcess& p;
  uint64_t at;
  unsigned w() const { return p.isa->ptr; }
  std::vector<std::string> usages() const {
    std::vector<std::string> out;
    const uint32_t n = get<uint32_t>(at + w());
    const uint64_t array = p.get_ptr(at + 2 * w());
    for (uint32_t i = 0; i < n; ++i) out.push_back(CStr{p.get_ptr(array + i * w())}.str());
    return out;
  }
  Bytes list_identifier() const { return stores::blob_bytes(at + 3 * w(), w()); }
  std::string subject_algorithm() const {
    const uint64_t oid = p.get_ptr(at + 7 * w() + 16);
    return oid ? CStr{oid}.str() : std::string();
  }
  uint32_t entries() const { return get<uint32_t>(at + 10 * w() + 16); }
  Bytes subject(uint32_t i) const { return stores::blob_bytes(p.get_ptr(at + 11 * w() + 16) + i * 4 * w(), w()); }
};
CtlInfo ctl_info_of(WindowsProcess& p, const ListContext& c) { return {p, p.get_ptr(c.addr + 3 * p.isa->ptr)}; }

bool hash_matches(const ListContext& c, crypto::HashKind kind, uint32_t id, const Bytes& want) {
  if (auto it = c.properties().find(id); it != c.properties().end()) return it->second == want;
  return crypto::digest(kind, c.der.data(), c.der.size()) == want;
}

// CTL_FIND_USAGE_PARA {cbSize, SubjectUsage {count, OIDs}, ListIdentifier, pSigner}: every usage
// asked for among the CTL's, and its list identifier when one is asked for (CTL_FIND_NO_LIST_ID_CBDATA:
// none).
bool usage_matches(WindowsProcess& p, const ListContext& c, uint64_t para) {
  if (!para) return true;
  const unsigned w = p.isa->ptr;
  const CtlInfo info = ctl_info_of(p, c);
  const std::vector<std::string> have = info.usages();
  const uint32_t n = get<uint32_t>(para + w);
  const uint64_t array = p.get_ptr(para + 2 * w);
  for (uint32_t i = 0; i < n; ++i)
    if (std::find(have.begin(), have.end(), CStr{p.get_ptr(array + i * w)}.str()) == have.end()) return false;
  const uint32_t id_size = get<uint32_t>(para + 3 * w);
  if (id_size == 0xffffffffu) return info.list_identifier().empty();
  if (id_size) return info.list_identifier() == stores::blob_bytes(para + 3 * w, w);
  return true;
}

// CTL_FIND_SUBJECT_PARA {cbSize, pUsagePara, dwSubjectType, pvSubject}: a certificate
// (CTL_CERT_SUBJECT_TYPE: its SHA-1 hash among a SHA-1 CTL's subjects) or CTL_ANY_SUBJECT_INFO
// {SubjectAlgorithm, SubjectIdentifier} (CTL_ANY_SUBJECT_TYPE).
bool subject_matches(WindowsProcess& p, const ListContext& c, uint64_t para) {
  if (!para) return true;
  const unsigned w = p.isa->ptr;
  if (!usage_matches(p, c, p.get_ptr(para + w))) return false;
  const uint32_t type = get<uint32_t>(para + 2 * w);
  const uint64_t subject = p.get_ptr(para + 3 * w);
  if (!subject) return true;
  const CtlInfo info = ctl_info_of(p, c);
  Bytes id;
  if (type == 2) {  // CTL_CERT_SUBJECT_TYPE
    if (info.subject_algorithm() != "1.3.14.3.2.26") return false;
    const stores::Context* cert = stores::find_context(subject);
    if (!cert) return false;
    id = crypto::digest(crypto::HashKind::Sha1, cert->der.data(), cert->der.size());
  } else if (type == 1) {  // CTL_ANY_SUBJECT_TYPE
    const uint64_t oid = p.get_ptr(subject);
    if (oid && CStr{oid}.str() != info.subject_algorithm()) return false;
    id = stores::blob_bytes(subject + 3 * w, w);
  } else {
    return false;
  }
  for (uint32_t i = 0; i < info.entries(); ++i)
    if (info.subject(i) == id) return true;
  return false;
}

Ptr CertFindCTLInStore(WindowsProcess& p, Ptr store, uint32_t, uint32_t, uint32_t type, Ptr para, Ptr previous) {
  std::lock_guard<GuestCallMutex> g(lock());
  constexpr uint32_t kAny = 0, kSha1 = 1, kMd5 = 2, kUsage = 3, kSubject = 4, kExisting = 5;
  const unsigned w = p.isa->ptr;
  switch (type) {
    case kAny: return Ptr(find_next(p, ListKind::Ctl, store, previous, [](const ListContext&) { return true; }));
    case kSha1:
    case kMd5: {
      const Bytes want = para ? stores::blob_bytes(para.addr, w) : Bytes{};
      const auto kind = type == kSha1 ? crypto::HashKind::Sha1 : crypto::HashKind::Md5;
      return Ptr(find_next(p, ListKind::Ctl, store, previous,
                           [&](const ListContext& c) { return hash_matches(c, kind, type == kSha1 ? 3 : 4, want); }));
    }
    case kUsage:
      return Ptr(find_next(p, ListKind::Ctl, store, previous,
                           [&](const ListContext& c) { return usage_matches(p, c, para.addr); }));
    case kSubject:
      return Ptr(find_next(p, ListKind::Ctl, store, previous,
                           [&](const ListContext& c) { return subject_matches(p, c, para.addr); }));
    case kExisting: {
      const ListContext* other = find_list_context(para.addr);
      return Ptr(find_next(p, ListKind::Ctl, store, previous,
                           [&](const ListContext& c) { return other && same_list(p, c, *other); }));
    }
    default:
      if (previous) stores::release_list(p, find_list_context(previous.addr));
      return Ptr(fail(p, kCryptENotFound));
  }
}

// ---- signing ----

uint64_t own(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("crypt32.dll", name, args);
}

// A SignedData of the content, of content type szOID_CTL, as CryptMsgOpenToEncode makes it with
// the CMSG_SIGNED_ENCODE_INFO; its encoding handed out as CryptMsgGetParam(CMSG_CONTENT_PARAM)
// hands it out. The flags (a sorted CTL, hashed subject identifiers) are not supported.
BOOL CryptMsgSignCTL(WindowsProcess& p, uint32_t encoding, Ptr content, uint32_t size, Ptr sign_info, uint32_t flags,
                     Ptr out, Ptr out_size) {
  if (flags) return fail(p, ERROR_NOT_SUPPORTED);
  constexpr uint32_t kSigned = 2, kContentParam = 2;
  const uint64_t oid = p.heap.alloc(std::strlen(kCtlOid) + 1, true);
  if (!oid) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  std::memcpy(guest_pointer(oid), kCtlOid, std::strlen(kCtlOid) + 1);
  const uint64_t msg = own(p, "CryptMsgOpenToEncode", {encoding, 0, kSigned, sign_info.addr, oid, 0});
  BOOL ok = FALSE;
  if (msg) {
    ok = static_cast<BOOL>(own(p, "CryptMsgUpdate", {msg, content.addr, size, 1}));
    if (ok) ok = static_cast<BOOL>(own(p, "CryptMsgGetParam", {msg, kContentParam, 0, out.addr, out_size.addr}));
    const uint32_t error = static_cast<uint32_t>(p.call_export("kernel32.dll", "GetLastError", {}));
    own(p, "CryptMsgClose", {msg});
    if (!ok) p.set_last_error(error);
  }
  p.heap.free(oid);
  return ok;
}

// The CTL_INFO encoded as PKCS_CTL, then signed as CryptMsgSignCTL signs it.
BOOL CryptMsgEncodeAndSignCTL(WindowsProcess& p, uint32_t encoding, Ptr info, Ptr sign_info, uint32_t flags, Ptr out,
                              Ptr out_size) {
  constexpr uint32_t kAllocFlag = 0x8000, kPkcsCtl = 37;
  const uint64_t scratch = p.heap.alloc(16, true);
  if (!scratch) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  BOOL ok = static_cast<BOOL>(own(p, "CryptEncodeObjectEx", {encoding, kPkcsCtl, info.addr, kAllocFlag, 0, scratch, scratch + 8}));
  if (ok) {
    const uint64_t encoded = p.get_ptr(scratch);
    ok = CryptMsgSignCTL(p, encoding, Ptr(encoded), get<uint32_t>(scratch + 8), sign_info, flags, out, out_size);
    const uint32_t error = static_cast<uint32_t>(p.call_export("kernel32.dll", "GetLastError", {}));
    p.call_export("kernel32.dll", "LocalFree", {encoded});
    p.set_last_error(error);
  }
  p.heap.free(scratch);
  return ok;
}

// ---- an entry of a certificate ----

// CTL_ENTRY {SubjectIdentifier, cAttribute, rgAttribute}: the certificate's SHA-1 hash, then an
// attribute for each property it was given (szOID_CERT_PROP_ID_PREFIX and the property's number,
// its value an OCTET STRING of the property's bytes; with CTL_ENTRY_FROM_PROP_CHAIN_FLAG the key
// identifier and subject name MD5 hash chains are built by too, computed when not given; not the
// key's provider or handle, which belong to this machine), then the optional attributes as given.
BOOL CertCreateCTLEntryFromCertificateContextProperties(WindowsProcess& p, Ptr cert, uint32_t opt_count, Ptr opt,
                                                        uint32_t flags, Ptr, Ptr entry, Ptr size) {
  std::lock_guard<GuestCallMutex> g(lock());
  constexpr uint32_t kChainFlag = 1, kKeyIdentifier = 20, kSubjectNameMd5 = 29;
  const stores::Context* c = stores::find_context(cert.addr);
  if (!c || !size) return fail(p, kEInvalidArg);
  const unsigned w = p.isa->ptr;
  struct Attr {
    std::string oid;
    std::vector<Bytes> values;
  };
  std::vector<Attr> attrs;
  std::map<uint32_t, Bytes> props = c->properties();
  props.erase(stores::kPropKeyProvInfo);
  props.erase(stores::kPropKeyContext);
  if (flags & kChainFlag) {
    if (!props.count(kKeyIdentifier))
      if (auto v = stores::property(*c, kKeyIdentifier)) props[kKeyIdentifier] = *v;
    if (!props.count(kSubjectNameMd5)) props[kSubjectNameMd5] = crypto::digest(crypto::HashKind::Md5, c->cert->subject.data(), c->cert->subject.size());
  }
  for (const auto& [id, v] : props)
    attrs.push_back({"1.3.6.1.4.1.311.10.11." + std::to_string(id), {der_element(0x04, v)}});
  for (uint32_t i = 0; i < opt_count; ++i) {
    const uint64_t a = opt.addr + i * 3 * w;
    Attr attr{CStr{p.get_ptr(a)}.str(), {}};
    const uint32_t n = get<uint32_t>(a + w);
    for (uint32_t j = 0; j < n; ++j) attr.values.push_back(stores::blob_bytes(p.get_ptr(a + 2 * w) + j * 2 * w, w));
    attrs.push_back(std::move(attr));
  }
  GuestBlock b(w);
  const size_t top = b.reserve(4 * w);
  b.blob(top, crypto::digest(crypto::HashKind::Sha1, c->der.data(), c->der.size()));
  b.u32(top + 2 * w, static_cast<uint32_t>(attrs.size()));
  if (!attrs.empty()) {
    const size_t array = b.reserve(attrs.size() * 3 * w, w);
    b.pointer(top + 3 * w, array);
    for (size_t i = 0; i < attrs.size(); ++i) {
      const size_t a = array + i * 3 * w;
      b.pointer(a, b.append_string(attrs[i].oid));
      b.u32(a + w, static_cast<uint32_t>(attrs[i].values.size()));
      if (attrs[i].values.empty()) continue;
      const size_t blobs = b.reserve(attrs[i].values.size() * 2 * w, w);
      b.pointer(a + 2 * w, blobs);
      for (size_t j = 0; j < attrs[i].values.size(); ++j) b.blob(blobs + j * 2 * w, attrs[i].values[j]);
    }
  }
  return stores::hand_out(p, false, Ptr(0), entry, size, b);
}

}  // namespace
}  // namespace lists

const std::vector<Export>& trust_list_exports() {
  using namespace lists;
  static const std::vector<Export> exports = {
      EXPORT("CertFindCTLInStore", CertFindCTLInStore),
      EXPORT("CryptMsgSignCTL", CryptMsgSignCTL),
      EXPORT("CryptMsgEncodeAndSignCTL", CryptMsgEncodeAndSignCTL),
      EXPORT("CertCreateCTLEntryFromCertificateContextProperties", CertCreateCTLEntryFromCertificateContextProperties),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
