// The loader's resource lookup for the DLLs above NTDLL that read a module's resources themselves
// (WINMM's PlaySound of a WAVE resource): what LdrFindResource_U and LdrAccessResource find.
#pragma once

#include <cstdint>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

// The data of resource `name` of `type` (each an id below 0x10000 or a guest pointer to a UTF-16
// name) in the language LdrFindResource_U picks for `language`, in the module at `module`: its
// address and size, or 0 when the module has no such resource.
uint64_t ldr_resource_data(WindowsProcess& p, uint64_t module, uint64_t type, uint64_t name, uint16_t language,
                           uint32_t* size);

}  // namespace polyrun::shims
