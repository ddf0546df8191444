// KERNEL32.dll, file mappings: CreateFileMapping (a file, or the paging file: anonymous shared
// memory), OpenFileMapping by name within the process, and the views MapViewOfFile(Ex) places in
// the address space (host mmap of the same descriptor), UnmapViewOfFile and FlushViewOfFile.
// Views start on the allocation granularity (64 KiB), as on Windows; copy-on-write views are
// private mappings.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "shims/core/guest_memory.h"
#include "shims/ntdll/virtual.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

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

// A view: of `bytes` from `offset` (0: to the mapping's end), at `base` or where there is room;
// `replace` maps it over what is there (a placeholder it takes the place of).
struct ViewAccess {
  bool write = false, copy = false, exec = false;
};
Ptr map_view(WindowsProcess& p, Ptr h, ViewAccess a, uint64_t offset, uint64_t bytes, uint64_t base, bool replace) {
  auto it = p.file_mappings.find(h.addr);
  if (it == p.file_mappings.end()) return Ptr(fail(p, ERROR_INVALID_HANDLE));
  const FileMapping& m = *it->second;
  if (offset % kGranularity || (base % kGranularity)) return Ptr(fail(p, ERROR_MAPPED_ALIGNMENT));
  if (offset >= m.size || (bytes && offset + bytes > m.size)) return Ptr(fail(p, ERROR_ACCESS_DENIED));
  const uint64_t length = bytes ? bytes : m.size - offset;
  if (a.write && !writable_protection(m.protect)) return Ptr(fail(p, ERROR_ACCESS_DENIED));
  uint32_t prot = mem::kRead | (a.write || a.copy ? uint32_t{mem::kWrite} : 0u) | (a.exec ? uint32_t{mem::kExec} : 0u);
  mem::MapRequest req;
  req.fd = m.fd;
  req.offset = offset;
  req.shared = !a.copy;
  req.fixed = base != 0;
  req.replace = replace;
  req.name = m.name;
  req.align = kGranularity;  // a view's base rounded down to the granularity is the view
  int64_t at = p.memory.map(base, length, prot, req);
  if (at < 0) return Ptr(fail(p, base ? ERROR_INVALID_ADDRESS_W : ERROR_NOT_ENOUGH_MEMORY));
  p.mapped_views[static_cast<uint64_t>(at)] = p.memory.page_up(length);
  return Ptr(static_cast<uint64_t>(at));
}

// FILE_MAP_COPY 1, _WRITE 2, _READ 4, _EXECUTE 0x20 (FILE_MAP_ALL_ACCESS includes write and read).
Ptr MapViewOfFileEx(WindowsProcess& p, Ptr h, uint32_t access, uint32_t off_high, uint32_t off_low, USize bytes, Ptr base) {
  // FILE_MAP_ALL_ACCESS carries the copy bit too (it is SECTION_QUERY): writing wins over copying.
  ViewAccess a;
  a.write = access & 2;
  a.copy = (access & 1) && !a.write;
  a.exec = access & 0x20;
  return map_view(p, h, a, static_cast<uint64_t>(off_high) << 32 | off_low, bytes, base.addr, false);
}
Ptr MapViewOfFile(WindowsProcess& p, Ptr h, uint32_t access, uint32_t off_high, uint32_t off_low, USize bytes) {
  return MapViewOfFileEx(p, h, access, off_high, off_low, bytes, Ptr(0));
}

// MapViewOfFile3(mapping, process, base, offset, size, type, protection, parameters, count): the
// access from the page protection; MEM_REPLACE_PLACEHOLDER (0x4000) puts the view exactly in
// place of a placeholder of its size; address requirements place it when no base is given. Views
// in another process cannot be made from here (ERROR_ACCESS_DENIED).
Ptr MapViewOfFile3(WindowsProcess& p, Ptr h, Ptr process, Ptr base, uint64_t offset, USize bytes, uint32_t type,
                   uint32_t protect, Ptr params, uint32_t count) {
  if (process.addr && !p.is_current_process(process.addr)) return Ptr(fail(p, ERROR_ACCESS_DENIED));
  ViewAccess a;
  switch (protect & 0xff) {
    case 0x02: break;                               // PAGE_READONLY
    case 0x04: a.write = true; break;               // PAGE_READWRITE
    case 0x08: a.copy = true; break;                // PAGE_WRITECOPY
    case 0x20: a.exec = true; break;                // PAGE_EXECUTE_READ
    case 0x40: a.write = a.exec = true; break;      // PAGE_EXECUTE_READWRITE
    case 0x80: a.copy = a.exec = true; break;       // PAGE_EXECUTE_WRITECOPY
    default: return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  }
  constexpr uint32_t kReplacePlaceholder = 0x4000, kReserve = 0x2000, kLargePages = 0x20000000;
  if (type & ~(kReplacePlaceholder | kReserve | kLargePages)) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  AddressRequirements r;
  if (!read_address_requirements(p, params, count, r) || (r.given && base)) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  if (type & kReplacePlaceholder) {
    if (!base || !bytes || !take_placeholder(p, base.addr, bytes)) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
    Ptr at = map_view(p, h, a, offset, bytes, base.addr, true);
    if (!at) make_placeholder(p, base.addr, p.memory.page_up(bytes));
    return at;
  }
  uint64_t where = base.addr;
  if (r.given) {
    auto it = p.file_mappings.find(h.addr);
    if (it == p.file_mappings.end()) return Ptr(fail(p, ERROR_INVALID_HANDLE));
    const uint64_t length = bytes ? uint64_t{bytes} : it->second->size - std::min(offset, it->second->size);
    where = place_within(p, (length + kGranularity - 1) & ~(kGranularity - 1), r);
    if (!where) return Ptr(fail(p, ERROR_NOT_ENOUGH_MEMORY));
  }
  return map_view(p, h, a, offset, bytes, where, false);
}

BOOL UnmapViewOfFile(WindowsProcess& p, Ptr base) {
  auto it = p.mapped_views.find(base.addr);
  if (it == p.mapped_views.end()) return fail(p, ERROR_INVALID_ADDRESS_W);
  p.memory.unmap(it->first, it->second);
  p.mapped_views.erase(it);
  return TRUE;
}
// UnmapViewOfFile2(process, base, flags): MEM_PRESERVE_PLACEHOLDER (2) leaves a placeholder where
// the view was; MEM_UNMAP_WITH_TRANSIENT_BOOST (1) is a scheduling hint.
BOOL UnmapViewOfFile2(WindowsProcess& p, Ptr process, Ptr base, uint32_t flags);
// UnmapViewOfFileEx(base, flags): UnmapViewOfFile2 of this process.
BOOL UnmapViewOfFileEx(WindowsProcess& p, Ptr base, uint32_t flags) { return UnmapViewOfFile2(p, Ptr(0), base, flags); }
BOOL UnmapViewOfFile2(WindowsProcess& p, Ptr process, Ptr base, uint32_t flags) {
  if (process.addr && !p.is_current_process(process.addr)) return fail(p, ERROR_ACCESS_DENIED);
  if (flags & ~3u) return fail(p, ERROR_INVALID_PARAMETER);
  if (!(flags & 2)) return UnmapViewOfFile(p, base);
  auto it = p.mapped_views.find(base.addr);
  if (it == p.mapped_views.end()) return fail(p, ERROR_INVALID_ADDRESS_W);
  make_placeholder(p, it->first, it->second);
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
      EXPORT("MapViewOfFile3", MapViewOfFile3),
      EXPORT("MapViewOfFile3FromApp", MapViewOfFile3),
      EXPORT("UnmapViewOfFile2", UnmapViewOfFile2),
      EXPORT("UnmapViewOfFileEx", UnmapViewOfFileEx),
      EXPORT("FlushViewOfFile", FlushViewOfFile),
  };
  return exports;
}

}  // namespace polyrun::shims
