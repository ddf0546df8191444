/* IPHLPAPI's tables of the machine's network: the interface table (GetIfTable2, GetIfEntry2),
 * the unicast and anycast address tables, prefix masks, the best route to an address and IP
 * interface change notifications. It prints facts every machine shares (its loopback interface
 * and address, error codes), never this machine's own interfaces or addresses. */
// Links: -liphlpapi -lws2_32
#define _WIN32_WINNT 0x0601
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <stdio.h>
#include <string.h>

static volatile LONG calls;
static volatile LONG last_type = -1, row_was_null = -1, context_ok = -1, other_thread = -1;
static DWORD main_thread;
static HANDLE called;

static void WINAPI on_change(void *context, MIB_IPINTERFACE_ROW *row, MIB_NOTIFICATION_TYPE type) {
  InterlockedIncrement(&calls);
  last_type = type;
  row_was_null = row == NULL;
  context_ok = context == (void *)&calls;
  other_thread = GetCurrentThreadId() != main_thread;
  SetEvent(called);
}

typedef DWORD(WINAPI *anycast_fn)(ADDRESS_FAMILY, MIB_ANYCASTIPADDRESS_TABLE **);

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  main_thread = GetCurrentThreadId();

  /* The interface table. */
  MIB_IF_TABLE2 *table = NULL;
  DWORD r = GetIfTable2(&table);
  printf("GetIfTable2: %lu, has entries: %s\n", r, table && table->NumEntries > 0 ? "yes" : "no");
  const MIB_IF_ROW2 *lo = NULL;
  for (ULONG i = 0; table && i < table->NumEntries; i++)
    if (table->Table[i].Type == IF_TYPE_SOFTWARE_LOOPBACK) lo = &table->Table[i];
  printf("loopback interface present: %s\n", lo ? "yes" : "no");
  NET_LUID lo_luid = {0};
  NET_IFINDEX lo_index = 0;
  if (lo) {
    lo_luid = lo->InterfaceLuid;
    lo_index = lo->InterfaceIndex;
    NET_LUID by_index;
    ConvertInterfaceIndexToLuid(lo->InterfaceIndex, &by_index);
    printf("loopback: type %lu, oper status %d (up), admin status %d, access type %d, media connected %d, mtu set: %s\n",
           lo->Type, lo->OperStatus, lo->AdminStatus, lo->AccessType, lo->MediaConnectState, lo->Mtu ? "yes" : "no");
    printf("loopback: LUID type %u, index in LUID: %s, LUID as ConvertInterfaceIndexToLuid gives: %s\n",
           (unsigned)lo->InterfaceLuid.Info.IfType, lo->InterfaceLuid.Info.NetLuidIndex ? "yes" : "no",
           by_index.Value == lo->InterfaceLuid.Value ? "yes" : "no");
    printf("loopback: physical address length %lu, alias set: %s, description set: %s\n", lo->PhysicalAddressLength,
           lo->Alias[0] ? "yes" : "no", lo->Description[0] ? "yes" : "no");
  }
  FreeMibTable(table);
  printf("GetIfTable2(NULL): %lu\n", GetIfTable2(NULL));

  MIB_IF_ROW2 row;
  memset(&row, 0, sizeof row);
  row.InterfaceIndex = lo_index;
  r = GetIfEntry2(&row);
  printf("GetIfEntry2 by index: %lu, type %lu, same LUID: %s\n", r, row.Type,
         row.InterfaceLuid.Value == lo_luid.Value ? "yes" : "no");
  memset(&row, 0, sizeof row);
  row.InterfaceLuid = lo_luid;
  r = GetIfEntry2(&row);
  printf("GetIfEntry2 by LUID: %lu, same index: %s\n", r, row.InterfaceIndex == lo_index ? "yes" : "no");
  memset(&row, 0, sizeof row);
  row.InterfaceIndex = 0x7fff0000;
  printf("GetIfEntry2 of an index no interface has: %lu\n", GetIfEntry2(&row));
  memset(&row, 0, sizeof row);
  printf("GetIfEntry2 with neither LUID nor index: %lu\n", GetIfEntry2(&row));
  printf("GetIfEntry2(NULL): %lu\n", GetIfEntry2(NULL));
  FreeMibTable(NULL);
  printf("FreeMibTable(NULL): returned\n");

  /* The unicast address table. */
  MIB_UNICASTIPADDRESS_TABLE *unicast = NULL;
  r = GetUnicastIpAddressTable(AF_UNSPEC, &unicast);
  int found = 0;
  for (ULONG i = 0; !r && i < unicast->NumEntries; i++) {
    const MIB_UNICASTIPADDRESS_ROW *u = &unicast->Table[i];
    if (u->Address.si_family == AF_INET && u->Address.Ipv4.sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
      found = 1;
      printf("127.0.0.1: on the loopback: %s, prefix length %u, DAD state %d, LUID matches index: %s\n",
             u->InterfaceIndex == lo_index ? "yes" : "no", u->OnLinkPrefixLength, u->DadState,
             u->InterfaceLuid.Value == lo_luid.Value ? "yes" : "no");
    }
  }
  printf("GetUnicastIpAddressTable(AF_UNSPEC): %lu, 127.0.0.1 listed: %s\n", r, found ? "yes" : "no");
  FreeMibTable(unicast);
  int families[2] = {AF_INET, AF_INET6};
  for (int f = 0; f < 2; f++) {
    unicast = NULL;
    r = GetUnicastIpAddressTable(families[f], &unicast);
    int all = 1;
    for (ULONG i = 0; !r && i < unicast->NumEntries; i++) all &= unicast->Table[i].Address.si_family == families[f];
    /* (a machine without IPv6 has no IPv6 addresses: ERROR_NOT_FOUND) */
    printf("GetUnicastIpAddressTable(%s): rows all of the family: %s\n", f ? "AF_INET6" : "AF_INET",
           (!r && all) || r == ERROR_NOT_FOUND ? "yes" : "no");
    if (!r) FreeMibTable(unicast);
  }
  printf("GetUnicastIpAddressTable(family 99): %lu\n", GetUnicastIpAddressTable(99, &unicast));
  printf("GetUnicastIpAddressTable(AF_INET, NULL): %lu\n", GetUnicastIpAddressTable(AF_INET, NULL));

  /* The anycast table (IPv4 has no anycast addresses). */
  anycast_fn get_anycast = (anycast_fn)GetProcAddress(GetModuleHandleA("iphlpapi.dll"), "GetAnycastIpAddressTable");
  if (get_anycast) {
    MIB_ANYCASTIPADDRESS_TABLE *anycast = NULL;
    r = get_anycast(AF_INET, &anycast);
    printf("GetAnycastIpAddressTable(AF_INET): %lu, rows %lu\n", r, anycast ? anycast->NumEntries : 0);
    FreeMibTable(anycast);
    printf("GetAnycastIpAddressTable(family 99): %lu\n", get_anycast(99, &anycast));
    printf("GetAnycastIpAddressTable(AF_UNSPEC, NULL): %lu\n", get_anycast(AF_UNSPEC, NULL));
  } else {
    printf("GetAnycastIpAddressTable: not exported\n");
  }

  /* Prefix lengths as IPv4 masks (network byte order). */
  ULONG lengths[] = {0, 1, 8, 20, 24, 31, 32};
  for (int i = 0; i < 7; i++) {
    ULONG mask = 0x12345678;
    r = ConvertLengthToIpv4Mask(lengths[i], &mask);
    printf("ConvertLengthToIpv4Mask(%lu): %lu, mask %08lx\n", lengths[i], r, (unsigned long)ntohl(mask));
  }
  ULONG mask = 0x12345678;
  r = ConvertLengthToIpv4Mask(33, &mask);
  printf("ConvertLengthToIpv4Mask(33): %lu, mask %08lx\n", r, mask);

  /* The best route to the loopback address. */
  SOCKADDR_INET dest, source;
  MIB_IPFORWARD_ROW2 route;
  memset(&dest, 0, sizeof dest);
  dest.Ipv4.sin_family = AF_INET;
  dest.Ipv4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  memset(&route, 0xcc, sizeof route);
  memset(&source, 0xcc, sizeof source);
  r = GetBestRoute2(NULL, 0, NULL, &dest, 0, &route, &source);
  if (r == NO_ERROR) {
    ULONG prefix = ntohl(route.DestinationPrefix.Prefix.Ipv4.sin_addr.s_addr);
    ULONG plen = route.DestinationPrefix.PrefixLength;
    int holds = plen <= 32 && (plen == 0 || ((INADDR_LOOPBACK ^ prefix) >> (32 - plen)) == 0);
    printf("GetBestRoute2 to 127.0.0.1: %lu, through the loopback: %s, source %s, next hop unspecified: %s, "
           "prefix holds it: %s\n",
           r, route.InterfaceIndex == lo_index && route.InterfaceLuid.Value == lo_luid.Value ? "yes" : "no",
           source.si_family == AF_INET && source.Ipv4.sin_addr.s_addr == htonl(INADDR_LOOPBACK) ? "127.0.0.1" : "other",
           route.NextHop.si_family == AF_INET && route.NextHop.Ipv4.sin_addr.s_addr == 0 ? "yes" : "no",
           holds ? "yes" : "no");
  } else {
    printf("GetBestRoute2 to 127.0.0.1: %lu\n", r);
  }
  printf("GetBestRoute2 with no destination: %lu\n", GetBestRoute2(NULL, 0, NULL, NULL, 0, &route, &source));
  printf("GetBestRoute2 through an interface no one has: %lu\n",
         GetBestRoute2(NULL, 0x7fff0000, NULL, &dest, 0, &route, &source));

  /* IP interface change notifications: the initial one comes on a thread of the system's. */
  called = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE h = NULL;
  r = NotifyIpInterfaceChange(AF_UNSPEC, on_change, (void *)&calls, TRUE, &h);
  printf("NotifyIpInterfaceChange(initial notification): %lu, handle set: %s\n", r, h ? "yes" : "no");
  if (WaitForSingleObject(called, 2000) == WAIT_OBJECT_0)
    printf("initial notification: type %ld, row NULL: %s, context passed: %s, on another thread: %s\n", last_type,
           row_was_null ? "yes" : "no", context_ok ? "yes" : "no", other_thread ? "yes" : "no");
  else
    printf("initial notification: none\n");
  printf("CancelMibChangeNotify2: %lu\n", CancelMibChangeNotify2(h));
  LONG before = calls;
  h = NULL;
  r = NotifyIpInterfaceChange(AF_INET, on_change, NULL, FALSE, &h);
  Sleep(100);
  printf("NotifyIpInterfaceChange(no initial notification): %lu, called meanwhile: %s\n", r, calls != before ? "yes" : "no");
  printf("CancelMibChangeNotify2: %lu\n", CancelMibChangeNotify2(h));
  h = (HANDLE)1;
  printf("NotifyIpInterfaceChange(family 99): %lu\n", NotifyIpInterfaceChange(99, on_change, NULL, FALSE, &h));
  printf("CancelMibChangeNotify2(NULL): %lu\n", CancelMibChangeNotify2(NULL));
  CloseHandle(called);
  WSACleanup();
  return 0;
}
