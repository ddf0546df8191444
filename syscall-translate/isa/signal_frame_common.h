// What the signal frames of 64-bit ISAs share (isa/<isa>_signal.cpp): frame constants from the
// ISA's kernel ABI table, typed stores into and loads from the frame, and the generic 64-bit
// siginfo (si_signo, si_errno, si_code, then the union at 16 with si_addr first for faults), which
// is also the host's (x86-64) layout.
#pragma once

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "syscall-translate/kernel_abi/kernel_abi.h"
#include "syscall-translate/kernel_abi_map.h"

namespace polyrun::linux_abi::sigframe {

// A constant the frame code cannot do without ("sizeof ucontext", "sigcontext.pc" …).
inline uint64_t need(const pr_kernel_abi& abi, const char* name) {
  long long v = lookup(abi.signal_frame, name, -1);
  if (v < 0) throw std::logic_error(std::string(abi.name) + " kernel ABI table lacks " + name);
  return static_cast<uint64_t>(v);
}

template <typename T>
void put(uint64_t addr, T v) {
  std::memcpy(reinterpret_cast<void*>(addr), &v, sizeof v);
}
template <typename T>
T get(uint64_t addr) {
  T v;
  std::memcpy(&v, reinterpret_cast<const void*>(addr), sizeof v);
  return v;
}

// The 64-bit stack_t of uc_stack: ss_sp, ss_flags, ss_size.
inline void put_stack(uint64_t at, uint64_t sp, uint32_t flags, uint64_t size) {
  put<uint64_t>(at, sp);
  put<uint32_t>(at + 8, flags);
  put<uint64_t>(at + 16, size);
}
inline void get_stack(uint64_t at, uint64_t& sp, uint32_t& flags, uint64_t& size) {
  sp = get<uint64_t>(at);
  flags = get<uint32_t>(at + 8);
  size = get<uint64_t>(at + 16);
}

// The host's siginfo as the guest's, renumbered.
inline void siginfo64_to_guest(unsigned size, const uint8_t* host, int guest_sig, uint8_t* guest) {
  std::memcpy(guest, host, size);
  int32_t s = guest_sig;
  std::memcpy(guest, &s, 4);
}

// A siginfo for a fault or a signal polyrun raises: the code and, for faults, the address.
inline void make_siginfo64(unsigned size, int guest_sig, int code, uint64_t addr, uint8_t* guest) {
  std::memset(guest, 0, size);
  int32_t s = guest_sig, c = code;
  std::memcpy(guest, &s, 4);
  std::memcpy(guest + 8, &c, 4);
  std::memcpy(guest + 16, &addr, 8);
}

}  // namespace polyrun::linux_abi::sigframe
