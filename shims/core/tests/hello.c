#include <stdio.h>

int main(void) {
  printf("Hello from Windows!\n");
  return 0;
}
