// The native x86-64 switch: guest code runs on the host CPU with its own registers and stack,
// comes back through a host entry (its registers in the frame, changes made there taken back into
// it), nests, and faults come back as the frame at the faulting instruction.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <strings.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cpu-emu/cpu.h"
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

// Guest code a signal stopped (an interrupt, a fault) resumes with the whole register state it
// had, the upper halves of the YMM registers included, though polyrun's code in between cleared
// them (glibc's AVX2 functions end with VZEROUPPER): Go's memmove, interrupted by a goroutine
// preemption inside its loop over YMM registers, copied zeros otherwise (esbuild natively).
TEST(NativeX64, ResumedAfterASignalTheUpperHalvesOfYmmRegistersAreAsTheyWere) {
  if (!__builtin_cpu_supports("avx")) GTEST_SKIP() << "the host CPU has no AVX";
  Guest g;
  const uint64_t start = g.here();
  g.emit({0xc5, 0xfe, 0x6f, 0x08});  // vmovdqu ymm1, [rax]
  const uint64_t load = g.here();
  g.emit({0x48, 0x8b, 0x1a});        // mov rbx, [rdx]   (rdx = 0x10: a fault)
  g.emit({0xc5, 0xfe, 0x7f, 0x09});  // vmovdqu [rcx], ymm1
  g.host_call();
  alignas(32) uint8_t pattern[32], copy[32] = {};
  for (int i = 0; i < 32; ++i) pattern[i] = static_cast<uint8_t>(0xa0 + i);
  NativeFrame f = g.frame(start);
  f.gpr[RAX] = reinterpret_cast<uint64_t>(pattern);
  f.gpr[RCX] = reinterpret_cast<uint64_t>(copy);
  f.gpr[RDX] = 0x10;
  Recorder d;
  NativeFault fault;
  ASSERT_EQ(native_run(f, d, fault), kNativeFault);
  ASSERT_EQ(f.rip, load);
  __asm__ volatile("vpxor %%ymm1, %%ymm1, %%ymm1\n\tvzeroupper" ::: "xmm1");  // what host code may do
  f.rip = load + 3;  // past the faulting load
  ASSERT_EQ(native_run(f, d, fault), kNativeLeave);
  EXPECT_EQ(std::memcmp(copy, pattern, 32), 0) << "the YMM register came back as it was only in its lower half";
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

namespace {

// Guest code that calls a host function directly: a thunk-like `call` whose return address less
// 5, plus kNativeDirectTableOffset, holds the function (as in the thunk region).
struct DirectGuest {
  uint8_t* region = nullptr;
  uint8_t* stack = nullptr;
  size_t used = 0;
  static constexpr size_t kSize = 2 * kNativeDirectTableOffset;
  DirectGuest() {
    region = static_cast<uint8_t*>(mmap(nullptr, kSize, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    stack = static_cast<uint8_t*>(mmap(nullptr, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  }
  ~DirectGuest() {
    munmap(region, kSize);
    munmap(stack, 65536);
  }
  uint64_t here() const { return reinterpret_cast<uint64_t>(region + used); }
  void emit(std::initializer_list<uint8_t> bytes) {
    for (uint8_t b : bytes) region[used++] = b;
  }
  void call_via_r11(uint64_t target) {  // movabs r11, target; call r11
    emit({0x49, 0xbb});
    for (int i = 0; i < 8; ++i) region[used++] = static_cast<uint8_t>(target >> (8 * i));
    emit({0x41, 0xff, 0xd3});
  }
  // A direct call of `fn`; returns the call's return address.
  uint64_t direct_call(void (*fn)()) {
    call_via_r11(native_direct_entry_address());
    const uint64_t ret = here();
    const auto f = reinterpret_cast<uint64_t>(fn);
    std::memcpy(reinterpret_cast<void*>(ret - 5 + kNativeDirectTableOffset), &f, 8);
    return ret;
  }
  void host_call() { call_via_r11(reinterpret_cast<uint64_t>(&polyrun_native_host_entry)); }
  uint64_t stack_top() const { return reinterpret_cast<uint64_t>(stack) + 65536 - 64; }
  NativeFrame frame(uint64_t pc) const {
    NativeFrame f{};
    f.rip = pc;
    f.gpr[RSP] = stack_top();
    f.rflags = 0x202;
    f.mxcsr = 0x1f80;
    f.fpcw = 0x37f;
    return f;
  }
};

struct Pair {
  uint64_t rax;
  double xmm0;
};

uint64_t seen_args[5];
double seen_xmm[4];

// Takes the Win64 arguments as the direct entry hands them over, and clobbers what System V code
// may and Win64 code keeps (rsi, rdi, xmm6–15).
Pair sum_and_clobber(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, const uint64_t* stack, double x0, double x1,
                     double x2, double x3) {
  seen_args[0] = a0, seen_args[1] = a1, seen_args[2] = a2, seen_args[3] = a3, seen_args[4] = stack[0];
  seen_xmm[0] = x0, seen_xmm[1] = x1, seen_xmm[2] = x2, seen_xmm[3] = x3;
  __asm__ volatile(
      "xor %%esi, %%esi\n xor %%edi, %%edi\n pxor %%xmm6, %%xmm6\n pxor %%xmm7, %%xmm7\n pxor %%xmm8, %%xmm8\n"
      "pxor %%xmm9, %%xmm9\n pxor %%xmm10, %%xmm10\n pxor %%xmm11, %%xmm11\n pxor %%xmm12, %%xmm12\n"
      "pxor %%xmm13, %%xmm13\n pxor %%xmm14, %%xmm14\n pxor %%xmm15, %%xmm15"
      ::: "rsi", "rdi", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
  return {a0 + a1 + a2 + a3 + stack[0], x0 * 2};
}

uint64_t read_byte_at(uint64_t a0, uint64_t, uint64_t, uint64_t, const uint64_t*) {
  uint8_t v;
  __asm__ volatile("movb (%1), %0" : "=r"(v) : "r"(a0) : "memory");
  return v;
}

uint64_t kick_myself(uint64_t a0, uint64_t, uint64_t, uint64_t, const uint64_t*) {
  pthread_kill(pthread_self(), kNativeInterruptSignal);
  return a0 + 1;
}

uint64_t ask_for_the_dispatcher(uint64_t a0, uint64_t, uint64_t, uint64_t, const uint64_t*) {
  __asm__ volatile("xor %%esi, %%esi\n pxor %%xmm6, %%xmm6" ::: "rsi", "xmm6");
  polyrun_native_direct_redo = 1;
  return a0;
}

}  // namespace

TEST(NativeX64, DirectCallMadeAgainThroughTheDispatcherOnRequest) {
  DirectGuest g;
  const uint64_t start = g.here();
  const uint64_t ret = g.direct_call(reinterpret_cast<void (*)()>(&ask_for_the_dispatcher));
  g.host_call();
  NativeFrame f = g.frame(start);
  f.gpr[RCX] = 11, f.gpr[RDX] = 22, f.gpr[RSI] = 0x5151, f.gpr[RBX] = 0xb0b0;
  std::memset(f.xmm[6], 0x66, 16);
  const double x1 = 0.5;
  std::memcpy(f.xmm[1], &x1, 8);
  f.mxcsr = 0x3f80;  // round down
  Recorder d;
  d.act = [&](NativeFrame& fr) {
    if (d.seen.size() == 1) fr.gpr[RAX] = 99;  // what the dispatcher's call returns
    return d.seen.size() == 1 ? kNativeResume : kNativeLeave;
  };
  NativeFault fault;
  ASSERT_EQ(native_run(f, d, fault), kNativeLeave);
  ASSERT_EQ(d.seen.size(), 2u);
  const NativeFrame& entry = d.seen[0];  // as if the thunk had called the host entry
  EXPECT_EQ(entry.rip, ret);
  EXPECT_EQ(entry.gpr[RSP], g.stack_top());
  EXPECT_EQ(entry.gpr[RCX], 11u);
  EXPECT_EQ(entry.gpr[RDX], 22u);
  EXPECT_EQ(entry.gpr[RSI], 0x5151u);
  EXPECT_EQ(entry.gpr[RBX], 0xb0b0u);
  EXPECT_EQ(entry.xmm[6][0], 0x66);
  double got1;
  std::memcpy(&got1, entry.xmm[1], 8);
  EXPECT_EQ(got1, 0.5);
  EXPECT_EQ(entry.mxcsr, 0x3f80u);
  EXPECT_EQ(d.seen[1].gpr[RAX], 99u);  // back in the guest with the dispatcher's result
  EXPECT_EQ(polyrun_native_direct_redo, 0);
}

TEST(NativeX64, DirectCallRunsAHostFunctionWithWin64ArgumentsAndKeepsWhatWin64Keeps) {
  DirectGuest g;
  const uint64_t start = g.here();
  const uint64_t ret = g.direct_call(reinterpret_cast<void (*)()>(&sum_and_clobber));
  g.host_call();
  const uint64_t end = g.here();
  NativeFrame f = g.frame(start);
  const uint64_t fifth = 5000;  // the fifth argument: above the return address and shadow space
  std::memcpy(reinterpret_cast<void*>(g.stack_top() + 32), &fifth, 8);
  f.gpr[RCX] = 1, f.gpr[RDX] = 20, f.gpr[R8] = 300, f.gpr[R9] = 4000;
  const uint64_t kept[] = {0xb0b0, 0xb1b1, 0x5151, 0xd1d1, 0x1212, 0x1313, 0x1414, 0x1515};
  const int kept_regs[] = {RBX, RBP, RSI, RDI, R12, R13, R14, R15};
  for (int i = 0; i < 8; ++i) f.gpr[kept_regs[i]] = kept[i];
  for (int i = 0; i < 16; ++i) std::memset(f.xmm[i], 0x40 + i, 16);
  const double x0 = 1.25;
  std::memcpy(f.xmm[0], &x0, 8);
  Recorder d;
  NativeFault fault;
  ASSERT_EQ(native_run(f, d, fault), kNativeLeave);
  EXPECT_EQ(seen_args[0], 1u);
  EXPECT_EQ(seen_args[1], 20u);
  EXPECT_EQ(seen_args[2], 300u);
  EXPECT_EQ(seen_args[3], 4000u);
  EXPECT_EQ(seen_args[4], 5000u);
  EXPECT_EQ(seen_xmm[0], 1.25);
  ASSERT_EQ(d.seen.size(), 1u);
  const NativeFrame& after = d.seen[0];
  EXPECT_EQ(after.gpr[RAX], 9321u);
  double got0;
  std::memcpy(&got0, after.xmm[0], 8);
  EXPECT_EQ(got0, 2.5);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(after.gpr[kept_regs[i]], kept[i]) << "register " << kept_regs[i];
  for (int i = 6; i < 16; ++i) {
    uint8_t want[16];
    std::memset(want, 0x40 + i, 16);
    EXPECT_EQ(std::memcmp(after.xmm[i], want, 16), 0) << "xmm" << i;
  }
  EXPECT_EQ(after.gpr[RSP], g.stack_top());
  EXPECT_EQ(f.rip, end);
  (void)ret;
}

TEST(NativeX64, DirectCallThatFaultsComesBackAsAHostEntryAtItsReturn) {
  DirectGuest g;
  const uint64_t start = g.here();
  const uint64_t ret = g.direct_call(reinterpret_cast<void (*)()>(&read_byte_at));
  g.host_call();
  NativeFrame f = g.frame(start);
  f.gpr[RCX] = 0x10;  // the bad pointer
  f.gpr[RBX] = 0xb0b0;
  f.gpr[RSI] = 0x5151;
  Recorder d;
  uint64_t addr = 0;
  bool write = true, told = false;
  d.act = [&](NativeFrame&) {
    told = take_direct_fault(addr, write);
    return kNativeLeave;
  };
  NativeFault fault;
  ASSERT_EQ(native_run(f, d, fault), kNativeLeave);
  ASSERT_EQ(d.seen.size(), 1u);
  EXPECT_TRUE(told);
  EXPECT_EQ(addr, 0x10u);
  EXPECT_FALSE(write);
  EXPECT_EQ(d.seen[0].rip, ret);  // as at the call's return
  EXPECT_EQ(d.seen[0].gpr[RSP], g.stack_top());
  EXPECT_EQ(d.seen[0].gpr[RCX], 0x10u);
  EXPECT_EQ(d.seen[0].gpr[RBX], 0xb0b0u);
  EXPECT_EQ(d.seen[0].gpr[RSI], 0x5151u);
  EXPECT_FALSE(take_direct_fault(addr, write));  // told once
  // The same call with a good pointer returns normally.
  uint8_t byte = 77;
  f = g.frame(start);
  f.gpr[RCX] = reinterpret_cast<uint64_t>(&byte);
  d.seen.clear();
  ASSERT_EQ(native_run(f, d, fault), kNativeLeave);
  EXPECT_FALSE(told);
  EXPECT_EQ(f.gpr[RAX], 77u);
}

TEST(NativeX64, InterruptDuringADirectCallStopsTheGuestAtItsReturn) {
  DirectGuest g;
  const uint64_t start = g.here();
  const uint64_t ret = g.direct_call(reinterpret_cast<void (*)()>(&kick_myself));
  g.host_call();
  NativeFrame f = g.frame(start);
  f.gpr[RCX] = 41;
  f.gpr[R12] = 0x1212;
  Recorder d;
  NativeFault fault;
  ASSERT_EQ(native_run(f, d, fault), kNativeInterrupted);
  EXPECT_TRUE(d.seen.empty());
  EXPECT_EQ(f.rip, ret);
  EXPECT_EQ(f.gpr[RAX], 42u);
  EXPECT_EQ(f.gpr[R12], 0x1212u);
  EXPECT_EQ(f.gpr[RSP], g.stack_top());
  // Resumed there, the guest goes on.
  ASSERT_EQ(native_run(f, d, fault), kNativeLeave);
  EXPECT_EQ(d.seen.size(), 1u);
}

// ---- msvcrt's leaf functions (shims/msvcrt/x64_leaf.S): Win64 code natively running programs call
// straight from their import table ----

// As the program calls them: Win64 functions.
extern "C" {
__attribute__((ms_abi)) size_t polyrun_msvcrt_strlen(const char*);
__attribute__((ms_abi)) char* polyrun_msvcrt_strchr(const char*, int);
__attribute__((ms_abi)) int polyrun_msvcrt_strcmp(const char*, const char*);
__attribute__((ms_abi)) void* polyrun_msvcrt_memcpy(void*, const void*, size_t);
__attribute__((ms_abi)) void* polyrun_msvcrt_memset(void*, int, size_t);
__attribute__((ms_abi)) char* polyrun_msvcrt_strstr(const char*, const char*);
__attribute__((ms_abi)) int polyrun_msvcrt_memcmp(const void*, const void*, size_t);
__attribute__((ms_abi)) void* polyrun_msvcrt_memchr(const void*, int, size_t);
__attribute__((ms_abi)) size_t polyrun_msvcrt_strnlen(const char*, size_t);
__attribute__((ms_abi)) int polyrun_msvcrt_strncmp(const char*, const char*, size_t);
__attribute__((ms_abi)) int polyrun_msvcrt__stricmp(const char*, const char*);
__attribute__((ms_abi)) int polyrun_msvcrt__strnicmp(const char*, const char*, size_t);
__attribute__((ms_abi)) char* polyrun_msvcrt_strcpy(char*, const char*);
__attribute__((ms_abi)) char* polyrun_msvcrt_strncpy(char*, const char*, size_t);
__attribute__((ms_abi)) char* polyrun_msvcrt_strcat(char*, const char*);
__attribute__((ms_abi)) char* polyrun_msvcrt_strrchr(const char*, int);
__attribute__((ms_abi)) size_t polyrun_msvcrt_wcslen(const char16_t*);
__attribute__((ms_abi)) int polyrun_msvcrt_wcscmp(const char16_t*, const char16_t*);
__attribute__((ms_abi)) char16_t* polyrun_msvcrt_wcschr(const char16_t*, char16_t);
extern char polyrun_msvcrt_leaf_begin[], polyrun_msvcrt_leaf_end[];
}

namespace {

// Two pages of data with no access on either side: text placed against either edge shows a read
// beyond it.
struct Fenced {
  uint8_t* base;
  Fenced() {
    base = static_cast<uint8_t*>(mmap(nullptr, 4 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    mprotect(base + 4096, 2 * 4096, PROT_READ | PROT_WRITE);
  }
  ~Fenced() { munmap(base, 4 * 4096); }
  uint8_t* first() const { return base + 4096; }      // the data's first byte
  uint8_t* end() const { return base + 3 * 4096; }    // just past its last
};

int sign(int v) { return (v > 0) - (v < 0); }

// movabs r11, target; call r11: returns the return address.
uint64_t call_far(Guest& g, uint64_t target) {
  g.emit({0x49, 0xbb});
  for (int i = 0; i < 8; ++i) g.emit({static_cast<uint8_t>(target >> (8 * i))});
  g.emit({0x41, 0xff, 0xd3});
  return g.here();
}

}  // namespace

TEST(MsvcrtLeaf, StringFunctionsAgreeWithTheCLibraryAtEveryLengthAlignmentAndPageEdge) {
  auto strlen_w = &polyrun_msvcrt_strlen;
  auto strchr_w = &polyrun_msvcrt_strchr;
  auto strcmp_w = &polyrun_msvcrt_strcmp;
  auto strstr_w = &polyrun_msvcrt_strstr;
  Fenced f;
  for (size_t len = 0; len < 400; len += len < 80 ? 1 : 13) {  // (past the 64-byte loops too)
    for (int where = 0; where < 2; ++where) {
      for (size_t shift = 0; shift < 16; ++shift) {
        // At the start of the data (plus shift), or ending right at its end.
        char* s = where == 0 ? reinterpret_cast<char*>(f.first() + shift)
                             : reinterpret_cast<char*>(f.end() - len - 1 - shift);
        for (size_t i = 0; i < len; ++i) s[i] = static_cast<char>('a' + (i * 7 + shift) % 26);
        s[len] = 0;
        ASSERT_EQ(strlen_w(s), len) << len << " " << where << " " << shift;
        for (int c : {int('a'), int('q'), int('z'), 0, 0xe9}) ASSERT_EQ(strchr_w(s, c), std::strchr(s, c)) << len << " " << c;
        // Compared with a copy elsewhere that differs in one place, or not at all.
        char* t = where == 0 ? reinterpret_cast<char*>(f.end() - len - 1) : reinterpret_cast<char*>(f.first() + 3);
        std::memmove(t, s, len + 1);
        ASSERT_EQ(strcmp_w(s, t), 0);
        // strstr: every piece of s, a piece with its last byte changed, and what is not there.
        for (size_t from = 0; from <= len; from += 1 + len / 7) {
          for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{5}, len - from}) {
            if (from + n > len) continue;
            std::string piece(s + from, n);
            ASSERT_EQ(strstr_w(s, piece.c_str()), std::strstr(s, piece.c_str())) << len << " " << from << " " << n;
            if (n) {
              piece.back() = static_cast<char>(piece.back() == 'z' ? 'a' : piece.back() + 1);
              ASSERT_EQ(strstr_w(s, piece.c_str()), std::strstr(s, piece.c_str())) << len << " " << from << " " << n;
            }
          }
        }
        ASSERT_EQ(strstr_w(s, "aa#"), nullptr);
        if (len) {
          const size_t at = (len * 5) % len;
          t[at] = static_cast<char>(s[at] + 1);
          // -1, 0 or 1, as x64 msvcrt's strcmp (wine's msvcrt, string.c): the C library's sign.
          ASSERT_EQ(strcmp_w(s, t), sign(std::strcmp(s, t))) << len;
          ASSERT_EQ(strcmp_w(t, s), sign(std::strcmp(t, s))) << len;
          t[at] = static_cast<char>(0xf0);  // above every letter, as unsigned bytes
          ASSERT_EQ(strcmp_w(s, t), -1) << len;
        }
      }
    }
  }
}

TEST(MsvcrtLeaf, MemcpyAndMemsetAgreeWithTheCLibraryAtEverySizeAndOverlap) {
  auto memcpy_w = &polyrun_msvcrt_memcpy;
  auto memset_w = &polyrun_msvcrt_memset;
  std::vector<uint8_t> a(1000), b(1000);  // (room for 300 bytes at 250 + 200)
  for (size_t n = 0; n < 300; n += (n < 70 ? 1 : 37)) {
    for (ptrdiff_t offset : {-40, -17, -16, -1, 1, 15, 16, 33, 200}) {
      for (size_t i = 0; i < a.size(); ++i) a[i] = b[i] = static_cast<uint8_t>(i * 13 + n);
      uint8_t* src = a.data() + 250;
      ASSERT_EQ(memcpy_w(src + offset, src, n), src + offset);  // overlapping ranges: memmove's result
      std::memmove(b.data() + 250 + offset, b.data() + 250, n);
      ASSERT_EQ(a, b) << n << " " << offset;
    }
    for (size_t i = 0; i < a.size(); ++i) a[i] = b[i] = static_cast<uint8_t>(i);
    ASSERT_EQ(memset_w(a.data() + 3, 0x1ab, n), a.data() + 3);  // (the low byte)
    std::memset(b.data() + 3, 0xab, n);
    ASSERT_EQ(a, b) << n;
  }
  Fenced f;  // right up to the edges of the accessible pages
  for (size_t n : {1u, 7u, 16u, 31u, 33u, 100u}) {
    memset_w(f.end() - n, 'x', n);
    memcpy_w(f.first(), f.end() - n, n);
    EXPECT_EQ(f.first()[n - 1], 'x');
  }
}

// The references for the functions below: the host's C library where its semantics are msvcrt's;
// for memcmp, strcmp, strncmp and wcscmp, which in x64 msvcrt answer exactly -1, 0 or 1 (wine's
// msvcrt, dlls/msvcrt/string.c and wcs.c, and wine 8.0 run on a probe program), the sign of the C
// library's answer; for _stricmp and _strnicmp glibc's strcasecmp and strncasecmp in the "C"
// locale, which answer as Microsoft's C runtime (its sources, __ascii_stricmp: the difference of
// the first unequal bytes, as unsigned, with 'A'-'Z' folded to 'a'-'z'; wine's differs above 0x7f,
// taking the bytes as signed); for the wide ones, std::char_traits<char16_t> over an aligned copy.

namespace {

// Letters of both cases, the bytes between and around them that folding must leave alone, and
// bytes above 0x7f.
const unsigned char kOthers[] = {'_', '@', '[', '`', '{', 'A', 'Z', 'a', 'z', 0x7f, 0x80, 0xc9, 0xe9, 0xff, 1, 0};

int ref_memcmp(const void* a, const void* b, size_t n) { return sign(std::memcmp(a, b, n)); }

}  // namespace

TEST(MsvcrtLeaf, ComparisonsAnswerAsMsvcrtAtEveryLengthAlignmentAndPageEdge) {
  auto memcmp_w = &polyrun_msvcrt_memcmp;
  auto strcmp_w = &polyrun_msvcrt_strcmp;
  auto strncmp_w = &polyrun_msvcrt_strncmp;
  auto stricmp_w = &polyrun_msvcrt__stricmp;
  auto strnicmp_w = &polyrun_msvcrt__strnicmp;
  Fenced f;
  for (size_t len = 0; len < 300; len += len < 70 ? 1 : 23) {
    for (int where = 0; where < 2; ++where) {
      for (size_t shift = 0; shift < 16; ++shift) {
        // a at the start of the data (plus shift) or ending right at its end; b at the other edge,
        // with a second NUL after its own (which may be changed below).
        char* a = where == 0 ? reinterpret_cast<char*>(f.first() + shift) : reinterpret_cast<char*>(f.end() - len - 1 - shift);
        char* b = where == 0 ? reinterpret_cast<char*>(f.end() - len - 2) : reinterpret_cast<char*>(f.first() + (shift * 5) % 16);
        for (size_t i = 0; i < len; ++i) a[i] = static_cast<char>((i % 3 ? 'a' : 'A') + (i * 7 + shift) % 26);
        a[len] = 0;
        std::memcpy(b, a, len + 1);
        b[len + 1] = 0;
        const size_t ns[] = {0, 1, len / 2, len, len + 1, len + 100, SIZE_MAX};
        auto check = [&](size_t at) {
          for (const char* x : {static_cast<const char*>(a), static_cast<const char*>(b)}) {
            const char* y = x == a ? b : a;
            ASSERT_EQ(strcmp_w(x, y), sign(std::strcmp(x, y))) << len << " " << at;
            ASSERT_EQ(stricmp_w(x, y), ::strcasecmp(x, y)) << len << " " << at;
            for (size_t n : ns) {
              ASSERT_EQ(strncmp_w(x, y, n), sign(std::strncmp(x, y, n))) << len << " " << at << " " << n;
              ASSERT_EQ(strnicmp_w(x, y, n), ::strncasecmp(x, y, n)) << len << " " << at << " " << n;
              if (n <= len + 1) {
                ASSERT_EQ(memcmp_w(x, y, n), ref_memcmp(x, y, n)) << len << " " << at << " " << n;
              }
            }
          }
        };
        check(SIZE_MAX);
        if (HasFatalFailure()) return;
        // One byte of b changed: at the start, the middle and the end (its NUL too).
        for (size_t at : {size_t{0}, len / 2, len > 0 ? len - 1 : 0, len}) {
          const char was = b[at];
          for (int other : {was + 1, was - 1, was ^ 0x20}) {
            b[at] = static_cast<char>(other);
            check(at);
            if (HasFatalFailure()) return;
          }
          for (unsigned char other : kOthers) {
            b[at] = static_cast<char>(other);
            check(at);
            if (HasFatalFailure()) return;
          }
          b[at] = was;
          // Both bytes changed (not a's NUL): pairs 0x20 apart that only 'A'-'Z' / 'a'-'z' fold
          // together.
          if (at == len) continue;
          const char wasa = a[at];
          for (auto [x, y] : {std::pair{'[', '{'}, {'@', '`'}, {'Z', 'z'}, {'A', 'a'}, {'\\', '|'}, {'^', '~'}, {']', '}'},
                              {'\xc1', '\xe1'}, {'\xda', '\xfa'}, {'_', '\x7f'}, {'Y', '['}}) {
            for (int swap = 0; swap < 2; ++swap) {
              a[at] = swap ? y : x;
              b[at] = swap ? x : y;
              check(at);
              if (HasFatalFailure()) return;
            }
          }
          a[at] = wasa;
          b[at] = was;
        }
        // b with every letter's case the other way, alone and with a difference at its end.
        for (size_t i = 0; i < len; ++i) {
          if ((b[i] | 0x20) >= 'a' && (b[i] | 0x20) <= 'z') b[i] ^= 0x20;
        }
        check(SIZE_MAX);
        if (HasFatalFailure()) return;
        if (len) {
          b[len - 1] = '!';
          check(len - 1);
          if (HasFatalFailure()) return;
        }
      }
    }
  }
  // The first difference at the last byte before the unmapped page, n beyond it: nothing past it
  // is read (as a byte-at-a-time loop, which finds the difference first); likewise text without a
  // NUL up to the page end, compared for no more than it holds.
  for (size_t len = 1; len < 80; ++len) {
    char* a = reinterpret_cast<char*>(f.end() - len);
    char* b = reinterpret_cast<char*>(f.first() + len % 16);
    std::memset(a, 'k', len);
    std::memset(b, 'k', len + 200);
    ASSERT_EQ(memcmp_w(a, b, len), 0);
    ASSERT_EQ(strncmp_w(a, b, len), 0);
    ASSERT_EQ(strnicmp_w(a, b, len), 0);
    ASSERT_EQ(memcmp_w(b, a, len), 0);
    ASSERT_EQ(strncmp_w(b, a, len), 0);
    b[len - 1] = 'K';
    ASSERT_EQ(memcmp_w(a, b, len + 100), ref_memcmp(a, b, len)) << len;
    ASSERT_EQ(memcmp_w(b, a, len + 100), ref_memcmp(b, a, len)) << len;
    ASSERT_EQ(strncmp_w(a, b, len + 100), sign(std::strncmp(a, b, len))) << len;
    ASSERT_EQ(strncmp_w(b, a, SIZE_MAX), sign(std::strncmp(b, a, len))) << len;
    ASSERT_EQ(strcmp_w(a, b), sign(std::strncmp(a, b, len))) << len;
    b[len - 1] = 'j';
    ASSERT_EQ(stricmp_w(a, b), ::strncasecmp(a, b, len)) << len;
    ASSERT_EQ(strnicmp_w(b, a, len + 100), ::strncasecmp(b, a, len)) << len;
  }
  // As Microsoft's rule reads (and wine 8.0 printed for the ASCII ones): by the folded values.
  EXPECT_EQ(stricmp_w("_", "a"), '_' - 'a');
  EXPECT_EQ(stricmp_w("_", "A"), '_' - 'a');
  EXPECT_EQ(stricmp_w("ABC", "abd"), -1);
  EXPECT_EQ(stricmp_w("\xe9", "A"), 0xe9 - 'a');
  EXPECT_EQ(strnicmp_w("abcX", "ABCy", 3), 0);
  EXPECT_EQ(strcmp_w("a", "b"), -1);
  EXPECT_EQ(strcmp_w("b", "a"), 1);
  EXPECT_EQ(strcmp_w("a\xe9", "a\x01"), 1);
  EXPECT_EQ(strncmp_w("abz", "abA", 3), 1);
  EXPECT_EQ(memcmp_w("a\x01", "a\xe9", 2), -1);
}

TEST(MsvcrtLeaf, CopiesWriteWhatTheCLibraryWritesAndNoMore) {
  auto strcpy_w = &polyrun_msvcrt_strcpy;
  auto strcat_w = &polyrun_msvcrt_strcat;
  auto strncpy_w = &polyrun_msvcrt_strncpy;
  Fenced from, to;
  std::vector<uint8_t> expect(2 * 4096);
  auto fill = [&] {  // the destination pages, and their expected copy, before each call
    for (size_t i = 0; i < expect.size(); ++i) to.first()[i] = expect[i] = static_cast<uint8_t>('0' + i % 61);
  };
  auto same = [&] { return std::memcmp(to.first(), expect.data(), expect.size()) == 0; };
  for (size_t len = 0; len < 300; len += len < 70 ? 1 : 23) {
    for (size_t shift = 0; shift < 16; ++shift) {
      for (int where = 0; where < 2; ++where) {
        // The source at the start of its pages or ending right at their end.
        char* s = where == 0 ? reinterpret_cast<char*>(from.first() + shift) : reinterpret_cast<char*>(from.end() - len - 1);
        for (size_t i = 0; i < len; ++i) s[i] = static_cast<char>('a' + (i * 11 + shift) % 26);
        s[len] = 0;
        // The destination at the start (plus shift) or so that what is written ends at the end.
        for (int dwhere = 0; dwhere < 2; ++dwhere) {
          const size_t off = dwhere == 0 ? (shift * 7) % 16 : expect.size() - len - 1;
          fill();
          char* d = reinterpret_cast<char*>(to.first() + off);
          ASSERT_EQ(strcpy_w(d, s), d);
          std::strcpy(reinterpret_cast<char*>(expect.data() + off), s);
          ASSERT_TRUE(same()) << "strcpy " << len << " " << shift << " " << where << " " << dwhere;
          for (size_t prefix : {size_t{0}, size_t{1}, size_t{7}, size_t{16}, size_t{33}}) {
            const size_t at = dwhere == 0 ? shift : expect.size() - prefix - len - 1;
            fill();
            to.first()[at + prefix] = expect[at + prefix] = 0;  // d holds `prefix` bytes
            d = reinterpret_cast<char*>(to.first() + at);
            ASSERT_EQ(strcat_w(d, s), d);
            std::strcat(reinterpret_cast<char*>(expect.data() + at), s);
            ASSERT_TRUE(same()) << "strcat " << len << " " << prefix << " " << shift << " " << where << " " << dwhere;
          }
          for (size_t n : {size_t{0}, size_t{1}, len / 2, len, len + 1, len + 2, len + 17, len + 100}) {
            const size_t at = dwhere == 0 ? shift : expect.size() - n;
            fill();
            d = reinterpret_cast<char*>(to.first() + at);
            ASSERT_EQ(strncpy_w(d, s, n), d);
            std::strncpy(reinterpret_cast<char*>(expect.data() + at), s, n);
            ASSERT_TRUE(same()) << "strncpy " << len << " " << n << " " << shift << " " << where << " " << dwhere;
          }
        }
      }
    }
    // A source without a NUL up to its page's end, copied for no more than it holds.
    if (len == 0) continue;
    char* s = reinterpret_cast<char*>(from.end() - len);
    std::memset(s, 'q', len);
    fill();
    char* d = reinterpret_cast<char*>(to.first() + len % 16);
    ASSERT_EQ(strncpy_w(d, s, len), d);
    std::memset(expect.data() + len % 16, 'q', len);
    ASSERT_TRUE(same()) << len;
  }
  // Copying down over itself (strcpy(p, p + k), which programs do): as a byte-at-a-time copy.
  for (size_t k : {size_t{1}, size_t{3}, size_t{16}, size_t{17}}) {
    char buf[200], ref[200];
    for (size_t i = 0; i < sizeof buf; ++i) buf[i] = ref[i] = static_cast<char>('a' + i % 26);
    buf[150] = ref[150] = 0;
    strcpy_w(buf + 2, buf + 2 + k);
    for (size_t i = 2;; ++i) {
      ref[i] = ref[i + k];
      if (!ref[i]) break;
    }
    ASSERT_EQ(std::memcmp(buf, ref, sizeof buf), 0) << k;
  }
}

TEST(MsvcrtLeaf, SearchesAgreeWithTheCLibraryAtEveryLengthAlignmentAndPageEdge) {
  auto memchr_w = &polyrun_msvcrt_memchr;
  auto strnlen_w = &polyrun_msvcrt_strnlen;
  auto strrchr_w = &polyrun_msvcrt_strrchr;
  Fenced f;
  for (size_t len = 0; len < 300; len += len < 70 ? 1 : 23) {
    for (int where = 0; where < 2; ++where) {
      for (size_t shift = 0; shift < 16; ++shift) {
        char* s = where == 0 ? reinterpret_cast<char*>(f.first() + shift) : reinterpret_cast<char*>(f.end() - len - 1 - shift);
        for (size_t i = 0; i < len; ++i) s[i] = static_cast<char>('a' + (i * 7 + shift) % 26);
        if (len > 3) s[len / 3] = static_cast<char>(0xe9);
        s[len] = 0;
        const size_t room = static_cast<size_t>(reinterpret_cast<char*>(f.end()) - s);  // readable from s
        for (size_t n : {size_t{0}, size_t{1}, len / 2, len, len + 1, len + 2, len + 40, SIZE_MAX - 3, SIZE_MAX}) {
          ASSERT_EQ(strnlen_w(s, n), ::strnlen(s, n)) << len << " " << n;
          for (int c : {int('a'), int('q'), int('z'), 0, 0xe9, 0x1e9, int('#')}) {
            const void* expect = std::memchr(s, c, std::min(n, room));
            if (n > room && !expect) continue;  // it would read on into the unmapped page
            ASSERT_EQ(memchr_w(s, c, n), expect) << len << " " << n << " " << c;
          }
        }
        for (int c : {int('a'), int('q'), int('z'), 0, 0xe9, 0x100 + 'a', int('#')})
          ASSERT_EQ(strrchr_w(s, c), std::strrchr(s, c)) << len << " " << c;
        // Bytes without a NUL up to the page's end, looked at for no more than they hold.
        if (len) {
          char* t = reinterpret_cast<char*>(f.end() - len);
          std::memset(t, 'x', len);
          ASSERT_EQ(strnlen_w(t, len), ::strnlen(t, len));
          ASSERT_EQ(memchr_w(t, 'y', len), std::memchr(t, 'y', len));
          t[len - 1] = 'y';
          ASSERT_EQ(memchr_w(t, 'y', len), std::memchr(t, 'y', len));
          ASSERT_EQ(memchr_w(t, 'y', SIZE_MAX), std::memchr(t, 'y', len));
        }
      }
    }
  }
}

TEST(MsvcrtLeaf, WideFunctionsAgreeWithCharTraitsAtEveryLengthAlignmentAndPageEdge) {
  auto wcslen_w = &polyrun_msvcrt_wcslen;
  auto wcscmp_w = &polyrun_msvcrt_wcscmp;
  auto wcschr_w = &polyrun_msvcrt_wcschr;
  using traits = std::char_traits<char16_t>;
  Fenced f;
  // Units at any byte address (odd ones too): written and read through memcpy.
  auto put = [](uint8_t* at, const std::u16string& w) { std::memcpy(at, w.c_str(), (w.size() + 1) * 2); };
  for (size_t len = 0; len < 200; len += len < 50 ? 1 : 19) {
    std::u16string w;
    for (size_t i = 0; i < len; ++i) w += static_cast<char16_t>(i % 5 == 4 ? 0xff00 + i : u'a' + i % 26);
    for (int where = 0; where < 2; ++where) {
      for (size_t shift = 0; shift < 16; ++shift) {
        uint8_t* at = where == 0 ? f.first() + shift : f.end() - (len + 1) * 2 - shift;
        uint8_t* other = where == 0 ? f.end() - (len + 1) * 2 - (shift * 3) % 16 : f.first() + (shift * 3) % 16;
        put(at, w);
        const auto* s = reinterpret_cast<const char16_t*>(at);
        ASSERT_EQ(wcslen_w(s), traits::length(w.c_str())) << len << " " << where << " " << shift;
        for (char16_t c : {u'a', u'b', u'q', u'r', u'u', char16_t(0xff04), char16_t(0xff09), char16_t(0xff0e), u'\0', u'#'}) {
          const char16_t* found = traits::find(w.c_str(), len + 1, c);
          const auto* expect = found ? reinterpret_cast<const char16_t*>(at + (found - w.c_str()) * 2) : nullptr;
          ASSERT_EQ(wcschr_w(s, c), expect) << len << " " << shift << " " << int(c);
        }
        // Compared with a copy that differs in one unit, or not at all.
        std::u16string v = w;
        auto compare = [&] {
          put(other, v);
          const auto* t = reinterpret_cast<const char16_t*>(other);
          const size_t n = std::min(w.size(), v.size()) + 1;
          ASSERT_EQ(wcscmp_w(s, t), sign(traits::compare(w.c_str(), v.c_str(), n))) << len << " " << shift;
          ASSERT_EQ(wcscmp_w(t, s), sign(traits::compare(v.c_str(), w.c_str(), n))) << len << " " << shift;
        };
        compare();
        if (HasFatalFailure()) return;
        if (len) {
          for (size_t pos : {size_t{0}, len / 2, len - 1}) {
            for (char16_t u : {char16_t(w[pos] + 1), char16_t(w[pos] - 1), char16_t(0x8000), char16_t(1)}) {
              v = w;
              v[pos] = u;
              compare();
              if (HasFatalFailure()) return;
            }
          }
          v = w.substr(0, len - 1);  // shorter
          compare();
        }
      }
    }
  }
}

namespace {

struct LeafCall {
  const char* name;
  uint64_t fn, rcx, rdx, r8;
};

}  // namespace

// Run as guest code with good arguments (16 bytes and more, so the block loops run): the registers
// and vector registers Win64 keeps across a call are as they were, and the stack too.
TEST(MsvcrtLeaf, RunAsGuestCodeTheStringLeavesKeepWhatWin64Keeps) {
  static char text[200] = "A String Long Enough For The Loops: 0123456789 0123456789 0123456789 0123456789";
  static char other[200] = "a string long enough for the loops: 0123456789 0123456789 0123456789 0123456789";
  static char16_t wide[100] = u"a wide string long enough for the loops: 0123456789 0123456789";
  static char16_t wide2[100] = u"a wide string long enough for the loops: 0123456789 0123456789!";
  static char room[400];
  const auto t = reinterpret_cast<uint64_t>(text), o = reinterpret_cast<uint64_t>(other);
  const auto w = reinterpret_cast<uint64_t>(wide), w2 = reinterpret_cast<uint64_t>(wide2);
  const auto r = reinterpret_cast<uint64_t>(room);
  auto at = [](auto fn) { return reinterpret_cast<uint64_t>(fn); };
  const LeafCall calls[] = {
      {"memcmp", at(&polyrun_msvcrt_memcmp), t, o, 70},
      {"memchr", at(&polyrun_msvcrt_memchr), t, '9', 100},
      {"strnlen", at(&polyrun_msvcrt_strnlen), t, 150, 0},
      {"strncmp", at(&polyrun_msvcrt_strncmp), t + 1, o + 1, 100},
      {"_stricmp", at(&polyrun_msvcrt__stricmp), t, o, 0},
      {"_strnicmp", at(&polyrun_msvcrt__strnicmp), t, o, 100},
      {"strcpy", at(&polyrun_msvcrt_strcpy), r, t, 0},
      {"strncpy", at(&polyrun_msvcrt_strncpy), r, t, 150},
      {"strcat", at(&polyrun_msvcrt_strcat), r, t, 0},
      {"strrchr", at(&polyrun_msvcrt_strrchr), t, '0', 0},
      {"wcslen", at(&polyrun_msvcrt_wcslen), w, 0, 0},
      {"wcslen odd", at(&polyrun_msvcrt_wcslen), r + 1, 0, 0},
      {"wcscmp", at(&polyrun_msvcrt_wcscmp), w, w2, 0},
      {"wcschr", at(&polyrun_msvcrt_wcschr), w, '9', 0},
  };
  for (const LeafCall& c : calls) {
    std::memset(room, 0, sizeof room);
    std::memcpy(room, "prefix ", 7);
    Guest g;
    const uint64_t start = g.here();
    call_far(g, c.fn);
    g.host_call();
    NativeFrame f = g.frame(start);
    f.gpr[RCX] = c.rcx;
    f.gpr[RDX] = c.rdx;
    f.gpr[R8] = c.r8;
    const int kept[] = {RBX, RBP, RSI, RDI, R12, R13, R14, R15};
    for (int k : kept) f.gpr[k] = 0x1000 + k;
    for (int i = 6; i < 16; ++i) std::memset(f.xmm[i], 0x60 + i, 16);
    Recorder d;
    NativeFault fault;
    ASSERT_EQ(native_run(f, d, fault), kNativeLeave) << c.name;
    ASSERT_EQ(d.seen.size(), 1u);
    for (int k : kept) EXPECT_EQ(d.seen[0].gpr[k], 0x1000u + k) << c.name << " register " << k;
    for (int i = 6; i < 16; ++i) {
      for (int b = 0; b < 16; ++b) EXPECT_EQ(d.seen[0].xmm[i][b], 0x60 + i) << c.name << " xmm" << i;
    }
    EXPECT_EQ(d.seen[0].gpr[RSP], g.frame(0).gpr[RSP]) << c.name;
  }
}

// Each with one pointer null (or one into a page it may not read or write): the fault is in
// polyrun's leaf code, with the program's return address on top of the stack and its registers
// as they were, as a fault in msvcrt's own code.
TEST(MsvcrtLeaf, ABadPointerFaultsInsideWithTheProgramsReturnAddressOnTop) {
  static char text[64] = "some text of the program's";
  static char16_t wide[16] = u"wide text";
  static char room[64];
  const auto t = reinterpret_cast<uint64_t>(text), w = reinterpret_cast<uint64_t>(wide), r = reinterpret_cast<uint64_t>(room);
  auto at = [](auto fn) { return reinterpret_cast<uint64_t>(fn); };
  const LeafCall calls[] = {
      {"memcmp a", at(&polyrun_msvcrt_memcmp), 0, t, 5},
      {"memcmp b", at(&polyrun_msvcrt_memcmp), t, 0, 40},
      {"memchr", at(&polyrun_msvcrt_memchr), 0, 'x', 5},
      {"strnlen", at(&polyrun_msvcrt_strnlen), 0, 5, 0},
      {"strncmp a", at(&polyrun_msvcrt_strncmp), 0, t, 5},
      {"strncmp b", at(&polyrun_msvcrt_strncmp), t, 0, 5},
      {"_stricmp a", at(&polyrun_msvcrt__stricmp), 0, t, 0},
      {"_stricmp b", at(&polyrun_msvcrt__stricmp), t, 0, 0},
      {"_strnicmp", at(&polyrun_msvcrt__strnicmp), t, 0, 5},
      {"strcpy d", at(&polyrun_msvcrt_strcpy), 0, t, 0},
      {"strcpy s", at(&polyrun_msvcrt_strcpy), r, 0, 0},
      {"strncpy d", at(&polyrun_msvcrt_strncpy), 0, t, 5},
      {"strncpy s", at(&polyrun_msvcrt_strncpy), r, 0, 5},
      {"strcat d", at(&polyrun_msvcrt_strcat), 0, t, 0},
      {"strcat s", at(&polyrun_msvcrt_strcat), r, 0, 0},
      {"strrchr", at(&polyrun_msvcrt_strrchr), 0, 'x', 0},
      {"wcslen", at(&polyrun_msvcrt_wcslen), 0, 0, 0},
      {"wcslen odd", at(&polyrun_msvcrt_wcslen), 1, 0, 0},
      {"wcscmp a", at(&polyrun_msvcrt_wcscmp), 0, w, 0},
      {"wcscmp b", at(&polyrun_msvcrt_wcscmp), w, 0, 0},
      {"wcschr", at(&polyrun_msvcrt_wcschr), 0, 'x', 0},
      {"strcmp", at(&polyrun_msvcrt_strcmp), t, 0, 0},
  };
  for (const LeafCall& c : calls) {
    room[0] = 0;
    Guest g;
    const uint64_t start = g.here();
    const uint64_t ret = call_far(g, c.fn);
    NativeFrame f = g.frame(start);
    f.gpr[RCX] = c.rcx;
    f.gpr[RDX] = c.rdx;
    f.gpr[R8] = c.r8;
    f.gpr[RSI] = 0x5151;
    f.gpr[R12] = 0x1212;
    Recorder d;
    NativeFault fault;
    ASSERT_EQ(native_run(f, d, fault), kNativeFault) << c.name;
    EXPECT_LT(fault.addr, 4096u) << c.name;
    EXPECT_GE(f.rip, reinterpret_cast<uint64_t>(polyrun_msvcrt_leaf_begin)) << c.name;
    EXPECT_LT(f.rip, reinterpret_cast<uint64_t>(polyrun_msvcrt_leaf_end)) << c.name;
    uint64_t top;
    std::memcpy(&top, reinterpret_cast<const void*>(f.gpr[RSP]), 8);
    EXPECT_EQ(top, ret) << c.name;
    EXPECT_EQ(f.gpr[RSP], g.frame(0).gpr[RSP] - 8) << c.name;
    EXPECT_EQ(f.gpr[RSI], 0x5151u) << c.name;
    EXPECT_EQ(f.gpr[R12], 0x1212u) << c.name;
  }
}

TEST(MsvcrtLeaf, RunAsGuestCodeTheyKeepWhatWin64KeepsAndFaultAsALeaf) {
  const auto strlen_at = reinterpret_cast<uint64_t>(&polyrun_msvcrt_strlen);
  const auto strcmp_at = reinterpret_cast<uint64_t>(&polyrun_msvcrt_strcmp);
  const auto memcpy_at = reinterpret_cast<uint64_t>(&polyrun_msvcrt_memcpy);
  const auto memset_at = reinterpret_cast<uint64_t>(&polyrun_msvcrt_memset);
  const auto strstr_at = reinterpret_cast<uint64_t>(&polyrun_msvcrt_strstr);
  const uint64_t fns[] = {strlen_at, reinterpret_cast<uint64_t>(&polyrun_msvcrt_strchr), strcmp_at, memcpy_at, memset_at, strstr_at};
  static char text[200] = "a string long enough for the loops: 0123456789 0123456789 0123456789 0123456789";
  static char copy[200];
  for (auto fn : fns) {
    for (uint64_t n : {3u, 100u}) {
      Guest g;
      const uint64_t start = g.here();
      call_far(g, fn);
      g.host_call();
      NativeFrame f = g.frame(start);
      std::memcpy(copy, text, sizeof copy);
      f.gpr[RCX] = fn == memcpy_at || fn == memset_at ? reinterpret_cast<uint64_t>(copy) : reinterpret_cast<uint64_t>(text);
      f.gpr[RDX] = fn == strcmp_at || fn == memcpy_at ? reinterpret_cast<uint64_t>(text + 1)
                   : fn == strstr_at                   ? reinterpret_cast<uint64_t>(text + 50)
                                                       : '9';
      f.gpr[R8] = n;
      const int kept[] = {RBX, RBP, RSI, RDI, R12, R13, R14, R15};
      for (int r : kept) f.gpr[r] = 0x1000 + r;
      for (int i = 6; i < 16; ++i) std::memset(f.xmm[i], 0x60 + i, 16);
      Recorder d;
      NativeFault fault;
      ASSERT_EQ(native_run(f, d, fault), kNativeLeave);
      ASSERT_EQ(d.seen.size(), 1u);
      for (int r : kept) EXPECT_EQ(d.seen[0].gpr[r], 0x1000u + r) << "register " << r;
      for (int i = 6; i < 16; ++i) EXPECT_EQ(d.seen[0].xmm[i][5], 0x60 + i) << "xmm" << i;
      EXPECT_EQ(d.seen[0].gpr[RSP], g.frame(0).gpr[RSP]);
    }
  }
  // A bad pointer faults inside, with the program's return address on top of the stack.
  Guest g;
  const uint64_t start = g.here();
  const uint64_t target = strlen_at;
  const uint64_t ret = call_far(g, target);
  NativeFrame f = g.frame(start);
  f.gpr[RCX] = 0;
  f.gpr[RSI] = 0x5151;
  Recorder d;
  NativeFault fault;
  ASSERT_EQ(native_run(f, d, fault), kNativeFault);
  EXPECT_EQ(fault.addr, 0u);
  EXPECT_GE(f.rip, target);
  EXPECT_LT(f.rip, target + 256);
  uint64_t top;
  std::memcpy(&top, reinterpret_cast<const void*>(f.gpr[RSP]), 8);
  EXPECT_EQ(top, ret);
  EXPECT_EQ(f.gpr[RSI], 0x5151u);
}
