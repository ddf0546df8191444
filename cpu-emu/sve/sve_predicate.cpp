// SVE's predicate instructions: predicate logical operations, PTRUE, PFALSE, PTEST, PFIRST,
// PNEXT, PSEL, the partition breaks (BRKA, BRKB, BRKN, BRKPA, BRKPB and their flag-setting forms), and
// the first-fault register (SETFFR, WRFFR, RDFFR). Counts are sve_predicate_count.cpp; compares,
// WHILE*, CTERM* and MATCH are sve_predicate_compare.cpp.
#include <bit>
#include <iterator>

#include "cpu-emu/sve/sve_predicate_util.h"

namespace polyrun::cpu::sve {

namespace {

using PredBuf = uint8_t[kMaxVl / 8];

// AND, BIC, EOR, SEL, ORR, ORN, NOR, NAND (predicates) and their S forms:
// 00100101 op S 00 Pm 01 Pg o2 Pn o3 Pd. The result is zero where Pg is false (SEL: Pm there).
Outcome pred_logical(uint32_t insn, Context& c) {
  const unsigned m = bits(insn, 19, 16), g = bits(insn, 13, 10), n = bits(insn, 8, 5), d = bits(insn, 3, 0);
  const unsigned op = bit(insn, 23) << 2 | bit(insn, 9) << 1 | bit(insn, 4);
  const bool setflags = bit(insn, 22);
  if (setflags && op == 3) return Context::undefined();  // SEL has no flag-setting form
  PredBuf r;
  for (unsigned k = 0; k < c.pl(); ++k) {
    const uint8_t pn = c.pr(n)[k], pm = c.pr(m)[k], pg = c.pr(g)[k];
    uint8_t v = 0;
    switch (op) {
      case 0: v = pn & pm; break;                  // AND
      case 1: v = pn & ~pm; break;                 // BIC
      case 2: v = pn ^ pm; break;                  // EOR
      case 3: v = (pn & pg) | (pm & ~pg); break;   // SEL
      case 4: v = pn | pm; break;                  // ORR
      case 5: v = pn | ~pm; break;                 // ORN
      case 6: v = ~(pn | pm); break;               // NOR
      default: v = ~(pn & pm); break;              // NAND
    }
    r[k] = op == 3 ? v : static_cast<uint8_t>(v & pg);
  }
  if (setflags) c.machine().set_nzcv(pred_test(c.pr(g), r, 1, c.vl()));
  std::memcpy(c.pw(d), r, c.pl());
  return Context::done();
}

// PTEST Pg, Pn.B: flags of Pn under Pg.
Outcome ptest(uint32_t insn, Context& c) {
  c.machine().set_nzcv(pred_test(c.pr(bits(insn, 13, 10)), c.pr(bits(insn, 8, 5)), 1, c.vl()));
  return Context::done();
}

// PTRUE, PTRUES Pd.T{, pattern}: the pattern's first elements true; PTRUES sets the flags by
// the result under itself.
Outcome ptrue(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22));
  const unsigned count = pattern_count(bits(insn, 9, 5), c.vl() / esize);
  PredBuf r;
  set_active_run(r, c.pl(), esize, 0, count);
  if (bit(insn, 16)) c.machine().set_nzcv(pred_test(r, r, esize, c.vl()));
  std::memcpy(c.pw(bits(insn, 3, 0)), r, c.pl());
  return Context::done();
}

// PFALSE Pd.B.
Outcome pfalse(uint32_t insn, Context& c) {
  std::memset(c.pw(bits(insn, 3, 0)), 0, c.pl());
  return Context::done();
}

// PFIRST Pdn.B, Pg, Pdn.B: Pdn with the first element active in Pg set; flags of the result
// under Pg.
Outcome pfirst(uint32_t insn, Context& c) {
  const unsigned g = bits(insn, 8, 5), dn = bits(insn, 3, 0);
  PredBuf r;
  std::memcpy(r, c.pr(dn), c.pl());
  for (unsigned i = 0; i < c.vl(); ++i)
    if (active(c.pr(g), i, 1)) {
      set_pbit(r, i, true);
      break;
    }
  c.machine().set_nzcv(pred_test(c.pr(g), r, 1, c.vl()));
  std::memcpy(c.pw(dn), r, c.pl());
  return Context::done();
}

// PNEXT Pdn.T, Pv, Pdn.T: only the first element active in Pv after Pdn's last active element
// is true; flags of the result under Pv.
Outcome pnext(uint32_t insn, Context& c) {
  const unsigned esize = esize_of(bits(insn, 23, 22)), v = bits(insn, 8, 5), dn = bits(insn, 3, 0);
  const unsigned n = c.vl() / esize;
  unsigned next = 0;
  for (unsigned i = n; i-- > 0;)
    if (active(c.pr(dn), i, esize)) {
      next = i + 1;
      break;
    }
  while (next < n && !active(c.pr(v), next, esize)) ++next;
  PredBuf r = {};
  if (next < n) set_pelem(r, next, esize, true);
  c.machine().set_nzcv(pred_test(c.pr(v), r, esize, c.vl()));
  std::memcpy(c.pw(dn), r, c.pl());
  return Context::done();
}

// BRKA, BRKB (zeroing or merging) and BRKAS, BRKBS: 00100101 B S 01000001 Pg 0 Pn M Pd. Active
// elements are true up to the first true element of Pn (BRKA: including it, BRKB: before it).
Outcome brk(uint32_t insn, Context& c) {
  const bool before = bit(insn, 23), setflags = bit(insn, 22), merging = bit(insn, 4);
  if (setflags && merging) return Context::undefined();
  const unsigned g = bits(insn, 13, 10), n = bits(insn, 8, 5), d = bits(insn, 3, 0);
  PredBuf r;
  bool broken = false;
  for (unsigned i = 0; i < c.vl(); ++i) {
    bool v;
    if (active(c.pr(g), i, 1)) {
      const bool element = active(c.pr(n), i, 1);
      if (before) broken = broken || element;
      v = !broken;
      if (!before) broken = broken || element;
    } else {
      v = merging && active(c.pr(d), i, 1);
    }
    set_pbit(r, i, v);
  }
  if (setflags) c.machine().set_nzcv(pred_test(c.pr(g), r, 1, c.vl()));
  std::memcpy(c.pw(d), r, c.pl());
  return Context::done();
}

// BRKN, BRKNS Pdm.B, Pg/Z, Pn.B, Pdm.B: Pdm is kept if Pn's last element active in Pg is true,
// else zeroed; BRKNS sets the flags of the result under all ones.
Outcome brkn(uint32_t insn, Context& c) {
  const unsigned g = bits(insn, 13, 10), n = bits(insn, 8, 5), dm = bits(insn, 3, 0);
  bool last = false;
  for (unsigned i = c.vl(); i-- > 0;)
    if (active(c.pr(g), i, 1)) {
      last = active(c.pr(n), i, 1);
      break;
    }
  PredBuf r = {};
  if (last) std::memcpy(r, c.pr(dm), c.pl());
  if (bit(insn, 22)) {
    PredBuf ones;
    std::memset(ones, 0xff, c.pl());
    c.machine().set_nzcv(pred_test(ones, r, 1, c.vl()));
  }
  std::memcpy(c.pw(dm), r, c.pl());
  return Context::done();
}

// BRKPA, BRKPB and their S forms: 00100101 0 S 00 Pm 11 Pg 0 Pn B Pd. If Pn's last element
// active in Pg is true, active elements are true up to Pm's first true active element (BRKPA:
// including it, BRKPB: before it); otherwise all false.
Outcome brkp(uint32_t insn, Context& c) {
  const unsigned m = bits(insn, 19, 16), g = bits(insn, 13, 10), n = bits(insn, 8, 5), d = bits(insn, 3, 0);
  const bool before = bit(insn, 4);
  bool last = false;
  for (unsigned i = c.vl(); i-- > 0;)
    if (active(c.pr(g), i, 1)) {
      last = active(c.pr(n), i, 1);
      break;
    }
  PredBuf r = {};
  for (unsigned i = 0; i < c.vl(); ++i) {
    if (!active(c.pr(g), i, 1)) continue;
    const bool element = active(c.pr(m), i, 1);
    if (before) last = last && !element;
    set_pbit(r, i, last);
    if (!before) last = last && !element;
  }
  if (bit(insn, 22)) c.machine().set_nzcv(pred_test(c.pr(g), r, 1, c.vl()));
  std::memcpy(c.pw(d), r, c.pl());
  return Context::done();
}

// PSEL Pd, Pn, Pm.T[Wv, #imm]: Pd = Pn if element (Wv + imm) mod elements of Pm is active, else
// all false. 00100101 i1 tszh 1 i2:tszl(20:18) Rv 01 Pn 0 Pm 0 Pd: the lowest set bit of
// tszh:tszl (bits 22, 20, 19, 18) gives the size, the bits of i1:tszh:tszl above it the index.
Outcome psel(uint32_t insn, Context& c) {
  const unsigned low = bit(insn, 22) << 3 | bits(insn, 20, 18);
  if (low == 0) return Context::undefined();
  const unsigned size = static_cast<unsigned>(std::countr_zero(low)), esize = esize_of(size);
  const unsigned imm = (bit(insn, 23) << 4 | low) >> (size + 1);
  const uint32_t w = static_cast<uint32_t>(c.machine().x(12 + bits(insn, 17, 16)));
  const unsigned index = static_cast<unsigned>((static_cast<uint64_t>(w) + imm) % (c.vl() / esize));
  PredBuf r = {};
  if (active(c.pr(bits(insn, 8, 5)), index, esize)) std::memcpy(r, c.pr(bits(insn, 13, 10)), c.pl());
  std::memcpy(c.pw(bits(insn, 3, 0)), r, c.pl());
  return Context::done();
}

Outcome setffr(uint32_t, Context& c) {
  std::memset(c.ffr_w(), 0xff, c.pl());
  return Context::done();
}

// WRFFR Pn.B.
Outcome wrffr(uint32_t insn, Context& c) {
  std::memcpy(c.ffr_w(), c.pr(bits(insn, 8, 5)), c.pl());
  return Context::done();
}

// RDFFR Pd.B (unpredicated).
Outcome rdffr(uint32_t insn, Context& c) {
  std::memcpy(c.pw(bits(insn, 3, 0)), c.ffr(), c.pl());
  return Context::done();
}

// RDFFR Pd.B, Pg/Z and RDFFRS (flags set by the result under Pg).
Outcome rdffr_p(uint32_t insn, Context& c) {
  const unsigned g = bits(insn, 8, 5), d = bits(insn, 3, 0);
  PredBuf r;
  for (unsigned k = 0; k < c.pl(); ++k) r[k] = c.ffr()[k] & c.pr(g)[k];
  if (bit(insn, 22)) c.machine().set_nzcv(pred_test(c.pr(g), r, 1, c.vl()));
  std::memcpy(c.pw(d), r, c.pl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xff30c000, 0x25004000, pred_logical, "SVE predicate logical operations"},
    {0xffffc21f, 0x2550c000, ptest, "PTEST"},
    {0xff3efc10, 0x2518e000, ptrue, "PTRUE, PTRUES"},
    {0xfffffff0, 0x2518e400, pfalse, "PFALSE"},
    {0xfffffe10, 0x2558c000, pfirst, "PFIRST"},
    {0xff3ffe10, 0x2519c400, pnext, "PNEXT"},
    {0xff3fc200, 0x25104000, brk, "BRKA, BRKAS, BRKB, BRKBS"},
    {0xffbfc210, 0x25184000, brkn, "BRKN, BRKNS"},
    {0xffb0c200, 0x2500c000, brkp, "BRKPA, BRKPAS, BRKPB, BRKPBS"},
    {0xff20c210, 0x25204000, psel, "PSEL"},
    {0xffffffff, 0x252c9000, setffr, "SETFFR"},
    {0xfffffe1f, 0x25289000, wrffr, "WRFFR"},
    {0xfffffff0, 0x2519f000, rdffr, "RDFFR (unpredicated)"},
    {0xffbffe10, 0x2518f000, rdffr_p, "RDFFR, RDFFRS (predicated)"},
};

}  // namespace

void add_predicate_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
  add_predicate_count_encodings(out);
  add_predicate_compare_encodings(out);
}

}  // namespace polyrun::cpu::sve
