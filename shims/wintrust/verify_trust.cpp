// WINTRUST.dll: WinVerifyTrust(Ex) with the generic Authenticode action over a file, the provider
// data it keeps between WTD_STATEACTION_VERIFY and WTD_STATEACTION_CLOSE, and the WTHelper*
// functions that read it. The signature is read and checked by authenticode.cpp; the signer's
// chain is CRYPT32's (CertGetCertificateChain and the Authenticode chain policy, called as a
// program calls them), over the system's roots and the message's certificates.
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <mutex>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/crypt32/cert_stores.h"
#include "shims/crypt32/guest_block.h"
#include "shims/crypt32/messages.h"
#include "shims/wintrust/authenticode.h"
#include "shims/wintrust/wintrust.h"

namespace polyrun::shims::wintrust {

namespace {

using crypt32::stores::GuestBlock;

// HRESULTs WinVerifyTrust answers with (winerror.h).
constexpr uint32_t kTrustProviderUnknown = 0x800B0001, kTrustSubjectFormUnknown = 0x800B0003,
                   kTrustNoSignature = 0x800B0100, kTrustBadDigest = 0x80096010, kTrustNoSignerCert = 0x80096002,
                   kHashValue = 0x80091007, kBadSignature = 0x80090006, kInvalidParameter = 0x80070057;

// WINTRUST_ACTION_GENERIC_VERIFY_V2 {00AAC56B-CD44-11d0-8CC2-00C04FC295EE}.
constexpr uint8_t kGenericVerifyV2[16] = {0x6b, 0xc5, 0xaa, 0x00, 0x44, 0xcd, 0xd0, 0x11,
                                          0x8c, 0xc2, 0x00, 0xc0, 0x4f, 0xc2, 0x95, 0xee};

constexpr uint32_t kStateIgnore = 0, kStateVerify = 1, kStateClose = 2;
constexpr uint32_t kChoiceFile = 1;
constexpr uint32_t kTrustStepErrors = 38;  // TRUSTERROR_MAX_STEPS

// What WTD_STATEACTION_CLOSE gives back: the provider data's block, CRYPT32's store and the
// contexts and chain held by it.
struct State {
  uint64_t block = 0;
  uint64_t store = 0;
  uint64_t message = 0;  // the signature's HCRYPTMSG
  uint64_t chain = 0;
  std::vector<uint64_t> certificates;
};
std::mutex g_states_mutex;
std::map<uint64_t, State> g_states;

uint64_t crypt32_call(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("crypt32.dll", name, args);
}

void release(WindowsProcess& p, const State& s) {
  for (uint64_t c : s.certificates) crypt32_call(p, "CertFreeCertificateContext", {c});
  if (s.chain) crypt32_call(p, "CertFreeCertificateChain", {s.chain});
  if (s.store) crypt32_call(p, "CertCloseStore", {s.store, 0});
  if (s.message) crypt32_call(p, "CryptMsgClose", {s.message});
  if (s.block) p.heap.free(s.block);
}

std::optional<Bytes> read_subject(WindowsProcess& p, uint64_t file_info, uint32_t& error) {
  const unsigned ptr = p.isa->ptr;
  const uint64_t path = p.get_ptr(file_info + ptr);
  const uint64_t handle = p.get_ptr(file_info + 2 * ptr);
  int fd = -1;
  bool own = false;
  if (handle && handle != (ptr == 4 ? 0xffffffffull : ~0ull)) {
    fd = p.fd_for_handle(handle);
  } else if (path) {
    const std::string name = utf16_to_utf8(reinterpret_cast<const char16_t*>(path),
                                           std::char_traits<char16_t>::length(reinterpret_cast<const char16_t*>(path)));
    fd = ::open(windows_to_host_path(windows_full_path(name)).c_str(), O_RDONLY | O_CLOEXEC);
    own = true;
  }
  if (fd < 0) {
    error = own ? win_error_from_errno(errno) : ERROR_INVALID_HANDLE;
    return std::nullopt;
  }
  Bytes data = read_whole(fd);
  if (own) ::close(fd);
  return data;
}

// The errors a chain element's trust status stands for, as the provider data's certificates
// carry them.
uint32_t element_error(uint32_t status) {
  if (status & 0x8) return 0x80096004;       // CERT_TRUST_IS_NOT_SIGNATURE_VALID: TRUST_E_CERT_SIGNATURE
  if (status & 0x4) return 0x800B010C;       // CERT_TRUST_IS_REVOKED: CERT_E_REVOKED
  if (status & 0x1) return 0x800B0101;       // CERT_TRUST_IS_NOT_TIME_VALID: CERT_E_EXPIRED
  if (status & 0x20) return 0x800B0109;      // CERT_TRUST_IS_UNTRUSTED_ROOT: CERT_E_UNTRUSTEDROOT
  if (status & 0x10) return 0x800B0110;      // CERT_TRUST_IS_NOT_VALID_FOR_USAGE: CERT_E_WRONG_USAGE
  if (status & 0x10000) return 0x800B010A;   // CERT_TRUST_IS_PARTIAL_CHAIN: CERT_E_CHAINING
  return 0;
}

uint64_t now_filetime() {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (static_cast<uint64_t>(ts.tv_sec) + 11644473600ull) * 10000000ull + static_cast<uint64_t>(ts.tv_nsec) / 100;
}

struct Verified {
  uint32_t result = 0;
  std::optional<crypt32::SignedData> message;
  Bytes signature;  // the message's encoding
  const crypt32::SignerInfo* signer = nullptr;
  State state;
  std::vector<std::pair<uint64_t, uint32_t>> chain;  // each element: its certificate context, its trust status
  std::vector<std::pair<uint32_t, uint32_t>> element_status;  // error, info
  std::vector<uint64_t> element_addrs;
};

// The signer's chain: a memory store of the message's certificates, CertGetCertificateChain, the
// Authenticode policy. The policy's error, or 0.
uint32_t check_chain(WindowsProcess& p, Verified& v, const Bytes& signer_der, uint32_t revocation) {
  const unsigned ptr = p.isa->ptr;
  v.state.store = crypt32_call(p, "CertOpenStore", {2 /* CERT_STORE_PROV_MEMORY */, 0, 0, 0, 0});
  if (!v.state.store) return 0x8007000E;  // E_OUTOFMEMORY
  const uint64_t scratch = p.heap.alloc(256, true);
  if (!scratch) return 0x8007000E;
  uint64_t signer_context = 0;
  for (const Bytes& der : v.message->certificates) {
    const uint64_t copy = p.heap.alloc(der.size());
    if (!copy) continue;
    std::memcpy(guest_pointer(copy), der.data(), der.size());
    put<uint64_t>(scratch, 0);
    crypt32_call(p, "CertAddEncodedCertificateToStore",
                 {v.state.store, 0x10001, copy, der.size(), 4 /* CERT_STORE_ADD_ALWAYS */, scratch});
    const uint64_t ctx = p.get_ptr(scratch);
    if (ctx && !signer_context && der == signer_der) signer_context = ctx;
    else if (ctx) v.state.certificates.push_back(ctx);
    p.heap.free(copy);
  }
  if (!signer_context) {
    p.heap.free(scratch);
    return kTrustNoSignerCert;
  }
  v.state.certificates.push_back(signer_context);
  // CERT_CHAIN_PARA {cbSize, RequestedUsage {dwType, Usage {cUsageIdentifier, rgpszUsageIdentifier}}}
  const uint64_t para = scratch + 16;
  put<uint32_t>(para, ptr == 8 ? 24 : 16);
  // WTD_REVOKE_WHOLECHAIN: CERT_CHAIN_REVOCATION_CHECK_CHAIN; WTD_REVOKE_NONE: none.
  const uint64_t flags = revocation == 1 ? 0x20000000ull : 0;
  if (!crypt32_call(p, "CertGetCertificateChain", {0, signer_context, 0, v.state.store, para, flags, 0, scratch + 64})) {
    p.heap.free(scratch);
    return 0x800B010A;  // CERT_E_CHAINING
  }
  v.state.chain = p.get_ptr(scratch + 64);
  // The elements of the first simple chain.
  const uint64_t simple_list = p.get_ptr(v.state.chain + 16);
  const uint64_t simple = simple_list ? p.get_ptr(simple_list) : 0;
  if (simple) {
    const uint32_t n = get<uint32_t>(simple + 12);
    const uint64_t elements = p.get_ptr(simple + 16);
    for (uint32_t i = 0; i < n; ++i) {
      const uint64_t e = p.get_ptr(elements + uint64_t{i} * ptr);
      v.element_addrs.push_back(e);
      v.chain.push_back({p.get_ptr(e + ptr), 0});
      v.element_status.push_back({get<uint32_t>(e + 2 * ptr), get<uint32_t>(e + 2 * ptr + 4)});
    }
  }
  // CERT_CHAIN_POLICY_PARA {cbSize, dwFlags, pvExtraPolicyPara}; CERT_CHAIN_POLICY_STATUS
  // {cbSize, dwError, lChainIndex, lElementIndex, pvExtraPolicyStatus}.
  const uint64_t policy = scratch + 96, status = scratch + 128;
  put<uint32_t>(policy, ptr == 8 ? 16 : 12);
  put<uint32_t>(status, ptr == 8 ? 24 : 20);
  crypt32_call(p, "CertVerifyCertificateChainPolicy", {2 /* CERT_CHAIN_POLICY_AUTHENTICODE */, v.state.chain, policy, status});
  const uint32_t error = get<uint32_t>(status + 4);
  p.heap.free(scratch);
  return error;
}

Verified verify_file(WindowsProcess& p, uint64_t data) {
  Verified v;
  const unsigned ptr = p.isa->ptr;
  const uint32_t revocation = get<uint32_t>(data + (ptr == 8 ? 28 : 16));
  const uint32_t choice = get<uint32_t>(data + (ptr == 8 ? 32 : 20));
  const uint64_t info = p.get_ptr(data + (ptr == 8 ? 40 : 24));
  if (choice != kChoiceFile) {
    std::fprintf(stderr, "polyrun: unimplemented: WINTRUST.dll!WinVerifyTrust of a subject other than a file "
                         "(union choice %u)\n", choice);
    p.terminate(1);
  }
  if (!info) {
    v.result = kInvalidParameter;
    return v;
  }
  uint32_t open_error = 0;
  const auto file = read_subject(p, info, open_error);
  if (!file) {
    v.result = open_error;
    return v;
  }
  const auto layout = crypt32::pe_layout(*file);
  if (!layout) {
    v.result = kTrustSubjectFormUnknown;
    return v;
  }
  const std::vector<Bytes> signatures = crypt32::pe_signatures(*file, *layout);
  if (signatures.empty()) {
    v.result = kTrustNoSignature;
    return v;
  }
  v.signature = signatures[0];
  v.message = crypt32::parse_signed_data(signatures[0]);
  if (!v.message || v.message->signers.empty() || v.message->content_type != "1.3.6.1.4.1.311.2.1.4") {
    v.result = kTrustNoSignature;
    return v;
  }
  const auto indirect = parse_indirect_data(v.message->content);
  const auto digest = indirect ? pe_digest(*file, *layout, indirect->digest_oid) : std::nullopt;
  if (!digest || *digest != indirect->digest) {
    v.result = kTrustBadDigest;
    return v;
  }
  v.signer = &v.message->signers[0];
  const Bytes* cert = crypt32::signer_certificate(*v.message, *v.signer);
  if (!cert) {
    v.result = kTrustNoSignerCert;
    return v;
  }
  if (!crypt32::content_digest_matches(*v.signer, v.message->content)) {
    v.result = kHashValue;
    return v;
  }
  if (!crypt32::signature_verifies_with_certificate(*v.signer, v.message->content, *cert)) {
    v.result = kBadSignature;
    return v;
  }
  v.result = check_chain(p, v, *cert, revocation);
  return v;
}

// The provider data (CRYPT_PROVIDER_DATA, its signer, certificates and signer information) of a
// verification, in one block of the process heap.
uint64_t provider_data(WindowsProcess& p, Verified& v, uint64_t action, uint64_t data) {
  const unsigned ptr = p.isa->ptr;
  const bool x64 = ptr == 8;
  GuestBlock b(ptr);
  const size_t pd = b.reserve(x64 ? 240 : 136, 8);
  b.u32(pd, x64 ? 240 : 136);
  b.u32(pd + (x64 ? 16 : 8), 1);  // fOpenedFile
  const size_t guid = b.append(guest_pointer(action), 16, 4);
  b.pointer(pd + (x64 ? 32 : 16), guid);
  b.u32(pd + (x64 ? 72 : 40), kTrustStepErrors);
  b.pointer(pd + (x64 ? 80 : 44), b.reserve(4 * kTrustStepErrors, 4));
  if (v.message) {
    b.u32(pd + (x64 ? 104 : 56), 0x10001);  // dwEncoding: X509_ASN | PKCS_7_ASN
    std::lock_guard<GuestCallMutex> g(crypt32::stores::lock());
    v.state.message = crypt32::decoded_message(p, v.signature);
    if (x64) b.u64(pd + 112, v.state.message);
    else b.u32(pd + 60, static_cast<uint32_t>(v.state.message));
  }
  const uint64_t now = now_filetime();
  b.u32(pd + (x64 ? 180 : 96), static_cast<uint32_t>(now));
  b.u32(pd + (x64 ? 184 : 100), static_cast<uint32_t>(now >> 32));
  b.u32(pd + (x64 ? 200 : 108), get<uint32_t>(data + (x64 ? 72 : 40)));  // dwProvFlags
  if (v.state.store) {
    b.u32(pd + (x64 ? 88 : 48), 1);
    const size_t stores = b.reserve(ptr, ptr);
    if (x64) b.u64(stores, v.state.store);
    else b.u32(stores, static_cast<uint32_t>(v.state.store));
    b.pointer(pd + (x64 ? 96 : 52), stores);
  }
  if (v.signer && v.state.chain) {
    b.u32(pd + (x64 ? 120 : 64), 1);
    const size_t sg = b.reserve(x64 ? 64 : 44, ptr);
    b.pointer(pd + (x64 ? 128 : 68), sg);
    b.u32(sg, x64 ? 64 : 44);
    b.u32(sg + 4, static_cast<uint32_t>(now));
    b.u32(sg + 8, static_cast<uint32_t>(now >> 32));
    const size_t cert_size = x64 ? 88 : 60;
    b.u32(sg + 12, static_cast<uint32_t>(v.chain.size()));
    const size_t certs = b.reserve(cert_size * std::max<size_t>(v.chain.size(), 1), ptr);
    if (!v.chain.empty()) b.pointer(sg + (x64 ? 16 : 16), certs);
    b.pointer(sg + (x64 ? 32 : 24), crypt32::put_signer_info(b, *v.signer));
    if (x64) b.u64(sg + 56, v.state.chain);
    else b.u32(sg + 40, static_cast<uint32_t>(v.state.chain));
    for (size_t i = 0; i < v.chain.size(); ++i) {
      const size_t c = certs + i * cert_size;
      const uint64_t dup = crypt32_call(p, "CertDuplicateCertificateContext", {v.chain[i].first});
      v.state.certificates.push_back(dup);
      const auto [error, info] = v.element_status[i];
      const bool last = i + 1 == v.chain.size();
      b.u32(c, static_cast<uint32_t>(cert_size));
      if (x64) b.u64(c + 8, dup);
      else b.u32(c + 4, static_cast<uint32_t>(dup));
      b.u32(c + (x64 ? 20 : 12), last && !(error & 0x20) && (info & 0x8) ? 1 : 0);  // fTrustedRoot
      b.u32(c + (x64 ? 24 : 16), (info & 0x8) ? 1 : 0);                             // fSelfSigned
      // dwConfidence: the signature, time and nesting checks that held.
      b.u32(c + (x64 ? 36 : 28), ((error & 0x8) ? 0 : 0x10000000u) | ((error & 0x1) ? 0 : 0x01000000u) |
                                     0x00100000u);
      b.u32(c + (x64 ? 40 : 32), element_error(error));
      if (x64) b.u64(c + 80, v.element_addrs[i]);
      else b.u32(c + 56, static_cast<uint32_t>(v.element_addrs[i]));
    }
  }
  const uint64_t at = p.heap.alloc(b.size(), true);
  if (!at) return 0;
  const Bytes laid = b.laid_out(at);
  std::memcpy(guest_pointer(at), laid.data(), laid.size());
  // pWintrustData and hWndParent are the caller's own pointers (not part of the block).
  p.put_ptr(at + ptr, data);
  return at;
}

uint32_t win_verify_trust(WindowsProcess& p, uint64_t hwnd, uint64_t action, uint64_t data) {
  const unsigned ptr = p.isa->ptr;
  if (!action || !data) return kInvalidParameter;
  const uint32_t state_action = get<uint32_t>(data + (ptr == 8 ? 48 : 28));
  const uint64_t state_slot = data + (ptr == 8 ? 56 : 32);
  if (state_action == kStateClose) {
    const uint64_t h = p.get_ptr(state_slot);
    State s;
    {
      std::lock_guard<std::mutex> lock(g_states_mutex);
      auto it = g_states.find(h);
      if (it == g_states.end()) return 0;
      s = it->second;
      g_states.erase(it);
    }
    release(p, s);
    p.put_ptr(state_slot, 0);
    return 0;
  }
  if (std::memcmp(guest_pointer(action), kGenericVerifyV2, 16) != 0) {
    p.set_last_error(kTrustProviderUnknown);
    return kTrustProviderUnknown;
  }
  Verified v = verify_file(p, data);
  if (state_action == kStateVerify) {
    v.state.block = provider_data(p, v, action, data);
    if (v.state.block) p.put_ptr(v.state.block + 3 * ptr, hwnd);  // hWndParent
    p.put_ptr(state_slot, v.state.block);
    std::lock_guard<std::mutex> lock(g_states_mutex);
    g_states[v.state.block] = v.state;
  } else {
    if (state_action != kStateIgnore) p.put_ptr(state_slot, 0);
    release(p, v.state);
  }
  p.set_last_error(v.result);
  return v.result;
}

int32_t WinVerifyTrust(WindowsProcess& p, Ptr hwnd, Ptr action, Ptr data) {
  return static_cast<int32_t>(win_verify_trust(p, hwnd.addr, action.addr, data.addr));
}
int32_t WinVerifyTrustEx(WindowsProcess& p, Ptr hwnd, Ptr action, Ptr data) {
  return static_cast<int32_t>(win_verify_trust(p, hwnd.addr, action.addr, data.addr));
}

// WTHelperProvDataFromStateData: the state handle is the provider data.
Ptr WTHelperProvDataFromStateData(WindowsProcess&, Ptr state) { return state; }

// WTHelperGetProvSignerFromChain(data, signer, counter, counter_index): that signer (or its counter
// signer) of the provider data, or NULL.
Ptr WTHelperGetProvSignerFromChain(WindowsProcess& p, Ptr data, uint32_t index, BOOL counter, uint32_t counter_index) {
  const bool x64 = p.isa->ptr == 8;
  if (!data || index >= get<uint32_t>(data.addr + (x64 ? 120 : 64))) return Ptr(0);
  const uint64_t signer = p.get_ptr(data.addr + (x64 ? 128 : 68)) + uint64_t{index} * (x64 ? 64 : 44);
  if (!counter) return Ptr(signer);
  if (counter_index >= get<uint32_t>(signer + (x64 ? 44 : 32))) return Ptr(0);
  return Ptr(p.get_ptr(signer + (x64 ? 48 : 36)) + uint64_t{counter_index} * (x64 ? 64 : 44));
}

// WTHelperGetProvCertFromChain(signer, index): that certificate of the signer's chain, or NULL.
Ptr WTHelperGetProvCertFromChain(WindowsProcess& p, Ptr signer, uint32_t index) {
  const bool x64 = p.isa->ptr == 8;
  if (!signer || index >= get<uint32_t>(signer.addr + 12)) return Ptr(0);
  return Ptr(p.get_ptr(signer.addr + 16) + uint64_t{index} * (x64 ? 88 : 60));
}

// WTHelperGetProvPrivateDataFromChain(data, provider): a provider's private data; the generic
// Authenticode provider keeps none.
Ptr WTHelperGetProvPrivateDataFromChain(WindowsProcess& p, Ptr data, Ptr provider) {
  const bool x64 = p.isa->ptr == 8;
  if (!data || !provider) return Ptr(0);
  const uint32_t n = get<uint32_t>(data.addr + (x64 ? 136 : 72));
  const uint64_t list = p.get_ptr(data.addr + (x64 ? 144 : 76));
  // CRYPT_PROVIDER_PRIVDATA {cbStruct, GUID gProviderID, DWORD cbProvData, void* pvProvData}
  const size_t size = x64 ? 32 : 28;
  for (uint32_t i = 0; i < n; ++i)
    if (std::memcmp(guest_pointer(list + i * size + 4), guest_pointer(provider.addr), 16) == 0)
      return Ptr(list + i * size);
  return Ptr(0);
}

}  // namespace

const std::vector<Export>& verify_trust_exports() {
  static const std::vector<Export> exports = {
      EXPORT("WinVerifyTrust", WinVerifyTrust),
      EXPORT("WinVerifyTrustEx", WinVerifyTrustEx),
      EXPORT("WTHelperProvDataFromStateData", WTHelperProvDataFromStateData),
      EXPORT("WTHelperGetProvSignerFromChain", WTHelperGetProvSignerFromChain),
      EXPORT("WTHelperGetProvCertFromChain", WTHelperGetProvCertFromChain),
      EXPORT("WTHelperGetProvPrivateDataFromChain", WTHelperGetProvPrivateDataFromChain),
  };
  return exports;
}

}  // namespace polyrun::shims::wintrust
