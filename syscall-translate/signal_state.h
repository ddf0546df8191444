// The host side of a Linux guest's signal state. polyrun's own process carries the guest's signal
// mask and the signals the guest ignores (SIGSEGV and SIGBUS stay polyrun's, for fault reports),
// so that host signals aimed at the guest, children's SIGCHLD and EPIPE, and what a program
// started by execve inherits all follow the guest's settings.
#pragma once

#include "syscall-translate/linux_process.h"

namespace polyrun::linux_abi {

// At start-up: the guest inherits the host process's mask and ignored signals, as a program
// inherits them from the one that executed it.
void adopt_host_signal_state(LinuxProcess& p);

}  // namespace polyrun::linux_abi
