// hello, linked dynamically: the guest's ld-linux-<isa>.so.1 and libc.so.6 come from the guest root.
#include <stdio.h>

#include "isa_name.h"

int main(void) {
  printf("Hello from " ISA "!\n");
  return 0;
}
