// NTDLL's controls of file systems and of a thread's synchronous I/O: NtFsControlFile (the named
// pipe file system's controls over ntdll/named_pipes.cpp — listening for a client, disconnecting
// it, peeking, a transaction, waiting for an instance, the connection's process ids, impersonating
// the client — and a
// symbolic link's reparse point; a control no file system here has is refused as Windows' file
// systems refuse one they lack: STATUS_NOT_SUPPORTED from the pipes', STATUS_INVALID_DEVICE_REQUEST
// from a disk's), NtSetVolumeInformationFile (a volume's settings, an administrator's to
// change), NtCancelSynchronousIoFile (another thread's synchronous I/O ended, as KERNEL32's
// CancelSynchronousIo ends it).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/file_io.h"
#include "shims/ntdll/named_pipes.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/tokens.h"

namespace polyrun::shims {

namespace ntdll_file_controls_impl {

using namespace named_pipes;

constexpr uint32_t kInvalidPipeState = 0xc00000ad, kPipeBusy = 0xc00000ae, kIllegalFunction = 0xc00000af,
                   kPipeDisconnected = 0xc00000b0, kPipeClosing = 0xc00000b1, kPipeConnected = 0xc00000b2,
                   kPipeListening = 0xc00000b3, kInvalidReadMode = 0xc00000b4, kIoTimeout = 0xc00000b5,
                   kNotAReparsePoint = 0xc0000275, kInvalidUserBuffer = 0xc00000e8,
                   kObjectNameNotFound = 0xc0000034, kAccessDenied = 0xc0000022, kInvalidCid = 0xc000000b,
                   kObjectTypeMismatch = 0xc0000024;

constexpr uint32_t kFsctlPipeDisconnect = 0x110004, kFsctlPipeListen = 0x110008, kFsctlPipePeek = 0x11400c,
                   kFsctlPipeTransceive = 0x11c017, kFsctlPipeWait = 0x110018,
                   kFsctlPipeGetConnectionAttribute = 0x110030, kFsctlPipeImpersonate = 0x11001c,
                   kFsctlGetReparsePoint = 0x900a8;

// A pipe's Windows error (named_pipes' functions keep KERNEL32's conventions) as the pipe file
// system's status.
uint32_t pipe_status(uint32_t error) {
  switch (error) {
    case 0: return nt::kSuccess;
    case kErrorBadPipe: return kInvalidPipeState;
    case kErrorPipeListening: return kPipeListening;
    case kErrorPipeNotConnected: return kPipeDisconnected;
    case kErrorNoData: return kPipeClosing;
    case kErrorMoreData: return nt::kBufferOverflow;
    case ERROR_BROKEN_PIPE: return nt::kPipeBroken;
    case ERROR_ACCESS_DENIED: return kAccessDenied;
    default: return nt_status_from_win_error(error);
  }
}

// ---- the named pipe file system's controls ----

// FSCTL_PIPE_LISTEN: a server end waits for a client (at once when one is connected:
// STATUS_PIPE_CONNECTED, or STATUS_PIPE_CLOSING if it has closed its end since); after a
// disconnection, the instance listens again. PIPE_NOWAIT: STATUS_PIPE_LISTENING, not waiting.
uint32_t listen(WindowsProcess& p, PipeEnd& e, int fd) {
  if (!e.instance) return kIllegalFunction;
  std::shared_ptr<Instance> in = e.instance;
  using State = Instance::State;
  {
    std::lock_guard<GuestCallMutex> g(in->mu);
    if (in->state == State::Connected) return peer_closed(fd) && available(fd) == 0 ? kPipeClosing : kPipeConnected;
    if (in->state == State::Closing) return kPipeClosing;
    if (in->state == State::Disconnected) in->state = State::Listening;
  }
  if (e.nowait) return kPipeListening;
  wait_until(p, kInfinite, [&] {
    std::lock_guard<GuestCallMutex> g(in->mu);
    return in->state != State::Listening;
  });
  std::lock_guard<GuestCallMutex> g(in->mu);
  return in->state == State::Connected ? nt::kSuccess : nt::kPipeBroken;
}

// FSCTL_PIPE_DISCONNECT: a server end drops its client (who sees the pipe's end).
uint32_t disconnect(PipeEnd& e, int fd) {
  if (!e.instance) return kIllegalFunction;
  std::lock_guard<GuestCallMutex> g(e.instance->mu);
  switch (e.instance->state) {
    case Instance::State::Listening: return kPipeListening;
    case Instance::State::Disconnected: return kPipeDisconnected;
    case Instance::State::Connected:
      ::shutdown(fd, SHUT_RDWR);
      park_unconnected(*e.instance);
      break;
    default: break;
  }
  e.instance->state = Instance::State::Disconnected;
  e.pending.clear();
  return nt::kSuccess;
}

// FSCTL_PIPE_PEEK: FILE_PIPE_PEEK_BUFFER (NamedPipeState, ReadDataAvailable, NumberOfMessages,
// MessageLength, then the data) with what waits to be read, not taking it; a message-type pipe's
// next message (STATUS_BUFFER_OVERFLOW when it does not fit). NumberOfMessages is not counted (0).
// A buffer without room for the header is STATUS_INFO_LENGTH_MISMATCH; a server end listening or
// disconnected, STATUS_INVALID_PIPE_STATE.
uint32_t peek(WindowsProcess& p, PipeEnd& e, int fd, uint64_t out, uint32_t out_size, uint64_t& used) {
  if (out_size < 16) return nt::kInfoLengthMismatch;
  if (server_error(e, true)) return kInvalidPipeState;  // a server end with no client
  const uint32_t total = static_cast<uint32_t>(available(fd) + e.pending.size());
  const bool closing = peer_closed(fd);
  if (total == 0 && closing) return nt::kPipeBroken;
  const uint32_t room = out_size - 16;
  char* data = reinterpret_cast<char*>(guest_pointer(out + 16));
  uint32_t got = 0, message = 0;
  if (!e.message) {
    if (room && total) {
      if (e.named) {
        const ssize_t n = ::recv(fd, data, room, MSG_PEEK | MSG_DONTWAIT);
        got = n > 0 ? static_cast<uint32_t>(n) : 0;
      } else {  // a host pipe's data, through tee() into a pipe of our own
        int copy[2];
        if (::pipe2(copy, O_CLOEXEC) == 0) {
          ssize_t n = ::tee(fd, copy[1], std::min(room, total), SPLICE_F_NONBLOCK);
          if (n > 0) n = ::read(copy[0], data, static_cast<size_t>(n));
          ::close(copy[0]);
          ::close(copy[1]);
          got = n > 0 ? static_cast<uint32_t>(n) : 0;
        }
      }
    }
  } else if (!e.pending.empty()) {
    message = static_cast<uint32_t>(e.pending.size());
    got = std::min(room, message);
    std::memcpy(data, e.pending.data(), got);
  } else if (total) {
    const ssize_t length = ::recv(fd, nullptr, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
    message = length > 0 ? static_cast<uint32_t>(length) : 0;
    if (message && room) {
      std::string first(message, '\0');
      const ssize_t n = ::recv(fd, first.data(), first.size(), MSG_PEEK | MSG_DONTWAIT);
      got = n > 0 ? static_cast<uint32_t>(std::min<ssize_t>(n, room)) : 0;
      std::memcpy(data, first.data(), got);
    }
  }
  (void)p;
  put<uint32_t>(out, closing ? 4 : 3);  // FILE_PIPE_CLOSING_STATE, FILE_PIPE_CONNECTED_STATE
  put<uint32_t>(out + 4, total);
  put<uint32_t>(out + 8, 0);
  put<uint32_t>(out + 12, message);
  used = 16 + got;
  return message > got ? nt::kBufferOverflow : nt::kSuccess;
}

// FSCTL_PIPE_TRANSCEIVE: a message written and the answer read, on a message-type pipe in message
// read mode with nothing waiting to be read.
uint32_t transceive(WindowsProcess& p, PipeEnd& e, int fd, uint64_t in, uint32_t in_size, uint64_t out, uint32_t out_size,
                    uint64_t& used) {
  if (!e.named) return nt::kInvalidDeviceRequest;
  if (const uint32_t err = server_error(e, false)) return err == kErrorPipeListening ? kInvalidPipeState : pipe_status(err);
  if (!e.message || !e.read_message) return kInvalidReadMode;
  if (!e.pending.empty() || available(fd) > 0) return kPipeBusy;
  uint32_t done = 0;
  if (const uint32_t err = write_pipe(p, e, fd, reinterpret_cast<const char*>(guest_pointer(in)), in_size, done))
    return pipe_status(err);
  uint32_t got = 0;
  const uint32_t err = read_pipe(p, e, fd, reinterpret_cast<char*>(guest_pointer(out)), out_size, got);
  used = got;
  return pipe_status(err);
}

// FSCTL_PIPE_WAIT, of the pipe device: FILE_PIPE_WAIT_FOR_BUFFER (Timeout, NameLength,
// TimeoutSpecified, the name) — until an instance of the pipe listens (STATUS_SUCCESS), none
// exists (STATUS_OBJECT_NAME_NOT_FOUND) or the time passes (STATUS_IO_TIMEOUT; without a timeout,
// the pipe's default, 50 ms where it has none). Looked for every 10 ms, the lock released.
uint32_t wait_for_pipe(WindowsProcess& p, uint64_t in, uint32_t in_size) {
  if (in_size < 14) return nt::kInvalidParameter;
  const int64_t timeout = get<int64_t>(in);
  const uint32_t name_length = get<uint32_t>(in + 8);
  const bool specified = get<uint8_t>(in + 12) != 0;
  if (in_size < 14 + name_length) return nt::kInvalidParameter;
  const std::string name =
      utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(in + 14)), name_length / 2));
  const std::string dir = pipe_directory(name);
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const Instances all = ask_instances(p, dir);
    if (!all.count) return kObjectNameNotFound;
    if (all.listening) return nt::kSuccess;
    uint64_t limit_ms;
    if (!specified) limit_ms = all.first.timeout ? all.first.timeout : 50;
    else if (timeout < 0) limit_ms = static_cast<uint64_t>(-timeout) / 10000;
    else limit_ms = timeout == 0 ? 0 : ~uint64_t{0};  // (an absolute time: taken as none)
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (static_cast<uint64_t>(waited.count()) >= limit_ms) return kIoTimeout;
    blocking(p, [] { return ::usleep(10000); });
    if (p.stopping()) return nt::kCancelled;
  }
}

// FSCTL_PIPE_GET_CONNECTION_ATTRIBUTE: "ClientProcessId" or "ServerProcessId" (NUL included) as a
// ULONG_PTR: this process for its own side, the peer's credentials for the other.
uint32_t connection_attribute(WindowsProcess& p, PipeEnd& e, int fd, uint64_t in, uint32_t in_size, uint64_t out,
                              uint32_t out_size, uint64_t& used) {
  const std::string attribute(reinterpret_cast<const char*>(guest_pointer(in)), in_size);
  bool want_server;
  if (attribute == std::string("ClientProcessId", 16)) want_server = false;
  else if (attribute == std::string("ServerProcessId", 16)) want_server = true;
  else return kIllegalFunction;
  if (!e.named) return nt::kInvalidDeviceRequest;
  const unsigned w = p.isa->ptr;
  if (out_size < w) return nt::kInfoLengthMismatch;
  uint64_t pid = static_cast<uint64_t>(::getpid());
  if ((e.instance != nullptr) != want_server) {
    if (const uint32_t err = server_error(e, true)) return pipe_status(err);
    struct ucred cred {};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return kPipeDisconnected;
    pid = static_cast<uint64_t>(cred.pid);
  }
  p.put_ptr(out, pid);
  used = w;
  return nt::kSuccess;
}

// FSCTL_PIPE_IMPERSONATE (ImpersonateNamedPipeClient's work): a server end's thread impersonates its
// connected client at SecurityImpersonation; every polyrun process is the user's, and so is the
// client. A client end cannot (STATUS_ILLEGAL_FUNCTION), nor a server end without a client.
uint32_t impersonate_client(WindowsProcess& p, PipeEnd& e) {
  if (!e.instance) return kIllegalFunction;
  if (server_error(e, true)) return kInvalidPipeState;
  ntdll_tokens::impersonate_user(p, 2);  // SecurityImpersonation
  return nt::kSuccess;
}

// ---- reparse points ----

// FSCTL_GET_REPARSE_POINT: a symbolic link's REPARSE_DATA_BUFFER (IO_REPARSE_TAG_SYMLINK: the
// substitute name, an NT path \??\X:\… for an absolute target, and the print name, the same
// without \??\; a relative target is both, with SYMLINK_FLAG_RELATIVE). A handle names a link
// itself when NtCreateFile opened it with FILE_OPEN_REPARSE_POINT; another file is no reparse point.
uint32_t reparse_point(int fd, uint64_t out, uint32_t out_size, uint64_t& used) {
  if (!out || !out_size) return kInvalidUserBuffer;
  struct stat st;
  if (::fstat(fd, &st) != 0) return nt_status_from_errno(errno);
  if (!S_ISLNK(st.st_mode)) return kNotAReparsePoint;
  char target[4096];
  const ssize_t n = ::readlinkat(fd, "", target, sizeof target - 1);
  if (n < 0) return nt_status_from_errno(errno);
  std::string t(target, static_cast<size_t>(n));
  const bool relative = t.empty() || t[0] != '/';
  std::u16string print, substitute;
  if (relative) {
    std::replace(t.begin(), t.end(), '/', '\\');
    print = substitute = utf8_to_utf16(t);
  } else {
    print = utf8_to_utf16(host_to_windows_path(t));
    substitute = u"\\??\\" + print;
  }
  std::vector<uint8_t> b(20 + 2 * (substitute.size() + print.size()), 0);
  auto put16 = [&](size_t at, uint16_t v) { std::memcpy(b.data() + at, &v, 2); };
  const uint32_t tag = 0xa000000cu, flags = relative ? 1 : 0;
  std::memcpy(b.data(), &tag, 4);
  put16(4, static_cast<uint16_t>(b.size() - 8));              // ReparseDataLength
  put16(8, 0);                                                // SubstituteNameOffset
  put16(10, static_cast<uint16_t>(2 * substitute.size()));    // SubstituteNameLength
  put16(12, static_cast<uint16_t>(2 * substitute.size()));    // PrintNameOffset
  put16(14, static_cast<uint16_t>(2 * print.size()));         // PrintNameLength
  std::memcpy(b.data() + 16, &flags, 4);
  std::memcpy(b.data() + 20, substitute.data(), 2 * substitute.size());
  std::memcpy(b.data() + 20 + 2 * substitute.size(), print.data(), 2 * print.size());
  if (out_size < 8) return nt::kBufferTooSmall;
  used = std::min<uint64_t>(out_size, b.size());
  std::memcpy(guest_pointer(out), b.data(), used);
  return used < b.size() ? nt::kBufferOverflow : nt::kSuccess;
}

// NtFsControlFile(handle, event, apc, apc context, &iosb, code, in, in size, out, out size): done
// before it returns; its IO_STATUS_BLOCK, event and APC routine as any operation's end.
uint32_t NtFsControlFile(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr apc_context, Ptr iosb, uint32_t code, Ptr in,
                         uint32_t in_size, Ptr out, uint32_t out_size) {
  if (!iosb) return nt::kInvalidParameter;
  int fd = -1;
  std::shared_ptr<PipeEnd> e = end_of(p, h.addr, &fd);
  if (!e && fd < 0 && p.fd_for_handle(h.addr) < 0) return nt::kInvalidHandle;
  uint64_t used = 0;
  uint32_t status;
  const std::optional<std::string> object = pipe_object_name(p, h.addr);
  if (object && *object == "\\Device\\NamedPipe\\") {  // the pipe device
    status = code == kFsctlPipeWait ? wait_for_pipe(p, in.addr, in_size) : nt::kNotSupported;
  } else if (e) {
    switch (code) {
      case kFsctlPipeListen: status = listen(p, *e, fd); break;
      case kFsctlPipeDisconnect: status = disconnect(*e, fd); break;
      case kFsctlPipePeek: status = peek(p, *e, fd, out.addr, out_size, used); break;
      case kFsctlPipeTransceive: status = transceive(p, *e, fd, in.addr, in_size, out.addr, out_size, used); break;
      case kFsctlPipeImpersonate: status = impersonate_client(p, *e); break;
      case kFsctlPipeGetConnectionAttribute:
        status = connection_attribute(p, *e, fd, in.addr, in_size, out.addr, out_size, used);
        break;
      default: status = nt::kNotSupported; break;  // (the pipe file system's answer to a control it lacks)
    }
  } else if (code == kFsctlGetReparsePoint) {
    status = reparse_point(p.fd_for_handle(h.addr), out.addr, out_size, used);
  } else {
    status = nt::kInvalidDeviceRequest;
  }
  ntdll_file_io::finish(p, iosb.addr, status, used, status == nt::kSuccess || status == nt::kBufferOverflow ? event.addr : 0,
                        status == nt::kSuccess || status == nt::kBufferOverflow ? apc.addr : 0, apc_context.addr);
  return status;
}

// ---- volumes ----

// NtSetVolumeInformationFile(handle, &iosb, info, length, class): a volume's label
// (FileFsLabelInformation 2), quotas and content indexing (FileFsControlInformation 6), object id
// (FileFsObjectIdInformation 8) are set through a handle to the volume opened for writing, which
// only an administrator may open (CreateFile's page on volumes): refused STATUS_ACCESS_DENIED here.
// Another class cannot be set (STATUS_INVALID_INFO_CLASS).
uint32_t NtSetVolumeInformationFile(WindowsProcess& p, Ptr h, Ptr, Ptr info, uint32_t length, uint32_t cls) {
  if (p.fd_for_handle(h.addr) < 0) return nt::kInvalidHandle;
  switch (cls) {
    case 2: case 6: case 8:
      if (!info || !length) return nt::kInvalidParameter;
      return kAccessDenied;
    default:
      return nt::kInvalidInfoClass;
  }
}

// ---- another thread's synchronous I/O ----

// The signal that interrupts a thread's host call of synchronous I/O (the one KERNEL32's
// CancelSynchronousIo sends): its handler does nothing and is installed without SA_RESTART, so the
// call returns EINTR and synchronous_io reports it cancelled.
void on_cancel_signal(int) {}
int cancel_signal() {
  static const int sig = [] {
    const int s = SIGRTMIN + 2;
    struct sigaction sa {};
    sa.sa_handler = on_cancel_signal;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    ::sigaction(s, &sa, nullptr);
    return s;
  }();
  return sig;
}

// NtCancelSynchronousIoFile(thread, &request's iosb, &iosb): the synchronous I/O the thread waits in
// ends (its call fails with STATUS_CANCELLED); STATUS_NOT_FOUND when it waits in none. A thread
// has one such call at a time: `request`, if given, is taken to be it.
uint32_t NtCancelSynchronousIoFile(WindowsProcess& p, Ptr thread, Ptr, Ptr iosb) {
  WindowsThread* t = nullptr;
  if (p.is_current_thread(thread.addr)) t = &p.thread();
  else if (Waitable* w = waitable_of_kind(p, thread.addr, Waitable::Kind::Thread); w && !w->process) t = find_thread(p, w->id);
  uint32_t status;
  if (!t) {
    status = waitable_of_kind(p, thread.addr, Waitable::Kind::Thread) ? nt::kNotFound
             : waitable_object(p, thread.addr) || p.fd_for_handle(thread.addr) >= 0 ? kObjectTypeMismatch
                                                                                    : nt::kInvalidHandle;
  } else {
    int pending = kIoPending;
    if (t == &p.thread() || !t->synchronous_io.compare_exchange_strong(pending, kIoCancelled)) {
      status = nt::kNotFound;
    } else {
      const int sig = cancel_signal();
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (t->synchronous_io.load() == kIoCancelled && std::chrono::steady_clock::now() < give_up) {
        ::syscall(SYS_tgkill, ::getpid(), static_cast<pid_t>(t->id), sig);
        ::usleep(1000);
      }
      status = nt::kSuccess;
    }
  }
  if (iosb) {
    p.put_ptr(iosb.addr, status);
    p.put_ptr(iosb.addr + p.isa->ptr, 0);
  }
  return status;
}

}  // namespace ntdll_file_controls_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_file_control_exports() {
  using namespace ntdll_file_controls_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtFsControlFile", NtFsControlFile),
      EXPORT("NtSetVolumeInformationFile", NtSetVolumeInformationFile),
      EXPORT("NtCancelSynchronousIoFile", NtCancelSynchronousIoFile),
  };
  return exports;
}

}  // namespace polyrun::shims
