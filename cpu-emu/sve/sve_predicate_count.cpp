// SVE's counts: CNTP; INCP, DECP (scalar, vector) and SQINCP, UQINCP, SQDECP, UQDECP (32- and
// 64-bit scalar, vector); CNTB/H/W/D; INC, DEC by pattern (scalar, vector) and SQINC, UQINC,
// SQDEC, UQDEC by pattern (32- and 64-bit scalar, vector).
#include <iterator>

#include "cpu-emu/sve/sve_predicate_util.h"

namespace polyrun::cpu::sve {

namespace {

// A general register plus delta: wrapping (saturate = false) or saturating as a signed or
// unsigned 32- or 64-bit integer; a 32-bit signed result is sign-extended to 64 bits, an
// unsigned one zero-extended.
uint64_t scalar_step(uint64_t x, int64_t delta, bool saturate, bool is_unsigned, bool is64) {
  if (!saturate) return x + static_cast<uint64_t>(delta);
  const uint64_t r = saturating_add(x, delta, is64 ? 64 : 32, is_unsigned);
  if (is64) return r;
  return is_unsigned ? r & 0xffffffffu : static_cast<uint64_t>(sext(r, 32));
}

// Each element of Zdn plus delta, wrapping or saturating; Zdn written whole.
void vector_step(Context& c, unsigned dn, unsigned esize, int64_t delta, bool saturate, bool is_unsigned) {
  uint8_t r[kMaxVl];
  const uint8_t* z = c.zr(dn);
  for (unsigned i = 0; i < c.vl() / esize; ++i) {
    const uint64_t x = uelem(z, i, esize);
    set_elem(r, i, esize,
             saturate ? saturating_add(x, delta, 8 * esize, is_unsigned) : x + static_cast<uint64_t>(delta));
  }
  std::memcpy(c.zw(dn), r, c.vl());
}

// CNTP Xd, Pg, Pn.T.
Outcome cntp(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22));
  c.machine().set_x(bits(insn, 4, 0), count_active(c.pr(bits(insn, 13, 10)), c.pr(bits(insn, 8, 5)), esize, c.vl()));
  return Context::done();
}

// The count of Pm's active elements (all of it: Pm governs itself), negated for a decrement
// (bit 16 = D).
int64_t pred_delta(uint32_t insn, Context& c, unsigned esize) {
  const uint8_t* p = c.pr(bits(insn, 8, 5));
  const int64_t count = count_active(p, p, esize, c.vl());
  return bit(insn, 16) ? -count : count;
}

// INCP, DECP Xdn, Pm.T.
Outcome incdecp_scalar(uint32_t insn, Context& c) {
  const unsigned dn = bits(insn, 4, 0);
  const int64_t delta = pred_delta(insn, c, esize_of(bits(insn, 23, 22)));
  c.machine().set_x(dn, c.machine().x(dn) + static_cast<uint64_t>(delta));
  return Context::done();
}

// INCP, DECP Zdn.T, Pm.T (no byte form).
Outcome incdecp_vector(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size == 0) return Context::undefined();
  vector_step(c, bits(insn, 4, 0), esize_of(size), pred_delta(insn, c, esize_of(size)), false, false);
  return Context::done();
}

// SQINCP, UQINCP, SQDECP, UQDECP Xdn, Pm.T{, Wdn} / Wdn / Xdn: bit 17 D, bit 16 U, bit 10 sf.
Outcome sat_incdecp_scalar(uint32_t insn, Context& c) {
  const unsigned dn = bits(insn, 4, 0), esize = esize_of(bits(insn, 23, 22));
  const uint8_t* p = c.pr(bits(insn, 8, 5));
  const int64_t count = count_active(p, p, esize, c.vl());
  const int64_t delta = bit(insn, 17) ? -count : count;
  c.machine().set_x(dn, scalar_step(c.machine().x(dn), delta, true, bit(insn, 16), bit(insn, 10)));
  return Context::done();
}

// SQINCP, UQINCP, SQDECP, UQDECP Zdn.T, Pm.T (no byte form).
Outcome sat_incdecp_vector(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size == 0) return Context::undefined();
  const unsigned esize = esize_of(size);
  const uint8_t* p = c.pr(bits(insn, 8, 5));
  const int64_t count = count_active(p, p, esize, c.vl());
  vector_step(c, bits(insn, 4, 0), esize, bit(insn, 17) ? -count : count, true, bit(insn, 16));
  return Context::done();
}

// The pattern's element count (bits 9:5) times imm4 + 1 (bits 19:16), for elements of the size
// in bits 23:22.
int64_t pattern_amount(uint32_t insn, Context& c, unsigned esize) {
  return static_cast<int64_t>(pattern_count(bits(insn, 9, 5), c.vl() / esize)) * (bits(insn, 19, 16) + 1);
}

// CNTB, CNTH, CNTW, CNTD Xd{, pattern{, MUL #imm}}.
Outcome cnt(uint32_t insn, Context& c) {
  c.machine().set_x(bits(insn, 4, 0), static_cast<uint64_t>(pattern_amount(insn, c, esize_of(bits(insn, 23, 22)))));
  return Context::done();
}

// INCB/H/W/D, DECB/H/W/D Xdn{, pattern{, MUL #imm}}: bit 10 D.
Outcome incdec_scalar(uint32_t insn, Context& c) {
  const unsigned dn = bits(insn, 4, 0);
  const int64_t amount = pattern_amount(insn, c, esize_of(bits(insn, 23, 22)));
  c.machine().set_x(dn, c.machine().x(dn) + static_cast<uint64_t>(bit(insn, 10) ? -amount : amount));
  return Context::done();
}

// SQINC*, UQINC*, SQDEC*, UQDEC* (scalar): bit 20 sf (64-bit), bit 11 D, bit 10 U.
Outcome sat_incdec_scalar(uint32_t insn, Context& c) {
  const unsigned dn = bits(insn, 4, 0);
  const int64_t amount = pattern_amount(insn, c, esize_of(bits(insn, 23, 22)));
  const int64_t delta = bit(insn, 11) ? -amount : amount;
  c.machine().set_x(dn, scalar_step(c.machine().x(dn), delta, true, bit(insn, 10), bit(insn, 20)));
  return Context::done();
}

// INCH/W/D, DECH/W/D Zdn.T{, pattern{, MUL #imm}} (no byte form): bit 10 D.
Outcome incdec_vector(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size == 0) return Context::undefined();
  const int64_t amount = pattern_amount(insn, c, esize_of(size));
  vector_step(c, bits(insn, 4, 0), esize_of(size), bit(insn, 10) ? -amount : amount, false, false);
  return Context::done();
}

// SQINCH/W/D, UQINCH/W/D, SQDECH/W/D, UQDECH/W/D (vector; no byte form): bit 11 D, bit 10 U.
Outcome sat_incdec_vector(uint32_t insn, Context& c) {
  const unsigned size = bits(insn, 23, 22);
  if (size == 0) return Context::undefined();
  const int64_t amount = pattern_amount(insn, c, esize_of(size));
  vector_step(c, bits(insn, 4, 0), esize_of(size), bit(insn, 11) ? -amount : amount, true, bit(insn, 10));
  return Context::done();
}

const Encoding kTable[] = {
    {0xff3fc200, 0x25208000, cntp, "CNTP"},
    {0xff3efe00, 0x252c8800, incdecp_scalar, "INCP, DECP (scalar)"},
    {0xff3efe00, 0x252c8000, incdecp_vector, "INCP, DECP (vector)"},
    {0xff3cfa00, 0x25288800, sat_incdecp_scalar, "SQINCP, UQINCP, SQDECP, UQDECP (scalar)"},
    {0xff3cfe00, 0x25288000, sat_incdecp_vector, "SQINCP, UQINCP, SQDECP, UQDECP (vector)"},
    {0xff30fc00, 0x0420e000, cnt, "CNTB, CNTH, CNTW, CNTD"},
    {0xff30f800, 0x0430e000, incdec_scalar, "INC, DEC by element count (scalar)"},
    {0xff20f000, 0x0420f000, sat_incdec_scalar, "SQINC, UQINC, SQDEC, UQDEC by element count (scalar)"},
    {0xff30f800, 0x0430c000, incdec_vector, "INC, DEC by element count (vector)"},
    {0xff30f000, 0x0420c000, sat_incdec_vector, "SQINC, UQINC, SQDEC, UQDEC by element count (vector)"},
};

}  // namespace

void add_predicate_count_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
}

}  // namespace polyrun::cpu::sve
