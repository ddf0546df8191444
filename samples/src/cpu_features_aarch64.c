/* What the CPU says it implements (AT_HWCAP, AT_HWCAP2) against what it runs: one probe or more
 * per feature, each an instruction of the feature on fixed inputs, run whatever the bits say (an
 * undefined instruction is caught as SIGILL, an unaligned atomic that the CPU refuses as SIGBUS).
 * A line per probe: the feature, whether it is advertised, whether it ran, and a digest of its
 * results (the same inputs give the same digest on
 * every CPU that runs it; where a result depends on the CPU, such as a random number or a pointer
 * signature, the digest keeps what does not). Then the probes whose advertisement and behaviour
 * disagree, and the exit status 1 if any do.
 *
 * Built for ARMv8.0; each probe names the extension its instruction needs to the assembler. */
#define _GNU_SOURCE
#include "cpu_features.h"
#include <sys/prctl.h>


static const u64 in_a[2] = {0x0123456789abcdefull, 0xfedcba9876543210ull};
static const u64 in_b[2] = {0x0f1e2d3c4b5a6978ull, 0x8796a5b4c3d2e1f0ull};
static const u64 in_c[2] = {0x1111222233334444ull, 0x5555666677778888ull};

/* Loads q0, q1, q2 from in_a, in_b, in_c, runs INSN, stores q0 and mixes it. */
#define VEC3(INSN, EXT)                                                                     \
  u64 out[2];                                                                               \
  __asm__ volatile(".arch_extension " EXT "\n"                                              \
                   "ldr q0, [%1]\n ldr q1, [%2]\n ldr q2, [%3]\n" INSN "\n str q0, [%0]\n"  \
                   :                                                                        \
                   : "r"(out), "r"(in_a), "r"(in_b), "r"(in_c)                              \
                   : "v0", "v1", "v2", "memory");                                           \
  return out[0] ^ (out[1] * 3);

static u64 p_fp(void) {
  double r;
  __asm__ volatile("fmov d1, #1.5\n fmov d2, #2.25\n fmul d0, d1, d2\n fmov %d0, d0" : "=w"(r) : : "d0", "d1", "d2");
  u64 b;
  memcpy(&b, &r, 8);
  return b;
}
static u64 p_asimd(void) { VEC3("add v0.4s, v1.4s, v2.4s\n mul v0.8h, v0.8h, v1.8h", "simd") }
static u64 p_aes(void) { VEC3("aese v0.16b, v1.16b\n aesmc v0.16b, v0.16b\n aesd v0.16b, v2.16b\n aesimc v0.16b, v0.16b", "aes") }
static u64 p_pmull(void) { VEC3("pmull2 v0.1q, v1.2d, v2.2d", "aes") }
static u64 p_sha1(void) { VEC3("sha1h s3, s1\n sha1c q0, s3, v2.4s\n sha1su0 v0.4s, v1.4s, v2.4s", "sha2") }
static u64 p_sha2(void) { VEC3("sha256h q0, q1, v2.4s\n sha256su1 v0.4s, v1.4s, v2.4s", "sha2") }
static u64 p_crc32(void) {
  uint32_t a = 0xffffffffu, b = 0xffffffffu;
  __asm__ volatile(".arch_extension crc\n crc32x %w0, %w0, %2\n crc32cx %w1, %w1, %2\n crc32b %w0, %w0, %w3"
                   : "+r"(a), "+r"(b)
                   : "r"(in_a[0]), "r"(0x5au));
  return (u64)a << 32 | b;
}
static u64 p_atomics(void) {
  u64 mem[2] = {100, 7}, old1, old2, old3;
  u64 cmp = 7;
  __asm__ volatile(".arch_extension lse\n"
                   "mov x9, #5\n ldaddal x9, %0, [%4]\n"
                   "mov x9, #9\n swpl x9, %1, [%4]\n"
                   "mov x9, #42\n casal %3, x9, [%5]\n"
                   "mov x9, #0xf0\n ldclr x9, %2, [%4]\n"
                   "mov x9, #3\n ldsmax x9, x10, [%5]\n ldeor x9, x10, [%4]\n"
                   : "=&r"(old1), "=&r"(old2), "=&r"(old3), "+r"(cmp)
                   : "r"(&mem[0]), "r"(&mem[1])
                   : "x9", "x10", "memory");
  uint32_t w[2] = {0x11111111u, 0x22222222u};
  u64 pair_lo = 0x11111111u, pair_hi = 0x22222222u;
  __asm__ volatile(".arch_extension lse\n"
                   "mov x2, %0\n mov x3, %1\n mov x4, #0x33\n mov x5, #0x44\n caspal w2, w3, w4, w5, [%2]\n"
                   "mov %0, x2\n mov %1, x3\n"
                   : "+r"(pair_lo), "+r"(pair_hi)
                   : "r"(w)
                   : "x2", "x3", "x4", "x5", "memory");
  return mem[0] * 31 + mem[1] * 7 + old1 * 5 + old2 * 3 + old3 + cmp * 11 + (u64)w[0] * 13 + (u64)w[1] * 17 + pair_lo + pair_hi;
}
static u64 p_fphp(void) {
  uint16_t r;
  __asm__ volatile(".arch_extension fp16\n fmov h1, #1.5\n fmov h2, #2.25\n fmul h0, h1, h2\n fsqrt h0, h0\n umov %w0, v0.h[0]"
                   : "=r"(r) : : "v0", "v1", "v2");
  return r;
}
static u64 p_asimdhp(void) { VEC3("fabs v1.8h, v1.8h\n fabs v2.8h, v2.8h\n fmax v0.8h, v1.8h, v2.8h\n fadd v0.8h, v0.8h, v1.8h", "fp16") }
static u64 p_cpuid(void) {
  u64 v;
  __asm__ volatile("mrs %0, ID_AA64ISAR0_EL1" : "=r"(v));
  return v != 0 ? 1 : 0; /* the value is the CPU's own: whether it reads at all */
}
static u64 p_asimdrdm(void) { VEC3("sqrdmlah v0.4s, v1.4s, v2.4s\n sqrdmlsh v0.8h, v0.8h, v1.h[3]", "rdma") }
static u64 p_jscvt(void) {
  /* JavaScript's ToInt32: modulo 2^32 out of range, toward zero; Z set when exact. */
  static const double d[4] = {1e20, -3.75, 4294967301.5, 7.0};
  u64 acc = 0;
  for (int i = 0; i < 4; ++i) {
    uint32_t w;
    u64 nzcv;
    __asm__ volatile(".arch armv8.3-a\n ldr d0, [%2]\n fjcvtzs w9, d0\n mov %w0, w9\n mrs %1, nzcv"
                     : "=&r"(w), "=&r"(nzcv)
                     : "r"(&d[i])
                     : "x9", "v0", "cc");
    acc = acc * 1000003 + w + (nzcv >> 28);
  }
  return acc;
}
static u64 p_fcma(void) { VEC3("fcadd v0.4s, v1.4s, v2.4s, #90\n fcmla v0.4s, v1.4s, v2.4s, #270", "simd\n .arch armv8.3-a") }
static u64 p_lrcpc(void) {
  u64 v;
  __asm__ volatile(".arch_extension rcpc\n ldapr %0, [%1]" : "=r"(v) : "r"(in_a) : "memory");
  return v;
}
static u64 p_dcpop(void) {
  u64 line[8] = {1};
  __asm__ volatile(".arch armv8.2-a\n dc cvap, %0" : : "r"(line) : "memory");
  return line[0];
}
static u64 p_sha3(void) { VEC3("eor3 v0.16b, v0.16b, v1.16b, v2.16b\n rax1 v0.2d, v0.2d, v1.2d\n xar v0.2d, v0.2d, v2.2d, #13\n bcax v0.16b, v0.16b, v1.16b, v2.16b", "sha3") }
static u64 p_sm3(void) { VEC3("sm3ss1 v3.4s, v0.4s, v1.4s, v2.4s\n sm3tt1a v0.4s, v3.4s, v2.s[1]\n sm3partw1 v0.4s, v1.4s, v2.4s", "sm4") }
static u64 p_sm4(void) { VEC3("sm4e v0.4s, v1.4s\n sm4ekey v0.4s, v0.4s, v2.4s", "sm4") }
static u64 p_asimddp(void) { VEC3("sdot v0.4s, v1.16b, v2.16b\n udot v0.4s, v2.16b, v1.4b[2]", "dotprod") }
static u64 p_sha512(void) { VEC3("sha512h q0, q1, v2.2d\n sha512su0 v0.2d, v1.2d\n sha512su1 v0.2d, v1.2d, v2.2d", "sha3") }
static u64 p_sve(void) {
  /* 1 + 2 + … + 1000 in a vector-length agnostic loop, and a predicated compare and count. */
  static int32_t v[1000];
  for (int i = 0; i < 1000; ++i) v[i] = i + 1;
  u64 sum, lanes;
  __asm__ volatile(".arch_extension sve\n"
                   "mov x1, #0\n mov x2, #1000\n mov z0.d, #0\n"
                   "whilelo p0.s, x1, x2\n"
                   "1: ld1w z1.s, p0/z, [%2, x1, lsl #2]\n"
                   "sunpklo z2.d, z1.s\n sunpkhi z3.d, z1.s\n"
                   "punpklo p1.h, p0.b\n punpkhi p2.h, p0.b\n"
                   "add z0.d, p1/m, z0.d, z2.d\n add z0.d, p2/m, z0.d, z3.d\n"
                   "incw x1\n whilelo p0.s, x1, x2\n b.first 1b\n"
                   "ptrue p3.d\n uaddv d4, p3, z0.d\n fmov %0, d4\n"
                   "mov x1, #0\n whilelo p0.s, x1, x2\n mov x3, #0\n"
                   "2: ld1w z1.s, p0/z, [%2, x1, lsl #2]\n mov z5.s, #100\n cmpgt p4.s, p0/z, z1.s, z5.s\n"
                   "cntp x4, p0, p4.s\n add x3, x3, x4\n incw x1\n whilelo p0.s, x1, x2\n b.first 2b\n"
                   "mov %1, x3\n"
                   : "=&r"(sum), "=&r"(lanes)
                   : "r"(v)
                   : "x1", "x2", "x3", "x4", "v0", "v1", "v2", "v3", "v4", "v5", "p0", "p1", "p2", "p3", "p4", "cc", "memory");
  return sum * 100000 + lanes;
}
static u64 p_asimdfhm(void) { VEC3("fmlal v0.4s, v1.4h, v2.4h\n fmlsl2 v0.4s, v1.4h, v2.h[5]", "fp16fml") }
static u64 p_dit(void) {
  u64 v;
  __asm__ volatile(".arch armv8.4-a\n msr dit, #1\n mrs %0, dit\n msr dit, #0" : "=r"(v));
  return v >> 24 & 1;
}
static u64 p_uscat(void) {
  /* An atomic on an address that is not aligned to its size but within 16 bytes. */
  _Alignas(16) u64 mem[2] = {0, 0};
  uint32_t* p = (uint32_t*)((char*)mem + 2), old;
  __asm__ volatile(".arch_extension lse\n mov w9, #77\n ldadd w9, %w0, [%1]" : "=r"(old) : "r"(p) : "x9", "memory");
  return mem[0] + old;
}
static u64 p_ilrcpc(void) {
  u64 v, w;
  __asm__ volatile(".arch armv8.4-a\n ldapur %0, [%2, #8]\n ldapursw %1, [%2, #4]" : "=&r"(v), "=&r"(w) : "r"(in_a) : "memory");
  return v ^ w;
}
static u64 p_flagm(void) {
  u64 r;
  __asm__ volatile(".arch armv8.4-a\n"
                   "msr nzcv, xzr\n cfinv\n mov x9, #0x35\n rmif x9, #3, #0xf\n mov w9, #0x180\n setf8 w9\n"
                   "mrs %0, nzcv"
                   : "=r"(r)
                   :
                   : "x9", "cc");
  return r >> 28;
}
static u64 p_ssbs(void) {
  u64 v;
  __asm__ volatile(".arch armv8.5-a\n .arch_extension ssbs\n msr ssbs, #1\n mrs %0, ssbs\n msr ssbs, #0" : "=r"(v));
  return v >> 12 & 1;
}
static u64 p_sb(void) {
  __asm__ volatile(".arch armv8.5-a\n .arch_extension sb\n sb");
  return 1;
}
static u64 p_paca(void) {
  /* Signing a pointer and authenticating it gives it back, stripping the signature too; and a
   * signature is there: of four modifiers, one at least changes the pointer (a CPU that runs the
   * instructions with address authentication disabled leaves every pointer as it is). */
  const u64 p = (u64)(uintptr_t)&probe_env;
  u64 back = 0, stripped = 0, changed = 0;
  for (u64 mod = 1; mod <= 4; ++mod) {
    u64 q = p, r, s;
    __asm__ volatile(".arch armv8.3-a\n pacia %0, %3\n mov %1, %0\n autia %0, %3\n mov %2, %1\n xpaci %2"
                     : "+r"(q), "=&r"(r), "=&r"(s)
                     : "r"(mod * 0x9e3779b97f4a7c15ull));
    back += q == p;
    changed += r != p;
    stripped += s == p;
  }
  return back == 4 && stripped == 4 && changed > 0 ? 1 : 0;
}
static u64 p_pacg(void) {
  u64 a, b;
  __asm__ volatile(".arch armv8.3-a\n pacga %0, %2, %3\n pacga %1, %2, %3" : "=&r"(a), "=&r"(b) : "r"(in_a[0]), "r"(in_b[0]));
  return (a == b) + 2 * ((a & 0xffffffffu) == 0); /* the same signature twice, in the top half */
}
static u64 p_dcpodp(void) {
  u64 line[8] = {2};
  __asm__ volatile(".arch armv8.5-a\n dc cvadp, %0" : : "r"(line) : "memory");
  return line[0];
}
#define SVE3(INSN, EXT)                                                                            \
  u64 out[2];                                                                                      \
  __asm__ volatile(".arch_extension sve\n .arch_extension " EXT "\n"                               \
                   "ldr q0, [%1]\n ldr q1, [%2]\n ldr q2, [%3]\n ptrue p0.b, vl16\n" INSN "\n"      \
                   "str q0, [%0]\n"                                                                \
                   :                                                                               \
                   : "r"(out), "r"(in_a), "r"(in_b), "r"(in_c)                                     \
                   : "v0", "v1", "v2", "p0", "memory");                                            \
  return out[0] ^ (out[1] * 5);
/* (Each SVE probe works on the first 128 bits only, so that its digest does not depend on the
 * vector length: ldr q/str q reach the low 128 bits of z0–z2, and an unpredicated instruction's
 * higher lanes are left out of the digest.) */
static u64 p_sve2(void) { SVE3("eor3 z0.d, z0.d, z1.d, z2.d\n sqrdmlah z0.s, z1.s, z2.s\n uaddwb z0.d, z0.d, z1.s", "sve2") }
static u64 p_sveaes(void) { SVE3("aese z0.b, z0.b, z1.b\n aesmc z0.b, z0.b", "sve2-aes") }
static u64 p_svepmull(void) { SVE3("pmullb z0.q, z1.d, z2.d", "sve2-aes") }
static u64 p_svebitperm(void) { SVE3("bext z0.s, z1.s, z2.s\n bdep z0.d, z0.d, z1.d", "sve2-bitperm") }
static u64 p_svesha3(void) { SVE3("rax1 z0.d, z1.d, z2.d", "sve2-sha3") }
static u64 p_svesm4(void) { SVE3("sm4e z0.s, z0.s, z1.s", "sve2-sm4") }
static u64 p_flagm2(void) {
  u64 r;
  __asm__ volatile(".arch armv8.5-a\n mov x9, #0x60000000\n msr nzcv, x9\n axflag\n mrs x10, nzcv\n xaflag\n mrs %0, nzcv\n"
                   "add %0, %0, x10, lsr #4"
                   : "=r"(r)
                   :
                   : "x9", "x10", "cc");
  return r >> 24;
}
static u64 p_frint(void) { VEC3("frint32z v0.4s, v1.4s\n frint64x v0.2d, v0.2d", "simd\n .arch armv8.5-a") }
static u64 p_svei8mm(void) { SVE3("smmla z0.s, z1.b, z2.b", "i8mm") }
static u64 p_svef32mm(void) { SVE3("fmmla z0.s, z1.s, z2.s", "f32mm") }
static u64 p_svef64mm(void) { SVE3("ld1rqd z3.d, p0/z, [%2]\n trn1 z0.q, z1.q, z3.q", "f64mm") }
static u64 p_svebf16(void) { SVE3("bfdot z0.s, z1.h, z2.h", "bf16") }
static u64 p_i8mm(void) { VEC3("smmla v0.4s, v1.16b, v2.16b\n usdot v0.4s, v1.16b, v2.16b", "i8mm") }
static u64 p_bf16(void) { VEC3("bfdot v0.4s, v1.8h, v2.8h\n bfcvtn v0.4h, v1.4s", "bf16") }
static u64 p_rng(void) {
  u64 v, nzcv;
  __asm__ volatile(".arch armv8.5-a\n .arch_extension rng\n mrs %0, rndr\n mrs %1, nzcv" : "=r"(v), "=r"(nzcv) : : "cc");
  (void)v;
  return nzcv >> 28; /* 0: a random number was given */
}
static u64 p_bti(void) {
  __asm__ volatile(".arch armv8.5-a\n bti c");
  return 1;
}

static const struct probe probes[] = {
    {"fp", 1, 0, p_fp},          {"asimd", 1, 1, p_asimd},         {"aes", 1, 3, p_aes},
    {"pmull", 1, 4, p_pmull},    {"sha1", 1, 5, p_sha1},           {"sha2", 1, 6, p_sha2},
    {"crc32", 1, 7, p_crc32},    {"atomics", 1, 8, p_atomics},     {"fphp", 1, 9, p_fphp},
    {"asimdhp", 1, 10, p_asimdhp}, {"cpuid", 1, 11, p_cpuid},      {"asimdrdm", 1, 12, p_asimdrdm},
    {"jscvt", 1, 13, p_jscvt},   {"fcma", 1, 14, p_fcma},          {"lrcpc", 1, 15, p_lrcpc},
    {"dcpop", 1, 16, p_dcpop},   {"sha3", 1, 17, p_sha3},          {"sm3", 1, 18, p_sm3},
    {"sm4", 1, 19, p_sm4},       {"asimddp", 1, 20, p_asimddp},    {"sha512", 1, 21, p_sha512},
    {"sve", 1, 22, p_sve},       {"asimdfhm", 1, 23, p_asimdfhm},  {"dit", 1, 24, p_dit},
    {"uscat", 1, 25, p_uscat},   {"ilrcpc", 1, 26, p_ilrcpc},      {"flagm", 1, 27, p_flagm},
    {"ssbs", 1, 28, p_ssbs},     {"sb", 1, 29, p_sb},              {"paca", 1, 30, p_paca},
    {"pacg", 1, 31, p_pacg},     {"dcpodp", 2, 0, p_dcpodp},       {"sve2", 2, 1, p_sve2},
    {"sveaes", 2, 2, p_sveaes},  {"svepmull", 2, 3, p_svepmull},   {"svebitperm", 2, 4, p_svebitperm},
    {"svesha3", 2, 5, p_svesha3}, {"svesm4", 2, 6, p_svesm4},      {"flagm2", 2, 7, p_flagm2},
    {"frint", 2, 8, p_frint},    {"svei8mm", 2, 9, p_svei8mm},     {"svef32mm", 2, 10, p_svef32mm},
    {"svef64mm", 2, 11, p_svef64mm}, {"svebf16", 2, 12, p_svebf16}, {"i8mm", 2, 13, p_i8mm},
    {"bf16", 2, 14, p_bf16},     {"rng", 2, 16, p_rng},            {"bti", 2, 17, p_bti},
};

/* The ID register fields (read through the kernel's MRS emulation, HWCAP_CPUID) that say the same
 * as a HWCAP bit: the field's register, shift and the value from which the feature is there. */
struct id_field {
  const char* feature;
  int word, bit;
  int reg; /* 0: ID_AA64ISAR0_EL1, 1: ID_AA64ISAR1_EL1, 2: ID_AA64PFR0_EL1, 3: ID_AA64PFR1_EL1, 4: ID_AA64ZFR0_EL1 */
  int shift;
  unsigned min;
};
static const struct id_field id_fields[] = {
    {"aes", 1, 3, 0, 4, 1},      {"pmull", 1, 4, 0, 4, 2},     {"sha1", 1, 5, 0, 8, 1},
    {"sha2", 1, 6, 0, 12, 1},    {"sha512", 1, 21, 0, 12, 2},  {"crc32", 1, 7, 0, 16, 1},
    {"atomics", 1, 8, 0, 20, 2}, {"asimdrdm", 1, 12, 0, 28, 1}, {"sha3", 1, 17, 0, 32, 1},
    {"sm3", 1, 18, 0, 36, 1},    {"sm4", 1, 19, 0, 40, 1},     {"asimddp", 1, 20, 0, 44, 1},
    {"asimdfhm", 1, 23, 0, 48, 1}, {"flagm", 1, 27, 0, 52, 1}, {"flagm2", 2, 7, 0, 52, 2},
    {"rng", 2, 16, 0, 60, 1},    {"dcpop", 1, 16, 1, 0, 1},    {"dcpodp", 2, 0, 1, 0, 2},
    {"paca", 1, 30, 1, 4, 1},    {"jscvt", 1, 13, 1, 12, 1},   {"fcma", 1, 14, 1, 16, 1},
    {"lrcpc", 1, 15, 1, 20, 1},  {"ilrcpc", 1, 26, 1, 20, 2},  {"pacg", 1, 31, 1, 24, 1},
    {"frint", 2, 8, 1, 32, 1},   {"sb", 1, 29, 1, 36, 1},      {"bf16", 2, 14, 1, 44, 1},
    {"i8mm", 2, 13, 1, 52, 1},   {"sve", 1, 22, 2, 32, 1},     {"dit", 1, 24, 2, 48, 1},
    {"bti", 2, 17, 3, 0, 1},     {"ssbs", 1, 28, 3, 4, 1},     {"sve2", 2, 1, 4, 0, 1},
    {"sveaes", 2, 2, 4, 4, 1},   {"svepmull", 2, 3, 4, 4, 2},  {"svebitperm", 2, 4, 4, 16, 1},
    {"svebf16", 2, 12, 4, 20, 1}, {"svesha3", 2, 5, 4, 32, 1}, {"svesm4", 2, 6, 4, 40, 1},
    {"svei8mm", 2, 9, 4, 44, 1}, {"svef32mm", 2, 10, 4, 52, 1}, {"svef64mm", 2, 11, 4, 56, 1},
};

/* paca: signatures made, not only the instructions run (see p_paca). */
static int probe_ran(const struct probe* p, u64 digest) { return strcmp(p->feature, "paca") != 0 || digest == 1; }
/* BTI's instructions are hints, which run everywhere. */
static int exempt(const struct probe* p) { return strcmp(p->feature, "bti") == 0; }

int main(void) {
  const u64 hwcap = getauxval(AT_HWCAP), hwcap2 = getauxval(AT_HWCAP2);
  char mismatches[1024];
  run_probes(probes, sizeof probes / sizeof probes[0], probe_ran, exempt, mismatches, sizeof mismatches);
  if (hwcap & (1u << 22)) printf("sve vector length %d bytes\n", prctl(PR_SVE_GET_VL) & 0xffff);
  if (hwcap & (1u << 11)) { /* cpuid: the ID registers say what the HWCAPs say */
    u64 regs[5];
    __asm__ volatile("mrs %0, ID_AA64ISAR0_EL1\n mrs %1, ID_AA64ISAR1_EL1\n mrs %2, ID_AA64PFR0_EL1\n mrs %3, S3_0_C0_C4_1\n"
                     "mrs %4, S3_0_C0_C4_4"
                     : "=r"(regs[0]), "=r"(regs[1]), "=r"(regs[2]), "=r"(regs[3]), "=r"(regs[4]));
    for (size_t i = 0; i < sizeof id_fields / sizeof id_fields[0]; ++i) {
      const struct id_field* f = &id_fields[i];
      const int by_id = (unsigned)(regs[f->reg] >> f->shift & 15) >= f->min;
      const int by_hwcap = ((f->word == 1 ? hwcap : hwcap2) >> f->bit) & 1;
      if (by_id != by_hwcap) {
        strcat(mismatches, " id:");
        strcat(mismatches, f->feature);
      }
    }
  }
  printf("mismatches:%s\n", mismatches[0] ? mismatches : " none");
  return mismatches[0] ? 1 : 0;
}
