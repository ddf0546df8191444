// KERNEL32.dll: The standard handles and the functions every handle answers: GetStdHandle, SetStdHandle,
// ReadFile and WriteFile (as KERNEL32's handle kinds and the console route them), GetFileType,
// CloseHandle, FlushFileBuffers, DuplicateHandle.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "shims/core/guest_memory.h"
#include "shims/kernel32/mailslots.h"
#include "shims/kernel32/async_io.h"
#include "shims/kernel32/console.h"
#include "shims/kernel32/pipes.h"
#include "shims/ntdll/handles.h"
#include "shims/ntdll/named_pipes.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

uint64_t duplicate_object(WindowsProcess& p, uint64_t h);  // kernel32/sync.cpp
// Whether `h` is a handle this process inherited from the process `process_handle` names (its
// parent): DuplicateHandle from that process reaches it (kernel32/process.cpp).
bool inherited_from(WindowsProcess& p, uint64_t process_handle, uint64_t h);

namespace {

constexpr uint32_t kStdInput = static_cast<uint32_t>(-10), kStdOutput = static_cast<uint32_t>(-11),
                   kStdError = static_cast<uint32_t>(-12);

// ---- standard handles, reads and writes ----

Ptr GetStdHandle(WindowsProcess& p, uint32_t which) {
  int fd = which == kStdInput ? 0 : which == kStdOutput ? 1 : which == kStdError ? 2 : -1;
  if (fd < 0) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return Ptr(kInvalidHandle);
  }
  if (auto it = p.std_handles.find(which); it != p.std_handles.end()) return Ptr(it->second);
  for (const auto& [h, f] : p.handle_fd)
    if (f == fd) return Ptr(h);
  return Ptr(p.handle_for_fd(fd));
}

// SetStdHandle: what GetStdHandle returns from now on (the descriptors 0-2 stay as they are).
BOOL SetStdHandle(WindowsProcess& p, uint32_t which, Ptr h) {
  if (which != kStdInput && which != kStdOutput && which != kStdError) return fail(p, ERROR_INVALID_HANDLE);
  p.std_handles[which] = h.addr;
  return TRUE;
}

// SetStdHandleEx: the same, the handle it replaces in *previous (GetStdHandle's before).
BOOL SetStdHandleEx(WindowsProcess& p, uint32_t which, Ptr h, Ptr previous) {
  if (which != kStdInput && which != kStdOutput && which != kStdError) return fail(p, ERROR_INVALID_HANDLE);
  if (previous) p.put_ptr(previous.addr, GetStdHandle(p, which).addr);
  return SetStdHandle(p, which, h);
}

BOOL WriteFile(WindowsProcess& p, Ptr h, Ptr buf, uint32_t len, Ptr written, Ptr overlapped) {
  int fd = p.fd_for_handle(h.addr);
  put<uint32_t>(written.addr, 0);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (overlapped) return write_overlapped(p, h.addr, buf.addr, len, written.addr, overlapped.addr);
  if (len && !p.memory.accessible(buf.addr, len, mem::kRead)) return fail(p, 998);  // ERROR_NOACCESS
  if (auto r = pipe_write(p, h.addr, buf.addr, len, written.addr)) return *r;  // kernel32/pipes.cpp
  if (auto r = mailslot_write(p, h.addr, buf.addr, len, written.addr)) return *r;  // kernel32/mailslots.cpp
  if (auto r = console_write_file(p, h.addr, buf.addr, len, written.addr)) return *r;  // kernel32/console.cpp
  uint32_t done = 0;
  while (done < len) {
    ssize_t n = synchronous_io(p, [&] { return ::write(fd, buf.as<const char>() + done, len - done); });
    if (n < 0) {
      if (errno == EINTR) continue;
      put<uint32_t>(written.addr, done);
      return fail_errno(p);
    }
    done += static_cast<uint32_t>(n);
  }
  put<uint32_t>(written.addr, done);
  return TRUE;
}

BOOL ReadFile(WindowsProcess& p, Ptr h, Ptr buf, uint32_t len, Ptr read, Ptr overlapped) {
  int fd = p.fd_for_handle(h.addr);
  put<uint32_t>(read.addr, 0);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (overlapped) return read_overlapped(p, h.addr, buf.addr, len, read.addr, overlapped.addr);
  if (len && !p.memory.accessible(buf.addr, len, mem::kWrite)) return fail(p, 998);
  if (auto r = pipe_read(p, h.addr, buf.addr, len, read.addr)) return *r;  // kernel32/pipes.cpp
  if (auto r = mailslot_read(p, h.addr, buf.addr, len, read.addr)) return *r;  // kernel32/mailslots.cpp
  if (auto r = console_read_file(p, h.addr, buf.addr, len, read.addr)) return *r;  // kernel32/console.cpp
  ssize_t n;
  do n = synchronous_io(p, [&] { return ::read(fd, buf.as<char>(), len); });
  while (n < 0 && errno == EINTR && (poll_console_ctrl(p), !p.stopping()));
  if (n < 0) return errno == EPIPE ? (put<uint32_t>(read.addr, 0), TRUE) : fail_errno(p);
  put<uint32_t>(read.addr, static_cast<uint32_t>(n));
  return TRUE;
}

}  // namespace

int32_t read_file_now(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done) {
  return ReadFile(p, Ptr(h), Ptr(buf), len, Ptr(done), Ptr(0));
}
int32_t write_file_now(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done) {
  return WriteFile(p, Ptr(h), Ptr(buf), len, Ptr(done), Ptr(0));
}

namespace {

uint32_t GetFileType(WindowsProcess& p, Ptr h) {
  int fd = p.fd_for_handle(h.addr);
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return 0;  // FILE_TYPE_UNKNOWN
  }
  p.set_last_error(0);
  if (S_ISCHR(st.st_mode)) return 2;                       // FILE_TYPE_CHAR
  if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) return 3;  // FILE_TYPE_PIPE
  return 1;                                                // FILE_TYPE_DISK
}

// CloseHandle is NtClose (ntdll/handles.cpp), which drops KERNEL32's console and directory watch
// state of the handle through the hooks registered at the process's start (kernel32/kernel32.cpp).
BOOL CloseHandle(WindowsProcess& p, Ptr h) {
  return ntdll_handles::close(p, h.addr) == 0 ? TRUE : fail(p, ERROR_INVALID_HANDLE);
}

BOOL FlushFileBuffers(WindowsProcess& p, Ptr h) {
  int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  ::fsync(fd);
  return TRUE;
}

BOOL DuplicateHandle(WindowsProcess& p, Ptr src_process, Ptr src, Ptr dst_process, Ptr dst, uint32_t, int32_t inherit,
                     uint32_t options) {
  // Of another process, only the handles this one inherited from it are within reach (at the
  // same values); handles cannot be given to another process.
  if ((!p.is_current_process(src_process.addr) && !inherited_from(p, src_process.addr, src.addr)) ||
      !p.is_current_process(dst_process.addr))
    return fail(p, ERROR_INVALID_HANDLE);
  if (uint64_t h = duplicate_object(p, src.addr)) {
    p.put_ptr(dst.addr, p.mark_inheritable(h, inherit != 0));
    if (options & 1) CloseHandle(p, src);  // DUPLICATE_CLOSE_SOURCE
    return TRUE;
  }
  int fd = p.fd_for_handle(src.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0) return fail_errno(p);
  const uint64_t h = p.handle_for_fd(copy);
  console_handle_duplicated(p, src.addr, h);  // (a console handle's copy: the same buffer)
  p.put_ptr(dst.addr, p.mark_inheritable(h, inherit != 0));
  if (options & 1) CloseHandle(p, src);  // DUPLICATE_CLOSE_SOURCE
  return TRUE;
}

// CompareObjectHandles: whether two handles name one kernel object (NtCompareObjects); FALSE with
// ERROR_NOT_SAME_OBJECT (1656) for two, ERROR_INVALID_HANDLE for a handle that names none.
BOOL CompareObjectHandles(WindowsProcess& p, Ptr a, Ptr b) {
  const uint32_t status = ntdll_handles::compare_objects(p, a.addr, b.addr);
  return status == 0 ? TRUE : fail(p, win_error_from_nt_status(status));
}

}  // namespace
const std::vector<Export>& kernel32_std_handles_exports() {
  static const std::vector<Export> exports = {
          EXPORT("GetStdHandle", GetStdHandle),
          EXPORT("WriteFile", WriteFile),
          EXPORT("ReadFile", ReadFile),
          EXPORT("GetFileType", GetFileType),
          EXPORT("CloseHandle", CloseHandle),
          EXPORT("FlushFileBuffers", FlushFileBuffers),
          EXPORT("DuplicateHandle", DuplicateHandle),
          EXPORT("CompareObjectHandles", CompareObjectHandles),
          EXPORT("SetStdHandle", SetStdHandle),
          EXPORT("SetStdHandleEx", SetStdHandleEx),
  };
  return exports;
}

}  // namespace polyrun::shims
