// Windows command lines: joining an argument vector the way CreateProcess callers quote it, and
// splitting it back with the Microsoft C runtime's rules (backslashes count only before quotes).
#pragma once

#include <string>
#include <vector>

namespace polyrun::shims {

std::string windows_command_line(const std::vector<std::string>& argv);
std::vector<std::string> split_command_line(const std::string& cmd);

}  // namespace polyrun::shims
