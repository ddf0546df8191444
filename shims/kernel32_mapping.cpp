// KERNEL32.dll, file mappings: CreateFileMapping (a file, or the paging file: anonymous shared
// memory), OpenFileMapping by name within the process, and the views MapViewOfFile(Ex) places in
// the address space (host mmap of the same descriptor), UnmapViewOfFile and FlushViewOfFile.
// Views start on the allocation granularity (64 KiB), as on Windows; copy-on-write views are
// private mappings.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "shims/guest_memory.h"
#include "shims/shim.h"
#include "shims/text.h"
#include "shims/win_errors.h"
#include "shims/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint64_t kGranularity = 0x10000;
constexpr uint32_t ERROR_FILE_INVALID = 1006, ERROR_MAPPED_ALIGNMENT = 1132, ERROR_ALREADY_EXISTS = 183;

// PAGE_* protections a mapping may have (SEC_* flags above them: SEC_IMAGE is refused).
bool writable_protection(uint32_t protect) { return (protect & 0xff) == 0x04 || (protect & 0xff) == 0x40; }

Ptr create_mapping(WindowsProcess& p, Ptr file, Ptr sa, uint32_t protect, uint32_t size_high, uint32_t size_low,
                   const std::string& name) {
  const uint32_t page = protect & 0xff;
  if ((page != 0x02 && page != 0x04 && page != 0x08 && page != 0x20 && page != 0x40 && page != 0x80) ||
      (protect & 0x1000000 /* SEC_IMAGE */))
    return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  if (!name.empty())
    for (const auto& [h, m] : p.file_mappings)
      if (m->name == name) {
        uint64_t copy = p.next_handle;
        p.next_handle += 4;
        p.file_mappings[copy] = m;
        p.set_last_error(ERROR_ALREADY_EXISTS);
        return Ptr(p.mark_inheritable(copy, p.inherits(sa.addr)));
      }
  uint64_t size = static_cast<uint64_t>(size_high) << 32 | size_low;
  int fd;
  const bool paging_file = file.addr == (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  if (paging_file) {
    if (size == 0) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
    fd = ::memfd_create("polyrun-file-mapping", MFD_CLOEXEC);
    if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(size)) != 0) {
      if (fd >= 0) ::close(fd);
      return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
    }
  } else {
    int file_fd = p.fd_for_handle(file.addr);
    struct stat st;
    if (file_fd < 0 || ::fstat(file_fd, &st) != 0) return Ptr(fail(p, ERROR_INVALID_HANDLE));
    // A mapping that may write needs a handle that may: Windows refuses it on a read-only one.
    if (writable_protection(protect) && (::fcntl(file_fd, F_GETFL) & O_ACCMODE) == O_RDONLY)
      return Ptr(fail(p, ERROR_ACCESS_DENIED));
    if (size == 0 && st.st_size == 0) return Ptr(fail(p, ERROR_FILE_INVALID));
    if (size == 0) size = static_cast<uint64_t>(st.st_size);
    // A mapping larger than its file makes the file that large (if the mapping may write).
    if (size > static_cast<uint64_t>(st.st_size)) {
      if (!writable_protection(protect)) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
      if (::ftruncate(file_fd, static_cast<off_t>(size)) != 0) return Ptr(fail(p, win_error_from_errno(errno)));
    }
    fd = ::fcntl(file_fd, F_DUPFD_CLOEXEC, 3);
    if (fd < 0) return Ptr(fail(p, win_error_from_errno(errno)));
  }
  auto m = std::make_shared<FileMapping>();
  m->fd = fd;
  m->size = size;
  m->protect = page;
  m->name = name;
  uint64_t h = p.next_handle;
  p.next_handle += 4;
  p.file_mappings[h] = std::move(m);
  p.set_last_error(0);
  return Ptr(p.mark_inheritable(h, p.inherits(sa.addr)));
}

Ptr CreateFileMappingA(WindowsProcess& p, Ptr file, Ptr sa, uint32_t protect, uint32_t hi, uint32_t lo, CStr name) {
  return create_mapping(p, file, sa, protect, hi, lo, name.addr ? name.str() : std::string());
}
Ptr CreateFileMappingW(WindowsProcess& p, Ptr file, Ptr sa, uint32_t protect, uint32_t hi, uint32_t lo, WStr name) {
  return create_mapping(p, file, sa, protect, hi, lo, name.addr ? utf16_to_utf8(name.str()) : std::string());
}

Ptr open_mapping(WindowsProcess& p, const std::string& name) {
  for (const auto& [h, m] : p.file_mappings)
    if (!name.empty() && m->name == name) {
      uint64_t copy = p.next_handle;
      p.next_handle += 4;
      p.file_mappings[copy] = m;
      return Ptr(copy);
    }
  return Ptr(fail(p, ERROR_FILE_NOT_FOUND));
}
Ptr OpenFileMappingA(WindowsProcess& p, uint32_t, int32_t, CStr name) { return open_mapping(p, name.str()); }
Ptr OpenFileMappingW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_mapping(p, utf16_to_utf8(name.str())); }

// FILE_MAP_COPY 1, _WRITE 2, _READ 4, _EXECUTE 0x20 (FILE_MAP_ALL_ACCESS includes write and read).
Ptr MapViewOfFileEx(WindowsProcess& p, Ptr h, uint32_t access, uint32_t off_high, uint32_t off_low, USize bytes, Ptr base) {
  auto it = p.file_mappings.find(h.addr);
  if (it == p.file_mappings.end()) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  const FileMapping& m = *it->second;
  const uint64_t offset = static_cast<uint64_t>(off_high) << 32 | off_low;
  if (offset % kGranularity || (base.addr % kGranularity)) return Ptr(fail(p, ERROR_MAPPED_ALIGNMENT));
  if (offset >= m.size || (bytes && offset + bytes > m.size)) return Ptr(fail(p, ERROR_ACCESS_DENIED));
  const uint64_t length = bytes ? uint64_t{bytes} : m.size - offset;
  // FILE_MAP_ALL_ACCESS carries the copy bit too (it is SECTION_QUERY): writing wins over copying.
  const bool write = access & 2, copy = (access & 1) && !write;
  if (write && !writable_protection(m.protect)) return Ptr(fail(p, ERROR_ACCESS_DENIED));
  uint32_t prot = mem::kRead | (write || copy ? uint32_t{mem::kWrite} : 0u) | (access & 0x20 ? uint32_t{mem::kExec} : 0u);
  mem::MapRequest req;
  req.fd = m.fd;
  req.offset = offset;
  req.shared = !copy;
  req.fixed = base.addr != 0;
  req.name = m.name;
  req.align = kGranularity;  // a view's base rounded down to the granularity is the view
  int64_t at = p.memory.map(base.addr, length, prot, req);
  if (at < 0) return Ptr(fail(p, base.addr ? ERROR_INVALID_ADDRESS_W : ERROR_NOT_ENOUGH_MEMORY));
  p.mapped_views[static_cast<uint64_t>(at)] = p.memory.page_up(length);
  return Ptr(static_cast<uint64_t>(at));
}
Ptr MapViewOfFile(WindowsProcess& p, Ptr h, uint32_t access, uint32_t off_high, uint32_t off_low, USize bytes) {
  return MapViewOfFileEx(p, h, access, off_high, off_low, bytes, Ptr(0));
}

BOOL UnmapViewOfFile(WindowsProcess& p, Ptr base) {
  auto it = p.mapped_views.find(base.addr);
  if (it == p.mapped_views.end()) return fail(p, ERROR_INVALID_ADDRESS_W);
  p.memory.unmap(it->first, it->second);
  p.mapped_views.erase(it);
  return TRUE;
}

// Writes a view's changed pages to its file (bytes 0: to the end of the view).
BOOL FlushViewOfFile(WindowsProcess& p, Ptr addr, USize bytes) {
  auto it = p.mapped_views.upper_bound(addr.addr);
  if (it == p.mapped_views.begin()) return fail(p, ERROR_INVALID_ADDRESS_W);
  --it;
  if (addr.addr >= it->first + it->second) return fail(p, ERROR_INVALID_ADDRESS_W);
  uint64_t lo = p.memory.page_down(addr.addr);
  uint64_t hi = bytes ? p.memory.page_up(addr.addr + bytes) : it->first + it->second;
  return ::msync(reinterpret_cast<void*>(lo), hi - lo, MS_SYNC) == 0 ? TRUE : fail(p, win_error_from_errno(errno));
}

}  // namespace

FileMapping::~FileMapping() {
  if (fd >= 0) ::close(fd);
}

const std::vector<Export>& kernel32_mapping_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateFileMappingA", CreateFileMappingA),
      EXPORT("CreateFileMappingW", CreateFileMappingW),
      EXPORT("OpenFileMappingA", OpenFileMappingA),
      EXPORT("OpenFileMappingW", OpenFileMappingW),
      EXPORT("MapViewOfFile", MapViewOfFile),
      EXPORT("MapViewOfFileEx", MapViewOfFileEx),
      EXPORT("UnmapViewOfFile", UnmapViewOfFile),
      EXPORT("FlushViewOfFile", FlushViewOfFile),
  };
  return exports;
}

}  // namespace polyrun::shims
