// riscv64's Zba, Zbb and Zbs instructions as polyrun decodes and computes them
// (cpu-emu/riscv64_bitmanip.cpp), apart from the engine (riscv64_run_bitmanip, which executes one
// in it, is in unicorn_cpu.h).
#pragma once

#include <cstdint>

namespace polyrun::cpu {

// The mnemonic of `insn` (null: none of them).
const char* riscv64_bitmanip_name(uint32_t insn);
// The value `insn` writes to rd given rs1's and rs2's (false: none of them).
bool riscv64_bitmanip_result(uint32_t insn, uint64_t rs1, uint64_t rs2, uint64_t& rd_value);

}  // namespace polyrun::cpu
