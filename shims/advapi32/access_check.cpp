// ADVAPI32.dll, access checks: AccessCheck and AccessCheckByType (the rights a security
// descriptor's DACL grants a client's impersonation token), PrivilegeCheck, and the audit alarms,
// which need SeAuditPrivilege. The check is Windows' (Microsoft's "How DACLs Control Access to an
// Object"): no DACL grants everything asked; an ACCESS_SYSTEM_SECURITY request needs
// SeSecurityPrivilege; the owner may always read and change the DACL (READ_CONTROL, WRITE_DAC)
// unless an OWNER RIGHTS ACE says otherwise; then the ACEs in order, each allowed or denied right
// decided by the first ACE of a SID of the token (its user and enabled groups; deny-only groups
// for denied ACEs) that names it, generic rights mapped by the object's GENERIC_MAPPING. A
// restricted token must pass a second check with its restricting SIDs alone. NTDLL has no
// NtAccessCheck yet: the check is here, and belongs there.
#include <strings.h>

#include <cstring>
#include <string>
#include <vector>

#include "shims/advapi32/acl.h"
#include "shims/advapi32/security.h"
#include "shims/advapi32/tokens.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_access_check {

using advapi32_tokens::Token;
using advapi32_tokens::TokenObject;

constexpr uint32_t kErrorNoImpersonationToken = 1309, kErrorBadImpersonationLevel = 1346,
                   kErrorInvalidSecurityDescr = 1338, kErrorGenericNotMapped = 1360, kErrorPrivilegeNotHeld = 1314;
constexpr uint32_t GENERIC_READ = 0x80000000, GENERIC_WRITE = 0x40000000, GENERIC_EXECUTE = 0x20000000,
                   GENERIC_ALL = 0x10000000, MAXIMUM_ALLOWED = 0x02000000, ACCESS_SYSTEM_SECURITY = 0x01000000,
                   READ_CONTROL = 0x20000, WRITE_DAC = 0x40000;
constexpr uint32_t kSecurityPrivilege = 8, kAuditPrivilege = 21;

struct Mapping {
  uint32_t read, write, execute, all;
};
Mapping mapping_at(uint64_t m) {
  return {get<uint32_t>(m), get<uint32_t>(m + 4), get<uint32_t>(m + 8), get<uint32_t>(m + 12)};
}
uint32_t map_generic(uint32_t mask, const Mapping& m) {
  if (mask & GENERIC_READ) mask |= m.read;
  if (mask & GENERIC_WRITE) mask |= m.write;
  if (mask & GENERIC_EXECUTE) mask |= m.execute;
  if (mask & GENERIC_ALL) mask |= m.all;
  return mask & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}

// The outcome of a check: the rights granted (0: denied) and, where denied, why (a Win32 error).
struct Outcome {
  uint32_t granted = 0, error = 0;
};

inline uint32_t get_u32(const std::vector<uint8_t>& b) {
  uint32_t v = 0;
  std::memcpy(&v, b.data(), 4);
  return v;
}

// One pass over the DACL with the SIDs `in` accepts (allowed ACEs) and `in_deny` (denied ones).
// `object_type`: the object type GUID an object ACE must name to apply (empty: none apply).
template <typename In, typename InDeny>
uint32_t dacl_pass(const std::vector<advapi32_acl::Ace>& aces, uint32_t desired, const Mapping& m, uint32_t start,
                   In in, InDeny in_deny, const std::vector<uint8_t>& object_type, bool* denied_early) {
  uint32_t current = start, denied = 0;
  const bool maximum = desired & MAXIMUM_ALLOWED;
  *denied_early = false;
  for (const advapi32_acl::Ace& a : aces) {
    if (!a.raw.empty() || (a.flags & 0x8)) continue;  // INHERIT_ONLY_ACE
    uint8_t type = a.type;
    if (type == 5 || type == 6) {  // object ACEs: those of the object's type (or of none) apply
      if (!a.object.empty() && (get_u32(a.object) & 1)) {
        if (object_type.empty() || std::memcmp(a.object.data() + 4, object_type.data(), 16) != 0) continue;
      }
      type = static_cast<uint8_t>(type - 5);
    }
    const std::string sid = sid_text(a.sid);
    const uint32_t rights = map_generic(a.mask, m);
    if (type == 1 && in_deny(sid)) {
      if (maximum) {
        denied |= rights & ~current;
      } else {
        denied |= rights & ~current;
        if (desired & rights & ~current) {
          *denied_early = true;
          return current & ~denied;
        }
      }
    } else if (type == 0 && in(sid)) {
      current |= rights & ~denied;
    }
  }
  return current & ~denied;
}

Outcome check(WindowsProcess& p, const TokenObject& t, uint64_t sd, uint32_t desired, const Mapping& m,
              const std::vector<uint8_t>& object_type, const std::string& self_sid) {
  Outcome o;
  advapi32_acl::SdParts s;
  advapi32_acl::read_sd(p, sd, s);
  const bool present = s.control & 0x4;
  if (!present || !s.dacl) {
    o.granted = (desired & MAXIMUM_ALLOWED) ? m.all | (desired & ~MAXIMUM_ALLOWED) : desired;
    return o;
  }
  uint32_t start = 0;
  if (desired & ACCESS_SYSTEM_SECURITY) {
    if (!advapi32_tokens::privilege_on(t, kSecurityPrivilege)) {
      o.error = kErrorPrivilegeNotHeld;
      return o;
    }
    start |= ACCESS_SYSTEM_SECURITY;
  }
  const std::vector<advapi32_acl::Ace> aces = advapi32_acl::read_acl(s.dacl);
  const std::string owner = sid_text(s.owner);
  bool owner_rights = false;
  for (const auto& a : aces)
    if (a.raw.empty() && !(a.flags & 0x8) && sid_text(a.sid) == "S-1-3-4") owner_rights = true;
  auto substitute = [&](const std::string& sid) { return sid == "S-1-5-10" && !self_sid.empty() ? self_sid : sid; };
  auto run = [&](auto in, auto in_deny, bool* early) {
    uint32_t begin = start;
    if (!owner_rights && in(owner)) begin |= READ_CONTROL | WRITE_DAC;
    return dacl_pass(aces, desired & ~ACCESS_SYSTEM_SECURITY, m, begin, in, in_deny, object_type, early);
  };
  bool early = false;
  uint32_t granted = run(
      [&](const std::string& sid) {
        const std::string x = substitute(sid);
        return advapi32_tokens::sid_in_groups(t, x, false) || (x == "S-1-3-4" && advapi32_tokens::sid_in_groups(t, owner, false));
      },
      [&](const std::string& sid) {
        const std::string x = substitute(sid);
        return advapi32_tokens::sid_in_groups(t, x, true) || (x == "S-1-3-4" && advapi32_tokens::sid_in_groups(t, owner, true));
      },
      &early);
  if (!t.restricting.empty()) {
    bool early2 = false;
    auto restricted = [&](const std::string& sid) { return advapi32_tokens::restricting_has(t, substitute(sid)); };
    granted &= run(restricted, restricted, &early2) | (start & ACCESS_SYSTEM_SECURITY);
    early |= early2;
  }
  const uint32_t want = desired & ~MAXIMUM_ALLOWED;
  if (desired & MAXIMUM_ALLOWED) {
    o.granted = granted;
    if ((granted & want) != want) o.granted = 0;
  } else {
    o.granted = (granted & want) == want ? want : 0;
  }
  if (!o.granted) o.error = ERROR_ACCESS_DENIED;
  return o;
}

// The checks of AccessCheck's arguments, in Windows' order; 0 or a Win32 error.
uint32_t check_arguments(WindowsProcess& p, uint64_t sd, uint64_t handle, uint32_t desired, uint64_t privileges,
                         uint64_t privileges_length, Token& t) {
  t = advapi32_tokens::token_of(p, handle);
  if (!t) return ERROR_INVALID_HANDLE;
  if (!privileges || !privileges_length) return ERROR_NOACCESS;
  if (t->primary) return kErrorNoImpersonationToken;
  if (t->level < 1) return kErrorBadImpersonationLevel;
  advapi32_acl::SdParts s;
  if (!advapi32_acl::read_sd(p, sd, s)) return kErrorInvalidSecurityDescr;
  if (desired & (GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL)) return kErrorGenericNotMapped;
  if (!s.owner || !s.group) return kErrorInvalidSecurityDescr;
  // PRIVILEGE_SET: PrivilegeCount, Control, then LUID_AND_ATTRIBUTES; room for one at least.
  constexpr uint32_t kPrivilegeSetSize = 20;
  if (get<uint32_t>(privileges_length) < kPrivilegeSetSize) {
    put<uint32_t>(privileges_length, kPrivilegeSetSize);
    return ERROR_INSUFFICIENT_BUFFER;
  }
  put<uint32_t>(privileges_length, kPrivilegeSetSize);
  put<uint32_t>(privileges, 0);
  put<uint32_t>(privileges + 4, 0);
  return 0;
}

BOOL finish(WindowsProcess& p, const Outcome& o, Ptr granted, Ptr status) {
  put<uint32_t>(granted.addr, o.granted);
  put<int32_t>(status.addr, o.granted ? TRUE : FALSE);
  if (!o.granted) p.set_last_error(o.error);
  return TRUE;
}

BOOL AccessCheck(WindowsProcess& p, Ptr sd, Ptr token, uint32_t desired, Ptr mapping, Ptr privileges, Ptr length,
                 Ptr granted, Ptr status) {
  Token t;
  if (const uint32_t e = check_arguments(p, sd.addr, token.addr, desired, privileges.addr, length.addr, t)) return fail(p, e);
  return finish(p, check(p, *t, sd.addr, desired, mapping_at(mapping.addr), {}, ""), granted, status);
}

// AccessCheckByType: AccessCheck with object ACEs of the list's object type (its first entry, the
// object itself) and PrincipalSelf (S-1-5-10) standing for the SID given.
BOOL AccessCheckByType(WindowsProcess& p, Ptr sd, Ptr self, Ptr token, uint32_t desired, Ptr types, uint32_t type_count,
                       Ptr mapping, Ptr privileges, Ptr length, Ptr granted, Ptr status) {
  Token t;
  if (const uint32_t e = check_arguments(p, sd.addr, token.addr, desired, privileges.addr, length.addr, t)) return fail(p, e);
  std::vector<uint8_t> type;
  if (types && type_count) {
    // OBJECT_TYPE_LIST: Level (WORD), Sbz (WORD), then a GUID pointer.
    const uint64_t guid = p.get_ptr(types.addr + p.isa->ptr);
    if (guid) {
      const auto* b = static_cast<const uint8_t*>(guest_pointer(guid));
      type.assign(b, b + 16);
    }
  }
  const std::string self_sid = self && valid_sid(self.addr) ? sid_text(self.addr) : "";
  return finish(p, check(p, *t, sd.addr, desired, mapping_at(mapping.addr), type, self_sid), granted, status);
}

// PrivilegeCheck: whether the impersonation token has the privileges of a PRIVILEGE_SET enabled
// (all of them with PRIVILEGE_SET_ALL_NECESSARY, else any); each enabled one is marked
// SE_PRIVILEGE_USED_FOR_ACCESS.
BOOL PrivilegeCheck(WindowsProcess& p, Ptr token, Ptr set, Ptr result) {
  Token t = advapi32_tokens::token_of(p, token.addr);
  if (!t) return fail(p, ERROR_INVALID_HANDLE);
  if (t->primary) return fail(p, kErrorNoImpersonationToken);
  if (!set || !result) return fail(p, ERROR_NOACCESS);
  const uint32_t count = get<uint32_t>(set.addr), control = get<uint32_t>(set.addr + 4);
  uint32_t enabled = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t e = set.addr + 8 + 12 * i;
    auto it = t->privileges.find(get<uint32_t>(e));
    uint32_t a = get<uint32_t>(e + 8);
    if (get<uint32_t>(e + 4) == 0 && it != t->privileges.end() && (it->second & advapi32_tokens::kPrivilegeEnabled)) {
      ++enabled;
      a |= advapi32_tokens::kPrivilegeUsedForAccess;
    }
    put<uint32_t>(e + 8, a);
  }
  const bool ok = (control & 1) ? enabled == count : enabled > 0;
  put<int32_t>(result.addr, ok ? TRUE : FALSE);
  return TRUE;
}

// ---- audit alarms ----
//
// Generating audits needs SeAuditPrivilege ("The calling process must have the SE_AUDIT_NAME
// privilege": Microsoft's pages of ObjectOpenAuditAlarm, AccessCheckAndAuditAlarm and the others),
// which a standard user's token lacks: ERROR_PRIVILEGE_NOT_HELD.
bool may_audit(WindowsProcess& p) {
  return advapi32_tokens::privilege_on(*advapi32_tokens::effective_token(p), kAuditPrivilege);
}
BOOL audit(WindowsProcess& p) { return may_audit(p) ? TRUE : fail(p, kErrorPrivilegeNotHeld); }
// (No token here holds SeSecurityPrivilege: a standard user's has it not, and none can gain it.)
BOOL audit_security(WindowsProcess& p) { return fail(p, kErrorPrivilegeNotHeld); }

BOOL AccessCheckAndAuditAlarmW(WindowsProcess& p, Ptr, Ptr, Ptr, Ptr, Ptr, uint32_t, Ptr, int32_t, Ptr, Ptr, Ptr) {
  return audit(p);
}
BOOL AccessCheckAndAuditAlarmA(WindowsProcess& p, Ptr, Ptr, Ptr, Ptr, Ptr, uint32_t, Ptr, int32_t, Ptr, Ptr, Ptr) {
  return audit(p);
}
BOOL ObjectOpenAuditAlarm(WindowsProcess& p, Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, uint32_t, uint32_t, Ptr, int32_t, int32_t, Ptr) {
  return audit(p);
}
BOOL ObjectCloseAuditAlarm(WindowsProcess& p, Ptr, Ptr, int32_t) { return audit(p); }
BOOL ObjectDeleteAuditAlarmW(WindowsProcess& p, Ptr, Ptr, int32_t) { return audit(p); }
BOOL ObjectPrivilegeAuditAlarm(WindowsProcess& p, Ptr, Ptr, Ptr, uint32_t, Ptr, int32_t) { return audit(p); }
BOOL PrivilegedServiceAuditAlarm(WindowsProcess& p, Ptr, Ptr, Ptr, Ptr, int32_t) { return audit(p); }

// AuditQuerySystemPolicy: the system's audit policy is read with SeSecurityPrivilege (or
// AUDIT_QUERY_SYSTEM_POLICY on the audit object, which administrators have): its page.
BOOL AuditQuerySystemPolicy(WindowsProcess& p, Ptr, uint32_t, Ptr out) {
  if (out) p.put_ptr(out.addr, 0);
  return audit_security(p);
}

}  // namespace advapi32_access_check

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_access_check_exports() {
  using namespace advapi32_access_check;
  static const std::vector<Export> exports = {
      EXPORT("AccessCheck", AccessCheck),
      EXPORT("AccessCheckByType", AccessCheckByType),
      EXPORT("PrivilegeCheck", PrivilegeCheck),
      EXPORT("AccessCheckAndAuditAlarmW", AccessCheckAndAuditAlarmW),
      EXPORT("AccessCheckAndAuditAlarmA", AccessCheckAndAuditAlarmA),
      EXPORT("ObjectOpenAuditAlarmW", ObjectOpenAuditAlarm),
      EXPORT("ObjectOpenAuditAlarmA", ObjectOpenAuditAlarm),
      EXPORT("ObjectCloseAuditAlarmW", ObjectCloseAuditAlarm),
      EXPORT("ObjectCloseAuditAlarmA", ObjectCloseAuditAlarm),
      EXPORT("ObjectDeleteAuditAlarmW", ObjectDeleteAuditAlarmW),
      EXPORT("ObjectPrivilegeAuditAlarmW", ObjectPrivilegeAuditAlarm),
      EXPORT("ObjectPrivilegeAuditAlarmA", ObjectPrivilegeAuditAlarm),
      EXPORT("PrivilegedServiceAuditAlarmW", PrivilegedServiceAuditAlarm),
      EXPORT("PrivilegedServiceAuditAlarmA", PrivilegedServiceAuditAlarm),
      EXPORT("AuditQuerySystemPolicy", AuditQuerySystemPolicy),
  };
  return exports;
}

}  // namespace polyrun::shims
