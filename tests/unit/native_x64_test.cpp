// The native x86-64 switch: guest code runs on the host CPU with its own registers and stack,
// comes back through a host entry (its registers in the frame, changes made there taken back into
// it), nests, and faults come back as the frame at the faulting instruction.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

#include <cstring>
#include <functional>
#include <string>
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

// ---- msvcrt's leaf functions (shims/msvcrt_x64_leaf.S): Win64 code natively running programs call
// straight from their import table ----

// As the program calls them: Win64 functions.
extern "C" {
__attribute__((ms_abi)) size_t polyrun_msvcrt_strlen(const char*);
__attribute__((ms_abi)) char* polyrun_msvcrt_strchr(const char*, int);
__attribute__((ms_abi)) int polyrun_msvcrt_strcmp(const char*, const char*);
__attribute__((ms_abi)) void* polyrun_msvcrt_memcpy(void*, const void*, size_t);
__attribute__((ms_abi)) void* polyrun_msvcrt_memset(void*, int, size_t);
__attribute__((ms_abi)) char* polyrun_msvcrt_strstr(const char*, const char*);
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
