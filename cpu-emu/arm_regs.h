// Register ids for 32-bit ARM CPUs (Cpu::reg / Cpu::set_reg). Values are 32 bits wide; PC reads
// without the Thumb bit (CPSR.T says the state) and a PC written with bit 0 set enters Thumb
// state, as an interworking branch does.
#pragma once

namespace polyrun::cpu::arm {

enum Reg : int {
  R0 = 0,  // R0..R15 are 0..15
  R7 = 7,
  SP = 13,
  LR = 14,
  PC = 15,
  CPSR = 16,
  FPSCR = 17,
  TPIDRURO = 18,  // the thread pointer user code reads (mrc p15, 0, rN, c13, c0, 3); set by set_tls
  TPIDRURW = 19,
  D0 = 20,  // D0..D31 are 20..51: the 64-bit VFP/NEON registers (Q0..Q15 by read_vector)
  D31 = 51,
  kCount
};

}  // namespace polyrun::cpu::arm
