#include "syscall-translate/syscall_table.h"

#include <cerrno>
#include <cstring>

#include "common/log.h"
#include "syscall-translate/strace.h"

namespace polyrun::linux_abi {

SyscallTable::SyscallTable(const KernelAbiMap& abi) : abi_(abi) {
  const pr_named_table& nums = abi.guest().sysnos;
  long long max = 0;
  for (unsigned i = 0; i < nums.count; ++i) max = std::max(max, nums.entries[i].value);
  table_.assign(static_cast<size_t>(max + 1), SyscallDef{nullptr, nullptr, nullptr});
  names_.assign(static_cast<size_t>(max + 1), nullptr);
  out_buffers_.assign(static_cast<size_t>(max + 1), 0);
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
    if (reported_.insert(nr).second)
      log().warn("unimplemented syscall {} (number {}) returns ENOSYS", name, nr);
    r = -ENOSYS;
  }
  if (r < 0 && r > -4096) r = -abi_.guest_errno(static_cast<int>(-r));
  if (p.strace) p.strace->leave(p, name, def, a, r);
  if (!p.exited) cpu.set_reg(isa.ret_reg, static_cast<uint64_t>(r));
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
