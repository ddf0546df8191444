// WS2_32.dll's socket calls: TCP and UDP over IPv4 and IPv6 on host sockets, with Windows' option
// numbers, flags, address families, fd_set layout and error codes translated to and from Linux's.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/ws2_32/ws2_32.h"

namespace polyrun::shims {

namespace winsock {

// ---- socket addresses ----

bool to_host_sockaddr(WindowsProcess& p, uint64_t addr, int32_t len, sockaddr_storage& out, uint32_t& out_len) {
  std::memset(&out, 0, sizeof out);
  if (!addr || len < 2) return wsa_fail(p, WSAEFAULT), false;
  const auto family = get<uint16_t>(addr);
  if (family == AF_INET) {
    if (len < static_cast<int32_t>(sizeof(sockaddr_in))) return wsa_fail(p, WSAEFAULT), false;
    std::memcpy(&out, guest_pointer(addr), sizeof(sockaddr_in));
    out_len = sizeof(sockaddr_in);
    return true;
  }
  if (family == kWinAfInet6) {
    // 24 bytes is the sockaddr_in6 of old SDKs, without sin6_scope_id.
    if (len < 24) return wsa_fail(p, WSAEFAULT), false;
    std::memcpy(&out, guest_pointer(addr), len < 28 ? 24 : 28);
    out.ss_family = AF_INET6;
    out_len = sizeof(sockaddr_in6);
    return true;
  }
  return wsa_fail(p, WSAEAFNOSUPPORT), false;
}

uint32_t guest_sockaddr_size(const sockaddr* a) { return a->sa_family == AF_INET6 ? 28 : 16; }

void write_guest_sockaddr(const sockaddr* a, uint8_t* out) {
  const uint32_t n = guest_sockaddr_size(a);
  std::memcpy(out, a, n);
  if (a->sa_family == AF_INET6) {
    uint16_t family = kWinAfInet6;
    std::memcpy(out, &family, 2);
  }
}

bool to_guest_sockaddr(WindowsProcess& p, const sockaddr* a, uint32_t, uint64_t addr, uint64_t len_ptr) {
  if (!addr) return true;
  const uint32_t n = guest_sockaddr_size(a);
  if (!len_ptr || get<int32_t>(len_ptr) < static_cast<int32_t>(n)) return wsa_fail(p, WSAEFAULT), false;
  write_guest_sockaddr(a, static_cast<uint8_t*>(guest_pointer(addr)));
  put<int32_t>(len_ptr, static_cast<int32_t>(n));
  return true;
}

}  // namespace winsock

namespace {

using namespace winsock;

// ---- creating and closing ----

uint64_t new_socket(WindowsProcess& p, int32_t af, int32_t type, int32_t protocol, uint32_t flags) {
  if (!started(p)) return INVALID_SOCKET;
  int family;
  if (af == AF_INET) family = AF_INET;
  else if (af == kWinAfInet6) family = AF_INET6;
  else return wsa_fail(p, WSAEAFNOSUPPORT), INVALID_SOCKET;
  if (type != SOCK_STREAM && type != SOCK_DGRAM && type != SOCK_RAW) return wsa_fail(p, WSAESOCKTNOSUPPORT), INVALID_SOCKET;
  int fd = ::socket(family, type | SOCK_CLOEXEC, protocol);
  if (fd < 0) return wsa_fail(p, errno == EPROTONOSUPPORT ? WSAEPROTONOSUPPORT : wsa_error_from_errno(errno)), INVALID_SOCKET;
  if (family == AF_INET6) {
    int on = 1;  // Windows' IPv6 sockets take IPv6 only until IPV6_V6ONLY is cleared
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  }
  uint64_t h = add_socket(p, fd, family, type, protocol);
  constexpr uint32_t WSA_FLAG_OVERLAPPED = 1, WSA_FLAG_NO_HANDLE_INHERIT = 0x80;
  find_socket(p, h)->overlapped = (flags & WSA_FLAG_OVERLAPPED) != 0;
  p.mark_inheritable(h, !(flags & WSA_FLAG_NO_HANDLE_INHERIT));  // Windows' sockets are inheritable
  p.set_last_error(0);
  return h;
}

USize socket_(WindowsProcess& p, int32_t af, int32_t type, int32_t protocol) {
  return new_socket(p, af, type, protocol, 1);  // socket() makes overlapped-capable sockets
}

// ---- WSADuplicateSocket ----
//
// WSADuplicateSocket describes a socket in a WSAPROTOCOL_INFO for a process, which makes its own
// descriptor of the socket with WSASocket(FROM_PROTOCOL_INFO…, &info…). Windows puts the new
// descriptor in that process at once; the record names it (dwProviderReserved), and WSASocket in
// that process hands it out. Here the target can only be this process: polyrun's processes share
// handles only by inheritance at CreateProcess (core/windows_handoff.cpp), and DuplicateHandle cannot
// give a handle to another process either (kernel32/kernel32.cpp), so a socket cannot reach a process that
// is already running. For another process the call fails as Windows fails it for a process it
// cannot duplicate into: WSAEINVAL.

constexpr uint32_t kProviderReserved = 112;  // WSAPROTOCOL_INFO's dwProviderReserved
constexpr int32_t FROM_PROTOCOL_INFO = -1;

// The descriptors made for WSADuplicateSocket that no WSASocket has taken yet.
std::set<uint64_t>& duplicates() {
  static std::set<uint64_t> d;
  return d;
}

int32_t duplicate_socket(WindowsProcess& p, uint64_t h, uint32_t pid, Ptr info, bool wide) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (!info) return wsa_fail(p, WSAEFAULT);
  if (pid != static_cast<uint32_t>(::getpid())) return wsa_fail(p, WSAEINVAL);
  const int fd = ::fcntl(s->fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) return wsa_fail_errno(p);
  const uint64_t copy = add_socket(p, fd, s->family, s->type, s->protocol);
  auto c = find_socket(p, copy);
  // One socket under two descriptors: its mode and state are the original's.
  c->nonblocking = s->nonblocking;
  c->overlapped = s->overlapped;
  c->listening = s->listening;
  c->shut_send = s->shut_send;
  c->shut_receive = s->shut_receive;
  duplicates().insert(copy);
  put_protocol_info(info.addr, s->family, s->type, s->protocol, wide);
  put<uint32_t>(info.addr + kProviderReserved, static_cast<uint32_t>(copy));
  p.set_last_error(0);
  return 0;
}
int32_t WSADuplicateSocketW(WindowsProcess& p, USize h, uint32_t pid, Ptr info) { return duplicate_socket(p, h, pid, info, true); }
int32_t WSADuplicateSocketA(WindowsProcess& p, USize h, uint32_t pid, Ptr info) { return duplicate_socket(p, h, pid, info, false); }

// WSASocket: with a WSAPROTOCOL_INFO, the socket a WSADuplicateSocket record names, or a new one of
// the record's family, type and protocol wherever the arguments say FROM_PROTOCOL_INFO. Socket
// groups (Windows reserves them; none exist) are refused. The record's fields read here come
// before its name, so the narrow and wide forms are alike.
USize WSASocketW(WindowsProcess& p, int32_t af, int32_t type, int32_t protocol, Ptr info, uint32_t group, uint32_t flags) {
  if (!started(p)) return INVALID_SOCKET;
  if (group) return wsa_fail(p, WSAEINVAL), INVALID_SOCKET;
  if (info) {
    const uint64_t reserved = get<uint32_t>(info.addr + kProviderReserved);
    if (reserved && duplicates().erase(reserved)) {
      if (!find_socket(p, reserved)) return INVALID_SOCKET;
      constexpr uint32_t WSA_FLAG_NO_HANDLE_INHERIT = 0x80;
      p.mark_inheritable(reserved, !(flags & WSA_FLAG_NO_HANDLE_INHERIT));
      p.set_last_error(0);
      return reserved;
    }
    if (af == FROM_PROTOCOL_INFO) af = get<int32_t>(info.addr + 76);
    if (type == FROM_PROTOCOL_INFO) type = get<int32_t>(info.addr + 88);
    if (protocol == FROM_PROTOCOL_INFO) protocol = get<int32_t>(info.addr + 92);
  }
  return new_socket(p, af, type, protocol, flags);
}

int32_t closesocket(WindowsProcess& p, USize h) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  abort_socket_io(p, h, s->fd);
  forget_completion_target(p, h);
  remove_socket(h);
  duplicates().erase(h);
  p.handle_fd.erase(h);
  p.inheritable.erase(h);
  p.inherited.erase(h);
  s->closing = true;
  if (s->blocked) {
    ::shutdown(s->fd, SHUT_RDWR);  // wakes them; the last one closes the descriptor
  } else {
    const int fd = s->fd;
    blocking(p, [fd] { return ::close(fd); });  // SO_LINGER may make close wait
  }
  return 0;
}

// ---- addresses ----

int32_t bind_(WindowsProcess& p, USize h, Ptr name, int32_t len) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  sockaddr_storage a;
  uint32_t alen;
  if (!to_host_sockaddr(p, name.addr, len, a, alen)) return SOCKET_ERROR;
  if (a.ss_family != s->family) return wsa_fail(p, WSAEFAULT);
  if (::bind(s->fd, reinterpret_cast<sockaddr*>(&a), alen) != 0) return wsa_fail_errno(p);
  return 0;
}

// Whether the socket has a local address: Linux gives an unbound one port 0.
bool is_bound(int fd) {
  sockaddr_storage a;
  socklen_t n = sizeof a;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n) != 0) return false;
  return a.ss_family == AF_INET ? reinterpret_cast<sockaddr_in&>(a).sin_port != 0
                                : reinterpret_cast<sockaddr_in6&>(a).sin6_port != 0;
}

int32_t getsockname_(WindowsProcess& p, USize h, Ptr name, Ptr len) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (!is_bound(s->fd)) return wsa_fail(p, WSAEINVAL);  // Windows: an unbound socket has no name
  sockaddr_storage a;
  socklen_t n = sizeof a;
  if (::getsockname(s->fd, reinterpret_cast<sockaddr*>(&a), &n) != 0) return wsa_fail_errno(p);
  if (!name) return wsa_fail(p, WSAEFAULT);
  return to_guest_sockaddr(p, reinterpret_cast<sockaddr*>(&a), n, name.addr, len.addr) ? 0 : SOCKET_ERROR;
}

int32_t getpeername_(WindowsProcess& p, USize h, Ptr name, Ptr len) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  sockaddr_storage a;
  socklen_t n = sizeof a;
  if (::getpeername(s->fd, reinterpret_cast<sockaddr*>(&a), &n) != 0) return wsa_fail_errno(p);
  if (!name) return wsa_fail(p, WSAEFAULT);
  return to_guest_sockaddr(p, reinterpret_cast<sockaddr*>(&a), n, name.addr, len.addr) ? 0 : SOCKET_ERROR;
}

// ---- connections ----

int32_t listen_(WindowsProcess& p, USize h, int32_t backlog) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (s->type != SOCK_STREAM) return wsa_fail(p, WSAEOPNOTSUPP);
  if (!is_bound(s->fd)) return wsa_fail(p, WSAEINVAL);  // Linux would bind it to a port of its choosing
  if (backlog == 0x7fffffff) backlog = SOMAXCONN;   // SOMAXCONN as Windows spells it
  if (::listen(s->fd, backlog) != 0) return wsa_fail_errno(p);
  s->listening = true;
  return 0;
}

USize accept_(WindowsProcess& p, USize h, Ptr addr, Ptr len) {
  auto s = find_socket(p, h);
  if (!s) return INVALID_SOCKET;
  if (!s->listening) return wsa_fail(p, WSAEINVAL), INVALID_SOCKET;
  if (addr && (!len || get<int32_t>(len.addr) < static_cast<int32_t>(s->family == AF_INET6 ? 28 : 16)))
    return wsa_fail(p, WSAEFAULT), INVALID_SOCKET;
  sockaddr_storage a;
  socklen_t n = sizeof a;
  const int fd = s->fd;
  // The new socket has the listening one's properties, its non-blocking mode among them.
  const int flags = SOCK_CLOEXEC | (s->nonblocking ? SOCK_NONBLOCK : 0);
  int c = static_cast<int>(socket_call(p, s, [&] { return ::accept4(fd, reinterpret_cast<sockaddr*>(&a), &n, flags); }));
  if (s->event_select) reenable_network_event(p, fd, FD_ACCEPT);
  if (c < 0) return wsa_fail_errno(p), INVALID_SOCKET;
  uint64_t ch = add_socket(p, c, s->family, s->type, s->protocol);
  auto cs = find_socket(p, ch);
  cs->nonblocking = s->nonblocking;
  cs->overlapped = s->overlapped;
  if (s->event_select) {  // the listening socket's WSAEventSelect applies to it too
    cs->event_select = true;
    cs->select_event = s->select_event;
    cs->select_mask = s->select_mask;
    watch_network_events(p, c, s->select_event, s->select_mask, false, true);
  }
  p.mark_inheritable(ch, p.inheritable.count(h) != 0);
  if (addr) to_guest_sockaddr(p, reinterpret_cast<sockaddr*>(&a), n, addr.addr, len.addr);
  p.set_last_error(0);
  return ch;
}

// WSAAccept(listener, addr, &len, condition, data): accept's connection, then the condition
// function's verdict on it (lpfnCondition(caller id, caller data, no QoS, no group QoS, callee id,
// callee data, &group, data): the caller's and the socket's own addresses, no connect data, which
// TCP/IP never had): CF_ACCEPT keeps it; CF_REJECT closes it (WSAECONNREFUSED); CF_DEFER, which
// only a listener with SO_CONDITIONAL_ACCEPT may answer later, closes it (WSATRY_AGAIN); any other
// answer closes it with WSAENOTSOCK, as wine 8.0 does.
USize WSAAccept(WindowsProcess& p, USize h, Ptr addr, Ptr len, Ptr condition, USize data) {
  const uint64_t c = accept_(p, h, addr, len);
  if (c == INVALID_SOCKET || !condition) return c;
  auto cs = find_socket(p, c);
  const uint64_t w = p.isa->ptr, wsabuf = 2 * w;  // WSABUF: len, then the pointer at its width
  const uint64_t block = p.heap.alloc(4 * wsabuf + 8 + 2 * 128, true);
  if (!block) {
    closesocket(p, c);
    return wsa_fail(p, WSAENOBUFS), INVALID_SOCKET;
  }
  const uint64_t caller_id = block, caller_data = block + wsabuf, callee_id = block + 2 * wsabuf,
                 callee_data = block + 3 * wsabuf, group = block + 4 * wsabuf, peer = group + 8, local = peer + 128;
  sockaddr_storage a{};
  socklen_t n = sizeof a;
  const uint64_t peer_len = local - 4, local_len = local + 124;  // (scratch for the lengths)
  put<int32_t>(peer_len, 120);
  if (::getpeername(cs->fd, reinterpret_cast<sockaddr*>(&a), &n) == 0)
    to_guest_sockaddr(p, reinterpret_cast<sockaddr*>(&a), n, peer, peer_len);
  put<uint32_t>(caller_id, get<int32_t>(peer_len) > 0 && n ? static_cast<uint32_t>(get<int32_t>(peer_len)) : 0);
  p.put_ptr(caller_id + w, peer);
  n = sizeof a;
  put<int32_t>(local_len, 120);
  if (::getsockname(cs->fd, reinterpret_cast<sockaddr*>(&a), &n) == 0)
    to_guest_sockaddr(p, reinterpret_cast<sockaddr*>(&a), n, local, local_len);
  put<uint32_t>(callee_id, static_cast<uint32_t>(get<int32_t>(local_len)));
  p.put_ptr(callee_id + w, local);
  const uint64_t verdict = p.call_guest(condition.addr, {caller_id, caller_data, 0, 0, callee_id, callee_data, group, data});
  p.heap.free(block);
  constexpr uint32_t CF_ACCEPT = 0, CF_REJECT = 1, CF_DEFER = 2;
  constexpr int32_t WSATRY_AGAIN = 11002;
  const uint32_t v = static_cast<uint32_t>(verdict);
  if (v == CF_ACCEPT) return p.set_last_error(0), c;
  closesocket(p, c);
  const int32_t error = v == CF_REJECT ? int32_t{WSAECONNREFUSED} : v == CF_DEFER ? int32_t{WSATRY_AGAIN} : int32_t{WSAENOTSOCK};
  return wsa_fail(p, error), INVALID_SOCKET;
}

int32_t connect_(WindowsProcess& p, USize h, Ptr name, int32_t len) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (s->listening) return wsa_fail(p, WSAEINVAL);
  sockaddr_storage a;
  uint32_t alen;
  if (!to_host_sockaddr(p, name.addr, len, a, alen)) return SOCKET_ERROR;
  if (a.ss_family != s->family) return wsa_fail(p, WSAEAFNOSUPPORT);
  const int fd = s->fd;
  // With WSAEventSelect the socket is non-blocking, and the I/O thread watches the connect.
  const int r = s->event_select ? connect_watched(p, fd, reinterpret_cast<sockaddr*>(&a), alen)
                                : static_cast<int>(socket_call(p, s, [&] { return ::connect(fd, reinterpret_cast<sockaddr*>(&a), alen); }));
  if (r != 0) {
    if (errno == EINPROGRESS) {
      s->connecting = true;
      s->connect_error = 0;
    }
    return wsa_fail_errno(p, true);
  }
  return 0;
}

// WSAConnect: connect, without the connect data and quality of service it can also carry (which
// TCP/IP never had).
int32_t WSAConnect(WindowsProcess& p, USize h, Ptr name, int32_t len, Ptr caller_data, Ptr callee_data, Ptr sqos,
                   Ptr gqos) {
  if (caller_data || callee_data || sqos || gqos) {
    if (!find_socket(p, h)) return SOCKET_ERROR;
    return wsa_fail(p, WSAEOPNOTSUPP);
  }
  return connect_(p, h, name, len);
}

int32_t shutdown_(WindowsProcess& p, USize h, int32_t how) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (how < 0 || how > 2) return wsa_fail(p, WSAEINVAL);  // SD_RECEIVE 0, SD_SEND 1, SD_BOTH 2 (Linux's too)
  if (::shutdown(s->fd, how) != 0) return wsa_fail_errno(p);
  if (how != 1) s->shut_receive = true;
  if (how != 0) s->shut_send = true;
  return 0;
}

// ---- data ----

int32_t recvfrom_(WindowsProcess& p, USize h, Ptr buf, int32_t len, int32_t flags, Ptr from, Ptr fromlen) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  const int f = host_msg_flags(flags);
  if (f < 0) return wsa_fail(p, WSAEOPNOTSUPP);
  if (s->shut_receive) return wsa_fail(p, WSAESHUTDOWN);
  if (len < 0) return wsa_fail(p, WSAEFAULT);
  if (len && !p.memory.accessible(buf.addr, static_cast<uint64_t>(len), mem::kWrite)) return wsa_fail(p, WSAEFAULT);
  if (from && s->type != SOCK_STREAM && (!fromlen || get<int32_t>(fromlen.addr) < (s->family == AF_INET6 ? 28 : 16)))
    return wsa_fail(p, WSAEFAULT);
  sockaddr_storage a{};
  iovec iov{buf.as<void>(), static_cast<size_t>(len)};
  msghdr m{};
  m.msg_name = &a;
  m.msg_namelen = sizeof a;
  m.msg_iov = &iov;
  m.msg_iovlen = 1;
  const int fd = s->fd;
  ssize_t n = socket_call(p, s, [&] { return ::recvmsg(fd, &m, f); });
  if (s->event_select) reenable_network_event(p, fd, (f & MSG_OOB) ? FD_OOB : FD_READ);
  if (n < 0) return wsa_fail_errno(p);
  if (from && s->type != SOCK_STREAM && m.msg_namelen)
    to_guest_sockaddr(p, reinterpret_cast<sockaddr*>(&a), m.msg_namelen, from.addr, fromlen.addr);
  // A datagram larger than the buffer: Windows fills the buffer, drops the rest and says so.
  if (m.msg_flags & MSG_TRUNC) return wsa_fail(p, WSAEMSGSIZE);
  return static_cast<int32_t>(n);
}

int32_t recv_(WindowsProcess& p, USize h, Ptr buf, int32_t len, int32_t flags) {
  return recvfrom_(p, h, buf, len, flags, Ptr(0), Ptr(0));
}

int32_t sendto_(WindowsProcess& p, USize h, Ptr buf, int32_t len, int32_t flags, Ptr to, int32_t tolen) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  int f = host_msg_flags(flags);
  if (f < 0 || (flags & 8)) return wsa_fail(p, WSAEOPNOTSUPP);  // MSG_WAITALL is for receiving
  if (s->shut_send) return wsa_fail(p, WSAESHUTDOWN);
  if (len < 0) return wsa_fail(p, WSAEFAULT);
  if (len && !p.memory.accessible(buf.addr, static_cast<uint64_t>(len), mem::kRead)) return wsa_fail(p, WSAEFAULT);
  sockaddr_storage a;
  uint32_t alen = 0;
  // A stream socket ignores the address, as Windows does.
  if (to && s->type != SOCK_STREAM) {
    if (!to_host_sockaddr(p, to.addr, tolen, a, alen)) return SOCKET_ERROR;
    if (a.ss_family != s->family) return wsa_fail(p, WSAEAFNOSUPPORT);
  }
  const int fd = s->fd;
  f |= MSG_NOSIGNAL;  // Windows has no SIGPIPE: a send to a closed connection fails instead
  ssize_t n = socket_call(p, s, [&] {
    return alen ? ::sendto(fd, buf.as<const void>(), static_cast<size_t>(len), f, reinterpret_cast<sockaddr*>(&a), alen)
                : ::send(fd, buf.as<const void>(), static_cast<size_t>(len), f);
  });
  if (n < 0 && errno == EAGAIN && s->event_select) reenable_network_event(p, fd, FD_WRITE);
  if (n < 0) return errno == ENOTCONN || errno == EDESTADDRREQ ? wsa_fail(p, WSAENOTCONN) : wsa_fail_errno(p);
  return static_cast<int32_t>(n);
}

int32_t send_(WindowsProcess& p, USize h, Ptr buf, int32_t len, int32_t flags) {
  return sendto_(p, h, buf, len, flags, Ptr(0), 0);
}

// ---- select ----

// Windows' fd_set: a u_int count, then that many SOCKETs (pointer-sized, so at offset 8 on x64).
struct GuestFdSet {
  uint64_t addr;
  unsigned ptr;
  uint32_t count() const { return addr ? get<uint32_t>(addr) : 0; }
  uint64_t at(uint32_t i) const {
    uint64_t v = 0;
    std::memcpy(&v, guest_pointer(addr + ptr + i * ptr), ptr);
    return v;
  }
  void set(uint32_t i, uint64_t v) const { std::memcpy(guest_pointer(addr + ptr + i * ptr), &v, ptr); }
};

int32_t select_(WindowsProcess& p, int32_t, Ptr readfds, Ptr writefds, Ptr exceptfds, Ptr timeout) {
  if (!started(p)) return SOCKET_ERROR;
  const unsigned ptr = p.isa->ptr;
  const GuestFdSet sets[3] = {{readfds.addr, ptr}, {writefds.addr, ptr}, {exceptfds.addr, ptr}};
  struct Entry {
    std::shared_ptr<Socket> s;
    uint64_t h;
  };
  std::vector<Entry> entries;
  std::vector<pollfd> fds;
  std::vector<size_t> index[3];
  for (int k = 0; k < 3; ++k) {
    for (uint32_t i = 0; i < sets[k].count(); ++i) {
      uint64_t h = sets[k].at(i);
      auto s = find_socket(p, h);
      if (!s) return SOCKET_ERROR;  // WSAENOTSOCK
      size_t at = 0;
      while (at < entries.size() && entries[at].h != h) ++at;
      if (at == entries.size()) {
        entries.push_back({s, h});
        fds.push_back({s->fd, 0, 0});
      }
      fds[at].events |= k == 0 ? POLLIN : k == 1 ? POLLOUT : POLLPRI;
      index[k].push_back(at);
    }
  }
  if (entries.empty()) return wsa_fail(p, WSAEINVAL);  // Windows refuses a select on nothing
  int timeout_ms = -1;
  if (timeout) {
    const int32_t sec = get<int32_t>(timeout.addr), usec = get<int32_t>(timeout.addr + 4);
    if (sec < 0 || usec < 0) return wsa_fail(p, WSAEINVAL);
    int64_t ms = static_cast<int64_t>(sec) * 1000 + (usec + 999) / 1000;
    timeout_ms = static_cast<int>(std::min<int64_t>(ms, INT32_MAX));
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
  for (;;) {
    int left = timeout_ms;
    if (timeout_ms > 0) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      left = static_cast<int>(std::max<int64_t>(ms, 0));
    }
    int r = timeout_ms == 0 ? ::poll(fds.data(), fds.size(), 0)
                            : blocking(p, [&] { return ::poll(fds.data(), fds.size(), left); });
    if (r >= 0) break;
    if (errno != EINTR || (poll_console_ctrl(p), p.stopping())) return wsa_fail_errno(p);
  }
  // What each set reports: readable (data, a connection to accept, the end of the stream, an
  // error to read), writable (room, or a non-blocking connect that succeeded), exceptional
  // (urgent data, or a non-blocking connect that failed — its error kept for SO_ERROR).
  std::vector<bool> ready[3];
  for (size_t i = 0; i < entries.size(); ++i) {
    Socket& s = *entries[i].s;
    const short re = fds[i].revents;
    bool connect_failed = false;
    if (s.connecting && (re & (POLLOUT | POLLERR | POLLHUP))) {
      int err = 0;
      socklen_t n = sizeof err;
      ::getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &n);
      s.connecting = false;
      s.connect_error = err;
      connect_failed = err != 0;
    } else if (s.connect_error) {
      connect_failed = true;
    }
    ready[0].push_back(!connect_failed && (re & (POLLIN | POLLHUP | POLLERR)));
    ready[1].push_back(!connect_failed && (re & POLLOUT));
    ready[2].push_back(connect_failed || (re & POLLPRI));
  }
  int32_t total = 0;
  for (int k = 0; k < 3; ++k) {
    if (!sets[k].addr) continue;
    uint32_t out = 0;
    for (uint32_t i = 0; i < sets[k].count(); ++i) {
      if (!ready[k][index[k][i]]) continue;
      sets[k].set(out++, sets[k].at(i));
    }
    put<uint32_t>(sets[k].addr, out);
    total += static_cast<int32_t>(out);
  }
  return total;
}

// WSAPoll: WSAPOLLFD is { SOCKET fd; SHORT events; SHORT revents; } (16 bytes on x64, 8 on x86),
// with Windows' POLL* bits, which are not Linux's. A negative fd is skipped, with POLLNVAL in its
// revents as wine 8.0 gives it (Microsoft documents only that it is ignored); with none valid, the
// call fails as documented.
struct PollBit {
  int16_t win;
  short host;
};
constexpr PollBit kPollBits[] = {{0x0100, POLLRDNORM}, {0x0200, POLLRDBAND}, {0x0400, POLLPRI},
                                 {0x0010, POLLWRNORM}, {0x0020, POLLWRBAND}, {0x0001, POLLERR},
                                 {0x0002, POLLHUP},    {0x0004, POLLNVAL}};

int32_t WSAPoll(WindowsProcess& p, Ptr fds, uint32_t count, int32_t timeout) {
  if (!started(p)) return SOCKET_ERROR;
  if (!fds || count == 0) return wsa_fail(p, WSAEINVAL);
  const unsigned ptr = p.isa->ptr, stride = ptr == 8 ? 16 : 8;
  std::vector<pollfd> host(count);
  uint32_t valid = 0;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t at = fds.addr + i * stride;
    const uint64_t h = p.get_ptr(at);
    const int16_t events = get<int16_t>(at + ptr);
    // Windows refuses the error bits among those asked for, and any it does not know.
    if (events & ~(0x0100 | 0x0200 | 0x0400 | 0x0010 | 0x0020)) return wsa_fail(p, WSAEINVAL);
    host[i].fd = -1;
    if ((ptr == 4 && static_cast<int32_t>(h) < 0) || (ptr == 8 && static_cast<int64_t>(h) < 0)) continue;
    ++valid;
    auto s = find_socket(p, h);
    if (!s) return SOCKET_ERROR;  // WSAENOTSOCK
    host[i].fd = s->fd;
    for (const auto& b : kPollBits)
      if (events & b.win) host[i].events |= b.host;
  }
  if (!valid) return wsa_fail(p, WSAEINVAL);
  int r;
  for (;;) {
    r = timeout == 0 ? ::poll(host.data(), count, 0) : blocking(p, [&] { return ::poll(host.data(), count, timeout); });
    if (r >= 0 || errno != EINTR || (poll_console_ctrl(p), p.stopping())) break;
  }
  if (r < 0) return wsa_fail_errno(p);
  for (uint32_t i = 0; i < count; ++i) {
    int16_t revents = host[i].fd < 0 ? 0x0004 : 0;  // POLLNVAL
    for (const auto& b : kPollBits)
      if (host[i].revents & b.host) revents |= b.win;
    put<int16_t>(fds.addr + i * stride + ptr + 2, revents);
  }
  return r;
}

int32_t WSAFDIsSet(WindowsProcess& p, USize h, Ptr set) {
  const GuestFdSet s{set.addr, p.isa->ptr};
  for (uint32_t i = 0; i < s.count(); ++i)
    if (s.at(i) == h) return 1;
  return 0;
}

// ---- control ----

// Windows' ioctl codes (Linux's FIONBIO, FIONREAD and SIOCATMARK are other numbers).
constexpr uint32_t kFionbio = 0x8004667E, kFionread = 0x4004667F, kSiocatmark = 0x40047307;

bool set_nonblocking(int fd, bool on) {
  int fl = ::fcntl(fd, F_GETFL);
  return fl >= 0 && ::fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK) == 0;
}

int32_t ioctlsocket(WindowsProcess& p, USize h, int32_t cmd, Ptr arg) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (!arg) return wsa_fail(p, WSAEFAULT);
  switch (static_cast<uint32_t>(cmd)) {
    case kFionbio: {
      const bool on = get<uint32_t>(arg.addr) != 0;
      if (!on && s->event_select) return wsa_fail(p, WSAEINVAL);  // WSAEventSelect keeps it non-blocking
      if (!set_nonblocking(s->fd, on)) return wsa_fail_errno(p);
      s->nonblocking = on;
      return 0;
    }
    case kFionread: {
      int n = 0;
      if (s->listening) n = 0;
      else if (::ioctl(s->fd, FIONREAD, &n) != 0) return wsa_fail_errno(p);
      put<uint32_t>(arg.addr, static_cast<uint32_t>(n));
      return 0;
    }
    case kSiocatmark: {
      int at = 0;
      if (::ioctl(s->fd, SIOCATMARK, &at) != 0) return wsa_fail_errno(p);
      put<uint32_t>(arg.addr, at ? 1 : 0);  // TRUE: no urgent data waits
      return 0;
    }
    default:
      return wsa_fail(p, WSAEINVAL);
  }
}

// ---- options ----

constexpr int32_t kWinSolSocket = 0xffff;
// How an option's value is laid out. Byte: a BOOLEAN, of which Windows reads and writes one byte
// whatever the length (TCP_NODELAY, though documented as a BOOL).
enum class Value { Int, Bool, Byte, Linger, DontLinger, Millis, Error, HalfBuffer, Ignored, ProtocolInfoA, ProtocolInfoW };

struct Option {
  int32_t level, name;  // Windows'
  int host_level, host_name;
  Value value;
  bool settable = true;
};
constexpr Option kOptions[] = {
    {kWinSolSocket, 0x0001, SOL_SOCKET, SO_DEBUG, Value::Bool},
    {kWinSolSocket, 0x0002, SOL_SOCKET, SO_ACCEPTCONN, Value::Bool, false},
    {kWinSolSocket, 0x0004, SOL_SOCKET, SO_REUSEADDR, Value::Bool},
    {kWinSolSocket, 0x0008, SOL_SOCKET, SO_KEEPALIVE, Value::Bool},
    {kWinSolSocket, 0x0010, SOL_SOCKET, SO_DONTROUTE, Value::Bool},
    {kWinSolSocket, 0x0020, SOL_SOCKET, SO_BROADCAST, Value::Bool},
    {kWinSolSocket, 0x0080, SOL_SOCKET, SO_LINGER, Value::Linger},
    {kWinSolSocket, ~0x0080, SOL_SOCKET, SO_LINGER, Value::DontLinger},
    {kWinSolSocket, 0x0100, SOL_SOCKET, SO_OOBINLINE, Value::Bool},
    {kWinSolSocket, 0x1001, SOL_SOCKET, SO_SNDBUF, Value::HalfBuffer},
    {kWinSolSocket, 0x1002, SOL_SOCKET, SO_RCVBUF, Value::HalfBuffer},
    {kWinSolSocket, 0x1005, SOL_SOCKET, SO_SNDTIMEO, Value::Millis},
    {kWinSolSocket, 0x1006, SOL_SOCKET, SO_RCVTIMEO, Value::Millis},
    {kWinSolSocket, 0x1007, SOL_SOCKET, SO_ERROR, Value::Error, false},
    {kWinSolSocket, 0x1008, SOL_SOCKET, SO_TYPE, Value::Int, false},
    // SO_PROTOCOL_INFOA/W: the socket's WSAPROTOCOL_INFO record, as WSAEnumProtocols gives it.
    {kWinSolSocket, 0x2004, 0, 0, Value::ProtocolInfoA, false},
    {kWinSolSocket, 0x2005, 0, 0, Value::ProtocolInfoW, false},
    // SO_UPDATE_ACCEPT_CONTEXT, SO_UPDATE_CONNECT_CONTEXT: the socket AcceptEx or ConnectEx made
    // is a complete host socket already, with its addresses and options.
    {kWinSolSocket, 0x700B, 0, 0, Value::Ignored},
    {kWinSolSocket, 0x7010, 0, 0, Value::Ignored},
    {IPPROTO_TCP, 0x0001, IPPROTO_TCP, TCP_NODELAY, Value::Byte},
    {IPPROTO_TCP, 0x0003, IPPROTO_TCP, TCP_KEEPIDLE, Value::Int},  // TCP_KEEPALIVE (seconds)
    {IPPROTO_TCP, 0x0010, IPPROTO_TCP, TCP_KEEPCNT, Value::Int},
    {IPPROTO_TCP, 0x0011, IPPROTO_TCP, TCP_KEEPINTVL, Value::Int},
    {IPPROTO_IP, 3, IPPROTO_IP, IP_TOS, Value::Int},
    {IPPROTO_IP, 4, IPPROTO_IP, IP_TTL, Value::Int},
    {IPPROTO_IP, 10, IPPROTO_IP, IP_MULTICAST_TTL, Value::Int},
    {IPPROTO_IP, 11, IPPROTO_IP, IP_MULTICAST_LOOP, Value::Bool},
    {IPPROTO_IPV6, 4, IPPROTO_IPV6, IPV6_UNICAST_HOPS, Value::Int},
    {IPPROTO_IPV6, 10, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, Value::Int},
    {IPPROTO_IPV6, 11, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, Value::Bool},
    {IPPROTO_IPV6, 27, IPPROTO_IPV6, IPV6_V6ONLY, Value::Bool},
    // The ancillary data WSARecvMsg delivers: IP_PKTINFO, IP_RECVTTL, IPV6_PKTINFO, IPV6_RECVHOPLIMIT.
    {IPPROTO_IP, 19, IPPROTO_IP, IP_PKTINFO, Value::Bool},
    {IPPROTO_IP, 21, IPPROTO_IP, IP_RECVTTL, Value::Bool},
    {IPPROTO_IPV6, 19, IPPROTO_IPV6, IPV6_RECVPKTINFO, Value::Bool},
    {IPPROTO_IPV6, 21, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, Value::Bool},
};

const Option* find_option(int32_t level, int32_t name) {
  for (const auto& o : kOptions)
    if (o.level == level && o.name == name) return &o;
  return nullptr;
}

int32_t setsockopt_(WindowsProcess& p, USize h, int32_t level, int32_t name, Ptr value, int32_t len) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  const Option* o = find_option(level, name);
  if (!o || !o->settable) return wsa_fail(p, WSAENOPROTOOPT);
  if (o->value == Value::Ignored) return 0;
  if (!value || len < 1) return wsa_fail(p, WSAEFAULT);
  // Integers and BOOLs are 4 bytes; Windows takes a BOOL of one byte too.
  int32_t v = len >= 4 && o->value != Value::Byte ? get<int32_t>(value.addr) : get<uint8_t>(value.addr);
  switch (o->value) {
    case Value::Linger: {
      if (len < 4) return wsa_fail(p, WSAEFAULT);
      linger l{get<uint16_t>(value.addr) != 0, get<uint16_t>(value.addr + 2)};  // u_short l_onoff, l_linger
      if (::setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l) != 0) return wsa_fail_errno(p);
      return 0;
    }
    case Value::DontLinger: {
      linger l{};
      socklen_t n = sizeof l;
      ::getsockopt(s->fd, SOL_SOCKET, SO_LINGER, &l, &n);
      l.l_onoff = v == 0;
      if (::setsockopt(s->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l) != 0) return wsa_fail_errno(p);
      return 0;
    }
    case Value::Millis: {
      if (len < 4) return wsa_fail(p, WSAEFAULT);
      const uint32_t ms = static_cast<uint32_t>(v);
      timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000) * 1000};
      if (::setsockopt(s->fd, o->host_level, o->host_name, &tv, sizeof tv) != 0) return wsa_fail_errno(p);
      return 0;
    }
    case Value::Bool: case Value::Byte: v = v != 0; [[fallthrough]];
    default:
      if (o->value != Value::Bool && o->value != Value::Byte && len < 4) return wsa_fail(p, WSAEFAULT);
      if (::setsockopt(s->fd, o->host_level, o->host_name, &v, sizeof v) != 0) return wsa_fail_errno(p);
      return 0;
  }
}

int32_t getsockopt_(WindowsProcess& p, USize h, int32_t level, int32_t name, Ptr value, Ptr len) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  const Option* o = find_option(level, name);
  if (!o || o->value == Value::Ignored) return wsa_fail(p, WSAENOPROTOOPT);
  if (!value || !len || get<int32_t>(len.addr) < (o->value == Value::Byte ? 1 : 4)) return wsa_fail(p, WSAEFAULT);
  int32_t v = 0;
  switch (o->value) {
    case Value::ProtocolInfoA: case Value::ProtocolInfoW: {
      const bool wide = o->value == Value::ProtocolInfoW;
      const int32_t record = wide ? 628 : 372;  // sizeof(WSAPROTOCOL_INFOW), sizeof(WSAPROTOCOL_INFOA)
      if (get<int32_t>(len.addr) < record) return wsa_fail(p, WSAEFAULT);
      put_protocol_info(value.addr, s->family, s->type, s->protocol, wide);
      put<int32_t>(len.addr, record);
      return 0;
    }
    case Value::Linger: {
      linger l{};
      socklen_t n = sizeof l;
      if (::getsockopt(s->fd, SOL_SOCKET, SO_LINGER, &l, &n) != 0) return wsa_fail_errno(p);
      put<uint16_t>(value.addr, l.l_onoff ? 1 : 0);
      put<uint16_t>(value.addr + 2, static_cast<uint16_t>(l.l_linger));
      put<int32_t>(len.addr, 4);
      return 0;
    }
    case Value::DontLinger: {
      linger l{};
      socklen_t n = sizeof l;
      if (::getsockopt(s->fd, SOL_SOCKET, SO_LINGER, &l, &n) != 0) return wsa_fail_errno(p);
      v = !l.l_onoff;
      break;
    }
    case Value::Millis: {
      timeval tv{};
      socklen_t n = sizeof tv;
      if (::getsockopt(s->fd, o->host_level, o->host_name, &tv, &n) != 0) return wsa_fail_errno(p);
      v = static_cast<int32_t>(tv.tv_sec * 1000 + tv.tv_usec / 1000);
      break;
    }
    case Value::Error: {
      // A failed connect that select reported keeps its error here, as Windows does.
      int err = s->connect_error;
      s->connect_error = 0;
      if (!err) {
        socklen_t n = sizeof err;
        if (::getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &n) != 0) return wsa_fail_errno(p);
      }
      v = wsa_error_from_errno(err, false);
      break;
    }
    default: {
      socklen_t n = sizeof v;
      if (::getsockopt(s->fd, o->host_level, o->host_name, &v, &n) != 0) return wsa_fail_errno(p);
      // Linux doubles a buffer size set (room for its bookkeeping) and reports the double.
      if (o->value == Value::HalfBuffer) v /= 2;
      if (o->value == Value::Bool) v = v != 0;
      if (o->value == Value::Byte) {
        put<uint8_t>(value.addr, v != 0);
        put<int32_t>(len.addr, 1);
        return 0;
      }
      break;
    }
  }
  put<int32_t>(value.addr, v);
  put<int32_t>(len.addr, 4);
  return 0;
}

}  // namespace

namespace winsock {
int32_t set_socket_option(WindowsProcess& p, uint64_t s, int32_t level, int32_t name, uint64_t value, int32_t len) {
  return setsockopt_(p, USize(s), level, name, Ptr(value), len);
}
int32_t get_socket_option(WindowsProcess& p, uint64_t s, int32_t level, int32_t name, uint64_t value, uint64_t len) {
  return getsockopt_(p, USize(s), level, name, Ptr(value), Ptr(len));
}
}  // namespace winsock

const std::vector<Export>& ws2_32_socket_exports() {
  static const std::vector<Export> exports = {
      EXPORT("socket", socket_),
      EXPORT("WSASocketW", WSASocketW),
      EXPORT("WSASocketA", WSASocketW),  // (the protocol info's fields read come before its name)
      EXPORT("WSADuplicateSocketW", WSADuplicateSocketW),
      EXPORT("WSADuplicateSocketA", WSADuplicateSocketA),
      EXPORT("closesocket", closesocket),
      EXPORT("bind", bind_),
      EXPORT("listen", listen_),
      EXPORT("accept", accept_),
      EXPORT("WSAAccept", WSAAccept),
      EXPORT("connect", connect_),
      EXPORT("shutdown", shutdown_),
      EXPORT("recv", recv_),
      EXPORT("recvfrom", recvfrom_),
      EXPORT("send", send_),
      EXPORT("sendto", sendto_),
      EXPORT("select", select_),
      EXPORT("__WSAFDIsSet", WSAFDIsSet),
      EXPORT("WSAPoll", WSAPoll),
      EXPORT("WSAConnect", WSAConnect),
      EXPORT("ioctlsocket", ioctlsocket),
      EXPORT("setsockopt", setsockopt_),
      EXPORT("getsockopt", getsockopt_),
      EXPORT("getsockname", getsockname_),
      EXPORT("getpeername", getpeername_),
  };
  return exports;
}

}  // namespace polyrun::shims
