// What DBGHELP.dll's files share (dbghelp/dbghelp.cpp, dbghelp/undname.cpp, dbghelp/minidump.cpp).
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/shim.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

// The undecorated form of an MSVC-decorated C++ name under UnDecorateSymbolName's UNDNAME_* flags;
// false if `name` is not one this undecorator reads.
bool undecorate_symbol(const std::string& name, uint32_t flags, std::string& out);

// MiniDumpWriteDump(process, pid, file, type, exception, user streams, callback).
BOOL minidump_write_dump(WindowsProcess& p, Ptr process, uint32_t pid, Ptr file, uint32_t type, Ptr exception,
                         Ptr user_streams, Ptr callback);

// The PE header functions (image_headers.cpp): ImageNtHeader, ImageDirectoryEntryToData(Ex) ….
const std::vector<Export>& dbghelp_image_exports();

}  // namespace polyrun::shims
