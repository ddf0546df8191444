// SVE's predicated permutes and element moves: CPY (scalar, SIMD&FP scalar, immediate), FCPY,
// SEL (vectors), COMPACT, LASTA/LASTB, CLASTA/CLASTB, REVB/REVH/REVW/REVD, RBIT, SPLICE, and
// MOVPRFX (predicated and unpredicated).
#include <bit>
#include <iterator>

#include "cpu-emu/sve/sve_permute.h"

namespace polyrun::cpu::sve {

namespace {

// The index of the last active element of n under p, or -1.
int last_active(const uint8_t* p, unsigned n, unsigned esize) {
  for (unsigned i = n; i-- > 0;)
    if (active(p, i, esize)) return static_cast<int>(i);
  return -1;
}

// Zd's elements: f(i) where active under pg, else Zd's own element (merging) or zero.
template <typename F>
void predicated_fill(Context& c, unsigned d, const uint8_t* pg, unsigned esize, bool merging, F f) {
  const uint8_t* old = c.zr(d);
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / esize; ++i)
    set_elem(r, i, esize, active(pg, i, esize) ? f(i) : merging ? uelem(old, i, esize) : 0);
  std::memcpy(c.zw(d), r, c.vl());
}

// CPY Zd.T, Pg/M, Rn|SP (bits 15:13 101; register 31 is SP) and CPY Zd.T, Pg/M, Vn (100).
Outcome cpy_scalar(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), n = bits(insn, 9, 5);
  const uint64_t v = !bit(insn, 13) ? fp_scalar(c, n, esize) : n == 31 ? c.machine().sp() : c.machine().x(n);
  predicated_fill(c, bits(insn, 4, 0), c.pr(bits(insn, 12, 10)), esize, true, [&](unsigned) { return v; });
  return Context::done();
}

// CPY Zd.T, Pg/Z|M, #imm8{, LSL #8}: the signed imm8 (12:5), shifted by 8 where bit 13 is set
// (unallocated for bytes); bit 14 merging, else zeroing. Pg is 19:16.
Outcome cpy_immediate(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  const bool shifted = bit(insn, 13);
  if (size == 0 && shifted) return Context::undefined();
  const uint64_t v = static_cast<uint64_t>(sext(bits(insn, 12, 5), 8) * (shifted ? 256 : 1));
  predicated_fill(c, bits(insn, 4, 0), c.pr(bits(insn, 19, 16)), esize_of(size), bit(insn, 14),
                  [&](unsigned) { return v; });
  return Context::done();
}

// The architecture's VFPExpandImm: imm8 as a floating-point number of esize bytes (2, 4, 8):
// sign imm8<7>, exponent NOT(imm8<6>):Replicate(imm8<6>):imm8<5:4>, fraction imm8<3:0>:Zeros.
uint64_t fp_expand_imm(unsigned imm8, unsigned esize) {
  const unsigned e = esize == 2 ? 5 : esize == 4 ? 8 : 11, f = 8 * esize - e - 1;
  const uint64_t b6 = imm8 >> 6 & 1;
  const uint64_t exp = (b6 ^ 1) << (e - 1) | (b6 ? (1ull << (e - 3)) - 1 : 0) << 2 | (imm8 >> 4 & 3);
  return static_cast<uint64_t>(imm8 >> 7) << (8 * esize - 1) | exp << f | static_cast<uint64_t>(imm8 & 15) << (f - 4);
}

// FCPY Zd.T, Pg/M, #const: the FP immediate imm8 (12:5) to the active elements; size 0 is
// unallocated.
Outcome fcpy(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size == 0) return Context::undefined();
  const unsigned esize = esize_of(size);
  const uint64_t v = fp_expand_imm(bits(insn, 12, 5), esize);
  predicated_fill(c, bits(insn, 4, 0), c.pr(bits(insn, 19, 16)), esize, true, [&](unsigned) { return v; });
  return Context::done();
}

// SEL Zd.T, Pg, Zn.T, Zm.T: Zn's element where active under Pg (13:10), else Zm's.
Outcome sel(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22));
  const uint8_t* pg = c.pr(bits(insn, 13, 10));
  const uint8_t* zn = c.zr(bits(insn, 9, 5));
  const uint8_t* zm = c.zr(bits(insn, 20, 16));
  uint8_t r[kMaxVl];
  for (unsigned i = 0; i < c.vl() / esize; ++i) set_elem(r, i, esize, uelem(active(pg, i, esize) ? zn : zm, i, esize));
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// COMPACT Zd.T, Pg, Zn.T: the active elements, packed from element 0, the rest zero; only words
// and doublewords are allocated.
Outcome compact(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size < 2) return Context::undefined();
  const unsigned esize = esize_of(size);
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  const uint8_t* zn = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl] = {};
  unsigned x = 0;
  for (unsigned i = 0; i < c.vl() / esize; ++i)
    if (active(pg, i, esize)) set_elem(r, x++, esize, uelem(zn, i, esize));
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

// The element LASTA/CLASTA (after: the one after the last active, wrapping to 0) or LASTB/CLASTB
// (the last active) select; -1 where no element is active.
int selected_element(const uint8_t* pg, unsigned n, unsigned esize, bool after) {
  const int last = last_active(pg, n, esize);
  if (last < 0) return -1;
  return after ? (last + 1) % static_cast<int>(n) : last;
}

// Where the instructions of the LAST*/CLAST* family put their result: bits 21:17 and 13 name the
// class, bit 16 chooses A (clear) or B.
enum class LastForm { ToGeneral, ToFp, Broadcast };

// LASTA/LASTB Rd|Vd, Pg, Zn.T: with no active element LASTA gives element 0, LASTB the last.
// The general register gets the element zero-extended to 64 bits; V d's rest becomes zero.
Outcome last(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), n = c.vl() / esize, d = bits(insn, 4, 0);
  const bool after = !bit(insn, 16);
  int e = selected_element(c.pr(bits(insn, 12, 10)), n, esize, after);
  if (e < 0) e = after ? 0 : static_cast<int>(n - 1);
  const uint64_t v = uelem(c.zr(bits(insn, 9, 5)), static_cast<unsigned>(e), esize);
  if (bit(insn, 13))
    c.machine().set_x(d, v);
  else
    set_fp_scalar(c, d, esize, v);
  return Context::done();
}

// CLASTA/CLASTB to Rdn (bits 21:17 11000, 15:13 101), Vdn (10101, 100) or every element of Zdn
// (10100, 100), from Zm (9:5): with no active element the scalar forms keep Rdn|Vdn's low esize
// bits (zero-extended) and the vector form leaves Zdn unchanged.
Outcome clast(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), n = c.vl() / esize, d = bits(insn, 4, 0);
  const LastForm form = bit(insn, 13) ? LastForm::ToGeneral : bit(insn, 17) ? LastForm::ToFp : LastForm::Broadcast;
  const int e = selected_element(c.pr(bits(insn, 12, 10)), n, esize, !bit(insn, 16));
  if (form == LastForm::Broadcast) {
    if (e < 0) return Context::done();
    const uint64_t v = uelem(c.zr(bits(insn, 9, 5)), static_cast<unsigned>(e), esize);
    uint8_t r[kMaxVl];
    for (unsigned i = 0; i < n; ++i) set_elem(r, i, esize, v);
    std::memcpy(c.zw(d), r, c.vl());
    return Context::done();
  }
  uint64_t v;
  if (e >= 0)
    v = uelem(c.zr(bits(insn, 9, 5)), static_cast<unsigned>(e), esize);
  else
    v = (form == LastForm::ToGeneral ? c.machine().x(d) : fp_scalar(c, d, esize)) & emask(esize);
  if (form == LastForm::ToGeneral)
    c.machine().set_x(d, v);
  else
    set_fp_scalar(c, d, esize, v);
  return Context::done();
}

// Reverses the order of the chunk-byte pieces of an esize-byte element (chunk 0: its bits).
uint64_t reverse_within(uint64_t v, unsigned esize, unsigned chunk) {
  uint64_t r = 0;
  if (chunk == 0) {
    for (unsigned k = 0; k < 8 * esize; ++k) r |= (v >> k & 1) << (8 * esize - 1 - k);
    return r;
  }
  const unsigned pieces = esize / chunk;
  for (unsigned k = 0; k < pieces; ++k) r |= (v >> (8 * chunk * k) & emask(chunk)) << (8 * chunk * (pieces - 1 - k));
  return r;
}

// REVB/REVH/REVW Zd.T, Pg/M, Zn.T (opc 17:16 = 0, 1, 2: bytes, halfwords, words reversed within
// each active element, allocated for elements larger than the piece) and RBIT (opc 3, any size).
Outcome rev_within(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22), opc = bits(insn, 17, 16);
  if (opc != 3 && size <= opc) return Context::undefined();
  const unsigned esize = esize_of(size), chunk = opc == 3 ? 0 : 1u << opc;
  const uint8_t* zn = c.zr(bits(insn, 9, 5));
  predicated_fill(c, bits(insn, 4, 0), c.pr(bits(insn, 12, 10)), esize, true,
                  [&](unsigned i) { return reverse_within(uelem(zn, i, esize), esize, chunk); });
  return Context::done();
}

// REVD Zd.Q, Pg/M, Zn.Q: the two doublewords of each active quadword swapped (a quadword is
// active where its first byte's predicate bit is set).
Outcome revd(uint32_t insn, Context& c) {
  const unsigned d = bits(insn, 4, 0);
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  const uint8_t* zn = c.zr(bits(insn, 9, 5));
  uint8_t r[kMaxVl];
  std::memcpy(r, c.zr(d), c.vl());
  for (unsigned q = 0; q < c.vl() / 16; ++q)
    if (active(pg, q, 16)) {
      std::memcpy(r + 16 * q, zn + 16 * q + 8, 8);
      std::memcpy(r + 16 * q + 8, zn + 16 * q, 8);
    }
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// SPLICE Zdn.T, Pg, Zdn.T, Zm.T (bit 16 clear) and SVE2's SPLICE Zd.T, Pg, {Zn.T, Zn+1.T}: the
// first operand's elements from its first to its last active one, then the second operand's
// from element 0 to fill the vector (all of the second where none is active).
Outcome splice(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), n = c.vl() / esize, d = bits(insn, 4, 0);
  const unsigned s = bits(insn, 9, 5);
  const bool constructive = bit(insn, 16);
  const uint8_t* pg = c.pr(bits(insn, 12, 10));
  const uint8_t* op1 = c.zr(constructive ? s : d);
  const uint8_t* op2 = c.zr(constructive ? (s + 1) % 32 : s);
  uint8_t r[kMaxVl];
  unsigned x = 0;
  const int lastnum = last_active(pg, n, esize);
  if (lastnum >= 0) {
    unsigned first = 0;
    while (!active(pg, first, esize)) ++first;
    for (unsigned i = first; i <= static_cast<unsigned>(lastnum); ++i) set_elem(r, x++, esize, uelem(op1, i, esize));
  }
  for (unsigned i = 0; x < n; ++i) set_elem(r, x++, esize, uelem(op2, i, esize));
  std::memcpy(c.zw(d), r, c.vl());
  return Context::done();
}

// MOVPRFX Zd.T, Pg/Z|M, Zn.T (bit 16 merging): executed on its own, a predicated copy.
Outcome movprfx_predicated(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22));
  const uint8_t* zn = c.zr(bits(insn, 9, 5));
  predicated_fill(c, bits(insn, 4, 0), c.pr(bits(insn, 12, 10)), esize, bit(insn, 16),
                  [&](unsigned i) { return uelem(zn, i, esize); });
  return Context::done();
}

// MOVPRFX Zd, Zn: executed on its own, a copy of the vector.
Outcome movprfx(uint32_t insn, Context& c) {
  uint8_t r[kMaxVl];
  std::memcpy(r, c.zr(bits(insn, 9, 5)), c.vl());
  std::memcpy(c.zw(bits(insn, 4, 0)), r, c.vl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xff3fe000, 0x05208000, cpy_scalar, "CPY (SIMD&FP scalar)"},
    {0xff3fe000, 0x0528a000, cpy_scalar, "CPY (scalar)"},
    {0xff308000, 0x05100000, cpy_immediate, "CPY (immediate)"},
    {0xff30e000, 0x0510c000, fcpy, "FCPY"},
    {0xff20c000, 0x0520c000, sel, "SEL (vectors)"},
    {0xff3fe000, 0x05218000, compact, "COMPACT"},
    {0xff3ee000, 0x0520a000, last, "LASTA, LASTB (scalar)"},
    {0xff3ee000, 0x05228000, last, "LASTA, LASTB (SIMD&FP scalar)"},
    {0xff3ee000, 0x05288000, clast, "CLASTA, CLASTB (vectors)"},
    {0xff3ee000, 0x052a8000, clast, "CLASTA, CLASTB (SIMD&FP scalar)"},
    {0xff3ee000, 0x0530a000, clast, "CLASTA, CLASTB (scalar)"},
    {0xff3ce000, 0x05248000, rev_within, "REVB, REVH, REVW, RBIT"},
    {0xffffe000, 0x052e8000, revd, "REVD"},
    {0xff3fe000, 0x052c8000, splice, "SPLICE (destructive)"},
    {0xff3fe000, 0x052d8000, splice, "SPLICE (constructive)"},
    {0xff3ee000, 0x04102000, movprfx_predicated, "MOVPRFX (predicated)"},
    {0xfffffc00, 0x0420bc00, movprfx, "MOVPRFX (unpredicated)"},
};

}  // namespace

void add_permute_predicated_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
