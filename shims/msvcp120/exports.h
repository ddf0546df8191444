// The DLLs this folder serves, as the registry (shims/dll_registry/) and the DLLs that declare a
// link to it see them: name, convention and export table.
#pragma once

#include "shims/core/windows_process.h"

namespace polyrun::shims {

extern const Dll kMsvcp120;
extern const Dll kMsvcp110;

}  // namespace polyrun::shims
