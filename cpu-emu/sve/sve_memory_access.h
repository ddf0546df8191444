// What SVE's loads and stores share (cpu-emu/sve/sve_memory*.cpp): base registers, element
// accesses that report the address a fault is taken at, extension of loaded elements, FFR.
//
// The fault address of an access is its first byte that cannot be accessed: the element's own
// address when it starts in an inaccessible page, the start of the next page when it crosses
// into one (qemu-user's convention, which programs see as the signal's si_addr).
#pragma once

#include <vector>

#include "cpu-emu/sve/sve_elements.h"

namespace polyrun::cpu::sve {

namespace mem {

// The page size that decides where a first-fault or non-fault load stops (qemu-user's aarch64
// target page).
constexpr uint64_t kPage = 4096;

// The address an access uses: the top byte ignored where bit 55 is clear (Linux gives programs
// TBI for their own half of the address space; qemu-user, the reference, leaves addresses with
// bit 55 set as they are).
inline uint64_t untag(uint64_t addr) { return addr & static_cast<uint64_t>(sext(addr, 56)); }

// The fault address qemu-user reports for an access it makes directly on the host (LD1R*,
// gathers): none (0) where the address is not canonical for the x86-64 host.
inline uint64_t host_fault_address(uint64_t fault) {
  return static_cast<uint64_t>(sext(fault, 48)) == fault ? fault : 0;
}

// Xn|SP, the base of every scalar-based address.
inline uint64_t base_reg(Context& c, unsigned n) { return n == 31 ? c.machine().sp() : c.machine().x(n); }
// Xm (31: XZR), an offset register.
inline uint64_t off_reg(Context& c, unsigned m) { return m == 31 ? 0 : c.machine().x(m); }

// Reads len bytes (at most 64); false with the first byte that cannot be read in `fault`.
inline bool read(Context& c, uint64_t addr, void* out, unsigned len, uint64_t& fault) {
  addr = untag(addr);
  uint64_t host_fault = 0;
  if (c.machine().read(addr, out, len, host_fault)) return true;
  uint8_t byte;
  for (unsigned k = 0; k < len; ++k)
    if (!c.machine().read(addr + k, &byte, 1, host_fault)) {
      fault = addr + k;
      return false;
    }
  fault = addr;
  return false;
}

// Whether len bytes can be accessed (a store checks every element before it writes any).
inline bool accessible(Context& c, uint64_t addr, unsigned len, uint64_t& fault) {
  uint8_t tmp[64];
  return read(c, addr, tmp, len, fault);
}

// Writes len bytes; false with the first byte that cannot be written.
inline bool write(Context& c, uint64_t addr, const void* in, unsigned len, uint64_t& fault) {
  addr = untag(addr);
  uint64_t host_fault = 0;
  if (c.machine().write(addr, in, len, host_fault)) return true;
  fault = host_fault < addr || host_fault >= addr + len ? addr : host_fault;
  return false;
}

// An msize-byte memory element, zero- or sign-extended.
inline uint64_t extend(const uint8_t* p, unsigned msize, bool is_signed) {
  uint64_t v = 0;
  std::memcpy(&v, p, msize);
  return is_signed ? static_cast<uint64_t>(sext(v, 8 * msize)) : v;
}

// FFR's bits from `from` (a bit index: element i of esize bytes is bit i*esize) to the end
// cleared: the elements a first-fault or non-fault load did not load.
inline void clear_ffr_from(Context& c, unsigned from) {
  uint8_t* ffr = c.ffr_w();
  for (unsigned k = from; k < c.vl(); ++k) set_pbit(ffr, k, false);
}

}  // namespace mem

// The memory group's encodings, by file.
void add_contiguous_load_encodings(std::vector<Encoding>& out);   // sve_memory_contiguous.cpp
void add_contiguous_store_encodings(std::vector<Encoding>& out);  // sve_memory_contiguous.cpp
void add_gather_scatter_encodings(std::vector<Encoding>& out);    // sve_memory_gather.cpp

}  // namespace polyrun::cpu::sve
