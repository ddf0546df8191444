/* WSASendMsg and WSARecvMsg (from WSAIoctl's SIO_GET_EXTENSION_FUNCTION_POINTER) over a UDP socket
 * of the loopback: the buffers, the sender's name, IP_PKTINFO's control data (the datagram's
 * destination and interface), a control buffer too small (MSG_CTRUNC), a datagram larger than the
 * buffers (WSAEMSGSIZE, MSG_TRUNC), a stream socket. Expected output: wine 8.0's (x64). */
// Links: -lws2_32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <stdio.h>

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = {AF_INET};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(s, (struct sockaddr *)&a, sizeof a);
  int n = sizeof a;
  getsockname(s, (struct sockaddr *)&a, &n);
  DWORD on = 1;
  printf("IP_PKTINFO: %d\n", setsockopt(s, IPPROTO_IP, IP_PKTINFO, (char *)&on, sizeof on));
  GUID g = WSAID_WSARECVMSG;
  LPFN_WSARECVMSG recvmsg_fn = NULL;
  DWORD got = 0;
  int r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof g, &recvmsg_fn, sizeof recvmsg_fn, &got, NULL, NULL);
  printf("WSARecvMsg pointer: %d %d\n", r, recvmsg_fn != NULL);

  char part1[] = "hello ", part2[] = "world";
  WSABUF bufs[2] = {{6, part1}, {5, part2}};
  WSAMSG m = {0};
  m.name = (struct sockaddr *)&a;
  m.namelen = sizeof a;
  m.lpBuffers = bufs;
  m.dwBufferCount = 2;
  DWORD sent = 0;
  r = WSASendMsg(s, &m, 0, &sent, NULL, NULL);
  printf("WSASendMsg: %d sent %lu\n", r, sent);

  char data[64] = {0};
  char control[64];
  struct sockaddr_in from = {0};
  WSABUF in = {sizeof data, data};
  WSAMSG rm = {0};
  rm.name = (struct sockaddr *)&from;
  rm.namelen = sizeof from;
  rm.lpBuffers = &in;
  rm.dwBufferCount = 1;
  rm.Control.buf = control;
  rm.Control.len = sizeof control;
  DWORD received = 0;
  r = recvmsg_fn(s, &rm, &received, NULL, NULL);
  printf("WSARecvMsg: %d received %lu [%s] from the socket itself %d flags %lx control %lu\n", r, received, data,
         from.sin_port == a.sin_port && from.sin_addr.s_addr == a.sin_addr.s_addr, rm.dwFlags, rm.Control.len);
  WSACMSGHDR *c = WSA_CMSG_FIRSTHDR(&rm);
  if (c) {
    IN_PKTINFO *pi = (IN_PKTINFO *)WSA_CMSG_DATA(c);
    printf("  control: level %d type %d len %d, destination 127.0.0.1 %d, interface %d\n", c->cmsg_level,
           c->cmsg_type, (int)c->cmsg_len, pi->ipi_addr.s_addr == htonl(INADDR_LOOPBACK), pi->ipi_ifindex != 0);
  }

  WSASendMsg(s, &m, 0, &sent, NULL, NULL);
  rm.Control.len = 4;
  rm.dwFlags = 0;
  r = recvmsg_fn(s, &rm, &received, NULL, NULL);
  printf("control buffer of 4 bytes: %d received %lu flags %lx control %lu\n", r, received, rm.dwFlags, rm.Control.len);

  WSASendMsg(s, &m, 0, &sent, NULL, NULL);
  in.len = 4;
  rm.Control.len = sizeof control;
  rm.dwFlags = 0;
  r = recvmsg_fn(s, &rm, &received, NULL, NULL);
  printf("into 4 bytes: %d error %d flags %lx\n", r, r ? WSAGetLastError() : 0, rm.dwFlags);

  SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
  r = recvmsg_fn(t, &rm, &received, NULL, NULL);
  printf("a stream socket: %d error %d\n", r, r ? WSAGetLastError() : 0);
  r = WSASendMsg(s, NULL, 0, &sent, NULL, NULL);
  printf("no message: %d error %d\n", r, r ? WSAGetLastError() : 0);
  closesocket(t);
  closesocket(s);
  return 0;
}
