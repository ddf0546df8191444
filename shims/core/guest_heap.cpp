#include "shims/core/guest_heap.h"

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

constexpr uint64_t kRegionAlign = 0x10000;  // a heap's handle is 64 KiB aligned, as on Windows
constexpr uint32_t kSegmentSignature = 0xffeeffee;

uint64_t round16(uint64_t n) { return (n + 15) & ~15ull; }

}  // namespace

uint64_t GuestHeap::map(uint64_t len, uint64_t align) {
  return exclusively(lock_, [&]() -> uint64_t {
    mem::MapRequest req;
    req.noreserve = true;
    req.align = align;
    req.name = "[heap]";
    uint32_t prot = mem::kRead | mem::kWrite | (opt_.flags & kCreateEnableExecute ? uint32_t{mem::kExec} : 0u);
    int64_t at = memory_.map(0, len, prot, req);
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

bool GuestHeap::add_region_locked(uint64_t need) {
  uint64_t size;
  {
    Guard g(*this);
    size = handle_ ? std::max(next_region_, need) : std::max(opt_.first_region, need + kHeaderBytes);
  }
  size = (size + kRegionAlign - 1) & ~(kRegionAlign - 1);
  if (size < need) return false;
  uint64_t at = map(size, kRegionAlign);
  if (!at) return false;
  Guard g(*this);
  if (current_) regions_[current_].used = bump_;
  regions_[at] = Region{at + size, at, static_cast<unsigned>(region_order_.size())};
  region_order_.push_back(at);
  current_ = at, bump_ = at, bump_end_ = at + size;
  if (!handle_) {  // the first region: the heap's header, then its blocks
    handle_ = at;
    std::memcpy(reinterpret_cast<void*>(at + opt_.signature_at), &kSegmentSignature, 4);
    std::memcpy(reinterpret_cast<void*>(at + opt_.flags_at), &opt_.flags, 4);  // Flags; ForceFlags 0
    bump_ = regions_[at].used = at + kHeaderBytes;
  }
  next_region_ = std::min(std::max(size * 2, next_region_), std::max(kMaxRegion, opt_.first_region));
  return true;
}

uint64_t GuestHeap::handle() {
  if (handle_) return handle_;  // (made before other threads can ask)
  {
    Guard g(*this);
    if (handle_) return handle_;
  }
  return add_region_locked(0) ? handle_ : 0;
}

void GuestHeap::destroy() {
  std::vector<std::pair<uint64_t, uint64_t>> maps;
  {
    Guard g(*this);
    for (const auto& [at, r] : regions_) maps.emplace_back(at, r.end - at);
    for (const auto& [block, len] : large_) maps.emplace_back(block - sizeof(Header), len);
    regions_.clear();
    region_order_.clear();
    large_.clear();
    for (auto& f : free_) f.clear();
    std::fill(std::begin(live_in_class_), std::end(live_in_class_), 0u);
    handle_ = current_ = bump_ = bump_end_ = live_ = 0;
  }
  for (const auto& [at, len] : maps) unmap(at, len);
}

uint64_t GuestHeap::alloc(uint64_t size, bool zero) {
  uint64_t need = std::max<uint64_t>(size, 1) + sizeof(Header);
  if (need < size) return 0;
  if (opt_.large_limit && need >= opt_.large_limit) return 0;
  unsigned cls = 0;
  while (cls < kClasses && class_bytes(cls) < need) ++cls;
  if (cls == kClasses) {
    uint64_t len = memory_.page_up(need);
    if (len < need) return 0;
    {
      Guard g(*this);
      if (!fits_budget(round16(need))) return 0;
    }
    uint64_t at = map(len, 0);
    if (!at) return 0;
    uint64_t block = at + sizeof(Header);
    *header(block) = Header{size, kLarge, opt_.magic};
    Guard g(*this);
    large_[block] = len;
    live_ += round16(need);
    return block;  // fresh mappings are zero
  }
  const uint64_t bytes = class_bytes(cls);
  uint64_t block = 0;
  for (;;) {
    uint64_t want;
    {
      Guard g(*this);
      if (!fits_budget(bytes)) return 0;
      if (!free_[cls].empty()) {
        block = free_[cls].back();
        free_[cls].pop_back();
      } else if (bump_ + bytes <= bump_end_) {
        block = bump_ + sizeof(Header);
        bump_ += bytes;
      }
      if (block) {
        *header(block) = Header{size, cls, opt_.magic};
        live_ += bytes;
        const bool lfh_allowed = (opt_.flags & kGrowable) && !(opt_.flags & kNoSerialize);
        if (!lfh_ && lfh_allowed && ++live_in_class_[cls] >= kLfhBlocks) lfh_ = true;
        break;
      }
      want = bytes;
    }
    // A new region (another thread may have added one meanwhile: the rest of the current one is
    // then left unused, as when it runs out).
    if (!add_region_locked(want)) return 0;
  }
  if (zero) std::memset(reinterpret_cast<void*>(block), 0, size);
  return block;
}

std::map<uint64_t, GuestHeap::Region>::const_iterator GuestHeap::region_of(uint64_t at) const {
  auto r = regions_.upper_bound(at);
  if (r == regions_.begin()) return regions_.end();
  --r;
  return at < r->second.end ? r : regions_.end();
}

bool GuestHeap::owns_locked(uint64_t block) const {
  if (block < sizeof(Header) || (block & 15)) return false;
  if (auto l = large_.find(block); l != large_.end()) return header(block)->magic == opt_.magic;
  const uint64_t h = block - sizeof(Header);
  auto r = region_of(h);
  if (r == regions_.end() || h < first_block_of(r->first) || h >= used_of(r)) return false;
  const Header* x = header(block);
  return x->magic == opt_.magic && x->cls < kClasses && h + class_bytes(x->cls) <= used_of(r);
}

bool GuestHeap::owns(uint64_t block) const {
  Guard g(*this);
  return owns_locked(block);
}

bool GuestHeap::free(uint64_t block) {
  if (!block) return true;
  uint64_t large_len = 0;
  {
    Guard g(*this);
    if (!owns_locked(block)) return false;
    Header* h = header(block);
    h->magic = 0;
    if (h->cls != kLarge) {
      free_[h->cls].push_back(block);
      live_ -= class_bytes(h->cls);
      if (live_in_class_[h->cls]) --live_in_class_[h->cls];
      return true;
    }
    auto l = large_.find(block);
    large_len = l->second;
    live_ -= round16(h->size + sizeof(Header));
    large_.erase(l);
  }
  unmap(block - sizeof(Header), large_len);
  return true;
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

uint64_t GuestHeap::realloc(uint64_t block, uint64_t size, bool in_place, bool zero) {
  if (!block) return in_place ? 0 : alloc(size, zero);
  uint64_t old_size;
  {
    Guard g(*this);
    if (!owns_locked(block)) return 0;
    Header* h = header(block);
    const bool large = h->cls == kLarge;
    uint64_t capacity = large ? large_.at(block) - sizeof(Header) : class_bytes(h->cls) - sizeof(Header);
    old_size = h->size;
    const uint64_t grown = size > old_size ? round16(size + sizeof(Header)) - round16(old_size + sizeof(Header)) : 0;
    if (size <= capacity && (!large || fits_budget(grown))) {
      if (large) live_ = live_ - round16(old_size + sizeof(Header)) + round16(size + sizeof(Header));
      h->size = size;
      if (zero && size > old_size) std::memset(reinterpret_cast<void*>(block + old_size), 0, size - old_size);
      return block;
    }
    if (in_place) return 0;
  }
  uint64_t fresh = alloc(size);
  if (!fresh) return 0;
  std::memcpy(reinterpret_cast<void*>(fresh), reinterpret_cast<const void*>(block), std::min(old_size, size));
  if (zero && size > old_size) std::memset(reinterpret_cast<void*>(fresh + old_size), 0, size - old_size);
  free(block);
  return fresh;
}

bool GuestHeap::validate() const {
  Guard g(*this);
  for (auto r = regions_.begin(); r != regions_.end(); ++r) {
    const uint64_t used = used_of(r);
    for (uint64_t h = first_block_of(r->first); h < used;) {
      const Header* x = reinterpret_cast<const Header*>(h);
      if (x->cls >= kClasses || (x->magic != opt_.magic && x->magic != 0)) return false;
      h += class_bytes(x->cls);
      if (h > used) return false;
    }
  }
  for (const auto& [block, len] : large_)
    if (header(block)->magic != opt_.magic || header(block)->size > len - sizeof(Header)) return false;
  return true;
}

uint64_t GuestHeap::largest_free() const {
  Guard g(*this);
  uint64_t best = bump_end_ - bump_ > sizeof(Header) ? bump_end_ - bump_ - sizeof(Header) : 0;
  for (unsigned cls = kClasses; cls-- > 0;)
    if (!free_[cls].empty()) {
      best = std::max(best, class_bytes(cls) - sizeof(Header));
      break;
    }
  return best;
}

// ---- walking the heap (HeapWalk) ----
// Each region in the order made: its own entry, its blocks in address order (live ones busy,
// freed ones free), the committed rest after its last block as one free block, the rest of the
// region as an uncommitted range; then every block of its own (iRegionIndex 64), as Windows lists
// its large blocks.

bool GuestHeap::region_entry(unsigned index, Entry& e) const {
  if (index >= region_order_.size()) return large_entry(large_.begin(), e);
  auto r = regions_.find(region_order_[index]);
  const uint64_t committed = std::min(memory_.page_up(used_of(r)), r->second.end);
  e = Entry{};
  e.data = r->first;
  e.size = r->first == handle_ ? kHeaderBytes : 0;
  e.region = static_cast<uint8_t>(std::min(index, 63u));
  e.flags = kHeapEntryRegion;
  e.committed = static_cast<uint32_t>(committed - r->first);
  e.uncommitted = static_cast<uint32_t>(r->second.end - committed);
  e.first = first_block_of(r->first);
  e.last = r->second.end;
  return true;
}

bool GuestHeap::large_entry(std::map<uint64_t, uint64_t>::const_iterator l, Entry& e) const {
  if (l == large_.end()) return false;
  e = Entry{};
  e.data = l->first;
  e.size = header(l->first)->size;
  e.region = kLargeRegionIndex;
  e.flags = kHeapEntryBusy;
  return true;
}

bool GuestHeap::entry_at(std::map<uint64_t, Region>::const_iterator r, uint64_t h, Entry& e) const {
  const uint64_t used = used_of(r), end = r->second.end;
  const uint64_t committed = std::min(memory_.page_up(used), end);
  const uint8_t index = static_cast<uint8_t>(std::min(r->second.index, 63u));
  if (h < used) {
    const Header* x = reinterpret_cast<const Header*>(h);
    if (x->cls >= kClasses) return false;  // a damaged header: the walk cannot go on
    const uint64_t span = class_bytes(x->cls);
    e = Entry{};
    e.data = h + sizeof(Header);
    e.region = index;
    // (As on Windows, the next block's data is at lpData + cbData + cbOverhead + its 16-byte
    // header; cbOverhead is a byte: where a block's unused rest is longer, it reads 255.)
    if (x->magic == opt_.magic && x->size <= span - sizeof(Header)) {
      e.size = x->size;
      e.overhead = static_cast<uint8_t>(std::min<uint64_t>(span - sizeof(Header) - x->size, 255));
      e.flags = kHeapEntryBusy;
    } else {
      e.size = span - sizeof(Header);
    }
    return true;
  }
  if (h == used && committed - used >= 2 * sizeof(Header)) {  // the committed rest: one free block
    e = Entry{};
    e.data = used + sizeof(Header);
    e.size = committed - used - sizeof(Header);
    e.region = index;
    return true;
  }
  if (committed < end) {
    e = Entry{};
    e.data = committed;
    e.size = end - committed;
    e.region = index;
    e.flags = kHeapEntryUncommitted;
    return true;
  }
  return region_entry(r->second.index + 1, e);
}

bool GuestHeap::next(Entry& e) const {
  Guard g(*this);
  if (!e.data) return region_entry(0, e);
  if (e.flags & kHeapEntryRegion) {
    auto r = regions_.find(e.data);
    return r != regions_.end() && entry_at(r, first_block_of(r->first), e);
  }
  if (e.region == kLargeRegionIndex) {
    auto l = large_.find(e.data);
    return l != large_.end() && large_entry(std::next(l), e);
  }
  if (e.flags & kHeapEntryUncommitted) {
    auto r = region_of(e.data);
    return r != regions_.end() && region_entry(r->second.index + 1, e);
  }
  // A block, or the free rest after a region's last block.
  const uint64_t h = e.data - sizeof(Header);
  auto r = region_of(h);
  if (r == regions_.end() || h < first_block_of(r->first)) return false;
  const uint64_t used = used_of(r);
  if (h == used) return entry_at(r, std::min(memory_.page_up(used), r->second.end), e);
  if (h > used) return false;
  const Header* x = reinterpret_cast<const Header*>(h);
  return x->cls < kClasses && entry_at(r, h + class_bytes(x->cls), e);
}

// ---- HeapLock ----

void GuestHeap::user_lock() {
  std::unique_lock<std::mutex> g(user_m_);
  const auto me = std::this_thread::get_id();
  if (user_count_ && user_owner_ == me) {
    ++user_count_;
    return;
  }
  user_cv_.wait(g, [&] { return user_count_ == 0; });
  user_owner_ = me;
  user_count_ = 1;
}

bool GuestHeap::try_user_lock() {
  std::lock_guard<std::mutex> g(user_m_);
  const auto me = std::this_thread::get_id();
  if (user_count_ && user_owner_ != me) return false;
  user_owner_ = me;
  ++user_count_;
  return true;
}

bool GuestHeap::user_unlock() {
  std::lock_guard<std::mutex> g(user_m_);
  if (!user_count_ || user_owner_ != std::this_thread::get_id()) return false;
  if (--user_count_ == 0) {
    user_owner_ = std::thread::id();
    user_cv_.notify_all();
  }
  return true;
}

}  // namespace polyrun::shims
