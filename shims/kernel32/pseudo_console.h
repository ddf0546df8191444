// KERNEL32's pseudo consoles (kernel32/pseudo_console.cpp), as CreateProcess uses them.
#pragma once

#include <cstdint>

namespace polyrun::shims {

// The host terminal (the pseudo-terminal's program side) of the pseudo console `hpc`, -1 if none.
int pseudo_console_terminal(uint64_t hpc);

}  // namespace polyrun::shims
