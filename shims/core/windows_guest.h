// Runs one Windows console program: maps the PE, builds TEB/PEB, binds its imports to the
// built-in DLLs (lazily trapping the functions polyrun lacks) and to DLLs loaded from files
// (core/windows_modules.h), runs their DllMain and the program's TLS callbacks, then its entry point.
#pragma once

#include <string>
#include <vector>

namespace polyrun::shims {

struct WindowsOptions {
  std::string program;
  std::vector<std::string> argv;  // argv[0] included
  std::vector<std::string> env;
  bool strace = false;
  // x86-64 programs: their code runs on the host CPU where it can (Default), must (Native), or
  // through the CPU engine (Emulate). i686 programs always run on the engine.
  enum class Cpu { Default, Native, Emulate };
  Cpu cpu = Cpu::Default;
  // -g: serve gdb on this localhost port (0: any free one) before the first instruction; -1: no.
  // Under gdb an x86-64 program runs on the engine (breakpoints and steps are the engine's).
  int gdb_port = -1;
  // --screenshot: where the windows are written as PNG files at the end (empty: not).
  std::string screenshot_dir;
  bool headless = false;  // --headless: windows without a display
};

int run_windows_guest(const WindowsOptions& options);

class WindowsProcess;
// RTL_USER_PROCESS_PARAMETERS' CurrentDirectory made the host's current directory: its DOS path
// (with a final '\', in a buffer of MAX_PATH characters) and a new handle on the directory, which
// programs open relative names against (Zig's and Rust's standard libraries). The handle it held
// before, which the caller closes (0: none); at the process's start, in build_process_environment.
uint64_t update_process_current_directory(WindowsProcess& p);
// RTL_USER_PROCESS_PARAMETERS' Environment (and EnvironmentSize) made a new block of the process's
// variables, the old one freed: after every change of them, for the programs that read the block
// rather than call GetEnvironmentStrings (Zig's standard library).
void update_process_environment_block(WindowsProcess& p);

}  // namespace polyrun::shims
