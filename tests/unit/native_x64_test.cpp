// The native x86-64 switch: guest code runs on the host CPU with its own registers and stack,
// comes back through a host entry (its registers in the frame, changes made there taken back into
// it), nests, and faults come back as the frame at the faulting instruction.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>

#include <cstring>
#include <functional>
#include <vector>

#include "cpu-emu/x86_64_native_run.h"

using namespace polyrun::cpu;

namespace {

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

// Guest code and a guest stack in host memory the CPU may execute.
struct Guest {
  uint8_t* code = nullptr;
  uint8_t* stack = nullptr;
  size_t used = 0;
  Guest() {
    code = static_cast<uint8_t*>(mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    stack = static_cast<uint8_t*>(mmap(nullptr, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  }
  ~Guest() {
    munmap(code, 4096);
    munmap(stack, 65536);
  }
  uint64_t here() const { return reinterpret_cast<uint64_t>(code + used); }
  void emit(std::initializer_list<uint8_t> bytes) {
    for (uint8_t b : bytes) code[used++] = b;
  }
  // movabs r11, polyrun_native_host_entry; call r11
  void host_call() {
    uint64_t target = reinterpret_cast<uint64_t>(&polyrun_native_host_entry);
    emit({0x49, 0xbb});
    for (int i = 0; i < 8; ++i) code[used++] = static_cast<uint8_t>(target >> (8 * i));
    emit({0x41, 0xff, 0xd3});
  }
  NativeFrame frame(uint64_t pc) const {
    NativeFrame f{};
    f.rip = pc;
    f.gpr[RSP] = reinterpret_cast<uint64_t>(stack) + 65536 - 8;  // as after a call
    f.rflags = 0x202;
    f.mxcsr = 0x1f80;
    f.fpcw = 0x37f;
    return f;
  }
};

struct Recorder : NativeDispatcher {
  std::vector<NativeFrame> seen;
  std::function<int(NativeFrame&)> act;
  int on_host_entry(NativeFrame& f) noexcept override {
    seen.push_back(f);
    return act ? act(f) : kNativeLeave;
  }
};

}  // namespace

TEST(NativeX64, HostEntrySeesAndChangesGuestRegisters) {
  Guest g;
  const uint64_t start = g.here();
  g.emit({0x48, 0x01, 0xc8});  // add rax, rcx
  g.host_call();
  const uint64_t after_first = g.here();
  g.emit({0x48, 0x01, 0xc3});  // add rbx, rax
  g.emit({0x66, 0x0f, 0xd4, 0xf6});  // paddq xmm6, xmm6
  g.host_call();
  const uint64_t after_second = g.here();

  NativeFrame f = g.frame(start);
  f.gpr[RAX] = 40;
  f.gpr[RCX] = 2;
  f.gpr[RBX] = 1000;
  f.gpr[R12] = 0x1212;
  f.gpr[R15] = 0x1515;
  uint64_t x6 = 21;
  std::memcpy(f.xmm[6], &x6, 8);
  Recorder d;
  d.act = [&](NativeFrame& fr) {
    if (d.seen.size() == 1) {
      fr.gpr[RAX] = 7;  // taken back into the guest
      return kNativeResume;
    }
    return kNativeLeave;
  };
  NativeFault fault;
  ASSERT_EQ(native_run(f, d, fault), kNativeLeave);
  ASSERT_EQ(d.seen.size(), 2u);
  EXPECT_EQ(d.seen[0].gpr[RAX], 42u);
  EXPECT_EQ(d.seen[0].rip, after_first);
  EXPECT_EQ(d.seen[0].gpr[RSP], g.frame(0).gpr[RSP]);  // the call's return address popped
  EXPECT_EQ(f.gpr[RBX], 1007u);
  EXPECT_EQ(f.rip, after_second);
  EXPECT_EQ(f.gpr[R12], 0x1212u);
  EXPECT_EQ(f.gpr[R15], 0x1515u);
  uint64_t got6 = 0;
  std::memcpy(&got6, f.xmm[6], 8);
  EXPECT_EQ(got6, 42u);
}

TEST(NativeX64, GuestControlsStayTheGuests) {
  Guest g;
  const uint64_t start = g.here();
  g.emit({0x0f, 0xae, 0x5c, 0x24, 0xf8});  // stmxcsr [rsp-8]
  g.emit({0x8b, 0x44, 0x24, 0xf8});        // mov eax, [rsp-8]
  g.host_call();
  NativeFrame f = g.frame(start);
  f.mxcsr = 0x7f80;  // round toward zero
  Recorder d;
  NativeFault fault;
  ASSERT_EQ(native_run(f, d, fault), kNativeLeave);
  EXPECT_EQ(f.gpr[RAX], 0x7f80u);
  EXPECT_EQ(f.mxcsr, 0x7f80u);
  unsigned host_mxcsr = 0;
  __asm__ volatile("stmxcsr %0" : "=m"(host_mxcsr));
  EXPECT_EQ(host_mxcsr & 0x6000, 0u);  // the host's rounding is back
}

TEST(NativeX64, FaultsReturnTheFrameAtTheFaultingInstruction) {
  Guest g;
  const uint64_t start = g.here();
  g.emit({0x48, 0xff, 0xc1});  // inc rcx
  const uint64_t load = g.here();
  g.emit({0x48, 0x8b, 0x18});  // mov rbx, [rax]
  g.host_call();
  NativeFrame f = g.frame(start);
  f.gpr[RAX] = 0x10;
  f.gpr[RCX] = 5;
  Recorder d;
  NativeFault fault;
  ASSERT_EQ(native_run(f, d, fault), kNativeFault);
  EXPECT_EQ(fault.sig, SIGSEGV);
  EXPECT_EQ(fault.addr, 0x10u);
  EXPECT_EQ(fault.trapno, 14u);  // page fault
  EXPECT_EQ(f.rip, load);
  EXPECT_EQ(f.gpr[RCX], 6u);
  EXPECT_TRUE(d.seen.empty());
  // Resumed past the fault with a good address, it goes on.
  uint64_t value = 99;
  f.gpr[RAX] = reinterpret_cast<uint64_t>(&value);
  ASSERT_EQ(native_run(f, d, fault), kNativeLeave);
  EXPECT_EQ(f.gpr[RBX], 99u);
  // Other exceptions: ud2 (SIGILL), int3 (SIGTRAP), idiv by zero (SIGFPE).
  Guest g2;
  const uint64_t ud2 = g2.here();
  g2.emit({0x0f, 0x0b});
  const uint64_t int3 = g2.here();
  g2.emit({0xcc});
  const uint64_t div = g2.here();
  g2.emit({0x48, 0xf7, 0xf9});  // idiv rcx
  NativeFrame f2 = g2.frame(ud2);
  ASSERT_EQ(native_run(f2, d, fault), kNativeFault);
  EXPECT_EQ(fault.sig, SIGILL);
  EXPECT_EQ(f2.rip, ud2);
  f2.rip = int3;
  ASSERT_EQ(native_run(f2, d, fault), kNativeFault);
  EXPECT_EQ(fault.sig, SIGTRAP);
  EXPECT_EQ(f2.rip, int3 + 1);  // after the int3, as the CPU reports it
  f2.rip = div;
  f2.gpr[RCX] = 0;
  ASSERT_EQ(native_run(f2, d, fault), kNativeFault);
  EXPECT_EQ(fault.sig, SIGFPE);
  EXPECT_EQ(f2.rip, div);
}

TEST(NativeX64, HostEntriesNest) {
  Guest g;
  const uint64_t outer = g.here();
  g.emit({0x48, 0xff, 0xc0});  // inc rax
  g.host_call();
  g.emit({0x48, 0xff, 0xc0});  // inc rax
  g.host_call();
  const uint64_t inner = g.here();
  g.emit({0x48, 0x83, 0xc1, 0x05});  // add rcx, 5
  g.host_call();

  NativeFrame f = g.frame(outer);
  f.gpr[RAX] = 1;
  Recorder inner_d;
  Recorder outer_d;
  uint64_t inner_rcx = 0;
  outer_d.act = [&](NativeFrame& fr) {
    if (outer_d.seen.size() > 1) return kNativeLeave;
    // A host function that calls guest code, on a stack of its own below the outer guest's.
    NativeFrame nf = g.frame(inner);
    nf.gpr[RSP] = fr.gpr[RSP] - 4096;
    nf.gpr[RCX] = 10;
    NativeFault fault;
    if (native_run(nf, inner_d, fault) != kNativeLeave) return kNativeLeave;
    inner_rcx = nf.gpr[RCX];
    fr.gpr[RAX] += 100;
    return kNativeResume;
  };
  NativeFault fault;
  ASSERT_EQ(native_run(f, outer_d, fault), kNativeLeave);
  EXPECT_EQ(inner_rcx, 15u);
  EXPECT_EQ(f.gpr[RAX], 103u);
  EXPECT_EQ(outer_d.seen.size(), 2u);
  EXPECT_EQ(inner_d.seen.size(), 1u);
}
