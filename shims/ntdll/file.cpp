// NTDLL's file functions: NtCreateFile and NtOpenFile (by an NT name, or by a name relative to an
// open directory; the pipe device's names: ntdll/named_pipes.cpp; the mailslot device's:
// ntdll/mailslots.cpp; a symbolic link itself with FILE_OPEN_REPARSE_POINT), NtReadFile and
// NtWriteFile of open handles, NtQueryDirectoryFile, NtQueryInformationFile, NtSetInformationFile,
// NtQueryVolumeInformationFile, NtDeviceIoControlFile, NtCancelIoFileEx; and what KERNEL32's file
// functions share with them (ntdll/file.h): directory listings, attributes and times from a stat,
// SetFileInformationByHandle's work.
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
#include "shims/core/file_ids.h"
#include "shims/core/filetime.h"
#include "shims/core/windows_modules.h"
#include "shims/core/path_mapping.h"
#include "shims/core/dos_devices.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/ntdll/named_pipes.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/file.h"
#include "shims/ntdll/mailslots.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims::ntdll_files {

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

namespace {

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
        put<uint64_t>(e + 40, windows_file_size(st));
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

// (Linux has no settable creation time.)
struct timespec timespec_of(Ptr ft) {
  uint64_t t = ft ? get<uint64_t>(ft.addr) : 0;
  if (t == 0 || t == ~0ull) return {0, UTIME_OMIT};
  int64_t unix100ns = static_cast<int64_t>(t) - kUnixEpochAsFiletime;
  int64_t secs = unix100ns / 10000000, rem = unix100ns % 10000000;
  if (rem < 0) rem += 10000000, --secs;
  return {static_cast<time_t>(secs), static_cast<long>(rem * 100)};
}

// SetFileInformationByHandle's work, for the classes (FILE_INFO_BY_HANDLE_CLASS) programs set on
// files: basic (times; the read-only attribute as the owner's write permission), rename
// (FILE_RENAME_INFO: replace flag, root directory (none supported), name), disposition (delete:
// the name goes at once, the open file lives on until its handles close, as on Linux), allocation
// (a size below the end truncates), end of file.
BOOL set_file_information(WindowsProcess& p, Ptr h, uint32_t cls, Ptr in, uint32_t size) {
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

// ---- NtCreateFile: opening by an NT name, or by a name relative to an open directory ----

constexpr uint32_t STATUS_SUCCESS = 0, STATUS_FILE_IS_A_DIRECTORY = 0xc00000ba, STATUS_NOT_A_DIRECTORY = 0xc0000103,
                   STATUS_INVALID_PARAMETER_NT = 0xc000000d, STATUS_INVALID_HANDLE_NT = 0xc0000008;

// OBJECT_ATTRIBUTES: Length, RootDirectory, ObjectName (a UNICODE_STRING: byte length, maximum,
// buffer), at pointer-sized strides. Dispositions: FILE_SUPERSEDE 0, FILE_OPEN 1, FILE_CREATE 2,
// FILE_OPEN_IF 3, FILE_OVERWRITE 4, FILE_OVERWRITE_IF 5. Options: FILE_DIRECTORY_FILE 1,
// FILE_NON_DIRECTORY_FILE 0x40, FILE_DELETE_ON_CLOSE 0x1000 (refused), FILE_OPEN_BY_FILE_ID 0x2000. IO_STATUS_BLOCK's
// Information: FILE_SUPERSEDED 0, FILE_OPENED 1, FILE_CREATED 2, FILE_OVERWRITTEN 3.
uint32_t NtCreateFile(WindowsProcess& p, Ptr out, uint32_t access, Ptr attributes, Ptr iosb, Ptr, uint32_t file_attributes,
                      uint32_t share, uint32_t disposition, uint32_t options, Ptr, uint32_t) {
  const uint64_t w = p.isa->ptr;
  if (!attributes || disposition > 5 || (options & 0x1000)) return STATUS_INVALID_PARAMETER_NT;
  const uint64_t root = p.get_ptr(attributes.addr + w), name_string = p.get_ptr(attributes.addr + 2 * w);
  if (!name_string) return STATUS_INVALID_PARAMETER_NT;
  std::u16string wname(reinterpret_cast<const char16_t*>(p.get_ptr(name_string + w)), get<uint16_t>(name_string) / 2);
  std::string name = utf16_to_utf8(wname);
  const bool inherit = get<uint32_t>(attributes.addr + 3 * w) & 2;  // OBJ_INHERIT
  // FILE_OPEN_BY_FILE_ID: the name is the file's 8-byte ID (or 16-byte, whose upper half is 0 here:
  // the inode number), the root directory a handle on its volume (core/file_ids.h).
  std::optional<std::string> by_id;
  if (options & 0x2000) {
    if (!root) return STATUS_INVALID_PARAMETER_NT;
    const int volume = p.fd_for_handle(root);
    if (volume < 0) return STATUS_INVALID_HANDLE_NT;
    const uint16_t bytes = get<uint16_t>(name_string);
    if (bytes != 8 && bytes != 16) return 0xc000003b;  // STATUS_OBJECT_PATH_SYNTAX_BAD
    const uint64_t id = p.get_ptr(name_string + w);
    by_id = find_file_by_id(volume, get<uint64_t>(id), bytes == 16 ? get<uint64_t>(id + 8) : 0);
    if (!by_id) return 0xc0000034;  // STATUS_OBJECT_NAME_NOT_FOUND
  }
  uint64_t pipe = 0;
  std::optional<uint32_t> pipe_status;
  if (!by_id) pipe_status = nt_open_pipe(p, root, name, access, options, pipe);  // ntdll/named_pipes.cpp
  if (std::optional<uint32_t> st = pipe_status) {
    if (*st != STATUS_SUCCESS) return *st;
    p.put_ptr(out.addr, p.mark_inheritable(pipe, inherit));
    if (iosb) {
      p.put_ptr(iosb.addr, STATUS_SUCCESS);
      p.put_ptr(iosb.addr + w, 1);  // FILE_OPENED
    }
    return STATUS_SUCCESS;
  }
  if (!root) {  // a mailslot's client end (ntdll/mailslots.cpp; opening by file ID needs a root) (ntdll/mailslots.cpp)
    uint64_t slot = 0;
    if (std::optional<uint32_t> st = ntdll_mailslots::open_client(p, name, access, share, slot)) {
      if (*st != STATUS_SUCCESS) return *st;
      p.put_ptr(out.addr, p.mark_inheritable(slot, inherit));
      if (iosb) {
        p.put_ptr(iosb.addr, STATUS_SUCCESS);
        p.put_ptr(iosb.addr + w, 1);  // FILE_OPENED
      }
      return STATUS_SUCCESS;
    }
  }
  int dirfd = AT_FDCWD;
  std::string path;
  if (by_id) {
    if (disposition != 1) return STATUS_INVALID_PARAMETER_NT;  // only FILE_OPEN
    path = *by_id;
  } else if (root) {
    dirfd = p.fd_for_handle(root);
    if (dirfd < 0) return STATUS_INVALID_HANDLE_NT;
    path = name;
    std::replace(path.begin(), path.end(), '\\', '/');
    // No name: the root's own file again (Rust's remove_dir_all opens a directory so to delete it).
    if (path.empty()) {
      path = host_path_of(dirfd);
      if (path.empty()) return STATUS_INVALID_HANDLE_NT;
      dirfd = AT_FDCWD;
    }
  } else {
    // \??\C:\… and \Device\HarddiskVolume1\… are the DOS name C:\….
    if (const std::u16string dos = dos_path_of_nt_path(wname); !dos.empty()) name = utf16_to_utf8(dos);
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
  // FILE_OPEN_REPARSE_POINT of a symbolic link: the link itself (a handle its reparse point is read
  // through, NtFsControlFile's FSCTL_GET_REPARSE_POINT), not the file it names.
  if ((options & 0x00200000) && (disposition == 1 || disposition == 3)) {
    struct stat link;
    if (::fstatat(dirfd, path.c_str(), &link, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(link.st_mode)) {
      const int fd = ::openat(dirfd, path.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) return nt_status_from_errno(errno);
      p.put_ptr(out.addr, p.mark_inheritable(p.handle_for_fd(fd), inherit));
      if (iosb) {
        p.put_ptr(iosb.addr, STATUS_SUCCESS);
        p.put_ptr(iosb.addr + w, 1);  // FILE_OPENED
      }
      return STATUS_SUCCESS;
    }
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
    case 26: {  // FILE_MAILSLOT_QUERY_INFORMATION of a mailslot's server end (ntdll/mailslots.cpp)
      const std::optional<uint32_t> st = ntdll_mailslots::query(p, h.addr, out.addr, size);
      if (!st) return nt::kInvalidParameter;
      if (*st) return *st;
      used = 24;
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
    case 35:  // FILE_ATTRIBUTE_TAG_INFORMATION: attributes, the reparse tag of a symbolic link opened itself
      if (!need(8)) return nt::kInfoLengthMismatch;
      put<uint32_t>(out.addr, attributes_of(st, "") | (S_ISLNK(st.st_mode) ? 0x400u : 0u));  // FILE_ATTRIBUTE_REPARSE_POINT
      put<uint32_t>(out.addr + 4, S_ISLNK(st.st_mode) ? 0xa000000cu : 0u);                   // IO_REPARSE_TAG_SYMLINK
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
  if (cls == 27) {  // FileMailslotSetInformation: a pointer to the new read timeout
    if (size < p.isa->ptr) return nt::kInfoLengthMismatch;
    const uint64_t timeout = p.get_ptr(in.addr);
    if (auto st = ntdll_mailslots::set_timeout(p, h.addr, timeout ? get<int64_t>(timeout) : -1))
      return complete(p, iosb, *st, 0);
    return nt::kInvalidParameter;
  }
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
    const BOOL ok = set_file_information(p, h, cls == 10 ? 3 : 22, Ptr(copy), static_cast<uint32_t>(win32.size()));
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
  if (!set_file_information(p, h, by_handle, in, size)) {
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

// ---- the native reads and writes of open handles ----

constexpr uint32_t STATUS_INVALID_HANDLE = 0xc0000008, STATUS_END_OF_FILE = 0xc0000011,
                   STATUS_PIPE_BROKEN = 0xc000014b, STATUS_NOT_SUPPORTED = 0xc00000bb;

// IO_STATUS_BLOCK: the status (in a pointer-sized slot), then the byte count.
void io_status(WindowsProcess& p, Ptr iosb, uint32_t status, uint64_t count) {
  if (!iosb) return;
  p.put_ptr(iosb.addr, status);
  p.put_ptr(iosb.addr + p.isa->ptr, count);
}

// An explicit file offset, or -1 for "the current position" (FILE_USE_FILE_POINTER_POSITION,
// or no offset), or -2 for "the end" (FILE_WRITE_TO_END_OF_FILE).
int64_t offset_of(Ptr offset) {
  if (!offset) return -1;
  int64_t o = get<int64_t>(offset.addr);
  if (o == -2) return -1;  // 0xFFFFFFFF'FFFFFFFE
  if (o == -1) return -2;
  return o;
}

// The descriptor behind a handle for a synchronous read or write, or the status that refuses it:
// asynchronous completion (events, APC routines) is not provided, handles here are synchronous.
int io_descriptor(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, uint32_t& status) {
  int fd = p.fd_for_handle(h.addr);
  status = fd < 0 ? STATUS_INVALID_HANDLE : event || apc ? STATUS_NOT_SUPPORTED : STATUS_SUCCESS;
  return status == STATUS_SUCCESS ? fd : -1;
}

// The console's handles: what WriteFile and ReadFile do with them (KERNEL32's console, through
// core's ConsoleHooks), as a status.
std::optional<uint32_t> console_io(WindowsProcess& p, Ptr h, Ptr iosb, Ptr buf, uint32_t len, bool write) {
  const auto io = write ? p.console_hooks.write_file : p.console_hooks.read_file;
  if (!io) return std::nullopt;
  uint32_t done = 0;
  const uint64_t at = reinterpret_cast<uint64_t>(&done);
  auto r = io(p, h.addr, buf.addr, len, at);
  if (!r) return std::nullopt;
  const uint32_t st = *r ? STATUS_SUCCESS : nt_status_from_win_error(p.last_error());
  io_status(p, iosb, st, done);
  return st;
}

uint32_t NtWriteFile(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr, Ptr iosb, Ptr buf, uint32_t len, Ptr offset, Ptr) {
  if (!event && !apc) {
    if (auto st = console_io(p, h, iosb, buf, len, true)) return *st;
    if (auto st = ntdll_mailslots::write(p, h.addr, iosb.addr, buf.addr, len)) return *st;
  }
  uint32_t refused;
  int fd = io_descriptor(p, h, event, apc, refused);
  if (fd < 0) return refused;
  int64_t at = offset_of(offset);
  if (at == -2) at = ::lseek(fd, 0, SEEK_END);
  uint64_t done = 0;
  while (done < len) {
    ssize_t n = synchronous_io(p, [&] {
      return at >= 0 ? ::pwrite(fd, buf.as<char>() + done, len - done, at + static_cast<int64_t>(done))
                     : ::write(fd, buf.as<char>() + done, len - done);
    });
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      uint32_t st = nt_status_from_errno(errno);
      io_status(p, iosb, st, done);
      return st;
    }
    done += static_cast<uint64_t>(n);
  }
  if (at >= 0) ::lseek(fd, at + static_cast<int64_t>(done), SEEK_SET);  // synchronous handles move the pointer
  io_status(p, iosb, STATUS_SUCCESS, done);
  return STATUS_SUCCESS;
}

uint32_t NtReadFile(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr, Ptr iosb, Ptr buf, uint32_t len, Ptr offset, Ptr) {
  if (!event && !apc) {
    if (auto st = console_io(p, h, iosb, buf, len, false)) return *st;
    if (auto st = ntdll_mailslots::read(p, h.addr, iosb.addr, buf.addr, len)) return *st;
  }
  uint32_t refused;
  int fd = io_descriptor(p, h, event, apc, refused);
  if (fd < 0) return refused;
  int64_t at = offset_of(offset);
  ssize_t n;
  do n = synchronous_io(p, [&] { return at >= 0 ? ::pread(fd, buf.as<char>(), len, at) : ::read(fd, buf.as<char>(), len); });
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    uint32_t st = nt_status_from_errno(errno);
    io_status(p, iosb, st, 0);
    return st;
  }
  if (at >= 0) ::lseek(fd, at + n, SEEK_SET);
  if (n == 0 && len > 0) {
    // The end of a file; a pipe whose writer is gone reads as a broken pipe.
    struct stat st;
    uint32_t s = ::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) ? STATUS_PIPE_BROKEN : STATUS_END_OF_FILE;
    io_status(p, iosb, s, 0);
    return s;
  }
  io_status(p, iosb, STATUS_SUCCESS, static_cast<uint64_t>(n));
  return STATUS_SUCCESS;
}

// ---- cancelling ----

// NtCancelIoFileEx(handle, request, &iosb): CancelIoEx in NTDLL's terms (an OVERLAPPED starts
// with its IO_STATUS_BLOCK): STATUS_NOT_FOUND when nothing was pending. What may be pending is
// socket I/O, WS2_32's (core's SocketHooks).
uint32_t NtCancelIoFileEx(WindowsProcess& p, Ptr h, Ptr request, Ptr iosb) {
  if (p.fd_for_handle(h.addr) < 0) return nt::kInvalidHandle;
  const auto cancel = p.socket_hooks.cancel_io;
  if (!cancel || cancel(p, h.addr, request.addr, 0) == 0) return nt::kNotFound;
  if (iosb) {
    put<uint32_t>(iosb.addr, nt::kSuccess);
    p.put_ptr(iosb.addr + p.isa->ptr, 0);
  }
  return nt::kSuccess;
}

}  // namespace

}  // namespace polyrun::shims::ntdll_files

namespace polyrun::shims {

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_file_exports() {
  using namespace ntdll_files;
  static const std::vector<Export> exports = {
      EXPORT("NtCreateFile", NtCreateFile),
      EXPORT("NtOpenFile", NtOpenFile),
      EXPORT("ZwOpenFile", NtOpenFile),
      EXPORT("NtQueryDirectoryFile", NtQueryDirectoryFile),
      EXPORT("NtQueryInformationFile", NtQueryInformationFile),
      EXPORT("NtSetInformationFile", NtSetInformationFile),
      EXPORT("NtQueryVolumeInformationFile", NtQueryVolumeInformationFile),
      EXPORT("NtDeviceIoControlFile", NtDeviceIoControlFile),
      EXPORT("NtWriteFile", NtWriteFile),
      EXPORT("NtReadFile", NtReadFile),
      EXPORT("NtCancelIoFileEx", NtCancelIoFileEx),
  };
  return exports;
}

}  // namespace polyrun::shims
