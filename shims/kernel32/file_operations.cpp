// KERNEL32.dll, files and directories by name: CreateDirectory(Ex), RemoveDirectory, CopyFile(Ex),
// DeleteFile, MoveFile(Ex), symbolic and hard links.
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
#include <functional>
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
#include "shims/kernel32/files.h"
#include "shims/kernel32/files_internal.h"
#include "shims/ntdll/counted_strings.h"

namespace polyrun::shims::kernel32_files {

// CopyFile(Ex): the data, the permissions and the last write time; an existing destination is
// replaced unless COPY_FILE_FAIL_IF_EXISTS (ERROR_FILE_EXISTS), a read-only one refused
// (ERROR_ACCESS_DENIED). CopyFileEx's progress routine is called once, when the data is copied
// (PROGRESS_CANCEL or PROGRESS_STOP then: the copy is removed, ERROR_REQUEST_ABORTED), and its
// cancel flag is read before the copy starts.
// `progress` (may be empty) is told the size copied once the data is, and says whether to keep the
// copy.
BOOL copy_file(WindowsProcess& p, const std::string& from, const std::string& to, bool fail_if_exists, uint64_t cancel,
               const std::function<bool(uint64_t)>& progress) {
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
  if (progress && !progress(static_cast<uint64_t>(st.st_size))) {
    ::unlink(dst.c_str());
    return fail(p, kErrorRequestAborted);
  }
  return TRUE;
}

namespace {

// ---- directories, delete, move ----

BOOL CreateDirectoryA(WindowsProcess& p, AStr name, Ptr) {
  return ::mkdir(windows_to_host_path(narrow_path(p, name)).c_str(), 0777) == 0 ? TRUE
         : errno == EEXIST ? fail(p, ERROR_ALREADY_EXISTS) : fail_errno(p);
}
BOOL CreateDirectoryW(WindowsProcess& p, WStr name, Ptr) {
  return ::mkdir(windows_to_host_path(wide(name)).c_str(), 0777) == 0 ? TRUE
         : errno == EEXIST ? fail(p, ERROR_ALREADY_EXISTS) : fail_errno(p);
}
// CreateDirectoryEx: the template directory's attributes are polyrun's default ones anyway.
BOOL CreateDirectoryExW(WindowsProcess& p, WStr, WStr name, Ptr sa) { return CreateDirectoryW(p, name, sa); }
BOOL CreateDirectoryExA(WindowsProcess& p, AStr, AStr name, Ptr sa) { return CreateDirectoryA(p, name, sa); }

// CopyFileEx's progress routine: (TotalFileSize, TotalBytesTransferred, StreamSize,
// StreamBytesTransferred, dwStreamNumber, CALLBACK_CHUNK_FINISHED, hSourceFile, hDestinationFile,
// lpData), no handles open here; PROGRESS_CANCEL or PROGRESS_STOP end the copy.
std::function<bool(uint64_t)> copy_progress(WindowsProcess& p, uint64_t routine, uint64_t data) {
  if (!routine) return nullptr;
  return [&p, routine, data](uint64_t size) {
    const std::vector<uint64_t> args = p.isa->ptr == 8
        ? std::vector<uint64_t>{size, size, size, size, 1, 0, 0, 0, data}
        : std::vector<uint64_t>{size & 0xffffffff, size >> 32, size & 0xffffffff, size >> 32, size & 0xffffffff, size >> 32,
                                size & 0xffffffff, size >> 32, 1, 0, 0, 0, data};
    const uint32_t answer = static_cast<uint32_t>(p.call_guest(routine, args));
    return answer != 1 && answer != 2;
  };
}

// CopyFile2(from, to, &COPYFILE2_EXTENDED_PARAMETERS or null): CopyFileEx's copy with an HRESULT.
// The parameters: dwSize (20 bytes on i386, 32 on x64), dwCopyFlags (COPY_FILE_FAIL_IF_EXISTS),
// pfCancel, pProgressRoutine, pvCallbackContext. The routine is called once, with a
// COPYFILE2_CALLBACK_CHUNK_FINISHED message (Type, then dwStreamNumber, dwFlags, the two file
// handles (none open here), and the chunk number, chunk size, stream size, stream bytes
// transferred, total file size and total bytes transferred as 64-bit values);
// COPYFILE2_PROGRESS_CANCEL or _STOP end the copy (ERROR_REQUEST_ABORTED's HRESULT).
uint32_t CopyFile2(WindowsProcess& p, WStr from, WStr to, Ptr extended) {
  const unsigned w = p.isa->ptr;
  uint32_t flags = 0;
  uint64_t cancel = 0, routine = 0, context = 0;
  if (extended) {
    if (get<uint32_t>(extended.addr) < 4 + 4 + 3 * w) return 0x80070057;  // E_INVALIDARG
    flags = get<uint32_t>(extended.addr + 4);
    cancel = p.get_ptr(extended.addr + 8);
    routine = p.get_ptr(extended.addr + 8 + w);
    context = p.get_ptr(extended.addr + 8 + 2 * w);
  }
  std::function<bool(uint64_t)> progress;
  if (routine)
    progress = [&p, routine, context, w](uint64_t size) {
      const uint64_t size_of = 8 + 8 + 2 * w + 6 * 8;
      const uint64_t m = ntdll_text::heap_alloc(p, size_of);
      if (!m) return true;
      std::memset(guest_pointer(m), 0, size_of);
      put<uint32_t>(m, 2);       // COPYFILE2_CALLBACK_CHUNK_FINISHED
      put<uint32_t>(m + 8, 1);   // dwStreamNumber
      const uint64_t sizes = m + 16 + 2 * w;
      const uint64_t values[6] = {0, size, size, size, size, size};
      for (int i = 0; i < 6; ++i) put<uint64_t>(sizes + 8 * i, values[i]);
      const uint32_t action = static_cast<uint32_t>(p.call_guest(routine, {m, context}));
      ntdll_text::heap_free(p, m);
      return action != 1 && action != 2;  // COPYFILE2_PROGRESS_CANCEL, _STOP
    };
  if (copy_file(p, wide(from), wide(to), flags & 1, cancel, progress)) return 0;
  return 0x80070000u | (p.last_error() & 0xffff);
}
BOOL CopyFileA(WindowsProcess& p, AStr from, AStr to, BOOL fail_if_exists) {
  return copy_file(p, narrow_path(p, from), narrow_path(p, to), fail_if_exists != 0, 0, nullptr);
}
BOOL CopyFileW(WindowsProcess& p, WStr from, WStr to, BOOL fail_if_exists) {
  return copy_file(p, wide(from), wide(to), fail_if_exists != 0, 0, nullptr);
}
BOOL CopyFileExW(WindowsProcess& p, WStr from, WStr to, Ptr progress, Ptr data, Ptr cancel, uint32_t flags) {
  return copy_file(p, wide(from), wide(to), flags & 1, cancel.addr, copy_progress(p, progress.addr, data.addr));  // COPY_FILE_FAIL_IF_EXISTS
}
BOOL CopyFileExA(WindowsProcess& p, AStr from, AStr to, Ptr progress, Ptr data, Ptr cancel, uint32_t flags) {
  return copy_file(p, narrow_path(p, from), narrow_path(p, to), flags & 1, cancel.addr,
                   copy_progress(p, progress.addr, data.addr));
}
BOOL RemoveDirectoryA(WindowsProcess& p, AStr name) {
  return ::rmdir(windows_to_host_path(narrow_path(p, name)).c_str()) == 0 ? TRUE : fail_errno(p);
}
BOOL RemoveDirectoryW(WindowsProcess& p, WStr name) {
  return ::rmdir(windows_to_host_path(wide(name)).c_str()) == 0 ? TRUE : fail_errno(p);
}
// (a module's image file stays while it is mapped: ERROR_ACCESS_DENIED, as on Windows)
BOOL DeleteFileA(WindowsProcess& p, AStr name) {
  return unlink_file(p, windows_to_host_path(narrow_path(p, name))) == 0 ? TRUE : fail_errno(p);
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
  if (::symlink(host_target.c_str(), windows_to_host_path(link).c_str()) == 0) return TRUE;
  return errno == EEXIST ? fail(p, ERROR_ALREADY_EXISTS) : fail_errno(p);  // (STATUS_OBJECT_NAME_COLLISION's error)
}
uint8_t CreateSymbolicLinkW(WindowsProcess& p, WStr link, WStr target, uint32_t flags) {
  return symbolic_link(p, wide(link), wide(target), flags);
}
uint8_t CreateSymbolicLinkA(WindowsProcess& p, AStr link, AStr target, uint32_t flags) {
  return symbolic_link(p, narrow_path(p, link), narrow_path(p, target), flags);
}
BOOL hard_link(WindowsProcess& p, const std::string& link, const std::string& existing) {
  if (::link(windows_to_host_path(existing).c_str(), windows_to_host_path(link).c_str()) == 0) return TRUE;
  return errno == EEXIST ? fail(p, ERROR_ALREADY_EXISTS) : fail_errno(p);  // (STATUS_OBJECT_NAME_COLLISION's error)
}
BOOL CreateHardLinkW(WindowsProcess& p, WStr link, WStr existing, Ptr) { return hard_link(p, wide(link), wide(existing)); }
BOOL CreateHardLinkA(WindowsProcess& p, AStr link, AStr existing, Ptr) { return hard_link(p, narrow_path(p, link), narrow_path(p, existing)); }

BOOL MoveFileA(WindowsProcess& p, AStr from, AStr to) { return move_file(p, narrow_path(p, from), narrow_path(p, to), 0); }
BOOL MoveFileW(WindowsProcess& p, WStr from, WStr to) { return move_file(p, wide(from), wide(to), 0); }
BOOL MoveFileExA(WindowsProcess& p, AStr from, AStr to, uint32_t flags) { return move_file(p, narrow_path(p, from), narrow_path(p, to), flags); }
BOOL MoveFileExW(WindowsProcess& p, WStr from, WStr to, uint32_t flags) { return move_file(p, wide(from), wide(to), flags); }

}  // namespace

}  // namespace polyrun::shims::kernel32_files

namespace polyrun::shims {

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_file_operation_exports() {
  using namespace kernel32_files;
  static const std::vector<Export> exports = {
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
      EXPORT("CreateDirectoryExA", CreateDirectoryExA),
      EXPORT("CreateDirectoryExW", CreateDirectoryExW),
      EXPORT("CopyFileA", CopyFileA),
      EXPORT("CopyFileW", CopyFileW),
      EXPORT("CopyFileExA", CopyFileExA),
      EXPORT("CopyFileExW", CopyFileExW),
      EXPORT("CopyFile2", CopyFile2),
  };
  return exports;
}

}  // namespace polyrun::shims
