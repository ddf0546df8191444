// SVE's floating-point unary operations (predicated, merging): FRINT*, FRECPX, FSQRT, the
// conversions between formats (FCVT, BFCVT, SVE2's FCVTLT, FCVTNT, FCVTX, FCVTXNT, BFCVTNT), to
// and from integers (FCVTZS, FCVTZU, SCVTF, UCVTF) and SVE2's FLOGB.
#include <iterator>

#include "cpu-emu/sve/sve_fp_common.h"

namespace polyrun::cpu::sve {

namespace {

using fp::Env;

// Applies f to the active elements of Zn (container `es` bytes, predicated at that size),
// merging into Zd.
template <typename F>
Outcome unary(Context& c, uint32_t insn, unsigned es, F f) {
  const unsigned d = bits(insn, 4, 0);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / es; ++i)
    if (active(pg, i, es)) set_elem(out, i, es, f(uelem(n, i, es), s.env));
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

// FRINTN FRINTP FRINTM FRINTZ FRINTA — FRINTX FRINTI (opc bits 18:16).
Outcome frint(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  const unsigned opc = bits(insn, 18, 16);
  if (!es || opc == 5) return Context::undefined();
  const uint32_t fpcr = c.machine().fpcr();
  static constexpr unsigned kMode[8] = {fp::kRN, fp::kRP, fp::kRM, fp::kRZ, fp::kRA, 0, 0, 0};
  const unsigned mode = opc >= 6 ? (fpcr >> 22 & 3) : kMode[opc];
  return unary(c, insn, es, [&](uint64_t a, Env& env) { return fp::round_int(a, es, mode, opc == 6, env); });
}

// FRECPX, FSQRT (bit 16).
Outcome recpx_sqrt(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 23, 22));
  if (!es) return Context::undefined();
  if (bit(insn, 16)) return unary(c, insn, es, [&](uint64_t a, Env& env) { return fp::sqrt(a, es, env); });
  return unary(c, insn, es, [&](uint64_t a, Env& env) { return fp::recpx(a, es, env); });
}

// FCVT between formats, BFCVT and FCVTX (size bits 23:22, opc bits 17:16): the element is the
// wider format's; a narrower result is zero-extended in it.
Outcome fcvt(uint32_t insn, Context& c) {
  const unsigned sel = bits(insn, 23, 22) << 2 | bits(insn, 17, 16);
  switch (sel) {
    case 0b0010:  // FCVTX Zd.S, Zn.D: round to odd
      return unary(c, insn, 8, [](uint64_t a, Env& env) { return fp::convert(a, 8, 4, env, fp::kRO); });
    case 0b1000:  // Zd.H, Zn.S
      return unary(c, insn, 4,
                   [](uint64_t a, Env& env) { return fp::convert(a & 0xffffffff, 4, 2, env, env.rmode()); });
    case 0b1001:  // Zd.S, Zn.H
      return unary(c, insn, 4, [](uint64_t a, Env& env) { return fp::convert(a & 0xffff, 2, 4, env, env.rmode()); });
    case 0b1010:  // BFCVT Zd.H, Zn.S
      return unary(c, insn, 4,
                   [](uint64_t a, Env& env) -> uint64_t { return fp::to_bf16(static_cast<uint32_t>(a), env); });
    case 0b1100:  // Zd.H, Zn.D
      return unary(c, insn, 8, [](uint64_t a, Env& env) { return fp::convert(a, 8, 2, env, env.rmode()); });
    case 0b1101:  // Zd.D, Zn.H
      return unary(c, insn, 8, [](uint64_t a, Env& env) { return fp::convert(a & 0xffff, 2, 8, env, env.rmode()); });
    case 0b1110:  // Zd.S, Zn.D
      return unary(c, insn, 8, [](uint64_t a, Env& env) { return fp::convert(a, 8, 4, env, env.rmode()); });
    case 0b1111:  // Zd.D, Zn.S
      return unary(c, insn, 8,
                   [](uint64_t a, Env& env) { return fp::convert(a & 0xffffffff, 4, 8, env, env.rmode()); });
    default: return Context::undefined();
  }
}

// The element sizes of FCVTZS/FCVTZU and SCVTF/UCVTF by size:opc (bits 23:22, 18:17): the
// container (predicate size), the FP operand's and the integer's sizes; 0: unallocated.
struct CvtSizes {
  unsigned container, fsize, isize;
};
constexpr CvtSizes kCvt[16] = {
    {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0},  // size 00
    {0, 0, 0}, {2, 2, 2}, {4, 2, 4}, {8, 2, 8},  // size 01: .H from/to 16-, 32-, 64-bit integers
    {0, 0, 0}, {0, 0, 0}, {4, 4, 4}, {0, 0, 0},  // size 10: .S with 32-bit integers
    {8, 8, 4}, {0, 0, 0}, {8, 4, 8}, {8, 8, 8},  // size 11: .D with 32-bit, .S with 64-bit, .D with 64-bit
};

// FCVTZS, FCVTZU (bit 16 unsigned): toward zero, saturating; the integer sign- or zero-extended
// in the container.
Outcome fcvtz(uint32_t insn, Context& c) {
  const CvtSizes z = kCvt[bits(insn, 23, 22) << 2 | bits(insn, 18, 17)];
  if (!z.container) return Context::undefined();
  const bool is_signed = !bit(insn, 16);
  return unary(c, insn, z.container, [&](uint64_t a, Env& env) {
    const uint64_t r = fp::to_int(a & emask(z.fsize), z.fsize, 8 * z.isize, is_signed, env);
    return is_signed ? static_cast<uint64_t>(sext(r, 8 * z.isize)) : r;
  });
}

// SCVTF, UCVTF (bit 16 unsigned): the integer from the container's low bits; the FP result
// zero-extended in it.
Outcome cvtf(uint32_t insn, Context& c) {
  const unsigned sel = bits(insn, 23, 22) << 2 | bits(insn, 18, 17);
  // The integer and FP sizes are the other way about here: .H from .S is opc 10, .D from .S 00.
  static constexpr CvtSizes kFrom[16] = {
      {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {2, 2, 2}, {4, 2, 4}, {8, 2, 8},
      {0, 0, 0}, {0, 0, 0}, {4, 4, 4}, {0, 0, 0}, {8, 8, 4}, {0, 0, 0}, {8, 4, 8}, {8, 8, 8},
  };
  const CvtSizes z = kFrom[sel];
  if (!z.container) return Context::undefined();
  const bool is_signed = !bit(insn, 16);
  return unary(c, insn, z.container, [&](uint64_t a, Env& env) {
    return fp::from_int(a & emask(z.isize), 8 * z.isize, is_signed, z.fsize, env);
  });
}

// FLOGB (SVE2): the unbiased exponent as a signed integer (denormals normalized); zero gives
// the most negative integer (IOC), infinity the most positive, a NaN the most negative (IOC).
Outcome flogb(uint32_t insn, Context& c) {
  const unsigned es = fp_esize(bits(insn, 18, 17));
  if (!es) return Context::undefined();
  return unary(c, insn, es, [&](uint64_t a, Env& env) -> uint64_t {
    a = fp::flush_in(a, es, env);
    const uint64_t most_neg = 1ull << (8 * es - 1);
    if (fp::is_nan(a, es)) {
      env.flags |= fp::kIOC;
      return most_neg;
    }
    if (fp::is_zero(a, es)) {
      env.flags |= fp::kIOC;
      return most_neg;
    }
    if (fp::is_inf(a, es)) return most_neg - 1;
    const int mbits = static_cast<int>(fp::frac_bits(es));
    const int bias = es == 2 ? 15 : es == 4 ? 127 : 1023;
    const uint64_t e = a >> mbits & ((1ull << (8 * es - 1 - mbits)) - 1);
    int64_t r;
    if (e)
      r = static_cast<int64_t>(e) - bias;
    else
      r = 1 - bias - (mbits + 1 - (64 - __builtin_clzll(a & ((1ull << mbits) - 1))));
    return static_cast<uint64_t>(r) & emask(es);
  });
}

// SVE2's conversions of odd elements (size bits 23:22, opc bits 17:16): FCVTNT and BFCVTNT
// write the narrow result to the top half of each wide element, the bottom half kept; FCVTLT
// widens the top half; FCVTXNT narrows to odd into the top half.
Outcome fcvt_odd(uint32_t insn, Context& c) {
  const unsigned sel = bits(insn, 23, 22) << 2 | bits(insn, 17, 16);
  unsigned wide, narrow_size;
  switch (sel) {
    case 0b0010: wide = 8, narrow_size = 4; break;  // FCVTXNT
    case 0b1000: wide = 4, narrow_size = 2; break;  // FCVTNT .H, .S
    case 0b1010: wide = 4, narrow_size = 2; break;  // BFCVTNT
    case 0b1001: wide = 4, narrow_size = 2; break;  // FCVTLT .S, .H
    case 0b1110: wide = 8, narrow_size = 4; break;  // FCVTNT .S, .D
    case 0b1111: wide = 8, narrow_size = 4; break;  // FCVTLT .D, .S
    default: return Context::undefined();
  }
  const bool widening = sel == 0b1001 || sel == 0b1111;
  const unsigned d = bits(insn, 4, 0);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  FpScope s(c);
  for (unsigned i = 0; i < c.vl() / wide; ++i) {
    if (!active(pg, i, wide)) continue;
    if (widening) {
      const uint64_t a = uelem(n, 2 * i + 1, narrow_size);
      set_elem(out, i, wide, fp::convert(a, narrow_size, wide, s.env, s.env.rmode()));
    } else {
      const uint64_t a = uelem(n, i, wide);
      uint64_t r;
      if (sel == 0b1010)
        r = fp::to_bf16(static_cast<uint32_t>(a), s.env);
      else
        r = fp::convert(a, wide, narrow_size, s.env, sel == 0b0010 ? fp::kRO : s.env.rmode());
      set_elem(out, 2 * i + 1, narrow_size, r);
    }
  }
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xff38e000, 0x6500a000, frint, "SVE floating-point round to integral value"},
    {0xff3ee000, 0x650ca000, recpx_sqrt, "SVE floating-point unary operations"},
    {0xff3ce000, 0x6508a000, fcvt, "SVE floating-point convert precision"},
    {0xff38e000, 0x6518a000, fcvtz, "SVE floating-point convert to integer"},
    {0xff38e000, 0x6510a000, cvtf, "SVE integer convert to floating-point"},
    {0xfff9e000, 0x6518a000, flogb, "SVE2 floating-point base 2 logarithm as integer"},
    {0xff3ce000, 0x6408a000, fcvt_odd, "SVE2 floating-point convert precision odd elements"},
};

}  // namespace

void add_fp_convert_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
