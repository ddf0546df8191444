// The PPL's concurrent containers of Visual Studio 2012 and 2013 beneath <concurrent_queue.h> and
// <concurrent_vector.h>: Concurrency::details::_Concurrent_queue_base_v4 and
// _Concurrent_vector_base_v4, whose element work (allocating, copying, destroying) the program's
// own template code does through the virtual functions and callbacks it hands these.
//
// The queue base is {vtable; data; items per page; item size}. Its data (this DLL's own, in the
// process heap) is eight micro-queues, as the PPL's queue has: the k-th item pushed goes to
// micro-queue k % 8, as its (k / 8)-th; each micro-queue is a list of pages, {next; mask} then the
// items, a page of the program's _Allocate_page for each `items per page` of its items. A push
// waits for its micro-queue's earlier pushes, a pop for the push of its item and for the earlier
// pops: the items leave in the order they came. Its virtual functions: 0 _Move_item(page, index,
// source), 1 _Copy_item, 2 _Assign_and_destroy_item(destination, page, index), 3 the destructor,
// 4 _Allocate_page(), 5 _Deallocate_page(page).
//
// The vector base is {allocator(base, bytes); storage[3]; first block; size; segments}: element i
// lives in segment k = log2(i | 1), at i - ((1 << k) & ~1); the segments' table is `storage` until a
// fourth segment is needed, then one of as many entries as a pointer has bits. Segments below the
// first block are carved out of segment 0's allocation (a reserve before any element makes one
// block of all it asks for). The program's inline code reads the table and the size, so they are
// laid out as MSVC's header has them.
#include <sched.h>

#include <algorithm>

#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/msvcp120/msvcp120_internal.h"
#include "shims/msvcp140/guest_objects.h"
#include "shims/msvcp140/msvcp_internal.h"

namespace polyrun::shims::msvcp120 {

namespace {

using msvcp::objects::delete_object;
using msvcp::objects::new_object;
using msvcp::objects::vcall;

// A pointer-sized field's atomic compare-and-swap.
bool cas_ptr(const WindowsProcess& p, uint64_t at, uint64_t expected, uint64_t desired) {
  if (p.isa->ptr == 8)
    return __atomic_compare_exchange_n(static_cast<uint64_t*>(guest_pointer(at)), &expected, desired, false,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
  uint32_t e = static_cast<uint32_t>(expected);
  return __atomic_compare_exchange_n(static_cast<uint32_t*>(guest_pointer(at)), &e, static_cast<uint32_t>(desired), false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}
uint64_t load_ptr(const WindowsProcess& p, uint64_t at) {
  if (p.isa->ptr == 8) return __atomic_load_n(static_cast<uint64_t*>(guest_pointer(at)), __ATOMIC_ACQUIRE);
  return __atomic_load_n(static_cast<uint32_t*>(guest_pointer(at)), __ATOMIC_ACQUIRE);
}
void store_ptr(const WindowsProcess& p, uint64_t at, uint64_t v) {
  if (p.isa->ptr == 8) __atomic_store_n(static_cast<uint64_t*>(guest_pointer(at)), v, __ATOMIC_RELEASE);
  else __atomic_store_n(static_cast<uint32_t*>(guest_pointer(at)), static_cast<uint32_t>(v), __ATOMIC_RELEASE);
}
void pause() { ::sched_yield(); }

// ======== the queue ========

constexpr unsigned kMicroQueues = 8;
// The data block: the counters of items pushed and popped (reserved), then the micro-queues,
// each {lock; head page; tail page; items pushed; items popped} (8-byte fields, this DLL's own).
constexpr uint64_t kMicroSize = 40, kDataSize = 16 + kMicroQueues * kMicroSize;
uint64_t& u64(uint64_t at) { return *static_cast<uint64_t*>(guest_pointer(at)); }
uint64_t micro(uint64_t data, uint64_t k) { return data + 16 + (k % kMicroQueues) * kMicroSize; }
enum : uint64_t { kLock = 0, kHead = 8, kTail = 16, kPushed = 24, kPopped = 32 };

struct Queue {
  WindowsProcess& p;
  uint64_t self;
  uint64_t data() const { return p.get_ptr(self + p.isa->ptr); }
  uint64_t per_page() const { return p.get_ptr(self + 2 * p.isa->ptr); }
  // A page's fields: next, the mask of its items that were made.
  uint64_t next_at(uint64_t page) const { return page; }
  uint64_t mask_at(uint64_t page) const { return page + p.isa->ptr; }
};

void lock(uint64_t mq) {
  uint64_t free = 0;
  while (!__atomic_compare_exchange_n(&u64(mq + kLock), &free, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
    free = 0;
    pause();
  }
}
void unlock(uint64_t mq) { __atomic_store_n(&u64(mq + kLock), 0, __ATOMIC_RELEASE); }
void wait_until_equal(uint64_t at, uint64_t v) {
  while (__atomic_load_n(&u64(at), __ATOMIC_ACQUIRE) != v) pause();
}

const std::vector<Export>& queue_vtable();

Ptr queue_ctor(WindowsProcess& p, Ptr self, USize item_size) {
  const unsigned w = p.isa->ptr;
  const uint64_t data = new_object(p, kDataSize);
  if (data) std::memset(guest_pointer(data), 0, kDataSize);
  p.put_ptr(self.addr, msvcp::objects::vtable(p, queue_vtable()));
  p.put_ptr(self.addr + w, data);
  // Items per page (a power of two): more of the small ones.
  const uint64_t n = item_size.v <= 8 ? 32 : item_size.v <= 16 ? 16 : item_size.v <= 32 ? 8 : item_size.v <= 64 ? 4
                     : item_size.v <= 128 ? 2 : 1;
  p.put_ptr(self.addr + 2 * w, n);
  p.put_ptr(self.addr + 3 * w, item_size.v);
  return self;
}
void queue_dtor(WindowsProcess& p, Ptr self) { delete_object(p, Queue{p, self.addr}.data()); }
Ptr queue_vector_dtor(WindowsProcess& p, Ptr self, uint32_t flags) {
  queue_dtor(p, self);
  if (flags & 1) delete_object(p, self.addr);
  return self;
}
// The base class's item functions, which the program's queue replaces: nothing to do.
void queue_pure3(WindowsProcess&, Ptr, Ptr, Ptr, Ptr) {}
Ptr queue_pure0(WindowsProcess&, Ptr) { return Ptr(0); }
void queue_pure1(WindowsProcess&, Ptr, Ptr) {}
const std::vector<Export>& queue_vtable() {
  static const std::vector<Export> v = {
      EXPORT_METHOD("Concurrency::details::_Concurrent_queue_base_v4::_Move_item", queue_pure3),
      EXPORT_METHOD("Concurrency::details::_Concurrent_queue_base_v4::_Copy_item", queue_pure3),
      EXPORT_METHOD("Concurrency::details::_Concurrent_queue_base_v4::_Assign_and_destroy_item", queue_pure3),
      EXPORT_METHOD("Concurrency::details::_Concurrent_queue_base_v4::`vector deleting destructor'", queue_vector_dtor),
      EXPORT_METHOD("Concurrency::details::_Concurrent_queue_base_v4::_Allocate_page", queue_pure0),
      EXPORT_METHOD("Concurrency::details::_Concurrent_queue_base_v4::_Deallocate_page", queue_pure1),
  };
  return v;
}
constexpr int kMoveItem = 0, kCopyItem = 1, kAssignAndDestroy = 2, kAllocatePage = 4, kDeallocatePage = 5;

void push(WindowsProcess& p, uint64_t self, uint64_t item, int how) {
  const Queue q{p, self};
  const uint64_t data = q.data();
  const uint64_t k = __atomic_fetch_add(&u64(data), 1, __ATOMIC_ACQ_REL);  // (data + 0: pushed)
  const uint64_t mq = micro(data, k), id = k / kMicroQueues;
  const uint64_t index = id & (q.per_page() - 1);
  wait_until_equal(mq + kPushed, id);
  uint64_t page;
  if (index == 0) {
    page = vcall(p, self, kAllocatePage, {});
    if (p.stopping()) return;
    if (!page) {
      p.call_export("msvcp140.dll", "?_Xbad_alloc@std@@YAXXZ", {});
      return;
    }
    p.put_ptr(q.next_at(page), 0);
    p.put_ptr(q.mask_at(page), 0);
    lock(mq);
    if (const uint64_t tail = u64(mq + kTail)) p.put_ptr(q.next_at(tail), page);
    u64(mq + kTail) = page;
    if (!u64(mq + kHead)) u64(mq + kHead) = page;
    unlock(mq);
  } else {
    page = u64(mq + kTail);
  }
  vcall(p, self, how, {page, index, item});
  p.put_ptr(q.mask_at(page), p.get_ptr(q.mask_at(page)) | (1ull << index));
  __atomic_store_n(&u64(mq + kPushed), id + 1, __ATOMIC_RELEASE);
}
void queue_Internal_push(WindowsProcess& p, Ptr self, Ptr item) { push(p, self.addr, item.addr, kCopyItem); }
void queue_Internal_move_push(WindowsProcess& p, Ptr self, Ptr item) { push(p, self.addr, item.addr, kMoveItem); }

uint8_t queue_Internal_pop_if_present(WindowsProcess& p, Ptr self, Ptr dest) {
  const Queue q{p, self.addr};
  const uint64_t data = q.data();
  for (;;) {
    uint64_t k = __atomic_load_n(&u64(data + 8), __ATOMIC_ACQUIRE);
    do {
      if (k == __atomic_load_n(&u64(data), __ATOMIC_ACQUIRE)) return 0;
    } while (!__atomic_compare_exchange_n(&u64(data + 8), &k, k + 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
    const uint64_t mq = micro(data, k), id = k / kMicroQueues;
    while (__atomic_load_n(&u64(mq + kPushed), __ATOMIC_ACQUIRE) <= id) pause();  // its push done
    wait_until_equal(mq + kPopped, id);                                          // the earlier pops done
    const uint64_t page = u64(mq + kHead);
    const uint64_t index = id & (q.per_page() - 1);
    const bool made = (p.get_ptr(q.mask_at(page)) >> index) & 1;
    if (made) vcall(p, self.addr, kAssignAndDestroy, {dest.addr, page, index});
    if (index == q.per_page() - 1) {
      lock(mq);
      u64(mq + kHead) = p.get_ptr(q.next_at(page));
      if (!u64(mq + kHead)) u64(mq + kTail) = 0;
      unlock(mq);
      vcall(p, self.addr, kDeallocatePage, {page});
    }
    __atomic_store_n(&u64(mq + kPopped), id + 1, __ATOMIC_RELEASE);
    if (made || p.stopping()) return made;
  }
}

USize queue_Internal_size(WindowsProcess& p, Ptr self) {
  const uint64_t data = Queue{p, self.addr}.data();
  return USize(__atomic_load_n(&u64(data), __ATOMIC_ACQUIRE) - __atomic_load_n(&u64(data + 8), __ATOMIC_ACQUIRE));
}
uint8_t queue_Internal_empty(WindowsProcess& p, Ptr self) { return queue_Internal_size(p, self).v == 0; }

// The pages left once the program has popped every item (each micro-queue's last) given back.
void queue_Internal_finish_clear(WindowsProcess& p, Ptr self) {
  const Queue q{p, self.addr};
  const uint64_t data = q.data();
  for (unsigned i = 0; i < kMicroQueues; ++i) {
    const uint64_t mq = micro(data, i);
    for (uint64_t page = u64(mq + kHead); page;) {
      const uint64_t next = p.get_ptr(q.next_at(page));
      vcall(p, self.addr, kDeallocatePage, {page});
      page = next;
    }
    u64(mq + kHead) = u64(mq + kTail) = 0;
  }
}

// Two queues exchange their items (and their pages' sizes).
void queue_Internal_swap(WindowsProcess& p, Ptr self, Ptr other) {
  const unsigned w = p.isa->ptr;
  for (unsigned f = 1; f <= 3; ++f) {
    const uint64_t a = p.get_ptr(self.addr + f * w);
    p.put_ptr(self.addr + f * w, p.get_ptr(other.addr + f * w));
    p.put_ptr(other.addr + f * w, a);
  }
}

void queue_Internal_throw_exception(WindowsProcess& p, Ptr) {
  p.call_export("msvcp140.dll", "?_Xbad_alloc@std@@YAXXZ", {});
}

// ======== the vector ========

constexpr uint64_t kStorageSegments = 3;
constexpr uint64_t kAllocating = 1;  // a segment being allocated

uint64_t index_of(uint64_t x) { return 63 - static_cast<uint64_t>(__builtin_clzll(x | 1)); }
uint64_t seg_base(uint64_t k) { return (1ull << k) & ~1ull; }
uint64_t seg_size(uint64_t k) { return k ? 1ull << k : 2; }

struct Vector {
  WindowsProcess& p;
  uint64_t self;
  unsigned w() const { return p.isa->ptr; }
  uint64_t allocator() const { return p.get_ptr(self); }
  uint64_t storage() const { return self + w(); }
  uint64_t first_block_at() const { return self + 4 * w(); }
  uint64_t size_at() const { return self + 5 * w(); }
  uint64_t table_at() const { return self + 6 * w(); }
  uint64_t table() const { return load_ptr(p, table_at()); }
  uint64_t entries() const { return table() == storage() ? kStorageSegments : 8 * w(); }
  uint64_t seg_at(uint64_t k) const { return table() + k * w(); }
  uint64_t seg(uint64_t k) const { return load_ptr(p, seg_at(k)); }
  uint64_t size() const { return load_ptr(p, size_at()); }
  uint64_t first_block() const { return load_ptr(p, first_block_at()); }
  // Element i's address.
  uint64_t at(uint64_t i, uint64_t esize) const {
    const uint64_t k = index_of(i);
    return seg(k) + esize * (i - seg_base(k));
  }
};

void vector_throw(WindowsProcess& p, uint64_t which) {
  switch (which) {
    case 0: msvcp::throw_out_of_range(p, "Index out of range"); break;
    case 1: msvcp::throw_out_of_range(p, "Index out of segments table range"); break;
    case 2: msvcp::throw_range_error(p, "Index is inside segment which failed to be allocated"); break;
    default: break;
  }
}

uint64_t capacity(const Vector& v) {
  const uint64_t n = v.entries();
  for (uint64_t i = 0; i < n; ++i)
    if (!v.seg(i)) return i ? 1ull << i : 0;
  return 1ull << n;
}

// Segment k made (by this thread, or waited for while another makes it); false when it failed.
bool make_segment(const Vector& v, uint64_t k, uint64_t esize) {
  WindowsProcess& p = v.p;
  for (;;) {
    const uint64_t s = v.seg(k);
    if (s && s != kAllocating) return true;
    if (s == kAllocating) {
      pause();
      continue;
    }
    if (!cas_ptr(p, v.seg_at(k), 0, kAllocating)) continue;
    const uint64_t fb = v.first_block();
    uint64_t made;
    if (k == 0) made = p.call_guest(v.allocator(), {v.self, esize << std::max<uint64_t>(fb, 1)});
    else if (k < fb) made = v.seg(0) + esize * seg_base(k);
    else made = p.call_guest(v.allocator(), {v.self, esize << k});
    if (p.isa->ptr == 4) made &= 0xffffffffu;
    store_ptr(p, v.seg_at(k), made);
    if (!made) {
      vector_throw(p, 2);
      return false;
    }
    return true;
  }
}

void vector_Internal_reserve(WindowsProcess& p, Ptr self, USize n, USize esize, USize max) {
  const Vector v{p, self.addr};
  if (n.v > max.v) return vector_throw(p, 0);
  const uint64_t cap = capacity(v);
  if (n.v <= cap) return;
  const uint64_t last = index_of(n.v - 1);
  if (!v.first_block()) cas_ptr(p, v.first_block_at(), 0, last + 1);
  uint64_t k = index_of(cap);
  if (v.table() == v.storage()) {
    for (; k <= last && k < kStorageSegments; ++k)
      if (!make_segment(v, k, esize.v) || p.stopping()) return;
    if (last >= kStorageSegments) {  // the table grows to a pointer's bits of entries
      const uint64_t bytes = 8ull * v.w() * v.w();
      const uint64_t table = new_object(p, bytes);
      if (!table) return vector_throw(p, 2);
      std::memset(guest_pointer(table), 0, bytes);
      std::memcpy(guest_pointer(table), guest_pointer(v.storage()), kStorageSegments * v.w());
      if (!cas_ptr(p, v.table_at(), v.storage(), table)) delete_object(p, table);
    }
  }
  for (; k <= last; ++k)
    if (!make_segment(v, k, esize.v) || p.stopping()) return;
}
USize vector_Internal_capacity(WindowsProcess& p, Ptr self) { return USize(capacity(Vector{p, self.addr})); }
USize vector_Segment_index_of(WindowsProcess& p, USize x) {
  return USize(p.isa->ptr == 4 ? index_of(x.v & 0xffffffffu) : index_of(x.v));
}
void vector_dtor(WindowsProcess& p, Ptr self) {
  const Vector v{p, self.addr};
  if (v.table() != v.storage()) delete_object(p, v.table());
}
void vector_Internal_throw_exception(WindowsProcess& p, Ptr, USize which) { vector_throw(p, which.v); }

// `fn`(k, first element of the run in segment k, count) for each segment's part of [lo, hi).
template <typename Fn>
void each_run(uint64_t lo, uint64_t hi, Fn fn) {
  while (lo < hi) {
    const uint64_t k = index_of(lo);
    const uint64_t end = std::min(hi, seg_base(k) + seg_size(k));
    fn(k, lo, end - lo);
    lo = end;
  }
}
// The callbacks: clear(begin, n), copy/assign(dst, src, n), all cdecl.
void clear_range(const Vector& v, uint64_t lo, uint64_t hi, uint64_t esize, uint64_t clear) {
  each_run(lo, hi, [&](uint64_t, uint64_t i, uint64_t n) { v.p.call_guest(clear, {v.at(i, esize), n}); });
}
void copy_range(const Vector& to, const Vector& from, uint64_t lo, uint64_t hi, uint64_t esize, uint64_t fn) {
  each_run(lo, hi, [&](uint64_t, uint64_t i, uint64_t n) { to.p.call_guest(fn, {to.at(i, esize), from.at(i, esize), n}); });
}
// Elements [lo, hi) made from the one value `src` (or default ones when it is null).
void fill_range(const Vector& v, uint64_t lo, uint64_t hi, uint64_t esize, uint64_t copy, uint64_t src) {
  each_run(lo, hi, [&](uint64_t, uint64_t i, uint64_t n) { v.p.call_guest(copy, {v.at(i, esize), src, n}); });
}

// Every element destroyed (last segment first); the number of segments allocated.
USize vector_Internal_clear(WindowsProcess& p, Ptr self, Ptr clear) {
  const Vector v{p, self.addr};
  const uint64_t n = v.size();
  if (n) {
    for (uint64_t k = index_of(n - 1) + 1; k-- > 0;) {
      const uint64_t lo = seg_base(k), hi = std::min(n, seg_base(k) + seg_size(k));
      p.call_guest(clear.addr, {v.seg(k), hi - lo});
    }
  }
  store_ptr(p, v.size_at(), 0);
  uint64_t k = 0;
  while (k < v.entries() && v.seg(k)) ++k;
  return USize(k);
}

void vector_Internal_copy(WindowsProcess& p, Ptr self, Ptr other, USize esize, Ptr copy) {
  const Vector v{p, self.addr}, from{p, other.addr};
  const uint64_t n = from.size();
  if (n) {
    vector_Internal_reserve(p, self, USize(n), esize, USize(~0ull / esize.v));
    if (p.stopping()) return;
    copy_range(v, from, 0, n, esize.v, copy.addr);
  }
  store_ptr(p, v.size_at(), n);
}

void vector_Internal_assign(WindowsProcess& p, Ptr self, Ptr other, USize esize, Ptr clear, Ptr assign, Ptr copy) {
  const Vector v{p, self.addr}, from{p, other.addr};
  const uint64_t mine = v.size(), theirs = from.size();
  if (!theirs) {
    vector_Internal_clear(p, self, clear);
    return;
  }
  if (!mine) {
    vector_Internal_copy(p, self, other, esize, copy);
    return;
  }
  copy_range(v, from, 0, std::min(mine, theirs), esize.v, assign.addr);
  if (mine > theirs) {
    clear_range(v, theirs, mine, esize.v, clear.addr);
  } else if (mine < theirs) {
    vector_Internal_reserve(p, self, USize(theirs), esize, USize(~0ull / esize.v));
    if (p.stopping()) return;
    copy_range(v, from, mine, theirs, esize.v, copy.addr);
  }
  store_ptr(p, v.size_at(), theirs);
}

// `count` more elements made from `src`; the index of the first.
USize vector_Internal_grow_by(WindowsProcess& p, Ptr self, USize count, USize esize, Ptr copy, Ptr src) {
  const Vector v{p, self.addr};
  uint64_t old;
  if (!count.v) return USize(v.size());
  do {
    old = v.size();
    vector_Internal_reserve(p, self, USize(old + count.v), esize, USize(~0ull / esize.v));
    if (p.stopping()) return USize(old);
  } while (!cas_ptr(p, v.size_at(), old, old + count.v));
  fill_range(v, old, old + count.v, esize.v, copy.addr, src.addr);
  return USize(old);
}

// At least `count` elements, the new ones made from `src`; the size before.
USize vector_Internal_grow_to_at_least_with_result(WindowsProcess& p, Ptr self, USize count, USize esize, Ptr copy, Ptr src) {
  const Vector v{p, self.addr};
  vector_Internal_reserve(p, self, count, esize, USize(~0ull / esize.v));
  uint64_t old;
  do {
    old = v.size();
    if (old >= count.v || p.stopping()) return USize(old);
  } while (!cas_ptr(p, v.size_at(), old, count.v));
  fill_range(v, old, count.v, esize.v, copy.addr, src.addr);
  return USize(old);
}

// A place for one more element at the end: its address, its index at *idx.
Ptr vector_Internal_push_back(WindowsProcess& p, Ptr self, USize esize, Ptr idx) {
  const Vector v{p, self.addr};
  uint64_t i;
  do {
    i = v.size();
    vector_Internal_reserve(p, self, USize(i + 1), esize, USize(~0ull / esize.v));
    if (p.stopping()) return Ptr(0);
  } while (!cas_ptr(p, v.size_at(), i, i + 1));
  p.put_ptr(idx.addr, i);
  return Ptr(v.at(i, esize.v));
}

void vector_Internal_resize(WindowsProcess& p, Ptr self, USize n, USize esize, USize max, Ptr clear, Ptr copy, Ptr src) {
  const Vector v{p, self.addr};
  if (n.v > max.v) return vector_throw(p, 0);
  const uint64_t size = v.size();
  if (n.v > size) {
    vector_Internal_grow_to_at_least_with_result(p, self, n, esize, copy, src);
  } else if (n.v < size) {
    clear_range(v, n.v, size, esize.v, clear.addr);
    store_ptr(p, v.size_at(), n.v);
  }
}

// shrink_to_fit: the elements moved into one block when they are spread over several, the old
// segments handed to the program in `out` ({first block; a pointer's bits of segments}) to free;
// null when there is nothing to move or free.
Ptr vector_Internal_compact(WindowsProcess& p, Ptr self, USize esize, Ptr out, Ptr clear, Ptr copy) {
  const Vector v{p, self.addr};
  const unsigned w = v.w();
  const uint64_t size = v.size(), cap = capacity(v);
  if (!cap) return Ptr(0);
  const uint64_t alloc_last = index_of(cap - 1);
  const uint64_t blocks = out.addr + w;
  auto hand_over = [&](uint64_t from, uint64_t to) {  // segments [from, to] to the program
    std::memset(guest_pointer(blocks), 0, 8ull * w * w);
    for (uint64_t k = from; k <= to; ++k) p.put_ptr(blocks + k * w, v.seg(k));
  };
  if (!size) {
    p.put_ptr(out.addr, alloc_last + 1);
    hand_over(0, alloc_last);
    for (uint64_t k = 0; k <= alloc_last; ++k) p.put_ptr(v.seg_at(k), 0);
    p.put_ptr(v.first_block_at(), 0);
    return out;
  }
  const uint64_t last = index_of(size - 1);
  const uint64_t fb = v.first_block();
  if (fb == last + 1 && last == alloc_last) return Ptr(0);
  p.put_ptr(out.addr, fb);
  if (fb == last + 1) {  // one block already: only the segments past it go
    hand_over(last + 1, alloc_last);
    for (uint64_t k = last + 1; k <= alloc_last; ++k) p.put_ptr(v.seg_at(k), 0);
    return out;
  }
  hand_over(0, alloc_last);
  for (uint64_t k = 0; k <= alloc_last; ++k) p.put_ptr(v.seg_at(k), 0);
  p.put_ptr(v.first_block_at(), 0);
  vector_Internal_reserve(p, self, USize(size), esize, USize(~0ull / esize.v));
  if (p.stopping()) return out;
  // The old segments, as the table in `out` has them.
  auto old_at = [&](uint64_t i) {
    const uint64_t k = index_of(i);
    return p.get_ptr(blocks + k * w) + esize.v * (i - seg_base(k));
  };
  each_run(0, size, [&](uint64_t, uint64_t i, uint64_t n) { p.call_guest(copy.addr, {v.at(i, esize.v), old_at(i), n}); });
  each_run(0, size, [&](uint64_t, uint64_t i, uint64_t n) { p.call_guest(clear.addr, {old_at(i), n}); });
  return out;
}

// Two vectors exchange their fields; a table that is the other's embedded storage becomes one's own.
void vector_Internal_swap(WindowsProcess& p, Ptr self, Ptr other) {
  const Vector a{p, self.addr}, b{p, other.addr};
  const unsigned w = a.w();
  for (unsigned f = 0; f < 7; ++f) {
    const uint64_t x = p.get_ptr(a.self + f * w);
    p.put_ptr(a.self + f * w, p.get_ptr(b.self + f * w));
    p.put_ptr(b.self + f * w, x);
  }
  if (p.get_ptr(a.table_at()) == b.storage()) p.put_ptr(a.table_at(), a.storage());
  if (p.get_ptr(b.table_at()) == a.storage()) p.put_ptr(b.table_at(), b.storage());
}

}  // namespace

#define QB "_Concurrent_queue_base_v4@details@Concurrency@@"
#define VB "_Concurrent_vector_base_v4@details@Concurrency@@"

const std::vector<Export>& concurrent_container_exports() {
  static const std::vector<Export> e = {
      MSVCP_METHOD("??0" QB "IAE@I@Z", "??0" QB "IEAA@_K@Z", queue_ctor),
      MSVCP_METHOD("??1" QB "MAE@XZ", "??1" QB "MEAA@XZ", queue_dtor),
      MSVCP_METHOD("?_Internal_push@" QB "IAEXPBX@Z", "?_Internal_push@" QB "IEAAXPEBX@Z", queue_Internal_push),
      MSVCP_METHOD("?_Internal_move_push@" QB "IAEXPAX@Z", "?_Internal_move_push@" QB "IEAAXPEAX@Z", queue_Internal_move_push),
      MSVCP_METHOD("?_Internal_pop_if_present@" QB "IAE_NPAX@Z", "?_Internal_pop_if_present@" QB "IEAA_NPEAX@Z",
                   queue_Internal_pop_if_present),
      MSVCP_METHOD("?_Internal_size@" QB "IBEIXZ", "?_Internal_size@" QB "IEBA_KXZ", queue_Internal_size),
      MSVCP_METHOD("?_Internal_empty@" QB "IBE_NXZ", "?_Internal_empty@" QB "IEBA_NXZ", queue_Internal_empty),
      MSVCP_METHOD("?_Internal_finish_clear@" QB "IAEXXZ", "?_Internal_finish_clear@" QB "IEAAXXZ", queue_Internal_finish_clear),
      MSVCP_METHOD("?_Internal_swap@" QB "IAEXAAV123@@Z", "?_Internal_swap@" QB "IEAAXAEAV123@@Z", queue_Internal_swap),
      MSVCP_METHOD("?_Internal_throw_exception@" QB "IBEXXZ", "?_Internal_throw_exception@" QB "IEBAXXZ",
                   queue_Internal_throw_exception),
      MSVCP_METHOD("??1" VB "IAE@XZ", "??1" VB "IEAA@XZ", vector_dtor),
      MSVCP_METHOD("?_Internal_capacity@" VB "IBEIXZ", "?_Internal_capacity@" VB "IEBA_KXZ", vector_Internal_capacity),
      MSVCP_METHOD("?_Internal_reserve@" VB "IAEXIII@Z", "?_Internal_reserve@" VB "IEAAX_K00@Z", vector_Internal_reserve),
      MSVCP_METHOD("?_Internal_clear@" VB "IAEIP6AXPAXI@Z@Z", "?_Internal_clear@" VB "IEAA_KP6AXPEAX_K@Z@Z", vector_Internal_clear),
      MSVCP_METHOD("?_Internal_compact@" VB "IAEPAXIPAXP6AX0I@ZP6AX0PBXI@Z@Z",
                   "?_Internal_compact@" VB "IEAAPEAX_KPEAXP6AX10@ZP6AX1PEBX0@Z@Z", vector_Internal_compact),
      MSVCP_METHOD("?_Internal_copy@" VB "IAEXABV123@IP6AXPAXPBXI@Z@Z", "?_Internal_copy@" VB "IEAAXAEBV123@_KP6AXPEAXPEBX1@Z@Z",
                   vector_Internal_copy),
      MSVCP_METHOD("?_Internal_assign@" VB "IAEXABV123@IP6AXPAXI@ZP6AX1PBXI@Z4@Z",
                   "?_Internal_assign@" VB "IEAAXAEBV123@_KP6AXPEAX1@ZP6AX2PEBX1@Z5@Z", vector_Internal_assign),
      MSVCP_METHOD("?_Internal_grow_by@" VB "IAEIIIP6AXPAXPBXI@Z1@Z", "?_Internal_grow_by@" VB "IEAA_K_K0P6AXPEAXPEBX0@Z2@Z",
                   vector_Internal_grow_by),
      MSVCP_METHOD("?_Internal_grow_to_at_least_with_result@" VB "IAEIIIP6AXPAXPBXI@Z1@Z",
                   "?_Internal_grow_to_at_least_with_result@" VB "IEAA_K_K0P6AXPEAXPEBX0@Z2@Z",
                   vector_Internal_grow_to_at_least_with_result),
      MSVCP_METHOD("?_Internal_push_back@" VB "IAEPAXIAAI@Z", "?_Internal_push_back@" VB "IEAAPEAX_KAEA_K@Z", vector_Internal_push_back),
      MSVCP_METHOD("?_Internal_resize@" VB "IAEXIIIP6AXPAXI@ZP6AX0PBXI@Z2@Z",
                   "?_Internal_resize@" VB "IEAAX_K00P6AXPEAX0@ZP6AX1PEBX0@Z3@Z", vector_Internal_resize),
      MSVCP_METHOD("?_Internal_swap@" VB "IAEXAAV123@@Z", "?_Internal_swap@" VB "IEAAXAEAV123@@Z", vector_Internal_swap),
      MSVCP_METHOD("?_Internal_throw_exception@" VB "IBEXI@Z", "?_Internal_throw_exception@" VB "IEBAX_K@Z",
                   vector_Internal_throw_exception),
      MSVCP_FUNCTION("?_Segment_index_of@" VB "KAII@Z", "?_Segment_index_of@" VB "KA_K_K@Z", vector_Segment_index_of),
  };
  return e;
}

}  // namespace polyrun::shims::msvcp120
