#include <stdio.h>

#include "isa_name.h"

int main(void) {
  printf("Hello from " ISA "!\n");
  return 0;
}
