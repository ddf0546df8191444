// KERNEL32.dll, volumes by their names: each drive (C:, the directory polyrun started in; Z:, the
// root: kernel32/volumes.cpp) is a volume whose name is "\\?\Volume{GUID}\", the GUID made from the
// drive's letter and the host file system it stands on, the same on every run. FindFirstVolume and
// FindNextVolume list them, GetVolumeNameForVolumeMountPoint names a drive's, GetVolumePathName
// finds the drive a path lies on, GetVolumePathNamesForVolumeName the drives of a volume. No volume
// is mounted in a folder (FindFirstVolumeMountPoint finds none), and mounting or unmounting one
// takes an administrator (SetVolumeMountPoint's and DeleteVolumeMountPoint's pages:
// ERROR_ACCESS_DENIED).
#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kErrorFilenameExcedRange = 206, kErrorNoMoreFiles = 18, kErrorNotAReparsePoint = 4390;
const char kDrives[] = {'C', 'Z'};

// FNV-1a, for the GUID's bytes.
uint64_t fnv(const std::string& s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}
// The volume name of a drive: its GUID from the letter and the host file system's device.
std::string volume_name(char drive) {
  struct stat st {};
  ::stat(windows_to_host_path(std::string(1, drive) + ":\\").c_str(), &st);
  const std::string key = std::string(1, drive) + ":" + std::to_string(static_cast<uint64_t>(st.st_dev));
  const uint64_t a = fnv(key), b = fnv(key, a);
  char guid[64];
  std::snprintf(guid, sizeof guid, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>((a & 0x0fff) | 0x4000),
                static_cast<unsigned>(((b >> 48) & 0x3fff) | 0x8000), static_cast<unsigned long long>(b & 0xffffffffffffull));
  return std::string("\\\\?\\Volume{") + guid + "}\\";
}

// A result into a buffer of `size` characters (NUL included); false if it does not fit.
bool store(const std::string& s, Ptr buf, uint32_t size, bool wide) {
  if (!buf) return false;
  if (wide) {
    const std::u16string w = utf8_to_utf16(s);
    if (w.size() + 1 > size) return false;
    std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
    return true;
  }
  const std::string a = utf8_to_ansi(s);
  if (a.size() + 1 > size) return false;
  std::memcpy(buf.as<char>(), a.c_str(), a.size() + 1);
  return true;
}
std::string arg(uint64_t s, bool wide) {
  if (!s) return {};
  return wide ? utf16_to_utf8(reinterpret_cast<const char16_t*>(s)) : ansi_to_utf8(reinterpret_cast<const char*>(s));
}

// ---- FindFirstVolume, FindNextVolume ----

// A search's handle: a heap block of its own; the index of the next volume.
std::mutex searches_mutex;
std::map<uint64_t, size_t>& searches() {
  static std::map<uint64_t, size_t> s;
  return s;
}
Ptr find_first_volume(WindowsProcess& p, Ptr buf, uint32_t size, bool wide) {
  const uint64_t invalid = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  if (!store(volume_name(kDrives[0]), buf, size, wide)) {
    p.set_last_error(kErrorFilenameExcedRange);
    return Ptr(invalid);
  }
  const uint64_t h = p.heap.alloc(8, true);
  std::lock_guard<std::mutex> g(searches_mutex);
  searches()[h] = 1;
  return Ptr(h);
}
Ptr FindFirstVolumeW(WindowsProcess& p, Ptr buf, uint32_t size) { return find_first_volume(p, buf, size, true); }
Ptr FindFirstVolumeA(WindowsProcess& p, Ptr buf, uint32_t size) { return find_first_volume(p, buf, size, false); }
BOOL find_next_volume(WindowsProcess& p, Ptr h, Ptr buf, uint32_t size, bool wide) {
  std::lock_guard<std::mutex> g(searches_mutex);
  auto it = searches().find(h.addr);
  if (it == searches().end()) return fail(p, ERROR_INVALID_HANDLE);
  if (it->second >= sizeof kDrives) return fail(p, kErrorNoMoreFiles);
  if (!store(volume_name(kDrives[it->second]), buf, size, wide)) return fail(p, kErrorFilenameExcedRange);
  ++it->second;
  return TRUE;
}
BOOL FindNextVolumeW(WindowsProcess& p, Ptr h, Ptr buf, uint32_t size) { return find_next_volume(p, h, buf, size, true); }
BOOL FindNextVolumeA(WindowsProcess& p, Ptr h, Ptr buf, uint32_t size) { return find_next_volume(p, h, buf, size, false); }
BOOL FindVolumeClose(WindowsProcess& p, Ptr h) {
  {
    std::lock_guard<std::mutex> g(searches_mutex);
    if (!searches().erase(h.addr)) return fail(p, ERROR_INVALID_HANDLE);
  }
  p.heap.free(h.addr);
  return TRUE;
}

// ---- names and paths ----

// A drive's root ("C:\", the backslash required) as its volume's name; a folder is no mount point.
BOOL volume_name_for_mount_point(WindowsProcess& p, const std::string& mount, Ptr buf, uint32_t size, bool wide) {
  if (mount.empty() || mount.back() != '\\') return fail(p, ERROR_INVALID_NAME);
  const char d = static_cast<char>(std::toupper(static_cast<unsigned char>(mount[0])));
  if (mount.size() == 3 && mount[1] == ':') {
    for (char drive : kDrives)
      if (drive == d) return store(volume_name(d), buf, size, wide) ? TRUE : fail(p, kErrorFilenameExcedRange);
    return fail(p, ERROR_FILE_NOT_FOUND);
  }
  struct stat st {};
  if (::stat(windows_to_host_path(mount).c_str(), &st) != 0) return fail(p, ERROR_FILE_NOT_FOUND);
  return fail(p, kErrorNotAReparsePoint);
}
BOOL GetVolumeNameForVolumeMountPointW(WindowsProcess& p, Ptr mount, Ptr buf, uint32_t size) {
  return volume_name_for_mount_point(p, arg(mount.addr, true), buf, size, true);
}
BOOL GetVolumeNameForVolumeMountPointA(WindowsProcess& p, Ptr mount, Ptr buf, uint32_t size) {
  return volume_name_for_mount_point(p, arg(mount.addr, false), buf, size, false);
}

// The root of the volume a path lies on: its drive's ("C:\"); a relative path is the current
// directory's. The path need not exist.
BOOL volume_path_name(WindowsProcess& p, const std::string& path, Ptr buf, uint32_t size, bool wide) {
  if (path.empty()) return fail(p, ERROR_INVALID_PARAMETER);
  std::string full = path;
  if (!(full.size() >= 2 && full[1] == ':')) full = windows_full_path(path);
  if (full.size() < 2 || full[1] != ':') return fail(p, ERROR_INVALID_NAME);
  const std::string root = std::string(1, static_cast<char>(std::toupper(static_cast<unsigned char>(full[0])))) + ":\\";
  return store(root, buf, size, wide) ? TRUE : fail(p, kErrorFilenameExcedRange);
}
BOOL GetVolumePathNameW(WindowsProcess& p, Ptr path, Ptr buf, uint32_t size) {
  return volume_path_name(p, arg(path.addr, true), buf, size, true);
}
BOOL GetVolumePathNameA(WindowsProcess& p, Ptr path, Ptr buf, uint32_t size) {
  return volume_path_name(p, arg(path.addr, false), buf, size, false);
}

// The drive roots of a volume as a multi-string ("C:\", NUL, NUL): its length in *returned (NUL
// included); too small a buffer is ERROR_MORE_DATA with the length it needs.
BOOL volume_path_names(WindowsProcess& p, const std::string& volume, Ptr buf, uint32_t size, Ptr returned, bool wide) {
  std::string roots;
  for (char drive : kDrives)
    if (volume_name(drive) == volume) roots += std::string(1, drive) + ":\\" + '\0';
  if (roots.empty()) {
    if (volume.rfind("\\\\?\\Volume{", 0) != 0 || volume.back() != '\\') return fail(p, ERROR_INVALID_NAME);
    return fail(p, ERROR_FILE_NOT_FOUND);
  }
  roots += '\0';
  if (returned) put<uint32_t>(returned.addr, static_cast<uint32_t>(roots.size()));
  if (roots.size() > size || !buf) return fail(p, ERROR_MORE_DATA);
  if (wide) {
    const std::u16string w = utf8_to_utf16(roots);
    std::memcpy(buf.as<char16_t>(), w.data(), w.size() * 2);
  } else {
    std::memcpy(buf.as<char>(), roots.data(), roots.size());
  }
  return TRUE;
}
BOOL GetVolumePathNamesForVolumeNameW(WindowsProcess& p, Ptr volume, Ptr buf, uint32_t size, Ptr returned) {
  return volume_path_names(p, arg(volume.addr, true), buf, size, returned, true);
}
BOOL GetVolumePathNamesForVolumeNameA(WindowsProcess& p, Ptr volume, Ptr buf, uint32_t size, Ptr returned) {
  return volume_path_names(p, arg(volume.addr, false), buf, size, returned, false);
}

// ---- mount points in folders ----

// A volume's mount points: none is mounted in a folder here (ERROR_NO_MORE_FILES); a root that is
// no volume's is ERROR_INVALID_NAME.
Ptr first_mount_point(WindowsProcess& p, const std::string& root) {
  const uint64_t invalid = p.isa->ptr == 8 ? ~0ull : 0xffffffffull;
  bool known = false;
  for (char drive : kDrives)
    if (volume_name(drive) == root || (root.size() == 3 && std::toupper(static_cast<unsigned char>(root[0])) == drive && root[1] == ':'))
      known = true;
  p.set_last_error(known ? kErrorNoMoreFiles : ERROR_INVALID_NAME);
  return Ptr(invalid);
}
Ptr FindFirstVolumeMountPointW(WindowsProcess& p, Ptr root, Ptr, uint32_t) { return first_mount_point(p, arg(root.addr, true)); }
Ptr FindFirstVolumeMountPointA(WindowsProcess& p, Ptr root, Ptr, uint32_t) { return first_mount_point(p, arg(root.addr, false)); }
// (FindFirstVolumeMountPoint never gives a handle to close.)
BOOL FindVolumeMountPointClose(WindowsProcess& p, Ptr) { return fail(p, ERROR_INVALID_HANDLE); }
BOOL SetVolumeMountPointW(WindowsProcess& p, Ptr, Ptr) { return fail(p, ERROR_ACCESS_DENIED); }
BOOL SetVolumeMountPointA(WindowsProcess& p, Ptr, Ptr) { return fail(p, ERROR_ACCESS_DENIED); }
BOOL DeleteVolumeMountPointW(WindowsProcess& p, Ptr) { return fail(p, ERROR_ACCESS_DENIED); }
BOOL DeleteVolumeMountPointA(WindowsProcess& p, Ptr) { return fail(p, ERROR_ACCESS_DENIED); }

}  // namespace

const std::vector<Export>& kernel32_volume_name_exports() {
  static const std::vector<Export> exports = {
      EXPORT("FindFirstVolumeW", FindFirstVolumeW),
      EXPORT("FindFirstVolumeA", FindFirstVolumeA),
      EXPORT("FindNextVolumeW", FindNextVolumeW),
      EXPORT("FindNextVolumeA", FindNextVolumeA),
      EXPORT("FindVolumeClose", FindVolumeClose),
      EXPORT("GetVolumeNameForVolumeMountPointW", GetVolumeNameForVolumeMountPointW),
      EXPORT("GetVolumeNameForVolumeMountPointA", GetVolumeNameForVolumeMountPointA),
      EXPORT("GetVolumePathNameW", GetVolumePathNameW),
      EXPORT("GetVolumePathNameA", GetVolumePathNameA),
      EXPORT("GetVolumePathNamesForVolumeNameW", GetVolumePathNamesForVolumeNameW),
      EXPORT("GetVolumePathNamesForVolumeNameA", GetVolumePathNamesForVolumeNameA),
      EXPORT("FindFirstVolumeMountPointW", FindFirstVolumeMountPointW),
      EXPORT("FindFirstVolumeMountPointA", FindFirstVolumeMountPointA),
      EXPORT("FindVolumeMountPointClose", FindVolumeMountPointClose),
      EXPORT("SetVolumeMountPointW", SetVolumeMountPointW),
      EXPORT("SetVolumeMountPointA", SetVolumeMountPointA),
      EXPORT("DeleteVolumeMountPointW", DeleteVolumeMountPointW),
      EXPORT("DeleteVolumeMountPointA", DeleteVolumeMountPointA),
  };
  return exports;
}

}  // namespace polyrun::shims
