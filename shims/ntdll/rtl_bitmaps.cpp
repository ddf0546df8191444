// NTDLL's bitmaps (RTL_BITMAP: SizeOfBitMap, then the buffer of ULONGs at the pointer's alignment;
// bit n is bit n % 8 of byte n / 8): setting, clearing and testing ranges, finding ranges and runs
// of set or clear bits (with a hint where to begin, wrapping to the start), counting, and the
// most and least significant bit of a 64-bit value. A range that does not lie within the bitmap is
// left alone (RtlSetBits …) or answered FALSE; a search that finds nothing answers 0xFFFFFFFF.
#include <algorithm>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_rtl_bitmaps_impl {

constexpr uint32_t kNotFound = 0xffffffffu;

struct Bitmap {
  uint32_t size = 0;
  uint8_t* bits = nullptr;
  bool test(uint32_t i) const { return bits[i >> 3] >> (i & 7) & 1; }
  void set(uint32_t i, bool v) const {
    if (v) bits[i >> 3] = static_cast<uint8_t>(bits[i >> 3] | 1u << (i & 7));
    else bits[i >> 3] = static_cast<uint8_t>(bits[i >> 3] & ~(1u << (i & 7)));
  }
  // Whether [start, start + count) is a non-empty range inside the map.
  bool in_range(uint32_t start, uint32_t count) const { return count && start < size && count <= size - start; }
  bool all(uint32_t start, uint32_t count, bool v) const {
    for (uint32_t i = start; i < start + count; ++i)
      if (test(i) != v) return false;
    return true;
  }
};

Bitmap bitmap_of(WindowsProcess& p, Ptr h) {
  return {get<uint32_t>(h.addr), static_cast<uint8_t*>(guest_pointer(p.get_ptr(h.addr + p.isa->ptr)))};
}

void RtlInitializeBitMap(WindowsProcess& p, Ptr h, Ptr buffer, uint32_t size) {
  put<uint32_t>(h.addr, size);
  p.put_ptr(h.addr + p.isa->ptr, buffer.addr);
}

// Whole ULONGs: the bits past the size in the last one too.
void fill_all(WindowsProcess& p, Ptr h, uint8_t v) {
  const Bitmap b = bitmap_of(p, h);
  std::fill_n(b.bits, ((static_cast<uint64_t>(b.size) + 31) / 32) * 4, v);
}
void RtlSetAllBits(WindowsProcess& p, Ptr h) { fill_all(p, h, 0xff); }
void RtlClearAllBits(WindowsProcess& p, Ptr h) { fill_all(p, h, 0); }

void set_range(WindowsProcess& p, Ptr h, uint32_t start, uint32_t count, bool v) {
  if (!h) return;
  const Bitmap b = bitmap_of(p, h);
  if (!b.in_range(start, count)) return;
  for (uint32_t i = start; i < start + count; ++i) b.set(i, v);
}
void RtlSetBits(WindowsProcess& p, Ptr h, uint32_t start, uint32_t count) { set_range(p, h, start, count, true); }
void RtlClearBits(WindowsProcess& p, Ptr h, uint32_t start, uint32_t count) { set_range(p, h, start, count, false); }

uint8_t are_bits(WindowsProcess& p, Ptr h, uint32_t start, uint32_t count, bool v) {
  if (!h) return 0;
  const Bitmap b = bitmap_of(p, h);
  return b.in_range(start, count) && b.all(start, count, v);
}
uint8_t RtlAreBitsSet(WindowsProcess& p, Ptr h, uint32_t start, uint32_t count) { return are_bits(p, h, start, count, true); }
uint8_t RtlAreBitsClear(WindowsProcess& p, Ptr h, uint32_t start, uint32_t count) { return are_bits(p, h, start, count, false); }

// The first range of `count` bits all `v` at or after the hint, else before it (a hint that leaves
// no room for the range counts as 0).
uint32_t find_bits(const Bitmap& b, uint32_t count, uint32_t hint, bool v) {
  if (!count || count > b.size) return kNotFound;
  if (static_cast<uint64_t>(hint) + count > b.size) hint = 0;
  for (uint32_t i = hint; i + count <= b.size; ++i)
    if (b.all(i, count, v)) return i;
  for (uint32_t i = 0; i < hint; ++i)
    if (i + count <= b.size && b.all(i, count, v)) return i;
  return kNotFound;
}

uint32_t RtlFindSetBits(WindowsProcess& p, Ptr h, uint32_t count, uint32_t hint) {
  return h ? find_bits(bitmap_of(p, h), count, hint, true) : kNotFound;
}
uint32_t RtlFindClearBits(WindowsProcess& p, Ptr h, uint32_t count, uint32_t hint) {
  return h ? find_bits(bitmap_of(p, h), count, hint, false) : kNotFound;
}

uint32_t RtlFindSetBitsAndClear(WindowsProcess& p, Ptr h, uint32_t count, uint32_t hint) {
  const uint32_t at = RtlFindSetBits(p, h, count, hint);
  if (at != kNotFound) RtlClearBits(p, h, at, count);
  return at;
}
uint32_t RtlFindClearBitsAndSet(WindowsProcess& p, Ptr h, uint32_t count, uint32_t hint) {
  const uint32_t at = RtlFindClearBits(p, h, count, hint);
  if (at != kNotFound) RtlSetBits(p, h, at, count);
  return at;
}

uint32_t RtlNumberOfSetBits(WindowsProcess& p, Ptr h) {
  if (!h) return 0;
  const Bitmap b = bitmap_of(p, h);
  uint32_t n = 0;
  for (uint32_t i = 0; i < b.size; ++i) n += b.test(i);
  return n;
}
uint32_t RtlNumberOfClearBits(WindowsProcess& p, Ptr h) { return h ? get<uint32_t>(h.addr) - RtlNumberOfSetBits(p, h) : 0; }

// -1 for no bit set.
int8_t RtlFindMostSignificantBit(WindowsProcess&, uint64_t v) {
  return static_cast<int8_t>(v ? 63 - __builtin_clzll(v) : -1);
}
int8_t RtlFindLeastSignificantBit(WindowsProcess&, uint64_t v) { return static_cast<int8_t>(v ? __builtin_ctzll(v) : -1); }

struct Run {
  uint32_t start, length;
};

// The first run of bits `v` at or after `from` (to its end or the map's); length 0 for none.
Run next_run(const Bitmap& b, uint32_t from, bool v) {
  uint32_t i = from;
  while (i < b.size && b.test(i) != v) ++i;
  if (i >= b.size) return {kNotFound, 0};
  uint32_t j = i;
  while (j < b.size && b.test(j) == v) ++j;
  return {i, j - i};
}

uint32_t RtlFindNextForwardRunSet(WindowsProcess& p, Ptr h, uint32_t from, Ptr start) {
  if (!h || !start) return 0;
  const Bitmap b = bitmap_of(p, h);
  if (from >= b.size) return 0;
  const Run r = next_run(b, from, true);
  put<uint32_t>(start.addr, r.start);
  return r.length;
}
uint32_t RtlFindNextForwardRunClear(WindowsProcess& p, Ptr h, uint32_t from, Ptr start) {
  if (!h || !start) return 0;
  const Bitmap b = bitmap_of(p, h);
  if (from >= b.size) return 0;
  const Run r = next_run(b, from, false);
  put<uint32_t>(start.addr, r.start);
  return r.length;
}

// The run of bits `v` nearest before `from` (inclusive), searching backward (Microsoft's
// RtlFindLastBackwardRunClear page): its length, and its first index in *start.
uint32_t last_backward_run(WindowsProcess& p, Ptr h, uint32_t from, Ptr start, bool v) {
  if (!h || !start) return 0;
  const Bitmap b = bitmap_of(p, h);
  if (from >= b.size) return 0;
  int64_t i = from;
  while (i >= 0 && b.test(static_cast<uint32_t>(i)) != v) --i;
  if (i < 0) return 0;
  int64_t j = i;
  while (j >= 0 && b.test(static_cast<uint32_t>(j)) == v) --j;
  put<uint32_t>(start.addr, static_cast<uint32_t>(j + 1));
  return static_cast<uint32_t>(i - j);
}
uint32_t RtlFindLastBackwardRunSet(WindowsProcess& p, Ptr h, uint32_t from, Ptr start) {
  return last_backward_run(p, h, from, start, true);
}
uint32_t RtlFindLastBackwardRunClear(WindowsProcess& p, Ptr h, uint32_t from, Ptr start) {
  return last_backward_run(p, h, from, start, false);
}

// The first `count` runs, or with `longest` the `count` longest (in the map's order where there
// are no more than `count`, else longest first).
std::vector<Run> collect_runs(const Bitmap& b, uint32_t count, bool longest, bool v) {
  std::vector<Run> runs;
  for (uint32_t at = 0; at < b.size;) {
    const Run r = next_run(b, at, v);
    if (!r.length) break;
    runs.push_back(r);
    if (!longest && runs.size() == count) break;
    at = r.start + r.length;
  }
  if (runs.size() > count) {
    std::stable_sort(runs.begin(), runs.end(), [](const Run& x, const Run& y) { return x.length > y.length; });
    runs.resize(count);
  }
  return runs;
}

// Into RTL_BITMAP_RUNs {StartingIndex, NumberOfBits}.
uint32_t find_runs(WindowsProcess& p, Ptr h, Ptr out, uint32_t count, uint8_t longest, bool v) {
  if (!count) return kNotFound;
  const std::vector<Run> runs = collect_runs(bitmap_of(p, h), count, longest, v);
  for (size_t i = 0; i < runs.size(); ++i) {
    put<uint32_t>(out.addr + 8 * i, runs[i].start);
    put<uint32_t>(out.addr + 8 * i + 4, runs[i].length);
  }
  return static_cast<uint32_t>(runs.size());
}
uint32_t RtlFindSetRuns(WindowsProcess& p, Ptr h, Ptr out, uint32_t count, uint8_t longest) {
  return find_runs(p, h, out, count, longest, true);
}
uint32_t RtlFindClearRuns(WindowsProcess& p, Ptr h, Ptr out, uint32_t count, uint8_t longest) {
  return find_runs(p, h, out, count, longest, false);
}

uint32_t longest_run(WindowsProcess& p, Ptr h, Ptr start, bool v) {
  const std::vector<Run> runs = collect_runs(bitmap_of(p, h), 1, true, v);
  if (runs.empty()) return 0;
  put<uint32_t>(start.addr, runs[0].start);
  return runs[0].length;
}
uint32_t RtlFindLongestRunSet(WindowsProcess& p, Ptr h, Ptr start) { return longest_run(p, h, start, true); }
uint32_t RtlFindLongestRunClear(WindowsProcess& p, Ptr h, Ptr start) { return longest_run(p, h, start, false); }

}  // namespace ntdll_rtl_bitmaps_impl

const std::vector<Export>& ntdll_bitmap_exports() {
  using namespace ntdll_rtl_bitmaps_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlInitializeBitMap", RtlInitializeBitMap),
      EXPORT("RtlSetAllBits", RtlSetAllBits),
      EXPORT("RtlClearAllBits", RtlClearAllBits),
      EXPORT("RtlSetBits", RtlSetBits),
      EXPORT("RtlClearBits", RtlClearBits),
      EXPORT("RtlAreBitsSet", RtlAreBitsSet),
      EXPORT("RtlAreBitsClear", RtlAreBitsClear),
      EXPORT("RtlFindSetBits", RtlFindSetBits),
      EXPORT("RtlFindClearBits", RtlFindClearBits),
      EXPORT("RtlFindSetBitsAndClear", RtlFindSetBitsAndClear),
      EXPORT("RtlFindClearBitsAndSet", RtlFindClearBitsAndSet),
      EXPORT("RtlNumberOfSetBits", RtlNumberOfSetBits),
      EXPORT("RtlNumberOfClearBits", RtlNumberOfClearBits),
      EXPORT("RtlFindMostSignificantBit", RtlFindMostSignificantBit),
      EXPORT("RtlFindLeastSignificantBit", RtlFindLeastSignificantBit),
      EXPORT("RtlFindNextForwardRunSet", RtlFindNextForwardRunSet),
      EXPORT("RtlFindNextForwardRunClear", RtlFindNextForwardRunClear),
      EXPORT("RtlFindLastBackwardRunSet", RtlFindLastBackwardRunSet),
      EXPORT("RtlFindLastBackwardRunClear", RtlFindLastBackwardRunClear),
      EXPORT("RtlFindSetRuns", RtlFindSetRuns),
      EXPORT("RtlFindClearRuns", RtlFindClearRuns),
      EXPORT("RtlFindLongestRunSet", RtlFindLongestRunSet),
      EXPORT("RtlFindLongestRunClear", RtlFindLongestRunClear),
  };
  return exports;
}

}  // namespace polyrun::shims
