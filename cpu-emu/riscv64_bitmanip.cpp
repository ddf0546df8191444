// riscv64's bit-manipulation extensions Zba, Zbb and Zbs (the RISC-V Bitmanip specification
// 1.0.0, RV64 encodings), which the engine's model lacks: it stops at them as at an undefined
// instruction, and polyrun executes them itself (UnicornIsa::run_missing).
//
// Every one of them reads rs1 (and rs2, or a shift amount from its immediate) and writes rd alone:
// decoding is one match/mask pair per instruction, the operation a function of two values.
#include <unicorn/unicorn.h>

#include <bit>
#include <cstdint>
#include <cstring>

#include "cpu-emu/riscv64_bitmanip.h"
#include "cpu-emu/unicorn_cpu.h"

namespace polyrun::cpu {

namespace {

// Major opcodes (bits 6:0).
constexpr uint32_t kOp = 0x33, kOp32 = 0x3b, kOpImm = 0x13, kOpImm32 = 0x1b;

// Encodings by format: funct7 and funct3 (register-register); imm[11:6] and funct3 (a 6-bit
// shift amount in imm[5:0]); the whole 12-bit immediate and funct3 (one source register, the
// immediate naming the operation).
constexpr uint32_t reg(uint32_t funct7, uint32_t funct3, uint32_t opcode) { return funct7 << 25 | funct3 << 12 | opcode; }
constexpr uint32_t shift6(uint32_t imm6, uint32_t funct3, uint32_t opcode) { return imm6 << 26 | funct3 << 12 | opcode; }
constexpr uint32_t unary(uint32_t imm12, uint32_t funct3, uint32_t opcode) { return imm12 << 20 | funct3 << 12 | opcode; }
constexpr uint32_t kRegMask = 0xfe00707f, kShift6Mask = 0xfc00707f, kUnaryMask = 0xfff0707f;

// What the operation's second value is.
enum class Second : uint8_t {
  Rs2,     // register rs2
  Shamt6,  // the shift amount, imm[5:0] (bits 25:20)
  Shamt5,  // the shift amount, imm[4:0] (bits 24:20)
  None,    // one source
};

constexpr uint64_t kLow32 = 0xffffffffull;

constexpr uint64_t sext32(uint64_t v) { return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v))); }
constexpr uint64_t bit(uint64_t index) { return 1ull << (index & 63); }

uint64_t orc_b(uint64_t a) {
  uint64_t r = 0;
  for (unsigned i = 0; i < 64; i += 8)
    if (a >> i & 0xff) r |= 0xffull << i;
  return r;
}

struct Insn {
  const char* name;
  uint32_t match, mask;
  Second second;
  uint64_t (*op)(uint64_t a, uint64_t b);  // rs1's value, the second value: rd's value
};

// clang-format off
constexpr Insn kInsns[] = {
    // Zba: address generation.
    {"add.uw",    reg(0x04, 0, kOp32),        kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return b + (a & kLow32); }},
    {"sh1add",    reg(0x10, 2, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return b + (a << 1); }},
    {"sh2add",    reg(0x10, 4, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return b + (a << 2); }},
    {"sh3add",    reg(0x10, 6, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return b + (a << 3); }},
    {"sh1add.uw", reg(0x10, 2, kOp32),        kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return b + ((a & kLow32) << 1); }},
    {"sh2add.uw", reg(0x10, 4, kOp32),        kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return b + ((a & kLow32) << 2); }},
    {"sh3add.uw", reg(0x10, 6, kOp32),        kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return b + ((a & kLow32) << 3); }},
    {"slli.uw",   shift6(0x02, 1, kOpImm32),  kShift6Mask, Second::Shamt6, [](uint64_t a, uint64_t b) { return (a & kLow32) << b; }},
    // Zbb: basic bit manipulation.
    {"andn",      reg(0x20, 7, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return a & ~b; }},
    {"orn",       reg(0x20, 6, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return a | ~b; }},
    {"xnor",      reg(0x20, 4, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return ~(a ^ b); }},
    {"clz",       unary(0x600, 1, kOpImm),    kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return static_cast<uint64_t>(std::countl_zero(a)); }},
    {"clzw",      unary(0x600, 1, kOpImm32),  kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return static_cast<uint64_t>(std::countl_zero(static_cast<uint32_t>(a))); }},
    {"ctz",       unary(0x601, 1, kOpImm),    kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return static_cast<uint64_t>(std::countr_zero(a)); }},
    {"ctzw",      unary(0x601, 1, kOpImm32),  kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return static_cast<uint64_t>(std::countr_zero(static_cast<uint32_t>(a))); }},
    {"cpop",      unary(0x602, 1, kOpImm),    kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return static_cast<uint64_t>(std::popcount(a)); }},
    {"cpopw",     unary(0x602, 1, kOpImm32),  kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return static_cast<uint64_t>(std::popcount(static_cast<uint32_t>(a))); }},
    {"max",       reg(0x05, 6, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return static_cast<int64_t>(a) < static_cast<int64_t>(b) ? b : a; }},
    {"maxu",      reg(0x05, 7, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return a < b ? b : a; }},
    {"min",       reg(0x05, 4, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return static_cast<int64_t>(a) < static_cast<int64_t>(b) ? a : b; }},
    {"minu",      reg(0x05, 5, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return a < b ? a : b; }},
    {"sext.b",    unary(0x604, 1, kOpImm),    kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(a))); }},
    {"sext.h",    unary(0x605, 1, kOpImm),    kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(a))); }},
    {"zext.h",    unary(0x080, 4, kOp32),     kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return a & 0xffff; }},
    {"rol",       reg(0x30, 1, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return std::rotl(a, static_cast<int>(b & 63)); }},
    {"rolw",      reg(0x30, 1, kOp32),        kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return sext32(std::rotl(static_cast<uint32_t>(a), static_cast<int>(b & 31))); }},
    {"ror",       reg(0x30, 5, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return std::rotr(a, static_cast<int>(b & 63)); }},
    {"rori",      shift6(0x18, 5, kOpImm),    kShift6Mask, Second::Shamt6, [](uint64_t a, uint64_t b) { return std::rotr(a, static_cast<int>(b)); }},
    {"roriw",     reg(0x30, 5, kOpImm32),     kRegMask,    Second::Shamt5, [](uint64_t a, uint64_t b) { return sext32(std::rotr(static_cast<uint32_t>(a), static_cast<int>(b))); }},
    {"rorw",      reg(0x30, 5, kOp32),        kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return sext32(std::rotr(static_cast<uint32_t>(a), static_cast<int>(b & 31))); }},
    {"orc.b",     unary(0x287, 5, kOpImm),    kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return orc_b(a); }},
    {"rev8",      unary(0x6b8, 5, kOpImm),    kUnaryMask,  Second::None,   [](uint64_t a, uint64_t) { return __builtin_bswap64(a); }},
    // Zbs: single-bit instructions (the bit index is the second value's low 6 bits).
    {"bclr",      reg(0x24, 1, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return a & ~bit(b); }},
    {"bclri",     shift6(0x12, 1, kOpImm),    kShift6Mask, Second::Shamt6, [](uint64_t a, uint64_t b) { return a & ~bit(b); }},
    {"bext",      reg(0x24, 5, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return a >> (b & 63) & 1; }},
    {"bexti",     shift6(0x12, 5, kOpImm),    kShift6Mask, Second::Shamt6, [](uint64_t a, uint64_t b) { return a >> (b & 63) & 1; }},
    {"binv",      reg(0x34, 1, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return a ^ bit(b); }},
    {"binvi",     shift6(0x1a, 1, kOpImm),    kShift6Mask, Second::Shamt6, [](uint64_t a, uint64_t b) { return a ^ bit(b); }},
    {"bset",      reg(0x14, 1, kOp),          kRegMask,    Second::Rs2,    [](uint64_t a, uint64_t b) { return a | bit(b); }},
    {"bseti",     shift6(0x0a, 1, kOpImm),    kShift6Mask, Second::Shamt6, [](uint64_t a, uint64_t b) { return a | bit(b); }},
};
// clang-format on

// No two patterns match the same word: the table's order does not matter.
constexpr bool patterns_disjoint() {
  for (const Insn& x : kInsns)
    for (const Insn& y : kInsns)
      if (&x != &y && ((x.match ^ y.match) & x.mask & y.mask) == 0) return false;
  return true;
}
static_assert(patterns_disjoint());

const Insn* decode(uint32_t insn) {
  for (const Insn& i : kInsns)
    if ((insn & i.mask) == i.match) return &i;
  return nullptr;
}

unsigned rd_of(uint32_t insn) { return insn >> 7 & 31; }
unsigned rs1_of(uint32_t insn) { return insn >> 15 & 31; }
unsigned rs2_of(uint32_t insn) { return insn >> 20 & 31; }

// The second value, given rs2's value.
uint64_t second_value(const Insn& i, uint32_t insn, uint64_t rs2) {
  switch (i.second) {
    case Second::Rs2: return rs2;
    case Second::Shamt6: return insn >> 20 & 63;
    case Second::Shamt5: return insn >> 20 & 31;
    case Second::None: break;
  }
  return 0;
}

uint64_t read_x(uc_engine* uc, unsigned n) {
  uint64_t v = 0;
  if (n) uc_reg_read(uc, UC_RISCV_REG_X0 + static_cast<int>(n), &v);
  return v;
}

}  // namespace

const char* riscv64_bitmanip_name(uint32_t insn) {
  const Insn* i = decode(insn);
  return i ? i->name : nullptr;
}

bool riscv64_bitmanip_result(uint32_t insn, uint64_t rs1, uint64_t rs2, uint64_t& rd_value) {
  const Insn* i = decode(insn);
  if (!i) return false;
  rd_value = i->op(rs1, second_value(*i, insn, rs2));
  return true;
}

uint32_t riscv64_run_bitmanip(uc_engine* uc, uint64_t pc, MissingRun&) {
  // Read from guest memory, which is host memory at the same address: the engine has just
  // fetched the instruction to find it undefined, its first halfword, and its second where the
  // first says it has one (a compressed instruction may end a mapping). (The engine's own read,
  // uc_mem_read, was a third of the time the instruction takes.)
  uint16_t half[2];
  std::memcpy(&half[0], reinterpret_cast<const void*>(pc), 2);
  if ((half[0] & 3) != 3) return 0;
  std::memcpy(&half[1], reinterpret_cast<const void*>(pc + 2), 2);
  const uint32_t insn = half[0] | static_cast<uint32_t>(half[1]) << 16;
  const Insn* i = decode(insn);
  if (!i) return 0;
  const uint64_t rs2 = i->second == Second::Rs2 ? read_x(uc, rs2_of(insn)) : 0;
  const uint64_t value = i->op(read_x(uc, rs1_of(insn)), second_value(*i, insn, rs2));
  if (const unsigned rd = rd_of(insn)) uc_reg_write(uc, UC_RISCV_REG_X0 + static_cast<int>(rd), &value);
  return 4;
}

}  // namespace polyrun::cpu
