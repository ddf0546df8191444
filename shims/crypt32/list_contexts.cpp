// CRYPT32's CRL and CTL contexts, the functions both kinds have: made from an encoding
// (CertCreateCRLContext, CertCreateCTLContext), referenced and freed (CertDuplicate*Context,
// CertFree*Context), added to a store by encoding or from another context (CertAddEncoded*ToStore,
// CertAdd*ContextToStore, with CERT_STORE_ADD_*'s dispositions), enumerated
// (CertEnumCRLsInStore, CertEnumCTLsInStore), deleted (CertDelete*FromStore), and their
// properties (CertGet/Set/Enum*ContextProperty…: the SHA-1 and MD5 hashes of the encoding, kept
// once asked for, any other a blob's bytes).
//
// A context added to a store is the store's own (its hCertStore), sharing the properties of the
// one it was made from, as a link does. Contexts outside any store (just made) have no store.
#include "shims/crypt32/list_contexts.h"

#include <cstring>
#include <mutex>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/messages.h"
#include "shims/crypto/algorithms.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace lists {

using stores::find_list_context;
using stores::find_store;
using stores::kCryptEExists;
using stores::kCryptENotFound;
using stores::kEInvalidArg;
using stores::lock;
using stores::Store;

Made context_block(unsigned ptr, unsigned fields, uint32_t encoding, const Bytes& der, const GuestBlock& info) {
  Made m{GuestBlock(ptr), {}, 0};
  const size_t ctx = m.block.reserve(fields * ptr);
  m.block.u32(ctx, encoding);
  m.block.pointer(ctx + ptr, m.block.append(der.data(), der.size()));
  m.block.u32(ctx + 2 * ptr, static_cast<uint32_t>(der.size()));
  m.block.pointer(ctx + 3 * ptr, m.block.append_block(info));
  return m;
}

ListContext* create(WindowsProcess& p, ListKind kind, uint32_t encoding, const Bytes& der, Store* store) {
  uint32_t error = 0;
  auto made = kind == ListKind::Crl ? crl_parts(p, encoding, der, error) : ctl_parts(p, encoding, der, error);
  if (!made) {
    p.set_last_error(error);
    return nullptr;
  }
  ListContext* c = stores::make_list_context(p, kind, made->block, der, made->content, made->message, store);
  if (!c) {
    if (made->message) release_message(p, made->message);
    p.set_last_error(ERROR_NOT_ENOUGH_MEMORY);
  }
  return c;
}

BOOL add_to_store(WindowsProcess& p, Store* s, ListContext* c, uint32_t disposition, Ptr out) {
  constexpr uint32_t kNew = 1, kUseExisting = 2, kReplaceExisting = 3, kAlways = 4, kReplaceInherit = 5, kNewer = 6,
                     kNewerInherit = 7;
  if (out) p.put_ptr(out.addr, 0);
  ListContext* existing = nullptr;
  if (s && disposition != kAlways)
    for (uint64_t a : s->lists(c->kind))
      if (ListContext* e = find_list_context(a); e && same_list(p, *e, *c)) existing = e;
  bool inherit = false;
  switch (disposition) {
    case kAlways: break;
    case kNew:
      if (existing) return fail(p, kCryptEExists);
      break;
    case kNewer:
    case kNewerInherit:
      if (existing && this_update(p, *existing) >= this_update(p, *c)) return fail(p, kCryptEExists);
      inherit = disposition == kNewerInherit;
      break;
    case kReplaceExisting: break;
    case kReplaceInherit: inherit = true; break;
    case kUseExisting:
      if (existing) {
        for (const auto& [id, v] : c->properties()) existing->properties().emplace(id, v);
        if (out) {
          ++existing->refs;
          p.put_ptr(out.addr, existing->addr);
        }
        return TRUE;
      }
      break;
    default: return fail(p, kEInvalidArg);
  }
  if (!s) {  // (no store: the context itself, another reference)
    if (out) {
      ++c->refs;
      p.put_ptr(out.addr, c->addr);
    }
    return TRUE;
  }
  uint32_t error = 0;
  auto made = c->kind == ListKind::Crl ? crl_parts(p, get<uint32_t>(c->addr), c->der, error)
                                       : ctl_parts(p, get<uint32_t>(c->addr), c->der, error);
  if (!made) return fail(p, error);
  ListContext* added = stores::make_list_context(p, c->kind, made->block, c->der, made->content, made->message, s);
  if (!added) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  added->shared_properties = c->shared_properties;
  if (existing) {
    if (inherit)
      for (const auto& [id, v] : existing->properties()) added->properties().emplace(id, v);
    std::erase(s->lists(c->kind), existing->addr);
    existing->store = nullptr;
    stores::release_list(p, existing);
  }
  if (out) {
    ++added->refs;
    p.put_ptr(out.addr, added->addr);
  }
  return TRUE;
}

// The decoded CRL_INFO / CTL_INFO (the context's pCrlInfo / pCtlInfo).
uint64_t info_of(WindowsProcess& p, const ListContext& c) { return p.get_ptr(c.addr + 3 * p.isa->ptr); }

bool same_list(WindowsProcess& p, const ListContext& c, const ListContext& other) {
  if (c.kind != other.kind) return false;
  if (c.kind == ListKind::Ctl) return c.content == other.content;
  const unsigned w = p.isa->ptr;
  return stores::blob_bytes(info_of(p, c) + 4 * w, w) == stores::blob_bytes(info_of(p, other) + 4 * w, w);  // the issuers
}

uint64_t this_update(WindowsProcess& p, const ListContext& c) {
  const unsigned w = p.isa->ptr;
  return get<uint64_t>(info_of(p, c) + (c.kind == ListKind::Crl ? 6 * w : 7 * w));
}

namespace {

Bytes guest_bytes(Ptr data, uint32_t size) {
  Bytes b(data ? size : 0);
  if (!b.empty()) copy_guest(b.data(), guest_pointer(data.addr), size, data.addr, false);
  return b;
}

template <ListKind K>
Ptr create_context(WindowsProcess& p, uint32_t encoding, Ptr data, uint32_t size) {
  std::lock_guard<GuestCallMutex> g(lock());
  if (!data || !size) return Ptr(fail(p, K == ListKind::Ctl ? kErrorInvalidData : kEInvalidArg));
  ListContext* c = create(p, K, encoding, guest_bytes(data, size), nullptr);
  return Ptr(c ? c->addr : 0);
}

template <ListKind K>
Ptr duplicate(WindowsProcess&, Ptr context) {
  std::lock_guard<GuestCallMutex> g(lock());
  if (ListContext* c = find_list_context(context.addr); c && c->kind == K) ++c->refs;
  return context;
}

template <ListKind K>
BOOL free_context(WindowsProcess& p, Ptr context) {
  std::lock_guard<GuestCallMutex> g(lock());
  if (ListContext* c = find_list_context(context.addr); c && c->kind == K) stores::release_list(p, c);
  return TRUE;
}

template <ListKind K>
BOOL add_encoded(WindowsProcess& p, Ptr store, uint32_t encoding, Ptr data, uint32_t size, uint32_t disposition, Ptr out) {
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = store ? find_store(store.addr) : nullptr;
  if (store && !s) return fail(p, ERROR_INVALID_HANDLE);
  if (!data || !size) return fail(p, K == ListKind::Ctl ? kErrorInvalidData : kEInvalidArg);
  ListContext* c = create(p, K, encoding, guest_bytes(data, size), nullptr);
  if (!c) return FALSE;
  const BOOL r = add_to_store(p, s, c, disposition, out);
  stores::release_list(p, c);
  return r;
}

template <ListKind K>
BOOL add_context(WindowsProcess& p, Ptr store, Ptr context, uint32_t disposition, Ptr out) {
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = store ? find_store(store.addr) : nullptr;
  if (store && !s) return fail(p, ERROR_INVALID_HANDLE);
  ListContext* c = find_list_context(context.addr);
  if (!c || c->kind != K) return fail(p, kEInvalidArg);
  return add_to_store(p, s, c, disposition, out);
}

template <ListKind K>
Ptr enumerate(WindowsProcess& p, Ptr store, Ptr previous) {
  std::lock_guard<GuestCallMutex> g(lock());
  return Ptr(find_next(p, K, store, previous, [](const ListContext&) { return true; }));
}

// The context leaves its store (the store's reference goes) and the caller's reference with it.
template <ListKind K>
BOOL delete_from_store(WindowsProcess& p, Ptr context) {
  std::lock_guard<GuestCallMutex> g(lock());
  ListContext* c = find_list_context(context.addr);
  if (!c) return TRUE;
  if (c->store) {
    std::erase(c->store->lists(K), c->addr);
    c->store = nullptr;
    stores::release_list(p, c);  // (the store's)
  }
  stores::release_list(p, c);    // (the caller's)
  return TRUE;
}

// ---- properties ----

constexpr uint32_t kPropSha1 = 3, kPropMd5 = 4;

// A hash asked for is kept as a property from then on, as Windows keeps it.
std::optional<Bytes> list_property(const ListContext& c, uint32_t id) {
  if (auto it = c.properties().find(id); it != c.properties().end()) return it->second;
  if (id == kPropSha1) return c.properties()[id] = crypto::digest(crypto::HashKind::Sha1, c.der.data(), c.der.size());
  if (id == kPropMd5) return c.properties()[id] = crypto::digest(crypto::HashKind::Md5, c.der.data(), c.der.size());
  return std::nullopt;
}

template <ListKind K>
BOOL get_property(WindowsProcess& p, Ptr context, uint32_t id, Ptr data, Ptr size) {
  std::lock_guard<GuestCallMutex> g(lock());
  ListContext* c = find_list_context(context.addr);
  if (!c || c->kind != K || !size) return fail(p, kEInvalidArg);
  auto v = list_property(*c, id);
  if (!v) return fail(p, kCryptENotFound);
  return stores::hand_out(p, false, Ptr(0), data, size, static_cast<uint32_t>(v->size()), [&](uint64_t at) {
    if (!v->empty()) copy_guest(guest_pointer(at), v->data(), v->size(), at, true);
  });
}

// A CRYPT_DATA_BLOB's bytes kept (null data: the property removed).
template <ListKind K>
BOOL set_property(WindowsProcess& p, Ptr context, uint32_t id, uint32_t, Ptr data) {
  std::lock_guard<GuestCallMutex> g(lock());
  ListContext* c = find_list_context(context.addr);
  if (!c || c->kind != K) return fail(p, kEInvalidArg);
  if (!data) {
    c->properties().erase(id);
    return TRUE;
  }
  c->properties()[id] = stores::blob_bytes(data.addr, p.isa->ptr);
  return TRUE;
}

template <ListKind K>
uint32_t enum_properties(WindowsProcess& p, Ptr context, uint32_t previous) {
  std::lock_guard<GuestCallMutex> g(lock());
  ListContext* c = find_list_context(context.addr);
  if (!c || c->kind != K) return 0;
  auto it = c->properties().upper_bound(previous);
  if (it == c->properties().end()) {
    p.set_last_error(kCryptENotFound);
    return 0;
  }
  return it->first;
}

}  // namespace
}  // namespace lists

const std::vector<Export>& list_context_exports() {
  using namespace lists;
  constexpr ListKind Crl = ListKind::Crl, Ctl = ListKind::Ctl;
  static const std::vector<Export> exports = {
      EXPORT("CertCreateCRLContext", create_context<Crl>),
      EXPORT("CertCreateCTLContext", create_context<Ctl>),
      EXPORT("CertDuplicateCRLContext", duplicate<Crl>),
      EXPORT("CertDuplicateCTLContext", duplicate<Ctl>),
      EXPORT("CertFreeCRLContext", free_context<Crl>),
      EXPORT("CertFreeCTLContext", free_context<Ctl>),
      EXPORT("CertAddEncodedCRLToStore", add_encoded<Crl>),
      EXPORT("CertAddEncodedCTLToStore", add_encoded<Ctl>),
      EXPORT("CertAddCRLContextToStore", add_context<Crl>),
      EXPORT("CertAddCTLContextToStore", add_context<Ctl>),
      EXPORT("CertEnumCRLsInStore", enumerate<Crl>),
      EXPORT("CertEnumCTLsInStore", enumerate<Ctl>),
      EXPORT("CertDeleteCRLFromStore", delete_from_store<Crl>),
      EXPORT("CertDeleteCTLFromStore", delete_from_store<Ctl>),
      EXPORT("CertGetCRLContextProperty", get_property<Crl>),
      EXPORT("CertGetCTLContextProperty", get_property<Ctl>),
      EXPORT("CertSetCRLContextProperty", set_property<Crl>),
      EXPORT("CertSetCTLContextProperty", set_property<Ctl>),
      EXPORT("CertEnumCRLContextProperties", enum_properties<Crl>),
      EXPORT("CertEnumCTLContextProperties", enum_properties<Ctl>),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
