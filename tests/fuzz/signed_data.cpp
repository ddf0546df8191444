// PKCS #7 SignedData as CRYPT32 and WINTRUST read it (shims/crypt32/signed_data.h,
// shims/wintrust/authenticode.h): a ContentInfo, its SignedData (content, certificates, CRLs,
// signers and their attributes), a signer's digest and signature checks, a PE image's certificate
// table and Authenticode digest, and SpcIndirectDataContent. Input: the bytes, as a message and as
// an image (the seeds: a signed message, and the samples' programs, the WINTRUST sample's signed
// one among them). Nothing read lies outside the input.
#include "shims/crypt32/signed_data.h"
#include "shims/wintrust/authenticode.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;
namespace c32 = shims::crypt32;

namespace {

void check_message(const c32::Bytes& der) {
  if (auto info = c32::parse_content_info(der))
    POLYRUN_FUZZ_CHECK(info->content.size() <= der.size(), "content of %zu bytes in %zu", info->content.size(), der.size());
  auto sd = c32::parse_signed_data(der);
  if (!sd) return;
  POLYRUN_FUZZ_CHECK(sd->content.size() <= der.size() && sd->content_whole.size() <= der.size(), "content past the input");
  for (const c32::Bytes& c : sd->certificates) POLYRUN_FUZZ_CHECK(c.size() <= der.size(), "certificate past the input");
  for (const c32::SignerInfo& s : sd->signers) {
    POLYRUN_FUZZ_CHECK(s.encoded.size() <= der.size() && s.signature.size() <= der.size(), "signer past the input");
    (void)c32::content_digest_matches(s, sd->content);
    if (const c32::Bytes* cert = c32::signer_certificate(*sd, s))
      (void)c32::signature_verifies_with_certificate(s, sd->content, *cert);
  }
  (void)shims::wintrust::parse_indirect_data(sd->content);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const c32::Bytes bytes(data, data + size);
  check_message(bytes);
  if (auto layout = c32::pe_layout(bytes)) {
    POLYRUN_FUZZ_CHECK(layout->checksum_at + 4 <= size && layout->security_entry_at <= size, "layout past the input");
    for (const c32::Bytes& signature : c32::pe_signatures(bytes, *layout)) {
      POLYRUN_FUZZ_CHECK(signature.size() <= size, "signature of %zu bytes in %zu", signature.size(), size);
      check_message(signature);
    }
    (void)shims::wintrust::pe_digest(bytes, *layout, shims::wintrust::kSha256Oid);
  }
  return 0;
}
