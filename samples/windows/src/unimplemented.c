/* Calls an API polyrun does not implement: the run must stop there with its name. */
#include <stdio.h>
#include <windows.h>

int main(void) {
  printf("before\n");
  fflush(stdout);
  HANDLE h = CreateNamedPipeA("\\\\.\\pipe\\polyrun", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, NULL);
  printf("after %p\n", (void*)h);
  return 0;
}
