// What CRYPT32's CRL and CTL files share (list_contexts.cpp, revocation_lists.cpp,
// trust_lists.cpp): a list context's block made from its encoding, the matching a store's find
// does, and the functions both kinds have, written once for either.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "shims/crypt32/cert_stores.h"

namespace polyrun::shims::crypt32::lists {

using stores::GuestBlock;
using stores::ListContext;
using stores::ListKind;

constexpr uint32_t kErrorInvalidData = 13;  // ERROR_INVALID_DATA

// A context's parts from its encoding: the block (CRL_CONTEXT / CTL_CONTEXT at its start, pointing
// at the encoding and the decoded CRL_INFO / CTL_INFO after it), a CTL's content and message.
struct Made {
  GuestBlock block;
  Bytes content;
  uint64_t message = 0;
};
// A context's block: its structure of `fields` pointers (the encoding's type, the encoding and its
// size, the decoded info after them; the rest zero, for the caller to set).
Made context_block(unsigned ptr, unsigned fields, uint32_t encoding, const Bytes& der, const GuestBlock& info);
// revocation_lists.cpp: a CRL (signed, DER); nullopt with the error when it is none.
std::optional<Made> crl_parts(WindowsProcess& p, uint32_t encoding, const Bytes& der, uint32_t& error);
// trust_lists.cpp: a CTL (a PKCS #7 SignedData of a CertificateTrustList).
std::optional<Made> ctl_parts(WindowsProcess& p, uint32_t encoding, const Bytes& der, uint32_t& error);

// Whether a store's context `c` is the one `other` stands for (CRL_FIND_EXISTING,
// CTL_FIND_EXISTING: a CRL of the same issuer, a CTL of the same content).
bool same_list(WindowsProcess& p, const ListContext& c, const ListContext& other);
// Its ThisUpdate (CRL_INFO's, CTL_INFO's), for CERT_STORE_ADD_NEWER.
uint64_t this_update(WindowsProcess& p, const ListContext& c);

// A new context of the encoding, in `store` or none; null with the last error set when the bytes
// are none or memory runs out. CRYPT32's lock held.
ListContext* create(WindowsProcess& p, ListKind kind, uint32_t encoding, const Bytes& der, stores::Store* store);
// CERT_STORE_ADD_* of `c` to a store (a context of the store's own, sharing c's properties),
// handing a reference out in `out` when asked.
BOOL add_to_store(WindowsProcess& p, stores::Store* s, ListContext* c, uint32_t disposition, Ptr out);
// The next context of a store after `previous` (whose reference is given back) that `matches`;
// CRYPT_E_NOT_FOUND at the end.
template <class F>
uint64_t find_next(WindowsProcess& p, ListKind kind, Ptr store, Ptr previous, F matches) {
  stores::Store* s = stores::find_store(store.addr);
  if (!s) {
    p.set_last_error(6);  // ERROR_INVALID_HANDLE
    return 0;
  }
  const std::vector<uint64_t> list = stores::enumerated_lists(*s, kind);
  size_t next = 0;
  if (previous) {
    next = list.size();
    for (size_t i = 0; i < list.size(); ++i)
      if (list[i] == previous.addr) next = i + 1;
    stores::release_list(p, stores::find_list_context(previous.addr));
  }
  for (; next < list.size(); ++next) {
    ListContext* c = stores::find_list_context(list[next]);
    if (c && matches(*c)) {
      ++c->refs;
      return c->addr;
    }
  }
  p.set_last_error(stores::kCryptENotFound);
  return 0;
}

}  // namespace polyrun::shims::crypt32::lists
