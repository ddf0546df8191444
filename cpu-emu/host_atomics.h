// Guest memory accessed with the host's atomic instructions, for the instructions of guest ISAs
// that the engine would translate as plain loads and stores (aarch64 exclusives, riscv LR/SC and
// AMOs) while engines of one process run at the same time. A host fault (the guest's address is
// not mapped, or not writable) makes the access "not done": the engine then executes the
// instruction itself and reports the guest's fault.
#pragma once

#include <cstdint>

namespace polyrun::cpu {

// An atomic load of 1, 2, 4, 8 or 16 bytes (out[1]: the upper half of 16). False: a host fault.
bool host_load(uint64_t addr, unsigned size, uint64_t out[2]);
// Stores `desired` where memory still holds `expected`, atomically. 1: stored; 0: the value was
// another (nothing stored); -1: a host fault.
int host_cas(uint64_t addr, unsigned size, const uint64_t expected[2], const uint64_t desired[2]);

}  // namespace polyrun::cpu
