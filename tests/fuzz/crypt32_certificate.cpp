// A certificate as CRYPT32 reads it (shims/crypt32/certificate_der.h): the DER's elements, the
// TBSCertificate's fields, times, names and their strings in every CertNameToStr form, the
// alternative names, extended key usage, authority key identifier, basic constraints and key
// usage of its extensions; and the text forms of binary data
// (shims/crypt32/string_encoding.h) over the same bytes. Input: a CertNameToStr type (4 bytes),
// then the DER (the seeds: certificates of the host's CA bundle and the crypt32_certs sample's).
// Nothing read lies outside the input: every field's bytes are a copy of part of it.
#include <cstring>

#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/string_encoding.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;
namespace c32 = shims::crypt32;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::InputReader in(data, size);
  const uint32_t str_type = in.take<uint32_t>();
  const std::string der = in.rest();
  const auto* bytes = reinterpret_cast<const uint8_t*>(der.data());
  if (auto c = c32::parse_certificate(bytes, der.size())) {
    POLYRUN_FUZZ_CHECK(c->encoded_size <= der.size(), "certificate of %zu bytes in %zu", c->encoded_size, der.size());
    POLYRUN_FUZZ_CHECK(c->issuer.size() <= der.size() && c->subject.size() <= der.size(), "names past the input");
    for (const c32::Bytes* name : {&c->issuer, &c->subject})
      if (auto rdns = c32::parse_name(name->data(), name->size())) {
        (void)c32::name_to_string(*rdns, str_type);
        (void)c32::find_attribute(*rdns, "2.5.4.3");
      }
    for (const c32::Extension& e : c->extensions) {
      POLYRUN_FUZZ_CHECK(e.value.size() <= der.size(), "extension of %zu bytes", e.value.size());
      for (int kind : {2, 3, 7}) (void)c32::alt_names(e.value, kind);
      (void)c32::key_usage_oids(e.value);
      if (auto id = c32::authority_key_id(e.value))
        POLYRUN_FUZZ_CHECK(id->key_id.size() + id->issuer_name.size() + id->serial.size() <= e.value.size(),
                           "authority key id past its extension");
      (void)c32::basic_constraints(e.value);
      (void)c32::key_usage_bits(e.value);
    }
  }
  if (auto rdns = c32::parse_name(bytes, der.size())) (void)c32::name_to_string(*rdns, str_type);
  for (uint32_t format : {0u, 1u, 4u, 6u, 7u, 8u})
    if (auto d = c32::string_to_binary(der, format))
      POLYRUN_FUZZ_CHECK(d->bytes.size() <= der.size() && d->skipped <= der.size(), "decoded %zu bytes of %zu",
                         d->bytes.size(), der.size());
  (void)c32::pem_certificates(der);
  for (uint32_t flags : {0u, 1u, 12u, 0x40000001u})
    if (auto t = c32::binary_to_string(bytes, der.size(), flags))
      POLYRUN_FUZZ_CHECK(t->size() <= 2 * der.size() + 128 + der.size() / 32, "text of %zu for %zu bytes", t->size(),
                         der.size());
  return 0;
}
