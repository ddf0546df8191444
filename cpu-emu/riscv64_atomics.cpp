// riscv64 atomic instructions (the A extension) executed by polyrun with host atomics, so that
// engines of one process can run at the same time (the engine translates them as a plain load,
// operate and store, which loses updates between engines).
//
// LR.W/LR.D load with a host atomic load and note the address, size and value in the engine's
// monitor; SC.W/SC.D store with a host compare-and-swap against the noted value (as for aarch64's
// exclusives, and as qemu does for parallel guests), writing 0 to rd on success and 1 on failure;
// the AMOs (swap, add, and, or, xor, min, max, minu, maxu) are a compare-and-swap loop that writes
// the old value to rd. Word forms sign-extend what they write to rd. The host's locked
// instructions are full barriers, which covers the aq and rl bits.
#include <unicorn/unicorn.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "cpu-emu/host_atomics.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

// AMO major opcode, funct3 010 (.W) or 011 (.D), and a funct5 the A extension defines (LR with
// rs2 = 0).
enum Funct5 : uint32_t {
  kAdd = 0x00, kSwap = 0x01, kLr = 0x02, kSc = 0x03, kXor = 0x04, kOr = 0x08, kAnd = 0x0c,
  kMin = 0x10, kMax = 0x14, kMinu = 0x18, kMaxu = 0x1c,
};

constexpr bool is_atomic(uint32_t insn) {
  if ((insn & 0x7f) != 0x2f) return false;
  const uint32_t f3 = insn >> 12 & 7, f5 = insn >> 27;
  if (f3 != 2 && f3 != 3) return false;
  switch (f5) {
    case kLr: return (insn >> 20 & 31) == 0;
    case kAdd: case kSwap: case kSc: case kXor: case kOr: case kAnd:
    case kMin: case kMax: case kMinu: case kMaxu: return true;
    default: return false;
  }
}

uint64_t read_x(uc_engine* uc, unsigned n) {
  uint64_t v = 0;
  if (n) uc_reg_read(uc, UC_RISCV_REG_X0 + static_cast<int>(n), &v);
  return v;
}

void write_x(uc_engine* uc, unsigned n, uint64_t v) {
  if (n) uc_reg_write(uc, UC_RISCV_REG_X0 + static_cast<int>(n), &v);
}

// What the AMO stores, from the old memory value and rs2 (both as the access's width: a word's
// arithmetic and comparisons are those of 32-bit values).
uint64_t amo_result(uint32_t f5, uint64_t old, uint64_t src, bool word) {
  const int64_t so = word ? static_cast<int32_t>(old) : static_cast<int64_t>(old);
  const int64_t ss = word ? static_cast<int32_t>(src) : static_cast<int64_t>(src);
  const uint64_t uo = word ? static_cast<uint32_t>(old) : old, us = word ? static_cast<uint32_t>(src) : src;
  switch (f5) {
    case kAdd: return old + src;
    case kSwap: return src;
    case kXor: return old ^ src;
    case kOr: return old | src;
    case kAnd: return old & src;
    case kMin: return static_cast<uint64_t>(std::min(so, ss));
    case kMax: return static_cast<uint64_t>(std::max(so, ss));
    case kMinu: return std::min(uo, us);
    default: return std::max(uo, us);  // kMaxu
  }
}

}  // namespace

void riscv64_find_atomic(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) {
  // 32-bit instructions sit at any even address once compressed ones are about.
  lo = (lo + 1) & ~1ull;
  for (uint64_t a = lo; a + 4 <= hi; a += 2) {
    uint32_t insn;
    std::memcpy(&insn, reinterpret_cast<const void*>(a), 4);
    if (is_atomic(insn)) out.push_back(a);
  }
}

bool riscv64_run_atomic(uc_engine* uc, uint64_t pc, ExclusiveMonitor& m) {
  uint32_t insn;
  std::memcpy(&insn, reinterpret_cast<const void*>(pc), 4);
  if (!is_atomic(insn)) return false;  // the code at this address changed
  const uint32_t f5 = insn >> 27;
  const unsigned rd = insn >> 7 & 31, rs1 = insn >> 15 & 31, rs2 = insn >> 20 & 31;
  const bool word = (insn >> 12 & 7) == 2;
  const unsigned size = word ? 4 : 8;
  const uint64_t addr = read_x(uc, rs1);
  if (addr & (size - 1)) return false;  // the engine raises the misaligned-address exception
  const auto to_rd = [word](uint64_t v) {
    return word ? static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v))) : v;
  };
  if (f5 == kLr) {
    uint64_t v[2];
    if (!host_load(addr, size, v)) return false;
    m.valid = true, m.addr = addr, m.size = size, m.value[0] = v[0], m.value[1] = 0;
    write_x(uc, rd, to_rd(v[0]));
  } else if (f5 == kSc) {
    uint64_t want[2] = {read_x(uc, rs2), 0};
    if (word) want[0] &= 0xffffffffu;
    uint64_t status = 1;
    if (m.valid && m.addr == addr && m.size == size) {
      const int r = host_cas(addr, size, m.value, want);
      if (r < 0) return false;
      status = r ? 0 : 1;
    }
    m.valid = false;
    write_x(uc, rd, status);
  } else {
    const uint64_t src = read_x(uc, rs2);
    uint64_t old[2];
    for (;;) {
      if (!host_load(addr, size, old)) return false;
      uint64_t want[2] = {amo_result(f5, old[0], src, word), 0};
      if (word) want[0] &= 0xffffffffu;
      const int r = host_cas(addr, size, old, want);
      if (r < 0) return false;
      if (r) break;
    }
    write_x(uc, rd, to_rd(old[0]));
  }
  uint64_t next = pc + 4;
  uc_reg_write(uc, UC_RISCV_REG_PC, &next);  // the engine goes on after the instruction
  return true;
}

}  // namespace polyrun::cpu
