// KERNEL32.dll and NTDLL.dll, virtual memory beyond VirtualAlloc (kernel32/kernel32.cpp): VirtualAlloc2 with
// its address requirements (lowest and highest address, alignment) and placeholders, the *Ex
// forms, NtAllocateVirtualMemory(Ex) and NtFreeVirtualMemory.
// A placeholder (MEM_RESERVE_PLACEHOLDER) is reserved address space that VirtualFree with
// MEM_PRESERVE_PLACEHOLDER splits and MEM_COALESCE_PLACEHOLDERS joins, and that an allocation
// (VirtualAlloc2) or a view (MapViewOfFile3, kernel32/mapping.cpp) takes the place of with
// MEM_REPLACE_PLACEHOLDER; freeing those with MEM_PRESERVE_PLACEHOLDER gives the placeholder back.
// Here a placeholder is inaccessible memory of the process, recorded as one. Another process's
// memory cannot be allocated or freed from here: the *Ex functions serve this process, and give
// ERROR_ACCESS_DENIED for another.
#include <sys/mman.h>

#include "shims/core/guest_memory.h"
#include "shims/kernel32/virtual.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

Ptr virtual_alloc(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t type, uint32_t protect);  // kernel32/kernel32.cpp
BOOL virtual_free(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t type);
BOOL virtual_protect(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t protect, uint64_t old);
uint32_t host_protection(uint32_t page_protection);

namespace {

constexpr uint32_t kCommit = 0x1000, kReserve = 0x2000, kReplacePlaceholder = 0x4000, kReservePlaceholder = 0x40000,
                   kTopDown = 0x100000, kRelease = 0x8000, kCoalescePlaceholders = 0x1, kPreservePlaceholder = 0x2;
constexpr uint32_t kPageNoAccess = 0x01;
constexpr uint64_t kGranule = 0x10000;
constexpr uint32_t kConflictingAddresses = 0xc0000018, kAccessDenied = 0xc0000022,
                   kInvalidPageProtection = 0xc0000045;  // STATUS_*

// VirtualAlloc2's process: NULL or this process's handle; another process's: ERROR_ACCESS_DENIED.
uint32_t process_error(WindowsProcess& p, uint64_t h, bool null_is_self) {
  if ((null_is_self && h == 0) || p.is_current_process(h)) return 0;
  return waitable_of_kind(p, h, Waitable::Kind::Process) ? uint32_t{ERROR_ACCESS_DENIED} : uint32_t{ERROR_INVALID_HANDLE};
}

// MEM_EXTENDED_PARAMETER: a type in the low byte of its first 8 bytes, then an 8-byte value;
// MEM_ADDRESS_REQUIREMENTS: LowestStartingAddress, HighestEndingAddress, Alignment (pointer-sized).
// The lowest address and the alignment are multiples of the allocation granularity, the highest
// one below one; with a base address given they must all be zero. A NUMA node (one node here)
// and attribute flags are accepted.
bool read_parameters(WindowsProcess& p, Ptr params, uint32_t count, AddressRequirements& r) {
  const unsigned w = p.isa->ptr;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t e = params.addr + i * 16ull;
    const uint8_t type = get<uint8_t>(e);
    const uint64_t value = w == 8 ? get<uint64_t>(e + 8) : get<uint32_t>(e + 8);
    switch (type) {
      case 1: {  // MemExtendedParameterAddressRequirements
        if (!value) return false;
        r.lowest = w == 8 ? get<uint64_t>(value) : get<uint32_t>(value);
        r.highest = w == 8 ? get<uint64_t>(value + w) : get<uint32_t>(value + w);
        r.alignment = w == 8 ? get<uint64_t>(value + 2 * w) : get<uint32_t>(value + 2 * w);
        if (r.lowest % kGranule || (r.highest && (r.highest + 1) % kGranule) ||
            (r.alignment && (r.alignment % kGranule || (r.alignment & (r.alignment - 1)))))
          return false;
        if (r.highest && r.highest < r.lowest) return false;
        // All zeroes ask nothing (and are what a call with a base address may pass).
        r.given = r.lowest || r.highest || r.alignment;
        break;
      }
      case 2:  // MemExtendedParameterNumaNode
      case 5:  // MemExtendedParameterAttributeFlags
        break;
      default:
        return false;
    }
  }
  return true;
}

// ---- placeholders ----

std::map<uint64_t, uint64_t>& placeholders(WindowsProcess& p) { return p.placeholders; }

// An allocation that took a placeholder's place, which MEM_PRESERVE_PLACEHOLDER gives back.
std::set<uint64_t>& from_placeholders(WindowsProcess& p) { return p.placeholder_allocations; }

BOOL split_placeholder(WindowsProcess& p, uint64_t addr, uint64_t size) {
  auto& ph = placeholders(p);
  auto it = ph.upper_bound(addr);
  if (it == ph.begin()) return fail(p, ERROR_INVALID_PARAMETER);
  --it;
  const uint64_t start = it->first, end = it->first + it->second;
  if (!size || addr + size > end || addr % p.memory.page_size() || size % p.memory.page_size())
    return fail(p, ERROR_INVALID_PARAMETER);
  ph.erase(it);
  if (addr > start) ph[start] = addr - start;
  ph[addr] = size;
  if (addr + size < end) ph[addr + size] = end - addr - size;
  return TRUE;
}

BOOL coalesce_placeholders(WindowsProcess& p, uint64_t addr, uint64_t size) {
  auto& ph = placeholders(p);
  uint64_t at = addr;
  std::vector<uint64_t> run;
  while (at < addr + size) {
    auto it = ph.find(at);
    if (it == ph.end()) return fail(p, ERROR_INVALID_PARAMETER);
    run.push_back(at);
    at += it->second;
  }
  if (at != addr + size || run.size() < 2) return fail(p, ERROR_INVALID_PARAMETER);
  for (uint64_t b : run) ph.erase(b);
  ph[addr] = size;
  return TRUE;
}

// Inaccessible memory, placed as the requirements ask: the lowest free range of the length on the
// alignment between the lowest and highest addresses.
uint64_t find_range(WindowsProcess& p, uint64_t length, const AddressRequirements& r) {
  const uint64_t align = std::max(r.alignment, kGranule);
  const uint64_t limit = r.highest ? r.highest + 1 : p.isa->limit;
  uint64_t at = std::max<uint64_t>(r.lowest, kGranule);
  at = (at + align - 1) & ~(align - 1);
  for (const auto& [start, vma] : p.memory.vmas()) {
    if (at + length > limit) return 0;
    if (vma.end <= at) continue;
    if (start >= at + length) break;
    at = (vma.end + align - 1) & ~(align - 1);
  }
  return at + length <= limit ? at : 0;
}

// MEM_RESERVE or MEM_COMMIT under address requirements (no address given).
Ptr alloc_within(WindowsProcess& p, uint64_t size, uint32_t type, uint32_t protect, const AddressRequirements& r) {
  const uint32_t prot = host_protection(protect);
  if (prot == ~0u || !size) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  const uint64_t length = (size + kGranule - 1) & ~(kGranule - 1);
  const uint64_t at = find_range(p, length, r);
  if (!at) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  mem::MapRequest req;
  req.fixed = true;
  req.noreserve = true;
  if (p.memory.map(at, length, (type & kCommit) ? prot : mem::kNone, req) < 0) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  p.virtual_allocs[at] = length;
  return Ptr(at);
}

Ptr virtual_alloc2(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t type, uint32_t protect, Ptr params,
                   uint32_t count) {
  if (uint32_t e = process_error(p, process.addr, true)) return Ptr(fail(p, e));
  AddressRequirements r;
  if (!read_parameters(p, params, count, r) || (r.given && base)) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  if (type & kReservePlaceholder) {
    if (type != (kReserve | kReservePlaceholder) || protect != kPageNoAccess || !size) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
    Ptr at = r.given ? alloc_within(p, size, kReserve, protect, r) : virtual_alloc(p, base.addr, size, kReserve, protect);
    if (!at) return at;
    p.virtual_allocs.erase(at.addr);
    placeholders(p)[at.addr] = (size + kGranule - 1) & ~(kGranule - 1);
    return at;
  }
  if (type & kReplacePlaceholder) {
    auto it = placeholders(p).find(base.addr);
    const uint32_t prot = host_protection(protect);
    if (!base || it == placeholders(p).end() || it->second != p.memory.page_up(size) || prot == ~0u ||
        (type & ~(kReplacePlaceholder | kReserve | kCommit)))
      return Ptr(fail(p, ERROR_INVALID_PARAMETER));
    if ((type & kCommit) && p.memory.protect(base.addr, it->second, prot) != 0) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
    p.virtual_allocs[base.addr] = it->second;
    from_placeholders(p).insert(base.addr);
    placeholders(p).erase(it);
    return base;
  }
  if (r.given && !(type & kTopDown)) return alloc_within(p, size, type, protect, r);
  return virtual_alloc(p, base.addr, size, type & ~kTopDown, protect);
}

Ptr VirtualAlloc2(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t type, uint32_t protect, Ptr params,
                  uint32_t count) {
  return virtual_alloc2(p, process, base, size, type, protect, params, count);
}

Ptr VirtualAllocEx(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t type, uint32_t protect) {
  if (uint32_t e = process_error(p, process.addr, false)) return Ptr(fail(p, e));
  return virtual_alloc(p, base.addr, size, type, protect);
}
// One NUMA node here: the preferred node is node 0 or none.
Ptr VirtualAllocExNuma(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t type, uint32_t protect, uint32_t node) {
  if (node != 0 && node != 0xffffffffu) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  return VirtualAllocEx(p, process, base, size, type, protect);
}
BOOL VirtualFreeEx(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t type) {
  if (uint32_t e = process_error(p, process.addr, false)) return fail(p, e);
  return virtual_free(p, base.addr, size, type);
}
BOOL VirtualProtectEx(WindowsProcess& p, Ptr process, Ptr base, USize size, uint32_t protect, Ptr old) {
  if (uint32_t e = process_error(p, process.addr, false)) return fail(p, e);
  return virtual_protect(p, base.addr, size, protect, old.addr);
}

// ---- NTDLL ----

uint32_t status_of_last_error(WindowsProcess& p) {
  switch (p.last_error()) {
    case ERROR_INVALID_PARAMETER: return nt::kInvalidParameter;
    case ERROR_NOT_ENOUGH_MEMORY: return nt::kNoMemory;
    case ERROR_INVALID_ADDRESS_W: return kConflictingAddresses;
    case ERROR_ACCESS_DENIED: return kAccessDenied;
    case ERROR_INVALID_HANDLE: return nt::kInvalidHandle;
    default: return nt::kUnsuccessful;
  }
}

// NtAllocateVirtualMemoryEx(process, &base, &size, type, protect, parameters, count): the base and
// size come back as placed.
uint32_t NtAllocateVirtualMemoryEx(WindowsProcess& p, Ptr process, Ptr base, Ptr size, uint32_t type, uint32_t protect,
                                   Ptr params, uint32_t count) {
  if (host_protection(protect) == ~0u) return kInvalidPageProtection;
  const uint32_t saved = p.last_error();
  Ptr at = virtual_alloc2(p, process, Ptr(p.get_ptr(base.addr)), USize(p.get_ptr(size.addr)), type, protect, params, count);
  if (!at) {
    const uint32_t status = status_of_last_error(p);
    p.set_last_error(saved);
    return status;
  }
  // The size comes back in whole pages (the base is on the allocation granularity).
  p.put_ptr(size.addr, p.memory.page_up(p.get_ptr(size.addr) + (p.get_ptr(base.addr) - p.memory.page_down(p.get_ptr(base.addr)))));
  p.put_ptr(base.addr, at.addr);
  return nt::kSuccess;
}
uint32_t NtAllocateVirtualMemory(WindowsProcess& p, Ptr process, Ptr base, USize, Ptr size, uint32_t type, uint32_t protect) {
  return NtAllocateVirtualMemoryEx(p, process, base, size, type, protect, Ptr(0), 0);
}
uint32_t NtFreeVirtualMemory(WindowsProcess& p, Ptr process, Ptr base, Ptr size, uint32_t type) {
  if (uint32_t e = process_error(p, process.addr, false)) return e == ERROR_ACCESS_DENIED ? kAccessDenied : nt::kInvalidHandle;
  const uint32_t saved = p.last_error();
  const uint64_t b = p.get_ptr(base.addr), s = p.get_ptr(size.addr);
  if (!virtual_free(p, b, s, type)) {
    const uint32_t status = status_of_last_error(p);
    p.set_last_error(saved);
    return status;
  }
  return nt::kSuccess;
}

}  // namespace

// VirtualFree's placeholder cases (kernel32/kernel32.cpp): splitting, joining, giving an allocation back to
// a placeholder, releasing one. False when the call is none of these.
bool placeholder_free(WindowsProcess& p, uint64_t addr, uint64_t size, uint32_t type, BOOL& result) {
  auto& ph = placeholders(p);
  if (type & kPreservePlaceholder) {
    if (!(type & kRelease) || (type & kCoalescePlaceholders)) return result = fail(p, ERROR_INVALID_PARAMETER), true;
    auto alloc = p.virtual_allocs.find(addr);
    if (alloc != p.virtual_allocs.end() && from_placeholders(p).count(addr) && (!size || size == alloc->second)) {
      const uint64_t length = alloc->second;
      p.memory.protect(addr, length, mem::kNone);
      ::madvise(reinterpret_cast<void*>(addr), length, MADV_DONTNEED);
      p.virtual_allocs.erase(alloc);
      from_placeholders(p).erase(addr);
      ph[addr] = length;
      return result = TRUE, true;
    }
    return result = split_placeholder(p, addr, size), true;
  }
  if (type & kCoalescePlaceholders) {
    if (!(type & kRelease)) return result = fail(p, ERROR_INVALID_PARAMETER), true;
    return result = coalesce_placeholders(p, addr, size), true;
  }
  auto it = ph.find(addr);
  if (it == ph.end()) {
    if (type & kRelease) from_placeholders(p).erase(addr);  // an allocation released for good
    return false;
  }
  if (!(type & kRelease) || (size && size != it->second)) return result = fail(p, ERROR_INVALID_PARAMETER), true;
  p.memory.unmap(addr, it->second);
  ph.erase(it);
  return result = TRUE, true;
}

bool take_placeholder(WindowsProcess& p, uint64_t base, uint64_t size) {
  auto it = placeholders(p).find(base);
  if (it == placeholders(p).end() || it->second != p.memory.page_up(size)) return false;
  placeholders(p).erase(it);
  return true;
}

void make_placeholder(WindowsProcess& p, uint64_t base, uint64_t size) {
  mem::MapRequest req;
  req.fixed = req.replace = req.noreserve = true;
  p.memory.map(base, size, mem::kNone, req);
  placeholders(p)[base] = size;
}

uint64_t place_within(WindowsProcess& p, uint64_t length, const AddressRequirements& r) { return find_range(p, length, r); }

bool read_address_requirements(WindowsProcess& p, Ptr params, uint32_t count, AddressRequirements& r) {
  return read_parameters(p, params, count, r);
}

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
// And these NTDLL's (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_virtual_exports() {
  static const std::vector<Export> exports = {
      EXPORT("NtAllocateVirtualMemory", NtAllocateVirtualMemory),
      EXPORT("NtAllocateVirtualMemoryEx", NtAllocateVirtualMemoryEx),
      EXPORT("NtFreeVirtualMemory", NtFreeVirtualMemory),
      EXPORT("ZwAllocateVirtualMemory", NtAllocateVirtualMemory),
      EXPORT("ZwFreeVirtualMemory", NtFreeVirtualMemory),
  };
  return exports;
}

}  // namespace polyrun::shims
