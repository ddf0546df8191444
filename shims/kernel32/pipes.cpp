// KERNEL32.dll, pipes: anonymous pipes (CreatePipe: a host pipe), PeekNamedPipe, and named pipes
// (CreateNamedPipe, ConnectNamedPipe, DisconnectNamedPipe, CreateFile of \\.\pipe\NAME from this
// or another polyrun process, WaitNamedPipe, CallNamedPipe, TransactNamedPipe, GetNamedPipeInfo,
// SetNamedPipeHandleState, GetNamedPipeClient/ServerProcessId), with ReadFile and WriteFile of
// every kind of pipe (kernel32/pipes.h), over the pipe objects of NTDLL (ntdll/named_pipes.h: how
// named pipes are made, and what differs from Windows).
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/kernel32/pipes.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"
#include "shims/kernel32/iocp.h"
#include "shims/ntdll/named_pipes.h"

namespace polyrun::shims::kernel32_pipes {

using namespace named_pipes;

namespace {

// GetNamedPipeInfo's flags.
constexpr uint32_t kServerEnd = 1;
// WaitNamedPipe / CallNamedPipe timeouts.
constexpr uint32_t kUseDefaultWait = 0, kNmpwaitNowait = 1, kWaitForever = 0xffffffffu;

// ---- anonymous pipes ----

BOOL CreatePipe(WindowsProcess& p, Ptr read_end, Ptr write_end, Ptr sa, uint32_t size) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return fail(p, win_error_from_errno(errno));
  const bool inherit = p.inherits(sa.addr);
  uint64_t r = p.mark_inheritable(p.handle_for_fd(fds[0]), inherit);
  uint64_t w = p.mark_inheritable(p.handle_for_fd(fds[1]), inherit);
  // The host's buffer (64 KiB) serves whatever size was asked for; GetNamedPipeInfo tells the size.
  for (auto [h, reading] : {std::pair{r, true}, std::pair{w, false}}) {
    auto e = std::make_shared<PipeEnd>();
    e->named = false;
    e->readable = reading;
    e->writable = !reading;
    e->out_size = e->in_size = size ? size : 4096;
    ends()[h] = e;
  }
  p.put_ptr(read_end.addr, r);
  p.put_ptr(write_end.addr, w);
  return TRUE;
}

// ---- PeekNamedPipe ----

// The data at the front of a pipe without taking it: a host pipe's through tee() into a pipe of
// our own; a socket's with MSG_PEEK. Consoles and files are not pipes.
BOOL PeekNamedPipe(WindowsProcess& p, Ptr h, Ptr buf, uint32_t size, Ptr read, Ptr avail, Ptr left) {
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h.addr, &fd);
  if (!e) {
    if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
    return fail(p, ::isatty(fd) ? ERROR_INVALID_HANDLE : ERROR_INVALID_FUNCTION);  // a console; a file or device
  }
  if (uint32_t err = server_error(*e, true)) return fail(p, err);
  if (!e->readable) return fail(p, ERROR_ACCESS_DENIED);
  uint32_t total = static_cast<uint32_t>(available(fd) + e->pending.size());
  uint32_t got = 0, message = 0;
  if (total == 0 && peer_closed(fd)) return fail(p, ERROR_BROKEN_PIPE);  // every writer has closed its end
  const uint32_t want = buf ? size : 0;
  if (!e->message) {
    if (want && total) {
      if (e->named) {
        ssize_t n = ::recv(fd, buf.as<char>(), want, MSG_PEEK | MSG_DONTWAIT);
        got = n > 0 ? static_cast<uint32_t>(n) : 0;
      } else {
        int copy[2];
        if (::pipe2(copy, O_CLOEXEC) != 0) return fail(p, win_error_from_errno(errno));
        ssize_t n = ::tee(fd, copy[1], std::min(want, total), SPLICE_F_NONBLOCK);
        if (n > 0) n = ::read(copy[0], buf.as<char>(), static_cast<size_t>(n));
        ::close(copy[0]);
        ::close(copy[1]);
        got = n > 0 ? static_cast<uint32_t>(n) : 0;
      }
    }
    message = 0;  // a byte pipe: Windows reports 0 minus what it read (the wine tests check it)
  } else if (!e->pending.empty()) {
    got = static_cast<uint32_t>(std::min<size_t>(want, e->pending.size()));
    if (got) std::memcpy(buf.as<char>(), e->pending.data(), got);
    message = static_cast<uint32_t>(e->pending.size());
  } else if (total) {
    ssize_t length = ::recv(fd, nullptr, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
    message = length > 0 ? static_cast<uint32_t>(length) : 0;
    if (want && message) {
      std::string first(message, '\0');
      ssize_t n = ::recv(fd, first.data(), first.size(), MSG_PEEK | MSG_DONTWAIT);
      got = n > 0 ? static_cast<uint32_t>(std::min<ssize_t>(n, want)) : 0;
      std::memcpy(buf.as<char>(), first.data(), got);
    }
  }
  put<uint32_t>(read.addr, got);
  put<uint32_t>(avail.addr, total);
  put<uint32_t>(left.addr, message - got);
  return TRUE;
}

// ---- named pipes: the server ----

Ptr CreateNamedPipeA(WindowsProcess& p, AStr name, uint32_t open_mode, uint32_t pipe_mode, uint32_t max_instances,
                     uint32_t out_size, uint32_t in_size, uint32_t timeout, Ptr sa) {
  std::optional<std::string> n;
  if (name.addr) n = name.str();
  return Ptr(create_named_pipe(p, n, open_mode, pipe_mode, max_instances, out_size, in_size, timeout, sa.addr));
}
Ptr CreateNamedPipeW(WindowsProcess& p, WStr name, uint32_t open_mode, uint32_t pipe_mode, uint32_t max_instances,
                     uint32_t out_size, uint32_t in_size, uint32_t timeout, Ptr sa) {
  std::optional<std::string> n;
  if (name.addr) n = utf16_to_utf8(name.str());
  return Ptr(create_named_pipe(p, n, open_mode, pipe_mode, max_instances, out_size, in_size, timeout, sa.addr));
}

// An overlapped ConnectNamedPipe's wait, carried on by a host thread: the OVERLAPPED ends (status
// 0, and a completion packet on the handle's port) when a client connects, or with
// STATUS_PIPE_BROKEN when the server end closes first.
void connect_later(WindowsProcess& p, uint64_t h, std::shared_ptr<Instance> in, uint64_t ov) {
  const int own = ::fcntl(in->event_fd, F_DUPFD_CLOEXEC, 3);
  watch_outside(
      p,
      [own] {
        struct pollfd pfd{own, POLLIN, 0};
        while (::poll(&pfd, 1, -1) < 0 && errno == EINTR) {
        }
        uint64_t count;
        (void)!::read(own, &count, sizeof count);
      },
      [&p, h, in, own, ov] {
        Instance::State state;
        {
          std::lock_guard<GuestCallMutex> g(in->mu);
          state = in->state;
        }
        if (state == Instance::State::Listening) return true;  // not yet: wait again
        finish_overlapped(p, completion_target(p, h), ov, state == Instance::State::Connected ? 0 : nt::kPipeBroken, 0,
                          false);
        set_overlapped_event(p, ov);
        ::close(own);
        return false;
      });
}

// Waits for a client (at once when one connected already: ERROR_PIPE_CONNECTED, or ERROR_NO_DATA
// if it has closed its end since); after DisconnectNamedPipe, the instance listens again. With an
// OVERLAPPED (a handle opened FILE_FLAG_OVERLAPPED), the wait goes on while the call returns
// ERROR_IO_PENDING, and ends the OVERLAPPED as any overlapped operation does (its event, a
// completion packet) when the client comes.
BOOL ConnectNamedPipe(WindowsProcess& p, Ptr h, Ptr overlapped) {
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h.addr, &fd);
  if (!e) return fail(p, fd < 0 ? ERROR_INVALID_HANDLE : ERROR_INVALID_FUNCTION);
  if (!e->instance) return fail(p, ERROR_INVALID_FUNCTION);  // a client end
  std::shared_ptr<Instance> in = e->instance;
  using State = Instance::State;
  {
    std::lock_guard<GuestCallMutex> g(in->mu);
    if (in->state == State::Connected) return fail(p, peer_closed(fd) && available(fd) == 0 ? kErrorNoData : kErrorPipeConnected);
    if (in->state == State::Disconnected) in->state = State::Listening;
  }
  if (e->nowait) return fail(p, kErrorPipeListening);
  if (overlapped) {
    p.put_ptr(overlapped.addr, nt::kPending);
    p.put_ptr(overlapped.addr + p.isa->ptr, 0);
    reset_overlapped_event(p, overlapped.addr);
    connect_later(p, h.addr, in, overlapped.addr);
    return fail(p, ERROR_IO_PENDING);
  }
  wait_until(p, kInfinite, [&] {
    std::lock_guard<GuestCallMutex> g(in->mu);
    return in->state != State::Listening;
  });
  std::lock_guard<GuestCallMutex> g(in->mu);
  if (in->state != State::Connected) return fail(p, ERROR_BROKEN_PIPE);
  return TRUE;
}

// Ends the client's connection (it sees the pipe's end); the instance takes no client until
// ConnectNamedPipe.
BOOL DisconnectNamedPipe(WindowsProcess& p, Ptr h) {
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h.addr, &fd);
  if (!e) return fail(p, fd < 0 ? ERROR_INVALID_HANDLE : ERROR_INVALID_FUNCTION);
  if (!e->instance) return fail(p, ERROR_INVALID_FUNCTION);
  std::lock_guard<GuestCallMutex> g(e->instance->mu);
  if (e->instance->state == Instance::State::Listening) return fail(p, kErrorPipeListening);
  if (e->instance->state == Instance::State::Connected) {
    ::shutdown(fd, SHUT_RDWR);
    park_unconnected(*e->instance);
  }
  e->instance->state = Instance::State::Disconnected;
  e->pending.clear();
  return TRUE;
}

// ---- named pipes: the client ----

// How long WaitNamedPipe and CallNamedPipe wait: NMPWAIT_USE_DEFAULT_WAIT is the server's
// default (CreateNamedPipe's nDefaultTimeOut; 50 ms when that is 0).
uint32_t wait_time(uint32_t timeout, const Info& first) {
  if (timeout != kUseDefaultWait) return timeout;
  return first.timeout ? first.timeout : 50;
}

// Until an instance of the pipe listens (true), none exists (ERROR_FILE_NOT_FOUND) or the time
// passes (ERROR_SEM_TIMEOUT). Looked for every 10 ms, the lock released meanwhile.
BOOL wait_named_pipe(WindowsProcess& p, const std::string& full, uint32_t timeout) {
  std::optional<std::string> name = pipe_name(full);
  if (!name) return fail(p, full.rfind("\\\\", 0) == 0 ? kErrorBadNetpath : ERROR_INVALID_NAME);
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const Instances all = ask_instances(p, pipe_directory(*name));
    if (!all.count) return fail(p, ERROR_FILE_NOT_FOUND);
    if (all.listening) return TRUE;
    const uint32_t limit = wait_time(timeout, all.first);
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (limit != kWaitForever && static_cast<uint64_t>(waited.count()) >= limit) return fail(p, kErrorSemTimeout);
    blocking(p, [] { return ::usleep(10000); });
    if (p.stopping()) return FALSE;
  }
}

BOOL WaitNamedPipeA(WindowsProcess& p, AStr name, uint32_t timeout) { return wait_named_pipe(p, name.str(), timeout); }
BOOL WaitNamedPipeW(WindowsProcess& p, WStr name, uint32_t timeout) {
  return wait_named_pipe(p, utf16_to_utf8(name.str()), timeout);
}

// ---- named pipes: modes and facts ----

BOOL GetNamedPipeInfo(WindowsProcess& p, Ptr h, Ptr flags, Ptr out_size, Ptr in_size, Ptr max_instances) {
  std::shared_ptr<PipeEnd> e = end_of(p, h.addr);
  if (!e) return fail(p, ERROR_INVALID_HANDLE);
  bool server = e->named ? e->instance != nullptr : e->readable;  // CreatePipe: the read end serves
  put<uint32_t>(flags.addr, (server ? kServerEnd : 0) | (e->message ? kTypeMessage : 0));
  put<uint32_t>(out_size.addr, e->out_size);
  put<uint32_t>(in_size.addr, e->in_size);
  put<uint32_t>(max_instances.addr, e->named ? e->max_instances : 1);
  return TRUE;
}

// The read mode (PIPE_READMODE_MESSAGE only on a message-type pipe) and PIPE_NOWAIT; the collection
// count and time-out are for remote pipes only.
BOOL SetNamedPipeHandleState(WindowsProcess& p, Ptr h, Ptr mode, Ptr max_collection, Ptr timeout) {
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h.addr, &fd);
  if (!e) return fail(p, fd < 0 ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER);
  if (max_collection || timeout) return fail(p, ERROR_INVALID_PARAMETER);
  if (!mode) return TRUE;
  uint32_t m = get<uint32_t>(mode.addr);
  if ((m & ~(kNowait | kReadModeMessage)) || ((m & kReadModeMessage) && !e->message)) return fail(p, ERROR_INVALID_PARAMETER);
  e->read_message = m & kReadModeMessage;
  e->nowait = m & kNowait;
  if (!e->named) {
    int fl = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, e->nowait ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
  }
  return TRUE;
}

// The handle's PIPE_NOWAIT and PIPE_READMODE_MESSAGE, the pipe's instances, and (a server end's)
// the user name of the connected client. The collection count and time-out belong to remote
// pipes: asking for them of a local one is ERROR_INVALID_PARAMETER, as is a client end's user name.
BOOL get_handle_state(WindowsProcess& p, uint64_t h, uint64_t state, uint64_t instances, uint64_t max_collection,
                      uint64_t timeout, std::string* user) {
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h, &fd);
  if (!e) return fail(p, fd < 0 ? ERROR_INVALID_HANDLE : ERROR_INVALID_PARAMETER);
  if (max_collection || timeout || (user && !e->instance)) return fail(p, ERROR_INVALID_PARAMETER);
  if (state) {
    bool nowait = e->named ? e->nowait : (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0;
    put<uint32_t>(state, (nowait ? kNowait : 0) | (e->read_message ? kReadModeMessage : 0));
  }
  if (instances) {
    uint32_t n = 1;
    if (!e->dir.empty()) n = static_cast<uint32_t>(std::max<size_t>(instances_of(e->dir).size(), 1));
    put<uint32_t>(instances, n);
  }
  if (user) {
    if (uint32_t err = server_error(*e, true)) return fail(p, err == kErrorBadPipe ? kErrorPipeListening : err);
    struct ucred cred {};
    socklen_t len = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return fail(p, kErrorPipeNotConnected);
    const struct passwd* pw = ::getpwuid(cred.uid);
    *user = pw ? pw->pw_name : std::to_string(cred.uid);
  }
  return TRUE;
}
// The user name into a buffer of `size` characters, NUL included (too small: ERROR_INSUFFICIENT_BUFFER);
// the A form's in the ANSI code page.
BOOL store_user(WindowsProcess& p, const std::string& utf8, Ptr buf, uint32_t size, bool wide) {
  const std::u16string w = utf8_to_utf16(utf8);
  const std::string name = wide ? std::string() : utf8_to_ansi(utf8);
  if ((wide ? w.size() : name.size()) + 1 > size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (wide) std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  else std::memcpy(buf.as<char>(), name.c_str(), name.size() + 1);
  return TRUE;
}
template <bool kWide>
BOOL GetNamedPipeHandleState(WindowsProcess& p, Ptr h, Ptr state, Ptr instances, Ptr max_collection, Ptr timeout,
                             Ptr user, uint32_t user_size) {
  std::string name;
  if (!get_handle_state(p, h.addr, state.addr, instances.addr, max_collection.addr, timeout.addr, user ? &name : nullptr))
    return FALSE;
  return user ? store_user(p, name, user, user_size, kWide) : TRUE;
}

// The process at the other end of a named pipe's connection (the kernel's peer credentials).
BOOL peer_process(WindowsProcess& p, uint64_t h, uint64_t pid, bool want_server) {
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h, &fd);
  if (!e || !e->named) return fail(p, ERROR_INVALID_HANDLE);
  const bool server = e->instance != nullptr;
  if (server == want_server) {
    put<uint32_t>(pid, static_cast<uint32_t>(::getpid()));
    return TRUE;
  }
  if (uint32_t err = server_error(*e, true)) return fail(p, err == kErrorBadPipe ? kErrorPipeListening : err);
  struct ucred cred {};
  socklen_t len = sizeof cred;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return fail(p, kErrorPipeNotConnected);
  put<uint32_t>(pid, static_cast<uint32_t>(cred.pid));
  return TRUE;
}
BOOL GetNamedPipeClientProcessId(WindowsProcess& p, Ptr h, Ptr pid) { return peer_process(p, h.addr, pid.addr, false); }
BOOL GetNamedPipeServerProcessId(WindowsProcess& p, Ptr h, Ptr pid) { return peer_process(p, h.addr, pid.addr, true); }
// The session of the pipe's other end: every process here is in the user's session, 1
// (kernel32/process_facts.cpp's ProcessIdToSessionId), once that end is known.
BOOL peer_session(WindowsProcess& p, Ptr h, Ptr session, bool want_server) {
  const uint64_t pid = p.heap.alloc(4, true);
  const BOOL ok = peer_process(p, h.addr, pid, want_server);
  p.heap.free(pid);
  if (!ok) return FALSE;
  put<uint32_t>(session.addr, 1);
  return TRUE;
}
BOOL GetNamedPipeClientSessionId(WindowsProcess& p, Ptr h, Ptr session) { return peer_session(p, h, session, false); }
BOOL GetNamedPipeServerSessionId(WindowsProcess& p, Ptr h, Ptr session) { return peer_session(p, h, session, true); }

// ---- transactions ----

// Writes a message and reads the answer, on a message-type pipe in message read mode with
// nothing waiting to be read.
BOOL TransactNamedPipe(WindowsProcess& p, Ptr h, Ptr in, uint32_t in_size, Ptr out, uint32_t out_size, Ptr read,
                       Ptr overlapped) {
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h.addr, &fd);
  put<uint32_t>(read.addr, 0);
  if (!e || !e->named) return fail(p, ERROR_INVALID_HANDLE);
  if (overlapped) return fail(p, ERROR_NOT_SUPPORTED);
  if (!e->message || !e->read_message) return fail(p, kErrorBadPipe);
  if (uint32_t err = server_error(*e, false)) return fail(p, err);
  if (!e->pending.empty() || available(fd) > 0) return fail(p, kErrorPipeBusy);
  uint32_t done = 0;
  if (uint32_t err = write_pipe(p, *e, fd, in.as<const char>(), in_size, done)) return fail(p, err);
  uint32_t got = 0;
  uint32_t err = read_pipe(p, *e, fd, out.as<char>(), out_size, got);
  put<uint32_t>(read.addr, got);
  return err ? fail(p, err) : TRUE;
}

// Connects to a message-type pipe (waiting as WaitNamedPipe does), makes one transaction, closes.
BOOL call_named_pipe(WindowsProcess& p, const std::string& full, Ptr in, uint32_t in_size, Ptr out, uint32_t out_size,
                     Ptr read, uint32_t timeout) {
  put<uint32_t>(read.addr, 0);
  std::optional<std::string> name = pipe_name(full);
  if (!name) return fail(p, ERROR_INVALID_NAME);
  uint64_t h;
  for (;;) {
    h = open_client(p, *name, 0xc0000000u);  // GENERIC_READ | GENERIC_WRITE
    if (p.last_error() != kErrorPipeBusy || timeout == kNmpwaitNowait) break;
    if (!wait_named_pipe(p, full, timeout)) return FALSE;
  }
  if (p.last_error() != 0) return FALSE;
  std::shared_ptr<PipeEnd> e = ends()[h];
  BOOL ok = FALSE;
  if (!e->message) {
    fail(p, ERROR_INVALID_PARAMETER);  // SetNamedPipeHandleState's answer for a byte pipe
  } else {
    e->read_message = true;
    ok = TransactNamedPipe(p, Ptr(h), in, in_size, out, out_size, read, Ptr(0));
  }
  const uint32_t error = p.last_error();
  close_pipe_end(p, h);
  ::close(p.fd_for_handle(h));
  p.handle_fd.erase(h);
  p.set_last_error(error);
  return ok;
}
BOOL CallNamedPipeA(WindowsProcess& p, AStr name, Ptr in, uint32_t in_size, Ptr out, uint32_t out_size, Ptr read,
                    uint32_t timeout) {
  return call_named_pipe(p, name.str(), in, in_size, out, out_size, read, timeout);
}
BOOL CallNamedPipeW(WindowsProcess& p, WStr name, Ptr in, uint32_t in_size, Ptr out, uint32_t out_size, Ptr read,
                    uint32_t timeout) {
  return call_named_pipe(p, utf16_to_utf8(name.str()), in, in_size, out, out_size, read, timeout);
}

}  // namespace

}  // namespace polyrun::shims::kernel32_pipes

namespace polyrun::shims {

// ---- what other parts of KERNEL32 ask (kernel32/pipes.h) ----

std::optional<int32_t> pipe_read(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done) {
  using namespace named_pipes;
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h, &fd);
  if (!e) return std::nullopt;
  uint32_t got = 0;
  uint32_t err = read_pipe(p, *e, fd, reinterpret_cast<char*>(buf), len, got);
  put<uint32_t>(done, got);
  if (err) return fail(p, err);
  return TRUE;
}

int pipe_stream_fd(WindowsProcess& p, uint64_t h) {
  using namespace named_pipes;
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h, &fd);
  if (!e) return -2;
  if (e->read_message || !e->pending.empty() || !e->readable || server_error(*e, false)) return -1;
  return fd;
}

std::optional<int32_t> pipe_write(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done) {
  using namespace named_pipes;
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h, &fd);
  if (!e) return std::nullopt;
  uint32_t wrote = 0;
  uint32_t err = write_pipe(p, *e, fd, reinterpret_cast<const char*>(buf), len, wrote);
  put<uint32_t>(done, wrote);
  if (err) return fail(p, err);
  return TRUE;
}

bool is_pipe_name(const std::string& name) { return named_pipes::pipe_name(name).has_value(); }

uint64_t open_pipe_client(WindowsProcess& p, const std::string& name, uint32_t access) {
  using namespace named_pipes;
  std::optional<std::string> n = pipe_name(name);
  return open_client(p, n ? *n : name, access);
}

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_pipes_exports() {
  using namespace kernel32_pipes;
  static const std::vector<Export> exports = {
      EXPORT("CreatePipe", CreatePipe),
      EXPORT("PeekNamedPipe", PeekNamedPipe),
      EXPORT("CreateNamedPipeA", CreateNamedPipeA),
      EXPORT("GetNamedPipeHandleStateA", GetNamedPipeHandleState<false>),
      EXPORT("GetNamedPipeHandleStateW", GetNamedPipeHandleState<true>),
      EXPORT("CreateNamedPipeW", CreateNamedPipeW),
      EXPORT("ConnectNamedPipe", ConnectNamedPipe),
      EXPORT("DisconnectNamedPipe", DisconnectNamedPipe),
      EXPORT("WaitNamedPipeA", WaitNamedPipeA),
      EXPORT("WaitNamedPipeW", WaitNamedPipeW),
      EXPORT("GetNamedPipeInfo", GetNamedPipeInfo),
      EXPORT("SetNamedPipeHandleState", SetNamedPipeHandleState),
      EXPORT("GetNamedPipeClientProcessId", GetNamedPipeClientProcessId),
      EXPORT("GetNamedPipeClientSessionId", GetNamedPipeClientSessionId),
      EXPORT("GetNamedPipeServerSessionId", GetNamedPipeServerSessionId),
      EXPORT("GetNamedPipeServerProcessId", GetNamedPipeServerProcessId),
      EXPORT("TransactNamedPipe", TransactNamedPipe),
      EXPORT("CallNamedPipeA", CallNamedPipeA),
      EXPORT("CallNamedPipeW", CallNamedPipeW),
  };
  return exports;
}

}  // namespace polyrun::shims
