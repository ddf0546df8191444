// msvcrt.dll (and the Universal CRT's api-ms-win-crt-process), processes: the _spawn and _exec
// families (narrow and wide) on CreateProcess as the Microsoft C runtime builds them, _cwait,
// system and _wsystem, _popen, _wpopen and _pclose, _pipe, and _putenv (the environment children
// get).
//
// _spawn and _exec join the arguments with spaces and quote nothing (an argument with a space
// arrives as two): the C runtime does so. A name without a directory is looked for in the current
// directory only (the *p forms then look along PATH); one without an extension gets .com, .exe,
// .bat or .cmd, whichever exists, and, polyrun's addition, is taken as it is when that exists (a
// host program). _P_WAIT gives the child's exit code; _P_NOWAIT and _P_NOWAITO a process handle
// for _cwait; _P_DETACH 0; _exec (_P_OVERLAY) ends the caller with status 0 once the child has
// started, as the C runtime does. The C runtime's inheritance block is not passed: the child gets
// no other descriptor of the C runtime than the standard ones, and those in text mode whatever
// mode they have here.
//
// system() and _popen() run `cmd.exe /c COMMAND` on Windows, and so they do here: cmd.exe (what
// ComSpec names, C:\windows\system32\cmd.exe, core/path_mapping.h) is polyrun's own command
// interpreter (programs/cmd/), a host process started from polyrun's executable with the command
// line handed over as to a Windows program (start_child in core/child_process.cpp), with the
// caller's standard handles, environment and directory. It runs cmd's language (commands joined
// by & && || |, redirections, blocks, IF, FOR, CALL, GOTO, SET, batch files …) and starts Windows
// programs through polyrun, host programs directly; its exit code comes back with all 32 bits.
// system(NULL) is 1: the interpreter is always there.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>

#include "common/log.h"
#include "loader/format.h"
#include "shims/core/child_process.h"
#include "shims/core/command_line.h"
#include "shims/core/guest_memory.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/msvcrt/descriptors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

constexpr int32_t kWait = 0, kNoWait = 1, kOverlay = 2, kNoWaitO = 3, kDetach = 4;

USize failed(WindowsProcess& p, int err) {
  *msvcrt_errno(p) = err;
  return USize(~0ull);  // -1 (on i386 its low 32 bits)
}

// The C runtime's errno for a Windows error (its _dosmaperr).
int errno_from_win(uint32_t e) {
  switch (e) {
    case ERROR_FILE_NOT_FOUND: case ERROR_PATH_NOT_FOUND: case ERROR_DIRECTORY: return ENOENT;
    case ERROR_TOO_MANY_OPEN_FILES: return EMFILE;
    case ERROR_ACCESS_DENIED: return EACCES;
    case ERROR_NOT_ENOUGH_MEMORY: case ERROR_OUTOFMEMORY: return ENOMEM;
    case 11: case ERROR_BAD_EXE_FORMAT: return ENOEXEC;  // ERROR_BAD_FORMAT
    case ERROR_NOT_SUPPORTED: return ENOSYS;
    default: return EINVAL;
  }
}

// Whether the last component of a Windows path has an extension.
bool has_extension(const std::string& name) {
  size_t sep = name.find_last_of("\\/:");
  size_t dot = name.rfind('.');
  return dot != std::string::npos && (sep == std::string::npos || dot > sep);
}

// A program the way the C runtime and cmd look for one: `name` in `dirs` (or as given when it has a
// directory), with the executable extensions appended to a name without one, then the name
// itself. Its host path, or "".
std::string find_executable(const std::string& name, const std::vector<std::string>& dirs) {
  if (name.empty()) return "";
  std::vector<std::string> names;
  if (has_extension(name)) {
    names = {name};
  } else {
    for (const char* ext : {".com", ".exe", ".bat", ".cmd", ""}) names.push_back(name + ext);
  }
  if (name.find_first_of("\\/:") != std::string::npos) {
    for (const auto& n : names)
      if (std::string h = host_file_of(n); !h.empty()) return h;
    return "";
  }
  for (const auto& d : dirs)
    for (const auto& n : names)
      if (std::string h = host_file_of(d + (d.empty() || d.back() == '\\' || d.back() == '/' ? "" : "\\") + n); !h.empty()) return h;
  return "";
}

// Closes a handle of ours made by start_child.
void close_handle(WindowsProcess& p, uint64_t h) {
  p.waitables.erase(h);
  p.inheritable.erase(h);
}

// ---- _spawn and _exec ----

// Starts `program` (found already) with the arguments joined by spaces, in `mode`.
USize spawn_found(WindowsProcess& p, int32_t mode, const std::string& program, const std::vector<std::string>& args,
                  const std::optional<std::vector<std::string>>& env) {
  ChildRequest r;
  r.application = program;
  for (size_t i = 0; i < args.size(); ++i) r.command_line += (i ? " " : "") + args[i];
  r.inherit_handles = true;
  r.environment = env;
  ChildStarted started;
  if (!start_child(p, r, started)) return failed(p, errno_from_win(p.last_error()));
  close_handle(p, started.thread);
  switch (mode) {
    case kWait: {
      uint32_t code = 0;
      bool ok = wait_for_process(p, started.process, code);
      close_handle(p, started.process);
      if (!ok) return failed(p, EINVAL);
      return USize(static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(code))));
    }
    case kDetach:
      close_handle(p, started.process);
      return USize(0);
    case kOverlay:
      // The caller ends, as _exit(0) ends it (its streams flushed, its atexit functions not run).
      close_handle(p, started.process);
      msvcrt_flush_all(p);
      p.onexit.clear();
      p.terminate(0);
      return USize(0);
    default:
      return USize(started.process);
  }
}

// The C runtime's spawn: `name` checked and looked for (along PATH too with `use_path`), then run.
USize spawn(WindowsProcess& p, int32_t mode, const std::string& name, const std::vector<std::string>& args,
            const std::optional<std::vector<std::string>>& env, bool use_path) {
  if (mode < kWait || mode > kDetach || name.empty() || args.empty() || args[0].empty()) return failed(p, EINVAL);
  // Without a directory, the current one (the C runtime makes the name .\NAME).
  std::string found = find_executable(name, {windows_current_directory()});
  if (found.empty() && use_path && name.find_first_of("\\/") == std::string::npos &&
      !(name.size() > 1 && name[1] == ':'))
    found = find_executable(name, search_path(p));
  if (found.empty()) return failed(p, ENOENT);
  return spawn_found(p, mode, host_to_windows_path(found), args, env);
}

// A narrow string of the program's as text: the ANSI code page's, as Windows' C runtime hands
// command lines, names and environments to CreateProcessA (msvcrt/crt_locale.h).
std::string ansi_text(WindowsProcess& p, const char* s) { return crt_locale::name_to_utf8(p, s, false); }

// NULL-terminated arrays of narrow or wide strings in guest memory.
std::vector<std::string> string_array(WindowsProcess& p, uint64_t at, bool wide) {
  std::vector<std::string> out;
  if (!at) return out;
  for (uint64_t s; (s = p.get_ptr(at)); at += p.isa->ptr)
    out.push_back(wide ? utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(s)))
                       : ansi_text(p, reinterpret_cast<const char*>(s)));
  return out;
}
std::optional<std::vector<std::string>> environment_array(WindowsProcess& p, uint64_t at, bool wide) {
  if (!at) return std::nullopt;
  return string_array(p, at, wide);
}

// The arguments of an _l form, from arg0 to the NULL after the last; an _le form's environment
// pointer follows that NULL.
std::vector<std::string> variadic_strings(WindowsProcess& p, VarArgs& va, bool wide, uint64_t first) {
  std::vector<std::string> out;
  for (uint64_t s = first; s; s = va.next_int() & (va.slot_bytes == 4 ? 0xffffffffull : ~0ull))
    out.push_back(wide ? utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(s)))
                       : ansi_text(p, reinterpret_cast<const char*>(s)));
  return out;
}
uint64_t next_pointer(VarArgs& va) { return va.next_int() & (va.slot_bytes == 4 ? 0xffffffffull : ~0ull); }

std::string narrow(WindowsProcess& p, Ptr s, bool wide) {
  if (!s) return "";
  return wide ? utf16_to_utf8(std::u16string(s.as<const char16_t>())) : ansi_text(p, s.as<const char>());
}

// _spawnl(mode, name, arg0, ...), _spawnle(mode, name, arg0, ..., NULL, envp), and the p forms.
template <bool Wide, bool Env, bool Path>
USize spawn_l(WindowsProcess& p, int32_t mode, Ptr name, VarArgs va) {
  std::vector<std::string> args = variadic_strings(p, va, Wide, next_pointer(va));
  std::optional<std::vector<std::string>> env;
  if (Env) env = environment_array(p, next_pointer(va), Wide);
  return spawn(p, mode, narrow(p, name, Wide), args, env, Path);
}
template <bool Wide, bool Path>
USize spawn_v(WindowsProcess& p, int32_t mode, Ptr name, Ptr argv) {
  return spawn(p, mode, narrow(p, name, Wide), string_array(p, argv.addr, Wide), std::nullopt, Path);
}
template <bool Wide, bool Path>
USize spawn_ve(WindowsProcess& p, int32_t mode, Ptr name, Ptr argv, Ptr envp) {
  return spawn(p, mode, narrow(p, name, Wide), string_array(p, argv.addr, Wide), environment_array(p, envp.addr, Wide), Path);
}
template <bool Wide, bool Env, bool Path>
USize exec_l(WindowsProcess& p, Ptr name, VarArgs va) {
  return spawn_l<Wide, Env, Path>(p, kOverlay, name, va);
}
template <bool Wide, bool Path>
USize exec_v(WindowsProcess& p, Ptr name, Ptr argv) {
  return spawn_v<Wide, Path>(p, kOverlay, name, argv);
}
template <bool Wide, bool Path>
USize exec_ve(WindowsProcess& p, Ptr name, Ptr argv, Ptr envp) {
  return spawn_ve<Wide, Path>(p, kOverlay, name, argv, envp);
}

// _cwait(status, process, action): waits for a process started with _P_NOWAIT; its exit code in
// *status. The handle is closed after, as the C runtime closes it. (The action, _WAIT_CHILD or
// _WAIT_GRANDCHILD, is ignored, as Windows ignores it.)
USize _cwait_(WindowsProcess& p, Ptr status, USize process, int32_t) {
  uint32_t code = 0;
  put<int32_t>(status.addr, -1);
  if (p.is_current_process(process) || p.is_current_thread(process) || !wait_for_process(p, process, code)) {
    close_handle(p, process);
    return failed(p, ECHILD);
  }
  close_handle(p, process);
  put<int32_t>(status.addr, static_cast<int32_t>(code));
  return process;
}

// What cmd /c would run for `command`, started with the given standard descriptors: a process
// handle (one that has ended for a program cmd could not find); 0 with errno set when polyrun
// cannot run it.
uint64_t run_command(WindowsProcess& p, const std::string& command, std::array<int, 3> std_fds) {
  ChildRequest r;
  r.inherit_handles = true;
  r.std_fds = std_fds;
  ChildStarted started;
  if (!start_command(p, command, r, started)) {
    *msvcrt_errno(p) = errno_from_win(p.last_error());
    return 0;
  }
  close_handle(p, started.thread);
  return started.process;
}

// system(NULL): whether there is a command processor (polyrun's own cmd.exe: always).
int32_t system_of(WindowsProcess& p, const std::optional<std::string>& command) {
  if (!command) return 1;
  const int inherit = ChildRequest::kInherit;
  uint64_t h = run_command(p, *command, {inherit, inherit, inherit});
  if (!h) return -1;
  uint32_t code = 0;
  bool ok = wait_for_process(p, h, code);
  close_handle(p, h);
  return ok ? static_cast<int32_t>(code) : -1;
}
int32_t system_(WindowsProcess& p, Ptr command) {
  return system_of(p, command ? std::optional<std::string>(ansi_text(p, command.as<const char>())) : std::nullopt);
}
int32_t _wsystem_(WindowsProcess& p, Ptr command) {
  return system_of(p, command ? std::optional<std::string>(narrow(p, command, true)) : std::nullopt);
}

// ---- the environment children get ----

// Sets (or, with an empty value, removes) a variable of the program's environment: what getenv
// reads (the C runtime's _environ, in the ANSI code page, and _wenviron, each made again where it
// exists) and what children inherit.
int32_t put_environment(WindowsProcess& p, const std::string& name, const std::string& value) {
  if (name.empty() || name.find('=') != std::string::npos) {
    *msvcrt_errno(p) = EINVAL;
    return -1;
  }
  p.set_env(name, value.empty() ? nullptr : &value);
  uint64_t environ_var = msvcrt_data(p, "_environ");
  if (p.get_ptr(environ_var)) p.put_ptr(environ_var, guest_ansi_strings_array(p, p.env));
  uint64_t wenviron_var = msvcrt_data(p, "_wenviron");
  if (p.get_ptr(wenviron_var)) p.put_ptr(wenviron_var, guest_wstrings_array(p, p.env));
  return 0;
}
// _putenv("NAME=VALUE"); "NAME=" removes NAME.
int32_t putenv_string(WindowsProcess& p, const std::string& s) {
  size_t eq = s.find('=');
  if (eq == std::string::npos) {
    *msvcrt_errno(p) = EINVAL;
    return -1;
  }
  return put_environment(p, s.substr(0, eq), s.substr(eq + 1));
}
int32_t _putenv_(WindowsProcess& p, CStr s) { return putenv_string(p, ansi_text(p, s.c_str())); }
int32_t _wputenv_(WindowsProcess& p, WStr s) { return putenv_string(p, utf16_to_utf8(s.str())); }
int32_t _putenv_s_(WindowsProcess& p, CStr name, CStr value) {
  return put_environment(p, ansi_text(p, name.c_str()), ansi_text(p, value.c_str())) == 0 ? 0 : *msvcrt_errno(p);
}
int32_t _wputenv_s_(WindowsProcess& p, WStr name, WStr value) {
  return put_environment(p, utf16_to_utf8(name.str()), utf16_to_utf8(value.str())) == 0 ? 0 : *msvcrt_errno(p);
}

// ---- _popen ----

// The process of each stream _popen made.
std::map<uint64_t, uint64_t>& popen_processes() {
  static std::map<uint64_t, uint64_t> m;
  return m;
}

// "r": the command's standard output is the stream's; "w": its standard input. Text mode unless
// "b" (or _fmode says binary and there is no "t").
Ptr popen_of(WindowsProcess& p, const std::string& command, const std::string& mode) {
  bool read = true, binary = get<int32_t>(msvcrt_data(p, "_fmode", 8)) == 0x8000, valid = false;
  for (char c : mode) {
    if (c == 'r' || c == 'w') {
      if (valid) return Ptr((*msvcrt_errno(p) = EINVAL, 0));
      read = c == 'r';
      valid = true;
    } else if (c == 'b' || c == 't') {
      binary = c == 'b';
    }
  }
  if (!valid) return Ptr((*msvcrt_errno(p) = EINVAL, 0));
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Ptr((*msvcrt_errno(p) = errno, 0));
  const int mine = read ? fds[0] : fds[1], theirs = read ? fds[1] : fds[0];
  const int inherit = ChildRequest::kInherit;
  std::array<int, 3> std_fds = {read ? inherit : theirs, read ? theirs : inherit, inherit};
  uint64_t h = run_command(p, command, std_fds);
  ::close(theirs);
  if (!h) {
    ::close(mine);
    return Ptr(0);
  }
  crt_descriptor_open(p, mine, binary);
  uint64_t f = msvcrt_open_stream(p, mine, std::string(read ? "r" : "w") + (binary ? "b" : ""));
  popen_processes()[f] = h;
  return Ptr(f);
}
Ptr _popen_(WindowsProcess& p, Ptr command, Ptr mode) {
  if (!command || !mode) return Ptr((*msvcrt_errno(p) = EINVAL, 0));
  return popen_of(p, ansi_text(p, command.as<const char>()), mode.as<const char>());
}
Ptr _wpopen_(WindowsProcess& p, Ptr command, Ptr mode) {
  if (!command || !mode) return Ptr((*msvcrt_errno(p) = EINVAL, 0));
  return popen_of(p, narrow(p, command, true), narrow(p, mode, true));
}

// Closes the stream, then waits for the command: its exit code (-1 for a stream not from _popen).
int32_t _pclose_(WindowsProcess& p, Ptr f) {
  auto it = popen_processes().find(f.addr);
  if (!f || it == popen_processes().end()) {
    *msvcrt_errno(p) = f ? EBADF : EINVAL;
    return -1;
  }
  uint64_t h = it->second;
  popen_processes().erase(it);
  msvcrt_close_stream(p, f.addr);
  uint32_t code = 0;
  bool ok = wait_for_process(p, h, code);
  close_handle(p, h);
  if (!ok) {
    *msvcrt_errno(p) = ECHILD;
    return -1;
  }
  return static_cast<int32_t>(code);
}

// _pipe(fds, size, mode): a host pipe as two descriptors of the C runtime; _O_BINARY or _O_TEXT.
// (_O_NOINHERIT changes nothing: descriptors beyond the standard ones are not inherited here.)
int32_t _pipe_(WindowsProcess& p, Ptr fds, uint32_t, int32_t mode) {
  int f[2];
  if (::pipe2(f, O_CLOEXEC) != 0) {
    *msvcrt_errno(p) = errno;
    return -1;
  }
  const bool binary = (mode & 0x8000) || (!(mode & 0x4000) && get<int32_t>(msvcrt_data(p, "_fmode", 8)) == 0x8000);
  crt_descriptor_open(p, f[0], binary);
  crt_descriptor_open(p, f[1], binary);
  put<int32_t>(fds.addr, f[0]);
  put<int32_t>(fds.addr + 4, f[1]);
  return 0;
}

}  // namespace

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp).
const std::vector<Export>& msvcrt_process_exports() {
  static const std::vector<Export> exports = {
      EXPORT("_spawnl", (spawn_l<false, false, false>)),
      EXPORT("_spawnle", (spawn_l<false, true, false>)),
      EXPORT("_spawnlp", (spawn_l<false, false, true>)),
      EXPORT("_spawnlpe", (spawn_l<false, true, true>)),
      EXPORT("_spawnv", (spawn_v<false, false>)),
      EXPORT("_spawnve", (spawn_ve<false, false>)),
      EXPORT("_spawnvp", (spawn_v<false, true>)),
      EXPORT("_spawnvpe", (spawn_ve<false, true>)),
      EXPORT("_wspawnl", (spawn_l<true, false, false>)),
      EXPORT("_wspawnle", (spawn_l<true, true, false>)),
      EXPORT("_wspawnlp", (spawn_l<true, false, true>)),
      EXPORT("_wspawnlpe", (spawn_l<true, true, true>)),
      EXPORT("_wspawnv", (spawn_v<true, false>)),
      EXPORT("_wspawnve", (spawn_ve<true, false>)),
      EXPORT("_wspawnvp", (spawn_v<true, true>)),
      EXPORT("_wspawnvpe", (spawn_ve<true, true>)),
      EXPORT("_execl", (exec_l<false, false, false>)),
      EXPORT("_execle", (exec_l<false, true, false>)),
      EXPORT("_execlp", (exec_l<false, false, true>)),
      EXPORT("_execlpe", (exec_l<false, true, true>)),
      EXPORT("_execv", (exec_v<false, false>)),
      EXPORT("_execve", (exec_ve<false, false>)),
      EXPORT("_execvp", (exec_v<false, true>)),
      EXPORT("_execvpe", (exec_ve<false, true>)),
      EXPORT("_wexecl", (exec_l<true, false, false>)),
      EXPORT("_wexecle", (exec_l<true, true, false>)),
      EXPORT("_wexeclp", (exec_l<true, false, true>)),
      EXPORT("_wexeclpe", (exec_l<true, true, true>)),
      EXPORT("_wexecv", (exec_v<true, false>)),
      EXPORT("_wexecve", (exec_ve<true, false>)),
      EXPORT("_wexecvp", (exec_v<true, true>)),
      EXPORT("_wexecvpe", (exec_ve<true, true>)),
      EXPORT("_cwait", _cwait_),
      EXPORT("system", system_),
      EXPORT("_wsystem", _wsystem_),
      EXPORT("_popen", _popen_),
      EXPORT("_wpopen", _wpopen_),
      EXPORT("_pclose", _pclose_),
      EXPORT("_pipe", _pipe_),
      EXPORT("_putenv", _putenv_),
      EXPORT("_wputenv", _wputenv_),
      EXPORT("_putenv_s", _putenv_s_),
      EXPORT("_wputenv_s", _wputenv_s_),
  };
  return exports;
}

}  // namespace polyrun::shims
