/* Arguments as the Microsoft C runtime splits the command line; exits with argv[1] if numeric. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; ++i) printf("argv[%d]=[%s]\n", i, argv[i]);
  const char* base = strrchr(argv[0], '\\');
  printf("argv[0] ends with %s\n", base ? base + 1 : argv[0]);
  if (argc > 1) {
    char* end;
    long v = strtol(argv[1], &end, 10);
    if (*end == 0) return (int)v;
  }
  return 0;
}
