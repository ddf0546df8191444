// SVE and SVE2 instructions one at a time on known register state, for comparing polyrun with
// qemu-aarch64 (tests/sve/check.sh): each instruction word is written into a code page between a
// stub that loads every register (X, SP, NZCV, FPCR, FPSR, Z, P, FFR) from a state block and one
// that stores them back, and what it did is printed as one line: the word, then "ill" (SIGILL),
// "segv ADDR" / "bus ADDR" (the fault and its address), or a digest of every register and of the
// data area it may load from and store to. The state comes from the seed and the word's index.
//
//   sve_diff random SEED COUNT [MASK VALUE]   COUNT random words of SVE's encoding space (or of
//                                             (w & MASK) == VALUE), one line each; not SME's
//                                             ADDSVL, ADDSPL and RDSVL, which read SME's streaming
//                                             vector length (qemu's max has SME; polyrun has none)
//   sve_diff words SEED WORD...               the given words (hex)
//   sve_diff dump SEED INDEX WORD             one word: every register it changed, and memory
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define MAXVL 256
// The state block (offsets used by the stub below).
struct state {
  uint64_t x[31];  // 0: x0..x30 (x28 at 224)
  uint64_t sp;     // 248
  uint64_t nzcv;   // 256
  uint64_t fpcr;   // 264
  uint64_t fpsr;   // 272
  uint8_t pad[512 - 280];
  // Laid out as the stub's LDR and STR (vector, predicate) reach them: Z n at n * vl, P n at
  // n * vl / 8 (P 16: FFR).
  uint8_t zbuf[32 * MAXVL];      // 512
  uint8_t pbuf[17 * MAXVL / 8];  // 512 + 8192
};
struct state g_state __attribute__((aligned(256)));
uint64_t g_host[32];

// The data area: 16 KiB at a fixed address between two inaccessible pages, so that addresses,
// and faults, are the same under every emulator.
#define DATA ((uint8_t*)0x20001000ul)
#define DATA_SIZE 16384

// (The program itself is built for ARMv8.0: only the stub holds SVE instructions.)
__asm__(
    ".arch armv8.2-a+sve\n"
    ".macro movabs reg, sym\n"
    "  movz \\reg, #:abs_g3:\\sym\n  movk \\reg, #:abs_g2_nc:\\sym\n"
    "  movk \\reg, #:abs_g1_nc:\\sym\n  movk \\reg, #:abs_g0_nc:\\sym\n"
    ".endm\n"
    ".macro zregs op, base\n"
    "  .irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
    "  \\op z\\n, [\\base, #\\n, mul vl]\n  .endr\n"
    ".endm\n"
    ".macro pregs op, base\n"
    "  .irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
    "  \\op p\\n, [\\base, #\\n, mul vl]\n  .endr\n"
    ".endm\n"
    ".macro restore_host\n"
    "  movabs x9, g_host\n"
    "  ldp x19, x20, [x9, #0]\n  ldp x21, x22, [x9, #16]\n  ldp x23, x24, [x9, #32]\n"
    "  ldp x25, x26, [x9, #48]\n  ldp x27, x28, [x9, #64]\n  ldp x29, x30, [x9, #80]\n"
    "  ldr x10, [x9, #96]\n  mov sp, x10\n  ldr x10, [x9, #104]\n  msr tpidr_el0, x10\n"
    "  ldp d8, d9, [x9, #112]\n  ldp d10, d11, [x9, #128]\n  ldp d12, d13, [x9, #144]\n  ldp d14, d15, [x9, #160]\n"
    "  ldr x10, [x9, #176]\n  msr fpcr, x10\n"
    ".endm\n"
    ".text\n.p2align 12\n.globl stub_start, stub_slot, stub_recover, stub_end\n"
    "stub_start:\n"
    "  movabs x9, g_host\n"
    "  stp x19, x20, [x9, #0]\n  stp x21, x22, [x9, #16]\n  stp x23, x24, [x9, #32]\n"
    "  stp x25, x26, [x9, #48]\n  stp x27, x28, [x9, #64]\n  stp x29, x30, [x9, #80]\n"
    "  mov x10, sp\n  str x10, [x9, #96]\n  mrs x10, tpidr_el0\n  str x10, [x9, #104]\n"
    "  stp d8, d9, [x9, #112]\n  stp d10, d11, [x9, #128]\n  stp d12, d13, [x9, #144]\n  stp d14, d15, [x9, #160]\n"
    "  mrs x10, fpcr\n  str x10, [x9, #176]\n"
    "  movabs x28, g_state\n"
    "  add x9, x28, #512\n  zregs ldr, x9\n"
    "  add x9, x28, #512\n  add x9, x9, #8192\n"
    "  ldr p0, [x9, #16, mul vl]\n  wrffr p0.b\n  pregs ldr, x9\n"
    "  ldr x9, [x28, #256]\n  msr nzcv, x9\n  ldr x9, [x28, #264]\n  msr fpcr, x9\n"
    "  ldr x9, [x28, #272]\n  msr fpsr, x9\n  ldr x9, [x28, #248]\n  mov sp, x9\n"
    "  ldp x0, x1, [x28, #0]\n  ldp x2, x3, [x28, #16]\n  ldp x4, x5, [x28, #32]\n  ldp x6, x7, [x28, #48]\n"
    "  ldp x8, x9, [x28, #64]\n  ldp x10, x11, [x28, #80]\n  ldp x12, x13, [x28, #96]\n  ldp x14, x15, [x28, #112]\n"
    "  ldp x16, x17, [x28, #128]\n  ldp x18, x19, [x28, #144]\n  ldp x20, x21, [x28, #160]\n  ldp x22, x23, [x28, #176]\n"
    "  ldp x24, x25, [x28, #192]\n  ldp x26, x27, [x28, #208]\n  ldp x29, x30, [x28, #232]\n  ldr x28, [x28, #224]\n"
    "stub_slot:\n  nop\n"
    "  msr tpidr_el0, x28\n"
    "  movabs x28, g_state\n"
    "  stp x0, x1, [x28, #0]\n  stp x2, x3, [x28, #16]\n  stp x4, x5, [x28, #32]\n  stp x6, x7, [x28, #48]\n"
    "  stp x8, x9, [x28, #64]\n  stp x10, x11, [x28, #80]\n  stp x12, x13, [x28, #96]\n  stp x14, x15, [x28, #112]\n"
    "  stp x16, x17, [x28, #128]\n  stp x18, x19, [x28, #144]\n  stp x20, x21, [x28, #160]\n  stp x22, x23, [x28, #176]\n"
    "  stp x24, x25, [x28, #192]\n  stp x26, x27, [x28, #208]\n  stp x29, x30, [x28, #232]\n"
    "  mrs x0, tpidr_el0\n  str x0, [x28, #224]\n  mov x0, sp\n  str x0, [x28, #248]\n"
    "  mrs x0, nzcv\n  str x0, [x28, #256]\n  mrs x0, fpsr\n  str x0, [x28, #272]\n"
    "  add x9, x28, #512\n  zregs str, x9\n"
    "  add x9, x28, #512\n  add x9, x9, #8192\n  pregs str, x9\n  rdffr p0.b\n  str p0, [x9, #16, mul vl]\n"
    "  restore_host\n"
    "  mov x0, #0\n  ret\n"
    "stub_recover:\n"
    "  restore_host\n"
    "  mov x0, #1\n  ret\n"
    "stub_end:\n");
extern char stub_start[], stub_slot[], stub_recover[], stub_end[];

static char* code;  // the stub's copy, written with each word
static volatile int fault_sig;
static volatile uint64_t fault_addr;

static void on_fault(int sig, siginfo_t* si, void* ctx) {
  ucontext_t* uc = ctx;
  fault_sig = sig;
  fault_addr = (uint64_t)si->si_addr;
  uc->uc_mcontext.pc = (uint64_t)(code + (stub_recover - stub_start));
}

static uint64_t rng;
static uint64_t next(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return rng;
}

static unsigned vl;
#define Z(st, n) (&(st).zbuf[(n) * vl])
#define P(st, n) (&(st).pbuf[(n) * vl / 8])
static uint8_t data_init[DATA_SIZE];

// The state a word runs from: a function of the seed and the word's index.
static void init_state(uint64_t seed, uint64_t index) {
  rng = seed * 0x9e3779b97f4a7c15ull + index * 0xbf58476d1ce4e5b9ull + 1;
  for (int i = 0; i < 20; ++i) next();
  memset(&g_state, 0, sizeof g_state);
  for (int i = 0; i < 31; ++i) {
    const uint64_t r = next();
    // Most general registers point into the data area (bases of loads and stores); some hold
    // small numbers (offsets, counts), some anything.
    g_state.x[i] = i < 20 ? (uint64_t)DATA + 4096 + (r % 8192) : i < 26 ? r % 64 : r;
  }
  g_state.sp = (uint64_t)DATA + 8192;
  g_state.nzcv = (next() & 0xf) << 28;
  static const uint64_t fpcrs[] = {0, 0, 0, 0x400000, 0x800000, 0xc00000, 0x1000000, 0x2000000, 0x80000, 0x3080000};
  g_state.fpcr = fpcrs[next() % (sizeof fpcrs / sizeof fpcrs[0])];
  g_state.fpsr = 0;
  for (int n = 0; n < 32; ++n)
    for (unsigned k = 0; k < vl; k += 8) {
      uint64_t v = next();
      if (n < 8) v %= 256;                                       // 64-bit offsets
      else if (n < 12) v &= 0x000000ff000000ffull;               // 32-bit offsets
      else if (n < 14) v = (uint64_t)DATA + 4096 + v % 8192;     // 64-bit addresses
      else if (n < 16) v = ((uint64_t)DATA + 4096 + (v >> 32) % 8192) << 32 | ((uint64_t)DATA + 4096 + v % 8192);
      else if (n < 20) {                                         // floating point of every kind
        static const uint64_t special[] = {0x3ff0000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull,
                                           0x7ff8000000000001ull, 0x7ff4000000000000ull, 0x0000000000000001ull,
                                           0x3f8000003f800000ull, 0x7f8000007fc00001ull, 0x3c003c003c007c00ull,
                                           0x7e00fc0000017bffull, 0x4000c0004049000full, 0xbff8000000000000ull};
        if (v % 3 == 0) v = special[(v >> 8) % (sizeof special / sizeof special[0])];
      }
      memcpy(Z(g_state, n) + k, &v, 8);
    }
  for (int n = 0; n < 17; ++n)
    for (unsigned k = 0; k < vl / 8; ++k) {
      uint8_t b = (uint8_t)next();
      if (n == 7 || n == 16) b = (next() % 4) ? 0xff : b;  // p7 and FFR mostly all true
      P(g_state, n)[k] = b;
    }
}

static uint64_t fnv(uint64_t h, const void* p, size_t n) {
  const uint8_t* b = p;
  for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}

static int run_word(uint32_t word) {
  memcpy(code + (stub_slot - stub_start), &word, 4);
  __builtin___clear_cache(code, code + (stub_end - stub_start));
  memcpy(DATA, data_init, DATA_SIZE);
  fault_sig = 0;
  return ((int (*)(void))code)();
}

static uint64_t digest(void) {
  uint64_t h = 0xcbf29ce484222325ull;
  h = fnv(h, g_state.x, 31 * 8 + 8 * 4);
  for (int n = 0; n < 32; ++n) h = fnv(h, Z(g_state, n), vl);
  for (int n = 0; n < 17; ++n) h = fnv(h, P(g_state, n), vl / 8);
  return fnv(h, DATA, DATA_SIZE);
}

static void line(uint32_t word) {
  if (run_word(word)) {
    if (fault_sig == SIGILL)
      printf("%08x ill\n", word);
    else
      printf("%08x %s %" PRIx64 "\n", word, fault_sig == SIGSEGV ? "segv" : fault_sig == SIGBUS ? "bus" : "sig", fault_addr);
  } else {
    printf("%08x %016" PRIx64 "\n", word, digest());
  }
}

static void dump_bytes(const char* name, const uint8_t* a, const uint8_t* b, unsigned n) {
  if (!memcmp(a, b, n)) return;
  printf("%s:\n  before ", name);
  for (unsigned i = n; i-- > 0;) printf("%s%02x", i % 8 == 7 && i != n - 1 ? "_" : "", a[i]);
  printf("\n  after ");
  for (unsigned i = n; i-- > 0;) printf("%s%02x", i % 8 == 7 && i != n - 1 ? "_" : "", b[i]);
  printf("\n");
}

int main(int argc, char** argv) {
  __asm__ volatile(".arch armv8.2-a+sve\n  rdvl %0, #1" : "=r"(vl));
  if (argc < 3) {
    fprintf(stderr, "usage: sve_diff random SEED COUNT [MASK VALUE] | words SEED WORD... | dump SEED INDEX WORD\n");
    return 2;
  }
  if (mmap(DATA - 4096, DATA_SIZE + 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) != DATA - 4096 ||
      mprotect(DATA, DATA_SIZE, PROT_READ | PROT_WRITE)) {
    perror("sve_diff: data area");
    return 1;
  }
  for (unsigned i = 0; i < DATA_SIZE; ++i) data_init[i] = (uint8_t)(i * 7 + (i >> 8) * 13 + 1);
  code = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) return 1;
  memcpy(code, stub_start, stub_end - stub_start);
  static char altstack[65536];
  stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
  sigaltstack(&ss, NULL);
  struct sigaction sa = {0};
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  const uint64_t seed = strtoull(argv[2], NULL, 0);
  printf("vl %u\n", vl);
  if (!strcmp(argv[1], "random") && argc >= 4) {
    const unsigned long count = strtoul(argv[3], NULL, 0);
    const uint32_t mask = argc > 5 ? strtoul(argv[4], NULL, 16) : 0x1e000000u;
    const uint32_t value = argc > 5 ? strtoul(argv[5], NULL, 16) : 0x04000000u;
    uint64_t pick = seed * 0x2545f4914f6cdd1dull + 7;
    for (unsigned long i = 0; i < count; ++i) {
      pick ^= pick << 13, pick ^= pick >> 7, pick ^= pick << 17;
      const uint32_t word = ((uint32_t)(pick >> 16) & ~mask) | (value & mask);
      init_state(seed, i);
      if ((word & 0xffa0f800u) == 0x04205800u || (word & 0xfffff800u) == 0x04bf5800u) {
        printf("%08x sme\n", word);
        continue;
      }
      line(word);
    }
  } else if (!strcmp(argv[1], "words")) {
    for (int i = 3; i < argc; ++i) {
      init_state(seed, (uint64_t)(i - 3));
      line((uint32_t)strtoul(argv[i], NULL, 16));
    }
  } else if (!strcmp(argv[1], "dump") && argc == 5) {
    const uint32_t word = (uint32_t)strtoul(argv[4], NULL, 16);
    init_state(seed, strtoull(argv[3], NULL, 0));
    static struct state before;
    before = g_state;
    const int f = run_word(word);
    if (f) {
      printf("%08x signal %d address %" PRIx64 "\n", word, fault_sig, fault_addr);
      return 0;
    }
    char name[16];
    for (int i = 0; i < 31; ++i) {
      snprintf(name, sizeof name, "x%d", i);
      dump_bytes(name, (uint8_t*)&before.x[i], (uint8_t*)&g_state.x[i], 8);
    }
    dump_bytes("sp", (uint8_t*)&before.sp, (uint8_t*)&g_state.sp, 8);
    dump_bytes("nzcv", (uint8_t*)&before.nzcv, (uint8_t*)&g_state.nzcv, 8);
    dump_bytes("fpsr", (uint8_t*)&before.fpsr, (uint8_t*)&g_state.fpsr, 8);
    for (int n = 0; n < 32; ++n) {
      snprintf(name, sizeof name, "z%d", n);
      dump_bytes(name, Z(before, n), Z(g_state, n), vl);
    }
    for (int n = 0; n < 17; ++n) {
      snprintf(name, sizeof name, n == 16 ? "ffr" : "p%d", n);
      dump_bytes(name, P(before, n), P(g_state, n), vl / 8);
    }
    for (unsigned i = 0; i < DATA_SIZE; ++i)
      if (DATA[i] != data_init[i]) printf("memory %p: %02x -> %02x\n", (void*)(DATA + i), data_init[i], DATA[i]);
  } else {
    return 2;
  }
  return 0;
}
