// SVE's bitwise logical instructions: AND, ORR, EOR, BIC of vectors (unpredicated), with a
// logical immediate (AND, ORR, EOR) and DUPM, and SVE2's ternary ones (EOR3, BCAX, BSL, BSL1N,
// BSL2N, NBSL) and XAR. (The predicated AND, ORR, EOR, BIC are in sve_int_arith.cpp's class.)
#include <iterator>

#include "cpu-emu/sve/sve_int.h"

namespace polyrun::cpu::sve {

namespace {

using namespace intops;

// AND, ORR, EOR, BIC Zd.D, Zn.D, Zm.D (bits 23:22 choose).
Outcome logical_vectors(uint32_t insn, Context& c) {
  const unsigned opc = bits(insn, 23, 22);
  map2<uint64_t>(c, bits(insn, 4, 0), bits(insn, 9, 5), bits(insn, 20, 16), [&](uint64_t a, uint64_t b) {
    switch (opc) {
      case 0: return a & b;
      case 1: return a | b;
      case 2: return a ^ b;
      default: return a & ~b;
    }
  });
  return Context::done();
}

// The architecture's DecodeBitMasks(N, imms, immr, immediate = TRUE) for 64-bit elements: the
// immediate of a logical instruction, replicated to 64 bits; false for a reserved encoding.
bool decode_bit_masks(unsigned n, unsigned imms, unsigned immr, uint64_t& out) {
  const unsigned combined = n << 6 | (~imms & 0x3f);
  if (combined == 0) return false;
  const unsigned len = std::bit_width(combined) - 1;  // log2 of the pattern's size
  if (len < 1) return false;
  const unsigned levels = (1u << len) - 1;
  if ((imms & levels) == levels) return false;  // an all-ones pattern is reserved
  const unsigned s = imms & levels, r = immr & levels, esize = 1u << len;
  const uint64_t welem = (s + 1 >= 64) ? ~0ull : (1ull << (s + 1)) - 1;
  const uint64_t emask = esize >= 64 ? ~0ull : (1ull << esize) - 1;
  const uint64_t rot = r == 0 ? welem : ((welem >> r) | (welem << (esize - r))) & emask;
  uint64_t v = 0;
  for (unsigned k = 0; k < 64; k += esize) v |= rot << k;
  out = v;
  return true;
}

// ORR, EOR, AND Zdn.D, Zdn.D, #imm and DUPM Zd.D, #imm (bits 23:22; imm13 = N:immr:imms in 17:5).
Outcome logical_imm(uint32_t insn, Context& c) {
  uint64_t imm;
  if (!decode_bit_masks(bit(insn, 17), bits(insn, 10, 5), bits(insn, 16, 11), imm)) return Context::undefined();
  const unsigned opc = bits(insn, 23, 22), d = bits(insn, 4, 0);
  map1<uint64_t>(c, d, d, [&](uint64_t a) {
    switch (opc) {
      case 0: return a | imm;
      case 1: return a ^ imm;
      case 2: return a & imm;
      default: return imm;
    }
  });
  return Context::done();
}

// SVE2 bitwise ternary operations: <op> Zdn.D, Zdn.D, Zm.D, Zk.D (Zm in 20:16, Zk in 9:5).
// Bits 23:22 and 10: EOR3 (00, 0), BCAX (01, 0), BSL (00, 1), BSL1N (01, 1), BSL2N (10, 1),
// NBSL (11, 1).
Outcome ternary(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 23, 22) << 1 | bit(insn, 10);
  if (op == 4 || op == 6) return Context::undefined();
  map3<uint64_t>(c, bits(insn, 4, 0), bits(insn, 20, 16), bits(insn, 9, 5), [&](uint64_t dn, uint64_t m, uint64_t k) {
    switch (op) {
      case 0: return dn ^ m ^ k;               // EOR3
      case 2: return dn ^ (m & ~k);            // BCAX
      case 1: return (dn & k) | (m & ~k);      // BSL
      case 3: return (~dn & k) | (m & ~k);     // BSL1N
      case 5: return (dn & k) | (~m & ~k);     // BSL2N
      default: return ~((dn & k) | (m & ~k));  // NBSL
    }
  });
  return Context::done();
}

// XAR Zdn.T, Zdn.T, Zm.T, #const: exclusive OR, then rotate right by 2 * esize - tsz:imm3
// (tsz = bits 23:22 : 20:19, imm3 = 18:16).
Outcome xar(uint32_t insn, Context& c) {
  const uint32_t tsz = bits(insn, 23, 22) << 2 | bits(insn, 20, 19);
  const int size = tsz_size(tsz);
  if (size < 0) return Context::undefined();
  const unsigned ebits = 8u << size;
  const unsigned sh = 2 * ebits - (tsz << 3 | bits(insn, 18, 16));
  const unsigned d = bits(insn, 4, 0);
  by_size(static_cast<unsigned>(size), [&](auto t) {
    using T = decltype(t);
    map2<T>(c, d, d, bits(insn, 9, 5),
            [&](T a, T b) { return std::rotr(static_cast<T>(a ^ b), static_cast<int>(sh)); });
  });
  return Context::done();
}

const Encoding kTable[] = {
    {0xff20fc00, 0x04203000, logical_vectors, "SVE bitwise logical operations (unpredicated)"},
    {0xff3c0000, 0x05000000, logical_imm, "SVE bitwise logical with immediate, DUPM"},
    {0xff20f800, 0x04203800, ternary, "SVE2 bitwise ternary operations"},
    {0xff20fc00, 0x04203400, xar, "XAR"},
};

}  // namespace

void add_int_logical_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
