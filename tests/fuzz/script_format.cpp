// What a file is from its first bytes (loader/format.cpp: ELF class, byte order and machine, PE
// headers, scripts) and a script's "#!" line as execve reads it: never a crash, and the line's
// interpreter is one word without blanks, its argument without trailing blanks.
#include "common/error.h"
#include "loader/format.h"
#include "tests/fuzz/fuzz_target.h"

using namespace polyrun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    loader::FileKind kind = loader::identify_bytes(data, size);
    POLYRUN_FUZZ_CHECK(!kind.description.empty(), "no description");
  } catch (const UserError&) {
  }
  // execve reads at most 256 bytes of a script's first line.
  size_t head = std::min<size_t>(size, 256);
  if (auto line = loader::read_script_line(reinterpret_cast<const char*>(data), head)) {
    POLYRUN_FUZZ_CHECK(!line->interpreter.empty(), "empty interpreter");
    POLYRUN_FUZZ_CHECK(line->interpreter.find_first_of(" \t\n") == std::string::npos, "blank in the interpreter");
    POLYRUN_FUZZ_CHECK(line->argument.find('\n') == std::string::npos, "argument past the line");
    POLYRUN_FUZZ_CHECK(line->argument.empty() || (line->argument.back() != ' ' && line->argument.back() != '\t'),
                       "trailing blank in the argument");
  }
  return 0;
}
