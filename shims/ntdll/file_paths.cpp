// NTDLL's file functions that take a name rather than a handle, and the rest of a handle's:
// NtQueryAttributesFile (FILE_BASIC_INFORMATION), NtQueryFullAttributesFile
// (FILE_NETWORK_OPEN_INFORMATION), NtDeleteFile, NtFlushBuffersFile(Ex) and NtCancelIoFile. A name is
// an NT path (\??\C:\dir\file, the DOS path under \??) or a path relative to a directory's handle.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

#include "shims/core/file_sizes.h"
#include "shims/core/dos_devices.h"
#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/windows_modules.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/file.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_file_paths_impl {

constexpr uint32_t kObjectNameInvalid = 0xc0000033, kObjectPathSyntaxBad = 0xc000003b;

// The host's directory descriptor and path OBJECT_ATTRIBUTES name, and the name's last part.
struct Target {
  int dirfd = AT_FDCWD;
  std::string path, last;
};
uint32_t target_of(WindowsProcess& p, uint64_t oa, Target* t) {
  if (!oa) return nt::kInvalidParameter;
  const unsigned w = p.isa->ptr;
  const uint64_t root = p.get_ptr(oa + w), name = p.get_ptr(oa + 2 * w);
  if (!name) return kObjectPathSyntaxBad;
  std::string n = utf16_to_utf8(ntdll_text::unicode_of(p, name));
  if (root) {
    t->dirfd = p.fd_for_handle(root);
    if (t->dirfd < 0) return nt::kInvalidHandle;
    if (!n.empty() && n[0] == '\\') return kObjectPathSyntaxBad;
    t->path = n;
    std::replace(t->path.begin(), t->path.end(), '\\', '/');
  } else {
    const std::u16string dos = dos_path_of_nt_path(utf8_to_utf16(n));
    if (dos.empty()) return n.empty() || n[0] != '\\' ? kObjectPathSyntaxBad : kObjectNameInvalid;
    t->path = windows_to_host_path(utf16_to_utf8(dos));
  }
  const size_t slash = n.find_last_of('\\');
  t->last = slash == std::string::npos ? n : n.substr(slash + 1);
  return nt::kSuccess;
}

// What a stat says, as NtQueryAttributesFile and NtQueryFullAttributesFile give it.
uint32_t stat_of(WindowsProcess& p, uint64_t oa, struct stat* st, Target* t) {
  if (const uint32_t s = target_of(p, oa, t)) return s;
  if (::fstatat(t->dirfd, t->path.c_str(), st, 0) != 0) return nt_status_from_errno(errno);
  return nt::kSuccess;
}

// FILE_BASIC_INFORMATION: CreationTime, LastAccessTime, LastWriteTime, ChangeTime, FileAttributes.
uint32_t NtQueryAttributesFile(WindowsProcess& p, Ptr oa, Ptr info) {
  struct stat st;
  Target t;
  if (const uint32_t s = stat_of(p, oa.addr, &st, &t)) return s;
  put<uint64_t>(info.addr, ntdll_files::creation_time(st));
  put<uint64_t>(info.addr + 8, filetime_of(st.st_atim));
  put<uint64_t>(info.addr + 16, filetime_of(st.st_mtim));
  put<uint64_t>(info.addr + 24, filetime_of(st.st_ctim));
  put<uint32_t>(info.addr + 32, ntdll_files::attributes_of(st, t.last));
  return nt::kSuccess;
}

// FILE_NETWORK_OPEN_INFORMATION: the four times, AllocationSize, EndOfFile, FileAttributes.
uint32_t NtQueryFullAttributesFile(WindowsProcess& p, Ptr oa, Ptr info) {
  struct stat st;
  Target t;
  if (const uint32_t s = stat_of(p, oa.addr, &st, &t)) return s;
  const bool dir = S_ISDIR(st.st_mode);
  put<uint64_t>(info.addr, ntdll_files::creation_time(st));
  put<uint64_t>(info.addr + 8, filetime_of(st.st_atim));
  put<uint64_t>(info.addr + 16, filetime_of(st.st_mtim));
  put<uint64_t>(info.addr + 24, filetime_of(st.st_ctim));
  put<uint64_t>(info.addr + 32, dir ? 0 : static_cast<uint64_t>(st.st_blocks) * 512);
  put<uint64_t>(info.addr + 40, windows_file_size(st));
  put<uint32_t>(info.addr + 48, ntdll_files::attributes_of(st, t.last));
  put<uint32_t>(info.addr + 52, 0);
  return nt::kSuccess;
}

// NtDeleteFile(attributes): the file (or empty directory) goes; a module's image file stays while
// it is mapped (STATUS_ACCESS_DENIED, as Windows refuses it).
uint32_t NtDeleteFile(WindowsProcess& p, Ptr oa) {
  Target t;
  if (const uint32_t s = target_of(p, oa.addr, &t)) return s;
  struct stat st;
  if (::fstatat(t.dirfd, t.path.c_str(), &st, 0) != 0) return nt_status_from_errno(errno);
  if (S_ISDIR(st.st_mode)) return ::unlinkat(t.dirfd, t.path.c_str(), AT_REMOVEDIR) == 0 ? nt::kSuccess : nt_status_from_errno(errno);
  if (t.dirfd == AT_FDCWD) return unlink_file(p, t.path) == 0 ? nt::kSuccess : nt_status_from_errno(errno);
  return ::unlinkat(t.dirfd, t.path.c_str(), 0) == 0 ? nt::kSuccess : nt_status_from_errno(errno);
}

// IO_STATUS_BLOCK: Status, Information.
void complete(WindowsProcess& p, Ptr iosb, uint32_t status) {
  if (!iosb) return;
  p.put_ptr(iosb.addr, status);
  p.put_ptr(iosb.addr + p.isa->ptr, 0);
}

// NtFlushBuffersFile(handle, iosb): what was written reaches the file's storage.
uint32_t NtFlushBuffersFile(WindowsProcess& p, Ptr h, Ptr iosb) {
  const int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return nt::kInvalidHandle;
  ::fsync(fd);
  complete(p, iosb, nt::kSuccess);
  return nt::kSuccess;
}

// NtFlushBuffersFileEx(handle, flags, parameters, size, iosb): NtFlushBuffersFile with the WDK's
// flags: FLUSH_FLAGS_FILE_DATA_ONLY (1) and FLUSH_FLAGS_FILE_DATA_SYNC_ONLY (4) the data and what
// reading it back needs (fdatasync), FLUSH_FLAGS_NO_SYNC (2) the caches only (nothing to wait
// for: the host's page cache is the file); other flags, or parameters, STATUS_INVALID_PARAMETER.
uint32_t NtFlushBuffersFileEx(WindowsProcess& p, Ptr h, uint32_t flags, Ptr parameters, uint32_t size, Ptr iosb) {
  if ((flags & ~7u) || parameters || size) return nt::kInvalidParameter;
  const int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return nt::kInvalidHandle;
  if (!(flags & 2)) (flags & 5) ? ::fdatasync(fd) : ::fsync(fd);
  complete(p, iosb, nt::kSuccess);
  return nt::kSuccess;
}

// NtCancelIoFile(handle, iosb): the calling thread's I/O on the handle ends with STATUS_CANCELLED
// (socket I/O, WS2_32's, is what may be pending: core's SocketHooks); success whether or not any
// was pending, as CancelIo says.
uint32_t NtCancelIoFile(WindowsProcess& p, Ptr h, Ptr iosb) {
  if (p.fd_for_handle(h.addr) < 0) return nt::kInvalidHandle;
  if (const auto cancel = p.socket_hooks.cancel_io) cancel(p, h.addr, 0, p.thread().id);
  complete(p, iosb, nt::kSuccess);
  return nt::kSuccess;
}

}  // namespace ntdll_file_paths_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_file_path_exports() {
  using namespace ntdll_file_paths_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtQueryAttributesFile", NtQueryAttributesFile),
      EXPORT("NtQueryFullAttributesFile", NtQueryFullAttributesFile),
      EXPORT("NtDeleteFile", NtDeleteFile),
      EXPORT("NtFlushBuffersFile", NtFlushBuffersFile),
      EXPORT("NtFlushBuffersFileEx", NtFlushBuffersFileEx),
      EXPORT("NtCancelIoFile", NtCancelIoFile),
  };
  return exports;
}

}  // namespace polyrun::shims
