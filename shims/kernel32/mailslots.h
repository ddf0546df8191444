// KERNEL32's mailslots (kernel32/mailslots.cpp), as CreateFile, ReadFile and WriteFile ask them
// first of a name or a handle.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "shims/core/windows_process.h"

namespace polyrun::shims {

// CreateFile of \\.\mailslot\NAME: a client's handle (INVALID_HANDLE_VALUE with the last error
// set when there is no such mailslot); nullopt for a name that is no mailslot's.
std::optional<uint64_t> open_mailslot_client(WindowsProcess& p, const std::string& win_name);
// ReadFile of a mailslot's server end and WriteFile of a client's: the BOOL (the last error set),
// the bytes moved in *done; nullopt for a handle that is no mailslot's.
std::optional<int32_t> mailslot_read(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done);
std::optional<int32_t> mailslot_write(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t done);

}  // namespace polyrun::shims
