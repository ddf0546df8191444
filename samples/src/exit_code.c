#include <stdio.h>

int main(void) {
  fprintf(stderr, "bye\n");
  return 42;
}
