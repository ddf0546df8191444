/* printf with the Microsoft C runtime's rules: long is 32-bit, I64, three-digit exponents, %p.
 * Built three times: with mingw-w64's own printf, with msvcrt.dll's (msvcrt_printf_formats_msvcrt)
 * and against the Universal CRT (msvcrt_printf_formats_ucrt). */
#include <stdio.h>
#include <wchar.h>

int main(void) {
  printf("int %d %i %5d|%-5d|%05d %+d\n", 42, -7, 3, 4, 5, 6);
  printf("unsigned %u %x %X %o %#x\n", 4000000000u, 255u, 255u, 8u, 16u);
  printf("long %ld %lu\n", 2147483647L, 4294967295UL);
  printf("I64 %I64d %I64x %lld\n", -9000000000LL, 0x123456789abcLL, 1234567890123LL);
  printf("size %zu %Iu\n", (size_t)12345, (size_t)678);
  printf("short %hd %hu char %hhd\n", (short)-3, (unsigned short)65535, (signed char)-1);
  printf("float %f %.2f %10.3f %e %E %g %G\n", 3.14159, 2.5, -1.0, 12345.678, 0.00012, 0.0001, 1e20);
  printf("string [%s] [%10s] [%-10s] [%.3s] %c%c\n", "abc", "right", "left", "truncate", 'o', 'k');
  printf("wide [%ls] [%S]\n", L"wide", L"capital-S");
  printf("pointer %p\n", (void*)0x1234);
  printf("percent %% star [%*d] [%.*f]\n", 6, 42, 2, 3.14159);
  volatile double zero = 0.0;
  printf("special %f %e %.3f %g\n", 1.0 / zero, -1.0 / zero, zero / zero, 1e-300 * 1e-300);
  printf("exponent %e %.0e %10.2E|%-12e|\n", 1.5, 12345.0, 0.000123, 2.0);
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%s-%d", "snprintf", 7);
  printf("%s %d\n", buf, n);
  n = _snprintf(buf, 4, "%s", "overflow");
  printf("_snprintf overflow %d\n", n);
  /* A NUL character is written as one (%c of 0), padded as other characters are. */
  n = snprintf(buf, sizeof buf, "a%cb[%3c][%-3c]", 0, 0, 0);
  printf("nul %d:", n);
  for (int i = 0; i < n; ++i) printf(" %02x", (unsigned char)buf[i]);
  printf("\n");
  n = printf("%c", 0);
  printf("| %d\n", n);
  return 0;
}
