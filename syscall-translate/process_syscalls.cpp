// Process facts: exit, ids, uname, limits, scheduling, resource usage, prctl, getrandom.
#include <sched.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstring>

#include "common/log.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

int64_t sys_exit_group(LinuxProcess& p, const uint64_t* a) {
  p.exited = true;
  p.exit_status = static_cast<int>(a[0] & 0xff);
  p.cpu().stop();
  return 0;
}

// exit ends the calling thread; the last thread's exit ends the process with its status.
int64_t sys_exit(LinuxProcess& p, const uint64_t* a) {
  if (p.live_threads == 1) return sys_exit_group(p, a);
  p.thread().exited = true;
  p.cpu().stop();
  return 0;
}

int64_t sys_getpid(LinuxProcess&, const uint64_t*) { return ::getpid(); }
int64_t sys_getppid(LinuxProcess&, const uint64_t*) { return ::getppid(); }
int64_t sys_gettid(LinuxProcess&, const uint64_t*) { return ::gettid(); }
int64_t sys_getuid(LinuxProcess&, const uint64_t*) { return ::getuid(); }
int64_t sys_geteuid(LinuxProcess&, const uint64_t*) { return ::geteuid(); }
int64_t sys_getgid(LinuxProcess&, const uint64_t*) { return ::getgid(); }
int64_t sys_getegid(LinuxProcess&, const uint64_t*) { return ::getegid(); }

int64_t sys_getresuid(LinuxProcess& p, const uint64_t* a) {
  for (int i = 0; i < 3; ++i)
    if (!p.memory.accessible(a[i], sizeof(uid_t), mem::kWrite)) return -EFAULT;
  HostOrder r0(p, a[0], {4}, 1, HostOrder::Out), r1(p, a[1], {4}, 1, HostOrder::Out), r2(p, a[2], {4}, 1, HostOrder::Out);
  return r2.finish(r1.finish(r0.finish(host_result(::getresuid(gptr<uid_t>(a[0]), gptr<uid_t>(a[1]), gptr<uid_t>(a[2]))))));
}

int64_t sys_getresgid(LinuxProcess& p, const uint64_t* a) {
  for (int i = 0; i < 3; ++i)
    if (!p.memory.accessible(a[i], sizeof(gid_t), mem::kWrite)) return -EFAULT;
  HostOrder r0(p, a[0], {4}, 1, HostOrder::Out), r1(p, a[1], {4}, 1, HostOrder::Out), r2(p, a[2], {4}, 1, HostOrder::Out);
  return r2.finish(r1.finish(r0.finish(host_result(::getresgid(gptr<gid_t>(a[0]), gptr<gid_t>(a[1]), gptr<gid_t>(a[2]))))));
}

int64_t sys_getgroups(LinuxProcess& p, const uint64_t* a) {
  int n = static_cast<int>(a[0]);
  if (n < 0) return -EINVAL;
  if (n && !p.memory.accessible(a[1], static_cast<uint64_t>(n) * sizeof(gid_t), mem::kWrite)) return -EFAULT;
  HostOrder groups(p, n ? a[1] : 0, {4}, static_cast<uint64_t>(n), HostOrder::Out);
  const int64_t r = host_result(::getgroups(n, n ? gptr<gid_t>(a[1]) : nullptr));
  return groups.finish(r, n && r > 0 ? static_cast<uint64_t>(r) : 0);
}

// The supplementary groups of the calling thread (glibc sets every thread's itself, as it does the
// IDs below): apt and dpkg drop to their users with it.
int64_t sys_setgroups(LinuxProcess& p, const uint64_t* a) {
  const uint64_t n = a[0];
  if (n > 65536) return -EINVAL;  // NGROUPS_MAX
  if (n && !p.memory.accessible(a[1], n * sizeof(gid_t), mem::kRead)) return -EFAULT;
  HostOrder groups(p, n ? a[1] : 0, {4}, n, HostOrder::In);
  return groups.finish(host_result(::syscall(SYS_setgroups, n, n ? groups.ptr() : nullptr)));
}

// capget/capset: a header {version, pid} and one or two {effective, permitted, inheritable}
// records (version 1: one; 2 and 3: two), 32-bit words on every ISA.
int64_t sys_capget_capset(LinuxProcess& p, const uint64_t* a, long nr) {
  if (!p.memory.accessible(a[0], 8, mem::kRead | mem::kWrite)) return -EFAULT;
  HostOrder header(p, a[0], {4, 4}, 1, HostOrder::InOut);
  const uint32_t version = static_cast<const uint32_t*>(header.ptr())[0];
  const uint64_t records = version == 0x19980330 ? 1 : 2;  // _LINUX_CAPABILITY_VERSION_1
  const bool data_in = nr == SYS_capset;
  if (a[1] && !p.memory.accessible(a[1], records * 12, data_in ? mem::kRead : mem::kWrite)) return -EFAULT;
  HostOrder data(p, a[1], {4, 4, 4}, a[1] ? records : 0, data_in ? HostOrder::In : HostOrder::Out);
  const int64_t r = host_result(::syscall(nr, header.ptr(), a[1] ? data.ptr() : nullptr));
  data.finish(r);
  return header.finish(r);
}
int64_t sys_capget(LinuxProcess& p, const uint64_t* a) { return sys_capget_capset(p, a, SYS_capget); }
int64_t sys_capset(LinuxProcess& p, const uint64_t* a) { return sys_capget_capset(p, a, SYS_capset); }

int64_t sys_setid(long nr, const uint64_t* a) { return host_result(::syscall(nr, a[0], a[1], a[2])); }
int64_t sys_setuid(LinuxProcess&, const uint64_t* a) { return sys_setid(SYS_setuid, a); }
int64_t sys_setgid(LinuxProcess&, const uint64_t* a) { return sys_setid(SYS_setgid, a); }
int64_t sys_setreuid(LinuxProcess&, const uint64_t* a) { return sys_setid(SYS_setreuid, a); }
int64_t sys_setregid(LinuxProcess&, const uint64_t* a) { return sys_setid(SYS_setregid, a); }
int64_t sys_setresuid(LinuxProcess&, const uint64_t* a) { return sys_setid(SYS_setresuid, a); }
int64_t sys_setresgid(LinuxProcess&, const uint64_t* a) { return sys_setid(SYS_setresgid, a); }

int64_t sys_getpgid(LinuxProcess&, const uint64_t* a) { return host_result(::getpgid(static_cast<pid_t>(a[0]))); }
int64_t sys_setpgid(LinuxProcess&, const uint64_t* a) {
  return host_result(::setpgid(static_cast<pid_t>(a[0]), static_cast<pid_t>(a[1])));
}
int64_t sys_getsid(LinuxProcess&, const uint64_t* a) { return host_result(::getsid(static_cast<pid_t>(a[0]))); }
int64_t sys_setsid(LinuxProcess&, const uint64_t*) { return host_result(::setsid()); }

int64_t sys_uname(LinuxProcess& p, const uint64_t* a) {
  // struct utsname is six 65-byte strings on every ISA.
  if (!p.memory.accessible(a[0], sizeof(struct utsname), mem::kWrite)) return -EFAULT;
  struct utsname u;
  if (::uname(&u) != 0) return -errno;
  std::snprintf(u.machine, sizeof u.machine, "%s", p.isa.uname_machine);
  std::memcpy(gptr(a[0]), &u, sizeof u);
  return 0;
}

int64_t sys_sethostname(LinuxProcess&, const uint64_t*) { return -EPERM; }

// RLIMIT_AS of this process is the guest's own (LinuxProcess::address_limit): read and set here,
// never the host's. A new limit: soft above hard is EINVAL, a hard limit raised needs root (Linux:
// CAP_SYS_RESOURCE).
bool own_address_limit(int resource, uint64_t pid) {
  return resource == RLIMIT_AS && (pid == 0 || static_cast<pid_t>(pid) == ::getpid());
}
int64_t set_address_limit(LinuxProcess& p, uint64_t cur, uint64_t max) {
  if (cur > max) return -EINVAL;
  if (max > p.address_limit_max && ::geteuid() != 0) return -EPERM;
  p.address_limit = cur;
  p.address_limit_max = max;
  return 0;
}

// struct rlimit is two 64-bit words on every 64-bit ISA.
int64_t sys_prlimit64(LinuxProcess& p, const uint64_t* a) {
  if (a[2] && !p.memory.accessible(a[2], sizeof(struct rlimit), mem::kRead)) return -EFAULT;
  if (a[3] && !p.memory.accessible(a[3], sizeof(struct rlimit), mem::kWrite)) return -EFAULT;
  // struct rlimit64: two 64-bit words on every ISA.
  HostOrder set(p, a[2], {8, 8}, 1, HostOrder::In), old(p, a[3], {8, 8}, 1, HostOrder::Out);
  if (own_address_limit(static_cast<int>(a[1]), a[0])) {
    const uint64_t was[2] = {p.address_limit, p.address_limit_max};
    int64_t r = 0;
    if (a[2]) {
      uint64_t want[2];
      std::memcpy(want, set.ptr(), sizeof want);
      r = set_address_limit(p, want[0], want[1]);
    }
    if (r == 0 && a[3]) std::memcpy(gptr(a[3]), was, sizeof was);
    return old.finish(set.finish(r));
  }
  return old.finish(set.finish(host_result(::syscall(SYS_prlimit64, static_cast<pid_t>(a[0]), static_cast<int>(a[1]), set.ptr(), gptr(a[3])))));
}

// getrlimit and setrlimit take the ISA's struct rlimit (32-bit words on 32-bit ISAs, where the
// largest value is RLIM_INFINITY and larger limits read as it, as Linux's compat calls do).
int64_t sys_getrlimit(LinuxProcess& p, const uint64_t* a) {
  const pr_layout& g = p.abi.guest().rlimit;
  struct rlimit r;
  if (!p.memory.accessible(a[1], g.size, mem::kWrite)) return -EFAULT;
  if (own_address_limit(static_cast<int>(a[0]), 0)) r = {p.address_limit, p.address_limit_max};
  else if (::getrlimit(static_cast<int>(a[0]), &r) != 0) return -errno;
  if (g.fields[0].size == 4) {
    if (r.rlim_cur > 0xffffffffu) r.rlim_cur = 0xffffffffu;
    if (r.rlim_max > 0xffffffffu) r.rlim_max = 0xffffffffu;
  }
  return put_struct(p, p.abi.host().rlimit, &r, g, a[1]);
}

int64_t sys_setrlimit(LinuxProcess& p, const uint64_t* a) {
  const pr_layout& g = p.abi.guest().rlimit;
  struct rlimit r;
  if (int64_t e = get_struct(p, g, a[1], p.abi.host().rlimit, &r)) return e;
  if (g.fields[0].size == 4) {
    if (r.rlim_cur == 0xffffffffu) r.rlim_cur = RLIM_INFINITY;
    if (r.rlim_max == 0xffffffffu) r.rlim_max = RLIM_INFINITY;
  }
  if (own_address_limit(static_cast<int>(a[0]), 0)) return set_address_limit(p, r.rlim_cur, r.rlim_max);
  return host_result(::syscall(SYS_prlimit64, 0, static_cast<int>(a[0]), &r, nullptr));
}

// ARM's set_tls and get_tls (private syscalls): the thread pointer user code reads (TPIDRURO).
int64_t sys_arm_set_tls(LinuxProcess& p, const uint64_t* a) {
  p.cpu().set_reg(p.isa.tls_reg, a[0]);
  return 0;
}
int64_t sys_arm_get_tls(LinuxProcess& p, const uint64_t*) { return static_cast<int64_t>(p.cpu().reg(p.isa.tls_reg)); }

// i386's set_thread_area and get_thread_area: GDT entries 6–8 from and as struct user_desc.
int64_t sys_set_thread_area(LinuxProcess& p, const uint64_t* a) {
  return i386_set_thread_area(p.cpu(), p.memory, a[0], true);
}
int64_t sys_get_thread_area(LinuxProcess& p, const uint64_t* a) { return i386_get_thread_area(p.cpu(), p.memory, a[0]); }

// riscv's riscv_hwprobe(pairs, pair_count, cpusetsize, cpus, flags): what the CPU implements.
int64_t sys_riscv_hwprobe(LinuxProcess& p, const uint64_t* a) {
  return riscv64_hwprobe(p.cpu(), p.memory, a[0], a[1], a[2], a[3], a[4]);
}

int64_t sys_set_tid_address(LinuxProcess& p, const uint64_t* a) {
  p.thread().clear_child_tid = a[0];
  return ::gettid();
}

int64_t sys_set_robust_list(LinuxProcess& p, const uint64_t* a) {
  if (a[1] != 3 * p.abi.guest().word_size) return -EINVAL;  // sizeof(struct robust_list_head): 3 words
  p.thread().robust_list = a[0];
  p.thread().robust_list_len = a[1];
  return 0;
}

int64_t sys_get_robust_list(LinuxProcess& p, const uint64_t* a) {
  if (a[0] != 0 && static_cast<pid_t>(a[0]) != ::gettid()) return -EPERM;
  const unsigned w = p.abi.guest().word_size;
  if (!p.memory.accessible(a[1], w, mem::kWrite) || !p.memory.accessible(a[2], w, mem::kWrite)) return -EFAULT;
  put_field(gptr(a[1]), p.abi.word(0), p.thread().robust_list);
  put_field(gptr(a[2]), p.abi.word(0), p.thread().robust_list_len);
  return 0;
}

// Restartable sequences need the kernel to abort a sequence on preemption, which the emulator
// cannot see; ENOSYS is Linux's own answer without CONFIG_RSEQ, and libc carries on without it.
int64_t sys_rseq(LinuxProcess&, const uint64_t*) {
  static bool said = false;
  if (!said) {
    said = true;
    log().debug("rseq is not supported: ENOSYS");
  }
  return -ENOSYS;
}

int64_t sys_sched_getaffinity(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[2], a[1], mem::kWrite)) return -EFAULT;
  HostOrder mask(p, a[2], {8}, a[1] / 8, HostOrder::Out);  // unsigned longs
  const int64_t r = host_result(::syscall(SYS_sched_getaffinity, static_cast<pid_t>(a[0]), a[1], gptr(a[2])));
  return mask.finish(r, r > 0 ? static_cast<uint64_t>(r) / 8 : 0);
}

int64_t sys_sched_setaffinity(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[2], a[1], mem::kRead)) return -EFAULT;
  HostOrder mask(p, a[2], {8}, a[1] / 8, HostOrder::In, a[1]);
  return mask.finish(host_result(::syscall(SYS_sched_setaffinity, static_cast<pid_t>(a[0]), a[1], mask.ptr())));
}

// Another guest thread waiting to run goes first.
int64_t sys_sched_yield(LinuxProcess& p, const uint64_t*) {
  p.lock.yield();
  return host_result(::sched_yield());
}

int64_t sys_sched_getscheduler(LinuxProcess&, const uint64_t* a) {
  return host_result(::sched_getscheduler(static_cast<pid_t>(a[0])));
}

// The priority range of a scheduling policy (SCHED_* are the same on every ISA).
int64_t sys_sched_get_priority_max(LinuxProcess&, const uint64_t* a) {
  return host_result(::sched_get_priority_max(static_cast<int>(a[0])));
}
int64_t sys_sched_get_priority_min(LinuxProcess&, const uint64_t* a) {
  return host_result(::sched_get_priority_min(static_cast<int>(a[0])));
}

// pidfd_open(pid, flags): a descriptor for the process (guest pids are the host's); PIDFD_NONBLOCK
// is the open flag O_NONBLOCK, translated, and the host refuses any other flag.
int64_t sys_pidfd_open(LinuxProcess& p, const uint64_t* a) {
  const int64_t flags = creation_flags_to_host(p, static_cast<uint32_t>(a[1]), true);
  if (flags < 0) return flags;
  return host_result(::syscall(SYS_pidfd_open, static_cast<pid_t>(a[0]), static_cast<unsigned>(flags)));
}

int64_t sys_sched_getparam(LinuxProcess& p, const uint64_t* a) {
  if (!p.memory.accessible(a[1], sizeof(struct sched_param), mem::kWrite)) return -EFAULT;
  HostOrder param(p, a[1], {4}, 1, HostOrder::Out);  // sched_priority
  return param.finish(host_result(::sched_getparam(static_cast<pid_t>(a[0]), gptr<struct sched_param>(a[1]))));
}

int64_t sys_getpriority(LinuxProcess&, const uint64_t* a) {
  return host_result(::syscall(SYS_getpriority, static_cast<int>(a[0]), static_cast<id_t>(a[1])));
}

int64_t sys_setpriority(LinuxProcess&, const uint64_t* a) {
  return host_result(::syscall(SYS_setpriority, static_cast<int>(a[0]), static_cast<id_t>(a[1]), static_cast<int>(a[2])));
}

// struct sysinfo and struct rusage: the ISA's (the host's on 64-bit ISAs).
int64_t sys_sysinfo(LinuxProcess& p, const uint64_t* a) {
  StructArg info(p, p.abi.guest().sysinfo, p.abi.host().sysinfo, a[0], StructArg::Out);
  if (!a[0] || !info.ok()) return -EFAULT;
  return info.finish(host_result(::syscall(SYS_sysinfo, info.host())));
}

int64_t sys_getrusage(LinuxProcess& p, const uint64_t* a) {
  StructArg ru(p, p.abi.guest().rusage, p.abi.host().rusage, a[1], StructArg::Out);
  if (!a[1] || !ru.ok()) return -EFAULT;
  return ru.finish(host_result(::syscall(SYS_getrusage, static_cast<int>(a[0]), ru.host())));
}

int64_t sys_getrandom(LinuxProcess& p, const uint64_t* a) {
  uint64_t len = p.memory.accessible_prefix(a[0], a[1], mem::kWrite);
  if (len == 0 && a[1]) return -EFAULT;
  return host_result(::getrandom(gptr(a[0]), len, static_cast<unsigned>(a[2])));
}

int64_t sys_personality(LinuxProcess&, const uint64_t* a) {
  // Only the query is meaningful for an emulated process: PER_LINUX.
  if (static_cast<uint32_t>(a[0]) == 0xffffffffu || a[0] == 0) return 0;
  return -EINVAL;
}

// PR_SVE_SET_VL and PR_SVE_GET_VL (Linux's Documentation/arch/arm64/sve.rst), where the CPU shows
// SVE (EINVAL otherwise, as Linux answers on a CPU without it): the calling
// thread's SVE vector length, every multiple of 16 bytes up to 256 being supported (a longer one
// asked for gives 256); a change discards the scalable registers but for their low 128 bits.
// What is returned: the length (the one set for the next program, with PR_SVE_SET_VL_ONEXEC),
// with PR_SVE_VL_INHERIT where the programs this one executes keep the current length.
int64_t sve_vector_length(LinuxProcess& p, int option, uint64_t arg) {
  cpu::ScalableVectors* sv = p.cpu().scalable_vectors();
  if (!sv || !p.cpu().has_feature("sve")) return -EINVAL;
  if (option == PR_SVE_SET_VL) {
    const uint64_t flags = arg & ~uint64_t{PR_SVE_VL_LEN_MASK};
    if (flags & ~uint64_t{PR_SVE_SET_VL_ONEXEC | PR_SVE_VL_INHERIT}) return -EINVAL;
    const unsigned asked = static_cast<unsigned>(arg & PR_SVE_VL_LEN_MASK);
    if (asked < 16 || asked % 16 || asked > 512 * 16) return -EINVAL;
    const unsigned vl = std::min(asked, 256u);
    p.vector_length_inherit = flags & PR_SVE_VL_INHERIT;
    if (flags & PR_SVE_SET_VL_ONEXEC) {
      p.vector_length_onexec = vl;
      return vl | (p.vector_length_inherit ? PR_SVE_VL_INHERIT : 0);
    }
    if (vl != sv->vector_length()) sv->set_vector_length(vl);
  }
  return sv->vector_length() | (p.vector_length_inherit ? PR_SVE_VL_INHERIT : 0);
}

int64_t sys_prctl(LinuxProcess& p, const uint64_t* a) {
  int option = static_cast<int>(a[0]);
  switch (option) {
    case PR_SVE_SET_VL: case PR_SVE_GET_VL:
      return sve_vector_length(p, option, a[1]);
    case PR_SET_NAME:
      if (!guest_string_ok(p, a[1])) return -EFAULT;
      return host_result(::prctl(option, gptr<const char>(a[1]), 0, 0, 0));
    case PR_GET_NAME:
      if (!p.memory.accessible(a[1], 16, mem::kWrite)) return -EFAULT;
      return host_result(::prctl(option, gptr<char>(a[1]), 0, 0, 0));
    case PR_SET_PDEATHSIG: case PR_SET_DUMPABLE: case PR_GET_DUMPABLE: case PR_SET_NO_NEW_PRIVS:
    case PR_GET_NO_NEW_PRIVS: case PR_SET_CHILD_SUBREAPER: case PR_SET_KEEPCAPS: case PR_GET_KEEPCAPS:
    case PR_SET_TIMERSLACK: case PR_GET_TIMERSLACK: case PR_CAPBSET_READ: case PR_CAPBSET_DROP:
    case PR_CAP_AMBIENT: case PR_GET_SECUREBITS: case PR_SET_SECUREBITS:
      return host_result(::prctl(option, a[1], a[2], a[3], a[4]));
    case PR_GET_PDEATHSIG: case PR_GET_CHILD_SUBREAPER:
      if (!p.memory.accessible(a[1], sizeof(int), mem::kWrite)) return -EFAULT;
      return HostOrder(p, a[1], {4}, 1, HostOrder::Out).finish(host_result(::prctl(option, gptr<int>(a[1]), 0, 0, 0)));
    default: {
      report_unsupported_once("prctl option", static_cast<uint64_t>(option), "EINVAL");
      return -EINVAL;
    }
  }
}

}  // namespace

std::vector<SyscallDef> process_syscalls() {
  return {
      {"exit", sys_exit, "n:d"},
      {"exit_group", sys_exit_group, "n:d"},
      {"getpid", sys_getpid, "d:"},
      {"getppid", sys_getppid, "d:"},
      {"gettid", sys_gettid, "d:"},
      {"getuid", sys_getuid, "d:"},
      {"geteuid", sys_geteuid, "d:"},
      {"getgid", sys_getgid, "d:"},
      {"getegid", sys_getegid, "d:"},
      {"getresuid", sys_getresuid, "d:ppp"},
      {"getresgid", sys_getresgid, "d:ppp"},
      {"getgroups", sys_getgroups, "d:dp"},
      {"setgroups", sys_setgroups, "d:dp"},
      {"capget", sys_capget, "d:pp"},
      {"capset", sys_capset, "d:pp"},
      {"setuid", sys_setuid, "d:d"},
      {"setgid", sys_setgid, "d:d"},
      {"setreuid", sys_setreuid, "d:dd"},
      {"setregid", sys_setregid, "d:dd"},
      {"setresuid", sys_setresuid, "d:ddd"},
      {"setresgid", sys_setresgid, "d:ddd"},
      {"getpgid", sys_getpgid, "d:d"},
      {"setpgid", sys_setpgid, "d:dd"},
      {"getsid", sys_getsid, "d:d"},
      {"setsid", sys_setsid, "d:"},
      {"uname", sys_uname, "d:p"},
      {"sethostname", sys_sethostname, "d:pu"},
      {"prlimit64", sys_prlimit64, "d:ddpp"},
      {"getrlimit", sys_getrlimit, "d:dp"},
      {"setrlimit", sys_setrlimit, "d:dp"},
      {"set_tid_address", sys_set_tid_address, "d:p"},
      {"set_robust_list", sys_set_robust_list, "d:pu"},
      {"ARM_set_tls", sys_arm_set_tls, "d:p"},
      {"ARM_get_tls", sys_arm_get_tls, "x:"},
      {"set_thread_area", sys_set_thread_area, "d:p"},
      {"get_thread_area", sys_get_thread_area, "d:p"},
      {"riscv_hwprobe", sys_riscv_hwprobe, "d:puupx"},
      {"get_robust_list", sys_get_robust_list, "d:dpp"},
      {"rseq", sys_rseq, "d:puxx"},
      {"sched_getaffinity", sys_sched_getaffinity, "d:dup"},
      {"sched_setaffinity", sys_sched_setaffinity, "d:dup"},
      {"sched_yield", sys_sched_yield, "d:"},
      {"sched_getscheduler", sys_sched_getscheduler, "d:d"},
      {"sched_get_priority_max", sys_sched_get_priority_max, "d:d"},
      {"sched_get_priority_min", sys_sched_get_priority_min, "d:d"},
      {"pidfd_open", sys_pidfd_open, "d:dx"},
      {"sched_getparam", sys_sched_getparam, "d:dp"},
      {"getpriority", sys_getpriority, "d:dd"},
      {"setpriority", sys_setpriority, "d:ddd"},
      {"sysinfo", sys_sysinfo, "d:p"},
      {"getrusage", sys_getrusage, "d:dp"},
      {"getrandom", sys_getrandom, "d:Bux"},
      {"personality", sys_personality, "x:x"},
      {"prctl", sys_prctl, "d:dxxxx"},
  };
}

}  // namespace polyrun::linux_abi
