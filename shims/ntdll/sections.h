// NTDLL's sections (ntdll/sections.cpp) under KERNEL32's file mappings (kernel32/mapping.cpp): a
// section is a FileMapping of core's (WindowsProcess::file_mappings), a view a host mapping of its
// descriptor (WindowsProcess::mapped_views). These give a Win32 error (0 for success), which
// KERNEL32 sets as the last error and NTDLL's functions turn into their NTSTATUS.
#pragma once

#include <cstdint>
#include <string>

#include "shims/core/windows_process.h"

namespace polyrun::shims::ntdll_sections {

// Views start on the allocation granularity, as on Windows.
inline constexpr uint64_t kGranularity = 0x10000;

// CreateFileMapping: of the file `file` names (the paging file: anonymous shared memory when it is
// INVALID_HANDLE_VALUE), `size` bytes (0: the file's size), PAGE_* `protect`; one of that name
// already there is opened instead (`*existed`). The new handle at `*handle`.
uint32_t create(WindowsProcess& p, uint64_t file, uint32_t protect, uint64_t size, const std::string& name,
                uint64_t* handle, bool* existed);
// OpenFileMapping: a new handle to the mapping of that name (ERROR_FILE_NOT_FOUND if none).
uint32_t open(WindowsProcess& p, const std::string& name, uint64_t* handle);

// A view's access: writable (shared), copy-on-write (private), executable.
struct ViewAccess {
  bool write = false, copy = false, exec = false;
};
// A view of `bytes` from `offset` (0: to the mapping's end), at `base` or where there is room;
// `replace` maps it over what is there (a placeholder it takes the place of). Its address at *at.
uint32_t map(WindowsProcess& p, uint64_t h, ViewAccess a, uint64_t offset, uint64_t bytes, uint64_t base, bool replace,
             uint64_t* at);
// UnmapViewOfFile: the view at `base` (ERROR_INVALID_ADDRESS if none is there).
uint32_t unmap(WindowsProcess& p, uint64_t base);

}  // namespace polyrun::shims::ntdll_sections
