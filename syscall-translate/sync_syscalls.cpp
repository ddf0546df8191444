// futex for a single-threaded guest: WAIT compares and sleeps (there is nobody to wake it but a
// timeout), WAKE finds no waiters. Threads bring the full futex.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>


#include "common/log.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

int64_t sys_futex(LinuxProcess& p, const uint64_t* a) {
  int op = static_cast<int>(a[1]) & FUTEX_CMD_MASK;
  switch (op) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      if (!p.memory.accessible(a[0], 4, mem::kRead)) return -EFAULT;
      if (*gptr<uint32_t>(a[0]) != static_cast<uint32_t>(a[2])) return -EAGAIN;
      if (a[3]) {
        if (!p.memory.accessible(a[3], sizeof(struct timespec), mem::kRead)) return -EFAULT;
        const auto* ts = gptr<const struct timespec>(a[3]);
        bool absolute = op == FUTEX_WAIT_BITSET;
        clockid_t clock = (a[1] & FUTEX_CLOCK_REALTIME) ? CLOCK_REALTIME : CLOCK_MONOTONIC;
        long r = ::clock_nanosleep(absolute ? clock : CLOCK_MONOTONIC, absolute ? TIMER_ABSTIME : 0, ts, nullptr);
        return r == 0 ? -ETIMEDOUT : -r;
      }
      // No other guest thread exists to wake us: sleep as Linux would, until a signal.
      ::pause();
      return -EINTR;
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
      return 0;
    default: {
      report_unsupported_once("futex operation", static_cast<uint64_t>(op), "ENOSYS");
      return -ENOSYS;
    }
  }
}

}  // namespace

std::vector<SyscallDef> sync_syscalls() {
  return {
      {"futex", sys_futex, "d:pxdppd"},
  };
}

}  // namespace polyrun::linux_abi
