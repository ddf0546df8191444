// The 32-bit ARM CPU on real instructions, in ARM and Thumb state: syscalls served inside run(),
// interworking, traps with exact pcs, User mode, TLS registers, VFP/NEON, divide, thread contexts
// and load/store-exclusives executed with host atomics by engines running in parallel.
#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <memory>
#include <ostream>
#include <thread>
#include <vector>

#include "common/fault_report.h"
#include "cpu-emu/arm_regs.h"
#include "cpu-emu/cpu.h"
#include "cpu-emu/execution_lock.h"
#include "memory/address_space.h"

using namespace polyrun;
using namespace polyrun::mem;
namespace arm = polyrun::cpu::arm;

namespace {

constexpr uint64_t kT = 1u << 5;  // CPSR.T

// Encodings from binutils (arm-linux-gnueabihf-as, .syntax unified, -mcpu=cortex-a15).
using Arm = std::vector<uint32_t>;
using Thumb = std::vector<uint16_t>;  // a 32-bit Thumb instruction is two halfwords, first first

struct ArmCpu : ::testing::Test {
  // Guest addresses below 4 GiB, application memory in every sanitizer build.
  AddressSpace as{Layout{4096, 0x10000000, 0x20000000}};
  std::unique_ptr<cpu::Cpu> cpu = cpu::create_cpu(Isa::Arm, as);
  uint64_t code = 0, data = 0;

  void SetUp() override {
    code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
    data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
  }
  void put(uint64_t at, const void* bytes, size_t n) { ASSERT_TRUE(as.poke(at, bytes, n)); }
  void load(const Arm& insns, uint64_t at = 0) {
    put(code + at, insns.data(), insns.size() * 4);
    cpu->set_pc(code + at);
  }
  void load(const Thumb& insns, uint64_t at = 0) {
    put(code + at, insns.data(), insns.size() * 2);
    cpu->set_pc(code + at + 1);
  }
  void stop_at_syscall() {
    cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  }
  uint32_t word(uint64_t at) {
    uint32_t v;
    std::memcpy(&v, reinterpret_cast<const void*>(at), 4);
    return v;
  }
  bool thumb() { return cpu->reg(arm::CPSR) & kT; }
};

TEST_F(ArmCpu, StartsInUserModeInArmState) {
  EXPECT_EQ(cpu->reg(arm::CPSR) & 0x1f, 0x10u);
  EXPECT_FALSE(thumb());
}

struct Seen {
  uint64_t r0, r7, pc;
  bool thumb;
  bool operator==(const Seen& o) const { return r0 == o.r0 && r7 == o.r7 && pc == o.pc && thumb == o.thumb; }
};

TEST_F(ArmCpu, SyscallsAreServedWithoutLeavingRunInBothStates) {
  for (bool in_thumb : {false, true}) {
    if (in_thumb)
      load(Thumb{0x3001, 0xdf00, 0x3001, 0xdf00, 0x3001, 0xdf00});  // (adds r0, #1; svc #0) x3
    else
      load(Arm{0xe2800001, 0xef000000, 0xe2800001, 0xef000000, 0xe2800001, 0xef000000});  // (add r0, r0, #1; svc #0) x3
    const uint64_t size = in_thumb ? 2 : 4;
    std::vector<Seen> seen;
    cpu->set_syscall_handler([&](cpu::Cpu& c) {
      seen.push_back({c.reg(arm::R0), c.reg(arm::R7), c.pc(), (c.reg(arm::CPSR) & kT) != 0});
      c.set_reg(arm::R0, c.reg(arm::R0) * 10);
      if (seen.size() == 3) c.stop();
    });
    cpu->set_reg(arm::R0, 0);
    cpu->set_reg(arm::R7, 45);
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
    // The pc after each svc: 4 bytes on in ARM state, 2 in Thumb state (CPSR.T says which).
    std::vector<Seen> want = {{1, 45, code + 2 * size, in_thumb},
                              {11, 45, code + 4 * size, in_thumb},
                              {111, 45, code + 6 * size, in_thumb}};
    EXPECT_EQ(seen, want) << "thumb " << in_thumb;
    EXPECT_EQ(cpu->pc(), code + 6 * size);
    EXPECT_EQ(thumb(), in_thumb);
  }
}

// A restart as the Linux side makes it: back by the svc's size, in the state it was made in.
TEST_F(ArmCpu, SyscallRestartGoesBackBySizeInThumbState) {
  load(Thumb{0x3001, 0xdf00});  // adds r0, #1; svc #0
  int calls = 0;
  cpu->set_syscall_handler([&](cpu::Cpu& c) {
    if (++calls == 1) {
      const uint64_t size = c.reg(arm::CPSR) & kT ? 2 : 4;
      c.set_pc((c.pc() - size) | 1);
    } else {
      c.stop();
    }
  });
  cpu->set_reg(arm::R0, 0);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(cpu->reg(arm::R0), 1u);  // the adds before the svc ran once
  EXPECT_EQ(cpu->pc(), code + 4);
}

TEST_F(ArmCpu, InterworkingBlxArmToThumbAndBack) {
  load(Thumb{0x3001, 0xdf00, 0x4770}, 0x100);  // adds r0, #1; svc #0; bx lr
  load(Arm{0xe12fff33, 0xe2800064, 0xef000000});  // blx r3; add r0, r0, #100; svc #0
  std::vector<Seen> seen;
  cpu->set_syscall_handler([&](cpu::Cpu& c) {
    seen.push_back({c.reg(arm::R0), 0, c.pc(), (c.reg(arm::CPSR) & kT) != 0});
    if (seen.size() == 2) c.stop();
  });
  cpu->set_reg(arm::R0, 0);
  cpu->set_reg(arm::R7, 0);
  cpu->set_reg(arm::R0 + 3, code + 0x100 + 1);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  std::vector<Seen> want = {{1, 0, code + 0x104, true}, {101, 0, code + 12, false}};
  EXPECT_EQ(seen, want);
  EXPECT_EQ(cpu->reg(arm::LR), code + 4);  // blx from ARM state: the return address, ARM (bit 0 clear)
}

TEST_F(ArmCpu, PcAndThumbBit) {
  cpu->set_pc(code + 0x21);
  EXPECT_EQ(cpu->pc(), code + 0x20);
  EXPECT_EQ(cpu->reg(arm::PC), code + 0x20);
  EXPECT_TRUE(thumb());
  cpu->set_pc(code + 0x40);
  EXPECT_EQ(cpu->pc(), code + 0x40);
  EXPECT_FALSE(thumb());
  cpu->set_reg(arm::PC, code + 0x61);  // as set_pc
  EXPECT_EQ(cpu->pc(), code + 0x60);
  EXPECT_TRUE(thumb());
  // The CPSR's T bit can be written; the mode stays User whatever is written.
  cpu->set_reg(arm::CPSR, 0x600001d3);  // Z C, A I F, SVC mode, ARM state
  EXPECT_EQ(cpu->reg(arm::CPSR), 0x60000010u);
  cpu->set_reg(arm::CPSR, 0x80000030);  // N, Thumb
  EXPECT_EQ(cpu->reg(arm::CPSR), 0x80000030u);
  EXPECT_EQ(cpu->pc(), code + 0x60);
  // run() goes on in the state the CPSR says.
  load(Thumb{0x3001, 0xdf00});
  cpu->set_reg(arm::CPSR, 0x10);
  cpu->set_reg(arm::CPSR, 0x30);
  stop_at_syscall();
  cpu->set_reg(arm::R0, 5);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(arm::R0), 6u);
  EXPECT_EQ(cpu->pc(), code + 4);
}

TEST_F(ArmCpu, BreakpointAndUndefinedInstructionsInArmState) {
  // add; bkpt #0x1234; add; udf #0; add; udf #16 (the Linux ARM breakpoint gdb plants)
  load(Arm{0xe2800001, 0xe1212374, 0xe2800001, 0xe7f000f0, 0xe2800001, 0xe7f001f0});
  cpu->set_reg(arm::R0, 0);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Breakpoint);
  EXPECT_EQ(t.pc, code + 4);  // at the bkpt, as Linux reports it (and aarch64's brk)
  EXPECT_EQ(t.code, 0x1234u);
  EXPECT_EQ(cpu->reg(arm::R0), 1u);
  for (uint64_t at : {12, 20}) {
    cpu->set_pc(t.pc + 4);
    t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
    EXPECT_EQ(t.pc, code + at);
    EXPECT_EQ(cpu->pc(), code + at);
    EXPECT_FALSE(thumb());
  }
  EXPECT_EQ(cpu->reg(arm::R0), 3u);
}

TEST_F(ArmCpu, BreakpointAndUndefinedInstructionsInThumbState) {
  load(Thumb{0x3001, 0xbe42, 0x3001, 0xde00, 0x3001, 0xde01});  // adds; bkpt #0x42; adds; udf #0; adds; udf #1
  cpu->set_reg(arm::R0, 0);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Breakpoint);
  EXPECT_EQ(t.pc, code + 2);
  EXPECT_EQ(t.code, 0x42u);
  for (uint64_t at : {6, 10}) {
    cpu->set_pc((t.pc + 2) | 1);
    t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
    EXPECT_EQ(t.pc, code + at);
    EXPECT_EQ(cpu->pc(), code + at);
    EXPECT_TRUE(thumb());
  }
  EXPECT_EQ(cpu->reg(arm::R0), 3u);
}

TEST_F(ArmCpu, MemoryFaultsReportTheFaultingInstructionInArmState) {
  // add; add; ldr r2, [r1, #4]; add; svc
  load(Arm{0xe2800001, 0xe2800001, 0xe5912004, 0xe2800001, 0xef000000});
  cpu->set_reg(arm::R0, 0);
  cpu->set_reg(arm::R0 + 1, 0x1000);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Read);
  EXPECT_TRUE(t.unmapped);
  EXPECT_EQ(t.fault_addr, 0x1004u);
  EXPECT_EQ(t.pc, code + 8);
  EXPECT_EQ(cpu->pc(), code + 8);
  EXPECT_EQ(cpu->reg(arm::R0), 2u);
  EXPECT_FALSE(thumb());
}

TEST_F(ArmCpu, MemoryFaultsReportTheFaultingInstructionInThumbState) {
  // adds r0, #1; add.w r0, r0, #1; ldr r2, [r1, #4]; adds r0, #1; str.w r2, [r1, #8]; svc #0
  load(Thumb{0x3001, 0xf100, 0x0001, 0x684a, 0x3001, 0xf8c1, 0x2008, 0xdf00});
  const uint64_t ro = static_cast<uint64_t>(as.map(0, 4096, kRead, {}));
  cpu->set_reg(arm::R0, 0);
  cpu->set_reg(arm::R0 + 1, 0x2000);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Read);
  EXPECT_EQ(t.fault_addr, 0x2004u);
  EXPECT_EQ(t.pc, code + 6);
  EXPECT_EQ(cpu->reg(arm::R0), 2u);
  EXPECT_TRUE(thumb());  // the fault left the engine in Thumb state at the load
  // Going on from there (now readable) reaches the store, into read-only memory.
  cpu->set_reg(arm::R0 + 1, ro);
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Write);
  EXPECT_FALSE(t.unmapped);
  EXPECT_EQ(t.fault_addr, ro + 8);
  EXPECT_EQ(t.pc, code + 10);
  EXPECT_EQ(cpu->reg(arm::R0), 3u);
  EXPECT_TRUE(thumb());
}

// ARM code translated right after a Thumb block that ended inside an If-Then block (which the
// engine translates without its stop check after loads and stores): a store there that faults
// still stops the engine at it, with the registers and the CPSR (ARM state) as it found them,
// nothing after it run (not the next store, not the blx into Thumb code).
TEST_F(ArmCpu, FaultInArmCodeAfterAThumbItBlockStopsAtTheFaultingInstruction) {
  // Thumb: cmp r0, r0; it eq; bxeq r3 (to the ARM code at + 0x40)
  load(Thumb{0x4280, 0xbf08, 0x4718});
  // ARM: add r0, r0, #1; str r4, [r1]; add r4, r4, #10; str r4, [r2]; blx r6 (to Thumb: svc #0)
  const Arm arm_code{0xe2800001, 0xe5814000, 0xe284400a, 0xe5824000, 0xe12fff36};
  put(code + 0x40, arm_code.data(), arm_code.size() * 4);
  const uint16_t svc = 0xdf00;
  put(code + 0x80, &svc, 2);
  const uint64_t ro = static_cast<uint64_t>(as.map(0, 4096, kRead, {}));
  const uint32_t before = 0x5a5a5a5a;
  put(data, &before, 4);
  stop_at_syscall();
  cpu->set_reg(arm::R0, 0);
  cpu->set_reg(arm::R0 + 1, ro);
  cpu->set_reg(arm::R0 + 2, data);
  cpu->set_reg(arm::R0 + 3, code + 0x40);
  cpu->set_reg(arm::R0 + 4, 5);
  cpu->set_reg(arm::R0 + 6, code + 0x81);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Write);
  EXPECT_FALSE(t.unmapped);
  EXPECT_EQ(t.fault_addr, ro);
  EXPECT_EQ(t.pc, code + 0x44);
  EXPECT_EQ(cpu->pc(), code + 0x44);
  EXPECT_FALSE(thumb());
  EXPECT_EQ(cpu->reg(arm::R0), 1u);
  EXPECT_EQ(cpu->reg(arm::R0 + 4), 5u);
  EXPECT_EQ(word(data), before);
  // Made writable, the store and what follows run, to the svc in Thumb state.
  as.protect(ro, 4096, kRead | kWrite);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(word(ro), 5u);
  EXPECT_EQ(word(data), 15u);
  EXPECT_TRUE(thumb());
  EXPECT_EQ(cpu->pc(), code + 0x82);
}

TEST_F(ArmCpu, BranchToUnmappedThumbCodeIsAFetchFault) {
  load(Arm{0xe12fff33});  // blx r3
  cpu->set_reg(arm::R0 + 3, 0x3001);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Fetch);
  EXPECT_EQ(t.fault_addr, 0x3000u);
  EXPECT_EQ(t.pc, 0x3000u);
}

// Plain loads may be misaligned (SCTLR.A = 0, as Linux sets it); exclusive ones fault.
TEST_F(ArmCpu, MisalignedPlainLoadIsCarriedOut) {
  const uint32_t v = 0x11223344;
  put(data + 3, &v, 4);
  load(Arm{0xe5912001, 0xef000000});  // ldr r2, [r1, #1]; svc
  stop_at_syscall();
  cpu->set_reg(arm::R0 + 1, data + 2);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(arm::R0 + 2), 0x11223344u);
}

TEST_F(ArmCpu, PrivilegedInstructionsAreRefusedInUserMode) {
  // mcr p15 SCTLR; mrs r0, spsr; cps #0x13; msr cpsr_c, #0x13; mrs r0, cpsr; svc
  load(Arm{0xee010f10, 0xe14f0000, 0xf1020013, 0xe321f013, 0xe10f0000, 0xef000000});
  for (uint64_t at : {0, 4}) {
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
    EXPECT_EQ(t.pc, code + at);
    cpu->set_pc(code + at + 4);
  }
  // cps and msr to the mode bits do nothing in User mode, as on hardware.
  stop_at_syscall();
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(arm::R0) & 0x1f, 0x10u);
  EXPECT_EQ(cpu->reg(arm::CPSR) & 0x1f, 0x10u);
  // Thumb: mrs r0, spsr; mrc p15 SCTLR
  load(Thumb{0xf3ff, 0x8000, 0xee11, 0x0f10, 0xdf00});
  for (uint64_t at : {0, 4}) {
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
    EXPECT_EQ(t.pc, code + at);
    cpu->set_pc((code + at + 4) | 1);
  }
}

// Hints run as hints: yield and wfe go on (the engine stops at them as at invalid instructions),
// wfi at most ends a run.
TEST_F(ArmCpu, HintsGoOn) {
  load(Arm{0xe320f001, 0xe320f002, 0xe320f003, 0xe2800001, 0xef000000});  // yield; wfe; wfi; add; svc
  stop_at_syscall();
  cpu->set_reg(arm::R0, 0);
  for (int i = 0; i < 3 && cpu->pc() != code + 20; ++i) EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->pc(), code + 20);
  EXPECT_EQ(cpu->reg(arm::R0), 1u);
}

TEST_F(ArmCpu, ThreadRegistersFromUserMode) {
  // mrc TPIDRURO -> r0; mcr r1 -> TPIDRURW; mrc TPIDRURW -> r2; svc
  load(Arm{0xee1d0f70, 0xee0d1f50, 0xee1d2f50, 0xef000000});
  stop_at_syscall();
  cpu->set_reg(arm::TPIDRURO, 0x12345678);
  cpu->set_reg(arm::R0 + 1, 0xcafe0001);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(arm::R0), 0x12345678u);
  EXPECT_EQ(cpu->reg(arm::R0 + 2), 0xcafe0001u);
  EXPECT_EQ(cpu->reg(arm::TPIDRURW), 0xcafe0001u);
  EXPECT_EQ(cpu->reg(arm::TPIDRURO), 0x12345678u);
  // Both survive into another run, in Thumb state; TPIDRURW written through the interface.
  cpu->set_reg(arm::TPIDRURW, 0xbeef);
  load(Thumb{0xee1d, 0x0f70, 0xee1d, 0x2f50, 0xdf00});
  cpu->set_reg(arm::R0, 0);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->reg(arm::R0), 0x12345678u);
  EXPECT_EQ(cpu->reg(arm::R0 + 2), 0xbeefu);
  // User code cannot write TPIDRURO (mcr p15, 0, r0, c13, c0, 3).
  load(Arm{0xee0d0f70});
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::IllegalInstruction);
}

TEST_F(ArmCpu, VfpAndNeon) {
  // vadd.f64 d0, d1, d2; vfma.f64 d3, d1, d2; vadd.i32 q4, q1, q2; vmov r0, r1, d0; svc
  load(Arm{0xee310b02, 0xeea13b02, 0xf2228844, 0xec510b10, 0xef000000});
  stop_at_syscall();
  auto bits = [](double d) {
    uint64_t b;
    std::memcpy(&b, &d, 8);
    return b;
  };
  cpu->set_reg(arm::D0 + 1, bits(1.5));
  cpu->set_reg(arm::D0 + 2, bits(2.25));
  cpu->set_reg(arm::D0 + 3, bits(10.0));
  // q1 = d2:d3 and q2 = d4:d5; read_vector and write_vector reach Qn by the id of D(2n).
  uint8_t q2[16];
  for (int i = 0; i < 16; ++i) q2[i] = static_cast<uint8_t>(i);
  cpu->write_vector(arm::D0 + 4, q2);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  uint8_t q1[16];
  cpu->read_vector(arm::D0 + 2, q1);  // d2 and the new d3
  EXPECT_EQ(cpu->reg(arm::D0), bits(3.75));
  EXPECT_EQ(cpu->reg(arm::D0 + 3), bits(10.0 + 1.5 * 2.25));  // VFPv4 fused multiply-add
  EXPECT_EQ(cpu->reg(arm::R0) | cpu->reg(arm::R0 + 1) << 32, bits(3.75));
  uint8_t q4[16];
  cpu->read_vector(arm::D0 + 8, q4);
  for (int lane = 0; lane < 4; ++lane) {
    uint32_t a, b, r;
    std::memcpy(&a, q1 + 4 * lane, 4);
    std::memcpy(&b, q2 + 4 * lane, 4);
    std::memcpy(&r, q4 + 4 * lane, 4);
    EXPECT_EQ(r, a + b) << "lane " << lane;
  }
}

TEST_F(ArmCpu, IntegerDivideInBothStatesAndByZero) {
  struct Case {
    uint32_t n, d, sq, uq;
  };
  const Case cases[] = {
      {100, 7, 14, 14},
      {static_cast<uint32_t>(-100), 7, static_cast<uint32_t>(-14), 0xffffff9cu / 7},
      {0x80000000u, 0xffffffffu, 0x80000000u, 0},  // INT_MIN / -1: no trap, INT_MIN
      {7, 0, 0, 0},                                // divide by zero: no trap, 0
  };
  for (bool in_thumb : {false, true}) {
    for (const Case& c : cases) {
      if (in_thumb)
        load(Thumb{0xfb91, 0xf0f2, 0xfbb1, 0xf3f2, 0xdf00});  // sdiv r0, r1, r2; udiv r3, r1, r2; svc
      else
        load(Arm{0xe710f211, 0xe733f211, 0xef000000});
      stop_at_syscall();
      cpu->set_reg(arm::R0, 0xdead);
      cpu->set_reg(arm::R0 + 3, 0xdead);
      cpu->set_reg(arm::R0 + 1, c.n);
      cpu->set_reg(arm::R0 + 2, c.d);
      cpu::Trap t = cpu->run();
      EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
      EXPECT_EQ(cpu->reg(arm::R0), c.sq) << c.n << "/" << c.d << " thumb " << in_thumb;
      EXPECT_EQ(cpu->reg(arm::R0 + 3), c.uq) << c.n << "/" << c.d << " thumb " << in_thumb;
    }
  }
}

TEST_F(ArmCpu, SaveAndLoadContextRoundTrip) {
  load(Thumb{0x3001, 0xdf00});  // adds r0, #1; svc
  for (int i = 0; i <= 14; ++i) cpu->set_reg(arm::R0 + i, 0x1000 + i);
  cpu->set_reg(arm::CPSR, 0x20000030);  // C, Thumb
  cpu->set_reg(arm::FPSCR, 0x03000000);  // default NaN, flush to zero
  cpu->set_reg(arm::TPIDRURO, 0x4242);
  cpu->set_reg(arm::TPIDRURW, 0x4343);
  for (int i = 0; i < 32; ++i) cpu->set_reg(arm::D0 + i, 0x0102030405060708ull * (i + 1));
  cpu::CpuContext ctx = cpu->save_context();
  EXPECT_EQ(ctx.regs.size(), static_cast<size_t>(arm::kCount));
  auto other = cpu::create_cpu(Isa::Arm, as);
  other->load_context(ctx);
  for (int id = 0; id < arm::kCount; ++id) EXPECT_EQ(other->reg(id), cpu->reg(id)) << "register " << id;
  EXPECT_EQ(other->pc(), code);
  EXPECT_EQ(other->reg(arm::CPSR), 0x20000030u);
  // It goes on in Thumb state.
  other->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  EXPECT_EQ(other->run().kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(other->reg(arm::R0), 0x1001u);
  EXPECT_EQ(other->pc(), code + 4);
}

// A stop at a block boundary (a watched flag) leaves the engine in the state it ran in.
TEST_F(ArmCpu, AWatchedFlagStopsAThumbLoopWhichGoesOnInThumbState) {
  load(Thumb{0x3101, 0xe7fd});  // 1: adds r1, #1; b 1b
  std::atomic<bool> flag{false};
  cpu->watch_interrupts(&flag);
  cpu->set_reg(arm::R0 + 1, 0);
  for (int round = 0; round < 2; ++round) {
    flag = false;
    std::thread setter([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      flag = true;
    });
    const uint64_t before = cpu->reg(arm::R0 + 1);
    cpu::Trap t = cpu->run();
    setter.join();
    EXPECT_EQ(t.kind, cpu::TrapKind::Interrupted);
    EXPECT_GT(cpu->reg(arm::R0 + 1), before);
    EXPECT_TRUE(cpu->pc() == code || cpu->pc() == code + 2);
    EXPECT_TRUE(thumb());
  }
}

// The models' features, in Linux's order: the default (the engine's max) adds ARMv8's AArch32
// instructions to the Cortex-A15's ARMv7, as qemu-arm's default does (what each runs is measured
// against qemu-arm by the cpu_features.arm test); its MIDR is the Cortex-A15's r2p1.
TEST_F(ArmCpu, FeaturesMatchTheModel) {
  const std::vector<std::string> a15 = {"half", "thumb", "fastmult", "vfp",  "edsp",   "neon", "vfpv3",
                                        "tls",  "vfpv4", "idiva",    "idivt", "vfpd32", "lpae"};
  std::vector<std::string> max = a15;
  for (const char* f : {"asimddp", "asimdfhm", "aes", "pmull", "sha1", "sha2", "crc32", "sb"}) max.push_back(f);
  EXPECT_EQ(cpu->features(), max);
  cpu::CpuOptions o;
  o.model = "cortex-a15";
  auto older = cpu::create_cpu(Isa::Arm, as, o);
  EXPECT_EQ(older->features(), a15);
  uint64_t midr = 0;
  ASSERT_TRUE(older->read_system_register(0, midr));
  EXPECT_EQ(midr, 0x412fc0f1u);
}

// ---- load/store-exclusives: the engine's own execution and polyrun's (threads in parallel) give
// the same results ----

struct ArmExclusive : ArmCpu, ::testing::WithParamInterface<bool> {
  cpu::ExecutionLock lock;
  struct sigaction old_segv {}, old_bus {};
  void SetUp() override {
    ArmCpu::SetUp();
    if (GetParam()) {
      // As the personality does before guest code runs: polyrun's host atomics on guest memory
      // recover from host faults (an exclusive at an unmapped address is then left to the engine).
      ::sigaction(SIGSEGV, nullptr, &old_segv);
      ::sigaction(SIGBUS, nullptr, &old_bus);
      report_host_faults_as_guest_faults();
      lock.acquire();
      cpu->share_execution(lock);  // engines in parallel: exclusives performed by polyrun
    }
  }
  void TearDown() override {
    if (!GetParam()) return;
    lock.release();
    ::sigaction(SIGSEGV, &old_segv, nullptr);
    ::sigaction(SIGBUS, &old_bus, nullptr);
  }
};

TEST_P(ArmExclusive, ArmState) {
  load(Arm{
      0xe1b12f9f,  // ldrexd r2, r3, [r1]
      0xe2822001,  // add r2, r2, #1
      0xe2833002,  // add r3, r3, #2
      0xe1a14f92,  // strexd r4, r2, r3, [r1]
      0xe1d65f9f,  // ldrexb r5, [r6]
      0xe2855001,  // add r5, r5, #1
      0xe1c68f95,  // strexb r8, r5, [r6]
      0xe101909a,  // swp r9, r10, [r1]
      0xf57ff01f,  // clrex
      0xe181bf92,  // strex r11, r2, [r1]: no monitor, fails
      0xe1500000,  // cmp r0, r0
      0xe1912f9f,  // ldrex r2, [r1]
      0x1181cf92,  // strexne r12, r2, [r1]: condition fails, nothing
      0xef000000,  // svc #0
  });
  const uint32_t init[2] = {100, 200};
  put(data, init, 8);
  const uint8_t byte = 0xfe;
  put(data + 17, &byte, 1);
  cpu->set_reg(arm::R0 + 1, data);
  cpu->set_reg(arm::R0 + 6, data + 17);
  cpu->set_reg(arm::R0 + 10, 0x5555);
  cpu->set_reg(arm::R0 + 12, 0x77);
  for (int r : {4, 8, 9, 11}) cpu->set_reg(arm::R0 + r, 0xeeee);
  stop_at_syscall();
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->pc(), code + 56);
  EXPECT_EQ(cpu->reg(arm::R0 + 4), 0u);  // strexd stored
  EXPECT_EQ(cpu->reg(arm::R0 + 8), 0u);  // strexb stored
  EXPECT_EQ(*reinterpret_cast<uint8_t*>(data + 17), 0xff);
  EXPECT_EQ(cpu->reg(arm::R0 + 9), 101u);  // swp: the old word (strexd's low word)...
  EXPECT_EQ(word(data), 0x5555u);          // ... replaced by r10
  EXPECT_EQ(word(data + 4), 202u);
  EXPECT_EQ(cpu->reg(arm::R0 + 11), 1u);     // strex after clrex failed
  EXPECT_EQ(cpu->reg(arm::R0 + 12), 0x77u);  // strexne not executed
}

TEST_P(ArmExclusive, ThumbStateAndItBlocks) {
  load(Thumb{
      0xe8d6, 0x2f5f,  // 00 ldrexh r2, [r6]
      0x3201,          // 04 adds r2, #1
      0xe8c6, 0x2f54,  // 06 strexh r4, r2, [r6]
      0xe8d1, 0x237f,  // 0a ldrexd r2, r3, [r1]
      0x3201,          // 0e adds r2, #1
      0xe8c1, 0x2375,  // 10 strexd r5, r2, r3, [r1]
      0xe851, 0x2f02,  // 14 ldrex r2, [r1, #8]
      0x3201,          // 18 adds r2, #1
      0x4280,          // 1a cmp r0, r0
      0xbf1c,          // 1c itt ne
      0xe841, 0x2802,  // 1e strexne r8, r2, [r1, #8]: condition fails
      0xf04f, 0x0807,  // 22 movne.w r8, #7: condition fails
      0xbf04,          // 26 itt eq
      0xe841, 0x2902,  // 28 strexeq r9, r2, [r1, #8]
      0xf04f, 0x0a05,  // 2c moveq.w r10, #5
      0xe851, 0x2f02,  // 30 ldrex r2, [r1, #8]
      0x3201,          // 34 adds r2, #1
      0x4280,          // 36 cmp r0, r0
      0xbf0c,          // 38 ite eq
      0xe841, 0x2b02,  // 3a strexeq r11, r2, [r1, #8]
      0xf04f, 0x0c09,  // 3e movne.w r12, #9: condition fails
      0xdf00,          // 42 svc #0
  });
  const uint32_t init[3] = {0xfffffff0, 7, 40};
  put(data, init, 12);
  const uint16_t half = 0x7fff;
  put(data + 30, &half, 2);
  cpu->set_reg(arm::R0 + 1, data);
  cpu->set_reg(arm::R0 + 6, data + 30);
  for (int r : {4, 5, 8, 9, 10, 11, 12}) cpu->set_reg(arm::R0 + r, 0xeeee);
  stop_at_syscall();
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(cpu->pc(), code + 0x44);
  EXPECT_TRUE(thumb());
  EXPECT_EQ(cpu->reg(arm::R0 + 4), 0u);
  EXPECT_EQ(*reinterpret_cast<uint16_t*>(data + 30), 0x8000);
  EXPECT_EQ(cpu->reg(arm::R0 + 5), 0u);
  EXPECT_EQ(word(data), 0xfffffff1u);
  EXPECT_EQ(word(data + 4), 7u);
  EXPECT_EQ(cpu->reg(arm::R0 + 8), 0xeeeeu);  // the failed IT condition: neither ran
  EXPECT_EQ(cpu->reg(arm::R0 + 9), 0u);       // stored, and the rest of the block ran
  EXPECT_EQ(cpu->reg(arm::R0 + 10), 5u);
  EXPECT_EQ(cpu->reg(arm::R0 + 11), 0u);
  EXPECT_EQ(cpu->reg(arm::R0 + 12), 0xeeeeu);  // the else of the block did not run
  EXPECT_EQ(word(data + 8), 42u);
  // The IT state does not outlive the block.
  EXPECT_EQ(cpu->reg(arm::CPSR) & 0x0600fc00u, 0u);
}

// A misaligned exclusive load is an alignment fault at its address, an unmapped one a memory fault,
// in either state (polyrun leaves both to the engine, which raises them).
TEST_P(ArmExclusive, FaultsOfExclusiveLoads) {
  load(Arm{0xe2800001, 0xe1912f9f});  // add; ldrex r2, [r1]
  cpu->set_reg(arm::R0 + 1, data + 2);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::AlignmentFault);
  EXPECT_EQ(t.pc, code + 4);
  EXPECT_EQ(t.fault_addr, data + 2);
  EXPECT_EQ(t.access, cpu::Access::Read);
  cpu->set_pc(code);
  cpu->set_reg(arm::R0 + 1, 0x4000);
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code + 4);
  EXPECT_EQ(t.fault_addr, 0x4000u);
  load(Thumb{0x3001, 0xe851, 0x2f01, 0xdf00});  // adds; ldrex r2, [r1, #4]; svc
  cpu->set_reg(arm::R0 + 1, data + 1);
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::AlignmentFault);
  EXPECT_EQ(t.pc, code + 2);
  EXPECT_EQ(t.fault_addr, data + 5);
  EXPECT_TRUE(thumb());
  cpu->set_pc(code + 1);
  cpu->set_reg(arm::R0 + 1, 0x5000);
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code + 2);
  EXPECT_EQ(t.fault_addr, 0x5004u);
  // An IT block that starts with a misaligned exclusive: the fault is still the instruction's.
  // cmp r0, r0; itt eq; ldrexeq r2, [r1, #4]; moveq r3, #1; svc
  load(Thumb{0x4280, 0xbf04, 0xe851, 0x2f01, 0x2301, 0xdf00});
  cpu->set_reg(arm::R0 + 1, data + 1);
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::AlignmentFault);
  EXPECT_EQ(t.pc, code + 4);
  EXPECT_EQ(t.fault_addr, data + 5);
}

INSTANTIATE_TEST_SUITE_P(Engines, ArmExclusive, ::testing::Values(false, true),
                         [](const auto& info) { return std::string(info.param ? "Parallel" : "EngineAlone"); });

// Two host threads, each running an engine, count to 2 x 100000 on one shared word with
// load/store-exclusive loops: exact only if the exclusives are atomic across engines.
struct Counter {
  const char* name;
  bool thumb;
  Arm arm;
  Thumb thumb_code;
};

void PrintTo(const Counter& c, std::ostream* os) { *os << c.name; }

// The loop's code and the shared word in one address space, two engines, and a run of both in
// parallel on two host threads, each counting kLoops (the word's count is returned).
class ArmParallelCounter : public ::testing::TestWithParam<Counter> {
 protected:
  static constexpr uint32_t kLoops = 100000;
  AddressSpace as{Layout{4096, 0x10000000, 0x20000000}};
  uint64_t code = 0, data = 0;
  std::unique_ptr<cpu::Cpu> cpus[2];

  void SetUp() override {
    const Counter& c = GetParam();
    code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
    data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
    if (c.thumb)
      ASSERT_TRUE(as.poke(code, c.thumb_code.data(), c.thumb_code.size() * 2));
    else
      ASSERT_TRUE(as.poke(code, c.arm.data(), c.arm.size() * 4));
    for (auto& cpu : cpus) {
      cpu = cpu::create_cpu(Isa::Arm, as);
      cpu->set_syscall_handler([](cpu::Cpu& self) { self.stop(); });
      cpu->set_reg(arm::R0, data);
    }
  }
  // Runs the loop `loops` times on an engine, from its start.
  void start(cpu::Cpu& cpu, uint32_t loops) {
    cpu.set_pc(code | (GetParam().thumb ? 1 : 0));
    cpu.set_reg(arm::R0 + 3, loops);
  }
  uint32_t run_in_parallel() {
    cpu::ExecutionLock lock;
    lock.acquire();
    lock.go_parallel();
    lock.release();
    cpu::Trap traps[2];
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      start(*cpus[i], kLoops);
      threads.emplace_back([&, i] {
        lock.acquire();
        cpus[i]->share_execution(lock);
        traps[i] = cpus[i]->run();
        lock.release();
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& t : traps) EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
    uint32_t count;
    std::memcpy(&count, reinterpret_cast<const void*>(data), 4);
    return count;
  }
};

TEST_P(ArmParallelCounter, IsExact) { EXPECT_EQ(run_in_parallel(), 2 * kLoops); }

// The same after each engine has first run the loop once alone, with its block hook (a handler
// for an asynchronous signal comes before the first thread): the blocks it translated then hold
// exclusives no scan has seen, and must be translated again once the engines run in parallel.
TEST_P(ArmParallelCounter, IsExactAfterRunningAloneFirst) {
  std::atomic<bool> never{false};
  for (auto& cpu : cpus) {
    cpu->watch_interrupts(&never);
    start(*cpu, 1);
    ASSERT_EQ(cpu->run().kind, cpu::TrapKind::Stopped);
  }
  EXPECT_EQ(run_in_parallel(), 2 * kLoops + 2);
}

INSTANTIATE_TEST_SUITE_P(
    Loops, ArmParallelCounter,
    ::testing::Values(
        Counter{"ArmLdrexStrex", false,
                {
                    0xe1901f9f,  // 1: ldrex r1, [r0]
                    0xe2811001,  // add r1, r1, #1
                    0xe1802f91,  // strex r2, r1, [r0]
                    0xe3320000,  // teq r2, #0
                    0x1afffffa,  // bne 1b
                    0xe2533001,  // subs r3, r3, #1
                    0x1afffff8,  // bne 1b
                    0xef000000,  // svc #0
                },
                {}},
        // Compare-and-swap with a conditional strex, as Linux's __kuser_cmpxchg.
        Counter{"ArmConditionalStrex", false,
                {
                    0xe5904000,  // 1: ldr r4, [r0]
                    0xe2842001,  // add r2, r4, #1
                    0xe1901f9f,  // ldrex r1, [r0]
                    0xe0511004,  // subs r1, r1, r4
                    0x01801f92,  // strexeq r1, r2, [r0]
                    0x03310001,  // teqeq r1, #1
                    0x0afffff8,  // beq 1b
                    0xe3510000,  // cmp r1, #0
                    0x1afffff6,  // bne 1b
                    0xe2533001,  // subs r3, r3, #1
                    0x1afffff4,  // bne 1b
                    0xef000000,  // svc #0
                },
                {}},
        // Compare-and-swap as GCC emits it in Thumb-2: the strex leads an IT block.
        Counter{"ThumbItBlock", true, {},
                {
                    0x6804,          // 1: ldr r4, [r0]
                    0x1c62,          // adds r2, r4, #1
                    0xe850, 0x1f00,  // ldrex r1, [r0]
                    0x42a1,          // cmp r1, r4
                    0xbf04,          // itt eq
                    0xe840, 0x2500,  // strexeq r5, r2, [r0]
                    0x2d00,          // cmpeq r5, #0
                    0xd1f5,          // bne 1b
                    0x3b01,          // subs r3, #1
                    0xd1f3,          // bne 1b
                    0xdf00,          // svc #0
                }}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
