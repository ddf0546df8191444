// IPHLPAPI's view of the host's network interfaces, shared by the folder's files: the kernel's
// routing netlink (netlink_query, attributes), the interfaces with their addresses (interfaces()),
// what /sys/class/net tells of each, and how Windows names and numbers them (IFTYPE, LUID, operational
// status, address origins and DAD states, socket addresses with Windows' family numbers).
#pragma once

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace polyrun::shims::iphlpapi_host {

constexpr uint32_t kErrorBufferOverflow = 111, kErrorNoData = 232, kErrorNotFound = 1168;
constexpr uint32_t kErrorNetworkUnreachable = 1231, kErrorHostUnreachable = 1232;
constexpr uint16_t kWinInet = 2, kWinInet6 = 23;
// GetAdaptersAddresses' flags.
constexpr uint32_t kSkipUnicast = 0x1, kIncludePrefix = 0x10, kSkipFriendlyName = 0x20;
// IFTYPE values (ipifcons.h).
constexpr uint32_t kIfTypeOther = 1, kIfTypeEthernet = 6, kIfTypePpp = 23, kIfTypeLoopback = 24,
                   kIfTypePropVirtual = 53, kIfTypeIeee80211 = 71, kIfTypeTunnel = 131;
// IF_OPER_STATUS.
constexpr uint32_t kOperUp = 1, kOperDown = 2, kOperTesting = 3, kOperUnknown = 4, kOperDormant = 5,
                   kOperNotPresent = 6, kOperLowerLayerDown = 7;
constexpr uint32_t kIpv4Enabled = 0x80, kIpv6Enabled = 0x100;
// NL_PREFIX_ORIGIN and NL_SUFFIX_ORIGIN (nldef.h): Other 0, Manual 1, WellKnown 2, Dhcp 3,
// RouterAdvertisement 4 (a suffix's: LinkLayerAddress 4, Random 5); NL_DAD_STATE.
constexpr uint32_t kOriginManual = 1, kOriginWellKnown = 2, kOriginDhcp = 3, kOriginRouterAdvertisement = 4,
                   kSuffixLinkLayerAddress = 4, kSuffixRandom = 5;
constexpr uint32_t kDadTentative = 1, kDadDuplicate = 2, kDadDeprecated = 3, kDadPreferred = 4;
constexpr uint32_t kInfiniteLifetime = 0xffffffffu;

// Sends one request and gathers the messages of its answer (all of a dump's, up to NLMSG_DONE; the
// one answer of another request). False, errno set, when the kernel refused it (its NLMSG_ERROR's
// code) or no netlink socket can be had.
bool netlink_query(const nlmsghdr& request, std::vector<std::vector<uint8_t>>& out);
// A message's attributes by type.
std::map<int, std::vector<uint8_t>> attributes(const rtattr* a, size_t len);

struct Address {
  sockaddr_storage addr{};
  unsigned prefix = 0;
  // What the kernel adds (RTM_GETADDR): IFA_F_* flags, the lifetimes in seconds (~0: infinite) and
  // when it was made, in hundredths of a second since the boot.
  uint32_t flags = IFA_F_PERMANENT;
  uint32_t valid = kInfiniteLifetime, preferred = kInfiniteLifetime;
  uint32_t created = 0;
};
struct Interface {
  std::string name;
  unsigned index = 0;
  unsigned flags = 0;
  std::array<uint8_t, 8> mac{};  // the physical address: its first mac_length bytes
  size_t mac_length = 0;          // (0 for the loopback, which has none on Windows)
  std::vector<Address> addresses;
};

unsigned prefix_length(const sockaddr* mask);
const uint8_t* address_bytes(const sockaddr_storage& a);
size_t address_size(int family);
// The host's interfaces in index order, with their IPv4/IPv6 addresses (of `family`: 0 both).
std::vector<Interface> interfaces(uint32_t family);
std::string sys_value(const std::string& name, const std::string& what);
bool sys_number(const std::string& name, const std::string& what, uint64_t& out);
uint64_t sys_counter(const std::string& name, const char* what);
uint32_t mtu_of(const std::string& name);
// A device of hardware (a driver's), not a virtual one.
bool is_hardware(const Interface& i);
uint32_t if_type(const Interface& i);
uint64_t luid_of(const Interface& i);
uint32_t oper_status(const Interface& i);
uint64_t link_speed(const Interface& i);
std::pair<uint32_t, uint32_t> origins(const Interface& i, const Address& ad);
uint32_t dad_state(const Address& ad);
// A route of the kernel's (RTM_NEWROUTE): its table, type, protocol, destination prefix, output
// interface, metric, gateway and preferred source.
struct Route {
  unsigned table = 0, type = 0, protocol = 0, dst_len = 0, oif = 0, priority = 0;
  std::vector<uint8_t> dst, gateway, prefsrc;
};
Route parse_route(const nlmsghdr* h);
// The route the kernel takes to `dst` (from `src` if it is given, out of interface `oif` if not 0),
// as `ip route get` asks for it; false with errno the kernel's answer.
bool route_to(const sockaddr_storage& dst, const sockaddr_storage* src, unsigned oif, Route& out);

// A host socket address as Windows' (AF_INET6 is 23; the rest of sockaddr_in/_in6 is laid out alike).
std::vector<uint8_t> windows_sockaddr(const sockaddr_storage& a);

}  // namespace polyrun::shims::iphlpapi_host
