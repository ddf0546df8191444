#include "shims/core/win_errors.h"

#include <cerrno>

namespace polyrun::shims {

uint32_t nt_status_from_errno(int err) {
  switch (err) {
    case ENOENT: return 0xc0000034;                    // STATUS_OBJECT_NAME_NOT_FOUND
    case ENOTDIR: return 0xc000003a;                   // STATUS_OBJECT_PATH_NOT_FOUND
    case EEXIST: return 0xc0000035;                    // STATUS_OBJECT_NAME_COLLISION
    case EACCES: case EPERM: case EROFS: return 0xc0000022;  // STATUS_ACCESS_DENIED
    case EISDIR: return 0xc00000ba;                    // STATUS_FILE_IS_A_DIRECTORY
    case ENOTEMPTY: return 0xc0000101;                 // STATUS_DIRECTORY_NOT_EMPTY
    case EBADF: return 0xc0000008;                     // STATUS_INVALID_HANDLE
    case ENOSPC: return 0xc000007f;                    // STATUS_DISK_FULL
    case EPIPE: return 0xc000014b;                     // STATUS_PIPE_BROKEN
    case EINVAL: return 0xc000000d;                    // STATUS_INVALID_PARAMETER
    case ECANCELED: return 0xc0000120;                 // STATUS_CANCELLED (CancelSynchronousIo)
    default: return 0xc0000001;                        // STATUS_UNSUCCESSFUL
  }
}

namespace {

// NTSTATUS and the Win32 error it stands for.
struct StatusRow {
  uint32_t status, error;
};
constexpr StatusRow kStatusRows[] = {
    {0x00000000, 0},     // STATUS_SUCCESS
    {0x00000103, 997},   // STATUS_PENDING, ERROR_IO_PENDING
    {0x0000010b, 745},   // STATUS_NOTIFY_CLEANUP, ERROR_NOTIFY_CLEANUP
    {0x0000010c, 1022},  // STATUS_NOTIFY_ENUM_DIR, ERROR_NOTIFY_ENUM_DIR
    {0x80000005, 234},   // STATUS_BUFFER_OVERFLOW, ERROR_MORE_DATA
    {0x8000000a, 676},   // STATUS_HANDLES_CLOSED
    {0xc0000001, 31},    // STATUS_UNSUCCESSFUL, ERROR_GEN_FAILURE
    {0xc0000005, 998},   // STATUS_ACCESS_VIOLATION, ERROR_NOACCESS
    {0xc0000008, 6},     // STATUS_INVALID_HANDLE
    {0xc000000d, 87},    // STATUS_INVALID_PARAMETER
    {0xc0000011, 38},    // STATUS_END_OF_FILE, ERROR_HANDLE_EOF
    {0xc0000017, 8},     // STATUS_NO_MEMORY, ERROR_NOT_ENOUGH_MEMORY
    {0xc0000022, 5},     // STATUS_ACCESS_DENIED
    {0xc0000034, 2},     // STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND
    {0xc0000035, 183},   // STATUS_OBJECT_NAME_COLLISION, ERROR_ALREADY_EXISTS
    {0xc000003a, 3},     // STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND
    {0xc000007f, 112},   // STATUS_DISK_FULL
    {0xc00000b0, 233},   // STATUS_PIPE_DISCONNECTED, ERROR_PIPE_NOT_CONNECTED
    {0xc00000b5, 121},   // STATUS_IO_TIMEOUT, ERROR_SEM_TIMEOUT
    {0xc00000ba, 5},     // STATUS_FILE_IS_A_DIRECTORY, ERROR_ACCESS_DENIED
    {0xc00000bb, 50},    // STATUS_NOT_SUPPORTED
    {0xc0000101, 145},   // STATUS_DIRECTORY_NOT_EMPTY, ERROR_DIR_NOT_EMPTY
    {0xc0000120, 995},   // STATUS_CANCELLED, ERROR_OPERATION_ABORTED
    {0xc0000140, 1229},  // STATUS_INVALID_CONNECTION, ERROR_CONNECTION_INVALID
    {0xc000014b, 109},   // STATUS_PIPE_BROKEN, ERROR_BROKEN_PIPE
    {0xc00001ac, 1656},  // STATUS_NOT_SAME_OBJECT, ERROR_NOT_SAME_OBJECT
    {0xc0000207, 1234},  // STATUS_INVALID_ADDRESS_COMPONENT, ERROR_PORT_UNREACHABLE
    {0xc000020a, 52},    // STATUS_ADDRESS_ALREADY_EXISTS, ERROR_DUP_NAME
    {0xc000020d, 64},    // STATUS_CONNECTION_RESET, ERROR_NETNAME_DELETED
    {0xc0000236, 1225},  // STATUS_CONNECTION_REFUSED
    {0xc0000238, 1228},  // STATUS_ADDRESS_ALREADY_ASSOCIATED
    {0xc000023c, 1231},  // STATUS_NETWORK_UNREACHABLE
    {0xc000023d, 1232},  // STATUS_HOST_UNREACHABLE
    {0xc0000241, 1236},  // STATUS_CONNECTION_ABORTED
    // (after the rows above, so that an error's first status stays the one it was)
    {0x40000000, 183},   // STATUS_OBJECT_NAME_EXISTS, ERROR_ALREADY_EXISTS
    {0xc0000003, 87},    // STATUS_INVALID_INFO_CLASS, ERROR_INVALID_PARAMETER
    {0xc0000004, 24},    // STATUS_INFO_LENGTH_MISMATCH, ERROR_BAD_LENGTH
    {0xc0000044, 1816},  // STATUS_QUOTA_EXCEEDED, ERROR_NOT_ENOUGH_QUOTA
    {0xc000010a, 5},     // STATUS_PROCESS_IS_TERMINATING, ERROR_ACCESS_DENIED
    {0xc0000055, 33},    // STATUS_LOCK_NOT_GRANTED, ERROR_LOCK_VIOLATION
    {0xc000007e, 158},   // STATUS_RANGE_NOT_LOCKED, ERROR_NOT_LOCKED
    {0xc0000023, 122},   // STATUS_BUFFER_TOO_SMALL, ERROR_INSUFFICIENT_BUFFER
    {0x8000001a, 259},   // STATUS_NO_MORE_ENTRIES, ERROR_NO_MORE_ITEMS
    {0xc000008a, 1813},  // STATUS_RESOURCE_TYPE_NOT_FOUND
    {0xc0150002, 14001}, // STATUS_SXS_CANT_GEN_ACTCTX
    {0xc0150008, 14007}, // STATUS_SXS_KEY_NOT_FOUND
    {0xc015000f, 14017}, // STATUS_SXS_EARLY_DEACTIVATION
    {0xc0150010, 14016}, // STATUS_SXS_INVALID_DEACTIVATION
};

}  // namespace

uint32_t win_error_from_nt_status(uint32_t status) {
  // Customer codes (bit 29) pass unchanged; 0xD… is 0xC…; an HRESULT of a Win32 error
  // (0x8007xxxx, what libuv keeps in an OVERLAPPED) and RPC's 0xC001xxxx are the error itself.
  if (!status || (status & 0x20000000)) return status;
  if ((status & 0xf0000000) == 0xd0000000) status &= ~0x10000000u;
  if ((status >> 16) == 0x8007 || (status >> 16) == 0xc001) return status & 0xffff;
  for (const StatusRow& r : kStatusRows)
    if (r.status == status) return r.error;
  return 317;  // ERROR_MR_MID_NOT_FOUND
}

uint32_t nt_status_from_win_error(uint32_t error) {
  for (const StatusRow& r : kStatusRows)
    if (r.error == error) return r.status;
  return 0xc0000001;  // STATUS_UNSUCCESSFUL
}

uint32_t win_error_from_errno(int err) {
  switch (err) {
    case 0: return ERROR_SUCCESS;
    case ENOENT: return ERROR_FILE_NOT_FOUND;
    case ENOTDIR: return ERROR_PATH_NOT_FOUND;
    case EMFILE: case ENFILE: return ERROR_TOO_MANY_OPEN_FILES;
    case EACCES: case EPERM: case EISDIR: return ERROR_ACCESS_DENIED;
    case EBADF: return ERROR_INVALID_HANDLE;
    case ENOMEM: return ERROR_NOT_ENOUGH_MEMORY;
    case EROFS: return ERROR_WRITE_PROTECT;
    case EBUSY: case ETXTBSY: return ERROR_SHARING_VIOLATION;
    case EEXIST: return ERROR_FILE_EXISTS;
    case EINVAL: return ERROR_INVALID_PARAMETER;
    case EPIPE: return ERROR_BROKEN_PIPE;
    case ENAMETOOLONG: return ERROR_INVALID_NAME;
    case ENOTEMPTY: return ERROR_DIR_NOT_EMPTY;
    case ENOSPC: return 112;  // ERROR_DISK_FULL
    case EXDEV: return 17;    // ERROR_NOT_SAME_DEVICE
    case ECANCELED: return 995;  // ERROR_OPERATION_ABORTED (CancelSynchronousIo)
    default: return ERROR_INVALID_FUNCTION;
  }
}

const char* win_error_message(uint32_t code) {
  switch (code) {
    case 0: return "The operation completed successfully.";
    case 1: return "Incorrect function.";
    case 2: return "The system cannot find the file specified.";
    case 3: return "The system cannot find the path specified.";
    case 4: return "The system cannot open the file.";
    case 5: return "Access is denied.";
    case 6: return "The handle is invalid.";
    case 8: return "Not enough memory resources are available to process this command.";
    case 12: return "The access code is invalid.";
    case 13: return "The data is invalid.";
    case 14: return "Not enough memory resources are available to complete this operation.";
    case 16: return "The directory cannot be removed.";
    case 17: return "The system cannot move the file to a different disk drive.";
    case 18: return "There are no more files.";
    case 19: return "The media is write protected.";
    case 21: return "The device is not ready.";
    case 24: return "The program issued a command but the command length is incorrect.";
    case 29: return "The system cannot write to the specified device.";
    case 30: return "The system cannot read from the specified device.";
    case 31: return "A device attached to the system is not functioning.";
    case 32: return "The process cannot access the file because it is being used by another process.";
    case 33: return "The process cannot access the file because another process has locked a portion of the file.";
    case 38: return "Reached the end of the file.";
    case 39: return "The disk is full.";
    case 50: return "The request is not supported.";
    case 80: return "The file exists.";
    case 87: return "The parameter is incorrect.";
    case 109: return "The pipe has been ended.";
    case 112: return "There is not enough space on the disk.";
    case 120: return "This function is not supported on this system.";
    case 122: return "The data area passed to a system call is too small.";
    case 123: return "The filename, directory name, or volume label syntax is incorrect.";
    case 126: return "The specified module could not be found.";
    case 127: return "The specified procedure could not be found.";
    case 131: return "An attempt was made to move the file pointer before the beginning of the file.";
    case 145: return "The directory is not empty.";
    case 161: return "The specified path is invalid.";
    case 170: return "The requested resource is in use.";
    case 183: return "Cannot create a file when that file already exists.";
    case 203: return "The system could not find the environment option that was entered.";
    case 206: return "The filename or extension is too long.";
    case 234: return "More data is available.";
    case 267: return "The directory name is invalid.";
    case 298: return "Too many posts were made to a semaphore.";
    case 487: return "Attempt to access invalid address.";
    case 997: return "Overlapped I/O operation is in progress.";
    case 998: return "Invalid access to memory location.";
    case 1004: return "Invalid flags.";
    case 1113: return "No mapping for the Unicode character exists in the target multi-byte code page.";
    case 1223: return "The operation was canceled by the user.";
    case 1300: return "Not all privileges or groups referenced are assigned to the caller.";
    case 1313: return "A specified privilege does not exist.";
    case 1460: return "This operation returned because the timeout period expired.";
    case 1813: return "The specified resource type cannot be found in the image file.";
    // COM's own HRESULTs (winerror.h's message texts).
    case 0x80004001: return "Not implemented";
    case 0x80004002: return "No such interface supported";
    case 0x80004003: return "Invalid pointer";
    case 0x80004004: return "Operation aborted";
    case 0x80004005: return "Unspecified error";
    case 0x8000ffff: return "Catastrophic failure";
    case 0x80040154: return "Class not registered";
    case 0x800401f0: return "CoInitialize has not been called.";
    default: return nullptr;
  }
}

}  // namespace polyrun::shims
