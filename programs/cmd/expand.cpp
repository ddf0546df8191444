// cmd's expansions. Phase one, as a line is read: %NAME% (with :old=new, :*old=new replacing and
// :~start,length taking part of the value), and in a batch file %0 to %9, %* and the %~ modifiers
// of the arguments, %% for a single %; outside a batch file an undefined %NAME% stays as written.
// Delayed expansion (SETLOCAL ENABLEDELAYEDEXPANSION, cmd /v:on): !NAME! as each command runs.
// FOR's variables (%i, %~nxi) in the body of the loop as each iteration runs.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <chrono>
#include <cstdlib>
#include <ctime>

#include "programs/cmd/cmd.h"
#include "shims/core/path_mapping.h"

namespace polyrun::cmd {

namespace {

// The dynamic variables cmd provides when no variable of that name is set.
bool dynamic_var(const std::string& name, std::string& out) {
  std::string l = lower(name);
  if (l == "cd") {
    out = current_directory();
  } else if (l == "__cd__") {
    out = current_directory();
    if (out.back() != '\\') out += '\\';
  } else if (l == "errorlevel") {
    out = std::to_string(state().errorlevel);
  } else if (l == "random") {
    out = std::to_string(std::rand() % 32768);
  } else if (l == "cmdcmdline") {
    out = state().command_line;
  } else if (l == "cmdextversion") {
    out = "2";
  } else if (l == "date" || l == "time") {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::localtime_r(&t, &tm);
    char buf[64];
    if (l == "date") std::strftime(buf, sizeof buf, "%m/%d/%Y", &tm);
    else std::snprintf(buf, sizeof buf, "%2d:%02d:%02d.00", tm.tm_hour, tm.tm_min, tm.tm_sec);
    out = buf;
  } else {
    return false;
  }
  return true;
}

bool lookup(const std::string& name, std::string& out) {
  if (const std::string* v = get_var(name)) {
    out = *v;
    return true;
  }
  return dynamic_var(name, out);
}

// Index of the first case-insensitive occurrence of `what` in `s` at or after `from`.
size_t ifind(const std::string& s, const std::string& what, size_t from) {
  std::string ls = lower(s), lw = lower(what);
  return ls.find(lw, from);
}

// A variable reference's body (between the % or ! signs): NAME, NAME:~s,n or NAME:a=b. False
// when NAME is not set.
bool expand_reference(const std::string& body, std::string& out) {
  size_t colon = body.find(':');
  if (colon == std::string::npos) return lookup(body, out);
  std::string value;
  if (!lookup(body.substr(0, colon), value)) return false;
  std::string edit = body.substr(colon + 1);
  if (!edit.empty() && edit[0] == '~') {
    std::string spec = edit.substr(1);
    size_t comma = spec.find(',');
    long n = static_cast<long>(value.size());
    long start = std::strtol(spec.substr(0, comma).c_str(), nullptr, 10);
    if (start < 0) start = std::max(0L, n + start);
    if (start > n) start = n;
    long len = n - start;
    if (comma != std::string::npos) {
      long l = std::strtol(spec.substr(comma + 1).c_str(), nullptr, 10);
      len = l < 0 ? std::max(0L, n - start + l) : std::min(l, n - start);
    }
    out = value.substr(static_cast<size_t>(start), static_cast<size_t>(len));
    return true;
  }
  size_t eq = edit.find('=');
  if (eq == std::string::npos) {
    out = value;  // (NAME: with nothing to do)
    return true;
  }
  std::string from = edit.substr(0, eq), to = edit.substr(eq + 1);
  if (!from.empty() && from[0] == '*') {
    // Everything up to and including the first occurrence.
    from = from.substr(1);
    size_t at = from.empty() ? 0 : ifind(value, from, 0);
    out = at == std::string::npos ? value : to + value.substr(at + from.size());
    return true;
  }
  if (from.empty()) {
    out = value;
    return true;
  }
  out.clear();
  size_t pos = 0;
  for (;;) {
    size_t at = ifind(value, from, pos);
    if (at == std::string::npos) break;
    out += value.substr(pos, at - pos) + to;
    pos = at + from.size();
  }
  out += value.substr(pos);
  return true;
}

const char* const kModifierLetters = "fdpnxsatz";

bool is_modifier(char c) { return std::strchr(kModifierLetters, std::tolower(static_cast<unsigned char>(c))) != nullptr; }

// Reads %~MODS followed by what `accept` takes as the variable (a digit, a FOR letter) at s[i]
// (just after the ~). The modifiers and the variable character, and the length read.
bool read_modifiers(const std::string& s, size_t i, const std::function<bool(char)>& accept, std::string& mods,
                    char& var, size_t& len) {
  size_t j = i;
  std::string path_var;
  while (j < s.size() && is_modifier(s[j])) ++j;
  // $VAR: searches the directories of VAR.
  size_t dollar_end = 0;
  if (j < s.size() && s[j] == '$') {
    size_t colon = s.find(':', j);
    if (colon != std::string::npos) dollar_end = colon + 1;
  }
  if (dollar_end && dollar_end < s.size() && accept(s[dollar_end])) {
    mods = s.substr(i, dollar_end - i);
    var = s[dollar_end];
    len = dollar_end + 1 - i;
    return true;
  }
  for (size_t k = j; k + 1 > i; --k) {
    if (k < s.size() && accept(s[k])) {
      mods = s.substr(i, k - i);
      var = s[k];
      len = k + 1 - i;
      return true;
    }
    if (k == i) break;
  }
  return false;
}

std::string two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

}  // namespace

std::string unquote(const std::string& s) {
  std::string t = s;
  if (!t.empty() && t.front() == '"') t.erase(0, 1);
  if (!t.empty() && t.back() == '"') t.pop_back();
  return t;
}

std::string apply_modifiers(const std::string& modifiers, const std::string& raw) {
  std::string value = unquote(raw);
  std::string mods = lower(modifiers);
  // $VAR: the first match along the directories of VAR, as a full path (empty when none).
  size_t dollar = mods.find('$');
  if (dollar != std::string::npos) {
    std::string var = modifiers.substr(dollar + 1, modifiers.size() - dollar - 2);
    mods = mods.substr(0, dollar);
    std::string found;
    if (const std::string* dirs = get_var(var)) {
      // Windows' ';' between directories, or a host PATH's ':' (/usr/bin:/bin).
      const char sep = dirs->find(';') != std::string::npos || (dirs->size() > 1 && (*dirs)[1] == ':') ? ';' : ':';
      size_t at = 0;
      while (at <= dirs->size() && found.empty()) {
        size_t end = dirs->find(sep, at);
        if (end == std::string::npos) end = dirs->size();
        std::string d = dirs->substr(at, end - at);
        struct stat st;
        if (!d.empty() && d[0] == '/') {
          std::string host = d + "/" + value;
          if (::stat(host.c_str(), &st) == 0) found = shims::host_to_windows_path(host);
        } else if (!d.empty()) {
          std::string candidate = shims::windows_full_path(d + "\\" + value);
          if (::stat(shims::windows_to_host_path(candidate).c_str(), &st) == 0) found = candidate;
        }
        at = end + 1;
      }
    }
    value = found;
    if (mods.empty() || value.empty()) return value;
    if (mods.find_first_not_of("f") == std::string::npos) return value;
  }
  if (mods.empty()) return value;
  if (value.empty()) return value;
  std::string full = shims::windows_full_path(value);
  std::string host = shims::windows_to_host_path(full);
  struct stat st;
  bool exists = ::stat(host.c_str(), &st) == 0;
  // The name as it is on disk (the full path keeps the case written where the file is absent).
  if (exists && full.size() > 3) {
    std::string real = shims::host_to_windows_path(host);
    // (only the case of the last component is taken from the disk)
    size_t a = full.find_last_of('\\'), b = real.find_last_of('\\');
    if (a != std::string::npos && b != std::string::npos) full = full.substr(0, a + 1) + real.substr(b + 1);
  }
  bool want_f = mods.find('f') != std::string::npos, want_d = mods.find('d') != std::string::npos,
       want_p = mods.find('p') != std::string::npos, want_n = mods.find('n') != std::string::npos,
       want_x = mods.find('x') != std::string::npos, want_a = mods.find('a') != std::string::npos,
       want_t = mods.find('t') != std::string::npos, want_z = mods.find('z') != std::string::npos;
  std::string out;
  if (want_a) {
    if (exists) {
      std::string attrs = "---------";
      if (S_ISDIR(st.st_mode)) attrs[0] = 'd';
      else attrs[2] = 'a';
      if (::access(host.c_str(), W_OK) != 0) attrs[1] = 'r';
      out += attrs;
    }
  }
  if (want_t && exists) {
    if (!out.empty()) out += ' ';
    std::tm tm{};
    std::time_t t = st.st_mtime;
    ::localtime_r(&t, &tm);
    int h = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
    out += two(tm.tm_mon + 1) + "/" + two(tm.tm_mday) + "/" + std::to_string(tm.tm_year + 1900) + " " + two(h) + ":" +
           two(tm.tm_min) + " " + (tm.tm_hour < 12 ? "AM" : "PM");
  }
  if (want_z && exists) {
    if (!out.empty()) out += ' ';
    out += std::to_string(S_ISDIR(st.st_mode) ? 0 : st.st_size);
  }
  bool parts = want_d || want_p || want_n || want_x;
  if (want_f && !parts) {
    if (!out.empty()) out += ' ';
    return out + full;
  }
  if (parts) {
    if (!out.empty()) out += ' ';
    size_t slash = full.find_last_of('\\');
    std::string dir = full.substr(0, slash + 1);  // "C:\a\b\"
    std::string name = full.substr(slash + 1);
    size_t dot = name.rfind('.');
    std::string base = dot == std::string::npos ? name : name.substr(0, dot);
    std::string ext = dot == std::string::npos ? "" : name.substr(dot);
    if (want_d) out += dir.substr(0, 2);
    if (want_p) out += dir.substr(2);
    if (want_n) out += base;
    if (want_x) out += ext;
  }
  return out;
}

std::string expand_percent(const std::string& line, bool in_batch) {
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (c != '%') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 >= line.size()) {
      if (!in_batch) out += c;
      ++i;
      continue;
    }
    char n = line[i + 1];
    if (in_batch) {
      if (n == '%') {
        out += '%';
        i += 2;
        continue;
      }
      if (std::isdigit(static_cast<unsigned char>(n))) {
        out += batch_arg(static_cast<size_t>(n - '0'));
        i += 2;
        continue;
      }
      if (n == '*') {
        out += batch_all_args();
        i += 2;
        continue;
      }
      if (n == '~') {
        std::string mods;
        char var = 0;
        size_t len = 0;
        if (read_modifiers(line, i + 2, [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; },
                           mods, var, len)) {
          size_t index = static_cast<size_t>(var - '0');
          out += mods.empty() ? unquote(batch_arg(index)) : apply_modifiers(mods, batch_arg_for_modifiers(index));
          i += 2 + len;
          continue;
        }
      }
    }
    size_t end = line.find('%', i + 1);
    if (end == std::string::npos) {
      // A lone %: dropped in a batch file, kept on the command line.
      if (!in_batch) out += c;
      ++i;
      continue;
    }
    std::string body = line.substr(i + 1, end - i - 1);
    std::string value;
    if (!body.empty() && expand_reference(body, value)) {
      out += value;
      i = end + 1;
    } else if (in_batch) {
      i = end + 1;  // undefined: nothing
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::string expand_delayed(const std::string& text) {
  if (text.find('!') == std::string::npos) return text;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '^' && i + 1 < text.size()) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    if (c != '!') {
      out += c;
      ++i;
      continue;
    }
    size_t end = text.find('!', i + 1);
    if (end == std::string::npos) {
      ++i;  // a lone ! is removed
      continue;
    }
    std::string value;
    if (expand_reference(text.substr(i + 1, end - i - 1), value)) out += value;
    i = end + 1;
  }
  return out;
}

std::string expand_for_vars(const std::string& text) {
  auto& vars = state().for_vars;
  if (vars.empty() || text.find('%') == std::string::npos) return text;
  auto find = [&](char v) -> const std::string* {
    for (auto it = vars.rbegin(); it != vars.rend(); ++it)
      if (it->first == v) return &it->second;
    return nullptr;
  };
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '%' || i + 1 >= text.size()) {
      out += text[i++];
      continue;
    }
    char n = text[i + 1];
    if (n == '~') {
      std::string mods;
      char var = 0;
      size_t len = 0;
      if (read_modifiers(text, i + 2, [&](char ch) { return find(ch) != nullptr; }, mods, var, len)) {
        const std::string& v = *find(var);
        out += mods.empty() ? unquote(v) : apply_modifiers(mods, v);
        i += 2 + len;
        continue;
      }
    }
    if (const std::string* v = find(n)) {
      out += *v;
      i += 2;
      continue;
    }
    out += text[i++];
  }
  return out;
}

}  // namespace polyrun::cmd
