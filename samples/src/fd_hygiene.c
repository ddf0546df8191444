// Descriptors a program may use freely: any number (100 too) and closing everything from 3 on,
// as spawners do; then a child executed from this program. Under --strace the trace must go on
// through all of it, in the child too.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc > 1) {
    const char msg[] = "child ran\n";
    return write(1, msg, sizeof msg - 1) == sizeof msg - 1 ? 0 : 1;
  }
  if (dup2(1, 100) != 100) return 2;
  const char a[] = "written through fd 100\n";
  if (write(100, a, sizeof a - 1) != sizeof a - 1) return 3;
  if (close_range(3, ~0u, 0) != 0) return 4;
  const char b[] = "after close_range\n";
  if (write(100, b, 1) != -1 || write(1, b, sizeof b - 1) != sizeof b - 1) return 5;
  if (getppid() <= 0) return 6;
  pid_t pid = fork();
  if (pid == 0) {
    char* child_argv[] = {argv[0], "child", NULL};
    execv(argv[0], child_argv);
    _exit(7);
  }
  int status;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return 8;
  return WEXITSTATUS(status);
}
