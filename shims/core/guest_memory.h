// Reading and writing guest memory from shims: guest memory is host memory at the same address.
#pragma once

#include <cstddef>
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

// A bad guest pointer met by the accessors below while a DLL function serves the program
// (dispatch_host_call): thrown, so that what the function made on its way — strings, references,
// locks — is unwound, and turned there into the program's access violation. Outside such a call
// (and inside guest code a function runs: WindowsProcess::call_guest) the accessors fault as any
// host access does, and the fault recovery that is set decides.
struct GuestMemoryFault {
  uint64_t addr;
  bool write;
};

// Whether a bad guest pointer throws GuestMemoryFault on this thread; set for its scope.
class GuestFaultsThrow {
 public:
  explicit GuestFaultsThrow(bool on);
  ~GuestFaultsThrow();
  GuestFaultsThrow(const GuestFaultsThrow&) = delete;
  GuestFaultsThrow& operator=(const GuestFaultsThrow&) = delete;

 private:
  bool outer_;
};

// Copies n bytes to or from guest memory (guest_addr is the guest's end of the copy, `write`
// whether it is the destination).
void copy_guest(void* to, const void* from, size_t n, uint64_t guest_addr, bool write);

// Stores v at addr; a NULL address is skipped (optional out-parameters).
template <typename T>
void put(uint64_t addr, T v) {
  if (addr) copy_guest(guest_pointer(addr), &v, sizeof v, addr, true);
}

// Loads a T from addr; a NULL address is a bad guest pointer (never a null pointer handed to
// memcpy).
template <typename T>
T get(uint64_t addr) {
  T v;
  copy_guest(&v, guest_pointer(addr), sizeof v, addr, false);
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
    copy_guest(guest_pointer(a), &v, sizeof v, a, true);
  }
  void copy(uint64_t to, uint64_t from, size_t n) const {
    if (!n) return;
    if (!from) get<uint8_t>(from);
    copy_guest(guest_pointer(to), guest_pointer(from), n, to, true);
  }
};

}  // namespace polyrun::shims
