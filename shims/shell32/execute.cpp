// SHELL32.dll: ShellExecuteW and ShellExecuteExW, and FindExecutable. A program (.exe, .com, or a name that is one with
// ".exe" added) starts as CreateProcess starts it (core/child_process.h), with its parameters and
// working directory; a batch file (.bat, .cmd) runs through polyrun's cmd. A document, folder or
// URL opens the way a Linux desktop opens it, with xdg-open, when the desktop has an application
// for its type (xdg-mime's default); without one — or without xdg-open — it has no association:
// SE_ERR_NOASSOC and ERROR_NO_ASSOCIATION, Windows' answer for a type no application is registered
// for.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/child_process.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

extern char** environ;

namespace polyrun::shims {

namespace {

constexpr uint32_t kErrorNoAssociation = 1155;
// What ShellExecute returns (HINSTANCE): above 32 on success (Windows' value is 42), else an error
// below 32: SE_ERR_FNF (2), SE_ERR_PNF (3), SE_ERR_ACCESSDENIED (5), SE_ERR_OOM (8),
// SE_ERR_SHARE (26), SE_ERR_NOASSOC (31) …, the Win32 error itself where it is that small, and
// ERROR_BAD_FORMAT (11) for a larger one, as CreateProcess's errors pass through.
constexpr uint64_t kLaunched = 42, kSeErrNoAssoc = 31, kErrorBadFormat = 11;
uint64_t instance_for(uint32_t error) {
  if (error == kErrorNoAssociation) return kSeErrNoAssoc;
  return error < 32 ? error : kErrorBadFormat;
}

std::string lower_case(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool host_exists(const std::string& host, bool* directory = nullptr) {
  struct stat st;
  if (host.empty() || ::stat(host.c_str(), &st) != 0) return false;
  if (directory) *directory = S_ISDIR(st.st_mode);
  return true;
}

// A URL: a scheme of two or more letters, digits, '+', '-' or '.' before the colon (one letter is a
// drive).
bool url_scheme(const std::string& s, std::string& scheme) {
  const size_t colon = s.find(':');
  if (colon == std::string::npos || colon < 2 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (size_t i = 0; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  scheme = lower_case(s.substr(0, colon));
  return true;
}

// A host program on the host's PATH ("" if none).
std::string host_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  size_t at = 0;
  while (at <= dirs.size()) {
    size_t end = dirs.find(':', at);
    if (end == std::string::npos) end = dirs.size();
    const std::string candidate = dirs.substr(at, end - at) + "/" + name;
    if (end > at && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    at = end + 1;
  }
  return "";
}

// The first line a host command prints ("" when it cannot run or prints nothing).
std::string host_command_line_output(const std::vector<std::string>& argv) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return "";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  std::string text;
  if (spawned == 0) {
    char buf[512];
    ssize_t n;
    while ((n = ::read(out[0], buf, sizeof buf)) != 0) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      text.append(buf, static_cast<size_t>(n));
    }
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  ::close(out[0]);
  text = text.substr(0, text.find('\n'));
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

// Opens `target` (a host path, or a URL of `scheme`) with the desktop's application for its type:
// xdg-open, started as a child process. ERROR_NO_ASSOCIATION when there is no such application.
// xdg-open, where the desktop has an application for `target`'s type (a host path's, or
// `type` where given: a URL scheme's handler, a folder's): "" when there is none, or no xdg-open.
std::string desktop_opener(const std::string& target, const std::string& type_given) {
  const std::string xdg_open = host_program("xdg-open"), xdg_mime = host_program("xdg-mime");
  if (xdg_open.empty() || xdg_mime.empty()) return "";
  const std::string type =
      !type_given.empty() ? type_given : host_command_line_output({xdg_mime, "query", "filetype", target});
  if (type.empty() || host_command_line_output({xdg_mime, "query", "default", type}).empty()) return "";
  return xdg_open;
}

uint32_t open_on_desktop(WindowsProcess& p, const std::string& target, const std::string& scheme,
                         ChildStarted& started) {
  const std::string xdg_open = desktop_opener(target, scheme.empty() ? "" : "x-scheme-handler/" + scheme);
  if (xdg_open.empty()) return kErrorNoAssociation;
  ChildRequest r;
  r.application = host_to_windows_path(xdg_open);
  r.host_argv = {xdg_open, target};
  if (!start_child(p, r, started)) return p.last_error();
  return ERROR_SUCCESS;
}

// Starts what `file` names, as ShellExecuteEx does; the process's handle in `process` when
// `keep_process` (else it is closed). ERROR_SUCCESS or the error.
uint32_t shell_execute(WindowsProcess& p, const std::string& verb_in, const std::string& file, const std::string& params,
                       const std::string& directory, bool keep_process, uint64_t& process) {
  process = 0;
  if (file.empty()) return ERROR_FILE_NOT_FOUND;
  const std::string verb = lower_case(verb_in);
  const bool opens = verb.empty() || verb == "open";
  ChildStarted started;
  uint32_t error = ERROR_SUCCESS;
  std::string scheme;
  if (url_scheme(file, scheme)) {
    error = opens ? open_on_desktop(p, file, scheme, started) : kErrorNoAssociation;
  } else {
    // A relative name is the working directory's, when one is given.
    const bool relative = !(file.size() > 1 && file[1] == ':') && file[0] != '\\' && file[0] != '/';
    const std::string name = relative && !directory.empty() ? directory + "\\" + file : file;
    const size_t dot = name.find_last_of('.'), cut = name.find_last_of("\\/");
    const std::string extension = dot != std::string::npos && (cut == std::string::npos || dot > cut) ? lower_case(name.substr(dot)) : "";
    const std::string host_name = windows_to_host_path(windows_full_path(name));
    bool is_directory = false;
    // A program: NAME.exe for a name without an extension, found where CreateProcess finds programs.
    std::string program;
    if (extension.empty()) program = find_program(p, name + ".exe");
    else if (extension == ".exe" || extension == ".com") program = find_program(p, name);
    if (!program.empty()) {
      // A program: the verbs an .exe has are open and runas (here the process has the rights
      // polyrun has, nothing to elevate to).
      if (!opens && verb != "runas") return kErrorNoAssociation;
      ChildRequest r;
      r.application = host_to_windows_path(program);
      r.command_line = "\"" + r.application + "\"" + (params.empty() ? "" : " " + params);
      r.directory = directory;
      if (!start_child(p, r, started)) error = p.last_error();
    } else if (!host_exists(host_name, &is_directory)) {
      // The file, or the directory it should be in, is not there.
      const size_t slash = host_name.find_last_of('/');
      error = slash != std::string::npos && slash > 0 && !host_exists(host_name.substr(0, slash)) ? ERROR_PATH_NOT_FOUND
                                                                                                  : ERROR_FILE_NOT_FOUND;
    } else if (!is_directory && (extension == ".bat" || extension == ".cmd")) {
      if (!opens) return kErrorNoAssociation;
      ChildRequest base;
      base.directory = directory;
      const std::string command = "\"" + windows_full_path(name) + "\"" + (params.empty() ? "" : " " + params);
      if (!start_command(p, command, base, started)) error = p.last_error();
    } else {
      error = opens || (is_directory && verb == "explore") ? open_on_desktop(p, host_name, "", started)
                                                           : kErrorNoAssociation;
    }
  }
  if (error != ERROR_SUCCESS) return error;
  p.waitables.erase(started.thread);
  if (keep_process) process = started.process;
  else p.waitables.erase(started.process);
  return ERROR_SUCCESS;
}

std::string wide_argument(uint64_t s) {
  return s ? utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(s))) : std::string();
}

// (The ANSI forms' strings, in the ANSI code page.)
std::string ansi_argument(uint64_t s) { return s ? ansi_to_utf8(reinterpret_cast<const char*>(s)) : std::string(); }
using Argument = std::string (*)(uint64_t);

// ShellExecute(window, verb, file, parameters, directory, show): above 32 on success, else the
// SE_ERR_* error (and the last error set).
Ptr shell_execute_call(WindowsProcess& p, Ptr verb, Ptr file, Ptr params, Ptr directory, Argument text) {
  uint64_t process = 0;
  const uint32_t error =
      shell_execute(p, text(verb.addr), text(file.addr), text(params.addr), text(directory.addr), false, process);
  if (error != ERROR_SUCCESS) {
    p.set_last_error(error);
    return Ptr(instance_for(error));
  }
  return Ptr(kLaunched);
}
Ptr ShellExecuteW(WindowsProcess& p, Ptr, Ptr verb, Ptr file, Ptr params, Ptr directory, int32_t) {
  return shell_execute_call(p, verb, file, params, directory, wide_argument);
}
Ptr ShellExecuteA(WindowsProcess& p, Ptr, Ptr verb, Ptr file, Ptr params, Ptr directory, int32_t) {
  return shell_execute_call(p, verb, file, params, directory, ansi_argument);
}

// ShellExecuteEx(&info): SHELLEXECUTEINFOW — cbSize, fMask, hwnd, lpVerb, lpFile, lpParameters,
// lpDirectory, nShow, hInstApp, lpIDList, lpClass, hkeyClass, dwHotKey, hIcon, hProcess (pointers
// and handles of the ISA's size). TRUE with hInstApp above 32, and with SEE_MASK_NOCLOSEPROCESS the
// process's handle in hProcess (NULL otherwise); FALSE with the last error and hInstApp's SE_ERR_*.
// (SHELLEXECUTEINFOA has the same fields, its strings in the ANSI code page.)
BOOL shell_execute_ex(WindowsProcess& p, Ptr info, Argument text) {
  constexpr uint32_t kSeeMaskNoCloseProcess = 0x40;
  const uint64_t ptr = p.isa->ptr, at = info.addr;
  const uint32_t mask = get<uint32_t>(at + 4);
  const uint64_t instance_at = (8 + 5 * ptr + 4 + ptr - 1) / ptr * ptr, process_at = instance_at + 6 * ptr;
  uint64_t process = 0;
  const uint32_t error = shell_execute(p, text(p.get_ptr(at + 8 + ptr)), text(p.get_ptr(at + 8 + 2 * ptr)),
                                       text(p.get_ptr(at + 8 + 3 * ptr)), text(p.get_ptr(at + 8 + 4 * ptr)),
                                       (mask & kSeeMaskNoCloseProcess) != 0, process);
  p.put_ptr(at + process_at, process);
  p.put_ptr(at + instance_at, error == ERROR_SUCCESS ? kLaunched : instance_for(error));
  if (error != ERROR_SUCCESS) return fail(p, error);
  return TRUE;
}
BOOL ShellExecuteExW(WindowsProcess& p, Ptr info) { return shell_execute_ex(p, info, wide_argument); }
BOOL ShellExecuteExA(WindowsProcess& p, Ptr info) { return shell_execute_ex(p, info, ansi_argument); }

// FindExecutable(file, directory, result): the program that opening `file` runs, into result
// (MAX_PATH characters): a program (.exe, .com, .bat, .cmd, .pif) is its own; a document or folder
// is opened by the desktop's application for its type, through xdg-open (as ShellExecute opens it),
// whose path is the answer. Above 32 on success; SE_ERR_FNF (2) for a file that is not there (its
// directory neither, as wine 8.0 answers), SE_ERR_NOASSOC (31) for a type no application opens;
// result empty then.
uint64_t find_executable(WindowsProcess& p, const std::string& file, const std::string& directory, std::string& out) {
  out.clear();
  if (file.empty()) return ERROR_FILE_NOT_FOUND;
  const bool relative = !(file.size() > 1 && file[1] == ':') && file[0] != '\\' && file[0] != '/';
  const std::string name = windows_full_path(relative && !directory.empty() ? directory + "\\" + file : file);
  const std::string host_name = windows_to_host_path(name);
  bool is_directory = false;
  if (!host_exists(host_name, &is_directory)) return ERROR_FILE_NOT_FOUND;  // (its directory missing too)
  const size_t dot = name.find_last_of('.'), cut = name.find_last_of('\\');
  const std::string extension = dot != std::string::npos && (cut == std::string::npos || dot > cut) ? lower_case(name.substr(dot)) : "";
  if (!is_directory && (extension == ".exe" || extension == ".com" || extension == ".bat" || extension == ".cmd" ||
                        extension == ".pif")) {
    out = name;
    return kLaunched;
  }
  const std::string xdg_open = desktop_opener(host_name, is_directory ? "inode/directory" : "");
  if (xdg_open.empty()) return kSeErrNoAssoc;
  out = host_to_windows_path(xdg_open);
  return kLaunched;
}
// The W and A forms: the strings in and the result out (MAX_PATH characters) in UTF-16 or ANSI.
template <typename Char>
Ptr find_executable_call(WindowsProcess& p, Ptr file, Ptr directory, Ptr result) {
  constexpr bool wide = sizeof(Char) == 2;
  const Argument text = wide ? wide_argument : ansi_argument;
  std::string out;
  const uint64_t r = find_executable(p, text(file.addr), text(directory.addr), out);
  if (result) {
    std::basic_string<Char> s;
    if constexpr (wide) s = utf8_to_utf16(out);
    else s = utf8_to_ansi(out);
    if (s.size() > 259) s.resize(259);
    std::memcpy(result.as<Char>(), s.c_str(), (s.size() + 1) * sizeof(Char));
  }
  return Ptr(r);
}
Ptr FindExecutableW(WindowsProcess& p, Ptr file, Ptr directory, Ptr result) {
  return find_executable_call<char16_t>(p, file, directory, result);
}
Ptr FindExecutableA(WindowsProcess& p, Ptr file, Ptr directory, Ptr result) {
  return find_executable_call<char>(p, file, directory, result);
}

}  // namespace

// These join SHELL32's table (shell32/shell32.cpp).
const std::vector<Export>& shell32_execute_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ShellExecuteA", ShellExecuteA),
      EXPORT("ShellExecuteW", ShellExecuteW),
      EXPORT("ShellExecuteExA", ShellExecuteExA),
      EXPORT("ShellExecuteEx", ShellExecuteExA),  // (the older name of the ANSI form)
      EXPORT("ShellExecuteExW", ShellExecuteExW),
      EXPORT("FindExecutableW", FindExecutableW),
      EXPORT("FindExecutableA", FindExecutableA),
  };
  return exports;
}

}  // namespace polyrun::shims
