/* x86_64_v2_i386: an i386 program built for the x86-64-v2 level with AES-NI and PCLMULQDQ
 * (-march=x86-64-v2 -maes -mpclmul -O2), doing real work with their instructions through the
 * compiler's intrinsics, each result checked against plain C or a published test vector:
 * CRC-32C (SSE4.2 crc32), population counts (popcnt, and SSSE3 pshufb nibble tables), byte
 * shuffles (pshufb), substring search and string comparison (SSE4.2 pcmpistri), AES-128 (the
 * FIPS-197 appendix C.1 vector, then decrypted back), a carry-less product (pclmulqdq) and GHASH
 * multiplication, SSE4.1 blends, rounding and dot products; then threads adding to 64-bit
 * counters with `lock cmpxchg8b` (and 32-bit ones with `lock xadd`), whose counts must be exact. */
#define _GNU_SOURCE
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(__SSE4_2__) || !defined(__AES__) || !defined(__PCLMUL__) || !defined(__POPCNT__)
#error "build with -march=x86-64-v2 -maes -mpclmul"
#endif

static int failures;

static void verdict(const char* what, int ok) {
  printf("%s: %s\n", what, ok ? "ok" : "WRONG");
  if (!ok) ++failures;
}

static uint8_t buffer[4099];

static void fill(void) {
  uint32_t x = 12345;
  for (size_t i = 0; i < sizeof buffer; ++i) {
    x = x * 1103515245u + 12345u;
    buffer[i] = (uint8_t)(x >> 16);
  }
}

/* ---- CRC-32C ---- */

static uint32_t crc32c_plain(const uint8_t* p, size_t n) {
  uint32_t c = 0xffffffff;
  for (size_t i = 0; i < n; ++i) {
    c ^= p[i];
    for (int k = 0; k < 8; ++k) c = c >> 1 ^ (0x82f63b78u & -(c & 1));
  }
  return ~c;
}

static uint32_t crc32c_sse42(const uint8_t* p, size_t n) {
  uint32_t c = 0xffffffff;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t w;
    memcpy(&w, p + i, 4);
    c = _mm_crc32_u32(c, w);
  }
  if (i + 2 <= n) {
    uint16_t h;
    memcpy(&h, p + i, 2);
    c = _mm_crc32_u16(c, h);
    i += 2;
  }
  for (; i < n; ++i) c = _mm_crc32_u8(c, p[i]);
  return ~c;
}

static void crc32c(void) {
  /* The check value of CRC-32C (Castagnoli): "123456789" gives 0xe3069283. */
  const uint32_t check = crc32c_sse42((const uint8_t*)"123456789", 9);
  printf("crc32c(\"123456789\") = %08x\n", check);
  verdict("crc32c check value", check == 0xe3069283u);
  const uint32_t a = crc32c_sse42(buffer, sizeof buffer), b = crc32c_plain(buffer, sizeof buffer);
  printf("crc32c of %zu bytes = %08x\n", sizeof buffer, a);
  verdict("crc32c against plain C", a == b);
}

/* ---- population counts ---- */

static unsigned popcount_plain(const uint8_t* p, size_t n) {
  unsigned c = 0;
  for (size_t i = 0; i < n; ++i)
    for (int k = 0; k < 8; ++k) c += p[i] >> k & 1;
  return c;
}

static unsigned popcount_insn(const uint8_t* p, size_t n) {
  unsigned c = 0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t w;
    memcpy(&w, p + i, 4);
    c += (unsigned)_mm_popcnt_u32(w);
  }
  for (; i < n; ++i) c += (unsigned)_mm_popcnt_u32(p[i]);
  return c;
}

/* Nibble lookup with pshufb: each byte's count from two table lookups, summed by psadbw. */
static unsigned popcount_pshufb(const uint8_t* p, size_t n) {
  const __m128i table = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m128i low = _mm_set1_epi8(0x0f);
  __m128i sum = _mm_setzero_si128();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128((const __m128i*)(p + i));
    const __m128i lo = _mm_shuffle_epi8(table, _mm_and_si128(v, low));
    const __m128i hi = _mm_shuffle_epi8(table, _mm_and_si128(_mm_srli_epi16(v, 4), low));
    sum = _mm_add_epi64(sum, _mm_sad_epu8(_mm_add_epi8(lo, hi), _mm_setzero_si128()));
  }
  unsigned c = (unsigned)(_mm_cvtsi128_si32(sum) + _mm_extract_epi32(sum, 2));
  return c + popcount_plain(p + i, n - i);
}

static void popcounts(void) {
  const unsigned a = popcount_insn(buffer, sizeof buffer), b = popcount_pshufb(buffer, sizeof buffer),
                 c = popcount_plain(buffer, sizeof buffer);
  printf("bits set in %zu bytes: %u (popcnt), %u (pshufb)\n", sizeof buffer, a, b);
  verdict("popcnt against plain C", a == c);
  verdict("pshufb nibble count against plain C", b == c);
  printf("popcnt of 0, 1, 0xffffffff, 0x80000001: %d %d %d %d\n", _mm_popcnt_u32(0), _mm_popcnt_u32(1),
         _mm_popcnt_u32(0xffffffffu), _mm_popcnt_u32(0x80000001u));
}

/* ---- pshufb byte shuffles ---- */

static void shuffles(void) {
  /* Each 16-byte block reversed, and its bytes turned into lower-case hex digits. */
  const __m128i reverse = _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  const __m128i digits = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
  int ok = 1;
  for (size_t i = 0; i + 16 <= sizeof buffer; i += 16) {
    uint8_t r[16];
    _mm_storeu_si128((__m128i*)r, _mm_shuffle_epi8(_mm_loadu_si128((const __m128i*)(buffer + i)), reverse));
    for (int k = 0; k < 16; ++k) ok &= r[k] == buffer[i + 15 - k];
  }
  verdict("pshufb reversal of every block", ok);
  const __m128i v = _mm_loadu_si128((const __m128i*)buffer);
  const __m128i mask = _mm_set1_epi8(0x0f);
  const __m128i hi = _mm_shuffle_epi8(digits, _mm_and_si128(_mm_srli_epi16(v, 4), mask));
  const __m128i lo = _mm_shuffle_epi8(digits, _mm_and_si128(v, mask));
  char hex[33];
  _mm_storeu_si128((__m128i*)hex, _mm_unpacklo_epi8(hi, lo));
  _mm_storeu_si128((__m128i*)(hex + 16), _mm_unpackhi_epi8(hi, lo));
  hex[32] = 0;
  char plain[33];
  for (int k = 0; k < 16; ++k) snprintf(plain + 2 * k, 3, "%02x", buffer[k]);
  printf("first 16 bytes in hex (pshufb): %s\n", hex);
  verdict("pshufb hex against snprintf", strcmp(hex, plain) == 0);
  /* palignr: the bytes 5..20 of the buffer from two aligned loads. */
  uint8_t r[16];
  _mm_storeu_si128((__m128i*)r, _mm_alignr_epi8(_mm_loadu_si128((const __m128i*)(buffer + 16)),
                                                _mm_loadu_si128((const __m128i*)buffer), 5));
  verdict("palignr by 5", memcmp(r, buffer + 5, 16) == 0);
}

/* ---- pcmpistri: substring search and comparison ---- */

/* Where needle (at most 16 bytes) first occurs in haystack: the equal-ordered comparison finds
 * a candidate in each 16-byte window, confirmed with memcmp. The haystack is read in 16-byte
 * windows from a padded copy. */
static long find(const char* haystack, const char* needle) {
  char pad[16] = {0};
  const size_t nl = strlen(needle), hl = strlen(haystack);
  memcpy(pad, needle, nl);
  const __m128i n = _mm_loadu_si128((const __m128i*)pad);
  static char text[4096 + 32];
  memset(text, 0, sizeof text);
  memcpy(text, haystack, hl);
  for (size_t at = 0; at < hl;) {
    const __m128i h = _mm_loadu_si128((const __m128i*)(text + at));
    const int i = _mm_cmpistri(n, h, _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_ORDERED | _SIDD_LEAST_SIGNIFICANT);
    if (i == 16) {
      at += 16;
      continue;
    }
    if (at + i + nl <= hl && memcmp(text + at + i, needle, nl) == 0) return (long)(at + i);
    if (at + i >= hl) break;
    at += i ? (size_t)i : 1;
  }
  return -1;
}

/* The index of the first byte where two strings differ (16 when the first 16 agree), as
 * strcmp's loop would find it. */
static int first_difference(const char* a, const char* b) {
  char pa[16] = {0}, pb[16] = {0};
  memcpy(pa, a, strnlen(a, 16));
  memcpy(pb, b, strnlen(b, 16));
  return _mm_cmpistri(_mm_loadu_si128((const __m128i*)pa), _mm_loadu_si128((const __m128i*)pb),
                      _SIDD_UBYTE_OPS | _SIDD_CMP_EQUAL_EACH | _SIDD_NEGATIVE_POLARITY | _SIDD_LEAST_SIGNIFICANT);
}

static void strings(void) {
  static const char text[] =
      "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age "
      "of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season "
      "of Light, it was the season of Darkness, it was the spring of hope, it was the winter of despair.";
  const char* needles[] = {"worst", "epoch of incre", "Darkness", "despair.", "It was", "summer", "o", "season of L"};
  int ok = 1;
  for (size_t k = 0; k < sizeof needles / sizeof *needles; ++k) {
    const long at = find(text, needles[k]);
    const char* want = strstr(text, needles[k]);
    printf("\"%s\" at %ld\n", needles[k], at);
    ok &= at == (want ? want - text : -1);
  }
  verdict("pcmpistri search against strstr", ok);
  printf("first difference: %d %d %d %d\n", first_difference("polyrun", "polygon"), first_difference("abc", "abc"),
         first_difference("x", "y"), first_difference("same prefix 123", "same prefix 12"));
  /* ranges: the digits of a string */
  const __m128i digits = _mm_setr_epi8('0', '9', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  char s[16] = "abc123def45";
  const int first_digit = _mm_cmpistri(digits, _mm_loadu_si128((const __m128i*)s), _SIDD_UBYTE_OPS | _SIDD_CMP_RANGES);
  printf("first digit of \"%s\" at %d\n", s, first_digit);
  verdict("pcmpistri ranges", first_digit == 3);
}

/* ---- AES-128 ---- */

static __m128i expand_step(__m128i key, __m128i assist) {
  assist = _mm_shuffle_epi32(assist, 0xff);
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  return _mm_xor_si128(key, assist);
}

static void aes(void) {
  /* FIPS-197, appendix C.1: AES-128 of 00112233…ff under the key 000102…0f. */
  uint8_t key[16], plain[16], expect[16] = {0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                            0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a};
  for (int i = 0; i < 16; ++i) key[i] = (uint8_t)i, plain[i] = (uint8_t)(i * 0x11);
  __m128i k[11];
  k[0] = _mm_loadu_si128((const __m128i*)key);
#define ROUND_KEY(i, rcon) k[i] = expand_step(k[i - 1], _mm_aeskeygenassist_si128(k[i - 1], rcon))
  ROUND_KEY(1, 0x01);
  ROUND_KEY(2, 0x02);
  ROUND_KEY(3, 0x04);
  ROUND_KEY(4, 0x08);
  ROUND_KEY(5, 0x10);
  ROUND_KEY(6, 0x20);
  ROUND_KEY(7, 0x40);
  ROUND_KEY(8, 0x80);
  ROUND_KEY(9, 0x1b);
  ROUND_KEY(10, 0x36);
#undef ROUND_KEY
  __m128i b = _mm_xor_si128(_mm_loadu_si128((const __m128i*)plain), k[0]);
  for (int r = 1; r < 10; ++r) b = _mm_aesenc_si128(b, k[r]);
  b = _mm_aesenclast_si128(b, k[10]);
  uint8_t out[16];
  _mm_storeu_si128((__m128i*)out, b);
  printf("AES-128 ciphertext: ");
  for (int i = 0; i < 16; ++i) printf("%02x", out[i]);
  printf("\n");
  verdict("AES-128 FIPS-197 C.1", memcmp(out, expect, 16) == 0);
  /* The last round key (FIPS-197 appendix A.1: 13111d7f e3944a17 f307a78b 4d2b30c5). */
  uint8_t last[16];
  _mm_storeu_si128((__m128i*)last, k[10]);
  verdict("AES-128 key expansion (round 10 key)", last[0] == 0x13 && last[4] == 0xe3 && last[15] == 0xc5);
  /* Decryption with the equivalent inverse cipher's keys. */
  __m128i d = _mm_xor_si128(b, k[10]);
  for (int r = 9; r >= 1; --r) d = _mm_aesdec_si128(d, _mm_aesimc_si128(k[r]));
  d = _mm_aesdeclast_si128(d, k[0]);
  _mm_storeu_si128((__m128i*)out, d);
  verdict("AES-128 decrypts back", memcmp(out, plain, 16) == 0);
}

/* ---- carry-less multiplication ---- */

static void clmul_plain(uint64_t a, uint64_t b, uint64_t* lo, uint64_t* hi) {
  *lo = *hi = 0;
  for (int i = 0; i < 64; ++i)
    if (b >> i & 1) {
      *lo ^= a << i;
      if (i) *hi ^= a >> (64 - i);
    }
}

static void clmul(void) {
  const uint64_t a = 0x8000000000000001ull ^ 0x0123456789abcdefull, b = 0xfedcba9876543210ull;
  const __m128i p = _mm_clmulepi64_si128(_mm_set_epi64x(0, (long long)a), _mm_set_epi64x((long long)b, 0), 0x10);
  uint64_t r[2], lo, hi;
  _mm_storeu_si128((__m128i*)r, p);
  clmul_plain(a, b, &lo, &hi);
  printf("clmul %016llx x %016llx = %016llx%016llx\n", (unsigned long long)a, (unsigned long long)b,
         (unsigned long long)r[1], (unsigned long long)r[0]);
  verdict("pclmulqdq against plain C", r[0] == lo && r[1] == hi);
  /* x^63 * x^63 = x^126 */
  const __m128i q = _mm_clmulepi64_si128(_mm_set_epi64x(1ll << 63, 0), _mm_set_epi64x(0, 1ll << 63), 0x01);
  _mm_storeu_si128((__m128i*)r, q);
  verdict("pclmulqdq x^63 * x^63", r[0] == 0 && r[1] == 1ull << 62);
  /* All ones squared: (1 + x + … + x^63)^2 has every even power of x up to x^126. */
  const __m128i ones = _mm_set1_epi32(-1);
  _mm_storeu_si128((__m128i*)r, _mm_clmulepi64_si128(ones, ones, 0x00));
  verdict("pclmulqdq of all ones", r[0] == 0x5555555555555555ull && r[1] == 0x5555555555555555ull);
}

/* ---- SSE4.1 ---- */

static void sse41(void) {
  const float x[4] = {1.25f, -2.5f, 3.5f, -4.75f}, y[4] = {10.0f, 20.0f, 30.0f, 40.0f};
  const __m128 vx = _mm_loadu_ps(x), vy = _mm_loadu_ps(y);
  float r[4];
  _mm_storeu_ps(r, _mm_blend_ps(vx, vy, 0x5));
  verdict("blendps", r[0] == 10.0f && r[1] == -2.5f && r[2] == 30.0f && r[3] == -4.75f);
  _mm_storeu_ps(r, _mm_blendv_ps(vx, vy, vx));  /* where x is negative: y */
  verdict("blendvps", r[0] == 1.25f && r[1] == 20.0f && r[2] == 3.5f && r[3] == 40.0f);
  _mm_storeu_ps(r, _mm_floor_ps(vx));
  printf("floor: %g %g %g %g\n", r[0], r[1], r[2], r[3]);
  int ok = 1;
  for (int i = 0; i < 4; ++i) ok &= r[i] == floorf(x[i]);
  _mm_storeu_ps(r, _mm_ceil_ps(vx));
  printf("ceil: %g %g %g %g\n", r[0], r[1], r[2], r[3]);
  for (int i = 0; i < 4; ++i) ok &= r[i] == ceilf(x[i]);
  _mm_storeu_ps(r, _mm_round_ps(vx, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
  printf("nearest (ties to even): %g %g %g %g\n", r[0], r[1], r[2], r[3]);
  for (int i = 0; i < 4; ++i) ok &= r[i] == nearbyintf(x[i]);
  _mm_storeu_ps(r, _mm_round_ps(vx, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC));
  for (int i = 0; i < 4; ++i) ok &= r[i] == truncf(x[i]);
  verdict("roundps against libm", ok);
  const float dot = _mm_cvtss_f32(_mm_dp_ps(vx, vy, 0xf1));
  printf("dpps: %g\n", dot);
  verdict("dpps", dot == 1.25f * 10 - 2.5f * 20 + 3.5f * 30 - 4.75f * 40);
  const float partial = _mm_cvtss_f32(_mm_shuffle_ps(_mm_dp_ps(vx, vy, 0x32), _mm_dp_ps(vx, vy, 0x32), 0x55));
  verdict("dpps of lanes 0 and 1 into lane 1", partial == 1.25f * 10 - 2.5f * 20);
  const double dx[2] = {1.5, -2.0}, dy[2] = {4.0, 0.25};
  double dr[2];
  _mm_storeu_pd(dr, _mm_dp_pd(_mm_loadu_pd(dx), _mm_loadu_pd(dy), 0x31));
  verdict("dppd", dr[0] == 5.5 && dr[1] == 0.0);
  /* integers: pmulld, pminsd, pmaxud, pblendvb, ptest, pextrd/pinsrd */
  const __m128i a = _mm_setr_epi32(-7, 100000, 3, -2147483647 - 1), b = _mm_setr_epi32(6, 70000, -3, 5);
  int32_t v[4];
  _mm_storeu_si128((__m128i*)v, _mm_mullo_epi32(a, b));
  printf("pmulld: %d %d %d %d\n", v[0], v[1], v[2], v[3]);
  verdict("pmulld", v[0] == -42 && v[1] == (int32_t)(100000u * 70000u) && v[2] == -9 && v[3] == -2147483647 - 1);
  _mm_storeu_si128((__m128i*)v, _mm_min_epi32(a, b));
  verdict("pminsd", v[0] == -7 && v[1] == 70000 && v[2] == -3 && v[3] == -2147483647 - 1);
  _mm_storeu_si128((__m128i*)v, _mm_max_epu32(a, b));
  verdict("pmaxud", (uint32_t)v[0] == (uint32_t)-7 && v[1] == 100000 && (uint32_t)v[2] == (uint32_t)-3 &&
                        (uint32_t)v[3] == 0x80000000u);
  const __m128i blended = _mm_blendv_epi8(_mm_set1_epi8(1), _mm_set1_epi8(2), _mm_setr_epi8(0, -1, 0, -1, 0, 0, 0, 0, -128, 0, 0, 0, 0, 0, 0, 127));
  uint8_t bytes[16];
  _mm_storeu_si128((__m128i*)bytes, blended);
  verdict("pblendvb", bytes[0] == 1 && bytes[1] == 2 && bytes[3] == 2 && bytes[8] == 2 && bytes[15] == 1);
  verdict("ptest", _mm_testz_si128(a, _mm_setzero_si128()) && !_mm_testz_si128(a, a) &&
                       _mm_testc_si128(a, _mm_and_si128(a, b)));
  verdict("pextrd, pinsrd", _mm_extract_epi32(_mm_insert_epi32(a, 99, 2), 2) == 99 && _mm_extract_epi32(a, 1) == 100000);
  /* pcmpgtq (SSE4.2) */
  const __m128i g = _mm_cmpgt_epi64(_mm_set_epi64x(-1, 5), _mm_set_epi64x(-2, 5));
  int64_t gv[2];
  _mm_storeu_si128((__m128i*)gv, g);
  verdict("pcmpgtq", gv[0] == 0 && gv[1] == -1);
}

/* ---- threads: 64-bit counters by lock cmpxchg8b, 32-bit ones by lock xadd ---- */

enum { kThreads = 4, kRounds = 100000 };
/* Both counters' low words carry into their high ones on the way. */
static uint64_t wide_counter = 0x00000001fffff000ull;
static uint64_t carry_counter = 0x00000000ffff0000ull;
static uint64_t max_seen;
static uint32_t narrow_counter;
static pthread_barrier_t start;

static void* work(void* arg) {
  const uint64_t id = (uint64_t)(uintptr_t)arg;
  uintptr_t odd = 0;
  pthread_barrier_wait(&start);
  for (int i = 0; i < kRounds; ++i) {
    /* a compare-and-swap loop (lock cmpxchg8b) */
    uint64_t old = __atomic_load_n(&wide_counter, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(&wide_counter, &old, old + 2, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
    }
    /* fetch-and-add of 64 bits (also lock cmpxchg8b on i386) */
    __atomic_fetch_add(&carry_counter, 1, __ATOMIC_SEQ_CST);
    /* a maximum kept by compare-and-swap */
    const uint64_t mine = id << 40 | (uint64_t)i;
    uint64_t seen = __atomic_load_n(&max_seen, __ATOMIC_RELAXED);
    while (seen < mine && !__atomic_compare_exchange_n(&max_seen, &seen, mine, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
    }
    /* lock xadd: every value it returns is a multiple of 3 */
    odd += __atomic_fetch_add(&narrow_counter, 3, __ATOMIC_SEQ_CST) % 3 != 0;
  }
  return (void*)odd;
}

static void threads(void) {
  const uint64_t wide_start = wide_counter, carry_start = carry_counter;
  pthread_t t[kThreads];
  pthread_barrier_init(&start, NULL, kThreads);
  for (uintptr_t i = 0; i < kThreads; ++i) pthread_create(&t[i], NULL, work, (void*)i);
  uintptr_t odd = 0;
  for (int i = 0; i < kThreads; ++i) {
    void* r;
    pthread_join(t[i], &r);
    odd += (uintptr_t)r;
  }
  printf("64-bit compare-and-swap counter: %016llx (expected %016llx)\n", (unsigned long long)wide_counter,
         (unsigned long long)(wide_start + 2ull * kThreads * kRounds));
  verdict("lock cmpxchg8b counter exact", wide_counter == wide_start + 2ull * kThreads * kRounds);
  printf("64-bit fetch-and-add counter: %016llx (expected %016llx)\n", (unsigned long long)carry_counter,
         (unsigned long long)(carry_start + (uint64_t)kThreads * kRounds));
  verdict("64-bit fetch-and-add exact", carry_counter == carry_start + (uint64_t)kThreads * kRounds);
  printf("maximum: %016llx\n", (unsigned long long)max_seen);
  verdict("compare-and-swap maximum", max_seen == ((uint64_t)(kThreads - 1) << 40 | (kRounds - 1)));
  printf("32-bit counter: %u (expected %u)\n", narrow_counter, 3u * kThreads * kRounds);
  verdict("lock xadd counter exact", narrow_counter == 3u * kThreads * kRounds);
  verdict("lock xadd returned multiples of 3 only", odd == 0);
}

int main(void) {
  fill();
  crc32c();
  popcounts();
  shuffles();
  strings();
  aes();
  clmul();
  sse41();
  threads();
  printf("%s\n", failures ? "FAILED" : "all correct");
  return failures ? 1 : 0;
}
