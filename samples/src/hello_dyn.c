// hello, linked dynamically: the guest's ld-linux-aarch64.so.1 and libc.so.6 come from the guest root.
#include <stdio.h>

int main(void) {
  printf("Hello from aarch64!\n");
  return 0;
}
