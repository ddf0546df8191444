// The process's current directory as RTL_USER_PROCESS_PARAMETERS holds it (ntdll/current_directory.cpp):
// CurrentDirectory's DosPath (the directory with a final '\') and Handle (a handle on the directory,
// which programs open relative names against: Zig's and Rust's standard libraries).
#pragma once

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_current_directory {

// The parameters' CurrentDirectory made the host's current directory after a change of directory:
// its path, and a new handle on it, the old one closed (core/windows_guest.h).
void sync(WindowsProcess& p);

}  // namespace polyrun::shims::ntdll_current_directory
