// Helpers of the predicate group (cpu-emu/sve/sve_predicate*.cpp): the element count of a
// predicate-constraint pattern, counts of active elements, saturating additions.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

#include "cpu-emu/sve/sve_elements.h"

namespace polyrun::cpu::sve {

// DecodePredCount: the number of elements a pattern (bits 9:5 of PTRUE and the counts) selects
// out of `n`: POW2, VL1–VL8, VL16–VL256 (zero when fewer elements exist), MUL4, MUL3, ALL; the
// unallocated patterns select none.
constexpr unsigned pattern_count(unsigned pattern, unsigned n) {
  if (pattern == 0) return n ? std::bit_floor(n) : 0;
  if (pattern <= 8) return n >= pattern ? pattern : 0;
  if (pattern <= 13) {
    const unsigned want = 16u << (pattern - 9);
    return n >= want ? want : 0;
  }
  if (pattern == 29) return n - n % 4;
  if (pattern == 30) return n - n % 3;
  if (pattern == 31) return n;
  return 0;
}

// How many elements of esize bytes are active in both predicates.
inline unsigned count_active(const uint8_t* g, const uint8_t* p, unsigned esize, unsigned vl) {
  unsigned count = 0;
  for (unsigned i = 0; i < vl / esize; ++i) count += active(g, i, esize) && active(p, i, esize);
  return count;
}

// x (a `width`-bit integer, signed or unsigned) plus delta, saturated to the range of its type;
// the result's low `width` bits (SignedSatQ / UnsignedSatQ).
inline uint64_t saturating_add(uint64_t x, int64_t delta, unsigned width, bool is_unsigned) {
  __extension__ typedef __int128 wide;
  const wide value = is_unsigned ? static_cast<wide>(x & (width >= 64 ? ~0ull : (1ull << width) - 1))
                                 : static_cast<wide>(sext(x, width));
  const wide lo = is_unsigned ? 0 : -(static_cast<wide>(1) << (width - 1));
  const wide hi = is_unsigned ? (static_cast<wide>(1) << width) - 1 : (static_cast<wide>(1) << (width - 1)) - 1;
  wide r = value + delta;
  if (r < lo) r = lo;
  if (r > hi) r = hi;
  return static_cast<uint64_t>(r);
}

// The group's other tables, added by add_predicate_encodings (sve_predicate.cpp).
void add_predicate_count_encodings(std::vector<Encoding>& out);    // sve_predicate_count.cpp
void add_predicate_compare_encodings(std::vector<Encoding>& out);  // sve_predicate_compare.cpp

}  // namespace polyrun::cpu::sve
