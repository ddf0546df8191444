#include "cpu-emu/engine_regions.h"

#include <algorithm>

#include "memory/address_space.h"

namespace polyrun::cpu {

namespace {

struct Run {
  uint64_t start, end;
  uint32_t perms;
  bool bridge;  // an inaccessible guest mapping, usable only to join two runs
  uint64_t chunk;  // the chunk size it was cut with: runs join only within one chunk of one size
  bool coarse = false;
};

// Merges neighbouring runs while `joinable` says so.
template <typename Pred>
std::vector<Run> merge(const std::vector<Run>& runs, Pred joinable) {
  std::vector<Run> out;
  for (const Run& r : runs) {
    if (!out.empty() && joinable(out.back(), r)) {
      out.back().coarse = out.back().coarse || r.coarse || out.back().perms != r.perms || r.bridge;
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

uint64_t EngineRegionPlanner::chunk_size() const {
  uint64_t want = bytes_ / (cap_ / 8 ? cap_ / 8 : 1);
  uint64_t c = kMinChunk;
  while (c < want) c <<= 1;
  return c;
}

// Widens [lo, hi) over every region that overlaps it (touching too, when `touching`), until no
// region crosses the window's edge.
void EngineRegionPlanner::widen(uint64_t& lo, uint64_t& hi, bool touching) const {
  for (bool grew = true; grew;) {
    grew = false;
    auto it = regions_.upper_bound(lo);
    if (it != regions_.begin()) --it;
    for (; it != regions_.end() && (touching ? it->first <= hi : it->first < hi); ++it) {
      const EngineRegion& r = it->second;
      if (touching ? r.end < lo : r.end <= lo) continue;
      if (r.start < lo) lo = r.start, grew = true;
      if (r.end > hi) hi = r.end, grew = true;
    }
  }
}

EngineRegionPlanner::Diff EngineRegionPlanner::update(const mem::AddressSpace& memory, uint64_t lo,
                                                      uint64_t hi) {
  const uint64_t chunk = chunk_size();
  // The guest mappings in the window, cut at chunk boundaries (a program's code, kFileCodeChunk).
  auto runs_in = [&](uint64_t wlo, uint64_t whi) {
    std::vector<Run> runs;
    memory.for_each_in(wlo, whi, [&](const mem::Vma& v) {
      const bool file_code = v.inode && (v.prot & mem::kExec) && !(v.prot & mem::kWrite);
      const uint64_t c = file_code ? std::max(chunk, kFileCodeChunk) : chunk;
      uint64_t s = std::max(v.start, wlo), e = std::min(v.end, whi);
      while (s < e) {
        uint64_t cut = std::min(e, (s / c + 1) * c);
        runs.push_back(Run{s, cut, v.prot, v.prot == mem::kNone, c});
        s = cut;
      }
    });
    return runs;
  };
  auto contiguous = [&](const Run& a, const Run& b) {
    return a.end == b.start && a.chunk == b.chunk && a.start / a.chunk == (b.end - 1) / a.chunk;
  };
  auto exact = [&](const std::vector<Run>& runs) {
    return merge(runs, [&](const Run& a, const Run& b) {
      return contiguous(a, b) && !a.bridge && !b.bridge && a.perms == b.perms;
    });
  };
  auto count = [](const std::vector<Run>& p) {
    return static_cast<size_t>(std::count_if(p.begin(), p.end(), [](const Run& r) { return !r.bridge; }));
  };
  auto remove_window = [&](uint64_t wlo, uint64_t whi, std::vector<EngineRegion>& removed) {
    for (auto it = regions_.lower_bound(wlo); it != regions_.end() && it->first < whi;) {
      removed.push_back(it->second);
      bytes_ -= it->second.end - it->second.start;
      it = regions_.erase(it);
    }
  };

  // Nothing to do when the change lies inside one coarse region that already allows it.
  {
    auto it = regions_.upper_bound(lo);
    if (it != regions_.begin()) {
      const EngineRegion& r = std::prev(it)->second;
      if (r.coarse && r.start <= lo && hi <= r.end) {
        bool covered = true;
        memory.for_each_in(lo, hi, [&](const mem::Vma& v) { covered = covered && !(v.prot & ~r.perms); });
        uint64_t mapped = memory.accessible_prefix(lo, hi - lo, mem::kNone);
        if (covered && mapped == hi - lo) return {};
      }
    }
  }

  // Cheap path: re-plan only the regions the change overlaps.
  Diff diff;
  uint64_t wlo = lo, whi = hi;
  widen(wlo, whi, false);
  remove_window(wlo, whi, diff.removed);
  std::vector<Run> plan = exact(runs_in(wlo, whi));
  const size_t soft_cap = cap_ * 3 / 8;
  if (regions_.size() + count(plan) > soft_cap) {
    // Compaction: re-plan the whole contiguous cluster around the change, aiming well below the
    // soft cap so that compactions stay rare.
    widen(wlo, whi, true);
    remove_window(wlo, whi, diff.removed);
    plan = exact(runs_in(wlo, whi));
    const size_t target = cap_ / 4;
    size_t budget = target > regions_.size() ? target - regions_.size() : 1;
    if (count(plan) > budget) {
      coarsened_ = true;
      plan = merge(plan, [&](const Run& a, const Run& b) { return contiguous(a, b) && !a.bridge && !b.bridge; });
    }
    if (count(plan) > budget)
      plan = merge(plan, [&](const Run& a, const Run& b) { return contiguous(a, b); });
    // Last resort, far beyond what programs do: regions may cross chunk boundaries.
    if (regions_.size() + count(plan) > cap_)
      plan = merge(plan, [&](const Run& a, const Run& b) { return a.end == b.start; });
  }

  for (const Run& r : plan) {
    if (r.bridge) continue;
    EngineRegion reg{r.start, r.end, r.perms, r.coarse};
    regions_.emplace(r.start, reg);
    bytes_ += r.end - r.start;
    diff.added.push_back(reg);
  }
  // Regions that came back unchanged need no engine work.
  std::sort(diff.removed.begin(), diff.removed.end(), [](auto& a, auto& b) { return a.start < b.start; });
  std::vector<EngineRegion> removed, added;
  auto ri = diff.removed.begin();
  for (const auto& r : diff.added) {
    while (ri != diff.removed.end() && ri->start < r.start) removed.push_back(*ri++);
    if (ri != diff.removed.end() && *ri == r) {
      ++ri;
    } else {
      added.push_back(r);
    }
  }
  removed.insert(removed.end(), ri, diff.removed.end());
  return Diff{std::move(removed), std::move(added)};
}

}  // namespace polyrun::cpu

// LeakSanitizer (Debug builds): Unicorn 2.1.1 keeps 32 bytes of every engine it closes (the
// GArray of unmapped regions made by uc_init_engine: its g_array_free frees the elements, never
// the array), which would end every run with a leak report and status 1. (The engine is built
// without frame pointers: the report's stack ends at g_array_new, which only the engine calls.)
// Fontconfig (GDI32's fonts, Debug builds of the whole program link this file) keeps 288 bytes of
// its configuration past the end of a program that drew text with --headless, reported with a
// stack inside libfontconfig alone.
extern "C" const char* __lsan_default_suppressions() { return "leak:g_array_new\nleak:libfontconfig.so\n"; }
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
