// KERNEL32.dll, volumes and drives: GetVolumeInformation(ByHandle), the free space
// (GetDiskFreeSpace(Ex)), the logical drives (C: the current directory's filesystem, Z: the
// root) and their types.
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

BOOL volume_information(WindowsProcess& p, const struct statvfs& vfs, Ptr name, uint32_t name_size, Ptr serial,
                        Ptr max_component, Ptr flags, Ptr fs_name, uint32_t fs_size, bool wide) {
  auto store = [&](Ptr buf, uint32_t chars, const std::string& text) {
    if (!buf) return true;
    std::u16string w = utf8_to_utf16(text);
    if ((wide ? w.size() : text.size()) + 1 > chars) return false;
    if (wide) std::memcpy(guest_pointer(buf.addr), w.c_str(), (w.size() + 1) * 2);
    else std::memcpy(guest_pointer(buf.addr), text.c_str(), text.size() + 1);
    return true;
  };
  if (!store(name, name_size, "") || !store(fs_name, fs_size, "NTFS")) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (serial) put<uint32_t>(serial.addr, static_cast<uint32_t>(vfs.f_fsid));
  if (max_component) put<uint32_t>(max_component.addr, static_cast<uint32_t>(vfs.f_namemax));
  if (flags) put<uint32_t>(flags.addr, 0x1 | 0x2 | 0x4 | 0x8 | 0x40);
  return TRUE;
}
BOOL volume_of_root(WindowsProcess& p, const std::string& root, Ptr name, uint32_t name_size, Ptr serial,
                    Ptr max_component, Ptr flags, Ptr fs_name, uint32_t fs_size, bool wide) {
  struct statvfs vfs;
  std::string host = root.empty() ? std::string(".") : windows_to_host_path(root);  // none: the current directory's
  if (::statvfs(host.c_str(), &vfs) != 0) return fail_errno(p);
  return volume_information(p, vfs, name, name_size, serial, max_component, flags, fs_name, fs_size, wide);
}
BOOL GetVolumeInformationA(WindowsProcess& p, AStr root, Ptr name, uint32_t name_size, Ptr serial, Ptr max_component,
                           Ptr flags, Ptr fs_name, uint32_t fs_size) {
  return volume_of_root(p, narrow_path(p, root), name, name_size, serial, max_component, flags, fs_name, fs_size, false);
}
BOOL GetVolumeInformationW(WindowsProcess& p, WStr root, Ptr name, uint32_t name_size, Ptr serial, Ptr max_component,
                           Ptr flags, Ptr fs_name, uint32_t fs_size) {
  return volume_of_root(p, utf16_to_utf8(root.str()), name, name_size, serial, max_component, flags, fs_name, fs_size, true);
}
BOOL GetVolumeInformationByHandleW(WindowsProcess& p, Ptr h, Ptr name, uint32_t name_size, Ptr serial,
                                   Ptr max_component, Ptr flags, Ptr fs_name, uint32_t fs_size) {
  int fd = p.fd_for_handle(h.addr);
  struct statvfs vfs;
  if (fd < 0 || ::fstatvfs(fd, &vfs) != 0) return fail(p, ERROR_INVALID_HANDLE);
  return volume_information(p, vfs, name, name_size, serial, max_component, flags, fs_name, fs_size, true);
}

// ---- volumes: drive C: is the current directory's filesystem, Z: the root ----

bool volume_stats(WindowsProcess& p, const std::string& win_root, struct statvfs& vs) {
  std::string path = win_root.empty() ? "." : windows_to_host_path(win_root);
  if (::statvfs(path.c_str(), &vs) == 0) return true;
  p.set_last_error(errno == ENOENT ? uint32_t{ERROR_PATH_NOT_FOUND} : win_error_from_errno(errno));
  return false;
}

BOOL disk_free_ex(WindowsProcess& p, const std::string& dir, Ptr caller_free, Ptr total, Ptr total_free) {
  struct statvfs vs;
  if (!volume_stats(p, dir, vs)) return FALSE;
  put<uint64_t>(caller_free.addr, static_cast<uint64_t>(vs.f_bavail) * vs.f_frsize);
  put<uint64_t>(total.addr, static_cast<uint64_t>(vs.f_blocks) * vs.f_frsize);
  put<uint64_t>(total_free.addr, static_cast<uint64_t>(vs.f_bfree) * vs.f_frsize);
  return TRUE;
}
BOOL GetDiskFreeSpaceExA(WindowsProcess& p, AStr dir, Ptr a, Ptr b, Ptr c) { return disk_free_ex(p, narrow_path(p, dir), a, b, c); }
BOOL GetDiskFreeSpaceExW(WindowsProcess& p, WStr dir, Ptr a, Ptr b, Ptr c) { return disk_free_ex(p, wide(dir), a, b, c); }

// Clusters of the filesystem's fragment size in 512-byte sectors; counts saturate at 32 bits.
BOOL disk_free(WindowsProcess& p, const std::string& root, Ptr sectors_per_cluster, Ptr bytes_per_sector,
               Ptr free_clusters, Ptr total_clusters) {
  struct statvfs vs;
  if (!volume_stats(p, root, vs)) return FALSE;
  uint64_t cluster = std::max<uint64_t>(vs.f_frsize, 512);
  put<uint32_t>(sectors_per_cluster.addr, static_cast<uint32_t>(cluster / 512));
  put<uint32_t>(bytes_per_sector.addr, 512);
  put<uint32_t>(free_clusters.addr, static_cast<uint32_t>(std::min<uint64_t>(vs.f_bavail, UINT32_MAX)));
  put<uint32_t>(total_clusters.addr, static_cast<uint32_t>(std::min<uint64_t>(vs.f_blocks, UINT32_MAX)));
  return TRUE;
}
BOOL GetDiskFreeSpaceA(WindowsProcess& p, AStr root, Ptr a, Ptr b, Ptr c, Ptr d) { return disk_free(p, narrow_path(p, root), a, b, c, d); }
BOOL GetDiskFreeSpaceW(WindowsProcess& p, WStr root, Ptr a, Ptr b, Ptr c, Ptr d) { return disk_free(p, wide(root), a, b, c, d); }

uint32_t GetLogicalDrives(WindowsProcess&) { return 1u << 2 | 1u << 25; }  // C: and Z:

// "C:\", "Z:\", each NUL-terminated, then a final NUL: the length without that last NUL, or the
// size needed when the buffer is too small.
uint32_t GetLogicalDriveStringsA(WindowsProcess&, uint32_t size, Ptr buf) {
  static const char kDrives[] = "C:\\\0Z:\\\0";
  if (size < sizeof kDrives) return sizeof kDrives;
  std::memcpy(buf.as<char>(), kDrives, sizeof kDrives);
  return sizeof kDrives - 1;
}
uint32_t GetLogicalDriveStringsW(WindowsProcess&, uint32_t size, Ptr buf) {
  static const char16_t kDrives[] = u"C:\\\0Z:\\\0";
  constexpr uint32_t n = sizeof kDrives / 2;
  if (size < n) return n;
  std::memcpy(buf.as<char16_t>(), kDrives, sizeof kDrives);
  return n - 1;
}

uint32_t drive_type(const std::string& root) {
  if (root.empty()) return 3;  // the current directory's: DRIVE_FIXED
  char d = static_cast<char>(std::toupper(static_cast<unsigned char>(root[0])));
  return root.size() >= 2 && root[1] == ':' && d != 'C' && d != 'Z' ? 1 : 3;  // DRIVE_NO_ROOT_DIR
}
uint32_t GetDriveTypeA(WindowsProcess& p, AStr root) { return drive_type(narrow_path(p, root)); }
uint32_t GetDriveTypeW(WindowsProcess&, WStr root) { return drive_type(wide(root)); }

// Device and filesystem control codes have no Linux counterpart on these handles.

}  // namespace

}  // namespace polyrun::shims::kernel32_files

namespace polyrun::shims {

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_volume_exports() {
  using namespace kernel32_files;
  static const std::vector<Export> exports = {
      EXPORT("GetDiskFreeSpaceA", GetDiskFreeSpaceA),
      EXPORT("GetDiskFreeSpaceW", GetDiskFreeSpaceW),
      EXPORT("GetDiskFreeSpaceExA", GetDiskFreeSpaceExA),
      EXPORT("GetDiskFreeSpaceExW", GetDiskFreeSpaceExW),
      EXPORT("GetLogicalDrives", GetLogicalDrives),
      EXPORT("GetLogicalDriveStringsA", GetLogicalDriveStringsA),
      EXPORT("GetLogicalDriveStringsW", GetLogicalDriveStringsW),
      EXPORT("GetDriveTypeA", GetDriveTypeA),
      EXPORT("GetDriveTypeW", GetDriveTypeW),
      EXPORT("GetVolumeInformationA", GetVolumeInformationA),
      EXPORT("GetVolumeInformationW", GetVolumeInformationW),
      EXPORT("GetVolumeInformationByHandleW", GetVolumeInformationByHandleW),
  };
  return exports;
}

}  // namespace polyrun::shims
