// Name resolution with AI_ADDRCONFIG, as apt's http method asks it: glibc first asks the kernel
// over a netlink socket which address families are configured (and, refused that socket, takes
// both), then resolves. Numeric names only: no resolver or /etc/hosts is needed.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include "sample_check.h"

static void resolve(const char* name, const char* service) {
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_flags = AI_ADDRCONFIG | AI_NUMERICHOST | AI_NUMERICSERV;
  hints.ai_socktype = SOCK_STREAM;
  int r = getaddrinfo(name, service, &hints, &res);
  if (r != 0) {
    // EAI_ADDRFAMILY or EAI_NONAME where that family has no address configured here.
    printf("%s: not resolved (%s family not configured)\n", name, strchr(name, ':') ? "IPv6" : "IPv4");
    return;
  }
  char text[INET6_ADDRSTRLEN];
  const void* at = res->ai_family == AF_INET ? (const void*)&((struct sockaddr_in*)res->ai_addr)->sin_addr
                                             : (const void*)&((struct sockaddr_in6*)res->ai_addr)->sin6_addr;
  inet_ntop(res->ai_family, at, text, sizeof text);
  unsigned port = ntohs(res->ai_family == AF_INET ? ((struct sockaddr_in*)res->ai_addr)->sin_port
                                                  : ((struct sockaddr_in6*)res->ai_addr)->sin6_port);
  printf("%s: %s %s port %u\n", name, res->ai_family == AF_INET ? "AF_INET" : "AF_INET6", text, port);
  freeaddrinfo(res);
}

int main(void) {
  resolve("127.0.0.1", "80");
  resolve("10.1.2.3", "8080");
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_flags = AI_NUMERICHOST;
  printf("a name with AI_NUMERICHOST: %s\n", getaddrinfo("not.a.number", NULL, &hints, &res) == EAI_NONAME ? "EAI_NONAME" : "??");
  return 0;
}
