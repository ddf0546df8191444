// SVE2's multiplies and multiply-adds, by vector and by indexed element: MLA/MLS/MUL (indexed),
// SQDMULH/SQRDMULH (indexed), SQRDMLAH/SQRDMLSH, the long multiply-adds (S/U MLAL, MLSL B/T,
// SQDMLAL/SQDMLSL B/T and BT), the long multiplies by element (S/U MULL, SQDMULL), and the
// complex integer CMLA, SQRDCMLAH and CDOT.
#include <iterator>

#include "cpu-emu/sve/sve2_common.h"

namespace polyrun::cpu::sve {

namespace {

// The indexed forms' Zm and index: same-width elements (size 0x: H, Zm 18:16, index 22:20:19;
// 10: S, Zm 18:16, index 20:19; 11: D, Zm 19:16, index 20).
struct Indexed {
  unsigned es, m, index;
};
Indexed indexed_same(uint32_t insn) {
  const unsigned size = bits(insn, 23, 22);
  if (size < 2) return {2, bits(insn, 18, 16), bit(insn, 22) << 2 | bits(insn, 20, 19)};
  if (size == 2) return {4, bits(insn, 18, 16), bits(insn, 20, 19)};
  return {8, bits(insn, 19, 16), bit(insn, 20)};
}
// Long forms: the destination's width (size 10: S from H, Zm 18:16, index 20:19:11; 11: D from S,
// Zm 19:16, index 20:11; 0x is unallocated: es 0).
Indexed indexed_long(uint32_t insn) {
  const unsigned size = bits(insn, 23, 22);
  if (size < 2) return {0, 0, 0};
  if (size == 2) return {4, bits(insn, 18, 16), bits(insn, 20, 19) << 1 | bit(insn, 11)};
  return {8, bits(insn, 19, 16), bit(insn, 20) << 1 | bit(insn, 11)};
}
// Complex forms: size 10 gives the smaller width (H for CMLA, S for CDOT), Zm 18:16, index
// 20:19; 11 the larger, Zm 19:16, index 20.
Indexed indexed_complex(uint32_t insn, unsigned small) {
  if (bits(insn, 23, 22) == 2) return {small, bits(insn, 18, 16), bits(insn, 20, 19)};
  return {2 * small, bits(insn, 19, 16), bit(insn, 20)};
}
constexpr int kVectors = -1;

// SQRDMLAH's rounding doubling multiply-add high, a + (2*x*y + 2^(eb-1)) / 2^eb without its
// 2*eb-bit intermediate (sub: SQRDMLSH; a = 0: SQRDMULH; no rounding: SQDMULH).
inline int64_t rdmlah(i128 a, i128 x, i128 y, bool sub, bool round, unsigned eb) {
  const i128 p = sub ? -(x * y) : x * y;
  return ssat(a + ((p + (round ? static_cast<i128>(1) << (eb - 2) : 0)) >> (eb - 1)), eb);
}

enum class Same { Mla, Mls, Mul, Sqrdmlah, Sqrdmlsh, Sqdmulh, Sqrdmulh };

// Same-width multiplies: Zd (also the addend) from Zn and Zm or Zm's indexed element.
Outcome same_op(Context& c, Same op, unsigned es, unsigned d, unsigned nr, unsigned mr, int index) {
  const unsigned eb = 8 * es;
  const uint8_t *n = c.zr(nr), *m = c.zr(mr), *a = c.zr(d);
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const unsigned j = index == kVectors ? i : seg_index(i, es, static_cast<unsigned>(index));
    const i128 x = selem(n, i, es), y = selem(m, j, es), z = selem(a, i, es);
    i128 v;
    switch (op) {
      case Same::Mla: v = z + x * y; break;
      case Same::Mls: v = z - x * y; break;
      case Same::Mul: v = x * y; break;
      case Same::Sqrdmlah: v = rdmlah(z, x, y, false, true, eb); break;
      case Same::Sqrdmlsh: v = rdmlah(z, x, y, true, true, eb); break;
      case Same::Sqdmulh: v = rdmlah(0, x, y, false, false, eb); break;
      default: v = rdmlah(0, x, y, false, true, eb); break;
    }
    set_elem(r, i, es, static_cast<uint64_t>(v));
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

enum class Long { Mla, Mls, Mul, Sqdmlal, Sqdmlsl, Sqdmull };

// Long multiplies: wide element i of Zd from half-width element 2i+tn of Zn and 2i+tm of Zm (or
// Zm's indexed half-width element in the segment), added to Zd's for the accumulating forms.
Outcome long_op(Context& c, Long op, bool u, unsigned es, unsigned tn, unsigned tm, unsigned d, unsigned nr,
                unsigned mr, int index) {
  const unsigned hs = es / 2, eb = 8 * es;
  const uint8_t *n = c.zr(nr), *m = c.zr(mr), *a = c.zr(d);
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const unsigned j = index == kVectors ? 2 * i + tm : seg_index(2 * i, hs, static_cast<unsigned>(index));
    const i128 x = ielem(n, 2 * i + tn, hs, !u), y = ielem(m, j, hs, !u), z = selem(a, i, es);
    i128 v;
    switch (op) {
      case Long::Mla: v = z + x * y; break;
      case Long::Mls: v = z - x * y; break;
      case Long::Mul: v = x * y; break;
      case Long::Sqdmlal: v = ssat(z + ssat(2 * x * y, eb), eb); break;
      case Long::Sqdmlsl: v = ssat(z - ssat(2 * x * y, eb), eb); break;
      default: v = ssat(2 * x * y, eb); break;
    }
    set_elem(r, i, es, static_cast<uint64_t>(v));
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

unsigned rd(uint32_t insn) { return bits(insn, 4, 0); }
unsigned rn(uint32_t insn) { return bits(insn, 9, 5); }
unsigned rm(uint32_t insn) { return bits(insn, 20, 16); }

// SVE2 integer multiply-add long: S/U MLAL, MLSL B/T (bits 12:10 sub, unsigned, T).
Outcome mlal(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22), t = bit(insn, 10);
  if (size == 0) return Context::undefined();
  return long_op(c, bit(insn, 12) ? Long::Mls : Long::Mla, bit(insn, 11), esize_of(size), t, t, rd(insn), rn(insn),
                 rm(insn), kVectors);
}
// SVE2 saturating multiply-add long: SQDMLALB/T, SQDMLSLB/T (bit 11 sub, 10 T).
Outcome sqdmlal(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22), t = bit(insn, 10);
  if (size == 0) return Context::undefined();
  return long_op(c, bit(insn, 11) ? Long::Sqdmlsl : Long::Sqdmlal, false, esize_of(size), t, t, rd(insn), rn(insn),
                 rm(insn), kVectors);
}
// SVE2 saturating multiply-add interleaved long: SQDMLALBT, SQDMLSLBT (bit 10): Zn's bottom by
// Zm's top.
Outcome sqdmlalbt(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size == 0) return Context::undefined();
  return long_op(c, bit(insn, 10) ? Long::Sqdmlsl : Long::Sqdmlal, false, esize_of(size), 0, 1, rd(insn), rn(insn),
                 rm(insn), kVectors);
}
// SVE2 saturating multiply-add high: SQRDMLAH, SQRDMLSH (bit 10) by vector.
Outcome sqrdmlah(uint32_t insn, Context& c) {
  return same_op(c, bit(insn, 10) ? Same::Sqrdmlsh : Same::Sqrdmlah, esize_of(bits(insn, 23, 22)), rd(insn),
                 rn(insn), rm(insn), kVectors);
}

// SVE2 integer multiply-add (indexed): MLA, MLS (bit 10).
Outcome mla_idx(uint32_t insn, Context& c) {
  const Indexed x = indexed_same(insn);
  return same_op(c, bit(insn, 10) ? Same::Mls : Same::Mla, x.es, rd(insn), rn(insn), x.m, static_cast<int>(x.index));
}
// SVE2 saturating multiply-add high (indexed): SQRDMLAH, SQRDMLSH (bit 10).
Outcome sqrdmlah_idx(uint32_t insn, Context& c) {
  const Indexed x = indexed_same(insn);
  return same_op(c, bit(insn, 10) ? Same::Sqrdmlsh : Same::Sqrdmlah, x.es, rd(insn), rn(insn), x.m,
                 static_cast<int>(x.index));
}
// SVE2 saturating multiply high (indexed): SQDMULH, SQRDMULH (bit 10); SVE2 integer multiply
// (indexed): MUL.
Outcome mul_idx(uint32_t insn, Context& c) {
  const Indexed x = indexed_same(insn);
  const Same op = bit(insn, 11) ? Same::Mul : bit(insn, 10) ? Same::Sqrdmulh : Same::Sqdmulh;
  return same_op(c, op, x.es, rd(insn), rn(insn), x.m, static_cast<int>(x.index));
}
// SVE2 saturating multiply-add (indexed): SQDMLALB/T, SQDMLSLB/T (bit 12 sub, 10 T).
Outcome sqdmlal_idx(uint32_t insn, Context& c) {
  const Indexed x = indexed_long(insn);
  if (!x.es) return Context::undefined();
  const unsigned t = bit(insn, 10);
  return long_op(c, bit(insn, 12) ? Long::Sqdmlsl : Long::Sqdmlal, false, x.es, t, t, rd(insn), rn(insn), x.m,
                 static_cast<int>(x.index));
}
// SVE2 multiply-add long (indexed): S/U MLAL, MLSL B/T (bit 13 sub, 12 unsigned, 10 T).
Outcome mlal_idx(uint32_t insn, Context& c) {
  const Indexed x = indexed_long(insn);
  if (!x.es) return Context::undefined();
  const unsigned t = bit(insn, 10);
  return long_op(c, bit(insn, 13) ? Long::Mls : Long::Mla, bit(insn, 12), x.es, t, t, rd(insn), rn(insn), x.m,
                 static_cast<int>(x.index));
}
// SVE2 integer multiply long (indexed): SMULLB/T, UMULLB/T (bit 12 unsigned, 10 T).
Outcome mull_idx(uint32_t insn, Context& c) {
  const Indexed x = indexed_long(insn);
  if (!x.es) return Context::undefined();
  const unsigned t = bit(insn, 10);
  return long_op(c, Long::Mul, bit(insn, 12), x.es, t, t, rd(insn), rn(insn), x.m, static_cast<int>(x.index));
}
// SVE2 saturating multiply (indexed): SQDMULLB/T (bit 10 T).
Outcome sqdmull_idx(uint32_t insn, Context& c) {
  const Indexed x = indexed_long(insn);
  if (!x.es) return Context::undefined();
  const unsigned t = bit(insn, 10);
  return long_op(c, Long::Sqdmull, false, x.es, t, t, rd(insn), rn(insn), x.m, static_cast<int>(x.index));
}

// CMLA and SQRDCMLAH (sat) on complex pairs of Zda, Zn and Zm (or Zm's indexed pair in the
// segment), rotated by rot * 90 degrees: the real part gains +/- n_a * m_a, the imaginary part
// +/- n_a * m_b, with a = rot<0> and b its inverse.
Outcome cmla_op(Context& c, bool sat, unsigned es, unsigned rot, unsigned d, unsigned nr, unsigned mr, int index) {
  const unsigned eb = 8 * es, sa = rot & 1, sb = sa ^ 1;
  const bool sub_r = (rot & 1) != (rot >> 1), sub_i = rot >> 1;
  const uint8_t *n = c.zr(nr), *m = c.zr(mr), *a = c.zr(d);
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; i += 2) {
    const unsigned j = index == kVectors ? i : seg_index(i, es, 2 * static_cast<unsigned>(index));
    const i128 na = selem(n, i + sa, es), ma = selem(m, j + sa, es), mb = selem(m, j + sb, es);
    const i128 ar = selem(a, i, es), ai = selem(a, i + 1, es);
    i128 vr, vi;
    if (sat) {
      vr = rdmlah(ar, na, ma, sub_r, true, eb);
      vi = rdmlah(ai, na, mb, sub_i, true, eb);
    } else {
      vr = sub_r ? ar - na * ma : ar + na * ma;
      vi = sub_i ? ai - na * mb : ai + na * mb;
    }
    set_elem(r, i, es, static_cast<uint64_t>(vr));
    set_elem(r, i + 1, es, static_cast<uint64_t>(vi));
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SVE2 complex integer multiply-add: CMLA, SQRDCMLAH (bit 12), rot in bits 11:10.
Outcome cmla(uint32_t insn, Context& c) {
  return cmla_op(c, bit(insn, 12), esize_of(bits(insn, 23, 22)), bits(insn, 11, 10), rd(insn), rn(insn), rm(insn),
                 kVectors);
}
// SVE2 complex integer multiply-add (indexed): CMLA, SQRDCMLAH (bit 12), .H or .S.
Outcome cmla_idx(uint32_t insn, Context& c) {
  if (!bit(insn, 23)) return Context::undefined();
  const Indexed x = indexed_complex(insn, 2);
  return cmla_op(c, bit(insn, 12), x.es, bits(insn, 11, 10), rd(insn), rn(insn), x.m, static_cast<int>(x.index));
}

// CDOT: each wide element of Zda gains the sum of two complex products of quarter-width pairs of
// Zn and Zm (or Zm's indexed group of four in the segment), Zm rotated by rot * 90 degrees.
Outcome cdot_op(Context& c, unsigned es, unsigned rot, unsigned d, unsigned nr, unsigned mr, int index) {
  const unsigned qs = es / 4, sa = rot & 1, sb = sa ^ 1;
  const int sub_i = rot == 0 || rot == 3 ? -1 : 1;
  const uint8_t *n = c.zr(nr), *m = c.zr(mr), *a = c.zr(d);
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const unsigned j = index == kVectors ? 4 * i : 4 * seg_index(i, es, static_cast<unsigned>(index));
    i128 v = selem(a, i, es);
    for (unsigned k = 0; k < 2; ++k) {
      const i128 nr_ = selem(n, 4 * i + 2 * k, qs), ni = selem(n, 4 * i + 2 * k + 1, qs);
      const i128 ma = selem(m, j + 2 * k + sa, qs), mb = selem(m, j + 2 * k + sb, qs);
      v += nr_ * ma + sub_i * ni * mb;
    }
    set_elem(r, i, es, static_cast<uint64_t>(v));
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SVE2 complex integer dot product: CDOT .S (from .B) or .D (from .H), rot in bits 11:10.
Outcome cdot(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size < 2) return Context::undefined();
  return cdot_op(c, esize_of(size), bits(insn, 11, 10), rd(insn), rn(insn), rm(insn), kVectors);
}
// SVE2 complex integer dot product (indexed).
Outcome cdot_idx(uint32_t insn, Context& c) {
  if (!bit(insn, 23)) return Context::undefined();
  const Indexed x = indexed_complex(insn, 4);
  return cdot_op(c, x.es, bits(insn, 11, 10), rd(insn), rn(insn), x.m, static_cast<int>(x.index));
}

const Encoding kTable[] = {
    {0xff20f800, 0x44000800, sqdmlalbt, "SVE2 saturating multiply-add interleaved long"},
    {0xff20f000, 0x44001000, cdot, "SVE2 complex integer dot product"},
    {0xff20e000, 0x44002000, cmla, "SVE2 complex integer multiply-add"},
    {0xff20e000, 0x44004000, mlal, "SVE2 integer multiply-add long"},
    {0xff20f000, 0x44006000, sqdmlal, "SVE2 saturating multiply-add long"},
    {0xff20f800, 0x44007000, sqrdmlah, "SVE2 saturating multiply-add high"},
    {0xff20f800, 0x44200800, mla_idx, "SVE2 integer multiply-add (indexed)"},
    {0xff20f800, 0x44201000, sqrdmlah_idx, "SVE2 saturating multiply-add high (indexed)"},
    {0xff20e000, 0x44202000, sqdmlal_idx, "SVE2 saturating multiply-add (indexed)"},
    {0xff20f000, 0x44204000, cdot_idx, "SVE2 complex integer dot product (indexed)"},
    {0xff20e000, 0x44206000, cmla_idx, "SVE2 complex integer multiply-add (indexed)"},
    {0xff20c000, 0x44208000, mlal_idx, "SVE2 multiply-add long (indexed)"},
    {0xff20e000, 0x4420c000, mull_idx, "SVE2 integer multiply long (indexed)"},
    {0xff20f000, 0x4420e000, sqdmull_idx, "SVE2 saturating multiply (indexed)"},
    {0xff20f800, 0x4420f000, mul_idx, "SVE2 saturating multiply high (indexed)"},
    {0xff20fc00, 0x4420f800, mul_idx, "SVE2 integer multiply (indexed)"},
};

}  // namespace

void add_sve2_mla_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
