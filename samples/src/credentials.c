// Credentials as apt and dpkg use them to drop privileges: the supplementary groups (getgroups,
// setgroups), the capability sets (capget, in the kernel's 32-bit words), the capability bounding
// set (prctl PR_CAPBSET_READ); and sync_file_range, which dpkg calls on every file it unpacks.
// What a call may do depends on the user that runs the sample: the lines say whether the result
// agrees with the capabilities the kernel reports, the same for every user.
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sample_check.h"

int main(void) {
  gid_t groups[256];
  int n = getgroups(256, groups);
  check(n >= 0, "getgroups");
  printf("getgroups: %s\n", err(n));

  struct __user_cap_header_struct head = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0xa5, sizeof data);
  long r = syscall(SYS_capget, &head, data);
  printf("capget: %s, version %#x\n", err(r), head.version);
  printf("effective within permitted: %s\n",
         (data[0].effective & ~data[0].permitted) == 0 && (data[1].effective & ~data[1].permitted) == 0 ? "yes" : "no");
  const int can_setgid = (data[0].effective >> CAP_SETGID) & 1;
  // A version the kernel does not know: EINVAL, and the header says the one it prefers.
  struct __user_cap_header_struct odd = {0x12345678, 0};
  r = syscall(SYS_capget, &odd, NULL);
  printf("capget of an unknown version: %s, version %#x\n", err(r), odd.version);

  // The groups it already has, set again: needs CAP_SETGID.
  r = setgroups((size_t)n, groups);
  printf("setgroups agrees with CAP_SETGID: %s\n", (r == 0) == can_setgid && (r == 0 || errno == EPERM) ? "yes" : "no");
  gid_t after[256];
  printf("groups unchanged: %s\n",
         getgroups(256, after) == n && memcmp(groups, after, (size_t)n * sizeof(gid_t)) == 0 ? "yes" : "no");
  r = setgroups(1, (gid_t*)BAD);
  printf("setgroups from a bad pointer: EFAULT with CAP_SETGID, else EPERM: %s\n",
         r < 0 && errno == (can_setgid ? EFAULT : EPERM) ? "yes" : "no");

  r = prctl(PR_CAPBSET_READ, CAP_SETGID, 0, 0, 0);
  printf("PR_CAPBSET_READ CAP_SETGID: %ld\n", r);
  r = prctl(PR_CAPBSET_READ, 1000, 0, 0, 0);
  printf("PR_CAPBSET_READ of no capability: %s\n", err(r));

  char path[] = "/tmp/polyrun-credentials-XXXXXX";
  int fd = mkstemp(path);
  check(fd >= 0, "mkstemp");
  unlink(path);
  check(write(fd, "data", 4) == 4, "write");
  r = sync_file_range(fd, 0, 4, SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
  printf("sync_file_range: %s\n", err(r));
  r = sync_file_range(fd, -1, 4, SYNC_FILE_RANGE_WRITE);
  printf("sync_file_range at a negative offset: %s\n", err(r));
  r = sync_file_range(fd, 0, 4, 0x80);
  printf("sync_file_range with an unknown flag: %s\n", err(r));
  close(fd);
  return 0;
}
