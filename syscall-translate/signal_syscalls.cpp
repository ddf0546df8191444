// Signal syscalls: dispositions, masks, the alternate stack, sending, waiting and rt_sigreturn.
// Dispositions and masks are kept in the guest's own terms and mirrored onto the host process;
// delivery to guest handlers is signal_delivery.cpp's (signal_state.h).
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>

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
    // The siginfo the host would have made (kill and tkill layout), as the guest's.
    siginfo_t hi{};
    hi.si_signo = host ? host : sig;
    hi.si_code = thread ? SI_TKILL : SI_USER;
    hi.si_pid = ::getpid();
    hi.si_uid = ::getuid();
    uint8_t info[128] = {};
    p.isa.signals->siginfo_to_guest(reinterpret_cast<const uint8_t*>(&hi), sig, info);
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

// The bytes a guest struct's fields span (the layout's own size may be the UAPI struct's).
unsigned extent(const pr_layout& l) {
  unsigned n = 0;
  for (unsigned i = 0; i < l.nfields; ++i)
    if (l.fields[i].size) n = std::max(n, l.fields[i].offset + l.fields[i].size);
  return n;
}

// The kernel's struct sigaction (rt_sigaction) or old_sigaction (sigaction) of the guest: where
// each field is; a missing field has size 0.
struct SigactionFields {
  pr_field handler, flags, restorer, mask;
  unsigned size;
  bool mask_is_sigset;  // the 64-bit sigset (else one word: old_sigset_t)
};

SigactionFields rt_sigaction_fields(const LinuxProcess& p) {
  const pr_layout& l = p.abi.guest().sigaction;
  return {l.fields[PR_SIGACTION_HANDLER], l.fields[PR_SIGACTION_FLAGS], l.fields[PR_SIGACTION_RESTORER],
          l.fields[PR_SIGACTION_MASK], extent(l), true};
}

// The old sigaction of the ISAs that keep the sigaction syscall (handler, one word of mask,
// flags, restorer); size 0 where the table has none.
SigactionFields old_sigaction_fields(const LinuxProcess& p) {
  const unsigned w = p.isa.word_size;
  auto at = [&](const char* name) { return static_cast<unsigned>(guest_signal_constant(p, name)); };
  return {p.abi.field(at("old_sigaction.sa_handler"), w), p.abi.field(at("old_sigaction.sa_flags"), w),
          p.abi.field(at("old_sigaction.sa_restorer"), w), p.abi.field(at("old_sigaction.sa_mask"), w),
          at("sizeof old_sigaction"), false};
}

// rt_sigaction and sigaction: the new disposition read, the old one written, as Linux's
// do_sigaction does.
int64_t change_action(LinuxProcess& p, int sig, uint64_t act_addr, uint64_t old_addr, const SigactionFields& f) {
  if (sig < 1 || sig > 64) return -EINVAL;
  GuestSigaction act;
  if (act_addr) {
    if (sig == SIGKILL || sig == SIGSTOP) return -EINVAL;
    if (!p.memory.accessible(act_addr, f.size, mem::kRead)) return -EFAULT;
    const void* a = gptr(act_addr);
    act.handler = get_field(a, f.handler);
    act.flags = get_field(a, f.flags);
    if (f.restorer.size) act.restorer = get_field(a, f.restorer);
    act.mask = (f.mask_is_sigset ? get_guest_sigset(p, act_addr + f.mask.offset) : get_field(a, f.mask)) & ~kUnblockable;
  }
  if (old_addr) {
    if (!p.memory.accessible(old_addr, f.size, mem::kWrite)) return -EFAULT;
    const GuestSigaction old = p.sigactions[static_cast<size_t>(sig)];
    void* o = gptr(old_addr);
    std::memset(o, 0, f.size);
    put_field(o, f.handler, old.handler);
    put_field(o, f.flags, old.flags);
    if (f.restorer.size) put_field(o, f.restorer, old.restorer);
    if (f.mask_is_sigset)
      put_guest_sigset(p, old_addr + f.mask.offset, old.mask);
    else
      put_field(o, f.mask, old.mask);
  }
  if (act_addr) set_guest_action(p, sig, act);
  return 0;
}

int64_t sys_rt_sigaction(LinuxProcess& p, const uint64_t* a) {
  if (a[3] != 8) return -EINVAL;
  return change_action(p, static_cast<int>(a[0]), a[1], a[2], rt_sigaction_fields(p));
}

// sigaction(sig, act, oact) with the old struct (32-bit ISAs; their C libraries use rt_sigaction).
int64_t sys_sigaction(LinuxProcess& p, const uint64_t* a) {
  const SigactionFields f = old_sigaction_fields(p);
  if (!f.size) return -ENOSYS;
  return change_action(p, static_cast<int>(a[0]), a[1], a[2], f);
}

// The mask after SIG_BLOCK, SIG_UNBLOCK or SIG_SETMASK of `set`; false for another `how`.
bool new_mask(uint64_t how, uint64_t old, uint64_t set, uint64_t& out) {
  switch (how) {
    case SIG_BLOCK: out = old | set; return true;
    case SIG_UNBLOCK: out = old & ~set; return true;
    case SIG_SETMASK: out = set; return true;
    default: return false;
  }
}

int64_t sys_rt_sigprocmask(LinuxProcess& p, const uint64_t* a) {
  if (a[3] != 8) return -EINVAL;
  uint64_t old = p.thread().sigmask;
  if (a[1]) {
    if (!p.memory.accessible(a[1], 8, mem::kRead)) return -EFAULT;
    uint64_t mask;
    if (!new_mask(a[0], old, get_guest_sigset(p, a[1]), mask)) return -EINVAL;
    set_guest_mask(p, mask);
  }
  if (a[2]) {
    if (!p.memory.accessible(a[2], 8, mem::kWrite)) return -EFAULT;
    put_guest_sigset(p, a[2], old);
  }
  return 0;
}

// sigprocmask(how, set, oset) on one word of mask (old_sigset_t: the first 32 signals on 32-bit
// ISAs); SIG_SETMASK keeps the other signals' bits, as Linux does.
int64_t sys_sigprocmask(LinuxProcess& p, const uint64_t* a) {
  const unsigned w = p.isa.word_size;
  const pr_field word = p.abi.word(0);
  const uint64_t low = w >= 8 ? ~0ull : (1ull << (8 * w)) - 1;
  uint64_t old = p.thread().sigmask;
  if (a[1]) {
    if (!p.memory.accessible(a[1], w, mem::kRead)) return -EFAULT;
    uint64_t mask;
    if (!new_mask(a[0], old, get_field(gptr(a[1]), word), mask)) return -EINVAL;
    if (a[0] == SIG_SETMASK) mask |= old & ~low;
    set_guest_mask(p, mask);
  }
  if (a[2]) {
    if (!p.memory.accessible(a[2], w, mem::kWrite)) return -EFAULT;
    put_field(gptr(a[2]), word, old & low);
  }
  return 0;
}

// Waits with a temporary mask until a handler runs: the handler's frame saves the mask from
// before, which sigreturn brings back. Always ends with EINTR — unless a signal came before the
// host call started: the mask from before comes back, the handler runs as it would have before
// the call, and the call is made again.
int64_t suspend_with(LinuxProcess& p, uint64_t temp) {
  LinuxThread& t = p.thread();
  temp &= ~kUnblockable;
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

int64_t sys_rt_sigsuspend(LinuxProcess& p, const uint64_t* a) {
  if (a[1] != 8) return -EINVAL;
  if (!p.memory.accessible(a[0], 8, mem::kRead)) return -EFAULT;
  return suspend_with(p, get_guest_sigset(p, a[0]));
}

// sigsuspend(unused, unused, mask) as ARM's, i386's and s390's Linux take it (OLD_SIGSUSPEND3): one word of
// mask, in a register; the other signals unblocked.
int64_t sys_sigsuspend(LinuxProcess& p, const uint64_t* a) {
  const unsigned w = p.isa.word_size;
  return suspend_with(p, w >= 8 ? a[2] : a[2] & ((1ull << (8 * w)) - 1));
}

// pause(): sigsuspend with the mask the thread has (arm and i386 have the call; glibc uses it).
int64_t sys_pause(LinuxProcess& p, const uint64_t*) { return suspend_with(p, p.thread().sigmask); }

// rt_sigtimedwait(set, info, timeout, sigsetsize): signals queued for the guest first, then the
// host's pending ones (the guest blocks what it waits for, and so does the host). The timeout is
// the guest's timespec (`ts`: time32 on 32-bit ISAs, or the _time64 one, KernelAbiMap::time64_timespec).
int64_t sigtimedwait(LinuxProcess& p, const uint64_t* a, const pr_layout& ts) {
  if (a[3] != 8) return -EINVAL;
  const unsigned info_size = p.isa.signals->siginfo_size;
  if (!p.memory.accessible(a[0], 8, mem::kRead)) return -EFAULT;
  if (a[1] && !p.memory.accessible(a[1], info_size, mem::kWrite)) return -EFAULT;
  if (a[2] && !p.memory.accessible(a[2], ts.size, mem::kRead)) return -EFAULT;
  uint64_t set = get_guest_sigset(p, a[0]) & ~kUnblockable;
  LinuxThread::QueuedSignal q;
  if (take_queued_signal(p.thread(), set, q)) {
    if (a[1]) std::memcpy(gptr(a[1]), q.info, info_size);
    return q.sig;
  }
  struct timespec timeout {};
  if (a[2]) {
    timeout.tv_sec = static_cast<time_t>(get_field(gptr(a[2]), ts.fields[0]));
    timeout.tv_nsec = static_cast<long>(get_field(gptr(a[2]), ts.fields[1]));
  }
  uint64_t host = host_sigset(p, set);
  siginfo_t hi{};
  int64_t r = blocking(p, SYS_rt_sigtimedwait, &host, &hi, a[2] ? &timeout : nullptr, sizeof host);
  if (r <= 0) return r;
  int sig = p.abi.signal_to_guest(static_cast<int>(r));
  if (a[1]) p.isa.signals->siginfo_to_guest(reinterpret_cast<const uint8_t*>(&hi), sig, gptr<uint8_t>(a[1]));
  return sig;
}

int64_t sys_rt_sigtimedwait(LinuxProcess& p, const uint64_t* a) {
  return sigtimedwait(p, a, p.abi.guest().timespec);
}

int64_t sys_rt_sigtimedwait_time64(LinuxProcess& p, const uint64_t* a) {
  return sigtimedwait(p, a, p.abi.time64_timespec());
}

// The guest signals pending for the thread: the host's and those queued for the guest.
uint64_t pending_signals(LinuxProcess& p, int64_t& err) {
  uint64_t host = 0;
  err = ::syscall(SYS_rt_sigpending, &host, sizeof host) < 0 ? -errno : 0;
  return p.abi.sigset_to_guest(host) | queued_signals(p.thread());
}

int64_t sys_rt_sigpending(LinuxProcess& p, const uint64_t* a) {
  if (a[1] != 8) return -EINVAL;
  if (!p.memory.accessible(a[0], 8, mem::kWrite)) return -EFAULT;
  int64_t err;
  uint64_t set = pending_signals(p, err);
  if (err) return err;
  put_guest_sigset(p, a[0], set);
  return 0;
}

// sigpending(set): the first word of the pending set (old_sigset_t).
int64_t sys_sigpending(LinuxProcess& p, const uint64_t* a) {
  const unsigned w = p.isa.word_size;
  if (!p.memory.accessible(a[0], w, mem::kWrite)) return -EFAULT;
  int64_t err;
  uint64_t set = pending_signals(p, err);
  if (err) return err;
  put_field(gptr(a[0]), p.abi.word(0), set);
  return 0;
}

// sigaltstack(ss, old_ss) with the guest's stack_t { ss_sp; ss_flags; ss_size }.
int64_t sys_sigaltstack(LinuxProcess& p, const uint64_t* a) {
  LinuxThread& t = p.thread();
  const pr_layout& l = p.abi.guest().stack;
  const pr_field &f_sp = l.fields[PR_SS_SP], &f_flags = l.fields[PR_SS_FLAGS], &f_size = l.fields[PR_SS_SIZE];
  const uint32_t ss_onstack = static_cast<uint32_t>(guest_signal_constant(p, "SS_ONSTACK"));
  const uint32_t ss_disable = static_cast<uint32_t>(guest_signal_constant(p, "SS_DISABLE"));
  const uint32_t ss_autodisarm = static_cast<uint32_t>(guest_signal_constant(p, "SS_AUTODISARM"));
  uint64_t sp = p.cpu().reg(p.isa.sp_reg);
  bool on = on_alternate_stack(t, sp);
  if (a[1]) {
    if (!p.memory.accessible(a[1], l.size, mem::kWrite)) return -EFAULT;
    void* o = gptr(a[1]);
    std::memset(o, 0, l.size);
    put_field(o, f_sp, t.altstack_sp);
    uint32_t flags = on ? ss_onstack : !t.altstack_size ? ss_disable : 0;
    put_field(o, f_flags, flags | static_cast<uint32_t>(t.altstack_flags & ss_autodisarm));
    put_field(o, f_size, t.altstack_size);
  }
  if (a[0]) {
    if (!p.memory.accessible(a[0], l.size, mem::kRead)) return -EFAULT;
    if (on) return -EPERM;
    const void* n = gptr(a[0]);
    uint32_t flags = static_cast<uint32_t>(get_field(n, f_flags));
    uint32_t mode = flags & ~ss_autodisarm;
    if (mode != ss_disable && mode != ss_onstack && mode != 0) return -EINVAL;
    if (mode == ss_disable) {
      t.altstack_sp = t.altstack_size = 0;
      t.altstack_flags = ss_disable;
      return 0;
    }
    uint64_t size = get_field(n, f_size);
    // The ISA's MINSIGSTKSZ (arm64 5120, riscv and arm 2048), as sigaltstack checks it.
    const uint64_t min_size = static_cast<uint64_t>(guest_signal_constant(p, "MINSIGSTKSZ"));
    if (size < min_size) return -ENOMEM;
    t.altstack_sp = get_field(n, f_sp);
    t.altstack_size = size;
    t.altstack_flags = flags & ss_autodisarm;
  }
  return 0;
}

int64_t sys_rt_sigreturn(LinuxProcess& p, const uint64_t*) { return return_from_handler(p, true); }

// sigreturn: from the old frame of a handler without SA_SIGINFO, on ISAs that have one.
int64_t sys_sigreturn(LinuxProcess& p, const uint64_t*) {
  if (!p.isa.signals->leave_old_handler) return -ENOSYS;
  return return_from_handler(p, false);
}

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
// siginfo goes to the host with the host's signal number (a copy where the layouts are the same,
// 64-bit ISAs; converted by its si_code's fields on 32-bit ones).
int64_t queue_info(LinuxProcess& p, pid_t pid, pid_t tid, int sig, uint64_t uinfo) {
  const SignalAbi& s = *p.isa.signals;
  if (!p.memory.accessible(uinfo, s.siginfo_size, mem::kRead)) return -EFAULT;
  int host = p.abi.signal_to_host(sig);
  if (!host) return -EINVAL;
  siginfo_t hi{};
  if (s.siginfo_to_host) {
    s.siginfo_to_host(gptr<const uint8_t>(uinfo), host, reinterpret_cast<uint8_t*>(&hi));
  } else {
    std::memcpy(&hi, gptr(uinfo), std::min<size_t>(s.siginfo_size, sizeof hi));
    hi.si_signo = host;
  }
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
  uint64_t host = host_sigset(p, get_guest_sigset(p, a[1]));
  return host_result(::syscall(SYS_signalfd4, static_cast<int>(a[0]), &host, sizeof host, static_cast<int>(flags)));
}

// signalfd(fd, mask, sizemask): signalfd4 without flags.
int64_t sys_signalfd(LinuxProcess& p, const uint64_t* a) {
  const uint64_t b[6] = {a[0], a[1], a[2], 0, 0, 0};
  return sys_signalfd4(p, b);
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
      {"sigreturn", sys_sigreturn, "d:"},
      {"rt_sigtimedwait_time64", sys_rt_sigtimedwait_time64, "d:pppu"},
      {"sigaction", sys_sigaction, "d:dpp"},
      {"sigprocmask", sys_sigprocmask, "d:dpp"},
      {"sigpending", sys_sigpending, "d:p"},
      {"sigsuspend", sys_sigsuspend, "d:--x"},
      {"pause", sys_pause, "d:"},
      {"signalfd", sys_signalfd, "d:fpu"},
      {"rt_sigqueueinfo", sys_rt_sigqueueinfo, "d:ddp"},
      {"rt_tgsigqueueinfo", sys_rt_tgsigqueueinfo, "d:dddp"},
      {"signalfd4", sys_signalfd4, "d:fpux"},
      {"kill", sys_kill, "d:dd"},
      {"tgkill", sys_tgkill, "d:ddd"},
      {"tkill", sys_tkill, "d:dd"},
  };
}

}  // namespace polyrun::linux_abi
