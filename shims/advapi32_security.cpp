// ADVAPI32.dll, the security identity of the process: security identifiers (SIDs: built, copied,
// compared, measured), the process token's facts (GetTokenInformation: the user, its groups and
// integrity level, not elevated) and group membership (CheckTokenMembership). The user is a
// standard local user, S-1-5-21-<machine>-1001 (advapi32_registry.cpp's account_sid, the key of its
// HKEY_USERS hive), in the groups such a user's interactive logon gives.
#include <strings.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/log.h"
#include "shims/guest_memory.h"
#include "shims/shim.h"
#include "shims/text.h"
#include "shims/win_errors.h"
#include "shims/win_result.h"

namespace polyrun::shims {

std::string account_sid();  // advapi32_registry.cpp
std::string advapi32_user_name();  // advapi32.cpp

namespace {

// A SID in its binary form: Revision 1, SubAuthorityCount, IdentifierAuthority (6 bytes, big-endian),
// SubAuthority[] (little-endian DWORDs).
std::vector<uint8_t> sid_bytes(const std::string& text) {  // "S-1-5-21-…"
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
constexpr uint32_t kMaxSubAuthorities = 15;
uint32_t sid_length(uint64_t sid) { return 8 + 4 * get<uint8_t>(sid + 1); }
bool valid_sid(uint64_t sid) { return sid && get<uint8_t>(sid) == 1 && get<uint8_t>(sid + 1) <= kMaxSubAuthorities; }

// The user's primary group: its domain's "None" (RID 513), as for a local account.
std::string primary_group_sid() {
  std::string s = account_sid();
  return s.substr(0, s.rfind('-')) + "-513";
}
// The groups of a standard user's interactive logon, with their attributes (SE_GROUP_MANDATORY 1,
// ENABLED_BY_DEFAULT 2, ENABLED 4; the integrity label SE_GROUP_INTEGRITY 0x20 | ENABLED 0x40).
struct Group {
  const char* sid;
  uint32_t attributes;
};
const Group kGroups[] = {
    {"S-1-1-0", 7},       // Everyone
    {"S-1-5-32-545", 7},  // BUILTIN\Users
    {"S-1-5-4", 7},       // NT AUTHORITY\INTERACTIVE
    {"S-1-2-1", 7},       // CONSOLE LOGON
    {"S-1-5-11", 7},      // NT AUTHORITY\Authenticated Users
    {"S-1-5-15", 7},      // NT AUTHORITY\This Organization
    {"S-1-2-0", 7},       // LOCAL
    {"S-1-16-8192", 0x60},  // Mandatory Label\Medium Mandatory Level
};
constexpr const char* kMediumIntegrity = "S-1-16-8192";

// ---- SIDs ----

BOOL AllocateAndInitializeSid(WindowsProcess& p, Ptr authority, uint8_t count, uint32_t a0, uint32_t a1, uint32_t a2,
                              uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6, uint32_t a7, Ptr out) {
  if (count > 8 || !authority || !out) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t sub[8] = {a0, a1, a2, a3, a4, a5, a6, a7};
  uint64_t sid = p.heap.alloc(8 + 4 * count, true);
  if (!sid) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  put<uint8_t>(sid, 1);
  put<uint8_t>(sid + 1, count);
  std::memcpy(guest_pointer(sid + 2), guest_pointer(authority.addr), 6);
  for (uint32_t i = 0; i < count; ++i) put<uint32_t>(sid + 8 + 4 * i, sub[i]);
  p.put_ptr(out.addr, sid);
  return TRUE;
}
Ptr FreeSid(WindowsProcess& p, Ptr sid) {
  if (sid) p.heap.free(sid.addr);
  return Ptr(0);
}
BOOL IsValidSid(WindowsProcess&, Ptr sid) { return valid_sid(sid.addr) ? TRUE : FALSE; }
uint32_t GetLengthSid(WindowsProcess&, Ptr sid) { return sid_length(sid.addr); }
BOOL CopySid(WindowsProcess& p, uint32_t size, Ptr dest, Ptr src) {
  if (!valid_sid(src.addr)) return fail(p, ERROR_INVALID_PARAMETER);
  if (size < sid_length(src.addr)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memmove(guest_pointer(dest.addr), guest_pointer(src.addr), sid_length(src.addr));
  return TRUE;
}
BOOL EqualSid(WindowsProcess& p, Ptr a, Ptr b) {
  if (!valid_sid(a.addr) || !valid_sid(b.addr)) return fail(p, ERROR_INVALID_PARAMETER);
  p.set_last_error(0);
  const uint32_t n = sid_length(a.addr);
  return n == sid_length(b.addr) && std::memcmp(guest_pointer(a.addr), guest_pointer(b.addr), n) == 0 ? TRUE : FALSE;
}
Ptr GetSidSubAuthority(WindowsProcess& p, Ptr sid, uint32_t n) {
  p.set_last_error(0);
  return Ptr(sid.addr + 8 + 4 * static_cast<uint64_t>(n));
}
Ptr GetSidSubAuthorityCount(WindowsProcess& p, Ptr sid) {
  p.set_last_error(0);
  return Ptr(sid.addr + 1);
}
Ptr GetSidIdentifierAuthority(WindowsProcess& p, Ptr sid) {
  p.set_last_error(0);
  return Ptr(sid.addr + 2);
}

// A SID's text form, "S-1-5-21-…".
std::string sid_text(uint64_t sid) {
  uint64_t authority = 0;
  for (int i = 0; i < 6; ++i) authority = authority << 8 | get<uint8_t>(sid + 2 + i);
  std::string s = "S-1-" + std::to_string(authority);
  for (uint32_t i = 0; i < get<uint8_t>(sid + 1); ++i) s += "-" + std::to_string(get<uint32_t>(sid + 8 + 4 * i));
  return s;
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
  if (!sid_text_valid(text)) return fail(p, ERROR_INVALID_SID);
  const auto b = sid_bytes(text);
  const uint64_t block = p.heap.alloc(b.size(), false);
  if (!block) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  std::memcpy(guest_pointer(block), b.data(), b.size());
  p.put_ptr(out.addr, block);
  return TRUE;
}
BOOL ConvertStringSidToSidW(WindowsProcess& p, WStr text, Ptr out) { return convert_string_to_sid(p, utf16_to_utf8(text.str()), out); }
BOOL ConvertStringSidToSidA(WindowsProcess& p, CStr text, Ptr out) { return convert_string_to_sid(p, text.str(), out); }

// LookupAccountSid: the account a SID names and its domain. The user is the host's user on this
// computer (its NetBIOS name); the groups of its token are the well-known ones Windows names.
struct Account {
  std::string sid, name, domain;
  uint32_t use;  // SID_NAME_USE: SidTypeUser 1, SidTypeGroup 2, SidTypeAlias 4, SidTypeWellKnownGroup 5, SidTypeLabel 10
};
std::vector<Account> accounts() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  std::string computer = std::string(host).substr(0, std::string(host).find('.')).substr(0, 15);
  for (auto& c : computer) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return {
      {account_sid(), advapi32_user_name(), computer, 1},
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
      {"S-1-16-8192", "Medium Mandatory Level", "Mandatory Label", 10},
  };
}
// (name, its size in characters), (domain, its size), SID_NAME_USE.
BOOL lookup_account_sid(WindowsProcess& p, Ptr sid, Ptr name, Ptr name_size, Ptr domain, Ptr domain_size, Ptr use, bool wide) {
  if (!valid_sid(sid.addr) || !name_size || !domain_size) return fail(p, ERROR_INVALID_PARAMETER);
  const std::string text = sid_text(sid.addr);
  for (const Account& a : accounts()) {
    if (::strcasecmp(a.sid.c_str(), text.c_str()) != 0) continue;
    const std::u16string wn = utf8_to_utf16(a.name), wd = utf8_to_utf16(a.domain);
    const size_t nn = wide ? wn.size() : a.name.size(), nd = wide ? wd.size() : a.domain.size();
    if (get<uint32_t>(name_size.addr) < nn + 1 || get<uint32_t>(domain_size.addr) < nd + 1 || !name || !domain) {
      put<uint32_t>(name_size.addr, static_cast<uint32_t>(nn + 1));
      put<uint32_t>(domain_size.addr, static_cast<uint32_t>(nd + 1));
      return fail(p, ERROR_INSUFFICIENT_BUFFER);
    }
    if (wide) {
      std::memcpy(name.as<char16_t>(), wn.c_str(), (wn.size() + 1) * 2);
      std::memcpy(domain.as<char16_t>(), wd.c_str(), (wd.size() + 1) * 2);
    } else {
      std::memcpy(name.as<char>(), a.name.c_str(), a.name.size() + 1);
      std::memcpy(domain.as<char>(), a.domain.c_str(), a.domain.size() + 1);
    }
    put<uint32_t>(name_size.addr, static_cast<uint32_t>(nn));
    put<uint32_t>(domain_size.addr, static_cast<uint32_t>(nd));
    if (use) put<uint32_t>(use.addr, a.use);
    return TRUE;
  }
  return fail(p, ERROR_NONE_MAPPED);
}
BOOL LookupAccountSidW(WindowsProcess& p, WStr, Ptr sid, Ptr name, Ptr name_size, Ptr domain, Ptr domain_size, Ptr use) {
  return lookup_account_sid(p, sid, name, name_size, domain, domain_size, use, true);
}
BOOL LookupAccountSidA(WindowsProcess& p, CStr, Ptr sid, Ptr name, Ptr name_size, Ptr domain, Ptr domain_size, Ptr use) {
  return lookup_account_sid(p, sid, name, name_size, domain, domain_size, use, false);
}

// ---- the token ----

// The process's token (OpenProcessToken's handle, or the current process's pseudo token handle -4
// and the effective token -6; a thread has no token of its own, -5).
bool is_token(WindowsProcess& p, uint64_t h) {
  const uint64_t all = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  return p.tokens.count(h) || h == (all & static_cast<uint64_t>(-4)) || h == (all & static_cast<uint64_t>(-6));
}

// A TOKEN_* structure being laid out: pointer-sized and DWORD fields, then the SIDs it points to.
struct Layout {
  unsigned ptr;
  std::vector<uint8_t> head, tail;
  std::vector<std::pair<size_t, size_t>> pointers;  // (where in head, offset into tail)
  void dword(uint32_t v) { head.insert(head.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 4); }
  void align() {
    while (head.size() % ptr) head.push_back(0);
  }
  void sid(const std::string& text) {  // a PSID field
    align();
    pointers.push_back({head.size(), tail.size()});
    head.resize(head.size() + ptr);
    auto b = sid_bytes(text);
    tail.insert(tail.end(), b.begin(), b.end());
  }
  void sid_and_attributes(const std::string& text, uint32_t attributes) {
    sid(text);
    dword(attributes);
    align();
  }
  // (The SIDs follow the fields at a pointer's alignment; a structure of DWORDs alone is just those.)
  size_t tail_offset() const { return tail.empty() ? head.size() : ((head.size() + ptr - 1) / ptr) * ptr; }
  uint32_t size() const { return static_cast<uint32_t>(tail_offset() + tail.size()); }
  void write(WindowsProcess& p, uint64_t at) const {
    const uint64_t tail_at = at + tail_offset();
    std::memcpy(guest_pointer(at), head.data(), head.size());
    for (const auto& [field, off] : pointers) p.put_ptr(at + field, tail_at + off);
    std::memcpy(guest_pointer(tail_at), tail.data(), tail.size());
  }
};

// TOKEN_INFORMATION_CLASS values.
enum : uint32_t {
  TokenUser = 1, TokenGroups = 2, TokenOwner = 4, TokenPrimaryGroup = 5, TokenType = 8, TokenSessionId = 12,
  TokenElevationType = 18, TokenElevation = 20, TokenIntegrityLevel = 25, TokenIsAppContainer = 29,
};

BOOL GetTokenInformation(WindowsProcess& p, Ptr token, uint32_t cls, Ptr buf, uint32_t size, Ptr returned) {
  if (!is_token(p, token.addr)) return fail(p, ERROR_INVALID_HANDLE);
  Layout l{p.isa->ptr, {}, {}, {}};
  switch (cls) {
    case TokenUser: l.sid_and_attributes(account_sid(), 0); break;
    case TokenGroups:
      l.dword(sizeof kGroups / sizeof *kGroups);
      for (const Group& g : kGroups) l.sid_and_attributes(g.sid, g.attributes);
      break;
    case TokenOwner: l.sid(account_sid()); break;
    case TokenPrimaryGroup: l.sid(primary_group_sid()); break;
    case TokenType: l.dword(1); break;             // TokenPrimary
    case TokenSessionId: l.dword(1); break;        // the interactive session
    case TokenElevationType: l.dword(1); break;    // TokenElevationTypeDefault: a user who is no administrator
    case TokenElevation: l.dword(0); break;        // not elevated
    case TokenIntegrityLevel: l.sid_and_attributes(kMediumIntegrity, 0x20); break;
    case TokenIsAppContainer: l.dword(0); break;
    default:
      log().debug("GetTokenInformation: class {} is not implemented", cls);
      return fail(p, ERROR_INVALID_PARAMETER);
  }
  if (!returned) return fail(p, 998);  // ERROR_NOACCESS
  put<uint32_t>(returned.addr, l.size());
  if (size < l.size()) return fail(p, cls == TokenType || cls == TokenSessionId || cls == TokenElevationType || cls == TokenElevation ||
                                              cls == TokenIsAppContainer ? ERROR_BAD_LENGTH : ERROR_INSUFFICIENT_BUFFER);
  l.write(p, buf.addr);
  return TRUE;
}

// Whether the token (null: the calling thread's, the process's here) has the SID as an enabled group
// or as its user.
BOOL CheckTokenMembership(WindowsProcess& p, Ptr token, Ptr sid, Ptr is_member) {
  if (token && !is_token(p, token.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!valid_sid(sid.addr) || !is_member) return fail(p, ERROR_INVALID_PARAMETER);
  const std::vector<uint8_t> want(static_cast<uint8_t*>(guest_pointer(sid.addr)),
                                  static_cast<uint8_t*>(guest_pointer(sid.addr)) + sid_length(sid.addr));
  bool member = sid_bytes(account_sid()) == want;
  for (const Group& g : kGroups) member |= (g.attributes & 4) && sid_bytes(g.sid) == want;
  put<int32_t>(is_member.addr, member ? TRUE : FALSE);
  return TRUE;
}

}  // namespace

// These join ADVAPI32's table (advapi32.cpp).
const std::vector<Export>& advapi32_security_exports() {
  static const std::vector<Export> exports = {
      EXPORT("AllocateAndInitializeSid", AllocateAndInitializeSid),
      EXPORT("FreeSid", FreeSid),
      EXPORT("IsValidSid", IsValidSid),
      EXPORT("GetLengthSid", GetLengthSid),
      EXPORT("CopySid", CopySid),
      EXPORT("EqualSid", EqualSid),
      EXPORT("GetSidSubAuthority", GetSidSubAuthority),
      EXPORT("GetSidSubAuthorityCount", GetSidSubAuthorityCount),
      EXPORT("GetSidIdentifierAuthority", GetSidIdentifierAuthority),
      EXPORT("ConvertSidToStringSidW", ConvertSidToStringSidW),
      EXPORT("ConvertSidToStringSidA", ConvertSidToStringSidA),
      EXPORT("ConvertStringSidToSidW", ConvertStringSidToSidW),
      EXPORT("ConvertStringSidToSidA", ConvertStringSidToSidA),
      EXPORT("LookupAccountSidW", LookupAccountSidW),
      EXPORT("LookupAccountSidA", LookupAccountSidA),
      EXPORT("GetTokenInformation", GetTokenInformation),
      EXPORT("CheckTokenMembership", CheckTokenMembership),
  };
  return exports;
}

}  // namespace polyrun::shims
