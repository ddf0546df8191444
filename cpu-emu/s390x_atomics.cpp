// s390x's interlocked-update instructions executed by polyrun with host atomics, so that engines
// of one process can run at the same time (the engine translates them as a plain load, operate
// and store, which loses updates between engines).
//
// The forms (Principles of Operation; the engine's "qemu" CPU model has the facilities each needs):
// - COMPARE AND SWAP: CS, CSY, CSG, and the double forms CDS, CDSY (two 32-bit halves of an
//   even/odd register pair) and CDSG (a 128-bit pair): a host compare-and-swap of the big-endian
//   images (equal images are equal values); on a mismatch the first operand register(s) get what
//   memory held. CC 0 swapped, 1 not.
// - The interlocked-access facility 1's LOAD AND ADD / ADD LOGICAL / AND / OR / EXCLUSIVE OR (LAA,
//   LAAL, LAN, LAO, LAX and their G forms): R1 gets the old value, memory the result; and/or/xor
//   are one locked host instruction on the image, the adds a compare-and-swap loop on the
//   byte-swapped value. ADD IMMEDIATE / ADD LOGICAL WITH SIGNED IMMEDIATE to storage (ASI, AGSI,
//   ALSI, ALGSI), interlocked when the operand is aligned (a misaligned one is left to the engine,
//   as the architecture does not interlock it either).
// - The interlocked-access facility 2's AND / OR / EXCLUSIVE OR immediate to storage (NI, NIY,
//   OI, OIY, XI, XIY; one byte), TEST AND SET (TS; one byte set to ones, CC its leftmost bit).
// - LOAD PAIR DISJOINT (LPD, LPDG: CC 0 when the two loads were interlocked, which polyrun tells
//   by reading the first operand again; 3 when it changed meanwhile).
// - COMPARE AND SWAP AND STORE (CSST): the compare-and-swap is atomic, and so is the store, but
//   not the two together (as in qemu's parallel guests).
//
// Not taken: LOAD PAIR FROM QUADWORD and STORE PAIR TO QUADWORD (LPQ, STPQ), whose 128-bit access
// the engine makes as two 64-bit ones. They keep the condition code, which the engine holds
// lazily: inside a block it knows the operation that sets it only at translation time, and an
// exit from an instruction hook there leaves the code of an earlier block in its place (measured:
// `chi` then a hooked `lpq` read CC 0 after it). Every form taken here sets the condition code.
//
// Nor is an atomic instruction run as the target of EXECUTE (EX, EXRL): the hooks are on the
// instructions' own addresses, which compilers' code never reaches that way (glibc executes MVC,
// CLC and XC so).
//
// The condition code is written through the PSW mask (the engine takes it from there); the
// program mask's fixed-point-overflow bit makes a signed add that overflows an interruption,
// which the engine raises itself: with it set, signed adds are left to the engine. An operand
// the architecture wants aligned and is not, a register pair not even, or an address the host
// refuses, is left to the engine too, which raises the guest's exception (specification,
// addressing, protection). The host's locked instructions are full barriers, as the
// architecture's serialization of these instructions asks.
#include <unicorn/unicorn.h>

#include <cstdint>
#include <cstring>

#include "cpu-emu/host_atomics.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

enum class Op {
  Cs, Cds, Cdsg,     // compare and swap: one value, two 32-bit halves, two 64-bit halves
  Laa, Laal, Lan, Lao, Lax,
  Asi, Alsi,         // signed and logical add of a signed immediate
  Ni, Oi, Xi, Ts,
  Lpd, Csst,
};

struct Insn {
  Op op;
  unsigned len = 0;   // bytes
  unsigned size = 0;  // operand bytes
  unsigned r1 = 0, r3 = 0;
  unsigned b = 0;         // the storage operand's base register (0: none; no form has an index)
  int64_t d = 0;          // and displacement
  unsigned b2 = 0;        // LPD's and CSST's second storage operand
  int64_t d2 = 0;
  int64_t imm = 0;  // SI and SIY forms' immediate (signed for the adds, unsigned for the others)
};

unsigned insn_length(uint8_t first) {
  const unsigned k = first >> 6;
  return k == 0 ? 2 : k == 3 ? 6 : 4;
}

// Base and 12-bit unsigned displacement from a halfword B DDD.
void base_disp(const uint8_t* p, unsigned& b, int64_t& d) {
  b = p[0] >> 4;
  d = (p[0] & 15) << 8 | p[1];
}

// Base and 20-bit signed displacement of the RSY and SIY formats (bytes 2-4: B DL DL DH).
void base_long_disp(const uint8_t* p, unsigned& b, int64_t& d) {
  b = p[2] >> 4;
  d = static_cast<int64_t>(static_cast<int8_t>(p[4])) * 4096 + ((p[2] & 15) << 8 | p[3]);
}

bool decode(const uint8_t* p, Insn& in) {
  in.len = insn_length(p[0]);
  switch (p[0]) {
    case 0xba:  // CS R1,R3,D2(B2)
    case 0xbb:  // CDS
      in.op = p[0] == 0xba ? Op::Cs : Op::Cds;
      in.size = p[0] == 0xba ? 4 : 8;
      in.r1 = p[1] >> 4, in.r3 = p[1] & 15;
      base_disp(p + 2, in.b, in.d);
      return true;
    case 0x93:  // TS D2(B2)
      in.op = Op::Ts, in.size = 1;
      base_disp(p + 2, in.b, in.d);
      return true;
    case 0x94: case 0x96: case 0x97:  // NI, OI, XI D1(B1),I2
      in.op = p[0] == 0x94 ? Op::Ni : p[0] == 0x96 ? Op::Oi : Op::Xi;
      in.size = 1, in.imm = p[1];
      base_disp(p + 2, in.b, in.d);
      return true;
    case 0xeb: {
      const uint8_t op2 = p[5];
      switch (op2) {
        case 0x6a: case 0x7a: case 0x6e: case 0x7e:  // ASI, AGSI, ALSI, ALGSI D1(B1),I2
        case 0x54: case 0x56: case 0x57:             // NIY, OIY, XIY
          in.op = op2 == 0x6a || op2 == 0x7a ? Op::Asi : op2 == 0x6e || op2 == 0x7e ? Op::Alsi
                  : op2 == 0x54 ? Op::Ni : op2 == 0x56 ? Op::Oi : Op::Xi;
          in.size = op2 == 0x6a || op2 == 0x6e ? 4 : op2 == 0x7a || op2 == 0x7e ? 8 : 1;
          in.imm = in.size == 1 ? p[1] : static_cast<int8_t>(p[1]);
          base_long_disp(p, in.b, in.d);
          return true;
        case 0x14: in.op = Op::Cs, in.size = 4; break;     // CSY
        case 0x30: in.op = Op::Cs, in.size = 8; break;     // CSG
        case 0x31: in.op = Op::Cds, in.size = 8; break;    // CDSY
        case 0x3e: in.op = Op::Cdsg, in.size = 16; break;  // CDSG
        case 0xf8: in.op = Op::Laa, in.size = 4; break;    // LAA
        case 0xe8: in.op = Op::Laa, in.size = 8; break;    // LAAG
        case 0xfa: in.op = Op::Laal, in.size = 4; break;   // LAAL
        case 0xea: in.op = Op::Laal, in.size = 8; break;   // LAALG
        case 0xf4: in.op = Op::Lan, in.size = 4; break;    // LAN
        case 0xe4: in.op = Op::Lan, in.size = 8; break;    // LANG
        case 0xf6: in.op = Op::Lao, in.size = 4; break;    // LAO
        case 0xe6: in.op = Op::Lao, in.size = 8; break;    // LAOG
        case 0xf7: in.op = Op::Lax, in.size = 4; break;    // LAX
        case 0xe7: in.op = Op::Lax, in.size = 8; break;    // LAXG
        default: return false;
      }
      in.r1 = p[1] >> 4, in.r3 = p[1] & 15;  // RSY-a: R1,R3,D2(B2)
      base_long_disp(p, in.b, in.d);
      return true;
    }
    case 0xc8: {  // SSF: LPD, LPDG, CSST R3,D1(B1),D2(B2) (CSST: D1(B1),D2(B2),R3)
      const unsigned op2 = p[1] & 15;
      if (op2 != 4 && op2 != 5 && op2 != 2) return false;
      in.op = op2 == 2 ? Op::Csst : Op::Lpd;
      in.size = op2 == 4 ? 4 : 8;
      in.r3 = p[1] >> 4;
      base_disp(p + 2, in.b, in.d);
      base_disp(p + 4, in.b2, in.d2);
      return true;
    }
    default:
      return false;
  }
}

uint64_t gr(uc_engine* uc, unsigned n) {
  uint64_t v = 0;
  uc_reg_read(uc, UC_S390X_REG_R0 + static_cast<int>(n), &v);
  return v;
}

void set_gr(uc_engine* uc, unsigned n, uint64_t v) { uc_reg_write(uc, UC_S390X_REG_R0 + static_cast<int>(n), &v); }

// Bits 32-63 of a register (its low word), the rest kept.
void set_gr_low(uc_engine* uc, unsigned n, uint64_t v) {
  set_gr(uc, n, (gr(uc, n) & ~0xffffffffull) | (v & 0xffffffffull));
}

uint64_t address(uc_engine* uc, unsigned b, int64_t d) {
  // 64-bit addressing mode: the sum wraps at 2^64.
  return static_cast<uint64_t>(d) + (b ? gr(uc, b) : 0);
}

// A value's big-endian image in host memory, as a host integer of `size` bytes, and back.
uint64_t image(uint64_t v, unsigned size) {
  switch (size) {
    case 1: return v & 0xff;
    case 2: return __builtin_bswap16(static_cast<uint16_t>(v));
    case 4: return __builtin_bswap32(static_cast<uint32_t>(v));
    default: return __builtin_bswap64(v);
  }
}

constexpr uint64_t kCcShift = 44;  // the condition code is bits 18-19 of the PSW
constexpr uint64_t kFixedOverflowMask = 1ull << 43;  // program mask bit 20

// What the interlocked add of `src` to `old` gives, with its condition code: signed (0 zero,
// 1 negative, 2 positive, 3 overflow) or logical (0 zero, 1 not zero; +2 with a carry out).
uint64_t add(uint64_t old, uint64_t src, unsigned size, bool logical, unsigned& cc) {
  if (size == 4) {
    const uint32_t a = static_cast<uint32_t>(old), b = static_cast<uint32_t>(src);
    const uint32_t r = a + b;
    if (logical) {
      cc = (r != 0 ? 1 : 0) | (r < a ? 2 : 0);
    } else {
      int32_t s;
      const bool overflow = __builtin_add_overflow(static_cast<int32_t>(a), static_cast<int32_t>(b), &s);
      cc = overflow ? 3 : s == 0 ? 0 : s < 0 ? 1 : 2;
    }
    return r;
  }
  const uint64_t r = old + src;
  if (logical) {
    cc = (r != 0 ? 1 : 0) | (r < old ? 2 : 0);
  } else {
    int64_t s;
    const bool overflow = __builtin_add_overflow(static_cast<int64_t>(old), static_cast<int64_t>(src), &s);
    cc = overflow ? 3 : s == 0 ? 0 : s < 0 ? 1 : 2;
  }
  return r;
}

// Memory at addr (big-endian, `size` bytes) += src, atomically; `old` what it held. False: a
// host fault.
bool interlocked_add(uint64_t addr, unsigned size, uint64_t src, bool logical, uint64_t& old, unsigned& cc) {
  uint64_t seen[2];
  if (!host_load(addr, size, seen)) return false;
  for (;;) {
    old = image(seen[0], size);
    const uint64_t want[2] = {image(add(old, src, size, logical, cc), size), 0};
    const int r = host_cmpxchg(addr, size, seen, want);
    if (r < 0) return false;
    if (r) return true;
  }
}

// A 128-bit store as one access: a compare-and-swap loop.
bool store16(uint64_t addr, const uint64_t value[2]) {
  uint64_t seen[2];
  if (!host_load(addr, 16, seen)) return false;
  for (;;) {
    const int r = host_cmpxchg(addr, 16, seen, value);
    if (r < 0) return false;
    if (r) return true;
  }
}

// Executes the instruction and sets `cc` to the condition code it leaves; false when it is left
// to the engine.
bool execute(uc_engine* uc, const Insn& in, uint64_t psw_mask, unsigned& cc) {
  const uint64_t addr = address(uc, in.b, in.d);
  const unsigned size = in.size;
  // (Every operand's alignment: CS's family, LPD and the interlocked-access forms must
  // be aligned or the architecture raises a specification exception; ASI's family is interlocked
  // only when aligned.)
  if (in.op != Op::Csst && (addr & (size - 1))) return false;
  switch (in.op) {
    case Op::Cs: {
      uint64_t seen[2] = {image(gr(uc, in.r1), size), 0};
      const uint64_t want[2] = {image(gr(uc, in.r3), size), 0};
      const int r = host_cmpxchg(addr, size, seen, want);
      if (r < 0) return false;
      if (!r) {
        if (size == 4)
          set_gr_low(uc, in.r1, image(seen[0], 4));
        else
          set_gr(uc, in.r1, image(seen[0], 8));
      }
      cc = r ? 0 : 1;
      return true;
    }
    case Op::Cds: {  // R1, R1+1 bits 32-63: the doubleword's left and right words
      if ((in.r1 | in.r3) & 1) return false;
      const auto pair = [&](unsigned r) { return (gr(uc, r) & 0xffffffffull) << 32 | (gr(uc, r + 1) & 0xffffffffull); };
      uint64_t seen[2] = {image(pair(in.r1), 8), 0};
      const uint64_t want[2] = {image(pair(in.r3), 8), 0};
      const int r = host_cmpxchg(addr, 8, seen, want);
      if (r < 0) return false;
      if (!r) {
        const uint64_t v = image(seen[0], 8);
        set_gr_low(uc, in.r1, v >> 32);
        set_gr_low(uc, in.r1 + 1, v);
      }
      cc = r ? 0 : 1;
      return true;
    }
    case Op::Cdsg: {  // R1 the quadword's left doubleword, R1+1 its right one
      if ((in.r1 | in.r3) & 1) return false;
      uint64_t seen[2] = {image(gr(uc, in.r1), 8), image(gr(uc, in.r1 + 1), 8)};
      const uint64_t want[2] = {image(gr(uc, in.r3), 8), image(gr(uc, in.r3 + 1), 8)};
      const int r = host_cmpxchg(addr, 16, seen, want);
      if (r < 0) return false;
      if (!r) {
        set_gr(uc, in.r1, image(seen[0], 8));
        set_gr(uc, in.r1 + 1, image(seen[1], 8));
      }
      cc = r ? 0 : 1;
      return true;
    }
    case Op::Laa:
    case Op::Laal: {
      const bool logical = in.op == Op::Laal;
      if (!logical && (psw_mask & kFixedOverflowMask)) return false;
      uint64_t old;
      unsigned c;
      if (!interlocked_add(addr, size, gr(uc, in.r3), logical, old, c)) return false;
      if (size == 4)
        set_gr_low(uc, in.r1, old);
      else
        set_gr(uc, in.r1, old);
      cc = c;
      return true;
    }
    case Op::Lan:
    case Op::Lao:
    case Op::Lax: {
      const HostOp hop = in.op == Op::Lan ? HostOp::And : in.op == Op::Lao ? HostOp::Or : HostOp::Xor;
      const uint64_t src = gr(uc, in.r3);
      uint64_t raw;
      if (!host_fetch_op(addr, size, hop, image(src, size), raw)) return false;
      const uint64_t old = image(raw, size);
      uint64_t result = hop == HostOp::And ? old & src : hop == HostOp::Or ? old | src : old ^ src;
      if (size == 4) {
        result &= 0xffffffffull;
        set_gr_low(uc, in.r1, old);
      } else {
        set_gr(uc, in.r1, old);
      }
      cc = result ? 1 : 0;
      return true;
    }
    case Op::Asi:
    case Op::Alsi: {
      const bool logical = in.op == Op::Alsi;
      if (!logical && (psw_mask & kFixedOverflowMask)) return false;
      uint64_t old;
      unsigned c;
      if (!interlocked_add(addr, size, static_cast<uint64_t>(in.imm), logical, old, c)) return false;
      cc = c;
      return true;
    }
    case Op::Ni:
    case Op::Oi:
    case Op::Xi: {
      const HostOp hop = in.op == Op::Ni ? HostOp::And : in.op == Op::Oi ? HostOp::Or : HostOp::Xor;
      const uint64_t src = static_cast<uint64_t>(in.imm) & 0xff;
      uint64_t old;
      if (!host_fetch_op(addr, 1, hop, src, old)) return false;
      const uint64_t result = hop == HostOp::And ? old & src : hop == HostOp::Or ? old | src : old ^ src;
      cc = result ? 1 : 0;
      return true;
    }
    case Op::Ts: {
      uint64_t old;
      if (!host_fetch_op(addr, 1, HostOp::Exchange, 0xff, old)) return false;
      cc = old & 0x80 ? 1 : 0;
      return true;
    }
    case Op::Lpd: {  // R3 <- the first operand, R3+1 <- the second
      if (in.r3 & 1) return false;
      const uint64_t addr2 = address(uc, in.b2, in.d2);
      if (addr2 & (size - 1)) return false;
      uint64_t first[2], second[2], again[2];
      if (!host_load(addr, size, first) || !host_load(addr2, size, second) || !host_load(addr, size, again))
        return false;
      if (size == 4) {
        set_gr_low(uc, in.r3, image(first[0], 4));
        set_gr_low(uc, in.r3 + 1, image(second[0], 4));
      } else {
        set_gr(uc, in.r3, image(first[0], 8));
        set_gr(uc, in.r3 + 1, image(second[0], 8));
      }
      cc = first[0] == again[0] ? 0 : 3;
      return true;
    }
    case Op::Csst: {
      // Function code (r0 bits 56-63): compare-and-swap of 4, 8 or 16 bytes; storage
      // characteristic (bits 48-55): a store of 1 << sc bytes; the parameter list at r1 (rounded
      // down to 16) holds the replacement value at +0 and the store value at +16, left-aligned.
      const uint64_t r0 = gr(uc, 0);
      const unsigned fc = r0 & 0xff, sc = (r0 >> 8) & 0xff;
      if (fc > 2 || sc > 4 || (fc == 2 && (in.r3 & 1))) return false;
      const unsigned csize = 4u << fc, ssize = 1u << sc;
      const uint64_t addr2 = address(uc, in.b2, in.d2);
      if ((addr & (csize - 1)) || (addr2 & (ssize - 1))) return false;
      const uint64_t list = gr(uc, 1) & ~15ull;
      uint64_t replace[2], store[2], probe;
      // (Doubleword loads: a 16-byte one would need the list writable.)
      for (unsigned i = 0; i < 4; ++i) {
        uint64_t v[2];
        if (!host_load(list + 8 * i, 8, v)) return false;
        (i < 2 ? replace : store)[i & 1] = v[0];
      }
      // The store's operand must be writable before anything is swapped: an atomic OR of 0
      // writes nothing.
      if (!host_fetch_op(addr2 & ~7ull, 8, HostOp::Or, 0, probe)) return false;
      uint64_t seen[2], want[2] = {0, 0};
      if (fc == 2) {
        seen[0] = image(gr(uc, in.r3), 8), seen[1] = image(gr(uc, in.r3 + 1), 8);
        want[0] = replace[0], want[1] = replace[1];
      } else {
        seen[0] = image(gr(uc, in.r3), csize), seen[1] = 0;
        want[0] = csize == 4 ? replace[0] & 0xffffffffull : replace[0];
      }
      const int r = host_cmpxchg(addr, csize, seen, want);
      if (r < 0) return false;
      if (!r) {
        if (fc == 0) {
          set_gr_low(uc, in.r3, image(seen[0], 4));
        } else {
          set_gr(uc, in.r3, image(seen[0], 8));
          if (fc == 2) set_gr(uc, in.r3 + 1, image(seen[1], 8));
        }
        cc = 1;
        return true;
      }
      // The store value's leftmost bytes, as they lie in the list (its page was probed writable).
      if (ssize == 16) {
        store16(addr2, store);
      } else {
        uint64_t old;
        host_fetch_op(addr2, ssize, HostOp::Exchange, ssize == 8 ? store[0] : store[0] & ((1ull << (8 * ssize)) - 1), old);
      }
      cc = 0;
      return true;
    }
  }
  return false;
}

}  // namespace

void s390x_find_atomic(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) {
  // lo is an instruction's start (a block's); each instruction's length is in its first byte.
  for (uint64_t a = lo; a + 2 <= hi;) {
    const auto* p = reinterpret_cast<const uint8_t*>(a);
    const unsigned len = insn_length(p[0]);
    if (a + len > hi) break;
    Insn in;
    if (decode(p, in)) out.push_back(a);
    a += len;
  }
}

bool s390x_run_atomic(uc_engine* uc, uint64_t pc, ExclusiveMonitor&) {
  uint8_t bytes[6];
  std::memcpy(bytes, reinterpret_cast<const void*>(pc), 2);
  const unsigned len = insn_length(bytes[0]);
  if (len > 2) std::memcpy(bytes + 2, reinterpret_cast<const void*>(pc + 2), len - 2);
  Insn in;
  if (!decode(bytes, in)) return false;  // the code at this address changed
  uint64_t mask = 0;
  uc_reg_read(uc, UC_S390X_REG_PSWM, &mask);
  unsigned cc = 0;
  if (!execute(uc, in, mask, cc)) return false;
  mask = (mask & ~(3ull << kCcShift)) | static_cast<uint64_t>(cc) << kCcShift;
  uc_reg_write(uc, UC_S390X_REG_PSWM, &mask);
  const uint64_t next = pc + in.len;
  uc_reg_write(uc, UC_S390X_REG_PC, &next);  // the engine goes on after the instruction
  return true;
}

}  // namespace polyrun::cpu
