// NTDLL's heap functions (ntdll/heap.cpp), which KERNEL32's heap functions call (kernel32/heap.cpp)
// as Windows' do, and what they share with KERNEL32's and the C runtime's: the heap a handle names,
// HeapLock's lock, heap corruption. The heaps themselves are core's GuestHeap (core/guest_heap.h).
// These functions keep KERNEL32's conventions: a failure sets the last error (HeapAlloc's).
#pragma once

#include <cstdint>

#include "shims/core/shim.h"

namespace polyrun::shims {

// `call` (HeapFree, free, realloc …) was handed `block`, which is not a live block of `heap`: where
// Windows ends the process for heap corruption (WindowsProcess::heap_terminates) the process ends
// here with STATUS_HEAP_CORRUPTION; otherwise this returns and the call fails.
void heap_corruption(WindowsProcess& p, const char* call, uint64_t heap, uint64_t block);

namespace ntdll_heap {

// RtlAllocateHeap, RtlFreeHeap, RtlReAllocateHeap, RtlSizeHeap, RtlValidateHeap, RtlLockHeap,
// RtlUnlockHeap, RtlGetProcessHeaps: HeapAlloc's, HeapFree's … work. Natively, HeapAlloc, HeapFree,
// HeapReAlloc and HeapSize are direct calls for the process heap, and these make a call on another
// heap (or one that may raise an exception) again through the dispatcher.
Ptr RtlAllocateHeap(WindowsProcess& p, Ptr h, uint32_t flags, USize size);
uint8_t RtlFreeHeap(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block);
Ptr RtlReAllocateHeap(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block, USize size);
USize RtlSizeHeap(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block);
uint8_t RtlValidateHeap(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block);
uint8_t RtlLockHeap(WindowsProcess& p, Ptr h);
uint8_t RtlUnlockHeap(WindowsProcess& p, Ptr h);
uint32_t RtlGetProcessHeaps(WindowsProcess& p, uint32_t count, Ptr heaps);
// HeapCreate's work (RtlCreateHeap's): a private heap of `initial` bytes at first, growable
// (`maximum` 0) or of `maximum` bytes at most; its handle, 0 when it cannot be made.
uint64_t create_heap(WindowsProcess& p, uint32_t flags, uint64_t initial, uint64_t maximum);
// HeapDestroy's work (RtlDestroyHeap's): false, with ERROR_INVALID_HANDLE, for a handle that names
// no heap HeapCreate made (the process heap stays too).
bool destroy_heap(WindowsProcess& p, uint64_t h);

// HeapWalk's work (RtlWalkHeap's): the entry after `e` (e.data 0: the first);
// STATUS_NO_MORE_ENTRIES at the end, STATUS_INVALID_HANDLE for a handle that is no heap.
uint32_t walk_heap(WindowsProcess& p, uint64_t h, GuestHeap::Entry& e);
// A region entry's part of a walk entry at `at` (RtlWalkHeap's and HeapWalk's alike): the
// committed and uncommitted sizes, the first block and the region's end.
void put_walk_region(WindowsProcess& p, uint64_t at, const GuestHeap::Entry& e);
// HeapCompact's (RtlCompactHeap's): the largest free block; *found false for a handle that is no heap.
uint64_t compact_heap(WindowsProcess& p, uint64_t h, bool* found);
// HeapQueryInformation's and HeapSetInformation's work (RtlQueryHeapInformation's,
// RtlSetHeapInformation's): HeapCompatibilityInformation (the low-fragmentation heap) and
// HeapEnableTerminationOnCorruption; the NTSTATUS.
uint32_t query_heap_information(WindowsProcess& p, uint64_t h, uint32_t cls, uint64_t info, uint64_t length,
                                uint64_t needed);
uint32_t set_heap_information(WindowsProcess& p, uint64_t h, uint32_t cls, uint64_t info, uint64_t length);

// The heap a handle names: the process heap or one HeapCreate made; null for another.
GuestHeap* find_heap(WindowsProcess& p, uint64_t h);

}  // namespace ntdll_heap

}  // namespace polyrun::shims
