// What the floating-point group's files (sve_fp*.cpp) share: the FP environment of one
// instruction, whose flags go to FPSR when it ends, and the group's encoding lists.
#pragma once

#include <vector>

#include "cpu-emu/sve/sve_elements.h"
#include "cpu-emu/sve/sve_fp_arith.h"

namespace polyrun::cpu::sve {

// FPCR read once per instruction; the flags its elements raised are ORed into FPSR at the end.
class FpScope {
 public:
  explicit FpScope(Context& c) : env(c.machine().fpcr()), c_(c) {}
  ~FpScope() {
    if (env.flags) c_.machine().raise_fp_flags(env.flags);
  }
  FpScope(const FpScope&) = delete;
  FpScope& operator=(const FpScope&) = delete;
  fp::Env env;

 private:
  Context& c_;
};

// The size field as an FP element size in bytes; 0 for the reserved byte size.
constexpr unsigned fp_esize(uint32_t size) { return size == 0 ? 0 : 1u << size; }

// Writes the scalar result of a reduction: element 0 of Z d, the rest of the register zero.
inline void write_scalar(Context& c, unsigned d, uint64_t v, unsigned esize) {
  uint8_t* z = c.zw(d);
  std::memset(z, 0, c.vl());
  set_elem(z, 0, esize, v);
}

// The group's other files' encodings (sve_fp.cpp adds them to the table).
void add_fp_convert_encodings(std::vector<Encoding>& out);  // sve_fp_convert.cpp
void add_fp_complex_encodings(std::vector<Encoding>& out);  // sve_fp_indexed.cpp
void add_fp_widen_encodings(std::vector<Encoding>& out);    // sve_fp_widen.cpp

}  // namespace polyrun::cpu::sve
