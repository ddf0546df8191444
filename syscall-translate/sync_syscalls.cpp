// futex: guest memory is host memory at the same address and guest threads are host threads, so
// every operation is the host kernel's own on the guest's words; waits release the execution lock
// and, for a signal that arrives before they block, end unstarted and are made again after the
// handler (guest_access.h).
// The operation numbers are the same on every ISA; the timeout is the ISA's timespec.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

// `ts`: the guest's timespec layout of the call (time32 for futex on 32-bit ISAs, the kernel's
// 64-bit one for futex_time64).
int64_t futex_as(LinuxProcess& p, const uint64_t* a, const pr_layout& ts) {
  int op = static_cast<int>(a[1]) & FUTEX_CMD_MASK;
  if (!p.memory.accessible(a[0], 4, mem::kRead)) return -EFAULT;
  // A PI futex's word holds its owner's TID, which the host kernel reads and writes in its own
  // byte order: not for a big-endian guest.
  if (p.abi.guest().big_endian && (op == FUTEX_LOCK_PI || op == FUTEX_LOCK_PI2 || op == FUTEX_UNLOCK_PI ||
                                   op == FUTEX_TRYLOCK_PI || op == FUTEX_WAIT_REQUEUE_PI || op == FUTEX_CMP_REQUEUE_PI)) {
    report_unsupported_once("futex operation of a big-endian guest", static_cast<uint64_t>(op), "ENOSYS");
    return -ENOSYS;
  }
  // The values the host compares with the futex word, in the word's byte order (the guest's).
  const uint32_t val = op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET || op == FUTEX_WAIT_REQUEUE_PI
                           ? static_cast<uint32_t>(HostOrder::value(p, a[2], 4)) : static_cast<uint32_t>(a[2]);
  const uint32_t val3 = op == FUTEX_CMP_REQUEUE || op == FUTEX_CMP_REQUEUE_PI ? static_cast<uint32_t>(HostOrder::value(p, a[5], 4))
                                                                             : static_cast<uint32_t>(a[5]);
  auto call = [&] { return host_result(::syscall(SYS_futex, gptr(a[0]), static_cast<int>(a[1]), static_cast<uint32_t>(a[2]), gptr(a[3]), gptr(a[4]), val3)); };
  switch (op) {
    case FUTEX_WAIT: case FUTEX_WAIT_BITSET: case FUTEX_LOCK_PI: case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI: {
      StructArg timeout(p, ts, p.abi.host().timespec, a[3], StructArg::In);
      if (!timeout.ok()) return -EFAULT;
      if (op == FUTEX_WAIT_REQUEUE_PI && !p.memory.accessible(a[4], 4, mem::kRead)) return -EFAULT;
      return blocking(p, SYS_futex, gptr(a[0]), static_cast<int>(a[1]), val, timeout.host(), gptr(a[4]),
                      static_cast<uint32_t>(a[5]));
    }
    case FUTEX_WAKE: case FUTEX_WAKE_BITSET: case FUTEX_UNLOCK_PI: case FUTEX_TRYLOCK_PI:
      return call();
    case FUTEX_REQUEUE: case FUTEX_CMP_REQUEUE: case FUTEX_WAKE_OP: case FUTEX_CMP_REQUEUE_PI:
      if (!p.memory.accessible(a[4], 4, mem::kRead)) return -EFAULT;
      return call();
    default: {
      report_unsupported_once("futex operation", static_cast<uint64_t>(op), "ENOSYS");
      return -ENOSYS;
    }
  }
}

int64_t sys_futex(LinuxProcess& p, const uint64_t* a) { return futex_as(p, a, p.abi.guest().timespec); }
int64_t sys_futex_time64(LinuxProcess& p, const uint64_t* a) { return futex_as(p, a, p.abi.time64_timespec()); }

// Guest threads are host threads of this process: the host's barrier over them is the guest's.
// Commands and flags are the same on every ISA.
int64_t sys_membarrier(LinuxProcess&, const uint64_t* a) {
  return host_result(::syscall(SYS_membarrier, static_cast<int>(a[0]), static_cast<unsigned>(a[1]), static_cast<int>(a[2])));
}

}  // namespace

std::vector<SyscallDef> sync_syscalls() {
  return {
      {"futex", sys_futex, "d:pxdppd"},
      {"futex_time64", sys_futex_time64, "d:pxdppd"},
      {"membarrier", sys_membarrier, "d:xxd"},
  };
}

}  // namespace polyrun::linux_abi
