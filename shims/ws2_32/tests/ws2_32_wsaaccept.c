/* WS2_32's WSAAccept with a condition function over loopback connections: the caller's and the
 * callee's addresses it is given, the connect data it is not, and its verdicts (CF_ACCEPT,
 * CF_REJECT, CF_DEFER on a listener without SO_CONDITIONAL_ACCEPT); with no condition function. */
// Links: -lws2_32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

static int verdict;
static USHORT client_port, server_port;

static int CALLBACK condition(LPWSABUF caller_id, LPWSABUF caller_data, LPQOS sqos, LPQOS gqos, LPWSABUF callee_id,
                              LPWSABUF callee_data, GROUP* g, DWORD_PTR data) {
  struct sockaddr_in* from = (struct sockaddr_in*)caller_id->buf;
  struct sockaddr_in* to = (struct sockaddr_in*)callee_id->buf;
  printf("  condition: data %d, caller %s, caller id length %lu, the client's port %d; callee port the server's %d, "
         "caller data %lu/%s, QoS %s\n",
         (int)data, inet_ntoa(from->sin_addr), caller_id->len, ntohs(from->sin_port) == client_port,
         ntohs(to->sin_port) == server_port, caller_data ? caller_data->len : 0, caller_data && caller_data->buf ? "set" : "NULL",
         sqos ? "set" : "NULL");
  return verdict;
}

static SOCKET connect_client(void) {
  SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(server_port);
  connect(c, (struct sockaddr*)&a, sizeof a);
  int n = sizeof a;
  getsockname(c, (struct sockaddr*)&a, &n);
  client_port = ntohs(a.sin_port);
  return c;
}

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(l, (struct sockaddr*)&a, sizeof a);
  int n = sizeof a;
  getsockname(l, (struct sockaddr*)&a, &n);
  server_port = ntohs(a.sin_port);
  listen(l, 5);

  const char* names[] = {"CF_ACCEPT", "CF_REJECT", "CF_DEFER"};
  for (int v = 0; v < 3; ++v) {
    SOCKET c = connect_client();
    verdict = v;
    struct sockaddr_in from = {0};
    int len = sizeof from;
    printf("WSAAccept, %s:\n", names[v]);
    WSASetLastError(0);
    SOCKET s = WSAAccept(l, (struct sockaddr*)&from, &len, condition, 40 + v);
    printf("  returned %s, error %d, address length %d\n", s == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", WSAGetLastError(), len);
    if (s != INVALID_SOCKET) {
      send(c, "ping", 4, 0);
      char buf[8] = {0};
      int got = recv(s, buf, sizeof buf, 0);
      printf("  data over it: %d %s\n", got, buf);
      closesocket(s);
    }
    closesocket(c);
  }

  SOCKET c = connect_client();
  SOCKET s = WSAAccept(l, NULL, NULL, NULL, 0);
  printf("WSAAccept, no condition: %s\n", s == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket");
  closesocket(s);
  closesocket(c);
  WSASetLastError(0);
  s = WSAAccept(INVALID_SOCKET, NULL, NULL, condition, 0);
  printf("WSAAccept(INVALID_SOCKET): %s, error %d\n", s == INVALID_SOCKET ? "INVALID_SOCKET" : "a socket", WSAGetLastError());
  closesocket(l);
  WSACleanup();
  return 0;
}
