// The TLS engine under SECUR32's Schannel package (shims/secur32/schannel_tls.cpp) against a GnuTLS server
// in the same process, over byte queues: the handshake, records both ways, TLS 1.3's session
// tickets as post-handshake messages, close_notify, and certificate validation's answers (a trusted
// chain, an untrusted root, a wrong name, an expired certificate) with a test CA as the roots.
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "shims/secur32/schannel_tls.h"

namespace tls = polyrun::shims::tls;

namespace {

gnutls_x509_privkey_t make_key() {
  gnutls_x509_privkey_t k;
  gnutls_x509_privkey_init(&k);
  gnutls_x509_privkey_generate(k, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0);
  return k;
}

// A certificate for `key`: a CA's (self-signed) or a server's for `dns`, signed by the CA.
gnutls_x509_crt_t make_cert(gnutls_x509_privkey_t key, gnutls_x509_crt_t issuer, gnutls_x509_privkey_t issuer_key,
                            const char* name, time_t not_before, time_t not_after, unsigned char serial) {
  gnutls_x509_crt_t c;
  gnutls_x509_crt_init(&c);
  gnutls_x509_crt_set_version(c, 3);
  gnutls_x509_crt_set_serial(c, &serial, 1);
  gnutls_x509_crt_set_activation_time(c, not_before);
  gnutls_x509_crt_set_expiration_time(c, not_after);
  gnutls_x509_crt_set_dn_by_oid(c, GNUTLS_OID_X520_COMMON_NAME, 0, name, std::strlen(name));
  gnutls_x509_crt_set_key(c, key);
  unsigned char id[64];
  size_t id_size = sizeof id;
  gnutls_x509_crt_get_key_id(c, 0, id, &id_size);
  gnutls_x509_crt_set_subject_key_id(c, id, id_size);
  if (!issuer) {
    gnutls_x509_crt_set_basic_constraints(c, 1, -1);
    gnutls_x509_crt_set_key_usage(c, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN);
  } else {
    gnutls_x509_crt_set_basic_constraints(c, 0, -1);
    gnutls_x509_crt_set_key_usage(c, GNUTLS_KEY_DIGITAL_SIGNATURE);
    gnutls_x509_crt_set_key_purpose_oid(c, GNUTLS_KP_TLS_WWW_SERVER, 0);
    gnutls_x509_crt_set_subject_alt_name(c, GNUTLS_SAN_DNSNAME, name, std::strlen(name), GNUTLS_FSAN_SET);
    id_size = sizeof id;
    gnutls_x509_crt_get_subject_key_id(issuer, id, &id_size, nullptr);
    gnutls_x509_crt_set_authority_key_id(c, id, id_size);
  }
  gnutls_x509_crt_sign2(c, issuer ? issuer : c, issuer ? issuer_key : key, GNUTLS_DIG_SHA256, 0);
  return c;
}

std::string pem(gnutls_x509_crt_t c) {
  gnutls_datum_t d{};
  gnutls_x509_crt_export2(c, GNUTLS_X509_FMT_PEM, &d);
  std::string s(reinterpret_cast<char*>(d.data), d.size);
  gnutls_free(d.data);
  return s;
}

// A server session over two queues of bytes.
struct Server {
  std::vector<uint8_t> in, out;  // from the client, to the client
  gnutls_certificate_credentials_t cred{};
  gnutls_session_t s{};
  gnutls_datum_t ticket_key{};
  static ssize_t push(gnutls_transport_ptr_t p, const void* d, size_t n) {
    auto* self = static_cast<Server*>(p);
    self->out.insert(self->out.end(), static_cast<const uint8_t*>(d), static_cast<const uint8_t*>(d) + n);
    return static_cast<ssize_t>(n);
  }
  static ssize_t pull(gnutls_transport_ptr_t p, void* d, size_t n) {
    auto* self = static_cast<Server*>(p);
    if (self->in.empty()) {
      gnutls_transport_set_errno(self->s, EAGAIN);
      return -1;
    }
    n = std::min(n, self->in.size());
    std::memcpy(d, self->in.data(), n);
    self->in.erase(self->in.begin(), self->in.begin() + static_cast<long>(n));
    return static_cast<ssize_t>(n);
  }
  Server(gnutls_x509_crt_t leaf, gnutls_x509_privkey_t key) {
    gnutls_certificate_allocate_credentials(&cred);
    gnutls_certificate_set_x509_key(cred, &leaf, 1, key);
    gnutls_init(&s, GNUTLS_SERVER | GNUTLS_NONBLOCK);
    gnutls_set_default_priority(s);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_session_ticket_key_generate(&ticket_key);  // (so that it sends TLS 1.3 session tickets)
    gnutls_session_ticket_enable_server(s, &ticket_key);
    gnutls_transport_set_ptr(s, this);
    gnutls_transport_set_push_function(s, push);
    gnutls_transport_set_pull_function(s, pull);
  }
  ~Server() {
    gnutls_deinit(s);
    gnutls_certificate_free_credentials(cred);
    gnutls_free(ticket_key.data);
  }
};

// The whole records at the start of `b`.
size_t whole_records(const std::vector<uint8_t>& b) {
  size_t at = 0;
  while (size_t r = tls::record_size(b.data() + at, b.size() - at)) {
    if (at + r > b.size()) break;
    at += r;
  }
  return at;
}

class SchannelTls : public ::testing::Test {
 protected:
  void SetUp() override {
    const time_t now = std::time(nullptr);
    ca_key_ = make_key();
    leaf_key_ = make_key();
    ca_ = make_cert(ca_key_, nullptr, nullptr, "polyrun test CA", now - 3600, now + 86400, 1);
    leaf_ = make_cert(leaf_key_, ca_, ca_key_, "server.test", now - 3600, now + 86400, 2);
    expired_ = make_cert(leaf_key_, ca_, ca_key_, "server.test", now - 7200, now - 3600, 3);
  }
  void TearDown() override {
    for (auto c : {ca_, leaf_, expired_}) gnutls_x509_crt_deinit(c);
    gnutls_x509_privkey_deinit(ca_key_);
    gnutls_x509_privkey_deinit(leaf_key_);
  }
  // Runs the handshake between `c` and `srv` to its end; the client's last step.
  static tls::Step handshake(tls::Client& c, Server& srv) {
    std::vector<uint8_t> out;
    size_t consumed = 0;
    tls::Step st = c.handshake(nullptr, 0, out, consumed);
    srv.in.insert(srv.in.end(), out.begin(), out.end());
    st = carry_on(c, srv, st);
    gnutls_handshake(srv.s);  // the server takes the client's last flight
    return st;
  }
  // Carries on a handshake whose client step `st` has been sent to `srv`, while the client asks
  // for more; the client's last step.
  static tls::Step carry_on(tls::Client& c, Server& srv, tls::Step st) {
    std::vector<uint8_t> out;
    size_t consumed = 0;
    for (int round = 0; round < 10 && st == tls::Step::kContinue; ++round) {
      gnutls_handshake(srv.s);
      const size_t whole = whole_records(srv.out);
      if (!whole) continue;
      out.clear();
      st = c.handshake(srv.out.data(), whole, out, consumed);
      srv.out.erase(srv.out.begin(), srv.out.begin() + static_cast<long>(consumed));
      srv.in.insert(srv.in.end(), out.begin(), out.end());
    }
    return st;
  }
  tls::Options options(const char* target, bool validate = true) {
    tls::Options o;
    o.protocols = tls::kTls12 | tls::kTls13;
    o.validate = validate;
    o.target = target;
    o.roots_pem = pem(ca_);
    return o;
  }
  gnutls_x509_privkey_t ca_key_{}, leaf_key_{};
  gnutls_x509_crt_t ca_{}, leaf_{}, expired_{};
};

TEST_F(SchannelTls, TrustedChainAndRecordsBothWays) {
  Server srv(leaf_, leaf_key_);
  tls::Client c(options("server.test"));
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(handshake(c, srv), tls::Step::kOk);
  EXPECT_EQ(c.connection_info().protocol, tls::kTls13);
  const tls::StreamSizes z = c.stream_sizes();
  EXPECT_EQ(z.header, 5u);           // TLS 1.3: the record header alone
  EXPECT_EQ(z.trailer, 17u);         // the AEAD tag and the inner content type
  EXPECT_EQ(z.maximum_message, 16384u);

  std::vector<uint8_t> record;
  ASSERT_EQ(c.encrypt(reinterpret_cast<const uint8_t*>("ping"), 4, record), tls::Step::kOk);
  EXPECT_EQ(record.size(), z.header + 4 + z.trailer);
  srv.in.insert(srv.in.end(), record.begin(), record.end());
  char got[16] = {};
  ASSERT_EQ(gnutls_record_recv(srv.s, got, sizeof got), 4);
  EXPECT_STREQ(got, "ping");

  // The server's session tickets come before its data: post-handshake messages, then the data,
  // then its close_notify.
  ASSERT_EQ(gnutls_record_send(srv.s, "pong", 4), 4);
  gnutls_bye(srv.s, GNUTLS_SHUT_WR);
  std::string data;
  int post = 0;
  bool closed = false;
  while (!closed && !srv.out.empty()) {
    const size_t r = tls::record_size(srv.out.data(), srv.out.size());
    ASSERT_GT(r, 0u);
    ASSERT_LE(r, srv.out.size());
    std::vector<uint8_t> plain;
    const tls::Step st = c.decrypt(srv.out.data(), r, plain);
    srv.out.erase(srv.out.begin(), srv.out.begin() + static_cast<long>(r));
    if (st == tls::Step::kPostHandshake) ++post;
    else if (st == tls::Step::kClosed) closed = true;
    else ASSERT_EQ(st, tls::Step::kOk);
    data.append(plain.begin(), plain.end());
  }
  EXPECT_EQ(data, "pong");
  EXPECT_TRUE(closed);
  EXPECT_GE(post, 1);  // the NewSessionTicket
  std::vector<uint8_t> out;
  EXPECT_EQ(c.close(out), tls::Step::kOk);
  EXPECT_FALSE(out.empty());
}

TEST_F(SchannelTls, WrongNameIsRefused) {
  Server srv(leaf_, leaf_key_);
  tls::Client c(options("other.test"));
  EXPECT_EQ(handshake(c, srv), tls::Step::kWrongName);
}

TEST_F(SchannelTls, NameCheckCanBeLeftOut) {
  Server srv(leaf_, leaf_key_);
  tls::Options o = options("other.test");
  o.check_name = false;  // SCH_CRED_NO_SERVERNAME_CHECK
  tls::Client c(o);
  EXPECT_EQ(handshake(c, srv), tls::Step::kOk);
}

TEST_F(SchannelTls, ExpiredCertificateIsRefused) {
  Server srv(expired_, leaf_key_);
  tls::Client c(options("server.test"));
  EXPECT_EQ(handshake(c, srv), tls::Step::kExpired);
}

TEST_F(SchannelTls, UnknownRootIsRefusedBeforeTheName) {
  Server srv(leaf_, leaf_key_);
  tls::Options o = options("other.test");
  o.roots_pem.clear();  // the system's roots, which do not hold the test CA
  tls::Client c(o);
  EXPECT_EQ(handshake(c, srv), tls::Step::kUntrustedRoot);
}

TEST_F(SchannelTls, ManualValidationTakesAnyCertificate) {
  Server srv(expired_, leaf_key_);
  tls::Options o = options("other.test", false);
  o.roots_pem.clear();
  tls::Client c(o);
  EXPECT_EQ(handshake(c, srv), tls::Step::kOk);
}

TEST_F(SchannelTls, Tls12OnlyWhenAsked) {
  Server srv(leaf_, leaf_key_);
  tls::Options o = options("server.test");
  o.protocols = tls::kTls12;
  tls::Client c(o);
  ASSERT_EQ(handshake(c, srv), tls::Step::kOk);
  EXPECT_EQ(c.connection_info().protocol, tls::kTls12);
}

// A TLS 1.2 server's HelloRequest: a post-handshake message that leaves the client renegotiating,
// and the next handshake steps negotiate again (SEC_I_RENEGOTIATE, then InitializeSecurityContext).
TEST_F(SchannelTls, Tls12RenegotiationOnRequest) {
  Server srv(leaf_, leaf_key_);
  tls::Options o = options("server.test");
  o.protocols = tls::kTls12;
  tls::Client c(o);
  ASSERT_EQ(handshake(c, srv), tls::Step::kOk);
  ASSERT_EQ(gnutls_rehandshake(srv.s), 0);
  const size_t r = tls::record_size(srv.out.data(), srv.out.size());
  ASSERT_GT(r, 0u);
  std::vector<uint8_t> plain;
  EXPECT_EQ(c.decrypt(srv.out.data(), r, plain), tls::Step::kPostHandshake);
  srv.out.erase(srv.out.begin(), srv.out.begin() + static_cast<long>(r));
  EXPECT_TRUE(c.renegotiating());
  EXPECT_FALSE(c.awaiting_peer());  // the client speaks first
  std::vector<uint8_t> out;
  size_t consumed = 0;
  tls::Step st = c.handshake(nullptr, 0, out, consumed);  // the new ClientHello
  ASSERT_EQ(st, tls::Step::kContinue);
  EXPECT_FALSE(out.empty());
  srv.in.insert(srv.in.end(), out.begin(), out.end());
  st = carry_on(c, srv, st);
  EXPECT_EQ(st, tls::Step::kOk);
  EXPECT_FALSE(c.renegotiating());
}

}  // namespace
