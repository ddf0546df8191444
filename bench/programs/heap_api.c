/* The Windows heap API as a Rust or C++ program's allocator uses it: HeapAlloc and HeapFree of the
 * process heap (16 B to 4 KiB, up to 256 blocks live, some HeapReAlloc growth), then the same on a
 * heap of the program's own (HeapCreate), freed whole with HeapDestroy. Natively (the baseline
 * build), malloc, realloc and free. Prints a checksum; argument: scale. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <windows.h>
static HANDLE heap;
#define ALLOC(n) HeapAlloc(heap, 0, (n))
#define REALLOC(p, n) HeapReAlloc(heap, 0, (p), (n))
#define FREE(p) HeapFree(heap, 0, (p))
#define USE_PROCESS_HEAP() (heap = GetProcessHeap())
#define USE_OWN_HEAP() (heap = HeapCreate(0, 0, 0))
#define DROP_OWN_HEAP() HeapDestroy(heap)
#else
#define ALLOC(n) malloc(n)
#define REALLOC(p, n) realloc((p), (n))
#define FREE(p) free(p)
#define USE_PROCESS_HEAP() ((void)0)
#define USE_OWN_HEAP() ((void)0)
#define DROP_OWN_HEAP() ((void)0)
#endif

enum { kLive = 256 };

static uint64_t churn(long steps, int free_all) {
  char* live[kLive] = {0};
  size_t sizes[kLive] = {0};
  uint64_t check = 0;
  uint32_t x = 2463534242u;
  for (long it = 0; it < steps; ++it) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    unsigned slot = x % kLive;
    size_t size = 16 + (x >> 9) % 4081;
    if (live[slot] && (x & 0x300) == 0 && sizes[slot] < 2048) {  // grow a block now and then
      live[slot] = REALLOC(live[slot], sizes[slot] * 2);
      check += (unsigned char)live[slot][0];
      sizes[slot] *= 2;
      live[slot][sizes[slot] - 1] = (char)x;
      continue;
    }
    if (live[slot]) {
      check += (unsigned char)live[slot][sizes[slot] - 1];
      FREE(live[slot]);
    }
    live[slot] = ALLOC(size);
    sizes[slot] = size;
    live[slot][0] = (char)it;
    live[slot][size - 1] = (char)(x >> 3);
  }
  if (free_all)
    for (int i = 0; i < kLive; ++i) FREE(live[i]);
  return check;
}

int main(int argc, char** argv) {
  long scale = argc > 1 ? atol(argv[1]) : 1;
  uint64_t check = 0;
  USE_PROCESS_HEAP();
  check += churn(3000000L * scale, 1);
  for (int round = 0; round < 20 * scale; ++round) {
    USE_OWN_HEAP();
    check += churn(50000, 0);
    DROP_OWN_HEAP();
  }
  printf("heap_api %llu\n", (unsigned long long)check);
  return 0;
}
