#include "syscall-translate/syscall_table.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "common/fault_report.h"
#include "common/log.h"
#include "syscall-translate/interruptible_syscall.h"
#include "syscall-translate/strace.h"

namespace polyrun::linux_abi {

SyscallTable::SyscallTable(const KernelAbiMap& abi) : abi_(abi) {
  const pr_named_table& nums = abi.guest().sysnos;
  long long max = 0;
  for (unsigned i = 0; i < nums.count; ++i)
    if (nums.entries[i].value < static_cast<long long>(kDense)) max = std::max(max, nums.entries[i].value);
  size_t slots = static_cast<size_t>(max + 1);
  for (unsigned i = 0; i < nums.count; ++i)
    if (nums.entries[i].value >= static_cast<long long>(kDense))
      sparse_.emplace_back(static_cast<uint64_t>(nums.entries[i].value), slots++);
  table_.assign(slots, SyscallDef{nullptr, nullptr, nullptr});
  names_.assign(slots, nullptr);
  out_buffers_.assign(slots, 0);
  no_restart_.assign(slots, false);
  // What Linux never restarts after a handler ran, SA_RESTART or not (signal(7)): waits with a
  // timeout or a temporary mask, sleeps, and System V IPC waits.
  for (const char* n : {"rt_sigsuspend", "rt_sigtimedwait", "nanosleep", "clock_nanosleep", "poll", "ppoll",
                        "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2", "io_getevents",
                        "io_pgetevents", "msgrcv", "msgsnd", "semop", "semtimedop", "pause", "sigsuspend",
                        "rt_sigtimedwait_time64", "clock_nanosleep_time64", "ppoll_time64", "pselect6_time64",
                        "io_pgetevents_time64", "semtimedop_time64", "_newselect"}) {
    long nr = abi.sysno(n);
    if (nr >= 0) no_restart_[slot(static_cast<uint64_t>(nr))] = true;
  }
  for (unsigned i = 0; i < nums.count; ++i)
    if (nums.entries[i].value >= 0) names_[slot(static_cast<uint64_t>(nums.entries[i].value))] = nums.entries[i].name;
}

void SyscallTable::add(const std::vector<SyscallDef>& defs) {
  for (const auto& d : defs) {
    long nr = abi_.sysno(d.name);
    if (nr < 0) continue;  // this ISA has no such syscall (e.g. open on aarch64)
    const size_t i = slot(static_cast<uint64_t>(nr));
    table_[i] = d;
    uint8_t out = 0;
    if (const char* args = d.signature ? std::strchr(d.signature, ':') : nullptr)
      for (int k = 0; args[k + 1] && k < 6; ++k)
        if (args[k + 1] == 'B') out |= static_cast<uint8_t>(1u << k);
    out_buffers_[i] = out;
  }
}

const char* SyscallTable::name_of(uint64_t nr) const {
  const size_t i = slot(nr);
  return i < names_.size() && names_[i] ? names_[i] : "unknown";
}

int64_t SyscallTable::call(LinuxProcess& p, const char* name, uint64_t* a) const {
  const long nr = abi_.sysno(name);
  if (nr < 0) return -ENOSYS;
  const size_t i = slot(static_cast<uint64_t>(nr));
  if (i >= table_.size() || !table_[i].handler) return -ENOSYS;
  if (table_[i].shape) reshape(table_[i].shape, p.isa.pairs_aligned, p.isa.word_size, a);
  const int64_t r = table_[i].handler(p, a);
  if (r > 0 && out_buffers_[i])
    for (int k = 0; k < 6; ++k)
      if (out_buffers_[i] & (1u << k)) p.memory.host_wrote(a[k], static_cast<uint64_t>(r));
  return r;
}

void SyscallTable::dispatch(LinuxProcess& p) {
  cpu::Cpu& cpu = p.cpu();
  const LinuxIsa& isa = p.isa;
  uint64_t nr = cpu.reg(isa.nr_reg);
  uint64_t a[6];
  for (int i = 0; i < 6; ++i) a[i] = cpu.reg(isa.arg_regs[i]);
  const uint64_t first_reg = a[0];  // what a restart puts back (before the shape moved it)
  const SyscallDef* def = find(nr);
  if (def && def->shape) reshape(def->shape, isa.pairs_aligned, isa.word_size, a);
  const char* name = def ? def->name : name_of(nr);
  if (p.strace) p.strace->enter(p, name, def, a);
  int64_t r;
  if (def) {
    ServingGuestCall serving(name);
    try {
      r = def->handler(p, a);
    } catch (const std::logic_error& e) {  // polyrun's own bug (a null string, an index out of range)
      report_internal_error(e.what(), name);
    }
    // The host kernel filled `B` buffers with r bytes; code translated from them is stale.
    const uint8_t out = out_buffers_[slot(nr)];
    if (r > 0 && out)
      for (int i = 0; i < 6; ++i)
        if (out & (1u << i)) p.memory.host_wrote(a[i], static_cast<uint64_t>(r));
  } else {
    // A number the ISA's Linux 6.1 has no syscall for is ENOSYS from that kernel too (programs
    // probe newer calls such as fchmodat2 and fall back): said only at the debug level.
    if (reported_.insert(nr).second) {
      if (slot(nr) < names_.size() && names_[slot(nr)])
        log().warn("unimplemented syscall {} (number {}) returns ENOSYS", name, nr);
      else
        log().debug("syscall number {} is not one of Linux 6.1's: ENOSYS", nr);
    }
    r = -ENOSYS;
  }
  LinuxThread& t = p.thread();
  if ((r == -EINTR || r == kNotStarted) && !p.exited) {
    // A signal interrupted the host call: restarted or EINTR once the handler to run is known
    // (signal_state.h); or it came before the host call began: made again after the handler.
    // The result register keeps the first argument meanwhile.
    if (r == kNotStarted)
      t.interrupted = LinuxThread::Interrupted::NotStarted;
    else
      t.interrupted = no_restart_[slot(nr)] ? LinuxThread::Interrupted::NotAfterHandler : LinuxThread::Interrupted::Restartable;
    t.restart_arg = first_reg;
    if (p.strace) p.strace->leave(p, name, def, a, -abi_.guest_errno(EINTR));
    cpu.stop();
    return;
  }
  if (r < 0 && r > -4096) r = -abi_.guest_errno(static_cast<int>(-r));
  if (p.strace) p.strace->leave(p, name, def, a, r);
  if (t.registers_restored) {
    t.registers_restored = false;  // rt_sigreturn: every register is the frame's
  } else if (!p.exited) {
    cpu.set_reg(isa.ret_reg, static_cast<uint64_t>(r));
  }
  // A signal arrived meanwhile: deliver it before the next guest instruction.
  if (t.signal_pending.load(std::memory_order_relaxed)) cpu.stop();
}

void SyscallTable::reshape(const char* shape, bool pairs_aligned, unsigned word_size, uint64_t* a) {
  uint64_t regs[6];
  std::memcpy(regs, a, sizeof regs);
  const uint64_t word = word_size == 4 ? 0xffffffffu : ~0ull;
  const auto reg = [&](unsigned r) { return r < 6 ? regs[r] & word : 0; };
  unsigned r = 0;
  bool ended = false;  // arguments past the shape's end are zero
  for (int i = 0; i < 6; ++i) {
    ended = ended || !shape[i];
    switch (ended ? '0' : shape[i]) {
      case 'w': a[i] = reg(r++); break;
      case 's': a[i] = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(reg(r++)))); break;
      case 'L':
        if (pairs_aligned && (r & 1)) ++r;
        [[fallthrough]];
      case 'P': a[i] = reg(r) | reg(r + 1) << 32; r += 2; break;
      case 'H': a[i] = reg(r) << 32 | reg(r + 1); r += 2; break;
      case 'G': a[i] = reg(r++) << 12; break;
      case 'A': a[i] = static_cast<uint64_t>(static_cast<int64_t>(AT_FDCWD)); break;
      case 'R': a[i] = AT_REMOVEDIR; break;
      case 'N': a[i] = AT_SYMLINK_NOFOLLOW; break;
      default: a[i] = 0; break;
    }
  }
}

SyscallTable make_syscall_table(const KernelAbiMap& abi) {
  SyscallTable t(abi);
  std::vector<SyscallDef> all;
  for (auto family : {fs_syscalls, io_syscalls, memory_syscalls, process_syscalls, time_syscalls, signal_syscalls,
                      sync_syscalls, fork_exec_syscalls, poll_syscalls, socket_syscalls, inotify_syscalls}) {
    std::vector<SyscallDef> defs = family();
    all.insert(all.end(), defs.begin(), defs.end());
  }
  t.add(all);
  // Other names and argument shapes of the families' calls: the old calls, and the 32-bit ISA's.
  const auto add_aliases = [&](const std::vector<CompatAlias>& list) {
    std::vector<SyscallDef> aliases;
    for (const CompatAlias& c : list)
      for (const SyscallDef& d : all)
        if (std::strcmp(d.name, c.generic) == 0) aliases.push_back(SyscallDef{c.name, d.handler, d.signature, c.shape});
    t.add(aliases);
  };
  add_aliases(legacy_aliases());
  t.add(legacy_syscalls());
  if (abi.guest().word_size == 4) {
    add_aliases(compat32_aliases());
    t.add(compat32_syscalls());
  }
  return t;
}

}  // namespace polyrun::linux_abi
