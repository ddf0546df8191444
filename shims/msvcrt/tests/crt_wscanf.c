/* Wide formatted input from a stream (fwscanf, fwscanf_s; the Universal CRT's
 * __stdio_common_vfwscanf) and msvcrt.dll's _l forms of fscanf: a file of its own written and
 * read back; the counts, the values and what the next read finds. */
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

int main(void) {
  FILE* f = fopen("crt_wscanf.tmp", "w");
  int a = 0, b = 0, n;
  unsigned x = 0;
  double d = 0;
  wchar_t word[16] = L"", rest[32] = L"";
  char narrow[16] = "";
  fputs("12 -7 word 3.5 ff\nsecond line here\n42 tail\n", f);
  fclose(f);

  f = fopen("crt_wscanf.tmp", "r");
  n = fwscanf(f, L"%d %d %ls %lf %x", &a, &b, word, &d, &x);
  printf("fwscanf %d: %d %d [%ls] %.2f %x\n", n, a, b, word, d, x);
  n = fwscanf_s(f, L" %15ls", word, 16);
  printf("fwscanf_s %d: [%ls]\n", n, word);
  n = fwscanf(f, L"%10ls", rest);
  printf("fwscanf width %d: [%ls]\n", n, rest);
  n = fwscanf(f, L"%ls", rest);
  printf("fwscanf %d: [%ls]\n", n, rest);
  n = fwscanf(f, L"%d %hs", &a, narrow);
  printf("fwscanf %%hs %d: %d [%s]\n", n, a, narrow);
  fclose(f);

#ifndef _UCRT
  {
    /* msvcrt.dll's own _l forms (not every import library has them). */
    typedef int(__cdecl * scan_l)(FILE*, const char*, _locale_t, ...);
    HMODULE crt = GetModuleHandleA("msvcrt.dll");
    scan_l fscanf_l = (scan_l)GetProcAddress(crt, "_fscanf_l");
    scan_l fscanf_s_l = (scan_l)GetProcAddress(crt, "_fscanf_s_l");
    f = fopen("crt_wscanf.tmp", "r");
    n = fscanf_l(f, "%d %d %15s", NULL, &a, &b, narrow);
    printf("_fscanf_l %d: %d %d [%s]\n", n, a, b, narrow);
    n = fscanf_s_l(f, "%lf %15s", NULL, &d, narrow, 16);
    printf("_fscanf_s_l %d: %.2f [%s]\n", n, d, narrow);
    fclose(f);
  }
#endif
  remove("crt_wscanf.tmp");
  return 0;
}
