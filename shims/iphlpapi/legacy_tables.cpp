// IPHLPAPI.dll: the older interface and address functions, made from the newer ones the program
// could call itself (called through the DLL's own exports, as Windows' are built on them):
// GetIfTable and GetIfEntry (MIB_IFROW) from GetIfTable2, GetIpAddrTable (MIB_IPADDRROW) from
// GetUnicastIpAddressTable, GetAdaptersInfo (IP_ADAPTER_INFO, the interfaces but the loopback,
// their IPv4 addresses and the default gateway of /proc/net/route), GetAdapterIndex, and
// GetBestInterface(Ex) from GetBestRoute2. Names are the interfaces' Linux names, as
// GetAdaptersAddresses gives them (iphlpapi.cpp); MIB_IFROW's is "\DEVICE\TCPIP_" and that name.
#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cwctype>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {
namespace legacy_tables {
namespace {

constexpr uint32_t kNoError = 0, kFileNotFound = 2, kInvalidParameter = 87, kInsufficientBuffer = 122,
                   kBufferOverflow = 111, kNoData = 232;
constexpr uint32_t kLoopbackType = 24;  // IF_TYPE_SOFTWARE_LOOPBACK

// A MIB_IF_ROW2's facts (netioapi.h's layout, the same for both pointer widths).
struct IfRow {
  uint32_t index = 0, type = 0, mtu = 0, oper = 0, admin = 0, phys_length = 0;
  std::u16string alias, description;
  uint8_t phys[8] = {};
  uint64_t speed = 0, in_octets = 0, in_ucast = 0, in_nucast = 0, in_discards = 0, in_errors = 0, in_unknown = 0,
           out_octets = 0, out_ucast = 0, out_nucast = 0, out_discards = 0, out_errors = 0, out_qlen = 0;
};

std::u16string wide_at(uint64_t at, size_t max) {
  const auto* w = reinterpret_cast<const char16_t*>(at);
  size_t n = 0;
  while (n < max && w[n]) ++n;
  return std::u16string(w, n);
}

std::vector<IfRow> if_rows(WindowsProcess& p) {
  std::vector<IfRow> out;
  const uint64_t slot = p.heap.alloc(8, true);
  if (!slot) return out;
  if (p.call_export("iphlpapi.dll", "GetIfTable2", {slot}) == 0) {
    const uint64_t table = p.get_ptr(slot);
    const uint32_t n = get<uint32_t>(table);
    for (uint32_t i = 0; i < n; ++i) {
      const uint64_t r = table + 8 + uint64_t{i} * 1352;
      IfRow row;
      row.index = get<uint32_t>(r + 8);
      row.alias = wide_at(r + 28, 257);
      row.description = wide_at(r + 542, 257);
      row.phys_length = std::min<uint32_t>(get<uint32_t>(r + 1056), 8);
      std::memcpy(row.phys, reinterpret_cast<const void*>(r + 1060), row.phys_length);
      row.mtu = get<uint32_t>(r + 1124);
      row.type = get<uint32_t>(r + 1128);
      row.oper = get<uint32_t>(r + 1156);
      row.admin = get<uint32_t>(r + 1160);
      row.speed = get<uint64_t>(r + 1192);
      row.in_octets = get<uint64_t>(r + 1208), row.in_ucast = get<uint64_t>(r + 1216);
      row.in_nucast = get<uint64_t>(r + 1224), row.in_discards = get<uint64_t>(r + 1232);
      row.in_errors = get<uint64_t>(r + 1240), row.in_unknown = get<uint64_t>(r + 1248);
      row.out_octets = get<uint64_t>(r + 1280), row.out_ucast = get<uint64_t>(r + 1288);
      row.out_nucast = get<uint64_t>(r + 1296), row.out_discards = get<uint64_t>(r + 1304);
      row.out_errors = get<uint64_t>(r + 1312), row.out_qlen = get<uint64_t>(r + 1344);
      out.push_back(std::move(row));
    }
    p.call_export("iphlpapi.dll", "FreeMibTable", {table});
  }
  p.heap.free(slot);
  std::sort(out.begin(), out.end(), [](const IfRow& a, const IfRow& b) { return a.index < b.index; });
  return out;
}

// An IPv4 unicast address: network byte order address and mask, its interface.
struct Ipv4 {
  uint32_t addr = 0, mask = 0, index = 0;
};
std::vector<Ipv4> ipv4_addresses(WindowsProcess& p) {
  std::vector<Ipv4> out;
  const uint64_t slot = p.heap.alloc(8, true);
  if (!slot) return out;
  if (p.call_export("iphlpapi.dll", "GetUnicastIpAddressTable", {2 /* AF_INET */, slot}) == 0) {
    const uint64_t table = p.get_ptr(slot);
    const uint32_t n = get<uint32_t>(table);
    for (uint32_t i = 0; i < n; ++i) {
      const uint64_t r = table + 8 + uint64_t{i} * 80;
      if (get<uint16_t>(r) != 2) continue;
      Ipv4 a;
      a.addr = get<uint32_t>(r + 4);
      const unsigned prefix = get<uint8_t>(r + 60);
      a.mask = prefix ? htonl(prefix >= 32 ? 0xffffffffu : ~((1u << (32 - prefix)) - 1)) : 0;
      a.index = get<uint32_t>(r + 40);
      out.push_back(a);
    }
    p.call_export("iphlpapi.dll", "FreeMibTable", {table});
  }
  p.heap.free(slot);
  return out;
}

std::string narrow(const std::u16string& w) { return utf16_to_utf8(w.data(), w.size()); }

// MIB_IFOPER_STATUS: an interface that is up is operational, another non-operational.
void put_ifrow(uint8_t* b, const IfRow& r) {
  std::memset(b, 0, 860);
  const std::u16string name = u"\\DEVICE\\TCPIP_" + r.alias;
  std::memcpy(b, name.data(), std::min<size_t>(name.size(), 255) * 2);
  auto u32 = [&](size_t at, uint64_t v) {
    const uint32_t x = static_cast<uint32_t>(std::min<uint64_t>(v, 0xffffffffu));
    std::memcpy(b + at, &x, 4);
  };
  u32(512, r.index), u32(516, r.type), u32(520, r.mtu), u32(524, r.speed), u32(528, r.phys_length);
  std::memcpy(b + 532, r.phys, r.phys_length);
  u32(540, r.admin == 1 ? 1 : 2);
  u32(544, r.oper == 1 ? 5 : 0);
  u32(552, r.in_octets), u32(556, r.in_ucast), u32(560, r.in_nucast), u32(564, r.in_discards), u32(568, r.in_errors);
  u32(572, r.in_unknown), u32(576, r.out_octets), u32(580, r.out_ucast), u32(584, r.out_nucast);
  u32(588, r.out_discards), u32(592, r.out_errors), u32(596, r.out_qlen);
  const std::string d = narrow(r.description);
  const size_t n = std::min<size_t>(d.size(), 255);
  u32(600, n);
  std::memcpy(b + 604, d.data(), n);
}

uint32_t GetIfTable(WindowsProcess& p, Ptr table, Ptr size, BOOL) {
  if (!size) return kInvalidParameter;
  const auto rows = if_rows(p);
  const size_t need = 4 + std::max<size_t>(rows.size(), 1) * 860;
  if (!table || get<uint32_t>(size.addr) < need) {
    put<uint32_t>(size.addr, static_cast<uint32_t>(need));
    return kInsufficientBuffer;
  }
  put<uint32_t>(table.addr, static_cast<uint32_t>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) put_ifrow(table.as<uint8_t>() + 4 + i * 860, rows[i]);
  return kNoError;
}

// GetIfEntry: the row of dwIndex; ERROR_FILE_NOT_FOUND for another index (as wine 8.0 answers).
uint32_t GetIfEntry(WindowsProcess& p, Ptr row) {
  if (!row) return kInvalidParameter;
  const uint32_t index = get<uint32_t>(row.addr + 512);
  for (const IfRow& r : if_rows(p))
    if (r.index == index) {
      put_ifrow(row.as<uint8_t>(), r);
      return kNoError;
    }
  return kFileNotFound;
}

// GetIpAddrTable: MIB_IPADDRROW {dwAddr, dwIndex, dwMask, dwBCastAddr, dwReasmSize, unused1,
// wType}, ordered by address when asked.
uint32_t GetIpAddrTable(WindowsProcess& p, Ptr table, Ptr size, BOOL order) {
  if (!size) return kInvalidParameter;
  auto addrs = ipv4_addresses(p);
  if (order) std::sort(addrs.begin(), addrs.end(), [](const Ipv4& a, const Ipv4& b) { return ntohl(a.addr) < ntohl(b.addr); });
  const size_t need = 4 + std::max<size_t>(addrs.size(), 1) * 24;
  if (!table || get<uint32_t>(size.addr) < need) {
    put<uint32_t>(size.addr, static_cast<uint32_t>(need));
    return kInsufficientBuffer;
  }
  put<uint32_t>(table.addr, static_cast<uint32_t>(addrs.size()));
  for (size_t i = 0; i < addrs.size(); ++i) {
    const uint64_t r = table.addr + 4 + i * 24;
    put<uint32_t>(r, addrs[i].addr);
    put<uint32_t>(r + 4, addrs[i].index);
    put<uint32_t>(r + 8, addrs[i].mask);
    put<uint32_t>(r + 12, 1);       // dwBCastAddr: the broadcast address's low bit
    put<uint32_t>(r + 16, 65535);   // dwReasmSize
    put<uint16_t>(r + 20, 0);
    put<uint16_t>(r + 22, 1);       // MIB_IPADDR_PRIMARY
  }
  return kNoError;
}

// IPv4 default gateways by interface name, from /proc/net/route.
std::vector<std::pair<std::string, uint32_t>> default_gateways() {
  std::vector<std::pair<std::string, uint32_t>> out;
  std::ifstream in("/proc/net/route");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string iface, dest, gw;
    if (!(f >> iface >> dest >> gw) || dest != "00000000") continue;
    try {
      out.emplace_back(iface, static_cast<uint32_t>(std::stoul(gw, nullptr, 16)));  // already network order in memory
    } catch (...) {
    }
  }
  return out;
}

std::string dotted(uint32_t network_order) {
  char buf[16];
  in_addr a{network_order};
  inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

// GetAdaptersInfo: an IP_ADAPTER_INFO list of the interfaces but the loopback, each with its IPv4
// addresses (IP_ADDR_STRING, "0.0.0.0" when it has none) and its default gateway.
uint32_t GetAdaptersInfo(WindowsProcess& p, Ptr out, Ptr size) {
  if (!size) return kInvalidParameter;
  const bool x64 = p.isa->ptr == 8;
  const size_t info_size = x64 ? 704 : 640, addr_string = x64 ? 48 : 40;
  std::vector<IfRow> rows;
  for (IfRow& r : if_rows(p))
    if (r.type != kLoopbackType) rows.push_back(std::move(r));
  if (rows.empty()) return kNoData;
  const auto addrs = ipv4_addresses(p);
  const auto gateways = default_gateways();
  // Each adapter's block: its IP_ADAPTER_INFO, then its addresses beyond the first.
  std::vector<size_t> extra(rows.size());
  size_t need = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const size_t n = static_cast<size_t>(std::count_if(addrs.begin(), addrs.end(), [&](const Ipv4& a) { return a.index == rows[i].index; }));
    extra[i] = n > 1 ? (n - 1) * addr_string : 0;
    need += info_size + extra[i];
  }
  if (!out || get<uint32_t>(size.addr) < need) {
    put<uint32_t>(size.addr, static_cast<uint32_t>(need));
    return kBufferOverflow;
  }
  uint8_t* base = out.as<uint8_t>();
  std::memset(base, 0, need);
  auto put_addr_string = [&](uint64_t at, const std::string& ip, const std::string& mask) {
    std::snprintf(reinterpret_cast<char*>(at + p.isa->ptr), 16, "%s", ip.c_str());
    std::snprintf(reinterpret_cast<char*>(at + p.isa->ptr + 16), 16, "%s", mask.c_str());
  };
  size_t at = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const IfRow& r = rows[i];
    const uint64_t a = out.addr + at;
    const size_t next = at + info_size + extra[i];
    if (i + 1 < rows.size()) p.put_ptr(a, out.addr + next);
    // ComboIndex: reserved (0).
    const std::string name = narrow(r.alias), description = narrow(r.description);
    std::snprintf(reinterpret_cast<char*>(a + (x64 ? 12 : 8)), 260, "%s", name.c_str());
    std::snprintf(reinterpret_cast<char*>(a + (x64 ? 272 : 268)), 132, "%s", description.c_str());
    put<uint32_t>(a + (x64 ? 404 : 400), r.phys_length);
    std::memcpy(reinterpret_cast<void*>(a + (x64 ? 408 : 404)), r.phys, r.phys_length);
    put<uint32_t>(a + (x64 ? 416 : 412), r.index);
    put<uint32_t>(a + (x64 ? 420 : 416), r.type);
    // IpAddressList, and the further addresses after the structure.
    const uint64_t list = a + (x64 ? 440 : 428);
    size_t k = 0;
    for (const Ipv4& ip : addrs) {
      if (ip.index != r.index) continue;
      const uint64_t entry = k == 0 ? list : a + info_size + (k - 1) * addr_string;
      if (k > 0) p.put_ptr(k == 1 ? list : a + info_size + (k - 2) * addr_string, entry);
      put_addr_string(entry, dotted(ip.addr), dotted(ip.mask));
      ++k;
    }
    if (k == 0) put_addr_string(list, "0.0.0.0", "0.0.0.0");
    uint32_t gateway = 0;
    for (const auto& [iface, gw] : gateways)
      if (iface == name) gateway = gw;
    put_addr_string(a + (x64 ? 488 : 468), dotted(gateway), gateway ? "255.255.255.255" : "0.0.0.0");
    put_addr_string(a + (x64 ? 536 : 508), "0.0.0.0", "0.0.0.0");  // DhcpServer: none known
    put_addr_string(a + (x64 ? 592 : 552), "0.0.0.0", "0.0.0.0");
    put_addr_string(a + (x64 ? 640 : 592), "0.0.0.0", "0.0.0.0");
    at = next;
  }
  return kNoError;
}

// GetAdapterIndex(name, index): "\DEVICE\TCPIP_<name>" (GetIfTable's wszName) or the name alone.
uint32_t GetAdapterIndex(WindowsProcess& p, WStr name, Ptr index) {
  if (!name.addr || !index) return kInvalidParameter;
  std::u16string n = name.str();
  const std::u16string prefix = u"\\DEVICE\\TCPIP_";
  if (n.size() > prefix.size() && std::equal(prefix.begin(), prefix.end(), n.begin(), [](char16_t a, char16_t b) {
        return std::towupper(a) == std::towupper(b);
      }))
    n = n.substr(prefix.size());
  else
    return kInvalidParameter;  // (wine 8.0 and Windows take only the device name)
  for (const IfRow& r : if_rows(p))
    if (r.alias == n) {
      put<uint32_t>(index.addr, r.index);
      return kNoError;
    }
  return kInvalidParameter;
}

// GetBestInterfaceEx(destination sockaddr, index) and GetBestInterface(IPv4 address, index): the
// interface of the route GetBestRoute2 finds.
uint32_t best_interface(WindowsProcess& p, const uint8_t* sockaddr_bytes, size_t n, uint64_t index) {
  if (!index) return kInvalidParameter;
  const uint64_t mem = p.heap.alloc(256 + 128, true);
  if (!mem) return 8;  // ERROR_NOT_ENOUGH_MEMORY
  std::memcpy(guest_pointer(mem), sockaddr_bytes, n);
  const uint32_t r = static_cast<uint32_t>(
      p.call_export("iphlpapi.dll", "GetBestRoute2", {0, 0, 0, mem, 0, mem + 64, mem + 256}));
  if (r == 0) put<uint32_t>(index, get<uint32_t>(mem + 64 + 8));  // MIB_IPFORWARD_ROW2's InterfaceIndex
  p.heap.free(mem);
  return r;
}
uint32_t GetBestInterface(WindowsProcess& p, uint32_t destination, Ptr index) {
  uint8_t sa[28] = {2, 0};  // SOCKADDR_INET's IPv4 form
  std::memcpy(sa + 4, &destination, 4);
  return best_interface(p, sa, sizeof sa, index.addr);
}
uint32_t GetBestInterfaceEx(WindowsProcess& p, Ptr destination, Ptr index) {
  if (!destination) return kInvalidParameter;
  const uint16_t family = get<uint16_t>(destination.addr);
  if (family != 2 && family != 23) return kInvalidParameter;
  return best_interface(p, destination.as<const uint8_t>(), family == 2 ? 16 : 28, index.addr);
}

}  // namespace
}  // namespace legacy_tables

const std::vector<Export>& iphlpapi_legacy_table_exports() {
  using namespace legacy_tables;
  static const std::vector<Export> e = {
      EXPORT("GetIfTable", GetIfTable),
      EXPORT("GetIfEntry", GetIfEntry),
      EXPORT("GetIpAddrTable", GetIpAddrTable),
      EXPORT("GetAdaptersInfo", GetAdaptersInfo),
      EXPORT("GetAdapterIndex", GetAdapterIndex),
      EXPORT("GetBestInterface", GetBestInterface),
      EXPORT("GetBestInterfaceEx", GetBestInterfaceEx),
  };
  return e;
}

}  // namespace polyrun::shims
