// CPU exceptions an ISA's UnicornIsa::classify leaves as InterruptMeaning::Other: what each one
// means as a Trap.
#pragma once

#include <unicorn/unicorn.h>

#include <cstdint>

#include "cpu-emu/cpu.h"

namespace polyrun::cpu {

// Per ISA, for UnicornIsa::describe_exception: fills t.kind (and t.code, t.fault_addr, t.access
// where the kind has them) for exception `intno` that the engine raised, and moves the engine's pc
// to the trap's pc (the hook reads the pc afterwards). False: the number is none the engine raises
// for user code (the hook reports an engine error).
bool describe_x86_exception(uc_engine* uc, uint32_t intno, Trap& t);  // x86_unicorn.cpp
bool describe_aarch64_exception(uc_engine* uc, uint32_t intno, Trap& t);  // aarch64_exceptions.cpp

}  // namespace polyrun::cpu
