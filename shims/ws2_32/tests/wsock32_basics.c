// WSOCK32.dll, Winsock 1.1 (winsock.h): a UDP exchange over the loopback with its functions, and
// the IPPROTO_IP options Winsock 1.1 numbers differently from Winsock 2 (IP_TTL is 7 here, 4 in
// ws2ipdef.h): set through WSOCK32, read back through WSOCK32 and through WS2_32 by Winsock 2's
// numbers.
// Links: -lwsock32
#include <stdio.h>
#include <string.h>
#include <winsock.h>

typedef int(WINAPI* getsockopt_fn)(SOCKET, int, int, char*, int*);

int main(void) {
  WSADATA wsa;
  int r = WSAStartup(MAKEWORD(1, 1), &wsa);
  printf("WSAStartup(1.1): %d version %d.%d\n", r, LOBYTE(wsa.wVersion), HIBYTE(wsa.wVersion));
  SOCKET a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
  printf("sockets: %d %d\n", a != INVALID_SOCKET, b != INVALID_SOCKET);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = inet_addr("127.0.0.1");
  printf("bind: %d\n", bind(b, (struct sockaddr*)&addr, sizeof addr));
  int len = sizeof addr;
  getsockname(b, (struct sockaddr*)&addr, &len);
  printf("bound to %s, a port %d\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port) != 0);
  printf("sendto: %d\n", sendto(a, "winsock one", 11, 0, (struct sockaddr*)&addr, sizeof addr));
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(b, &readable);
  struct timeval tv = {5, 0};
  r = select(0, &readable, NULL, NULL, &tv);
  printf("select: %d set %d\n", r, FD_ISSET(b, &readable) != 0);
  char buf[32] = "";
  r = recv(b, buf, sizeof buf - 1, 0);
  printf("recv: %d \"%s\"\n", r, buf);

  // Winsock 1.1's option numbers, and what WS2_32 calls them.
  HMODULE ws2 = LoadLibraryA("ws2_32.dll");
  getsockopt_fn ws2_getsockopt = (getsockopt_fn)GetProcAddress(ws2, "getsockopt");
  struct {
    const char* name;
    int ws1, ws2, value;
  } options[] = {{"IP_TTL", IP_TTL, 4, 33}, {"IP_TOS", IP_TOS, 3, 16}, {"IP_MULTICAST_TTL", IP_MULTICAST_TTL, 10, 5},
                 {"IP_MULTICAST_LOOP", IP_MULTICAST_LOOP, 11, 0}};
  for (int i = 0; i < 4; ++i) {
    int value = options[i].value, got = -1, got2 = -1, n = sizeof got, n2 = sizeof got2;
    int set = setsockopt(a, IPPROTO_IP, options[i].ws1, (char*)&value, sizeof value);
    int get = getsockopt(a, IPPROTO_IP, options[i].ws1, (char*)&got, &n);
    int get2 = ws2_getsockopt ? ws2_getsockopt(a, IPPROTO_IP, options[i].ws2, (char*)&got2, &n2) : -2;
    printf("%s (%d, WS2_32's %d): set %d get %d = %d, through WS2_32 %d = %d\n", options[i].name, options[i].ws1,
           options[i].ws2, set, get, got, get2, got2);
  }
  int bad = 0, n = sizeof bad;
  r = getsockopt(INVALID_SOCKET, IPPROTO_IP, IP_TTL, (char*)&bad, &n);
  printf("getsockopt of no socket: %d error %d\n", r, WSAGetLastError());
  r = closesocket(a);
  printf("closesocket: %d %d\n", r, closesocket(b));
  printf("WSACleanup: %d\n", WSACleanup());
  return 0;
}
