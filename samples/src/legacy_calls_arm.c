// The old calls arm Linux keeps (open, creat, stat, rename, unlink, dup2, pipe …), the large-file
// ones (stat64, _llseek, pread64 with its offset in a register pair) and the 32-bit ID calls, made
// with syscall() so that the C library's choice of newer calls does not hide them.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "sample_check.h"

int main(void) {
  char dir[] = "/tmp/polyrun-legacy-XXXXXX";
  check(mkdtemp(dir) != NULL, "mkdtemp");
  check(chdir(dir) == 0, "chdir");
  long fd = syscall(__NR_creat, "a.txt", 0640);
  printf("creat: %s\n", fd >= 0 ? "ok" : strerror(errno));
  printf("write: %ld\n", syscall(__NR_write, fd, "0123456789abcdef", 16));
  long fd2 = syscall(__NR_dup2, fd, 20);
  printf("dup2 onto 20: %ld, onto itself gives itself: %d\n", fd2, syscall(__NR_dup2, fd, fd) == fd);
  long long pos = -1;
  long r = syscall(__NR__llseek, fd, 0, 4, &pos, SEEK_SET);
  printf("_llseek: %ld pos %lld\n", r, pos);
  char buf[8] = {0};
  long rd = syscall(__NR_open, "a.txt", O_RDONLY);
  // pread64(fd, buf, count, pad, offset low, offset high): EABI aligns the pair to r4/r5.
  r = syscall(__NR_pread64, rd, buf, 4, 0, 10, 0);
  printf("pread64 at 10: %ld \"%s\"\n", r, buf);
  syscall(__NR_close, rd);
  syscall(__NR_close, fd);
  syscall(__NR_close, fd2);
  struct stat64 st;
  r = syscall(__NR_stat64, "a.txt", &st);
  printf("stat64: %ld size %lld mode %o\n", r, (long long)st.st_size, (unsigned)(st.st_mode & 0777));
  printf("mkdir: %ld, symlink: %ld, link: %ld\n", syscall(__NR_mkdir, "d", 0755),
         syscall(__NR_symlink, "a.txt", "s"), syscall(__NR_link, "a.txt", "h"));
  char target[32] = {0};
  r = syscall(__NR_readlink, "s", target, sizeof target - 1);
  printf("readlink: %ld %s\n", r, target);
  r = syscall(__NR_lstat64, "s", &st);
  printf("lstat64 of the link: %ld symlink=%d\n", r, S_ISLNK(st.st_mode));
  printf("chmod: %ld, access W_OK after 0400: %ld\n", syscall(__NR_chmod, "h", 0400),
         syscall(__NR_access, "h", W_OK) == 0 || geteuid() == 0 ? 0L : -1L);
  printf("rename: %ld, open the old name: %ld\n", syscall(__NR_rename, "h", "g"), syscall(__NR_open, "h", O_RDONLY) < 0 ? -1L : 0L);
  struct timeval tv[2] = {{1000000000, 0}, {1000000000, 0}};
  r = syscall(__NR_utimes, "g", tv);
  syscall(__NR_stat64, "g", &st);
  printf("utimes: %ld mtime %lld\n", r, (long long)st.st_mtime);
  int fds[2];
  printf("pipe: %ld\n", syscall(__NR_pipe, fds));
  printf("pipe carries: %ld\n", syscall(__NR_write, fds[1], "x", 1) == 1 && read(fds[0], buf, 1) == 1 && buf[0] == 'x' ? 1L : 0L);
  printf("getpgrp is getpgid(0): %d\n", syscall(__NR_getpgrp) == getpgid(0));
  printf("getuid32 is getuid: %d\n", syscall(__NR_getuid32) == (long)getuid());
  printf("unlink: %ld %ld %ld %ld, rmdir: %ld\n", syscall(__NR_unlink, "a.txt"), syscall(__NR_unlink, "s"),
         syscall(__NR_unlink, "g"), syscall(__NR_unlink, "missing") < 0 ? (long)-errno : 0L, syscall(__NR_rmdir, "d"));
  check(chdir("/") == 0 && rmdir(dir) == 0, "cleanup");
  puts("done");
  return 0;
}
