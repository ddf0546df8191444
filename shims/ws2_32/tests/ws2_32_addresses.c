/* Winsock's text forms of socket addresses (WSAStringToAddress, WSAAddressToString: both
 * families, ports, IPv6 scopes and brackets, the errors of wrong text and short buffers) and
 * WSADuplicateSocket within the process: the duplicate is the same socket. */
// Links: -lws2_32
#define _WIN32_WINNT 0x0601
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

/* Reads `text` as an address of `family` and writes it back as text. */
static void round_trip(const char *text, int family) {
  struct sockaddr_storage ss;
  INT len = sizeof ss;
  memset(&ss, 0xee, sizeof ss);
  WSASetLastError(0);
  int r = WSAStringToAddressA((char *)text, family, NULL, (struct sockaddr *)&ss, &len);
  printf("\"%s\" as %s: ", text, family == AF_INET ? "AF_INET" : family == AF_INET6 ? "AF_INET6" : "AF_UNSPEC");
  if (r != 0) {
    printf("error %d\n", WSAGetLastError());
    return;
  }
  char out[80];
  DWORD out_len = sizeof out;
  r = WSAAddressToStringA((struct sockaddr *)&ss, len, NULL, out, &out_len);
  printf("length %d, family %d", len, ss.ss_family);
  if (ss.ss_family == AF_INET) {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    printf(", port %u, zero bytes zero: %s", ntohs(a->sin_port), a->sin_zero[0] == 0 && a->sin_zero[7] == 0 ? "yes" : "no");
  } else {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    printf(", port %u, scope %lu, flow %lu", ntohs(a->sin6_port), a->sin6_scope_id, a->sin6_flowinfo);
  }
  printf(" -> %d \"%s\" (%lu)\n", r, r ? "" : out, out_len);
}

static void text_of_ipv6(const unsigned char bytes[16], USHORT port, ULONG scope) {
  struct sockaddr_in6 a;
  memset(&a, 0, sizeof a);
  a.sin6_family = AF_INET6;
  memcpy(&a.sin6_addr, bytes, 16);
  a.sin6_port = htons(port);
  a.sin6_scope_id = scope;
  char out[80];
  DWORD len = sizeof out;
  int r = WSAAddressToStringA((struct sockaddr *)&a, sizeof a, NULL, out, &len);
  WCHAR wout[80];
  DWORD wlen = 80;
  int rw = WSAAddressToStringW((struct sockaddr *)&a, sizeof a, NULL, wout, &wlen);
  char back[80];
  WideCharToMultiByte(CP_ACP, 0, wout, -1, back, sizeof back, NULL, NULL);
  printf("IPv6 address as text: %d \"%s\" (%lu), wide %d same: %s (%lu)\n", r, out, len, rw, strcmp(out, back) ? "no" : "yes", wlen);
}

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);

  static const char *ipv4[] = {"1.2.3.4", "1.2.3.4:80", "255.255.255.255:65535", "0x7f.1", "127.1", "10", "1.2.3",
                               "010.0.0.1", "203569230:123", "1.2.3.4:0x50", "1.2.3.4:010", "1.2.3.4:0",
                               "1.2.3.4:65536", "1.2.3.256", "1.2.3.4 ", " 1.2.3.4", "", "1.2.3.4:", "1.2.3.4:08",
                               "[1.2.3.4]:80", "1.2.3.4.5", "1..2", "::1", "a"};
  for (size_t i = 0; i < sizeof ipv4 / sizeof *ipv4; i++) round_trip(ipv4[i], AF_INET);
  static const char *ipv6[] = {"::1", "[::1]", "[::1]:80", "::", "1::", "1:2:3:4:5:6:7:8", "1:0:0:2::3",
                               "1:0:0:0:0:0:0:8", "001::1", "FE80::ABCD", "fe80::1%2", "[fe80::1%2]:443",
                               "[fe80::1%4294967295]:1", "::ffff:1.2.3.4", "::0:1.2.3.4", "::5efe:1.2.3.4",
                               "[::]:0", "[::1]:", "[::1]:65536", "::1%x", "fe80::1%", "::1:80", "1:2:3:4:5:6:7:8:9",
                               "1:2:3:", "::1]:65535", "1.2.3.4", "12345::1", ""};
  for (size_t i = 0; i < sizeof ipv6 / sizeof *ipv6; i++) round_trip(ipv6[i], AF_INET6);
  round_trip("1.2.3.4", AF_UNSPEC);
  round_trip("::1", AF_UNSPEC);

  /* WSAStringToAddress's errors. */
  struct sockaddr_in a4;
  INT len = 8;
  int r = WSAStringToAddressA("1.2.3.4", AF_INET, NULL, (struct sockaddr *)&a4, &len);
  printf("WSAStringToAddressA into 8 bytes: %d, error %d, length needed %d\n", r, WSAGetLastError(), len);
  struct sockaddr_in6 a6;
  len = 16;
  r = WSAStringToAddressA("::1", AF_INET6, NULL, (struct sockaddr *)&a6, &len);
  printf("WSAStringToAddressA IPv6 into 16 bytes: %d, error %d, length needed %d\n", r, WSAGetLastError(), len);
  len = sizeof a4;
  WSASetLastError(0);
  r = WSAStringToAddressA(NULL, AF_INET, NULL, (struct sockaddr *)&a4, &len);
  printf("WSAStringToAddressA(NULL): %d, error %d\n", r, WSAGetLastError());
  len = sizeof a6;
  r = WSAStringToAddressW(L"[fe80::1%3]:8080", AF_INET6, NULL, (struct sockaddr *)&a6, &len);
  printf("WSAStringToAddressW: %d, length %d, port %u, scope %lu\n", r, len, ntohs(a6.sin6_port), a6.sin6_scope_id);
  len = sizeof a4;
  r = WSAStringToAddressW(L"192.168.0.1:8080", AF_INET, NULL, (struct sockaddr *)&a4, &len);
  printf("WSAStringToAddressW: %d, length %d, port %u, address %08lx\n", r, len, ntohs(a4.sin_port),
         (unsigned long)ntohl(a4.sin_addr.s_addr));

  /* WSAAddressToString: IPv6 forms, and buffers too small. */
  static const unsigned char loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  static const unsigned char doc[16] = {0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1};
  static const unsigned char doc2[16] = {0x20, 1, 0xd, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
  static const unsigned char single[16] = {0x20, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
  static const unsigned char mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4};
  static const unsigned char compat[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
  static const unsigned char isatap[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0x5e, 0xfe, 1, 2, 3, 4};
  static const unsigned char zero[16] = {0};
  text_of_ipv6(loop6, 0, 0);
  text_of_ipv6(doc, 1, 7);
  text_of_ipv6(doc2, 0, 0);
  text_of_ipv6(single, 0, 0);
  text_of_ipv6(mapped, 0, 0);
  text_of_ipv6(compat, 0, 0);
  text_of_ipv6(isatap, 0, 0);
  text_of_ipv6(zero, 65535, 0);
  text_of_ipv6(zero, 0, 4660);

  struct sockaddr_in in4;
  memset(&in4, 0, sizeof in4);
  in4.sin_family = AF_INET;
  in4.sin_addr.s_addr = htonl(0xc0a80001);
  in4.sin_port = htons(8080);
  char text[64];
  DWORD text_len = 5;
  r = WSAAddressToStringA((struct sockaddr *)&in4, sizeof in4, NULL, text, &text_len);
  printf("WSAAddressToStringA into 5 characters: %d, error %d, needed %lu\n", r, WSAGetLastError(), text_len);
  text_len = 17;
  r = WSAAddressToStringA((struct sockaddr *)&in4, sizeof in4, NULL, text, &text_len);
  printf("WSAAddressToStringA into 17 characters: %d \"%s\" (%lu)\n", r, text, text_len);
  WCHAR wtext[64];
  text_len = 16;
  r = WSAAddressToStringW((struct sockaddr *)&in4, sizeof in4, NULL, wtext, &text_len);
  printf("WSAAddressToStringW into 16 characters: %d, error %d, needed %lu\n", r, WSAGetLastError(), text_len);
  text_len = 0;
  r = WSAAddressToStringW((struct sockaddr *)&in4, sizeof in4, NULL, NULL, &text_len);
  printf("WSAAddressToStringW(no buffer): %d, error %d, needed %lu\n", r, WSAGetLastError(), text_len);
  text_len = 64;
  r = WSAAddressToStringW((struct sockaddr *)&in4, sizeof in4, NULL, wtext, &text_len);
  printf("WSAAddressToStringW: %d, %lu characters\n", r, text_len);
  in4.sin_family = 99;
  text_len = 64;
  r = WSAAddressToStringA((struct sockaddr *)&in4, sizeof in4, NULL, text, &text_len);
  printf("WSAAddressToStringA of family 99: %d, error %d\n", r, WSAGetLastError());

  /* WSADuplicateSocket for this process: the duplicate names the same socket. */
  SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  WSAPROTOCOL_INFOW info;
  memset(&info, 0, sizeof info);
  r = WSADuplicateSocketW(s, GetCurrentProcessId(), &info);
  printf("WSADuplicateSocketW: %d, family %d, type %d, protocol %d, address sizes %d/%d\n", r, info.iAddressFamily,
         info.iSocketType, info.iProtocol, info.iMinSockAddr, info.iMaxSockAddr);
  SOCKET d = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, 0);
  printf("WSASocketW(FROM_PROTOCOL_INFO): %s\n", d != INVALID_SOCKET ? "a socket" : "INVALID_SOCKET");
  struct sockaddr_in bound;
  memset(&bound, 0, sizeof bound);
  bound.sin_family = AF_INET;
  bound.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  r = bind(d, (struct sockaddr *)&bound, sizeof bound);
  struct sockaddr_in via_original, via_duplicate;
  int n1 = sizeof via_original, n2 = sizeof via_duplicate;
  getsockname(s, (struct sockaddr *)&via_original, &n1);
  getsockname(d, (struct sockaddr *)&via_duplicate, &n2);
  printf("bound through the duplicate: %d, the original has its port: %s\n", r,
         via_original.sin_port && via_original.sin_port == via_duplicate.sin_port ? "yes" : "no");
  closesocket(s);
  n2 = sizeof via_duplicate;
  r = getsockname(d, (struct sockaddr *)&via_duplicate, &n2);
  printf("the duplicate once the original is closed: getsockname %d, listen %d\n", r, listen(d, 1));
  closesocket(d);

  s = socket(AF_INET6, SOCK_DGRAM, 0);
  r = WSADuplicateSocketW(s, GetCurrentProcessId(), &info);
  printf("WSADuplicateSocketW of an IPv6 datagram socket: %d, family %d, type %d, protocol %d\n", r, info.iAddressFamily,
         info.iSocketType, info.iProtocol);
  d = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &info, 0, 0);
  closesocket(d);
  r = WSADuplicateSocketW(s, GetCurrentProcessId(), NULL);
  printf("WSADuplicateSocketW(no info): %d, error %d\n", r, WSAGetLastError());
  r = WSADuplicateSocketW(s, 0xfffffff0, &info);
  printf("WSADuplicateSocketW for a process that does not exist: %d, error %d\n", r, WSAGetLastError());
  closesocket(s);
  r = WSADuplicateSocketW(s, GetCurrentProcessId(), &info);
  printf("WSADuplicateSocketW of a closed socket: %d, error %d\n", r, WSAGetLastError());
  WSACleanup();
  return 0;
}
