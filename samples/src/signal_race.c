/* A signal that arrives just as the program is about to block, whose handler supplies what the
 * blocking call waits for: a byte in the pipe a read or poll waits on, a sem_post for a sem_wait.
 * Linux runs the handler before the call blocks whenever the signal comes first, so every wait
 * ends. A one-shot timer fires a few microseconds after each arming, at varying delays, so that
 * over many rounds it lands at every point on the way into the call. A round whose handler ran
 * more than half a second after its timer expired is a stall: the handler was held back
 * while the call blocked, until a watchdog signal, once a second, interrupted the call. Last, a
 * handler without SA_RESTART and a read that has its data: a signal just before it runs its
 * handler, and the read still returns the data, never EINTR. */
#define _GNU_SOURCE
#include <poll.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "sample_check.h"

enum { kRounds = 8000 };

static int fds[2];
static sem_t sem;
static volatile sig_atomic_t use_sem;
static volatile double fired_at;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void on_alarm(int sig) {
  (void)sig;
  int saved = errno;
  fired_at = now();
  if (use_sem) {
    sem_post(&sem);
  } else {
    char c = 'a';
    if (write(fds[1], &c, 1) != 1) _exit(3);
  }
  errno = saved;
}

static void on_watchdog(int sig) { (void)sig; }

static volatile sig_atomic_t alarms;
static void on_alarm_count(int sig) {
  (void)sig;
  ++alarms;
}

static void install_flags(int sig, void (*fn)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = fn;
  sa.sa_flags = flags;
  sigemptyset(&sa.sa_mask);
  check(sigaction(sig, &sa, NULL) == 0, "sigaction");
}

static void install(int sig, void (*fn)(int)) { install_flags(sig, fn, SA_RESTART); }

static double expires;
static int stalls;

static void arm(int round) {
  struct itimerval it = {{0, 0}, {0, 1 + round % 40}};
  expires = now() + (double)it.it_value.tv_usec / 1e6;
  check(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer");
}

// After a round's wait: was its handler held back?
static void settle(void) {
  if (fired_at - expires > 0.5) ++stalls;
}

static void read_alarm_byte(void) {
  char c = 0;
  ssize_t r;
  while ((r = read(fds[0], &c, 1)) < 0) check(errno == EINTR, "read");
  check(r == 1 && c == 'a', "read result");
}

int main(void) {
  check(pipe(fds) == 0, "pipe");
  check(sem_init(&sem, 0, 0) == 0, "sem_init");
  install(SIGALRM, on_alarm);
  install(SIGUSR1, on_watchdog);
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_SIGNAL;
  ev.sigev_signo = SIGUSR1;
  timer_t watchdog;
  check(timer_create(CLOCK_MONOTONIC, &ev, &watchdog) == 0, "timer_create");
  struct itimerspec period = {{1, 0}, {1, 0}};
  check(timer_settime(watchdog, 0, &period, NULL) == 0, "timer_settime");

  for (int i = 0; i < kRounds; ++i) {
    arm(i);
    read_alarm_byte();
    settle();
  }
  printf("read: %d rounds, %d stalls\n", kRounds, stalls);

  stalls = 0;
  for (int i = 0; i < kRounds; ++i) {
    arm(i);
    struct pollfd pfd = {fds[0], POLLIN, 0};
    int r;
    while ((r = poll(&pfd, 1, -1)) < 0) check(errno == EINTR, "poll");
    check(r == 1 && (pfd.revents & POLLIN), "poll result");
    read_alarm_byte();
    settle();
  }
  printf("poll: %d rounds, %d stalls\n", kRounds, stalls);

  stalls = 0;
  use_sem = 1;
  for (int i = 0; i < kRounds; ++i) {
    arm(i);
    while (sem_wait(&sem) != 0) check(errno == EINTR, "sem_wait");
    settle();
  }
  printf("sem_wait: %d rounds, %d stalls\n", kRounds, stalls);

  // Without SA_RESTART, a call that has what it needs does not fail with EINTR because a signal
  // came just before it: the handler runs, then the call is made.
  install_flags(SIGALRM, on_alarm_count, 0);
  for (int i = 0; i < kRounds; ++i) {
    char c = 'd';
    check(write(fds[1], &c, 1) == 1, "write");
  }
  int interrupted = 0;
  for (int i = 0; i < kRounds; ++i) {
    int before = alarms;
    arm(i);
    char c = 0;
    ssize_t r;
    while ((r = read(fds[0], &c, 1)) < 0 && errno == EINTR) ++interrupted;
    check(r == 1 && c == 'd', "read of a ready pipe");
    while (alarms == before) {
    }
  }
  printf("ready read without SA_RESTART: %d rounds, %d alarms, %d interrupted\n", kRounds, (int)alarms, interrupted);
  return 0;
}
