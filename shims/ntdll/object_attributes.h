// OBJECT_ATTRIBUTES as the native API's Create and Open functions take them, and the name KERNEL32
// gives the object they name (defined in ntdll/nt_sync.cpp; ntdll/jobs.cpp uses them too).
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_object_attributes {

// OBJECT_ATTRIBUTES: Length, RootDirectory, ObjectName (a UNICODE_STRING*), Attributes, … at the
// pointer's alignment.
struct Attributes {
  uint64_t root = 0;
  std::u16string name;
  bool named = false;
  uint32_t flags = 0;
};
constexpr uint32_t kObjInherit = 0x2, kObjOpenIf = 0x80;

Attributes attributes_of(WindowsProcess& p, uint64_t oa);
// The name KERNEL32 gives the object: a session's \Sessions\N\BaseNamedObjects\X is X (the
// namespace CreateEvent's plain names are in), the global \BaseNamedObjects\X is Global\X;
// another path stays whole. An NTSTATUS for a name that cannot be.
uint32_t kernel32_name(const Attributes& a, std::string* out);

}  // namespace polyrun::shims::ntdll_object_attributes
