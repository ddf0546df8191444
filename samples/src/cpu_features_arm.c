/* What the CPU says it implements (AT_HWCAP, AT_HWCAP2) against what it runs, for 32-bit ARM
 * (armhf): one probe per feature, an instruction of the feature on fixed inputs, run whatever the
 * bits say (an undefined instruction is caught as SIGILL). A line per probe: the feature, whether
 * it is advertised, whether it ran, and a digest of its results; then the probes whose
 * advertisement and behaviour disagree, and the exit status 1 if any do. The format is
 * cpu_features_aarch64's (tests/cpu-features/check.sh reads both).
 *
 * Built for ARMv7-A in ARM state; each probe names the architecture or FPU its instruction needs
 * to the assembler. */
#define _GNU_SOURCE
#include "cpu_features.h"


static const uint32_t in_a[4] = {0x01234567u, 0x89abcdefu, 0xfedcba98u, 0x76543210u};
static const uint32_t in_b[4] = {0x0f1e2d3cu, 0x4b5a6978u, 0x8796a5b4u, 0xc3d2e1f0u};
static const uint32_t in_c[4] = {0x11112222u, 0x33334444u, 0x55556666u, 0x77778888u};

/* Loads q0, q1, q2 from in_a, in_b, in_c, runs INSN, stores q0 and mixes it. */
#define VEC3(INSN, ARCH)                                                                        \
  uint32_t out[4];                                                                              \
  __asm__ volatile(ARCH "\n"                                                                    \
                   "vld1.32 {d0, d1}, [%1]\n vld1.32 {d2, d3}, [%2]\n vld1.32 {d4, d5}, [%3]\n" \
                   INSN "\n vst1.32 {d0, d1}, [%0]\n"                                           \
                   :                                                                            \
                   : "r"(out), "r"(in_a), "r"(in_b), "r"(in_c)                                  \
                   : "d0", "d1", "d2", "d3", "d4", "d5", "memory");                             \
  return ((u64)out[0] << 32 | out[1]) ^ (((u64)out[2] << 32 | out[3]) * 3);

#define V8 ".arch armv8-a\n .fpu crypto-neon-fp-armv8"
#define V82 ".arch armv8.2-a\n .fpu crypto-neon-fp-armv8"

static u64 p_swp(void) {
  uint32_t mem = 5, old, v = 9;
  __asm__ volatile(".arch armv7-a\n swp %0, %2, [%1]" : "=&r"(old) : "r"(&mem), "r"(v) : "memory");
  return (u64)old << 32 | mem;
}
static u64 p_half(void) {
  uint16_t h[2] = {0x1234, 0};
  uint32_t v;
  __asm__ volatile("ldrh %0, [%1]\n strh %0, [%1, #2]" : "=&r"(v) : "r"(h) : "memory");
  return v + h[1];
}
static u64 p_thumb(void) {
  uint32_t r;
  /* A Thumb function (add r0, r0, #3 in Thumb-2; bx lr) called with blx from ARM state. */
  __asm__ volatile(".syntax unified\n adr r1, 1f + 1\n mov r0, #4\n blx r1\n b 2f\n .thumb\n 1: adds r0, r0, #3\n bx lr\n .arm\n .align 2\n 2: mov %0, r0"
                   : "=r"(r)
                   :
                   : "r0", "r1", "lr", "cc");
  return r;
}
static u64 p_fastmult(void) {
  uint32_t lo, hi;
  __asm__ volatile("umull %0, %1, %2, %3" : "=&r"(lo), "=&r"(hi) : "r"(in_a[1]), "r"(in_b[2]));
  return (u64)hi << 32 | lo;
}
static u64 p_vfp(void) {
  double r;
  __asm__ volatile("vldr d1, [%1]\n vldr d2, [%2]\n vadd.f64 d0, d1, d2\n vmul.f64 %P0, d0, d1"
                   : "=w"(r) : "r"(in_a), "r"(in_b) : "d0", "d1", "d2");
  u64 b;
  memcpy(&b, &r, 8);
  return b;
}
static u64 p_edsp(void) {
  uint32_t r;
  __asm__ volatile("qadd %0, %1, %2\n smlabb %0, %0, %1, %2" : "=&r"(r) : "r"(0x7ffffff0), "r"(0x100));
  return r;
}
static u64 p_neon(void) { VEC3("vadd.i32 q0, q1, q2\n vmul.i16 q0, q0, q1", ".fpu neon") }
static u64 p_vfpv3(void) {
  double r;
  __asm__ volatile(".fpu vfpv3\n vmov.f64 d1, #1.5\n vmov.f64 d2, #-2.75\n vmul.f64 %P0, d1, d2" : "=w"(r) : : "d1", "d2");
  u64 b;
  memcpy(&b, &r, 8);
  return b;
}
static u64 p_tls(void) {
  uint32_t v;
  __asm__ volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(v));
  return v != 0;
}
static u64 p_vfpv4(void) {
  double r;
  __asm__ volatile(".fpu vfpv4\n vmov.f64 d0, #0.5\n vmov.f64 d1, #3.0\n vmov.f64 d2, #1.25\n vfma.f64 d0, d1, d2\n vmov.f64 %P0, d0"
                   : "=w"(r) : : "d0", "d1", "d2");
  u64 b;
  memcpy(&b, &r, 8);
  return b;
}
static u64 p_idiva(void) {
  int32_t q;
  __asm__ volatile(".arch armv7ve\n sdiv %0, %1, %2" : "=r"(q) : "r"(-1000003), "r"(17));
  return (uint32_t)q;
}
static u64 p_idivt(void) {
  uint32_t r;
  __asm__ volatile(".arch armv7ve\n adr r1, 1f + 1\n ldr r0, =1000003\n mov r2, #13\n blx r1\n b 2f\n .thumb\n"
                   " 1: udiv r0, r0, r2\n bx lr\n .arm\n .ltorg\n .align 2\n 2: mov %0, r0"
                   : "=r"(r)
                   :
                   : "r0", "r1", "r2", "lr", "cc");
  return r;
}
static u64 p_vfpd32(void) {
  double r;
  __asm__ volatile(".fpu vfpv3\n vldr d17, [%1]\n vldr d30, [%2]\n vsub.f64 d31, d17, d30\n vmov.f64 %P0, d31"
                   : "=w"(r) : "r"(in_a), "r"(in_b) : "d17", "d30", "d31");
  u64 b;
  memcpy(&b, &r, 8);
  return b;
}
static u64 p_lpae(void) {
  /* What LPAE brings user code: 64-bit exclusives, LDREXD/STREXD. */
  _Alignas(8) u64 mem = 0x1122334455667788ull, v;
  uint32_t status;
  __asm__ volatile(".arch armv7ve\n 1: ldrexd %0, %H0, [%2]\n adds %Q0, %Q0, #1\n adc %R0, %R0, #0\n"
                   " strexd %1, %0, %H0, [%2]\n cmp %1, #0\n bne 1b"
                   : "=&r"(v), "=&r"(status)
                   : "r"(&mem)
                   : "memory", "cc");
  return mem + (v == mem);
}
static u64 p_fphp(void) {
  uint32_t r;
  __asm__ volatile(V82 "\n .arch_extension fp16\n vmov.f32 s2, #1.5\n vcvtb.f16.f32 s2, s2\n vmov.f32 s4, #2.25\n"
                   " vcvtb.f16.f32 s4, s4\n vmul.f16 s0, s2, s4\n vmov %0, s0"
                   : "=r"(r) : : "s0", "s2", "s4");
  return r & 0xffff;
}
static u64 p_asimdhp(void) { VEC3("vabs.f16 q1, q1\n vabs.f16 q2, q2\n vmax.f16 q0, q1, q2\n vadd.f16 q0, q0, q1", V82 "\n .arch_extension fp16") }
static u64 p_asimddp(void) { VEC3("vsdot.s8 q0, q1, q2\n vudot.u8 q0, q2, d2[1]", V82 "\n .arch_extension dotprod") }
static u64 p_asimdfhm(void) { VEC3("vfmal.f16 q0, d2, d4\n vfmsl.f16 q0, d3, d5[1]", V82 "\n .arch_extension fp16fml") }
/* vdot.bf16 q0, q1, q2 (the assembler here does not know the extension by name). */
static u64 p_asimdbf16(void) { VEC3(".inst 0xfc020d44", ".fpu neon") }
static u64 p_i8mm(void) { VEC3("vsmmla.s8 q0, q1, q2\n vusdot.s8 q0, q1, q2", ".arch armv8.6-a\n .fpu crypto-neon-fp-armv8\n .arch_extension i8mm") }
static u64 p_aes(void) { VEC3("aese.8 q0, q1\n aesmc.8 q0, q0\n aesd.8 q0, q2\n aesimc.8 q0, q0", V8) }
static u64 p_pmull(void) { VEC3("vmull.p64 q0, d2, d5", V8) }
static u64 p_sha1(void) { VEC3("sha1h.32 q3, q1\n sha1c.32 q0, q3, q2\n sha1su0.32 q0, q1, q2", V8) }
static u64 p_sha2(void) { VEC3("sha256h.32 q0, q1, q2\n sha256su1.32 q0, q1, q2", V8) }
static u64 p_crc32(void) {
  uint32_t a = 0xffffffffu, b = 0xffffffffu;
  __asm__ volatile(".arch armv8-a\n .arch_extension crc\n crc32w %0, %0, %2\n crc32cw %1, %1, %2\n crc32b %0, %0, %3"
                   : "+r"(a), "+r"(b)
                   : "r"(in_a[1]), "r"(0x5au));
  return (u64)a << 32 | b;
}
static u64 p_sb(void) {
  __asm__ volatile(".arch armv8.5-a\n sb");
  return 1;
}

/* Linux's arm HWCAP bits (asm/hwcap.h). */
static const struct probe probes[] = {
    {"swp", 1, 0, p_swp},           {"half", 1, 1, p_half},         {"thumb", 1, 2, p_thumb},
    {"fastmult", 1, 4, p_fastmult}, {"vfp", 1, 6, p_vfp},           {"edsp", 1, 7, p_edsp},
    {"neon", 1, 12, p_neon},        {"vfpv3", 1, 13, p_vfpv3},      {"tls", 1, 15, p_tls},
    {"vfpv4", 1, 16, p_vfpv4},      {"idiva", 1, 17, p_idiva},      {"idivt", 1, 18, p_idivt},
    {"vfpd32", 1, 19, p_vfpd32},    {"lpae", 1, 20, p_lpae},        {"fphp", 1, 22, p_fphp},
    {"asimdhp", 1, 23, p_asimdhp},  {"asimddp", 1, 24, p_asimddp},  {"asimdfhm", 1, 25, p_asimdfhm},
    {"asimdbf16", 1, 26, p_asimdbf16}, {"i8mm", 1, 27, p_i8mm},     {"aes", 2, 0, p_aes},
    {"pmull", 2, 1, p_pmull},       {"sha1", 2, 2, p_sha1},         {"sha2", 2, 3, p_sha2},
    {"crc32", 2, 4, p_crc32},       {"sb", 2, 5, p_sb},
};

/* Linux withholds HWCAP_SWP from a CPU that has the exclusives, though SWP runs there. */
static int exempt(const struct probe* p) { return strcmp(p->feature, "swp") == 0; }

int main(void) {
  char mismatches[1024];
  run_probes(probes, sizeof probes / sizeof probes[0], NULL, exempt, mismatches, sizeof mismatches);
  printf("mismatches:%s\n", mismatches[0] ? mismatches : " none");
  return mismatches[0] ? 1 : 0;
}
