// SVE's shifts: by immediate (predicated: ASR, LSR, LSL, ASRD and SVE2's SQSHL, UQSHL, SRSHR,
// URSHR, SQSHLU; unpredicated: ASR, LSR, LSL), by vector (predicated, with the reversed ASRR,
// LSRR, LSLR), by wide elements (predicated and unpredicated), and SVE2's shift right and
// accumulate (SSRA, USRA, SRSRA, URSRA) and shift and insert (SRI, SLI).
#include <iterator>

#include "cpu-emu/sve/sve_int.h"

namespace polyrun::cpu::sve {

namespace {

using namespace intops;

// A shift by immediate's element size and amount, from tsz (4 bits) and imm3: right shifts by
// 2 * esize - tsz:imm3 (1 … esize), left shifts by tsz:imm3 - esize (0 … esize - 1).
struct ShiftImm {
  int size;  // log2 of the element's bytes; -1: tsz is 0 (unallocated)
  unsigned right, left;
};
ShiftImm shift_imm(uint32_t tsz, uint32_t imm3) {
  const int size = tsz_size(tsz);
  if (size < 0) return {-1, 0, 0};
  const unsigned ebits = 8u << size, v = tsz << 3 | imm3;
  return {size, 2 * ebits - v, v - ebits};
}

// The shifts by immediate, by their predicated form's bits 20:16 (the unpredicated ASR, LSR and
// LSL use the same numbers).
enum ImmOp : unsigned {
  kAsr = 0,
  kLsr = 1,
  kLsl = 3,
  kAsrd = 4,
  kSqshl = 6,
  kUqshl = 7,
  kSrshr = 12,
  kUrshr = 13,
  kSqshlu = 15
};

template <typename T>
T shift_by_imm(unsigned op, T x, unsigned right, unsigned left) {
  switch (op) {
    case kAsr: return asr<T>(x, right);
    case kLsr: return lsr<T>(x, right);
    case kLsl: return lsl<T>(x, left);
    case kAsrd: {  // a signed division by 2^right, rounding towards zero
      const s128 v = sv(x), bias = v < 0 ? (static_cast<s128>(1) << right) - 1 : 0;
      return static_cast<T>((v + bias) >> right);
    }
    case kSqshl: return sat_s<T>(sv(x) * (static_cast<s128>(1) << left));
    case kUqshl: return sat_u<T>(uv(x) << left);
    case kSrshr: return srshr<T>(x, right);
    case kUrshr: return urshr<T>(x, right);
    default: return sat_u<T>(sv(x) * (static_cast<s128>(1) << left));  // SQSHLU
  }
}

// The shifts by vector or wide element: ASR, LSR, LSL by bits 18:16 (0, 1, 3).
template <typename T>
T shift_by(unsigned op, T x, uint64_t sh) {
  switch (op) {
    case 0: return asr<T>(x, sh);
    case 1: return lsr<T>(x, sh);
    default: return lsl<T>(x, sh);
  }
}

// SVE bitwise shift (predicated): Zdn.T, Pg/M, Zdn.T, <operand>. Bits 20:19: 00 and 01 by
// immediate (tsz = 23:22 : 9:8, imm3 = 7:5), 10 by vector (opc 18:16 bit 2: reversed operands),
// 11 by wide elements (the 64-bit element of Zm that overlaps each element).
Outcome shift_pred(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 20, 16), opc = bits(insn, 18, 16);
  const unsigned dn = bits(insn, 4, 0), g = bits(insn, 12, 10);
  if (op < 16) {
    // ASR, LSR, LSL, ASRD, SQSHL, UQSHL; SRSHR, URSHR, SQSHLU.
    if (op != kAsr && op != kLsr && op != kLsl && op != kAsrd && op != kSqshl && op != kUqshl && op != kSrshr &&
        op != kUrshr && op != kSqshlu)
      return Context::undefined();
    const ShiftImm s = shift_imm(bits(insn, 23, 22) << 2 | bits(insn, 9, 8), bits(insn, 7, 5));
    if (s.size < 0) return Context::undefined();
    by_size(static_cast<unsigned>(s.size), [&](auto t) {
      using T = decltype(t);
      const uint8_t* z = c.zr(dn);
      merge<T>(c, dn, g, [&](unsigned i) { return shift_by_imm<T>(op, elem<T>(z, i), s.right, s.left); });
    });
    return Context::done();
  }
  const unsigned size = bits(insn, 23, 22), m = bits(insn, 9, 5);
  const bool wide = op >= 24;
  if ((opc & 3) == 2) return Context::undefined();
  if (wide && (opc > 3 || size == 3)) return Context::undefined();
  const bool reversed = !wide && opc >= 4;
  by_size(size, [&](auto t) {
    using T = decltype(t);
    const uint8_t* a = c.zr(dn);
    const uint8_t* b = c.zr(m);
    merge<T>(c, dn, g, [&](unsigned i) {
      if (wide) return shift_by<T>(opc, elem<T>(a, i), elem<uint64_t>(b, i * sizeof(T) / 8));
      const T x = elem<T>(a, i), y = elem<T>(b, i);
      return reversed ? shift_by<T>(opc & 3, y, x) : shift_by<T>(opc, x, y);
    });
  });
  return Context::done();
}

// SVE bitwise shift by immediate (unpredicated): ASR, LSR, LSL Zd.T, Zn.T, #const (bits 11:10;
// tsz = 23:22 : 20:19, imm3 = 18:16).
Outcome shift_imm_unpred(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 11, 10);
  if (op == 2) return Context::undefined();
  const ShiftImm s = shift_imm(bits(insn, 23, 22) << 2 | bits(insn, 20, 19), bits(insn, 18, 16));
  if (s.size < 0) return Context::undefined();
  by_size(static_cast<unsigned>(s.size), [&](auto t) {
    using T = decltype(t);
    map1<T>(c, bits(insn, 4, 0), bits(insn, 9, 5), [&](T x) { return shift_by_imm<T>(op, x, s.right, s.left); });
  });
  return Context::done();
}

// SVE bitwise shift by wide elements (unpredicated): ASR, LSR, LSL Zd.T, Zn.T, Zm.D.
Outcome shift_wide_unpred(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 11, 10), size = bits(insn, 23, 22);
  if (op == 2 || size == 3) return Context::undefined();
  by_size(size, [&](auto t) {
    using T = decltype(t);
    uint8_t r[kMaxVl];
    const uint8_t* a = c.zr(bits(insn, 9, 5));
    const uint8_t* b = c.zr(bits(insn, 20, 16));
    for (unsigned i = 0; i < c.vl() / sizeof(T); ++i)
      set<T>(r, i, shift_by<T>(op, elem<T>(a, i), elem<uint64_t>(b, i * sizeof(T) / 8)));
    copy_z(c.zw(bits(insn, 4, 0)), r, c.vl());
  });
  return Context::done();
}

// SVE2 bitwise shift right and accumulate: SSRA, USRA, SRSRA, URSRA Zda.T, Zn.T, #const
// (bit 10 unsigned, bit 11 rounding; tsz = 23:22 : 20:19, imm3 = 18:16).
Outcome shift_accumulate(uint32_t insn, Context& c) {
  const bool is_unsigned = bit(insn, 10), rounding = bit(insn, 11);
  const ShiftImm s = shift_imm(bits(insn, 23, 22) << 2 | bits(insn, 20, 19), bits(insn, 18, 16));
  if (s.size < 0) return Context::undefined();
  const unsigned op = rounding ? (is_unsigned ? kUrshr : kSrshr) : (is_unsigned ? kLsr : kAsr);
  const unsigned d = bits(insn, 4, 0);
  by_size(static_cast<unsigned>(s.size), [&](auto t) {
    using T = decltype(t);
    map2<T>(c, d, d, bits(insn, 9, 5),
            [&](T acc, T x) { return static_cast<T>(acc + shift_by_imm<T>(op, x, s.right, s.left)); });
  });
  return Context::done();
}

// SVE2 bitwise shift and insert: SRI (bit 10 clear) and SLI Zd.T, Zn.T, #const: the shifted
// Zn replaces the bits of Zd it covers.
Outcome shift_insert(uint32_t insn, Context& c) {
  const bool left = bit(insn, 10);
  const ShiftImm s = shift_imm(bits(insn, 23, 22) << 2 | bits(insn, 20, 19), bits(insn, 18, 16));
  if (s.size < 0) return Context::undefined();
  const unsigned d = bits(insn, 4, 0);
  by_size(static_cast<unsigned>(s.size), [&](auto t) {
    using T = decltype(t);
    constexpr T ones = std::numeric_limits<T>::max();
    const T mask = left ? lsl<T>(ones, s.left) : lsr<T>(ones, s.right);
    map2<T>(c, d, d, bits(insn, 9, 5), [&](T old, T x) {
      const T moved = left ? lsl<T>(x, s.left) : lsr<T>(x, s.right);
      return static_cast<T>((old & ~mask) | (moved & mask));
    });
  });
  return Context::done();
}

const Encoding kTable[] = {
    {0xff20e000, 0x04008000, shift_pred, "SVE bitwise shift (predicated)"},
    {0xff20f000, 0x04209000, shift_imm_unpred, "SVE bitwise shift by immediate (unpredicated)"},
    {0xff20f000, 0x04208000, shift_wide_unpred, "SVE bitwise shift by wide elements (unpredicated)"},
    {0xff20f000, 0x4500e000, shift_accumulate, "SVE2 bitwise shift right and accumulate"},
    {0xff20f800, 0x4500f000, shift_insert, "SVE2 bitwise shift and insert"},
};

}  // namespace

void add_int_shift_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
