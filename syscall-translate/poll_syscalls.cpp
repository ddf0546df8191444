// Waiting on descriptors: poll, ppoll, select, pselect6, epoll, eventfd, timerfd.
// struct pollfd, fd_set, timespec, timeval and itimerspec are the same on every 64-bit ISA, and
// the POLL*/EPOLL* values are the host's (kernel_abi_test checks the generated tables): those are
// handed to the host as they are. struct epoll_event is packed on x86-64 only, so it is converted
// through the generated layouts. The host kernel updates the guest's timeout in place, as Linux
// does for ppoll/pselect6/select.
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <vector>

#include "syscall-translate/guest_access.h"
#include "syscall-translate/signal_state.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

constexpr uint64_t kKernelSigsetSize = 8;  // the kernel's sigset_t on every ISA polyrun runs

// A guest signal mask applied for the duration of one wait, as Linux does for ppoll, pselect6
// and epoll_pwait: the process's mask is the guest's while the host waits with the same signals
// blocked, and the previous mask comes back afterwards — unless a signal interrupted the wait:
// then, as with rt_sigsuspend, the handler runs under the wait's mask and its frame saves the
// previous one (signal_state.h). A signal that came before the host call started finds the
// previous mask back: its handler runs as it would have before the call, which is made again.
class WaitMask {
 public:
  explicit WaitMask(LinuxProcess& p) : p_(p) {}
  WaitMask(const WaitMask&) = delete;
  WaitMask& operator=(const WaitMask&) = delete;
  ~WaitMask() {
    if (!active_) return;
    LinuxThread& t = p_.thread();
    if (t.signal_pending.load(std::memory_order_relaxed)) {
      t.saved_mask = saved_;
      t.has_saved_mask = true;
    } else {
      t.sigmask = saved_;
    }
  }

  // Reads the guest set (NULL: keep the current mask). 0, -EINVAL or -EFAULT.
  int64_t apply(uint64_t guest_set, uint64_t size) {
    if (!guest_set) return 0;
    if (size != kKernelSigsetSize) return -EINVAL;
    if (!p_.memory.accessible(guest_set, kKernelSigsetSize, mem::kRead)) return -EFAULT;
    uint64_t mask = *gptr<const uint64_t>(guest_set) & ~kUnblockable;
    saved_ = p_.thread().sigmask;
    p_.thread().sigmask = mask;
    host_ = p_.abi.sigset_to_host(mask);
    active_ = true;
    return 0;
  }

  // The wait's result, after which the mask goes back at once if the call never started.
  int64_t ended(int64_t r) {
    if (r == kNotStarted && active_) {
      p_.thread().sigmask = saved_;
      active_ = false;
    }
    return r;
  }

  // The host sigset for the host call (NULL when the guest gave none) and its size.
  const uint64_t* host() const { return active_ ? &host_ : nullptr; }
  size_t host_size() const { return kKernelSigsetSize; }

 private:
  LinuxProcess& p_;
  bool active_ = false;
  uint64_t saved_ = 0, host_ = 0;
};

uint64_t nofile_limit() {
  struct rlimit r;
  return ::getrlimit(RLIMIT_NOFILE, &r) == 0 ? r.rlim_cur : 1024;
}

// ---- poll / ppoll

int64_t check_pollfds(LinuxProcess& p, uint64_t fds, uint64_t nfds) {
  if (nfds > nofile_limit()) return -EINVAL;
  // The host writes revents back; a read-only guest array is read-only on the host too, and the
  // host then answers EFAULT as Linux does.
  if (!p.memory.accessible(fds, nfds * sizeof(struct pollfd), mem::kRead)) return -EFAULT;
  return 0;
}

// The kernel writes the time left back into a ppoll, pselect6 or select timeout.
int64_t ppoll_as(LinuxProcess& p, const uint64_t* a, const pr_layout& ts) {
  StructArg timeout(p, ts, p.abi.host().timespec, a[2], StructArg::InOut);
  if (!timeout.ok()) return -EFAULT;
  WaitMask mask(p);
  if (int64_t e = mask.apply(a[3], a[4])) return e;
  if (int64_t e = check_pollfds(p, a[0], a[1])) return e;
  HostOrder fds(p, a[0], {4, 2, 2}, a[1], HostOrder::InOut);  // struct pollfd
  return timeout.finish(mask.ended(fds.finish(blocking(p, SYS_ppoll, gptr(a[0]), a[1], timeout.host(), mask.host(), mask.host_size()))));
}
int64_t sys_ppoll(LinuxProcess& p, const uint64_t* a) { return ppoll_as(p, a, p.abi.guest().timespec); }
int64_t sys_ppoll_time64(LinuxProcess& p, const uint64_t* a) { return ppoll_as(p, a, p.abi.time64_timespec()); }

int64_t sys_poll(LinuxProcess& p, const uint64_t* a) {
  if (int64_t e = check_pollfds(p, a[0], a[1])) return e;
  HostOrder fds(p, a[0], {4, 2, 2}, a[1], HostOrder::InOut);  // struct pollfd
  return fds.finish(blocking(p, SYS_poll, gptr<struct pollfd>(a[0]), a[1], static_cast<int>(a[2])));
}

// ---- select / pselect6

// fd_set is an array of longs, one bit per descriptor: on a little-endian ISA the bits lie where
// the host's do, in longs of the guest's width (a big-endian one's longs are put in the host's
// order for the call: FdSets). (The host reads and writes whole 64-bit words: a
// 32-bit guest's set sized to an odd number of words, not the usual FD_SETSIZE bits, would have
// its next 4 bytes touched.)
int64_t check_fdsets(LinuxProcess& p, int64_t n, const uint64_t* sets) {
  if (n < 0) return -EINVAL;
  const unsigned w = p.abi.guest().word_size;
  uint64_t bytes = (static_cast<uint64_t>(n) + 8 * w - 1) / (8 * w) * w;
  for (int i = 0; i < 3; ++i)
    if (sets[i] && !p.memory.accessible(sets[i], bytes, mem::kRead)) return -EFAULT;
  return 0;
}

// A big-endian guest's three sets in the host's order for the call (its longs' bytes reversed:
// bit k of a long is then where the host looks for it).
struct FdSets {
  HostOrder r, w, e;
  FdSets(const LinuxProcess& p, int64_t n, const uint64_t* sets)
      : r(p, sets[0], {8}, words(p, n), HostOrder::InOut),
        w(p, sets[1], {8}, words(p, n), HostOrder::InOut),
        e(p, sets[2], {8}, words(p, n), HostOrder::InOut) {}
  static uint64_t words(const LinuxProcess& p, int64_t n) {
    return p.abi.guest().word_size == 8 && n > 0 ? (static_cast<uint64_t>(n) + 63) / 64 : 0;
  }
  int64_t finish(int64_t r0) { return e.finish(w.finish(r.finish(r0))); }
};

int64_t pselect6_as(LinuxProcess& p, const uint64_t* a, const pr_layout& ts) {
  int64_t n = static_cast<int32_t>(a[0]);
  StructArg timeout(p, ts, p.abi.host().timespec, a[4], StructArg::InOut);
  if (!timeout.ok()) return -EFAULT;
  // The sixth argument points at { const sigset_t* set; size_t size; }, two guest words.
  WaitMask mask(p);
  if (a[5]) {
    const unsigned w = p.abi.guest().word_size;
    if (!p.memory.accessible(a[5], 2 * w, mem::kRead)) return -EFAULT;
    const uint64_t set = get_field(gptr(a[5]), p.abi.word(0)), size = get_field(gptr(a[5]), p.abi.word(w));
    if (int64_t e = mask.apply(set, size)) return e;
  }
  if (int64_t e = check_fdsets(p, n, a + 1)) return e;
  struct {
    const uint64_t* set;
    size_t size;
  } host_sig = {mask.host(), mask.host_size()};
  FdSets sets(p, n, a + 1);
  return timeout.finish(mask.ended(sets.finish(blocking(p, SYS_pselect6, static_cast<int>(n), gptr(a[1]), gptr(a[2]), gptr(a[3]),
                                                        timeout.host(), a[5] ? &host_sig : nullptr))));
}
int64_t sys_pselect6(LinuxProcess& p, const uint64_t* a) { return pselect6_as(p, a, p.abi.guest().timespec); }
int64_t sys_pselect6_time64(LinuxProcess& p, const uint64_t* a) { return pselect6_as(p, a, p.abi.time64_timespec()); }

int64_t sys_select(LinuxProcess& p, const uint64_t* a) {
  int64_t n = static_cast<int32_t>(a[0]);
  StructArg timeout(p, p.abi.guest().timeval, p.abi.host().timeval, a[4], StructArg::InOut);
  if (!timeout.ok()) return -EFAULT;
  if (int64_t e = check_fdsets(p, n, a + 1)) return e;
  FdSets sets(p, n, a + 1);
  return timeout.finish(sets.finish(blocking(p, SYS_select, static_cast<int>(n), gptr(a[1]), gptr(a[2]), gptr(a[3]), timeout.host())));
}

// ---- epoll

int64_t sys_epoll_create1(LinuxProcess& p, const uint64_t* a) {
  int64_t flags = creation_flags_to_host(p, static_cast<uint32_t>(a[0]), false);  // EPOLL_CLOEXEC only
  if (flags < 0) return flags;
  return host_result(::syscall(SYS_epoll_create1, static_cast<int>(flags)));
}

int64_t sys_epoll_create(LinuxProcess&, const uint64_t* a) {
  if (static_cast<int32_t>(a[0]) <= 0) return -EINVAL;
  return host_result(::syscall(SYS_epoll_create1, 0));
}

// Host struct epoll_event buffers are at most this large.
constexpr size_t kEpollEventBuf = 32;

int64_t sys_epoll_ctl(LinuxProcess& p, const uint64_t* a) {
  constexpr uint64_t kCtlDel = 2;  // EPOLL_CTL_DEL (a pass-through value) takes no event
  alignas(16) uint8_t host_event[kEpollEventBuf] = {};
  bool has_event = static_cast<int32_t>(a[1]) != kCtlDel;
  if (has_event)
    if (int64_t e = get_struct(p, p.abi.guest().epoll_event, a[3], p.abi.host().epoll_event, host_event)) return e;
  return host_result(::syscall(SYS_epoll_ctl, static_cast<int>(a[0]), static_cast<int>(a[1]), static_cast<int>(a[2]),
                               has_event ? host_event : nullptr));
}

// Events the host hands back per call; fewer than the guest asked for is a valid answer.
constexpr int kEpollBatch = 256;

// Waits with `wait(host_events, n)` (a value or -errno) and converts what it returns into the
// guest's array.
template <typename Wait>
int64_t epoll_wait_into(LinuxProcess& p, uint64_t events, int64_t maxevents, Wait wait) {
  const pr_layout& g = p.abi.guest().epoll_event;
  const pr_layout& h = p.abi.host().epoll_event;
  if (maxevents <= 0 || static_cast<uint64_t>(maxevents) > 0x7fffffffu / g.size) return -EINVAL;
  // Linux writes events until the first bad one and fails only when none fits: wait for no more
  // than the writable part can take.
  uint64_t room = p.memory.accessible_prefix(events, static_cast<uint64_t>(maxevents) * g.size, mem::kWrite) / g.size;
  if (room == 0) return -EFAULT;
  int n = static_cast<int>(std::min<uint64_t>(room, kEpollBatch));
  std::vector<uint8_t> buf(static_cast<size_t>(n) * h.size + 8);
  int64_t r = wait(buf.data(), n);
  if (r < 0) return r;
  for (int64_t i = 0; i < r; ++i)
    convert_struct(h, buf.data() + static_cast<size_t>(i) * h.size, g, gptr<uint8_t>(events) + static_cast<size_t>(i) * g.size);
  return r;
}

int64_t sys_epoll_pwait(LinuxProcess& p, const uint64_t* a) {
  WaitMask mask(p);
  if (int64_t e = mask.apply(a[4], a[5])) return e;
  int64_t maxevents = static_cast<int32_t>(a[2]);
  return mask.ended(epoll_wait_into(p, a[1], maxevents, [&](void* buf, int n) {
    return blocking(p, SYS_epoll_pwait, static_cast<int>(a[0]), buf, n, static_cast<int>(a[3]), mask.host(), mask.host_size());
  }));
}

int64_t sys_epoll_wait(LinuxProcess& p, const uint64_t* a) {
  uint64_t b[6] = {a[0], a[1], a[2], a[3], 0, 0};
  return sys_epoll_pwait(p, b);
}

int64_t sys_epoll_pwait2(LinuxProcess& p, const uint64_t* a) {
  struct timespec ts {};
  if (a[3]) {
    // The kernel's 64-bit timespec on every ISA.
    if (int64_t e = get_struct(p, p.abi.time64_timespec(), a[3], p.abi.host().kernel_timespec, &ts)) return e;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000) return -EINVAL;
  }
  WaitMask mask(p);
  if (int64_t e = mask.apply(a[4], a[5])) return e;
  int64_t maxevents = static_cast<int32_t>(a[2]);
  return mask.ended(epoll_wait_into(p, a[1], maxevents, [&](void* buf, int n) {
    int64_t r = blocking(p, SYS_epoll_pwait2, static_cast<int>(a[0]), buf, n, a[3] ? &ts : nullptr, mask.host(),
                         mask.host_size());
    if (r == -ENOSYS) {
      // Hosts before Linux 5.11: milliseconds, rounded up so the wait is never shorter.
      long ms = -1;
      if (a[3]) ms = static_cast<long>(std::min<int64_t>(ts.tv_sec * 1000 + (ts.tv_nsec + 999999) / 1000000, 0x7fffffff));
      r = blocking(p, SYS_epoll_pwait, static_cast<int>(a[0]), buf, n, static_cast<int>(ms), mask.host(), mask.host_size());
    }
    return r;
  }));
}

// ---- eventfd, timerfd

int64_t sys_eventfd2(LinuxProcess& p, const uint64_t* a) {
  constexpr uint64_t kSemaphore = 1;  // EFD_SEMAPHORE, the one eventfd flag that is not an open flag
  int64_t flags = creation_flags_to_host(p, static_cast<uint32_t>(a[1]), true, kSemaphore);
  if (flags < 0) return flags;
  return host_result(::syscall(SYS_eventfd2, static_cast<unsigned>(a[0]), static_cast<int>(flags)));
}

int64_t sys_eventfd(LinuxProcess&, const uint64_t* a) {
  return host_result(::syscall(SYS_eventfd2, static_cast<unsigned>(a[0]), 0));
}

int64_t sys_timerfd_create(LinuxProcess& p, const uint64_t* a) {
  int64_t flags = creation_flags_to_host(p, static_cast<uint32_t>(a[1]), true);
  if (flags < 0) return flags;
  return host_result(::syscall(SYS_timerfd_create, static_cast<int>(a[0]), static_cast<int>(flags)));
}

// `its`: the guest's itimerspec (time32 on 32-bit ISAs, 64-bit for the _time64 calls).
int64_t timerfd_settime_as(LinuxProcess& p, const uint64_t* a, const pr_layout& its) {
  const pr_layout& host = p.abi.host().itimerspec;
  struct itimerspec in {}, old {};
  if (int64_t e = get_struct(p, its, a[2], host, &in)) return e;
  // Linux sets the timer before it writes the old value, so a bad old-value pointer still sets it.
  long r = ::syscall(SYS_timerfd_settime, static_cast<int>(a[0]), static_cast<int>(a[1]), &in, a[3] ? &old : nullptr);
  if (r < 0) return -errno;
  return a[3] ? put_struct(p, host, &old, its, a[3]) : r;
}
int64_t sys_timerfd_settime(LinuxProcess& p, const uint64_t* a) { return timerfd_settime_as(p, a, p.abi.guest().itimerspec); }
int64_t sys_timerfd_settime64(LinuxProcess& p, const uint64_t* a) { return timerfd_settime_as(p, a, p.abi.time64_itimerspec()); }

int64_t timerfd_gettime_as(LinuxProcess& p, const uint64_t* a, const pr_layout& its) {
  StructArg out(p, its, p.abi.host().itimerspec, a[1], StructArg::Out);
  if (!a[1] || !out.ok()) return -EFAULT;
  return out.finish(host_result(::syscall(SYS_timerfd_gettime, static_cast<int>(a[0]), out.host())));
}
int64_t sys_timerfd_gettime(LinuxProcess& p, const uint64_t* a) { return timerfd_gettime_as(p, a, p.abi.guest().itimerspec); }
int64_t sys_timerfd_gettime64(LinuxProcess& p, const uint64_t* a) { return timerfd_gettime_as(p, a, p.abi.time64_itimerspec()); }

}  // namespace

std::vector<SyscallDef> poll_syscalls() {
  return {
      {"poll", sys_poll, "d:pud"},
      {"ppoll", sys_ppoll, "d:puppu"},
      {"ppoll_time64", sys_ppoll_time64, "d:puppu"},
      {"select", sys_select, "d:dpppp"},
      {"pselect6", sys_pselect6, "d:dppppp"},
      {"pselect6_time64", sys_pselect6_time64, "d:dppppp"},
      {"epoll_create", sys_epoll_create, "d:d"},
      {"epoll_create1", sys_epoll_create1, "d:x"},
      {"epoll_ctl", sys_epoll_ctl, "d:fdfp"},
      {"epoll_wait", sys_epoll_wait, "d:fpdd"},
      {"epoll_pwait", sys_epoll_pwait, "d:fpddpu"},
      {"epoll_pwait2", sys_epoll_pwait2, "d:fpdppu"},
      {"eventfd", sys_eventfd, "d:u"},
      {"eventfd2", sys_eventfd2, "d:ux"},
      {"timerfd_create", sys_timerfd_create, "d:dx"},
      {"timerfd_settime", sys_timerfd_settime, "d:fxpp"},
      {"timerfd_settime64", sys_timerfd_settime64, "d:fxpp"},
      {"timerfd_gettime", sys_timerfd_gettime, "d:fp"},
      {"timerfd_gettime64", sys_timerfd_gettime64, "d:fp"},
  };
}

}  // namespace polyrun::linux_abi
