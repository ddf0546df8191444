#include "cpu-emu/x86_64_native_run.h"

#include "cpu-emu/cpu.h"
#include "cpu-emu/x86_64_native_direct.h"
#include "cpu-emu/x86_64_thread_pointer.h"

#include <linux/prctl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <ucontext.h>

#include <cerrno>
#include <cstring>
#include <mutex>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

extern "C" {
thread_local polyrun::cpu::NativeFrame* polyrun_native_frame = nullptr;
thread_local polyrun::cpu::HostContext* polyrun_native_host = nullptr;
thread_local int polyrun_native_in_guest = 0;
thread_local int polyrun_native_kick = 0;
thread_local int polyrun_native_direct_redo = 0;
thread_local uint64_t polyrun_native_jump = 0;  // the switch's scratch slot
}

namespace polyrun::cpu {

static_assert(kNativeDirectTableOffset == POLYRUN_NATIVE_DIRECT_TABLE);

namespace {

thread_local NativeDispatcher* current_dispatcher = nullptr;
thread_local NativeFault* current_fault = nullptr;
// A direct host call that faulted on guest memory, until the dispatcher takes it.
thread_local bool direct_faulted = false;
thread_local uint64_t direct_fault_addr = 0;
thread_local bool direct_fault_write = false;

constexpr int kFaultSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS};
struct sigaction previous[32];

// The x86 encoding order of the frame's registers, as ucontext names them.
constexpr int kGregs[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
                            REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15};

void chain(int sig, siginfo_t* si, void* context) {
  const struct sigaction& p = previous[sig];
  if (p.sa_flags & SA_SIGINFO) {
    if (p.sa_sigaction) p.sa_sigaction(sig, si, context);
    return;
  }
  if (p.sa_handler == SIG_IGN) return;
  if (p.sa_handler != SIG_DFL) {
    p.sa_handler(sig);
    return;
  }
  // The default action: taken again on return, with the handler gone.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
}

// A fault in guest code: its state goes into the frame, and the thread resumes in the switch,
// which returns kNativeFault from polyrun_native_enter. Anything else is polyrun's own fault and
// goes to the handler there was before.
// The guest's registers as the signal found them, into the frame.
void capture(const mcontext_t& m) {
  NativeFrame& f = *polyrun_native_frame;
  for (int i = 0; i < 16; ++i) f.gpr[i] = static_cast<uint64_t>(m.gregs[kGregs[i]]);
  f.rip = static_cast<uint64_t>(m.gregs[REG_RIP]);
  f.rflags = static_cast<uint64_t>(m.gregs[REG_EFL]);
  f.xstate_features = 0;
  if (m.fpregs) {
    f.mxcsr = m.fpregs->mxcsr;
    f.fpcw = m.fpregs->cwd;
    std::memcpy(f.xmm, m.fpregs->_xmm, sizeof f.xmm);
    // The rest of the state, as the kernel saved it in XSAVE's format (the software bytes in the
    // FXSAVE area's reserved part say so): guest code interrupted in a loop over YMM registers
    // (Go's memmove) must find their upper halves as they were once it resumes, and polyrun's own
    // code in between (glibc's AVX2 string functions, VZEROUPPER) changes them.
    struct SoftwareBytes {
      uint32_t magic1, extended_size;
      uint64_t xfeatures;
      uint32_t xstate_size;
    };
    SoftwareBytes sw;
    std::memcpy(&sw, reinterpret_cast<const uint8_t*>(m.fpregs) + 464, sizeof sw);
    constexpr uint32_t kXstateMagic1 = 0x46505853;  // FP_XSTATE_MAGIC1
    if (sw.magic1 == kXstateMagic1 && sw.xstate_size <= kNativeXstateMax && sw.xstate_size >= 576) {
      std::memcpy(f.xstate, m.fpregs, sw.xstate_size);
      f.xstate_features = sw.xfeatures;
    }
  }
}

// Makes the interrupted thread resume at `to` on the host stack.
void redirect(mcontext_t& m, void (*to)()) {
  m.gregs[REG_RIP] = reinterpret_cast<greg_t>(to);
  m.gregs[REG_RSP] = static_cast<greg_t>(polyrun_native_host->rsp - 8);
  m.gregs[REG_EFL] &= ~static_cast<greg_t>(0x40500);  // TF, DF and AC off for the host
}

// A host function called directly from guest code touched memory it may not (a bad pointer the
// guest gave it, or polyrun's own fault: the dispatcher tells them apart). The function is
// abandoned; the frame becomes the state of a host entry for that call (rip and rsp as after the
// call's return, the registers Win64 keeps as they were, argument registers as at the call), and
// the dispatcher is told the call faulted instead of asked to make it.
void on_direct_fault(siginfo_t* si, mcontext_t& m) {
  polyrun_native_in_guest = 0;
#if defined(__SANITIZE_ADDRESS__)
  // The abandoned frames (from the faulting one, with its red zone, up to where the host stack
  // was taken back) are the dispatcher's stack next: their scopes end here, as a longjmp's do.
  const auto sp = static_cast<uint64_t>(m.gregs[REG_RSP]) - 128;
  __asan_unpoison_memory_region(reinterpret_cast<void*>(sp), polyrun_native_host->rsp - sp);
#endif
  NativeFrame& f = *polyrun_native_frame;
  std::memcpy(&f.rip, reinterpret_cast<const void*>(f.gpr[4]), 8);
  f.gpr[4] += 8;
  f.rflags = static_cast<uint64_t>(m.gregs[REG_EFL]);
  if (m.fpregs) {  // (the function ran under the guest's floating-point controls)
    f.mxcsr = m.fpregs->mxcsr;
    f.fpcw = m.fpregs->cwd;
  }
  direct_faulted = true;
  direct_fault_addr = reinterpret_cast<uint64_t>(si->si_addr);
  direct_fault_write = (m.gregs[REG_ERR] & 2) != 0;
  redirect(m, &polyrun_native_dispatch_frame);
}

// ---- system calls of guest code (Syscall User Dispatch, Linux 5.11) ----
// A guest's `syscall` instruction would reach the host kernel with the guest's registers. With
// Syscall User Dispatch on, a system call made from outside polyrun's own code (the executable's
// text, where a static polyrun has every host function, libc's included) raises SIGSYS instead of
// running: guest code's becomes a fault whose signal says so (the CPU hands it to its system-call
// handler, as the engine does its `syscall` instruction); any other's (the vDSO's fallback) the
// handler makes itself. Only where polyrun is one static executable (Release): with shared
// libraries (the sanitizer builds) a guest's system call still reaches the kernel.
extern "C" char __executable_start[], etext[];
thread_local int8_t dispatch_selector = SYSCALL_DISPATCH_FILTER_BLOCK;
#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH 2
#endif

void dispatch_system_calls() {
  static thread_local bool done = false;
  if (done) return;
  done = true;
  const auto lo = reinterpret_cast<uint64_t>(__executable_start), hi = reinterpret_cast<uint64_t>(etext);
  auto ours = [&](const void* fn) { return reinterpret_cast<uint64_t>(fn) >= lo && reinterpret_cast<uint64_t>(fn) < hi; };
  if (!ours(reinterpret_cast<const void*>(&::syscall)) || !ours(reinterpret_cast<const void*>(&::sigaction))) return;
  ::prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, lo, hi - lo, &dispatch_selector);  // (EINVAL: an older kernel)
}

// A system call from outside the executable that is not guest code's: made here, its result in rax.
void make_system_call(siginfo_t* si, mcontext_t& m) {
  const int saved = errno;
  long r = ::syscall(si->si_syscall, m.gregs[REG_RDI], m.gregs[REG_RSI], m.gregs[REG_RDX], m.gregs[REG_R10],
                     m.gregs[REG_R8], m.gregs[REG_R9]);
  m.gregs[REG_RAX] = r == -1 ? -errno : r;
  errno = saved;
}

// `repaired`: the thread pointer was not polyrun's (guest code loaded FS) and is again.
[[gnu::noinline]] void on_fault(int sig, siginfo_t* si, void* context, bool repaired) {
  auto* uc = static_cast<ucontext_t*>(context);
  mcontext_t& m = uc->uc_mcontext;
  const auto rip = static_cast<uint64_t>(m.gregs[REG_RIP]);
  if (repaired && rip >= reinterpret_cast<uint64_t>(__executable_start) && rip < reinterpret_cast<uint64_t>(etext))
    return;  // polyrun's own access through it (a host entry's): made again, now that it is back
  if (sig == SIGSYS && si->si_code == SYS_USER_DISPATCH && polyrun_native_in_guest != kInGuest) {
    make_system_call(si, m);
    return;
  }
  if (polyrun_native_in_guest == kInDirectCall && (sig == SIGSEGV || sig == SIGBUS)) {
    on_direct_fault(si, m);
    return;
  }
  if (polyrun_native_in_guest != kInGuest) {
    chain(sig, si, context);
    return;
  }
  polyrun_native_in_guest = 0;
  capture(m);
  if (NativeFault* fault = current_fault) {
    fault->sig = sig;
    fault->code = si->si_code;
    fault->addr = reinterpret_cast<uint64_t>(si->si_addr);
    fault->error = static_cast<uint64_t>(m.gregs[REG_ERR]);
    fault->trapno = static_cast<uint64_t>(m.gregs[REG_TRAPNO]);
  }
  redirect(m, &polyrun_native_fault_return);
}

// Every fault signal's handler: the thread pointer back first (x86_64_thread_pointer.h).
[[gnu::no_stack_protector]] void on_fault_entry(int sig, siginfo_t* si, void* context) {
  const bool repaired = restore_thread_pointer();
  asm volatile("" ::: "memory");
  on_fault(sig, si, context, repaired);
}

// The interrupt signal (Cpu::interrupt from another thread): guest code stops where it is, which
// natively is always a safe point; a thread entering the guest gives up entering; a thread in
// polyrun's code notices at its next entry.
void on_kick(int, siginfo_t*, void* context) {
  if (!polyrun_native_frame || !polyrun_native_host) return;  // not running guest code at all
  mcontext_t& m = static_cast<ucontext_t*>(context)->uc_mcontext;
  const auto rip = static_cast<uint64_t>(m.gregs[REG_RIP]);
  if (rip >= reinterpret_cast<uint64_t>(&polyrun_native_load_begin) &&
      rip <= reinterpret_cast<uint64_t>(&polyrun_native_load_end)) {
    redirect(m, &polyrun_native_interrupt_return);  // the frame still holds the guest's state
    return;
  }
  if (polyrun_native_in_guest != kInGuest) {  // in polyrun, or in a direct call (noticed at its return)
    polyrun_native_kick = 1;
    return;
  }
  polyrun_native_in_guest = 0;
  capture(m);
  redirect(m, &polyrun_native_interrupt_return);
}

void install_fault_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int sig : kFaultSignals) {
      struct sigaction sa {};
      sa.sa_sigaction = on_fault_entry;
      sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
      sigemptyset(&sa.sa_mask);
      sigaddset(&sa.sa_mask, kNativeInterruptSignal);
      ::sigaction(sig, &sa, &previous[sig]);
    }
    struct sigaction sa {};
    sa.sa_sigaction = with_thread_pointer<on_kick>;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    ::sigaction(kNativeInterruptSignal, &sa, nullptr);
  });
}

// A fault of guest code may be its stack overflowing: the handler runs on a stack of its own,
// one per thread (kept for the thread's life), unless the thread has one already.
void ensure_signal_stack() {
  static thread_local bool done = false;
  if (done) return;
  done = true;
  stack_t current{};
  if (::sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
  constexpr size_t kSize = 64 * 1024;
  void* mem = ::mmap(nullptr, kSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (mem == MAP_FAILED) return;
  stack_t ss{};
  ss.ss_sp = mem;
  ss.ss_size = kSize;
  ::sigaltstack(&ss, nullptr);
}

}  // namespace

int native_run(NativeFrame& frame, NativeDispatcher& dispatcher, NativeFault& fault) {
  install_fault_handlers();
  ensure_signal_stack();
  remember_thread_pointer();
  dispatch_system_calls();
  NativeFrame* outer_frame = polyrun_native_frame;
  HostContext* outer_host = polyrun_native_host;
  NativeDispatcher* outer_dispatcher = current_dispatcher;
  NativeFault* outer_fault = current_fault;
  HostContext host{};
  polyrun_native_frame = &frame;
  polyrun_native_host = &host;
  current_dispatcher = &dispatcher;
  current_fault = &fault;
  int r = polyrun_native_enter(&frame, &host);
  polyrun_native_frame = outer_frame;
  polyrun_native_host = outer_host;
  current_dispatcher = outer_dispatcher;
  current_fault = outer_fault;
  return r;
}

bool take_direct_fault(uint64_t& addr, bool& write) {
  if (!direct_faulted) return false;
  direct_faulted = false;
  addr = direct_fault_addr;
  write = direct_fault_write;
  return true;
}

}  // namespace polyrun::cpu

extern "C" int polyrun_native_dispatch(polyrun::cpu::NativeFrame* frame) {
  return polyrun::cpu::current_dispatcher->on_host_entry(*frame);
}
