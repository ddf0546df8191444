// IPHLPAPI's view of the host's network interfaces (host_interfaces.h): getifaddrs for the
// interfaces, their flags and addresses, the kernel's routing netlink for what it adds (address
// lifetimes and flags), and /sys/class/net for link speeds, counters and kinds.
#include "shims/iphlpapi/host_interfaces.h"

#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace polyrun::shims::iphlpapi_host {

// ---- the kernel's routing netlink ----

// Sends one request and gathers the messages of its answer (all of a dump's, up to NLMSG_DONE; the
// one answer of another request). False, errno set, when the kernel refused it (its NLMSG_ERROR's
// code) or no netlink socket can be had.
bool netlink_query(const nlmsghdr& request, std::vector<std::vector<uint8_t>>& out) {
  const int s = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (s < 0) return false;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  bool ok = ::sendto(s, &request, request.nlmsg_len, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) ==
            static_cast<ssize_t>(request.nlmsg_len);
  const bool dump = (request.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
  int err = ok ? 0 : errno;
  std::vector<uint8_t> buf(32768);
  for (bool done = !ok; !done;) {
    const ssize_t n = ::recv(s, buf.data(), buf.size(), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      break;
    }
    if (n == 0) break;
    size_t left = static_cast<size_t>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_type == NLMSG_DONE) {
        done = true;
        break;
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        err = -reinterpret_cast<nlmsgerr*>(NLMSG_DATA(h))->error;
        done = true;
        break;
      }
      out.emplace_back(reinterpret_cast<uint8_t*>(h), reinterpret_cast<uint8_t*>(h) + h->nlmsg_len);
      if (!dump) done = true;
    }
  }
  ::close(s);
  if (err) errno = err;
  return err == 0;
}

// A message's attributes by type (the last of each type).
std::map<int, std::vector<uint8_t>> attributes(const rtattr* a, size_t len) {
  std::map<int, std::vector<uint8_t>> out;
  for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
    out[a->rta_type].assign(static_cast<const uint8_t*>(RTA_DATA(a)), static_cast<const uint8_t*>(RTA_DATA(a)) + RTA_PAYLOAD(a));
  return out;
}

// ---- the host's interfaces ----

unsigned prefix_length(const sockaddr* mask) {
  if (!mask) return 0;
  const uint8_t* b;
  size_t n;
  if (mask->sa_family == AF_INET) {
    b = reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in*>(mask)->sin_addr);
    n = 4;
  } else {
    b = reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr);
    n = 16;
  }
  unsigned bits = 0;
  for (size_t i = 0; i < n; ++i) bits += static_cast<unsigned>(__builtin_popcount(b[i]));
  return bits;
}

const uint8_t* address_bytes(const sockaddr_storage& a) {
  return a.ss_family == AF_INET ? reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in&>(a).sin_addr)
                                : reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in6&>(a).sin6_addr);
}
size_t address_size(int family) { return family == AF_INET ? 4 : 16; }

namespace {

// The kernel's facts of each address (flags, lifetimes) by interface index, family and address.
struct AddressFacts {
  uint32_t flags, valid, preferred, created;
};
std::map<std::string, AddressFacts> address_facts() {
  std::map<std::string, AddressFacts> out;
  struct {
    nlmsghdr h;
    ifaddrmsg m;
  } req{};
  req.h.nlmsg_len = sizeof req;
  req.h.nlmsg_type = RTM_GETADDR;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.m.ifa_family = AF_UNSPEC;
  std::vector<std::vector<uint8_t>> answers;
  if (!netlink_query(req.h, answers)) return out;
  for (const auto& msg : answers) {
    const auto* h = reinterpret_cast<const nlmsghdr*>(msg.data());
    if (h->nlmsg_type != RTM_NEWADDR) continue;
    const auto* m = static_cast<const ifaddrmsg*>(NLMSG_DATA(h));
    auto a = attributes(IFA_RTA(m), IFA_PAYLOAD(h));
    // IFA_LOCAL is the address of a point-to-point link's own end; IFA_ADDRESS the rest's.
    const auto& addr = a.count(IFA_LOCAL) ? a[IFA_LOCAL] : a[IFA_ADDRESS];
    if (addr.size() != address_size(m->ifa_family)) continue;
    AddressFacts f{m->ifa_flags, kInfiniteLifetime, kInfiniteLifetime, 0};
    if (a.count(IFA_FLAGS) && a[IFA_FLAGS].size() == 4) std::memcpy(&f.flags, a[IFA_FLAGS].data(), 4);
    if (a.count(IFA_CACHEINFO) && a[IFA_CACHEINFO].size() >= sizeof(ifa_cacheinfo)) {
      ifa_cacheinfo c;
      std::memcpy(&c, a[IFA_CACHEINFO].data(), sizeof c);
      f.valid = c.ifa_valid;
      f.preferred = c.ifa_prefered;
      f.created = c.cstamp;
    }
    out[std::to_string(m->ifa_index) + "/" + std::string(addr.begin(), addr.end())] = f;
  }
  return out;
}

}  // namespace

std::vector<Interface> interfaces(uint32_t family) {
  std::map<unsigned, Interface> by_index;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return {};
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    const unsigned index = ::if_nametoindex(a->ifa_name);
    if (!index) continue;
    Interface& i = by_index[index];
    i.name = a->ifa_name;
    i.index = index;
    i.flags = a->ifa_flags;
    if (!a->ifa_addr) continue;
    const int f = a->ifa_addr->sa_family;
    if (f == AF_PACKET) {
      if (a->ifa_flags & IFF_LOOPBACK) continue;  // (Windows' loopback has no physical address)
      const auto* ll = reinterpret_cast<const sockaddr_ll*>(a->ifa_addr);
      i.mac_length = std::min<size_t>(ll->sll_halen, i.mac.size());
      std::memcpy(i.mac.data(), ll->sll_addr, i.mac_length);
    } else if ((f == AF_INET && (family == 0 || family == kWinInet)) || (f == AF_INET6 && (family == 0 || family == kWinInet6))) {
      Address ad;
      std::memcpy(&ad.addr, a->ifa_addr, f == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6));
      ad.prefix = prefix_length(a->ifa_netmask);
      i.addresses.push_back(ad);
    }
  }
  ::freeifaddrs(list);
  const auto facts = address_facts();
  std::vector<Interface> out;
  for (auto& [index, i] : by_index) {
    for (Address& ad : i.addresses) {
      const uint8_t* b = address_bytes(ad.addr);
      auto it = facts.find(std::to_string(index) + "/" + std::string(b, b + address_size(ad.addr.ss_family)));
      if (it == facts.end()) continue;
      ad.flags = it->second.flags;
      ad.valid = it->second.valid;
      ad.preferred = it->second.preferred;
      ad.created = it->second.created;
    }
    out.push_back(std::move(i));
  }
  return out;
}

// What /sys/class/net says of an interface ("" where it says nothing).
std::string sys_value(const std::string& name, const std::string& what) {
  std::ifstream f("/sys/class/net/" + name + "/" + what);
  std::string v;
  if (!f || !std::getline(f, v)) return "";
  while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
  return v;
}
bool sys_number(const std::string& name, const std::string& what, uint64_t& out) {
  const std::string v = sys_value(name, what);
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) return false;
  out = std::strtoull(v.c_str(), nullptr, 10);
  return true;
}
uint64_t sys_counter(const std::string& name, const char* what) {
  uint64_t v = 0;
  return sys_number(name, std::string("statistics/") + what, v) ? v : 0;
}
// A physical device's interface (a driver's), not one the kernel made (loopback, bridges, tunnels).
bool is_hardware(const Interface& i) { return ::access(("/sys/class/net/" + i.name + "/device").c_str(), F_OK) == 0; }

uint32_t mtu_of(const std::string& name) {
  const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return 0;
  ifreq r{};
  std::strncpy(r.ifr_name, name.c_str(), IFNAMSIZ - 1);
  const uint32_t mtu = ::ioctl(s, SIOCGIFMTU, &r) == 0 ? static_cast<uint32_t>(r.ifr_mtu) : 0;
  ::close(s);
  return mtu;
}

// The interface's IFTYPE from its link type (ARPHRD_*) and flags.
uint32_t if_type(const Interface& i) {
  if (i.flags & IFF_LOOPBACK) return kIfTypeLoopback;
  uint64_t arp = ARPHRD_ETHER;
  sys_number(i.name, "type", arp);
  switch (arp) {
    case ARPHRD_ETHER:
      return ::access(("/sys/class/net/" + i.name + "/wireless").c_str(), F_OK) == 0 ? kIfTypeIeee80211 : kIfTypeEthernet;
    case ARPHRD_LOOPBACK: return kIfTypeLoopback;
    case ARPHRD_PPP: return kIfTypePpp;
    case ARPHRD_TUNNEL: case ARPHRD_TUNNEL6: case ARPHRD_SIT: case ARPHRD_IPGRE: case 823 /* ARPHRD_IP6GRE */: return kIfTypeTunnel;
    case ARPHRD_NONE: return kIfTypePropVirtual;  // tun devices, WireGuard: virtual adapters on Windows
    default: return kIfTypeOther;
  }
}
uint64_t luid_of(const Interface& i) { return static_cast<uint64_t>(if_type(i)) << 48 | static_cast<uint64_t>(i.index) << 24; }

// IF_OPER_STATUS from the kernel's operational state (RFC 2863's, which Windows' follows); an
// interface whose driver reports none ("unknown": loopback, tun) is up while it is up and running.
uint32_t oper_status(const Interface& i) {
  const std::string s = sys_value(i.name, "operstate");
  if (s == "up") return kOperUp;
  if (s == "down") return kOperDown;
  if (s == "testing") return kOperTesting;
  if (s == "dormant") return kOperDormant;
  if (s == "notpresent") return kOperNotPresent;
  if (s == "lowerlayerdown") return kOperLowerLayerDown;
  if (s == "unknown" || s.empty()) return (i.flags & IFF_UP) && (i.flags & IFF_RUNNING) ? kOperUp : kOperDown;
  return kOperUnknown;
}
// The link speed in bits per second; NDIS_LINK_SPEED_UNKNOWN (~0) where the driver gives none.
uint64_t link_speed(const Interface& i) {
  const std::string s = sys_value(i.name, "speed");  // megabits per second; -1 or nothing when unknown
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return ~0ull;
  return std::strtoull(s.c_str(), nullptr, 10) * 1000000ull;
}

// How an address came to be, as Windows says it (prefix origin, suffix origin): the loopback's and
// IPv6 link-local ones are well known; one with a finite lifetime was leased (DHCP) or, for IPv6,
// made from a router's advertisement (its suffix random for a temporary address); the rest were
// configured by hand.
std::pair<uint32_t, uint32_t> origins(const Interface& i, const Address& ad) {
  if (i.flags & IFF_LOOPBACK) return {kOriginWellKnown, kOriginWellKnown};
  if (ad.addr.ss_family == AF_INET6) {
    const uint8_t* b = address_bytes(ad.addr);
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return {kOriginWellKnown, kSuffixLinkLayerAddress};
    if (!(ad.flags & IFA_F_PERMANENT) && ad.valid != kInfiniteLifetime)
      return {kOriginRouterAdvertisement, (ad.flags & IFA_F_TEMPORARY) ? kSuffixRandom : kSuffixLinkLayerAddress};
    return {kOriginManual, kOriginManual};
  }
  if (!(ad.flags & IFA_F_PERMANENT) && ad.valid != kInfiniteLifetime) return {kOriginDhcp, kOriginDhcp};
  return {kOriginManual, kOriginManual};
}
uint32_t dad_state(const Address& ad) {
  if (ad.flags & IFA_F_DADFAILED) return kDadDuplicate;
  if (ad.flags & IFA_F_TENTATIVE) return kDadTentative;
  if (ad.flags & IFA_F_DEPRECATED) return kDadDeprecated;
  return kDadPreferred;
}

// A host socket address as Windows' (AF_INET6 is 23; the rest of sockaddr_in/_in6 is laid out alike).
std::vector<uint8_t> windows_sockaddr(const sockaddr_storage& a) {
  const bool v6 = a.ss_family == AF_INET6;
  std::vector<uint8_t> out(v6 ? 28 : 16);
  std::memcpy(out.data(), &a, out.size());
  const uint16_t f = v6 ? kWinInet6 : kWinInet;
  std::memcpy(out.data(), &f, 2);
  return out;
}


Route parse_route(const nlmsghdr* h) {
  const auto* m = static_cast<const rtmsg*>(NLMSG_DATA(h));
  auto a = attributes(RTM_RTA(m), RTM_PAYLOAD(h));
  Route r;
  r.table = m->rtm_table;
  r.type = m->rtm_type;
  r.protocol = m->rtm_protocol;
  r.dst_len = m->rtm_dst_len;
  auto u32 = [&](int t, unsigned& out) {
    if (a.count(t) && a[t].size() == 4) std::memcpy(&out, a[t].data(), 4);
  };
  u32(RTA_TABLE, r.table);
  u32(RTA_OIF, r.oif);
  u32(RTA_PRIORITY, r.priority);
  r.dst = a[RTA_DST];
  r.gateway = a[RTA_GATEWAY];
  r.prefsrc = a[RTA_PREFSRC];
  return r;
}

bool route_to(const sockaddr_storage& dst, const sockaddr_storage* src, unsigned oif, Route& out) {
  struct {
    nlmsghdr h;
    rtmsg m;
    char attrs[128];
  } req{};
  const int family = dst.ss_family;
  const size_t size = address_size(family);
  req.h.nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg));
  req.h.nlmsg_type = RTM_GETROUTE;
  req.h.nlmsg_flags = NLM_F_REQUEST;
  req.m.rtm_family = static_cast<uint8_t>(family);
  auto add = [&](int type, const void* data, size_t len) {
    auto* a = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(&req.h) + NLMSG_ALIGN(req.h.nlmsg_len));
    a->rta_type = static_cast<unsigned short>(type);
    a->rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
    std::memcpy(RTA_DATA(a), data, len);
    req.h.nlmsg_len = NLMSG_ALIGN(req.h.nlmsg_len) + RTA_ALIGN(a->rta_len);
  };
  add(RTA_DST, address_bytes(dst), size);
  req.m.rtm_dst_len = static_cast<uint8_t>(size * 8);
  if (src) {
    add(RTA_SRC, address_bytes(*src), size);
    req.m.rtm_src_len = static_cast<uint8_t>(size * 8);
  }
  if (oif) add(RTA_OIF, &oif, 4);
  std::vector<std::vector<uint8_t>> answers;
  if (!netlink_query(req.h, answers)) return false;
  if (answers.empty()) {
    errno = ENETUNREACH;
    return false;
  }
  out = parse_route(reinterpret_cast<const nlmsghdr*>(answers[0].data()));
  return true;
}

}  // namespace polyrun::shims::iphlpapi_host
