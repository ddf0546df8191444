// ADVAPI32.dll's SID, ACL and security-descriptor functions that Windows' ADVAPI32 layers over
// NTDLL's Rtl functions (ntdll/rtl_security.cpp): each calls NTDLL's and turns its NTSTATUS into
// the last error (RtlNtStatusToDosError), a BOOLEAN out-parameter into the BOOL ADVAPI32 has. The
// object ACEs (AddAccess*ObjectAce, AddAuditAccessObjectAce) and SetAclInformation are
// ADVAPI32's own here: NTDLL has no RtlAdd*ObjectAce or RtlSetInformationAcl yet.
#include <cstring>
#include <vector>

#include "shims/advapi32/nt_calls.h"
#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_security_nt {

using advapi32_nt::call;
using advapi32_nt::call_bool;
using advapi32_nt::Scratch;

// ---- SIDs ----

BOOL AllocateAndInitializeSid(WindowsProcess& p, Ptr authority, uint8_t count, uint32_t a0, uint32_t a1, uint32_t a2,
                              uint32_t a3, uint32_t a4, uint32_t a5, uint32_t a6, uint32_t a7, Ptr out) {
  return call_bool(p, "RtlAllocateAndInitializeSid", {authority.addr, count, a0, a1, a2, a3, a4, a5, a6, a7, out.addr});
}
Ptr FreeSid(WindowsProcess& p, Ptr sid) { return Ptr(call(p, "RtlFreeSid", {sid.addr})); }
BOOL IsValidSid(WindowsProcess& p, Ptr sid) { return advapi32_nt::boolean(p, "RtlValidSid", {sid.addr}) ? TRUE : FALSE; }
uint32_t GetLengthSid(WindowsProcess& p, Ptr sid) { return static_cast<uint32_t>(call(p, "RtlLengthSid", {sid.addr})); }
uint32_t GetSidLengthRequired(WindowsProcess& p, uint8_t count) {
  return static_cast<uint32_t>(call(p, "RtlLengthRequiredSid", {count}));
}
BOOL InitializeSid(WindowsProcess& p, Ptr sid, Ptr authority, uint8_t count) {
  return advapi32_nt::boolean(p, "RtlInitializeSid", {sid.addr, authority.addr, count}) ? TRUE : FALSE;
}
// CopySid: a buffer too small is ERROR_INSUFFICIENT_BUFFER (RtlCopySid's STATUS_BUFFER_TOO_SMALL).
BOOL CopySid(WindowsProcess& p, uint32_t size, Ptr dest, Ptr src) {
  if (!valid_sid(src.addr)) return fail(p, ERROR_INVALID_PARAMETER);
  if (size < sid_length(src.addr)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  return advapi32_nt::boolean(p, "RtlCopySid", {size, dest.addr, src.addr}) ? TRUE : fail(p, ERROR_INVALID_PARAMETER);
}
BOOL EqualSid(WindowsProcess& p, Ptr a, Ptr b) {
  if (!valid_sid(a.addr) || !valid_sid(b.addr)) return fail(p, ERROR_INVALID_PARAMETER);
  const bool same = advapi32_nt::boolean(p, "RtlEqualSid", {a.addr, b.addr});
  p.set_last_error(0);
  return same ? TRUE : FALSE;
}
BOOL EqualPrefixSid(WindowsProcess& p, Ptr a, Ptr b) {
  return advapi32_nt::boolean(p, "RtlEqualPrefixSid", {a.addr, b.addr}) ? TRUE : FALSE;
}
Ptr GetSidSubAuthority(WindowsProcess& p, Ptr sid, uint32_t n) {
  const Ptr r(call(p, "RtlSubAuthoritySid", {sid.addr, n}));
  p.set_last_error(0);
  return r;
}
Ptr GetSidSubAuthorityCount(WindowsProcess& p, Ptr sid) {
  const Ptr r(call(p, "RtlSubAuthorityCountSid", {sid.addr}));
  p.set_last_error(0);
  return r;
}
Ptr GetSidIdentifierAuthority(WindowsProcess& p, Ptr sid) {
  const Ptr r(call(p, "RtlIdentifierAuthoritySid", {sid.addr}));
  p.set_last_error(0);
  return r;
}

// The account domain of an account's SID: S-1-5-21-X-Y-Z (an account SID is such a domain's, with
// its RID after); another SID is ERROR_NON_ACCOUNT_SID (Microsoft's GetWindowsAccountDomainSid page).
constexpr uint32_t kErrorNonAccountSid = 1257, kErrorNonDomainSid = 1258;
bool account_domain(uint64_t sid, std::vector<uint8_t>& out) {
  const std::vector<uint8_t> b = sid_at(sid);
  static const uint8_t kNt[6] = {0, 0, 0, 0, 0, 5};
  uint32_t first = 0;
  if (b[1] >= 1) std::memcpy(&first, b.data() + 8, 4);
  if (b[1] < 4 || std::memcmp(b.data() + 2, kNt, 6) != 0 || first != 21) return false;
  out.assign(b.begin(), b.begin() + 8 + 16);
  out[1] = 4;
  return true;
}
BOOL GetWindowsAccountDomainSid(WindowsProcess& p, Ptr sid, Ptr domain, Ptr size) {
  if (!sid || !valid_sid(sid.addr)) return fail(p, ERROR_INVALID_SID);
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<uint8_t> d;
  if (!account_domain(sid.addr, d)) return fail(p, kErrorNonAccountSid);
  const uint32_t have = get<uint32_t>(size.addr);
  put<uint32_t>(size.addr, static_cast<uint32_t>(d.size()));
  if (!domain) return fail(p, ERROR_INVALID_PARAMETER);
  if (have < d.size()) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(domain.as<void>(), d.data(), d.size());
  return TRUE;
}
// EqualDomainSid: whether two SIDs are of one domain: an account domain, or BUILTIN (S-1-5-32).
BOOL EqualDomainSid(WindowsProcess& p, Ptr a, Ptr b, Ptr equal) {
  if (!valid_sid(a.addr) || !valid_sid(b.addr)) return fail(p, ERROR_INVALID_SID);
  if (!equal) return fail(p, ERROR_INVALID_PARAMETER);
  std::vector<uint8_t> da, db;
  if (account_domain(a.addr, da) && account_domain(b.addr, db)) {
    put<int32_t>(equal.addr, da == db ? TRUE : FALSE);
    p.set_last_error(0);
    return TRUE;
  }
  const std::vector<uint8_t> x = sid_at(a.addr), y = sid_at(b.addr);
  auto builtin = [](const std::vector<uint8_t>& s) {
    static const uint8_t kNt[6] = {0, 0, 0, 0, 0, 5};
    uint32_t first = 0;
    if (s[1] >= 1) std::memcpy(&first, s.data() + 8, 4);
    return std::memcmp(s.data() + 2, kNt, 6) == 0 && s[1] >= 1 && first == 32;
  };
  static const uint8_t kNt[6] = {0, 0, 0, 0, 0, 5};
  if (std::memcmp(x.data() + 2, kNt, 6) == 0 && std::memcmp(y.data() + 2, kNt, 6) == 0 && x[1] && y[1] &&
      (builtin(x) || builtin(y))) {
    put<int32_t>(equal.addr, x == y ? TRUE : FALSE);
    p.set_last_error(0);
    return TRUE;
  }
  return fail(p, kErrorNonDomainSid);
}

// ---- security descriptors ----

BOOL InitializeSecurityDescriptor(WindowsProcess& p, Ptr sd, uint32_t revision) {
  return call_bool(p, "RtlCreateSecurityDescriptor", {sd.addr, revision});
}
BOOL IsValidSecurityDescriptor(WindowsProcess& p, Ptr sd) { return call_bool(p, "RtlValidSecurityDescriptor", {sd.addr}); }
uint32_t GetSecurityDescriptorLength(WindowsProcess& p, Ptr sd) {
  return static_cast<uint32_t>(call(p, "RtlLengthSecurityDescriptor", {sd.addr}));
}
BOOL GetSecurityDescriptorControl(WindowsProcess& p, Ptr sd, Ptr control, Ptr revision) {
  if (!sd || !control || !revision) return fail(p, ERROR_INVALID_PARAMETER);
  return call_bool(p, "RtlGetControlSecurityDescriptor", {sd.addr, control.addr, revision.addr});
}
BOOL SetSecurityDescriptorControl(WindowsProcess& p, Ptr sd, uint16_t interest, uint16_t set) {
  return call_bool(p, "RtlSetControlSecurityDescriptor", {sd.addr, interest, set});
}
BOOL SetSecurityDescriptorDacl(WindowsProcess& p, Ptr sd, int32_t present, Ptr dacl, int32_t defaulted) {
  return call_bool(p, "RtlSetDaclSecurityDescriptor", {sd.addr, present ? 1u : 0u, dacl.addr, defaulted ? 1u : 0u});
}
BOOL SetSecurityDescriptorSacl(WindowsProcess& p, Ptr sd, int32_t present, Ptr sacl, int32_t defaulted) {
  return call_bool(p, "RtlSetSaclSecurityDescriptor", {sd.addr, present ? 1u : 0u, sacl.addr, defaulted ? 1u : 0u});
}
BOOL SetSecurityDescriptorOwner(WindowsProcess& p, Ptr sd, Ptr owner, int32_t defaulted) {
  return call_bool(p, "RtlSetOwnerSecurityDescriptor", {sd.addr, owner.addr, defaulted ? 1u : 0u});
}
BOOL SetSecurityDescriptorGroup(WindowsProcess& p, Ptr sd, Ptr group, int32_t defaulted) {
  return call_bool(p, "RtlSetGroupSecurityDescriptor", {sd.addr, group.addr, defaulted ? 1u : 0u});
}

// The DACL or SACL: present, the ACL, defaulted (NTDLL's BOOLEANs as BOOLs).
BOOL get_acl(WindowsProcess& p, const char* fn, Ptr sd, Ptr present, Ptr acl, Ptr defaulted) {
  Scratch s(p);
  if (!s.at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  if (!call_bool(p, fn, {sd.addr, s.at, acl.addr, s.at + 1})) return FALSE;
  put<int32_t>(present.addr, get<uint8_t>(s.at));
  put<int32_t>(defaulted.addr, get<uint8_t>(s.at + 1));
  return TRUE;
}
BOOL GetSecurityDescriptorDacl(WindowsProcess& p, Ptr sd, Ptr present, Ptr dacl, Ptr defaulted) {
  return get_acl(p, "RtlGetDaclSecurityDescriptor", sd, present, dacl, defaulted);
}
BOOL GetSecurityDescriptorSacl(WindowsProcess& p, Ptr sd, Ptr present, Ptr sacl, Ptr defaulted) {
  return get_acl(p, "RtlGetSaclSecurityDescriptor", sd, present, sacl, defaulted);
}
BOOL get_sid(WindowsProcess& p, const char* fn, Ptr sd, Ptr sid, Ptr defaulted) {
  Scratch s(p);
  if (!s.at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  if (!call_bool(p, fn, {sd.addr, sid.addr, s.at})) return FALSE;
  put<int32_t>(defaulted.addr, get<uint8_t>(s.at));
  return TRUE;
}
BOOL GetSecurityDescriptorOwner(WindowsProcess& p, Ptr sd, Ptr owner, Ptr defaulted) {
  return get_sid(p, "RtlGetOwnerSecurityDescriptor", sd, owner, defaulted);
}
BOOL GetSecurityDescriptorGroup(WindowsProcess& p, Ptr sd, Ptr group, Ptr defaulted) {
  return get_sid(p, "RtlGetGroupSecurityDescriptor", sd, group, defaulted);
}
BOOL MakeSelfRelativeSD(WindowsProcess& p, Ptr abs, Ptr rel, Ptr length) {
  return call_bool(p, "RtlMakeSelfRelativeSD", {abs.addr, rel.addr, length.addr});
}
BOOL MakeAbsoluteSD(WindowsProcess& p, Ptr rel, Ptr abs, Ptr abs_size, Ptr dacl, Ptr dacl_size, Ptr sacl, Ptr sacl_size,
                    Ptr owner, Ptr owner_size, Ptr group, Ptr group_size) {
  return call_bool(p, "RtlSelfRelativeToAbsoluteSD", {rel.addr, abs.addr, abs_size.addr, dacl.addr, dacl_size.addr,
                                                      sacl.addr, sacl_size.addr, owner.addr, owner_size.addr,
                                                      group.addr, group_size.addr});
}

// ---- ACLs ----

BOOL InitializeAcl(WindowsProcess& p, Ptr acl, uint32_t size, uint32_t revision) {
  return call_bool(p, "RtlCreateAcl", {acl.addr, size, revision});
}
BOOL IsValidAcl(WindowsProcess& p, Ptr acl) { return advapi32_nt::boolean(p, "RtlValidAcl", {acl.addr}) ? TRUE : FALSE; }
BOOL GetAclInformation(WindowsProcess& p, Ptr acl, Ptr info, uint32_t length, uint32_t cls) {
  return call_bool(p, "RtlQueryInformationAcl", {acl.addr, info.addr, length, cls});
}
// SetAclInformation: AclRevisionInformation (1) raises the ACL's revision (to at most
// ACL_REVISION_DS); it is the one class that can be set.
BOOL SetAclInformation(WindowsProcess& p, Ptr acl, Ptr info, uint32_t length, uint32_t cls) {
  if (cls != 1) return fail(p, ERROR_INVALID_PARAMETER);
  if (length < 4 || !info) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t revision = get<uint32_t>(info.addr);
  if (revision < get<uint8_t>(acl.addr) || revision > 4) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint8_t>(acl.addr, static_cast<uint8_t>(revision));
  return TRUE;
}
BOOL GetAce(WindowsProcess& p, Ptr acl, uint32_t index, Ptr ace) {
  return call_bool(p, "RtlGetAce", {acl.addr, index, ace.addr});
}
BOOL AddAce(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t start, Ptr list, uint32_t length) {
  return call_bool(p, "RtlAddAce", {acl.addr, revision, start, list.addr, length});
}
BOOL DeleteAce(WindowsProcess& p, Ptr acl, uint32_t index) { return call_bool(p, "RtlDeleteAce", {acl.addr, index}); }
BOOL FindFirstFreeAce(WindowsProcess& p, Ptr acl, Ptr ace) {
  return advapi32_nt::boolean(p, "RtlFirstFreeAce", {acl.addr, ace.addr}) ? TRUE : FALSE;
}

// The ACE flags an ACE may carry: the inheritance ones and the audit ones (VALID_INHERIT_FLAGS,
// SUCCESSFUL_ACCESS_ACE_FLAG, FAILED_ACCESS_ACE_FLAG); others are ERROR_INVALID_PARAMETER.
bool valid_flags(uint32_t flags) { return !(flags & ~0xdfu); }

BOOL AddAccessAllowedAce(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t mask, Ptr sid) {
  return call_bool(p, "RtlAddAccessAllowedAce", {acl.addr, revision, mask, sid.addr});
}
BOOL AddAccessAllowedAceEx(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t flags, uint32_t mask, Ptr sid) {
  if (!valid_flags(flags)) return fail(p, ERROR_INVALID_PARAMETER);
  return call_bool(p, "RtlAddAccessAllowedAceEx", {acl.addr, revision, flags, mask, sid.addr});
}
BOOL AddAccessDeniedAce(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t mask, Ptr sid) {
  return call_bool(p, "RtlAddAccessDeniedAce", {acl.addr, revision, mask, sid.addr});
}
BOOL AddAccessDeniedAceEx(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t flags, uint32_t mask, Ptr sid) {
  if (!valid_flags(flags)) return fail(p, ERROR_INVALID_PARAMETER);
  return call_bool(p, "RtlAddAccessDeniedAceEx", {acl.addr, revision, flags, mask, sid.addr});
}
BOOL AddAuditAccessAce(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t mask, Ptr sid, int32_t success,
                       int32_t failure) {
  return call_bool(p, "RtlAddAuditAccessAce", {acl.addr, revision, mask, sid.addr, success ? 1u : 0u, failure ? 1u : 0u});
}
BOOL AddAuditAccessAceEx(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t flags, uint32_t mask, Ptr sid,
                         int32_t success, int32_t failure) {
  if (!valid_flags(flags)) return fail(p, ERROR_INVALID_PARAMETER);
  return call_bool(p, "RtlAddAuditAccessAceEx",
                   {acl.addr, revision, flags, mask, sid.addr, success ? 1u : 0u, failure ? 1u : 0u});
}
// AddMandatoryAce: a SYSTEM_MANDATORY_LABEL_ACE (type 0x11) of an integrity level's SID.
BOOL AddMandatoryAce(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t flags, uint32_t policy, Ptr sid) {
  return call_bool(p, "RtlAddMandatoryAce", {acl.addr, revision, flags, policy, 0x11, sid.addr});
}

// An object ACE (ACCESS_ALLOWED_OBJECT_ACE and its kin): header, mask, Flags
// (ACE_OBJECT_TYPE_PRESENT 1, ACE_INHERITED_OBJECT_TYPE_PRESENT 2), the GUIDs present, the SID; the
// ACL's revision becomes ACL_REVISION_DS.
BOOL add_object_ace(WindowsProcess& p, Ptr acl, uint32_t revision, uint8_t type, uint32_t flags, uint32_t mask,
                    Ptr object_type, Ptr inherited_type, Ptr sid) {
  constexpr uint32_t kAclRevisionDs = 4;
  if (!valid_sid(sid.addr)) return fail(p, ERROR_INVALID_SID);
  if (!valid_flags(flags)) return fail(p, ERROR_INVALID_PARAMETER);
  if (get<uint8_t>(acl.addr) > kAclRevisionDs || revision > kAclRevisionDs) return fail(p, 1306);  // ERROR_REVISION_MISMATCH
  if (!advapi32_nt::boolean(p, "RtlValidAcl", {acl.addr})) return fail(p, 1336);  // ERROR_INVALID_ACL
  Scratch s(p);
  if (!s.at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  if (!advapi32_nt::boolean(p, "RtlFirstFreeAce", {acl.addr, s.at})) return fail(p, 1336);
  const uint64_t at = p.get_ptr(s.at);
  const uint32_t sid_size = sid_length(sid.addr);
  const uint32_t size = 12 + (object_type ? 16 : 0) + (inherited_type ? 16 : 0) + sid_size;
  if (!at || at + size > acl.addr + get<uint16_t>(acl.addr + 2)) return fail(p, 1344);  // ERROR_ALLOTTED_SPACE_EXCEEDED
  put<uint8_t>(at, type);
  put<uint8_t>(at + 1, static_cast<uint8_t>(flags));
  put<uint16_t>(at + 2, static_cast<uint16_t>(size));
  put<uint32_t>(at + 4, mask);
  put<uint32_t>(at + 8, (object_type ? 1u : 0u) | (inherited_type ? 2u : 0u));
  uint64_t w = at + 12;
  for (Ptr g : {object_type, inherited_type})
    if (g) {
      std::memmove(guest_pointer(w), guest_pointer(g.addr), 16);
      w += 16;
    }
  std::memmove(guest_pointer(w), guest_pointer(sid.addr), sid_size);
  put<uint16_t>(acl.addr + 4, static_cast<uint16_t>(get<uint16_t>(acl.addr + 4) + 1));
  put<uint8_t>(acl.addr, static_cast<uint8_t>(kAclRevisionDs));
  return TRUE;
}
BOOL AddAccessAllowedObjectAce(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t flags, uint32_t mask, Ptr type,
                               Ptr inherited, Ptr sid) {
  return add_object_ace(p, acl, revision, 5, flags, mask, type, inherited, sid);
}
BOOL AddAccessDeniedObjectAce(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t flags, uint32_t mask, Ptr type,
                              Ptr inherited, Ptr sid) {
  return add_object_ace(p, acl, revision, 6, flags, mask, type, inherited, sid);
}
BOOL AddAuditAccessObjectAce(WindowsProcess& p, Ptr acl, uint32_t revision, uint32_t flags, uint32_t mask, Ptr type,
                             Ptr inherited, Ptr sid, int32_t success, int32_t failure) {
  const uint32_t audit = (success ? 0x40u : 0u) | (failure ? 0x80u : 0u);
  return add_object_ace(p, acl, revision, 7, flags | audit, mask, type, inherited, sid);
}

// ---- access masks ----

void MapGenericMask(WindowsProcess& p, Ptr mask, Ptr mapping) { call(p, "RtlMapGenericMask", {mask.addr, mapping.addr}); }
BOOL AreAllAccessesGranted(WindowsProcess& p, uint32_t granted, uint32_t desired) {
  return advapi32_nt::boolean(p, "RtlAreAllAccessesGranted", {granted, desired}) ? TRUE : FALSE;
}
BOOL AreAnyAccessesGranted(WindowsProcess& p, uint32_t granted, uint32_t desired) {
  return advapi32_nt::boolean(p, "RtlAreAnyAccessesGranted", {granted, desired}) ? TRUE : FALSE;
}

}  // namespace advapi32_security_nt

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_security_nt_exports() {
  using namespace advapi32_security_nt;
  static const std::vector<Export> exports = {
      EXPORT("AllocateAndInitializeSid", AllocateAndInitializeSid),
      EXPORT("FreeSid", FreeSid),
      EXPORT("IsValidSid", IsValidSid),
      EXPORT("GetLengthSid", GetLengthSid),
      EXPORT("GetSidLengthRequired", GetSidLengthRequired),
      EXPORT("InitializeSid", InitializeSid),
      EXPORT("CopySid", CopySid),
      EXPORT("EqualSid", EqualSid),
      EXPORT("EqualPrefixSid", EqualPrefixSid),
      EXPORT("EqualDomainSid", EqualDomainSid),
      EXPORT("GetWindowsAccountDomainSid", GetWindowsAccountDomainSid),
      EXPORT("GetSidSubAuthority", GetSidSubAuthority),
      EXPORT("GetSidSubAuthorityCount", GetSidSubAuthorityCount),
      EXPORT("GetSidIdentifierAuthority", GetSidIdentifierAuthority),
      EXPORT("InitializeSecurityDescriptor", InitializeSecurityDescriptor),
      EXPORT("IsValidSecurityDescriptor", IsValidSecurityDescriptor),
      EXPORT("GetSecurityDescriptorLength", GetSecurityDescriptorLength),
      EXPORT("GetSecurityDescriptorControl", GetSecurityDescriptorControl),
      EXPORT("SetSecurityDescriptorControl", SetSecurityDescriptorControl),
      EXPORT("SetSecurityDescriptorDacl", SetSecurityDescriptorDacl),
      EXPORT("SetSecurityDescriptorSacl", SetSecurityDescriptorSacl),
      EXPORT("SetSecurityDescriptorOwner", SetSecurityDescriptorOwner),
      EXPORT("SetSecurityDescriptorGroup", SetSecurityDescriptorGroup),
      EXPORT("GetSecurityDescriptorDacl", GetSecurityDescriptorDacl),
      EXPORT("GetSecurityDescriptorSacl", GetSecurityDescriptorSacl),
      EXPORT("GetSecurityDescriptorOwner", GetSecurityDescriptorOwner),
      EXPORT("GetSecurityDescriptorGroup", GetSecurityDescriptorGroup),
      EXPORT("MakeSelfRelativeSD", MakeSelfRelativeSD),
      EXPORT("MakeAbsoluteSD", MakeAbsoluteSD),
      EXPORT("InitializeAcl", InitializeAcl),
      EXPORT("IsValidAcl", IsValidAcl),
      EXPORT("GetAclInformation", GetAclInformation),
      EXPORT("SetAclInformation", SetAclInformation),
      EXPORT("GetAce", GetAce),
      EXPORT("AddAce", AddAce),
      EXPORT("DeleteAce", DeleteAce),
      EXPORT("FindFirstFreeAce", FindFirstFreeAce),
      EXPORT("AddAccessAllowedAce", AddAccessAllowedAce),
      EXPORT("AddAccessAllowedAceEx", AddAccessAllowedAceEx),
      EXPORT("AddAccessDeniedAce", AddAccessDeniedAce),
      EXPORT("AddAccessDeniedAceEx", AddAccessDeniedAceEx),
      EXPORT("AddAuditAccessAce", AddAuditAccessAce),
      EXPORT("AddAuditAccessAceEx", AddAuditAccessAceEx),
      EXPORT("AddMandatoryAce", AddMandatoryAce),
      EXPORT("AddAccessAllowedObjectAce", AddAccessAllowedObjectAce),
      EXPORT("AddAccessDeniedObjectAce", AddAccessDeniedObjectAce),
      EXPORT("AddAuditAccessObjectAce", AddAuditAccessObjectAce),
      EXPORT("MapGenericMask", MapGenericMask),
      EXPORT("AreAllAccessesGranted", AreAllAccessesGranted),
      EXPORT("AreAnyAccessesGranted", AreAnyAccessesGranted),
  };
  return exports;
}

}  // namespace polyrun::shims
