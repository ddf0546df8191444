// IPHLPAPI.dll, ICMP echo (ping): IcmpCreateFile and IcmpCloseHandle, IcmpSendEcho, IcmpSendEcho2
// and IcmpSendEcho2Ex (from a given source address), IcmpParseReplies. A request goes out on a
// Linux ping socket (SOCK_DGRAM, IPPROTO_ICMP: for the users net.ipv4.ping_group_range admits), else
// on a raw ICMP socket (where the process may open one); where the host allows neither, nothing can
// be sent and the request fails with IP_GENERAL_FAILURE, what Windows reports when it cannot send
// an echo request ("General failure."). The reply buffer holds an ICMP_ECHO_REPLY (ICMP_ECHO_REPLY32
// for a 32-bit program), the IP options the reply carried after it (rounded to 4 bytes), then the
// data echoed (none when the buffer has room for the reply alone); an ICMP error answering the request (destination unreachable, time exceeded …) is a
// reply with that status and no data, a request unanswered within the timeout IP_REQ_TIMED_OUT:
// in both cases no reply is counted and the status is the last error. For IcmpSendEcho2(Ex) with
// an event or an APC routine the request is complete when the call returns ERROR_IO_PENDING: the
// event is set, or the routine queued to the calling thread (run at its next alertable wait) with
// its context and an IO_STATUS_BLOCK, as Windows reports a completed request; the caller then
// reads the replies with IcmpParseReplies. IPv6's Icmp6CreateFile, Icmp6SendEcho2 and
// Icmp6ParseReplies do the same over ICMPv6 sockets, with ICMPV6_ECHO_REPLY (the replying address
// as IPV6_ADDRESS_EX, the status and the round trip: 36 bytes) followed by the data echoed; an
// Icmp6CreateFile handle is closed by IcmpCloseHandle as the IPv4 one is.
#include <errno.h>
#include <time.h>
#include <linux/errqueue.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_process.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace icmp_echo {
namespace {

// IP_STATUS values (ipexport.h).
constexpr uint32_t IP_SUCCESS = 0, IP_BUF_TOO_SMALL = 11001, IP_DEST_NET_UNREACHABLE = 11002,
                   IP_DEST_HOST_UNREACHABLE = 11003, IP_DEST_PROT_UNREACHABLE = 11004,
                   IP_DEST_PORT_UNREACHABLE = 11005, IP_NO_RESOURCES = 11006, IP_PACKET_TOO_BIG = 11009,
                   IP_REQ_TIMED_OUT = 11010, IP_BAD_ROUTE = 11012, IP_TTL_EXPIRED_TRANSIT = 11013,
                   IP_TTL_EXPIRED_REASSEM = 11014, IP_PARAM_PROBLEM = 11015, IP_SOURCE_QUENCH = 11016,
                   IP_GENERAL_FAILURE = 11050;
constexpr uint8_t IP_FLAG_DF = 0x2;

// The handles IcmpCreateFile gave (a heap block each, so that they are distinct guest addresses).
struct Handles {
  std::mutex m;
  std::map<uint64_t, bool> open;
};
Handles& handles() {
  static Handles h;
  return h;
}

bool is_open(uint64_t h) {
  std::lock_guard<std::mutex> g(handles().m);
  return handles().open.count(h) != 0;
}

Ptr IcmpCreateFile(WindowsProcess& p) {
  const uint64_t h = p.heap.alloc(16, true);
  if (!h) return p.set_last_error(IP_NO_RESOURCES), Ptr(p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  std::lock_guard<std::mutex> g(handles().m);
  handles().open[h] = true;
  return Ptr(h);
}

BOOL IcmpCloseHandle(WindowsProcess& p, Ptr handle) {
  {
    std::lock_guard<std::mutex> g(handles().m);
    if (!handles().open.erase(handle.addr)) return fail(p, ERROR_INVALID_HANDLE);
  }
  p.heap.free(handle.addr);
  return TRUE;
}

// ICMP_ECHO_REPLY's layout for the program's width: its size, where Data and Options' pointer lie.
struct Layout {
  uint32_t size, data_ptr, options, options_ptr;
};
Layout layout(WindowsProcess& p) { return p.isa->ptr == 4 ? Layout{28, 16, 20, 24} : Layout{40, 16, 24, 32}; }

// A reply without data: the status and, for an ICMP error, the address that sent it.
void put_status(WindowsProcess& p, uint64_t reply, uint32_t status, uint32_t from) {
  const Layout l = layout(p);
  std::vector<uint8_t> zero(l.size, 0);
  copy_guest(guest_pointer(reply), zero.data(), zero.size(), reply, true);
  put<uint32_t>(reply, from);
  put<uint32_t>(reply + 4, status);
}

uint16_t checksum(const uint8_t* b, size_t n) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < n; i += 2) sum += static_cast<uint32_t>(b[i] | (b[i + 1] << 8));
  if (n & 1) sum += b[n - 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

uint32_t status_of_icmp_error(uint8_t type, uint8_t code) {
  static const uint32_t unreachable[] = {IP_DEST_NET_UNREACHABLE,  IP_DEST_HOST_UNREACHABLE, IP_DEST_PROT_UNREACHABLE,
                                         IP_DEST_PORT_UNREACHABLE, IP_PACKET_TOO_BIG,        IP_BAD_ROUTE,
                                         IP_DEST_NET_UNREACHABLE,  IP_DEST_HOST_UNREACHABLE, IP_DEST_HOST_UNREACHABLE,
                                         IP_DEST_NET_UNREACHABLE,  IP_DEST_HOST_UNREACHABLE, IP_DEST_NET_UNREACHABLE,
                                         IP_DEST_HOST_UNREACHABLE};
  switch (type) {
    case 3: return code < sizeof unreachable / sizeof *unreachable ? unreachable[code] : IP_DEST_HOST_UNREACHABLE;
    case 11: return code == 1 ? IP_TTL_EXPIRED_REASSEM : IP_TTL_EXPIRED_TRANSIT;
    case 12: return IP_PARAM_PROBLEM;
    case 4: return IP_SOURCE_QUENCH;
    default: return IP_GENERAL_FAILURE;
  }
}

uint64_t now_ms() {
  timespec t{};
  ::clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<uint64_t>(t.tv_sec) * 1000 + static_cast<uint64_t>(t.tv_nsec) / 1000000;
}

// One echo request and its answer, written to the reply buffer: the number of replies (0 or 1);
// the status of a failure in *status.
uint32_t echo(WindowsProcess& p, uint32_t src, uint32_t dst, const std::vector<uint8_t>& data, Ptr opts, uint64_t reply,
              uint32_t reply_size, uint32_t timeout, uint32_t* status) {
  const Layout l = layout(p);
  auto failed = [&](uint32_t s, uint32_t from) {
    put_status(p, reply, s, from);
    *status = s;
    return 0u;
  };
  bool raw = false;
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMP);
  if (fd < 0) {
    fd = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
    raw = true;
  }
  if (fd < 0) return failed(IP_GENERAL_FAILURE, 0);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  const int one = 1;
  if (!raw) {
    ::setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof one);
    ::setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &one, sizeof one);
    ::setsockopt(fd, IPPROTO_IP, IP_RECVTOS, &one, sizeof one);
  }
  if (opts) {  // IP_OPTION_INFORMATION: Ttl, Tos, Flags, OptionsSize, OptionsData
    const int ttl = get<uint8_t>(opts.addr), tos = get<uint8_t>(opts.addr + 1);
    if (ttl) ::setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
    ::setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
    if (get<uint8_t>(opts.addr + 2) & IP_FLAG_DF) {
      const int pmtu = IP_PMTUDISC_DO;
      ::setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof pmtu);
    }
    const uint8_t n = get<uint8_t>(opts.addr + 3);
    const uint64_t at = p.get_ptr(opts.addr + (p.isa->ptr == 4 ? 4 : 8));
    if (n && at) {
      std::vector<uint8_t> o(n);
      copy_guest(o.data(), guest_pointer(at), n, at, false);
      ::setsockopt(fd, IPPROTO_IP, IP_OPTIONS, o.data(), n);
    }
  }
  if (src) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = src;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) return failed(IP_BAD_ROUTE, 0);
  }
  static std::atomic<uint16_t> sequence{1};
  const uint16_t seq = sequence++, id = static_cast<uint16_t>(::getpid());
  std::vector<uint8_t> packet(8 + data.size());
  packet[0] = 8;  // echo request
  std::memcpy(&packet[4], &id, 2);
  std::memcpy(&packet[6], &seq, 2);
  std::memcpy(packet.data() + 8, data.data(), data.size());
  const uint16_t sum = checksum(packet.data(), packet.size());
  std::memcpy(&packet[2], &sum, 2);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = dst;
  const uint64_t start = now_ms();
  if (::sendto(fd, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0)
    return failed(errno == EHOSTUNREACH || errno == ENETUNREACH ? IP_DEST_HOST_UNREACHABLE : IP_GENERAL_FAILURE, 0);

  std::vector<uint8_t> buf(65536);
  for (;;) {
    const uint64_t elapsed = now_ms() - start;
    if (elapsed >= timeout) return failed(IP_REQ_TIMED_OUT, 0);
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(timeout - elapsed)) <= 0) continue;
    char control[512];
    sockaddr_in from{};
    iovec iov{buf.data(), buf.size()};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    if (pfd.revents & POLLERR) {  // a ping socket's ICMP error, from its error queue
      if (::recvmsg(fd, &msg, MSG_ERRQUEUE) < 0) continue;
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR) {
          const auto* e = reinterpret_cast<const sock_extended_err*>(CMSG_DATA(c));
          if (e->ee_origin != SO_EE_ORIGIN_ICMP) continue;
          const auto* offender = reinterpret_cast<const sockaddr_in*>(SO_EE_OFFENDER(e));
          return failed(status_of_icmp_error(e->ee_type, e->ee_code), offender->sin_addr.s_addr);
        }
      continue;
    }
    const ssize_t got = ::recvmsg(fd, &msg, 0);
    if (got < 0) continue;
    const uint8_t* icmp = buf.data();
    size_t size = static_cast<size_t>(got);
    uint8_t ttl = 0, tos = 0, flags = 0;
    std::vector<uint8_t> ip_options;
    if (raw) {  // the IP header first
      if (size < 20 || (buf[0] >> 4) != 4) continue;
      const size_t header = (buf[0] & 0xf) * 4u;
      if (size < header + 8) continue;
      tos = buf[1], ttl = buf[8], flags = static_cast<uint8_t>(buf[6] >> 5);
      ip_options.assign(buf.begin() + 20, buf.begin() + static_cast<ptrdiff_t>(header));
      icmp += header;
      size -= header;
    } else {
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != IPPROTO_IP) continue;
        if (c->cmsg_type == IP_TTL) ttl = static_cast<uint8_t>(*reinterpret_cast<const int*>(CMSG_DATA(c)));
        if (c->cmsg_type == IP_TOS) tos = *CMSG_DATA(c);
      }
    }
    if (size < 8) continue;
    uint16_t rid, rseq;
    std::memcpy(&rid, icmp + 4, 2);
    std::memcpy(&rseq, icmp + 6, 2);
    if (icmp[0] == 0) {  // echo reply: ours by its sequence (and, on a raw socket, its id)
      if (rseq != seq || (raw && rid != id)) continue;
    } else if (raw && (icmp[0] == 3 || icmp[0] == 11 || icmp[0] == 12 || icmp[0] == 4)) {
      // an error quoting our request: its IP header, then our ICMP header
      if (size < 8 + 20) continue;
      const size_t quoted = (icmp[8] & 0xf) * 4u;
      if (size < 8 + quoted + 8 || icmp[8 + quoted] != 8) continue;
      uint16_t qid, qseq;
      std::memcpy(&qid, icmp + 8 + quoted + 4, 2);
      std::memcpy(&qseq, icmp + 8 + quoted + 6, 2);
      if (qid != id || qseq != seq) continue;
      return failed(status_of_icmp_error(icmp[0], icmp[1]), from.sin_addr.s_addr);
    } else {
      continue;
    }
    uint32_t echoed = static_cast<uint32_t>(size - 8);
    const uint32_t options = static_cast<uint32_t>((ip_options.size() + 3) & ~size_t{3});
    // A buffer with room for the reply alone takes it without the data; one whose room cuts the
    // data short, none (as wine 8.0 answers).
    const uint32_t room = reply_size > l.size + options ? reply_size - l.size - options : 0;
    if (room == 0) echoed = 0;
    else if (echoed > room) return failed(IP_GENERAL_FAILURE, 0);
    const uint32_t rtt = static_cast<uint32_t>(now_ms() - start);
    put_status(p, reply, IP_SUCCESS, from.sin_addr.s_addr);
    put<uint32_t>(reply + 8, rtt);
    put<uint16_t>(reply + 12, static_cast<uint16_t>(echoed));
    put<uint16_t>(reply + 14, 1);  // (the count of replies, which IcmpParseReplies reads and clears)
    p.put_ptr(reply + l.data_ptr, reply + l.size + options);
    put<uint8_t>(reply + l.options, ttl);
    put<uint8_t>(reply + l.options + 1, tos);
    put<uint8_t>(reply + l.options + 2, flags);
    put<uint8_t>(reply + l.options + 3, static_cast<uint8_t>(ip_options.size()));
    p.put_ptr(reply + l.options_ptr, ip_options.empty() ? 0 : reply + l.size);
    std::vector<uint8_t> tail(options, 0);
    std::memcpy(tail.data(), ip_options.data(), ip_options.size());
    if (options) copy_guest(guest_pointer(reply + l.size), tail.data(), options, reply + l.size, true);
    if (echoed) copy_guest(guest_pointer(reply + l.size + options), icmp + 8, echoed, reply + l.size + options, true);
    *status = IP_SUCCESS;
    return 1;
  }
}

// IcmpParseReplies(reply, size): the number of replies the buffer holds (the count a completed
// request left in the first reply's Reserved field, cleared); none: the status as the last error.
uint32_t IcmpParseReplies(WindowsProcess& p, Ptr reply, uint32_t) {
  if (!reply) return 0;
  const uint16_t n = get<uint16_t>(reply.addr + 14);
  put<uint16_t>(reply.addr + 14, 0);
  if (!n) p.set_last_error(get<uint32_t>(reply.addr + 4));
  return n;
}

// A request made with an event or an APC routine is complete when the call returns
// ERROR_IO_PENDING, reported as Windows reports a completed request: the event set, or the routine
// queued to the calling thread with its context and an IO_STATUS_BLOCK (Status, Information).
uint32_t complete_request(WindowsProcess& p, Ptr event, Ptr apc, Ptr apc_context) {
  if (event) {
    if (Waitable* e = waitable_of_kind(p, event.addr, Waitable::Kind::Event)) set_waitable_level(p, *e, 1);
  } else {
    const uint64_t iosb = p.heap.alloc(2 * p.isa->ptr, true);
    if (iosb) put<uint32_t>(iosb, 0);
    queue_apc(p, p.thread(), apc.addr, {apc_context.addr, iosb, 0});
  }
  return fail(p, ERROR_IO_PENDING);
}

uint32_t send_echo(WindowsProcess& p, Ptr handle, Ptr event, Ptr apc, Ptr apc_context, uint32_t src, uint32_t dst,
                   Ptr request, uint16_t request_size, Ptr opts, Ptr reply, uint32_t reply_size, uint32_t timeout) {
  if (!is_open(handle.addr) || !reply) return fail(p, ERROR_INVALID_PARAMETER);
  // The reply buffer holds a reply, its data and an ICMP error's 8 bytes (IcmpSendEcho's page).
  if (reply_size < layout(p).size) return fail(p, IP_BUF_TOO_SMALL);
  std::vector<uint8_t> data(request_size);
  if (request_size) copy_guest(data.data(), guest_pointer(request.addr), request_size, request.addr, false);
  uint32_t status = IP_SUCCESS;
  echo(p, src, dst, data, opts, reply.addr, reply_size, timeout, &status);
  if (event || apc) return complete_request(p, event, apc, apc_context);
  return IcmpParseReplies(p, reply, reply_size);
}

uint32_t IcmpSendEcho(WindowsProcess& p, Ptr handle, uint32_t dst, Ptr request, uint16_t request_size, Ptr opts,
                      Ptr reply, uint32_t reply_size, uint32_t timeout) {
  return send_echo(p, handle, Ptr(0), Ptr(0), Ptr(0), 0, dst, request, request_size, opts, reply, reply_size, timeout);
}

uint32_t IcmpSendEcho2(WindowsProcess& p, Ptr handle, Ptr event, Ptr apc, Ptr apc_context, uint32_t dst, Ptr request,
                       uint16_t request_size, Ptr opts, Ptr reply, uint32_t reply_size, uint32_t timeout) {
  return send_echo(p, handle, event, apc, apc_context, 0, dst, request, request_size, opts, reply, reply_size, timeout);
}

uint32_t IcmpSendEcho2Ex(WindowsProcess& p, Ptr handle, Ptr event, Ptr apc, Ptr apc_context, uint32_t src, uint32_t dst,
                         Ptr request, uint16_t request_size, Ptr opts, Ptr reply, uint32_t reply_size, uint32_t timeout) {
  return send_echo(p, handle, event, apc, apc_context, src, dst, request, request_size, opts, reply, reply_size, timeout);
}

// ---- ICMPv6 ----

constexpr uint32_t kIcmp6ReplySize = 36;  // ICMPV6_ECHO_REPLY: IPV6_ADDRESS_EX (26, packed), Status, RoundTripTime

uint32_t status_of_icmp6_error(uint8_t type, uint8_t code) {
  switch (type) {
    case 1:  // destination unreachable: no route, prohibited, beyond scope, address, port …
      switch (code) {
        case 0: return IP_DEST_NET_UNREACHABLE;   // (IP_DEST_NO_ROUTE)
        case 1: return IP_DEST_PROT_UNREACHABLE;  // (IP_DEST_PROHIBITED)
        case 3: return IP_DEST_HOST_UNREACHABLE;  // (IP_DEST_ADDR_UNREACHABLE)
        case 4: return IP_DEST_PORT_UNREACHABLE;
        default: return IP_DEST_HOST_UNREACHABLE;
      }
    case 2: return IP_PACKET_TOO_BIG;
    case 3: return code == 1 ? IP_TTL_EXPIRED_REASSEM : IP_TTL_EXPIRED_TRANSIT;  // (IP_HOP_LIMIT_EXCEEDED)
    case 4: return IP_PARAM_PROBLEM;
    default: return IP_GENERAL_FAILURE;
  }
}

// The reply's IPV6_ADDRESS_EX (sin6_port, sin6_flowinfo, sin6_addr, sin6_scope_id, packed), status
// and round trip.
void put_reply6(uint64_t reply, const sockaddr_in6* from, uint32_t status, uint32_t rtt) {
  std::vector<uint8_t> zero(kIcmp6ReplySize, 0);
  copy_guest(guest_pointer(reply), zero.data(), zero.size(), reply, true);
  if (from) {
    put<uint32_t>(reply + 2, from->sin6_flowinfo);
    copy_guest(guest_pointer(reply + 6), &from->sin6_addr, 16, reply + 6, true);
    put<uint32_t>(reply + 22, from->sin6_scope_id);
  }
  put<uint32_t>(reply + 28, status);
  put<uint32_t>(reply + 32, rtt);
}

// One ICMPv6 echo request and its answer: the number of replies (0 or 1).
uint32_t echo6(WindowsProcess& p, const sockaddr_in6* src, const sockaddr_in6& dst, const std::vector<uint8_t>& data,
               Ptr opts, uint64_t reply, uint32_t reply_size, uint32_t timeout, uint32_t* status) {
  auto failed = [&](uint32_t s, const sockaddr_in6* from) {
    put_reply6(reply, from, s, 0);
    *status = s;
    return 0u;
  };
  bool raw = false;
  int fd = ::socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMPV6);
  if (fd < 0) {
    fd = ::socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMPV6);
    raw = true;
  }
  if (fd < 0) return failed(IP_GENERAL_FAILURE, nullptr);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  const int one = 1;
  ::setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof one);
  if (raw) {  // only echo replies and the errors that may answer a request
    icmp6_filter filter;
    ICMP6_FILTER_SETBLOCKALL(&filter);
    for (int t : {ICMP6_ECHO_REPLY, ICMP6_DST_UNREACH, ICMP6_PACKET_TOO_BIG, ICMP6_TIME_EXCEEDED, ICMP6_PARAM_PROB})
      ICMP6_FILTER_SETPASS(t, &filter);
    ::setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter);
  }
  if (opts) {  // IP_OPTION_INFORMATION: Ttl is the hop limit
    const int hops = get<uint8_t>(opts.addr);
    if (hops) ::setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops);
  }
  if (src && !IN6_IS_ADDR_UNSPECIFIED(&src->sin6_addr)) {
    if (::bind(fd, reinterpret_cast<const sockaddr*>(src), sizeof *src) != 0) return failed(IP_BAD_ROUTE, nullptr);
  }
  static std::atomic<uint16_t> sequence{1};
  const uint16_t seq = sequence++, id = static_cast<uint16_t>(::getpid());
  std::vector<uint8_t> packet(8 + data.size());
  packet[0] = ICMP6_ECHO_REQUEST;  // the kernel computes ICMPv6's checksum
  std::memcpy(&packet[4], &id, 2);
  std::memcpy(&packet[6], &seq, 2);
  std::memcpy(packet.data() + 8, data.data(), data.size());
  const uint64_t start = now_ms();
  if (::sendto(fd, packet.data(), packet.size(), 0, reinterpret_cast<const sockaddr*>(&dst), sizeof dst) < 0)
    return failed(errno == EHOSTUNREACH || errno == ENETUNREACH ? IP_DEST_NET_UNREACHABLE : IP_GENERAL_FAILURE, nullptr);

  std::vector<uint8_t> buf(65536);
  for (;;) {
    const uint64_t elapsed = now_ms() - start;
    if (elapsed >= timeout) return failed(IP_REQ_TIMED_OUT, nullptr);
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(timeout - elapsed)) <= 0) continue;
    char control[512];
    sockaddr_in6 from{};
    iovec iov{buf.data(), buf.size()};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    if (pfd.revents & POLLERR) {  // an ICMPv6 error, from the socket's error queue
      if (::recvmsg(fd, &msg, MSG_ERRQUEUE) < 0) continue;
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR) {
          const auto* e = reinterpret_cast<const sock_extended_err*>(CMSG_DATA(c));
          if (e->ee_origin != SO_EE_ORIGIN_ICMP6) continue;
          return failed(status_of_icmp6_error(e->ee_type, e->ee_code),
                        reinterpret_cast<const sockaddr_in6*>(SO_EE_OFFENDER(e)));
        }
      continue;
    }
    const ssize_t got = ::recvmsg(fd, &msg, 0);
    if (got < 8) continue;
    const uint8_t* icmp = buf.data();
    uint16_t rid, rseq;
    std::memcpy(&rid, icmp + 4, 2);
    std::memcpy(&rseq, icmp + 6, 2);
    if (icmp[0] == ICMP6_ECHO_REPLY) {
      if (rseq != seq || (raw && rid != id)) continue;
    } else if (raw && icmp[0] < 128) {  // an error quoting our request: its IPv6 header (40), our header
      if (got < 8 + 40 + 8 || icmp[8 + 40] != ICMP6_ECHO_REQUEST) continue;
      uint16_t qid, qseq;
      std::memcpy(&qid, icmp + 8 + 40 + 4, 2);
      std::memcpy(&qseq, icmp + 8 + 40 + 6, 2);
      if (qid != id || qseq != seq) continue;
      return failed(status_of_icmp6_error(icmp[0], icmp[1]), &from);
    } else {
      continue;
    }
    const uint32_t echoed = static_cast<uint32_t>(got - 8);
    if (reply_size < kIcmp6ReplySize + echoed) return failed(IP_GENERAL_FAILURE, nullptr);
    put_reply6(reply, &from, IP_SUCCESS, static_cast<uint32_t>(now_ms() - start));
    if (echoed) copy_guest(guest_pointer(reply + kIcmp6ReplySize), icmp + 8, echoed, reply + kIcmp6ReplySize, true);
    *status = IP_SUCCESS;
    return 1;
  }
}

Ptr Icmp6CreateFile(WindowsProcess& p) { return IcmpCreateFile(p); }

// Icmp6ParseReplies(reply, size): 1 for an answer of the target or of a router on the way (its
// status IP_SUCCESS or IP_TTL_EXPIRED_TRANSIT), else 0 with the status as the last error; no buffer
// is ERROR_GEN_FAILURE (its page).
uint32_t Icmp6ParseReplies(WindowsProcess& p, Ptr reply, uint32_t size) {
  if (!reply || !size) return p.set_last_error(ERROR_GEN_FAILURE), 0u;
  const uint32_t status = get<uint32_t>(reply.addr + 28);
  if (status != IP_SUCCESS && status != IP_TTL_EXPIRED_TRANSIT) return p.set_last_error(status), 0u;
  return 1;
}

// A sockaddr_in6 of the program's (its family Windows' AF_INET6, 23).
bool read_sockaddr6(Ptr at, sockaddr_in6& out) {
  if (!at || get<uint16_t>(at.addr) != 23) return false;
  out = sockaddr_in6{};
  out.sin6_family = AF_INET6;
  out.sin6_port = get<uint16_t>(at.addr + 2);
  out.sin6_flowinfo = get<uint32_t>(at.addr + 4);
  copy_guest(&out.sin6_addr, guest_pointer(at.addr + 8), 16, at.addr + 8, false);
  out.sin6_scope_id = get<uint32_t>(at.addr + 24);
  return true;
}

uint32_t Icmp6SendEcho2(WindowsProcess& p, Ptr handle, Ptr event, Ptr apc, Ptr apc_context, Ptr source, Ptr destination,
                        Ptr request, uint16_t request_size, Ptr opts, Ptr reply, uint32_t reply_size, uint32_t timeout) {
  sockaddr_in6 src{}, dst{};
  if (!is_open(handle.addr) || !reply || !read_sockaddr6(destination, dst)) return fail(p, ERROR_INVALID_PARAMETER);
  const bool has_source = read_sockaddr6(source, src);
  if (reply_size < kIcmp6ReplySize + 8) return fail(p, IP_BUF_TOO_SMALL);
  std::vector<uint8_t> data(request_size);
  if (request_size) copy_guest(data.data(), guest_pointer(request.addr), request_size, request.addr, false);
  uint32_t status = IP_SUCCESS;
  echo6(p, has_source ? &src : nullptr, dst, data, opts, reply.addr, reply_size, timeout, &status);
  if (event || apc) return complete_request(p, event, apc, apc_context);
  return Icmp6ParseReplies(p, reply, reply_size);
}

}  // namespace
}  // namespace icmp_echo

const std::vector<Export>& iphlpapi_icmp_exports() {
  static const std::vector<Export> e = {
      EXPORT("IcmpCreateFile", icmp_echo::IcmpCreateFile),
      EXPORT("IcmpCloseHandle", icmp_echo::IcmpCloseHandle),
      EXPORT("IcmpSendEcho", icmp_echo::IcmpSendEcho),
      EXPORT("IcmpSendEcho2", icmp_echo::IcmpSendEcho2),
      EXPORT("IcmpSendEcho2Ex", icmp_echo::IcmpSendEcho2Ex),
      EXPORT("IcmpParseReplies", icmp_echo::IcmpParseReplies),
      EXPORT("Icmp6CreateFile", icmp_echo::Icmp6CreateFile),
      EXPORT("Icmp6SendEcho2", icmp_echo::Icmp6SendEcho2),
      EXPORT("Icmp6ParseReplies", icmp_echo::Icmp6ParseReplies),
  };
  return e;
}

}  // namespace polyrun::shims
