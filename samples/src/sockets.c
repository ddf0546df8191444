/* Sockets in one process, loopback only: AF_UNIX socketpairs (stream and datagram), SCM_RIGHTS
 * passing a pipe end, a listening AF_UNIX socket on a path, TCP and UDP on 127.0.0.1, UDP on ::1,
 * scatter/gather messages, socket options and bad pointers. Every step prints a line; any
 * unexpected result exits 1. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "sample_check.h"

static void* bad_ptr(void) {
  void* p = BAD;
  __asm__("" : "+r"(p)); /* keep the compiler from judging the pointer */
  return p;
}

static int cloexec(int fd) { return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0; }
static int nonblock(int fd) { return (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }

static void wait_for(int fd, short events) {
  struct pollfd p = {fd, events, 0};
  check(poll(&p, 1, 5000) == 1, "poll");
}

static void test_socketpairs(void) {
  int sv[2];
  check(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0, "socketpair stream");
  printf("stream pair cloexec=%d,%d nonblock=%d\n", cloexec(sv[0]), cloexec(sv[1]), nonblock(sv[0]));
  check(write(sv[0], "ping", 4) == 4, "write");
  char buf[64] = {0};
  check(read(sv[1], buf, sizeof buf) == 4, "read");
  printf("stream: %s\n", buf);

  /* Two iovecs out, two iovecs in. */
  struct iovec out[2] = {{"hello ", 6}, {"world", 5}};
  struct msghdr m = {.msg_iov = out, .msg_iovlen = 2};
  check(sendmsg(sv[1], &m, 0) == 11, "sendmsg");
  char a[4] = {0}, b[32] = {0};
  struct iovec in[2] = {{a, 4}, {b, sizeof b}};
  struct msghdr r = {.msg_iov = in, .msg_iovlen = 2};
  long n = recvmsg(sv[0], &r, 0);
  printf("recvmsg: %ld \"%.4s\" \"%s\" flags=%#x\n", n, a, b, r.msg_flags);

  check(send(sv[0], "peek", 4, 0) == 4, "send");
  memset(buf, 0, sizeof buf);
  n = recv(sv[1], buf, sizeof buf, MSG_PEEK);
  printf("MSG_PEEK: %ld %s\n", n, buf);
  memset(buf, 0, sizeof buf);
  n = recv(sv[1], buf, sizeof buf, 0);
  printf("then recv: %ld %s\n", n, buf);
  printf("recv when empty, MSG_DONTWAIT: %s\n", err(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT)));
  printf("sendmsg with a bad iovec: %s\n", err(sendmsg(sv[0], &(struct msghdr){.msg_iov = bad_ptr(), .msg_iovlen = 1}, 0)));
  struct iovec bad_base = {bad_ptr(), 4};
  printf("sendmsg with a bad buffer: %s\n", err(sendmsg(sv[0], &(struct msghdr){.msg_iov = &bad_base, .msg_iovlen = 1}, 0)));
  printf("send with a bad buffer: %s\n", err(send(sv[0], bad_ptr(), 4, 0)));
  close(sv[0]);
  close(sv[1]);

  check(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv) == 0, "socketpair dgram");
  printf("dgram pair nonblock=%d cloexec=%d\n", nonblock(sv[0]), cloexec(sv[0]));
  check(send(sv[0], "one", 3, 0) == 3 && send(sv[0], "three", 5, 0) == 5, "send");
  check(send(sv[0], "a longer datagram", 17, 0) == 17, "send");
  memset(buf, 0, sizeof buf);
  n = recv(sv[1], buf, sizeof buf, 0);
  printf("datagram 1: %ld %s\n", n, buf);
  memset(buf, 0, sizeof buf);
  n = recv(sv[1], buf, sizeof buf, 0);
  printf("datagram 2: %ld %s\n", n, buf);
  char small[8] = {0};
  struct iovec si = {small, sizeof small - 1};
  struct msghdr sm = {.msg_iov = &si, .msg_iovlen = 1};
  n = recvmsg(sv[1], &sm, 0);
  printf("truncated datagram: %ld %s MSG_TRUNC=%d\n", n, small, (sm.msg_flags & MSG_TRUNC) != 0);
  printf("dgram empty: %s\n", err(recv(sv[1], buf, sizeof buf, 0)));

  /* Three datagrams at once, and back. */
  struct iovec mv[3] = {{"x", 1}, {"yy", 2}, {"zzz", 3}};
  struct mmsghdr mm[3];
  memset(mm, 0, sizeof mm);
  for (int i = 0; i < 3; ++i) mm[i].msg_hdr.msg_iov = &mv[i], mm[i].msg_hdr.msg_iovlen = 1;
  printf("sendmmsg: %d\n", sendmmsg(sv[1], mm, 3, 0));
  char rb[3][8];
  struct iovec rv[3];
  memset(rb, 0, sizeof rb);
  memset(mm, 0, sizeof mm);
  for (int i = 0; i < 3; ++i) {
    rv[i] = (struct iovec){rb[i], sizeof rb[i]};
    mm[i].msg_hdr.msg_iov = &rv[i];
    mm[i].msg_hdr.msg_iovlen = 1;
  }
  n = recvmmsg(sv[0], mm, 3, 0, NULL);
  printf("recvmmsg: %ld lengths %u %u %u: %s %s %s\n", n, mm[0].msg_len, mm[1].msg_len, mm[2].msg_len, rb[0], rb[1], rb[2]);
  close(sv[0]);
  close(sv[1]);
}

/* Receives one byte with its control message into `ctl` (cmsghdr-aligned, `size` bytes): the
 * message's header. */
static struct cmsghdr* receive_with_control(int sock, struct msghdr* r, void* ctl, size_t size, const char* what) {
  memset(ctl, 0, size);
  r->msg_control = ctl;
  r->msg_controllen = size;
  check(recvmsg(sock, r, 0) == 1, what);
  struct cmsghdr* c = CMSG_FIRSTHDR(r);
  check(c != NULL, what);
  return c;
}

/* Sends the byte `c` with `n` (at most 3) descriptors in one SCM_RIGHTS message. */
static void send_descriptors(int sock, char c, const int* fds, size_t n, const char* what) {
  struct iovec iov = {&c, 1};
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(3 * sizeof(int))];
  } ctl;
  memset(&ctl, 0, sizeof ctl);
  struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = CMSG_SPACE(n * sizeof(int))};
  struct cmsghdr* cm = CMSG_FIRSTHDR(&m);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(n * sizeof(int));
  memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
  check(sendmsg(sock, &m, 0) == 1, what);
}

static void test_scm_rights(void) {
  int sv[2], pipefd[2];
  check(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
  check(pipe(pipefd) == 0, "pipe");

  send_descriptors(sv[0], '!', &pipefd[1], 1, "sendmsg SCM_RIGHTS");
  close(pipefd[1]);

  char got = 0;
  struct iovec riov = {&got, 1};
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(sizeof(int))];
  } rctl;
  memset(&rctl, 0, sizeof rctl);
  struct msghdr r = {.msg_iov = &riov, .msg_iovlen = 1, .msg_control = rctl.buf, .msg_controllen = sizeof rctl.buf};
  check(recvmsg(sv[1], &r, MSG_CMSG_CLOEXEC) == 1, "recvmsg SCM_RIGHTS");
  struct cmsghdr* rc = CMSG_FIRSTHDR(&r);
  check(rc != NULL, "SCM_RIGHTS message");
  printf("SCM_RIGHTS: byte %c, cmsg level=%d type=%d len=%zu\n", got, rc->cmsg_level, rc->cmsg_type, (size_t)rc->cmsg_len);
  int fd;
  memcpy(&fd, CMSG_DATA(rc), sizeof fd);
  printf("received descriptor cloexec=%d\n", cloexec(fd));
  check(write(fd, "through the passed fd", 21) == 21, "write passed fd");
  close(fd);
  char buf[64] = {0};
  check(read(pipefd[0], buf, sizeof buf) == 21, "read pipe");
  printf("pipe got: %s\n", buf);
  printf("pipe at end: %ld\n", (long)read(pipefd[0], buf, sizeof buf));
  close(pipefd[0]);

  /* Credentials of the sender. */
  int on = 1;
  check(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on) == 0, "SO_PASSCRED");
  check(write(sv[0], "c", 1) == 1, "write");
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(sizeof(struct ucred))];
  } cctl;
  rc = receive_with_control(sv[1], &r, cctl.buf, sizeof cctl.buf, "recvmsg SCM_CREDENTIALS");
  struct ucred uc;
  memcpy(&uc, CMSG_DATA(rc), sizeof uc);
  printf("SCM_CREDENTIALS: type=%d pid is ours=%d uid is ours=%d\n", rc->cmsg_type, uc.pid == getpid(), uc.uid == getuid());
  socklen_t len = sizeof uc;
  check(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &uc, &len) == 0, "SO_PEERCRED");
  printf("SO_PEERCRED: len=%u pid is ours=%d\n", len, uc.pid == getpid());
  r.msg_control = bad_ptr();
  check(write(sv[0], "d", 1) == 1, "write");
  printf("recvmsg with a bad control buffer: %s\n", err(recvmsg(sv[1], &r, 0)));
  close(sv[0]);
  close(sv[1]);
}

/* Three descriptors sent, room for one received: the others are dropped (closed, not leaked) and
 * MSG_CTRUNC says so. Then a datagram's receive time as an SCM_TIMESTAMP message in this ABI's
 * struct timeval. */
static void test_control_limits(void) {
  int sv[2], pipefd[2];
  check(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair");
  check(pipe(pipefd) == 0, "pipe");
  int fds[3] = {pipefd[1], pipefd[1], pipefd[1]};
  send_descriptors(sv[0], 'f', fds, 3, "sendmsg three descriptors");
  close(pipefd[1]);

  char got = 0;
  struct iovec riov = {&got, 1};
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(sizeof(int))];
  } rctl;
  memset(&rctl, 0, sizeof rctl);
  struct msghdr r = {.msg_iov = &riov, .msg_iovlen = 1, .msg_control = rctl.buf, .msg_controllen = sizeof rctl.buf};
  check(recvmsg(sv[1], &r, 0) == 1, "recvmsg one descriptor's room");
  struct cmsghdr* rc = CMSG_FIRSTHDR(&r);
  check(rc != NULL, "SCM_RIGHTS message");
  /* (A 64-bit ABI's room for one int holds two: its messages are aligned to 8 bytes.) */
  size_t n = (rc->cmsg_len - CMSG_LEN(0)) / sizeof(int);
  printf("room for one of three descriptors: MSG_CTRUNC=%d received fewer=%d whole ints=%d controllen fits=%d\n",
         (r.msg_flags & MSG_CTRUNC) != 0, n >= 1 && n < 3, rc->cmsg_len == CMSG_LEN(n * sizeof(int)),
         r.msg_controllen <= sizeof rctl.buf);
  for (size_t i = 0; i < n; ++i) {
    int fd;
    memcpy(&fd, CMSG_DATA(rc) + i * sizeof fd, sizeof fd);
    close(fd);
  }
  char buf[8];
  /* Every write end is closed: the dropped descriptors were not kept open (a leaked one would
   * make this read EAGAIN). */
  fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
  printf("pipe at end once the received ones are closed: %ld\n", (long)read(pipefd[0], buf, sizeof buf));
  close(pipefd[0]);

  int on = 1;
  check(setsockopt(sv[1], SOL_SOCKET, SO_TIMESTAMP, &on, sizeof on) == 0, "SO_TIMESTAMP");
  struct timeval before;
  gettimeofday(&before, NULL);
  check(write(sv[0], "t", 1) == 1, "write");
  union {
    struct cmsghdr h;
    char buf[CMSG_SPACE(sizeof(struct timeval))];
  } tctl;
  rc = receive_with_control(sv[1], &r, tctl.buf, sizeof tctl.buf, "recvmsg SCM_TIMESTAMP");
  struct timeval tv;
  memcpy(&tv, CMSG_DATA(rc), sizeof tv);
  long long delta_us = (tv.tv_sec - before.tv_sec) * 1000000LL + (tv.tv_usec - before.tv_usec);
  printf("SCM_TIMESTAMP: type is SCM_TIMESTAMP=%d len is a timeval's=%d within a minute of the send=%d usec valid=%d\n",
         rc->cmsg_type == SCM_TIMESTAMP, rc->cmsg_len == CMSG_LEN(sizeof tv), delta_us >= 0 && delta_us < 60000000,
         tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  close(sv[0]);
  close(sv[1]);
}

static void test_unix_listener(void) {
  const char* tmp = getenv("TMPDIR");
  char dir[80];
  snprintf(dir, sizeof dir, "%s/polyrun-sock-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  check(mkdtemp(dir) != NULL, "mkdtemp");
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  snprintf(addr.sun_path, sizeof addr.sun_path, "%s/listen.sock", dir);

  int ls = socket(AF_UNIX, SOCK_STREAM, 0);
  check(ls >= 0, "socket");
  check(bind(ls, (struct sockaddr*)&addr, sizeof addr) == 0, "bind");
  check(listen(ls, 4) == 0, "listen");
  struct stat st;
  printf("socket file: %d\n", stat(addr.sun_path, &st) == 0 && S_ISSOCK(st.st_mode));
  struct sockaddr_un got;
  socklen_t len = sizeof got;
  check(getsockname(ls, (struct sockaddr*)&got, &len) == 0, "getsockname");
  printf("getsockname: family=%d path matches=%d len matches=%d\n", got.sun_family, strcmp(got.sun_path, addr.sun_path) == 0,
         len == offsetof(struct sockaddr_un, sun_path) + strlen(addr.sun_path) + 1);

  check(fcntl(ls, F_SETFL, O_NONBLOCK) == 0, "O_NONBLOCK");
  printf("accept with nobody waiting: %s\n", err(accept(ls, NULL, NULL)));

  int c = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  check(c >= 0, "socket");
  check(connect(c, (struct sockaddr*)&addr, sizeof addr) == 0, "connect");
  struct sockaddr_un peer;
  len = sizeof peer;
  int s = accept4(ls, (struct sockaddr*)&peer, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
  check(s >= 0, "accept4");
  printf("accept4: nonblock=%d cloexec=%d peer family=%d unnamed=%d\n", nonblock(s), cloexec(s), peer.sun_family,
         len == sizeof(sa_family_t));
  len = sizeof peer;
  check(getpeername(c, (struct sockaddr*)&peer, &len) == 0, "getpeername");
  printf("client's peer is the path: %d\n", strcmp(peer.sun_path, addr.sun_path) == 0);
  check(send(c, "over the path", 13, 0) == 13, "send");
  char buf[32] = {0};
  wait_for(s, POLLIN);
  printf("server got: %ld %s\n", (long)recv(s, buf, sizeof buf, 0), buf);
  close(s);
  close(c);

  struct sockaddr_un missing = {.sun_family = AF_UNIX};
  snprintf(missing.sun_path, sizeof missing.sun_path, "%s/nobody.sock", dir);
  c = socket(AF_UNIX, SOCK_STREAM, 0);
  printf("connect to a missing path: %s\n", err(connect(c, (struct sockaddr*)&missing, sizeof missing)));
  printf("connect with a bad address: %s\n", err(connect(c, bad_ptr(), sizeof missing)));
  printf("connect with a huge length: %s\n", err(connect(c, (struct sockaddr*)&missing, 4096)));
  close(c);
  close(ls);
  check(unlink(addr.sun_path) == 0, "unlink");
  check(rmdir(dir) == 0, "rmdir");
}

static struct sockaddr_in loopback(unsigned short port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

static int get_int_opt(int fd, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  check(getsockopt(fd, level, name, &v, &len) == 0, "getsockopt");
  return v;
}

static void test_tcp(void) {
  int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  check(ls >= 0, "socket");
  int on = 1;
  check(setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == 0, "SO_REUSEADDR");
  printf("SO_REUSEADDR: %d\n", get_int_opt(ls, SOL_SOCKET, SO_REUSEADDR) != 0);
  struct sockaddr_in a = loopback(0);
  check(bind(ls, (struct sockaddr*)&a, sizeof a) == 0, "bind");
  check(listen(ls, 8) == 0, "listen");
  socklen_t len = sizeof a;
  check(getsockname(ls, (struct sockaddr*)&a, &len) == 0, "getsockname");
  printf("listening: family=%d addr=%s port assigned=%d len=%u\n", a.sin_family, inet_ntoa(a.sin_addr), ntohs(a.sin_port) != 0, len);
  printf("SO_TYPE: %d SO_ACCEPTCONN: %d\n", get_int_opt(ls, SOL_SOCKET, SO_TYPE), get_int_opt(ls, SOL_SOCKET, SO_ACCEPTCONN));

  check(fcntl(ls, F_SETFL, O_NONBLOCK) == 0, "O_NONBLOCK");
  printf("accept4 with nobody waiting: %s\n", err(accept4(ls, NULL, NULL, 0)));

  int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  check(c >= 0, "socket");
  int r = connect(c, (struct sockaddr*)&a, sizeof a);
  check(r == 0 || errno == EINPROGRESS, "connect");
  wait_for(c, POLLOUT);
  printf("connected: SO_ERROR=%d\n", get_int_opt(c, SOL_SOCKET, SO_ERROR));
  wait_for(ls, POLLIN);
  struct sockaddr_in peer;
  len = sizeof peer;
  int s = accept4(ls, (struct sockaddr*)&peer, &len, SOCK_NONBLOCK);
  check(s >= 0, "accept4");
  struct sockaddr_in mine;
  socklen_t mlen = sizeof mine;
  check(getsockname(c, (struct sockaddr*)&mine, &mlen) == 0, "getsockname client");
  printf("accepted: peer is the client=%d\n", peer.sin_port == mine.sin_port && peer.sin_addr.s_addr == mine.sin_addr.s_addr);
  len = sizeof peer;
  check(getpeername(c, (struct sockaddr*)&peer, &len) == 0, "getpeername");
  printf("client's peer is the listener=%d\n", peer.sin_port == a.sin_port);

  check(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == 0, "TCP_NODELAY");
  printf("TCP_NODELAY: %d\n", get_int_opt(c, IPPROTO_TCP, TCP_NODELAY) != 0);
  struct linger lg = {1, 3}, lg2 = {0, 0};
  check(setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) == 0, "SO_LINGER");
  len = sizeof lg2;
  check(getsockopt(c, SOL_SOCKET, SO_LINGER, &lg2, &len) == 0, "SO_LINGER get");
  printf("SO_LINGER: %d %d len=%u\n", lg2.l_onoff, lg2.l_linger, len);
  struct timeval tv = {2, 500000}, tv2 = {0, 0};
  check(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0, "SO_RCVTIMEO");
  len = sizeof tv2;
  check(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv2, &len) == 0, "SO_RCVTIMEO get");
  printf("SO_RCVTIMEO: %ld.%06ld len=%u\n", (long)tv2.tv_sec, (long)tv2.tv_usec, len);
  printf("getsockopt with a bad length pointer: %s\n", err(getsockopt(c, SOL_SOCKET, SO_TYPE, &r, bad_ptr())));
  printf("setsockopt with a bad value: %s\n", err(setsockopt(c, SOL_SOCKET, SO_KEEPALIVE, bad_ptr(), sizeof(int))));

  check(send(c, "request", 7, 0) == 7, "send");
  char buf[64] = {0};
  wait_for(s, POLLIN);
  printf("server got: %ld %s\n", (long)recv(s, buf, sizeof buf, 0), buf);
  check(shutdown(c, SHUT_WR) == 0, "shutdown");
  wait_for(s, POLLIN);
  printf("server after the client's shutdown: %ld\n", (long)recv(s, buf, sizeof buf, 0));
  check(send(s, "reply", 5, 0) == 5, "send reply");
  memset(buf, 0, sizeof buf);
  wait_for(c, POLLIN);
  printf("client got: %ld %s\n", (long)recv(c, buf, sizeof buf, 0), buf);
  printf("send after shutdown: %s\n", err(send(c, "x", 1, MSG_NOSIGNAL)));
  close(s);
  close(c);
  close(ls);

  /* A port nobody listens on: bind one, then close it without listening. */
  int t = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in b = loopback(0);
  check(bind(t, (struct sockaddr*)&b, sizeof b) == 0, "bind");
  len = sizeof b;
  check(getsockname(t, (struct sockaddr*)&b, &len) == 0, "getsockname");
  close(t);
  t = socket(AF_INET, SOCK_STREAM, 0);
  printf("connect to a closed port: %s\n", err(connect(t, (struct sockaddr*)&b, sizeof b)));
  close(t);
}

static void test_udp(void) {
  int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
  check(u1 >= 0 && u2 >= 0, "socket");
  struct sockaddr_in a1 = loopback(0), a2 = loopback(0);
  check(bind(u1, (struct sockaddr*)&a1, sizeof a1) == 0 && bind(u2, (struct sockaddr*)&a2, sizeof a2) == 0, "bind");
  socklen_t len = sizeof a1;
  check(getsockname(u1, (struct sockaddr*)&a1, &len) == 0, "getsockname");
  len = sizeof a2;
  check(getsockname(u2, (struct sockaddr*)&a2, &len) == 0, "getsockname");
  printf("udp SO_TYPE: %d\n", get_int_opt(u1, SOL_SOCKET, SO_TYPE));
  check(sendto(u1, "datagram", 8, 0, (struct sockaddr*)&a2, sizeof a2) == 8, "sendto");
  char buf[32] = {0};
  struct sockaddr_in from;
  len = sizeof from;
  wait_for(u2, POLLIN);
  long n = recvfrom(u2, buf, sizeof buf, MSG_PEEK, (struct sockaddr*)&from, &len);
  printf("recvfrom MSG_PEEK: %ld %s\n", n, buf);
  memset(buf, 0, sizeof buf);
  memset(&from, 0, sizeof from);
  len = sizeof from;
  n = recvfrom(u2, buf, sizeof buf, 0, (struct sockaddr*)&from, &len);
  printf("recvfrom: %ld %s from the sender=%d len=%u\n", n, buf, from.sin_port == a1.sin_port && from.sin_addr.s_addr == a1.sin_addr.s_addr, len);
  printf("recvfrom when empty, MSG_DONTWAIT: %s\n", err(recvfrom(u2, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL)));
  printf("sendto with a bad address: %s\n", err(sendto(u1, "x", 1, 0, bad_ptr(), sizeof a2)));
  printf("recvfrom with a bad length pointer: %s\n", err(recvfrom(u2, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr*)&from, bad_ptr())));
  close(u1);
  close(u2);

  /* The same over ::1. */
  int v1 = socket(AF_INET6, SOCK_DGRAM, 0), v2 = socket(AF_INET6, SOCK_DGRAM, 0);
  check(v1 >= 0 && v2 >= 0, "socket AF_INET6");
  struct sockaddr_in6 b1 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
  struct sockaddr_in6 b2 = b1;
  check(bind(v1, (struct sockaddr*)&b1, sizeof b1) == 0 && bind(v2, (struct sockaddr*)&b2, sizeof b2) == 0, "bind ::1");
  len = sizeof b1;
  check(getsockname(v1, (struct sockaddr*)&b1, &len) == 0, "getsockname");
  len = sizeof b2;
  check(getsockname(v2, (struct sockaddr*)&b2, &len) == 0, "getsockname");
  printf("udp6 bound: len=%u port assigned=%d\n", len, b2.sin6_port != 0);
  check(sendto(v1, "six", 3, 0, (struct sockaddr*)&b2, sizeof b2) == 3, "sendto ::1");
  struct sockaddr_in6 f6;
  len = sizeof f6;
  memset(buf, 0, sizeof buf);
  wait_for(v2, POLLIN);
  n = recvfrom(v2, buf, sizeof buf, 0, (struct sockaddr*)&f6, &len);
  char text[64];
  printf("recvfrom ::1: %ld %s from %s the sender=%d\n", n, buf, inet_ntop(AF_INET6, &f6.sin6_addr, text, sizeof text),
         f6.sin6_port == b1.sin6_port);
  close(v1);
  close(v2);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  test_socketpairs();
  test_scm_rights();
  test_control_limits();
  test_unix_listener();
  test_tcp();
  test_udp();
  printf("done\n");
  return 0;
}
