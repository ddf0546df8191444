// Reading and writing guest memory from shims: guest memory is host memory at the same address.
#pragma once

#include <cstdint>
#include <cstring>

#include "common/fault_report.h"

namespace polyrun::shims {

// The address as a pointer. The empty asm hides where the integer came from, so the compiler's
// object-size reasoning does not mistake a guest address for an offset from NULL.
inline void* guest_pointer(uint64_t addr) {
  asm("" : "+r"(addr));
  return reinterpret_cast<void*>(addr);
}

// Stores v at addr; a NULL address is skipped (optional out-parameters).
template <typename T>
void put(uint64_t addr, T v) {
  if (addr) std::memcpy(guest_pointer(addr), &v, sizeof v);
}

// Loads a T from addr; a NULL address faults as a bad guest pointer does (never a null pointer
// handed to memcpy).
template <typename T>
T get(uint64_t addr) {
  if (!addr) touch_guest_byte(addr);
  T v;
  std::memcpy(&v, guest_pointer(addr), sizeof v);
  return v;
}

}  // namespace polyrun::shims
