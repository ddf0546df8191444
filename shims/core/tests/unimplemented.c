/* Calls an API polyrun does not implement: the run must stop there with its name. */
#include <stdio.h>
#include <windows.h>

int main(void) {
  printf("before\n");
  fflush(stdout);
  UINT n = EnumSystemFirmwareTables(0x52534d42 /* 'RSMB' */, NULL, 0);
  printf("after %u\n", n);
  return 0;
}
