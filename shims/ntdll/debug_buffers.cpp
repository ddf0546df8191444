// NTDLL's process debug information: RtlCreateQueryDebugBuffer, RtlQueryProcessDebugInformation and
// RtlDestroyQueryDebugBuffer. The buffer is DEBUG_BUFFER (a block of the process heap, as large as
// asked and no smaller than the structure); a query of this process fills what its mask asks:
// PDI_MODULES the ModuleInformation, an RTL_PROCESS_MODULES block (LdrQueryProcessModuleInformation's),
// PDI_HEAPS the HeapInformation, an RTL_PROCESS_HEAPS block (each heap's base, flags, the bytes its
// live blocks take and the count of its entries, from its walk). The other classes (back traces,
// heap tags and blocks, locks) are not provided (STATUS_NOT_SUPPORTED), nor another process's
// information, which Windows gathers by a thread it starts in that process (STATUS_NOT_SUPPORTED).
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/heap.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_ldr_modules_impl {
uint32_t LdrQueryProcessModuleInformation(WindowsProcess& p, Ptr out, uint32_t size, Ptr required);  // ldr_modules.cpp
}

namespace ntdll_debug_buffers_impl {

constexpr uint32_t kPdiModules = 0x1, kPdiHeaps = 0x4, kPdiKnown = 0x3f;

// DEBUG_BUFFER's fields: SectionHandle, SectionBase, RemoteSectionBase, SectionBaseDelta,
// EventPairHandle, Unknown[2], RemoteThreadHandle, InfoClassMask, SizeOfInfo, AllocatedSize,
// SectionSize, ModuleInformation, BackTraceInformation, HeapInformation, LockInformation,
// Reserved[8], at the pointer's alignment.
struct Layout {
  uint32_t mask, size_of_info, modules, heaps, locks, size;
  explicit Layout(unsigned w) {
    mask = w == 8 ? 56 : 32;
    size_of_info = mask + 4;
    modules = w == 8 ? 72 : 48;
    heaps = modules + 2 * w;
    locks = heaps + w;
    size = locks + w + 8 * w;
  }
};

Ptr RtlCreateQueryDebugBuffer(WindowsProcess& p, uint32_t size, uint8_t) {
  const Layout l(p.isa->ptr);
  const uint32_t bytes = std::max(size, l.size);
  const uint64_t b = ntdll_text::heap_alloc(p, bytes);
  if (b) std::memset(guest_pointer(b), 0, bytes);
  return Ptr(b);
}

// RTL_PROCESS_HEAPS: NumberOfHeaps, then per heap RTL_HEAP_INFORMATION (BaseAddress, Flags,
// EntryOverhead, CreatorBackTraceIndex, BytesAllocated, BytesCommitted, NumberOfTags,
// NumberOfEntries, NumberOfPseudoTags, PseudoTagGranularity, Reserved[5], Tags, Entries).
uint64_t heap_information(WindowsProcess& p) {
  const unsigned w = p.isa->ptr;
  const uint32_t header = w, item = w == 8 ? 88 : 64;
  std::vector<uint64_t> heaps{p.heap.handle()};
  heaps.insert(heaps.end(), p.heap_order.begin(), p.heap_order.end());
  const uint64_t b = ntdll_text::heap_alloc(p, header + item * heaps.size());
  if (!b) return 0;
  std::memset(guest_pointer(b), 0, header + item * heaps.size());
  put<uint32_t>(b, static_cast<uint32_t>(heaps.size()));
  for (size_t i = 0; i < heaps.size(); ++i) {
    const uint64_t at = b + header + item * i;
    GuestHeap* heap = ntdll_heap::find_heap(p, heaps[i]);
    uint64_t allocated = 0, committed = 0;
    uint32_t entries = 0;
    GuestHeap::Entry e;
    while (ntdll_heap::walk_heap(p, heaps[i], e) == nt::kSuccess) {
      ++entries;
      if (e.flags & kHeapEntryBusy) allocated += e.size;
      if (e.flags & kHeapEntryRegion) committed += e.committed;
    }
    p.put_ptr(at, heaps[i]);
    put<uint32_t>(at + w, heap ? heap->flags() : 0);
    const uint32_t sizes = w == 8 ? 16 : 12;
    p.put_ptr(at + sizes, allocated);
    p.put_ptr(at + sizes + w, committed);
    put<uint32_t>(at + sizes + 2 * w + 4, entries);
  }
  return b;
}

uint32_t RtlQueryProcessDebugInformation(WindowsProcess& p, uint32_t pid, uint32_t mask, Ptr buffer) {
  if (!buffer) return nt::kInvalidParameter;
  if (pid != static_cast<uint32_t>(::getpid())) return nt::kNotSupported;
  if (mask & ~(kPdiModules | kPdiHeaps) & kPdiKnown) return nt::kNotSupported;
  const Layout l(p.isa->ptr);
  put<uint32_t>(buffer.addr + l.mask, mask);
  if (mask & kPdiModules) {
    const uint64_t required = ntdll_text::heap_alloc(p, 4);
    if (!required) return nt::kNoMemory;
    ntdll_ldr_modules_impl::LdrQueryProcessModuleInformation(p, Ptr(buffer.addr), 0, Ptr(required));
    const uint32_t need = get<uint32_t>(required);
    const uint64_t b = ntdll_text::heap_alloc(p, need);
    if (!b) return ntdll_text::heap_free(p, required), nt::kNoMemory;
    ntdll_text::heap_free(p, p.get_ptr(buffer.addr + l.modules));
    ntdll_ldr_modules_impl::LdrQueryProcessModuleInformation(p, Ptr(b), need, Ptr(required));
    ntdll_text::heap_free(p, required);
    p.put_ptr(buffer.addr + l.modules, b);
  }
  if (mask & kPdiHeaps) {
    ntdll_text::heap_free(p, p.get_ptr(buffer.addr + l.heaps));
    const uint64_t b = heap_information(p);
    if (!b) return nt::kNoMemory;
    p.put_ptr(buffer.addr + l.heaps, b);
  }
  return nt::kSuccess;
}

// The buffer and the blocks its queries hung on it, back to the process heap.
uint32_t RtlDestroyQueryDebugBuffer(WindowsProcess& p, Ptr buffer) {
  if (!buffer) return nt::kSuccess;
  const Layout l(p.isa->ptr);
  for (uint32_t at : {l.modules, l.modules + p.isa->ptr, l.heaps, l.locks})
    if (const uint64_t b = p.get_ptr(buffer.addr + at)) ntdll_text::heap_free(p, b);
  ntdll_text::heap_free(p, buffer.addr);
  return nt::kSuccess;
}

}  // namespace ntdll_debug_buffers_impl

const std::vector<Export>& ntdll_debug_buffer_exports() {
  using namespace ntdll_debug_buffers_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlCreateQueryDebugBuffer", RtlCreateQueryDebugBuffer),
      EXPORT("RtlQueryProcessDebugInformation", RtlQueryProcessDebugInformation),
      EXPORT("RtlDestroyQueryDebugBuffer", RtlDestroyQueryDebugBuffer),
  };
  return exports;
}

}  // namespace polyrun::shims
