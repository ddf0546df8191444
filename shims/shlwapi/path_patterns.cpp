// SHLWAPI's (and KernelBase's) path functions that work on the text alone, after shlwapi/path.cpp's:
// wildcard patterns (PathMatchSpec, PathMatchSpecEx: "*" and "?" without case, several patterns
// apart by ";"), the class of a character in a path (PathGetCharType's GCT_ bits), the root of a
// drive number (PathBuildRoot), the next component (PathFindNextComponent), a suffix among several
// (PathFindSuffixArray), whether two paths share a root (PathIsSameRoot), display forms
// (PathMakePretty: an all-capitals path in small letters but the first; PathUndecorate: "[n]"
// before the extension removed; PathCompactPathEx: "..." in place of what does not fit), an icon
// location's "file,index" (PathParseIconLocation), the relative path from one path to another
// (PathRelativePathTo), network paths (PathIsNetworkPath: UNC paths; no drive letter is a network
// drive here) and the environment's folders written back as their variables
// (PathUnExpandEnvStrings). The ANSI forms see UTF-8, polyrun's ANSI code page, whose characters
// these rules look for are all ASCII.
#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/hresult.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/kernel32/char_types.h"
#include "shims/shlwapi/path_text.h"
#include "shims/shlwapi/string_util.h"

namespace polyrun::shims::shlwapi_path_patterns {

namespace {

using shlwapi_path::kMaxPath;
using shlwapi_text::code;
using shlwapi_text::length;
using shlwapi_text::upper;

template <typename C>
Ptr at(const C* s) { return Ptr(reinterpret_cast<uint64_t>(s)); }

template <typename C>
std::u16string text(Ptr s) { return shlwapi_text::wide(s.as<const C>()); }

// The UTF-16 result into the caller's buffer as type C, cut to `room` characters with the NUL.
template <typename C>
void store(Ptr dst, const std::u16string& s, size_t room) {
  std::basic_string<C> t = shlwapi_text::narrow_or_wide<C>(s);
  if (t.size() >= room) t.resize(room - 1);
  std::memcpy(dst.as<C>(), t.c_str(), (t.size() + 1) * sizeof(C));
}

// ---- patterns ----

// One pattern against a name: up to ";" or the end of a list, or the whole of a single pattern
// (where ";" is a character like another).
template <typename C>
bool matches(const C* name, const C* mask, bool list) {
  auto ends = [list](C c) { return !c || (list && c == ';'); };
  while (*name && !ends(*mask)) {
    if (*mask == '*') {
      do {
        if (matches(name, mask + 1, list)) return true;
      } while (*name++);
      return false;
    }
    if (*mask != '?' && upper(*mask) != upper(*name)) return false;
    ++name, ++mask;
  }
  if (*name) return false;
  while (*mask == '*') ++mask;
  return ends(*mask);
}
constexpr uint32_t kPmsfMultiple = 0x1, kPmsfDontStripSpaces = 0x10000;
// "*.*" matches every name; each pattern loses its leading blanks first (unless asked not to).
template <typename C>
bool match_spec(const C* name, const C* mask, bool multiple, bool strip) {
  const C all[] = {'*', '.', '*', 0};
  if (!multiple) {
    if (strip)
      while (*mask == ' ') ++mask;
    return std::basic_string<C>(mask) == all || matches(name, mask, false);
  }
  if (std::basic_string<C>(mask) == all) return true;
  while (*mask) {
    if (strip)
      while (*mask == ' ') ++mask;
    if (matches(name, mask, true)) return true;
    while (*mask && *mask != ';') ++mask;
    if (*mask == ';') ++mask;
  }
  return false;
}
template <typename C>
BOOL PathMatchSpec(WindowsProcess&, Ptr name, Ptr mask) {
  if (!name || !mask) return FALSE;
  return match_spec(name.as<const C>(), mask.as<const C>(), true, true) ? TRUE : FALSE;
}
// PathMatchSpecEx: S_OK for a match, S_FALSE for none; PMSF_MULTIPLE for a ";" list,
// PMSF_DONT_STRIP_SPACES to keep the patterns' leading blanks.
template <typename C>
HRESULT PathMatchSpecEx(WindowsProcess&, Ptr name, Ptr mask, uint32_t flags) {
  if (!name || !mask) return E_INVALIDARG;
  return match_spec(name.as<const C>(), mask.as<const C>(), (flags & kPmsfMultiple) != 0, !(flags & kPmsfDontStripSpaces))
             ? S_OK
             : S_FALSE;
}

// PathGetCharType: GCT_INVALID 0, GCT_LFNCHAR 1, GCT_SHORTCHAR 2, GCT_WILD 4, GCT_SEPARATOR 8.
uint32_t char_type(uint32_t ch) {
  if (ch < ' ' || ch == '<' || ch == '>' || ch == '"' || ch == '|' || ch == '/') return 0;
  if (ch == '*' || ch == '?') return 4;
  if (ch == '\\' || ch == ':') return 8;
  uint32_t flags = 1;
  const bool alnum = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
  // Characters a DOS (8.3) name may hold; every one from 126 on counts as one, as on Windows.
  if (ch >= 126 || (ch & 1 && ch != ';') || alnum || ch == '$' || ch == '&' || ch == '(' || ch == '.' || ch == '@' ||
      ch == '^' || ch == '\'' || ch == '`')
    flags |= 2;
  return flags;
}
uint32_t PathGetCharTypeA(WindowsProcess&, uint32_t ch) { return char_type(ch & 0xff); }
uint32_t PathGetCharTypeW(WindowsProcess&, uint32_t ch) { return char_type(ch & 0xffff); }

// ---- parts ----

// PathBuildRoot(buffer, drive): "A:\" … "Z:\" for 0 … 25 (the buffer as it was for other numbers).
template <typename C>
Ptr PathBuildRoot(WindowsProcess&, Ptr buf, int32_t drive) {
  if (buf && drive >= 0 && drive < 26) {
    C* b = buf.as<C>();
    b[0] = static_cast<C>('A' + drive), b[1] = ':', b[2] = '\\', b[3] = 0;
  }
  return buf;
}

// PathFindNextComponent: after the next "\" (both of a "\\"), or the end; NULL for an empty path.
template <typename C>
Ptr PathFindNextComponent(WindowsProcess&, Ptr path) {
  if (!path || !*path.as<const C>()) return Ptr(0);
  const C* p = path.as<const C>();
  for (const C* s = p; *s; ++s)
    if (*s == '\\') return at(s[1] == '\\' ? s + 2 : s + 1);
  return at(p + length(p));
}

// PathFindSuffixArray(name, suffixes, count): the first suffix (shorter than the name) it ends
// with, case counting.
template <typename C>
Ptr PathFindSuffixArray(WindowsProcess& p, Ptr name, Ptr array, int32_t count) {
  if (!name || !array || count <= 0) return Ptr(0);
  const C* n = name.as<const C>();
  const size_t nl = length(n);
  for (int32_t i = 0; i < count; ++i) {
    const uint64_t suffix = p.get_ptr(array.addr + static_cast<uint64_t>(i) * p.isa->ptr);
    const C* s = reinterpret_cast<const C*>(suffix);
    const size_t sl = length(s);
    if (sl < nl && std::memcmp(n + nl - sl, s, sl * sizeof(C)) == 0) return Ptr(suffix);
  }
  return Ptr(0);
}

// PathIsSameRoot: both paths have the first one's root.
template <typename C>
BOOL PathIsSameRoot(WindowsProcess&, Ptr a, Ptr b) {
  if (!a || !b) return FALSE;
  const std::u16string x = text<C>(a), y = text<C>(b);
  const size_t root = shlwapi_path::root_length(x);
  if (root == std::u16string::npos) return FALSE;
  return root <= shlwapi_path::common_prefix_length(x, y) + 1 ? TRUE : FALSE;
}

// ---- display forms ----

template <typename C>
BOOL PathMakePretty(WindowsProcess&, Ptr path) {
  if (!path) return FALSE;
  C* p = path.as<C>();
  for (C* s = p; *s; ++s) {
    const uint32_t c = code(*s);
    const bool lower = sizeof(C) == 1 ? (c >= 'a' && c <= 'z') : char_upper(static_cast<char16_t>(c)) != c;
    if (lower || (sizeof(C) == 1 && c >= 0x80)) return FALSE;  // not a DOS path
  }
  if (*p)
    for (C* s = p + 1; *s; ++s)
      *s = static_cast<C>(sizeof(C) == 1 ? (code(*s) >= 'A' && code(*s) <= 'Z' ? code(*s) + 32 : code(*s))
                                         : char_lower(static_cast<char16_t>(*s)));
  return TRUE;
}

// PathUndecorate: "name[12].ext" becomes "name.ext" (not a "[n]" that begins the file name).
template <typename C>
void PathUndecorate(WindowsProcess&, Ptr path) {
  if (!path) return;
  C* p = path.as<C>();
  const std::u16string w = text<C>(path);
  // The extension's place in the caller's text (bytes of the ANSI code page).
  const size_t ext_w = shlwapi_path::extension_offset(w);
  const size_t ext = sizeof(C) == 1 ? utf16_to_ansi(w.substr(0, ext_w)).size() : ext_w;
  if (ext == 0 || p[ext - 1] != ']') return;
  size_t s = ext - 1;
  while (s > 0 && p[s - 1] >= '0' && p[s - 1] <= '9') --s;
  if (s == 0) return;
  --s;
  if (s > 0 && p[s] == '[' && p[s - 1] != '\\') std::memmove(p + s, p + ext, (length(p + ext) + 1) * sizeof(C));
}

// PathParseIconLocation("file,index"): the index (StrToInt's reading), the file unquoted and trimmed.
template <typename C>
int32_t PathParseIconLocation(WindowsProcess&, Ptr path) {
  if (!path) return 0;
  C* p = path.as<C>();
  int32_t index = 0;
  for (C* s = p; *s; ++s)
    if (*s == ',') {
      *s = 0;
      const C* n = s + 1;
      bool negative = *n == '-';
      if (negative) ++n;
      int64_t v = 0;
      if (negative || (*n >= '0' && *n <= '9'))
        while (*n >= '0' && *n <= '9') v = v * 10 + (*n++ - '0');
      index = static_cast<int32_t>(negative ? -v : v);
      break;
    }
  const std::u16string r = shlwapi_path::unquoted_trimmed(text<C>(path));
  store<C>(path, r, length(p) + 1);
  return index;
}

// PathCompactPathEx(dst, path, size, flags): the path as it is if it fits in `size` characters;
// else the directories' end replaced by "..." before the file name, and the file name itself cut
// with "..." when even that does not fit. The characters counted are UTF-16 units.
std::u16string compact_path(const std::u16string& path, uint32_t size) {
  if (path.size() + 1 < size) return path;
  const std::u16string dots = u"...";
  auto only_dots = [](uint32_t room) { return std::u16string(room > 0 ? room - 1 : 0, u'.'); };
  const size_t name = shlwapi_path::file_name_offset(path);
  if (name == 0) {  // no directory
    if (size <= 4) return only_dots(size);
    return path.substr(0, size - 4) + dots;
  }
  const std::u16string file = path.substr(name - 1);  // with its "\"
  if (file.size() + 1 + 3 > size) {
    if (size <= 4) return only_dots(size);
    uint32_t room = size - 4;
    std::u16string r = dots + file[0];
    if (room <= 4) return r + only_dots(room);
    room -= 4;
    return r + file.substr(1, room) + dots;
  }
  const size_t keep = size - (file.size() + 1) - 3;
  return path.substr(0, keep) + dots + file;
}
template <typename C>
BOOL PathCompactPathEx(WindowsProcess&, Ptr dst, Ptr path, uint32_t size, uint32_t) {
  if (!path || !dst) return FALSE;
  *dst.as<C>() = 0;
  if (size < 2) return TRUE;
  const std::u16string r = compact_path(text<C>(path), size);
  store<C>(dst, r, size);
  return TRUE;
}

// ---- relations between paths ----

// PathRelativePathTo(out, from, from_attributes, to, to_attributes): "..\" for each of from's
// directories below the common prefix, then the rest of `to`; a path that is not a directory
// (FILE_ATTRIBUTE_DIRECTORY) counts from its folder. FALSE when they share no root.
constexpr uint32_t kAttributeDirectory = 0x10;
bool relative_path(std::u16string from, uint32_t from_attributes, const std::u16string& to_path, uint32_t to_attributes,
                   std::u16string& out) {
  from = from.substr(0, kMaxPath - 1);
  std::u16string to = to_path.substr(0, kMaxPath - 1);
  if (!(from_attributes & kAttributeDirectory)) from = shlwapi_path::without_file_spec(from);
  if (!(to_attributes & kAttributeDirectory)) to = shlwapi_path::without_file_spec(to);
  const size_t common = shlwapi_path::common_prefix_length(from, to);
  if (!common) return false;
  out.clear();
  size_t f = common;
  if (f == from.size()) out = u".";
  if (f < from.size() && from[f] == u'\\') ++f;
  while (f < from.size()) {
    const size_t slash = from.find(u'\\', f);
    f = slash == std::u16string::npos ? from.size() : (slash + 1 < from.size() && from[slash + 1] == u'\\' ? slash + 2 : slash + 1);
    out += f < from.size() ? u"..\\" : u"..";
  }
  // The rest of `to` as given (its file name too), from the common prefix's "\".
  size_t t = common;
  if (t < to_path.size() && t > 0 && to_path[t - 1]) {
    if (to_path[t] != u'\\') --t;
    if (out.size() + (to_path.size() - t) >= kMaxPath) {
      out.clear();
      return false;
    }
    out += to_path.substr(t);
  }
  return true;
}
template <typename C>
BOOL PathRelativePathTo(WindowsProcess&, Ptr out, Ptr from, uint32_t from_attributes, Ptr to, uint32_t to_attributes) {
  if (!out || !from || !to) return FALSE;
  *out.as<C>() = 0;
  std::u16string r;
  if (!relative_path(text<C>(from), from_attributes, text<C>(to), to_attributes, r)) return FALSE;
  store<C>(out, r, kMaxPath);
  return TRUE;
}

// PathIsNetworkPath: a UNC path; a drive letter would be a network drive's, and none is here.
template <typename C>
BOOL PathIsNetworkPath(WindowsProcess&, Ptr path) {
  if (!path) return FALSE;
  const C* p = path.as<const C>();
  return p[0] == '\\' && p[1] == '\\' ? TRUE : FALSE;
}

// PathUnExpandEnvStrings(path, buffer, size): the longest of the folders %ALLUSERSPROFILE%,
// %APPDATA%, %ProgramFiles%, %SystemRoot%, %SystemDrive% and %USERPROFILE% that begins the path
// (without case) replaced by its variable; FALSE when none does or the result does not fit.
bool unexpanded(WindowsProcess& p, const std::u16string& path, std::u16string& out) {
  static const char* const names[] = {"ALLUSERSPROFILE", "APPDATA", "ProgramFiles", "SystemRoot", "SystemDrive", "USERPROFILE"};
  size_t best = 0;
  for (const char* name : names) {
    const std::optional<std::string> value = p.find_env(name);
    if (!value || value->empty()) continue;
    const std::u16string v = utf8_to_utf16(*value);
    if (v.size() > path.size() || v.size() <= best) continue;
    bool same = true;
    for (size_t i = 0; i < v.size() && same; ++i) same = char_upper(v[i]) == char_upper(path[i]);
    if (!same) continue;
    best = v.size();
    out = u"%" + utf8_to_utf16(name) + u"%" + path.substr(v.size());
  }
  return best != 0;
}
template <typename C>
BOOL PathUnExpandEnvStrings(WindowsProcess& p, Ptr path, Ptr buf, uint32_t size) {
  if (!path || !buf) return FALSE;
  std::u16string r;
  if (!unexpanded(p, text<C>(path), r)) return FALSE;
  const std::basic_string<C> t = shlwapi_text::narrow_or_wide<C>(r);
  if (t.size() + 1 > size) return FALSE;
  std::memcpy(buf.as<C>(), t.c_str(), (t.size() + 1) * sizeof(C));
  return TRUE;
}

#define SHLWAPI_BOTH(name) EXPORT(#name "A", name<char>), EXPORT(#name "W", name<char16_t>)

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      SHLWAPI_BOTH(PathMatchSpec),       SHLWAPI_BOTH(PathMatchSpecEx),   EXPORT("PathGetCharTypeA", PathGetCharTypeA),
      EXPORT("PathGetCharTypeW", PathGetCharTypeW), SHLWAPI_BOTH(PathBuildRoot), SHLWAPI_BOTH(PathFindNextComponent),
      SHLWAPI_BOTH(PathFindSuffixArray), SHLWAPI_BOTH(PathIsSameRoot),    SHLWAPI_BOTH(PathMakePretty),
      SHLWAPI_BOTH(PathUndecorate),      SHLWAPI_BOTH(PathParseIconLocation), SHLWAPI_BOTH(PathCompactPathEx),
      SHLWAPI_BOTH(PathRelativePathTo),  SHLWAPI_BOTH(PathIsNetworkPath), SHLWAPI_BOTH(PathUnExpandEnvStrings),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_path_patterns
