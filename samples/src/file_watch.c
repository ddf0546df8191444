/* File system events and pipe plumbing: inotify (a directory watched for a file's creation,
 * modification, close, rename and removal, a file's own watch, events read whole in the program's
 * byte order, IN_NONBLOCK's EAGAIN, inotify_rm_watch's IN_IGNORED, bad descriptors and paths),
 * splice (file to pipe at an offset the call advances, pipe to file) and tee (one pipe's bytes
 * into another without consuming them), the priority range of each scheduling policy, mlock2,
 * and pidfd_open on the process itself. Every step prints a line; any unexpected result exits 1.
 * Expected output: the native x86-64 build's, and qemu's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sample_check.h"

static const char* event_names(uint32_t mask, char* out) {
  static const struct {
    uint32_t bit;
    const char* name;
  } names[] = {{IN_ACCESS, "ACCESS"},     {IN_MODIFY, "MODIFY"},         {IN_ATTRIB, "ATTRIB"},
               {IN_CLOSE_WRITE, "CLOSE_WRITE"}, {IN_CLOSE_NOWRITE, "CLOSE_NOWRITE"}, {IN_OPEN, "OPEN"},
               {IN_MOVED_FROM, "MOVED_FROM"}, {IN_MOVED_TO, "MOVED_TO"},   {IN_CREATE, "CREATE"},
               {IN_DELETE, "DELETE"},     {IN_DELETE_SELF, "DELETE_SELF"}, {IN_IGNORED, "IGNORED"},
               {IN_ISDIR, "ISDIR"}};
  out[0] = 0;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (mask & names[i].bit) {
      if (out[0]) strcat(out, "|");
      strcat(out, names[i].name);
    }
  return out;
}

/* Reads what is there and prints each event: which watch (by its order of creation), what, the
 * name, and whether a rename's two halves share their cookie. */
static void drain(int fd, int dir_wd, int file_wd) {
  char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
  uint32_t cookie = 0;
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      printf("  read: %s\n", errno == EAGAIN ? "EAGAIN (nothing more)" : strerror(errno));
      return;
    }
    for (char* at = buf; at < buf + n;) {
      struct inotify_event* e = (struct inotify_event*)at;
      char names[160];
      const char* which = e->wd == dir_wd ? "dir" : e->wd == file_wd ? "file" : "?";
      printf("  %s %s%s%s", which, event_names(e->mask, names), e->len ? " " : "", e->len ? e->name : "");
      if (e->mask & IN_MOVED_FROM) cookie = e->cookie;
      if (e->mask & IN_MOVED_TO) printf(" (cookie %s)", e->cookie && e->cookie == cookie ? "matches" : "differs");
      printf("\n");
      at += sizeof *e + e->len;
    }
  }
}

static void test_inotify(void) {
  char dir[] = "/tmp/polyrun-file-watch-XXXXXX";
  check(mkdtemp(dir) != NULL, "mkdtemp");
  char path[256], moved[256];
  snprintf(path, sizeof path, "%s/a.txt", dir);
  snprintf(moved, sizeof moved, "%s/b.txt", dir);

  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  check(fd >= 0, "inotify_init1");
  printf("inotify_init1: close-on-exec %d, non-blocking %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0,
         (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
  int dir_wd = inotify_add_watch(fd, dir, IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE);
  check(dir_wd > 0, "inotify_add_watch dir");
  printf("watching the directory: %d\n", dir_wd > 0);
  drain(fd, dir_wd, -1);

  int f = open(path, O_CREAT | O_WRONLY, 0644);
  check(f >= 0, "open");
  check(write(f, "hello", 5) == 5, "write");
  close(f);
  printf("created and wrote a.txt:\n");
  drain(fd, dir_wd, -1);

  int file_wd = inotify_add_watch(fd, path, IN_ATTRIB | IN_DELETE_SELF | IN_ONLYDIR);
  printf("a file's watch with IN_ONLYDIR: %s\n", file_wd < 0 && errno == ENOTDIR ? "ENOTDIR" : "?");
  file_wd = inotify_add_watch(fd, path, IN_ATTRIB | IN_DELETE_SELF);
  check(file_wd > 0 && file_wd != dir_wd, "inotify_add_watch file");
  printf("the same path again: same watch %d\n", inotify_add_watch(fd, path, IN_ATTRIB | IN_DELETE_SELF) == file_wd);
  check(chmod(path, 0600) == 0, "chmod");
  check(rename(path, moved) == 0, "rename");
  printf("chmod and rename to b.txt:\n");
  drain(fd, dir_wd, file_wd);
  check(unlink(moved) == 0, "unlink");
  printf("removed b.txt:\n");
  drain(fd, dir_wd, file_wd);

  printf("rm_watch of the directory: %d\n", inotify_rm_watch(fd, dir_wd));
  drain(fd, dir_wd, file_wd);
  printf("rm_watch again: %s\n", inotify_rm_watch(fd, dir_wd) < 0 && errno == EINVAL ? "EINVAL" : "?");
  printf("watch of a missing path: %s\n",
         inotify_add_watch(fd, "/nonexistent/polyrun", IN_CREATE) < 0 && errno == ENOENT ? "ENOENT" : "?");
  printf("watch on a closed descriptor: %s\n", inotify_add_watch(1000, dir, IN_CREATE) < 0 && errno == EBADF ? "EBADF" : "?");
  printf("watch with a bad path pointer: %s\n",
         syscall(SYS_inotify_add_watch, fd, BAD, IN_CREATE) < 0 && errno == EFAULT ? "EFAULT" : "?");
  printf("inotify_init1 with a bad flag: %s\n", inotify_init1(1 << 3) < 0 && errno == EINVAL ? "EINVAL" : "?");
  close(fd);
  check(rmdir(dir) == 0, "rmdir");
}

static void test_splice_tee(void) {
  char name[] = "/tmp/polyrun-splice-XXXXXX";
  int f = mkstemp(name);
  check(f >= 0, "mkstemp");
  check(write(f, "0123456789abcdef", 16) == 16, "write");
  int p[2], q[2];
  check(pipe(p) == 0 && pipe(q) == 0, "pipe");
  loff_t off = 4;
  ssize_t n = splice(f, &off, p[1], NULL, 6, 0);
  printf("splice file at 4 into a pipe: %zd, offset now %lld, file position %lld\n", n, (long long)off,
         (long long)lseek(f, 0, SEEK_CUR));
  n = tee(p[0], q[1], 100, SPLICE_F_NONBLOCK);
  char a[16] = {0}, b[16] = {0};
  printf("tee into a second pipe: %zd\n", n);
  check(read(q[0], b, sizeof b) == 6, "read q");
  check(read(p[0], a, sizeof a) == 6, "read p");
  printf("both pipes: \"%s\" \"%s\"\n", a, b);
  check(write(p[1], "XYZ", 3) == 3, "write p");
  off = 0;
  n = splice(p[0], NULL, f, &off, 3, 0);
  char back[17] = {0};
  check(pread(f, back, 16, 0) == 16, "pread");
  printf("splice a pipe into the file at 0: %zd, offset %lld, file \"%s\"\n", n, (long long)off, back);
  printf("splice between two files: %s\n", splice(f, NULL, f, NULL, 1, 0) < 0 && errno == EINVAL ? "EINVAL" : "?");
  printf("tee from an empty pipe, non-blocking: %s\n",
         tee(p[0], q[1], 10, SPLICE_F_NONBLOCK) < 0 && errno == EAGAIN ? "EAGAIN" : "?");
  printf("splice with a bad offset pointer: %s\n",
         syscall(SYS_splice, f, BAD, p[1], NULL, 1, 0) < 0 && errno == EFAULT ? "EFAULT" : "?");
  close(f);
  unlink(name);
}

static void test_sched_pidfd(void) {
  printf("priorities: FIFO %d..%d, RR %d..%d, OTHER %d..%d, BATCH %d..%d, IDLE %d..%d\n",
         sched_get_priority_min(SCHED_FIFO), sched_get_priority_max(SCHED_FIFO), sched_get_priority_min(SCHED_RR),
         sched_get_priority_max(SCHED_RR), sched_get_priority_min(SCHED_OTHER), sched_get_priority_max(SCHED_OTHER),
         sched_get_priority_min(SCHED_BATCH), sched_get_priority_max(SCHED_BATCH), sched_get_priority_min(SCHED_IDLE),
         sched_get_priority_max(SCHED_IDLE));
  printf("priority of policy 99: %s\n", sched_get_priority_max(99) < 0 && errno == EINVAL ? "EINVAL" : "?");
  static char page[4096] __attribute__((aligned(4096)));
  printf("mlock2 of a page on fault: %ld, munlock: %d\n", syscall(SYS_mlock2, page, sizeof page, MLOCK_ONFAULT),
         munlock(page, sizeof page));
  printf("mlock2 with a bad flag: %s\n", syscall(SYS_mlock2, page, sizeof page, 2) < 0 && errno == EINVAL ? "EINVAL" : "?");
  int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
  printf("pidfd_open of itself: %s, close-on-exec %d\n", pidfd >= 0 ? "a descriptor" : strerror(errno),
         pidfd >= 0 && (fcntl(pidfd, F_GETFD) & FD_CLOEXEC) != 0);
  struct pollfd pfd = {pidfd, POLLIN, 0};
  printf("poll: the process is running: %d\n", poll(&pfd, 1, 0) == 0);
  close(pidfd);
  printf("pidfd_open with a bad flag: %s\n", syscall(SYS_pidfd_open, getpid(), 1) < 0 && errno == EINVAL ? "EINVAL" : "?");
  printf("pidfd_open of no process: %s\n", syscall(SYS_pidfd_open, 0x3ffffff, 0) < 0 && errno == ESRCH ? "ESRCH" : "?");
}

int main(void) {
  test_inotify();
  test_splice_tee();
  test_sched_pidfd();
  return 0;
}
