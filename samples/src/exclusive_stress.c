/* The ISA's atomic instructions on threads that compute at the same time. aarch64: byte,
 * halfword, word and doubleword increments with load/store-exclusive loops (LDXRB/STXRB …
 * LDAXR/STLXR), pairs of words and of doublewords (LDXP/STXP, LDAXP/STLXP). riscv64: word and
 * doubleword LR/SC loops, byte and halfword increments as the compiler makes them (LR/SC on the
 * word around them), the AMOs (add, swap as a lock, or/and/xor on bits, max/min). Both: a
 * compare-and-swap spin lock guarding plain increments, and bytes next to each other that
 * different threads own (a byte's atomic store must not disturb its neighbours). Every total must
 * be exact. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "sample_check.h"

enum { kThreads = 4, kRounds = 60000 };

static uint8_t u8;
static uint16_t u16;
static uint32_t u32;
static uint64_t u64;
#if defined(__aarch64__)
static uint32_t pair32[2] __attribute__((aligned(8)));
static uint64_t pair64[2] __attribute__((aligned(16)));
#endif
static uint8_t own[kThreads];  // thread i increments own[i] only
static uint32_t spin;
static uint64_t guarded;

#if defined(__aarch64__)
static void add8(uint8_t* p) {
  uint32_t v, fail;
  __asm__ volatile("1: ldxrb %w0, [%2]\n add %w0, %w0, #1\n stxrb %w1, %w0, [%2]\n cbnz %w1, 1b"
                   : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}
static void add16(uint16_t* p) {
  uint32_t v, fail;
  __asm__ volatile("1: ldaxrh %w0, [%2]\n add %w0, %w0, #1\n stlxrh %w1, %w0, [%2]\n cbnz %w1, 1b"
                   : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}
static void add32(uint32_t* p) {
  uint32_t v, fail;
  __asm__ volatile("1: ldaxr %w0, [%2]\n add %w0, %w0, #1\n stlxr %w1, %w0, [%2]\n cbnz %w1, 1b"
                   : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}
static void add64(uint64_t* p) {
  uint64_t v;
  uint32_t fail;
  __asm__ volatile("1: ldxr %0, [%2]\n add %0, %0, #1\n stxr %w1, %0, [%2]\n cbnz %w1, 1b"
                   : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}
/* Both halves move together: the low word by 1, the high word by 3. */
static void add_pair32(uint32_t* p) {
  uint32_t lo, hi, fail;
  __asm__ volatile("1: ldxp %w0, %w1, [%3]\n add %w0, %w0, #1\n add %w1, %w1, #3\n stxp %w2, %w0, %w1, [%3]\n cbnz %w2, 1b"
                   : "=&r"(lo), "=&r"(hi), "=&r"(fail) : "r"(p) : "memory");
}
static void add_pair64(uint64_t* p) {
  uint64_t lo, hi;
  uint32_t fail;
  __asm__ volatile("1: ldaxp %0, %1, [%3]\n add %0, %0, #1\n add %1, %1, #5\n stlxp %w2, %0, %1, [%3]\n cbnz %w2, 1b"
                   : "=&r"(lo), "=&r"(hi), "=&r"(fail) : "r"(p) : "memory");
}

#elif defined(__arm__)
/* ARM's exclusives, in the state the compiler builds (Thumb-2 for Debian's armhf), each of its
 * four sizes; the doubleword through a register pair. */
static void add8(uint8_t* p) {
  uint32_t v, fail;
  __asm__ volatile("1: ldrexb %0, [%2]\n adds %0, %0, #1\n strexb %1, %0, [%2]\n cmp %1, #0\n bne 1b"
                   : "=&r"(v), "=&r"(fail) : "r"(p) : "memory", "cc");
}
static void add16(uint16_t* p) {
  uint32_t v, fail;
  __asm__ volatile("1: ldrexh %0, [%2]\n adds %0, %0, #1\n strexh %1, %0, [%2]\n cmp %1, #0\n bne 1b"
                   : "=&r"(v), "=&r"(fail) : "r"(p) : "memory", "cc");
}
static void add32(uint32_t* p) {
  uint32_t v, fail;
  __asm__ volatile("1: ldrex %0, [%2]\n adds %0, %0, #1\n strex %1, %0, [%2]\n cmp %1, #0\n bne 1b\n dmb ish"
                   : "=&r"(v), "=&r"(fail) : "r"(p) : "memory", "cc");
}
static void add64(uint64_t* p) {
  uint64_t v;
  uint32_t fail;
  __asm__ volatile("1: ldrexd %Q0, %R0, [%2]\n adds %Q0, %Q0, #1\n adc %R0, %R0, #0\n strexd %1, %Q0, %R0, [%2]\n"
                   " cmp %1, #0\n bne 1b"
                   : "=&r"(v), "=&r"(fail) : "r"(p) : "memory", "cc");
}

#elif defined(__i386__)
/* x86's locked read-modify-write instructions of each size; the doubleword through cmpxchg8b. */
static void add8(uint8_t* p) { __asm__ volatile("lock addb $1, %0" : "+m"(*p) : : "memory", "cc"); }
static void add16(uint16_t* p) { __asm__ volatile("lock incw %0" : "+m"(*p) : : "memory", "cc"); }
static void add32(uint32_t* p) {
  uint32_t one = 1;
  __asm__ volatile("lock xaddl %0, %1" : "+r"(one), "+m"(*p) : : "memory", "cc");
}
static void add64(uint64_t* p) {
  uint64_t old = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (!__atomic_compare_exchange_n(p, &old, old + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
  }
}

#elif defined(__s390x__)
// s390x: compare-and-swap loops (cs, csg; bytes and halfwords inside their word), as gcc builds
// the builtins.
static void add8(uint8_t* p) { __atomic_fetch_add(p, 1, __ATOMIC_RELAXED); }
static void add16(uint16_t* p) { __atomic_fetch_add(p, 1, __ATOMIC_ACQ_REL); }
static void add32(uint32_t* p) { __atomic_fetch_add(p, 1, __ATOMIC_SEQ_CST); }
static void add64(uint64_t* p) { __atomic_fetch_add(p, 1, __ATOMIC_SEQ_CST); }
#elif defined(__riscv)
static void add8(uint8_t* p) { __atomic_fetch_add(p, 1, __ATOMIC_RELAXED); }
static void add16(uint16_t* p) { __atomic_fetch_add(p, 1, __ATOMIC_ACQ_REL); }
static void add32(uint32_t* p) {
  uint32_t v, fail;
  __asm__ volatile("1: lr.w.aq %0, (%2)\n addiw %0, %0, 1\n sc.w.rl %1, %0, (%2)\n bnez %1, 1b"
                   : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}
static void add64(uint64_t* p) {
  uint64_t v, fail;
  __asm__ volatile("1: lr.d %0, (%2)\n addi %0, %0, 1\n sc.d %1, %0, (%2)\n bnez %1, 1b"
                   : "=&r"(v), "=&r"(fail) : "r"(p) : "memory");
}
static uint32_t amo_word;
static uint64_t amo_dword, bits, maxed = 0, mined = ~0ull;
static int32_t signed_max = -1000;
static void amos(int self, int i) {
  uint64_t old;
  __asm__ volatile("amoadd.w zero, %1, (%0)" : : "r"(&amo_word), "r"(3) : "memory");
  __asm__ volatile("amoadd.d %0, %2, (%1)" : "=r"(old) : "r"(&amo_dword), "r"(5ull) : "memory");
  const uint64_t bit = 1ull << (self * 8 + (i & 7));
  __asm__ volatile("amoor.d zero, %1, (%0)" : : "r"(&bits), "r"(bit) : "memory");
  __asm__ volatile("amoxor.d zero, %1, (%0)" : : "r"(&bits), "r"(bit << 32) : "memory");
  __asm__ volatile("amoand.d zero, %1, (%0)" : : "r"(&bits), "r"(~bit) : "memory");
  __asm__ volatile("amomaxu.d zero, %1, (%0)" : : "r"(&maxed), "r"((uint64_t)self * kRounds + i) : "memory");
  __asm__ volatile("amominu.d zero, %1, (%0)" : : "r"(&mined), "r"((uint64_t)self * kRounds + i + 7) : "memory");
  __asm__ volatile("amomax.w zero, %1, (%0)" : : "r"(&signed_max), "r"(-(int32_t)(i % 500)) : "memory");
}
/* A test-and-set lock with amoswap. */
static uint32_t swap_lock;
static uint64_t swap_guarded;
static void swap_locked_increment(void) {
  uint32_t was;
  do __asm__ volatile("amoswap.w.aq %0, %2, (%1)" : "=r"(was) : "r"(&swap_lock), "r"(1) : "memory");
  while (was);
  ++swap_guarded;
  __asm__ volatile("amoswap.w.rl zero, zero, (%0)" : : "r"(&swap_lock) : "memory");
}
#endif

static void* work(void* arg) {
  int self = (int)(intptr_t)arg;
  for (int i = 0; i < kRounds; ++i) {
    add8(&u8);
    add16(&u16);
    add32(&u32);
    add64(&u64);
#if defined(__aarch64__)
    add_pair32(pair32);
    add_pair64(pair64);
#elif defined(__riscv)
    amos(self, i);
    swap_locked_increment();
#endif
    add8(&own[self]);
    uint32_t expected = 0;
    while (!__atomic_compare_exchange_n(&spin, &expected, 1, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) expected = 0;
    ++guarded;
    __atomic_store_n(&spin, 0, __ATOMIC_RELEASE);
  }
  return NULL;
}

int main(void) {
  pthread_t t[kThreads];
  for (int i = 0; i < kThreads; ++i) check(pthread_create(&t[i], NULL, work, (void*)(intptr_t)i) == 0, "pthread_create");
  for (int i = 0; i < kThreads; ++i) pthread_join(t[i], NULL);
  const uint64_t n = (uint64_t)kThreads * kRounds;
  printf("byte %u (expected %u)\n", u8, (unsigned)(n % 256));
  printf("halfword %u (expected %u)\n", u16, (unsigned)(n % 65536));
  printf("word %u (expected %u)\n", u32, (unsigned)n);
  printf("doubleword %llu (expected %llu)\n", (unsigned long long)u64, (unsigned long long)n);
#if defined(__aarch64__)
  printf("pair of words %u %u (expected %u %u)\n", pair32[0], pair32[1], (unsigned)n, (unsigned)(3 * n));
  printf("pair of doublewords %llu %llu (expected %llu %llu)\n", (unsigned long long)pair64[0],
         (unsigned long long)pair64[1], (unsigned long long)n, (unsigned long long)(5 * n));
#elif defined(__riscv)
  printf("amoadd.w %u (expected %u), amoadd.d %llu (expected %llu)\n", amo_word, (unsigned)(3 * n),
         (unsigned long long)amo_dword, (unsigned long long)(5 * n));
  /* Each thread's last or/and pair leaves its bits clear; the xors flip bits above 32 an even
   * number of times per position (kRounds / 8 is even). */
  printf("amoor/amoand/amoxor bits %#llx (expected 0)\n", (unsigned long long)bits);
  printf("amomaxu %llu (expected %llu), amominu %llu (expected 7), amomax.w %d (expected 0)\n",
         (unsigned long long)maxed, (unsigned long long)(n - 1), (unsigned long long)mined, signed_max);
  printf("amoswap-locked %llu (expected %llu)\n", (unsigned long long)swap_guarded, (unsigned long long)n);
#endif
  for (int i = 0; i < kThreads; ++i) printf("own byte %d: %u (expected %u)\n", i, own[i], (unsigned)(kRounds % 256));
  printf("spin-locked %llu (expected %llu)\n", (unsigned long long)guarded, (unsigned long long)n);
  return 0;
}
