// Register ids for x86 CPUs, 64-bit and 32-bit mode (Cpu::reg / Cpu::set_reg). In 32-bit mode the
// general registers are their 32-bit names (RAX is EAX …). XMM registers are read and written
// with Cpu::read_vector / Cpu::write_vector.
#pragma once

namespace polyrun::cpu::x86 {

enum Reg : int {
  RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
  R8, R9, R10, R11, R12, R13, R14, R15,
  RIP, RFLAGS, FS_BASE, GS_BASE, FS, GS, CS, SS, DS, ES,
  XMM0, XMM1, XMM2, XMM3, XMM4, XMM5, XMM6, XMM7,
  XMM8, XMM9, XMM10, XMM11, XMM12, XMM13, XMM14, XMM15,  // 64-bit mode only
  FPCW, FPSW, MXCSR,  // x87 control and status words, SSE control/status
  kCount
};

}  // namespace polyrun::cpu::x86
