// Signals, first part: dispositions and masks are recorded in the guest's own terms and mirrored
// onto the host process (signal_state.h), and signals a process sends to itself take their
// default action. Delivery to guest handlers (signal frames, sigreturn) is not implemented yet:
// such a delivery stops the program with a clear message.
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "common/log.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/signal_state.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

namespace {

constexpr uint64_t kSigDfl = 0, kSigIgn = 1;

// The host side speaks host signal numbers, translated through the kernel ABI tables; a 64-bit
// word is the kernel's sigset on both sides, and the raw syscalls reach the signals glibc keeps
// for itself. (Guest-side masks below use the asm-generic numbers, which aarch64 has.)
struct KernelSigaction {
  uint64_t handler, flags, restorer, mask;
};

uint64_t bit(int sig) { return 1ull << (sig - 1); }

// Host signals polyrun handles itself: host faults are reported as the guest's.
constexpr uint64_t kPolyrunOwned = (1ull << (SIGSEGV - 1)) | (1ull << (SIGBUS - 1));
constexpr uint64_t kUnblockable = (1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1));

uint64_t host_set(const LinuxProcess& p, uint64_t guest_set) {
  return p.abi.sigset_to_host(guest_set) & ~kPolyrunOwned;
}

void mirror_mask(const LinuxProcess& p, uint64_t guest_mask) {
  uint64_t host = host_set(p, guest_mask);
  ::syscall(SYS_rt_sigprocmask, SIG_SETMASK, &host, nullptr, sizeof host);
}

// The host ignores what the guest ignores; a guest handler leaves the host's default action until
// delivery to guest handlers exists.
void mirror_disposition(const LinuxProcess& p, int sig, uint64_t guest_handler) {
  uint64_t host = p.abi.sigset_to_host(bit(sig));
  if (!host || (host & (kPolyrunOwned | kUnblockable))) return;
  KernelSigaction act{guest_handler == kSigIgn ? reinterpret_cast<uint64_t>(SIG_IGN) : reinterpret_cast<uint64_t>(SIG_DFL), 0, 0, 0};
  ::syscall(SYS_rt_sigaction, __builtin_ctzll(host) + 1, &act, nullptr, sizeof act.mask);
}

// Signals whose default action is to do nothing.
bool ignored_by_default(int sig) {
  return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

void terminate_by(LinuxProcess& p, int sig) {
  p.exited = true;
  p.killed_by = sig;
  p.cpu().stop();
}

// A signal the process sent to itself.
int64_t self_signal(LinuxProcess& p, int sig) {
  if (sig == 0) return 0;
  if (sig < 1 || sig > 64) return -EINVAL;
  if (sig == SIGKILL) {
    terminate_by(p, sig);
    return 0;
  }
  const GuestSigaction& act = p.sigactions[static_cast<size_t>(sig)];
  bool blocked = (p.thread().sigmask >> (sig - 1)) & 1;
  if (act.handler == kSigIgn || (act.handler == kSigDfl && ignored_by_default(sig))) return 0;
  if (blocked && sig != SIGSTOP) return 0;  // stays pending forever: nothing delivers it yet
  if (act.handler != kSigDfl) {
    log().error("signal {} reached a guest handler at {:#x}: delivery to guest signal handlers is not "
                "implemented yet",
                sig, act.handler);
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
  if (a[2]) {
    if (!p.memory.accessible(a[2], l.size, mem::kWrite)) return -EFAULT;
    const GuestSigaction& old = p.sigactions[static_cast<size_t>(sig)];
    std::memset(gptr(a[2]), 0, l.size);
    *field(a[2], PR_SIGACTION_HANDLER) = old.handler;
    *field(a[2], PR_SIGACTION_FLAGS) = old.flags;
    if (uint64_t* r = field(a[2], PR_SIGACTION_RESTORER)) *r = old.restorer;
    *field(a[2], PR_SIGACTION_MASK) = old.mask;
  }
  if (a[1]) {
    if (sig == SIGKILL || sig == SIGSTOP) return -EINVAL;
    if (!p.memory.accessible(a[1], l.size, mem::kRead)) return -EFAULT;
    GuestSigaction act;
    act.handler = *field(a[1], PR_SIGACTION_HANDLER);
    act.flags = *field(a[1], PR_SIGACTION_FLAGS);
    if (uint64_t* r = field(a[1], PR_SIGACTION_RESTORER)) act.restorer = *r;
    act.mask = *field(a[1], PR_SIGACTION_MASK);
    p.sigactions[static_cast<size_t>(sig)] = act;
    mirror_disposition(p, sig, act.handler);
  }
  return 0;
}

int64_t sys_rt_sigprocmask(LinuxProcess& p, const uint64_t* a) {
  if (a[3] != 8) return -EINVAL;
  uint64_t old = p.thread().sigmask;
  if (a[1]) {
    if (!p.memory.accessible(a[1], 8, mem::kRead)) return -EFAULT;
    uint64_t set = *gptr<uint64_t>(a[1]);
    switch (a[0]) {
      case SIG_BLOCK: p.thread().sigmask |= set; break;
      case SIG_UNBLOCK: p.thread().sigmask &= ~set; break;
      case SIG_SETMASK: p.thread().sigmask = set; break;
      default: return -EINVAL;
    }
    p.thread().sigmask &= ~kUnblockable;
    if (p.thread().sigmask != old) mirror_mask(p, p.thread().sigmask);
  }
  if (a[2]) {
    if (!p.memory.accessible(a[2], 8, mem::kWrite)) return -EFAULT;
    *gptr<uint64_t>(a[2]) = old;
  }
  return 0;
}

// Waits with the given mask until a signal arrives. Signals the guest ignores do not end the wait
// (the host ignores them too); until delivery to guest handlers exists, the others take their
// default action on the host.
int64_t sys_rt_sigsuspend(LinuxProcess& p, const uint64_t* a) {
  if (a[1] != 8) return -EINVAL;
  if (!p.memory.accessible(a[0], 8, mem::kRead)) return -EFAULT;
  uint64_t host = host_set(p, *gptr<uint64_t>(a[0]));
  return blocking(p, [&] { return ::syscall(SYS_rt_sigsuspend, &host, sizeof host); });
}

// stack_t is { void* ss_sp; int ss_flags; size_t ss_size; } on every 64-bit ISA.
int64_t sys_sigaltstack(LinuxProcess& p, const uint64_t* a) {
  if (a[1]) {
    if (!p.memory.accessible(a[1], 24, mem::kWrite)) return -EFAULT;
    *gptr<uint64_t>(a[1]) = p.thread().altstack_sp;
    *gptr<uint32_t>(a[1] + 8) = static_cast<uint32_t>(p.thread().altstack_flags);
    *gptr<uint64_t>(a[1] + 16) = p.thread().altstack_size;
  }
  if (a[0]) {
    if (!p.memory.accessible(a[0], 24, mem::kRead)) return -EFAULT;
    uint32_t flags = *gptr<uint32_t>(a[0] + 8);
    if (flags & ~2u) return -EINVAL;
    p.thread().altstack_sp = *gptr<uint64_t>(a[0]);
    p.thread().altstack_flags = flags;
    p.thread().altstack_size = *gptr<uint64_t>(a[0] + 16);
  }
  return 0;
}

int64_t sys_kill(LinuxProcess& p, const uint64_t* a) {
  pid_t pid = static_cast<pid_t>(a[0]);
  if (pid == ::getpid()) return self_signal(p, static_cast<int>(a[1]));
  return host_result(::kill(pid, static_cast<int>(a[1])));
}

int64_t sys_tgkill(LinuxProcess& p, const uint64_t* a) {
  if (static_cast<pid_t>(a[0]) == ::getpid() && static_cast<pid_t>(a[1]) == ::gettid())
    return self_signal(p, static_cast<int>(a[2]));
  return host_result(::syscall(SYS_tgkill, static_cast<pid_t>(a[0]), static_cast<pid_t>(a[1]), static_cast<int>(a[2])));
}

int64_t sys_tkill(LinuxProcess& p, const uint64_t* a) {
  if (static_cast<pid_t>(a[0]) == ::gettid()) return self_signal(p, static_cast<int>(a[1]));
  return host_result(::syscall(SYS_tkill, static_cast<pid_t>(a[0]), static_cast<int>(a[1])));
}

}  // namespace

void adopt_host_signal_state(LinuxProcess& p) {
  uint64_t mask = 0;
  if (::syscall(SYS_rt_sigprocmask, SIG_BLOCK, nullptr, &mask, sizeof mask) == 0)
    p.thread().sigmask = p.abi.sigset_to_guest(mask) & ~kUnblockable;
  for (int sig = 1; sig <= 64; ++sig) {
    KernelSigaction old{};
    uint64_t guest = p.abi.sigset_to_guest(bit(sig));
    if (guest && ::syscall(SYS_rt_sigaction, sig, nullptr, &old, sizeof old.mask) == 0 &&
        old.handler == reinterpret_cast<uint64_t>(SIG_IGN))
      p.sigactions[static_cast<size_t>(__builtin_ctzll(guest) + 1)].handler = kSigIgn;
  }
}

std::vector<SyscallDef> signal_syscalls() {
  return {
      {"rt_sigaction", sys_rt_sigaction, "d:dppu"},
      {"rt_sigprocmask", sys_rt_sigprocmask, "d:dppu"},
      {"sigaltstack", sys_sigaltstack, "d:pp"},
      {"rt_sigsuspend", sys_rt_sigsuspend, "d:pu"},
      {"kill", sys_kill, "d:dd"},
      {"tgkill", sys_tgkill, "d:ddd"},
      {"tkill", sys_tkill, "d:dd"},
  };
}

}  // namespace polyrun::linux_abi
