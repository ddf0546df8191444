// NTDLL's security structures, as data: SIDs (Revision, SubAuthorityCount, a 6-byte big-endian
// IdentifierAuthority, SubAuthority[]), ACLs (an 8-byte header, then ACEs: AceType, AceFlags,
// AceSize, Mask, the SID) and security descriptors (Revision, Sbz1, Control, then Owner, Group, Sacl
// and Dacl: pointers in the absolute form, 32-bit offsets from the start in the self-relative
// form, SE_SELF_RELATIVE 0x8000). RtlConvertSidToUnicodeString writes the S-R-I-S… form. The object
// ACEs (RtlAdd*ObjectAce) carry GUIDs of the object's type and of what inherits it.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_rtl_security_impl {

constexpr uint32_t kInvalidSid = 0xc0000078, kUnknownRevision = 0xc0000058, kInvalidSecurityDescr = 0xc0000079,
                   kRevisionMismatch = 0xc0000059, kInvalidAcl = 0xc0000077, kAllottedSpaceExceeded = 0xc0000099,
                   kBadDescriptorFormat = 0xc00000e7;
constexpr uint32_t kMaxSubAuthorities = 15, kMinAclRevision = 2, kMaxAclRevision = 4;
constexpr uint16_t kSelfRelative = 0x8000, kOwnerDefaulted = 0x1, kGroupDefaulted = 0x2, kDaclPresent = 0x4,
                   kDaclDefaulted = 0x8, kSaclPresent = 0x10, kSaclDefaulted = 0x20, kRmControlValid = 0x4000;
constexpr uint8_t kAccessAllowed = 0, kAccessDenied = 1, kSystemAudit = 2, kMandatoryLabel = 0x11;

uint8_t* bytes(uint64_t a) { return static_cast<uint8_t*>(guest_pointer(a)); }

// ---- SIDs ----

uint32_t sid_length_for(uint32_t count) { return 8 + 4 * count; }
uint32_t sid_length(uint64_t sid) { return sid_length_for(get<uint8_t>(sid + 1)); }
bool valid_sid(uint64_t sid) { return sid && get<uint8_t>(sid) == 1 && get<uint8_t>(sid + 1) <= kMaxSubAuthorities; }

uint32_t RtlLengthRequiredSid(WindowsProcess&, uint32_t count) { return sid_length_for(count); }
uint32_t RtlLengthSid(WindowsProcess&, Ptr sid) { return sid ? sid_length(sid.addr) : 0; }
uint8_t RtlValidSid(WindowsProcess&, Ptr sid) { return valid_sid(sid.addr); }

uint8_t RtlInitializeSid(WindowsProcess&, Ptr sid, Ptr authority, uint8_t count) {
  if (count >= kMaxSubAuthorities) return 0;
  put<uint8_t>(sid.addr, 1);
  put<uint8_t>(sid.addr + 1, count);
  if (authority) std::memmove(bytes(sid.addr + 2), bytes(authority.addr), 6);
  std::memset(bytes(sid.addr + 8), 0, 4u * count);
  return 1;
}

uint32_t RtlAllocateAndInitializeSid(WindowsProcess& p, Ptr authority, uint8_t count, uint32_t s0, uint32_t s1,
                                     uint32_t s2, uint32_t s3, uint32_t s4, uint32_t s5, uint32_t s6, uint32_t s7,
                                     Ptr out) {
  if (count > 8) return kInvalidSid;
  const uint64_t sid = ntdll_text::heap_alloc(p, sid_length_for(count));
  if (!sid) return nt::kNoMemory;
  put<uint8_t>(sid, 1);
  put<uint8_t>(sid + 1, count);
  if (authority) std::memmove(bytes(sid + 2), bytes(authority.addr), 6);
  else std::memset(bytes(sid + 2), 0, 6);
  const uint32_t sub[8] = {s0, s1, s2, s3, s4, s5, s6, s7};
  std::memcpy(bytes(sid + 8), sub, 4u * count);
  p.put_ptr(out.addr, sid);
  return nt::kSuccess;
}

// The SID back to the process heap; null in return (an NTSTATUS-typed PVOID).
Ptr RtlFreeSid(WindowsProcess& p, Ptr sid) {
  if (sid) ntdll_text::heap_free(p, sid.addr);
  return Ptr(0);
}

uint8_t RtlEqualSid(WindowsProcess&, Ptr a, Ptr b) {
  if (!valid_sid(a.addr) || !valid_sid(b.addr) || get<uint8_t>(a.addr + 1) != get<uint8_t>(b.addr + 1)) return 0;
  return std::memcmp(bytes(a.addr), bytes(b.addr), sid_length(a.addr)) == 0;
}

// Equal but for the last subauthority.
uint8_t RtlEqualPrefixSid(WindowsProcess&, Ptr a, Ptr b) {
  if (!valid_sid(a.addr) || !valid_sid(b.addr) || get<uint8_t>(a.addr + 1) != get<uint8_t>(b.addr + 1)) return 0;
  const uint8_t n = get<uint8_t>(a.addr + 1);
  return std::memcmp(bytes(a.addr), bytes(b.addr), n ? sid_length_for(n - 1) : 8) == 0;
}

uint8_t RtlCopySid(WindowsProcess&, uint32_t length, Ptr dst, Ptr src) {
  if (!valid_sid(src.addr) || length < sid_length(src.addr)) return 0;
  std::memmove(bytes(dst.addr), bytes(src.addr), sid_length(src.addr));
  return 1;
}

Ptr RtlSubAuthoritySid(WindowsProcess&, Ptr sid, uint32_t i) { return Ptr(sid.addr + 8 + 4ull * i); }
Ptr RtlSubAuthorityCountSid(WindowsProcess&, Ptr sid) { return Ptr(sid.addr + 1); }
Ptr RtlIdentifierAuthoritySid(WindowsProcess&, Ptr sid) { return Ptr(sid.addr + 2); }

// "S-1-5-21-…": the authority in decimal (its low 32 bits, as Windows writes those below 2^32).
uint32_t RtlConvertSidToUnicodeString(WindowsProcess& p, Ptr str, Ptr sid, uint8_t alloc) {
  const uint8_t* s = bytes(sid.addr);
  const uint32_t authority = static_cast<uint32_t>(s[4]) << 24 | s[5] << 16 | s[6] << 8 | s[7];
  std::string text = "S-" + std::to_string(s[0]) + "-" + std::to_string(authority);
  for (uint32_t i = 0; i < s[1]; ++i) text += "-" + std::to_string(get<uint32_t>(sid.addr + 8 + 4 * i));
  const uint32_t bytes_with_nul = static_cast<uint32_t>(text.size() + 1) * 2;
  ntdll_text::Counted c = ntdll_text::read_counted(p, str.addr);
  c.length = static_cast<uint16_t>(bytes_with_nul - 2);
  if (alloc) {
    c.max = static_cast<uint16_t>(bytes_with_nul);
    c.buffer = ntdll_text::heap_alloc(p, bytes_with_nul);
    ntdll_text::write_counted(p, str.addr, c);
    if (!c.buffer) return nt::kNoMemory;
  } else {
    ntdll_text::set_length(str.addr, c.length);
    if (bytes_with_nul > c.max) return nt::kBufferOverflow;
  }
  for (size_t i = 0; i <= text.size(); ++i) put<char16_t>(c.buffer + 2 * i, i < text.size() ? text[i] : 0);
  return nt::kSuccess;
}

// ---- ACLs ----

struct AclHeader {
  uint8_t revision;
  uint16_t size, count;
};
AclHeader acl_of(uint64_t acl) { return {get<uint8_t>(acl), get<uint16_t>(acl + 2), get<uint16_t>(acl + 4)}; }

uint32_t RtlCreateAcl(WindowsProcess&, Ptr acl, uint32_t size, uint32_t revision) {
  if (revision < kMinAclRevision || revision > kMaxAclRevision) return nt::kInvalidParameter;
  if (size < 8) return nt::kBufferTooSmall;
  if (size > 0xffff) return nt::kInvalidParameter;
  std::memset(bytes(acl.addr), 0, 8);
  put<uint8_t>(acl.addr, static_cast<uint8_t>(revision));
  put<uint16_t>(acl.addr + 2, static_cast<uint16_t>(size));
  return nt::kSuccess;
}

// Whether the revision is known and the ACEs the count says lie within the size.
bool valid_acl(uint64_t acl) {
  const AclHeader h = acl_of(acl);
  if (h.revision < kMinAclRevision || h.revision > kMaxAclRevision) return false;
  uint64_t ace = acl + 8;
  for (uint32_t i = 0; i < h.count; ++i) {
    if (ace > acl + h.size) return false;
    ace += get<uint16_t>(ace + 2);
  }
  return ace <= acl + h.size;
}
uint8_t RtlValidAcl(WindowsProcess&, Ptr acl) { return valid_acl(acl.addr); }

// Where the next ACE would go (0: past the ACL's size); false for ACEs past the size.
bool first_free(uint64_t acl, uint64_t* at) {
  const AclHeader h = acl_of(acl);
  uint64_t ace = acl + 8;
  *at = 0;
  for (uint32_t i = 0; i < h.count; ++i) {
    if (ace >= acl + h.size) return false;
    ace += get<uint16_t>(ace + 2);
  }
  if (ace <= acl + h.size) *at = ace;
  return true;
}

uint8_t RtlFirstFreeAce(WindowsProcess& p, Ptr acl, Ptr out) {
  uint64_t at;
  const bool ok = first_free(acl.addr, &at);
  p.put_ptr(out.addr, at);
  return ok;
}

uint32_t RtlGetAce(WindowsProcess& p, Ptr acl, uint32_t index, Ptr out) {
  if (index >= acl_of(acl.addr).count) return nt::kInvalidParameter;
  uint64_t ace = acl.addr + 8;
  for (uint32_t i = 0; i < index; ++i) ace += get<uint16_t>(ace + 2);
  p.put_ptr(out.addr, ace);
  return nt::kSuccess;
}

// RtlAddAce: the ACEs of a list (`length` bytes) appended; the ACL's revision rises to `revision`.
uint32_t RtlAddAce(WindowsProcess&, Ptr acl, uint32_t revision, uint32_t, Ptr list, uint32_t length) {
  if (!valid_acl(acl.addr)) return nt::kInvalidParameter;
  uint64_t at;
  if (!first_free(acl.addr, &at)) return nt::kInvalidParameter;
  if (!at) return kAllottedSpaceExceeded;
  uint32_t count = 0;
  for (uint64_t ace = list.addr; ace - list.addr < length; ace += get<uint16_t>(ace + 2)) {
    ++count;
    if (!get<uint16_t>(ace + 2)) break;
  }
  const AclHeader h = acl_of(acl.addr);
  if (at + length > acl.addr + h.size) return nt::kInvalidParameter;
  std::memmove(bytes(at), bytes(list.addr), length);
  put<uint16_t>(acl.addr + 4, static_cast<uint16_t>(h.count + count));
  if (revision > h.revision) put<uint8_t>(acl.addr, static_cast<uint8_t>(revision));
  return nt::kSuccess;
}

uint32_t RtlDeleteAce(WindowsProcess&, Ptr acl, uint32_t index) {
  const AclHeader h = acl_of(acl.addr);
  if (index >= h.count) return nt::kInvalidParameter;
  uint64_t ace = acl.addr + 8;
  for (uint32_t i = 0; i < index; ++i) ace += get<uint16_t>(ace + 2);
  const uint64_t next = ace + get<uint16_t>(ace + 2);
  uint64_t end = next;
  for (uint32_t i = index + 1; i < h.count; ++i) end += get<uint16_t>(end + 2);
  std::memmove(bytes(ace), bytes(next), end - next);
  put<uint16_t>(acl.addr + 4, static_cast<uint16_t>(h.count - 1));
  return nt::kSuccess;
}

// An ACE of the simple form: header, mask, SID.
uint32_t add_ace(uint64_t acl, uint32_t revision, uint32_t flags, uint32_t mask, uint64_t sid, uint8_t type) {
  if (!valid_sid(sid)) return kInvalidSid;
  const AclHeader h = acl_of(acl);
  if (h.revision > kMaxAclRevision || revision > kMaxAclRevision) return kRevisionMismatch;
  if (!valid_acl(acl)) return kInvalidAcl;
  uint64_t at;
  if (!first_free(acl, &at)) return kInvalidAcl;
  if (!at) return kAllottedSpaceExceeded;
  const uint32_t size = 8 + sid_length(sid);
  if (at + size > acl + h.size) return kAllottedSpaceExceeded;
  put<uint8_t>(at, type);
  put<uint8_t>(at + 1, static_cast<uint8_t>(flags));
  put<uint16_t>(at + 2, static_cast<uint16_t>(size));
  put<uint32_t>(at + 4, mask);
  std::memmove(bytes(at + 8), bytes(sid), sid_length(sid));
  if (revision > h.revision) put<uint8_t>(acl, static_cast<uint8_t>(revision));
  put<uint16_t>(acl + 4, static_cast<uint16_t>(h.count + 1));
  return nt::kSuccess;
}

uint32_t RtlAddAccessAllowedAce(WindowsProcess&, Ptr acl, uint32_t rev, uint32_t mask, Ptr sid) {
  return add_ace(acl.addr, rev, 0, mask, sid.addr, kAccessAllowed);
}
uint32_t RtlAddAccessAllowedAceEx(WindowsProcess&, Ptr acl, uint32_t rev, uint32_t flags, uint32_t mask, Ptr sid) {
  return add_ace(acl.addr, rev, flags, mask, sid.addr, kAccessAllowed);
}
uint32_t RtlAddAccessDeniedAce(WindowsProcess&, Ptr acl, uint32_t rev, uint32_t mask, Ptr sid) {
  return add_ace(acl.addr, rev, 0, mask, sid.addr, kAccessDenied);
}
uint32_t RtlAddAccessDeniedAceEx(WindowsProcess&, Ptr acl, uint32_t rev, uint32_t flags, uint32_t mask, Ptr sid) {
  return add_ace(acl.addr, rev, flags, mask, sid.addr, kAccessDenied);
}
// SUCCESSFUL_ACCESS_ACE_FLAG 0x40, FAILED_ACCESS_ACE_FLAG 0x80.
uint32_t RtlAddAuditAccessAceEx(WindowsProcess&, Ptr acl, uint32_t rev, uint32_t flags, uint32_t mask, Ptr sid,
                                int32_t success, int32_t failure) {
  return add_ace(acl.addr, rev, flags | (success ? 0x40 : 0) | (failure ? 0x80 : 0), mask, sid.addr, kSystemAudit);
}
uint32_t RtlAddAuditAccessAce(WindowsProcess& p, Ptr acl, uint32_t rev, uint32_t mask, Ptr sid, int32_t success,
                              int32_t failure) {
  return RtlAddAuditAccessAceEx(p, acl, rev, 0, mask, sid, success, failure);
}
// SYSTEM_MANDATORY_LABEL_ACE: the policy (NO_WRITE_UP 1, NO_READ_UP 2, NO_EXECUTE_UP 4) in the mask.
uint32_t RtlAddMandatoryAce(WindowsProcess&, Ptr acl, uint32_t rev, uint32_t flags, uint32_t policy, uint32_t type, Ptr sid) {
  if (type != kMandatoryLabel || (policy & ~7u)) return nt::kInvalidParameter;
  return add_ace(acl.addr, rev, flags, policy, sid.addr, kMandatoryLabel);
}

// The object ACEs (ACCESS_ALLOWED_OBJECT_ACE, ACCESS_DENIED_OBJECT_ACE, SYSTEM_AUDIT_OBJECT_ACE):
// header, mask, Flags (ACE_OBJECT_TYPE_PRESENT 1, ACE_INHERITED_OBJECT_TYPE_PRESENT 2), the GUIDs
// given, the SID; the inheritance flags (VALID_INHERIT_FLAGS, 0x1f) and an audit's success and
// failure flags. The ACL's revision becomes the higher of its own and the one given.
constexpr uint8_t kAllowedObject = 5, kDeniedObject = 6, kAuditObject = 7;
uint32_t add_object_ace(uint64_t acl, uint32_t revision, uint32_t flags, uint32_t mask, uint64_t object_type,
                        uint64_t inherited_type, uint64_t sid, uint8_t type) {
  if (!valid_sid(sid)) return kInvalidSid;
  const AclHeader h = acl_of(acl);
  if (h.revision > kMaxAclRevision || revision > kMaxAclRevision) return kRevisionMismatch;
  if (revision < h.revision) revision = h.revision;
  if (flags & ~0xdfu) return nt::kInvalidParameter;
  if (!valid_acl(acl)) return kInvalidAcl;
  uint64_t at;
  if (!first_free(acl, &at)) return kInvalidAcl;
  if (!at) return kAllottedSpaceExceeded;
  const uint32_t size = 12 + (object_type ? 16 : 0) + (inherited_type ? 16 : 0) + sid_length(sid);
  if (at + size > acl + h.size) return kAllottedSpaceExceeded;
  put<uint8_t>(at, type);
  put<uint8_t>(at + 1, static_cast<uint8_t>(flags));
  put<uint16_t>(at + 2, static_cast<uint16_t>(size));
  put<uint32_t>(at + 4, mask);
  put<uint32_t>(at + 8, (object_type ? 1u : 0u) | (inherited_type ? 2u : 0u));
  uint64_t next = at + 12;
  for (uint64_t guid : {object_type, inherited_type}) {
    if (!guid) continue;
    std::memmove(bytes(next), bytes(guid), 16);
    next += 16;
  }
  std::memmove(bytes(next), bytes(sid), sid_length(sid));
  put<uint8_t>(acl, static_cast<uint8_t>(revision));
  put<uint16_t>(acl + 4, static_cast<uint16_t>(h.count + 1));
  return nt::kSuccess;
}
uint32_t RtlAddAccessAllowedObjectAce(WindowsProcess&, Ptr acl, uint32_t rev, uint32_t flags, uint32_t mask,
                                      Ptr object_type, Ptr inherited_type, Ptr sid) {
  if (flags & ~0x1fu) return nt::kInvalidParameter;
  return add_object_ace(acl.addr, rev, flags, mask, object_type.addr, inherited_type.addr, sid.addr, kAllowedObject);
}
uint32_t RtlAddAccessDeniedObjectAce(WindowsProcess&, Ptr acl, uint32_t rev, uint32_t flags, uint32_t mask,
                                     Ptr object_type, Ptr inherited_type, Ptr sid) {
  if (flags & ~0x1fu) return nt::kInvalidParameter;
  return add_object_ace(acl.addr, rev, flags, mask, object_type.addr, inherited_type.addr, sid.addr, kDeniedObject);
}
uint32_t RtlAddAuditAccessObjectAce(WindowsProcess&, Ptr acl, uint32_t rev, uint32_t flags, uint32_t mask,
                                    Ptr object_type, Ptr inherited_type, Ptr sid, int32_t success, int32_t failure) {
  return add_object_ace(acl.addr, rev, flags | (success ? 0x40 : 0) | (failure ? 0x80 : 0), mask, object_type.addr,
                        inherited_type.addr, sid.addr, kAuditObject);
}

// AclRevisionInformation (1): the revision; AclSizeInformation (2): AceCount, AclBytesInUse,
// AclBytesFree.
uint32_t RtlQueryInformationAcl(WindowsProcess&, Ptr acl, Ptr info, uint32_t length, uint32_t cls) {
  const AclHeader h = acl_of(acl.addr);
  if (cls == 1) {
    if (length < 4) return nt::kInvalidParameter;
    put<uint32_t>(info.addr, h.revision);
    return nt::kSuccess;
  }
  if (cls != 2 || length < 12) return nt::kInvalidParameter;
  uint64_t ace = acl.addr + 8;
  for (uint32_t i = 0; i < h.count; ++i) ace += get<uint16_t>(ace + 2);
  uint32_t used = static_cast<uint32_t>(ace - acl.addr);
  uint32_t free = 0;
  if (used > h.size) used = h.size;
  else free = h.size - used;
  put<uint32_t>(info.addr, h.count);
  put<uint32_t>(info.addr + 4, used);
  put<uint32_t>(info.addr + 8, free);
  return nt::kSuccess;
}

// ---- security descriptors ----

uint16_t control_of(uint64_t sd) { return get<uint16_t>(sd + 2); }
bool self_relative(uint64_t sd) { return control_of(sd) & kSelfRelative; }
// The absolute form's size (Revision … Control, then four pointers at the pointer's alignment).
uint32_t absolute_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 40 : 20; }

// The fields in order: 0 Owner, 1 Group, 2 Sacl, 3 Dacl.
uint64_t field(WindowsProcess& p, uint64_t sd, int i) {
  if (self_relative(sd)) {
    const uint32_t off = get<uint32_t>(sd + 4 + 4 * i);
    return off ? sd + off : 0;
  }
  return p.get_ptr(sd + p.isa->ptr * (1 + i));
}
void set_field(WindowsProcess& p, uint64_t sd, int i, uint64_t v) { p.put_ptr(sd + p.isa->ptr * (1 + i), v); }

uint32_t RtlCreateSecurityDescriptor(WindowsProcess& p, Ptr sd, uint32_t revision) {
  if (revision != 1) return kUnknownRevision;
  std::memset(bytes(sd.addr), 0, absolute_size(p));
  put<uint8_t>(sd.addr, 1);
  return nt::kSuccess;
}

uint32_t RtlValidSecurityDescriptor(WindowsProcess&, Ptr sd) {
  if (!sd) return kInvalidSecurityDescr;
  return get<uint8_t>(sd.addr) == 1 ? nt::kSuccess : kUnknownRevision;
}
uint8_t RtlValidRelativeSecurityDescriptor(WindowsProcess& p, Ptr sd, uint32_t length, uint32_t) {
  if (!sd || length < 20 || RtlValidSecurityDescriptor(p, sd) || !self_relative(sd.addr)) return 0;
  for (int i = 0; i < 4; ++i)
    if (get<uint32_t>(sd.addr + 4 + 4 * i) >= length) return 0;
  return 1;
}

// The header, and each SID and ACL the descriptor holds (an ACL only where present).
uint32_t sd_length(WindowsProcess& p, uint64_t sd) {
  const uint16_t control = control_of(sd);
  uint32_t size = self_relative(sd) ? 20 : absolute_size(p);
  if (const uint64_t owner = field(p, sd, 0)) size += sid_length(owner);
  if (const uint64_t group = field(p, sd, 1)) size += sid_length(group);
  if (const uint64_t sacl = field(p, sd, 2); sacl && (control & kSaclPresent)) size += get<uint16_t>(sacl + 2);
  if (const uint64_t dacl = field(p, sd, 3); dacl && (control & kDaclPresent)) size += get<uint16_t>(dacl + 2);
  return size;
}
uint32_t RtlLengthSecurityDescriptor(WindowsProcess& p, Ptr sd) { return sd ? sd_length(p, sd.addr) : 0; }

uint32_t RtlGetControlSecurityDescriptor(WindowsProcess&, Ptr sd, Ptr control, Ptr revision) {
  const uint8_t r = get<uint8_t>(sd.addr);
  put<uint32_t>(revision.addr, r);
  if (r != 1) return kUnknownRevision;
  put<uint16_t>(control.addr, control_of(sd.addr));
  return nt::kSuccess;
}

// Only the bits a caller may change (SE_DACL_AUTO_INHERIT_REQ and the rest of the high bits but
// SE_RM_CONTROL_VALID and SE_SELF_RELATIVE).
uint32_t RtlSetControlSecurityDescriptor(WindowsProcess&, Ptr sd, uint16_t interest, uint16_t set) {
  constexpr uint16_t kFixed = kOwnerDefaulted | kGroupDefaulted | kDaclPresent | kDaclDefaulted | kSaclPresent |
                              kSaclDefaulted | kRmControlValid | kSelfRelative;
  if ((interest | set) & kFixed) return nt::kInvalidParameter;
  uint16_t c = control_of(sd.addr);
  c = static_cast<uint16_t>((c | (interest & set)) & ~(interest & ~set));
  put<uint16_t>(sd.addr + 2, c);
  return nt::kSuccess;
}

uint32_t get_sid_field(WindowsProcess& p, Ptr sd, Ptr out, Ptr defaulted, int i, uint16_t flag) {
  if (!sd || !out || !defaulted) return nt::kInvalidParameter;
  put<uint8_t>(defaulted.addr, (control_of(sd.addr) & flag) != 0);
  p.put_ptr(out.addr, field(p, sd.addr, i));
  return nt::kSuccess;
}
uint32_t RtlGetOwnerSecurityDescriptor(WindowsProcess& p, Ptr sd, Ptr out, Ptr defaulted) {
  return get_sid_field(p, sd, out, defaulted, 0, kOwnerDefaulted);
}
uint32_t RtlGetGroupSecurityDescriptor(WindowsProcess& p, Ptr sd, Ptr out, Ptr defaulted) {
  return get_sid_field(p, sd, out, defaulted, 1, kGroupDefaulted);
}

// Setting: an absolute descriptor of revision 1 only.
uint32_t settable(Ptr sd) {
  if (get<uint8_t>(sd.addr) != 1) return kUnknownRevision;
  return self_relative(sd.addr) ? kInvalidSecurityDescr : nt::kSuccess;
}
void set_flag(Ptr sd, uint16_t flag, bool on) {
  const uint16_t c = control_of(sd.addr);
  put<uint16_t>(sd.addr + 2, static_cast<uint16_t>(on ? c | flag : c & ~flag));
}

uint32_t set_sid_field(WindowsProcess& p, Ptr sd, Ptr sid, uint8_t defaulted, int i, uint16_t flag) {
  if (const uint32_t s = settable(sd)) return s;
  set_field(p, sd.addr, i, sid.addr);
  set_flag(sd, flag, defaulted);
  return nt::kSuccess;
}
uint32_t RtlSetOwnerSecurityDescriptor(WindowsProcess& p, Ptr sd, Ptr sid, uint8_t defaulted) {
  return set_sid_field(p, sd, sid, defaulted, 0, kOwnerDefaulted);
}
uint32_t RtlSetGroupSecurityDescriptor(WindowsProcess& p, Ptr sd, Ptr sid, uint8_t defaulted) {
  return set_sid_field(p, sd, sid, defaulted, 1, kGroupDefaulted);
}

// The DACL (i 3) or SACL (i 2): present, the ACL (null where absent), defaulted.
uint32_t get_acl_field(WindowsProcess& p, Ptr sd, Ptr present, Ptr acl, Ptr defaulted, int i, uint16_t present_flag,
                       uint16_t default_flag) {
  if (get<uint8_t>(sd.addr) != 1) return kUnknownRevision;
  const uint16_t c = control_of(sd.addr);
  const bool is = c & present_flag;
  put<uint8_t>(present.addr, is);
  if (is) {
    p.put_ptr(acl.addr, field(p, sd.addr, i));
    put<uint8_t>(defaulted.addr, (c & default_flag) != 0);
  } else if (i == 3) {
    p.put_ptr(acl.addr, 0);
    put<uint8_t>(defaulted.addr, 0);
  }
  return nt::kSuccess;
}
uint32_t RtlGetDaclSecurityDescriptor(WindowsProcess& p, Ptr sd, Ptr present, Ptr acl, Ptr defaulted) {
  return get_acl_field(p, sd, present, acl, defaulted, 3, kDaclPresent, kDaclDefaulted);
}
uint32_t RtlGetSaclSecurityDescriptor(WindowsProcess& p, Ptr sd, Ptr present, Ptr acl, Ptr defaulted) {
  return get_acl_field(p, sd, present, acl, defaulted, 2, kSaclPresent, kSaclDefaulted);
}

uint32_t set_acl_field(WindowsProcess& p, Ptr sd, uint8_t present, Ptr acl, uint8_t defaulted, int i,
                       uint16_t present_flag, uint16_t default_flag) {
  if (const uint32_t s = settable(sd)) return s;
  if (!present) {
    set_flag(sd, present_flag, false);
    return nt::kSuccess;
  }
  set_flag(sd, present_flag, true);
  set_field(p, sd.addr, i, acl.addr);
  set_flag(sd, default_flag, defaulted);
  return nt::kSuccess;
}
uint32_t RtlSetDaclSecurityDescriptor(WindowsProcess& p, Ptr sd, uint8_t present, Ptr acl, uint8_t defaulted) {
  return set_acl_field(p, sd, present, acl, defaulted, 3, kDaclPresent, kDaclDefaulted);
}
uint32_t RtlSetSaclSecurityDescriptor(WindowsProcess& p, Ptr sd, uint8_t present, Ptr acl, uint8_t defaulted) {
  return set_acl_field(p, sd, present, acl, defaulted, 2, kSaclPresent, kSaclDefaulted);
}

// The self-relative form: the 20-byte header, then Owner, Group, Sacl and Dacl in that order. A
// buffer too small gets the size needed.
uint32_t RtlMakeSelfRelativeSD(WindowsProcess& p, Ptr sd, Ptr out, Ptr length) {
  if (!sd || !length) return nt::kInvalidParameter;
  uint32_t need = sd_length(p, sd.addr);
  const bool relative = self_relative(sd.addr);
  if (!relative) need -= absolute_size(p) - 20;
  if (get<uint32_t>(length.addr) < need) {
    put<uint32_t>(length.addr, need);
    return nt::kBufferTooSmall;
  }
  if (!out) return nt::kInvalidParameter;
  if (relative) {
    std::memmove(bytes(out.addr), bytes(sd.addr), need);
    return nt::kSuccess;
  }
  put<uint8_t>(out.addr, get<uint8_t>(sd.addr));
  put<uint8_t>(out.addr + 1, get<uint8_t>(sd.addr + 1));
  put<uint16_t>(out.addr + 2, static_cast<uint16_t>(control_of(sd.addr) | kSelfRelative));
  uint32_t at = 20;
  const uint16_t c = control_of(sd.addr);
  for (int i = 0; i < 4; ++i) {
    uint64_t f = field(p, sd.addr, i);
    if ((i == 2 && !(c & kSaclPresent)) || (i == 3 && !(c & kDaclPresent))) f = 0;  // (an ACL not present)
    put<uint32_t>(out.addr + 4 + 4 * i, f ? at : 0);
    if (!f) continue;
    const uint32_t n = i < 2 ? sid_length(f) : get<uint16_t>(f + 2);
    std::memmove(bytes(out.addr + at), bytes(f), n);
    at += n;
  }
  return nt::kSuccess;
}

uint32_t RtlAbsoluteToSelfRelativeSD(WindowsProcess& p, Ptr sd, Ptr out, Ptr length) {
  if (self_relative(sd.addr)) return kBadDescriptorFormat;
  return RtlMakeSelfRelativeSD(p, sd, out, length);
}

// The absolute form in the caller's buffers; every buffer too small gets its size needed.
uint32_t RtlSelfRelativeToAbsoluteSD(WindowsProcess& p, Ptr rel, Ptr abs, Ptr abs_size, Ptr dacl, Ptr dacl_size,
                                     Ptr sacl, Ptr sacl_size, Ptr owner, Ptr owner_size, Ptr group, Ptr group_size) {
  if (!rel || !abs_size || !dacl_size || !sacl_size || !owner_size || !group_size || !self_relative(rel.addr))
    return nt::kInvalidParameter;
  const uint16_t c = control_of(rel.addr);
  uint32_t status = nt::kSuccess;
  auto need = [&](Ptr size, uint32_t n) {
    if (get<uint32_t>(size.addr) < n) {
      put<uint32_t>(size.addr, n);
      status = nt::kBufferTooSmall;
    }
  };
  need(abs_size, absolute_size(p));
  const uint64_t f_owner = field(p, rel.addr, 0), f_group = field(p, rel.addr, 1), f_sacl = field(p, rel.addr, 2),
                 f_dacl = field(p, rel.addr, 3);
  if ((c & kDaclPresent) && f_dacl) need(dacl_size, get<uint16_t>(f_dacl + 2));
  if ((c & kSaclPresent) && f_sacl) need(sacl_size, get<uint16_t>(f_sacl + 2));
  if (f_owner) need(owner_size, sid_length(f_owner));
  if (f_group) need(group_size, sid_length(f_group));
  if (status) return status;
  std::memset(bytes(abs.addr), 0, absolute_size(p));
  put<uint8_t>(abs.addr, get<uint8_t>(rel.addr));
  put<uint16_t>(abs.addr + 2, static_cast<uint16_t>(c & ~kSelfRelative));
  auto copy = [&](uint64_t from, Ptr to, uint32_t n, int i) {
    std::memmove(bytes(to.addr), bytes(from), n);
    set_field(p, abs.addr, i, to.addr);
  };
  if ((c & kSaclPresent) && f_sacl) copy(f_sacl, sacl, get<uint16_t>(f_sacl + 2), 2);
  if ((c & kDaclPresent) && f_dacl) copy(f_dacl, dacl, get<uint16_t>(f_dacl + 2), 3);
  if (f_owner) copy(f_owner, owner, sid_length(f_owner), 0);
  if (f_group) copy(f_group, group, sid_length(f_group), 1);
  return nt::kSuccess;
}

// A copy: a self-relative descriptor whole into the destination; an absolute one's SIDs and ACLs
// into new blocks of the process heap.
uint32_t RtlCopySecurityDescriptor(WindowsProcess& p, Ptr src, Ptr dst) {
  if (get<uint8_t>(src.addr) != 1) return kUnknownRevision;
  if (self_relative(src.addr)) {
    std::memmove(bytes(dst.addr), bytes(src.addr), sd_length(p, src.addr));
    return nt::kSuccess;
  }
  std::memmove(bytes(dst.addr), bytes(src.addr), absolute_size(p));
  const uint16_t c = control_of(src.addr);
  for (int i = 0; i < 4; ++i) {
    const uint64_t f = field(p, src.addr, i);
    if (!f || (i == 2 && !(c & kSaclPresent)) || (i == 3 && !(c & kDaclPresent))) continue;
    const uint32_t n = i < 2 ? sid_length(f) : get<uint16_t>(f + 2);
    const uint64_t b = ntdll_text::heap_alloc(p, n);
    if (!b) return nt::kNoMemory;
    std::memmove(bytes(b), bytes(f), n);
    set_field(p, dst.addr, i, b);
  }
  return nt::kSuccess;
}

}  // namespace ntdll_rtl_security_impl

const std::vector<Export>& ntdll_security_exports() {
  using namespace ntdll_rtl_security_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlLengthRequiredSid", RtlLengthRequiredSid),
      EXPORT("RtlLengthSid", RtlLengthSid),
      EXPORT("RtlValidSid", RtlValidSid),
      EXPORT("RtlInitializeSid", RtlInitializeSid),
      EXPORT("RtlAllocateAndInitializeSid", RtlAllocateAndInitializeSid),
      EXPORT("RtlFreeSid", RtlFreeSid),
      EXPORT("RtlEqualSid", RtlEqualSid),
      EXPORT("RtlEqualPrefixSid", RtlEqualPrefixSid),
      EXPORT("RtlCopySid", RtlCopySid),
      EXPORT("RtlSubAuthoritySid", RtlSubAuthoritySid),
      EXPORT("RtlSubAuthorityCountSid", RtlSubAuthorityCountSid),
      EXPORT("RtlIdentifierAuthoritySid", RtlIdentifierAuthoritySid),
      EXPORT("RtlConvertSidToUnicodeString", RtlConvertSidToUnicodeString),
      EXPORT("RtlCreateAcl", RtlCreateAcl),
      EXPORT("RtlValidAcl", RtlValidAcl),
      EXPORT("RtlFirstFreeAce", RtlFirstFreeAce),
      EXPORT("RtlGetAce", RtlGetAce),
      EXPORT("RtlAddAce", RtlAddAce),
      EXPORT("RtlDeleteAce", RtlDeleteAce),
      EXPORT("RtlAddAccessAllowedAce", RtlAddAccessAllowedAce),
      EXPORT("RtlAddAccessAllowedObjectAce", RtlAddAccessAllowedObjectAce),
      EXPORT("RtlAddAccessDeniedObjectAce", RtlAddAccessDeniedObjectAce),
      EXPORT("RtlAddAuditAccessObjectAce", RtlAddAuditAccessObjectAce),
      EXPORT("RtlAddAccessAllowedAceEx", RtlAddAccessAllowedAceEx),
      EXPORT("RtlAddAccessDeniedAce", RtlAddAccessDeniedAce),
      EXPORT("RtlAddAccessDeniedAceEx", RtlAddAccessDeniedAceEx),
      EXPORT("RtlAddAuditAccessAce", RtlAddAuditAccessAce),
      EXPORT("RtlAddAuditAccessAceEx", RtlAddAuditAccessAceEx),
      EXPORT("RtlAddMandatoryAce", RtlAddMandatoryAce),
      EXPORT("RtlQueryInformationAcl", RtlQueryInformationAcl),
      EXPORT("RtlCreateSecurityDescriptor", RtlCreateSecurityDescriptor),
      EXPORT("RtlValidSecurityDescriptor", RtlValidSecurityDescriptor),
      EXPORT("RtlValidRelativeSecurityDescriptor", RtlValidRelativeSecurityDescriptor),
      EXPORT("RtlLengthSecurityDescriptor", RtlLengthSecurityDescriptor),
      EXPORT("RtlGetControlSecurityDescriptor", RtlGetControlSecurityDescriptor),
      EXPORT("RtlSetControlSecurityDescriptor", RtlSetControlSecurityDescriptor),
      EXPORT("RtlGetOwnerSecurityDescriptor", RtlGetOwnerSecurityDescriptor),
      EXPORT("RtlSetOwnerSecurityDescriptor", RtlSetOwnerSecurityDescriptor),
      EXPORT("RtlGetGroupSecurityDescriptor", RtlGetGroupSecurityDescriptor),
      EXPORT("RtlSetGroupSecurityDescriptor", RtlSetGroupSecurityDescriptor),
      EXPORT("RtlGetDaclSecurityDescriptor", RtlGetDaclSecurityDescriptor),
      EXPORT("RtlSetDaclSecurityDescriptor", RtlSetDaclSecurityDescriptor),
      EXPORT("RtlGetSaclSecurityDescriptor", RtlGetSaclSecurityDescriptor),
      EXPORT("RtlSetSaclSecurityDescriptor", RtlSetSaclSecurityDescriptor),
      EXPORT("RtlMakeSelfRelativeSD", RtlMakeSelfRelativeSD),
      EXPORT("RtlAbsoluteToSelfRelativeSD", RtlAbsoluteToSelfRelativeSD),
      EXPORT("RtlSelfRelativeToAbsoluteSD", RtlSelfRelativeToAbsoluteSD),
      EXPORT("RtlCopySecurityDescriptor", RtlCopySecurityDescriptor),
  };
  return exports;
}

}  // namespace polyrun::shims
