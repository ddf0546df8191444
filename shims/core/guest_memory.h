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

// The process's memory for the table readers written over any memory (core/unwind_x64.h,
// core/delay_import_table.h: read<T>, write<T>, copy), where a bad address faults as the program's
// access violation.
struct GuestAccess {
  template <typename T>
  T read(uint64_t a) const {
    return get<T>(a);
  }
  template <typename T>
  void write(uint64_t a, T v) const {
    std::memcpy(guest_pointer(a), &v, sizeof v);
  }
  void copy(uint64_t to, uint64_t from, size_t n) const { std::memcpy(guest_pointer(to), guest_pointer(from), n); }
};

}  // namespace polyrun::shims
