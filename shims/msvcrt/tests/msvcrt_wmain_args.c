/* Wide entry point (-municode): arguments arrive as UTF-16 and are printed as UTF-8. */
#include <stdio.h>
#include <wchar.h>
#include <windows.h>

int wmain(int argc, wchar_t** argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; ++i) {
    char utf8[256];
    int n = WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, utf8, sizeof utf8, NULL, NULL);
    printf("argv[%d]: %u UTF-16 units, %d UTF-8 bytes: %s\n", i, (unsigned)wcslen(argv[i]), n - 1, utf8);
  }
  return 0;
}
