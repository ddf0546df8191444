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
// system() and _popen() run `cmd.exe /c COMMAND` on Windows. polyrun has no cmd.exe file; it does
// what cmd would for this much of its language, for them and (start_command) for CreateProcess of
// cmd.exe, which ComSpec names (C:\windows\system32\cmd.exe, path_mapping.h):
//  - cmd's rule for the quotes of a /c command first (two quotes around the name of a program with
//    a space in it stay; otherwise a leading quote and the last one go), then %NAME% becomes the
//    variable's value where NAME is set.
//  - A command that is one program and its arguments (no & | < > ( ) ^ outside quotes) starts that
//    program as cmd would: looked for in the current directory, then along PATH, with .com .exe
//    .bat .cmd appended to a name without extension (and, as above, the name as it is). A Windows
//    program gets the command line as written; the command's exit code is the program's, all 32
//    bits. A name found nowhere: cmd's message on stderr, and 9009.
//  - Anything else is translated for the host's /bin/sh: commands joined by & (run in turn), &&,
//    || and |, with the redirections <, >, >>, N>, N>> and N>&M (file names are Windows paths;
//    nul is the null device), each command a program (a Windows program through polyrun, its
//    arguments split as the C runtime splits them) or one of cmd's built-in commands echo (lines
//    end with CR LF, as cmd's; echo. and a bare echo too), exit, set NAME=VALUE, cd DIR, type FILE
//    and rem. Exit codes are then the shell's 8 bits (a name found nowhere gives cmd's message and 1).
//  - Not supported (system() returns -1 and _popen NULL, errno ENOSYS, one line on stderr): cmd's
//    other built-in commands (dir, copy, del, if, for, call, start …) and parentheses. A batch
//    file (.bat, .cmd) is found but does not run (no cmd.exe to run it): ENOEXEC.
#include <fcntl.h>
#include <sys/stat.h>
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
#include "shims/child_process.h"
#include "shims/command_line.h"
#include "shims/guest_memory.h"
#include "shims/path_mapping.h"
#include "shims/shim.h"
#include "shims/text.h"
#include "shims/win_errors.h"
#include "shims/win_result.h"
#include "shims/windows_threads.h"

namespace polyrun::shims {

namespace {

constexpr int32_t kWait = 0, kNoWait = 1, kOverlay = 2, kNoWaitO = 3, kDetach = 4;
constexpr uint32_t kNotRecognized = 9009;  // cmd's exit code for a command it cannot find

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

bool is_file(const std::string& host) {
  struct stat st;
  return ::stat(host.c_str(), &st) == 0 && S_ISREG(st.st_mode);
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
  auto lookup = [](const std::string& win) {
    std::string host = windows_to_host_path(windows_full_path(win));
    return is_file(host) ? host : std::string();
  };
  if (name.find_first_of("\\/:") != std::string::npos) {
    for (const auto& n : names)
      if (std::string h = lookup(n); !h.empty()) return h;
    return "";
  }
  for (const auto& d : dirs)
    for (const auto& n : names)
      if (std::string h = lookup(d + (d.empty() || d.back() == '\\' || d.back() == '/' ? "" : "\\") + n); !h.empty()) return h;
  return "";
}

// A program as cmd looks for it: the current directory, then PATH.
std::string find_command(WindowsProcess& p, const std::string& name) {
  std::vector<std::string> dirs = {windows_current_directory()};
  for (auto& d : search_path(p)) dirs.push_back(std::move(d));
  return find_executable(name, dirs);
}

bool is_windows_program(const std::string& host) {
  try {
    return loader::identify(host).format == loader::Format::Pe;
  } catch (const std::exception&) {
    return false;
  }
}

// Closes a handle of ours made by start_child.
void close_handle(WindowsProcess& p, uint64_t h) {
  p.waitables.erase(h);
  p.inheritable.erase(h);
}

// A process that has ended already (a command cmd could not find): its handle, with its exit code.
uint64_t ended_process(WindowsProcess& p, uint32_t code) {
  auto w = std::make_shared<Waitable>();
  w->kind = Waitable::Kind::Process;
  w->count = 1;
  w->exit_code = code;
  return new_waitable_handle(p, w);
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

// NULL-terminated arrays of narrow or wide strings in guest memory.
std::vector<std::string> string_array(WindowsProcess& p, uint64_t at, bool wide) {
  std::vector<std::string> out;
  if (!at) return out;
  for (uint64_t s; (s = p.get_ptr(at)); at += p.isa->ptr)
    out.push_back(wide ? utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(s)))
                       : std::string(reinterpret_cast<const char*>(s)));
  return out;
}
std::optional<std::vector<std::string>> environment_array(WindowsProcess& p, uint64_t at, bool wide) {
  if (!at) return std::nullopt;
  return string_array(p, at, wide);
}

// The arguments of an _l form, from arg0 to the NULL after the last; an _le form's environment
// pointer follows that NULL.
std::vector<std::string> variadic_strings(VarArgs& va, bool wide, uint64_t first) {
  std::vector<std::string> out;
  for (uint64_t s = first; s; s = va.next_int() & (va.slot_bytes == 4 ? 0xffffffffull : ~0ull))
    out.push_back(wide ? utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(s)))
                       : std::string(reinterpret_cast<const char*>(s)));
  return out;
}
uint64_t next_pointer(VarArgs& va) { return va.next_int() & (va.slot_bytes == 4 ? 0xffffffffull : ~0ull); }

std::string narrow(Ptr s, bool wide) {
  if (!s) return "";
  return wide ? utf16_to_utf8(std::u16string(s.as<const char16_t>())) : std::string(s.as<const char>());
}

// _spawnl(mode, name, arg0, ...), _spawnle(mode, name, arg0, ..., NULL, envp), and the p forms.
template <bool Wide, bool Env, bool Path>
USize spawn_l(WindowsProcess& p, int32_t mode, Ptr name, VarArgs va) {
  std::vector<std::string> args = variadic_strings(va, Wide, next_pointer(va));
  std::optional<std::vector<std::string>> env;
  if (Env) env = environment_array(p, next_pointer(va), Wide);
  return spawn(p, mode, narrow(name, Wide), args, env, Path);
}
template <bool Wide, bool Path>
USize spawn_v(WindowsProcess& p, int32_t mode, Ptr name, Ptr argv) {
  return spawn(p, mode, narrow(name, Wide), string_array(p, argv.addr, Wide), std::nullopt, Path);
}
template <bool Wide, bool Path>
USize spawn_ve(WindowsProcess& p, int32_t mode, Ptr name, Ptr argv, Ptr envp) {
  return spawn(p, mode, narrow(name, Wide), string_array(p, argv.addr, Wide), environment_array(p, envp.addr, Wide), Path);
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

// ---- cmd's commands ----

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// cmd /c's rule for quotes (without /s): exactly two quotes, nothing special between them, a
// space between them, and what is between them the name of a program: kept; otherwise, when the
// command begins with a quote, that quote and the last one are removed.
std::string cmd_quote_rule(WindowsProcess& p, const std::string& command) {
  size_t start = command.find_first_not_of(" \t");
  if (start == std::string::npos || command[start] != '"') return command;
  size_t second = command.find('"', start + 1);
  if (std::count(command.begin(), command.end(), '"') == 2) {
    std::string inner = command.substr(start + 1, second - start - 1);
    if (inner.find_first_of("&<>()@^|") == std::string::npos && inner.find_first_of(" \t") != std::string::npos &&
        !find_command(p, inner).empty())
      return command;
  }
  size_t last = command.rfind('"');
  std::string out = command;
  out.erase(last, 1);
  out.erase(start, 1);
  return out;
}

// %NAME% where NAME is set becomes its value (cmd expands a /c command once, as it reads it).
std::string expand_variables(WindowsProcess& p, const std::string& s) { return p.expand_env(s); }

struct Redirect {
  int fd = 1;
  bool input = false, append = false;
  int to_fd = -1;    // N>&M
  std::string file;  // a Windows path
};
struct Command {
  std::string text;  // the program and its arguments, as written (quotes kept)
  std::vector<Redirect> redirects;
};
struct CommandLine {
  std::vector<Command> commands;
  std::vector<std::string> joins;  // between commands: "&&", "||", "|" or ";"
  bool plain = true;               // one command, nothing but a program and its arguments
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Splits a command into commands, joins and redirections; false (with `error`) for what polyrun
// does not take.
bool parse_command_line(const std::string& s, CommandLine& line, std::string& error) {
  Command cur;
  bool quoted = false;
  auto end_command = [&](const std::string& join) {
    size_t a = cur.text.find_first_not_of(" \t@");
    cur.text = a == std::string::npos ? "" : cur.text.substr(a);
    if (cur.text.empty() && (!join.empty() || !line.commands.empty())) {
      error = "a missing command";
      return false;
    }
    line.commands.push_back(cur);
    if (!join.empty()) line.joins.push_back(join);
    cur = Command{};
    return true;
  };
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '"') quoted = !quoted;
    if (quoted || c == '"') {
      cur.text += c;
      ++i;
      continue;
    }
    if (c == '^') {  // the next character as it is
      line.plain = false;
      if (i + 1 < s.size()) cur.text += s[i + 1];
      i += 2;
      continue;
    }
    if (c == '(' || c == ')') {
      error = "parentheses";
      return false;
    }
    if (c == '&' || c == '|') {
      line.plain = false;
      bool twice = i + 1 < s.size() && s[i + 1] == c;
      if (!end_command(twice ? s.substr(i, 2) : c == '&' ? ";" : "|")) return false;
      i += twice ? 2 : 1;
      continue;
    }
    if (c == '<' || c == '>') {
      line.plain = false;
      Redirect r;
      r.input = c == '<';
      r.fd = r.input ? 0 : 1;
      // A digit just before, standing alone, names the descriptor.
      if (!cur.text.empty() && std::isdigit(static_cast<unsigned char>(cur.text.back())) &&
          (cur.text.size() == 1 || is_blank(cur.text[cur.text.size() - 2]))) {
        r.fd = cur.text.back() - '0';
        cur.text.pop_back();
      }
      ++i;
      if (!r.input && i < s.size() && s[i] == '>') {
        r.append = true;
        ++i;
      }
      if (i < s.size() && s[i] == '&') {
        ++i;
        if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) {
          error = "a redirection to a descriptor that is not a digit";
          return false;
        }
        r.to_fd = s[i++] - '0';
      } else {
        while (i < s.size() && is_blank(s[i])) ++i;
        bool q = false;
        while (i < s.size() && (q || (!is_blank(s[i]) && !std::strchr("&|<>()", s[i])))) {
          if (s[i] == '"') q = !q;
          else r.file += s[i];
          ++i;
        }
        if (r.file.empty()) {
          error = "a redirection without a file";
          return false;
        }
      }
      cur.redirects.push_back(r);
      continue;
    }
    cur.text += c;
    ++i;
  }
  return end_command("");
}

// cmd's built-in command a command is, and what follows its name ("" for a program).
std::string builtin_of(const std::string& text, std::string& rest) {
  size_t n = 0;
  while (n < text.size() && std::isalpha(static_cast<unsigned char>(text[n]))) ++n;
  std::string name = lower(text.substr(0, n));
  static const char* const kBuiltins[] = {
      "echo", "exit", "set", "cd", "chdir", "type", "rem", "dir", "copy", "del", "erase", "md", "mkdir", "rd",
      "rmdir", "ren", "rename", "move", "pushd", "popd", "path", "prompt", "title", "call", "start", "if", "for",
      "goto", "shift", "setlocal", "endlocal", "verify", "vol", "pause", "color", "date", "time", "cls", "ver",
      "mklink", "assoc", "ftype", "break"};
  bool known = false;
  for (const char* b : kBuiltins) known |= name == b;
  if (!known) return "";
  // echo takes one delimiter (a blank or .:;,/\[]+=( ) before its text; the others a blank.
  if (n == text.size()) {
    rest.clear();
    return name;
  }
  char d = text[n];
  if (is_blank(d) || (name == "echo" && std::strchr(".:;,/\\[]+=(", d))) {
    rest = text.substr(n + 1);
    if (name == "echo" && !is_blank(d)) rest = "\x01" + rest;  // echo. : its text even if empty
    return name;
  }
  return "";
}

// One command as the shell runs it; false (with `error`) for a command polyrun does not take.
bool shell_command(WindowsProcess& p, const Command& c, std::string& out, std::string& error) {
  std::string rest;
  std::string builtin = builtin_of(c.text, rest);
  auto trimmed = [](std::string s) {
    size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
  };
  if (builtin == "echo") {
    bool dotted = !rest.empty() && rest[0] == '\x01';
    if (dotted) rest.erase(0, 1);
    std::string word = lower(trimmed(rest));
    if (!dotted && rest.empty()) out = "printf 'ECHO is on.\\r\\n'";
    else if (!dotted && (word == "on" || word == "off")) out = ":";
    else out = "printf '%s\\r\\n' " + shell_quote(rest);
  } else if (builtin == "exit") {
    std::string a = trimmed(rest);
    if (lower(a.substr(0, 2)) == "/b") a = trimmed(a.substr(2));
    out = "exit " + std::to_string(a.empty() ? 0 : std::atoi(a.c_str()));
  } else if (builtin == "rem") {
    out = ":";
  } else if (builtin == "set") {
    std::string a = trimmed(rest);
    size_t eq = a.find('=');
    std::string name = eq == std::string::npos ? "" : a.substr(0, eq);
    bool identifier = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                      std::all_of(name.begin(), name.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
    if (!identifier) {
      error = "set without NAME=VALUE";
      return false;
    }
    out = name + "=" + shell_quote(a.substr(eq + 1)) + "; export " + name;
  } else if (builtin == "cd" || builtin == "chdir") {
    std::string a = trimmed(rest);
    if (lower(a.substr(0, 2)) == "/d") a = trimmed(a.substr(2));
    a.erase(std::remove(a.begin(), a.end(), '"'), a.end());
    if (a.empty()) {
      error = "cd without a directory";
      return false;
    }
    out = "cd -- " + shell_quote(windows_to_host_path(windows_full_path(a)));
  } else if (builtin == "type") {
    std::vector<std::string> files = split_command_line(rest);
    if (files.size() != 1) {
      error = "type of other than one file";
      return false;
    }
    out = "cat -- " + shell_quote(windows_to_host_path(windows_full_path(files[0])));
  } else if (!builtin.empty()) {
    error = "cmd's built-in command " + builtin;
    return false;
  } else {
    std::vector<std::string> argv = split_command_line(c.text);
    if (argv.empty()) {
      error = "a missing command";
      return false;
    }
    std::string host = find_command(p, argv[0]);
    if (host.empty()) {
      out = "{ printf '%s\\r\\n' " + shell_quote("'" + argv[0] + "' is not recognized as an internal or external command,") +
            " 'operable program or batch file.' >&2; false; }";
    } else {
      std::vector<std::string> words;
      if (is_windows_program(host)) {
        words = polyrun_command(p);
        words.push_back("--");
      }
      words.push_back(host);
      words.insert(words.end(), argv.begin() + 1, argv.end());
      for (size_t i = 0; i < words.size(); ++i) out += (i ? " " : "") + shell_quote(words[i]);
    }
  }
  for (const Redirect& r : c.redirects) {
    out += ' ';
    out += std::to_string(r.fd);
    out += r.input ? "<" : r.append ? ">>" : ">";
    if (r.to_fd >= 0) {
      out += '&';
      out += std::to_string(r.to_fd);
    } else {
      std::string host = lower(r.file) == "nul" ? "/dev/null" : windows_to_host_path(windows_full_path(r.file));
      out += shell_quote(host);
    }
  }
  return true;
}

}  // namespace

// What cmd /c would run for `command` (start_command in child_process.h).
bool start_command(WindowsProcess& p, const std::string& command, const ChildRequest& base, ChildStarted& out) {
  std::string text = expand_variables(p, cmd_quote_rule(p, command));
  CommandLine line;
  std::string error;
  if (!parse_command_line(text, line, error)) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: %s: cmd.exe's %s is not supported\n", command.c_str(), error.c_str());
    return fail(p, ERROR_NOT_SUPPORTED);
  }
  ChildRequest r = base;
  const std::array<int, 3> std_fds = base.std_fds;
  std::string rest;
  const Command& first = line.commands.front();
  if (line.plain && first.redirects.empty() && builtin_of(first.text, rest).empty()) {
    // One program: started as cmd starts it, with the command line as written.
    std::vector<std::string> argv = split_command_line(first.text);
    std::string host = argv.empty() ? "" : find_command(p, argv[0]);
    if (host.empty()) {
      std::string word = argv.empty() ? first.text : argv[0];
      std::string message = "'" + word + "' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n";
      int err_fd = std_fds[2] == ChildRequest::kInherit ? 2 : std_fds[2];
      if (err_fd >= 0) (void)!::write(err_fd, message.data(), message.size());
      out.process = ended_process(p, kNotRecognized);
      out.thread = ended_process(p, kNotRecognized);
      return true;
    }
    r.application = host_to_windows_path(host);
    r.command_line = first.text;
  } else {
    std::string script;
    for (size_t i = 0; i < line.commands.size(); ++i) {
      std::string one;
      if (!shell_command(p, line.commands[i], one, error)) {
        std::fflush(stdout);
        std::fprintf(stderr, "polyrun: %s: %s is not supported\n", command.c_str(), error.c_str());
        return fail(p, ERROR_NOT_SUPPORTED);
      }
      script += one;
      if (i < line.joins.size()) script += " " + line.joins[i] + " ";
    }
    log().debug("command {} runs as: /bin/sh -c {}", command, script);
    r.application = "/bin/sh";
    r.host_argv = {"/bin/sh", "-c", script};
    r.command_line = "/bin/sh -c " + script;
  }
  return start_child(p, r, out);
}

namespace {

// What cmd /c would run for `command`, started with the given standard descriptors: a process
// handle (one that has ended for a program cmd could not find); 0 with errno set when polyrun
// cannot run it.
uint64_t run_command(WindowsProcess& p, const std::string& command, std::array<int, 3> std_fds) {
  ChildRequest r;
  r.inherit_handles = true;
  r.std_fds = std_fds;
  ChildStarted started;
  if (!start_command(p, command, r, started)) {
    *msvcrt_errno(p) = p.last_error() == ERROR_NOT_SUPPORTED ? ENOSYS : errno_from_win(p.last_error());
    return 0;
  }
  close_handle(p, started.thread);
  return started.process;
}

// system(NULL): whether there is a command processor (polyrun's: the host's /bin/sh).
int32_t system_of(WindowsProcess& p, const std::optional<std::string>& command) {
  if (!command) return ::access("/bin/sh", X_OK) == 0 ? 1 : 0;
  const int inherit = ChildRequest::kInherit;
  uint64_t h = run_command(p, *command, {inherit, inherit, inherit});
  if (!h) return -1;
  uint32_t code = 0;
  bool ok = wait_for_process(p, h, code);
  close_handle(p, h);
  return ok ? static_cast<int32_t>(code) : -1;
}
int32_t system_(WindowsProcess& p, Ptr command) {
  return system_of(p, command ? std::optional<std::string>(command.as<const char>()) : std::nullopt);
}
int32_t _wsystem_(WindowsProcess& p, Ptr command) {
  return system_of(p, command ? std::optional<std::string>(narrow(command, true)) : std::nullopt);
}

// ---- the environment children get ----

// Sets (or, with an empty value, removes) a variable of the program's environment: what getenv
// reads (the C runtime's _environ, made again when it exists) and what children inherit.
int32_t put_environment(WindowsProcess& p, const std::string& name, const std::string& value) {
  if (name.empty() || name.find('=') != std::string::npos) {
    *msvcrt_errno(p) = EINVAL;
    return -1;
  }
  p.set_env(name, value.empty() ? nullptr : &value);
  uint64_t environ_var = msvcrt_data(p, "_environ");
  if (p.get_ptr(environ_var)) {
    uint64_t array = p.alloc_data((p.env.size() + 1) * p.isa->ptr);
    for (size_t i = 0; i < p.env.size(); ++i) {
      uint64_t s = p.alloc_data(p.env[i].size() + 1);
      std::memcpy(guest_pointer(s), p.env[i].c_str(), p.env[i].size() + 1);
      p.put_ptr(array + i * p.isa->ptr, s);
    }
    p.put_ptr(environ_var, array);
  }
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
int32_t _putenv_(WindowsProcess& p, CStr s) { return putenv_string(p, s.str()); }
int32_t _wputenv_(WindowsProcess& p, WStr s) { return putenv_string(p, utf16_to_utf8(s.str())); }
int32_t _putenv_s_(WindowsProcess& p, CStr name, CStr value) {
  return put_environment(p, name.str(), value.str()) == 0 ? 0 : *msvcrt_errno(p);
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
  p.fd_binary[mine] = binary;
  uint64_t f = msvcrt_open_stream(p, mine, std::string(read ? "r" : "w") + (binary ? "b" : ""));
  popen_processes()[f] = h;
  return Ptr(f);
}
Ptr _popen_(WindowsProcess& p, Ptr command, Ptr mode) {
  if (!command || !mode) return Ptr((*msvcrt_errno(p) = EINVAL, 0));
  return popen_of(p, command.as<const char>(), mode.as<const char>());
}
Ptr _wpopen_(WindowsProcess& p, Ptr command, Ptr mode) {
  if (!command || !mode) return Ptr((*msvcrt_errno(p) = EINVAL, 0));
  return popen_of(p, narrow(command, true), narrow(mode, true));
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
  p.fd_binary[f[0]] = p.fd_binary[f[1]] = binary;
  put<int32_t>(fds.addr, f[0]);
  put<int32_t>(fds.addr + 4, f[1]);
  return 0;
}

}  // namespace

// These join msvcrt.dll's table (msvcrt.cpp).
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
