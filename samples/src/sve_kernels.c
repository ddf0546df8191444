// SVE and SVE2 as programs use them: loops the compiler vectorized for SVE (-march=armv9-a+sve2),
// ACLE intrinsics (first-fault loads, predicates, permutes, SVE2's histograms, matches, bit
// permutes and crypto), each run at every vector length from 16 to 256 bytes (PR_SVE_SET_VL) with
// the results printed once and checked to be the same at each length; and the scalable registers
// across a signal handler that uses SVE itself (the signal frame's SVE record). With the argument
// `here`: the same once, at the vector length the program starts with, without SVE's prctl.
#include <arm_sve.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <ucontext.h>

#define N 1000
static int32_t ia[N], ib[N], ic[N];
static float fa[N], fb[N];
static double da[N];
static uint8_t bytes[N];
static int8_t s8a[N], s8b[N];
static int32_t idx[N];

// Vectorized by the compiler.
__attribute__((noinline)) static int64_t sum_i32(const int32_t* a, int n) {
  int64_t s = 0;
  for (int i = 0; i < n; ++i) s += a[i];
  return s;
}
__attribute__((noinline)) static void saxpy(float* y, const float* x, float a, int n) {
  for (int i = 0; i < n; ++i) y[i] = a * x[i] + y[i];
}
__attribute__((noinline)) static int32_t max_i32(const int32_t* a, int n) {
  int32_t m = INT32_MIN;
  for (int i = 0; i < n; ++i) m = a[i] > m ? a[i] : m;
  return m;
}
__attribute__((noinline)) static void cond_store(int32_t* out, const int32_t* a, const int32_t* b, int n) {
  for (int i = 0; i < n; ++i)
    if (a[i] > b[i]) out[i] = a[i] - b[i];
}
__attribute__((noinline)) static int64_t gather_sum(const int32_t* a, const int32_t* ix, int n) {
  int64_t s = 0;
  for (int i = 0; i < n; ++i) s += a[ix[i]];
  return s;
}
__attribute__((noinline)) static void scatter(int32_t* out, const int32_t* ix, const int32_t* v, int n) {
  for (int i = 0; i < n; ++i) out[ix[i]] = v[i];
}
__attribute__((noinline)) static int32_t dot_i8(const int8_t* a, const int8_t* b, int n) {
  int32_t s = 0;
  for (int i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}
__attribute__((noinline)) static double poly(const double* x, int n) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += x[i] * x[i] * 0.5 + x[i] * 3.25 - 1.0;
  return s;
}
__attribute__((noinline)) static void narrow(uint8_t* out, const int32_t* a, int n) {
  for (int i = 0; i < n; ++i) out[i] = (uint8_t)(a[i] >> 3);
}

// Intrinsics.
__attribute__((noinline)) static size_t ff_strlen(const char* s) {  // first-fault loads, as an SVE strlen is written
  size_t i = 0;
  svbool_t all = svptrue_b8();
  for (;;) {
    svsetffr();
    svuint8_t v = svldff1_u8(all, (const uint8_t*)s + i);
    svbool_t ok = svrdffr();
    svbool_t zero = svcmpeq_n_u8(ok, v, 0);
    if (svptest_any(ok, zero)) return i + svcntp_b8(ok, svbrkb_z(ok, zero));
    i += svcntp_b8(all, ok);
  }
}
static uint64_t hash(const void* p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ ((const uint8_t*)p)[i]) * 0x100000001b3ull;
  return h;
}
__attribute__((noinline)) static uint64_t compact_odd(const int32_t* a, int n) {  // COMPACT, CNTP, stores of a count
  static int32_t out[N];
  int k = 0;
  for (int i = 0; i < n; i += (int)svcntw()) {
    svbool_t pg = svwhilelt_b32(i, n);
    svint32_t v = svld1_s32(pg, a + i);
    svbool_t odd = svcmpne_n_s32(pg, svand_n_s32_z(pg, v, 1), 0);
    const int c = (int)svcntp_b32(pg, odd);
    svst1_s32(svwhilelt_b32(0, c), out + k, svcompact_s32(odd, v));
    k += c;
  }
  return hash(out, (size_t)k * 4) ^ (uint64_t)k;
}
__attribute__((noinline)) static uint64_t sve2_mix(const uint8_t* b, int n) {  // MATCH, HISTSEG, BDEP, EOR3, TBL, widening
  uint64_t h = 0;
  svuint8_t keys = svdupq_n_u8('a', 'e', 'i', 'o', 'u', 'y', 'x', 'q', 'z', 'j', 'k', 'w', 'v', 'b', 'p', 'g');
  svuint8_t swap = sveor_n_u8_x(svptrue_b8(), svindex_u8(0, 1), 1);  // (within each 16 bytes)
  for (int i = 0; i < n; i += (int)svcntb()) {
    svbool_t pg = svwhilelt_b8(i, n);
    svuint8_t v = svld1_u8(pg, b + i);
    h += svcntp_b8(pg, svmatch_u8(pg, v, keys));
    h += svaddv_u8(pg, svhistseg_u8(v, keys));
    h += svaddv_u8(pg, sveor3_u8(v, svtbl_u8(v, swap), svdup_n_u8(0x3c)));
    h += svaddv_u16(svptrue_b16(), svmullb_u16(v, v));
  }
  for (int i = 0; i < n; i += (int)svcntd()) {
    svuint64_t d = svld1ub_u64(svwhilelt_b64(i, n), b + i);
    h += svaddv_u64(svptrue_b64(), svbdep_u64(d, svdup_n_u64(0x5555)));
  }
  return h;
}
__attribute__((noinline)) static uint64_t crypto(void) {  // AESE/AESMC, SM4E, RAX1, PMULLB (128-bit): the first 16 bytes
  static uint8_t out[256];
  uint64_t h = 0;
  svuint8_t state = svdupq_n_u8(0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45);
  svuint8_t key = svdupq_n_u8(7, 12, 17, 22, 27, 32, 37, 42, 47, 52, 57, 62, 67, 72, 77, 82);
  for (int r = 0; r < 10; ++r) state = svaesmc_u8(svaese_u8(state, key));
  svst1_u8(svptrue_b8(), out, state);
  h ^= hash(out, 16);
  svst1_u32(svptrue_b32(), (uint32_t*)out, svsm4e_u32(svdupq_n_u32(1, 2, 3, 4), svdupq_n_u32(9, 99, 999, 9999)));
  h = h * 31 ^ hash(out, 16);
  svst1_u64(svptrue_b64(), (uint64_t*)out, svrax1_u64(svdupq_n_u64(1, 3), svdupq_n_u64(0x8000000000000001ull, 5)));
  h = h * 31 ^ hash(out, 16);
  svst1_u64(svptrue_b64(), (uint64_t*)out,
            svpmullb_pair_u64(svdupq_n_u64(0x123456789abcdefull, 77), svdupq_n_u64(0xfedcba987654321ull, 91)));
  return h * 31 ^ hash(out, 16);
}

// (Each function that uses SVE is called, never inlined, after the vector length changed: a
// compiler takes the length to be constant within a function.)
__attribute__((noinline)) static int results(char* out, size_t size) {
  for (int i = 0; i < N; ++i) ia[i] = (i * 37) % 101 - 50, ib[i] = (i * 13) % 17, ic[i] = 0, fa[i] = (float)i / 7,
    fb[i] = 1.5f, da[i] = (double)i / 11, bytes[i] = (uint8_t)("the quick brown fox jumps over a lazy dog"[i % 41]),
    s8a[i] = (int8_t)(i * 7), s8b[i] = (int8_t)(i * 11 + 3), idx[i] = (i * 7919) % N;
  saxpy(fb, fa, 2.5f, N);
  cond_store(ic, ia, ib, N);
  scatter(ic, idx, ib, N / 2);
  uint8_t small[N];
  narrow(small, ia, N);
  char text[300];
  memset(text, 'x', sizeof text);
  text[257] = 0;
  return snprintf(out, size,
                  "sum %lld max %d gather %lld dot %d poly %.6f saxpy %.4f cond %lld narrow %u\n"
                  "strlen %zu %zu compact %llu sve2 %llu crypto %llu\n",
                  (long long)sum_i32(ia, N), max_i32(ia, N), (long long)gather_sum(ia, idx, N), dot_i8(s8a, s8b, N),
                  poly(da, N), fb[N - 1], (long long)sum_i32(ic, N), small[7] + small[500], ff_strlen(text),
                  ff_strlen("sve"), (unsigned long long)compact_odd(ia, N),
                  (unsigned long long)sve2_mix(bytes, N), (unsigned long long)crypto());
}

// The signal frame: a fault taken with z1 holding a pattern, a handler that uses SVE, and z1
// afterwards as it was (restored from the frame's SVE record).
static volatile int seen_vl, seen_pattern;
static void on_segv(int sig, siginfo_t* si, void* ctx) {
  (void)sig, (void)si;
  ucontext_t* uc = ctx;
  struct _aarch64_ctx* rec = (struct _aarch64_ctx*)uc->uc_mcontext.__reserved;
  while (rec->magic) {
    if (rec->magic == EXTRA_MAGIC) {
      rec = (struct _aarch64_ctx*)((struct extra_context*)rec)->datap;
      continue;
    }
    if (rec->magic == SVE_MAGIC) {
      struct sve_context* sve = (struct sve_context*)rec;
      seen_vl = sve->vl;
      if (rec->size > sizeof *sve) {  // z1's last byte, saved
        const uint8_t* z1 = (const uint8_t*)rec + SVE_SIG_ZREG_OFFSET(sve_vq_from_vl(sve->vl), 1);
        seen_pattern = z1[sve->vl - 1];
      }
    }
    rec = (struct _aarch64_ctx*)((char*)rec + rec->size);
  }
  // SVE in the handler: z1 changes here.
  svuint8_t junk = svindex_u8(200, 1);
  __asm__ volatile("mov z1.d, %0.d" ::"w"(junk) : "z1");
  uc->uc_mcontext.pc += 4;
}
__attribute__((noinline)) static int signal_frame(void) {
  struct sigaction sa = {0};
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  uint8_t last;
  __asm__ volatile(
      "index z1.b, #1, #1\n"
      "ptrue p0.b\n"
      "ld1b z2.b, p0/z, [%1]\n"  // faults: the handler skips it
      "lastb %w0, p0, z1.b\n"
      : "=r"(last)
      : "r"(0ul)
      : "z1", "z2", "p0", "memory");
  const int vl = (int)svcntb();
  printf("signal: frame vl %s, z1 saved %s, z1 after %s\n", seen_vl == vl ? "right" : "wrong",
         seen_pattern == (vl & 255) ? "right" : "wrong", last == (vl & 255) ? "restored" : "lost");
  return 0;
}

__attribute__((noinline)) static int current_vl(void) { return (int)svcntb(); }

int main(int argc, char** argv) {
  char first[1024] = "", now[1024];
  if (argc > 1 && !strcmp(argv[1], "here")) {
    // At the vector length the program starts with, without asking for SVE's prctl: what a program
    // built for SVE that takes the CPU as it finds it does.
    results(now, sizeof now);
    fputs(now, stdout);
    printf("vector length %d\n", current_vl());
    signal_frame();
    return 0;
  }
  int same = 1;
  static const int lengths[] = {16, 32, 48, 64, 128, 256};
  for (unsigned k = 0; k < sizeof lengths / sizeof lengths[0]; ++k) {
    const int got = prctl(PR_SVE_SET_VL, lengths[k]);
    if ((got & PR_SVE_VL_LEN_MASK) != lengths[k] || current_vl() != lengths[k]) {
      printf("vector length %d: prctl gave %d, cntb %d\n", lengths[k], got, current_vl());
      same = 0;
      continue;
    }
    results(now, sizeof now);
    if (!*first) {
      strcpy(first, now);
      fputs(now, stdout);
    } else if (strcmp(first, now)) {
      printf("vector length %d gives other results:\n%s", lengths[k], now);
      same = 0;
    }
  }
  printf("same results at every vector length: %s\n", same ? "yes" : "no");
  prctl(PR_SVE_SET_VL, 64);
  signal_frame();
  prctl(PR_SVE_SET_VL, 256);
  signal_frame();
  printf("get_vl %d\n", prctl(PR_SVE_GET_VL) & PR_SVE_VL_LEN_MASK);
  return !same;
}
