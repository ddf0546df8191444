// The permute group's own helpers (sve_permute*.cpp): the SIMD&FP scalar moves and the tables
// of its second file.
#pragma once

#include <vector>

#include "cpu-emu/sve/sve_elements.h"

namespace polyrun::cpu::sve {

// The SIMD&FP register V n's low esize bytes (Z n's element 0).
inline uint64_t fp_scalar(Context& c, unsigned n, unsigned esize) { return uelem(c.zr(n), 0, esize); }

// A write of an esize-byte SIMD&FP scalar to V d: the rest of V d, and of Z d, becomes zero.
inline void set_fp_scalar(Context& c, unsigned d, unsigned esize, uint64_t v) {
  uint8_t* z = c.zw(d);
  std::memset(z, 0, c.vl());
  set_elem(z, 0, esize, v);
}

// The predicated permutes and element moves (sve_permute_predicated.cpp).
void add_permute_predicated_encodings(std::vector<Encoding>& out);

}  // namespace polyrun::cpu::sve
