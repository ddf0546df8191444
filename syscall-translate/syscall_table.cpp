#include "syscall-translate/syscall_table.h"

#include <cerrno>
#include <cstring>

#include "common/log.h"
#include "syscall-translate/interruptible_syscall.h"
#include "syscall-translate/strace.h"

namespace polyrun::linux_abi {

SyscallTable::SyscallTable(const KernelAbiMap& abi) : abi_(abi) {
  const pr_named_table& nums = abi.guest().sysnos;
  long long max = 0;
  for (unsigned i = 0; i < nums.count; ++i) max = std::max(max, nums.entries[i].value);
  table_.assign(static_cast<size_t>(max + 1), SyscallDef{nullptr, nullptr, nullptr});
  names_.assign(static_cast<size_t>(max + 1), nullptr);
  out_buffers_.assign(static_cast<size_t>(max + 1), 0);
  no_restart_.assign(static_cast<size_t>(max + 1), false);
  // What Linux never restarts after a handler ran, SA_RESTART or not (signal(7)): waits with a
  // timeout or a temporary mask, sleeps, and System V IPC waits.
  for (const char* n : {"rt_sigsuspend", "rt_sigtimedwait", "nanosleep", "clock_nanosleep", "poll", "ppoll",
                        "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2", "io_getevents",
                        "io_pgetevents", "msgrcv", "msgsnd", "semop", "semtimedop", "pause"}) {
    long nr = abi.sysno(n);
    if (nr >= 0) no_restart_[static_cast<size_t>(nr)] = true;
  }
  for (unsigned i = 0; i < nums.count; ++i)
    if (nums.entries[i].value >= 0) names_[static_cast<size_t>(nums.entries[i].value)] = nums.entries[i].name;
}

void SyscallTable::add(const std::vector<SyscallDef>& defs) {
  for (const auto& d : defs) {
    long nr = abi_.sysno(d.name);
    if (nr < 0) continue;  // this ISA has no such syscall (e.g. open on aarch64)
    table_[static_cast<size_t>(nr)] = d;
    uint8_t out = 0;
    if (const char* args = d.signature ? std::strchr(d.signature, ':') : nullptr)
      for (int i = 0; args[i + 1] && i < 6; ++i)
        if (args[i + 1] == 'B') out |= static_cast<uint8_t>(1u << i);
    out_buffers_[static_cast<size_t>(nr)] = out;
  }
}

const char* SyscallTable::name_of(uint64_t nr) const {
  return nr < names_.size() && names_[nr] ? names_[nr] : "unknown";
}

void SyscallTable::dispatch(LinuxProcess& p) {
  cpu::Cpu& cpu = p.cpu();
  const LinuxIsa& isa = p.isa;
  uint64_t nr = cpu.reg(isa.nr_reg);
  uint64_t a[6];
  for (int i = 0; i < 6; ++i) a[i] = cpu.reg(isa.arg_regs[i]);
  const SyscallDef* def = find(nr);
  const char* name = def ? def->name : name_of(nr);
  if (p.strace) p.strace->enter(p, name, def, a);
  int64_t r;
  if (def) {
    r = def->handler(p, a);
    // The host kernel filled `B` buffers with r bytes; code translated from them is stale.
    if (r > 0 && out_buffers_[nr])
      for (int i = 0; i < 6; ++i)
        if (out_buffers_[nr] & (1u << i)) p.memory.host_wrote(a[i], static_cast<uint64_t>(r));
  } else {
    // A number the ISA's Linux 6.1 has no syscall for is ENOSYS from that kernel too (programs
    // probe newer calls such as riscv_hwprobe and fall back): said only at the debug level.
    if (reported_.insert(nr).second) {
      if (nr < names_.size() && names_[nr])
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
      t.interrupted = no_restart_[nr] ? LinuxThread::Interrupted::NotAfterHandler : LinuxThread::Interrupted::Restartable;
    t.restart_arg = a[0];
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

SyscallTable make_syscall_table(const KernelAbiMap& abi) {
  SyscallTable t(abi);
  t.add(fs_syscalls());
  t.add(io_syscalls());
  t.add(memory_syscalls());
  t.add(process_syscalls());
  t.add(time_syscalls());
  t.add(signal_syscalls());
  t.add(sync_syscalls());
  t.add(fork_exec_syscalls());
  t.add(poll_syscalls());
  t.add(socket_syscalls());
  return t;
}

}  // namespace polyrun::linux_abi
