#include "shims/win_errors.h"

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
    default: return 0xc0000001;                        // STATUS_UNSUCCESSFUL
  }
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
    default: return nullptr;
  }
}

}  // namespace polyrun::shims
