// File system statistics as coreutils' `stat -f` and usrmerge's conversion script ask for them:
// statfs and fstatfs of the same file system agree, and the errors of a missing path and a bad
// pointer. On 32-bit ISAs glibc calls statfs64 and fstatfs64 with the size of its own struct
// (88 bytes on arm, whose kernel takes it for its packed 84-byte struct).
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <fcntl.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "sample_check.h"

int main(void) {
  struct statfs a, b;
  long r = statfs("/", &a);
  printf("statfs /: %s\n", err(r));
  int fd = open("/", O_RDONLY | O_DIRECTORY);
  check(fd >= 0, "open /");
  r = fstatfs(fd, &b);
  printf("fstatfs /: %s\n", err(r));
  close(fd);
  printf("they agree: %s\n",
         a.f_type == b.f_type && a.f_bsize == b.f_bsize && a.f_namelen == b.f_namelen && a.f_blocks == b.f_blocks
             ? "yes"
             : "no");
  printf("sizes given: %s\n", a.f_bsize > 0 && a.f_namelen > 0 ? "yes" : "no");
  printf("statfs of a missing path: %s\n", err(statfs("/no/such/path", &a)));
  printf("statfs into a bad pointer: %s\n", err(statfs("/", BAD)));
  printf("fstatfs of a closed descriptor: %s\n", err(fstatfs(fd, &b)));
  return 0;
}
