/* CPU exceptions as the signals Linux on riscv64 sends a program: ebreak and c.ebreak SIGTRAP
 * TRAP_BRKPT, an all-zero (illegal) instruction SIGILL ILL_ILLOPC, misaligned LR.W and AMOADD.D
 * SIGBUS BUS_ADRALN (Linux reports these at the pc: si_addr is the instruction's address, as
 * arch/riscv/kernel/traps.c gives it); each twice (a second fault is the same fault). User code
 * runs in U-mode: machine and supervisor CSRs, mret, sret, wfi and sfence.vma are illegal
 * instructions; the cycle, time and instret counters, fence.i and fence run. riscv64 only (the
 * instructions are written out). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

__asm__(".text\n.option push\n.option norvc\n"
        ".global ebreak_insn\nebreak_insn: ebreak\n ret\n"
        ".global zero_insn\nzero_insn: .4byte 0\n ret\n"
        ".global lr_insn\nlr_insn: lr.w a0, (a0)\n ret\n"
        ".global amo_insn\namo_insn: amoadd.d a0, a1, (a0)\n ret\n"
        ".global csr_mstatus\ncsr_mstatus: csrr a0, mstatus\n ret\n"
        ".global csr_sstatus\ncsr_sstatus: csrr a0, sstatus\n ret\n"
        ".global csr_satp\ncsr_satp: csrw satp, zero\n ret\n"
        ".global mret_insn\nmret_insn: mret\n ret\n"
        ".global sret_insn\nsret_insn: sret\n ret\n"
        ".global wfi_insn\nwfi_insn: wfi\n ret\n"
        ".global sfence_insn\nsfence_insn: sfence.vma\n ret\n"
        ".global user_system\nuser_system: rdcycle a1\n rdtime a2\n rdinstret a3\n fence.i\n fence rw, rw\n"
        " li a0, 7\n ret\n"
        ".option pop\n"
        ".global cebreak_insn\ncebreak_insn: c.ebreak\n ret\n");
extern char ebreak_insn[], cebreak_insn[], zero_insn[], lr_insn[], amo_insn[], csr_mstatus[], csr_sstatus[], csr_satp[],
    mret_insn[], sret_insn[], wfi_insn[], sfence_insn[], user_system[];

static sigjmp_buf back;
static int got_sig, got_code;
static uintptr_t got_addr, got_pc;

static void on_signal(int sig, siginfo_t* si, void* context) {
  got_sig = sig;
  got_code = si->si_code;
  got_addr = (uintptr_t)si->si_addr;
  got_pc = ((ucontext_t*)context)->uc_mcontext.__gregs[REG_PC];
  siglongjmp(back, 1);
}

static void expect(const char* what, char* insn, uintptr_t arg) {
  for (int round = 0; round < 2; ++round) {
    got_sig = 0;
    if (sigsetjmp(back, 1) == 0) {
      ((void (*)(uintptr_t, uintptr_t))insn)(arg, 1);
      printf("%s: no signal\n", what);
      continue;
    }
    printf("%s: signal %s, code %d, address the instruction's: %d, pc: %s\n", what, sigabbrev_np(got_sig), got_code,
           got_addr == (uintptr_t)insn, got_pc == (uintptr_t)insn ? "the instruction" : "elsewhere");
  }
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  for (int sig = 1; sig < 32; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &sa, NULL);
  static _Alignas(16) char buf[32];
  expect("ebreak", ebreak_insn, 0);
  expect("c.ebreak", cebreak_insn, 0);
  expect("illegal (all zero)", zero_insn, 0);
  expect("misaligned lr.w", lr_insn, (uintptr_t)buf + 2);
  expect("misaligned amoadd.d", amo_insn, (uintptr_t)buf + 4);
  static const struct {
    const char* what;
    char* insn;
  } privileged[] = {
      {"csrr mstatus", csr_mstatus}, {"csrr sstatus", csr_sstatus}, {"csrw satp", csr_satp},
      {"mret", mret_insn},           {"sret", sret_insn},           {"wfi", wfi_insn},
      {"sfence.vma", sfence_insn},
  };
  for (size_t i = 0; i < sizeof privileged / sizeof privileged[0]; ++i)
    expect(privileged[i].what, privileged[i].insn, (uintptr_t)buf);
  printf("U-mode counters and fences: %ld\n", ((long (*)(void))user_system)());
  return 0;
}
