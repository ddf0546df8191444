// The i386 instructions hardware executes atomically — `lock`-prefixed read-modify-writes of
// memory and xchg with memory — found in guest code by an instruction-length decoder of 32-bit
// mode, so that polyrun can execute them with host atomics (cpu-emu/x86_atomics.cpp) while the
// engines of a process's threads run at the same time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace polyrun::cpu::x86 {

// One instruction of 32-bit mode, as the decoder splits it.
struct Insn {
  uint8_t length = 0;     // in bytes, prefixes included
  bool lock = false;      // F0
  bool opsize16 = false;  // 66: 16-bit operands
  bool addr16 = false;    // 67: 16-bit addressing
  int8_t segment = -1;    // an override prefix (kEs … kGs), -1 none
  uint8_t map = 0;        // kOneByte, k0F, k0F38 or k0F3A
  bool vex = false;       // VEX-encoded (map and opcode from the prefix and the byte after it)
  uint8_t opcode = 0;
  bool has_modrm = false;
  uint8_t modrm = 0;
  bool has_sib = false;
  uint8_t sib = 0;
  int32_t disp = 0;       // sign-extended
  uint32_t imm = 0;       // the (first) immediate, zero-extended
  uint8_t imm_bytes = 0;  // its size, both of enter's

  unsigned mod() const { return modrm >> 6; }
  unsigned reg() const { return modrm >> 3 & 7; }
  unsigned rm() const { return modrm & 7; }
  bool memory_operand() const { return has_modrm && mod() != 3; }
};

enum Map : uint8_t { kOneByte, k0F, k0F38, k0F3A };
enum SegmentReg : int8_t { kEs, kCs, kSs, kDs, kFs, kGs };

// Decodes the instruction at `code`, of which `avail` bytes may be read (the decoder reads no
// further than the instruction's end). False: an opcode the decoder does not know (one the
// engine takes as undefined, which ends its block there), or more than `avail` or 15 bytes.
bool decode32(const uint8_t* code, size_t avail, Insn& out);

// Whether hardware executes `insn` atomically on memory: `lock` with ADD, OR, ADC, SBB, AND, SUB,
// XOR, INC, DEC, NOT, NEG, XADD, CMPXCHG, CMPXCHG8B, BTS, BTR or BTC on a memory destination, and
// XCHG with a memory operand (locked with or without the prefix).
bool is_atomic(const Insn& insn);

// The offset of insn's memory operand within its segment, from the general registers (EAX …
// EDI), and the segment it uses by default (DS, or SS with an ESP or EBP base; an override prefix
// is insn.segment).
uint32_t effective_address(const Insn& insn, const uint32_t (&regs)[8], int& segment);

}  // namespace polyrun::cpu::x86

namespace polyrun::cpu {

// UnicornIsa::find_exclusive for i386: the addresses of the atomic instructions (x86::is_atomic)
// in guest code [lo, hi), read from host memory, decoding from lo, an instruction boundary, until
// hi or an instruction the decoder does not know.
void i386_find_atomic(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out);

}  // namespace polyrun::cpu
