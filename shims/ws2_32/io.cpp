// The host thread that carries Winsock's overlapped operations and WSAEventSelect's watches
// (ws2_32/io.h). An overlapped operation is tried at once, without blocking: if it can finish (data
// is there, the connection is waiting) it completes then, as on Windows, and reports to the
// OVERLAPPED, its event and the socket's completion port (kernel32/iocp.cpp) unless the socket
// asked to skip the port on success. Otherwise it is queued on its descriptor (receives and
// accepts in one queue, sends and connects in another, each completed in order), and this thread
// waits for the queued descriptors with epoll (one-shot registrations armed for what the queues
// and watches wait for) and carries their operations on as they become ready.
//
// Locks: the I/O mutex guards the queues and is held across the non-blocking host calls that carry
// an operation out, so that closesocket (which takes it before closing the descriptor) never
// closes a descriptor under one. It is taken after the execution lock, never before: the I/O
// thread releases it before it takes the execution lock to set events and wake waiters.
#include "shims/ws2_32/io.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/guest_memory.h"
#include "shims/core/windows_threads.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims {

namespace winsock {

namespace {

// How an attempt went: still waiting, or ended with an NT status and a byte count.
struct Outcome {
  bool finished = false;
  uint32_t status = STATUS_SUCCESS;
  uint64_t bytes = 0;
};

// WSAEventSelect's watch over a descriptor: the FD_* events asked for, those that may be recorded
// now (each is recorded once, then waits for the call that re-enables it, as on Windows), and
// those recorded since WSAEnumNetworkEvents last took them, with their error codes.
struct Watch {
  uint64_t event = 0;
  // WSAAsyncSelect's: the window and message its events are posted to, and the socket's handle.
  uint64_t hwnd = 0, socket = 0;
  uint32_t msg = 0;
  int32_t wanted = 0, enabled = 0, recorded = 0;
  int32_t errors[10] = {};
  bool listening = false, stream = true, connecting = false;
  // Nothing can change until the program calls on the socket (an event that recorded nothing:
  // epoll reports an unconnected socket's hang-up whatever it is asked).
  bool parked = false;
  bool close_deferred = false;  // the peer closed with data still to read: FD_CLOSE after it
};

struct Queues {
  std::deque<std::shared_ptr<Op>> in, out;  // receives and accepts; sends and connects
  uint32_t armed = 0;                       // the epoll events asked for (oneshot)
  bool registered = false;
  std::unique_ptr<Watch> watch;
};

struct Engine {
  GuestCallMutex m;
  int epfd = -1;
  std::map<int, Queues> fds;
};

Engine& engine() {
  static Engine e;
  return e;
}

Outcome ended(uint32_t status, uint64_t bytes) { return {true, status, bytes}; }
Outcome failed(int err) { return ended(ntstatus_from_errno(err), 0); }

// Drops the first `n` bytes of an iovec list.
void advance(std::vector<iovec>& iov, uint64_t n) {
  while (n && !iov.empty()) {
    if (n >= iov.front().iov_len) {
      n -= iov.front().iov_len;
      iov.erase(iov.begin());
    } else {
      iov.front().iov_base = static_cast<char*>(iov.front().iov_base) + n;
      iov.front().iov_len -= n;
      n = 0;
    }
  }
}

// Runs fn with the descriptor in non-blocking mode (accept and connect take no per-call flag).
template <class Fn>
auto nonblocking_call(int fd, Fn&& fn) {
  const int fl = ::fcntl(fd, F_GETFL);
  if (fl >= 0 && !(fl & O_NONBLOCK)) ::fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  auto r = fn();
  const int err = errno;
  if (fl >= 0 && !(fl & O_NONBLOCK)) ::fcntl(fd, F_SETFL, fl);
  errno = err;
  return r;
}

// Writes one address of AcceptEx's output: its length (an int), then the sockaddr.
void put_accept_address(uint64_t at, const sockaddr* a) {
  const uint32_t n = guest_sockaddr_size(a);
  put<int32_t>(at, static_cast<int32_t>(n));
  write_guest_sockaddr(a, static_cast<uint8_t*>(guest_pointer(at + 4)));
}

// Carries the operation forward as far as it goes without blocking (under the I/O mutex).
Outcome attempt(Op& op) {
  switch (op.kind) {
    case Op::Kind::Receive: {
      // A receive into no bytes on a stream waits for data and takes none: IOCP servers post
      // one to learn that a connection is readable (Linux's recv of 0 bytes returns at once).
      if (op.stream && op.iov.empty()) {
        pollfd pf{op.fd, POLLIN, 0};
        if (::poll(&pf, 1, 0) <= 0) return {};
        return ended(STATUS_SUCCESS, 0);
      }
      sockaddr_storage a{};
      msghdr m{};
      m.msg_name = op.from ? &a : nullptr;
      m.msg_namelen = op.from ? sizeof a : 0;
      m.msg_iov = op.iov.data();
      m.msg_iovlen = op.iov.size();
      ssize_t n = ::recvmsg(op.fd, &m, op.flags | MSG_DONTWAIT);
      if (n < 0) return errno == EAGAIN ? Outcome{} : failed(errno);
      if (op.from && m.msg_namelen && get<int32_t>(op.from_len) >= static_cast<int32_t>(guest_sockaddr_size(reinterpret_cast<sockaddr*>(&a)))) {
        write_guest_sockaddr(reinterpret_cast<sockaddr*>(&a), static_cast<uint8_t*>(guest_pointer(op.from)));
        put<int32_t>(op.from_len, static_cast<int32_t>(guest_sockaddr_size(reinterpret_cast<sockaddr*>(&a))));
      }
      // A datagram larger than the buffers: they hold its start, and the operation says so.
      if (m.msg_flags & MSG_TRUNC) return ended(STATUS_BUFFER_OVERFLOW, static_cast<uint64_t>(n));
      return ended(STATUS_SUCCESS, static_cast<uint64_t>(n));
    }
    case Op::Kind::Connect:
      if (!op.connected) {
        int err = 0;
        socklen_t n = sizeof err;
        if (op.to_len) {  // not yet started
          const socklen_t len = op.to_len;
          op.to_len = 0;
          if (nonblocking_call(op.fd, [&] { return ::connect(op.fd, reinterpret_cast<sockaddr*>(&op.to), len); }) != 0)
            err = errno;
          if (err == EINPROGRESS) return {};
        } else {
          ::getsockopt(op.fd, SOL_SOCKET, SO_ERROR, &err, &n);
        }
        if (err) return failed(err);
        op.connected = true;
        op.to_len = 0;
      }
      if (op.iov.empty()) return ended(STATUS_SUCCESS, op.done);
      [[fallthrough]];
    case Op::Kind::Send: {
      // A stream send completes once every byte is sent, as Windows' overlapped sends do.
      for (;;) {
        msghdr m{};
        m.msg_name = op.to_len ? &op.to : nullptr;
        m.msg_namelen = op.to_len;
        m.msg_iov = op.iov.data();
        m.msg_iovlen = op.iov.size();
        ssize_t n = ::sendmsg(op.fd, &m, op.flags | MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) return errno == EAGAIN ? Outcome{} : failed(errno);
        op.done += static_cast<uint64_t>(n);
        advance(op.iov, static_cast<uint64_t>(n));
        if (op.iov.empty() || !op.stream) return ended(STATUS_SUCCESS, op.done);
      }
    }
    case Op::Kind::Accept: {
      if (!op.accepted) {
        const int c = nonblocking_call(op.fd, [&] { return ::accept4(op.fd, nullptr, nullptr, SOCK_CLOEXEC); });
        if (c < 0) return errno == EAGAIN ? Outcome{} : failed(errno);
        // The accepting socket becomes the connection: its descriptor now names the new socket.
        ::dup3(c, op.accept_fd, O_CLOEXEC);
        ::close(c);
        if (op.accept_nonblocking) ::fcntl(op.accept_fd, F_SETFL, ::fcntl(op.accept_fd, F_GETFL) | O_NONBLOCK);
        sockaddr_storage local{}, remote{};
        socklen_t ln = sizeof local, rn = sizeof remote;
        ::getsockname(op.accept_fd, reinterpret_cast<sockaddr*>(&local), &ln);
        ::getpeername(op.accept_fd, reinterpret_cast<sockaddr*>(&remote), &rn);
        put_accept_address(op.out_buf + op.data_len, reinterpret_cast<sockaddr*>(&local));
        put_accept_address(op.out_buf + op.data_len + op.local_len, reinterpret_cast<sockaddr*>(&remote));
        op.accepted = true;
        if (!op.data_len) return ended(STATUS_SUCCESS, 0);
        op.fd = op.accept_fd;  // then it waits for the first data on the connection
        op.iov = {{guest_pointer(op.out_buf), op.data_len}};
      }
      ssize_t n = ::recv(op.fd, guest_pointer(op.out_buf), op.data_len, MSG_DONTWAIT);
      if (n < 0) return errno == EAGAIN ? Outcome{} : failed(errno);
      return ended(STATUS_SUCCESS, static_cast<uint64_t>(n));
    }
  }
  return {};
}

bool is_in(const Op& op) { return op.kind == Op::Kind::Receive || op.kind == Op::Kind::Accept; }

// Asks epoll for what the descriptor's queues wait for (under the I/O mutex).
// The epoll events a watch waits for.
uint32_t watch_events(const Watch* w) {
  if (!w || w->parked) return 0;
  uint32_t want = 0;
  if (w->enabled & (FD_READ | FD_ACCEPT)) want |= EPOLLIN;
  if (w->enabled & FD_OOB) want |= EPOLLPRI;
  if ((w->enabled & FD_CLOSE) && !w->close_deferred) want |= EPOLLRDHUP;
  if (w->enabled & FD_WRITE || (w->enabled & FD_CONNECT && w->connecting)) want |= EPOLLOUT;
  return want;
}

void arm(Engine& e, int fd, Queues& q) {
  uint32_t want = (q.in.empty() ? 0u : uint32_t{EPOLLIN}) | (q.out.empty() ? 0u : uint32_t{EPOLLOUT});
  want |= watch_events(q.watch.get());
  if (!want) return;
  epoll_event ev{};
  ev.events = want | EPOLLONESHOT;
  ev.data.fd = fd;
  if (q.registered) ::epoll_ctl(e.epfd, EPOLL_CTL_MOD, fd, &ev);
  else q.registered = ::epoll_ctl(e.epfd, EPOLL_CTL_ADD, fd, &ev) == 0;
  q.armed = want;
}

// Records the FD_* events whose conditions hold now (under the I/O mutex); true if it recorded one
// (the watch's event is to be set). It looks at the socket's state as it is, not at the epoll
// report that woke it, which may be older than a connect the program made since.
bool evaluate(int fd, Watch& w) {
  pollfd pf{fd, static_cast<short>(POLLIN | POLLOUT | POLLPRI | POLLRDHUP), 0};
  if (::poll(&pf, 1, 0) < 0) return false;
  const uint32_t ev = static_cast<uint16_t>(pf.revents);  // POLL* and EPOLL* bits are the same
  int32_t hold = 0;
  int32_t err[10] = {};
  int soerr = 0;
  if (ev & POLLERR) {
    socklen_t n = sizeof soerr;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &n);
  }
  if (w.listening) {
    if (ev & POLLIN) hold |= FD_ACCEPT;
  } else if (w.connecting) {
    if (soerr) {
      hold |= FD_CONNECT;
      err[FD_CONNECT_BIT] = wsa_error_from_errno(soerr);
      w.connecting = false;
    } else if (ev & POLLOUT) {
      hold |= FD_CONNECT | FD_WRITE;
      w.connecting = false;
    }
  } else {
    sockaddr_storage peer;
    socklen_t pn = sizeof peer;
    const bool connected = !w.stream || ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &pn) == 0;
    int avail = 0;
    ::ioctl(fd, FIONREAD, &avail);
    if (connected || soerr) {
      if ((ev & POLLOUT) && connected) hold |= FD_WRITE;
      if ((ev & POLLIN) && (avail > 0 || !w.stream)) hold |= FD_READ;
      if (ev & POLLPRI) hold |= FD_OOB;
      if (w.stream && (soerr || (ev & (POLLRDHUP | POLLHUP)))) {
        if (avail > 0 && !soerr) {
          w.close_deferred = true;  // FD_READ first; FD_CLOSE once it has been read
        } else {
          hold |= FD_CLOSE;
          err[FD_CLOSE_BIT] = soerr ? wsa_error_from_errno(soerr) : 0;
        }
      }
    }
  }
  const int32_t fresh = hold & w.enabled & w.wanted;
  for (int bit = 0; bit < 10; ++bit)
    if (fresh & (1 << bit)) w.errors[bit] = err[bit];
  w.recorded |= fresh;
  w.enabled &= ~fresh;
  // What it waited for holds and records nothing (an unconnected socket's hang-up, the end of a
  // stream with FD_CLOSE not asked for): until the program calls on the socket, it would again.
  // (A connect under way reports nothing until it ends.)
  if (!fresh && !w.connecting) w.parked = true;
  return fresh != 0;
}

struct Finished {
  std::shared_ptr<Op> op;
  Outcome outcome;
};

// A WSAAsyncSelect message to post: its window, message, socket and lParam.
struct Posted {
  uint64_t hwnd, socket;
  uint32_t msg, lparam;
};

// Reports finished operations: the OVERLAPPED and the port without a lock, then their events and
// the threads waiting for them (GetOverlappedResult) under the execution lock.
void deliver(WindowsProcess& p, const std::vector<Finished>& done, const std::vector<uint64_t>& events,
             const std::vector<Posted>& posts) {
  if (done.empty() && events.empty() && posts.empty()) return;
  for (const auto& f : done) finish_overlapped(p, f.op->target, f.op->overlapped, f.outcome.status, f.outcome.bytes, false);
  p.lock.acquire();
  for (const auto& f : done) {
    set_overlapped_event(p, f.op->overlapped);
    --p.outside_signals;
  }
  for (uint64_t h : events) signal_event(p, h);
  for (const Posted& m : posts) user32::post_message_from_outside(p, m.hwnd, m.msg, m.socket, m.lparam);
  p.lock.release();
  p.wake_waiters();
}

// Takes the operation on (under the I/O mutex): queues it on the descriptor it now waits on.
void enqueue(WindowsProcess& p, Engine& e, const std::shared_ptr<Op>& op) {
  Queues& q = e.fds[op->fd];
  (is_in(*op) ? q.in : q.out).push_back(op);
  arm(e, op->fd, q);
  ++p.outside_signals;  // the network can end a wait that no thread of the program could
}

// The I/O thread: waits for queued descriptors and carries their operations on.
void io_thread(WindowsProcess& p) {
  Engine& e = engine();
  epoll_event evs[64];
  for (;;) {
    int n = ::epoll_wait(e.epfd, evs, 64, -1);
    if (n < 0) continue;  // EINTR
    std::vector<Finished> done;
    std::vector<uint64_t> events;
    std::vector<Posted> posts;
    {
      std::lock_guard<GuestCallMutex> g(e.m);
      for (int i = 0; i < n; ++i) {
        const int fd = evs[i].data.fd;
        auto it = e.fds.find(fd);
        if (it == e.fds.end()) continue;
        Queues& q = it->second;
        q.armed = 0;
        // The watch looks at what it waited for (and at errors), not at what woke queued operations.
        const uint32_t seen = evs[i].events & (watch_events(q.watch.get()) | EPOLLERR | EPOLLHUP);
        if (q.watch && seen && !q.watch->parked && evaluate(fd, *q.watch)) {
          Watch& w = *q.watch;
          if (!w.hwnd) {
            events.push_back(w.event);
          } else {
            // Each event a message of its own, in the order of their bits; nothing keeps them.
            for (int bit = 0; bit < 10; ++bit)
              if (w.recorded & (1 << bit))
                posts.push_back({w.hwnd, w.socket, w.msg,
                                 static_cast<uint32_t>(1 << bit) | static_cast<uint32_t>(w.errors[bit] & 0xffff) << 16});
            w.recorded = 0;
          }
        }
        for (auto* list : {&q.in, &q.out}) {
          while (!list->empty()) {
            auto op = list->front();
            Outcome o = attempt(*op);
            if (o.finished) {
              list->pop_front();
              done.push_back({op, o});
              continue;
            }
            if (op->fd == fd) break;  // still waiting here
            // AcceptEx accepted and now waits for the first data on the new connection.
            list->pop_front();
            Queues& other = e.fds[op->fd];
            other.in.push_back(op);
            arm(e, op->fd, other);
          }
        }
        arm(e, fd, q);
      }
    }
    deliver(p, done, events, posts);
  }
}

// The engine, with its thread started on first use (under the execution lock).
Engine& started_engine(WindowsProcess& p) {
  Engine& e = engine();
  if (e.epfd < 0) {
    e.epfd = ::epoll_create1(EPOLL_CLOEXEC);
    p.helper_threads = true;  // the process ends with exit_group, past this thread
    std::thread([&p] { io_thread(p); }).detach();
  }
  return e;
}

bool is_error(uint32_t status) { return status >= 0xC0000000u; }

}  // namespace

int32_t start_operation(WindowsProcess& p, const std::shared_ptr<Op>& op, uint64_t bytes_out) {
  op->thread = p.thread().id;
  op->target = completion_target(p, op->handle);
  reset_overlapped_event(p, op->overlapped);
  finish_overlapped(p, CompletionTarget{}, op->overlapped, STATUS_PENDING, 0, true);
  Engine& e = started_engine(p);
  Outcome o;
  {
    std::lock_guard<GuestCallMutex> g(e.m);
    Queues& q = e.fds[op->fd];
    // Behind operations already queued in the same direction, in the order they were started.
    if ((is_in(*op) ? q.in : q.out).empty()) o = attempt(*op);
    if (!o.finished) enqueue(p, e, op);
  }
  if (!o.finished) return wsa_fail(p, WSA_IO_PENDING);
  if (is_error(o.status)) {
    finish_overlapped(p, CompletionTarget{}, op->overlapped, o.status, o.bytes, true);
    return wsa_fail(p, wsa_error_from_ntstatus(o.status));
  }
  const bool skip = (op->target.modes & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) && o.status == STATUS_SUCCESS;
  finish_overlapped(p, op->target, op->overlapped, o.status, o.bytes, skip);
  set_overlapped_event(p, op->overlapped);
  put<uint32_t>(bytes_out, static_cast<uint32_t>(o.bytes));
  if (o.status == STATUS_BUFFER_OVERFLOW) return wsa_fail(p, WSAEMSGSIZE);
  p.set_last_error(0);
  return 0;
}

namespace {

// Ends the operations `match` picks with `status` (under the execution lock); how many.
// `closing`: the descriptor is about to be closed: its queues and epoll registration go too.
template <class Match>
int cancel(WindowsProcess& p, Match&& match, int closing, uint32_t status) {
  Engine& e = engine();
  std::vector<std::shared_ptr<Op>> gone;
  {
    std::lock_guard<GuestCallMutex> g(e.m);
    for (auto it = e.fds.begin(); it != e.fds.end();) {
      Queues& q = it->second;
      for (auto* list : {&q.in, &q.out}) {
        for (auto o = list->begin(); o != list->end();) {
          if (match(**o)) {
            gone.push_back(*o);
            o = list->erase(o);
          } else {
            ++o;
          }
        }
      }
      if (it->first == closing || (q.in.empty() && q.out.empty() && !q.registered && !q.watch)) {
        if (q.registered) ::epoll_ctl(e.epfd, EPOLL_CTL_DEL, it->first, nullptr);
        it = e.fds.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto& op : gone) {
    finish_overlapped(p, op->target, op->overlapped, status, op->done, false);
    set_overlapped_event(p, op->overlapped);
    --p.outside_signals;
  }
  if (!gone.empty()) p.wake_waiters();
  return static_cast<int>(gone.size());
}

}  // namespace

void abort_socket_io(WindowsProcess& p, uint64_t s, int fd) {
  if (engine().epfd < 0) return;
  cancel(p, [s](const Op& op) { return op.handle == s || op.accept_handle == s; }, fd, STATUS_HANDLES_CLOSED);
}

void forget_descriptor(WindowsProcess& p, int fd) {
  if (engine().epfd < 0) return;
  cancel(p, [fd](const Op& op) { return op.fd == fd || op.accept_fd == fd; }, fd, STATUS_HANDLES_CLOSED);
}

int cancel_socket_io(WindowsProcess& p, uint64_t h, uint64_t overlapped, uint32_t thread) {
  if (engine().epfd < 0) return 0;
  return cancel(
      p,
      [&](const Op& op) {
        return op.handle == h && (!overlapped || op.overlapped == overlapped) && (!thread || op.thread == thread);
      },
      -1, STATUS_CANCELLED);
}

void watch_network_events(WindowsProcess& p, int fd, uint64_t event, int32_t wanted, bool listening, bool stream) {
  Engine& e = started_engine(p);
  std::lock_guard<GuestCallMutex> g(e.m);
  Queues& q = e.fds[fd];
  if (!wanted && !event) {
    q.watch.reset();
    return;
  }
  q.watch = std::make_unique<Watch>();
  Watch& w = *q.watch;
  w.event = event;
  w.wanted = wanted;
  w.enabled = wanted & ~FD_CONNECT;
  w.listening = listening;
  w.stream = stream;
  arm(e, fd, q);
}

void watch_network_messages(WindowsProcess& p, int fd, uint64_t h, uint64_t hwnd, uint32_t msg, int32_t wanted,
                            bool listening, bool stream) {
  Engine& e = started_engine(p);
  std::lock_guard<GuestCallMutex> g(e.m);
  Queues& q = e.fds[fd];
  if (!wanted) {
    q.watch.reset();
    return;
  }
  q.watch = std::make_unique<Watch>();
  Watch& w = *q.watch;
  w.hwnd = hwnd, w.socket = h, w.msg = msg;
  w.wanted = wanted;
  w.enabled = wanted & ~FD_CONNECT;
  w.listening = listening;
  w.stream = stream;
  arm(e, fd, q);
}

void reenable_network_event(WindowsProcess& p, int fd, int32_t bits) {
  Engine& e = engine();
  if (e.epfd < 0) return;
  std::lock_guard<GuestCallMutex> g(e.m);
  auto it = e.fds.find(fd);
  if (it == e.fds.end() || !it->second.watch) return;
  Watch& w = *it->second.watch;
  w.enabled |= bits & w.wanted;
  if (bits & FD_CONNECT) w.connecting = true;
  if (bits & FD_READ) w.close_deferred = false;
  w.parked = false;
  arm(e, fd, it->second);
  (void)p;
}

int connect_watched(WindowsProcess& p, int fd, const sockaddr* a, socklen_t len) {
  Engine& e = started_engine(p);
  std::lock_guard<GuestCallMutex> g(e.m);
  const int r = ::connect(fd, a, len);
  const int err = errno;
  auto it = e.fds.find(fd);
  if (it != e.fds.end() && it->second.watch && (r == 0 || err == EINPROGRESS)) {
    Watch& w = *it->second.watch;
    w.connecting = true;
    w.enabled |= w.wanted & FD_CONNECT;
    w.parked = false;
    arm(e, fd, it->second);
  }
  errno = err;
  return r;
}

bool take_network_events(int fd, int32_t& recorded, int32_t (&errors)[10]) {
  Engine& e = engine();
  std::lock_guard<GuestCallMutex> g(e.m);
  auto it = e.fds.find(fd);
  if (it == e.fds.end() || !it->second.watch) return false;
  Watch& w = *it->second.watch;
  recorded = w.recorded;
  std::memcpy(errors, w.errors, sizeof errors);
  w.recorded = 0;
  std::memset(w.errors, 0, sizeof w.errors);
  return true;
}

}  // namespace winsock

}  // namespace polyrun::shims
