#include "shims/core/command_line.h"

namespace polyrun::shims {

std::string windows_command_line(const std::vector<std::string>& argv) {
  std::string out;
  for (size_t i = 0; i < argv.size(); ++i) {
    if (i) out += ' ';
    const std::string& a = argv[i];
    bool quote = a.empty() || a.find_first_of(" \t\"") != std::string::npos;
    if (!quote) {
      out += a;
      continue;
    }
    out += '"';
    size_t backslashes = 0;
    for (char c : a) {
      if (c == '\\') {
        ++backslashes;
        continue;
      }
      if (c == '"') out.append(backslashes * 2 + 1, '\\');
      else out.append(backslashes, '\\');
      backslashes = 0;
      out += c;
    }
    out.append(backslashes * 2, '\\');
    out += '"';
  }
  return out;
}

// Splits the command line with the rules of the Microsoft C runtime (backslashes before quotes).
std::vector<std::string> split_command_line(const std::string& cmd) {
  std::vector<std::string> args;
  size_t i = 0;
  while (i < cmd.size()) {
    while (i < cmd.size() && (cmd[i] == ' ' || cmd[i] == '\t')) ++i;
    if (i >= cmd.size()) break;
    std::string arg;
    bool quoted = false;
    while (i < cmd.size() && (quoted || (cmd[i] != ' ' && cmd[i] != '\t'))) {
      size_t bs = 0;
      while (i < cmd.size() && cmd[i] == '\\') ++bs, ++i;
      if (i < cmd.size() && cmd[i] == '"') {
        arg.append(bs / 2, '\\');
        if (bs % 2) {
          arg += '"';
        } else if (quoted && i + 1 < cmd.size() && cmd[i + 1] == '"') {
          arg += '"';
          ++i;
        } else {
          quoted = !quoted;
        }
        ++i;
      } else {
        arg.append(bs, '\\');
        if (i < cmd.size() && (quoted || (cmd[i] != ' ' && cmd[i] != '\t'))) arg += cmd[i++];
      }
    }
    args.push_back(arg);
  }
  return args;
}

}  // namespace polyrun::shims
