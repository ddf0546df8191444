// The condition codes of the ARM architectures (A32's and A64's alike), for the instructions
// polyrun executes itself (arm_exclusive.cpp, aarch64_sve_engine.cpp).
#pragma once

#include <cstdint>

namespace polyrun::cpu {

// ConditionPassed for `cond` (4 bits) on NZCV in bits 31:28 of `flags` (1110 and 1111: always).
inline bool cond_passed(uint32_t cond, uint64_t flags) {
  const bool n = flags >> 31 & 1, z = flags >> 30 & 1, c = flags >> 29 & 1, v = flags >> 28 & 1;
  bool r;
  switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: return true;
  }
  return (cond & 1) && cond != 0xf ? !r : r;
}

}  // namespace polyrun::cpu
