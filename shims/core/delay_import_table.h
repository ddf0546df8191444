// A module's delay-loaded imports as ResolveDelayLoadedAPI (core/delay_loads.cpp) reads them, apart
// from any process. Templated over how memory is reached (`Memory`: read<T>(addr)): the resolver
// passes the process's memory, where a bad table is the program's access violation as on Windows;
// the fuzz target (tests/fuzz/pe_delay_imports.cpp) a bounded view of its input.
//
// IMAGE_DELAYLOAD_DESCRIPTOR (32 bytes, every field an RVA from the module's base but the first
// and last): Attributes, DllNameRVA, ModuleHandleRVA, ImportAddressTableRVA, ImportNameTableRVA,
// BoundImportAddressTableRVA, UnloadInformationTableRVA, TimeDateStamp. The name table holds an
// IMAGE_THUNK_DATA per IAT slot: an ordinal (the top bit set) or the RVA of a hint and a name.
// A 32-bit module's addresses are computed as Windows computes them, modulo 2^32.
#pragma once

#include <cstdint>
#include <string>

namespace polyrun::shims::delay_imports {

constexpr uint64_t kDescriptorSize = 32;
// The delay-import directory's slot among the data directories.
constexpr unsigned kDirectory = 13;

struct Import {
  uint64_t dll_name = 0, module_var = 0, iat = 0, name_table = 0;
  uint64_t entry = 0;  // the name table's (0 ends the table)
  bool by_ordinal = false;
  uint64_t function = 0;  // the ordinal, or the address of the name (past its two-byte hint)
};

// What the IAT slot `thunk` of descriptor `desc` imports; `ptr` is 4 or 8.
template <typename Memory>
Import describe(const Memory& m, uint64_t base, uint64_t desc, uint64_t thunk, uint32_t ptr) {
  const uint64_t mask = ptr == 4 ? 0xffffffffull : ~0ull;
  auto at = [&](uint64_t offset) { return (base + m.template read<uint32_t>(desc + offset)) & mask; };
  Import i;
  i.dll_name = at(4);
  i.module_var = at(8);
  i.iat = at(12);
  i.name_table = at(16);
  const uint64_t slot = (i.name_table + ((thunk - i.iat) & mask) / ptr * ptr) & mask;
  i.entry = ptr == 8 ? m.template read<uint64_t>(slot) : m.template read<uint32_t>(slot);
  i.by_ordinal = (i.entry >> (ptr * 8 - 1)) & 1;
  i.function = i.by_ordinal ? (i.entry & 0xffff) : (base + static_cast<uint32_t>(i.entry) + 2) & mask;
  return i;
}

// The NUL-terminated name at `addr` (read up to its end, as the resolver reads it).
template <typename Memory>
std::string name(const Memory& m, uint64_t addr) {
  std::string s;
  for (char c; addr && (c = m.template read<char>(addr)) != 0; ++addr) s.push_back(c);
  return s;
}

}  // namespace polyrun::shims::delay_imports
