// The interpreter's start: cmd's switches (/C, /K, /S, /Q, /V:ON; /D, /A, /U, /E, /F change nothing
// here), the quote rule of /C's command, the command run, the exit code reported (all 32 bits,
// in the cell a parent polyrun gave) — and the hidden entry polyrun's main() calls. /K runs its
// command as /C does and ends: there is no console session to stay in. Without either, the
// commands are read from standard input, a line at a time, without cmd's banner and prompts.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "common/own_executable.h"
#include "programs/cmd/cmd.h"
#include "shims/core/command_line.h"
#include "shims/core/windows_handoff.h"

extern char** environ;

namespace polyrun::cmd {

int run_interpreter(const std::vector<std::string>& child_options, const std::string& command_line,
                    int exit_report_fd) {
  own_executable();
  State& s = state();
  s.child_options = child_options;
  s.command_line = command_line;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    size_t eq = kv.find('=', 1);
    if (eq == std::string::npos) continue;
    if (kv.compare(0, eq, shims::kHandoffVariable) == 0) continue;
    s.env.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  if (!get_var("COMSPEC")) {
    std::string v = "C:\\windows\\system32\\cmd.exe";
    set_var("ComSpec", &v);
  }
  if (!get_var("PATHEXT")) {
    std::string v = ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC";
    set_var("PATHEXT", &v);
  }
  if (!get_var("PROMPT")) {
    std::string v = "$P$G";
    set_var("PROMPT", &v);
  }
  // The program's name, then cmd's switches up to /C or /K.
  size_t at = 0;
  const std::string& cl = command_line;
  if (at < cl.size() && cl[at] == '"') {
    size_t end = cl.find('"', 1);
    at = end == std::string::npos ? cl.size() : end + 1;
  } else {
    while (at < cl.size() && cl[at] != ' ' && cl[at] != '\t' && cl[at] != '/') ++at;
  }
  bool strip_s = false, have_command = false;
  std::string command;
  for (;;) {
    while (at < cl.size() && (cl[at] == ' ' || cl[at] == '\t')) ++at;
    if (at + 1 >= cl.size() || cl[at] != '/') break;
    char sw = static_cast<char>(std::tolower(static_cast<unsigned char>(cl[at + 1])));
    if (sw == 'c' || sw == 'k') {
      command = cl.substr(at + 2);
      have_command = true;
      break;
    }
    size_t end = at + 1;
    while (end < cl.size() && cl[end] != ' ' && cl[end] != '\t' && cl[end] != '/') ++end;
    std::string word = lower(cl.substr(at, end - at));
    if (word == "/s") strip_s = true;
    else if (word == "/q") s.echo = false;
    else if (word == "/v:on") s.delayed = true;
    else if (word == "/v:off") s.delayed = false;
    at = end;
  }
  auto report = [&](int code) {
    if (exit_report_fd >= 0) {
      if (auto cell = shims::SharedCell::open(exit_report_fd)) cell->report_exit(static_cast<uint32_t>(code));
    }
    std::fflush(nullptr);
    return code;
  };
  if (!have_command) {
    // No /C: the commands are read from standard input, one line at a time.
    std::string line;
    char c;
    for (;;) {
      ssize_t n = ::read(0, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || c == '\n') {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) run_line(line, nullptr, nullptr);
        line.clear();
        if (n <= 0 || s.exit_all) break;
        continue;
      }
      line += c;
    }
    return report(s.exit_all ? s.exit_code : s.errorlevel);
  }
  // cmd /c's rule for quotes: kept when there are exactly two, with nothing special and at least
  // one blank between them, around the name of a program (and no /S); otherwise a leading quote
  // and the last one go.
  size_t first = command.find_first_not_of(" \t");
  if (first != std::string::npos && command[first] == '"') {
    bool keep = false;
    if (!strip_s && std::count(command.begin(), command.end(), '"') == 2) {
      size_t second = command.find('"', first + 1);
      std::string inner = command.substr(first + 1, second - first - 1);
      keep = inner.find_first_of("&<>()@^|") == std::string::npos && inner.find_first_of(" \t") != std::string::npos &&
             !find_command(inner).empty();
    }
    if (!keep) {
      size_t last = command.rfind('"');
      command.erase(last, 1);
      command.erase(first, 1);
    }
  }
  run_line(command, nullptr, nullptr);
  return report(s.exit_all ? s.exit_code : s.errorlevel);
}

int windows_cmd_main(const std::vector<std::string>& args) {
  // polyrun --windows-cmd [polyrun's options for Windows programs] -- [cmd's arguments]: the
  // command line comes from a parent polyrun's hand-off, else from the arguments.
  std::vector<std::string> options, rest;
  size_t i = 2;  // after polyrun's name and --windows-cmd
  while (i < args.size() && args[i] != "--") options.push_back(args[i++]);
  if (i < args.size()) ++i;
  rest.assign(args.begin() + static_cast<long>(i), args.end());
  std::string command_line;
  int exit_report_fd = -1;
  if (const char* v = std::getenv(shims::kHandoffVariable)) {
    shims::Handoff& h = inherited_handoff();
    if (shims::read_handoff(std::atoi(v), h)) {
      command_line = h.command_line;
      exit_report_fd = h.exit_report_fd;
      h.exit_report_fd = -1;
    }
    ::unsetenv(shims::kHandoffVariable);
  }
  if (command_line.empty()) {
    rest.insert(rest.begin(), "cmd.exe");
    command_line = shims::windows_command_line(rest);
  }
  return run_interpreter(options, command_line, exit_report_fd);
}

}  // namespace polyrun::cmd
