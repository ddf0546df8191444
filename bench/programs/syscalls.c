/* Syscall round trips: getppid (raw, so libc cannot cache it), a one-byte write to /dev/null and
 * clock_gettime per iteration.  Usage: syscalls [scale] */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  int fd = open("/dev/null", O_WRONLY);
  if (fd < 0) return 1;
  uint64_t check = 0;
  struct timespec ts;
  for (long i = 0; i < 100000L * scale; ++i) {
    check += (uint64_t)syscall(SYS_getppid) != 0;
    check += (uint64_t)write(fd, "x", 1);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    check += ts.tv_nsec >= 0;
  }
  close(fd);
  printf("syscalls %llu\n", (unsigned long long)check);
  return 0;
}
