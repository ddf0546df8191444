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
  // 32-bit ISAs: how the handler's arguments come from the argument registers, one letter an
  // argument (null: register i is argument i): w a register, s a register sign-extended, L a
  // 64-bit value in a register pair (low word first; on ISAs whose pairs are aligned it starts at
  // an even register), P a pair never aligned (preadv's pos_l, pos_h), H a pair high word first
  // (_llseek), G a register counting 4096-byte pages (mmap2's offset), 0 a zero, A AT_FDCWD, R
  // AT_REMOVEDIR, N AT_SYMLINK_NOFOLLOW (the old calls without a directory argument).
  const char* shape = nullptr;
};

// A 32-bit ISA's name for a call the families implement under another name or with its arguments
// in other registers (truncate64 is truncate with the length in a pair): compat32_syscalls.cpp.
struct CompatAlias {
  const char* name;     // the 32-bit ISA's name
  const char* generic;  // the family's handler
  const char* shape;    // SyscallDef::shape
};
std::vector<CompatAlias> compat32_aliases();
// The old calls (open, stat, unlink …) that ISAs older than the generic table (arm, i386, s390x)
// still have: the *at calls with AT_FDCWD (legacy_syscalls.cpp). Registered for every ISA; those
// without the names skip them.
std::vector<CompatAlias> legacy_aliases();
std::vector<SyscallDef> legacy_syscalls();
// mmap as the old mmap of the ISAs whose mmap it is (LinuxIsa::old_mmap).
std::vector<SyscallDef> old_mmap_syscalls();

class SyscallTable {
 public:
  explicit SyscallTable(const KernelAbiMap& abi);

  // Registers handlers by name; names the guest ISA lacks are skipped.
  void add(const std::vector<SyscallDef>& defs);

  // Serves one syscall from the CPU's registers, writing the result back.
  void dispatch(LinuxProcess& p);

  const SyscallDef* find(uint64_t nr) const {
    const size_t i = slot(nr);
    return i < table_.size() && table_[i].handler ? &table_[i] : nullptr;
  }
  // The guest ISA's name of a syscall number ("unknown" if none).
  const char* name_of(uint64_t nr) const;

  // Calls the handler registered under the guest ISA's `name` with arguments as the registers
  // would hold them (shaped, output buffers noted as dispatch does), for a multiplexer (i386's
  // socketcall). -ENOSYS when the ISA has no handler of that name.
  int64_t call(LinuxProcess& p, const char* name, uint64_t* a) const;

 private:
  // Where number nr's entries are: numbers below kDense index the vectors directly; the few above
  // (ARM's private syscalls at 0x0f0001 …) have slots after them. table_.size() for none.
  static constexpr uint64_t kDense = 4096;
  size_t slot(uint64_t nr) const {
    if (nr < kDense) return static_cast<size_t>(nr);
    for (const auto& [n, i] : sparse_)
      if (n == nr) return i;
    return table_.size();
  }

  // The handler's arguments from the registers a[0..5] as `shape` says (SyscallDef::shape).
  static void reshape(const char* shape, bool pairs_aligned, unsigned word_size, uint64_t* a);

  const KernelAbiMap& abi_;
  std::vector<std::pair<uint64_t, size_t>> sparse_;
  std::vector<SyscallDef> table_;  // by slot
  std::vector<const char*> names_;
  std::vector<uint8_t> out_buffers_;  // per slot: bit i set when argument i is a `B` buffer
  std::vector<bool> no_restart_;      // per slot: EINTR once a handler ran, whatever SA_RESTART says
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
std::vector<SyscallDef> inotify_syscalls();
// A big-endian guest's read of an inotify descriptor: the records' integers in its order (looked
// for once the process has made one).
bool inotify_descriptors_made();
void swap_inotify_events(uint8_t* buf, uint64_t len);
// 32-bit ISAs: their own calls (the *64 and _time64 ones, register pairs) and the 32-bit forms of
// the calls whose structs differ, registered after the others (compat32_syscalls.cpp).
std::vector<SyscallDef> compat32_syscalls();

// A table with every family registered.
SyscallTable make_syscall_table(const KernelAbiMap& abi);

}  // namespace polyrun::linux_abi
