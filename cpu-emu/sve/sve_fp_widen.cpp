// SVE2's widening floating-point multiply-adds (FMLALB/T, FMLSLB/T: half to single), the
// bfloat16 ones (BFDOT, BFMLALB/T, BFMMLA) and the matrix multiplies (FMMLA, single and double).
#include <iterator>

#include "cpu-emu/sve/sve_fp_common.h"

namespace polyrun::cpu::sve {

namespace {

using fp::Env;

// A half-precision value as single precision by its bits (a NaN keeps its payload and whether
// it signals); a denormal is zero when FZ16 is set, without a flag.
uint64_t half_bits_to_single(uint64_t h, bool fz16) {
  const uint64_t sign = (h >> 15 & 1) << 31, e = h >> 10 & 0x1f, f = h & 0x3ff;
  if (e == 0x1f) return sign | 0xffull << 23 | f << 13;
  if (e == 0) {
    if (f == 0 || fz16) return sign;
    int shift = 0;
    uint64_t m = f;
    while (!(m & 0x400)) m <<= 1, ++shift;
    return sign | static_cast<uint64_t>(127 - 15 + 1 - shift) << 23 | (m & 0x3ff) << 13;
  }
  return sign | (e + 127 - 15) << 23 | f << 13;
}

// The BF16 dot product's step: sum + (a.lo * b.lo + a.hi * b.hi), each operation rounded to odd
// (overflow to infinity), inputs and tiny results flushed, NaNs the default; FPCR is not used
// and FPSR not changed.
uint32_t bfdotadd(uint32_t sum, uint32_t a, uint32_t b) {
  Env env(1u << 25 | 1u << 24);  // DN, FZ
  env.forced_mode = fp::kROI;
  const uint64_t t1 = fp::mul(static_cast<uint64_t>(a << 16), static_cast<uint64_t>(b << 16), 4, env);
  const uint64_t t2 = fp::mul(a & 0xffff0000u, b & 0xffff0000u, 4, env);
  return static_cast<uint32_t>(fp::add(sum, fp::add(t1, t2, 4, env), 4, env));
}

// FMLALB FMLALT FMLSLB FMLSLT (size 10) and BFMLALB BFMLALT (size 11), vectors (bits 15:14 10)
// or indexed (01: index bits 20:19:11, Zm bits 18:16): Zda.S += Zn.H[2i+T] * Zm.H[2i+T] (or the
// indexed element of each 128-bit segment), bit 13 negating the product.
Outcome fmlal(uint32_t insn, Context& c) {
  const bool bf16 = bit(insn, 22), sub = bit(insn, 13), top = bit(insn, 10), indexed = !bit(insn, 15);
  if (bf16 && sub) return Context::undefined();
  const unsigned d = bits(insn, 4, 0);
  const unsigned mreg = indexed ? bits(insn, 18, 16) : bits(insn, 20, 16);
  const unsigned index = bits(insn, 20, 19) << 1 | bit(insn, 11);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* m = c.zr(mreg);
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  FpScope s(c);
  const bool fz16 = s.env.fz(2);
  for (unsigned i = 0; i < c.vl() / 4; ++i) {
    const uint64_t nh = uelem(n, 2 * i + top, 2) ^ (sub ? 0x8000 : 0);
    const uint64_t mh = indexed ? uelem(m, (i - i % 4) * 2 + index, 2) : uelem(m, 2 * i + top, 2);
    const uint64_t nn = bf16 ? nh << 16 : half_bits_to_single(nh, fz16);
    const uint64_t mm = bf16 ? mh << 16 : half_bits_to_single(mh, fz16);
    set_elem(out, i, 4, fp::muladd(uelem(out, i, 4), nn, mm, 4, s.env));
  }
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

// BFDOT (vectors, bits 15:10 100000; indexed, 010000 with index bits 20:19, Zm bits 18:16):
// Zda.S += the dot product of the pair of BF16 elements of Zn and of Zm (or the indexed pair of
// each 128-bit segment).
Outcome bfdot(uint32_t insn, Context& c) {
  const bool indexed = !bit(insn, 15);
  const unsigned d = bits(insn, 4, 0);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* m = c.zr(indexed ? bits(insn, 18, 16) : bits(insn, 20, 16));
  const unsigned index = bits(insn, 20, 19);
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  for (unsigned i = 0; i < c.vl() / 4; ++i) {
    const uint32_t mm = static_cast<uint32_t>(indexed ? uelem(m, i - i % 4 + index, 4) : uelem(m, i, 4));
    set_elem(out, i, 4, bfdotadd(static_cast<uint32_t>(uelem(out, i, 4)), static_cast<uint32_t>(uelem(n, i, 4)), mm));
  }
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

// BFMMLA: per 128-bit segment, the 2x2 single-precision Zda += (2x4 BF16 Zn) * (2x4 BF16 Zm)^T.
Outcome bfmmla(uint32_t insn, Context& c) {
  const unsigned d = bits(insn, 4, 0);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* m = c.zr(bits(insn, 20, 16));
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  for (unsigned seg = 0; seg < c.vl() / 4; seg += 4)
    for (unsigned i = 0; i < 2; ++i)
      for (unsigned j = 0; j < 2; ++j) {
        uint32_t sum = static_cast<uint32_t>(uelem(out, seg + 2 * i + j, 4));
        for (unsigned k = 0; k < 2; ++k)
          sum = bfdotadd(sum, static_cast<uint32_t>(uelem(n, seg + 2 * i + k, 4)),
                         static_cast<uint32_t>(uelem(m, seg + 2 * j + k, 4)));
        set_elem(out, seg + 2 * i + j, 4, sum);
      }
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

// FMMLA (size 10 single, 11 double): per segment of four elements (128 or 256 bits), the 2x2
// Zda += Zn * Zm^T, each sum of two products added to the accumulator, rounding each operation.
// Double needs a vector of at least 256 bits.
Outcome fmmla(uint32_t insn, Context& c) {
  const unsigned es = bit(insn, 22) ? 8 : 4;
  if (es == 8 && c.vl() < 32) return Context::undefined();
  const unsigned d = bits(insn, 4, 0);
  const uint8_t* n = c.zr(bits(insn, 9, 5));
  const uint8_t* m = c.zr(bits(insn, 20, 16));
  uint8_t out[kMaxVl];
  std::memcpy(out, c.zr(d), c.vl());
  FpScope s(c);
  for (unsigned seg = 0; seg + 4 <= c.vl() / es; seg += 4)
    for (unsigned i = 0; i < 2; ++i)
      for (unsigned j = 0; j < 2; ++j) {
        const uint64_t p0 = fp::mul(uelem(n, seg + 2 * i, es), uelem(m, seg + 2 * j, es), es, s.env);
        const uint64_t p1 = fp::mul(uelem(n, seg + 2 * i + 1, es), uelem(m, seg + 2 * j + 1, es), es, s.env);
        const uint64_t sum = fp::add(p0, p1, es, s.env);
        set_elem(out, seg + 2 * i + j, es, fp::add(uelem(out, seg + 2 * i + j, es), sum, es, s.env));
      }
  std::memcpy(c.zw(d), out, c.vl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xffa0d800, 0x64a08000, fmlal, "SVE2 floating-point multiply-add long"},
    {0xffa0d000, 0x64a04000, fmlal, "SVE2 floating-point multiply-add long (indexed)"},
    {0xffe0fc00, 0x64608000, bfdot, "SVE BFloat16 floating-point dot product"},
    {0xffe0fc00, 0x64604000, bfdot, "SVE BFloat16 floating-point dot product (indexed)"},
    {0xffe0fc00, 0x6460e400, bfmmla, "SVE BFloat16 floating-point matrix multiply-accumulate"},
    {0xffa0fc00, 0x64a0e400, fmmla, "SVE floating-point matrix multiply-accumulate"},
};

}  // namespace

void add_fp_widen_encodings(std::vector<Encoding>& out) { out.insert(out.end(), std::begin(kTable), std::end(kTable)); }

}  // namespace polyrun::cpu::sve
