// NTDLL's registry (ntdll/nt_registry.cpp), for NtClose and the object functions: a handle to a
// key is one of the registry tree's (ntdll/registry_tree.h), not a host descriptor.
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_registry {

// NtClose of a key's handle: its watches end (firing); STATUS_INVALID_HANDLE for a handle that
// names no key.
uint32_t close_key(WindowsProcess& p, uint64_t h);
// Whether `h` is a handle to a key (not a predefined HKEY_* value).
bool is_key(uint64_t h);

}  // namespace polyrun::shims::ntdll_registry
