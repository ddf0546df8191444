/* A program's own system calls: x64 code that runs the `syscall` instruction itself asks Windows'
 * kernel for a system service by number, and a number its table does not have gets
 * STATUS_INVALID_SYSTEM_SERVICE. None may reach the host's kernel, where 39 is Linux's getpid and
 * 60 its exit. */
#include <stdio.h>
#include <windows.h>

#if defined(_WIN64)

static unsigned long long service(unsigned long long number, unsigned long long arg) {
  unsigned long long r;
  register unsigned long long r10 __asm__("r10") = arg;
  __asm__ volatile("syscall" : "=a"(r), "+r"(r10) : "a"(number), "D"(arg), "S"(0) : "rcx", "r11", "rdx", "r8", "r9", "memory");
  return r;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("service 0x3fff: 0x%llx\n", service(0x3fff, 0));
  unsigned long long pid = service(39, 0);
  printf("service 39 gave the process id: %s\n", pid == GetCurrentProcessId() ? "yes" : "no");
  service(60, 7);
  printf("service 60 ended the program: no\n");
  return 0;
}
#else
/* (x64's system call instruction: the i686 build, which cases.txt does not run, has nothing to ask) */
int main(void) { return 0; }
#endif
