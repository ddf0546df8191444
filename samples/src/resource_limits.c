/* A guest that runs into the system's limits, one per argument, and says what it got:
 *   map      RLIMIT_AS with room for ten mappings of 64 MiB, then mappings until mmap fails (ENOMEM)
 *   files    RLIMIT_NOFILE set to 64, /dev/null opened until open fails (EMFILE): how many opened
 *            besides standard input, output and error
 *   fork     as nobody with RLIMIT_NPROC 20, children (each waiting on a pipe) until fork fails (EAGAIN)
 *   threads  10,000 threads over its life, eight at a time, each joined
 *   stack    recursion until the stack overflows: SIGSEGV, caught on an alternate stack
 *   exec     RLIMIT_AS set, then the program executes itself: the new program keeps the limit
 * Expected outputs: the same program's native x86-64 build, and qemu's. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <grp.h>
#include <unistd.h>

/* The bytes of every mapping /proc/self/maps lists (Linux's total_vm; [vsyscall] is no mapping
 * of the process's). */
static unsigned long long mapped_bytes(void) {
  FILE* f = fopen("/proc/self/maps", "r");
  unsigned long long total = 0, lo, hi;
  char line[512];
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "%llx-%llx", &lo, &hi) == 2 && !strstr(line, "[vsyscall]")) total += hi - lo;
  if (f) fclose(f);
  return total;
}

static void map_until_enomem(void) {
  /* RLIMIT_AS with room for ten more mappings of 64 MiB (and half of one to spare). */
  const unsigned long chunk = 64ul << 20;
  unsigned long long limit = mapped_bytes() + 10 * chunk + chunk / 2;
  struct rlimit r = {(rlim_t)limit, (rlim_t)limit};
  if (sizeof(rlim_t) == 4 && limit > 0xffffffffull) r.rlim_cur = r.rlim_max = RLIM_INFINITY;
  if (setrlimit(RLIMIT_AS, &r) != 0) {
    perror("setrlimit");
    exit(1);
  }
  int n = 0;
  for (;;) {
    void* p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      printf("map: mmap failed with %s after %d mappings of 64 MiB (RLIMIT_AS: room for 10)\n", strerrorname_np(errno), n);
      break;
    }
    if (++n > 100) {
      printf("map: RLIMIT_AS not enforced after %d mappings\n", n);
      break;
    }
  }
  struct rlimit now;
  getrlimit(RLIMIT_AS, &now);
  printf("map: getrlimit(RLIMIT_AS) %s the limit set\n", now.rlim_cur == r.rlim_cur ? "gives" : "does NOT give");
}

/* RLIMIT_AS set, then the program executes itself: the new program has the limit (getrlimit gives
 * it, a mapping larger than it fails with ENOMEM, one of 64 MiB is made). */
static void exec_with_limit(const char* self) {
  const unsigned long chunk = 64ul << 20;
  unsigned long long limit = mapped_bytes() + 10 * chunk + chunk / 2;
  struct rlimit r = {(rlim_t)limit, (rlim_t)limit};
  if (setrlimit(RLIMIT_AS, &r) != 0) {
    perror("setrlimit");
    exit(1);
  }
  char value[32];
  snprintf(value, sizeof value, "%llu", limit);
  execl("/proc/self/exe", self, "exec-child", value, (char*)NULL);
  perror("execl");
  exit(1);
}

static void exec_child(const char* value) {
  const unsigned long chunk = 64ul << 20;
  unsigned long long limit = strtoull(value, NULL, 10);
  struct rlimit now;
  getrlimit(RLIMIT_AS, &now);
  printf("exec: after execve getrlimit(RLIMIT_AS) %s the limit set\n",
         now.rlim_cur == (rlim_t)limit && now.rlim_max == (rlim_t)limit ? "gives" : "does NOT give");
  void* big = mmap(NULL, (size_t)(limit + chunk), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  printf("exec: a mapping larger than the limit: %s\n", big == MAP_FAILED ? strerrorname_np(errno) : "made");
  void* small = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  printf("exec: a mapping of 64 MiB: %s\n", small == MAP_FAILED ? strerrorname_np(errno) : "made");
}

static void files_until_emfile(void) {
  for (int fd = 3; fd < 1024; ++fd) close(fd);  /* only 0, 1 and 2 open, whatever was inherited */
  struct rlimit r = {64, 64};
  if (setrlimit(RLIMIT_NOFILE, &r) != 0) {
    perror("setrlimit");
    exit(1);
  }
  int n = 0;
  for (;;) {
    int fd = open("/dev/null", O_RDONLY);
    if (fd < 0) {
      printf("files: open failed with %s after %d descriptors (limit 64, 3 open before)\n", strerrorname_np(errno), n);
      return;
    }
    ++n;
  }
}

static void fork_until_eagain(void) {
  if (getuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)) {
    perror("becoming nobody");
    exit(1);
  }
  struct rlimit r = {20, 20};
  setrlimit(RLIMIT_NPROC, &r);
  int gate[2];
  if (pipe(gate) != 0) exit(1);
  int n = 0;
  for (;;) {
    pid_t pid = fork();
    if (pid == 0) {
      char c;
      close(gate[1]);
      (void)!read(gate[0], &c, 1);  /* until the parent closes its end */
      _exit(0);
    }
    if (pid < 0) {
      int e = errno;
      close(gate[1]);
      int reaped = 0;
      while (wait(NULL) > 0) ++reaped;
      printf("fork: failed with %s; %s children made, all %s reaped\n", strerrorname_np(e), n > 0 ? "some" : "no",
             reaped == n ? "of them" : "NOT");
      return;
    }
    if (++n > 1000) {
      printf("fork: no limit reached after 1000 children\n");
      exit(1);
    }
  }
}

static void* thread_main(void* arg) { return arg; }

static void many_threads(void) {
  long joined = 0;
  for (int round = 0; round < 1250; ++round) {
    pthread_t t[8];
    for (long i = 0; i < 8; ++i)
      if (pthread_create(&t[i], NULL, thread_main, (void*)i) != 0) {
        printf("threads: pthread_create failed after %ld\n", joined);
        exit(1);
      }
    for (long i = 0; i < 8; ++i) {
      void* r;
      pthread_join(t[i], &r);
      joined += (long)r == i;
    }
  }
  printf("threads: %ld threads made and joined\n", joined);
}

static void on_overflow(int sig) {
  static const char msg[] = "stack: the recursion ended in SIGSEGV, caught on the alternate stack\n";
  (void)sig;
  (void)!write(1, msg, sizeof msg - 1);
  _exit(0);
}

static long recurse(volatile char* prev, long depth) {
  volatile char frame[512];
  frame[0] = (char)depth;
  frame[511] = prev ? prev[0] : 0;
  return recurse(frame, depth + 1) + frame[511];
}

static void overflow_stack(void) {
  stack_t ss = {.ss_sp = malloc(65536), .ss_size = 65536};
  sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_overflow;
  sa.sa_flags = SA_ONSTACK;
  sigaction(SIGSEGV, &sa, NULL);
  printf("stack: %ld\n", recurse(NULL, 0));
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "map")) map_until_enomem();
    else if (!strcmp(argv[i], "files")) files_until_emfile();
    else if (!strcmp(argv[i], "fork")) fork_until_eagain();
    else if (!strcmp(argv[i], "threads")) many_threads();
    else if (!strcmp(argv[i], "stack")) overflow_stack();
    else if (!strcmp(argv[i], "exec")) exec_with_limit(argv[0]);
    else if (!strcmp(argv[i], "exec-child") && i + 1 < argc) {
      exec_child(argv[i + 1]);
      return 0;
    }
    else {
      fprintf(stderr, "resource_limits: unknown limit %s\n", argv[i]);
      return 2;
    }
  }
  return 0;
}
