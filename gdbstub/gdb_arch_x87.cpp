#include "gdbstub/gdb_arch_x87.h"

#include <cstring>

#include "cpu-emu/cpu.h"
#include "cpu-emu/x86_regs.h"

namespace polyrun::gdb {

namespace {

// ST(i) is the physical x87 register (TOP + i) mod 8: 10 bytes of the 16 read_vector gives.
template <int I>
void read_st(cpu::Cpu& c, uint8_t* out) {
  const unsigned top = (c.reg(cpu::x86::FPSW) >> 11) & 7;
  uint8_t v[16];
  c.read_vector(cpu::x86::FP0 + static_cast<int>((top + I) & 7), v);
  std::memcpy(out, v, 10);
}

template <int I>
void write_st(cpu::Cpu& c, const uint8_t* in) {
  const unsigned top = (c.reg(cpu::x86::FPSW) >> 11) & 7;
  const int id = cpu::x86::FP0 + static_cast<int>((top + I) & 7);
  uint8_t v[16];
  c.read_vector(id, v);
  std::memcpy(v, in, 10);
  c.write_vector(id, v);
}

}  // namespace

void add_x87_registers(std::vector<RegisterDesc>& r) {
  using namespace cpu::x86;
  r.push_back({"st0", 80, RegisterDesc::Custom, 0, &read_st<0>, &write_st<0>});
  r.push_back({"st1", 80, RegisterDesc::Custom, 0, &read_st<1>, &write_st<1>});
  r.push_back({"st2", 80, RegisterDesc::Custom, 0, &read_st<2>, &write_st<2>});
  r.push_back({"st3", 80, RegisterDesc::Custom, 0, &read_st<3>, &write_st<3>});
  r.push_back({"st4", 80, RegisterDesc::Custom, 0, &read_st<4>, &write_st<4>});
  r.push_back({"st5", 80, RegisterDesc::Custom, 0, &read_st<5>, &write_st<5>});
  r.push_back({"st6", 80, RegisterDesc::Custom, 0, &read_st<6>, &write_st<6>});
  r.push_back({"st7", 80, RegisterDesc::Custom, 0, &read_st<7>, &write_st<7>});
  r.push_back({"fctrl", 32, RegisterDesc::Reg, FPCW});
  r.push_back({"fstat", 32, RegisterDesc::Reg, FPSW});
  r.push_back({"ftag", 32, RegisterDesc::Reg, FPTAG});
  // The last x87 instruction's and operand's addresses and opcode: not kept by the engine.
  for (const char* name : {"fiseg", "fioff", "foseg", "fooff", "fop"}) r.push_back({name, 32, RegisterDesc::Zero});
}

}  // namespace polyrun::gdb
