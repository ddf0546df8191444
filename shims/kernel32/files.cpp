// KERNEL32.dll, files and directories: CreateFile, file pointers and sizes, attributes,
// FindFirstFile/FindNextFile, directories, delete and move, full paths and the current directory.
// Windows paths are mapped onto the Linux filesystem by core/path_mapping.cpp.
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
#include "shims/core/filetime.h"
#include "shims/core/windows_modules.h"
#include "shims/kernel32/console.h"
#include "shims/core/path_mapping.h"
#include "shims/core/child_process.h"
#include "shims/core/dos_devices.h"
#include "shims/core/guest_memory.h"
#include "shims/kernel32/files.h"
#include "shims/core/nt_status.h"
#include "shims/kernel32/pipes.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {


uint64_t invalid(WindowsProcess& p) {
  p.set_last_error(win_error_from_errno(errno));
  return kInvalidHandle;
}

std::string wide(WStr s) { return utf16_to_utf8(s.str()); }
uint64_t invalid_parameter(WindowsProcess& p) {
  p.set_last_error(ERROR_INVALID_PARAMETER);
  return kInvalidHandle;
}

// Linux keeps no creation time that every filesystem reports (st_ctim is the inode's last change):
// the last write time stands in for it, as under wine.
uint64_t creation_time(const struct stat& st) { return filetime_of(st.st_mtim); }

uint32_t attributes_of(const struct stat& st, const std::string& name) {
  uint32_t a = 0;
  if (S_ISDIR(st.st_mode)) a |= 0x10;        // FILE_ATTRIBUTE_DIRECTORY
  if (!(st.st_mode & S_IWUSR)) a |= 0x1;     // FILE_ATTRIBUTE_READONLY
  if (!name.empty() && name[0] == '.' && name != "." && name != "..") a |= 0x2;  // HIDDEN
  if (!S_ISDIR(st.st_mode)) a |= 0x20;       // FILE_ATTRIBUTE_ARCHIVE, as NTFS marks written files
  return a;
}

uint32_t store(const std::string& s, Ptr buf, uint32_t size);
uint32_t storew(const std::string& s, Ptr buf, uint32_t size);
uint32_t final_path(WindowsProcess& p, Ptr h, uint32_t flags, std::string& out);

// ---- CreateFile ----

uint64_t create_file(WindowsProcess& p, const std::string& win_path, uint32_t access, uint32_t disposition,
                     uint32_t flags_attrs) {
  if (is_pipe_name(win_path)) return open_pipe_client(p, win_path, access);  // kernel32/pipes.cpp
  std::string path = windows_to_host_path(win_path);
  // The console and NUL, also as \\.\NAME or \\?\NAME (the NT namespace has them as links).
  const bool prefixed = win_path.rfind("\\\\.\\", 0) == 0 || win_path.rfind("\\\\?\\", 0) == 0;
  const std::string device = prefixed ? win_path.substr(4) : win_path;
  // CONOUT$: the console's active screen buffer; CONIN$: its input buffer (kernel32/console.cpp).
  // Without a console there is neither.
  const bool conout = ::strcasecmp(device.c_str(), "CONOUT$") == 0;
  if (conout || ::strcasecmp(device.c_str(), "CONIN$") == 0) {
    if (uint64_t h = console_open(p, conout)) return h;
    p.set_last_error(ERROR_INVALID_HANDLE);
    return kInvalidHandle;
  }
  if (::strcasecmp(device.c_str(), "NUL") == 0) path = "/dev/null";
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
Ptr CreateFileA(WindowsProcess& p, CStr name, uint32_t access, uint32_t, Ptr sa, uint32_t disposition, uint32_t flags, Ptr) {
  return opened(p, create_file(p, name.str(), access, disposition, flags), sa, flags);
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

// ---- NtCreateFile: opening by an NT name, or by a name relative to an open directory ----

constexpr uint32_t STATUS_SUCCESS = 0, STATUS_FILE_IS_A_DIRECTORY = 0xc00000ba, STATUS_NOT_A_DIRECTORY = 0xc0000103,
                   STATUS_INVALID_PARAMETER_NT = 0xc000000d, STATUS_INVALID_HANDLE_NT = 0xc0000008;

// OBJECT_ATTRIBUTES: Length, RootDirectory, ObjectName (a UNICODE_STRING: byte length, maximum,
// buffer), at pointer-sized strides. Dispositions: FILE_SUPERSEDE 0, FILE_OPEN 1, FILE_CREATE 2,
// FILE_OPEN_IF 3, FILE_OVERWRITE 4, FILE_OVERWRITE_IF 5. Options: FILE_DIRECTORY_FILE 1,
// FILE_NON_DIRECTORY_FILE 0x40, FILE_DELETE_ON_CLOSE 0x1000 (refused). IO_STATUS_BLOCK's
// Information: FILE_SUPERSEDED 0, FILE_OPENED 1, FILE_CREATED 2, FILE_OVERWRITTEN 3.
uint32_t NtCreateFile(WindowsProcess& p, Ptr out, uint32_t access, Ptr attributes, Ptr iosb, Ptr, uint32_t file_attributes,
                      uint32_t, uint32_t disposition, uint32_t options, Ptr, uint32_t) {
  const uint64_t w = p.isa->ptr;
  if (!attributes || disposition > 5 || (options & 0x1000)) return STATUS_INVALID_PARAMETER_NT;
  const uint64_t root = p.get_ptr(attributes.addr + w), name_string = p.get_ptr(attributes.addr + 2 * w);
  if (!name_string) return STATUS_INVALID_PARAMETER_NT;
  std::u16string wname(reinterpret_cast<const char16_t*>(p.get_ptr(name_string + w)), get<uint16_t>(name_string) / 2);
  std::string name = utf16_to_utf8(wname);
  const bool inherit = get<uint32_t>(attributes.addr + 3 * w) & 2;  // OBJ_INHERIT
  uint64_t pipe = 0;
  if (std::optional<uint32_t> st = nt_open_pipe(p, root, name, access, options, pipe)) {  // kernel32/pipes.cpp
    if (*st != STATUS_SUCCESS) return *st;
    p.put_ptr(out.addr, p.mark_inheritable(pipe, inherit));
    if (iosb) {
      p.put_ptr(iosb.addr, STATUS_SUCCESS);
      p.put_ptr(iosb.addr + w, 1);  // FILE_OPENED
    }
    return STATUS_SUCCESS;
  }
  int dirfd = AT_FDCWD;
  std::string path;
  if (root) {
    dirfd = p.fd_for_handle(root);
    if (dirfd < 0) return STATUS_INVALID_HANDLE_NT;
    path = name;
    std::replace(path.begin(), path.end(), '\\', '/');
  } else {
    if (name.rfind("\\??\\", 0) == 0) name = name.substr(4);  // \??\C:\… is the DOS name C:\…
    path = windows_to_host_path(name);
  }
  const bool read = access & (0x80000000u | 0x10000000u | 0x1), write = access & (0x40000000u | 0x10000000u | 0x2 | 0x4);
  int flags = read && write ? O_RDWR : write ? O_WRONLY : O_RDONLY;
  if (options & 1) flags = O_RDONLY | O_DIRECTORY;
  switch (disposition) {
    case 2: flags |= O_CREAT | O_EXCL; break;
    case 3: flags |= O_CREAT; break;
    case 0: case 4: case 5: flags |= O_TRUNC | (disposition == 4 ? 0 : O_CREAT); break;
    default: break;
  }
  struct stat st;
  const bool existed = ::fstatat(dirfd, path.c_str(), &st, 0) == 0;
  if (existed && S_ISDIR(st.st_mode)) {
    if (options & 0x40) return STATUS_FILE_IS_A_DIRECTORY;
    flags = O_RDONLY | O_DIRECTORY;
  } else if (existed && (options & 1)) {
    return STATUS_NOT_A_DIRECTORY;
  }
  int fd;
  if ((options & 1) && !existed && (disposition == 2 || disposition == 3)) {  // a new directory
    if (::mkdirat(dirfd, path.c_str(), 0777) != 0) return nt_status_from_errno(errno);
    fd = ::openat(dirfd, path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  } else {
    fd = ::openat(dirfd, path.c_str(), flags | O_CLOEXEC, (file_attributes & 0x1) ? 0444 : 0666);
  }
  if (fd < 0) return nt_status_from_errno(errno);
  p.put_ptr(out.addr, p.mark_inheritable(p.handle_for_fd(fd), inherit));
  const uint64_t info = !existed ? 2 : disposition == 0 ? 0 : (disposition == 4 || disposition == 5) ? 3 : 1;
  if (iosb) {
    p.put_ptr(iosb.addr, STATUS_SUCCESS);
    p.put_ptr(iosb.addr + w, info);
  }
  return STATUS_SUCCESS;
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
  put<uint32_t>(high.addr, static_cast<uint32_t>(static_cast<uint64_t>(st.st_size) >> 32));
  p.set_last_error(0);
  return static_cast<uint32_t>(st.st_size);
}

BOOL GetFileSizeEx(WindowsProcess& p, Ptr h, Ptr size) {
  struct stat st;
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0 || ::fstat(fd, &st) != 0) return fail(p, ERROR_INVALID_HANDLE);
  put<int64_t>(size.addr, st.st_size);
  return TRUE;
}

BOOL SetEndOfFile(WindowsProcess& p, Ptr h) {
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  off_t pos = ::lseek(fd, 0, SEEK_CUR);
  return ::ftruncate(fd, pos) == 0 ? TRUE : fail_errno(p);
}

// ---- attributes ----

}  // namespace

uint32_t file_attributes(WindowsProcess& p, const std::string& win_path) {
  std::string path = windows_to_host_path(win_path);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    p.set_last_error(errno == ENOTDIR ? uint32_t{ERROR_PATH_NOT_FOUND} : win_error_from_errno(errno));
    return kInvalidAttributes;
  }
  std::string base = path.substr(path.find_last_of('/') + 1);
  return attributes_of(st, base);
}

namespace {

uint32_t GetFileAttributesA(WindowsProcess& p, CStr name) { return file_attributes(p, name.str()); }
uint32_t GetFileAttributesW(WindowsProcess& p, WStr name) { return file_attributes(p, wide(name)); }

// WIN32_FILE_ATTRIBUTE_DATA: attributes, creation/access/write FILETIMEs, size high, size low.
BOOL attributes_ex(WindowsProcess& p, const std::string& win_path, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  struct stat st;
  std::string path = windows_to_host_path(win_path);
  if (::stat(path.c_str(), &st) != 0) return fail_errno(p);
  put<uint32_t>(out.addr, attributes_of(st, path.substr(path.find_last_of('/') + 1)));
  put<uint64_t>(out.addr + 4, creation_time(st));
  put<uint64_t>(out.addr + 12, filetime_of(st.st_atim));
  put<uint64_t>(out.addr + 20, filetime_of(st.st_mtim));
  put<uint32_t>(out.addr + 28, static_cast<uint32_t>(static_cast<uint64_t>(st.st_size) >> 32));
  put<uint32_t>(out.addr + 32, static_cast<uint32_t>(st.st_size));
  return TRUE;
}
BOOL GetFileAttributesExA(WindowsProcess& p, CStr name, int32_t, Ptr out) { return attributes_ex(p, name.str(), out); }
BOOL GetFileAttributesExW(WindowsProcess& p, WStr name, int32_t, Ptr out) { return attributes_ex(p, wide(name), out); }

BOOL set_attributes(WindowsProcess& p, const std::string& win_path, uint32_t attrs) {
  std::string path = windows_to_host_path(win_path);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return fail_errno(p);
  // Only FILE_ATTRIBUTE_READONLY has a Linux counterpart: the write permission bits.
  mode_t mode = st.st_mode & 07777;
  if (attrs & 0x1) {
    mode &= ~mode_t{0222};
  } else if (!(mode & S_IWUSR)) {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode |= 0222 & ~mask;
  }
  return ::chmod(path.c_str(), mode) == 0 ? TRUE : fail_errno(p);
}
BOOL SetFileAttributesA(WindowsProcess& p, CStr name, uint32_t attrs) { return set_attributes(p, name.str(), attrs); }
BOOL SetFileAttributesW(WindowsProcess& p, WStr name, uint32_t attrs) { return set_attributes(p, wide(name), attrs); }

// BY_HANDLE_FILE_INFORMATION: attributes, three FILETIMEs, volume serial number, size high/low,
// link count, file index high/low (the device and inode numbers stand in for the last ones).
BOOL GetFileInformationByHandle(WindowsProcess& p, Ptr h, Ptr out) {
  int fd = p.fd_for_handle(h.addr);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) return fail(p, ERROR_INVALID_HANDLE);
  put<uint32_t>(out.addr, attributes_of(st, ""));
  put<uint64_t>(out.addr + 4, creation_time(st));
  put<uint64_t>(out.addr + 12, filetime_of(st.st_atim));
  put<uint64_t>(out.addr + 20, filetime_of(st.st_mtim));
  put<uint32_t>(out.addr + 28, static_cast<uint32_t>(st.st_dev));
  put<uint32_t>(out.addr + 32, static_cast<uint32_t>(static_cast<uint64_t>(st.st_size) >> 32));
  put<uint32_t>(out.addr + 36, static_cast<uint32_t>(st.st_size));
  put<uint32_t>(out.addr + 40, static_cast<uint32_t>(st.st_nlink));
  put<uint32_t>(out.addr + 44, static_cast<uint32_t>(static_cast<uint64_t>(st.st_ino) >> 32));
  put<uint32_t>(out.addr + 48, static_cast<uint32_t>(st.st_ino));
  return TRUE;
}

// The directory-listing classes of GetFileInformationByHandleEx: as many entries of an open
// directory as fit (FILE_FULL_DIR_INFO, or FILE_ID_BOTH_DIR_INFO with a file id and no short name),
// each 8-byte aligned and chained by NextEntryOffset, "." and ".." included, from where the last
// call stopped (the directory descriptor's own offset) or from the start (the Restart classes);
// ERROR_NO_MORE_FILES at the end, ERROR_MORE_DATA when not even one entry fits.
// A record getdents64 fills in.
struct DirentView {
  uint64_t d_ino;
  int64_t d_off;  // where the next record starts
  uint16_t d_reclen;
  uint8_t d_type;
  char d_name[1];
};

// The layout of a directory listing's entries (FILE_*_DIR_INFO, FILE_*_DIRECTORY_INFORMATION): each
// starts with NextEntryOffset and FileIndex; where its name, the name's length in bytes and its file
// id (0: none) go; whether it has the times, sizes and attributes from offset 8.
struct EntryLayout {
  uint32_t name_at, name_length_at, id_at;
  bool details;
};
constexpr EntryLayout kDirectoryInfo{64, 60, 0, true}, kFullDirectoryInfo{68, 60, 0, true},
    kBothDirectoryInfo{94, 60, 0, true}, kIdFullDirectoryInfo{80, 60, 72, true}, kIdBothDirectoryInfo{104, 60, 96, true},
    kNamesInfo{12, 8, 0, false};

// Whether a name matches a Windows wildcard pattern (* and ?, case folded as NTFS compares names).
bool wildcard_match(const std::u16string& name, size_t n, const std::u16string& pat, size_t k) {
  for (; k < pat.size(); ++k, ++n) {
    if (pat[k] == u'*') {
      for (size_t rest = n; rest <= name.size(); ++rest)
        if (wildcard_match(name, rest, pat, k + 1)) return true;
      return false;
    }
    if (n >= name.size()) return false;
    auto fold = [](char16_t c) { return c < 128 ? static_cast<char16_t>(std::tolower(c)) : c; };
    if (pat[k] != u'?' && fold(pat[k]) != fold(name[n])) return false;
  }
  return n == name.size();
}

// Reads a directory's entries from where its descriptor stands (the start with `restart`) into
// `size` bytes at `out` in the layout given, as many as fit (one with `single`), those matching
// `mask` if one is given: 0 and the bytes used, ERROR_MORE_DATA when not even one fits (the next
// call starts with it), ERROR_NO_MORE_FILES at the end.
uint32_t directory_entries(int fd, const EntryLayout& l, bool restart, bool single, const std::u16string* mask,
                           uint64_t out, uint32_t size, uint32_t& used) {
  if (restart) ::lseek(fd, 0, SEEK_SET);
  alignas(8) char buf[16384];
  uint32_t previous = 0;
  used = 0;
  bool any = false, full = false;
  while (!full) {
    const off_t before = ::lseek(fd, 0, SEEK_CUR);
    long n = ::syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (n < 0) return win_error_from_errno(errno);
    if (n == 0) break;
    const DirentView* consumed = nullptr;  // the last record of this batch taken
    for (long at = 0; at < n;) {
      const auto* d = reinterpret_cast<const DirentView*>(buf + at);
      std::u16string name = utf8_to_utf16(d->d_name);
      if (mask && !wildcard_match(name, 0, *mask, 0)) {
        consumed = d;
        at += d->d_reclen;
        continue;
      }
      if ((any && single) || used + l.name_at + name.size() * 2 > size) {  // the next call starts with this one
        ::lseek(fd, consumed ? consumed->d_off : before, SEEK_SET);
        full = true;
        break;
      }
      const uint64_t e = out + used;
      std::memset(guest_pointer(e), 0, l.name_at);
      if (l.details) {
        struct stat st {};
        ::fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW);
        put<uint64_t>(e + 8, creation_time(st));
        put<uint64_t>(e + 16, filetime_of(st.st_atim));
        put<uint64_t>(e + 24, filetime_of(st.st_mtim));
        put<uint64_t>(e + 32, filetime_of(st.st_ctim));
        put<int64_t>(e + 40, S_ISDIR(st.st_mode) ? 0 : st.st_size);
        put<int64_t>(e + 48, S_ISDIR(st.st_mode) ? 0 : static_cast<int64_t>(st.st_blocks) * 512);
        put<uint32_t>(e + 56, attributes_of(st, d->d_name));
        if (l.id_at) put<uint64_t>(e + l.id_at, static_cast<uint64_t>(st.st_ino));
      }
      put<uint32_t>(e + l.name_length_at, static_cast<uint32_t>(name.size() * 2));
      std::memcpy(guest_pointer(e + l.name_at), name.data(), name.size() * 2);
      if (any) put<uint32_t>(out + previous, used - previous);  // NextEntryOffset
      previous = used;
      any = true;
      used += static_cast<uint32_t>((l.name_at + name.size() * 2 + 7) & ~size_t{7});
      consumed = d;
      at += d->d_reclen;
    }
  }
  if (!any) return full ? 234u /* ERROR_MORE_DATA */ : uint32_t{ERROR_NO_MORE_FILES};
  return 0;
}

// GetFileInformationByHandleEx for the classes programs ask of files: basic (times, attributes),
// standard (sizes, links, directory), name (the path without its drive), attribute tag, id.
BOOL GetFileInformationByHandleEx(WindowsProcess& p, Ptr h, uint32_t cls, Ptr out, uint32_t size) {
  int fd = p.fd_for_handle(h.addr);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) return fail(p, ERROR_INVALID_HANDLE);
  auto need = [&](uint32_t n) { return size >= n; };
  switch (cls) {
    case 0:  // FileBasicInfo: creation, access, write, change times; attributes
      if (!need(40)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
      put<uint64_t>(out.addr, creation_time(st));
      put<uint64_t>(out.addr + 8, filetime_of(st.st_atim));
      put<uint64_t>(out.addr + 16, filetime_of(st.st_mtim));
      put<uint64_t>(out.addr + 24, filetime_of(st.st_ctim));
      put<uint32_t>(out.addr + 32, attributes_of(st, ""));
      put<uint32_t>(out.addr + 36, 0);
      return TRUE;
    case 1:  // FileStandardInfo: allocation size, end of file, links, delete pending, directory
      if (!need(24)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
      put<int64_t>(out.addr, static_cast<int64_t>(st.st_blocks) * 512);
      put<int64_t>(out.addr + 8, S_ISDIR(st.st_mode) ? 0 : st.st_size);
      put<uint32_t>(out.addr + 16, static_cast<uint32_t>(st.st_nlink));
      put<uint8_t>(out.addr + 20, 0);
      put<uint8_t>(out.addr + 21, S_ISDIR(st.st_mode) ? 1 : 0);
      return TRUE;
    case 2: {  // FileNameInfo: byte length, then the name (not NUL-terminated)
      std::string path;
      if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return fail(p, ERROR_INVALID_PARAMETER);
      if (!final_path(p, h, 4, path)) return FALSE;
      std::u16string w = utf8_to_utf16(path);
      if (!need(4)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
      put<uint32_t>(out.addr, static_cast<uint32_t>(w.size() * 2));
      if (size < 4 + w.size() * 2) return fail(p, 234);  // ERROR_MORE_DATA
      std::memcpy(guest_pointer(out.addr + 4), w.data(), w.size() * 2);
      return TRUE;
    }
    case 9:  // FileAttributeTagInfo: attributes, reparse tag (none)
      if (!need(8)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
      put<uint32_t>(out.addr, attributes_of(st, ""));
      put<uint32_t>(out.addr + 4, 0);
      return TRUE;
    case 18:  // FileIdInfo: volume serial number, 128-bit file id
      if (!need(24)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
      put<uint64_t>(out.addr, static_cast<uint64_t>(st.st_dev));
      put<uint64_t>(out.addr + 8, static_cast<uint64_t>(st.st_ino));
      put<uint64_t>(out.addr + 16, 0);
      return TRUE;
    case 10: case 11: case 14: case 15:  // FileIdBothDirectory(Restart)Info, FileFullDirectory(Restart)Info
    {
      if (!S_ISDIR(st.st_mode)) return fail(p, ERROR_INVALID_PARAMETER);
      uint32_t used = 0;
      const uint32_t e = directory_entries(fd, cls == 10 || cls == 11 ? kIdBothDirectoryInfo : kFullDirectoryInfo,
                                           cls == 11 || cls == 15, false, nullptr, out.addr, size, used);
      return e ? fail(p, e) : TRUE;
    }
    default:
      return fail(p, ERROR_INVALID_PARAMETER);
  }
}

// GetFileInformationByName(path, class, buffer, size): what GetFileInformationByHandleEx tells of
// a file, without opening it (Windows 11 24H2's function; libuv asks for it). FileStatByNameInfo:
// FILE_STAT_INFORMATION (id, the four times, allocation and end of file, attributes, reparse tag,
// links, effective access); FileStatLxByNameInfo: the same and the owner, group, mode and device
// numbers; FileCaseSensitiveByNameInfo: a directory's flags (none: names here are looked up without
// case); FileStatBasicByNameInfo: the times, sizes and attributes with the device type and the
// volume serial number and 128-bit id of FileIdInfo. Symbolic links are followed, as every path is.
BOOL GetFileInformationByName(WindowsProcess& p, WStr name, uint32_t cls, Ptr out, uint32_t size) {
  static constexpr uint32_t kSizes[] = {72, 96, 4, 104};
  if (!name.addr || cls >= std::size(kSizes)) return fail(p, ERROR_INVALID_PARAMETER);
  if (size < kSizes[cls]) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (!p.memory.accessible(out.addr, kSizes[cls], mem::kWrite)) return fail(p, ERROR_NOACCESS);
  const std::string win = wide(name);
  const std::string path = windows_to_host_path(win);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return fail(p, path_error(path, errno));
  std::memset(guest_pointer(out.addr), 0, kSizes[cls]);
  if (cls == 2) return TRUE;  // FILE_CASE_SENSITIVE_INFORMATION: Flags 0
  const uint64_t a = out.addr;
  put<uint64_t>(a, static_cast<uint64_t>(st.st_ino));  // FileId
  put<uint64_t>(a + 8, creation_time(st));
  put<uint64_t>(a + 16, filetime_of(st.st_atim));
  put<uint64_t>(a + 24, filetime_of(st.st_mtim));
  put<uint64_t>(a + 32, filetime_of(st.st_ctim));
  put<int64_t>(a + 40, static_cast<int64_t>(st.st_blocks) * 512);
  put<int64_t>(a + 48, S_ISDIR(st.st_mode) ? 0 : st.st_size);
  const size_t slash = win.find_last_of("\\/");
  put<uint32_t>(a + 56, attributes_of(st, slash == std::string::npos ? win : win.substr(slash + 1)));
  put<uint32_t>(a + 60, 0);  // ReparseTag
  put<uint32_t>(a + 64, static_cast<uint32_t>(st.st_nlink));
  if (cls == 3) {  // FILE_STAT_BASIC_INFORMATION
    put<uint32_t>(a + 68, 7);  // FILE_DEVICE_DISK
    put<uint64_t>(a + 80, static_cast<uint64_t>(st.st_dev));  // VolumeSerialNumber, as FileIdInfo's
    put<uint64_t>(a + 88, static_cast<uint64_t>(st.st_ino));  // FileId128
    return TRUE;
  }
  put<uint32_t>(a + 68, 0x1f01ff);  // EffectiveAccess: FILE_ALL_ACCESS (every handle allows everything)
  if (cls == 1) {  // the Linux metadata: LX_FILE_METADATA_HAS_UID | _GID | _MODE | _DEVICE_ID
    put<uint32_t>(a + 72, 0xf);
    put<uint32_t>(a + 76, st.st_uid);
    put<uint32_t>(a + 80, st.st_gid);
    put<uint32_t>(a + 84, st.st_mode);
    put<uint32_t>(a + 88, major(st.st_rdev));
    put<uint32_t>(a + 92, minor(st.st_rdev));
  }
  return TRUE;
}

struct timespec timespec_of(Ptr ft);

// SetFileInformationByHandle for the classes programs set on files: basic (times; the read-only
// attribute as the owner's write permission), rename (FILE_RENAME_INFO: replace flag, root
// directory (none supported), name), disposition (delete: the name goes at once, the open file
// lives on until its handles close, as on Linux), allocation (a size below the end truncates), end
// of file.
BOOL SetFileInformationByHandle(WindowsProcess& p, Ptr h, uint32_t cls, Ptr in, uint32_t size) {
  int fd = p.fd_for_handle(h.addr);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) return fail(p, ERROR_INVALID_HANDLE);
  auto need = [&](uint32_t n) { return size >= n; };
  switch (cls) {
    case 0: {  // FileBasicInfo
      if (!need(40)) return fail(p, ERROR_INVALID_PARAMETER);
      struct timespec times[2] = {timespec_of(Ptr(in.addr + 8)), timespec_of(Ptr(in.addr + 16))};
      if (::futimens(fd, times) != 0) return fail_errno(p);
      uint32_t attributes = get<uint32_t>(in.addr + 32);
      if (attributes) {
        mode_t mode = attributes & 1 ? st.st_mode & ~0222 : st.st_mode | S_IWUSR;  // FILE_ATTRIBUTE_READONLY
        if (mode != st.st_mode && ::fchmod(fd, mode & 07777) != 0) return fail_errno(p);
      }
      return TRUE;
    }
    case 3: case 22: {  // FileRenameInfo, FileRenameInfoEx: flags/replace, root, name length, name
      const uint64_t o = p.isa->ptr;  // the root handle follows a pointer-aligned first field
      if (!need(static_cast<uint32_t>(2 * o + 6))) return fail(p, ERROR_INVALID_PARAMETER);
      const uint32_t flags = cls == 3 ? get<uint8_t>(in.addr) : get<uint32_t>(in.addr);
      const bool replace = flags & 1;  // ReplaceIfExists / FILE_RENAME_FLAG_REPLACE_IF_EXISTS
      if (p.get_ptr(in.addr + o)) return fail(p, ERROR_NOT_SUPPORTED);
      const uint32_t bytes = get<uint32_t>(in.addr + 2 * o);
      std::u16string name(reinterpret_cast<const char16_t*>(in.addr + 2 * o + 4), bytes / 2);
      std::string from = host_path_of(fd), to = windows_to_host_path(utf16_to_utf8(name));
      if (from.empty()) return fail(p, ERROR_INVALID_HANDLE);
      int r = replace ? ::rename(from.c_str(), to.c_str()) : ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
      return r == 0 ? TRUE : fail_errno(p);
    }
    case 4: case 21: {  // FileDispositionInfo (BOOLEAN DeleteFile), FileDispositionInfoEx (flags, 1: delete)
      if (!need(cls == 4 ? 1 : 4)) return fail(p, ERROR_INVALID_PARAMETER);
      if (!(cls == 4 ? get<uint8_t>(in.addr) : get<uint32_t>(in.addr) & 1)) return TRUE;
      std::string path = host_path_of(fd);
      if (path.empty()) return fail(p, ERROR_INVALID_HANDLE);
      int r = S_ISDIR(st.st_mode) ? ::rmdir(path.c_str()) : unlink_file(p, path);
      if (r != 0 && errno == ENOTEMPTY) return fail(p, ERROR_DIR_NOT_EMPTY);
      return r == 0 ? TRUE : fail_errno(p);
    }
    case 5:  // FileAllocationInfo
      if (!need(8)) return fail(p, ERROR_INVALID_PARAMETER);
      if (get<int64_t>(in.addr) < st.st_size && ::ftruncate(fd, get<int64_t>(in.addr)) != 0) return fail_errno(p);
      return TRUE;
    case 6:  // FileEndOfFileInfo
      if (!need(8)) return fail(p, ERROR_INVALID_PARAMETER);
      return ::ftruncate(fd, get<int64_t>(in.addr)) == 0 ? TRUE : fail_errno(p);
    default:
      return fail(p, ERROR_INVALID_PARAMETER);
  }
}

BOOL GetFileTime(WindowsProcess& p, Ptr h, Ptr created, Ptr accessed, Ptr written) {
  int fd = p.fd_for_handle(h.addr);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) return fail(p, ERROR_INVALID_HANDLE);
  put<uint64_t>(created.addr, creation_time(st));
  put<uint64_t>(accessed.addr, filetime_of(st.st_atim));
  put<uint64_t>(written.addr, filetime_of(st.st_mtim));
  return TRUE;
}

// A FILETIME argument as a timespec; a null pointer, or 0 / 0xFFFFFFFF'FFFFFFFF ("leave it"),
// leaves the time as it is. Linux has no settable creation time.
struct timespec timespec_of(Ptr ft) {
  uint64_t t = ft ? get<uint64_t>(ft.addr) : 0;
  if (t == 0 || t == ~0ull) return {0, UTIME_OMIT};
  int64_t unix100ns = static_cast<int64_t>(t) - kUnixEpochAsFiletime;
  int64_t secs = unix100ns / 10000000, rem = unix100ns % 10000000;
  if (rem < 0) rem += 10000000, --secs;
  return {static_cast<time_t>(secs), static_cast<long>(rem * 100)};
}

BOOL SetFileTime(WindowsProcess& p, Ptr h, Ptr, Ptr accessed, Ptr written) {
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  struct timespec times[2] = {timespec_of(accessed), timespec_of(written)};
  return ::futimens(fd, times) == 0 ? TRUE : fail_errno(p);
}

// The path an open handle refers to: "\\?\C:\dir\file" (VOLUME_NAME_DOS), through the drive's
// device (VOLUME_NAME_NT: \Device\HarddiskVolume1\dir\file), or without the drive
// (VOLUME_NAME_NONE); the GUID volume form is not available.
uint32_t final_path(WindowsProcess& p, Ptr h, uint32_t flags, std::string& out) {
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  const std::string target = host_path_of(fd);
  if (target.empty()) return fail(p, ERROR_INVALID_HANDLE);  // a pipe, socket or terminal
  std::string win = host_to_windows_path(target);
  switch (flags & 7) {
    case 0: out = "\\\\?\\" + win; return 1;      // VOLUME_NAME_DOS
    case 2: out = utf16_to_utf8(nt_path_of_dos_path(utf8_to_utf16(win))); return 1;  // VOLUME_NAME_NT
    case 4: out = win.substr(2); return 1;        // VOLUME_NAME_NONE
    default: return fail(p, ERROR_NOT_SUPPORTED);
  }
}
uint32_t GetFinalPathNameByHandleA(WindowsProcess& p, Ptr h, Ptr buf, uint32_t size, uint32_t flags) {
  std::string path;
  return final_path(p, h, flags, path) ? store(path, buf, size) : 0;
}
uint32_t GetFinalPathNameByHandleW(WindowsProcess& p, Ptr h, Ptr buf, uint32_t size, uint32_t flags) {
  std::string path;
  return final_path(p, h, flags, path) ? storew(path, buf, size) : 0;
}

// GetVolumeInformation: every volume is an NTFS-like one (case-preserving, Unicode names,
// ACLs, sparse files) without a label; its serial number from the host file system's id. Open by
// file id is not offered (there is no OpenFileById).
BOOL volume_information(WindowsProcess& p, const struct statvfs& vfs, Ptr name, uint32_t name_size, Ptr serial,
                        Ptr max_component, Ptr flags, Ptr fs_name, uint32_t fs_size, bool wide) {
  auto store = [&](Ptr buf, uint32_t chars, const std::string& text) {
    if (!buf) return true;
    std::u16string w = utf8_to_utf16(text);
    if ((wide ? w.size() : text.size()) + 1 > chars) return false;
    if (wide) std::memcpy(guest_pointer(buf.addr), w.c_str(), (w.size() + 1) * 2);
    else std::memcpy(guest_pointer(buf.addr), text.c_str(), text.size() + 1);
    return true;
  };
  if (!store(name, name_size, "") || !store(fs_name, fs_size, "NTFS")) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (serial) put<uint32_t>(serial.addr, static_cast<uint32_t>(vfs.f_fsid));
  if (max_component) put<uint32_t>(max_component.addr, static_cast<uint32_t>(vfs.f_namemax));
  if (flags) put<uint32_t>(flags.addr, 0x1 | 0x2 | 0x4 | 0x8 | 0x40);
  return TRUE;
}
BOOL volume_of_root(WindowsProcess& p, const std::string& root, Ptr name, uint32_t name_size, Ptr serial,
                    Ptr max_component, Ptr flags, Ptr fs_name, uint32_t fs_size, bool wide) {
  struct statvfs vfs;
  std::string host = root.empty() ? std::string(".") : windows_to_host_path(root);  // none: the current directory's
  if (::statvfs(host.c_str(), &vfs) != 0) return fail_errno(p);
  return volume_information(p, vfs, name, name_size, serial, max_component, flags, fs_name, fs_size, wide);
}
BOOL GetVolumeInformationA(WindowsProcess& p, CStr root, Ptr name, uint32_t name_size, Ptr serial, Ptr max_component,
                           Ptr flags, Ptr fs_name, uint32_t fs_size) {
  return volume_of_root(p, root.str(), name, name_size, serial, max_component, flags, fs_name, fs_size, false);
}
BOOL GetVolumeInformationW(WindowsProcess& p, WStr root, Ptr name, uint32_t name_size, Ptr serial, Ptr max_component,
                           Ptr flags, Ptr fs_name, uint32_t fs_size) {
  return volume_of_root(p, utf16_to_utf8(root.str()), name, name_size, serial, max_component, flags, fs_name, fs_size, true);
}
BOOL GetVolumeInformationByHandleW(WindowsProcess& p, Ptr h, Ptr name, uint32_t name_size, Ptr serial,
                                   Ptr max_component, Ptr flags, Ptr fs_name, uint32_t fs_size) {
  int fd = p.fd_for_handle(h.addr);
  struct statvfs vfs;
  if (fd < 0 || ::fstatvfs(fd, &vfs) != 0) return fail(p, ERROR_INVALID_HANDLE);
  return volume_information(p, vfs, name, name_size, serial, max_component, flags, fs_name, fs_size, true);
}

// ---- volumes: drive C: is the current directory's filesystem, Z: the root ----

bool volume_stats(WindowsProcess& p, const std::string& win_root, struct statvfs& vs) {
  std::string path = win_root.empty() ? "." : windows_to_host_path(win_root);
  if (::statvfs(path.c_str(), &vs) == 0) return true;
  p.set_last_error(errno == ENOENT ? uint32_t{ERROR_PATH_NOT_FOUND} : win_error_from_errno(errno));
  return false;
}

BOOL disk_free_ex(WindowsProcess& p, const std::string& dir, Ptr caller_free, Ptr total, Ptr total_free) {
  struct statvfs vs;
  if (!volume_stats(p, dir, vs)) return FALSE;
  put<uint64_t>(caller_free.addr, static_cast<uint64_t>(vs.f_bavail) * vs.f_frsize);
  put<uint64_t>(total.addr, static_cast<uint64_t>(vs.f_blocks) * vs.f_frsize);
  put<uint64_t>(total_free.addr, static_cast<uint64_t>(vs.f_bfree) * vs.f_frsize);
  return TRUE;
}
BOOL GetDiskFreeSpaceExA(WindowsProcess& p, CStr dir, Ptr a, Ptr b, Ptr c) { return disk_free_ex(p, dir.str(), a, b, c); }
BOOL GetDiskFreeSpaceExW(WindowsProcess& p, WStr dir, Ptr a, Ptr b, Ptr c) { return disk_free_ex(p, wide(dir), a, b, c); }

// Clusters of the filesystem's fragment size in 512-byte sectors; counts saturate at 32 bits.
BOOL disk_free(WindowsProcess& p, const std::string& root, Ptr sectors_per_cluster, Ptr bytes_per_sector,
               Ptr free_clusters, Ptr total_clusters) {
  struct statvfs vs;
  if (!volume_stats(p, root, vs)) return FALSE;
  uint64_t cluster = std::max<uint64_t>(vs.f_frsize, 512);
  put<uint32_t>(sectors_per_cluster.addr, static_cast<uint32_t>(cluster / 512));
  put<uint32_t>(bytes_per_sector.addr, 512);
  put<uint32_t>(free_clusters.addr, static_cast<uint32_t>(std::min<uint64_t>(vs.f_bavail, UINT32_MAX)));
  put<uint32_t>(total_clusters.addr, static_cast<uint32_t>(std::min<uint64_t>(vs.f_blocks, UINT32_MAX)));
  return TRUE;
}
BOOL GetDiskFreeSpaceA(WindowsProcess& p, CStr root, Ptr a, Ptr b, Ptr c, Ptr d) { return disk_free(p, root.str(), a, b, c, d); }
BOOL GetDiskFreeSpaceW(WindowsProcess& p, WStr root, Ptr a, Ptr b, Ptr c, Ptr d) { return disk_free(p, wide(root), a, b, c, d); }

uint32_t GetLogicalDrives(WindowsProcess&) { return 1u << 2 | 1u << 25; }  // C: and Z:

// "C:\", "Z:\", each NUL-terminated, then a final NUL: the length without that last NUL, or the
// size needed when the buffer is too small.
uint32_t GetLogicalDriveStringsA(WindowsProcess&, uint32_t size, Ptr buf) {
  static const char kDrives[] = "C:\\\0Z:\\\0";
  if (size < sizeof kDrives) return sizeof kDrives;
  std::memcpy(buf.as<char>(), kDrives, sizeof kDrives);
  return sizeof kDrives - 1;
}
uint32_t GetLogicalDriveStringsW(WindowsProcess&, uint32_t size, Ptr buf) {
  static const char16_t kDrives[] = u"C:\\\0Z:\\\0";
  constexpr uint32_t n = sizeof kDrives / 2;
  if (size < n) return n;
  std::memcpy(buf.as<char16_t>(), kDrives, sizeof kDrives);
  return n - 1;
}

uint32_t drive_type(const std::string& root) {
  if (root.empty()) return 3;  // the current directory's: DRIVE_FIXED
  char d = static_cast<char>(std::toupper(static_cast<unsigned char>(root[0])));
  return root.size() >= 2 && root[1] == ':' && d != 'C' && d != 'Z' ? 1 : 3;  // DRIVE_NO_ROOT_DIR
}
uint32_t GetDriveTypeA(WindowsProcess&, CStr root) { return drive_type(root.str()); }
uint32_t GetDriveTypeW(WindowsProcess&, WStr root) { return drive_type(wide(root)); }

// Device and filesystem control codes have no Linux counterpart on these handles.
BOOL DeviceIoControl(WindowsProcess& p, Ptr h, uint32_t, Ptr, uint32_t, Ptr, uint32_t, Ptr returned, Ptr) {
  put<uint32_t>(returned.addr, 0);
  return fail(p, p.fd_for_handle(h.addr) < 0 ? ERROR_INVALID_HANDLE : ERROR_INVALID_FUNCTION);
}

// ---- directories, delete, move ----

BOOL CreateDirectoryA(WindowsProcess& p, CStr name, Ptr) {
  return ::mkdir(windows_to_host_path(name.str()).c_str(), 0777) == 0 ? TRUE
         : errno == EEXIST ? fail(p, ERROR_ALREADY_EXISTS) : fail_errno(p);
}
BOOL CreateDirectoryW(WindowsProcess& p, WStr name, Ptr) {
  return ::mkdir(windows_to_host_path(wide(name)).c_str(), 0777) == 0 ? TRUE
         : errno == EEXIST ? fail(p, ERROR_ALREADY_EXISTS) : fail_errno(p);
}
// CreateDirectoryEx: the template directory's attributes are polyrun's default ones anyway.
BOOL CreateDirectoryExW(WindowsProcess& p, WStr, WStr name, Ptr sa) { return CreateDirectoryW(p, name, sa); }
BOOL CreateDirectoryExA(WindowsProcess& p, CStr, CStr name, Ptr sa) { return CreateDirectoryA(p, name, sa); }

// CopyFile(Ex): the data, the permissions and the last write time; an existing destination is
// replaced unless COPY_FILE_FAIL_IF_EXISTS (ERROR_FILE_EXISTS), a read-only one refused
// (ERROR_ACCESS_DENIED). CopyFileEx's progress routine is called once, when the data is copied
// (PROGRESS_CANCEL or PROGRESS_STOP then: the copy is removed, ERROR_REQUEST_ABORTED), and its
// cancel flag is read before the copy starts.
BOOL copy_file(WindowsProcess& p, const std::string& from, const std::string& to, bool fail_if_exists, uint64_t progress,
               uint64_t data, uint64_t cancel) {
  constexpr uint32_t kErrorRequestAborted = 1235;
  const std::string src = windows_to_host_path(from), dst = windows_to_host_path(to);
  const int in = ::open(src.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return fail_errno(p);
  struct stat st;
  if (::fstat(in, &st) != 0 || S_ISDIR(st.st_mode)) {
    ::close(in);
    return fail(p, ERROR_ACCESS_DENIED);
  }
  struct stat dst_st;
  if (::stat(dst.c_str(), &dst_st) == 0) {
    if (fail_if_exists || S_ISDIR(dst_st.st_mode) || !(dst_st.st_mode & 0200) || (dst_st.st_dev == st.st_dev && dst_st.st_ino == st.st_ino)) {
      ::close(in);
      return fail(p, fail_if_exists ? ERROR_FILE_EXISTS : ERROR_ACCESS_DENIED);
    }
  }
  if (cancel && get<int32_t>(cancel)) {
    ::close(in);
    return fail(p, kErrorRequestAborted);
  }
  const int out = ::open(dst.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 0777);
  if (out < 0) {
    const int err = errno;
    ::close(in);
    errno = err;
    return fail_errno(p);
  }
  char buf[1 << 16];
  ssize_t n;
  bool ok = true;
  while ((n = ::read(in, buf, sizeof buf)) > 0)
    if (::write(out, buf, static_cast<size_t>(n)) != n) {
      ok = false;
      break;
    }
  const int err = errno;
  ::fchmod(out, st.st_mode & 07777);
  const struct timespec times[2] = {st.st_atim, st.st_mtim};
  ::futimens(out, times);
  ::close(in);
  ::close(out);
  if (!ok || n < 0) {
    ::unlink(dst.c_str());
    errno = err;
    return fail_errno(p);
  }
  if (progress) {
    // (TotalFileSize, TotalBytesTransferred, StreamSize, StreamBytesTransferred, dwStreamNumber,
    // CALLBACK_CHUNK_FINISHED, hSourceFile, hDestinationFile, lpData): no handles are open here.
    const uint64_t size = static_cast<uint64_t>(st.st_size);
    const std::vector<uint64_t> args = p.isa->ptr == 8
        ? std::vector<uint64_t>{size, size, size, size, 1, 0, 0, 0, data}
        : std::vector<uint64_t>{size & 0xffffffff, size >> 32, size & 0xffffffff, size >> 32, size & 0xffffffff, size >> 32,
                                size & 0xffffffff, size >> 32, 1, 0, 0, 0, data};
    const uint32_t answer = static_cast<uint32_t>(p.call_guest(progress, args));
    if (answer == 1 || answer == 2) {  // PROGRESS_CANCEL, PROGRESS_STOP
      ::unlink(dst.c_str());
      return fail(p, kErrorRequestAborted);
    }
  }
  return TRUE;
}
BOOL CopyFileA(WindowsProcess& p, CStr from, CStr to, BOOL fail_if_exists) {
  return copy_file(p, from.str(), to.str(), fail_if_exists != 0, 0, 0, 0);
}
BOOL CopyFileW(WindowsProcess& p, WStr from, WStr to, BOOL fail_if_exists) {
  return copy_file(p, wide(from), wide(to), fail_if_exists != 0, 0, 0, 0);
}
BOOL CopyFileExW(WindowsProcess& p, WStr from, WStr to, Ptr progress, Ptr data, Ptr cancel, uint32_t flags) {
  return copy_file(p, wide(from), wide(to), flags & 1, progress.addr, data.addr, cancel.addr);  // COPY_FILE_FAIL_IF_EXISTS
}
BOOL CopyFileExA(WindowsProcess& p, CStr from, CStr to, Ptr progress, Ptr data, Ptr cancel, uint32_t flags) {
  return copy_file(p, from.str(), to.str(), flags & 1, progress.addr, data.addr, cancel.addr);
}

// LockFile(Ex) and UnlockFile(Ex): byte-range locks shared with every process of the host that
// takes them (open file description locks): a range another handle holds is ERROR_LOCK_VIOLATION
// (LockFileEx without LOCKFILE_FAIL_IMMEDIATELY waits for it); unlocking a range not locked so is
// ERROR_NOT_LOCKED where the host says so. The locks are advisory: reads and writes of a locked range by a program that
// does not lock are not refused as Windows refuses them.
BOOL lock_range(WindowsProcess& p, uint64_t h, uint64_t offset, uint64_t length, bool exclusive, bool wait, bool unlock) {
  constexpr uint32_t kErrorLockViolation = 33, kErrorNotLocked = ERROR_NOT_LOCKED;
  const int fd = p.fd_for_handle(h);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (!length) return unlock ? fail(p, kErrorNotLocked) : TRUE;
  struct flock fl {};
  fl.l_type = static_cast<short>(unlock ? F_UNLCK : exclusive ? F_WRLCK : F_RDLCK);
  fl.l_whence = SEEK_SET;
  fl.l_start = static_cast<off_t>(offset);
  fl.l_len = static_cast<off_t>(std::min<uint64_t>(length, INT64_MAX - offset));
  // (Unlocking a range this handle does not hold succeeds on the host: F_OFD_GETLK reports only
  // others' locks, so ERROR_NOT_LOCKED is given only when the host refuses.)
  if (unlock) return ::fcntl(fd, F_OFD_SETLK, &fl) == 0 ? TRUE : fail(p, kErrorNotLocked);
  int r;
  if (wait) {
    do r = synchronous_io(p, [&] { return ::fcntl(fd, F_OFD_SETLKW, &fl); });
    while (r != 0 && errno == EINTR && !p.stopping());
  } else {
    r = ::fcntl(fd, F_OFD_SETLK, &fl);
  }
  if (r == 0) return TRUE;
  return errno == EAGAIN || errno == EACCES ? fail(p, kErrorLockViolation) : fail_errno(p);
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

BOOL RemoveDirectoryA(WindowsProcess& p, CStr name) {
  return ::rmdir(windows_to_host_path(name.str()).c_str()) == 0 ? TRUE : fail_errno(p);
}
BOOL RemoveDirectoryW(WindowsProcess& p, WStr name) {
  return ::rmdir(windows_to_host_path(wide(name)).c_str()) == 0 ? TRUE : fail_errno(p);
}
// (a module's image file stays while it is mapped: ERROR_ACCESS_DENIED, as on Windows)
BOOL DeleteFileA(WindowsProcess& p, CStr name) {
  return unlink_file(p, windows_to_host_path(name.str())) == 0 ? TRUE : fail_errno(p);
}
BOOL DeleteFileW(WindowsProcess& p, WStr name) {
  return unlink_file(p, windows_to_host_path(wide(name))) == 0 ? TRUE : fail_errno(p);
}

BOOL move_file(WindowsProcess& p, const std::string& from, const std::string& to, uint32_t flags) {
  std::string f = windows_to_host_path(from), t = windows_to_host_path(to);
  if (!(flags & 0x1) && ::access(t.c_str(), F_OK) == 0) return fail(p, ERROR_ALREADY_EXISTS);  // MOVEFILE_REPLACE_EXISTING
  return ::rename(f.c_str(), t.c_str()) == 0 ? TRUE : fail_errno(p);
}
// Links. A symbolic link's target keeps its form: a relative one stays relative to the link (its
// separators made the host's), an absolute one names the host's file. (As on a Windows in developer
// mode or with the privilege, and as wine makes them.)
uint8_t symbolic_link(WindowsProcess& p, const std::string& link, const std::string& target, uint32_t flags) {
  constexpr uint32_t kDirectory = 1, kAllowUnprivileged = 2;
  if (flags & ~(kDirectory | kAllowUnprivileged)) return fail(p, ERROR_INVALID_PARAMETER);
  const bool absolute = (target.size() >= 2 && target[1] == ':') || (!target.empty() && (target[0] == '\\' || target[0] == '/'));
  std::string host_target = absolute ? windows_to_host_path(target) : target;
  if (!absolute) std::replace(host_target.begin(), host_target.end(), '\\', '/');
  return ::symlink(host_target.c_str(), windows_to_host_path(link).c_str()) == 0 ? TRUE : fail_errno(p);
}
uint8_t CreateSymbolicLinkW(WindowsProcess& p, WStr link, WStr target, uint32_t flags) {
  return symbolic_link(p, wide(link), wide(target), flags);
}
uint8_t CreateSymbolicLinkA(WindowsProcess& p, CStr link, CStr target, uint32_t flags) {
  return symbolic_link(p, link.str(), target.str(), flags);
}
BOOL hard_link(WindowsProcess& p, const std::string& link, const std::string& existing) {
  return ::link(windows_to_host_path(existing).c_str(), windows_to_host_path(link).c_str()) == 0 ? TRUE : fail_errno(p);
}
BOOL CreateHardLinkW(WindowsProcess& p, WStr link, WStr existing, Ptr) { return hard_link(p, wide(link), wide(existing)); }
BOOL CreateHardLinkA(WindowsProcess& p, CStr link, CStr existing, Ptr) { return hard_link(p, link.str(), existing.str()); }

BOOL MoveFileA(WindowsProcess& p, CStr from, CStr to) { return move_file(p, from.str(), to.str(), 0); }
BOOL MoveFileW(WindowsProcess& p, WStr from, WStr to) { return move_file(p, wide(from), wide(to), 0); }
BOOL MoveFileExA(WindowsProcess& p, CStr from, CStr to, uint32_t flags) { return move_file(p, from.str(), to.str(), flags); }
BOOL MoveFileExW(WindowsProcess& p, WStr from, WStr to, uint32_t flags) { return move_file(p, wide(from), wide(to), flags); }

// ---- FindFirstFile / FindNextFile ----

struct FindState {
  std::string dir;
  std::vector<std::string> names;
  size_t next = 0;
  bool streams = false;  // FindFirstStreamW's: `names` are a file's streams, each `stream_size` long
  uint64_t stream_size = 0;
};
std::map<uint64_t, std::unique_ptr<FindState>> g_finds;
uint64_t g_next_find = 0xf1d000;

// WIN32_FIND_DATA: attributes, 3 FILETIMEs, size high/low, 2 reserved, name[260], alt name[14].
void fill_find_data(WindowsProcess&, FindState& f, const std::string& name, Ptr out, bool w) {
  struct stat st {};
  ::stat((f.dir + "/" + name).c_str(), &st);
  std::memset(out.as<void>(), 0, w ? 592 : 320);
  put<uint32_t>(out.addr, attributes_of(st, name));
  put<uint64_t>(out.addr + 4, creation_time(st));
  put<uint64_t>(out.addr + 12, filetime_of(st.st_atim));
  put<uint64_t>(out.addr + 20, filetime_of(st.st_mtim));
  put<uint32_t>(out.addr + 28, static_cast<uint32_t>(static_cast<uint64_t>(st.st_size) >> 32));
  put<uint32_t>(out.addr + 32, static_cast<uint32_t>(st.st_size));
  if (w) {
    std::u16string n = utf8_to_utf16(name).substr(0, 259);
    std::memcpy(out.as<char>() + 44, n.c_str(), (n.size() + 1) * 2);
  } else {
    std::string n = name.substr(0, 259);
    std::memcpy(out.as<char>() + 44, n.c_str(), n.size() + 1);
  }
}

uint64_t find_first(WindowsProcess& p, const std::string& spec, Ptr out, bool w) {
  auto f = std::make_unique<FindState>();
  if (!list_matching(spec, f->dir, f->names)) {
    p.set_last_error(errno == ENOENT ? uint32_t{ERROR_PATH_NOT_FOUND} : win_error_from_errno(errno));
    return kInvalidHandle;
  }
  if (f->names.empty()) {
    p.set_last_error(ERROR_FILE_NOT_FOUND);
    return kInvalidHandle;
  }
  fill_find_data(p, *f, f->names[0], out, w);
  f->next = 1;
  uint64_t h = g_next_find += 4;
  g_finds[h] = std::move(f);
  return h;
}

Ptr FindFirstFileA(WindowsProcess& p, CStr spec, Ptr out) { return Ptr(find_first(p, spec.str(), out, false)); }
Ptr FindFirstFileW(WindowsProcess& p, WStr spec, Ptr out) { return Ptr(find_first(p, wide(spec), out, true)); }
// FindFirstFileEx: FindExInfoStandard (0) or FindExInfoBasic (1, no short name), every name
// (FindExSearchNameMatch); directory-only searches are a hint Windows itself may ignore.
Ptr FindFirstFileExW(WindowsProcess& p, WStr spec, int32_t level, Ptr out, int32_t search, Ptr filter, uint32_t) {
  if (level > 1 || search > 1 || filter) return Ptr(invalid_parameter(p));
  return Ptr(find_first(p, wide(spec), out, true));
}
Ptr FindFirstFileExA(WindowsProcess& p, CStr spec, int32_t level, Ptr out, int32_t search, Ptr filter, uint32_t) {
  if (level > 1 || search > 1 || filter) return Ptr(invalid_parameter(p));
  return Ptr(find_first(p, spec.str(), out, false));
}

BOOL find_next(WindowsProcess& p, Ptr h, Ptr out, bool w) {
  auto it = g_finds.find(h.addr);
  if (it == g_finds.end() || it->second->streams) return fail(p, ERROR_INVALID_HANDLE);
  FindState& f = *it->second;
  if (f.next >= f.names.size()) return fail(p, ERROR_NO_MORE_FILES);
  fill_find_data(p, f, f.names[f.next++], out, w);
  return TRUE;
}
BOOL FindNextFileA(WindowsProcess& p, Ptr h, Ptr out) { return find_next(p, h, out, false); }
BOOL FindNextFileW(WindowsProcess& p, Ptr h, Ptr out) { return find_next(p, h, out, true); }
// A file's data streams (FindFirstStreamW, FindStreamInfoStandard): WIN32_FIND_STREAM_DATA is the
// stream's size (LARGE_INTEGER) and its name (MAX_PATH + 36 characters). A file here has one, its
// unnamed data stream "::$DATA"; a directory has none (ERROR_HANDLE_EOF, as on NTFS).
constexpr uint32_t kStreamNameChars = 260 + 36;
void fill_stream_data(const FindState& f, Ptr out) {
  std::memset(out.as<void>(), 0, 8 + kStreamNameChars * 2);
  put<uint64_t>(out.addr, f.stream_size);
  std::u16string n = utf8_to_utf16(f.names[f.next]);
  std::memcpy(out.as<char>() + 8, n.c_str(), (n.size() + 1) * 2);
}
Ptr FindFirstStreamW(WindowsProcess& p, WStr path, int32_t level, Ptr out, uint32_t flags) {
  if (level != 0 || flags || !out) return Ptr(invalid_parameter(p));
  struct stat st {};
  if (::stat(windows_to_host_path(wide(path)).c_str(), &st) != 0) {
    p.set_last_error(errno == ENOENT ? uint32_t{ERROR_FILE_NOT_FOUND} : win_error_from_errno(errno));
    return Ptr(kInvalidHandle);
  }
  if (S_ISDIR(st.st_mode)) {
    p.set_last_error(ERROR_HANDLE_EOF);
    return Ptr(kInvalidHandle);
  }
  auto f = std::make_unique<FindState>();
  f->streams = true;
  f->names = {"::$DATA"};
  f->stream_size = static_cast<uint64_t>(st.st_size);
  fill_stream_data(*f, out);
  f->next = 1;
  uint64_t h = g_next_find += 4;
  g_finds[h] = std::move(f);
  return Ptr(h);
}
BOOL FindNextStreamW(WindowsProcess& p, Ptr h, Ptr out) {
  auto it = g_finds.find(h.addr);
  if (it == g_finds.end() || !it->second->streams) return fail(p, ERROR_INVALID_HANDLE);
  FindState& f = *it->second;
  if (f.next >= f.names.size()) return fail(p, ERROR_HANDLE_EOF);
  fill_stream_data(f, out);
  ++f.next;
  return TRUE;
}

BOOL FindClose(WindowsProcess& p, Ptr h) { return g_finds.erase(h.addr) ? TRUE : fail(p, ERROR_INVALID_HANDLE); }

// ---- paths and the current directory ----

// Copies a result string into a caller's buffer of `size` characters: the length without the
// NUL on success, the size needed (with the NUL) when it does not fit.
uint32_t store(const std::string& s, Ptr buf, uint32_t size) {
  if (s.size() + 1 > size) return static_cast<uint32_t>(s.size() + 1);
  std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
  return static_cast<uint32_t>(s.size());
}
uint32_t storew(const std::string& s, Ptr buf, uint32_t size) {
  std::u16string w = utf8_to_utf16(s);
  if (w.size() + 1 > size) return static_cast<uint32_t>(w.size() + 1);
  std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  return static_cast<uint32_t>(w.size());
}

// A DOS device's name (NUL, CON, AUX, PRN, COM1-9, LPT1-9, CONIN$, CONOUT$) in any directory, any
// case, with any extension, is the device, which GetFullPathName gives as \\.\NAME.
std::string dos_device(const std::string& name) {
  std::string last = name.substr(name.find_last_of("\\/:") == std::string::npos ? 0 : name.find_last_of("\\/:") + 1);
  last = last.substr(0, last.find('.'));
  while (!last.empty() && last.back() == ' ') last.pop_back();
  for (char& c : last) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static const char* const kDevices[] = {"NUL", "CON", "AUX", "PRN", "CONIN$", "CONOUT$"};
  for (const char* d : kDevices)
    if (last == d) return last;
  if (last.size() == 4 && (last.rfind("COM", 0) == 0 || last.rfind("LPT", 0) == 0) && last[3] >= '1' && last[3] <= '9') return last;
  return {};
}
std::string full_path_name(const std::string& name) {
  if (name.rfind("\\\\", 0) != 0) {
    std::string device = dos_device(name);
    if (!device.empty()) return "\\\\.\\" + device;
  }
  return windows_full_path(name);
}

uint32_t GetFullPathNameA(WindowsProcess& p, CStr name, uint32_t size, Ptr buf, Ptr file_part) {
  std::string full = full_path_name(name.str());
  uint32_t r = store(full, buf, size);
  if (r < size && file_part) p.put_ptr(file_part.addr, buf.addr + full.find_last_of('\\') + 1);
  return r;
}

// SearchPath: the file (with `extension` added when its name has none) in the directories of `path`
// (';'-separated), or where Windows looks by default: the program's directory, the current one,
// the system and Windows directories, then PATH. The full path: its length, or (too small a buffer)
// the size it needs with its NUL; 0 and ERROR_FILE_NOT_FOUND when it is nowhere.
std::string search_file(WindowsProcess& p, const std::string& path, const std::string& name, const std::string& extension) {
  std::string file = name;
  const size_t last = file.find_last_of("\\/");
  if (!extension.empty() && file.find('.', last == std::string::npos ? 0 : last) == std::string::npos) file += extension;
  auto exists = [](const std::string& windows) {
    struct stat st;
    return ::stat(windows_to_host_path(windows).c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
  };
  if (file.find_first_of("\\/:") != std::string::npos) return exists(file) ? full_path_name(file) : "";
  std::vector<std::string> dirs;
  if (!path.empty()) {
    for (size_t at = 0; at <= path.size();) {
      size_t end = path.find(';', at);
      if (end == std::string::npos) end = path.size();
      if (end > at) dirs.push_back(path.substr(at, end - at));
      at = end + 1;
    }
  } else {
    const size_t cut = p.exe_path.find_last_of('\\');
    if (cut != std::string::npos) dirs.push_back(p.exe_path.substr(0, cut));
    dirs.push_back(windows_current_directory());
    dirs.push_back("C:\\windows\\system32");
    dirs.push_back("C:\\windows");
    for (auto& d : search_path(p)) dirs.push_back(std::move(d));
  }
  for (const std::string& d : dirs) {
    const std::string candidate = d + (d.back() == '\\' || d.back() == '/' ? "" : "\\") + file;
    if (exists(candidate)) return full_path_name(candidate);
  }
  return "";
}
uint32_t search_path_result(WindowsProcess& p, const std::string& found, Ptr buf, uint32_t size, Ptr file_part, bool wide_out) {
  if (found.empty()) return fail(p, ERROR_FILE_NOT_FOUND), 0;
  const uint32_t r = wide_out ? storew(found, buf, size) : store(found, buf, size);
  if (r < size && file_part) {
    const size_t cut = found.find_last_of('\\') + 1;
    const size_t offset = wide_out ? utf8_to_utf16(found.substr(0, cut)).size() * 2 : cut;
    p.put_ptr(file_part.addr, buf.addr + offset);
  }
  return r;
}
uint32_t SearchPathW(WindowsProcess& p, WStr path, WStr name, WStr extension, uint32_t size, Ptr buf, Ptr file_part) {
  return search_path_result(p, search_file(p, wide(path), wide(name), wide(extension)), buf, size, file_part, true);
}
uint32_t SearchPathA(WindowsProcess& p, CStr path, CStr name, CStr extension, uint32_t size, Ptr buf, Ptr file_part) {
  return search_path_result(p, search_file(p, path.str(), name.str(), extension.str()), buf, size, file_part, false);
}

uint32_t GetFullPathNameW(WindowsProcess& p, WStr name, uint32_t size, Ptr buf, Ptr file_part) {
  std::string full = full_path_name(wide(name));
  uint32_t r = storew(full, buf, size);
  if (r < size && file_part) {
    std::u16string w = utf8_to_utf16(full);
    p.put_ptr(file_part.addr, buf.addr + (w.find_last_of(u'\\') + 1) * 2);
  }
  return r;
}

// GetLongPathName / GetShortPathName: the path of an existing file or directory as given (names here
// have no 8.3 aliases: Windows gives the long name back where short names are not made); a missing
// one is ERROR_FILE_NOT_FOUND (ERROR_PATH_NOT_FOUND for a missing directory on the way).
uint32_t same_path_name(WindowsProcess& p, const std::string& name, Ptr buf, uint32_t size, bool wide_out) {
  if (name.empty()) return fail(p, ERROR_INVALID_PARAMETER), 0;
  struct stat st;
  if (::stat(windows_to_host_path(name).c_str(), &st) != 0) {
    return fail(p, errno == ENOENT ? ERROR_FILE_NOT_FOUND : errno == ENOTDIR ? ERROR_PATH_NOT_FOUND : win_error_from_errno(errno)), 0;
  }
  return wide_out ? storew(name, buf, size) : store(name, buf, size);
}
uint32_t GetLongPathNameW(WindowsProcess& p, WStr name, Ptr buf, uint32_t size) { return same_path_name(p, wide(name), buf, size, true); }
uint32_t GetLongPathNameA(WindowsProcess& p, CStr name, Ptr buf, uint32_t size) { return same_path_name(p, name.str(), buf, size, false); }
uint32_t GetShortPathNameW(WindowsProcess& p, WStr name, Ptr buf, uint32_t size) { return same_path_name(p, wide(name), buf, size, true); }
uint32_t GetShortPathNameA(WindowsProcess& p, CStr name, Ptr buf, uint32_t size) { return same_path_name(p, name.str(), buf, size, false); }

uint32_t GetCurrentDirectoryA(WindowsProcess&, uint32_t size, Ptr buf) { return store(windows_current_directory(), buf, size); }
uint32_t GetCurrentDirectoryW(WindowsProcess&, uint32_t size, Ptr buf) { return storew(windows_current_directory(), buf, size); }
BOOL SetCurrentDirectoryA(WindowsProcess& p, CStr name) {
  return ::chdir(windows_to_host_path(name.str()).c_str()) == 0 ? TRUE : fail_errno(p);
}
BOOL SetCurrentDirectoryW(WindowsProcess& p, WStr name) {
  return ::chdir(windows_to_host_path(wide(name)).c_str()) == 0 ? TRUE : fail_errno(p);
}

std::string temp_path() {
  const char* t = std::getenv("TMPDIR");
  return host_to_windows_path(t && *t ? t : "/tmp") + "\\";
}
uint32_t GetTempPathA(WindowsProcess&, uint32_t size, Ptr buf) { return store(temp_path(), buf, size); }
uint32_t GetTempPathW(WindowsProcess&, uint32_t size, Ptr buf) { return storew(temp_path(), buf, size); }

// GetTempFileName: DIR\PREFIX(3)UUUU.TMP, UUUU the unique number in hex. With unique 0 the number
// is chosen and the file created (empty), trying the next number while one exists; otherwise the
// name is only formed. The number, 0 on failure. The name fits MAX_PATH (260).
uint32_t temp_file_name(WindowsProcess& p, std::string dir, const std::string& prefix, uint32_t unique,
                        std::string& out) {
  if (!dir.empty() && dir.back() != '\\' && dir.back() != '/') dir += '\\';
  auto name = [&](uint32_t n) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "%X", n & 0xffff);
    return dir + prefix.substr(0, 3) + hex + ".TMP";
  };
  if (unique) {
    out = name(unique);
    return out.size() < 260 ? (unique & 0xffff) : (p.set_last_error(ERROR_BUFFER_OVERFLOW), 0u);
  }
  struct stat st;
  std::string host_dir = windows_to_host_path(windows_full_path(dir));
  if (::stat(host_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    p.set_last_error(ERROR_DIRECTORY);
    return 0;
  }
  uint32_t start = static_cast<uint32_t>(::getpid() ^ ::time(nullptr)) & 0xffff;
  for (uint32_t i = 0; i < 0x10000; ++i) {
    uint32_t n = ((start + i) & 0xffff) ? (start + i) & 0xffff : 1;
    out = name(n);
    if (out.size() >= 260) {
      p.set_last_error(ERROR_BUFFER_OVERFLOW);
      return 0;
    }
    int fd = ::open(windows_to_host_path(windows_full_path(out)).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      return n;
    }
    if (errno != EEXIST) {
      fail_errno(p);
      return 0;
    }
  }
  p.set_last_error(ERROR_FILE_EXISTS);
  return 0;
}
uint32_t GetTempFileNameA(WindowsProcess& p, CStr dir, CStr prefix, uint32_t unique, Ptr buf) {
  std::string out;
  uint32_t n = temp_file_name(p, dir.str(), prefix.str(), unique, out);
  if (n) std::memcpy(buf.as<char>(), out.c_str(), out.size() + 1);
  return n;
}
uint32_t GetTempFileNameW(WindowsProcess& p, WStr dir, WStr prefix, uint32_t unique, Ptr buf) {
  std::string out;
  uint32_t n = temp_file_name(p, wide(dir), wide(prefix), unique, out);
  if (n) {
    std::u16string w = utf8_to_utf16(out);
    std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  }
  return n;
}

// ---- the native API's file information: directories, settings, volumes ----

// IO_STATUS_BLOCK: Status (pointer-sized), Information.
uint32_t complete(WindowsProcess& p, Ptr iosb, uint32_t status, uint64_t information) {
  if (iosb) {
    p.put_ptr(iosb.addr, status);
    p.put_ptr(iosb.addr + p.isa->ptr, information);
  }
  return status;
}

// NtQueryDirectoryFile(handle, event, apc, apc context, iosb, buffer, length, class, single entry,
// mask (UNICODE_STRING), restart): the directory's entries from where the last call stopped, in the
// class's layout; STATUS_NO_MORE_FILES at the end, STATUS_BUFFER_OVERFLOW when not one fits. The
// handles here do synchronous I/O: the call is done when it returns (no event or APC to signal).
uint32_t NtQueryDirectoryFile(WindowsProcess& p, Ptr h, Ptr, Ptr, Ptr, Ptr iosb, Ptr out, uint32_t size, uint32_t cls,
                              uint8_t single, Ptr mask, uint8_t restart) {
  const EntryLayout* l;
  switch (cls) {
    case 1: l = &kDirectoryInfo; break;        // FileDirectoryInformation
    case 2: l = &kFullDirectoryInfo; break;    // FileFullDirectoryInformation
    case 3: l = &kBothDirectoryInfo; break;    // FileBothDirectoryInformation
    case 12: l = &kNamesInfo; break;           // FileNamesInformation
    case 37: l = &kIdBothDirectoryInfo; break; // FileIdBothDirectoryInformation
    case 38: l = &kIdFullDirectoryInfo; break; // FileIdFullDirectoryInformation
    default: return nt::kInvalidInfoClass;
  }
  const int fd = p.fd_for_handle(h.addr);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) return nt::kInvalidHandle;
  if (!S_ISDIR(st.st_mode)) return nt::kInvalidParameter;
  // The mask of a handle's first call holds for every later one (RestartScan included), as
  // ZwQueryDirectoryFile's page says; a later call's mask is ignored.
  // (By handle, under the execution lock: handle values are never reused.)
  static std::map<uint64_t, std::optional<std::u16string>> masks;
  auto first = masks.find(h.addr);
  if (first == masks.end()) {
    std::optional<std::u16string> pattern;
    if (mask) {  // UNICODE_STRING: Length (bytes), MaximumLength, Buffer
      const uint16_t bytes = get<uint16_t>(mask.addr);
      pattern.emplace(reinterpret_cast<const char16_t*>(p.get_ptr(mask.addr + p.isa->ptr)), bytes / 2);
      if (*pattern == u"*") pattern.reset();
    }
    first = masks.insert_or_assign(h.addr, pattern).first;
  }
  const std::u16string* pattern = first->second ? &*first->second : nullptr;
  uint32_t used = 0;
  const uint32_t e = directory_entries(fd, *l, restart, single, pattern, out.addr, size, used);
  if (e == ERROR_NO_MORE_FILES) return complete(p, iosb, nt::kNoMoreFiles, 0);
  if (e == 234) return complete(p, iosb, nt::kBufferOverflow, 0);
  if (e) return complete(p, iosb, nt_status_from_win_error(e), 0);
  return complete(p, iosb, nt::kSuccess, used);
}

// NtQueryInformationFile for the classes programs ask of an open handle: FileBasicInformation (4),
// FileStandardInformation (5), FileInternalInformation (6: the file id), FileEaInformation (7: no
// extended attributes), FileAccessInformation (8: the access the handle was opened with,
// FILE_GENERIC_READ and FILE_GENERIC_WRITE as its descriptor reads and writes — libuv asks of a pipe
// it is handed), FileNameInformation (9: the path without its drive), FilePositionInformation (14),
// FileModeInformation (16: every handle here does synchronous I/O, FILE_SYNCHRONOUS_IO_NONALERT —
// Go asks to tell overlapped handles apart), FileAlignmentInformation (17), FileAllInformation (18:
// all of those, what libuv's stat asks; STATUS_BUFFER_OVERFLOW when the name is cut short),
// FilePipeInformation (23) and FilePipeLocalInformation (24) of a pipe end (STATUS_INVALID_PARAMETER
// for another handle, as Windows answers), FileNetworkOpenInformation (34) and
// FileAttributeTagInformation (35). Other classes are refused
// with STATUS_INVALID_INFO_CLASS.
uint32_t NtQueryInformationFile(WindowsProcess& p, Ptr h, Ptr iosb, Ptr out, uint32_t size, uint32_t cls) {
  const int fd = p.fd_for_handle(h.addr);
  struct stat st;
  if (fd < 0) return nt::kInvalidHandle;
  if (::fstat(fd, &st) != 0) return nt_status_from_errno(errno);
  const bool dir = S_ISDIR(st.st_mode), regular = S_ISREG(st.st_mode);
  auto basic = [&](uint64_t at) {  // FILE_BASIC_INFORMATION, 40 bytes
    put<uint64_t>(at, creation_time(st));
    put<uint64_t>(at + 8, filetime_of(st.st_atim));
    put<uint64_t>(at + 16, filetime_of(st.st_mtim));
    put<uint64_t>(at + 24, filetime_of(st.st_ctim));
    put<uint32_t>(at + 32, attributes_of(st, ""));
    put<uint32_t>(at + 36, 0);
  };
  auto standard = [&](uint64_t at) {  // FILE_STANDARD_INFORMATION, 24 bytes
    put<int64_t>(at, regular ? static_cast<int64_t>(st.st_blocks) * 512 : 0);  // AllocationSize
    put<int64_t>(at + 8, regular ? st.st_size : 0);                          // EndOfFile
    put<uint32_t>(at + 16, static_cast<uint32_t>(st.st_nlink));               // NumberOfLinks
    put<uint8_t>(at + 20, 0);                                                  // DeletePending
    put<uint8_t>(at + 21, dir ? 1 : 0);                                        // Directory
    put<uint16_t>(at + 22, 0);
  };
  auto access = [&] {
    const int mode = ::fcntl(fd, F_GETFL) & O_ACCMODE;
    constexpr uint32_t kGenericRead = 0x120089, kGenericWrite = 0x120116;
    return (mode != O_WRONLY ? kGenericRead : 0) | (mode != O_RDONLY ? kGenericWrite : 0);
  };
  auto position = [&] {
    const off_t at = ::lseek(fd, 0, SEEK_CUR);
    return static_cast<int64_t>(at < 0 ? 0 : at);
  };
  // FILE_NAME_INFORMATION at `at` with `room` bytes: the name's length, then as much of it as fits.
  auto name = [&](uint64_t at, uint32_t room, uint32_t& used) {
    std::string path;
    std::u16string w;
    if (regular || dir) {
      path = host_to_windows_path(host_path_of(fd));
      w = utf8_to_utf16(path.size() > 2 && path[1] == ':' ? path.substr(2) : path);
    }
    put<uint32_t>(at, static_cast<uint32_t>(w.size() * 2));
    const uint32_t fits = std::min<uint32_t>(room - 4, static_cast<uint32_t>(w.size() * 2)) & ~1u;
    std::memcpy(guest_pointer(at + 4), w.data(), fits);
    used = 4 + fits;
    return fits == w.size() * 2;
  };
  auto need = [&](uint32_t n) { return size >= n; };
  uint32_t used = 0;
  bool whole = true;
  switch (cls) {
    case 4:
      if (!need(40)) return nt::kInfoLengthMismatch;
      basic(out.addr), used = 40;
      break;
    case 5:
      if (!need(24)) return nt::kInfoLengthMismatch;
      standard(out.addr), used = 24;
      break;
    case 6:
      if (!need(8)) return nt::kInfoLengthMismatch;
      put<uint64_t>(out.addr, static_cast<uint64_t>(st.st_ino)), used = 8;
      break;
    case 7:
      if (!need(4)) return nt::kInfoLengthMismatch;
      put<uint32_t>(out.addr, 0), used = 4;
      break;
    case 8:
      if (!need(4)) return nt::kInfoLengthMismatch;
      put<uint32_t>(out.addr, access()), used = 4;
      break;
    case 9:
      if (!need(4)) return nt::kInfoLengthMismatch;
      whole = name(out.addr, size, used);
      break;
    case 14:
      if (!need(8)) return nt::kInfoLengthMismatch;
      put<int64_t>(out.addr, position()), used = 8;
      break;
    case 16:
      if (!need(4)) return nt::kInfoLengthMismatch;
      // FILE_SYNCHRONOUS_IO_NONALERT, or none for a handle opened for overlapped I/O.
      put<uint32_t>(out.addr, p.overlapped_handles.count(h.addr) ? 0 : 0x20), used = 4;
      break;
    case 17:
      if (!need(4)) return nt::kInfoLengthMismatch;
      put<uint32_t>(out.addr, 0), used = 4;  // FILE_BYTE_ALIGNMENT
      break;
    case 18: {  // Basic, Standard, Internal, Ea, Access, Position, Mode, Alignment, Name
      if (!need(100)) return nt::kInfoLengthMismatch;
      basic(out.addr);
      standard(out.addr + 40);
      put<uint64_t>(out.addr + 64, static_cast<uint64_t>(st.st_ino));
      put<uint32_t>(out.addr + 72, 0);
      put<uint32_t>(out.addr + 76, access());
      put<int64_t>(out.addr + 80, position());
      put<uint32_t>(out.addr + 88, 0x20);
      put<uint32_t>(out.addr + 92, 0);
      whole = name(out.addr + 96, size - 96, used);
      used += 96;
      break;
    }
    case 23:    // FILE_PIPE_INFORMATION: ReadMode, CompletionMode
    case 24: {  // FILE_PIPE_LOCAL_INFORMATION
      PipeFacts f;
      if (!pipe_facts(p, h.addr, f)) return nt::kInvalidParameter;
      if (!need(cls == 23 ? 8 : 40)) return nt::kInfoLengthMismatch;
      if (cls == 23) {
        put<uint32_t>(out.addr, f.read_message ? 1 : 0);
        put<uint32_t>(out.addr + 4, f.nowait ? 1 : 0);
        used = 8;
        break;
      }
      const uint32_t fields[10] = {f.type, f.configuration, f.max_instances, f.instances, f.inbound_quota,
                                   f.read_available, f.outbound_quota, f.write_quota_available, f.state, f.end};
      std::memcpy(out.as<char>(), fields, sizeof fields);
      used = 40;
      break;
    }
    case 34:  // FILE_NETWORK_OPEN_INFORMATION: the times, sizes, attributes
      if (!need(56)) return nt::kInfoLengthMismatch;
      basic(out.addr);
      put<int64_t>(out.addr + 32, regular ? static_cast<int64_t>(st.st_blocks) * 512 : 0);
      put<int64_t>(out.addr + 40, regular ? st.st_size : 0);
      put<uint32_t>(out.addr + 48, attributes_of(st, ""));
      put<uint32_t>(out.addr + 52, 0);
      used = 56;
      break;
    case 35:  // FILE_ATTRIBUTE_TAG_INFORMATION: attributes, no reparse tag
      if (!need(8)) return nt::kInfoLengthMismatch;
      put<uint32_t>(out.addr, attributes_of(st, ""));
      put<uint32_t>(out.addr + 4, 0);
      used = 8;
      break;
    default: return nt::kInvalidInfoClass;
  }
  return complete(p, iosb, whole ? nt::kSuccess : nt::kBufferOverflow, used);
}

// NtSetInformationFile: the classes SetFileInformationByHandle sets, by their native numbers (the
// same structures), and the file position.
uint32_t NtSetInformationFile(WindowsProcess& p, Ptr h, Ptr iosb, Ptr in, uint32_t size, uint32_t cls) {
  const int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return nt::kInvalidHandle;
  if (cls == 14) {  // FilePositionInformation: CurrentByteOffset
    if (size < 8) return nt::kInfoLengthMismatch;
    if (::lseek(fd, get<int64_t>(in.addr), SEEK_SET) < 0) return complete(p, iosb, nt_status_from_errno(errno), 0);
    return complete(p, iosb, nt::kSuccess, 0);
  }
  if (cls == 10 || cls == 65) {
    // FILE_RENAME_INFORMATION's name is an NT path ("\\??\\C:\\…"), where SetFileInformationByHandle's
    // is a Win32 one; another form is refused as wine 8.0 refuses it.
    const uint64_t o = p.isa->ptr;
    if (size < 2 * o + 4) return nt::kInfoLengthMismatch;
    const uint32_t bytes = get<uint32_t>(in.addr + 2 * o);
    if (size < 2 * o + 4 + bytes) return nt::kInfoLengthMismatch;
    std::u16string name(reinterpret_cast<const char16_t*>(in.addr + 2 * o + 4), bytes / 2);
    if (name.rfind(u"\\??\\", 0) != 0) return complete(p, iosb, 0xc000003b, 0);  // STATUS_OBJECT_PATH_SYNTAX_BAD
    name = name.substr(4);
    std::vector<uint8_t> win32(2 * o + 4 + name.size() * 2 + 2, 0);
    std::memcpy(win32.data(), guest_pointer(in.addr), 2 * o);
    const uint32_t new_bytes = static_cast<uint32_t>(name.size() * 2);
    std::memcpy(win32.data() + 2 * o, &new_bytes, 4);
    std::memcpy(win32.data() + 2 * o + 4, name.data(), new_bytes);
    const uint64_t copy = p.heap.alloc(win32.size(), false);
    std::memcpy(guest_pointer(copy), win32.data(), win32.size());
    const BOOL ok = SetFileInformationByHandle(p, h, cls == 10 ? 3 : 22, Ptr(copy), static_cast<uint32_t>(win32.size()));
    p.heap.free(copy);
    return complete(p, iosb, ok ? nt::kSuccess : nt_status_from_win_error(p.last_error()), 0);
  }
  uint32_t by_handle;
  switch (cls) {
    case 4: by_handle = 0; break;    // FileBasicInformation: FileBasicInfo
    case 13: by_handle = 4; break;   // FileDispositionInformation: FileDispositionInfo
    case 64: by_handle = 21; break;  // FileDispositionInformationEx
    case 19: by_handle = 5; break;   // FileAllocationInformation
    case 20: by_handle = 6; break;   // FileEndOfFileInformation
    default: return nt::kInvalidInfoClass;
  }
  if (!SetFileInformationByHandle(p, h, by_handle, in, size)) {
    return complete(p, iosb, nt_status_from_win_error(p.last_error()), 0);
  }
  return complete(p, iosb, nt::kSuccess, 0);
}

// NtQueryVolumeInformationFile: the volume a handle's file is on, as GetVolumeInformation describes
// every volume here (NTFS, no label, the host file system's id as serial number), its sizes, and the
// device the handle is (a disk's file, a pipe, the null device, a console).
uint32_t NtQueryVolumeInformationFile(WindowsProcess& p, Ptr h, Ptr iosb, Ptr out, uint32_t size, uint32_t cls) {
  const int fd = p.fd_for_handle(h.addr);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) return nt::kInvalidHandle;
  struct statvfs vfs {};
  ::fstatvfs(fd, &vfs);
  const uint64_t unit = vfs.f_frsize ? vfs.f_frsize : 4096;
  auto fits = [&](uint32_t n) { return size >= n; };
  switch (cls) {
    case 1: {  // FileFsVolumeInformation: creation time, serial, label length, supports objects, label
      if (!fits(18)) return nt::kInfoLengthMismatch;
      std::memset(out.as<void>(), 0, 18);
      put<uint32_t>(out.addr + 8, static_cast<uint32_t>(vfs.f_fsid));
      return complete(p, iosb, nt::kSuccess, 18);
    }
    case 3:  // FileFsSizeInformation: total and available units, sectors per unit, bytes per sector
      if (!fits(24)) return nt::kInfoLengthMismatch;
      put<uint64_t>(out.addr, vfs.f_blocks);
      put<uint64_t>(out.addr + 8, vfs.f_bavail);
      put<uint32_t>(out.addr + 16, static_cast<uint32_t>(unit / 512));
      put<uint32_t>(out.addr + 20, 512);
      return complete(p, iosb, nt::kSuccess, 24);
    case 4: {  // FileFsDeviceInformation: device type, characteristics
      if (!fits(8)) return nt::kInfoLengthMismatch;
      uint32_t type = 0x8;                                              // FILE_DEVICE_DISK_FILE_SYSTEM
      if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) type = 0x11;    // FILE_DEVICE_NAMED_PIPE
      else if (S_ISCHR(st.st_mode)) type = ::isatty(fd) ? 0x50 : 0x15;  // FILE_DEVICE_CONSOLE, FILE_DEVICE_NULL
      put<uint32_t>(out.addr, type);
      put<uint32_t>(out.addr + 4, 0);
      return complete(p, iosb, nt::kSuccess, 8);
    }
    case 5: {  // FileFsAttributeInformation: attributes, longest name, the file system's name
      if (!fits(12)) return nt::kInfoLengthMismatch;
      const std::u16string name = u"NTFS";
      put<uint32_t>(out.addr, 0x1 | 0x2 | 0x4 | 0x8 | 0x40);
      put<uint32_t>(out.addr + 4, static_cast<uint32_t>(vfs.f_namemax ? vfs.f_namemax : 255));
      put<uint32_t>(out.addr + 8, static_cast<uint32_t>(name.size() * 2));
      const uint32_t room = std::min<uint32_t>(size - 12, static_cast<uint32_t>(name.size() * 2));
      std::memcpy(guest_pointer(out.addr + 12), name.data(), room);
      return complete(p, iosb, room < name.size() * 2 ? nt::kBufferOverflow : nt::kSuccess, 12 + room);
    }
    case 7:  // FileFsFullSizeInformation: total, caller-available, available units; sectors; bytes
      if (!fits(32)) return nt::kInfoLengthMismatch;
      put<uint64_t>(out.addr, vfs.f_blocks);
      put<uint64_t>(out.addr + 8, vfs.f_bavail);
      put<uint64_t>(out.addr + 16, vfs.f_bfree);
      put<uint32_t>(out.addr + 24, static_cast<uint32_t>(unit / 512));
      put<uint32_t>(out.addr + 28, 512);
      return complete(p, iosb, nt::kSuccess, 32);
    default: return nt::kInvalidInfoClass;
  }
}

// NtDeviceIoControlFile: no device here answers a control code (files, pipes and sockets are
// host descriptors; AFD's poll, which libuv's uv_poll sends a socket, among them): the request
// is refused as Windows refuses a code a driver does not know, and said once at debug level.
uint32_t NtDeviceIoControlFile(WindowsProcess& p, Ptr h, Ptr, Ptr, Ptr, Ptr, uint32_t code, Ptr, uint32_t, Ptr, uint32_t) {
  if (p.fd_for_handle(h.addr) < 0) return nt::kInvalidHandle;
  log().debug("NtDeviceIoControlFile: control code {:#x} is not implemented", code);
  return nt::kInvalidDeviceRequest;
}

// NtOpenFile(&handle, access, attributes, &iosb, share, options): NtCreateFile of a file that
// exists (FILE_OPEN).
uint32_t NtOpenFile(WindowsProcess& p, Ptr out, uint32_t access, Ptr attributes, Ptr iosb, uint32_t share, uint32_t options) {
  return NtCreateFile(p, out, access, attributes, iosb, Ptr(0), 0, share, 1, options, Ptr(0), 0);
}

}  // namespace

// The file functions join KERNEL32's table (kernel32/kernel32.cpp) through this list.
const std::vector<Export>& ntdll_file_exports() {
  static const std::vector<Export> exports = {
      EXPORT("NtCreateFile", NtCreateFile),
      EXPORT("NtOpenFile", NtOpenFile),
      EXPORT("ZwOpenFile", NtOpenFile),
      EXPORT("NtQueryDirectoryFile", NtQueryDirectoryFile),
      EXPORT("NtQueryInformationFile", NtQueryInformationFile),
      EXPORT("NtSetInformationFile", NtSetInformationFile),
      EXPORT("NtQueryVolumeInformationFile", NtQueryVolumeInformationFile),
      EXPORT("NtDeviceIoControlFile", NtDeviceIoControlFile),
  };
  return exports;
}

const std::vector<Export>& kernel32_file_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateFileA", CreateFileA),
      EXPORT("CreateFileW", CreateFileW),
      EXPORT("ReOpenFile", ReOpenFile),
      EXPORT("SetFilePointer", SetFilePointer),
      EXPORT("SetFilePointerEx", SetFilePointerEx),
      EXPORT("GetFileSize", GetFileSize),
      EXPORT("GetFileSizeEx", GetFileSizeEx),
      EXPORT("SetEndOfFile", SetEndOfFile),
      EXPORT("GetFileAttributesA", GetFileAttributesA),
      EXPORT("GetFileAttributesW", GetFileAttributesW),
      EXPORT("GetFileAttributesExA", GetFileAttributesExA),
      EXPORT("GetFileAttributesExW", GetFileAttributesExW),
      EXPORT("CreateDirectoryA", CreateDirectoryA),
      EXPORT("CreateDirectoryW", CreateDirectoryW),
      EXPORT("RemoveDirectoryA", RemoveDirectoryA),
      EXPORT("RemoveDirectoryW", RemoveDirectoryW),
      EXPORT("DeleteFileA", DeleteFileA),
      EXPORT("DeleteFileW", DeleteFileW),
      EXPORT("MoveFileA", MoveFileA),
      EXPORT("MoveFileW", MoveFileW),
      EXPORT("MoveFileExA", MoveFileExA),
      EXPORT("MoveFileExW", MoveFileExW),
      EXPORT("CreateSymbolicLinkW", CreateSymbolicLinkW),
      EXPORT("CreateSymbolicLinkA", CreateSymbolicLinkA),
      EXPORT("CreateHardLinkW", CreateHardLinkW),
      EXPORT("CreateHardLinkA", CreateHardLinkA),
      EXPORT("FindFirstFileA", FindFirstFileA),
      EXPORT("FindFirstFileW", FindFirstFileW),
      EXPORT("FindFirstFileExA", FindFirstFileExA),
      EXPORT("FindFirstFileExW", FindFirstFileExW),
      EXPORT("FindNextFileA", FindNextFileA),
      EXPORT("FindNextFileW", FindNextFileW),
      EXPORT("FindClose", FindClose),
      EXPORT("FindFirstStreamW", FindFirstStreamW),
      EXPORT("FindNextStreamW", FindNextStreamW),
      EXPORT("GetFullPathNameA", GetFullPathNameA),
      EXPORT("GetFullPathNameW", GetFullPathNameW),
      EXPORT("CreateDirectoryExA", CreateDirectoryExA),
      EXPORT("CreateDirectoryExW", CreateDirectoryExW),
      EXPORT("CopyFileA", CopyFileA),
      EXPORT("CopyFileW", CopyFileW),
      EXPORT("CopyFileExA", CopyFileExA),
      EXPORT("CopyFileExW", CopyFileExW),
      EXPORT("LockFile", LockFile),
      EXPORT("UnlockFile", UnlockFile),
      EXPORT("LockFileEx", LockFileEx),
      EXPORT("UnlockFileEx", UnlockFileEx),
      EXPORT("SearchPathA", SearchPathA),
      EXPORT("SearchPathW", SearchPathW),
      EXPORT("GetLongPathNameA", GetLongPathNameA),
      EXPORT("GetLongPathNameW", GetLongPathNameW),
      EXPORT("GetShortPathNameA", GetShortPathNameA),
      EXPORT("GetShortPathNameW", GetShortPathNameW),
      EXPORT("GetCurrentDirectoryA", GetCurrentDirectoryA),
      EXPORT("GetCurrentDirectoryW", GetCurrentDirectoryW),
      EXPORT("SetCurrentDirectoryA", SetCurrentDirectoryA),
      EXPORT("SetCurrentDirectoryW", SetCurrentDirectoryW),
      EXPORT("GetTempPathA", GetTempPathA),
      EXPORT("GetTempPathW", GetTempPathW),
      // GetTempPath2 differs from GetTempPath only for processes running as SYSTEM (its own
      // directory), which a program here never is.
      EXPORT("GetTempPath2A", GetTempPathA),
      EXPORT("GetTempPath2W", GetTempPathW),
      EXPORT("GetTempFileNameA", GetTempFileNameA),
      EXPORT("GetTempFileNameW", GetTempFileNameW),
      EXPORT("SetFileAttributesA", SetFileAttributesA),
      EXPORT("SetFileAttributesW", SetFileAttributesW),
      EXPORT("GetFileInformationByHandle", GetFileInformationByHandle),
      EXPORT("GetFileInformationByHandleEx", GetFileInformationByHandleEx),
      EXPORT("GetFileInformationByName", GetFileInformationByName),
      EXPORT("SetFileInformationByHandle", SetFileInformationByHandle),
      EXPORT("GetFileTime", GetFileTime),
      EXPORT("SetFileTime", SetFileTime),
      EXPORT("GetDiskFreeSpaceA", GetDiskFreeSpaceA),
      EXPORT("GetDiskFreeSpaceW", GetDiskFreeSpaceW),
      EXPORT("GetDiskFreeSpaceExA", GetDiskFreeSpaceExA),
      EXPORT("GetDiskFreeSpaceExW", GetDiskFreeSpaceExW),
      EXPORT("GetLogicalDrives", GetLogicalDrives),
      EXPORT("GetLogicalDriveStringsA", GetLogicalDriveStringsA),
      EXPORT("GetLogicalDriveStringsW", GetLogicalDriveStringsW),
      EXPORT("GetDriveTypeA", GetDriveTypeA),
      EXPORT("GetDriveTypeW", GetDriveTypeW),
      EXPORT("DeviceIoControl", DeviceIoControl),
      EXPORT("GetFinalPathNameByHandleA", GetFinalPathNameByHandleA),
      EXPORT("GetFinalPathNameByHandleW", GetFinalPathNameByHandleW),
      EXPORT("GetVolumeInformationA", GetVolumeInformationA),
      EXPORT("GetVolumeInformationW", GetVolumeInformationW),
      EXPORT("GetVolumeInformationByHandleW", GetVolumeInformationByHandleW),
  };
  return exports;
}

}  // namespace polyrun::shims
