// Plans the engine's memory regions from the guest map, keeping their number bounded.
//
// The engine (Unicorn 2.0.1) slows down as regions accumulate and aborts the process near 1,000
// sections, and every region split by mprotect adds sections. So the engine does not mirror the
// guest map one to one: contiguous guest mappings with the same protection share one region, and
// when a window of the map would still need more regions than the cap allows, contiguous runs are
// merged with the union of their permissions, then runs separated only by inaccessible guest
// mappings (PROT_NONE: host memory exists, the host page protection still refuses access).
// Unmapped holes are never bridged.
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
  size_t cap_;
  bool coarsened_ = false;
  std::map<uint64_t, EngineRegion> regions_;
};

}  // namespace polyrun::cpu
