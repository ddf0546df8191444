/* Small kernels as a program built for a later aarch64 baseline runs them: built with
 * -march=armv8.5-a+fp16+dotprod+sha3+fp16fml -O3, the compiler vectorizes the int8 dot products to
 * SDOT/UDOT and the half-precision loops to FP16 arithmetic, and the ACLE intrinsics below become
 * CRC32C, EOR3/RAX1/XAR/BCAX, FJCVTZS and FRINT32Z/FRINT64X. Each has a portable fallback, so that
 * the same source built for any other machine prints the same (the reference). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#if defined(__aarch64__)
#include <arm_acle.h>
#include <arm_neon.h>
#endif

static uint32_t crc32c_portable(uint32_t crc, const uint8_t* p, size_t n) {
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k) crc = crc >> 1 ^ (0x82f63b78u & -(crc & 1));
  }
  return ~crc;
}

static uint32_t crc32c(const uint8_t* p, size_t n) {
#if defined(__ARM_FEATURE_CRC32)
  uint32_t crc = ~0u;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    memcpy(&v, p + i, 8);
    crc = __crc32cd(crc, v);
  }
  for (; i < n; ++i) crc = __crc32cb(crc, p[i]);
  return ~crc;
#else
  return crc32c_portable(0, p, n);
#endif
}

static uint64_t rotl(uint64_t x, int n) { return n ? x << n | x >> (64 - n) : x; }

/* One mixing step of the SHA-3 family's shape on two lanes: EOR3, RAX1, XAR, BCAX. */
static void sha3_mix(uint64_t a[2], const uint64_t b[2], const uint64_t c[2]) {
#if defined(__ARM_FEATURE_SHA3)
  uint64x2_t va = vld1q_u64(a), vb = vld1q_u64(b), vc = vld1q_u64(c);
  va = veor3q_u64(va, vb, vc);
  va = vrax1q_u64(va, vb);
  va = vxarq_u64(va, vc, 13);
  va = vbcaxq_u64(va, vb, vc);
  vst1q_u64(a, va);
#else
  for (int i = 0; i < 2; ++i) {
    uint64_t v = a[i] ^ b[i] ^ c[i];
    v = v ^ rotl(b[i], 1);
    v = rotl(v ^ c[i], 64 - 13);
    v = v ^ (b[i] & ~c[i]);
    a[i] = v;
  }
#endif
}

/* JavaScript's ToInt32. */
static int32_t js_to_int32(double d) {
#if defined(__ARM_FEATURE_JCVT)
  return __jcvt(d);
#else
  if (!isfinite(d)) return 0;
  double t = trunc(d);
  double m = fmod(t, 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return (int32_t)(uint32_t)m;
#endif
}

/* Round toward zero to a value that fits in 32 bits, or the most negative one. */
static float rint32z(float f) {
#if defined(__ARM_FEATURE_FRINT)
  return __rint32zf(f);
#else
  if (isnan(f) || f >= 2147483648.0f || f < -2147483648.0f) return -2147483648.0f;
  return truncf(f);
#endif
}

enum { kN = 4096 };
static int8_t xa[kN], xb[kN];
static uint8_t ua[kN], ub[kN];
static _Float16 ha[kN], hb[kN];

int main(void) {
  uint32_t seed = 12345;
  for (int i = 0; i < kN; ++i) {
    seed = seed * 1103515245u + 12345u;
    xa[i] = (int8_t)(seed >> 16);
    xb[i] = (int8_t)(seed >> 24);
    ua[i] = (uint8_t)(seed >> 8);
    ub[i] = (uint8_t)(seed >> 20);
    ha[i] = (_Float16)((int)(seed >> 22 & 255) - 128) / (_Float16)16;
    hb[i] = (_Float16)((int)(seed >> 14 & 255) - 128) / (_Float16)32;
  }
  int32_t sdot = 0;
  uint32_t udot = 0;
  for (int i = 0; i < kN; ++i) sdot += xa[i] * xb[i];
  for (int i = 0; i < kN; ++i) udot += (uint32_t)(ua[i] * ub[i]);
  printf("int8 dot products: %d %u\n", sdot, udot);

  _Float16 hmax = -60000;
  float hsum = 0;
  for (int i = 0; i < kN; ++i) {
    _Float16 p = ha[i] * hb[i] + ha[i];
    hmax = p > hmax ? p : hmax;
    hsum += (float)p;
  }
  printf("half precision: max %.4f sum %.2f\n", (double)hmax, (double)hsum);

  uint8_t buf[1000];
  for (int i = 0; i < 1000; ++i) buf[i] = (uint8_t)(i * 7 + 3);
  printf("crc32c(123456789) %08x, of 1000 bytes %08x\n", crc32c((const uint8_t*)"123456789", 9), crc32c(buf, 1000));

  uint64_t a[2] = {0x0123456789abcdefull, 0xfedcba9876543210ull};
  const uint64_t b[2] = {0x0f1e2d3c4b5a6978ull, 0x8796a5b4c3d2e1f0ull}, c[2] = {0x1111222233334444ull, 0x5555666677778888ull};
  for (int r = 0; r < 24; ++r) sha3_mix(a, b, c);
  printf("sha3 lanes %016llx %016llx\n", (unsigned long long)a[0], (unsigned long long)a[1]);

  const double js[] = {1e20, -3.75, 4294967301.5, -2147483649.0, 0.0 / 0.0, 123456.999};
  printf("ToInt32:");
  for (size_t i = 0; i < sizeof js / sizeof js[0]; ++i) printf(" %d", js_to_int32(js[i]));
  printf("\n");

  const float fr[] = {2.5f, -2.5f, 3e9f, -3e9f, 1e10f, 123.9f};
  printf("rint32z:");
  for (size_t i = 0; i < sizeof fr / sizeof fr[0]; ++i) printf(" %.1f", (double)rint32z(fr[i]));
  printf("\n");
  return 0;
}
