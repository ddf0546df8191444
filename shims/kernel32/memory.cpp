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

BOOL VirtualProtect(WindowsProcess& p, Ptr addr, USize size, uint32_t newprot, Ptr oldprot) {
  uint32_t prot = host_protection(newprot);
  if (prot == ~0u) return fail(p, ERROR_INVALID_PARAMETER);
  uint64_t lo = p.memory.page_down(addr.addr), hi = p.memory.page_up(addr.addr + size);
  const mem::Vma* v = p.memory.find(lo);
  if (!v) return fail(p, ERROR_INVALID_ADDRESS_W);
  put<uint32_t>(oldprot.addr, page_protection(v->prot));
  if (p.memory.protect(lo, hi - lo, prot) != 0) return fail(p, ERROR_INVALID_ADDRESS_W);
  return TRUE;
}

// MEMORY_BASIC_INFORMATION: BaseAddress, AllocationBase, AllocationProtect, RegionSize, State,
// Protect, Type (pointer-sized fields; 48 bytes on x64, 28 on i386).
USize VirtualQuery(WindowsProcess& p, Ptr addr, Ptr info, USize len) {
  const unsigned w = p.isa->ptr;
  const uint64_t size = w == 8 ? 48 : 28;
  const uint64_t o_alloc = w, o_aprot = 2 * w, o_region = w == 8 ? 0x18 : 12, o_state = o_region + w;
  if (len < size) return USize(fail(p, 24));  // ERROR_BAD_LENGTH
  std::memset(info.as<void>(), 0, size);
  uint64_t page = p.memory.page_down(addr.addr);
  const mem::Vma* v = p.memory.find(page);
  p.put_ptr(info.addr, page);
  if (!v) {
    uint64_t next = p.isa->limit;
    auto it = p.memory.vmas().upper_bound(page);
    if (it != p.memory.vmas().end()) next = std::min(next, it->first);
    p.put_ptr(info.addr + o_region, next > page ? next - page : p.memory.page_size());
    put<uint32_t>(info.addr + o_state, 0x10000);  // MEM_FREE
    put<uint32_t>(info.addr + o_state + 4, 0x01);  // PAGE_NOACCESS
    return size;
  }
  uint64_t base = v->start;
  if (auto it = p.virtual_allocs.upper_bound(page); it != p.virtual_allocs.begin() && page < std::prev(it)->first + std::prev(it)->second)
    base = std::prev(it)->first;
  const loader::PeImage* image = image_containing(p, page);  // an image's pages: its base (its module handle)
  if (image) base = image->base;
  p.put_ptr(info.addr + o_alloc, base);
  put<uint32_t>(info.addr + o_aprot, page_protection(v->prot));
  p.put_ptr(info.addr + o_region, v->end - page);
  put<uint32_t>(info.addr + o_state, 0x1000);  // MEM_COMMIT
  put<uint32_t>(info.addr + o_state + 4, page_protection(v->prot));
  put<uint32_t>(info.addr + o_state + 8, image ? 0x1000000 : 0x20000);  // MEM_IMAGE / MEM_PRIVATE
  return size;
}

Ptr VirtualAlloc(WindowsProcess& p, Ptr addr, USize size, uint32_t type, uint32_t protect) {
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

// VirtualProtect for VirtualProtectEx of this process (kernel32/virtual.cpp).
BOOL virtual_protect(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t protect, uint64_t old) {
  return VirtualProtect(p, Ptr(addr), USize(size), protect, Ptr(old));
}
// VirtualQuery for VirtualQueryEx of this process (kernel32/psapi.cpp).
USize virtual_query(WindowsProcess& p, uint64_t addr, uint64_t info, uint64_t len) {
  return VirtualQuery(p, Ptr(addr), Ptr(info), USize(len));
}

const std::vector<Export>& kernel32_memory_exports() {
  static const std::vector<Export> exports = {
          EXPORT("VirtualProtect", VirtualProtect),
          EXPORT("VirtualLock", VirtualLock),
          EXPORT("VirtualUnlock", VirtualUnlock),
          EXPORT("FlushInstructionCache", FlushInstructionCache),
          EXPORT("VirtualQuery", VirtualQuery),
          EXPORT("VirtualAlloc", VirtualAlloc),
          EXPORT("IsBadReadPtr", IsBadReadPtr),
          EXPORT("IsBadWritePtr", IsBadWritePtr),
          EXPORT("IsBadCodePtr", IsBadCodePtr),
          EXPORT("IsBadStringPtrA", IsBadStringPtrA),
          EXPORT("IsBadStringPtrW", IsBadStringPtrW),
          EXPORT("VirtualFree", VirtualFree),
          EXPORT("DiscardVirtualMemory", DiscardVirtualMemory),
  };
  return exports;
}

}  // namespace polyrun::shims
