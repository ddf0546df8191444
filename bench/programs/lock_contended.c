/* Four threads contending on one lock with almost no work outside it: a critical section (a
   pthread mutex natively), then an SRW lock taken exclusively (a pthread rwlock natively). Prints
   the totals; argument: scale. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "run_threads.h"
#ifdef _WIN32
#include <windows.h>
static CRITICAL_SECTION cs;
static SRWLOCK srw = SRWLOCK_INIT;
#define CS_LOCK() EnterCriticalSection(&cs)
#define CS_UNLOCK() LeaveCriticalSection(&cs)
#define RW_LOCK() AcquireSRWLockExclusive(&srw)
#define RW_UNLOCK() ReleaseSRWLockExclusive(&srw)
#else
#include <pthread.h>
static pthread_mutex_t cs = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t srw = PTHREAD_RWLOCK_INITIALIZER;
#define CS_LOCK() pthread_mutex_lock(&cs)
#define CS_UNLOCK() pthread_mutex_unlock(&cs)
#define RW_LOCK() pthread_rwlock_wrlock(&srw)
#define RW_UNLOCK() pthread_rwlock_unlock(&srw)
#endif

enum { kThreads = 4, kSteps = 20 };
static long rounds;
static uint64_t cs_total, rw_total;

static void work(long id) {
  uint64_t x = (uint64_t)id * 0x9e3779b97f4a7c15ull + 1;
  for (long r = 0; r < rounds; ++r) {
    for (int i = 0; i < kSteps; ++i) x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    CS_LOCK();
    cs_total += x & 0xff;
    CS_UNLOCK();
    RW_LOCK();
    rw_total += 1;
    RW_UNLOCK();
  }
}

static void start(long id) { work(id + 1); }

int main(int argc, char** argv) {
  rounds = (argc > 1 ? atol(argv[1]) : 1) * 200000L;
#ifdef _WIN32
  InitializeCriticalSection(&cs);
#endif
  run_threads(kThreads, start);
  printf("lock_contended %llu %llu\n", (unsigned long long)cs_total, (unsigned long long)rw_total);
  return 0;
}
