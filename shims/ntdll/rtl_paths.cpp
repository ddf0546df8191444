// NTDLL's DOS paths: their kinds (RtlDetermineDosPathNameType_U), the reserved device names
// (RtlIsDosDeviceName_U: CON, PRN, AUX, NUL, COM1-9, LPT1-9, CONIN$, CONOUT$, in any directory and
// with any extension), full paths (RtlGetFullPathName_U: core's, as KERNEL32's GetFullPathName),
// their NT forms (RtlDosPathNameToNtPathName_U …: \??\C:\…, \??\UNC\server\share\…), the current
// directory, RtlDoesFileExists_U, RtlIsNameLegalDOS8Dot3; the search paths (RtlDosSearchPath_U, a
// file found in a list of directories; RtlGetSearchPath, RtlGetExePath and LdrGetDllPath, the lists
// NTDLL searches, and LdrGetDllPath, LoadLibraryEx's, made in the process heap, RtlReleasePath frees
// them; RtlSetSearchPathMode, where the current directory stands among them).
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/dos_devices.h"
#include "shims/core/guest_memory.h"
#include "shims/core/loader_hooks.h"
#include "shims/core/nt_status.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/current_directory.h"
#include "shims/ntdll/dos_paths.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/search_path_mode.h"

namespace polyrun::shims {

namespace ntdll_rtl_paths_impl {

using namespace ntdll_text;

constexpr uint32_t kObjectNameInvalid = 0xc0000033;

// RTL_PATH_TYPE.
enum PathType : uint32_t {
  kUnknown = 0,
  kUncAbsolute = 1,     // \\server\share
  kDriveAbsolute = 2,   // C:\ …
  kDriveRelative = 3,   // C:foo
  kRooted = 4,          // \foo
  kRelative = 5,        // foo
  kLocalDevice = 6,     // \\.\foo, \\?\foo
  kRootLocalDevice = 7  // \\. and \\?
};

bool separator(char16_t c) { return c == u'\\' || c == u'/'; }

uint32_t path_type(const std::u16string& s) {
  auto at = [&](size_t i) { return i < s.size() ? s[i] : u'\0'; };
  if (separator(at(0))) {
    if (!separator(at(1))) return kRooted;
    if (at(2) != u'.' && at(2) != u'?') return kUncAbsolute;
    if (separator(at(3))) return kLocalDevice;
    return at(3) ? kUncAbsolute : kRootLocalDevice;
  }
  if (!at(0) || at(1) != u':') return kRelative;
  return separator(at(2)) ? kDriveAbsolute : kDriveRelative;
}

std::u16string wide_at(uint64_t a) {
  return std::u16string(static_cast<const char16_t*>(guest_pointer(a)), wide_length(a));
}

uint32_t RtlDetermineDosPathNameType_U(WindowsProcess&, Ptr path) { return path_type(wide_at(path.addr)); }

// The device name's offset and length in bytes (offset << 16 | length), or 0.
uint32_t dos_device(const std::u16string& s) {
  const ReservedDevice d = reserved_dos_device(s);
  return d.length ? static_cast<uint32_t>(d.offset * 2) << 16 | static_cast<uint32_t>(d.length * 2) : 0;
}

uint32_t RtlIsDosDeviceName_U(WindowsProcess&, Ptr path) { return dos_device(wide_at(path.addr)); }

// The root a full path keeps: "\\\\server\\share\\", "\\\\.\\", "C:\\" (its length).
size_t root_length(const std::u16string& full) {
  if (full.size() >= 2 && separator(full[0]) && separator(full[1])) {
    if (full.size() >= 3 && (full[2] == u'.' || full[2] == u'?') && (full.size() == 3 || separator(full[3])))
      return std::min<size_t>(full.size(), 4);
    size_t at = 2, parts = 0;  // the server and the share
    while (at < full.size() && parts < 2) {
      while (at < full.size() && !separator(full[at])) ++at;
      ++parts;
      if (at < full.size()) ++at;
    }
    return at;
  }
  return std::min<size_t>(full.size(), 3);
}

// "." and ".." folded, separators made '\\' and single, after the root; a final '\\' kept.
std::u16string fold(std::u16string path) {
  for (char16_t& c : path)
    if (c == u'/') c = u'\\';
  const size_t root = root_length(path);
  std::u16string head = path.substr(0, root);
  if (head.size() == 2 && head[1] == u':') head += u'\\';  // "C:" alone: its root
  if (head.size() == 3 && head[0] == u'\\' && head[1] == u'\\') head += u'\\';  // "\\\\." alone
  std::vector<std::u16string> parts;
  size_t at = root;
  bool trailing = false;
  while (at < path.size()) {
    size_t end = path.find(u'\\', at);
    if (end == std::u16string::npos) end = path.size();
    const std::u16string part = path.substr(at, end - at);
    trailing = end < path.size();
    if (part == u"..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != u".") {
      parts.push_back(part);
    }
    at = end + 1;
  }
  std::u16string out = head;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? u"\\" : u"") + parts[i];
  if (trailing && !parts.empty()) out += u'\\';
  return out;
}

// A name made absolute against the current directory (a drive's relative name against it where
// it is that drive's, else against the drive's root; a rooted one against its drive or share), or
// a device's \\\\.\\NAME.
std::u16string full_path(const std::u16string& name) {
  if (const uint32_t dev = dos_device(name)) return u"\\\\.\\" + name.substr((dev >> 16) / 2, (dev & 0xffff) / 2);
  const std::u16string cwd = utf8_to_utf16(windows_current_directory());
  switch (path_type(name)) {
    case kUncAbsolute:
    case kDriveAbsolute:
    case kLocalDevice:
    case kRootLocalDevice:
      return fold(name);
    case kDriveRelative:
      if (cwd.size() >= 2 && upcase(cwd[0]) == upcase(name[0]) && cwd[1] == u':') return fold(cwd + u"\\" + name.substr(2));
      return fold(name.substr(0, 2) + u"\\" + name.substr(2));
    case kRooted:
      return fold(cwd.substr(0, root_length(cwd)) + name);
    default:
      return fold(cwd + u"\\" + name);
  }
}

}  // namespace ntdll_rtl_paths_impl

std::u16string ntdll_dos_paths::full_path(const std::u16string& name) { return ntdll_rtl_paths_impl::full_path(name); }

namespace ntdll_rtl_paths_impl {

// Into a buffer of `size` bytes: the bytes of the path without its NUL, or the bytes it needs with
// its NUL where it does not fit. *file_part: the last component (not for a device or a directory
// name ending in '\').
uint32_t full_path_name(WindowsProcess& p, const std::u16string& n, uint32_t size, Ptr buf, Ptr file_part) {
  if (n.empty()) return 0;
  if (file_part) p.put_ptr(file_part.addr, 0);
  const std::u16string full = full_path(n);
  const uint32_t bytes = static_cast<uint32_t>(full.size() * 2);
  if (bytes + 2 > size) return bytes + 2;
  std::memcpy(guest_pointer(buf.addr), full.c_str(), bytes + 2);
  const size_t slash = full.find_last_of(u'\\');
  if (file_part && !dos_device(n) && slash != std::u16string::npos && slash >= 2 && slash + 1 < full.size())
    p.put_ptr(file_part.addr, buf.addr + (slash + 1) * 2);
  return bytes;
}
uint32_t RtlGetFullPathName_U(WindowsProcess& p, Ptr name, uint32_t size, Ptr buf, Ptr file_part) {
  if (!name) return 0;
  return full_path_name(p, wide_at(name.addr), size, buf, file_part);
}

// The NT form, in a new block of the process heap; *file_part into it. CURDIR / RTL_RELATIVE_NAME:
// no relative name is made (zeroed: the name is absolute).
uint32_t dos_to_nt(WindowsProcess& p, Ptr dos, Ptr out, Ptr file_part, Ptr relative, uint32_t relative_size) {
  if (relative) std::memset(guest_pointer(relative.addr), 0, relative_size);
  if (!dos) return kObjectNameInvalid;
  const std::u16string d = wide_at(dos.addr);
  if (d.empty()) return kObjectNameInvalid;
  std::u16string nt;
  size_t file = std::u16string::npos;
  if (d.rfind(u"\\\\?\\", 0) == 0 || (d.rfind(u"\\??\\", 0) == 0 && d.size() > 4) ||
      (d.rfind(u"\\\\.\\", 0) == 0 && dos_device(d))) {
    nt = d;
    nt[1] = nt[2] = u'?';
    const size_t slash = nt.find_last_of(u'\\');
    if (slash + 1 < nt.size()) file = slash + 1;
  } else {
    const std::u16string full = full_path(d);
    const size_t slash = full.find_last_of(u'\\');
    const bool has_file = !dos_device(d) && slash != std::u16string::npos && slash >= 2 && slash + 1 < full.size();
    const uint32_t type = path_type(full);
    const size_t skip = type == kUncAbsolute ? 2 : type == kLocalDevice ? 4 : 0;
    nt = std::u16string(u"\\??\\") + (type == kUncAbsolute ? u"UNC\\" : u"") + full.substr(skip);
    if (has_file) file = nt.size() - (full.size() - slash - 1);
  }
  if ((nt.size() + 1) * 2 > 0xffff) return kObjectNameInvalid;
  const uint64_t b = heap_alloc(p, (nt.size() + 1) * 2);
  if (!b) return nt::kNoMemory;
  std::memcpy(guest_pointer(b), nt.c_str(), (nt.size() + 1) * 2);
  write_counted(p, out.addr, {static_cast<uint16_t>(nt.size() * 2), static_cast<uint16_t>((nt.size() + 1) * 2), b});
  if (file_part) p.put_ptr(file_part.addr, file == std::u16string::npos ? 0 : b + file * 2);
  return nt::kSuccess;
}

uint32_t curdir_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 24 : 12; }         // DosPath, Handle
uint32_t relative_name_size(WindowsProcess& p) { return p.isa->ptr == 8 ? 32 : 16; }  // + CurDirRef

uint32_t RtlDosPathNameToNtPathName_U_WithStatus(WindowsProcess& p, Ptr dos, Ptr out, Ptr file_part, Ptr cd) {
  return dos_to_nt(p, dos, out, file_part, cd, curdir_size(p));
}
uint8_t RtlDosPathNameToNtPathName_U(WindowsProcess& p, Ptr dos, Ptr out, Ptr file_part, Ptr cd) {
  return dos_to_nt(p, dos, out, file_part, cd, curdir_size(p)) == nt::kSuccess;
}
uint32_t RtlDosPathNameToRelativeNtPathName_U_WithStatus(WindowsProcess& p, Ptr dos, Ptr out, Ptr file_part, Ptr rel) {
  return dos_to_nt(p, dos, out, file_part, rel, relative_name_size(p));
}
uint8_t RtlDosPathNameToRelativeNtPathName_U(WindowsProcess& p, Ptr dos, Ptr out, Ptr file_part, Ptr rel) {
  return dos_to_nt(p, dos, out, file_part, rel, relative_name_size(p)) == nt::kSuccess;
}
// (No relative name holds a directory handle here: nothing to release.)
void RtlReleaseRelativeName(WindowsProcess&, Ptr) {}

// The longest NT path: MAX_PATH and the \??\UNC\ prefix's room (277).
uint32_t RtlGetLongestNtPathLength(WindowsProcess&) { return 277; }

// Bytes of the current directory without its NUL (and without a final '\' but a drive's root's),
// or the bytes it needs with its NUL.
uint32_t RtlGetCurrentDirectory_U(WindowsProcess&, uint32_t size, Ptr buf) {
  std::u16string d = utf8_to_utf16(windows_current_directory());
  if (d.size() > 1 && d.back() == u'\\' && d[d.size() - 2] != u':') d.pop_back();
  if (size / 2 > d.size()) {
    std::memcpy(guest_pointer(buf.addr), d.c_str(), (d.size() + 1) * 2);
    return static_cast<uint32_t>(d.size() * 2);
  }
  return static_cast<uint32_t>((d.size() + 1) * 2);
}

uint32_t RtlSetCurrentDirectory_U(WindowsProcess& p, Ptr dir) {
  const std::u16string d = unicode_of(p, dir.addr);
  if (d.empty()) return kObjectNameInvalid;
  const std::string host = windows_to_host_path(utf16_to_utf8(full_path(d)));
  struct stat st;
  if (::stat(host.c_str(), &st) != 0) return nt_status_from_errno(errno);
  if (!S_ISDIR(st.st_mode)) return 0xc0000103;  // STATUS_NOT_A_DIRECTORY
  if (::chdir(host.c_str()) != 0) return nt_status_from_errno(errno);
  ntdll_current_directory::sync(p);
  return nt::kSuccess;
}

bool file_exists(const std::u16string& n) {
  if (n.empty()) return false;
  struct stat st;
  return ::stat(windows_to_host_path(utf16_to_utf8(full_path(n))).c_str(), &st) == 0;
}
uint8_t RtlDoesFileExists_U(WindowsProcess&, Ptr name) { return name && file_exists(wide_at(name.addr)); }

// Whether a name is a valid 8.3 name in upper case of the OEM code page: eight characters and an
// extension of three at most, none of *?<>|"+=,;[]:/\, spaces only inside; "." and ".." are.
// *spaces: whether it has any.
uint8_t RtlIsNameLegalDOS8Dot3(WindowsProcess& p, Ptr name, Ptr oem, Ptr spaces) {
  std::u16string n = unicode_of(p, name.addr);
  for (char16_t& c : n) c = upcase(c);
  uint32_t len = 0;
  utf16_to_utf8(n.data(), static_cast<uint32_t>(n.size()), nullptr, 0, &len);
  if (len > 12) return 0;
  std::string s(len, '\0');
  utf16_to_utf8(n.data(), static_cast<uint32_t>(n.size()), reinterpret_cast<uint8_t*>(s.data()), len, &len);
  if (oem) {
    const Counted o = read_counted(p, oem.addr);
    if (o.max < s.size()) return 0;
    std::memcpy(guest_pointer(o.buffer), s.data(), s.size());
    set_length(oem.addr, static_cast<uint16_t>(s.size()));
  }
  if (!s.empty() && s[0] == '.') {
    if (s != "." && s != "..") return 0;
    put<uint8_t>(spaces.addr, 0);
    return 1;
  }
  int dot = -1;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ') {
      if (!i || i + 1 == s.size() || s[i + 1] == '.') return 0;
      space = true;
    } else if (c == '.') {
      if (dot != -1) return 0;
      dot = static_cast<int>(i);
    } else if (std::strchr("*?<>|\"+=,;[]:/\\", c) || static_cast<unsigned char>(c) >= 0x80) {
      return 0;
    }
  }
  const int size = static_cast<int>(s.size());
  if (dot == -1 ? size > 8 : dot > 8 || size - dot > 4 || dot == size - 1) return 0;
  put<uint8_t>(spaces.addr, space);
  return 1;
}

// ---- search paths ----

// RtlDosSearchPath_U(directories, name, extension, size, buffer, *file_part): a relative name
// looked for in each directory of the ';'-separated list (with the extension unless the name has a
// '.'), any other name where it says; the full path of the first that exists into the buffer, as
// RtlGetFullPathName_U gives it (its bytes, or those it needs); 0 when none exists.
uint32_t RtlDosSearchPath_U(WindowsProcess& p, Ptr paths, Ptr name, Ptr ext, uint32_t size, Ptr buf,
                            Ptr file_part) {
  const std::u16string n = wide_at(name.addr);
  if (path_type(n) != kRelative) return file_exists(n) ? full_path_name(p, n, size, buf, file_part) : 0;
  const std::u16string extension = ext && n.find(u'.') == std::u16string::npos ? wide_at(ext.addr) : u"";
  const std::u16string list = wide_at(paths.addr);
  for (size_t at = 0; at < list.size();) {
    size_t end = list.find(u';', at);
    if (end == std::u16string::npos) end = list.size();
    std::u16string candidate = list.substr(at, end - at);
    if (!candidate.empty() && candidate.back() != u'\\') candidate += u'\\';
    candidate += n + extension;
    if (file_exists(candidate)) return full_path_name(p, candidate, size, buf, file_part);
    at = end + 1;
  }
  return 0;
}

// RtlSetSearchPathMode's state: 0 the current directory before the system's, 1 after them (safe
// search), 2 safe search for good.
int& search_path_mode() {
  static int mode = 0;
  return mode;
}

// A module's directory: its path up to the last separator (a drive's root keeps its '\\').
std::u16string directory_of(const std::u16string& module) {
  size_t end = module.find_last_of(u"\\/");
  if (end == std::u16string::npos) end = 0;
  if (end == 2 && module.size() > 1 && module[1] == u':') ++end;
  if (end == 0 && module.size() > 1 && module[1] == u':') end = 2;
  return module.substr(0, end);
}

// A list in a new block of the process heap.
uint32_t give_list(WindowsProcess& p, const std::u16string& list, Ptr out) {
  const uint64_t b = heap_alloc(p, (list.size() + 1) * 2);
  if (!b) return nt::kNoMemory;
  std::memcpy(guest_pointer(b), list.c_str(), (list.size() + 1) * 2);
  p.put_ptr(out.addr, b);
  return nt::kSuccess;
}

constexpr char16_t kSystemPath[] = u"C:\\windows\\system32;C:\\windows\\system;C:\\windows";

// The list NTDLL searches: the module's directory (the program's), `dll_dir` (null: the current
// directory, after the system's directories in safe search mode), the system's directories, then
// PATH's; each entry followed by ';' but PATH's.
uint32_t search_path(WindowsProcess& p, const char16_t* dll_dir, bool safe, Ptr out,
                     const std::u16string* module = nullptr) {
  std::u16string list;
  auto add = [&](const std::u16string& s) {
    if (!s.empty()) list += s + u';';
  };
  add(directory_of(module ? *module : utf8_to_utf16(p.exe_path)));
  if (dll_dir) add(dll_dir);
  else if (!safe) add(u".");
  add(kSystemPath);
  if (!dll_dir && safe) add(u".");
  if (const auto path = p.find_env("PATH")) list += utf8_to_utf16(*path);
  return give_list(p, list, out);
}

uint32_t RtlGetSearchPath(WindowsProcess& p, Ptr out) {
  return search_path(p, nullptr, search_path_mode() != 0, out);
}

// The list for an executable: the current directory among them unless the name has a '\\' and
// NoDefaultCurrentDirectoryInExePath is set (NeedCurrentDirectoryForExePath's rule).
uint32_t RtlGetExePath(WindowsProcess& p, Ptr name, Ptr out) {
  const bool no_current = wide_at(name.addr).find(u'\\') == std::u16string::npos &&
                          p.find_env("NoDefaultCurrentDirectoryInExePath").has_value();
  return search_path(p, no_current ? u"" : u".", false, out);
}

// LdrGetDllPath(module, flags, *path, *unknown): the list LoadLibraryEx searches for a DLL with these
// flags. LOAD_LIBRARY_SEARCH_* flags (or SetDefaultDllDirectories' where none is given): the
// module's directory (DLL_LOAD_DIR, for an absolute module path), the program's (APPLICATION_DIR),
// AddDllDirectory's and SetDllDirectory's directories (USER_DIRS), system32 with its final '\\'
// (SYSTEM32;
// DEFAULT_DIRS is the last three). Else the standard order (safe DLL search mode): the program's
// directory (the module's with LOAD_WITH_ALTERED_SEARCH_PATH and a path), SetDllDirectory's
// directory or, without one, the system's directories and then the current one, then PATH.
uint32_t LdrGetDllPath(WindowsProcess& p, Ptr module, uint32_t flags, Ptr out, Ptr unknown) {
  constexpr uint32_t kAltered = 0x8, kDllLoadDir = 0x100, kApplicationDir = 0x200, kUserDirs = 0x400,
                     kSystem32 = 0x800, kDefaultDirs = 0x1000, kSearchFlags = 0x1f00;
  const std::u16string m = module ? wide_at(module.addr) : std::u16string();
  const uint32_t defaults = default_dll_directories();
  if (flags & kAltered) {
    if (flags & kSearchFlags) return nt::kInvalidParameter;
    if (defaults) flags |= defaults | kDllLoadDir;
  } else if (!(flags & kSearchFlags)) {
    flags |= defaults;
  }
  if (unknown) p.put_ptr(unknown.addr, 0);
  const std::optional<std::string> set_dir = dll_directory();
  const std::u16string dll_dir = set_dir ? utf8_to_utf16(*set_dir) : std::u16string();
  if (!(flags & kSearchFlags)) {
    const bool own = (flags & kAltered) && m.find(u'\\') != std::u16string::npos;
    const std::u16string exe = utf8_to_utf16(p.exe_path);
    return search_path(p, dll_dir.empty() ? nullptr : dll_dir.c_str(), true, out, own ? &m : &exe);
  }
  if (flags & kDefaultDirs) flags |= kApplicationDir | kUserDirs | kSystem32;
  std::u16string list;
  auto add = [&](const std::u16string& s) {
    if (!s.empty()) list += s + u';';
  };
  if (flags & kDllLoadDir) {
    const uint32_t type = path_type(m);
    if (type != kDriveAbsolute && type != kUncAbsolute && type != kLocalDevice) return nt::kInvalidParameter;
    add(directory_of(m));
  }
  if (flags & kApplicationDir) add(directory_of(utf8_to_utf16(p.exe_path)));
  if (flags & kUserDirs) {
    for (const std::string& d : user_dll_directories()) add(utf8_to_utf16(d));
    add(dll_dir);
  }
  if (flags & kSystem32) {
    list += u"C:\\windows\\system32\\";
  } else if (!list.empty()) {
    list.pop_back();
  }
  return give_list(p, list, out);
}

void RtlReleasePath(WindowsProcess& p, Ptr path) {
  if (path) heap_free(p, path.addr);
}

// BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE (1) or _DISABLE_SAFE_SEARCHMODE (0x10000), the first
// with BASE_SEARCH_PATH_PERMANENT (0x8000) for good; once permanent, STATUS_ACCESS_DENIED.
uint32_t RtlSetSearchPathMode(WindowsProcess&, uint32_t flags) { return ntdll_search_path::set_mode(flags); }

}  // namespace ntdll_rtl_paths_impl

uint32_t ntdll_search_path::set_mode(uint32_t flags) {
  int& mode = ntdll_rtl_paths_impl::search_path_mode();
  switch (flags) {
    case 0x1:
    case 0x10000:
      if (mode == 2) return 0xc0000022;
      mode = flags == 1 ? 1 : 0;
      return nt::kSuccess;
    case 0x8001:
      mode = 2;
      return nt::kSuccess;
    default:
      return nt::kInvalidParameter;
  }
}
bool ntdll_search_path::safe_search() { return ntdll_rtl_paths_impl::search_path_mode() != 0; }

const std::vector<Export>& ntdll_path_exports() {
  using namespace ntdll_rtl_paths_impl;
  static const std::vector<Export> exports = {
      EXPORT("RtlDetermineDosPathNameType_U", RtlDetermineDosPathNameType_U),
      EXPORT("RtlIsDosDeviceName_U", RtlIsDosDeviceName_U),
      EXPORT("RtlGetFullPathName_U", RtlGetFullPathName_U),
      EXPORT("RtlDosPathNameToNtPathName_U", RtlDosPathNameToNtPathName_U),
      EXPORT("RtlDosPathNameToNtPathName_U_WithStatus", RtlDosPathNameToNtPathName_U_WithStatus),
      EXPORT("RtlDosPathNameToRelativeNtPathName_U", RtlDosPathNameToRelativeNtPathName_U),
      EXPORT("RtlDosPathNameToRelativeNtPathName_U_WithStatus", RtlDosPathNameToRelativeNtPathName_U_WithStatus),
      EXPORT("RtlReleaseRelativeName", RtlReleaseRelativeName),
      EXPORT("RtlGetLongestNtPathLength", RtlGetLongestNtPathLength),
      EXPORT("RtlGetCurrentDirectory_U", RtlGetCurrentDirectory_U),
      EXPORT("RtlSetCurrentDirectory_U", RtlSetCurrentDirectory_U),
      EXPORT("RtlDoesFileExists_U", RtlDoesFileExists_U),
      EXPORT("RtlIsNameLegalDOS8Dot3", RtlIsNameLegalDOS8Dot3),
      EXPORT("RtlDosSearchPath_U", RtlDosSearchPath_U),
      EXPORT("RtlGetSearchPath", RtlGetSearchPath),
      EXPORT("RtlGetExePath", RtlGetExePath),
      EXPORT("RtlReleasePath", RtlReleasePath),
      EXPORT("RtlSetSearchPathMode", RtlSetSearchPathMode),
      EXPORT("LdrGetDllPath", LdrGetDllPath),
  };
  return exports;
}

}  // namespace polyrun::shims
