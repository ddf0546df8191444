// ADVAPI32.dll, the security identity of the process: security identifiers (SIDs: built, copied,
// compared, measured, the well-known ones of WELL_KNOWN_SID_TYPE) and the accounts they name
// (tokens are advapi32/tokens.cpp's). The user is a standard local user, S-1-5-21-<machine>-1001 (core/machine_identity.cpp's account_sid, the key of its
// HKEY_USERS hive), in the groups such a user's interactive logon gives. Security descriptors and
// ACLs are advapi32/acl.cpp's.
#include "shims/advapi32/security.h"

#include <grp.h>
#include <pwd.h>
#include <strings.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "common/log.h"
#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {


std::vector<uint8_t> sid_bytes(const std::string& text) {
  std::vector<uint64_t> parts;
  for (const char* s = text.c_str() + 2; *s;) {
    char* end;
    parts.push_back(std::strtoull(s, &end, 10));
    s = *end ? end + 1 : end;
  }
  std::vector<uint8_t> b = {1, static_cast<uint8_t>(parts.size() - 2)};
  for (int i = 5; i >= 0; --i) b.push_back(static_cast<uint8_t>(parts[1] >> (8 * i)));
  for (size_t i = 2; i < parts.size(); ++i)
    for (int k = 0; k < 4; ++k) b.push_back(static_cast<uint8_t>(parts[i] >> (8 * k)));
  return b;
}
namespace {
constexpr uint32_t kMaxSubAuthorities = 15;
}  // namespace
uint32_t sid_length(uint64_t sid) { return 8 + 4 * get<uint8_t>(sid + 1); }
bool valid_sid(uint64_t sid) { return sid && get<uint8_t>(sid) == 1 && get<uint8_t>(sid + 1) <= kMaxSubAuthorities; }
std::vector<uint8_t> sid_at(uint64_t sid) {
  const auto* b = static_cast<const uint8_t*>(guest_pointer(sid));
  return std::vector<uint8_t>(b, b + sid_length(sid));
}

// The user's primary group: its domain's "None" (RID 513), as for a local account.
std::string primary_group_sid() {
  std::string s = account_sid();
  return s.substr(0, s.rfind('-')) + "-513";
}

// A SID's text form, "S-1-5-21-…".
std::string sid_text(const std::vector<uint8_t>& b) {
  uint64_t authority = 0;
  for (int i = 0; i < 6; ++i) authority = authority << 8 | b[2 + i];
  std::string s = "S-1-" + std::to_string(authority);
  for (uint32_t i = 0; i < b[1]; ++i) {
    uint32_t v;
    std::memcpy(&v, b.data() + 8 + 4 * i, 4);
    s += "-" + std::to_string(v);
  }
  return s;
}
std::string sid_text(uint64_t sid) { return sid_text(sid_at(sid)); }

std::string sid_of_uid(uint32_t uid) {
  return uid == ::geteuid() ? account_sid() : "S-1-22-1-" + std::to_string(uid);
}
std::string sid_of_gid(uint32_t gid) {
  return gid == ::getegid() ? primary_group_sid() : "S-1-22-2-" + std::to_string(gid);
}
namespace {
// The number after `prefix` in a SID's text ("S-1-22-1-" and 1000), if that is all there is.
bool rid_after(const std::string& sid, const char* prefix, uint32_t& out) {
  const size_t n = std::strlen(prefix);
  if (sid.compare(0, n, prefix) != 0 || sid.size() == n || sid.find_first_not_of("0123456789", n) != std::string::npos)
    return false;
  const unsigned long long v = std::strtoull(sid.c_str() + n, nullptr, 10);
  if (v > 0xffffffffull) return false;
  out = static_cast<uint32_t>(v);
  return true;
}
}  // namespace
bool uid_of_sid(const std::string& sid, uint32_t& uid) {
  if (sid == account_sid()) return uid = ::geteuid(), true;
  return rid_after(sid, "S-1-22-1-", uid);
}
bool gid_of_sid(const std::string& sid, uint32_t& gid) {
  if (sid == primary_group_sid()) return gid = ::getegid(), true;
  return rid_after(sid, "S-1-22-2-", gid);
}

// Whether text is a SID's form: "S-1-" then the authority and at most 15 sub-authorities, decimal.
bool sid_text_valid(const std::string& t) {
  if (t.rfind("S-1-", 0) != 0 && t.rfind("s-1-", 0) != 0) return false;
  size_t parts = 0;
  for (size_t i = 4; i <= t.size(); ++parts) {
    size_t j = t.find('-', i);
    if (j == std::string::npos) j = t.size();
    if (j == i || t.find_first_not_of("0123456789", i) < j) return false;
    i = j + 1;
  }
  return parts >= 1 && parts <= 1 + kMaxSubAuthorities;
}

namespace {

// The string in a block of the process heap (LocalFree frees it).
BOOL convert_sid_to_string(WindowsProcess& p, Ptr sid, Ptr out, bool wide) {
  if (!valid_sid(sid.addr) || !out) return fail(p, ERROR_INVALID_SID);
  const std::string s = sid_text(sid.addr);
  const std::u16string w = utf8_to_utf16(s);
  const uint64_t block = p.heap.alloc(wide ? (w.size() + 1) * 2 : s.size() + 1, false);
  if (!block) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  if (wide) std::memcpy(guest_pointer(block), w.c_str(), (w.size() + 1) * 2);
  else std::memcpy(guest_pointer(block), s.c_str(), s.size() + 1);
  p.put_ptr(out.addr, block);
  return TRUE;
}
BOOL ConvertSidToStringSidW(WindowsProcess& p, Ptr sid, Ptr out) { return convert_sid_to_string(p, sid, out, true); }
BOOL ConvertSidToStringSidA(WindowsProcess& p, Ptr sid, Ptr out) { return convert_sid_to_string(p, sid, out, false); }
BOOL convert_string_to_sid(WindowsProcess& p, const std::string& text, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<uint8_t> b;
  if (!sddl_sid(text, b)) return fail(p, ERROR_INVALID_SID);
  const uint64_t block = p.heap.alloc(b.size(), false);
  if (!block) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  std::memcpy(guest_pointer(block), b.data(), b.size());
  p.put_ptr(out.addr, block);
  return TRUE;
}
BOOL ConvertStringSidToSidW(WindowsProcess& p, WStr text, Ptr out) { return convert_string_to_sid(p, utf16_to_utf8(text.str()), out); }
BOOL ConvertStringSidToSidA(WindowsProcess& p, AStr text, Ptr out) { return convert_string_to_sid(p, text.str(), out); }

// LookupAccountSid: the account a SID names and its domain. The user is the host's user on this
// computer (its NetBIOS name); the groups of its token are the well-known ones Windows names.
struct Account {
  std::string sid, name, domain;
  uint32_t use;  // SID_NAME_USE: SidTypeUser 1, SidTypeGroup 2, SidTypeAlias 4, SidTypeWellKnownGroup 5, SidTypeLabel 10
};
std::vector<Account> accounts() {
  const std::string computer = netbios_name();
  return {
      {account_sid(), account_user_name(), computer, 1},
      {primary_group_sid(), "None", computer, 2},
      {"S-1-1-0", "Everyone", "", 5},
      {"S-1-5-32-545", "Users", "BUILTIN", 4},
      {"S-1-5-32-544", "Administrators", "BUILTIN", 4},
      {"S-1-5-4", "INTERACTIVE", "NT AUTHORITY", 5},
      {"S-1-2-1", "CONSOLE LOGON", "", 5},
      {"S-1-5-11", "Authenticated Users", "NT AUTHORITY", 5},
      {"S-1-5-15", "This Organization", "NT AUTHORITY", 5},
      {"S-1-2-0", "LOCAL", "", 5},
      {"S-1-5-18", "SYSTEM", "NT AUTHORITY", 5},
      {"S-1-5-19", "LOCAL SERVICE", "NT AUTHORITY", 5},
      {"S-1-5-20", "NETWORK SERVICE", "NT AUTHORITY", 5},
      {"S-1-5-7", "ANONYMOUS LOGON", "NT AUTHORITY", 5},
      {"S-1-5-2", "NETWORK", "NT AUTHORITY", 5},
      {"S-1-5-3", "BATCH", "NT AUTHORITY", 5},
      {"S-1-5-6", "SERVICE", "NT AUTHORITY", 5},
      {"S-1-5-32-546", "Guests", "BUILTIN", 4},
      {"S-1-3-0", "CREATOR OWNER", "", 5},
      {"S-1-3-1", "CREATOR GROUP", "", 5},
      {"S-1-3-4", "OWNER RIGHTS", "", 5},
      {"S-1-16-0", "Untrusted Mandatory Level", "Mandatory Label", 10},
      {"S-1-16-4096", "Low Mandatory Level", "Mandatory Label", 10},
      {"S-1-16-8192", "Medium Mandatory Level", "Mandatory Label", 10},
      {"S-1-16-12288", "High Mandatory Level", "Mandatory Label", 10},
  };
}
// The host's other users and groups (S-1-22-1-<uid>, S-1-22-2-<gid>) by their Linux names, in
// Samba's "Unix User" and "Unix Group" domains.
bool unix_account(const std::string& sid, Account& out) {
  uint32_t id;
  if (sid.rfind("S-1-22-1-", 0) == 0 && uid_of_sid(sid, id)) {
    const passwd* pw = ::getpwuid(id);
    out = {sid, pw ? pw->pw_name : std::to_string(id), "Unix User", 1};
    return true;
  }
  if (sid.rfind("S-1-22-2-", 0) == 0 && gid_of_sid(sid, id)) {
    const group* gr = ::getgrgid(id);
    out = {sid, gr ? gr->gr_name : std::to_string(id), "Unix Group", 4};
    return true;
  }
  return false;
}

}  // namespace

bool sid_of_account_name(const std::string& name, std::string& sid) {
  for (const Account& a : accounts()) {
    const std::string full = a.domain.empty() ? a.name : a.domain + "\\" + a.name;
    if (::strcasecmp(name.c_str(), a.name.c_str()) == 0 || ::strcasecmp(name.c_str(), full.c_str()) == 0) {
      sid = a.sid;
      return true;
    }
  }
  return false;
}

bool account_of_sid(const std::string& sid, std::string& name, std::string& domain, uint32_t& use) {
  std::vector<Account> known = accounts();
  Account unix_one;
  if (unix_account(sid, unix_one)) known.push_back(unix_one);
  for (const Account& a : known)
    if (::strcasecmp(a.sid.c_str(), sid.c_str()) == 0) {
      name = a.name;
      domain = a.domain;
      use = a.use;
      return true;
    }
  return false;
}

bool account_of_name(const std::string& name, std::string& sid, std::string& canonical, std::string& domain, uint32_t& use) {
  const std::string computer = netbios_name();
  for (const Account& a : accounts()) {
    const std::string full = a.domain.empty() ? a.name : a.domain + "\\" + a.name;
    if (::strcasecmp(name.c_str(), a.name.c_str()) == 0 || ::strcasecmp(name.c_str(), full.c_str()) == 0) {
      sid = a.sid;
      canonical = a.name;
      domain = a.domain;
      use = a.use;
      return true;
    }
  }
  // The computer's own name: its account domain (SidTypeDomain).
  if (::strcasecmp(name.c_str(), computer.c_str()) == 0) {
    const std::string user = account_sid();
    sid = user.substr(0, user.rfind('-'));
    canonical = computer;
    domain = computer;
    use = 3;
    return true;
  }
  if (::strcasecmp(name.c_str(), "BUILTIN") == 0) {
    sid = "S-1-5-32";
    canonical = domain = "BUILTIN";
    use = 3;
    return true;
  }
  return false;
}

namespace {

// (name, its size in characters), (domain, its size), SID_NAME_USE.
BOOL lookup_account_sid(WindowsProcess& p, Ptr sid, Ptr name, Ptr name_size, Ptr domain, Ptr domain_size, Ptr use, bool wide) {
  if (!valid_sid(sid.addr) || !name_size || !domain_size) return fail(p, ERROR_INVALID_PARAMETER);
  const std::string text = sid_text(sid.addr);
  std::vector<Account> known = accounts();
  Account unix_one;
  if (unix_account(text, unix_one)) known.push_back(unix_one);
  for (const Account& a : known) {
    if (::strcasecmp(a.sid.c_str(), text.c_str()) != 0) continue;
    const std::u16string wn = utf8_to_utf16(a.name), wd = utf8_to_utf16(a.domain);
    const std::string an = utf8_to_ansi(a.name), ad = utf8_to_ansi(a.domain);
    const size_t nn = wide ? wn.size() : an.size(), nd = wide ? wd.size() : ad.size();
    if (get<uint32_t>(name_size.addr) < nn + 1 || get<uint32_t>(domain_size.addr) < nd + 1 || !name || !domain) {
      put<uint32_t>(name_size.addr, static_cast<uint32_t>(nn + 1));
      put<uint32_t>(domain_size.addr, static_cast<uint32_t>(nd + 1));
      return fail(p, ERROR_INSUFFICIENT_BUFFER);
    }
    if (wide) {
      std::memcpy(name.as<char16_t>(), wn.c_str(), (wn.size() + 1) * 2);
      std::memcpy(domain.as<char16_t>(), wd.c_str(), (wd.size() + 1) * 2);
    } else {
      std::memcpy(name.as<char>(), an.c_str(), an.size() + 1);
      std::memcpy(domain.as<char>(), ad.c_str(), ad.size() + 1);
    }
    put<uint32_t>(name_size.addr, static_cast<uint32_t>(nn));
    put<uint32_t>(domain_size.addr, static_cast<uint32_t>(nd));
    if (use) put<uint32_t>(use.addr, a.use);
    return TRUE;
  }
  return fail(p, ERROR_NONE_MAPPED);
}
// LookupAccountSidLocal: LookupAccountSid on this computer.
BOOL LookupAccountSidLocalW(WindowsProcess& p, Ptr sid, Ptr name, Ptr name_size, Ptr domain, Ptr domain_size, Ptr use) {
  return lookup_account_sid(p, sid, name, name_size, domain, domain_size, use, true);
}
BOOL LookupAccountSidLocalA(WindowsProcess& p, Ptr sid, Ptr name, Ptr name_size, Ptr domain, Ptr domain_size, Ptr use) {
  return lookup_account_sid(p, sid, name, name_size, domain, domain_size, use, false);
}

// LookupAccountName: the SID of an account ("name" or "DOMAIN\\name"), its domain and its
// SID_NAME_USE; buffers too small get the sizes needed (the SID's in bytes, the domain's in
// characters with its NUL) and ERROR_INSUFFICIENT_BUFFER; an unknown name is ERROR_NONE_MAPPED.
BOOL lookup_account_name(WindowsProcess& p, const std::string& name, Ptr sid, Ptr sid_size, Ptr domain, Ptr domain_size,
                         Ptr use, bool wide) {
  if (!sid_size || !domain_size) return fail(p, ERROR_INVALID_PARAMETER);
  std::string text, canonical, dom;
  uint32_t kind = 0;
  const std::string wanted = name.empty() ? netbios_name() : name;
  if (!account_of_name(wanted, text, canonical, dom, kind)) return fail(p, ERROR_NONE_MAPPED);
  const std::vector<uint8_t> b = sid_bytes(text);
  const std::u16string wd = utf8_to_utf16(dom);
  const std::string ad = utf8_to_ansi(dom);
  const size_t nd = wide ? wd.size() : ad.size();
  if (get<uint32_t>(sid_size.addr) < b.size() || get<uint32_t>(domain_size.addr) < nd + 1 || !sid || !domain) {
    put<uint32_t>(sid_size.addr, static_cast<uint32_t>(b.size()));
    put<uint32_t>(domain_size.addr, static_cast<uint32_t>(nd + 1));
    return fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  std::memcpy(sid.as<void>(), b.data(), b.size());
  if (wide) std::memcpy(domain.as<char16_t>(), wd.c_str(), (wd.size() + 1) * 2);
  else std::memcpy(domain.as<char>(), ad.c_str(), ad.size() + 1);
  put<uint32_t>(sid_size.addr, static_cast<uint32_t>(b.size()));
  put<uint32_t>(domain_size.addr, static_cast<uint32_t>(nd));
  if (use) put<uint32_t>(use.addr, kind);
  return TRUE;
}
BOOL LookupAccountNameW(WindowsProcess& p, WStr, WStr name, Ptr sid, Ptr sid_size, Ptr domain, Ptr domain_size, Ptr use) {
  if (!name.addr) return fail(p, ERROR_INVALID_PARAMETER);
  return lookup_account_name(p, utf16_to_utf8(name.str()), sid, sid_size, domain, domain_size, use, true);
}
BOOL LookupAccountNameA(WindowsProcess& p, AStr, AStr name, Ptr sid, Ptr sid_size, Ptr domain, Ptr domain_size, Ptr use) {
  if (!name.addr) return fail(p, ERROR_INVALID_PARAMETER);
  return lookup_account_name(p, name.str(), sid, sid_size, domain, domain_size, use, false);
}

BOOL LookupAccountSidW(WindowsProcess& p, WStr, Ptr sid, Ptr name, Ptr name_size, Ptr domain, Ptr domain_size, Ptr use) {
  return lookup_account_sid(p, sid, name, name_size, domain, domain_size, use, true);
}
BOOL LookupAccountSidA(WindowsProcess& p, AStr, Ptr sid, Ptr name, Ptr name_size, Ptr domain, Ptr domain_size, Ptr use) {
  return lookup_account_sid(p, sid, name, name_size, domain, domain_size, use, false);
}

// ---- the well-known SIDs (WELL_KNOWN_SID_TYPE, winnt.h) ----
//
// Each type's SID; "D-<rid>" for one relative to a domain (the account domain's, or a domain's the
// caller names), and S-1-5-5-0-0 for the logon ids (S-1-5-5-X-Y: any X and Y is one).

const char* const kWellKnownSids[] = {
    "S-1-0-0", "S-1-1-0", "S-1-2-0", "S-1-3-0", "S-1-3-1", "S-1-3-2", "S-1-3-3", "S-1-5", "S-1-5-1", "S-1-5-2",
    "S-1-5-3", "S-1-5-4", "S-1-5-6", "S-1-5-7", "S-1-5-8", "S-1-5-9", "S-1-5-10", "S-1-5-11", "S-1-5-12", "S-1-5-13",
    "S-1-5-14", "S-1-5-5-0-0", "S-1-5-18", "S-1-5-19", "S-1-5-20", "S-1-5-32", "S-1-5-32-544", "S-1-5-32-545",
    "S-1-5-32-546", "S-1-5-32-547", "S-1-5-32-548", "S-1-5-32-549", "S-1-5-32-550", "S-1-5-32-551", "S-1-5-32-552",
    "S-1-5-32-554", "S-1-5-32-555", "S-1-5-32-556",
    "D-500", "D-501", "D-502", "D-512", "D-513", "D-514", "D-515", "D-516", "D-517", "D-518", "D-519", "D-520", "D-553",
    "S-1-5-64-10", "S-1-5-64-21", "S-1-5-64-14", "S-1-5-15", "S-1-5-1000", "S-1-5-32-557", "S-1-5-32-558",
    "S-1-5-32-559", "S-1-5-32-560", "S-1-5-32-561", "S-1-5-32-562", "S-1-5-32-568", "S-1-5-17", "S-1-5-32-569",
    "S-1-16-0", "S-1-16-4096", "S-1-16-8192", "S-1-16-12288", "S-1-16-16384", "S-1-5-33", "S-1-3-4", "D-571", "D-572",
    "D-498", "D-521", "S-1-5-32-573", "D-498", "S-1-5-32-574", "S-1-16-8448", "S-1-2-0", "S-1-2-1", "S-1-5-65-1",
    "S-1-15-2", "S-1-15-2-1", "S-1-15-3-1", "S-1-15-3-2", "S-1-15-3-3", "S-1-15-3-4", "S-1-15-3-5", "S-1-15-3-6",
    "S-1-15-3-7", "S-1-15-3-9", "S-1-15-3-8", "S-1-15-3-10", "S-1-5-32-575", "S-1-5-32-576", "S-1-5-32-577",
    "S-1-5-84-0-0-0-0-0", "S-1-5-32-578", "D-522", "S-1-5-32-579", "S-1-5-32-580", "S-1-18-1", "S-1-18-2", "S-1-5-113",
    "S-1-5-114", "D-525", "S-1-15-3-3215430884-1339816292-89257616-1145831019",
    "S-1-15-3-2405443489-874036122-4286035555-1823921565-1746547431-2453885448-3625952902-991631256", "D-503",
    "S-1-5-32-581", "S-1-5-32-582", "D-526", "D-527", "S-1-18-4", "S-1-18-5", "S-1-18-6",
};
constexpr uint32_t kWellKnownCount = sizeof kWellKnownSids / sizeof *kWellKnownSids;
constexpr uint32_t kWinLogonIdsSid = 21;

bool domain_relative(uint32_t type, uint32_t& rid) {
  const char* s = kWellKnownSids[type];
  if (s[0] != 'D') return false;
  rid = static_cast<uint32_t>(std::strtoul(s + 2, nullptr, 10));
  return true;
}

// CreateWellKnownSid: the SID of a type, relative to DomainSid for a domain's (whose own
// sub-authorities come first).
BOOL CreateWellKnownSid(WindowsProcess& p, uint32_t type, Ptr domain, Ptr out, Ptr size) {
  if (type >= kWellKnownCount || !size) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<uint8_t> b;
  uint32_t rid;
  if (domain_relative(type, rid)) {
    if (!domain) return fail(p, ERROR_INVALID_PARAMETER);
    if (!valid_sid(domain.addr) || get<uint8_t>(domain.addr + 1) >= kMaxSubAuthorities) return fail(p, ERROR_INVALID_SID);
    b = sid_at(domain.addr);
    ++b[1];
    for (int k = 0; k < 4; ++k) b.push_back(static_cast<uint8_t>(rid >> (8 * k)));
  } else {
    b = sid_bytes(kWellKnownSids[type]);
  }
  const uint32_t need = static_cast<uint32_t>(b.size());
  if (!out || get<uint32_t>(size.addr) < need) {
    put<uint32_t>(size.addr, need);
    return fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  std::memcpy(out.as<void>(), b.data(), need);
  put<uint32_t>(size.addr, need);
  return TRUE;
}

// IsWellKnownSid: whether the SID is the type's (for a domain's type: a SID of a domain,
// S-1-5-21-X-Y-Z, with the type's RID).
BOOL IsWellKnownSid(WindowsProcess&, Ptr sid, uint32_t type) {
  if (type >= kWellKnownCount || !valid_sid(sid.addr)) return FALSE;
  const std::vector<uint8_t> have = sid_at(sid.addr);
  uint32_t rid;
  if (domain_relative(type, rid)) {
    const std::string t = sid_text(have);
    return t.rfind("S-1-5-21-", 0) == 0 && have[1] == 5 && t.substr(t.rfind('-') + 1) == std::to_string(rid) ? TRUE : FALSE;
  }
  if (type == kWinLogonIdsSid) return have.size() == 20 && sid_text(have).rfind("S-1-5-5-", 0) == 0 ? TRUE : FALSE;
  return have == sid_bytes(kWellKnownSids[type]) ? TRUE : FALSE;
}

}  // namespace

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_security_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ConvertSidToStringSidW", ConvertSidToStringSidW),
      EXPORT("ConvertSidToStringSidA", ConvertSidToStringSidA),
      EXPORT("ConvertStringSidToSidW", ConvertStringSidToSidW),
      EXPORT("ConvertStringSidToSidA", ConvertStringSidToSidA),
      EXPORT("LookupAccountSidW", LookupAccountSidW),
      EXPORT("LookupAccountSidA", LookupAccountSidA),
      EXPORT("LookupAccountSidLocalW", LookupAccountSidLocalW),
      EXPORT("LookupAccountSidLocalA", LookupAccountSidLocalA),
      EXPORT("LookupAccountNameW", LookupAccountNameW),
      EXPORT("LookupAccountNameA", LookupAccountNameA),
      EXPORT("CreateWellKnownSid", CreateWellKnownSid),
      EXPORT("IsWellKnownSid", IsWellKnownSid),
  };
  return exports;
}

}  // namespace polyrun::shims
