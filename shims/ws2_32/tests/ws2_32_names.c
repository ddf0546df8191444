// Winsock's names and addresses: byte order, inet_addr/inet_ntoa, inet_pton/inet_ntop and the
// wide InetPtonW/InetNtopW, getaddrinfo/GetAddrInfoW (numeric names, "localhost", passive and
// loopback defaults, Windows' ADDRINFO layout and error codes), getnameinfo/GetNameInfoW, and
// the host name.
// Links: -lws2_32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

static void show_addr(const struct sockaddr* sa) {
  char text[64];
  if (sa->sa_family == AF_INET) {
    const struct sockaddr_in* a = (const struct sockaddr_in*)sa;
    printf("%s port %u", inet_ntop(AF_INET, &a->sin_addr, text, sizeof text), ntohs(a->sin_port));
  } else if (sa->sa_family == AF_INET6) {
    const struct sockaddr_in6* a = (const struct sockaddr_in6*)sa;
    printf("%s port %u scope %lu", inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text), ntohs(a->sin6_port),
           (unsigned long)a->sin6_scope_id);
  } else {
    printf("family %d", sa->sa_family);
  }
}

static void lookup(const char* node, const char* service, int flags, int family, int type) {
  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_flags = flags;
  hints.ai_family = family;
  hints.ai_socktype = type;
  int r = getaddrinfo(node, service, type < 0 ? NULL : &hints, &res);
  printf("getaddrinfo(%s, %s, flags 0x%x, family %d, type %d): %d", node ? node : "NULL", service ? service : "NULL",
         flags, family, type, r);
  if (r) {
    printf(", error %d\n", WSAGetLastError());
    return;
  }
  printf("\n");
  for (struct addrinfo* a = res; a; a = a->ai_next) {
    printf("  family %d, type %d, protocol %d, length %u, name %s: ", a->ai_family, a->ai_socktype, a->ai_protocol,
           (unsigned)a->ai_addrlen, a->ai_canonname ? a->ai_canonname : "NULL");
    show_addr(a->ai_addr);
    printf("\n");
  }
  freeaddrinfo(res);
}

static void name_of(const char* text, int family, unsigned short port, int flags, DWORD hostlen) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  int len;
  if (family == AF_INET) {
    struct sockaddr_in* a = (struct sockaddr_in*)&ss;
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    inet_pton(AF_INET, text, &a->sin_addr);
    len = sizeof *a;
  } else {
    struct sockaddr_in6* a = (struct sockaddr_in6*)&ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    inet_pton(AF_INET6, text, &a->sin6_addr);
    len = sizeof *a;
  }
  char host[NI_MAXHOST] = "-", serv[NI_MAXSERV] = "-";
  int r = getnameinfo((struct sockaddr*)&ss, len, host, hostlen, serv, sizeof serv, flags);
  printf("getnameinfo(%s, %u, flags 0x%x, host buffer %lu): %d", text, port, flags, (unsigned long)hostlen, r);
  if (r) printf(", error %d\n", WSAGetLastError());
  else printf(", \"%s\" \"%s\"\n", host, serv);
}

int main(void) {
  WSADATA wsa;
  WSAStartup(MAKEWORD(2, 2), &wsa);

  printf("-- byte order\n");
  printf("htons(0x1234) 0x%04x, ntohs 0x%04x, htonl(0x12345678) 0x%08lx, ntohl 0x%08lx\n", htons(0x1234),
         ntohs(0x3412), (unsigned long)htonl(0x12345678), (unsigned long)ntohl(0x78563412));

  printf("-- IPv4 text\n");
  const char* v4[] = {"127.0.0.1", "10.1", "0x7f.1", "255.255.255.255", "1.2.3.4.5", "bogus", "300.1.1.1"};
  for (int i = 0; i < 7; ++i) printf("inet_addr(\"%s\"): 0x%08lx\n", v4[i], (unsigned long)inet_addr(v4[i]));
  struct in_addr ia;
  ia.s_addr = htonl(0xc0a80114);
  printf("inet_ntoa: %s\n", inet_ntoa(ia));

  printf("-- inet_pton and inet_ntop\n");
  const char* texts[] = {"192.168.1.20", "1.2.3", "2001:db8::1",     "::ffff:1.2.3.4", "::1",
                         "::",           "fe80::1:0:0:1", "1:0:2:0:3:0:4:0", "2001:db8:0:0:1:0:0:1", "gg::1"};
  for (int i = 0; i < 10; ++i) {
    unsigned char buf[16];
    int family = strchr(texts[i], ':') ? AF_INET6 : AF_INET;
    int r = inet_pton(family, texts[i], buf);
    char back[64] = "-";
    if (r == 1) inet_ntop(family, buf, back, sizeof back);
    printf("inet_pton(%d, \"%s\"): %d, back: %s\n", family, texts[i], r, back);
  }
  unsigned char buf[16];
  int r = inet_pton(99, "1.2.3.4", buf);
  printf("inet_pton(99): %d, error %d\n", r, WSAGetLastError());
  inet_pton(AF_INET6, "2001:db8::1", buf);
  char small[8];
  const char* got = inet_ntop(AF_INET6, buf, small, sizeof small);
  printf("inet_ntop into 8 bytes: %s, error %d\n", got ? got : "NULL", WSAGetLastError());
  WCHAR wide[64];
  r = InetPtonW(AF_INET6, L"fe80::abcd", buf);
  printf("InetPtonW: %d", r);
  if (InetNtopW(AF_INET6, buf, wide, 64)) printf(", InetNtopW: %ls\n", wide);
  else printf(", InetNtopW failed\n");

  printf("-- getaddrinfo\n");
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, SOCK_STREAM);
  lookup("::1", "443", 0, 0, -1);
  lookup("127.0.0.1", "53", 0, AF_INET, SOCK_DGRAM);
  lookup("localhost", "8080", 0, AF_INET, SOCK_STREAM);
  lookup("localhost", NULL, 0, AF_INET6, SOCK_STREAM);
  lookup("LocalHost", "http", 0, AF_UNSPEC, SOCK_STREAM);
  lookup(NULL, "5000", AI_PASSIVE, AF_INET, SOCK_STREAM);
  lookup(NULL, "5000", AI_PASSIVE, AF_INET6, SOCK_STREAM);
  lookup(NULL, "5000", 0, AF_INET, SOCK_STREAM);
  lookup(NULL, "5000", 0, AF_INET6, SOCK_STREAM);
  lookup("10.0.0.1", NULL, AI_CANONNAME | AI_NUMERICHOST, AF_INET, SOCK_STREAM);
  lookup("not a host", NULL, AI_NUMERICHOST, AF_UNSPEC, SOCK_STREAM);
  lookup("127.0.0.1", "no-such-service", 0, AF_UNSPEC, SOCK_STREAM);
  lookup("::1", NULL, 0, AF_INET, SOCK_STREAM);
  lookup(NULL, NULL, 0, AF_UNSPEC, SOCK_STREAM);
  lookup("127.0.0.1", NULL, 0, 99, SOCK_STREAM);

  ADDRINFOW hw, *rw = NULL;
  memset(&hw, 0, sizeof hw);
  hw.ai_family = AF_INET6;
  hw.ai_flags = AI_CANONNAME;
  r = GetAddrInfoW(L"::1", L"22", &hw, &rw);
  printf("GetAddrInfoW: %d", r);
  if (!r) {
    printf(", family %d, type %d, length %u, name %ls: ", rw->ai_family, rw->ai_socktype, (unsigned)rw->ai_addrlen,
           rw->ai_canonname ? rw->ai_canonname : L"NULL");
    show_addr(rw->ai_addr);
    FreeAddrInfoW(rw);
  }
  printf("\n");

  printf("-- getnameinfo\n");
  name_of("127.0.0.1", AF_INET, 80, NI_NUMERICHOST | NI_NUMERICSERV, NI_MAXHOST);
  name_of("127.0.0.1", AF_INET, 80, NI_NUMERICHOST, NI_MAXHOST);
  name_of("127.0.0.1", AF_INET, 53, NI_NUMERICHOST | NI_DGRAM, NI_MAXHOST);
  name_of("::1", AF_INET6, 443, NI_NUMERICHOST | NI_NUMERICSERV, NI_MAXHOST);
  name_of("192.168.100.200", AF_INET, 1, NI_NUMERICHOST | NI_NUMERICSERV, 8);
  struct sockaddr_in6 a6;
  memset(&a6, 0, sizeof a6);
  a6.sin6_family = AF_INET6;
  a6.sin6_port = htons(8080);
  a6.sin6_addr = in6addr_loopback;
  WCHAR host[64], serv[16];
  r = GetNameInfoW((struct sockaddr*)&a6, sizeof a6, host, 64, serv, 16, NI_NUMERICHOST | NI_NUMERICSERV);
  printf("GetNameInfoW: %d, %ls %ls\n", r, r ? L"-" : host, r ? L"-" : serv);
  r = getnameinfo((struct sockaddr*)&a6, 10, NULL, 0, NULL, 0, 0);
  printf("getnameinfo of 10 bytes: %d, error %d\n", r, WSAGetLastError());

  printf("-- Winsock 1.1 databases\n");
  const char* hosts[] = {"127.0.0.1", "localhost"};
  for (int i = 0; i < 2; ++i) {
    struct hostent* h = gethostbyname(hosts[i]);
    if (!h) {
      printf("gethostbyname(%s): NULL, error %d\n", hosts[i], WSAGetLastError());
      continue;
    }
    printf("gethostbyname(%s): name %s, type %d, length %d, first %s\n", hosts[i], h->h_name, h->h_addrtype,
           h->h_length, inet_ntoa(*(struct in_addr*)h->h_addr_list[0]));
  }
  struct servent* se = getservbyname("http", "tcp");
  printf("getservbyname(http, tcp): %s %u %s\n", se ? se->s_name : "NULL", se ? ntohs(se->s_port) : 0,
         se ? se->s_proto : "-");
  se = getservbyport(htons(443), NULL);
  printf("getservbyport(443): %s %u %s\n", se ? se->s_name : "NULL", se ? ntohs(se->s_port) : 0, se ? se->s_proto : "-");
  se = getservbyname("no-such-service", NULL);
  printf("getservbyname(no-such-service): %s, error %d\n", se ? "found" : "NULL", WSAGetLastError());
  struct protoent* pe = getprotobyname("udp");
  printf("getprotobyname(udp): %s %d\n", pe ? pe->p_name : "NULL", pe ? pe->p_proto : -1);
  pe = getprotobynumber(6);
  printf("getprotobynumber(6): %s %d\n", pe ? pe->p_name : "NULL", pe ? pe->p_proto : -1);

  printf("-- protocols\n");
  int tcp[] = {IPPROTO_TCP, 0};
  DWORD size = 0;
  r = WSAEnumProtocolsW(tcp, NULL, &size);
  printf("WSAEnumProtocolsW sizing: %d, error %d, %lu bytes for %lu records\n", r, WSAGetLastError(),
         (unsigned long)size, (unsigned long)(size / sizeof(WSAPROTOCOL_INFOW)));
  WSAPROTOCOL_INFOW infos[16];
  size = sizeof infos;
  r = WSAEnumProtocolsW(tcp, infos, &size);
  printf("WSAEnumProtocolsW(TCP): %d\n", r);
  for (int i = 0; i < r; ++i)
    printf("  family %d, type %d, protocol %d, IFS handles %d, max address %d\n", infos[i].iAddressFamily,
           infos[i].iSocketType, infos[i].iProtocol, (infos[i].dwServiceFlags1 & XP1_IFS_HANDLES) != 0,
           infos[i].iMaxSockAddr);
  int udp[] = {IPPROTO_UDP, 0};
  WSAPROTOCOL_INFOA ainfos[16];
  size = sizeof ainfos;
  r = WSAEnumProtocolsA(udp, ainfos, &size);
  printf("WSAEnumProtocolsA(UDP): %d\n", r);
  for (int i = 0; i < r; ++i)
    printf("  family %d, type %d, protocol %d, connectionless %d, %s\n", ainfos[i].iAddressFamily,
           ainfos[i].iSocketType, ainfos[i].iProtocol, (ainfos[i].dwServiceFlags1 & XP1_CONNECTIONLESS) != 0,
           ainfos[i].szProtocol);

  printf("-- host name\n");
  char name[256];
  WCHAR wname[256];
  r = gethostname(name, sizeof name);
  int rw2 = GetHostNameW(wname, 256);
  char back[256];
  WideCharToMultiByte(CP_UTF8, 0, wname, -1, back, sizeof back, NULL, NULL);
  printf("gethostname: %d, %s; GetHostNameW: %d, the same: %s\n", r, strlen(name) ? "a name" : "empty", rw2,
         strcmp(name, back) == 0 ? "yes" : "no");
  r = gethostname(name, 1);
  printf("gethostname into 1 byte: %d, error %d\n", r, WSAGetLastError());
  WSACleanup();
  return 0;
}
