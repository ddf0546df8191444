// UnicornIsa::direct_successors for x86: the direct branches and calls the engine chains its
// blocks through (jmp, jcc, loop/jcxz and call with a relative displacement, which is the
// instruction's last bytes), and the instructions after which it stores a pc (returns, indirect
// and far branches, software interrupts, syscalls).
#include <cstring>

#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

// The signed displacement in the last `n` (1, 2 or 4) bytes of the instruction.
int64_t trailing_displacement(const uint8_t* insn, uint32_t size, uint32_t n) {
  const uint8_t* p = insn + size - n;
  if (n == 1) return static_cast<int8_t>(p[0]);
  if (n == 2) return static_cast<int16_t>(p[0] | p[1] << 8);
  int32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

bool successors(const uint8_t* insn, uint32_t size, uint64_t pc, std::vector<uint64_t>& targets, bool is64) {
  uint32_t i = 0;
  // Prefixes: operand and address size, lock/rep, segments (branch hints); REX in 64-bit mode.
  for (; i < size; ++i) {
    const uint8_t b = insn[i];
    const bool legacy = b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 || b == 0xf3 || b == 0x26 || b == 0x2e ||
                        b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65;
    if (!legacy && !(is64 && (b & 0xf0) == 0x40)) break;
  }
  if (i >= size) return true;
  const uint64_t next = pc + size;
  const uint64_t mask = is64 ? ~0ull : 0xffffffffull;
  auto branch = [&](uint32_t opcode_end) {
    const uint32_t n = size - opcode_end;
    if (n == 1 || n == 2 || n == 4) targets.push_back((next + static_cast<uint64_t>(trailing_displacement(insn, size, n))) & mask);
  };
  const uint8_t op = insn[i];
  if (op == 0x0f && i + 1 < size) {
    const uint8_t op2 = insn[i + 1];
    if ((op2 & 0xf0) == 0x80) {  // jcc rel16/32
      branch(i + 2);
      return true;
    }
    // syscall, sysenter, sysexit, sysret, ud2, ud1, ud0: the engine leaves the block with a pc.
    return !(op2 == 0x05 || op2 == 0x34 || op2 == 0x35 || op2 == 0x07 || op2 == 0x0b || op2 == 0xb9 || op2 == 0xff);
  }
  if ((op & 0xf0) == 0x70 || (op >= 0xe0 && op <= 0xe3)) {  // jcc rel8, loopne/loope/loop/jcxz
    branch(i + 1);
    return true;
  }
  if (op == 0xeb || op == 0xe9 || op == 0xe8) {  // jmp rel8, jmp rel, call rel
    branch(i + 1);
    return false;
  }
  switch (op) {
    case 0xc2: case 0xc3: case 0xca: case 0xcb: case 0xcf:  // returns
    case 0xcc: case 0xcd: case 0xce: case 0xf1:               // int3, int n, into, int1
    case 0xea: case 0x9a: case 0xf4:                          // far jmp, far call, hlt
      return false;
    case 0xff: {  // /2 /3 call, /4 /5 jmp: indirect
      if (i + 1 >= size) return true;
      const unsigned reg = insn[i + 1] >> 3 & 7;
      return reg < 2 || reg > 5;
    }
    default: return true;
  }
}

}  // namespace

bool x86_64_direct_successors(const uint8_t* insn, uint32_t size, uint64_t pc, std::vector<uint64_t>& targets) {
  return successors(insn, size, pc, targets, true);
}

bool i386_direct_successors(const uint8_t* insn, uint32_t size, uint64_t pc, std::vector<uint64_t>& targets) {
  return successors(insn, size, pc, targets, false);
}

}  // namespace polyrun::cpu
