// The path of polyrun's own executable (what /proc/self/exe links to), for starting polyrun again:
// a guest's execve, a Windows child process, binfmt_misc's interpreter. Empty when the host does
// not tell.
#pragma once

#include <string>

namespace polyrun {

const std::string& own_executable();

}  // namespace polyrun
