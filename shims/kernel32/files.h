// KERNEL32's file functions that other DLLs' functions build on (kernel32/file_info.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace polyrun::shims {

struct WindowsProcess;

inline constexpr uint32_t kInvalidAttributes = 0xffffffffu;  // INVALID_FILE_ATTRIBUTES

// GetFileAttributes of a Windows path: FILE_ATTRIBUTE_* or kInvalidAttributes with the last error set.
uint32_t file_attributes(WindowsProcess& p, const std::string& win_path);

namespace kernel32_files {
// CopyFile(Ex) of two Windows paths (kernel32/file_operations.cpp): FALSE with the last error set.
// `cancel`: a guest BOOL read before the copy starts (0: none); `progress` (may be empty) is told the
// size once the data is copied and says whether to keep the copy.
int32_t copy_file(WindowsProcess& p, const std::string& from, const std::string& to, bool fail_if_exists,
                  uint64_t cancel, const std::function<bool(uint64_t)>& progress);
}  // namespace kernel32_files

}  // namespace polyrun::shims
