// A heap inside the guest address space: the process heap (malloc, HeapAlloc of GetProcessHeap(),
// LocalAlloc …) and each heap HeapCreate makes. Blocks of up to 64 KiB come in size classes of
// powers of two, carved from the heap's regions (the first one holds the heap's header, at the
// heap's handle, as on Windows); larger blocks are mappings of their own. Every block has a 16-byte
// header before it holding the size asked for, its class and a magic word that says whether it is
// live and whose it is, so HeapSize, realloc, HeapWalk and HeapValidate know it and a free of a
// block that is not live is found out (the caller reports it as Windows does:
// STATUS_HEAP_CORRUPTION).
//
// Natively running threads call the process heap's malloc and free directly, without the execution
// lock: once the process has a second thread the heap takes a mutex of its own, and it changes the
// address space (new regions, large blocks) only while holding the execution lock, which it takes
// itself where the calling thread does not hold it. The heaps HeapCreate makes are reached only
// through the dispatcher (under the execution lock).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "cpu-emu/execution_lock.h"
#include "memory/address_space.h"

namespace polyrun::shims {

// A natively running x64 thread's cache of freed small blocks (msvcrt/x64_leaf.S's malloc and free
// take from it and give to it without leaving Win64 code): after the thread's TEB and errno, one
// list per size class of 32 bytes to 4 KiB, linked through the blocks' first words (their headers
// kept, magic 0 as for any freed block), and each list's length. The layout is the leaf code's.
struct ThreadHeapCache {
  static constexpr uint64_t kOffsetX64 = 0x2010;  // from the TEB: its 0x2000 bytes, errno's 16
  static constexpr unsigned kClasses = 9;          // classes 0–8: blocks of 16 B … 4 KiB
  static constexpr uint32_t kDepth = 32;           // blocks a list holds at most
  uint64_t head[kClasses];
  uint32_t count[kClasses];
};
static_assert(sizeof(ThreadHeapCache) == 112 && offsetof(ThreadHeapCache, count) == 72);

// PROCESS_HEAP_ENTRY's wFlags.
constexpr uint16_t kHeapEntryRegion = 1, kHeapEntryUncommitted = 2, kHeapEntryBusy = 4;

class GuestHeap {
 public:
  static constexpr uint32_t kMagic = 0x70686561;         // a live block of the process heap (0 once freed)
  static constexpr uint32_t kPrivateMagic = 0x70686562;  // a live block of a heap HeapCreate made
  // The bytes at the start of a heap's first region that hold its header (what Windows keeps
  // there: programs read its flags, debuggers and anti-debugging checks among them).
  static constexpr uint64_t kHeaderBytes = 0x400;
  // HEAP_* flags as the header keeps them.
  static constexpr uint32_t kNoSerialize = 0x1, kGrowable = 0x2, kGenerateExceptions = 0x4, kPrivate = 0x1000,
                            kCreateEnableExecute = 0x40000;

  struct Options {
    uint32_t magic = kMagic;
    uint32_t flags = kGrowable;    // HEAP_* (the header's Flags word)
    uint64_t maximum = 0;          // a fixed-size heap's size: its blocks' bytes stay below it (0: growable)
    uint64_t first_region = 4ull << 20;  // regions after it double, up to kMaxRegion
    uint64_t large_limit = 0;      // blocks this large or larger are refused (a fixed-size heap's limit)
    uint32_t flags_at = 0x70, signature_at = 0x10;  // in the header (the ISA's HEAP layout)
  };

  // Blocks are placed below `limit` (4 GiB for 32-bit guests); `lock` guards the address space.
  GuestHeap(mem::AddressSpace& memory, uint64_t limit, cpu::ExecutionLock& lock, const Options& options)
      : memory_(memory), limit_(limit), lock_(lock), opt_(options) {}
  GuestHeap(const GuestHeap&) = delete;
  GuestHeap& operator=(const GuestHeap&) = delete;

  // The heap's handle: its first region's address, the region made now if it was not yet (0 when
  // out of memory).
  uint64_t handle();
  // Gives back every region and block (HeapDestroy); the heap is empty afterwards.
  void destroy();
  uint32_t flags() const { return opt_.flags; }

  uint64_t alloc(uint64_t size, bool zero = false);  // 0 when out of memory
  // False for a block that is not a live block of this heap (freed before, or not one of its
  // own): nothing changes then. Null is a block of every heap.
  bool free(uint64_t block);
  // 0 when out of memory (the block stays as it was) or when it is not a live block of this heap.
  // `in_place`: only where the block can grow or shrink where it is; `zero`: bytes it gains are 0.
  uint64_t realloc(uint64_t block, uint64_t size, bool in_place = false, bool zero = false);
  uint64_t size(uint64_t block) const;   // the size asked for (~0 for a block not live here)
  bool owns(uint64_t block) const;       // whether `block` is a live block of this heap
  // Every block header of the heap is whole (HeapValidate of the whole heap).
  bool validate() const;
  // The largest block the heap could hand out without taking more memory (HeapCompact).
  uint64_t largest_free() const;

  // One entry of a walk (HeapWalk's PROCESS_HEAP_ENTRY): data 0 starts the walk; `next` moves to
  // the entry after `e` and is false at the end, or where `e` is not an entry of this heap.
  struct Entry {
    uint64_t data = 0, size = 0;
    uint8_t overhead = 0, region = 0;
    uint16_t flags = 0;
    uint32_t committed = 0, uncommitted = 0;  // a region's
    uint64_t first = 0, last = 0;             // a region's first block and end
  };
  bool next(Entry& e) const;

  // HeapLock/HeapUnlock: a lock a thread may take again (user_lock blocks while another thread
  // holds it); unlock is false where the calling thread does not hold it.
  void user_lock();
  bool user_unlock();
  bool try_user_lock();

  // The low-fragmentation heap (HeapCompatibilityInformation 2): on for the process heap, on once
  // asked for or once 18 blocks of one size class are live (as Windows turns it on by itself).
  bool low_fragmentation() const { return lfh_; }
  void set_low_fragmentation() { lfh_ = true; }

  // From now on more than one thread may call the heap at once. Called before the second
  // thread starts, by the only one.
  void share() { shared_ = true; }
  // Gives the blocks of a thread's cache back (the thread ends) and empties it.
  void drain(ThreadHeapCache& cache);

 private:
  struct Header {
    uint64_t size;   // requested size
    uint32_t cls;    // size class index, or kLarge
    uint32_t magic;
  };
  struct Region {
    uint64_t end;    // of the mapping
    uint64_t used;   // the end of its blocks (where the next one is carved)
    unsigned index;  // in the order the regions were made
  };
  static constexpr uint32_t kLarge = 0xffffffff;
  static constexpr unsigned kClasses = 13;  // 16 B … 64 KiB
  static constexpr uint64_t kMaxRegion = 4ull << 20;
  static constexpr unsigned kLfhBlocks = 18;
  static constexpr uint8_t kLargeRegionIndex = 64;  // HeapWalk's iRegionIndex of a block of its own

  // The heap's own mutex, where threads share it.
  struct Guard {
    const GuestHeap& h;
    explicit Guard(const GuestHeap& heap) : h(heap) {
      if (h.shared_) h.m_.lock();
    }
    ~Guard() {
      if (h.shared_) h.m_.unlock();
    }
  };

  static Header* header(uint64_t block) { return reinterpret_cast<Header*>(block - sizeof(Header)); }
  static uint64_t class_bytes(unsigned cls) { return 16ull << cls; }
  bool owns_locked(uint64_t block) const;
  // The region holding address `at`, or end.
  std::map<uint64_t, Region>::const_iterator region_of(uint64_t at) const;
  // A new region of at least `need` bytes (the first one: `handle_`); false when out of memory.
  bool add_region_locked(uint64_t need);
  bool fits_budget(uint64_t bytes) const { return !opt_.maximum || live_ + bytes + kHeaderBytes <= opt_.maximum; }
  // Entries of a walk: the block at h inside region r (or what follows its last block).
  bool entry_at(std::map<uint64_t, Region>::const_iterator r, uint64_t h, Entry& e) const;
  bool region_entry(unsigned index, Entry& e) const;
  bool large_entry(std::map<uint64_t, uint64_t>::const_iterator l, Entry& e) const;
  uint64_t used_of(std::map<uint64_t, Region>::const_iterator r) const { return r->first == current_ ? bump_ : r->second.used; }
  uint64_t first_block_of(uint64_t region) const { return region == handle_ ? region + kHeaderBytes : region; }
  // Maps or unmaps guest memory for the heap, under the execution lock (never under m_).
  uint64_t map(uint64_t len, uint64_t align);
  void unmap(uint64_t at, uint64_t len);

  mem::AddressSpace& memory_;
  uint64_t limit_;
  cpu::ExecutionLock& lock_;
  Options opt_;
  bool shared_ = false;
  bool lfh_ = false;
  mutable std::mutex m_;
  uint64_t handle_ = 0;
  uint64_t current_ = 0, bump_ = 0, bump_end_ = 0;  // the region blocks are carved from
  uint64_t next_region_ = 0;                         // the size of the next region
  uint64_t live_ = 0;                                // bytes of live blocks (fixed-size heaps)
  std::vector<uint64_t> free_[kClasses];
  unsigned live_in_class_[kClasses] = {};            // (for the low-fragmentation heap's start)
  std::map<uint64_t, Region> regions_;               // start → region
  std::vector<uint64_t> region_order_;               // region starts, in the order made
  std::map<uint64_t, uint64_t> large_;               // block → mapping length

  // HeapLock's lock.
  std::mutex user_m_;
  std::condition_variable user_cv_;
  std::thread::id user_owner_;
  unsigned user_count_ = 0;
};

}  // namespace polyrun::shims
