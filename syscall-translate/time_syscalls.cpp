// Clocks, sleeping and timers. struct timespec, timeval, tms, itimerval and itimerspec are converted
// where the guest's layout is not the host's (32-bit ISAs: time32 for the calls without a suffix,
// the kernel's 64-bit ones for the _time64 calls); sigevent is the same on every 64-bit ISA, and
// so are the SIGEV_* values and signal numbers. A timer's signal
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

// The layouts of a call's time structs: the ISA's own (time32 on 32-bit ISAs) for the calls
// without a suffix, the kernel's 64-bit ones for the _time64 calls of 32-bit ISAs; the host's.
struct Times {
  const pr_layout& ts;  // timespec
  const pr_layout& its;  // itimerspec
};
Times plain(const LinuxProcess& p) { return {p.abi.guest().timespec, p.abi.guest().itimerspec}; }
Times time64(const LinuxProcess& p) { return {p.abi.time64_timespec(), p.abi.time64_itimerspec()}; }
const pr_layout& host_ts(const LinuxProcess& p) { return p.abi.host().timespec; }

int64_t clock_gettime_as(LinuxProcess& p, const uint64_t* a, Times t, long nr) {
  if (!a[1] && nr == SYS_clock_gettime) return -EFAULT;
  StructArg ts(p, t.ts, host_ts(p), a[1], StructArg::Out);
  if (!ts.ok()) return -EFAULT;
  return ts.finish(host_result(::syscall(nr, static_cast<clockid_t>(a[0]), ts.host())));
}
int64_t sys_clock_gettime(LinuxProcess& p, const uint64_t* a) { return clock_gettime_as(p, a, plain(p), SYS_clock_gettime); }
int64_t sys_clock_gettime64(LinuxProcess& p, const uint64_t* a) { return clock_gettime_as(p, a, time64(p), SYS_clock_gettime); }
int64_t sys_clock_getres(LinuxProcess& p, const uint64_t* a) { return clock_gettime_as(p, a, plain(p), SYS_clock_getres); }
int64_t sys_clock_getres_time64(LinuxProcess& p, const uint64_t* a) { return clock_gettime_as(p, a, time64(p), SYS_clock_getres); }

int64_t sys_clock_settime(LinuxProcess&, const uint64_t*) { return -EPERM; }

int64_t sys_gettimeofday(LinuxProcess& p, const uint64_t* a) {
  StructArg tv(p, p.abi.guest().timeval, p.abi.host().timeval, a[0], StructArg::Out);
  if (!tv.ok()) return -EFAULT;
  if (a[1] && !p.memory.accessible(a[1], sizeof(struct timezone), mem::kWrite)) return -EFAULT;
  HostOrder tz(p, a[1], {4, 4}, 1, HostOrder::Out);  // struct timezone
  return tv.finish(tz.finish(host_result(::syscall(SYS_gettimeofday, tv.host(), gptr(a[1])))));
}

int64_t nanosleep_as(LinuxProcess& p, uint64_t req, uint64_t rem, Times t, long nr, clockid_t clock, int flags) {
  if (!req) return -EFAULT;
  StructArg in(p, t.ts, host_ts(p), req, StructArg::In);
  StructArg out(p, t.ts, host_ts(p), rem, StructArg::Out);
  if (!in.ok() || !out.ok()) return -EFAULT;
  if (nr == SYS_nanosleep) return out.finish(blocking(p, SYS_nanosleep, in.host(), out.host()));
  return out.finish(blocking(p, SYS_clock_nanosleep, clock, flags, in.host(), out.host()));
}
int64_t sys_nanosleep(LinuxProcess& p, const uint64_t* a) { return nanosleep_as(p, a[0], a[1], plain(p), SYS_nanosleep, 0, 0); }
int64_t sys_clock_nanosleep(LinuxProcess& p, const uint64_t* a) {
  return nanosleep_as(p, a[2], a[3], plain(p), SYS_clock_nanosleep, static_cast<clockid_t>(a[0]), static_cast<int>(a[1]));
}
int64_t sys_clock_nanosleep_time64(LinuxProcess& p, const uint64_t* a) {
  return nanosleep_as(p, a[2], a[3], time64(p), SYS_clock_nanosleep, static_cast<clockid_t>(a[0]), static_cast<int>(a[1]));
}

// times returns a clock_t, which a 32-bit ISA's is a 32-bit long.
int64_t sys_times(LinuxProcess& p, const uint64_t* a) {
  StructArg tms(p, p.abi.guest().tms, p.abi.host().tms, a[0], StructArg::Out);
  if (!tms.ok()) return -EFAULT;
  int64_t r = tms.finish(host_result(::syscall(SYS_times, tms.host())));
  return r >= 0 && p.abi.guest().word_size == 4 ? static_cast<int64_t>(static_cast<uint32_t>(r) & 0x7fffffff) : r;
}

int64_t sys_getitimer(LinuxProcess& p, const uint64_t* a) {
  StructArg v(p, p.abi.guest().itimerval, p.abi.host().itimerval, a[1], StructArg::Out);
  if (!a[1] || !v.ok()) return -EFAULT;
  return v.finish(host_result(::syscall(SYS_getitimer, static_cast<int>(a[0]), v.host())));
}

int64_t sys_setitimer(LinuxProcess& p, const uint64_t* a) {
  StructArg in(p, p.abi.guest().itimerval, p.abi.host().itimerval, a[1], StructArg::In);
  StructArg out(p, p.abi.guest().itimerval, p.abi.host().itimerval, a[2], StructArg::Out);
  if (!in.ok() || !out.ok()) return -EFAULT;
  return out.finish(host_result(::syscall(SYS_setitimer, static_cast<int>(a[0]), in.host(), out.host())));
}

// struct sigevent: sigev_value (a pointer-sized union), sigev_signo, sigev_notify, then the thread
// id of SIGEV_THREAD_ID, in the guest's words and byte order (a little-endian 64-bit ISA's is the
// host's).
int64_t sys_timer_create(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[2], sizeof(int), mem::kWrite)) return -EFAULT;
  const unsigned w = p.abi.guest().word_size;
  HostOrder id(p, a[2], {4}, 1, HostOrder::Out);
  if ((w == 8 && !p.abi.guest().big_endian) || !a[1]) {
    if (a[1] && !p.memory.accessible(a[1], sizeof(struct sigevent), mem::kRead)) return -EFAULT;
    return id.finish(host_result(::syscall(SYS_timer_create, static_cast<clockid_t>(a[0]), gptr(a[1]), gptr(a[2]))));
  }
  if (!p.memory.accessible(a[1], w + 3 * sizeof(int), mem::kRead)) return -EFAULT;
  const auto* g = gptr<const uint8_t>(a[1]);
  const auto word = [&](unsigned i) { return static_cast<int>(get_field(g, p.abi.field(w + 4 * i, 4, true))); };
  struct sigevent ev {};
  ev.sigev_value.sival_ptr = reinterpret_cast<void*>(static_cast<uintptr_t>(get_field(g, p.abi.word(0))));
  ev.sigev_signo = word(0);
  ev.sigev_notify = word(1);
  ev._sigev_un._tid = word(2);
  return id.finish(host_result(::syscall(SYS_timer_create, static_cast<clockid_t>(a[0]), &ev, gptr(a[2]))));
}

int64_t timer_settime_as(LinuxProcess& p, const uint64_t* a, Times t, long nr) {
  StructArg in(p, t.its, p.abi.host().itimerspec, a[2], StructArg::In);
  StructArg out(p, t.its, p.abi.host().itimerspec, a[3], StructArg::Out);
  if (!a[2] || !in.ok() || !out.ok()) return -EFAULT;
  return out.finish(host_result(::syscall(nr, static_cast<int>(a[0]), static_cast<int>(a[1]), in.host(), out.host())));
}
int64_t sys_timer_settime(LinuxProcess& p, const uint64_t* a) { return timer_settime_as(p, a, plain(p), SYS_timer_settime); }
int64_t sys_timer_settime64(LinuxProcess& p, const uint64_t* a) { return timer_settime_as(p, a, time64(p), SYS_timer_settime); }

int64_t timer_gettime_as(LinuxProcess& p, const uint64_t* a, Times t) {
  StructArg out(p, t.its, p.abi.host().itimerspec, a[1], StructArg::Out);
  if (!a[1] || !out.ok()) return -EFAULT;
  return out.finish(host_result(::syscall(SYS_timer_gettime, static_cast<int>(a[0]), out.host())));
}
int64_t sys_timer_gettime(LinuxProcess& p, const uint64_t* a) { return timer_gettime_as(p, a, plain(p)); }
int64_t sys_timer_gettime64(LinuxProcess& p, const uint64_t* a) { return timer_gettime_as(p, a, time64(p)); }

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
      {"clock_gettime64", sys_clock_gettime64, "d:dp"},
      {"clock_getres", sys_clock_getres, "d:dp"},
      {"clock_getres_time64", sys_clock_getres_time64, "d:dp"},
      {"clock_settime", sys_clock_settime, "d:dp"},
      {"gettimeofday", sys_gettimeofday, "d:pp"},
      {"nanosleep", sys_nanosleep, "d:pp"},
      {"clock_nanosleep", sys_clock_nanosleep, "d:dxpp"},
      {"clock_nanosleep_time64", sys_clock_nanosleep_time64, "d:dxpp"},
      {"times", sys_times, "d:p"},
      {"getitimer", sys_getitimer, "d:dp"},
      {"setitimer", sys_setitimer, "d:dpp"},
      {"timer_create", sys_timer_create, "d:dpp"},
      {"timer_settime", sys_timer_settime, "d:dxpp"},
      {"timer_settime64", sys_timer_settime64, "d:dxpp"},
      {"timer_gettime", sys_timer_gettime, "d:dp"},
      {"timer_gettime64", sys_timer_gettime64, "d:dp"},
      {"timer_getoverrun", sys_timer_getoverrun, "d:d"},
      {"timer_delete", sys_timer_delete, "d:d"},
  };
}

}  // namespace polyrun::linux_abi
