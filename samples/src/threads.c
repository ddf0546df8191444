/* Threads: a shared counter under atomic increments (LDXR/STXR on ARMv8.0) and under a mutex
 * must come out exact; a producer and consumers on a condition variable; thread-local storage; a
 * thread that ends with pthread_exit while others run; joins returning values; a thread's own
 * tid; memory mapped by one thread used by another. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/membarrier.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sample_check.h"

enum { kThreads = 4, kAtomicIncrements = 200000, kLockedIncrements = 50000, kItems = 2000 };

static uint32_t atomic_counter;
static uint64_t locked_counter;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

static void* add_atomically(void* arg) {
  (void)arg;
  for (int i = 0; i < kAtomicIncrements; ++i) __atomic_fetch_add(&atomic_counter, 1, __ATOMIC_RELAXED);
  return NULL;
}

static void* add_locked(void* arg) {
  (void)arg;
  for (int i = 0; i < kLockedIncrements; ++i) {
    pthread_mutex_lock(&counter_lock);
    ++locked_counter;
    pthread_mutex_unlock(&counter_lock);
  }
  return NULL;
}

// A bounded queue between one producer and several consumers.
static int queue[16], head, tail, count, done;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;

static void* produce(void* arg) {
  (void)arg;
  for (int i = 1; i <= kItems; ++i) {
    pthread_mutex_lock(&queue_lock);
    while (count == 16) pthread_cond_wait(&not_full, &queue_lock);
    queue[tail] = i, tail = (tail + 1) % 16, ++count;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&queue_lock);
  }
  pthread_mutex_lock(&queue_lock);
  done = 1;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&queue_lock);
  return NULL;
}

static void* consume(void* arg) {
  long sum = 0;
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&queue_lock);
    while (count == 0 && !done) pthread_cond_wait(&not_empty, &queue_lock);
    if (count == 0 && done) {
      pthread_mutex_unlock(&queue_lock);
      break;
    }
    sum += queue[head], head = (head + 1) % 16, --count;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&queue_lock);
  }
  return (void*)sum;
}

static __thread int tls_value = 7;

static void* use_tls(void* arg) {
  long mine = (long)arg;
  int before = tls_value;
  tls_value = (int)mine * 100;
  usleep(1000);  // let the others write theirs
  return (void*)(long)(before == 7 && tls_value == (int)mine * 100 && gettid() != getpid());
}

static void* leave_early(void* arg) {
  (void)arg;
  pthread_exit((void*)42);
}

// fork from a thread other than main while other threads run: the child has this thread only,
// and its exit status reaches the parent.
static void* fork_from_thread(void* arg) {
  (void)arg;
  pid_t pid = fork();
  if (pid == 0) {
    printf("child of a thread: %s\n", atomic_counter > 0 ? "sees the counter" : "empty");
    fflush(stdout);
    exit(17);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return (void*)(long)(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void* map_for_others(void* arg) {
  (void)arg;
  char* page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  check(page != MAP_FAILED, "mmap in a thread");
  strcpy(page, "written by the thread that mapped it");
  return page;
}

// Runs fn on a thread while another adds to the atomic counter; fn's result.
static void* beside_a_worker(void* (*fn)(void*)) {
  pthread_t t, worker;
  check(pthread_create(&worker, NULL, add_atomically, NULL) == 0, "create");
  check(pthread_create(&t, NULL, fn, NULL) == 0, "create");
  void* value;
  pthread_join(t, &value);
  pthread_join(worker, NULL);
  return value;
}

int main(void) {
  pthread_t t[kThreads];
  for (int i = 0; i < kThreads; ++i) check(pthread_create(&t[i], NULL, add_atomically, NULL) == 0, "create");
  for (int i = 0; i < kThreads; ++i) pthread_join(t[i], NULL);
  printf("atomic counter: %u (expected %u)\n", atomic_counter, kThreads * kAtomicIncrements);

  for (int i = 0; i < kThreads; ++i) check(pthread_create(&t[i], NULL, add_locked, NULL) == 0, "create");
  for (int i = 0; i < kThreads; ++i) pthread_join(t[i], NULL);
  printf("mutex counter: %llu (expected %d)\n", (unsigned long long)locked_counter, kThreads * kLockedIncrements);

  pthread_t producer, consumers[3];
  check(pthread_create(&producer, NULL, produce, NULL) == 0, "create");
  for (int i = 0; i < 3; ++i) check(pthread_create(&consumers[i], NULL, consume, NULL) == 0, "create");
  long total = 0;
  for (int i = 0; i < 3; ++i) {
    void* part;
    pthread_join(consumers[i], &part);
    total += (long)part;
  }
  pthread_join(producer, NULL);
  printf("consumers received a sum of %ld (expected %d)\n", total, kItems * (kItems + 1) / 2);

  for (long i = 0; i < kThreads; ++i) check(pthread_create(&t[i], NULL, use_tls, (void*)(i + 1)) == 0, "create");
  int tls_ok = 1;
  for (int i = 0; i < kThreads; ++i) {
    void* ok;
    pthread_join(t[i], &ok);
    tls_ok &= ok != NULL;
  }
  printf("thread-local storage kept apart: %s, main's value still %d\n", tls_ok ? "yes" : "no", tls_value);

  void* value = beside_a_worker(leave_early);
  printf("pthread_exit value: %ld; counter after one more worker: %u\n", (long)value, atomic_counter);

  pthread_t mapper;
  check(pthread_create(&mapper, NULL, map_for_others, NULL) == 0, "create");
  void* page;
  pthread_join(mapper, &page);
  printf("main reads: %s\n", (char*)page);

  void* child_status = beside_a_worker(fork_from_thread);
  printf("forked child's exit status: %ld\n", (long)child_status);

  long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
  printf("membarrier offers a private expedited barrier: %s\n",
         cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) ? "yes" : "no");
  check(syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0, "membarrier register");
  check(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) == 0, "membarrier");
  printf("membarrier across the threads: ok\n");
  return 0;
}
