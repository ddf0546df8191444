// Clocks, sleeping and timers. struct timespec, timeval, tms, itimerval, itimerspec and sigevent are
// the same on every 64-bit ISA, and so are the SIGEV_* values and signal numbers. A timer's signal
// reaches the host process, which is the guest's.
#include <signal.h>
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
  return blocking(p, SYS_nanosleep, gptr(a[0]), gptr(a[1]));
}

int64_t sys_clock_nanosleep(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[2], sizeof(struct timespec), mem::kRead)) return -EFAULT;
  if (a[3] && !p.memory.accessible(a[3], sizeof(struct timespec), mem::kWrite)) return -EFAULT;
  return blocking(p, SYS_clock_nanosleep, static_cast<clockid_t>(a[0]), static_cast<int>(a[1]), gptr(a[2]), gptr(a[3]));
}

int64_t sys_times(LinuxProcess& p, const uint64_t* a) {
  if (a[0] && !p.memory.accessible(a[0], sizeof(struct tms), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_times, gptr(a[0])));
}

int64_t sys_getitimer(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[1], sizeof(struct itimerval), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_getitimer, static_cast<int>(a[0]), gptr(a[1])));
}

int64_t sys_setitimer(LinuxProcess& p, const uint64_t* a) {
  if (a[1] && !p.memory.accessible(a[1], sizeof(struct itimerval), mem::kRead)) return -EFAULT;
  if (a[2] && !p.memory.accessible(a[2], sizeof(struct itimerval), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_setitimer, static_cast<int>(a[0]), gptr(a[1]), gptr(a[2])));
}

int64_t sys_timer_create(LinuxProcess& p, const uint64_t* a) {
  if (a[1] && !p.memory.accessible(a[1], sizeof(struct sigevent), mem::kRead)) return -EFAULT;
  if (!p.memory.accessible(a[2], sizeof(int), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_timer_create, static_cast<clockid_t>(a[0]), gptr(a[1]), gptr(a[2])));
}

int64_t sys_timer_settime(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[2], sizeof(struct itimerspec), mem::kRead)) return -EFAULT;
  if (a[3] && !p.memory.accessible(a[3], sizeof(struct itimerspec), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_timer_settime, static_cast<int>(a[0]), static_cast<int>(a[1]), gptr(a[2]), gptr(a[3])));
}

int64_t sys_timer_gettime(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[1], sizeof(struct itimerspec), mem::kWrite)) return -EFAULT;
  return host_result(::syscall(SYS_timer_gettime, static_cast<int>(a[0]), gptr(a[1])));
}

int64_t sys_timer_getoverrun(LinuxProcess&, const uint64_t* a) {
  return host_result(::syscall(SYS_timer_getoverrun, static_cast<int>(a[0])));
}

int64_t sys_timer_delete(LinuxProcess&, const uint64_t* a) {
  return host_result(::syscall(SYS_timer_delete, static_cast<int>(a[0])));
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
      {"getitimer", sys_getitimer, "d:dp"},
      {"setitimer", sys_setitimer, "d:dpp"},
      {"timer_create", sys_timer_create, "d:dpp"},
      {"timer_settime", sys_timer_settime, "d:dxpp"},
      {"timer_gettime", sys_timer_gettime, "d:dp"},
      {"timer_getoverrun", sys_timer_getoverrun, "d:d"},
      {"timer_delete", sys_timer_delete, "d:d"},
  };
}

}  // namespace polyrun::linux_abi
