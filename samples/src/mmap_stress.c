/* 10,000 anonymous mappings kept at once, then 10,000 mprotects on one large mapping. */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

#define N 10000

static void* maps[N];

int main(void) {
  uint64_t sum = 0;
  for (int i = 0; i < N; ++i) {
    maps[i] = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (maps[i] == MAP_FAILED) {
      printf("mmap %d failed\n", i);
      return 1;
    }
    ((volatile unsigned char*)maps[i])[i % 4096] = (unsigned char)i;
  }
  for (int i = 0; i < N; ++i) sum += ((unsigned char*)maps[i])[i % 4096];
  for (int i = 0; i < N; ++i)
    if (munmap(maps[i], 4096) != 0) return 1;

  size_t len = (size_t)N * 4096;
  unsigned char* big = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (big == MAP_FAILED) return 1;
  for (size_t i = 0; i < N; ++i) big[i * 4096] = (unsigned char)(i * 3);
  for (int i = 0; i < N; ++i) {
    int prot = i % 2 ? PROT_READ : PROT_READ | PROT_WRITE;
    if (mprotect(big + (size_t)i * 4096, 4096, prot) != 0) {
      printf("mprotect %d failed\n", i);
      return 1;
    }
  }
  for (size_t i = 0; i < N; ++i) sum += big[i * 4096];
  for (size_t i = 0; i < N; i += 2) big[i * 4096 + 1] = 1;  /* still writable pages */
  if (munmap(big, len) != 0) return 1;
  printf("mmap stress ok checksum %llu\n", (unsigned long long)sum);
  return 0;
}
