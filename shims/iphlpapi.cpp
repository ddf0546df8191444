// IPHLPAPI.dll: the machine's network interfaces as Windows describes them — GetAdaptersAddresses
// (an IP_ADAPTER_ADDRESSES list with each interface's unicast addresses and prefixes, from the
// host's getifaddrs), the interface index and LUID conversions and if_nametoindex/if_indextoname.
// An interface's adapter name, friendly name and description are its Linux name; its LUID is made
// of its type and index as Windows makes one (NET_LUID: index in bits 24-47, type in 48-63).
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "shims/guest_memory.h"
#include "shims/shim.h"
#include "shims/text.h"
#include "shims/win_errors.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kErrorBufferOverflow = 111, kErrorNoData = 232, kErrorNotFound = 1168;
constexpr uint16_t kWinInet = 2, kWinInet6 = 23;
// GetAdaptersAddresses' flags.
constexpr uint32_t kSkipUnicast = 0x1, kIncludePrefix = 0x10, kSkipFriendlyName = 0x20;
constexpr uint32_t kIfTypeEthernet = 6, kIfTypeLoopback = 24, kOperUp = 1, kOperDown = 2;
constexpr uint32_t kIpv4Enabled = 0x80, kIpv6Enabled = 0x100;

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

struct Address {
  sockaddr_storage addr{};
  unsigned prefix = 0;
};
struct Interface {
  std::string name;
  unsigned index = 0;
  unsigned flags = 0;
  std::vector<uint8_t> mac;
  std::vector<Address> addresses;
};

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

// The host's interfaces in index order, with their IPv4/IPv6 addresses (of `family`: 0 both).
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
      const auto* ll = reinterpret_cast<const sockaddr_ll*>(a->ifa_addr);
      i.mac.assign(ll->sll_addr, ll->sll_addr + std::min<size_t>(ll->sll_halen, 8));
    } else if ((f == AF_INET && (family == 0 || family == kWinInet)) || (f == AF_INET6 && (family == 0 || family == kWinInet6))) {
      Address ad;
      std::memcpy(&ad.addr, a->ifa_addr, f == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6));
      ad.prefix = prefix_length(a->ifa_netmask);
      i.addresses.push_back(ad);
    }
  }
  ::freeifaddrs(list);
  std::vector<Interface> out;
  for (auto& [index, i] : by_index) out.push_back(std::move(i));
  return out;
}

uint32_t mtu_of(const std::string& name) {
  const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return 0;
  ifreq r{};
  std::strncpy(r.ifr_name, name.c_str(), IFNAMSIZ - 1);
  const uint32_t mtu = ::ioctl(s, SIOCGIFMTU, &r) == 0 ? static_cast<uint32_t>(r.ifr_mtu) : 0;
  ::close(s);
  return mtu;
}

uint32_t if_type(const Interface& i) { return (i.flags & IFF_LOOPBACK) ? kIfTypeLoopback : kIfTypeEthernet; }
uint64_t luid_of(const Interface& i) { return static_cast<uint64_t>(if_type(i)) << 48 | static_cast<uint64_t>(i.index) << 24; }

// A host socket address as Windows' (AF_INET6 is 23; the rest of sockaddr_in/_in6 is laid out alike).
std::vector<uint8_t> windows_sockaddr(const sockaddr_storage& a) {
  const bool v6 = a.ss_family == AF_INET6;
  std::vector<uint8_t> out(v6 ? 28 : 16);
  std::memcpy(out.data(), &a, out.size());
  const uint16_t f = v6 ? kWinInet6 : kWinInet;
  std::memcpy(out.data(), &f, 2);
  return out;
}

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
      std::memcpy(guest_pointer(a + l.physical_address), i.mac.data(), i.mac.size());
      put<uint32_t>(a + l.physical_length, static_cast<uint32_t>(i.mac.size()));
    }
    bool v4 = false, v6 = false;
    for (const Address& ad : i.addresses) (ad.addr.ss_family == AF_INET ? v4 : v6) = true;
    w.val<uint32_t>(a + l.flags, (v4 ? kIpv4Enabled : 0) | (v6 ? kIpv6Enabled : 0));
    w.val<uint32_t>(a + l.mtu, mtu_of(i.name));
    w.val<uint32_t>(a + l.if_type, if_type(i));
    w.val<uint32_t>(a + l.oper_status, (i.flags & IFF_UP) && (i.flags & IFF_RUNNING) ? kOperUp : kOperDown);
    w.val<uint32_t>(a + l.ipv6_if_index, v6 ? i.index : 0);
    w.val<uint64_t>(a + l.luid, luid_of(i));
    w.val<uint64_t>(a + l.transmit_speed, ~0ull);  // (not known)
    w.val<uint64_t>(a + l.receive_speed, ~0ull);
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
        w.val<uint32_t>(u + l.unicast_prefix_origin, 1);  // IpPrefixOriginManual
        w.val<uint32_t>(u + l.unicast_prefix_origin + 4, 1);  // IpSuffixOriginManual
        w.val<uint32_t>(u + l.unicast_dad_state, 4);  // IpDadStatePreferred
        w.val<uint32_t>(u + l.unicast_valid, 0xffffffffu);
        w.val<uint32_t>(u + l.unicast_preferred, 0xffffffffu);
        w.val<uint32_t>(u + l.unicast_lease, 0xffffffffu);
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
  if ((wide ? w.size() : i->name.size()) + 1 > length) return ERROR_NOT_ENOUGH_MEMORY;
  if (wide) std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  else std::memcpy(buf.as<char>(), i->name.c_str(), i->name.size() + 1);
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
uint32_t ConvertInterfaceNameToLuidA(WindowsProcess&, CStr name, Ptr luid) { return name_to_luid(name.str(), luid); }

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

}  // namespace

const Dll kIphlpapi{
    "iphlpapi.dll",
    false,
    {
        EXPORT("GetAdaptersAddresses", GetAdaptersAddresses),
        EXPORT("ConvertInterfaceIndexToLuid", ConvertInterfaceIndexToLuid),
        EXPORT("ConvertInterfaceLuidToIndex", ConvertInterfaceLuidToIndex),
        EXPORT("ConvertInterfaceLuidToNameA", ConvertInterfaceLuidToNameA),
        EXPORT("ConvertInterfaceLuidToNameW", ConvertInterfaceLuidToNameW),
        EXPORT("ConvertInterfaceNameToLuidA", ConvertInterfaceNameToLuidA),
        EXPORT("ConvertInterfaceNameToLuidW", ConvertInterfaceNameToLuidW),
        EXPORT("if_nametoindex", if_nametoindex_),
        EXPORT("if_indextoname", if_indextoname_),
    },
};

}  // namespace polyrun::shims
