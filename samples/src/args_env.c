/* Prints its arguments (argv[0] without its directory) and one environment variable; exits with argv[1] when it is a number. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  printf("argc=%d\n", argc);
  const char* base = strrchr(argv[0], '/');
  printf("argv[0]=%s\n", base ? base + 1 : argv[0]);
  for (int i = 1; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  const char* v = getenv("POLYRUN_SAMPLE");
  printf("POLYRUN_SAMPLE=%s\n", v ? v : "(unset)");
  if (argc > 1) {
    char* end;
    long code = strtol(argv[1], &end, 10);
    if (*end == '\0') return (int)code;
  }
  return 0;
}
