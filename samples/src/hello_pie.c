/* hello as a static position-independent executable (ET_DYN without PT_INTERP). */
#include <stdio.h>

int main(void) {
  printf("Hello from aarch64!\n");
  return 0;
}
