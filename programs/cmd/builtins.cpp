// cmd's built-in commands: ECHO, SET, SETLOCAL/ENDLOCAL, CD/CHDIR, PUSHD/POPD, TYPE, DIR, COPY,
// DEL/ERASE, MD/MKDIR, RD/RMDIR, MOVE, REN/RENAME, TITLE, VER, PATH, PROMPT, START, EXIT, GOTO,
// CALL, SHIFT, REM, PAUSE, CLS and the few that change nothing here (VERIFY, VOL, COLOR, BREAK).
// Messages and exit codes are cmd's (Microsoft's command-line reference, wine's cmd as the check).
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "programs/cmd/cmd.h"
#include "shims/core/path_mapping.h"
#include "shims/core/windows_version.h"

namespace polyrun::cmd {

namespace {

const char* const kBuiltins[] = {"echo",  "set",   "setlocal", "endlocal", "cd",     "chdir", "pushd",  "popd",
                                 "type",  "dir",   "copy",     "del",      "erase",  "md",    "mkdir",  "rd",
                                 "rmdir", "move",  "ren",      "rename",   "title",  "ver",   "path",   "prompt",
                                 "start", "exit",  "goto",     "call",     "shift",  "rem",   "pause",  "cls",
                                 "verify", "vol",  "color",    "break"};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string host_of(const std::string& name) {
  return iequals(name, "nul") ? "/dev/null" : host_path(unquote(name));
}

bool exists_dir(const std::string& host) {
  struct stat st;
  return ::stat(host.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Switches (/x, lower case) and the other words of a command's arguments.
void split_switches(const std::string& args, std::vector<std::string>& switches, std::vector<std::string>& words) {
  for (auto& w : split_words(args, false)) {
    if (w.size() >= 2 && w[0] == '/') {
      // "/b/s": several switches
      size_t at = 0;
      while (at < w.size() && w[at] == '/') {
        size_t end = w.find('/', at + 1);
        if (end == std::string::npos) end = w.size();
        switches.push_back(lower(w.substr(at, end - at)));
        at = end;
      }
    } else {
      words.push_back(w);
    }
  }
}
bool has_switch(const std::vector<std::string>& sw, const char* s) {
  return std::find(sw.begin(), sw.end(), s) != sw.end();
}

// The files a name (with wildcards or not) stands for: Windows paths.
std::vector<std::string> matching(const std::string& spec, bool files_only) {
  std::string full = shims::windows_full_path(unquote(spec));
  std::vector<std::string> out;
  size_t slash = full.find_last_of('\\');
  std::string dir = full.substr(0, slash + 1);
  if (full.find_first_of("*?") == std::string::npos) {
    struct stat st;
    if (::stat(shims::windows_to_host_path(full).c_str(), &st) == 0 && !(files_only && S_ISDIR(st.st_mode)))
      out.push_back(full);
    return out;
  }
  std::string host_dir;
  std::vector<std::string> names;
  if (!shims::list_matching(full, host_dir, names)) return out;
  for (const auto& n : names) {
    if (n == "." || n == "..") continue;
    struct stat st;
    if (files_only && ::stat((host_dir + "/" + n).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    out.push_back(dir + n);
  }
  return out;
}

int fail(int code, const std::string& message) {
  if (!message.empty()) write_err(message + "\r\n");
  state().errorlevel = code;
  return code;
}

int echo(const std::string& args) {
  State& s = state();
  if (args.empty() || (is_blank(args[0]) && trim(args).empty())) {
    write_out(std::string("ECHO is ") + (s.echo ? "on." : "off.") + "\r\n");
    return 0;
  }
  std::string rest = args.substr(1);
  if (is_blank(args[0])) {
    std::string t = lower(trim(rest));
    if (t == "on" || t == "off") {
      s.echo = t == "on";
      return 0;
    }
  }
  write_out(rest + "\r\n");
  return 0;
}

void list_variables(const std::string& prefix, bool& any) {
  auto env = state().env;
  std::sort(env.begin(), env.end(), [](const auto& a, const auto& b) { return lower(a.first) < lower(b.first); });
  any = false;
  for (auto& [k, v] : env) {
    if (lower(k).compare(0, prefix.size(), lower(prefix)) != 0) continue;
    write_out(k + "=" + v + "\r\n");
    any = true;
  }
}

int set(const std::string& raw) {
  std::string args = raw;
  size_t a = args.find_first_not_of(" \t");
  args = a == std::string::npos ? "" : args.substr(a);
  if (args.empty()) {
    bool any;
    list_variables("", any);
    return 0;
  }
  std::string head = lower(args.substr(0, 2));
  if (head == "/a" && (args.size() == 2 || is_blank(args[2]) || args[2] == '"')) return set_arithmetic(args.substr(2));
  if (head == "/p" && (args.size() == 2 || is_blank(args[2]))) {
    std::string rest = trim(args.substr(2));
    if (!rest.empty() && rest[0] == '"') rest = rest.substr(1, rest.rfind('"') > 0 ? rest.rfind('"') - 1 : std::string::npos);
    size_t eq = rest.find('=');
    if (eq == std::string::npos || eq == 0) return fail(1, "The syntax of the command is incorrect.");
    std::string name = rest.substr(0, eq), prompt = rest.substr(eq + 1);
    write_out(prompt);
    std::string line;
    char c;
    bool got = false;
    for (;;) {
      ssize_t n = ::read(0, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got = true;
      if (c == '\n') break;
      line += c;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!got || line.empty()) return fail(1, "");
    set_var(name, &line);
    return 0;
  }
  if (args[0] == '"') {
    size_t last = args.rfind('"');
    args = last == 0 ? args.substr(1) : args.substr(1, last - 1);
  }
  size_t eq = args.find('=');
  if (eq == std::string::npos) {
    std::string prefix = trim(args);
    bool any;
    list_variables(prefix, any);
    if (!any) return fail(1, "Environment variable " + prefix + " not defined");
    return 0;
  }
  if (eq == 0) return fail(1, "The syntax of the command is incorrect.");
  std::string name = args.substr(0, eq), value = args.substr(eq + 1);
  set_var(name, value.empty() ? nullptr : &value);
  return 0;
}

int change_directory(const std::string& raw, bool print_when_empty) {
  std::string arg = trim(raw);
  if (lower(arg.substr(0, 2)) == "/d" && (arg.size() == 2 || is_blank(arg[2]))) arg = trim(arg.substr(2));
  arg = unquote(arg);
  // (a name with blanks may be written without quotes)
  if (arg.empty()) {
    if (print_when_empty) write_out(current_directory() + "\r\n");
    return 0;
  }
  std::string host = host_path(arg);
  if (!exists_dir(host) || ::chdir(host.c_str()) != 0)
    return fail(1, "The system cannot find the path specified.");
  return 0;
}

int type(const std::string& args) {
  auto words = split_words(args, false);
  if (words.empty()) return fail(1, "The syntax of the command is incorrect.");
  int code = 0;
  for (const auto& w : words) {
    auto files = matching(w, true);
    if (files.empty()) {
      code = fail(1, "The system cannot find the file specified.");
      continue;
    }
    for (const auto& f : files) {
      if (words.size() > 1 || files.size() > 1) {
        std::string name = f.substr(f.find_last_of('\\') + 1);
        write_err("\r\n" + name + "\r\n\r\n\r\n");
      }
      int fd = ::open(shims::windows_to_host_path(f).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        code = fail(1, "Access is denied.");
        continue;
      }
      char buf[65536];
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0) write_out(std::string(buf, static_cast<size_t>(n)));
      ::close(fd);
    }
  }
  return code;
}

std::string with_commas(unsigned long long v) {
  std::string s = std::to_string(v), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

int dir(const std::string& args) {
  std::vector<std::string> sw, words;
  split_switches(args, sw, words);
  bool bare = has_switch(sw, "/b");
  if (words.empty()) words.push_back("*");
  int code = 0;
  for (auto w : words) {
    std::string spec = shims::windows_full_path(unquote(w));
    if (spec.find_first_of("*?") == std::string::npos && exists_dir(shims::windows_to_host_path(spec)))
      spec += "\\*";
    std::string host_dir;
    std::vector<std::string> names;
    std::string dir_name = spec.substr(0, spec.find_last_of('\\'));
    if (dir_name.size() == 2) dir_name += '\\';
    if (!shims::list_matching(spec, host_dir, names) || names.empty()) {
      if (!bare) write_out(" Directory of " + dir_name + "\r\n\r\n");
      code = fail(1, "File Not Found");
      continue;
    }
    if (!bare) write_out(" Directory of " + dir_name + "\r\n\r\n");
    unsigned files = 0, dirs = 0;
    unsigned long long bytes = 0;
    for (const auto& n : names) {
      if (bare && (n == "." || n == "..")) continue;
      if (bare) {
        write_out(n + "\r\n");
        continue;
      }
      struct stat st;
      if (::stat((host_dir + "/" + n).c_str(), &st) != 0) continue;
      std::tm tm{};
      std::time_t t = st.st_mtime;
      ::localtime_r(&t, &tm);
      char when[64];
      std::strftime(when, sizeof when, "%m/%d/%Y  %I:%M %p", &tm);
      char line[512];
      if (S_ISDIR(st.st_mode)) {
        ++dirs;
        std::snprintf(line, sizeof line, "%s    <DIR>          %s\r\n", when, n.c_str());
      } else {
        ++files;
        bytes += static_cast<unsigned long long>(st.st_size);
        std::snprintf(line, sizeof line, "%s %17s %s\r\n", when, with_commas(static_cast<unsigned long long>(st.st_size)).c_str(),
                      n.c_str());
      }
      write_out(line);
    }
    if (!bare) {
      char line[256];
      std::snprintf(line, sizeof line, "%16u File(s) %14s bytes\r\n%16u Dir(s)\r\n", files, with_commas(bytes).c_str(), dirs);
      write_out(line);
    }
  }
  return code;
}

bool copy_file(const std::string& from_host, const std::string& to_host, bool append = false) {
  int in = ::open(from_host.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return false;
  int out = ::open(to_host.c_str(), O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC) | O_CLOEXEC, 0666);
  if (out < 0) {
    ::close(in);
    return false;
  }
  char buf[65536];
  ssize_t n;
  bool ok = true;
  while ((n = ::read(in, buf, sizeof buf)) > 0)
    if (::write(out, buf, static_cast<size_t>(n)) != n) ok = false;
  ::close(in);
  ::close(out);
  return ok && n == 0;
}

// COPY and MOVE: sources (a name or wildcard) into a file or directory.
int copy_or_move(const std::string& args, bool move) {
  std::vector<std::string> sw, words;
  split_switches(args, sw, words);
  if (words.empty()) return fail(1, "The syntax of the command is incorrect.");
  std::string target = words.size() > 1 ? words[1] : ".";
  auto sources = matching(words[0], true);
  if (sources.empty()) return fail(1, "The system cannot find the file specified.");
  std::string target_host = host_of(target);
  bool into_dir = exists_dir(target_host);
  // COPY of several files (a wildcard) to one file joins them into it: one file copied.
  bool joining = !move && !into_dir && sources.size() > 1;
  unsigned done = 0;
  for (size_t i = 0; i < sources.size(); ++i) {
    const std::string& s = sources[i];
    std::string name = s.substr(s.find_last_of('\\') + 1);
    std::string to = into_dir ? target_host + "/" + name : target_host;
    std::string from = shims::windows_to_host_path(s);
    bool ok = move ? ::rename(from.c_str(), to.c_str()) == 0 : copy_file(from, to, joining && i > 0);
    if (!ok) {
      write_err(move ? "Access is denied.\r\n" : "The system cannot find the path specified.\r\n");
      continue;
    }
    if (!move && sources.size() > 1) write_out(name + "\r\n");
    if (!joining || i == 0) ++done;
  }
  write_out("        " + std::to_string(done) + " file(s) " + (move ? "moved" : "copied") + ".\r\n");
  if (done == 0) return fail(1, "");
  return 0;
}

int del(const std::string& args) {
  std::vector<std::string> sw, words;
  split_switches(args, sw, words);
  if (words.empty()) return fail(1, "The syntax of the command is incorrect.");
  for (const auto& w : words) {
    std::string full = shims::windows_full_path(unquote(w));
    std::string host = shims::windows_to_host_path(full);
    std::vector<std::string> files;
    if (exists_dir(host)) files = matching(full + "\\*", true);
    else files = matching(full, true);
    if (files.empty()) {
      if (!exists_dir(host)) write_err("Could Not Find " + full + "\r\n");
      continue;
    }
    for (const auto& f : files) {
      if (::unlink(shims::windows_to_host_path(f).c_str()) != 0) write_err(f + "\r\nAccess is denied.\r\n");
    }
  }
  return 0;
}

int make_directory(const std::string& args) {
  auto words = split_words(args, false);
  if (words.empty()) return fail(1, "The syntax of the command is incorrect.");
  int code = 0;
  for (const auto& w : words) {
    std::string full = shims::windows_full_path(unquote(w));
    if (::access(shims::windows_to_host_path(full).c_str(), F_OK) == 0) {
      code = fail(1, "A subdirectory or file " + unquote(w) + " already exists.");
      continue;
    }
    // Every missing directory on the way.
    for (size_t at = 3; at <= full.size(); ++at) {
      if (at == full.size() || full[at] == '\\') {
        std::string part = shims::windows_to_host_path(full.substr(0, at));
        if (!exists_dir(part) && ::mkdir(part.c_str(), 0777) != 0) {
          code = fail(1, "The system cannot find the path specified.");
          break;
        }
      }
    }
  }
  return code;
}

bool remove_tree(const std::string& host) {
  DIR* d = ::opendir(host.c_str());
  if (!d) return false;
  bool ok = true;
  while (struct dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    std::string p = host + "/" + n;
    struct stat st;
    if (::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) ok &= remove_tree(p);
    else ok &= ::unlink(p.c_str()) == 0;
  }
  ::closedir(d);
  return ::rmdir(host.c_str()) == 0 && ok;
}

int remove_directory(const std::string& args) {
  std::vector<std::string> sw, words;
  split_switches(args, sw, words);
  if (words.empty()) return fail(1, "The syntax of the command is incorrect.");
  int code = 0;
  for (const auto& w : words) {
    std::string host = host_of(w);
    if (!exists_dir(host)) {
      code = fail(2, ::access(host.c_str(), F_OK) == 0 ? "The directory name is invalid."
                                                       : "The system cannot find the file specified.");
      continue;
    }
    if (has_switch(sw, "/s")) {
      if (!remove_tree(host)) code = fail(1, "Access is denied.");
    } else if (::rmdir(host.c_str()) != 0) {
      code = fail(145, errno == ENOTEMPTY || errno == EEXIST ? "The directory is not empty." : "Access is denied.");
    }
  }
  return code;
}

int rename_file(const std::string& args) {
  auto words = split_words(args, false);
  if (words.size() != 2) return fail(1, "The syntax of the command is incorrect.");
  std::string new_name = unquote(words[1]);
  if (new_name.find_first_of("\\/:") != std::string::npos) return fail(1, "The syntax of the command is incorrect.");
  auto sources = matching(words[0], false);
  if (sources.empty()) return fail(1, "The system cannot find the file specified.");
  for (const auto& s : sources) {
    std::string from = shims::windows_to_host_path(s);
    std::string to = from.substr(0, from.find_last_of('/') + 1) + new_name;
    if (::access(to.c_str(), F_OK) == 0) return fail(1, "A duplicate file name exists, or the file\r\ncannot be found.");
    if (::rename(from.c_str(), to.c_str()) != 0) return fail(1, "Access is denied.");
  }
  return 0;
}

int path(const std::string& raw) {
  std::string args = trim(raw);
  if (args.empty()) {
    const std::string* v = get_var("PATH");
    write_out(v ? "PATH=" + *v + "\r\n" : "PATH=(null)\r\n");
    return 0;
  }
  if (args == ";") {
    set_var("PATH", nullptr);
    return 0;
  }
  if (args[0] == '=') args = args.substr(1);
  set_var("PATH", &args);
  return 0;
}

int start(const std::string& raw) {
  std::string args = trim(raw);
  // A first quoted argument is the window's title.
  if (!args.empty() && args[0] == '"') {
    size_t end = args.find('"', 1);
    args = trim(end == std::string::npos ? "" : args.substr(end + 1));
  }
  bool wait = false;
  while (!args.empty() && args[0] == '/') {
    size_t end = args.find_first_of(" \t");
    std::string sw = lower(args.substr(0, end));
    args = trim(end == std::string::npos ? "" : args.substr(end));
    if (sw == "/wait") wait = true;
    else if (sw == "/d" && !args.empty()) {  // the directory the program starts in: the next word
      size_t e2 = args[0] == '"' ? args.find('"', 1) + 1 : args.find_first_of(" \t");
      args = trim(e2 == std::string::npos ? "" : args.substr(e2));
    }
  }
  if (args.empty()) return fail(1, "polyrun's cmd: START without a program opens a new console window, which polyrun has not");
  int code = start_detached(args, wait);
  if (code != 0) state().errorlevel = code;
  return code;
}

int exit_command(const std::string& raw) {
  State& s = state();
  auto words = split_words(raw, false);
  bool b = !words.empty() && lower(words[0]) == "/b";
  if (b) words.erase(words.begin());
  if (!words.empty()) s.errorlevel = std::atoi(words[0].c_str());
  if (b && !s.batches.empty()) {
    s.batches.back().ended = true;
    return 0;
  }
  // EXIT ends cmd with the number given (0 without one); EXIT /B outside a batch file ends it
  // with the errorlevel.
  s.exit_all = true;
  s.exit_code = b || !words.empty() ? s.errorlevel : 0;
  return 0;
}

int goto_command(const std::string& raw) {
  auto words = split_words(raw, true);
  State& s = state();
  if (words.empty()) return fail(1, "No batch label specified to GOTO command.");
  if (s.batches.empty()) return 0;  // (outside a batch file GOTO does nothing)
  std::string label = words[0];
  if (label[0] == ':') label = label.substr(1);
  if (iequals(label, "eof")) {
    s.batches.back().ended = true;
    return 0;
  }
  if (!goto_label(label)) {
    // The batch files end, but the rest of the line still runs (what npm's .cmd shims rely on:
    // `endLocal & goto #_undefined_# 2>NUL || title … & "program" …`).
    s.abort_batches = true;
    return fail(1, "The system cannot find the batch label specified - " + label);
  }
  return 0;
}

int call(const std::string& raw) {
  State& s = state();
  std::string args = trim(raw);
  if (args.empty()) return 0;
  if (args[0] == ':') {
    if (s.batches.empty()) return fail(1, "Invalid attempt to call batch label outside of batch script.");
    auto words = split_words(args);
    std::string label = words[0].substr(1);
    return call_label(label, words);
  }
  // CALL expands the command's variables once more.
  std::string text = expand_percent(args, !s.batches.empty());
  size_t end = command_name_end(text);
  std::string name = lower(text.substr(0, end));
  if (is_builtin(name) && name != "if" && name != "for") return run_builtin(name, text.substr(end));
  std::string word;
  bool q = false;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    if (text[i] == '"') {
      q = !q;
      continue;
    }
    if (!q && is_blank(text[i])) break;
    word += text[i];
  }
  std::string found = find_command(word);
  size_t dot = found.rfind('.');
  std::string ext = dot == std::string::npos ? "" : lower(found.substr(dot));
  if (ext == ".bat" || ext == ".cmd") {
    auto words = split_words(text.substr(i));
    words.insert(words.begin(), text.substr(0, i));
    int code = run_batch(found, words, true);
    return code;
  }
  int code = run_external(text);
  s.errorlevel = code;
  return code;
}

int shift(const std::string& raw) {
  State& s = state();
  if (s.batches.empty()) return 0;
  std::string a = lower(trim(raw));
  Batch& b = s.batches.back();
  if (a.size() == 3 && a[0] == '/' && std::isdigit(static_cast<unsigned char>(a[1]))) {
    // SHIFT /n: %n and those after it move down; those before stay.
    size_t n = static_cast<size_t>(a[1] - '0') + b.shift;
    if (n < b.args.size()) b.args.erase(b.args.begin() + static_cast<long>(n));
    return 0;
  }
  ++b.shift;
  return 0;
}

int setlocal(const std::string& raw) {
  State& s = state();
  Locals l{s.env, current_directory(), s.delayed};
  s.locals.push_back(l);
  for (auto& w : split_words(raw)) {
    std::string o = lower(w);
    if (o == "enabledelayedexpansion") s.delayed = true;
    else if (o == "disabledelayedexpansion") s.delayed = false;
    else if (o != "enableextensions" && o != "disableextensions") return fail(1, "Invalid parameter " + w);
  }
  return 0;
}

}  // namespace

void end_locals_to(size_t depth) {
  State& s = state();
  while (s.locals.size() > depth) {
    Locals l = std::move(s.locals.back());
    s.locals.pop_back();
    s.env = std::move(l.env);
    s.delayed = l.delayed;
    std::string host = shims::windows_to_host_path(l.directory);
    if (::chdir(host.c_str()) != 0) {
      // (the directory is gone: stay where we are, as cmd does)
    }
  }
}

int run_builtin_command(const std::string& name, const std::string& args);

size_t command_name_end(const std::string& text) {
  size_t n = 0;
  while (n < text.size() && std::isalpha(static_cast<unsigned char>(text[n]))) ++n;
  std::string name = lower(text.substr(0, n));
  if (is_builtin(name) && (n == text.size() || std::strchr(" \t.:;,/\\[]+=(\"", text[n]))) return n;
  size_t e = 0;
  bool q = false;
  while (e < text.size() && (q || !is_blank(text[e]))) {
    if (text[e] == '"') q = !q;
    ++e;
  }
  return e;
}

bool is_builtin(const std::string& name) {
  for (const char* b : kBuiltins)
    if (name == b) return true;
  return false;
}

int run_builtin(const std::string& name, const std::string& args) {
  // Most commands that are not about the batch file's flow set ERRORLEVEL to 0 when they succeed
  // (ECHO, REM, GOTO, CALL, SHIFT, EXIT, TITLE and the like leave it as it is).
  static const char* const kClearing[] = {"set", "setlocal", "cd", "chdir", "pushd", "popd", "type", "dir", "copy",
                                          "move", "del", "erase", "md", "mkdir", "rd", "rmdir", "ren", "rename",
                                          "ver", "path", "prompt", "start", "verify", "vol"};
  int code = run_builtin_command(name, args);
  if (code == 0)
    for (const char* c : kClearing)
      if (name == c) state().errorlevel = 0;
  return code;
}

int run_builtin_command(const std::string& name, const std::string& args) {
  if (name == "echo") return echo(args);
  if (name == "rem") return 0;
  if (name == "set") return set(args);
  if (name == "setlocal") return setlocal(args);
  if (name == "endlocal") {
    State& s = state();
    size_t floor = s.batches.empty() ? 0 : s.batches.back().setlocal_depth;
    if (s.locals.size() > floor) end_locals_to(s.locals.size() - 1);
    return 0;
  }
  if (name == "cd" || name == "chdir") return change_directory(args, true);
  if (name == "pushd") {
    std::string here = current_directory();
    if (trim(args).empty()) {
      // PUSHD alone lists the directories saved, the last first.
      auto& dirs = state().directories;
      for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) write_out(*it + "\r\n");
      return 0;
    }
    int code = change_directory(args, false);
    if (code == 0) state().directories.push_back(here);
    return code;
  }
  if (name == "popd") {
    State& s = state();
    if (s.directories.empty()) return 0;
    std::string d = s.directories.back();
    s.directories.pop_back();
    if (::chdir(shims::windows_to_host_path(d).c_str()) != 0) return fail(1, "The system cannot find the path specified.");
    return 0;
  }
  if (name == "type") return type(args);
  if (name == "dir") return dir(args);
  if (name == "copy") return copy_or_move(args, false);
  if (name == "move") return copy_or_move(args, true);
  if (name == "del" || name == "erase") return del(args);
  if (name == "md" || name == "mkdir") return make_directory(args);
  if (name == "rd" || name == "rmdir") return remove_directory(args);
  if (name == "ren" || name == "rename") return rename_file(args);
  if (name == "ver") {
    char line[96];
    std::snprintf(line, sizeof line, "\r\nMicrosoft Windows [Version %u.%u.%u]\r\n", shims::kRealVersion.major,
                  shims::kRealVersion.minor, shims::kRealVersion.build);
    write_out(line);
    return 0;
  }
  if (name == "path") return path(args);
  if (name == "prompt") {
    std::string p = trim(args);
    set_var("PROMPT", p.empty() ? nullptr : &p);
    return 0;
  }
  if (name == "start") return start(args);
  if (name == "exit") return exit_command(args);
  if (name == "goto") return goto_command(args);
  if (name == "call") return call(args);
  if (name == "shift") return shift(args);
  if (name == "pause") {
    write_out("Press any key to continue . . . ");
    char c;
    while (::read(0, &c, 1) < 0 && errno == EINTR) {
    }
    write_out("\r\n");
    return 0;
  }
  if (name == "cls") {
    if (::isatty(1)) write_out("\x1b[H\x1b[2J");
    return 0;
  }
  if (name == "verify" && trim(args).empty()) {
    write_out("VERIFY is off.\r\n");  // (writes are not verified: there is nothing to turn on)
    return 0;
  }
  // TITLE (a console window's title: none here), VERIFY ON/OFF, VOL, COLOR, BREAK: nothing to change.
  return 0;
}

}  // namespace polyrun::cmd
