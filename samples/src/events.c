/* Waiting on descriptors: ppoll and pselect on pipes (a timeout that expires, a ready
 * descriptor, a signal mask), epoll level- and edge-triggered with EPOLL_CTL_MOD/DEL and data
 * round trips, eventfd counters (EFD_SEMAPHORE too), a one-shot timerfd, and EFAULT for bad
 * pointers. Every step prints a line; any unexpected result exits 1. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "sample_check.h"

static void test_ppoll(void) {
  int p[2];
  check(pipe(p) == 0, "pipe");
  struct pollfd fd = {p[0], POLLIN, 0};
  struct timespec ts = {0, 30 * 1000 * 1000};
  /* The kernel writes the time left back (glibc's ppoll hands it a copy). */
  long r = syscall(SYS_ppoll, &fd, 1, &ts, NULL, 8);
  printf("ppoll empty pipe: %ld revents=%#x remaining=%ld.%09ld\n", r, fd.revents, (long)ts.tv_sec, ts.tv_nsec);

  check(write(p[1], "x", 1) == 1, "write");
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR1);
  ts.tv_sec = 5;
  ts.tv_nsec = 0;
  r = syscall(SYS_ppoll, &fd, 1, &ts, &mask, 8);
  printf("ppoll ready pipe with a mask: %ld revents=%#x remaining>4s=%d\n", r, fd.revents, ts.tv_sec >= 4);
  r = ppoll(&fd, 1, NULL, &mask);
  printf("ppoll without a timeout: %ld revents=%#x\n", r, fd.revents);

  struct pollfd two[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
  r = poll(two, 2, 0);
  printf("poll both ends: %ld revents=%#x,%#x\n", r, two[0].revents, two[1].revents);

  struct pollfd closed = {9999, POLLIN, 0};
  r = poll(&closed, 1, 0);
  printf("poll a descriptor that is not open: %ld revents=%#x\n", r, closed.revents);

  long e = syscall(SYS_ppoll, &fd, 1, &ts, &mask, 4);
  printf("ppoll with a 4-byte sigset: %s\n", err(e));
  e = syscall(SYS_ppoll, BAD, 1, &ts, NULL, 8);
  printf("ppoll with a bad pollfd array: %s\n", err(e));
  e = syscall(SYS_ppoll, &fd, 1, BAD, NULL, 8);
  printf("ppoll with a bad timeout: %s\n", err(e));
  close(p[0]);
  r = poll(two + 1, 1, 0);
  printf("poll write end, reader gone: %ld revents=%#x\n", r, two[1].revents);
  close(p[1]);
}

static void test_pselect(void) {
  int p[2];
  check(pipe(p) == 0, "pipe");
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  struct timespec ts = {0, 20 * 1000 * 1000};
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR2);
  int r = pselect(p[0] + 1, &rd, NULL, NULL, &ts, &mask);
  printf("pselect empty pipe: %d isset=%d\n", r, FD_ISSET(p[0], &rd));

  struct timeval tv = {0, 20 * 1000};
  FD_SET(p[0], &rd);
  r = select(p[0] + 1, &rd, NULL, NULL, &tv);
  printf("select empty pipe: %d remaining=%ld.%06ld\n", r, (long)tv.tv_sec, (long)tv.tv_usec);

  check(write(p[1], "yz", 2) == 2, "write");
  fd_set wr;
  FD_ZERO(&rd);
  FD_ZERO(&wr);
  FD_SET(p[0], &rd);
  FD_SET(p[1], &rd);
  FD_SET(p[1], &wr);
  ts.tv_sec = 5;
  r = pselect((p[0] > p[1] ? p[0] : p[1]) + 1, &rd, &wr, NULL, &ts, NULL);
  printf("pselect ready pipe: %d read=%d,%d write=%d\n", r, FD_ISSET(p[0], &rd), FD_ISSET(p[1], &rd), FD_ISSET(p[1], &wr));

  long e = syscall(SYS_pselect6, p[0] + 1, BAD, NULL, NULL, NULL, NULL);
  printf("pselect6 with a bad fd_set: %s\n", err(e));
  e = syscall(SYS_pselect6, -1, NULL, NULL, NULL, NULL, NULL);
  printf("pselect6 with n=-1: %s\n", err(e));
  struct { const sigset_t* set; size_t size; } sig = {&mask, 16};
  e = syscall(SYS_pselect6, p[0] + 1, &rd, NULL, NULL, &ts, &sig);
  printf("pselect6 with a 16-byte sigset: %s\n", err(e));
  close(p[0]);
  close(p[1]);
}

static int wait_events(int ep, struct epoll_event* ev, int max, int timeout) {
  int r = epoll_wait(ep, ev, max, timeout);
  check(r >= 0, "epoll_wait");
  return r;
}

static void test_epoll(void) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  check(ep >= 0, "epoll_create1");
  printf("epoll_create1 cloexec=%d\n", (fcntl(ep, F_GETFD) & FD_CLOEXEC) != 0);
  printf("epoll_create1 with a bad flag: %s\n", err(epoll_create1(1)));

  int p[2];
  check(pipe(p) == 0, "pipe");
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ull};
  check(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0, "epoll_ctl ADD");
  printf("epoll_ctl ADD twice: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev)));

  struct epoll_event out[8];
  memset(out, 0, sizeof out);
  printf("epoll_wait empty pipe: %d\n", wait_events(ep, out, 8, 10));
  check(write(p[1], "a", 1) == 1, "write");
  int n = wait_events(ep, out, 8, 1000);
  printf("level-triggered: %d events=%#x data=%#llx\n", n, out[0].events, (unsigned long long)out[0].data.u64);
  n = wait_events(ep, out, 8, 0);
  printf("level-triggered again: %d\n", n);

  ev.events = EPOLLIN | EPOLLET;
  ev.data.u64 = 0xfedcba9876543210ull;
  check(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0, "epoll_ctl MOD");
  n = wait_events(ep, out, 8, 1000);
  printf("edge-triggered after MOD: %d data=%#llx\n", n, (unsigned long long)out[0].data.u64);
  n = wait_events(ep, out, 8, 0);
  printf("edge-triggered, no new data: %d\n", n);
  check(write(p[1], "b", 1) == 1, "write");
  n = wait_events(ep, out, 8, 1000);
  printf("edge-triggered, new data: %d\n", n);

  /* A second pipe: two events, then maxevents 1 gives one. */
  int q[2];
  check(pipe(q) == 0, "pipe");
  struct epoll_event ev2 = {.events = EPOLLIN | EPOLLOUT, .data.u64 = 1ull << 40};
  check(epoll_ctl(ep, EPOLL_CTL_ADD, q[1], &ev2) == 0, "epoll_ctl ADD write end");
  ev.events = EPOLLIN;
  ev.data.u64 = 7;
  check(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0, "epoll_ctl MOD");
  n = wait_events(ep, out, 8, 1000);
  unsigned seen = 0;
  for (int i = 0; i < n; ++i) {
    if (out[i].data.u64 == 1ull << 40 && out[i].events == EPOLLOUT) seen |= 1;
    else if (out[i].data.u64 == 7 && out[i].events == EPOLLIN) seen |= 2;
    else seen |= 4;
  }
  printf("two ready descriptors: %d seen=%u\n", n, seen);
  printf("maxevents 1: %d\n", wait_events(ep, out, 1, 0));

  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR1);
  n = epoll_pwait(ep, out, 8, 0, &mask);
  printf("epoll_pwait with a mask: %d\n", n);

  check(epoll_ctl(ep, EPOLL_CTL_DEL, q[1], NULL) == 0, "epoll_ctl DEL");
  check(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == 0, "epoll_ctl DEL");
  printf("after DEL: %d\n", wait_events(ep, out, 8, 0));
  printf("DEL again: %s\n", err(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL)));
  printf("MOD unknown: %s\n", err(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev)));
  printf("epoll_ctl with a bad event: %s\n", err(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], BAD)));
  struct epoll_event* bad = BAD;
  __asm__("" : "+r"(bad));  /* keep the compiler from judging the pointer */
  printf("epoll_wait with a bad array: %s\n", err(epoll_wait(ep, bad, 8, 0)));
  printf("epoll_wait maxevents 0: %s\n", err(epoll_wait(ep, out, 0, 0)));
  printf("epoll_wait on a pipe: %s\n", err(epoll_wait(p[0], out, 8, 0)));
  close(p[0]), close(p[1]), close(q[0]), close(q[1]), close(ep);
}

static void test_eventfd(void) {
  int fd = eventfd(3, EFD_CLOEXEC);
  check(fd >= 0, "eventfd");
  printf("eventfd cloexec=%d nonblock=%d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
  uint64_t v = 0;
  check(read(fd, &v, 8) == 8, "read");
  printf("eventfd initial: %llu\n", (unsigned long long)v);
  v = 5;
  check(write(fd, &v, 8) == 8, "write");
  v = 7;
  check(write(fd, &v, 8) == 8, "write");
  struct pollfd pfd = {fd, POLLIN, 0};
  printf("poll eventfd: %d\n", poll(&pfd, 1, 0));
  check(read(fd, &v, 8) == 8, "read");
  printf("eventfd sum: %llu\n", (unsigned long long)v);
  printf("eventfd short read: %s\n", err(read(fd, &v, 4)));
  close(fd);

  fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
  check(fd >= 0, "eventfd semaphore");
  printf("semaphore nonblock=%d\n", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
  for (int i = 0; i < 3; ++i) {
    v = 0;
    long r = read(fd, &v, 8);
    printf("semaphore read %d: %s %llu\n", i, err(r), (unsigned long long)v);
  }
  printf("eventfd2 with a bad flag: %s\n", err(syscall(SYS_eventfd2, 0, 0x10)));
  close(fd);
}

static void test_timerfd(void) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  check(fd >= 0, "timerfd_create");
  printf("timerfd cloexec=%d nonblock=%d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
  uint64_t n = 0;
  printf("read unarmed: %s\n", err(read(fd, &n, 8)));
  struct itimerspec its = {{0, 0}, {0, 20 * 1000 * 1000}}, old, cur;
  memset(&old, 0xff, sizeof old);
  check(timerfd_settime(fd, 0, &its, &old) == 0, "timerfd_settime");
  printf("old value: %ld %ld\n", (long)old.it_value.tv_sec, old.it_value.tv_nsec);
  check(timerfd_gettime(fd, &cur) == 0, "timerfd_gettime");
  printf("armed: value<=20ms=%d interval=%ld\n",
         cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 20 * 1000 * 1000,
         cur.it_interval.tv_nsec);
  struct pollfd pfd = {fd, POLLIN, 0};
  printf("poll until it fires: %d\n", poll(&pfd, 1, 5000));
  check(read(fd, &n, 8) == 8, "read");
  printf("expirations: %llu\n", (unsigned long long)n);
  check(timerfd_gettime(fd, &cur) == 0, "timerfd_gettime");
  printf("after expiry: %ld %ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
  printf("read again: %s\n", err(read(fd, &n, 8)));

  its.it_interval.tv_nsec = 5 * 1000 * 1000;
  its.it_value.tv_nsec = 5 * 1000 * 1000;
  check(timerfd_settime(fd, 0, &its, NULL) == 0, "timerfd_settime periodic");
  struct timespec d = {0, 30 * 1000 * 1000};
  nanosleep(&d, NULL);
  check(read(fd, &n, 8) == 8, "read");
  printf("periodic expirations >= 5: %d\n", n >= 5);
  /* The calls themselves: with a 32-bit time_t the C library's wrappers convert through copies
   * of their own and would fault on the bad pointer before the kernel sees it. */
  printf("timerfd_gettime with a bad pointer: %s\n", err(syscall(SYS_timerfd_gettime, fd, BAD)));
  printf("timerfd_settime with a bad pointer: %s\n", err(syscall(SYS_timerfd_settime, fd, 0, BAD, NULL)));
#ifdef SYS_timerfd_gettime64
  /* A 32-bit ISA's 64-bit time forms refuse it alike. */
  check(syscall(SYS_timerfd_gettime64, fd, BAD) == -1 && errno == EFAULT, "timerfd_gettime64 with a bad pointer");
  check(syscall(SYS_timerfd_settime64, fd, 0, BAD, NULL) == -1 && errno == EFAULT, "timerfd_settime64 with a bad pointer");
  long long its64[4];  /* struct __kernel_itimerspec: interval and value, 64-bit seconds and nanoseconds */
  check(syscall(SYS_timerfd_gettime64, fd, its64) == 0 && its64[0] == 0 && its64[1] == 5 * 1000 * 1000 &&
            its64[2] == 0 && its64[3] > 0 && its64[3] <= 5 * 1000 * 1000,
        "timerfd_gettime64");
#endif
  printf("timerfd_create with a bad clock: %s\n", err(timerfd_create(12345, 0)));
  close(fd);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  test_ppoll();
  test_pselect();
  test_epoll();
  test_eventfd();
  test_timerfd();
  printf("done\n");
  return 0;
}
