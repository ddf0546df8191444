/* Signals delivered to handlers: faults recovered with siglongjmp, a handler that edits its
 * ucontext and returns, alarm and interval timers interrupting a blocking read (with and without
 * SA_RESTART) and a computing loop, sigaltstack after a stack overflow, masks and pending signals,
 * sigsuspend, sigtimedwait, signalfd, a signal aimed at one thread, SIGCHLD, SA_RESETHAND, and
 * FP/SIMD registers kept across a handler. Each step prints what it saw. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "sample_check.h"

static sigjmp_buf jump;
static volatile sig_atomic_t hits, last_sig, last_code;
static void* volatile last_addr;

static void install(int sig, void (*fn)(int, siginfo_t*, void*), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fn;
  sa.sa_flags = SA_SIGINFO | flags;
  sigemptyset(&sa.sa_mask);
  check(sigaction(sig, &sa, NULL) == 0, "sigaction");
}

static void recover(int sig, siginfo_t* si, void* uc) {
  (void)uc;
  last_sig = sig;
  last_code = si->si_code;
  last_addr = si->si_addr;
  siglongjmp(jump, 1);
}

static void faults(void) {
  install(SIGSEGV, recover, 0);
  if (sigsetjmp(jump, 1) == 0) {
    volatile int* p = (volatile int*)16;
    printf("read: %d\n", *p);
  }
  printf("null read: signal %s, code %s, address %p\n", sigabbrev_np(last_sig),
         last_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other", last_addr);

  char* ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  check(ro != MAP_FAILED, "mmap");
  if (sigsetjmp(jump, 1) == 0) ro[100] = 1;
  printf("read-only write: signal %s, code %s, at the page + %ld\n", sigabbrev_np(last_sig),
         last_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other", (long)((char*)last_addr - ro));

  /* The mask saved by sigsetjmp(…, 1) came back: SIGSEGV is deliverable again. */
  sigset_t now;
  sigprocmask(SIG_SETMASK, NULL, &now);
  printf("SIGSEGV blocked after siglongjmp: %s\n", sigismember(&now, SIGSEGV) ? "yes" : "no");
  signal(SIGSEGV, SIG_DFL);
  munmap(ro, 4096);
}

#if defined(__arm__)
/* Routines in a given instruction set, whatever the program is built for.
 * arm_store_from_it_block(counter, where), Thumb: branches to ARM code from the end of an If-Then
 * block (it eq; blxeq), which adds 1 to the counter, stores it, adds 10 and returns it.
 * arm_*, thumb_*: r0 = 1, one instruction at the label NAME_at, return r0. */
long arm_store_from_it_block(long counter, void* where);
long arm_udf(void), arm_udf_brk(void), arm_bkpt(void);
long thumb_udf(void), thumb_udf_brk(void), thumb_udfw_brk(void), thumb_bkpt(void);
extern char arm_udf_at[], arm_udf_brk_at[], arm_bkpt_at[];
extern char thumb_udf_at[], thumb_udf_brk_at[], thumb_udfw_brk_at[], thumb_bkpt_at[];
#define ARM_ROUTINE(name, insn) \
  ".global " #name "\n.type " #name ", %function\n.balign 4\n" #name ":\nmov r0, #1\n" \
  ".global " #name "_at\n" #name "_at: " insn "\nbx lr\n"
#define THUMB_ROUTINE(name, insn) \
  ".global " #name "\n.type " #name ", %function\n.thumb_func\n" #name ":\nmovs r0, #1\n" \
  ".global " #name "_at\n" #name "_at: " insn "\nbx lr\n"
__asm__(".pushsection .text\n.syntax unified\n"
        ".thumb\n.global arm_store_from_it_block\n.type arm_store_from_it_block, %function\n.thumb_func\n"
        "arm_store_from_it_block:\npush {r4, lr}\ncmp r0, r0\nit eq\nblxeq arm_store\npop {r4, pc}\n"
        ".arm\n.balign 4\narm_store:\nadd r0, r0, #1\nstr r0, [r1]\nadd r0, r0, #10\nbx lr\n"
        ARM_ROUTINE(arm_udf, ".inst 0xe7f000f0")      /* udf #0 */
        ARM_ROUTINE(arm_udf_brk, ".inst 0xe7f001f0")  /* udf #16 */
        ARM_ROUTINE(arm_bkpt, "bkpt #0x23")
        ".thumb\n"
        THUMB_ROUTINE(thumb_udf, ".inst.n 0xde00")          /* udf #0 */
        THUMB_ROUTINE(thumb_udf_brk, ".inst.n 0xde01")      /* udf #1 */
        THUMB_ROUTINE(thumb_udfw_brk, ".inst.w 0xf7f0a000") /* udf.w #0 */
        THUMB_ROUTINE(thumb_bkpt, "bkpt #0x23")
        ".popsection\n"
#if defined(__thumb__)
        ".thumb\n"
#else
        ".arm\n"
#endif
);
#endif

/* A handler that makes the page writable and returns: the faulting instruction runs again, and
 * only it (the instructions before it in its block ran once). */
static void unprotect(int sig, siginfo_t* si, void* uc) {
  (void)sig, (void)uc;
  ++hits;
  mprotect((void*)((uintptr_t)si->si_addr & ~(uintptr_t)4095), 4096, PROT_READ | PROT_WRITE);
}

static void fault_and_resume(void) {
  hits = 0;
  install(SIGSEGV, unprotect, 0);
  char* page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  check(page != MAP_FAILED, "mmap");
  long counter = 0, after;
#if defined(__aarch64__)
  __asm__ volatile("add %0, %0, #1\n\tstr %0, [%2]\n\tadd %0, %0, #10\n\tmov %1, %0"
                   : "+r"(counter), "=r"(after) : "r"(page + 64) : "memory");
#elif defined(__riscv)
  __asm__ volatile("addi %0, %0, 1\n\tsd %0, 0(%2)\n\taddi %0, %0, 10\n\tmv %1, %0"
                   : "+r"(counter), "=r"(after) : "r"(page + 64) : "memory");
#elif defined(__arm__)
  __asm__ volatile("add %0, %0, #1\n\tstr %0, [%2]\n\tadd %0, %0, #10\n\tmov %1, %0"
                   : "+r"(counter), "=r"(after) : "r"(page + 64) : "memory");
#elif defined(__i386__)
  __asm__ volatile("add $1, %0\n\tmov %0, (%2)\n\tadd $10, %0\n\tmov %0, %1"
                   : "+r"(counter), "=r"(after) : "r"(page + 64) : "memory", "cc");
#elif defined(__s390x__)
  __asm__ volatile("aghi %0, 1\n\tstg %0, 0(%2)\n\taghi %0, 10\n\tlgr %1, %0"
                   : "+d"(counter), "=d"(after) : "a"(page + 64) : "memory", "cc");
#endif
  printf("store resumed after the handler: counter %ld, stored %ld, faults %d\n", after,
         *(long*)(page + 64), (int)hits);
#if defined(__arm__)
  /* The same in ARM state, entered from Thumb code by a branch that ends an If-Then block (as
   * Thumb library code returns to ARM code), whichever state the program is built for. */
  hits = 0;
  mprotect(page, 4096, PROT_READ);
  after = arm_store_from_it_block(0, page + 128);
  printf("store in ARM state resumed after the handler: counter %ld, stored %ld, faults %d\n", after,
         *(long*)(page + 128), (int)hits);
#endif
  signal(SIGSEGV, SIG_DFL);
  munmap(page, 4096);
}

/* An undefined instruction whose handler sets the first argument register (x0, a0, r0; i386: eax)
 * and steps over it (x86's int3 leaves the pc after it already). */
#if defined(__arm__)
static void* volatile last_pc;
#endif
static void fix_and_skip(int sig, siginfo_t* si, void* ucv) {
  ucontext_t* uc = ucv;
  last_sig = sig;
  last_code = si->si_code;
  last_addr = si->si_addr;
#if defined(__aarch64__)
  uc->uc_mcontext.regs[0] = 42;
  uc->uc_mcontext.pc += 4;
#elif defined(__riscv)
  uc->uc_mcontext.__gregs[REG_A0] = 42;
  uc->uc_mcontext.__gregs[REG_PC] += 4;
#elif defined(__arm__)
  /* 4 bytes in ARM state; in Thumb state 2, or 4 where the first halfword begins 0b11101, 0b11110
   * or 0b11111. */
  const uint16_t first = *(const uint16_t*)uc->uc_mcontext.arm_pc;
  last_pc = (void*)uc->uc_mcontext.arm_pc;
  uc->uc_mcontext.arm_r0 = 42;
  uc->uc_mcontext.arm_pc += !(uc->uc_mcontext.arm_cpsr & 0x20) || first >> 11 >= 0x1d ? 4 : 2;
#elif defined(__i386__)
  uc->uc_mcontext.gregs[REG_EAX] = 42;
  if (sig == SIGILL) uc->uc_mcontext.gregs[REG_EIP] += 2;  /* ud2 */
#elif defined(__s390x__)
  uc->uc_mcontext.gregs[2] = 42;  // (the PSW already points past an operation exception's instruction)
#endif
}

static void edit_context(void) {
  install(SIGILL, fix_and_skip, 0);
  install(SIGTRAP, fix_and_skip, 0);
  long x = 1;
#if defined(__aarch64__)
  __asm__ volatile("mov x0, #1\n\t.inst 0x00000000\n\tmov %0, x0" : "=r"(x) : : "x0");
#elif defined(__riscv)
  __asm__ volatile("li a0, 1\n\t.4byte 0\n\tmv %0, a0" : "=r"(x) : : "a0");
#elif defined(__arm__) && defined(__thumb__)
  __asm__ volatile("movs r0, #1\n\t.inst.n 0xde00\n\tmov %0, r0" : "=r"(x) : : "r0", "cc");  /* udf #0 */
#elif defined(__arm__)
  __asm__ volatile("mov r0, #1\n\t.inst 0xe7f000f0\n\tmov %0, r0" : "=r"(x) : : "r0");  /* udf #0 */
#elif defined(__i386__)
  __asm__ volatile("mov $1, %%eax\n\tud2\n\tmov %%eax, %0" : "=r"(x) : : "eax");
#elif defined(__s390x__)
  __asm__ volatile("lghi %%r2, 1\n\t.short 0\n\tlgr %0, %%r2" : "=d"(x) : : "r2");
#endif
  printf("udf: signal %s (%s), x0 after the handler %ld\n", sigabbrev_np(last_sig),
         last_code == ILL_ILLOPC ? "ILL_ILLOPC" : last_code == ILL_ILLOPN ? "ILL_ILLOPN" : "other", x);
  x = 1;
#if defined(__aarch64__)
  __asm__ volatile("mov x0, #7\n\tbrk #0x123\n\tmov %0, x0" : "=r"(x) : : "x0");
#elif defined(__riscv)
  __asm__ volatile("li a0, 7\n\t.option push\n\t.option norvc\n\tebreak\n\t.option pop\n\tmv %0, a0" : "=r"(x) : : "a0");
#elif defined(__arm__) && defined(__thumb__)
  /* The breakpoint Linux's ptrace plants, udf #1 in Thumb state: SIGTRAP as for brk. */
  __asm__ volatile("movs r0, #7\n\t.inst.n 0xde01\n\tmov %0, r0" : "=r"(x) : : "r0", "cc");
#elif defined(__arm__)
  __asm__ volatile("mov r0, #7\n\t.inst 0xe7f001f0\n\tmov %0, r0" : "=r"(x) : : "r0");  /* udf #16 */
#elif defined(__i386__)
  __asm__ volatile("mov $7, %%eax\n\tint3\n\tmov %%eax, %0" : "=r"(x) : : "eax");
#elif defined(__s390x__)
  /* s390x has no breakpoint instruction: 0x0001, the debuggers' one, is an operation exception,
   * SIGILL for a program nobody traces. */
  __asm__ volatile("lghi %%r2, 7\n\t.short 1\n\tlgr %0, %%r2" : "=d"(x) : : "r2");
#endif
  printf("brk: signal %s (%s), x0 after the handler %ld\n", sigabbrev_np(last_sig),
         last_code == TRAP_BRKPT ? "TRAP_BRKPT" : last_code == SI_KERNEL ? "SI_KERNEL" : "other", x);
#if defined(__arm__)
  /* In both instruction sets: undefined instructions (SIGILL), the ones Linux keeps as breakpoints
   * (SIGTRAP, TRAP_BRKPT), and bkpt, a debug event Linux reports with TRAP_HWBKPT (its si_addr is
   * the IFAR, which the architecture leaves unknown for a bkpt). */
  static const struct {
    const char* what;
    long (*run)(void);
    const char* at;
  } traps[] = {
      {"ARM udf #0", arm_udf, arm_udf_at},
      {"ARM udf #16 (Linux's breakpoint)", arm_udf_brk, arm_udf_brk_at},
      {"ARM bkpt", arm_bkpt, arm_bkpt_at},
      {"Thumb udf #0", thumb_udf, thumb_udf_at},
      {"Thumb udf #1 (Linux's breakpoint)", thumb_udf_brk, thumb_udf_brk_at},
      {"Thumb udf.w #0 (Linux's breakpoint)", thumb_udfw_brk, thumb_udfw_brk_at},
      {"Thumb bkpt", thumb_bkpt, thumb_bkpt_at},
  };
  for (size_t i = 0; i < sizeof traps / sizeof traps[0]; ++i) {
    last_sig = 0, last_code = 0, last_addr = NULL, last_pc = NULL;
    x = traps[i].run();
    const uintptr_t at = (uintptr_t)traps[i].at & ~(uintptr_t)1;
    const char* code = last_sig == SIGILL && last_code == ILL_ILLOPC    ? "ILL_ILLOPC"
                       : last_sig == SIGTRAP && last_code == TRAP_BRKPT  ? "TRAP_BRKPT"
                       : last_sig == SIGTRAP && last_code == TRAP_HWBKPT ? "TRAP_HWBKPT"
                                                                         : "other";
    printf("%s: signal %s (%s), pc at it: %s, si_addr at it: %s, r0 after the handler %ld\n", traps[i].what,
           sigabbrev_np(last_sig), code, (uintptr_t)last_pc == at ? "yes" : "no",
           last_sig == SIGTRAP && last_code == TRAP_HWBKPT ? "-" : (uintptr_t)last_addr == at ? "yes" : "no", x);
  }
#endif
  signal(SIGILL, SIG_DFL);
  signal(SIGTRAP, SIG_DFL);
}

static int pipe_fds[2];
static void on_alarm(int sig, siginfo_t* si, void* uc) {
  (void)si, (void)uc;
  ++hits;
  last_sig = sig;
}
static void on_alarm_write(int sig, siginfo_t* si, void* uc) {
  (void)si, (void)uc;
  ++hits;
  last_sig = sig;
  check(write(pipe_fds[1], "x", 1) == 1, "write from the handler");
}

static void interrupted_read(void) {
  check(pipe(pipe_fds) == 0, "pipe");
  char c;
  hits = 0;
  install(SIGALRM, on_alarm, 0);
  alarm(1);
  ssize_t n = read(pipe_fds[0], &c, 1);
  printf("read without SA_RESTART: %zd %s, handler ran %d time(s)\n", n, err(n), (int)hits);

  hits = 0;
  install(SIGALRM, on_alarm_write, SA_RESTART);
  struct itimerval it = {{0, 0}, {0, 200000}};
  check(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer");
  n = read(pipe_fds[0], &c, 1);
  printf("read with SA_RESTART: %zd %s '%c', handler ran %d time(s)\n", n, err(n), n == 1 ? c : '?', (int)hits);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
}

/* A POSIX timer's signal (a real-time one) carries the timer's value to the handler. */
static volatile int timer_value;
static void on_timer(int sig, siginfo_t* si, void* uc) {
  (void)uc;
  ++hits;
  last_sig = sig;
  last_code = si->si_code;
  timer_value = si->si_value.sival_int;
}

static void posix_timer(void) {
  hits = 0;
  install(SIGRTMIN + 1, on_timer, 0);
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = SIGRTMIN + 1;
  ev.sigev_value.sival_int = 77;
  timer_t id;
  check(timer_create(CLOCK_MONOTONIC, &ev, &id) == 0, "timer_create");
  struct itimerspec its = {{0, 0}, {0, 30000000}};
  check(timer_settime(id, 0, &its, NULL) == 0, "timer_settime");
  struct timespec ts = {2, 0};
  int r = nanosleep(&ts, &ts);
  printf("timer_create: nanosleep %d %s, SIGRTMIN+%d, code %s, value %d, handler ran %d time(s)\n", r, err(r),
         (int)last_sig - SIGRTMIN, last_code == SI_TIMER ? "SI_TIMER" : "other", timer_value, (int)hits);
  timer_delete(id);
  signal(SIGRTMIN + 1, SIG_DFL);
}

/* A loop with no syscall at all until a timer's handler ends it; FP registers live across. */
static volatile int stop_loop;
static void on_tick(int sig, siginfo_t* si, void* uc) {
  (void)sig, (void)si, (void)uc;
  volatile double clobber = 0;
  for (int i = 0; i < 100; ++i) clobber += i * 0.5;  /* the handler uses FP registers too */
  /* A tick that comes after the loop was told to stop (a slow machine) is not counted. */
  if (!stop_loop && ++hits >= 3) stop_loop = 1;
}

static void computing_loop(void) {
  hits = 0;
  install(SIGALRM, on_tick, SA_RESTART);
  struct itimerval it = {{0, 20000}, {0, 20000}};
  check(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer");
  double a = 1.0, b = 0.0;
  unsigned long rounds = 0;
  while (!stop_loop) {
    b += a;
    a *= 1.0000001;
    if (a > 2.0) a = 1.0;
    ++rounds;
  }
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  printf("computing loop ended by the timer's handler after %d ticks; FP state sane: %s\n", (int)hits,
         a >= 1.0 && a <= 2.0 && b > 0 && rounds > 0 ? "yes" : "no");
  signal(SIGALRM, SIG_DFL);
}

static int depth(int n) {
  volatile char pad[256];
  pad[0] = (char)n;
  return depth(n + 1) + pad[0];
}

static void overflow(void) {
  static char alt[64 * 1024];
  stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
  check(sigaltstack(&ss, NULL) == 0, "sigaltstack");
  install(SIGSEGV, recover, SA_ONSTACK);
  if (sigsetjmp(jump, 1) == 0) printf("%d\n", depth(0));
  printf("stack overflow: %s caught on the alternate stack, recovered\n", sigabbrev_np(last_sig));
  stack_t cur;
  check(sigaltstack(NULL, &cur) == 0, "sigaltstack query");
  printf("alternate stack: %s, size %zu, %s\n", cur.ss_sp == alt ? "ours" : "other", cur.ss_size,
         cur.ss_flags & SS_ONSTACK ? "in use" : "not in use");
  signal(SIGSEGV, SIG_DFL);
  /* The smallest alternate stack the kernel takes is its own MINSIGSTKSZ (the UAPI header's:
   * arm64 5120, riscv 2048; the C library's MINSIGSTKSZ may be larger). */
#if defined(__aarch64__)
  const size_t kernel_min = 5120;
#else
  const size_t kernel_min = 2048;
#endif
  stack_t small = {.ss_sp = alt, .ss_size = kernel_min - 1, .ss_flags = 0};
  int less = sigaltstack(&small, NULL);
  int less_errno = errno;
  small.ss_size = kernel_min;
  int exact = sigaltstack(&small, NULL);
  printf("sigaltstack of the kernel's MINSIGSTKSZ - 1 bytes: %s, of MINSIGSTKSZ: %s\n",
         less ? strerrorname_np(less_errno) : "taken", exact ? strerrorname_np(errno) : "taken");
  ss.ss_size = sizeof alt;
  check(sigaltstack(&ss, NULL) == 0, "sigaltstack back");
}

static volatile pid_t handler_tid;
static void on_usr(int sig, siginfo_t* si, void* uc) {
  (void)uc;
  last_sig = sig;
  last_code = si->si_code;
  handler_tid = (pid_t)syscall(SYS_gettid);
  if (si->si_pid != getpid()) last_code = 999;
  /* Last, after what it describes: another thread waits for hits and then reads the rest. */
  __atomic_fetch_add(&hits, 1, __ATOMIC_RELEASE);
}

static void masks(void) {
  hits = 0;
  install(SIGUSR1, on_usr, 0);
  raise(SIGUSR1);
  printf("raise: handler ran %d time(s), code %s\n", (int)hits, last_code == SI_TKILL ? "SI_TKILL" : "other");

  sigset_t block, old, pend;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &old);
  hits = 0;
  kill(getpid(), SIGUSR1);
  sigpending(&pend);
  printf("blocked: handler ran %d time(s), pending %s\n", (int)hits, sigismember(&pend, SIGUSR1) ? "yes" : "no");
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("unblocked: handler ran %d time(s), code %s\n", (int)hits, last_code == SI_USER ? "SI_USER" : "other");

  /* sigsuspend: wait with SIGALRM unblocked, get EINTR, the old mask back. */
  sigset_t alrm;
  sigemptyset(&alrm);
  sigaddset(&alrm, SIGALRM);
  sigprocmask(SIG_BLOCK, &alrm, &old);
  install(SIGALRM, on_alarm, 0);
  hits = 0;
  struct itimerval it = {{0, 0}, {0, 50000}};
  setitimer(ITIMER_REAL, &it, NULL);
  sigset_t wait_mask;
  sigemptyset(&wait_mask);
  int r = sigsuspend(&wait_mask);
  sigset_t after;
  sigprocmask(SIG_SETMASK, NULL, &after);
  printf("sigsuspend: %d %s, handler ran %d time(s), SIGALRM blocked again: %s\n", r, err(r), (int)hits,
         sigismember(&after, SIGALRM) ? "yes" : "no");
  /* pselect: SIGALRM blocked but for the wait, as a program waiting for descriptors and timers does. */
  hits = 0;
  setitimer(ITIMER_REAL, &it, NULL);
  struct timespec two = {2, 0};
  r = pselect(0, NULL, NULL, NULL, &two, &wait_mask);
  sigprocmask(SIG_SETMASK, NULL, &after);
  printf("pselect: %d %s, handler ran %d time(s), SIGALRM blocked again: %s\n", r, err(r), (int)hits,
         sigismember(&after, SIGALRM) ? "yes" : "no");
  sigprocmask(SIG_SETMASK, &old, NULL);
  signal(SIGALRM, SIG_DFL);

  /* sigtimedwait takes a blocked signal without its handler. */
  sigprocmask(SIG_BLOCK, &block, &old);
  hits = 0;
  union sigval v = {.sival_int = 1234};
  sigqueue(getpid(), SIGUSR1, v);
  siginfo_t si;
  struct timespec ts = {1, 0};
  int got = sigtimedwait(&block, &si, &ts);
  printf("sigtimedwait: %s, value %d, code %s, handler ran %d time(s)\n", got > 0 ? sigabbrev_np(got) : "none",
         si.si_value.sival_int, si.si_code == SI_QUEUE ? "SI_QUEUE" : "other", (int)hits);
  ts.tv_sec = 0;
  ts.tv_nsec = 1000000;
  got = sigtimedwait(&block, &si, &ts);
  printf("sigtimedwait with nothing pending: %d %s\n", got, err(got));

  /* signalfd reads a blocked signal. */
  int sfd = signalfd(-1, &block, SFD_CLOEXEC);
  check(sfd >= 0, "signalfd");
  raise(SIGUSR1);
  struct signalfd_siginfo fi;
  ssize_t n = read(sfd, &fi, sizeof fi);
  printf("signalfd: read %zd bytes, signal %s, from this process: %s\n", n, sigabbrev_np((int)fi.ssi_signo),
         fi.ssi_pid == (uint32_t)getpid() ? "yes" : "no");
  close(sfd);
  sigprocmask(SIG_SETMASK, &old, NULL);
  signal(SIGUSR1, SIG_DFL);
}

static volatile pid_t worker_tid;
static volatile int worker_go;
static void* worker(void* arg) {
  (void)arg;
  worker_tid = (pid_t)syscall(SYS_gettid);
  while (!worker_go) usleep(1000);
  return NULL;
}

static void thread_directed(void) {
  hits = 0;
  install(SIGUSR2, on_usr, 0);
  /* The main thread blocks SIGUSR2: a signal for the process can only go to the worker. */
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  pthread_t t;
  check(pthread_create(&t, NULL, worker, NULL) == 0, "pthread_create");
  while (!worker_tid) usleep(1000);
  check(pthread_kill(t, SIGUSR2) == 0, "pthread_kill");
  while (!__atomic_load_n(&hits, __ATOMIC_ACQUIRE)) usleep(1000);
  printf("pthread_kill: handler ran on the target thread: %s\n", handler_tid == worker_tid ? "yes" : "no");
  sigprocmask(SIG_BLOCK, &block, &old);
  hits = 0;
  kill(getpid(), SIGUSR2);
  while (!__atomic_load_n(&hits, __ATOMIC_ACQUIRE)) usleep(1000);
  printf("kill with the main thread blocking it: handled by the worker: %s\n", handler_tid == worker_tid ? "yes" : "no");
  worker_go = 1;
  pthread_join(t, NULL);
  sigprocmask(SIG_SETMASK, &old, NULL);
  signal(SIGUSR2, SIG_DFL);
}

static volatile pid_t chld_pid;
static void on_chld(int sig, siginfo_t* si, void* uc) {
  (void)sig, (void)uc;
  chld_pid = si->si_pid;
  last_code = si->si_status;
}

static void child_signals(void) {
  install(SIGCHLD, on_chld, SA_RESTART);
  pid_t pid = fork();
  if (pid == 0) _exit(5);
  while (!chld_pid) usleep(1000);
  int status;
  waitpid(pid, &status, 0);
  printf("SIGCHLD: from the child: %s, status %d\n", chld_pid == pid ? "yes" : "no", (int)last_code);
  signal(SIGCHLD, SIG_DFL);

  hits = 0;
  install(SIGWINCH, on_alarm, SA_RESETHAND);
  raise(SIGWINCH);
  raise(SIGWINCH); /* the default action now: ignored */
  struct sigaction now;
  sigaction(SIGWINCH, NULL, &now);
  printf("SA_RESETHAND: handler ran %d time(s), disposition now %s\n", (int)hits,
         now.sa_handler == SIG_DFL ? "SIG_DFL" : "other");
}

#if defined(__s390x__)
/* s390x: the handler's frame holds the vector registers (UC_VXRS), and what the handler does to
 * them is undone by sigreturn. */
static volatile unsigned long seen_v20;
static volatile int seen_flags;
static void clobber_vectors(int sig, siginfo_t* si, void* ucv) {
  (void)sig, (void)si;
  ucontext_t* uc = ucv;
  seen_flags = (int)uc->uc_flags;
  /* uc_mcontext_ext follows uc_sigmask's 128 bytes: vxrs_low[16], then v16-v31. */
  const unsigned char* ext = (const unsigned char*)&uc->uc_sigmask + 128;
  memcpy((void*)&seen_v20, ext + 16 * 8 + 4 * 16, sizeof seen_v20);
  __asm__ volatile(".machine push\n\t.machine z13\n\tvzero %%v20\n\tvzero %%v1\n\t.machine pop" : : : "f1");
}

static void vector_registers(void) {
  install(SIGUSR1, clobber_vectors, 0);
  unsigned long hi, lo, one_lo;
  /* tgkill(pid, pid, SIGUSR1) through svc 0 between setting v20 and v1's low half and reading
   * them back. */
  __asm__ volatile(".machine push\n\t.machine z13\n\t"
                   "vlvgg %%v20, %3, 0\n\tvlvgg %%v20, %4, 1\n\tvlvgg %%v1, %4, 1\n\t"
                   "lgr %%r2, %5\n\tlgr %%r3, %5\n\tlghi %%r4, %6\n\tlghi %%r1, 241\n\tsvc 0\n\t"
                   "vlgvg %0, %%v20, 0\n\tvlgvg %1, %%v20, 1\n\tvlgvg %2, %%v1, 1\n\t"
                   ".machine pop"
                   : "=&d"(hi), "=&d"(lo), "=&d"(one_lo)
                   : "d"(0x1111222233334444ul), "d"(0x5555666677778888ul), "d"((long)getpid()), "i"(SIGUSR1)
                   : "r1", "r2", "r3", "r4", "f1", "memory", "cc");
  printf("vector registers across a handler: %s, in its frame: %s\n",
         hi == 0x1111222233334444ul && lo == 0x5555666677778888ul && one_lo == 0x5555666677778888ul ? "kept" : "lost",
         (seen_flags & 2) && seen_v20 == 0x1111222233334444ul ? "yes" : "no");
  signal(SIGUSR1, SIG_DFL);
}

/* A handler without SA_SIGINFO gets Linux's non-rt frame: r3 points at its struct sigcontext (the
 * old mask, the registers), and sigreturn takes the registers back from it. */
static unsigned long old_mask;
static int old_frame_ok;
static void old_style(int sig, struct sigcontext* sc) {
  old_mask = sc->oldmask[0];
  old_frame_ok = sig == SIGUSR2 && sc->sregs->regs.psw.addr != 0 && sc->sregs->regs.gprs[15] != 0;
  sc->sregs->regs.gprs[9] = 1234;
}

static void non_rt_frame(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = (void (*)(int))old_style;
  sigaction(SIGUSR2, &sa, NULL);
  sigset_t hup, before;
  sigemptyset(&hup);
  sigaddset(&hup, SIGHUP);
  sigprocmask(SIG_BLOCK, &hup, &before);
  long r9;
  /* tgkill(pid, pid, SIGUSR2) with r9 = 7 around it. */
  __asm__ volatile("lghi %%r9, 7\n\tlgr %%r2, %1\n\tlgr %%r3, %1\n\tlghi %%r4, %2\n\tlghi %%r1, 241\n\tsvc 0\n\t"
                   "lgr %0, %%r9"
                   : "=d"(r9) : "d"((long)getpid()), "i"(SIGUSR2) : "r1", "r2", "r3", "r4", "r9", "memory", "cc");
  sigprocmask(SIG_SETMASK, &before, NULL);
  printf("non-rt frame: %s, old mask with SIGHUP: %s, r9 from the frame: %ld\n", old_frame_ok ? "yes" : "no",
         old_mask & (1ul << (SIGHUP - 1)) ? "yes" : "no", r9);
  signal(SIGUSR2, SIG_DFL);
}
#endif

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  faults();
  fault_and_resume();
  edit_context();
  interrupted_read();
  posix_timer();
  computing_loop();
  overflow();
  masks();
  thread_directed();
  child_signals();
#if defined(__s390x__)
  vector_registers();
  non_rt_frame();
#endif
  return 0;
}
