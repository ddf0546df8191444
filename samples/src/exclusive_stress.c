/* Load/store-exclusive loops of every size on threads that compute at the same time: byte,
 * halfword, word and doubleword increments (LDXRB/STXRB … LDAXR/STLXR), pairs of words and of
 * doublewords (LDXP/STXP, LDAXP/STLXP), a compare-and-swap spin lock guarding plain increments,
 * and bytes next to each other that different threads own (a byte's exclusive store must not
 * disturb its neighbours). Every total must be exact. */
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
static uint32_t pair32[2] __attribute__((aligned(8)));
static uint64_t pair64[2] __attribute__((aligned(16)));
static uint8_t own[kThreads];  // thread i increments own[i] only
static uint32_t spin;
static uint64_t guarded;

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

static void* work(void* arg) {
  int self = (int)(intptr_t)arg;
  for (int i = 0; i < kRounds; ++i) {
    add8(&u8);
    add16(&u16);
    add32(&u32);
    add64(&u64);
    add_pair32(pair32);
    add_pair64(pair64);
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
  printf("pair of words %u %u (expected %u %u)\n", pair32[0], pair32[1], (unsigned)n, (unsigned)(3 * n));
  printf("pair of doublewords %llu %llu (expected %llu %llu)\n", (unsigned long long)pair64[0],
         (unsigned long long)pair64[1], (unsigned long long)n, (unsigned long long)(5 * n));
  for (int i = 0; i < kThreads; ++i) printf("own byte %d: %u (expected %u)\n", i, own[i], (unsigned)(kRounds % 256));
  printf("spin-locked %llu (expected %llu)\n", (unsigned long long)guarded, (unsigned long long)n);
  return 0;
}
