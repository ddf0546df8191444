// SVE2's widening, narrowing and carrying integer arithmetic: add/subtract long, wide and
// interleaved, absolute difference (and accumulate) long, multiply long (PMULL's 128-bit form
// too), shift left long, EORBT/EORTB, ADCL/SBCL, CADD/SQCADD, the high-half narrowing adds,
// shifts right narrow and saturating extracts. The table gathers the other SVE2 files' too.
#include <iterator>

#include "cpu-emu/sve/sve2_common.h"

namespace polyrun::cpu::sve {

namespace {

// Bottom (T = 0) or top (T = 1) half-width element of the pair that makes wide element i.
inline i128 half(const uint8_t* r, unsigned i, unsigned esize, unsigned t, bool is_signed) {
  return ielem(r, 2 * i + t, esize / 2, is_signed);
}

// Carry-less multiply of two 64-bit polynomials.
inline u128 clmul(uint64_t a, uint64_t b) {
  u128 r = 0;
  for (unsigned k = 0; k < 64; ++k)
    if (b >> k & 1) r ^= static_cast<u128>(a) << k;
  return r;
}

// SVE2 integer add/subtract long: S/U ADDL, SUBL, ABDL B/T (bits 13:10: sub, unsigned, T for
// the add/subtract forms; 11 U T for the absolute differences).
Outcome addsub_long(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22), op = bits(insn, 13, 10);
  if (size == 0 || (op >> 2) == 2) return Context::undefined();
  const unsigned es = esize_of(size), d = bits(insn, 4, 0), t = op & 1;
  const bool u = op >> 1 & 1, abd = (op >> 2) == 3, sub = op >> 2 & 1;
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const i128 a = half(n, i, es, t, !u), b = half(m, i, es, t, !u);
    const i128 v = abd ? (a > b ? a - b : b - a) : sub ? a - b : a + b;
    set_elem(r, i, es, static_cast<uint64_t>(v));
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SCLAMP, UCLAMP (SVE2.1 and SME, which qemu's max runs): each element of Zd clamped between
// Zn's (the lower bound) and Zm's (the upper): min(max(d, n), m), signed or unsigned (bit 10).
Outcome clamp(uint32_t insn, Context& c) {
  const unsigned es = esize_of(bits(insn, 23, 22)), d = bits(insn, 4, 0);
  const bool u = bit(insn, 10);
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16)), *dd = c.zr(d);
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    i128 v = ielem(dd, i, es, !u);
    const i128 lo = ielem(n, i, es, !u), hi = ielem(m, i, es, !u);
    v = v < lo ? lo : v;
    v = v > hi ? hi : v;
    set_elem(r, i, es, static_cast<uint64_t>(v));
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SVE2 integer add/subtract wide: S/U ADDW, SUBW B/T (bits 12:10: sub, unsigned, T).
Outcome addsub_wide(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22), op = bits(insn, 12, 10);
  if (size == 0) return Context::undefined();
  const unsigned es = esize_of(size), t = op & 1;
  const bool u = op >> 1 & 1, sub = op >> 2 & 1;
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const uint64_t a = uelem(n, i, es), b = static_cast<uint64_t>(half(m, i, es, t, !u));
    set_elem(r, i, es, sub ? a - b : a + b);
  }
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// SVE2 integer multiply long: SQDMULL, PMULL, SMULL, UMULL B/T (bits 12:11 the operation, 10 T).
// PMULL's size 00 is the 128-bit form (Zd.Q from Zn.D), its size 10 reserved.
Outcome mul_long(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22), op = bits(insn, 12, 11), t = bit(insn, 10);
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  if (op == 1 && size == 0) {
    for (unsigned q = 0; q < c.vl() / 16; ++q) {
      const u128 p = clmul(uelem(n, 2 * q + t, 8), uelem(m, 2 * q + t, 8));
      set_elem(r, 2 * q, 8, static_cast<uint64_t>(p));
      set_elem(r, 2 * q + 1, 8, static_cast<uint64_t>(p >> 64));
    }
  } else {
    if (size == 0 || (op == 1 && size == 2)) return Context::undefined();
    const unsigned es = esize_of(size);
    const bool u = op == 3 || op == 1;
    for (unsigned i = 0; i < c.vl() / es; ++i) {
      const i128 a = half(n, i, es, t, !u), b = half(m, i, es, t, !u);
      uint64_t v;
      if (op == 0)
        v = static_cast<uint64_t>(ssat(2 * a * b, 8 * es));
      else if (op == 1)
        v = static_cast<uint64_t>(clmul(static_cast<uint64_t>(a), static_cast<uint64_t>(b)));
      else
        v = static_cast<uint64_t>(a * b);
      set_elem(r, i, es, v);
    }
  }
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// SVE2 integer add/subtract interleaved long: SADDLBT, SSUBLBT, SSUBLTB (bits 11:10 00, 10, 11).
Outcome addsub_lbt(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22), op = bits(insn, 11, 10);
  if (size == 0 || op == 1) return Context::undefined();
  const unsigned es = esize_of(size), tn = op == 3, tm = op != 3;
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const i128 a = half(n, i, es, tn, true), b = half(m, i, es, tm, true);
    set_elem(r, i, es, static_cast<uint64_t>(op == 0 ? a + b : a - b));
  }
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// SVE2 bitwise shift left long: SSHLLB/T, USHLLB/T; tszh:tszl (bits 22, 20:19) give the source
// size, tsz:imm3 minus its width the shift; bit 23 must be zero.
Outcome shll(uint32_t insn, Context& c) {
  const unsigned tsz = bit(insn, 22) << 2 | bits(insn, 20, 19);
  if (bit(insn, 23) || tsz == 0) return Context::undefined();
  const unsigned src = tsz >= 4 ? 4 : tsz >= 2 ? 2 : 1, es = 2 * src;
  const unsigned shift = (tsz << 3 | bits(insn, 18, 16)) - 8 * src;
  const bool u = bit(insn, 11);
  const unsigned t = bit(insn, 10);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i)
    set_elem(r, i, es, static_cast<uint64_t>(half(n, i, es, t, !u)) << shift);
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// EORBT (bit 10 = 0): even elements of Zd = Zn's even ^ Zm's odd; EORTB: odd elements of Zd =
// Zn's odd ^ Zm's even. The other elements of Zd keep their value.
Outcome eorbt(uint32_t insn, Context& c) {
  const unsigned es = esize_of(bits(insn, 23, 22)), tb = bit(insn, 10), d = bits(insn, 4, 0);
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  std::memcpy(r, c.zr(d), c.vl());
  for (unsigned i = 0; i < c.vl() / es; i += 2)
    set_elem(r, i + tb, es, uelem(n, i + tb, es) ^ uelem(m, i + 1 - tb, es));
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SVE2 integer absolute difference and accumulate long: SABALB/T, UABALB/T (bits 11:10 U T).
Outcome abal(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size == 0) return Context::undefined();
  const unsigned es = esize_of(size), t = bit(insn, 10), d = bits(insn, 4, 0);
  const bool u = bit(insn, 11);
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16)), *a = c.zr(d);
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const i128 x = half(n, i, es, t, !u), y = half(m, i, es, t, !u);
    set_elem(r, i, es, uelem(a, i, es) + static_cast<uint64_t>(x > y ? x - y : y - x));
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SVE2 integer add/subtract long with carry: ADCLB/T (bit 23 = 0), SBCLB/T (Zn inverted); bit 22
// the size (S, D), bit 10 T. Even elements of Zda += Zn's bottom or top + carry in (bit 0 of Zm's
// odd element); the odd elements get the carry out.
Outcome adcl(uint32_t insn, Context& c) {
  const unsigned es = bit(insn, 22) ? 8 : 4, t = bit(insn, 10), d = bits(insn, 4, 0);
  const bool sbc = bit(insn, 23);
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16)), *a = c.zr(d);
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; i += 2) {
    uint64_t x = uelem(n, i + t, es);
    if (sbc) x = ~x & emask(es);
    const u128 sum = static_cast<u128>(uelem(a, i, es)) + x + (uelem(m, i + 1, es) & 1);
    set_elem(r, i, es, static_cast<uint64_t>(sum));
    set_elem(r, i + 1, es, static_cast<uint64_t>(sum >> (8 * es)) & 1);
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SVE2 complex integer add: CADD, SQCADD (bit 16) by 90 (bit 10 = 0) or 270 degrees: Zdn's
// real parts -/+ Zm's imaginary, imaginary parts +/- Zm's real.
Outcome cadd(uint32_t insn, Context& c) {
  const unsigned es = esize_of(bits(insn, 23, 22)), d = bits(insn, 4, 0), eb = 8 * es;
  const bool sat = bit(insn, 16), r270 = bit(insn, 10);
  const uint8_t *n = c.zr(d), *m = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; i += 2) {
    const i128 nr = selem(n, i, es), ni = selem(n, i + 1, es), mr = selem(m, i, es), mi = selem(m, i + 1, es);
    const i128 vr = r270 ? nr + mi : nr - mi, vi = r270 ? ni - mr : ni + mr;
    set_elem(r, i, es, static_cast<uint64_t>(sat ? ssat(vr, eb) : static_cast<int64_t>(vr)));
    set_elem(r, i + 1, es, static_cast<uint64_t>(sat ? ssat(vi, eb) : static_cast<int64_t>(vi)));
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// The narrowing forms' write: B puts v in the even half-width element i and zeroes the odd one;
// T puts it in the odd one and keeps the even.
inline void put_narrow(uint8_t* r, unsigned i, unsigned hs, unsigned t, uint64_t v) {
  set_elem(r, 2 * i + t, hs, v);
  if (!t) set_elem(r, 2 * i + 1, hs, 0);
}

// SVE2 bitwise shift right narrow: SQSHRUN, SQRSHRUN, SHRN, RSHRN, SQSHRN, SQRSHRN, UQSHRN,
// UQRSHRN B/T (bits 13:12 signed to unsigned, truncating, signed, unsigned; 11 rounding; 10 T);
// tszh:tszl the destination size, twice its width minus tsz:imm3 the shift; bit 23 zero.
Outcome shrn(uint32_t insn, Context& c) {
  const unsigned tsz = bit(insn, 22) << 2 | bits(insn, 20, 19);
  if (bit(insn, 23) || tsz == 0) return Context::undefined();
  const unsigned hs = tsz >= 4 ? 4 : tsz >= 2 ? 2 : 1, es = 2 * hs, hb = 8 * hs;
  const unsigned shift = 2 * hb - (tsz << 3 | bits(insn, 18, 16));
  const unsigned kind = bits(insn, 13, 12), t = bit(insn, 10), d = bits(insn, 4, 0);
  const bool round = bit(insn, 11), is_signed = kind == 0 || kind == 2;
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl];
  std::memcpy(r, c.zr(d), c.vl());
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    i128 v = ielem(n, i, es, is_signed);
    if (round) v += static_cast<i128>(1) << (shift - 1);
    v >>= shift;
    const uint64_t o = kind == 1 ? static_cast<uint64_t>(v)
                       : kind == 2 ? static_cast<uint64_t>(ssat(v, hb))
                                   : usat(v, hb);
    put_narrow(r, i, hs, t, o);
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SVE2 saturating extract narrow: SQXTN, UQXTN, SQXTUN B/T (bits 12:11 00, 01, 10; 10 T); the
// destination size one bit of tszh:tszl, bits 23 and 18:16 zero.
Outcome xtn(uint32_t insn, Context& c) {
  const unsigned tsz = bit(insn, 22) << 2 | bits(insn, 20, 19), op = bits(insn, 12, 11);
  if (bit(insn, 23) || bits(insn, 18, 16) || (tsz != 1 && tsz != 2 && tsz != 4) || op == 3)
    return Context::undefined();
  const unsigned hs = tsz, es = 2 * hs, hb = 8 * hs, t = bit(insn, 10), d = bits(insn, 4, 0);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl];
  std::memcpy(r, c.zr(d), c.vl());
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const i128 v = ielem(n, i, es, op != 1);
    put_narrow(r, i, hs, t, op == 0 ? static_cast<uint64_t>(ssat(v, hb)) : usat(v, hb));
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SVE2 integer add/subtract narrow high part: ADDHN, RADDHN, SUBHN, RSUBHN B/T (bits 12:10 sub,
// rounding, T): the high half of each wide sum or difference.
Outcome addhn(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size == 0) return Context::undefined();
  const unsigned es = esize_of(size), hs = es / 2, hb = 8 * hs, t = bit(insn, 10), d = bits(insn, 4, 0);
  const bool sub = bit(insn, 12), round = bit(insn, 11);
  const uint8_t *n = c.zr(bits(insn, 9, 5)), *m = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  std::memcpy(r, c.zr(d), c.vl());
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    u128 v = sub ? static_cast<u128>(uelem(n, i, es)) - uelem(m, i, es)
                 : static_cast<u128>(uelem(n, i, es)) + uelem(m, i, es);
    if (round) v += static_cast<u128>(1) << (hb - 1);
    put_narrow(r, i, hs, t, static_cast<uint64_t>(v >> hb));
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xff20fc00, 0x4400c000, clamp, "SCLAMP"},
    {0xff20fc00, 0x4400c400, clamp, "UCLAMP"},
    {0xff20c000, 0x45000000, addsub_long, "SVE2 integer add/subtract long"},
    {0xff20e000, 0x45004000, addsub_wide, "SVE2 integer add/subtract wide"},
    {0xff20e000, 0x45006000, mul_long, "SVE2 integer multiply long"},
    {0xff20f000, 0x45008000, addsub_lbt, "SVE2 integer add/subtract interleaved long"},
    {0xff20f800, 0x45009000, eorbt, "SVE2 bitwise exclusive-or interleaved"},
    {0xff20f000, 0x4500a000, shll, "SVE2 bitwise shift left long"},
    {0xff20f000, 0x4500c000, abal, "SVE2 integer absolute difference and accumulate long"},
    {0xff20f800, 0x4500d000, adcl, "SVE2 integer add/subtract long with carry"},
    {0xff3ef800, 0x4500d800, cadd, "SVE2 complex integer add"},
    {0xff20c000, 0x45200000, shrn, "SVE2 bitwise shift right narrow"},
    {0xff20e000, 0x45204000, xtn, "SVE2 saturating extract narrow"},
    {0xff20e000, 0x45206000, addhn, "SVE2 integer add/subtract narrow high part"},
};

}  // namespace

void add_sve2_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
  add_sve2_pred_encodings(out);
  add_sve2_mla_encodings(out);
  add_sve2_crypto_encodings(out);
}

}  // namespace polyrun::cpu::sve
