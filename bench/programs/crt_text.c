/* Comparing, copying and searching short names, as a program sorting and matching paths does:
 * strncmp, _stricmp (strcasecmp natively), memcmp, strcpy, strcat, strrchr, memchr, wcslen,
 * wcscmp and wcschr, on 64 names made at run time. Prints a checksum (the same for every build:
 * comparisons count by their sign, which is all C promises). Argument: scale. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#ifdef _WIN32
#define strcasecmp _stricmp
#else
#include <strings.h>
#endif

static int sgn(int v) { return (v > 0) - (v < 0); }

int main(int argc, char** argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  static char names[64][48];
  static wchar_t wide[64][48];
  uint32_t x = 12345;
  for (int i = 0; i < 64; ++i) {
    x = x * 1103515245u + 12345u;
    int n = snprintf(names[i], sizeof names[i], "c:\\work\\%s\\%s_%04u.%s", i & 1 ? "src" : "Include",
                     x & 0x100 ? "FILE" : "file", (x >> 16) % 10000, i % 3 ? "c" : "H");
    for (int j = 0; j <= n; ++j) wide[i][j] = (wchar_t)names[i][j];
  }
  uint64_t check = 0;
  char path[160];
  for (long it = 0; it < 400000L * scale; ++it) {
    x = x * 1103515245u + 12345u;
    const char* a = names[x & 63];
    const char* b = names[(x >> 6) & 63];
    check += (uint64_t)(sgn(strncmp(a, b, 12)) + 2);
    check += (uint64_t)(sgn(strcasecmp(a, b)) + 2);
    check += (uint64_t)(sgn(memcmp(a, b, 16)) + 2);
    strcpy(path, a);
    strcat(path, ";");
    strcat(path, b);
    const char* dot = strrchr(path, '.');
    if (dot) check += (uint64_t)(dot - path);
    const char* semi = memchr(path, ';', strlen(path));
    if (semi) check += (uint64_t)(semi - path);
    check += wcslen(wide[x & 63]);
    check += (uint64_t)(sgn(wcscmp(wide[x & 63], wide[(x >> 6) & 63])) + 2);
    const wchar_t* under = wcschr(wide[(x >> 12) & 63], L'_');
    if (under) check += (uint64_t)(under - wide[(x >> 12) & 63]);
  }
  printf("crt_text %llu\n", (unsigned long long)check);
  return 0;
}
