// SVE2's predicated integer instructions: saturating and rounding shifts by vector, halving
// add/subtract, saturating add/subtract (their reversed forms too), pairwise arithmetic,
// SADALP/UADALP, and the unary SQABS, SQNEG, URECPE, URSQRTE. Inactive elements keep the
// destination's value (merging).
#include <iterator>

#include "cpu-emu/sve/sve2_common.h"

namespace polyrun::cpu::sve {

namespace {

// x shifted by s (left for s >= 0, right otherwise; rounding right shifts add half the last bit
// shifted out), of infinite precision; `big` says a left shift of a nonzero x by the element
// width or more, which the caller saturates.
i128 shift_by(i128 x, int s, bool round, unsigned eb, bool& big) {
  big = false;
  if (s >= 0) {
    if (x == 0) return 0;
    if (s >= static_cast<int>(eb)) {
      big = true;
      return 0;
    }
    return x * (static_cast<i128>(1) << s);
  }
  const int r = -s > 100 ? 100 : -s;
  if (round) x += static_cast<i128>(1) << (r - 1);
  return x >> r;
}

// SVE2 predicated binary operations on Zdn and Zm (bits 20:16 the operation; R forms swap the
// operands):
//   0 0 R 1 U  SRSHL, URSHL (rounding shift by the second operand's signed element)
//   0 1 R r U  SQSHL, UQSHL, SQRSHL, UQRSHL (saturating, r rounding)
//   1 0 x y U  SHADD, SHSUB, SRHADD, SHSUBR and the unsigned (halving add/subtract)
//   1 1 x y U  SQADD, SQSUB, SUQADD/USQADD, SQSUBR and the unsigned (saturating add/subtract)
Outcome pred_binary(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 20, 16), grp = op >> 3, sel = op >> 1 & 3;
  if (grp == 0 && !(op & 2)) return Context::undefined();
  const unsigned es = esize_of(bits(insn, 23, 22)), eb = 8 * es, d = bits(insn, 4, 0);
  const bool u = op & 1;
  const uint8_t *pg = c.pr(bits(insn, 12, 10)), *n = c.zr(d), *m = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl];
  std::memcpy(r, n, c.vl());
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    if (!active(pg, i, es)) continue;
    uint64_t v = 0;
    if (grp < 2) {
      const bool rev = sel >> 1, round = grp == 0 || (sel & 1);
      const uint8_t *x = rev ? m : n, *y = rev ? n : m;
      bool big;
      const int64_t by = selem(y, i, es);  // the whole signed element (ShiftSat), not its low byte
      const i128 s = shift_by(ielem(x, i, es, !u), static_cast<int>(by < -100 ? -100 : by > 100 ? 100 : by), round,
                              eb, big);
      if (grp == 0)
        v = static_cast<uint64_t>(s);
      else if (big)  // a nonzero element shifted out entirely: saturated by its sign
        v = u ? emask(es) : static_cast<uint64_t>(selem(x, i, es) < 0 ? sext(1ull << (eb - 1), eb) : emask(es) >> 1);
      else
        v = u ? usat(s, eb) : static_cast<uint64_t>(ssat(s, eb));
    } else if (grp == 2) {
      const i128 a = ielem(n, i, es, !u), b = ielem(m, i, es, !u);
      const i128 s = sel == 0 ? a + b : sel == 1 ? a - b : sel == 2 ? a + b + 1 : b - a;
      v = static_cast<uint64_t>(s >> 1);
    } else {
      i128 s;
      if (sel == 2) {
        // SUQADD: signed Zdn plus unsigned Zm; USQADD: unsigned Zdn plus signed Zm.
        s = ielem(n, i, es, !u) + ielem(m, i, es, u);
      } else {
        const i128 a = ielem(n, i, es, !u), b = ielem(m, i, es, !u);
        s = sel == 0 ? a + b : sel == 1 ? a - b : b - a;
      }
      v = u ? usat(s, eb) : static_cast<uint64_t>(ssat(s, eb));
    }
    set_elem(r, i, es, v);
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// UnsignedRecipEstimate and UnsignedRSqrtEstimate of a 32-bit element.
uint32_t urecpe(uint32_t x) {
  if (!(x >> 31)) return 0xffffffffu;
  const unsigned a = (x >> 23) * 2 + 1;
  const unsigned b = (1u << 19) / a;
  return ((b + 1) / 2) << 23;
}
uint32_t ursqrte(uint32_t x) {
  if (!(x >> 30)) return 0xffffffffu;
  uint64_t a = x >> 23;
  if (a < 256)
    a = a * 2 + 1;
  else
    a = ((a >> 1) << 1) * 2 + 2;
  uint64_t b = 512;
  while (a * (b + 1) * (b + 1) < (1ull << 28)) ++b;
  return static_cast<uint32_t>((b + 1) / 2) << 23;
}

// SVE2 predicated unary and pairwise operations (bits 20:16):
//   00000 URECPE, 00001 URSQRTE (.S only), 00100 SADALP, 00101 UADALP, 01000 SQABS, 01001 SQNEG,
//   10001 ADDP, 10100 SMAXP, 10101 UMAXP, 10110 SMINP, 10111 UMINP.
Outcome pred_misc(uint32_t insn, Context& c) {
  const unsigned op = bits(insn, 20, 16), size = bits(insn, 23, 22), es = esize_of(size), eb = 8 * es;
  const unsigned d = bits(insn, 4, 0);
  const uint8_t *pg = c.pr(bits(insn, 12, 10)), *n = c.zr(bits(insn, 9, 5)), *old = c.zr(d);
  // The allocated operations (a bit each), URECPE and URSQRTE .S only, SADALP/UADALP not .B.
  const bool ok = op < 2 ? size == 2 : op == 4 || op == 5 ? size != 0 : (0x00f20300u >> op & 1);
  if (!ok) return Context::undefined();
  uint8_t r[kMaxVl];
  std::memcpy(r, old, c.vl());
  for (unsigned i = 0; i < c.vl() / es; ++i) {
    if (!active(pg, i, es)) continue;
    uint64_t v;
    if (op < 2) {
      const auto x = static_cast<uint32_t>(uelem(n, i, 4));
      v = op ? ursqrte(x) : urecpe(x);
    } else if (op < 8) {
      // SADALP/UADALP: Zda += the sum of the pair of half-width elements of Zn.
      const bool s = op == 4;
      v = uelem(old, i, es) + static_cast<uint64_t>(ielem(n, 2 * i, es / 2, s) + ielem(n, 2 * i + 1, es / 2, s));
    } else if (op < 16) {
      const i128 x = selem(n, i, es);
      v = static_cast<uint64_t>(ssat(op == 9 || x < 0 ? -x : x, eb));
    } else {
      // Pairwise: even elements from the pair in Zdn, odd elements from the pair in Zm.
      const uint8_t* src = i % 2 ? n : old;
      const unsigned j = i & ~1u;
      const bool s = !(op & 1);
      const i128 a = ielem(src, j, es, s), b = ielem(src, j + 1, es, s);
      v = static_cast<uint64_t>(op == 17 ? a + b : (op & 2) ? (a < b ? a : b) : (a > b ? a : b));
    }
    set_elem(r, i, es, v);
  }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xff20e000, 0x44008000, pred_binary, "SVE2 predicated shifts by vector, halving, saturating add/subtract"},
    {0xff20e000, 0x4400a000, pred_misc, "SVE2 integer pairwise, add and accumulate long pairwise, unary"},
};

}  // namespace

void add_sve2_pred_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
