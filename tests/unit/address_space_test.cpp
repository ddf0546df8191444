#include "memory/address_space.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>

using namespace polyrun::mem;

namespace {

constexpr uint64_t kBottom = 0x150000000000ull, kTop = 0x150100000000ull;

struct Recorder : Observer {
  std::vector<std::pair<uint64_t, uint64_t>> changes, writes;
  void on_map_change(uint64_t lo, uint64_t hi) override { changes.emplace_back(lo, hi); }
  void on_code_write(uint64_t lo, uint64_t hi) override { writes.emplace_back(lo, hi); }
};

AddressSpace make() { return AddressSpace(Layout{4096, kBottom, kTop}); }

TEST(AddressSpace, TopDownPlacementIsBackedByHostMemory) {
  AddressSpace as = make();
  int64_t a = as.map(0, 10000, kRead | kWrite, {});
  ASSERT_GT(a, 0);
  EXPECT_EQ(static_cast<uint64_t>(a), kTop - 12288);  // rounded to pages, placed at the top
  std::memset(reinterpret_cast<void*>(a), 0x5a, 12288);  // host memory at the guest address
  EXPECT_EQ(reinterpret_cast<uint8_t*>(a)[12287], 0x5a);
  int64_t b = as.map(0, 4096, kRead, {});
  EXPECT_EQ(static_cast<uint64_t>(b), kTop - 16384);
  EXPECT_TRUE(as.accessible(static_cast<uint64_t>(a), 12288, kRead | kWrite));
  EXPECT_FALSE(as.accessible(static_cast<uint64_t>(b), 4096, kWrite));
}

TEST(AddressSpace, AdjacentSameProtectionMappingsMerge) {
  AddressSpace as = make();
  for (int i = 0; i < 1000; ++i) ASSERT_GT(as.map(0, 4096, kRead | kWrite, {}), 0);
  EXPECT_EQ(as.vmas().size(), 1u);
  EXPECT_EQ(as.vmas().begin()->second.end - as.vmas().begin()->second.start, 1000u * 4096);
}

TEST(AddressSpace, ProtectSplitsAndReportsRange) {
  AddressSpace as = make();
  Recorder rec;
  as.add_observer(&rec);
  uint64_t a = static_cast<uint64_t>(as.map(0, 16 * 4096, kRead | kWrite, {}));
  ASSERT_EQ(as.protect(a + 4096, 4096, kRead), 0);
  EXPECT_EQ(as.vmas().size(), 3u);
  EXPECT_EQ(rec.changes.back(), std::make_pair(a + 4096, a + 8192));
  EXPECT_FALSE(as.accessible(a, 8192, kWrite));
  ASSERT_EQ(as.protect(a + 4096, 4096, kRead | kWrite), 0);
  EXPECT_EQ(as.vmas().size(), 1u);  // merged back
  EXPECT_EQ(as.protect(a + 64 * 4096, 4096, kRead), -ENOMEM);  // not mapped
  as.remove_observer(&rec);
}

TEST(AddressSpace, FixedMappingRefusesHostMemory) {
  AddressSpace as = make();
  // Something of the host's own inside the guest's range.
  void* host = ::mmap(reinterpret_cast<void*>(kBottom + 0x100000), 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  ASSERT_NE(host, MAP_FAILED);
  MapRequest fixed;
  fixed.fixed = true;
  fixed.replace = true;
  EXPECT_EQ(as.map(kBottom + 0x100000 - 4096, 3 * 4096, kRead, fixed), -ENOMEM);
  EXPECT_TRUE(as.is_free(kBottom + 0x100000 - 4096, 3 * 4096));
  ::munmap(host, 4096);
}

TEST(AddressSpace, PlacementSkipsHostMemory) {
  AddressSpace as = make();
  // The host's own page where the first top-down placement would go.
  void* host = ::mmap(reinterpret_cast<void*>(kTop - 4096), 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  ASSERT_NE(host, MAP_FAILED);
  int64_t a = as.map(0, 8192, kRead | kWrite, {});
  ASSERT_GT(a, 0);
  EXPECT_EQ(static_cast<uint64_t>(a), kTop - 4096 - 8192);
  ::munmap(host, 4096);
}

TEST(AddressSpace, FixedNoReplaceAndReplace) {
  AddressSpace as = make();
  MapRequest fixed;
  fixed.fixed = true;
  uint64_t at = kBottom + 0x200000;
  ASSERT_EQ(as.map(at, 8192, kRead | kWrite, fixed), static_cast<int64_t>(at));
  *reinterpret_cast<uint8_t*>(at) = 7;
  EXPECT_EQ(as.map(at, 4096, kRead, fixed), -EEXIST);
  fixed.replace = true;
  ASSERT_EQ(as.map(at, 4096, kRead | kWrite, fixed), static_cast<int64_t>(at));
  EXPECT_EQ(*reinterpret_cast<uint8_t*>(at), 0);  // fresh zero page
}

TEST(AddressSpace, UnmapMiddleAndAccessiblePrefix) {
  AddressSpace as = make();
  uint64_t a = static_cast<uint64_t>(as.map(0, 4 * 4096, kRead | kWrite, {}));
  ASSERT_EQ(as.unmap(a + 4096, 4096), 0);
  EXPECT_EQ(as.vmas().size(), 2u);
  EXPECT_EQ(as.accessible_prefix(a, 4 * 4096, kRead), 4096u);
  EXPECT_EQ(as.accessible_prefix(a + 4096, 100, kRead), 0u);
  EXPECT_EQ(as.find_free(4096, a + 4096), a + 4096);  // the hole is reused for a hint
}

TEST(AddressSpace, RemapGrowsInPlaceOrMoves) {
  AddressSpace as = make();
  MapRequest fixed;
  fixed.fixed = true;
  uint64_t at = kBottom + 0x400000;
  ASSERT_GT(as.map(at, 4096, kRead | kWrite, fixed), 0);
  *reinterpret_cast<uint32_t*>(at) = 0xdeadbeef;
  EXPECT_EQ(as.remap(at, 4096, 8192, false, false, 0), static_cast<int64_t>(at));
  ASSERT_GT(as.map(at + 8192, 4096, kRead, fixed), 0);  // block further growth
  int64_t moved = as.remap(at, 8192, 64 * 4096, true, false, 0);
  ASSERT_GT(moved, 0);
  EXPECT_NE(static_cast<uint64_t>(moved), at);
  EXPECT_EQ(*reinterpret_cast<uint32_t*>(moved), 0xdeadbeefu);
  EXPECT_TRUE(as.is_free(at, 8192));
  ASSERT_GT(as.map(at + 12288, 4096, kRead, fixed), 0);
  EXPECT_EQ(as.remap(at + 8192, 4096, 8192, false, false, 0), -ENOMEM);  // blocked, may not move
}

TEST(AddressSpace, PokeWritesReadOnlyMemoryAndReportsCode) {
  AddressSpace as = make();
  Recorder rec;
  as.add_observer(&rec);
  uint64_t a = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
  uint32_t insn = 0xd503201f;
  ASSERT_TRUE(as.poke(a + 8, &insn, 4));
  EXPECT_EQ(*reinterpret_cast<uint32_t*>(a + 8), insn);
  ASSERT_FALSE(rec.writes.empty());
  EXPECT_EQ(rec.writes.back(), std::make_pair(a + 8, a + 12));
  EXPECT_FALSE(as.poke(a + 4096, &insn, 4));
  as.remove_observer(&rec);
}

TEST(AddressSpace, HostWritesReportOnlyTheirExecutablePart) {
  AddressSpace as = make();
  Recorder rec;
  as.add_observer(&rec);
  uint64_t a = static_cast<uint64_t>(as.map(0, 4 * 4096, kRead | kWrite, {}));
  ASSERT_EQ(as.protect(a + 4096, 4096, kRead | kWrite | kExec), 0);
  ASSERT_EQ(as.protect(a + 3 * 4096, 4096, kRead | kExec), 0);
  as.host_wrote(a + 100, 200);  // data only
  EXPECT_TRUE(rec.writes.empty());
  as.host_wrote(a + 4000, 3 * 4096);  // data, code, data, code
  ASSERT_EQ(rec.writes.size(), 2u);
  EXPECT_EQ(rec.writes[0], std::make_pair(a + 4096, a + 8192));
  EXPECT_EQ(rec.writes[1], std::make_pair(a + 3 * 4096, a + 4000 + 3 * 4096));
  as.host_wrote(a + 4 * 4096, 4096);  // unmapped
  EXPECT_EQ(rec.writes.size(), 2u);
  as.remove_observer(&rec);
}

}  // namespace

// Linux never maps past the end of a task's address space (TASK_SIZE; 4 GiB for a 32-bit guest):
// mmap's hint is ignored there (get_unmapped_area), MAP_FIXED fails with ENOMEM, mremap cannot
// grow in place across it and refuses a fixed target past it with EINVAL.
TEST(AddressSpace, NothingPastTheEndOfTheAddressSpace) {
  constexpr uint64_t kEnd = kTop + 0x100000;
  AddressSpace as(Layout{4096, kBottom, kTop, kEnd});
  int64_t hinted = as.map(kEnd - 4096, 8192, kRead | kWrite, {});
  ASSERT_GT(hinted, 0);
  EXPECT_LE(static_cast<uint64_t>(hinted) + 8192, kTop);  // placed top-down instead
  MapRequest fixed;
  fixed.fixed = true;
  fixed.replace = true;
  EXPECT_EQ(as.map(kEnd - 4096, 8192, kRead | kWrite, fixed), -ENOMEM);
  ASSERT_EQ(as.map(kEnd - 4096, 4096, kRead | kWrite, fixed), static_cast<int64_t>(kEnd - 4096));
  EXPECT_EQ(as.remap(kEnd - 4096, 4096, 8192, false, false, 0), -ENOMEM);
  ASSERT_EQ(as.map(kEnd - 0x10000, 4096, kRead | kWrite, fixed), static_cast<int64_t>(kEnd - 0x10000));
  EXPECT_EQ(as.remap(kEnd - 0x10000, 4096, 8192, true, true, kEnd - 4096), -EINVAL);
  int64_t moved = as.remap(kEnd - 4096, 4096, 8192, true, false, 0);
  ASSERT_GT(moved, 0);
  EXPECT_LE(static_cast<uint64_t>(moved) + 8192, kTop);
  EXPECT_TRUE(as.is_free(kEnd - 4096, 4096));
}
