#include "shims/guest_heap.h"

#include <algorithm>
#include <cstring>

namespace polyrun::shims {

namespace {

// Runs f holding the execution lock: taken here where the calling thread does not hold it (a
// natively running thread's direct call).
template <typename F>
auto exclusively(cpu::ExecutionLock& lock, F&& f) {
  if (lock.held()) return f();
  lock.acquire();
  auto r = f();
  lock.release();
  return r;
}

}  // namespace

uint64_t GuestHeap::map(uint64_t len) {
  return exclusively(lock_, [&]() -> uint64_t {
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
  });
}

void GuestHeap::unmap(uint64_t at, uint64_t len) {
  exclusively(lock_, [&] { return memory_.unmap(at, len); });
}

uint64_t GuestHeap::alloc(uint64_t size, bool zero) {
  uint64_t need = std::max<uint64_t>(size, 1) + sizeof(Header);
  if (need < size) return 0;
  unsigned cls = 0;
  while (cls < kClasses && (16ull << cls) < need) ++cls;
  if (cls == kClasses) {
    uint64_t len = memory_.page_up(need);
    if (len < need) return 0;
    uint64_t at = map(len);
    if (!at) return 0;
    uint64_t block = at + sizeof(Header);
    *header(block) = Header{size, kLarge, kMagic};
    Guard g(*this);
    large_[block] = len;
    return block;  // fresh mappings are zero
  }
  const uint64_t bytes = 16ull << cls;
  uint64_t block = 0;
  for (;;) {
    {
      Guard g(*this);
      if (!free_[cls].empty()) {
        block = free_[cls].back();
        free_[cls].pop_back();
      } else if (bump_ + bytes <= bump_end_) {
        block = bump_ + sizeof(Header);
        bump_ += bytes;
      }
      if (block) {
        *header(block) = Header{size, cls, kMagic};
        break;
      }
    }
    // A new arena (another thread may have added one meanwhile: the rest of the current one is
    // then left unused, as when it runs out).
    uint64_t at = map(kArena);
    if (!at) return 0;
    Guard g(*this);
    arenas_[at] = at + kArena;
    bump_ = at, bump_end_ = at + kArena;
  }
  if (zero) std::memset(reinterpret_cast<void*>(block), 0, size);
  return block;
}

bool GuestHeap::owns_locked(uint64_t block) const {
  if (block < sizeof(Header)) return false;
  if (auto l = large_.find(block); l != large_.end()) return header(block)->magic == kMagic;
  const uint64_t h = block - sizeof(Header);
  auto a = arenas_.upper_bound(h);
  if (a == arenas_.begin() || (--a, h >= a->second) || h + sizeof(Header) > a->second) return false;
  return (h - a->first) % 16 == 0 && header(block)->magic == kMagic && header(block)->cls < kClasses;
}

bool GuestHeap::owns(uint64_t block) const {
  Guard g(*this);
  return owns_locked(block);
}

void GuestHeap::free(uint64_t block) {
  uint64_t large_len = 0;
  {
    Guard g(*this);
    if (!block || !owns_locked(block)) return;
    Header* h = header(block);
    h->magic = 0;
    if (h->cls != kLarge) {
      free_[h->cls].push_back(block);
      return;
    }
    auto l = large_.find(block);
    large_len = l->second;
    large_.erase(l);
  }
  unmap(block - sizeof(Header), large_len);
}

void GuestHeap::drain(ThreadHeapCache& cache) {
  for (unsigned cls = 0; cls < ThreadHeapCache::kClasses; ++cls) {
    Guard g(*this);
    for (uint64_t block = cache.head[cls]; block; block = *reinterpret_cast<uint64_t*>(block)) free_[cls].push_back(block);
    cache.head[cls] = 0;
    cache.count[cls] = 0;
  }
}

uint64_t GuestHeap::size(uint64_t block) const {
  Guard g(*this);
  return owns_locked(block) ? header(block)->size : ~0ull;
}

uint64_t GuestHeap::realloc(uint64_t block, uint64_t size) {
  if (!block) return alloc(size);
  uint64_t old_size;
  {
    Guard g(*this);
    if (!owns_locked(block)) return 0;
    Header* h = header(block);
    uint64_t capacity = h->cls == kLarge ? large_.at(block) - sizeof(Header) : (16ull << h->cls) - sizeof(Header);
    if (size <= capacity) {
      h->size = size;
      return block;
    }
    old_size = h->size;
  }
  uint64_t fresh = alloc(size);
  if (!fresh) return 0;
  std::memcpy(reinterpret_cast<void*>(fresh), reinterpret_cast<const void*>(block), old_size);
  free(block);
  return fresh;
}

}  // namespace polyrun::shims
