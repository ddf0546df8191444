// The initial process stack exactly as Linux builds it (fs/binfmt_elf.c create_elf_tables):
//   at the top: the program's file name (AT_EXECFN), the environment strings, the argument strings,
//   the platform string (AT_PLATFORM), 16 random bytes (AT_RANDOM); below them, 16-byte aligned:
//   argc, argv[], NULL, envp[], NULL, auxv pairs ending with AT_NULL, in words of the guest's width and
//   byte order. The stack pointer points at argc.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "memory/address_space.h"

namespace polyrun::loader {

struct AuxEntry {
  uint64_t type;
  uint64_t value;
};

struct StackRequest {
  std::vector<std::string> argv;
  std::vector<std::string> envp;
  std::string execfn;
  std::string platform;            // empty: no AT_PLATFORM
  std::vector<AuxEntry> auxv;      // AT_RANDOM, AT_EXECFN, AT_PLATFORM and AT_NULL are added here
  std::array<uint8_t, 16> random{};
  unsigned word_size = 8;   // the guest's pointer width in bytes (4: 32-bit ISAs)
  bool big_endian = false;  // the guest's byte order for the words
};

struct InitialStack {
  uint64_t sp = 0;
  uint64_t argv_strings = 0, argv_strings_end = 0;  // the argument strings (for /proc/self/cmdline)
  uint64_t env_strings = 0, env_strings_end = 0;    // the environment strings, just above them
  uint64_t auxv = 0, auxv_size = 0;                 // the auxv block (for /proc/self/auxv)
};

// Writes the initial stack below `top` (which must be mapped read-write). Throws UserError if it
// does not fit in `limit` bytes.
InitialStack build_initial_stack(mem::AddressSpace& memory, uint64_t top, uint64_t limit,
                                 const StackRequest& req);

}  // namespace polyrun::loader
