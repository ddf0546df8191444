/* Many allocations of mixed sizes (brk and mmap paths), contents verified, checksum printed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t state = 12345;
static uint32_t next(void) { return state = state * 1103515245u + 12345u; }

#define SLOTS 512

int main(void) {
  unsigned char* slot[SLOTS] = {0};
  size_t size[SLOTS] = {0};
  uint64_t sum = 0;
  for (int op = 0; op < 200000; ++op) {
    int i = next() % SLOTS;
    if (slot[i]) {
      for (size_t k = 0; k < size[i]; k += 97)
        if (slot[i][k] != (unsigned char)(i + k)) {
          printf("corrupt slot %d\n", i);
          return 1;
        }
      sum += slot[i][size[i] - 1];
      if (next() % 4 == 0) {
        size_t ns = size[i] * 2 + 1;
        unsigned char* p = realloc(slot[i], ns);
        if (!p) return 1;
        for (size_t k = size[i]; k < ns; ++k) p[k] = (unsigned char)(i + k);
        slot[i] = p, size[i] = ns;
        continue;
      }
      free(slot[i]);
      slot[i] = NULL;
    } else {
      uint32_t r = next();
      size_t n = (r % 16 == 0) ? 200000 + r % 3000000 : 1 + r % 2048;
      slot[i] = malloc(n);
      if (!slot[i]) return 1;
      size[i] = n;
      for (size_t k = 0; k < n; k += (n > 100000 ? 97 : 1)) slot[i][k] = (unsigned char)(i + k);
      slot[i][n - 1] = (unsigned char)(i + n - 1);
    }
  }
  for (int i = 0; i < SLOTS; ++i) free(slot[i]);
  printf("malloc checksum %llu\n", (unsigned long long)sum);
  return 0;
}
