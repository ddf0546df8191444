// NTDLL's virtual memory (ntdll/virtual.cpp) under KERNEL32's: VirtualAlloc's, VirtualAlloc2's and
// VirtualFree's work (kernel32/kernel32.cpp, kernel32/virtual.cpp), the page protections, and the
// placeholders and address requirements of the views MapViewOfFile3 and UnmapViewOfFile2 place and
// take back (kernel32/mapping.cpp). These keep KERNEL32's conventions: a failure sets the last error.
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

// A PAGE_* protection as the address space's (mem::kRead …), ~0u for one that is not valid; and back.
uint32_t host_protection(uint32_t page_protection);
uint32_t page_protection(uint32_t host_protection);
// The process a memory function names: 0 for this one (a null handle too where `null_is_self`),
// ERROR_ACCESS_DENIED for another process, ERROR_INVALID_HANDLE for a handle that is none.
uint32_t memory_process_error(WindowsProcess& p, uint64_t h, bool null_is_self);

// VirtualAlloc: MEM_RESERVE and/or MEM_COMMIT at the allocation granularity (at `addr`, or where
// there is room); committing pages of a reservation already there.
Ptr virtual_alloc(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t type, uint32_t protect);
// VirtualAlloc2: VirtualAlloc with the extended parameters (address requirements) and placeholders.
Ptr virtual_alloc2(WindowsProcess& p, uint64_t process, uint64_t base, uint64_t size, uint32_t type, uint32_t protect,
                   uint64_t params, uint32_t count);
// VirtualProtect (ntdll/virtual_pages.cpp): the pages of the range get `protect`, the first one's
// old protection at `old`.
BOOL virtual_protect(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t protect, uint64_t old);
// VirtualQuery (ntdll/virtual_pages.cpp): MEMORY_BASIC_INFORMATION of the page at `addr` into
// `info` (`len` bytes there); its size, 0 (ERROR_BAD_LENGTH) when `len` is short of it.
USize virtual_query(WindowsProcess& p, uint64_t addr, uint64_t info, uint64_t len);
// VirtualFree: MEM_RELEASE of a whole allocation, MEM_DECOMMIT of pages, the placeholder cases.
BOOL virtual_free(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t type);

}  // namespace polyrun::shims
