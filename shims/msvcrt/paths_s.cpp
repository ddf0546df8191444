// msvcrt.dll and the Universal CRT, paths made and searched: _makepath_s and _wmakepath_s
// (_makepath's parts into a buffer of a given size: ERANGE, the buffer emptied, when they do not
// fit), and _searchenv, _searchenv_s and the wide forms (a file in the current directory, as its
// full path, else in the directories an environment variable lists, separated by ';', quotes
// grouping: the first that has it; ENOENT when none does).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/text.h"
#include "shims/msvcrt/crt_internal.h"
#include "shims/msvcrt/crt_locale.h"
#include "shims/core/shim.h"

namespace polyrun::shims {

namespace paths_s {
namespace {

constexpr uint64_t kMaxPath = 260;

template <bool Ucrt>
int32_t invalid(WindowsProcess& p, int32_t e = EINVAL) {
  *msvcrt_errno(p) = e;
  crt_invalid_parameter(p, Ucrt);
  return e;
}

template <typename C>
std::basic_string<C> text(Ptr s) {
  return s ? std::basic_string<C>(s.as<const C>()) : std::basic_string<C>();
}

// ---- _makepath_s ----

template <typename C>
int32_t make_path_s(WindowsProcess& p, Ptr out, USize size, Ptr drive, Ptr dir, Ptr name, Ptr ext) {
  if (!out || !size) return *msvcrt_errno(p) = EINVAL;
  std::basic_string<C> r;
  const auto d = text<C>(drive), di = text<C>(dir), n = text<C>(name), e = text<C>(ext);
  if (!d.empty()) {
    r += d[0];
    r += static_cast<C>(':');
  }
  if (!di.empty()) {
    r += di;
    if (di.back() != '/' && di.back() != '\\') r += static_cast<C>('\\');
  }
  r += n;
  if (!e.empty()) {
    if (e[0] != '.') r += static_cast<C>('.');
    r += e;
  }
  C* buf = out.as<C>();
  if (r.size() + 1 > size) {
    buf[0] = 0;
    return *msvcrt_errno(p) = ERANGE;
  }
  std::memcpy(buf, r.c_str(), (r.size() + 1) * sizeof(C));
  return 0;
}
int32_t _makepath_s_(WindowsProcess& p, Ptr out, USize size, Ptr drive, Ptr dir, Ptr name, Ptr ext) {
  return make_path_s<char>(p, out, size, drive, dir, name, ext);
}
int32_t _wmakepath_s_(WindowsProcess& p, Ptr out, USize size, Ptr drive, Ptr dir, Ptr name, Ptr ext) {
  return make_path_s<char16_t>(p, out, size, drive, dir, name, ext);
}

// ---- _searchenv ----

bool exists(const std::string& windows_name) { return ::access(windows_to_host_path(windows_name).c_str(), F_OK) == 0; }

// The path found (as UTF-8), ENOENT, or ERANGE when it does not fit `count` characters.
int32_t search(WindowsProcess& p, const std::string& file, const std::optional<std::string>& list, uint64_t count,
               std::string* found) {
  if (exists(file)) {
    *found = windows_full_path(file);
    return 0;
  }
  if (!list) return *msvcrt_errno(p) = ENOENT;
  const std::string& v = *list;
  for (size_t i = 0; i < v.size();) {
    std::string dir;
    while (i < v.size() && v[i] != ';') {
      if (v[i] == '"') {
        ++i;
        while (i < v.size() && v[i] != '"') dir += v[i++];
        if (i < v.size()) ++i;
        continue;
      }
      dir += v[i++];
    }
    if (i < v.size()) ++i;  // the ';'
    if (dir.empty() || dir.size() >= kMaxPath) continue;
    if (dir.back() != '/' && dir.back() != '\\') dir += '\\';
    const std::string path = dir + file;
    if (path.size() >= kMaxPath || !exists(path)) continue;
    if (path.size() + 1 > count) return ERANGE;
    *found = path;
    return 0;
  }
  return *msvcrt_errno(p) = ENOENT;
}

template <bool Ucrt, typename C>
int32_t searchenv_s(WindowsProcess& p, Ptr file, Ptr var, Ptr buf, USize count) {
  if (!file || !buf || !count) return invalid<Ucrt>(p);
  C* out = buf.as<C>();
  out[0] = 0;
  std::string name, var_name;
  if constexpr (sizeof(C) == 1) {
    name = crt_locale::name_to_utf8(p, file.as<const char>());  // (the ANSI code page: msvcrt/crt_locale.h)
    var_name = var ? var.as<const char>() : "";
  } else {
    name = utf16_to_utf8(file.as<const char16_t>());
    var_name = var ? utf16_to_utf8(var.as<const char16_t>()) : "";
  }
  std::optional<std::string> list;
  if (sizeof(C) == 1) {
    if (uint64_t v = crt_getenv(p, var_name)) list = crt_locale::name_to_utf8(p, reinterpret_cast<const char*>(v));
  } else {
    list = p.find_env(var_name);
  }
  std::string found;
  int32_t r = search(p, name, list, count, &found);
  if (r == ERANGE) return invalid<Ucrt>(p, ERANGE);
  if (r) return r;
  if constexpr (sizeof(C) == 1) {
    const std::string a = crt_locale::utf8_to_name(p, found);
    if (a.size() + 1 > count) return 0;
    std::memcpy(out, a.c_str(), a.size() + 1);
  } else {
    const std::u16string w = utf8_to_utf16(found);
    if (w.size() + 1 > count) return 0;
    std::memcpy(out, w.c_str(), (w.size() + 1) * 2);
  }
  return 0;
}
template <bool Ucrt>
int32_t _searchenv_s_(WindowsProcess& p, Ptr file, Ptr var, Ptr buf, USize count) {
  return searchenv_s<Ucrt, char>(p, file, var, buf, count);
}
template <bool Ucrt>
int32_t _wsearchenv_s_(WindowsProcess& p, Ptr file, Ptr var, Ptr buf, USize count) {
  return searchenv_s<Ucrt, char16_t>(p, file, var, buf, count);
}
// _searchenv: into a buffer of MAX_PATH characters.
template <bool Ucrt>
void _searchenv_(WindowsProcess& p, Ptr file, Ptr var, Ptr buf) { searchenv_s<Ucrt, char>(p, file, var, buf, kMaxPath); }
template <bool Ucrt>
void _wsearchenv_(WindowsProcess& p, Ptr file, Ptr var, Ptr buf) {
  searchenv_s<Ucrt, char16_t>(p, file, var, buf, kMaxPath);
}

template <bool Ucrt>
std::vector<Export> all_exports() {
  return {
      EXPORT("_makepath_s", _makepath_s_),        EXPORT("_wmakepath_s", _wmakepath_s_),
      EXPORT("_searchenv", _searchenv_<Ucrt>),    EXPORT("_searchenv_s", _searchenv_s_<Ucrt>),
      EXPORT("_wsearchenv", _wsearchenv_<Ucrt>),  EXPORT("_wsearchenv_s", _wsearchenv_s_<Ucrt>),
  };
}

}  // namespace
}  // namespace paths_s

// These join msvcrt.dll's table (msvcrt/msvcrt.cpp); the Universal CRT's forms, ucrtbase.dll's.
const std::vector<Export>& msvcrt_paths_s_exports() {
  static const std::vector<Export> exports = paths_s::all_exports<false>();
  return exports;
}
const std::vector<Export>& ucrtbase_paths_s_exports() {
  static const std::vector<Export> exports = paths_s::all_exports<true>();
  return exports;
}

}  // namespace polyrun::shims
