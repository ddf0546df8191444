/* A robust mutex whose owner thread exits while holding it: the next locker gets EOWNERDEAD,
 * makes it consistent and uses it again; a normal exit leaves it unlocked for others. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

#include "sample_check.h"

static pthread_mutex_t m;

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
  return 0;
}
