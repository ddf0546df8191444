// z14's instructions polyrun executes where the engine lacks them (cpu-emu/s390x_missing.cpp,
// s390x_bfp.cpp): decoding from binutils' encodings, no other instruction taken for one; MIE2's
// results and condition codes against values worked out by hand; the floating point against the
// host's IEEE arithmetic (binary32 and binary64 in hardware, binary128 in libgcc's soft-fp) in all
// four rounding modes the host has, and by hand where s390x's rules are its own (NaNs, the default
// NaN, round to prepare for shorter precision, tininess before rounding, the maximum and minimum
// functions); and on the s390x CPU, run() through them: condition codes, a branch, the vector
// registers and FPC, an operand that may not be read, an enabled IEEE exception, a fixed-point
// overflow with the PSW's mask on, and the instructions polyrun executes where the engine's are
// wrong (STFLE, RISBHG, RISBLG).
#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "cpu-emu/cpu.h"
#include "cpu-emu/s390x_bfp.h"
#include "cpu-emu/s390x_missing.h"
#include "cpu-emu/s390x_regs.h"
#include "memory/address_space.h"
#include "tests/unit/s390x_cpu_fixture.h"

using namespace polyrun;
using namespace polyrun::mem;
namespace s390x = polyrun::cpu::s390x;
namespace bfp = polyrun::cpu::s390x_bfp;
namespace missing = polyrun::cpu::s390x_missing;

namespace {

using u64 = uint64_t;
using Bytes = std::vector<uint8_t>;

// Encodings from binutils (s390x-linux-gnu-as, .machine z14): r2, r3 (base), r4, r5; v16-v19.
const std::map<std::string, Bytes> kEncodings = {
    {"agh", {0xe3, 0x20, 0x30, 0x08, 0x00, 0x38}},     {"sgh", {0xe3, 0x20, 0x30, 0x08, 0x00, 0x39}},
    {"mgh", {0xe3, 0x20, 0x30, 0x08, 0x00, 0x3c}},     {"mg", {0xe3, 0x20, 0x30, 0x08, 0x00, 0x84}},
    {"msc", {0xe3, 0x20, 0x30, 0x08, 0x00, 0x53}},     {"msgc", {0xe3, 0x20, 0x30, 0x08, 0x00, 0x83}},
    {"bic", {0xe3, 0x80, 0x30, 0x00, 0x00, 0x47}},     {"mgrk", {0xb9, 0xec, 0x50, 0x24}},
    {"msgrkc", {0xb9, 0xed, 0x50, 0x24}},             {"msrkc", {0xb9, 0xfd, 0x50, 0x24}},
    {"vfasb", {0xe7, 0x01, 0x20, 0x00, 0x2e, 0xe3}},   {"wfasb", {0xe7, 0x01, 0x20, 0x08, 0x2e, 0xe3}},
    {"wfaxb", {0xe7, 0x01, 0x20, 0x08, 0x4e, 0xe3}},   {"vfssb", {0xe7, 0x01, 0x20, 0x00, 0x2e, 0xe2}},
    {"vfmsb", {0xe7, 0x01, 0x20, 0x00, 0x2e, 0xe7}},   {"vfdsb", {0xe7, 0x01, 0x20, 0x00, 0x2e, 0xe5}},
    {"vfsqsb", {0xe7, 0x01, 0x00, 0x00, 0x2c, 0xce}},  {"wfsqxb", {0xe7, 0x01, 0x00, 0x08, 0x4c, 0xce}},
    {"vfmasb", {0xe7, 0x01, 0x22, 0x00, 0x3f, 0x8f}},  {"vfmssb", {0xe7, 0x01, 0x22, 0x00, 0x3f, 0x8e}},
    {"vfnmasb", {0xe7, 0x01, 0x22, 0x00, 0x3f, 0x9f}}, {"vfnmsdb", {0xe7, 0x01, 0x23, 0x00, 0x3f, 0x9e}},
    {"wfmaxb", {0xe7, 0x01, 0x24, 0x08, 0x3f, 0x8f}},  {"vfmaxsb", {0xe7, 0x01, 0x20, 0x40, 0x2e, 0xef}},
    {"vfmindb", {0xe7, 0x01, 0x20, 0x10, 0x3e, 0xee}}, {"wfmaxxb", {0xe7, 0x01, 0x20, 0x08, 0x4e, 0xef}},
    {"vfcesb", {0xe7, 0x01, 0x20, 0x00, 0x2e, 0xe8}},  {"vfchsb", {0xe7, 0x01, 0x20, 0x10, 0x2e, 0xeb}},
    {"vfkhesb", {0xe7, 0x01, 0x20, 0x04, 0x2e, 0xea}}, {"vfkedb", {0xe7, 0x01, 0x20, 0x04, 0x3e, 0xe8}},
    {"wfcsb", {0xe7, 0x01, 0x00, 0x00, 0x2c, 0xcb}},   {"wfkxb", {0xe7, 0x01, 0x00, 0x00, 0x4c, 0xca}},
    {"vfisb", {0xe7, 0x01, 0x00, 0x14, 0x2c, 0xc7}},   {"wflld", {0xe7, 0x01, 0x00, 0x08, 0x3c, 0xc4}},
    {"wflrx", {0xe7, 0x01, 0x00, 0x08, 0x4c, 0xc5}},   {"vfpsosb", {0xe7, 0x01, 0x00, 0x20, 0x2c, 0xcc}},
    {"vftcisb", {0xe7, 0x01, 0x80, 0x00, 0x2c, 0x4a}}, {"vpopct", {0xe7, 0x01, 0x00, 0x00, 0x3c, 0x50}},
    {"vbperm", {0xe7, 0x01, 0x20, 0x00, 0x0e, 0x85}},  {"vmsl", {0xe7, 0x01, 0x23, 0x00, 0x3f, 0xb8}},
    {"vllezlf", {0xe7, 0x00, 0x30, 0x00, 0x68, 0x04}},
};
// Instructions next to them in the encoding space that polyrun leaves to the engine.
const std::vector<Bytes> kOthers = {
    {0xe7, 0x01, 0x20, 0x00, 0x0e, 0xf3} /* vab */, {0xb9, 0x08, 0x00, 0x23, 0, 0} /* agr */,
    {0xe7, 0x00, 0x30, 0x00, 0x28, 0x04} /* vllezf */, {0xe3, 0x20, 0x30, 0x08, 0x00, 0x04} /* lg */,
    {0xb9, 0xe8, 0x50, 0x24, 0, 0} /* agrk */, {0xe7, 0x01, 0x20, 0x00, 0x0e, 0x6e} /* vnn */,
};

// A Machine over plain memory: registers, vector registers, and readable bytes at kMem.
constexpr u64 kMem = 0x1000;
struct TestMachine : missing::Machine {
  u64 r[16] = {};
  u64 psw = 0x0705000180000000ull;
  missing::VectorRegs vr{};
  uint8_t mem[64] = {};
  u64 gpr(unsigned n) override { return r[n]; }
  void set_gpr(unsigned n, u64 value) override { r[n] = value; }
  u64 psw_mask() override { return psw; }
  missing::VectorRegs& vectors() override { return vr; }
  bool read(u64 addr, void* out, size_t len) override {
    if (addr < kMem || addr + len > kMem + sizeof mem) return false;
    std::memcpy(out, mem + (addr - kMem), len);
    return true;
  }
  void set_cc(unsigned cc) { psw = (psw & ~(3ull << 44)) | static_cast<u64>(cc) << 44; }
};

missing::Outcome run(const std::string& insn, TestMachine& m) { return missing::execute(kEncodings.at(insn).data(), m); }

TEST(S390xMissing, DecodesEachInstructionAndNoOther) {
  for (const auto& [mnemonic, bytes] : kEncodings) {
    const char* n = missing::name(bytes.data());
    ASSERT_NE(n, nullptr) << mnemonic;
    EXPECT_EQ(std::string(n), mnemonic);
    EXPECT_EQ(missing::length(bytes[0]), bytes.size());
  }
  for (const Bytes& b : kOthers) {
    TestMachine m;
    EXPECT_EQ(missing::name(b.data()), nullptr);
    EXPECT_EQ(missing::execute(b.data(), m).kind, missing::Outcome::NotMine);
  }
}

// --- MIE2 ---

TEST(S390xMissing, AddAndSubtractHalfword) {
  TestMachine m;
  m.r[3] = kMem;
  m.mem[8] = 0x80, m.mem[9] = 0x00;  // -32768
  m.r[2] = 5;
  auto o = run("agh", m);
  EXPECT_EQ(o.kind, missing::Outcome::Done);
  EXPECT_EQ(o.size, 6u);
  EXPECT_EQ(m.r[2], static_cast<u64>(-32763));
  EXPECT_EQ(o.cc, 1);
  m.r[2] = 0x8000000000000000ull;  // INT64_MIN + -32768: overflow, the low bits kept
  o = run("agh", m);
  EXPECT_EQ(m.r[2], 0x7fffffffffff8000ull);
  EXPECT_EQ(o.cc, 3);
  m.r[2] = 0x7fffffffffff8000ull;  // - -32768: overflow again
  o = run("sgh", m);
  EXPECT_EQ(m.r[2], 0x8000000000000000ull);
  EXPECT_EQ(o.cc, 3);
  m.mem[8] = 0x00, m.mem[9] = 0x07;
  m.r[2] = 7;
  o = run("sgh", m);
  EXPECT_EQ(m.r[2], 0u);
  EXPECT_EQ(o.cc, 0);
}

TEST(S390xMissing, Multiplications) {
  TestMachine m;
  m.r[3] = kMem;
  const uint8_t dw[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfd};  // -3
  std::memcpy(m.mem + 8, dw, 8);
  m.r[2] = 0x1234;
  EXPECT_EQ(run("mgh", m).cc, -1);  // (no condition code; the halfword at 8 is -1)
  EXPECT_EQ(m.r[2], static_cast<u64>(-0x1234));
  // MG: r3 (the odd register of the pair, here the base as well) times the operand, 128 bits in
  // r2:r3: kMem * -3.
  m.r[3] = kMem;
  m.r[2] = 0;
  run("mg", m);
  EXPECT_EQ(m.r[2], ~0ull);
  EXPECT_EQ(m.r[3], static_cast<u64>(-3 * static_cast<int64_t>(kMem)));
  // MGRK: (-2^63) * (-2^63) = 2^126; 2^63-1 squared.
  m.r[4] = m.r[5] = 0x8000000000000000ull;
  run("mgrk", m);
  EXPECT_EQ(m.r[2], 0x4000000000000000ull);
  EXPECT_EQ(m.r[3], 0u);
  m.r[4] = m.r[5] = 0x7fffffffffffffffull;  // (2^63 - 1)^2 = 2^126 - 2^64 + 1
  run("mgrk", m);
  EXPECT_EQ(m.r[2], 0x3fffffffffffffffull);
  EXPECT_EQ(m.r[3], 1u);
  // MSGRKC: condition code 0, 1, 2, 3 (overflow: the low 64 bits).
  m.r[4] = 0x100000000ull, m.r[5] = 0x7fffffffull;
  EXPECT_EQ(run("msgrkc", m).cc, 2);
  EXPECT_EQ(m.r[2], 0x7fffffff00000000ull);
  m.r[5] = 0x80000000ull;
  EXPECT_EQ(run("msgrkc", m).cc, 3);
  EXPECT_EQ(m.r[2], 0x8000000000000000ull);
  m.r[4] = static_cast<u64>(-0x100000000ll);  // -2^32 * 2^31 = -2^63: fits
  EXPECT_EQ(run("msgrkc", m).cc, 1);
  EXPECT_EQ(m.r[2], 0x8000000000000000ull);
  m.r[4] = 0;
  EXPECT_EQ(run("msgrkc", m).cc, 0);
  // MSRKC: 32 bits, the high word of r2 kept.
  m.r[2] = 0xdeadbeef00000000ull, m.r[4] = 0x10000, m.r[5] = 0x8000;
  EXPECT_EQ(run("msrkc", m).cc, 3);
  EXPECT_EQ(m.r[2], 0xdeadbeef80000000ull);
  m.r[4] = static_cast<u64>(-7), m.r[5] = 9;
  EXPECT_EQ(run("msrkc", m).cc, 1);
  EXPECT_EQ(m.r[2], 0xdeadbeefffffffc1ull);
  // MSC, MSGC: the operand in memory.
  m.r[3] = kMem;
  const uint8_t w[4] = {0xff, 0xff, 0xff, 0xfe};  // -2
  std::memcpy(m.mem + 8, w, 4);
  m.r[2] = 0x40000000ull;  // * -2 = -2^31: fits
  EXPECT_EQ(run("msc", m).cc, 1);
  EXPECT_EQ(m.r[2] & 0xffffffff, 0x80000000u);
  std::memcpy(m.mem + 8, dw, 8);
  m.r[2] = 0x3000000000000000ull;  // * -3: overflow
  EXPECT_EQ(run("msgc", m).cc, 3);
  EXPECT_EQ(m.r[2], 0x7000000000000000ull);
  // With the PSW's fixed-point-overflow mask on, an overflow interrupts after completing.
  m.psw |= 1ull << (63 - 20);
  m.r[2] = 0x3000000000000000ull;
  const auto o = run("msgc", m);
  EXPECT_EQ(o.kind, missing::Outcome::FixedPointOverflow);
  EXPECT_EQ(m.r[2], 0x7000000000000000ull);
}

TEST(S390xMissing, OddRegisterPairIsNotTaken) {
  TestMachine m;
  Bytes b = kEncodings.at("mgrk");
  b[3] = 0x34;  // r3 as the pair's first register
  EXPECT_EQ(missing::execute(b.data(), m).kind, missing::Outcome::NotMine);
}

TEST(S390xMissing, BranchIndirectOnCondition) {
  TestMachine m;
  m.r[3] = kMem;
  const uint8_t target[8] = {0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78};
  std::memcpy(m.mem, target, 8);
  m.set_cc(0);
  auto o = run("bic", m);  // mask 8: cc 0
  EXPECT_EQ(o.kind, missing::Outcome::Branch);
  EXPECT_EQ(o.target, 0x12345678u);
  m.set_cc(2);
  EXPECT_EQ(run("bic", m).kind, missing::Outcome::Done);
  // Not taken: the operand is not fetched (an address that may not be read does not matter).
  m.r[3] = 0x999000;
  EXPECT_EQ(run("bic", m).kind, missing::Outcome::Done);
  m.set_cc(0);
  o = run("bic", m);
  EXPECT_EQ(o.kind, missing::Outcome::Fault);
  EXPECT_EQ(o.target, 0x999000u);
}

TEST(S390xMissing, UnreadableOperandChangesNothing) {
  TestMachine m;
  m.r[3] = 0x7000;  // D2 8: 0x7008
  m.r[2] = 42;
  const auto o = run("agh", m);
  EXPECT_EQ(o.kind, missing::Outcome::Fault);
  EXPECT_EQ(o.target, 0x7008u);
  EXPECT_EQ(m.r[2], 42u);
}

// --- Floating point against the host's ---

uint32_t fbits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
float ffrom(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}
u64 dbits(double d) {
  u64 b;
  std::memcpy(&b, &d, 8);
  return b;
}
double dfrom(u64 b) {
  double d;
  std::memcpy(&d, &b, 8);
  return d;
}

constexpr int kHostModes[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};
constexpr bfp::Round kModes[4] = {bfp::Round::NearestEven, bfp::Round::TowardZero, bfp::Round::Up, bfp::Round::Down};

// The host's IEEE exceptions as the FPC's flags (underflow left out: the host detects tininess
// after rounding).
uint8_t host_flags() {
  uint8_t f = 0;
  if (std::fetestexcept(FE_INVALID)) f |= bfp::kInvalid;
  if (std::fetestexcept(FE_DIVBYZERO)) f |= bfp::kDivideByZero;
  if (std::fetestexcept(FE_OVERFLOW)) f |= bfp::kOverflow;
  if (std::fetestexcept(FE_INEXACT)) f |= bfp::kInexact;
  return f;
}

// Random values of every magnitude, subnormals and the largest included, no NaN.
uint32_t random_short(std::mt19937_64& g) {
  const u64 r = g();
  uint32_t v = static_cast<uint32_t>(r);
  switch (r >> 60) {
    case 0: v &= 0x807fffffu; break;                         // subnormal
    case 1: v = (v & 0x807fffffu) | 0x7f000000u; break;      // huge
    case 2: v = (v & 0x80ffffffu) | 0x00800000u; break;      // tiny normal
    default: v = (v & 0x80ffffffu) | static_cast<uint32_t>(0x38 + (r >> 40) % 16) << 24; break;  // near 1
  }
  return (v & 0x7f800000u) == 0x7f800000u ? v & 0xbfffffffu : v;
}
u64 random_long(std::mt19937_64& g) {
  const u64 r = g();
  u64 v = g();
  switch (r >> 60) {
    case 0: v &= 0x800fffffffffffffull; break;
    case 1: v = (v & 0x800fffffffffffffull) | 0x7fe0000000000000ull; break;
    case 2: v = (v & 0x801fffffffffffffull) | 0x0010000000000000ull; break;
    default: v = (v & 0x801fffffffffffffull) | static_cast<u64>(0x3f0 + (r >> 40) % 32) << 52; break;
  }
  return (v & 0x7ff0000000000000ull) == 0x7ff0000000000000ull ? v & 0xbfffffffffffffffull : v;
}

TEST(S390xBfp, ShortAndLongAgainstTheHost) {
  std::mt19937_64 g(7);
  volatile float fa, fb, fc, fr;
  volatile double da, db, dc, dr;
  for (int i = 0; i < 20000; ++i) {
    const uint32_t a = random_short(g), b = random_short(g), c = random_short(g);
    const u64 x = random_long(g), y = random_long(g), z = random_long(g);
    for (int mode = 0; mode < 4; ++mode) {
      for (int op = 0; op < 6; ++op) {
        std::fesetround(kHostModes[mode]);
        std::feclearexcept(FE_ALL_EXCEPT);
        fa = ffrom(a), fb = ffrom(b), fc = ffrom(c);
        switch (op) {
          case 0: fr = fa + fb; break;
          case 1: fr = fa - fb; break;
          case 2: fr = fa * fb; break;
          case 3: fr = fa / fb; break;
          case 4: fr = std::sqrt(std::fabs(static_cast<float>(fa))); break;
          default: fr = std::fma(static_cast<float>(fa), static_cast<float>(fb), static_cast<float>(fc)); break;
        }
        const uint8_t hf = host_flags();
        const uint32_t want = fbits(fr);
        std::fesetround(FE_TONEAREST);
        bfp::Env env{kModes[mode]};
        const bfp::Bits got = op == 0   ? bfp::add(bfp::kShort, a, b, env)
                              : op == 1 ? bfp::sub(bfp::kShort, a, b, env)
                              : op == 2 ? bfp::mul(bfp::kShort, a, b, env)
                              : op == 3 ? bfp::div(bfp::kShort, a, b, env)
                              : op == 4 ? bfp::sqrt(bfp::kShort, a & 0x7fffffffu, env)
                                        : bfp::fma(bfp::kShort, a, b, c, false, false, env);
        // (A NaN result: the host's default NaN is negative, s390x's positive.)
        if (std::isnan(ffrom(want)))
          ASSERT_TRUE(bfp::is_nan(bfp::kShort, got));
        else
          ASSERT_EQ(static_cast<uint32_t>(got), want) << "short op " << op << " mode " << mode << std::hex << " " << a << " " << b << " " << c;
        ASSERT_EQ(env.flags & ~bfp::kUnderflow, hf) << "short op " << op << " mode " << mode << std::hex << " " << a << " " << b;

        std::fesetround(kHostModes[mode]);
        std::feclearexcept(FE_ALL_EXCEPT);
        da = dfrom(x), db = dfrom(y), dc = dfrom(z);
        switch (op) {
          case 0: dr = da + db; break;
          case 1: dr = da - db; break;
          case 2: dr = da * db; break;
          case 3: dr = da / db; break;
          case 4: dr = std::sqrt(std::fabs(static_cast<double>(da))); break;
          default: dr = std::fma(static_cast<double>(da), static_cast<double>(db), static_cast<double>(dc)); break;
        }
        const uint8_t hd = host_flags();
        const u64 wantd = dbits(dr);
        std::fesetround(FE_TONEAREST);
        bfp::Env e2{kModes[mode]};
        const bfp::Bits gotd = op == 0   ? bfp::add(bfp::kLong, x, y, e2)
                               : op == 1 ? bfp::sub(bfp::kLong, x, y, e2)
                               : op == 2 ? bfp::mul(bfp::kLong, x, y, e2)
                               : op == 3 ? bfp::div(bfp::kLong, x, y, e2)
                               : op == 4 ? bfp::sqrt(bfp::kLong, x & 0x7fffffffffffffffull, e2)
                                         : bfp::fma(bfp::kLong, x, y, z, false, false, e2);
        if (std::isnan(dfrom(wantd)))
          ASSERT_TRUE(bfp::is_nan(bfp::kLong, gotd));
        else
          ASSERT_EQ(static_cast<u64>(gotd), wantd) << "long op " << op << " mode " << mode << std::hex << " " << x << " " << y << " " << z;
        ASSERT_EQ(e2.flags & ~bfp::kUnderflow, hd) << "long op " << op << " mode " << mode;
      }
    }
  }
}

bfp::Bits qbits(__float128 q) {
  bfp::Bits b;
  std::memcpy(&b, &q, 16);
  return b;
}
__float128 qfrom(bfp::Bits b) {
  __float128 q;
  std::memcpy(&q, &b, 16);
  return q;
}

TEST(S390xBfp, ExtendedAgainstSoftFloat) {
  std::mt19937_64 g(11);
  volatile __float128 qa, qb, qr;
  for (int i = 0; i < 20000; ++i) {
    bfp::Bits a = static_cast<bfp::Bits>(g()) << 64 | g(), b = static_cast<bfp::Bits>(g()) << 64 | g();
    // Exponents near each other mostly (so that sums round), sometimes anywhere.
    const u64 r = g();
    auto shape = [&](bfp::Bits v, int k) {
      const bfp::Bits exp_mask = static_cast<bfp::Bits>(0x7fff) << 112;
      if ((r >> (8 * k)) & 1) v = (v & ~exp_mask) | static_cast<bfp::Bits>(0x3ff0 + (r >> (8 * k + 1)) % 32) << 112;
      if (((v >> 112) & 0x7fff) == 0x7fff) v &= ~(static_cast<bfp::Bits>(1) << 126);
      return v;
    };
    a = shape(a, 0), b = shape(b, 1);
    for (int mode = 0; mode < 4; ++mode)
      for (int op = 0; op < 4; ++op) {
        std::fesetround(kHostModes[mode]);
        std::feclearexcept(FE_ALL_EXCEPT);
        qa = qfrom(a), qb = qfrom(b);
        switch (op) {
          case 0: qr = qa + qb; break;
          case 1: qr = qa - qb; break;
          case 2: qr = qa * qb; break;
          default: qr = qa / qb; break;
        }
        const uint8_t hf = host_flags();
        const bfp::Bits want = qbits(qr);
        std::fesetround(FE_TONEAREST);
        bfp::Env env{kModes[mode]};
        const bfp::Bits got = op == 0 ? bfp::add(bfp::kExtended, a, b, env)
                              : op == 1 ? bfp::sub(bfp::kExtended, a, b, env)
                              : op == 2 ? bfp::mul(bfp::kExtended, a, b, env)
                                        : bfp::div(bfp::kExtended, a, b, env);
        if (bfp::is_nan(bfp::kExtended, want))
          ASSERT_TRUE(bfp::is_nan(bfp::kExtended, got));
        else
          ASSERT_TRUE(got == want) << "extended op " << op << " mode " << mode;
        ASSERT_EQ(env.flags & ~bfp::kUnderflow, hf) << "extended op " << op << " mode " << mode;
      }
  }
}

// Square roots of squares are exact; of the rest, the root rounded down squared is below and the
// root rounded up squared above the operand (exact integer arithmetic on the significands).
TEST(S390xBfp, ExtendedSquareRoot) {
  bfp::Env env;
  const bfp::Bits nine = static_cast<bfp::Bits>(0x4002200000000000ull) << 64;  // 9
  EXPECT_TRUE(bfp::sqrt(bfp::kExtended, nine, env) == static_cast<bfp::Bits>(0x4000800000000000ull) << 64);  // 3
  EXPECT_EQ(env.flags, 0);
  const bfp::Bits two = static_cast<bfp::Bits>(0x4000000000000000ull) << 64;
  bfp::Env dn{bfp::Round::Down}, up{bfp::Round::Up};
  const bfp::Bits lo = bfp::sqrt(bfp::kExtended, two, dn), hi = bfp::sqrt(bfp::kExtended, two, up);
  EXPECT_TRUE(hi == lo + 1);
  EXPECT_EQ(dn.flags, bfp::kInexact);
  bfp::Env e;
  EXPECT_EQ(bfp::compare(bfp::kExtended, bfp::mul(bfp::kExtended, lo, lo, dn), two, false, e), 1);
  EXPECT_EQ(bfp::compare(bfp::kExtended, bfp::mul(bfp::kExtended, hi, hi, up), two, false, e), 2);
  EXPECT_EQ(static_cast<u64>(lo >> 64), 0x3fff6a09e667f3bcull);  // (sqrt(2)'s fraction: 0x6a09e667f3bcc908…)
}

// --- s390x's own rules ---

TEST(S390xBfp, NaNs) {
  bfp::Env env;
  const uint32_t qa = 0x7fc00001, qb = 0xffc00002, sa = 0x7f800003, sb = 0xff800004, one = 0x3f800000;
  // Two operands: a signaling NaN of the first, then of the second, quieted; then a quiet one.
  EXPECT_EQ(bfp::add(bfp::kShort, qa, sb, env), 0xffc00004u);
  EXPECT_EQ(env.flags, bfp::kInvalid);
  EXPECT_EQ(bfp::add(bfp::kShort, sa, sb, env), 0x7fc00003u);
  env.flags = 0;
  EXPECT_EQ(bfp::mul(bfp::kShort, qb, qa, env), qb);
  EXPECT_EQ(env.flags, 0);
  // The default NaN: positive, the quiet bit alone.
  EXPECT_EQ(bfp::sub(bfp::kShort, 0x7f800000, 0x7f800000, env), 0x7fc00000u);
  EXPECT_EQ(env.flags, bfp::kInvalid);
  // Multiply and add: the multiplier's second operand, its first, the addend; infinity times zero
  // plus a NaN: the default NaN.
  EXPECT_EQ(bfp::fma(bfp::kShort, qa, qb, one, false, false, env), qb);
  EXPECT_EQ(bfp::fma(bfp::kShort, qa, one, sb, false, false, env), 0xffc00004u);
  EXPECT_EQ(bfp::fma(bfp::kShort, 0x7f800000, 0, qa, false, false, env), 0x7fc00000u);
  // A negated multiply and add leaves a NaN's sign alone.
  EXPECT_EQ(bfp::fma(bfp::kShort, qa, one, one, false, true, env), qa);
  // Lengthening keeps the payload, left-aligned, quieted.
  EXPECT_TRUE(bfp::lengthen(bfp::kShort, sa, env) == 0x7ff8000060000000ull);
}

TEST(S390xBfp, RoundingSpecificToS390x) {
  // Round to prepare for shorter precision: toward zero, the last bit set when inexact.
  bfp::Env odd{bfp::Round::PrepareShorter};
  EXPECT_EQ(bfp::add(bfp::kShort, 0x3f800000, 0x33000000, odd), 0x3f800001u);  // 1 + 2^-25
  EXPECT_EQ(bfp::add(bfp::kShort, 0x3f800000, 0x34000000, odd), 0x3f800001u);  // 1 + 2^-23: exact
  EXPECT_EQ(bfp::mul(bfp::kShort, 0x7f000000, 0x40800000, odd), 0x7f7fffffu);   // overflow: the largest
  // Ties away from zero (VFI, VFLR's method 1).
  bfp::Env away{bfp::Round::NearestAway};
  EXPECT_EQ(bfp::round_to_integral(bfp::kShort, 0x40200000, away), 0x40400000u);  // 2.5 -> 3
  EXPECT_EQ(bfp::round_to_integral(bfp::kShort, 0xbfc00000, away), 0xc0000000u);  // -1.5 -> -2
  bfp::Env even;
  EXPECT_EQ(bfp::round_to_integral(bfp::kShort, 0x40200000, even), 0x40000000u);  // 2.5 -> 2
  EXPECT_EQ(bfp::round_to_integral(bfp::kShort, 0xbe800000, even), 0x80000000u);  // -0.25 -> -0
  // Tininess before rounding: a result that rounds up to the smallest normal underflows.
  bfp::Env tiny;
  EXPECT_TRUE(bfp::shorten(bfp::kLong, 0x380fffffffffffffull, tiny) == 0x00800000u);
  EXPECT_EQ(tiny.flags, bfp::kUnderflow | bfp::kInexact);
  // An exact zero sum is +0, -0 rounding down.
  bfp::Env down{bfp::Round::Down};
  EXPECT_EQ(bfp::add(bfp::kShort, 0x3f800000, 0xbf800000, even), 0u);
  EXPECT_EQ(bfp::add(bfp::kShort, 0x3f800000, 0xbf800000, down), 0x80000000u);
}

TEST(S390xBfp, MaximumAndMinimum) {
  const uint32_t pz = 0, nz = 0x80000000, one = 0x3f800000, mtwo = 0xc0000000, q = 0x7fc00001, s = 0x7f800003;
  struct Row {
    unsigned mode;
    bool max;
    uint32_t a, b, want;
    uint8_t flags;
  } rows[] = {
      {0, true, pz, nz, pz, 0},    {0, false, pz, nz, nz, 0},      {0, true, q, one, one, 0},
      {0, true, s, one, 0x7fc00003, bfp::kInvalid},                {1, true, one, q, q, 0},
      {2, true, pz, nz, nz, 0},    {2, true, q, one, one, bfp::kInvalid},
      {3, true, nz, pz, nz, 0},    {3, true, q, one, q, bfp::kInvalid}, {4, true, s, one, one, bfp::kInvalid},
      {4, true, q, s, q, bfp::kInvalid},                           {8, true, one, mtwo, mtwo, 0},
      {8, false, one, mtwo, one, 0}, {9, true, mtwo, one, 0x40000000, 0}, {9, true, 0xffc00002, one, 0x7fc00002, 0},
      {10, true, one, 0xff800004, 0x7f800004, bfp::kInvalid},      {12, true, mtwo, q, 0x40000000, 0},
  };
  for (const Row& r : rows) {
    bfp::Env env;
    bfp::Bits out = 0;
    ASSERT_TRUE(bfp::max_min(bfp::kShort, r.a, r.b, r.mode, r.max, out, env));
    EXPECT_EQ(static_cast<uint32_t>(out), r.want) << "mode " << r.mode << std::hex << " " << r.a << " " << r.b;
    EXPECT_EQ(env.flags, r.flags) << "mode " << r.mode;
  }
  bfp::Env env;
  bfp::Bits out;
  EXPECT_FALSE(bfp::max_min(bfp::kShort, one, one, 5, true, out, env));
  EXPECT_FALSE(bfp::max_min(bfp::kShort, one, one, 13, true, out, env));
}

// --- VXE1 on the executor ---

void set_words(missing::VectorRegs& vr, unsigned n, uint32_t w0, uint32_t w1, uint32_t w2, uint32_t w3) {
  vr.v[n][0] = static_cast<u64>(w0) << 32 | w1;
  vr.v[n][1] = static_cast<u64>(w2) << 32 | w3;
}

TEST(S390xMissing, VectorShortArithmetic) {
  TestMachine m;
  set_words(m.vr, 17, 0x3fc00000, 0x40490fdb, 0xc1200000, 0x00000003);  // 1.5 pi -10 subnormal
  set_words(m.vr, 18, 0x3eaaaaab, 0xbf800000, 0x7f7fffff, 0x80000000);  // 1/3 -1 max -0
  auto o = run("vfasb", m);
  EXPECT_EQ(o.kind, missing::Outcome::Done);
  EXPECT_TRUE(o.vectors);
  EXPECT_EQ(m.vr.v[16][0], 0x3feaaaab40090fdbull);  // (qemu-s390x: the same)
  EXPECT_EQ(m.vr.v[16][1], 0x7f7fffff00000003ull);
  EXPECT_EQ(m.vr.fpc, 0x00080000u);                // inexact
  // The single-element form zeroes the rest.
  m.vr.fpc = 0;
  run("wfasb", m);
  EXPECT_EQ(m.vr.v[16][0], 0x3feaaaab00000000ull);
  EXPECT_EQ(m.vr.v[16][1], 0u);
  // Comparison with the condition code: 1.5 > 1/3, pi > -1, -10 < max, sub > -0.
  o = run("vfchsb", m);
  EXPECT_EQ(m.vr.v[16][0], ~0ull);
  EXPECT_EQ(m.vr.v[16][1], 0x00000000ffffffffull);
  EXPECT_EQ(o.cc, 1);
  // Class: +zero (0x800) of nothing here: cc 3.
  EXPECT_EQ(run("vftcisb", m).cc, 3);
}

TEST(S390xMissing, EnabledIeeeExceptionSuppresses) {
  TestMachine m;
  set_words(m.vr, 17, 0x3f800000, 0x3fc00000, 0, 0);
  set_words(m.vr, 18, 0x3f800000, 0x3eaaaaab, 0, 0);  // element 1 inexact
  m.vr.v[16][0] = m.vr.v[16][1] = 0x5555555555555555ull;
  m.vr.fpc = 0x08000000;  // the inexact mask
  const auto o = run("vfasb", m);
  EXPECT_EQ(o.kind, missing::Outcome::VectorException);
  EXPECT_EQ(o.vxc, 0x15);  // element 1, inexact
  EXPECT_EQ(m.vr.v[16][0], 0x5555555555555555ull);
  EXPECT_EQ(m.vr.fpc, 0x08000000u);
}

TEST(S390xMissing, VectorIntegerInstructions) {
  TestMachine m;
  m.vr.v[17][0] = 0x3fc0000040490fdbull, m.vr.v[17][1] = 0xc120000000000003ull;
  m.vr.v[18][0] = 0x3eaaaaabbf800000ull, m.vr.v[18][1] = 0x7f7fffff80000000ull;
  m.vr.v[19][0] = 3, m.vr.v[19][1] = 5;
  run("vbperm", m);  // (qemu-s390x: 0x80c0)
  EXPECT_EQ(m.vr.v[16][0], 0x80c0u);
  EXPECT_EQ(m.vr.v[16][1], 0u);
  run("vpopct", m);  // doublewords
  EXPECT_EQ(m.vr.v[16][0], static_cast<u64>(__builtin_popcountll(0x3fc0000040490fdbull)));
  EXPECT_EQ(m.vr.v[16][1], 6u);
  // VMSL: v17.d0 * v18.d0 + v17.d1 * v18.d1 + v19, 128 bits.
  m.vr.v[17][0] = 0xffffffffffffffffull, m.vr.v[17][1] = 2;
  m.vr.v[18][0] = 0xffffffffffffffffull, m.vr.v[18][1] = 3;
  run("vmsl", m);  // (2^64-1)^2 + 6 + (3 << 64 | 5) = 2^128 - 2^65 + 1 + 11 + 3 * 2^64
  EXPECT_EQ(m.vr.v[16][0], 1u);
  EXPECT_EQ(m.vr.v[16][1], 12u);
  // VLLEZ, left-aligned word.
  m.r[3] = kMem;
  const uint8_t w[4] = {0x12, 0x34, 0x56, 0x78};
  std::memcpy(m.mem, w, 4);
  run("vllezlf", m);
  EXPECT_EQ(m.vr.v[16][0], 0x1234567800000000ull);
  EXPECT_EQ(m.vr.v[16][1], 0u);
}

// --- On the s390x CPU ---

using test::Code;
using test::seq;
const Code kSvc0 = {0x0a, 0x00};
const Code kIpmR6 = {0xb2, 0x22, 0x00, 0x60};  // ipm %r6

struct S390xMissingCpu : test::S390xCpu {
  void SetUp() override {
    S390xCpu::SetUp();
    stop_at_syscall();
  }
  unsigned cc_of_r6() { return static_cast<unsigned>(cpu->reg(s390x::R0 + 6) >> 28 & 3); }
};

TEST_F(S390xMissingCpu, GeneralInstructionsSetTheConditionCode) {
  load(seq({{0xb9, 0xed, 0x50, 0x24} /* msgrkc %r2,%r4,%r5 */, kIpmR6, {0xb9, 0xec, 0x50, 0x84} /* mgrk %r8,%r4,%r5 */, kSvc0}));
  cpu->set_reg(s390x::R0 + 4, 0x100000000ull);
  cpu->set_reg(s390x::R0 + 5, 0x80000000ull);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(s390x::R2), 0x8000000000000000ull);
  EXPECT_EQ(cc_of_r6(), 3u);
  EXPECT_EQ(cpu->reg(s390x::R0 + 8), 0u);
  EXPECT_EQ(cpu->reg(s390x::R0 + 9), 0x8000000000000000ull);
  EXPECT_EQ(cpu->pc(), code + 14);
}

TEST_F(S390xMissingCpu, BranchIndirect) {
  // bic 15 (always) to the address at 0(%r3): past an svc that would stop first.
  const uint64_t target = code + 12;
  uint8_t be[8];
  for (int i = 0; i < 8; ++i) be[i] = static_cast<uint8_t>(target >> (56 - 8 * i));
  ASSERT_TRUE(as.poke(data, be, 8));
  load(seq({{0xe3, 0xf0, 0x30, 0x00, 0x00, 0x47}, kSvc0, {0xa7, 0x29, 0x00, 0x07} /* lghi %r2,7 */, kSvc0}));
  cpu->set_reg(s390x::R0 + 3, data);
  cpu->set_reg(s390x::R2, 0);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(s390x::R2), 0u);  // (the branch went past the svc at 6 and the lghi at 8)
  EXPECT_EQ(cpu->pc(), code + 14);
}

// EXECUTE and EXECUTE RELATIVE LONG of them: the target (its second byte ORed with R1's low byte)
// executed, the run going on after the EXECUTE, or where the target branched.
TEST_F(S390xMissingCpu, ExecuteOfThem) {
  // 0: exrl %r1,code+12; 6: ex %r1,0(%r8) (r8: code+18); 10: svc 0; 12: msgrkc %r2,%r4,%r5;
  // 16: nopr; 18: bic 0,0(%r7) (the mask from r1's low byte); 24: svc 0; 26: lghi %r3,9; 30: svc 0.
  const uint64_t target = code + 26;
  uint8_t be[8];
  for (int i = 0; i < 8; ++i) be[i] = static_cast<uint8_t>(target >> (56 - 8 * i));
  ASSERT_TRUE(as.poke(data, be, 8));
  load(seq({{0xc6, 0x10, 0x00, 0x00, 0x00, 0x06}, {0x44, 0x10, 0x80, 0x00}, kSvc0, {0xb9, 0xed, 0x50, 0x24},
            {0x07, 0x07}, {0xe3, 0x00, 0x70, 0x00, 0x00, 0x47}, kSvc0, {0xa7, 0x39, 0x00, 0x09}, kSvc0}));
  cpu->set_reg(s390x::R0 + 1, 0);
  cpu->set_reg(s390x::R0 + 4, 0);  // msgrkc: 0 * 7 = 0, cc 0
  cpu->set_reg(s390x::R0 + 5, 7);
  cpu->set_reg(s390x::R0 + 7, data);
  cpu->set_reg(s390x::R0 + 8, code + 18);
  cpu->set_reg(s390x::R2, 99);
  // r1 0: the exrl's msgrkc (0 * 7: cc 0), then the ex's bic with mask 0 (never taken), the svc.
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(s390x::R2), 0u);
  EXPECT_EQ(cpu->pc(), code + 12);
  // Again from the ex, r1's low byte 0x80: bic with mask 8, cc still 0: taken to 26.
  cpu->set_reg(s390x::R0 + 1, 0x80);
  cpu->set_pc(code + 6);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(s390x::R0 + 3), 9u);
  EXPECT_EQ(cpu->pc(), code + 32);
}

TEST_F(S390xMissingCpu, VectorRegistersAndFpc) {
  // vl %v17,0(%r3); vl %v18,16(%r3); vfasb %v16,%v17,%v18; vst %v16,32(%r3); efpc %r2
  load(seq({{0xe7, 0x10, 0x30, 0x00, 0x08, 0x06}, {0xe7, 0x20, 0x30, 0x10, 0x08, 0x06}, kEncodings.at("vfasb"),
            {0xe7, 0x00, 0x30, 0x20, 0x08, 0x0e}, {0xb3, 0x8c, 0x00, 0x20}, kSvc0}));
  const uint8_t in[32] = {0x3f, 0xc0, 0, 0, 0x40, 0x49, 0x0f, 0xdb, 0xc1, 0x20, 0, 0, 0, 0, 0, 3,
                          0x3e, 0xaa, 0xaa, 0xab, 0xbf, 0x80, 0, 0, 0x7f, 0x7f, 0xff, 0xff, 0x80, 0, 0, 0};
  ASSERT_TRUE(as.poke(data, in, sizeof in));
  cpu->set_reg(s390x::R0 + 3, data);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  const uint8_t want[16] = {0x3f, 0xea, 0xaa, 0xab, 0x40, 0x09, 0x0f, 0xdb, 0x7f, 0x7f, 0xff, 0xff, 0, 0, 0, 3};
  uint8_t out[16];
  std::memcpy(out, reinterpret_cast<const void*>(data + 32), 16);  // (guest memory is host memory)
  EXPECT_EQ(0, std::memcmp(out, want, 16));
  EXPECT_EQ(cpu->reg(s390x::R2) & 0xffffffff, 0x00080000u);
  EXPECT_EQ(cpu->reg(s390x::VH16), 0x3feaaaab40090fdbull);
}

TEST_F(S390xMissingCpu, UnreadableOperandFaultsWithItsAddress) {
  load(seq({kEncodings.at("vllezlf"), kSvc0}));
  cpu->set_reg(s390x::R0 + 3, 0x50000);  // unmapped
  const cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code);
  EXPECT_EQ(t.fault_addr, 0x50000u);
  EXPECT_TRUE(t.unmapped);
}

TEST_F(S390xMissingCpu, EnabledIeeeExceptionIsAFloatingPointTrap) {
  // sfpc %r4 (the inexact mask); wfdsb %v16,%v17,%v18 (1 / 3)
  load(seq({{0xb3, 0x84, 0x00, 0x40}, {0xe7, 0x01, 0x20, 0x08, 0x2e, 0xe5}, kSvc0}));
  cpu->set_reg(s390x::R0 + 4, 0x08000000);
  cpu->set_reg(s390x::VH16 + 1, 0x3f80000000000000ull);  // v17: 1.0
  cpu->set_reg(s390x::VH16 + 2, 0x4040000000000000ull);  // v18: 3.0
  const cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::FloatingPoint);
  EXPECT_EQ(t.code, 32u);  // precision
  EXPECT_EQ(t.pc, code + 4);
  EXPECT_EQ(cpu->reg(s390x::FPC) >> 8 & 0xff, 0x05u);  // VXC: element 0, inexact
}

TEST_F(S390xMissingCpu, FixedPointOverflowInterruptsAfterTheInstruction) {
  // spm %r7 (the fixed-point-overflow mask); msgrkc %r2,%r4,%r5 (overflows)
  load(seq({{0x04, 0x70}, {0xb9, 0xed, 0x50, 0x24}, kSvc0}));
  cpu->set_reg(s390x::R0 + 7, 0x08000000);  // program mask bit 0 (PSW bit 20) from r7's bits 36-39
  cpu->set_reg(s390x::R0 + 4, 0x4000000000000000ull);
  cpu->set_reg(s390x::R0 + 5, 4);
  const cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Overflow);
  EXPECT_EQ(t.pc, code + 6);
  EXPECT_EQ(cpu->reg(s390x::R2), 0u);
}

TEST_F(S390xMissingCpu, StoreFacilityListExtended) {
  // lghi %r0,0 (room for one doubleword); stfle 0(%r3); ipm %r6; then room for four.
  load(seq({{0xa7, 0x09, 0x00, 0x00}, {0xb2, 0xb0, 0x30, 0x00}, kIpmR6, kSvc0}));
  cpu->set_reg(s390x::R0 + 3, data);
  cpu->run();
  uint8_t list[32] = {};
  std::memcpy(list, reinterpret_cast<const void*>(data), 8);  // (guest memory is host memory)
  EXPECT_EQ(list[0] >> 5, 7);  // facilities 0, 1, 2
  EXPECT_EQ(cc_of_r6(), 3u);   // more than fits
  const uint64_t doublewords = (cpu->reg(s390x::R0) & 0xff) + 1;
  load(seq({{0xa7, 0x09, 0x00, 0x03}, {0xb2, 0xb0, 0x30, 0x00}, kIpmR6, kSvc0}));
  cpu->run();
  EXPECT_EQ(cc_of_r6(), 0u);
  std::memcpy(list, reinterpret_cast<const void*>(data), sizeof list);  // (guest memory is host memory)
  for (uint64_t d = 0; d < doublewords; ++d) {
    u64 v = 0, want = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | list[8 * d + i];
    ASSERT_TRUE(cpu->read_system_register(s390x::kFacilityList + static_cast<uint32_t>(d), want));
    EXPECT_EQ(v, want);
  }
  u64 dw2 = 0;
  ASSERT_TRUE(cpu->read_system_register(s390x::kFacilityList + 2, dw2));
  EXPECT_TRUE(dw2 >> (63 - (129 - 128)) & 1);  // vector
  EXPECT_TRUE(dw2 >> (63 - (135 - 128)) & 1);  // vector enhancements 1
  EXPECT_TRUE(cpu->has_feature("vxe"));
  EXPECT_TRUE(cpu->has_feature("stfle"));
}

TEST_F(S390xMissingCpu, RotateThenInsertSelectedBitsHighAndLow) {
  // risbhg %r3,%r4,0,31,32; risblg %r5,%r4,4,19,36; risbhg %r7,%r4,8,135,12 (zero the rest)
  load(seq({{0xec, 0x34, 0x00, 0x1f, 0x20, 0x5d}, {0xec, 0x54, 0x04, 0x13, 0x24, 0x51},
            {0xec, 0x74, 0x08, 0x87, 0x0c, 0x5d}, kSvc0}));
  cpu->set_reg(s390x::R0 + 3, 0x0fedcba987654321ull);
  cpu->set_reg(s390x::R0 + 4, 0x1122334455667788ull);
  cpu->set_reg(s390x::R0 + 5, 0x0fedcba987654321ull);
  cpu->set_reg(s390x::R0 + 7, 0x0fedcba987654321ull);
  cpu->run();
  EXPECT_EQ(cpu->reg(s390x::R0 + 3), 0x5566778887654321ull);  // (qemu-s390x: the same)
  // r4 rotated left 36: 0x5667788112233445; its low word's bits 4-19 into r5's low word.
  EXPECT_EQ(cpu->reg(s390x::R0 + 5), 0x0fedcba982233321ull);
  // r4 rotated left 12: 0x2334455667788112; high word bits 8-7 wrapping: all 32; (zero: nothing else)
  EXPECT_EQ(cpu->reg(s390x::R0 + 7), 0x2334455687654321ull);
}

}  // namespace
