/* hello as a static position-independent executable (ET_DYN without PT_INTERP). */
#include <stdio.h>

#include "isa_name.h"

int main(void) {
  printf("Hello from " ISA "!\n");
  return 0;
}
