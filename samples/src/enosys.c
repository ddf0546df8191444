/* A syscall polyrun does not implement (io_setup) answers ENOSYS, twice; polyrun logs it once. */
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  for (int i = 0; i < 2; ++i) {
    long r = syscall(SYS_io_setup, 1, (void*)0);
    printf("io_setup -> %ld errno=%s\n", r, errno == ENOSYS ? "ENOSYS" : "other");
  }
  return 0;
}
