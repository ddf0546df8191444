// Running what the parser made: commands in turn, on success (&&) or failure (||), pipes (each
// side in a copy of the interpreter, as cmd runs each side in a cmd of its own), blocks, IF;
// redirections around a command or block; programs found as cmd finds them and started as
// children: a Windows program through polyrun with its command line exactly as written (handed
// over as CreateProcess hands it, so its exit code comes back whole), a host program directly
// with its arguments split by the C runtime's rules, a batch file in this interpreter.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "common/own_executable.h"
#include "loader/format.h"
#include "programs/cmd/cmd.h"
#include "shims/core/command_line.h"
#include "shims/core/path_mapping.h"
#include "shims/core/windows_handoff.h"

extern char** environ;

namespace polyrun::cmd {

State& state() {
  static State s;
  return s;
}

// The handles the interpreter's own parent handed to it, handed on to the Windows programs it
// starts (their descriptors are open here at the same numbers).
shims::Handoff& inherited_handoff() {
  static shims::Handoff h;
  return h;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r"), b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}
bool iequals(const std::string& a, const std::string& b) { return lower(a) == lower(b); }

const std::string* get_var(const std::string& name) {
  for (auto& [k, v] : state().env)
    if (iequals(k, name)) return &v;
  return nullptr;
}
void set_var(const std::string& name, const std::string* value) {
  auto& env = state().env;
  for (auto it = env.begin(); it != env.end(); ++it) {
    if (iequals(it->first, name)) {
      if (value) it->second = *value;
      else env.erase(it);
      return;
    }
  }
  if (value) env.emplace_back(name, *value);
}
std::vector<std::string> environment_block() {
  std::vector<std::string> out;
  for (auto& [k, v] : state().env) out.push_back(k + "=" + v);
  return out;
}

namespace {
void write_all(int fd, const std::string& s) {
  size_t at = 0;
  while (at < s.size()) {
    ssize_t n = ::write(fd, s.data() + at, s.size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    at += static_cast<size_t>(n);
  }
}
}  // namespace
void write_out(const std::string& s) { write_all(1, s); }
void write_err(const std::string& s) { write_all(2, s); }

std::string current_directory() { return shims::windows_current_directory(); }
std::string host_path(const std::string& windows_path) {
  if (!windows_path.empty() && windows_path[0] == '/') return windows_path;  // a host path already
  return shims::windows_to_host_path(shims::windows_full_path(windows_path));
}

std::vector<std::string> split_words(const std::string& s, bool also_delimiters) {
  std::vector<std::string> out;
  std::string w;
  bool q = false, have = false;
  for (char c : s) {
    if (c == '"') q = !q;
    bool sep = !q && (c == ' ' || c == '\t' || (also_delimiters && (c == ',' || c == ';' || c == '=')));
    if (sep) {
      if (have) out.push_back(w);
      w.clear();
      have = false;
      continue;
    }
    w += c;
    have = true;
  }
  if (have) out.push_back(w);
  return out;
}

namespace {

bool is_regular(const std::string& host) {
  struct stat st;
  return ::stat(host.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::vector<std::string> path_extensions() {
  std::string pe = ".COM;.EXE;.BAT;.CMD";
  if (const std::string* v = get_var("PATHEXT")) pe = *v;
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= pe.size()) {
    size_t end = pe.find(';', at);
    if (end == std::string::npos) end = pe.size();
    if (end > at) out.push_back(lower(pe.substr(at, end - at)));
    at = end + 1;
  }
  return out;
}

std::vector<std::string> path_directories() {
  std::vector<std::string> dirs;
  if (const std::string* path = get_var("PATH")) {
    const char sep = path->find(';') != std::string::npos || (path->size() > 1 && (*path)[1] == ':') ? ';' : ':';
    size_t at = 0;
    while (at <= path->size()) {
      size_t end = path->find(sep, at);
      if (end == std::string::npos) end = path->size();
      if (end > at) dirs.push_back(unquote(path->substr(at, end - at)));
      at = end + 1;
    }
  }
  return dirs;
}

bool stopped() {
  State& s = state();
  return s.exit_all || s.goto_done || (!s.batches.empty() && s.batches.back().ended);
}

struct SavedFds {
  std::vector<std::pair<int, int>> saved;  // descriptor, its copy (-1: it was closed)
  void restore() {
    for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
      if (it->second >= 0) {
        ::dup2(it->second, it->first);
        ::close(it->second);
      } else {
        ::close(it->first);
      }
    }
    saved.clear();
  }
};

std::string expand_runtime(const std::string& text) {
  std::string t = expand_for_vars(text);
  if (state().delayed) t = expand_delayed(t);
  return t;
}

bool apply_redirections(const std::vector<Redirection>& rs, SavedFds& sv) {
  for (const Redirection& r : rs) {
    int fd;
    if (r.to_fd >= 0) {
      fd = ::fcntl(r.to_fd, F_DUPFD_CLOEXEC, 10);
      if (fd < 0) {
        write_err("The handle could not be duplicated\r\nduring redirection of handle " + std::to_string(r.fd) + ".\r\n");
        return false;
      }
    } else {
      std::string name = unquote(expand_runtime(r.target));
      std::string host = iequals(name, "nul") ? "/dev/null" : host_path(name);
      int flags = r.fd == 0 ? O_RDONLY : O_WRONLY | O_CREAT | (r.append ? O_APPEND : O_TRUNC);
      fd = ::open(host.c_str(), flags | O_CLOEXEC, 0666);
      if (fd < 0) {
        write_err(errno == ENOENT && r.fd == 0 ? "The system cannot find the file specified.\r\n"
                  : errno == ENOENT           ? "The system cannot find the path specified.\r\n"
                                              : "Access is denied.\r\n");
        return false;
      }
    }
    int copy = ::fcntl(r.fd, F_DUPFD_CLOEXEC, 10);
    sv.saved.emplace_back(r.fd, copy);
    ::dup2(fd, r.fd);
    ::close(fd);
  }
  return true;
}

int status_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

int wait_child(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 1;
  }
  return status_code(status);
}

// A copy of the interpreter that runs `f` and ends with its errorlevel.
template <typename F>
pid_t fork_interpreter(F f) {
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    f();
    State& s = state();
    ::_exit((s.exit_all ? s.exit_code : s.errorlevel) & 0xff);
  }
  return pid;
}

bool run_command(const Node& n) {
  State& s = state();
  std::string text = expand_runtime(n.text);
  size_t a = text.find_first_not_of(" \t@");
  text = a == std::string::npos ? "" : text.substr(a);
  if (text.empty() && n.redirections.empty()) return true;
  SavedFds sv;
  if (!apply_redirections(n.redirections, sv)) {
    sv.restore();
    s.errorlevel = 1;
    return false;
  }
  bool ok = true;
  if (!text.empty() && text[0] != ':') {
    size_t end = command_name_end(text);
    std::string name = lower(text.substr(0, end));
    if (is_builtin(name)) {
      int code = run_builtin(name, text.substr(end));
      ok = code == 0;
    } else {
      int code = run_external(text);
      s.errorlevel = code;
      ok = code == 0;
    }
  }
  sv.restore();
  return ok;
}

// IF's condition.
bool condition_holds(const Node& n) {
  std::vector<std::string> c;
  for (const auto& w : n.condition) c.push_back(expand_runtime(w));
  bool r = false;
  std::string k = lower(c[0]);
  if (c.size() == 2 && k == "exist") {
    std::string name = unquote(c[1]);
    std::string dir;
    std::vector<std::string> names;
    if (name.find_first_of("*?") != std::string::npos) {
      r = shims::list_matching(shims::windows_full_path(name), dir, names) && !names.empty();
    } else {
      struct stat st;
      r = ::stat(host_path(name).c_str(), &st) == 0;
    }
  } else if (c.size() == 2 && k == "defined") {
    r = get_var(c[1]) != nullptr;
  } else if (c.size() == 2 && k == "errorlevel") {
    r = state().errorlevel >= std::atoi(c[1].c_str());
  } else if (c.size() == 2 && k == "cmdextversion") {
    r = 2 >= std::atoi(c[1].c_str());
  } else {
    std::string x = c[0], op = c[1], y = c[2];
    if (op == "==") {
      r = n.if_icase ? iequals(x, y) : x == y;
    } else {
      // Numbers compare as numbers (decimal, 0x hexadecimal, 0 octal), anything else as text.
      auto number = [](const std::string& t, long long& v) {
        if (t.empty()) return false;
        char* end = nullptr;
        v = std::strtoll(t.c_str(), &end, 0);
        return *end == '\0';
      };
      long long vx, vy;
      int cmp;
      if (number(x, vx) && number(y, vy)) cmp = vx < vy ? -1 : vx > vy ? 1 : 0;
      else cmp = n.if_icase ? lower(x).compare(lower(y)) : x.compare(y);
      r = op == "equ" ? cmp == 0 : op == "neq" ? cmp != 0 : op == "lss" ? cmp < 0 : op == "leq" ? cmp <= 0
        : op == "gtr" ? cmp > 0 : cmp >= 0;
    }
  }
  return n.if_not ? !r : r;
}

}  // namespace

void run_node(const NodePtr& n);
namespace {
bool run(const NodePtr& n) {
  if (!n || stopped()) return true;
  switch (n->kind) {
    case Node::Kind::Command:
      return run_command(*n);
    case Node::Kind::Sequence:
      run(n->left);
      if (stopped()) return true;
      return run(n->right);
    case Node::Kind::And: {
      bool ok = run(n->left);
      if (!ok || stopped()) return ok;
      return run(n->right);
    }
    case Node::Kind::Or: {
      bool ok = run(n->left);
      if (ok || stopped()) return ok;
      return run(n->right);
    }
    case Node::Kind::Pipe: {
      int fds[2];
      if (::pipe2(fds, O_CLOEXEC) != 0) return false;
      pid_t a = fork_interpreter([&] {
        ::dup2(fds[1], 1);
        ::close(fds[0]);
        ::close(fds[1]);
        state().batches.clear();
        run(n->left);
      });
      pid_t b = fork_interpreter([&] {
        ::dup2(fds[0], 0);
        ::close(fds[0]);
        ::close(fds[1]);
        state().batches.clear();
        run(n->right);
      });
      ::close(fds[0]);
      ::close(fds[1]);
      if (a > 0) wait_child(a);
      int code = b > 0 ? wait_child(b) : 1;
      state().errorlevel = code;
      return code == 0;
    }
    case Node::Kind::Block: {
      SavedFds sv;
      if (!apply_redirections(n->redirections, sv)) {
        sv.restore();
        state().errorlevel = 1;
        return false;
      }
      bool ok = run(n->left);
      sv.restore();
      return ok;
    }
    case Node::Kind::If:
      if (condition_holds(*n)) return run(n->left);
      return n->right ? run(n->right) : true;
    case Node::Kind::For:
      return run_for(*n) == 0;
  }
  return true;
}
}  // namespace

void run_node(const NodePtr& n) { run(n); }

// The prompt (PROMPT, $P$G when unset) that ECHO ON shows before each command of a batch file:
// $P the current directory, $G >, $L <, $B |, $Q =, $S a blank, $N the drive, $_ a line end,
// $$ a dollar sign.
std::string prompt_text() {
  const std::string* p = get_var("PROMPT");
  std::string spec = p ? *p : "$P$G", out;
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] != '$' || i + 1 == spec.size()) {
      out += spec[i];
      continue;
    }
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(spec[++i])));
    switch (c) {
      case 'P': out += current_directory(); break;
      case 'G': out += '>'; break;
      case 'L': out += '<'; break;
      case 'B': out += '|'; break;
      case 'Q': out += '='; break;
      case 'S': out += ' '; break;
      case 'N': out += current_directory().substr(0, 1); break;
      case '_': out += "\r\n"; break;
      case '$': out += '$'; break;
      default: break;
    }
  }
  return out;
}

void run_line(const std::string& line, bool (*more)(std::string&, void*), void* ctx) {
  State& s = state();
  bool in_batch = !s.batches.empty();
  std::string text = expand_percent(line, in_batch);
  size_t a = text.find_first_not_of(" \t");
  if (a == std::string::npos) return;
  if (in_batch && text[a] == ':') return;  // a label
  if (in_batch && s.echo && text[a] != '@') write_out("\r\n" + prompt_text() + trim(text) + "\r\n");
  bool error = false;
  NodePtr n = parse_line(text, more, ctx, error);
  if (error) {
    s.errorlevel = 255;
    for (auto& b : s.batches) b.ended = true;  // a syntax error ends the batch files
    return;
  }
  run(n);
}

std::string find_command(const std::string& name) {
  if (name.empty()) return "";
  std::vector<std::string> exts = path_extensions();
  std::vector<std::string> names;
  size_t sep = name.find_last_of("\\/:");
  size_t dot = name.rfind('.');
  bool has_ext = dot != std::string::npos && (sep == std::string::npos || dot > sep);
  if (has_ext && std::find(exts.begin(), exts.end(), lower(name.substr(dot))) != exts.end()) names.push_back(name);
  for (const auto& e : exts) names.push_back(name + e);
  if (!has_ext || names.front() != name) names.push_back(name);  // polyrun's addition: a host program
  auto check = [](const std::string& dir, const std::string& n) -> std::string {
    if (!dir.empty() && dir[0] == '/') {
      std::string host = dir + (dir.back() == '/' ? "" : "/") + n;
      return is_regular(host) ? shims::host_to_windows_path(host) : "";
    }
    std::string win = shims::windows_full_path(dir.empty() ? n : dir + (dir.back() == '\\' ? "" : "\\") + n);
    if (shims::is_system_cmd(win)) return win;
    return is_regular(shims::windows_to_host_path(win)) ? win : "";
  };
  if (sep != std::string::npos) {
    for (const auto& n : names)
      if (std::string f = check("", n); !f.empty()) return f;
    return "";
  }
  std::vector<std::string> dirs = {current_directory()};
  for (auto& d : path_directories()) dirs.push_back(d);
  dirs.push_back("C:\\windows\\system32");  // where cmd.exe is (polyrun has no other file there)
  for (const auto& d : dirs)
    for (const auto& n : names)
      if (std::string f = check(d, n); !f.empty()) return f;
  return "";
}

namespace {

// Starts the program at `found` (a Windows path) for the command `text`: its pid, or -1 with a
// message written.
pid_t start_program(const std::string& found, const std::string& text, std::shared_ptr<shims::SharedCell>& cell,
                    const std::vector<std::string>& extra_env = {}) {
  std::string host = shims::windows_to_host_path(found);
  bool own_cmd = shims::is_system_cmd(found);
  loader::FileKind kind;
  if (!own_cmd) {
    try {
      kind = loader::identify(host);
    } catch (const std::exception&) {
      kind.format = loader::Format::Unknown;
    }
  }
  std::vector<std::string> argv, env = environment_block();
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  std::string exe;
  int handoff_fd = -1;
  if (own_cmd || kind.format == loader::Format::Pe) {
    argv = {own_executable().empty() ? "polyrun" : own_executable()};
    if (own_cmd) argv.push_back("--windows-cmd");
    argv.insert(argv.end(), state().child_options.begin(), state().child_options.end());
    argv.push_back("--");
    if (!own_cmd) argv.push_back(host);
    shims::Handoff h = inherited_handoff();
    h.command_line = text;
    h.startup_reserved.clear();
    h.suspend_fd = -1;
    cell = shims::SharedCell::create();
    h.exit_report_fd = cell ? cell->fd : -1;
    handoff_fd = shims::write_handoff(h);
    env.push_back(std::string(shims::kHandoffVariable) + "=" + std::to_string(handoff_fd));
  } else if (kind.format == loader::Format::Elf || kind.format == loader::Format::Script) {
    std::vector<std::string> args = shims::split_command_line(text);
    if (kind.format == loader::Format::Elf && kind.isa != Isa::X86_64) {
      argv = {own_executable().empty() ? "polyrun" : own_executable()};
      if (!args.empty()) argv.insert(argv.end(), {"-0", args[0]});
      argv.insert(argv.end(), {"--", host});
      if (!args.empty()) argv.insert(argv.end(), args.begin() + 1, args.end());
    } else {
      exe = host;
      argv = args;
      if (argv.empty()) argv.push_back(host);
    }
  } else {
    write_err("The system cannot execute the specified program.\r\n");
    return -1;
  }
  std::vector<char*> av, ev;
  for (auto& s : argv) av.push_back(s.data());
  av.push_back(nullptr);
  for (auto& s : env) ev.push_back(s.data());
  ev.push_back(nullptr);
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    if (handoff_fd >= 0) ::fcntl(handoff_fd, F_SETFD, 0);
    if (cell) ::fcntl(cell->fd, F_SETFD, 0);
    ::signal(SIGPIPE, SIG_DFL);
    if (exe.empty()) exec_own(av.data(), ev.data());
    else ::execve(exe.c_str(), av.data(), ev.data());
    ::_exit(127);
  }
  if (handoff_fd >= 0) ::close(handoff_fd);
  return pid;
}

int finish_program(pid_t pid, const std::shared_ptr<shims::SharedCell>& cell) {
  int code = wait_child(pid);
  if (cell && cell->page->exit_set.load() == 1) return static_cast<int>(cell->page->exit_code.load());
  return code;
}

// The program's name in a command (quotes removed) and where its arguments start.
std::string program_name(const std::string& text, size_t& rest) {
  size_t i = text.find_first_not_of(" \t");
  std::string name;
  bool q = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      q = !q;
      continue;
    }
    if (!q && (c == ' ' || c == '\t')) break;
    name += c;
  }
  rest = i;
  return name;
}

}  // namespace

int run_external(const std::string& text) {
  size_t rest = 0;
  std::string name = program_name(text, rest);
  std::string found = find_command(name);
  if (found.empty()) {
    write_err("'" + name + "' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n");
    return 9009;
  }
  size_t dot = found.rfind('.');
  std::string ext = dot == std::string::npos ? "" : lower(found.substr(dot));
  if (ext == ".bat" || ext == ".cmd") {
    std::vector<std::string> args = split_words(text.substr(rest));
    args.insert(args.begin(), text.substr(text.find_first_not_of(" \t"), rest - text.find_first_not_of(" \t")));
    return run_batch(found, args, false);
  }
  std::shared_ptr<shims::SharedCell> cell;
  pid_t pid = start_program(found, trim(text), cell);
  if (pid < 0) return 1;
  return finish_program(pid, cell);
}

// START: the program (or batch file, in a new interpreter) without waiting, unless /WAIT.
int start_detached(const std::string& text, bool wait) {
  size_t rest = 0;
  std::string name = program_name(text, rest);
  std::string found = find_command(name);
  if (found.empty()) {
    write_err("The system cannot find the file " + name + ".\r\n");
    return 9059;
  }
  std::string command = trim(text);
  size_t dot = found.rfind('.');
  std::string ext = dot == std::string::npos ? "" : lower(found.substr(dot));
  if (ext == ".bat" || ext == ".cmd") {
    command = "cmd /c " + command;
    found = shims::kSystemCmd;
  }
  std::shared_ptr<shims::SharedCell> cell;
  pid_t pid = start_program(found, command, cell);
  if (pid < 0) return 1;
  if (wait) return finish_program(pid, cell);
  return 0;
}

std::string capture_output(const std::string& text) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return "";
  pid_t pid = fork_interpreter([&] {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    State& s = state();
    s.batches.clear();
    s.echo = false;
    run_line(text, nullptr, nullptr);
  });
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  if (pid > 0) wait_child(pid);
  return out;
}

}  // namespace polyrun::cmd
