// Register ids for s390x CPUs (Cpu::reg / Cpu::set_reg).
#pragma once

#include <cstdint>

namespace polyrun::cpu::s390x {

enum Reg : int {
  R0 = 0,  // R0..R15 are 0..15
  R1 = 1,
  R2 = 2,  // R2..R7: syscall arguments, R2 the result
  R7 = 7,
  R14 = 14,  // the return address
  R15 = 15,  // the stack pointer
  PC = 16,   // the PSW's address
  PSWM = 17,  // the PSW's mask (condition code in bits 18-19); writes keep to problem state
  F0 = 18,    // F0..F15 are 18..33: the floating-point registers (the vector registers' high halves)
  F15 = 33,
  FPC = 34,   // the floating-point control register
  TP = 35,    // the thread pointer: access register a0 (high 32 bits) and a1 (low 32 bits)
  SVC_NR = 36,  // read-only: the number of the syscall being served (svc's immediate, or r1 for svc 0)
  // The vector registers' other halves (v0-v15's high halves are F0-F15): VL0..VL15 the low
  // doublewords of v0-v15, VH16..VH31 and VL16..VL31 the high and low doublewords of v16-v31.
  VL0 = 37,
  VH16 = 53,
  VL16 = 69,
  kCount = 85
};

// Cpu::read_system_register: the facility list STFLE stores, doubleword n at kFacilityList + n
// (bit 0 of doubleword 0 is facility 0).
constexpr uint32_t kFacilityList = 0;

}  // namespace polyrun::cpu::s390x
