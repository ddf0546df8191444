/* IPHLPAPI's older interface functions, checked against each other and against the loopback
 * (what every host has): GetIfTable and GetIfEntry, GetIpAddrTable, GetAdaptersInfo (every
 * interface but the loopback), GetAdapterIndex of GetIfTable's names, GetBestInterface. Expected
 * output: wine 8.0's (x64), but as wine-differences.txt says. */
// Links: -liphlpapi -lws2_32
#include <winsock2.h>
#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  DWORD size = 0;
  DWORD r = GetIfTable(NULL, &size, TRUE);
  printf("GetIfTable size: %lu\n", r);
  MIB_IFTABLE *it = malloc(size);
  r = GetIfTable(it, &size, TRUE);
  DWORD lo = 0, others = 0, ordered = 1;
  for (DWORD i = 0; r == 0 && i < it->dwNumEntries; i++) {
    MIB_IFROW *w = &it->table[i];
    if (i && it->table[i - 1].dwIndex > w->dwIndex) ordered = 0;
    if (w->dwType == IF_TYPE_SOFTWARE_LOOPBACK) {
      lo = w->dwIndex;
      printf("loopback: mtu %d, physical address %lu bytes, operational %d, description [%.*s]\n", w->dwMtu > 0,
             w->dwPhysAddrLen, w->dwOperStatus == IF_OPER_STATUS_OPERATIONAL, (int)w->dwDescrLen, w->bDescr);
    } else {
      others++;
    }
  }
  printf("GetIfTable: %lu, a loopback %d, ordered %d\n", r, lo != 0, ordered);
  MIB_IFROW one = {0};
  one.dwIndex = lo;
  r = GetIfEntry(&one);
  printf("GetIfEntry(loopback): %lu, type %lu\n", r, one.dwType);
  one.dwIndex = 0x7777;
  printf("GetIfEntry(no such index): %lu\n", GetIfEntry(&one));
  printf("GetIfEntry(NULL): %lu\n", GetIfEntry(NULL));
  printf("GetIfTable(no size): %lu\n", GetIfTable(it, NULL, TRUE));

  size = 0;
  r = GetIpAddrTable(NULL, &size, TRUE);
  printf("GetIpAddrTable size: %lu\n", r);
  MIB_IPADDRTABLE *at = malloc(size);
  r = GetIpAddrTable(at, &size, TRUE);
  int found = 0;
  for (DWORD i = 0; r == 0 && i < at->dwNumEntries; i++)
    if (at->table[i].dwAddr == htonl(INADDR_LOOPBACK))
      found = at->table[i].dwIndex == lo && at->table[i].dwMask == htonl(0xff000000);
  printf("GetIpAddrTable: %lu, 127.0.0.1/8 on the loopback %d\n", r, found);

  ULONG asize = 0;
  r = GetAdaptersInfo(NULL, &asize);
  printf("GetAdaptersInfo size: %lu\n", others ? r : ERROR_BUFFER_OVERFLOW);
  IP_ADAPTER_INFO *ai = malloc(asize + 1);
  r = GetAdaptersInfo(ai, &asize);
  DWORD adapters = 0;
  int loopback_listed = 0, addresses = 1;
  for (IP_ADAPTER_INFO *a = ai; r == 0 && a; a = a->Next) {
    adapters++;
    loopback_listed |= a->Index == lo;
    addresses &= a->IpAddressList.IpAddress.String[0] != 0;
  }
  printf("GetAdaptersInfo: %lu, every interface but the loopback %d, addresses %d\n", others ? r : 0,
         adapters == others && !loopback_listed, addresses);

  ULONG index = 0;
  r = it->dwNumEntries ? GetAdapterIndex(it->table[0].wszName, &index) : 1;
  printf("GetAdapterIndex(GetIfTable's first name): %lu, the same index %d\n", r, index == it->table[0].dwIndex);
  printf("GetAdapterIndex(no such name): %lu\n", GetAdapterIndex(L"\\DEVICE\\TCPIP_nonexistent0", &index));
  DWORD best = 0;
  r = GetBestInterface(htonl(INADDR_LOOPBACK), &best);
  printf("GetBestInterface(127.0.0.1): %lu, the loopback %d\n", r, best == lo);
  return 0;
}
