// aarch64's Large System Extension atomics (ARMv8.1 LSE) executed by polyrun with host atomics,
// so that engines of one process can run at the same time: the engine translates each as a plain
// load, operation and store, which loses updates between engines (as it would for the
// exclusives, aarch64_exclusive.cpp).
//
// LDADD, LDCLR, LDEOR, LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN (and their ST aliases, Rt = xzr) and
// SWP, 1 to 8 bytes; CAS of 1 to 8 bytes; CASP of two 4- or 8-byte registers. Each in its plain,
// acquire, release and acquire-release forms: the host's locked instructions are full barriers.
// A misaligned address is left to the engine, which raises the alignment fault the architecture
// gives without LSE2; so is a host fault (an unmapped or read-only page), which the engine then
// reports as the guest's.
#include <unicorn/unicorn.h>

#include <cstdint>

#include "cpu-emu/aarch64_engine_regs.h"
#include "cpu-emu/host_atomics.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

using namespace a64_engine;

// Atomic memory operations: size 111 0 00 A R 1 Rs o3 opc 00 Rn Rt. o3 = 0: the eight
// read-modify-write operations by opc; o3 = 1, opc = 000: SWP (the other o3 = 1 forms are LDAPR,
// an ordinary load, or unallocated).
constexpr bool is_memory_op(uint32_t insn) {
  if ((insn & 0x3f200c00u) != 0x38200000u) return false;
  const uint32_t o3 = insn >> 15 & 1, opc = insn >> 12 & 7;
  return o3 == 0 || opc == 0;
}
// CAS: size 0010001 L 1 Rs o0 11111 Rn Rt.
constexpr bool is_cas(uint32_t insn) { return (insn & 0x3fa07c00u) == 0x08a07c00u; }
// CASP: 0 sz 0010000 L 1 Rs o0 11111 Rn Rt, with Rs and Rt even.
constexpr bool is_casp(uint32_t insn) {
  return (insn & 0xbfa07c00u) == 0x08207c00u && ((insn >> 16) & 1) == 0 && (insn & 1) == 0;
}

uint64_t mask_of(unsigned size) { return size == 8 ? ~0ull : (1ull << (8 * size)) - 1; }

int64_t sign_extend(uint64_t v, unsigned size) {
  const unsigned shift = 64 - 8 * size;
  return static_cast<int64_t>(v << shift) >> shift;
}

// What memory becomes from `old` and the operand, by opc.
uint64_t combine(uint32_t opc, uint64_t old, uint64_t s, unsigned size) {
  switch (opc) {
    case 0: return old + s;                                                         // ADD
    case 1: return old & ~s;                                                        // CLR
    case 2: return old ^ s;                                                         // EOR
    case 3: return old | s;                                                         // SET
    case 4: return sign_extend(old, size) >= sign_extend(s, size) ? old : s;        // SMAX
    case 5: return sign_extend(old, size) <= sign_extend(s, size) ? old : s;        // SMIN
    case 6: return (old & mask_of(size)) >= (s & mask_of(size)) ? old : s;          // UMAX
    default: return (old & mask_of(size)) <= (s & mask_of(size)) ? old : s;         // UMIN
  }
}

// The read-modify-write, as one host compare-and-swap loop (or one locked instruction where the
// host has it). False: a host fault.
bool memory_op(uint64_t addr, unsigned size, bool swap, uint32_t opc, uint64_t s, uint64_t& old) {
  if (swap) return host_fetch_op(addr, size, HostOp::Exchange, s, old);
  if (opc == 2) return host_fetch_op(addr, size, HostOp::Xor, s, old);
  if (opc == 3) return host_fetch_op(addr, size, HostOp::Or, s, old);
  if (opc == 1) return host_fetch_op(addr, size, HostOp::And, ~s, old);
  uint64_t seen[2];
  if (!host_load(addr, size, seen)) return false;
  for (;;) {
    const uint64_t want[2] = {combine(opc, seen[0], s, size) & mask_of(size), 0};
    const int r = host_cmpxchg(addr, size, seen, want);
    if (r < 0) return false;
    if (r) break;
  }
  old = seen[0];
  return true;
}

}  // namespace

bool aarch64_is_lse(uint32_t insn) { return is_memory_op(insn) || is_cas(insn) || is_casp(insn); }

bool aarch64_run_lse(uc_engine* uc, uint64_t pc, uint32_t insn) {
  const unsigned rs = insn >> 16 & 31, rn = insn >> 5 & 31, rt = insn & 31;
  const uint64_t addr = base_reg(uc, rn);
  if (is_memory_op(insn)) {
    const unsigned size = 1u << (insn >> 30);
    if (addr & (size - 1)) return false;  // the engine raises the alignment fault
    uint64_t old = 0;
    if (!memory_op(addr, size, (insn >> 15 & 1) != 0, insn >> 12 & 7, read_x(uc, rs) & mask_of(size), old)) return false;
    write_x(uc, rt, old & mask_of(size));
  } else if (is_cas(insn)) {
    const unsigned size = 1u << (insn >> 30);
    if (addr & (size - 1)) return false;
    uint64_t expected[2] = {read_x(uc, rs) & mask_of(size), 0};
    const uint64_t desired[2] = {read_x(uc, rt) & mask_of(size), 0};
    if (host_cmpxchg(addr, size, expected, desired) < 0) return false;
    write_x(uc, rs, expected[0] & mask_of(size));  // what memory held, equal or not
  } else if (is_casp(insn)) {
    const unsigned elem = (insn >> 30 & 1) ? 8 : 4, size = 2 * elem;
    if (addr & (size - 1)) return false;
    uint64_t expected[2], desired[2];
    if (elem == 4) {
      expected[0] = (read_x(uc, rs) & 0xffffffffu) | read_x(uc, rs + 1) << 32, expected[1] = 0;
      desired[0] = (read_x(uc, rt) & 0xffffffffu) | read_x(uc, rt + 1) << 32, desired[1] = 0;
    } else {
      expected[0] = read_x(uc, rs), expected[1] = read_x(uc, rs + 1);
      desired[0] = read_x(uc, rt), desired[1] = read_x(uc, rt + 1);
    }
    if (host_cmpxchg(addr, size, expected, desired) < 0) return false;
    if (elem == 4) {
      write_x(uc, rs, expected[0] & 0xffffffffu);
      write_x(uc, rs + 1, expected[0] >> 32);
    } else {
      write_x(uc, rs, expected[0]);
      write_x(uc, rs + 1, expected[1]);
    }
  } else {
    return false;  // the code at this address changed
  }
  const uint64_t next = pc + 4;
  uc_reg_write(uc, UC_ARM64_REG_PC, &next);  // the engine goes on after the instruction
  return true;
}

}  // namespace polyrun::cpu
