/* Extended attributes (ls -l and cp -a ask for them): set, get, list and remove user.*
 * attributes by path, without following a symlink and by descriptor, with the errors of missing
 * attributes, short buffers, create/replace conflicts and bad descriptors. Works in a fresh
 * directory under $TMPDIR (or /tmp), whose file system must keep user.* attributes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "sample_check.h"

/* The result of a call as a number or an errno name. */
static const char* result(long r) {
  static char buf[8][32];
  static int next;
  char* out = buf[next++ % 8];
  if (r >= 0) {
    snprintf(out, 32, "%ld", r);
    return out;
  }
  switch (errno) {
    case ENODATA: return "ENODATA";
    case ERANGE: return "ERANGE";
    case EEXIST: return "EEXIST";
    case EBADF: return "EBADF";
    case ENOENT: return "ENOENT";
    case EPERM: return "EPERM";
    case EFAULT: return "EFAULT";
    default: snprintf(out, 32, "errno %d", errno); return out;
  }
}

/* The user.* names of a listxattr result, sorted (the file system's order is its own, and
 * security.* names depend on the host's security modules). */
static void print_list(const char* what, char* list, long n) {
  char* names[16];
  int count = 0;
  for (long i = 0; i < n && count < 16; i += (long)strlen(list + i) + 1)
    if (strncmp(list + i, "user.", 5) == 0) names[count++] = list + i;
  for (int i = 0; i < count; ++i)
    for (int j = i + 1; j < count; ++j)
      if (strcmp(names[j], names[i]) < 0) {
        char* t = names[i];
        names[i] = names[j];
        names[j] = t;
      }
  printf("%s:", what);
  for (int i = 0; i < count; ++i) printf(" %s", names[i]);
  printf("\n");
}

int main(void) {
  const char* tmp = getenv("TMPDIR");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/polyrun-xattr-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  check(mkdtemp(dir) != NULL, "mkdtemp");
  check(chdir(dir) == 0, "chdir");
  int fd = open("file", O_CREAT | O_RDWR, 0644);
  check(fd >= 0, "open");
  check(symlink("file", "link") == 0, "symlink");

  check(setxattr("file", "user.colour", "green", 5, 0) == 0, "setxattr");
  printf("setxattr existing with XATTR_CREATE: %s\n", result(setxattr("file", "user.colour", "red", 3, XATTR_CREATE)));
  printf("setxattr missing with XATTR_REPLACE: %s\n", result(setxattr("file", "user.size", "9", 1, XATTR_REPLACE)));
  printf("fsetxattr: %s\n", result(fsetxattr(fd, "user.size", "12345", 5, XATTR_CREATE)));
  printf("setxattr through the link: %s\n", result(setxattr("link", "user.empty", "", 0, 0)));
  printf("lsetxattr on the link itself: %s\n", result(lsetxattr("link", "user.colour", "x", 1, 0)));

  char value[64];
  long n = getxattr("file", "user.colour", value, sizeof value);
  printf("getxattr: %s \"%.*s\"\n", result(n), n > 0 ? (int)n : 0, value);
  printf("getxattr length only: %s\n", result(getxattr("file", "user.size", NULL, 0)));
  printf("getxattr short buffer: %s\n", result(getxattr("file", "user.size", value, 2)));
  printf("getxattr missing: %s\n", result(getxattr("file", "user.nosuch", value, sizeof value)));
  printf("getxattr empty value: %s\n", result(getxattr("link", "user.empty", value, sizeof value)));
  n = fgetxattr(fd, "user.size", value, sizeof value);
  printf("fgetxattr: %s \"%.*s\"\n", result(n), n > 0 ? (int)n : 0, value);
  printf("lgetxattr on the link: %s\n", result(lgetxattr("link", "user.colour", value, sizeof value)));
  printf("getxattr missing file: %s\n", result(getxattr("nosuch", "user.colour", value, sizeof value)));
  printf("fgetxattr bad fd: %s\n", result(fgetxattr(999, "user.colour", value, sizeof value)));
  printf("getxattr unwritable buffer: %s\n", result(getxattr("file", "user.colour", (void*)main, 16)));

  char list[256];
  long length = listxattr("file", NULL, 0);
  n = listxattr("file", list, sizeof list);
  check(n >= 0, "listxattr");
  printf("listxattr length only: %s\n", length == n ? "the list's" : result(length));
  print_list("listxattr", list, n);
  n = flistxattr(fd, list, sizeof list);
  check(n >= 0, "flistxattr");
  print_list("flistxattr", list, n);
  n = llistxattr("link", list, sizeof list);
  check(n >= 0, "llistxattr");
  print_list("llistxattr on the link", list, n);
  printf("listxattr short buffer: %s\n", result(listxattr("file", list, 3)));

  printf("removexattr: %s\n", result(removexattr("file", "user.colour")));
  printf("removexattr again: %s\n", result(removexattr("file", "user.colour")));
  printf("fremovexattr: %s\n", result(fremovexattr(fd, "user.size")));
  printf("lremovexattr on the link: %s\n", result(lremovexattr("link", "user.empty")));
  printf("removexattr through the link: %s\n", result(removexattr("link", "user.empty")));
  n = listxattr("file", list, sizeof list);
  check(n >= 0, "listxattr at the end");
  print_list("listxattr at the end", list, n);

  close(fd);
  check(unlink("link") == 0 && unlink("file") == 0 && chdir("/") == 0 && rmdir(dir) == 0, "cleanup");
  printf("cleanup ok\n");
  return 0;
}
