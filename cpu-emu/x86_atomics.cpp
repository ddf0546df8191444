// i386 atomic instructions executed by polyrun with host atomics, so that engines of one process
// can run at the same time (the engine translates a `lock` prefix away: its read-modify-writes
// are a plain load, operation and store, which loses updates between engines).
//
// Finding them: x86 instructions have no fixed size or alignment, so a byte scan cannot tell a
// `lock` prefix from a data byte; they are decoded one by one from the start of a block the
// engine runs (UnicornCpu::scan_block), which is an instruction boundary, to the block's end.
//
// Executing them: each form runs as the host's own locked instruction of the same size on the
// guest's address (guest memory is host memory at the same address), with the flags it leaves
// taken from the host (pushfq): xchg, xadd, cmpxchg and cmpxchg8b (lock cmpxchg of 64 bits), add,
// or, adc, sbb, and, sub, xor, inc, dec, not, neg, bts, btr and btc. The registers and the flags
// the instruction defines are written back, the others kept, and eip moved past it (which ends
// the engine's block there: measured, cpu-emu/engine_probe.cpp section 10). An access the host
// refuses is left to the engine, which raises the guest's fault.
#include "cpu-emu/x86_atomics.h"

#include <unicorn/unicorn.h>

#include <cstring>

#include "common/fault_report.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace x86 {

namespace {

// What follows an opcode, by map, 16 opcodes a row: '.' nothing, 'm' ModRM, 'b' imm8, 'w' imm16,
// 'z' imm16/32 (operand size), 'M' ModRM and imm8, 'Z' ModRM and imm16/32, 'e' imm16 and imm8
// (enter), 'p' a far pointer (imm16/32 and a selector), 'o' a memory offset (address size), 'g'
// and 'G' ModRM and, for /0 and /1 (test), imm8 or imm16/32; 'r' a ModRM byte that names
// registers whatever its mod (mov to and from control and debug registers); 'P' a prefix, 'E' the
// 0F escape, 'T' the 0F 38 and 0F 3A escapes; 'x' not known (undefined, or no compiler emits it).
constexpr char kOneByteMap[] =
    "mmmmbz..mmmmbz.E"   // 00 add, push/pop es, or, push cs, 0F
    "mmmmbz..mmmmbz.."   // 10 adc, sbb
    "mmmmbzP.mmmmbzP."   // 20 and, es:, daa, sub, cs:, das
    "mmmmbzP.mmmmbzP."   // 30 xor, ss:, aaa, cmp, ds:, aas
    "................"   // 40 inc, dec
    "................"   // 50 push, pop
    "..mmPPPPzZbM...."   // 60 pusha, popa, bound, arpl, fs: gs: 66 67, push, imul, ins, outs
    "bbbbbbbbbbbbbbbb"   // 70 jcc rel8
    "MZMMmmmmmmmmmmmm"   // 80 group 1, test, xchg, mov, lea, pop
    "..........p....."   // 90 xchg eax, cbw, cwd, call far, fwait, pushf, popf, sahf, lahf
    "oooo....bz......"   // A0 mov moffs, movs, cmps, test, stos, lods, scas
    "bbbbbbbbzzzzzzzz"   // B0 mov imm
    "MMw.mmMZe.w..b.."   // C0 shifts, ret, les, lds, mov, enter, leave, retf, int3, int, into, iret
    "mmmmbb..mmmmmmmm"   // D0 shifts, aam, aad, salc, xlat, x87
    "bbbbbbbbzzpb...."   // E0 loop, jcxz, in, out, call, jmp, jmp far, jmp rel8, in, out
    "P.PP..gG......mm";  // F0 lock, icebp, repne, rep, hlt, cmc, group 3, clc … std, group 4/5
constexpr char k0FMap[] =
    "mmmmx.....x.xm.M"   // 00 groups 6/7, lar, lsl, syscall … ud2, prefetch, femms, 3DNow!
    "mmmmmmmmmmmmmmmm"   // 10 SSE moves, prefetch and hint nops
    "rrrrxxxxmmmmmmmm"   // 20 mov cr/dr, SSE
    "........TxTxxxxx"   // 30 wrmsr … getsec, 0F 38, 0F 3A
    "mmmmmmmmmmmmmmmm"   // 40 cmovcc
    "mmmmmmmmmmmmmmmm"   // 50 SSE
    "mmmmmmmmmmmmmmmm"   // 60 MMX/SSE
    "MMMMmmm.xxxxmmmm"   // 70 pshuf, shift groups, pcmpeq, emms, SSE3, movd/movq
    "zzzzzzzzzzzzzzzz"   // 80 jcc rel16/32
    "mmmmmmmmmmmmmmmm"   // 90 setcc
    "...mMmxx...mMmmm"   // A0 push/pop fs, cpuid, bt, shld, push/pop gs, rsm, bts, shrd, group 15, imul
    "mmmmmmmmmmMmmmmm"   // B0 cmpxchg, lss, btr, lfs, lgs, movzx, popcnt, ud1, group 8, btc, bsf, bsr, movsx
    "mmMmMMMm........"   // C0 xadd, cmpps, movnti, pinsrw, pextrw, shufps, group 9, bswap
    "mmmmmmmmmmmmmmmm"   // D0 MMX/SSE
    "mmmmmmmmmmmmmmmm"   // E0
    "mmmmmmmmmmmmmmmm";  // F0
static_assert(sizeof kOneByteMap == 257 && sizeof k0FMap == 257);

}  // namespace

bool decode32(const uint8_t* code, size_t avail, Insn& out) {
  out = Insn{};
  const size_t limit = avail < 15 ? avail : 15;
  size_t n = 0;
  auto next = [&](uint8_t& b) {
    if (n >= limit) return false;
    b = __atomic_load_n(code + n++, __ATOMIC_RELAXED);  // (guest code: other threads may write it)
    return true;
  };
  uint8_t b = 0;
  for (;;) {
    if (!next(b)) return false;
    switch (b) {
      case 0x26: out.segment = kEs; continue;
      case 0x2e: out.segment = kCs; continue;
      case 0x36: out.segment = kSs; continue;
      case 0x3e: out.segment = kDs; continue;
      case 0x64: out.segment = kFs; continue;
      case 0x65: out.segment = kGs; continue;
      case 0x66: out.opsize16 = true; continue;
      case 0x67: out.addr16 = true; continue;
      case 0xf0: out.lock = true; continue;
      case 0xf2: case 0xf3: continue;  // rep/repne (and SSE's mandatory prefixes): no bytes
      default: break;
    }
    break;
  }
  char kind = kOneByteMap[b];
  // C4 and C5 before a byte whose top bits are 11 are the 3- and 2-byte VEX prefixes (les and lds
  // take a memory operand only): the map and the opcode follow (BMI1, BMI2 and any AVX encoding;
  // the engine raises #UD at those it does not know, which ends its block there).
  int modrm_read = -1;  // les and lds: their ModRM byte, read already
  if (b == 0xc4 || b == 0xc5) {
    uint8_t v1 = 0;
    if (!next(v1)) return false;
    if ((v1 >> 6) != 3) {
      modrm_read = v1;
    } else {
      unsigned map = 1;  // 1: 0F, 2: 0F 38, 3: 0F 3A
      if (b == 0xc4) {
        map = v1 & 0x1f;
        if (!next(v1)) return false;  // W vvvv L pp
      }
      if (map < 1 || map > 3 || !next(b)) return false;
      out.vex = true;
      out.map = map == 1 ? k0F : map == 2 ? k0F38 : k0F3A;
      kind = map == 1 ? k0FMap[b] : map == 2 ? 'm' : 'M';
      if (kind != '.' && kind != 'm' && kind != 'M') return false;
    }
  }
  if (kind == 'E') {
    if (!next(b)) return false;
    kind = k0FMap[b];
    out.map = k0F;
    if (kind == 'T') {
      out.map = b == 0x38 ? k0F38 : k0F3A;
      kind = b == 0x38 ? 'm' : 'M';
      if (!next(b)) return false;
    }
  }
  out.opcode = b;
  if (kind == 'x' || kind == 'P' || kind == 'E' || kind == 'T') return false;
  if (kind == 'r') {
    out.has_modrm = true;
    if (!next(out.modrm)) return false;
    out.modrm |= 0xc0;
  } else if (kind == 'm' || kind == 'M' || kind == 'Z' || kind == 'g' || kind == 'G') {
    out.has_modrm = true;
    if (modrm_read >= 0) {
      out.modrm = static_cast<uint8_t>(modrm_read);
    } else if (!next(out.modrm)) {
      return false;
    }
    const unsigned mod = out.mod(), rm = out.rm();
    // bound with a register operand is the EVEX prefix (AVX-512), which the engine does not
    // decode: it raises #UD there.
    if (out.map == kOneByte && mod == 3 && b == 0x62) return false;
    unsigned disp = 0;
    if (mod == 3) {
    } else if (out.addr16) {
      disp = mod == 1 ? 1 : mod == 2 || (mod == 0 && rm == 6) ? 2 : 0;
    } else {
      if (rm == 4) {
        out.has_sib = true;
        if (!next(out.sib)) return false;
      }
      const bool no_base = mod == 0 && (rm == 5 || (rm == 4 && (out.sib & 7) == 5));
      disp = mod == 1 ? 1 : mod == 2 || no_base ? 4 : 0;
    }
    uint32_t d = 0;
    for (unsigned i = 0; i < disp; ++i) {
      if (!next(b)) return false;
      d |= static_cast<uint32_t>(b) << (8 * i);
    }
    out.disp = disp == 1 ? static_cast<int8_t>(d) : disp == 2 ? static_cast<int16_t>(d) : static_cast<int32_t>(d);
  }
  const unsigned z = out.opsize16 ? 2 : 4;
  unsigned imm = 0;
  switch (kind) {
    case 'b': case 'M': imm = 1; break;
    case 'w': imm = 2; break;
    case 'z': case 'Z': imm = z; break;
    case 'e': imm = 3; break;
    case 'p': imm = z + 2; break;
    case 'o': imm = out.addr16 ? 2 : 4; break;
    case 'g': imm = out.reg() < 2 ? 1 : 0; break;
    case 'G': imm = out.reg() < 2 ? z : 0; break;
    default: break;
  }
  for (unsigned i = 0; i < imm; ++i) {
    if (!next(b)) return false;
    if (i < 4) out.imm |= static_cast<uint32_t>(b) << (8 * i);
  }
  out.imm_bytes = static_cast<uint8_t>(imm);
  out.length = static_cast<uint8_t>(n);
  return true;
}

bool is_atomic(const Insn& in) {
  if (!in.memory_operand() || in.vex) return false;  // (a lock prefix before VEX is #UD)
  const uint8_t op = in.opcode;
  if (in.map == kOneByte && (op == 0x86 || op == 0x87)) return true;  // xchg: locked by itself
  if (!in.lock) return false;
  if (in.map == kOneByte) {
    if (op <= 0x31) return (op & 7) <= 1;           // add … xor, r/m destination (0x38: cmp)
    if (op >= 0x80 && op <= 0x83) return in.reg() != 7;  // group 1 but cmp
    if (op == 0xf6 || op == 0xf7) return in.reg() == 2 || in.reg() == 3;  // not, neg
    if (op == 0xfe || op == 0xff) return in.reg() <= 1;  // inc, dec
    return false;
  }
  if (in.map != k0F) return false;
  switch (op) {
    case 0xc0: case 0xc1: case 0xb0: case 0xb1: case 0xab: case 0xb3: case 0xbb: return true;
    case 0xc7: return in.reg() == 1;  // cmpxchg8b
    case 0xba: return in.reg() >= 5;  // bts, btr, btc with an immediate
    default: return false;
  }
}

uint32_t effective_address(const Insn& in, const uint32_t (&r)[8], int& segment) {
  segment = x86::kDs;
  if (in.addr16) {
    static constexpr int8_t kBase[8] = {3, 3, 5, 5, -1, -1, 5, 3}, kIndex[8] = {6, 7, 6, 7, 6, 7, -1, -1};
    const unsigned rm = in.rm();
    uint32_t ea = static_cast<uint32_t>(in.disp);
    if (in.mod() == 0 && rm == 6) return ea & 0xffff;
    if (kBase[rm] >= 0) ea += r[kBase[rm]];
    if (kIndex[rm] >= 0) ea += r[kIndex[rm]];
    if (kBase[rm] == 5) segment = x86::kSs;
    return ea & 0xffff;
  }
  uint32_t ea = static_cast<uint32_t>(in.disp);
  if (in.has_sib) {
    const unsigned base = in.sib & 7, index = in.sib >> 3 & 7, scale = in.sib >> 6;
    if (!(base == 5 && in.mod() == 0)) {
      ea += r[base];
      if (base == 4 || base == 5) segment = x86::kSs;
    }
    if (index != 4) ea += r[index] << scale;
  } else if (!(in.rm() == 5 && in.mod() == 0)) {
    ea += r[in.rm()];
    if (in.rm() == 5) segment = x86::kSs;
  }
  return ea;
}

}  // namespace x86

namespace {

using x86::Insn;

// Flags: OF SF ZF AF PF (and CF) as arithmetic leaves them.
constexpr uint32_t kArithFlags = 0x8d5, kCf = 0x001, kZf = 0x040;

// The host's flags after the instruction before it, pushed below the red zone the compiler may
// keep locals in.
#define POLYRUN_FLAGS_OUT "\n\tlea -128(%%rsp), %%rsp\n\tpushfq\n\tpopq %q[f]\n\tlea 128(%%rsp), %%rsp"
// `text` on the memory operand %[m] (*p), the flags it leaves in f; the inputs follow.
#define POLYRUN_LOCKED(text, ...) \
  asm volatile(text POLYRUN_FLAGS_OUT : [m] "+m"(*p), [f] "=&r"(f) : __VA_ARGS__ : "cc", "memory")

// add, or, adc, sbb, and, sub, xor (the group-1 numbering) of `src` into *p; `cf` is the carry
// adc and sbb take. Returns the host's flags.
template <typename T>
uint64_t locked_alu(unsigned op, T* p, T src, uint32_t cf) {
  uint64_t f = 0;
  switch (op) {
    case 0: POLYRUN_LOCKED("lock add %[s], %[m]", [s] "r"(src)); break;
    case 1: POLYRUN_LOCKED("lock or %[s], %[m]", [s] "r"(src)); break;
    case 2: POLYRUN_LOCKED("bt $0, %[c]\n\tlock adc %[s], %[m]", [s] "r"(src), [c] "r"(cf)); break;
    case 3: POLYRUN_LOCKED("bt $0, %[c]\n\tlock sbb %[s], %[m]", [s] "r"(src), [c] "r"(cf)); break;
    case 4: POLYRUN_LOCKED("lock and %[s], %[m]", [s] "r"(src)); break;
    case 5: POLYRUN_LOCKED("lock sub %[s], %[m]", [s] "r"(src)); break;
    default: POLYRUN_LOCKED("lock xor %[s], %[m]", [s] "r"(src)); break;
  }
  return f;
}

// inc, dec, not, neg (0–3) of *p, one size each (no register operand tells the assembler).
#define POLYRUN_UNARY(T, SUFFIX)                                        \
  uint64_t locked_unary(unsigned op, T* p) {                           \
    uint64_t f = 0;                                                    \
    switch (op) {                                                      \
      case 0: POLYRUN_LOCKED("lock inc" SUFFIX " %[m]"); break;        \
      case 1: POLYRUN_LOCKED("lock dec" SUFFIX " %[m]"); break;        \
      case 2: POLYRUN_LOCKED("lock not" SUFFIX " %[m]"); break;        \
      default: POLYRUN_LOCKED("lock neg" SUFFIX " %[m]"); break;       \
    }                                                                  \
    return f;                                                          \
  }
POLYRUN_UNARY(uint8_t, "b")
POLYRUN_UNARY(uint16_t, "w")
POLYRUN_UNARY(uint32_t, "l")
#undef POLYRUN_UNARY

// xadd (`r` gets the old value), xchg (likewise), cmpxchg (`acc` gets the old value when it
// differs).
template <typename T>
uint64_t locked_xadd(T* p, T& r) {
  uint64_t f = 0;
  asm volatile("lock xadd %[r], %[m]" POLYRUN_FLAGS_OUT : [m] "+m"(*p), [r] "+r"(r), [f] "=&r"(f) : : "cc", "memory");
  return f;
}
template <typename T>
void locked_xchg(T* p, T& r) {
  asm volatile("xchg %[r], %[m]" : [m] "+m"(*p), [r] "+r"(r) : : "memory");
}
template <typename T>
uint64_t locked_cmpxchg(T* p, T& acc, T src) {
  uint64_t f = 0;
  asm volatile("lock cmpxchg %[s], %[m]" POLYRUN_FLAGS_OUT
               : [m] "+m"(*p), "+a"(acc), [f] "=&r"(f) : [s] "r"(src) : "cc", "memory");
  return f;
}
// bts, btr, btc (1–3) of bit `bit` (below the operand's width) of *p.
template <typename T>
uint64_t locked_bit(unsigned op, T* p, T bit) {
  uint64_t f = 0;
  switch (op) {
    case 1: POLYRUN_LOCKED("lock bts %[b], %[m]", [b] "r"(bit)); break;
    case 2: POLYRUN_LOCKED("lock btr %[b], %[m]", [b] "r"(bit)); break;
    default: POLYRUN_LOCKED("lock btc %[b], %[m]", [b] "r"(bit)); break;
  }
  return f;
}
#undef POLYRUN_LOCKED
// cmpxchg8b: edx:eax against the 8 bytes, ecx:ebx stored where equal; `expected` gets the old
// value. True where equal (ZF).
bool locked_cmpxchg8(uint64_t* p, uint64_t& expected, uint64_t desired) {
  bool equal = false;
  asm volatile("lock cmpxchg %[d], %[m]"
               : [m] "+m"(*p), "+a"(expected), "=@ccz"(equal) : [d] "r"(desired) : "memory");
  return equal;
}
#undef POLYRUN_FLAGS_OUT

// The general registers and eflags, as the instruction finds them and leaves them.
struct Regs {
  static constexpr int kIds[9] = {UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX, UC_X86_REG_ESP,
                                  UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI, UC_X86_REG_EFLAGS};
  uint32_t r[8] = {};
  uint32_t eflags = 0;
  unsigned written = 0;  // a bit per register of r

  bool read(uc_engine* uc) {
    uint64_t v[9] = {};
    void* ptrs[9];
    for (int i = 0; i < 9; ++i) ptrs[i] = &v[i];
    int ids[9];
    std::memcpy(ids, kIds, sizeof ids);
    if (uc_reg_read_batch(uc, ids, ptrs, 9) != UC_ERR_OK) return false;
    for (int i = 0; i < 8; ++i) r[i] = static_cast<uint32_t>(v[i]);
    eflags = static_cast<uint32_t>(v[8]);
    return true;
  }
  // Register n of the operand size (1: AL CL DL BL AH CH DH BH).
  uint32_t get(unsigned n, unsigned size) const {
    if (size == 1) return n < 4 ? r[n] & 0xff : r[n - 4] >> 8 & 0xff;
    return size == 2 ? r[n] & 0xffff : r[n];
  }
  void set(unsigned n, unsigned size, uint32_t v) {
    if (size == 1 && n >= 4) {
      n -= 4;
      r[n] = (r[n] & ~0xff00u) | (v & 0xff) << 8;
    } else if (size == 1) {
      r[n] = (r[n] & ~0xffu) | (v & 0xff);
    } else if (size == 2) {
      r[n] = (r[n] & ~0xffffu) | (v & 0xffff);
    } else {
      r[n] = v;
    }
    written |= 1u << n;
  }
  // What was written, the flags, and eip: the engine then goes on at eip.
  void write(uc_engine* uc, uint32_t eip) {
    int ids[11];
    uint32_t v[11];
    void* ptrs[11];
    int n = 0;
    for (int i = 0; i < 8; ++i) {
      if (!(written & (1u << i))) continue;
      ids[n] = kIds[i];
      v[n++] = r[i];
    }
    ids[n] = UC_X86_REG_EFLAGS, v[n++] = eflags;
    ids[n] = UC_X86_REG_EIP, v[n++] = eip;
    for (int i = 0; i < n; ++i) ptrs[i] = &v[i];
    uc_reg_write_batch(uc, ids, ptrs, n);
  }
};

template <typename T>
T* at(uint32_t addr) {
  return reinterpret_cast<T*>(static_cast<uintptr_t>(addr));
}

// Performs `in` on the operand at addr with the registers g, updating them and g.eflags (a host
// fault on the operand leaves this function for the caller's recovery point).
void perform(const Insn& in, Regs& g, uint32_t addr) {
  const uint8_t op = in.opcode;
  const unsigned wide = in.opsize16 ? 2 : 4;
  unsigned size = 0, kind = 0, sub = 0;  // kind: 1 alu, 2 unary, 3 xchg, 4 xadd, 5 cmpxchg, 6 cmpxchg8b, 7 bit
  uint32_t src = 0;
  if (in.map == x86::kOneByte) {
    if (op <= 0x31) {
      kind = 1, sub = op >> 3, size = op & 1 ? wide : 1, src = g.get(in.reg(), size);
    } else if (op >= 0x80 && op <= 0x83) {
      kind = 1, sub = in.reg(), size = op & 1 ? wide : 1;
      src = op == 0x83 ? static_cast<uint32_t>(static_cast<int8_t>(in.imm)) : in.imm;
    } else if (op == 0xf6 || op == 0xf7) {
      kind = 2, sub = in.reg(), size = op & 1 ? wide : 1;  // 2 not, 3 neg
    } else if (op == 0xfe || op == 0xff) {
      kind = 2, sub = in.reg(), size = op & 1 ? wide : 1;  // 0 inc, 1 dec
    } else {
      kind = 3, size = op & 1 ? wide : 1;  // xchg
    }
  } else {
    switch (op) {
      case 0xc0: case 0xc1: kind = 4, size = op & 1 ? wide : 1; break;
      case 0xb0: case 0xb1: kind = 5, size = op & 1 ? wide : 1; break;
      case 0xc7: kind = 6, size = 8; break;
      case 0xab: case 0xb3: case 0xbb: {
        kind = 7, size = wide, sub = op == 0xab ? 1 : op == 0xb3 ? 2 : 3;
        // A register's bit offset reaches beyond the operand: signed, in units of its size.
        const uint32_t reg = g.get(in.reg(), size);
        const int32_t offset = size == 2 ? static_cast<int16_t>(reg) : static_cast<int32_t>(reg);
        const int32_t units = size == 2 ? offset >> 4 : offset >> 5;
        addr += static_cast<uint32_t>(units) * size;
        src = static_cast<uint32_t>(offset) & (8 * size - 1);
        break;
      }
      default:  // 0F BA /5 /6 /7
        kind = 7, size = wide, sub = in.reg() - 4, src = in.imm & (8 * size - 1);
        break;
    }
  }
  if (kind == 1 && size < 4) src &= (1u << (8 * size)) - 1;

  uint64_t flags = 0;
  uint32_t mask = 0;
  switch (kind) {
    case 1: {
      const uint32_t cf = g.eflags & kCf;
      flags = size == 1 ? locked_alu<uint8_t>(sub, at<uint8_t>(addr), static_cast<uint8_t>(src), cf)
              : size == 2 ? locked_alu<uint16_t>(sub, at<uint16_t>(addr), static_cast<uint16_t>(src), cf)
                          : locked_alu<uint32_t>(sub, at<uint32_t>(addr), src, cf);
      mask = kArithFlags;
      break;
    }
    case 2:
      flags = size == 1 ? locked_unary(sub, at<uint8_t>(addr))
              : size == 2 ? locked_unary(sub, at<uint16_t>(addr)) : locked_unary(sub, at<uint32_t>(addr));
      mask = sub == 2 ? 0 : sub == 3 ? kArithFlags : kArithFlags & ~kCf;  // not: none; inc, dec: CF kept
      break;
    case 3: case 4: {
      const unsigned n = in.reg();
      uint32_t v = g.get(n, size);
      if (size == 1) {
        uint8_t r = static_cast<uint8_t>(v);
        if (kind == 3) {
          locked_xchg(at<uint8_t>(addr), r);
        } else {
          flags = locked_xadd(at<uint8_t>(addr), r);
        }
        v = r;
      } else if (size == 2) {
        uint16_t r = static_cast<uint16_t>(v);
        if (kind == 3) {
          locked_xchg(at<uint16_t>(addr), r);
        } else {
          flags = locked_xadd(at<uint16_t>(addr), r);
        }
        v = r;
      } else {
        if (kind == 3) {
          locked_xchg(at<uint32_t>(addr), v);
        } else {
          flags = locked_xadd(at<uint32_t>(addr), v);
        }
      }
      g.set(n, size, v);
      mask = kind == 4 ? kArithFlags : 0;
      break;
    }
    case 5: {
      const uint32_t s = g.get(in.reg(), size);
      uint32_t acc = g.get(0, size);
      if (size == 1) {
        uint8_t a = static_cast<uint8_t>(acc);
        flags = locked_cmpxchg(at<uint8_t>(addr), a, static_cast<uint8_t>(s));
        acc = a;
      } else if (size == 2) {
        uint16_t a = static_cast<uint16_t>(acc);
        flags = locked_cmpxchg(at<uint16_t>(addr), a, static_cast<uint16_t>(s));
        acc = a;
      } else {
        flags = locked_cmpxchg(at<uint32_t>(addr), acc, s);
      }
      if (!(flags & kZf)) g.set(0, size, acc);  // not equal: the accumulator gets memory's value
      mask = kArithFlags;
      break;
    }
    case 6: {
      uint64_t expected = static_cast<uint64_t>(g.r[2]) << 32 | g.r[0];
      const uint64_t desired = static_cast<uint64_t>(g.r[1]) << 32 | g.r[3];
      const bool equal = locked_cmpxchg8(at<uint64_t>(addr), expected, desired);
      if (!equal) {
        g.set(0, 4, static_cast<uint32_t>(expected));
        g.set(2, 4, static_cast<uint32_t>(expected >> 32));
      }
      flags = equal ? kZf : 0;
      mask = kZf;
      break;
    }
    default:
      flags = size == 2 ? locked_bit<uint16_t>(sub, at<uint16_t>(addr), static_cast<uint16_t>(src))
                        : locked_bit<uint32_t>(sub, at<uint32_t>(addr), src);
      mask = kCf;  // ZF is kept, OF SF AF PF are undefined: kept too
      break;
  }
  g.eflags = (g.eflags & ~mask) | (static_cast<uint32_t>(flags) & mask);
}

}  // namespace

void i386_find_atomic(uint64_t lo, uint64_t hi, std::vector<uint64_t>& out) {
  for (uint64_t a = lo; a < hi;) {
    x86::Insn in;
    if (!x86::decode32(reinterpret_cast<const uint8_t*>(a), hi - a, in)) return;
    if (x86::is_atomic(in)) out.push_back(a);
    a += in.length;
  }
}

bool i386_run_atomic(uc_engine* uc, uint64_t pc, ExclusiveMonitor&) {
  Regs g;
  if (!g.read(uc)) return false;
  x86::Insn in;
  bool atomic = false;
  // A host fault on the operand, or on the instruction's bytes (another thread may have unmapped
  // them since the engine translated them), leaves the instruction to the engine, which raises
  // the guest's fault.
  FaultRecovery recovery;
  const bool done = run_recovering(recovery, [&] {
    atomic = x86::decode32(reinterpret_cast<const uint8_t*>(pc), 15, in) && x86::is_atomic(in);
    if (!atomic) return;  // the code at this address changed
    int segment = x86::kDs;
    const uint32_t offset = x86::effective_address(in, g.r, segment);
    if (in.segment >= 0) segment = in.segment;
    perform(in, g, i386_segment_base(uc, segment) + offset);
  });
  if (!done || !atomic) return false;
  g.write(uc, static_cast<uint32_t>(pc + in.length));
  return true;
}

}  // namespace polyrun::cpu
