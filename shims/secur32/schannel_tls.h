// The TLS engine under SECUR32's Schannel package: a GnuTLS client session driven over memory
// rather than a socket. SSPI is buffer in, buffer out: each call hands the engine the bytes the
// program received (whole TLS records only: the SSPI layer frames them) and takes back the bytes
// the program must send. GnuTLS's push and pull functions read from and append to those buffers,
// and a pull past the given bytes is EAGAIN, so GnuTLS never waits and never touches a socket.
//
// Host code with no part in the Windows process: the SSPI layer (secur32/schannel.cpp) turns its
// results into SECURITY_STATUS values and guest buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace polyrun::shims::tls {

// What a handshake or record step came to.
enum class Step {
  kOk,              // done (the handshake is complete; a record was decrypted)
  kContinue,        // the handshake wants the peer's next flight
  kClosed,          // the peer's close_notify
  kPostHandshake,   // a handshake message after the handshake (a renegotiation request, a TLS 1.3
                    // NewSessionTicket or KeyUpdate): the program returns to its handshake loop
  kUntrustedRoot,   // certificate validation: no trusted root
  kExpired,         // certificate validation: outside its validity period
  kWrongName,       // certificate validation: not the target name's
  kBadCertificate,  // certificate validation: a bad signature, a revoked or unusable certificate
  kNoCertificate,   // the server sent none
  kAlgorithmMismatch,  // no protocol version or cipher suite both sides allow
  kDecryptFailure,  // a record that fails its authentication
  kIllegalMessage,  // anything else the peer sent that TLS forbids, or a fatal alert
  kInternalError,
};

// SP_PROT_* client flags (schannel.h).
constexpr uint32_t kTls10 = 0x80, kTls11 = 0x200, kTls12 = 0x800, kTls13 = 0x2000;

struct Options {
  uint32_t protocols = kTls12;  // SP_PROT_*_CLIENT flags the session may negotiate
  bool validate = true;         // check the server's certificate against the system's roots
  bool check_name = true;       // ... and against the target name
  std::string target;           // the server's name: SNI (unless an address) and the name checked
  std::vector<std::string> alpn;  // protocols to offer (ALPN)
  std::string roots_pem;  // roots to trust in place of the system's (PEM): tests give their own
};

// A negotiated connection's parameters, in SecPkgContext_ConnectionInfo's and StreamSizes' terms.
struct ConnectionInfo {
  uint32_t protocol = 0;  // SP_PROT_*_CLIENT
  uint32_t cipher = 0, cipher_strength = 0;  // ALG_ID, bits
  uint32_t hash = 0, hash_strength = 0;
  uint32_t exchange = 0, exchange_strength = 0;
};
struct StreamSizes {
  uint32_t header = 0, trailer = 0, maximum_message = 0, buffers = 4, block_size = 0;
};

class Client {
 public:
  explicit Client(const Options& options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  bool ok() const { return session_ != nullptr; }

  // One handshake step: `in` holds whole records the peer sent (may be empty on the first step).
  // Appends what to send to `out`; `consumed` is how much of `in` the engine read (the rest
  // belongs after the handshake: SECBUFFER_EXTRA).
  Step handshake(const uint8_t* in, size_t in_len, std::vector<uint8_t>& out, size_t& consumed);
  bool handshake_done() const { return done_; }
  // Whether the peer asked for a new handshake (a TLS 1.2 HelloRequest): the next handshake()
  // renegotiates.
  bool renegotiating() const { return renegotiate_; }
  // Whether the handshake waits for the peer's next flight (its last step was kContinue): then a
  // step without a whole record has nothing to do. A renegotiation's first step needs none.
  bool awaiting_peer() const { return awaiting_peer_; }

  // One record out: the record for `len` bytes of data (at most maximum_message).
  Step encrypt(const uint8_t* data, size_t len, std::vector<uint8_t>& record);
  // One whole record in (`len` is exactly its size): its plaintext, if any, in `plain`. Bytes the
  // engine must send in answer (a TLS 1.3 KeyUpdate's) wait for the next handshake step.
  Step decrypt(const uint8_t* record, size_t len, std::vector<uint8_t>& plain);
  // The close_notify alert to send.
  Step close(std::vector<uint8_t>& out);

  ConnectionInfo connection_info() const;
  StreamSizes stream_sizes() const;
  // The protocol ALPN chose; empty when none was.
  std::string application_protocol() const;
  bool alpn_offered() const { return alpn_offered_; }
  // When the server's certificate expires (seconds since 1970; 0 when there is none).
  int64_t peer_expiration() const;
  // The certificates the server sent (DER), its own first.
  std::vector<std::vector<uint8_t>> peer_certificates() const;

 private:
  friend struct Io;
  Step validate();
  void* session_ = nullptr;      // gnutls_session_t
  void* credentials_ = nullptr;  // gnutls_certificate_credentials_t
  Options options_;
  bool done_ = false, renegotiate_ = false, alpn_offered_ = false, awaiting_peer_ = false;
  // The current call's input and output.
  const uint8_t* in_ = nullptr;
  size_t in_len_ = 0, in_pos_ = 0;
  std::vector<uint8_t>* out_ = nullptr;
  std::vector<uint8_t> pending_;  // bytes GnuTLS sent while decrypting, for the next handshake step
};

// The size of the TLS record whose header starts `p` (5 + its length field); 0 with fewer than
// five bytes.
size_t record_size(const uint8_t* p, size_t len);

}  // namespace polyrun::shims::tls
