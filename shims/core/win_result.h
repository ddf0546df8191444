// How a Win32 function reports its result: BOOL, and a failure that sets the thread's last error
// (what GetLastError then reads) and returns FALSE. Shared by the DLL files that return BOOL.
#pragma once

#include <cerrno>
#include <cstdint>

#include "shims/core/win_errors.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

using BOOL = int32_t;
inline constexpr BOOL TRUE = 1, FALSE = 0;
// INVALID_HANDLE_VALUE, as a 64-bit handle.
inline constexpr uint64_t kInvalidHandle = ~0ull;
// STILL_ACTIVE: the exit code of a thread or process that has not ended.
inline constexpr uint32_t kStillActive = 259;

inline BOOL fail(WindowsProcess& p, uint32_t error) {
  p.set_last_error(error);
  return FALSE;
}

inline BOOL fail_errno(WindowsProcess& p) { return fail(p, win_error_from_errno(errno)); }

}  // namespace polyrun::shims
