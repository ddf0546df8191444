// Guest memory accessed with the host's atomic instructions, for the instructions of guest ISAs
// that the engine would translate as plain loads and stores (aarch64 exclusives, riscv LR/SC and
// AMOs, s390x's compare-and-swap family and interlocked-access instructions) while engines of one
// process run at the same time. A host fault (the guest's address is not mapped, or not
// writable) makes the access "not done": the engine then executes the instruction itself and
// reports the guest's fault.
#pragma once

#include <cstdint>

namespace polyrun::cpu {

// An atomic load of 1, 2, 4, 8 or 16 bytes (out[1]: the upper half of 16). False: a host fault.
bool host_load(uint64_t addr, unsigned size, uint64_t out[2]);
// Stores `desired` where memory still holds `expected`, atomically. 1: stored; 0: the value was
// another (nothing stored); -1: a host fault.
int host_cas(uint64_t addr, unsigned size, const uint64_t expected[2], const uint64_t desired[2]);
// host_cas that also tells what memory held: on 0, `expected` is that value (read atomically
// with the comparison).
int host_cmpxchg(uint64_t addr, unsigned size, uint64_t expected[2], const uint64_t desired[2]);

// A read-modify-write of 1, 2, 4 or 8 bytes with one locked host instruction: memory becomes
// `operand` combined with what it held (bitwise operations mean the same on the bytes in either
// byte order), and `old` what it held. False: a host fault.
enum class HostOp { And, Or, Xor, Exchange };
bool host_fetch_op(uint64_t addr, unsigned size, HostOp op, uint64_t operand, uint64_t& old);

}  // namespace polyrun::cpu
