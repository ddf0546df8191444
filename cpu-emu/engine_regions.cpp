#include "cpu-emu/engine_regions.h"

#include <algorithm>

#include "memory/address_space.h"

namespace polyrun::cpu {

namespace {

struct Run {
  uint64_t start, end;
  uint32_t perms;
  bool bridge;  // an inaccessible guest mapping, usable only to join two runs
};

// Merges neighbouring runs while `joinable` says so.
template <typename Pred>
std::vector<Run> merge(const std::vector<Run>& runs, Pred joinable) {
  std::vector<Run> out;
  for (const Run& r : runs) {
    if (!out.empty() && joinable(out.back(), r)) {
      out.back().end = r.end;
      out.back().perms |= r.perms;
      out.back().bridge = out.back().bridge && r.bridge;
    } else {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace

EngineRegionPlanner::Diff EngineRegionPlanner::update(const mem::AddressSpace& memory, uint64_t lo,
                                                      uint64_t hi) {
  // Widen the window over every current region that overlaps or touches it, so runs that cross
  // the window's edge are re-planned whole.
  uint64_t wlo = lo, whi = hi;
  for (bool grew = true; grew;) {
    grew = false;
    auto it = regions_.upper_bound(wlo);
    if (it != regions_.begin()) --it;
    for (; it != regions_.end() && it->first <= whi; ++it) {
      const EngineRegion& r = it->second;
      if (r.end < wlo) continue;
      if (r.start < wlo) wlo = r.start, grew = true;
      if (r.end > whi) whi = r.end, grew = true;
    }
  }

  Diff diff;
  for (auto it = regions_.lower_bound(wlo); it != regions_.end() && it->first < whi;) {
    diff.removed.push_back(it->second);
    it = regions_.erase(it);
  }

  std::vector<Run> runs;
  memory.for_each_in(wlo, whi, [&](const mem::Vma& v) {
    uint64_t s = std::max(v.start, wlo), e = std::min(v.end, whi);
    runs.push_back(Run{s, e, v.prot, v.prot == mem::kNone});
  });
  auto contiguous = [](const Run& a, const Run& b) { return a.end == b.start; };
  // Exact plan: same protection, contiguous, accessible.
  std::vector<Run> plan = merge(runs, [&](const Run& a, const Run& b) {
    return contiguous(a, b) && !a.bridge && !b.bridge && a.perms == b.perms;
  });
  auto accessible_count = [](const std::vector<Run>& p) {
    return static_cast<size_t>(std::count_if(p.begin(), p.end(), [](const Run& r) { return !r.bridge; }));
  };
  size_t budget = cap_ > regions_.size() ? cap_ - regions_.size() : 0;
  if (accessible_count(plan) > budget) {
    coarsened_ = true;
    plan = merge(plan, [&](const Run& a, const Run& b) {
      return contiguous(a, b) && !a.bridge && !b.bridge;
    });
  }
  if (accessible_count(plan) > budget) {
    plan = merge(plan, [&](const Run& a, const Run& b) { return contiguous(a, b); });
  }

  for (const Run& r : plan) {
    if (r.bridge) continue;
    EngineRegion reg{r.start, r.end, r.perms};
    regions_.emplace(r.start, reg);
    diff.added.push_back(reg);
  }
  // Regions that came back unchanged need no engine work.
  std::vector<EngineRegion> removed, added;
  for (const auto& r : diff.removed)
    if (std::find(diff.added.begin(), diff.added.end(), r) == diff.added.end()) removed.push_back(r);
  for (const auto& r : diff.added)
    if (std::find(diff.removed.begin(), diff.removed.end(), r) == diff.removed.end()) added.push_back(r);
  return Diff{std::move(removed), std::move(added)};
}

}  // namespace polyrun::cpu
