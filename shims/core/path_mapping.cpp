#include "shims/core/path_mapping.h"

#include "common/own_executable.h"
#include "shims/core/win_errors.h"

#include <dirent.h>
#include <fnmatch.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>

namespace polyrun::shims {

namespace {

const std::string& c_drive_root() {
  static const std::string root = [] {
    char buf[PATH_MAX];
    return std::string(::getcwd(buf, sizeof buf) ? buf : "/");
  }();
  return root;
}

// The existing entry of `dir` whose name equals `name` ignoring case, or `name` itself.
std::string match_case(const std::string& dir, const std::string& name) {
  struct stat st;
  std::string exact = (dir == "/" ? "" : dir) + "/" + name;
  if (::lstat(exact.c_str(), &st) == 0) return name;
  DIR* d = ::opendir(dir.empty() ? "." : dir.c_str());
  if (!d) return name;
  std::string found = name;
  while (struct dirent* e = ::readdir(d)) {
    if (::strcasecmp(e->d_name, name.c_str()) == 0) {
      found = e->d_name;
      break;
    }
  }
  ::closedir(d);
  return found;
}

}  // namespace

bool is_system_cmd(const std::string& path) {
  std::string l = path;
  for (char& c : l) c = c == '/' ? '\\' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (l.rfind("\\\\?\\", 0) == 0) l = l.substr(4);
  return l == kSystemCmd || l == "c:\\windows\\syswow64\\cmd.exe";
}

std::string windows_to_host_path(const std::string& in) {
  if (is_system_cmd(in)) return own_executable().empty() ? "/proc/self/exe" : own_executable();
  std::string p = in;
  for (char& c : p)
    if (c == '\\') c = '/';
  std::string base;
  if (p.size() >= 2 && p[1] == ':') {
    char drive = static_cast<char>(p[0] | 0x20);
    base = drive == 'z' ? "/" : drive == 'c' ? c_drive_root() : "/";
    p = p.substr(2);
    if (p.empty() || p[0] != '/') p = "/" + p;
    if (base != "/") p = base + p;
  } else if (p.rfind("//?/", 0) == 0 || p.rfind("/?\?/", 0) == 0 || p.rfind("//./", 0) == 0) {
    // \\?\C:\…, the NT namespace's \??\C:\… (which the file functions pass through as NTDLL's
    // RtlDosPathNameToNtPathName_U does) and \\.\C:\…
    return windows_to_host_path(in.substr(4));
  }
  if (p.empty()) return p;
  // Case-insensitive lookup of each component that does not exist as written.
  std::string out = p[0] == '/' ? "/" : "";
  size_t i = p[0] == '/' ? 1 : 0;
  std::string dir = p[0] == '/' ? "/" : ".";
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    std::string comp = p.substr(i, j - i);
    if (!comp.empty()) {
      std::string real = (comp == "." || comp == "..") ? comp : match_case(dir, comp);
      if (!out.empty() && out.back() != '/') out += '/';
      out += real;
      dir = out;
    }
    i = j + 1;
  }
  if (p.size() > 1 && p.back() == '/') out += '/';
  return out;
}

std::string windows_current_directory() {
  char cwd[PATH_MAX];
  return host_to_windows_path(::getcwd(cwd, sizeof cwd) ? cwd : "/");
}

std::string windows_full_path(const std::string& name) {
  std::string p = name;
  for (char& c : p)
    if (c == '/') c = '\\';
  if (!(p.size() >= 2 && p[1] == ':')) {
    std::string cwd = windows_current_directory();
    p = (!p.empty() && p[0] == '\\' ? cwd.substr(0, 2) : cwd + "\\") + p;
  }
  std::vector<std::string> parts;
  std::string comp;
  for (size_t i = 2; i <= p.size(); ++i) {
    if (i == p.size() || p[i] == '\\') {
      if (comp == "..") {
        if (!parts.empty()) parts.pop_back();
      } else if (!comp.empty() && comp != ".") {
        parts.push_back(comp);
      }
      comp.clear();
    } else {
      comp += p[i];
    }
  }
  std::string out = p.substr(0, 2) + "\\";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "\\" : "") + parts[i];
  return out;
}

std::string host_home_directory() {
  const char* home = std::getenv("HOME");
  return home && *home ? home : "/";
}

bool list_matching(const std::string& win_spec, std::string& dir, std::vector<std::string>& names) {
  std::string path = windows_to_host_path(win_spec);
  size_t slash = path.find_last_of('/');
  dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  std::string pattern = slash == std::string::npos ? path : path.substr(slash + 1);
  if (pattern == "*.*") pattern = "*";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return false;
  names.clear();
  while (struct dirent* e = ::readdir(d))
    if (::fnmatch(pattern.c_str(), e->d_name, FNM_CASEFOLD) == 0) names.push_back(e->d_name);
  ::closedir(d);
  std::sort(names.begin(), names.end());
  return true;
}

std::string host_to_windows_path(const std::string& path) {
  char buf[PATH_MAX];
  std::string abs = ::realpath(path.c_str(), buf) ? buf : path;
  std::string out = "Z:" + abs;
  for (char& c : out)
    if (c == '/') c = '\\';
  return out;
}

std::string windows_file_part(const std::string& path) { return path.substr(path.find_last_of("\\/:") + 1); }

std::string host_path_of(int fd) {
  char link[64], target[PATH_MAX];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = ::readlink(link, target, sizeof target - 1);
  if (n <= 0 || target[0] != '/') return {};
  return std::string(target, static_cast<size_t>(n));
}

bool is_host_file(const std::string& host_path) {
  struct stat st;
  return ::stat(host_path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string host_file_of(const std::string& windows_name) {
  std::string host = windows_to_host_path(windows_full_path(windows_name));
  return is_host_file(host) ? host : std::string();
}

uint32_t path_error(const std::string& host_path, int err) {
  if (err == ENOTDIR) return ERROR_PATH_NOT_FOUND;
  if (err != ENOENT) return win_error_from_errno(err);
  const size_t slash = host_path.find_last_of('/');
  struct stat parent;
  if (slash != std::string::npos && slash > 0 && ::stat(host_path.substr(0, slash).c_str(), &parent) != 0)
    return ERROR_PATH_NOT_FOUND;
  return ERROR_FILE_NOT_FOUND;
}

std::string windows_path_list(const std::string& host_list) {
  if (host_list.find(';') != std::string::npos || host_list.find('/') == std::string::npos) return host_list;
  std::string out = "C:\\windows\\system32;C:\\windows";
  size_t at = 0;
  while (at <= host_list.size()) {
    size_t end = host_list.find(':', at);
    if (end == std::string::npos) end = host_list.size();
    const std::string dir = host_list.substr(at, end - at);
    if (!dir.empty() && dir[0] == '/') out += ";" + host_to_windows_path(dir);
    at = end + 1;
  }
  return out;
}

std::string host_path_list(const std::string& windows_list) {
  if (windows_list.find(';') == std::string::npos && !(windows_list.size() > 1 && windows_list[1] == ':')) return windows_list;
  std::string out;
  size_t at = 0;
  while (at <= windows_list.size()) {
    size_t end = windows_list.find(';', at);
    if (end == std::string::npos) end = windows_list.size();
    const std::string dir = windows_list.substr(at, end - at);
    at = end + 1;
    if (dir.empty() || is_system_cmd(dir + "\\cmd.exe")) continue;  // the system directory: no host one
    const std::string host = windows_to_host_path(dir);
    struct stat st;
    if (host.empty() || ::stat(host.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    if (!out.empty()) out += ':';
    out += host;
  }
  return out;
}

}  // namespace polyrun::shims
