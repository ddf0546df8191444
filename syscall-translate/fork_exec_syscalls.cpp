// Child processes: fork, vfork, clone of a new process, execve, waiting for children.
#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

std::vector<SyscallDef> fork_exec_syscalls() { return {}; }

}  // namespace polyrun::linux_abi
