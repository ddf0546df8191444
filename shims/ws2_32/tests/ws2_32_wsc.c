/* WS2_32's WSCEnumProtocols, the service providers' view of the protocol catalogue: before
 * WSAStartup, the length asked for with no buffer, the records (compared with WSAEnumProtocolsW's
 * once started), a list of protocols, and no length. */
// Links: -lws2_32
#include <winsock2.h>
#include <ws2spi.h>
#include <stdio.h>
#include <string.h>

static WSAPROTOCOL_INFOW a[32], b[32];

int main(void) {
  DWORD len = 0;
  int err = 0;
  SetLastError(0);
  int n = WSCEnumProtocols(NULL, NULL, &len, &err);
  printf("WSCEnumProtocols(no buffer): %d, error %d, length a whole number of records %d\n", n, err,
         len % sizeof(WSAPROTOCOL_INFOW) == 0 && len > 0);
  len = sizeof a;
  err = 0;
  n = WSCEnumProtocols(NULL, a, &len, &err);
  printf("WSCEnumProtocols before WSAStartup: %s, error %d\n", n > 0 ? "records" : "none", err);
  int total = n;

  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  DWORD blen = sizeof b;
  int m = WSAEnumProtocolsW(NULL, b, &blen);
  int same = m == total;
  for (int i = 0; same && i < m; ++i) same = !wcscmp(a[i].szProtocol, b[i].szProtocol) && a[i].iProtocol == b[i].iProtocol &&
                                        a[i].iSocketType == b[i].iSocketType && a[i].dwCatalogEntryId == b[i].dwCatalogEntryId;
  printf("the same as WSAEnumProtocolsW's: %d\n", same);

  int tcp_only[] = {IPPROTO_TCP, 0};
  len = sizeof a;
  n = WSCEnumProtocols(tcp_only, a, &len, &err);
  int all_tcp = n > 0;
  for (int i = 0; i < n; ++i) all_tcp &= a[i].iProtocol == IPPROTO_TCP && a[i].iSocketType == SOCK_STREAM;
  printf("WSCEnumProtocols({IPPROTO_TCP}): TCP records only %d, length unchanged %d\n", all_tcp, len == sizeof a);

  int none[] = {9999, 0};
  len = sizeof a;
  err = 0;
  n = WSCEnumProtocols(none, a, &len, &err);
  printf("WSCEnumProtocols({9999}): %d, error %d, length unchanged %d\n", n, err, len == sizeof a);
  WSACleanup();
  return 0;
}
