// ADVAPI32.dll, the security of objects a program keeps itself (CreatePrivateObjectSecurity and
// its Ex and multiple-inheritance forms, Get/SetPrivateObjectSecurity(Ex),
// ConvertToAutoInheritPrivateObjectSecurity, DestroyPrivateObjectSecurity) and of kernel objects
// (Get/SetKernelObjectSecurity). A new object's descriptor follows Microsoft's rules for
// CreatePrivateObjectSecurityEx: its owner and group are the creator descriptor's, else the
// parent's (SEF_DEFAULT_OWNER/GROUP_FROM_PARENT), else the token's; its DACL the creator's explicit
// one, else the ACEs it inherits from the parent's (an object takes the OBJECT_INHERIT ones, a
// container the CONTAINER_INHERIT ones and, inherit-only, the OBJECT_INHERIT ones;
// NO_PROPAGATE_INHERIT stops at the child; CREATOR OWNER and CREATOR GROUP become the owner and
// group), else the creator's defaulted one, else the token's default DACL; generic rights in the
// ACEs that apply mapped by the object's GENERIC_MAPPING. A creator's SACL needs
// SeSecurityPrivilege. The descriptors are self-relative blocks of the process heap. A kernel
// object's descriptor is a file's security for a file (advapi32/acl.cpp), else what its creation
// gave it: the token's user and group and its default DACL, as set since.
#include <strings.h>

#include <algorithm>
#include <cstring>
#include <map>
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

namespace advapi32_private_security {

using advapi32_acl::Ace;
using advapi32_tokens::Token;
using Bytes = std::vector<uint8_t>;

constexpr uint32_t kErrorNoToken = 1008, kErrorInvalidOwner = 1307, kErrorPrivilegeNotHeld = 1314, kErrorInvalidSecurityDescr = 1338,
                   kErrorNoSecurityOnObject = 1350;
constexpr uint32_t OWNER_SECURITY_INFORMATION = 0x1, GROUP_SECURITY_INFORMATION = 0x2, DACL_SECURITY_INFORMATION = 0x4,
                   SACL_SECURITY_INFORMATION = 0x8;
constexpr uint32_t SEF_DACL_AUTO_INHERIT = 0x1, SEF_SACL_AUTO_INHERIT = 0x2, SEF_DEFAULT_DESCRIPTOR_FOR_OBJECT = 0x4,
                   SEF_AVOID_PRIVILEGE_CHECK = 0x8, SEF_AVOID_OWNER_CHECK = 0x10, SEF_DEFAULT_OWNER_FROM_PARENT = 0x20,
                   SEF_DEFAULT_GROUP_FROM_PARENT = 0x40;
constexpr uint16_t SE_DACL_PRESENT = 0x4, SE_DACL_DEFAULTED = 0x8, SE_SACL_PRESENT = 0x10, SE_SACL_DEFAULTED = 0x20,
                   SE_DACL_AUTO_INHERITED = 0x400, SE_SACL_AUTO_INHERITED = 0x800, SE_DACL_PROTECTED = 0x1000,
                   SE_SACL_PROTECTED = 0x2000;
constexpr uint8_t OBJECT_INHERIT_ACE = 0x1, CONTAINER_INHERIT_ACE = 0x2, NO_PROPAGATE_INHERIT_ACE = 0x4,
                  INHERIT_ONLY_ACE = 0x8, INHERITED_ACE = 0x10;

struct Mapping {
  uint32_t read = 0, write = 0, execute = 0, all = 0;
};
Mapping mapping_at(uint64_t m) {
  if (!m) return {};
  return {get<uint32_t>(m), get<uint32_t>(m + 4), get<uint32_t>(m + 8), get<uint32_t>(m + 12)};
}
uint32_t map_generic(uint32_t mask, const Mapping& m) {
  if (mask & 0x80000000) mask |= m.read;
  if (mask & 0x40000000) mask |= m.write;
  if (mask & 0x20000000) mask |= m.execute;
  if (mask & 0x10000000) mask |= m.all;
  return mask & 0x0fffffff;
}

bool is_creator_sid(const Bytes& sid) {
  const std::string t = sid_text(sid);
  return t == "S-1-3-0" || t == "S-1-3-1";
}

// The ACEs a child inherits from its parent's ACL (null: none).
std::vector<Ace> inherited_aces(uint64_t parent_acl, bool container, bool auto_inherit, const Bytes& owner,
                                const Bytes& group, const Mapping& m) {
  std::vector<Ace> out;
  if (!parent_acl || !advapi32_acl::valid_acl(parent_acl)) return out;
  const uint8_t mark = auto_inherit ? INHERITED_ACE : 0;
  for (const Ace& a : advapi32_acl::read_acl(parent_acl)) {
    if (!a.raw.empty()) continue;
    const uint8_t f = a.flags;
    auto effective = [&] {
      Ace e = a;
      e.flags = mark;
      if (sid_text(a.sid) == "S-1-3-0") e.sid = owner;
      else if (sid_text(a.sid) == "S-1-3-1") e.sid = group;
      e.mask = map_generic(a.mask, m);
      return e;
    };
    if (!container) {
      if (f & OBJECT_INHERIT_ACE) out.push_back(effective());
      continue;
    }
    if (f & CONTAINER_INHERIT_ACE) {
      if (f & NO_PROPAGATE_INHERIT_ACE) {
        out.push_back(effective());
      } else if (is_creator_sid(a.sid) || (a.mask & 0xf0000000)) {
        out.push_back(effective());
        Ace later = a;
        later.flags = static_cast<uint8_t>((f & (OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE)) | INHERIT_ONLY_ACE | mark);
        out.push_back(later);
      } else {
        Ace both = effective();
        both.flags = static_cast<uint8_t>((f & (OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE)) | mark);
        out.push_back(both);
      }
    } else if ((f & OBJECT_INHERIT_ACE) && !(f & NO_PROPAGATE_INHERIT_ACE)) {
      Ace later = a;
      later.flags = static_cast<uint8_t>(OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE | mark);
      out.push_back(later);
    }
  }
  return out;
}

std::vector<Ace> mapped(std::vector<Ace> aces, const Mapping& m) {
  if (!m.read && !m.write && !m.execute && !m.all) return aces;  // (no mapping given)
  for (Ace& a : aces)
    if (a.raw.empty() && !(a.flags & INHERIT_ONLY_ACE)) a.mask = map_generic(a.mask, m);
  return aces;
}

// Whether the token may make the SID an object's owner: its user, or a group of it that may own.
bool may_own(const advapi32_tokens::TokenObject& t, const Bytes& sid) {
  const std::string s = sid_text(sid);
  if (::strcasecmp(s.c_str(), t.user.c_str()) == 0) return true;
  for (const auto& g : t.groups)
    if ((g.attributes & advapi32_tokens::kGroupOwner) && ::strcasecmp(s.c_str(), g.sid.c_str()) == 0) return true;
  return false;
}

Token token_for(WindowsProcess& p, uint64_t handle) {
  return handle ? advapi32_tokens::token_of(p, handle) : advapi32_tokens::effective_token(p);
}

// One ACL of the new descriptor (the DACL or the SACL); `present` false: none.
struct NewAcl {
  bool present = false;
  Bytes bytes;
  uint16_t control = 0;
};
NewAcl new_acl(uint64_t parent_acl, bool parent_present, uint64_t creator_acl, bool creator_present, bool creator_defaulted,
               bool creator_protected, bool container, bool auto_inherit, const Bytes& owner, const Bytes& group,
               const Mapping& m, const Bytes* token_default, uint16_t auto_bit, uint16_t protected_bit,
               uint16_t defaulted_bit) {
  NewAcl r;
  const std::vector<Ace> inherited =
      parent_present && !creator_protected ? inherited_aces(parent_acl, container, auto_inherit, owner, group, m) : std::vector<Ace>{};
  auto revision = [](uint64_t acl) { return acl ? std::max<uint8_t>(get<uint8_t>(acl), 2) : uint8_t{2}; };
  if (creator_present && !creator_defaulted) {
    r.present = true;
    if (!creator_acl) return r;  // a NULL DACL: everyone may do everything
    std::vector<Ace> aces = mapped(advapi32_acl::read_acl(creator_acl), m);
    if (auto_inherit) {
      aces.erase(std::remove_if(aces.begin(), aces.end(), [](const Ace& a) { return a.flags & INHERITED_ACE; }), aces.end());
      aces.insert(aces.end(), inherited.begin(), inherited.end());
      r.control |= auto_bit;
    }
    if (creator_protected) r.control |= protected_bit;
    r.bytes = advapi32_acl::acl_bytes(aces, revision(creator_acl));
    return r;
  }
  if (!inherited.empty()) {
    r.present = true;
    r.bytes = advapi32_acl::acl_bytes(inherited, revision(parent_acl));
    if (auto_inherit) r.control |= auto_bit;
    return r;
  }
  if (creator_present) {
    r.present = true;
    r.control |= defaulted_bit;
    if (creator_acl) r.bytes = advapi32_acl::acl_bytes(mapped(advapi32_acl::read_acl(creator_acl), m), revision(creator_acl));
    return r;
  }
  if (token_default && !token_default->empty()) {
    r.present = true;
    r.control |= defaulted_bit;
    r.bytes = *token_default;
  }
  return r;
}

// The new object's descriptor (self-relative bytes), or a Win32 error.
uint32_t new_descriptor(WindowsProcess& p, uint64_t parent, uint64_t creator, bool container, uint32_t flags,
                        uint64_t token, uint64_t mapping, Bytes& out) {
  advapi32_acl::SdParts ps, cs;
  if (parent && !advapi32_acl::read_sd(p, parent, ps)) return kErrorInvalidSecurityDescr;
  if (creator && !advapi32_acl::read_sd(p, creator, cs)) return kErrorInvalidSecurityDescr;
  const Token t = token_for(p, token);
  Bytes owner, group;
  if (creator && cs.owner) {
    owner = sid_at(cs.owner);
    if (!t && !(flags & SEF_AVOID_OWNER_CHECK)) return kErrorNoToken;
    if (!(flags & SEF_AVOID_OWNER_CHECK) && !may_own(*t, owner)) return kErrorInvalidOwner;
  } else if ((flags & SEF_DEFAULT_OWNER_FROM_PARENT) && parent && ps.owner) {
    owner = sid_at(ps.owner);
  } else {
    if (!t) return kErrorNoToken;
    owner = sid_bytes(t->owner);
  }
  if (creator && cs.group) group = sid_at(cs.group);
  else if ((flags & SEF_DEFAULT_GROUP_FROM_PARENT) && parent && ps.group) group = sid_at(ps.group);
  else if (t) group = sid_bytes(t->primary_group);
  else return kErrorNoToken;
  const Mapping m = mapping_at(mapping);
  if (creator && (cs.control & SE_SACL_PRESENT) && cs.sacl && !(flags & SEF_AVOID_PRIVILEGE_CHECK)) {
    if (!t || !advapi32_tokens::privilege_on(*t, 8)) return kErrorPrivilegeNotHeld;  // SeSecurityPrivilege
  }
  const Bytes* token_default = t ? &t->default_dacl : nullptr;
  const NewAcl dacl = new_acl(ps.dacl, parent && (ps.control & SE_DACL_PRESENT), cs.dacl,
                              creator && (cs.control & SE_DACL_PRESENT), (cs.control & SE_DACL_DEFAULTED) != 0,
                              (cs.control & SE_DACL_PROTECTED) != 0, container, (flags & SEF_DACL_AUTO_INHERIT) != 0,
                              owner, group, m, (flags & SEF_DEFAULT_DESCRIPTOR_FOR_OBJECT) ? nullptr : token_default,
                              SE_DACL_AUTO_INHERITED, SE_DACL_PROTECTED, SE_DACL_DEFAULTED);
  const NewAcl sacl = new_acl(ps.sacl, parent && (ps.control & SE_SACL_PRESENT), cs.sacl,
                              creator && (cs.control & SE_SACL_PRESENT), (cs.control & SE_SACL_DEFAULTED) != 0,
                              (cs.control & SE_SACL_PROTECTED) != 0, container, (flags & SEF_SACL_AUTO_INHERIT) != 0,
                              owner, group, m, nullptr, SE_SACL_AUTO_INHERITED, SE_SACL_PROTECTED, SE_SACL_DEFAULTED);
  out = advapi32_acl::self_relative_sd(static_cast<uint16_t>(dacl.control | sacl.control), owner, group,
                                       sacl.present ? &sacl.bytes : nullptr, dacl.present ? &dacl.bytes : nullptr);
  return 0;
}

BOOL give(WindowsProcess& p, const Bytes& b, Ptr out) {
  const uint64_t at = advapi32_acl::heap_copy(p, b);
  if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  p.put_ptr(out.addr, at);
  return TRUE;
}

BOOL create(WindowsProcess& p, Ptr parent, Ptr creator, Ptr out, bool container, uint32_t flags, Ptr token, Ptr mapping) {
  if (!out) return fail(p, ERROR_NOACCESS);
  Bytes b;
  if (const uint32_t e = new_descriptor(p, parent.addr, creator.addr, container, flags, token.addr, mapping.addr, b))
    return fail(p, e);
  return give(p, b, out);
}
BOOL CreatePrivateObjectSecurity(WindowsProcess& p, Ptr parent, Ptr creator, Ptr out, int32_t container, Ptr token,
                                 Ptr mapping) {
  return create(p, parent, creator, out, container != 0, 0, token, mapping);
}
BOOL CreatePrivateObjectSecurityEx(WindowsProcess& p, Ptr parent, Ptr creator, Ptr out, Ptr, int32_t container,
                                   uint32_t flags, Ptr token, Ptr mapping) {
  return create(p, parent, creator, out, container != 0, flags, token, mapping);
}
BOOL CreatePrivateObjectSecurityWithMultipleInheritance(WindowsProcess& p, Ptr parent, Ptr creator, Ptr out, Ptr, uint32_t,
                                                        int32_t container, uint32_t flags, Ptr token, Ptr mapping) {
  return create(p, parent, creator, out, container != 0, flags, token, mapping);
}

// DestroyPrivateObjectSecurity: the descriptor back to the process heap.
BOOL DestroyPrivateObjectSecurity(WindowsProcess& p, Ptr sd) {
  if (!sd) return fail(p, ERROR_NOACCESS);
  const uint64_t at = p.get_ptr(sd.addr);
  if (at) p.heap.free(at);
  return TRUE;
}

// The parts `info` names of a descriptor, self-relative.
uint32_t select_parts(WindowsProcess& p, uint64_t sd, uint32_t info, Bytes& out) {
  advapi32_acl::SdParts s;
  if (!advapi32_acl::read_sd(p, sd, s)) return kErrorInvalidSecurityDescr;
  const Bytes owner = (info & OWNER_SECURITY_INFORMATION) ? advapi32_acl::sid_part(s.owner) : Bytes{};
  const Bytes group = (info & GROUP_SECURITY_INFORMATION) ? advapi32_acl::sid_part(s.group) : Bytes{};
  const Bytes dacl = advapi32_acl::acl_part(s.dacl), sacl = advapi32_acl::acl_part(s.sacl);
  const bool with_dacl = (info & DACL_SECURITY_INFORMATION) && (s.control & SE_DACL_PRESENT);
  const bool with_sacl = (info & SACL_SECURITY_INFORMATION) && (s.control & SE_SACL_PRESENT);
  uint16_t control = s.control & 0x3fff & ~(SE_DACL_PRESENT | SE_SACL_PRESENT);
  if (!(info & DACL_SECURITY_INFORMATION)) control &= ~(SE_DACL_DEFAULTED | SE_DACL_AUTO_INHERITED | SE_DACL_PROTECTED);
  if (!(info & SACL_SECURITY_INFORMATION)) control &= ~(SE_SACL_DEFAULTED | SE_SACL_AUTO_INHERITED | SE_SACL_PROTECTED);
  if (!(info & OWNER_SECURITY_INFORMATION)) control &= ~1;
  if (!(info & GROUP_SECURITY_INFORMATION)) control &= ~2;
  out = advapi32_acl::self_relative_sd(control, owner, group, with_sacl ? &sacl : nullptr, with_dacl ? &dacl : nullptr);
  return 0;
}

// A descriptor's parts into a caller's buffer, its size needed stored.
BOOL copy_out(WindowsProcess& p, const Bytes& b, Ptr sd, uint32_t length, Ptr needed) {
  if (!needed) return fail(p, ERROR_NOACCESS);
  put<uint32_t>(needed.addr, static_cast<uint32_t>(b.size()));
  if (length < b.size() || !sd) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memcpy(sd.as<void>(), b.data(), b.size());
  return TRUE;
}

BOOL GetPrivateObjectSecurity(WindowsProcess& p, Ptr object, uint32_t info, Ptr sd, uint32_t length, Ptr needed) {
  Bytes b;
  if (const uint32_t e = select_parts(p, object.addr, info, b)) return fail(p, e);
  return copy_out(p, b, sd, length, needed);
}

// The object's descriptor with the parts `info` names replaced by the modification's (owner checked
// against the token, the DACL's generic rights mapped), a new block for the old.
uint32_t modify(WindowsProcess& p, uint64_t object, uint32_t info, uint64_t modification, uint32_t flags,
                uint64_t mapping, uint64_t token, Bytes& out) {
  advapi32_acl::SdParts o, m;
  if (!advapi32_acl::read_sd(p, object, o) || !advapi32_acl::read_sd(p, modification, m)) return kErrorInvalidSecurityDescr;
  Bytes owner = advapi32_acl::sid_part(o.owner), group = advapi32_acl::sid_part(o.group);
  Bytes dacl = advapi32_acl::acl_part(o.dacl), sacl = advapi32_acl::acl_part(o.sacl);
  bool has_dacl = o.control & SE_DACL_PRESENT, has_sacl = o.control & SE_SACL_PRESENT;
  uint16_t control = o.control & 0x3fff;
  const Mapping map = mapping_at(mapping);
  if (info & OWNER_SECURITY_INFORMATION) {
    if (!m.owner) return kErrorInvalidOwner;
    owner = sid_at(m.owner);
    const Token t = token_for(p, token);
    if (!(flags & SEF_AVOID_OWNER_CHECK) && (!t || !may_own(*t, owner))) return kErrorInvalidOwner;
  }
  if (info & GROUP_SECURITY_INFORMATION) {
    if (!m.group) return 1308;  // ERROR_INVALID_PRIMARY_GROUP
    group = sid_at(m.group);
  }
  if (info & DACL_SECURITY_INFORMATION) {
    has_dacl = m.control & SE_DACL_PRESENT;
    dacl = has_dacl && m.dacl ? advapi32_acl::acl_bytes(mapped(advapi32_acl::read_acl(m.dacl), map), get<uint8_t>(m.dacl))
                              : Bytes{};
    control = (control & ~(SE_DACL_DEFAULTED | SE_DACL_PROTECTED)) | (m.control & (SE_DACL_DEFAULTED | SE_DACL_PROTECTED));
  }
  if (info & SACL_SECURITY_INFORMATION) {
    const Token t = token_for(p, token);
    if (!t || !advapi32_tokens::privilege_on(*t, 8)) return kErrorPrivilegeNotHeld;  // SeSecurityPrivilege
    has_sacl = m.control & SE_SACL_PRESENT;
    sacl = has_sacl ? advapi32_acl::acl_part(m.sacl) : Bytes{};
  }
  out = advapi32_acl::self_relative_sd(control, owner, group, has_sacl ? &sacl : nullptr, has_dacl ? &dacl : nullptr);
  return 0;
}
BOOL set_private(WindowsProcess& p, uint32_t info, Ptr modification, Ptr object, uint32_t flags, Ptr mapping, Ptr token) {
  if (!object || !p.get_ptr(object.addr)) return fail(p, kErrorNoSecurityOnObject);
  Bytes b;
  if (const uint32_t e = modify(p, p.get_ptr(object.addr), info, modification.addr, flags, mapping.addr, token.addr, b))
    return fail(p, e);
  const uint64_t at = advapi32_acl::heap_copy(p, b);
  if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  p.heap.free(p.get_ptr(object.addr));
  p.put_ptr(object.addr, at);
  return TRUE;
}
BOOL SetPrivateObjectSecurity(WindowsProcess& p, uint32_t info, Ptr modification, Ptr object, Ptr mapping, Ptr token) {
  return set_private(p, info, modification, object, 0, mapping, token);
}
BOOL SetPrivateObjectSecurityEx(WindowsProcess& p, uint32_t info, Ptr modification, Ptr object, uint32_t flags, Ptr mapping,
                                Ptr token) {
  return set_private(p, info, modification, object, flags, mapping, token);
}

// ConvertToAutoInheritPrivateObjectSecurity: the current descriptor with the ACEs of its DACL that
// the parent's would give marked INHERITED_ACE (and those the object would inherit and lacks
// added), SE_DACL_AUTO_INHERITED set; a protected DACL is marked and left as it is.
BOOL ConvertToAutoInheritPrivateObjectSecurity(WindowsProcess& p, Ptr parent, Ptr current, Ptr out, Ptr, uint8_t container,
                                               Ptr mapping) {
  if (!out) return fail(p, ERROR_NOACCESS);
  advapi32_acl::SdParts ps, cs;
  if (!advapi32_acl::read_sd(p, current.addr, cs)) return fail(p, kErrorInvalidSecurityDescr);
  if (parent && !advapi32_acl::read_sd(p, parent.addr, ps)) return fail(p, kErrorInvalidSecurityDescr);
  const Bytes owner = advapi32_acl::sid_part(cs.owner), group = advapi32_acl::sid_part(cs.group);
  const Bytes sacl = advapi32_acl::acl_part(cs.sacl);
  Bytes dacl = advapi32_acl::acl_part(cs.dacl);
  uint16_t control = cs.control & 0x3fff;
  const bool has_dacl = cs.control & SE_DACL_PRESENT;
  if (has_dacl && cs.dacl && !(cs.control & SE_DACL_PROTECTED)) {
    const std::vector<Ace> inherit =
        parent && (ps.control & SE_DACL_PRESENT)
            ? inherited_aces(ps.dacl, container != 0, true, owner, group, mapping_at(mapping.addr))
            : std::vector<Ace>{};
    std::vector<Ace> explicit_aces;
    for (const Ace& a : advapi32_acl::read_acl(cs.dacl)) {
      bool from_parent = false;
      for (const Ace& i : inherit)
        from_parent |= i.type == a.type && i.mask == a.mask && i.sid == a.sid && (i.flags & ~INHERITED_ACE) == (a.flags & ~INHERITED_ACE);
      if (!from_parent) explicit_aces.push_back(a);
    }
    explicit_aces.insert(explicit_aces.end(), inherit.begin(), inherit.end());
    dacl = advapi32_acl::acl_bytes(explicit_aces, std::max<uint8_t>(get<uint8_t>(cs.dacl), 2));
  }
  control |= SE_DACL_AUTO_INHERITED;
  return give(p, advapi32_acl::self_relative_sd(control, owner, group, (cs.control & SE_SACL_PRESENT) ? &sacl : nullptr,
                                                has_dacl ? &dacl : nullptr),
              out);
}

// ---- kernel objects ----

// The descriptors of this process's kernel objects that are no files (by handle), as created or set.
std::map<uint64_t, Bytes>& kernel_descriptors() {
  static std::map<uint64_t, Bytes> d;
  return d;
}
bool is_kernel_object(WindowsProcess& p, uint64_t h) {
  const uint64_t all = p.isa->ptr == 4 ? 0xffffffffull : ~0ull;
  return p.waitables.count(h) || p.tokens.count(h) || p.is_current_process(h) || p.is_current_thread(h) ||
         h == (all & static_cast<uint64_t>(-4)) || h == (all & static_cast<uint64_t>(-5)) || h == (all & static_cast<uint64_t>(-6));
}
Bytes& kernel_descriptor(uint64_t h) {
  auto it = kernel_descriptors().find(h);
  if (it != kernel_descriptors().end()) return it->second;
  const Token t = advapi32_tokens::process_token();
  const Bytes dacl = t->default_dacl;
  return kernel_descriptors()[h] = advapi32_acl::self_relative_sd(0, sid_bytes(t->user), sid_bytes(t->primary_group),
                                                                  nullptr, dacl.empty() ? nullptr : &dacl);
}

BOOL GetKernelObjectSecurity(WindowsProcess& p, Ptr handle, uint32_t info, Ptr sd, uint32_t length, Ptr needed) {
  Bytes b;
  const uint32_t e = advapi32_acl::file_handle_descriptor(p, handle.addr, info, b);
  if (e == advapi32_acl::kNotAFile) {
    if (!is_kernel_object(p, handle.addr)) return fail(p, ERROR_INVALID_HANDLE);
    // (A handle with ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege to be opened: no handle here has it.)
    if (info & SACL_SECURITY_INFORMATION) return fail(p, ERROR_ACCESS_DENIED);
    Bytes& whole = kernel_descriptor(handle.addr);
    const uint64_t at = advapi32_acl::heap_copy(p, whole);
    if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    const uint32_t err = select_parts(p, at, info, b);
    p.heap.free(at);
    if (err) return fail(p, err);
  } else if (e) {
    return fail(p, e);
  }
  return copy_out(p, b, sd, length, needed);
}

BOOL SetKernelObjectSecurity(WindowsProcess& p, Ptr handle, uint32_t info, Ptr sd) {
  const uint32_t e = advapi32_acl::set_file_handle_security(p, handle.addr, info, sd.addr);
  if (e != advapi32_acl::kNotAFile) return e ? fail(p, e) : TRUE;
  if (!is_kernel_object(p, handle.addr)) return fail(p, ERROR_INVALID_HANDLE);
  Bytes& whole = kernel_descriptor(handle.addr);
  const uint64_t at = advapi32_acl::heap_copy(p, whole);
  if (!at) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  Bytes b;
  const uint32_t err = modify(p, at, info, sd.addr, 0, 0, 0, b);
  p.heap.free(at);
  if (err) return fail(p, err);
  whole = b;
  return TRUE;
}

}  // namespace advapi32_private_security

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_private_security_exports() {
  using namespace advapi32_private_security;
  static const std::vector<Export> exports = {
      EXPORT("CreatePrivateObjectSecurity", CreatePrivateObjectSecurity),
      EXPORT("CreatePrivateObjectSecurityEx", CreatePrivateObjectSecurityEx),
      EXPORT("CreatePrivateObjectSecurityWithMultipleInheritance", CreatePrivateObjectSecurityWithMultipleInheritance),
      EXPORT("DestroyPrivateObjectSecurity", DestroyPrivateObjectSecurity),
      EXPORT("GetPrivateObjectSecurity", GetPrivateObjectSecurity),
      EXPORT("SetPrivateObjectSecurity", SetPrivateObjectSecurity),
      EXPORT("SetPrivateObjectSecurityEx", SetPrivateObjectSecurityEx),
      EXPORT("ConvertToAutoInheritPrivateObjectSecurity", ConvertToAutoInheritPrivateObjectSecurity),
      EXPORT("GetKernelObjectSecurity", GetKernelObjectSecurity),
      EXPORT("SetKernelObjectSecurity", SetKernelObjectSecurity),
  };
  return exports;
}

}  // namespace polyrun::shims
