/* Files and directories in a fresh temporary directory: create, write, seek, read, stat, rename,
 * list, unlink, rmdir, fadvise, reflink. Every step prints a line; any failure exits 1. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sample_check.h"

static int cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(void) {
  const char* tmp = getenv("TMPDIR");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/polyrun-sample-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  check(mkdtemp(dir) != NULL, "mkdtemp");
  check(chdir(dir) == 0, "chdir");
  printf("mkdtemp ok\n");

  const char text[] = "abcdefghijklmnopqrstuvwxyz";
  int fd = open("data.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
  check(fd >= 0, "open");
  check(write(fd, text, 26) == 26, "write");
  printf("write 26 ok\n");
  check(lseek(fd, 10, SEEK_SET) == 10, "lseek");
  char buf[32] = {0};
  check(read(fd, buf, 5) == 5, "read");
  printf("read after seek: %s\n", buf);
  check(pwrite(fd, "XYZ", 3, 0) == 3, "pwrite");
  check(pread(fd, buf, 6, 0) == 6, "pread");
  buf[6] = 0;
  printf("pread: %s\n", buf);
  sync();
  printf("fsync: %d, fdatasync: %d, fsync of a bad descriptor: %s\n", fsync(fd), fdatasync(fd),
         fsync(-1) == -1 ? strerror(errno) : "succeeded");
  /* posix_fadvise returns the error number itself (sort, sha256sum and other coreutils call it). */
  int pipefd[2];
  check(pipe(pipefd) == 0, "pipe");
  printf("fadvise: %d %d %s %s\n", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL),
         posix_fadvise(fd, 4, 8, POSIX_FADV_DONTNEED), strerror(posix_fadvise(fd, 0, 0, 99)),
         strerror(posix_fadvise(pipefd[0], 0, 0, POSIX_FADV_NORMAL)));
  close(pipefd[0]);
  close(pipefd[1]);
  /* A reflink (cp tries one first): bad descriptors on either side are EBADF; between two files
   * it works or the file system declines, as the host's does. */
  int copy = open("copy.txt", O_CREAT | O_RDWR | O_TRUNC, 0600);
  check(copy >= 0, "open copy");
  int bad_dst = ioctl(999, FICLONE, fd) == -1 ? errno : 0;
  int bad_src = ioctl(copy, FICLONE, 999) == -1 ? errno : 0;
  int cloned = ioctl(copy, FICLONE, fd) == 0 ? 0 : errno;
  printf("FICLONE: %s, %s, %s\n", strerror(bad_dst), strerror(bad_src),
         cloned == 0 || cloned == EOPNOTSUPP || cloned == EXDEV || cloned == EINVAL ? "done or declined"
                                                                                   : strerror(cloned));
  close(copy);
  check(unlink("copy.txt") == 0, "unlink copy");
  struct stat st;
  check(fstat(fd, &st) == 0, "fstat");
  printf("fstat size=%lld regular=%d mode=%o\n", (long long)st.st_size, S_ISREG(st.st_mode), st.st_mode & 0777);
  check(ftruncate(fd, 13) == 0, "ftruncate");
  check(close(fd) == 0, "close");
  check(stat("data.txt", &st) == 0, "stat");
  printf("stat size after truncate=%lld\n", (long long)st.st_size);

  check(rename("data.txt", "renamed.txt") == 0, "rename");
  check(access("data.txt", F_OK) != 0 && errno == ENOENT, "old name gone");
  printf("rename ok\n");
  check(mkdir("sub", 0755) == 0, "mkdir");
  check(symlink("renamed.txt", "link") == 0, "symlink");
  char target[64];
  ssize_t n = readlink("link", target, sizeof target - 1);
  check(n > 0, "readlink");
  target[n] = 0;
  printf("readlink: %s\n", target);
  fd = open("sub/inner", O_CREAT | O_WRONLY, 0600);
  check(fd >= 0, "open inner");
  close(fd);

  DIR* d = opendir(".");
  check(d != NULL, "opendir");
  char* names[16];
  int count = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL && count < 16) names[count++] = strdup(e->d_name);
  closedir(d);
  qsort(names, count, sizeof names[0], cmp);
  printf("listing:");
  for (int i = 0; i < count; ++i) printf(" %s", names[i]);
  printf("\n");

  /* A position telldir gave back is where readdir goes on from after seekdir. */
  d = opendir(".");
  check(d != NULL, "opendir again");
  check(readdir(d) != NULL, "readdir first");
  long pos = telldir(d);
  e = readdir(d);
  check(e != NULL, "readdir second");
  char second[256];
  snprintf(second, sizeof second, "%s", e->d_name);
  while (readdir(d) != NULL) {
  }
  seekdir(d, pos);
  e = readdir(d);
  printf("seekdir to telldir's position: %s\n", e && strcmp(e->d_name, second) == 0 ? "same entry" : "another entry");
  closedir(d);

  struct stat ls;
  check(lstat("link", &ls) == 0 && S_ISLNK(ls.st_mode), "lstat");
  check(stat("sub", &st) == 0 && S_ISDIR(st.st_mode), "stat dir");
  printf("types ok\n");
  check(unlink("link") == 0, "unlink link");
  check(unlink("sub/inner") == 0, "unlink inner");
  check(rmdir("sub") == 0, "rmdir sub");
  check(unlink("renamed.txt") == 0, "unlink");
  check(chdir("/") == 0, "chdir /");
  check(rmdir(dir) == 0, "rmdir");
  printf("cleanup ok\n");
  return 0;
}
