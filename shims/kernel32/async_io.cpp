// KERNEL32.dll, asynchronous I/O of files and pipes: ReadFile/WriteFile with an OVERLAPPED,
// ReadFileEx/WriteFileEx with a completion routine, queued to the thread as an asynchronous
// procedure call (core/windows_threads.cpp's queue; QueueUserAPC is kernel32/sync.cpp's); the
// routines run in the thread's next alertable wait (core/waitables.cpp).
//
// A file's operation, and any write, ends at once (the host's reads and writes of files do not
// wait on anything another process controls; a write to a full pipe blocks with the execution
// lock released, as a program that waits for its overlapped write's end waits anyway). A read of
// a pipe ends at once when there is something to read or the writer is gone; otherwise it is
// pending, and a host thread (core/windows_handoff.h's watch_outside) reads when data comes and ends
// the operation: the OVERLAPPED's Internal and InternalHigh, its event, the handle's completion
// port. Pending reads are those of byte streams (anonymous pipes, byte-mode named pipes); a
// message-mode pipe's overlapped read that would wait is refused (ERROR_NOT_SUPPORTED).
#include "shims/kernel32/async_io.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/kernel32/iocp.h"
#include "shims/kernel32/pipes.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {


// OVERLAPPED: Internal, InternalHigh (pointer-sized), Offset, OffsetHigh, hEvent.
int64_t overlapped_offset(WindowsProcess& p, uint64_t ov) {
  return static_cast<int64_t>(uint64_t{get<uint32_t>(ov + 2 * p.isa->ptr + 4)} << 32 | get<uint32_t>(ov + 2 * p.isa->ptr));
}

// An operation that ended at once: its result where the OVERLAPPED, its event and port expect it.
void ended_at_once(WindowsProcess& p, uint64_t h, uint64_t ov, uint32_t status, uint32_t bytes) {
  const CompletionTarget target = completion_target(p, h);
  finish_overlapped(p, target, ov, status, bytes, target.modes & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
  set_overlapped_event(p, ov);
}

bool regular_file(int fd) {
  struct stat st;
  return ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

// A synchronous read or write at the OVERLAPPED's offset for a file, where the descriptor is; its
// byte count goes to the OVERLAPPED's InternalHigh, which it lends as the count's place.
BOOL transfer_now(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t ov, bool write) {
  int fd = p.fd_for_handle(h);
  if (fd >= 0 && regular_file(fd)) ::lseek(fd, overlapped_offset(p, ov), SEEK_SET);
  p.put_ptr(ov + p.isa->ptr, 0);
  return write ? write_file_now(p, h, buf, len, ov + p.isa->ptr) : read_file_now(p, h, buf, len, ov + p.isa->ptr);
}

// Whether a pipe's read would find something (data, or the writer gone) now.
bool readable_now(int fd) {
  struct pollfd pfd{fd, POLLIN, 0};
  return ::poll(&pfd, 1, 0) > 0;
}

// A pending read of a byte stream, carried on by a host thread with its own copy of the descriptor.
void read_later(WindowsProcess& p, uint64_t h, int fd, uint64_t buf, uint32_t len, uint64_t ov) {
  const int own = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  watch_outside(
      p,
      [own] {
        struct pollfd pfd{own, POLLIN, 0};
        while (::poll(&pfd, 1, -1) < 0 && errno == EINTR) {
        }
      },
      [&p, h, own, buf, len, ov] {
        if (!readable_now(own)) return true;  // (another reader took it): wait again
        int queued = 0;
        if (len == 0 && ::ioctl(own, FIONREAD, &queued) == 0 && queued > 0) {
          // A read of nothing ends when data comes (libuv's way to learn of it), reading none.
          finish_overlapped(p, completion_target(p, h), ov, 0, 0, false);
          set_overlapped_event(p, ov);
          ::close(own);
          return false;
        }
        ssize_t n = ::read(own, reinterpret_cast<void*>(buf), len);
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
        const uint32_t status = n > 0 ? 0u : n == 0 ? nt::kPipeBroken : errno == EPIPE || errno == ECONNRESET ? nt::kPipeBroken : 0xC0000001u;
        finish_overlapped(p, completion_target(p, h), ov, status, n > 0 ? static_cast<uint64_t>(n) : 0, false);
        set_overlapped_event(p, ov);
        ::close(own);
        return false;
      });
}

// ReadFileEx / WriteFileEx: the transfer now, its routine queued to this thread for its next
// alertable wait (dwErrorCode, dwNumberOfBytesTransfered, lpOverlapped). A failure at once is the
// call's (no routine runs), as on Windows.
BOOL transfer_ex(WindowsProcess& p, Ptr h, Ptr buf, uint32_t len, Ptr ov, Ptr routine, bool write) {
  if (!ov || !routine) return fail(p, ERROR_INVALID_PARAMETER);
  if (!transfer_now(p, h.addr, buf.addr, len, ov.addr, write)) return FALSE;
  const uint32_t bytes = get<uint32_t>(ov.addr + p.isa->ptr);
  p.put_ptr(ov.addr + p.isa->ptr, bytes);
  p.put_ptr(ov.addr, 0);
  queue_apc(p, p.thread(), routine.addr, {0, bytes, ov.addr});
  return TRUE;
}
BOOL ReadFileEx(WindowsProcess& p, Ptr h, Ptr buf, uint32_t len, Ptr ov, Ptr routine) {
  return transfer_ex(p, h, buf, len, ov, routine, false);
}
BOOL WriteFileEx(WindowsProcess& p, Ptr h, Ptr buf, uint32_t len, Ptr ov, Ptr routine) {
  return transfer_ex(p, h, buf, len, ov, routine, true);
}

}  // namespace

int32_t read_overlapped(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done, uint64_t ov) {
  const int fd = p.fd_for_handle(h);
  reset_overlapped_event(p, ov);
  if (regular_file(fd) || readable_now(fd)) {
    if (!transfer_now(p, h, buf, len, ov, false)) {
      if (p.last_error() == ERROR_HANDLE_EOF || p.last_error() == ERROR_BROKEN_PIPE)
        finish_overlapped(p, completion_target(p, h), ov, p.last_error() == ERROR_HANDLE_EOF ? nt::kEndOfFile : nt::kPipeBroken, 0, true);
      return FALSE;
    }
    const uint32_t bytes = get<uint32_t>(ov + p.isa->ptr);
    if (bytes == 0 && len > 0 && regular_file(fd)) {  // at the end of a file: ERROR_HANDLE_EOF
      finish_overlapped(p, completion_target(p, h), ov, nt::kEndOfFile, 0, true);
      return fail(p, ERROR_HANDLE_EOF);
    }
    put<uint32_t>(done, bytes);
    ended_at_once(p, h, ov, 0, bytes);
    p.set_last_error(0);
    return TRUE;
  }
  const int stream = pipe_stream_fd(p, h);
  if (stream == -1) return fail(p, ERROR_NOT_SUPPORTED);
  p.put_ptr(ov + p.isa->ptr, 0);
  p.put_ptr(ov, nt::kPending);
  read_later(p, h, fd, buf, len, ov);
  return fail(p, ERROR_IO_PENDING);
}

int32_t write_overlapped(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done, uint64_t ov) {
  reset_overlapped_event(p, ov);
  if (!transfer_now(p, h, buf, len, ov, true)) return FALSE;
  const uint32_t bytes = get<uint32_t>(ov + p.isa->ptr);
  put<uint32_t>(done, bytes);
  ended_at_once(p, h, ov, 0, bytes);
  p.set_last_error(0);
  return TRUE;
}

const std::vector<Export>& kernel32_async_io_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ReadFileEx", ReadFileEx),
      EXPORT("WriteFileEx", WriteFileEx),
  };
  return exports;
}

}  // namespace polyrun::shims
