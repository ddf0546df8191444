// Cyrus SASL as a static polyrun has it: no mechanisms. OpenLDAP's client library (WLDAP32,
// wldap32/) calls Cyrus SASL only for its interactive SASL binds (ldap_sasl_interactive_bind),
// which WLDAP32 never makes: Windows' SASL binds (ldap_sasl_bind(_s)) carry the program's own
// credentials in LDAP's SASL bind request, which libldap encodes itself. Debian's static
// libsasl2.a holds every mechanism's plugin, and with them OpenSSL, Kerberos, Berkeley DB and SQL
// clients, so the static build links these in its place. They answer as a SASL library with no
// mechanism installed does: it starts, lists no mechanism, and can open no exchange.
#include <cstddef>

extern "C" {

constexpr int kSaslOk = 0, kSaslNoMech = -4, kSaslBadParam = -7;

int sasl_client_init(const void*) { return kSaslOk; }
void sasl_set_mutex(void*, void*, void*, void*) {}
int sasl_client_new(const char*, const char*, const char*, const char*, const void*, unsigned, void** conn) {
  if (conn) *conn = nullptr;
  return kSaslNoMech;
}
// No exchange is ever opened (sasl_client_new fails), so the rest are never given one.
int sasl_client_start(void*, const char*, void**, const char**, unsigned*, const char**) { return kSaslNoMech; }
int sasl_client_step(void*, const char*, unsigned, void**, const char**, unsigned*) { return kSaslBadParam; }
int sasl_encode(void*, const char*, unsigned, const char**, unsigned*) { return kSaslBadParam; }
int sasl_decode(void*, const char*, unsigned, const char**, unsigned*) { return kSaslBadParam; }
void sasl_dispose(void** conn) {
  if (conn) *conn = nullptr;
}
int sasl_getprop(void*, int, const void** value) {
  if (value) *value = nullptr;
  return kSaslBadParam;
}
int sasl_setprop(void*, int, const void*) { return kSaslBadParam; }
const char* sasl_errdetail(void*) { return "no SASL mechanism is available"; }
const char* sasl_errstring(int, const char*, const char**) { return "no SASL mechanism is available"; }
const char** sasl_global_listmech(void) { return nullptr; }

}  // extern "C"
