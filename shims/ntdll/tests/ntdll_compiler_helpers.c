/* 32-bit NTDLL's helpers for compiled code, called as MSVC's generated code calls them: the 64-bit
 * arithmetic (_allmul, _alldiv, _allrem, _aulldiv, _aullrem: stdcall, the result in edx:eax;
 * _alldvrm and _aulldvrm with the remainder in ebx:ecx; _allshl, _allshr and _aullshr on edx:eax
 * by cl), the stack probe (_chkstk and _alloca_probe: eax bytes, esp moved below them), the x87
 * forms (_CIsin, _CIcos, _CIlog, _CIsqrt on ST0, _CIpow on ST1 and ST0) and NtCurrentTeb. Expected
 * output: the helpers' documented results (Microsoft's C runtime: the operators they implement;
 * wine 8.0 has no i386 reference here), i686 only. */
#include <math.h>
#include <stdio.h>
#include <windows.h>

typedef long long(__stdcall* Binary_fn)(long long, long long);
typedef unsigned long long(__stdcall* UBinary_fn)(unsigned long long, unsigned long long);

static void* fn(const char* name) { return (void*)GetProcAddress(GetModuleHandleA("ntdll.dll"), name); }

static unsigned long long shift(void* f, unsigned long long v, unsigned count) {
  unsigned lo = (unsigned)v, hi = (unsigned)(v >> 32);
  __asm__ volatile("call *%2" : "+a"(lo), "+d"(hi) : "r"(f), "c"(count) : "memory", "cc");
  return (unsigned long long)hi << 32 | lo;
}

static void divrem(void* f, long long a, long long b, unsigned long long* q, unsigned long long* r) {
  unsigned args[4] = {(unsigned)a, (unsigned)((unsigned long long)a >> 32), (unsigned)b,
                      (unsigned)((unsigned long long)b >> 32)};
  unsigned qlo, qhi, rlo, rhi;
  __asm__ volatile(
      "push %%ebx\n\t"
      "pushl 12(%[args])\n\tpushl 8(%[args])\n\tpushl 4(%[args])\n\tpushl (%[args])\n\t"
      "call *%[f]\n\t"
      "mov %%ebx, %%edi\n\t"
      "pop %%ebx"
      : "=a"(qlo), "=d"(qhi), "=c"(rlo), "=D"(rhi)
      : [args] "S"(args), [f] "r"(f)
      : "memory", "cc");
  *q = (unsigned long long)qhi << 32 | qlo;
  *r = (unsigned long long)rhi << 32 | rlo;
}

/* esp before and after a probe of `bytes`, the difference; esp is put back. */
static unsigned probe(void* f, unsigned bytes) {
  unsigned before, after;
  __asm__ volatile(
      "mov %%esp, %%edi\n\t"
      "call *%2\n\t"
      "mov %%esp, %%eax\n\t"
      "mov %%edi, %%esp"
      : "=D"(before), "=a"(after)
      : "S"(f), "a"(bytes)
      : "memory", "cc", "ecx", "edx");
  return before - after;
}

static double x87_unary(void* f, double x) {
  double r;
  __asm__ volatile("fldl %1\n\tcall *%2\n\tfstpl %0" : "=m"(r) : "m"(x), "r"(f) : "memory", "eax", "ecx", "edx", "st");
  return r;
}
static double x87_binary(void* f, double x, double y) {
  double r;
  __asm__ volatile("fldl %1\n\tfldl %2\n\tcall *%3\n\tfstpl %0"
                   : "=m"(r)
                   : "m"(x), "m"(y), "r"(f)
                   : "memory", "eax", "ecx", "edx", "st", "st(1)");
  return r;
}

int main(void) {
  Binary_fn allmul = (Binary_fn)fn("_allmul"), alldiv = (Binary_fn)fn("_alldiv"), allrem = (Binary_fn)fn("_allrem");
  UBinary_fn aulldiv = (UBinary_fn)fn("_aulldiv"), aullrem = (UBinary_fn)fn("_aullrem");
  printf("_allmul: %lld\n", allmul(-123456789012LL, 1000003LL));
  printf("_alldiv: %lld %lld\n", alldiv(-123456789012345LL, 1000LL), alldiv(7, -2));
  printf("_allrem: %lld %lld\n", allrem(-123456789012345LL, 1000LL), allrem(7, -2));
  printf("_aulldiv: %llu\n", aulldiv(18446744073709551615ULL, 10ULL));
  printf("_aullrem: %llu\n", aullrem(18446744073709551615ULL, 10ULL));

  unsigned long long q, r;
  divrem(fn("_alldvrm"), -1000000000007LL, 10LL, &q, &r);
  printf("_alldvrm: %lld remainder %lld\n", (long long)q, (long long)r);
  divrem(fn("_aulldvrm"), (long long)18446744073709551615ULL, 1000LL, &q, &r);
  printf("_aulldvrm: %llu remainder %llu\n", q, r);

  printf("_allshl: 0x%llx 0x%llx 0x%llx\n", shift(fn("_allshl"), 0x123456789abcdefULL, 4),
         shift(fn("_allshl"), 0x123456789abcdefULL, 36), shift(fn("_allshl"), 1, 64));
  printf("_allshr: 0x%llx 0x%llx\n", shift(fn("_allshr"), 0x8000000000000000ULL, 4),
         shift(fn("_allshr"), 0x8000000000000000ULL, 70));
  printf("_aullshr: 0x%llx 0x%llx\n", shift(fn("_aullshr"), 0x8000000000000000ULL, 36),
         shift(fn("_aullshr"), 0x8000000000000000ULL, 64));

  printf("_chkstk of 0x3000 bytes moves esp by 0x%x\n", probe(fn("_chkstk"), 0x3000));
  printf("_alloca_probe of 0x100 bytes moves esp by 0x%x\n", probe(fn("_alloca_probe"), 0x100));

  printf("_CIsqrt(2): %.15f\n", x87_unary(fn("_CIsqrt"), 2.0));
  printf("_CIsin(1): %.15f\n", x87_unary(fn("_CIsin"), 1.0));
  printf("_CIcos(1): %.15f\n", x87_unary(fn("_CIcos"), 1.0));
  printf("_CIlog(10): %.15f\n", x87_unary(fn("_CIlog"), 10.0));
  printf("_CIpow(2, 10): %.15f\n", x87_binary(fn("_CIpow"), 2.0, 10.0));

  void* (__stdcall * current_teb)(void) = (void* (__stdcall*)(void))fn("NtCurrentTeb");
  printf("NtCurrentTeb is the TEB: %d\n", current_teb() == (void*)NtCurrentTeb());
  return 0;
}
