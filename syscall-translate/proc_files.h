// The /proc files that describe the guest rather than polyrun: its memory map, initial auxv,
// arguments, stat line, program (exe) and CPU (cpuinfo). Everything else under /proc is the
// host's, which is already right for the guest (descriptors, limits, status …) or cannot be
// anything else.
#pragma once

#include <cstdint>
#include <string>

#include "syscall-translate/linux_process.h"

namespace polyrun::linux_abi {

enum class ProcFile { None, Exe, Maps, Auxv, Cmdline, Stat, Cpuinfo };

// Which emulated file `path` (a host path, relative to dirfd) names: /proc/self/maps,
// /proc/<our pid>/maps, /proc/thread-self/maps, "maps" under a descriptor of /proc/self … The host
// kernel resolves the path, so every spelling is recognised; only a path whose last component is
// one of the emulated names costs that lookup. The last component of an exe path is not followed.
ProcFile proc_file_of(int dirfd, const std::string& path);

// openat: true when dirfd/path names an emulated file, with the descriptor or -errno (host terms)
// in `result`. exe opens the guest program; the others give a read-only descriptor on a memory
// file holding the contents made now. An exe opened with O_NOFOLLOW is the host's link.
bool proc_openat(LinuxProcess& p, int dirfd, const std::string& path, int host_flags, int64_t& result);

// readlinkat: true when dirfd/path is the exe link, with its target (the guest program).
bool proc_readlink(LinuxProcess& p, int dirfd, const std::string& path, std::string& target);

// For calls that follow the final link (stat, access, chmod, execve …): when dirfd/path is the
// exe link, makes them name the guest program instead.
void proc_follow_exe(LinuxProcess& p, int& dirfd, std::string& path);

// The contents of an emulated file other than exe, as Linux shows them for the guest.
std::string proc_file_contents(LinuxProcess& p, ProcFile f);

}  // namespace polyrun::linux_abi
