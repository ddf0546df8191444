/* Interval timers and POSIX timers, read back rather than waited for: setitimer/getitimer
 * (ITIMER_REAL and ITIMER_VIRTUAL), timer_create with SIGEV_NONE, timer_settime relative and
 * absolute, timer_gettime, timer_getoverrun, timer_delete, and their errors. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static double tv(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec / 1e6; }
static double ts(struct timespec t) { return (double)t.tv_sec + (double)t.tv_nsec / 1e9; }
static const char* yes(int b) { return b ? "yes" : "no"; }

int main(void) {
  struct itimerval set = {{0, 0}, {5, 0}}, old, now;
  printf("setitimer real: %d\n", setitimer(ITIMER_REAL, &set, &old));
  printf("no timer before: %s\n", yes(old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0));
  getitimer(ITIMER_REAL, &now);
  printf("real remaining in (4 s, 5 s]: %s\n", yes(tv(now.it_value) > 4 && tv(now.it_value) <= 5));
  struct itimerval zero = {{0, 0}, {0, 0}};
  int r = setitimer(ITIMER_REAL, &zero, &old);
  printf("disarm: %d, old value in (4 s, 5 s]: %s\n", r, yes(tv(old.it_value) > 4 && tv(old.it_value) <= 5));
  getitimer(ITIMER_REAL, &now);
  printf("disarmed: %s\n", yes(tv(now.it_value) == 0));

  struct itimerval virt = {{0, 250000}, {100, 0}};
  printf("setitimer virtual: %d\n", setitimer(ITIMER_VIRTUAL, &virt, NULL));
  getitimer(ITIMER_VIRTUAL, &now);
  printf("virtual armed: %s, interval %.2f\n", yes(tv(now.it_value) > 99 && tv(now.it_value) <= 101),
         tv(now.it_interval));
  setitimer(ITIMER_VIRTUAL, &zero, NULL);
  r = getitimer(7, &now);
  printf("getitimer bad which: %d %s\n", r, strerror(errno));

  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_NONE;
  timer_t t;
  printf("timer_create: %d\n", timer_create(CLOCK_MONOTONIC, &ev, &t));
  struct itimerspec spec = {{1, 0}, {3, 0}}, got;
  printf("timer_settime relative: %d\n", timer_settime(t, 0, &spec, NULL));
  timer_gettime(t, &got);
  printf("remaining in (2 s, 3 s]: %s, interval %.1f\n", yes(ts(got.it_value) > 2 && ts(got.it_value) <= 3),
         ts(got.it_interval));
  struct timespec mono;
  clock_gettime(CLOCK_MONOTONIC, &mono);
  struct itimerspec abs = {{0, 0}, {mono.tv_sec + 10, mono.tv_nsec}}, prev;
  r = timer_settime(t, TIMER_ABSTIME, &abs, &prev);
  printf("timer_settime absolute: %d, previous in (2 s, 3 s]: %s\n", r, yes(ts(prev.it_value) > 2 && ts(prev.it_value) <= 3));
  timer_gettime(t, &got);
  printf("remaining in (9 s, 10 s]: %s\n", yes(ts(got.it_value) > 9 && ts(got.it_value) <= 10));
  printf("timer_getoverrun: %d\n", timer_getoverrun(t));
  printf("timer_delete: %d\n", timer_delete(t));
  r = timer_gettime(t, &got);
  printf("timer_gettime after delete: %d %s\n", r, strerror(errno));
  r = timer_create(12345, &ev, &t);
  printf("timer_create bad clock: %d %s\n", r, strerror(errno));

  /* A signal timer, blocked: it fires and stays pending, nothing is delivered. */
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, NULL);
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = SIGUSR1;
  printf("signal timer: %d\n", timer_create(CLOCK_REALTIME, &ev, &t));
  struct itimerspec soon = {{0, 0}, {0, 1000000}};
  printf("armed: %d\n", timer_settime(t, 0, &soon, NULL));
  usleep(20000);
  timer_gettime(t, &got);
  printf("expired: %s\n", yes(ts(got.it_value) == 0));
  printf("deleted: %d\n", timer_delete(t));
  return 0;
}
