// The path rules of shlwapi/path.cpp on UTF-16 text, for SHLWAPI's other path files
// (shlwapi/path_patterns.cpp, shlwapi/path_lookup.cpp).
#pragma once

#include <string>

namespace polyrun::shims::shlwapi_path {

inline constexpr size_t kMaxPath = 260;

// PathCombine's result (empty when it would pass MAX_PATH).
std::u16string combined(const std::u16string& dir, const std::u16string& file);
// PathCommonPrefix's length.
size_t common_prefix_length(const std::u16string& a, const std::u16string& b);
// The path after PathRemoveFileSpec.
std::u16string without_file_spec(std::u16string path);
// PathSkipRoot's offset (npos: no root).
size_t root_length(const std::u16string& path);
// PathFindFileName's and PathFindExtension's offsets.
size_t file_name_offset(const std::u16string& path);
size_t extension_offset(const std::u16string& path);
// PathUnquoteSpaces, then PathRemoveBlanks.
std::u16string unquoted_trimmed(std::u16string path);
bool is_file_spec(const std::u16string& path);
bool is_unc_path(const std::u16string& path);
// PathGetDriveNumber (-1: none).
int drive_number(const std::u16string& path);

}  // namespace polyrun::shims::shlwapi_path
