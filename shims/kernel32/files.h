// KERNEL32's file functions that other DLLs' functions build on (kernel32/file_info.cpp).
#pragma once

#include <cstdint>
#include <string>

namespace polyrun::shims {

struct WindowsProcess;

inline constexpr uint32_t kInvalidAttributes = 0xffffffffu;  // INVALID_FILE_ATTRIBUTES

// GetFileAttributes of a Windows path: FILE_ATTRIBUTE_* or kInvalidAttributes with the last error set.
uint32_t file_attributes(WindowsProcess& p, const std::string& win_path);

}  // namespace polyrun::shims
