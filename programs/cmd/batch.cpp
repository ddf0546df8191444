// Batch files: read whole, run a line at a time (a line that opens a parenthesis takes the lines
// up to its close), each line %-expanded as it is read. GOTO looks for the label after the current
// line, then from the top; :EOF is the end. CALL :label runs the same file from the label with new
// arguments until its end (or EXIT /B, GOTO :EOF) and returns; CALL of another batch file returns
// too, while naming one without CALL hands the rest of the run to it. At the end of a batch file
// (or a CALLed label) its SETLOCALs still open are undone.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "programs/cmd/cmd.h"
#include "shims/core/path_mapping.h"

namespace polyrun::cmd {

namespace {

bool read_lines(const std::string& host, std::vector<std::string>& lines) {
  int fd = ::open(host.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::string text;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    // (a Ctrl-Z ends a batch file's text)
    size_t eof = line.find('\x1a');
    if (eof != std::string::npos) {
      lines.push_back(line.substr(0, eof));
      return true;
    }
    lines.push_back(line);
    at = end + 1;
  }
  return true;
}

// The next line of the running batch file, for a command that continues past its line.
bool next_line(std::string& out, void*) {
  State& s = state();
  if (s.batches.empty()) return false;
  Batch& b = s.batches.back();
  if (b.next >= b.lines.size()) return false;
  out = expand_percent(b.lines[b.next++], true);
  return true;
}

// Runs the batch context pushed last until it ends; pops it. The errorlevel.
int run_context() {
  State& s = state();
  const size_t index = s.batches.size() - 1;
  for (;;) {
    Batch& b = s.batches[index];
    if (b.ended || s.exit_all || s.abort_batches || b.next >= b.lines.size()) break;
    std::string line = b.lines[b.next++];
    s.goto_done = false;
    run_line(line, next_line, nullptr);
  }
  s.goto_done = false;
  end_locals_to(s.batches[index].setlocal_depth);
  s.batches.pop_back();
  if (s.batches.empty()) s.abort_batches = false;
  return s.errorlevel;
}

// The line index of `label` in `lines` (searched from `from` to the end, then from the top),
// or -1.
long find_label(const std::vector<std::string>& lines, size_t from, const std::string& label) {
  auto matches = [&](const std::string& line) {
    size_t a = line.find_first_not_of(" \t");
    if (a == std::string::npos || line[a] != ':') return false;
    size_t b = a + 1;
    size_t e = line.find_first_of(" \t+:", b);
    std::string name = line.substr(b, e == std::string::npos ? std::string::npos : e - b);
    return iequals(name, label);
  };
  for (size_t i = from; i < lines.size(); ++i)
    if (matches(lines[i])) return static_cast<long>(i);
  for (size_t i = 0; i < from && i < lines.size(); ++i)
    if (matches(lines[i])) return static_cast<long>(i);
  return -1;
}

}  // namespace

int run_batch(const std::string& path, const std::vector<std::string>& args, bool call) {
  State& s = state();
  Batch b;
  b.path = shims::windows_full_path(path);
  if (!read_lines(shims::windows_to_host_path(b.path), b.lines)) {
    write_err("The batch file cannot be found.\r\n");
    return 1;
  }
  b.args = args;
  b.setlocal_depth = s.locals.size();
  // Without CALL, a batch file named inside another takes over: the other does not go on.
  if (!call && !s.batches.empty()) s.batches.back().ended = true;
  s.batches.push_back(std::move(b));
  return run_context();
}

int call_label(const std::string& label, const std::vector<std::string>& args) {
  State& s = state();
  const Batch& cur = s.batches.back();
  long at = find_label(cur.lines, cur.next, label);
  if (at < 0) {
    write_err("The system cannot find the batch label specified - " + label + "\r\n");
    s.errorlevel = 1;
    return 1;
  }
  Batch b;
  b.path = cur.path;
  b.lines = cur.lines;
  b.next = static_cast<size_t>(at) + 1;
  b.args = args;
  b.setlocal_depth = s.locals.size();
  s.batches.push_back(std::move(b));
  return run_context();
}

bool goto_label(const std::string& label) {
  State& s = state();
  Batch& b = s.batches.back();
  long at = find_label(b.lines, b.next, label);
  if (at < 0) return false;
  b.next = static_cast<size_t>(at) + 1;
  s.goto_done = true;
  return true;
}

std::string batch_arg(size_t n) {
  State& s = state();
  if (s.batches.empty()) return "";
  const Batch& b = s.batches.back();
  size_t i = n + b.shift;
  return i < b.args.size() ? b.args[i] : "";
}

std::string batch_arg_for_modifiers(size_t n) {
  State& s = state();
  if (s.batches.empty()) return "";
  const Batch& b = s.batches.back();
  if (n + b.shift == 0) return b.path;  // %~f0 and the like: the batch file's own path
  return batch_arg(n);
}

std::string batch_all_args() {
  State& s = state();
  if (s.batches.empty()) return "";
  const Batch& b = s.batches.back();
  std::string out;
  for (size_t i = 1; i < b.args.size(); ++i) out += (i > 1 ? " " : "") + b.args[i];
  return out;
}

}  // namespace polyrun::cmd
