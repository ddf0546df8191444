// WS2_32.dll: messages with control data — WSASendMsg (exported) and WSARecvMsg (handed out by
// WSAIoctl's SIO_GET_EXTENSION_FUNCTION_POINTER, as MSWSOCK's) over the host's sendmsg/recvmsg.
// WSAMSG's buffers, name and flags; its control data in Windows' WSACMSGHDR layout, translated
// both ways for the ancillary data Windows defines: IP_PKTINFO and IPV6_PKTINFO (a datagram's
// destination and interface; on send its source), IP_TTL and IPV6_HOPLIMIT on receive (after
// IP_RECVTTL / IPV6_RECVHOPLIMIT). On an overlapped socket the call is carried out at once and its
// OVERLAPPED completed, as a socket made without WSA_FLAG_OVERLAPPED does.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/ws2_32/io.h"
#include "shims/ws2_32/ws2_32.h"

namespace polyrun::shims {
namespace socket_messages {
namespace {

using namespace winsock;

// Windows' numbers: levels, the ancillary types, MSG_* of dwFlags.
constexpr int32_t kWinIpProto = 0, kWinIpv6Proto = 41;
constexpr int32_t kWinIpTtl = 4, kWinPktinfo = 19, kWinHopLimit = 21;
constexpr uint32_t kWinMsgTrunc = 0x0100, kWinMsgCtrunc = 0x0200, kWinMsgBcast = 0x0400, kWinMsgMcast = 0x0800;

// WSAMSG {name, namelen, lpBuffers, dwBufferCount, Control {len, buf}, dwFlags}: its fields' offsets.
struct MsgLayout {
  unsigned ptr;
  size_t name() const { return 0; }
  size_t namelen() const { return ptr; }
  size_t buffers() const { return 2 * ptr; }
  size_t count() const { return 3 * ptr; }
  size_t control_len() const { return ptr == 8 ? 32 : 16; }
  size_t control_buf() const { return ptr == 8 ? 40 : 20; }
  size_t flags() const { return ptr == 8 ? 48 : 24; }
};

// WSACMSGHDR {SIZE_T cmsg_len; INT cmsg_level; INT cmsg_type}, its data aligned to the pointer size.
size_t align(size_t n, unsigned ptr) { return (n + ptr - 1) & ~size_t{ptr - 1}; }
size_t header_size(unsigned ptr) { return ptr == 8 ? 16 : 12; }

// The host's ancillary data as Windows' control data: false when the buffer was too small (the rest
// is left out, MSG_CTRUNC).
bool to_guest_control(WindowsProcess& p, msghdr& m, uint64_t buf, uint32_t room, uint32_t& used) {
  const unsigned ptr = p.isa->ptr;
  used = 0;
  bool all = true;
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
    int32_t level = -1, type = -1;
    std::vector<uint8_t> data;
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      const auto* i = reinterpret_cast<const in_pktinfo*>(CMSG_DATA(c));
      level = kWinIpProto, type = kWinPktinfo;
      data.resize(8);  // IN_PKTINFO {IN_ADDR ipi_addr; ULONG ipi_ifindex}
      std::memcpy(data.data(), &i->ipi_addr, 4);
      std::memcpy(data.data() + 4, &i->ipi_ifindex, 4);
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      level = kWinIpv6Proto, type = kWinPktinfo;  // IN6_PKTINFO: the same layout as the host's
      data.assign(CMSG_DATA(c), CMSG_DATA(c) + sizeof(in6_pktinfo));
    } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
      level = kWinIpProto, type = kWinIpTtl;
      data.assign(CMSG_DATA(c), CMSG_DATA(c) + 4);
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT) {
      level = kWinIpv6Proto, type = kWinHopLimit;
      data.assign(CMSG_DATA(c), CMSG_DATA(c) + 4);
    } else {
      continue;  // ancillary data Windows has no form for
    }
    const size_t at = align(used, ptr), len = align(header_size(ptr), ptr) + data.size();
    if (at + len > room) {
      all = false;
      break;
    }
    const uint64_t h = buf + at;
    if (ptr == 8) put<uint64_t>(h, len);
    else put<uint32_t>(h, static_cast<uint32_t>(len));
    put<int32_t>(h + ptr, level);
    put<int32_t>(h + ptr + 4, type);
    std::memcpy(guest_pointer(h + align(header_size(ptr), ptr)), data.data(), data.size());
    used = static_cast<uint32_t>(at + len);
  }
  return all && !(m.msg_flags & MSG_CTRUNC);
}

// Windows' control data for a send as the host's: the packet information that chooses the source.
bool to_host_control(WindowsProcess& p, uint64_t buf, uint32_t len, std::vector<uint8_t>& out) {
  const unsigned ptr = p.isa->ptr;
  for (size_t at = 0; at + header_size(ptr) <= len;) {
    const uint64_t h = buf + at;
    const uint64_t clen = ptr == 8 ? get<uint64_t>(h) : get<uint32_t>(h);
    const int32_t level = get<int32_t>(h + ptr), type = get<int32_t>(h + ptr + 4);
    const size_t data_at = align(header_size(ptr), ptr);
    if (clen < data_at || at + clen > len) return false;
    const uint8_t* data = static_cast<const uint8_t*>(guest_pointer(h + data_at));
    const size_t n = clen - data_at;
    if (level == kWinIpProto && type == kWinPktinfo && n >= 8) {
      in_pktinfo i{};
      std::memcpy(&i.ipi_spec_dst, data, 4);
      std::memcpy(&i.ipi_ifindex, data + 4, 4);
      const size_t o = out.size();
      out.resize(o + CMSG_SPACE(sizeof i));
      auto* c = reinterpret_cast<cmsghdr*>(out.data() + o);
      c->cmsg_len = CMSG_LEN(sizeof i), c->cmsg_level = IPPROTO_IP, c->cmsg_type = IP_PKTINFO;
      std::memcpy(CMSG_DATA(c), &i, sizeof i);
    } else if (level == kWinIpv6Proto && type == kWinPktinfo && n >= sizeof(in6_pktinfo)) {
      const size_t o = out.size();
      out.resize(o + CMSG_SPACE(sizeof(in6_pktinfo)));
      auto* c = reinterpret_cast<cmsghdr*>(out.data() + o);
      c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo)), c->cmsg_level = IPPROTO_IPV6, c->cmsg_type = IPV6_PKTINFO;
      std::memcpy(CMSG_DATA(c), data, sizeof(in6_pktinfo));
    } else {
      return false;
    }
    at += align(clen, ptr);
  }
  return true;
}

int32_t WSASendMsg(WindowsProcess& p, USize h, Ptr msg, uint32_t flags, Ptr sent, Ptr ov, Ptr routine) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (routine) return wsa_fail(p, WSAEOPNOTSUPP);  // completion routines are APCs, which polyrun does not queue
  if (!msg) return wsa_fail(p, WSAEFAULT);
  const MsgLayout l{p.isa->ptr};
  const int f = host_msg_flags(static_cast<int32_t>(flags));
  if (f < 0) return wsa_fail(p, WSAEOPNOTSUPP);
  if (s->shut_send) return wsa_fail(p, WSAESHUTDOWN);
  std::vector<iovec> iov;
  if (!guest_buffers(p, p.get_ptr(msg.addr + l.buffers()), get<uint32_t>(msg.addr + l.count()), false, iov))
    return SOCKET_ERROR;
  sockaddr_storage a{};
  uint32_t alen = 0;
  const uint64_t name = p.get_ptr(msg.addr + l.name());
  if (name && s->type != SOCK_STREAM) {
    if (!to_host_sockaddr(p, name, get<int32_t>(msg.addr + l.namelen()), a, alen)) return SOCKET_ERROR;
    if (a.ss_family != s->family) return wsa_fail(p, WSAEAFNOSUPPORT);
  }
  std::vector<uint8_t> control;
  const uint32_t control_len = get<uint32_t>(msg.addr + l.control_len());
  if (control_len && !to_host_control(p, p.get_ptr(msg.addr + l.control_buf()), control_len, control))
    return wsa_fail(p, WSAEINVAL);
  msghdr m{};
  m.msg_name = alen ? &a : nullptr;
  m.msg_namelen = alen;
  m.msg_iov = iov.data();
  m.msg_iovlen = iov.size();
  m.msg_control = control.empty() ? nullptr : control.data();
  m.msg_controllen = control.size();
  const int fd = s->fd;
  const ssize_t n = socket_call(p, s, [&] { return ::sendmsg(fd, &m, f | MSG_NOSIGNAL); });
  if (n < 0 && errno == EAGAIN && s->event_select) reenable_network_event(p, fd, FD_WRITE);
  if (n < 0) return errno == ENOTCONN || errno == EDESTADDRREQ ? wsa_fail(p, WSAENOTCONN) : wsa_fail_errno(p);
  if (sent) put<uint32_t>(sent.addr, static_cast<uint32_t>(n));
  report_at_once(p, h, ov.addr, STATUS_SUCCESS, static_cast<uint64_t>(n));
  p.set_last_error(0);
  return 0;
}

int32_t WSARecvMsg(WindowsProcess& p, USize h, Ptr msg, Ptr received, Ptr ov, Ptr routine) {
  auto s = find_socket(p, h);
  if (!s) return SOCKET_ERROR;
  if (routine) return wsa_fail(p, WSAEOPNOTSUPP);
  if (!msg) return wsa_fail(p, WSAEFAULT);
  if (s->type == SOCK_STREAM) {  // datagram and raw sockets only (an unconnected stream: WSAENOTCONN first)
    sockaddr_storage peer{};
    socklen_t peer_len = sizeof peer;
    return wsa_fail(p, ::getpeername(s->fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) == 0 ? WSAEINVAL : WSAENOTCONN);
  }
  const MsgLayout l{p.isa->ptr};
  const int f = host_msg_flags(static_cast<int32_t>(get<uint32_t>(msg.addr + l.flags())));
  if (f < 0) return wsa_fail(p, WSAEOPNOTSUPP);
  std::vector<iovec> iov;
  if (!guest_buffers(p, p.get_ptr(msg.addr + l.buffers()), get<uint32_t>(msg.addr + l.count()), true, iov))
    return SOCKET_ERROR;
  sockaddr_storage a{};
  std::vector<uint8_t> control(4096);
  msghdr m{};
  m.msg_name = &a;
  m.msg_namelen = sizeof a;
  m.msg_iov = iov.data();
  m.msg_iovlen = iov.size();
  m.msg_control = control.data();
  m.msg_controllen = control.size();
  const int fd = s->fd;
  const ssize_t n = socket_call(p, s, [&] { return ::recvmsg(fd, &m, f); });
  if (s->event_select) reenable_network_event(p, fd, FD_READ);
  if (n < 0) return wsa_fail_errno(p);
  const uint64_t name = p.get_ptr(msg.addr + l.name());
  if (name && m.msg_namelen)
    to_guest_sockaddr(p, reinterpret_cast<sockaddr*>(&a), m.msg_namelen, name, msg.addr + l.namelen());
  uint32_t out_flags = 0;
  uint32_t used = 0;
  const uint64_t control_buf = p.get_ptr(msg.addr + l.control_buf());
  const uint32_t control_room = control_buf ? get<uint32_t>(msg.addr + l.control_len()) : 0;
  if (!to_guest_control(p, m, control_buf, control_room, used)) out_flags |= kWinMsgCtrunc;
  put<uint32_t>(msg.addr + l.control_len(), used);
  if (m.msg_flags & MSG_TRUNC) out_flags |= kWinMsgTrunc;
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      const auto* i = reinterpret_cast<const in_pktinfo*>(CMSG_DATA(c));
      const uint32_t dst = ntohl(i->ipi_addr.s_addr);
      if (dst == 0xffffffffu) out_flags |= kWinMsgBcast;
      else if ((dst >> 28) == 0xe) out_flags |= kWinMsgMcast;
    }
  put<uint32_t>(msg.addr + l.flags(), out_flags);
  if (received) put<uint32_t>(received.addr, static_cast<uint32_t>(n));
  // A datagram or its control data cut short: WSAEMSGSIZE, with MSG_TRUNC or MSG_CTRUNC saying which.
  const bool cut = (m.msg_flags & MSG_TRUNC) || (out_flags & kWinMsgCtrunc);
  report_at_once(p, h, ov.addr, cut ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS, static_cast<uint64_t>(n));
  if (cut) return wsa_fail(p, WSAEMSGSIZE);
  p.set_last_error(0);
  return 0;
}

}  // namespace
}  // namespace socket_messages

const Export kWsaRecvMsgExport = EXPORT("WSARecvMsg", socket_messages::WSARecvMsg);

const std::vector<Export>& ws2_32_message_exports() {
  static const std::vector<Export> exports = {
      EXPORT("WSASendMsg", socket_messages::WSASendMsg),
  };
  return exports;
}

}  // namespace polyrun::shims
