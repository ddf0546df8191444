// Four threads computing at once (an integer mix each) and meeting on a mutex-protected total
// and an atomic counter every 1,000 steps: what the guest-wide execution lock costs against
// qemu-aarch64, which runs guest threads in parallel. Prints a checksum; argument: scale.
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { kThreads = 4 };
static long rounds;
static uint64_t total;
static uint64_t meetings;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t result[kThreads];  // (not returned through a pointer: the same on 32-bit ISAs)

static void* work(void* arg) {
  const uintptr_t id = (uintptr_t)arg;
  uint64_t x = (uint64_t)(id + 1) * 0x9e3779b97f4a7c15ull + 1;
  for (long i = 0; i < rounds; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    if (i % 1000 == 0) {
      pthread_mutex_lock(&lock);
      total += x & 0xffff;
      pthread_mutex_unlock(&lock);
      __atomic_fetch_add(&meetings, 1, __ATOMIC_RELAXED);
    }
  }
  result[id] = x;
  return NULL;
}

int main(int argc, char** argv) {
  rounds = (argc > 1 ? atol(argv[1]) : 1) * 2000000L;
  pthread_t t[kThreads];
  for (long i = 0; i < kThreads; ++i) pthread_create(&t[i], NULL, work, (void*)(uintptr_t)i);
  uint64_t mix = 0;
  for (int i = 0; i < kThreads; ++i) {
    pthread_join(t[i], NULL);
    mix ^= result[i];
  }
  printf("%llu %llu %llu\n", (unsigned long long)mix, (unsigned long long)total, (unsigned long long)meetings);
  return 0;
}
