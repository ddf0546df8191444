/* A guest-side system call fuzzer (tests/fuzz/syscall_fuzz.sh runs it under polyrun for every
 * ISA): forked children call random system call numbers with random arguments — pointers into a
 * buffer, to its last bytes, to read-only, guard (PROT_NONE), unmapped and kernel addresses, NULL;
 * huge lengths, negative descriptors, single flag bits, random words — each child with a time
 * limit. Whatever the calls do to a child (an error, a signal, a hang ended by the limit) is the
 * guest's business; polyrun must answer each call as Linux does and never fail itself, which the
 * script checks in polyrun's messages. The parent checks that its own descriptors are the same at
 * the end as at the start.
 *   syscall_fuzz SEED CHILDREN CALLS [CHILD]   (CHILD: run only that child, printing each call)
 * Run as root, it first becomes nobody (65534) in the current directory, so that what the random
 * calls can change is what an unprivileged user can. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUF_SIZE 65536
#define CHILD_SECONDS 1

static uint64_t state;
static uint64_t next(void) { /* xorshift64* */
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ull;
}

static char* buf;
static char *read_only, *guard, *unmapped;

/* Calls that would reach beyond the child (signals to other processes, new processes, another
 * program, the machine itself) or end it before its calls are made. */
static int blocked(long nr, long a0) {
  static const long list[] = {
#ifdef SYS_kill
    SYS_kill,
#endif
    SYS_tkill, SYS_tgkill, SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo,
#ifdef SYS_pidfd_send_signal
    SYS_pidfd_send_signal,
#endif
#ifdef SYS_fork
    SYS_fork,
#endif
#ifdef SYS_vfork
    SYS_vfork,
#endif
    SYS_clone,
#ifdef SYS_clone3
    SYS_clone3,
#endif
    SYS_execve, SYS_execveat, SYS_reboot, SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev,
    SYS_kexec_load, SYS_init_module, SYS_finit_module, SYS_delete_module, SYS_exit, SYS_exit_group,
#ifdef SYS_seccomp
    SYS_seccomp,
#endif
  };
  for (size_t i = 0; i < sizeof list / sizeof list[0]; ++i)
    if (list[i] == nr) return 1;
  if (nr == SYS_prctl && a0 == 22) return 1; /* PR_SET_SECCOMP */
  return 0;
}

static long random_arg(void) {
  switch (next() % 12) {
    case 0: return 0;
    case 1: return (long)(buf + next() % BUF_SIZE);
    case 2: return (long)(buf + BUF_SIZE - 1 - next() % 16);
    case 3: return (long)read_only;
    case 4: return (long)guard;
    case 5: return (long)unmapped;
    case 6: return sizeof(long) == 8 ? (long)0xffff800000001000ull : (long)0xc0001000ul; /* the kernel's */
    case 7: return -(long)(next() % 200);
    case 8: return (long)(next() % 64);
    case 9: return (long)(1ul << (next() % (8 * sizeof(long))));
    case 10: return (long)(~0ul >> (next() % 16)); /* a huge length */
    default: return (long)next();
  }
}

static long random_number(void) {
#if defined(__arm__)
  if (next() % 32 == 0) return 0x0f0001 + (long)(next() % 6); /* ARM's private calls */
#endif
  return (long)(next() % 460);
}

static void run_child(uint64_t seed, long calls, int verbose) {
  state = seed * 0x9e3779b97f4a7c15ull + 1;
  alarm(CHILD_SECONDS);
  for (long i = 0; i < calls; ++i) {
    long nr = random_number(), a[6];
    for (int k = 0; k < 6; ++k) a[k] = random_arg();
    if (blocked(nr, a[0])) continue;
    if (verbose) {
      dprintf(2, "call %ld: %ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)\n", i, nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    if (verbose) dprintf(2, "  = %ld%s%s\n", r, r == -1 ? " " : "", r == -1 ? strerrorname_np(errno) : "");
  }
  _exit(0);
}

static int count_fds(char* list, size_t size) {
  DIR* d = opendir("/proc/self/fd");
  int n = 0;
  list[0] = 0;
  if (!d) return -1;
  for (struct dirent* e; (e = readdir(d));) {
    if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d)) continue;
    ++n;
    strncat(list, e->d_name, size - strlen(list) - 2);
    strcat(list, " ");
  }
  closedir(d);
  return n;
}

static volatile sig_atomic_t timed_out;
static void on_alarm(int sig) { (void)sig, timed_out = 1; }

int main(int argc, char** argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: syscall_fuzz SEED CHILDREN CALLS [CHILD]\n");
    return 2;
  }
  uint64_t seed = strtoull(argv[1], NULL, 0);
  long children = atol(argv[2]), calls = atol(argv[3]);
  long only = argc > 4 ? atol(argv[4]) : -1;
  setvbuf(stdout, NULL, _IONBF, 0);

  state = seed | 1;
  buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  read_only = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  guard = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (buf == MAP_FAILED || read_only == MAP_FAILED || guard == MAP_FAILED || unmapped == MAP_FAILED) return 1;
  munmap(unmapped, 4096);
  for (size_t i = 0; i < BUF_SIZE; i += 8) {
    uint64_t v = next();
    memcpy(buf + i, &v, 8);
  }
  strcpy(buf, "fuzz-file");  /* a name in the current directory */
  strcpy(read_only, "/tmp");
  mprotect(read_only, 4096, PROT_READ);

  if (getuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)) {
    perror("syscall_fuzz: becoming nobody");
    return 1;
  }
  char before[4096], after[4096];
  int fds_before = count_fds(before, sizeof before);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  long exited = 0, signalled = 0, hung = 0;
  for (long c = 0; c < children; ++c) {
    if (only >= 0 && c != only) continue;
    pid_t pid = fork();
    if (pid < 0) {
      perror("syscall_fuzz: fork");
      return 1;
    }
    if (pid == 0) run_child(seed + (uint64_t)c, calls, only >= 0);
    timed_out = 0;
    alarm(CHILD_SECONDS + 1);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
      if (errno != EINTR) break;
      if (timed_out) { /* blocked with its own alarm held off */
        kill(pid, SIGKILL);
        ++hung;
        timed_out = 0;
      }
    }
    alarm(0);
    if (WIFSIGNALED(status)) ++signalled;
    else ++exited;
  }
  int fds_after = count_fds(after, sizeof after);
  printf("syscall_fuzz: seed %llu: %ld children of %ld calls: %ld ended, %ld by a signal (%ld stopped at the time limit)\n",
         (unsigned long long)seed, only >= 0 ? 1 : children, calls, exited, signalled, hung);
  if (fds_before != fds_after || strcmp(before, after) != 0) {
    printf("syscall_fuzz: the parent's descriptors changed: before %s, after %s\n", before, after);
    return 1;
  }
  return 0;
}
