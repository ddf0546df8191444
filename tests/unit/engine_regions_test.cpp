#include "cpu-emu/engine_regions.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "cpu-emu/cpu.h"
#include "memory/address_space.h"

using namespace polyrun;
using namespace polyrun::mem;
using polyrun::cpu::EngineRegionPlanner;

namespace {

constexpr uint64_t kBottom = 0x160000000000ull, kTop = 0x161000000000ull;

// Applies planner diffs to a model of the engine and checks it matches the planner's view.
struct Mirror : Observer {
  AddressSpace& as;
  EngineRegionPlanner planner;
  std::map<uint64_t, cpu::EngineRegion> engine;
  size_t max_regions = 0;
  Mirror(AddressSpace& a, size_t cap) : as(a), planner(cap) { as.add_observer(this); }
  ~Mirror() override { as.remove_observer(this); }
  void on_map_change(uint64_t lo, uint64_t hi) override {
    auto d = planner.update(as, lo, hi);
    for (auto& r : d.removed) ASSERT_EQ(engine.erase(r.start), 1u);
    for (auto& r : d.added) ASSERT_TRUE(engine.emplace(r.start, r).second);
    max_regions = std::max(max_regions, engine.size());
  }
  void on_code_write(uint64_t, uint64_t) override {}
};

TEST(EngineRegions, ExactWhileUnderTheCap) {
  AddressSpace as(Layout{4096, kBottom, kTop});
  Mirror m(as, 64);
  uint64_t a = static_cast<uint64_t>(as.map(0, 8 * 4096, kRead | kWrite, {}));
  ASSERT_EQ(as.protect(a + 4096, 4096, kRead), 0);
  ASSERT_EQ(as.protect(a + 3 * 4096, 4096, kNone), 0);
  // [a, +1) RW, [+1, +2) R, [+2, +3) RW, [+3,+4) none (no region), [+4, +8) RW
  ASSERT_EQ(m.engine.size(), 4u);
  EXPECT_EQ(m.engine.at(a + 4096).perms, kRead);
  EXPECT_EQ(m.engine.count(a + 3 * 4096), 0u);
  EXPECT_FALSE(m.planner.coarsened());
  EXPECT_EQ(m.engine, m.planner.regions());
}

TEST(EngineRegions, TenThousandMappingsStayBoundedAndExact) {
  AddressSpace as(Layout{4096, kBottom, kTop});
  Mirror m(as, 512);
  for (int i = 0; i < 10000; ++i) ASSERT_GT(as.map(0, 4096, kRead | kWrite, {}), 0);
  EXPECT_LE(m.max_regions, 192u);  // compaction at 3/8 of the cap
  EXPECT_FALSE(m.planner.coarsened());  // same protection everywhere: merging loses nothing
  EXPECT_EQ(m.engine, m.planner.regions());
}

TEST(EngineRegions, TenThousandMprotectsStayBounded) {
  AddressSpace as(Layout{4096, kBottom, kTop});
  Mirror m(as, 512);
  uint64_t a = static_cast<uint64_t>(as.map(0, 10000 * 4096ull, kRead | kWrite, {}));
  for (uint64_t i = 0; i < 10000; i += 2) ASSERT_EQ(as.protect(a + i * 4096, 4096, kRead), 0);
  EXPECT_LE(m.max_regions, 512u);
  EXPECT_TRUE(m.planner.coarsened());
  EXPECT_EQ(m.engine, m.planner.regions());
  // Every mapped page is covered by some region with at least its permissions.
  for (uint64_t i = 0; i < 10000; i += 97) {
    uint64_t addr = a + i * 4096;
    auto it = m.engine.upper_bound(addr);
    ASSERT_NE(it, m.engine.begin());
    --it;
    EXPECT_LT(addr, it->second.end);
    EXPECT_EQ(it->second.perms & kRead, kRead);
  }
}

TEST(EngineRegions, GuardPagesInsideOneMappingAreBridgedOnlyUnderPressure) {
  AddressSpace as(Layout{4096, kBottom, kTop});
  Mirror m(as, 16);
  uint64_t a = static_cast<uint64_t>(as.map(0, 100 * 4096ull, kRead | kWrite, {}));
  for (uint64_t i = 0; i < 100; i += 4) ASSERT_EQ(as.protect(a + i * 4096, 4096, kNone), 0);
  EXPECT_LE(m.max_regions, 16u);
}

TEST(EngineRegions, UnmappedHolesAreNeverBridged) {
  AddressSpace as(Layout{4096, kBottom, kTop});
  Mirror m(as, 4);
  uint64_t a = static_cast<uint64_t>(as.map(0, 9 * 4096ull, kRead | kWrite, {}));
  ASSERT_EQ(as.unmap(a + 2 * 4096, 4096), 0);
  ASSERT_EQ(as.unmap(a + 5 * 4096, 4096), 0);
  for (auto& [start, r] : m.engine) {
    EXPECT_FALSE(start <= a + 2 * 4096 && a + 2 * 4096 < r.end);
    EXPECT_FALSE(start <= a + 5 * 4096 && a + 5 * 4096 < r.end);
  }
}

// The same through the Unicorn backend: the engine aborts the process past ~1,000 sections.
TEST(EngineRegions, RealEngineSurvivesTenThousandMprotects) {
  AddressSpace as(Layout{4096, kBottom, kTop});
  auto cpu = cpu::create_cpu(Isa::Aarch64, as);
  uint64_t a = static_cast<uint64_t>(as.map(0, 10000 * 4096ull, kRead | kWrite, {}));
  for (uint64_t i = 0; i < 10000; i += 2) ASSERT_EQ(as.protect(a + i * 4096, 4096, kRead), 0);
  EXPECT_LE(cpu->engine_region_count(), 512u);
}

TEST(EngineRegions, RealEngineSurvivesTenThousandMappings) {
  AddressSpace as(Layout{4096, kBottom, kTop});
  auto cpu = cpu::create_cpu(Isa::Aarch64, as);
  for (int i = 0; i < 10000; ++i) ASSERT_GT(as.map(0, 4096, i % 2 ? kRead : kRead | kWrite, {}), 0);
  EXPECT_LE(cpu->engine_region_count(), 512u);
}


// A program's code mapped from a file is cut into 16 MiB chunks, other memory into 1 MiB ones
// (engine_regions.h: kFileCodeChunk, kMinChunk), so that the engine's walk over its regions for
// a code address stays short.
TEST(EngineRegions, CodeFromAFileTakesLargerChunks) {
  AddressSpace as(Layout{4096, kBottom, kTop});
  Mirror m(as, 512);
  constexpr uint64_t kSize = 40ull << 20;
  FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(ftruncate(fileno(f), kSize), 0);
  MapRequest file;
  file.fd = fileno(f);
  file.align = 16ull << 20;
  uint64_t code = static_cast<uint64_t>(as.map(0, kSize, kRead | kExec, file));
  EXPECT_EQ(m.engine.size(), 3u);  // 16 + 16 + 8 MiB
  MapRequest anon;
  anon.align = 16ull << 20;
  uint64_t data = static_cast<uint64_t>(as.map(0, kSize, kRead | kExec, anon));
  size_t data_regions = 0;
  for (const auto& [start, r] : m.engine) data_regions += start >= data && start < data + kSize;
  EXPECT_EQ(data_regions, 40u);
  // Writable file mappings (a program's data) are cut as anonymous memory is, with the chunk grown
  // with what is mapped (80 MiB over an eighth of the cap, 64 chunks: 2 MiB).
  ASSERT_EQ(as.protect(code, kSize, kRead | kWrite), 0);
  size_t code_regions = 0;
  for (const auto& [start, r] : m.engine) code_regions += start >= code && start < code + kSize;
  EXPECT_EQ(code_regions, 20u);
  EXPECT_EQ(m.engine, m.planner.regions());
  std::fclose(f);
}

}  // namespace
