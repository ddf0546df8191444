// NTDLL's pages of virtual memory once allocated: their protection (NtProtectVirtualMemory, and
// KERNEL32's VirtualProtect, its work: ntdll/virtual.h), what is where (NtQueryVirtualMemory's
// basic information and mapped file names; KERNEL32's VirtualQuery), locking them in memory
// (NtLockVirtualMemory, NtUnlockVirtualMemory), writing a file's view back (NtFlushVirtualMemory),
// another process's memory (NtReadVirtualMemory, NtWriteVirtualMemory) and whether two addresses
// lie in one image (NtAreMappedFilesTheSame), and prefetching ranges (NtSetInformationVirtualMemory).
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "shims/core/dos_devices.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/virtual.h"

namespace polyrun::shims {

BOOL virtual_protect(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t newprot, uint64_t oldprot) {
  uint32_t prot = host_protection(newprot);
  if (prot == ~0u) return fail(p, ERROR_INVALID_PARAMETER);
  uint64_t lo = p.memory.page_down(addr), hi = p.memory.page_up(addr + size);
  const mem::Vma* v = p.memory.find(lo);
  if (!v) return fail(p, ERROR_INVALID_ADDRESS_W);
  put<uint32_t>(oldprot, page_protection(v->prot));
  if (p.memory.protect(lo, hi - lo, prot) != 0) return fail(p, ERROR_INVALID_ADDRESS_W);
  return TRUE;
}

// MEMORY_BASIC_INFORMATION: BaseAddress, AllocationBase, AllocationProtect, RegionSize, State,
// Protect, Type (pointer-sized fields; 48 bytes on x64, 28 on i386).
USize virtual_query(WindowsProcess& p, uint64_t addr, uint64_t info, uint64_t len) {
  const unsigned w = p.isa->ptr;
  const uint64_t size = w == 8 ? 48 : 28;
  const uint64_t o_alloc = w, o_aprot = 2 * w, o_region = w == 8 ? 0x18 : 12, o_state = o_region + w;
  if (len < size) return USize(fail(p, 24));  // ERROR_BAD_LENGTH
  std::memset(reinterpret_cast<void*>(info), 0, size);
  uint64_t page = p.memory.page_down(addr);
  const mem::Vma* v = p.memory.find(page);
  p.put_ptr(info, page);
  if (!v) {
    uint64_t next = p.isa->limit;
    auto it = p.memory.vmas().upper_bound(page);
    if (it != p.memory.vmas().end()) next = std::min(next, it->first);
    p.put_ptr(info + o_region, next > page ? next - page : p.memory.page_size());
    put<uint32_t>(info + o_state, 0x10000);  // MEM_FREE
    put<uint32_t>(info + o_state + 4, 0x01);  // PAGE_NOACCESS
    return size;
  }
  uint64_t base = v->start;
  if (auto it = p.virtual_allocs.upper_bound(page); it != p.virtual_allocs.begin() && page < std::prev(it)->first + std::prev(it)->second)
    base = std::prev(it)->first;
  const loader::PeImage* image = image_containing(p, page);  // an image's pages: its base (its module handle)
  if (image) base = image->base;
  p.put_ptr(info + o_alloc, base);
  put<uint32_t>(info + o_aprot, page_protection(v->prot));
  p.put_ptr(info + o_region, v->end - page);
  put<uint32_t>(info + o_state, 0x1000);  // MEM_COMMIT
  put<uint32_t>(info + o_state + 4, page_protection(v->prot));
  put<uint32_t>(info + o_state + 8, image ? 0x1000000 : 0x20000);  // MEM_IMAGE / MEM_PRIVATE
  return size;
}

namespace ntdll_virtual_pages_impl {

constexpr uint32_t kInvalidPageProtection = 0xc0000045, kNotCommitted = 0xc000002d, kNotLocked = 0xc000002a,
                   kWorkingSetQuota = 0xc00000a1, kInvalidAddress = 0xc0000141,
                   kConflictingAddresses = 0xc0000018, kNotSameDevice = 0xc00000d4, kNotMappedData = 0xc0000088,
                   kPartialCopy = 0x8000000d, kAccessViolation = 0xc0000005, kAccessDenied = 0xc0000022,
                   kPrivilegeNotHeld = 0xc0000061;

// The process a memory function names: this one (0), another's pid, or ~0u for a handle that names
// no process.
uint32_t process_pid(WindowsProcess& p, uint64_t h) {
  if (p.is_current_process(h)) return 0;
  Waitable* w = waitable_of_kind(p, h, Waitable::Kind::Process);
  if (!w) return ~0u;
  return w->id == static_cast<uint32_t>(::getpid()) ? 0 : w->id;
}

// NtProtectVirtualMemory(process, *base, *size, protection, *old): the pages of [*base, *base +
// *size) get `protection`; *base and *size become the pages changed, *old the first page's.
uint32_t NtProtectVirtualMemory(WindowsProcess& p, Ptr process, Ptr base_ptr, Ptr size_ptr, uint32_t protect,
                                Ptr old) {
  const uint32_t pid = process_pid(p, process.addr);
  if (pid == ~0u) return nt::kInvalidHandle;
  if (pid) return kAccessDenied;
  const uint64_t addr = p.get_ptr(base_ptr.addr), size = p.get_ptr(size_ptr.addr);
  const uint32_t prot = host_protection(protect);
  if (prot == ~0u) return kInvalidPageProtection;
  const uint64_t lo = p.memory.page_down(addr), hi = p.memory.page_up(addr + std::max<uint64_t>(size, 1));
  const mem::Vma* v = p.memory.find(lo);
  if (!v || !p.memory.accessible(lo, hi - lo, mem::kNone)) return kNotCommitted;
  put<uint32_t>(old.addr, page_protection(v->prot));
  if (p.memory.protect(lo, hi - lo, prot) != 0) return kNotCommitted;
  p.put_ptr(base_ptr.addr, lo);
  p.put_ptr(size_ptr.addr, hi - lo);
  return nt::kSuccess;
}

// The Windows path of the image `addr` lies in, empty where it lies in none.
std::string image_path(WindowsProcess& p, uint64_t addr) {
  const loader::PeImage* image = image_containing(p, addr);
  if (!image) return {};
  for (const ModuleEntry& m : process_modules(p))
    if (m.base == image->base) return m.windows_path;
  return {};
}

// NtQueryVirtualMemory(process, address, class, info, length, *returned): MemoryBasicInformation
// (0: MEMORY_BASIC_INFORMATION, VirtualQuery's) and MemoryMappedFilenameInformation (2: a
// UNICODE_STRING and the NT name of the image file the address lies in, STATUS_INVALID_ADDRESS
// elsewhere).
uint32_t NtQueryVirtualMemory(WindowsProcess& p, Ptr process, Ptr addr, uint32_t cls, Ptr info, USize len,
                              Ptr returned) {
  const uint32_t pid = process_pid(p, process.addr);
  if (pid == ~0u) return nt::kInvalidHandle;
  if (pid) return kAccessDenied;
  const unsigned w = p.isa->ptr;
  if (addr.addr >= p.isa->limit) return nt::kInvalidParameter;
  switch (cls) {
    case 0: {
      const uint64_t size = w == 8 ? 48 : 28;
      if (len < size) return nt::kInfoLengthMismatch;
      virtual_query(p, addr.addr, info.addr, size);
      if (returned) p.put_ptr(returned.addr, size);
      return nt::kSuccess;
    }
    case 2: {
      const std::string path = image_path(p, addr.addr);
      if (path.empty()) return kInvalidAddress;
      std::u16string name = nt_path_of_dos_path(utf8_to_utf16(path));
      if (name.empty()) name = u"\\??\\" + utf8_to_utf16(path);
      const uint64_t header = 2 * w, bytes = name.size() * 2;
      const uint64_t need = header + bytes + 2;
      if (returned) p.put_ptr(returned.addr, need);
      if (len < need) return nt::kBufferOverflow;
      put<uint16_t>(info.addr, static_cast<uint16_t>(bytes));
      put<uint16_t>(info.addr + 2, static_cast<uint16_t>(bytes + 2));
      p.put_ptr(info.addr + w, info.addr + header);
      std::memcpy(reinterpret_cast<void*>(info.addr + header), name.data(), bytes);
      put<uint16_t>(info.addr + header + bytes, 0);
      return nt::kSuccess;
    }
    default:
      return nt::kInvalidInfoClass;
  }
}

// The pages of [*base, *base + *size), rounded out, written back to *base and *size; false when
// they are not all the program's.
bool pages_of(WindowsProcess& p, Ptr base_ptr, Ptr size_ptr, uint64_t* lo, uint64_t* hi) {
  const uint64_t addr = p.get_ptr(base_ptr.addr), size = p.get_ptr(size_ptr.addr);
  *lo = p.memory.page_down(addr);
  *hi = p.memory.page_up(addr + std::max<uint64_t>(size, 1));
  if (!p.memory.accessible(*lo, *hi - *lo, mem::kNone)) return false;
  p.put_ptr(base_ptr.addr, *lo);
  p.put_ptr(size_ptr.addr, *hi - *lo);
  return true;
}

// NtLockVirtualMemory(process, *base, *size, MAP_PROCESS 1 | MAP_SYSTEM 2): the pages stay in
// memory (mlock; more than the host lets this process lock is STATUS_WORKING_SET_QUOTA, as
// Windows says of a working set too small). MAP_SYSTEM needs SeLockMemoryPrivilege, which the user
// lacks.
uint32_t NtLockVirtualMemory(WindowsProcess& p, Ptr process, Ptr base_ptr, Ptr size_ptr, uint32_t type) {
  const uint32_t pid = process_pid(p, process.addr);
  if (pid == ~0u) return nt::kInvalidHandle;
  if (pid) return kAccessDenied;
  if (!type || (type & ~3u)) return nt::kInvalidParameter;
  if (type & 2) return kPrivilegeNotHeld;
  uint64_t lo, hi;
  if (!pages_of(p, base_ptr, size_ptr, &lo, &hi)) return kNotCommitted;
  return ::mlock(reinterpret_cast<void*>(lo), hi - lo) == 0 ? nt::kSuccess : kWorkingSetQuota;
}
uint32_t NtUnlockVirtualMemory(WindowsProcess& p, Ptr process, Ptr base_ptr, Ptr size_ptr, uint32_t type) {
  const uint32_t pid = process_pid(p, process.addr);
  if (pid == ~0u) return nt::kInvalidHandle;
  if (pid) return kAccessDenied;
  if (!type || (type & ~3u)) return nt::kInvalidParameter;
  if (type & 2) return kPrivilegeNotHeld;
  uint64_t lo, hi;
  if (!pages_of(p, base_ptr, size_ptr, &lo, &hi)) return kNotCommitted;
  return ::munlock(reinterpret_cast<void*>(lo), hi - lo) == 0 ? nt::kSuccess : kNotLocked;
}

// NtFlushVirtualMemory(process, *base, *size, iosb): a file's view written back to its file (the
// whole view from its base when *size is 0); STATUS_NOT_MAPPED_DATA for memory no view holds.
uint32_t NtFlushVirtualMemory(WindowsProcess& p, Ptr process, Ptr base_ptr, Ptr size_ptr, Ptr iosb) {
  const uint32_t pid = process_pid(p, process.addr);
  if (pid == ~0u) return nt::kInvalidHandle;
  if (pid) return kAccessDenied;
  const uint64_t addr = p.get_ptr(base_ptr.addr), size = p.get_ptr(size_ptr.addr);
  auto it = p.mapped_views.upper_bound(addr);
  if (it == p.mapped_views.begin()) return kNotMappedData;
  --it;
  const uint64_t view = it->first, view_end = it->first + it->second;
  if (addr >= view_end) return kNotMappedData;
  const uint64_t lo = size ? p.memory.page_down(addr) : view;
  const uint64_t hi = size ? std::min(view_end, p.memory.page_up(addr + size)) : view_end;
  ::msync(reinterpret_cast<void*>(lo), hi - lo, MS_SYNC);
  p.put_ptr(base_ptr.addr, lo);
  p.put_ptr(size_ptr.addr, hi - lo);
  if (iosb) {
    put<uint32_t>(iosb.addr, nt::kSuccess);
    p.put_ptr(iosb.addr + p.isa->ptr, 0);
  }
  return nt::kSuccess;
}

// NtReadVirtualMemory / NtWriteVirtualMemory(process, address, buffer, size, *done): this process's
// memory as the address space allows it, another's through the host (process_vm_readv). Nothing
// moved: STATUS_ACCESS_VIOLATION (this process) or STATUS_PARTIAL_COPY; a part: STATUS_PARTIAL_COPY.
uint32_t transfer(WindowsProcess& p, uint64_t process, uint64_t remote, uint64_t local, uint64_t size, Ptr done,
                  bool write) {
  const uint32_t pid = process_pid(p, process);
  if (pid == ~0u) return nt::kInvalidHandle;
  uint64_t moved = 0;
  uint32_t status = nt::kSuccess;
  if (!pid) {
    const unsigned ps = p.memory.page_size();
    while (moved < size) {
      const uint64_t at = remote + moved;
      const uint64_t chunk = std::min(size - moved, ps - at % ps);
      if (!p.memory.accessible(at, chunk, write ? mem::kWrite : mem::kRead)) break;
      if (write) std::memmove(reinterpret_cast<void*>(at), reinterpret_cast<const void*>(local + moved), chunk);
      else std::memmove(reinterpret_cast<void*>(local + moved), reinterpret_cast<const void*>(at), chunk);
      moved += chunk;
    }
    if (moved != size) status = moved == 0 ? kAccessViolation : kPartialCopy;
  } else if (size) {
    struct iovec here {reinterpret_cast<void*>(local), size}, there{reinterpret_cast<void*>(remote), size};
    const ssize_t n = write ? ::process_vm_writev(static_cast<pid_t>(pid), &here, 1, &there, 1, 0)
                            : ::process_vm_readv(static_cast<pid_t>(pid), &here, 1, &there, 1, 0);
    moved = n > 0 ? static_cast<uint64_t>(n) : 0;
    if (n < 0 && errno == EPERM) status = kAccessDenied;
    else if (moved != size) status = kPartialCopy;
  }
  if (done) p.put_ptr(done.addr, moved);
  return status;
}
uint32_t NtReadVirtualMemory(WindowsProcess& p, Ptr process, Ptr from, Ptr to, USize size, Ptr done) {
  return transfer(p, process.addr, from.addr, to.addr, size, done, false);
}
uint32_t NtWriteVirtualMemory(WindowsProcess& p, Ptr process, Ptr to, Ptr from, USize size, Ptr done) {
  return transfer(p, process.addr, to.addr, from.addr, size, done, true);
}

// NtAreMappedFilesTheSame(a, b): STATUS_SUCCESS when both lie in one mapped image,
// STATUS_NOT_SAME_DEVICE in two; STATUS_CONFLICTING_ADDRESSES when one is allocated memory, not a
// file's; STATUS_INVALID_ADDRESS where nothing is mapped.
uint32_t NtAreMappedFilesTheSame(WindowsProcess& p, Ptr a, Ptr b) {
  if (!p.memory.find(p.memory.page_down(a.addr)) || !p.memory.find(p.memory.page_down(b.addr))) return kInvalidAddress;
  // The view an address lies in: an image's base, a file view's (MapViewOfFile), or 0.
  auto view_of = [&](uint64_t addr) -> uint64_t {
    if (const loader::PeImage* image = image_containing(p, addr)) return image->base;
    auto it = p.mapped_views.upper_bound(addr);
    if (it == p.mapped_views.begin()) return 0;
    --it;
    return addr < it->first + it->second ? it->first : 0;
  };
  const uint64_t va = view_of(a.addr), vb = view_of(b.addr);
  if (!va || !vb) return kConflictingAddresses;
  return va == vb ? nt::kSuccess : kNotSameDevice;
}

// NtSetInformationVirtualMemory(process, class, count, ranges, info, info length): for
// VmPrefetchInformation (0), PrefetchVirtualMemory's work: each MEMORY_RANGE_ENTRY (VirtualAddress,
// NumberOfBytes, pointer-sized) brought into memory ahead of use (the host's MADV_WILLNEED); info is
// a ULONG of flags, none defined (0). Another process's ranges are not brought in by this one (its
// own pages are its host's). The page priority and control-flow-guard classes are not provided:
// STATUS_INVALID_PARAMETER_2, as for a class the system does not know.
uint32_t NtSetInformationVirtualMemory(WindowsProcess& p, Ptr process, uint32_t cls, USize count, Ptr ranges, Ptr info,
                                       uint32_t size) {
  constexpr uint32_t kInvalidParameter2 = 0xc00000f0, kInvalidParameter3 = 0xc00000f1, kInvalidParameter4 = 0xc00000f2,
                     kInvalidParameter5 = 0xc00000f3, kInvalidParameter6 = 0xc00000f4;
  if (cls != 0) return kInvalidParameter2;
  if (!info) return kInvalidParameter5;
  if (size != 4) return kInvalidParameter6;
  if (!count) return kInvalidParameter3;
  const unsigned w = p.isa->ptr;
  for (uint64_t i = 0; i < count; ++i)
    if (!p.get_ptr(ranges.addr + (2 * i + 1) * w)) return kInvalidParameter4;
  if (!p.is_current_process(process.addr)) return nt::kSuccess;
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t at = p.get_ptr(ranges.addr + 2 * i * w), bytes = p.get_ptr(ranges.addr + (2 * i + 1) * w);
    const uint64_t lo = p.memory.page_down(at), hi = p.memory.page_up(at + bytes);
    ::madvise(guest_pointer(lo), hi - lo, MADV_WILLNEED);
  }
  return nt::kSuccess;
}

}  // namespace ntdll_virtual_pages_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_page_exports() {
  using namespace ntdll_virtual_pages_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtProtectVirtualMemory", NtProtectVirtualMemory),
      EXPORT("NtQueryVirtualMemory", NtQueryVirtualMemory),
      EXPORT("NtLockVirtualMemory", NtLockVirtualMemory),
      EXPORT("NtUnlockVirtualMemory", NtUnlockVirtualMemory),
      EXPORT("NtFlushVirtualMemory", NtFlushVirtualMemory),
      EXPORT("NtReadVirtualMemory", NtReadVirtualMemory),
      EXPORT("NtWriteVirtualMemory", NtWriteVirtualMemory),
      EXPORT("NtAreMappedFilesTheSame", NtAreMappedFilesTheSame),
      EXPORT("NtSetInformationVirtualMemory", NtSetInformationVirtualMemory),
  };
  return exports;
}

}  // namespace polyrun::shims
