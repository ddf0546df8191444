#include <stdio.h>

int main(void) {
  printf("Hello from aarch64!\n");
  return 0;
}
