// The s390x CPU on real instructions: svc served inside run() with its number from the immediate
// or r1, memory in big-endian order, faults with exact pcs and their pages, program
// interruptions, problem state, the access registers as the thread pointer, floating-point and
// vector registers enabled, thread contexts.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

#include "cpu-emu/cpu.h"
#include "cpu-emu/s390x_regs.h"
#include "memory/address_space.h"

using namespace polyrun;
using namespace polyrun::mem;
namespace s390x = polyrun::cpu::s390x;

namespace {

// Encodings from binutils (s390x-linux-gnu-as).
using Code = std::vector<uint8_t>;
const Code kSvc7 = {0x0a, 0x07};
const Code kLghiR1_300 = {0xa7, 0x19, 0x01, 0x2c};
const Code kSvc0 = {0x0a, 0x00};
const Code kStgR2R3 = {0xe3, 0x20, 0x30, 0x00, 0x00, 0x24};  // stg %r2,0(%r3)
const Code kLgR2R3 = {0xe3, 0x20, 0x30, 0x00, 0x00, 0x04};   // lg %r2,0(%r3)
const Code kAghiR2 = {0xa7, 0x2b, 0x00, 0x01};               // aghi %r2,1
const Code kIllegal = {0x00, 0x00};
const Code kDrR2R4 = {0x1d, 0x24};                         // dr %r2,%r4
const Code kEarR2A0 = {0xb2, 0x4f, 0x00, 0x20};            // ear %r2,%a0
const Code kEarR3A1 = {0xb2, 0x4f, 0x00, 0x31};            // ear %r3,%a1
const Code kSarA0R2 = {0xb2, 0x4e, 0x00, 0x02};            // sar %a0,%r2
const Code kSarA1R3 = {0xb2, 0x4e, 0x00, 0x13};            // sar %a1,%r3
const Code kLgdrR2F15 = {0xb3, 0xcd, 0x00, 0x2f};          // lgdr %r2,%f15
const Code kLdgrF3R4 = {0xb3, 0xc1, 0x00, 0x34};           // ldgr %f3,%r4
const Code kAdbrF3F3 = {0xb3, 0x1a, 0x00, 0x33};           // adbr %f3,%f3
const Code kLgdrR5F3 = {0xb3, 0xcd, 0x00, 0x53};           // lgdr %r5,%f3
const Code kVlvggV20R2 = {0xe7, 0x42, 0x00, 0x00, 0x38, 0x22};  // vlvgg %v20,%r2,0
const Code kVlgvgR6V20 = {0xe7, 0x64, 0x00, 0x00, 0x34, 0x21};  // vlgvg %r6,%v20,0

Code seq(std::initializer_list<Code> parts) {
  Code c;
  for (const Code& p : parts) c.insert(c.end(), p.begin(), p.end());
  return c;
}

struct S390xCpu : ::testing::Test {
  AddressSpace as{Layout{4096, 0x10000000, 0x20000000}};
  std::unique_ptr<cpu::Cpu> cpu = cpu::create_cpu(Isa::S390x, as);
  uint64_t code = 0, data = 0;

  void SetUp() override {
    code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
    data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
  }
  void load(const Code& c) {
    ASSERT_TRUE(as.poke(code, c.data(), c.size()));
    cpu->set_pc(code);
  }
  void stop_at_syscall() {
    cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  }
};

TEST_F(S390xCpu, SyscallNumberFromImmediateOrR1) {
  load(seq({kSvc7, kLghiR1_300, kSvc0, kSvc0}));
  std::vector<uint64_t> seen;
  cpu->set_syscall_handler([&](cpu::Cpu& c) {
    seen.push_back(c.reg(s390x::SVC_NR));
    EXPECT_EQ(c.pc(), code + (seen.size() == 1 ? 2 : 8));  // the return address: past the svc
    c.set_reg(s390x::R2, 1000 + seen.size());
    if (seen.size() == 2) c.stop();
  });
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(seen, (std::vector<uint64_t>{7, 300}));
  EXPECT_EQ(cpu->reg(s390x::R2), 1002u);
  EXPECT_EQ(cpu->pc(), code + 8);
}

TEST_F(S390xCpu, MemoryIsBigEndian) {
  const uint8_t bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  std::memcpy(reinterpret_cast<void*>(data), bytes, 8);
  load(seq({kLgR2R3, kAghiR2, kStgR2R3, kSvc0}));
  cpu->set_reg(s390x::R0 + 3, data);
  stop_at_syscall();
  cpu->run();
  EXPECT_EQ(cpu->reg(s390x::R2), 0x0102030405060709u);
  const uint8_t* d = reinterpret_cast<const uint8_t*>(data);
  EXPECT_EQ(d[7], 9);
  EXPECT_EQ(d[0], 1);
}

TEST_F(S390xCpu, StoreToReadOnlyFaultsAtTheStoreWithItsPage) {
  load(seq({kAghiR2, kAghiR2, kStgR2R3, kAghiR2}));
  cpu->set_reg(s390x::R2, 0);
  cpu->set_reg(s390x::R0 + 3, code + 0x808);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code + 8);
  EXPECT_EQ(cpu->pc(), code + 8);
  EXPECT_EQ(t.access, cpu::Access::Write);
  EXPECT_FALSE(t.unmapped);
  EXPECT_EQ(t.fault_addr, code);  // s390x reports the page (its translation-exception identification)
  EXPECT_EQ(cpu->reg(s390x::R2), 2u);
}

TEST_F(S390xCpu, LoadFromUnmappedFaultsWithItsPage) {
  const uint64_t hole = static_cast<uint64_t>(as.map(0, 4096, kRead, {}));
  as.unmap(hole, 4096);
  load(seq({kAghiR2, kLgR2R3}));
  cpu->set_reg(s390x::R0 + 3, hole + 0x10);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code + 4);
  EXPECT_EQ(t.access, cpu::Access::Read);
  EXPECT_TRUE(t.unmapped);
  EXPECT_EQ(t.fault_addr, hole);
}

TEST_F(S390xCpu, ProtectionChangesReachTheEngine) {
  load(seq({kStgR2R3, kSvc0}));
  cpu->set_reg(s390x::R0 + 3, data);
  stop_at_syscall();
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);  // the page is in the TLB, writable
  as.protect(data, 4096, kRead);
  cpu->set_pc(code);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code);
  EXPECT_EQ(t.access, cpu::Access::Write);
}

TEST_F(S390xCpu, FetchFromNonExecutable) {
  cpu->set_pc(data);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Fetch);
  EXPECT_EQ(t.pc, data);
}

TEST_F(S390xCpu, ProgramInterruptions) {
  load(seq({kAghiR2, kIllegal}));
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
  EXPECT_EQ(t.pc, code + 4);

  load(seq({kAghiR2, kDrR2R4}));
  cpu->set_reg(s390x::R0 + 4, 0);
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::DivideError);
  EXPECT_EQ(t.pc, code + 4);
}

TEST_F(S390xCpu, ThreadPointerIsA0A1) {
  cpu->set_reg(s390x::TP, 0x123456789abcdef0ull);
  load(seq({kEarR2A0, kEarR3A1, kSvc0}));
  stop_at_syscall();
  cpu->run();
  EXPECT_EQ(cpu->reg(s390x::R2) & 0xffffffff, 0x12345678u);
  EXPECT_EQ(cpu->reg(s390x::R0 + 3) & 0xffffffff, 0x9abcdef0u);
  EXPECT_EQ(cpu->reg(s390x::R2) >> 32, 0u);  // ear leaves the high half as it was (0)

  load(seq({kSarA0R2, kSarA1R3, kSvc0}));
  cpu->set_reg(s390x::R2, 0xaaaa0001);
  cpu->set_reg(s390x::R0 + 3, 0xbbbb0002);
  cpu->run();
  EXPECT_EQ(cpu->reg(s390x::TP), 0xaaaa0001bbbb0002ull);
  EXPECT_EQ(cpu->reg(s390x::R2), 0xaaaa0001u);  // the register API's A0 is not r0's alias here
}

TEST_F(S390xCpu, FloatingPointAndVectorRegisters) {
  const uint64_t one_and_half = 0x3ff8000000000000ull;  // 1.5
  cpu->set_reg(s390x::F15, 0x4045000000000000ull);      // 42.0
  cpu->set_reg(s390x::R0 + 4, one_and_half);
  load(seq({kLgdrR2F15, kLdgrF3R4, kAdbrF3F3, kLgdrR5F3, kVlvggV20R2, kVlgvgR6V20, kSvc0}));
  stop_at_syscall();
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(s390x::R2), 0x4045000000000000ull);
  EXPECT_EQ(cpu->reg(s390x::R0 + 5), 0x4008000000000000ull);  // 3.0
  EXPECT_EQ(cpu->reg(s390x::F0 + 3), 0x4008000000000000ull);
  EXPECT_EQ(cpu->reg(s390x::R0 + 6), 0x4045000000000000ull);
}

// An FPC written from outside (a signal frame's, at sigreturn) rounds as sfpc would have it.
TEST_F(S390xCpu, FpcRoundingModeTakesEffect) {
  const Code kDdbrF0F2 = {0xb3, 0x1d, 0x00, 0x02};  // ddbr %f0,%f2
  const Code kLgdrR2F0 = {0xb3, 0xcd, 0x00, 0x20};  // lgdr %r2,%f0
  load(seq({kDdbrF0F2, kLgdrR2F0, kSvc0}));
  stop_at_syscall();
  cpu->set_reg(s390x::F0, 0x3ff0000000000000ull);      // 1.0
  cpu->set_reg(s390x::F0 + 2, 0x4008000000000000ull);  // 3.0
  cpu->run();
  EXPECT_EQ(cpu->reg(s390x::R2), 0x3fd5555555555555ull);  // 1/3 to nearest
  cpu->set_reg(s390x::FPC, 2);                           // round up
  cpu->set_reg(s390x::F0, 0x3ff0000000000000ull);
  cpu->set_pc(code);
  cpu->run();
  EXPECT_EQ(cpu->reg(s390x::R2), 0x3fd5555555555556ull);
  EXPECT_EQ(cpu->reg(s390x::FPC) & 7, 2u);  // (and the inexact flag the division raised)
}

TEST_F(S390xCpu, ContextCarriesRegistersAndThreadPointer) {
  cpu->set_reg(s390x::R0 + 9, 99);
  cpu->set_reg(s390x::TP, 0x1111222233334444ull);
  cpu->set_reg(s390x::F0 + 7, 0x4000000000000000ull);
  cpu::CpuContext c = cpu->save_context();
  auto other = cpu::create_cpu(Isa::S390x, as);
  other->load_context(c);
  EXPECT_EQ(other->reg(s390x::R0 + 9), 99u);
  EXPECT_EQ(other->reg(s390x::TP), 0x1111222233334444ull);
  EXPECT_EQ(other->reg(s390x::F0 + 7), 0x4000000000000000ull);
  EXPECT_EQ(other->reg(s390x::PSWM) & 0x0001000180000000ull, 0x0001000180000000ull);  // problem state
}

TEST_F(S390xCpu, PrivilegedOperationInProblemState) {
  load({0xb2, 0x0d, 0x00, 0x00});  // ptlb (the engine fetches from the page before while raising it)
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::PrivilegedInstruction);
  EXPECT_EQ(t.pc, code);
  // The page lent for that is not executable afterwards.
  cpu->set_pc(data);
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Fetch);
}

// Polyrun's own calls of the engine (unmapping a region, dropping translations) look code up
// through the TLB hook, which grants them whatever the guest may do there.
TEST_F(S390xCpu, RemappingAfterUnmapAndProtect) {
  as.protect(data, 4096, kRead);
  as.unmap(data, 4096);
  mem::MapRequest r;
  r.fixed = true;
  EXPECT_EQ(static_cast<uint64_t>(as.map(data, 4096, kRead | kWrite, r)), data);
  load(seq({kStgR2R3, kSvc0}));
  cpu->set_reg(s390x::R0 + 2, 77);
  cpu->set_reg(s390x::R0 + 3, data);
  stop_at_syscall();
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(reinterpret_cast<const uint8_t*>(data)[7], 77);
}

}  // namespace
