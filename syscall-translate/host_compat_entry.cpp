#include "syscall-translate/host_compat_entry.h"

#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "syscall-translate/kernel_abi_map.h"

namespace polyrun::linux_abi {

namespace {

long i386_sysno(const char* name) { return lookup(pr_kernel_abi_i386.sysnos, name); }

int64_t int80(long nr, uint32_t a0, uint32_t a1, uint32_t a2) {
#if defined(__x86_64__)
  long r;
  __asm__ volatile("int $0x80" : "=a"(r) : "a"(nr), "b"(static_cast<long>(a0)), "c"(static_cast<long>(a1)), "d"(static_cast<long>(a2)) : "memory");
  return static_cast<int32_t>(r);  // -errno in the low 32 bits
#else
  (void)nr, (void)a0, (void)a1, (void)a2;
  return -ENOSYS;
#endif
}

bool probe() {
#if defined(__x86_64__)
  long getpid_nr = i386_sysno("getpid");
  if (getpid_nr < 0) return false;
  // A child that sends no signal at its exit and that only a __WCLONE wait reaps: the guest's
  // own waits and SIGCHLD handlers never see it.
  long child = ::syscall(SYS_clone, 0L, nullptr, nullptr, nullptr, 0L);
  if (child < 0) return false;
  if (child == 0) {
    // Without the entry, `int 0x80` faults: the child dies of SIGSEGV rather than answering.
    ::signal(SIGSEGV, SIG_DFL);
    ::signal(SIGBUS, SIG_DFL);
    ::syscall(SYS_exit, int80(getpid_nr, 0, 0, 0) == static_cast<int32_t>(::syscall(SYS_getpid)) ? 0 : 1);
  }
  int status = 0;
  while (::waitpid(static_cast<pid_t>(child), &status, __WCLONE) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
#else
  return false;
#endif
}

}  // namespace

bool host_has_compat_entry() {
  static const bool has = probe();
  return has;
}

int64_t compat_entry_syscall(const char* i386_name, uint32_t a0, uint32_t a1, uint32_t a2) {
  long nr = i386_sysno(i386_name);
  return nr < 0 ? -ENOSYS : int80(nr, a0, a1, a2);
}

}  // namespace polyrun::linux_abi
