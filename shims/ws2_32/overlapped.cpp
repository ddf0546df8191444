// WS2_32.dll's scatter/gather and overlapped calls (WSARecv, WSASend, WSARecvFrom, WSASendTo,
// WSAGetOverlappedResult, WSAIoctl) and MSWSOCK.dll's AcceptEx, ConnectEx, GetAcceptExSockaddrs
// and TransmitFile, which programs reach through WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER).
// An overlapped call builds its operation and hands it to the I/O thread (ws2_32/io.cpp), which
// completes it at once or later; without an OVERLAPPED (or on a socket made without
// WSA_FLAG_OVERLAPPED) the call is carried out as a blocking or non-blocking one.
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "shims/ws2_32/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/ws2_32/io.h"

namespace polyrun::shims {


namespace winsock {

// WSABUF arrays: { u_long len; char* buf; } (the pointer at offset 8 on x64) to host iovecs of
// guest memory; false (WSAEFAULT) if a buffer is not there.
bool guest_buffers(WindowsProcess& p, uint64_t bufs, uint32_t count, bool writable, std::vector<iovec>& out) {
  if (count && !bufs) return wsa_fail(p, WSAEFAULT), false;
  const unsigned ptr = p.isa->ptr;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t at = bufs + i * 2 * ptr;
    const uint32_t len = get<uint32_t>(at);
    const uint64_t buf = p.get_ptr(at + ptr);
    if (len && !p.memory.accessible(buf, len, writable ? mem::kWrite : mem::kRead)) return wsa_fail(p, WSAEFAULT), false;
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

}  // namespace winsock

namespace {

using namespace winsock;

int32_t receive(WindowsProcess& p, uint64_t h, Ptr bufs, uint32_t count, Ptr bytes, Ptr flags, Ptr from, Ptr from_len,
                Ptr ov, Ptr routine) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (routine) return wsa_fail(p, WSAEOPNOTSUPP);  // completion routines are APCs, which polyrun does not queue
  if (!flags) return wsa_fail(p, WSAEFAULT);
  const int f = host_msg_flags(get<int32_t>(flags.addr));
  if (f < 0) return wsa_fail(p, WSAEOPNOTSUPP);
  if (s->shut_receive) return wsa_fail(p, WSAESHUTDOWN);
  std::vector<iovec> iov;
  if (!guest_buffers(p, bufs.addr, count, true, iov)) return SOCKET_ERROR;
  const bool datagram = s->type != SOCK_STREAM;
  if (from && datagram && (!from_len || get<int32_t>(from_len.addr) < (s->family == AF_INET6 ? 28 : 16)))
    return wsa_fail(p, WSAEFAULT);
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
    if (n < 0) return wsa_fail_errno(p);
    if (from && datagram && m.msg_namelen)
      to_guest_sockaddr(p, reinterpret_cast<sockaddr*>(&a), m.msg_namelen, from.addr, from_len.addr);
    put<uint32_t>(bytes.addr, static_cast<uint32_t>(n));
    put<uint32_t>(flags.addr, 0);
    const bool cut = m.msg_flags & MSG_TRUNC;
    report_at_once(p, h, ov.addr, cut ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS, static_cast<uint64_t>(n));
    if (cut) return wsa_fail(p, WSAEMSGSIZE);
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
  return start_operation(p, op, bytes.addr);
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
  if (routine) return wsa_fail(p, WSAEOPNOTSUPP);
  int f = host_msg_flags(static_cast<int32_t>(flags));
  if (f < 0 || (flags & 8)) return wsa_fail(p, WSAEOPNOTSUPP);
  if (s->shut_send) return wsa_fail(p, WSAESHUTDOWN);
  std::vector<iovec> iov;
  if (!guest_buffers(p, bufs.addr, count, false, iov)) return SOCKET_ERROR;
  sockaddr_storage a{};
  uint32_t alen = 0;
  if (to && s->type != SOCK_STREAM) {
    if (!to_host_sockaddr(p, to.addr, to_len, a, alen)) return SOCKET_ERROR;
    if (a.ss_family != s->family) return wsa_fail(p, WSAEAFNOSUPPORT);
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
    if (n < 0) return errno == ENOTCONN || errno == EDESTADDRREQ ? wsa_fail(p, WSAENOTCONN) : wsa_fail_errno(p);
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
  return start_operation(p, op, bytes.addr);
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
  if (!ov || !bytes || !flags) return wsa_fail(p, WSAEFAULT), 0;
  if (overlapped_status(p, ov.addr) == STATUS_PENDING) {
    if (!wait) return wsa_fail(p, WSA_IO_INCOMPLETE), 0;
    wait_until(p, kInfinite, [&] { return overlapped_status(p, ov.addr) != STATUS_PENDING; },
               "for an overlapped operation");
  }
  const uint32_t status = overlapped_status(p, ov.addr);
  put<uint32_t>(bytes.addr, static_cast<uint32_t>(p.get_ptr(ov.addr + p.isa->ptr)));
  put<uint32_t>(flags.addr, 0);
  if (status >= 0x80000000u) return wsa_fail(p, wsa_error_from_ntstatus(status)), 0;
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
  if (!ov) return wsa_fail(p, WSA_INVALID_PARAMETER), 0;
  if (!ls->listening || as->family != ls->family || as->type != SOCK_STREAM || as->listening || bound(as->fd))
    return wsa_fail(p, WSAEINVAL), 0;
  // Each address takes 16 bytes more than its sockaddr, as Windows asks.
  const uint32_t least = (ls->family == AF_INET6 ? 28 : 16) + 16;
  if (!buf || local_len < least || remote_len < least) return wsa_fail(p, WSAEFAULT), 0;
  if (!p.memory.accessible(buf.addr, uint64_t{data_len} + local_len + remote_len, mem::kWrite)) return wsa_fail(p, WSAEFAULT), 0;
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
  return start_operation(p, op, bytes.addr) == 0;
}

BOOL ConnectEx(WindowsProcess& p, USize h, Ptr name, int32_t len, Ptr send_buf, uint32_t send_len, Ptr bytes, Ptr ov) {
  auto s = find_socket(p, h);
  if (!s) return 0;
  if (!ov) return wsa_fail(p, WSA_INVALID_PARAMETER), 0;
  if (s->type != SOCK_STREAM || s->listening) return wsa_fail(p, WSAEINVAL), 0;
  sockaddr_storage a;
  uint32_t alen;
  if (!to_host_sockaddr(p, name.addr, len, a, alen)) return 0;
  if (a.ss_family != s->family) return wsa_fail(p, WSAEAFNOSUPPORT), 0;
  if (!bound(s->fd)) return wsa_fail(p, WSAEINVAL), 0;  // ConnectEx wants a bound socket
  if (send_len && !p.memory.accessible(send_buf.addr, send_len, mem::kRead)) return wsa_fail(p, WSAEFAULT), 0;
  auto op = std::make_shared<Op>();
  op->kind = Op::Kind::Connect;
  op->handle = h;
  op->fd = s->fd;
  op->overlapped = ov.addr;
  op->to = a;
  op->to_len = alen;
  if (send_len) op->iov = {{send_buf.as<void>(), send_len}};
  return start_operation(p, op, bytes.addr) == 0;
}

// TransmitFile: a file's bytes (from the OVERLAPPED's offset, or from the file position without
// one), between the optional head and tail buffers, sent as one overlapped send. The file is read
// when the call is made.
BOOL TransmitFile(WindowsProcess& p, USize h, Ptr file, uint32_t count, uint32_t, Ptr ov, Ptr buffers, uint32_t flags) {
  auto s = find_socket(p, h);
  if (!s) return 0;
  constexpr uint32_t TF_WRITE_BEHIND = 4, TF_USE_DEFAULT_WORKER = 0, TF_USE_KERNEL_APC = 0x20;
  // TF_DISCONNECT, TF_REUSE_SOCKET and the worker choices other than the default: not provided.
  if (flags & ~(TF_WRITE_BEHIND | TF_USE_DEFAULT_WORKER | TF_USE_KERNEL_APC)) return wsa_fail(p, WSAEINVAL), 0;
  if (s->type != SOCK_STREAM) return wsa_fail(p, WSAENOTCONN), 0;
  if (s->shut_send) return wsa_fail(p, WSAESHUTDOWN), 0;
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
  if (buffers && !append(p.get_ptr(buffers.addr), get<uint32_t>(buffers.addr + ptr))) return wsa_fail(p, WSAEFAULT), 0;
  if (file) {
    const int fd = p.fd_for_handle(file.addr);
    if (fd < 0) return wsa_fail(p, WSAEINVAL), 0;
    int64_t offset = -1;
    if (ov) offset = static_cast<int64_t>(get<uint32_t>(ov.addr + 2 * ptr) | uint64_t{get<uint32_t>(ov.addr + 2 * ptr + 4)} << 32);
    char chunk[65536];
    for (uint64_t left = count ? count : UINT64_MAX; left;) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(left, sizeof chunk));
      ssize_t n = blocking(p, [&] { return offset >= 0 ? ::pread(fd, chunk, want, offset) : ::read(fd, chunk, want); });
      if (n < 0) return wsa_fail_errno(p), 0;
      if (n == 0) break;
      data.insert(data.end(), chunk, chunk + n);
      if (offset >= 0) offset += n;
      left -= static_cast<uint64_t>(n);
    }
  }
  if (buffers && !append(p.get_ptr(buffers.addr + 2 * ptr), get<uint32_t>(buffers.addr + 3 * ptr))) return wsa_fail(p, WSAEFAULT), 0;
  if (!ov) {
    size_t done = 0;
    while (done < data.size()) {
      const int fd = s->fd;
      ssize_t n = socket_call(p, s, [&] { return ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL); });
      if (n < 0) return wsa_fail_errno(p), 0;
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
  return start_operation(p, op, 0) == 0;
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
  if (routine) return wsa_fail(p, WSAEOPNOTSUPP);
  uint32_t out_bytes = 0;
  switch (code) {
    case SIO_GET_EXTENSION_FUNCTION_POINTER: {
      if (!in || in_len < sizeof(Guid) || !out || out_len < p.isa->ptr) return wsa_fail(p, WSAEFAULT);
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
      else if (g == WSAID_WSARECVMSG) name = "WSARecvMsg", e = &kWsaRecvMsgExport;
      else if (g == WSAID_WSASENDMSG) name = "WSASendMsg";
      else return wsa_fail(p, WSAEINVAL);
      p.put_ptr(out.addr, p.export_thunk(&kMswsock, "mswsock.dll", name, e));
      out_bytes = p.isa->ptr;
      break;
    }
    case SIO_KEEPALIVE_VALS: {
      // tcp_keepalive: onoff, keepalivetime and keepaliveinterval in milliseconds.
      if (!in || in_len < 12) return wsa_fail(p, WSAEFAULT);
      const int on = get<uint32_t>(in.addr) != 0;
      const int idle = static_cast<int>(std::max<uint32_t>(1, (get<uint32_t>(in.addr + 4) + 999) / 1000));
      const int interval = static_cast<int>(std::max<uint32_t>(1, (get<uint32_t>(in.addr + 8) + 999) / 1000));
      if (::setsockopt(s->fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on) != 0) return wsa_fail_errno(p);
      if (on && (::setsockopt(s->fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle) != 0 ||
                 ::setsockopt(s->fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval) != 0))
        return wsa_fail_errno(p);
      break;
    }
    case SIO_UDP_CONNRESET:
    case SIO_UDP_NETRESET:
      // Linux reports no ICMP errors on an unconnected UDP socket: what FALSE asks for.
      if (!in || in_len < 4) return wsa_fail(p, WSAEFAULT);
      if (get<uint32_t>(in.addr) != 0) return wsa_fail(p, WSAEOPNOTSUPP);
      break;
    case FIONBIO_: {
      if (!in || in_len < 4) return wsa_fail(p, WSAEFAULT);
      const bool on = get<uint32_t>(in.addr) != 0;
      if (!on && s->event_select) return wsa_fail(p, WSAEINVAL);
      const int fl = ::fcntl(s->fd, F_GETFL);
      if (fl < 0 || ::fcntl(s->fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK) != 0) return wsa_fail_errno(p);
      s->nonblocking = on;
      break;
    }
    case FIONREAD_: {
      if (!out || out_len < 4) return wsa_fail(p, WSAEFAULT);
      int n = 0;
      if (!s->listening && ::ioctl(s->fd, FIONREAD, &n) != 0) return wsa_fail_errno(p);
      put<uint32_t>(out.addr, static_cast<uint32_t>(n));
      out_bytes = 4;
      break;
    }
    default:
      return wsa_fail(p, WSAEOPNOTSUPP);
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
        kWsaRecvMsgExport,
    },
};

}  // namespace polyrun::shims
