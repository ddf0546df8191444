// An aarch64 engine's general registers by their number in an instruction's register field, for
// the instructions polyrun executes itself (aarch64_exclusive.cpp, aarch64_lse.cpp).
#pragma once

#include <unicorn/unicorn.h>

#include <cstdint>

namespace polyrun::cpu::a64_engine {

inline int xreg(unsigned n) {
  if (n <= 28) return UC_ARM64_REG_X0 + static_cast<int>(n);
  return n == 29 ? UC_ARM64_REG_X29 : UC_ARM64_REG_X30;
}

// Rt, Rs …: 31 is the zero register.
inline uint64_t read_x(uc_engine* uc, unsigned n) {
  uint64_t v = 0;
  if (n < 31) uc_reg_read(uc, xreg(n), &v);
  return v;
}

inline void write_x(uc_engine* uc, unsigned n, uint64_t v) {
  if (n < 31) uc_reg_write(uc, xreg(n), &v);
}

// Rn of a load or store: 31 is sp.
inline uint64_t base_reg(uc_engine* uc, unsigned n) {
  uint64_t v = 0;
  uc_reg_read(uc, n == 31 ? UC_ARM64_REG_SP : xreg(n), &v);
  return v;
}

}  // namespace polyrun::cpu::a64_engine
