// The aarch64 CPU on real instructions: syscalls served inside run(), typed traps, FP enabled.
// The x86 CPUs (64-bit and 32-bit mode): the pc and registers traps report, interrupt watching;
// 32-bit mode as a Linux personality creates it (int 0x80, user privilege, TLS descriptors).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "cpu-emu/aarch64_regs.h"
#include "cpu-emu/cpu.h"
#include "cpu-emu/execution_lock.h"
#include "cpu-emu/x86_regs.h"
#include "memory/address_space.h"

using namespace polyrun;
using namespace polyrun::mem;
namespace a64 = polyrun::cpu::a64;

namespace {

// (ThreadSanitizer reserves 0x010000000000-0x7b0000000000 and leaves application memory below.)
#if defined(__SANITIZE_THREAD__)
constexpr uint64_t kBottom = 0x001700000000ull, kTop = 0x001710000000ull;
#else
constexpr uint64_t kBottom = 0x170000000000ull, kTop = 0x170010000000ull;
#endif
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

  // Running from the start, and again from after each trap's instruction, traps as undefined at
  // each of these offsets into the code.
  void expect_undefined_at(const std::vector<uint64_t>& offsets) {
    for (uint64_t off : offsets) {
      cpu::Trap t = cpu->run();
      EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
      EXPECT_EQ(t.pc, code + off);
      cpu->set_pc(code + off + 4);
    }
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

// Code translated again and again fills the engine's translation buffer (here its smallest, 1 MiB)
// many times over: the first fill must not leave blocks the buffer's new code overwrote in the
// engine's tables (engine_code_buffer.h: with Unicorn 2.1.1 it did, and the next invalidation or
// run through them crashed or ran the wrong code).
TEST(EngineCodeBuffer, FillingItManyTimesKeepsTheCodeRight) {
  AddressSpace as{Layout{4096, kBottom, kTop}};
  cpu::CpuOptions options;
  options.code_buffer_bytes = 1u << 20;
  std::unique_ptr<cpu::Cpu> cpu = cpu::create_cpu(Isa::Aarch64, as, options);
  // 4,096 blocks of an add and a branch to the next, every 16th ending in a svc instead (the
  // engine looks at its buffer every few syscalls): each pass translates them all, and chains
  // them; the last svc stops the pass.
  constexpr uint32_t kBranchToNext = 0x14000001;
  constexpr int kBlocks = 4096, kSyscalls = kBlocks / 16;
  std::vector<uint32_t> insns;
  for (int i = 0; i < kBlocks; ++i) insns.insert(insns.end(), {kAddX0, i % 16 == 15 ? kSvc0 : kBranchToNext});
  const uint64_t size = insns.size() * 4;
  const uint64_t code = static_cast<uint64_t>(as.map(0, (size + 4095) & ~4095ull, kRead | kExec, {}));
  ASSERT_TRUE(as.poke(code, insns.data(), size));
  int calls = 0;
  cpu->set_syscall_handler([&](cpu::Cpu& c) {
    if (++calls % kSyscalls == 0) c.stop();
  });
  for (int pass = 0; pass < 12; ++pass) {
    cpu->invalidate(code, code + size);
    cpu->set_pc(code);
    cpu->set_reg(a64::X0, 0);
    cpu::Trap t = cpu->run();
    ASSERT_EQ(t.kind, cpu::TrapKind::Stopped) << "pass " << pass;
    ASSERT_EQ(cpu->reg(a64::X0), static_cast<uint64_t>(kBlocks)) << "pass " << pass;
    ASSERT_EQ(calls, (pass + 1) * kSyscalls) << "pass " << pass;
  }
}

// Threads in parallel: a thread maps memory while another's engine runs without the lock; that
// engine learns of the mapping only when it next catches up. An access to the new memory before
// then faults in the engine, and must be made again once it has caught up, not reported.
TEST_F(Fixture, ParallelEngineMakesAgainAnAccessToMemoryAnotherThreadMapped) {
  load({kLdrX1X2, kSvc0});
  cpu::ExecutionLock lock;
  std::atomic<int> step{0};
  uint64_t seen = 0;
  cpu::Trap t;
  std::thread engine_thread([&] {
    cpu->share_execution(lock);  // this thread owns the engine, which now runs in parallel
    step.store(1, std::memory_order_release);
    while (step.load(std::memory_order_acquire) != 2) std::this_thread::yield();
    cpu->set_syscall_handler([&](cpu::Cpu& c) {
      seen = c.reg(a64::X0 + 1);
      c.stop();
    });
    t = cpu->run();
    lock.release();
  });
  while (step.load(std::memory_order_acquire) != 1) std::this_thread::yield();
  // Another thread's mmap: the engine's map is updated only when its own thread catches up.
  uint64_t page = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
  const uint64_t value = 0x1122334455667788ull;
  ASSERT_TRUE(as.poke(page, &value, sizeof value));
  cpu->set_reg(a64::X0 + 2, page);
  step.store(2, std::memory_order_release);
  engine_thread.join();
  EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
  EXPECT_EQ(seen, value);
  EXPECT_EQ(cpu->pc(), code + 8);
}

// A loop of two blocks with the load in the one that lies first (M), run until the engine chains
// them and stores no pc between them; the fifth address of its table is unmapped. The fault is
// found at its load, not at the block where the engine last stored a pc (L), with the block hook
// and, without it, along the direct branches from there.
//   M(0): ldr w0, [x1]; add w19, w19, w0; b L
//   L(12): ldr x1, [x8], #8; subs w9, w9, #1; b.eq END; b M
//   END(28): brk #0
TEST_F(Fixture, FaultInAChainedBlockReportsItsInstruction) {
  for (bool hooked : {true, false}) {
    SCOPED_TRACE(hooked ? "block hook" : "no block hook");
    cpu = cpu::create_cpu(Isa::Aarch64, as);
    load({0xb9400020, 0x0b000273, 0x14000001, 0xf8408501, 0x71000529, 0x54000040, 0x17fffffa, kBrk0});
    cpu->set_pc(code + 12);
    std::atomic<bool> flag{false};
    if (hooked) cpu->watch_interrupts(&flag);
    const uint64_t data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
    const uint64_t one = 1, table[] = {data + 0x100, data + 0x100, data + 0x100, 0x18};
    ASSERT_TRUE(as.poke(data + 0x100, &one, sizeof one));
    ASSERT_TRUE(as.poke(data, table, sizeof table));
    cpu->set_reg(a64::X0 + 8, data);
    cpu->set_reg(a64::X0 + 9, 5);
    cpu->set_reg(a64::X0 + 19, 0);
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
    EXPECT_EQ(t.fault_addr, 0x18u);
    EXPECT_EQ(t.pc, code);
    EXPECT_EQ(cpu->pc(), code);
    EXPECT_EQ(cpu->reg(a64::X0 + 19), 3u);
    EXPECT_EQ(cpu->reg(a64::X0 + 9), 1u);
  }
}

// Exceptions the engine raises for EL0 code beyond svc, brk and UDF.
TEST_F(Fixture, HvcAndSmcAreUndefined) {
  load({kAddX0, 0xd4000003, kAddX0, 0xd4000002});  // add; smc #0; add; hvc #0
  expect_undefined_at({4, 12});
}

// Guest code runs at EL0: EL1's registers are undefined to it; the ID registers, which an OS
// reads for it, are readable through the CPU interface: MIDR_EL1 as qemu-aarch64 (7.2 and 11.1)
// shows it to a program, 0x000f0510 under its default model, max, and 0x410fd083 (a Cortex-A72
// r0p3) under -cpu cortex-a72.
TEST_F(Fixture, CodeRunsAtEl0) {
  load({kAddX0, 0xd5381000, kAddX0, 0xd5384240});  // add; mrs x0, sctlr_el1; add; mrs x0, CurrentEL
  expect_undefined_at({4, 12});
  uint64_t midr = 0;
  ASSERT_TRUE(cpu->read_system_register((0xd5380000u >> 5) & 0xffff, midr));  // MIDR_EL1
  EXPECT_EQ(midr, 0x000f0510u);
  cpu::CpuOptions a72;
  a72.model = "cortex-a72";
  auto other = cpu::create_cpu(Isa::Aarch64, as, a72);
  ASSERT_TRUE(other->read_system_register((0xd5380000u >> 5) & 0xffff, midr));
  EXPECT_EQ(midr, 0x410fd083u);
  EXPECT_FALSE(other->has_feature("atomics"));
  EXPECT_TRUE(cpu->has_feature("atomics"));
  a72.model = "cortex-z99";
  EXPECT_THROW(cpu::create_cpu(Isa::Aarch64, as, a72), std::runtime_error);
}

TEST_F(Fixture, MisalignedExclusiveLoadIsAnAlignmentFault) {
  uint64_t data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
  load({0xc85f7c20});  // ldxr x0, [x1]
  cpu->set_reg(a64::X0 + 1, data + 4);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::AlignmentFault);
  EXPECT_EQ(t.fault_addr, data + 4);
  EXPECT_EQ(t.pc, code);
  // A second one is the same fault.
  cpu->set_pc(code);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::AlignmentFault);
}

TEST_F(Fixture, MisalignedBranchTargetIsReportedAtThatPc) {
  load({0xd61f0020});  // br x1
  cpu->set_reg(a64::X0 + 1, code + 6);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);  // the personality's SIGBUS (PC alignment)
  EXPECT_EQ(t.pc, code + 6);
}

TEST_F(Fixture, WaitForInterruptReturnsAndGoesOn) {
  load({0xd503207f, 0xd503205f, 0xd503203f, kSvc0});  // wfi; wfe; yield; svc
  cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  for (int i = 0; i < 4; ++i) {
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
    if (cpu->pc() == code + 16) break;
  }
  EXPECT_EQ(cpu->pc(), code + 16);
}

// A debugger's breakpoint: the run stops before the instruction at the address, which has not
// executed (x0 counts the adds that did); from there, without the breakpoint, it runs on.
TEST_F(Fixture, DebugBreakpoints) {
  load({kAddX0, kAddX0, kAddX0, kAddX0, kBrk0});
  cpu->set_reg(a64::X0, 0);
  ASSERT_TRUE(cpu->set_debug_breakpoints({code + 8}));
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::DebugBreakpoint);
  EXPECT_EQ(t.pc, code + 8);
  EXPECT_EQ(cpu->reg(a64::X0), 2u);
  // Starting at a breakpoint's address stops there again at once.
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::DebugBreakpoint);
  EXPECT_EQ(cpu->reg(a64::X0), 2u);
  ASSERT_TRUE(cpu->set_debug_breakpoints({code + 12}));
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::DebugBreakpoint);
  EXPECT_EQ(t.pc, code + 12);
  EXPECT_EQ(cpu->reg(a64::X0), 3u);
  ASSERT_TRUE(cpu->set_debug_breakpoints({}));
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Breakpoint);
  EXPECT_EQ(cpu->reg(a64::X0), 4u);
}

// Single steps: each run executes one instruction (a syscall's too) and stops before the next;
// stepping off, the code runs on to its end.
TEST_F(Fixture, DebugSingleStep) {
  load({kAddX0, kSvc0, kAddX0, kAddX0, kAddX0, kBrk0});
  int syscalls = 0;
  cpu->set_syscall_handler([&](cpu::Cpu&) { ++syscalls; });
  cpu->set_reg(a64::X0, 0);
  cpu->run();  // translated before stepping: stepping must not reuse it
  cpu->set_pc(code);
  cpu->set_reg(a64::X0, 0);
  syscalls = 0;
  ASSERT_TRUE(cpu->set_single_step(true));
  for (uint64_t i = 1; i <= 3; ++i) {
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::DebugStep);
    EXPECT_EQ(t.pc, code + 4 * i);
    EXPECT_EQ(cpu->pc(), code + 4 * i);
  }
  EXPECT_EQ(syscalls, 1);
  EXPECT_EQ(cpu->reg(a64::X0), 2u);
  ASSERT_TRUE(cpu->set_single_step(false));
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::Breakpoint);
  EXPECT_EQ(cpu->reg(a64::X0), 4u);
}

// max: SVE and SVE2 too (polyrun's, cpu-emu/sve); the Cortex models neither.
TEST_F(Fixture, FeaturesMatchTheModel) {
  EXPECT_TRUE(cpu->has_feature("asimd"));
  EXPECT_TRUE(cpu->has_feature("fp"));
  // SVE and SVE2 run on max (the fixture's CPU) but are shown only with SveMode::Shown.
  EXPECT_FALSE(cpu->has_feature("sve"));
  EXPECT_TRUE(cpu->scalable_vectors());
  cpu::CpuOptions shown;
  shown.sve = cpu::SveMode::Shown;
  auto with_sve = cpu::create_cpu(Isa::Aarch64, as, shown);
  EXPECT_TRUE(with_sve->has_feature("sve"));
  EXPECT_TRUE(with_sve->has_feature("sve2"));
  EXPECT_TRUE(with_sve->has_feature("asimd"));
  cpu::CpuOptions off;
  off.sve = cpu::SveMode::Off;
  auto without = cpu::create_cpu(Isa::Aarch64, as, off);
  EXPECT_FALSE(without->has_feature("sve"));
  EXPECT_FALSE(without->scalable_vectors());
  cpu::CpuOptions a53;
  a53.model = "cortex-a53";
  EXPECT_FALSE(cpu::create_cpu(Isa::Aarch64, as, a53)->has_feature("sve"));
}

// ---- x86 ----

namespace x86 = polyrun::cpu::x86;

// x86-64 and i386 (below 4 GiB) over one code page and one read-only page.
struct X86 : ::testing::TestWithParam<Isa> {
  bool is64 = GetParam() == Isa::X86_64;
  AddressSpace as{is64 ? Layout{4096, 0x171000000000ull, 0x171010000000ull} : Layout{4096, 0x51000000ull, 0x52000000ull}};
  std::unique_ptr<cpu::Cpu> cpu = cpu::create_cpu(GetParam(), as);
  uint64_t code = 0, ro = 0;

  void SetUp() override {
    code = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite | kExec, {}));
    ro = static_cast<uint64_t>(as.map(0, 4096, kRead, {}));
    cpu->set_reg(x86::RSP, code + 4000);
  }
  void load(std::vector<uint8_t> bytes) {
    ASSERT_TRUE(as.poke(code, bytes.data(), bytes.size()));
    cpu->set_pc(code);
  }
};

// mov ebx, 5 (5 bytes); inc ebx (2): the instructions before a fault, in the same block.
const std::vector<uint8_t> kPrelude = {0xbb, 5, 0, 0, 0, 0xff, 0xc3};

TEST_P(X86, MemoryFaultsReportTheFaultingInstruction) {
  // mov eax, [ecx]; mov ecx, 7 (not executed)
  auto bytes = kPrelude;
  bytes.insert(bytes.end(), {0x8b, 0x01, 0xb9, 7, 0, 0, 0});
  load(bytes);
  cpu->set_reg(x86::RCX, 0x10);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Read);
  EXPECT_TRUE(t.unmapped);
  EXPECT_EQ(t.fault_addr, 0x10u);
  EXPECT_EQ(t.pc, code + 7);
  EXPECT_EQ(cpu->pc(), code + 7);
  EXPECT_EQ(cpu->reg(x86::RBX), 6u);     // the instructions before it ran
  EXPECT_EQ(cpu->reg(x86::RCX), 0x10u);  // the one after it did not
}

// The instructions before the fault wrote memory and moved the pointer the faulting one reads
// through: the fault is still found at the load, with the address as the load computed it.
TEST_P(X86, FaultAfterPointerArithmetic) {
  // push ebx; add ecx, 8; mov eax, [ecx + 4]; nop
  load({0x53, 0x83, 0xc1, 0x08, 0x8b, 0x41, 0x04, 0x90});
  cpu->set_reg(x86::RCX, 0x8);
  uint64_t sp = cpu->reg(x86::RSP);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.fault_addr, 0x14u);
  EXPECT_EQ(t.pc, code + 4);
  EXPECT_EQ(cpu->reg(x86::RCX), 0x10u);
  EXPECT_EQ(cpu->reg(x86::RSP), sp - (is64 ? 8 : 4));
}

TEST_P(X86, WriteToReadOnlyMemory) {
  // mov [ecx], eax  (after the prelude)
  auto bytes = kPrelude;
  bytes.insert(bytes.end(), {0x89, 0x01, 0x90});
  load(bytes);
  cpu->set_reg(x86::RCX, ro + 8);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Write);
  EXPECT_FALSE(t.unmapped);
  EXPECT_EQ(t.fault_addr, ro + 8);
  EXPECT_EQ(t.pc, code + 7);
}

TEST_P(X86, CallThroughNullIsAFetchFault) {
  load({0x31, 0xc0, 0xff, 0xd0});  // xor eax, eax; call eax / rax
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.access, cpu::Access::Fetch);
  EXPECT_EQ(t.fault_addr, 0u);
  EXPECT_EQ(t.pc, 0u);
}

TEST_P(X86, InstructionTraps) {
  struct Case {
    std::vector<uint8_t> tail;
    cpu::TrapKind kind;
    uint64_t pc;  // offset from the tail's start
  };
  const Case cases[] = {
      {{0x0f, 0x0b}, cpu::TrapKind::IllegalInstruction, 0},           // ud2
      {{0xcc, 0x90}, cpu::TrapKind::Breakpoint, 1},                   // int3: pc after it
      {{0x31, 0xc9, 0x31, 0xd2, 0xf7, 0xf1}, cpu::TrapKind::DivideError, 4},  // xor ecx,ecx; xor edx,edx; div ecx
      {{0xf4, 0x90}, cpu::TrapKind::PrivilegedInstruction, 0},        // hlt
  };
  for (const auto& c : cases) {
    auto bytes = kPrelude;
    bytes.insert(bytes.end(), c.tail.begin(), c.tail.end());
    load(bytes);
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, c.kind);
    EXPECT_EQ(t.pc, code + kPrelude.size() + c.pc);
    EXPECT_EQ(cpu->reg(x86::RBX), 6u);
  }
}

// The engine's hook takes the exceptions instead of delivering them; a second #DE must not become a
// double fault, nor a third a triple fault (a halt).
TEST_P(X86, DivideErrorsRepeat) {
  load({0x31, 0xc9, 0xf7, 0xf1, 0xf7, 0xf1, 0xf7, 0xf1, 0x0f, 0x0b});  // xor ecx,ecx; div ecx ×3; ud2
  for (uint64_t at : {2, 4, 6}) {
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::DivideError);
    EXPECT_EQ(t.pc, code + at);
    cpu->set_pc(code + at + 2);
  }
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
  EXPECT_EQ(t.pc, code + 8);
}

// The exceptions past #UD, #BP and #DE: each is a trap of its own kind (never an engine error), and
// one after another stays itself (the engine would make the second a double fault).
TEST_P(X86, ProtectionFaultsRepeat) {
  // mov eax, 0x33; mov ds, eax (a selector with no descriptor) ×2; xor ecx, ecx; div ecx; ud2
  load({0xb8, 0x33, 0, 0, 0, 0x8e, 0xd8, 0x8e, 0xd8, 0x31, 0xc9, 0xf7, 0xf1, 0x0f, 0x0b});
  for (uint64_t at : {5, 7}) {
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::ProtectionFault);
    EXPECT_EQ(t.code, 13u);  // #GP
    EXPECT_EQ(t.pc, code + at);
    cpu->set_pc(code + at + 2);
  }
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::DivideError);
  EXPECT_EQ(t.pc, code + 11);
  cpu->set_pc(code + 13);
  EXPECT_EQ(cpu->run().kind, cpu::TrapKind::IllegalInstruction);
}

TEST_P(X86, ExceptionTraps) {
  struct Case {
    std::vector<uint8_t> tail;
    cpu::TrapKind kind;
    uint64_t pc;    // offset from the tail's start
    uint64_t code;  // Trap::code
  };
  std::vector<Case> cases = {
      {{0xcd, 0x80, 0x90}, cpu::TrapKind::SoftwareInterrupt, 0, 0x80},  // int 0x80: pc at it
      {{0xcd, 0x29, 0x90}, cpu::TrapKind::SoftwareInterrupt, 0, 0x29},  // int 0x29 (__fastfail)
      {{0xcd, 0x0d, 0x90}, cpu::TrapKind::SoftwareInterrupt, 0, 0x0d},  // int 13 is not a #GP
      {{0xff, 0x2c, 0x24}, cpu::TrapKind::ProtectionFault, 0, 13},      // jmp far [esp] (null selector)
      // pushf; or dword [esp], 0x100 (TF); popf; nop: a single-step trap after the nop
      {{0x9c, 0x81, 0x0c, 0x24, 0, 1, 0, 0, 0x9d, 0x90, 0x90}, cpu::TrapKind::SingleStep, 10, 0},
  };
  if (is64) {
    cases.push_back({{0x48, 0xcf}, cpu::TrapKind::ProtectionFault, 0, 13});  // iretq (to a null selector)
  } else {
    cases.push_back({{0xb0, 0x7f, 0x04, 0x01, 0xce, 0x90}, cpu::TrapKind::Overflow, 5, 0});  // mov al,127; add al,1; into
    // mov dword [ecx], 5; mov dword [ecx+4], 6; xor eax, eax; bound eax, [ecx]
    cases.push_back({{0xc7, 0x01, 5, 0, 0, 0, 0xc7, 0x41, 4, 6, 0, 0, 0, 0x31, 0xc0, 0x62, 0x01},
                     cpu::TrapKind::BoundRange, 15, 0});
    cases.push_back({{0xea, 0, 0, 0, 0, 0x33, 0}, cpu::TrapKind::ProtectionFault, 0, 13});  // jmp far 0x33:0
  }
  for (const auto& c : cases) {
    auto bytes = kPrelude;
    bytes.insert(bytes.end(), c.tail.begin(), c.tail.end());
    load(bytes);
    cpu->set_reg(x86::RCX, code + 0x800);
    cpu->set_reg(x86::RSP, code + 4000);
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, c.kind) << "case at tail " << std::hex << int(c.tail[0]) << " " << int(c.tail[1]);
    EXPECT_EQ(t.pc, code + kPrelude.size() + c.pc);
    EXPECT_EQ(cpu->pc(), t.pc);
    EXPECT_EQ(t.code, c.code);
    if (c.kind == cpu::TrapKind::SingleStep) {
      EXPECT_EQ(cpu->reg(x86::RFLAGS) & 0x100, 0u);  // TF cleared
    }
  }
}

TEST_P(X86, AWatchedFlagStopsAComputingLoop) {
  // L: inc ebx; jmp L — no syscalls, no faults: only the flag can stop it.
  load({0xff, 0xc3, 0xeb, 0xfc});
  std::atomic<bool> flag{false};
  cpu->set_syscall_handler([](cpu::Cpu& c) { c.stop(); });
  cpu->watch_interrupts(&flag);
  std::thread setter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    flag = true;
  });
  cpu::Trap t = cpu->run();
  setter.join();
  EXPECT_EQ(t.kind, cpu::TrapKind::Interrupted);
  uint64_t counted = cpu->reg(x86::RBX);
  EXPECT_GT(counted, 0u);
  // It goes on where it stopped, until the next stop.
  flag = false;
  std::thread again([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    flag = true;
  });
  t = cpu->run();
  again.join();
  EXPECT_EQ(t.kind, cpu::TrapKind::Interrupted);
  EXPECT_GT(cpu->reg(x86::RBX), counted);
  EXPECT_TRUE(cpu->pc() == code || cpu->pc() == code + 2);
}

// A loop of two blocks, the load in the one that lies first in memory (M), run until the engine
// chains its blocks and no longer stores a pc between them; the loop takes its addresses from a
// table, one of them on a page another thread maps while the engine does not know of it yet.
//   M(0): mov eax, [rcx]; add ebx, eax; jmp L
//   L(6): mov rcx, [r8]; add r8, 8; dec esi; jz END; jmp M
//   END(19): hlt
struct X86_64 : X86 {
  void expect_fault_in_chained_block(bool hooked);
};
const std::vector<uint8_t> kChainedLoop = {0x8b, 0x01, 0x01, 0xc3, 0xeb, 0x00, 0x49, 0x8b, 0x08, 0x49,
                                           0x83, 0xc0, 0x08, 0xff, 0xce, 0x74, 0x02, 0xeb, 0xed, 0xf4};

// The fault of a block the engine chained into is reported at its instruction, not at the block
// where the engine last stored a pc: found from the block hook, which watching interrupts adds,
// or without it along the direct branches from there.
TEST_P(X86_64, FaultInAChainedBlockReportsItsInstruction) {
  for (bool hooked : {true, false}) {
    SCOPED_TRACE(hooked ? "block hook" : "no block hook");
    cpu = cpu::create_cpu(Isa::X86_64, as);
    expect_fault_in_chained_block(hooked);
  }
}
void X86_64::expect_fault_in_chained_block(bool hooked) {
  load(kChainedLoop);
  cpu->set_pc(code + 6);
  std::atomic<bool> flag{false};
  if (hooked) cpu->watch_interrupts(&flag);
  const uint64_t data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
  const uint64_t one = 1, table[] = {data + 0x100, data + 0x100, data + 0x100, 0x18};
  ASSERT_TRUE(as.poke(data + 0x100, &one, sizeof one));
  ASSERT_TRUE(as.poke(data, table, sizeof table));
  cpu->set_reg(x86::R8, data);
  cpu->set_reg(x86::RSI, 5);
  cpu->set_reg(x86::RBX, 0);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.fault_addr, 0x18u);
  EXPECT_EQ(t.pc, code);
  EXPECT_EQ(cpu->pc(), code);
  EXPECT_EQ(cpu->reg(x86::RBX), 3u);
  EXPECT_EQ(cpu->reg(x86::RSI), 1u);
}

// Threads taking turns (x86-64 under the execution lock): the access to memory another thread
// mapped meanwhile is made again at its own instruction once the engine has caught up — made
// again from the start of another block, the loop would skip an address.
TEST_P(X86_64, AccessToMemoryAnotherThreadMappedIsMadeAgainInAChainedBlock) {
  load(kChainedLoop);
  cpu->set_pc(code + 6);
  cpu::ExecutionLock lock;
  cpu->share_execution(lock);
  const uint64_t data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
  uint64_t later = 0;
  std::thread other([&] { later = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {})); });
  other.join();
  const uint64_t one = 1, hundred = 100;
  ASSERT_TRUE(as.poke(data + 0x100, &one, sizeof one));
  ASSERT_TRUE(as.poke(later, &hundred, sizeof hundred));
  const uint64_t table[] = {data + 0x100, data + 0x100, later, data + 0x100, data + 0x100};
  ASSERT_TRUE(as.poke(data, table, sizeof table));
  cpu->set_reg(x86::R8, data);
  cpu->set_reg(x86::RSI, 5);
  cpu->set_reg(x86::RBX, 0);
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::PrivilegedInstruction);  // the hlt at the end
  EXPECT_EQ(t.pc, code + 19);
  EXPECT_EQ(cpu->reg(x86::RBX), 103u);  // 1 + 1 + 100 + 1
  EXPECT_EQ(cpu->reg(x86::R8), data + 40);
}

INSTANTIATE_TEST_SUITE_P(Modes, X86, ::testing::Values(Isa::X86_64, Isa::I386),
                         [](const auto& info) { return std::string(info.param == Isa::X86_64 ? "x86_64" : "i386"); });
INSTANTIATE_TEST_SUITE_P(Long, X86_64, ::testing::Values(Isa::X86_64));

// i386 with the options Linux guests get: int 0x80 is the syscall, int 0x2e a software interrupt,
// and the code runs at privilege level 3.
struct I386Linux : ::testing::Test {
  AddressSpace as{Layout{4096, 0x51000000ull, 0x52000000ull}};
  std::unique_ptr<cpu::Cpu> cpu = cpu::create_cpu(Isa::I386, as, cpu::CpuOptions{0x80, true});
  uint64_t code = 0, data = 0;

  void SetUp() override {
    code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
    data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
    cpu->set_reg(x86::RSP, data + 4000);
  }
  void load(std::vector<uint8_t> bytes) {
    ASSERT_TRUE(as.poke(code, bytes.data(), bytes.size()));
    cpu->set_pc(code);
  }
};

TEST_F(I386Linux, Int80IsTheSyscallAndInt2eIsNot) {
  // mov eax, 20; int 0x80; mov ebx, eax; int 0x2e
  load({0xb8, 20, 0, 0, 0, 0xcd, 0x80, 0x89, 0xc3, 0xcd, 0x2e});
  int calls = 0;
  cpu->set_syscall_handler([&](cpu::Cpu& c) {
    ++calls;
    EXPECT_EQ(c.reg(x86::RAX), 20u);
    EXPECT_EQ(c.pc(), code + 7);  // after the int
    c.set_reg(x86::RAX, 1234);
  });
  cpu::Trap t = cpu->run();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(cpu->reg(x86::RBX), 1234u);
  EXPECT_EQ(t.kind, cpu::TrapKind::SoftwareInterrupt);
  EXPECT_EQ(t.code, 0x2eu);
  EXPECT_EQ(t.pc, code + 9);
}

TEST_F(I386Linux, PrivilegedInstructionsFault) {
  // mov eax, cr0 (3 bytes); cli (1); hlt (1): each a general protection fault at its own pc.
  load({0x0f, 0x20, 0xc0, 0xfa, 0xf4});
  for (uint64_t off : {0, 3, 4}) {
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::ProtectionFault) << off;
    EXPECT_EQ(t.pc, code + off);
    cpu->set_pc(code + off + (off == 0 ? 3 : 1));
  }
  EXPECT_EQ(cpu->reg(x86::CS) & 3, 3u);
}

TEST_F(I386Linux, GsLoadsATlsDescriptorsBase) {
  // mov ax, 0x33 (GDT entry 6, RPL 3); mov gs, ax; mov eax, gs:[4]; int 0x80
  load({0x66, 0xb8, 0x33, 0x00, 0x8e, 0xe8, 0x65, 0xa1, 4, 0, 0, 0, 0xcd, 0x80});
  const uint32_t word = 0x600dcafe;
  ASSERT_TRUE(as.poke(data + 0x104, &word, 4));
  // A flat 32-bit data descriptor at data + 0x100 (DPL 3, limit 4 GiB in pages), as Linux's
  // set_thread_area makes it.
  const uint64_t base = data + 0x100;
  uint64_t d = 0xffff | uint64_t{0xf} << 48 | (base & 0xffffff) << 16 | uint64_t{0xf3} << 40 | uint64_t{0xc} << 52 | (base >> 24) << 56;
  cpu->set_reg(x86::DESC6, d);
  EXPECT_EQ(cpu->reg(x86::DESC6), d);
  uint64_t seen = 0, gs = 0;
  cpu->set_syscall_handler([&](cpu::Cpu& c) {
    seen = c.reg(x86::RAX);
    gs = c.reg(x86::GS);
    c.stop();
  });
  cpu->run();
  EXPECT_EQ(seen, word);
  EXPECT_EQ(gs, 0x33u);
  // A new thread's engine gets the descriptor and selector with the context; rewriting the
  // descriptor moves the base of the loaded selector.
  cpu::CpuContext ctx = cpu->save_context();
  auto other = cpu::create_cpu(Isa::I386, as, cpu::CpuOptions{0x80, true});
  other->load_context(ctx);
  EXPECT_EQ(other->reg(x86::GS), 0x33u);
  EXPECT_EQ(other->reg(x86::DESC6), d);
}

}  // namespace
