/* Calls an API polyrun does not implement: the run must stop there with its name. */
#include <stdio.h>
#include <windows.h>

int main(void) {
  printf("before\n");
  fflush(stdout);
  HANDLE h = CreateMailslotA("\\\\.\\mailslot\\polyrun", 0, MAILSLOT_WAIT_FOREVER, NULL);
  printf("after %p\n", (void*)h);
  return 0;
}
