// WLDAP32's sessions and errors: ldap_init, ldap_open, ldap_sslinit and cldap_open (narrow and
// wide) over OpenLDAP's ldap_initialize, ldap_connect, ::ldap_unbind(_s), StartTLS, ldap_startup
// and ldap_cleanup; the result codes' texts (ldap_err2string), LdapGetLastError,
// LdapMapErrorToWin32, ldap_result2error, ldap_perror and the UTF-8 conversions.
#include <strings.h>

#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/wldap32/wldap32.h"

namespace polyrun::shims::wldap {

namespace {

constexpr uint32_t kLdapPort = 389, kLdapSslPort = 636;

bool has_scheme(const std::string& h) {
  for (const char* s : {"ldap://", "ldaps://", "ldapi://", "cldap://"})
    if (strncasecmp(h.c_str(), s, std::strlen(s)) == 0) return true;
  return false;
}

// The URLs OpenLDAP is given for a host name as Windows takes it: one or more names separated by
// spaces, each a host, host:port or an LDAP URL; those without a port get `port`.
std::string urls_for(const std::string& hosts, const char* scheme, uint32_t port) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    if (has_scheme(word)) {
      out += word;
    } else {
      out += scheme;
      out += word;
      // host:port, or an IPv6 address in brackets with or without one
      const size_t colon = word.rfind(':');
      const bool has_port = colon != std::string::npos && (word[0] != '[' || colon > word.find(']'));
      if (!has_port) out += ":" + std::to_string(port);
    }
    word.clear();
  };
  for (char c : hosts) {
    if (c == ' ' || c == '\t') flush();
    else word += c;
  }
  flush();
  return out;
}

// A session for `host` (null: the local machine, "localhost"), or null with the thread's last error.
uint64_t make_session(WindowsProcess& p, std::optional<std::string> host, uint32_t port, const char* scheme,
                      uint32_t default_port) {
  const std::string h = host && !host->empty() ? *host : "localhost";
  const std::string url = urls_for(h, scheme, port ? port : default_port);
  LDAP* ld = nullptr;
  int rc = ::ldap_initialize(&ld, url.c_str());
  if (rc != LDAP_SUCCESS || !ld) {
    set_last(rc == LDAP_SUCCESS ? kLocalError : map_error(rc));
    return 0;
  }
  Session* s = new_session(p, ld, url, h);
  if (!s) {
    ::ldap_unbind_ext(ld, nullptr, nullptr);
    set_last(kNoMemory);
    return 0;
  }
  if (std::strcmp(scheme, "ldaps://") == 0) s->ssl = true;
  set_last(kSuccess);
  return s->guest;
}

Ptr ldap_initA(WindowsProcess& p, AStr host, uint32_t port) {
  return make_session(p, in_str(host.addr, false), port, "ldap://", kLdapPort);
}
Ptr ldap_initW(WindowsProcess& p, WStr host, uint32_t port) {
  return make_session(p, in_str(host.addr, true), port, "ldap://", kLdapPort);
}

Ptr ldap_sslinitA(WindowsProcess& p, AStr host, uint32_t port, int32_t secure) {
  return make_session(p, in_str(host.addr, false), port, secure ? "ldaps://" : "ldap://", secure ? kLdapSslPort : kLdapPort);
}
Ptr ldap_sslinitW(WindowsProcess& p, WStr host, uint32_t port, int32_t secure) {
  return make_session(p, in_str(host.addr, true), port, secure ? "ldaps://" : "ldap://", secure ? kLdapSslPort : kLdapPort);
}

// ldap_open: a session whose connection is made at once (Microsoft's documentation: "allocates an
// LDAP structure and opens a connection"); null, with LDAP_SERVER_DOWN as the thread's error, when
// no server answers.
uint64_t open_session(WindowsProcess& p, std::optional<std::string> host, uint32_t port, const char* scheme) {
  const uint64_t g = make_session(p, std::move(host), port, scheme, kLdapPort);
  if (!g) return 0;
  Session* s = session(p, g);
  const uint32_t err = connect(p, *s, nullptr);
  if (err != kSuccess) {
    ::ldap_unbind_ext(s->ld, nullptr, nullptr);
    end_session(p, g);
    set_last(err);
    return 0;
  }
  return g;
}

Ptr ldap_openA(WindowsProcess& p, AStr host, uint32_t port) { return open_session(p, in_str(host.addr, false), port, "ldap://"); }
Ptr ldap_openW(WindowsProcess& p, WStr host, uint32_t port) { return open_session(p, in_str(host.addr, true), port, "ldap://"); }

// Connectionless LDAP (over UDP): OpenLDAP's cldap:// sessions.
Ptr cldap_openA(WindowsProcess& p, AStr host, uint32_t port) {
  return make_session(p, in_str(host.addr, false), port, "cldap://", kLdapPort);
}
Ptr cldap_openW(WindowsProcess& p, WStr host, uint32_t port) {
  return make_session(p, in_str(host.addr, true), port, "cldap://", kLdapPort);
}

uint32_t ldap_connect(WindowsProcess& p, Ptr ld, Ptr timeout) {
  Session* s = session(p, ld.addr);
  if (!s) return note(p, nullptr, kParamError);
  auto tv = in_timeval(timeout.addr);
  return note(p, s, connect(p, *s, tv ? &*tv : nullptr));
}

uint32_t ldap_unbind(WindowsProcess& p, Ptr ld) {
  Session* s = session(p, ld.addr);
  if (!s) return note(p, nullptr, kParamError);
  LDAP* h = s->ld;
  const bool connected = s->connected;
  end_session(p, ld.addr);
  // (The session is gone whatever the server heard.)
  if (connected) blocking(p, [h] { return ::ldap_unbind_ext(h, nullptr, nullptr); });
  else ::ldap_unbind_ext(h, nullptr, nullptr);
  set_last(kSuccess);
  return kSuccess;
}

// StartTLS (RFC 4513): the connection (made first if it is not) goes on under TLS. The server's
// result code goes to *ServerReturnValue; no result message is kept (*result gets NULL).
uint32_t start_tls(WindowsProcess& p, Ptr ld, Ptr server_rc, Ptr result, Ptr sctrls, Ptr cctrls, bool wide) {
  Session* s = session(p, ld.addr);
  if (!s) return note(p, nullptr, kParamError);
  if (result) p.put_ptr(result.addr, 0);
  Arena a(p, wide);
  LDAPControl** sc = a.controls(sctrls.addr);
  LDAPControl** cc = a.controls(cctrls.addr);
  LDAP* h = s->ld;
  int rc = blocking(p, [&] { return ::ldap_start_tls_s(h, sc, cc); });
  if (rc == LDAP_SUCCESS) s->connected = true;
  const uint32_t err = map_error(rc);
  if (server_rc) put<uint32_t>(server_rc.addr, err);
  return note(p, s, err);
}
uint32_t ldap_start_tls_sA(WindowsProcess& p, Ptr ld, Ptr server_rc, Ptr result, Ptr sctrls, Ptr cctrls) {
  return start_tls(p, ld, server_rc, result, sctrls, cctrls, false);
}
uint32_t ldap_start_tls_sW(WindowsProcess& p, Ptr ld, Ptr server_rc, Ptr result, Ptr sctrls, Ptr cctrls) {
  return start_tls(p, ld, server_rc, result, sctrls, cctrls, true);
}

// ldap_stop_tls_s ends TLS on a connection that goes on in the clear. OpenLDAP cannot take TLS off a
// connection, so the connection is closed instead, as Microsoft's documentation says Windows does
// when the server cannot go back to the clear: FALSE, and the session needs a new connection.
uint8_t ldap_stop_tls_s(WindowsProcess& p, Ptr ld) {
  Session* s = session(p, ld.addr);
  if (!s) return 0;
  note(p, s, kUnwillingToPerform);
  return 0;
}

// ldap_startup: the library's version (3.0, the protocol version it speaks) and no instance
// handle to keep; ldap_cleanup has nothing to release.
uint32_t ldap_startup(WindowsProcess& p, Ptr version, Ptr instance) {
  if (version) {
    const uint32_t size = get<uint32_t>(version.addr);
    if (size >= 12) put<uint32_t>(version.addr + 4, 3), put<uint32_t>(version.addr + 8, 0);
  }
  if (instance) p.put_ptr(instance.addr, 0);
  return kSuccess;
}
uint32_t ldap_cleanup(WindowsProcess&, Ptr) { return kSuccess; }

}  // namespace

const char* err_text(uint32_t err) {
  static const char* const kTexts[] = {
      "Success", "Operations Error", "Protocol Error", "Time Limit Exceeded", "Size Limit Exceeded",
      "Compare False", "Compare True", "Authentication Method Not Supported", "Strong Authentication Required",
      "Referral (v2)", "Referral", "Administration Limit Exceeded", "Unavailable Critical Extension",
      "Confidentiality Required", "SASL Bind in Progress", "", "No Such Attribute", "Undefined Type",
      "Inappropriate Matching", "Constraint Violation", "Attribute Or Value Exists", "Invalid Syntax", "", "", "", "",
      "", "", "", "", "", "", "No Such Object", "Alias Problem", "Invalid DN Syntax", "Is Leaf",
      "Alias Dereference Problem", "", "", "", "", "", "", "", "", "", "", "", "Inappropriate Authentication",
      "Invalid Credentials", "Insufficient Rights", "Busy", "Unavailable", "Unwilling To Perform", "Loop Detected",
      "", "", "", "", "", "Sort Control Missing", "Index range error", "", "", "Naming Violation",
      "Object Class Violation", "Not allowed on Non-leaf", "Not allowed on RDN", "Already Exists",
      "No Object Class Mods", "Results Too Large", "Affects Multiple DSAs", "", "", "", "", "", "", "", "", "Other",
      "Server Down", "Local Error", "Encoding Error", "Decoding Error", "Timeout", "Auth Unknown", "Filter Error",
      "User Canceled", "Parameter Error", "No Memory", "Can't connect to the LDAP server",
      "Operation not supported by this version of the LDAP protocol", "Specified control was not found in message",
      "No result present in message", "More results returned", "Loop while handling referrals",
      "Referral hop limit exceeded"};
  return kTexts[err < sizeof kTexts / sizeof *kTexts ? err : kLocalError];
}

namespace {

// ldap_err2string's answer lives in the DLL (the program does not free it): one buffer per text and
// encoding, made on first use.
uint64_t err_string(WindowsProcess& p, uint32_t err, bool wide) {
  static std::map<std::pair<uint32_t, bool>, uint64_t> made;
  const std::string text = err_text(err);
  const auto key = std::make_pair(err, wide);
  auto it = made.find(key);
  if (it != made.end()) return it->second;
  std::string bytes;
  if (wide) {
    std::u16string u = utf8_to_utf16(text);
    bytes.assign(reinterpret_cast<const char*>(u.c_str()), (u.size() + 1) * 2);
  } else {
    bytes.assign(text.c_str(), text.size() + 1);  // (ASCII)
  }
  const uint64_t b = p.alloc_data(bytes.size());
  copy_guest(guest_pointer(b), bytes.data(), bytes.size(), b, true);
  made[key] = b;
  return b;
}

Ptr ldap_err2stringA(WindowsProcess& p, uint32_t err) { return err_string(p, err, false); }
Ptr ldap_err2stringW(WindowsProcess& p, uint32_t err) { return err_string(p, err, true); }

// ldap_perror writes nothing on Windows (its documentation: the function is obsolete, kept for
// compatibility; its text went to a debugger in the old checked builds).
void ldap_perror(WindowsProcess&, Ptr, CStr) {}

uint32_t LdapGetLastError(WindowsProcess&) { return last(); }

// The Win32 error each LDAP result code stands for.
uint32_t LdapMapErrorToWin32(WindowsProcess&, uint32_t err) {
  constexpr uint32_t G = 8341;  // ERROR_DS_GENERIC_ERROR
  static const uint32_t kMap[] = {
      0, 110, 124, 1460, 234, G, G, 5, 5, 234, 234, 1816, 1003, G, G, G,  // 0x00 …
      87, G, 87, 87, 183, 123, G, G, G, G, G, G, G, G, G, G,              // 0x10 …
      2, G, 87, G, G, G, G, G, G, G, G, G, G, G, G, G,                    // 0x20 …
      5, 1323, 5, 170, 55, 1003, G, G, G, G, G, G, 8261, 8262, G, G,      // 0x30 …
      87, 87, 1003, 5, 183, 5, 122, 1003, G, G, G, G, G, G, G, G,         // 0x40 …
      G, 58, G, 59, 59, 1053, 1323, 87, 1223, 87, 8, 1225, 1003, 1168, 234, 234,  // 0x50 …
      G, G};                                                               // 0x60, 0x61
  return err < sizeof kMap / sizeof *kMap ? kMap[err] : G;
}

// ldap_result2error: the result code a result message carries (freeing it if asked).
uint32_t ldap_result2error(WindowsProcess& p, Ptr ld, Ptr res, uint32_t free_it) {
  Session* s = session(p, ld.addr);
  LDAPMessage* m = host_message(p, res.addr);
  if (!s || !m) return kFail;
  int code = 0;
  int rc = ::ldap_parse_result(s->ld, m, &code, nullptr, nullptr, nullptr, nullptr, 0);
  if (free_it) free_message(p, res.addr);
  if (rc != LDAP_SUCCESS) return kFail;
  return note(p, s, map_error(code));
}

// LdapUTF8ToUnicode and LdapUnicodeToUTF8: MultiByteToWideChar and WideCharToMultiByte for UTF-8
// (the number of units written, or needed when the destination's length is 0).
int32_t LdapUTF8ToUnicode(WindowsProcess& p, Ptr src, int32_t srclen, Ptr dst, int32_t dstlen) {
  return static_cast<int32_t>(p.call_export("kernel32.dll", "MultiByteToWideChar",
                                            {65001, 0, src.addr, static_cast<uint64_t>(static_cast<int64_t>(srclen)),
                                             dst.addr, static_cast<uint64_t>(static_cast<int64_t>(dstlen))}));
}
int32_t LdapUnicodeToUTF8(WindowsProcess& p, Ptr src, int32_t srclen, Ptr dst, int32_t dstlen) {
  return static_cast<int32_t>(p.call_export("kernel32.dll", "WideCharToMultiByte",
                                            {65001, 0, src.addr, static_cast<uint64_t>(static_cast<int64_t>(srclen)),
                                             dst.addr, static_cast<uint64_t>(static_cast<int64_t>(dstlen)), 0, 0}));
}

}  // namespace

const std::vector<Export>& session_exports() {
  static const std::vector<Export> e = {
      EXPORT("ldap_initA", ldap_initA),
      EXPORT("ldap_initW", ldap_initW),
      EXPORT("ldap_init", ldap_initA),
      EXPORT("ldap_sslinitA", ldap_sslinitA),
      EXPORT("ldap_sslinitW", ldap_sslinitW),
      EXPORT("ldap_sslinit", ldap_sslinitA),
      EXPORT("ldap_openA", ldap_openA),
      EXPORT("ldap_openW", ldap_openW),
      EXPORT("ldap_open", ldap_openA),
      EXPORT("cldap_openA", cldap_openA),
      EXPORT("cldap_openW", cldap_openW),
      EXPORT("cldap_open", cldap_openA),
      EXPORT("ldap_connect", ldap_connect),
      EXPORT("ldap_unbind", ldap_unbind),
      EXPORT("ldap_unbind_s", ldap_unbind),
      EXPORT("ldap_start_tls_sA", ldap_start_tls_sA),
      EXPORT("ldap_start_tls_sW", ldap_start_tls_sW),
      EXPORT("ldap_stop_tls_s", ldap_stop_tls_s),
      EXPORT("ldap_startup", ldap_startup),
      EXPORT("ldap_cleanup", ldap_cleanup),
      EXPORT("ldap_err2stringA", ldap_err2stringA),
      EXPORT("ldap_err2stringW", ldap_err2stringW),
      EXPORT("ldap_err2string", ldap_err2stringA),
      EXPORT("ldap_perror", ldap_perror),
      EXPORT("LdapGetLastError", LdapGetLastError),
      EXPORT("LdapMapErrorToWin32", LdapMapErrorToWin32),
      EXPORT("ldap_result2error", ldap_result2error),
      EXPORT("LdapUTF8ToUnicode", LdapUTF8ToUnicode),
      EXPORT("LdapUnicodeToUTF8", LdapUnicodeToUTF8),
  };
  return e;
}

}  // namespace polyrun::shims::wldap
