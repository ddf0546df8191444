/* Small kernels as a program built for z14 runs them: built with -march=z14 -O3 (and
 * -fno-math-errno, which lets sqrtf be an instruction), the compiler
 * vectorizes the single-precision loops with the vector-enhancements facility 1 (VFASB, VFMSB,
 * VFDSB, VFSQSB, VFMASB, VFMAXSB/VFMINSB, VFCHSB, VFISB, VFLLS, VFLRD …), does binary128 arithmetic
 * in vector registers (WFAXB, WFMXB, WFDXB …), and multiplies 64-bit integers with the
 * miscellaneous-instruction-extensions facility 2 (MG, MGRK, MSGRKC, MSRKC, AGH, SGH …). Every result
 * is one IEEE arithmetic defines exactly (elementwise operations, each rounded once; sums of
 * exactly representable products), so that the same source built for any other machine prints the
 * same (the reference). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 1003 /* (not a multiple of the vector length: the loops' tails too) */

static float fa[N], fb[N], fc[N], fr[N];
static double da[N], db[N], dr[N];
static int64_t ia[N], ib[N];
static int16_t sh[N];

static uint32_t seed = 12345;
static uint32_t rnd(void) {
  seed = seed * 1103515245u + 12345u;
  return seed >> 8;
}

/* A digest of the results' bit patterns (the same whatever the byte order). */
static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull; }
static uint64_t digest_floats(const float* v, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    memcpy(&bits, &v[i], 4);
    h = mix(h, bits);
  }
  return h;
}
static uint64_t digest_doubles(const double* v, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; ++i) {
    uint64_t bits;
    memcpy(&bits, &v[i], 8);
    h = mix(h, bits);
  }
  return h;
}

/* Elementwise single precision: each result one rounding of the exact value. */
__attribute__((noinline)) static void f_add(void) { for (int i = 0; i < N; ++i) fr[i] = fa[i] + fb[i]; }
__attribute__((noinline)) static void f_sub(void) { for (int i = 0; i < N; ++i) fr[i] = fa[i] - fb[i]; }
__attribute__((noinline)) static void f_mul(void) { for (int i = 0; i < N; ++i) fr[i] = fa[i] * fb[i]; }
__attribute__((noinline)) static void f_div(void) { for (int i = 0; i < N; ++i) fr[i] = fa[i] / fb[i]; }
__attribute__((noinline)) static void f_sqrt(void) { for (int i = 0; i < N; ++i) fr[i] = sqrtf(fabsf(fa[i])); }
__attribute__((noinline)) static void f_fma(void) { for (int i = 0; i < N; ++i) fr[i] = fmaf(fa[i], fb[i], fc[i]); }
__attribute__((noinline)) static void f_fms(void) { for (int i = 0; i < N; ++i) fr[i] = fmaf(fa[i], fb[i], -fc[i]); }
__attribute__((noinline)) static void f_nfma(void) { for (int i = 0; i < N; ++i) fr[i] = -fmaf(fa[i], fb[i], fc[i]); }
__attribute__((noinline)) static void f_max(void) { for (int i = 0; i < N; ++i) fr[i] = fmaxf(fa[i], fb[i]); }
__attribute__((noinline)) static void f_min(void) { for (int i = 0; i < N; ++i) fr[i] = fminf(fa[i], fb[i]); }
__attribute__((noinline)) static void f_select(void) {
  for (int i = 0; i < N; ++i) fr[i] = fa[i] > fb[i] ? fa[i] - fb[i] : fc[i];
}
__attribute__((noinline)) static void f_round(void) {
  for (int i = 0; i < N; ++i) fr[i] = floorf(fa[i]) + ceilf(fb[i]) * 0.5f + truncf(fc[i]) * 0.25f;
}
__attribute__((noinline)) static void f_abs_neg(void) { for (int i = 0; i < N; ++i) fr[i] = -fabsf(fa[i]) + fb[i]; }
/* float <-> double */
__attribute__((noinline)) static void f_widen(void) { for (int i = 0; i < N; ++i) dr[i] = (double)fa[i] * (double)fb[i]; }
__attribute__((noinline)) static void f_narrow(void) { for (int i = 0; i < N; ++i) fr[i] = (float)(da[i] / db[i]); }
/* Comparisons counted. */
__attribute__((noinline)) static int f_count_greater(void) {
  int n = 0;
  for (int i = 0; i < N; ++i) n += fa[i] > fb[i];
  return n;
}
__attribute__((noinline)) static int f_count_equal(void) {
  int n = 0;
  for (int i = 0; i < N; ++i) n += fa[i] == fc[i];
  return n;
}
/* Dot products of small integers (every partial sum exact, whatever the order of the sums). */
__attribute__((noinline)) static float f_dot_exact(const float* x, const float* y) {
  float s[8] = {0};
  for (int i = 0; i + 8 <= 1000; i += 8)
    for (int k = 0; k < 8; ++k) s[k] = fmaf(x[i + k], y[i + k], s[k]);
  float t = 0;
  for (int k = 0; k < 8; ++k) t += s[k];
  return t;
}
/* Double precision: maximum and minimum by fmax/fmin, and negated fused multiply-add. */
__attribute__((noinline)) static void d_maxmin(void) {
  for (int i = 0; i < N; ++i) dr[i] = fmax(da[i], db[i]) - fmin(da[i], db[i]);
}
__attribute__((noinline)) static void d_nfma(void) { for (int i = 0; i < N; ++i) dr[i] = -fma(da[i], db[i], da[i]); }

/* 64-bit integer multiplications: the signed 128-bit product, and products checked for overflow. */
__attribute__((noinline)) static uint64_t i_mul128(void) {
  uint64_t h = 0;
  for (int i = 0; i < N; ++i) {
    const __int128 p = (__int128)ia[i] * ib[i];                  /* (MG: one operand in memory) */
    const __int128 q = (__int128)(ia[i] | 1) * (ib[i] - i);      /* (MGRK: both in registers) */
    h = h * 1000003u ^ (uint64_t)(p >> 64) ^ (uint64_t)p ^ (uint64_t)(q >> 64) * 3 ^ (uint64_t)q * 5;
  }
  return h;
}
__attribute__((noinline)) static uint64_t i_mul_overflow(int* overflows) {
  uint64_t h = 0;
  int n = 0;
  for (int i = 0; i < N; ++i) {
    int64_t p;
    if (__builtin_mul_overflow(ia[i], ib[i], &p))
      ++n;
    else
      h = h * 31 + (uint64_t)p;
    int32_t q;
    if (__builtin_mul_overflow((int32_t)ia[i], (int32_t)(ib[i] >> 20), &q))
      ++n;
    else
      h = h * 31 + (uint32_t)q;
  }
  *overflows = n;
  return h;
}
__attribute__((noinline)) static int64_t i_sum_halfwords(void) {
  int64_t s = 0;
  for (int i = 0; i < N; ++i) s += sh[i];
  for (int i = 0; i < N; i += 3) s -= sh[i];
  return s;
}

/* Binary128: _Float128's four operations, each rounded once. */
__attribute__((noinline)) static void q_ops(_Float128* out, _Float128 x, _Float128 y) {
  out[0] = x + y;
  out[1] = x - y;
  out[2] = x * y;
  out[3] = x / y;
}
static void print_q(const char* what, _Float128 v) {
  unsigned __int128 bits;
  memcpy(&bits, &v, 16);
  printf("%s %016llx%016llx\n", what, (unsigned long long)(bits >> 64), (unsigned long long)bits);
}

/* `z14_kernels loop N KIND`: N rounds of a loop of one instruction the engine lacks and three it
 * has (bench/README.md: what an executed instruction costs): KIND vfasb (VXE1, four elements),
 * wfmaxb (VXE1, binary128), msgrkc (MIE2), or none (the loop alone). */
static int loop(long n, const char* kind) {
#if defined(__s390x__) && defined(__VX__)
  static const float one[4] = {1, 1, 1, 1};
  float out[4];
  uint64_t acc = 3;
  if (strcmp(kind, "vfasb") == 0)
    __asm__ volatile("vl %%v1,0(%2)\n vzero %%v0\n 0: vfasb %%v0,%%v0,%%v1\n brctg %1,0b\n vst %%v0,0(%3)"
                     : "+d"(acc), "+d"(n) : "a"(one), "a"(out) : "v0", "v1", "memory");
  else if (strcmp(kind, "wfmaxb") == 0)
    __asm__ volatile("vl %%v1,0(%2)\n vzero %%v0\n vzero %%v2\n 0: wfmaxb %%v0,%%v1,%%v1,%%v0\n brctg %1,0b\n"
                     " vst %%v0,0(%3)"
                     : "+d"(acc), "+d"(n) : "a"(one), "a"(out) : "v0", "v1", "v2", "memory");
  else if (strcmp(kind, "msgrkc") == 0)
    __asm__ volatile("lghi %%r1,1\n 0: msgrkc %0,%0,%%r1\n brctg %1,0b" : "+d"(acc), "+d"(n) : : "r1", "cc");
  else
    __asm__ volatile("0: aghi %0,1\n brctg %1,0b" : "+d"(acc), "+d"(n) : : "cc");
  printf("%s %llu\n", kind, (unsigned long long)acc);
  return 0;
#else
  (void)n, (void)kind;
  return 0;
#endif
}

int main(int argc, char** argv) {
  if (argc == 4 && strcmp(argv[1], "loop") == 0) return loop(atol(argv[2]), argv[3]);
  for (int i = 0; i < N; ++i) {
    /* Values of every magnitude from 2^-20 to 2^20, both signs, a few equal pairs (each rnd()
     * call a statement of its own: the order of a call's arguments is the compiler's). */
    const uint32_t r1 = rnd() % 0xffffff, r2 = rnd() % 41, r3 = rnd() & 1;
    fa[i] = ldexpf((float)r1 / 0x800000, (int)r2 - 20) * (r3 ? -1.0f : 1.0f);
    const uint32_t r4 = rnd() % 0xffffff, r5 = rnd() % 41;
    fb[i] = ldexpf((float)r4 / 0x800000 + 0.5f, (int)r5 - 20);
    const uint32_t r6 = rnd() % 0xffffff, r7 = rnd() % 21;
    fc[i] = i % 7 == 0 ? fa[i] : ldexpf((float)r6 / 0x800000, (int)r7 - 10);
    da[i] = (double)fa[i] * 1.000000001;
    db[i] = (double)fb[i] + 0.25;
    /* Integers of every width, so that some products overflow 64 (and 32) bits and some not. */
    const uint64_t r8 = rnd(), r9 = rnd(), r10 = rnd(), r11 = rnd() % 62;
    ia[i] = (int64_t)(r8 << 40 ^ r9 << 16 ^ r10) >> r11;
    const uint64_t r12 = rnd(), r13 = rnd(), r14 = rnd() % 50, r15 = rnd() & 1;
    ib[i] = ((int64_t)(r12 << 36 ^ r13) >> r14) * (r15 ? -1 : 1);
    sh[i] = (int16_t)rnd();
  }
  static const struct {
    const char* name;
    void (*fn)(void);
  } floats[] = {{"add", f_add}, {"sub", f_sub}, {"mul", f_mul}, {"div", f_div}, {"sqrt", f_sqrt},
                {"fma", f_fma}, {"fms", f_fms}, {"nfma", f_nfma}, {"max", f_max}, {"min", f_min},
                {"select", f_select}, {"round", f_round}, {"abs_neg", f_abs_neg}, {"narrow", f_narrow}};
  for (size_t k = 0; k < sizeof floats / sizeof floats[0]; ++k) {
    floats[k].fn();
    printf("float %-8s %016llx  [0] %a  [%d] %a\n", floats[k].name, (unsigned long long)digest_floats(fr, N),
           (double)fr[0], N - 1, (double)fr[N - 1]);
  }
  f_widen();
  printf("widen          %016llx  [1] %a\n", (unsigned long long)digest_doubles(dr, N), dr[1]);
  d_maxmin();
  printf("double maxmin  %016llx  [2] %a\n", (unsigned long long)digest_doubles(dr, N), dr[2]);
  d_nfma();
  printf("double nfma    %016llx  [3] %a\n", (unsigned long long)digest_doubles(dr, N), dr[3]);
  printf("greater %d equal %d\n", f_count_greater(), f_count_equal());
  float ix[1000], iy[1000];
  for (int i = 0; i < 1000; ++i) {
    ix[i] = (float)((int)(rnd() % 201) - 100);
    iy[i] = (float)((int)(rnd() % 101) - 50);  /* (a statement after ix's) */
  }
  printf("dot %.1f\n", (double)f_dot_exact(ix, iy));
  int overflows = 0;
  printf("mul128 %016llx\n", (unsigned long long)i_mul128());
  const uint64_t h = i_mul_overflow(&overflows);
  printf("mul_overflow %016llx overflows %d\n", (unsigned long long)h, overflows);
  printf("halfwords %lld\n", (long long)i_sum_halfwords());
  _Float128 q[4];
  q_ops(q, (_Float128)1 / 3, (_Float128)fa[5]);
  print_q("q add", q[0]);
  print_q("q sub", q[1]);
  print_q("q mul", q[2]);
  print_q("q div", q[3]);
  q_ops(q, (_Float128)da[7] * da[8], (_Float128)-7.0e-3);
  print_q("q add2", q[0]);
  print_q("q div2", q[3]);
  return 0;
}
