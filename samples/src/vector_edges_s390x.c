/* z14's vector instructions (the vector-enhancements facility 1) on edge-case operands: every
 * form of VFA, VFS, VFM, VFD, VFSQ, VFMA, VFMS, VFNMA, VFNMS, VFMAX, VFMIN, VFCE, VFCH, VFCHE, WFC,
 * WFK, VFI, VFLL, VFLR, VFPSO, VFTCI the facility adds (the short and extended formats, and the
 * long format of its new instructions and of the signaling comparisons VFKE, VFKH, VFKHE; z13's
 * long forms are left out) with every value their mask
 * fields allow (and some they do not: the CPU refuses those with SIGILL), each in the five
 * rounding modes of the FPC, on zeros, subnormals, normals that round every way, the largest
 * values, infinities and NaNs; and VBPERM, VMSL, VPOPCT, VLLEZ of every element size. The
 * instructions are encoded at run time into a page of code (mprotect'ed between writing and
 * running). A line per form: its encoding's fields and a digest of its results, condition codes
 * and FPC flags over all operands and modes. `vector_edges_s390x FILTER` prints each run of the
 * forms whose name starts with FILTER. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef uint64_t u64;
typedef unsigned __int128 u128;

static sigjmp_buf env;
static void on_signal(int sig) { siglongjmp(env, sig); }

static u64 mix(u64 h, u64 v) {
  for (int i = 0; i < 8; ++i) h = (h ^ (v >> (8 * i) & 0xff)) * 0x100000001b3ull;
  return h;
}

/* A deterministic generator (the same values everywhere). */
static u64 seed = 0x9e3779b97f4a7c15ull;
static u64 next(void) {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return seed;
}

/* The block the code stub works on: v17, v18, v19 and v16 in, the FPC, the result's v16, the
 * condition code and the FPC after; a word for VLLEZ at 96. */
struct block {
  u64 v17[2], v18[2], v19[2], v16[2];
  uint32_t fpc_in, cc, fpc_out, pad;
  u64 out[2];
  uint32_t mem[4];
} __attribute__((aligned(16)));

static uint8_t* code;
static const uint8_t prologue[] = {
    0xb9, 0x04, 0x00, 0x12,              /* lgr %r1,%r2 */
    0xe7, 0x10, 0x10, 0x00, 0x08, 0x06,  /* vl %v17,0(%r1) */
    0xe7, 0x20, 0x10, 0x10, 0x08, 0x06,  /* vl %v18,16(%r1) */
    0xe7, 0x30, 0x10, 0x20, 0x08, 0x06,  /* vl %v19,32(%r1) */
    0xe7, 0x00, 0x10, 0x30, 0x08, 0x06,  /* vl %v16,48(%r1) */
    0x58, 0x00, 0x10, 0x40,              /* l %r0,64(%r1) */
    0xb3, 0x84, 0x00, 0x00,              /* sfpc %r0 */
};
static const uint8_t epilogue[] = {
    0xb2, 0x22, 0x00, 0x00,              /* ipm %r0 */
    0x50, 0x00, 0x10, 0x44,              /* st %r0,68(%r1) */
    0xe7, 0x00, 0x10, 0x50, 0x08, 0x0e,  /* vst %v16,80(%r1) */
    0xb3, 0x8c, 0x00, 0x00,              /* efpc %r0 */
    0x50, 0x00, 0x10, 0x48,              /* st %r0,72(%r1) */
    0xa7, 0x08, 0x00, 0x00,              /* lhi %r0,0 */
    0xb3, 0x84, 0x00, 0x00,              /* sfpc %r0 */
    0x07, 0xfe,                          /* br %r14 */
};

static void set_insn(const uint8_t insn[6]) {
  mprotect(code, 4096, PROT_READ | PROT_WRITE);
  memcpy(code + sizeof prologue, insn, 6);
  mprotect(code, 4096, PROT_READ | PROT_EXEC);
}

/* Runs the stub on b: 0, or the signal it took. */
static int run(struct block* b) {
  int sig = sigsetjmp(env, 1);
  if (sig == 0) {
    ((void (*)(struct block*))code)(b);
    return 0;
  }
  __asm__ volatile("sfpc %0" : : "d"(0));
  return sig;
}

/* Encodings: V1 = 16, V2 = 17, V3 = 18, V4 = 19 (RXB says so). */
static void vrr_a(uint8_t* b, int op, int m3, int m4, int m5) {
  const uint8_t e[6] = {0xe7, 0x01, 0x00, (uint8_t)(m5 << 4 | m4), (uint8_t)(m3 << 4 | 0xc), (uint8_t)op};
  memcpy(b, e, 6);
}
static void vrr_c(uint8_t* b, int op, int m4, int m5, int m6) {
  const uint8_t e[6] = {0xe7, 0x01, 0x20, (uint8_t)(m6 << 4 | m5), (uint8_t)(m4 << 4 | 0xe), (uint8_t)op};
  memcpy(b, e, 6);
}
static void vrr_d(uint8_t* b, int op, int m5, int m6) {
  const uint8_t e[6] = {0xe7, 0x01, (uint8_t)(0x20 | m5), (uint8_t)(m6 << 4), 0x3f, (uint8_t)op};
  memcpy(b, e, 6);
}
static void vrr_e(uint8_t* b, int op, int m5, int m6) {
  const uint8_t e[6] = {0xe7, 0x01, (uint8_t)(0x20 | m6), (uint8_t)m5, 0x3f, (uint8_t)op};
  memcpy(b, e, 6);
}
static void vri_e(uint8_t* b, int op, int i3, int m4, int m5) {
  const uint8_t e[6] = {0xe7, 0x01, (uint8_t)(i3 >> 4), (uint8_t)((i3 & 15) << 4 | m5), (uint8_t)(m4 << 4 | 0xc), (uint8_t)op};
  memcpy(b, e, 6);
}

/* Operand values by format (2 short, 3 long, 4 extended): special values with both signs, then
 * random ones of every magnitude. */
static const uint32_t sb_special[] = {
    0x00000000, 0x00000001, 0x007fffff, 0x00800000, 0x00800001, 0x3f800000, 0x3f800001, 0x3fc00000,
    0x3effffff, 0x3f000000, 0x40200000, 0x40400000, 0x4b000000, 0x4b7fffff, 0x4affffff, 0x7f7fffff,
    0x7f7ffffe, 0x7f800000, 0x7fc00000, 0x7fc12345, 0x7f812345, 0x7fbfffff, 0x1f800000, 0x5f800000,
    0x33800000, 0x34000001, 0x00400000, 0x3eaaaaab,
};
static const u64 db_special[] = {
    0x0000000000000000ull, 0x0000000000000001ull, 0x000fffffffffffffull, 0x0010000000000000ull,
    0x3ff0000000000000ull, 0x3ff0000000000001ull, 0x3ff8000000000000ull, 0x3fe0000000000000ull,
    0x3fdfffffffffffffull, 0x4004000000000000ull, 0x4330000000000000ull, 0x433fffffffffffffull,
    0x7fefffffffffffffull, 0x7ff0000000000000ull, 0x7ff8000000000000ull, 0x7ff8000012345678ull,
    0x7ff0000012345678ull, 0x1ff0000000000000ull, 0x5ff0000000000000ull, 0x3ca0000000000000ull,
    0x3fd5555555555555ull, 0x47efffffe0000000ull, 0x47efffffffffffffull, 0x36a0000000000000ull,
    0x380fffffffffffffull, 0x3810000000000000ull, 0x4170000000000000ull,
};
static const u64 xb_special_hi[] = {
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000ffffffffffffull, 0x0001000000000000ull,
    0x3fff000000000000ull, 0x3fff000000000000ull, 0x3fff800000000000ull, 0x3ffe000000000000ull,
    0x7ffeffffffffffffull, 0x7fff000000000000ull, 0x7fff800000000000ull, 0x7fff800000001234ull,
    0x7fff000000001234ull, 0x3ffd555555555555ull, 0x406f000000000000ull, 0x406fffffffffffffull,
    0x43feffffffffffffull, 0x43ff000000000000ull, 0x3fc9000000000000ull, 0x3c00000000000000ull,
    0x3f8e000000000000ull, 0x4002400000000000ull,
};
static const u64 xb_special_lo[] = {
    0, 1, 0xffffffffffffffffull, 0, 0, 1, 0, 0xffffffffffffffffull, 0xffffffffffffffffull, 0, 0, 5, 5,
    0x5555555555555555ull, 0, 0xffffffffffffffffull, 0xf000000000000000ull, 0, 0x8000000000000000ull, 0, 0, 0,
};
#define COUNT(a) (sizeof a / sizeof a[0])

static u128 value(int fpf) {
  const u64 r = next();
  const int special = (r & 3) != 0; /* three in four special */
  if (fpf == 2) {
    uint32_t v = special ? sb_special[(r >> 8) % COUNT(sb_special)] : (uint32_t)(next() & 0x7fffffff);
    if (!special && (r & 4)) v = (v & 0x807fffffu) | (uint32_t)((0x60 + (r >> 20) % 64) << 23); /* near 1 */
    return v | (r >> 40 & 1 ? 0x80000000u : 0);
  }
  if (fpf == 3) {
    u64 v = special ? db_special[(r >> 8) % COUNT(db_special)] : next() & 0x7fffffffffffffffull;
    if (!special && (r & 4)) v = (v & 0x800fffffffffffffull) | (u64)(0x3f0 + (r >> 20) % 32) << 52;
    return v | (r >> 40 & 1 ? 0x8000000000000000ull : 0);
  }
  u64 hi, lo;
  if (special) {
    const unsigned i = (r >> 8) % COUNT(xb_special_hi);
    hi = xb_special_hi[i], lo = xb_special_lo[i];
  } else {
    hi = next() & 0x7fffffffffffffffull, lo = next();
    if (r & 4) hi = (hi & 0x8000ffffffffffffull) | (u64)(0x3ff0 + (r >> 20) % 32) << 48;
  }
  return (u128)(hi | (r >> 40 & 1 ? 0x8000000000000000ull : 0)) << 64 | lo;
}

/* Fills a register with elements of the format (an extended value fills it). */
static void fill(u64 v[2], int fpf) {
  if (fpf == 4) {
    const u128 x = value(4);
    v[0] = (u64)(x >> 64), v[1] = (u64)x;
  } else if (fpf == 3) {
    v[0] = (u64)value(3), v[1] = (u64)value(3);
  } else {
    v[0] = (u64)value(2) << 32 | (u64)value(2);
    v[1] = (u64)value(2) << 32 | (u64)value(2);
  }
}

static const char* filter;
static const unsigned fpc_modes[] = {0, 1, 2, 3, 7};

/* Runs the form `name` (its encoding in insn) on `runs` operand sets of format fpf (-1: integer
 * values) in every FPC rounding mode and prints its digest. */
static void form(const char* name, const uint8_t insn[6], int fpf, int runs) {
  set_insn(insn);
  const int show = filter && strncmp(name, filter, strlen(filter)) == 0;
  u64 h = 0xcbf29ce484222325ull;
  int sigs = 0;
  for (int i = 0; i < runs; ++i) {
    struct block b;
    memset(&b, 0, sizeof b);
    if (fpf < 0) {
      b.v17[0] = next(), b.v17[1] = next(), b.v18[0] = next(), b.v18[1] = next();
      b.v19[0] = next(), b.v19[1] = next();
      if (i & 1) b.v18[0] &= 0x7f7f7f7f7f7f7f7full, b.v18[1] &= 0x7f7f7f7f7f7f7f7full; /* (bit indexes) */
    } else {
      fill(b.v17, fpf), fill(b.v18, fpf), fill(b.v19, fpf);
      if (i % 4 == 3 && fpf != 4) b.v18[1] = b.v17[1]; /* (equal operands) */
    }
    if (fpf < 0)
      b.v16[0] = 0x5555555555555555ull, b.v16[1] = 0xaaaaaaaaaaaaaaaaull;
    else
      fill(b.v16, fpf); /* (WFC and WFK compare it) */
    b.mem[0] = (uint32_t)next();
    for (unsigned m = 0; m < sizeof fpc_modes / sizeof fpc_modes[0]; ++m) {
      b.fpc_in = fpc_modes[m];
      b.out[0] = b.out[1] = 0;
      const int sig = run(&b);
      sigs += sig != 0;
      const u64 r[4] = {b.out[0], b.out[1], b.fpc_out, (u64)(b.cc >> 28 & 3) | (u64)sig << 8};
      for (int k = 0; k < 4; ++k) h = mix(h, sig ? (k == 3 ? r[k] : 0) : r[k]);
      if (show)
        printf("  %s fpc %u: %016llx %016llx %016llx %016llx %016llx %016llx -> %016llx %016llx fpc %08x cc %u sig %d\n",
               name, fpc_modes[m], (unsigned long long)b.v17[0], (unsigned long long)b.v17[1],
               (unsigned long long)b.v18[0], (unsigned long long)b.v18[1], (unsigned long long)b.v19[0],
               (unsigned long long)b.v19[1], (unsigned long long)b.out[0], (unsigned long long)b.out[1],
               sig ? 0 : b.fpc_out, sig ? 0 : b.cc >> 28 & 3, sig);
      if (sig) break; /* (a refused form is refused in every mode) */
    }
  }
  printf("%-28s %02x%02x%02x%02x%02x%02x %s %016llx\n", name, insn[0], insn[1], insn[2], insn[3], insn[4], insn[5],
         sigs ? "refused" : "runs   ", (unsigned long long)h);
}

static const char* fmt_name[] = {"?", "?", "sb", "db", "xb", "5", "6", "7"};

int main(int argc, char** argv) {
  filter = argc > 1 ? argv[1] : NULL;
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_NODEFER;
  sigaction(SIGILL, &sa, NULL);
  sigaction(SIGFPE, &sa, NULL);
  code = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) return 1;
  memcpy(code, prologue, sizeof prologue);
  memcpy(code + sizeof prologue + 6, epilogue, sizeof epilogue);
  const int runs = 48;
  uint8_t insn[6];
  char name[64];
  /* Arithmetic: VRR-c, M4 format, M5 single element (and a reserved bit). */
  static const struct { const char* n; int op; } arith[] = {{"vfa", 0xe3}, {"vfs", 0xe2}, {"vfm", 0xe7}, {"vfd", 0xe5}};
  for (unsigned k = 0; k < 4; ++k)
    for (int fpf = 2; fpf <= 5; ++fpf)
      for (int m5 = 0; m5 <= 8; m5 += 4) {
        if (fpf == 3) continue; /* (z13's) */
        vrr_c(insn, arith[k].op, fpf, m5, 0);
        snprintf(name, sizeof name, "%s%s m5=%d", arith[k].n, fmt_name[fpf], m5);
        form(name, insn, fpf > 4 ? 4 : fpf, runs);
      }
  for (int fpf = 2; fpf <= 4; fpf += 2)
    for (int m4 = 0; m4 <= 8; m4 += 8) {
      vrr_a(insn, 0xce, fpf, m4, 0);
      snprintf(name, sizeof name, "vfsq%s m4=%d", fmt_name[fpf], m4);
      form(name, insn, fpf, runs);
    }
  static const struct { const char* n; int op; } fmas[] = {{"vfma", 0x8f}, {"vfms", 0x8e}, {"vfnma", 0x9f}, {"vfnms", 0x9e}};
  for (unsigned k = 0; k < 4; ++k)
    for (int fpf = 2; fpf <= 4; ++fpf)
      for (int m5 = 0; m5 <= 8; m5 += 8) {
        if (fpf == 3 && k < 2) continue; /* (z13's VFMA and VFMS) */
        vrr_e(insn, fmas[k].op, m5, fpf);
        snprintf(name, sizeof name, "%s%s m5=%d", fmas[k].n, fmt_name[fpf], m5);
        form(name, insn, fpf, runs);
      }
  for (int max = 1; max >= 0; --max)
    for (int fpf = 2; fpf <= 4; ++fpf)
      for (int m6 = 0; m6 <= 13; ++m6) {
        if (m6 == 6 || m6 == 7) continue;
        vrr_c(insn, max ? 0xef : 0xee, fpf, fpf == 3 ? 8 : 0, m6);
        snprintf(name, sizeof name, "%s%s m6=%d", max ? "vfmax" : "vfmin", fmt_name[fpf], m6);
        form(name, insn, fpf, runs);
      }
  static const struct { const char* n; int op; } cmps[] = {{"vfce", 0xe8}, {"vfch", 0xeb}, {"vfche", 0xea}};
  /* (M5: single element 8, signaling 4: VFKE, VFKH, VFKHE, whose long forms are the facility's
   * too.) */
  for (unsigned k = 0; k < 3; ++k)
    for (int fpf = 2; fpf <= 4; ++fpf)
      for (int m5 = 0; m5 <= 14; m5 += 2)
        for (int m6 = 0; m6 <= 2; ++m6) {
          if ((fpf == 3 && !(m5 & 4)) || ((m5 & 2) && (m5 != 2 || m6))) continue; /* (z13's; one reserved) */
          vrr_c(insn, cmps[k].op, fpf, m5, m6);
          snprintf(name, sizeof name, "%s%s m5=%d m6=%d", cmps[k].n, fmt_name[fpf], m5, m6);
          form(name, insn, fpf, runs);
        }
  for (int k = 0; k < 2; ++k)
    for (int fpf = 2; fpf <= 4; fpf += 2)
      for (int m4 = 0; m4 <= 1; ++m4) {
        vrr_a(insn, k ? 0xca : 0xcb, fpf, m4, 0);
        snprintf(name, sizeof name, "%s%s m4=%d", k ? "wfk" : "wfc", fmt_name[fpf], m4);
        form(name, insn, fpf, runs);
      }
  for (int fpf = 2; fpf <= 4; fpf += 2)
    for (int m4 = 0; m4 <= 12; m4 += 2)
      for (int m5 = 0; m5 <= 7; ++m5) {
        if (m4 == 2 && m5) continue;
        if (m4 != 2 && m4 & 3) continue;
        vrr_a(insn, 0xc7, fpf, m4, m5);
        snprintf(name, sizeof name, "vfi%s m4=%d m5=%d", fmt_name[fpf], m4, m5);
        form(name, insn, fpf, runs / 2);
      }
  for (int from = 3; from <= 4; ++from) /* (z13's: short to long) */
    for (int m4 = 0; m4 <= 8; m4 += 8) {
      vrr_a(insn, 0xc4, from, m4, 0);
      snprintf(name, sizeof name, "vfll%s m4=%d", fmt_name[from], m4);
      form(name, insn, from, runs);
    }
  for (int from = 4; from <= 5; ++from) /* (z13's: long to short) */
    for (int m4 = 0; m4 <= 12; m4 += 4)
      for (int m5 = 0; m5 <= 7; ++m5) {
        vrr_a(insn, 0xc5, from, m4, m5);
        snprintf(name, sizeof name, "vflr%s m4=%d m5=%d", fmt_name[from], m4, m5);
        form(name, insn, from > 4 ? 4 : from, runs / 2);
      }
  for (int fpf = 2; fpf <= 4; fpf += 2)
    for (int m4 = 0; m4 <= 8; m4 += 8)
      for (int m5 = 0; m5 <= 3; ++m5) {
        vrr_a(insn, 0xcc, fpf, m4, m5);
        snprintf(name, sizeof name, "vfpso%s m4=%d m5=%d", fmt_name[fpf], m4, m5);
        form(name, insn, fpf, runs / 2);
      }
  static const int classes[] = {0x800, 0x400, 0x200, 0x100, 0x080, 0x040, 0x020, 0x010, 0x008, 0x004, 0x002, 0x001, 0xfff, 0x5a5};
  for (int fpf = 2; fpf <= 4; fpf += 2)
    for (unsigned c = 0; c < COUNT(classes); ++c)
      for (int m5 = 0; m5 <= 8; m5 += 8) {
        vri_e(insn, 0x4a, classes[c], fpf, m5);
        snprintf(name, sizeof name, "vftci%s %03x m5=%d", fmt_name[fpf], classes[c], m5);
        form(name, insn, fpf, runs / 2);
      }
  /* Integer instructions. */
  for (int m3 = 1; m3 <= 4; ++m3) { /* (z13's: bytes) */
    vrr_a(insn, 0x50, m3, 0, 0);
    snprintf(name, sizeof name, "vpopct m3=%d", m3);
    form(name, insn, -1, 16);
  }
  vrr_c(insn, 0x85, 0, 0, 0);
  form("vbperm", insn, -1, 32);
  for (int m5 = 2; m5 <= 3; ++m5)
    for (int m6 = 0; m6 <= 15; m6 += m5 == 3 ? 1 : 15) {
      vrr_d(insn, 0xb8, m5, m6);
      snprintf(name, sizeof name, "vmsl m5=%d m6=%d", m5, m6);
      form(name, insn, -1, 16);
    }
  for (int m3 = 5; m3 <= 7; ++m3) { /* (z13's: 0-3) */
    /* vllez %v16,96(%r1),m3 */
    const uint8_t e[6] = {0xe7, 0x00, 0x10, 0x60, (uint8_t)(m3 << 4 | 8), 0x04};
    snprintf(name, sizeof name, "vllez m3=%d", m3);
    form(name, e, -1, 8);
  }
  return 0;
}
