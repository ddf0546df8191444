// Register ids for aarch64 CPUs (Cpu::reg / Cpu::set_reg).
#pragma once

namespace polyrun::cpu::a64 {

enum Reg : int {
  X0 = 0,  // X0..X30 are 0..30
  X8 = 8,
  X29 = 29,
  X30 = 30,
  SP = 31,
  PC = 32,
  NZCV = 33,
  TPIDR_EL0 = 34,
  FPCR = 35,
  FPSR = 36,
  Q0 = 37,  // Q0..Q31 are 37..68 (read_vector / write_vector)
  Q31 = 68,
  kCount
};

}  // namespace polyrun::cpu::a64
