// KERNEL32's atom tables (kernel32/atoms.cpp): the global one, which on Windows USER32's window
// classes, registered messages and clipboard formats share (their string atoms 0xC000-0xFFFF),
// and the process's local one.
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

// The global table's string atoms: added (a reference more), found (0: none) and named (false: no
// such atom), names compared without case.
uint16_t global_atom_add(WindowsProcess& p, const std::u16string& name);
uint16_t global_atom_find(WindowsProcess& p, const std::u16string& name);
bool global_atom_name(WindowsProcess& p, uint16_t atom, std::u16string& name);

}  // namespace polyrun::shims
