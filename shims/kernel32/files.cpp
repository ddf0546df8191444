// KERNEL32.dll, files by handle: CreateFile, ReOpenFile and OpenFileById, file pointers and sizes, SetEndOfFile,
// byte-range locks (LockFile(Ex), UnlockFile(Ex)), DeviceIoControl. Windows paths are mapped onto
// the Linux filesystem by core/path_mapping.cpp. The other file functions: kernel32/file_info.cpp,
// file_operations.cpp, find_files.cpp, paths.cpp, volumes.cpp; NTDLL's (NtCreateFile …): ntdll/file.cpp.
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <climits>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "common/log.h"
#include "shims/core/file_sizes.h"
#include "shims/core/filetime.h"
#include "shims/core/windows_modules.h"
#include "shims/kernel32/console.h"
#include "shims/core/path_mapping.h"
#include "shims/core/child_process.h"
#include "shims/core/dos_devices.h"
#include "shims/core/file_ids.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/kernel32/pipes.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/kernel32/files_internal.h"
#include "shims/kernel32/mailslots.h"
#include "shims/ntdll/file_locks.h"

namespace polyrun::shims::kernel32_files {

namespace {

uint64_t invalid(WindowsProcess& p) {
  p.set_last_error(win_error_from_errno(errno));
  return kInvalidHandle;
}

}  // namespace

std::string wide(WStr s) { return utf16_to_utf8(s.str()); }
uint64_t invalid_parameter(WindowsProcess& p) {
  p.set_last_error(ERROR_INVALID_PARAMETER);
  return kInvalidHandle;
}

// The reserved device a name opens, upper-cased: as RtlIsDosDeviceName_U finds it in a DOS path
// ("nul.txt", "C:\\dir\\CON", "lpt1:"), or any device name after \\.\ or \\?\ (\\.\COM10);
// empty for a file's name. *directory_missing (when given): the name's directory does not exist,
// which its callers report as ERROR_PATH_NOT_FOUND ("if exist DIR\\NUL" is how batch files ask
// whether DIR exists).
std::string reserved_device(const std::string& win_path, bool* directory_missing) {
  if (directory_missing) *directory_missing = false;
  auto upper = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  };
  if (win_path.rfind("\\\\.\\", 0) == 0 || win_path.rfind("\\\\?\\", 0) == 0) {
    // After the prefix, a device's own name: a fixed one, or any serial or parallel port.
    const std::string device = upper(win_path.substr(4));
    static const char* const kNamed[] = {"NUL", "CON", "CONIN$", "CONOUT$", "AUX", "PRN"};
    for (const char* n : kNamed)
      if (device == n) return device;
    const bool port = device.size() > 3 && device.size() <= 6 && (device.rfind("COM", 0) == 0 || device.rfind("LPT", 0) == 0) &&
                      device[3] != '0' && device.find_first_not_of("0123456789", 3) == std::string::npos;
    return port ? device : std::string();
  }
  const std::u16string w = utf8_to_utf16(win_path);
  const ReservedDevice d = reserved_dos_device(w);
  if (!d.length) return {};
  const std::u16string directory = w.substr(0, d.offset);
  if (directory_missing && !directory.empty() && !(directory.size() == 2 && directory[1] == u':')) {
    struct stat st;
    const std::string host = windows_to_host_path(utf16_to_utf8(directory));
    *directory_missing = ::stat(host.c_str(), &st) != 0 || !S_ISDIR(st.st_mode);
  }
  return upper(utf16_to_utf8(w.substr(d.offset, d.length)));
}

namespace {

// ---- CreateFile ----

// The host's device for a DOS one: NUL is /dev/null; COMn the n-th serial port (/dev/ttyS<n-1>,
// AUX is COM1) and LPTn the n-th parallel port (/dev/lp<n-1>, PRN is LPT1), as wine's default
// device links have them. Empty for a port the host does not have.
std::string host_device_path(const std::string& device) {
  if (device == "NUL") return "/dev/null";
  const std::string port = device == "AUX" ? "COM1" : device == "PRN" ? "LPT1" : device;
  const std::string path = (port[0] == 'C' ? "/dev/ttyS" : "/dev/lp") + std::to_string(std::stoul(port.substr(3)) - 1);
  return ::access(path.c_str(), F_OK) == 0 ? path : std::string();
}

uint64_t create_file(WindowsProcess& p, const std::string& win_path, uint32_t access, uint32_t disposition,
                     uint32_t flags_attrs) {
  if (is_pipe_name(win_path)) return open_pipe_client(p, win_path, access);  // kernel32/pipes.cpp
  if (auto h = open_mailslot_client(p, win_path)) return *h;                  // kernel32/mailslots.cpp
  std::string path = windows_to_host_path(win_path);
  bool directory_missing = false;
  const std::string device = reserved_device(win_path, &directory_missing);
  if (directory_missing) {
    p.set_last_error(ERROR_PATH_NOT_FOUND);
    return kInvalidHandle;
  }
  // CONOUT$: the console's active screen buffer; CONIN$: its input buffer (kernel32/console.cpp);
  // CON is the input buffer opened for reading alone, else the screen buffer. Without a console
  // there is neither.
  const bool conout = device == "CONOUT$" || (device == "CON" && (access & 0xc0000000u) != 0x80000000u);
  if (conout || device == "CONIN$" || device == "CON") {
    if (uint64_t h = console_open(p, conout)) return h;
    p.set_last_error(ERROR_INVALID_HANDLE);
    return kInvalidHandle;
  }
  if (!device.empty()) {
    path = host_device_path(device);
    if (path.empty()) {  // a port this machine does not have
      p.set_last_error(ERROR_FILE_NOT_FOUND);
      return kInvalidHandle;
    }
  }
  bool read = access & (0x80000000u | 0x10000000u | 0x1);   // GENERIC_READ, GENERIC_ALL, FILE_READ_DATA
  bool write = access & (0x40000000u | 0x10000000u | 0x2);  // GENERIC_WRITE, GENERIC_ALL, FILE_WRITE_DATA
  // FILE_APPEND_DATA without FILE_WRITE_DATA: writes go to the end only (Rust's append mode).
  const bool append_only = !write && (access & 0x4);
  int flags = read && (write || append_only) ? O_RDWR : write || append_only ? O_WRONLY : O_RDONLY;
  if (append_only) flags |= O_APPEND;
  switch (disposition) {
    case 1: flags |= O_CREAT | O_EXCL; break;   // CREATE_NEW
    case 2: flags |= O_CREAT | O_TRUNC; break;  // CREATE_ALWAYS
    case 3: break;                              // OPEN_EXISTING
    case 4: flags |= O_CREAT; break;            // OPEN_ALWAYS
    case 5: flags |= O_TRUNC; break;            // TRUNCATE_EXISTING
    default: p.set_last_error(ERROR_INVALID_PARAMETER); return kInvalidHandle;
  }
  struct stat st;
  bool existed = ::stat(path.c_str(), &st) == 0;
  if (existed && S_ISDIR(st.st_mode)) {
    // Directories open only with FILE_FLAG_BACKUP_SEMANTICS.
    if (!(flags_attrs & 0x02000000u)) {
      p.set_last_error(ERROR_ACCESS_DENIED);
      return kInvalidHandle;
    }
    flags = O_RDONLY | O_DIRECTORY;
  }
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, (flags_attrs & 0x1) ? 0444 : 0666);
  if (fd < 0) {
    if (errno == EEXIST) {
      p.set_last_error(ERROR_FILE_EXISTS);
      return kInvalidHandle;
    }
    return invalid(p);
  }
  // CREATE_ALWAYS and OPEN_ALWAYS report an existing file through the last error.
  p.set_last_error((disposition == 2 || disposition == 4) && existed ? uint32_t{ERROR_ALREADY_EXISTS} : 0u);
  return p.handle_for_fd(fd);
}

// `sa`: whether a child process inherits the handle.
Ptr created(WindowsProcess& p, uint64_t h, Ptr sa) {
  if (h != kInvalidHandle) p.mark_inheritable(h, p.inherits(sa.addr));
  return Ptr(h);
}
constexpr uint32_t kFlagOverlapped = 0x40000000;
Ptr opened(WindowsProcess& p, uint64_t h, Ptr sa, uint32_t flags) {
  if (h != kInvalidHandle && (flags & kFlagOverlapped)) p.overlapped_handles.insert(h);
  return created(p, h, sa);
}
Ptr CreateFileA(WindowsProcess& p, AStr name, uint32_t access, uint32_t, Ptr sa, uint32_t disposition, uint32_t flags, Ptr) {
  return opened(p, create_file(p, narrow_path(p, name), access, disposition, flags), sa, flags);
}
Ptr CreateFileW(WindowsProcess& p, WStr name, uint32_t access, uint32_t, Ptr sa, uint32_t disposition, uint32_t flags, Ptr) {
  return opened(p, create_file(p, wide(name), access, disposition, flags), sa, flags);
}
// ReOpenFile(handle, access, share, flags): the same file opened again, with other access and
// flags (through /proc/self/fd, so a file since renamed or deleted is the one reopened). A handle
// that is no file (a pipe, a console) is ERROR_INVALID_PARAMETER; FILE_FLAG_* that only CreateFile
// takes (a disposition, attributes) are too.
Ptr ReOpenFile(WindowsProcess& p, Ptr h, uint32_t access, uint32_t, uint32_t flags) {
  const int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return Ptr((fail(p, ERROR_INVALID_HANDLE), kInvalidHandle));
  struct stat st;
  if (::fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) || (flags & 0xffff))
    return Ptr((fail(p, ERROR_INVALID_PARAMETER), kInvalidHandle));
  const std::string self = host_to_windows_path("/proc/self/fd/" + std::to_string(fd));
  return opened(p, create_file(p, self, access, 3 /* OPEN_EXISTING */, flags), Ptr(0), flags);
}
// OpenFileById(volume hint, &FILE_ID_DESCRIPTOR{dwSize, Type, id at 8}, access, share, sa, flags):
// the file whose ID (FileIdType's 64 bits, or ExtendedFileIdType's 128 whose upper half is 0 here:
// the inode number, as GetFileInformationByHandle(Ex) give it) is on the hint's volume, opened as
// CreateFile opens an existing one. No file has an object ID (ObjectIdType): not found, as an ID
// no file has (ERROR_FILE_NOT_FOUND, as wine's NtCreateFile by file ID).
Ptr OpenFileById(WindowsProcess& p, Ptr hint, Ptr descriptor, uint32_t access, uint32_t, Ptr sa, uint32_t flags) {
  if (!descriptor) return Ptr((fail(p, ERROR_INVALID_PARAMETER), kInvalidHandle));
  const int fd = p.fd_for_handle(hint.addr);
  if (fd < 0) return Ptr((fail(p, ERROR_INVALID_HANDLE), kInvalidHandle));
  const uint32_t type = get<uint32_t>(descriptor.addr + 4);
  if (type > 2) return Ptr((fail(p, ERROR_INVALID_PARAMETER), kInvalidHandle));
  std::optional<std::string> path;
  if (type != 1)
    path = find_file_by_id(fd, get<uint64_t>(descriptor.addr + 8), type == 2 ? get<uint64_t>(descriptor.addr + 16) : 0);
  if (!path) return Ptr((fail(p, ERROR_FILE_NOT_FOUND), kInvalidHandle));
  return opened(p, create_file(p, host_to_windows_path(*path), access, 3 /* OPEN_EXISTING */, flags), sa, flags);
}

// ---- positions and sizes ----

uint32_t SetFilePointer(WindowsProcess& p, Ptr h, int32_t low, Ptr high, uint32_t method) {
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0xffffffffu;
  }
  int64_t off = high ? (static_cast<int64_t>(*high.as<int32_t>()) << 32) | static_cast<uint32_t>(low) : low;
  off_t r = ::lseek(fd, off, method == 0 ? SEEK_SET : method == 1 ? SEEK_CUR : SEEK_END);
  if (r < 0) {
    p.set_last_error(ERROR_INVALID_PARAMETER);  // ERROR_NEGATIVE_SEEK territory
    return 0xffffffffu;
  }
  if (high) *high.as<int32_t>() = static_cast<int32_t>(r >> 32);
  p.set_last_error(0);
  return static_cast<uint32_t>(r);
}

BOOL SetFilePointerEx(WindowsProcess& p, Ptr h, int64_t distance, Ptr newpos, uint32_t method) {
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  off_t r = ::lseek(fd, distance, method == 0 ? SEEK_SET : method == 1 ? SEEK_CUR : SEEK_END);
  if (r < 0) return fail(p, 131);  // ERROR_NEGATIVE_SEEK
  put<int64_t>(newpos.addr, r);
  return TRUE;
}

uint32_t GetFileSize(WindowsProcess& p, Ptr h, Ptr high) {
  struct stat st;
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0xffffffffu;
  }
  put<uint32_t>(high.addr, static_cast<uint32_t>(windows_file_size(st) >> 32));
  p.set_last_error(0);
  return static_cast<uint32_t>(windows_file_size(st));
}

BOOL GetFileSizeEx(WindowsProcess& p, Ptr h, Ptr size) {
  struct stat st;
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0 || ::fstat(fd, &st) != 0) return fail(p, ERROR_INVALID_HANDLE);
  put<uint64_t>(size.addr, windows_file_size(st));
  return TRUE;
}

BOOL SetEndOfFile(WindowsProcess& p, Ptr h) {
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  off_t pos = ::lseek(fd, 0, SEEK_CUR);
  return ::ftruncate(fd, pos) == 0 ? TRUE : fail_errno(p);
}

BOOL DeviceIoControl(WindowsProcess& p, Ptr h, uint32_t, Ptr, uint32_t, Ptr, uint32_t, Ptr returned, Ptr) {
  put<uint32_t>(returned.addr, 0);
  return fail(p, p.fd_for_handle(h.addr) < 0 ? ERROR_INVALID_HANDLE : ERROR_INVALID_FUNCTION);
}

// LockFile(Ex) and UnlockFile(Ex): NTDLL's byte-range locks (ntdll/file_locks.cpp: NtLockFile's),
// their NTSTATUS the last error's code (ERROR_LOCK_VIOLATION, ERROR_NOT_LOCKED).
BOOL lock_range(WindowsProcess& p, uint64_t h, uint64_t offset, uint64_t length, bool exclusive, bool wait, bool unlock) {
  const uint32_t s = ntdll_file_locks::lock_range(p, h, offset, length, exclusive, wait, unlock);
  return s ? fail(p, win_error_from_nt_status(s)) : TRUE;
}
BOOL LockFile(WindowsProcess& p, Ptr h, uint32_t off_low, uint32_t off_high, uint32_t len_low, uint32_t len_high) {
  return lock_range(p, h.addr, uint64_t{off_high} << 32 | off_low, uint64_t{len_high} << 32 | len_low, true, false, false);
}
BOOL UnlockFile(WindowsProcess& p, Ptr h, uint32_t off_low, uint32_t off_high, uint32_t len_low, uint32_t len_high) {
  return lock_range(p, h.addr, uint64_t{off_high} << 32 | off_low, uint64_t{len_high} << 32 | len_low, false, false, true);
}
// The range's offset is the OVERLAPPED's (Offset, OffsetHigh), which also receives the result: the
// call ends at once here (a wait is done before it returns).
uint64_t overlapped_range_offset(WindowsProcess& p, uint64_t ov) {
  return uint64_t{get<uint32_t>(ov + 2 * p.isa->ptr + 4)} << 32 | get<uint32_t>(ov + 2 * p.isa->ptr);
}
BOOL LockFileEx(WindowsProcess& p, Ptr h, uint32_t flags, uint32_t, uint32_t len_low, uint32_t len_high, Ptr ov) {
  if (!ov) return fail(p, ERROR_INVALID_PARAMETER);
  return lock_range(p, h.addr, overlapped_range_offset(p, ov.addr), uint64_t{len_high} << 32 | len_low, flags & 2, !(flags & 1), false);
}
BOOL UnlockFileEx(WindowsProcess& p, Ptr h, uint32_t, uint32_t len_low, uint32_t len_high, Ptr ov) {
  if (!ov) return fail(p, ERROR_INVALID_PARAMETER);
  return lock_range(p, h.addr, overlapped_range_offset(p, ov.addr), uint64_t{len_high} << 32 | len_low, false, false, true);
}

}  // namespace

}  // namespace polyrun::shims::kernel32_files

namespace polyrun::shims {

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_file_exports() {
  using namespace kernel32_files;
  static const std::vector<Export> exports = {
      EXPORT("CreateFileA", CreateFileA),
      EXPORT("CreateFileW", CreateFileW),
      EXPORT("ReOpenFile", ReOpenFile),
      EXPORT("OpenFileById", OpenFileById),
      EXPORT("SetFilePointer", SetFilePointer),
      EXPORT("SetFilePointerEx", SetFilePointerEx),
      EXPORT("GetFileSize", GetFileSize),
      EXPORT("GetFileSizeEx", GetFileSizeEx),
      EXPORT("SetEndOfFile", SetEndOfFile),
      EXPORT("LockFile", LockFile),
      EXPORT("UnlockFile", UnlockFile),
      EXPORT("LockFileEx", LockFileEx),
      EXPORT("UnlockFileEx", UnlockFileEx),
      EXPORT("DeviceIoControl", DeviceIoControl),
  };
  return exports;
}

}  // namespace polyrun::shims
