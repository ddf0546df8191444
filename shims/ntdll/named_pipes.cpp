// Named pipes as NT files, with the pipe device of the native API (NtCreateNamedPipeFile; NtCreateFile
// and NtOpenFile of \??\PIPE\, NtQueryInformationFile's and NtQueryObject's facts of a pipe end,
// ntdll/named_pipes.h): the pipes' instances and ends, and the reads and writes of every kind of pipe
// as Windows does them, which KERNEL32's pipe functions are made of (kernel32/pipes.cpp).
//
// A named pipe lives in a directory of this user's (registry()): one directory per pipe name, one
// AF_UNIX socket per instance, a stream socket for a byte-type pipe and a SOCK_SEQPACKET one for a
// message-type pipe, whose records are the messages. Each instance has a host thread of polyrun's
// (serve_instance) that accepts clients at once, as Windows connects a client to a listening
// instance before the server's ConnectNamedPipe: a client sends a request ('C' connect, 'Q' what
// are you), the instance answers with what it is and, while it is listening, takes the client;
// otherwise it is busy. The server handle's descriptor stays the same: the accepted connection is
// moved onto it (dup2), and DisconnectNamedPipe moves an unconnected socket back.
//
// What differs from Windows: a client whose server called DisconnectNamedPipe reads the data
// already sent, then ERROR_BROKEN_PIPE (Windows: ERROR_PIPE_NOT_CONNECTED, data discarded); the
// rest of a message read in part belongs to the handle in this process (Windows keeps it in the
// pipe, for another process's handle to read); an empty message just before the writer closes
// reads as the pipe's end; a message is at most what one socket buffer holds (some 400 KiB);
// overlapped I/O is KERNEL32's (kernel32/async_io.cpp: a message-mode read that would wait is
// refused); impersonation and remote pipes (\\server\pipe\...) are not there.
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <strings.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "shims/core/guest_call_mutex.h"
#include "shims/core/nt_status.h"
#include "shims/core/guest_memory.h"
#include "shims/core/session_directory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/ntdll/named_pipes.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims::named_pipes {

namespace {

// INVALID_HANDLE_VALUE (an i386 caller sees its low 32 bits).
uint64_t invalid_handle(WindowsProcess& p, uint32_t error) {
  p.set_last_error(error);
  return ~0ull;
}

// ---- the pipes' directory ----

// The session's directory of named pipes; "" when there is no private one.
const std::string& registry() {
  static const std::string dir = session_directory("pipes");
  return dir;
}

}  // namespace

// The part of \\.\pipe\NAME (or \\?\pipe\NAME, the same device: libuv names its pipes so) after the
// prefix (either slash), or nullopt for another name.
std::optional<std::string> pipe_name(const std::string& full) {
  if (full.size() < 9) return std::nullopt;
  std::string head = full.substr(0, 9);
  for (char& c : head) c = c == '/' ? '\\' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (head[2] == '?') head[2] = '.';
  if (head != "\\\\.\\pipe\\") return std::nullopt;
  return full.substr(9);
}

// A pipe's directory: its name without case (Windows compares pipe names so), every byte outside
// [a-z0-9._-] as %XX; a name too long for a socket path as a hash of it.
std::string pipe_directory(const std::string& name) {
  std::string lower = name, out;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char hex[] = "0123456789abcdef";
  for (unsigned char c : lower) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  // sun_path holds 107 bytes: the directory, '/', this, '/', an instance's name (up to 24).
  if (out.empty() || out == "." || out == ".." || registry().size() + out.size() + 26 > 107) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : lower) h = (h ^ c) * 1099511628211ull;
    out = "#";
    for (int i = 60; i >= 0; i -= 4) out += hex[(h >> i) & 15];
  }
  return registry() + "/" + out;
}

namespace {

sockaddr_un socket_address(const std::string& path) {
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
  return a;
}

struct Request {
  char op;  // 'Q' or 'C'
  uint8_t read, write, reserved;
};

// Sends or receives one whole record (both socket kinds), waiting at most `ms`. Signals do not cut
// them short: a guest thread here is interrupted when another thread wants the execution lock.
bool send_all(int fd, const void* data, size_t n) {
  ssize_t r;
  do r = ::send(fd, data, n, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  return r == static_cast<ssize_t>(n);
}
bool receive_all(int fd, void* data, size_t n, int ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  size_t got = 0;
  while (got < n) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd pf{fd, POLLIN, 0};
    int ready = ::poll(&pf, 1, static_cast<int>(std::max<int64_t>(left.count(), 0)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    ssize_t r = ::recv(fd, static_cast<char*>(data) + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

// A message-type pipe's socket takes messages as large as the host lets one socket buffer be
// (net.core.wmem_max: some 400 KiB by default).
void widen_send_buffer(int fd, bool message) {
  int big = 64 << 20;
  if (message) ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
}

// connect() again where a signal cut it short.
int connect_to(int s, const std::string& path) {
  sockaddr_un a = socket_address(path);
  int r;
  do r = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  while (r < 0 && errno == EINTR);
  return r;
}

Info info_of(const Instance& in, char tag, bool listening) {
  Info i{};
  i.tag = tag;
  i.listening = listening;
  i.message = in.message;
  i.access = static_cast<uint8_t>(in.access);
  i.max_instances = in.max_instances;
  i.out_size = in.out_size;
  i.in_size = in.in_size;
  i.timeout = in.timeout;
  i.pid = static_cast<uint32_t>(::getpid());
  return i;
}

}  // namespace

// A fresh unconnected socket of the instance's kind on the handle's descriptor: what the server
// handle is while no client is connected.
void park_unconnected(Instance& in) {
  int s = ::socket(AF_UNIX, in.socket_type | SOCK_CLOEXEC, 0);
  if (s >= 0) {
    ::dup3(s, in.stable_fd, O_CLOEXEC);
    ::close(s);
  }
}

namespace {

// The instance's host thread: answers queries, and takes a client while the instance listens.
// Threads of the program waiting for it (ConnectNamedPipe) are woken through the process.
void serve_instance(WindowsProcess& p, std::shared_ptr<Instance> in) {
  for (;;) {
    pollfd pf[2] = {{in->listen_fd, POLLIN, 0}, {in->stop_fd, POLLIN, 0}};
    if (::poll(pf, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (pf[1].revents) break;
    int c = ::accept4(in->listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    Request rq{};
    if (!receive_all(c, &rq, sizeof rq, 2000)) {
      ::close(c);
      continue;
    }
    std::unique_lock<GuestCallMutex> g(in->mu);
    if (in->state == Instance::State::Closing) {
      ::close(c);
      break;
    }
    const bool listening = in->state == Instance::State::Listening;
    if (rq.op != 'C' || !listening) {
      Info i = info_of(*in, rq.op == 'C' ? 'B' : 'I', listening);
      g.unlock();
      send_all(c, &i, sizeof i);
      ::close(c);
      continue;
    }
    if ((rq.read && !(in->access & kAccessOutbound)) || (rq.write && !(in->access & kAccessInbound))) {
      Info i = info_of(*in, 'D', listening);
      g.unlock();
      send_all(c, &i, sizeof i);
      ::close(c);
      continue;
    }
    Info i = info_of(*in, 'W', listening);
    widen_send_buffer(c, in->message);
    if (!send_all(c, &i, sizeof i)) {
      ::close(c);
      continue;
    }
    ::dup3(c, in->stable_fd, O_CLOEXEC);
    ::close(c);
    in->state = Instance::State::Connected;
    g.unlock();
    uint64_t one = 1;
    (void)!::write(in->event_fd, &one, sizeof one);
    // Ordered after a waiting thread's check and sleep.
    p.lock.acquire();
    p.lock.release();
    p.wake_waiters();
  }
  ::close(in->listen_fd);
  ::close(in->stop_fd);
  // (event_fd stays: a pending connect's thread holds a copy of its own.)
}

}  // namespace

std::map<uint64_t, std::shared_ptr<PipeEnd>>& ends() {
  static std::map<uint64_t, std::shared_ptr<PipeEnd>> e;
  return e;
}

// The pipe end a handle is: one made here, or (a socket or pipe inherited or duplicated, a standard
// handle) one taken as what its descriptor is now: a host pipe is an anonymous pipe; an AF_UNIX
// stream or seqpacket socket a named pipe's client end of the byte or message type (kept: a
// message read in part). Null for another handle.
std::shared_ptr<PipeEnd> end_of(WindowsProcess& p, uint64_t h, int* fd_out) {
  int fd = p.fd_for_handle(h);
  if (fd_out) *fd_out = fd;
  if (fd < 0) return nullptr;
  struct stat st;
  auto it = ends().find(h);
  if (it != ends().end()) {
    // (The C runtime's _dup2 may have put something else on a standard descriptor since.)
    if (!it->second->adopted || (::fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode))) return it->second;
    ends().erase(it);
  }
  if (::fstat(fd, &st) != 0) return nullptr;
  auto e = std::make_shared<PipeEnd>();
  e->adopted = true;
  if (S_ISFIFO(st.st_mode)) {
    e->named = false;
    int mode = ::fcntl(fd, F_GETFL) & O_ACCMODE;
    e->readable = mode != O_WRONLY;
    e->writable = mode != O_RDONLY;
    e->out_size = e->in_size = 4096;
    e->nowait = ::fcntl(fd, F_GETFL) & O_NONBLOCK;
    return e;  // nothing of its own to keep: looked at afresh each time
  } else if (S_ISSOCK(st.st_mode)) {
    int domain = 0, type = 0;
    socklen_t len = sizeof domain;
    if (::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) != 0 || domain != AF_UNIX) return nullptr;
    len = sizeof type;
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) return nullptr;
    if (type != SOCK_STREAM && type != SOCK_SEQPACKET) return nullptr;
    e->message = type == SOCK_SEQPACKET;
  } else {
    return nullptr;
  }
  ends()[h] = e;
  return e;
}

// A server end's connection: 0 when a client is connected, else the error I/O gets.
uint32_t server_error(const PipeEnd& e, bool peek) {
  if (!e.instance) return 0;
  std::lock_guard<GuestCallMutex> g(e.instance->mu);
  switch (e.instance->state) {
    case Instance::State::Connected: return 0;
    case Instance::State::Listening: return peek ? kErrorBadPipe : kErrorPipeListening;
    case Instance::State::Disconnected: return kErrorPipeNotConnected;
    default: return ERROR_INVALID_HANDLE;
  }
}

// Whether the other end is gone: a socket's peer closed, or a host pipe's writers all did.
bool peer_closed(int fd) {
  pollfd pf{fd, POLLIN | POLLRDHUP, 0};
  return ::poll(&pf, 1, 0) > 0 && (pf.revents & (POLLRDHUP | POLLHUP));
}

int available(int fd) {
  int n = 0;
  return ::ioctl(fd, FIONREAD, &n) == 0 ? n : 0;
}

namespace {

uint32_t io_error(int err, bool writing) {
  if (err == EAGAIN) return kErrorNoData;
  if (err == EPIPE || err == ECONNRESET || err == ENOTCONN) return writing ? kErrorNoData : ERROR_BROKEN_PIPE;
  return win_error_from_errno(err);
}

// A message-type pipe's next message into `out` (at most `len` bytes; the rest kept as pending),
// after the pending rest of one read in part. In byte read mode, further messages already there
// fill the rest of the buffer. The Windows error (0: none, ERROR_MORE_DATA: more of the message).
uint32_t read_messages(WindowsProcess& p, PipeEnd& e, int fd, char* out, uint32_t len, uint32_t& got) {
  got = 0;
  // One record (whose length is `size`) into out+got; the part beyond `len` becomes pending.
  auto take = [&](ssize_t size) {
    uint32_t room = len - got;
    if (static_cast<size_t>(size) <= room) {
      ssize_t n = ::recv(fd, out + got, room, MSG_DONTWAIT);
      if (n > 0) got += static_cast<uint32_t>(n);
      return true;
    }
    std::string whole(static_cast<size_t>(size), '\0');
    ssize_t n = ::recv(fd, whole.data(), whole.size(), MSG_DONTWAIT);
    if (n <= 0) return true;
    whole.resize(static_cast<size_t>(n));
    std::memcpy(out + got, whole.data(), room);
    got += room;
    e.pending = whole.substr(room);
    return false;  // the buffer is full with part of a message
  };
  auto fill = [&] {  // byte read mode: what else is there, without waiting
    while (got < len && e.pending.empty()) {
      ssize_t size = ::recv(fd, nullptr, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
      if (size <= 0 || !take(size)) break;
    }
  };
  if (!e.pending.empty()) {
    uint32_t n = static_cast<uint32_t>(std::min<size_t>(len, e.pending.size()));
    std::memcpy(out, e.pending.data(), n);
    e.pending.erase(0, n);
    got = n;
    if (!e.pending.empty()) return e.read_message ? kErrorMoreData : 0;
    if (!e.read_message) fill();
    return 0;
  }
  ssize_t size;
  const int wait = e.nowait ? MSG_DONTWAIT : 0;
  do size = synchronous_io(p, [&] { return ::recv(fd, nullptr, 0, MSG_PEEK | MSG_TRUNC | wait); });
  while (size < 0 && errno == EINTR && !p.stopping());
  if (size < 0) return io_error(errno, false);
  if (size == 0) {
    // An empty message, or the end: the same to recv (see the top of the file).
    if (peer_closed(fd) && available(fd) == 0) return ERROR_BROKEN_PIPE;
    ::recv(fd, nullptr, 0, MSG_DONTWAIT);
    return 0;
  }
  if (!take(size)) return e.read_message ? kErrorMoreData : 0;
  if (!e.read_message) fill();
  return 0;
}

}  // namespace

uint32_t read_pipe(WindowsProcess& p, PipeEnd& e, int fd, char* out, uint32_t len, uint32_t& got) {
  got = 0;
  if (uint32_t err = server_error(e, false)) return err;
  if (!e.readable) return ERROR_ACCESS_DENIED;
  if (e.message) return read_messages(p, e, fd, out, len, got);
  if (len == 0) {
    // A read of nothing waits for data (what libuv uses to learn that some came) and reads none;
    // with no data and every writer gone, the pipe is broken.
    if (e.pending.empty() && !available(fd)) {
      if (!e.nowait) {
        int r;
        do r = synchronous_io(p, [&] {
          pollfd pf{fd, POLLIN, -1};
          return ::poll(&pf, 1, -1);
        });
        while (r < 0 && errno == EINTR && (poll_console_ctrl(p), !p.stopping()));
      }
      if (!available(fd) && peer_closed(fd)) return ERROR_BROKEN_PIPE;
    }
    return 0;
  }
  ssize_t n;
  do n = synchronous_io(p, [&] { return e.named ? ::recv(fd, out, len, e.nowait ? MSG_DONTWAIT : 0) : ::read(fd, out, len); });
  while (n < 0 && errno == EINTR && (poll_console_ctrl(p), !p.stopping()));
  if (n < 0) return io_error(errno, false);
  if (n == 0 && len > 0) return ERROR_BROKEN_PIPE;  // every writer has closed its end
  got = static_cast<uint32_t>(n);
  return 0;
}

uint32_t write_pipe(WindowsProcess& p, PipeEnd& e, int fd, const char* data, uint32_t len, uint32_t& done) {
  done = 0;
  if (uint32_t err = server_error(e, false)) return err;
  if (!e.writable) return ERROR_ACCESS_DENIED;
  const int flags = MSG_NOSIGNAL | (e.nowait ? MSG_DONTWAIT : 0);
  if (e.message) {  // one record, all or nothing
    ssize_t n;
    do n = synchronous_io(p, [&] { return ::send(fd, data, len, flags); });
    while (n < 0 && errno == EINTR && !p.stopping());
    if (n < 0 && errno == EAGAIN) return 0;  // PIPE_NOWAIT: no room now
    if (n < 0) return errno == EMSGSIZE ? ERROR_NOT_ENOUGH_MEMORY : io_error(errno, true);
    done = len;
    return 0;
  }
  while (done < len) {
    ssize_t n = synchronous_io(p, [&] {
      return e.named ? ::send(fd, data + done, len - done, flags) : ::write(fd, data + done, len - done);
    });
    if (n < 0) {
      if (errno == EINTR && !p.stopping()) continue;
      if (errno == EAGAIN) return 0;  // PIPE_NOWAIT: what fitted
      return io_error(errno, true);
    }
    done += static_cast<uint32_t>(n);
  }
  return 0;
}

namespace {

// ---- named pipes: the server ----

// One instance's socket that answers: what it is. False: a socket left by an ended process (it
// is removed), or one that did not answer.
bool query_instance(const std::string& path, int type, Info& info) {
  int s = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
  if (s < 0) return false;
  bool ok = false;
  if (connect_to(s, path) == 0) {
    Request rq{'Q', 0, 0, 0};
    ok = send_all(s, &rq, sizeof rq) && receive_all(s, &info, sizeof info, 5000) && info.tag == 'I';
  } else if (errno == ECONNREFUSED) {
    ::unlink(path.c_str());
  }
  ::close(s);
  return ok;
}

}  // namespace

// A pipe's instances (socket paths and kinds), in a stable order.
std::vector<std::pair<std::string, int>> instances_of(const std::string& dir) {
  std::vector<std::pair<std::string, int>> out;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  while (struct dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n.size() < 3 || n[n.size() - 2] != '.') continue;
    char kind = n.back();
    if (kind != 'b' && kind != 'm') continue;
    out.emplace_back(dir + "/" + n, kind == 'm' ? SOCK_SEQPACKET : SOCK_STREAM);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

Instances ask_instances(WindowsProcess& p, const std::string& dir) {
  Instances all;
  blocking(p, [&] {
    for (const auto& [path, type] : instances_of(dir)) {
      Info i{};
      if (!query_instance(path, type, i)) continue;
      if (!all.count++) all.first = i;
      all.listening |= i.listening != 0;
    }
    return 0;
  });
  return all;
}

uint64_t create_named_pipe(WindowsProcess& p, const std::optional<std::string>& full, uint32_t open_mode,
                           uint32_t pipe_mode, uint32_t max_instances, uint32_t out_size, uint32_t in_size,
                           uint32_t timeout, uint64_t sa) {
  if (!full) return invalid_handle(p, ERROR_PATH_NOT_FOUND);
  std::optional<std::string> name = pipe_name(*full);
  // Another device's name (\\.\other\...) is a path that does not exist; a file's is not a pipe's.
  if (!name && (full->rfind("\\\\.\\", 0) == 0 || full->rfind("\\\\?\\", 0) == 0)) return invalid_handle(p, ERROR_PATH_NOT_FOUND);
  if (!name || name->empty()) return invalid_handle(p, ERROR_INVALID_NAME);
  const uint32_t access = open_mode & 3;
  if (!access || (pipe_mode & ~(kNowait | kReadModeMessage | kTypeMessage | kRejectRemoteClients)) ||
      ((pipe_mode & kReadModeMessage) && !(pipe_mode & kTypeMessage)) || max_instances == 0 || max_instances > 255)
    return invalid_handle(p, ERROR_INVALID_PARAMETER);
  if (registry().empty()) return invalid_handle(p, ERROR_ACCESS_DENIED);
  const std::string dir = pipe_directory(*name);
  ::mkdir(dir.c_str(), 0700);
  int lock = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (lock < 0) return invalid_handle(p, win_error_from_errno(errno));
  ::flock(lock, LOCK_EX);
  auto unlock = [&] { ::close(lock); };
  // The pipe's other instances (in any process): the first one's access and count of instances hold.
  const Instances others = ask_instances(p, dir);
  const uint32_t existing = others.count;
  const Info& first = others.first;
  if (existing) {  // (the count first, as wine checks)
    if (existing >= first.max_instances) return unlock(), invalid_handle(p, kErrorPipeBusy);
    if ((open_mode & kFirstPipeInstance) || first.access != access) return unlock(), invalid_handle(p, ERROR_ACCESS_DENIED);
  }
  auto in = std::make_shared<Instance>();
  static std::atomic<uint32_t> serial{0};
  const bool message = pipe_mode & kTypeMessage;
  in->path = dir + "/" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + (message ? ".m" : ".b");
  in->message = message;
  in->socket_type = message ? SOCK_SEQPACKET : SOCK_STREAM;
  in->access = access;
  in->max_instances = existing ? first.max_instances : max_instances;
  in->out_size = out_size;
  in->in_size = in_size;
  in->timeout = timeout;
  in->listen_fd = ::socket(AF_UNIX, in->socket_type | SOCK_CLOEXEC, 0);
  in->stable_fd = ::socket(AF_UNIX, in->socket_type | SOCK_CLOEXEC, 0);
  in->stop_fd = ::eventfd(0, EFD_CLOEXEC);
  in->event_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  sockaddr_un a = socket_address(in->path);
  if (in->listen_fd < 0 || in->stable_fd < 0 || in->stop_fd < 0 || in->event_fd < 0 ||
      ::bind(in->listen_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(in->listen_fd, 16) != 0) {
    const int err = errno;
    for (int fd : {in->listen_fd, in->stable_fd, in->stop_fd, in->event_fd})
      if (fd >= 0) ::close(fd);
    unlock();
    return invalid_handle(p, win_error_from_errno(err));
  }
  unlock();
  auto e = std::make_shared<PipeEnd>();
  e->instance = in;
  e->message = message;
  e->read_message = pipe_mode & kReadModeMessage;
  e->nowait = pipe_mode & kNowait;
  e->readable = access & kAccessInbound;
  e->writable = access & kAccessOutbound;
  e->out_size = out_size;
  e->in_size = in_size;
  e->max_instances = in->max_instances;
  e->dir = pipe_directory(*name);
  e->name = *name;
  uint64_t h = p.mark_inheritable(p.handle_for_fd(in->stable_fd), p.inherits(sa));
  if (open_mode & 0x40000000u) p.overlapped_handles.insert(h);  // FILE_FLAG_OVERLAPPED
  ends()[h] = e;
  // A client may connect at any time: waits in this process can end from outside.
  ++p.outside_signals;
  p.helper_threads = true;
  std::thread(serve_instance, std::ref(p), in).detach();
  p.set_last_error(0);
  return h;
}

namespace {

// ---- named pipes: the client ----

// Connects to a listening instance of the pipe: the socket, with what the instance told; -1 with
// `error` (ERROR_FILE_NOT_FOUND: no instance; ERROR_PIPE_BUSY: none listening).
int connect_client(const std::string& name, bool read, bool write, Info& info, uint32_t& error) {
  error = ERROR_FILE_NOT_FOUND;
  if (registry().empty()) return -1;
  for (const auto& [path, type] : instances_of(pipe_directory(name))) {
    int s = ::socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
    if (s < 0) continue;
    if (connect_to(s, path) != 0) {
      if (errno == ECONNREFUSED) ::unlink(path.c_str());  // its process ended
      else error = kErrorPipeBusy;
      ::close(s);
      continue;
    }
    widen_send_buffer(s, type == SOCK_SEQPACKET);
    Request rq{'C', static_cast<uint8_t>(read), static_cast<uint8_t>(write), 0};
    if (send_all(s, &rq, sizeof rq) && receive_all(s, &info, sizeof info, 5000)) {
      if (info.tag == 'W') return s;
      error = info.tag == 'D' ? ERROR_ACCESS_DENIED : kErrorPipeBusy;
      ::close(s);
      if (info.tag == 'D') return -1;
      continue;
    }
    error = kErrorPipeBusy;
    ::close(s);
  }
  return -1;
}

}  // namespace

uint64_t open_client(WindowsProcess& p, const std::string& name, uint32_t access) {
  // GENERIC_READ / GENERIC_ALL / FILE_READ_DATA; GENERIC_WRITE / GENERIC_ALL / FILE_WRITE_DATA.
  const bool read = access & (0x80000000u | 0x10000000u | 0x1u);
  const bool write = access & (0x40000000u | 0x10000000u | 0x2u);
  Info info{};
  uint32_t error;
  int s = blocking(p, [&] { return connect_client(name, read, write, info, error); });
  if (s < 0) return invalid_handle(p, error);
  auto e = std::make_shared<PipeEnd>();
  e->message = info.message;
  e->readable = read;
  e->writable = write;
  e->out_size = info.out_size;
  e->in_size = info.in_size;
  e->max_instances = info.max_instances;
  e->dir = pipe_directory(name);
  e->name = name;
  uint64_t h = p.handle_for_fd(s);
  ends()[h] = e;
  p.set_last_error(0);
  return h;
}

namespace {

bool pipe_facts_of(WindowsProcess& p, uint64_t h, PipeFacts& f) {
  int fd;
  std::shared_ptr<PipeEnd> e = end_of(p, h, &fd);
  if (!e) return false;
  f.type = e->message ? 1 : 0;
  f.read_message = e->read_message;
  f.nowait = e->named ? e->nowait : (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0;
  const bool server = e->named ? e->instance != nullptr : e->readable;
  f.end = server ? 1 : 0;
  // The server's view: inbound is what the server reads.
  const bool server_reads = server ? e->readable : e->writable, server_writes = server ? e->writable : e->readable;
  f.configuration = server_reads && server_writes ? 2 : server_writes ? 1 : 0;
  f.max_instances = e->named ? e->max_instances : 1;
  f.instances = e->dir.empty() ? 1 : static_cast<uint32_t>(std::max<size_t>(instances_of(e->dir).size(), 1));
  f.inbound_quota = server ? e->in_size : e->out_size;
  f.outbound_quota = server ? e->out_size : e->in_size;
  if (!f.inbound_quota) f.inbound_quota = 4096;
  if (!f.outbound_quota) f.outbound_quota = 4096;
  f.read_available = e->readable ? static_cast<uint32_t>(e->pending.size() + available(fd)) : 0;
  int queued = 0;  // what this end wrote that the other has not read (a socket's send queue)
  if (e->writable && ::ioctl(fd, TIOCOUTQ, &queued) != 0) queued = 0;
  f.write_quota_available = e->writable && f.outbound_quota > static_cast<uint32_t>(queued) ? f.outbound_quota - queued : 0;
  if (uint32_t err = server_error(*e, true))
    f.state = err == kErrorBadPipe ? 2 : err == kErrorPipeNotConnected ? 1 : 4;
  else
    f.state = peer_closed(fd) ? 4 : 3;
  return true;
}

// ---- the pipe device in the native API ----
// NtCreateFile and NtOpenFile name the pipe device \??\PIPE\ (or \Device\NamedPipe\, the same):
// with a pipe's name after it, that pipe's client end is opened; with none, the device itself, a
// handle that names are relative to. Relative to a pipe's server end, the empty name is its client
// end: how an unnamed pipe (NtCreateNamedPipeFile under the device with no name, as Rust's standard
// library makes the pipes for a child's standard I/O) gets its other end.

constexpr uint32_t kStatusSuccess = 0, kStatusInvalidParameter = 0xc000000d, kStatusObjectNameInvalid = 0xc0000033,
                   kStatusObjectNameNotFound = 0xc0000034, kStatusPipeNotAvailable = 0xc00000ac,
                   kStatusInstanceNotAvailable = 0xc00000ab, kStatusAccessDenied = 0xc0000022;

std::set<uint64_t>& pipe_devices() {
  static std::set<uint64_t> d;
  return d;
}

// The part of an NT name after the pipe device's prefix (either spelling, any case); nullopt for
// another name.
std::optional<std::string> device_relative(const std::string& nt) {
  for (const char* prefix : {"\\??\\pipe", "\\device\\namedpipe"}) {
    const size_t n = std::strlen(prefix);
    if (nt.size() < n || strncasecmp(nt.c_str(), prefix, n) != 0) continue;
    if (nt.size() == n) return std::string();
    if (nt[n] == '\\') return nt.substr(n + 1);
  }
  return std::nullopt;
}

uint32_t status_of(uint32_t error) {
  switch (error) {
    case ERROR_FILE_NOT_FOUND: case ERROR_PATH_NOT_FOUND: return kStatusObjectNameNotFound;
    case kErrorPipeBusy: return kStatusPipeNotAvailable;
    case ERROR_ACCESS_DENIED: return kStatusAccessDenied;
    case ERROR_INVALID_NAME: return kStatusObjectNameInvalid;
    case ERROR_INVALID_PARAMETER: return kStatusInvalidParameter;
    default: return nt_status_from_win_error(error);
  }
}

// NtCreateNamedPipeFile(&handle, access, attributes, &iosb, share, disposition, options, type,
// read mode, completion mode, max instances, inbound quota, outbound quota, &default timeout):
// CreateNamedPipe in the native API's terms. The share access gives the pipe's direction (clients
// may read: outbound; write: inbound; both: duplex), FILE_CREATE asks for the first instance, no
// FILE_SYNCHRONOUS_IO_* option makes the handle overlapped. Under the pipe device with no name the
// pipe is unnamed: it gets a name no other pipe has (Win32Pipes.PID.N, as Windows names
// CreatePipe's), for its client end to be opened by.
uint32_t NtCreateNamedPipeFile(WindowsProcess& p, Ptr out, uint32_t, Ptr attributes, Ptr iosb, uint32_t share,
                               uint32_t disposition, uint32_t options, uint32_t type, uint32_t read_mode,
                               uint32_t completion, uint32_t max_instances, uint32_t inbound, uint32_t outbound,
                               Ptr timeout) {
  const uint64_t w = p.isa->ptr;
  if (!attributes || !out || (share & ~3u) || !(share & 3) || disposition < 1 || disposition > 3 || type > 1 ||
      read_mode > 1 || completion > 1 || (read_mode && !type))
    return kStatusInvalidParameter;
  const uint64_t root = p.get_ptr(attributes.addr + w), name_string = p.get_ptr(attributes.addr + 2 * w);
  const uint32_t object_flags = get<uint32_t>(attributes.addr + 3 * w);
  std::string name;
  if (name_string) {
    const uint64_t chars = p.get_ptr(name_string + w);
    name = utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(chars), chars ? get<uint16_t>(name_string) / 2 : 0));
  }
  std::optional<std::string> rest;
  if (root) {
    if (!pipe_devices().count(root)) return root && p.fd_for_handle(root) < 0 ? 0xc0000008 /* STATUS_INVALID_HANDLE */ : kStatusObjectNameInvalid;
    rest = name;
    if (name.empty()) {
      static std::atomic<uint32_t> unnamed{0};
      char made[48];
      std::snprintf(made, sizeof made, "Win32Pipes.%08x.%08x", static_cast<unsigned>(::getpid()), unnamed++);
      rest = made;
    }
  } else {
    rest = device_relative(name);
    if (!rest) return kStatusObjectNameInvalid;
  }
  const uint32_t open_mode = ((share & 1) ? kAccessOutbound : 0) | ((share & 2) ? kAccessInbound : 0) |
                             (disposition == 2 ? kFirstPipeInstance : 0) | (options & 0x30 ? 0 : 0x40000000u);
  const uint32_t pipe_mode = (type ? kTypeMessage : 0) | (read_mode ? kReadModeMessage : 0) | (completion ? kNowait : 0);
  // The default timeout: relative (negative) in 100 ns units; CreateNamedPipe's is in ms.
  const int64_t t = timeout ? get<int64_t>(timeout.addr) : 0;
  const uint32_t timeout_ms = t < 0 ? static_cast<uint32_t>(std::min<int64_t>(-t / 10000, 0xfffffffe)) : 0;
  const uint32_t before = p.last_error();
  const uint64_t h = create_named_pipe(p, "\\\\.\\pipe\\" + *rest, open_mode, pipe_mode,
                                       max_instances == 0xffffffffu ? 255 : max_instances, outbound, inbound,
                                       timeout_ms, 0);
  const uint32_t error = p.last_error();
  p.set_last_error(before);  // (the native API leaves the last error alone)
  if (h == ~0ull) {
    if (error == kErrorPipeBusy) return kStatusInstanceNotAvailable;
    return status_of(error);
  }
  p.mark_inheritable(h, object_flags & 2);  // OBJ_INHERIT
  p.put_ptr(out.addr, h);
  if (iosb) {
    p.put_ptr(iosb.addr, kStatusSuccess);
    p.put_ptr(iosb.addr + w, 2);  // FILE_CREATED
  }
  return kStatusSuccess;
}

}  // namespace

}  // namespace polyrun::shims::named_pipes

namespace polyrun::shims {

bool pipe_facts(WindowsProcess& p, uint64_t h, PipeFacts& out) { return named_pipes::pipe_facts_of(p, h, out); }

std::optional<uint32_t> nt_open_pipe(WindowsProcess& p, uint64_t root, const std::string& name, uint32_t access,
                                     uint32_t options, uint64_t& handle) {
  using namespace named_pipes;
  std::optional<std::string> rest;
  if (root) {
    if (pipe_devices().count(root)) {
      rest = name;
    } else {
      auto it = ends().find(root);
      if (it == ends().end() || !it->second->instance || !name.empty()) return std::nullopt;
      rest = it->second->name;
    }
  } else {
    rest = device_relative(name);
    if (!rest) return std::nullopt;
  }
  if (rest->empty()) {  // the device itself
    const int fd = registry().empty() ? -1 : ::open(registry().c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return kStatusAccessDenied;
    handle = p.handle_for_fd(fd);
    pipe_devices().insert(handle);
    return kStatusSuccess;
  }
  const uint32_t before = p.last_error();
  const uint64_t h = open_client(p, *rest, access);
  const uint32_t error = p.last_error();
  p.set_last_error(before);
  if (h == ~0ull) return status_of(error);
  if (!(options & 0x30)) p.overlapped_handles.insert(h);  // no FILE_SYNCHRONOUS_IO_*: overlapped
  handle = h;
  return kStatusSuccess;
}

std::optional<std::string> pipe_object_name(WindowsProcess& p, uint64_t h) {
  using namespace named_pipes;
  if (pipe_devices().count(h)) return std::string("\\Device\\NamedPipe\\");
  std::shared_ptr<PipeEnd> e = end_of(p, h);
  if (!e) return std::nullopt;
  return e->name.empty() ? std::string() : "\\Device\\NamedPipe\\" + e->name;
}

void close_pipe_end(WindowsProcess& p, uint64_t h) {
  using namespace named_pipes;
  pipe_devices().erase(h);
  auto it = ends().find(h);
  if (it == ends().end()) return;
  if (std::shared_ptr<Instance> in = it->second->instance) {
    {
      std::lock_guard<GuestCallMutex> g(in->mu);
      in->state = Instance::State::Closing;
    }
    ::unlink(in->path.c_str());
    uint64_t one = 1;
    (void)!::write(in->stop_fd, &one, sizeof one);
    (void)!::write(in->event_fd, &one, sizeof one);
    --p.outside_signals;
  }
  ends().erase(it);
}

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_pipe_exports() {
  using namespace named_pipes;
  static const std::vector<Export> exports = {
      EXPORT("NtCreateNamedPipeFile", NtCreateNamedPipeFile),
      EXPORT("ZwCreateNamedPipeFile", NtCreateNamedPipeFile),
  };
  return exports;
}

}  // namespace polyrun::shims
