// Maps a PE32+ (x86-64) or PE32 (i386) program or DLL into the guest address space the way the
// Windows loader does: headers and sections with their protections at the preferred base, or
// elsewhere with base relocations applied. Imports, TLS and exports are read from the mapped image
// and handed to the caller, which binds them (see shims/).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/isa.h"
#include "memory/address_space.h"

namespace polyrun::loader {

struct PeImport {
  std::string dll;        // as written in the import directory ("KERNEL32.dll")
  std::string name;       // empty when imported by ordinal
  uint16_t ordinal = 0;   // by-ordinal imports
  uint64_t iat_slot = 0;  // guest address of the IAT entry to fill
};

struct PeTls {
  bool present = false;
  uint64_t raw_start = 0, raw_end = 0;  // template of the static TLS block
  uint64_t index_slot = 0;              // where the loader writes the TLS index
  uint64_t callbacks = 0;               // NULL-terminated array of callback addresses (or 0)
  uint32_t zero_fill = 0;
};

// The export directory: functions by ordinal, the names that lead to them, and the exports that
// are forwarded to another DLL ("NTDLL.RtlAllocateHeap", "KERNEL32.#12").
struct PeExportTable {
  uint32_t ordinal_base = 0;
  std::vector<uint64_t> functions;           // address by ordinal - ordinal_base; 0: none
  std::map<std::string, uint32_t> names;     // name → index into functions
  std::map<uint32_t, std::string> forwards;  // index → where it is forwarded
};

struct PeImage {
  Isa isa = Isa::X86_64;
  bool is64 = true;
  uint64_t base = 0, size = 0, preferred_base = 0;
  uint64_t entry = 0;  // 0 when the image has none
  uint16_t subsystem = 0;
  uint16_t subsystem_major = 0;  // the Windows version it was built for (MajorSubsystemVersion)
  uint64_t stack_reserve = 0, stack_commit = 0;
  std::vector<PeImport> imports;
  PeTls tls;
  std::map<std::string, uint64_t> exports;  // the image's own exports by name (forwarders left out)
  PeExportTable export_table;
  uint64_t pdata = 0, pdata_size = 0;       // x64 exception directory (RUNTIME_FUNCTION table)
  std::string manifest;                     // the application manifest (RT_MANIFEST), if it has one
  // i386 SafeSEH: the exception handlers the image may register, as RVAs, sorted (the load
  // configuration's SEHandlerTable; empty when it has none, and then any may be), and
  // IMAGE_DLLCHARACTERISTICS_NO_SEH (`no_seh`: none may be registered from the image at all).
  std::vector<uint32_t> safe_seh;
  bool no_seh = false;
  bool is_dll = false;
  // IMAGE_FILE_HEADER.Machine, and whether the image holds code (a code size, an entry point, an
  // executable section, or sections aligned below a page). An image without code may be of any
  // machine: a resource-only DLL, which Windows maps into a process of any machine as data.
  uint16_t machine = 0;
  bool contains_code = true;
};

// Subsystems (IMAGE_SUBSYSTEM_*).
constexpr uint16_t kSubsystemWindowsGui = 2;
constexpr uint16_t kSubsystemWindowsCui = 3;

// Maps the program at `path`. Places it at its preferred base when that range is free and below
// `limit`, else at a free place below `limit` (relocating). Throws UserError (126) when the file is
// truncated, corrupt or of an unsupported kind.
PeImage load_pe(mem::AddressSpace& memory, const std::string& path, uint64_t limit);

// Maps the DLL at `path` the same way (any subsystem; the file must be a DLL). A DLL without code
// may be of any machine (PeImage::contains_code; `isa` is then the width its optional header
// has). Throws UserError (126) as load_pe does, with nothing left mapped.
PeImage load_pe_dll(mem::AddressSpace& memory, const std::string& path, uint64_t limit);

// A PE file mapped for its resources only (LoadLibraryEx's LOAD_LIBRARY_AS_DATAFILE and
// LOAD_LIBRARY_AS_IMAGE_RESOURCE): read-only, of any machine, nothing relocated, bound or run.
// `flat`: the file's bytes as they are (a data file); else its headers and sections at their RVAs
// (an image). Throws UserError (126) when the file is no PE file or is truncated or corrupt.
struct PeDataMapping {
  uint64_t base = 0, size = 0;  // size: the pages mapped
  uint16_t machine = 0;         // IMAGE_FILE_HEADER.Machine
};
PeDataMapping map_pe_data(mem::AddressSpace& memory, const std::string& path, uint64_t limit, bool flat);

}  // namespace polyrun::loader
