// SVE's predicate instructions: predicate logical operations, PTRUE, PFALSE, PTEST, PFIRST,
// PNEXT, BRK*, the counts (CNTP, INCP/DECP and their saturating forms, CNT*/INC*/DEC* by
// pattern), WHILE*, and the first-fault register (SETFFR, WRFFR, RDFFR).
#include <iterator>

#include "cpu-emu/sve/sve_elements.h"

namespace polyrun::cpu::sve {

namespace {

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
  uint8_t r[kMaxVl / 8];
  for (unsigned k = 0; k < c.pl(); ++k) r[k] = c.ffr()[k] & c.pr(g)[k];
  if (bit(insn, 22)) c.machine().set_nzcv(pred_test(c.pr(g), r, 1, c.vl()));
  std::memcpy(c.pw(d), r, c.pl());
  return Context::done();
}

const Encoding kTable[] = {
    {0xffffffff, 0x252c9000, setffr, "SETFFR"},
    {0xfffffe1f, 0x25289000, wrffr, "WRFFR"},
    {0xfffffff0, 0x2519f000, rdffr, "RDFFR (unpredicated)"},
    {0xffbffe10, 0x2518f000, rdffr_p, "RDFFR, RDFFRS (predicated)"},
};

}  // namespace

void add_predicate_encodings(std::vector<Encoding>& out) { out.insert(out.end(), std::begin(kTable), std::end(kTable)); }

}  // namespace polyrun::cpu::sve
