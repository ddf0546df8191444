/* What the CPU says it implements (AT_HWCAP, and the facility list STORE FACILITY LIST EXTENDED
 * stores) against what it runs: one probe or more per feature, each instructions of the feature on
 * fixed inputs, run whatever the bits say (an instruction the CPU lacks is caught as SIGILL). A
 * line per probe: the feature, whether it is advertised, whether it ran, and a digest of its
 * results (the same inputs give the same digest on every CPU that runs it; where a result depends
 * on the CPU, such as which query functions a cryptographic instruction lists, the digest keeps
 * what does not). Then the probes whose advertisement and behaviour disagree, and the exit status
 * 1 if any do.
 *
 * Features with a HWCAP bit are named as Linux names them (/proc/cpuinfo's features line) and
 * advertised by AT_HWCAP; those without one by the facility they belong to (facN-name), advertised
 * by STFLE's bit N. Built for the default baseline (z196); each probe names the machine its
 * instructions need to the assembler (.machine), or spells them out (.insn). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

typedef uint64_t u64;

static sigjmp_buf probe_env;
static void on_signal(int sig) { siglongjmp(probe_env, sig); }

/* With CPU_FEATURES_VERBOSE set, each step's results are printed as well (to find which
 * instruction of a probe differs). */
static int verbose;
static void show(const char* what, const u64* v, size_t n, u64 extra) {
  if (!verbose) return;
  printf("  %-40.40s", what);
  for (size_t i = 0; i < n; ++i) printf(" %016llx", (unsigned long long)v[i]);
  printf(" / %llx\n", (unsigned long long)extra);
}

static u64 mix(u64 h, const void* p, size_t n) {
  const unsigned char* b = p;
  for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}
static u64 mix64(u64 h, u64 v) { return mix(h, &v, sizeof v); }

/* The facility list: STFLE's doublewords (zero where it stores none). */
static u64 facilities[4];
static int has_facility(int bit) { return (int)(facilities[bit / 64] >> (63 - bit % 64) & 1); }

/* The floating-point control register: set before a probe, read after (its IEEE flags are part
 * of a floating-point probe's results). */
static void set_fpc(uint32_t v) { __asm__ volatile("sfpc %0" : : "d"(v)); }
static uint32_t get_fpc(void) {
  uint32_t v;
  __asm__ volatile("efpc %0" : "=d"(v));
  return v;
}

/* Operands for the vector probes: integers, and floating-point values of every class (zeros,
 * subnormals, normals that round, infinities, quiet and signaling NaNs). */
static const u64 vi_a[2] = {0x0123456789abcdefull, 0xfedcba9876543210ull};
static const u64 vi_b[2] = {0x0f1e2d3c4b5a6978ull, 0x8796a5b4c3d2e1f0ull};
static const u64 vi_c[2] = {0x1111222233334444ull, 0x5555666677778888ull};
static const u64 vi_d[2] = {0x8000000180000003ull, 0x7fffffff00000005ull};
/* Short (binary32) elements, four a vector. */
static const uint32_t sb_a[4] = {0x3fc00000u /* 1.5 */, 0x40490fdbu /* pi */, 0xc1200000u /* -10 */, 0x00000003u /* subnormal */};
static const uint32_t sb_b[4] = {0x3eaaaaabu /* 1/3 */, 0xbf800000u /* -1 */, 0x7f7fffffu /* max */, 0x80000000u /* -0 */};
static const uint32_t sb_c[4] = {0x7fc00001u /* qNaN */, 0x7f800000u /* +inf */, 0x7fa00000u /* sNaN */, 0x3f800001u /* 1+ulp */};
static const uint32_t sb_d[4] = {0x00800000u /* min normal */, 0x4b000001u /* 2^23+1 */, 0xbfc00000u /* -1.5 */, 0x40200000u /* 2.5 */};
/* Long (binary64) elements. */
static const u64 db_a[2] = {0x3ff8000000000000ull /* 1.5 */, 0xc024000000000000ull /* -10 */};
static const u64 db_b[2] = {0x3fd5555555555555ull /* 1/3 */, 0x8000000000000000ull /* -0 */};
static const u64 db_c[2] = {0x7ff8000000000001ull /* qNaN */, 0x3ff0000000000001ull /* 1+ulp */};
static const u64 db_d[2] = {0x7ff4000000000000ull /* sNaN */, 0x0000000000000003ull /* subnormal */};
/* Extended (binary128) values, one a vector register (high doubleword first). */
static const u64 xb_a[2] = {0x3fff800000000000ull, 0x0000000000000000ull};   /* 1.5 */
static const u64 xb_b[2] = {0x3ffd555555555555ull, 0x5555555555555555ull};   /* ~1/3 */
static const u64 xb_c[2] = {0xc002400000000000ull, 0x0000000000000001ull};   /* -10 - ulp */
static const u64 xb_d[2] = {0x7fff400000000000ull, 0x0000000000000000ull};   /* sNaN */
static const u64 xb_e[2] = {0x0000000000000000ull, 0x0000000000000007ull};   /* subnormal */
static const u64 xb_f[2] = {0x7fff000000000000ull, 0x0000000000000000ull};   /* +inf */

/* Vector probes: loads v17, v18, v19 (and v16) from A, B, C (D), runs INSNS with the FPC clear,
 * stores v16 and folds it and the FPC into h. */
#define VEC(MACHINE, INSNS, A, B, C, D)                                                          \
  do {                                                                                           \
    u64 out_[2];                                                                                 \
    set_fpc(0);                                                                                  \
    __asm__ volatile(".machine push\n .machine " MACHINE "\n"                                    \
                     " vl %%v17,0(%1)\n vl %%v18,0(%2)\n vl %%v19,0(%3)\n vl %%v16,0(%4)\n" INSNS \
                     "\n vst %%v16,0(%0)\n .machine pop"                                         \
                     :                                                                           \
                     : "a"(out_), "a"(A), "a"(B), "a"(C), "a"(D)                                 \
                     : "v16", "v17", "v18", "v19", "v20", "memory");                             \
    h = mix(h, out_, sizeof out_);                                                               \
    show(INSNS, out_, 2, get_fpc());                                                             \
    h = mix64(h, get_fpc());                                                                     \
    set_fpc(0);                                                                                  \
  } while (0)
/* The same, the condition code of the last instruction folded in too. */
#define VEC_CC(MACHINE, INSNS, A, B, C, D)                                                       \
  do {                                                                                           \
    u64 out_[2];                                                                                 \
    int cc_;                                                                                     \
    set_fpc(0);                                                                                  \
    __asm__ volatile(".machine push\n .machine " MACHINE "\n"                                    \
                     " vl %%v17,0(%2)\n vl %%v18,0(%3)\n vl %%v19,0(%4)\n vl %%v16,0(%5)\n" INSNS \
                     "\n ipm %0\n srl %0,28\n vst %%v16,0(%1)\n .machine pop"                    \
                     : "=&d"(cc_)                                                                \
                     : "a"(out_), "a"(A), "a"(B), "a"(C), "a"(D)                                 \
                     : "v16", "v17", "v18", "v19", "v20", "cc", "memory");                       \
    h = mix(h, out_, sizeof out_);                                                               \
    show(INSNS, out_, 2, get_fpc() << 4 | (unsigned)cc_);                                        \
    h = mix64(h, get_fpc() << 4 | (unsigned)cc_);                                                \
    set_fpc(0);                                                                                  \
  } while (0)

/* Runs INSNS on r2 = A, r3 = B, r4 = C, r5 = D (%1: the address of mem_) and folds r2-r5 and the
 * condition code into h. */
#define GPR(MACHINE, INSNS, A, B, C, D)                                                          \
  do {                                                                                           \
    u64 r_[4] = {(A), (B), (C), (D)};                                                            \
    int cc_;                                                                                     \
    __asm__ volatile(".machine push\n .machine " MACHINE "\n"                                    \
                     " lmg %%r2,%%r5,0(%2)\n" INSNS "\n ipm %0\n srl %0,28\n stmg %%r2,%%r5,0(%2)\n" \
                     " .machine pop"                                                             \
                     : "=&d"(cc_)                                                                \
                     : "a"(mem_), "a"(r_)                                                        \
                     : "r2", "r3", "r4", "r5", "f0", "f1", "f2", "f3", "cc", "memory");          \
    h = mix(h, r_, sizeof r_);                                                                   \
    show(INSNS, r_, 4, (unsigned)cc_);                                                           \
    h = mix64(h, (unsigned)cc_);                                                                 \
  } while (0)

static u64 mem_[4] = {0x00000000fffffffeull, 0x7fff800012345678ull, 0xffffffffffff8001ull, 0x0000000300000007ull};

/* --- HWCAP features --- */

static u64 p_esan3(void) {
  u64 h = 0;
  GPR("z900", "lhi %%r2,100\n ahi %%r2,-7\n lr %%r3,%%r2\n sll %%r3,3\n xr %%r3,%%r2\n sr %%r4,%%r3", 0, 0, 5, 0);
  return h;
}
static u64 p_zarch(void) {
  u64 h = 0;
  GPR("z900", "agr %%r2,%%r3\n msgr %%r3,%%r2\n sllg %%r4,%%r2,13\n rllg %%r5,%%r3,7\n lgr %%r0,%%r5\n dsgr %%r4,%%r2",
      0x123456789ull, 0xfedcba987ull, 0, 0);
  return h;
}
static u64 p_stfle(void) {
  u64 list[4] = {0, 0, 0, 0};
  register unsigned long r0 __asm__("0") = 3;
  int cc;
  __asm__ volatile(".machine push\n .machine z10\n stfle %1\n ipm %0\n srl %0,28\n .machine pop"
                   : "=d"(cc), "=Q"(list), "+d"(r0)
                   :
                   : "cc");
  /* Facilities 0-2 (N3, z/Architecture installed and active): the same on every 64-bit CPU. */
  return (list[0] >> 61) << 2 | (unsigned)cc;
}
/* A CPACF query (function code 0 in r0, the parameter block at r1): whether the query function
 * itself is listed (which others are depends on the CPU). OP is the instruction with its
 * operands. */
#define CPACF_QUERY(MACHINE, OP, BLOCK)                                                       \
  do {                                                                                        \
    register unsigned long r0_ __asm__("0") = 0;                                              \
    register void* r1_ __asm__("1") = (BLOCK);                                                \
    __asm__ volatile(".machine push\n .machine " MACHINE "\n lghi %%r2,0\n lghi %%r3,0\n"     \
                     " lghi %%r4,0\n lghi %%r5,0\n lghi %%r6,0\n lghi %%r7,0\n" OP "\n"       \
                     " .machine pop"                                                          \
                     : "+d"(r0_), "+a"(r1_)                                                   \
                     :                                                                        \
                     : "r2", "r3", "r4", "r5", "r6", "r7", "cc", "memory");                   \
  } while (0)
static u64 p_msa(void) {
  unsigned char kimd[16] = {0}, km[16] = {0};
  CPACF_QUERY("z990", "kimd %%r2,%%r4", kimd);
  CPACF_QUERY("z990", "km %%r2,%%r4", km);
  return (u64)(kimd[0] >> 7) << 1 | (km[0] >> 7);
}
static u64 p_ldisp(void) {
  u64 h = 0;
  u64* base = &mem_[2];
  u64 r[2];
  __asm__ volatile(".machine push\n .machine z990\n ly %%r2,-12(%1)\n lay %%r3,-4096(%1)\n lgf %%r2,-8(%1)\n"
                   " stg %%r2,0(%0)\n sgr %%r3,%1\n stg %%r3,8(%0)\n .machine pop"
                   :
                   : "a"(r), "a"(base)
                   : "r2", "r3", "memory");
  h = mix(h, r, sizeof r);
  return h;
}
static u64 p_eimm(void) {
  u64 h = 0;
  GPR("z10", "iilf %%r2,0x89abcdef\n afi %%r2,-123456789\n lgfi %%r3,-1000000\n xihf %%r3,0x55aa55aa\n"
      " lgr %%r4,%%r2\n flogr %%r4,%%r3\n llgcr %%r3,%%r3\n lt %%r2,0(%1)",
      0, 0, 0, 0);
  return h;
}
static u64 p_dfp(void) {
  u64 h = 0;
  /* 1.5 + 2.25 in decimal64 (encodings spelled out), and 7 converted to DFP. */
  GPR("z10", "llihf %%r2,0x22300000\n oilf %%r2,0x15\n llihf %%r3,0x22300000\n oilf %%r3,0x225\n"
      " ldgr %%f1,%%r2\n ldgr %%f2,%%r3\n adtr %%f0,%%f1,%%f2\n lgdr %%r2,%%f0\n lghi %%r4,7\n cdgtr %%f3,%%r4\n"
      " lgdr %%r3,%%f3",
      0, 0, 0, 0);
  return h;
}
static u64 p_etf3eh(void) {
  /* UTF-16 to UTF-32 and UTF-8 to UTF-32 with well-formedness checking (M3 = 1). */
  static const uint16_t utf16[4] = {0x0041, 0xd83d, 0xde00, 0x00e9};
  static const unsigned char utf8[6] = {0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac};
  uint32_t out[8] = {0};
  register const void* src2 __asm__("4") = utf16;
  register unsigned long len2 __asm__("5") = sizeof utf16;
  register void* dst2 __asm__("2") = out;
  register unsigned long dlen2 __asm__("3") = 16;
  __asm__ volatile(".machine push\n .machine z10\n 0: cu24 %%r2,%%r4,1\n jo 0b\n .machine pop"
                   : "+a"(dst2), "+d"(dlen2), "+a"(src2), "+d"(len2)
                   :
                   : "cc", "memory");
  register const void* src8 __asm__("4") = utf8;
  register unsigned long len8 __asm__("5") = sizeof utf8;
  register void* dst8 __asm__("2") = out + 4;
  register unsigned long dlen8 __asm__("3") = 16;
  __asm__ volatile(".machine push\n .machine z10\n 0: cu14 %%r2,%%r4,1\n jo 0b\n .machine pop"
                   : "+a"(dst8), "+d"(dlen8), "+a"(src8), "+d"(len8)
                   :
                   : "cc", "memory");
  return mix(0, out, sizeof out) ^ dlen2 << 8 ^ dlen8;
}
static u64 p_highgprs(void) {
  u64 h = 0;
  GPR("z900", "sllg %%r2,%%r2,40\n lr %%r2,%%r3\n srlg %%r4,%%r2,32\n", 0x5aull, 0x1234ull, 0, 0);
  return h;
}
static u64 p_te(void) {
  int cc;
  __asm__ volatile(".machine push\n .machine zEC12\n tbegin 0,0xff00\n ipm %0\n srl %0,28\n jnz 0f\n tend\n 0:\n"
                   " .machine pop"
                   : "=d"(cc)
                   :
                   : "cc", "memory");
  return cc == 0;
}
static u64 p_vx(void) {
  u64 h = 0;
  VEC("z13", "vaf %%v16,%%v17,%%v18\n vgfmg %%v16,%%v16,%%v19\n vperm %%v16,%%v16,%%v17,%%v18", vi_a, vi_b, vi_c, vi_d);
  VEC("z13", "vfadb %%v16,%%v17,%%v18\n vfmdb %%v16,%%v16,%%v18\n vfsqdb %%v16,%%v16", db_a, db_b, db_c, db_d);
  return h;
}
static u64 p_vxd(void) {
  u64 h = 0;
  /* Packed decimal: +1234 and -567 loaded as immediates, added; the rightmost 5 bytes of a
   * vector loaded with a length. */
  VEC("z14", "vlip %%v17,0x1234,0\n vlip %%v18,0x5670,1\n vap %%v16,%%v17,%%v18,31,1\n vlrl %%v20,0(%2),4\n"
      " vx %%v16,%%v16,%%v20",
      vi_a, vi_b, vi_c, vi_d);
  return h;
}
static u64 p_gs(void) {
  u64 v;
  __asm__ volatile(".machine push\n .machine z14\n lgg %0,0(%1)\n .machine pop" : "=d"(v) : "a"(mem_) : "memory");
  return v;
}
static u64 p_vxe2(void) {
  u64 h = 0;
  VEC("z15", "vsld %%v16,%%v17,%%v18,5\n vsrd %%v20,%%v17,%%v19,3\n vx %%v16,%%v16,%%v20", vi_a, vi_b, vi_c, vi_d);
  VEC("z15", "vlbrf %%v16,0(%1)\n vlerh %%v20,0(%2)\n vx %%v16,%%v16,%%v20", vi_a, vi_b, vi_c, vi_d);
  VEC("z15", "vcefb %%v16,%%v17,0,0\n vcfeb %%v20,%%v18,0,5\n vx %%v16,%%v16,%%v20", vi_a, sb_a, vi_c, vi_d);
  return h;
}
static u64 p_sort(void) {
  unsigned char block[32] = {0};
  CPACF_QUERY("z15", "sortl %%r2,%%r4", block);
  return block[0] >> 7;
}
static u64 p_dflt(void) {
  unsigned char block[32] = {0};
  CPACF_QUERY("z15", "dfltcc %%r2,%%r4,%%r6", block);
  return block[0] >> 7;
}
static u64 p_nnpa(void) {
  _Alignas(8) unsigned char block[256] = {0};
  CPACF_QUERY("z16", "nnpa", block);
  return block[0] >> 7;
}

/* --- Vector-enhancements facility 1 (vxe) --- */

/* Its integer instructions: VECTOR NAND, NOT EXCLUSIVE OR, OR WITH COMPLEMENT, POPULATION COUNT of
 * every element size, BIT PERMUTE, MULTIPLY SUM LOGICAL, LOAD LOGICAL ELEMENT AND ZERO
 * (left-aligned word). */
static u64 p_vxe(void) {
  u64 h = 0;
  VEC("z14", "vnn %%v16,%%v17,%%v18\n vnx %%v20,%%v17,%%v19\n vx %%v16,%%v16,%%v20\n voc %%v20,%%v18,%%v19\n"
      " vx %%v16,%%v16,%%v20",
      vi_a, vi_b, vi_c, vi_d);
  VEC("z14", "vpopctb %%v16,%%v17\n vpopcth %%v20,%%v18\n vx %%v16,%%v16,%%v20\n vpopctf %%v20,%%v19\n"
      " vx %%v16,%%v16,%%v20\n vpopctg %%v20,%%v17\n vx %%v16,%%v16,%%v20",
      vi_a, vi_b, vi_c, vi_d);
  VEC("z14", "vbperm %%v16,%%v17,%%v18", vi_a, vi_b, vi_c, vi_d);
  VEC("z14", "vmslg %%v16,%%v17,%%v18,%%v19,0", vi_a, vi_b, vi_c, vi_d);
  VEC("z14", "vmslg %%v16,%%v17,%%v18,%%v19,12", vi_a, vi_b, vi_c, vi_d);
  VEC("z14", "vmslg %%v16,%%v18,%%v16,%%v19,8", vi_a, vi_b, vi_c, vi_d);
  VEC("z14", "vllezlf %%v16,4(%1)", vi_a, vi_b, vi_c, vi_d);
  return h;
}
/* Its short (binary32) floating-point instructions. */
static u64 p_vxe_sb(void) {
  u64 h = 0;
  VEC("z14", "vfasb %%v16,%%v17,%%v18", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfasb %%v16,%%v17,%%v19", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfssb %%v16,%%v17,%%v18", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfmsb %%v16,%%v17,%%v18", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfdsb %%v16,%%v17,%%v18", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfsqsb %%v16,%%v17", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfmasb %%v16,%%v17,%%v18,%%v16", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfmssb %%v16,%%v17,%%v18,%%v16", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfnmasb %%v16,%%v17,%%v18,%%v16", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfnmssb %%v16,%%v17,%%v18,%%v16", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfmaxsb %%v16,%%v17,%%v16,4\n vfminsb %%v20,%%v18,%%v17,1\n vfa %%v16,%%v16,%%v20,2,0", sb_a, sb_b, sb_c, sb_d);
  VEC_CC("z14", "vfcesbs %%v16,%%v17,%%v16", sb_a, sb_b, sb_c, sb_d);
  VEC_CC("z14", "vfchsbs %%v16,%%v17,%%v18", sb_a, sb_b, sb_c, sb_d);
  VEC_CC("z14", "vfchesbs %%v16,%%v16,%%v17", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfisb %%v16,%%v16,0,0", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vfisb %%v16,%%v17,4,1", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vflls %%v16,%%v17", sb_a, sb_b, sb_c, sb_d);
  VEC("z14", "vflrd %%v16,%%v17,0,0\n vflrd %%v20,%%v18,0,5\n vx %%v16,%%v16,%%v20", db_a, db_b, db_c, db_d);
  VEC("z14", "vfpsosb %%v16,%%v17,0\n vfpsosb %%v20,%%v18,1\n vx %%v16,%%v16,%%v20\n vfpsosb %%v20,%%v16,2\n"
      " vx %%v16,%%v16,%%v20",
      sb_a, sb_b, sb_c, sb_d);
  VEC_CC("z14", "vftcisb %%v16,%%v19,0x0f3", sb_a, sb_b, sb_c, sb_d);
  VEC_CC("z14", "wfasb %%v16,%%v17,%%v18\n wfcsb %%v16,%%v17", sb_a, sb_b, sb_c, sb_d);
  VEC_CC("z14", "wfksb %%v18,%%v17", sb_a, sb_b, sb_c, sb_d);
  return h;
}
/* Its new long (binary64) instructions: maximum, minimum, negative multiply and add/subtract. */
static u64 p_vxe_db(void) {
  u64 h = 0;
  VEC("z14", "vfmaxdb %%v16,%%v17,%%v18,0\n vfmindb %%v20,%%v17,%%v18,3\n vx %%v16,%%v16,%%v20", db_a, db_b, db_c, db_d);
  VEC("z14", "vfmaxdb %%v16,%%v17,%%v16,1\n vfmindb %%v20,%%v18,%%v19,4\n vx %%v16,%%v16,%%v20", db_a, db_b, db_c, db_d);
  VEC("z14", "vfnmadb %%v16,%%v17,%%v18,%%v19\n vfnmsdb %%v20,%%v17,%%v19,%%v18\n vx %%v16,%%v16,%%v20", db_a, db_b, db_c, db_d);
  return h;
}
/* Its extended (binary128) instructions. */
static u64 p_vxe_xb(void) {
  u64 h = 0;
  VEC("z14", "wfaxb %%v16,%%v17,%%v18", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfsxb %%v16,%%v17,%%v19", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfmxb %%v16,%%v18,%%v19", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfdxb %%v16,%%v17,%%v18", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfsqxb %%v16,%%v18", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfmaxb %%v16,%%v17,%%v18,%%v19", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfmsxb %%v16,%%v18,%%v19,%%v17", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfnmaxb %%v16,%%v17,%%v19,%%v18", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfnmsxb %%v16,%%v18,%%v18,%%v17", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfaxb %%v16,%%v17,%%v16", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfmaxxb %%v16,%%v17,%%v19,0\n wfminxb %%v20,%%v18,%%v19,1\n vx %%v16,%%v16,%%v20", xb_a, xb_b, xb_c, xb_e);
  VEC_CC("z14", "wfcexbs %%v16,%%v17,%%v18", xb_a, xb_b, xb_c, xb_d);
  VEC_CC("z14", "wfchxbs %%v16,%%v18,%%v17", xb_a, xb_b, xb_c, xb_d);
  VEC_CC("z14", "wfchexbs %%v16,%%v17,%%v17", xb_a, xb_b, xb_c, xb_d);
  VEC_CC("z14", "wfcxb %%v17,%%v19", xb_a, xb_b, xb_c, xb_d);
  VEC_CC("z14", "wfkxb %%v18,%%v17", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfixb %%v16,%%v19,0,0", xb_a, xb_b, xb_c, xb_c);
  VEC("z14", "wfixb %%v16,%%v17,4,1", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wflld %%v16,%%v17", db_a, db_b, db_c, db_d);
  VEC("z14", "wflrx %%v16,%%v18,0,0\n wflrx %%v20,%%v17,0,7\n vx %%v16,%%v16,%%v20", xb_a, xb_b, xb_c, xb_d);
  VEC("z14", "wfpsoxb %%v16,%%v19,0\n wfpsoxb %%v20,%%v18,2\n vx %%v16,%%v16,%%v20", xb_a, xb_b, xb_c, xb_d);
  VEC_CC("z14", "wftcixb %%v16,%%v17,0x800", xb_a, xb_b, xb_c, xb_d);
  VEC_CC("z14", "wftcixb %%v16,%%v18,0x0c0", xb_e, xb_f, xb_c, xb_d);
  return h;
}

/* --- Facilities without a HWCAP bit --- */

static u64 p_gie(void) { /* 34: general-instructions-extension (z10) */
  u64 h = 0;
  GPR("z10", "msfi %%r2,-77777\n msgfi %%r3,1000003\n risbg %%r4,%%r3,8,55,12\n cgij %%r2,0,4,0f\n lghi %%r5,1\n 0:\n"
      " lgrl %%r5,0f\n j 1f\n .balign 8\n 0: .quad 0x1122334455667788\n 1:",
      0x12345ull, 0x6789aull, 0xf0f0f0f0f0f0f0f0ull, 0);
  return h;
}
static u64 p_fps(void) { /* 41: floating-point-support enhancements (sign handling, FPR-GR transfer) */
  u64 h = 0;
  GPR("z10", "ldgr %%f0,%%r2\n ldgr %%f1,%%r3\n cpsdr %%f2,%%f1,%%f0\n lcdfr %%f3,%%f2\n lgdr %%r4,%%f3\n"
      " lndfr %%f3,%%f0\n lpdfr %%f2,%%f3\n lgdr %%r5,%%f2\n lgdr %%r2,%%f3",
      0x400921fb54442d18ull, 0xbff0000000000000ull, 0, 0);
  return h;
}
static u64 p_fac45(void) { /* 45: distinct-operands, high-word, population-count, load/store-on-condition 1 */
  u64 h = 0;
  GPR("z196", "agrk %%r4,%%r2,%%r3\n popcnt %%r5,%%r4\n cgr %%r2,%%r3\n locgrh %%r2,%%r3\n risbhg %%r3,%%r4,0,31,32\n"
      " srak %%r4,%%r4,3\n ahik %%r5,%%r5,-1000",
      0x123456789abcdefull, 0x0fedcba987654321ull, 0, 0);
  return h;
}
static u64 p_fac49(void) { /* 49: miscellaneous-instruction-extensions 1, load-and-trap, execution-hint */
  u64 h = 0;
  GPR("zEC12", "risbgn %%r4,%%r2,32,63,8\n lgat %%r5,8(%1)\n niai 1,0\n lat %%r3,12(%1)", 0xaabbccddeeff0011ull, 0, 0, 0);
  return h;
}
static u64 p_fac53(void) { /* 53: load/store-on-condition 2, load-and-zero-rightmost-byte */
  u64 h = 0;
  GPR("z13", "cgr %%r2,%%r3\n locghil %%r4,-5\n locghih %%r5,77\n lzrg %%r2,8(%1)\n llzrgf %%r3,12(%1)", 3, 4, 0, 0);
  return h;
}
/* 58: miscellaneous-instruction-extensions 2 (z14): add/subtract/multiply halfword, multiply
 * (single, 128-bit product), multiply single with condition code, branch indirect on condition. */
static u64 p_mie2(void) {
  u64 h = 0;
  GPR("z14", "agh %%r2,10(%1)\n sgh %%r3,16(%1)\n mgh %%r4,18(%1)\n", 0x7ffffffffffffff0ull, 5, -3ull, 0);
  GPR("z14", "agh %%r2,8(%1)", 0x7fffffffffffff00ull, 0, 0, 0);      /* overflow: cc 3 */
  GPR("z14", "sgh %%r2,16(%1)", 0x8000000000000001ull, 0, 0, 0);     /* 0x...0001 - (-1) */
  GPR("z14", "mgrk %%r2,%%r4,%%r5", 0, 0, 0x123456789abcdefull, -0x7654321fedcbaull);
  GPR("z14", "mgrk %%r2,%%r4,%%r5", 0, 0, 0x8000000000000000ull, 0x8000000000000000ull);
  GPR("z14", "mg %%r2,8(%1)", 0, 0xfedcba9876543210ull, 0, 0);
  GPR("z14", "msgrkc %%r2,%%r4,%%r5", 0, 0, 0x100000000ull, 0x7fffffffull);
  GPR("z14", "msgrkc %%r2,%%r4,%%r5", 0, 0, 0x100000000ull, 0x80000000ull);   /* overflow */
  GPR("z14", "msgrkc %%r2,%%r4,%%r5", 0, 0, -0x100000000ll, 0x80000000ull);   /* -2^63: no overflow */
  GPR("z14", "msgrkc %%r2,%%r4,%%r5", 0, 0, 0, -5ull);
  GPR("z14", "msrkc %%r2,%%r4,%%r5", 0xdeadbeef00000000ull, 0, 0x10000, 0x8000);  /* 2^31: overflow */
  GPR("z14", "msrkc %%r2,%%r4,%%r5", 0xdeadbeef00000000ull, 0, -7ull, 9);
  GPR("z14", "msc %%r2,4(%1)", 0x12345678ffffffffull, 0, 0, 0);     /* x * -2 */
  GPR("z14", "msc %%r2,4(%1)", 0x40000000ull, 0, 0, 0);              /* -2^31: no overflow */
  GPR("z14", "msgc %%r2,16(%1)", 0x10000000000ull, 0, 0, 0);
  GPR("z14", "msgc %%r2,16(%1)", 0x4000000000000000ull, 0, 0, 0);
  /* BIC: to the address in the doubleword at the operand, where the mask takes the condition
   * code (cc 0 here): taken with mask 8, not with mask 7. */
  u64 slot, taken;
  __asm__ volatile(".machine push\n .machine z14\n larl %%r1,1f\n stg %%r1,0(%1)\n lghi %0,0\n ltgr %0,%0\n"
                   " bic 7,0(%1)\n la %0,1(%0)\n bic 8,0(%1)\n la %0,100(%0)\n 1: la %0,10(%0)\n .machine pop"
                   : "=&a"(taken)
                   : "a"(&slot)
                   : "r1", "cc", "memory");
  return mix64(h, taken);
}
static u64 p_mie3(void) { /* 61: miscellaneous-instruction-extensions 3 (z15) */
  u64 h = 0;
  GPR("z15", "ncgrk %%r4,%%r2,%%r3\n nngrk %%r5,%%r2,%%r3\n nxgrk %%r2,%%r4,%%r5\n ocgrk %%r3,%%r2,%%r4", 0x0ff0ull, 0x3c3cull, 0, 0);
  GPR("z15", "popcnt %%r4,%%r2,8\n cgr %%r2,%%r3\n selgrh %%r5,%%r2,%%r3", 0x0123456789abcdefull, 0x5ull, 0, 0);
  return h;
}
static u64 p_msa5(void) { /* 57: message-security-assist extension 5 (PRNO) */
  unsigned char block[16] = {0};
  CPACF_QUERY("z13", "ppno %%r2,%%r4", block);
  return block[0] >> 7;
}
static u64 p_msa8(void) { /* 146: message-security-assist extension 8 (KMA) */
  unsigned char block[16] = {0};
  CPACF_QUERY("z14", "kma %%r2,%%r4,%%r6", block);
  return block[0] >> 7;
}
static u64 p_stckf(void) { /* 25: store clock fast (the clock is set and runs) */
  u64 a = 0, b = 0;
  int cc;
  __asm__ volatile("stckf %1\n ipm %0\n srl %0,28" : "=d"(cc), "=Q"(a) : : "cc");
  for (volatile int i = 0; i < 1000; ++i) {}
  __asm__ volatile("stckf %0" : "=Q"(b) : : "cc");
  return (u64)cc << 1 | (b > a && a > (1ull << 62));
}
static u64 p_exrl(void) { /* 35: execute-extensions */
  u64 h = 0;
  GPR("z10", "lghi %%r3,0x10\n exrl %%r3,0f\n j 1f\n 0: ahi %%r2,0x100\n 1:", 5, 0, 0, 0);
  return h;
}
static u64 p_fpe(void) { /* 37: floating-point extension (logical conversions, rounding mode) */
  u64 h = 0;
  GPR("z196", "cdlgbr %%f1,0,%%r2,0\n clgdbr %%r3,5,%%f1,0\n cdfbra %%f2,7,%%r4,0\n lgdr %%r4,%%f2\n"
      " clfdbr %%r5,6,%%f2,0",
      0xffffffffffffff01ull, 0, 0x12345, 0);
  return h;
}

struct probe {
  const char* feature;
  int facility; /* -1: AT_HWCAP bit `bit`; else the STFLE facility bit */
  int bit;
  u64 (*fn)(void);
};

static const struct probe probes[] = {
    {"esan3", -1, 0, p_esan3},       {"zarch", -1, 1, p_zarch},       {"stfle", -1, 2, p_stfle},
    {"msa", -1, 3, p_msa},           {"ldisp", -1, 4, p_ldisp},       {"eimm", -1, 5, p_eimm},
    {"dfp", -1, 6, p_dfp},           {"etf3eh", -1, 8, p_etf3eh},     {"highgprs", -1, 9, p_highgprs},
    {"te", -1, 10, p_te},            {"vx", -1, 11, p_vx},            {"vxd", -1, 12, p_vxd},
    {"vxe", -1, 13, p_vxe},          {"vxe.sb", -1, 13, p_vxe_sb},    {"vxe.db", -1, 13, p_vxe_db},
    {"vxe.xb", -1, 13, p_vxe_xb},    {"gs", -1, 14, p_gs},            {"vxe2", -1, 15, p_vxe2},
    {"sort", -1, 17, p_sort},        {"dflt", -1, 18, p_dflt},        {"nnpa", -1, 20, p_nnpa},
    {"fac25-stckf", 25, 0, p_stckf}, {"fac34-gie", 34, 0, p_gie},     {"fac35-exrl", 35, 0, p_exrl},
    {"fac37-fpe", 37, 0, p_fpe},     {"fac41-fps", 41, 0, p_fps},     {"fac45-z196", 45, 0, p_fac45},
    {"fac49-zec12", 49, 0, p_fac49},
    {"fac53-z13", 53, 0, p_fac53},   {"fac57-msa5", 57, 0, p_msa5},   {"fac58-mie2", 58, 0, p_mie2},
    {"fac61-mie3", 61, 0, p_mie3},   {"fac146-msa8", 146, 0, p_msa8},
};

/* The HWCAP bits Linux derives from facilities (arch/s390/kernel/processor.c): each bit and the
 * facilities it needs, which STFLE must then list (and not list without it). */
struct hwcap_facilities {
  const char* feature;
  int bit;
  int fac[2]; /* -1: none */
};
static const struct hwcap_facilities hwcap_facs[] = {
    {"stfle", 2, {7, -1}},     {"msa", 3, {17, -1}},    {"ldisp", 4, {18, 19}},  {"eimm", 5, {21, -1}},
    {"dfp", 6, {42, 44}},      {"etf3eh", 8, {22, 30}}, {"te", 10, {50, 73}},    {"vx", 11, {129, -1}},
    {"vxd", 12, {134, -1}},    {"vxe", 13, {135, -1}},  {"gs", 14, {133, -1}},   {"vxe2", 15, {148, -1}},
    {"vxp", 16, {152, -1}},    {"sort", 17, {150, -1}}, {"dflt", 18, {151, -1}}, {"nnpa", 20, {165, -1}},
};

int main(void) {
  const u64 hwcap = getauxval(AT_HWCAP);
  verbose = getenv("CPU_FEATURES_VERBOSE") != NULL;
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGFPE, &sa, NULL);  /* (a data exception of an instruction half implemented) */
  sigaction(SIGSEGV, &sa, NULL); /* (a CPACF query that stores where it should not) */
  /* The facility list, whatever HWCAP_S390_STFLE says (user code may execute STFLE). */
  if (sigsetjmp(probe_env, 1) == 0) {
    register unsigned long r0 __asm__("0") = 3;
    __asm__ volatile(".machine push\n .machine z10\n stfle %0\n .machine pop" : "=Q"(facilities), "+d"(r0) : : "cc");
  }
  char mismatches[1024] = "";
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; ++i) {
    const struct probe* p = &probes[i];
    const int advertised = p->facility < 0 ? (int)(hwcap >> p->bit & 1) : has_facility(p->facility);
    u64 digest = 0;
    volatile int ran = 0;
    if (sigsetjmp(probe_env, 1) == 0) {
      digest = p->fn();
      ran = strcmp(p->feature, "te") != 0 || digest == 1; /* (te: a transaction began) */
    }
    set_fpc(0);
    if (ran)
      printf("%-12s advertised %-3s runs yes digest %016llx\n", p->feature, advertised ? "yes" : "no",
             (unsigned long long)digest);
    else
      printf("%-12s advertised %-3s runs no\n", p->feature, advertised ? "yes" : "no");
    if (advertised != ran) {
      strcat(mismatches, " ");
      strcat(mismatches, p->feature);
    }
  }
  /* Where HWCAP_S390_STFLE is advertised, the facility list says what the HWCAP bits say. */
  if (hwcap & 4) {
    for (size_t i = 0; i < sizeof hwcap_facs / sizeof hwcap_facs[0]; ++i) {
      const struct hwcap_facilities* f = &hwcap_facs[i];
      const int by_fac = has_facility(f->fac[0]) && (f->fac[1] < 0 || has_facility(f->fac[1]));
      if (by_fac != (int)(hwcap >> f->bit & 1)) {
        strcat(mismatches, " fac:");
        strcat(mismatches, f->feature);
      }
    }
  }
  printf("mismatches:%s\n", mismatches[0] ? mismatches : " none");
  return mismatches[0] ? 1 : 0;
}
