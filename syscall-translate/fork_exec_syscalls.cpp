// Child processes: fork, vfork, clone of a new process, execve, waiting for children.
//
// A guest process is one host process, so a new guest process is a host fork of polyrun: the
// child continues the same emulated program (its engine, translated code and guest memory are
// copied with it) from the syscall, with 0 as the result. execve starts the new program the way
// its format asks: a foreign program (another ISA, a Windows program) runs under polyrun again with
// the same options, a host program is executed directly, and a `#!` script's interpreter is
// looked up in the guest root first and then resolved the same way.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/log.h"
#include "common/own_executable.h"
#include "loader/format.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/linux_debug.h"
#include "syscall-translate/linux_guest.h"
#include "syscall-translate/linux_threads.h"
#include "syscall-translate/proc_files.h"
#include "syscall-translate/strace.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

// The clone flags a new process (not a thread) may carry. Sharing flags are accepted with
// CLONE_VFORK only: such a child runs until it executes a program or exits, so a copy of the
// memory, descriptors and handlers behaves as the shared ones would for it (qemu-user does the
// same).
constexpr uint64_t kCloneSignal = CSIGNAL;
constexpr uint64_t kProcessFlags = CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
                                   CLONE_CHILD_CLEARTID | CLONE_VFORK | CLONE_IO;
constexpr uint64_t kVforkSharing = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND;

struct NewProcess {
  uint64_t flags = 0;
  uint64_t stack = 0;  // the child's stack pointer, or 0 to keep the parent's
  uint64_t parent_tid = 0, child_tid = 0, tls = 0;
};

// A thread: the flag sets of glibc's, musl's and Go's thread creation (shared memory, files,
// filesystem facts and handlers, the tid words, TLS).
constexpr uint64_t kThreadRequired = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_FILES | CLONE_FS;
constexpr uint64_t kThreadOptional = CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
                                     CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_IO;

int64_t new_process(LinuxProcess& p, const NewProcess& n) {
  uint64_t flags = n.flags & ~kCloneSignal;
  // CLONE_SETTLS: the register and value, read now (i386's user_desc may be gone once clone returns).
  int tls_reg = p.isa.tls_reg;
  uint64_t tls = n.tls;
  if ((flags & CLONE_SETTLS) && p.isa.clone_tls)
    if (int64_t e = p.isa.clone_tls(p.memory, n.tls, tls_reg, tls)) return e;
  if (flags & CLONE_THREAD) {
    if ((flags & kThreadRequired) != kThreadRequired || (flags & ~(kThreadRequired | kThreadOptional))) {
      report_unsupported_once("clone flags for a thread", n.flags, "ENOSYS", true);
      return -ENOSYS;
    }
    ThreadStart s;
    s.flags = flags;
    s.stack = n.stack;
    s.parent_tid = n.parent_tid;
    s.child_tid = n.child_tid;
    s.tls = tls;
    s.tls_reg = tls_reg;
    return start_thread(p, s);
  }
  uint64_t allowed = kProcessFlags | ((flags & CLONE_VFORK) ? kVforkSharing : 0);
  if (flags & ~allowed) {
    // Processes that share memory and go on running guest code.
    report_unsupported_once("clone flags", n.flags, "ENOSYS", true);
    return -ENOSYS;
  }
  int exit_signal = static_cast<int>(n.flags & kCloneSignal);
  if (exit_signal != SIGCHLD && exit_signal != 0)
    report_unsupported_once("clone exit signal (the parent is sent SIGCHLD)", static_cast<uint64_t>(exit_signal), "a child");

  // A vfork parent resumes once the child has executed a program or exited: it waits for the
  // close-on-exec end of a pipe to close.
  int vfork_pipe[2] = {-1, -1};
  if ((flags & CLONE_VFORK) && ::pipe2(vfork_pipe, O_CLOEXEC) != 0) return -errno;

  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    int e = errno;
    if (vfork_pipe[0] >= 0) ::close(vfork_pipe[0]), ::close(vfork_pipe[1]);
    return -e;
  }
  if (pid == 0) {
    if (vfork_pipe[0] >= 0) ::close(vfork_pipe[0]);  // the write end closes at exec or exit
    if (p.live_threads > 1) keep_only_calling_thread(p);
    if (p.debugger) p.debugger->forget_in_child(p.thread());  // gdb stays with the parent
    // The child's thread has its own id, and no robust list until it sets one (as Linux forks).
    p.thread().tid = ::gettid();
    p.thread().robust_list = p.thread().robust_list_len = 0;
    pid_t self = ::getpid();
    if (n.stack) p.cpu().set_reg(p.isa.sp_reg, n.stack);
    if (flags & CLONE_SETTLS) p.cpu().set_reg(tls_reg, tls);
    if ((flags & CLONE_PARENT_SETTID) && p.memory.accessible(n.parent_tid, 4, mem::kWrite))
      put_field(gptr(n.parent_tid), p.abi.field(0, 4), static_cast<uint32_t>(self));
    if ((flags & CLONE_CHILD_SETTID) && p.memory.accessible(n.child_tid, 4, mem::kWrite))
      put_field(gptr(n.child_tid), p.abi.field(0, 4), static_cast<uint32_t>(self));
    p.thread().clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? n.child_tid : 0;
    return 0;
  }
  if ((flags & CLONE_PARENT_SETTID) && p.memory.accessible(n.parent_tid, 4, mem::kWrite))
    put_field(gptr(n.parent_tid), p.abi.field(0, 4), static_cast<uint32_t>(pid));
  if (vfork_pipe[0] >= 0) {
    ::close(vfork_pipe[1]);
    char c;
    while (::read(vfork_pipe[0], &c, 1) < 0 && errno == EINTR) {
    }
    ::close(vfork_pipe[0]);
  }
  return pid;
}

int64_t sys_clone(LinuxProcess& p, const uint64_t* a) {
  NewProcess n;
  n.flags = a[p.isa.clone_stack_first ? 1 : 0];
  n.stack = a[p.isa.clone_stack_first ? 0 : 1];
  n.parent_tid = a[2];
  n.tls = a[p.isa.clone_tls_arg];
  n.child_tid = a[p.isa.clone_child_tid_arg];
  return new_process(p, n);
}

// struct clone_args: eleven 64-bit fields, the same on every ISA.
int64_t sys_clone3(LinuxProcess& p, const uint64_t* a) {
  constexpr uint64_t kVer0 = 64;
  uint64_t size = a[1];
  if (size < kVer0 || size > 4096) return -EINVAL;
  if (!p.memory.accessible(a[0], size, mem::kRead)) return -EFAULT;
  uint64_t f[11] = {};
  for (unsigned i = 0; i < 11 && 8 * i < size; ++i) f[i] = get_field(gptr(a[0]), p.abi.field(8 * i, 8));
  // Bytes past the fields this kernel knows must be zero, as Linux requires.
  for (uint64_t i = sizeof f; i < size; ++i)
    if (*gptr<uint8_t>(a[0] + i)) return -E2BIG;
  const uint64_t flags = f[0], child_tid = f[2], parent_tid = f[3], exit_signal = f[4],
                 stack = f[5], stack_size = f[6], tls = f[7], set_tid_size = f[9];
  // clone3 takes the exit signal in its own field only.
  if ((exit_signal & ~kCloneSignal) || (flags & kCloneSignal)) return -EINVAL;
  // (The pidfd field is read only with CLONE_PIDFD, as Linux reads it: glibc 2.40 and later fill
  // it in for every thread.)
  if ((flags & CLONE_PIDFD) || set_tid_size) {
    report_unsupported_once("clone3 flags", flags, "ENOSYS", true);
    return -ENOSYS;
  }
  NewProcess n;
  n.flags = flags | exit_signal;
  n.stack = stack ? stack + stack_size : 0;  // clone3 gives the lowest address and the size
  n.parent_tid = parent_tid;
  n.child_tid = child_tid;
  n.tls = tls;
  return new_process(p, n);
}

int64_t sys_fork(LinuxProcess& p, const uint64_t*) {
  NewProcess n;
  n.flags = SIGCHLD;
  return new_process(p, n);
}

int64_t sys_vfork(LinuxProcess& p, const uint64_t*) {
  NewProcess n;
  n.flags = CLONE_VFORK | CLONE_VM | SIGCHLD;
  return new_process(p, n);
}

// wait4(pid, &status, options, &rusage): the wait status encoding and the option bits are the
// same on every ISA; struct rusage is the ISA's.
int64_t sys_wait4(LinuxProcess& p, const uint64_t* a) {
  if (a[1] && !p.memory.accessible(a[1], sizeof(int), mem::kWrite)) return -EFAULT;
  const pr_layout& g = p.abi.guest().rusage;
  if (a[3] && !p.memory.accessible(a[3], g.size, mem::kWrite)) return -EFAULT;
  int status = 0;
  struct rusage ru {};
  int64_t r = blocking(p, SYS_wait4, static_cast<pid_t>(a[0]), &status, static_cast<int>(a[2]), a[3] ? &ru : nullptr);
  if (r < 0) return r;
  if (r > 0 && a[1]) put_field(gptr(a[1]), p.abi.field(0, sizeof status), static_cast<uint32_t>(status));
  if (a[3]) put_struct(p, p.abi.host().rusage, &ru, g, a[3]);
  return r;
}

// waitid(idtype, id, &siginfo, options, &rusage): the siginfo and rusage in the ISA's layouts.
int64_t sys_waitid(LinuxProcess& p, const uint64_t* a) {
  const unsigned info_size = p.isa.signals->siginfo_size;
  const pr_layout& g = p.abi.guest().rusage;
  if (a[2] && !p.memory.accessible(a[2], info_size, mem::kWrite)) return -EFAULT;
  if (a[4] && !p.memory.accessible(a[4], g.size, mem::kWrite)) return -EFAULT;
  siginfo_t hi{};
  struct rusage ru {};
  int64_t r = blocking(p, SYS_waitid, static_cast<int>(a[0]), static_cast<id_t>(a[1]), a[2] ? &hi : nullptr,
                       static_cast<int>(a[3]), a[4] ? &ru : nullptr);
  if (r < 0) return r;
  if (a[2]) {
    if (hi.si_signo)
      p.isa.signals->siginfo_to_guest(reinterpret_cast<const uint8_t*>(&hi), p.abi.signal_to_guest(hi.si_signo), gptr<uint8_t>(a[2]));
    else
      std::memset(gptr(a[2]), 0, info_size);  // WNOHANG and nothing to report: a zeroed siginfo
    p.memory.host_wrote(a[2], info_size);
  }
  if (a[4]) put_struct(p, p.abi.host().rusage, &ru, g, a[4]);
  return r;
}

// ---- execve ----

// A NULL-terminated array of guest strings (argv, envp); false when any part is not readable.
bool read_string_array(LinuxProcess& p, uint64_t addr, std::vector<std::string>& out) {
  if (!addr) return true;  // Linux takes a NULL argv or envp as an empty one
  constexpr size_t kMaxStrings = 1u << 20;
  const unsigned w = p.abi.guest().word_size;  // the guest's pointers
  for (size_t i = 0; i < kMaxStrings; ++i) {
    uint64_t slot = addr + i * w;
    if (!p.memory.accessible(slot, w, mem::kRead)) return false;
    const uint64_t s = get_field(gptr(slot), p.abi.word(0));
    if (!s) return true;
    if (!guest_string_ok(p, s)) return false;
    out.emplace_back(gptr<const char>(s));
  }
  return false;
}

struct ExecPlan {
  std::string file;                       // the host file to execute, if any
  std::vector<std::string> argv;          // its arguments
  std::vector<std::string> polyrun_argv;  // polyrun's, to run the file under polyrun again (exec_own)
};

// Resolves what executing `path` (a guest path) with `argv` means on the host: ENOENT, EACCES,
// ENOEXEC as Linux answers them; a script becomes its interpreter with the script as argument.
int64_t plan_exec(LinuxProcess& p, const std::string& path, std::vector<std::string> argv, int depth,
                  ExecPlan& plan) {
  if (depth > 4) return -ELOOP;  // Linux allows four levels of interpreters
  // /proc/self/exe is the guest program (busybox runs its applets through it), not polyrun.
  std::string host = host_path_of(p, path);
  int dirfd = AT_FDCWD;
  proc_follow_exe(p, dirfd, host);
  struct stat st;
  if (::stat(host.c_str(), &st) != 0) return -errno;
  if (!S_ISREG(st.st_mode) || ::access(host.c_str(), X_OK) != 0) return -EACCES;

  char head[256];  // Linux reads at most this much of a "#!" line
  ssize_t n = -1;
  if (int fd = ::open(host.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    n = ::read(fd, head, sizeof head);
    ::close(fd);
  }
  if (n < 0) {
    // Executable but not readable by this user: only the kernel can open it, and does (a native
    // program, or one binfmt_misc's flag O or C hands to its interpreter already open).
    plan.file = host;
    plan.argv = std::move(argv);
    return 0;
  }
  if (n >= 2 && head[0] == '#' && head[1] == '!') {
    auto line = loader::read_script_line(head, static_cast<size_t>(n));
    if (!line) return -ENOEXEC;
    std::vector<std::string> next{line->interpreter};
    if (!line->argument.empty()) next.push_back(line->argument);
    next.push_back(path);
    if (argv.size() > 1) next.insert(next.end(), argv.begin() + 1, argv.end());
    return plan_exec(p, line->interpreter, std::move(next), depth + 1, plan);
  }

  loader::FileKind kind;
  try {
    kind = loader::identify(host);  // reads more than the first line: PE headers lie further on
  } catch (const UserError&) {
    return -ENOEXEC;
  }
  bool host_kind = kind.format == loader::Format::Elf && kind.isa == Isa::X86_64;
  if (host_kind) {
    plan.file = host;  // the host runs its own programs (not i386 ones: this kind of host refuses them)
    plan.argv = std::move(argv);
    return 0;
  }
  bool foreign = (kind.format == loader::Format::Elf && kind.isa && linux_isa_for(*kind.isa)) ||
                 (kind.format == loader::Format::Pe && (kind.isa == Isa::X86_64 || kind.isa == Isa::I386));
  if (foreign) {
    // Run again under polyrun, with the options this process was given. Where binfmt_misc started
    // this polyrun, the kernel is asked first, as it would be for a native program: it starts the
    // interpreter registered for the format (with flag F, a file opened at registration, which a
    // chroot or container need not hold) and gives a set-user-ID program its credentials (flag C).
    plan.polyrun_argv = p.reexec_prefix;
    if (kind.isa == p.isa.isa) {
      // The model, SVE's vector length where PR_SVE_SET_VL chose the next program's, and whether
      // SVE is shown or off.
      std::string cpu = p.cpu_model;
      const cpu::ScalableVectors* sv = p.cpu().scalable_vectors();
      const uint32_t vl = p.vector_length_onexec ? p.vector_length_onexec
                          : p.vector_length_inherit && sv ? sv->vector_length()
                                                          : p.vector_length;
      if (vl) cpu = (cpu.empty() ? std::string("max") : cpu) + ",sve-default-vector-length=" + std::to_string(vl);
      if (p.sve != cpu::SveMode::Executed)
        cpu = (cpu.empty() ? std::string("max") : cpu) + (p.sve == cpu::SveMode::Shown ? ",sve=on" : ",sve=off");
      if (!cpu.empty()) plan.polyrun_argv.insert(plan.polyrun_argv.end(), {"--cpu", cpu});
    }
    plan.polyrun_argv.insert(plan.polyrun_argv.end(), {"-0", argv.empty() ? std::string() : argv[0], "--", host});
    if (argv.size() > 1) plan.polyrun_argv.insert(plan.polyrun_argv.end(), argv.begin() + 1, argv.end());
    if (p.from_binfmt) {
      plan.file = host;
      plan.argv = std::move(argv);
    }
    return 0;
  }
  return -ENOEXEC;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int64_t do_execve(LinuxProcess& p, const std::string& path, uint64_t argv_addr, uint64_t envp_addr) {
  std::vector<std::string> argv, envp;
  if (!read_string_array(p, argv_addr, argv) || !read_string_array(p, envp_addr, envp)) return -EFAULT;
  ExecPlan plan;
  if (int64_t r = plan_exec(p, path, argv, 0, plan); r < 0) return r;

  // The guest's own RLIMIT_AS (LinuxProcess::address_limit) goes with it, as Linux keeps limits
  // across execve: a native program gets it as the host's limit, set just before; a foreign one's
  // polyrun finds it in POLYRUN_GUEST_RLIMIT_AS (its own variable, not the program's).
  struct rlimit host_as {};
  ::getrlimit(RLIMIT_AS, &host_as);
  const bool own_limit = p.address_limit != host_as.rlim_cur || p.address_limit_max != host_as.rlim_max;
  if (own_limit && !plan.polyrun_argv.empty())
    envp.push_back(std::string(kGuestAddressLimitVariable) + "=" + std::to_string(p.address_limit) + " " +
                   std::to_string(p.address_limit_max));
  std::vector<char*> av = c_strings(plan.argv), pv = c_strings(plan.polyrun_argv), ev = c_strings(envp);
  std::fflush(nullptr);
  // The host process carries the guest's signal mask and ignored signals (signal_state.h): the new
  // program inherits them as it would from Linux.
  if (!plan.file.empty()) {
    if (plan.polyrun_argv.empty()) {  // a native program
      const struct rlimit guest_as = {p.address_limit, p.address_limit_max};
      if (own_limit) ::setrlimit(RLIMIT_AS, &guest_as);
      ::execve(plan.file.c_str(), av.data(), ev.data());
      const int error = errno;
      if (own_limit) ::setrlimit(RLIMIT_AS, &host_as);  // (a hard limit lowered stays: only root raises it)
      return -error;
    }
    ::execve(plan.file.c_str(), av.data(), ev.data());
    // A foreign program whose format binfmt_misc has no (reachable) interpreter for: polyrun's own.
    if (errno != ENOEXEC && errno != ENOENT) return -errno;
  }
  exec_own(pv.data(), ev.data());
  return -errno;
}

int64_t sys_execve(LinuxProcess& p, const uint64_t* a) {
  if (!guest_string_ok(p, a[0])) return -EFAULT;
  return do_execve(p, gptr<const char>(a[0]), a[1], a[2]);
}

// execveat(dirfd, path, argv, envp, flags): a relative path or AT_EMPTY_PATH names a file through
// the directory descriptor, which the host reaches as /proc/self/fd/N.
int64_t sys_execveat(LinuxProcess& p, const uint64_t* a) {
  int dirfd = static_cast<int>(static_cast<int32_t>(a[0]));
  int flags = static_cast<int>(a[4]);
  if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) return -EINVAL;
  if (!guest_string_ok(p, a[1])) return -EFAULT;
  std::string path = gptr<const char>(a[1]);
  if (path.empty()) {
    if (!(flags & AT_EMPTY_PATH)) return -ENOENT;
    path = "/proc/self/fd/" + std::to_string(dirfd);
  } else if (path[0] != '/' && dirfd != AT_FDCWD) {
    path = "/proc/self/fd/" + std::to_string(dirfd) + "/" + path;
  }
  return do_execve(p, path, a[2], a[3]);
}

}  // namespace

std::vector<SyscallDef> fork_exec_syscalls() {
  return {
      {"clone", sys_clone, "d:xppxp"},
      {"clone3", sys_clone3, "d:pu"},
      {"fork", sys_fork, "d:"},
      {"vfork", sys_vfork, "d:"},
      {"wait4", sys_wait4, "d:dpxp"},
      {"waitid", sys_waitid, "d:ddpxp"},
      {"execve", sys_execve, "e:sVp"},
      {"execveat", sys_execveat, "e:fsVpx"},
  };
}

}  // namespace polyrun::linux_abi
