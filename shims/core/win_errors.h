// Windows error codes (winerror.h) and the mapping from host errno values.
#pragma once

#include <cstdint>

namespace polyrun::shims {

enum WinError : uint32_t {
  ERROR_SUCCESS = 0,
  ERROR_INVALID_FUNCTION = 1,
  ERROR_FILE_NOT_FOUND = 2,
  ERROR_PATH_NOT_FOUND = 3,
  ERROR_TOO_MANY_OPEN_FILES = 4,
  ERROR_ACCESS_DENIED = 5,
  ERROR_INVALID_HANDLE = 6,
  ERROR_NOT_ENOUGH_MEMORY = 8,
  ERROR_INVALID_ADDRESS_W = 487,
  ERROR_OUTOFMEMORY = 14,
  ERROR_NO_MORE_FILES = 18,
  ERROR_GEN_FAILURE = 31,
  ERROR_WRITE_PROTECT = 19,
  ERROR_SHARING_VIOLATION = 32,
  ERROR_BAD_LENGTH = 24,
  ERROR_HANDLE_EOF = 38,
  ERROR_NOT_SUPPORTED = 50,
  ERROR_BAD_DEV_TYPE = 66,
  ERROR_FILE_EXISTS = 80,
  ERROR_INVALID_PARAMETER = 87,
  ERROR_BUFFER_OVERFLOW = 111,
  ERROR_BROKEN_PIPE = 109,
  ERROR_MORE_DATA = 234,
  ERROR_INSUFFICIENT_BUFFER = 122,
  ERROR_INVALID_NAME = 123,
  ERROR_BAD_ARGUMENTS = 160,
  ERROR_OLD_WIN_VERSION = 1150,
  ERROR_NONE_MAPPED = 1332,
  ERROR_INVALID_SID = 1337,
  ERROR_MOD_NOT_FOUND = 126,
  ERROR_PROC_NOT_FOUND = 127,
  ERROR_DIR_NOT_EMPTY = 145,
  ERROR_NOT_LOCKED = 158,
  ERROR_ALREADY_EXISTS = 183,
  ERROR_BAD_EXE_FORMAT = 193,
  ERROR_NO_MORE_ITEMS = 259,
  ERROR_DIRECTORY = 267,
  ERROR_IO_PENDING = 997,
  ERROR_NOACCESS = 998,
  ERROR_ENVVAR_NOT_FOUND = 203,
  ERROR_NO_UNICODE_TRANSLATION = 1113,
  ERROR_INVALID_FLAGS = 1004,
  ERROR_OPERATION_ABORTED = 995,
  ERROR_NOT_FOUND = 1168,
};

uint32_t win_error_from_errno(int err);
// The NTSTATUS the native API (ntdll's Nt* functions) reports for a host errno.
uint32_t nt_status_from_errno(int err);
// The Win32 error an NTSTATUS stands for, as RtlNtStatusToDosError and the functions that report a
// completion's status (GetQueuedCompletionStatus, GetOverlappedResult …) read it: one table for
// the statuses polyrun's calls end with; ERROR_MR_MID_NOT_FOUND (317) for another.
uint32_t win_error_from_nt_status(uint32_t status);
// The other way, for native functions that do their work through a Win32 one: the first status of
// that table that stands for the error (STATUS_UNSUCCESSFUL for one it lacks).
uint32_t nt_status_from_win_error(uint32_t error);

// The system's message text for an error code (what FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM)
// gives, without the trailing CR LF), or null for a code without one here.
const char* win_error_message(uint32_t code);

}  // namespace polyrun::shims
