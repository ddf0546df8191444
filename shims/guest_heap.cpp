#include "shims/guest_heap.h"

#include <algorithm>
#include <cstring>

namespace polyrun::shims {

uint64_t GuestHeap::map(uint64_t len) {
  mem::MapRequest req;
  req.noreserve = true;
  req.name = "[heap]";
  int64_t at = memory_.map(0, len, mem::kRead | mem::kWrite, req);
  if (at < 0) return 0;
  if (static_cast<uint64_t>(at) + len > limit_) {  // a layout reaching past the limit
    memory_.unmap(static_cast<uint64_t>(at), len);
    return 0;
  }
  return static_cast<uint64_t>(at);
}

uint64_t GuestHeap::alloc(uint64_t size, bool zero) {
  uint64_t need = std::max<uint64_t>(size, 1) + sizeof(Header);
  unsigned cls = 0;
  while (cls < kClasses && (16ull << cls) < need) ++cls;
  uint64_t block;
  if (cls == kClasses) {
    uint64_t len = memory_.page_up(need);
    uint64_t at = map(len);
    if (!at) return 0;
    block = at + sizeof(Header);
    *header(block) = Header{size, kLarge, kMagic};
    return block;  // fresh mappings are zero
  }
  uint64_t bytes = 16ull << cls;
  if (!free_[cls].empty()) {
    block = free_[cls].back();
    free_[cls].pop_back();
    if (zero) std::memset(reinterpret_cast<void*>(block), 0, size);
  } else {
    if (bump_ + bytes > bump_end_) {
      uint64_t at = map(kArena);
      if (!at) return 0;
      bump_ = at, bump_end_ = at + kArena;
    }
    block = bump_ + sizeof(Header);
    bump_ += bytes;
  }
  *header(block) = Header{size, cls, kMagic};
  return block;
}

bool GuestHeap::owns(uint64_t block) const {
  return block >= sizeof(Header) && memory_.accessible(block - sizeof(Header), sizeof(Header), mem::kRead) &&
         header(block)->magic == kMagic;
}

void GuestHeap::free(uint64_t block) {
  if (!block || !owns(block)) return;
  Header* h = header(block);
  h->magic = 0;
  if (h->cls == kLarge) {
    uint64_t start = block - sizeof(Header);
    memory_.unmap(start, memory_.page_up(h->size + sizeof(Header)));
    return;
  }
  free_[h->cls].push_back(block);
}

uint64_t GuestHeap::size(uint64_t block) const { return owns(block) ? header(block)->size : ~0ull; }

uint64_t GuestHeap::realloc(uint64_t block, uint64_t size) {
  if (!block) return alloc(size);
  if (!owns(block)) return 0;
  Header* h = header(block);
  uint64_t capacity = h->cls == kLarge ? memory_.page_up(h->size + sizeof(Header)) - sizeof(Header)
                                       : (16ull << h->cls) - sizeof(Header);
  if (size <= capacity) {
    h->size = size;
    return block;
  }
  uint64_t fresh = alloc(size);
  if (!fresh) return 0;
  std::memcpy(reinterpret_cast<void*>(fresh), reinterpret_cast<const void*>(block), h->size);
  free(block);
  return fresh;
}

}  // namespace polyrun::shims
