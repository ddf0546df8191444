// Starting child processes: what KERNEL32's CreateProcess, the C runtime's _spawn, _exec, system
// and _popen (msvcrt/process.cpp) and SHELL32's ShellExecute ask for (core/child_process.cpp).
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace polyrun::shims {

struct WindowsProcess;
struct Waitable;

struct ChildRequest {
  std::string application;   // the program's path (lpApplicationName); "": the command line's first word
  std::string command_line;  // what a Windows child's GetCommandLine returns, exactly
  // STARTUPINFO's lpReserved2 (cbReserved2 bytes): the C runtime's descriptors for the child (a
  // count, a flag byte each, a handle each), as Microsoft's C runtimes and libuv pass them.
  std::string startup_reserved;
  // A host program's argument vector, instead of the command line split by the C runtime's rules.
  std::vector<std::string> host_argv;
  bool inherit_handles = false;
  // PROC_THREAD_ATTRIBUTE_HANDLE_LIST: only these of the inheritable handles are inherited.
  std::optional<std::vector<uint64_t>> handle_list;
  uint32_t flags = 0;  // CreateProcess's dwCreationFlags
  std::optional<std::vector<std::string>> environment;  // VAR=VALUE; none: this process's
  std::string directory;                                 // a Windows path; "": this process's
  // The child's standard input, output and error as host descriptors (-1: none); kInherit: this
  // process's own (as SetStdHandle left them).
  static constexpr int kInherit = -2;
  std::array<int, 3> std_fds = {kInherit, kInherit, kInherit};
  // The child starts a session of its own whose controlling terminal is its standard input (a
  // pseudo console's terminal: kernel32/pseudo_console.cpp).
  bool terminal_session = false;
};

struct ChildStarted {
  uint64_t process = 0, thread = 0;  // new handles
  uint32_t pid = 0, tid = 0;
};

// Starts the child; false with the last error set (ERROR_FILE_NOT_FOUND, ERROR_BAD_EXE_FORMAT,
// ERROR_DIRECTORY …).
bool start_child(WindowsProcess& p, const ChildRequest& r, ChildStarted& out);

// Starts `cmd.exe /c COMMAND` (polyrun's interpreter, programs/cmd/, for system(), _popen() and
// ShellExecute), as `base` asks (environment, directory, standard descriptors, flags): true with
// its handles; false with the last error set.
bool start_command(WindowsProcess& p, const std::string& command, const ChildRequest& base, ChildStarted& out);

// The host path of the program `name` (a command line's first word) names, found as CreateProcess
// finds it: a path as given, else in the program's own directory, the current directory and PATH;
// "name.exe" first, then the name as it is (a host program); "" if there is none.
std::string find_program(WindowsProcess& p, const std::string& name);

// The directories of the program's PATH (Windows' ';' separated, or a host PATH's ':').
std::vector<std::string> search_path(WindowsProcess& p);

// Waits, with the execution lock released, until the process `handle` names has ended, and gives
// its exit code; false (last error set) when the handle is not a process's.
bool wait_for_process(WindowsProcess& p, uint64_t handle, uint32_t& exit_code);

// polyrun itself with the options a Windows child gets: the command that runs a Windows program
// (followed by "--", the program's host path and its arguments).
std::vector<std::string> polyrun_command(WindowsProcess& p);

// Another process's object (a child, or one opened): it ends at once with `code`, reported in its
// end cell as TerminateProcess reports it; false when it has ended or is out of reach.
bool end_other_process(Waitable& w, uint32_t code);

// The object of a child this process started (OpenProcess of it shares it), or null.
std::shared_ptr<Waitable> child_object(uint32_t pid);
// A pidfd for the process `pid` (-1 when there is none to be had).
int open_pidfd(pid_t pid);

}  // namespace polyrun::shims
