/* The bit-manipulation extensions Zba, Zbb and Zbs (built -march=rv64gc_zba_zbb_zbs): every
 * instruction through inline asm on edge-case operands (0, 1, -1, 1<<63, 0x80, alternating bits,
 * 32-bit boundaries; shift amounts 0, 1, 31, 32, 63 and ones past 63), with rd = rs1, rd = x0 and
 * at an address 2 bytes off a 4-byte boundary; then ordinary C the compiler turns into them
 * (popcount, clz/ctz builtins, rotates, min/max, indexing with 32-bit unsigned indices, byte
 * reverse, single-bit updates) and a word-at-a-time strlen on orc.b. Each result is printed.
 *
 * With the argument "probe": the kernel's answers about the CPU instead, what of them a program
 * would act on: riscv_hwprobe's keys (the extension bits these instructions belong to, the base
 * behaviour, misaligned-access speed, unknown keys; its argument checks) and the extensions the
 * isa line of /proc/cpuinfo names. With "loop N": N rounds of a loop of one cpop and three base
 * instructions (what executing them costs: bench/README.md). riscv64 only. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sample_check.h"

typedef uint64_t u64;

static const u64 kValues[] = {
    0, 1, ~0ull, 1ull << 63, 0x80, 0x5555555555555555ull, 0xaaaaaaaaaaaaaaaaull, 0x00000000ffffffffull,
    0xffffffff00000000ull, 0x0000000080000000ull, 0x000000007fffffffull, 0x0123456789abcdefull, 0x8000000000008001ull,
};
#define NV (sizeof kValues / sizeof kValues[0])
/* Second operands of the shifts, rotates and single-bit instructions: amounts and ones whose low
 * 5 or 6 bits are what counts. */
static const u64 kAmounts[] = {0, 1, 31, 32, 33, 63, 64, 95, 127, ~0ull, 0x8000000000000020ull};
#define NA (sizeof kAmounts / sizeof kAmounts[0])

/* rd, rs1, rs2 */
#define R_OP(name)                                                        \
  static u64 op_##name(u64 a, u64 b) {                                    \
    u64 r;                                                                \
    __asm__ volatile(#name " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));     \
    return r;                                                             \
  }
/* rd, rs1 */
#define U_OP(name, mnemonic)                                              \
  static u64 op_##name(u64 a) {                                           \
    u64 r;                                                                \
    __asm__ volatile(mnemonic " %0, %1" : "=r"(r) : "r"(a));              \
    return r;                                                             \
  }

R_OP(sh1add) R_OP(sh2add) R_OP(sh3add)
R_OP(andn) R_OP(orn) R_OP(xnor)
R_OP(max) R_OP(maxu) R_OP(min) R_OP(minu)
R_OP(rol) R_OP(rolw) R_OP(ror) R_OP(rorw)
R_OP(bclr) R_OP(bext) R_OP(binv) R_OP(bset)
U_OP(clz, "clz") U_OP(clzw, "clzw") U_OP(ctz, "ctz") U_OP(ctzw, "ctzw") U_OP(cpop, "cpop") U_OP(cpopw, "cpopw")
U_OP(sext_b, "sext.b") U_OP(sext_h, "sext.h") U_OP(zext_h, "zext.h") U_OP(orc_b, "orc.b") U_OP(rev8, "rev8")

struct R {
  const char* name;
  u64 (*f)(u64, u64);
  int amounts; /* the second operand is a shift amount or bit index */
};

/* The .uw forms (their names have a dot). */
static u64 op_add_uw_(u64 a, u64 b) { u64 r; __asm__ volatile("add.uw %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static u64 op_sh1add_uw_(u64 a, u64 b) { u64 r; __asm__ volatile("sh1add.uw %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static u64 op_sh2add_uw_(u64 a, u64 b) { u64 r; __asm__ volatile("sh2add.uw %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static u64 op_sh3add_uw_(u64 a, u64 b) { u64 r; __asm__ volatile("sh3add.uw %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }

static const struct R kR[] = {
    {"add.uw", op_add_uw_, 0}, {"sh1add", op_sh1add, 0}, {"sh2add", op_sh2add, 0}, {"sh3add", op_sh3add, 0},
    {"sh1add.uw", op_sh1add_uw_, 0}, {"sh2add.uw", op_sh2add_uw_, 0}, {"sh3add.uw", op_sh3add_uw_, 0},
    {"andn", op_andn, 0}, {"orn", op_orn, 0}, {"xnor", op_xnor, 0},
    {"max", op_max, 0}, {"maxu", op_maxu, 0}, {"min", op_min, 0}, {"minu", op_minu, 0},
    {"rol", op_rol, 1}, {"rolw", op_rolw, 1}, {"ror", op_ror, 1}, {"rorw", op_rorw, 1},
    {"bclr", op_bclr, 1}, {"bext", op_bext, 1}, {"binv", op_binv, 1}, {"bset", op_bset, 1},
};

struct U {
  const char* name;
  u64 (*f)(u64);
};
static const struct U kU[] = {
    {"clz", op_clz}, {"clzw", op_clzw}, {"ctz", op_ctz}, {"ctzw", op_ctzw}, {"cpop", op_cpop}, {"cpopw", op_cpopw},
    {"sext.b", op_sext_b}, {"sext.h", op_sext_h}, {"zext.h", op_zext_h}, {"orc.b", op_orc_b}, {"rev8", op_rev8},
};

/* The immediate forms, one function per amount (the amount is part of the instruction). */
#define I_OP(mnemonic, amount)                                                       \
  static u64 imm_##amount##_##mnemonic(u64 a) {                                      \
    u64 r;                                                                           \
    __asm__ volatile(#mnemonic " %0, %1, " #amount : "=r"(r) : "r"(a));              \
    return r;                                                                        \
  }
#define I_AMOUNTS6(m) I_OP(m, 0) I_OP(m, 1) I_OP(m, 31) I_OP(m, 32) I_OP(m, 63)
#define I_AMOUNTS5(m) I_OP(m, 0) I_OP(m, 1) I_OP(m, 16) I_OP(m, 31)
I_AMOUNTS6(rori) I_AMOUNTS6(bclri) I_AMOUNTS6(bexti) I_AMOUNTS6(binvi) I_AMOUNTS6(bseti)
I_AMOUNTS5(roriw)
/* slli.uw: the dot again. */
#define SLLI_UW(amount)                                                              \
  static u64 imm_##amount##_slli_uw(u64 a) {                                         \
    u64 r;                                                                           \
    __asm__ volatile("slli.uw %0, %1, " #amount : "=r"(r) : "r"(a));                 \
    return r;                                                                        \
  }
SLLI_UW(0) SLLI_UW(1) SLLI_UW(31) SLLI_UW(32) SLLI_UW(63)

struct I {
  const char* name;
  int amount;
  u64 (*f)(u64);
};
#define I6(m) {#m, 0, imm_0_##m}, {#m, 1, imm_1_##m}, {#m, 31, imm_31_##m}, {#m, 32, imm_32_##m}, {#m, 63, imm_63_##m}
static const struct I kI[] = {
    I6(rori), I6(bclri), I6(bexti), I6(binvi), I6(bseti),
    {"roriw", 0, imm_0_roriw}, {"roriw", 1, imm_1_roriw}, {"roriw", 16, imm_16_roriw}, {"roriw", 31, imm_31_roriw},
    {"slli.uw", 0, imm_0_slli_uw}, {"slli.uw", 1, imm_1_slli_uw}, {"slli.uw", 31, imm_31_slli_uw},
    {"slli.uw", 32, imm_32_slli_uw}, {"slli.uw", 63, imm_63_slli_uw},
};

static void instructions(void) {
  for (size_t k = 0; k < sizeof kR / sizeof kR[0]; ++k) {
    const u64* second = kR[k].amounts ? kAmounts : kValues;
    const size_t n = kR[k].amounts ? NA : NV;
    for (size_t i = 0; i < NV; ++i) {
      printf("%-9s %016llx:", kR[k].name, (unsigned long long)kValues[i]);
      for (size_t j = 0; j < n; ++j) printf(" %llx", (unsigned long long)kR[k].f(kValues[i], second[j]));
      printf("\n");
    }
  }
  for (size_t k = 0; k < sizeof kU / sizeof kU[0]; ++k) {
    printf("%-9s", kU[k].name);
    for (size_t i = 0; i < NV; ++i) printf(" %llx", (unsigned long long)kU[k].f(kValues[i]));
    printf("\n");
  }
  for (size_t k = 0; k < sizeof kI / sizeof kI[0]; ++k) {
    printf("%-7s %2d", kI[k].name, kI[k].amount);
    for (size_t i = 0; i < NV; ++i) printf(" %llx", (unsigned long long)kI[k].f(kValues[i]));
    printf("\n");
  }
}

/* rd = rs1 = rs2, a write to x0 (discarded: the register after it still reads 0), and an
 * instruction 2 bytes past a 4-byte boundary (after a compressed one). */
static void operands(void) {
  u64 x = 0x0123456789abcdefull;
  __asm__ volatile("rev8 %0, %0" : "+r"(x));
  printf("rev8 in place: %llx\n", (unsigned long long)x);
  x = 0xf0;
  __asm__ volatile("sh3add %0, %0, %0" : "+r"(x));
  printf("sh3add x, x, x: %llx\n", (unsigned long long)x);
  u64 z = 1;
  __asm__ volatile("cpop zero, %1\n\tmv %0, zero" : "=r"(z) : "r"(~0ull));
  printf("cpop to x0, then x0: %llu\n", (unsigned long long)z);
  u64 odd;
  __asm__ volatile(".option push\n\t.option rvc\n\t.balign 4\n\tc.nop\n\t.option norvc\n\tclz %0, %1\n\t.option pop"
                   : "=r"(odd)
                   : "r"(0x00ff000000000000ull));
  printf("clz after c.nop: %llu\n", (unsigned long long)odd);
  /* In a loop: the same instruction many times over, accumulating. */
  u64 acc = 0, v = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 100000; ++i) {
    u64 t;
    __asm__ volatile("rori %0, %1, 13" : "=r"(t) : "r"(v));
    __asm__ volatile("xnor %0, %1, %2" : "=r"(v) : "r"(t), "r"(acc));
    __asm__ volatile("sh2add %0, %1, %2" : "=r"(acc) : "r"(v), "r"(acc));
  }
  printf("loop: %llx %llx\n", (unsigned long long)acc, (unsigned long long)v);
}

/* Ordinary C, compiled with the extensions: what the compiler makes of each function is one of
 * them or a few (the operands come through opaque() so that nothing is folded at compile time). */
#define F static __attribute__((noinline))
static u64 opaque(u64 v) {
  __asm__("" : "+r"(v));
  return v;
}
F u64 pop64(u64 x) { return (u64)__builtin_popcountll(x); }
F u64 pop32(uint32_t x) { return (u64)__builtin_popcount(x); }
F u64 lz64(u64 x) { return x ? (u64)__builtin_clzll(x) : 64; }
F u64 lz32(uint32_t x) { return x ? (u64)__builtin_clz(x) : 32; }
F u64 tz64(u64 x) { return x ? (u64)__builtin_ctzll(x) : 64; }
F u64 tz32(uint32_t x) { return x ? (u64)__builtin_ctz(x) : 32; }
F u64 rotl64(u64 x, unsigned n) { return x << (n & 63) | x >> (-n & 63); }
F u64 rotr64(u64 x, unsigned n) { return x >> (n & 63) | x << (-n & 63); }
F u64 rotr64_13(u64 x) { return x >> 13 | x << 51; }
F int64_t rotl32(uint32_t x, unsigned n) { return (int32_t)(x << (n & 31) | x >> (-n & 31)); }
F int64_t rotr32(uint32_t x, unsigned n) { return (int32_t)(x >> (n & 31) | x << (-n & 31)); }
F int64_t rotr32_7(uint32_t x) { return (int32_t)(x >> 7 | x << 25); }
F int64_t smin(int64_t a, int64_t b) { return a < b ? a : b; }
F int64_t smax(int64_t a, int64_t b) { return a > b ? a : b; }
F u64 umin(u64 a, u64 b) { return a < b ? a : b; }
F u64 umax(u64 a, u64 b) { return a > b ? a : b; }
F u64 and_not(u64 a, u64 b) { return a & ~b; }
F u64 or_not(u64 a, u64 b) { return a | ~b; }
F u64 xor_not(u64 a, u64 b) { return ~(a ^ b); }
F u64 set_bit(u64 x, unsigned n) { return x | 1ull << (n & 63); }
F u64 clear_bit(u64 x, unsigned n) { return x & ~(1ull << (n & 63)); }
F u64 flip_bit(u64 x, unsigned n) { return x ^ 1ull << (n & 63); }
F u64 test_bit(u64 x, unsigned n) { return x >> (n & 63) & 1; }
F u64 set_bit_40(u64 x) { return x | 1ull << 40; }
F u64 clear_bit_40(u64 x) { return x & ~(1ull << 40); }
F u64 flip_bit_40(u64 x) { return x ^ 1ull << 40; }
F u64 test_bit_40(u64 x) { return x >> 40 & 1; }
F u64 swap64(u64 x) { return __builtin_bswap64(x); }
F int64_t sext8(u64 x) { return (int8_t)x; }
F int64_t sext16(u64 x) { return (int16_t)x; }
F u64 zext16(u64 x) { return (uint16_t)x; }
F u64 zext32_shifted(u64 x) { return (u64)(uint32_t)x << 5; }
/* Indexing with 32-bit unsigned indices the compiler cannot prove zero-extended (they could wrap). */
F u64 sum_wrapping(const u64* base, uint32_t start, uint32_t step, int n) {
  u64 s = 0;
  for (int i = 0; i < n; ++i) s += base[start + (uint32_t)i * step];
  return s;
}
F u64 sum_wrapping_bytes(const uint8_t* base, uint32_t start, uint32_t step, int n) {
  u64 s = 0;
  for (int i = 0; i < n; ++i) s += base[start + (uint32_t)i * step];
  return s;
}
F u64 sum_wrapping_words(const uint32_t* base, uint32_t start, uint32_t step, int n) {
  u64 s = 0;
  for (int i = 0; i < n; ++i) s += base[start + (uint32_t)i * step];
  return s;
}
F u64 sum_indexed(const u64* base, const int64_t* idx, int n) {
  u64 s = 0;
  for (int i = 0; i < n; ++i) s += base[idx[i]];
  return s;
}

/* strlen a word at a time: orc.b turns each nonzero byte into 0xff, each zero byte into 0. */
F size_t orc_strlen(const char* s) {
  const char* p = s;
  while ((uintptr_t)p & 7) {
    if (!*p) return (size_t)(p - s);
    ++p;
  }
  for (;;) {
    u64 w, o;
    memcpy(&w, p, 8);
    __asm__("orc.b %0, %1" : "=r"(o) : "r"(w));
    if (o != ~0ull) return (size_t)(p - s) + (size_t)(__builtin_ctzll(~o) / 8);
    p += 8;
  }
}

static void compiled(void) {
  static const struct {
    const char* name;
    u64 (*f)(u64);
  } unary[] = {
      {"popcount", pop64}, {"clz", lz64}, {"ctz", tz64}, {"rotr 13", rotr64_13}, {"bswap64", swap64},
      {"set bit 40", set_bit_40}, {"clear bit 40", clear_bit_40}, {"flip bit 40", flip_bit_40},
      {"test bit 40", test_bit_40}, {"zero-extend 16", zext16}, {"zero-extend 32 << 5", zext32_shifted},
  };
  for (size_t k = 0; k < sizeof unary / sizeof unary[0]; ++k) {
    printf("%s:", unary[k].name);
    for (size_t i = 0; i < NV; ++i) printf(" %llx", (unsigned long long)unary[k].f(opaque(kValues[i])));
    printf("\n");
  }
  printf("popcount32, clz32, ctz32, rotr32 7, sext8, sext16:");
  for (size_t i = 0; i < NV; ++i) {
    const u64 v = opaque(kValues[i]);
    printf(" %llx/%llx/%llx/%llx/%llx/%llx", (unsigned long long)pop32((uint32_t)v), (unsigned long long)lz32((uint32_t)v),
           (unsigned long long)tz32((uint32_t)v), (unsigned long long)rotr32_7((uint32_t)v), (unsigned long long)sext8(v),
           (unsigned long long)sext16(v));
  }
  printf("\n");
  static const struct {
    const char* name;
    u64 (*f)(u64, unsigned);
  } shifts[] = {{"rotl", rotl64}, {"rotr", rotr64}, {"set bit", set_bit}, {"clear bit", clear_bit}, {"flip bit", flip_bit},
                {"test bit", test_bit}};
  for (size_t k = 0; k < sizeof shifts / sizeof shifts[0]; ++k) {
    u64 h = 0;
    for (size_t i = 0; i < NV; ++i)
      for (size_t j = 0; j < NA; ++j) h = h * 31 + shifts[k].f(opaque(kValues[i]), (unsigned)opaque(kAmounts[j]));
    printf("%s: %llx\n", shifts[k].name, (unsigned long long)h);
  }
  u64 r32 = 0;
  for (size_t i = 0; i < NV; ++i)
    for (size_t j = 0; j < NA; ++j)
      r32 = r32 * 31 + (u64)rotl32((uint32_t)opaque(kValues[i]), (unsigned)kAmounts[j]) * 3 +
            (u64)rotr32((uint32_t)opaque(kValues[i]), (unsigned)kAmounts[j]);
  printf("rotl32/rotr32: %llx\n", (unsigned long long)r32);
  static const struct {
    const char* name;
    u64 (*f)(u64, u64);
  } binary[] = {{"and not", and_not}, {"or not", or_not}, {"xor not", xor_not}, {"umin", umin}, {"umax", umax}};
  for (size_t k = 0; k < sizeof binary / sizeof binary[0]; ++k) {
    u64 h = 0;
    for (size_t i = 0; i < NV; ++i)
      for (size_t j = 0; j < NV; ++j) h = h * 31 + binary[k].f(opaque(kValues[i]), opaque(kValues[j]));
    printf("%s: %llx\n", binary[k].name, (unsigned long long)h);
  }
  u64 mm = 0;
  for (size_t i = 0; i < NV; ++i)
    for (size_t j = 0; j < NV; ++j)
      mm = mm * 31 + (u64)smin((int64_t)opaque(kValues[i]), (int64_t)kValues[j]) * 3 +
           (u64)smax((int64_t)opaque(kValues[i]), (int64_t)kValues[j]);
  printf("smin/smax: %llx\n", (unsigned long long)mm);
  static u64 table[1024];
  static uint32_t words[1024];
  static uint8_t bytes[1024];
  static int64_t idx[4096];
  for (unsigned i = 0; i < 1024; ++i)
    table[i] = (u64)i * 0x9e3779b97f4a7c15ull, words[i] = i * 2654435761u, bytes[i] = (uint8_t)(i * 37);
  for (unsigned i = 0; i < 4096; ++i) idx[i] = (i * 2654435761u) >> 22;
  const uint32_t start = (uint32_t)opaque(5), step = (uint32_t)opaque(3);
  printf("indexed: %llx %llx %llx %llx\n", (unsigned long long)sum_wrapping(table, start, step, 300),
         (unsigned long long)sum_wrapping_bytes(bytes, start, step, 300),
         (unsigned long long)sum_wrapping_words(words, start, step, 300),
         (unsigned long long)sum_indexed(table, idx, 4096));
  static char text[300];
  size_t total = 0;
  int wrong = 0;
  for (unsigned len = 0; len < 80; ++len)
    for (unsigned off = 0; off < 8; ++off) {
      memset(text, 'a', sizeof text);
      text[off + len] = 0;
      const size_t n = orc_strlen(text + off);
      total = total * 3 + n;
      wrong += n != len;
    }
  printf("orc.b strlen: %zx, wrong %d\n", total, wrong);
}

/* riscv_hwprobe (Linux 6.4; Debian 12's headers have neither the number nor asm/hwprobe.h: the
 * values of Linux's documented ABI). */
#define NR_riscv_hwprobe 258
struct hwprobe_pair {
  int64_t key;
  u64 value;
};
enum { kMvendorid, kMarchid, kMimpid, kBaseBehavior, kImaExt0, kCpuperf0 };
#define IMA_FD (1ull << 0)
#define IMA_C (1ull << 1)
#define EXT_ZBA (1ull << 3)
#define EXT_ZBB (1ull << 4)
#define EXT_ZBS (1ull << 5)
#define MISALIGNED_MASK 7ull

static long hwprobe(struct hwprobe_pair* pairs, long count, long setsize, void* set, long flags) {
  return syscall(NR_riscv_hwprobe, pairs, count, setsize, set, flags);
}

static void probe(void) {
  struct hwprobe_pair p[] = {{kMvendorid, 5}, {kMarchid, 5}, {kMimpid, 5}, {kBaseBehavior, 5}, {kImaExt0, 5},
                             {kCpuperf0, 5}, {1000, 5}, {-5, 5}};
  long r = hwprobe(p, 8, 0, NULL, 0);
  printf("hwprobe: %s\n", err(r));
  printf("mvendorid %lld: %llx\n", (long long)p[0].key, (unsigned long long)p[0].value);
  printf("marchid %lld\n", (long long)p[1].key); /* (qemu-user answers its own id, polyrun 0) */
  printf("mimpid %lld: %llx\n", (long long)p[2].key, (unsigned long long)p[2].value);
  printf("base behavior %lld: %llx\n", (long long)p[3].key, (unsigned long long)p[3].value);
  const u64 ext = p[4].value;
  printf("ima_ext_0 %lld: fd %d c %d zba %d zbb %d zbs %d\n", (long long)p[4].key, !!(ext & IMA_FD), !!(ext & IMA_C),
         !!(ext & EXT_ZBA), !!(ext & EXT_ZBB), !!(ext & EXT_ZBS));
  printf("cpuperf_0 %lld: misaligned %llu\n", (long long)p[5].key, (unsigned long long)(p[5].value & MISALIGNED_MASK));
  printf("unknown keys: %lld %llx, %lld %llx\n", (long long)p[6].key, (unsigned long long)p[6].value, (long long)p[7].key,
         (unsigned long long)p[7].value);
  /* CPU sets: CPU 0 alone; an empty set; a size without a set; a set of size 0. */
  struct hwprobe_pair q = {kBaseBehavior, 0};
  unsigned long set[2] = {1, 0};
  r = hwprobe(&q, 1, sizeof set, set, 0);
  printf("cpu 0: %s %llx\n", err(r), (unsigned long long)q.value);
  set[0] = 0;
  printf("empty set: %s\n", err(hwprobe(&q, 1, sizeof set, set, 0)));
  printf("size without a set: %s\n", err(hwprobe(&q, 1, sizeof set, NULL, 0)));
  set[0] = 1;
  printf("set of size 0: %s\n", err(hwprobe(&q, 1, 0, set, 0)));
  printf("unknown flag: %s\n", err(hwprobe(&q, 1, 0, NULL, 4)));
  printf("no pairs: %s\n", err(hwprobe(NULL, 0, 0, NULL, 0)));
  printf("bad pairs: %s\n", err(hwprobe(BAD, 1, 0, NULL, 0)));

  /* /proc/cpuinfo's isa line: the base's letters and the multi-letter extensions after it. */
  FILE* f = fopen("/proc/cpuinfo", "r");
  check(f != NULL, "open /proc/cpuinfo");
  char line[4096];
  int found = 0;
  while (!found && fgets(line, sizeof line, f)) {
    if (strncmp(line, "isa", 3) != 0) continue;
    found = 1;
    char* isa = strchr(line, ':');
    check(isa != NULL, "isa line");
    isa += 2;
    isa[strcspn(isa, "\n")] = 0;
    const size_t base_len = strcspn(isa, "_");
    printf("isa base rv64: %d\n", strncmp(isa, "rv64", 4) == 0);
    for (const char* l = "imafdc"; *l; ++l) printf("isa %c: %d\n", *l, memchr(isa + 4, *l, base_len - 4) != NULL);
    int zba = 0, zbb = 0, zbs = 0;
    for (char* t = strtok(isa + base_len, "_"); t; t = strtok(NULL, "_")) {
      zba |= strcmp(t, "zba") == 0;
      zbb |= strcmp(t, "zbb") == 0;
      zbs |= strcmp(t, "zbs") == 0;
    }
    printf("isa zba %d zbb %d zbs %d\n", zba, zbb, zbs);
  }
  fclose(f);
  printf("isa line: %d\n", found);
}

static void loop(long n) {
  u64 acc = 0, x = 0x0123456789abcdefull;
  if (n > 0)
    __asm__ volatile("1: cpop t0, %1\n\t add %0, %0, t0\n\t addi %1, %1, 1\n\t addi %2, %2, -1\n\t bnez %2, 1b"
                     : "+r"(acc), "+r"(x), "+r"(n)
                     :
                     : "t0");
  printf("loop: %llx\n", (unsigned long long)acc);
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "probe") == 0) {
    probe();
    return 0;
  }
  if (argc > 2 && strcmp(argv[1], "loop") == 0) {
    loop(atol(argv[2]));
    return 0;
  }
  instructions();
  operands();
  compiled();
  return 0;
}
