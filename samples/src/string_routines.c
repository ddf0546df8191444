/* glibc's string and memory routines, the variants its ifunc resolvers pick for the CPU features
 * the program is given (AT_HWCAP, MIDR), on many alignments and lengths: objects right after an
 * unmapped page, across the boundary between two mapped pages, and ending at the last byte before
 * an unmapped page; bytes around each object hold what the routine must not find there (the
 * searched byte, a NUL). Every result is checked against a byte-by-byte reference. Prints, per
 * routine, the cases run, the mismatches (the first few in detail) and a hash of the results. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The reference loops stay loops (not calls to the routines they check). */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

/* Calls through volatile pointers always reach libc's routine (no builtin expansion). */
static size_t (*volatile f_strlen)(const char*) = strlen;
static size_t (*volatile f_strnlen)(const char*, size_t) = strnlen;
static char* (*volatile f_strchr)(const char*, int) = strchr;
static char* (*volatile f_strchrnul)(const char*, int) = strchrnul;
static char* (*volatile f_strrchr)(const char*, int) = strrchr;
static void* (*volatile f_memchr)(const void*, int, size_t) = memchr;
static void* (*volatile f_memrchr)(const void*, int, size_t) = memrchr;
static void* (*volatile f_rawmemchr)(const void*, int) = rawmemchr;
static size_t (*volatile f_strspn)(const char*, const char*) = strspn;
static size_t (*volatile f_strcspn)(const char*, const char*) = strcspn;
static char* (*volatile f_strpbrk)(const char*, const char*) = strpbrk;
static int (*volatile f_memcmp)(const void*, const void*, size_t) = memcmp;
static int (*volatile f_strcmp)(const char*, const char*) = strcmp;
static int (*volatile f_strncmp)(const char*, const char*, size_t) = strncmp;
static void* (*volatile f_memcpy)(void*, const void*, size_t) = memcpy;
static void* (*volatile f_memmove)(void*, const void*, size_t) = memmove;
static void* (*volatile f_memset)(void*, int, size_t) = memset;
static char* (*volatile f_strcpy)(char*, const char*) = strcpy;
static char* (*volatile f_stpcpy)(char*, const char*) = stpcpy;
static char* (*volatile f_strstr)(const char*, const char*) = strstr;
static void* (*volatile f_memmem)(const void*, size_t, const void*, size_t) = memmem;

/* Two areas of two readable pages, each between two unmapped pages. */
static size_t page;
static size_t area_size;
static unsigned char* area[2];
static unsigned char *scratch, *moved; /* area_size bytes each */

static unsigned char* guarded_area(void) {
  unsigned char* m = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED || mprotect(m, page, PROT_NONE) != 0 || mprotect(m + 3 * page, page, PROT_NONE) != 0) {
    printf("cannot map a guarded area\n");
    exit(1);
  }
  return m + page;
}

static const size_t lengths[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10,  11,  12,  13,  14,   15,   16,
                                 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,  28,  29,  30,  31,   32,   33,
                                 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44,  45,  46,  47,  48,   49,   50,
                                 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61,  62,  63,  64,  65,   66,   79,
                                 80, 81, 95, 96, 97, 127, 128, 129, 255, 256, 257, 1000, 1023, 1024, 1025, 4095, 4097};
#define NLENGTHS (sizeof lengths / sizeof lengths[0])

/* Where an object of `total` bytes goes in an area: at small offsets after the unmapped page before
 * it, just before the boundary between its two pages, and ending up to 33 bytes before the
 * unmapped page after it. Long objects get fewer places. */
static size_t placements(size_t total, size_t* out) {
  static const size_t from_start[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33, 47, 63};
  static const size_t before_middle[] = {1, 2, 7, 8, 15, 16, 17, 31, 33};
  static const size_t from_end[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 31, 32, 33};
  size_t step = total > 300 ? 4 : 1, k = 0;
  for (size_t i = 0; i < sizeof from_start / sizeof *from_start; i += step)
    if (from_start[i] + total <= area_size) out[k++] = from_start[i];
  for (size_t i = 0; i < sizeof before_middle / sizeof *before_middle; i += step)
    if (page - before_middle[i] + total <= area_size) out[k++] = page - before_middle[i];
  for (size_t i = 0; i < sizeof from_end / sizeof *from_end; i += step)
    if (from_end[i] + total <= area_size) out[k++] = area_size - total - from_end[i];
  return k;
}

struct tally {
  const char* name;
  unsigned long cases, bad;
  uint64_t hash;
};

static void note(struct tally* t, long got, long want, size_t at, size_t n, int variant) {
  t->cases++;
  t->hash = (t->hash ^ (uint64_t)got) * 0x100000001b3ull;
  if (got != want) {
    if (t->bad < 3)
      printf("%s: offset %zu length %zu case %d: got %ld, want %ld\n", t->name, at, n, variant, got, want);
    t->bad++;
  }
}

static void report(const struct tally* t) {
  printf("%-10s %7lu cases, %lu mismatches, results %016llx\n", t->name, t->cases, t->bad,
         (unsigned long long)t->hash);
}

#define TALLY(name) struct tally t_##name = {#name, 0, 0, 0xcbf29ce484222325ull}

static long off(const void* p, const void* base) { return p ? (long)((const unsigned char*)p - (const unsigned char*)base) : -1; }
static int sign(int v) { return (v > 0) - (v < 0); }

/* A byte of the body of an object: never 0 and never `avoid`. */
static unsigned char body_byte(size_t i, unsigned seed, int avoid) {
  unsigned char b = (unsigned char)(1 + (i * 37 + seed * 11) % 255);
  if (b == (unsigned char)avoid) b = (unsigned char)avoid == 1 ? 2 : 1;
  return b;
}

/* Sets up to 64 bytes on each side of [at, at + total) to `around`. */
static void surround(unsigned char* a, size_t at, size_t total, unsigned char around) {
  size_t lo = at >= 64 ? at - 64 : 0, hi = at + total + 64 <= area_size ? at + total + 64 : area_size;
  for (size_t i = lo; i < at; ++i) a[i] = around;
  for (size_t i = at + total; i < hi; ++i) a[i] = around;
}

/* --- references --- */
static long ref_chr(const unsigned char* s, size_t n, int c, int last) {
  long r = -1;
  for (size_t i = 0; i < n; ++i)
    if (s[i] == (unsigned char)c) {
      r = (long)i;
      if (!last) break;
    }
  return r;
}
static size_t ref_len(const unsigned char* s) {
  size_t i = 0;
  while (s[i]) ++i;
  return i;
}
static size_t ref_spn(const unsigned char* s, const unsigned char* set, int reject) {
  size_t i = 0;
  for (; s[i]; ++i) {
    int in = 0;
    for (const unsigned char* p = set; *p; ++p) in |= *p == s[i];
    if (in == reject) break;
  }
  return i;
}
static int ref_cmp(const unsigned char* a, const unsigned char* b, size_t n, int strings) {
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    if (strings && !a[i]) return 0;
  }
  return 0;
}

static const int targets[] = {'a', 0x80, 0xff, 0x01, 0x7f, 'z' + 1};
#define NTARGETS (sizeof targets / sizeof targets[0])

/* Sets the body of a searched object (n bytes at s) for one variant: 0 no `c`, 1 `c` first,
 * 2 `c` last, 3 `c` at a third and two thirds, 4 every byte `c`. */
static void searched_body(unsigned char* s, size_t n, int c, int variant, unsigned seed) {
  for (size_t i = 0; i < n; ++i) s[i] = variant == 4 ? (unsigned char)c : body_byte(i, seed, c);
  if (n == 0) return;
  if (variant == 1) s[0] = (unsigned char)c;
  if (variant == 2) s[n - 1] = (unsigned char)c;
  if (variant == 3) s[n / 3] = s[2 * n / 3] = (unsigned char)c;
}

static size_t where[128];

static void lengths_and_nul(void) {
  TALLY(strlen);
  TALLY(strnlen);
  unsigned seed = 0;
  for (size_t li = 0; li < NLENGTHS; ++li) {
    size_t n = lengths[li], np = placements(n + 1, where);
    for (size_t pi = 0; pi < np; ++pi, ++seed) {
      unsigned char* s = area[0] + where[pi];
      surround(area[0], where[pi], n + 1, seed % 2 ? 0 : 0xff);
      searched_body(s, n, 0, 0, seed);
      s[n] = 0;
      note(&t_strlen, (long)f_strlen((char*)s), (long)ref_len(s), where[pi], n, 0);
      const size_t limits[] = {0, n / 2, n, n + 1, n + 100, SIZE_MAX};
      for (int k = 0; k < 6; ++k) {
        size_t want = n < limits[k] ? n : limits[k];
        note(&t_strnlen, (long)f_strnlen((char*)s, limits[k]), (long)want, where[pi], n, k);
      }
    }
  }
  report(&t_strlen);
  report(&t_strnlen);
}

static void searches(void) {
  TALLY(strchr);
  TALLY(strchrnul);
  TALLY(strrchr);
  TALLY(memchr);
  TALLY(memrchr);
  TALLY(rawmemchr);
  unsigned seed = 0;
  for (size_t li = 0; li < NLENGTHS; ++li) {
    size_t n = lengths[li];
    /* Strings: n bytes and a NUL, surrounded by the searched byte. */
    size_t np = placements(n + 1, where);
    for (size_t pi = 0; pi < np; ++pi) {
      for (int v = 0; v < 6; ++v, ++seed) {
        int c = v == 5 ? 0 : targets[seed % NTARGETS];
        unsigned char* s = area[0] + where[pi];
        surround(area[0], where[pi], n + 1, (unsigned char)(v == 5 ? targets[seed % NTARGETS] : c));
        searched_body(s, n, c, v == 5 ? 0 : v, seed);
        s[n] = 0;
        long first = ref_chr(s, n + 1, c, 0), last = ref_chr(s, n + 1, c, 1);
        note(&t_strchr, off(f_strchr((char*)s, c), s), first, where[pi], n, v);
        note(&t_strchrnul, off(f_strchrnul((char*)s, c), s), first < 0 ? (long)n : first, where[pi], n, v);
        note(&t_strrchr, off(f_strrchr((char*)s, c), s), last, where[pi], n, v);
        if (first >= 0) note(&t_rawmemchr, off(f_rawmemchr(s, c), s), first, where[pi], n, v);
      }
    }
    /* Buffers: n bytes, surrounded by the searched byte. */
    np = placements(n, where);
    for (size_t pi = 0; pi < np; ++pi) {
      for (int v = 0; v < 5; ++v, ++seed) {
        int c = targets[seed % NTARGETS];
        unsigned char* s = area[1] + where[pi];
        surround(area[1], where[pi], n, (unsigned char)c);
        searched_body(s, n, c, v, seed);
        note(&t_memchr, off(f_memchr(s, c, n), s), ref_chr(s, n, c, 0), where[pi], n, v);
        note(&t_memrchr, off(f_memrchr(s, c, n), s), ref_chr(s, n, c, 1), where[pi], n, v);
        /* The searched value is a byte: only its low 8 bits count. */
        note(&t_memchr, off(f_memchr(s, c | 0x1200, n), s), ref_chr(s, n, c, 0), where[pi], n, v + 10);
      }
    }
  }
  report(&t_strchr);
  report(&t_strchrnul);
  report(&t_strrchr);
  report(&t_rawmemchr);
  report(&t_memchr);
  report(&t_memrchr);
}

static void spans(void) {
  static const char* const sets[] = {"", "a", "ab", "a\x80", "\xff\x01z", "abcde", "0123456789abcdef",
                                     "\x80\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\xf0\xf1\xf2\xf3\xf4\xf5"
                                     "\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe\xff ABCDEFGH"};
  const size_t nsets = sizeof sets / sizeof *sets;
  TALLY(strspn);
  TALLY(strcspn);
  TALLY(strpbrk);
  unsigned seed = 0;
  for (size_t li = 0; li < NLENGTHS; ++li) {
    size_t n = lengths[li], np = placements(n + 1, where);
    for (size_t pi = 0; pi < np; ++pi) {
      for (int v = 0; v < 3; ++v, ++seed) {
        const unsigned char* set = (const unsigned char*)sets[seed % nsets];
        size_t setlen = ref_len(set), split = v == 0 ? 0 : v == 1 ? n / 2 : n;
        unsigned char* s = area[0] + where[pi];
        surround(area[0], where[pi], n + 1, setlen ? set[0] : 'q');
        /* strspn's case: members up to `split`, then other bytes; strcspn's: the reverse. */
        for (size_t i = 0; i < n; ++i) {
          int member = i < split;
          if (seed % 2) member = !member;
          unsigned char b;
          if (member && setlen) {
            b = set[(i * 7 + seed) % setlen];
          } else {
            b = body_byte(i, seed, 0);
            for (size_t tries = 1; ref_chr(set, setlen, b, 0) >= 0; ++tries) b = body_byte(i + tries * 1000, seed, 0);
          }
          s[i] = b;
        }
        s[n] = 0;
        size_t spn = ref_spn(s, set, 0), cspn = ref_spn(s, set, 1);
        note(&t_strspn, (long)f_strspn((char*)s, (const char*)set), (long)spn, where[pi], n, v);
        note(&t_strcspn, (long)f_strcspn((char*)s, (const char*)set), (long)cspn, where[pi], n, v);
        note(&t_strpbrk, off(f_strpbrk((char*)s, (const char*)set), s), s[cspn] ? (long)cspn : -1, where[pi], n, v);
      }
    }
  }
  report(&t_strspn);
  report(&t_strcspn);
  report(&t_strpbrk);
}

static void comparisons(void) {
  static const unsigned char pairs[][2] = {{'a', 'b'}, {0x7f, 0x80}, {0x01, 0xff}, {0x80, 0x81}, {0x00, 0x01}};
  TALLY(memcmp);
  TALLY(strcmp);
  TALLY(strncmp);
  unsigned seed = 0;
  size_t other[128];
  for (size_t li = 0; li < NLENGTHS; ++li) {
    size_t n = lengths[li], np = placements(n + 1, where);
    placements(n + 1, other);
    for (size_t pi = 0; pi < np; ++pi) {
      size_t at_b = other[(pi * 7 + 3) % np];
      unsigned char *a = area[0] + where[pi], *b = area[1] + at_b;
      surround(area[0], where[pi], n + 1, 0x55);
      surround(area[1], at_b, n + 1, 0xaa);
      for (size_t i = 0; i < n; ++i) a[i] = b[i] = body_byte(i, seed, 0);
      a[n] = b[n] = 0;
      /* Equal, then one difference at the start, the middle and the end, either way round. */
      for (int v = 0; v < 7; ++v, ++seed) {
        size_t d = v == 0 || n == 0 ? SIZE_MAX : v < 3 ? 0 : v < 5 ? n / 2 : n - 1;
        const unsigned char* pr = pairs[seed % (sizeof pairs / sizeof *pairs)];
        unsigned char saved_a = 0, saved_b = 0;
        if (d != SIZE_MAX) {
          saved_a = a[d];
          saved_b = b[d];
          a[d] = pr[v % 2];
          b[d] = pr[1 - v % 2];
        }
        note(&t_memcmp, sign(f_memcmp(a, b, n)), ref_cmp(a, b, n, 0), where[pi], n, v);
        note(&t_strcmp, sign(f_strcmp((char*)a, (char*)b)), ref_cmp(a, b, n + 1, 1), where[pi], n, v);
        note(&t_strcmp, sign(f_strcmp((char*)b, (char*)a)), ref_cmp(b, a, n + 1, 1), where[pi], n, v + 10);
        const size_t limits[] = {0, d == SIZE_MAX ? n : d, d == SIZE_MAX ? n : d + 1, n + 1, SIZE_MAX};
        for (int k = 0; k < 5; ++k) {
          size_t m = limits[k] < n + 1 ? limits[k] : n + 1;
          note(&t_strncmp, sign(f_strncmp((char*)a, (char*)b, limits[k])), ref_cmp(a, b, m, 1), where[pi], n, v * 10 + k);
        }
        if (d != SIZE_MAX) {
          a[d] = saved_a;
          b[d] = saved_b;
        }
      }
    }
  }
  report(&t_memcmp);
  report(&t_strcmp);
  report(&t_strncmp);
}

/* The first byte of `a` (within 64 bytes of [at, at + n)) that differs from the scratch copy that
 * the reference wrote, relative to `at`; -1000 when none does. */
static long first_difference(const unsigned char* a, size_t at, size_t n) {
  size_t lo = at >= 64 ? at - 64 : 0, hi = at + n + 64 <= area_size ? at + n + 64 : area_size;
  for (size_t i = lo; i < hi; ++i)
    if (a[i] != scratch[i]) return (long)i - (long)at;
  return -1000;
}

static void snapshot(const unsigned char* a, size_t at, size_t n) {
  size_t lo = at >= 64 ? at - 64 : 0, hi = at + n + 64 <= area_size ? at + n + 64 : area_size;
  for (size_t i = lo; i < hi; ++i) scratch[i] = a[i];
}

static void copies(void) {
  TALLY(memcpy);
  TALLY(memmove);
  TALLY(memset);
  TALLY(strcpy);
  TALLY(stpcpy);
  unsigned seed = 0;
  size_t other[128];
  for (size_t li = 0; li < NLENGTHS; ++li) {
    size_t n = lengths[li], np = placements(n + 1, where);
    placements(n + 1, other);
    for (size_t pi = 0; pi < np; ++pi, ++seed) {
      size_t at_d = other[(pi * 5 + 1) % np];
      unsigned char *s = area[0] + where[pi], *d = area[1] + at_d;
      surround(area[0], where[pi], n + 1, 0x33);
      surround(area[1], at_d, n + 1, 0xcc);
      for (size_t i = 0; i < n; ++i) s[i] = body_byte(i, seed, 0), d[i] = (unsigned char)~s[i];
      s[n] = 0;
      d[n] = 0x77;
      /* memcpy and memset of n bytes, strcpy and stpcpy of n bytes and the NUL, into the other area. */
      snapshot(area[1], at_d, n + 1);
      for (size_t i = 0; i < n; ++i) scratch[at_d + i] = s[i];
      note(&t_memcpy, off(f_memcpy(d, s, n), d), 0, where[pi], n, 0);
      note(&t_memcpy, first_difference(area[1], at_d, n + 1), -1000, where[pi], n, 1);
      for (size_t i = 0; i < n; ++i) scratch[at_d + i] = (unsigned char)(seed * 3);
      note(&t_memset, off(f_memset(d, (int)(seed * 3) | 0x4500, n), d), 0, where[pi], n, 0);
      note(&t_memset, first_difference(area[1], at_d, n + 1), -1000, where[pi], n, 1);
      scratch[at_d + n] = 0;
      for (size_t i = 0; i < n; ++i) scratch[at_d + i] = s[i];
      note(&t_strcpy, off(f_strcpy((char*)d, (char*)s), d), 0, where[pi], n, 0);
      note(&t_strcpy, first_difference(area[1], at_d, n + 1), -1000, where[pi], n, 1);
      for (size_t i = 0; i <= n; ++i) d[i] = 0x5a;
      note(&t_stpcpy, off(f_stpcpy((char*)d, (char*)s), d), (long)n, where[pi], n, 0);
      note(&t_stpcpy, first_difference(area[1], at_d, n + 1), -1000, where[pi], n, 1);
      /* memmove within one area, the destination before or after the source, overlapping or not. */
      static const long shifts[] = {-300, -64, -33, -16, -8, -1, 1, 3, 16, 31, 64, 300};
      for (int k = 0; k < 12; ++k) {
        long to = (long)where[pi] + shifts[k];
        if (to < 0 || (size_t)to + n > area_size) continue;
        size_t lo = (size_t)(to < (long)where[pi] ? to : (long)where[pi]);
        size_t span = n + (size_t)labs(shifts[k]);
        for (size_t i = 0; i < span; ++i) area[0][lo + i] = body_byte(i, seed + (unsigned)k, 0);
        snapshot(area[0], lo, span);
        for (size_t i = 0; i < n; ++i) moved[i] = area[0][where[pi] + i];
        for (size_t i = 0; i < n; ++i) scratch[(size_t)to + i] = moved[i];
        note(&t_memmove, off(f_memmove(area[0] + to, area[0] + where[pi], n), area[0] + to), 0, where[pi], n, k);
        note(&t_memmove, first_difference(area[0], lo, span), -1000, where[pi], n, k + 100);
      }
    }
  }
  report(&t_memcpy);
  report(&t_memmove);
  report(&t_memset);
  report(&t_strcpy);
  report(&t_stpcpy);
}

static void substrings(void) {
  static const size_t needles[] = {1, 2, 3, 4, 5, 8, 15, 16, 17, 31, 32, 64, 100, 257};
  TALLY(strstr);
  TALLY(memmem);
  unsigned seed = 0;
  for (size_t li = 0; li < NLENGTHS; li += 2) {
    size_t n = lengths[li], np = placements(n + 1, where);
    for (size_t pi = 0; pi < np; pi += 2) {
      for (size_t k = 0; k < sizeof needles / sizeof *needles; ++k, ++seed) {
        size_t m = needles[k];
        unsigned char* h = area[0] + where[pi];
        surround(area[0], where[pi], n + 1, 'b');
        /* A haystack of a's and b's, and a needle of a's ending in b: found only where placed. */
        for (size_t i = 0; i < n; ++i) h[i] = 'a';
        h[n] = 0;
        unsigned char needle[300];
        for (size_t i = 0; i + 1 < m; ++i) needle[i] = 'a';
        needle[m - 1] = 'b';
        needle[m] = 0;
        long want = -1;
        if (m <= n && seed % 3) {
          size_t at = seed % 3 == 1 ? n - m : (n - m) / 2;
          h[at + m - 1] = 'b';
          want = (long)at;
        }
        note(&t_strstr, off(f_strstr((char*)h, (char*)needle), h), want, where[pi], n, (int)m);
        note(&t_memmem, off(f_memmem(h, n, needle, m), h), want, where[pi], n, (int)m);
      }
    }
  }
  report(&t_strstr);
  report(&t_memmem);
}

int main(void) {
  page = (size_t)sysconf(_SC_PAGESIZE);
  area_size = 2 * page;
  scratch = malloc(area_size);
  moved = malloc(area_size);
  area[0] = guarded_area();
  area[1] = guarded_area();
  lengths_and_nul();
  searches();
  spans();
  comparisons();
  copies();
  substrings();
  return 0;
}
