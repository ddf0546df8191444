/* Stress: 16 threads, each 100,000 times taking a contended mutex around a plain increment and
 * doing an atomic increment (LDXR/STXR), plus a compare-and-swap spin lock guarding a third
 * counter every 10th round. All three totals must be exact. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "sample_check.h"

enum { kThreads = 16, kRounds = 100000 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t locked_total, spun_total;
static uint64_t atomic_total;
static int spin;

static void* work(void* arg) {
  (void)arg;
  for (int i = 0; i < kRounds; ++i) {
    pthread_mutex_lock(&lock);
    ++locked_total;
    pthread_mutex_unlock(&lock);
    __atomic_fetch_add(&atomic_total, 1, __ATOMIC_SEQ_CST);
    if (i % 10 == 0) {
      int expected = 0;
      while (!__atomic_compare_exchange_n(&spin, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        expected = 0;
        sched_yield();
      }
      ++spun_total;
      __atomic_store_n(&spin, 0, __ATOMIC_RELEASE);
    }
  }
  return NULL;
}

int main(void) {
  pthread_t t[kThreads];
  for (int i = 0; i < kThreads; ++i) check(pthread_create(&t[i], NULL, work, NULL) == 0, "pthread_create");
  for (int i = 0; i < kThreads; ++i) pthread_join(t[i], NULL);
  printf("mutex: %llu, atomic: %llu, spin lock: %llu (expected %d, %d, %d)\n", (unsigned long long)locked_total,
         (unsigned long long)atomic_total, (unsigned long long)spun_total, kThreads * kRounds, kThreads * kRounds,
         kThreads * kRounds / 10);
  return 0;
}
