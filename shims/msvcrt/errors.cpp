// msvcrt.dll, errors: errno and _doserrno (the calling thread's, after its TEB) and their
// accessors, the mapping of a failed system call's error onto both, strerror and _sys_errlist, and
// the messages by number in _sys_errlist's texts: _strerror, strerror_s, _wcserror(_s),
// __wcserror(_s).
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

// A Windows call failed with `e`: _doserrno and errno as _dosmaperr leaves them.
void crt_windows_failure(WindowsProcess& p, uint32_t e) {
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

// ---- the messages by number: _strerror, strerror_s, and the wide forms ----

// The message for an errno value (numbers out of range have _sys_nerr's, "Unknown error").
const char* error_text(int32_t e) { return kErrorTexts[e < 0 || e > kSysNerr ? kSysNerr : e]; }
std::u16string wide(const std::string& s) { return std::u16string(s.begin(), s.end()); }  // (ASCII)

// _strerror(msg): "msg: message\n" (or the message alone) for the current errno.
Ptr _strerror_(WindowsProcess& p, Ptr msg) {
  std::string text = error_text(*guest_errno(p));
  if (msg && *msg.as<const char>()) text = std::string(msg.as<const char>()) + ": " + text;
  text += "\n";
  uint64_t& slot = data_slot(p, "_strerror-buffer", 256);
  std::snprintf(reinterpret_cast<char*>(slot), 256, "%s", text.c_str());
  return Ptr(slot);
}
// strerror_s: the message, cut to fit the buffer.
int32_t strerror_s_(WindowsProcess& p, Ptr buf, USize size, int32_t e) {
  if (!buf || !size) return *guest_errno(p) = EINVAL;
  std::snprintf(buf.as<char>(), size, "%s", error_text(e));
  return 0;
}
// _wcserror_s: the message in UTF-16, cut to fit; an invalid parameter without a buffer.
template <bool Ucrt>
int32_t _wcserror_s_(WindowsProcess& p, Ptr buf, USize size, int32_t e) {
  if (!buf || !size) {
    *guest_errno(p) = EINVAL;
    crt_invalid_parameter(p, Ucrt);
    return EINVAL;
  }
  std::u16string t = wide(error_text(e));
  if (t.size() >= size) t.resize(size - 1);
  std::memcpy(buf.as<char16_t>(), t.c_str(), (t.size() + 1) * 2);
  return 0;
}
template <bool Ucrt>
Ptr _wcserror_(WindowsProcess& p, int32_t e) {
  uint64_t& slot = data_slot(p, "_wcserror-buffer", 512);
  _wcserror_s_<Ucrt>(p, Ptr(slot), 256, e);
  return Ptr(slot);
}
// __wcserror_s(buf, size, msg): L"msg: message\n" for the current errno; ERANGE (an invalid
// parameter) if it does not fit.
template <bool Ucrt>
int32_t __wcserror_s_(WindowsProcess& p, Ptr buf, USize size, Ptr msg) {
  std::u16string t;
  if (msg && *msg.as<const char16_t>()) t = std::u16string(msg.as<const char16_t>()) + u": ";
  t += wide(error_text(*guest_errno(p)));
  t += u"\n";
  if (t.size() + 1 > size) {
    *guest_errno(p) = ERANGE;
    crt_invalid_parameter(p, Ucrt);
    return ERANGE;
  }
  std::memcpy(buf.as<char16_t>(), t.c_str(), (t.size() + 1) * 2);
  return 0;
}
template <bool Ucrt>
Ptr __wcserror_(WindowsProcess& p, Ptr msg) {
  uint64_t& slot = data_slot(p, "_wcserror-buffer", 512);
  __wcserror_s_<Ucrt>(p, Ptr(slot), 256, msg);
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
      EXPORT("_strerror", _strerror_),
      EXPORT("strerror_s", strerror_s_),
      EXPORT("_wcserror", _wcserror_<false>),
      EXPORT("_wcserror_s", _wcserror_s_<false>),
      EXPORT("__wcserror", __wcserror_<false>),
      EXPORT("__wcserror_s", __wcserror_s_<false>),
  };
  return exports;
}

// The Universal CRT's forms (ucrtbase.dll's table).
const std::vector<Export>& ucrtbase_errors_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_wcserror", _wcserror_<true>),
      EXPORT("_wcserror_s", _wcserror_s_<true>),
      EXPORT("__wcserror", __wcserror_<true>),
      EXPORT("__wcserror_s", __wcserror_s_<true>),
  };
  return exports;
}

}  // namespace polyrun::shims
