// IPHLPAPI.dll: the IPv4/IPv6 connection tables and protocol counters as the host's kernel keeps
// them — TCP connections and listeners (GetTcpTable, GetTcp6Table, GetExtendedTcpTable with the
// owning process: the host process whose descriptor holds the socket, a process id as
// GetCurrentProcessId gives it), UDP endpoints (GetUdpTable, GetUdp6Table, GetExtendedUdpTable),
// the TCP, UDP, IP and ICMP statistics (GetTcpStatistics(Ex), GetUdpStatistics(Ex),
// GetIpStatistics(Ex), GetIcmpStatistics; /proc/net/snmp and snmp6), GetNetworkParams (the host
// name and /etc/resolv.conf's domain and name servers), GetNumberOfInterfaces and
// GetFriendlyIfIndex, the IPv4 routes (GetIpForwardTable) and the ARP cache (GetIpNetTable). The
// tables come from /proc/net/tcp, tcp6, udp, udp6, route and arp.
#include <arpa/inet.h>
#include <dirent.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {
namespace ip_tables {
namespace {

constexpr uint32_t kNoError = 0, kInvalidParameter = 87, kInsufficientBuffer = 122, kBufferOverflow = 111,
                   kNoData = 232;
constexpr uint32_t kAfInet = 2, kAfInet6 = 23;

// One socket of /proc/net/{tcp,tcp6,udp,udp6}: addresses in network byte order as Windows keeps
// them, ports as host numbers, the Windows TCP state, the socket's inode.
struct Socket {
  uint8_t local[16] = {}, remote[16] = {};
  uint32_t local_scope = 0, remote_scope = 0;
  uint16_t local_port = 0, remote_port = 0;
  uint32_t state = 0;
  uint64_t inode = 0;
};

// MIB_TCP_STATE of a Linux TCP state (include/net/tcp_states.h's numbers).
uint32_t tcp_state(unsigned linux_state) {
  switch (linux_state) {
    case 1: return 5;    // ESTABLISHED
    case 2: return 3;    // SYN_SENT
    case 3: return 4;    // SYN_RECV → SYN_RCVD
    case 4: return 6;    // FIN_WAIT1
    case 5: return 7;    // FIN_WAIT2
    case 6: return 11;   // TIME_WAIT
    case 7: return 1;    // CLOSE → CLOSED
    case 8: return 8;    // CLOSE_WAIT
    case 9: return 10;   // LAST_ACK
    case 10: return 2;   // LISTEN
    case 11: return 9;   // CLOSING
    default: return 12;  // DELETE_TCB
  }
}

// /proc/net's hexadecimal address: the 32-bit words of the address as the kernel prints them
// (each word in host byte order), then the port.
bool read_endpoint(const std::string& text, uint8_t* addr, uint16_t& port, bool v6) {
  const size_t colon = text.find(':');
  const size_t words = v6 ? 4 : 1;
  if (colon != words * 8) return false;
  for (size_t w = 0; w < words; ++w) {
    const uint32_t v = static_cast<uint32_t>(std::stoul(text.substr(w * 8, 8), nullptr, 16));
    std::memcpy(addr + w * 4, &v, 4);  // host order on little-endian: the bytes as they are in memory
  }
  port = static_cast<uint16_t>(std::stoul(text.substr(colon + 1), nullptr, 16));
  return true;
}

std::vector<Socket> read_sockets(const char* path, bool v6, bool tcp) {
  std::vector<Socket> out;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    if (!(f >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode)) continue;
    Socket s;
    try {
      if (!read_endpoint(local, s.local, s.local_port, v6) || !read_endpoint(remote, s.remote, s.remote_port, v6))
        continue;
      s.state = tcp ? tcp_state(static_cast<unsigned>(std::stoul(state, nullptr, 16))) : 0;
      s.inode = std::stoull(inode);
    } catch (...) {
      continue;
    }
    out.push_back(s);
  }
  return out;
}

// Which process holds each socket inode: the host's processes' descriptors (those readable).
std::map<uint64_t, uint32_t> socket_owners() {
  std::map<uint64_t, uint32_t> owners;
  DIR* proc = ::opendir("/proc");
  if (!proc) return owners;
  while (dirent* e = ::readdir(proc)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    const std::string fds = std::string("/proc/") + e->d_name + "/fd";
    DIR* d = ::opendir(fds.c_str());
    if (!d) continue;
    while (dirent* f = ::readdir(d)) {
      char target[64];
      const ssize_t n = ::readlink((fds + "/" + f->d_name).c_str(), target, sizeof target - 1);
      if (n <= 8) continue;
      target[n] = 0;
      unsigned long long inode;
      if (std::sscanf(target, "socket:[%llu]", &inode) == 1) owners.emplace(inode, static_cast<uint32_t>(std::atoi(e->d_name)));
    }
    ::closedir(d);
  }
  ::closedir(proc);
  return owners;
}

// A table of rows in the caller's buffer: DWORD dwNumEntries, then the rows (each `row` bytes,
// aligned as the structure's first member needs). The size protocol of GetTcpTable and friends:
// NULL size → ERROR_INVALID_PARAMETER; a buffer too small (or NULL) → ERROR_INSUFFICIENT_BUFFER
// with the size needed.
uint32_t give_table(WindowsProcess&, Ptr table, Ptr size, size_t header, const std::vector<std::vector<uint8_t>>& rows,
                    size_t row_size) {
  if (!size) return kInvalidParameter;
  const size_t need = header + std::max<size_t>(rows.size(), 1) * row_size;
  if (!table || get<uint32_t>(size.addr) < need) {
    put<uint32_t>(size.addr, static_cast<uint32_t>(need));
    return kInsufficientBuffer;
  }
  uint8_t* out = table.as<uint8_t>();
  const uint32_t n = static_cast<uint32_t>(rows.size());
  std::memcpy(out, &n, 4);
  for (size_t i = 0; i < rows.size(); ++i) std::memcpy(out + header + i * row_size, rows[i].data(), row_size);
  put<uint32_t>(size.addr, static_cast<uint32_t>(header + rows.size() * row_size));
  return kNoError;
}

void put32(std::vector<uint8_t>& row, uint32_t v) {
  const auto* b = reinterpret_cast<const uint8_t*>(&v);
  row.insert(row.end(), b, b + 4);
}
void put_bytes(std::vector<uint8_t>& row, const uint8_t* b, size_t n) { row.insert(row.end(), b, b + n); }
uint32_t port_field(uint16_t port) { return htons(port); }  // the port in network order, in a DWORD

uint32_t ipv4(const Socket& s, bool remote) {
  uint32_t v;
  std::memcpy(&v, remote ? s.remote : s.local, 4);
  return v;
}

// The order bOrder asks: local address, local port, remote address, remote port, each as numbers.
void sort_sockets(std::vector<Socket>& v, bool v6) {
  const size_t n = v6 ? 16 : 4;
  std::sort(v.begin(), v.end(), [n](const Socket& a, const Socket& b) {
    if (int c = std::memcmp(a.local, b.local, n)) return c < 0;
    if (a.local_port != b.local_port) return a.local_port < b.local_port;
    if (int c = std::memcmp(a.remote, b.remote, n)) return c < 0;
    return a.remote_port < b.remote_port;
  });
}

std::vector<Socket> tcp_sockets(bool v6, bool order) {
  auto v = read_sockets(v6 ? "/proc/net/tcp6" : "/proc/net/tcp", v6, true);
  if (order) sort_sockets(v, v6);
  return v;
}
std::vector<Socket> udp_sockets(bool v6, bool order) {
  auto v = read_sockets(v6 ? "/proc/net/udp6" : "/proc/net/udp", v6, false);
  if (order) sort_sockets(v, v6);
  return v;
}

// ---- TCP ----

// TCP_TABLE_CLASS: 0-2 basic (listeners, connections, all), 3-5 with the owner's PID, 6-8 with
// its module (as 3-5 with no module information: the owning module's fields zero).
uint32_t tcp_table(WindowsProcess& p, Ptr table, Ptr size, bool order, uint32_t family, uint32_t table_class) {
  if (family != kAfInet && family != kAfInet6) return kInvalidParameter;
  if (table_class > 8) return kInvalidParameter;
  const bool v6 = family == kAfInet6;
  if (v6 && table_class < 3) return kInvalidParameter;  // the basic classes are IPv4's
  const uint32_t kind = table_class % 3;              // 0 listeners, 1 connections, 2 all
  const bool pid = table_class >= 3, module = table_class >= 6;
  const auto owners = pid ? socket_owners() : std::map<uint64_t, uint32_t>();
  std::vector<std::vector<uint8_t>> rows;
  for (const Socket& s : tcp_sockets(v6, order)) {
    const bool listening = s.state == 2;
    if ((kind == 0 && !listening) || (kind == 1 && listening)) continue;
    std::vector<uint8_t> row;
    const auto owner = owners.find(s.inode);
    const uint32_t owner_pid = owner == owners.end() ? 0 : owner->second;
    if (!v6) {
      put32(row, s.state);
      put32(row, ipv4(s, false));
      put32(row, port_field(s.local_port));
      put32(row, ipv4(s, true));
      put32(row, port_field(s.remote_port));
      if (pid) put32(row, owner_pid);
    } else {  // MIB_TCP6ROW_OWNER_PID: the addresses and scopes first, then the ports, state, PID
      put_bytes(row, s.local, 16);
      put32(row, s.local_scope);
      put32(row, port_field(s.local_port));
      put_bytes(row, s.remote, 16);
      put32(row, s.remote_scope);
      put32(row, port_field(s.remote_port));
      put32(row, s.state);
      put32(row, owner_pid);
    }
    if (module) {  // liCreateTimestamp and OwningModuleInfo[16]: none known
      row.resize(row.size() + (row.size() % 8 ? 4 : 0) + 8 + 16 * 8, 0);
    }
    rows.push_back(std::move(row));
  }
  size_t row_size = rows.empty() ? 0 : rows[0].size();
  if (!row_size) {
    if (!v6) row_size = pid ? 24 : 20;
    else row_size = 56;
    if (module) row_size = (row_size % 8 ? row_size + 4 : row_size) + 8 + 128;
  }
  return give_table(p, table, size, module ? 8 : 4, rows, row_size);
}

uint32_t GetTcpTable(WindowsProcess& p, Ptr table, Ptr size, BOOL order) {
  return tcp_table(p, table, size, order, kAfInet, 2);
}
uint32_t GetExtendedTcpTable(WindowsProcess& p, Ptr table, Ptr size, BOOL order, uint32_t family,
                             uint32_t table_class, uint32_t reserved) {
  if (reserved) return kInvalidParameter;
  return tcp_table(p, table, size, order, family, table_class);
}
// GetTcp6Table: MIB_TCP6ROW {State, LocalAddr, dwLocalScopeId, dwLocalPort, RemoteAddr,
// dwRemoteScopeId, dwRemotePort}.
uint32_t GetTcp6Table(WindowsProcess& p, Ptr table, Ptr size, BOOL order) {
  std::vector<std::vector<uint8_t>> rows;
  for (const Socket& s : tcp_sockets(true, order)) {
    std::vector<uint8_t> row;
    put32(row, s.state);
    put_bytes(row, s.local, 16);
    put32(row, s.local_scope);
    put32(row, port_field(s.local_port));
    put_bytes(row, s.remote, 16);
    put32(row, s.remote_scope);
    put32(row, port_field(s.remote_port));
    rows.push_back(std::move(row));
  }
  return give_table(p, table, size, 4, rows, 52);
}

// ---- UDP ----

// UDP_TABLE_CLASS: 0 basic, 1 with the owner's PID, 2 with its module.
uint32_t udp_table(WindowsProcess& p, Ptr table, Ptr size, bool order, uint32_t family, uint32_t table_class) {
  if (family != kAfInet && family != kAfInet6) return kInvalidParameter;
  if (table_class > 2) return kInvalidParameter;
  const bool v6 = family == kAfInet6, pid = table_class >= 1, module = table_class == 2;
  const auto owners = pid ? socket_owners() : std::map<uint64_t, uint32_t>();
  std::vector<std::vector<uint8_t>> rows;
  for (const Socket& s : udp_sockets(v6, order)) {
    std::vector<uint8_t> row;
    const auto owner = owners.find(s.inode);
    if (!v6) {
      put32(row, ipv4(s, false));
    } else {
      put_bytes(row, s.local, 16);
      put32(row, s.local_scope);
    }
    put32(row, port_field(s.local_port));
    if (pid) put32(row, owner == owners.end() ? 0 : owner->second);
    if (module) row.resize(row.size() + (row.size() % 8 ? 4 : 0) + 8 + 8 + 16 * 8, 0);  // timestamp, flags, module info
    rows.push_back(std::move(row));
  }
  size_t row_size = rows.empty() ? 0 : rows[0].size();
  if (!row_size) {
    row_size = (v6 ? 24 : 8) + (pid ? 4 : 0);
    if (module) row_size = (row_size % 8 ? row_size + 4 : row_size) + 16 + 128;
  }
  return give_table(p, table, size, module ? 8 : 4, rows, row_size);
}

uint32_t GetUdpTable(WindowsProcess& p, Ptr table, Ptr size, BOOL order) {
  return udp_table(p, table, size, order, kAfInet, 0);
}
uint32_t GetUdp6Table(WindowsProcess& p, Ptr table, Ptr size, BOOL order) {
  return udp_table(p, table, size, order, kAfInet6, 0);
}
uint32_t GetExtendedUdpTable(WindowsProcess& p, Ptr table, Ptr size, BOOL order, uint32_t family,
                             uint32_t table_class, uint32_t reserved) {
  if (reserved) return kInvalidParameter;
  return udp_table(p, table, size, order, family, table_class);
}

// ---- statistics ----

// /proc/net/snmp's counters of one protocol ("Tcp", "Udp", "Ip", "Icmp"), by name.
std::map<std::string, int64_t> snmp(const std::string& protocol) {
  std::map<std::string, int64_t> out;
  std::ifstream in("/proc/net/snmp");
  std::string names, values;
  while (std::getline(in, names) && std::getline(in, values)) {
    if (names.compare(0, protocol.size() + 1, protocol + ":") != 0) continue;
    std::istringstream n(names.substr(protocol.size() + 1)), v(values.substr(protocol.size() + 1));
    std::string name;
    int64_t value;
    while (n >> name && v >> value) out[name] = value;
    break;
  }
  return out;
}
// /proc/net/snmp6's counters ("Ip6InReceives …").
std::map<std::string, int64_t> snmp6() {
  std::map<std::string, int64_t> out;
  std::ifstream in("/proc/net/snmp6");
  std::string name;
  int64_t value;
  while (in >> name >> value) out[name] = value;
  return out;
}

uint32_t tcp_statistics(Ptr out, uint32_t family) {
  if (!out) return kInvalidParameter;
  if (family != kAfInet && family != kAfInet6) return kInvalidParameter;
  auto t = snmp("Tcp");
  // MIB_TCPSTATS: RtoAlgorithm, RtoMin, RtoMax, MaxConn, ActiveOpens, PassiveOpens, AttemptFails,
  // EstabResets, CurrEstab, InSegs, OutSegs, RetransSegs, InErrs, OutRsts, NumConns.
  const bool v6 = family == kAfInet6;
  const uint32_t conns = static_cast<uint32_t>(tcp_sockets(v6, false).size());
  const uint32_t v[15] = {4 /* MIB_TCP_RTO_VANJ */, static_cast<uint32_t>(t["RtoMin"]), static_cast<uint32_t>(t["RtoMax"]),
                          static_cast<uint32_t>(t["MaxConn"]), static_cast<uint32_t>(t["ActiveOpens"]),
                          static_cast<uint32_t>(t["PassiveOpens"]), static_cast<uint32_t>(t["AttemptFails"]),
                          static_cast<uint32_t>(t["EstabResets"]), static_cast<uint32_t>(t["CurrEstab"]),
                          static_cast<uint32_t>(t["InSegs"]), static_cast<uint32_t>(t["OutSegs"]),
                          static_cast<uint32_t>(t["RetransSegs"]), static_cast<uint32_t>(t["InErrs"]),
                          static_cast<uint32_t>(t["OutRsts"]), conns};
  std::memcpy(out.as<uint32_t>(), v, sizeof v);
  return kNoError;
}
uint32_t GetTcpStatistics(WindowsProcess&, Ptr out) { return tcp_statistics(out, kAfInet); }
uint32_t GetTcpStatisticsEx(WindowsProcess&, Ptr out, uint32_t family) { return tcp_statistics(out, family); }

uint32_t udp_statistics(Ptr out, uint32_t family) {
  if (!out) return kInvalidParameter;
  if (family != kAfInet && family != kAfInet6) return kInvalidParameter;
  const bool v6 = family == kAfInet6;
  // MIB_UDPSTATS: InDatagrams, NoPorts, InErrors, OutDatagrams, NumAddrs (the listener table's entries).
  uint32_t v[5];
  if (!v6) {
    auto u = snmp("Udp");
    v[0] = static_cast<uint32_t>(u["InDatagrams"]), v[1] = static_cast<uint32_t>(u["NoPorts"]);
    v[2] = static_cast<uint32_t>(u["InErrors"]), v[3] = static_cast<uint32_t>(u["OutDatagrams"]);
  } else {
    auto u = snmp6();
    v[0] = static_cast<uint32_t>(u["Udp6InDatagrams"]), v[1] = static_cast<uint32_t>(u["Udp6NoPorts"]);
    v[2] = static_cast<uint32_t>(u["Udp6InErrors"]), v[3] = static_cast<uint32_t>(u["Udp6OutDatagrams"]);
  }
  v[4] = static_cast<uint32_t>(udp_sockets(v6, false).size());
  std::memcpy(out.as<uint32_t>(), v, sizeof v);
  return kNoError;
}
uint32_t GetUdpStatistics(WindowsProcess&, Ptr out) { return udp_statistics(out, kAfInet); }
uint32_t GetUdpStatisticsEx(WindowsProcess&, Ptr out, uint32_t family) { return udp_statistics(out, family); }

uint32_t ip_statistics(Ptr out, uint32_t family) {
  if (!out) return kInvalidParameter;
  if (family != kAfInet && family != kAfInet6) return kInvalidParameter;
  auto ip = snmp("Ip");
  std::map<std::string, int64_t> six;
  if (family == kAfInet6) six = snmp6();
  auto c = [&](const char* v4, const char* v6) {
    return static_cast<uint32_t>(family == kAfInet6 ? six[std::string("Ip6") + v6] : ip[v4]);
  };
  unsigned ifaces = 0;
  if (struct if_nameindex* names = ::if_nameindex()) {
    for (struct if_nameindex* n = names; n->if_index; ++n) ++ifaces;
    if_freenameindex(names);
  }
  // MIB_IPSTATS: Forwarding (1 forwarding, 2 not), DefaultTTL, InReceives, InHdrErrors,
  // InAddrErrors, ForwDatagrams, InUnknownProtos, InDiscards, InDelivers, OutRequests,
  // RoutingDiscards, OutDiscards, OutNoRoutes, ReasmTimeout, ReasmReqds, ReasmOks, ReasmFails,
  // FragOks, FragFails, FragCreates, NumIf, NumAddr, NumRoutes.
  const uint32_t v[23] = {
      ip["Forwarding"] == 1 ? 1u : 2u, static_cast<uint32_t>(ip["DefaultTTL"]), c("InReceives", "InReceives"),
      c("InHdrErrors", "InHdrErrors"), c("InAddrErrors", "InAddrErrors"), c("ForwDatagrams", "OutForwDatagrams"),
      c("InUnknownProtos", "InUnknownProtos"), c("InDiscards", "InDiscards"), c("InDelivers", "InDelivers"),
      c("OutRequests", "OutRequests"), 0, c("OutDiscards", "OutDiscards"), c("OutNoRoutes", "OutNoRoutes"),
      c("ReasmTimeout", "ReasmTimeout"), c("ReasmReqds", "ReasmReqds"), c("ReasmOKs", "ReasmOKs"),
      c("ReasmFails", "ReasmFails"), c("FragOKs", "FragOKs"), c("FragFails", "FragFails"),
      c("FragCreates", "FragCreates"), ifaces, 0, 0};
  std::memcpy(out.as<uint32_t>(), v, sizeof v);
  return kNoError;
}
uint32_t GetIpStatistics(WindowsProcess&, Ptr out) { return ip_statistics(out, kAfInet); }
uint32_t GetIpStatisticsEx(WindowsProcess&, Ptr out, uint32_t family) { return ip_statistics(out, family); }

// GetIcmpStatistics: MIB_ICMP's stats, the incoming and the outgoing MIBICMPSTATS (Msgs,
// Errors, DestUnreachs, TimeExcds, ParmProbs, SrcQuenchs, Redirects, Echos, EchoReps, Timestamps,
// TimestampReps, AddrMasks, AddrMaskReps).
uint32_t GetIcmpStatistics(WindowsProcess&, Ptr out) {
  if (!out) return kInvalidParameter;
  auto i = snmp("Icmp");
  static const char* const kinds[13] = {"Msgs",       "Errors",        "DestUnreachs", "TimeExcds", "ParmProbs",
                                         "SrcQuenchs", "Redirects",     "Echos",        "EchoReps",  "Timestamps",
                                         "TimestampReps", "AddrMasks", "AddrMaskReps"};
  uint32_t v[26];
  for (int k = 0; k < 13; ++k) {
    v[k] = static_cast<uint32_t>(i[std::string("In") + kinds[k]]);
    v[13 + k] = static_cast<uint32_t>(i[std::string("Out") + kinds[k]]);
  }
  std::memcpy(out.as<uint32_t>(), v, sizeof v);
  return kNoError;
}

// ---- the network's parameters ----

// FIXED_INFO: HostName[132], DomainName[132], CurrentDnsServer, DnsServerList (IP_ADDR_STRING:
// Next, IpAddress[16], IpMask[16], Context), NodeType, ScopeId[260], EnableRouting, EnableProxy,
// EnableDns; the further name servers' IP_ADDR_STRINGs after it, in the same buffer.
uint32_t GetNetworkParams(WindowsProcess& p, Ptr out, Ptr size) {
  if (!size) return kInvalidParameter;
  const unsigned ptr = p.isa->ptr;
  std::vector<std::string> servers;
  std::string domain;
  std::ifstream conf("/etc/resolv.conf");
  std::string line;
  while (std::getline(conf, line)) {
    std::istringstream f(line);
    std::string key, value;
    if (!(f >> key >> value)) continue;
    if (key == "nameserver" && value.find(':') == std::string::npos && value.size() < 16) servers.push_back(value);
    else if ((key == "domain" || (key == "search" && domain.empty())) && value.size() < 132) domain = value;
  }
  const size_t addr_string = ptr == 8 ? 48 : 40;  // IP_ADDR_STRING
  const size_t head = ptr == 8 ? 600 : 584;        // FIXED_INFO
  const size_t extra = servers.size() > 1 ? (servers.size() - 1) * addr_string : 0;
  const size_t need = head + extra;
  if (!out || get<uint32_t>(size.addr) < need) {
    put<uint32_t>(size.addr, static_cast<uint32_t>(need));
    return kBufferOverflow;
  }
  uint8_t* b = out.as<uint8_t>();
  std::memset(b, 0, need);
  std::string host;
  computer_name(1, host);  // the DNS host name
  std::snprintf(reinterpret_cast<char*>(b), 132, "%s", host.c_str());
  std::snprintf(reinterpret_cast<char*>(b + 132), 132, "%s", domain.c_str());
  const size_t list = 264 + ptr;  // DnsServerList, after CurrentDnsServer
  for (size_t i = 0; i < servers.size(); ++i) {
    const size_t at = i == 0 ? list : head + (i - 1) * addr_string;
    std::snprintf(reinterpret_cast<char*>(b + at + ptr), 16, "%s", servers[i].c_str());
    std::snprintf(reinterpret_cast<char*>(b + at + ptr + 16), 16, "%s", "255.255.255.255");
    if (i + 1 < servers.size()) p.put_ptr(out.addr + at, out.addr + head + i * addr_string);
  }
  if (!servers.empty()) p.put_ptr(out.addr + 264, out.addr + list);  // CurrentDnsServer: the first
  const size_t node_type = list + addr_string;
  put<uint32_t>(out.addr + node_type, 1);  // BROADCAST_NODETYPE: no WINS server
  put<uint32_t>(out.addr + node_type + 4 + 260, 0);  // EnableRouting
  put<uint32_t>(out.addr + node_type + 4 + 264, 0);  // EnableProxy
  put<uint32_t>(out.addr + node_type + 4 + 268, servers.empty() ? 0 : 1);  // EnableDns
  put<uint32_t>(size.addr, static_cast<uint32_t>(need));
  return kNoError;
}

// ---- routes and neighbours ----

// GetIpForwardTable: the host's IPv4 routes (/proc/net/route), MIB_IPFORWARDROW {Dest, Mask,
// Policy, NextHop, IfIndex, Type (3 direct, 4 indirect), Proto (MIB_IPPROTO_NETMGMT), Age,
// NextHopAS, Metric1-5}; ordered by destination when asked.
uint32_t GetIpForwardTable(WindowsProcess& p, Ptr table, Ptr size, BOOL order) {
  if (!size) return kInvalidParameter;
  struct Route {
    uint32_t dest, mask, gateway, index, metric;
  };
  std::vector<Route> routes;
  std::ifstream in("/proc/net/route");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string iface, dest, gw, flags, refs, use, metric, mask;
    if (!(f >> iface >> dest >> gw >> flags >> refs >> use >> metric >> mask)) continue;
    try {
      if (!(std::stoul(flags, nullptr, 16) & 1)) continue;  // RTF_UP
      routes.push_back({static_cast<uint32_t>(std::stoul(dest, nullptr, 16)), static_cast<uint32_t>(std::stoul(mask, nullptr, 16)),
                        static_cast<uint32_t>(std::stoul(gw, nullptr, 16)), if_nametoindex(iface.c_str()),
                        static_cast<uint32_t>(std::stoul(metric))});
    } catch (...) {
    }
  }
  if (order)
    std::stable_sort(routes.begin(), routes.end(), [](const Route& a, const Route& b) { return ntohl(a.dest) < ntohl(b.dest); });
  std::vector<std::vector<uint8_t>> rows;
  for (const Route& r : routes) {
    std::vector<uint8_t> row;
    for (uint32_t v : {r.dest, r.mask, 0u, r.gateway, r.index, r.gateway ? 4u : 3u, 3u, 0u, 0u, r.metric, ~0u, ~0u, ~0u, ~0u})
      put32(row, v);
    rows.push_back(std::move(row));
  }
  return give_table(p, table, size, 4, rows, 56);
}

// GetIpNetTable: the host's ARP cache (/proc/net/arp), MIB_IPNETROW {Index, PhysAddrLen,
// PhysAddr[8], Addr, Type (3 dynamic, 4 static, 2 invalid)}; ERROR_NO_DATA when it is empty.
uint32_t GetIpNetTable(WindowsProcess& p, Ptr table, Ptr size, BOOL order) {
  if (!size) return kInvalidParameter;
  struct Neighbour {
    uint32_t addr, index, type;
    uint8_t mac[8];
  };
  std::vector<Neighbour> entries;
  std::ifstream in("/proc/net/arp");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string ip, hw_type, flags, hw, mask, device;
    if (!(f >> ip >> hw_type >> flags >> hw >> mask >> device)) continue;
    Neighbour n{};
    in_addr a{};
    unsigned m[6];
    if (inet_pton(AF_INET, ip.c_str(), &a) != 1 ||
        std::sscanf(hw.c_str(), "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6)
      continue;
    n.addr = a.s_addr;
    for (int i = 0; i < 6; ++i) n.mac[i] = static_cast<uint8_t>(m[i]);
    n.index = if_nametoindex(device.c_str());
    const unsigned long fl = std::stoul(flags, nullptr, 16);
    n.type = (fl & 0x4) ? 4 : (fl & 0x2) ? 3 : 2;  // ATF_PERM, ATF_COM
    entries.push_back(n);
  }
  if (entries.empty()) return kNoData;
  if (order)
    std::sort(entries.begin(), entries.end(), [](const Neighbour& a, const Neighbour& b) { return ntohl(a.addr) < ntohl(b.addr); });
  std::vector<std::vector<uint8_t>> rows;
  for (const Neighbour& n : entries) {
    std::vector<uint8_t> row;
    put32(row, n.index);
    put32(row, 6);
    put_bytes(row, n.mac, 8);
    put32(row, n.addr);
    put32(row, n.type);
    rows.push_back(std::move(row));
  }
  return give_table(p, table, size, 4, rows, 24);
}

// GetNumberOfInterfaces: the host's interfaces.
uint32_t GetNumberOfInterfaces(WindowsProcess&, Ptr count) {
  if (!count) return kInvalidParameter;
  uint32_t n = 0;
  if (struct if_nameindex* names = ::if_nameindex()) {
    for (struct if_nameindex* i = names; i->if_index; ++i) ++n;
    if_freenameindex(names);
  }
  put<uint32_t>(count.addr, n);
  return kNoError;
}

// GetFriendlyIfIndex: an interface index as it is (Windows' indexes have no other "friendly" form).
uint32_t GetFriendlyIfIndex(WindowsProcess&, uint32_t index) { return index; }

}  // namespace
}  // namespace ip_tables

const std::vector<Export>& iphlpapi_ip_table_exports() {
  using namespace ip_tables;
  static const std::vector<Export> e = {
      EXPORT("GetTcpTable", GetTcpTable),
      EXPORT("GetTcp6Table", GetTcp6Table),
      EXPORT("GetExtendedTcpTable", GetExtendedTcpTable),
      EXPORT("GetUdpTable", GetUdpTable),
      EXPORT("GetUdp6Table", GetUdp6Table),
      EXPORT("GetExtendedUdpTable", GetExtendedUdpTable),
      EXPORT("GetTcpStatistics", GetTcpStatistics),
      EXPORT("GetTcpStatisticsEx", GetTcpStatisticsEx),
      EXPORT("GetUdpStatistics", GetUdpStatistics),
      EXPORT("GetUdpStatisticsEx", GetUdpStatisticsEx),
      EXPORT("GetIpStatistics", GetIpStatistics),
      EXPORT("GetIpStatisticsEx", GetIpStatisticsEx),
      EXPORT("GetIcmpStatistics", GetIcmpStatistics),
      EXPORT("GetNetworkParams", GetNetworkParams),
      EXPORT("GetIpForwardTable", GetIpForwardTable),
      EXPORT("GetIpNetTable", GetIpNetTable),
      EXPORT("GetNumberOfInterfaces", GetNumberOfInterfaces),
      EXPORT("GetFriendlyIfIndex", GetFriendlyIfIndex),
  };
  return e;
}

}  // namespace polyrun::shims
