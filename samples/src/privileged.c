/* What user code may and may not do with the CPU's control state, as under Linux: reading a
 * system control register (aarch64 SCTLR_EL1, riscv mstatus, s390x CR0) is an illegal instruction
 * (SIGILL, ILL_ILLOPC, ILL_PRVREG or ILL_PRVOPC as the ISA's kernel says), returning from an
 * exception level (eret, mret, lpswe) too; the cycle counter (cntvct_el0, rdcycle, the TOD clock)
 * is readable. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf back;
static volatile int code;
static void on_ill(int sig, siginfo_t* si, void* uc) {
  (void)sig, (void)uc;
  code = si->si_code;
  siglongjmp(back, 1);
}

static void control_register(void) {
  unsigned long v = 0;
#if defined(__aarch64__)
  __asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
#elif defined(__riscv)
  __asm__ volatile("csrr %0, mstatus" : "=r"(v));
#elif defined(__s390x__)
  __asm__ volatile("stctg %%c0, %%c0, %0" : "=Q"(v));
#endif
  printf("control register read: %lx\n", v);
}

static void exception_return(void) {
#if defined(__aarch64__)
  __asm__ volatile("eret");
#elif defined(__riscv)
  __asm__ volatile("mret");
#elif defined(__s390x__)
  static const unsigned long psw[2] = {0x0705000180000000ul, 0};
  __asm__ volatile("lpswe %0" : : "Q"(psw));
#endif
  puts("exception return ran");
}

static unsigned long counter(void) {
  unsigned long v = 0;
#if defined(__aarch64__)
  __asm__ volatile("mrs %0, cntvct_el0" : "=r"(v));
#elif defined(__riscv)
  __asm__ volatile("rdcycle %0" : "=r"(v));
#elif defined(__s390x__)
  __asm__ volatile("stck %0" : "=Q"(v) : : "cc");
#endif
  return v;
}

static void attempt(const char* what, void (*fn)(void)) {
  code = 0;
  if (!sigsetjmp(back, 1)) fn();
  else printf("%s: SIGILL (%s)\n", what, code == ILL_ILLOPC || code == ILL_PRVREG || code == ILL_PRVOPC ? "an illegal or privileged opcode" : "other");
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_ill;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGILL, &sa, NULL);
  attempt("system control register", control_register);
  attempt("exception return", exception_return);
  unsigned long a = counter(), b = counter();
  printf("cycle counter: readable, %s\n", b >= a && (a || b) ? "counting" : "stuck");
  return 0;
}
