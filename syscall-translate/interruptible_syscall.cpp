// The x86-64 host's interruptible syscall (interruptible_syscall.h): the pending check and the
// syscall instruction between two labels the host signal handler compares the interrupted
// instruction pointer with.
#include "syscall-translate/interruptible_syscall.h"

#include <signal.h>
#include <ucontext.h>

#if !defined(__x86_64__)
#error "the interruptible syscall is written for an x86-64 host"
#endif

static_assert(sizeof(std::atomic<bool>) == 1 && std::atomic<bool>::is_always_lock_free,
              "the pending flag is read as one byte");
static_assert(polyrun::linux_abi::kNotStarted == -512, "the return below");

extern "C" {
long polyrun_interruptible_syscall(const void* pending, long nr, long a1, long a2, long a3, long a4, long a5, long a6);
extern const char polyrun_interruptible_window[], polyrun_interruptible_window_end[], polyrun_interruptible_not_started[];
}

// SysV arguments: rdi pending, rsi nr, rdx a1, rcx a2, r8 a3, r9 a4, then a5 and a6 on the stack.
// Kernel arguments: rax nr, rdi, rsi, rdx, r10, r8, r9. The window runs from the pending check up
// to and including the syscall instruction: a signal there means the syscall has not started (or
// the kernel is about to restart it, with the instruction pointer back on the syscall
// instruction); from the window's end on, the kernel has answered.
asm(R"(
  .text
  .globl polyrun_interruptible_syscall
  .type polyrun_interruptible_syscall, @function
polyrun_interruptible_syscall:
  .cfi_startproc
  push %rbp
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %rbp, 0
  mov %rdi, %rbp
  mov %rsi, %rax
  mov %rdx, %rdi
  mov %rcx, %rsi
  mov %r8, %rdx
  mov %r9, %r10
  mov 16(%rsp), %r8
  mov 24(%rsp), %r9
  .globl polyrun_interruptible_window
polyrun_interruptible_window:
  cmpb $0, (%rbp)
  jne polyrun_interruptible_not_started
  syscall
  .globl polyrun_interruptible_window_end
polyrun_interruptible_window_end:
  .cfi_remember_state
  pop %rbp
  .cfi_adjust_cfa_offset -8
  .cfi_restore %rbp
  ret
  .cfi_restore_state
  .globl polyrun_interruptible_not_started
polyrun_interruptible_not_started:
  mov $-512, %rax
  pop %rbp
  .cfi_adjust_cfa_offset -8
  .cfi_restore %rbp
  ret
  .cfi_endproc
  .size polyrun_interruptible_syscall, .-polyrun_interruptible_syscall
)");

namespace polyrun::linux_abi {

int64_t interruptible_syscall(const std::atomic<bool>& pending, long nr, long a1, long a2, long a3, long a4, long a5,
                              long a6) {
  return polyrun_interruptible_syscall(&pending, nr, a1, a2, a3, a4, a5, a6);
}

void interrupt_syscall_before_it_blocks(void* ucontext) {
  if (!ucontext) return;
  greg_t& rip = static_cast<ucontext_t*>(ucontext)->uc_mcontext.gregs[REG_RIP];
  auto at = static_cast<uintptr_t>(rip);
  if (at >= reinterpret_cast<uintptr_t>(polyrun_interruptible_window) &&
      at < reinterpret_cast<uintptr_t>(polyrun_interruptible_window_end))
    rip = static_cast<greg_t>(reinterpret_cast<uintptr_t>(polyrun_interruptible_not_started));
}

}  // namespace polyrun::linux_abi
