/* A robust mutex whose owner thread exits while holding it: the next locker gets EOWNERDEAD,
 * makes it consistent and uses it again; a normal exit leaves it unlocked for others. Then a
 * process-shared one that a child process holds when it ends (exit_group, with a second thread
 * alive that holds another): the parent gets EOWNERDEAD for both. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sample_check.h"

static pthread_mutex_t m;

struct shared {
  pthread_mutex_t by_main, by_thread;
  volatile int thread_locked;
};

static void* lock_and_stay(void* arg) {
  struct shared* sh = arg;
  pthread_mutex_lock(&sh->by_thread);
  sh->thread_locked = 1;
  for (;;) pause();
  return NULL;
}

/* A lock that gives up rather than hang the sample: after 30 seconds, room for a sanitized build
 * of polyrun emulating i386 on a loaded machine. */
static const char* lock_within(pthread_mutex_t* mx) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += 30;
  int r = pthread_mutex_timedlock(mx, &until);
  return r == 0 ? "ok" : strerrorname_np(r);
}

static void process_shared(void) {
  struct shared* sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  check(sh != MAP_FAILED, "mmap");
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
  check(pthread_mutex_init(&sh->by_main, &a) == 0 && pthread_mutex_init(&sh->by_thread, &a) == 0, "init shared");
  pid_t child = fork();
  check(child >= 0, "fork");
  if (child == 0) {
    pthread_mutex_lock(&sh->by_main);
    pthread_t t;
    check(pthread_create(&t, NULL, lock_and_stay, sh) == 0, "create in child");
    while (!sh->thread_locked) usleep(1000);
    _exit(3);  /* exit_group with both held */
  }
  int status;
  check(waitpid(child, &status, 0) == child, "waitpid");
  printf("child exited %d holding two process-shared robust mutexes\n", WEXITSTATUS(status));
  printf("lock of the one its main thread held: %s\n", lock_within(&sh->by_main));
  printf("lock of the one its other thread held: %s\n", lock_within(&sh->by_thread));
}

static void* lock_and_leave(void* arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  return NULL;  // exits holding the mutex
}

int main(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  check(pthread_mutex_init(&m, &a) == 0, "init");
  pthread_t t;
  check(pthread_create(&t, NULL, lock_and_leave, NULL) == 0, "create");
  pthread_join(t, NULL);
  int r = pthread_mutex_lock(&m);
  printf("lock after the owner died: %s\n", r == 0 ? "ok" : strerrorname_np(r));
  printf("made consistent: %s\n", pthread_mutex_consistent(&m) == 0 ? "yes" : "no");
  pthread_mutex_unlock(&m);
  r = pthread_mutex_lock(&m);
  printf("lock again: %s\n", r == 0 ? "ok" : strerrorname_np(r));
  pthread_mutex_unlock(&m);
  process_shared();
  return 0;
}
