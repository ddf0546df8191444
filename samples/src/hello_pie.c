/* hello as a static position-independent executable (ET_DYN without PT_INTERP). */
#include <stdio.h>

#if defined(__aarch64__)
#define ISA "aarch64"
#elif defined(__riscv)
#define ISA "riscv64"
#elif defined(__x86_64__)
#define ISA "x86_64"
#endif

int main(void) {
  printf("Hello from " ISA "!\n");
  return 0;
}
