/* A thread that waits in the host kernel for another thread of the same program — for a flock
 * lock, an F_OFD_SETLKW record lock, the other end of a FIFO — does not stop that other thread
 * from running and releasing it. Each step prints what the waiting thread got; a program that
 * stalls instead is ended by its alarm (exit status 142). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sample_check.h"

static char path[256], fifo[256];
static volatile int started;
static int result;

static void* take_flock(void* arg) {
  (void)arg;
  int fd = open(path, O_RDWR);
  started = 1;
  result = flock(fd, LOCK_EX);  // waits: main's descriptor holds the lock
  close(fd);
  return NULL;
}

static void* take_record_lock(void* arg) {
  (void)arg;
  int fd = open(path, O_RDWR);
  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
  started = 1;
  result = fcntl(fd, F_OFD_SETLKW, &fl);  // waits: main's open file description holds it
  close(fd);
  return NULL;
}

static void* open_fifo_reader(void* arg) {
  (void)arg;
  started = 1;
  int fd = open(fifo, O_RDONLY);  // waits for a writer
  char c = 0;
  result = fd >= 0 && read(fd, &c, 1) == 1 ? c : -1;
  if (fd >= 0) close(fd);
  return NULL;
}

// Starts `fn`, lets it reach its wait, then runs `release` on this thread and joins.
static void step(const char* name, void* (*fn)(void*), void (*release)(void)) {
  pthread_t t;
  started = 0;
  result = -2;
  check(pthread_create(&t, NULL, fn, NULL) == 0, "pthread_create");
  while (!started) usleep(1000);
  struct timespec pause = {0, 50 * 1000 * 1000};
  nanosleep(&pause, NULL);
  release();
  check(pthread_join(t, NULL) == 0, "pthread_join");
  printf("%s: %d\n", name, result);
}

static int holder;
static void release_flock(void) { check(flock(holder, LOCK_UN) == 0, "flock unlock"); }
static void release_record_lock(void) {
  struct flock fl = {.l_type = F_UNLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
  check(fcntl(holder, F_OFD_SETLK, &fl) == 0, "record unlock");
}
static void write_fifo(void) {
  int fd = open(fifo, O_WRONLY);
  check(fd >= 0 && write(fd, "F", 1) == 1, "fifo write");
  close(fd);
}

int main(void) {
  alarm(30);
  const char* tmp = getenv("TMPDIR");
  char dir[200];
  snprintf(dir, sizeof dir, "%s/polyrun-blocking-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  check(mkdtemp(dir) != NULL, "mkdtemp");
  snprintf(path, sizeof path, "%s/lockfile", dir);
  snprintf(fifo, sizeof fifo, "%s/fifo", dir);
  holder = open(path, O_RDWR | O_CREAT, 0600);
  check(holder >= 0 && write(holder, "0123456789", 10) == 10, "create");

  check(flock(holder, LOCK_EX) == 0, "flock");
  step("flock after the holder unlocked", take_flock, release_flock);

  struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
  check(fcntl(holder, F_OFD_SETLK, &fl) == 0, "record lock");
  step("F_OFD_SETLKW after the holder unlocked", take_record_lock, release_record_lock);

  check(mkfifo(fifo, 0600) == 0, "mkfifo");
  step("FIFO reader got the writer's byte", open_fifo_reader, write_fifo);

  close(holder);
  unlink(path);
  unlink(fifo);
  rmdir(dir);
  return 0;
}
