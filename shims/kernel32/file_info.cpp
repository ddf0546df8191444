// KERNEL32.dll, what is known of a file: its attributes (Get/SetFileAttributes(Ex)),
// GetFileInformationByHandle(Ex) with its directory listings, GetFileInformationByName,
// SetFileInformationByHandle, the file times, GetFinalPathNameByHandle.
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

}  // namespace

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

namespace {

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

}  // namespace

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

namespace {

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
