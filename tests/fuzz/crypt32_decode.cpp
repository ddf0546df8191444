// CryptoAPI's structures as CryptDecodeObjectEx decodes them (shims/crypt32/der_structures.h):
// every decoder of the table over the same DER, for both pointer widths, with and without
// CRYPT_DECODE_NOCOPY_FLAG, and the block each makes laid out at an address. Input: a byte that
// picks the first decoder tried (the others follow), then the DER (the seeds: an RSA private key,
// a PKCS #8 key, an EC key, a certificate's extensions, a name).
// A decoder reads nothing outside the input and writes nothing outside its block; a block's
// pointers point into it or, without copying, into the input.
#include <cstring>

#include "shims/crypt32/der_structures.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;
namespace c32 = shims::crypt32;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::InputReader in(data, size);
  const uint8_t first = in.take<uint8_t>();
  const std::string der = in.rest();
  const auto& types = c32::structure_types();
  const uint64_t input_at = 0x7f0000000000ull, block_at = 0x10000000ull;
  for (size_t k = 0; k < types.size(); ++k) {
    const c32::StructureType& t = types[(first + k) % types.size()];
    for (unsigned ptr : {4u, 8u})
      for (bool nocopy : {false, true}) {
        c32::stores::GuestBlock b(ptr);
        const c32::DerInput input{reinterpret_cast<const uint8_t*>(der.data()), der.size(), input_at, nocopy};
        const uint32_t error = t.decode(b, input);
        if (error) {
          POLYRUN_FUZZ_CHECK(error == c32::kAsn1Eod || error == c32::kAsn1Corrupt || error == c32::kAsn1Large ||
                                 error == c32::kAsn1Badtag,
                             "%s: error 0x%08x", t.name, error);
          continue;
        }
        const c32::Bytes laid = b.laid_out(block_at);
        POLYRUN_FUZZ_CHECK(laid.size() == b.size(), "%s: block of %zu laid out as %zu", t.name, b.size(), laid.size());
        POLYRUN_FUZZ_CHECK(b.size() <= 64 + 8 * der.size() + 2048, "%s: a block of %zu bytes from %zu", t.name, b.size(),
                           der.size());
      }
  }
  (void)c32::find_structure_type(0, der);
  return 0;
}
