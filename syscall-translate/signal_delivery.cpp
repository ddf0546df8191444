// Delivery of signals to guest handlers (see signal_state.h): the host handler that queues them,
// the guest and host masks, handler frames through the ISA's SignalAbi, interrupted syscalls
// (SA_RESTART), synchronous faults and rt_sigreturn.
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/log.h"
#include "syscall-translate/guest_access.h"
#include "syscall-translate/linux_debug.h"
#include "syscall-translate/signal_state.h"
#include "syscall-translate/strace.h"

namespace polyrun::linux_abi {

namespace {

// The raw kernel sigaction of the host (x86-64): a 64-bit word is the kernel's sigset.
struct KernelSigaction {
  uint64_t handler, flags, restorer, mask;
};

uint64_t bit(int sig) { return 1ull << (sig - 1); }

// Host signals polyrun handles itself: host faults are reported as the guest's.
constexpr uint64_t kPolyrunOwned = (1ull << (SIGSEGV - 1)) | (1ull << (SIGBUS - 1));

// The host's rt_sigreturn (x86-64 number 15), where polyrun's host handlers return: the raw
// rt_sigaction needs one, as every x86-64 handler does.
extern "C" void polyrun_host_sigreturn();
asm(".text\n"
    ".globl polyrun_host_sigreturn\n"
    ".type polyrun_host_sigreturn, @function\n"
    "polyrun_host_sigreturn:\n"
    "  mov $15, %rax\n"
    "  syscall\n"
    ".size polyrun_host_sigreturn, .-polyrun_host_sigreturn\n");

// The one guest process of this polyrun: the host handler finds it here.
LinuxProcess* g_process = nullptr;

// The guest's constants (SA_*, SS_*, si_code values), read once from its kernel ABI table.
struct GuestConstants {
  uint64_t sa_siginfo, sa_onstack, sa_restart, sa_nodefer, sa_resethand, sa_restorer;
  uint64_t sa_nocldstop, sa_nocldwait;
  uint64_t ss_onstack, ss_disable, ss_autodisarm;
  explicit GuestConstants(const LinuxProcess& p)
      : sa_siginfo(c(p, "SA_SIGINFO")), sa_onstack(c(p, "SA_ONSTACK")), sa_restart(c(p, "SA_RESTART")),
        sa_nodefer(c(p, "SA_NODEFER")), sa_resethand(c(p, "SA_RESETHAND")), sa_restorer(c(p, "SA_RESTORER")),
        sa_nocldstop(c(p, "SA_NOCLDSTOP")), sa_nocldwait(c(p, "SA_NOCLDWAIT")),
        ss_onstack(c(p, "SS_ONSTACK")), ss_disable(c(p, "SS_DISABLE")), ss_autodisarm(c(p, "SS_AUTODISARM")) {}
  static uint64_t c(const LinuxProcess& p, const char* n) { return static_cast<uint64_t>(guest_signal_constant(p, n)); }
};

const GuestConstants& consts(const LinuxProcess& p) {
  static const GuestConstants k(p);
  return k;
}

// Host signals blocked for the scope: the queue is shared with the host handler.
class HostSignalsBlocked {
 public:
  HostSignalsBlocked() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old_);
  }
  ~HostSignalsBlocked() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

// Adds to the queue; the caller has host signals blocked (or is the host handler).
void push(LinuxThread& t, int sig, const uint8_t* info) {
  bool realtime = sig >= 32;
  if (!realtime)
    for (int i = 0; i < t.queued; ++i)
      if (t.queue[static_cast<size_t>(i)].sig == sig) return;  // a standard signal is pending once
  if (t.queued == static_cast<int>(t.queue.size())) return;     // Linux's queue limit, in small
  LinuxThread::QueuedSignal& q = t.queue[static_cast<size_t>(t.queued++)];
  q.sig = sig;
  std::memcpy(q.info, info, sizeof q.info);
  t.signal_pending.store(true, std::memory_order_relaxed);
}

void remove_at(LinuxThread& t, int i) {
  for (int j = i + 1; j < t.queued; ++j) t.queue[static_cast<size_t>(j - 1)] = t.queue[static_cast<size_t>(j)];
  --t.queued;
}

// The lowest-numbered queued signal outside `mask` (the first queued of that number), or -1.
int first_deliverable(const LinuxThread& t, uint64_t mask) {
  int best = -1;
  for (int i = 0; i < t.queued; ++i) {
    int s = t.queue[static_cast<size_t>(i)].sig;
    if (mask & bit(s)) continue;
    if (best < 0 || s < t.queue[static_cast<size_t>(best)].sig) best = i;
  }
  return best;
}

// Where the host delivers a signal the guest has a handler for: queued on the guest thread this
// host thread runs, whose blocking host call, if the host kernel has not taken it yet, ends as
// not started, to be made again after the guest handler (interruptible_syscall.h).
// Async-signal-safe: no locks, no allocation.
void on_host_signal(int host_sig, siginfo_t* si, void* ucontext) {
  int saved_errno = errno;
  LinuxProcess* p = g_process;
  LinuxThread* t = LinuxProcess::current_thread();
  if (p && t && !t->exited) {
    int sig = p->abi.signal_to_guest(host_sig);
    if (sig) {
      uint8_t info[128] = {};
      p->isa.signals->siginfo_to_guest(reinterpret_cast<const uint8_t*>(si), sig, info);
      push(*t, sig, info);
      interrupt_syscall_before_it_blocks(ucontext);
    }
  }
  errno = saved_errno;
}

void mirror_mask(const LinuxProcess& p, uint64_t guest_mask) {
  uint64_t host = host_sigset(p, guest_mask);
  ::syscall(SYS_rt_sigprocmask, SIG_SETMASK, &host, nullptr, sizeof host);
}

// Synchronous signals: their handlers run for faults, through the engine's traps.
bool synchronous(int sig) {
  return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

// Where handlers without sa_restorer return: a page of the ISA's rt_sigreturn code, mapped once.
uint64_t sigreturn_code(LinuxProcess& p) {
  if (p.sigreturn_code) return p.sigreturn_code;
  const auto& code = p.isa.signals->sigreturn_code;
  mem::MapRequest req;
  req.name = "[sigpage]";
  int64_t at = p.memory.map(0, p.memory.page_size(), mem::kRead | mem::kWrite, req);
  if (at < 0) return 0;
  std::memcpy(gptr(static_cast<uint64_t>(at)), code.data(), code.size());
  p.memory.protect(static_cast<uint64_t>(at), p.memory.page_size(), mem::kRead | mem::kExec);
  p.sigreturn_code = static_cast<uint64_t>(at);
  return p.sigreturn_code;
}

// Sets the pc, in the instruction set the CPU is in (ARM or Thumb) where the ISA has more than one.
void set_pc_in_state(LinuxProcess& p, uint64_t pc) {
  cpu::Cpu& cpu = p.cpu();
  const SignalAbi& s = *p.isa.signals;
  cpu.set_pc(s.pc_in_current_state ? s.pc_in_current_state(cpu, pc) : pc);
}

// An interrupted syscall once it is known which handler runs (none: `act` null): restarted
// (pc back on the syscall instruction, its first argument back) or ended with EINTR. One the
// signal came before is always made again, as on Linux the handler would have run first.
void settle_interrupted(LinuxProcess& p, const GuestSigaction* act) {
  LinuxThread& t = p.thread();
  if (t.interrupted == LinuxThread::Interrupted::No) return;
  bool restart = !act || t.interrupted == LinuxThread::Interrupted::NotStarted ||
                 (t.interrupted == LinuxThread::Interrupted::Restartable && (act->flags & consts(p).sa_restart));
  cpu::Cpu& cpu = p.cpu();
  if (restart) {
    const SignalAbi& s = *p.isa.signals;
    cpu.set_reg(p.isa.arg_regs[0], t.restart_arg);
    set_pc_in_state(p, cpu.pc() - (s.current_syscall_insn_size ? s.current_syscall_insn_size(cpu) : s.syscall_insn_size));
  } else {
    cpu.set_reg(p.isa.ret_reg, static_cast<uint64_t>(-static_cast<int64_t>(p.abi.guest_errno(EINTR))));
  }
  t.interrupted = LinuxThread::Interrupted::No;
}

// The mask the thread had before a temporary one (rt_sigsuspend) comes back when no handler
// runs for it.
void drop_saved_mask(LinuxProcess& p) {
  LinuxThread& t = p.thread();
  if (!t.has_saved_mask) return;
  set_guest_mask(p, t.saved_mask);
  t.has_saved_mask = false;
}

// Enters the guest handler of `sig`: its frame below the stack it runs on, its mask, SA_RESETHAND.
// False when the frame cannot be written.
bool enter_handler(LinuxProcess& p, int sig, const uint8_t* info, uint64_t syndrome) {
  LinuxThread& t = p.thread();
  const GuestConstants& k = consts(p);
  const GuestSigaction act = p.sigactions[static_cast<size_t>(sig)];
  settle_interrupted(p, &act);
  cpu::Cpu& cpu = p.cpu();
  uint64_t sp = cpu.reg(p.isa.sp_reg);
  bool on_alt = on_alternate_stack(t, sp);
  bool alt_enabled = t.altstack_size && !(t.altstack_flags & k.ss_disable);
  SignalEntry e{};
  e.sig = sig;
  e.info = info;
  e.sp = (act.flags & k.sa_onstack) && alt_enabled && !on_alt ? t.altstack_sp + t.altstack_size : sp;
  e.handler = act.handler;
  e.sa_restorer = (act.flags & k.sa_restorer) && act.restorer;
  e.restorer = e.sa_restorer ? act.restorer : sigreturn_code(p);
  e.siginfo = act.flags & k.sa_siginfo;
  e.saved_mask = t.has_saved_mask ? t.saved_mask : t.sigmask;
  e.ss_sp = t.altstack_sp;
  e.ss_size = t.altstack_size;
  e.ss_flags = static_cast<uint32_t>(!alt_enabled ? k.ss_disable : on_alt ? k.ss_onstack : 0);
  e.fault_syndrome = syndrome;
  if (p.strace) {
    // The generic siginfo: si_code at 8 (every ISA polyrun runs), si_addr where the ISA has it.
    const SignalAbi& s = *p.isa.signals;
    int32_t code = static_cast<int32_t>(get_field(info, p.abi.field(8, 4, true)));
    uint64_t addr = get_field(info, p.abi.field(s.si_addr_offset, s.si_addr_size));
    p.strace->signal(sig, code, addr, syndrome != 0 || synchronous(sig));
  }
  if (!p.isa.signals->enter_handler(cpu, p.memory, e)) return false;
  if (t.altstack_flags & k.ss_autodisarm) {  // SS_AUTODISARM: off from each handler's entry
    t.altstack_sp = t.altstack_size = 0;
    t.altstack_flags = k.ss_disable;
  }
  uint64_t mask = t.sigmask | act.mask;
  if (!(act.flags & k.sa_nodefer)) mask |= bit(sig);
  set_guest_mask(p, mask);
  t.has_saved_mask = false;
  if (act.flags & k.sa_resethand) set_guest_action(p, sig, GuestSigaction{});
  return true;
}

void die_by(LinuxProcess& p, int sig) {
  p.exited = true;
  p.killed_by = sig;
}

}  // namespace

bool ignored_by_default(int sig) {
  return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

int64_t guest_signal_constant(const LinuxProcess& p, const char* name) {
  return lookup(p.abi.guest().signal_frame, name, 0);
}

uint64_t host_sigset(const LinuxProcess& p, uint64_t guest_set) {
  return p.abi.sigset_to_host(guest_set) & ~kPolyrunOwned;
}

bool on_alternate_stack(const LinuxThread& t, uint64_t sp) {
  return t.altstack_size && sp > t.altstack_sp && sp - t.altstack_sp <= t.altstack_size;
}

void block_host_signals() {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
}

void end_guest_signals() {
  block_host_signals();
  g_process = nullptr;
  LinuxProcess::current_thread() = nullptr;
}

void set_guest_mask(LinuxProcess& p, uint64_t mask) {
  LinuxThread& t = p.thread();
  mask &= ~kUnblockable;
  // (While a temporary mask is in place the host's may differ from t.sigmask: mirror anyway.)
  if (mask != t.sigmask || t.has_saved_mask) {
    t.sigmask = mask;
    mirror_mask(p, mask);
  }
  HostSignalsBlocked blocked;
  if (first_deliverable(t, t.sigmask) >= 0) t.signal_pending.store(true, std::memory_order_relaxed);
}

void set_guest_action(LinuxProcess& p, int sig, const GuestSigaction& act) {
  g_process = &p;
  p.sigactions[static_cast<size_t>(sig)] = act;
  int host = p.abi.signal_to_host(sig);
  if (!host || (bit(host) & kUnblockable)) return;
  bool caught = act.handler != kSigDfl && act.handler != kSigIgn;
  if (bit(host) & kPolyrunOwned) return;  // faults come through the engine's traps
  // SA_NOCLDSTOP and SA_NOCLDWAIT change what the host does with children: they follow.
  const GuestConstants& k = consts(p);
  uint64_t child_flags = ((act.flags & k.sa_nocldstop) ? SA_NOCLDSTOP : 0) | ((act.flags & k.sa_nocldwait) ? SA_NOCLDWAIT : 0);
  KernelSigaction h{};
  static const uint64_t host_sa_restorer = static_cast<uint64_t>(lookup(pr_kernel_abi_host.signal_frame, "SA_RESTORER"));
  h.flags = host_sa_restorer | child_flags;
  h.restorer = reinterpret_cast<uint64_t>(&polyrun_host_sigreturn);
  if (caught) {
    if (!p.sigreturn_code) sigreturn_code(p);
    h.handler = reinterpret_cast<uint64_t>(&on_host_signal);
    // No SA_RESTART: a host call the signal interrupts returns EINTR, and the guest's SA_RESTART
    // decides. Every host signal is blocked while the handler queues. (The raw call reaches the
    // real-time signals glibc keeps for itself, which guest threads use for their own purposes.)
    h.flags |= SA_SIGINFO;
    h.mask = ~0ull;
  } else {
    h.handler = act.handler == kSigIgn ? reinterpret_cast<uint64_t>(SIG_IGN) : reinterpret_cast<uint64_t>(SIG_DFL);
  }
  ::syscall(SYS_rt_sigaction, host, &h, nullptr, sizeof h.mask);
  // A handler for a signal that arrives asynchronously: the engine stops between blocks when one
  // is pending. (Other threads' engines already stop there.)
  if (caught && !synchronous(sig)) p.cpu().watch_interrupts(&p.thread().signal_pending);
}

void adopt_host_signal_state(LinuxProcess& p) {
  g_process = &p;
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

void queue_signal(LinuxThread& t, int sig, const uint8_t* info) {
  HostSignalsBlocked blocked;
  push(t, sig, info);
}

bool take_queued_signal(LinuxThread& t, uint64_t set, LinuxThread::QueuedSignal& out) {
  HostSignalsBlocked blocked;
  int i = first_deliverable(t, ~set);
  if (i < 0) return false;
  out = t.queue[static_cast<size_t>(i)];
  remove_at(t, i);
  return true;
}

uint64_t queued_signals(LinuxThread& t) {
  HostSignalsBlocked blocked;
  uint64_t set = 0;
  for (int i = 0; i < t.queued; ++i) set |= bit(t.queue[static_cast<size_t>(i)].sig);
  return set;
}

void deliver_signals(LinuxProcess& p) {
  LinuxThread& t = p.thread();
  LinuxThread::QueuedSignal q{};
  bool found = false;
  {
    HostSignalsBlocked blocked;
    t.signal_pending.store(false, std::memory_order_relaxed);
    int i = first_deliverable(t, t.sigmask);
    if (i >= 0) {
      q = t.queue[static_cast<size_t>(i)];
      remove_at(t, i);
      found = true;
      if (first_deliverable(t, t.sigmask) >= 0) t.signal_pending.store(true, std::memory_order_relaxed);
    }
  }
  // No handler runs: an interrupted syscall restarts, a temporary mask goes.
  auto no_handler = [&] {
    settle_interrupted(p, nullptr);
    drop_saved_mask(p);
  };
  if (!found) return no_handler();
  const GuestSigaction& act = p.sigactions[static_cast<size_t>(q.sig)];
  if (act.handler == kSigIgn || (act.handler == kSigDfl && ignored_by_default(q.sig))) return no_handler();
  // Under a debugger, gdb hears of the signal first and passes it on or drops it.
  if (p.debugger && !p.debugger->report(t, q.sig)) return no_handler();
  if (act.handler == kSigDfl) {  // the disposition changed after the signal was caught
    if (q.sig != SIGSTOP && q.sig != SIGTSTP && q.sig != SIGTTIN && q.sig != SIGTTOU) return die_by(p, q.sig);
    ::raise(SIGSTOP);
    return no_handler();
  }
  if (!enter_handler(p, q.sig, q.info, 0)) die_by(p, SIGSEGV);
}

bool deliver_fault(LinuxProcess& p, int sig, int code, const cpu::Trap& trap) {
  const GuestSigaction& act = p.sigactions[static_cast<size_t>(sig)];
  if (act.handler == kSigDfl || act.handler == kSigIgn || (p.thread().sigmask & bit(sig))) return false;
  uint8_t info[128] = {};
  // si_addr: the faulting address; none for what Linux reports as SI_KERNEL (a general protection
  // fault and its kin); else the instruction's.
  uint64_t addr = trap.pc;
  switch (trap.kind) {
    case cpu::TrapKind::MemoryFault: addr = trap.fault_addr; break;
    case cpu::TrapKind::AlignmentFault: addr = p.isa.alignment_fault_at_pc ? trap.pc : trap.fault_addr; break;
    case cpu::TrapKind::PrivilegedInstruction:
      if (sig == SIGILL) break;  // (LinuxIsa::privileged_sigill: the instruction's address)
      addr = 0;
      break;
    case cpu::TrapKind::ProtectionFault:
    case cpu::TrapKind::SoftwareInterrupt:
    case cpu::TrapKind::Overflow:
    case cpu::TrapKind::BoundRange: addr = 0; break;
    default: break;
  }
  if (code == guest_signal_constant(p, "SI_KERNEL")) addr = 0;  // (x86's int3: no address either)
  p.isa.signals->make_siginfo(sig, code, addr, info);
  set_pc_in_state(p, trap.pc);
  return enter_handler(p, sig, info, p.isa.signals->fault_syndrome(trap));
}

int64_t return_from_handler(LinuxProcess& p, bool rt) {
  LinuxThread& t = p.thread();
  uint64_t frame_sp = p.cpu().reg(p.isa.sp_reg);
  SignalReturn r{};
  const SignalAbi& s = *p.isa.signals;
  if (!(rt ? s.leave_handler : s.leave_old_handler)(p.cpu(), p.memory, r)) {
    // A frame Linux would refuse: the thread gets SIGSEGV, which it cannot handle here.
    die_by(p, SIGSEGV);
    p.cpu().stop();
    return 0;
  }
  set_guest_mask(p, r.mask);
  // The alternate stack comes back unless the thread is still running on it (Linux ignores a
  // refused change here); sigreturn's old frame has none.
  const GuestConstants& k = consts(p);
  if (rt && !on_alternate_stack(t, frame_sp)) {
    uint32_t mode = r.ss_flags & ~static_cast<uint32_t>(k.ss_autodisarm);
    if (mode == k.ss_disable) {
      t.altstack_sp = t.altstack_size = 0;
      t.altstack_flags = k.ss_disable;
    } else if (mode == 0 || mode == k.ss_onstack) {
      t.altstack_sp = r.ss_sp;
      t.altstack_size = r.ss_size;
      t.altstack_flags = r.ss_flags & static_cast<uint32_t>(k.ss_autodisarm);
    }
  }
  t.registers_restored = true;
  p.cpu().stop();  // the program counter changed under the engine: go on from a fresh run
  return 0;
}

uint64_t get_guest_sigset(const LinuxProcess& p, uint64_t addr) {
  const unsigned w = p.isa.word_size;
  uint64_t set = 0;
  for (unsigned i = 0; i * w < 8; ++i) set |= get_field(gptr(addr), p.abi.word(i * w)) << (8 * w * i);
  return set;
}

void put_guest_sigset(const LinuxProcess& p, uint64_t addr, uint64_t set) {
  const unsigned w = p.isa.word_size;
  for (unsigned i = 0; i * w < 8; ++i) put_field(gptr(addr), p.abi.word(i * w), set >> (8 * w * i));
}

}  // namespace polyrun::linux_abi
