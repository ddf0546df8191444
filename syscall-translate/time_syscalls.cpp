// Clocks and sleeping. struct timespec, timeval and tms are the same on every 64-bit ISA.
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

int64_t sys_clock_gettime(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[1], sizeof(struct timespec), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_clock_gettime, static_cast<clockid_t>(a[0]), gptr(a[1])));
}

int64_t sys_clock_getres(LinuxProcess& p, const uint64_t* a) {
  if (a[1] && !p.memory.accessible(a[1], sizeof(struct timespec), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_clock_getres, static_cast<clockid_t>(a[0]), gptr(a[1])));
}

int64_t sys_clock_settime(LinuxProcess&, const uint64_t*) { return -EPERM; }

int64_t sys_gettimeofday(LinuxProcess& p, const uint64_t* a) {
  if (a[0] && !p.memory.accessible(a[0], sizeof(struct timeval), mem::kWrite)) return -EFAULT;
  if (a[1] && !p.memory.accessible(a[1], sizeof(struct timezone), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_gettimeofday, gptr(a[0]), gptr(a[1])));
}

int64_t sys_nanosleep(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[0], sizeof(struct timespec), mem::kRead)) return -EFAULT;
  if (a[1] && !p.memory.accessible(a[1], sizeof(struct timespec), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_nanosleep, gptr(a[0]), gptr(a[1])));
}

int64_t sys_clock_nanosleep(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[2], sizeof(struct timespec), mem::kRead)) return -EFAULT;
  if (a[3] && !p.memory.accessible(a[3], sizeof(struct timespec), mem::kWrite)) return -EFAULT;
  // clock_nanosleep returns the error number itself rather than -1/errno.
  long r = ::syscall(SYS_clock_nanosleep, static_cast<clockid_t>(a[0]), static_cast<int>(a[1]), gptr(a[2]), gptr(a[3]));
  return host_result(r);
}

int64_t sys_times(LinuxProcess& p, const uint64_t* a) {
  if (a[0] && !p.memory.accessible(a[0], sizeof(struct tms), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_times, gptr(a[0])));
}

}  // namespace

std::vector<SyscallDef> time_syscalls() {
  return {
      {"clock_gettime", sys_clock_gettime, "d:dp"},
      {"clock_getres", sys_clock_getres, "d:dp"},
      {"clock_settime", sys_clock_settime, "d:dp"},
      {"gettimeofday", sys_gettimeofday, "d:pp"},
      {"nanosleep", sys_nanosleep, "d:pp"},
      {"clock_nanosleep", sys_clock_nanosleep, "d:dxpp"},
      {"times", sys_times, "d:p"},
  };
}

}  // namespace polyrun::linux_abi
