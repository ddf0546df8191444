// ITEMIDLISTs as polyrun's SHELL32 makes them: the desktop is the empty list; a folder or file is
// one SHITEMID holding its absolute Windows path (the bytes 'P' 'R', then the path in UTF-16 with
// its NUL), then the terminating zero. Blocks of the COM task allocator (ILFree, CoTaskMemFree).
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/shim.h"

namespace polyrun::shims {

// A new list for a Windows path (empty: the desktop); 0 when out of memory.
uint64_t make_id_list(WindowsProcess& p, const std::string& windows_path);
// The bytes of a list up to and with its terminator (0 for a null list), as ILGetSize counts them.
uint32_t id_list_size(uint64_t pidl);
// The path a list names (the desktop's folder for the empty list); false for a list not of ours.
bool id_list_path(WindowsProcess& p, uint64_t pidl, std::string& windows_path);

}  // namespace polyrun::shims
