// CRYPT32's certificate stores and certificate contexts.
//
// A context is one block of the program's memory: CERT_CONTEXT, the CERT_INFO it points to, the
// certificate's DER and everything CERT_INFO points into (laid out for the program's pointer
// width), read-only by contract; polyrun keeps beside it the parsed certificate, the context's
// properties, its store and its reference count (a store holds one on each of its contexts, and
// CertDuplicateCertificateContext, CertEnumCertificatesInStore and CertFindCertificateInStore
// give one). Stores are memory stores whatever they are opened as: the system store "ROOT" holds
// the host's trusted certificate authorities (its CA bundle, as wine's does), the other system
// stores start empty, and nothing is written back anywhere. Collections enumerate their siblings.
#include <algorithm>
#include <cstring>
#include <functional>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <vector>

#include "common/log.h"
#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/crypt32.h"
#include "shims/crypt32/messages.h"
#include "shims/crypt32/string_encoding.h"
#include "shims/crypto/algorithms.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace stores {
namespace {

void put_algorithm(GuestBlock& b, size_t at, const AlgorithmId& a) {
  b.pointer(at, b.append_string(a.oid));
  b.blob(at + b.ptr(), a.parameters);
}
void put_bits(GuestBlock& b, size_t at, const BitString& s) {
  b.blob(at, s.bits);
  b.u32(at + 2 * b.ptr(), s.unused_bits);
}

// ---- contexts and stores ----

}  // namespace

Bytes blob_bytes(uint64_t blob, unsigned ptr) {
  const uint32_t n = get<uint32_t>(blob);
  const uint64_t at = ptr == 8 ? get<uint64_t>(blob + 8) : get<uint32_t>(blob + 4);
  Bytes b(at ? n : 0);
  if (!b.empty()) copy_guest(b.data(), guest_pointer(at), n, at, false);
  return b;
}

void place_block(const GuestBlock& b, uint64_t base) {
  const Bytes bytes = b.laid_out(base);
  if (!bytes.empty()) copy_guest(guest_pointer(base), bytes.data(), bytes.size(), base, true);
}

uint64_t commit_block(WindowsProcess& p, const GuestBlock& b) {
  const uint64_t base = p.heap.alloc(b.size() ? b.size() : 1, true);
  if (base) place_block(b, base);
  return base;
}

BOOL hand_out(WindowsProcess& p, bool alloc, Ptr para, Ptr out, Ptr out_size, uint32_t needed,
              const std::function<void(uint64_t)>& place) {
  if (alloc) {
    if (!out || !out_size) return fail(p, ERROR_INVALID_PARAMETER);
    // CRYPT_DECODE_PARA and CRYPT_ENCODE_PARA: cbSize, pfnAlloc, pfnFree
    const uint64_t alloc_fn = para && get<uint32_t>(para.addr) >= 2 * p.isa->ptr ? p.get_ptr(para.addr + p.isa->ptr) : 0;
    const uint64_t base = alloc_fn ? p.call_guest(alloc_fn, {needed}) : p.heap.alloc(needed, true);
    if (!base) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    place(base);
    p.put_ptr(out.addr, base);
    put<uint32_t>(out_size.addr, needed);
    return TRUE;
  }
  if (!out) {
    put<uint32_t>(out_size.addr, needed);
    return TRUE;
  }
  if (get<uint32_t>(out_size.addr) < needed) {
    put<uint32_t>(out_size.addr, needed);
    return fail(p, kErrorMoreData);
  }
  put<uint32_t>(out_size.addr, needed);
  place(out.addr);
  return TRUE;
}

BOOL hand_out(WindowsProcess& p, bool alloc, Ptr para, Ptr out, Ptr out_size, const GuestBlock& b) {
  return hand_out(p, alloc, para, out, out_size, static_cast<uint32_t>(b.size()),
                  [&](uint64_t at) { place_block(b, at); });
}

struct Registry {
  std::map<uint64_t, std::unique_ptr<Context>> contexts;
  std::map<uint64_t, std::unique_ptr<ListContext>> lists;
  std::map<uint64_t, std::unique_ptr<Store>> stores;
};
Registry& registry() {
  static Registry r;
  return r;
}

GuestCallMutex& lock() {
  static GuestCallMutex m;
  return m;
}

std::optional<std::vector<std::string>> enhanced_key_usage(const Context& c, uint32_t flags) {
  constexpr uint32_t kExtOnly = 2, kPropOnly = 4;  // CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG, …PROP_ONLY…
  std::optional<std::vector<std::string>> oids;
  if (!(flags & kExtOnly))
    if (auto it = c.properties().find(kPropEnhkeyUsage); it != c.properties().end()) oids = key_usage_oids(it->second);
  if (!oids && !(flags & kPropOnly))
    for (const auto& e : c.cert->extensions)
      if (e.oid == "2.5.29.37") oids = key_usage_oids(e.value);
  return oids;
}

Context* find_context(uint64_t addr) {
  auto& m = registry().contexts;
  auto it = m.find(addr);
  return it == m.end() ? nullptr : it->second.get();
}
ListContext* find_list_context(uint64_t addr) {
  auto& m = registry().lists;
  auto it = m.find(addr);
  return it == m.end() ? nullptr : it->second.get();
}
Store* find_store(uint64_t handle) {
  auto& m = registry().stores;
  auto it = m.find(handle);
  return it == m.end() ? nullptr : it->second.get();
}

namespace {

// Frees a store: its own references on its contexts go (a context still referenced elsewhere
// stays, in no store).
void destroy_store(WindowsProcess& p, Store* s) {
  const std::vector<uint64_t> contexts = s->contexts;
  for (uint64_t c : contexts)
    if (Context* ctx = find_context(c)) {
      ctx->store = nullptr;
      release(p, ctx);
    }
  for (ListKind k : {ListKind::Crl, ListKind::Ctl}) {
    const std::vector<uint64_t> lists = s->lists(k);
    for (uint64_t c : lists)
      if (ListContext* ctx = find_list_context(c)) {
        ctx->store = nullptr;
        release_list(p, ctx);
      }
  }
  const uint64_t handle = s->handle;
  p.heap.free(handle);
  registry().stores.erase(handle);
}

// A closed store lasts while a context of it is referenced from outside it (as on Windows, where
// a context keeps its store: e.g. a TLS peer's certificate and the chain it came with).
void destroy_if_unused(WindowsProcess& p, Store* s) {
  if (s->refs > 0) return;
  for (uint64_t c : s->contexts)
    if (const Context* ctx = find_context(c); ctx && ctx->refs > 1) return;
  for (ListKind k : {ListKind::Crl, ListKind::Ctl})
    for (uint64_t c : s->lists(k))
      if (const ListContext* ctx = find_list_context(c); ctx && ctx->refs > 1) return;
  destroy_store(p, s);
}

}  // namespace

void release(WindowsProcess& p, Context* c) {
  if (!c) return;
  if (--c->refs > 0) {
    if (c->refs == 1 && c->store && c->store->refs <= 0) destroy_if_unused(p, c->store);
    return;
  }
  p.heap.free(c->addr);
  registry().contexts.erase(c->addr);
}

void release_list(WindowsProcess& p, ListContext* c) {
  if (!c) return;
  if (--c->refs > 0) {
    if (c->refs == 1 && c->store && c->store->refs <= 0) destroy_if_unused(p, c->store);
    return;
  }
  if (c->message) release_message(p, c->message);
  if (c->store) std::erase(c->store->lists(c->kind), c->addr);
  p.heap.free(c->addr);
  registry().lists.erase(c->addr);
}

ListContext* make_list_context(WindowsProcess& p, ListKind kind, const GuestBlock& b, Bytes der, Bytes content,
                               uint64_t message, Store* store) {
  const uint64_t addr = commit_block(p, b);
  if (!addr) return nullptr;
  if (store) p.put_ptr(addr + 4 * p.isa->ptr, store->handle);  // hCertStore
  auto c = std::make_unique<ListContext>();
  c->addr = addr;
  c->kind = kind;
  c->der = std::move(der);
  c->content = std::move(content);
  c->message = message;
  c->store = store;
  c->refs = 1;
  ListContext* raw = c.get();
  registry().lists[addr] = std::move(c);
  if (store) store->lists(kind).push_back(addr);
  return raw;
}

void close_store(WindowsProcess& p, Store* s) {
  if (--s->refs > 0) return;
  destroy_if_unused(p, s);
}

Context* make_context(WindowsProcess& p, std::shared_ptr<const Certificate> cert, const Bytes& der, Store* store) {
  const unsigned ptr = p.isa->ptr;
  const CertInfoLayout l{ptr};
  GuestBlock b(ptr);
  const size_t ctx = b.reserve(5 * ptr);  // CERT_CONTEXT: 20 / 40 bytes
  const size_t info = b.reserve(l.size());
  const size_t encoded = b.append(der.data(), der.size());
  b.u32(ctx, kX509Encoding);
  b.pointer(ctx + ptr, encoded);
  b.u32(ctx + 2 * ptr, static_cast<uint32_t>(der.size()));
  b.pointer(ctx + 3 * ptr, info);
  if (store) {
    if (ptr == 8) b.u64(ctx + 4 * ptr, store->handle);
    else b.u32(ctx + 4 * ptr, static_cast<uint32_t>(store->handle));
  }
  const Certificate& c = *cert;
  b.u32(info, c.version);
  b.blob(info + l.serial(), Bytes(c.serial.rbegin(), c.serial.rend()));  // little-endian, as CryptoAPI keeps integers
  put_algorithm(b, info + l.signature(), c.signature);
  b.blob(info + l.issuer(), c.issuer);
  b.u64(info + l.not_before(), c.not_before);
  b.u64(info + l.not_after(), c.not_after);
  b.blob(info + l.subject(), c.subject);
  put_algorithm(b, info + l.public_key_info(), c.key_algorithm);
  put_bits(b, info + l.public_key_info() + 3 * ptr, c.public_key);
  if (c.issuer_unique_id) put_bits(b, info + l.issuer_unique_id(), *c.issuer_unique_id);
  if (c.subject_unique_id) put_bits(b, info + l.subject_unique_id(), *c.subject_unique_id);
  b.u32(info + l.extension_count(), static_cast<uint32_t>(c.extensions.size()));
  if (!c.extensions.empty()) {
    const size_t array = b.reserve(c.extensions.size() * l.extension_size(), ptr);
    for (size_t i = 0; i < c.extensions.size(); ++i) {
      const size_t at = array + i * l.extension_size();
      b.pointer(at, b.append_string(c.extensions[i].oid));
      b.u32(at + ptr, c.extensions[i].critical ? 1 : 0);
      b.blob(at + 2 * ptr, c.extensions[i].value);
    }
    b.pointer(info + l.extensions(), array);
  }
  const uint64_t addr = commit_block(p, b);
  if (!addr) return nullptr;
  auto context = std::make_unique<Context>();
  context->addr = addr + ctx;
  context->cert = std::move(cert);
  context->der = der;
  context->store = store;
  context->refs = 1;
  Context* raw = context.get();
  registry().contexts[raw->addr] = std::move(context);
  if (store) store->contexts.push_back(raw->addr);
  return raw;
}

Store* new_store(WindowsProcess& p) {
  const uint64_t handle = p.heap.alloc(16, true);  // (a distinct address for the handle)
  if (!handle) return nullptr;
  auto s = std::make_unique<Store>();
  s->handle = handle;
  Store* raw = s.get();
  registry().stores[handle] = std::move(s);
  return raw;
}

namespace {

// The host's trusted certificate authorities: its CA bundle, read once.
const std::vector<std::pair<std::shared_ptr<const Certificate>, Bytes>>& host_roots() {
  static std::vector<std::pair<std::shared_ptr<const Certificate>, Bytes>> roots;
  static std::once_flag once;
  std::call_once(once, [] {
    for (const char* path : {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
                             "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem"}) {
      std::ifstream f(path, std::ios::binary);
      if (!f) continue;
      std::stringstream text;
      text << f.rdbuf();
      for (Bytes& der : pem_certificates(text.str()))
        if (auto c = parse_certificate(der.data(), der.size()); c && c->encoded_size == der.size())
          roots.emplace_back(std::make_shared<const Certificate>(std::move(*c)), std::move(der));
      polyrun::log().debug("CRYPT32: {} certificates from {} in the ROOT store", roots.size(), path);
      return;
    }
    polyrun::log().warn("CRYPT32: no CA bundle found (/etc/ssl/certs/ca-certificates.crt …): the ROOT store is empty");
  });
  return roots;
}

}  // namespace

std::vector<uint64_t> enumerated_lists(const Store& s, ListKind kind, int depth) {
  if (!s.collection) return s.lists(kind);
  std::vector<uint64_t> out;
  if (depth > 8) return out;
  for (uint64_t h : s.siblings)
    if (const Store* sib = find_store(h)) {
      auto more = enumerated_lists(*sib, kind, depth + 1);
      out.insert(out.end(), more.begin(), more.end());
    }
  return out;
}

std::vector<uint64_t> enumerated(const Store& s, int depth) {
  if (!s.collection) return s.contexts;
  std::vector<uint64_t> out;
  if (depth > 8) return out;
  for (uint64_t h : s.siblings)
    if (const Store* sib = find_store(h)) {
      auto more = enumerated(*sib, depth + 1);
      out.insert(out.end(), more.begin(), more.end());
    }
  return out;
}

namespace {

// The system stores Windows always has (opening another with CERT_STORE_OPEN_EXISTING_FLAG fails).
bool known_system_store(const std::string& name) {
  static const char* const known[] = {"root", "authroot", "ca", "my", "trust", "trustedpeople", "trustedpublisher",
                                      "disallowed", "smartcardroot", "trusteddevices", "userds", "addressbook"};
  const std::string lower = ascii_lower(name);
  for (const char* k : known)
    if (lower == k) return true;
  return false;
}

}  // namespace

Store* open_system_store(WindowsProcess& p, const std::string& name, uint32_t flags) {
  constexpr uint32_t kOpenExisting = 0x4000;
  if ((flags & kOpenExisting) && !known_system_store(name)) {
    p.set_last_error(ERROR_FILE_NOT_FOUND);
    return nullptr;
  }
  Store* s = new_store(p);
  if (!s) return nullptr;
  s->system_name = name;
  if (ascii_lower(name) == "root")
    for (const auto& [cert, der] : host_roots()) make_context(p, cert, der, s);
  return s;
}

namespace {

// ---- the functions ----

Ptr CertOpenStore(WindowsProcess& p, Ptr provider, uint32_t encoding, USize, uint32_t flags, Ptr para) {
  std::lock_guard<GuestCallMutex> g(lock());
  (void)encoding;
  constexpr uint64_t kMemory = 2, kSystemA = 9, kSystemW = 10, kCollection = 11;
  constexpr uint32_t kDeleteFlag = 0x10;
  uint64_t kind = provider.addr;
  if (provider.addr >= 0x10000) {
    const std::string name = ascii_lower(CStr{provider.addr}.str());
    kind = name == "memory" ? kMemory : name == "system" ? kSystemW : name == "collection" ? kCollection : 0;
    if (!kind) {
      polyrun::log().warn("CRYPT32: CertOpenStore of a \"{}\" store is not supported", name);
      return Ptr(fail(p, ERROR_NOT_SUPPORTED));
    }
  }
  if (flags & kDeleteFlag) return Ptr(fail(p, ERROR_NOT_SUPPORTED));  // (deleting a store: nothing persists)
  Store* s = nullptr;
  switch (kind) {
    case kMemory: s = new_store(p); break;
    case kCollection:
      s = new_store(p);
      if (s) s->collection = true;
      break;
    case kSystemA:
    case kSystemW: {
      if (!para) return Ptr(fail(p, ERROR_FILE_NOT_FOUND));
      const std::string name = kind == kSystemA ? AStr{para.addr}.str() : utf16_to_utf8(WStr{para.addr}.str());
      s = open_system_store(p, name, flags);
      if (!s) return Ptr(0);
      break;
    }
    default:
      polyrun::log().warn("CRYPT32: CertOpenStore with store provider {} is not supported", kind);
      return Ptr(fail(p, ERROR_NOT_SUPPORTED));
  }
  if (!s) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  return Ptr(s->handle);
}

Ptr CertOpenSystemStoreA(WindowsProcess& p, USize, AStr name) {
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = open_system_store(p, name.str(), 0);
  return Ptr(s ? s->handle : 0);
}
Ptr CertOpenSystemStoreW(WindowsProcess& p, USize, WStr name) {
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = open_system_store(p, utf16_to_utf8(name.str()), 0);
  return Ptr(s ? s->handle : 0);
}

BOOL CertCloseStore(WindowsProcess& p, Ptr handle, uint32_t) {
  std::lock_guard<GuestCallMutex> g(lock());
  if (!handle) return TRUE;
  Store* s = find_store(handle.addr);
  if (!s) return fail(p, ERROR_INVALID_HANDLE);
  if (s->refs <= 0) return fail(p, ERROR_INVALID_HANDLE);  // (closed already, kept for its contexts)
  close_store(p, s);
  return TRUE;
}

// CertControlStore(store, flags, control, para): a memory store has no provider to control
// (ERROR_CALL_NOT_IMPLEMENTED, as Windows' memory provider); a system store's contents change
// only through this process's calls, so there is nothing to resync (CERT_STORE_CTRL_RESYNC,
// _AUTO_RESYNC), commit (_COMMIT) or signal (_NOTIFY_CHANGE's event is never set; _CANCEL_NOTIFY):
// each succeeds; a collection asks its system stores and leaves its memory stores out.
BOOL CertControlStore(WindowsProcess& p, Ptr handle, uint32_t, uint32_t, Ptr) {
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = handle ? find_store(handle.addr) : nullptr;
  if (!s) return fail(p, ERROR_INVALID_HANDLE);
  if (!s->collection && s->system_name.empty()) return fail(p, 120);  // ERROR_CALL_NOT_IMPLEMENTED
  return TRUE;
}

Ptr CertDuplicateStore(WindowsProcess& p, Ptr handle) {
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = find_store(handle.addr);
  if (!s) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  ++s->refs;
  return handle;
}

BOOL CertAddStoreToCollection(WindowsProcess& p, Ptr collection, Ptr sibling, uint32_t, uint32_t) {
  std::lock_guard<GuestCallMutex> g(lock());
  Store* c = find_store(collection.addr);
  if (!c || !find_store(sibling.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!c->collection) return fail(p, kEInvalidArg);
  c->siblings.push_back(sibling.addr);
  return TRUE;
}

Ptr CertEnumCertificatesInStore(WindowsProcess& p, Ptr handle, Ptr previous) {
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = find_store(handle.addr);
  if (!s) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  const std::vector<uint64_t> list = enumerated(*s);
  size_t next = 0;
  if (previous) {
    next = list.size();
    for (size_t i = 0; i < list.size(); ++i)
      if (list[i] == previous.addr) next = i + 1;
    release(p, find_context(previous.addr));
  }
  if (next >= list.size()) return Ptr(fail(p, kCryptENotFound));
  Context* c = find_context(list[next]);
  ++c->refs;
  return Ptr(c->addr);
}

Ptr CertDuplicateCertificateContext(WindowsProcess&, Ptr context) {
  std::lock_guard<GuestCallMutex> g(lock());
  if (Context* c = find_context(context.addr)) ++c->refs;
  return context;
}

BOOL CertFreeCertificateContext(WindowsProcess& p, Ptr context) {
  std::lock_guard<GuestCallMutex> g(lock());
  release(p, find_context(context.addr));
  return TRUE;
}

}  // namespace

std::shared_ptr<const Certificate> parse(WindowsProcess& p, uint32_t encoding, Ptr data, uint32_t size) {
  if ((encoding & 0xffff) != kX509Encoding && (encoding & 0xffff) != 0) {
    p.set_last_error(kEInvalidArg);
    return nullptr;
  }
  Bytes der(size);
  if (size) copy_guest(der.data(), guest_pointer(data.addr), size, data.addr, false);
  auto c = parse_certificate(der.data(), der.size());
  if (!c) {
    // (not a SEQUENCE at all: a bad tag; one that is not a certificate inside: corrupt, as wine 8.0)
    p.set_last_error(der.empty() || der[0] != 0x30 ? kCryptEAsn1Badtag : kCryptEAsn1Corrupt);
    return nullptr;
  }
  return std::make_shared<const Certificate>(std::move(*c));
}

namespace {

// The store CertCreateCertificateContext's contexts name (their hCertStore, as on Windows and
// wine): one empty memory store that is never closed; the contexts are not in it.
uint64_t creation_store(WindowsProcess& p) {
  static uint64_t handle = 0;
  if (!handle)
    if (Store* s = new_store(p)) handle = s->handle;
  return handle;
}

Ptr CertCreateCertificateContext(WindowsProcess& p, uint32_t encoding, Ptr data, uint32_t size) {
  std::lock_guard<GuestCallMutex> g(lock());
  auto cert = parse(p, encoding, data, size);
  if (!cert) return Ptr(0);
  const size_t used = cert->encoded_size;
  Bytes der(used);
  copy_guest(der.data(), guest_pointer(data.addr), used, data.addr, false);
  Context* c = make_context(p, cert, der, nullptr);
  if (!c) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  p.put_ptr(c->addr + 4 * p.isa->ptr, creation_store(p));
  return Ptr(c->addr);
}

}  // namespace

BOOL add_to_store(WindowsProcess& p, Store* s, std::shared_ptr<const Certificate> cert, const Bytes& der,
                  const std::map<uint32_t, Bytes>* properties, uint32_t disposition, Ptr out, const Context* link) {
  // (3 CERT_STORE_ADD_REPLACE_EXISTING: what is left once the others are out)
  constexpr uint32_t kNew = 1, kUseExisting = 2, kAlways = 4, kReplaceInherit = 5, kNewer = 6, kNewerInherit = 7;
  if (disposition < kNew || disposition > kNewerInherit) return fail(p, kEInvalidArg);
  Context* existing = nullptr;
  if (s && disposition != kAlways)
    for (uint64_t a : s->contexts)
      if (Context* c = find_context(a); c && c->der == der) existing = c;
  if (existing) {
    if (disposition == kNew) return fail(p, kCryptEExists);
    if (disposition == kUseExisting || ((disposition == kNewer || disposition == kNewerInherit))) {
      if (properties && disposition == kUseExisting)
        for (const auto& [id, v] : *properties) existing->properties().emplace(id, v);
      if (out) {
        ++existing->refs;
        p.put_ptr(out.addr, existing->addr);
      }
      if (disposition != kUseExisting) return fail(p, kCryptEExists);
      return TRUE;
    }
    // (replace: the old one leaves the store)
    std::map<uint32_t, Bytes> inherited = existing->properties();
    std::erase(s->contexts, existing->addr);
    existing->store = nullptr;
    release(p, existing);
    Context* c = make_context(p, cert, der, s);
    if (!c) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    if (link) c->shared_properties = link->shared_properties;
    if (disposition == kReplaceInherit) c->properties() = inherited;
    if (properties)
      for (const auto& [id, v] : *properties) c->properties()[id] = v;
    if (out) {
      ++c->refs;
      p.put_ptr(out.addr, c->addr);
    }
    return TRUE;
  }
  Context* c = make_context(p, cert, der, s);
  if (!c) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  if (link) c->shared_properties = link->shared_properties;
  if (properties) c->properties() = *properties;
  if (out) {
    if (s) ++c->refs;  // (without a store, the caller's reference is the only one)
    p.put_ptr(out.addr, c->addr);
  } else if (!s) {
    release(p, c);
  }
  return TRUE;
}

namespace {

BOOL CertAddCertificateContextToStore(WindowsProcess& p, Ptr store, Ptr context, uint32_t disposition, Ptr out) {
  std::lock_guard<GuestCallMutex> g(lock());
  Context* from = find_context(context.addr);
  if (!from) return fail(p, kEInvalidArg);
  Store* s = store ? find_store(store.addr) : nullptr;
  if (store && !s) return fail(p, ERROR_INVALID_HANDLE);
  return add_to_store(p, s, from->cert, from->der, &from->properties(), disposition, out);
}

// CertAddCertificateLinkToStore(store, context, disposition, out): a context in `store` that is a
// link to `context`: its certificate, and the properties it shares with it (setting one on either
// sets it on both). A collection store takes no links (E_INVALIDARG).
BOOL CertAddCertificateLinkToStore(WindowsProcess& p, Ptr store, Ptr context, uint32_t disposition, Ptr out) {
  std::lock_guard<GuestCallMutex> g(lock());
  Context* from = find_context(context.addr);
  Store* s = find_store(store.addr);
  if (!s) return fail(p, ERROR_INVALID_HANDLE);
  if (!from || s->collection) return fail(p, kEInvalidArg);
  return add_to_store(p, s, from->cert, from->der, nullptr, disposition, out, from);
}

BOOL CertAddEncodedCertificateToStore(WindowsProcess& p, Ptr store, uint32_t encoding, Ptr data, uint32_t size,
                                      uint32_t disposition, Ptr out) {
  std::lock_guard<GuestCallMutex> g(lock());
  Store* s = store ? find_store(store.addr) : nullptr;
  if (store && !s) return fail(p, ERROR_INVALID_HANDLE);
  auto cert = parse(p, encoding, data, size);
  if (!cert) return FALSE;
  Bytes der(cert->encoded_size);
  copy_guest(der.data(), guest_pointer(data.addr), der.size(), data.addr, false);
  return add_to_store(p, s, cert, der, nullptr, disposition, out);
}

BOOL CertDeleteCertificateFromStore(WindowsProcess& p, Ptr context) {
  std::lock_guard<GuestCallMutex> g(lock());
  Context* c = find_context(context.addr);
  if (!c) return fail(p, kEInvalidArg);
  if (Store* s = c->store) {
    auto& list = s->contexts;
    if (std::find(list.begin(), list.end(), c->addr) != list.end()) {
      std::erase(list, c->addr);
      c->store = nullptr;
      release(p, c);  // the store's reference
    }
  }
  release(p, c);  // and the caller's, as on Windows
  return TRUE;
}

// ---- properties ----

}  // namespace

std::optional<Bytes> property(const Context& c, uint32_t id) {
  if (auto it = c.properties().find(id); it != c.properties().end()) return it->second;
  switch (id) {
    case kPropSha1: return crypto::digest(crypto::HashKind::Sha1, c.der.data(), c.der.size());
    case kPropMd5: return crypto::digest(crypto::HashKind::Md5, c.der.data(), c.der.size());
    case kPropKeyIdentifier: {
      for (const auto& e : c.cert->extensions)
        if (e.oid == "2.5.29.14") {  // subjectKeyIdentifier: an OCTET STRING
          DerReader r(e.value.data(), e.value.size());
          DerElement k;
          if (r.next(k) && k.tag == 0x04) return Bytes(k.value, k.value + k.size);
        }
      const Bytes& key = c.cert->public_key.bits;
      return crypto::digest(crypto::HashKind::Sha1, key.data(), key.size());
    }
    default: return std::nullopt;
  }
}

namespace {

// The usual two-call size protocol: `data` null asks for the size; too small a buffer is
// ERROR_MORE_DATA with the size needed.
BOOL give_bytes(WindowsProcess& p, const Bytes& v, Ptr data, Ptr size) {
  return hand_out(p, false, Ptr(0), data, size, static_cast<uint32_t>(v.size()), [&](uint64_t at) {
    if (!v.empty()) copy_guest(guest_pointer(at), v.data(), v.size(), at, true);
  });
}

BOOL CertGetCertificateContextProperty(WindowsProcess& p, Ptr context, uint32_t id, Ptr data, Ptr size) {
  std::lock_guard<GuestCallMutex> g(lock());
  Context* c = find_context(context.addr);
  if (!c || !size) return fail(p, kEInvalidArg);
  auto v = property(*c, id);
  if (!v) return fail(p, kCryptENotFound);
  // (the structures among the properties, laid out again with their pointers)
  if (id == kPropKeyProvInfo) {
    auto info = key_prov_info(*v);
    if (!info) return fail(p, kCryptENotFound);
    return hand_out(p, false, Ptr(0), data, size, key_prov_info_block(*info, p.isa->ptr));
  }
  if (id == kPropKeyContext) return hand_out(p, false, Ptr(0), data, size, key_context_block(*v, p.isa->ptr));
  return give_bytes(p, *v, data, size);
}

BOOL CertSetCertificateContextProperty(WindowsProcess& p, Ptr context, uint32_t id, uint32_t, Ptr data) {
  std::lock_guard<GuestCallMutex> g(lock());
  Context* c = find_context(context.addr);
  if (!c) return fail(p, kEInvalidArg);
  if (!data) {
    c->properties().erase(id);
    return TRUE;
  }
  if (id == kPropKeyProvInfo) {
    c->properties()[id] = key_prov_info_from_guest(p, data.addr);
    return TRUE;
  }
  if (id == kPropKeyContext) {
    c->properties()[id] = key_context_from_guest(p, data.addr);
    return TRUE;
  }
  // A CRYPT_DATA_BLOB, but for the hashes' and a few others' bare values (wincrypt.h); what
  // polyrun reads back is the blob's bytes.
  const unsigned ptr = p.isa->ptr;
  const uint32_t n = get<uint32_t>(data.addr);
  const uint64_t at = p.get_ptr(data.addr + ptr);
  Bytes v(n);
  if (n) copy_guest(v.data(), guest_pointer(at), n, at, false);
  c->properties()[id] = std::move(v);
  return TRUE;
}

uint32_t CertEnumCertificateContextProperties(WindowsProcess& p, Ptr context, uint32_t previous) {
  std::lock_guard<GuestCallMutex> g(lock());
  Context* c = find_context(context.addr);
  if (!c) return 0;
  auto it = c->properties().upper_bound(previous);
  if (it == c->properties().end()) {
    p.set_last_error(kCryptENotFound);
    return 0;
  }
  return it->first;
}

BOOL CertGetEnhancedKeyUsage(WindowsProcess& p, Ptr context, uint32_t flags, Ptr usage, Ptr size) {
  std::lock_guard<GuestCallMutex> g(lock());
  Context* c = find_context(context.addr);
  if (!c || !size) return fail(p, kEInvalidArg);
  const std::optional<std::vector<std::string>> oids = enhanced_key_usage(*c, flags);
  // CERT_ENHKEY_USAGE: the count, the array of string pointers, the strings.
  GuestBlock b(p.isa->ptr);
  const unsigned ptr = p.isa->ptr;
  const size_t head = b.reserve(2 * ptr);
  const size_t n = oids ? oids->size() : 0;
  b.u32(head, static_cast<uint32_t>(n));
  if (n) b.pointer(head + ptr, b.string_array(*oids));
  b.reserve(0, ptr);
  if (!hand_out(p, false, Ptr(0), usage, size, b)) return FALSE;
  if (!oids) p.set_last_error(kCryptENotFound);  // (no usage restriction: good for every use)
  else p.set_last_error(0);
  return TRUE;
}

// ---- names ----

std::optional<std::vector<Rdn>> name_at(Ptr blob, unsigned ptr) {
  const uint32_t n = get<uint32_t>(blob.addr);
  const uint64_t at = ptr == 8 ? get<uint64_t>(blob.addr + 8) : get<uint32_t>(blob.addr + 4);
  Bytes der(n);
  if (n) copy_guest(der.data(), guest_pointer(at), n, at, false);
  return parse_name(der.data(), der.size());
}

// The length-counting protocol of CertNameToStr and CertGetNameString: the characters with the
// NUL; into a buffer of `room` characters, as many as fit and the NUL.
template <typename Char>
uint32_t give_text(const std::basic_string<Char>& s, uint64_t out, uint32_t room) {
  if (!out) return static_cast<uint32_t>(s.size() + 1);
  if (!room) return 0;
  const size_t n = std::min<size_t>(s.size(), room - 1);
  if (n) copy_guest(guest_pointer(out), s.data(), n * sizeof(Char), out, true);
  put<Char>(out + n * sizeof(Char), 0);
  return static_cast<uint32_t>(n + 1);
}

uint32_t CertNameToStrW(WindowsProcess& p, uint32_t, Ptr name, uint32_t type, Ptr out, uint32_t room) {
  std::lock_guard<GuestCallMutex> g(lock());
  auto rdns = name ? name_at(name, p.isa->ptr) : std::nullopt;
  return give_text(rdns ? name_to_string(*rdns, type) : std::u16string(), out.addr, room);
}
uint32_t CertNameToStrA(WindowsProcess& p, uint32_t, Ptr name, uint32_t type, Ptr out, uint32_t room) {
  std::lock_guard<GuestCallMutex> g(lock());
  auto rdns = name ? name_at(name, p.isa->ptr) : std::nullopt;
  return give_text(rdns ? utf16_to_ansi(name_to_string(*rdns, type)) : std::string(), out.addr, room);
}

std::u16string name_string(WindowsProcess& p, const Context& c, uint32_t type, uint32_t flags, Ptr para) {
  constexpr uint32_t kEmail = 1, kRdn = 2, kAttr = 3, kSimpleDisplay = 4, kFriendlyDisplay = 5, kDns = 6, kUrl = 7;
  constexpr uint32_t kIssuerFlag = 1;
  const Certificate& cert = *c.cert;
  const bool issuer = flags & kIssuerFlag;
  const Bytes& der = issuer ? cert.issuer : cert.subject;
  const auto rdns = parse_name(der.data(), der.size());
  const std::string alt_oid = issuer ? "2.5.29.18" : "2.5.29.17";
  auto alt = [&](int kind) -> std::optional<std::u16string> {
    for (const auto& e : cert.extensions)
      if (e.oid == alt_oid) {
        auto names = alt_names(e.value, kind);
        if (!names.empty()) return names.front();
      }
    return std::nullopt;
  };
  auto attr = [&](const std::string& oid) -> std::optional<std::u16string> {
    if (!rdns) return std::nullopt;
    const NameAttribute* a = find_attribute(*rdns, oid);
    return a ? std::optional(a->text) : std::nullopt;
  };
  switch (type) {
    case kEmail:
      if (auto v = alt(2)) return *v;
      return attr("1.2.840.113549.1.9.1").value_or(u"");
    case kRdn:
      return rdns ? name_to_string(*rdns, para ? get<uint32_t>(para.addr) : 0) : u"";
    case kAttr:
      return attr(para ? CStr{para.addr}.str() : "1.2.840.113549.1.9.1").value_or(u"");
    case kFriendlyDisplay:
      if (auto it = c.properties().find(kPropFriendlyName); it != c.properties().end()) {
        std::u16string s(it->second.size() / 2, u'\0');
        std::memcpy(s.data(), it->second.data(), s.size() * 2);
        return s.substr(0, s.find(u'\0'));
      }
      [[fallthrough]];
    case kSimpleDisplay:
      for (const char* oid : {"2.5.4.3", "2.5.4.11", "2.5.4.10", "1.2.840.113549.1.9.1"})
        if (auto v = attr(oid)) return *v;
      if (auto v = alt(2)) return *v;
      return u"";
    case kDns:
      if (auto v = alt(3)) return *v;
      return attr("2.5.4.3").value_or(u"");
    case kUrl: return alt(7).value_or(u"");
    default:
      polyrun::log().warn("CRYPT32: CertGetNameString type {} is not supported", type);
      (void)p;
      return u"";
  }
}

uint32_t CertGetNameStringW(WindowsProcess& p, Ptr context, uint32_t type, uint32_t flags, Ptr para, Ptr out,
                            uint32_t room) {
  std::lock_guard<GuestCallMutex> g(lock());
  Context* c = find_context(context.addr);
  return give_text(c ? name_string(p, *c, type, flags, para) : std::u16string(), out.addr, room);
}
uint32_t CertGetNameStringA(WindowsProcess& p, Ptr context, uint32_t type, uint32_t flags, Ptr para, Ptr out,
                            uint32_t room) {
  std::lock_guard<GuestCallMutex> g(lock());
  Context* c = find_context(context.addr);
  return give_text(c ? utf16_to_ansi(name_string(p, *c, type, flags, para)) : std::string(), out.addr, room);
}

// ---- finding ----

std::u16string upper(std::u16string s) {
  for (char16_t& c : s)
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - 32);
  return s;
}

Ptr CertFindCertificateInStore(WindowsProcess& p, Ptr store, uint32_t, uint32_t, uint32_t type, Ptr para,
                               Ptr previous) {
  std::lock_guard<GuestCallMutex> g(lock());
  constexpr uint32_t kAny = 0, kSha1 = 0x10000, kMd5 = 0x40000, kKeyIdentifier = 0xf0000, kSubjectName = 0x20007,
                     kIssuerName = 0x20004, kSubjectStrA = 0x70007, kSubjectStrW = 0x80007, kIssuerStrA = 0x70004,
                     kIssuerStrW = 0x80004, kExisting = 0xd0000, kIssuerOf = 0xc0000, kSubjectCert = 0xb0000,
                     kPublicKey = 0x60000;
  Store* s = find_store(store.addr);
  if (!s) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  const unsigned ptr = p.isa->ptr;
  std::function<bool(const Context&)> match;
  switch (type) {
    case kAny: match = [](const Context&) { return true; }; break;
    case kSha1:
    case kMd5:
    case kKeyIdentifier: {
      const Bytes want = blob_bytes(para.addr, ptr);
      const uint32_t id = type == kSha1 ? kPropSha1 : type == kMd5 ? kPropMd5 : kPropKeyIdentifier;
      match = [want, id](const Context& c) { return property(c, id) == want; };
      break;
    }
    case kSubjectName:
    case kIssuerName: {
      const Bytes want = blob_bytes(para.addr, ptr);
      match = [want, type](const Context& c) { return (type == kSubjectName ? c.cert->subject : c.cert->issuer) == want; };
      break;
    }
    case kSubjectStrA:
    case kSubjectStrW:
    case kIssuerStrA:
    case kIssuerStrW: {
      const std::u16string want = upper(type == kSubjectStrA || type == kIssuerStrA ? ansi_to_utf16(AStr{para.addr}.bytes())
                                                                                     : WStr{para.addr}.str());
      const bool subject = (type & 0xffff) == 7;
      match = [want, subject](const Context& c) {
        const Bytes& der = subject ? c.cert->subject : c.cert->issuer;
        auto rdns = parse_name(der.data(), der.size());
        return rdns && upper(name_to_string(*rdns, 1)).find(want) != std::u16string::npos;
      };
      break;
    }
    case kExisting: {
      Context* other = find_context(para.addr);
      if (!other) return Ptr(fail(p, kEInvalidArg));
      const Bytes want = other->der;
      match = [want](const Context& c) { return c.der == want; };
      break;
    }
    case kIssuerOf: {
      Context* other = find_context(para.addr);
      if (!other) return Ptr(fail(p, kEInvalidArg));
      const Bytes want = other->cert->issuer;
      match = [want](const Context& c) { return c.cert->subject == want; };
      break;
    }
    case kSubjectCert: {  // a CERT_INFO: its issuer and serial number
      const CertInfoLayout l{ptr};
      const Bytes issuer = blob_bytes(para.addr + l.issuer(), ptr);
      Bytes serial = blob_bytes(para.addr + l.serial(), ptr);
      std::reverse(serial.begin(), serial.end());
      match = [issuer, serial](const Context& c) { return c.cert->issuer == issuer && c.cert->serial == serial; };
      break;
    }
    case kPublicKey: {  // a CERT_PUBLIC_KEY_INFO
      const Bytes key = blob_bytes(para.addr + 3 * ptr, ptr);
      match = [key](const Context& c) { return c.cert->public_key.bits == key; };
      break;
    }
    default:
      polyrun::log().warn("CRYPT32: CertFindCertificateInStore find type 0x{:x} is not supported", type);
      if (previous) release(p, find_context(previous.addr));
      return Ptr(fail(p, ERROR_NOT_SUPPORTED));
  }
  const std::vector<uint64_t> list = enumerated(*s);
  size_t from = 0;
  if (previous) {
    from = list.size();
    for (size_t i = 0; i < list.size(); ++i)
      if (list[i] == previous.addr) from = i + 1;
    release(p, find_context(previous.addr));
  }
  for (size_t i = from; i < list.size(); ++i)
    if (Context* c = find_context(list[i]); c && match(*c)) {
      ++c->refs;
      return Ptr(c->addr);
    }
  return Ptr(fail(p, kCryptENotFound));
}

// ---- CERT_INFO readers ----

int32_t CertVerifyTimeValidity(WindowsProcess& p, Ptr time, Ptr info) {
  std::lock_guard<GuestCallMutex> g(lock());
  const CertInfoLayout l{p.isa->ptr};
  const uint64_t now = time ? get<uint64_t>(time.addr) : filetime_now();
  if (now < get<uint64_t>(info.addr + l.not_before())) return -1;
  if (now > get<uint64_t>(info.addr + l.not_after())) return 1;
  return 0;
}

Ptr CertFindExtension(WindowsProcess& p, CStr oid, uint32_t count, Ptr extensions) {
  std::lock_guard<GuestCallMutex> g(lock());
  const CertInfoLayout l{p.isa->ptr};
  const std::string want = oid.str();
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t at = extensions.addr + i * l.extension_size();
    if (CStr{p.get_ptr(at)}.str() == want) return Ptr(at);
  }
  return Ptr(fail(p, kCryptENotFound));
}

BOOL CertCompareCertificateName(WindowsProcess& p, uint32_t, Ptr a, Ptr b) {
  std::lock_guard<GuestCallMutex> g(lock());
  return blob_bytes(a.addr, p.isa->ptr) == blob_bytes(b.addr, p.isa->ptr) ? TRUE : FALSE;
}

BOOL CertCompareCertificate(WindowsProcess& p, uint32_t, Ptr a, Ptr b) {
  std::lock_guard<GuestCallMutex> g(lock());
  const CertInfoLayout l{p.isa->ptr};
  return blob_bytes(a.addr + l.issuer(), l.ptr) == blob_bytes(b.addr + l.issuer(), l.ptr) &&
                 blob_bytes(a.addr + l.serial(), l.ptr) == blob_bytes(b.addr + l.serial(), l.ptr)
             ? TRUE
             : FALSE;
}

}  // namespace
}  // namespace stores

uint64_t peer_certificate_context(WindowsProcess& p, const std::vector<std::vector<uint8_t>>& chain) {
  using namespace stores;
  std::lock_guard<GuestCallMutex> g(lock());
  if (chain.empty()) return 0;
  Store* s = new_store(p);
  if (!s) return 0;
  Context* leaf = nullptr;
  for (size_t i = 0; i < chain.size(); ++i) {
    const Bytes& der = chain[i];
    auto c = parse_certificate(der.data(), der.size());
    if (!c || c->encoded_size != der.size()) continue;
    Context* ctx = make_context(p, std::make_shared<const Certificate>(std::move(*c)), der, s);
    if (i == 0) leaf = ctx;
  }
  if (leaf) ++leaf->refs;
  close_store(p, s);  // (the store lasts as long as the caller's context)
  return leaf ? leaf->addr : 0;
}

const std::vector<Export>& certificate_exports() {
  using namespace stores;
  static const std::vector<Export> exports = {
      EXPORT("CertAddCertificateContextToStore", CertAddCertificateContextToStore),
      EXPORT("CertAddCertificateLinkToStore", CertAddCertificateLinkToStore),
      EXPORT("CertControlStore", CertControlStore),
      EXPORT("CertAddEncodedCertificateToStore", CertAddEncodedCertificateToStore),
      EXPORT("CertAddStoreToCollection", CertAddStoreToCollection),
      EXPORT("CertCloseStore", CertCloseStore),
      EXPORT("CertCompareCertificate", CertCompareCertificate),
      EXPORT("CertCompareCertificateName", CertCompareCertificateName),
      EXPORT("CertCreateCertificateContext", CertCreateCertificateContext),
      EXPORT("CertDeleteCertificateFromStore", CertDeleteCertificateFromStore),
      EXPORT("CertDuplicateCertificateContext", CertDuplicateCertificateContext),
      EXPORT("CertDuplicateStore", CertDuplicateStore),
      EXPORT("CertEnumCertificateContextProperties", CertEnumCertificateContextProperties),
      EXPORT("CertEnumCertificatesInStore", CertEnumCertificatesInStore),
      EXPORT("CertFindCertificateInStore", CertFindCertificateInStore),
      EXPORT("CertFindExtension", CertFindExtension),
      EXPORT("CertFreeCertificateContext", CertFreeCertificateContext),
      EXPORT("CertGetCertificateContextProperty", CertGetCertificateContextProperty),
      EXPORT("CertGetEnhancedKeyUsage", CertGetEnhancedKeyUsage),
      EXPORT("CertGetNameStringA", CertGetNameStringA),
      EXPORT("CertGetNameStringW", CertGetNameStringW),
      EXPORT("CertNameToStrA", CertNameToStrA),
      EXPORT("CertNameToStrW", CertNameToStrW),
      EXPORT("CertOpenStore", CertOpenStore),
      EXPORT("CertOpenSystemStoreA", CertOpenSystemStoreA),
      EXPORT("CertOpenSystemStoreW", CertOpenSystemStoreW),
      EXPORT("CertSetCertificateContextProperty", CertSetCertificateContextProperty),
      EXPORT("CertVerifyTimeValidity", CertVerifyTimeValidity),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
