/* An allocation- and C-runtime-heavy loop: snprintf with %f and %d, malloc and free of 16 to
 * 4000 bytes with up to 64 blocks live, memcpy, strlen, strchr, memcmp. Prints a checksum (the
 * same for every build of the same width: the format results are printed integers and fixed
 * decimals). Argument: scale. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  uint64_t check = 0;
  char* live[64] = {0};
  size_t sizes[64] = {0};
  char line[128];
  uint32_t x = 12345;
  for (long it = 0; it < 200000L * scale; ++it) {
    x = x * 1103515245u + 12345u;
    int n = snprintf(line, sizeof line, "%ld:%.3f:%d", it, (double)(x % 100000) / 7.0, (int)(x >> 20));
    check += (uint64_t)n + strlen(line);
    unsigned slot = (x >> 8) & 63;
    size_t size = 16 + (x >> 4) % 3985;
    if (live[slot]) {
      check += memcmp(live[slot], line, (size_t)n < sizes[slot] ? (size_t)n : sizes[slot]) == 0;
      free(live[slot]);
    }
    live[slot] = malloc(size);
    sizes[slot] = size;
    size_t copy = (size_t)n + 1 < size ? (size_t)n + 1 : size;
    memcpy(live[slot], line, copy);
    live[slot][copy - 1] = 0;
    char* colon = strchr(live[slot], ':');
    if (colon) check += (uint64_t)(colon - live[slot]);
  }
  for (int i = 0; i < 64; ++i) free(live[i]);
  printf("crt_mix %llu\n", (unsigned long long)check);
  return 0;
}
