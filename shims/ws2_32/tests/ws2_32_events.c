// WSAEventSelect: a non-blocking connect reported by FD_CONNECT and FD_WRITE, a connection to accept
// by FD_ACCEPT, data by FD_READ (recorded again after a recv that leaves some), the peer's close by
// FD_CLOSE, a datagram by FD_READ; events waited for with WSAWaitForMultipleEvents and read with
// WSAEnumNetworkEvents; the socket stays non-blocking while selected.
// Links: -lws2_32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

static void result(const char* what, int r) { printf("%s: %d, error %d\n", what, r, r < 0 ? WSAGetLastError() : 0); }

static void wait_and_enum(const char* what, SOCKET s, WSAEVENT ev, DWORD timeout) {
  DWORD w = WSAWaitForMultipleEvents(1, &ev, FALSE, timeout, FALSE);
  WSANETWORKEVENTS ne;
  memset(&ne, 0xcc, sizeof ne);
  int r = WSAEnumNetworkEvents(s, ev, &ne);
  printf("%s: wait %lu, enum %d, events 0x%lx", what, (unsigned long)w, r, (unsigned long)ne.lNetworkEvents);
  for (int i = 0; i < FD_MAX_EVENTS; ++i)
    if (ne.lNetworkEvents & (1 << i)) printf(", error[%d] %d", i, ne.iErrorCode[i]);
  printf(", event after %lu\n", (unsigned long)WaitForSingleObject(ev, 0));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  WSAEVENT ev_l = WSACreateEvent(), ev_c = WSACreateEvent(), ev_a = WSACreateEvent(), ev_u = WSACreateEvent();
  printf("WSACreateEvent: %s, signalled %lu\n", ev_l ? "an event" : "NULL", (unsigned long)WaitForSingleObject(ev_l, 0));

  SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in la;
  memset(&la, 0, sizeof la);
  la.sin_family = AF_INET;
  la.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(l, (struct sockaddr*)&la, sizeof la);
  int len = sizeof la;
  getsockname(l, (struct sockaddr*)&la, &len);
  listen(l, 4);
  printf("WSAEventSelect(listener, FD_ACCEPT): %d\n", WSAEventSelect(l, ev_l, FD_ACCEPT));
  printf("no client yet: %lu\n", (unsigned long)WSAWaitForMultipleEvents(1, &ev_l, FALSE, 50, FALSE));
  result("accept", (int)accept(l, NULL, NULL));

  SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
  printf("WSAEventSelect(client): %d\n", WSAEventSelect(c, ev_c, FD_CONNECT | FD_READ | FD_WRITE | FD_CLOSE));
  result("connect", connect(c, (struct sockaddr*)&la, sizeof la));
  wait_and_enum("client connected", c, ev_c, 5000);
  wait_and_enum("listener", l, ev_l, 5000);
  SOCKET a = accept(l, NULL, NULL);
  printf("accepted: %s\n", a != INVALID_SOCKET ? "yes" : "no");
  printf("WSAEventSelect(accepted, FD_READ | FD_CLOSE): %d\n", WSAEventSelect(a, ev_a, FD_READ | FD_CLOSE));

  printf("send: %d\n", send(a, "hello", 5, 0));
  wait_and_enum("client, data", c, ev_c, 5000);
  char buf[16] = {0};
  printf("recv 2: %d \"%.2s\"\n", recv(c, buf, 2, 0), buf);
  wait_and_enum("client, data left", c, ev_c, 5000);
  printf("recv: %d \"%.3s\"\n", recv(c, buf, sizeof buf, 0), buf);
  printf("nothing more: %lu\n", (unsigned long)WSAWaitForMultipleEvents(1, &ev_c, FALSE, 50, FALSE));
  result("recv with nothing", recv(c, buf, sizeof buf, 0));
  u_long off = 0;
  result("FIONBIO off while selected", ioctlsocket(c, FIONBIO, &off));

  printf("send from the client: %d\n", send(c, "ping", 4, 0));
  wait_and_enum("accepted, data", a, ev_a, 5000);
  printf("recv: %d\n", recv(a, buf, sizeof buf, 0));
  printf("closesocket(accepted): %d\n", closesocket(a));
  wait_and_enum("client, peer closed", c, ev_c, 5000);
  printf("recv: %d\n", recv(c, buf, sizeof buf, 0));
  printf("WSAEventSelect(client, none): %d\n", WSAEventSelect(c, NULL, 0));
  printf("FIONBIO off: %d\n", ioctlsocket(c, FIONBIO, &off));
  closesocket(c);

  SOCKET u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in ua;
  memset(&ua, 0, sizeof ua);
  ua.sin_family = AF_INET;
  ua.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(u2, (struct sockaddr*)&ua, sizeof ua);
  len = sizeof ua;
  getsockname(u2, (struct sockaddr*)&ua, &len);
  printf("WSAEventSelect(UDP, FD_READ): %d\n", WSAEventSelect(u2, ev_u, FD_READ));
  printf("nothing yet: %lu\n", (unsigned long)WSAWaitForMultipleEvents(1, &ev_u, FALSE, 50, FALSE));
  printf("sendto: %d\n", sendto(u1, "dgram", 5, 0, (struct sockaddr*)&ua, sizeof ua));
  wait_and_enum("datagram", u2, ev_u, 5000);
  printf("recvfrom: %d\n", recvfrom(u2, buf, sizeof buf, 0, NULL, NULL));
  closesocket(u1);
  closesocket(u2);

  BOOL ok = WSASetEvent(ev_u);
  printf("WSASetEvent: %d, signalled %lu\n", ok, (unsigned long)WaitForSingleObject(ev_u, 0));
  ok = WSAResetEvent(ev_u);
  printf("WSAResetEvent: %d, signalled %lu\n", ok, (unsigned long)WaitForSingleObject(ev_u, 0));
  WSAEVENT both[2] = {ev_l, ev_u};
  WSASetEvent(ev_u);
  printf("WSAWaitForMultipleEvents of two: %lu\n", (unsigned long)WSAWaitForMultipleEvents(2, both, FALSE, 0, FALSE));
  closesocket(l);
  printf("WSACloseEvent: %d %d %d %d\n", WSACloseEvent(ev_l), WSACloseEvent(ev_c), WSACloseEvent(ev_a),
         WSACloseEvent(ev_u));
  WSACleanup();
  return 0;
}
