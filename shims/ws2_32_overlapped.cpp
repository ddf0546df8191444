// WS2_32.dll's scatter/gather and overlapped calls (WSARecv, WSASend, WSARecvFrom, WSASendTo,
// WSAGetOverlappedResult, WSAIoctl) and MSWSOCK.dll's AcceptEx, ConnectEx, GetAcceptExSockaddrs
// and TransmitFile, which programs reach through WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER).
//
// An overlapped operation is tried at once, without blocking: if it can finish (data is there,
// the connection is waiting) it completes then, as on Windows, and reports to the OVERLAPPED, its
// event and the socket's completion port (kernel32_iocp.cpp) unless the socket asked to skip the
// port on success. Otherwise it is queued on its descriptor, the call fails with WSA_IO_PENDING, and
// one host thread of polyrun's waits for the queued descriptors with epoll and completes their
// operations in order as they become ready.
//
// Locks: the I/O mutex guards the queues and is held across the non-blocking host calls that carry
// an operation out, so that closesocket (which takes it before closing the descriptor) never
// closes a descriptor under one. It is taken after the execution lock, never before: the I/O
// thread releases it before it takes the execution lock to set events and wake waiters.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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

#include "shims/guest_memory.h"
#include "shims/shim.h"
#include "shims/windows_threads.h"
#include "shims/ws2_32.h"

namespace polyrun::shims {

extern const Dll kMswsock;

namespace winsock {

namespace {

// One overlapped operation under way.
struct Op {
  enum class Kind { Receive, Send, Accept, Connect } kind;
  uint64_t handle = 0;
  int fd = -1;  // where it waits: the socket's descriptor (AcceptEx's accepting one, once accepted)
  uint64_t overlapped = 0;
  uint32_t thread = 0;  // the thread that started it (CancelIo)
  CompletionTarget target;
  std::vector<iovec> iov;  // guest buffers still to fill or send
  std::vector<char> owned; // what TransmitFile read from its file, which `iov` points into
  int flags = 0;           // host message flags
  bool stream = true;
  uint64_t done = 0;  // bytes moved so far
  // WSARecvFrom: where the sender's address goes.
  uint64_t from = 0, from_len = 0;
  // WSASendTo and ConnectEx: the peer.
  sockaddr_storage to{};
  socklen_t to_len = 0;
  // AcceptEx: the socket that takes the connection, its output buffer and sizes.
  int accept_fd = -1;
  uint64_t accept_handle = 0;
  bool accept_nonblocking = false;
  uint64_t out_buf = 0;
  uint32_t data_len = 0, local_len = 0, remote_len = 0;
  bool accepted = false, connected = false;
};

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
  std::mutex m;
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

// Reports finished operations: the OVERLAPPED and the port without a lock, then their events and
// the threads waiting for them (GetOverlappedResult) under the execution lock.
void deliver(WindowsProcess& p, const std::vector<Finished>& done, const std::vector<uint64_t>& events) {
  if (done.empty() && events.empty()) return;
  for (const auto& f : done) finish_overlapped(p, f.op->target, f.op->overlapped, f.outcome.status, f.outcome.bytes, false);
  p.lock.acquire();
  for (const auto& f : done) {
    set_overlapped_event(p, f.op->overlapped);
    --p.outside_signals;
  }
  for (uint64_t h : events) signal_event(p, h);
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
    {
      std::lock_guard<std::mutex> g(e.m);
      for (int i = 0; i < n; ++i) {
        const int fd = evs[i].data.fd;
        auto it = e.fds.find(fd);
        if (it == e.fds.end()) continue;
        Queues& q = it->second;
        q.armed = 0;
        // The watch looks at what it waited for (and at errors), not at what woke queued operations.
        const uint32_t seen = evs[i].events & (watch_events(q.watch.get()) | EPOLLERR | EPOLLHUP);
        if (q.watch && seen && !q.watch->parked && evaluate(fd, *q.watch)) events.push_back(q.watch->event);
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
    deliver(p, done, events);
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

// Starts an overlapped operation (under the execution lock). Returns 0 if it finished at once
// (reported to the OVERLAPPED, its event and the port, and its byte count to `bytes_out`),
// SOCKET_ERROR with WSA_IO_PENDING if it was queued, or SOCKET_ERROR with its error if it failed
// at once (which reports nothing to the port, as on Windows).
int32_t start(WindowsProcess& p, const std::shared_ptr<Op>& op, uint64_t bytes_out) {
  op->thread = p.thread().id;
  op->target = completion_target(p, op->handle);
  reset_overlapped_event(p, op->overlapped);
  finish_overlapped(p, CompletionTarget{}, op->overlapped, STATUS_PENDING, 0, true);
  Engine& e = started_engine(p);
  Outcome o;
  {
    std::lock_guard<std::mutex> g(e.m);
    Queues& q = e.fds[op->fd];
    // Behind operations already queued in the same direction, in the order they were started.
    if ((is_in(*op) ? q.in : q.out).empty()) o = attempt(*op);
    if (!o.finished) enqueue(p, e, op);
  }
  if (!o.finished) return fail(p, WSA_IO_PENDING);
  if (is_error(o.status)) {
    finish_overlapped(p, CompletionTarget{}, op->overlapped, o.status, o.bytes, true);
    return fail(p, wsa_error_from_ntstatus(o.status));
  }
  const bool skip = (op->target.modes & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) && o.status == STATUS_SUCCESS;
  finish_overlapped(p, op->target, op->overlapped, o.status, o.bytes, skip);
  set_overlapped_event(p, op->overlapped);
  put<uint32_t>(bytes_out, static_cast<uint32_t>(o.bytes));
  if (o.status == STATUS_BUFFER_OVERFLOW) return fail(p, WSAEMSGSIZE);
  p.set_last_error(0);
  return 0;
}

// Ends the operations `match` picks with `status` (under the execution lock); how many.
// `closing`: the descriptor is about to be closed: its queues and epoll registration go too.
template <class Match>
int cancel(WindowsProcess& p, Match&& match, int closing, uint32_t status) {
  Engine& e = engine();
  std::vector<std::shared_ptr<Op>> gone;
  {
    std::lock_guard<std::mutex> g(e.m);
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
  std::lock_guard<std::mutex> g(e.m);
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

void reenable_network_event(WindowsProcess& p, int fd, int32_t bits) {
  Engine& e = engine();
  if (e.epfd < 0) return;
  std::lock_guard<std::mutex> g(e.m);
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
  std::lock_guard<std::mutex> g(e.m);
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
  std::lock_guard<std::mutex> g(e.m);
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

namespace {

using namespace winsock;
using BOOL = int32_t;

// WSABUF arrays: { u_long len; char* buf; } (the pointer at offset 8 on x64) to host iovecs of
// guest memory; false (WSAEFAULT) if a buffer is not there.
bool guest_buffers(WindowsProcess& p, uint64_t bufs, uint32_t count, bool writable, std::vector<iovec>& out) {
  if (count && !bufs) return fail(p, WSAEFAULT), false;
  const unsigned ptr = p.isa->ptr;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t at = bufs + i * 2 * ptr;
    const uint32_t len = get<uint32_t>(at);
    const uint64_t buf = p.get_ptr(at + ptr);
    if (len && !p.memory.accessible(buf, len, writable ? mem::kWrite : mem::kRead)) return fail(p, WSAEFAULT), false;
    if (len) out.push_back({guest_pointer(buf), len});
  }
  return true;
}

// A non-overlapped operation on an overlapped socket's OVERLAPPED (a socket made without
// WSA_FLAG_OVERLAPPED carries out an overlapped call at once, as a blocking one).
void report_at_once(WindowsProcess& p, uint64_t h, uint64_t ov, uint32_t status, uint64_t bytes) {
  if (!ov) return;
  const CompletionTarget t = completion_target(p, h);
  finish_overlapped(p, t, ov, status, bytes, (t.modes & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) && status == 0);
  set_overlapped_event(p, ov);
}

int32_t receive(WindowsProcess& p, uint64_t h, Ptr bufs, uint32_t count, Ptr bytes, Ptr flags, Ptr from, Ptr from_len,
                Ptr ov, Ptr routine) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (routine) return fail(p, WSAEOPNOTSUPP);  // completion routines are APCs, which polyrun does not queue
  if (!flags) return fail(p, WSAEFAULT);
  const int f = host_msg_flags(get<int32_t>(flags.addr));
  if (f < 0) return fail(p, WSAEOPNOTSUPP);
  if (s->shut_receive) return fail(p, WSAESHUTDOWN);
  std::vector<iovec> iov;
  if (!guest_buffers(p, bufs.addr, count, true, iov)) return SOCKET_ERROR;
  const bool datagram = s->type != SOCK_STREAM;
  if (from && datagram && (!from_len || get<int32_t>(from_len.addr) < (s->family == AF_INET6 ? 28 : 16)))
    return fail(p, WSAEFAULT);
  if (!ov || !s->overlapped) {
    sockaddr_storage a{};
    msghdr m{};
    m.msg_name = &a;
    m.msg_namelen = sizeof a;
    m.msg_iov = iov.data();
    m.msg_iovlen = iov.size();
    const int fd = s->fd;
    ssize_t n = socket_call(p, s, [&] { return ::recvmsg(fd, &m, f); });
    if (s->event_select) reenable_network_event(p, fd, (f & MSG_OOB) ? FD_OOB : FD_READ);
    if (n < 0) return fail_errno(p);
    if (from && datagram && m.msg_namelen)
      to_guest_sockaddr(p, reinterpret_cast<sockaddr*>(&a), m.msg_namelen, from.addr, from_len.addr);
    put<uint32_t>(bytes.addr, static_cast<uint32_t>(n));
    put<uint32_t>(flags.addr, 0);
    const bool cut = m.msg_flags & MSG_TRUNC;
    report_at_once(p, h, ov.addr, cut ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS, static_cast<uint64_t>(n));
    if (cut) return fail(p, WSAEMSGSIZE);
    p.set_last_error(0);
    return 0;
  }
  auto op = std::make_shared<Op>();
  op->kind = Op::Kind::Receive;
  op->handle = h;
  op->fd = s->fd;
  op->overlapped = ov.addr;
  op->iov = std::move(iov);
  op->flags = f;
  op->stream = !datagram;
  if (datagram) op->from = from.addr, op->from_len = from_len.addr;
  return start(p, op, bytes.addr);
}

int32_t WSARecv(WindowsProcess& p, USize h, Ptr bufs, uint32_t count, Ptr bytes, Ptr flags, Ptr ov, Ptr routine) {
  return receive(p, h, bufs, count, bytes, flags, Ptr(0), Ptr(0), ov, routine);
}

int32_t WSARecvFrom(WindowsProcess& p, USize h, Ptr bufs, uint32_t count, Ptr bytes, Ptr flags, Ptr from, Ptr from_len,
                    Ptr ov, Ptr routine) {
  return receive(p, h, bufs, count, bytes, flags, from, from_len, ov, routine);
}

int32_t transmit(WindowsProcess& p, uint64_t h, Ptr bufs, uint32_t count, Ptr bytes, uint32_t flags, Ptr to,
                 int32_t to_len, Ptr ov, Ptr routine) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (routine) return fail(p, WSAEOPNOTSUPP);
  int f = host_msg_flags(static_cast<int32_t>(flags));
  if (f < 0 || (flags & 8)) return fail(p, WSAEOPNOTSUPP);
  if (s->shut_send) return fail(p, WSAESHUTDOWN);
  std::vector<iovec> iov;
  if (!guest_buffers(p, bufs.addr, count, false, iov)) return SOCKET_ERROR;
  sockaddr_storage a{};
  uint32_t alen = 0;
  if (to && s->type != SOCK_STREAM) {
    if (!to_host_sockaddr(p, to.addr, to_len, a, alen)) return SOCKET_ERROR;
    if (a.ss_family != s->family) return fail(p, WSAEAFNOSUPPORT);
  }
  if (!ov || !s->overlapped) {
    msghdr m{};
    m.msg_name = alen ? &a : nullptr;
    m.msg_namelen = alen;
    m.msg_iov = iov.data();
    m.msg_iovlen = iov.size();
    const int fd = s->fd;
    ssize_t n = socket_call(p, s, [&] { return ::sendmsg(fd, &m, f | MSG_NOSIGNAL); });
    if (n < 0 && errno == EAGAIN && s->event_select) reenable_network_event(p, fd, FD_WRITE);
    if (n < 0) return errno == ENOTCONN || errno == EDESTADDRREQ ? fail(p, WSAENOTCONN) : fail_errno(p);
    put<uint32_t>(bytes.addr, static_cast<uint32_t>(n));
    report_at_once(p, h, ov.addr, STATUS_SUCCESS, static_cast<uint64_t>(n));
    p.set_last_error(0);
    return 0;
  }
  auto op = std::make_shared<Op>();
  op->kind = Op::Kind::Send;
  op->handle = h;
  op->fd = s->fd;
  op->overlapped = ov.addr;
  op->iov = std::move(iov);
  op->flags = f;
  op->stream = s->type == SOCK_STREAM;
  op->to = a;
  op->to_len = alen;
  return start(p, op, bytes.addr);
}

int32_t WSASend(WindowsProcess& p, USize h, Ptr bufs, uint32_t count, Ptr bytes, uint32_t flags, Ptr ov, Ptr routine) {
  return transmit(p, h, bufs, count, bytes, flags, Ptr(0), 0, ov, routine);
}

int32_t WSASendTo(WindowsProcess& p, USize h, Ptr bufs, uint32_t count, Ptr bytes, uint32_t flags, Ptr to, int32_t to_len,
                  Ptr ov, Ptr routine) {
  return transmit(p, h, bufs, count, bytes, flags, to, to_len, ov, routine);
}

BOOL WSAGetOverlappedResult(WindowsProcess& p, USize h, Ptr ov, Ptr bytes, int32_t wait, Ptr flags) {
  if (!find_socket(p, h)) return 0;
  if (!ov || !bytes || !flags) return fail(p, WSAEFAULT), 0;
  if (overlapped_status(p, ov.addr) == STATUS_PENDING) {
    if (!wait) return fail(p, WSA_IO_INCOMPLETE), 0;
    wait_until(p, kInfinite, [&] { return overlapped_status(p, ov.addr) != STATUS_PENDING; },
               "for an overlapped operation");
  }
  const uint32_t status = overlapped_status(p, ov.addr);
  put<uint32_t>(bytes.addr, static_cast<uint32_t>(p.get_ptr(ov.addr + p.isa->ptr)));
  put<uint32_t>(flags.addr, 0);
  if (status >= 0x80000000u) return fail(p, wsa_error_from_ntstatus(status)), 0;
  return 1;
}

// Whether the socket has a local address (Linux gives an unbound one port 0).
bool bound(int fd) {
  sockaddr_storage a{};
  socklen_t n = sizeof a;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n) != 0) return false;
  return a.ss_family == AF_INET ? reinterpret_cast<sockaddr_in&>(a).sin_port != 0
                                : reinterpret_cast<sockaddr_in6&>(a).sin6_port != 0;
}

// ---- the extension functions ----

BOOL AcceptEx(WindowsProcess& p, USize listener, USize acceptor, Ptr buf, uint32_t data_len, uint32_t local_len,
              uint32_t remote_len, Ptr bytes, Ptr ov) {
  auto ls = find_socket(p, listener);
  if (!ls) return 0;
  auto as = find_socket(p, acceptor);
  if (!as) return 0;
  if (!ov) return fail(p, WSA_INVALID_PARAMETER), 0;
  if (!ls->listening || as->family != ls->family || as->type != SOCK_STREAM || as->listening || bound(as->fd))
    return fail(p, WSAEINVAL), 0;
  // Each address takes 16 bytes more than its sockaddr, as Windows asks.
  const uint32_t least = (ls->family == AF_INET6 ? 28 : 16) + 16;
  if (!buf || local_len < least || remote_len < least) return fail(p, WSAEFAULT), 0;
  if (!p.memory.accessible(buf.addr, uint64_t{data_len} + local_len + remote_len, mem::kWrite)) return fail(p, WSAEFAULT), 0;
  auto op = std::make_shared<Op>();
  op->kind = Op::Kind::Accept;
  op->handle = listener;
  op->fd = ls->fd;
  op->overlapped = ov.addr;
  op->accept_fd = as->fd;
  op->accept_handle = acceptor;
  op->accept_nonblocking = as->nonblocking;
  op->out_buf = buf.addr;
  op->data_len = data_len;
  op->local_len = local_len;
  op->remote_len = remote_len;
  return start(p, op, bytes.addr) == 0;
}

BOOL ConnectEx(WindowsProcess& p, USize h, Ptr name, int32_t len, Ptr send_buf, uint32_t send_len, Ptr bytes, Ptr ov) {
  auto s = find_socket(p, h);
  if (!s) return 0;
  if (!ov) return fail(p, WSA_INVALID_PARAMETER), 0;
  if (s->type != SOCK_STREAM || s->listening) return fail(p, WSAEINVAL), 0;
  sockaddr_storage a;
  uint32_t alen;
  if (!to_host_sockaddr(p, name.addr, len, a, alen)) return 0;
  if (a.ss_family != s->family) return fail(p, WSAEAFNOSUPPORT), 0;
  if (!bound(s->fd)) return fail(p, WSAEINVAL), 0;  // ConnectEx wants a bound socket
  if (send_len && !p.memory.accessible(send_buf.addr, send_len, mem::kRead)) return fail(p, WSAEFAULT), 0;
  auto op = std::make_shared<Op>();
  op->kind = Op::Kind::Connect;
  op->handle = h;
  op->fd = s->fd;
  op->overlapped = ov.addr;
  op->to = a;
  op->to_len = alen;
  if (send_len) op->iov = {{send_buf.as<void>(), send_len}};
  return start(p, op, bytes.addr) == 0;
}

// TransmitFile: a file's bytes (from the OVERLAPPED's offset, or from the file position without
// one), between the optional head and tail buffers, sent as one overlapped send. The file is read
// when the call is made.
BOOL TransmitFile(WindowsProcess& p, USize h, Ptr file, uint32_t count, uint32_t, Ptr ov, Ptr buffers, uint32_t flags) {
  auto s = find_socket(p, h);
  if (!s) return 0;
  constexpr uint32_t TF_WRITE_BEHIND = 4, TF_USE_DEFAULT_WORKER = 0, TF_USE_KERNEL_APC = 0x20;
  // TF_DISCONNECT, TF_REUSE_SOCKET and the worker choices other than the default: not provided.
  if (flags & ~(TF_WRITE_BEHIND | TF_USE_DEFAULT_WORKER | TF_USE_KERNEL_APC)) return fail(p, WSAEINVAL), 0;
  if (s->type != SOCK_STREAM) return fail(p, WSAENOTCONN), 0;
  if (s->shut_send) return fail(p, WSAESHUTDOWN), 0;
  auto op = std::make_shared<Op>();
  std::vector<char>& data = op->owned;
  const unsigned ptr = p.isa->ptr;
  // TRANSMIT_FILE_BUFFERS: Head, HeadLength, Tail, TailLength.
  auto append = [&](uint64_t at, uint32_t len) {
    if (!len) return true;
    if (!p.memory.accessible(at, len, mem::kRead)) return false;
    data.insert(data.end(), static_cast<const char*>(guest_pointer(at)), static_cast<const char*>(guest_pointer(at)) + len);
    return true;
  };
  if (buffers && !append(p.get_ptr(buffers.addr), get<uint32_t>(buffers.addr + ptr))) return fail(p, WSAEFAULT), 0;
  if (file) {
    const int fd = p.fd_for_handle(file.addr);
    if (fd < 0) return fail(p, WSAEINVAL), 0;
    int64_t offset = -1;
    if (ov) offset = static_cast<int64_t>(get<uint32_t>(ov.addr + 2 * ptr) | uint64_t{get<uint32_t>(ov.addr + 2 * ptr + 4)} << 32);
    char chunk[65536];
    for (uint64_t left = count ? count : UINT64_MAX; left;) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(left, sizeof chunk));
      ssize_t n = blocking(p, [&] { return offset >= 0 ? ::pread(fd, chunk, want, offset) : ::read(fd, chunk, want); });
      if (n < 0) return fail_errno(p), 0;
      if (n == 0) break;
      data.insert(data.end(), chunk, chunk + n);
      if (offset >= 0) offset += n;
      left -= static_cast<uint64_t>(n);
    }
  }
  if (buffers && !append(p.get_ptr(buffers.addr + 2 * ptr), get<uint32_t>(buffers.addr + 3 * ptr))) return fail(p, WSAEFAULT), 0;
  if (!ov) {
    size_t done = 0;
    while (done < data.size()) {
      const int fd = s->fd;
      ssize_t n = socket_call(p, s, [&] { return ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL); });
      if (n < 0) return fail_errno(p), 0;
      done += static_cast<size_t>(n);
    }
    return 1;
  }
  op->kind = Op::Kind::Send;
  op->handle = h;
  op->fd = s->fd;
  op->overlapped = ov.addr;
  if (!data.empty()) op->iov = {{data.data(), data.size()}};
  op->stream = true;
  return start(p, op, 0) == 0;
}

// GetAcceptExSockaddrs: where AcceptEx put the two addresses (each its length, then the sockaddr).
void GetAcceptExSockaddrs(WindowsProcess& p, Ptr buf, uint32_t data_len, uint32_t local_len, uint32_t,
                          Ptr local, Ptr local_size, Ptr remote, Ptr remote_size) {
  const uint64_t l = buf.addr + data_len, r = l + local_len;
  p.put_ptr(local.addr, l + 4);
  put<int32_t>(local_size.addr, get<int32_t>(l));
  p.put_ptr(remote.addr, r + 4);
  put<int32_t>(remote_size.addr, get<int32_t>(r));
}

const Export kAcceptExExport = EXPORT("AcceptEx", AcceptEx);
const Export kConnectExExport = EXPORT("ConnectEx", ConnectEx);
const Export kGetAcceptExSockaddrsExport = EXPORT("GetAcceptExSockaddrs", GetAcceptExSockaddrs);
const Export kTransmitFileExport = EXPORT("TransmitFile", TransmitFile);

// ---- WSAIoctl ----

struct Guid {
  uint32_t a;
  uint16_t b, c;
  uint8_t d[8];
  bool operator==(const Guid&) const = default;
};
constexpr Guid WSAID_ACCEPTEX{0xb5367df1, 0xcbac, 0x11cf, {0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}};
constexpr Guid WSAID_GETACCEPTEXSOCKADDRS{0xb5367df2, 0xcbac, 0x11cf, {0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}};
constexpr Guid WSAID_CONNECTEX{0x25a207b9, 0xddf3, 0x4660, {0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e}};
constexpr Guid WSAID_TRANSMITFILE{0xb5367df0, 0xcbac, 0x11cf, {0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92}};
constexpr Guid WSAID_DISCONNECTEX{0x7fda2e11, 0x8630, 0x436f, {0xa0, 0x31, 0xf5, 0x36, 0xa6, 0xee, 0xc1, 0x57}};
constexpr Guid WSAID_WSARECVMSG{0xf689d7c8, 0x6f1f, 0x436b, {0x8a, 0x53, 0xe5, 0x4f, 0xe3, 0x51, 0xc3, 0x22}};
constexpr Guid WSAID_WSASENDMSG{0xa441e712, 0x754f, 0x43ca, {0x84, 0xa7, 0x0d, 0xee, 0x44, 0xcf, 0x60, 0x6d}};

constexpr uint32_t SIO_GET_EXTENSION_FUNCTION_POINTER = 0xC8000006, SIO_KEEPALIVE_VALS = 0x98000004,
                   SIO_UDP_CONNRESET = 0x9800000C, SIO_UDP_NETRESET = 0x9800000F, FIONBIO_ = 0x8004667E,
                   FIONREAD_ = 0x4004667F;

int32_t WSAIoctl(WindowsProcess& p, USize h, uint32_t code, Ptr in, uint32_t in_len, Ptr out, uint32_t out_len,
                 Ptr returned, Ptr ov, Ptr routine) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (routine) return fail(p, WSAEOPNOTSUPP);
  uint32_t out_bytes = 0;
  switch (code) {
    case SIO_GET_EXTENSION_FUNCTION_POINTER: {
      if (!in || in_len < sizeof(Guid) || !out || out_len < p.isa->ptr) return fail(p, WSAEFAULT);
      Guid g;
      std::memcpy(&g, in.as<void>(), sizeof g);
      const char* name = nullptr;
      const Export* e = nullptr;
      if (g == WSAID_ACCEPTEX) name = "AcceptEx", e = &kAcceptExExport;
      else if (g == WSAID_CONNECTEX) name = "ConnectEx", e = &kConnectExExport;
      else if (g == WSAID_GETACCEPTEXSOCKADDRS) name = "GetAcceptExSockaddrs", e = &kGetAcceptExSockaddrsExport;
      // Functions Windows has and polyrun does not: calling one stops the program with its name,
      // as calling an unimplemented import does.
      else if (g == WSAID_TRANSMITFILE) name = "TransmitFile", e = &kTransmitFileExport;
      else if (g == WSAID_DISCONNECTEX) name = "DisconnectEx";
      else if (g == WSAID_WSARECVMSG) name = "WSARecvMsg";
      else if (g == WSAID_WSASENDMSG) name = "WSASendMsg";
      else return fail(p, WSAEINVAL);
      p.put_ptr(out.addr, p.export_thunk(&kMswsock, "mswsock.dll", name, e));
      out_bytes = p.isa->ptr;
      break;
    }
    case SIO_KEEPALIVE_VALS: {
      // tcp_keepalive: onoff, keepalivetime and keepaliveinterval in milliseconds.
      if (!in || in_len < 12) return fail(p, WSAEFAULT);
      const int on = get<uint32_t>(in.addr) != 0;
      const int idle = static_cast<int>(std::max<uint32_t>(1, (get<uint32_t>(in.addr + 4) + 999) / 1000));
      const int interval = static_cast<int>(std::max<uint32_t>(1, (get<uint32_t>(in.addr + 8) + 999) / 1000));
      if (::setsockopt(s->fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on) != 0) return fail_errno(p);
      if (on && (::setsockopt(s->fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle) != 0 ||
                 ::setsockopt(s->fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval) != 0))
        return fail_errno(p);
      break;
    }
    case SIO_UDP_CONNRESET:
    case SIO_UDP_NETRESET:
      // Linux reports no ICMP errors on an unconnected UDP socket: what FALSE asks for.
      if (!in || in_len < 4) return fail(p, WSAEFAULT);
      if (get<uint32_t>(in.addr) != 0) return fail(p, WSAEOPNOTSUPP);
      break;
    case FIONBIO_: {
      if (!in || in_len < 4) return fail(p, WSAEFAULT);
      const bool on = get<uint32_t>(in.addr) != 0;
      if (!on && s->event_select) return fail(p, WSAEINVAL);
      const int fl = ::fcntl(s->fd, F_GETFL);
      if (fl < 0 || ::fcntl(s->fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK) != 0) return fail_errno(p);
      s->nonblocking = on;
      break;
    }
    case FIONREAD_: {
      if (!out || out_len < 4) return fail(p, WSAEFAULT);
      int n = 0;
      if (!s->listening && ::ioctl(s->fd, FIONREAD, &n) != 0) return fail_errno(p);
      put<uint32_t>(out.addr, static_cast<uint32_t>(n));
      out_bytes = 4;
      break;
    }
    default:
      return fail(p, WSAEOPNOTSUPP);
  }
  put<uint32_t>(returned.addr, out_bytes);
  report_at_once(p, h, ov.addr, STATUS_SUCCESS, out_bytes);
  p.set_last_error(0);
  return 0;
}

}  // namespace

const std::vector<Export>& ws2_32_overlapped_exports() {
  static const std::vector<Export> exports = {
      EXPORT("WSARecv", WSARecv),
      EXPORT("WSARecvFrom", WSARecvFrom),
      EXPORT("WSASend", WSASend),
      EXPORT("WSASendTo", WSASendTo),
      EXPORT("WSAGetOverlappedResult", WSAGetOverlappedResult),
      EXPORT("WSAIoctl", WSAIoctl),
  };
  return exports;
}

// MSWSOCK.dll: the Microsoft-specific extensions, which ws2_32's WSAIoctl also hands out.
// (ConnectEx is reached only through WSAIoctl, as on Windows.)
const Dll kMswsock{
    "mswsock.dll",
    false,
    {
        EXPORT("AcceptEx", AcceptEx),
        EXPORT("GetAcceptExSockaddrs", GetAcceptExSockaddrs),
        EXPORT("TransmitFile", TransmitFile),
    },
};

}  // namespace polyrun::shims
