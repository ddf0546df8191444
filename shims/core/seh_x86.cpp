// What x64 and i386 share of raising CPU traps: telling the two causes of a divide error apart.
#include <cstring>

#include "cpu-emu/x86_regs.h"
#include "shims/core/seh.h"

namespace polyrun::shims {

namespace x86 = cpu::x86;

// x86 raises #DE both for a zero divisor and for a quotient too large for its register (idiv of
// the most negative number by -1); Windows tells them apart by the divisor. The instruction is
// div or idiv (F6 or F7 with ModRM reg 6 or 7): its divisor is a register or a memory operand.
uint32_t x86_divide_error_code(WindowsProcess& p, uint64_t pc, bool long_mode) {
  auto byte_at = [&](uint64_t a, uint8_t* out) { return p.memory.accessible(a, 1, mem::kRead) && (*out = *reinterpret_cast<const uint8_t*>(a), true); };
  uint64_t at = pc;
  uint8_t b = 0, rex = 0;
  bool opsize16 = false, addr32 = !long_mode;
  uint64_t seg_base = 0;
  for (int i = 0; i < 15; ++i, ++at) {
    if (!byte_at(at, &b)) return kStatusIntegerDivideByZero;
    if (long_mode && (b & 0xf0) == 0x40) {
      rex = b;  // counts only right before the opcode
      continue;
    }
    if (b == 0x66) opsize16 = true;
    else if (b == 0x67) addr32 = true;  // (16-bit addressing in 32-bit code: not seen in Windows programs)
    else if (b == 0x64 || b == 0x65) seg_base = (long_mode ? b == 0x65 : b == 0x64) ? p.teb() : 0;
    else if (b != 0xf0 && b != 0xf2 && b != 0xf3 && b != 0x2e && b != 0x36 && b != 0x3e && b != 0x26) break;
    rex = 0;
  }
  uint8_t op = b, modrm = 0;
  if ((op != 0xf6 && op != 0xf7) || !byte_at(at + 1, &modrm)) return kStatusIntegerDivideByZero;
  unsigned reg = (modrm >> 3) & 7, mod = modrm >> 6, rm = modrm & 7;
  if (reg != 6 && reg != 7) return kStatusIntegerDivideByZero;
  unsigned size = op == 0xf6 ? 1 : (rex & 8) ? 8 : opsize16 ? 2 : 4;
  uint64_t divisor = 0;
  auto gpr = [&](unsigned n) { return p.cpu().reg(static_cast<int>(x86::RAX + n)); };
  if (mod == 3) {
    unsigned n = rm | ((rex & 1) << 3);
    if (size == 1 && !rex && n >= 4) divisor = (gpr(n - 4) >> 8) & 0xff;  // ah, ch, dh, bh
    else divisor = gpr(n);
  } else {
    uint64_t p2 = at + 2, ea = 0;
    unsigned base = rm;
    bool has_base = true;
    if (rm == 4) {  // SIB
      uint8_t sib = 0;
      if (!byte_at(p2++, &sib)) return kStatusIntegerDivideByZero;
      unsigned index = ((sib >> 3) & 7) | ((rex & 2) << 2);
      if (index != 4) ea += gpr(index) << (sib >> 6);
      base = sib & 7;
      if (base == 5 && mod == 0) has_base = false;
    } else if (rm == 5 && mod == 0) {
      has_base = false;
    }
    unsigned disp_size = mod == 1 ? 1 : (mod == 2 || !has_base) ? 4 : 0;
    int64_t disp = 0;
    if (disp_size == 1) {
      uint8_t d = 0;
      if (!byte_at(p2, &d)) return kStatusIntegerDivideByZero;
      disp = static_cast<int8_t>(d);
    } else if (disp_size == 4) {
      if (!p.memory.accessible(p2, 4, mem::kRead)) return kStatusIntegerDivideByZero;
      int32_t d;
      std::memcpy(&d, reinterpret_cast<const void*>(p2), 4);
      disp = d;
    }
    if (has_base) ea += gpr(base | ((rex & 1) << 3));
    else if (rm == 5 && long_mode) ea += p2 + disp_size;  // rip-relative: from the next instruction
    ea += static_cast<uint64_t>(disp) + seg_base;
    if (addr32) ea &= 0xffffffffu;
    if (!p.memory.accessible(ea, size, mem::kRead)) return kStatusIntegerDivideByZero;
    std::memcpy(&divisor, reinterpret_cast<const void*>(ea), size);
  }
  if (size < 8) divisor &= (1ull << (8 * size)) - 1;
  return divisor == 0 ? kStatusIntegerDivideByZero : kStatusIntegerOverflow;
}

}  // namespace polyrun::shims
