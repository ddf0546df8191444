// KERNEL32.dll, FindFirstFile(Ex)/FindNextFile over a directory's names matching a pattern,
// FindFirstStreamW/FindNextStreamW (a file's one data stream), FindClose.
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
#include "shims/core/file_sizes.h"
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

namespace {

// ---- FindFirstFile / FindNextFile ----

struct FindState {
  std::string dir;
  std::vector<std::string> names;
  size_t next = 0;
  bool streams = false;  // FindFirstStreamW's: `names` are a file's streams, each `stream_size` long
  bool device = false;   // a reserved device's name: one entry, the device's
  uint64_t stream_size = 0;
};
std::map<uint64_t, std::unique_ptr<FindState>> g_finds;
uint64_t g_next_find = 0xf1d000;

// WIN32_FIND_DATA: attributes, 3 FILETIMEs, size high/low, 2 reserved, name[260], alt name[14].
void fill_find_data(WindowsProcess& p, FindState& f, const std::string& name, Ptr out, bool w) {
  struct stat st {};
  if (!f.device) ::stat((f.dir + "/" + name).c_str(), &st);
  std::memset(out.as<void>(), 0, w ? 592 : 320);
  put<uint32_t>(out.addr, f.device ? 0x20u : attributes_of(st, name));  // (a device: FILE_ATTRIBUTE_ARCHIVE)
  if (!f.device) {  // (a device has no times and no size)
    put<uint64_t>(out.addr + 4, creation_time(st));
    put<uint64_t>(out.addr + 12, filetime_of(st.st_atim));
    put<uint64_t>(out.addr + 20, filetime_of(st.st_mtim));
    put<uint32_t>(out.addr + 28, static_cast<uint32_t>(windows_file_size(st) >> 32));
    put<uint32_t>(out.addr + 32, static_cast<uint32_t>(windows_file_size(st)));
  }
  if (w) {
    std::u16string n = utf8_to_utf16(name).substr(0, 259);
    std::memcpy(out.as<char>() + 44, n.c_str(), (n.size() + 1) * 2);
  } else {
    std::string n = utf8_to_file_api(p.file_apis_oem, name).substr(0, 259);
    std::memcpy(out.as<char>() + 44, n.c_str(), n.size() + 1);
  }
}

uint64_t find_first(WindowsProcess& p, const std::string& spec, Ptr out, bool w) {
  auto f = std::make_unique<FindState>();
  // A reserved device's name ("nul", "DIR\\con.txt") finds the device, as written, where its
  // directory exists.
  bool directory_missing = false;
  if (spec.rfind("\\\\", 0) != 0 && !reserved_device(spec, &directory_missing).empty()) {
    if (directory_missing) {
      p.set_last_error(ERROR_PATH_NOT_FOUND);
      return kInvalidHandle;
    }
    const std::u16string s = utf8_to_utf16(spec);
    const ReservedDevice d = reserved_dos_device(s);
    f->device = true;
    f->names = {utf16_to_utf8(s.substr(d.offset, d.length))};
  } else if (!list_matching(spec, f->dir, f->names)) {
    p.set_last_error(errno == ENOENT ? uint32_t{ERROR_PATH_NOT_FOUND} : win_error_from_errno(errno));
    return kInvalidHandle;
  }
  if (f->names.empty()) {
    p.set_last_error(ERROR_FILE_NOT_FOUND);
    return kInvalidHandle;
  }
  fill_find_data(p, *f, f->names[0], out, w);
  f->next = 1;
  uint64_t h = g_next_find += 4;
  g_finds[h] = std::move(f);
  return h;
}

Ptr FindFirstFileA(WindowsProcess& p, AStr spec, Ptr out) { return Ptr(find_first(p, narrow_path(p, spec), out, false)); }
Ptr FindFirstFileW(WindowsProcess& p, WStr spec, Ptr out) { return Ptr(find_first(p, wide(spec), out, true)); }
// FindFirstFileEx: FindExInfoStandard (0) or FindExInfoBasic (1, no short name), every name
// (FindExSearchNameMatch); directory-only searches are a hint Windows itself may ignore.
Ptr FindFirstFileExW(WindowsProcess& p, WStr spec, int32_t level, Ptr out, int32_t search, Ptr filter, uint32_t) {
  if (level > 1 || search > 1 || filter) return Ptr(invalid_parameter(p));
  return Ptr(find_first(p, wide(spec), out, true));
}
Ptr FindFirstFileExA(WindowsProcess& p, AStr spec, int32_t level, Ptr out, int32_t search, Ptr filter, uint32_t) {
  if (level > 1 || search > 1 || filter) return Ptr(invalid_parameter(p));
  return Ptr(find_first(p, narrow_path(p, spec), out, false));
}

BOOL find_next(WindowsProcess& p, Ptr h, Ptr out, bool w) {
  auto it = g_finds.find(h.addr);
  if (it == g_finds.end() || it->second->streams) return fail(p, ERROR_INVALID_HANDLE);
  FindState& f = *it->second;
  if (f.next >= f.names.size()) return fail(p, ERROR_NO_MORE_FILES);
  fill_find_data(p, f, f.names[f.next++], out, w);
  return TRUE;
}
BOOL FindNextFileA(WindowsProcess& p, Ptr h, Ptr out) { return find_next(p, h, out, false); }
BOOL FindNextFileW(WindowsProcess& p, Ptr h, Ptr out) { return find_next(p, h, out, true); }
// A file's data streams (FindFirstStreamW, FindStreamInfoStandard): WIN32_FIND_STREAM_DATA is the
// stream's size (LARGE_INTEGER) and its name (MAX_PATH + 36 characters). A file here has one, its
// unnamed data stream "::$DATA"; a directory has none (ERROR_HANDLE_EOF, as on NTFS).
constexpr uint32_t kStreamNameChars = 260 + 36;
void fill_stream_data(const FindState& f, Ptr out) {
  std::memset(out.as<void>(), 0, 8 + kStreamNameChars * 2);
  put<uint64_t>(out.addr, f.stream_size);
  std::u16string n = utf8_to_utf16(f.names[f.next]);
  std::memcpy(out.as<char>() + 8, n.c_str(), (n.size() + 1) * 2);
}
Ptr FindFirstStreamW(WindowsProcess& p, WStr path, int32_t level, Ptr out, uint32_t flags) {
  if (level != 0 || flags || !out) return Ptr(invalid_parameter(p));
  struct stat st {};
  if (::stat(windows_to_host_path(wide(path)).c_str(), &st) != 0) {
    p.set_last_error(errno == ENOENT ? uint32_t{ERROR_FILE_NOT_FOUND} : win_error_from_errno(errno));
    return Ptr(kInvalidHandle);
  }
  if (S_ISDIR(st.st_mode)) {
    p.set_last_error(ERROR_HANDLE_EOF);
    return Ptr(kInvalidHandle);
  }
  auto f = std::make_unique<FindState>();
  f->streams = true;
  f->names = {"::$DATA"};
  f->stream_size = static_cast<uint64_t>(st.st_size);
  fill_stream_data(*f, out);
  f->next = 1;
  uint64_t h = g_next_find += 4;
  g_finds[h] = std::move(f);
  return Ptr(h);
}
BOOL FindNextStreamW(WindowsProcess& p, Ptr h, Ptr out) {
  auto it = g_finds.find(h.addr);
  if (it == g_finds.end() || !it->second->streams) return fail(p, ERROR_INVALID_HANDLE);
  FindState& f = *it->second;
  if (f.next >= f.names.size()) return fail(p, ERROR_HANDLE_EOF);
  fill_stream_data(f, out);
  ++f.next;
  return TRUE;
}

BOOL FindClose(WindowsProcess& p, Ptr h) { return g_finds.erase(h.addr) ? TRUE : fail(p, ERROR_INVALID_HANDLE); }

}  // namespace

}  // namespace polyrun::shims::kernel32_files

namespace polyrun::shims {

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_find_file_exports() {
  using namespace kernel32_files;
  static const std::vector<Export> exports = {
      EXPORT("FindFirstFileA", FindFirstFileA),
      EXPORT("FindFirstFileW", FindFirstFileW),
      EXPORT("FindFirstFileExA", FindFirstFileExA),
      EXPORT("FindFirstFileExW", FindFirstFileExW),
      EXPORT("FindNextFileA", FindNextFileA),
      EXPORT("FindNextFileW", FindNextFileW),
      EXPORT("FindClose", FindClose),
      EXPORT("FindFirstStreamW", FindFirstStreamW),
      EXPORT("FindNextStreamW", FindNextStreamW),
  };
  return exports;
}

}  // namespace polyrun::shims
