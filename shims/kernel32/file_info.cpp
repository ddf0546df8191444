// KERNEL32.dll, what is known of a file: its attributes (Get/SetFileAttributes(Ex)),
// GetFileInformationByHandle(Ex) with its directory listings (read by NTDLL's directory_entries,
// ntdll/file.h), GetFileInformationByName, SetFileInformationByHandle (NTDLL's
// set_file_information), the file times, GetFinalPathNameByHandle.
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
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/kernel32/pipes.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/kernel32/files_internal.h"

namespace polyrun::shims {

// ---- attributes ----

uint32_t file_attributes(WindowsProcess& p, const std::string& win_path) {
  bool directory_missing = false;
  if (!kernel32_files::reserved_device(win_path, &directory_missing).empty()) {
    if (!directory_missing) return 0x20;  // FILE_ATTRIBUTE_ARCHIVE, as Windows gives devices
    p.set_last_error(ERROR_PATH_NOT_FOUND);
    return kInvalidAttributes;
  }
  std::string path = windows_to_host_path(win_path);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    p.set_last_error(errno == ENOTDIR ? uint32_t{ERROR_PATH_NOT_FOUND} : win_error_from_errno(errno));
    return kInvalidAttributes;
  }
  std::string base = path.substr(path.find_last_of('/') + 1);
  return kernel32_files::attributes_of(st, base);
}

}  // namespace polyrun::shims

namespace polyrun::shims::kernel32_files {

namespace {

uint32_t final_path(WindowsProcess& p, Ptr h, uint32_t flags, std::string& out);

uint32_t GetFileAttributesA(WindowsProcess& p, AStr name) { return file_attributes(p, narrow_path(p, name)); }
uint32_t GetFileAttributesW(WindowsProcess& p, WStr name) { return file_attributes(p, wide(name)); }

// WIN32_FILE_ATTRIBUTE_DATA: attributes, creation/access/write FILETIMEs, size high, size low.
BOOL attributes_ex(WindowsProcess& p, const std::string& win_path, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  // A reserved device has no file attribute data (wine 8.0's ERROR_BAD_DEV_TYPE).
  bool directory_missing = false;
  if (!reserved_device(win_path, &directory_missing).empty())
    return fail(p, directory_missing ? ERROR_PATH_NOT_FOUND : ERROR_BAD_DEV_TYPE);
  struct stat st;
  std::string path = windows_to_host_path(win_path);
  if (::stat(path.c_str(), &st) != 0) return fail_errno(p);
  put<uint32_t>(out.addr, attributes_of(st, path.substr(path.find_last_of('/') + 1)));
  put<uint64_t>(out.addr + 4, creation_time(st));
  put<uint64_t>(out.addr + 12, filetime_of(st.st_atim));
  put<uint64_t>(out.addr + 20, filetime_of(st.st_mtim));
  put<uint32_t>(out.addr + 28, static_cast<uint32_t>(windows_file_size(st) >> 32));
  put<uint32_t>(out.addr + 32, static_cast<uint32_t>(windows_file_size(st)));
  return TRUE;
}
BOOL GetFileAttributesExA(WindowsProcess& p, AStr name, int32_t, Ptr out) { return attributes_ex(p, narrow_path(p, name), out); }
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
BOOL SetFileAttributesA(WindowsProcess& p, AStr name, uint32_t attrs) { return set_attributes(p, narrow_path(p, name), attrs); }
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
  put<uint32_t>(out.addr + 32, static_cast<uint32_t>(windows_file_size(st) >> 32));
  put<uint32_t>(out.addr + 36, static_cast<uint32_t>(windows_file_size(st)));
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
      put<uint64_t>(out.addr + 8, windows_file_size(st));
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
  put<uint64_t>(a + 48, windows_file_size(st));
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

BOOL SetFileInformationByHandle(WindowsProcess& p, Ptr h, uint32_t cls, Ptr in, uint32_t size) {
  return ntdll_files::set_file_information(p, h, cls, in, size);
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
  return final_path(p, h, flags, path) ? store(p, path, buf, size) : 0;
}
uint32_t GetFinalPathNameByHandleW(WindowsProcess& p, Ptr h, Ptr buf, uint32_t size, uint32_t flags) {
  std::string path;
  return final_path(p, h, flags, path) ? storew(path, buf, size) : 0;
}

// GetVolumeInformation: every volume is an NTFS-like one (case-preserving, Unicode names,
// ACLs, sparse files) without a label; its serial number from the host file system's id. Open by
// file id is not offered (there is no OpenFileById).

}  // namespace

}  // namespace polyrun::shims::kernel32_files

namespace polyrun::shims {

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_file_info_exports() {
  using namespace kernel32_files;
  static const std::vector<Export> exports = {
      EXPORT("GetFileAttributesA", GetFileAttributesA),
      EXPORT("GetFileAttributesW", GetFileAttributesW),
      EXPORT("GetFileAttributesExA", GetFileAttributesExA),
      EXPORT("GetFileAttributesExW", GetFileAttributesExW),
      EXPORT("SetFileAttributesA", SetFileAttributesA),
      EXPORT("SetFileAttributesW", SetFileAttributesW),
      EXPORT("GetFileInformationByHandle", GetFileInformationByHandle),
      EXPORT("GetFileInformationByHandleEx", GetFileInformationByHandleEx),
      EXPORT("GetFileInformationByName", GetFileInformationByName),
      EXPORT("SetFileInformationByHandle", SetFileInformationByHandle),
      EXPORT("GetFileTime", GetFileTime),
      EXPORT("SetFileTime", SetFileTime),
      EXPORT("GetFinalPathNameByHandleA", GetFinalPathNameByHandleA),
      EXPORT("GetFinalPathNameByHandleW", GetFinalPathNameByHandleW),
  };
  return exports;
}

}  // namespace polyrun::shims
