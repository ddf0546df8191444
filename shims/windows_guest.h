// Runs one Windows console program: maps the PE, builds TEB/PEB, binds its imports to the
// built-in DLLs (lazily trapping the ones polyrun lacks), runs TLS callbacks and the entry point.
#pragma once

#include <string>
#include <vector>

namespace polyrun::shims {

struct WindowsOptions {
  std::string program;
  std::vector<std::string> argv;  // argv[0] included
  std::vector<std::string> env;
  bool strace = false;
  bool native_cpu = false;  // x86-64 programs: run their code on the host CPU
};

int run_windows_guest(const WindowsOptions& options);

}  // namespace polyrun::shims
