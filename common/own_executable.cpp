#include "common/own_executable.h"

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

}  // namespace polyrun
