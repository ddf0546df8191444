// SHELL32's shell links (shell32/shell_link.cpp): CLSID_ShellLink, and SHELL32's exports that
// serve its class object (DllGetClassObject, DllCanUnloadNow).
#pragma once

#include <vector>

#include "shims/core/shim.h"
#include "shims/ole32/com_object.h"

namespace polyrun::shims::shell_link {

inline constexpr GuidBytes kClsidShellLink = make_guid(0x00021401, 0, 0, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});

const std::vector<Export>& exports();

}  // namespace polyrun::shims::shell_link
