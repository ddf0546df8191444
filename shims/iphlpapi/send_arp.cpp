// IPHLPAPI.dll, SendARP: the physical address of an IPv4 neighbour on a link of this machine. The
// kernel's neighbour table answers (RTM_GETNEIGH); a neighbour not in it is resolved by the kernel
// itself, which sends the ARP request when a datagram is sent toward the address (an empty UDP
// datagram to the discard port): the table is then read again for up to three seconds, Windows'
// time for an ARP reply. A destination that is not on a link of this machine (the kernel's route to
// it goes through a gateway, or is local or the loopback's), or that no reply resolves, is
// ERROR_BAD_NET_NAME, as Windows Vista and later answer; a source address that is neither 0 nor
// one of this machine's ERROR_NOT_FOUND; a length under the 6 bytes of an Ethernet address
// ERROR_BUFFER_OVERFLOW (SendARP's page).
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_threads.h"
#include "shims/iphlpapi/host_interfaces.h"

namespace polyrun::shims {

namespace iphlpapi_arp {

using namespace iphlpapi_host;

constexpr uint32_t kErrorBadNetName = 67, kErrorBufferOverflow = 111, kErrorNotFound = 1168;

// The link-layer address of `dst` (network order) in the neighbour table on interface `oif`, if the
// kernel has one for it (a resolved entry: not incomplete or failed).
bool neighbour(uint32_t dst, unsigned oif, std::vector<uint8_t>& mac) {
  struct {
    nlmsghdr h;
    ndmsg m;
  } req{};
  req.h.nlmsg_len = sizeof req;
  req.h.nlmsg_type = RTM_GETNEIGH;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.m.ndm_family = AF_INET;
  std::vector<std::vector<uint8_t>> answers;
  if (!netlink_query(req.h, answers)) return false;
  for (const auto& msg : answers) {
    const auto* h = reinterpret_cast<const nlmsghdr*>(msg.data());
    if (h->nlmsg_type != RTM_NEWNEIGH) continue;
    const auto* m = static_cast<const ndmsg*>(NLMSG_DATA(h));
    if (m->ndm_family != AF_INET || (oif && static_cast<unsigned>(m->ndm_ifindex) != oif)) continue;
    if (m->ndm_state & (NUD_INCOMPLETE | NUD_FAILED | NUD_NONE)) continue;
    auto a = attributes(reinterpret_cast<const rtattr*>(reinterpret_cast<const char*>(m) + NLMSG_ALIGN(sizeof(ndmsg))),
                        h->nlmsg_len - NLMSG_LENGTH(sizeof(ndmsg)));
    if (a[NDA_DST].size() != 4 || std::memcmp(a[NDA_DST].data(), &dst, 4) != 0) continue;
    if (a[NDA_LLADDR].empty()) continue;
    mac = a[NDA_LLADDR];
    return true;
  }
  return false;
}

bool local_address(uint32_t addr) {
  for (const Interface& i : interfaces(0))
    for (const Address& ad : i.addresses)
      if (ad.addr.ss_family == AF_INET && std::memcmp(address_bytes(ad.addr), &addr, 4) == 0) return true;
  return false;
}

uint64_t now_ms() {
  timespec t{};
  ::clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<uint64_t>(t.tv_sec) * 1000 + static_cast<uint64_t>(t.tv_nsec) / 1000000;
}

uint32_t SendARP(WindowsProcess& p, uint32_t dest, uint32_t src, Ptr mac_out, Ptr length) {
  if (!mac_out || !length) return ERROR_INVALID_PARAMETER;
  if (get<uint32_t>(length.addr) < 6) return kErrorBufferOverflow;
  if (src && !local_address(src)) return kErrorNotFound;
  sockaddr_storage to{}, from{};
  reinterpret_cast<sockaddr_in&>(to).sin_family = AF_INET;
  reinterpret_cast<sockaddr_in&>(to).sin_addr.s_addr = dest;
  reinterpret_cast<sockaddr_in&>(from).sin_family = AF_INET;
  reinterpret_cast<sockaddr_in&>(from).sin_addr.s_addr = src;
  Route route;
  if (!route_to(to, src ? &from : nullptr, 0, route)) return kErrorBadNetName;
  // Only a neighbour on a link answers an ARP request: not one behind a gateway, nor this machine.
  if (route.type != RTN_UNICAST || !route.gateway.empty()) return kErrorBadNetName;
  std::vector<uint8_t> mac;
  bool found = neighbour(dest, route.oif, mac);
  if (!found) {
    const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s >= 0) {
      if (src) ::bind(s, reinterpret_cast<sockaddr*>(&from), sizeof(sockaddr_in));
      sockaddr_in discard = reinterpret_cast<sockaddr_in&>(to);
      discard.sin_port = htons(9);
      ::sendto(s, "", 0, 0, reinterpret_cast<sockaddr*>(&discard), sizeof discard);
      ::close(s);
    }
    const uint64_t until = now_ms() + 3000;
    while (!(found = neighbour(dest, route.oif, mac)) && now_ms() < until)
      blocking(p, [] { return ::usleep(50000); });
  }
  if (!found || mac.empty()) return kErrorBadNetName;
  const uint32_t have = get<uint32_t>(length.addr);
  const uint32_t n = static_cast<uint32_t>(mac.size()) < have ? static_cast<uint32_t>(mac.size()) : have;
  copy_guest(guest_pointer(mac_out.addr), mac.data(), n, mac_out.addr, true);
  put<uint32_t>(length.addr, n);
  return 0;
}

}  // namespace iphlpapi_arp

const std::vector<Export>& iphlpapi_arp_exports() {
  static const std::vector<Export> e = {
      EXPORT("SendARP", iphlpapi_arp::SendARP),
  };
  return e;
}

}  // namespace polyrun::shims
