// SVE2 code as a compiler makes it (bench/run.sh builds it -march=armv9-a+sve2 -O3 for aarch64,
// -O3 natively): loops it vectorizes with predicates — integer sums and conditional updates, a
// copy, a float multiply-add, a byte search — each pass over arrays of 4,096 elements.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 4096
static int32_t a[N], b[N];
static uint8_t text[N + 1], copy[N];
static float x[N], y[N];

__attribute__((noinline)) static int64_t sum(const int32_t* v, int n) {
  int64_t s = 0;
  for (int i = 0; i < n; ++i) s += v[i];
  return s;
}
__attribute__((noinline)) static void clamp_add(int32_t* d, const int32_t* s, int n) {
  for (int i = 0; i < n; ++i)
    if (s[i] > 0) d[i] = (d[i] + s[i]) & 0xffff;
}
__attribute__((noinline)) static void fma_loop(float* d, const float* s, float k, int n) {
  for (int i = 0; i < n; ++i) d[i] = d[i] * 0.5f + k * s[i];
}
__attribute__((noinline)) static int count_byte(const uint8_t* t, int n, uint8_t c) {
  int k = 0;
  for (int i = 0; i < n; ++i) k += t[i] == c;
  return k;
}

int main(int argc, char** argv) {
  const int scale = argc > 1 ? atoi(argv[1]) : 1;
  for (int i = 0; i < N; ++i) a[i] = (i * 37) % 101 - 50, b[i] = i % 7, x[i] = (float)(i % 13), y[i] = 1.0f,
    text[i] = (uint8_t)("the quick brown fox jumps over a lazy dog"[i % 41]);
  int64_t h = 0;
  for (int r = 0; r < 300 * scale; ++r) {
    clamp_add(b, a, N);
    h += sum(b, N);
    memcpy(copy, text, N);
    h += count_byte(copy, N, (uint8_t)('a' + r % 26));
    fma_loop(y, x, 0.25f, N);
  }
  printf("%lld %.3f\n", (long long)h, (double)y[N - 2]);
  return 0;
}
