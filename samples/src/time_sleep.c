/* Clocks and sleeping: elapsed times must cover what was requested. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
  double t0 = now(CLOCK_MONOTONIC);
  struct timespec req = {0, 50 * 1000 * 1000};
  if (nanosleep(&req, NULL) != 0) return 1;
  double t1 = now(CLOCK_MONOTONIC);
  printf("nanosleep %s\n", t1 - t0 >= 0.05 && t1 - t0 < 5 ? "ok" : "WRONG");
  usleep(20000);
  double t2 = now(CLOCK_MONOTONIC);
  printf("usleep %s\n", t2 - t1 >= 0.02 && t2 - t1 < 5 ? "ok" : "WRONG");
  struct timespec abs;
  clock_gettime(CLOCK_MONOTONIC, &abs);
  abs.tv_nsec += 10 * 1000 * 1000;
  if (abs.tv_nsec >= 1000000000) abs.tv_sec++, abs.tv_nsec -= 1000000000;
  clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
  printf("clock_nanosleep %s\n", now(CLOCK_MONOTONIC) >= abs.tv_sec + abs.tv_nsec / 1e9 ? "ok" : "WRONG");
  struct timeval tv;
  gettimeofday(&tv, NULL);
  printf("gettimeofday %s\n", tv.tv_sec > 1577836800 ? "ok" : "WRONG");
  time_t t = time(NULL);
  printf("time %s\n", t > 1577836800 && t - tv.tv_sec < 5 ? "ok" : "WRONG");
  struct timespec res;
  clock_getres(CLOCK_MONOTONIC, &res);
  printf("clock_getres %s\n", res.tv_sec == 0 && res.tv_nsec > 0 ? "ok" : "WRONG");
  double cpu = now(CLOCK_PROCESS_CPUTIME_ID);
  printf("cputime %s\n", cpu >= 0 && cpu < t2 - t0 + 10 ? "ok" : "WRONG");
  return 0;
}
