// CRYPT32's CryptQueryObject: what a file or blob holds, in binary or base64 (PEM) form: an X.509
// certificate (handed back as a context in a store of its own, as Windows does) or a PKCS #12 PFX
// (named; PFXImportCertStore opens it). A PKCS #7 message a caller accepts stops the program with
// the unimplemented line: polyrun has no CryptMsg functions to give its handle to.
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/messages.h"
#include "shims/crypt32/signed_data.h"
#include "shims/crypt32/string_encoding.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace query {
namespace {

using namespace stores;

constexpr uint32_t kObjectFile = 1, kObjectBlob = 2;
constexpr uint32_t kContentCert = 1, kContentPkcs7Signed = 8, kContentPkcs7Unsigned = 9,
                   kContentPkcs7SignedEmbed = 10, kContentPfx = 12;
constexpr uint32_t kFormatBinary = 1, kFormatBase64 = 2;
constexpr uint32_t kCryptENoMatch = 0x80092009;

// A PKCS #7 ContentInfo (SEQUENCE { contentType OID 1.2.840.113549.1.7.*, [0] content }).
bool is_pkcs7(const Bytes& der) {
  DerReader outer(der.data(), der.size());
  DerElement seq, oid;
  if (!outer.next(seq) || seq.tag != 0x30) return false;
  DerReader r(seq);
  if (!r.next(oid) || oid.tag != 0x06) return false;
  auto text = oid_text(oid.value, oid.size);
  return text && text->rfind("1.2.840.113549.1.7.", 0) == 0;
}

BOOL CryptQueryObject(WindowsProcess& p, uint32_t object_type, Ptr object, uint32_t content_flags,
                      uint32_t format_flags, uint32_t, Ptr encoding_out, Ptr content_out, Ptr format_out,
                      Ptr store_out, Ptr msg_out, Ptr context_out) {
  Bytes bytes;
  if (object_type == kObjectFile) {
    if (!object) return fail(p, ERROR_INVALID_PARAMETER);
    const std::string host = windows_to_host_path(windows_full_path(utf16_to_utf8(WStr{object.addr}.str())));
    std::ifstream f(host, std::ios::binary);
    if (host.empty() || !f) return fail(p, kCryptENoMatch);  // (what wine 8.0 says of a file it cannot open)
    std::stringstream s;
    s << f.rdbuf();
    const std::string text = s.str();
    bytes.assign(text.begin(), text.end());
  } else if (object_type == kObjectBlob) {
    if (!object) return fail(p, ERROR_INVALID_PARAMETER);
    bytes = blob_bytes(object.addr, p.isa->ptr);
  } else {
    return fail(p, stores::kEInvalidArg);
  }
  // The forms to try: the bytes themselves, then what base64 (with or without a PEM header) makes
  // of them.
  std::vector<std::pair<Bytes, uint32_t>> forms;
  if (format_flags & (1u << kFormatBinary)) forms.emplace_back(bytes, kFormatBinary);
  if (format_flags & (1u << kFormatBase64))
    if (auto d = string_to_binary(std::string(bytes.begin(), bytes.end()), kStringBase64Any))
      forms.emplace_back(d->bytes, kFormatBase64);
  for (const auto& [der, format] : forms) {
    if (der.empty()) continue;
    uint32_t content = 0;
    std::shared_ptr<const Certificate> cert;
    if (content_flags & (1u << kContentCert)) {
      auto c = parse_certificate(der.data(), der.size());
      if (c && c->encoded_size == der.size()) {
        content = kContentCert;
        cert = std::make_shared<const Certificate>(std::move(*c));
      }
    }
    if (!content && (content_flags & (1u << kContentPfx)) && is_pkcs12(der)) content = kContentPfx;
    // A PKCS #7 message: signed, or data (unsigned); or a PE image's embedded signature.
    Bytes message;
    if (!content && is_pkcs7(der)) {
      const auto info = parse_content_info(der);
      if (info && info->type == "1.2.840.113549.1.7.2" && (content_flags & (1u << kContentPkcs7Signed))) {
        content = kContentPkcs7Signed;
        message = der;
      } else if (info && info->type == "1.2.840.113549.1.7.1" && (content_flags & (1u << kContentPkcs7Unsigned))) {
        content = kContentPkcs7Unsigned;
        message = der;
      }
    }
    if (!content && format == kFormatBinary && (content_flags & (1u << kContentPkcs7SignedEmbed)))
      if (const auto layout = pe_layout(der)) {
        const std::vector<Bytes> signatures = pe_signatures(der, *layout);
        if (!signatures.empty()) {
          content = kContentPkcs7SignedEmbed;
          message = signatures[0];
        }
      }
    if (!content) continue;
    if (!message.empty()) {
      std::lock_guard<GuestCallMutex> g(lock());
      const uint64_t msg = decoded_message(p, message);
      if (!msg) return fail(p, kCryptENoMatch);
      if (encoding_out) put<uint32_t>(encoding_out.addr, kX509Encoding | kPkcs7Encoding);
      if (content_out) put<uint32_t>(content_out.addr, content);
      if (format_out) put<uint32_t>(format_out.addr, format);
      if (context_out) p.put_ptr(context_out.addr, 0);
      if (store_out) {  // the message's certificates
        Store* s = new_store(p);
        if (!s) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
        if (const auto sd = parse_signed_data(message))
          for (const Bytes& c : sd->certificates)
            if (auto cert = parse_certificate(c.data(), c.size()))
              make_context(p, std::make_shared<const Certificate>(std::move(*cert)), c, s);
        p.put_ptr(store_out.addr, s->handle);
      }
      if (msg_out) p.put_ptr(msg_out.addr, msg);
      else release_message(p, msg);
      return TRUE;
    }
    if (encoding_out) put<uint32_t>(encoding_out.addr, content == kContentCert ? kX509Encoding : 0);
    if (content_out) put<uint32_t>(content_out.addr, content);
    if (format_out) put<uint32_t>(format_out.addr, format);
    if (msg_out) p.put_ptr(msg_out.addr, 0);
    if (store_out) p.put_ptr(store_out.addr, 0);
    if (context_out) p.put_ptr(context_out.addr, 0);
    if (content == kContentCert && (store_out || context_out)) {
      std::lock_guard<GuestCallMutex> g(lock());
      Store* s = new_store(p);
      if (!s) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
      Context* c = make_context(p, cert, der, s);
      if (!c) {
        close_store(p, s);
        return fail(p, ERROR_NOT_ENOUGH_MEMORY);
      }
      if (context_out) {
        ++c->refs;
        p.put_ptr(context_out.addr, c->addr);
      }
      if (store_out) p.put_ptr(store_out.addr, s->handle);
      else close_store(p, s);  // (kept while the context is)
    }
    return TRUE;
  }
  return fail(p, kCryptENoMatch);
}

}  // namespace
}  // namespace query

const std::vector<Export>& query_exports() {
  using namespace query;
  static const std::vector<Export> exports = {
      EXPORT("CryptQueryObject", CryptQueryObject),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
