// Where the current directory stands in the default search path (ntdll/rtl_paths.cpp):
// RtlSetSearchPathMode's state, which KERNEL32's SetSearchPathMode sets and SearchPath follows.
#pragma once

#include <cstdint>

namespace polyrun::shims::ntdll_search_path {

// BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE (1) or _DISABLE_SAFE_SEARCHMODE (0x10000), the first
// with BASE_SEARCH_PATH_PERMANENT (0x8000) for good: the NTSTATUS (STATUS_ACCESS_DENIED once
// permanent, STATUS_INVALID_PARAMETER for other flags).
uint32_t set_mode(uint32_t flags);
// Safe search: the current directory after the system's directories, not before them.
bool safe_search();

}  // namespace polyrun::shims::ntdll_search_path
