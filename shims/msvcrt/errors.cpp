// msvcrt.dll, errors: errno and _doserrno (the calling thread's, after its TEB) and their
// accessors, the mapping of a failed system call's error onto both, strerror and _sys_errlist.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/x64_leaf.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

namespace {

// The C runtime's errno for a Windows error code, as its _dosmaperr maps them (Windows' errno
// numbers: ENOTEMPTY is 41).
int errno_from_os(uint32_t e) {
  switch (e) {
    case 2: case 3: case 15: case 18: case 53: case 67: case 161: case 206: return ENOENT;  // file, path, drive, net name
    case 4: return EMFILE;
    case 5: case 16: case 33: case 65: case 82: case 83: case 108: case 132: case 158: case 167: return EACCES;
    case 6: case 114: case 130: return EBADF;
    case 7: case 8: case 9: case 1816: return ENOMEM;
    case 10: return E2BIG;
    case 11: return ENOEXEC;
    case 17: return EXDEV;
    case 80: case 183: return EEXIST;
    case 89: case 164: case 215: return EAGAIN;
    case 109: return EPIPE;
    case 112: return ENOSPC;
    case 128: case 129: return ECHILD;
    case 145: return 41;  // ENOTEMPTY
    default:
      if (e >= 19 && e <= 36) return EACCES;    // write-protect … sharing-buffer-exceeded
      if (e >= 188 && e <= 202) return ENOEXEC;  // the executable-format errors
      return EINVAL;
  }
}

}  // namespace

// A system call failed with the host's errno `err`: _doserrno gets the Windows error it stands
// for and errno the C runtime's value for that, as _dosmaperr leaves them on Windows.
void host_failure(WindowsProcess& p, int err) {
  const uint32_t e = win_error_from_errno(err);
  *guest_doserrno(p) = e;
  *guest_errno(p) = errno_from_os(e);
}

namespace {

Ptr _errno_(WindowsProcess& p) { return Ptr(reinterpret_cast<uint64_t>(guest_errno(p))); }
// _doserrno: the Windows error of the C runtime's last failed system call (host_failure).
Ptr __doserrno_(WindowsProcess& p) { return Ptr(reinterpret_cast<uint64_t>(guest_doserrno(p))); }
int32_t _get_doserrno_(WindowsProcess& p, Ptr out) {
  if (!out) return *guest_errno(p) = EINVAL;
  put<uint32_t>(out.addr, *guest_doserrno(p));
  return 0;
}
int32_t _set_doserrno_(WindowsProcess& p, uint32_t v) {
  *guest_doserrno(p) = v;
  return 0;
}
int32_t _get_errno_(WindowsProcess& p, Ptr out) {
  if (!out) return *guest_errno(p) = EINVAL;
  put<int32_t>(out.addr, *guest_errno(p));
  return 0;
}
int32_t _set_errno_(WindowsProcess& p, int32_t v) {
  *guest_errno(p) = v;
  return 0;
}

// The C runtime's messages for its errno values, Windows' texts (_sys_errlist; numbers without
// one of their own have "Unknown error", as has every number from _sys_nerr on).
constexpr const char* kErrorTexts[] = {
    "No error", "Operation not permitted", "No such file or directory", "No such process",
    "Interrupted function call", "Input/output error", "No such device or address", "Arg list too long",
    "Exec format error", "Bad file descriptor", "No child processes", "Resource temporarily unavailable",
    "Not enough space", "Permission denied", "Bad address", "Unknown error", "Resource device", "File exists",
    "Improper link", "No such device", "Not a directory", "Is a directory", "Invalid argument",
    "Too many open files in system", "Too many open files", "Inappropriate I/O control operation",
    "Unknown error", "File too large", "No space left on device", "Invalid seek", "Read-only file system",
    "Too many links", "Broken pipe", "Domain error", "Result too large", "Unknown error",
    "Resource deadlock avoided", "Unknown error", "Filename too long", "No locks available",
    "Function not implemented", "Directory not empty", "Illegal byte sequence", "Unknown error"};
constexpr int32_t kSysNerr = 43;  // the messages before the last "Unknown error"

// _sys_errlist (an array of char*) and _sys_nerr (an int), msvcrt.dll's variables, which the
// Universal CRT gives through __sys_errlist() and __sys_nerr().
uint64_t sys_errlist_data(WindowsProcess& p) {
  uint64_t& slot = p.data["_sys_errlist"];
  if (!slot) slot = guest_strings_array(p, std::vector<std::string>(std::begin(kErrorTexts), std::end(kErrorTexts)));
  return slot;
}
uint64_t sys_nerr_data(WindowsProcess& p) {
  uint64_t& slot = data_slot(p, "_sys_nerr", 4);
  put<int32_t>(slot, kSysNerr);
  return slot;
}
Ptr __sys_errlist_(WindowsProcess& p) { return Ptr(sys_errlist_data(p)); }
Ptr __sys_nerr_(WindowsProcess& p) { return Ptr(sys_nerr_data(p)); }

Ptr strerror_(WindowsProcess& p, int32_t e) {
  uint64_t& slot = data_slot(p, "strerror-buffer", 128);
  std::snprintf(reinterpret_cast<char*>(slot), 128, "%s", std::strerror(e));
  return Ptr(slot);
}

}  // namespace

int* msvcrt_errno(WindowsProcess& p) { return guest_errno(p); }
uint32_t* msvcrt_doserrno(WindowsProcess& p) { return guest_doserrno(p); }
void msvcrt_host_failure(WindowsProcess& p, int err) { host_failure(p, err); }

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_errors_exports() {
  static const std::vector<Export> exports = {
      EXPORT_LEAF("_errno", _errno_, LEAF(errno)),
      EXPORT("__doserrno", __doserrno_),
      EXPORT("_get_doserrno", _get_doserrno_),
      EXPORT("_set_doserrno", _set_doserrno_),
      EXPORT("_get_errno", _get_errno_),
      EXPORT("_set_errno", _set_errno_),
      EXPORT("strerror", strerror_),
      EXPORT("__sys_errlist", __sys_errlist_),
      EXPORT("__sys_nerr", __sys_nerr_),
      EXPORT_DATA("_sys_errlist", sys_errlist_data),
      EXPORT_DATA("_sys_nerr", sys_nerr_data),
  };
  return exports;
}

}  // namespace polyrun::shims
