// polyrun's own executable, for starting polyrun again: a guest's execve of a foreign program, a
// Windows child process, binfmt_misc's interpreter.
#pragma once

#include <string>

namespace polyrun {

// The path /proc/self/exe links to, read once (call it early: a forked child must not allocate).
// Empty when the host does not tell.
const std::string& own_executable();

// Executes polyrun again with argv (argv[0] is the name it is given) and envp. Through
// /proc/self/exe first, which opens polyrun's own file from inside any root where /proc is mounted,
// as every chroot and container tool mounts it, while a chroot or container root need not hold a
// file at polyrun's path; else by that path. Returns only on failure, with errno set. Safe in a
// forked child once own_executable() has been called.
void exec_own(char* const argv[], char* const envp[]);

}  // namespace polyrun
