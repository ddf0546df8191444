// The DLL this folder serves, as the registry (shims/dll_registry/) and the DLLs that
// declare a link to it see it: name, convention and export table.
#pragma once

#include "shims/core/windows_process.h"

namespace polyrun::shims {

extern const Dll kShcore;

}  // namespace polyrun::shims
