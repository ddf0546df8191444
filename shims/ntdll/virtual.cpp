// NTDLL's virtual memory: NtAllocateVirtualMemory(Ex) and NtFreeVirtualMemory, and under them the
// work of KERNEL32's VirtualAlloc, VirtualAlloc2 and VirtualFree (ntdll/virtual.h), with address
// requirements (lowest and highest address, alignment) and placeholders.
// A placeholder (MEM_RESERVE_PLACEHOLDER) is reserved address space that VirtualFree with
// MEM_PRESERVE_PLACEHOLDER splits and MEM_COALESCE_PLACEHOLDERS joins, and that an allocation
// (VirtualAlloc2) or a view (MapViewOfFile3, kernel32/mapping.cpp) takes the place of with
// MEM_REPLACE_PLACEHOLDER; freeing those with MEM_PRESERVE_PLACEHOLDER gives the placeholder back.
// Here a placeholder is inaccessible memory of the process, recorded as one. Another process's
// memory cannot be allocated or freed from here.
#include "shims/ntdll/virtual.h"

#include <sys/mman.h>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kCommit = 0x1000, kReserve = 0x2000, kReplacePlaceholder = 0x4000, kReservePlaceholder = 0x40000,
                   kTopDown = 0x100000, kRelease = 0x8000, kCoalescePlaceholders = 0x1, kPreservePlaceholder = 0x2;
constexpr uint32_t kPageNoAccess = 0x01;
constexpr uint64_t kGranule = 0x10000;
constexpr uint32_t kConflictingAddresses = 0xc0000018, kAccessDenied = 0xc0000022,
                   kInvalidPageProtection = 0xc0000045;  // STATUS_*

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

}  // namespace

uint32_t memory_process_error(WindowsProcess& p, uint64_t h, bool null_is_self) {
  if ((null_is_self && h == 0) || p.is_current_process(h)) return 0;
  return waitable_of_kind(p, h, Waitable::Kind::Process) ? uint32_t{ERROR_ACCESS_DENIED} : uint32_t{ERROR_INVALID_HANDLE};
}

uint32_t host_protection(uint32_t page) {
  switch (page & 0xff) {
    case 0x01: return mem::kNone;                              // PAGE_NOACCESS
    case 0x02: return mem::kRead;                              // PAGE_READONLY
    case 0x04: case 0x08: return mem::kRead | mem::kWrite;     // PAGE_READWRITE, WRITECOPY
    case 0x10: return mem::kExec;                              // PAGE_EXECUTE
    case 0x20: return mem::kExec | mem::kRead;                 // PAGE_EXECUTE_READ
    case 0x40: case 0x80: return mem::kExec | mem::kRead | mem::kWrite;
    default: return ~0u;
  }
}

uint32_t page_protection(uint32_t prot) {
  bool r = prot & mem::kRead, w = prot & mem::kWrite, x = prot & mem::kExec;
  if (x) return w ? 0x40 : r ? 0x20 : 0x10;
  if (w) return 0x04;
  if (r) return 0x02;
  return 0x01;
}

Ptr virtual_alloc(WindowsProcess& p, uint64_t address, uint64_t size, uint32_t type, uint32_t protect) {
  const Ptr addr(address);
  uint32_t prot = host_protection(protect);
  if (prot == ~0u || size == 0) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  // MEM_RESERVE alone gives inaccessible memory; MEM_COMMIT makes it usable. MEM_COMMIT alone at
  // an address commits pages of a reservation there; a reservation over memory in use fails.
  bool commit = type & 0x1000, reserve = type & 0x2000;
  if (addr.addr) {
    uint64_t lo = p.memory.page_down(addr.addr), hi = p.memory.page_up(addr.addr + size);
    if (p.memory.accessible(lo, hi - lo, mem::kNone)) {
      if (reserve) return Ptr(fail(p, ERROR_INVALID_ADDRESS_W));
      if (commit && p.memory.protect(lo, hi - lo, prot) != 0) return Ptr(fail(p, ERROR_INVALID_ADDRESS_W));
      return Ptr(lo);
    }
  }
  mem::MapRequest req;
  req.noreserve = true;
  uint64_t granule = 0x10000;  // allocation granularity
  uint64_t hint = addr.addr ? addr.addr & ~(granule - 1) : 0;
  if (hint) req.fixed = true;
  uint64_t length = (size + granule - 1) & ~(granule - 1);
  req.align = granule;  // Windows places allocations on the allocation granularity
  int64_t r = p.memory.map(hint, length, commit ? prot : mem::kNone, req);
  if (r < 0) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  p.virtual_allocs[static_cast<uint64_t>(r)] = length;
  return Ptr(static_cast<uint64_t>(r));
}

BOOL virtual_free(WindowsProcess& p, uint64_t address, uint64_t size, uint32_t type) {
  const Ptr addr(address);
  if (BOOL placeholder_result; placeholder_free(p, addr.addr, size, type, placeholder_result)) return placeholder_result;
  if (type & 0x8000) {  // MEM_RELEASE: a whole allocation, named by its base, size 0
    if (size) return fail(p, ERROR_INVALID_PARAMETER);
    auto it = p.virtual_allocs.find(addr.addr);
    if (it == p.virtual_allocs.end()) return fail(p, ERROR_INVALID_ADDRESS_W);
    p.memory.unmap(it->first, it->second);
    p.virtual_allocs.erase(it);
    return TRUE;
  }
  const mem::Vma* v = p.memory.find(addr.addr);
  if (!v) return fail(p, ERROR_INVALID_ADDRESS_W);
  uint64_t lo = p.memory.page_down(addr.addr), hi = p.memory.page_up(addr.addr + size);
  p.memory.protect(lo, hi - lo, mem::kNone);  // MEM_DECOMMIT
  ::madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
  return TRUE;
}

Ptr virtual_alloc2(WindowsProcess& p, uint64_t process_handle, uint64_t base_address, uint64_t size, uint32_t type,
                   uint32_t protect, uint64_t parameters, uint32_t count) {
  const Ptr process(process_handle), base(base_address), params(parameters);
  if (uint32_t e = memory_process_error(p, process.addr, true)) return Ptr(fail(p, e));
  AddressRequirements r;
  if (!read_parameters(p, params, count, r) || (r.given && base)) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  if (type & kReservePlaceholder) {
    if (type != (kReserve | kReservePlaceholder) || protect != kPageNoAccess || !size) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
    Ptr at = r.given ? alloc_within(p, size, kReserve, protect, r) : virtual_alloc(p, base.addr, size, kReserve, protect);
    if (!at) return at;
    p.virtual_allocs.erase(at.addr);
    placeholders(p)[at.addr] = p.memory.page_up(size);  // (a reservation of its pages, from a granule boundary)
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

// VirtualFree's placeholder cases (virtual_free): splitting, joining, giving an allocation back to
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

namespace {

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
  Ptr at = virtual_alloc2(p, process.addr, p.get_ptr(base.addr), p.get_ptr(size.addr), type, protect, params.addr, count);
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
  if (uint32_t e = memory_process_error(p, process.addr, false)) return e == ERROR_ACCESS_DENIED ? kAccessDenied : nt::kInvalidHandle;
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
