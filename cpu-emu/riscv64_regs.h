// Register ids for riscv64 CPUs (Cpu::reg / Cpu::set_reg).
#pragma once

namespace polyrun::cpu::rv64 {

enum Reg : int {
  X0 = 0,  // X0..X31 are 0..31 (x0 reads as zero)
  RA = 1,
  SP = 2,
  TP = 4,
  A0 = 10,  // A0..A7 are x10..x17
  A7 = 17,
  PC = 32,
  F0 = 33,  // F0..F31 are 33..64: the 64-bit registers (a single is NaN-boxed in one)
  F31 = 64,
  FCSR = 65,
  kCount
};

}  // namespace polyrun::cpu::rv64
