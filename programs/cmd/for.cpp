// FOR: over a set of words and file names (wildcards: the files that match; /D: the directories),
// /L over numbers (start, step, end), /R over a tree of directories, /F over the lines of files,
// of a string or of a command's output, each cut into tokens (tokens=, delims=, skip=, eol=,
// usebackq). The body runs once for each value with the variable (and for /F the letters after
// it, one a token) set.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "programs/cmd/cmd.h"
#include "shims/core/path_mapping.h"

namespace polyrun::cmd {

namespace {

bool loop_stopped() {
  State& s = state();
  return s.exit_all || s.goto_done || (!s.batches.empty() && s.batches.back().ended);
}

// Runs the body with the variables set; false when the loop must stop (GOTO, EXIT).
bool iterate(const Node& n, const std::vector<std::pair<char, std::string>>& values) {
  State& s = state();
  for (auto& v : values) s.for_vars.push_back(v);
  run_node(n.left);
  for (size_t i = 0; i < values.size(); ++i) s.for_vars.pop_back();
  return !loop_stopped();
}

bool is_dir(const std::string& host) {
  struct stat st;
  return ::stat(host.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The items of a plain FOR (or /D) in the directory `dir` ("" for the current one, as written).
bool run_items(const Node& n, const std::vector<std::string>& items, const std::string& dir, bool dirs_only) {
  for (const auto& item : items) {
    std::string word = item;
    if (word.find_first_of("*?") == std::string::npos) {
      if (dirs_only) continue;
      if (!iterate(n, {{n.for_var, dir.empty() ? word : dir + "\\" + word}})) return false;
      continue;
    }
    std::string written = unquote(word);
    if (!dir.empty()) written = dir + "\\" + written;
    std::string full = shims::windows_full_path(written);
    std::string host_dir;
    std::vector<std::string> names;
    if (!shims::list_matching(full, host_dir, names)) continue;
    size_t slash = written.find_last_of("\\/");
    std::string prefix = slash == std::string::npos ? "" : written.substr(0, slash + 1);
    for (const auto& name : names) {
      if (name == "." || name == "..") continue;
      if (is_dir(host_dir + "/" + name) != dirs_only) continue;
      if (!iterate(n, {{n.for_var, prefix + name}})) return false;
    }
  }
  return true;
}

bool walk(const Node& n, const std::vector<std::string>& items, const std::string& dir) {
  if (!run_items(n, items, dir, false)) return false;
  std::string host = shims::windows_to_host_path(dir);
  DIR* d = ::opendir(host.c_str());
  if (!d) return true;
  std::vector<std::string> subs;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != ".." && is_dir(host + "/" + name)) subs.push_back(name);
  }
  ::closedir(d);
  std::sort(subs.begin(), subs.end(), [](const std::string& a, const std::string& b) { return lower(a) < lower(b); });
  for (const auto& s : subs)
    if (!walk(n, items, dir + (dir.back() == '\\' ? "" : "\\") + s)) return false;
  return true;
}

struct FOptions {
  std::vector<int> tokens = {1};
  bool rest = false;  // a trailing *: the rest of the line after the last token
  std::string delims = " \t";
  char eol = ';';
  bool has_eol = true;
  int skip = 0;
  bool usebackq = false;
};

bool parse_options(const std::string& text, FOptions& o) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    std::string rest = lower(text.substr(i));
    if (rest.compare(0, 7, "delims=") == 0) {
      i += 7;
      // Up to the end, or to a blank followed by another option (a blank as the last delimiter
      // stays one).
      size_t end = i;
      while (end < text.size()) {
        if (text[end] == ' ' && end + 1 < text.size() && std::isalpha(static_cast<unsigned char>(text[end + 1])) &&
            text.find('=', end) != std::string::npos) {
          std::string next = lower(text.substr(end + 1));
          if (next.compare(0, 4, "eol=") == 0 || next.compare(0, 5, "skip=") == 0 || next.compare(0, 7, "tokens=") == 0 ||
              next.compare(0, 8, "usebackq") == 0 || next.compare(0, 7, "delims=") == 0)
            break;
        }
        ++end;
      }
      o.delims = text.substr(i, end - i);
      i = end;
    } else if (rest.compare(0, 4, "eol=") == 0) {
      i += 4;
      if (i < text.size()) o.eol = text[i++];
      else o.has_eol = false;
    } else if (rest.compare(0, 5, "skip=") == 0) {
      i += 5;
      o.skip = std::atoi(text.c_str() + i);
      while (i < text.size() && text[i] != ' ') ++i;
    } else if (rest.compare(0, 8, "usebackq") == 0) {
      o.usebackq = true;
      i += 8;
    } else if (rest.compare(0, 7, "tokens=") == 0) {
      i += 7;
      o.tokens.clear();
      size_t end = text.find(' ', i);
      std::string spec = text.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? text.size() : end;
      size_t at = 0;
      while (at < spec.size()) {
        if (spec[at] == '*') {
          o.rest = true;
          ++at;
          continue;
        }
        size_t comma = spec.find(',', at);
        std::string part = spec.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        at = comma == std::string::npos ? spec.size() : comma + 1;
        if (!part.empty() && part.back() == '*') {
          o.rest = true;
          part.pop_back();
        }
        if (part.empty()) continue;
        size_t dash = part.find('-');
        int a = std::atoi(part.c_str()), b = dash == std::string::npos ? a : std::atoi(part.c_str() + dash + 1);
        if (a <= 0 || b < a) return false;
        for (int t = a; t <= b; ++t) o.tokens.push_back(t);
      }
      std::sort(o.tokens.begin(), o.tokens.end());
      o.tokens.erase(std::unique(o.tokens.begin(), o.tokens.end()), o.tokens.end());
    } else {
      return false;
    }
  }
  return true;
}

// One line of FOR /F: its tokens into the variables; false when the loop must stop.
bool run_f_line(const Node& n, const FOptions& o, const std::string& line) {
  if (line.empty()) return true;
  if (o.has_eol && line[0] == o.eol) return true;
  // The tokens: runs of non-delimiters.
  std::vector<std::pair<size_t, size_t>> spans;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && o.delims.find(line[i]) != std::string::npos) ++i;
    if (i >= line.size()) break;
    size_t start = i;
    while (i < line.size() && o.delims.find(line[i]) == std::string::npos) ++i;
    spans.emplace_back(start, i);
  }
  std::vector<std::pair<char, std::string>> values;
  char var = n.for_var;
  bool any = false;
  for (int t : o.tokens) {
    std::string v;
    if (static_cast<size_t>(t) <= spans.size()) {
      auto [a, b] = spans[static_cast<size_t>(t) - 1];
      v = line.substr(a, b - a);
      any = true;
    }
    values.emplace_back(var++, v);
  }
  if (o.rest) {
    size_t last = o.tokens.empty() ? 0 : static_cast<size_t>(o.tokens.back());
    std::string v;
    if (last < spans.size()) {
      v = line.substr(spans[last].first);
      any = true;
    }
    values.emplace_back(var++, v);
  }
  if (!any) return true;
  return iterate(n, values);
}

bool run_f_text(const Node& n, const FOptions& o, const std::string& text, int& skipped) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (skipped < o.skip) {
      ++skipped;
      continue;
    }
    if (!run_f_line(n, o, line)) return false;
  }
  return true;
}

std::string read_file(const std::string& host, bool& ok) {
  std::string out;
  FILE* f = std::fopen(host.c_str(), "rb");
  ok = f != nullptr;
  if (!f) return out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

int run_f(const Node& n, const std::string& set) {
  FOptions o;
  if (!parse_options(n.for_options, o)) {
    write_err(n.for_options + " was unexpected at this time.\r\n");
    state().errorlevel = 255;
    return 255;
  }
  std::string s = trim(set);
  char cmd_quote = o.usebackq ? '`' : '\'';
  char str_quote = o.usebackq ? '\'' : '"';
  int skipped = 0;
  if (!s.empty() && s[0] == cmd_quote && s.back() == cmd_quote && s.size() >= 2) {
    std::string out = capture_output(s.substr(1, s.size() - 2));
    run_f_text(n, o, out, skipped);
    return 0;
  }
  if (!s.empty() && s[0] == str_quote && s.back() == str_quote && s.size() >= 2) {
    run_f_line(n, o, s.substr(1, s.size() - 2));
    return 0;
  }
  for (const auto& w : split_words(s, false)) {
    bool ok;
    std::string text = read_file(host_path(unquote(w)), ok);
    if (!ok) {
      write_err("The system cannot find the file " + unquote(w) + ".\r\n");
      state().errorlevel = 1;
      return 1;
    }
    if (!run_f_text(n, o, text, skipped)) break;
  }
  return 0;
}

}  // namespace

int run_for(const Node& n) {
  std::string set = expand_for_vars(n.for_set);
  if (state().delayed) set = expand_delayed(set);
  if (n.for_switch == "/l") {
    auto w = split_words(set);
    long long v[3] = {0, 0, 0};
    for (size_t i = 0; i < 3 && i < w.size(); ++i) v[i] = std::strtoll(w[i].c_str(), nullptr, 0);
    long long start = v[0], step = v[1], end = v[2];
    if (step == 0) return 0;
    for (long long i = start; step > 0 ? i <= end : i >= end; i += step)
      if (!iterate(n, {{n.for_var, std::to_string(i)}})) break;
    return 0;
  }
  if (n.for_switch == "/f") return run_f(n, set);
  if (n.for_switch == "/r") {
    std::string root = n.for_root.empty() ? current_directory() : shims::windows_full_path(expand_for_vars(n.for_root));
    walk(n, split_words(set), root);
    return 0;
  }
  run_items(n, split_words(set), "", n.for_switch == "/d");
  return 0;
}

}  // namespace polyrun::cmd
