// Resources of a mapped image (kernel32/resources.cpp), for the DLLs that read them besides
// KERNEL32's own functions (USER32's strings, dialogs, menus, icons and accelerators).
#pragma once

#include <cstdint>

namespace polyrun::shims {

struct WindowsProcess;

// FindResource(Ex): the HRSRC (the resource's IMAGE_RESOURCE_DATA_ENTRY) of `type` and `name` (an
// integer below 0x10000, "#NUMBER" or a name; narrow or UTF-16 strings as `wide` says) in the
// module (0: the program); `language` -1 takes the neutral, the user's or any language. 0 with the
// last error set when there is none.
uint64_t find_resource(WindowsProcess& p, uint64_t module, uint64_t type, uint64_t name, int32_t language, bool wide);

// LoadResource: the resource's data (and its size, if asked).
uint64_t resource_data(WindowsProcess& p, uint64_t module, uint64_t hrsrc, uint32_t* size);

}  // namespace polyrun::shims
