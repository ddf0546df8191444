// SVE's integer unary operations (predicated, merging): SXTB … UXTW, ABS, NEG, CLS, CLZ, CNT,
// CNOT, NOT, and the sign-bit operations FABS and FNEG that share their class.
#include <iterator>

#include "cpu-emu/sve/sve_int.h"

namespace polyrun::cpu::sve {

namespace {

using namespace intops;

// Zd.T, Pg/M, Zn.T: bits 20:19 = 10 the integer unary operations (opc 18:16: SXTB, UXTB, SXTH,
// UXTH, SXTW, UXTW, ABS, NEG), 11 the bitwise ones (CLS, CLZ, CNT, CNOT, FABS, FNEG, NOT).
// 00 and 01 (zeroing forms of later extensions) are unallocated here.
Outcome unary(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22), opc = bits(insn, 18, 16);
  const unsigned d = bits(insn, 4, 0), n = bits(insn, 9, 5), g = bits(insn, 12, 10);
  const bool bitwise = bit(insn, 19);
  if (!bit(insn, 20)) return Context::undefined();
  if (!bitwise) {
    // An extension from 8, 16 or 32 bits needs a wider element.
    if (opc < 6 && size <= opc / 2) return Context::undefined();
  } else {
    if (opc == 7) return Context::undefined();
    if ((opc == 4 || opc == 5) && size == 0) return Context::undefined();  // FABS, FNEG: no byte form
  }
  by_size(size, [&](auto t) {
    using T = decltype(t);
    using S = Signed<T>;
    const uint8_t* z = c.zr(n);
    merge<T>(c, d, g, [&](unsigned i) -> T {
      const T x = elem<T>(z, i);
      const S s = static_cast<S>(x);
      constexpr T sign = static_cast<T>(T{1} << (kBits<T> - 1));
      if (!bitwise) {
        const unsigned from = 8u << (opc / 2);  // SXT*/UXT*: the source width
        switch (opc) {
          case 0:
          case 2:
          case 4: return static_cast<T>(sext(x, from));
          case 1:
          case 3:
          case 5: return static_cast<T>(x & emask(from / 8));
          case 6: return s < 0 ? static_cast<T>(T{0} - x) : x;  // ABS (MIN stays MIN)
          default: return static_cast<T>(T{0} - x);             // NEG
        }
      }
      switch (opc) {
        case 0: {  // CLS: leading bits equal to the sign bit, the sign bit not counted
          const T y = s < 0 ? static_cast<T>(~x) : x;
          return static_cast<T>(std::countl_zero(y) - 1);
        }
        case 1: return static_cast<T>(std::countl_zero(x));  // CLZ
        case 2: return static_cast<T>(std::popcount(x));     // CNT
        case 3: return x == 0 ? T{1} : T{0};                 // CNOT
        case 4: return static_cast<T>(x & ~sign);            // FABS
        case 5: return static_cast<T>(x ^ sign);             // FNEG
        default: return static_cast<T>(~x);                  // NOT
      }
    });
  });
  return Context::done();
}

const Encoding kTable[] = {
    {0xff20e000, 0x0400a000, unary, "SVE integer unary operations (predicated)"},
};

}  // namespace

void add_int_unary_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
