// Windows paths onto the Linux filesystem: drive Z: is /, drive C: is the directory polyrun
// started in, `\` separates, and a name that does not exist exactly is looked up
// case-insensitively, one component at a time.
#pragma once

#include <string>
#include <vector>

namespace polyrun::shims {

std::string windows_to_host_path(const std::string& path);
std::string host_to_windows_path(const std::string& path);  // absolute: Z:\…

// The entries of a directory that a Windows wildcard spec names ("dir\*.txt"; `*.*` is every
// name), matched case-insensitively and sorted: the host directory in `dir`, the names in `names`.
// False with errno set when the directory cannot be read.
bool list_matching(const std::string& win_spec, std::string& dir, std::vector<std::string>& names);
}  // namespace polyrun::shims
