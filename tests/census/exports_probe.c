/* Says which exports a Windows loader serves: for each line "DLL NAME" of the file named on the
   command line, prints "DLL NAME" when GetProcAddress(LoadLibraryA(DLL), NAME) finds nothing, and
   "DLL *" once for a DLL LoadLibraryA cannot load. (tests/census/coverage.py) */
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: exports_probe LIST\n"); return 2; }
  FILE *f = fopen(argv[1], "r");
  if (!f) { fprintf(stderr, "exports_probe: cannot open %s\n", argv[1]); return 2; }
  char line[4096], loaded[260] = "";
  HMODULE h = NULL;
  while (fgets(line, sizeof line, f)) {
    char dll[260], name[3800];
    if (sscanf(line, "%259s %3799s", dll, name) != 2) continue;
    if (strcmp(dll, loaded) != 0) {
      strcpy(loaded, dll);
      h = LoadLibraryA(dll);
      if (!h) printf("%s *\n", dll);
    }
    if (h && !GetProcAddress(h, name)) printf("%s %s\n", dll, name);
  }
  fclose(f);
  return 0;
}
