#include "common/own_executable.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

namespace polyrun {

const std::string& own_executable() {
  static const std::string path = [] {
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }();
  return path;
}

void exec_own(char* const argv[], char* const envp[]) {
  ::execve("/proc/self/exe", argv, envp);
  const int proc_errno = errno;
  if (own_executable().empty()) return;
  ::execve(own_executable().c_str(), argv, envp);
  // Where /proc is not mounted and the path is not there either, the path's error says more.
  if (errno == ENOENT && proc_errno != ENOENT) errno = proc_errno;
}

}  // namespace polyrun
