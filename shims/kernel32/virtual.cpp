// KERNEL32.dll, virtual memory beyond VirtualAlloc (kernel32/kernel32.cpp): VirtualAlloc2 with its
// address requirements and placeholders, and the *Ex forms, over NTDLL's virtual memory
// (ntdll/virtual.cpp). Another process's memory cannot be allocated or freed from here: the *Ex
// functions serve this process, and give ERROR_ACCESS_DENIED for another.
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/virtual.h"

namespace polyrun::shims {

BOOL virtual_protect(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t protect, uint64_t old);  // ntdll/virtual_pages.cpp

namespace {

Ptr VirtualAlloc2(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t type, uint32_t protect, Ptr params,
                  uint32_t count) {
  return virtual_alloc2(p, process.addr, base.addr, size, type, protect, params.addr, count);
}

Ptr VirtualAllocEx(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t type, uint32_t protect) {
  if (uint32_t e = memory_process_error(p, process.addr, false)) return Ptr(fail(p, e));
  return virtual_alloc(p, base.addr, size, type, protect);
}
// One NUMA node here: the preferred node is node 0 or none.
Ptr VirtualAllocExNuma(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t type, uint32_t protect, uint32_t node) {
  if (node != 0 && node != 0xffffffffu) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return VirtualAllocEx(p, process, base, size, type, protect);
}
BOOL VirtualFreeEx(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t type) {
  if (uint32_t e = memory_process_error(p, process.addr, false)) return fail(p, e);
  return virtual_free(p, base.addr, size, type);
}
BOOL VirtualProtectEx(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t protect, Ptr old) {
  if (uint32_t e = memory_process_error(p, process.addr, false)) return fail(p, e);
  return virtual_protect(p, base.addr, size, protect, old.addr);
}

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_virtual_exports() {
  static const std::vector<Export> exports = {
      EXPORT("VirtualAlloc2", VirtualAlloc2),
      EXPORT("VirtualAlloc2FromApp", VirtualAlloc2),
      EXPORT("VirtualAllocEx", VirtualAllocEx),
      EXPORT("VirtualAllocExNuma", VirtualAllocExNuma),
      EXPORT("VirtualFreeEx", VirtualFreeEx),
      EXPORT("VirtualProtectEx", VirtualProtectEx),
  };
  return exports;
}

}  // namespace polyrun::shims
