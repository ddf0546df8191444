// 32-bit ARM load/store-exclusive instructions (and SWP) executed by polyrun with host atomics, so
// that engines of one process can run at the same time (the engine translates them as a plain
// load, compare and store, which loses updates between engines).
//
// LDREX/LDREXB/LDREXH/LDREXD load with a host atomic load and note address, size and value in the
// engine's monitor; STREX/STREXB/STREXH/STREXD store with a host compare-and-swap against the noted
// value (as for aarch64's exclusives, and as qemu does for parallel guests), writing 0 to Rd on
// success and 1 on failure; CLREX forgets the monitor; SWP/SWPB (which the model still executes in
// ARM state) are a compare-and-swap loop. Each moves the pc past the instruction, which ends the
// engine's block there. Host locked instructions are full barriers, which covers dmb around them.
//
// Finding them. A scan over [lo, hi) cannot know which bytes are ARM code, Thumb code or data, so
// it lists every address where the bytes decode as one of these instructions in either instruction
// set: ARM encodings at 4-byte grain, Thumb-2 encodings (two halfwords) at 2-byte grain. An address
// hooked for nothing (data, or code of the other set) costs a call of the hook when, and only if,
// an instruction starts there: run_exclusive decodes the instruction again in the instruction set
// the engine is in (CPSR.T) and returns false for anything else, and the engine executes it.
//
// Conditions. In ARM state the engine calls the hook before it tests the condition field:
// run_exclusive tests it on the CPSR flags and leaves an instruction whose condition fails to the
// engine (which skips it). In Thumb state the engine tests an IT block's condition before the hook,
// so a hooked instruction in an IT block runs only when its condition holds; but the engine cannot
// leave an IT block early (it treats the block as one instruction): a hook there cannot move the pc,
// and the engine would execute the instruction after polyrun did. So the IT instruction itself is
// hooked where the block starts with an exclusive (what GCC emits for compare-and-swap:
// `ldrex; cmp; itt eq; strexeq; cmpeq`, every IT block with an exclusive in Debian's armhf libc,
// libstdc++, libgomp and libatomic): at the IT, polyrun evaluates the block's conditions on the
// flags (ITSTATE as the architecture advances it), performs the leading exclusives whose condition
// holds, skips those whose condition fails, and resumes the engine at the first other instruction
// with the rest of the ITSTATE in the CPSR. An exclusive further into an IT block (found by
// looking back for an IT that covers it) is left to the engine, not atomic across threads; a
// load-exclusive there also notes the monitor, so that a store-exclusive polyrun performs later can
// still succeed.
#include <unicorn/unicorn.h>

#include <cstdint>
#include <cstring>

#include "common/fault_report.h"
#include "cpu-emu/arm_conditions.h"
#include "cpu-emu/host_atomics.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

constexpr uint32_t kCpsrT = 1u << 5;

enum class Op { None, Load, Store, Clrex, Swap };

struct Insn {
  Op op = Op::None;
  unsigned size = 0;  // access bytes: 1, 2, 4, 8
  unsigned length = 0;  // instruction bytes
  unsigned rt = 0, rt2 = 0, rd = 0, rn = 0;
  uint32_t imm = 0;  // offset added to rn (Thumb LDREX/STREX)
  uint32_t cond = 0xe;
};

// ARM encodings (cond != 1111, except CLREX): LDREX{,D,B,H} cond 0001 1xx1 Rn Rt 1111 1001 1111;
// STREX{,D,B,H} cond 0001 1xx0 Rn Rd 1111 1001 Rt (xx: 00 word, 01 doubleword, 10 byte, 11
// halfword); SWP{B} cond 0001 0B00 Rn Rt 0000 1001 Rt2; CLREX 1111 0101 0111 1111 1111 0000 0001 1111.
Insn decode_arm(uint32_t w) {
  Insn i;
  i.length = 4;
  if (w == 0xf57ff01fu) {
    i.op = Op::Clrex;
    return i;
  }
  i.cond = w >> 28;
  if (i.cond == 0xf) return i;
  static constexpr unsigned kSizes[4] = {4, 8, 1, 2};
  i.rn = (w >> 16) & 15;
  if ((w & 0x0f900fffu) == 0x01900f9fu) {
    i.op = Op::Load;
    i.size = kSizes[(w >> 21) & 3];
    i.rt = (w >> 12) & 15;
    i.rt2 = i.rt + 1;
  } else if ((w & 0x0f900ff0u) == 0x01800f90u) {
    i.op = Op::Store;
    i.size = kSizes[(w >> 21) & 3];
    i.rd = (w >> 12) & 15;
    i.rt = w & 15;
    i.rt2 = i.rt + 1;
  } else if ((w & 0x0fb00ff0u) == 0x01000090u) {
    i.op = Op::Swap;
    i.size = (w & (1u << 22)) ? 1 : 4;
    i.rt = (w >> 12) & 15;
    i.rt2 = w & 15;
  }
  return i;
}

// Thumb-2 encodings (first halfword h1, second h2): LDREX 1110 1000 0101 Rn | Rt 1111 imm8;
// STREX 1110 1000 0100 Rn | Rt Rd imm8; LDREXB/H/D 1110 1000 1101 Rn | Rt 1111 0100 1111 /
// Rt 1111 0101 1111 / Rt Rt2 0111 1111; STREXB/H/D 1110 1000 1100 Rn | Rt 1111 0100 Rd /
// Rt 1111 0101 Rd / Rt Rt2 0111 Rd; CLREX 1111 0011 1011 1111 | 1000 1111 0010 1111.
Insn decode_thumb(uint16_t h1, uint16_t h2) {
  Insn i;
  i.length = 4;
  if (h1 == 0xf3bf && h2 == 0x8f2f) {
    i.op = Op::Clrex;
    return i;
  }
  i.rn = h1 & 15;
  i.rt = h2 >> 12;
  switch (h1 & 0xfff0) {
    case 0xe850:
      if ((h2 & 0x0f00) != 0x0f00) break;
      i.op = Op::Load, i.size = 4, i.imm = (h2 & 0xffu) << 2;
      break;
    case 0xe840:
      i.op = Op::Store, i.size = 4, i.rd = (h2 >> 8) & 15, i.imm = (h2 & 0xffu) << 2;
      break;
    case 0xe8d0:
      if ((h2 & 0x0fff) == 0x0f4f) i.op = Op::Load, i.size = 1;
      else if ((h2 & 0x0fff) == 0x0f5f) i.op = Op::Load, i.size = 2;
      else if ((h2 & 0x00ff) == 0x007f) i.op = Op::Load, i.size = 8, i.rt2 = (h2 >> 8) & 15;
      break;
    case 0xe8c0:
      i.rd = h2 & 15;
      if ((h2 & 0x0ff0) == 0x0f40) i.op = Op::Store, i.size = 1;
      else if ((h2 & 0x0ff0) == 0x0f50) i.op = Op::Store, i.size = 2;
      else if ((h2 & 0x00f0) == 0x0070) i.op = Op::Store, i.size = 8, i.rt2 = (h2 >> 8) & 15;
      break;
    default:
      break;
  }
  return i;
}

// IT: 1011 1111 firstcond mask, mask != 0000.
constexpr bool is_it(uint16_t h) { return (h & 0xff00) == 0xbf00 && (h & 0xf) != 0; }
// The first halfword of a 32-bit Thumb instruction: 11101, 11110, 11111.
constexpr unsigned thumb_length(uint16_t h) { return (h >> 11) >= 0x1d ? 4 : 2; }

// Guest code near the instruction at `pc`, which the engine executes: read directly within pc's
// page (4 KiB, the smallest a guest page is), with host faults recovered beyond it (the bytes
// there may belong to no mapping, or to one the host refuses).
bool read_guest(uint64_t pc, uint64_t addr, void* out, size_t n) {
  if ((addr & ~0xfffull) == (pc & ~0xfffull) && ((addr + n - 1) & ~0xfffull) == (pc & ~0xfffull)) {
    std::memcpy(out, reinterpret_cast<const void*>(addr), n);
    return true;
  }
  FaultRecovery r;
  return run_recovering(r, [&] { copy_guest_bytes(out, reinterpret_cast<const void*>(addr), n); });
}

int reg_id(unsigned n) {
  if (n <= 12) return UC_ARM_REG_R0 + static_cast<int>(n);
  return n == 13 ? UC_ARM_REG_SP : n == 14 ? UC_ARM_REG_LR : UC_ARM_REG_PC;
}

uint32_t read_r(uc_engine* uc, unsigned n) {
  uint32_t v = 0;
  uc_reg_read(uc, reg_id(n), &v);
  return v;
}

void write_r(uc_engine* uc, unsigned n, uint32_t v) { uc_reg_write(uc, reg_id(n), &v); }

uint32_t read_cpsr(uc_engine* uc) {
  uint32_t v = 0;
  uc_reg_read(uc, UC_ARM_REG_CPSR, &v);
  return v;
}

// Whether the registers make the instruction a well-defined one polyrun can perform (the
// UNPREDICTABLE register choices are left to the engine).
bool registers_ok(const Insn& i, bool thumb) {
  if (i.op == Op::Clrex) return true;
  if (i.rn == 15 || i.rt == 15) return false;
  if (i.op == Op::Store && (i.rd == 15 || i.rd == i.rn || i.rd == i.rt)) return false;
  if (i.size == 8) {
    if (!thumb && ((i.rt & 1) || i.rt == 14)) return false;
    if (i.rt2 == 15 || (i.op == Op::Load && i.rt2 == i.rt) || (i.op == Op::Store && i.rd == i.rt2)) return false;
  }
  if (i.op == Op::Swap && (i.rt2 == 15 || i.rn == i.rt || i.rn == i.rt2)) return false;
  return true;
}

// Performs one instruction (its condition holds). False: not done, the engine is to execute it
// (a misaligned address, which the engine refuses with an alignment fault, or a host fault).
bool perform(uc_engine* uc, const Insn& i, ExclusiveMonitor& m) {
  if (i.op == Op::Clrex) {
    m.valid = false;
    return true;
  }
  const uint64_t addr = static_cast<uint32_t>(read_r(uc, i.rn) + i.imm);
  if (addr & (i.size - 1)) return false;
  if (i.op == Op::Load) {
    uint64_t v[2];
    if (!host_load(addr, i.size, v)) return false;
    m.valid = true, m.addr = addr, m.size = i.size, m.value[0] = v[0], m.value[1] = 0;
    write_r(uc, i.rt, static_cast<uint32_t>(v[0]));
    if (i.size == 8) write_r(uc, i.rt2, static_cast<uint32_t>(v[0] >> 32));
  } else if (i.op == Op::Store) {
    uint64_t want[2] = {read_r(uc, i.rt), 0};
    if (i.size == 8) want[0] |= static_cast<uint64_t>(read_r(uc, i.rt2)) << 32;
    if (i.size < 4) want[0] &= (1ull << (8 * i.size)) - 1;
    uint32_t status = 1;
    if (m.valid && m.addr == addr && m.size == i.size) {
      const int r = host_cas(addr, i.size, m.value, want);
      if (r < 0) return false;
      status = r ? 0 : 1;
    }
    m.valid = false;
    write_r(uc, i.rd, status);
  } else {  // Swap
    uint64_t want[2] = {read_r(uc, i.rt2), 0};
    if (i.size == 1) want[0] &= 0xff;
    uint64_t old[2];
    for (;;) {
      if (!host_load(addr, i.size, old)) return false;
      const int r = host_cas(addr, i.size, old, want);
      if (r < 0) return false;
      if (r) break;
    }
    write_r(uc, i.rt, static_cast<uint32_t>(old[0]));
  }
  return true;
}

void jump(uc_engine* uc, uint64_t next, bool thumb) {
  uint32_t pc = static_cast<uint32_t>(next) | (thumb ? 1u : 0u);
  uc_reg_write(uc, UC_ARM_REG_PC, &pc);  // the engine goes on there (and ends its block)
}

Insn thumb_exclusive_at(uint64_t pc, uint64_t addr) {
  uint16_t h[2];
  if (!read_guest(pc, addr, h, 4)) return Insn{};
  return decode_thumb(h[0], h[1]);
}

// Whether an IT instruction before pc makes the Thumb instruction at pc part of its block: an IT
// at most 14 bytes back (the block's other three instructions being 32-bit), whose following
// instructions, by their lengths, reach pc within the block.
bool in_it_block(uint64_t pc) {
  for (uint64_t back = 2; back <= 14 && back <= pc; back += 2) {
    const uint64_t p = pc - back;
    uint16_t h;
    if (!read_guest(pc, p, &h, 2) || !is_it(h)) continue;
    const unsigned count = 4 - static_cast<unsigned>(__builtin_ctz(h & 0xf));
    uint64_t q = p + 2;
    unsigned n = 0;
    while (q < pc && n < count) {
      uint16_t x;
      if (!read_guest(pc, q, &x, 2)) break;
      q += thumb_length(x);
      ++n;
    }
    if (q == pc && n < count) return true;
  }
  return false;
}

// At an IT whose block starts with exclusives: performs them (see the top of the file). False:
// nothing done, the engine executes the IT as it is.
bool run_it_block(uc_engine* uc, uint64_t pc, uint16_t it, ExclusiveMonitor& m) {
  uint32_t state = it & 0xff;  // ITSTATE: cond in [7:4], the rest of the mask below
  const uint32_t cpsr = read_cpsr(uc);
  uint64_t at = pc + 2;
  while (state & 0xf) {
    const Insn i = thumb_exclusive_at(pc, at);
    if (i.op == Op::None || !registers_ok(i, true)) break;
    if (cond_passed(state >> 4, cpsr) && !perform(uc, i, m)) break;
    state = (state & 7) == 0 ? 0 : (state & 0xe0) | ((state << 1) & 0x1f);  // ITAdvance
    at += i.length;
  }
  if (at == pc + 2) return false;
  // The rest of the block (ITSTATE in CPSR[15:10] and [26:25]) for the engine, then the pc.
  uint32_t v = (cpsr & ~0x0600fc00u) | (state & 3) << 25 | (state >> 2) << 10;
  uc_reg_write(uc, UC_ARM_REG_CPSR, &v);
  jump(uc, at, true);
  return true;
}

}  // namespace

void arm_find_exclusive(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) {
  lo = (lo + 1) & ~1ull;
  for (uint64_t a = lo; a + 4 <= hi; a += 2) {
    uint16_t h[2];
    std::memcpy(h, reinterpret_cast<const void*>(a), 4);
    bool hit = decode_thumb(h[0], h[1]).op != Op::None;
    if (!hit && (a & 3) == 0) hit = decode_arm(h[0] | static_cast<uint32_t>(h[1]) << 16).op != Op::None;
    // An IT whose block starts with a Thumb exclusive.
    if (!hit && is_it(h[0]) && a + 6 <= hi) {
      uint16_t n[2];
      std::memcpy(n, reinterpret_cast<const void*>(a + 2), 4);
      const Op op = decode_thumb(n[0], n[1]).op;
      hit = op == Op::Load || op == Op::Store;
    }
    if (hit) out.push_back(a);
  }
}

bool arm_run_exclusive(uc_engine* uc, uint64_t pc, ExclusiveMonitor& m) {
  const uint32_t cpsr = read_cpsr(uc);
  if (cpsr & kCpsrT) {
    uint16_t h[2] = {0, 0};
    std::memcpy(h, reinterpret_cast<const void*>(pc), 2);  // the instruction the engine executes
    if (is_it(h[0])) return run_it_block(uc, pc, h[0], m);
    if (thumb_length(h[0]) != 4 || !read_guest(pc, pc + 2, &h[1], 2)) return false;
    const Insn i = decode_thumb(h[0], h[1]);
    if (i.op == Op::None) return false;  // the code at this address is other code
    if (i.op == Op::Clrex) {
      m.valid = false;
      return false;  // the engine clears its own monitor too
    }
    if (!registers_ok(i, true)) return false;
    if (in_it_block(pc)) {
      // The engine executes it (see the top of the file); the condition held.
      const uint64_t addr = static_cast<uint32_t>(read_r(uc, i.rn) + i.imm);
      uint64_t v[2];
      if (i.op == Op::Load && !(addr & (i.size - 1)) && host_load(addr, i.size, v))
        m.valid = true, m.addr = addr, m.size = i.size, m.value[0] = v[0], m.value[1] = 0;
      return false;
    }
    if (!perform(uc, i, m)) return false;
    jump(uc, pc + 4, true);
    return true;
  }
  if (pc & 3) return false;
  uint32_t w;
  std::memcpy(&w, reinterpret_cast<const void*>(pc), 4);
  const Insn i = decode_arm(w);
  if (i.op == Op::None) return false;
  if (i.op == Op::Clrex) {
    m.valid = false;
    return false;
  }
  // A failed condition: the engine skips the instruction.
  if (!cond_passed(i.cond, cpsr) || !registers_ok(i, false) || !perform(uc, i, m)) return false;
  jump(uc, pc + 4, false);
  return true;
}

bool arm_exclusive_target(uc_engine* uc, uint64_t pc, uint64_t& addr, Access& access) {
  Insn i;
  if (read_cpsr(uc) & kCpsrT) {
    uint16_t h[2];
    if (uc_mem_read(uc, pc, h, 4) != UC_ERR_OK) return false;
    i = decode_thumb(h[0], h[1]);
  } else {
    uint32_t w;
    if (uc_mem_read(uc, pc, &w, 4) != UC_ERR_OK) return false;
    i = decode_arm(w);
  }
  if (i.op != Op::Load && i.op != Op::Store && i.op != Op::Swap) return false;
  addr = static_cast<uint32_t>(read_r(uc, i.rn) + i.imm);
  access = i.op == Op::Load ? Access::Read : Access::Write;
  return true;
}

}  // namespace polyrun::cpu
