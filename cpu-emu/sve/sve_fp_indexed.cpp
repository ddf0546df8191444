// SVE's floating-point complex arithmetic (FCADD, FCMLA with vectors and indexed) and the
// indexed multiplies (FMLA, FMLS, FMUL by an element of each 128-bit segment of Zm).
#include <iterator>

#include "cpu-emu/sve/sve_fp_common.h"

namespace polyrun::cpu::sve {

namespace {

// FCADD: complex add with Zm rotated by 90 (rot 0) or 270 degrees (rot 1): the real part
// takes -imag(Zm) (90) or +imag(Zm) (270), the imaginary part +real(Zm) or -real(Zm).
Outcome fcadd(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  if (!es) return Context::undefined();
  const uint64_t neg_imag = bit(insn, 16) ? fp::sign_bit(es) : 0, neg_real = neg_imag ^ fp::sign_bit(es);
  const unsigned dn = bits(insn, 4, 0);
  const uint8_t* m = c.zr(bits(insn, 9, 5));
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(dn), c.vl());
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; i += 2) {
    const uint64_t nr = uelem(out, i, es), ni = uelem(out, i + 1, es);
    const uint64_t mr = uelem(m, i, es), mi = uelem(m, i + 1, es);
    if (active(pg, i, es)) set_elem(out, i, es, fp::add(nr, mi ^ neg_real, es, s.env));
    if (active(pg, i + 1, es)) set_elem(out, i + 1, es, fp::add(ni, mr ^ neg_imag, es, s.env));
  }
  std::memcpy(c.zw(dn), out, c.vl());
  return Context::done();
}

// One complex multiply-add step of FCMLA by rotation (0, 90, 180, 270 degrees): the real and
// imaginary accumulators each add one product of an element of n (its real part for 0 and
// 180, its imaginary part for 90 and 270) and an element of m, negated as the rotation says.
struct Rotation {
  bool flip;
  uint64_t neg_real, neg_imag;
  Rotation(unsigned rot, unsigned es)
      : flip(rot & 1),
        neg_real((rot == 1 || rot == 2) ? fp::sign_bit(es) : 0),
        neg_imag((rot & 2) ? fp::sign_bit(es) : 0) {}
};

// FCMLA (predicated): Zda += Zn * Zm rotated, per complex pair.
Outcome fcmla_pred(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  if (!es) return Context::undefined();
  const Rotation r(bits(insn, 14, 13), es);
  const unsigned d = bits(insn, 4, 0);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* m = c.zr(bits(insn, 20, 16));
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; i += 2) {
    const uint64_t nn = uelem(n, i + r.flip, es);
    const uint64_t mr = uelem(m, i, es), mi = uelem(m, i + 1, es);
    const uint64_t e1 = (r.flip ? mi : mr) ^ r.neg_real, e3 = (r.flip ? mr : mi) ^ r.neg_imag;
    if (active(pg, i, es)) set_elem(out, i, es, fp::muladd(uelem(out, i, es), nn, e1, es, s.env));
    if (active(pg, i + 1, es)) set_elem(out, i + 1, es, fp::muladd(uelem(out, i + 1, es), nn, e3, es, s.env));
  }
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

// FCMLA (indexed): half (size 10: index bits 20:19, Zm bits 18:16) or single (size 11: index
// bit 20, Zm bits 19:16); the complex element of Zm chosen in each 128-bit segment.
Outcome fcmla_idx(uint32_t insn, Context& c) {
  const bool single = bit(insn, 22);
  const unsigned es = single ? 4 : 2;
  const unsigned index = single ? bit(insn, 20) : bits(insn, 20, 19);
  const unsigned mreg = single ? bits(insn, 19, 16) : bits(insn, 18, 16);
  const Rotation r(bits(insn, 11, 10), es);
  const unsigned d = bits(insn, 4, 0);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* m = c.zr(mreg);
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  const unsigned seg = 16 / es;
  FpScope s(c);
  for (unsigned base = 0; base < c.vl() / es; base += seg) {
    const uint64_t mr = uelem(m, base + 2 * index, es), mi = uelem(m, base + 2 * index + 1, es);
    const uint64_t e1 = (r.flip ? mi : mr) ^ r.neg_real, e3 = (r.flip ? mr : mi) ^ r.neg_imag;
    for (unsigned i = base; i < base + seg; i += 2) {
      const uint64_t nn = uelem(n, i + r.flip, es);
      set_elem(out, i, es, fp::muladd(uelem(out, i, es), nn, e1, es, s.env));
      set_elem(out, i + 1, es, fp::muladd(uelem(out, i + 1, es), nn, e3, es, s.env));
    }
  }
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

// The element size, Zm and index of the indexed multiplies: size 0x half (index bits 22,
// 20:19; Zm 18:16), 10 single (index 20:19; Zm 18:16), 11 double (index 20; Zm 19:16).
struct IndexedOperand {
  unsigned es, mreg, index;
  explicit IndexedOperand(uint32_t insn) {
    if (!bit(insn, 23)) {
      es = 2, mreg = bits(insn, 18, 16), index = bit(insn, 22) << 2 | bits(insn, 20, 19);
    } else if (!bit(insn, 22)) {
      es = 4, mreg = bits(insn, 18, 16), index = bits(insn, 20, 19);
    } else {
      es = 8, mreg = bits(insn, 19, 16), index = bit(insn, 20);
    }
  }
};

// FMLA, FMLS (bit 10: the multiplicand negated) and FMUL (indexed).
Outcome mul_idx(uint32_t insn, Context& c) {
  const IndexedOperand o(insn);
  const unsigned es = o.es, d = bits(insn, 4, 0);
  const bool accumulate = !bit(insn, 13);
  const uint64_t neg = bit(insn, 10) ? fp::sign_bit(es) : 0;
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* m = c.zr(o.mreg);
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  const unsigned seg = 16 / es;
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const uint64_t mm = uelem(m, i - i % seg + o.index, es), nn = uelem(n, i, es);
    set_elem(out, i, es,
             accumulate ? fp::muladd(uelem(out, i, es), nn ^ neg, mm, es, s.env) : fp::mul(nn, mm, es, s.env));
  }
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xff3ee000, 0x64008000, fcadd, "SVE floating-point complex add (predicated)"},
    {0xff208000, 0x64000000, fcmla_pred, "SVE floating-point complex multiply-add (predicated)"},
    {0xffa0f000, 0x64a01000, fcmla_idx, "SVE floating-point complex multiply-add (indexed)"},
    {0xff20f800, 0x64200000, mul_idx, "SVE floating-point multiply-add (indexed)"},
    {0xff20fc00, 0x64202000, mul_idx, "SVE floating-point multiply (indexed)"},
};

}  // namespace

void add_fp_complex_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
