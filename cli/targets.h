// What polyrun runs, by target: the ISA-named entry points (polyrun-aarch64 … polyrun-win64, links
// to polyrun, which a build system's test runner can name per target) and what binfmt_misc
// matches of each (cli/binfmt.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "loader/format.h"

namespace polyrun::cli {

struct Target {
  const char* name;         // polyrun-NAME; the binfmt_misc entry's name is polyrun-NAME too
  const char* description;  // for messages: "aarch64 Linux"
  bool windows;             // a PE program (else an ELF one)
  Isa isa;
  // ELF: the header bytes binfmt_misc matches (class, byte order, e_machine).
  bool elf64 = false, big_endian = false;
  uint16_t e_machine = 0;
};

const std::vector<Target>& targets();
// The target an entry point's name (argv[0]'s base name) selects: "polyrun-aarch64" → aarch64;
// none for "polyrun" itself.
const Target* target_for_invocation(const std::string& argv0);
// Whether a program of this kind is the target's.
bool target_accepts(const Target& t, const loader::FileKind& kind);

}  // namespace polyrun::cli
