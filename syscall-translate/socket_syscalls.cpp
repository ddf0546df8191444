// Sockets: AF_UNIX and AF_INET/AF_INET6 through the host's sockets.
#include "syscall-translate/guest_access.h"
#include "syscall-translate/syscall_table.h"

namespace polyrun::linux_abi {

std::vector<SyscallDef> socket_syscalls() { return {}; }

}  // namespace polyrun::linux_abi
