// The s390x CPU on real instructions: svc served inside run() with its number from the immediate
// or r1, memory in big-endian order, faults with exact pcs and their pages, program
// interruptions, problem state, the access registers as the thread pointer, floating-point and
// vector registers enabled, thread contexts; the interlocked-update instructions as the engine
// executes them alone and as polyrun does with host atomics when engines run in parallel.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/fault_report.h"
#include "cpu-emu/cpu.h"
#include "cpu-emu/execution_lock.h"
#include "cpu-emu/s390x_regs.h"
#include "memory/address_space.h"
#include "tests/unit/engines_at_once.h"
#include "tests/unit/s390x_cpu_fixture.h"

using namespace polyrun;
using namespace polyrun::mem;
namespace s390x = polyrun::cpu::s390x;

namespace {

using test::Code;
using test::S390xCpu;
using test::seq;

// Encodings from binutils (s390x-linux-gnu-as).
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


// ---- interlocked-update instructions: the engine's own execution and polyrun's (threads in
// parallel) give the results the Principles of Operation define ----

const Code kIpmR5 = {0xb2, 0x22, 0x00, 0x50};  // ipm %r5: the condition code into r5's bits 34-35

struct S390xAtomic : S390xCpu, ::testing::WithParamInterface<bool> {
  cpu::ExecutionLock lock;
  struct sigaction old_segv {}, old_bus {};
  void SetUp() override {
    S390xCpu::SetUp();
    if (GetParam()) {
      // As the personality does before guest code runs: polyrun's host atomics on guest memory
      // recover from host faults (an instruction at an unmapped address is then left to the engine).
      ::sigaction(SIGSEGV, nullptr, &old_segv);
      ::sigaction(SIGBUS, nullptr, &old_bus);
      report_host_faults_as_guest_faults();
      lock.acquire();
      cpu->share_execution(lock);  // engines in parallel: the atomics performed by polyrun
    }
  }
  void TearDown() override {
    if (!GetParam()) return;
    lock.release();
    ::sigaction(SIGSEGV, &old_segv, nullptr);
    ::sigaction(SIGBUS, &old_bus, nullptr);
  }
  // Runs one instruction (then ipm and svc) and returns the condition code it left.
  unsigned run1(const Code& insn) {
    load(seq({insn, kIpmR5, kSvc0}));
    stop_at_syscall();
    cpu::Trap t = cpu->run();
    EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
    EXPECT_EQ(cpu->pc(), code + insn.size() + 6);
    return static_cast<unsigned>(cpu->reg(s390x::R0 + 5) >> 28) & 3;
  }
  void set(int r, uint64_t v) { cpu->set_reg(s390x::R0 + r, v); }
  uint64_t get(int r) { return cpu->reg(s390x::R0 + r); }
  // Big-endian words in the data page.
  void put32(uint64_t off, uint32_t v) {
    v = __builtin_bswap32(v);
    std::memcpy(reinterpret_cast<void*>(data + off), &v, 4);
  }
  void put64(uint64_t off, uint64_t v) {
    v = __builtin_bswap64(v);
    std::memcpy(reinterpret_cast<void*>(data + off), &v, 8);
  }
  uint32_t get32(uint64_t off) {
    uint32_t v;
    std::memcpy(&v, reinterpret_cast<const void*>(data + off), 4);
    return __builtin_bswap32(v);
  }
  uint64_t get64(uint64_t off) {
    uint64_t v;
    std::memcpy(&v, reinterpret_cast<const void*>(data + off), 8);
    return __builtin_bswap64(v);
  }
  uint8_t byte(uint64_t off) { return reinterpret_cast<const uint8_t*>(data)[off]; }
};

// Encodings from binutils; the storage operand is at r4 (+ the displacement shown).
const Code kCs = {0xba, 0x23, 0x40, 0x00};                    // cs %r2,%r3,0(%r4)
const Code kCsy = {0xeb, 0x23, 0x4f, 0xf8, 0xff, 0x14};       // csy %r2,%r3,-8(%r4)
const Code kCsg = {0xeb, 0x23, 0x40, 0x08, 0x00, 0x30};       // csg %r2,%r3,8(%r4)
const Code kCds = {0xbb, 0x68, 0x40, 0x10};                   // cds %r6,%r8,16(%r4)
const Code kCdsy = {0xeb, 0x68, 0x40, 0x10, 0x00, 0x31};      // cdsy %r6,%r8,16(%r4)
const Code kCdsg = {0xeb, 0x68, 0x40, 0x20, 0x00, 0x3e};      // cdsg %r6,%r8,32(%r4)
const Code kLaa = {0xeb, 0x23, 0x40, 0x00, 0x00, 0xf8};       // laa %r2,%r3,0(%r4)
const Code kLaag = {0xeb, 0x23, 0x40, 0x08, 0x00, 0xe8};      // laag %r2,%r3,8(%r4)
const Code kLaal = {0xeb, 0x23, 0x40, 0x00, 0x00, 0xfa};      // laal %r2,%r3,0(%r4)
const Code kLaalg = {0xeb, 0x23, 0x40, 0x08, 0x00, 0xea};     // laalg %r2,%r3,8(%r4)
const Code kLan = {0xeb, 0x23, 0x40, 0x00, 0x00, 0xf4};       // lan %r2,%r3,0(%r4)
const Code kLang = {0xeb, 0x23, 0x40, 0x08, 0x00, 0xe4};      // lang %r2,%r3,8(%r4)
const Code kLao = {0xeb, 0x23, 0x40, 0x00, 0x00, 0xf6};       // lao %r2,%r3,0(%r4)
const Code kLaog = {0xeb, 0x23, 0x40, 0x08, 0x00, 0xe6};      // laog %r2,%r3,8(%r4)
const Code kLax = {0xeb, 0x23, 0x40, 0x00, 0x00, 0xf7};       // lax %r2,%r3,0(%r4)
const Code kLaxg = {0xeb, 0x23, 0x40, 0x08, 0x00, 0xe7};      // laxg %r2,%r3,8(%r4)
const Code kAsiM1 = {0xeb, 0xff, 0x40, 0x00, 0x00, 0x6a};     // asi 0(%r4),-1
const Code kAgsi5 = {0xeb, 0x05, 0x40, 0x08, 0x00, 0x7a};     // agsi 8(%r4),5
const Code kAlsiM1 = {0xeb, 0xff, 0x40, 0x00, 0x00, 0x6e};    // alsi 0(%r4),-1
const Code kAlgsi1 = {0xeb, 0x01, 0x40, 0x08, 0x00, 0x7e};    // algsi 8(%r4),1
const Code kNi = {0x94, 0x0f, 0x40, 0x03};                    // ni 3(%r4),15
const Code kNiy = {0xeb, 0x0f, 0x40, 0x03, 0x00, 0x54};       // niy 3(%r4),15
const Code kOi = {0x96, 0xf0, 0x40, 0x03};                    // oi 3(%r4),240
const Code kOiy = {0xeb, 0xf0, 0x40, 0x03, 0x00, 0x56};       // oiy 3(%r4),240
const Code kXi = {0x97, 0xff, 0x40, 0x03};                    // xi 3(%r4),255
const Code kXiy = {0xeb, 0xff, 0x40, 0x03, 0x00, 0x57};       // xiy 3(%r4),255
const Code kTs = {0x93, 0x00, 0x40, 0x30};                    // ts 48(%r4)
const Code kLpq = {0xe3, 0x60, 0x40, 0x20, 0x00, 0x8f};       // lpq %r6,32(%r4)
const Code kStpq = {0xe3, 0x60, 0x40, 0x20, 0x00, 0x8e};      // stpq %r6,32(%r4)
const Code kLpd = {0xc8, 0x64, 0x40, 0x00, 0x40, 0x04};       // lpd %r6,0(%r4),4(%r4)
const Code kLpdg = {0xc8, 0x65, 0x40, 0x00, 0x40, 0x08};      // lpdg %r6,0(%r4),8(%r4)
const Code kCsst = {0xc8, 0x62, 0x40, 0x00, 0x40, 0x40};      // csst 0(%r4),64(%r4),%r6

TEST_P(S390xAtomic, CompareAndSwap) {
  set(4, data);
  put32(0, 100);
  set(2, 0xaaaaaaaa00000064ull);  // compares bits 32-63
  set(3, 0xbbbbbbbb00000065ull);
  EXPECT_EQ(run1(kCs), 0u);
  EXPECT_EQ(get32(0), 0x65u);
  EXPECT_EQ(get(2), 0xaaaaaaaa00000064ull);  // unchanged when equal
  EXPECT_EQ(run1(kCs), 1u);                  // 0x64 != 0x65: r2's low word gets memory's
  EXPECT_EQ(get(2), 0xaaaaaaaa00000065ull);
  EXPECT_EQ(get32(0), 0x65u);

  set(4, data + 8);  // csy at -8
  set(2, 0x65), set(3, 0x80000000u);
  EXPECT_EQ(run1(kCsy), 0u);
  EXPECT_EQ(get32(0), 0x80000000u);

  set(4, data);
  put64(8, 0x0102030405060708ull);
  set(2, 0x0102030405060708ull), set(3, 0xfedcba9876543210ull);
  EXPECT_EQ(run1(kCsg), 0u);
  EXPECT_EQ(get64(8), 0xfedcba9876543210ull);
  EXPECT_EQ(run1(kCsg), 1u);
  EXPECT_EQ(get(2), 0xfedcba9876543210ull);
}

TEST_P(S390xAtomic, CompareDoubleAndSwap) {
  set(4, data);
  put32(16, 1), put32(20, 2);
  set(6, 0xffffffff00000001ull), set(7, 0xffffffff00000002ull);  // r6:r7 = 1:2
  set(8, 0x33), set(9, 0x44);
  EXPECT_EQ(run1(kCds), 0u);
  EXPECT_EQ(get32(16), 0x33u);
  EXPECT_EQ(get32(20), 0x44u);
  EXPECT_EQ(run1(kCds), 1u);
  EXPECT_EQ(get(6), 0xffffffff00000033ull);
  EXPECT_EQ(get(7), 0xffffffff00000044ull);
  set(8, 5), set(9, 6);
  EXPECT_EQ(run1(kCdsy), 0u);
  EXPECT_EQ(get32(16), 5u);
  EXPECT_EQ(get32(20), 6u);

  put64(32, 0x1111111111111111ull), put64(40, 0x2222222222222222ull);
  set(6, 0x1111111111111111ull), set(7, 0x2222222222222222ull);
  set(8, 0x8888888888888888ull), set(9, 0x9999999999999999ull);
  EXPECT_EQ(run1(kCdsg), 0u);
  EXPECT_EQ(get64(32), 0x8888888888888888ull);
  EXPECT_EQ(get64(40), 0x9999999999999999ull);
  set(7, 0);
  EXPECT_EQ(run1(kCdsg), 1u);
  EXPECT_EQ(get(6), 0x8888888888888888ull);
  EXPECT_EQ(get(7), 0x9999999999999999ull);
}

TEST_P(S390xAtomic, LoadAndAdd) {
  set(4, data);
  put32(0, 0x7fffffff);
  set(2, 0xcccccccc00000000ull), set(3, 1);
  EXPECT_EQ(run1(kLaa), 3u);  // overflow (the program mask does not make it an interruption)
  EXPECT_EQ(get(2), 0xcccccccc7fffffffull);
  EXPECT_EQ(get32(0), 0x80000000u);
  set(3, 0x80000000u);
  // -2^31 + -2^31 overflows to 0: CC 3, where the engine alone says 0 (its overflow test looks
  // for a sum of the wrong sign, and 0 has none).
  EXPECT_EQ(run1(kLaa), GetParam() ? 3u : 0u);
  EXPECT_EQ(get32(0), 0u);
  set(3, 0xffffffffu);  // -1
  EXPECT_EQ(run1(kLaa), 1u);
  set(3, 2);
  EXPECT_EQ(run1(kLaa), 2u);
  EXPECT_EQ(get32(0), 1u);
  set(3, 0xffffffffu);
  EXPECT_EQ(run1(kLaa), 0u);

  put64(8, 5);
  set(3, static_cast<uint64_t>(-5));
  EXPECT_EQ(run1(kLaag), 0u);
  EXPECT_EQ(get(2), 5u);
  set(3, static_cast<uint64_t>(-1));
  EXPECT_EQ(run1(kLaag), 1u);
  EXPECT_EQ(get64(8), ~0ull);

  // Logical: 0 zero and no carry, 1 not zero and no carry, 2 zero and carry, 3 not zero and carry.
  put32(0, 0xfffffffe);
  set(3, 1);
  EXPECT_EQ(run1(kLaal), 1u);
  EXPECT_EQ(run1(kLaal), 2u);
  EXPECT_EQ(get32(0), 0u);
  EXPECT_EQ(run1(kLaal), 1u);
  set(3, 0xffffffffu);
  EXPECT_EQ(run1(kLaal), 2u);  // 1 + 0xffffffff
  EXPECT_EQ(run1(kLaal), 1u);
  EXPECT_EQ(run1(kLaal), 3u);  // 0xffffffff + 0xffffffff
  EXPECT_EQ(get(2) & 0xffffffff, 0xffffffffu);
  EXPECT_EQ(get32(0), 0xfffffffeu);
  set(3, 0);
  put32(0, 0);
  EXPECT_EQ(run1(kLaal), 0u);
  put64(8, ~0ull);
  set(3, 2);
  EXPECT_EQ(run1(kLaalg), 3u);
  EXPECT_EQ(get(2), ~0ull);
  EXPECT_EQ(get64(8), 1u);
}

TEST_P(S390xAtomic, LoadAndBitwise) {
  set(4, data);
  put32(0, 0xf0f0f0f0);
  set(2, 0xdddddddd00000000ull), set(3, 0x0f0f0f0f);
  EXPECT_EQ(run1(kLan), 0u);
  EXPECT_EQ(get(2), 0xddddddddf0f0f0f0ull);
  EXPECT_EQ(get32(0), 0u);
  EXPECT_EQ(run1(kLao), 1u);
  EXPECT_EQ(get32(0), 0x0f0f0f0fu);
  set(3, 0x0f0f0f0e);
  EXPECT_EQ(run1(kLax), 1u);
  EXPECT_EQ(get32(0), 1u);
  set(3, 1);
  EXPECT_EQ(run1(kLax), 0u);
  EXPECT_EQ(get(2) & 0xffffffff, 1u);

  put64(8, 0x8000000000000001ull);
  set(3, 0x8000000000000000ull);
  EXPECT_EQ(run1(kLang), 1u);
  EXPECT_EQ(get(2), 0x8000000000000001ull);
  EXPECT_EQ(get64(8), 0x8000000000000000ull);
  set(3, 3);
  EXPECT_EQ(run1(kLaog), 1u);
  EXPECT_EQ(get64(8), 0x8000000000000003ull);
  set(3, 0x8000000000000003ull);
  EXPECT_EQ(run1(kLaxg), 0u);
  EXPECT_EQ(get64(8), 0u);
}

TEST_P(S390xAtomic, AddImmediateToStorage) {
  set(4, data);
  put32(0, 1);
  EXPECT_EQ(run1(kAsiM1), 0u);
  EXPECT_EQ(run1(kAsiM1), 1u);
  EXPECT_EQ(get32(0), 0xffffffffu);
  put32(0, 0x80000000);
  EXPECT_EQ(run1(kAsiM1), 3u);
  EXPECT_EQ(get32(0), 0x7fffffffu);
  put64(8, 0x7ffffffffffffff6ull);
  EXPECT_EQ(run1(kAgsi5), 2u);
  EXPECT_EQ(run1(kAgsi5), 3u);
  EXPECT_EQ(get64(8), 0x8000000000000000ull);
  // Logical: the immediate sign-extended, added as an unsigned value (-1 carries unless the
  // operand is 0).
  put32(0, 1);
  EXPECT_EQ(run1(kAlsiM1), 2u);
  EXPECT_EQ(run1(kAlsiM1), 1u);
  EXPECT_EQ(get32(0), 0xffffffffu);
  EXPECT_EQ(run1(kAlsiM1), 3u);
  put64(8, ~0ull);
  EXPECT_EQ(run1(kAlgsi1), 2u);
  EXPECT_EQ(run1(kAlgsi1), 1u);
  EXPECT_EQ(get64(8), 1u);
}

TEST_P(S390xAtomic, BitwiseImmediateAndTestAndSet) {
  set(4, data);
  put32(0, 0x123456f5);
  EXPECT_EQ(run1(kNi), 1u);
  EXPECT_EQ(get32(0), 0x12345605u);
  EXPECT_EQ(run1(kNiy), 1u);
  EXPECT_EQ(run1(kOi), 1u);
  EXPECT_EQ(get32(0), 0x123456f5u);
  EXPECT_EQ(run1(kOiy), 1u);
  EXPECT_EQ(run1(kXi), 1u);
  EXPECT_EQ(get32(0), 0x1234560au);
  EXPECT_EQ(run1(kXiy), 1u);
  EXPECT_EQ(get32(0), 0x123456f5u);
  put32(0, 0x123456f0);
  EXPECT_EQ(run1(kNi), 0u);
  put32(0, 0x12345600);
  EXPECT_EQ(run1(kOiy), 1u);
  put32(0, 0x123456ff);
  EXPECT_EQ(run1(kXi), 0u);
  EXPECT_EQ(get32(0), 0x12345600u);

  put32(48, 0x01020304);
  EXPECT_EQ(run1(kTs), 0u);  // the leftmost bit was 0
  EXPECT_EQ(get32(48), 0xff020304u);
  EXPECT_EQ(run1(kTs), 1u);
  EXPECT_EQ(byte(48), 0xff);
}

// LPQ and STPQ keep the condition code: a hook could not (cpu-emu/s390x_atomics.cpp), so the
// engine runs them in parallel too.
TEST_P(S390xAtomic, QuadwordPairsKeepTheConditionCode) {
  set(4, data);
  put64(32, 0x0123456789abcdefull), put64(40, 0xfedcba9876543210ull);
  // cr %r0,%r0 (CC 0) before, chi %r0,1 (CC 1) before: lpq and stpq leave either.
  const Code kCrR0R0 = {0x19, 0x00}, kChiR0_1 = {0xa7, 0x0e, 0x00, 0x01};
  set(0, 0);
  EXPECT_EQ(run1(seq({kCrR0R0, kLpq})), 0u);
  EXPECT_EQ(get(6), 0x0123456789abcdefull);
  EXPECT_EQ(get(7), 0xfedcba9876543210ull);
  EXPECT_EQ(run1(seq({kChiR0_1, kLpq})), 1u);
  set(6, 0x1111111111111111ull), set(7, 0x2222222222222222ull);
  EXPECT_EQ(run1(seq({kChiR0_1, kStpq})), 1u);
  EXPECT_EQ(get64(32), 0x1111111111111111ull);
  EXPECT_EQ(get64(40), 0x2222222222222222ull);
  EXPECT_EQ(run1(kLpq), 1u);  // (the CC the last run left)
}

TEST_P(S390xAtomic, LoadPairDisjoint) {
  set(4, data);
  put32(0, 7), put32(4, 8);
  set(6, 0xeeeeeeee00000000ull), set(7, 0xeeeeeeee00000000ull);
  EXPECT_EQ(run1(kLpd), 0u);  // interlocked: no other CPU stored meanwhile
  EXPECT_EQ(get(6), 0xeeeeeeee00000007ull);
  EXPECT_EQ(get(7), 0xeeeeeeee00000008ull);
  put64(0, 0x0102030405060708ull), put64(8, 0x1112131415161718ull);
  EXPECT_EQ(run1(kLpdg), 0u);
  EXPECT_EQ(get(6), 0x0102030405060708ull);
  EXPECT_EQ(get(7), 0x1112131415161718ull);
}

TEST_P(S390xAtomic, CompareAndSwapAndStore) {
  // Parameter list at r1 (the replacement at +0, the store value at +16), function code 1
  // (64-bit compare and swap) and storage characteristic 2 (a word stored) in r0.
  set(4, data);
  set(1, data + 256);
  put64(256, 0xaaaaaaaaaaaaaaaaull);
  put64(272, 0x12345678abcdef00ull);
  put64(0, 42);
  put32(64, 0);
  set(0, 0x201);
  set(6, 42);
  EXPECT_EQ(run1(kCsst), 0u);
  EXPECT_EQ(get64(0), 0xaaaaaaaaaaaaaaaaull);
  EXPECT_EQ(get32(64), 0x12345678u);
  put32(64, 0);
  EXPECT_EQ(run1(kCsst), 1u);
  EXPECT_EQ(get(6), 0xaaaaaaaaaaaaaaaaull);
  EXPECT_EQ(get32(64), 0u);  // nothing stored
}

// A misaligned compare-and-swap is a specification exception, one at an unmapped or read-only
// address a memory fault, at the instruction (polyrun leaves all three to the engine).
TEST_P(S390xAtomic, Faults) {
  set(4, data + 2);
  load(seq({kAsiM1, kCs, kSvc0}));
  cpu::Trap t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::IllegalInstruction);
  EXPECT_EQ(t.pc, code + 6);
  set(4, 0x4000);
  cpu->set_pc(code + 6);
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code + 6);
  EXPECT_EQ(t.fault_addr, 0x4000u);
  EXPECT_TRUE(t.unmapped);
  set(4, code);
  load(seq({kLaa, kSvc0}));
  t = cpu->run();
  EXPECT_EQ(t.kind, cpu::TrapKind::MemoryFault);
  EXPECT_EQ(t.pc, code);
  EXPECT_EQ(t.access, cpu::Access::Write);
  EXPECT_FALSE(t.unmapped);
}

INSTANTIATE_TEST_SUITE_P(Engines, S390xAtomic, ::testing::Values(false, true),
                         [](const auto& info) { return std::string(info.param ? "Parallel" : "EngineAlone"); });

// Host threads, each running an engine, count on one shared word with compare-and-swap loops,
// load-and-add and add-immediate: exact only if those are atomic across engines.
struct Counter {
  const char* name;
  uint64_t per_loop;  // additions per iteration
  Code loop;          // r4: the counter's address, r3: iterations; ends in svc
};

void PrintTo(const Counter& c, std::ostream* os) { *os << c.name; }

class S390xParallelCounter : public ::testing::TestWithParam<Counter> {};

TEST_P(S390xParallelCounter, IsExact) {
  const Counter& c = GetParam();
  AddressSpace as{Layout{4096, 0x10000000, 0x20000000}};
  const uint64_t code = static_cast<uint64_t>(as.map(0, 4096, kRead | kExec, {}));
  const uint64_t data = static_cast<uint64_t>(as.map(0, 4096, kRead | kWrite, {}));
  ASSERT_TRUE(as.poke(code, c.loop.data(), c.loop.size()));
  constexpr uint32_t kLoops = 200000;
  constexpr int kThreads = 3;
  std::vector<std::unique_ptr<cpu::Cpu>> cpus(kThreads);
  for (auto& p : cpus) p = cpu::create_cpu(Isa::S390x, as);
  cpu::ExecutionLock lock;
  lock.acquire();
  lock.go_parallel();
  lock.release();
  for (auto& p : cpus) {
    cpu::Cpu& cpu = *p;
    cpu.set_pc(code);
    cpu.set_reg(s390x::R0 + 4, data);
    cpu.set_reg(s390x::R0 + 3, kLoops);
    cpu.set_syscall_handler([](cpu::Cpu& self) { self.stop(); });
  }
  const std::vector<cpu::Trap> traps = test::run_engines_at_once(cpus, lock);
  for (const auto& t : traps) EXPECT_EQ(t.kind, cpu::TrapKind::Stopped);
  uint64_t count;
  std::memcpy(&count, reinterpret_cast<const void*>(data), 8);
  count = __builtin_bswap64(count);
  EXPECT_EQ(count, uint64_t{kThreads} * kLoops * c.per_loop);
}

INSTANTIATE_TEST_SUITE_P(
    Loops, S390xParallelCounter,
    ::testing::Values(
        // 1: lg %r1,0(%r4); 2: lgr %r2,%r1; aghi %r2,1; csg %r1,%r2,0(%r4); jne 2b; brct %r3,1b; svc 0
        Counter{"Csg", 1,
                {0xe3, 0x10, 0x40, 0x00, 0x00, 0x04, 0xb9, 0x04, 0x00, 0x21, 0xa7, 0x2b, 0x00, 0x01,
                 0xeb, 0x12, 0x40, 0x00, 0x00, 0x30, 0xa7, 0x74, 0xff, 0xf9, 0xa7, 0x36, 0xff, 0xf4,
                 0x0a, 0x00}},
        // The low word. 1: l %r1,4(%r4); 2: lr %r2,%r1; ahi %r2,1; cs %r1,%r2,4(%r4); jne 2b; brct %r3,1b; svc 0
        Counter{"Cs", 1,
                {0x58, 0x10, 0x40, 0x04, 0x18, 0x21, 0xa7, 0x2a, 0x00, 0x01, 0xba, 0x12, 0x40, 0x04,
                 0xa7, 0x74, 0xff, 0xfb, 0xa7, 0x36, 0xff, 0xf7, 0x0a, 0x00}},
        // lghi %r2,1; 1: laag %r1,%r2,0(%r4); brct %r3,1b; svc 0
        Counter{"Laag", 1,
                {0xa7, 0x29, 0x00, 0x01, 0xeb, 0x12, 0x40, 0x00, 0x00, 0xe8, 0xa7, 0x36, 0xff, 0xfd,
                 0x0a, 0x00}},
        // 1: agsi 0(%r4),1; brct %r3,1b; svc 0
        Counter{"Agsi", 1,
                {0xeb, 0x01, 0x40, 0x00, 0x00, 0x7a, 0xa7, 0x36, 0xff, 0xfd, 0x0a, 0x00}},
        // lghi %r2,1; 1: alsi 4(%r4),1; laa %r1,%r2,4(%r4); brct %r3,1b; svc 0
        Counter{"AlsiAndLaa", 2,
                {0xa7, 0x29, 0x00, 0x01, 0xeb, 0x01, 0x40, 0x04, 0x00, 0x6e, 0xeb, 0x12, 0x40, 0x04,
                 0x00, 0xf8, 0xa7, 0x36, 0xff, 0xfa, 0x0a, 0x00}}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
