/* CPU exceptions as the signals Linux on arm64 sends a program: smc and hvc (undefined at EL0)
 * SIGILL ILL_ILLOPC, a load-exclusive from a misaligned address SIGBUS BUS_ADRALN with that
 * address, a branch to a misaligned address SIGBUS BUS_ADRALN with the pc as address, brk SIGTRAP
 * TRAP_BRKPT; each twice (a second fault is the same fault). wfi, wfe and yield return.
 * User code runs at EL0: EL1's system registers, DAIF, eret, TLB maintenance, address translation
 * and cache invalidation without cleaning are undefined (SIGILL ILL_ILLOPC at the instruction);
 * what Linux lets EL0 do (CTR_EL0, DCZID_EL0, the counters, DC ZVA, cache maintenance to the point
 * of unification, IC IVAU) runs, and MRS of the ID registers is emulated as the kernel does.
 * aarch64 only (the instructions are written out). */
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
        ".global waits\nwaits: wfi\n wfe\n yield\n mov x0, #7\n ret\n"
        ".global mrs_sctlr\nmrs_sctlr: mrs x0, sctlr_el1\n ret\n"
        ".global mrs_currentel\nmrs_currentel: mrs x0, CurrentEL\n ret\n"
        ".global mrs_daif\nmrs_daif: mrs x0, daif\n ret\n"
        ".global msr_daifset\nmsr_daifset: msr daifset, #2\n ret\n"
        ".global mrs_vbar\nmrs_vbar: mrs x0, vbar_el1\n ret\n"
        ".global tlbi_insn\ntlbi_insn: tlbi vmalle1\n ret\n"
        ".global ic_iallu\nic_iallu: ic iallu\n ret\n"
        ".global dc_ivac\ndc_ivac: dc ivac, x0\n ret\n"
        ".global at_insn\nat_insn: at s1e1r, x0\n ret\n"
        ".global eret_insn\neret_insn: eret\n ret\n"
        ".global mrs_unallocated_id0\nmrs_unallocated_id0: mrs x0, s3_0_c0_c0_1\n ret\n"
        ".global user_system\nuser_system: mrs x1, ctr_el0\n mrs x1, dczid_el0\n mrs x1, cntvct_el0\n"
        " mrs x1, cntfrq_el0\n mrs x1, nzcv\n mrs x1, fpcr\n mrs x1, tpidrro_el0\n dc zva, x0\n dc civac, x0\n"
        " dc cvau, x0\n ic ivau, x0\n dsb ish\n isb\n mov x0, #7\n ret\n"
        ".global mrs_midr\nmrs_midr: mrs x0, midr_el1\n ret\n"
        ".global mrs_pfr0\nmrs_pfr0: mrs x0, id_aa64pfr0_el1\n ret\n"
        ".global mrs_unallocated_id7\nmrs_unallocated_id7: mov x0, #1\n mrs x0, s3_0_c0_c7_7\n ret\n");
extern char mrs_sctlr[], mrs_currentel[], mrs_daif[], msr_daifset[], mrs_vbar[], tlbi_insn[], ic_iallu[], dc_ivac[],
    at_insn[], eret_insn[], mrs_unallocated_id0[], user_system[], mrs_midr[], mrs_pfr0[], mrs_unallocated_id7[];

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
  static const struct {
    const char* what;
    char* insn;
  } el1_only[] = {
      {"mrs sctlr_el1", mrs_sctlr}, {"mrs currentel", mrs_currentel}, {"mrs daif", mrs_daif},
      {"msr daifset", msr_daifset}, {"mrs vbar_el1", mrs_vbar},       {"tlbi vmalle1", tlbi_insn},
      {"ic iallu", ic_iallu},       {"dc ivac", dc_ivac},             {"at s1e1r", at_insn},
      {"eret", eret_insn},          {"mrs s3_0_c0_c0_1", mrs_unallocated_id0},
  };
  for (size_t i = 0; i < sizeof el1_only / sizeof el1_only[0]; ++i)
    expect(el1_only[i].what, (void (*)(uintptr_t))el1_only[i].insn, (uintptr_t)buf, (uintptr_t)el1_only[i].insn);
  static _Alignas(4096) char line[4096];
  memset(line, 0x5a, sizeof line);
  long r = ((long (*)(char*))user_system)(line);
  int zeroed = 1;
  for (int i = 0; i < 64; ++i) zeroed &= line[i] == 0;  // DC ZVA zeroes at least 64 bytes here
  printf("EL0 system instructions: %ld, dc zva zeroed the line: %d, next byte kept: %d\n", r, zeroed,
         line[4095] == 0x5a);
  unsigned long midr = ((unsigned long (*)(void))mrs_midr)();
  unsigned long pfr0 = ((unsigned long (*)(void))mrs_pfr0)();
  unsigned long unallocated = ((unsigned long (*)(void))mrs_unallocated_id7)();
  printf("mrs midr_el1 (emulated): implementer 0x%lx\n", midr >> 24 & 0xff);
  printf("mrs id_aa64pfr0_el1 (emulated): EL0 AArch64: %d\n", (pfr0 & 0xf) != 0);
  printf("mrs s3_0_c0_c7_7 (unallocated ID register): %lu\n", unallocated);
  return 0;
}
