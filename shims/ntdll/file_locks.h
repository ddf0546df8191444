// Byte-range locks of files (ntdll/file_locks.cpp): what NtLockFile and NtUnlockFile do, which
// KERNEL32's LockFile(Ex) and UnlockFile(Ex) call (kernel32/files.cpp).
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_file_locks {

// Locks (shared or exclusive, waiting for a range another handle holds or not) or unlocks the
// range; the NTSTATUS: STATUS_LOCK_NOT_GRANTED for a range another handle holds,
// STATUS_RANGE_NOT_LOCKED for an unlock the host refuses, STATUS_INVALID_HANDLE.
uint32_t lock_range(WindowsProcess& p, uint64_t handle, uint64_t offset, uint64_t length, bool exclusive, bool wait,
                    bool unlock);

}  // namespace polyrun::shims::ntdll_file_locks
