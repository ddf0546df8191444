// NTDLL's access tokens, as an unprivileged user's logon has them: the user S-1-5-21-<machine>-1001
// (core/machine_identity.cpp's account_sid), the groups of a standard user's interactive logon at
// the medium integrity level, not elevated (TokenElevationTypeDefault), holding the privileges
// such a user holds (SeChangeNotifyPrivilege enabled; SeShutdownPrivilege, SeUndockPrivilege,
// SeIncreaseWorkingSetPrivilege and SeTimeZonePrivilege disabled) and none of the others, so that
// what needs another privilege is refused as Windows refuses it to such a user. The functions:
// NtOpenProcessToken(Ex), NtOpenThreadToken(Ex) (a thread has a token of its own only while it
// impersonates: RtlImpersonateSelf), NtQueryInformationToken, NtSetInformationToken,
// NtAdjustPrivilegesToken, NtAdjustGroupsToken (the groups are mandatory), NtDuplicateToken,
// NtPrivilegeCheck, NtAccessCheck and RtlAdjustPrivilege. A token handle is one of WindowsProcess::tokens (ADVAPI32's
// GetTokenInformation answers for the same handles); the privileges' state is NTDLL's.
#include <unistd.h>

#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/tokens.h"

namespace polyrun::shims {

namespace ntdll_tokens_impl {

constexpr uint32_t kNoToken = 0xc000007c, kPrivilegeNotHeld = 0xc0000061, kNotAllAssigned = 0x106,
                   kNoImpersonationToken = 0xc000005c, kAccessDenied = 0xc0000022,
                   kObjectTypeMismatch = 0xc0000024, kBadImpersonationLevel = 0xc00000a5;
constexpr uint32_t kEnabled = 2, kEnabledByDefault = 1, kUsedForAccess = 0x80000000u;
constexpr uint32_t kObjInherit = 2;

// The groups of the user's logon and their attributes (SE_GROUP_MANDATORY 1 | ENABLED_BY_DEFAULT
// 2 | ENABLED 4; SE_GROUP_INTEGRITY 0x20 | _ENABLED 0x40 for the label).
struct Group {
  const char* sid;
  uint32_t attributes;
};
constexpr Group kGroups[] = {
    {"S-1-1-0", 7},         // Everyone
    {"S-1-5-32-545", 7},    // BUILTIN\Users
    {"S-1-5-4", 7},         // NT AUTHORITY\INTERACTIVE
    {"S-1-2-1", 7},         // CONSOLE LOGON
    {"S-1-5-11", 7},        // NT AUTHORITY\Authenticated Users
    {"S-1-5-15", 7},        // NT AUTHORITY\This Organization
    {"S-1-2-0", 7},         // LOCAL
    {"S-1-16-8192", 0x60},  // Mandatory Label\Medium Mandatory Level
};
constexpr const char* kMediumIntegrity = "S-1-16-8192";
constexpr const char* kSystem = "S-1-5-18";

// The privileges the user holds (their LUIDs: SE_SHUTDOWN 19, SE_CHANGE_NOTIFY 23, SE_UNDOCK 25,
// SE_INC_WORKING_SET 33, SE_TIME_ZONE 34), in LUID order.
constexpr uint32_t kHeld[] = {19, 23, 25, 33, 34};
bool held(uint32_t luid) {
  for (uint32_t h : kHeld)
    if (h == luid) return true;
  return false;
}

// What NTDLL keeps of the tokens: which privileges are enabled, each handle's token (primary, or
// an impersonation token at a level), the threads that impersonate (RtlImpersonateSelf) and at
// which level, the default DACL set.
struct TokenHandle {
  bool impersonation = false;
  uint32_t level = 0;  // SECURITY_IMPERSONATION_LEVEL
};
struct Tokens {
  std::set<uint32_t> enabled{23};
  std::map<uint64_t, TokenHandle> handles;
  std::map<uint32_t, uint32_t> impersonating;  // thread id → level
  std::vector<uint8_t> default_dacl;           // set by NtSetInformationToken; empty: the default
  std::string integrity = kMediumIntegrity;
};
Tokens& tokens() {
  static Tokens t;
  return t;
}

std::string user_sid() { return account_sid(); }
std::string primary_group() {
  const std::string s = account_sid();
  return s.substr(0, s.rfind('-')) + "-513";  // the machine's None group
}

// A SID's bytes from its text (S-1-<authority>-<sub>…).
std::vector<uint8_t> sid_bytes(const std::string& text) {
  std::vector<uint64_t> parts;
  size_t at = 2;
  while (at < text.size()) {
    size_t end = text.find('-', at);
    if (end == std::string::npos) end = text.size();
    parts.push_back(std::stoull(text.substr(at, end - at)));
    at = end + 1;
  }
  std::vector<uint8_t> b(8 + 4 * (parts.size() - 2));
  b[0] = static_cast<uint8_t>(parts[0]);
  b[1] = static_cast<uint8_t>(parts.size() - 2);
  for (int i = 0; i < 6; ++i) b[2 + i] = static_cast<uint8_t>(parts[1] >> (8 * (5 - i)));
  for (size_t i = 2; i < parts.size(); ++i) {
    const uint32_t v = static_cast<uint32_t>(parts[i]);
    std::memcpy(&b[8 + 4 * (i - 2)], &v, 4);
  }
  return b;
}
std::vector<uint8_t> sid_at(uint64_t sid) {
  const uint8_t* s = static_cast<const uint8_t*>(guest_pointer(sid));
  return std::vector<uint8_t>(s, s + 8 + 4 * s[1]);
}

// The default DACL of the user's objects: the user and SYSTEM, GENERIC_ALL each.
std::vector<uint8_t> default_dacl() {
  if (!tokens().default_dacl.empty()) return tokens().default_dacl;
  std::vector<uint8_t> acl(8);
  uint16_t count = 0;
  for (const std::string& sid : {user_sid(), std::string(kSystem)}) {
    const std::vector<uint8_t> s = sid_bytes(sid);
    const uint16_t size = static_cast<uint16_t>(8 + s.size());
    const uint32_t mask = 0x10000000;  // GENERIC_ALL
    uint8_t head[8] = {0, 0, static_cast<uint8_t>(size), static_cast<uint8_t>(size >> 8)};
    std::memcpy(head + 4, &mask, 4);
    acl.insert(acl.end(), head, head + 8);
    acl.insert(acl.end(), s.begin(), s.end());
    ++count;
  }
  acl[0] = 2;  // ACL_REVISION
  const uint16_t size = static_cast<uint16_t>(acl.size());
  std::memcpy(&acl[2], &size, 2);
  std::memcpy(&acl[4], &count, 2);
  return acl;
}

// A TOKEN_* structure being laid out: its fields, then what they point to (SIDs, an ACL) after
// them at a pointer's alignment.
struct Layout {
  unsigned ptr;
  std::vector<uint8_t> head, tail;
  std::vector<std::pair<size_t, size_t>> pointers;  // (where in head, offset into tail)
  void dword(uint32_t v) { head.insert(head.end(), reinterpret_cast<uint8_t*>(&v), reinterpret_cast<uint8_t*>(&v) + 4); }
  void align() {
    while (head.size() % ptr) head.push_back(0);
  }
  void pointer_to(const std::vector<uint8_t>& data) {
    align();
    pointers.push_back({head.size(), tail.size()});
    head.resize(head.size() + ptr);
    tail.insert(tail.end(), data.begin(), data.end());
  }
  void sid_and_attributes(const std::string& sid, uint32_t attributes) {
    pointer_to(sid_bytes(sid));
    dword(attributes);
    align();
  }
  size_t tail_offset() const { return tail.empty() ? head.size() : (head.size() + ptr - 1) / ptr * ptr; }
  uint32_t size() const { return static_cast<uint32_t>(tail_offset() + tail.size()); }
  void write(WindowsProcess& p, uint64_t at) const {
    const uint64_t tail_at = at + tail_offset();
    std::memcpy(guest_pointer(at), head.data(), head.size());
    for (const auto& [field, off] : pointers) p.put_ptr(at + field, tail_at + off);
    std::memcpy(guest_pointer(tail_at), tail.data(), tail.size());
  }
};

// The token a handle names: the pseudo handles -4 (the process's), -5 (the thread's) and -6 (the
// effective one), or a handle NTDLL made; false for a handle that names none.
bool token_of(WindowsProcess& p, uint64_t h, TokenHandle& out) {
  const uint64_t all = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  auto& imp = tokens().impersonating;
  auto self = imp.find(p.thread().id);
  if (h == (all & static_cast<uint64_t>(-4))) return out = {}, true;
  if (h == (all & static_cast<uint64_t>(-5)) || h == (all & static_cast<uint64_t>(-6))) {
    if (self != imp.end()) return out = {true, self->second}, true;
    if (h == (all & static_cast<uint64_t>(-5))) return false;
    return out = {}, true;
  }
  if (auto it = tokens().handles.find(h); it != tokens().handles.end() && p.tokens.count(h)) return out = it->second, true;
  if (p.tokens.count(h)) return out = {}, true;  // (one of ADVAPI32's: the process's)
  return false;
}

uint32_t new_token_handle(WindowsProcess& p, TokenHandle t, uint32_t attributes, Ptr out) {
  const uint64_t h = p.next_handle;
  p.next_handle += 4;
  p.tokens.insert(h);
  tokens().handles[h] = t;
  p.put_ptr(out.addr, p.mark_inheritable(h, attributes & kObjInherit));
  return nt::kSuccess;
}

bool names_process(WindowsProcess& p, uint64_t h) {
  return p.is_current_process(h) || waitable_of_kind(p, h, Waitable::Kind::Process);
}

uint32_t NtOpenProcessTokenEx(WindowsProcess& p, Ptr process, uint32_t, uint32_t attributes, Ptr out) {
  if (!names_process(p, process.addr))
    return waitable_object(p, process.addr) || p.fd_for_handle(process.addr) >= 0 ? kObjectTypeMismatch
                                                                                   : nt::kInvalidHandle;
  return new_token_handle(p, {}, attributes, out);
}
uint32_t NtOpenProcessToken(WindowsProcess& p, Ptr process, uint32_t access, Ptr out) {
  return NtOpenProcessTokenEx(p, process, access, 0, out);
}

// The thread's own token: STATUS_NO_TOKEN unless it impersonates.
uint32_t NtOpenThreadTokenEx(WindowsProcess& p, Ptr thread, uint32_t, uint8_t, uint32_t attributes, Ptr out) {
  uint32_t id = 0;
  if (p.is_current_thread(thread.addr)) {
    id = p.thread().id;
  } else if (Waitable* w = waitable_of_kind(p, thread.addr, Waitable::Kind::Thread)) {
    id = w->id;
  } else {
    return waitable_object(p, thread.addr) || p.fd_for_handle(thread.addr) >= 0 ? kObjectTypeMismatch
                                                                                 : nt::kInvalidHandle;
  }
  auto it = tokens().impersonating.find(id);
  if (it == tokens().impersonating.end()) return kNoToken;
  return new_token_handle(p, {true, it->second}, attributes, out);
}
uint32_t NtOpenThreadToken(WindowsProcess& p, Ptr thread, uint32_t access, uint8_t self, Ptr out) {
  return NtOpenThreadTokenEx(p, thread, access, self, 0, out);
}

// TOKEN_INFORMATION_CLASS values.
enum : uint32_t {
  TokenUser = 1, TokenGroups, TokenPrivileges, TokenOwner, TokenPrimaryGroup, TokenDefaultDacl, TokenSource,
  TokenType, TokenImpersonationLevel, TokenStatistics, TokenRestrictedSids, TokenSessionId,
  TokenGroupsAndPrivileges, TokenSessionReference, TokenSandBoxInert, TokenAuditPolicy, TokenOrigin,
  TokenElevationType, TokenLinkedToken, TokenElevation, TokenHasRestrictions, TokenAccessInformation,
  TokenVirtualizationAllowed, TokenVirtualizationEnabled, TokenIntegrityLevel, TokenUIAccess,
  TokenMandatoryPolicy, TokenLogonSid, TokenIsAppContainer,
};

void privileges(Layout& l) {
  l.dword(static_cast<uint32_t>(std::size(kHeld)));
  for (uint32_t luid : kHeld) {
    l.dword(luid);
    l.dword(0);
    const bool on = tokens().enabled.count(luid) != 0;
    l.dword((on ? kEnabled : 0) | (luid == 23 ? kEnabledByDefault : 0));
  }
}

uint32_t NtQueryInformationToken(WindowsProcess& p, Ptr h, uint32_t cls, Ptr out, uint32_t len, Ptr returned) {
  TokenHandle t;
  if (!token_of(p, h.addr, t)) return nt::kInvalidHandle;
  Layout l{p.isa->ptr, {}, {}, {}};
  bool fixed = false;  // a structure of a fixed size: STATUS_INFO_LENGTH_MISMATCH when short of it
  switch (cls) {
    case TokenUser: l.sid_and_attributes(user_sid(), 0); break;
    case TokenGroups:
      l.dword(static_cast<uint32_t>(std::size(kGroups)));
      l.align();
      for (const Group& g : kGroups) l.sid_and_attributes(g.sid, g.attributes);
      break;
    case TokenPrivileges: privileges(l); break;
    case TokenOwner: l.pointer_to(sid_bytes(user_sid())); break;
    case TokenPrimaryGroup: l.pointer_to(sid_bytes(primary_group())); break;
    case TokenDefaultDacl: l.pointer_to(default_dacl()); break;
    case TokenSource: {  // TOKEN_SOURCE: "User32  " and its LUID
      for (const char c : std::string("User32  ")) l.head.push_back(static_cast<uint8_t>(c));
      l.dword(0x3e9);
      l.dword(0);
      break;
    }
    case TokenType: l.dword(t.impersonation ? 2 : 1), fixed = true; break;
    case TokenImpersonationLevel:
      if (!t.impersonation) return nt::kInvalidParameter;
      l.dword(t.level);
      fixed = true;
      break;
    case TokenStatistics:  // TOKEN_STATISTICS
      l.dword(static_cast<uint32_t>(h.addr));  // TokenId
      l.dword(0);
      l.dword(0x3e7 + 0x1000);  // AuthenticationId: the logon session
      l.dword(0);
      l.dword(0xffffffffu);  // ExpirationTime: never
      l.dword(0x7fffffffu);
      l.dword(t.impersonation ? 2 : 1);
      l.dword(t.level);
      l.dword(0);  // DynamicCharged
      l.dword(0);  // DynamicAvailable
      l.dword(static_cast<uint32_t>(std::size(kGroups)));
      l.dword(static_cast<uint32_t>(std::size(kHeld)));
      l.dword(1);  // ModifiedId
      l.dword(0);
      fixed = true;
      break;
    case TokenSessionId: l.dword(1), fixed = true; break;  // the interactive session
    case TokenElevationType: l.dword(1), fixed = true; break;  // TokenElevationTypeDefault
    case TokenElevation: l.dword(0), fixed = true; break;
    case TokenHasRestrictions: l.dword(0), fixed = true; break;
    case TokenVirtualizationAllowed: l.dword(0), fixed = true; break;
    case TokenVirtualizationEnabled: l.dword(0), fixed = true; break;
    case TokenUIAccess: l.dword(0), fixed = true; break;
    case TokenIsAppContainer: l.dword(0), fixed = true; break;
    case TokenMandatoryPolicy: l.dword(3), fixed = true; break;  // NO_WRITE_UP | NEW_PROCESS_MIN
    case TokenIntegrityLevel: l.sid_and_attributes(tokens().integrity, 0x60); break;
    default:
      return nt::kInvalidInfoClass;
  }
  const uint32_t need = l.size();
  put<uint32_t>(returned.addr, need);
  (void)fixed;  // (short of a fixed-size one too: STATUS_BUFFER_TOO_SMALL)
  if (len < need) return nt::kBufferTooSmall;
  l.write(p, out.addr);
  return nt::kSuccess;
}

// NtSetInformationToken: the default DACL (TokenDefaultDacl: a TOKEN_DEFAULT_DACL), a lower
// integrity level (TokenIntegrityLevel; a higher one needs SeTcbPrivilege, as does the session,
// TokenSessionId); the owner may be the user (TokenOwner). The rest is STATUS_INVALID_INFO_CLASS.
uint32_t NtSetInformationToken(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, uint32_t len) {
  TokenHandle t;
  if (!token_of(p, h.addr, t)) return nt::kInvalidHandle;
  switch (cls) {
    case TokenDefaultDacl: {
      if (len < p.isa->ptr) return nt::kInfoLengthMismatch;
      const uint64_t acl = p.get_ptr(info.addr);
      if (!acl) {
        tokens().default_dacl.clear();
        return nt::kSuccess;
      }
      const uint16_t size = get<uint16_t>(acl + 2);
      const uint8_t* a = static_cast<const uint8_t*>(guest_pointer(acl));
      tokens().default_dacl.assign(a, a + size);
      return nt::kSuccess;
    }
    case TokenOwner: {
      if (len < p.isa->ptr) return nt::kInfoLengthMismatch;
      return sid_at(p.get_ptr(info.addr)) == sid_bytes(user_sid()) ? nt::kSuccess : 0xc000005a;  // STATUS_INVALID_OWNER
    }
    case TokenIntegrityLevel: {
      if (len < 2 * p.isa->ptr) return nt::kInfoLengthMismatch;
      const std::vector<uint8_t> sid = sid_at(p.get_ptr(info.addr));
      if (sid.size() != 12 || sid[0] != 1 || sid[7] != 16) return nt::kInvalidParameter;
      uint32_t level;
      std::memcpy(&level, &sid[8], 4);
      if (level > 8192) return kPrivilegeNotHeld;
      tokens().integrity = "S-1-16-" + std::to_string(level);
      return nt::kSuccess;
    }
    case TokenSessionId: return kPrivilegeNotHeld;
    default: return nt::kInvalidInfoClass;
  }
}

// NtAdjustPrivilegesToken(token, disable all, TOKEN_PRIVILEGES*, length, previous, *returned): the
// privileges the user holds enabled or disabled as asked; STATUS_NOT_ALL_ASSIGNED when some asked
// for are not held. The previous state holds those that changed, as they were.
uint32_t NtAdjustPrivilegesToken(WindowsProcess& p, Ptr h, uint8_t disable_all, Ptr state, uint32_t size,
                                 Ptr previous, Ptr returned) {
  TokenHandle t;
  if (!token_of(p, h.addr, t)) return nt::kInvalidHandle;
  if (!disable_all && !state) return nt::kInvalidParameter;
  std::set<uint32_t>& enabled = tokens().enabled;
  std::vector<std::pair<uint32_t, bool>> changes;  // a privilege and whether it becomes enabled
  bool all = true;
  if (disable_all) {
    for (uint32_t luid : enabled) changes.emplace_back(luid, false);
  } else {
    const uint32_t n = get<uint32_t>(state.addr);
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t luid = get<uint32_t>(state.addr + 4 + 12 * i), high = get<uint32_t>(state.addr + 8 + 12 * i);
      const uint32_t attributes = get<uint32_t>(state.addr + 12 + 12 * i);
      if (high || !held(luid)) {
        all = false;
        continue;
      }
      const bool on = (attributes & kEnabled) != 0;
      if (on != (enabled.count(luid) != 0)) changes.emplace_back(luid, on);
    }
  }
  const uint32_t needed = 4 + 12 * static_cast<uint32_t>(changes.size());
  if (previous) {
    put<uint32_t>(returned.addr, needed);
    if (size < needed) return nt::kBufferTooSmall;
    put<uint32_t>(previous.addr, static_cast<uint32_t>(changes.size()));
    for (size_t i = 0; i < changes.size(); ++i) {
      put<uint32_t>(previous.addr + 4 + 12 * i, changes[i].first);
      put<uint32_t>(previous.addr + 8 + 12 * i, 0);
      put<uint32_t>(previous.addr + 12 + 12 * i, changes[i].second ? 0 : kEnabled);
    }
  }
  for (const auto& [luid, on] : changes) {
    if (on) enabled.insert(luid);
    else enabled.erase(luid);
  }
  return all ? nt::kSuccess : kNotAllAssigned;
}

// A SID in guest memory as text (S-1-…).
std::string sid_text(uint64_t sid) {
  const uint8_t count = get<uint8_t>(sid + 1);
  uint64_t authority = 0;
  for (int i = 0; i < 6; ++i) authority = authority << 8 | get<uint8_t>(sid + 2 + i);
  std::string out = "S-" + std::to_string(get<uint8_t>(sid)) + "-" + std::to_string(authority);
  for (uint8_t i = 0; i < count; ++i) out += "-" + std::to_string(get<uint32_t>(sid + 8 + 4 * i));
  return out;
}

// NtAdjustGroupsToken(token, reset to default, TOKEN_GROUPS*, length, previous, *returned): every
// group of the user's logon is mandatory (enabled, and cannot be disabled: a group asked to be
// disabled is STATUS_CANT_DISABLE_MANDATORY) and the label is no group to adjust; enabling a group
// the token has changes nothing, and one it lacks (or the label) leaves the call
// STATUS_NOT_ALL_ASSIGNED. The previous state (a TOKEN_GROUPS of the groups that changed) is empty.
uint32_t NtAdjustGroupsToken(WindowsProcess& p, Ptr h, uint8_t reset, Ptr state, uint32_t size, Ptr previous,
                             Ptr returned) {
  constexpr uint32_t kCantDisableMandatory = 0xc000005d, kGroupEnabled = 4;
  TokenHandle t;
  if (!token_of(p, h.addr, t)) return nt::kInvalidHandle;
  if (!reset && !state) return nt::kInvalidParameter;
  const unsigned w = p.isa->ptr;
  bool all = true;
  if (!reset) {
    const uint32_t n = get<uint32_t>(state.addr);
    for (uint32_t i = 0; i < n; ++i) {
      const uint64_t entry = state.addr + w + 2 * w * i;  // SID_AND_ATTRIBUTES after the pointer-aligned count
      const std::string sid = sid_text(p.get_ptr(entry));
      const uint32_t attributes = get<uint32_t>(entry + w);
      const Group* g = nullptr;
      for (const Group& k : kGroups)
        if (sid == k.sid && (k.attributes & 1)) g = &k;
      if (!g) {
        all = false;
        continue;
      }
      if (!(attributes & kGroupEnabled)) return kCantDisableMandatory;
    }
  }
  if (previous) {
    const uint32_t needed = 2 * w;  // (a TOKEN_GROUPS of none)
    if (returned) put<uint32_t>(returned.addr, needed);
    if (size < needed) return nt::kBufferTooSmall;
    put<uint32_t>(previous.addr, 0);
  }
  return all ? nt::kSuccess : kNotAllAssigned;
}

// RtlAdjustPrivilege(privilege, enable, of the thread's token, *was enabled).
uint32_t RtlAdjustPrivilege(WindowsProcess& p, uint32_t luid, uint8_t enable, uint8_t thread, Ptr was) {
  if (thread && !tokens().impersonating.count(p.thread().id)) return kNoToken;
  if (!held(luid)) return kPrivilegeNotHeld;
  std::set<uint32_t>& enabled = tokens().enabled;
  put<uint8_t>(was.addr, enabled.count(luid) ? 1 : 0);
  if (enable) enabled.insert(luid);
  else enabled.erase(luid);
  return nt::kSuccess;
}

// NtPrivilegeCheck(token, PRIVILEGE_SET*, *result): whether the token has the privileges enabled
// (all of them with PRIVILEGE_SET_ALL_NECESSARY, else any); each one it has enabled is marked
// SE_PRIVILEGE_USED_FOR_ACCESS. The token must be an impersonation token.
uint32_t NtPrivilegeCheck(WindowsProcess& p, Ptr h, Ptr set, Ptr result) {
  TokenHandle t;
  if (!token_of(p, h.addr, t)) return nt::kInvalidHandle;
  if (!t.impersonation) return kNoImpersonationToken;
  if (t.level < 2) return kBadImpersonationLevel;  // below SecurityImpersonation
  const uint32_t n = get<uint32_t>(set.addr), control = get<uint32_t>(set.addr + 4);
  uint32_t on = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t e = set.addr + 8 + 12 * i;
    const bool has = get<uint32_t>(e + 4) == 0 && tokens().enabled.count(get<uint32_t>(e));
    uint32_t attributes = get<uint32_t>(e + 8) & ~kUsedForAccess;
    if (has) attributes |= kUsedForAccess, ++on;
    put<uint32_t>(e + 8, attributes);
  }
  put<uint8_t>(result.addr, (control & 1) ? on == n : on > 0);
  return nt::kSuccess;
}

// NtDuplicateToken(token, access, attributes, effective only, type, *new): a token of the type
// asked (TokenPrimary 1, TokenImpersonation 2) at the level of the attributes' security quality
// of service (SecurityAnonymous without one).
uint32_t NtDuplicateToken(WindowsProcess& p, Ptr h, uint32_t, Ptr oa, uint8_t, uint32_t type, Ptr out) {
  TokenHandle t;
  if (!token_of(p, h.addr, t)) return nt::kInvalidHandle;
  if (type != 1 && type != 2) return nt::kInvalidParameter;
  uint32_t level = t.level, attributes = 0;
  if (oa) {
    const unsigned w = p.isa->ptr;
    attributes = get<uint32_t>(oa.addr + 3 * w);
    const uint64_t qos = p.get_ptr(oa.addr + 5 * w);
    level = qos ? get<uint32_t>(qos + 4) : 0;
  }
  if (level > 3) return nt::kInvalidParameter;
  if (t.impersonation && level > t.level) return kBadImpersonationLevel;
  return new_token_handle(p, {type == 2, level}, attributes, out);
}

// RtlImpersonateSelf(level): the thread impersonates the process's own user at the level.
uint32_t RtlImpersonateSelf(WindowsProcess& p, uint32_t level) {
  if (level > 3) return nt::kInvalidParameter;
  tokens().impersonating[p.thread().id] = level;
  return nt::kSuccess;
}

// ---- access checks ----

// The SIDs the token counts in a check: the user and its enabled groups.
std::vector<std::vector<uint8_t>> token_sids() {
  std::vector<std::vector<uint8_t>> s{sid_bytes(user_sid())};
  for (const Group& g : kGroups)
    if (g.attributes & 4) s.push_back(sid_bytes(g.sid));
  return s;
}

// A security descriptor's parts (absolute or self-relative): its owner and DACL, 0 where absent;
// `dacl_present` from SE_DACL_PRESENT.
struct Descriptor {
  uint64_t owner = 0, dacl = 0;
  bool dacl_present = false;
};
Descriptor read_descriptor(WindowsProcess& p, uint64_t sd) {
  Descriptor d;
  const uint16_t control = get<uint16_t>(sd + 2);
  d.dacl_present = control & 0x4;
  if (control & 0x8000) {  // SE_SELF_RELATIVE: offsets
    const uint32_t owner = get<uint32_t>(sd + 4), dacl = get<uint32_t>(sd + 16);
    d.owner = owner ? sd + owner : 0;
    d.dacl = dacl ? sd + dacl : 0;
  } else {
    const unsigned w = p.isa->ptr;
    d.owner = p.get_ptr(sd + (w == 8 ? 8 : 4));
    d.dacl = p.get_ptr(sd + (w == 8 ? 32 : 16));
  }
  return d;
}

// GENERIC_MAPPING: GenericRead, GenericWrite, GenericExecute, GenericAll.
uint32_t map_generic(uint32_t mask, uint64_t mapping) {
  const uint32_t m[4] = {get<uint32_t>(mapping), get<uint32_t>(mapping + 4), get<uint32_t>(mapping + 8),
                         get<uint32_t>(mapping + 12)};
  uint32_t out = mask & 0x0fffffffu;
  if (mask & 0x80000000u) out |= m[0];
  if (mask & 0x40000000u) out |= m[1];
  if (mask & 0x20000000u) out |= m[2];
  if (mask & 0x10000000u) out |= m[3];
  return out;
}

// NtAccessCheck(descriptor, token, desired, mapping, privileges, *length, *granted, *status): the
// DACL read in order for the token's SIDs (allowed and denied ACEs; no DACL grants everything;
// the owner has READ_CONTROL and WRITE_DAC); MAXIMUM_ALLOWED asks for whatever is allowed. The
// token must be an impersonation token.
uint32_t NtAccessCheck(WindowsProcess& p, Ptr sd, Ptr h, uint32_t desired, Ptr mapping, Ptr privileges,
                       Ptr privileges_length, Ptr granted, Ptr access_status) {
  if (!sd || !mapping || !privileges_length || !granted || !access_status) return nt::kInvalidParameter;
  TokenHandle t;
  if (!token_of(p, h.addr, t)) return nt::kInvalidHandle;
  if (!t.impersonation) return kNoImpersonationToken;
  if (t.level < 1) return kBadImpersonationLevel;  // SecurityAnonymous cannot be checked
  if (get<uint32_t>(privileges_length.addr) < 8) {
    put<uint32_t>(privileges_length.addr, 8);
    return nt::kBufferTooSmall;
  }
  if (privileges) {
    put<uint32_t>(privileges.addr, 0);
    put<uint32_t>(privileges.addr + 4, 0);
  }
  const Descriptor d = read_descriptor(p, sd.addr);
  if (!d.owner) return 0xc0000079;  // STATUS_INVALID_SECURITY_DESCR
  constexpr uint32_t kMaximumAllowed = 0x02000000, kAccessSystemSecurity = 0x01000000;
  if (desired & 0xf0000000u) return 0xc00000e6;  // STATUS_GENERIC_NOT_MAPPED: the caller maps them first
  const bool maximum = desired & kMaximumAllowed;
  uint32_t want = map_generic(desired & ~kMaximumAllowed, mapping.addr);
  if (want & kAccessSystemSecurity) {  // needs SeSecurityPrivilege
    put<uint32_t>(granted.addr, 0);
    put<uint32_t>(access_status.addr, kPrivilegeNotHeld);
    return nt::kSuccess;
  }
  const auto sids = token_sids();
  auto ours = [&](uint64_t sid) {
    const std::vector<uint8_t> s = sid_at(sid);
    for (const auto& x : sids)
      if (x == s) return true;
    return false;
  };
  const uint32_t all = map_generic(0x10000000, mapping.addr) | 0x1f0000;
  uint32_t allowed = 0, denied = 0;
  if (!d.dacl_present || !d.dacl) {
    allowed = all | want;
  } else {
    if (ours(d.owner)) allowed |= 0x60000;  // READ_CONTROL | WRITE_DAC
    const uint16_t count = get<uint16_t>(d.dacl + 4);
    uint64_t ace = d.dacl + 8;
    for (uint16_t i = 0; i < count; ++i) {
      const uint8_t type = get<uint8_t>(ace), flags = get<uint8_t>(ace + 1);
      const uint16_t size = get<uint16_t>(ace + 2);
      const uint32_t mask = map_generic(get<uint32_t>(ace + 4), mapping.addr);
      if (!(flags & 0x8) && (type == 0 || type == 1) && ours(ace + 8)) {  // (INHERIT_ONLY ACEs do not count)
        if (type == 0) allowed |= mask & ~denied;
        else denied |= mask & ~allowed;
      }
      ace += size;
    }
  }
  const uint32_t got = maximum ? allowed : want;
  if (got == 0 || (want & ~allowed)) {
    put<uint32_t>(granted.addr, 0);
    put<uint32_t>(access_status.addr, kAccessDenied);
    return nt::kSuccess;
  }
  put<uint32_t>(granted.addr, got);
  put<uint32_t>(access_status.addr, nt::kSuccess);
  return nt::kSuccess;
}

}  // namespace ntdll_tokens_impl

bool ntdll_tokens::privilege_enabled(uint32_t luid) { return ntdll_tokens_impl::tokens().enabled.count(luid) != 0; }
void ntdll_tokens::impersonate_user(WindowsProcess& p, uint32_t level) {
  ntdll_tokens_impl::tokens().impersonating[p.thread().id] = level;
}

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_token_exports() {
  using namespace ntdll_tokens_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtOpenProcessToken", NtOpenProcessToken),
      EXPORT("NtOpenProcessTokenEx", NtOpenProcessTokenEx),
      EXPORT("NtOpenThreadToken", NtOpenThreadToken),
      EXPORT("NtOpenThreadTokenEx", NtOpenThreadTokenEx),
      EXPORT("NtQueryInformationToken", NtQueryInformationToken),
      EXPORT("NtSetInformationToken", NtSetInformationToken),
      EXPORT("NtAdjustPrivilegesToken", NtAdjustPrivilegesToken),
      EXPORT("NtAdjustGroupsToken", NtAdjustGroupsToken),
      EXPORT("NtDuplicateToken", NtDuplicateToken),
      EXPORT("NtPrivilegeCheck", NtPrivilegeCheck),
      EXPORT("NtAccessCheck", NtAccessCheck),
      EXPORT("RtlAdjustPrivilege", RtlAdjustPrivilege),
      EXPORT("RtlImpersonateSelf", RtlImpersonateSelf),
  };
  return exports;
}

}  // namespace polyrun::shims
