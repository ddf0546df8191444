// An x86 32-bit segment descriptor, for the GDT the i386 backend keeps (segment bases come from
// descriptors in 32-bit mode) and for the engine probe. access 0xf3: present, DPL 3, data,
// writable, accessed.
#pragma once

#include <cstdint>

namespace polyrun::cpu {

inline uint64_t x86_descriptor(uint32_t base, uint32_t limit, uint8_t access = 0xf3) {
  bool pages = limit > 0xfffff;
  if (pages) limit >>= 12;
  uint64_t d = limit & 0xffff;
  d |= static_cast<uint64_t>(base & 0xffffff) << 16;
  d |= static_cast<uint64_t>(access) << 40;
  d |= static_cast<uint64_t>((limit >> 16) & 0xf) << 48;
  d |= static_cast<uint64_t>(pages ? 0xc : 0x4) << 52;
  d |= static_cast<uint64_t>(base >> 24) << 56;
  return d;
}

}  // namespace polyrun::cpu
