// Heap memory inside the guest address space (malloc, HeapAlloc, LocalAlloc …): size classes of
// powers of two up to 64 KiB carved from 4 MiB arenas, larger blocks as their own mappings.
// Every block has a 16-byte header before it holding its size, so HeapSize and realloc know it.
//
// Natively running threads call malloc and free directly, without the execution lock: once the
// process has a second thread the heap takes a mutex of its own, and it changes the address space
// (new arenas, large blocks) only while holding the execution lock, which it takes itself where
// the calling thread does not hold it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

#include "cpu-emu/execution_lock.h"
#include "memory/address_space.h"

namespace polyrun::shims {

// A natively running x64 thread's cache of freed small blocks (msvcrt_x64_leaf.S's malloc and free
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

class GuestHeap {
 public:
  static constexpr uint32_t kMagic = 0x70686561;  // a live block's header (0 once freed)

  // Blocks are placed below `limit` (4 GiB for 32-bit guests); `lock` guards the address space.
  GuestHeap(mem::AddressSpace& memory, uint64_t limit, cpu::ExecutionLock& lock)
      : memory_(memory), limit_(limit), lock_(lock) {}

  uint64_t alloc(uint64_t size, bool zero = false);  // 0 when out of memory
  void free(uint64_t block);
  uint64_t realloc(uint64_t block, uint64_t size);
  uint64_t size(uint64_t block) const;   // the size asked for (~0 for a block not from here)
  bool owns(uint64_t block) const;
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
  static constexpr uint32_t kLarge = 0xffffffff;
  static constexpr unsigned kClasses = 13;  // 16 B … 64 KiB
  static constexpr uint64_t kArena = 4ull << 20;

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

  Header* header(uint64_t block) const { return reinterpret_cast<Header*>(block - sizeof(Header)); }
  bool owns_locked(uint64_t block) const;
  // Maps or unmaps guest memory for the heap, under the execution lock (never under m_).
  uint64_t map(uint64_t len);
  void unmap(uint64_t at, uint64_t len);

  mem::AddressSpace& memory_;
  uint64_t limit_;
  cpu::ExecutionLock& lock_;
  bool shared_ = false;
  mutable std::mutex m_;
  uint64_t bump_ = 0, bump_end_ = 0;
  std::vector<uint64_t> free_[kClasses];
  std::map<uint64_t, uint64_t> arenas_;  // start → end: where small blocks live
  std::map<uint64_t, uint64_t> large_;   // block → mapping length
};

}  // namespace polyrun::shims
