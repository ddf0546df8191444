// The guest heap (shims/core/guest_heap.h) as Windows' heap API describes a heap: HeapWalk lists every
// part of a region in address order, with nothing left out or counted twice; HeapValidate finds a
// damaged block header; a free of a block that is not live changes nothing; a fixed-size heap
// refuses what would pass its maximum; HeapLock excludes other threads until HeapUnlock.
// (Microsoft's HeapWalk, HeapValidate, HeapFree, HeapCreate and HeapLock pages.)
#include "shims/core/guest_heap.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

namespace {

using polyrun::cpu::ExecutionLock;
using polyrun::mem::AddressSpace;
using polyrun::mem::Layout;
using polyrun::shims::GuestHeap;
using polyrun::shims::kHeapEntryBusy;
using polyrun::shims::kHeapEntryRegion;
using polyrun::shims::kHeapEntryUncommitted;
using polyrun::shims::ThreadHeapCache;

constexpr uint64_t kBottom = 0x10000000ull, kTop = 0x70000000ull;

struct Fixture {
  AddressSpace memory{Layout{4096, kBottom, kTop}};
  ExecutionLock lock;
  GuestHeap heap;
  explicit Fixture(GuestHeap::Options o = private_heap()) : heap(memory, kTop, lock, o) { lock.acquire(); }
  ~Fixture() {
    heap.destroy();
    lock.release();
  }
  static GuestHeap::Options private_heap() {
    GuestHeap::Options o;
    o.magic = GuestHeap::kPrivateMagic;
    o.flags = GuestHeap::kGrowable | GuestHeap::kPrivate;
    o.first_region = 0x10000;
    return o;
  }
  std::vector<GuestHeap::Entry> walk() const {
    std::vector<GuestHeap::Entry> all;
    GuestHeap::Entry e;
    while (heap.next(e) && all.size() < 100000) all.push_back(e);
    return all;
  }
};

TEST(GuestHeap, WalkCoversEachRegionInAddressOrder) {
  Fixture f;
  std::vector<uint64_t> blocks;
  for (int i = 0; i < 300; ++i) blocks.push_back(f.heap.alloc(static_cast<uint64_t>(1 + (i * 37) % 5000)));
  for (size_t i = 0; i < blocks.size(); i += 3) ASSERT_TRUE(f.heap.free(blocks[i]));
  const uint64_t big = f.heap.alloc(3 << 20);
  const auto entries = f.walk();
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().flags, kHeapEntryRegion);
  EXPECT_EQ(entries.front().data, f.heap.handle());
  // Within a region every byte after the header belongs to exactly one entry: each block's
  // header (16 bytes), data and unused rest (cbOverhead, a byte: 255 says "at least"), the
  // committed rest, the uncommitted range.
  uint64_t expect = 0, end = 0, prev = 0;
  unsigned busy = 0, regions = 0, large = 0;
  for (const auto& e : entries) {
    if (e.flags & kHeapEntryRegion) {
      if (expect) EXPECT_EQ(expect, end) << "the previous region was covered up to its end";
      ++regions;
      prev = e.data;
      expect = e.first;  // its first block's header
      end = e.last;
      EXPECT_EQ(e.committed + e.uncommitted, e.last - e.data);
      continue;
    }
    if (e.region == 64) {  // a block of its own, after the regions
      EXPECT_EQ(e.flags, kHeapEntryBusy);
      EXPECT_EQ(e.data, big);
      ++large;
      continue;
    }
    if (e.flags & kHeapEntryUncommitted) {
      if (expect) EXPECT_EQ(e.data, expect);
      expect = e.data + e.size;
      continue;
    }
    if (expect) EXPECT_EQ(e.data, expect + 16) << "a block's data follows its header";
    EXPECT_GT(e.data, prev) << "in address order";
    EXPECT_LT(e.data, end);
    prev = e.data;
    if (e.flags & kHeapEntryBusy) ++busy;
    expect = e.overhead == 255 ? 0 : e.data + e.size + e.overhead;
  }
  if (expect) EXPECT_EQ(expect, end);
  EXPECT_GE(regions, 2u);  // 300 blocks do not fit in the first 64 KiB
  EXPECT_EQ(large, 1u);
  EXPECT_EQ(busy, 200u);
}

TEST(GuestHeap, ValidateFindsADamagedHeaderAndTheWalkStopsThere) {
  Fixture f;
  const uint64_t a = f.heap.alloc(100), b = f.heap.alloc(100);
  ASSERT_GT(b, a);
  EXPECT_TRUE(f.heap.validate());
  std::memset(reinterpret_cast<void*>(a), 0xcc, b - a);  // over b's header
  EXPECT_FALSE(f.heap.validate());
  EXPECT_FALSE(f.heap.owns(b));
  EXPECT_FALSE(f.heap.free(b));
  bool seen_b = false;
  for (const auto& e : f.walk()) seen_b |= e.data == b;
  EXPECT_FALSE(seen_b);
}

TEST(GuestHeap, AFreeOfABlockNotLiveChangesNothing) {
  Fixture f;
  const uint64_t a = f.heap.alloc(40);
  std::memset(reinterpret_cast<void*>(a), 0x5a, 40);
  ASSERT_TRUE(f.heap.free(a));
  EXPECT_FALSE(f.heap.free(a));  // freed before
  EXPECT_FALSE(f.heap.free(a + 16));  // inside a block
  static char not_heap[64];
  EXPECT_FALSE(f.heap.free(reinterpret_cast<uint64_t>(not_heap + 16)));
  const uint64_t b = f.heap.alloc(40);  // the freed block, once, not twice
  const uint64_t c = f.heap.alloc(40);
  EXPECT_NE(b, c);
  EXPECT_TRUE(f.heap.validate());
}

TEST(GuestHeap, BlocksOfAnotherHeapAreNotItsOwn) {
  Fixture f;
  GuestHeap::Options o = Fixture::private_heap();
  GuestHeap other(f.memory, kTop, f.lock, o);
  const uint64_t mine = f.heap.alloc(64), theirs = other.alloc(64);
  EXPECT_TRUE(f.heap.owns(mine));
  EXPECT_FALSE(f.heap.owns(theirs));
  EXPECT_FALSE(f.heap.free(theirs));
  EXPECT_TRUE(other.owns(theirs));
  other.destroy();
}

TEST(GuestHeap, AFixedSizeHeapRefusesWhatPassesItsMaximum) {
  GuestHeap::Options o = Fixture::private_heap();
  o.flags = GuestHeap::kPrivate;
  o.maximum = 0x40000;
  o.first_region = 0x40000;
  o.large_limit = 0xff000;
  Fixture f(o);
  const uint64_t a = f.heap.alloc(0x30000);
  EXPECT_NE(a, 0u);
  EXPECT_EQ(f.heap.alloc(0x30000), 0u);
  EXPECT_EQ(f.heap.alloc(0x100000), 0u);
  EXPECT_NE(f.heap.alloc(0x1000), 0u);
  ASSERT_TRUE(f.heap.free(a));
  EXPECT_NE(f.heap.alloc(0x30000), 0u);
}

TEST(GuestHeap, ReallocInPlaceStaysOrFailsLeavingTheBlock) {
  Fixture f;
  const uint64_t a = f.heap.alloc(1000);
  std::memset(reinterpret_cast<void*>(a), 0x77, 1000);
  EXPECT_EQ(f.heap.realloc(a, 100, true), a);
  EXPECT_EQ(f.heap.size(a), 100u);
  EXPECT_EQ(f.heap.realloc(a, 1 << 20, true), 0u);
  EXPECT_EQ(f.heap.size(a), 100u);
  const uint64_t b = f.heap.realloc(a, 500, true, true);  // back within the block: the new bytes zero
  EXPECT_EQ(b, a);
  EXPECT_EQ(reinterpret_cast<const unsigned char*>(a)[99], 0x77);
  EXPECT_EQ(reinterpret_cast<const unsigned char*>(a)[100], 0);
  EXPECT_EQ(reinterpret_cast<const unsigned char*>(a)[499], 0);
}

TEST(GuestHeap, ADrainedThreadCacheIsFreeInTheWalk) {
  Fixture f(GuestHeap::Options{});
  ThreadHeapCache cache{};
  const uint64_t a = f.heap.alloc(100);
  // What the leaf code's free does: the block's magic 0, linked into its class's list.
  auto* h = reinterpret_cast<uint32_t*>(a - 16);
  const uint32_t cls = h[2];
  h[3] = 0;
  *reinterpret_cast<uint64_t*>(a) = 0;
  cache.head[cls] = a;
  cache.count[cls] = 1;
  bool busy = false;
  for (const auto& e : f.walk()) busy |= e.data == a && (e.flags & kHeapEntryBusy);
  EXPECT_FALSE(busy);
  f.heap.drain(cache);
  EXPECT_EQ(cache.head[cls], 0u);
  EXPECT_EQ(f.heap.alloc(100), a);  // from the heap's own list now
}

TEST(GuestHeap, HeapLockKeepsOtherThreadsOutUntilUnlocked) {
  Fixture f;
  f.heap.user_lock();
  f.heap.user_lock();  // again: the same thread
  std::atomic<int> got{0};
  std::thread other([&] {
    EXPECT_FALSE(f.heap.try_user_lock());
    EXPECT_FALSE(f.heap.user_unlock());  // not its lock
    f.heap.user_lock();
    got = 1;
    EXPECT_TRUE(f.heap.user_unlock());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(got.load(), 0);
  EXPECT_TRUE(f.heap.user_unlock());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(got.load(), 0);  // still held once
  EXPECT_TRUE(f.heap.user_unlock());
  other.join();
  EXPECT_EQ(got.load(), 1);
  EXPECT_FALSE(f.heap.user_unlock());
}

}  // namespace
