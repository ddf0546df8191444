// Child processes: fork, vfork, posix_spawn, execve of this program, of host programs and of
// scripts, pipes between them, waiting (wait4, waitid), exit statuses and signals, what a
// program inherits across execve (ignored signals, the signal mask), process groups.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

static const char* self;

// Blocks until a signal ends the process: a read from a pipe no one writes to.
static void wait_forever(void) {
  int never[2];
  if (pipe(never) != 0) abort();
  char c;
  while (read(never[0], &c, 1) != 0) {
  }
}

static void describe(const char* what, int status) {
  if (WIFEXITED(status))
    printf("%s: exited %d\n", what, WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    printf("%s: killed by %s\n", what, sigabbrev_np(WTERMSIG(status)));
  else
    printf("%s: status %#x\n", what, status);
}

// Reads everything from fd into buf (NUL-terminated) and closes it.
static void slurp(int fd, char* buf, size_t size) {
  size_t n = 0;
  ssize_t r;
  while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0) n += (size_t)r;
  buf[n] = 0;
  close(fd);
}

// Runs argv in a child with its stdout (and stdin, if in_fd >= 0) redirected; prints its output
// and status.
static void run_child(const char* what, char* const argv[], int in_fd) {
  int out[2];
  if (pipe(out) != 0) abort();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    if (in_fd >= 0) dup2(in_fd, 0), close(in_fd);
    close(out[0]), close(out[1]);
    execv(argv[0], argv);
    printf("execv %s: %s\n", argv[0], strerrorname_np(errno));
    fflush(stdout);
    _exit(99);
  }
  if (in_fd >= 0) close(in_fd);
  close(out[1]);
  char buf[4096];
  slurp(out[0], buf, sizeof buf);
  int status;
  if (waitpid(pid, &status, 0) != pid) abort();
  printf("%s output: %s", what, buf);
  describe(what, status);
}

static int child_mode(int argc, char** argv) {
  const char* mode = argv[1];
  if (!strcmp(mode, "echo-args")) {
    printf("self child: argc=%d", argc);
    for (int i = 2; i < argc; ++i) printf(" [%s]", argv[i]);
    printf("\n");
    return 6;
  }
  if (!strcmp(mode, "run") && argc > 2) {
    // Another program (of any ISA): forked, executed, waited for.
    run_child("the program", argv + 2, -1);
    return 0;
  }
  if (!strcmp(mode, "produce")) {
    for (int i = 1; i <= 3; ++i) printf("line %d from the producer\n", i);
    return 0;
  }
  if (!strcmp(mode, "inherited")) {
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    sigset_t set;
    sigprocmask(SIG_BLOCK, NULL, &set);
    printf("SIGUSR1 ignored: %s, SIGUSR2 blocked: %s, SIGTERM blocked: %s\n",
           sa.sa_handler == SIG_IGN ? "yes" : "no", sigismember(&set, SIGUSR2) ? "yes" : "no",
           sigismember(&set, SIGTERM) ? "yes" : "no");
    return 0;
  }
  if (!strcmp(mode, "interp")) {
    // Started as the interpreter of a script: argv = self, "interp", script, its arguments.
    const char* base = strrchr(argv[2], '/');
    printf("interpreting %s with %d argument(s):", base ? base + 1 : argv[2], argc - 3);
    for (int i = 3; i < argc; ++i) printf(" %s", argv[i]);
    printf("\n");
    return 8;
  }
  printf("unknown mode %s\n", mode);
  return 2;
}

static void write_script(const char* path, const char* text, mode_t mode) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) abort();
  close(fd);
  chmod(path, mode);
}

static void exec_error(const char* what, const char* path) {
  char* argv[] = {(char*)path, NULL};
  pid_t pid = fork();
  if (pid == 0) {
    execv(path, argv);
    printf("%s: %s\n", what, strerrorname_np(errno));
    fflush(stdout);
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
}

int main(int argc, char** argv) {
  self = argv[0];
  if (argc > 1) return child_mode(argc, argv);
  setvbuf(stdout, NULL, _IONBF, 0);

  // fork and a pipe from the child.
  int p[2];
  if (pipe(p) != 0) abort();
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    const char msg[] = "hello through the pipe";
    if (write(p[1], msg, sizeof msg - 1) != sizeof msg - 1) _exit(1);
    _exit(3);
  }
  close(p[1]);
  char buf[4096];
  slurp(p[0], buf, sizeof buf);
  int status;
  pid_t got = wait4(pid, &status, 0, NULL);
  printf("fork: parent read \"%s\", wait4 found the child: %s\n", buf, got == pid ? "yes" : "no");
  describe("fork child", status);

  // The child's own view of itself.
  if (pipe(p) != 0) abort();
  pid = fork();
  if (pid == 0) {
    char line[128];
    int n = snprintf(line, sizeof line, "%d %d", getppid() == getpid() ? -1 : 1, getpid() != 0);
    if (write(p[1], line, (size_t)n) != n) _exit(1);
    _exit(0);
  }
  close(p[1]);
  slurp(p[0], buf, sizeof buf);
  waitpid(pid, &status, 0);
  printf("child sees a parent and a pid of its own: %s\n", strcmp(buf, "1 1") == 0 ? "yes" : buf);

  // waitid.
  pid = fork();
  if (pid == 0) _exit(5);
  siginfo_t si;
  memset(&si, 0, sizeof si);
  if (waitid(P_PID, (id_t)pid, &si, WEXITED) != 0) abort();
  printf("waitid: signo %s, code %s, status %d, pid matches: %s\n", sigabbrev_np(si.si_signo),
         si.si_code == CLD_EXITED ? "CLD_EXITED" : "other", si.si_status, si.si_pid == pid ? "yes" : "no");

  // Children that die of signals.
  pid = fork();
  if (pid == 0) {
    kill(getpid(), SIGTERM);
    _exit(0);
  }
  waitpid(pid, &status, 0);
  describe("child sending itself SIGTERM", status);
  pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 2);  // the emulator's own report of the fault goes to stderr
    *(volatile int*)16 = 1;
    _exit(0);
  }
  waitpid(pid, &status, 0);
  describe("child touching address 16", status);
  pid = fork();
  if (pid == 0) {
    wait_forever();
    _exit(0);
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  describe("child killed by its parent", status);

  // clone3 of a new process (what newer C libraries use), and its argument checks.
  struct clone_args ca;
  memset(&ca, 0, sizeof ca);
  ca.exit_signal = SIGCHLD;
  pid = (pid_t)syscall(SYS_clone3, &ca, sizeof ca);
  if (pid == 0) _exit(9);
  waitpid(pid, &status, 0);
  describe("clone3 child", status);
  ca.flags = SIGCHLD;  // the signal belongs in exit_signal
  printf("clone3 with a signal in flags: %s\n", syscall(SYS_clone3, &ca, sizeof ca) < 0 ? strerrorname_np(errno) : "ok");
  printf("clone3 with a short argument: %s\n", syscall(SYS_clone3, &ca, 32) < 0 ? strerrorname_np(errno) : "ok");

  // vfork and posix_spawn.
  pid = vfork();
  if (pid == 0) _exit(7);
  waitpid(pid, &status, 0);
  describe("vfork child", status);
  char* true_argv[] = {"true", NULL};
  if (posix_spawn(&pid, "/bin/true", NULL, NULL, true_argv, environ) != 0) abort();
  waitpid(pid, &status, 0);
  describe("posix_spawn of /bin/true", status);

  // execve of this program, of a host program, and a pipeline between the two.
  char* self_argv[] = {(char*)self, "echo-args", "one", "two words", NULL};
  run_child("exec self", self_argv, -1);
  char* echo_argv[] = {"/bin/echo", "a", "host", "program", NULL};
  run_child("exec /bin/echo", echo_argv, -1);
  int mid[2];
  if (pipe(mid) != 0) abort();
  pid_t producer = fork();
  if (producer == 0) {
    dup2(mid[1], 1);
    close(mid[0]), close(mid[1]);
    char* prod_argv[] = {(char*)self, "produce", NULL};
    execv(self, prod_argv);
    _exit(99);
  }
  close(mid[1]);
  char* tr_argv[] = {"/usr/bin/tr", "a-z", "A-Z", NULL};
  run_child("producer | tr", tr_argv, mid[0]);
  waitpid(producer, &status, 0);
  describe("producer", status);

  // Scripts: a host interpreter, this program as the interpreter.
  char dir[] = "/tmp/fork_exec_XXXXXX";
  if (!mkdtemp(dir)) abort();
  char script[256], script2[256], text[512], plain[256];
  snprintf(script, sizeof script, "%s/hello.sh", dir);
  write_script(script, "#!/bin/sh\necho \"script says $1\"\nexit 4\n", 0755);
  char* script_argv[] = {script, "hi", NULL};
  run_child("sh script", script_argv, -1);
  snprintf(script2, sizeof script2, "%s/custom", dir);
  snprintf(text, sizeof text, "#! %s interp\nthis line is not read\n", self);
  write_script(script2, text, 0755);
  char* script2_argv[] = {script2, "x", "y", NULL};
  run_child("script for this program", script2_argv, -1);

  // execve failures, as Linux reports them.
  exec_error("missing file", "/nonexistent/program");
  snprintf(plain, sizeof plain, "%s/data.txt", dir);
  write_script(plain, "just text\n", 0644);
  exec_error("file without execute permission", plain);
  chmod(plain, 0755);
  exec_error("text file that is not a script", plain);
  exec_error("directory", dir);
  unlink(script), unlink(script2), unlink(plain), rmdir(dir);

  // What execve keeps: ignored signals and the signal mask.
  signal(SIGUSR1, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  sigprocmask(SIG_BLOCK, &set, NULL);
  char* inh_argv[] = {(char*)self, "inherited", NULL};
  run_child("exec after ignoring SIGUSR1 and blocking SIGUSR2", inh_argv, -1);
  signal(SIGUSR1, SIG_DFL);
  sigprocmask(SIG_UNBLOCK, &set, NULL);

  // Process groups: a child in a group of its own, killed through the group.
  pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    wait_forever();
    _exit(0);
  }
  setpgid(pid, pid);  // either side may win the race; both ask for the same
  printf("child leads its own process group: %s\n", getpgid(pid) == pid ? "yes" : "no");
  kill(-pid, SIGUSR2);
  waitpid(pid, &status, 0);
  describe("group member", status);

  // SIGCHLD ignored: children are reaped by the system.
  signal(SIGCHLD, SIG_IGN);
  pid = fork();
  if (pid == 0) _exit(0);
  errno = 0;
  pid_t w = waitpid(pid, &status, 0);
  printf("with SIGCHLD ignored, waitpid gives %d (%s)\n", w, w < 0 ? strerrorname_np(errno) : "a status");
  return 0;
}
