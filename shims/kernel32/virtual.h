// Placeholders and address requirements (kernel32/virtual.cpp), for the views MapViewOfFile3 and
// UnmapViewOfFile2 place and take back (kernel32/mapping.cpp) and VirtualFree (kernel32/kernel32.cpp).
#pragma once

#include <cstdint>

#include "shims/core/shim.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

// MEM_ADDRESS_REQUIREMENTS, when an extended parameter gave them.
struct AddressRequirements {
  uint64_t lowest = 0, highest = 0, alignment = 0;
  bool given = false;
};
// The extended parameters (MEM_EXTENDED_PARAMETER[count]): false for one that is malformed or
// unknown (ERROR_INVALID_PARAMETER).
bool read_address_requirements(WindowsProcess& p, Ptr params, uint32_t count, AddressRequirements& r);
// A free range of `length` bytes as the requirements ask: its address, 0 if there is none.
uint64_t place_within(WindowsProcess& p, uint64_t length, const AddressRequirements& r);

// The placeholder at `base` of `size` bytes (rounded to pages), taken to be replaced: false if
// there is none exactly so.
bool take_placeholder(WindowsProcess& p, uint64_t base, uint64_t size);
// The range becomes a placeholder (inaccessible, recorded as one).
void make_placeholder(WindowsProcess& p, uint64_t base, uint64_t size);
// VirtualFree's placeholder cases: true (with VirtualFree's result) when it was one of them.
bool placeholder_free(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t type, BOOL& result);

}  // namespace polyrun::shims
