// CRYPT32's certificate chains: chain engines, CertGetCertificateChain and the chain policies
// (CertVerifyCertificateChainPolicy).
//
// A chain is built from the end certificate up through issuers found in the engine's stores and
// the caller's additional store (by the subject's authority key identifier, else by name), as
// wine's CRYPT32 does: the candidates are tried in turn and the best chain kept (a valid
// signature, then time validity, then a complete chain, then basic constraints, then a trusted
// root). Each element gets CryptoAPI's trust bits; the root is trusted when the engine's root
// store (the system ROOT store, i.e. the host's CA bundle, unless the engine names its own) holds
// it. Signatures are checked with GnuTLS (signature_check.h). Revocation is never fetched (no CRL
// or OCSP retrieval): a chain asked to check it says CERT_TRUST_REVOCATION_STATUS_UNKNOWN |
// CERT_TRUST_IS_OFFLINE_REVOCATION, as Windows does offline, and the policies honour the flags
// that ignore that.
//
// The CERT_CHAIN_CONTEXT the program reads is one block of its memory laid out for its pointer
// width; polyrun keeps the elements' statuses beside it and holds a reference on each element's
// certificate context until the chain's last reference goes.
#include <algorithm>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
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
#include "shims/crypt32/signature_check.h"

// (a namespace of its own: the unity build compiles it beside other DLLs' files)
namespace polyrun::shims::crypt32 {
namespace chains {
namespace {

using namespace stores;

// CERT_TRUST_* error bits.
constexpr uint32_t kNotTimeValid = 0x1, kRevoked = 0x4, kNotSignatureValid = 0x8, kNotValidForUsage = 0x10,
                   kUntrustedRoot = 0x20, kRevocationUnknown = 0x40, kCyclic = 0x80, kInvalidExtension = 0x100,
                   kInvalidBasicConstraints = 0x400, kPartialChain = 0x10000, kOfflineRevocation = 0x1000000,
                   kNotSupportedCriticalExt = 0x8000000;
// CERT_TRUST_* info bits.
constexpr uint32_t kExactMatchIssuer = 0x1, kKeyMatchIssuer = 0x2, kNameMatchIssuer = 0x4, kSelfSigned = 0x8;
// CertGetCertificateChain's revocation flags (END_CERT, CHAIN, CHAIN_EXCLUDE_ROOT).
constexpr uint32_t kRevocationEndCert = 0x10000000, kRevocationChain = 0x20000000,
                   kRevocationChainExcludeRoot = 0x40000000;
constexpr uint32_t kErrorInvalidData = 13;

const char* const kOidAuthorityKeyId = "2.5.29.35", *const kOidAuthorityKeyIdOld = "2.5.29.1",
                  *const kOidBasicConstraints = "2.5.29.19", *const kOidBasicConstraintsOld = "2.5.29.10",
                  *const kOidKeyUsage = "2.5.29.15", *const kOidEnhancedKeyUsage = "2.5.29.37",
                  *const kOidSubjectAltName = "2.5.29.17", *const kOidSubjectAltNameOld = "2.5.29.7";

// ---- engines ----

struct Engine {
  uint64_t root = 0;                // its root store (a reference held)
  std::vector<uint64_t> world;      // the stores issuers are looked for in (references held)
};

struct ChainElement {
  Context* context = nullptr;  // a reference held
  uint32_t error = 0, info = 0;
};

struct Chain {
  uint64_t addr = 0;  // its CERT_CHAIN_CONTEXT
  int refs = 1;
  std::vector<ChainElement> elements;
  uint32_t error = 0, info = 0;
  // The simple chain's status: the elements' as built, without the usage and revocation checks
  // made of the whole chain afterwards (as wine 8.0 reports them: its elements and the chain
  // context have those bits, its simple chain not).
  uint32_t simple_error = 0;
};

struct ChainRegistry {
  std::map<uint64_t, std::unique_ptr<Engine>> engines;
  std::map<uint64_t, std::unique_ptr<Chain>> chains;
  std::unique_ptr<Engine> default_engine;  // HCCE_CURRENT_USER and HCCE_LOCAL_MACHINE alike
};
ChainRegistry& chain_registry() {
  static ChainRegistry r;
  return r;
}

Store* hold_store(uint64_t handle) {
  Store* s = find_store(handle);
  if (s) ++s->refs;
  return s;
}

Engine* default_engine(WindowsProcess& p) {
  auto& r = chain_registry();
  if (!r.default_engine) {
    Store* root = open_system_store(p, "ROOT", 0);
    if (!root) return nullptr;
    auto e = std::make_unique<Engine>();
    e->root = root->handle;
    ++root->refs;  // (once as the root, once in the world)
    e->world.push_back(root->handle);
    r.default_engine = std::move(e);
  }
  return r.default_engine.get();
}

// HCCE_CURRENT_USER (0) and HCCE_LOCAL_MACHINE (1) are the default engine.
Engine* find_engine(WindowsProcess& p, uint64_t handle) {
  if (handle <= 1) return default_engine(p);
  auto& m = chain_registry().engines;
  auto it = m.find(handle);
  return it == m.end() ? nullptr : it->second.get();
}

BOOL CertCreateCertificateChainEngine(WindowsProcess& p, Ptr config, Ptr out) {
  std::lock_guard<GuestCallMutex> g(lock());
  const unsigned ptr = p.isa->ptr;
  // CERT_CHAIN_ENGINE_CONFIG: cbSize, hRestrictedRoot, hRestrictedTrust, hRestrictedOther,
  // cAdditionalStore, rghAdditionalStore, dwFlags, dwUrlRetrievalTimeout,
  // MaximumCachedCertificates, CycleDetectionModulus, then (Windows 7's) hExclusiveRoot,
  // hExclusiveTrustedPeople, dwExclusiveFlags.
  // The sizes taken: without the Windows 7 fields, with them but for dwExclusiveFlags (Windows 7's
  // own structure, and wine's), and whole.
  const size_t short_size = ptr == 8 ? 64 : 40, middle_size = ptr == 8 ? 80 : 48, long_size = ptr == 8 ? 88 : 52;
  if (!config || !out) return fail(p, stores::kEInvalidArg);
  const uint32_t size = get<uint32_t>(config.addr);
  if (size != short_size && size != middle_size && size != long_size) return fail(p, stores::kEInvalidArg);
  auto field = [&](size_t index) { return p.get_ptr(config.addr + index * ptr); };
  const uint64_t restricted_root = field(1);
  const uint32_t additional_count = get<uint32_t>(config.addr + 4 * ptr);
  const uint64_t additional = field(5);
  const uint64_t exclusive_root = size > short_size ? p.get_ptr(config.addr + (ptr == 8 ? 64 : 40)) : 0;
  for (uint64_t h : {restricted_root, exclusive_root})
    if (h && !find_store(h)) return fail(p, ERROR_INVALID_HANDLE);
  auto engine = std::make_unique<Engine>();
  Store* root = nullptr;
  if (exclusive_root) root = hold_store(exclusive_root);
  else if (restricted_root) root = hold_store(restricted_root);
  else root = open_system_store(p, "ROOT", 0);
  if (!root) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  engine->root = root->handle;
  ++root->refs;
  engine->world.push_back(root->handle);
  for (uint32_t i = 0; i < additional_count && additional; ++i)
    if (Store* s = hold_store(p.get_ptr(additional + uint64_t(i) * ptr))) engine->world.push_back(s->handle);
  const uint64_t handle = p.heap.alloc(16, true);  // (a distinct address for the handle)
  if (!handle) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  chain_registry().engines[handle] = std::move(engine);
  p.put_ptr(out.addr, handle);
  return TRUE;
}

void CertFreeCertificateChainEngine(WindowsProcess& p, Ptr handle) {
  std::lock_guard<GuestCallMutex> g(lock());
  auto& m = chain_registry().engines;
  auto it = m.find(handle.addr);
  if (it == m.end()) return;
  if (Store* s = find_store(it->second->root)) close_store(p, s);
  for (uint64_t h : it->second->world)
    if (Store* s = find_store(h)) close_store(p, s);
  m.erase(it);
  p.heap.free(handle.addr);
}

// ---- building ----

bool same_certificate(const Context* a, const Context* b) { return a == b || a->der == b->der; }

// The authorityKeyIdentifier extension (or its old form), or null.
const Extension* authority_key_extension(const Certificate& c) {
  const Extension* e = find_extension(c, kOidAuthorityKeyId);
  return e ? e : find_extension(c, kOidAuthorityKeyIdOld);
}

// CRYPT_IsCertificateSelfSigned's test (wine): its authority key identifier names itself, or,
// without one, its issuer is its subject. The info bits it earns (0 if not self-signed).
uint32_t self_signed_status(const Context& c) {
  const Certificate& cert = *c.cert;
  const Extension* aki = authority_key_extension(cert);
  uint32_t status = 0;
  if (aki) {
    auto id = authority_key_id(aki->value);
    if (!id) return 0;
    if (!id->issuer_name.empty() && !id->serial.empty()) {
      if (id->issuer_name == cert.issuer && id->serial == cert.serial) status = kNameMatchIssuer;
    } else if (!id->key_id.empty()) {
      if (property(c, kPropKeyIdentifier) == id->key_id) status = kKeyMatchIssuer;
    }
  } else if (cert.issuer == cert.subject) {
    status = kNameMatchIssuer;
  }
  return status ? status | kSelfSigned : 0;
}

// The certificates of the stores an issuer is looked for in (each once).
std::vector<Context*> world_contexts(const Engine& engine, uint64_t additional) {
  std::vector<Context*> out;
  std::vector<uint64_t> stores_seen;
  auto add_store = [&](uint64_t h) {
    if (!h || std::find(stores_seen.begin(), stores_seen.end(), h) != stores_seen.end()) return;
    stores_seen.push_back(h);
    if (const Store* s = find_store(h))
      for (uint64_t a : enumerated(*s))
        if (Context* c = find_context(a)) out.push_back(c);
  };
  add_store(additional);  // (the caller's first: a server's intermediates come in it)
  for (uint64_t h : engine.world) add_store(h);
  return out;
}

// The candidates for the issuer of `subject`, in the order they are tried, with the info bits
// each earns (CRYPT_GetIssuer's rules: the authority key identifier's issuer and serial, else its
// key identifier, else the issuer's name).
std::vector<std::pair<Context*, uint32_t>> issuer_candidates(const Context& subject,
                                                             const std::vector<Context*>& world) {
  std::vector<std::pair<Context*, uint32_t>> out;
  const Certificate& cert = *subject.cert;
  const Extension* aki = authority_key_extension(cert);
  std::function<bool(const Context&)> matches;
  uint32_t status = 0;
  std::optional<AuthorityKeyId> id;
  if (aki) {
    id = authority_key_id(aki->value);
    if (!id) return out;
    if (!id->issuer_name.empty() && !id->serial.empty()) {
      status = kExactMatchIssuer;
      matches = [&](const Context& c) { return c.cert->issuer == id->issuer_name && c.cert->serial == id->serial; };
    } else if (!id->key_id.empty()) {
      status = kKeyMatchIssuer;
      matches = [&](const Context& c) { return property(c, kPropKeyIdentifier) == id->key_id; };
    } else {
      return out;
    }
  } else {
    status = kNameMatchIssuer;
    matches = [&](const Context& c) { return c.cert->subject == cert.issuer; };
  }
  for (Context* c : world) {
    if (!matches(*c)) continue;
    bool seen = false;
    for (const auto& [other, s] : out) seen = seen || same_certificate(other, c);
    if (!seen) out.emplace_back(c, status);
  }
  return out;
}

struct Built {
  std::vector<ChainElement> elements;
  uint32_t error = 0, info = 0;
};

bool time_valid(const Certificate& c, uint64_t time) { return time >= c.not_before && time <= c.not_after; }

std::optional<BasicConstraints> constraints_of(const Certificate& c, bool& present) {
  const Extension* e = find_extension(c, kOidBasicConstraints);
  present = e != nullptr;
  if (e) return basic_constraints(e->value);
  // (the old 2.5.29.10 form: SEQUENCE { subjectType BIT STRING, pathLen INTEGER OPTIONAL, … })
  if (const Extension* old = find_extension(c, kOidBasicConstraintsOld)) {
    present = true;
    DerReader outer(old->value.data(), old->value.size());
    DerElement seq, bits;
    if (!outer.next(seq) || seq.tag != 0x30) return std::nullopt;
    DerReader r(seq);
    if (!r.next(bits) || bits.tag != 0x03 || bits.size < 2) return std::nullopt;
    BasicConstraints b;
    b.ca = bits.value[1] & 0x80;  // cA is the first bit
    return b;
  }
  return BasicConstraints{};
}

bool critical_extensions_supported(const Certificate& c) {
  static const char* const supported[] = {kOidBasicConstraints, kOidBasicConstraintsOld, "2.5.29.30" /* name constraints */,
                                          kOidKeyUsage, kOidSubjectAltName, kOidSubjectAltNameOld,
                                          "2.5.29.32" /* certificate policies */, kOidEnhancedKeyUsage};
  for (const Extension& e : c.extensions) {
    if (!e.critical) continue;
    bool known = false;
    for (const char* oid : supported) known = known || e.oid == oid;
    if (!known) return false;
  }
  return true;
}

// The checks of a built chain (CRYPT_CheckSimpleChain's, wine): versions, time validity,
// signatures, basic constraints and path lengths, key usage, critical extensions, the root's
// self-signature and trust.
void check_chain(Built& b, const Engine& engine, uint64_t time) {
  const int n = static_cast<int>(b.elements.size());
  const Store* root_store = find_store(engine.root);
  bool path_violated = false;
  bool chain_ca = false, chain_has_path = false;
  uint32_t chain_path = 0;
  for (int i = n - 1; i >= 0; --i) {
    ChainElement& el = b.elements[i];
    const Certificate& c = *el.context->cert;
    const bool is_root = i == n - 1 && self_signed_status(*el.context) != 0;
    if ((c.version == 0 && (c.issuer_unique_id || c.subject_unique_id || !c.extensions.empty())) ||
        (c.version == 1 && !c.extensions.empty()) || c.version > 2)
      el.error |= kInvalidExtension;
    if (!time_valid(c, time)) el.error |= kNotTimeValid;
    if (i != 0) {
      const Context& child = *b.elements[i - 1].context;
      if (!signed_by(*child.cert, child.der, el.context->der)) b.elements[i - 1].error |= kNotSignatureValid;
      // Basic constraints: a CA (a root need not say so, nor a v1/v2 certificate of the engine's
      // stores), within the path lengths above it.
      bool present = false;
      auto bc = constraints_of(c, present);
      bool valid = bc.has_value();
      if (bc) {
        bool ca = bc->ca;
        if (!present) {
          ca = is_root;
          if (!ca && c.version < 2)
            for (uint64_t h : engine.world)
              if (const Store* s = find_store(h))
                for (uint64_t a : enumerated(*s))
                  if (const Context* o = find_context(a); o && o->der == el.context->der) ca = true;
        }
        chain_ca = ca;
        if (!ca) valid = false;
        else if (bc->has_path_length && (!chain_has_path || bc->path_length < chain_path)) {
          chain_has_path = true;
          chain_path = bc->path_length;
        }
      }
      if (chain_has_path && static_cast<uint32_t>(i - 1) > chain_path) {
        valid = false;
        path_violated = true;
      }
      if (path_violated || !valid) el.error |= kInvalidBasicConstraints;
      else if (chain_has_path && chain_path) --chain_path;
    } else {
      bool present = false;
      auto bc = constraints_of(c, present);
      if (!bc) el.error |= kInvalidBasicConstraints;
      else chain_ca = present && bc->ca;
    }
    // Key usage: a CA's must allow keyCertSign; an end certificate's must not.
    if (const Extension* ku = find_extension(c, kOidKeyUsage)) {
      auto bits = key_usage_bits(ku->value);
      if (!bits || bits->bits.size() > 2) el.error |= kNotValidForUsage;
      else {
        const uint8_t first = bits->bits.empty() ? 0 : bits->bits[0];
        const bool cert_sign = first & 0x04;
        if (chain_ca != cert_sign) el.error |= kNotValidForUsage;
      }
    }
    if (!critical_extensions_supported(c)) el.error |= kInvalidExtension | kNotSupportedCriticalExt;
    b.error |= el.error;
  }
  ChainElement& root = b.elements.back();
  if (const uint32_t self = self_signed_status(*root.context)) {
    root.info |= self;
    if (!signed_by(*root.context->cert, root.context->der, root.context->der)) root.error |= kNotSignatureValid;
    bool trusted = false;
    if (root_store)
      for (uint64_t a : enumerated(*root_store))
        if (const Context* r = find_context(a); r && r->der == root.context->der) trusted = true;
    if (!trusted) root.error |= kUntrustedRoot;
  }
  for (const ChainElement& el : b.elements) {
    b.error |= el.error;
    b.info |= el.info & 0xfffffff0u;  // (an element's issuer-match bits are its own)
  }
}

// CRYPT_ChainQuality's order: a valid signature counts most, then time validity, a complete
// chain, basic constraints, a trusted root.
uint32_t quality(const Built& b) {
  uint32_t q = 0x16 | 8 | 4 | 2 | 1;
  if (b.error & kUntrustedRoot) q &= ~1u;
  if (b.error & kInvalidBasicConstraints) q &= ~2u;
  if (b.error & kPartialChain) q &= ~4u;
  if (b.error & (kNotTimeValid | 0x2)) q &= ~8u;
  if (b.error & kNotSignatureValid) q &= ~0x16u;
  return q;
}

// Extends `prefix` (the end certificate and the issuers chosen so far) to its best chain.
Built best_chain(std::vector<ChainElement> prefix, const std::vector<Context*>& world, const Engine& engine,
                 uint64_t time, int& budget) {
  const ChainElement& last = prefix.back();
  const bool cyclic = std::any_of(prefix.begin(), prefix.end() - 1,
                                  [&](const ChainElement& e) { return same_certificate(e.context, last.context); });
  std::vector<std::pair<Context*, uint32_t>> candidates;
  if (!cyclic && !self_signed_status(*last.context) && prefix.size() < 16)
    candidates = issuer_candidates(*last.context, world);
  if (cyclic || candidates.empty() || budget <= 0) {
    Built b;
    b.elements = std::move(prefix);
    if (cyclic) {
      b.elements.back().error |= kCyclic | kInvalidBasicConstraints;
      b.error |= kPartialChain | kInvalidBasicConstraints;
    } else if (!self_signed_status(*b.elements.back().context)) {
      b.error |= kPartialChain;
    }
    check_chain(b, engine, time);
    return b;
  }
  std::optional<Built> best;
  for (const auto& [issuer, status] : candidates) {
    if (--budget < 0 && best) break;
    std::vector<ChainElement> next = prefix;
    next.back().info = status;
    next.push_back(ChainElement{issuer, 0, 0});
    Built b = best_chain(std::move(next), world, engine, time, budget);
    if (!best || quality(b) > quality(*best)) best = std::move(b);
    if (quality(*best) == (0x16u | 8 | 4 | 2 | 1)) break;
  }
  return std::move(*best);
}

// CERT_CHAIN_PARA's RequestedUsage against the end certificate's extended key usage (an end
// certificate without the extension is good for any).
bool valid_for_usage(WindowsProcess& p, const Certificate& end, Ptr para) {
  const unsigned ptr = p.isa->ptr;
  const uint32_t size = get<uint32_t>(para.addr);
  const size_t usage_at = ptr;  // CERT_USAGE_MATCH { dwType; CERT_ENHKEY_USAGE { cUsage; rgpsz } }
  if (size < usage_at + 3 * ptr) return true;
  const uint32_t type = get<uint32_t>(para.addr + usage_at);
  const uint32_t count = get<uint32_t>(para.addr + usage_at + ptr);
  const uint64_t list = p.get_ptr(para.addr + usage_at + 2 * ptr);
  if (!count || !list) return true;
  const Extension* eku = find_extension(end, kOidEnhancedKeyUsage);
  if (!eku) return true;
  auto oids = key_usage_oids(eku->value);
  if (!oids) return false;
  auto has = [&](const std::string& oid) { return std::find(oids->begin(), oids->end(), oid) != oids->end(); };
  constexpr uint32_t kAnd = 0;
  bool all = true, any = false;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t s = p.get_ptr(list + uint64_t(i) * ptr);
    const bool here = s && has(CStr{s}.str());
    all = all && here;
    any = any || here;
  }
  return type == kAnd ? all : any;
}

// ---- the chain context in the program's memory ----

// CERT_CHAIN_ELEMENT, CERT_SIMPLE_CHAIN and CERT_CHAIN_CONTEXT laid out for the pointer width.
struct ChainLayout {
  unsigned ptr;
  size_t element_size() const { return ptr == 8 ? 56 : 32; }
  size_t element_trust() const { return 2 * ptr; }
  size_t simple_size() const { return ptr == 8 ? 40 : 32; }
  size_t context_size() const { return ptr == 8 ? 72 : 56; }
};

uint64_t lay_out(WindowsProcess& p, const Chain& c) {
  const unsigned ptr = p.isa->ptr;
  const ChainLayout l{ptr};
  GuestBlock b(ptr);
  auto put_ptr_value = [&](size_t at, uint64_t v) {
    if (ptr == 8) b.u64(at, v);
    else b.u32(at, static_cast<uint32_t>(v));
  };
  const size_t context = b.reserve(l.context_size());
  const size_t simple = b.reserve(l.simple_size());
  const size_t chain_array = b.reserve(ptr, ptr);
  const size_t element_array = b.reserve(c.elements.size() * ptr, ptr);
  b.u32(context, static_cast<uint32_t>(l.context_size()));
  b.u32(context + 4, c.error);
  b.u32(context + 8, c.info);
  b.u32(context + 12, 1);  // cChain
  b.pointer(context + 16, chain_array);
  b.pointer(chain_array, simple);
  b.u32(simple, static_cast<uint32_t>(l.simple_size()));
  b.u32(simple + 4, c.simple_error);
  b.u32(simple + 8, c.info);
  b.u32(simple + 12, static_cast<uint32_t>(c.elements.size()));
  b.pointer(simple + 16, element_array);
  for (size_t i = 0; i < c.elements.size(); ++i) {
    const size_t e = b.reserve(l.element_size(), ptr);
    b.pointer(element_array + i * ptr, e);
    b.u32(e, static_cast<uint32_t>(l.element_size()));
    put_ptr_value(e + ptr, c.elements[i].context->addr);
    b.u32(e + l.element_trust(), c.elements[i].error);
    b.u32(e + l.element_trust() + 4, c.elements[i].info);
  }
  return commit_block(p, b);
}

void release_chain(WindowsProcess& p, Chain* c) {
  if (!c || --c->refs > 0) return;
  for (ChainElement& e : c->elements) release(p, e.context);
  p.heap.free(c->addr);
  chain_registry().chains.erase(c->addr);
}

Chain* find_chain(uint64_t addr) {
  auto& m = chain_registry().chains;
  auto it = m.find(addr);
  return it == m.end() ? nullptr : it->second.get();
}

BOOL CertGetCertificateChain(WindowsProcess& p, Ptr engine_handle, Ptr cert, Ptr time, Ptr additional, Ptr para,
                             uint32_t flags, Ptr, Ptr out) {
  std::lock_guard<GuestCallMutex> g(lock());
  if (out) p.put_ptr(out.addr, 0);
  Engine* engine = find_engine(p, engine_handle.addr);
  if (!engine) return fail(p, stores::kEInvalidArg);
  if (!para) return fail(p, stores::kEInvalidArg);
  Context* end = find_context(cert.addr);
  if (!end) return fail(p, kErrorInvalidData);
  const uint64_t when = time ? get<uint64_t>(time.addr) : filetime_now();
  const std::vector<Context*> world = world_contexts(*engine, additional.addr);
  int budget = 64;  // (chains tried: alternates are few in practice)
  Built built = best_chain({ChainElement{end, 0, 0}}, world, *engine, when, budget);
  const uint32_t simple_error = built.error;
  if (!valid_for_usage(p, *end->cert, para)) {
    built.elements[0].error |= kNotValidForUsage;
    built.error |= kNotValidForUsage;
  }
  // Revocation: never fetched, so unknown and offline wherever it was asked for.
  if (flags & (kRevocationEndCert | kRevocationChain | kRevocationChainExcludeRoot)) {
    static std::once_flag logged;
    std::call_once(logged, [] {
      polyrun::log().info("CRYPT32: certificate revocation is not checked (no CRL or OCSP retrieval): chains say "
                          "its status is unknown, as offline");
    });
    // END_CERT asks of the end certificate; CHAIN and CHAIN_EXCLUDE_ROOT of every element but a
    // self-signed root (which no issuer can revoke).
    const size_t n = built.elements.size();
    const bool whole = flags & (kRevocationChain | kRevocationChainExcludeRoot);
    for (size_t i = 0; i < (whole ? n : 1); ++i) {
      if (n > 1 && i == n - 1 && (built.elements[i].info & kSelfSigned)) continue;
      built.elements[i].error |= kRevocationUnknown | kOfflineRevocation;
      built.error |= kRevocationUnknown | kOfflineRevocation;
    }
  }
  auto chain = std::make_unique<Chain>();
  chain->error = built.error;
  chain->info = built.info;
  chain->simple_error = simple_error;
  chain->elements = std::move(built.elements);
  for (ChainElement& e : chain->elements) ++e.context->refs;
  chain->addr = lay_out(p, *chain);
  if (!chain->addr) {
    for (ChainElement& e : chain->elements) release(p, e.context);
    return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  }
  const uint64_t addr = chain->addr;
  chain_registry().chains[addr] = std::move(chain);
  if (out) p.put_ptr(out.addr, addr);
  else release_chain(p, find_chain(addr));
  return TRUE;
}

Ptr CertDuplicateCertificateChain(WindowsProcess&, Ptr chain) {
  std::lock_guard<GuestCallMutex> g(lock());
  if (Chain* c = find_chain(chain.addr)) ++c->refs;
  return chain;
}

void CertFreeCertificateChain(WindowsProcess& p, Ptr chain) {
  std::lock_guard<GuestCallMutex> g(lock());
  release_chain(p, find_chain(chain.addr));
}

// ---- policies ----

// CERT_CHAIN_POLICY_* flags and the SSL policy's SECURITY_FLAG_* checks.
constexpr uint32_t kIgnoreNotTimeValid = 0x1, kIgnoreInvalidBasicConstraints = 0x8, kAllowUnknownCa = 0x10,
                   kIgnoreWrongUsage = 0x20, kIgnoreEndRevUnknown = 0x100, kIgnoreCtlSignerRevUnknown = 0x200,
                   kIgnoreCaRevUnknown = 0x400, kIgnoreRootRevUnknown = 0x800, kIgnoreNotSupportedCriticalExt = 0x2000;
constexpr uint32_t kSecurityIgnoreRevocation = 0x80, kSecurityIgnoreUnknownCa = 0x100,
                   kSecurityIgnoreWrongUsage = 0x200, kSecurityIgnoreCnInvalid = 0x1000,
                   kSecurityIgnoreDateInvalid = 0x2000;
constexpr uint32_t kTrustECertSignature = 0x80096004, kTrustEBasicConstraints = 0x80096019,
                   kCertEUntrustedRoot = 0x800B0109, kCertEChaining = 0x800B010A, kCertEExpired = 0x800B0101,
                   kCertEWrongUsage = 0x800B0110, kCertERevoked = 0x800B010C, kCertECritical = 0x800B0105,
                   kCertECnNoMatch = 0x800B010F, kCryptENoRevocationCheck = 0x80092012,
                   kCryptERevocationOffline = 0x80092013;
constexpr uint32_t kAuthTypeServer = 2;

struct PolicyStatus {
  uint32_t error = 0;
  int32_t chain = -1, element = -1;
};

// The first element with one of `bits`, as the status names it.
bool first_with(const Chain& c, uint32_t bits, PolicyStatus& s, uint32_t error) {
  for (size_t i = 0; i < c.elements.size(); ++i)
    if (c.elements[i].error & bits) {
      s = PolicyStatus{error, 0, static_cast<int32_t>(i)};
      return true;
    }
  if (c.error & bits) {
    s = PolicyStatus{error, 0, -1};
    return true;
  }
  return false;
}

// Revocation that could not be checked, where the policy's flags do not ignore it (the end
// certificate's, a CA's, the root's each have their own flag).
bool unknown_revocation(const Chain& c, uint32_t flags, PolicyStatus& s) {
  const size_t n = c.elements.size();
  for (size_t i = 0; i < n; ++i) {
    const uint32_t e = c.elements[i].error;
    if (!(e & (kRevocationUnknown | kOfflineRevocation))) continue;
    const uint32_t ignore = i == 0 ? kIgnoreEndRevUnknown : i == n - 1 ? kIgnoreRootRevUnknown : kIgnoreCaRevUnknown;
    if (flags & ignore) continue;
    s = PolicyStatus{e & kOfflineRevocation ? kCryptERevocationOffline : kCryptENoRevocationCheck, 0,
                     static_cast<int32_t>(i)};
    return true;
  }
  return false;
}

// CERT_CHAIN_POLICY_BASE (and AUTHENTICODE, which adds nothing here).
PolicyStatus base_policy(const Chain& c, uint32_t flags) {
  PolicyStatus s;
  if (first_with(c, kNotSignatureValid, s, kTrustECertSignature)) return s;
  if (c.error & kCyclic) return PolicyStatus{kCertEChaining, 0, -1};
  if (c.error & kPartialChain) return PolicyStatus{kCertEChaining, 0, -1};
  if (!(flags & kAllowUnknownCa) && first_with(c, kUntrustedRoot, s, kCertEUntrustedRoot)) return s;
  if (!(flags & kIgnoreNotTimeValid) && first_with(c, kNotTimeValid, s, kCertEExpired)) return s;
  if (!(flags & kIgnoreWrongUsage) && first_with(c, kNotValidForUsage, s, kCertEWrongUsage)) return s;
  if (!(flags & kIgnoreInvalidBasicConstraints) && first_with(c, kInvalidBasicConstraints, s, kTrustEBasicConstraints))
    return s;
  if (first_with(c, kRevoked, s, kCertERevoked)) return s;
  if (!(flags & kIgnoreNotSupportedCriticalExt) && first_with(c, kNotSupportedCriticalExt, s, kCertECritical))
    return s;
  if (unknown_revocation(c, flags, s)) return s;
  return PolicyStatus{};
}

// A server name against a DNS name of the certificate: equal but for case, or a wildcard that
// stands for the whole first label (as Windows matches: "*.example.org" is not "example.org" nor
// "a.b.example.org").
bool dns_name_matches(const std::u16string& pattern, const std::u16string& server) {
  auto lower = [](std::u16string s) {
    for (char16_t& ch : s)
      if (ch >= u'A' && ch <= u'Z') ch = static_cast<char16_t>(ch - u'A' + u'a');
    return s;
  };
  const std::u16string p = lower(pattern), n = lower(server);
  if (p.size() > 2 && p[0] == u'*' && p[1] == u'.') {
    const size_t dot = n.find(u'.');
    return dot != std::u16string::npos && dot > 0 && n.substr(dot) == p.substr(1);
  }
  return p == n;
}

// The SSL policy's name check of the end certificate: its subjectAltName's DNS names when it has
// the extension, else its subject's common names.
bool server_name_matches(const Certificate& end, const std::u16string& server) {
  const Extension* san = find_extension(end, kOidSubjectAltName);
  if (!san) san = find_extension(end, kOidSubjectAltNameOld);
  if (san) {
    for (const std::u16string& dns : alt_names(san->value, 3))
      if (dns_name_matches(dns, server)) return true;
    return false;
  }
  auto rdns = parse_name(end.subject.data(), end.subject.size());
  if (!rdns) return false;
  for (const Rdn& rdn : *rdns)
    for (const NameAttribute& a : rdn)
      if (a.oid == "2.5.4.3" && dns_name_matches(a.text, server)) return true;
  return false;
}

// CERT_CHAIN_POLICY_SSL: the base checks with HTTPSPolicyCallbackData's fdwChecks, then the
// server's name.
PolicyStatus ssl_policy(WindowsProcess& p, const Chain& c, uint32_t flags, Ptr extra) {
  const unsigned ptr = p.isa->ptr;
  uint32_t checks = 0, auth_type = 0;
  std::u16string server;
  bool has_server = false;
  if (extra) {
    // HTTPSPolicyCallbackData: cbSize, dwAuthType, fdwChecks, pwszServerName.
    const uint32_t size = get<uint32_t>(extra.addr);
    if (size >= 12 + ptr + (ptr == 8 ? 4 : 0)) {
      auth_type = get<uint32_t>(extra.addr + 4);
      checks = get<uint32_t>(extra.addr + 8);
      const uint64_t name = p.get_ptr(extra.addr + (ptr == 8 ? 16 : 12));
      if (name) {
        server = WStr{name}.str();
        has_server = true;
      }
    }
  }
  if (checks & kSecurityIgnoreUnknownCa) flags |= kAllowUnknownCa;
  if (checks & kSecurityIgnoreDateInvalid) flags |= kIgnoreNotTimeValid;
  if (checks & kSecurityIgnoreWrongUsage) flags |= kIgnoreWrongUsage;
  if (checks & kSecurityIgnoreRevocation)
    flags |= kIgnoreEndRevUnknown | kIgnoreCtlSignerRevUnknown | kIgnoreCaRevUnknown | kIgnoreRootRevUnknown;
  PolicyStatus s = base_policy(c, flags);
  if (s.error == kCertERevoked && (checks & kSecurityIgnoreRevocation)) s = PolicyStatus{};
  if (s.error == 0 && auth_type == kAuthTypeServer && has_server && !(checks & kSecurityIgnoreCnInvalid) &&
      !server_name_matches(*c.elements[0].context->cert, server))
    s = PolicyStatus{kCertECnNoMatch, 0, 0};
  return s;
}

BOOL CertVerifyCertificateChainPolicy(WindowsProcess& p, Ptr oid, Ptr chain_addr, Ptr para, Ptr status) {
  std::lock_guard<GuestCallMutex> g(lock());
  const Chain* chain = find_chain(chain_addr.addr);
  if (!chain || !status) return fail(p, stores::kEInvalidArg);
  // CERT_CHAIN_POLICY_PARA: cbSize, dwFlags, pvExtraPolicyPara.
  uint32_t flags = 0;
  Ptr extra(0);
  if (para) {
    flags = get<uint32_t>(para.addr + 4);
    extra = Ptr(p.get_ptr(para.addr + 8));
  }
  enum { kBase = 1, kAuthenticode = 2, kSsl = 4, kBasicConstraints = 5 };
  uint64_t policy = oid.addr;
  if (policy >= 0x10000) {
    // (a policy named by its OID string: the predefined ones are small integers)
    polyrun::log().warn("CRYPT32: CertVerifyCertificateChainPolicy of policy \"{}\" is not supported", CStr{oid.addr}.str());
    return fail(p, ERROR_NOT_SUPPORTED);
  }
  PolicyStatus s;
  switch (policy) {
    case kBase:
    case kAuthenticode: s = base_policy(*chain, flags); break;
    case kSsl: s = ssl_policy(p, *chain, flags, extra); break;
    case kBasicConstraints: {
      PolicyStatus found;
      if (first_with(*chain, kInvalidBasicConstraints, found, kTrustEBasicConstraints)) s = found;
      break;
    }
    default:
      std::fflush(stdout);
      std::fprintf(stderr,
                   "polyrun: unimplemented: CRYPT32.dll!CertVerifyCertificateChainPolicy of policy %llu (the base, "
                   "Authenticode, SSL and basic-constraints policies are)\n",
                   static_cast<unsigned long long>(policy));
      p.terminate(127);
      return FALSE;
  }
  // CERT_CHAIN_POLICY_STATUS: cbSize, dwError, lChainIndex, lElementIndex, pvExtraPolicyStatus.
  put<uint32_t>(status.addr + 4, s.error);
  put<int32_t>(status.addr + 8, s.chain);
  put<int32_t>(status.addr + 12, s.element);
  return TRUE;
}

}  // namespace
}  // namespace chains

const std::vector<Export>& chain_exports() {
  using namespace chains;
  static const std::vector<Export> exports = {
      EXPORT("CertCreateCertificateChainEngine", CertCreateCertificateChainEngine),
      EXPORT("CertDuplicateCertificateChain", CertDuplicateCertificateChain),
      EXPORT("CertFreeCertificateChain", CertFreeCertificateChain),
      EXPORT("CertFreeCertificateChainEngine", CertFreeCertificateChainEngine),
      EXPORT("CertGetCertificateChain", CertGetCertificateChain),
      EXPORT("CertVerifyCertificateChainPolicy", CertVerifyCertificateChainPolicy),
  };
  return exports;
}

}  // namespace polyrun::shims::crypt32
