// What the PE targets (pe_loader, pe_unwind) share: the guest windows polyrun gives PE programs
// (shims/core/windows_isa_x64.cpp and windows_isa_i386.cpp: images go at their preferred base
// where that is free and below the limit, else are relocated into the window), and whether an
// input is a PE file at all.
#pragma once

#include "common/error.h"
#include "loader/format.h"
#include "memory/address_space.h"
#include "tests/fuzz/fuzz_target.h"

namespace polyrun::fuzz {

struct Window {
  mem::Layout layout;
  uint64_t limit;
};
constexpr Window kWindow64{{4096, 0x110000000000ull, 0x1f0000000000ull}, 0x200000000000ull};
constexpr Window kWindow32{{4096, 0x01000000ull, 0x70000000ull}, 0x70000000ull};

inline bool is_pe(const InputFile& file) {
  try {
    return loader::identify(file.path(), file.fd()).format == loader::Format::Pe;
  } catch (const UserError&) {
    return false;
  }
}

}  // namespace polyrun::fuzz
