// Plans the engine's memory regions from the guest map, keeping their number bounded.
//
// The engine (Unicorn 2.0.1) slows down as regions accumulate and aborts the process near 1,000
// sections, and every region split by mprotect adds sections. So the engine does not mirror the
// guest map one to one. A change re-plans only the regions it overlaps (contiguous guest mappings
// with the same protection share a region, within one chunk). When the count passes 3/8 of the
// cap, the contiguous cluster around the change is compacted to a quarter of the cap: same-protection runs merge; if
// that is not enough, contiguous runs merge with the union of their permissions; then runs
// separated only by inaccessible guest mappings (PROT_NONE: host memory exists and the host page
// protection still refuses access). Unmapped holes are never bridged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace polyrun::mem {
class AddressSpace;
}

namespace polyrun::cpu {

struct EngineRegion {
  uint64_t start = 0;
  uint64_t end = 0;    // exclusive
  uint32_t perms = 0;  // mem::Prot bits
  bool coarse = false; // covers pages whose own protection is narrower than `perms`
  bool operator==(const EngineRegion&) const = default;
};

class EngineRegionPlanner {
 public:
  explicit EngineRegionPlanner(size_t cap) : cap_(cap) {}

  struct Diff {
    std::vector<EngineRegion> removed;
    std::vector<EngineRegion> added;
  };

  // The guest map changed in [lo, hi): recompute the regions around it.
  Diff update(const mem::AddressSpace& memory, uint64_t lo, uint64_t hi);

  const std::map<uint64_t, EngineRegion>& regions() const { return regions_; }
  size_t cap() const { return cap_; }
  // True once some region has been widened beyond the exact guest protections.
  bool coarsened() const { return coarsened_; }

 private:
  void widen(uint64_t& lo, uint64_t& hi, bool touching) const;
  uint64_t chunk_size() const;

  // The engine unmaps a region in time proportional to its size (a TLB flush per 1 KiB page), so
  // no region crosses a multiple of the chunk size: large guest mappings are cut into chunks of at
  // least kMinChunk, growing with the mapped total so that the chunks alone use an eighth of the cap.
  static constexpr uint64_t kMinChunk = 1ull << 20;
  // Code mapped from a file (executable, not writable) is seldom protected again or unmapped, and
  // the engine finds the region of a code address by walking its regions from the largest down
  // on every lookup its jump cache misses (a JIT runtime's indirect branches: 9 % of node's time
  // with 40 one-MiB regions of node's own code): it is cut into chunks of at least 16 MiB.
  static constexpr uint64_t kFileCodeChunk = 16ull << 20;

  size_t cap_;
  uint64_t bytes_ = 0;  // mapped in the engine
  bool coarsened_ = false;
  std::map<uint64_t, EngineRegion> regions_;
};

}  // namespace polyrun::cpu
