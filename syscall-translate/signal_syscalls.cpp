// Signal syscalls: dispositions, masks, the alternate stack, sending, waiting and rt_sigreturn.
// Dispositions and masks are kept in the guest's own terms and mirrored onto the host process;
// delivery to guest handlers is signal_delivery.cpp's (signal_state.h).
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "common/log.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/signal_state.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

void terminate_by(LinuxProcess& p, int sig) {
  p.exited = true;
  p.killed_by = sig;
  p.cpu().stop();
}

// A signal the process sends to itself (to the calling thread when `thread`). Caught signals go
// through the host, which queues them for the guest handler when they are not blocked; those
// polyrun keeps for itself (SIGSEGV, SIGBUS) are queued here. Default actions end the process
// with polyrun's report.
int64_t self_signal(LinuxProcess& p, int sig, bool thread) {
  if (sig == 0) return 0;
  if (sig < 1 || sig > 64) return -EINVAL;
  if (sig == SIGKILL) {
    terminate_by(p, sig);
    return 0;
  }
  const GuestSigaction& act = p.sigactions[static_cast<size_t>(sig)];
  int host = p.abi.signal_to_host(sig);
  if (act.handler != kSigDfl && act.handler != kSigIgn) {
    if (host && host != SIGSEGV && host != SIGBUS)
      return host_result(thread ? ::syscall(SYS_tgkill, ::getpid(), ::gettid(), host) : ::kill(::getpid(), host));
    uint8_t info[128] = {};
    uint64_t sender = static_cast<uint64_t>(::getpid()) | static_cast<uint64_t>(::getuid()) << 32;
    p.isa.signals->make_siginfo(sig, static_cast<int>(guest_signal_constant(p, thread ? "SI_TKILL" : "SI_USER")), sender, info);
    queue_signal(p.thread(), sig, info);
    return 0;
  }
  bool blocked = (p.thread().sigmask >> (sig - 1)) & 1;
  if (act.handler == kSigIgn || (act.handler == kSigDfl && ignored_by_default(sig))) return 0;
  if (blocked && sig != SIGSTOP) {
    // Pending until unblocked: the host keeps it (its default action then ends the process).
    return host && host != SIGSEGV && host != SIGBUS ? host_result(::syscall(SYS_tgkill, ::getpid(), ::gettid(), host)) : 0;
  }
  if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) return host_result(::raise(sig));
  terminate_by(p, sig);
  return 0;
}

int64_t sys_rt_sigaction(LinuxProcess& p, const uint64_t* a) {
  int sig = static_cast<int>(a[0]);
  if (sig < 1 || sig > 64 || a[3] != 8) return -EINVAL;
  const pr_layout& l = p.abi.guest().sigaction;
  const auto field = [&](uint64_t base, int id) -> uint64_t* {
    const pr_field& f = l.fields[id];
    return f.size ? gptr<uint64_t>(base + f.offset) : nullptr;
  };
  GuestSigaction act;
  if (a[1]) {
    if (sig == SIGKILL || sig == SIGSTOP) return -EINVAL;
    if (!p.memory.accessible(a[1], l.size, mem::kRead)) return -EFAULT;
    act.handler = *field(a[1], PR_SIGACTION_HANDLER);
    act.flags = *field(a[1], PR_SIGACTION_FLAGS);
    if (uint64_t* r = field(a[1], PR_SIGACTION_RESTORER)) act.restorer = *r;
    act.mask = *field(a[1], PR_SIGACTION_MASK) & ~kUnblockable;
  }
  if (a[2]) {
    if (!p.memory.accessible(a[2], l.size, mem::kWrite)) return -EFAULT;
    const GuestSigaction old = p.sigactions[static_cast<size_t>(sig)];
    std::memset(gptr(a[2]), 0, l.size);
    *field(a[2], PR_SIGACTION_HANDLER) = old.handler;
    *field(a[2], PR_SIGACTION_FLAGS) = old.flags;
    if (uint64_t* r = field(a[2], PR_SIGACTION_RESTORER)) *r = old.restorer;
    *field(a[2], PR_SIGACTION_MASK) = old.mask;
  }
  if (a[1]) set_guest_action(p, sig, act);
  return 0;
}

int64_t sys_rt_sigprocmask(LinuxProcess& p, const uint64_t* a) {
  if (a[3] != 8) return -EINVAL;
  uint64_t old = p.thread().sigmask;
  if (a[1]) {
    if (!p.memory.accessible(a[1], 8, mem::kRead)) return -EFAULT;
    uint64_t set = *gptr<uint64_t>(a[1]), mask;
    switch (a[0]) {
      case SIG_BLOCK: mask = old | set; break;
      case SIG_UNBLOCK: mask = old & ~set; break;
      case SIG_SETMASK: mask = set; break;
      default: return -EINVAL;
    }
    set_guest_mask(p, mask);
  }
  if (a[2]) {
    if (!p.memory.accessible(a[2], 8, mem::kWrite)) return -EFAULT;
    *gptr<uint64_t>(a[2]) = old;
  }
  return 0;
}

// Waits with a temporary mask until a handler runs: the handler's frame saves the mask from
// before, which sigreturn brings back. Always ends with EINTR — unless a signal came before the
// host call started: the mask from before comes back, the handler runs as it would have before
// the call, and the call is made again.
int64_t sys_rt_sigsuspend(LinuxProcess& p, const uint64_t* a) {
  if (a[1] != 8) return -EINVAL;
  if (!p.memory.accessible(a[0], 8, mem::kRead)) return -EFAULT;
  LinuxThread& t = p.thread();
  uint64_t temp = *gptr<uint64_t>(a[0]) & ~kUnblockable;
  t.saved_mask = t.sigmask;
  t.has_saved_mask = true;
  t.sigmask = temp;  // the host mask changes inside the host call, atomically with the wait
  if (queued_signals(t) & ~temp) return -EINTR;
  uint64_t host = host_sigset(p, temp);
  int64_t r = blocking(p, SYS_rt_sigsuspend, &host, sizeof host);
  if (r == kNotStarted) {
    t.sigmask = t.saved_mask;
    t.has_saved_mask = false;
  }
  return r;
}

// rt_sigtimedwait(set, info, timeout, sigsetsize): signals queued for the guest first, then the
// host's pending ones (the guest blocks what it waits for, and so does the host).
int64_t sys_rt_sigtimedwait(LinuxProcess& p, const uint64_t* a) {
  if (a[3] != 8) return -EINVAL;
  const unsigned info_size = p.isa.signals->siginfo_size;
  if (!p.memory.accessible(a[0], 8, mem::kRead)) return -EFAULT;
  if (a[1] && !p.memory.accessible(a[1], info_size, mem::kWrite)) return -EFAULT;
  if (a[2] && !p.memory.accessible(a[2], 16, mem::kRead)) return -EFAULT;
  uint64_t set = *gptr<uint64_t>(a[0]) & ~kUnblockable;
  LinuxThread::QueuedSignal q;
  if (take_queued_signal(p.thread(), set, q)) {
    if (a[1]) std::memcpy(gptr(a[1]), q.info, info_size);
    return q.sig;
  }
  uint64_t host = host_sigset(p, set);
  siginfo_t hi{};
  int64_t r = blocking(p, SYS_rt_sigtimedwait, &host, &hi, gptr(a[2]), sizeof host);
  if (r <= 0) return r;
  int sig = p.abi.signal_to_guest(static_cast<int>(r));
  if (a[1]) p.isa.signals->siginfo_to_guest(reinterpret_cast<const uint8_t*>(&hi), sig, gptr<uint8_t>(a[1]));
  return sig;
}

int64_t sys_rt_sigpending(LinuxProcess& p, const uint64_t* a) {
  if (a[1] != 8) return -EINVAL;
  if (!p.memory.accessible(a[0], 8, mem::kWrite)) return -EFAULT;
  uint64_t host = 0;
  if (::syscall(SYS_rt_sigpending, &host, sizeof host) < 0) return -errno;
  *gptr<uint64_t>(a[0]) = p.abi.sigset_to_guest(host) | queued_signals(p.thread());
  return 0;
}

// stack_t is { void* ss_sp; int ss_flags; size_t ss_size; } on every 64-bit ISA.
int64_t sys_sigaltstack(LinuxProcess& p, const uint64_t* a) {
  LinuxThread& t = p.thread();
  const uint32_t ss_onstack = static_cast<uint32_t>(guest_signal_constant(p, "SS_ONSTACK"));
  const uint32_t ss_disable = static_cast<uint32_t>(guest_signal_constant(p, "SS_DISABLE"));
  const uint32_t ss_autodisarm = static_cast<uint32_t>(guest_signal_constant(p, "SS_AUTODISARM"));
  uint64_t sp = p.cpu().reg(p.isa.sp_reg);
  bool on = on_alternate_stack(t, sp);
  if (a[1]) {
    if (!p.memory.accessible(a[1], 24, mem::kWrite)) return -EFAULT;
    *gptr<uint64_t>(a[1]) = t.altstack_sp;
    uint32_t flags = on ? ss_onstack : !t.altstack_size ? ss_disable : 0;
    *gptr<uint32_t>(a[1] + 8) = flags | static_cast<uint32_t>(t.altstack_flags & ss_autodisarm);
    *gptr<uint64_t>(a[1] + 16) = t.altstack_size;
  }
  if (a[0]) {
    if (!p.memory.accessible(a[0], 24, mem::kRead)) return -EFAULT;
    if (on) return -EPERM;
    uint32_t flags = *gptr<uint32_t>(a[0] + 8);
    uint32_t mode = flags & ~ss_autodisarm;
    if (mode != ss_disable && mode != ss_onstack && mode != 0) return -EINVAL;
    if (mode == ss_disable) {
      t.altstack_sp = t.altstack_size = 0;
      t.altstack_flags = ss_disable;
      return 0;
    }
    uint64_t size = *gptr<uint64_t>(a[0] + 16);
    // The ISA's MINSIGSTKSZ (arm64 5120, riscv 2048), as sigaltstack checks it.
    const uint64_t min_size = static_cast<uint64_t>(guest_signal_constant(p, "MINSIGSTKSZ"));
    if (size < min_size) return -ENOMEM;
    t.altstack_sp = *gptr<uint64_t>(a[0]);
    t.altstack_size = size;
    t.altstack_flags = flags & ss_autodisarm;
  }
  return 0;
}

int64_t sys_rt_sigreturn(LinuxProcess& p, const uint64_t*) { return return_from_handler(p); }

// A guest signal number (0: the existence check) as the host's, or -EINVAL.
int64_t to_host_signal(const LinuxProcess& p, int sig) {
  if (!sig) return 0;
  int host = p.abi.signal_to_host(sig);
  return host ? host : -EINVAL;
}

int64_t sys_kill(LinuxProcess& p, const uint64_t* a) {
  pid_t pid = static_cast<pid_t>(a[0]);
  if (pid == ::getpid()) return self_signal(p, static_cast<int>(a[1]), false);
  int64_t host = to_host_signal(p, static_cast<int>(a[1]));
  if (host < 0) return host;
  return host_result(::kill(pid, static_cast<int>(host)));
}

int64_t sys_tgkill(LinuxProcess& p, const uint64_t* a) {
  int sig = static_cast<int>(a[2]);
  if (static_cast<pid_t>(a[0]) == ::getpid() && static_cast<pid_t>(a[1]) == ::gettid())
    return self_signal(p, sig, true);
  int64_t host = to_host_signal(p, sig);
  if (host < 0) return host;
  return host_result(::syscall(SYS_tgkill, static_cast<pid_t>(a[0]), static_cast<pid_t>(a[1]), static_cast<int>(host)));
}

int64_t sys_tkill(LinuxProcess& p, const uint64_t* a) {
  int sig = static_cast<int>(a[1]);
  if (static_cast<pid_t>(a[0]) == ::gettid()) return self_signal(p, sig, true);
  int64_t host = to_host_signal(p, sig);
  if (host < 0) return host;
  return host_result(::syscall(SYS_tkill, static_cast<pid_t>(a[0]), static_cast<int>(host)));
}

// rt_sigqueueinfo(pid, sig, info) and rt_tgsigqueueinfo(pid, tid, sig, info): the guest's
// siginfo goes to the host with the host's signal number (the layouts are the same on 64-bit
// ISAs, which the SignalAbi's conversion keeps true).
int64_t queue_info(LinuxProcess& p, pid_t pid, pid_t tid, int sig, uint64_t uinfo) {
  const unsigned size = p.isa.signals->siginfo_size;
  if (!p.memory.accessible(uinfo, size, mem::kRead)) return -EFAULT;
  int host = p.abi.signal_to_host(sig);
  if (!host) return -EINVAL;
  siginfo_t hi{};
  std::memcpy(&hi, gptr(uinfo), std::min<size_t>(size, sizeof hi));
  hi.si_signo = host;
  return host_result(tid ? ::syscall(SYS_rt_tgsigqueueinfo, pid, tid, host, &hi) : ::syscall(SYS_rt_sigqueueinfo, pid, host, &hi));
}

int64_t sys_rt_sigqueueinfo(LinuxProcess& p, const uint64_t* a) {
  return queue_info(p, static_cast<pid_t>(a[0]), 0, static_cast<int>(a[1]), a[2]);
}

int64_t sys_rt_tgsigqueueinfo(LinuxProcess& p, const uint64_t* a) {
  return queue_info(p, static_cast<pid_t>(a[0]), static_cast<pid_t>(a[1]), static_cast<int>(a[2]), a[3]);
}

// signalfd4(fd, mask, sizemask, flags): the host's signalfd. What it reads is struct
// signalfd_siginfo (the same on every ISA) with the host's signal numbers, which are the guest's
// where they agree; elsewhere it is not offered.
int64_t sys_signalfd4(LinuxProcess& p, const uint64_t* a) {
  if (!p.abi.same_signal_numbers()) {
    report_unsupported_once("signalfd4 where host and guest signal numbers differ", 0, "ENOSYS");
    return -ENOSYS;
  }
  if (a[2] != 8) return -EINVAL;
  if (!p.memory.accessible(a[1], 8, mem::kRead)) return -EFAULT;
  int64_t flags = creation_flags_to_host(p, a[3], true);
  if (flags < 0) return flags;
  uint64_t host = host_sigset(p, *gptr<uint64_t>(a[1]));
  return host_result(::syscall(SYS_signalfd4, static_cast<int>(a[0]), &host, sizeof host, static_cast<int>(flags)));
}

}  // namespace

std::vector<SyscallDef> signal_syscalls() {
  return {
      {"rt_sigaction", sys_rt_sigaction, "d:dppu"},
      {"rt_sigprocmask", sys_rt_sigprocmask, "d:dppu"},
      {"sigaltstack", sys_sigaltstack, "d:pp"},
      {"rt_sigsuspend", sys_rt_sigsuspend, "d:pu"},
      {"rt_sigtimedwait", sys_rt_sigtimedwait, "d:pppu"},
      {"rt_sigpending", sys_rt_sigpending, "d:pu"},
      {"rt_sigreturn", sys_rt_sigreturn, "d:"},
      {"rt_sigqueueinfo", sys_rt_sigqueueinfo, "d:ddp"},
      {"rt_tgsigqueueinfo", sys_rt_tgsigqueueinfo, "d:dddp"},
      {"signalfd4", sys_signalfd4, "d:fpux"},
      {"kill", sys_kill, "d:dd"},
      {"tgkill", sys_tgkill, "d:ddd"},
      {"tkill", sys_tkill, "d:dd"},
  };
}

}  // namespace polyrun::linux_abi
