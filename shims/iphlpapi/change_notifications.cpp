// IPHLPAPI.dll, change notifications (netioapi.h): NotifyIpInterfaceChange, NotifyUnicastIpAddressChange
// and NotifyRouteChange2 each register a callback, called on a thread of the registration's own as
// Windows calls it on one of its pool's: once at once with MibInitialNotification (Row NULL) if
// asked for, then for each change the kernel announces on the routing netlink — an interface, a
// unicast address or a route of the main table that appears (MibAddInstance), changes
// (MibParameterNotification) or goes (MibDeleteInstance). The Row carries only what identifies the
// instance, as Windows' does ("only enough information that an application can call
// GetIpInterfaceEntry" / GetUnicastIpAddressEntry / GetIpForwardEntry2): an interface row (one call
// for each family registered) its family, LUID and index; an address row its address, LUID and
// index; a route row its LUID, index, destination prefix and next hop. The calls of a registration
// are serialized. CancelMibChangeNotify2 ends a registration: it waits for a callback under way to
// return (Windows' page: calling it from the callback itself deadlocks; here that call does not
// wait) and frees the handle. Where a sandbox refuses netlink, only the initial call comes.
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_threads.h"
#include "shims/iphlpapi/host_interfaces.h"

namespace polyrun::shims {

namespace iphlpapi_notifications {

using namespace iphlpapi_host;

constexpr uint32_t kMibParameterNotification = 0, kMibAddInstance = 1, kMibDeleteInstance = 2,
                   kMibInitialNotification = 3;
constexpr uint32_t kIpInterfaceRowSize = 168, kUnicastRow = 80, kForwardRow = 104;

enum class Watch { kInterfaces, kUnicastAddresses, kRoutes };

struct Registration {
  Watch what = Watch::kInterfaces;
  uint64_t handle = 0;
  uint16_t family = 0;
  uint64_t callback = 0, context = 0;
  bool initial = false;
  int netlink = -1;  // subscribed to the groups of `what` (-1: the host refused)
  int wake = -1;     // an eventfd CancelMibChangeNotify2 writes (both closed with the registration)
  uint32_t thread = 0;
  std::atomic<bool> cancelled{false};
  bool done = false;                    // its thread has left (under the lock)
  std::map<unsigned, uint64_t> known;   // the interfaces it has seen, and their LUIDs
  std::set<std::string> instances;      // the addresses or routes it has seen
  ~Registration() {
    if (wake >= 0) ::close(wake);
    if (netlink >= 0) ::close(netlink);
  }
};
std::map<uint64_t, std::shared_ptr<Registration>>& registrations() {
  static std::map<uint64_t, std::shared_ptr<Registration>> all;
  return all;
}

bool valid_family(uint32_t family) { return family == 0 || family == kWinInet || family == kWinInet6; }
uint16_t windows_family(int host) { return host == AF_INET6 ? kWinInet6 : kWinInet; }

// The interface's LUID by index: as it is now, or as the registration last saw it (one that went).
uint64_t luid_by_index(Registration& reg, unsigned index) {
  for (const Interface& i : interfaces(0))
    if (i.index == index) return reg.known[index] = luid_of(i);
  auto it = reg.known.find(index);
  return it == reg.known.end() ? 0 : it->second;
}

// A SOCKADDR_INET at `at`: the family and, at sin_addr's or sin6_addr's place, the address.
void put_sockaddr_inet(uint64_t at, int family, const std::vector<uint8_t>& address) {
  std::memset(guest_pointer(at), 0, 28);
  put<uint16_t>(at, windows_family(family));
  if (address.size() == address_size(family)) std::memcpy(guest_pointer(at + (family == AF_INET6 ? 8 : 4)), address.data(), address.size());
}

void call(WindowsProcess& p, Registration& reg, uint64_t row, uint32_t type) {
  if (reg.cancelled) return;
  p.call_guest(reg.callback, {reg.context, row, type});
}

// An interface's change: one call for each family registered.
void interface_changed(WindowsProcess& p, Registration& reg, const nlmsghdr* h) {
  if (h->nlmsg_type != RTM_NEWLINK && h->nlmsg_type != RTM_DELLINK) return;
  const auto* m = static_cast<const ifinfomsg*>(NLMSG_DATA(h));
  const unsigned index = static_cast<unsigned>(m->ifi_index);
  const Interface* i = nullptr;
  const auto all = interfaces(0);
  for (const Interface& x : all)
    if (x.index == index) i = &x;
  uint32_t type;
  uint64_t luid;
  if (h->nlmsg_type == RTM_DELLINK || !i) {
    auto gone = reg.known.find(index);
    if (gone == reg.known.end()) return;
    luid = gone->second;  // (the interface's LUID while it was there)
    reg.known.erase(gone);
    type = kMibDeleteInstance;
  } else {
    luid = luid_of(*i);
    type = reg.known.insert({index, luid}).second ? kMibAddInstance : kMibParameterNotification;
    reg.known[index] = luid;
  }
  for (uint16_t f : {kWinInet, kWinInet6}) {
    if (reg.family && reg.family != f) continue;
    const uint64_t row = p.heap.alloc(kIpInterfaceRowSize, true);
    if (!row) return;
    put<uint16_t>(row, f);
    put<uint64_t>(row + 8, luid);
    put<uint32_t>(row + 16, index);
    call(p, reg, row, type);
    if (p.stopping()) return;
    p.heap.free(row);
  }
}

// A unicast address's change (MIB_UNICASTIPADDRESS_ROW: Address at 0, InterfaceLuid at 32,
// InterfaceIndex at 40).
void address_changed(WindowsProcess& p, Registration& reg, const nlmsghdr* h) {
  if (h->nlmsg_type != RTM_NEWADDR && h->nlmsg_type != RTM_DELADDR) return;
  const auto* m = static_cast<const ifaddrmsg*>(NLMSG_DATA(h));
  if (m->ifa_family != AF_INET && m->ifa_family != AF_INET6) return;
  if (reg.family && reg.family != windows_family(m->ifa_family)) return;
  auto a = attributes(IFA_RTA(m), IFA_PAYLOAD(h));
  const std::vector<uint8_t> addr = a.count(IFA_LOCAL) ? a[IFA_LOCAL] : a[IFA_ADDRESS];
  if (addr.size() != address_size(m->ifa_family)) return;
  const std::string key = std::to_string(m->ifa_index) + "/" + std::string(addr.begin(), addr.end());
  uint32_t type;
  if (h->nlmsg_type == RTM_DELADDR) {
    reg.instances.erase(key);
    type = kMibDeleteInstance;
  } else {
    type = reg.instances.insert(key).second ? kMibAddInstance : kMibParameterNotification;
  }
  const uint64_t row = p.heap.alloc(kUnicastRow, true);
  if (!row) return;
  put_sockaddr_inet(row, m->ifa_family, addr);
  put<uint64_t>(row + 32, luid_by_index(reg, m->ifa_index));
  put<uint32_t>(row + 40, m->ifa_index);
  call(p, reg, row, type);
  if (!p.stopping()) p.heap.free(row);
}

// A route's change, of the main table's unicast routes (MIB_IPFORWARD_ROW2: InterfaceLuid at 0,
// InterfaceIndex at 8, DestinationPrefix's address at 12 and length at 40, NextHop at 44).
void route_changed(WindowsProcess& p, Registration& reg, const nlmsghdr* h) {
  if (h->nlmsg_type != RTM_NEWROUTE && h->nlmsg_type != RTM_DELROUTE) return;
  const auto* m = static_cast<const rtmsg*>(NLMSG_DATA(h));
  if (m->rtm_family != AF_INET && m->rtm_family != AF_INET6) return;
  if (m->rtm_table != RT_TABLE_MAIN || m->rtm_type != RTN_UNICAST) return;
  if (reg.family && reg.family != windows_family(m->rtm_family)) return;
  auto a = attributes(RTM_RTA(m), RTM_PAYLOAD(h));
  std::vector<uint8_t> dst = a[RTA_DST], gateway = a[RTA_GATEWAY];
  const size_t size = address_size(m->rtm_family);
  if (dst.size() != size) dst.assign(size, 0);  // (the default route has none)
  if (gateway.size() != size) gateway.assign(size, 0);
  unsigned oif = 0;
  if (a[RTA_OIF].size() == 4) std::memcpy(&oif, a[RTA_OIF].data(), 4);
  const std::string key = std::to_string(oif) + "/" + std::string(dst.begin(), dst.end()) + "/" +
                          std::to_string(m->rtm_dst_len) + "/" + std::string(gateway.begin(), gateway.end());
  uint32_t type;
  if (h->nlmsg_type == RTM_DELROUTE) {
    reg.instances.erase(key);
    type = kMibDeleteInstance;
  } else {
    type = reg.instances.insert(key).second ? kMibAddInstance : kMibParameterNotification;
  }
  const uint64_t row = p.heap.alloc(kForwardRow, true);
  if (!row) return;
  put<uint64_t>(row, luid_by_index(reg, oif));
  put<uint32_t>(row + 8, oif);
  put_sockaddr_inet(row + 12, m->rtm_family, dst);
  put<uint8_t>(row + 40, m->rtm_dst_len);
  put_sockaddr_inet(row + 44, m->rtm_family, gateway);
  call(p, reg, row, type);
  if (!p.stopping()) p.heap.free(row);
}

// The registration's thread: the initial call, then the kernel's messages until it is cancelled.
void watch(WindowsProcess& p, std::shared_ptr<Registration> reg) {
  for (const Interface& i : interfaces(0)) reg->known[i.index] = luid_of(i);
  if (reg->initial && !reg->cancelled) call(p, *reg, 0, kMibInitialNotification);
  std::vector<uint8_t> buf(16384);
  while (!reg->cancelled && !p.stopping()) {
    pollfd fds[2] = {{reg->wake, POLLIN, 0}, {reg->netlink, POLLIN, 0}};
    const int n = blocking(p, [&] { return ::poll(fds, reg->netlink >= 0 ? 2 : 1, -1); });
    if (reg->cancelled || p.stopping()) break;
    if (n <= 0 || !(fds[1].revents & POLLIN)) continue;
    const ssize_t got = ::recv(reg->netlink, buf.data(), buf.size(), MSG_DONTWAIT);
    if (got <= 0) continue;
    size_t left = static_cast<size_t>(got);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
      switch (reg->what) {
        case Watch::kInterfaces: interface_changed(p, *reg, h); break;
        case Watch::kUnicastAddresses: address_changed(p, *reg, h); break;
        case Watch::kRoutes: route_changed(p, *reg, h); break;
      }
      if (reg->cancelled || p.stopping()) break;
    }
  }
  reg->done = true;
  p.wake_waiters();
}

// The netlink groups of a registration's kind and family.
uint32_t groups(Watch what, uint16_t family) {
  const bool v4 = family != kWinInet6, v6 = family != kWinInet;
  switch (what) {
    case Watch::kInterfaces: return RTMGRP_LINK;
    case Watch::kUnicastAddresses: return (v4 ? RTMGRP_IPV4_IFADDR : 0) | (v6 ? RTMGRP_IPV6_IFADDR : 0);
    case Watch::kRoutes: return (v4 ? RTMGRP_IPV4_ROUTE : 0) | (v6 ? RTMGRP_IPV6_ROUTE : 0);
  }
  return 0;
}

// Notify*(Family, Callback, CallerContext, InitialNotification, &NotificationHandle).
uint32_t register_watch(WindowsProcess& p, Watch what, uint16_t family, Ptr callback, Ptr context, uint8_t initial,
                        Ptr handle) {
  if (!valid_family(family) || !callback || !handle) {
    if (handle) p.put_ptr(handle.addr, 0);
    return ERROR_INVALID_PARAMETER;
  }
  auto reg = std::make_shared<Registration>();
  reg->what = what;
  reg->family = family;
  reg->callback = callback.addr;
  reg->context = context.addr;
  reg->initial = initial != 0;
  reg->wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (reg->wake < 0) {
    p.put_ptr(handle.addr, 0);
    return ERROR_NOT_ENOUGH_MEMORY;
  }
  reg->netlink = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
  if (reg->netlink >= 0) {
    sockaddr_nl me{};
    me.nl_family = AF_NETLINK;
    me.nl_groups = groups(what, family);
    if (::bind(reg->netlink, reinterpret_cast<sockaddr*>(&me), sizeof me) != 0) {
      ::close(reg->netlink);
      reg->netlink = -1;
    }
  }
  reg->handle = p.heap.alloc(16, true);  // a unique value the program holds
  if (!reg->handle) {
    p.put_ptr(handle.addr, 0);
    return ERROR_NOT_ENOUGH_MEMORY;
  }
  uint32_t tid = 0;
  const uint64_t h = create_thread(p, 0, 0, 0, false, &tid, [reg](WindowsProcess& q) {
    watch(q, reg);
    return 0u;
  });
  if (!h) {
    p.heap.free(reg->handle);
    p.put_ptr(handle.addr, 0);
    return ERROR_NOT_ENOUGH_MEMORY;
  }
  p.waitables.erase(h);  // (the thread's handle is not the program's)
  reg->thread = tid;
  registrations()[reg->handle] = reg;
  p.put_ptr(handle.addr, reg->handle);
  return 0;
}

uint32_t NotifyIpInterfaceChange(WindowsProcess& p, uint16_t family, Ptr callback, Ptr context, uint8_t initial, Ptr handle) {
  return register_watch(p, Watch::kInterfaces, family, callback, context, initial, handle);
}
uint32_t NotifyUnicastIpAddressChange(WindowsProcess& p, uint16_t family, Ptr callback, Ptr context, uint8_t initial,
                                      Ptr handle) {
  return register_watch(p, Watch::kUnicastAddresses, family, callback, context, initial, handle);
}
uint32_t NotifyRouteChange2(WindowsProcess& p, uint16_t family, Ptr callback, Ptr context, uint8_t initial, Ptr handle) {
  return register_watch(p, Watch::kRoutes, family, callback, context, initial, handle);
}

uint32_t CancelMibChangeNotify2(WindowsProcess& p, Ptr handle) {
  if (!handle) return ERROR_INVALID_PARAMETER;
  auto it = registrations().find(handle.addr);
  if (it == registrations().end()) return ERROR_INVALID_HANDLE;
  std::shared_ptr<Registration> reg = it->second;
  registrations().erase(it);
  reg->cancelled = true;
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t w = ::write(reg->wake, &one, sizeof one);
  // (Called from the callback itself, its thread ends once the callback returns.)
  if (p.thread().id != reg->thread) wait_until(p, kInfinite, [&] { return reg->done; });
  p.heap.free(reg->handle);
  return 0;
}

}  // namespace iphlpapi_notifications

const std::vector<Export>& iphlpapi_change_notification_exports() {
  using namespace iphlpapi_notifications;
  static const std::vector<Export> e = {
      EXPORT("NotifyIpInterfaceChange", NotifyIpInterfaceChange),
      EXPORT("NotifyUnicastIpAddressChange", NotifyUnicastIpAddressChange),
      EXPORT("NotifyRouteChange2", NotifyRouteChange2),
      EXPORT("CancelMibChangeNotify2", CancelMibChangeNotify2),
  };
  return e;
}

}  // namespace polyrun::shims
