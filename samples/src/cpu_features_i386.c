/* cpu_features_i386: which instruction classes the CPU executes in 32-bit mode, against what its
 * CPUID advertises (leaf 1 ECX/EDX, leaf 7 EBX/ECX, leaf 0xd subleaf 1 EAX, 0x80000001 ECX/EDX).
 * Each class runs a few of its instructions on fixed inputs (inline assembly: the program itself
 * is built for a plain i686), a SIGILL (or other fault) handler noting what does not run. A class
 * runs when its results' digest (FNV-1a) is the processor's (kFeatures: flags an instruction
 * leaves undefined are left out); other results count as not running (lzcnt and tzcnt are bsr
 * and bsf on a CPU without them). A class that does not run where CPUID advertises it, or runs
 * where CPUID does not, is a mismatch: listed at the end, exit status 1.
 *
 *   cpu_features_i386             every class: CPUID's bit, whether it runs, its digest
 *   cpu_features_i386 NAME...     the named classes must be advertised and run (their lines as
 *                                 above); of the others only whether CPUID tells the truth about
 *                                 them, so that CPUs of different feature sets print the same
 *                                 when both are honest about what they lack.
 *   -NAME                         (with either) leaves that class out.
 * With CPU_FEATURES_HEX set in the environment, each class's results follow its line in hex.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What an asm operand of 16 or 32 bytes reads or writes, whatever the data's type. */
typedef struct {
  uint8_t b[16];
} __attribute__((may_alias)) v16;
typedef struct {
  uint8_t b[32];
} __attribute__((may_alias)) v32;

static uint8_t in_a[64] __attribute__((aligned(64)));
static uint8_t in_b[64] __attribute__((aligned(64)));
static const float fa[8] = {1.5f, -2.25f, 3.75f, 100.125f, -0.5f, 2.5f, -7.0f, 0.3f};
static const float fb[8] = {-4.5f, 0.125f, 2.6f, -1e6f, 3.5f, -2.5f, 0.7f, 1024.0f};
static const double da[4] = {2.5, -1.75, 1e-3, 12345.678};

static uint32_t fnv(const uint8_t* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]) {
  __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

/* Vector registers an asm statement changes: named only where the compiler allocates them (a plain
 * i686 build uses none of them). */
#if defined(__SSE__)
#define VREGS(...) , __VA_ARGS__
#else
#define VREGS(...)
#endif

/* The arithmetic flags after an instruction (OF SF ZF AF PF CF). */
#define FLAGS_OUT "\n\tpushfl\n\tpopl %[f]"
#define ARITH 0x8d5u
#define CF 0x001u
#define ZF 0x040u
#define SF 0x080u
#define OF 0x800u

/* XMM1 = *a, XMM2 = *b (XMM0 = *m for the blends that take it), XMM1 = INSN XMM2, XMM1 stored. */
#define XOP(insn, a, b)                                                                              \
  do {                                                                                               \
    __asm__ volatile("movdqu %1, %%xmm1\n\tmovdqu %2, %%xmm2\n\t" insn " %%xmm2, %%xmm1\n\tmovdqu %%xmm1, %0" \
                     : "=m"(*(v16*)o)                                                                \
                     : "m"(*(const v16*)(a)), "m"(*(const v16*)(b))                                  \
                     : "cc" VREGS("xmm1", "xmm2"));                                                              \
    o += 16;                                                                                         \
  } while (0)
#define XOP0(insn, a, b, m)                                                                          \
  do {                                                                                               \
    __asm__ volatile("movdqu %3, %%xmm0\n\tmovdqu %1, %%xmm1\n\tmovdqu %2, %%xmm2\n\t" insn          \
                     " %%xmm2, %%xmm1\n\tmovdqu %%xmm1, %0"                                          \
                     : "=m"(*(v16*)o)                                                                \
                     : "m"(*(const v16*)(a)), "m"(*(const v16*)(b)), "m"(*(const v16*)(m))           \
                     : "cc" VREGS("xmm0", "xmm1", "xmm2"));                                                      \
    o += 16;                                                                                         \
  } while (0)
/* A 32-bit result of INSN on XMM1 = *a into a general register. */
#define XTOR(insn, a)                                                                                \
  do {                                                                                               \
    uint32_t r_;                                                                                     \
    __asm__ volatile("movdqu %1, %%xmm1\n\t" insn " %%xmm1, %0" : "=r"(r_) : "m"(*(const v16*)(a)) : "cc" VREGS("xmm1")); \
    memcpy(o, &r_, 4);                                                                               \
    o += 4;                                                                                          \
  } while (0)
/* A general register's result, and the flags of `mask` (those the instruction defines), of INSN on
 * src (a 32-bit operand). */
#define ROP(insn, src, mask)                                                                               \
  do {                                                                                               \
    uint32_t r_ = 0x5a5a5a5a, f_, s_ = (src);                                                        \
    __asm__ volatile(insn " %[s], %[r]" FLAGS_OUT : [r] "+r"(r_), [f] "=r"(f_) : [s] "rm"(s_) : "cc"); \
    f_ &= (mask);                                                                                    \
    memcpy(o, &r_, 4);                                                                               \
    memcpy(o + 4, &f_, 4);                                                                           \
    o += 8;                                                                                          \
  } while (0)
/* A VEX instruction of three register operands (dest, src1, src2: r = INSN s2, s1), and the flags
 * of `mask`. */
#define R3(insn, s1, s2, mask)                                                                             \
  do {                                                                                               \
    uint32_t r_, f_, a_ = (s1), b_ = (s2);                                                           \
    __asm__ volatile(insn " %[b], %[a], %[r]" FLAGS_OUT : [r] "=&r"(r_), [f] "=r"(f_) : [a] "r"(a_), [b] "r"(b_) : "cc"); \
    f_ &= (mask);                                                                                    \
    memcpy(o, &r_, 4);                                                                               \
    memcpy(o + 4, &f_, 4);                                                                           \
    o += 8;                                                                                          \
  } while (0)

/* ---- the classes: each writes its results at o and returns how many bytes ---- */

static int t_cmov(uint8_t* o) {
  uint32_t r = 1, s = 2, t = 3;
  __asm__ volatile("cmp %2, %1\n\tcmovl %2, %0\n\tcmovg %3, %0" : "+r"(r) : "r"(s), "r"(t), "r"(7) : "cc");
  memcpy(o, &r, 4);
  return 4;
}

static int t_mmx(uint8_t* o) {
  __asm__ volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\tpaddw %%mm1, %%mm0\n\tpmullw %%mm1, %%mm0\n\t"
                   "psrlq $3, %%mm0\n\tpunpcklbw %%mm1, %%mm0\n\tmovq %%mm0, %0\n\temms"
                   : "=m"(*(uint64_t*)o) : "m"(*(const uint64_t*)in_a), "m"(*(const uint64_t*)in_b) : "cc" VREGS("mm0", "mm1"));
  return 8;
}

static int t_sse(uint8_t* o) {
  uint8_t* s = o;
  XOP("addps", fa, fb);
  XOP("mulps", fa, fb);
  XOP("divps", fa, fb);
  XOP("sqrtps", fb, fa);
  XOP("maxps", fa, fb);
  XOP("shufps $0x1b,", fa, fb);
  XOP("cmpltps", fa, fb);
  XTOR("cvttss2si", fb + 3);
  return (int)(o - s);
}

static int t_sse2(uint8_t* o) {
  uint8_t* s = o;
  XOP("paddq", in_a, in_b);
  XOP("pmuludq", in_a, in_b);
  XOP("psadbw", in_a, in_b);
  XOP("pmaddwd", in_a, in_b);
  XOP("packsswb", in_a, in_b);
  XOP("punpckhdq", in_a, in_b);
  XOP("pshufd $0x39,", in_a, in_b);
  XOP("addpd", da, da + 2);
  XOP("divpd", da, da + 2);
  XOP("cvtps2pd", da, fa);
  XOP("cvtpd2dq", da, da + 2);
  XTOR("pmovmskb", in_a);
  return (int)(o - s);
}

static int t_sse3(uint8_t* o) {
  uint8_t* s = o;
  XOP("addsubps", fa, fb);
  XOP("haddps", fa, fb);
  XOP("hsubps", fa, fb);
  XOP("addsubpd", da, da + 2);
  XOP("haddpd", da, da + 2);
  XOP("hsubpd", da, da + 2);
  XOP("movddup", da, da + 2);
  XOP("movshdup", fa, fb);
  XOP("movsldup", fa, fb);
  __asm__ volatile("lddqu %1, %%xmm1\n\tmovdqu %%xmm1, %0" : "=m"(*(v16*)o) : "m"(*(const v16*)(in_a + 3)) : "cc" VREGS("xmm1"));
  o += 16;
  return (int)(o - s);
}

static int t_ssse3(uint8_t* o) {
  uint8_t* s = o;
  XOP("pshufb", in_a, in_b);
  XOP("phaddw", in_a, in_b);
  XOP("phaddd", in_a, in_b);
  XOP("phaddsw", in_a, in_b);
  XOP("phsubw", in_a, in_b);
  XOP("phsubd", in_a, in_b);
  XOP("phsubsw", in_a, in_b);
  XOP("pmaddubsw", in_a, in_b);
  XOP("pmulhrsw", in_a, in_b);
  XOP("palignr $5,", in_a, in_b);
  XOP("pabsb", in_a, in_b);
  XOP("pabsw", in_a, in_b);
  XOP("pabsd", in_a, in_b);
  XOP("psignb", in_a, in_b);
  XOP("psignw", in_a, in_b);
  XOP("psignd", in_a, in_b);
  /* the MMX-register form */
  __asm__ volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\tpshufb %%mm1, %%mm0\n\tmovq %%mm0, %0\n\temms"
                   : "=m"(*(uint64_t*)o) : "m"(*(const uint64_t*)in_a), "m"(*(const uint64_t*)(in_b + 8)) : "cc" VREGS("mm0", "mm1"));
  o += 8;
  return (int)(o - s);
}

static int t_sse41(uint8_t* o) {
  uint8_t* s = o;
  XOP0("pblendvb %%xmm0,", in_a, in_b, in_b + 16);
  XOP0("blendvps %%xmm0,", fa, fb, in_a + 32);
  XOP0("blendvpd %%xmm0,", da, da + 2, in_b + 32);
  XOP("blendps $5,", fa, fb);
  XOP("blendpd $1,", da, da + 2);
  XOP("pblendw $0x96,", in_a, in_b);
  XOP("roundps $0,", fb, fa);
  XOP("roundps $1,", fb, fa);
  XOP("roundps $2,", fb, fa);
  XOP("roundps $3,", fb, fa);
  XOP("roundpd $1,", da, da + 2);
  XOP("roundsd $2,", da + 2, da + 1);
  XOP("roundss $4,", fa, fb + 2);
  XOP("dpps $0xf1,", fa, fb);
  XOP("dpps $0x7c,", fa + 4, fb + 4);
  XOP("dppd $0x31,", da, da + 2);
  XOP("pminsd", in_a, in_b);
  XOP("pmaxsd", in_a, in_b);
  XOP("pminud", in_a, in_b);
  XOP("pmaxud", in_a, in_b);
  XOP("pminsb", in_a, in_b);
  XOP("pmaxsb", in_a, in_b);
  XOP("pminuw", in_a, in_b);
  XOP("pmaxuw", in_a, in_b);
  XOP("pmulld", in_a, in_b);
  XOP("pmuldq", in_a, in_b);
  XOP("packusdw", in_a, in_b);
  XOP("pcmpeqq", in_a, in_a + 8);
  XOP("phminposuw", in_a, in_b);
  XOP("mpsadbw $0,", in_a, in_b);
  XOP("mpsadbw $5,", in_a, in_b);
  XOP("pmovzxbw", in_a, in_b);
  XOP("pmovsxbd", in_a, in_b);
  XOP("pmovzxdq", in_a, in_b);
  XOP("pmovsxwq", in_a, in_b);
  XOP("insertps $0x9c,", fa, fb);
  {
    uint32_t x = 0x12345678;
    __asm__ volatile("movdqu %1, %%xmm1\n\tpinsrd $2, %2, %%xmm1\n\tpinsrb $13, %2, %%xmm1\n\tmovdqu %%xmm1, %0"
                     : "=m"(*(v16*)o) : "m"(*(const v16*)in_a), "r"(x) : "cc" VREGS("xmm1"));
    o += 16;
  }
  XTOR("extractps $2,", fa);
  XTOR("pextrb $7,", in_a);
  XTOR("pextrd $2,", in_a);
  {
    uint16_t w = 0;
    __asm__ volatile("movdqu %1, %%xmm1\n\tpextrw $3, %%xmm1, %0" : "=m"(w) : "m"(*(const v16*)in_b) : "cc" VREGS("xmm1"));
    memcpy(o, &w, 2);
    o += 2;
  }
  {
    uint32_t f;
    __asm__ volatile("movdqu %1, %%xmm1\n\tmovdqu %2, %%xmm2\n\tptest %%xmm2, %%xmm1" FLAGS_OUT
                     : [f] "=r"(f) : "m"(*(const v16*)in_a), "m"(*(const v16*)in_b) : "cc" VREGS("xmm1", "xmm2"));
    f &= ARITH;
    memcpy(o, &f, 4);
    o += 4;
  }
  __asm__ volatile("movntdqa %1, %%xmm1\n\tmovdqu %%xmm1, %0" : "=m"(*(v16*)o) : "m"(*(const v16*)in_b) : "cc" VREGS("xmm1"));
  o += 16;
  return (int)(o - s);
}

/* Text for the string comparisons. */
static const char hay[32] __attribute__((aligned(16))) = "Hello, World! 09azAZ__xy";
static const char needle[16] __attribute__((aligned(16))) = "World";
static const char ranges[16] __attribute__((aligned(16))) = "azAZ09";
static const char cut[32] __attribute__((aligned(16))) = "0123456789abcWorld";  /* "World" cut at 16 */

static int t_sse42_string(uint8_t* o) {
  uint8_t* s = o;
#define PCMPISTRI(imm, a, b)                                                                       \
  do {                                                                                              \
    uint32_t c_, f_;                                                                               \
    __asm__ volatile("movdqu %2, %%xmm1\n\tmovdqu %3, %%xmm2\n\tpcmpistri $" #imm ", %%xmm2, %%xmm1" FLAGS_OUT \
                     : "=c"(c_), [f] "=r"(f_) : "m"(*(const v16*)(a)), "m"(*(const v16*)(b)) : "cc" VREGS("xmm1", "xmm2")); \
    f_ &= ARITH;                                                                                   \
    memcpy(o, &c_, 4);                                                                             \
    memcpy(o + 4, &f_, 4);                                                                         \
    o += 8;                                                                                        \
  } while (0)
#define PCMPESTRI(imm, a, la, b, lb)                                                               \
  do {                                                                                              \
    uint32_t c_, f_;                                                                               \
    __asm__ volatile("movdqu %4, %%xmm1\n\tmovdqu %5, %%xmm2\n\tpcmpestri $" #imm ", %%xmm2, %%xmm1" FLAGS_OUT \
                     : "=c"(c_), [f] "=r"(f_) : "a"(la), "d"(lb), "m"(*(const v16*)(a)), "m"(*(const v16*)(b)) \
                     : "cc" VREGS("xmm1", "xmm2"));                                                      \
    f_ &= ARITH;                                                                                   \
    memcpy(o, &c_, 4);                                                                             \
    memcpy(o + 4, &f_, 4);                                                                         \
    o += 8;                                                                                        \
  } while (0)
  PCMPISTRI(0x0c, needle, hay);      /* equal ordered: where "World" starts */
  PCMPISTRI(0x0c, needle, hay + 8);  /* none */
  PCMPISTRI(0x0c, needle, cut);      /* a match that runs past the end: "Wor" at 13 */
  PCMPISTRI(0x4c, needle, cut + 1);  /* ... the most significant one */
  PCMPISTRI(0x3c, needle, cut);      /* ... masked negative */
  PCMPISTRI(0x00, ranges, hay);      /* equal any */
  PCMPISTRI(0x04, ranges, hay + 13); /* ranges */
  PCMPISTRI(0x44, ranges, hay + 13); /* ranges, most significant index */
  PCMPISTRI(0x14, ranges, hay);      /* ranges, negated */
  PCMPISTRI(0x34, ranges, hay);      /* ranges, negated where valid */
  PCMPISTRI(0x08, hay, hay);         /* equal each */
  PCMPISTRI(0x18, hay, needle);      /* equal each, negated */
  PCMPISTRI(0x01, in_a, in_b);       /* unsigned words, equal any */
  PCMPISTRI(0x03, in_a, in_b);       /* signed words */
  PCMPISTRI(0x0e, in_a, in_b);       /* signed bytes, equal ordered */
  PCMPESTRI(0x0c, needle, 5, hay, 16);
  PCMPESTRI(0x0c, needle, 5, hay + 8, 7);
  PCMPESTRI(0x0c, needle, 5, cut, 16);
  PCMPESTRI(0x0d, needle, 2, cut, 15); /* words */
  PCMPESTRI(0x00, in_a, 16, in_b, 16);
  PCMPESTRI(0x08, in_a, -3, in_a, 20); /* lengths are saturated */
  PCMPESTRI(0x45, in_a, 8, in_b, 5);
  PCMPESTRI(0x3a, in_a, 12, in_b, 9);
#undef PCMPISTRI
#undef PCMPESTRI
  {
    uint32_t f;
    __asm__ volatile("movdqu %2, %%xmm1\n\tmovdqu %3, %%xmm2\n\tpcmpistrm $0x40, %%xmm2, %%xmm1\n\tmovdqu %%xmm0, %0" FLAGS_OUT
                     : "=m"(*(v16*)o), [f] "=r"(f) : "m"(*(const v16*)ranges), "m"(*(const v16*)(hay + 5)) : "cc" VREGS("xmm0", "xmm1", "xmm2"));
    o += 16;
    f &= ARITH;
    memcpy(o, &f, 4);
    o += 4;
    __asm__ volatile("movdqu %1, %%xmm1\n\tmovdqu %2, %%xmm2\n\tpcmpestrm $0x08, %%xmm2, %%xmm1\n\tmovdqu %%xmm0, %0"
                     : "=m"(*(v16*)o) : "m"(*(const v16*)in_a), "m"(*(const v16*)in_a), "a"(10), "d"(14) : "cc" VREGS("xmm0", "xmm1", "xmm2"));
    o += 16;
    __asm__ volatile("movdqu %1, %%xmm1\n\tmovdqu %2, %%xmm2\n\tpcmpistrm $0x01, %%xmm2, %%xmm1\n\tmovdqu %%xmm0, %0"
                     : "=m"(*(v16*)o) : "m"(*(const v16*)in_a), "m"(*(const v16*)in_b) : "cc" VREGS("xmm0", "xmm1", "xmm2"));
    o += 16;
    __asm__ volatile("movdqu %1, %%xmm1\n\tmovdqu %2, %%xmm2\n\tpcmpistrm $0x4c, %%xmm2, %%xmm1\n\tmovdqu %%xmm0, %0"
                     : "=m"(*(v16*)o) : "m"(*(const v16*)needle), "m"(*(const v16*)(cut + 2)) : "cc" VREGS("xmm0", "xmm1", "xmm2"));
    o += 16;
    __asm__ volatile("movdqu %1, %%xmm1\n\tmovdqu %2, %%xmm2\n\tpcmpestrm $0x0c, %%xmm2, %%xmm1\n\tmovdqu %%xmm0, %0"
                     : "=m"(*(v16*)o) : "m"(*(const v16*)needle), "m"(*(const v16*)cut), "a"(5), "d"(16) : "cc" VREGS("xmm0", "xmm1", "xmm2"));
    o += 16;
  }
  return (int)(o - s);
}

static int t_sse42_crc32(uint8_t* o) {
  uint32_t b = 0xffffffff, w = 0xffffffff, l = 0xffffffff;
  for (int i = 0; i < 64; ++i) __asm__ volatile("crc32b %1, %0" : "+r"(b) : "m"(in_a[i]));
  for (int i = 0; i < 64; i += 2) __asm__ volatile("crc32w %1, %0" : "+r"(w) : "m"(*(const uint16_t*)(in_a + i)));
  for (int i = 0; i < 64; i += 4) __asm__ volatile("crc32l %1, %0" : "+r"(l) : "m"(*(const uint32_t*)(in_a + i)));
  uint32_t r = 0x1234;
  __asm__ volatile("crc32b %b1, %0\n\tcrc32l %1, %0" : "+r"(r) : "q"(0xdeadbeefu));
  memcpy(o, &b, 4);
  memcpy(o + 4, &w, 4);
  memcpy(o + 8, &l, 4);
  memcpy(o + 12, &r, 4);
  return 16;
}

static int t_sse42_pcmpgtq(uint8_t* o) {
  uint8_t* s = o;
  XOP("pcmpgtq", in_a, in_b);
  XOP("pcmpgtq", in_b, in_a);
  return (int)(o - s);
}

static int t_popcnt(uint8_t* o) {
  uint8_t* s = o;
  const uint32_t v[] = {0, 1, 0xffffffff, 0x80000001, 0x12345678};
  for (unsigned i = 0; i < sizeof v / sizeof *v; ++i) ROP("popcnt", v[i], ARITH);
  uint16_t r16 = 0, s16 = 0xf0f1;
  __asm__ volatile("popcnt %1, %0" : "=r"(r16) : "r"(s16) : "cc");
  memcpy(o, &r16, 2);
  o += 2;
  return (int)(o - s);
}

/* (Where the CPU does not have it, lzcnt is bsr: other results.) */
static int t_lzcnt(uint8_t* o) {
  uint8_t* s = o;
  const uint32_t v[] = {1, 0, 0x00f00000, 0x80000000, 0xffff};
  for (unsigned i = 0; i < sizeof v / sizeof *v; ++i) ROP("lzcnt", v[i], CF | ZF);
  return (int)(o - s);
}

static int t_movbe(uint8_t* o) {
  uint32_t r;
  uint16_t h;
  __asm__ volatile("movbe %1, %0" : "=r"(r) : "m"(*(const uint32_t*)(in_a + 1)));
  __asm__ volatile("movbe %1, %0" : "=r"(h) : "m"(*(const uint16_t*)(in_a + 5)));
  memcpy(o, &r, 4);
  memcpy(o + 4, &h, 2);
  __asm__ volatile("movbe %1, %0" : "=m"(*(uint32_t*)(o + 6)) : "r"(0x11223344u));
  return 10;
}

static int t_aes(uint8_t* o) {
  uint8_t* s = o;
  XOP("aesenc", in_a, in_b);
  XOP("aesenclast", in_a, in_b);
  XOP("aesdec", in_a, in_b);
  XOP("aesdeclast", in_a, in_b);
  XOP("aesimc", in_a, in_b);
  XOP("aeskeygenassist $0x1b,", in_a, in_b);
  XOP("aeskeygenassist $0x01,", in_a, in_b + 16);
  return (int)(o - s);
}

static int t_pclmul(uint8_t* o) {
  uint8_t* s = o;
  XOP("pclmulqdq $0x00,", in_a, in_b);
  XOP("pclmulqdq $0x01,", in_a, in_b);
  XOP("pclmulqdq $0x10,", in_a, in_b);
  XOP("pclmulqdq $0x11,", in_a, in_b);
  return (int)(o - s);
}

static int t_cx8(uint8_t* o) {
  uint64_t m = 0x1122334455667788ull;
  uint32_t lo = 0x55667788, hi = 0x11223344, f1, f2;
  __asm__ volatile("lock cmpxchg8b %[m]" FLAGS_OUT
                   : [m] "+m"(m), "+a"(lo), "+d"(hi), [f] "=r"(f1) : "b"(0xaaaaaaaa), "c"(0xbbbbbbbb) : "cc");
  memcpy(o, &m, 8);
  lo = 1, hi = 2;
  __asm__ volatile("cmpxchg8b %[m]" FLAGS_OUT
                   : [m] "+m"(m), "+a"(lo), "+d"(hi), [f] "=r"(f2) : "b"(3), "c"(4) : "cc");
  memcpy(o + 8, &m, 8);
  memcpy(o + 16, &lo, 4);
  memcpy(o + 20, &hi, 4);
  f1 &= 0x40, f2 &= 0x40;
  memcpy(o + 24, &f1, 4);
  memcpy(o + 28, &f2, 4);
  return 32;
}

static int t_bmi1(uint8_t* o) {
  uint8_t* s = o;
  R3("andn", 0xf0f0ff00u, 0x12345678u, OF | SF | ZF | CF);
  R3("bextr", 0x87654321u, 0x0804u, OF | ZF | CF); /* (start 4, length 8) */
  R3("bextr", 0x87654321u, 0x2010u, OF | ZF | CF);
  ROP("blsi", 0x12345670u, OF | SF | ZF | CF);
  ROP("blsmsk", 0x12345670u, OF | SF | ZF | CF);
  ROP("blsr", 0x12345670u, OF | SF | ZF | CF);
  ROP("blsr", 0u, OF | SF | ZF | CF);
  /* tzcnt 0 is 32 (bsf, which it is without BMI1, leaves its destination alone) */
  ROP("tzcnt", 0u, ZF | CF);
  ROP("tzcnt", 0x100u, ZF | CF);
  return (int)(o - s);
}

static int t_bmi2(uint8_t* o) {
  uint8_t* s = o;
  R3("bzhi", 0xffffffffu, 13u, OF | SF | ZF | CF);
  R3("bzhi", 0x12345678u, 40u, OF | SF | ZF | CF);
  R3("pdep", 0x12345678u, 0xf0f0f0f0u, 0);
  R3("pext", 0x12345678u, 0xff00ff00u, 0);
  R3("sarx", 0x80001234u, 7u, 0);
  R3("shlx", 0x80001234u, 35u, 0);
  R3("shrx", 0x80001234u, 4u, 0); /* (pdep … shrx leave the flags alone) */
  {
    uint32_t lo, hi, x = 0x89abcdefu;
    __asm__ volatile("mulx %[s], %[lo], %[hi]" : [lo] "=r"(lo), [hi] "=r"(hi) : "d"(0xfedcba98u), [s] "r"(x));
    memcpy(o, &lo, 4);
    memcpy(o + 4, &hi, 4);
    o += 8;
    uint32_t r;
    __asm__ volatile("rorx $9, %1, %0" : "=r"(r) : "r"(x));
    memcpy(o, &r, 4);
    o += 4;
  }
  return (int)(o - s);
}

static int t_adx(uint8_t* o) {
  uint32_t a = 0xffffffff, b = 0x80000000, f;
  __asm__ volatile("test %%esp, %%esp\n\tstc\n\tadcx %2, %0\n\tadox %3, %1" FLAGS_OUT
                   : "+r"(a), "+r"(b), [f] "=r"(f) : "r"(1u), "r"(0x80000000u) : "cc");
  f &= 0x801;
  memcpy(o, &a, 4);
  memcpy(o + 4, &b, 4);
  memcpy(o + 8, &f, 4);
  return 12;
}

static int t_rdrand(uint8_t* o) {
  uint32_t v;
  uint8_t ok = 0;
  for (int i = 0; i < 100 && !ok; ++i) __asm__ volatile("rdrand %0\n\tsetc %1" : "=r"(v), "=qm"(ok) : : "cc");
  o[0] = (uint8_t)ok;
  return 1;
}

static int t_rdseed(uint8_t* o) {
  uint32_t v;
  uint8_t ok = 0;
  for (int i = 0; i < 1000 && !ok; ++i) __asm__ volatile("rdseed %0\n\tsetc %1" : "=r"(v), "=qm"(ok) : : "cc");
  o[0] = (uint8_t)ok;
  return 1;
}

static uint8_t save_area[4096] __attribute__((aligned(64)));

/* MXCSR as at the program's start: the exception flags earlier classes left in it are not what
 * these classes look at. */
static void reset_mxcsr(void) {
  const uint32_t m = 0x1f80;
  __asm__ volatile("ldmxcsr %0" : : "m"(m));
}

/* XMM0 and XMM7 from the inputs, saved, cleared, restored from the image (XMM7 changed there) and
 * read back, with the x87 control word and MXCSR of the image. */
static int t_fxsr(uint8_t* o) {
  memset(save_area, 0, sizeof save_area);
  reset_mxcsr();
  __asm__ volatile("movdqu %1, %%xmm0\n\tmovdqu %2, %%xmm7\n\tfxsave %0\n\tpxor %%xmm0, %%xmm0\n\tpxor %%xmm7, %%xmm7"
                   : "+m"(*(uint8_t(*)[512])save_area) : "m"(*(const v16*)in_a), "m"(*(const v16*)in_b) : "cc" VREGS("xmm0", "xmm7"));
  memcpy(o, save_area, 2);        /* FCW */
  memcpy(o + 2, save_area + 24, 4); /* MXCSR */
  memcpy(save_area + 160 + 16 * 7, in_a + 16, 16);  /* XMM7 changed in the image */
  __asm__ volatile("fxrstor %2\n\tmovdqu %%xmm0, %0\n\tmovdqu %%xmm7, %1"
                   : "=m"(*(v16*)(o + 6)), "=m"(*(v16*)(o + 22)) : "m"(*(const uint8_t(*)[512])save_area) : "cc" VREGS("xmm0", "xmm7"));
  return 38;
}

/* XCR0's x87 and SSE bits. */
static int t_xgetbv(uint8_t* o) {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  o[0] = (uint8_t)(lo & 3);
  return 1;
}

/* xsave and xrstor of the x87 and SSE components, as fxsave and fxrstor above. */
static int t_xsave(uint8_t* o) {
  memset(save_area, 0, sizeof save_area);
  reset_mxcsr();
  __asm__ volatile("movdqu %1, %%xmm0\n\tmovdqu %2, %%xmm7\n\txsave %0\n\tpxor %%xmm0, %%xmm0\n\tpxor %%xmm7, %%xmm7"
                   : "+m"(*(uint8_t(*)[1024])save_area) : "m"(*(const v16*)in_a), "m"(*(const v16*)in_b), "a"(3), "d"(0) : "cc" VREGS("xmm0", "xmm7"));
  memcpy(o, save_area, 2);
  memcpy(o + 2, save_area + 24, 4);
  memcpy(save_area + 160 + 16 * 7, in_a + 16, 16);
  __asm__ volatile("xrstor %2\n\tmovdqu %%xmm0, %0\n\tmovdqu %%xmm7, %1"
                   : "=m"(*(v16*)(o + 6)), "=m"(*(v16*)(o + 22)) : "m"(*(const uint8_t(*)[1024])save_area), "a"(3), "d"(0) : "cc" VREGS("xmm0", "xmm7"));
  return 38;
}

/* xsaveopt, then xrstor: the XMM registers only (xsaveopt leaves out what is in its initial
 * state, the x87 registers here). */
static int t_xsaveopt(uint8_t* o) {
  memset(save_area, 0, sizeof save_area);
  __asm__ volatile("movdqu %1, %%xmm0\n\tmovdqu %2, %%xmm7\n\txsaveopt %0\n\tpxor %%xmm0, %%xmm0\n\tpxor %%xmm7, %%xmm7"
                   : "+m"(*(uint8_t(*)[1024])save_area) : "m"(*(const v16*)in_b), "m"(*(const v16*)in_a), "a"(3), "d"(0) : "cc" VREGS("xmm0", "xmm7"));
  memcpy(save_area + 160 + 16 * 7, in_b + 16, 16);
  __asm__ volatile("xrstor %2\n\tmovdqu %%xmm0, %0\n\tmovdqu %%xmm7, %1"
                   : "=m"(*(v16*)o), "=m"(*(v16*)(o + 16)) : "m"(*(const uint8_t(*)[1024])save_area), "a"(3), "d"(0) : "cc" VREGS("xmm0", "xmm7"));
  return 32;
}

/* xgetbv 1: which states are not in their initial configuration (no digest: it depends on what
 * ran before). */
static int t_xgetbv1(uint8_t* o) {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(1));
  o[0] = (uint8_t)lo;
  return 1;
}

static int t_f16c(uint8_t* o) {
  __asm__ volatile("movdqu %2, %%xmm1\n\tvcvtps2ph $0, %%xmm1, %%xmm2\n\tmovdqu %%xmm2, %0\n\t"
                   "vcvtph2ps %%xmm2, %%xmm3\n\tmovdqu %%xmm3, %1"
                   : "=m"(*(v16*)o), "=m"(*(v16*)(o + 16)) : "m"(*(const v16*)fb) : "cc" VREGS("xmm1", "xmm2", "xmm3"));
  return 32;
}

static int t_fma(uint8_t* o) {
  __asm__ volatile("movdqu %1, %%xmm1\n\tmovdqu %2, %%xmm2\n\tmovdqu %3, %%xmm3\n\t"
                   "vfmadd231ps %%xmm2, %%xmm1, %%xmm3\n\tvfnmsub213ps %%xmm1, %%xmm2, %%xmm3\n\tmovdqu %%xmm3, %0"
                   : "=m"(*(v16*)o) : "m"(*(const v16*)fa), "m"(*(const v16*)fb), "m"(*(const v16*)(fa + 4)) : "cc" VREGS("xmm1", "xmm2", "xmm3"));
  return 16;
}

static int t_avx(uint8_t* o) {
  __asm__ volatile("vmovups %1, %%ymm1\n\tvmovups %2, %%ymm2\n\tvaddps %%ymm2, %%ymm1, %%ymm3\n\t"
                   "vmulps %%ymm3, %%ymm1, %%ymm3\n\tvperm2f128 $1, %%ymm3, %%ymm3, %%ymm3\n\tvmovups %%ymm3, %0\n\tvzeroupper"
                   : "=m"(*(v32*)o) : "m"(*(const v32*)fa), "m"(*(const v32*)fb) : "cc" VREGS("xmm1", "xmm2", "xmm3"));
  return 32;
}

static int t_avx2(uint8_t* o) {
  __asm__ volatile("vmovdqu %1, %%ymm1\n\tvmovdqu %2, %%ymm2\n\tvpaddd %%ymm2, %%ymm1, %%ymm3\n\t"
                   "vpshufb %%ymm2, %%ymm3, %%ymm3\n\tvpermq $0x1b, %%ymm3, %%ymm3\n\tvmovdqu %%ymm3, %0\n\tvzeroupper"
                   : "=m"(*(v32*)o) : "m"(*(const v32*)in_a), "m"(*(const v32*)in_b) : "cc" VREGS("xmm1", "xmm2", "xmm3"));
  return 32;
}

static int t_sha(uint8_t* o) {
  uint8_t* s = o;
  XOP("sha1rnds4 $1,", in_a, in_b);
  XOP("sha1nexte", in_a, in_b);
  XOP("sha1msg1", in_a, in_b);
  XOP("sha1msg2", in_a, in_b);
  XOP0("sha256rnds2 %%xmm0,", in_a, in_b, in_b + 16);
  XOP("sha256msg1", in_a, in_b);
  XOP("sha256msg2", in_a, in_b);
  return (int)(o - s);
}

/* (The high quadwords extrq and insertq leave are undefined: only the low ones count.) */
static int t_sse4a(uint8_t* o) {
  __asm__ volatile("movdqu %2, %%xmm1\n\textrq $12, $8, %%xmm1\n\tmovdqu %%xmm1, %0\n\t"
                   "movdqu %2, %%xmm1\n\tmovdqu %3, %%xmm2\n\tinsertq $16, $4, %%xmm2, %%xmm1\n\tmovdqu %%xmm1, %1"
                   : "=m"(*(v16*)o), "=m"(*(v16*)(o + 16)) : "m"(*(const v16*)in_a), "m"(*(const v16*)in_b) : "cc" VREGS("xmm1", "xmm2"));
  memcpy(o + 8, o + 16, 8);
  return 16;
}

/* ---- the table ---- */

enum { L1_ECX, L1_EDX, L7_EBX, L7_ECX, XSAVE1_EAX, E1_ECX, E1_EDX, NWORDS };
static const char* const kWordNames[NWORDS] = {"1.ecx", "1.edx", "7.ebx", "7.ecx", "d.1.eax", "80000001.ecx",
                                               "80000001.edx"};

struct feature {
  const char* name;
  int word, bit;             /* the CPUID bit that advertises it */
  int (*run)(uint8_t* out);  /* null: nothing to run in 32-bit mode */
  uint32_t hardware;         /* the processor's digest; 0: random results, not compared */
};

/* The digests are those of this program run natively by an x86-64 processor (AMD EPYC, Zen 4,
 * under Linux 6.x, which has every class); qemu-i386 11.1 gives the same for each. */
static const struct feature kFeatures[] = {
    {"cmov", L1_EDX, 15, t_cmov, 0x9bc23426},
    {"mmx", L1_EDX, 23, t_mmx, 0x7032b56f},
    {"fxsr", L1_EDX, 24, t_fxsr, 0x8f332ebe},
    {"sse", L1_EDX, 25, t_sse, 0x6313b585},
    {"sse2", L1_EDX, 26, t_sse2, 0x250162d3},
    {"cx8", L1_EDX, 8, t_cx8, 0xf0bb1851},
    {"sse3", L1_ECX, 0, t_sse3, 0xe475555d},
    {"pclmulqdq", L1_ECX, 1, t_pclmul, 0xb248e8b2},
    {"ssse3", L1_ECX, 9, t_ssse3, 0xd8fa40b4},
    {"fma", L1_ECX, 12, t_fma, 0xdb636d46},
    {"cx16", L1_ECX, 13, 0, 0},
    {"sse4.1", L1_ECX, 19, t_sse41, 0x7b752ee1},
    {"sse4.2-string", L1_ECX, 20, t_sse42_string, 0x2545e808},
    {"sse4.2-crc32", L1_ECX, 20, t_sse42_crc32, 0x302276f3},
    {"sse4.2-pcmpgtq", L1_ECX, 20, t_sse42_pcmpgtq, 0x72644735},
    {"movbe", L1_ECX, 22, t_movbe, 0xfca603cb},
    {"popcnt", L1_ECX, 23, t_popcnt, 0x1abd7972},
    {"aes", L1_ECX, 25, t_aes, 0xbdb162b5},
    {"xsave", L1_ECX, 26, t_xsave, 0x8f332ebe},
    {"osxsave-xgetbv", L1_ECX, 27, t_xgetbv, 0x060c5eb2},
    {"avx", L1_ECX, 28, t_avx, 0xecec030a},
    {"f16c", L1_ECX, 29, t_f16c, 0x8e326124},
    {"rdrand", L1_ECX, 30, t_rdrand, 0},
    {"bmi1", L7_EBX, 3, t_bmi1, 0xc3815807},
    {"avx2", L7_EBX, 5, t_avx2, 0xa0a39b24},
    {"bmi2", L7_EBX, 8, t_bmi2, 0x7246c92d},
    {"rdseed", L7_EBX, 18, t_rdseed, 0},
    {"adx", L7_EBX, 19, t_adx, 0x6f88f414},
    {"sha", L7_EBX, 29, t_sha, 0x60ccb6d0},
    {"xsaveopt", XSAVE1_EAX, 0, t_xsaveopt, 0xe88080e5},
    {"xgetbv1", XSAVE1_EAX, 2, t_xgetbv1, 0},
    {"lzcnt", E1_ECX, 5, t_lzcnt, 0x492d75f3},
    {"sse4a", E1_ECX, 6, t_sse4a, 0x2fae9a0b},
};
enum { NFEATURES = sizeof kFeatures / sizeof *kFeatures };

static sigjmp_buf jump;
static volatile sig_atomic_t caught;

static void on_fault(int sig) {
  caught = sig;
  siglongjmp(jump, 1);
}

/* Runs a class: its result bytes' count, or -1 - the signal that stopped it. */
static int attempt(const struct feature* f, uint8_t* out) {
  caught = 0;
  if (sigsetjmp(jump, 1)) return -1 - caught;
  return f->run(out);
}

int main(int argc, char** argv) {
  for (int i = 0; i < 64; ++i) {
    in_a[i] = (uint8_t)(i * 37 + 11) ^ (uint8_t)(i >> 2);
    in_b[i] = (uint8_t)(200 - i * 53) ^ (uint8_t)(i * i);
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fault;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGILL, &sa, 0);
  sigaction(SIGSEGV, &sa, 0);
  sigaction(SIGBUS, &sa, 0);
  sigaction(SIGFPE, &sa, 0);

  uint32_t r[4], words[NWORDS] = {0};
  cpuid(0, 0, r);
  const uint32_t max_leaf = r[0];
  cpuid(1, 0, r);
  words[L1_ECX] = r[2], words[L1_EDX] = r[3];
  if (max_leaf >= 7) {
    cpuid(7, 0, r);
    words[L7_EBX] = r[1], words[L7_ECX] = r[2];
  }
  if (max_leaf >= 0xd) {
    cpuid(0xd, 1, r);
    words[XSAVE1_EAX] = r[0];
  }
  cpuid(0x80000000, 0, r);
  if (r[0] >= 0x80000001) {
    cpuid(0x80000001, 0, r);
    words[E1_ECX] = r[2], words[E1_EDX] = r[3];
  }
  int full = 1;
  for (int a = 1; a < argc; ++a) full &= argv[a][0] == '-';
  const int hex = getenv("CPU_FEATURES_HEX") != 0; /* the results themselves, to find a difference */
  if (argc < 2)
    for (int w = 0; w < NWORDS; ++w) printf("cpuid %-13s %08x\n", kWordNames[w], (unsigned)words[w]);

  char mismatches[1024] = "";
  int bad = 0;
  static uint8_t out[8192];
  for (int i = 0; i < NFEATURES; ++i) {
    const struct feature* f = &kFeatures[i];
    int required = full, skipped = 0;
    for (int a = 1; a < argc; ++a) {
      required |= strcmp(argv[a], f->name) == 0;
      skipped |= argv[a][0] == '-' && strcmp(argv[a] + 1, f->name) == 0;
    }
    if (skipped) continue;
    const int advertised = words[f->word] >> f->bit & 1;
    memset(out, 0, sizeof out);
    const int n = f->run ? attempt(f, out) : 0;
    const uint32_t digest = n >= 0 ? fnv(out, (size_t)n) : 0;
    const int runs = f->run && n >= 0 && (!f->hardware || digest == f->hardware);
    char how[64];
    if (!f->run)
      snprintf(how, sizeof how, "n/a");
    else if (n < 0)
      snprintf(how, sizeof how, "no (%s)", sigabbrev_np(-1 - n));
    else if (!runs)
      snprintf(how, sizeof how, "no (other results) digest %08x", (unsigned)digest);
    else if (f->hardware)
      snprintf(how, sizeof how, "yes                digest %08x", (unsigned)digest);
    else
      snprintf(how, sizeof how, "yes");
    const int mismatch = f->run && advertised != runs;
    if (required)
      printf("%-16s cpuid %-3s runs %s\n", f->name, advertised ? "yes" : "no", how);
    else
      printf("%-16s %s\n", f->name, mismatch ? "cpuid and execution disagree" : "cpuid tells");
    if (hex && n > 0)
      for (int b = 0; b < n; ++b) printf("%02x%s", out[b], b % 16 == 15 || b == n - 1 ? "\n" : " ");
    if (mismatch || (required && !full && !(advertised && runs))) {
      ++bad;
      if (strlen(mismatches) + strlen(f->name) + 2 < sizeof mismatches) {
        strcat(mismatches, " ");
        strcat(mismatches, f->name);
      }
    }
  }
  printf("mismatches:%s\n", bad ? mismatches : " none");
  return bad ? 1 : 0;
}
