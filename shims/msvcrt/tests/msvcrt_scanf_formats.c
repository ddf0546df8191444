/* sscanf and sscanf_s of the Universal CRT (built as msvcrt_scanf_formats_ucrt:
 * __stdio_common_vsscanf): integers in every base and size (Windows' long is 32 bits; values wider
 * than their type are cut to it), floats, strings, characters and scan sets, narrow and wide,
 * widths, %n, %%, suppressed fields, where matching stops, the end of input, and sscanf_s's buffer
 * sizes. Left out, where wine 8.0 (the expected output) and Windows' documentation part:
 * hexadecimal floats (%a), a "0x" before %p's digits, and input of white space alone (EOF, the
 * documentation says: the end of the string before the first conversion; wine returns 0). */
#define __STDC_WANT_SECURE_LIB__ 1
#include <stdio.h>
#include <string.h>
#include <wchar.h>

int main(void) {
  int a = -1, b = -1, n = -1;
  unsigned u = 0;
  short h = 0;
  signed char hh = 0;
  long long ll = 0;
  long l = 0;
  float f = 0;
  double d = 0, e = 0;
  char s1[32] = "-", s2[32] = "-", s3[32] = "-", c3[4] = "xyz";
  wchar_t ws[16] = L"-";
  int r;
  r = sscanf("12 word 2.5", "%d %15s %lf", &a, s1, &d);
  printf("d s lf: %d, %d %s %.2f\n", r, a, s1, d);
  r = sscanf("  -0x1F 077 0x10", "%i %i %i", &a, &b, &n);
  printf("i (bases by prefix): %d, %d %d %d\n", r, a, b, n);
  r = sscanf("ff 17 4294967295", "%x %o %u", &a, &b, &u);
  printf("x o u: %d, %d %d %u\n", r, a, b, u);
  r = sscanf("123456789", "%3d%2d%n", &a, &b, &n);
  printf("widths and n: %d, %d %d %d\n", r, a, b, n);
  r = sscanf("abc]def:ghi", "%[a-c]]%[^:]:%s", s1, s2, s3);
  printf("scan sets: %d, %s %s %s\n", r, s1, s2, s3);
  r = sscanf("xyz", "%2c", c3);
  printf("2c: %d, %c%c%c\n", r, c3[0], c3[1], c3[2]);
  r = sscanf("1e3 -inf 3.25e-1xyz", "%f %lf %lg%n", &f, &d, &e, &n);
  printf("f lf lg: %d, %.1f %.1f %.4f %d\n", r, f, d, e, n);
  r = sscanf("", "%d", &a);
  printf("empty input: %d\n", r);
  r = sscanf("abc", "%d", &a);
  printf("no digits: %d\n", r);
  r = sscanf("5 abc", "%d %d", &a, &b);
  printf("second field no digits: %d, %d\n", r, a);
  r = sscanf("7", "%d %d", &a, &b);
  printf("input ends after one: %d, %d\n", r, a);
  r = sscanf("100%", "%d%%", &a);
  printf("percent: %d, %d\n", r, a);
  r = sscanf("1,2", "%d,%*d", &a);
  printf("suppressed: %d, %d\n", r, a);
  r = sscanf("-129 70000 123456789012345 -5", "%hhd %hd %lld %ld", &hh, &h, &ll, &l);
  printf("hhd hd lld ld: %d, %d %d %lld %ld\n", r, hh, h, ll, l);
  r = sscanf("99999999999 -1", "%d %u", &a, &u);
  printf("too wide for int, -1 as unsigned: %d, %d %u\n", r, a, u);
  r = sscanf("wide text", "%ls", ws);
  printf("ls: %d, %ls (%d characters)\n", r, ws, (int)wcslen(ws));
  r = sscanf("12 34", "%I64d %I32d", &ll, &a);
  printf("I64d I32d: %d, %lld %d\n", r, ll, a);
  r = sscanf("x", "y%d", &a);
  printf("literal mismatch: %d\n", r);
  r = sscanf(" +42 12abc", "%d %d%c", &a, &b, c3);
  printf("sign, then a character after digits: %d, %d %d %c\n", r, a, b, c3[0]);
  r = sscanf_s("hello world!", "%s %5c", s1, (unsigned)sizeof s1, s2, 5u);
  s2[5] = 0;
  printf("sscanf_s s c: %d, %s %s\n", r, s1, s2);
  strcpy(s1, "unchanged");
  r = sscanf_s("toolongword 5", "%s %d", s1, 4u, &a);
  printf("sscanf_s buffer too small: %d, \"%s\"\n", r, s1);
  return 0;
}
