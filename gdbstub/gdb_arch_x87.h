// The x87 registers as gdb's i386 and amd64 core features list them, shared by both.
#pragma once

#include <vector>

#include "gdbstub/gdb_arch.h"

namespace polyrun::gdb {

// Appends st0–st7 (ST(i): the physical register (TOP + i) mod 8, 80 bits), fctrl, fstat, ftag,
// fiseg, fioff, foseg, fooff and fop.
void add_x87_registers(std::vector<RegisterDesc>& r);

}  // namespace polyrun::gdb
