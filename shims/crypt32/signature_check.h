// Whether one certificate's signature was made with another's key (GnuTLS checks it, as wine's
// CRYPT32 has its platform's crypto check it). No process state.
#pragma once

#include "shims/crypt32/certificate_der.h"

namespace polyrun::shims::crypt32 {

// True when `subject`'s signature over its to-be-signed part (`subject_der` is its whole DER)
// verifies with the public key of the certificate whose DER is `issuer_der`. Signatures with
// SHA-1 and MD5 verify, as on Windows (whose chains flag them as weak, not as invalid); a key or
// algorithm GnuTLS does not know does not verify.
bool signed_by(const Certificate& subject, const Bytes& subject_der, const Bytes& issuer_der);

}  // namespace polyrun::shims::crypt32
