// SVE's floating-point arithmetic: unpredicated and predicated (with vectors and immediates),
// multiply-add, compares, reductions (fast and strictly ordered), reciprocal estimates and
// steps, and the trigonometric and exponential helpers (FTMAD, FTSSEL, FTSMUL, FEXPA). The
// operations themselves are sve_fp_arith.cpp's; conversions, complex, indexed and widening
// forms are in the group's other files (sve_fp_common.h).
#include <cmath>
#include <iterator>

#include "cpu-emu/sve/sve_fp_common.h"

namespace polyrun::cpu::sve {

namespace {

using fp::Env;
using BinOp = uint64_t (*)(uint64_t, uint64_t, unsigned, Env&);

uint64_t fabd(uint64_t a, uint64_t b, unsigned es, Env& env) { return fp::sub(a, b, es, env) & ~fp::sign_bit(es); }
uint64_t fsubr(uint64_t a, uint64_t b, unsigned es, Env& env) { return fp::sub(b, a, es, env); }
uint64_t fdivr(uint64_t a, uint64_t b, unsigned es, Env& env) { return fp::div(b, a, es, env); }
uint64_t fscale(uint64_t a, uint64_t b, unsigned es, Env& env) { return fp::scale(a, sext(b, 8 * es), es, env); }
// FTSMUL: the square of the first operand, its sign bit 0 of the second (a NaN kept as it is).
uint64_t ftsmul(uint64_t a, uint64_t b, unsigned es, Env& env) {
  const uint64_t r = fp::mul(a, a, es, env);
  if (fp::is_nan(r, es)) return r;
  return (r & ~fp::sign_bit(es)) | ((b & 1) ? fp::sign_bit(es) : 0);
}

// FADD, FSUB, FMUL, FTSMUL, —, —, FRECPS, FRSQRTS (unpredicated, opc bits 12:10).
constexpr BinOp kUnpredOps[8] = {fp::add, fp::sub, fp::mul, ftsmul, nullptr, nullptr, fp::recip_step, fp::rsqrt_step};

// FP arithmetic (unpredicated): Zd = Zn op Zm.
Outcome arith_unpred(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  const BinOp op = kUnpredOps[bits(insn, 12, 10)];
  if (!es || !op) return Context::undefined();
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* m = c.zr(bits(insn, 20, 16));
  FpScope s(c);
  uint8_t out[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) set_elem(out, i, es, op(uelem(n, i, es), uelem(m, i, es), es, s.env));
  std::memcpy(c.zw(bits(insn, 4, 0)), out, c.vl());
  return Context::done();
}

// FADD FSUB FMUL FSUBR FMAXNM FMINNM FMAX FMIN FABD FSCALE FMULX — FDIVR FDIV (predicated, opc
// bits 19:16).
constexpr BinOp kPredOps[16] = {fp::add, fp::sub, fp::mul,  fsubr,   fp::maxnm, fp::minnm, fp::max, fp::min,
                                fabd,    fscale,  fp::mulx, nullptr, fdivr,     fp::div,   nullptr, nullptr};

// Applies op to the active elements of Zdn with the second operand from `second` (a vector,
// or an immediate when null); inactive elements keep their value.
Outcome predicated(Context& c, uint32_t insn, BinOp op, unsigned es, const uint8_t* second, uint64_t imm) {
  const unsigned dn = bits(insn, 4, 0);
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(dn), c.vl());
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; ++i)
    if (active(pg, i, es)) set_elem(out, i, es, op(uelem(out, i, es), second ? uelem(second, i, es) : imm, es, s.env));
  std::memcpy(c.zw(dn), out, c.vl());
  return Context::done();
}

// FP arithmetic (predicated): Zdn = Zdn op Zm.
Outcome arith_pred(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  const BinOp op = kPredOps[bits(insn, 19, 16)];
  if (!es || !op) return Context::undefined();
  return predicated(c, insn, op, es, c.zr(bits(insn, 9, 5)), 0);
}

// FP arithmetic with immediate (predicated): the immediate bit i1 (bit 5) picks 0.5 or 1.0
// (FADD, FSUB, FSUBR), 0.5 or 2.0 (FMUL), 0.0 or 1.0 (FMAXNM, FMINNM, FMAX, FMIN).
Outcome arith_imm(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  if (!es) return Context::undefined();
  static constexpr BinOp kOps[8] = {fp::add, fp::sub, fp::mul, fsubr, fp::maxnm, fp::minnm, fp::max, fp::min};
  const unsigned opc = bits(insn, 18, 16);
  const bool i1 = bit(insn, 5);
  const uint64_t one = fp::fp_pow2(0, es), half = fp::fp_pow2(-1, es), two = fp::fp_pow2(1, es);
  uint64_t imm;
  if (opc == 2)
    imm = i1 ? two : half;
  else if (opc >= 4)
    imm = i1 ? one : 0;
  else
    imm = i1 ? one : half;
  return predicated(c, insn, kOps[opc], es, nullptr, imm);
}

// FMLA FMLS FNMLA FNMLS (Zda += Zn * Zm) and FMAD FMSB FNMAD FNMSB (Zdn = Za + Zdn * Zm): opc
// (bits 14:13) 00 FMLA, 01 FMLS negates the multiplicand, 10 FNMLA the multiplicand and the
// addend, 11 FNMLS the addend (sign bits flipped before the operation, NaNs included).
Outcome muladd_pred(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  if (!es) return Context::undefined();
  const unsigned opc = bits(insn, 15, 13) & 3;
  const bool writes_multiplicand = bit(insn, 15);
  const unsigned d = bits(insn, 4, 0);
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  const uint8_t* n = writes_multiplicand ? c.zr(d) : c.zr(bits(insn, 9, 5));
  const uint8_t* m = writes_multiplicand ? c.zr(bits(insn, 9, 5)) : c.zr(bits(insn, 20, 16));
  const uint8_t* a = writes_multiplicand ? c.zr(bits(insn, 20, 16)) : c.zr(d);
  const uint64_t neg_n = (opc == 1 || opc == 2) ? fp::sign_bit(es) : 0;
  const uint64_t neg_a = opc >= 2 ? fp::sign_bit(es) : 0;
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; ++i)
    if (active(pg, i, es))
      set_elem(out, i, es, fp::muladd(uelem(a, i, es) ^ neg_a, uelem(n, i, es) ^ neg_n, uelem(m, i, es), es, s.env));
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

// FTMAD: Zdn = Zdn * |Zm| + coefficient[imm3 (+8 when Zm is negative)], fused.
Outcome ftmad(uint32_t insn, Context& c) {
  static constexpr uint16_t kH[16] = {0x3c00, 0xb155, 0x2030, 0, 0, 0, 0, 0, 0x3c00, 0xb800, 0x293a, 0, 0, 0, 0, 0};
  static constexpr uint32_t kS[16] = {0x3f800000, 0xbe2aaaab, 0x3c088886, 0xb95008b9, 0x36369d6d, 0, 0, 0,
                                      0x3f800000, 0xbf000000, 0x3d2aaaa6, 0xbab60705, 0x37cd37cc, 0, 0, 0};
  static constexpr uint64_t kD[16] = {0x3ff0000000000000, 0xbfc5555555555543, 0x3f8111111110f30c, 0xbf2a01a019b92fc6,
                                      0x3ec71de351f3d22b, 0xbe5ae5e2b60f7b91, 0x3de5d8408868552f, 0x0000000000000000,
                                      0x3ff0000000000000, 0xbfe0000000000000, 0x3fa5555555555536, 0xbf56c16c16c13a0b,
                                      0x3efa01a019b1e8d8, 0xbe927e4f7282f468, 0x3e21ee96d2641b13, 0xbda8f76380fbb401};
  const unsigned es = fp_esize(bits(insn, 23, 22));
  if (!es) return Context::undefined();
  const unsigned d = bits(insn, 4, 0), imm = bits(insn, 18, 16);
  const uint8_t* m = c.zr(bits(insn, 9, 5));
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    uint64_t mm = uelem(m, i, es);
    unsigned x = imm;
    if (mm & fp::sign_bit(es)) {
      mm &= ~fp::sign_bit(es);
      x += 8;
    }
    const uint64_t coeff = es == 2 ? kH[x] : es == 4 ? kS[x] : kD[x];
    set_elem(out, i, es, fp::muladd(coeff, uelem(out, i, es), mm, es, s.env));
  }
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

// The tree of a fast reduction (the Arm ARM's Reduce): halves combined pairwise, lower first.
uint64_t reduce(BinOp op, uint64_t* v, unsigned n, unsigned es, Env& env) {
  for (; n > 1; n /= 2)
    for (unsigned i = 0; i < n / 2; ++i) v[i] = op(v[2 * i], v[2 * i + 1], es, env);
  return v[0];
}

// FADDV FMAXNMV FMINNMV FMAXV FMINV: inactive elements are the operation's identity (+0, the
// default NaN, +-infinity); the vector padded to a power of two elements with it.
Outcome fast_reduce(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  const unsigned opc = bits(insn, 18, 16);
  if (!es || (opc != 0 && opc < 4)) return Context::undefined();
  static constexpr BinOp kOps[8] = {fp::add, nullptr, nullptr, nullptr, fp::maxnm, fp::minnm, fp::max, fp::min};
  const uint64_t ident = opc == 0 ? 0 : opc <= 5 ? fp::default_nan(es) : fp::fp_inf(opc == 6, es);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  const unsigned count = c.vl() / es;
  unsigned padded = 1;
  while (padded < count) padded *= 2;
  uint64_t v[kMaxVl / 2];
  for (unsigned i = 0; i < padded; ++i) v[i] = i < count && active(pg, i, es) ? uelem(n, i, es) : ident;
  FpScope s(c);
  const uint64_t r = reduce(kOps[opc], v, padded, es, s.env);
  write_scalar(c, bits(insn, 4, 0), r, es);
  return Context::done();
}

// FADDA: Vdn = ((Vdn + Zm[0]) + Zm[1]) ... over the active elements, in order.
Outcome fadda(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  if (!es) return Context::undefined();
  const unsigned dn = bits(insn, 4, 0);
  const uint8_t* m = c.zr(bits(insn, 9, 5));
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  uint64_t acc = uelem(c.zr(dn), 0, es);
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; ++i)
    if (active(pg, i, es)) acc = fp::add(acc, uelem(m, i, es), es, s.env);
  write_scalar(c, dn, acc, es);
  return Context::done();
}

// Writes a compare's predicate: true active elements set, the rest (and inactive) clear.
template <typename F>
Outcome compare_into(Context& c, uint32_t insn, unsigned es, F cond) {
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  uint8_t out[kMaxVl / 8] = {};
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; ++i)
    if (active(pg, i, es)) set_pelem(out, i, es, cond(i, s.env));
  std::memcpy(c.pw(bits(insn, 3, 0)), out, c.pl());
  return Context::done();
}

// The relations by compare result (0 equal, 1 less, 2 greater, 3 unordered).
bool relation(int r, unsigned rel) {
  switch (rel) {
    case 0: return r == 0;            // EQ
    case 1: return r != 0;            // NE (unordered true)
    case 2: return r == 0 || r == 2;  // GE
    case 3: return r == 2;            // GT
    case 4: return r == 0 || r == 1;  // LE
    case 5: return r == 1;            // LT
    default: return r == 3;           // UO
  }
}

// FP compare vectors: bits 15, 13 and 4 pick FCMGE FCMGT FCMEQ FCMNE FCMUO FACGE — FACGT.
Outcome compare_vec(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  const unsigned sel = bit(insn, 15) << 2 | bit(insn, 13) << 1 | bit(insn, 4);
  // 000 GE 001 GT 010 EQ 011 NE 100 UO 101 ACGE 110 — 111 ACGT
  if (!es || sel == 6) return Context::undefined();
  static constexpr unsigned kRel[8] = {2, 3, 0, 1, 6, 2, 0, 3};
  const bool absolute = sel == 5 || sel == 7, quiet = sel == 2 || sel == 3 || sel == 4;
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* m = c.zr(bits(insn, 20, 16));
  const uint64_t mask = absolute ? ~fp::sign_bit(es) : ~0ull;
  return compare_into(c, insn, es, [&](unsigned i, Env& env) {
    return relation(fp::compare(uelem(n, i, es) & mask, uelem(m, i, es) & mask, es, !quiet, env), kRel[sel]);
  });
}

// FP compare with zero: bits 17, 16 and 4 pick FCMGE FCMGT FCMLT FCMLE FCMEQ — FCMNE —.
Outcome compare_zero(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  const unsigned sel = bits(insn, 17, 16) << 1 | bit(insn, 4);
  if (!es || sel == 5 || sel == 7) return Context::undefined();
  static constexpr unsigned kRel[8] = {2, 3, 5, 4, 0, 0, 1, 0};
  const bool quiet = sel >= 4;
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  return compare_into(c, insn, es, [&](unsigned i, Env& env) {
    return relation(fp::compare(uelem(n, i, es), 0, es, !quiet, env), kRel[sel]);
  });
}

// FRECPE, FRSQRTE (bit 16): unpredicated estimates.
Outcome estimate(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  if (!es) return Context::undefined();
  const bool rsqrt = bit(insn, 16);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  uint8_t out[kMaxVl];
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const uint64_t a = uelem(n, i, es);
    set_elem(out, i, es, rsqrt ? fp::rsqrt_estimate(a, es, s.env) : fp::recip_estimate(a, es, s.env));
  }
  std::memcpy(c.zw(bits(insn, 4, 0)), out, c.vl());
  return Context::done();
}

// FTSSEL: Zn's element, or 1.0 when Zm's bit 0 is set; its sign flipped by Zm's bit 1.
Outcome ftssel(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  if (!es) return Context::undefined();
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* m = c.zr(bits(insn, 20, 16));
  uint8_t out[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const uint64_t mm = uelem(m, i, es);
    const uint64_t r = (mm & 1) ? fp::fp_one(false, es) : uelem(n, i, es);
    set_elem(out, i, es, r ^ ((mm & 2) ? fp::sign_bit(es) : 0));
  }
  std::memcpy(c.zw(bits(insn, 4, 0)), out, c.vl());
  return Context::done();
}

// FEXPA's table: the fraction bits of 2^(i/32) (half, 10 bits) or 2^(i/64) (single 23 bits,
// double 52), rounded to nearest.
struct ExpaTable {
  uint16_t h[32];
  uint32_t s[64];
  uint64_t d[64];
  ExpaTable() {
    for (int i = 0; i < 64; ++i) {
      const long double v = std::exp2l(static_cast<long double>(i) / 64) - 1;
      s[i] = static_cast<uint32_t>(std::llroundl(std::ldexp(v, 23)));
      d[i] = static_cast<uint64_t>(std::llroundl(std::ldexp(v, 52)));
      if (i < 32)
        h[i] = static_cast<uint16_t>(std::llroundl(std::ldexp(std::exp2l(static_cast<long double>(i) / 32) - 1, 10)));
    }
  }
};

// FEXPA: the exponent from the element's upper bits, the fraction from the table by its low bits.
Outcome fexpa(uint32_t insn, Context& c) {
  static const ExpaTable table;
  const unsigned es = fp_esize(bits(insn, 23, 22));
  if (!es) return Context::undefined();
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  uint8_t out[kMaxVl];
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    const uint64_t v = uelem(n, i, es);
    uint64_t r;
    if (es == 2)
      r = (v >> 5 & 0x1f) << 10 | table.h[v & 0x1f];
    else if (es == 4)
      r = (v >> 6 & 0xff) << 23 | table.s[v & 0x3f];
    else
      r = (v >> 6 & 0x7ff) << 52 | table.d[v & 0x3f];
    set_elem(out, i, es, r);
  }
  std::memcpy(c.zw(bits(insn, 4, 0)), out, c.vl());
  return Context::done();
}

// SVE2's FADDP FMAXNMP FMINNMP FMAXP FMINP (opc bits 18:16 000, 100-111): the even result
// element is op of a pair of Zdn's, the odd one of the same pair of Zm's; predicated, merging.
Outcome pairwise(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  const unsigned opc = bits(insn, 18, 16);
  if (!es || (opc != 0 && opc < 4)) return Context::undefined();
  static constexpr BinOp kOps[8] = {fp::add, nullptr, nullptr, nullptr, fp::maxnm, fp::minnm, fp::max, fp::min};
  const unsigned dn = bits(insn, 4, 0);
  const uint8_t* m = c.zr(bits(insn, 9, 5));
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  uint8_t src[kMaxVl], out[kMaxVl];
  std::memcpy(src, c.zr(dn), c.vl());
  std::memcpy(out, src, c.vl());
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; i += 2) {
    if (active(pg, i, es)) set_elem(out, i, es, kOps[opc](uelem(src, i, es), uelem(src, i + 1, es), es, s.env));
    if (active(pg, i + 1, es)) set_elem(out, i + 1, es, kOps[opc](uelem(m, i, es), uelem(m, i + 1, es), es, s.env));
  }
  std::memcpy(c.zw(dn), out, c.vl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xff38e000, 0x64108000, pairwise, "SVE2 floating-point pairwise operations"},
    {0xff20e000, 0x65000000, arith_unpred, "SVE floating-point arithmetic (unpredicated)"},
    {0xff30e000, 0x65008000, arith_pred, "SVE floating-point arithmetic (predicated)"},
    {0xff38e3c0, 0x65188000, arith_imm, "SVE floating-point arithmetic with immediate (predicated)"},
    {0xff38fc00, 0x65108000, ftmad, "SVE floating-point trig multiply-add coefficient"},
    {0xff200000, 0x65200000, muladd_pred, "SVE floating-point multiply-accumulate"},
    {0xff38e000, 0x65002000, fast_reduce, "SVE floating-point fast reduction"},
    {0xff3fe000, 0x65182000, fadda, "SVE floating-point serial reduction (predicated)"},
    {0xff204000, 0x65004000, compare_vec, "SVE floating-point compare vectors"},
    {0xff3ce000, 0x65102000, compare_zero, "SVE floating-point compare with zero"},
    {0xff3efc00, 0x650e3000, estimate, "SVE floating-point reciprocal estimate (unpredicated)"},
    {0xff20fc00, 0x0420b000, ftssel, "SVE floating-point trig select coefficient"},
    {0xff3ffc00, 0x0420b800, fexpa, "SVE floating-point exponential accelerator"},
};

}  // namespace

void add_fp_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
  add_fp_convert_encodings(out);
  add_fp_complex_encodings(out);
  add_fp_widen_encodings(out);
}

}  // namespace polyrun::cpu::sve
