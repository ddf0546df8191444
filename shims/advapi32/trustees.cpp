// ADVAPI32.dll, trustees and explicit access entries (the access-control API of aclapi.h): the
// TRUSTEE builders and readers, BuildExplicitAccessWithName, GetExplicitEntriesFromAcl (an ACL's
// explicit ACEs as EXPLICIT_ACCESS entries), GetEffectiveRightsFromAcl and
// GetAuditedPermissionsFromAcl (what an ACL grants or audits a trustee: its SID and, for the user,
// the groups of the user's token), and whole descriptors: BuildSecurityDescriptor (from trustees
// and entries, over an old descriptor) and LookupSecurityDescriptorParts (back into them).
//
// TRUSTEE: pMultipleTrustee, MultipleTrusteeOperation, TrusteeForm, TrusteeType, ptstrName (32
// bytes for 64-bit programs, 20 for 32-bit ones); EXPLICIT_ACCESS: grfAccessPermissions,
// grfAccessMode, grfInheritance, then the TRUSTEE at a pointer's alignment.
#include <strings.h>

#include <cstring>
#include <string>
#include <vector>

#include "shims/advapi32/acl.h"
#include "shims/advapi32/security.h"
#include "shims/advapi32/tokens.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_trustees {

using Bytes = std::vector<uint8_t>;

constexpr uint32_t TRUSTEE_IS_SID = 0, TRUSTEE_IS_NAME = 1, TRUSTEE_BAD_FORM = 2, TRUSTEE_IS_OBJECTS_AND_SID = 3,
                   TRUSTEE_IS_OBJECTS_AND_NAME = 4;
constexpr uint32_t GRANT_ACCESS = 1, DENY_ACCESS = 3, SET_AUDIT_SUCCESS = 5, SET_AUDIT_FAILURE = 6;

struct Shape {
  unsigned ps;
  uint32_t trustee_size() const { return ps == 8 ? 32 : 20; }
  uint32_t form_at() const { return ps + 4; }
  uint32_t type_at() const { return ps + 8; }
  uint32_t name_at() const { return ps == 8 ? 24 : 16; }
  uint32_t entry_size() const { return ps == 8 ? 48 : 32; }
  uint32_t entry_trustee_at() const { return ps == 8 ? 16 : 12; }
};

void build_trustee(WindowsProcess& p, uint64_t t, uint32_t form, uint64_t name) {
  const Shape s{p.isa->ptr};
  p.put_ptr(t, 0);
  put<uint32_t>(t + s.ps, 0);  // NO_MULTIPLE_TRUSTEE
  put<uint32_t>(t + s.form_at(), form);
  put<uint32_t>(t + s.type_at(), 0);  // TRUSTEE_IS_UNKNOWN
  p.put_ptr(t + s.name_at(), name);
}

void BuildTrusteeWithSid(WindowsProcess& p, Ptr trustee, Ptr sid) { build_trustee(p, trustee.addr, TRUSTEE_IS_SID, sid.addr); }
void BuildTrusteeWithName(WindowsProcess& p, Ptr trustee, Ptr name) {
  build_trustee(p, trustee.addr, TRUSTEE_IS_NAME, name.addr);
}

// OBJECTS_AND_SID: ObjectsPresent, ObjectTypeGuid, InheritedObjectTypeGuid, pSid.
void BuildTrusteeWithObjectsAndSid(WindowsProcess& p, Ptr trustee, Ptr objects, Ptr type, Ptr inherited, Ptr sid) {
  uint32_t present = 0;
  std::memset(guest_pointer(objects.addr + 4), 0, 32);
  if (type) {
    std::memmove(guest_pointer(objects.addr + 4), guest_pointer(type.addr), 16);
    present |= 1;
  }
  if (inherited) {
    std::memmove(guest_pointer(objects.addr + 20), guest_pointer(inherited.addr), 16);
    present |= 2;
  }
  put<uint32_t>(objects.addr, present);
  p.put_ptr(objects.addr + (p.isa->ptr == 8 ? 40 : 36), sid.addr);
  build_trustee(p, trustee.addr, TRUSTEE_IS_OBJECTS_AND_SID, objects.addr);
}

// OBJECTS_AND_NAME: ObjectsPresent, ObjectType, ObjectTypeName, InheritedObjectTypeName, ptstrName.
void BuildTrusteeWithObjectsAndName(WindowsProcess& p, Ptr trustee, Ptr objects, uint32_t object_type, Ptr type_name,
                                    Ptr inherited_name, Ptr name) {
  const unsigned ps = p.isa->ptr;
  put<uint32_t>(objects.addr, (type_name ? 1u : 0u) | (inherited_name ? 2u : 0u));
  put<uint32_t>(objects.addr + 4, object_type);
  p.put_ptr(objects.addr + 8, type_name.addr);
  p.put_ptr(objects.addr + 8 + ps, inherited_name.addr);
  p.put_ptr(objects.addr + 8 + 2 * ps, name.addr);
  build_trustee(p, trustee.addr, TRUSTEE_IS_OBJECTS_AND_NAME, objects.addr);
}

uint32_t GetTrusteeForm(WindowsProcess& p, Ptr trustee) {
  return trustee ? get<uint32_t>(trustee.addr + Shape{p.isa->ptr}.form_at()) : TRUSTEE_BAD_FORM;
}
uint32_t GetTrusteeType(WindowsProcess& p, Ptr trustee) {
  return trustee ? get<uint32_t>(trustee.addr + Shape{p.isa->ptr}.type_at()) : 0;
}
Ptr GetTrusteeName(WindowsProcess& p, Ptr trustee) {
  return trustee ? Ptr(p.get_ptr(trustee.addr + Shape{p.isa->ptr}.name_at())) : Ptr(0);
}

void BuildExplicitAccessWithName(WindowsProcess& p, Ptr entry, Ptr name, uint32_t permissions, uint32_t mode,
                                 uint32_t inheritance) {
  const Shape s{p.isa->ptr};
  put<uint32_t>(entry.addr, permissions);
  put<uint32_t>(entry.addr + 4, mode);
  put<uint32_t>(entry.addr + 8, inheritance);
  build_trustee(p, entry.addr + s.entry_trustee_at(), TRUSTEE_IS_NAME, name.addr);
}

// The SIDs a trustee's rights come from: its own, and for the user, the enabled groups of its token.
std::vector<std::string> trustee_sids(const Bytes& sid) {
  std::vector<std::string> out{sid_text(sid)};
  const auto t = advapi32_tokens::process_token();
  if (::strcasecmp(out[0].c_str(), t->user.c_str()) == 0)
    for (const auto& g : t->groups)
      if ((g.attributes & advapi32_tokens::kGroupEnabled) && !(g.attributes & advapi32_tokens::kGroupIntegrity))
        out.push_back(g.sid);
  return out;
}
bool among(const std::vector<std::string>& sids, const Bytes& sid) {
  const std::string t = sid_text(sid);
  for (const std::string& s : sids)
    if (::strcasecmp(s.c_str(), t.c_str()) == 0) return true;
  return false;
}

uint32_t effective_rights(WindowsProcess& p, Ptr acl, Ptr trustee, Ptr rights, bool wide) {
  if (!acl || !trustee || !rights) return ERROR_INVALID_PARAMETER;
  if (!advapi32_acl::valid_acl(acl.addr)) return 1336;  // ERROR_INVALID_ACL
  Bytes sid, object;
  if (const uint32_t e = advapi32_acl::trustee_sid(p, trustee.addr, wide, sid, object)) return e;
  const std::vector<std::string> sids = trustee_sids(sid);
  uint32_t granted = 0, denied = 0;
  for (const advapi32_acl::Ace& a : advapi32_acl::read_acl(acl.addr)) {
    if (!a.raw.empty() || (a.flags & 0x8) || !among(sids, a.sid)) continue;
    if (a.type == 0) granted |= a.mask & ~denied;
    else if (a.type == 1) denied |= a.mask & ~granted;
  }
  put<uint32_t>(rights.addr, granted);
  return 0;
}
uint32_t GetEffectiveRightsFromAclW(WindowsProcess& p, Ptr acl, Ptr trustee, Ptr rights) {
  return effective_rights(p, acl, trustee, rights, true);
}
uint32_t GetEffectiveRightsFromAclA(WindowsProcess& p, Ptr acl, Ptr trustee, Ptr rights) {
  return effective_rights(p, acl, trustee, rights, false);
}

uint32_t audited_permissions(WindowsProcess& p, Ptr acl, Ptr trustee, Ptr success, Ptr failure, bool wide) {
  if (!acl || !trustee || !success || !failure) return ERROR_INVALID_PARAMETER;
  if (!advapi32_acl::valid_acl(acl.addr)) return 1336;  // ERROR_INVALID_ACL
  Bytes sid, object;
  if (const uint32_t e = advapi32_acl::trustee_sid(p, trustee.addr, wide, sid, object)) return e;
  const std::vector<std::string> sids = trustee_sids(sid);
  uint32_t ok = 0, failed = 0;
  for (const advapi32_acl::Ace& a : advapi32_acl::read_acl(acl.addr)) {
    if (!a.raw.empty() || a.type != 2 || (a.flags & 0x8) || !among(sids, a.sid)) continue;
    if (a.flags & 0x40) ok |= a.mask;
    if (a.flags & 0x80) failed |= a.mask;
  }
  put<uint32_t>(success.addr, ok);
  put<uint32_t>(failure.addr, failed);
  return 0;
}
uint32_t GetAuditedPermissionsFromAclW(WindowsProcess& p, Ptr acl, Ptr trustee, Ptr success, Ptr failure) {
  return audited_permissions(p, acl, trustee, success, failure, true);
}
uint32_t GetAuditedPermissionsFromAclA(WindowsProcess& p, Ptr acl, Ptr trustee, Ptr success, Ptr failure) {
  return audited_permissions(p, acl, trustee, success, failure, false);
}

// EXPLICIT_ACCESS entries, each with a TRUSTEE_IS_SID trustee, for the ACEs `keep` takes of an ACL,
// in one block of the process heap with the SIDs after the entries.
template <typename Keep>
uint32_t entries_of(WindowsProcess& p, uint64_t acl, Keep keep, uint32_t& count, uint64_t& block) {
  const Shape s{p.isa->ptr};
  std::vector<advapi32_acl::Ace> aces;
  for (const advapi32_acl::Ace& a : advapi32_acl::read_acl(acl))
    if (a.raw.empty() && keep(a)) aces.push_back(a);
  count = static_cast<uint32_t>(aces.size());
  block = 0;
  if (aces.empty()) return 0;
  size_t size = s.entry_size() * aces.size();
  for (const auto& a : aces) size += a.sid.size();
  block = p.heap.alloc(size, true);
  if (!block) return ERROR_NOT_ENOUGH_MEMORY;
  uint64_t sid_at = block + s.entry_size() * aces.size();
  for (size_t i = 0; i < aces.size(); ++i) {
    const advapi32_acl::Ace& a = aces[i];
    const uint64_t e = block + s.entry_size() * i;
    const uint8_t base = a.type >= 5 ? static_cast<uint8_t>(a.type - 5) : a.type;
    uint32_t mode = base == 0 ? GRANT_ACCESS : base == 1 ? DENY_ACCESS : (a.flags & 0x40) ? SET_AUDIT_SUCCESS : SET_AUDIT_FAILURE;
    put<uint32_t>(e, a.mask);
    put<uint32_t>(e + 4, mode);
    put<uint32_t>(e + 8, a.flags & 0x1f);
    std::memcpy(guest_pointer(sid_at), a.sid.data(), a.sid.size());
    build_trustee(p, e + s.entry_trustee_at(), TRUSTEE_IS_SID, sid_at);
    sid_at += a.sid.size();
  }
  return 0;
}
bool explicit_ace(const advapi32_acl::Ace& a) { return !(a.flags & 0x10); }

uint32_t GetExplicitEntriesFromAcl(WindowsProcess& p, Ptr acl, Ptr count, Ptr list) {
  if (!count || !list || !acl) return ERROR_INVALID_PARAMETER;
  if (!advapi32_acl::valid_acl(acl.addr)) return 1336;  // ERROR_INVALID_ACL
  uint32_t n;
  uint64_t block;
  if (const uint32_t e = entries_of(p, acl.addr,
                                    [](const advapi32_acl::Ace& a) {
                                      const uint8_t base = a.type >= 5 && a.type <= 7 ? a.type - 5 : a.type;
                                      return explicit_ace(a) && base <= 2;
                                    },
                                    n, block))
    return e;
  put<uint32_t>(count.addr, n);
  p.put_ptr(list.addr, block);
  return 0;
}

// LookupSecurityDescriptorParts: the owner and group as TRUSTEE_IS_NAME trustees ("DOMAIN\name",
// or the SID's text for a SID no account has), the DACL's and SACL's explicit entries.
uint64_t name_trustee(WindowsProcess& p, uint64_t sid, bool wide) {
  std::string name, domain;
  uint32_t use;
  const std::string text = sid_text(sid);
  std::string full = account_of_sid(text, name, domain, use) ? (domain.empty() ? name : domain + "\\" + name) : text;
  if (!wide) full = utf8_to_ansi(full);
  const Shape s{p.isa->ptr};
  const std::u16string w = wide ? utf8_to_utf16(full) : std::u16string();
  const size_t bytes = wide ? (w.size() + 1) * 2 : full.size() + 1;
  const uint64_t block = p.heap.alloc(s.trustee_size() + bytes, true);
  if (!block) return 0;
  if (wide) std::memcpy(guest_pointer(block + s.trustee_size()), w.c_str(), bytes);
  else std::memcpy(guest_pointer(block + s.trustee_size()), full.c_str(), bytes);
  build_trustee(p, block, TRUSTEE_IS_NAME, block + s.trustee_size());
  return block;
}
uint32_t lookup_parts(WindowsProcess& p, Ptr owner, Ptr group, Ptr access_count, Ptr access, Ptr audit_count, Ptr audit,
                      Ptr sd, bool wide) {
  advapi32_acl::SdParts s;
  if (!sd || !advapi32_acl::read_sd(p, sd.addr, s)) return 1338;  // ERROR_INVALID_SECURITY_DESCR
  if (owner) {
    uint64_t t = 0;
    if (s.owner && !(t = name_trustee(p, s.owner, wide))) return ERROR_NOT_ENOUGH_MEMORY;
    p.put_ptr(owner.addr, t);
  }
  if (group) {
    uint64_t t = 0;
    if (s.group && !(t = name_trustee(p, s.group, wide))) return ERROR_NOT_ENOUGH_MEMORY;
    p.put_ptr(group.addr, t);
  }
  auto list = [&](uint64_t acl, bool present, Ptr count, Ptr out) -> uint32_t {
    if (!count || !out) return 0;
    uint32_t n = 0;
    uint64_t block = 0;
    if (present && acl)
      if (const uint32_t e = entries_of(p, acl, explicit_ace, n, block)) return e;
    put<uint32_t>(count.addr, n);
    p.put_ptr(out.addr, block);
    return 0;
  };
  if (const uint32_t e = list(s.dacl, s.control & 0x4, access_count, access)) return e;
  return list(s.sacl, s.control & 0x10, audit_count, audit);
}
uint32_t LookupSecurityDescriptorPartsW(WindowsProcess& p, Ptr owner, Ptr group, Ptr ac, Ptr al, Ptr uc, Ptr ul, Ptr sd) {
  return lookup_parts(p, owner, group, ac, al, uc, ul, sd, true);
}
uint32_t LookupSecurityDescriptorPartsA(WindowsProcess& p, Ptr owner, Ptr group, Ptr ac, Ptr al, Ptr uc, Ptr ul, Ptr sd) {
  return lookup_parts(p, owner, group, ac, al, uc, ul, sd, false);
}

// BuildSecurityDescriptor: a self-relative descriptor (LocalFree frees it) whose owner and group are
// the trustees' (else the old descriptor's), whose DACL and SACL are the old ones with the entries
// applied as SetEntriesInAcl applies them.
uint32_t build_sd(WindowsProcess& p, Ptr owner, Ptr group, uint32_t access_count, Ptr access, uint32_t audit_count,
                  Ptr audit, Ptr old, Ptr size, Ptr out, bool wide) {
  if (!size || !out) return ERROR_INVALID_PARAMETER;
  advapi32_acl::SdParts o;
  if (old && !advapi32_acl::read_sd(p, old.addr, o)) return 1338;  // ERROR_INVALID_SECURITY_DESCR
  Bytes owner_sid = advapi32_acl::sid_part(o.owner), group_sid = advapi32_acl::sid_part(o.group), object;
  if (owner)
    if (const uint32_t e = advapi32_acl::trustee_sid(p, owner.addr, wide, owner_sid, object)) return e;
  if (group)
    if (const uint32_t e = advapi32_acl::trustee_sid(p, group.addr, wide, group_sid, object)) return e;
  const uint64_t scratch = p.heap.alloc(8, true);
  if (!scratch) return ERROR_NOT_ENOUGH_MEMORY;
  auto merged = [&](uint32_t count, Ptr entries, uint64_t old_acl, bool present, Bytes& acl, bool& has) -> uint32_t {
    has = present || count;
    if (!count) {
      acl = advapi32_acl::acl_part(old_acl);
      return 0;
    }
    if (const uint32_t e = advapi32_acl::set_entries_in_acl(p, count, entries, Ptr(present ? old_acl : 0), Ptr(scratch), wide))
      return e;
    const uint64_t made = p.get_ptr(scratch);
    acl = advapi32_acl::acl_part(made);
    if (made) p.heap.free(made);
    return 0;
  };
  Bytes dacl, sacl;
  bool has_dacl = false, has_sacl = false;
  uint32_t e = merged(access_count, access, o.dacl, o.control & 0x4, dacl, has_dacl);
  if (!e) e = merged(audit_count, audit, o.sacl, o.control & 0x10, sacl, has_sacl);
  p.heap.free(scratch);
  if (e) return e;
  const Bytes b = advapi32_acl::self_relative_sd(o.control & 0x3fff, owner_sid, group_sid, has_sacl ? &sacl : nullptr,
                                                 has_dacl ? &dacl : nullptr);
  const uint64_t at = advapi32_acl::heap_copy(p, b);
  if (!at) return ERROR_NOT_ENOUGH_MEMORY;
  put<uint32_t>(size.addr, static_cast<uint32_t>(b.size()));
  p.put_ptr(out.addr, at);
  return 0;
}
uint32_t BuildSecurityDescriptorW(WindowsProcess& p, Ptr owner, Ptr group, uint32_t ac, Ptr al, uint32_t uc, Ptr ul, Ptr old,
                                  Ptr size, Ptr out) {
  return build_sd(p, owner, group, ac, al, uc, ul, old, size, out, true);
}
uint32_t BuildSecurityDescriptorA(WindowsProcess& p, Ptr owner, Ptr group, uint32_t ac, Ptr al, uint32_t uc, Ptr ul, Ptr old,
                                  Ptr size, Ptr out) {
  return build_sd(p, owner, group, ac, al, uc, ul, old, size, out, false);
}

}  // namespace advapi32_trustees

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_trustee_exports() {
  using namespace advapi32_trustees;
  static const std::vector<Export> exports = {
      EXPORT("BuildTrusteeWithSidA", BuildTrusteeWithSid),
      EXPORT("BuildTrusteeWithSidW", BuildTrusteeWithSid),
      EXPORT("BuildTrusteeWithNameA", BuildTrusteeWithName),
      EXPORT("BuildTrusteeWithNameW", BuildTrusteeWithName),
      EXPORT("BuildTrusteeWithObjectsAndSidA", BuildTrusteeWithObjectsAndSid),
      EXPORT("BuildTrusteeWithObjectsAndSidW", BuildTrusteeWithObjectsAndSid),
      EXPORT("BuildTrusteeWithObjectsAndNameA", BuildTrusteeWithObjectsAndName),
      EXPORT("BuildTrusteeWithObjectsAndNameW", BuildTrusteeWithObjectsAndName),
      EXPORT("GetTrusteeFormA", GetTrusteeForm),
      EXPORT("GetTrusteeFormW", GetTrusteeForm),
      EXPORT("GetTrusteeNameA", GetTrusteeName),
      EXPORT("GetTrusteeNameW", GetTrusteeName),
      EXPORT("GetTrusteeTypeA", GetTrusteeType),
      EXPORT("GetTrusteeTypeW", GetTrusteeType),
      EXPORT("BuildExplicitAccessWithNameA", BuildExplicitAccessWithName),
      EXPORT("BuildExplicitAccessWithNameW", BuildExplicitAccessWithName),
      EXPORT("GetEffectiveRightsFromAclA", GetEffectiveRightsFromAclA),
      EXPORT("GetEffectiveRightsFromAclW", GetEffectiveRightsFromAclW),
      EXPORT("GetAuditedPermissionsFromAclA", GetAuditedPermissionsFromAclA),
      EXPORT("GetAuditedPermissionsFromAclW", GetAuditedPermissionsFromAclW),
      EXPORT("GetExplicitEntriesFromAclA", GetExplicitEntriesFromAcl),
      EXPORT("GetExplicitEntriesFromAclW", GetExplicitEntriesFromAcl),
      EXPORT("LookupSecurityDescriptorPartsA", LookupSecurityDescriptorPartsA),
      EXPORT("LookupSecurityDescriptorPartsW", LookupSecurityDescriptorPartsW),
      EXPORT("BuildSecurityDescriptorA", BuildSecurityDescriptorA),
      EXPORT("BuildSecurityDescriptorW", BuildSecurityDescriptorW),
  };
  return exports;
}

}  // namespace polyrun::shims
