// KERNEL32.dll's heaps: the process heap and the heaps HeapCreate makes (shims/core/guest_heap.h), what
// a program can ask of them (HeapWalk, HeapValidate, HeapLock, HeapQueryInformation …), and the
// Local*/Global* functions over the process heap (fixed blocks: a handle is the block's address).
// HeapAlloc, HeapFree, HeapReAlloc, HeapSize, HeapValidate, HeapLock, HeapUnlock, GetProcessHeaps
// and HeapDestroy are NTDLL's Rtl*Heap functions (ntdll/heap.cpp) with KERNEL32's results.
#include "shims/ntdll/heap.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/seh.h"
#include "shims/core/win_errors.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

// HEAP_* flags of the calls.
constexpr uint32_t kNoSerialize = GuestHeap::kNoSerialize, kGenerateExceptions = GuestHeap::kGenerateExceptions;

#if defined(POLYRUN_NATIVE_X64) && !defined(__SANITIZE_THREAD__)
// HeapAlloc and HeapFree of the process heap as Win64 code (kernel32/heap_x64_leaf.S); not under
// ThreadSanitizer, which cannot see the blocks the thread caches hand between threads.
extern "C" void polyrun_kernel32_HeapAlloc();
extern "C" void polyrun_kernel32_HeapFree();
extern "C" uint64_t polyrun_kernel32_HeapAlloc_slow, polyrun_kernel32_HeapFree_slow;
#define HEAP_LEAF(fn) &polyrun_kernel32_##fn
#define HEAP_LEAF_SLOW(fn) &polyrun_kernel32_##fn##_slow
#else
#define HEAP_LEAF(fn) nullptr
#define HEAP_LEAF_SLOW(fn) nullptr
#endif

Ptr GetProcessHeap(WindowsProcess& p) { return Ptr(p.heap.handle()); }

Ptr HeapCreate(WindowsProcess& p, uint32_t flags, USize initial, USize maximum) {
  const uint64_t h = ntdll_heap::create_heap(p, flags, initial, maximum);
  return h ? Ptr(h) : Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
}

BOOL HeapDestroy(WindowsProcess& p, Ptr h) { return ntdll_heap::destroy_heap(p, h.addr) ? TRUE : FALSE; }

Ptr HeapAlloc(WindowsProcess& p, Ptr h, uint32_t flags, USize size) { return ntdll_heap::RtlAllocateHeap(p, h, flags, size); }
BOOL HeapFree(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block) { return ntdll_heap::RtlFreeHeap(p, h, flags, block); }
Ptr HeapReAlloc(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block, USize size) {
  return ntdll_heap::RtlReAllocateHeap(p, h, flags, block, size);
}
USize HeapSize(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block) { return ntdll_heap::RtlSizeHeap(p, h, flags, block); }
// The whole heap (block null) or one block; the last error stays as it was.
BOOL HeapValidate(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block) {
  return ntdll_heap::RtlValidateHeap(p, h, flags, block);
}

// PROCESS_HEAP_ENTRY: lpData, cbData (4), cbOverhead (1), iRegionIndex (1), wFlags (2), then a
// union: Block {hMem, dwReserved[3]} or Region {dwCommittedSize, dwUnCommittedSize, lpFirstBlock,
// lpLastBlock}; the fields after lpData move with the pointer's width. NTDLL's walk (RtlWalkHeap's).
BOOL HeapWalk(WindowsProcess& p, Ptr h, Ptr entry) {
  const uint64_t w = p.isa->ptr, at = entry.addr;
  GuestHeap::Entry e;
  e.data = p.get_ptr(at);
  e.region = get<uint8_t>(at + w + 5);
  e.flags = get<uint16_t>(at + w + 6);
  if (const uint32_t s = ntdll_heap::walk_heap(p, h.addr, e)) return fail(p, win_error_from_nt_status(s));
  p.put_ptr(at, e.data);
  put<uint32_t>(at + w, static_cast<uint32_t>(e.size));
  put<uint8_t>(at + w + 4, e.overhead);
  put<uint8_t>(at + w + 5, e.region);
  put<uint16_t>(at + w + 6, e.flags);
  const uint64_t u = at + w + 8;
  std::memset(guest_pointer(u), 0, 8 + 2 * w);
  if (e.flags & kHeapEntryRegion) ntdll_heap::put_walk_region(p, u, e);
  return TRUE;
}

BOOL HeapLock(WindowsProcess& p, Ptr h) { return ntdll_heap::RtlLockHeap(p, h); }
BOOL HeapUnlock(WindowsProcess& p, Ptr h) { return ntdll_heap::RtlUnlockHeap(p, h); }

// The largest free block; 0 with no error where there is none (RtlCompactHeap's).
USize HeapCompact(WindowsProcess& p, Ptr h, uint32_t) {
  bool found;
  const uint64_t n = ntdll_heap::compact_heap(p, h.addr, &found);
  if (!found) return USize(fail(p, ERROR_INVALID_HANDLE));
  if (!n) p.set_last_error(ERROR_SUCCESS);
  return USize(n);
}

// Every heap's handle, the process heap's first and then in the order made (RtlGetProcessHeaps).
uint32_t GetProcessHeaps(WindowsProcess& p, uint32_t count, Ptr heaps) {
  return ntdll_heap::RtlGetProcessHeaps(p, count, heaps);
}

// RtlQueryHeapInformation's and RtlSetHeapInformation's work, their NTSTATUS the last error's code.
BOOL HeapQueryInformation(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, USize len, Ptr needed) {
  const uint32_t s = ntdll_heap::query_heap_information(p, h.addr, cls, info.addr, len.v, needed.addr);
  return s ? fail(p, s == nt::kInvalidInfoClass ? ERROR_INVALID_PARAMETER : win_error_from_nt_status(s)) : TRUE;
}

BOOL HeapSetInformation(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, USize len) {
  const uint32_t s = ntdll_heap::set_heap_information(p, h.addr, cls, info.addr, len.v);
  return s ? fail(p, win_error_from_nt_status(s)) : TRUE;
}

// ---- LocalAlloc and GlobalAlloc: fixed blocks of the process heap ----

constexpr uint32_t kLmemZeroInit = 0x40;

Ptr LocalAlloc(WindowsProcess& p, uint32_t flags, USize size) {
  uint64_t b = p.heap.alloc(size.v, flags & kLmemZeroInit);
  return b ? Ptr(b) : Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
}
// Null once freed; the block back where it is not one (ERROR_INVALID_HANDLE).
Ptr LocalFree(WindowsProcess& p, Ptr block) {
  if (p.heap.free(block.addr)) return Ptr(0);
  heap_corruption(p, "LocalFree", p.heap.handle(), block.addr);
  p.set_last_error(ERROR_INVALID_HANDLE);
  return block;
}
Ptr GlobalAlloc(WindowsProcess& p, uint32_t flags, USize size) { return LocalAlloc(p, flags, size); }
Ptr GlobalFree(WindowsProcess& p, Ptr block) { return LocalFree(p, block); }
// LocalShrink: a 16-bit Windows heap compaction; Win32's does nothing and returns 0.
USize LocalShrink(WindowsProcess&, Ptr, uint32_t) { return USize{0}; }
Ptr LocalReAlloc(WindowsProcess& p, Ptr block, USize size, uint32_t flags) {
  if (!p.heap.owns(block.addr)) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  uint64_t b = p.heap.realloc(block.addr, size.v, false, flags & kLmemZeroInit);
  return b ? Ptr(b) : Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
}
USize LocalSize(WindowsProcess& p, Ptr block) {
  if (!p.heap.owns(block.addr)) return USize(fail(p, ERROR_INVALID_HANDLE));
  return USize(p.heap.size(block.addr));
}
Ptr LocalLock(WindowsProcess&, Ptr block) { return block; }
// A fixed block is never locked: LocalUnlock fails with ERROR_NOT_LOCKED, GlobalUnlock succeeds
// with the error as it was (wine's heap tests, test_LocalAlloc and test_GlobalAlloc, on Windows).
BOOL LocalUnlock(WindowsProcess& p, Ptr) { return fail(p, ERROR_NOT_LOCKED); }
BOOL GlobalUnlock(WindowsProcess&, Ptr) { return TRUE; }

// What 16-bit Windows' movable and discardable memory asked, of fixed blocks: a block is its own
// handle (GlobalHandle, LocalHandle: the block back, or null with ERROR_INVALID_HANDLE for what is
// no block), has no flags and no lock count (GlobalFlags, LocalFlags: 0, or GMEM_INVALID_HANDLE
// 0x8000), and is fixed already (GlobalFix, GlobalWire: locked as GlobalLock locks it). Compacting
// tells the largest free block (GlobalCompact's and LocalCompact's pages), moving nothing.
constexpr uint32_t kInvalidHandleFlag = 0x8000;
Ptr memory_handle(WindowsProcess& p, Ptr block) {
  if (!block || !p.heap.owns(block.addr)) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  return block;
}
uint32_t memory_flags(WindowsProcess& p, Ptr block) {
  if (!block || !p.heap.owns(block.addr)) return fail(p, ERROR_INVALID_HANDLE), kInvalidHandleFlag;
  return 0;
}
USize memory_compact(WindowsProcess& p, uint32_t) { return USize(p.heap.largest_free()); }
void GlobalFix(WindowsProcess& p, Ptr block) { LocalLock(p, block); }
void GlobalUnfix(WindowsProcess& p, Ptr block) { GlobalUnlock(p, block); }
Ptr GlobalWire(WindowsProcess& p, Ptr block) { return LocalLock(p, block); }
BOOL GlobalUnWire(WindowsProcess& p, Ptr block) { return GlobalUnlock(p, block); }

}  // namespace

const std::vector<Export>& kernel32_heap_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GetProcessHeap", GetProcessHeap),
      EXPORT("GetProcessHeaps", GetProcessHeaps),
      EXPORT("HeapCreate", HeapCreate),
      EXPORT("HeapDestroy", HeapDestroy),
      EXPORT_LEAF_SLOW("HeapAlloc", HeapAlloc, HEAP_LEAF(HeapAlloc), HEAP_LEAF_SLOW(HeapAlloc)),
      EXPORT_LEAF_SLOW("HeapFree", HeapFree, HEAP_LEAF(HeapFree), HEAP_LEAF_SLOW(HeapFree)),
      EXPORT_DIRECT("HeapReAlloc", HeapReAlloc),
      EXPORT_DIRECT("HeapSize", HeapSize),
      EXPORT("HeapValidate", HeapValidate),
      EXPORT("HeapWalk", HeapWalk),
      EXPORT("HeapLock", HeapLock),
      EXPORT("HeapUnlock", HeapUnlock),
      EXPORT("HeapCompact", HeapCompact),
      EXPORT("HeapQueryInformation", HeapQueryInformation),
      EXPORT("HeapSetInformation", HeapSetInformation),
      EXPORT("LocalAlloc", LocalAlloc),
      EXPORT("LocalReAlloc", LocalReAlloc),
      EXPORT("LocalSize", LocalSize),
      EXPORT("LocalLock", LocalLock),
      EXPORT("LocalUnlock", LocalUnlock),
      EXPORT("LocalFree", LocalFree),
      EXPORT("LocalShrink", LocalShrink),
      EXPORT("GlobalAlloc", GlobalAlloc),
      EXPORT("GlobalFree", GlobalFree),
      EXPORT("GlobalReAlloc", LocalReAlloc),
      EXPORT("GlobalSize", LocalSize),
      EXPORT("GlobalLock", LocalLock),
      EXPORT("GlobalUnlock", GlobalUnlock),
      EXPORT("GlobalHandle", memory_handle),
      EXPORT("LocalHandle", memory_handle),
      EXPORT("GlobalFlags", memory_flags),
      EXPORT("LocalFlags", memory_flags),
      EXPORT("GlobalCompact", memory_compact),
      EXPORT("LocalCompact", memory_compact),
      EXPORT("GlobalFix", GlobalFix),
      EXPORT("GlobalUnfix", GlobalUnfix),
      EXPORT("GlobalWire", GlobalWire),
      EXPORT("GlobalUnWire", GlobalUnWire),
  };
  return exports;
}

}  // namespace polyrun::shims
