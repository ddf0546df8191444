// aarch64 load/store-exclusive instructions executed by polyrun with host atomics, so that engines
// of one process can run at the same time (the engine translates them as a plain load, compare and
// store, which loses updates between engines).
//
// LDXR/LDAXR/LDXP/LDAXP load with a host atomic load and note the address, size and value in the
// engine's monitor; STXR/STLXR/STXP/STLXP store with a host compare-and-swap against the noted
// value (what qemu does for parallel guests: an intervening store of the same value is not seen);
// CLREX forgets the monitor. The host's locked instructions are full barriers, which covers the
// acquire and release forms.
#include <unicorn/unicorn.h>

#include <cstdint>
#include <cstring>

#include "cpu-emu/aarch64_engine_regs.h"
#include "cpu-emu/host_atomics.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

using namespace a64_engine;

// Load/store exclusive, register and pair forms (o2 = 0): size:2 001000 0 L o1 Rs o0 Rt2 Rn Rt,
// with the fields the forms do not use all ones (Rt2 of the register forms, Rs of the loads) and
// pairs of 32 or 64 bits: what compilers and assemblers emit. (The scan of executable mappings
// also reads constants; the fixed fields keep words that merely look alike out of the hooks.)
constexpr bool is_ldst_exclusive(uint32_t insn) {
  if ((insn & 0x3f800000u) != 0x08000000u) return false;
  const bool load = insn & (1u << 22), pair = insn & (1u << 21);
  if (pair && (insn >> 31) == 0) return false;
  if (!pair && ((insn >> 10) & 31) != 31) return false;
  return !load || ((insn >> 16) & 31) == 31;
}
// CLREX #imm.
constexpr bool is_clrex(uint32_t insn) { return (insn & 0xfffff0ffu) == 0xd503305fu; }

// The addresses of the instructions in [lo, hi) (read from host memory) that `wanted` picks.
template <typename Pred>
void find_instructions(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out, Pred wanted) {
  lo = (lo + 3) & ~3ull;
  for (uint64_t a = lo; a + 4 <= hi; a += 4) {
    uint32_t insn;
    std::memcpy(&insn, reinterpret_cast<const void*>(a), 4);
    if (wanted(insn)) out.push_back(a);
  }
}

}  // namespace

void aarch64_find_exclusive(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) {
  find_instructions(lo, hi, out,
                    [](uint32_t insn) { return is_ldst_exclusive(insn) || is_clrex(insn) || aarch64_is_lse(insn); });
}

void aarch64_find_engine_wrong(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) {
  // LDSMAX, LDSMIN (opc 10x, o3 0; any A, R; Rt = xzr: STSMAX, STSMIN) of 1, 2 and 4 bytes.
  find_instructions(lo, hi, out,
                    [](uint32_t insn) { return (insn & 0x3f20ec00u) == 0x38204000u && insn >> 30 != 3; });
}

bool aarch64_run_exclusive(uc_engine* uc, uint64_t pc, ExclusiveMonitor& m) {
  uint32_t insn;
  std::memcpy(&insn, reinterpret_cast<const void*>(pc), 4);
  if (aarch64_is_lse(insn)) return aarch64_run_lse(uc, pc, insn);
  if (is_clrex(insn)) {
    m.valid = false;
    return false;  // the engine clears its own monitor too
  }
  if (!is_ldst_exclusive(insn)) return false;  // the code at this address changed
  const unsigned size_field = insn >> 30, rs = (insn >> 16) & 31, rt2 = (insn >> 10) & 31, rn = (insn >> 5) & 31,
                 rt = insn & 31;
  const bool load = insn & (1u << 22), pair = insn & (1u << 21);
  const unsigned elem = 1u << size_field, size = pair ? 2 * elem : elem;
  const uint64_t addr = base_reg(uc, rn);
  if (addr & (size - 1)) return false;  // the engine raises the alignment fault
  if (load) {
    uint64_t v[2];
    if (!host_load(addr, size, v)) return false;
    m.valid = true, m.addr = addr, m.size = size, m.value[0] = v[0], m.value[1] = v[1];
    if (!pair) {
      write_x(uc, rt, v[0]);
    } else if (elem == 4) {
      write_x(uc, rt, v[0] & 0xffffffffu);
      write_x(uc, rt2, v[0] >> 32);
    } else {
      write_x(uc, rt, v[0]);
      write_x(uc, rt2, v[1]);
    }
  } else {
    uint64_t want[2] = {read_x(uc, rt), 0};
    if (pair && elem == 4) want[0] = (want[0] & 0xffffffffu) | read_x(uc, rt2) << 32;
    if (pair && elem == 8) want[1] = read_x(uc, rt2);
    if (size < 8) want[0] &= (1ull << (8 * size)) - 1;
    uint64_t status = 1;
    if (m.valid && m.addr == addr && m.size == size) {
      int r = host_cas(addr, size, m.value, want);
      if (r < 0) return false;
      status = r ? 0 : 1;
    }
    m.valid = false;
    write_x(uc, rs, status);
  }
  uint64_t next = pc + 4;
  uc_reg_write(uc, UC_ARM64_REG_PC, &next);  // the engine goes on after the instruction
  return true;
}

}  // namespace polyrun::cpu
