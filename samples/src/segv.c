/* Dies of SIGSEGV: a load from address 0. */
#include <stdio.h>

int main(void) {
  volatile int* p = (volatile int*)0;
  printf("about to fault\n");
  fflush(stdout);
  return *p;
}
