#include "shims/core/session_directory.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "common/log.h"

namespace polyrun::shims {

namespace {

// A directory only this user can enter (made if missing).
bool private_directory(const std::string& d) {
  ::mkdir(d.c_str(), 0700);
  struct stat st;
  return ::lstat(d.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::getuid() && !(st.st_mode & 077);
}

}  // namespace

std::string session_directory(const std::string& name) {
  // (A socket's path holds 107 bytes: the runtime directory is taken when short.)
  const char* xdg = std::getenv("XDG_RUNTIME_DIR");
  if (xdg && xdg[0] == '/' && std::strlen(xdg) < 40) {
    std::string d = std::string(xdg) + "/polyrun-" + name;
    if (private_directory(d)) return d;
  }
  std::string d = "/tmp/polyrun-" + name + "-" + std::to_string(::getuid());
  if (private_directory(d)) return d;
  log().warn("{}: no private directory for them ({})", name, d);
  return std::string();
}

}  // namespace polyrun::shims
