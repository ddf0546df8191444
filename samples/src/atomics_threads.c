/* C11 atomics from several threads at once, with counts that come out exact only when every
 * read-modify-write is atomic across threads: fetch-and-add of each width, the bitwise ones, a
 * compare-and-swap loop, a spin lock made of exchange, and a maximum kept by compare-and-swap.
 * Built for aarch64 with -march=armv8.1-a, so that the compiler emits LSE's instructions (LDADD,
 * LDSET, LDCLR, LDEOR, SWP, CAS) inline; for the other ISAs with their default baseline. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

enum { kThreads = 4, kRounds = 300000 };

static _Atomic int64_t add64;
static _Atomic int32_t add32;
static _Atomic uint16_t add16;
static _Atomic uint8_t add8;
static _Atomic uint64_t bits_set, bits_cleared = ~0ull, bits_flipped;
static _Atomic uint32_t cas_counter;
static _Atomic int32_t spin;
static int64_t guarded; /* changed only under the spin lock */
static _Atomic int64_t maximum;
static _Atomic int64_t exchanged_sum;
static _Atomic uint64_t swapped;

static void* work(void* arg) {
  const int id = (int)(intptr_t)arg;
  for (int i = 0; i < kRounds; ++i) {
    atomic_fetch_add(&add64, 3);
    atomic_fetch_add_explicit(&add32, -1, memory_order_relaxed);
    atomic_fetch_add_explicit(&add16, 7, memory_order_acquire);
    atomic_fetch_add_explicit(&add8, 1, memory_order_release);
    atomic_fetch_or(&bits_set, 1ull << ((i + id * 16) & 63));
    if (i < 16) atomic_fetch_and(&bits_cleared, ~(1ull << (id * 16 + i)));
    atomic_fetch_xor(&bits_flipped, 1ull << (id * 8 + (i & 7)));
    uint32_t seen = atomic_load_explicit(&cas_counter, memory_order_relaxed);
    while (!atomic_compare_exchange_weak(&cas_counter, &seen, seen + 1)) {
    }
    while (atomic_exchange_explicit(&spin, 1, memory_order_acquire)) {
    }
    guarded += id + 1;
    atomic_store_explicit(&spin, 0, memory_order_release);
    const int64_t candidate = (int64_t)((uint64_t)(i * 2654435761u + id * 40503u) % 1000003u);
    int64_t m = atomic_load(&maximum);
    while (candidate > m && !atomic_compare_exchange_strong(&maximum, &m, candidate)) {
    }
    /* Each thread swaps its own value in and adds what it took out: the values taken out, plus
     * what is left at the end, sum to all the values put in. */
    exchanged_sum += (int64_t)atomic_exchange(&swapped, (uint64_t)(id * kRounds + i + 1));
  }
  return NULL;
}

int main(void) {
  pthread_t t[kThreads];
  for (int i = 0; i < kThreads; ++i) pthread_create(&t[i], NULL, work, (void*)(intptr_t)i);
  for (int i = 0; i < kThreads; ++i) pthread_join(t[i], NULL);
  const int64_t total = (int64_t)kThreads * kRounds;
  printf("add64 %lld (expected %lld)\n", (long long)add64, (long long)(3 * total));
  printf("add32 %d (expected %lld)\n", (int)add32, (long long)-total);
  printf("add16 %u (expected %u)\n", (unsigned)add16, (unsigned)(uint16_t)(7 * total));
  printf("add8 %u (expected %u)\n", (unsigned)add8, (unsigned)(uint8_t)total);
  printf("or %016llx and %016llx xor %016llx\n", (unsigned long long)bits_set, (unsigned long long)bits_cleared,
         (unsigned long long)bits_flipped);
  printf("cas %u (expected %lld)\n", (unsigned)cas_counter, (long long)total);
  printf("spin lock %lld (expected %lld)\n", (long long)guarded, (long long)kRounds * (1 + 2 + 3 + 4));
  printf("maximum %lld\n", (long long)maximum);
  const int64_t all = total * (total + 1) / 2;
  printf("exchange %s\n", exchanged_sum + (int64_t)swapped == all ? "every value once" : "values lost or doubled");
  return 0;
}
