// KERNEL32.dll: Memory: VirtualAlloc, VirtualFree, VirtualProtect, VirtualQuery, the IsBad*Ptr checks, locking,
// FlushInstructionCache (the extended forms and placeholders: virtual.cpp).
#include <sys/mman.h>

#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/ntdll/virtual.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"

namespace polyrun::shims {

namespace {

// ---- memory ----

// IsBadReadPtr / IsBadWritePtr / IsBadCodePtr: whether the whole range is accessible that way
// (an empty range is fine), from the guest map rather than by touching it.
BOOL IsBadReadPtr(WindowsProcess& p, Ptr addr, USize size) {
  return size && (!addr || !p.memory.accessible(addr.addr, size, mem::kRead)) ? TRUE : FALSE;
}
BOOL IsBadWritePtr(WindowsProcess& p, Ptr addr, USize size) {
  return size && (!addr || !p.memory.accessible(addr.addr, size, mem::kWrite)) ? TRUE : FALSE;
}
// IsBadStringPtrA / IsBadStringPtrW: whether the string is readable up to its terminating NUL or
// `max` characters, whichever comes first; a null pointer is bad whatever the length.
template <typename Char>
BOOL bad_string(WindowsProcess& p, uint64_t s, uint64_t max) {
  if (!s) return TRUE;
  uint64_t readable_to = s;  // [s, readable_to) checked
  for (uint64_t i = 0; i < max; ++i) {
    const uint64_t at = s + i * sizeof(Char);
    if (at + sizeof(Char) > readable_to) {
      const uint64_t page_end = p.memory.page_down(at) + p.memory.page_size();
      const uint64_t to = std::max(page_end, at + sizeof(Char));
      if (!p.memory.accessible(at, to - at, mem::kRead)) return TRUE;
      readable_to = to;
    }
    if (get<Char>(at) == 0) break;
  }
  return FALSE;
}
BOOL IsBadStringPtrA(WindowsProcess& p, Ptr s, USize max) { return bad_string<char>(p, s.addr, max); }
BOOL IsBadStringPtrW(WindowsProcess& p, Ptr s, USize max) { return bad_string<char16_t>(p, s.addr, max); }
BOOL IsBadCodePtr(WindowsProcess& p, Ptr addr) { return !addr || !p.memory.accessible(addr.addr, 1, mem::kExec) ? TRUE : FALSE; }

// Code written into memory runs as written: natively the CPU sees it; the engine drops what it
// translated from the range (another thread's engine re-reads code after this call, as after any
// system call).
BOOL FlushInstructionCache(WindowsProcess& p, Ptr, Ptr addr, USize size) {
  if (addr && size.v) p.cpu().invalidate(addr.addr, addr.addr + size.v);
  return TRUE;
}

// VirtualLock / VirtualUnlock: the pages stay in memory (mlock); more than the host lets this
// process lock is ERROR_WORKING_SET_QUOTA, as Windows says when the working set is too small.
BOOL VirtualLock(WindowsProcess& p, Ptr addr, USize size) {
  constexpr uint32_t kErrorWorkingSetQuota = 1453;
  if (!size || !p.memory.accessible(addr.addr, size, mem::kNone)) return fail(p, ERROR_INVALID_ADDRESS_W);
  return ::mlock(addr.as<void>(), size) == 0 ? TRUE : fail(p, kErrorWorkingSetQuota);
}
BOOL VirtualUnlock(WindowsProcess& p, Ptr addr, USize size) {
  if (!size || !p.memory.accessible(addr.addr, size, mem::kNone)) return fail(p, ERROR_INVALID_ADDRESS_W);
  return ::munlock(addr.as<void>(), size) == 0 ? TRUE : fail(p, ERROR_NOT_LOCKED);
}

// VirtualProtect and VirtualQuery are NTDLL's work (ntdll/virtual_pages.cpp).
BOOL VirtualProtect(WindowsProcess& p, Ptr addr, USize size, uint32_t newprot, Ptr oldprot) {
  return virtual_protect(p, addr.addr, size, newprot, oldprot.addr);
}
USize VirtualQuery(WindowsProcess& p, Ptr addr, Ptr info, USize len) { return virtual_query(p, addr.addr, info.addr, len); }

Ptr VirtualAlloc(WindowsProcess& p, Ptr addr, USize size, uint32_t type, uint32_t protect) {
  return virtual_alloc(p, addr.addr, size, type, protect);
}

// VirtualAllocFromApp: VirtualAlloc for code that may not make executable pages (an app
// container's): an executable protection is ERROR_INVALID_PARAMETER.
Ptr VirtualAllocFromApp(WindowsProcess& p, Ptr addr, USize size, uint32_t type, uint32_t protect) {
  if (protect & 0xf0u) return Ptr(fail(p, ERROR_INVALID_PARAMETER));  // PAGE_EXECUTE*
  return virtual_alloc(p, addr.addr, size, type, protect);
}

BOOL VirtualFree(WindowsProcess& p, Ptr addr, USize size, uint32_t type) { return virtual_free(p, addr.addr, size, type); }

// DiscardVirtualMemory: the pages' contents are no longer needed (they read as zeros or as they
// were until written again; here, zeros), the pages stay committed. ERROR_INVALID_PARAMETER for
// memory that is not the program's committed pages.
uint32_t DiscardVirtualMemory(WindowsProcess& p, Ptr addr, USize size) {
  if (!size || addr.addr % p.memory.page_size() || !p.memory.accessible(addr.addr, size, mem::kNone))
    return ERROR_INVALID_PARAMETER;
  ::madvise(reinterpret_cast<void*>(addr.addr), p.memory.page_up(size), MADV_DONTNEED);
  return ERROR_SUCCESS;
}

}  // namespace

const std::vector<Export>& kernel32_memory_exports() {
  static const std::vector<Export> exports = {
          EXPORT("VirtualProtect", VirtualProtect),
          EXPORT("VirtualLock", VirtualLock),
          EXPORT("VirtualUnlock", VirtualUnlock),
          EXPORT("FlushInstructionCache", FlushInstructionCache),
          EXPORT("VirtualQuery", VirtualQuery),
          EXPORT("VirtualAlloc", VirtualAlloc),
          EXPORT("VirtualAllocFromApp", VirtualAllocFromApp),
          EXPORT("IsBadReadPtr", IsBadReadPtr),
          EXPORT("IsBadWritePtr", IsBadWritePtr),
          // (16-bit Windows' huge pointers: the same test in Win32.)
          EXPORT("IsBadHugeReadPtr", IsBadReadPtr),
          EXPORT("IsBadHugeWritePtr", IsBadWritePtr),
          EXPORT("IsBadCodePtr", IsBadCodePtr),
          EXPORT("IsBadStringPtrA", IsBadStringPtrA),
          EXPORT("IsBadStringPtrW", IsBadStringPtrW),
          EXPORT("VirtualFree", VirtualFree),
          EXPORT("DiscardVirtualMemory", DiscardVirtualMemory),
  };
  return exports;
}

}  // namespace polyrun::shims
