// ADVAPI32's reading and writing of ACLs and security descriptors (advapi32/acl.cpp), shared with
// the files that build descriptors (advapi32/sddl.cpp, advapi32/private_security.cpp,
// advapi32/trustees.cpp, advapi32/access_check.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims::advapi32_acl {

// A security descriptor's parts (absolute or self-relative): its control bits and the addresses
// of its owner, group, SACL and DACL (0: none).
struct SdParts {
  uint16_t control = 0;
  uint64_t owner = 0, group = 0, sacl = 0, dacl = 0;
};
bool read_sd(WindowsProcess& p, uint64_t sd, SdParts& out);

// An ACE: its type, flags, mask and SID, an object ACE's flags and GUIDs, or (a type not read
// here) its bytes as they are.
struct Ace {
  uint8_t type = 0, flags = 0;
  uint32_t mask = 0;
  std::vector<uint8_t> sid;
  std::vector<uint8_t> object;
  std::vector<uint8_t> raw;
};
uint16_t ace_count(uint64_t acl);
uint16_t acl_size(uint64_t acl);
bool valid_acl(uint64_t acl);
std::vector<Ace> read_acl(uint64_t acl);
std::vector<uint8_t> ace_bytes(const Ace& a);
std::vector<uint8_t> acl_bytes(const std::vector<Ace>& aces, uint8_t revision);
// A copy of bytes in a block of the process heap (LocalFree frees it); 0 when out of memory.
uint64_t heap_copy(WindowsProcess& p, const std::vector<uint8_t>& b);
// The SID a TRUSTEE at a guest address names (and an object trustee's object ACE part); 0 or a
// Win32 error.
uint32_t trustee_sid(WindowsProcess& p, uint64_t trustee, bool wide, std::vector<uint8_t>& sid, std::vector<uint8_t>& object);

// SetEntriesInAcl's work: the old ACL (0: none) with `count` EXPLICIT_ACCESS entries applied, a new
// ACL of the process heap in *out (0 for none); 0 or a Win32 error.
uint32_t set_entries_in_acl(WindowsProcess& p, uint32_t count, Ptr entries, Ptr old, Ptr out, bool wide);

// A self-relative descriptor of parts (each empty: absent; `control` gets SE_SELF_RELATIVE and the
// present bits of the ACLs given).
std::vector<uint8_t> self_relative_sd(uint16_t control, const std::vector<uint8_t>& owner, const std::vector<uint8_t>& group,
                                      const std::vector<uint8_t>* sacl, const std::vector<uint8_t>* dacl);
// The bytes of a guest SID or ACL (empty for 0).
std::vector<uint8_t> sid_part(uint64_t sid);
std::vector<uint8_t> acl_part(uint64_t acl);

// A file handle's security: its descriptor's parts `info` names (self-relative), or those parts of
// a descriptor applied to the file; 0, a Win32 error, or kNotAFile for a handle of no file.
constexpr uint32_t kNotAFile = 0xffffffff;
uint32_t file_handle_descriptor(WindowsProcess& p, uint64_t handle, uint32_t info, std::vector<uint8_t>& out);
uint32_t set_file_handle_security(WindowsProcess& p, uint64_t handle, uint32_t info, uint64_t sd);

}  // namespace polyrun::shims::advapi32_acl
