// ADVAPI32.dll, security descriptors and access control lists: building and reading them
// (InitializeSecurityDescriptor, Set/GetSecurityDescriptorDacl/Owner/Group, InitializeAcl,
// AddAccess*Ace, GetAce, SetEntriesInAcl) and the security of files (GetFileSecurity,
// SetFileSecurity, Get/SetNamedSecurityInfo, Get/SetSecurityInfo).
//
// A file's security is its Linux owner, group and mode bits, seen as Windows sees a file's: the
// owner and group as SIDs (advapi32/security.h: the user's own, or Samba's Unix User/Group SIDs
// for others), and a DACL of allow ACEs for the owner, the group and Everyone carrying the rights
// their permission bits give (read: FILE_GENERIC_READ, write: FILE_GENERIC_WRITE, execute:
// FILE_GENERIC_EXECUTE; the owner also has the rights an owner always has, to read and change the
// DACL and to delete, and all of them together are FILE_ALL_ACCESS), with deny ACEs first where the
// owner or the group has fewer bits than others. Setting a DACL sets the mode bits: each class
// (owner, group, others) gets read, write and execute as Windows' access check would grant them
// to the class's SIDs walking the ACEs in order (others are Everyone, Authenticated Users, Users,
// LOCAL and INTERACTIVE; the owner and the group are also their own SID, and the owner OWNER
// RIGHTS). What the mode cannot hold (other users' ACEs, inheritance) is not kept, so reading the
// DACL back gives the mode's form of it. The host refuses what Windows' checks refuse: changing
// another user's file is ERROR_ACCESS_DENIED, and a standard user may only make itself a file's
// owner (ERROR_INVALID_OWNER otherwise); the SACL needs SeSecurityPrivilege, which such a user
// lacks (ERROR_PRIVILEGE_NOT_HELD).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "common/log.h"
#include "shims/core/access_rights.h"
#include "shims/advapi32/acl.h"
#include "shims/advapi32/security.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace advapi32_acl {

constexpr uint32_t kErrorUnknownRevision = 1305, kErrorRevisionMismatch = 1306,
                   kErrorInvalidOwner = 1307, kErrorInvalidPrimaryGroup = 1308, kErrorPrivilegeNotHeld = 1314,
                   kErrorInvalidAcl = 1336, kErrorInvalidSecurityDescr = 1338, kErrorAllottedSpaceExceeded = 1344;

// SECURITY_DESCRIPTOR_CONTROL bits.
constexpr uint16_t SE_OWNER_DEFAULTED = 0x1, SE_GROUP_DEFAULTED = 0x2, SE_DACL_PRESENT = 0x4, SE_DACL_DEFAULTED = 0x8,
                   SE_SACL_PRESENT = 0x10, SE_SELF_RELATIVE = 0x8000;
// SECURITY_INFORMATION bits.
constexpr uint32_t OWNER_SECURITY_INFORMATION = 0x1, GROUP_SECURITY_INFORMATION = 0x2, DACL_SECURITY_INFORMATION = 0x4,
                   SACL_SECURITY_INFORMATION = 0x8, LABEL_SECURITY_INFORMATION = 0x10,
                   BACKUP_SECURITY_INFORMATION = 0x10000;
// ACE types and flags.
constexpr uint8_t ACCESS_ALLOWED_ACE_TYPE = 0, ACCESS_DENIED_ACE_TYPE = 1, SYSTEM_AUDIT_ACE_TYPE = 2,
                  ACCESS_ALLOWED_OBJECT_ACE_TYPE = 5, ACCESS_DENIED_OBJECT_ACE_TYPE = 6, SYSTEM_AUDIT_OBJECT_ACE_TYPE = 7;
constexpr uint8_t INHERIT_ONLY_ACE = 0x8, INHERITED_ACE = 0x10, SUCCESSFUL_ACCESS_ACE_FLAG = 0x40,
                  FAILED_ACCESS_ACE_FLAG = 0x80;
constexpr uint8_t ACL_REVISION = 2, ACL_REVISION_DS = 4;
// Access rights of files.
constexpr uint32_t FILE_READ_DATA = 0x1, FILE_WRITE_DATA = 0x2, FILE_APPEND_DATA = 0x4, FILE_EXECUTE = 0x20,
                   FILE_DELETE_CHILD = 0x40, FILE_GENERIC_READ = 0x120089, FILE_GENERIC_WRITE = 0x120116,
                   FILE_GENERIC_EXECUTE = 0x1200a0, FILE_ALL_ACCESS = 0x1f01ff;
// What an owner may always do: DELETE, READ_CONTROL, WRITE_DAC, WRITE_OWNER, SYNCHRONIZE and
// reading and writing the attributes.
constexpr uint32_t kOwnerRights = 0x1f0180;
// SE_OBJECT_TYPE: SE_FILE_OBJECT 1 (the others: services, printers, registry keys, shares,
// kernel objects, window objects, directory objects…).
constexpr uint32_t SE_FILE_OBJECT = 1, kLastObjectType = 13;

// ---- security descriptors ----
//
// SECURITY_DESCRIPTOR, absolute: Revision, Sbz1, Control, then Owner, Group, Sacl, Dacl pointers
// (40 bytes for 64-bit programs, 20 for 32-bit ones). Self-relative (SE_SELF_RELATIVE): the same
// header with DWORD offsets from its start (20 bytes).


uint32_t absolute_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 40 : 20; }

bool read_sd(WindowsProcess& p, uint64_t sd, SdParts& out) {
  if (!sd || get<uint8_t>(sd) != 1) return false;
  out.control = get<uint16_t>(sd + 2);
  if (out.control & SE_SELF_RELATIVE) {
    auto at = [&](uint32_t field) -> uint64_t {
      const uint32_t off = get<uint32_t>(sd + field);
      return off ? sd + off : 0;
    };
    out.owner = at(4), out.group = at(8), out.sacl = at(12), out.dacl = at(16);
  } else {
    const unsigned ps = p.isa->ptr;
    out.owner = p.get_ptr(sd + ps), out.group = p.get_ptr(sd + 2 * ps), out.sacl = p.get_ptr(sd + 3 * ps),
    out.dacl = p.get_ptr(sd + 4 * ps);
  }
  return true;
}


// ---- ACLs ----
//
// ACL: AclRevision, Sbz1, AclSize (the buffer's), AceCount, Sbz2; then the ACEs, each an ACE_HEADER
// (AceType, AceFlags, AceSize) and its body: an access mask and a SID, or for an object ACE a mask,
// flags, the GUIDs the flags say are present and the SID.


uint16_t ace_count(uint64_t acl) { return get<uint16_t>(acl + 4); }
uint16_t acl_size(uint64_t acl) { return get<uint16_t>(acl + 2); }

// Whether the ACL is well formed: a known revision, and ACEs that fit in it.
bool valid_acl(uint64_t acl) {
  if (!acl) return false;
  const uint8_t rev = get<uint8_t>(acl);
  if (rev < ACL_REVISION || rev > ACL_REVISION_DS || acl_size(acl) < 8) return false;
  uint32_t at = 8;
  for (uint16_t i = 0; i < ace_count(acl); ++i) {
    if (at + 4 > acl_size(acl)) return false;
    const uint16_t n = get<uint16_t>(acl + at + 2);
    if (n < 4 || (n & 3) || at + n > acl_size(acl)) return false;
    at += n;
  }
  return true;
}
// The bytes the ACL's header and ACEs take.
uint32_t acl_used(uint64_t acl) {
  uint32_t at = 8;
  for (uint16_t i = 0; i < ace_count(acl); ++i) at += get<uint16_t>(acl + at + 2);
  return at;
}
bool is_object_type(uint8_t type) { return type >= ACCESS_ALLOWED_OBJECT_ACE_TYPE && type <= 8; }
bool is_plain_type(uint8_t type) { return type <= 3 || type == 0x11; }  // allowed, denied, audit, alarm, label

Ace read_ace(uint64_t at) {
  Ace a;
  a.type = get<uint8_t>(at);
  a.flags = get<uint8_t>(at + 1);
  const uint16_t size = get<uint16_t>(at + 2);
  const uint8_t* b = static_cast<const uint8_t*>(guest_pointer(at));
  uint32_t sid_at = 0;
  if (is_plain_type(a.type) && size >= 16) {
    sid_at = 8;
  } else if (is_object_type(a.type) && size >= 20) {
    const uint32_t object_flags = get<uint32_t>(at + 8);
    const uint32_t guids = ((object_flags & 1) ? 16 : 0) + ((object_flags & 2) ? 16 : 0);
    a.object.assign(b + 8, b + 12 + guids);
    sid_at = 12 + guids;
  }
  if (sid_at && sid_at + 8 <= size && sid_at + 8 + 4u * b[sid_at + 1] <= size) {
    a.mask = get<uint32_t>(at + 4);
    a.sid.assign(b + sid_at, b + sid_at + 8 + 4 * b[sid_at + 1]);
  } else {
    a.raw.assign(b, b + size);
  }
  return a;
}
std::vector<Ace> read_acl(uint64_t acl) {
  std::vector<Ace> out;
  uint64_t at = acl + 8;
  for (uint16_t i = 0; i < ace_count(acl); ++i) {
    out.push_back(read_ace(at));
    at += get<uint16_t>(at + 2);
  }
  return out;
}
std::vector<uint8_t> ace_bytes(const Ace& a) {
  if (!a.raw.empty()) return a.raw;
  std::vector<uint8_t> b(4);
  b[0] = a.type;
  b[1] = a.flags;
  for (int k = 0; k < 4; ++k) b.push_back(static_cast<uint8_t>(a.mask >> (8 * k)));
  b.insert(b.end(), a.object.begin(), a.object.end());
  b.insert(b.end(), a.sid.begin(), a.sid.end());
  const uint16_t size = static_cast<uint16_t>(b.size());
  std::memcpy(b.data() + 2, &size, 2);
  return b;
}
std::vector<uint8_t> acl_bytes(const std::vector<Ace>& aces, uint8_t revision) {
  std::vector<uint8_t> b(8, 0);
  for (const Ace& a : aces) {
    const auto x = ace_bytes(a);
    b.insert(b.end(), x.begin(), x.end());
    if (!a.object.empty()) revision = ACL_REVISION_DS;
  }
  b[0] = revision;
  const uint16_t size = static_cast<uint16_t>(b.size()), count = static_cast<uint16_t>(aces.size());
  std::memcpy(b.data() + 2, &size, 2);
  std::memcpy(b.data() + 4, &count, 2);
  return b;
}

// A copy of ACL bytes in a block of the process heap (LocalFree frees it); 0 when out of memory.
uint64_t heap_copy(WindowsProcess& p, const std::vector<uint8_t>& b) {
  const uint64_t at = p.heap.alloc(b.size(), false);
  if (at) std::memcpy(guest_pointer(at), b.data(), b.size());
  return at;
}

std::vector<uint8_t> sid_part(uint64_t sid) { return sid ? sid_at(sid) : std::vector<uint8_t>{}; }
std::vector<uint8_t> acl_part(uint64_t acl) {
  if (!acl) return {};
  const auto* b = static_cast<const uint8_t*>(guest_pointer(acl));
  return std::vector<uint8_t>(b, b + acl_size(acl));
}

std::vector<uint8_t> self_relative_sd(uint16_t control, const std::vector<uint8_t>& owner, const std::vector<uint8_t>& group,
                                      const std::vector<uint8_t>* sacl, const std::vector<uint8_t>* dacl) {
  std::vector<uint8_t> b(20, 0);
  b[0] = 1;
  control = static_cast<uint16_t>((control & ~(SE_DACL_PRESENT | SE_SACL_PRESENT)) | SE_SELF_RELATIVE);
  auto append = [&](const std::vector<uint8_t>& part, size_t field) {
    if (part.empty()) return;
    const uint32_t off = static_cast<uint32_t>(b.size());
    b.insert(b.end(), part.begin(), part.end());
    while (b.size() % 4) b.push_back(0);
    std::memcpy(b.data() + field, &off, 4);
  };
  append(owner, 4);
  append(group, 8);
  if (sacl) {
    control |= SE_SACL_PRESENT;
    append(*sacl, 12);
  }
  if (dacl) {
    control |= SE_DACL_PRESENT;
    append(*dacl, 16);
  }
  std::memcpy(b.data() + 2, &control, 2);
  return b;
}

// ---- SetEntriesInAcl ----
//
// EXPLICIT_ACCESS: grfAccessPermissions, grfAccessMode, grfInheritance, then a TRUSTEE
// (pMultipleTrustee, MultipleTrusteeOperation, TrusteeForm, TrusteeType, ptstrName) at the
// pointer's alignment. The entries act on the old ACL's explicit ACEs, in order:
//   GRANT_ACCESS  the rights join the trustee's allowed ones (an ACE with the same inheritance, or
//                 a new one);
//   SET_ACCESS    the trustee's allowed and denied ACEs go; an ACE allows the rights;
//   DENY_ACCESS   the rights join the trustee's denied ones;
//   REVOKE_ACCESS the trustee's allowed and audit ACEs go;
//   SET_AUDIT_SUCCESS/FAILURE  an audit ACE (for a SACL).
// The new ACL has the explicit denied ACEs first, then the other explicit ones, then the inherited
// ones, Windows' canonical order. No entries and no old ACL: no ACL (NULL) at all.

constexpr uint32_t GRANT_ACCESS = 1, SET_ACCESS = 2, DENY_ACCESS = 3, REVOKE_ACCESS = 4, SET_AUDIT_SUCCESS = 5,
                   SET_AUDIT_FAILURE = 6;
constexpr uint32_t TRUSTEE_IS_SID = 0, TRUSTEE_IS_NAME = 1, TRUSTEE_IS_OBJECTS_AND_SID = 3, TRUSTEE_IS_OBJECTS_AND_NAME = 4;

// The SID (and for an object trustee, its object ACE part) a TRUSTEE names; 0 or a Win32 error.
uint32_t trustee_sid(WindowsProcess& p, uint64_t trustee, bool wide, std::vector<uint8_t>& sid, std::vector<uint8_t>& object) {
  const unsigned ps = p.isa->ptr;
  if (get<uint32_t>(trustee + ps) != 0) return ERROR_INVALID_PARAMETER;  // a multiple trustee: not supported by Windows either
  const uint32_t form = get<uint32_t>(trustee + ps + 4);
  const uint64_t name = p.get_ptr(trustee + ps + 12 + (ps == 8 ? 4 : 0));
  auto by_name = [&](uint64_t text) -> uint32_t {
    if (!text) return ERROR_INVALID_PARAMETER;
    const std::string n = wide ? utf16_to_utf8(reinterpret_cast<const char16_t*>(text)) : ansi_to_utf8(reinterpret_cast<const char*>(text));
    std::string s;
    if (n == "CURRENT_USER") s = account_sid();
    else if (!sid_of_account_name(n, s)) return ERROR_NONE_MAPPED;
    sid = sid_bytes(s);
    return 0;
  };
  auto by_sid = [&](uint64_t at) -> uint32_t {
    if (!valid_sid(at)) return ERROR_INVALID_PARAMETER;
    sid = sid_at(at);
    return 0;
  };
  switch (form) {
    case TRUSTEE_IS_SID: return by_sid(name);
    case TRUSTEE_IS_NAME: return by_name(name);
    case TRUSTEE_IS_OBJECTS_AND_SID: {
      // OBJECTS_AND_SID: ObjectsPresent, ObjectTypeGuid, InheritedObjectTypeGuid, pSid.
      if (!name) return ERROR_INVALID_PARAMETER;
      const uint32_t present = get<uint32_t>(name) & 3;
      if (present) {
        const uint8_t* b = static_cast<const uint8_t*>(guest_pointer(name));
        object.assign(b, b + 4);
        if (present & 1) object.insert(object.end(), b + 4, b + 20);
        if (present & 2) object.insert(object.end(), b + 20, b + 36);
      }
      return by_sid(p.get_ptr(name + (ps == 8 ? 40 : 36)));
    }
    case TRUSTEE_IS_OBJECTS_AND_NAME: {
      // OBJECTS_AND_NAME: ObjectsPresent, ObjectType, ObjectTypeName, InheritedObjectTypeName,
      // ptstrName. Object types by name are a directory's schema's: none here.
      if (!name || (get<uint32_t>(name) & 3)) return ERROR_INVALID_PARAMETER;
      return by_name(p.get_ptr(name + 8 + 2 * ps));
    }
    default: return ERROR_INVALID_PARAMETER;
  }
}

uint32_t set_entries_in_acl(WindowsProcess& p, uint32_t count, Ptr entries, Ptr old, Ptr out, bool wide) {
  if (!out) return ERROR_INVALID_PARAMETER;
  p.put_ptr(out.addr, 0);
  if (count == 0 && !old) return 0;
  if (old && !valid_acl(old.addr)) return kErrorInvalidAcl;
  if (count && !entries) return ERROR_INVALID_PARAMETER;
  std::vector<Ace> aces = old ? read_acl(old.addr) : std::vector<Ace>{};
  const unsigned ps = p.isa->ptr;
  const uint32_t entry_size = ps == 8 ? 48 : 32, trustee_at = ps == 8 ? 16 : 12;
  const auto explicit_for = [](const Ace& a, const std::vector<uint8_t>& sid) {
    return !(a.flags & INHERITED_ACE) && a.raw.empty() && a.sid == sid;
  };
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t e = entries.addr + i * entry_size;
    const uint32_t rights = get<uint32_t>(e), mode = get<uint32_t>(e + 4);
    const uint8_t inherit = static_cast<uint8_t>(get<uint32_t>(e + 8) & 0x1f);
    std::vector<uint8_t> sid, object;
    if (const uint32_t err = trustee_sid(p, e + trustee_at, wide, sid, object)) return err;
    const uint8_t object_shift = object.empty() ? 0 : ACCESS_ALLOWED_OBJECT_ACE_TYPE;
    auto merge = [&](uint8_t type, uint8_t flags) {
      for (Ace& a : aces)
        if (explicit_for(a, sid) && a.type == type && a.flags == flags && a.object == object) {
          a.mask |= rights;
          return;
        }
      Ace a;
      a.type = type;
      a.flags = flags;
      a.mask = rights;
      a.sid = sid;
      a.object = object;
      aces.push_back(a);
    };
    auto remove = [&](bool allowed, bool denied, bool audit) {
      aces.erase(std::remove_if(aces.begin(), aces.end(),
                                [&](const Ace& a) {
                                  if (!explicit_for(a, sid)) return false;
                                  const uint8_t base = is_object_type(a.type) ? a.type - ACCESS_ALLOWED_OBJECT_ACE_TYPE : a.type;
                                  return (allowed && base == ACCESS_ALLOWED_ACE_TYPE) || (denied && base == ACCESS_DENIED_ACE_TYPE) ||
                                         (audit && base == SYSTEM_AUDIT_ACE_TYPE);
                                }),
                 aces.end());
    };
    switch (mode) {
      case GRANT_ACCESS: merge(ACCESS_ALLOWED_ACE_TYPE + object_shift, inherit); break;
      case SET_ACCESS:
        remove(true, true, false);
        merge(ACCESS_ALLOWED_ACE_TYPE + object_shift, inherit);
        break;
      case DENY_ACCESS: merge(ACCESS_DENIED_ACE_TYPE + object_shift, inherit); break;
      case REVOKE_ACCESS: remove(true, false, true); break;
      case SET_AUDIT_SUCCESS: merge(SYSTEM_AUDIT_ACE_TYPE + object_shift, inherit | SUCCESSFUL_ACCESS_ACE_FLAG); break;
      case SET_AUDIT_FAILURE: merge(SYSTEM_AUDIT_ACE_TYPE + object_shift, inherit | FAILED_ACCESS_ACE_FLAG); break;
      default: return ERROR_INVALID_PARAMETER;
    }
  }
  // Windows' canonical order: explicit denied, explicit others, inherited.
  std::vector<Ace> ordered;
  auto denied = [](const Ace& a) { return a.type == ACCESS_DENIED_ACE_TYPE || a.type == ACCESS_DENIED_OBJECT_ACE_TYPE; };
  for (const Ace& a : aces)
    if (!(a.flags & INHERITED_ACE) && denied(a)) ordered.push_back(a);
  for (const Ace& a : aces)
    if (!(a.flags & INHERITED_ACE) && !denied(a)) ordered.push_back(a);
  for (const Ace& a : aces)
    if (a.flags & INHERITED_ACE) ordered.push_back(a);
  const uint8_t revision = old ? std::max<uint8_t>(get<uint8_t>(old.addr), ACL_REVISION) : ACL_REVISION;
  const uint64_t acl = heap_copy(p, acl_bytes(ordered, revision));
  if (!acl) return ERROR_NOT_ENOUGH_MEMORY;
  p.put_ptr(out.addr, acl);
  return 0;
}
uint32_t SetEntriesInAclA(WindowsProcess& p, uint32_t count, Ptr entries, Ptr old, Ptr out) {
  return set_entries_in_acl(p, count, entries, old, out, false);
}
uint32_t SetEntriesInAclW(WindowsProcess& p, uint32_t count, Ptr entries, Ptr old, Ptr out) {
  return set_entries_in_acl(p, count, entries, old, out, true);
}

// ---- the security of files ----

struct FileFacts {
  uint32_t uid = 0, gid = 0, mode = 0;
};
bool facts_of(const struct stat& st, FileFacts& f) {
  f.uid = st.st_uid;
  f.gid = st.st_gid;
  f.mode = st.st_mode & 07777;
  return true;
}

// The rights a class's permission bits (r 4, w 2, x 1) give.
uint32_t rights_of(unsigned bits) {
  uint32_t m = 0;
  if (bits & 4) m |= FILE_GENERIC_READ;
  if (bits & 2) m |= FILE_GENERIC_WRITE;
  if (bits & 1) m |= FILE_GENERIC_EXECUTE;
  if ((bits & 3) == 3) m |= FILE_DELETE_CHILD;  // (a directory's entries may be removed)
  return m;
}
// The data rights alone, for a deny ACE (which must not take away reading the security).
uint32_t data_rights_of(unsigned bits) {
  return ((bits & 4) ? FILE_READ_DATA : 0) | ((bits & 2) ? FILE_WRITE_DATA | FILE_APPEND_DATA : 0) | ((bits & 1) ? FILE_EXECUTE : 0);
}

Ace make_ace(uint8_t type, uint32_t mask, const std::string& sid) {
  Ace a;
  a.type = type;
  a.mask = mask;
  a.sid = sid_bytes(sid);
  return a;
}

std::vector<Ace> mode_dacl(const FileFacts& f) {
  const unsigned u = (f.mode >> 6) & 7, g = (f.mode >> 3) & 7, o = f.mode & 7;
  const std::string owner = sid_of_uid(f.uid), group = sid_of_gid(f.gid);
  std::vector<Ace> aces;
  // The owner's and the group's classes take Everyone's ACE as well: where they have fewer bits
  // than others, a deny ACE comes first.
  if (o & ~u) aces.push_back(make_ace(ACCESS_DENIED_ACE_TYPE, data_rights_of(o & ~u), owner));
  if (o & ~g) aces.push_back(make_ace(ACCESS_DENIED_ACE_TYPE, data_rights_of(o & ~g), group));
  aces.push_back(make_ace(ACCESS_ALLOWED_ACE_TYPE, u == 7 ? FILE_ALL_ACCESS : kOwnerRights | rights_of(u), owner));
  if (g) aces.push_back(make_ace(ACCESS_ALLOWED_ACE_TYPE, rights_of(g), group));
  if (o) aces.push_back(make_ace(ACCESS_ALLOWED_ACE_TYPE, rights_of(o), "S-1-1-0"));
  return aces;
}

// A self-relative descriptor of the parts `info` asks for.
std::vector<uint8_t> file_descriptor(const FileFacts& f, uint32_t info) {
  std::vector<uint8_t> b(20, 0);
  b[0] = 1;
  uint16_t control = SE_SELF_RELATIVE;
  auto append = [&](const std::vector<uint8_t>& part, size_t field) {
    const uint32_t off = static_cast<uint32_t>(b.size());
    b.insert(b.end(), part.begin(), part.end());
    while (b.size() % 4) b.push_back(0);
    std::memcpy(b.data() + field, &off, 4);
  };
  if (info & OWNER_SECURITY_INFORMATION) append(sid_bytes(sid_of_uid(f.uid)), 4);
  if (info & GROUP_SECURITY_INFORMATION) append(sid_bytes(sid_of_gid(f.gid)), 8);
  if (info & DACL_SECURITY_INFORMATION) {
    control |= SE_DACL_PRESENT;
    append(acl_bytes(mode_dacl(f), ACL_REVISION), 16);
  }
  std::memcpy(b.data() + 2, &control, 2);
  return b;
}

// The access a class (its SIDs) has by the ACL, as rwx bits: each right decided by the first ACE
// of those SIDs that allows or denies it.
uint32_t generic_mapped(uint32_t m) {
  if (m & GENERIC_READ) m |= FILE_GENERIC_READ;
  if (m & GENERIC_WRITE) m |= FILE_GENERIC_WRITE;
  if (m & GENERIC_EXECUTE) m |= FILE_GENERIC_EXECUTE;
  if (m & GENERIC_ALL) m |= FILE_ALL_ACCESS;
  return m;
}
unsigned class_bits(const std::vector<Ace>& aces, const std::vector<std::vector<uint8_t>>& sids) {
  unsigned granted = 0, decided = 0;
  const struct {
    uint32_t right;
    unsigned bit;
  } kBits[] = {{FILE_READ_DATA, 4}, {FILE_WRITE_DATA, 2}, {FILE_EXECUTE, 1}};
  for (const Ace& a : aces) {
    if (!a.raw.empty() || (a.flags & INHERIT_ONLY_ACE) || !a.object.empty()) continue;
    if (a.type != ACCESS_ALLOWED_ACE_TYPE && a.type != ACCESS_DENIED_ACE_TYPE) continue;
    if (std::find(sids.begin(), sids.end(), a.sid) == sids.end()) continue;
    const uint32_t m = generic_mapped(a.mask);
    for (const auto& k : kBits) {
      if (!(m & k.right) || (decided & k.bit)) continue;
      decided |= k.bit;
      if (a.type == ACCESS_ALLOWED_ACE_TYPE) granted |= k.bit;
    }
  }
  return granted;
}

// The mode a DACL gives a file (0: a NULL DACL, which grants everyone everything).
uint32_t mode_of_dacl(uint64_t dacl, const FileFacts& f) {
  if (!dacl) return 0777;
  const std::vector<Ace> aces = read_acl(dacl);
  std::vector<std::vector<uint8_t>> others;
  for (const char* s : {"S-1-1-0", "S-1-5-11", "S-1-5-32-545", "S-1-2-0", "S-1-5-4"}) others.push_back(sid_bytes(s));
  auto owner = others, group = others;
  owner.push_back(sid_bytes(sid_of_uid(f.uid)));
  owner.push_back(sid_bytes("S-1-3-4"));  // OWNER RIGHTS
  group.push_back(sid_bytes(sid_of_gid(f.gid)));
  return class_bits(aces, owner) << 6 | class_bits(aces, group) << 3 | class_bits(aces, others);
}

// A file's security as Windows' path or handle calls ask for it: by path, or (path empty) by
// descriptor.
struct FileRef {
  std::string path;
  int fd = -1;
  bool stat(FileFacts& f) const {
    struct ::stat st;
    if ((fd >= 0 ? ::fstat(fd, &st) : ::stat(path.c_str(), &st)) != 0) return false;
    return facts_of(st, f);
  }
};

// Applies the parts `info` names: the owner and group as Linux owner and group, the DACL (present:
// `dacl`, 0 a NULL one) as the mode. 0 or a Win32 error.
uint32_t apply_security(const FileRef& file, uint32_t info, uint64_t owner, uint64_t group, uint64_t dacl) {
  if (info & (SACL_SECURITY_INFORMATION | BACKUP_SECURITY_INFORMATION)) return kErrorPrivilegeNotHeld;
  FileFacts f;
  if (!file.stat(f)) return win_error_from_errno(errno);
  uint32_t uid = f.uid, gid = f.gid;
  if (info & OWNER_SECURITY_INFORMATION) {
    if (!valid_sid(owner)) return kErrorInvalidOwner;
    const std::string want = sid_text(owner);
    // A standard user's token may own things only as itself.
    if (want != sid_of_uid(f.uid)) {
      if (want != account_sid()) return kErrorInvalidOwner;
      uid = ::geteuid();
    }
  }
  if (info & GROUP_SECURITY_INFORMATION) {
    if (!valid_sid(group)) return kErrorInvalidPrimaryGroup;
    if (!gid_of_sid(sid_text(group), gid)) return kErrorInvalidPrimaryGroup;
  }
  if ((info & DACL_SECURITY_INFORMATION) && dacl && !valid_acl(dacl)) return kErrorInvalidAcl;
  if (uid != f.uid || gid != f.gid) {
    const int r = file.fd >= 0 ? ::fchown(file.fd, uid, gid) : ::chown(file.path.c_str(), uid, gid);
    if (r != 0) return errno == EPERM ? ERROR_ACCESS_DENIED : win_error_from_errno(errno);
    f.uid = uid;
    f.gid = gid;
  }
  if (info & DACL_SECURITY_INFORMATION) {
    const uint32_t mode = (f.mode & 07000) | mode_of_dacl(dacl, f);
    if (mode != f.mode) {
      const int r = file.fd >= 0 ? ::fchmod(file.fd, mode) : ::chmod(file.path.c_str(), mode);
      if (r != 0) return win_error_from_errno(errno);
    }
  }
  return 0;
}

// The descriptor of a file in a block of the process heap (LocalFree frees it), with pointers to
// its parts; 0 or a Win32 error.
uint32_t get_security(WindowsProcess& p, const FileRef& file, uint32_t info, Ptr owner, Ptr group, Ptr dacl, Ptr sacl, Ptr sd) {
  if (info & (SACL_SECURITY_INFORMATION | BACKUP_SECURITY_INFORMATION)) return kErrorPrivilegeNotHeld;
  FileFacts f;
  if (!file.stat(f)) return win_error_from_errno(errno);
  const std::vector<uint8_t> b = file_descriptor(f, info);
  const uint64_t at = heap_copy(p, b);
  if (!at) return ERROR_NOT_ENOUGH_MEMORY;
  auto part = [&](size_t field) -> uint64_t {
    uint32_t off;
    std::memcpy(&off, b.data() + field, 4);
    return off ? at + off : 0;
  };
  if (owner) p.put_ptr(owner.addr, part(4));
  if (group) p.put_ptr(group.addr, part(8));
  if (dacl) p.put_ptr(dacl.addr, part(16));
  if (sacl) p.put_ptr(sacl.addr, 0);
  p.put_ptr(sd.addr, at);
  return 0;
}

// A Windows path's file.
FileRef file_at(const std::string& windows_path) { return FileRef{windows_to_host_path(windows_path), -1}; }

// GetFileSecurity: the self-relative descriptor into the caller's buffer (its size needed stored).
BOOL get_file_security(WindowsProcess& p, const std::string& name, uint32_t info, Ptr sd, uint32_t length, Ptr needed) {
  if (info & (SACL_SECURITY_INFORMATION | BACKUP_SECURITY_INFORMATION)) return fail(p, kErrorPrivilegeNotHeld);
  FileFacts f;
  if (!file_at(name).stat(f)) return fail_errno(p);
  const std::vector<uint8_t> b = file_descriptor(f, info);
  put<uint32_t>(needed.addr, static_cast<uint32_t>(b.size()));
  if (!sd || length < b.size()) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(sd.as<void>(), b.data(), b.size());
  return TRUE;
}
BOOL GetFileSecurityW(WindowsProcess& p, WStr name, uint32_t info, Ptr sd, uint32_t length, Ptr needed) {
  return get_file_security(p, utf16_to_utf8(name.str()), info, sd, length, needed);
}
BOOL GetFileSecurityA(WindowsProcess& p, AStr name, uint32_t info, Ptr sd, uint32_t length, Ptr needed) {
  return get_file_security(p, name.str(), info, sd, length, needed);
}

// The parts of a descriptor a Set call applies: an owner or group asked for and absent is
// ERROR_INVALID_OWNER / ERROR_INVALID_PRIMARY_GROUP; a DACL absent is a NULL one.
uint32_t apply_descriptor(WindowsProcess& p, const FileRef& file, uint32_t info, uint64_t sd) {
  SdParts s;
  if (!read_sd(p, sd, s)) return kErrorInvalidSecurityDescr;
  const uint64_t dacl = (s.control & SE_DACL_PRESENT) ? s.dacl : 0;
  if (info & LABEL_SECURITY_INFORMATION) {
    // An integrity label lives in the SACL; the host has no place for one.
    if ((s.control & SE_SACL_PRESENT) && s.sacl && valid_acl(s.sacl) && ace_count(s.sacl)) return ERROR_NOT_SUPPORTED;
    info &= ~LABEL_SECURITY_INFORMATION;
  }
  return apply_security(file, info, s.owner, s.group, dacl);
}
BOOL set_file_security(WindowsProcess& p, const std::string& name, uint32_t info, Ptr sd) {
  if (const uint32_t err = apply_descriptor(p, file_at(name), info, sd.addr)) return fail(p, err);
  return TRUE;
}
BOOL SetFileSecurityW(WindowsProcess& p, WStr name, uint32_t info, Ptr sd) {
  return set_file_security(p, utf16_to_utf8(name.str()), info, sd);
}
BOOL SetFileSecurityA(WindowsProcess& p, AStr name, uint32_t info, Ptr sd) { return set_file_security(p, name.str(), info, sd); }

// The kinds of object Get/SetNamedSecurityInfo and Get/SetSecurityInfo serve: files. The others
// (registry keys, services, kernel objects…) have no security here: ERROR_NOT_SUPPORTED.
uint32_t check_object_type(uint32_t type) {
  if (type == 0 || type > kLastObjectType) return ERROR_INVALID_PARAMETER;
  if (type != SE_FILE_OBJECT) {
    log().debug("the security of objects of type {} is not kept", type);
    return ERROR_NOT_SUPPORTED;
  }
  return 0;
}

uint32_t get_named_security_info(WindowsProcess& p, const std::string* name, uint32_t type, uint32_t info, Ptr owner,
                                 Ptr group, Ptr dacl, Ptr sacl, Ptr sd) {
  if (!name || !sd) return ERROR_INVALID_PARAMETER;
  if (const uint32_t err = check_object_type(type)) return err;
  return get_security(p, file_at(*name), info, owner, group, dacl, sacl, sd);
}
uint32_t GetNamedSecurityInfoW(WindowsProcess& p, WStr name, uint32_t type, uint32_t info, Ptr owner, Ptr group, Ptr dacl,
                               Ptr sacl, Ptr sd) {
  const std::string n = utf16_to_utf8(name.str());
  return get_named_security_info(p, name.addr ? &n : nullptr, type, info, owner, group, dacl, sacl, sd);
}
uint32_t GetNamedSecurityInfoA(WindowsProcess& p, AStr name, uint32_t type, uint32_t info, Ptr owner, Ptr group, Ptr dacl,
                               Ptr sacl, Ptr sd) {
  const std::string n = name.str();
  return get_named_security_info(p, name.addr ? &n : nullptr, type, info, owner, group, dacl, sacl, sd);
}

uint32_t set_named_security_info(const std::string* name, uint32_t type, uint32_t info, Ptr owner, Ptr group, Ptr dacl) {
  if (!name) return ERROR_INVALID_PARAMETER;
  if (const uint32_t err = check_object_type(type)) return err;
  return apply_security(file_at(*name), info & ~(LABEL_SECURITY_INFORMATION), owner.addr, group.addr, dacl.addr);
}
uint32_t SetNamedSecurityInfoW(WindowsProcess&, WStr name, uint32_t type, uint32_t info, Ptr owner, Ptr group, Ptr dacl, Ptr) {
  const std::string n = utf16_to_utf8(name.str());
  return set_named_security_info(name.addr ? &n : nullptr, type, info, owner, group, dacl);
}
uint32_t SetNamedSecurityInfoA(WindowsProcess&, AStr name, uint32_t type, uint32_t info, Ptr owner, Ptr group, Ptr dacl, Ptr) {
  const std::string n = name.str();
  return set_named_security_info(name.addr ? &n : nullptr, type, info, owner, group, dacl);
}

// The file a handle is (its descriptor), or a Win32 error.
uint32_t file_of_handle(WindowsProcess& p, uint64_t handle, FileRef& out) {
  const int fd = p.fd_for_handle(handle);
  if (fd < 0) return handle && (p.waitables.count(handle) || p.tokens.count(handle)) ? ERROR_NOT_SUPPORTED : ERROR_INVALID_HANDLE;
  out.fd = fd;
  return 0;
}

uint32_t GetSecurityInfo(WindowsProcess& p, Ptr handle, uint32_t type, uint32_t info, Ptr owner, Ptr group, Ptr dacl,
                         Ptr sacl, Ptr sd) {
  FileRef file;
  if (const uint32_t err = file_of_handle(p, handle.addr, file)) return err;
  if (const uint32_t err = check_object_type(type)) return err;
  if (!sd) return ERROR_INVALID_PARAMETER;  // (the parts point into it)
  return get_security(p, file, info, owner, group, dacl, sacl, sd);
}

// SetSecurityInfo: a NULL DACL with DACL_SECURITY_INFORMATION grants everyone full access.
uint32_t SetSecurityInfo(WindowsProcess& p, Ptr handle, uint32_t type, uint32_t info, Ptr owner, Ptr group, Ptr dacl, Ptr) {
  FileRef file;
  if (const uint32_t err = file_of_handle(p, handle.addr, file)) return err;
  if (const uint32_t err = check_object_type(type)) return err;
  return apply_security(file, info & ~(LABEL_SECURITY_INFORMATION), owner.addr, group.addr, dacl.addr);
}

// The security of the file a handle is: its self-relative descriptor's parts `info` names, or
// (set) those parts applied; kNotAFile for a handle that is no file's.
uint32_t file_handle_descriptor(WindowsProcess& p, uint64_t handle, uint32_t info, std::vector<uint8_t>& out) {
  const int fd = p.fd_for_handle(handle);
  if (fd < 0) return kNotAFile;
  // (The handle would need ACCESS_SYSTEM_SECURITY, which needs SeSecurityPrivilege to be opened.)
  if (info & (SACL_SECURITY_INFORMATION | BACKUP_SECURITY_INFORMATION)) return ERROR_ACCESS_DENIED;
  FileFacts f;
  if (!FileRef{"", fd}.stat(f)) return win_error_from_errno(errno);
  out = file_descriptor(f, info);
  return 0;
}
uint32_t set_file_handle_security(WindowsProcess& p, uint64_t handle, uint32_t info, uint64_t sd) {
  const int fd = p.fd_for_handle(handle);
  if (fd < 0) return kNotAFile;
  return apply_descriptor(p, FileRef{"", fd}, info, sd);
}

}  // namespace advapi32_acl

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_acl_exports() {
  using namespace advapi32_acl;
  static const std::vector<Export> exports = {
      EXPORT("SetEntriesInAclA", SetEntriesInAclA),
      EXPORT("SetEntriesInAclW", SetEntriesInAclW),
      EXPORT("GetFileSecurityW", GetFileSecurityW),
      EXPORT("GetFileSecurityA", GetFileSecurityA),
      EXPORT("SetFileSecurityW", SetFileSecurityW),
      EXPORT("SetFileSecurityA", SetFileSecurityA),
      EXPORT("GetNamedSecurityInfoW", GetNamedSecurityInfoW),
      EXPORT("GetNamedSecurityInfoA", GetNamedSecurityInfoA),
      EXPORT("SetNamedSecurityInfoW", SetNamedSecurityInfoW),
      EXPORT("SetNamedSecurityInfoA", SetNamedSecurityInfoA),
      EXPORT("GetSecurityInfo", GetSecurityInfo),
      EXPORT("SetSecurityInfo", SetSecurityInfo),
  };
  return exports;
}

}  // namespace polyrun::shims
