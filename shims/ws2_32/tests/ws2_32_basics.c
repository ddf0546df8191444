// Winsock over loopback: a TCP client and a server thread over IPv4 and IPv6 (ReadFile and
// WriteFile on the sockets too), a non-blocking connect, accept and receive driven by select, UDP
// datagrams (one cut short), socket options, and the error codes Windows gives for a refused
// connection, a receive with nothing to read, a bad socket and other misuses. Every port is chosen
// by the system (bind to port 0), so that runs in parallel do not collide; none is printed.
// Links: -lws2_32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

static void say_error(const char* what, int r) {
  printf("%s: %d, error %d\n", what, r, WSAGetLastError());
}

// A loopback address of the family with port 0 (the system picks one at bind).
static int loopback(int family, struct sockaddr_storage* ss) {
  memset(ss, 0, sizeof *ss);
  if (family == AF_INET) {
    struct sockaddr_in* a = (struct sockaddr_in*)ss;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sizeof *a;
  }
  struct sockaddr_in6* a = (struct sockaddr_in6*)ss;
  a->sin6_family = AF_INET6;
  a->sin6_addr = in6addr_loopback;
  return sizeof *a;
}

static unsigned short port_of(const struct sockaddr_storage* ss) {
  return ntohs(ss->ss_family == AF_INET ? ((const struct sockaddr_in*)ss)->sin_port
                                        : ((const struct sockaddr_in6*)ss)->sin6_port);
}

static const char* text_of(const struct sockaddr_storage* ss, char* buf, size_t n) {
  const void* addr = ss->ss_family == AF_INET ? (const void*)&((const struct sockaddr_in*)ss)->sin_addr
                                              : (const void*)&((const struct sockaddr_in6*)ss)->sin6_addr;
  return inet_ntop(ss->ss_family, addr, buf, n);
}

// The server: accepts one connection, echoes what it receives in upper case until the client
// stops sending, then closes. What it saw is printed by the main thread once it has ended.
static char server_peer[64];
static int server_peer_len, server_total, server_last;

static DWORD WINAPI echo_server(LPVOID arg) {
  SOCKET l = (SOCKET)(ULONG_PTR)arg;
  struct sockaddr_storage peer;
  int len = sizeof peer;
  SOCKET c = accept(l, (struct sockaddr*)&peer, &len);
  if (c == INVALID_SOCKET) return 1;
  text_of(&peer, server_peer, sizeof server_peer);
  server_peer_len = len;
  char buf[256];
  int n, total = 0;
  while ((n = recv(c, buf, sizeof buf, 0)) > 0) {
    for (int i = 0; i < n; ++i)
      if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
    for (int sent = 0; sent < n;) {
      int w = send(c, buf + sent, n - sent, 0);
      if (w <= 0) return 2;
      sent += w;
    }
    total += n;
  }
  server_total = total;
  server_last = n;
  closesocket(c);
  return 0;
}

static void tcp(int family, const char* name) {
  printf("-- TCP over %s\n", name);
  SOCKET l = socket(family, SOCK_STREAM, IPPROTO_TCP);
  struct sockaddr_storage ss;
  int len = loopback(family, &ss);
  if (bind(l, (struct sockaddr*)&ss, len) != 0) say_error("bind", -1);
  if (listen(l, SOMAXCONN) != 0) say_error("listen", -1);
  struct sockaddr_storage bound;
  int blen = sizeof bound;
  getsockname(l, (struct sockaddr*)&bound, &blen);
  char text[64];
  printf("listening on %s, name length %d, port chosen: %s\n", text_of(&bound, text, sizeof text), blen,
         port_of(&bound) ? "yes" : "no");
  HANDLE t = CreateThread(NULL, 0, echo_server, (LPVOID)(ULONG_PTR)l, 0, NULL);

  SOCKET c = socket(family, SOCK_STREAM, 0);
  if (connect(c, (struct sockaddr*)&bound, blen) != 0) say_error("connect", -1);
  struct sockaddr_storage peer;
  int plen = sizeof peer;
  getpeername(c, (struct sockaddr*)&peer, &plen);
  printf("connected to %s, same port: %s\n", text_of(&peer, text, sizeof text),
         port_of(&peer) == port_of(&bound) ? "yes" : "no");
  BOOL on = TRUE;
  int r = setsockopt(c, IPPROTO_TCP, TCP_NODELAY, (const char*)&on, sizeof on);
  DWORD v = 0;
  int vlen = sizeof v;
  getsockopt(c, IPPROTO_TCP, TCP_NODELAY, (char*)&v, &vlen);
  printf("TCP_NODELAY set %d, reads %lu (length %d)\n", r, (unsigned long)v, vlen);
  const char* msg = "hello over winsock";
  printf("send: %d\n", send(c, msg, (int)strlen(msg), 0));
  // WriteFile takes a socket handle as well.
  DWORD written = 0;
  BOOL ok = WriteFile((HANDLE)c, ", and WriteFile", 15, &written, NULL);
  printf("WriteFile: %d, %lu bytes\n", ok, (unsigned long)written);
  printf("shutdown(SD_SEND): %d\n", shutdown(c, SD_SEND));
  char buf[256];
  int got = 0, n;
  while ((n = recv(c, buf + got, sizeof buf - 1 - got, 0)) > 0) got += n;
  buf[got] = 0;
  printf("echoed: \"%s\" (last recv %d)\n", buf, n);
  WaitForSingleObject(t, INFINITE);
  DWORD code;
  GetExitCodeThread(t, &code);
  printf("server thread: %lu; accepted from %s (length %d), %d bytes until recv gave %d\n", (unsigned long)code,
         server_peer, server_peer_len, server_total, server_last);
  CloseHandle(t);
  printf("send after SD_SEND: ");
  say_error("send", send(c, "x", 1, 0));
  printf("closesocket: %d %d\n", closesocket(c), closesocket(l));
}

// A non-blocking connect, accept and receive, waited for with select.
static void nonblocking(void) {
  printf("-- non-blocking, with select\n");
  SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_storage ss;
  int len = loopback(AF_INET, &ss);
  bind(l, (struct sockaddr*)&ss, len);
  listen(l, 1);
  int blen = sizeof ss;
  getsockname(l, (struct sockaddr*)&ss, &blen);
  u_long on = 1;
  printf("FIONBIO on listener: %d\n", ioctlsocket(l, FIONBIO, &on));
  say_error("accept with no client", (int)accept(l, NULL, NULL));

  SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
  printf("FIONBIO: %d\n", ioctlsocket(c, FIONBIO, &on));
  say_error("connect", connect(c, (struct sockaddr*)&ss, blen));
  fd_set w, e;
  FD_ZERO(&w);
  FD_ZERO(&e);
  FD_SET(c, &w);
  FD_SET(c, &e);
  struct timeval tv = {5, 0};
  int r = select(0, NULL, &w, &e, &tv);
  printf("select for the connect: %d, writable %d, failed %d\n", r, FD_ISSET(c, &w) != 0, FD_ISSET(c, &e) != 0);
  int err = -1, elen = sizeof err;
  getsockopt(c, SOL_SOCKET, SO_ERROR, (char*)&err, &elen);
  printf("SO_ERROR: %d\n", err);

  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(l, &rd);
  printf("select for the listener: %d, readable %d\n", select(0, &rd, NULL, NULL, &tv), FD_ISSET(l, &rd) != 0);
  SOCKET a = accept(l, NULL, NULL);
  printf("accepted: %s\n", a != INVALID_SOCKET ? "yes" : "no");
  u_long off = 0;
  ioctlsocket(a, FIONBIO, &off);  // the accepted socket inherited non-blocking mode: back to blocking

  char buf[16];
  say_error("recv with nothing to read", recv(c, buf, sizeof buf, 0));
  FD_ZERO(&rd);
  FD_SET(c, &rd);
  struct timeval zero = {0, 0};
  printf("select with nothing to read: %d\n", select(0, &rd, NULL, NULL, &zero));
  printf("send 4: %d\n", send(a, "ping", 4, 0));
  FD_ZERO(&rd);
  FD_SET(c, &rd);
  FD_SET(l, &rd);
  r = select(0, &rd, NULL, NULL, &tv);
  printf("select: %d, client readable %d, listener readable %d\n", r, FD_ISSET(c, &rd) != 0, FD_ISSET(l, &rd) != 0);
  u_long avail = 0;
  ioctlsocket(c, FIONREAD, &avail);
  printf("FIONREAD: %lu\n", avail);
  // ReadFile takes a socket handle as well.
  DWORD got = 0;
  BOOL ok = ReadFile((HANDLE)c, buf, sizeof buf, &got, NULL);
  printf("ReadFile: %d, \"%.*s\"\n", ok, (int)got, buf);
  closesocket(a);
  closesocket(c);
  closesocket(l);
}

// WSAPoll, with Windows' POLL* bits.
static void poll_test(void) {
  printf("-- WSAPoll\n");
  SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_storage ss;
  int len = loopback(AF_INET, &ss);
  bind(l, (struct sockaddr*)&ss, len);
  listen(l, 1);
  getsockname(l, (struct sockaddr*)&ss, &len);
  SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
  connect(c, (struct sockaddr*)&ss, len);
  WSAPOLLFD fds[2] = {{l, POLLRDNORM, 0}, {c, POLLRDNORM | POLLWRNORM, 0}};
  int r = WSAPoll(fds, 2, 5000);
  printf("listener and client: %d, revents 0x%x 0x%x\n", r, fds[0].revents, fds[1].revents);
  SOCKET a = accept(l, NULL, NULL);
  send(a, "data", 4, 0);
  fds[0].fd = a;
  fds[0].events = POLLIN;
  fds[1].events = POLLIN;
  r = WSAPoll(fds, 2, 5000);
  printf("accepted and client with data: %d, revents 0x%x 0x%x\n", r, fds[0].revents, fds[1].revents);
  char buf[8];
  recv(c, buf, sizeof buf, 0);
  fds[1].fd = (SOCKET)-1;
  r = WSAPoll(fds, 2, 20);
  printf("nothing to read, one skipped: %d, revents 0x%x 0x%x\n", r, fds[0].revents, fds[1].revents);
  WSAPOLLFD bad = {(SOCKET)12345, POLLIN, 0};
  r = WSAPoll(&bad, 1, 0);
  printf("a bad socket: %d, error %d\n", r, r < 0 ? WSAGetLastError() : 0);
  closesocket(a);
  closesocket(c);
  closesocket(l);
}

static void udp(int family, const char* name) {
  printf("-- UDP over %s\n", name);
  SOCKET a = socket(family, SOCK_DGRAM, IPPROTO_UDP), b = socket(family, SOCK_DGRAM, 0);
  struct sockaddr_storage sa, sb;
  int la = loopback(family, &sa), lb = loopback(family, &sb);
  bind(a, (struct sockaddr*)&sa, la);
  bind(b, (struct sockaddr*)&sb, lb);
  getsockname(a, (struct sockaddr*)&sa, &la);
  getsockname(b, (struct sockaddr*)&sb, &lb);
  printf("sendto: %d\n", sendto(a, "datagram one", 12, 0, (struct sockaddr*)&sb, lb));
  printf("sendto: %d\n", sendto(a, "datagram number two", 19, 0, (struct sockaddr*)&sb, lb));
  u_long avail = 0;
  ioctlsocket(b, FIONREAD, &avail);
  printf("FIONREAD: %lu\n", avail > 0 ? 1ul : 0ul);
  char buf[64];
  struct sockaddr_storage from;
  int flen = sizeof from;
  int n = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr*)&from, &flen);
  char text[64];
  printf("recvfrom: %d \"%.*s\" from %s, length %d, sender's port: %s\n", n, n > 0 ? n : 0, buf,
         text_of(&from, text, sizeof text), flen, port_of(&from) == port_of(&sa) ? "yes" : "no");
  memset(buf, 0, sizeof buf);
  n = recvfrom(b, buf, 8, 0, NULL, NULL);
  printf("into 8 bytes: %d, error %d, \"%.8s\"\n", n, WSAGetLastError(), buf);
  // A connected datagram socket: send and recv.
  printf("connect: %d\n", connect(b, (struct sockaddr*)&sa, la));
  printf("send: %d\n", send(b, "reply", 5, 0));
  n = recv(a, buf, sizeof buf, 0);
  printf("recv: %d \"%.*s\"\n", n, n > 0 ? n : 0, buf);
  BOOL on = TRUE;
  int r = setsockopt(a, SOL_SOCKET, SO_BROADCAST, (const char*)&on, sizeof on);
  BOOL v = FALSE;
  int vlen = sizeof v;
  getsockopt(a, SOL_SOCKET, SO_BROADCAST, (char*)&v, &vlen);
  printf("SO_BROADCAST: %d %d\n", r, v);
  int type = 0, tlen = sizeof type;
  getsockopt(a, SOL_SOCKET, SO_TYPE, (char*)&type, &tlen);
  printf("SO_TYPE: %d\n", type);
  closesocket(a);
  closesocket(b);
}

static void options(void) {
  printf("-- options\n");
  SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
  int size = 32768, r = setsockopt(s, SOL_SOCKET, SO_RCVBUF, (const char*)&size, sizeof size);
  int got = 0, len = sizeof got;
  getsockopt(s, SOL_SOCKET, SO_RCVBUF, (char*)&got, &len);
  printf("SO_RCVBUF set 32768: %d, reads %d\n", r, got);
  size = 16384;
  r = setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char*)&size, sizeof size);
  getsockopt(s, SOL_SOCKET, SO_SNDBUF, (char*)&got, &len);
  printf("SO_SNDBUF set 16384: %d, reads %d\n", r, got);
  BOOL on = TRUE, v = FALSE;
  len = sizeof v;
  r = setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char*)&on, sizeof on);
  getsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char*)&v, &len);
  printf("SO_REUSEADDR: %d %d\n", r, v);
  r = setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (const char*)&on, sizeof on);
  getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (char*)&v, &len);
  printf("SO_KEEPALIVE: %d %d\n", r, v);
  struct linger lg = {1, 7}, lg2 = {0, 0};
  r = setsockopt(s, SOL_SOCKET, SO_LINGER, (const char*)&lg, sizeof lg);
  len = sizeof lg2;
  getsockopt(s, SOL_SOCKET, SO_LINGER, (char*)&lg2, &len);
  printf("SO_LINGER: %d {%u, %u} length %d\n", r, lg2.l_onoff, lg2.l_linger, len);
  DWORD ms = 1500, ms2 = 0;
  r = setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char*)&ms, sizeof ms);
  len = sizeof ms2;
  getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char*)&ms2, &len);
  printf("SO_RCVTIMEO: %d %lu\n", r, (unsigned long)ms2);
  int type = 0;
  len = sizeof type;
  getsockopt(s, SOL_SOCKET, SO_TYPE, (char*)&type, &len);
  printf("SO_TYPE: %d\n", type);
  say_error("unknown option", setsockopt(s, SOL_SOCKET, 0x3001, (const char*)&on, sizeof on));
  // SO_PROTOCOL_INFO: the socket's catalogue record (libuv reads it at start).
  WSAPROTOCOL_INFOW piw;
  len = sizeof piw;
  r = getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char*)&piw, &len);
  printf("SO_PROTOCOL_INFOW: %d length %d family %d type %d protocol %d addr %d..%d chain %d flags1 0x%lx \"%ls\"\n",
         r, len, piw.iAddressFamily, piw.iSocketType, piw.iProtocol, piw.iMinSockAddr, piw.iMaxSockAddr,
         piw.ProtocolChain.ChainLen, (unsigned long)piw.dwServiceFlags1, piw.szProtocol);
  len = sizeof piw - 1;
  say_error("SO_PROTOCOL_INFOW in a short buffer", getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, (char*)&piw, &len));
  closesocket(s);
  WSAPROTOCOL_INFOA pia;
  s = socket(AF_INET6, SOCK_DGRAM, 0);
  len = sizeof pia;
  r = getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOA, (char*)&pia, &len);
  printf("SO_PROTOCOL_INFOA (UDP/IPv6): %d length %d family %d type %d protocol %d addr %d..%d \"%s\"\n", r, len,
         pia.iAddressFamily, pia.iSocketType, pia.iProtocol, pia.iMinSockAddr, pia.iMaxSockAddr, pia.szProtocol);
  closesocket(s);

  SOCKET s6 = socket(AF_INET6, SOCK_STREAM, 0);
  v = 7;
  len = sizeof v;
  getsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, (char*)&v, &len);
  printf("IPV6_V6ONLY by default: %d\n", v);
  BOOL off = FALSE;
  r = setsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, (const char*)&off, sizeof off);
  getsockopt(s6, IPPROTO_IPV6, IPV6_V6ONLY, (char*)&v, &len);
  printf("IPV6_V6ONLY cleared: %d %d\n", r, v);
  closesocket(s6);
}

static void errors(void) {
  printf("-- errors\n");
  // A refused connection: a port that was bound and let go.
  SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_storage ss;
  int len = loopback(AF_INET, &ss);
  say_error("getsockname before bind", getsockname(t, (struct sockaddr*)&ss, &len));
  len = loopback(AF_INET, &ss);
  bind(t, (struct sockaddr*)&ss, len);
  getsockname(t, (struct sockaddr*)&ss, &len);
  SOCKET dup = socket(AF_INET, SOCK_STREAM, 0);
  say_error("bind to an address in use", bind(dup, (struct sockaddr*)&ss, len));
  closesocket(dup);
  closesocket(t);
  SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
  say_error("connect to a closed port", connect(c, (struct sockaddr*)&ss, len));
  closesocket(c);

  SOCKET bad = (SOCKET)12345;
  say_error("send on a bad socket", send(bad, "x", 1, 0));
  say_error("closesocket of a bad socket", closesocket(bad));
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(bad, &rd);
  struct timeval zero = {0, 0};
  say_error("select on a bad socket", select(0, &rd, NULL, NULL, &zero));
  say_error("select on nothing", select(0, NULL, NULL, NULL, &zero));

  SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
  len = loopback(AF_INET, &ss);
  bind(u, (struct sockaddr*)&ss, len);
  say_error("listen on UDP", listen(u, 1));
  closesocket(u);
  SOCKET n = socket(AF_INET, SOCK_STREAM, 0);
  char b;
  say_error("recv unconnected", recv(n, &b, 1, 0));
  say_error("getpeername unconnected", getpeername(n, (struct sockaddr*)&ss, &len));
  closesocket(n);
  say_error("socket of family 99", (int)socket(99, SOCK_STREAM, 0));
  SOCKET w = socket(AF_INET, SOCK_DGRAM, 0);
  len = loopback(AF_INET, &ss);
  bind(w, (struct sockaddr*)&ss, len);
  DWORD ms = 100;
  setsockopt(w, SOL_SOCKET, SO_RCVTIMEO, (const char*)&ms, sizeof ms);
  say_error("recv past SO_RCVTIMEO", recv(w, &b, 1, 0));
  closesocket(w);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  say_error("socket before WSAStartup", (int)socket(AF_INET, SOCK_STREAM, 0));
  WSADATA wsa;
  int r = WSAStartup(MAKEWORD(2, 2), &wsa);
  printf("WSAStartup: %d, version %d.%d\n", r, LOBYTE(wsa.wVersion), HIBYTE(wsa.wVersion));
  tcp(AF_INET, "IPv4");
  tcp(AF_INET6, "IPv6");
  nonblocking();
  poll_test();
  udp(AF_INET, "IPv4");
  udp(AF_INET6, "IPv6");
  options();
  errors();
  printf("WSACleanup: %d\n", WSACleanup());
  return 0;
}
