// SHLWAPI's (and KernelBase's) path functions that look at the file system, after
// shlwapi/path.cpp's PathFileExists and PathIsDirectory: whether a directory holds anything but
// "." and ".." (PathIsDirectoryEmpty), finding a file in given directories, then the system
// directories and %PATH% (PathFindOnPath), SearchPath's answer or else the full path
// (PathSearchAndQualify), system folders (a directory with FILE_ATTRIBUTE_SYSTEM or
// FILE_ATTRIBUTE_READONLY: PathIsSystemFolder, PathMakeSystemFolder, PathUnmakeSystemFolder), and
// a file type's "Content Type" in HKEY_CLASSES_ROOT (PathIsContentType). KERNEL32's functions do
// the file system's part, called through their thunks (shlwapi/system_calls.h).
#include <dirent.h>

#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/kernel32/char_types.h"
#include "shims/kernel32/files.h"
#include "shims/shlwapi/path_text.h"
#include "shims/shlwapi/string_util.h"
#include "shims/shlwapi/system_calls.h"

namespace polyrun::shims::shlwapi_path_lookup {

namespace {

using shlwapi_calls::call;
using shlwapi_calls::GuestBlock;
using shlwapi_calls::GuestText;
using shlwapi_path::kMaxPath;

constexpr uint32_t kAttributeReadOnly = 0x1, kAttributeHidden = 0x2, kAttributeSystem = 0x4, kAttributeDirectory = 0x10;

template <typename C>
std::u16string text(Ptr s) { return shlwapi_text::wide(s.as<const C>()); }

uint32_t attributes_of(WindowsProcess& p, const std::u16string& path) { return file_attributes(p, utf16_to_utf8(path)); }

// A KERNEL32 function that fills a buffer of MAX_PATH characters (GetSystemDirectoryW …).
std::u16string directory_from(WindowsProcess& p, const char* function) {
  GuestBlock buf(p, (kMaxPath + 1) * 2);
  const uint32_t n = static_cast<uint32_t>(call(p, "kernel32.dll", function, {buf.addr(), kMaxPath}));
  return n && n < kMaxPath ? std::u16string(buf.as<char16_t>()) : std::u16string();
}

// ---- directories ----

template <typename C>
BOOL PathIsDirectoryEmpty(WindowsProcess& p, Ptr path) {
  if (!path) return FALSE;
  const std::u16string w = text<C>(path);
  const uint32_t a = attributes_of(p, w);
  if (a == kInvalidAttributes || !(a & kAttributeDirectory)) return FALSE;
  DIR* d = opendir(windows_to_host_path(utf16_to_utf8(w)).c_str());
  if (!d) return FALSE;
  BOOL empty = TRUE;
  while (dirent* e = readdir(d))
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) {
      empty = FALSE;
      break;
    }
  closedir(d);
  return empty;
}

// PathFindOnPath(file, dirs): a bare file name looked for in the NULL- (or empty-) ended list of
// directories, then the system directory, the Windows directory's "System", the Windows directory
// and each directory of %PATH%; the buffer (MAX_PATH) gets the full name found.
bool exists_as_file(WindowsProcess& p, const std::u16string& path) {
  return !path.empty() && attributes_of(p, path) != kInvalidAttributes;
}
template <typename C>
BOOL PathFindOnPath(WindowsProcess& p, Ptr file, Ptr dirs) {
  if (!file) return FALSE;
  const std::u16string name = text<C>(file);
  if (!shlwapi_path::is_file_spec(name)) return FALSE;
  std::vector<std::u16string> places;
  if (dirs)
    for (uint64_t at = dirs.addr;; at += p.isa->ptr) {
      const uint64_t dir = p.get_ptr(at);
      if (!dir || !*reinterpret_cast<const C*>(dir)) break;
      places.push_back(shlwapi_text::wide(reinterpret_cast<const C*>(dir)));
    }
  const std::u16string system = directory_from(p, "GetSystemDirectoryW"), windows = directory_from(p, "GetWindowsDirectoryW");
  places.push_back(system);
  places.push_back(shlwapi_path::combined(windows, u"System"));
  places.push_back(windows);
  if (const std::optional<std::string> path = p.find_env("PATH")) {
    const std::u16string all = utf8_to_utf16(*path);
    size_t start = 0;
    for (;;) {
      size_t end = all.find(u';', start);
      std::u16string dir = all.substr(start, end == std::u16string::npos ? std::u16string::npos : end - start);
      while (!dir.empty() && dir[0] == u' ') dir.erase(0, 1);
      places.push_back(dir);
      if (end == std::u16string::npos) break;
      start = end + 1;
    }
  }
  for (const std::u16string& dir : places) {
    const std::u16string full = shlwapi_path::combined(dir, name);
    if (!exists_as_file(p, full)) continue;
    const std::basic_string<C> t = shlwapi_text::narrow_or_wide<C>(full);
    if (t.size() >= kMaxPath) continue;
    std::memcpy(file.as<C>(), t.c_str(), (t.size() + 1) * sizeof(C));
    return TRUE;
  }
  return FALSE;
}

// PathSearchAndQualify(path, buffer, size): SearchPath's full name of the file, or else
// GetFullPathName's of the path.
template <typename C>
BOOL PathSearchAndQualify(WindowsProcess& p, Ptr path, Ptr buf, uint32_t size) {
  constexpr bool wide = sizeof(C) == 2;
  if (static_cast<uint32_t>(call(p, "kernel32.dll", wide ? "SearchPathW" : "SearchPathA", {0, path.addr, 0, size, buf.addr, 0})))
    return TRUE;
  return static_cast<uint32_t>(call(p, "kernel32.dll", wide ? "GetFullPathNameW" : "GetFullPathNameA", {path.addr, size, buf.addr, 0}))
             ? TRUE
             : FALSE;
}

// ---- system folders ----

// PathIsSystemFolder(path, attributes): the path's attributes (or, for no path, those given) are a
// directory's with FILE_ATTRIBUTE_SYSTEM or FILE_ATTRIBUTE_READONLY.
template <typename C>
BOOL PathIsSystemFolder(WindowsProcess& p, Ptr path, uint32_t attributes) {
  if (path && *path.as<const C>()) attributes = attributes_of(p, text<C>(path));
  return attributes != kInvalidAttributes && (attributes & kAttributeDirectory) &&
                 (attributes & (kAttributeSystem | kAttributeReadOnly))
             ? TRUE
             : FALSE;
}

BOOL set_attributes(WindowsProcess& p, const std::u16string& path, uint32_t attributes) {
  GuestText name(p, path);
  return static_cast<uint32_t>(call(p, "kernel32.dll", "SetFileAttributesW", {name.addr(), attributes})) ? TRUE : FALSE;
}

// PathMakeSystemFolder: FILE_ATTRIBUTE_READONLY in place of the system, hidden and read-only bits
// (Explorer's "UseSystemForSystemFolders" value, which would ask for FILE_ATTRIBUTE_SYSTEM, is not
// set on Windows unless an administrator sets it); the system and Windows directories are left as
// they are.
template <typename C>
BOOL PathMakeSystemFolder(WindowsProcess& p, Ptr path) {
  if (!path || !*path.as<const C>()) return FALSE;
  const std::u16string w = text<C>(path);
  if (w == directory_from(p, "GetSystemDirectoryW") || w == directory_from(p, "GetWindowsDirectoryW")) return TRUE;
  const uint32_t a = attributes_of(p, w);
  if (a == kInvalidAttributes) return FALSE;
  return set_attributes(p, w, (a & ~(kAttributeSystem | kAttributeHidden | kAttributeReadOnly)) | kAttributeReadOnly);
}
// PathUnmakeSystemFolder: a directory's system and hidden bits cleared.
template <typename C>
BOOL PathUnmakeSystemFolder(WindowsProcess& p, Ptr path) {
  if (!path || !*path.as<const C>()) return FALSE;
  const std::u16string w = text<C>(path);
  const uint32_t a = attributes_of(p, w);
  if (a == kInvalidAttributes || !(a & kAttributeDirectory)) return FALSE;
  return set_attributes(p, w, a & ~(kAttributeHidden | kAttributeSystem));
}

// ---- content types ----

// PathIsContentType(path, type): HKEY_CLASSES_ROOT\<the path's extension>'s "Content Type" value
// is `type`, without case.
template <typename C>
BOOL PathIsContentType(WindowsProcess& p, Ptr path, Ptr type) {
  if (!path || !type) return FALSE;
  const std::u16string w = text<C>(path);
  const size_t ext = shlwapi_path::extension_offset(w);
  if (ext >= w.size()) return FALSE;
  constexpr uint64_t kClassesRoot = 0x80000000;
  const uint64_t root = p.isa->ptr == 4 ? kClassesRoot : 0xffffffff80000000ull;
  GuestText key(p, w.substr(ext)), value(p, u"Content Type");
  GuestBlock data(p, (kMaxPath + 1) * 2), size(p, 4);
  put<uint32_t>(size.addr(), kMaxPath * 2);
  const uint32_t e = static_cast<uint32_t>(
      call(p, "advapi32.dll", "RegGetValueW", {root, key.addr(), value.addr(), 0x2 /* RRF_RT_REG_SZ */, 0, data.addr(), size.addr()}, 2));
  if (e != 0) return FALSE;
  const std::u16string have(data.as<char16_t>()), want = text<C>(type);
  if (have.size() != want.size()) return FALSE;
  for (size_t i = 0; i < have.size(); ++i)
    if (char_upper(have[i]) != char_upper(want[i])) return FALSE;
  return TRUE;
}

#define SHLWAPI_BOTH(name) EXPORT(#name "A", name<char>), EXPORT(#name "W", name<char16_t>)

}  // namespace

// These join SHLWAPI's table (shlwapi/shlwapi.cpp).
const std::vector<Export>& exports() {
  static const std::vector<Export> exports = {
      SHLWAPI_BOTH(PathIsDirectoryEmpty), SHLWAPI_BOTH(PathFindOnPath),         SHLWAPI_BOTH(PathSearchAndQualify),
      SHLWAPI_BOTH(PathIsSystemFolder),   SHLWAPI_BOTH(PathMakeSystemFolder),   SHLWAPI_BOTH(PathUnmakeSystemFolder),
      SHLWAPI_BOTH(PathIsContentType),
  };
  return exports;
}

}  // namespace polyrun::shims::shlwapi_path_lookup
