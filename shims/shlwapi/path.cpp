// SHLWAPI.dll (and KernelBase), the path functions of shlwapi.h: each in its ANSI and wide form,
// working on the text of a path in the caller's buffer (MAX_PATH characters where the function
// writes): finding the file name, extension and arguments, adding and removing backslashes,
// extensions, quotes and blanks, roots, combining and canonicalising (the older rules, not
// pathcch.h's), common prefixes, and the two that look at the file system, PathFileExists and
// PathIsDirectory. The ANSI code page (1252) has a character a byte, and every character these
// functions look for is ASCII, so the ANSI forms work on the bytes.
#include <cstring>
#include <string>
#include <vector>

#include "shims/kernel32/files.h"
#include "shims/shlwapi/path_text.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

namespace {

constexpr size_t kMaxPath = 260;

template <typename C>
size_t text_length(const C* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}
template <typename C, typename D>
C* char_in(C* s, D c) {
  for (; *s; ++s)
    if (*s == c) return s;
  return nullptr;
}
template <typename C>
bool is_drive_letter(const C* s) {
  const C c = s[0];
  return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) && s[1] == ':';
}

// The text of a guest string as UTF-16 and back (the ANSI forms that follow the wide ones).
std::u16string wide_of(const char* s) { return ansi_to_utf16(s); }
std::u16string wide_of(const char16_t* s) { return std::u16string(s); }
void store(char* dst, const std::u16string& s, size_t room) {
  std::string u = utf16_to_ansi(s);
  if (u.size() >= room) u.resize(room - 1);
  std::memcpy(dst, u.c_str(), u.size() + 1);
}
void store(char16_t* dst, const std::u16string& s, size_t room) {
  const size_t n = std::min(s.size(), room - 1);
  std::memcpy(dst, s.data(), n * 2);
  dst[n] = 0;
}

// ---- finding parts ----

template <typename C>
C* find_file_name(C* path) {
  C* last = path;
  for (; path && *path; ++path)
    if ((*path == '\\' || *path == '/' || *path == ':') && path[1] && path[1] != '\\' && path[1] != '/') last = path + 1;
  return last;
}
template <typename C>
C* extension_of(C* path) {
  C* dot = nullptr;
  if (path)
    for (; *path; ++path) {
      if (*path == '\\' || *path == ' ') dot = nullptr;
      else if (*path == '.') dot = path;
    }
  return dot ? dot : path;
}
// The arguments: after the first space outside quotes (the end when there is none).
template <typename C>
C* get_args(C* path) {
  bool quoted = false;
  for (; *path; ++path) {
    if (*path == ' ' && !quoted) return path + 1;
    if (*path == '"') quoted = !quoted;
  }
  return path;
}

template <typename C>
Ptr PathFindFileName(WindowsProcess&, Ptr path) { return Ptr(reinterpret_cast<uint64_t>(find_file_name(path.as<C>()))); }
template <typename C>
Ptr PathFindExtension(WindowsProcess&, Ptr path) {
  return path ? Ptr(reinterpret_cast<uint64_t>(extension_of(path.as<C>()))) : Ptr(0);
}
template <typename C>
Ptr PathGetArgs(WindowsProcess&, Ptr path) { return path ? Ptr(reinterpret_cast<uint64_t>(get_args(path.as<C>()))) : Ptr(0); }

// ---- what a path is ----

template <typename C>
bool is_unc(const C* p) { return p && p[0] == '\\' && p[1] == '\\'; }
template <typename C>
bool is_unc_server_share(const C* p) {
  if (!is_unc(p)) return false;
  bool seen = false;
  for (p += 2; *p; ++p)
    if (*p == '\\') {
      if (seen) return false;
      seen = true;
    }
  return seen;
}
template <typename C>
bool is_unc_server(const C* p) {
  if (!is_unc(p)) return false;
  for (p += 2; *p; ++p)
    if (*p == '\\') return false;
  return true;
}

template <typename C>
BOOL PathIsRelative(WindowsProcess&, Ptr path) {
  const C* p = path.as<const C>();
  if (!p || !*p) return TRUE;
  return p[0] == '\\' || p[1] == ':' ? FALSE : TRUE;
}
template <typename C>
BOOL PathIsUNC(WindowsProcess&, Ptr path) { return is_unc(path.as<const C>()) ? TRUE : FALSE; }
template <typename C>
BOOL PathIsUNCServer(WindowsProcess&, Ptr path) { return is_unc_server(path.as<const C>()) ? TRUE : FALSE; }
template <typename C>
BOOL PathIsUNCServerShare(WindowsProcess&, Ptr path) { return is_unc_server_share(path.as<const C>()) ? TRUE : FALSE; }
template <typename C>
BOOL PathIsFileSpec(WindowsProcess&, Ptr path) {
  const C* p = path.as<const C>();
  if (!p) return FALSE;
  for (; *p; ++p)
    if (*p == '\\' || *p == ':') return FALSE;
  return TRUE;
}
// PathIsRoot: "\", "X:\", or a UNC server or server and share without a "\" after them.
template <typename C>
bool is_path_root(const C* p) {
  if (!p || !*p) return false;
  if (p[0] == '\\') {
    if (!p[1]) return true;
    if (p[1] != '\\') return false;
    bool seen = false;
    for (p += 2; *p; ++p)
      if (*p == '\\') {
        if (seen) return false;
        seen = true;
      }
    return true;
  }
  return p[1] == ':' && p[2] == '\\' && !p[3];
}
template <typename C>
BOOL PathIsRoot(WindowsProcess&, Ptr path) { return is_path_root(path.as<const C>()) ? TRUE : FALSE; }
// DOS names are at most 8.3, without spaces or a second dot.
template <typename C>
BOOL PathIsLFNFileSpec(WindowsProcess&, Ptr path) {
  const C* p = path.as<const C>();
  if (!p) return FALSE;
  unsigned name = 0, ext = 0;
  for (; *p; ++p) {
    if (*p == ' ') return TRUE;
    if (*p == '.') {
      if (ext) return TRUE;
      ext = 1;
    } else if (ext) {
      if (++ext > 4) return TRUE;
    } else if (++name > 8) {
      return TRUE;
    }
  }
  return FALSE;
}
template <typename C>
int32_t drive_of(const C* p) {
  if (!p) return -1;
  if (sizeof(C) == 2 && p[0] == '\\' && p[1] == '\\' && p[2] == '?' && p[3] == '\\') p += 4;
  if (!p[0] || p[1] != ':') return -1;
  if (p[0] >= 'A' && p[0] <= 'Z') return p[0] - 'A';
  if (p[0] >= 'a' && p[0] <= 'z') return p[0] - 'a';
  return -1;
}
template <typename C>
int32_t PathGetDriveNumber(WindowsProcess&, Ptr path) { return drive_of(path.as<const C>()); }
// After the root: "X:\", or a UNC path's server and share.
template <typename C>
C* skip_root(C* p) {
  if (!p || !*p) return nullptr;
  if (p[0] == '\\' && p[1] == '\\') {
    p += 2;
    if ((p = char_in(p, C('\\'))) && (p = char_in(p + 1, C('\\')))) ++p;
    return p;
  }
  if (p[0] && p[1] == ':' && p[2] == '\\') return p + 3;
  return nullptr;
}
template <typename C>
Ptr PathSkipRoot(WindowsProcess&, Ptr path) { return Ptr(reinterpret_cast<uint64_t>(skip_root(path.as<C>()))); }

// ---- changing a path in place ----

template <typename C>
Ptr PathAddBackslash(WindowsProcess&, Ptr path) {
  C* p = path.as<C>();
  size_t n;
  if (!p || (n = text_length(p)) >= kMaxPath) return Ptr(0);
  if (n && p[n - 1] != '\\') {
    p[n++] = '\\';
    p[n] = 0;
  }
  return Ptr(reinterpret_cast<uint64_t>(p + n));
}
// The last character goes if it is a "\" that is not a root's; the pointer is to where it was.
template <typename C>
Ptr PathRemoveBackslash(WindowsProcess& p, Ptr path) {
  C* s = path.as<C>();
  if (!s) return Ptr(0);
  C* last = s + text_length(s);
  if (last > s) --last;
  if (!PathIsRoot<C>(p, path) && *last == '\\') *last = 0;
  return Ptr(reinterpret_cast<uint64_t>(last));
}
template <typename C>
BOOL PathAddExtension(WindowsProcess&, Ptr path, Ptr ext) {
  C* p = path.as<C>();
  const C* e = ext.as<const C>();
  if (!p || !e || *extension_of(p)) return FALSE;
  const size_t n = text_length(p), en = text_length(e);
  if (n + en >= kMaxPath) return FALSE;
  std::memcpy(p + n, e, (en + 1) * sizeof(C));
  return TRUE;
}
template <typename C>
void PathRemoveExtension(WindowsProcess&, Ptr path) {
  if (C* p = path.as<C>()) *extension_of(p) = 0;
}
template <typename C>
BOOL PathRenameExtension(WindowsProcess&, Ptr path, Ptr ext) {
  C* p = path.as<C>();
  const C* e = ext.as<const C>();
  C* at = extension_of(p);
  if (!at || static_cast<size_t>(at - p) + text_length(e) >= kMaxPath) return FALSE;
  std::memcpy(at, e, (text_length(e) + 1) * sizeof(C));
  return TRUE;
}
template <typename C>
void remove_blanks(C* p) {
  if (!p || !*p) return;
  C *from = p, *to = p;
  while (*from == ' ') ++from;
  while (*from) *to++ = *from++;
  while (to > p && to[-1] == ' ') --to;
  *to = 0;
}
template <typename C>
void PathRemoveBlanks(WindowsProcess&, Ptr path) { remove_blanks(path.as<C>()); }
template <typename C>
void unquote(C* p) {
  if (!p || *p != '"') return;
  const size_t n = text_length(p);
  if (p[n - 1] != '"') return;
  p[n - 1] = 0;
  std::memmove(p, p + 1, (n - 1) * sizeof(C));
}
template <typename C>
void PathUnquoteSpaces(WindowsProcess&, Ptr path) { unquote(path.as<C>()); }
// A path with a space in it gets quotes, if they fit in MAX_PATH.
template <typename C>
BOOL PathQuoteSpaces(WindowsProcess&, Ptr path) {
  C* p = path.as<C>();
  if (!p || !char_in(p, C(' '))) return FALSE;
  const size_t n = text_length(p) + 1;
  if (n + 2 >= kMaxPath) return FALSE;
  std::memmove(p + 1, p, n * sizeof(C));
  p[0] = '"';
  p[n] = '"';
  p[n + 1] = 0;
  return TRUE;
}
template <typename C>
void PathStripPath(WindowsProcess&, Ptr path) {
  C* p = path.as<C>();
  if (!p) return;
  C* name = find_file_name(p);
  if (name != p) std::memmove(p, name, (text_length(name) + 1) * sizeof(C));
}
// The arguments go, with the space before them (or a space ending a path without any).
template <typename C>
void PathRemoveArgs(WindowsProcess&, Ptr path) {
  C* p = path.as<C>();
  if (!p) return;
  C* args = get_args(p);
  if (!*args) {
    if (args > p && args[-1] == ' ') args[-1] = 0;
  } else {
    args[-1] = 0;
  }
}

// PathRemoveFileSpec: what follows the last "\" goes, or the "\" itself when a root's ("X:\", a
// leading "\" or "\\"); TRUE if anything went.
template <typename C>
bool remove_file_spec(C* p) {
  if (!p) return false;
  C* spec = p;
  if (*p == '\\') spec = ++p;
  if (*p == '\\') spec = ++p;
  for (; *p; ++p) {
    if (*p == '\\') {
      spec = p;
    } else if (*p == ':') {
      spec = ++p;
      if (*p == '\\') ++spec;
      if (!*p) break;
    }
  }
  if (!*spec) return false;
  *spec = 0;
  return true;
}
template <typename C>
BOOL PathRemoveFileSpec(WindowsProcess&, Ptr path) { return remove_file_spec(path.as<C>()) ? TRUE : FALSE; }

// PathStripToRoot: file specs go until a root is left (FALSE, and what is left, if none is).
template <typename C>
bool strip_to_root(C* p) {
  if (!p) return false;
  while (!is_path_root(p))
    if (!remove_file_spec(p)) return false;
  return true;
}
template <typename C>
BOOL PathStripToRoot(WindowsProcess&, Ptr path) { return strip_to_root(path.as<C>()) ? TRUE : FALSE; }

// PathCanonicalize's rules (older than pathcch.h's): ".\" goes, "\.." climbs a segment but not
// over a UNC server or a drive's root, a naked "X:" gains its "\".
std::u16string canonicalize_path(const std::u16string& path) {
  if (path.empty()) return u"\\";
  std::u16string dst;
  size_t src = 0;
  auto at = [&](size_t i) { return i < path.size() ? path[i] : u'\0'; };
  if (path[0] == u'\\') {
    dst += path[src++];
  } else if (at(1) == u':') {
    dst += path.substr(0, 2);
    src = 2;
    if (at(2) == u'\\') dst += path[src++];
  }
  while (src < path.size()) {
    if (path[src] != u'.') {
      dst += path[src++];
      continue;
    }
    if (at(src + 1) == u'\\' && (src == 0 || path[src - 1] == u'\\' || path[src - 1] == u':')) {
      src += 2;  // ".\"
    } else if (at(src + 1) == u'.' && !dst.empty() && dst.back() == u'\\') {
      size_t d = dst.size();
      auto dat = [&](size_t i) { return dst[i]; };
      if (d > 1 && dat(d - 1) == u'\\' && (dat(d - 2) != u'\\' || d > 2)) {
        if (dat(d - 2) == u':' && (d > 3 || dat(d - 3) == u':')) {
          d -= 2;
          while (d > 0 && dat(d) != u'\\') --d;
          d = dat(d) == u'\\' ? d + 1 : 0;
        } else if (dat(d - 2) != u':' && !is_unc_server_share(dst.c_str())) {
          d -= 2;
        }
      }
      while (d > 0 && (d >= dst.size() ? u'\0' : dat(d)) != u'\\') --d;
      dst.resize(d);
      if (d == 0) {
        dst = u"\\";
        ++src;
      }
      src += 2;
    } else {
      dst += path[src++];
    }
  }
  if (dst.size() == 2 && dst[1] == u':') dst += u'\\';
  return dst;
}

template <typename C>
BOOL PathCanonicalize(WindowsProcess& p, Ptr out, Ptr path) {
  if (out) *out.as<C>() = 0;
  if (!out || !path) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  store(out.as<C>(), canonicalize_path(wide_of(path.as<const C>())), kMaxPath);
  return TRUE;
}

// PathCombine: the file alone when it is absolute (a "\x" file keeps the directory's root), else
// directory + "\" + file; then canonicalised. NULL and an empty result when it would pass MAX_PATH.
std::optional<std::u16string> combine_paths(const std::u16string* dir, const std::u16string* file) {
  if (!dir && !file) return std::nullopt;
  std::u16string tmp;
  bool both = false, strip = false;
  auto relative = [](const std::u16string& s) { return s.empty() || !(s[0] == u'\\' || (s.size() > 1 && s[1] == u':')); };
  if ((!file || file->empty()) && dir) {
    tmp = dir->substr(0, kMaxPath - 1);
  } else if (!dir || dir->empty() || !relative(*file)) {
    if (!dir || dir->empty() || (*file)[0] != u'\\' || is_unc(file->c_str())) tmp = file->substr(0, kMaxPath - 1);
    else both = strip = true;
  } else {
    both = true;
  }
  if (both) {
    tmp = dir->substr(0, kMaxPath - 1);
    std::u16string rest = *file;
    if (strip) {
      std::vector<char16_t> root(tmp.begin(), tmp.end());
      root.push_back(0);
      strip_to_root(root.data());
      tmp = root.data();
      rest.erase(0, 1);
    }
    if (tmp.size() >= kMaxPath) return std::nullopt;
    if (!tmp.empty() && tmp.back() != u'\\') tmp += u'\\';
    if (tmp.size() + rest.size() >= kMaxPath) return std::nullopt;
    tmp += rest;
  }
  return canonicalize_path(tmp);
}

template <typename C>
Ptr PathCombine(WindowsProcess&, Ptr out, Ptr dir, Ptr file) {
  if (!out) return Ptr(0);
  const std::u16string d = dir ? wide_of(dir.as<const C>()) : std::u16string(),
                       f = file ? wide_of(file.as<const C>()) : std::u16string();
  std::optional<std::u16string> r = combine_paths(dir ? &d : nullptr, file ? &f : nullptr);
  if (!r) {
    *out.as<C>() = 0;
    return Ptr(0);
  }
  store(out.as<C>(), *r, kMaxPath);
  return out;
}
// PathAppend: PathCombine into the first path, leading "\"s of the second dropped (not a UNC's).
template <typename C>
BOOL PathAppend(WindowsProcess& p, Ptr path, Ptr more) {
  if (!path || !more) return FALSE;
  const C* m = more.as<const C>();
  if (!is_unc(m))
    while (*m == '\\') ++m;
  return PathCombine<C>(p, path, path, Ptr(reinterpret_cast<uint64_t>(m))) ? TRUE : FALSE;
}

// The length of the common leading segments, case-insensitively ("X:" counts its "\").
template <typename C>
size_t common_prefix(const C* a, const C* b) {
  const C *i = a, *j = b;
  if (is_unc(a)) {
    if (!is_unc(b)) return 0;
    i += 2, j += 2;
  } else if (is_unc(b)) {
    return 0;
  }
  auto upper = [](C c) { return c >= 'a' && c <= 'z' ? C(c - 32) : c; };
  size_t n = 0;
  for (;;) {
    if ((!*i || *i == '\\') && (!*j || *j == '\\')) n = static_cast<size_t>(i - a);
    if (!*i || upper(*i) != upper(*j)) break;
    ++i, ++j;
  }
  if (n == 2) ++n;
  return n;
}
template <typename C>
int32_t PathCommonPrefix(WindowsProcess&, Ptr file1, Ptr file2, Ptr out) {
  const C *a = file1.as<const C>(), *b = file2.as<const C>();
  if (out) *out.as<C>() = 0;
  if (!a || !b) return 0;
  const size_t n = common_prefix(a, b);
  if (n && out) {
    std::memcpy(out.as<C>(), a, n * sizeof(C));
    out.as<C>()[n] = 0;
  }
  return static_cast<int32_t>(n);
}
template <typename C>
BOOL PathIsPrefix(WindowsProcess& p, Ptr prefix, Ptr path) {
  return prefix && path && PathCommonPrefix<C>(p, path, prefix, Ptr(0)) == static_cast<int32_t>(text_length(prefix.as<const C>()))
             ? TRUE
             : FALSE;
}

// ---- the file system ----

template <typename C>
BOOL PathFileExists(WindowsProcess& p, Ptr path) {
  if (!path) return FALSE;
  return file_attributes(p, utf16_to_utf8(wide_of(path.as<const C>()))) != kInvalidAttributes ? TRUE : FALSE;
}
// FILE_ATTRIBUTE_DIRECTORY (16) for a directory, not TRUE.
template <typename C>
BOOL PathIsDirectory(WindowsProcess& p, Ptr path) {
  const C* s = path.as<const C>();
  if (!s || is_unc_server(s) || is_unc_server_share(s)) return FALSE;  // shares are not looked up
  const uint32_t a = file_attributes(p, utf16_to_utf8(wide_of(s)));
  return a == kInvalidAttributes ? FALSE : static_cast<BOOL>(a & 0x10);
}

#define BOTH(name) EXPORT(#name "A", name<char>), EXPORT(#name "W", name<char16_t>)

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& shlwapi_path_exports() {
  static const std::vector<Export> exports = {
      BOTH(PathFindFileName),   BOTH(PathFindExtension),    BOTH(PathGetArgs),         BOTH(PathIsRelative),
      BOTH(PathIsUNC),          BOTH(PathIsUNCServer),      BOTH(PathIsUNCServerShare), BOTH(PathIsFileSpec),
      BOTH(PathIsRoot),         BOTH(PathIsLFNFileSpec),    BOTH(PathGetDriveNumber),  BOTH(PathSkipRoot),
      BOTH(PathAddBackslash),   BOTH(PathRemoveBackslash),  BOTH(PathAddExtension),    BOTH(PathRemoveExtension),
      BOTH(PathRenameExtension), BOTH(PathRemoveBlanks),    BOTH(PathUnquoteSpaces),   BOTH(PathQuoteSpaces),
      BOTH(PathStripPath),      BOTH(PathRemoveArgs),       BOTH(PathRemoveFileSpec),  BOTH(PathStripToRoot),
      BOTH(PathCanonicalize),   BOTH(PathCombine),          BOTH(PathAppend),          BOTH(PathCommonPrefix),
      BOTH(PathIsPrefix),       BOTH(PathFileExists),       BOTH(PathIsDirectory),
  };
  return exports;
}

}  // namespace polyrun::shims

namespace polyrun::shims::shlwapi_path {

namespace {
std::vector<char16_t> buffer_of(const std::u16string& s) {
  std::vector<char16_t> b(s.begin(), s.end());
  b.resize(std::max(b.size() + 1, kMaxPath + 1), 0);
  return b;
}
}  // namespace

std::u16string combined(const std::u16string& dir, const std::u16string& file) {
  return combine_paths(&dir, &file).value_or(std::u16string());
}
size_t common_prefix_length(const std::u16string& a, const std::u16string& b) { return common_prefix(a.c_str(), b.c_str()); }
std::u16string without_file_spec(std::u16string path) {
  std::vector<char16_t> b = buffer_of(path);
  remove_file_spec(b.data());
  return b.data();
}
size_t root_length(const std::u16string& path) {
  const char16_t* r = skip_root(path.c_str());
  return r ? static_cast<size_t>(r - path.c_str()) : std::u16string::npos;
}
size_t file_name_offset(const std::u16string& path) { return static_cast<size_t>(find_file_name(path.c_str()) - path.c_str()); }
size_t extension_offset(const std::u16string& path) { return static_cast<size_t>(extension_of(path.c_str()) - path.c_str()); }
std::u16string unquoted_trimmed(std::u16string path) {
  std::vector<char16_t> b = buffer_of(path);
  unquote(b.data());
  remove_blanks(b.data());
  return b.data();
}
bool is_file_spec(const std::u16string& path) { return path.find_first_of(u"\\:") == std::u16string::npos; }
bool is_unc_path(const std::u16string& path) { return is_unc(path.c_str()); }
int drive_number(const std::u16string& path) { return drive_of(path.c_str()); }

}  // namespace polyrun::shims::shlwapi_path
