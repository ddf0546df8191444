/* IPHLPAPI's IPv4/IPv6 tables and counters: TCP connections and listeners (GetTcpTable,
 * GetExtendedTcpTable with owners, GetTcp6Table), UDP endpoints (GetUdpTable, GetExtendedUdpTable),
 * the TCP, UDP, IP and ICMP statistics, GetNetworkParams, the routes and the ARP cache,
 * GetNumberOfInterfaces and GetFriendlyIfIndex, checked against sockets the program opens itself. Expected output: wine
 * 8.0's (x64). */
// Links: -liphlpapi -lws2_32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {AF_INET};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(l, (struct sockaddr *)&a, sizeof a);
  listen(l, 1);
  int n = sizeof a;
  getsockname(l, (struct sockaddr *)&a, &n);
  const u_short port = a.sin_port;
  SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
  connect(c, (struct sockaddr *)&a, sizeof a);
  SOCKET s = accept(l, NULL, NULL);
  struct sockaddr_in ca;
  n = sizeof ca;
  getsockname(c, (struct sockaddr *)&ca, &n);
  SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in ua = {AF_INET};
  ua.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(u, (struct sockaddr *)&ua, sizeof ua);
  n = sizeof ua;
  getsockname(u, (struct sockaddr *)&ua, &n);
  printf("sockets %d %d %d %d\n", l != INVALID_SOCKET, c != INVALID_SOCKET, s != INVALID_SOCKET, u != INVALID_SOCKET);

  DWORD size = 0;
  DWORD r = GetTcpTable(NULL, &size, TRUE);
  printf("GetTcpTable size: %lu %d\n", r, size >= sizeof(MIB_TCPTABLE));
  MIB_TCPTABLE *t = malloc(size + 4096);
  size += 4096;
  r = GetTcpTable(t, &size, TRUE);
  int listener = 0, client = 0, server = 0, sorted = 1;
  for (DWORD i = 0; r == 0 && i < t->dwNumEntries; i++) {
    MIB_TCPROW *row = &t->table[i];
    if (row->dwLocalAddr == htonl(INADDR_LOOPBACK) && (u_short)row->dwLocalPort == port && row->dwState == MIB_TCP_STATE_LISTEN) listener = 1;
    if ((u_short)row->dwLocalPort == ca.sin_port && (u_short)row->dwRemotePort == port && row->dwState == MIB_TCP_STATE_ESTAB) client = 1;
    if ((u_short)row->dwLocalPort == port && (u_short)row->dwRemotePort == ca.sin_port && row->dwState == MIB_TCP_STATE_ESTAB) server = 1;
    if (i && (ntohl(t->table[i - 1].dwLocalAddr) > ntohl(row->dwLocalAddr) ||
              (t->table[i - 1].dwLocalAddr == row->dwLocalAddr &&
               ntohs((u_short)t->table[i - 1].dwLocalPort) > ntohs((u_short)row->dwLocalPort))))
      sorted = 0;
  }
  printf("GetTcpTable: %lu listener %d client %d server %d sorted %d\n", r, listener, client, server, sorted);
  size = 10;
  printf("GetTcpTable into 10 bytes: %lu\n", GetTcpTable(t, &size, FALSE));
  printf("GetTcpTable without size: %lu\n", GetTcpTable(t, NULL, FALSE));

  size = 65536;
  MIB_TCPTABLE_OWNER_PID *op = malloc(size);
  r = GetExtendedTcpTable(op, &size, TRUE, AF_INET, TCP_TABLE_OWNER_PID_ALL, 0);
  int mine = 0;
  for (DWORD i = 0; r == 0 && i < op->dwNumEntries; i++)
    if ((u_short)op->table[i].dwLocalPort == port && op->table[i].dwState == MIB_TCP_STATE_LISTEN)
      mine = op->table[i].dwOwningPid == GetCurrentProcessId();
  printf("GetExtendedTcpTable owner PID: %lu, the listener is this process's %d\n", r, mine);
  size = 65536;
  r = GetExtendedTcpTable(op, &size, FALSE, AF_INET, TCP_TABLE_BASIC_LISTENER, 0);
  int connections = 0;
  for (DWORD i = 0; r == 0 && i < ((MIB_TCPTABLE *)op)->dwNumEntries; i++)
    connections += ((MIB_TCPTABLE *)op)->table[i].dwState != MIB_TCP_STATE_LISTEN;
  printf("GetExtendedTcpTable listeners: %lu, other states %d\n", r, connections);
  size = 65536;
  printf("GetExtendedTcpTable IPv6: %lu\n", GetExtendedTcpTable(op, &size, FALSE, AF_INET6, TCP_TABLE_OWNER_PID_ALL, 0));
  size = 65536;
  printf("GetExtendedTcpTable of another family: %lu\n", GetExtendedTcpTable(op, &size, FALSE, 99, TCP_TABLE_BASIC_ALL, 0));

  size = 0;
  r = GetUdpTable(NULL, &size, TRUE);
  printf("GetUdpTable size: %lu\n", r);
  MIB_UDPTABLE *ut = malloc(size + 4096);
  size += 4096;
  r = GetUdpTable(ut, &size, TRUE);
  int udp = 0;
  for (DWORD i = 0; r == 0 && i < ut->dwNumEntries; i++)
    udp |= ut->table[i].dwLocalAddr == htonl(INADDR_LOOPBACK) && (u_short)ut->table[i].dwLocalPort == ua.sin_port;
  printf("GetUdpTable: %lu found %d\n", r, udp);
  size = 65536;
  MIB_UDPTABLE_OWNER_PID *uo = malloc(size);
  r = GetExtendedUdpTable(uo, &size, FALSE, AF_INET, UDP_TABLE_OWNER_PID, 0);
  mine = 0;
  for (DWORD i = 0; r == 0 && i < uo->dwNumEntries; i++)
    if ((u_short)uo->table[i].dwLocalPort == ua.sin_port) mine = uo->table[i].dwOwningPid == GetCurrentProcessId();
  printf("GetExtendedUdpTable owner PID: %lu, this process's %d\n", r, mine);

  MIB_TCPSTATS ts;
  r = GetTcpStatistics(&ts);
  printf("GetTcpStatistics: %lu current %d segments %d\n", r, ts.dwCurrEstab >= 2, ts.dwInSegs > 0 && ts.dwOutSegs > 0);
  MIB_UDPSTATS us;
  r = GetUdpStatistics(&us);
  printf("GetUdpStatistics: %lu\n", r);
  MIB_IPSTATS is;
  r = GetIpStatistics(&is);
  printf("GetIpStatistics: %lu ttl %lu forwarding %d\n", r, is.dwDefaultTTL, is.dwForwarding == MIB_IP_FORWARDING || is.dwForwarding == MIB_IP_NOT_FORWARDING);
  MIB_ICMP ic;
  printf("GetIcmpStatistics: %lu\n", GetIcmpStatistics(&ic));
  printf("null statistics: %lu %lu\n", GetTcpStatistics(NULL), GetIpStatistics(NULL));

  size = 0;
  r = GetNetworkParams(NULL, &size);
  printf("GetNetworkParams size: %lu %d\n", r, size >= sizeof(FIXED_INFO));
  FIXED_INFO *fi = malloc(size);
  r = GetNetworkParams(fi, &size);
  char host[256];
  DWORD hn = sizeof host;
  GetComputerNameExA(ComputerNameDnsHostname, host, &hn);
  printf("GetNetworkParams: %lu host name the DNS host name %d, DNS server %d, routing %u proxy %u\n", r,
         !strcmp(fi->HostName, host), fi->DnsServerList.IpAddress.String[0] != 0, fi->EnableRouting, fi->EnableProxy);
  size = 0;
  r = GetIpForwardTable(NULL, &size, TRUE);
  printf("GetIpForwardTable size: %lu\n", r);
  MIB_IPFORWARDTABLE *ft = malloc(size);
  r = GetIpForwardTable(ft, &size, TRUE);
  int consistent = 1, route_order = 1;
  for (DWORD i = 0; r == 0 && i < ft->dwNumEntries; i++) {
    MIB_IPFORWARDROW *row = &ft->table[i];
    consistent &= (row->dwForwardDest & row->dwForwardMask) == row->dwForwardDest && row->dwForwardIfIndex != 0 &&
                  (row->dwForwardType == MIB_IPROUTE_TYPE_DIRECT || row->dwForwardType == MIB_IPROUTE_TYPE_INDIRECT);
    if (i && ntohl(ft->table[i - 1].dwForwardDest) > ntohl(row->dwForwardDest)) route_order = 0;
  }
  printf("GetIpForwardTable: %lu, rows consistent %d, ordered %d\n", r, consistent, route_order);
  size = 0;
  r = GetIpNetTable(NULL, &size, TRUE);
  printf("GetIpNetTable size: %lu\n", r == ERROR_NO_DATA ? ERROR_INSUFFICIENT_BUFFER : r);
  MIB_IPNETTABLE *nt = malloc(size + 24);
  size += 24;
  r = GetIpNetTable(nt, &size, TRUE);
  int arp_ok = 1;
  for (DWORD i = 0; r == 0 && i < nt->dwNumEntries; i++)
    arp_ok &= nt->table[i].dwIndex != 0 && (nt->table[i].dwPhysAddrLen == 6 || nt->table[i].dwPhysAddrLen == 0);
  printf("GetIpNetTable: answered %d, rows %d\n", r == 0 || r == ERROR_NO_DATA, arp_ok);
  DWORD count = 0;
  printf("GetNumberOfInterfaces: %lu\n", GetNumberOfInterfaces(&count));
  DWORD friendly = GetFriendlyIfIndex(0x12345678);
  printf("GetFriendlyIfIndex: %lx\n", friendly);
  closesocket(c);
  closesocket(s);
  closesocket(l);
  closesocket(u);
  return 0;
}
