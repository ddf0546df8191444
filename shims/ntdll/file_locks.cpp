// NTDLL's byte-range locks: NtLockFile and NtUnlockFile, which KERNEL32's LockFile(Ex) and
// UnlockFile(Ex) are made of (`ntdll/file_locks.h`). The locks are shared with every process of the
// host that takes them (open file description locks): a range another handle holds is
// STATUS_LOCK_NOT_GRANTED (NtLockFile without FailImmediately waits for it); unlocking a range not
// locked so is STATUS_RANGE_NOT_LOCKED where the host says so. The locks are advisory: reads and
// writes of a locked range by a program that does not lock are not refused as Windows refuses them.
#include "shims/ntdll/file_locks.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/file_io.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_file_locks {

constexpr uint32_t kLockNotGranted = 0xc0000055, kRangeNotLocked = 0xc000007e;

uint32_t lock_range(WindowsProcess& p, uint64_t h, uint64_t offset, uint64_t length, bool exclusive, bool wait,
                    bool unlock) {
  const int fd = p.fd_for_handle(h);
  if (fd < 0) return nt::kInvalidHandle;
  if (!length) return unlock ? kRangeNotLocked : nt::kSuccess;
  struct flock fl {};
  fl.l_type = static_cast<short>(unlock ? F_UNLCK : exclusive ? F_WRLCK : F_RDLCK);
  fl.l_whence = SEEK_SET;
  fl.l_start = static_cast<off_t>(offset);
  fl.l_len = static_cast<off_t>(std::min<uint64_t>(length, INT64_MAX - offset));
  // (Unlocking a range this handle does not hold succeeds on the host: F_OFD_GETLK reports only
  // others' locks, so STATUS_RANGE_NOT_LOCKED is given only when the host refuses.)
  if (unlock) return ::fcntl(fd, F_OFD_SETLK, &fl) == 0 ? nt::kSuccess : kRangeNotLocked;
  int r;
  if (wait) {
    do r = synchronous_io(p, [&] { return ::fcntl(fd, F_OFD_SETLKW, &fl); });
    while (r != 0 && errno == EINTR && !p.stopping());
  } else {
    r = ::fcntl(fd, F_OFD_SETLK, &fl);
  }
  if (r == 0) return nt::kSuccess;
  return errno == EAGAIN || errno == EACCES ? kLockNotGranted : nt_status_from_errno(errno);
}

}  // namespace ntdll_file_locks

namespace ntdll_file_locks_impl {

// The LARGE_INTEGER a pointer gives (a null one: 0).
uint64_t large(uint64_t a) { return a ? get<uint64_t>(a) : 0; }

// The lock is taken (or refused) before the call returns; the caller's IO_STATUS_BLOCK, event and
// APC are told of it as of an operation that ended at once.
uint32_t NtLockFile(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr apc_context, Ptr iosb, Ptr offset, Ptr length,
                    uint32_t, uint8_t fail_immediately, uint8_t exclusive) {
  if (!offset || !length) return nt::kInvalidParameter;
  ntdll_file_io::reset_event(p, event.addr);
  const uint32_t s = ntdll_file_locks::lock_range(p, h.addr, large(offset.addr), large(length.addr), exclusive != 0,
                                                  fail_immediately == 0, false);
  if (s == nt::kInvalidHandle) return s;
  ntdll_file_io::finish(p, iosb.addr, s, 0, s ? 0 : event.addr, s ? 0 : apc.addr, apc_context.addr);
  return s;
}

uint32_t NtUnlockFile(WindowsProcess& p, Ptr h, Ptr iosb, Ptr offset, Ptr length, uint32_t) {
  if (!offset || !length) return nt::kInvalidParameter;
  const uint32_t s =
      ntdll_file_locks::lock_range(p, h.addr, large(offset.addr), large(length.addr), false, false, true);
  if (s == nt::kInvalidHandle) return s;
  ntdll_file_io::finish(p, iosb.addr, s, 0, 0, 0, 0);
  return s;
}

}  // namespace ntdll_file_locks_impl

const std::vector<Export>& ntdll_file_lock_exports() {
  using namespace ntdll_file_locks_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtLockFile", NtLockFile),
      EXPORT("NtUnlockFile", NtUnlockFile),
  };
  return exports;
}

}  // namespace polyrun::shims
