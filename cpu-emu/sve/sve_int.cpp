// SVE's integer instructions: the stack-frame instructions (ADDVL, ADDPL, RDVL) here, and the
// group's table made of its files' (sve_int.h): arithmetic, reductions and wide immediates
// (sve_int_arith.cpp), unary operations (sve_int_unary.cpp), logical operations
// (sve_int_logical.cpp), shifts (sve_int_shift.cpp), dot products and SVE2's products
// (sve_int_mul.cpp).
#include "cpu-emu/sve/sve_int.h"

#include <iterator>

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

void add_int_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
  add_int_arith_encodings(out);
  add_int_unary_encodings(out);
  add_int_logical_encodings(out);
  add_int_shift_encodings(out);
  add_int_mul_encodings(out);
}

}  // namespace polyrun::cpu::sve
