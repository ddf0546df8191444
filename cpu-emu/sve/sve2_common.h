// What SVE2's integer files (sve2_*.cpp) share: saturation, the bottom/top element selection of
// the widening and narrowing forms, indexed elements, and each file's table of encodings.
#pragma once

#include <vector>

#include "cpu-emu/sve/sve_elements.h"

namespace polyrun::cpu::sve {

using i128 = __int128;
using u128 = unsigned __int128;

// SignedSat and UnsignedSat of the architecture: v clamped to an ebits-bit integer.
inline int64_t ssat(i128 v, unsigned ebits) {
  const i128 hi = (static_cast<i128>(1) << (ebits - 1)) - 1, lo = -hi - 1;
  return static_cast<int64_t>(v > hi ? hi : v < lo ? lo : v);
}
inline uint64_t usat(i128 v, unsigned ebits) {
  const i128 hi = (static_cast<i128>(1) << ebits) - 1;
  return static_cast<uint64_t>(v < 0 ? 0 : v > hi ? hi : v);
}

// An element as an integer of the signedness asked for.
inline i128 ielem(const uint8_t* r, unsigned i, unsigned esize, bool is_signed) {
  return is_signed ? static_cast<i128>(selem(r, i, esize)) : static_cast<i128>(uelem(r, i, esize));
}

// Element `index` of the 128-bit segment that holds element i (the indexed forms' Zm[index]).
inline unsigned seg_index(unsigned i, unsigned esize, unsigned index) {
  return i / (16 / esize) * (16 / esize) + index;
}

// Each file's encodings.
void add_sve2_pred_encodings(std::vector<Encoding>& out);    // sve2_pred.cpp
void add_sve2_mla_encodings(std::vector<Encoding>& out);     // sve2_mla.cpp
void add_sve2_crypto_encodings(std::vector<Encoding>& out);  // sve2_crypto.cpp

}  // namespace polyrun::cpu::sve
