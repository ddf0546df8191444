// The TLS engine under SECUR32's Schannel package (secur32/schannel_tls.h): GnuTLS client sessions over
// memory. Certificate validation follows Schannel's automatic validation: the chain against the
// system's trusted roots, then the validity period, then the target name (the order of
// CertVerifyCertificateChainPolicy's SSL policy, whose results Schannel reports).
#include "shims/secur32/schannel_tls.h"

#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace polyrun::shims::tls {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { gnutls_global_init(); });
}

gnutls_session_t S(void* s) { return static_cast<gnutls_session_t>(s); }

}  // namespace

// GnuTLS's transport: the current call's buffers.
struct Io {
  static ssize_t push(gnutls_transport_ptr_t ptr, const void* data, size_t len) {
    auto* c = static_cast<Client*>(ptr);
    std::vector<uint8_t>& out = c->out_ ? *c->out_ : c->pending_;
    out.insert(out.end(), static_cast<const uint8_t*>(data), static_cast<const uint8_t*>(data) + len);
    return static_cast<ssize_t>(len);
  }
  static ssize_t pull(gnutls_transport_ptr_t ptr, void* data, size_t len) {
    auto* c = static_cast<Client*>(ptr);
    if (c->in_pos_ >= c->in_len_) {
      gnutls_transport_set_errno(S(c->session_), EAGAIN);
      return -1;
    }
    const size_t n = std::min(len, c->in_len_ - c->in_pos_);
    std::memcpy(data, c->in_ + c->in_pos_, n);
    c->in_pos_ += n;
    return static_cast<ssize_t>(n);
  }
};

size_t record_size(const uint8_t* p, size_t len) {
  if (len < 5) return 0;
  return 5 + (static_cast<size_t>(p[3]) << 8 | p[4]);
}

Client::Client(const Options& options) : options_(options) {
  global_init();
  gnutls_certificate_credentials_t cred = nullptr;
  if (gnutls_certificate_allocate_credentials(&cred) < 0) return;
  credentials_ = cred;
  // The system's trusted roots (Debian's /etc/ssl/certs/ca-certificates.crt, as GnuTLS is built);
  // none found leaves every chain untrusted, as a Windows machine without roots.
  if (options_.validate && options_.roots_pem.empty()) {
    gnutls_certificate_set_x509_system_trust(cred);
  } else if (options_.validate) {
    const gnutls_datum_t roots{reinterpret_cast<unsigned char*>(const_cast<char*>(options_.roots_pem.data())),
                               static_cast<unsigned>(options_.roots_pem.size())};
    gnutls_certificate_set_x509_trust_mem(cred, &roots, GNUTLS_X509_FMT_PEM);
  }
  gnutls_session_t s = nullptr;
  if (gnutls_init(&s, GNUTLS_CLIENT | GNUTLS_NONBLOCK) < 0) return;
  std::string priority = "NORMAL:-VERS-ALL";
  if (options_.protocols & kTls13) priority += ":+VERS-TLS1.3";
  if (options_.protocols & kTls12) priority += ":+VERS-TLS1.2";
  if (options_.protocols & kTls11) priority += ":+VERS-TLS1.1";
  if (options_.protocols & kTls10) priority += ":+VERS-TLS1.0";
  if (gnutls_priority_set_direct(s, priority.c_str(), nullptr) < 0 ||
      gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred) < 0) {
    gnutls_deinit(s);
    return;
  }
  gnutls_transport_set_ptr(s, this);
  gnutls_transport_set_push_function(s, &Io::push);
  gnutls_transport_set_pull_function(s, &Io::pull);
  // Server Name Indication carries a host name, never an address (RFC 6066, section 3).
  const std::string& t = options_.target;
  in6_addr a6;
  in_addr a4;
  if (!t.empty() && inet_pton(AF_INET, t.c_str(), &a4) != 1 && inet_pton(AF_INET6, t.c_str(), &a6) != 1)
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, t.data(), t.size());
  if (!options_.alpn.empty()) {
    std::vector<gnutls_datum_t> names;
    for (const std::string& n : options_.alpn)
      names.push_back({reinterpret_cast<unsigned char*>(const_cast<char*>(n.data())), static_cast<unsigned>(n.size())});
    alpn_offered_ = gnutls_alpn_set_protocols(s, names.data(), static_cast<unsigned>(names.size()), 0) == 0;
  }
  session_ = s;
}

Client::~Client() {
  if (session_) gnutls_deinit(S(session_));
  if (credentials_) gnutls_certificate_free_credentials(static_cast<gnutls_certificate_credentials_t>(credentials_));
}

namespace {

Step from_error(int r) {
  switch (r) {
    case GNUTLS_E_UNSUPPORTED_VERSION_PACKET:
    case GNUTLS_E_NO_CIPHER_SUITES:
    case GNUTLS_E_UNKNOWN_CIPHER_SUITE:
    case GNUTLS_E_INSUFFICIENT_CREDENTIALS:
    case GNUTLS_E_NO_COMMON_KEY_SHARE:
      return Step::kAlgorithmMismatch;
    case GNUTLS_E_DECRYPTION_FAILED:
      return Step::kDecryptFailure;
    case GNUTLS_E_NO_CERTIFICATE_FOUND:
      return Step::kNoCertificate;
    case GNUTLS_E_MEMORY_ERROR:
    case GNUTLS_E_INTERNAL_ERROR:
      return Step::kInternalError;
    default:
      return Step::kIllegalMessage;
  }
}

}  // namespace

Step Client::validate() {
  if (!options_.validate) return Step::kOk;
  unsigned status = 0;
  const char* name = options_.check_name && !options_.target.empty() ? options_.target.c_str() : nullptr;
  const int r = gnutls_certificate_verify_peers3(S(session_), name, &status);
  if (r == GNUTLS_E_NO_CERTIFICATE_FOUND) return Step::kNoCertificate;
  if (r < 0) return Step::kBadCertificate;
  // (GNUTLS_CERT_INVALID comes with every failure: the other bits say which.)
  if (status & (GNUTLS_CERT_SIGNATURE_FAILURE | GNUTLS_CERT_REVOKED | GNUTLS_CERT_INSECURE_ALGORITHM))
    return Step::kBadCertificate;
  if (status & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNER_NOT_CA))
    return Step::kUntrustedRoot;
  if (status & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED)) return Step::kExpired;
  if (status & GNUTLS_CERT_UNEXPECTED_OWNER) return Step::kWrongName;
  return status ? Step::kBadCertificate : Step::kOk;
}

Step Client::handshake(const uint8_t* in, size_t in_len, std::vector<uint8_t>& out, size_t& consumed) {
  consumed = 0;
  out.insert(out.end(), pending_.begin(), pending_.end());
  pending_.clear();
  if (done_ && !renegotiate_) return Step::kOk;  // nothing to negotiate: every byte is the caller's
  const size_t start = out.size();
  in_ = in, in_len_ = in_len, in_pos_ = 0, out_ = &out;
  int r;
  do r = gnutls_handshake(S(session_));
  while (r < 0 && r != GNUTLS_E_AGAIN && !gnutls_error_is_fatal(r));
  consumed = in_pos_;
  in_ = nullptr, in_len_ = 0, in_pos_ = 0, out_ = nullptr;
  awaiting_peer_ = r == GNUTLS_E_AGAIN;
  if (r == GNUTLS_E_AGAIN) return Step::kContinue;
  if (r < 0) return from_error(r);
  done_ = true;
  renegotiate_ = false;
  const Step v = validate();
  // A refused certificate ends the connection here: the client's last flight is not sent.
  if (v != Step::kOk) out.resize(start);
  return v;
}

Step Client::encrypt(const uint8_t* data, size_t len, std::vector<uint8_t>& record) {
  out_ = &record;
  const ssize_t r = gnutls_record_send(S(session_), data, len);
  out_ = nullptr;
  return r == static_cast<ssize_t>(len) ? Step::kOk : Step::kInternalError;
}

Step Client::decrypt(const uint8_t* record, size_t len, std::vector<uint8_t>& plain) {
  in_ = record, in_len_ = len, in_pos_ = 0;
  plain.resize(len);
  ssize_t r;
  do r = gnutls_record_recv(S(session_), plain.data(), plain.size());
  while (r == GNUTLS_E_INTERRUPTED || (r == GNUTLS_E_WARNING_ALERT_RECEIVED && in_pos_ < in_len_));
  in_ = nullptr, in_len_ = 0, in_pos_ = 0;
  if (r >= 0) plain.resize(static_cast<size_t>(r));
  else plain.clear();
  if (r > 0) return Step::kOk;
  if (r == 0) return Step::kClosed;
  if (r == GNUTLS_E_REHANDSHAKE) {
    renegotiate_ = true;
    return Step::kPostHandshake;
  }
  // A record that held no data: a TLS 1.3 post-handshake message GnuTLS took in (a session ticket,
  // a key update), or a warning alert.
  if (r == GNUTLS_E_AGAIN) return Step::kPostHandshake;
  if (r == GNUTLS_E_WARNING_ALERT_RECEIVED) return Step::kOk;
  return from_error(static_cast<int>(r));
}

Step Client::close(std::vector<uint8_t>& out) {
  out.insert(out.end(), pending_.begin(), pending_.end());
  pending_.clear();
  out_ = &out;
  const int r = gnutls_bye(S(session_), GNUTLS_SHUT_WR);
  out_ = nullptr;
  return r == 0 ? Step::kOk : Step::kInternalError;
}

namespace {

// ALG_ID values (wincrypt.h).
constexpr uint32_t kCalgAes128 = 0x660e, kCalgAes192 = 0x660f, kCalgAes256 = 0x6610, kCalg3Des = 0x6603,
                   kCalgRc4 = 0x6801, kCalgMd5 = 0x8003, kCalgSha1 = 0x8004, kCalgSha256 = 0x800c,
                   kCalgSha384 = 0x800d, kCalgSha512 = 0x800e, kCalgRsaKeyx = 0xa400, kCalgDhEphem = 0xaa02,
                   kCalgEcdhEphem = 0xae06;

}  // namespace

ConnectionInfo Client::connection_info() const {
  ConnectionInfo i;
  gnutls_session_t s = S(session_);
  switch (gnutls_protocol_get_version(s)) {
    case GNUTLS_TLS1_0: i.protocol = kTls10; break;
    case GNUTLS_TLS1_1: i.protocol = kTls11; break;
    case GNUTLS_TLS1_2: i.protocol = kTls12; break;
    case GNUTLS_TLS1_3: i.protocol = kTls13; break;
    default: break;
  }
  const gnutls_cipher_algorithm_t c = gnutls_cipher_get(s);
  switch (c) {
    case GNUTLS_CIPHER_AES_128_CBC: case GNUTLS_CIPHER_AES_128_GCM: case GNUTLS_CIPHER_AES_128_CCM:
      i.cipher = kCalgAes128; break;
    case GNUTLS_CIPHER_AES_192_CBC: i.cipher = kCalgAes192; break;
    case GNUTLS_CIPHER_AES_256_CBC: case GNUTLS_CIPHER_AES_256_GCM: case GNUTLS_CIPHER_AES_256_CCM:
      i.cipher = kCalgAes256; break;
    case GNUTLS_CIPHER_3DES_CBC: i.cipher = kCalg3Des; break;
    case GNUTLS_CIPHER_ARCFOUR_128: i.cipher = kCalgRc4; break;
    default: break;  // (ChaCha20-Poly1305 has no ALG_ID)
  }
  i.cipher_strength = static_cast<uint32_t>(gnutls_cipher_get_key_size(c) * 8);
  const gnutls_mac_algorithm_t m = gnutls_mac_get(s);
  switch (m) {
    case GNUTLS_MAC_MD5: i.hash = kCalgMd5; break;
    case GNUTLS_MAC_SHA1: i.hash = kCalgSha1; break;
    case GNUTLS_MAC_SHA256: i.hash = kCalgSha256; break;
    case GNUTLS_MAC_SHA384: i.hash = kCalgSha384; break;
    case GNUTLS_MAC_SHA512: i.hash = kCalgSha512; break;
    default: break;  // an AEAD cipher authenticates itself
  }
  if (i.hash) i.hash_strength = static_cast<uint32_t>(gnutls_mac_get_key_size(m) * 8);
  switch (gnutls_kx_get(s)) {
    case GNUTLS_KX_RSA: i.exchange = kCalgRsaKeyx; break;
    case GNUTLS_KX_DHE_RSA: case GNUTLS_KX_DHE_DSS: i.exchange = kCalgDhEphem; break;
    default: i.exchange = kCalgEcdhEphem; break;  // ECDHE, and TLS 1.3's (EC)DHE key shares
  }
  if (i.exchange == kCalgEcdhEphem) {
    const gnutls_ecc_curve_t curve = gnutls_ecc_curve_get(s);
    i.exchange_strength = static_cast<uint32_t>(gnutls_ecc_curve_get_size(curve) * 8);
  } else if (i.exchange == kCalgDhEphem) {
    i.exchange_strength = static_cast<uint32_t>(gnutls_dh_get_prime_bits(s));
  }
  return i;
}

StreamSizes Client::stream_sizes() const {
  StreamSizes z;
  gnutls_session_t s = S(session_);
  const gnutls_cipher_algorithm_t c = gnutls_cipher_get(s);
  const bool tls13 = gnutls_protocol_get_version(s) == GNUTLS_TLS1_3;
  const unsigned block = static_cast<unsigned>(gnutls_cipher_get_block_size(c));
  const bool aead = gnutls_mac_get(s) == GNUTLS_MAC_AEAD;
  // The record header (type, version, length) and what precedes the ciphertext in the record: a
  // TLS 1.2 AES-GCM or CCM record's 8-byte explicit nonce, a CBC record's IV (TLS 1.1 and 1.2).
  unsigned header = 5;
  if (!tls13 && aead && c != GNUTLS_CIPHER_CHACHA20_POLY1305) header += 8;
  if (!aead && block > 1 && gnutls_protocol_get_version(s) >= GNUTLS_TLS1_1) header += block;
  // After the data: the AEAD tag (and TLS 1.3's inner content type), or the MAC and the padding.
  unsigned trailer;
  if (aead) trailer = static_cast<unsigned>(gnutls_cipher_get_tag_size(c)) + (tls13 ? 1 : 0);
  else trailer = static_cast<unsigned>(gnutls_mac_get_key_size(gnutls_mac_get(s))) + (block > 1 ? block : 0);
  z.header = header;
  z.trailer = trailer;
  z.maximum_message = static_cast<uint32_t>(gnutls_record_get_max_size(s));
  z.block_size = block;
  return z;
}

std::string Client::application_protocol() const {
  gnutls_datum_t d{};
  if (gnutls_alpn_get_selected_protocol(S(session_), &d) != 0) return "";
  return std::string(reinterpret_cast<const char*>(d.data), d.size);
}

int64_t Client::peer_expiration() const {
  unsigned count = 0;
  const gnutls_datum_t* certs = gnutls_certificate_get_peers(S(session_), &count);
  if (!certs || !count) return 0;
  gnutls_x509_crt_t crt;
  if (gnutls_x509_crt_init(&crt) < 0) return 0;
  int64_t t = 0;
  if (gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) == 0) t = gnutls_x509_crt_get_expiration_time(crt);
  gnutls_x509_crt_deinit(crt);
  return t > 0 ? t : 0;
}

std::vector<std::vector<uint8_t>> Client::peer_certificates() const {
  std::vector<std::vector<uint8_t>> out;
  unsigned count = 0;
  const gnutls_datum_t* certs = gnutls_certificate_get_peers(S(session_), &count);
  for (unsigned i = 0; certs && i < count; ++i) out.emplace_back(certs[i].data, certs[i].data + certs[i].size);
  return out;
}

}  // namespace polyrun::shims::tls
