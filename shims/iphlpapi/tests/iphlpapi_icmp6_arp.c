/* IPHLPAPI's ICMPv6 echo (Icmp6CreateFile, Icmp6SendEcho2, Icmp6ParseReplies, IcmpCloseHandle) to
 * the loopback address ::1, and SendARP's answers for what no ARP request can resolve: the
 * loopback, an address behind no link of this machine, a source that is not this machine's, and
 * the parameters it refuses. It prints nothing of this machine's own addresses. */
// Links: -liphlpapi -lws2_32
#define _WIN32_WINNT 0x0601
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <icmpapi.h>
#include <stdio.h>
#include <string.h>

#pragma pack(push, 1)
typedef struct {
  USHORT sin6_port;
  ULONG sin6_flowinfo;
  USHORT sin6_addr[8];
  ULONG sin6_scope_id;
} address_ex; /* IPV6_ADDRESS_EX */
#pragma pack(pop)
typedef struct {
  address_ex Address;
  ULONG Status;
  unsigned int RoundTripTime;
} echo6_reply; /* ICMPV6_ECHO_REPLY */

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);
  printf("sizeof ICMPV6_ECHO_REPLY: %u\n", (unsigned)sizeof(echo6_reply));

  HANDLE h = Icmp6CreateFile();
  printf("Icmp6CreateFile: %s\n", h != INVALID_HANDLE_VALUE ? "a handle" : "INVALID_HANDLE_VALUE");
  struct sockaddr_in6 src, dst;
  memset(&src, 0, sizeof src);
  src.sin6_family = AF_INET6;
  memset(&dst, 0, sizeof dst);
  dst.sin6_family = AF_INET6;
  dst.sin6_addr.s6_addr[15] = 1; /* ::1 */
  char data[32];
  for (int i = 0; i < 32; i++) data[i] = (char)('a' + i % 26);
  union {
    echo6_reply reply;
    char bytes[sizeof(echo6_reply) + 32 + 8 + 64];
  } buf;
  memset(&buf, 0xcc, sizeof buf);
  DWORD n = Icmp6SendEcho2(h, NULL, NULL, NULL, &src, &dst, data, sizeof data, NULL, &buf, sizeof buf, 2000);
  if (n == 1) {
    printf("Icmp6SendEcho2(::1): 1 reply, status %lu, from ::1: %s, data echoed after the reply: %s\n", buf.reply.Status,
           memcmp(buf.reply.Address.sin6_addr, &dst.sin6_addr, 16) == 0 ? "yes" : "no",
           memcmp(buf.bytes + sizeof(echo6_reply), data, sizeof data) == 0 ? "yes" : "no");
    printf("Icmp6ParseReplies: %lu\n", Icmp6ParseReplies(&buf, sizeof buf));
  } else {
    printf("Icmp6SendEcho2(::1): %lu, error %lu\n", n, GetLastError());
  }
  SetLastError(0);
  n = Icmp6ParseReplies(NULL, 0);
  printf("Icmp6ParseReplies(NULL): %lu, error %lu\n", n, GetLastError());
  printf("IcmpCloseHandle: %d\n", IcmpCloseHandle(h));

  ULONG mac[2], len = 6;
  IPAddr loopback = htonl(INADDR_LOOPBACK), test_net = inet_addr("198.51.100.1"), stranger = inet_addr("198.51.100.77");
  printf("SendARP(127.0.0.1): %lu\n", SendARP(loopback, 0, mac, &len));
  len = 6;
  printf("SendARP(198.51.100.1, behind no link): %lu\n", SendARP(test_net, 0, mac, &len));
  len = 6;
  printf("SendARP(from 198.51.100.77, not this machine's): %lu\n", SendARP(loopback, stranger, mac, &len));
  len = 4;
  printf("SendARP(4 bytes of room): %lu\n", SendARP(loopback, 0, mac, &len));
  printf("SendARP(no length): %lu\n", SendARP(loopback, 0, mac, NULL));
  WSACleanup();
  return 0;
}
