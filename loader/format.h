// Recognises what a program file is from its first bytes: ELF (class, machine, type), PE, a script.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/isa.h"

namespace polyrun::loader {

enum class Format { Elf, Pe, Script, Unknown };

struct FileKind {
  Format format = Format::Unknown;
  std::optional<Isa> isa;   // set when polyrun knows the machine
  bool is64 = false;
  bool big_endian = false;  // ELFDATA2MSB
  uint16_t elf_type = 0;    // ET_EXEC, ET_DYN …
  std::string description;  // "ELF 64-bit ARM aarch64", "ELF 32-bit MIPS", "PE32+ x86-64 Windows program"
};

// Reads the file's header. Throws UserError (exit 126) when the file cannot be read or is too
// short to be anything. `fd`, where given, is the file already open (it stays open); `path` then
// only names it in errors.
FileKind identify(const std::string& path, int fd = -1);
// The same from bytes already read (at least the first 64; more for PE).
FileKind identify_bytes(const uint8_t* data, size_t size);

// The first line of a script, "#!interpreter [one argument]", as Linux reads it from the first
// bytes of the file (at most 256): the interpreter is the first word after "#!", the argument the
// rest of the line with its trailing blanks (and a CR) removed. nullopt when the bytes do not start
// with "#!" or the line names no interpreter (Linux's ENOEXEC).
struct ScriptLine {
  std::string interpreter, argument;
};
std::optional<ScriptLine> read_script_line(const char* head, size_t size);

}  // namespace polyrun::loader
