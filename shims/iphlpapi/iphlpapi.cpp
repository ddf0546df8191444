// IPHLPAPI.dll: the machine's network interfaces as Windows describes them — GetAdaptersAddresses
// (an IP_ADAPTER_ADDRESSES list with each interface's unicast addresses and prefixes), the interface
// table of MIB_IF_ROW2s (GetIfTable2, GetIfEntry2), the unicast and anycast address tables, the
// best route to an address (GetBestRoute2), the interface index and LUID conversions and
// if_nametoindex/if_indextoname. Every one of them reads the host's interfaces through
// host_interfaces.h's interfaces() (getifaddrs, the routing netlink, /sys/class/net). An interface's adapter name, alias, friendly
// name and description are its Linux name; its LUID is made of its type and index as Windows makes
// one (NET_LUID: index in bits 24-47, type in 48-63). ICMP echo (IcmpSendEcho …) is icmp_echo.cpp's,
// change notifications change_notifications.cpp's.
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "shims/iphlpapi/exports.h"
#include "shims/iphlpapi/host_interfaces.h"
#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

using namespace iphlpapi_host;

// The offsets of IP_ADAPTER_ADDRESSES_LH, IP_ADAPTER_UNICAST_ADDRESS_LH and IP_ADAPTER_PREFIX_XP
// for each pointer width (the Windows SDK's iptypes.h, as mingw-w64's headers lay them out).
struct Layout {
  uint32_t adapter_size, if_index, next, adapter_name, first_unicast, dns_suffix, description, friendly_name,
      physical_address, physical_length, flags, mtu, if_type, oper_status, ipv6_if_index, first_prefix,
      transmit_speed, receive_speed, luid, first_dns_suffix;
  uint32_t unicast_size, unicast_address, unicast_prefix_origin, unicast_valid, unicast_preferred, unicast_lease,
      unicast_prefix_length, unicast_dad_state;
  uint32_t prefix_size, prefix_address, prefix_length;
  uint32_t socket_address_size;  // SOCKET_ADDRESS: a pointer and an INT length
};
constexpr Layout kLayout64{448, 4,  8,  16, 24, 56, 64, 72, 80, 88,  92, 96, 100, 104, 108, 176, 184, 192, 224, 440,
                           64,  16, 32, 44, 48, 52, 56, 40, 40, 16,  32, 16};
constexpr Layout kLayout32{376, 4,  8,  12, 16, 32, 36, 40, 44, 52,  56, 60, 64,  68,  72,  140, 144, 152, 176, 368,
                           48,  12, 20, 32, 36, 40, 44, 28, 24, 12,  20, 8};

// Lays the list out in a buffer: each piece at `at`, aligned; the pieces' guest addresses are
// `base` + their offset (a first pass with no buffer only counts).
struct Writer {
  WindowsProcess& p;
  uint64_t base;
  bool writing;
  uint64_t at = 0;
  uint64_t take(uint64_t size, uint64_t align = 8) {
    at = (at + align - 1) / align * align;
    const uint64_t here = at;
    at += size;
    if (writing) std::memset(guest_pointer(base + here), 0, size);
    return base + here;
  }
  void ptr(uint64_t addr, uint64_t value) {
    if (writing) p.put_ptr(addr, value);
  }
  template <typename T>
  void val(uint64_t addr, T v) {
    if (writing) put<T>(addr, v);
  }
  uint64_t bytes(const void* data, size_t n, uint64_t align = 8) {
    const uint64_t a = take(n, align);
    if (writing) std::memcpy(guest_pointer(a), data, n);
    return a;
  }
  uint64_t wide(const std::string& s) {
    const std::u16string w = utf8_to_utf16(s);
    return bytes(w.c_str(), (w.size() + 1) * 2, 2);
  }
};

void lay_out(Writer& w, const Layout& l, const std::vector<Interface>& all, uint32_t flags) {
  const uint32_t ps = w.p.isa->ptr;
  uint64_t previous_next = 0;
  for (const Interface& i : all) {
    const uint64_t a = w.take(l.adapter_size);
    if (previous_next) w.ptr(previous_next, a);
    previous_next = a + l.next;
    w.val<uint32_t>(a, l.adapter_size);  // Length
    w.val<uint32_t>(a + l.if_index, i.index);
    const uint64_t name = w.bytes(i.name.c_str(), i.name.size() + 1, 1);
    w.ptr(a + l.adapter_name, name);
    w.ptr(a + l.dns_suffix, w.wide(""));
    w.ptr(a + l.description, w.wide(i.name));
    w.ptr(a + l.friendly_name, w.wide((flags & kSkipFriendlyName) ? "" : i.name));
    if (w.writing) {
      std::memcpy(guest_pointer(a + l.physical_address), i.mac.data(), i.mac_length);
      put<uint32_t>(a + l.physical_length, static_cast<uint32_t>(i.mac_length));
    }
    bool v4 = false, v6 = false;
    for (const Address& ad : i.addresses) (ad.addr.ss_family == AF_INET ? v4 : v6) = true;
    w.val<uint32_t>(a + l.flags, (v4 ? kIpv4Enabled : 0) | (v6 ? kIpv6Enabled : 0));
    w.val<uint32_t>(a + l.mtu, mtu_of(i.name));
    w.val<uint32_t>(a + l.if_type, if_type(i));
    w.val<uint32_t>(a + l.oper_status, oper_status(i));
    w.val<uint32_t>(a + l.ipv6_if_index, v6 ? i.index : 0);
    w.val<uint64_t>(a + l.luid, luid_of(i));
    const uint64_t speed = w.writing ? link_speed(i) : 0;
    w.val<uint64_t>(a + l.transmit_speed, speed);
    w.val<uint64_t>(a + l.receive_speed, speed);
    if (!(flags & kSkipUnicast)) {
      uint64_t link = a + l.first_unicast;
      for (const Address& ad : i.addresses) {
        const uint64_t u = w.take(l.unicast_size);
        w.ptr(link, u);
        link = u + 8;  // Next follows Length and Flags in both widths
        w.val<uint32_t>(u, l.unicast_size);
        const std::vector<uint8_t> sa = windows_sockaddr(ad.addr);
        w.ptr(u + l.unicast_address, w.bytes(sa.data(), sa.size()));
        w.val<int32_t>(u + l.unicast_address + ps, static_cast<int32_t>(sa.size()));
        const auto [prefix_origin, suffix_origin] = origins(i, ad);
        w.val<uint32_t>(u + l.unicast_prefix_origin, prefix_origin);
        w.val<uint32_t>(u + l.unicast_prefix_origin + 4, suffix_origin);
        w.val<uint32_t>(u + l.unicast_dad_state, dad_state(ad));
        w.val<uint32_t>(u + l.unicast_valid, ad.valid);
        w.val<uint32_t>(u + l.unicast_preferred, ad.preferred);
        w.val<uint32_t>(u + l.unicast_lease, ad.valid);  // (a lease lasts as long as its address)
        w.val<uint8_t>(u + l.unicast_prefix_length, static_cast<uint8_t>(ad.prefix));
      }
    }
    if (flags & kIncludePrefix) {
      uint64_t link = a + l.first_prefix;
      for (const Address& ad : i.addresses) {
        // The network: the address with the bits past its prefix cleared.
        sockaddr_storage net = ad.addr;
        uint8_t* b = ad.addr.ss_family == AF_INET ? reinterpret_cast<uint8_t*>(&reinterpret_cast<sockaddr_in*>(&net)->sin_addr)
                                                  : reinterpret_cast<uint8_t*>(&reinterpret_cast<sockaddr_in6*>(&net)->sin6_addr);
        const unsigned bits = ad.addr.ss_family == AF_INET ? 32 : 128;
        for (unsigned bit = ad.prefix; bit < bits; ++bit) b[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
        const uint64_t x = w.take(l.prefix_size);
        w.ptr(link, x);
        link = x + 8;
        w.val<uint32_t>(x, l.prefix_size);
        const std::vector<uint8_t> sa = windows_sockaddr(net);
        w.ptr(x + l.prefix_address, w.bytes(sa.data(), sa.size()));
        w.val<int32_t>(x + l.prefix_address + ps, static_cast<int32_t>(sa.size()));
        w.val<uint32_t>(x + l.prefix_length, ad.prefix);
      }
    }
  }
}

uint32_t GetAdaptersAddresses(WindowsProcess& p, uint32_t family, uint32_t flags, Ptr, Ptr buffer, Ptr size) {
  if (!size || (family != 0 && family != kWinInet && family != kWinInet6)) return ERROR_INVALID_PARAMETER;
  const Layout& l = p.isa->ptr == 8 ? kLayout64 : kLayout32;
  const std::vector<Interface> all = interfaces(family);
  if (all.empty()) return kErrorNoData;
  Writer count{p, 0, false};
  lay_out(count, l, all, flags);
  const uint32_t need = static_cast<uint32_t>(count.at);
  if (!buffer || get<uint32_t>(size.addr) < need) {
    put<uint32_t>(size.addr, need);
    return kErrorBufferOverflow;
  }
  Writer write{p, buffer.addr, true};
  lay_out(write, l, all, flags);
  return 0;
}

// ---- interface names, indices and LUIDs ----

const Interface* find_interface(const std::vector<Interface>& all, uint64_t luid) {
  for (const Interface& i : all)
    if (luid_of(i) == luid) return &i;
  return nullptr;
}

uint32_t ConvertInterfaceIndexToLuid(WindowsProcess&, uint32_t index, Ptr luid) {
  if (!luid) return ERROR_INVALID_PARAMETER;
  for (const Interface& i : interfaces(0))
    if (i.index == index) {
      put<uint64_t>(luid.addr, luid_of(i));
      return 0;
    }
  put<uint64_t>(luid.addr, 0);
  return kErrorNotFound;
}

uint32_t ConvertInterfaceLuidToIndex(WindowsProcess&, Ptr luid, Ptr index) {
  if (!luid || !index) return ERROR_INVALID_PARAMETER;
  const auto all = interfaces(0);
  const Interface* i = find_interface(all, get<uint64_t>(luid.addr));
  if (!i) return kErrorNotFound;
  put<uint32_t>(index.addr, i->index);
  return 0;
}

uint32_t luid_to_name(const Ptr& luid, Ptr buf, uint64_t length, bool wide) {
  if (!luid || !buf) return ERROR_INVALID_PARAMETER;
  const auto all = interfaces(0);
  const Interface* i = find_interface(all, get<uint64_t>(luid.addr));
  if (!i) return kErrorNotFound;
  const std::u16string w = utf8_to_utf16(i->name);
  const std::string a = wide ? std::string() : utf8_to_ansi(i->name);
  if ((wide ? w.size() : a.size()) + 1 > length) return ERROR_NOT_ENOUGH_MEMORY;
  if (wide) std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  else std::memcpy(buf.as<char>(), a.c_str(), a.size() + 1);
  return 0;
}
uint32_t ConvertInterfaceLuidToNameW(WindowsProcess&, Ptr luid, Ptr buf, USize length) { return luid_to_name(luid, buf, length.v, true); }
uint32_t ConvertInterfaceLuidToNameA(WindowsProcess&, Ptr luid, Ptr buf, USize length) { return luid_to_name(luid, buf, length.v, false); }

uint32_t name_to_luid(const std::string& name, Ptr luid) {
  if (!luid) return ERROR_INVALID_PARAMETER;
  for (const Interface& i : interfaces(0))
    if (i.name == name) {
      put<uint64_t>(luid.addr, luid_of(i));
      return 0;
    }
  return ERROR_INVALID_NAME;
}
uint32_t ConvertInterfaceNameToLuidW(WindowsProcess&, WStr name, Ptr luid) { return name_to_luid(utf16_to_utf8(name.str()), luid); }
uint32_t ConvertInterfaceNameToLuidA(WindowsProcess&, AStr name, Ptr luid) { return name_to_luid(name.str(), luid); }

uint32_t if_nametoindex_(WindowsProcess&, CStr name) {
  for (const Interface& i : interfaces(0))
    if (i.name == name.str()) return i.index;
  return 0;
}
// if_indextoname: the name into a buffer of IF_NAMESIZE (256) bytes; NULL for no such index.
Ptr if_indextoname_(WindowsProcess&, uint32_t index, Ptr buf) {
  for (const Interface& i : interfaces(0))
    if (i.index == index) {
      std::memcpy(buf.as<char>(), i.name.c_str(), std::min<size_t>(i.name.size() + 1, 256));
      return buf;
    }
  return Ptr(0);
}


// ---- the MIB tables (netioapi.h): GetIfTable2, GetIfEntry2, the address tables, FreeMibTable ----
//
// A table is one block of the process heap (FreeMibTable frees it): a ULONG NumEntries, then the
// rows from offset 8. The rows are laid out alike in 64-bit and 32-bit programs.

constexpr uint32_t kIfRowSize = 1352, kUnicastRowSize = 80, kAnycastRowSize = 48, kForwardRowSize = 104;
constexpr uint32_t kTableRows = 8;

// An interface's GUID: Windows gives each adapter one when it is installed; the host's interfaces
// have none, so it is made from the interface's name (the same for the same name every time).
void put_interface_guid(uint64_t at, const Interface& i) {
  uint64_t h1 = 0xcbf29ce484222325ull, h2 = 0x84222325cbf29ce4ull;
  for (unsigned char c : i.name) {
    h1 = (h1 ^ c) * 0x100000001b3ull;
    h2 = (h2 ^ c) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
  }
  put<uint64_t>(at, h1);
  put<uint64_t>(at + 8, h2);
}

void put_wide(uint64_t at, const std::string& s, size_t max_chars) {
  std::u16string w = utf8_to_utf16(s);
  if (w.size() > max_chars) w.resize(max_chars);
  std::memcpy(guest_pointer(at), w.c_str(), (w.size() + 1) * 2);
}

// One MIB_IF_ROW2 (ifdef.h, netioapi.h), zeroed first.
void put_if_row(uint64_t r, const Interface& i) {
  std::memset(guest_pointer(r), 0, kIfRowSize);
  const uint32_t type = if_type(i);
  put<uint64_t>(r, luid_of(i));
  put<uint32_t>(r + 8, i.index);
  put_interface_guid(r + 12, i);
  put_wide(r + 28, i.name, 256);   // Alias
  put_wide(r + 542, i.name, 256);  // Description
  put<uint32_t>(r + 1056, static_cast<uint32_t>(i.mac_length));
  std::memcpy(guest_pointer(r + 1060), i.mac.data(), i.mac_length);  // PhysicalAddress
  std::memcpy(guest_pointer(r + 1092), i.mac.data(), i.mac_length);  // PermanentPhysicalAddress
  put<uint32_t>(r + 1124, mtu_of(i.name));
  put<uint32_t>(r + 1128, type);
  put<uint32_t>(r + 1132, type == kIfTypeTunnel ? 1 : 0);  // TunnelType: TUNNEL_TYPE_OTHER, or NONE
  // MediaType (NDIS_MEDIUM): NdisMediumLoopback 17 for the loopback, NdisMedium802_3 0 for the rest;
  // PhysicalMediumType: NdisPhysicalMedium802_3 14 for a wired device, 9 (Native802_11) for a
  // wireless one, unspecified (0) for the kernel's own interfaces.
  put<uint32_t>(r + 1136, type == kIfTypeLoopback ? 17 : 0);
  const bool hardware = is_hardware(i);
  put<uint32_t>(r + 1140, !hardware ? 0 : type == kIfTypeIeee80211 ? 9 : type == kIfTypeEthernet ? 14 : 0);
  // AccessType: NET_IF_ACCESS_LOOPBACK 1, BROADCAST 2, POINT_TO_POINT 3; DirectionType: send and
  // receive (0).
  put<uint32_t>(r + 1144, type == kIfTypeLoopback ? 1 : (i.flags & IFF_POINTOPOINT) ? 3 : 2);
  const uint32_t oper = oper_status(i);
  uint64_t carrier = 1;
  sys_number(i.name, "carrier", carrier);
  const bool connected = oper == kOperUp || ((i.flags & IFF_UP) && carrier);
  // InterfaceAndOperStatusFlags: HardwareInterface 1, ConnectorPresent 4, NotMediaConnected 0x10.
  put<uint8_t>(r + 1152, static_cast<uint8_t>((hardware ? 0x5 : 0) | (connected ? 0 : 0x10)));
  put<uint32_t>(r + 1156, oper);
  put<uint32_t>(r + 1160, (i.flags & IFF_UP) ? 1 : 2);  // AdminStatus: NET_IF_ADMIN_STATUS_UP / DOWN
  put<uint32_t>(r + 1164, connected ? 1 : 2);           // MediaConnectState: Connected / Disconnected
  put<uint32_t>(r + 1184, 1);                           // ConnectionType: NET_IF_CONNECTION_DEDICATED
  const uint64_t speed = link_speed(i);
  put<uint64_t>(r + 1192, speed);
  put<uint64_t>(r + 1200, speed);
  // The counters the kernel keeps (the rest stay 0: Linux does not count octets by cast).
  const uint64_t in_packets = sys_counter(i.name, "rx_packets"), in_multicast = sys_counter(i.name, "multicast");
  put<uint64_t>(r + 1208, sys_counter(i.name, "rx_bytes"));                                   // InOctets
  put<uint64_t>(r + 1216, in_packets > in_multicast ? in_packets - in_multicast : 0);        // InUcastPkts
  put<uint64_t>(r + 1224, in_multicast);                                                      // InNUcastPkts
  put<uint64_t>(r + 1232, sys_counter(i.name, "rx_dropped"));                                 // InDiscards
  put<uint64_t>(r + 1240, sys_counter(i.name, "rx_errors"));                                  // InErrors
  put<uint64_t>(r + 1248, sys_counter(i.name, "rx_nohandler"));                               // InUnknownProtos
  put<uint64_t>(r + 1280, sys_counter(i.name, "tx_bytes"));                                   // OutOctets
  put<uint64_t>(r + 1288, sys_counter(i.name, "tx_packets"));                                 // OutUcastPkts
  put<uint64_t>(r + 1304, sys_counter(i.name, "tx_dropped"));                                 // OutDiscards
  put<uint64_t>(r + 1312, sys_counter(i.name, "tx_errors"));                                  // OutErrors
}

// A new table of `rows` rows of `row_size` bytes, zeroed (0: no memory).
uint64_t new_table(WindowsProcess& p, size_t rows, uint32_t row_size) {
  const uint64_t t = p.heap.alloc(kTableRows + std::max<size_t>(rows, 1) * row_size, true);
  if (t) put<uint32_t>(t, static_cast<uint32_t>(rows));
  return t;
}

// GetIfTable2Ex's level: MibIfTableNormal 0 and MibIfTableRaw 1 (the same rows here: the raw level
// only skips asking the drivers for their state, which these rows do not ask for), and
// MibIfTableNormalWithoutStatistics 2 (the counters left at 0).
uint32_t if_table(WindowsProcess& p, uint32_t level, Ptr out) {
  if (!out || level > 2) return ERROR_INVALID_PARAMETER;
  const auto all = interfaces(0);
  const uint64_t t = new_table(p, all.size(), kIfRowSize);
  if (!t) return ERROR_NOT_ENOUGH_MEMORY;
  for (size_t k = 0; k < all.size(); ++k) {
    const uint64_t r = t + kTableRows + k * kIfRowSize;
    put_if_row(r, all[k]);
    if (level == 2) std::memset(guest_pointer(r + 1208), 0, kIfRowSize - 1208);
  }
  p.put_ptr(out.addr, t);
  return 0;
}
uint32_t GetIfTable2(WindowsProcess& p, Ptr out) { return if_table(p, 0, out); }
uint32_t GetIfTable2Ex(WindowsProcess& p, uint32_t level, Ptr out) { return if_table(p, level, out); }

// GetIfEntry2: the row of the interface its InterfaceLuid names, or (a zero LUID) its
// InterfaceIndex; ERROR_FILE_NOT_FOUND for one the machine does not have.
uint32_t if_entry(uint32_t level, Ptr row) {
  if (!row || level > 2) return ERROR_INVALID_PARAMETER;
  const uint64_t luid = get<uint64_t>(row.addr);
  const uint32_t index = get<uint32_t>(row.addr + 8);
  if (!luid && !index) return ERROR_INVALID_PARAMETER;
  for (const Interface& i : interfaces(0))
    if (luid ? luid_of(i) == luid : i.index == index) {
      put_if_row(row.addr, i);
      if (level == 2) std::memset(guest_pointer(row.addr + 1208), 0, kIfRowSize - 1208);
      return 0;
    }
  return ERROR_FILE_NOT_FOUND;
}
uint32_t GetIfEntry2(WindowsProcess&, Ptr row) { return if_entry(0, row); }
uint32_t GetIfEntry2Ex(WindowsProcess&, uint32_t level, Ptr row) { return if_entry(level, row); }

void FreeMibTable(WindowsProcess& p, Ptr table) {
  if (table) p.heap.free(table.addr);
}

bool valid_family(uint32_t family) { return family == 0 || family == kWinInet || family == kWinInet6; }

// When an address was made (hundredths of a second since the boot) as a FILETIME.
int64_t filetime_of_boot_stamp(uint32_t stamp) {
  timespec real, boot;
  ::clock_gettime(CLOCK_REALTIME, &real);
  ::clock_gettime(CLOCK_MONOTONIC, &boot);  // (the kernel's stamps count monotonic time)
  const int64_t now = static_cast<int64_t>(filetime_of(real));
  const int64_t since_boot = boot.tv_sec * 10000000ll + boot.tv_nsec / 100;
  return now - since_boot + static_cast<int64_t>(stamp) * 100000ll;
}

// GetUnicastIpAddressTable: a MIB_UNICASTIPADDRESS_ROW per address of every interface.
uint32_t GetUnicastIpAddressTable(WindowsProcess& p, uint16_t family, Ptr out) {
  if (!out || !valid_family(family)) return ERROR_INVALID_PARAMETER;
  const auto all = interfaces(family);
  size_t n = 0;
  for (const Interface& i : all) n += i.addresses.size();
  // ("ERROR_NOT_FOUND: no unicast IP address entries as specified in the Family parameter were found")
  if (n == 0) return kErrorNotFound;
  const uint64_t t = new_table(p, n, kUnicastRowSize);
  if (!t) return ERROR_NOT_ENOUGH_MEMORY;
  uint64_t r = t + kTableRows;
  for (const Interface& i : all)
    for (const Address& ad : i.addresses) {
      const std::vector<uint8_t> sa = windows_sockaddr(ad.addr);
      std::memcpy(guest_pointer(r), sa.data(), sa.size());
      put<uint64_t>(r + 32, luid_of(i));
      put<uint32_t>(r + 40, i.index);
      const auto [prefix_origin, suffix_origin] = origins(i, ad);
      put<uint32_t>(r + 44, prefix_origin);
      put<uint32_t>(r + 48, suffix_origin);
      put<uint32_t>(r + 52, ad.valid);
      put<uint32_t>(r + 56, ad.preferred);
      put<uint8_t>(r + 60, static_cast<uint8_t>(ad.prefix));
      put<uint32_t>(r + 64, dad_state(ad));
      // ScopeId: a link-local address's zone is its interface.
      if (ad.addr.ss_family == AF_INET6) put<uint32_t>(r + 68, reinterpret_cast<const sockaddr_in6&>(ad.addr).sin6_scope_id);
      put<int64_t>(r + 72, ad.created ? filetime_of_boot_stamp(ad.created) : 0);
      r += kUnicastRowSize;
    }
  p.put_ptr(out.addr, t);
  return 0;
}

// GetAnycastIpAddressTable: the IPv6 anycast addresses the kernel has joined (/proc/net/anycast6:
// index, name, address, users, per line; a router's subnet-router anycast addresses, those a
// program asked for with IPV6_JOIN_ANYCAST). IPv4 has no anycast addresses. With none, the table
// is empty and the call succeeds, as Windows' does on the machines that have none (its page says
// ERROR_NOT_FOUND; programs that list them, as WireGuard's winipcfg tests do, count on success).
uint32_t GetAnycastIpAddressTable(WindowsProcess& p, uint16_t family, Ptr out) {
  if (!out || !valid_family(family)) return ERROR_INVALID_PARAMETER;
  struct Row {
    in6_addr addr;
    unsigned index;
  };
  std::vector<Row> rows;
  if (family != kWinInet) {
    std::ifstream f("/proc/net/anycast6");
    unsigned index, users;
    std::string name, hex;
    while (f >> index >> name >> hex >> users) {
      if (hex.size() != 32) continue;
      Row r{};
      r.index = index;
      for (int k = 0; k < 16; ++k) r.addr.s6_addr[k] = static_cast<uint8_t>(std::stoul(hex.substr(2 * k, 2), nullptr, 16));
      rows.push_back(r);
    }
  }
  const auto all = interfaces(0);
  const uint64_t t = new_table(p, rows.size(), kAnycastRowSize);
  if (!t) return ERROR_NOT_ENOUGH_MEMORY;
  for (size_t k = 0; k < rows.size(); ++k) {
    const uint64_t r = t + kTableRows + k * kAnycastRowSize;
    put<uint16_t>(r, kWinInet6);
    std::memcpy(guest_pointer(r + 8), &rows[k].addr, 16);
    for (const Interface& i : all)
      if (i.index == rows[k].index) put<uint64_t>(r + 32, luid_of(i));
    put<uint32_t>(r + 40, rows[k].index);
    const bool link_local = rows[k].addr.s6_addr[0] == 0xfe && (rows[k].addr.s6_addr[1] & 0xc0) == 0x80;
    if (link_local) put<uint32_t>(r + 44, rows[k].index);  // ScopeId
  }
  p.put_ptr(out.addr, t);
  return 0;
}

// ConvertLengthToIpv4Mask: the mask of a prefix length, in network byte order; over 32, the mask
// is INADDR_NONE and the call fails.
uint32_t ConvertLengthToIpv4Mask(WindowsProcess&, uint32_t length, Ptr mask) {
  if (length > 32) {
    put<uint32_t>(mask.addr, 0xffffffffu);
    return ERROR_INVALID_PARAMETER;
  }
  put<uint32_t>(mask.addr, length == 0 ? 0 : __builtin_bswap32(~0u << (32 - length)));
  return 0;
}

// ---- GetBestRoute2 ----

// A SOCKADDR_INET in guest memory as a host socket address; false for another family.
bool read_sockaddr_inet(uint64_t at, sockaddr_storage& out) {
  out = {};
  const uint16_t f = get<uint16_t>(at);
  if (f == kWinInet) {
    std::memcpy(&out, guest_pointer(at), sizeof(sockaddr_in));
    out.ss_family = AF_INET;
    return true;
  }
  if (f == kWinInet6) {
    std::memcpy(&out, guest_pointer(at), sizeof(sockaddr_in6));
    out.ss_family = AF_INET6;
    return true;
  }
  return false;
}
bool unspecified(const sockaddr_storage& a) {
  const uint8_t* b = address_bytes(a);
  return std::all_of(b, b + address_size(a.ss_family), [](uint8_t x) { return x == 0; });
}
// Whether `addr` lies in prefix/len (both of `size` bytes).
bool in_prefix(const uint8_t* addr, const uint8_t* prefix, unsigned len, size_t size) {
  for (unsigned bit = 0; bit < len && bit < size * 8; ++bit) {
    const uint8_t m = static_cast<uint8_t>(0x80 >> (bit % 8));
    if ((addr[bit / 8] & m) != (prefix[bit / 8] & m)) return false;
  }
  return true;
}



// The table entry the route came from: of its table and interface, the longest prefix holding `dst`
// (the lowest metric among equals). The kernel's answer to a route query gives the address alone,
// and names the main table for routes of the local one when the two are kept together: an entry
// of another table counts when its own has none.
bool matching_entry(const sockaddr_storage& dst, const Route& taken, Route& out) {
  struct {
    nlmsghdr h;
    rtmsg m;
  } req{};
  req.h.nlmsg_len = sizeof req;
  req.h.nlmsg_type = RTM_GETROUTE;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.m.rtm_family = static_cast<uint8_t>(dst.ss_family);
  std::vector<std::vector<uint8_t>> answers;
  if (!netlink_query(req.h, answers)) return false;
  const size_t size = address_size(dst.ss_family);
  for (bool same_table : {true, false}) {
    bool found = false;
    for (const auto& msg : answers) {
      const Route r = parse_route(reinterpret_cast<const nlmsghdr*>(msg.data()));
      if ((same_table && r.table != taken.table) || r.oif != taken.oif || (r.type != RTN_UNICAST && r.type != RTN_LOCAL))
        continue;
      std::vector<uint8_t> prefix = r.dst;
      prefix.resize(size, 0);
      if (!in_prefix(address_bytes(dst), prefix.data(), r.dst_len, size)) continue;
      if (!found || r.dst_len > out.dst_len || (r.dst_len == out.dst_len && r.priority < out.priority)) {
        out = r;
        found = true;
      }
    }
    if (found) return true;
  }
  return false;
}

// The source address the host picks to reach `dst` (optionally out of interface `oif`): a
// connected UDP socket's own address (connecting sends nothing).
bool source_toward(const sockaddr_storage& dst, unsigned oif, sockaddr_storage& out) {
  const int s = ::socket(dst.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return false;
  if (oif) {
    char name[IF_NAMESIZE] = {};
    if (::if_indextoname(oif, name)) ::setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, name, static_cast<socklen_t>(std::strlen(name)));
  }
  sockaddr_storage d = dst;
  if (d.ss_family == AF_INET) reinterpret_cast<sockaddr_in&>(d).sin_port = htons(9);
  else reinterpret_cast<sockaddr_in6&>(d).sin6_port = htons(9);
  const socklen_t dlen = d.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  socklen_t len = sizeof out;
  const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&d), dlen) == 0 &&
                  ::getsockname(s, reinterpret_cast<sockaddr*>(&out), &len) == 0;
  ::close(s);
  return ok;
}

// GetBestRoute2: the routing table's entry for the route the host takes to DestinationAddress (a
// MIB_IPFORWARD_ROW2) and the source address it would send from. An interface given by its LUID
// or index confines the route to it (ERROR_FILE_NOT_FOUND: no such interface); a source address
// given is the one to send from.
uint32_t GetBestRoute2(WindowsProcess&, Ptr luid, uint32_t index, Ptr source, Ptr destination, uint32_t, Ptr best,
                       Ptr best_source) {
  if (!destination || !best || !best_source) return ERROR_INVALID_PARAMETER;
  sockaddr_storage dst, src{};
  if (!read_sockaddr_inet(destination.addr, dst)) return ERROR_INVALID_PARAMETER;
  bool have_src = false;
  if (source) {
    const uint16_t f = get<uint16_t>(source.addr);
    if (f != 0) {
      if (!read_sockaddr_inet(source.addr, src) || src.ss_family != dst.ss_family) return ERROR_INVALID_PARAMETER;
      have_src = !unspecified(src);
    }
  }
  const auto all = interfaces(0);
  unsigned oif = 0;
  const uint64_t want_luid = luid ? get<uint64_t>(luid.addr) : 0;
  if (want_luid || index) {
    for (const Interface& i : all)
      if (want_luid ? luid_of(i) == want_luid : i.index == index) oif = i.index;
    if (!oif) return ERROR_FILE_NOT_FOUND;
  }
  // A link-local destination's zone names its interface.
  if (!oif && dst.ss_family == AF_INET6) oif = reinterpret_cast<const sockaddr_in6&>(dst).sin6_scope_id;
  Route taken;
  if (!route_to(dst, have_src ? &src : nullptr, oif, taken)) {
    if (errno == ENETUNREACH) return kErrorNetworkUnreachable;
    if (errno == EHOSTUNREACH) return kErrorHostUnreachable;
    if (errno == EAFNOSUPPORT) return ERROR_NOT_SUPPORTED;
    return kErrorNotFound;
  }
  const size_t size = address_size(dst.ss_family);
  // The source: the one given, the route's preferred one, or the one a socket would take.
  sockaddr_storage from{};
  if (have_src) {
    from = src;
  } else if (taken.prefsrc.size() == size) {
    from.ss_family = dst.ss_family;
    std::memcpy(const_cast<uint8_t*>(address_bytes(from)), taken.prefsrc.data(), size);
  } else if (!source_toward(dst, taken.oif, from)) {
    return kErrorNetworkUnreachable;
  }
  if (from.ss_family == AF_INET) reinterpret_cast<sockaddr_in&>(from).sin_port = 0;
  else {
    auto& f6 = reinterpret_cast<sockaddr_in6&>(from);
    f6.sin6_port = 0;
    f6.sin6_flowinfo = 0;
    const bool link_local = f6.sin6_addr.s6_addr[0] == 0xfe && (f6.sin6_addr.s6_addr[1] & 0xc0) == 0x80;
    f6.sin6_scope_id = link_local ? taken.oif : 0;
  }
  Route entry;
  if (!matching_entry(dst, taken, entry)) {
    entry = taken;  // (a host route to the destination)
    entry.dst.assign(address_bytes(dst), address_bytes(dst) + size);
    entry.dst_len = static_cast<unsigned>(size * 8);
  }
  const Interface* via = nullptr;
  for (const Interface& i : all)
    if (i.index == taken.oif) via = &i;
  const uint64_t r = best.addr;
  std::memset(guest_pointer(r), 0, kForwardRowSize);
  put<uint64_t>(r, via ? luid_of(*via) : 0);
  put<uint32_t>(r + 8, taken.oif);
  // DestinationPrefix: a SOCKADDR_INET and its length.
  put<uint16_t>(r + 12, dst.ss_family == AF_INET ? kWinInet : kWinInet6);
  std::vector<uint8_t> prefix = entry.dst;
  prefix.resize(size, 0);
  std::memcpy(guest_pointer(r + 12 + (size == 4 ? 4 : 8)), prefix.data(), size);
  put<uint8_t>(r + 12 + 28, static_cast<uint8_t>(entry.dst_len));
  // NextHop: the gateway, or the unspecified address of a directly reached destination.
  put<uint16_t>(r + 44, dst.ss_family == AF_INET ? kWinInet : kWinInet6);
  if (taken.gateway.size() == size) std::memcpy(guest_pointer(r + 44 + (size == 4 ? 4 : 8)), taken.gateway.data(), size);
  put<uint32_t>(r + 76, kInfiniteLifetime);  // ValidLifetime
  put<uint32_t>(r + 80, kInfiniteLifetime);  // PreferredLifetime
  put<uint32_t>(r + 84, entry.priority);     // Metric
  // Protocol (NL_ROUTE_PROTOCOL): the kernel's own routes (an address's subnet, the local ones) are
  // RouteProtocolLocal 2; the others were set by hand or by a network manager (NetMgmt 3).
  const bool kernel_made = entry.protocol == RTPROT_KERNEL;
  put<uint32_t>(r + 88, kernel_made ? 2 : 3);
  put<uint8_t>(r + 92, entry.type == RTN_LOCAL ? 1 : 0);          // Loopback
  put<uint8_t>(r + 93, entry.protocol == RTPROT_RA ? 1 : 0);      // AutoconfigureAddress
  put<uint8_t>(r + 95, 1);                                         // Immortal: no lifetime runs out
  // Origin (NL_ROUTE_ORIGIN): NlroManual 0, NlroWellKnown 1, NlroDHCP 2, NlroRouterAdvertisement 3.
  put<uint32_t>(r + 100, kernel_made ? 1 : entry.protocol == RTPROT_DHCP ? 2 : entry.protocol == RTPROT_RA ? 3 : 0);
  std::memset(guest_pointer(best_source.addr), 0, 28);
  const std::vector<uint8_t> sa = windows_sockaddr(from);
  std::memcpy(guest_pointer(best_source.addr), sa.data(), sa.size());
  return 0;
}


}  // namespace

const std::vector<Export>& iphlpapi_icmp_exports();      // iphlpapi/icmp_echo.cpp
const std::vector<Export>& iphlpapi_ip_table_exports();  // iphlpapi/ip_tables.cpp
const std::vector<Export>& iphlpapi_legacy_table_exports();  // iphlpapi/legacy_tables.cpp
const std::vector<Export>& iphlpapi_change_notification_exports();  // iphlpapi/change_notifications.cpp
const std::vector<Export>& iphlpapi_arp_exports();                  // iphlpapi/send_arp.cpp

static std::vector<Export> iphlpapi_exports() {
  std::vector<Export> e = {
        EXPORT("GetAdaptersAddresses", GetAdaptersAddresses),
        EXPORT("ConvertInterfaceIndexToLuid", ConvertInterfaceIndexToLuid),
        EXPORT("ConvertInterfaceLuidToIndex", ConvertInterfaceLuidToIndex),
        EXPORT("ConvertInterfaceLuidToNameA", ConvertInterfaceLuidToNameA),
        EXPORT("ConvertInterfaceLuidToNameW", ConvertInterfaceLuidToNameW),
        EXPORT("ConvertInterfaceNameToLuidA", ConvertInterfaceNameToLuidA),
        EXPORT("ConvertInterfaceNameToLuidW", ConvertInterfaceNameToLuidW),
        EXPORT("if_nametoindex", if_nametoindex_),
        EXPORT("if_indextoname", if_indextoname_),
        EXPORT("GetIfTable2", GetIfTable2),
        EXPORT("GetIfTable2Ex", GetIfTable2Ex),
        EXPORT("GetIfEntry2", GetIfEntry2),
        EXPORT("GetIfEntry2Ex", GetIfEntry2Ex),
        EXPORT("FreeMibTable", FreeMibTable),
        EXPORT("GetUnicastIpAddressTable", GetUnicastIpAddressTable),
        EXPORT("GetAnycastIpAddressTable", GetAnycastIpAddressTable),
        EXPORT("ConvertLengthToIpv4Mask", ConvertLengthToIpv4Mask),
        EXPORT("GetBestRoute2", GetBestRoute2),
  };
  for (const auto* part : {&iphlpapi_icmp_exports(), &iphlpapi_ip_table_exports(), &iphlpapi_legacy_table_exports(),
                            &iphlpapi_change_notification_exports(), &iphlpapi_arp_exports()})
    e.insert(e.end(), part->begin(), part->end());
  return e;
}

const Dll kIphlpapi{"iphlpapi.dll", false, iphlpapi_exports()};

}  // namespace polyrun::shims
