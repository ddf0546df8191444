// SECUR32's Schannel package: TLS through the SSPI, as curl, sentry-cli and other programs use it.
// Client credentials (SCHANNEL_CRED or SCH_CREDENTIALS), InitializeSecurityContext as the client's
// handshake loop over the program's buffers, EncryptMessage and DecryptMessage over the stream
// buffers (header, data, trailer), the connection's attributes and the shutdown by control token.
// The TLS itself is secur32/schannel_tls.cpp's (GnuTLS). Server credentials need a certificate context,
// which is CRYPT32's, and polyrun does not serve CRYPT32: no inbound credentials exist, so
// AcceptSecurityContext never has any.
#include "shims/core/filetime.h"
#include "shims/secur32/schannel.h"

#include <strings.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/crypt32/crypt32.h"
#include "shims/secur32/schannel_tls.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"

namespace polyrun::shims::schannel {

namespace {

constexpr int32_t S(uint32_t v) { return static_cast<int32_t>(v); }
constexpr int32_t SEC_E_OK = 0, SEC_I_CONTINUE_NEEDED = 0x00090312, SEC_I_CONTEXT_EXPIRED = 0x00090317,
                  SEC_I_RENEGOTIATE = 0x00090321;
constexpr int32_t SEC_E_INSUFFICIENT_MEMORY = S(0x80090300), SEC_E_INVALID_HANDLE = S(0x80090301),
                  SEC_E_UNSUPPORTED_FUNCTION = S(0x80090302), SEC_E_INTERNAL_ERROR = S(0x80090304),
                  SEC_E_INVALID_TOKEN = S(0x80090308), SEC_E_QOP_NOT_SUPPORTED = S(0x8009030A),
                  SEC_E_UNKNOWN_CREDENTIALS = S(0x8009030D), SEC_E_NO_CREDENTIALS = S(0x8009030E),
                  SEC_E_CONTEXT_EXPIRED = S(0x80090317), SEC_E_INCOMPLETE_MESSAGE = S(0x80090318),
                  SEC_E_BUFFER_TOO_SMALL = S(0x80090321), SEC_E_WRONG_PRINCIPAL = S(0x80090322),
                  SEC_E_UNTRUSTED_ROOT = S(0x80090325), SEC_E_ILLEGAL_MESSAGE = S(0x80090326),
                  SEC_E_CERT_UNKNOWN = S(0x80090327), SEC_E_CERT_EXPIRED = S(0x80090328),
                  SEC_E_DECRYPT_FAILURE = S(0x80090330), SEC_E_ALGORITHM_MISMATCH = S(0x80090331),
                  SEC_E_INVALID_PARAMETER = S(0x8009035D), SEC_E_NO_AUTHENTICATING_AUTHORITY = S(0x80090311);

// SecBuffer types.
constexpr uint32_t SECBUFFER_EMPTY = 0, SECBUFFER_DATA = 1, SECBUFFER_TOKEN = 2, SECBUFFER_MISSING = 4,
                   SECBUFFER_EXTRA = 5, SECBUFFER_STREAM_TRAILER = 6, SECBUFFER_STREAM_HEADER = 7,
                   SECBUFFER_ALERT = 17, SECBUFFER_APPLICATION_PROTOCOLS = 18, SECBUFFER_ATTRMASK = 0xf0000000;
// fCredentialUse.
constexpr uint32_t SECPKG_CRED_INBOUND = 1, SECPKG_CRED_OUTBOUND = 2;
// SCHANNEL_CRED's and SCH_CREDENTIALS' versions and dwFlags.
constexpr uint32_t SCH_CRED_V3 = 3, SCHANNEL_CRED_VERSION = 4, SCH_CREDENTIALS_VERSION = 5;
constexpr uint32_t SCH_CRED_NO_SERVERNAME_CHECK = 0x4, SCH_CRED_MANUAL_CRED_VALIDATION = 0x8;
// The client protocol flags Schannel knows (SP_PROT_*_CLIENT), and the TLS ones polyrun offers.
constexpr uint32_t kClientProtocols = 0x8 | 0x20 | tls::kTls10 | tls::kTls11 | tls::kTls12 | tls::kTls13;
constexpr uint32_t kTlsProtocols = tls::kTls10 | tls::kTls11 | tls::kTls12 | tls::kTls13;
// ISC_REQ_* and ISC_RET_* flags.
constexpr uint32_t ISC_REPLAY_DETECT = 0x4, ISC_SEQUENCE_DETECT = 0x8, ISC_CONFIDENTIALITY = 0x10,
                   ISC_USE_SUPPLIED_CREDS = 0x80, ISC_ALLOCATE_MEMORY = 0x100, ISC_EXTENDED_ERROR = 0x4000,
                   ISC_STREAM = 0x8000, ISC_MANUAL_CRED_VALIDATION = 0x80000;
// QueryContextAttributes' attributes.
constexpr uint32_t SECPKG_ATTR_STREAM_SIZES = 4, SECPKG_ATTR_APPLICATION_PROTOCOL = 35,
                   SECPKG_ATTR_REMOTE_CERT_CONTEXT = 0x53, SECPKG_ATTR_CONNECTION_INFO = 0x5a;
// Handles of this package carry this in dwUpper ("SCHN"), their number in dwLower.
constexpr uint64_t kHandleTag = 0x5343484e;

struct Credentials {
  uint32_t protocols = 0;
  bool manual_validation = false, no_name_check = false;
};
struct Context {
  GuestCallMutex lock;
  std::shared_ptr<Credentials> credentials;
  std::unique_ptr<tls::Client> tls;
  bool shutdown_requested = false, shut_down = false;
};

GuestCallMutex g_lock;
std::map<uint64_t, std::shared_ptr<Credentials>> g_credentials;
std::map<uint64_t, std::shared_ptr<Context>> g_contexts;
uint64_t g_next_handle = 1;

// A handle's dwLower, if its dwUpper is this package's tag (0: not one of them).
uint64_t handle_number(WindowsProcess& p, Ptr handle) {
  if (!handle) return 0;
  if (p.get_ptr(handle.addr + p.isa->ptr) != kHandleTag) return 0;
  return p.get_ptr(handle.addr);
}
void put_handle(WindowsProcess& p, Ptr handle, uint64_t number) {
  p.put_ptr(handle.addr, number);
  p.put_ptr(handle.addr + p.isa->ptr, kHandleTag);
}
std::shared_ptr<Credentials> find_credentials(WindowsProcess& p, Ptr handle) {
  const uint64_t n = handle_number(p, handle);
  std::lock_guard<GuestCallMutex> g(g_lock);
  auto it = g_credentials.find(n);
  return it == g_credentials.end() ? nullptr : it->second;
}
std::shared_ptr<Context> find_context(WindowsProcess& p, Ptr handle) {
  const uint64_t n = handle_number(p, handle);
  std::lock_guard<GuestCallMutex> g(g_lock);
  auto it = g_contexts.find(n);
  return it == g_contexts.end() ? nullptr : it->second;
}

// A SecBuffer of a SecBufferDesc: { ULONG cbBuffer; ULONG BufferType; void* pvBuffer; }.
struct Buffer {
  uint64_t at = 0;  // where the SecBuffer is
  uint32_t size = 0, type = 0;
  uint64_t data = 0;
};
std::vector<Buffer> read_buffers(WindowsProcess& p, Ptr desc) {
  std::vector<Buffer> out;
  if (!desc) return out;
  const uint32_t count = get<uint32_t>(desc.addr + 4);
  const uint64_t first = p.get_ptr(desc.addr + 8);
  const unsigned stride = 8 + p.isa->ptr;
  for (uint32_t i = 0; i < count; ++i) {
    Buffer b;
    b.at = first + uint64_t(i) * stride;
    b.size = get<uint32_t>(b.at);
    b.type = get<uint32_t>(b.at + 4);
    b.data = p.get_ptr(b.at + 8);
    out.push_back(b);
  }
  return out;
}
void write_buffer(WindowsProcess& p, const Buffer& b) {
  put<uint32_t>(b.at, b.size);
  put<uint32_t>(b.at + 4, b.type);
  p.put_ptr(b.at + 8, b.data);
}
// The first buffer of a type (its attribute bits aside), from index `from`; -1 if none.
int find_buffer(const std::vector<Buffer>& v, uint32_t type, size_t from = 0) {
  for (size_t i = from; i < v.size(); ++i)
    if ((v[i].type & ~SECBUFFER_ATTRMASK) == type) return static_cast<int>(i);
  return -1;
}

int32_t status_of(tls::Step s) {
  switch (s) {
    case tls::Step::kOk: return SEC_E_OK;
    case tls::Step::kContinue: return SEC_I_CONTINUE_NEEDED;
    case tls::Step::kClosed: return SEC_I_CONTEXT_EXPIRED;
    case tls::Step::kPostHandshake: return SEC_I_RENEGOTIATE;
    case tls::Step::kUntrustedRoot: return SEC_E_UNTRUSTED_ROOT;
    case tls::Step::kExpired: return SEC_E_CERT_EXPIRED;
    case tls::Step::kWrongName: return SEC_E_WRONG_PRINCIPAL;
    case tls::Step::kBadCertificate:
    case tls::Step::kNoCertificate: return SEC_E_CERT_UNKNOWN;
    case tls::Step::kAlgorithmMismatch: return SEC_E_ALGORITHM_MISMATCH;
    case tls::Step::kDecryptFailure: return SEC_E_DECRYPT_FAILURE;
    case tls::Step::kIllegalMessage: return SEC_E_ILLEGAL_MESSAGE;
    case tls::Step::kInternalError: break;
  }
  return SEC_E_INTERNAL_ERROR;
}

// SECBUFFER_APPLICATION_PROTOCOLS: SEC_APPLICATION_PROTOCOLS { ULONG ProtocolListsSize;
// SEC_APPLICATION_PROTOCOL_LIST ProtocolLists[] }, each list { ProtoNegoExt (an enum: 2 ALPN);
// USHORT ProtocolListSize; UCHAR ProtocolList[] } of length-prefixed names. The ALPN lists' names.
std::vector<std::string> alpn_names(const Buffer& b) {
  std::vector<std::string> names;
  if (b.size < 4 || !b.data) return names;
  const auto* d = static_cast<const uint8_t*>(guest_pointer(b.data));
  const size_t total = std::min<size_t>(b.size, 4 + get<uint32_t>(b.data));
  for (size_t at = 4; at + 6 <= total;) {
    uint32_t ext;
    uint16_t len;
    std::memcpy(&ext, d + at, 4);
    std::memcpy(&len, d + at + 4, 2);
    const size_t list = at + 6, end = std::min(total, list + len);
    if (ext == 2)
      for (size_t i = list; i < end && i + 1 + d[i] <= end; i += 1 + d[i])
        if (d[i]) names.emplace_back(reinterpret_cast<const char*>(d + i + 1), d[i]);
    at = end;
  }
  return names;
}

// Hands `bytes` to the program in the output desc's token buffer: guest memory of the package's
// (FreeContextBuffer frees it) with ISC_REQ_ALLOCATE_MEMORY, else the program's own buffer.
int32_t put_token(WindowsProcess& p, std::vector<Buffer>& out, bool allocate, const std::vector<uint8_t>& bytes) {
  for (Buffer& b : out)
    if ((b.type & ~SECBUFFER_ATTRMASK) == SECBUFFER_ALERT) b.size = 0, write_buffer(p, b);
  const int t = find_buffer(out, SECBUFFER_TOKEN);
  if (t < 0) return bytes.empty() ? SEC_E_OK : SEC_E_INVALID_TOKEN;
  Buffer& b = out[t];
  if (allocate) {
    b.data = 0;
    if (!bytes.empty()) {
      b.data = p.heap.alloc(bytes.size());
      if (!b.data) return SEC_E_INSUFFICIENT_MEMORY;
    }
  } else if (bytes.size() > b.size) {
    return SEC_E_INSUFFICIENT_MEMORY;
  }
  if (!bytes.empty()) std::memcpy(guest_pointer(b.data), bytes.data(), bytes.size());
  b.size = static_cast<uint32_t>(bytes.size());
  write_buffer(p, b);
  return SEC_E_OK;
}

int32_t initialize(WindowsProcess& p, Ptr credential, Ptr context, const std::string* target, uint32_t req,
                   Ptr input, Ptr new_context, Ptr output, Ptr attributes, Ptr expiry) {
  if (expiry) put<uint64_t>(expiry.addr, 0);
  std::vector<Buffer> out = read_buffers(p, output);
  if (out.empty()) return SEC_E_INVALID_TOKEN;
  const bool allocate = req & ISC_ALLOCATE_MEMORY;
  for (const Buffer& b : out) {
    const uint32_t type = b.type & ~SECBUFFER_ATTRMASK;
    if ((type == SECBUFFER_TOKEN || type == SECBUFFER_ALERT) && !b.size && !allocate) return SEC_E_INSUFFICIENT_MEMORY;
  }
  std::vector<Buffer> in = read_buffers(p, input);
  std::shared_ptr<Context> ctx;
  std::vector<uint8_t> bytes;
  tls::Step step;
  if (!context) {
    // The first call: a new context over the credentials, and the ClientHello.
    std::shared_ptr<Credentials> cred = find_credentials(p, credential);
    if (!cred) return SEC_E_INVALID_HANDLE;
    tls::Options o;
    o.protocols = cred->protocols;
    o.validate = !cred->manual_validation && !(req & ISC_MANUAL_CRED_VALIDATION);
    o.check_name = !cred->no_name_check;
    if (target) o.target = *target;
    const int a = find_buffer(in, SECBUFFER_APPLICATION_PROTOCOLS);
    if (a >= 0) o.alpn = alpn_names(in[a]);
    ctx = std::make_shared<Context>();
    ctx->credentials = cred;
    ctx->tls = std::make_unique<tls::Client>(o);
    if (!ctx->tls->ok()) return SEC_E_INTERNAL_ERROR;
    size_t consumed;
    step = ctx->tls->handshake(nullptr, 0, bytes, consumed);
    uint64_t number;
    {
      std::lock_guard<GuestCallMutex> g(g_lock);
      number = g_next_handle++;
      g_contexts[number] = ctx;
    }
    if (new_context) put_handle(p, new_context, number);
  } else {
    ctx = find_context(p, context);
    if (!ctx) return SEC_E_INVALID_HANDLE;
    if (new_context && new_context.addr != context.addr) {
      p.put_ptr(new_context.addr, p.get_ptr(context.addr));
      p.put_ptr(new_context.addr + p.isa->ptr, p.get_ptr(context.addr + p.isa->ptr));
    }
    std::lock_guard<GuestCallMutex> g(ctx->lock);
    if (ctx->shutdown_requested) {
      // After ApplyControlToken(SCHANNEL_SHUTDOWN): the close_notify alert, and the connection is
      // shut down (SEC_E_OK, as "Shutting Down an Schannel Connection" allows).
      ctx->shutdown_requested = false;
      ctx->shut_down = true;
      step = ctx->tls->close(bytes);
    } else if (ctx->shut_down) {
      return SEC_E_CONTEXT_EXPIRED;
    } else {
      const int t = find_buffer(in, SECBUFFER_TOKEN);
      const uint8_t* data = t >= 0 && in[t].data ? static_cast<const uint8_t*>(guest_pointer(in[t].data)) : nullptr;
      const size_t have = data ? in[t].size : 0;
      const bool negotiating = !ctx->tls->handshake_done() || ctx->tls->renegotiating();
      // Whole records only: the engine takes those, and the program reads more until one is whole
      // (but a renegotiation the server asked for begins with the client's hello, from no input).
      size_t whole = 0, next = 0;
      if (negotiating) {
        while (whole < have) {
          next = tls::record_size(data + whole, have - whole);
          if (!next || whole + next > have) break;
          whole += next;
        }
        if (!whole && ctx->tls->awaiting_peer()) {
          // SECBUFFER_MISSING in an empty input buffer: how many more bytes the record needs.
          const int m = t >= 0 ? find_buffer(in, SECBUFFER_EMPTY, t + 1) : -1;
          if (m >= 0) {
            in[m].type = SECBUFFER_MISSING;
            in[m].size = static_cast<uint32_t>(next ? next - have : 5 - have);
            in[m].data = 0;
            write_buffer(p, in[m]);
          }
          return SEC_E_INCOMPLETE_MESSAGE;
        }
      }
      size_t consumed = 0;
      step = ctx->tls->handshake(data, whole, bytes, consumed);
      // What the engine did not take (a record not yet whole, the records after the handshake)
      // is the program's to pass again or to decrypt: SECBUFFER_EXTRA.
      if (consumed < have) {
        const int e = t >= 0 ? find_buffer(in, SECBUFFER_EMPTY, t + 1) : -1;
        if (e < 0) return SEC_E_INVALID_TOKEN;
        in[e].type = SECBUFFER_EXTRA;
        in[e].size = static_cast<uint32_t>(have - consumed);
        in[e].data = 0;
        write_buffer(p, in[e]);
      }
    }
  }
  const int32_t placed = put_token(p, out, allocate, bytes);
  if (placed != SEC_E_OK) return placed;
  uint32_t ret = ISC_REPLAY_DETECT | ISC_SEQUENCE_DETECT | ISC_CONFIDENTIALITY | ISC_STREAM;
  if (req & ISC_EXTENDED_ERROR) ret |= ISC_EXTENDED_ERROR;
  if (allocate) ret |= ISC_ALLOCATE_MEMORY;
  if (req & ISC_USE_SUPPLIED_CREDS) ret |= ISC_USE_SUPPLIED_CREDS;
  if (req & ISC_MANUAL_CRED_VALIDATION) ret |= ISC_MANUAL_CRED_VALIDATION;
  if (attributes) put<uint32_t>(attributes.addr, ret);
  // The context lasts as long as the server's certificate.
  if (expiry && step == tls::Step::kOk) {
    const int64_t t = ctx->tls->peer_expiration();
    if (t > 0) put<uint64_t>(expiry.addr, filetime_of_seconds(t));
  }
  return status_of(step);
}

}  // namespace

bool is_package(const std::string& name) {
  for (const PackageInfo& k : kPackages)
    if (strcasecmp(name.c_str(), k.name) == 0) return true;
  return false;
}

int32_t acquire_credentials(WindowsProcess& p, uint32_t use, Ptr auth_data, Ptr credential, Ptr expiry) {
  const unsigned ps = p.isa->ptr;
  if (!(use & SECPKG_CRED_OUTBOUND)) {
    // A server's credentials are its certificate (SCHANNEL_CRED's paCred: CRYPT32 certificate
    // contexts with private keys), which no program here can hold: none given is
    // SEC_E_NO_CREDENTIALS, as on Windows, and any given cannot be a certificate context.
    if (!auth_data) return SEC_E_NO_CREDENTIALS;
    const uint32_t version = get<uint32_t>(auth_data.addr);
    const uint32_t count = get<uint32_t>(auth_data.addr + (version == SCH_CREDENTIALS_VERSION ? 8 : 4));
    return count ? SEC_E_UNKNOWN_CREDENTIALS : SEC_E_NO_CREDENTIALS;
  }
  auto cred = std::make_shared<Credentials>();
  // Windows' defaults: TLS 1.0 to 1.2 through SCHANNEL_CRED, up to TLS 1.3 through SCH_CREDENTIALS
  // (the structure Microsoft asks programs that want TLS 1.3 to use).
  cred->protocols = tls::kTls10 | tls::kTls11 | tls::kTls12;
  if (auth_data) {
    const uint32_t version = get<uint32_t>(auth_data.addr);
    uint32_t flags, count;
    if (version == SCHANNEL_CRED_VERSION || version == SCH_CRED_V3) {
      // SCHANNEL_CRED: dwVersion, cCreds, paCred, hRootStore, cMappers, aphMappers,
      // cSupportedAlgs, palgSupportedAlgs, grbitEnabledProtocols, the cipher strengths, the
      // session lifespan, dwFlags, dwCredFormat.
      count = get<uint32_t>(auth_data.addr + 4);
      const uint64_t protocols_at = auth_data.addr + 8 + 6 * ps;
      const uint32_t asked = get<uint32_t>(protocols_at) & kClientProtocols;
      flags = get<uint32_t>(protocols_at + 16);
      if (asked) cred->protocols = asked & kTlsProtocols;
    } else if (version == SCH_CREDENTIALS_VERSION) {
      // SCH_CREDENTIALS: dwVersion, dwCredFormat, cCreds, paCred, hRootStore, cMappers,
      // aphMappers, dwSessionLifespan, dwFlags, cTlsParameters, pTlsParameters; each
      // TLS_PARAMETERS { cAlpnIds, rgstrAlpnIds, grbitDisabledProtocols, ... } without ALPN ids
      // disables protocols for every connection.
      count = get<uint32_t>(auth_data.addr + 8);
      const uint64_t lifespan_at = auth_data.addr + (ps == 8 ? 48 : 28);
      flags = get<uint32_t>(lifespan_at + 4);
      const uint32_t params = get<uint32_t>(lifespan_at + 8);
      const uint64_t params_at = p.get_ptr(ps == 8 ? auth_data.addr + 64 : auth_data.addr + 40);
      cred->protocols = kTlsProtocols;
      const unsigned stride = ps == 8 ? 40 : 24;
      for (uint32_t i = 0; i < params && params_at; ++i) {
        const uint64_t tp = params_at + uint64_t(i) * stride;
        if (get<uint32_t>(tp)) continue;  // only for some ALPN ids
        cred->protocols &= ~get<uint32_t>(tp + 2 * ps);
      }
    } else {
      return SEC_E_INTERNAL_ERROR;
    }
    // A client certificate is a CRYPT32 certificate context too.
    if (count) return SEC_E_UNKNOWN_CREDENTIALS;
    cred->manual_validation = flags & SCH_CRED_MANUAL_CRED_VALIDATION;
    cred->no_name_check = flags & SCH_CRED_NO_SERVERNAME_CHECK;
  }
  if (!cred->protocols) return SEC_E_NO_AUTHENTICATING_AUTHORITY;  // no protocol left to use
  uint64_t number;
  {
    std::lock_guard<GuestCallMutex> g(g_lock);
    number = g_next_handle++;
    g_credentials[number] = cred;
  }
  put_handle(p, credential, number);
  if (expiry) put<uint64_t>(expiry.addr, 0);  // outbound credentials do not expire
  return SEC_E_OK;
}

int32_t FreeCredentialsHandle(WindowsProcess& p, Ptr credential) {
  const uint64_t n = handle_number(p, credential);
  std::lock_guard<GuestCallMutex> g(g_lock);
  return g_credentials.erase(n) ? SEC_E_OK : SEC_E_INVALID_HANDLE;
}

int32_t InitializeSecurityContextA(WindowsProcess& p, Ptr credential, Ptr context, Ptr target, uint32_t req,
                                   uint32_t, uint32_t, Ptr input, uint32_t, Ptr new_context, Ptr output,
                                   Ptr attributes, Ptr expiry) {
  std::string name;
  if (target) name = ansi_to_utf8(reinterpret_cast<const char*>(guest_pointer(target.addr)));
  return initialize(p, credential, context, target ? &name : nullptr, req, input, new_context, output, attributes,
                    expiry);
}
int32_t InitializeSecurityContextW(WindowsProcess& p, Ptr credential, Ptr context, Ptr target, uint32_t req,
                                   uint32_t, uint32_t, Ptr input, uint32_t, Ptr new_context, Ptr output,
                                   Ptr attributes, Ptr expiry) {
  std::string name;
  if (target) name = utf16_to_utf8(std::u16string(static_cast<const char16_t*>(guest_pointer(target.addr))));
  return initialize(p, credential, context, target ? &name : nullptr, req, input, new_context, output, attributes,
                    expiry);
}

// The server's side: credentials with a certificate are needed, and none can exist (above). A
// client's credentials have none for a server: SEC_E_NO_CREDENTIALS.
int32_t AcceptSecurityContext(WindowsProcess& p, Ptr credential, Ptr context, Ptr, uint32_t, uint32_t, Ptr, Ptr,
                              Ptr, Ptr) {
  if (context) return SEC_E_INVALID_HANDLE;  // no server context was ever made
  return find_credentials(p, credential) ? SEC_E_NO_CREDENTIALS : SEC_E_INVALID_HANDLE;
}

// QuerySecurityContextToken(context, &token): a context's access token is a server's, for the
// client its certificate maps to; Schannel's client contexts (the only ones made here) have none:
// SEC_E_UNSUPPORTED_FUNCTION, as wine 8.0's Schannel answers; SEC_E_INVALID_HANDLE for no context.
int32_t QuerySecurityContextToken(WindowsProcess& p, Ptr context, Ptr token) {
  if (!context || !find_context(p, context)) return SEC_E_INVALID_HANDLE;
  if (token) p.put_ptr(token.addr, 0);
  return SEC_E_UNSUPPORTED_FUNCTION;
}

int32_t DeleteSecurityContext(WindowsProcess& p, Ptr context) {
  const uint64_t n = handle_number(p, context);
  std::lock_guard<GuestCallMutex> g(g_lock);
  return g_contexts.erase(n) ? SEC_E_OK : SEC_E_INVALID_HANDLE;
}

namespace {

int32_t query(WindowsProcess& p, Ptr context, uint32_t attribute, Ptr buffer) {
  std::shared_ptr<Context> ctx = find_context(p, context);
  if (!ctx) return SEC_E_INVALID_HANDLE;
  std::lock_guard<GuestCallMutex> g(ctx->lock);
  if (!ctx->tls->handshake_done()) return SEC_E_INVALID_HANDLE;  // nothing negotiated yet
  switch (attribute) {
    case SECPKG_ATTR_STREAM_SIZES: {
      // SecPkgContext_StreamSizes: cbHeader, cbTrailer, cbMaximumMessage, cBuffers, cbBlockSize.
      const tls::StreamSizes z = ctx->tls->stream_sizes();
      const uint32_t v[5] = {z.header, z.trailer, z.maximum_message, z.buffers, z.block_size};
      std::memcpy(guest_pointer(buffer.addr), v, sizeof v);
      return SEC_E_OK;
    }
    case SECPKG_ATTR_CONNECTION_INFO: {
      // SecPkgContext_ConnectionInfo: dwProtocol, aiCipher, dwCipherStrength, aiHash,
      // dwHashStrength, aiExch, dwExchStrength.
      const tls::ConnectionInfo i = ctx->tls->connection_info();
      const uint32_t v[7] = {i.protocol, i.cipher, i.cipher_strength, i.hash, i.hash_strength, i.exchange,
                             i.exchange_strength};
      std::memcpy(guest_pointer(buffer.addr), v, sizeof v);
      return SEC_E_OK;
    }
    case SECPKG_ATTR_APPLICATION_PROTOCOL: {
      // SecPkgContext_ApplicationProtocol: ProtoNegoStatus (0 none, 1 success), ProtoNegoExt
      // (2 ALPN), ProtocolIdSize, ProtocolId[255].
      const std::string chosen = ctx->tls->application_protocol();
      uint8_t v[9 + 255] = {};
      const uint32_t status = chosen.empty() ? 0 : 1, ext = ctx->tls->alpn_offered() ? 2 : 0;
      std::memcpy(v, &status, 4);
      std::memcpy(v + 4, &ext, 4);
      v[8] = static_cast<uint8_t>(std::min<size_t>(chosen.size(), 255));
      std::memcpy(v + 9, chosen.data(), v[8]);
      std::memcpy(guest_pointer(buffer.addr), v, sizeof v);
      return SEC_E_OK;
    }
    case SECPKG_ATTR_REMOTE_CERT_CONTEXT: {
      // A CRYPT32 context of the server's certificate, the rest of the chain it sent in its
      // store: what a program validating by hand (ISC_REQ_MANUAL_CRED_VALIDATION) gives
      // CertGetCertificateChain. The program frees it.
      const uint64_t cert = crypt32::peer_certificate_context(p, ctx->tls->peer_certificates());
      if (!cert) return SEC_E_NO_CREDENTIALS;
      p.put_ptr(buffer.addr, cert);
      return SEC_E_OK;
    }
    default:
      return SEC_E_UNSUPPORTED_FUNCTION;
  }
}

}  // namespace

int32_t QueryContextAttributesA(WindowsProcess& p, Ptr context, uint32_t attribute, Ptr buffer) {
  return query(p, context, attribute, buffer);
}
int32_t QueryContextAttributesW(WindowsProcess& p, Ptr context, uint32_t attribute, Ptr buffer) {
  return query(p, context, attribute, buffer);
}

int32_t EncryptMessage(WindowsProcess& p, Ptr context, uint32_t qop, Ptr message, uint32_t) {
  std::shared_ptr<Context> ctx = find_context(p, context);
  if (!ctx) return SEC_E_INVALID_HANDLE;
  std::lock_guard<GuestCallMutex> g(ctx->lock);
  if (ctx->shut_down) return SEC_E_CONTEXT_EXPIRED;
  if (!ctx->tls->handshake_done()) return SEC_E_INVALID_HANDLE;
  if (qop & 0x80000001u) return SEC_E_QOP_NOT_SUPPORTED;  // SECQOP_WRAP_NO_ENCRYPT: Schannel always encrypts
  std::vector<Buffer> v = read_buffers(p, message);
  const int h = find_buffer(v, SECBUFFER_STREAM_HEADER), d = find_buffer(v, SECBUFFER_DATA),
            t = find_buffer(v, SECBUFFER_STREAM_TRAILER);
  if (h < 0 || d < 0 || t < 0) return SEC_E_INVALID_TOKEN;
  const tls::StreamSizes z = ctx->tls->stream_sizes();
  if (v[d].size > z.maximum_message) return SEC_E_INVALID_PARAMETER;
  if (v[h].size < z.header || v[t].size < z.trailer) return SEC_E_BUFFER_TOO_SMALL;
  // The record is header, then the data encrypted in place, then the trailer.
  std::vector<uint8_t> record;
  const tls::Step s = ctx->tls->encrypt(static_cast<const uint8_t*>(guest_pointer(v[d].data)), v[d].size, record);
  if (s != tls::Step::kOk) return status_of(s);
  if (record.size() < z.header + v[d].size || record.size() - z.header - v[d].size > v[t].size)
    return SEC_E_INTERNAL_ERROR;
  const size_t trailer = record.size() - z.header - v[d].size;
  std::memcpy(guest_pointer(v[h].data), record.data(), z.header);
  std::memcpy(guest_pointer(v[d].data), record.data() + z.header, v[d].size);
  if (trailer) std::memcpy(guest_pointer(v[t].data), record.data() + z.header + v[d].size, trailer);
  v[h].size = z.header;
  v[t].size = static_cast<uint32_t>(trailer);
  write_buffer(p, v[h]);
  write_buffer(p, v[t]);
  return SEC_E_OK;
}

int32_t DecryptMessage(WindowsProcess& p, Ptr context, Ptr message, uint32_t, Ptr qop) {
  std::shared_ptr<Context> ctx = find_context(p, context);
  if (!ctx) return SEC_E_INVALID_HANDLE;
  std::lock_guard<GuestCallMutex> g(ctx->lock);
  if (ctx->shut_down) return SEC_E_CONTEXT_EXPIRED;
  if (!ctx->tls->handshake_done()) return SEC_E_INVALID_HANDLE;
  // Four buffers: the data, and three empty ones for the header, data and trailer, and what
  // follows the record (SECBUFFER_EXTRA).
  std::vector<Buffer> v = read_buffers(p, message);
  const int d = find_buffer(v, SECBUFFER_DATA);
  if (v.size() < 4 || d < 0 || find_buffer(v, SECBUFFER_DATA, d + 1) >= 0) return SEC_E_INVALID_TOKEN;
  if (std::count_if(v.begin(), v.end(), [](const Buffer& b) { return b.type == SECBUFFER_EMPTY; }) < 3)
    return SEC_E_INVALID_TOKEN;
  if (qop) put<uint32_t>(qop.addr, 0);
  const uint32_t have = v[d].data ? v[d].size : 0;
  auto* data = static_cast<uint8_t*>(guest_pointer(v[d].data));
  const size_t size = tls::record_size(data, have);
  if (!size || size > have) {
    // Not a whole record: the data buffer and an empty one say how many more bytes it needs.
    const uint32_t missing = static_cast<uint32_t>(size ? size - have : 5 - have);
    v[d].type = SECBUFFER_MISSING;
    v[d].size = missing;
    write_buffer(p, v[d]);
    const int m = find_buffer(v, SECBUFFER_EMPTY);
    v[m].type = SECBUFFER_MISSING;
    v[m].size = missing;
    write_buffer(p, v[m]);
    return SEC_E_INCOMPLETE_MESSAGE;
  }
  std::vector<uint8_t> plain;
  const tls::Step s = ctx->tls->decrypt(data, size, plain);
  if (s != tls::Step::kOk && s != tls::Step::kClosed && s != tls::Step::kPostHandshake) return status_of(s);
  // Decrypted in place: the data after the record's header, the rest of the record its trailer.
  const uint32_t header = std::min<uint32_t>(ctx->tls->stream_sizes().header, static_cast<uint32_t>(size));
  const uint32_t n = static_cast<uint32_t>(std::min<size_t>(plain.size(), size - header));
  if (n) std::memcpy(data + header, plain.data(), n);
  auto fill = [&](uint32_t type, uint64_t at, uint32_t len) {
    const int e = find_buffer(v, SECBUFFER_EMPTY);
    if (e < 0) return;
    v[e].type = type, v[e].data = at, v[e].size = len;
    write_buffer(p, v[e]);
  };
  v[d].type = SECBUFFER_STREAM_HEADER;
  v[d].size = header;
  write_buffer(p, v[d]);
  fill(SECBUFFER_DATA, v[d].data + header, n);
  fill(SECBUFFER_STREAM_TRAILER, v[d].data + header + n, static_cast<uint32_t>(size - header - n));
  if (have > size) fill(SECBUFFER_EXTRA, v[d].data + size, static_cast<uint32_t>(have - size));
  return status_of(s);
}

// ApplyControlToken: SCHANNEL_SHUTDOWN (a DWORD 1 in a token buffer) readies the close_notify the
// next InitializeSecurityContext makes. Renegotiation requests and alert tokens (SCHANNEL_RENEGOTIATE,
// SCHANNEL_ALERT) are not supported.
int32_t ApplyControlToken(WindowsProcess& p, Ptr context, Ptr input) {
  std::shared_ptr<Context> ctx = find_context(p, context);
  if (!ctx) return SEC_E_INVALID_HANDLE;
  std::vector<Buffer> v = read_buffers(p, input);
  const int t = find_buffer(v, SECBUFFER_TOKEN);
  if (t < 0 || v[t].size < 4 || !v[t].data) return SEC_E_INVALID_TOKEN;
  const uint32_t type = get<uint32_t>(v[t].data);
  if (type != 1) return SEC_E_UNSUPPORTED_FUNCTION;
  std::lock_guard<GuestCallMutex> g(ctx->lock);
  ctx->shutdown_requested = true;
  return SEC_E_OK;
}

// Schannel has no CompleteAuthToken (its function table's entry is empty: the SSPI answers
// SEC_E_UNSUPPORTED_FUNCTION for its contexts).
int32_t CompleteAuthToken(WindowsProcess& p, Ptr context, Ptr) {
  return find_context(p, context) ? SEC_E_UNSUPPORTED_FUNCTION : SEC_E_INVALID_HANDLE;
}

}  // namespace polyrun::shims::schannel
