// The registry of polyrun's DLLs (dll_registry.cpp), handed to core once at start-up by whoever
// runs Windows programs (cli/main.cpp, the unit tests).
#pragma once

namespace polyrun::shims {

void install_builtin_dlls();

}  // namespace polyrun::shims
