/* Four threads that compute a little between taking one lock, and bump an atomic counter each
   time: a contended mutex (CRITICAL_SECTION in a Windows build, pthread_mutex_t natively) and
   atomic read-modify-writes from every thread at once. Prints a checksum; argument: scale. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "run_threads.h"
#ifdef _WIN32
#include <windows.h>
typedef CRITICAL_SECTION lock_t;
#define LOCK_INIT(l) InitializeCriticalSection(l)
#define LOCK(l) EnterCriticalSection(l)
#define UNLOCK(l) LeaveCriticalSection(l)
#else
#include <pthread.h>
typedef pthread_mutex_t lock_t;
#define LOCK_INIT(l) pthread_mutex_init(l, NULL)
#define LOCK(l) pthread_mutex_lock(l)
#define UNLOCK(l) pthread_mutex_unlock(l)
#endif

enum { kThreads = 4, kSteps = 200 };
static long rounds;
static lock_t lock;
static uint64_t total;
static uint64_t meetings;
static uint64_t results[kThreads];

static uint64_t work(long id) {
  uint64_t x = (uint64_t)id * 0x9e3779b97f4a7c15ull + 1;
  for (long r = 0; r < rounds; ++r) {
    for (int i = 0; i < kSteps; ++i) x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    LOCK(&lock);
    total += x & 0xffff;
    UNLOCK(&lock);
    __atomic_fetch_add(&meetings, 1, __ATOMIC_SEQ_CST);
  }
  return x;
}

static void start(long id) { results[id] = work(id + 1); }

int main(int argc, char** argv) {
  rounds = (argc > 1 ? atol(argv[1]) : 1) * 100000L;
  LOCK_INIT(&lock);
  run_threads(kThreads, start);
  uint64_t mix = 0;
  for (int i = 0; i < kThreads; ++i) mix ^= results[i];
  printf("%llu %llu %llu\n", (unsigned long long)mix, (unsigned long long)total, (unsigned long long)meetings);
  return 0;
}
