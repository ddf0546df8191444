// Windows paths onto the Linux filesystem: drive Z: is /, drive C: is the directory polyrun
// started in, `\` separates, and a name that does not exist exactly is looked up
// case-insensitively, one component at a time.
#pragma once

#include <string>

namespace polyrun::shims {

std::string windows_to_host_path(const std::string& path);
std::string host_to_windows_path(const std::string& path);  // absolute: Z:\…

}  // namespace polyrun::shims
