// The old calls the generic syscall table dropped and arm, i386 and s390x keep: each is the *at
// call with AT_FDCWD or its newer form (send and recv are sendto and recvfrom without an address),
// as Linux implements them. (creat and dup2 stand beside openat and dup3 in fs_syscalls.cpp.)
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <ctime>

#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

std::vector<CompatAlias> legacy_aliases() {
  return {
      {"open", "openat", "Awww"},
      {"access", "faccessat", "Aww"},
      {"mkdir", "mkdirat", "Aww"},
      {"rmdir", "unlinkat", "AwR"},
      {"unlink", "unlinkat", "Aw0"},
      {"rename", "renameat", "AwAw"},
      {"link", "linkat", "AwAw0"},
      {"symlink", "symlinkat", "wAw"},
      {"readlink", "readlinkat", "Awww"},
      {"chmod", "fchmodat", "Aww"},
      {"chown", "fchownat", "Awww0"},
      {"chown32", "fchownat", "Awww0"},
      {"lchown", "fchownat", "AwwwN"},
      {"lchown32", "fchownat", "AwwwN"},
      {"mknod", "mknodat", "Awww"},
      {"stat", "newfstatat", "Aww0"},
      {"lstat", "newfstatat", "AwwN"},
      {"pipe", "pipe2", "w0"},
      {"getpgrp", "getpgid", "0"},
      {"send", "sendto", "wwww00"},
      {"recv", "recvfrom", "wwww00"},
      {"waitpid", "wait4", "www0"},
  };
}

namespace {

// utimes(path, times[2]) and futimesat(dirfd, path, times[2]): microseconds in the ISA's timeval.
int64_t utimes_at(LinuxProcess& p, uint64_t dirfd, uint64_t path_addr, uint64_t times) {
  std::string path;
  if (!host_path(p, path_addr, path)) return -EFAULT;
  struct timeval tv[2];
  const pr_layout& g = p.abi.guest().timeval;
  if (times) {
    if (int64_t e = get_struct(p, g, times, p.abi.host().timeval, &tv[0])) return e;
    if (int64_t e = get_struct(p, g, times + g.size, p.abi.host().timeval, &tv[1])) return e;
  }
  return host_result(::syscall(SYS_futimesat, static_cast<int>(dirfd), path.c_str(), times ? tv : nullptr));
}
int64_t sys_utimes(LinuxProcess& p, const uint64_t* a) { return utimes_at(p, static_cast<uint64_t>(static_cast<int64_t>(AT_FDCWD)), a[0], a[1]); }
int64_t sys_futimesat(LinuxProcess& p, const uint64_t* a) { return utimes_at(p, a[0], a[1], a[2]); }

// time(tloc): the seconds since the epoch, also stored at tloc (a long of the guest's) when given.
int64_t sys_time(LinuxProcess& p, const uint64_t* a) {
  const int64_t now = static_cast<int64_t>(::time(nullptr));
  if (a[0]) {
    const unsigned word = p.isa.word_size;
    if (!p.memory.accessible(a[0], word, mem::kWrite)) return -EFAULT;
    put_field(gptr(a[0]), pr_field{0, word, 0}, static_cast<uint64_t>(now));
    p.memory.host_wrote(a[0], word);
  }
  return now;
}

// alarm(seconds): the host's, whose ITIMER_REAL the process's SIGALRM comes from (i386 and s390x
// keep the call; the generic table has only setitimer).
int64_t sys_alarm(LinuxProcess&, const uint64_t* a) { return host_result(::syscall(SYS_alarm, static_cast<unsigned>(a[0]))); }

}  // namespace

std::vector<SyscallDef> legacy_syscalls() {
  return {
      {"utimes", sys_utimes, "d:sp"},
      {"futimesat", sys_futimesat, "d:fsp"},
      {"alarm", sys_alarm, "d:u"},
      {"time", sys_time, "d:p"},
  };
}

}  // namespace polyrun::linux_abi
