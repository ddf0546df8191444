// The aarch64 CPU on real instructions: syscalls served inside run(), typed traps, FP enabled.
#include <gtest/gtest.h>

#include <vector>

#include "cpu-emu/aarch64_regs.h"
#include "cpu-emu/cpu.h"
#include "memory/address_space.h"

using namespace polyrun;
using namespace polyrun::mem;
namespace a64 = polyrun::cpu::a64;

namespace {

constexpr uint64_t kBottom = 0x170000000000ull, kTop = 0x170010000000ull;
constexpr uint32_t kSvc0 = 0xd4000001, kAddX0 = 0x91000400, kLdrX1X2 = 0xf9400041, kStrX1X2 = 0xf9000041,
                   kBrk0 = 0xd4200000, kUdf = 0x00000000, kFmovD0One = 0x1e6e1000, kFaddD0 = 0x1e602800,
                   kFmovX0D0 = 0x9e660000;

struct Fixture : ::testing::Test {
  AddressSpace as{Layout{4096, kBottom, kTop}};
  std::unique_ptr<cpu::Cpu> cpu = cpu::create_cpu(Isa::Aarch64, as);
  uint64_t code = 0;

  void load(const std::vector<uint32_t>& insns) {
    code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
    ASSERT_TRUE(as.poke(code, insns.data(), insns.size() * 4));
    cpu->set_pc(code);
  }
};

TEST_F(Fixture, SyscallsAreServedWithoutLeavingRun) {
  load({kAddX0, kSvc0, kAddX0, kSvc0, kAddX0, kSvc0});
  std::vector<uint64_t> seen;
  cpu->set_syscall_handler([&](cpu::Cpu& c) {
    seen.push_back(c.reg(a64::X0));
    c.set_reg(a64::X0, c.reg(a64::X0) * 10);
    if (seen.size() == 3) c.stop();
  });
  cpu->set_reg(a64::X0, 0);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(seen, (std::vector<uint64_t>{1, 11, 111}));
  EXPECT_EQ(cpu->pc(), code + 24);  // after the last svc
}

TEST_F(Fixture, UnmappedLoadIsAMemoryFault) {
  load({kLdrX1X2});
  cpu->set_reg(a64::X0 + 2, 0x10);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.fault_addr, 0x10u);
  EXPECT_TRUE(t.unmapped);
  EXPECT_EQ(t.access, cpu::Access::Read);
  EXPECT_EQ(t.pc, code);
}

TEST_F(Fixture, WriteToReadOnlyIsAProtectionFault) {
  load({kStrX1X2});
  uint64_t ro = static_cast<uint64_t>(as.map(0, 4096, kRead, {}));
  cpu->set_reg(a64::X0 + 2, ro);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.fault_addr, ro);
  EXPECT_FALSE(t.unmapped);
  EXPECT_EQ(t.access, cpu::Access::Write);
}

TEST_F(Fixture, ProtectionChangesReachTheEngine) {
  load({kStrX1X2, kSvc0});
  uint64_t page = static_cast<uint64_t>(as.map(0, 4096, kRead, {}));
  ASSERT_EQ(as.protect(page, 4096, kRead | kWrite), 0);
  cpu->set_reg(a64::X0 + 1, 42);
  cpu->set_reg(a64::X0 + 2, page);
  cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(*reinterpret_cast<uint64_t*>(page), 42u);
}

TEST_F(Fixture, BreakpointAndUndefinedInstruction) {
  load({kBrk0});
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Breakpoint);
  AddressSpace as2{Layout{4096, kBottom + 0x100000000ull, kTop + 0x100000000ull}};
  auto cpu2 = cpu::create_cpu(Isa::Aarch64, as2);
  uint64_t c2 = static_cast<uint64_t>(as2.map(0, 4096, kRead | kExec, {}));
  uint32_t udf = kUdf;
  as2.poke(c2, &udf, 4);
  cpu2->set_pc(c2);
  cpu::Trap t = cpu2->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
  EXPECT_EQ(t.pc, c2);
}

TEST_F(Fixture, FloatingPointIsEnabled) {
  load({kFmovD0One, kFaddD0, kFmovX0D0, kSvc0});
  cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(a64::X0), 0x4000000000000000ull);  // 2.0
}

TEST_F(Fixture, RewrittenCodeIsRetranslated) {
  load({kAddX0, kSvc0});
  cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  cpu->set_reg(a64::X0, 0);
  cpu->run();
  EXPECT_EQ(cpu->reg(a64::X0), 1u);
  // Replace the add with a second svc-free sequence: two adds now.
  std::vector<uint32_t> twice = {kAddX0, kAddX0, kSvc0};
  ASSERT_TRUE(as.poke(code, twice.data(), twice.size() * 4));
  cpu->set_pc(code);
  cpu->set_reg(a64::X0, 0);
  cpu->run();
  EXPECT_EQ(cpu->reg(a64::X0), 2u);
}

TEST_F(Fixture, FeaturesMatchTheModel) {
  EXPECT_TRUE(cpu->has_feature("asimd"));
  EXPECT_TRUE(cpu->has_feature("fp"));
  EXPECT_FALSE(cpu->has_feature("sve"));
}

}  // namespace
