// Register ids for x86 CPUs, 64-bit and 32-bit mode (Cpu::reg / Cpu::set_reg). In 32-bit mode the
// general registers are their 32-bit names (RAX is EAX …). XMM registers are read and written
// with Cpu::read_vector / Cpu::write_vector.
#pragma once

#include <cstdint>

namespace polyrun::cpu::x86 {

enum Reg : int {
  RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
  R8, R9, R10, R11, R12, R13, R14, R15,
  RIP, RFLAGS, FS_BASE, GS_BASE, FS, GS, CS, SS, DS, ES,
  XMM0, XMM1, XMM2, XMM3, XMM4, XMM5, XMM6, XMM7,
  XMM8, XMM9, XMM10, XMM11, XMM12, XMM13, XMM14, XMM15,  // 64-bit mode only
  FPCW, FPSW, MXCSR,  // x87 control and status words, SSE control/status
  // 32-bit mode: GDT entries 6–8 as 8-byte segment descriptors, the thread-local segments a
  // personality sets (Linux's GDT_ENTRY_TLS_MIN..MAX); writing one reloads FS or GS when it
  // selects it. A thread's context carries them, and the FS and GS selectors after them.
  DESC6, DESC7, DESC8,
  FPTAG,  // the x87 tag word (2 bits per physical register, 3: empty)
  // The x87 registers by physical number (ST(i) is FP0 + (TOP + i) mod 8), 80-bit values read and
  // written with Cpu::read_vector / Cpu::write_vector (the first 10 of the 16 bytes).
  FP0, FP1, FP2, FP3, FP4, FP5, FP6, FP7,
  kCount
};

// Cpu::read_system_register on x86 reads CPUID: `id` is the leaf (subleaf 0) and the value
// EDX << 32 | ECX; with kCpuidEaxEbx set in `id` (no leaf has bit 29), EAX << 32 | EBX.
constexpr uint32_t kCpuidEaxEbx = 1u << 29;

}  // namespace polyrun::cpu::x86
