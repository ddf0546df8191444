// Waiting on descriptors: poll, ppoll, select, pselect6, epoll, eventfd.
#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

std::vector<SyscallDef> poll_syscalls() { return {}; }

}  // namespace polyrun::linux_abi
