// Heap memory inside the guest address space (malloc, HeapAlloc, LocalAlloc …): size classes of
// powers of two up to 64 KiB carved from 4 MiB arenas, larger blocks as their own mappings.
// Every block has a 16-byte header before it holding its size, so HeapSize and realloc know it.
#pragma once

#include <cstdint>
#include <vector>

#include "memory/address_space.h"

namespace polyrun::shims {

class GuestHeap {
 public:
  // Blocks are placed below `limit` (4 GiB for 32-bit guests).
  GuestHeap(mem::AddressSpace& memory, uint64_t limit) : memory_(memory), limit_(limit) {}

  uint64_t alloc(uint64_t size, bool zero = false);  // 0 when out of memory
  void free(uint64_t block);
  uint64_t realloc(uint64_t block, uint64_t size);
  uint64_t size(uint64_t block) const;   // the size asked for
  bool owns(uint64_t block) const;

 private:
  struct Header {
    uint64_t size;   // requested size
    uint32_t cls;    // size class index, or kLarge
    uint32_t magic;
  };
  static constexpr uint32_t kMagic = 0x70686561, kLarge = 0xffffffff;
  static constexpr unsigned kClasses = 13;  // 16 B … 64 KiB
  static constexpr uint64_t kArena = 4ull << 20;

  Header* header(uint64_t block) const { return reinterpret_cast<Header*>(block - sizeof(Header)); }
  uint64_t map(uint64_t len);

  mem::AddressSpace& memory_;
  uint64_t limit_;
  uint64_t bump_ = 0, bump_end_ = 0;
  std::vector<uint64_t> free_[kClasses];
};

}  // namespace polyrun::shims
