// NTDLL's heap functions: RtlAllocateHeap, RtlFreeHeap, RtlReAllocateHeap, RtlSizeHeap,
// RtlValidateHeap, RtlLockHeap, RtlUnlockHeap, RtlGetProcessHeaps and RtlDestroyHeap; the walk and
// the heap's information (RtlWalkHeap, RtlCompactHeap, RtlQuery/SetHeapInformation: HeapWalk's,
// HeapCompact's and Heap*Information's work) and a block's user value and flags
// (RtlSetUserValueHeap, RtlSetUserFlagsHeap, RtlGetUserInfoHeap), on the process
// heap and the heaps HeapCreate makes (core/guest_heap.h), which KERNEL32's Heap* functions call
// (ntdll/heap.h). A block that is not live handed to a heap is heap corruption, which ends the
// process as Windows ends it (heap_corruption).
#include "shims/ntdll/heap.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

void heap_corruption(WindowsProcess& p, const char* call, uint64_t heap, uint64_t block) {
  if (!p.heap_terminates) return;
  char why[160];
  std::snprintf(why, sizeof why, "heap corruption: %s of 0x%llx, not a live block of heap 0x%llx", call,
                static_cast<unsigned long long>(block), static_cast<unsigned long long>(heap));
  fail_fast(p, kStatusHeapCorruption, why);
}

namespace ntdll_heap {

namespace {

// HEAP_* flags of the calls.
constexpr uint32_t kNoSerialize = GuestHeap::kNoSerialize, kGenerateExceptions = GuestHeap::kGenerateExceptions,
                   kZeroMemory = 0x8, kReallocInPlaceOnly = 0x10;
constexpr uint32_t kNoMoreEntries = 0x8000001a;

// Natively, HeapAlloc, HeapFree, HeapReAlloc and HeapSize are direct calls for the process heap;
// a direct call touches no table of the process's and raises nothing, so for another heap, or
// where an exception may be raised, it is made again through the dispatcher (true: return now).
bool redo(WindowsProcess& p, uint64_t h, uint32_t flags) {
  if (h == p.heap.handle() && !(flags & kGenerateExceptions)) return false;
  return p.cpu().redo_as_host_call();
}

}  // namespace

GuestHeap* find_heap(WindowsProcess& p, uint64_t h) {
  if (!h) return nullptr;
  if (h == p.heap.handle()) return &p.heap;
  auto it = p.heaps.find(h);
  return it == p.heaps.end() ? nullptr : it->second.get();
}

namespace {

// HeapLock's lock, waited for with the execution lock released where another thread holds it.
void take_heap_lock(WindowsProcess& p, GuestHeap& h) {
  if (!h.try_user_lock()) blocking(p, [&] {
      h.user_lock();
      return 0;
    });
}

// A call on a heap that another thread holds with HeapLock waits for its HeapUnlock (with the
// execution lock released), but not with HEAP_NO_SERIALIZE (the call's or the heap's) nor on a
// low-fragmentation heap, whose blocks Windows hands out without the heap's lock.
template <typename F>
auto serialized(WindowsProcess& p, GuestHeap& h, uint32_t flags, F&& f) {
  if (((flags | h.flags()) & kNoSerialize) || h.low_fragmentation()) return f();
  take_heap_lock(p, h);
  auto r = f();
  h.user_unlock();
  return r;
}

// Out of memory: STATUS_NO_MEMORY raised where the heap or the call asks for exceptions
// (HEAP_GENERATE_EXCEPTIONS), else ERROR_NOT_ENOUGH_MEMORY.
Ptr out_of_memory(WindowsProcess& p, const GuestHeap& h, uint32_t flags, uint32_t pop) {
  if ((flags | h.flags()) & kGenerateExceptions) raise_from_host_call(p, kStatusNoMemory, kExceptionNoncontinuable, {}, pop);
  p.set_last_error(ERROR_NOT_ENOUGH_MEMORY);
  return Ptr(0);
}

// A block's user value and user flags (HEAP_SETTABLE_USER_VALUE and HEAP_SETTABLE_USER_FLAG1-3 at
// its allocation: RtlSetUserValueHeap, RtlSetUserFlagsHeap, RtlGetUserInfoHeap), by heap and block,
// kept while the block lives (natively, blocks of the process heap HeapAlloc hands out without a
// crossing have none).
constexpr uint32_t kSettableUserValue = 0x100, kSettableUserFlags = 0xe00;
struct UserInfo {
  uint64_t value = 0;
  uint32_t flags = 0;
};
struct UserInfos {
  std::mutex m;
  std::map<std::pair<uint64_t, uint64_t>, UserInfo> blocks;
  std::atomic<bool> any{false};
};
UserInfos& user_infos() {
  static UserInfos all;
  return all;
}
void user_info_allocated(uint64_t heap, uint64_t block, uint32_t flags) {
  UserInfos& u = user_infos();
  if (!(flags & kSettableUserValue) && !u.any.load(std::memory_order_relaxed)) return;
  std::lock_guard<std::mutex> g(u.m);
  if (flags & kSettableUserValue) {
    u.blocks[{heap, block}] = UserInfo{0, flags & kSettableUserFlags};
    u.any = true;
  } else {
    u.blocks.erase({heap, block});
  }
}
void user_info_freed(uint64_t heap, uint64_t block, uint64_t moved_to = 0) {
  UserInfos& u = user_infos();
  if (!u.any.load(std::memory_order_relaxed)) return;
  std::lock_guard<std::mutex> g(u.m);
  auto it = u.blocks.find({heap, block});
  if (it == u.blocks.end()) return;
  const UserInfo info = it->second;
  u.blocks.erase(it);
  if (moved_to) u.blocks[{heap, moved_to}] = info;
}

}  // namespace

Ptr RtlAllocateHeap(WindowsProcess& p, Ptr h, uint32_t flags, USize size) {
  if (redo(p, h.addr, flags)) return Ptr(0);
  GuestHeap* heap = find_heap(p, h.addr);
  if (!heap) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  uint64_t b = serialized(p, *heap, flags, [&] { return heap->alloc(size.v, flags & kZeroMemory); });
  if (b) user_info_allocated(h.addr, b, flags);
  return b ? Ptr(b) : out_of_memory(p, *heap, flags, popped_by<&RtlAllocateHeap>(p));
}

uint8_t RtlFreeHeap(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block) {
  if (!block) return TRUE;
  if (redo(p, h.addr, flags)) return FALSE;
  GuestHeap* heap = find_heap(p, h.addr);
  if (!heap) return fail(p, ERROR_INVALID_HANDLE);
  if (serialized(p, *heap, flags, [&] { return heap->free(block.addr); })) {
    user_info_freed(h.addr, block.addr);
    return TRUE;
  }
  heap_corruption(p, "HeapFree", h.addr, block.addr);
  return fail(p, ERROR_INVALID_PARAMETER);
}

Ptr RtlReAllocateHeap(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block, USize size) {
  if (redo(p, h.addr, flags)) return Ptr(0);
  if (!block) return Ptr(fail(p, ERROR_SUCCESS));  // (Windows sets no error: wine's heap tests)
  GuestHeap* heap = find_heap(p, h.addr);
  if (!heap) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  if (!heap->owns(block.addr)) {
    heap_corruption(p, "HeapReAlloc", h.addr, block.addr);
    return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  }
  uint64_t b = serialized(p, *heap, flags, [&] {
    return heap->realloc(block.addr, size.v, flags & kReallocInPlaceOnly, flags & kZeroMemory);
  });
  if (b) user_info_freed(h.addr, block.addr, b);
  return b ? Ptr(b) : out_of_memory(p, *heap, flags, popped_by<&RtlReAllocateHeap>(p));
}

USize RtlSizeHeap(WindowsProcess& p, Ptr h, uint32_t flags, Ptr block) {
  if (redo(p, h.addr, flags)) return USize(0);
  GuestHeap* heap = find_heap(p, h.addr);
  uint64_t n = heap ? heap->size(block.addr) : ~0ull;
  if (n == ~0ull) p.set_last_error(ERROR_INVALID_PARAMETER);
  return USize(p.isa->ptr == 8 ? n : n & 0xffffffffu);
}

// The whole heap (block null) or one block; the last error stays as it was.
uint8_t RtlValidateHeap(WindowsProcess& p, Ptr h, uint32_t, Ptr block) {
  GuestHeap* heap = find_heap(p, h.addr);
  if (!heap) return FALSE;
  return block ? heap->owns(block.addr) : heap->validate();
}

uint8_t RtlLockHeap(WindowsProcess& p, Ptr h) {
  GuestHeap* heap = find_heap(p, h.addr);
  if (!heap) return fail(p, ERROR_INVALID_HANDLE);
  if (heap->flags() & kNoSerialize) return TRUE;  // (such a heap has no lock)
  take_heap_lock(p, *heap);
  return TRUE;
}

uint8_t RtlUnlockHeap(WindowsProcess& p, Ptr h) {
  GuestHeap* heap = find_heap(p, h.addr);
  if (!heap) return fail(p, ERROR_INVALID_HANDLE);
  if (heap->flags() & kNoSerialize) return TRUE;
  return heap->user_unlock() ? TRUE : fail(p, ERROR_NOT_LOCKED);
}

// Every heap's handle, the process heap's first and then in the order made; the count is the
// whole number even where `count` holds fewer (the first `count` are stored).
uint32_t RtlGetProcessHeaps(WindowsProcess& p, uint32_t count, Ptr heaps) {
  std::vector<uint64_t> all{p.heap.handle()};
  all.insert(all.end(), p.heap_order.begin(), p.heap_order.end());
  for (uint32_t i = 0; i < count && i < all.size(); ++i) p.put_ptr(heaps.addr + i * p.isa->ptr, all[i]);
  return static_cast<uint32_t>(all.size());
}

bool destroy_heap(WindowsProcess& p, uint64_t h) {
  auto it = p.heaps.find(h);
  if (it == p.heaps.end()) return fail(p, ERROR_INVALID_HANDLE);  // the process heap stays too
  it->second->destroy();
  p.heaps.erase(it);
  p.heap_order.erase(std::find(p.heap_order.begin(), p.heap_order.end(), h));
  return true;
}

// Blocks a fixed-size heap refuses, as large as Windows gives blocks their own mapping (its
// VirtualAlloc threshold: wine's heap tests, test_block_layout).
constexpr uint64_t kLargeBlock64 = 0xff000, kLargeBlock32 = 0x7f000;

uint64_t create_heap(WindowsProcess& p, uint32_t flags, uint64_t initial, uint64_t maximum) {
  const uint32_t kept = flags & (kNoSerialize | kGenerateExceptions | GuestHeap::kCreateEnableExecute);
  GuestHeap::Options o =
      WindowsProcess::heap_options(*p.isa, kept | GuestHeap::kPrivate | (maximum ? 0 : GuestHeap::kGrowable));
  o.magic = GuestHeap::kPrivateMagic;
  o.first_region = std::max<uint64_t>(0x10000, p.memory.page_up(initial));
  if (maximum) {  // a fixed-size heap
    o.maximum = std::max(maximum, initial);
    o.first_region = p.memory.page_up(o.maximum);
    o.large_limit = p.isa->ptr == 8 ? kLargeBlock64 : kLargeBlock32;
    if (o.first_region < o.maximum) return 0;
  }
  auto heap = std::make_unique<GuestHeap>(p.memory, p.isa->limit, p.lock, o);
  const uint64_t h = heap->handle();
  if (!h) return 0;
  p.heaps[h] = std::move(heap);
  p.heap_order.push_back(h);
  return h;
}

namespace {

// RtlCreateHeap(flags, base, reserve, commit, lock, parameters): a heap of `commit` bytes at first,
// growable with HEAP_GROWABLE (2), else of `reserve` at most. Memory the caller gives it (`base`)
// or a lock of its own are not taken: null, as Windows answers a heap it cannot make.
Ptr RtlCreateHeap(WindowsProcess& p, uint32_t flags, Ptr base, USize reserve, USize commit, Ptr lock, Ptr) {
  constexpr uint32_t kGrowable = 2;
  if (base || lock) return Ptr(0);
  const uint64_t maximum = (flags & kGrowable) ? 0 : std::max<uint64_t>(reserve, commit ? uint64_t{commit} : 0x10000);
  return Ptr(create_heap(p, flags, commit, maximum));
}

// Null once destroyed, the handle where it was not.
Ptr RtlDestroyHeap(WindowsProcess& p, Ptr h) { return destroy_heap(p, h.addr) ? Ptr(0) : h; }

}  // namespace

void put_walk_region(WindowsProcess& p, uint64_t at, const GuestHeap::Entry& e) {
  put<uint32_t>(at, e.committed);
  put<uint32_t>(at + 4, e.uncommitted);
  p.put_ptr(at + 8, e.first);
  p.put_ptr(at + 8 + p.isa->ptr, e.last);
}
uint32_t walk_heap(WindowsProcess& p, uint64_t h, GuestHeap::Entry& e) {
  GuestHeap* heap = find_heap(p, h);
  if (!heap) return nt::kInvalidHandle;
  return heap->next(e) ? nt::kSuccess : kNoMoreEntries;
}

uint64_t compact_heap(WindowsProcess& p, uint64_t h, bool* found) {
  GuestHeap* heap = find_heap(p, h);
  *found = heap != nullptr;
  return heap ? heap->largest_free() : 0;
}

// HEAP_INFORMATION_CLASS
constexpr uint32_t kHeapCompatibilityInformation = 0, kHeapEnableTerminationOnCorruption = 1;
constexpr uint32_t kLowFragmentationHeap = 2;

uint32_t query_heap_information(WindowsProcess& p, uint64_t h, uint32_t cls, uint64_t info, uint64_t length,
                                uint64_t needed) {
  if (cls != kHeapCompatibilityInformation) return nt::kInvalidInfoClass;
  GuestHeap* heap = find_heap(p, h);
  if (!heap) return 0xc0000005;  // STATUS_ACCESS_VIOLATION: what a handle that is no heap leads to
  if (needed) p.put_ptr(needed, 4);
  if (length < 4 || !info) return nt::kBufferTooSmall;
  put<uint32_t>(info, heap->low_fragmentation() ? kLowFragmentationHeap : 0);
  return nt::kSuccess;
}

uint32_t set_heap_information(WindowsProcess& p, uint64_t h, uint32_t cls, uint64_t info, uint64_t length) {
  if (cls == kHeapEnableTerminationOnCorruption) {  // for every heap of the process, for good
    p.heap_terminates = true;
    return nt::kSuccess;
  }
  if (cls != kHeapCompatibilityInformation) return nt::kInvalidParameter;
  GuestHeap* heap = find_heap(p, h);
  if (!heap) return nt::kInvalidHandle;
  if (length < 4 || !info) return nt::kBufferTooSmall;
  const uint32_t value = get<uint32_t>(info);
  if (value == kLowFragmentationHeap) {
    // Not for a heap without a lock, nor a fixed-size one (HeapSetInformation's page).
    if ((heap->flags() & kNoSerialize) || !(heap->flags() & GuestHeap::kGrowable)) return nt::kInvalidParameter;
    heap->set_low_fragmentation();
    return nt::kSuccess;
  }
  if (value > kLowFragmentationHeap) return nt::kInvalidParameter;
  return heap->low_fragmentation() ? nt::kUnsuccessful : nt::kSuccess;  // the LFH cannot be turned off
}

namespace {

// RTL_HEAP_WALK_ENTRY: DataAddress, DataSize (pointer-sized), OverheadBytes, SegmentIndex, Flags,
// then at the pointer's alignment a union: Block {Settable, TagIndex, AllocatorBackTraceIndex,
// Reserved[2]} or Segment {CommittedSize, UnCommittedSize, FirstEntry, LastEntry}. Its flags are
// RTL_HEAP_BUSY 1, RTL_HEAP_SEGMENT 2, RTL_HEAP_SETTABLE_VALUE 0x10 (and the settable flags
// 0x20-0x80), RTL_HEAP_UNCOMMITTED_RANGE 0x100, where HeapWalk's are PROCESS_HEAP_*.
constexpr uint16_t kRtlBusy = 1, kRtlSegment = 2, kRtlSettableValue = 0x10, kRtlUncommitted = 0x100;

uint32_t RtlWalkHeap(WindowsProcess& p, Ptr h, Ptr entry) {
  const uint64_t w = p.isa->ptr, at = entry.addr, u = at + (w == 8 ? 24 : 12);
  GuestHeap::Entry e;
  e.data = p.get_ptr(at);
  e.region = get<uint8_t>(at + 2 * w + 1);
  const uint16_t rtl = get<uint16_t>(at + 2 * w + 2);
  e.flags = static_cast<uint16_t>(((rtl & kRtlBusy) ? kHeapEntryBusy : 0) | ((rtl & kRtlSegment) ? kHeapEntryRegion : 0) |
                                  ((rtl & kRtlUncommitted) ? kHeapEntryUncommitted : 0));
  if (const uint32_t s = walk_heap(p, h.addr, e)) return s;
  uint16_t flags = static_cast<uint16_t>(((e.flags & kHeapEntryBusy) ? kRtlBusy : 0) |
                                         ((e.flags & kHeapEntryRegion) ? kRtlSegment : 0) |
                                         ((e.flags & kHeapEntryUncommitted) ? kRtlUncommitted : 0));
  std::memset(guest_pointer(u), 0, 8 + 2 * w);
  if (e.flags & kHeapEntryRegion) {
    put_walk_region(p, u, e);
  } else if (e.flags & kHeapEntryBusy) {
    UserInfos& ui = user_infos();
    std::lock_guard<std::mutex> g(ui.m);
    auto it = ui.blocks.find({h.addr, e.data});
    if (it != ui.blocks.end()) {
      flags |= static_cast<uint16_t>(kRtlSettableValue | (it->second.flags >> 4));
      p.put_ptr(u, it->second.value);
    }
  }
  p.put_ptr(at, e.data);
  p.put_ptr(at + w, e.size);
  put<uint8_t>(at + 2 * w, e.overhead);
  put<uint8_t>(at + 2 * w + 1, e.region);
  put<uint16_t>(at + 2 * w + 2, flags);
  return nt::kSuccess;
}

// The largest free block; 0 where there is none (or for a handle that is no heap).
USize RtlCompactHeap(WindowsProcess& p, Ptr h, uint32_t) {
  bool found;
  return USize(compact_heap(p, h.addr, &found));
}

uint32_t RtlQueryHeapInformation(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, USize length, Ptr needed) {
  return query_heap_information(p, h.addr, cls, info.addr, length.v, needed.addr);
}
uint32_t RtlSetHeapInformation(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, USize length) {
  return set_heap_information(p, h.addr, cls, info.addr, length.v);
}

// A block allocated with HEAP_SETTABLE_USER_VALUE: its value and flags set and read (FALSE for
// another block, or one not live).
uint8_t RtlSetUserValueHeap(WindowsProcess&, Ptr h, uint32_t, Ptr block, Ptr value) {
  UserInfos& u = user_infos();
  std::lock_guard<std::mutex> g(u.m);
  auto it = u.blocks.find({h.addr, block.addr});
  if (it == u.blocks.end()) return 0;
  it->second.value = value.addr;
  return 1;
}
uint8_t RtlSetUserFlagsHeap(WindowsProcess&, Ptr h, uint32_t, Ptr block, uint32_t clear, uint32_t set) {
  if ((clear | set) & ~kSettableUserFlags) return 0;
  UserInfos& u = user_infos();
  std::lock_guard<std::mutex> g(u.m);
  auto it = u.blocks.find({h.addr, block.addr});
  if (it == u.blocks.end()) return 0;
  it->second.flags = (it->second.flags & ~clear) | set;
  return 1;
}
uint8_t RtlGetUserInfoHeap(WindowsProcess& p, Ptr h, uint32_t, Ptr block, Ptr value, Ptr flags) {
  GuestHeap* heap = find_heap(p, h.addr);
  if (!heap || !heap->owns(block.addr)) return 0;
  UserInfo info;
  {
    UserInfos& u = user_infos();
    std::lock_guard<std::mutex> g(u.m);
    auto it = u.blocks.find({h.addr, block.addr});
    if (it != u.blocks.end()) info = it->second;
  }
  if (value) p.put_ptr(value.addr, info.value);
  if (flags) put<uint32_t>(flags.addr, info.flags);
  return 1;
}

}  // namespace

}  // namespace ntdll_heap

const std::vector<Export>& ntdll_heap_exports() {
  using namespace ntdll_heap;
  static const std::vector<Export> exports = {
      EXPORT("RtlAllocateHeap", RtlAllocateHeap),
      EXPORT("RtlFreeHeap", RtlFreeHeap),
      EXPORT("RtlReAllocateHeap", RtlReAllocateHeap),
      EXPORT("RtlSizeHeap", RtlSizeHeap),
      EXPORT("RtlValidateHeap", RtlValidateHeap),
      EXPORT("RtlLockHeap", RtlLockHeap),
      EXPORT("RtlUnlockHeap", RtlUnlockHeap),
      EXPORT("RtlGetProcessHeaps", RtlGetProcessHeaps),
      EXPORT("RtlDestroyHeap", RtlDestroyHeap),
      EXPORT("RtlCreateHeap", RtlCreateHeap),
      EXPORT("RtlWalkHeap", RtlWalkHeap),
      EXPORT("RtlCompactHeap", RtlCompactHeap),
      EXPORT("RtlQueryHeapInformation", RtlQueryHeapInformation),
      EXPORT("RtlSetHeapInformation", RtlSetHeapInformation),
      EXPORT("RtlSetUserValueHeap", RtlSetUserValueHeap),
      EXPORT("RtlSetUserFlagsHeap", RtlSetUserFlagsHeap),
      EXPORT("RtlGetUserInfoHeap", RtlGetUserInfoHeap),
  };
  return exports;
}

}  // namespace polyrun::shims
