/* CPU exceptions as the signals Linux on arm64 sends a program: smc and hvc (undefined at EL0)
 * SIGILL ILL_ILLOPC, a load-exclusive from a misaligned address SIGBUS BUS_ADRALN with that
 * address, a branch to a misaligned address SIGBUS BUS_ADRALN with the pc as address, brk SIGTRAP
 * TRAP_BRKPT; each twice (a second fault is the same fault). wfi, wfe and yield return. aarch64
 * only (the instructions are written out). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char smc_insn[], hvc_insn[], brk_insn[], ldxr_insn[], waits[];
__asm__(".text\n"
        ".global smc_insn\nsmc_insn: smc #0\n ret\n"
        ".global hvc_insn\nhvc_insn: hvc #0\n ret\n"
        ".global brk_insn\nbrk_insn: brk #7\n ret\n"
        ".global ldxr_insn\nldxr_insn: ldxr x0, [x0]\n ret\n"
        ".global waits\nwaits: wfi\n wfe\n yield\n mov x0, #7\n ret\n");

static sigjmp_buf back;
static int got_sig, got_code;
static uintptr_t got_addr, got_pc;

static void on_signal(int sig, siginfo_t* si, void* context) {
  got_sig = sig;
  got_code = si->si_code;
  got_addr = (uintptr_t)si->si_addr;
  got_pc = ((ucontext_t*)context)->uc_mcontext.pc;
  siglongjmp(back, 1);
}

static void expect(const char* what, void (*fn)(uintptr_t), uintptr_t arg, uintptr_t addr) {
  for (int round = 0; round < 2; ++round) {
    got_sig = 0;
    if (sigsetjmp(back, 1) == 0) {
      fn(arg);
      printf("%s: no signal\n", what);
      continue;
    }
    printf("%s: signal %s, code %d, address as expected: %d, pc: %s\n", what, sigabbrev_np(got_sig), got_code,
           got_addr == addr, got_pc == addr ? "the address" : got_pc == (uintptr_t)fn ? "the instruction" : "elsewhere");
  }
}

static void branch_to(uintptr_t target) { ((void (*)(void))target)(); }

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  for (int sig = 1; sig < 32; ++sig)
    if (sig != SIGKILL && sig != SIGSTOP) sigaction(sig, &sa, NULL);
  static _Alignas(16) char buf[32];
  expect("smc", (void (*)(uintptr_t))smc_insn, 0, (uintptr_t)smc_insn);
  expect("hvc", (void (*)(uintptr_t))hvc_insn, 0, (uintptr_t)hvc_insn);
  expect("brk", (void (*)(uintptr_t))brk_insn, 0, (uintptr_t)brk_insn);
  expect("misaligned ldxr", (void (*)(uintptr_t))ldxr_insn, (uintptr_t)buf + 3, (uintptr_t)buf + 3);
  uintptr_t odd = (uintptr_t)waits + 2;
  expect("branch to a misaligned pc", branch_to, odd, odd);
  printf("wfi, wfe, yield: %ld\n", ((long (*)(void))waits)());
  return 0;
}
