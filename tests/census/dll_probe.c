/* Says which DLLs a Windows loader serves: for each name on the command line, "NAME 1" when
   LoadLibraryA gives a module, "NAME 0 ERROR" when it fails. (tests/census/census.py) */
#include <stdio.h>
#include <windows.h>

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    HMODULE h = LoadLibraryA(argv[i]);
    if (h) printf("%s 1\n", argv[i]);
    else printf("%s 0 %lu\n", argv[i], (unsigned long)GetLastError());
  }
  return 0;
}
