/* Integer mix: quicksort of pseudo-random ints, CRC32 over a buffer, integer matrix multiply.
 * Usage: intmix [scale]   (prints a checksum) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t seed = 1;
static uint32_t rnd(void) { return seed = seed * 1664525u + 1013904223u; }

static void quicksort(int32_t* a, long lo, long hi) {
  while (lo < hi) {
    int32_t p = a[(lo + hi) / 2];
    long i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        int32_t t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (j - lo < hi - i) {
      quicksort(a, lo, j);
      lo = i;
    } else {
      quicksort(a, i, hi);
      hi = j;
    }
  }
}

static uint32_t crc32(const uint8_t* p, size_t n) {
  static uint32_t t[256];
  if (!t[1])
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; ++i) c = t[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

#define M 96
static int32_t A[M][M], B[M][M], C[M][M];

int main(int argc, char** argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  uint64_t check = 0;
  for (int round = 0; round < scale; ++round) {
    long n = 300000;
    int32_t* a = malloc(n * sizeof *a);
    for (long i = 0; i < n; ++i) a[i] = (int32_t)rnd();
    quicksort(a, 0, n - 1);
    for (long i = 1; i < n; ++i)
      if (a[i - 1] > a[i]) return 1;
    check += (uint32_t)a[n / 2];
    check += crc32((const uint8_t*)a, n * sizeof *a);
    free(a);
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < M; ++j) A[i][j] = (int32_t)(rnd() % 100), B[i][j] = (int32_t)(rnd() % 100);
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < M; ++j) {
        int32_t s = 0;
        for (int k = 0; k < M; ++k) s += A[i][k] * B[k][j];
        C[i][j] = s;
      }
    for (int i = 0; i < M; ++i) check += (uint32_t)C[i][(i * 7) % M];
  }
  printf("intmix %llu\n", (unsigned long long)check);
  return 0;
}
