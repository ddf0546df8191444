/* What user code may and may not do with the CPU's control state, as under Linux: reading a
 * system control register (aarch64 SCTLR_EL1, riscv mstatus, ARM SCTLR, s390x CR0) is an illegal
 * instruction (SIGILL, ILL_ILLOPC, ILL_PRVREG or ILL_PRVOPC as the ISA's kernel says), returning
 * from an exception level (eret, mret, lpswe) too; on i386 both (mov from cr0, an iret to a null
 * code selector) are general protection faults (SIGSEGV, SI_KERNEL); the cycle counter
 * (cntvct_el0, rdcycle, ARM's CNTVCT, rdtsc, the TOD clock) is readable. ARMv7 leaves an exception
 * return in User mode UNPREDICTABLE (ARMv8's AArch32 state: undefined or a no-op), so the ARM
 * build calls the hypervisor and the secure monitor instead (hvc, smc), which User mode may not
 * either: undefined instructions there. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf back;
static volatile int code, signo;
static void on_ill(int sig, siginfo_t* si, void* uc) {
  (void)uc;
  signo = sig;
  code = si->si_code;
  siglongjmp(back, 1);
}

static void control_register(void) {
  unsigned long v = 0;
#if defined(__aarch64__)
  __asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
#elif defined(__riscv)
  __asm__ volatile("csrr %0, mstatus" : "=r"(v));
#elif defined(__arm__)
  __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));  /* SCTLR */
#elif defined(__i386__)
  __asm__ volatile("mov %%cr0, %0" : "=r"(v));
#elif defined(__s390x__)
  __asm__ volatile("stctg %%c0, %%c0, %0" : "=Q"(v));
#endif
  printf("control register read: %lx\n", v);
}

#if !defined(__arm__)
static void exception_return(void) {
#if defined(__aarch64__)
  __asm__ volatile("eret");
#elif defined(__riscv)
  __asm__ volatile("mret");
#elif defined(__i386__)
  __asm__ volatile("pushl $0x202\n\tpushl $0\n\tpushl $0\n\tiret" : : : "memory");
#elif defined(__s390x__)
  static const unsigned long psw[2] = {0x0705000180000000ul, 0};
  __asm__ volatile("lpswe %0" : : "Q"(psw));
#endif
  puts("exception return ran");
}
#else
/* hvc #0 and smc #0 (encoded here: the assembler takes them only for a CPU with those
 * extensions). */
static void hypervisor_call(void) {
#if defined(__thumb__)
  __asm__ volatile(".inst.w 0xf7e08000");
#else
  __asm__ volatile(".inst 0xe1400070");
#endif
  puts("hypervisor call ran");
}

static void secure_monitor_call(void) {
#if defined(__thumb__)
  __asm__ volatile(".inst.w 0xf7f08000");
#else
  __asm__ volatile(".inst 0xe1600070");
#endif
  puts("secure monitor call ran");
}
#endif

static unsigned long long counter(void) {
  unsigned long long v = 0;
#if defined(__aarch64__)
  __asm__ volatile("mrs %0, cntvct_el0" : "=r"(v));
#elif defined(__riscv)
  __asm__ volatile("rdcycle %0" : "=r"(v));
#elif defined(__arm__)
  __asm__ volatile("mrrc p15, 1, %Q0, %R0, c14" : "=r"(v));  /* CNTVCT */
#elif defined(__i386__)
  uint32_t lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
  v = lo;
  (void)hi;
#elif defined(__s390x__)
  __asm__ volatile("stck %0" : "=Q"(v) : : "cc");
#endif
  return v;
}

static void attempt(const char* what, void (*fn)(void)) {
  code = 0;
  if (!sigsetjmp(back, 1)) fn();
  else if (signo == SIGSEGV) printf("%s: SIGSEGV (%s)\n", what, code == SI_KERNEL ? "a general protection fault" : "other");
  else printf("%s: SIGILL (%s)\n", what, code == ILL_ILLOPC || code == ILL_PRVREG || code == ILL_PRVOPC ? "an illegal or privileged opcode" : "other");
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_ill;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  attempt("system control register", control_register);
#if defined(__arm__)
  attempt("hypervisor call", hypervisor_call);
  attempt("secure monitor call", secure_monitor_call);
#else
  attempt("exception return", exception_return);
#endif
  unsigned long long a = counter(), b = counter();
  printf("cycle counter: readable, %s\n", b >= a && (a || b) ? "counting" : "stuck");
  return 0;
}
