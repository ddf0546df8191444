// What WLDAP32's files share: the sessions (a Windows LDAP structure in guest memory for each of
// OpenLDAP's LDAP handles), the messages and BER elements handed to the program, the layouts of
// the structures programs pass (berval, LDAPMod, LDAPControl …) on both widths, the conversion of
// narrow and wide strings to and from the UTF-8 OpenLDAP speaks, and the results WLDAP32 allocates
// for the program (strings, arrays, bervals, controls: one block of the process heap each, which
// the matching free function gives back).
#pragma once

#define LDAP_DEPRECATED 1
#include <lber.h>
#include <ldap.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims::wldap {

// Windows' result codes: the server's (0 … 0x50) are the protocol's, as OpenLDAP's; the client's
// follow from 0x51 (LDAP_SERVER_DOWN) where OpenLDAP counts down from -1.
constexpr uint32_t kSuccess = 0, kCompareFalse = 5, kCompareTrue = 6, kAuthMethodNotSupported = 7,
                   kUnwillingToPerform = 0x35, kServerDown = 0x51, kLocalError = 0x52, kEncodingError = 0x53,
                   kDecodingError = 0x54, kTimeout = 0x55, kFilterError = 0x57, kParamError = 0x59, kNoMemory = 0x5a,
                   kConnectError = 0x5b, kNotSupported = 0x5c, kControlNotFound = 0x5d, kNoResultsReturned = 0x5e,
                   kMoreResultsToReturn = 0x5f, kReferralLimitExceeded = 0x61;
constexpr uint32_t kFail = 0xffffffffu;  // a message number or count that failed

// OpenLDAP's result code as Windows numbers it.
uint32_t map_error(int rc);
// The text of a result code (ldap_err2string's).
const char* err_text(uint32_t err);
// The thread's last LDAP error (LdapGetLastError), set by every call that fails.
void set_last(uint32_t err);
uint32_t last();

// One ldap_init/ldap_open/ldap_sslinit/cldap_open: OpenLDAP's handle and the program's LDAP
// structure (Windows' layout: ld_host, ld_version, ld_deref, ld_timelimit, ld_sizelimit, ld_errno …).
struct Session {
  LDAP* ld = nullptr;
  uint64_t guest = 0;       // the LDAP structure handed to the program
  std::string url;          // what OpenLDAP was initialized with
  std::string host;         // the host name as the program gave it (LDAP_OPT_HOST_NAME)
  uint64_t host_guest[2] = {0, 0};     // that name, narrow and wide, kept for the session
  uint64_t error_guest[2] = {0, 0};    // LDAP_OPT_ERROR_STRING's last answer, narrow and wide
  uint64_t server_guest[2] = {0, 0};   // LDAP_OPT_SERVER_ERROR's
  bool ssl = false;         // LDAP_OPT_SSL: the connection is TLS from its start (ldaps)
  bool connected = false;
  uint32_t referrals = 1;   // LDAP_OPT_REFERRALS as the program set it
  uint32_t hop_limit = 32;  // LDAP_OPT_REFERRAL_HOP_LIMIT
  uint32_t auto_reconnect = 1, tcp_keepalive = 0, ping_keep_alive = 0, ping_wait = 2000, ping_limit = 4;
  uint32_t send_timeout_sec = 0, send_timeout_usec = 0;
  uint32_t connect_timeout_sec = 0, connect_timeout_usec = 0;
};

// The LDAP structure's fields (offsets on this process's width).
enum class Field { host, version, deref, timelimit, sizelimit, errno_, matched, error, msgid, refhoplimit, options };
uint64_t field_offset(WindowsProcess& p, Field f);
uint32_t ld_size(WindowsProcess& p);

// The session of a program's LDAP pointer (null: none of WLDAP32's).
Session* session(WindowsProcess& p, uint64_t guest_ld);
// A new session over an initialized OpenLDAP handle: its LDAP structure in guest memory.
Session* new_session(WindowsProcess& p, LDAP* ld, const std::string& url, const std::string& host);
void end_session(WindowsProcess& p, uint64_t guest_ld);
// The structure's limits and dereferencing (which programs may set by hand, as Windows reads them
// for each operation) given to OpenLDAP; afterwards the error of an operation noted in ld_errno and
// as the thread's last error; returns `err`.
void sync_limits(WindowsProcess& p, Session& s);
uint32_t note(WindowsProcess& p, Session* s, uint32_t err);
// Connects a session not yet connected (ldap_connect, and every operation on one that is not).
uint32_t connect(WindowsProcess& p, Session& s, const struct timeval* timeout);

// Messages: each message of a chain OpenLDAP returned gets a block of Windows' LDAPMessage layout
// (lm_msgid, lm_msgtype, lm_chain, Connection) that the program holds; ldap_msgfree of the chain's
// first frees them all with OpenLDAP's chain.
uint64_t guest_message(WindowsProcess& p, Session* s, LDAPMessage* chain);
LDAPMessage* host_message(WindowsProcess& p, uint64_t guest);
uint64_t guest_of(WindowsProcess& p, LDAPMessage* m);
// ldap_msgfree: false for a pointer that is no chain of WLDAP32's.
bool free_message(WindowsProcess& p, uint64_t guest);
// BER elements: a pointer-sized block the program holds for OpenLDAP's BerElement.
uint64_t guest_ber(WindowsProcess& p, BerElement* ber, bool owns_buffer);
BerElement* host_ber(WindowsProcess& p, uint64_t guest);
void free_ber(WindowsProcess& p, uint64_t guest, int free_buffer);

// Strings in and out (UTF-8 here, as on the wire): `wide` picks UTF-16 (the W functions) or the ANSI
// code page (the A functions).
std::optional<std::string> in_str(uint64_t addr, bool wide);
std::optional<std::vector<std::string>> in_strs(WindowsProcess& p, uint64_t arr, bool wide);
uint64_t out_str(WindowsProcess& p, const std::string& s, bool wide);
uint64_t out_strs(WindowsProcess& p, const std::vector<std::string>& v, bool wide);
// The same of bytes as they are (BER's strings, which ber_scanf gives unconverted).
uint64_t out_bytes(WindowsProcess& p, const std::string& s);
uint64_t out_bytes_list(WindowsProcess& p, const std::vector<std::string>& v);
uint64_t out_berval(WindowsProcess& p, const struct berval* bv);                 // a BERVAL*
uint64_t out_bervals(WindowsProcess& p, struct berval* const* bvs);             // a BERVAL**
uint64_t out_controls(WindowsProcess& p, LDAPControl* const* ctrls, bool wide);  // an LDAPControl**
uint64_t out_control(WindowsProcess& p, const LDAPControl* ctrl, bool wide);     // an LDAPControl*
// Frees a block WLDAP32 allocated (false: not a live block of the process heap).
bool free_block(WindowsProcess& p, uint64_t block);

// What a call's host arguments live in, until the call is over: strings, arrays, bervals,
// modifications and controls made from the program's.
class Arena {
 public:
  explicit Arena(WindowsProcess& p, bool wide) : p_(p), wide_(wide) {}
  // A string (null for a null pointer).
  char* str(uint64_t addr);
  char* keep(const std::string& s);
  // A NULL-terminated array of strings (null for a null pointer).
  char** strs(uint64_t arr);
  struct berval* berval_at(uint64_t addr);      // a BERVAL* (null for null)
  struct berval** bervals(uint64_t arr);        // a BERVAL** (null for null)
  LDAPMod** mods(uint64_t arr);                 // an LDAPMod** (null for null)
  LDAPControl* control(uint64_t addr);          // an LDAPControl*
  LDAPControl** controls(uint64_t arr);         // an LDAPControl** (null for null)
  LDAPSortKey** sort_keys(uint64_t arr);        // an LDAPSortKey**
  bool wide() const { return wide_; }

 private:
  WindowsProcess& p_;
  bool wide_;
  std::deque<std::string> strings_;
  std::deque<std::vector<char*>> string_arrays_;
  std::deque<struct berval> bervals_;
  std::deque<std::vector<struct berval*>> berval_arrays_;
  std::deque<LDAPMod> mods_;
  std::deque<std::vector<LDAPMod*>> mod_arrays_;
  std::deque<LDAPControl> controls_;
  std::deque<std::vector<LDAPControl*>> control_arrays_;
  std::deque<LDAPSortKey> keys_;
  std::deque<std::vector<LDAPSortKey*>> key_arrays_;
};

// Layouts of the program's structures on its width.
inline uint64_t ptr_size(WindowsProcess& p) { return p.isa->ptr; }
inline uint64_t berval_size(WindowsProcess& p) { return 2 * ptr_size(p); }  // ULONG bv_len; char* bv_val
inline uint64_t control_size(WindowsProcess& p) { return 4 * ptr_size(p); }  // oid, berval, BOOLEAN
// A l_timeval (two LONGs) as a timeval; nullopt for a null pointer.
std::optional<struct timeval> in_timeval(uint64_t addr);

// Exports of each file.
const std::vector<Export>& session_exports();    // wldap32/session.cpp
const std::vector<Export>& option_exports();     // wldap32/options.cpp
const std::vector<Export>& operation_exports();  // wldap32/operations.cpp
const std::vector<Export>& search_exports();     // wldap32/search.cpp
const std::vector<Export>& entry_exports();      // wldap32/entries.cpp
const std::vector<Export>& control_exports();    // wldap32/controls.cpp
const std::vector<Export>& ber_exports();        // wldap32/ber.cpp

}  // namespace polyrun::shims::wldap
