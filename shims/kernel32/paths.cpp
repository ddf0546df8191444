// KERNEL32.dll, paths: GetFullPathName, SearchPath, the long and short names, the current
// directory, the temporary directory and GetTempFileName.
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <climits>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "common/log.h"
#include "shims/ntdll/current_directory.h"
#include "shims/ntdll/dos_paths.h"
#include "shims/ntdll/search_path_mode.h"
#include "shims/core/filetime.h"
#include "shims/core/windows_modules.h"
#include "shims/kernel32/console.h"
#include "shims/core/path_mapping.h"
#include "shims/core/child_process.h"
#include "shims/core/dos_devices.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/kernel32/pipes.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/kernel32/files_internal.h"

namespace polyrun::shims::kernel32_files {

// ---- paths and the current directory ----

// The A file functions' names: the ANSI code page's bytes, or the OEM one's after SetFileApisToOEM.
std::string narrow_path(WindowsProcess& p, AStr s) { return file_api_to_utf8(p.file_apis_oem, s.bytes()); }

// Copies a result string into a caller's buffer of `size` characters: the length without the
// NUL on success, the size needed (with the NUL) when it does not fit (the A form's in bytes of
// the file functions' code page).
uint32_t store(WindowsProcess& p, const std::string& utf8, Ptr buf, uint32_t size) {
  const std::string s = utf8_to_file_api(p.file_apis_oem, utf8);
  if (s.size() + 1 > size) return static_cast<uint32_t>(s.size() + 1);
  std::memcpy(buf.as<char>(), s.c_str(), s.size() + 1);
  return static_cast<uint32_t>(s.size());
}
uint32_t storew(const std::string& s, Ptr buf, uint32_t size) {
  std::u16string w = utf8_to_utf16(s);
  if (w.size() + 1 > size) return static_cast<uint32_t>(w.size() + 1);
  std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  return static_cast<uint32_t>(w.size());
}

namespace {

// A DOS device's name (NUL, CON, AUX, PRN, COM1-9, LPT1-9, CONIN$, CONOUT$) in any directory, any
// case, with any extension, or "".
std::string dos_device(const std::string& name) {
  const std::u16string w = utf8_to_utf16(name);
  const ReservedDevice d = reserved_dos_device(w);
  return utf16_to_utf8(w.substr(d.offset, d.length));
}
// GetFullPathName's path: RtlGetFullPathName_U's (a device is \\.\NAME as written; a final '\\'
// stays).
std::string full_path_name(const std::string& name) {
  return utf16_to_utf8(ntdll_dos_paths::full_path(utf8_to_utf16(name)));
}

uint32_t GetFullPathNameA(WindowsProcess& p, AStr name, uint32_t size, Ptr buf, Ptr file_part) {
  const std::string n = narrow_path(p, name);
  std::string full = full_path_name(n);
  uint32_t r = store(p, full, buf, size);
  if (r < size && file_part) {
    const size_t cut = full.find_last_of('\\') + 1;
    // (None for a device or a directory's name ending in a separator.)
    const bool none = !dos_device(n).empty() || cut == full.size();
    p.put_ptr(file_part.addr, none ? 0 : buf.addr + utf8_to_file_api(p.file_apis_oem, full.substr(0, cut)).size());
  }
  return r;
}

// SearchPath: the file (with `extension` added when its name has none) in the directories of `path`
// (';'-separated), or where Windows looks by default: the program's directory, the current one,
// the system and Windows directories, then PATH. The full path: its length, or (too small a buffer)
// the size it needs with its NUL; 0 and ERROR_FILE_NOT_FOUND when it is nowhere.
std::string search_file(WindowsProcess& p, const std::string& path, const std::string& name, const std::string& extension) {
  std::string file = name;
  const size_t last = file.find_last_of("\\/");
  if (!extension.empty() && file.find('.', last == std::string::npos ? 0 : last) == std::string::npos) file += extension;
  auto exists = [](const std::string& windows) {
    struct stat st;
    return ::stat(windows_to_host_path(windows).c_str(), &st) == 0 && !S_ISDIR(st.st_mode);
  };
  if (file.find_first_of("\\/:") != std::string::npos) return exists(file) ? full_path_name(file) : "";
  std::vector<std::string> dirs;
  if (!path.empty()) {
    for (size_t at = 0; at <= path.size();) {
      size_t end = path.find(';', at);
      if (end == std::string::npos) end = path.size();
      if (end > at) dirs.push_back(path.substr(at, end - at));
      at = end + 1;
    }
  } else {
    const size_t cut = p.exe_path.find_last_of('\\');
    if (cut != std::string::npos) dirs.push_back(p.exe_path.substr(0, cut));
    // The current directory before the system's, or after them in safe search mode
    // (SetSearchPathMode).
    const bool safe = ntdll_search_path::safe_search();
    if (!safe) dirs.push_back(windows_current_directory());
    dirs.push_back("C:\\windows\\system32");
    dirs.push_back("C:\\windows");
    if (safe) dirs.push_back(windows_current_directory());
    for (auto& d : search_path(p)) dirs.push_back(std::move(d));
  }
  for (const std::string& d : dirs) {
    const std::string candidate = d + (d.back() == '\\' || d.back() == '/' ? "" : "\\") + file;
    if (exists(candidate)) return full_path_name(candidate);
  }
  return "";
}
uint32_t search_path_result(WindowsProcess& p, const std::string& found, Ptr buf, uint32_t size, Ptr file_part, bool wide_out) {
  if (found.empty()) return fail(p, ERROR_FILE_NOT_FOUND), 0;
  const uint32_t r = wide_out ? storew(found, buf, size) : store(p, found, buf, size);
  if (r < size && file_part) {
    const size_t cut = found.find_last_of('\\') + 1;
    const size_t offset = wide_out ? utf8_to_utf16(found.substr(0, cut)).size() * 2
                                   : utf8_to_file_api(p.file_apis_oem, found.substr(0, cut)).size();
    p.put_ptr(file_part.addr, buf.addr + offset);
  }
  return r;
}
// SetSearchPathMode(flags): BASE_SEARCH_PATH_ENABLE_SAFE_SEARCHMODE (1) or
// BASE_SEARCH_PATH_DISABLE_SAFE_SEARCHMODE (0x10000), the first with BASE_SEARCH_PATH_PERMANENT
// (0x8000); ERROR_ACCESS_DENIED once made permanent, ERROR_INVALID_PARAMETER for other flags.
BOOL SetSearchPathMode(WindowsProcess& p, uint32_t flags) {
  const uint32_t status = ntdll_search_path::set_mode(flags);
  if (status == 0) return TRUE;
  return fail(p, status == 0xc0000022 ? ERROR_ACCESS_DENIED : ERROR_INVALID_PARAMETER);
}
uint32_t SearchPathW(WindowsProcess& p, WStr path, WStr name, WStr extension, uint32_t size, Ptr buf, Ptr file_part) {
  return search_path_result(p, search_file(p, wide(path), wide(name), wide(extension)), buf, size, file_part, true);
}
uint32_t SearchPathA(WindowsProcess& p, AStr path, AStr name, AStr extension, uint32_t size, Ptr buf, Ptr file_part) {
  const std::string found = search_file(p, narrow_path(p, path), narrow_path(p, name), narrow_path(p, extension));
  return search_path_result(p, found, buf, size, file_part, false);
}

uint32_t GetFullPathNameW(WindowsProcess& p, WStr name, uint32_t size, Ptr buf, Ptr file_part) {
  const std::string n = wide(name);
  std::string full = full_path_name(n);
  uint32_t r = storew(full, buf, size);
  if (r < size && file_part) {
    std::u16string w = utf8_to_utf16(full);
    const size_t cut = w.find_last_of(u'\\') + 1;
    p.put_ptr(file_part.addr, !dos_device(n).empty() || cut == w.size() ? 0 : buf.addr + cut * 2);
  }
  return r;
}

// GetLongPathName / GetShortPathName: the path of an existing file or directory as given (names here
// have no 8.3 aliases: Windows gives the long name back where short names are not made); a missing
// one is ERROR_FILE_NOT_FOUND (ERROR_PATH_NOT_FOUND for a missing directory on the way).
uint32_t same_path_name(WindowsProcess& p, const std::string& name, Ptr buf, uint32_t size, bool wide_out) {
  if (name.empty()) return fail(p, ERROR_INVALID_PARAMETER), 0;
  struct stat st;
  if (::stat(windows_to_host_path(name).c_str(), &st) != 0) {
    return fail(p, errno == ENOENT ? ERROR_FILE_NOT_FOUND : errno == ENOTDIR ? ERROR_PATH_NOT_FOUND : win_error_from_errno(errno)), 0;
  }
  return wide_out ? storew(name, buf, size) : store(p, name, buf, size);
}
uint32_t GetLongPathNameW(WindowsProcess& p, WStr name, Ptr buf, uint32_t size) { return same_path_name(p, wide(name), buf, size, true); }
uint32_t GetLongPathNameA(WindowsProcess& p, AStr name, Ptr buf, uint32_t size) {
  return same_path_name(p, narrow_path(p, name), buf, size, false);
}
uint32_t GetShortPathNameW(WindowsProcess& p, WStr name, Ptr buf, uint32_t size) { return same_path_name(p, wide(name), buf, size, true); }
uint32_t GetShortPathNameA(WindowsProcess& p, AStr name, Ptr buf, uint32_t size) {
  return same_path_name(p, narrow_path(p, name), buf, size, false);
}

uint32_t GetCurrentDirectoryA(WindowsProcess& p, uint32_t size, Ptr buf) {
  return store(p, windows_current_directory(), buf, size);
}
uint32_t GetCurrentDirectoryW(WindowsProcess&, uint32_t size, Ptr buf) { return storew(windows_current_directory(), buf, size); }
// SetCurrentDirectory: the host's, and the process parameters' CurrentDirectory with it.
BOOL change_directory(WindowsProcess& p, const std::string& windows) {
  if (::chdir(windows_to_host_path(windows).c_str()) != 0) return fail_errno(p);
  ntdll_current_directory::sync(p);
  return TRUE;
}
BOOL SetCurrentDirectoryA(WindowsProcess& p, AStr name) { return change_directory(p, narrow_path(p, name)); }
BOOL SetCurrentDirectoryW(WindowsProcess& p, WStr name) { return change_directory(p, wide(name)); }

// GetTempPath: the first of the program's TMP, TEMP and USERPROFILE that is set, made a full path
// with a final '\', else the Windows directory (GetTempPath's page). polyrun's own start sets TMP
// and TEMP from the host's TMPDIR (core/windows_guest.cpp).
std::string temp_path(WindowsProcess& p) {
  std::string dir;
  for (const char* name : {"TMP", "TEMP", "USERPROFILE"})
    if (const auto v = p.find_env(name); v && !v->empty()) {
      dir = windows_full_path(*v);
      break;
    }
  if (dir.empty()) dir = "C:\\windows";
  if (dir.back() != '\\') dir += '\\';
  return dir;
}
uint32_t GetTempPathA(WindowsProcess& p, uint32_t size, Ptr buf) { return store(p, temp_path(p), buf, size); }
uint32_t GetTempPathW(WindowsProcess& p, uint32_t size, Ptr buf) { return storew(temp_path(p), buf, size); }

// GetTempFileName: DIR\PREFIX(3)UUUU.TMP, UUUU the unique number in hex. With unique 0 the number
// is chosen and the file created (empty), trying the next number while one exists; otherwise the
// name is only formed. The number, 0 on failure. The name fits MAX_PATH (260).
uint32_t temp_file_name(WindowsProcess& p, std::string dir, const std::string& prefix, uint32_t unique,
                        std::string& out) {
  if (!dir.empty() && dir.back() != '\\' && dir.back() != '/') dir += '\\';
  const std::string first3 = utf16_to_utf8(utf8_to_utf16(prefix).substr(0, 3));  // characters, not bytes
  auto name = [&](uint32_t n) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "%X", n & 0xffff);
    return dir + first3 + hex + ".TMP";
  };
  if (unique) {
    out = name(unique);
    return out.size() < 260 ? (unique & 0xffff) : (p.set_last_error(ERROR_BUFFER_OVERFLOW), 0u);
  }
  struct stat st;
  std::string host_dir = windows_to_host_path(windows_full_path(dir));
  if (::stat(host_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    p.set_last_error(ERROR_DIRECTORY);
    return 0;
  }
  uint32_t start = static_cast<uint32_t>(::getpid() ^ ::time(nullptr)) & 0xffff;
  for (uint32_t i = 0; i < 0x10000; ++i) {
    uint32_t n = ((start + i) & 0xffff) ? (start + i) & 0xffff : 1;
    out = name(n);
    if (out.size() >= 260) {
      p.set_last_error(ERROR_BUFFER_OVERFLOW);
      return 0;
    }
    int fd = ::open(windows_to_host_path(windows_full_path(out)).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      return n;
    }
    if (errno != EEXIST) {
      fail_errno(p);
      return 0;
    }
  }
  p.set_last_error(ERROR_FILE_EXISTS);
  return 0;
}
uint32_t GetTempFileNameA(WindowsProcess& p, AStr dir, AStr prefix, uint32_t unique, Ptr buf) {
  std::string out;
  uint32_t n = temp_file_name(p, narrow_path(p, dir), narrow_path(p, prefix), unique, out);
  if (n) {
    const std::string a = utf8_to_file_api(p.file_apis_oem, out);
    std::memcpy(buf.as<char>(), a.c_str(), a.size() + 1);
  }
  return n;
}
uint32_t GetTempFileNameW(WindowsProcess& p, WStr dir, WStr prefix, uint32_t unique, Ptr buf) {
  std::string out;
  uint32_t n = temp_file_name(p, wide(dir), wide(prefix), unique, out);
  if (n) {
    std::u16string w = utf8_to_utf16(out);
    std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  }
  return n;
}

}  // namespace

}  // namespace polyrun::shims::kernel32_files

namespace polyrun::shims {

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_path_exports() {
  using namespace kernel32_files;
  static const std::vector<Export> exports = {
      EXPORT("GetFullPathNameA", GetFullPathNameA),
      EXPORT("GetFullPathNameW", GetFullPathNameW),
      EXPORT("SearchPathA", SearchPathA),
      EXPORT("SearchPathW", SearchPathW),
      EXPORT("SetSearchPathMode", SetSearchPathMode),
      EXPORT("GetLongPathNameA", GetLongPathNameA),
      EXPORT("GetLongPathNameW", GetLongPathNameW),
      EXPORT("GetShortPathNameA", GetShortPathNameA),
      EXPORT("GetShortPathNameW", GetShortPathNameW),
      EXPORT("GetCurrentDirectoryA", GetCurrentDirectoryA),
      EXPORT("GetCurrentDirectoryW", GetCurrentDirectoryW),
      EXPORT("SetCurrentDirectoryA", SetCurrentDirectoryA),
      EXPORT("SetCurrentDirectoryW", SetCurrentDirectoryW),
      EXPORT("GetTempPathA", GetTempPathA),
      EXPORT("GetTempPathW", GetTempPathW),
      // GetTempPath2 differs from GetTempPath only for processes running as SYSTEM (its own
      // directory), which a program here never is.
      EXPORT("GetTempPath2A", GetTempPathA),
      EXPORT("GetTempPath2W", GetTempPathW),
      EXPORT("GetTempFileNameA", GetTempFileNameA),
      EXPORT("GetTempFileNameW", GetTempFileNameW),
  };
  return exports;
}

}  // namespace polyrun::shims
