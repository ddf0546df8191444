/* The environment through the C runtime and through KERNEL32. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int main(void) {
  const char* v = getenv("POLYRUN_SAMPLE");
  printf("getenv: %s\n", v ? v : "(unset)");
  char buf[64];
  DWORD n = GetEnvironmentVariableA("POLYRUN_SAMPLE", buf, sizeof buf);
  printf("GetEnvironmentVariableA: %lu %s\n", n, n ? buf : "(unset)");
  n = GetEnvironmentVariableA("POLYRUN_SAMPLE", buf, 2);
  printf("too small a buffer asks for %lu\n", n);
  SetEnvironmentVariableA("POLYRUN_NEW", "fresh");
  n = GetEnvironmentVariableA("polyrun_new", buf, sizeof buf);
  printf("after SetEnvironmentVariableA (any case): %lu %s\n", n, n ? buf : "(unset)");
  n = GetEnvironmentVariableA("POLYRUN_NOT_THERE", buf, sizeof buf);
  DWORD err = GetLastError();
  printf("missing: %lu error %lu\n", n, err);
  return 0;
}
