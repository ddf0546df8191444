// ADVAPI32.dll, access tokens: the process's primary token (a standard local user's interactive
// logon: the user S-1-5-21-<machine>-1001, its groups, the privileges such a user holds, Medium
// integrity, not elevated), the copies DuplicateToken(Ex) and CreateRestrictedToken make, a thread's
// impersonation (ImpersonateSelf, ImpersonateLoggedOnUser, SetThreadToken, the anonymous logon's,
// until RevertToSelf) and what GetTokenInformation tells of a token. Every token is this user's or
// the anonymous logon's: there is no other logon to get one of (advapi32/token_admin.cpp).
#include "shims/advapi32/tokens.h"

#include <strings.h>

#include <atomic>
#include <cstring>
#include <set>

#include "common/log.h"
#include "shims/advapi32/security.h"
#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace advapi32_tokens {

const char* const kPrivilegeNames[] = {
    "SeCreateTokenPrivilege", "SeAssignPrimaryTokenPrivilege", "SeLockMemoryPrivilege",
    "SeIncreaseQuotaPrivilege", "SeMachineAccountPrivilege", "SeTcbPrivilege", "SeSecurityPrivilege",
    "SeTakeOwnershipPrivilege", "SeLoadDriverPrivilege", "SeSystemProfilePrivilege", "SeSystemtimePrivilege",
    "SeProfileSingleProcessPrivilege", "SeIncreaseBasePriorityPrivilege", "SeCreatePagefilePrivilege",
    "SeCreatePermanentPrivilege", "SeBackupPrivilege", "SeRestorePrivilege", "SeShutdownPrivilege",
    "SeDebugPrivilege", "SeAuditPrivilege", "SeSystemEnvironmentPrivilege", "SeChangeNotifyPrivilege",
    "SeRemoteShutdownPrivilege", "SeUndockPrivilege", "SeSyncAgentPrivilege", "SeEnableDelegationPrivilege",
    "SeManageVolumePrivilege", "SeImpersonatePrivilege", "SeCreateGlobalPrivilege",
    "SeTrustedCredManAccessPrivilege", "SeRelabelPrivilege", "SeIncreaseWorkingSetPrivilege",
    "SeTimeZonePrivilege", "SeCreateSymbolicLinkPrivilege", "SeDelegateSessionUserImpersonatePrivilege"};
const uint32_t kPrivilegeCount = sizeof kPrivilegeNames / sizeof *kPrivilegeNames;
// Windows' English descriptions of them.
const char* const kPrivilegeDisplayNames[] = {
    "Create a token object", "Replace a process level token", "Lock pages in memory",
    "Adjust memory quotas for a process", "Add workstations to domain", "Act as part of the operating system",
    "Manage auditing and security log", "Take ownership of files or other objects", "Load and unload device drivers",
    "Profile system performance", "Change the system time", "Profile single process", "Increase scheduling priority",
    "Create a pagefile", "Create permanent shared objects", "Back up files and directories",
    "Restore files and directories", "Shut down the system", "Debug programs", "Generate security audits",
    "Modify firmware environment values", "Bypass traverse checking", "Force shutdown from a remote system",
    "Remove computer from docking station", "Synchronize directory service data",
    "Enable computer and user accounts to be trusted for delegation", "Perform volume maintenance tasks",
    "Impersonate a client after authentication", "Create global objects",
    "Access Credential Manager as a trusted caller", "Modify an object label", "Increase a process working set",
    "Change the time zone", "Create symbolic links",
    "Obtain an impersonation token for another user in the same session"};


uint64_t new_luid() {
  static std::atomic<uint64_t> next{0x10000};
  return next.fetch_add(1);
}

namespace {

constexpr uint32_t kDefaultGroup = kGroupMandatory | kGroupEnabledByDefault | kGroupEnabled;

// The groups of a standard user's interactive logon, and of the anonymous logon.
std::vector<TokenGroup> user_groups() {
  return {
      {"S-1-1-0", kDefaultGroup},       // Everyone
      {"S-1-5-32-545", kDefaultGroup},  // BUILTIN\Users
      {"S-1-5-4", kDefaultGroup},       // NT AUTHORITY\INTERACTIVE
      {"S-1-2-1", kDefaultGroup},       // CONSOLE LOGON
      {"S-1-5-11", kDefaultGroup},      // NT AUTHORITY\Authenticated Users
      {"S-1-5-15", kDefaultGroup},      // NT AUTHORITY\This Organization
      {"S-1-2-0", kDefaultGroup},       // LOCAL
      {"S-1-16-8192", kGroupIntegrity | kGroupIntegrityEnabled},  // Medium Mandatory Level
  };
}

// The token's default DACL: GENERIC_ALL for the user and for SYSTEM.
std::vector<uint8_t> default_dacl_for(const std::string& user) {
  const std::vector<uint8_t> a = sid_bytes("S-1-5-18"), b = sid_bytes(user);
  std::vector<uint8_t> acl(8, 0);
  for (const auto* sid : {&a, &b}) {
    const uint16_t size = static_cast<uint16_t>(8 + sid->size());
    const uint32_t mask = 0x10000000;  // GENERIC_ALL
    acl.push_back(0);
    acl.push_back(0);
    acl.push_back(static_cast<uint8_t>(size));
    acl.push_back(static_cast<uint8_t>(size >> 8));
    for (int k = 0; k < 4; ++k) acl.push_back(static_cast<uint8_t>(mask >> (8 * k)));
    acl.insert(acl.end(), sid->begin(), sid->end());
  }
  acl[0] = 2;
  const uint16_t size = static_cast<uint16_t>(acl.size());
  std::memcpy(acl.data() + 2, &size, 2);
  acl[4] = 2;
  return acl;
}

Token make_process_token() {
  auto t = std::make_shared<TokenObject>();
  t->user = account_sid();
  t->owner = t->user;
  t->primary_group = primary_group_sid();
  t->integrity = "S-1-16-8192";
  t->groups = user_groups();
  // What a standard user holds: shutdown, change notify (enabled), undock, working set, time zone.
  for (uint32_t luid : {19u, 23u, 25u, 33u, 34u}) t->privileges[luid] = 0;
  t->privileges[23] = kPrivilegeEnabledByDefault | kPrivilegeEnabled;
  t->default_dacl = default_dacl_for(t->user);
  t->id = new_luid();
  t->modified_id = new_luid();
  t->auth_id = 0x10001;  // the interactive logon session's LUID
  return t;
}

// The anonymous logon's token (NT AUTHORITY\ANONYMOUS LOGON): Everyone and NETWORK, at the untrusted
// integrity level, an impersonation token (ImpersonateAnonymousToken).
Token make_anonymous_token() {
  auto t = std::make_shared<TokenObject>();
  t->anonymous = true;
  t->primary = false;
  t->level = 2;  // SecurityImpersonation
  t->user = "S-1-5-7";
  t->owner = t->user;
  t->primary_group = t->user;
  t->integrity = "S-1-16-0";
  t->groups = {{"S-1-1-0", kDefaultGroup}, {"S-1-5-2", kDefaultGroup}, {"S-1-16-0", kGroupIntegrity | kGroupIntegrityEnabled}};
  t->session = 0;
  t->id = new_luid();
  t->modified_id = t->id;
  t->auth_id = 0x3e6;  // ANONYMOUS_LOGON_LUID
  return t;
}

// The tokens of this process's handles.
std::map<uint64_t, Token>& handles() {
  static std::map<uint64_t, Token> h;
  return h;
}

// What ADVAPI32 keeps per thread (core/dll_state.h): the token it impersonates (null: none).
struct Impersonation : DllStateBase {
  Token token;
};
Token& impersonation_of(WindowsThread& t) { return dll_state<Impersonation>(t).token; }

WindowsThread* thread_of(WindowsProcess& p, uint64_t h) {
  if (p.is_current_thread(h)) return &p.thread();
  Waitable* w = waitable_of_kind(p, h, Waitable::Kind::Thread);
  return w ? find_thread(p, w->id) : nullptr;
}

}  // namespace

Token process_token() {
  static Token t = make_process_token();
  return t;
}

Token effective_token(WindowsProcess& p) {
  Token t = impersonation_of(p.thread());
  return t ? t : process_token();
}

Token token_of(WindowsProcess& p, uint64_t h) {
  const uint64_t all = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  if (h == (all & static_cast<uint64_t>(-4))) return process_token();
  if (h == (all & static_cast<uint64_t>(-5))) return impersonation_of(p.thread());
  if (h == (all & static_cast<uint64_t>(-6))) return effective_token(p);
  if (!p.tokens.count(h)) return nullptr;
  auto it = handles().find(h);
  return it == handles().end() ? process_token() : it->second;
}

Token thread_token(WindowsProcess& p, uint64_t thread_handle, bool* bad_handle) {
  WindowsThread* t = thread_of(p, thread_handle);
  *bad_handle = !t;
  return t ? impersonation_of(*t) : nullptr;
}

bool set_thread_token(WindowsProcess& p, uint64_t thread_handle, Token token) {
  WindowsThread* t = thread_of(p, thread_handle);
  if (!t) return false;
  impersonation_of(*t) = std::move(token);
  return true;
}

uint64_t new_token_handle(WindowsProcess& p, Token t) {
  const uint64_t h = p.next_handle;
  p.next_handle += 4;
  p.tokens.insert(h);
  handles()[h] = std::move(t);
  return h;
}

Token duplicate(const Token& t, bool primary, uint32_t level) {
  auto copy = std::make_shared<TokenObject>(*t);
  copy->primary = primary;
  copy->level = primary ? 0 : level;
  copy->id = new_luid();
  return copy;
}

bool sid_in_groups(const TokenObject& t, const std::string& sid, bool deny) {
  if (::strcasecmp(t.user.c_str(), sid.c_str()) == 0) return true;
  for (const TokenGroup& g : t.groups) {
    if (g.attributes & kGroupIntegrity) continue;
    const bool enabled = g.attributes & kGroupEnabled, deny_only = g.attributes & kGroupUseForDenyOnly;
    if (!(enabled || (deny && deny_only))) continue;
    if (!deny && deny_only) continue;
    if (::strcasecmp(g.sid.c_str(), sid.c_str()) == 0) return true;
  }
  return false;
}
bool restricting_has(const TokenObject& t, const std::string& sid) {
  for (const TokenGroup& g : t.restricting)
    if (::strcasecmp(g.sid.c_str(), sid.c_str()) == 0) return true;
  return false;
}
bool privilege_on(const TokenObject& t, uint32_t luid) {
  auto it = t.privileges.find(luid);
  return it != t.privileges.end() && (it->second & kPrivilegeEnabled);
}
bool sid_in_token(const TokenObject& t, const std::string& sid, bool deny) { return sid_in_groups(t, sid, deny); }

namespace {

// ---- the process token and privileges ----

BOOL OpenProcessToken(WindowsProcess& p, Ptr process, uint32_t, Ptr token) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!token) return fail(p, ERROR_NOACCESS);
  p.put_ptr(token.addr, new_token_handle(p, process_token()));
  return TRUE;
}

int32_t lookup_privilege(WindowsProcess& p, const std::string& name, Ptr luid) {
  for (uint32_t i = 0; i < kPrivilegeCount; ++i)
    if (::strcasecmp(name.c_str(), kPrivilegeNames[i]) == 0) {
      put<uint32_t>(luid.addr, kFirstPrivilege + i);
      put<int32_t>(luid.addr + 4, 0);
      return 1;
    }
  p.set_last_error(1313);  // ERROR_NO_SUCH_PRIVILEGE
  return 0;
}
// (A system name: this computer's only; another is one no LSA can be reached on.)
BOOL LookupPrivilegeValueA(WindowsProcess& p, AStr, AStr name, Ptr luid) { return lookup_privilege(p, name.str(), luid); }
BOOL LookupPrivilegeValueW(WindowsProcess& p, WStr, WStr name, Ptr luid) {
  return lookup_privilege(p, utf16_to_utf8(name.str()), luid);
}

// TOKEN_PRIVILEGES: a count, then LUID_AND_ATTRIBUTES entries (LUID, attributes; 12 bytes).
// Privileges the token holds are enabled (SE_PRIVILEGE_ENABLED), disabled, or removed
// (SE_PRIVILEGE_REMOVED) as asked, or all disabled; the others are left out, which the caller
// learns from ERROR_NOT_ALL_ASSIGNED. The previous state (when asked for) holds the privileges
// that changed, as they were.
BOOL AdjustTokenPrivileges(WindowsProcess& p, Ptr handle, int32_t disable_all, Ptr state, uint32_t size, Ptr previous,
                           Ptr length) {
  Token t = token_of(p, handle.addr);
  if (!t || !p.tokens.count(handle.addr)) return fail(p, ERROR_INVALID_HANDLE);
  struct Change {
    uint32_t luid, before, after;
  };
  std::vector<Change> changes;
  bool all = true;
  if (disable_all) {
    for (const auto& [luid, attributes] : t->privileges)
      if (attributes & kPrivilegeEnabled) changes.push_back({luid, attributes, attributes & ~kPrivilegeEnabled});
  } else {
    const uint32_t n = state ? get<uint32_t>(state.addr) : 0;
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t luid = get<uint32_t>(state.addr + 4 + 12 * i);
      const uint32_t attributes = get<uint32_t>(state.addr + 12 + 12 * i);
      auto it = t->privileges.find(luid);
      if (it == t->privileges.end() || get<uint32_t>(state.addr + 8 + 12 * i)) {
        all = false;
        continue;
      }
      uint32_t after = (attributes & kPrivilegeEnabled) ? it->second | kPrivilegeEnabled : it->second & ~kPrivilegeEnabled;
      if (attributes & kPrivilegeRemoved) after = kPrivilegeRemoved;
      if (after != it->second) changes.push_back({luid, it->second, after});
    }
  }
  const uint32_t needed = 4 + 12 * static_cast<uint32_t>(changes.size());
  if (previous) {
    if (length) put<uint32_t>(length.addr, needed);
    if (size < needed) return fail(p, ERROR_INSUFFICIENT_BUFFER);
    put<uint32_t>(previous.addr, static_cast<uint32_t>(changes.size()));
    for (size_t i = 0; i < changes.size(); ++i) {
      put<uint32_t>(previous.addr + 4 + 12 * i, changes[i].luid);
      put<uint32_t>(previous.addr + 8 + 12 * i, 0);
      put<uint32_t>(previous.addr + 12 + 12 * i, changes[i].before & kPrivilegeEnabled);
    }
  }
  for (const Change& c : changes) {
    if (c.after == kPrivilegeRemoved) t->privileges.erase(c.luid);
    else t->privileges[c.luid] = c.after;
  }
  p.set_last_error(all ? 0 : 1300);  // ERROR_NOT_ALL_ASSIGNED
  return TRUE;
}

// TOKEN_GROUPS: a count, then SID_AND_ATTRIBUTES. Only groups that are not mandatory may be
// enabled or disabled (ERROR_CANT_DISABLE_MANDATORY); a SID the token has no group of:
// ERROR_CANT_ENABLE_DENY_ONLY for deny-only ones, else left out (ERROR_NOT_ALL_ASSIGNED). Reset:
// each group to its default state.
BOOL AdjustTokenGroups(WindowsProcess& p, Ptr handle, int32_t reset, Ptr state, uint32_t size, Ptr previous, Ptr length) {
  Token t = token_of(p, handle.addr);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  if (!reset && !state) return fail(p, ERROR_INVALID_PARAMETER);
  const unsigned ps = p.isa->ptr;
  std::vector<std::pair<size_t, uint32_t>> changes;  // group index, new attributes
  bool all = true;
  if (reset) {
    for (size_t i = 0; i < t->groups.size(); ++i) {
      const uint32_t a = t->groups[i].attributes;
      if (a & (kGroupIntegrity | kGroupUseForDenyOnly)) continue;
      const uint32_t want = (a & kGroupEnabledByDefault) ? a | kGroupEnabled : a & ~kGroupEnabled;
      if (want != a) changes.push_back({i, want});
    }
  } else {
    const uint32_t n = get<uint32_t>(state.addr);
    for (uint32_t k = 0; k < n; ++k) {
      const uint64_t entry = state.addr + ps + 2 * ps * k;
      const uint64_t sid = p.get_ptr(entry);
      const uint32_t attributes = get<uint32_t>(entry + ps);
      if (!valid_sid(sid)) return fail(p, ERROR_INVALID_PARAMETER);
      const std::string text = sid_text(sid);
      size_t i = 0;
      while (i < t->groups.size() && ::strcasecmp(t->groups[i].sid.c_str(), text.c_str()) != 0) ++i;
      if (i == t->groups.size()) {
        all = false;
        continue;
      }
      const uint32_t a = t->groups[i].attributes;
      if (a & kGroupMandatory) return fail(p, 1310);        // ERROR_CANT_DISABLE_MANDATORY
      if (a & kGroupUseForDenyOnly) return fail(p, 1629);  // ERROR_CANT_ENABLE_DENY_ONLY
      const uint32_t want = (attributes & kGroupEnabled) ? a | kGroupEnabled : a & ~kGroupEnabled;
      if (want != a) changes.push_back({i, want});
    }
  }
  if (previous) {
    std::vector<uint8_t> dummy;
    const uint32_t needed = static_cast<uint32_t>(ps + 2 * ps * changes.size());
    uint32_t sids = 0;
    for (const auto& c : changes) sids += static_cast<uint32_t>(sid_bytes(t->groups[c.first].sid).size());
    if (length) put<uint32_t>(length.addr, needed + sids);
    if (size < needed + sids) return fail(p, ERROR_INSUFFICIENT_BUFFER);
    put<uint32_t>(previous.addr, static_cast<uint32_t>(changes.size()));
    uint64_t tail = previous.addr + needed;
    for (size_t k = 0; k < changes.size(); ++k) {
      const TokenGroup& g = t->groups[changes[k].first];
      const std::vector<uint8_t> b = sid_bytes(g.sid);
      std::memcpy(guest_pointer(tail), b.data(), b.size());
      p.put_ptr(previous.addr + ps + 2 * ps * k, tail);
      put<uint32_t>(previous.addr + 2 * ps + 2 * ps * k, g.attributes);
      tail += b.size();
    }
  }
  for (const auto& [i, a] : changes) t->groups[i].attributes = a;
  p.set_last_error(all ? 0 : 1300);  // ERROR_NOT_ALL_ASSIGNED
  return TRUE;
}

// ---- GetTokenInformation ----

// A TOKEN_* structure being laid out: pointer-sized and DWORD fields, then the SIDs it points to.
struct Layout {
  unsigned ptr;
  std::vector<uint8_t> head, tail;
  std::vector<std::pair<size_t, size_t>> pointers;  // (where in head, offset into tail)
  void dword(uint32_t v) { head.insert(head.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 4); }
  void qword(uint64_t v) {
    dword(static_cast<uint32_t>(v));
    dword(static_cast<uint32_t>(v >> 32));
  }
  void align() {
    while (head.size() % ptr) head.push_back(0);
  }
  void pointer_to(const std::vector<uint8_t>& b) {  // a pointer field to bytes after the fields
    align();
    pointers.push_back({head.size(), tail.size()});
    head.resize(head.size() + ptr);
    tail.insert(tail.end(), b.begin(), b.end());
    while (tail.size() % 4) tail.push_back(0);
  }
  void null_pointer() {
    align();
    head.resize(head.size() + ptr);
  }
  void sid(const std::string& text) { pointer_to(sid_bytes(text)); }
  void sid_and_attributes(const std::string& text, uint32_t attributes) {
    sid(text);
    dword(attributes);
    align();
  }
  void groups(const std::vector<TokenGroup>& g) {
    dword(static_cast<uint32_t>(g.size()));
    align();
    for (const TokenGroup& x : g) sid_and_attributes(x.sid, x.attributes);
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
  TokenUser = 1, TokenGroups, TokenPrivileges, TokenOwner, TokenPrimaryGroup, TokenDefaultDacl, TokenSource, TokenType,
  TokenImpersonationLevel, TokenStatistics, TokenRestrictedSids, TokenSessionId, TokenGroupsAndPrivileges,
  TokenSessionReference, TokenSandBoxInert, TokenAuditPolicy, TokenOrigin, TokenElevationType, TokenLinkedToken,
  TokenElevation, TokenHasRestrictions, TokenAccessInformation, TokenVirtualizationAllowed, TokenVirtualizationEnabled,
  TokenIntegrityLevel, TokenUIAccess, TokenMandatoryPolicy, TokenLogonSid, TokenIsAppContainer, TokenCapabilities,
  TokenAppContainerSid, TokenAppContainerNumber,
};

bool fixed_size_class(uint32_t cls) {
  switch (cls) {
    case TokenType: case TokenImpersonationLevel: case TokenStatistics: case TokenSessionId: case TokenSandBoxInert:
    case TokenOrigin: case TokenElevationType: case TokenElevation: case TokenHasRestrictions:
    case TokenVirtualizationAllowed: case TokenVirtualizationEnabled: case TokenUIAccess: case TokenMandatoryPolicy:
    case TokenIsAppContainer: case TokenAppContainerNumber:
      return true;
    default: return false;
  }
}

BOOL GetTokenInformation(WindowsProcess& p, Ptr token, uint32_t cls, Ptr buf, uint32_t size, Ptr returned) {
  const Token t = token_of(p, token.addr);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  Layout l{p.isa->ptr, {}, {}, {}};
  auto privileges = [&] {
    l.dword(static_cast<uint32_t>(t->privileges.size()));
    for (const auto& [luid, attributes] : t->privileges) {
      l.qword(luid);
      l.dword(attributes);
    }
  };
  switch (cls) {
    case TokenUser: l.sid_and_attributes(t->user, 0); break;
    case TokenGroups: l.groups(t->groups); break;
    case TokenPrivileges: privileges(); break;
    case TokenOwner: l.sid(t->owner); break;
    case TokenPrimaryGroup: l.sid(t->primary_group); break;
    case TokenDefaultDacl:
      if (t->default_dacl.empty()) l.null_pointer();
      else l.pointer_to(t->default_dacl);
      break;
    case TokenType: l.dword(t->primary ? 1 : 2); break;  // TokenPrimary, TokenImpersonation
    case TokenImpersonationLevel:  // a primary token has no such level
      if (t->primary) return fail(p, ERROR_INVALID_PARAMETER);
      l.dword(t->level);
      break;
    case TokenStatistics:
      l.qword(t->id);
      l.qword(t->auth_id);
      l.qword(0x7fffffffffffffffull);  // no expiry
      l.dword(t->primary ? 1 : 2);
      l.dword(t->primary ? 0 : t->level);
      l.dword(4096);  // DynamicCharged
      l.dword(4096 - static_cast<uint32_t>(t->default_dacl.size()));  // DynamicAvailable
      l.dword(static_cast<uint32_t>(t->groups.size()));
      l.dword(static_cast<uint32_t>(t->privileges.size()));
      l.qword(t->modified_id);
      break;
    case TokenRestrictedSids: l.groups(t->restricting); break;
    case TokenSessionId: l.dword(t->session); break;
    case TokenGroupsAndPrivileges: {
      // SidCount, SidLength, Sids, RestrictedSidCount, RestrictedSidLength, RestrictedSids,
      // PrivilegeCount, PrivilegeLength, Privileges, AuthenticationId: the arrays after.
      log().debug("GetTokenInformation: TokenGroupsAndPrivileges is not implemented");
      return fail(p, ERROR_INVALID_PARAMETER);
    }
    case TokenSandBoxInert: l.dword(0); break;
    case TokenOrigin: l.qword(0x3e7); break;  // the logon session of SYSTEM that made the interactive one
    case TokenElevationType: l.dword(1); break;  // TokenElevationTypeDefault: a user who is no administrator
    case TokenLinkedToken: return fail(p, 1312);  // ERROR_NO_SUCH_LOGON_SESSION: no split (UAC) token
    case TokenElevation: l.dword(0); break;       // not elevated
    case TokenHasRestrictions: l.dword(t->restricting.empty() ? 0 : 1); break;
    case TokenVirtualizationAllowed: l.dword(0); break;
    case TokenVirtualizationEnabled: l.dword(0); break;
    case TokenIntegrityLevel: l.sid_and_attributes(t->integrity, kGroupIntegrity | kGroupIntegrityEnabled); break;
    case TokenUIAccess: l.dword(0); break;
    case TokenMandatoryPolicy: l.dword(3); break;  // TOKEN_MANDATORY_POLICY_NO_WRITE_UP | NEW_PROCESS_MIN
    case TokenIsAppContainer: l.dword(0); break;
    case TokenAppContainerSid: l.null_pointer(); break;  // no app container: a NULL SID
    case TokenAppContainerNumber: l.dword(0); break;
    default:
      log().debug("GetTokenInformation: class {} is not implemented", cls);
      return fail(p, ERROR_INVALID_PARAMETER);
  }
  if (!returned) return fail(p, 998);  // ERROR_NOACCESS
  put<uint32_t>(returned.addr, l.size());
  if (size < l.size()) return fail(p, fixed_size_class(cls) ? ERROR_BAD_LENGTH : ERROR_INSUFFICIENT_BUFFER);
  l.write(p, buf.addr);
  return TRUE;
}

// SetTokenInformation: the owner (the user, or a group of the token that may own), the primary
// group (any group of the token), the default DACL (any, or none), a lower integrity level; the
// session needs SeTcbPrivilege, which a standard user lacks; the other classes cannot be set.
BOOL SetTokenInformation(WindowsProcess& p, Ptr token, uint32_t cls, Ptr info, uint32_t size) {
  const Token t = token_of(p, token.addr);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  const unsigned ps = p.isa->ptr;
  auto sid_arg = [&](std::string& out) -> bool {
    if (size < ps || !info) return false;
    const uint64_t sid = p.get_ptr(info.addr);
    if (!valid_sid(sid)) return false;
    out = sid_text(sid);
    return true;
  };
  switch (cls) {
    case TokenOwner: {
      std::string s;
      if (!sid_arg(s)) return fail(p, ERROR_INVALID_PARAMETER);
      bool ok = ::strcasecmp(s.c_str(), t->user.c_str()) == 0;
      for (const TokenGroup& g : t->groups) ok |= (g.attributes & kGroupOwner) && ::strcasecmp(s.c_str(), g.sid.c_str()) == 0;
      if (!ok) return fail(p, 1307);  // ERROR_INVALID_OWNER
      t->owner = s;
      return TRUE;
    }
    case TokenPrimaryGroup: {
      std::string s;
      if (!sid_arg(s)) return fail(p, ERROR_INVALID_PARAMETER);
      bool ok = ::strcasecmp(s.c_str(), t->user.c_str()) == 0 || ::strcasecmp(s.c_str(), primary_group_sid().c_str()) == 0;
      for (const TokenGroup& g : t->groups) ok |= ::strcasecmp(s.c_str(), g.sid.c_str()) == 0;
      if (!ok) return fail(p, 1308);  // ERROR_INVALID_PRIMARY_GROUP
      t->primary_group = s;
      return TRUE;
    }
    case TokenDefaultDacl: {
      if (size < ps || !info) return fail(p, ERROR_INVALID_PARAMETER);
      const uint64_t acl = p.get_ptr(info.addr);
      if (!acl) {
        t->default_dacl.clear();
        return TRUE;
      }
      const uint16_t n = get<uint16_t>(acl + 2);
      const uint8_t* b = static_cast<const uint8_t*>(guest_pointer(acl));
      t->default_dacl.assign(b, b + n);
      return TRUE;
    }
    case TokenSessionId: return fail(p, 1314);  // ERROR_PRIVILEGE_NOT_HELD (SeTcbPrivilege)
    case TokenIntegrityLevel: {
      if (size < 2 * ps || !info) return fail(p, ERROR_INVALID_PARAMETER);
      const uint64_t sid = p.get_ptr(info.addr);
      if (!valid_sid(sid)) return fail(p, ERROR_INVALID_PARAMETER);
      const std::string s = sid_text(sid);
      if (s.rfind("S-1-16-", 0) != 0) return fail(p, ERROR_INVALID_PARAMETER);
      const unsigned long have = std::stoul(t->integrity.substr(7)), want = std::stoul(s.substr(7));
      if (want > have) return fail(p, 1314);  // raising it needs SeRelabelPrivilege
      t->integrity = s;
      for (TokenGroup& g : t->groups)
        if (g.attributes & kGroupIntegrity) g.sid = s;
      return TRUE;
    }
    default: return fail(p, ERROR_INVALID_PARAMETER);
  }
}

// Whether the token (null: the calling thread's effective one) has the SID as an enabled group or
// as its user (and, for a restricted token, among its restricting SIDs). The token must be an
// impersonation token (ERROR_NO_IMPERSONATION_TOKEN for a primary one it was given).
BOOL CheckTokenMembership(WindowsProcess& p, Ptr token, Ptr sid, Ptr is_member) {
  Token t;
  if (!token) {
    t = effective_token(p);
  } else {
    t = token_of(p, token.addr);
    if (!t) return fail(p, ERROR_INVALID_HANDLE);
    if (t->primary) return fail(p, 1309);  // ERROR_NO_IMPERSONATION_TOKEN
  }
  if (!valid_sid(sid.addr) || !is_member) return fail(p, ERROR_INVALID_PARAMETER);
  const std::string want = sid_text(sid.addr);
  bool member = sid_in_groups(*t, want, false);
  if (member && !t->restricting.empty()) member = restricting_has(*t, want);
  put<int32_t>(is_member.addr, member ? TRUE : FALSE);
  return TRUE;
}

// ---- impersonation ----
//
// A thread impersonates a token until RevertToSelf; meanwhile its token (OpenThreadToken,
// GetCurrentThreadToken) is that one, and the checks of this DLL (GetTokenInformation,
// CheckTokenMembership, AccessCheck) answer for it. What the host lets the process do does not
// change: its files are the user's still.

BOOL ImpersonateAnonymousToken(WindowsProcess& p, Ptr thread) {
  if (!set_thread_token(p, thread.addr, make_anonymous_token())) return fail(p, ERROR_INVALID_HANDLE);
  return TRUE;
}

// ImpersonateSelf: the calling thread impersonates a copy of the process token at a level.
BOOL ImpersonateSelf(WindowsProcess& p, uint32_t level) {
  if (level > 3) return fail(p, 1346);  // ERROR_BAD_IMPERSONATION_LEVEL
  impersonation_of(p.thread()) = duplicate(process_token(), false, level);
  return TRUE;
}

// ImpersonateLoggedOnUser: the token (a primary one: an impersonation copy of it).
BOOL ImpersonateLoggedOnUser(WindowsProcess& p, Ptr token) {
  Token t = token_of(p, token.addr);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  impersonation_of(p.thread()) = t->primary ? duplicate(t, false, 2) : t;
  return TRUE;
}

// ImpersonateNamedPipeClient: the client at the other end of a pipe's server end; its processes
// are this user's (the host's pipes join processes of one user here), at the level a client asks
// for by default, SecurityImpersonation. No client connected: ERROR_CANNOT_IMPERSONATE.
BOOL ImpersonateNamedPipeClient(WindowsProcess& p, Ptr pipe) {
  const uint64_t scratch = p.heap.alloc(8, true);
  if (!scratch) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  const bool is_pipe = p.call_export("kernel32.dll", "GetNamedPipeInfo", {pipe.addr, scratch, 0, 0, 0}) & 0xffffffffu;
  const uint32_t flags = get<uint32_t>(scratch);
  const bool connected =
      is_pipe && (flags & 1) && (p.call_export("kernel32.dll", "GetNamedPipeClientProcessId", {pipe.addr, scratch}) & 0xffffffffu);
  p.heap.free(scratch);
  if (!is_pipe) return FALSE;  // (GetNamedPipeInfo's error)
  if (!(flags & 1)) return fail(p, ERROR_NOT_SUPPORTED);  // a client end (PIPE_SERVER_END unset)
  if (!connected) return fail(p, 1368);                      // ERROR_CANNOT_IMPERSONATE
  impersonation_of(p.thread()) = duplicate(process_token(), false, 2);
  return TRUE;
}

// SetThreadToken: the thread (null: the calling one) impersonates the impersonation token (null:
// no one).
BOOL SetThreadToken(WindowsProcess& p, Ptr thread, Ptr token) {
  Token t;
  if (token) {
    t = token_of(p, token.addr);
    if (!t) return fail(p, ERROR_INVALID_HANDLE);
    if (t->primary) return fail(p, 1309);  // ERROR_NO_IMPERSONATION_TOKEN
  }
  const uint64_t h = thread ? thread.addr : (p.isa->ptr == 4 ? 0xfffffffeull : ~1ull);
  if (!set_thread_token(p, h, t)) return fail(p, ERROR_INVALID_HANDLE);
  return TRUE;
}

// RevertToSelf: the calling thread's impersonation ends (there may be none).
BOOL RevertToSelf(WindowsProcess& p) {
  impersonation_of(p.thread()).reset();
  return TRUE;
}

// OpenThreadToken: the thread's impersonation token; ERROR_NO_TOKEN for a thread that does not
// impersonate.
BOOL OpenThreadToken(WindowsProcess& p, Ptr thread, uint32_t, int32_t, Ptr out) {
  bool bad = false;
  Token t = thread_token(p, thread.addr, &bad);
  if (bad) return fail(p, ERROR_INVALID_HANDLE);
  if (!out) return fail(p, ERROR_NOACCESS);
  if (!t) return fail(p, 1008);  // ERROR_NO_TOKEN
  if (t->level == 0) return fail(p, 1347);  // ERROR_CANT_OPEN_ANONYMOUS: an anonymous-level token
  p.put_ptr(out.addr, new_token_handle(p, t));
  return TRUE;
}

// ---- copies ----

// DuplicateTokenEx: a primary token (TokenPrimary 1) or an impersonation token (2) at a level; an
// impersonation token cannot be copied at a higher level than its own.
BOOL DuplicateTokenEx(WindowsProcess& p, Ptr token, uint32_t, Ptr, uint32_t level, uint32_t type, Ptr out) {
  Token t = token_of(p, token.addr);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  if (type != 1 && type != 2) return fail(p, ERROR_INVALID_PARAMETER);
  if (type == 2 && (level > 3 || (!t->primary && level > t->level))) return fail(p, 1346);  // ERROR_BAD_IMPERSONATION_LEVEL
  p.put_ptr(out.addr, new_token_handle(p, duplicate(t, type == 1, level)));
  return TRUE;
}
BOOL DuplicateToken(WindowsProcess& p, Ptr token, uint32_t level, Ptr out) {
  return DuplicateTokenEx(p, token, 0, Ptr(0), level, 2, out);
}

// CreateRestrictedToken: a primary copy (an impersonation one of an impersonation token) whose
// groups named in SidsToDisable are deny-only, whose privileges named are gone (all but
// SeChangeNotifyPrivilege with DISABLE_MAX_PRIVILEGE), and whose restricting SIDs are those given.
BOOL CreateRestrictedToken(WindowsProcess& p, Ptr token, uint32_t flags, uint32_t disable_count, Ptr disable,
                           uint32_t delete_count, Ptr del, uint32_t restrict_count, Ptr restrict, Ptr out) {
  Token t = token_of(p, token.addr);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  if (!out || (disable_count && !disable) || (delete_count && !del) || (restrict_count && !restrict))
    return fail(p, ERROR_INVALID_PARAMETER);
  const unsigned ps = p.isa->ptr;
  Token n = duplicate(t, t->primary, t->level);
  for (uint32_t k = 0; k < disable_count; ++k) {
    const uint64_t sid = p.get_ptr(disable.addr + 2 * ps * k);
    if (!valid_sid(sid)) return fail(p, ERROR_INVALID_PARAMETER);
    const std::string s = sid_text(sid);
    for (TokenGroup& g : n->groups)
      if (::strcasecmp(g.sid.c_str(), s.c_str()) == 0 && !(g.attributes & kGroupIntegrity))
        g.attributes = (g.attributes & ~(kGroupEnabled | kGroupEnabledByDefault)) | kGroupUseForDenyOnly;
  }
  if (flags & 1) {  // DISABLE_MAX_PRIVILEGE
    for (auto it = n->privileges.begin(); it != n->privileges.end();)
      it = it->first == 23 ? std::next(it) : n->privileges.erase(it);
  }
  for (uint32_t k = 0; k < delete_count; ++k) n->privileges.erase(get<uint32_t>(del.addr + 12 * k));
  for (uint32_t k = 0; k < restrict_count; ++k) {
    const uint64_t sid = p.get_ptr(restrict.addr + 2 * ps * k);
    if (!valid_sid(sid)) return fail(p, ERROR_INVALID_PARAMETER);
    n->restricting.push_back({sid_text(sid), kDefaultGroup});
  }
  n->modified_id = new_luid();
  p.put_ptr(out.addr, new_token_handle(p, n));
  return TRUE;
}

// IsTokenRestricted: whether the token has restricting SIDs.
BOOL IsTokenRestricted(WindowsProcess& p, Ptr token) {
  Token t = token_of(p, token.addr);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  p.set_last_error(0);
  return t->restricting.empty() ? FALSE : TRUE;
}

BOOL AllocateLocallyUniqueId(WindowsProcess& p, Ptr luid) {
  if (!luid) return fail(p, ERROR_NOACCESS);
  const uint64_t v = new_luid();
  put<uint32_t>(luid.addr, static_cast<uint32_t>(v));
  put<uint32_t>(luid.addr + 4, static_cast<uint32_t>(v >> 32));
  return TRUE;
}

}  // namespace

}  // namespace advapi32_tokens

// Whether a privilege (its LUID: SE_SHUTDOWN_PRIVILEGE 19 …) is enabled in the process token.
bool privilege_enabled(uint32_t luid) {
  const auto& privileges = advapi32_tokens::process_token()->privileges;
  auto it = privileges.find(luid);
  return it != privileges.end() && (it->second & advapi32_tokens::kPrivilegeEnabled);
}

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_token_exports() {
  using namespace advapi32_tokens;
  static const std::vector<Export> exports = {
      EXPORT("OpenProcessToken", OpenProcessToken),
      EXPORT("LookupPrivilegeValueA", LookupPrivilegeValueA),
      EXPORT("LookupPrivilegeValueW", LookupPrivilegeValueW),
      EXPORT("AdjustTokenPrivileges", AdjustTokenPrivileges),
      EXPORT("AdjustTokenGroups", AdjustTokenGroups),
      EXPORT("GetTokenInformation", GetTokenInformation),
      EXPORT("SetTokenInformation", SetTokenInformation),
      EXPORT("CheckTokenMembership", CheckTokenMembership),
      EXPORT("ImpersonateAnonymousToken", ImpersonateAnonymousToken),
      EXPORT("ImpersonateSelf", ImpersonateSelf),
      EXPORT("ImpersonateLoggedOnUser", ImpersonateLoggedOnUser),
      EXPORT("SetThreadToken", SetThreadToken),
      EXPORT("ImpersonateNamedPipeClient", ImpersonateNamedPipeClient),
      EXPORT("RevertToSelf", RevertToSelf),
      EXPORT("OpenThreadToken", OpenThreadToken),
      EXPORT("DuplicateToken", DuplicateToken),
      EXPORT("DuplicateTokenEx", DuplicateTokenEx),
      EXPORT("CreateRestrictedToken", CreateRestrictedToken),
      EXPORT("IsTokenRestricted", IsTokenRestricted),
      EXPORT("AllocateLocallyUniqueId", AllocateLocallyUniqueId),
  };
  return exports;
}

}  // namespace polyrun::shims
