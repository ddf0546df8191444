// SVE's loads and stores: the whole-register LDR and STR here, and the memory group's table,
// made of those of sve_memory_contiguous.cpp (contiguous, structure, replicating, first-fault
// and non-fault loads; contiguous and structure stores) and sve_memory_gather.cpp (gathers,
// scatters, prefetches).
//
// A load writes its destination only once every element is read; a fault of an active element
// (for a first-fault load: of the first one) is the instruction's memory fault.
#include <algorithm>
#include <iterator>

#include "cpu-emu/sve/sve_memory_access.h"

namespace polyrun::cpu::sve {

namespace {

// The base and immediate offset of LDR/STR (vector, predicate): Xn|SP + imm9 * size.
uint64_t whole_register_address(uint32_t insn, Context& c, unsigned size) {
  const unsigned n = bits(insn, 9, 5);
  const int64_t imm = sext(bits(insn, 21, 16) << 3 | bits(insn, 12, 10), 9);
  return (n == 31 ? c.machine().sp() : c.machine().x(n)) + static_cast<uint64_t>(imm * size);
}

// LDR Zt, [Xn|SP{, #imm, MUL VL}] and LDR Pt, [...]. qemu-user, the reference, accesses the
// register's bytes directly on the host, in order: the fault address is the first byte that
// faults, or none (0) where the address is not canonical there.
Outcome ldr(uint32_t insn, Context& c) {
  const bool vector = bit(insn, 14);
  const unsigned size = vector ? c.vl() : c.pl();
  const uint64_t addr = whole_register_address(insn, c, size);
  uint8_t buf[kMaxVl];
  uint64_t fault = 0;
  for (unsigned k = 0; k < size; k += 16)
    if (!mem::read(c, addr + k, buf + k, std::min(16u, size - k), fault))
      return Context::fault(mem::host_fault_address(fault), false);
  std::memcpy(vector ? c.zw(bits(insn, 4, 0)) : c.pw(bits(insn, 3, 0)), buf, size);
  return Context::done();
}

// STR Zt, [Xn|SP{, #imm, MUL VL}] and STR Pt, [...]: the bytes before a fault are written, as
// qemu-user writes them.
Outcome str(uint32_t insn, Context& c) {
  const bool vector = bit(insn, 14);
  const unsigned size = vector ? c.vl() : c.pl();
  const uint64_t addr = whole_register_address(insn, c, size);
  const uint8_t* src = vector ? c.zr(bits(insn, 4, 0)) : c.pr(bits(insn, 3, 0));
  uint64_t fault = 0;
  for (unsigned k = 0; k < size; k += 16) {
    const unsigned len = std::min(16u, size - k);
    if (!mem::accessible(c, addr + k, len, fault) || !mem::write(c, addr + k, src + k, len, fault))
      return Context::fault(mem::host_fault_address(fault), true);
  }
  return Context::done();
}

const Encoding kTable[] = {
    {0xffc0e000, 0x85804000, ldr, "LDR (vector)"},
    {0xffc0e010, 0x85800000, ldr, "LDR (predicate)"},
    {0xffc0e000, 0xe5804000, str, "STR (vector)"},
    {0xffc0e010, 0xe5800000, str, "STR (predicate)"},
};

}  // namespace

void add_memory_encodings(std::vector<Encoding>& out) {
  out.insert(out.end(), std::begin(kTable), std::end(kTable));
  add_contiguous_load_encodings(out);
  add_contiguous_store_encodings(out);
  add_gather_scatter_encodings(out);
}

}  // namespace polyrun::cpu::sve
