// Maps an ELF executable (32- or 64-bit) into the guest address space the way Linux's
// binfmt_elf does: PT_LOAD segments with their protections (file-backed, private), .bss zeroed,
// ET_EXEC at its addresses, ET_DYN at a chosen base.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/isa.h"
#include "memory/address_space.h"

namespace polyrun::loader {

struct ElfSegment {
  uint32_t type = 0;
  uint32_t flags = 0;
  uint64_t offset = 0, vaddr = 0, filesz = 0, memsz = 0, align = 0;
};

// What the program headers say, checked against the file's size. Throws UserError (126) with
// the reason when the file is truncated or inconsistent.
struct ElfInfo {
  Isa isa = Isa::Aarch64;
  uint16_t type = 0;
  uint64_t entry = 0;
  uint64_t phoff = 0;
  uint16_t phnum = 0, phentsize = 0;
  std::vector<ElfSegment> segments;
  std::string interpreter;  // PT_INTERP, empty for static programs
  bool exec_stack = false;
  uint64_t file_size = 0;
  bool is64 = true;  // ELFCLASS64
};

ElfInfo read_elf(const std::string& path, int fd);

struct LoadedImage {
  uint64_t bias = 0;       // added to every p_vaddr (0 for ET_EXEC)
  uint64_t entry = 0;      // e_entry + bias
  uint64_t phdr = 0;       // address of the program headers in guest memory (AT_PHDR)
  uint16_t phnum = 0, phent = 0;
  uint64_t lowest = 0, highest = 0;  // page-rounded span of the loaded segments
  // What Linux records of the image (/proc/PID/stat): the file bytes of the executable segments,
  // and from the last segment's start to the end of the file bytes.
  uint64_t start_code = 0, end_code = 0, start_data = 0, end_data = 0;
  std::string interpreter;
};

// Maps the ELF file (open on fd) into memory. ET_DYN images go at `dyn_base` when it is free
// (or anywhere free otherwise). The mappings carry the file's absolute path, as /proc/PID/maps
// shows it. Throws UserError on failure.
LoadedImage load_elf(mem::AddressSpace& memory, const std::string& path, int fd, const ElfInfo& info,
                     uint64_t dyn_base);

}  // namespace polyrun::loader
