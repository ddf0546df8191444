// riscv64's bit-manipulation extensions Zba, Zbb and Zbs, which the engine lacks and polyrun
// executes (cpu-emu/riscv64_bitmanip.cpp): every instruction decoded from binutils' encoding of
// it, no other instruction taken for one; each result against the Bitmanip 1.0.0 specification's
// definition written out bit by bit here (so that nothing is checked against the executor's own
// arithmetic), and a few against values worked out by hand; and on a riscv64 CPU, run() going
// through them without a trap, rd = x0 discarded, at a pc 2 bytes off a 4-byte boundary, in a
// loop, while an instruction of none of the extensions still traps as undefined at its pc.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cpu-emu/cpu.h"
#include "cpu-emu/riscv64_regs.h"
#include "cpu-emu/riscv64_bitmanip.h"
#include "memory/address_space.h"

using namespace polyrun;
using namespace polyrun::mem;
namespace rv64 = polyrun::cpu::rv64;

namespace {

using u64 = uint64_t;

// Encodings from binutils (riscv64-linux-gnu-as -march=rv64gc_zba_zbb_zbs): rd a0 (x10), rs1 a1
// (x11), rs2 a2 (x12); shift amounts 37 (roriw: 13).
const std::map<std::string, uint32_t> kEncodings = {
    {"add.uw", 0x08c5853b},    {"sh1add", 0x20c5a533}, {"sh2add", 0x20c5c533},    {"sh3add", 0x20c5e533},
    {"sh1add.uw", 0x20c5a53b}, {"sh2add.uw", 0x20c5c53b}, {"sh3add.uw", 0x20c5e53b}, {"slli.uw", 0x0a55951b},
    {"andn", 0x40c5f533},      {"orn", 0x40c5e533},    {"xnor", 0x40c5c533},      {"clz", 0x60059513},
    {"clzw", 0x6005951b},      {"ctz", 0x60159513},    {"ctzw", 0x6015951b},      {"cpop", 0x60259513},
    {"cpopw", 0x6025951b},     {"max", 0x0ac5e533},    {"maxu", 0x0ac5f533},      {"min", 0x0ac5c533},
    {"minu", 0x0ac5d533},      {"sext.b", 0x60459513}, {"sext.h", 0x60559513},    {"zext.h", 0x0805c53b},
    {"rol", 0x60c59533},       {"rolw", 0x60c5953b},   {"ror", 0x60c5d533},       {"rori", 0x6255d513},
    {"roriw", 0x60d5d51b},     {"rorw", 0x60c5d53b},   {"orc.b", 0x2875d513},     {"rev8", 0x6b85d513},
    {"bclr", 0x48c59533},      {"bclri", 0x4a559513},  {"bext", 0x48c5d533},      {"bexti", 0x4a55d513},
    {"binv", 0x68c59533},      {"binvi", 0x6a559513},  {"bset", 0x28c59533},      {"bseti", 0x2a559513},
};
// Instructions of the base ISA and of M and A next to them in the encoding space, and of Zbc
// (clmul), which the engine lacks too but polyrun does not execute: none of them is taken.
const std::vector<uint32_t> kOthers = {
    0x00c58533 /* add */,  0x40c58533 /* sub */,   0x02559513 /* slli 37 */, 0x4255d513 /* srai 37 */,
    0x0255d513 /* srli */, 0x00d5951b /* slliw */, 0x40d5d51b /* sraiw */,   0x00c5853b /* addw */,
    0x02c58533 /* mul */,  0x02c5853b /* mulw */,  0x02c5d533 /* divu */,    0x02c5e53b /* remw */,
    0x1005a52f /* lr.w */, 0x00c5f533 /* and */,   0x00c5c533 /* xor */,     0x00c5e533 /* or */,
    0x00c59533 /* sll */,  0x40c5d533 /* sra */,   0x00c5d53b /* srlw */,    0x40c5d53b /* sraw */,
    0x0055851b /* addiw */, 0x00100073 /* ebreak */, 0x00000073 /* ecall */, 0xc0002573 /* rdcycle */,
    0x0ac59533 /* clmul */, 0x00000000,           0xffffffff,
};

// The specification's definitions, bit by bit.
u64 bit_of(u64 x, int i) { return x >> i & 1; }
u64 with_bit(u64 x, int i, u64 b) { return (x & ~(1ull << i)) | b << i; }
u64 low32(u64 x) { return x & 0xffffffffull; }
u64 sign_extend(u64 x, int bits) {
  u64 r = x;
  for (int i = bits; i < 64; ++i) r = with_bit(r, i, bit_of(x, bits - 1));
  return r;
}
u64 zero_extend(u64 x, int bits) {
  u64 r = x;
  for (int i = bits; i < 64; ++i) r = with_bit(r, i, 0);
  return r;
}
u64 leading_zeros(u64 x, int width) {
  u64 n = 0;
  for (int i = width - 1; i >= 0 && !bit_of(x, i); --i) ++n;
  return n;
}
u64 trailing_zeros(u64 x, int width) {
  u64 n = 0;
  for (int i = 0; i < width && !bit_of(x, i); ++i) ++n;
  return n;
}
u64 ones(u64 x, int width) {
  u64 n = 0;
  for (int i = 0; i < width; ++i) n += bit_of(x, i);
  return n;
}
// Rotating left by n: bit i goes to (i + n) mod width.
u64 rotate_left(u64 x, int n, int width) {
  u64 r = 0;
  for (int i = 0; i < width; ++i) r = with_bit(r, (i + n) % width, bit_of(x, i));
  return r;
}
u64 rotate_right(u64 x, int n, int width) { return rotate_left(x, (width - n % width) % width, width); }
u64 byte_reverse(u64 x) {
  u64 r = 0;
  for (int i = 0; i < 8; ++i) r |= (x >> (8 * i) & 0xff) << (8 * (7 - i));
  return r;
}
u64 or_combine(u64 x) {
  u64 r = 0;
  for (int i = 0; i < 8; ++i)
    if (x >> (8 * i) & 0xff) r |= 0xffull << (8 * i);
  return r;
}
bool signed_less(u64 a, u64 b) {
  // Two's complement: a negative number has its top bit set.
  if (bit_of(a, 63) != bit_of(b, 63)) return bit_of(a, 63) == 1;
  return a < b;
}

// Each instruction's definition: rs1's value, then rs2's value or the shift amount.
const std::map<std::string, std::function<u64(u64, u64)>> kSpec = {
    {"add.uw", [](u64 a, u64 b) { return b + zero_extend(a, 32); }},
    {"sh1add", [](u64 a, u64 b) { return b + a * 2; }},
    {"sh2add", [](u64 a, u64 b) { return b + a * 4; }},
    {"sh3add", [](u64 a, u64 b) { return b + a * 8; }},
    {"sh1add.uw", [](u64 a, u64 b) { return b + zero_extend(a, 32) * 2; }},
    {"sh2add.uw", [](u64 a, u64 b) { return b + zero_extend(a, 32) * 4; }},
    {"sh3add.uw", [](u64 a, u64 b) { return b + zero_extend(a, 32) * 8; }},
    {"slli.uw", [](u64 a, u64 sh) { return sh >= 64 ? 0 : zero_extend(a, 32) << sh; }},
    {"andn", [](u64 a, u64 b) { return a & ~b; }},
    {"orn", [](u64 a, u64 b) { return a | ~b; }},
    {"xnor", [](u64 a, u64 b) { return ~(a ^ b); }},
    {"clz", [](u64 a, u64) { return leading_zeros(a, 64); }},
    {"clzw", [](u64 a, u64) { return leading_zeros(a, 32); }},
    {"ctz", [](u64 a, u64) { return trailing_zeros(a, 64); }},
    {"ctzw", [](u64 a, u64) { return trailing_zeros(a, 32); }},
    {"cpop", [](u64 a, u64) { return ones(a, 64); }},
    {"cpopw", [](u64 a, u64) { return ones(a, 32); }},
    {"max", [](u64 a, u64 b) { return signed_less(a, b) ? b : a; }},
    {"maxu", [](u64 a, u64 b) { return a < b ? b : a; }},
    {"min", [](u64 a, u64 b) { return signed_less(a, b) ? a : b; }},
    {"minu", [](u64 a, u64 b) { return a < b ? a : b; }},
    {"sext.b", [](u64 a, u64) { return sign_extend(a, 8); }},
    {"sext.h", [](u64 a, u64) { return sign_extend(a, 16); }},
    {"zext.h", [](u64 a, u64) { return zero_extend(a, 16); }},
    {"rol", [](u64 a, u64 b) { return rotate_left(a, static_cast<int>(b % 64), 64); }},
    {"rolw", [](u64 a, u64 b) { return sign_extend(rotate_left(low32(a), static_cast<int>(b % 32), 32), 32); }},
    {"ror", [](u64 a, u64 b) { return rotate_right(a, static_cast<int>(b % 64), 64); }},
    {"rori", [](u64 a, u64 sh) { return rotate_right(a, static_cast<int>(sh), 64); }},
    {"roriw", [](u64 a, u64 sh) { return sign_extend(rotate_right(low32(a), static_cast<int>(sh), 32), 32); }},
    {"rorw", [](u64 a, u64 b) { return sign_extend(rotate_right(low32(a), static_cast<int>(b % 32), 32), 32); }},
    {"orc.b", [](u64 a, u64) { return or_combine(a); }},
    {"rev8", [](u64 a, u64) { return byte_reverse(a); }},
    {"bclr", [](u64 a, u64 b) { return with_bit(a, static_cast<int>(b % 64), 0); }},
    {"bclri", [](u64 a, u64 sh) { return with_bit(a, static_cast<int>(sh), 0); }},
    {"bext", [](u64 a, u64 b) { return bit_of(a, static_cast<int>(b % 64)); }},
    {"bexti", [](u64 a, u64 sh) { return bit_of(a, static_cast<int>(sh)); }},
    {"binv", [](u64 a, u64 b) { return with_bit(a, static_cast<int>(b % 64), bit_of(a, static_cast<int>(b % 64)) ^ 1); }},
    {"binvi", [](u64 a, u64 sh) { return with_bit(a, static_cast<int>(sh), bit_of(a, static_cast<int>(sh)) ^ 1); }},
    {"bset", [](u64 a, u64 b) { return with_bit(a, static_cast<int>(b % 64), 1); }},
    {"bseti", [](u64 a, u64 sh) { return with_bit(a, static_cast<int>(sh), 1); }},
};

// The immediate forms and the width of their shift amount.
const std::map<std::string, int> kShiftBits = {{"slli.uw", 6}, {"rori", 6}, {"roriw", 5}, {"bclri", 6},
                                               {"bexti", 6},   {"binvi", 6}, {"bseti", 6}};

const std::vector<u64> kValues = {0, 1, ~0ull, 1ull << 63, 0x80, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull,
                                  0xffffffffull, 0xffffffff00000000ull, 0x80000000ull, 0x7fffffffull, 0x0123456789abcdefull,
                                  0x8000000000008001ull, 0x00ff00000000ff00ull};
const std::vector<u64> kSeconds = {0, 1, 31, 32, 33, 63, 64, 95, ~0ull, 0x8000000000000020ull, 0x5555555555555555ull, 7};

TEST(Riscv64Bitmanip, EveryInstructionDecodes) {
  ASSERT_EQ(kEncodings.size(), 40u);
  for (const auto& [name, insn] : kEncodings) {
    const char* decoded = cpu::riscv64_bitmanip_name(insn);
    ASSERT_NE(decoded, nullptr) << name;
    EXPECT_EQ(std::string(decoded), name);
    // Any registers: the register fields are not part of the pattern.
    EXPECT_STREQ(cpu::riscv64_bitmanip_name(insn ^ (31u << 7 | 31u << 15)), decoded) << name;
  }
}

TEST(Riscv64Bitmanip, NoOtherInstructionDecodes) {
  for (uint32_t insn : kOthers) EXPECT_EQ(cpu::riscv64_bitmanip_name(insn), nullptr) << std::hex << insn;
  // A unary instruction's rs2 field is part of its pattern: clz with rs2 = 3 is none of them (0x603
  // is no operation of Zbb), nor zext.h with rs2 = 1 (Zbkb's packw rather).
  EXPECT_EQ(cpu::riscv64_bitmanip_name(0x60359513), nullptr);
  EXPECT_EQ(cpu::riscv64_bitmanip_name(0x0815c53b), nullptr);
  // roriw's shift amount has 5 bits: bit 25 set is no instruction.
  EXPECT_EQ(cpu::riscv64_bitmanip_name(0x60d5d51b | 1u << 25), nullptr);
}

TEST(Riscv64Bitmanip, ResultsAreTheSpecificationsDefinitions) {
  ASSERT_EQ(kSpec.size(), kEncodings.size());
  for (const auto& [name, insn] : kEncodings) {
    const auto& spec = kSpec.at(name);
    if (const auto shift = kShiftBits.find(name); shift != kShiftBits.end()) {
      for (u64 sh = 0; sh < (1u << shift->second); ++sh) {
        const uint32_t with_amount = (insn & ~(((1u << shift->second) - 1) << 20)) | static_cast<uint32_t>(sh) << 20;
        for (u64 a : kValues) {
          u64 got = 0;
          ASSERT_TRUE(cpu::riscv64_bitmanip_result(with_amount, a, 0x1234, got)) << name;
          EXPECT_EQ(got, spec(a, sh)) << name << " " << std::hex << a << ", " << std::dec << sh;
        }
      }
      continue;
    }
    for (u64 a : kValues) {
      for (u64 b : kValues) {
        u64 got = 0;
        ASSERT_TRUE(cpu::riscv64_bitmanip_result(insn, a, b, got)) << name;
        EXPECT_EQ(got, spec(a, b)) << name << " " << std::hex << a << ", " << b;
      }
      for (u64 b : kSeconds) {
        u64 got = 0;
        ASSERT_TRUE(cpu::riscv64_bitmanip_result(insn, a, b, got)) << name;
        EXPECT_EQ(got, spec(a, b)) << name << " " << std::hex << a << ", " << b;
      }
    }
  }
}

// Worked out by hand from the specification's text.
TEST(Riscv64Bitmanip, EdgeCasesByHand) {
  auto run = [](const char* name, u64 a, u64 b = 0) {
    u64 r = 0;
    EXPECT_TRUE(cpu::riscv64_bitmanip_result(kEncodings.at(name), a, b, r)) << name;
    return r;
  };
  EXPECT_EQ(run("clz", 0), 64u);
  EXPECT_EQ(run("clzw", 0xffffffff00000000ull), 32u);  // the upper word is not looked at
  EXPECT_EQ(run("ctz", 0), 64u);
  EXPECT_EQ(run("ctzw", 1ull << 63), 32u);
  EXPECT_EQ(run("cpopw", ~0ull), 32u);
  EXPECT_EQ(run("cpop", 0x8000000000008001ull), 3u);
  EXPECT_EQ(run("rev8", 0x0123456789abcdefull), 0xefcdab8967452301ull);
  EXPECT_EQ(run("orc.b", 0x0100ff0000800000ull), 0xff00ff0000ff0000ull);
  EXPECT_EQ(run("sext.b", 0x80), 0xffffffffffffff80ull);
  EXPECT_EQ(run("sext.h", 0x12347fffull), 0x7fffull);
  EXPECT_EQ(run("zext.h", ~0ull), 0xffffull);
  EXPECT_EQ(run("add.uw", ~0ull, 1), 0x100000000ull);
  EXPECT_EQ(run("sh3add.uw", 0xffffffff80000000ull, 8), 0x400000008ull);
  EXPECT_EQ(run("sh2add", 1ull << 63, 5), 5u);
  EXPECT_EQ(run("rolw", 0x80000000ull, 1), 1u);
  EXPECT_EQ(run("rolw", 0x40000000ull, 33), 0xffffffff80000000ull);  // amount 33 is 1; sign-extended
  EXPECT_EQ(run("rorw", 1, 1), 0xffffffff80000000ull);
  EXPECT_EQ(run("ror", 1, 64), 1u);
  EXPECT_EQ(run("rol", 0x8000000000000001ull, 63), 0xc000000000000000ull);
  EXPECT_EQ(run("max", ~0ull, 0), 0u);
  EXPECT_EQ(run("maxu", ~0ull, 0), ~0ull);
  EXPECT_EQ(run("min", 1ull << 63, 0x7fffffffffffffffull), 1ull << 63);
  EXPECT_EQ(run("minu", 1ull << 63, 0x7fffffffffffffffull), 0x7fffffffffffffffull);
  EXPECT_EQ(run("bext", 1ull << 63, 127), 1u);   // index 127 is 63
  EXPECT_EQ(run("bset", 0, 0x40 + 5), 0x20u);    // index 69 is 5
  EXPECT_EQ(run("binv", ~0ull, 63), 0x7fffffffffffffffull);
  EXPECT_EQ(run("bclr", ~0ull, 0), ~1ull);
  // The immediate forms: binutils' encodings have amount 37 (roriw: 13).
  EXPECT_EQ(run("slli.uw", 0xffffffff00000001ull), 1ull << 37);
  EXPECT_EQ(run("rori", 1ull << 37), 1u);
  EXPECT_EQ(run("roriw", 0x2000ull), 1u);
  EXPECT_EQ(run("bseti", 0), 1ull << 37);
  EXPECT_EQ(run("bexti", 1ull << 37), 1u);
  EXPECT_EQ(run("binvi", 1ull << 37), 0u);
  EXPECT_EQ(run("bclri", ~0ull), ~(1ull << 37));
}

// On the CPU. (ThreadSanitizer reserves 0x010000000000-0x7b0000000000 and leaves application
// memory below.)
#if defined(__SANITIZE_THREAD__)
constexpr uint64_t kBottom = 0x001800000000ull, kTop = 0x001810000000ull;
#else
constexpr uint64_t kBottom = 0x180000000000ull, kTop = 0x180010000000ull;
#endif
constexpr uint32_t kEcall = 0x00000073, kClmul = 0x0ac59533;

struct Riscv64Cpu : ::testing::Test {
  AddressSpace as{Layout{4096, kBottom, kTop}};
  std::unique_ptr<cpu::Cpu> cpu = cpu::create_cpu(Isa::Riscv64, as);
  uint64_t code = 0;

  void SetUp() override {
    cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  }
  // Instructions as bytes (2 or 4 each, little-endian), from the start of a page.
  void load(const std::vector<uint8_t>& bytes) {
    code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
    ASSERT_TRUE(as.poke(code, bytes.data(), bytes.size()));
    cpu->set_pc(code);
  }
  static void put(std::vector<uint8_t>& out, uint32_t insn) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(insn >> (8 * i)));
  }
  static void put16(std::vector<uint8_t>& out, uint16_t insn) {
    out.push_back(static_cast<uint8_t>(insn));
    out.push_back(static_cast<uint8_t>(insn >> 8));
  }
  // The same instruction with other registers (a unary one's rs2 field names its operation).
  static uint32_t regs(uint32_t insn, unsigned rd, unsigned rs1) {
    return (insn & ~(31u << 7 | 31u << 15)) | rd << 7 | rs1 << 15;
  }
  static uint32_t regs(uint32_t insn, unsigned rd, unsigned rs1, unsigned rs2) {
    return (regs(insn, rd, rs1) & ~(31u << 20)) | rs2 << 20;
  }
};

TEST_F(Riscv64Cpu, RunGoesThroughTheInstructions) {
  // a0 = rev8 a1; a3 = sh3add a1, a2; a4 = clz a4 (rd = rs1); a5 = max a1, a2; x0 = cpop a1;
  // then, 2 bytes off a 4-byte boundary, a6 = ctzw a4; ecall.
  std::vector<uint8_t> b;
  put(b, kEncodings.at("rev8"));
  put(b, regs(kEncodings.at("sh3add"), 13, 11, 12));
  put(b, regs(kEncodings.at("clz"), 14, 14));
  put(b, regs(kEncodings.at("max"), 15, 11, 12));
  put(b, regs(kEncodings.at("cpop"), 0, 11));
  put16(b, 0x0001);  // c.nop
  put(b, regs(kEncodings.at("ctzw"), 16, 14));
  put(b, kEcall);
  load(b);
  cpu->set_reg(rv64::A0 + 1, 0x0123456789abcdefull);
  cpu->set_reg(rv64::A0 + 2, 0xfffffff000000000ull);
  cpu->set_reg(rv64::A0 + 4, 0x0000800000000000ull);
  const cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->pc(), code + b.size());  // after the ecall
  EXPECT_EQ(cpu->reg(rv64::A0), 0xefcdab8967452301ull);
  EXPECT_EQ(cpu->reg(rv64::A0 + 3), 0xfffffff000000000ull + 0x0123456789abcdefull * 8);
  EXPECT_EQ(cpu->reg(rv64::A0 + 4), 16u);
  EXPECT_EQ(cpu->reg(rv64::A0 + 5), 0x0123456789abcdefull);
  EXPECT_EQ(cpu->reg(rv64::X0), 0u);
  EXPECT_EQ(cpu->reg(rv64::A0 + 6), 4u);  // (clzw would give 27)
  EXPECT_EQ(cpu->reg(rv64::A0 + 1), 0x0123456789abcdefull);  // sources unchanged
  EXPECT_EQ(cpu->reg(rv64::A0 + 2), 0xfffffff000000000ull);
}

TEST_F(Riscv64Cpu, ALoopRunsThemEveryTime) {
  // a0 counts down from 1000; each round a1 = rori a1, 1 (amount 1), a2 = cpop a1 + a2.
  //   addi a0, a0, -1; rori a1, a1, 1; cpop a3, a1; add a2, a2, a3; bnez a0, -16; ecall
  std::vector<uint8_t> b;
  put(b, 0xfff50513);                                                  // addi a0, a0, -1
  put(b, (regs(kEncodings.at("rori"), 11, 11) & ~(63u << 20)) | 1u << 20);  // rori a1, a1, 1
  put(b, regs(kEncodings.at("cpop"), 13, 11));                       // cpop a3, a1
  put(b, 0x00d60633);                                                  // add a2, a2, a3
  put(b, 0xfe0518e3);                                                  // bnez a0, -16
  put(b, kEcall);
  load(b);
  cpu->set_reg(rv64::A0, 1000);
  cpu->set_reg(rv64::A0 + 1, 0x8000000000000003ull);
  cpu->set_reg(rv64::A0 + 2, 0);
  const cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(rv64::A0), 0u);
  // 1000 rotations by 1 are one by 1000 mod 64 = 40; the population stays 3.
  u64 want = 0x8000000000000003ull;
  want = want >> 40 | want << 24;
  EXPECT_EQ(cpu->reg(rv64::A0 + 1), want);
  EXPECT_EQ(cpu->reg(rv64::A0 + 2), 3000u);
}

TEST_F(Riscv64Cpu, OtherUndefinedInstructionsStillTrap) {
  std::vector<uint8_t> b;
  put(b, kEncodings.at("andn"));
  put(b, kClmul);  // Zbc: not executed
  put(b, kEcall);
  load(b);
  cpu->set_reg(rv64::A0 + 1, 0xff);
  cpu->set_reg(rv64::A0 + 2, 0x0f);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
  EXPECT_EQ(t.pc, code + 4);
  EXPECT_EQ(cpu->reg(rv64::A0), 0xf0u);
  // And again (the same instruction traps the same way), then on past it.
  cpu->set_pc(code + 4);
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
  EXPECT_EQ(t.pc, code + 4);
  cpu->set_pc(code + 8);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
}

// An undefined compressed instruction (all zero) in the last 2 bytes of a mapping: SIGILL's trap,
// nothing read past it.
TEST_F(Riscv64Cpu, AnUndefinedCompressedInstructionEndingAMappingTraps) {
  std::vector<uint8_t> b(4096, 0);
  for (size_t i = 0; i + 2 < b.size(); i += 2) {
    b[i] = 0x01;  // c.nop
    b[i + 1] = 0x00;
  }
  load(b);
  as.unmap(code + 4096, 4096);
  const cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
  EXPECT_EQ(t.pc, code + 4094);
}

TEST_F(Riscv64Cpu, AdvertisesTheExtensions) {
  for (const char* f : {"i", "m", "a", "f", "d", "c", "zba", "zbb", "zbs"}) EXPECT_TRUE(cpu->has_feature(f)) << f;
  EXPECT_FALSE(cpu->has_feature("zbc"));
}

}  // namespace
