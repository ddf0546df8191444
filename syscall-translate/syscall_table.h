// The guest's syscall table: guest number -> handler, filled by name from the syscall families
// (one file per family) and numbered from the guest ISA's generated kernel ABI tables.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "syscall-translate/linux_process.h"

namespace polyrun::linux_abi {

// A handler gets the six raw argument registers and returns the result, or -errno in host terms.
using SyscallHandler = int64_t (*)(LinuxProcess& p, const uint64_t* a);

struct SyscallDef {
  const char* name;
  SyscallHandler handler;
  // How --strace shows it: "<ret>:<args>", one letter each (see strace.cpp).
  const char* signature;
};

class SyscallTable {
 public:
  explicit SyscallTable(const KernelAbiMap& abi);

  // Registers handlers by name; names the guest ISA lacks are skipped.
  void add(const std::vector<SyscallDef>& defs);

  // Serves one syscall from the CPU's registers, writing the result back.
  void dispatch(LinuxProcess& p);

  const SyscallDef* find(uint64_t nr) const { return nr < table_.size() && table_[nr].handler ? &table_[nr] : nullptr; }
  // The guest ISA's name of a syscall number ("unknown" if none).
  const char* name_of(uint64_t nr) const;

 private:
  const KernelAbiMap& abi_;
  std::vector<SyscallDef> table_;
  std::vector<const char*> names_;
  std::vector<uint8_t> out_buffers_;  // per number: bit i set when argument i is a `B` buffer
  std::vector<bool> no_restart_;      // per number: EINTR once a handler ran, whatever SA_RESTART says
  std::unordered_set<uint64_t> reported_;
};

// The families, one file each.
std::vector<SyscallDef> fs_syscalls();
std::vector<SyscallDef> io_syscalls();
std::vector<SyscallDef> memory_syscalls();
std::vector<SyscallDef> process_syscalls();
std::vector<SyscallDef> time_syscalls();
std::vector<SyscallDef> signal_syscalls();
std::vector<SyscallDef> sync_syscalls();
std::vector<SyscallDef> fork_exec_syscalls();
std::vector<SyscallDef> poll_syscalls();
std::vector<SyscallDef> socket_syscalls();

// A table with every family registered.
SyscallTable make_syscall_table(const KernelAbiMap& abi);

}  // namespace polyrun::linux_abi
