// The host kernel's 32-bit entry (x86-64's `int 0x80`), for the few calls whose answer Linux gives
// a 32-bit task differently from a 64-bit one although the struct is the same: ext4's directory
// offsets are 31-bit hashes for a 32-bit task (getdents64's d_off, telldir), 63-bit for a 64-bit
// one, and a 32-bit C library without large-file support fails readdir with EOVERFLOW on the
// latter. Buffers must lie below 4 GiB (a 32-bit guest's window does).
#pragma once

#include <cstdint>

namespace polyrun::linux_abi {

// True when the host takes 32-bit calls from a 64-bit process (IA32 emulation configured and not
// disabled at boot); probed once, in a child process.
bool host_has_compat_entry();

// A call through the 32-bit entry by its i386 syscall name (numbers from the generated i386
// table): the result, or -errno. Only meaningful when host_has_compat_entry().
int64_t compat_entry_syscall(const char* i386_name, uint32_t a0, uint32_t a1, uint32_t a2);

}  // namespace polyrun::linux_abi
