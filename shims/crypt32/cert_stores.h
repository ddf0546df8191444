// CRYPT32's certificate stores and contexts as its other parts (chains, decoding, PFX import)
// share them: the registry of contexts and stores and the lock every exported function holds while
// it reads or changes them (cert_stores.cpp defines them).
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_process.h"
#include "shims/crypt32/certificate_der.h"
#include "shims/crypt32/guest_block.h"

namespace polyrun::shims::crypt32::stores {

constexpr uint32_t kX509Encoding = 1, kPkcs7Encoding = 0x10000;
constexpr uint32_t kCryptENotFound = 0x80092004, kCryptEExists = 0x80092005, kCryptEAsn1Badtag = 0x8009310b,
                   kCryptEAsn1Corrupt = 0x80093103, kEInvalidArg = 0x80070057, kErrorMoreData = 234;

// CERT_INFO's field offsets for a pointer width (wincrypt.h's layout).
struct CertInfoLayout {
  unsigned ptr;
  constexpr size_t serial() const { return ptr; }
  constexpr size_t signature() const { return 3 * ptr; }
  constexpr size_t issuer() const { return 6 * ptr; }
  constexpr size_t not_before() const { return 8 * ptr; }
  constexpr size_t not_after() const { return 8 * ptr + 8; }
  constexpr size_t subject() const { return 8 * ptr + 16; }
  constexpr size_t public_key_info() const { return 10 * ptr + 16; }
  constexpr size_t issuer_unique_id() const { return 16 * ptr + 16; }
  constexpr size_t subject_unique_id() const { return 19 * ptr + 16; }
  constexpr size_t extension_count() const { return 22 * ptr + 16; }
  constexpr size_t extensions() const { return 23 * ptr + 16; }
  constexpr size_t size() const { return 24 * ptr + 16; }
  constexpr size_t extension_size() const { return 4 * ptr; }  // CERT_EXTENSION
};
// (x86: 112 bytes, rgExtension at 108; x64: 208 and 200)
static_assert(CertInfoLayout{4}.size() == 112 && CertInfoLayout{4}.extensions() == 108);
static_assert(CertInfoLayout{8}.size() == 208 && CertInfoLayout{8}.extensions() == 200);

struct Store;

struct Context {
  uint64_t addr = 0;  // its CERT_CONTEXT
  std::shared_ptr<const Certificate> cert;
  Bytes der;
  // Its properties: its own, or for a link (CertAddCertificateLinkToStore) the linked context's.
  std::shared_ptr<std::map<uint32_t, Bytes>> shared_properties = std::make_shared<std::map<uint32_t, Bytes>>();
  std::map<uint32_t, Bytes>& properties() const { return *shared_properties; }
  Store* store = nullptr;
  int refs = 0;
};

// A CRL's or a CTL's context (list_contexts.cpp): its block in the program's memory (CRL_CONTEXT
// or CTL_CONTEXT, the encoding, the decoded CRL_INFO / CTL_INFO), its properties (shared with the
// contexts added to stores from it, as links share them), its store and its references.
enum class ListKind { Crl, Ctl };
struct ListContext {
  uint64_t addr = 0;
  ListKind kind = ListKind::Crl;
  Bytes der;                 // the encoded CRL, or the CTL's whole signed message
  Bytes content;             // a CTL's content (the CertificateTrustList)
  uint64_t message = 0;      // a CTL's HCRYPTMSG, closed with the context
  std::shared_ptr<std::map<uint32_t, Bytes>> shared_properties = std::make_shared<std::map<uint32_t, Bytes>>();
  std::map<uint32_t, Bytes>& properties() const { return *shared_properties; }
  Store* store = nullptr;
  int refs = 0;
};

struct Store {
  uint64_t handle = 0;
  int refs = 1;
  std::vector<uint64_t> contexts;  // in the order they were added
  std::vector<uint64_t> crls, ctls;
  std::vector<uint64_t>& lists(ListKind k) { return k == ListKind::Crl ? crls : ctls; }
  const std::vector<uint64_t>& lists(ListKind k) const { return k == ListKind::Crl ? crls : ctls; }
  std::vector<uint64_t> siblings;  // a collection's stores
  bool collection = false;
  std::string system_name;         // "ROOT" …, for CERT_ACCESS_STATE_PROP_ID
};

// The bytes of a {DWORD cbData; BYTE* pbData} blob in the program's memory (none when pbData is
// null).
Bytes blob_bytes(uint64_t blob, unsigned ptr);

// Writes a block at `base` in the program's memory, its pointers pointing there.
void place_block(const GuestBlock& b, uint64_t base);
// Places a block in a new allocation of the process heap; 0 when out of memory.
uint64_t commit_block(WindowsProcess& p, const GuestBlock& b);
// CryptoAPI's way of handing `needed` bytes out (CryptDecodeObjectEx's, CryptEncodeObjectEx's):
// under `alloc` (CRYPT_*_ALLOC_FLAG) into a block of the CRYPT_*_PARA's allocator (else the process
// heap's), its address in *out; else the size alone when `out` is null, the size and
// ERROR_MORE_DATA when *out_size is too small, or the bytes at `out`. `place` writes them at an
// address.
BOOL hand_out(WindowsProcess& p, bool alloc, Ptr para, Ptr out, Ptr out_size, uint32_t needed,
              const std::function<void(uint64_t)>& place);
// The same of a block, laid out where it goes.
BOOL hand_out(WindowsProcess& p, bool alloc, Ptr para, Ptr out, Ptr out_size, const GuestBlock& b);

// A scratch block of the process heap for a call into another DLL's exports, freed with it; `at`
// is 0 when memory ran out. The second form holds a UTF-16 string and its NUL.
struct GuestScratch {
  WindowsProcess& p;
  uint64_t at;
  GuestScratch(WindowsProcess& proc, size_t n) : p(proc), at(proc.heap.alloc(n ? n : 1, true)) {}
  GuestScratch(WindowsProcess& proc, const std::u16string& s) : GuestScratch(proc, 2 * (s.size() + 1)) {
    if (at) std::memcpy(guest_pointer(at), s.c_str(), 2 * (s.size() + 1));
  }
  ~GuestScratch() {
    if (at) p.heap.free(at);
  }
  GuestScratch(const GuestScratch&) = delete;
  GuestScratch& operator=(const GuestScratch&) = delete;
};

// Held by each exported function of CRYPT32 that touches contexts or stores (not by the helpers
// below, which expect it held).
GuestCallMutex& lock();

Context* find_context(uint64_t addr);
Store* find_store(uint64_t handle);
// Drops a reference; the last frees the context (and a closed store whose contexts nobody else
// references goes with its last outside reference).
void release(WindowsProcess& p, Context* c);
// Drops a reference on a store (CertCloseStore): the last closes it, and a closed store is freed
// once none of its contexts is referenced from outside it.
void close_store(WindowsProcess& p, Store* s);
// A new context of `der` (already parsed as `cert`), in `store` (or none), with one reference
// (the store's, when in one); null when out of memory.
Context* make_context(WindowsProcess& p, std::shared_ptr<const Certificate> cert, const Bytes& der, Store* store);
// A new empty memory store with one reference; null when out of memory.
Store* new_store(WindowsProcess& p);
// Opens a system store by name ("ROOT" holds the host's CA bundle, the others start empty); null
// with the last error set when CERT_STORE_OPEN_EXISTING_FLAG names one Windows does not have.
Store* open_system_store(WindowsProcess& p, const std::string& name, uint32_t flags);
// The contexts a store enumerates (a collection's: its siblings', in turn).
std::vector<uint64_t> enumerated(const Store& s, int depth = 0);
// The CRLs or CTLs likewise.
std::vector<uint64_t> enumerated_lists(const Store& s, ListKind kind, int depth = 0);
ListContext* find_list_context(uint64_t addr);
// A new CRL or CTL context of the block `b` (CRL_CONTEXT / CTL_CONTEXT at its start), in `store`
// (or none; its hCertStore set), with one reference (the store's, when in one); null when out of
// memory.
ListContext* make_list_context(WindowsProcess& p, ListKind kind, const GuestBlock& b, Bytes der, Bytes content,
                               uint64_t message, Store* store);
// Drops a reference; the last frees the context (and closes a CTL's message).
void release_list(WindowsProcess& p, ListContext* c);
// CERT_STORE_ADD_* of a certificate to a store (or to none), handing a reference out in `out`
// when asked.
// With `link`, a context it makes shares that context's properties.
BOOL add_to_store(WindowsProcess& p, Store* s, std::shared_ptr<const Certificate> cert, const Bytes& der,
                  const std::map<uint32_t, Bytes>* properties, uint32_t disposition, Ptr out,
                  const Context* link = nullptr);
// A certificate's DER from the program's memory, parsed; null with CryptoAPI's last error when it
// is not one.
std::shared_ptr<const Certificate> parse(WindowsProcess& p, uint32_t encoding, Ptr data, uint32_t size);

// The enhanced key usages a context is restricted to (CertGetEnhancedKeyUsage's flags: the
// property, the extension or either, the property first); none: good for every use.
std::optional<std::vector<std::string>> enhanced_key_usage(const Context& c, uint32_t flags);

// CERT_*_PROP_ID: the ones a context has of itself (hashes, key identifier) or was given.
constexpr uint32_t kPropKeyProvInfo = 2, kPropSha1 = 3, kPropMd5 = 4, kPropKeyContext = 5, kPropEnhkeyUsage = 9,
                   kPropFriendlyName = 11, kPropKeyIdentifier = 20;
std::optional<Bytes> property(const Context& c, uint32_t id);

// ---- the private key behind a certificate (certificate_keys.cpp) ----
// CRYPT_KEY_PROV_INFO's contents.
struct KeyProvInfo {
  std::u16string container, provider;
  uint32_t type = 0, flags = 0, spec = 0;
  struct Param {
    uint32_t id = 0, flags = 0;
    Bytes data;
  };
  std::vector<Param> params;
};
// CERT_KEY_PROV_INFO_PROP_ID's bytes as a context keeps them: of a CRYPT_KEY_PROV_INFO in the
// program's memory, of a KeyProvInfo, and back; the structure laid out for a pointer width.
Bytes key_prov_info_from_guest(WindowsProcess& p, uint64_t info);
Bytes key_prov_info_bytes(const KeyProvInfo& k);
std::optional<KeyProvInfo> key_prov_info(const Bytes& kept);
GuestBlock key_prov_info_block(const KeyProvInfo& k, unsigned ptr);
// CERT_KEY_CONTEXT_PROP_ID's: of a CERT_KEY_CONTEXT in the program's memory, and laid out again.
Bytes key_context_from_guest(WindowsProcess& p, uint64_t at);
GuestBlock key_context_block(const Bytes& kept, unsigned ptr);

}  // namespace polyrun::shims::crypt32::stores
