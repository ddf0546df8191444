// NTDLL's sections: NtCreateSection, NtOpenSection, NtMapViewOfSection(Ex), NtUnmapViewOfSection(Ex)
// and NtQuerySection, and the work of KERNEL32's CreateFileMapping, OpenFileMapping,
// MapViewOfFile and UnmapViewOfFile under them (ntdll/sections.h): a section of a file or of the
// paging file (anonymous shared memory), its views host mappings of the same descriptor, starting
// on the allocation granularity (64 KiB); copy-on-write views are private mappings. Image sections
// (SEC_IMAGE) are not made here (STATUS_INVALID_IMAGE_FORMAT's kin: STATUS_NOT_SUPPORTED). A name
// in \BaseNamedObjects (or a session's) is the name KERNEL32's functions give without that directory.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/nt_status.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/ntdll/counted_strings.h"
#include "shims/ntdll/ntdll.h"
#include "shims/ntdll/sections.h"
#include "shims/ntdll/virtual.h"

namespace polyrun::shims {

namespace ntdll_sections {

namespace {

constexpr uint32_t ERROR_FILE_INVALID = 1006, ERROR_MAPPED_ALIGNMENT = 1132;

// PAGE_* protections a mapping may have (SEC_* flags above them).
bool writable_protection(uint32_t protect) { return (protect & 0xff) == 0x04 || (protect & 0xff) == 0x40; }

uint64_t new_mapping_handle(WindowsProcess& p, std::shared_ptr<FileMapping> m) {
  const uint64_t h = p.next_handle;
  p.next_handle += 4;
  p.file_mappings[h] = std::move(m);
  return h;
}

}  // namespace

uint32_t create(WindowsProcess& p, uint64_t file, uint32_t protect, uint64_t size, const std::string& name,
                uint64_t* handle, bool* existed) {
  *existed = false;
  const uint32_t page = protect & 0xff;
  if ((page != 0x02 && page != 0x04 && page != 0x08 && page != 0x20 && page != 0x40 && page != 0x80) ||
      (protect & 0x1000000 /* SEC_IMAGE */))
    return ERROR_INVALID_PARAMETER;
  if (!name.empty())
    for (const auto& [h, m] : p.file_mappings)
      if (m->name == name) {
        *handle = new_mapping_handle(p, m);
        *existed = true;
        return ERROR_SUCCESS;
      }
  int fd;
  const bool paging_file = file == (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  if (paging_file) {
    if (size == 0) return ERROR_INVALID_PARAMETER;
    fd = ::memfd_create("polyrun-file-mapping", MFD_CLOEXEC);
    if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(size)) != 0) {
      if (fd >= 0) ::close(fd);
      return ERROR_NOT_ENOUGH_MEMORY;
    }
  } else {
    int file_fd = p.fd_for_handle(file);
    struct stat st;
    if (file_fd < 0 || ::fstat(file_fd, &st) != 0) return ERROR_INVALID_HANDLE;
    // A mapping that may write needs a handle that may: Windows refuses it on a read-only one.
    if (writable_protection(protect) && (::fcntl(file_fd, F_GETFL) & O_ACCMODE) == O_RDONLY) return ERROR_ACCESS_DENIED;
    if (size == 0 && st.st_size == 0) return ERROR_FILE_INVALID;
    if (size == 0) size = static_cast<uint64_t>(st.st_size);
    // A mapping larger than its file makes the file that large (if the mapping may write).
    if (size > static_cast<uint64_t>(st.st_size)) {
      if (!writable_protection(protect)) return ERROR_NOT_ENOUGH_MEMORY;
      if (::ftruncate(file_fd, static_cast<off_t>(size)) != 0) return win_error_from_errno(errno);
    }
    fd = ::fcntl(file_fd, F_DUPFD_CLOEXEC, 3);
    if (fd < 0) return win_error_from_errno(errno);
  }
  auto m = std::make_shared<FileMapping>();
  m->fd = fd;
  m->size = size;
  m->protect = page;
  m->name = name;
  *handle = new_mapping_handle(p, std::move(m));
  return ERROR_SUCCESS;
}

uint32_t open(WindowsProcess& p, const std::string& name, uint64_t* handle) {
  for (const auto& [h, m] : p.file_mappings)
    if (!name.empty() && m->name == name) {
      *handle = new_mapping_handle(p, m);
      return ERROR_SUCCESS;
    }
  return ERROR_FILE_NOT_FOUND;
}

uint32_t map(WindowsProcess& p, uint64_t h, ViewAccess a, uint64_t offset, uint64_t bytes, uint64_t base, bool replace,
             uint64_t* at) {
  auto it = p.file_mappings.find(h);
  if (it == p.file_mappings.end()) return ERROR_INVALID_HANDLE;
  const FileMapping& m = *it->second;
  if (offset % kGranularity || (base % kGranularity)) return ERROR_MAPPED_ALIGNMENT;
  if (offset >= m.size || (bytes && offset + bytes > m.size)) return ERROR_ACCESS_DENIED;
  const uint64_t length = bytes ? bytes : m.size - offset;
  if (a.write && !writable_protection(m.protect)) return ERROR_ACCESS_DENIED;
  uint32_t prot = mem::kRead | (a.write || a.copy ? uint32_t{mem::kWrite} : 0u) | (a.exec ? uint32_t{mem::kExec} : 0u);
  mem::MapRequest req;
  req.fd = m.fd;
  req.offset = offset;
  req.shared = !a.copy;
  req.fixed = base != 0;
  req.replace = replace;
  req.name = m.name;
  req.align = kGranularity;  // a view's base rounded down to the granularity is the view
  const int64_t where = p.memory.map(base, length, prot, req);
  if (where < 0) return base ? ERROR_INVALID_ADDRESS_W : ERROR_NOT_ENOUGH_MEMORY;
  p.mapped_views[static_cast<uint64_t>(where)] = p.memory.page_up(length);
  *at = static_cast<uint64_t>(where);
  return ERROR_SUCCESS;
}

uint32_t unmap(WindowsProcess& p, uint64_t base) {
  auto it = p.mapped_views.find(base);
  if (it == p.mapped_views.end()) return ERROR_INVALID_ADDRESS_W;
  p.memory.unmap(it->first, it->second);
  p.mapped_views.erase(it);
  return ERROR_SUCCESS;
}

}  // namespace ntdll_sections

FileMapping::~FileMapping() {
  if (fd >= 0) ::close(fd);
}

namespace ntdll_sections_impl {

constexpr uint32_t kObjectNameNotFound = 0xc0000034, kObjectPathSyntaxBad = 0xc000003b,
                   kObjectNameExists = 0x40000000, kObjectTypeMismatch = 0xc0000024,
                   kInvalidPageProtection = 0xc0000045, kSectionNotImage = 0xc0000049,
                   kNotMappedView = 0xc0000019, kConflictingAddresses = 0xc0000018,
                   kMappedAlignment = 0xc0000220, kAccessDenied = 0xc0000022,
                   kSectionTooBig = 0xc0000040;
constexpr uint32_t kObjInherit = 2, kObjOpenIf = 0x80;

// OBJECT_ATTRIBUTES' name as KERNEL32 gives it: \BaseNamedObjects\X is Global\X, a session's
// \Sessions\N\BaseNamedObjects\X is X. An NTSTATUS for one that cannot be.
uint32_t kernel32_name(WindowsProcess& p, uint64_t oa, std::string* out, uint32_t* attributes) {
  out->clear();
  *attributes = 0;
  if (!oa) return nt::kSuccess;
  const unsigned w = p.isa->ptr;
  *attributes = get<uint32_t>(oa + 3 * w);
  const uint64_t name = p.get_ptr(oa + 2 * w);
  const std::u16string u = name ? ntdll_text::unicode_of(p, name) : std::u16string();
  if (u.empty()) return nt::kSuccess;
  if (p.get_ptr(oa + w)) return nt::kInvalidHandle;  // (no object directories a handle could name)
  if (u[0] != u'\\') return kObjectPathSyntaxBad;
  std::string n = utf16_to_utf8(u);
  const std::string base = "\\BaseNamedObjects\\";
  if (n.rfind(base, 0) == 0) {
    n = "Global\\" + n.substr(base.size());
  } else if (n.rfind("\\Sessions\\", 0) == 0) {
    const size_t at = n.find(base, 10);
    if (at != std::string::npos && n.find('\\', 10) == at) n = n.substr(at + base.size());
  }
  *out = n;
  return nt::kSuccess;
}

// A Win32 error of the functions above as the NTSTATUS of the native API.
uint32_t status_of(uint32_t e) {
  switch (e) {
    case ERROR_SUCCESS: return nt::kSuccess;
    case ERROR_INVALID_HANDLE: return nt::kInvalidHandle;
    case ERROR_ACCESS_DENIED: return kAccessDenied;
    case ERROR_NOT_ENOUGH_MEMORY: return nt::kNoMemory;
    case ERROR_INVALID_ADDRESS_W: return kConflictingAddresses;
    case 1132: return kMappedAlignment;
    case 1006: return 0xc0000011;  // STATUS_END_OF_FILE: an empty file
    default: return nt_status_from_win_error(e);
  }
}

// NtCreateSection(*handle, access, attributes, *size, page protection, SEC_* allocation
// attributes, file).
uint32_t NtCreateSection(WindowsProcess& p, Ptr out, uint32_t, Ptr oa, Ptr size, uint32_t protect, uint32_t sec,
                         Ptr file) {
  constexpr uint32_t kSecImage = 0x1000000;
  if (sec & kSecImage) return nt::kNotSupported;
  const uint32_t page = protect & 0xff;
  if (page != 0x02 && page != 0x04 && page != 0x08 && page != 0x20 && page != 0x40 && page != 0x80)
    return kInvalidPageProtection;
  std::string name;
  uint32_t attributes;
  if (const uint32_t s = kernel32_name(p, oa.addr, &name, &attributes)) return s;
  const uint64_t bytes = size ? get<uint64_t>(size.addr) : 0;
  if (!file && !bytes) return nt::kInvalidParameter;
  if (!name.empty() && !(attributes & kObjOpenIf))
    for (const auto& [h, m] : p.file_mappings)
      if (m->name == name) return 0xc0000035;  // STATUS_OBJECT_NAME_COLLISION
  uint64_t h = 0;
  bool existed = false;
  const uint64_t from = file ? file.addr : (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  if (const uint32_t e = ntdll_sections::create(p, from, protect, bytes, name, &h, &existed))
    return e == ERROR_NOT_ENOUGH_MEMORY && file ? kSectionTooBig : status_of(e);
  p.put_ptr(out.addr, p.mark_inheritable(h, attributes & kObjInherit));
  return existed ? kObjectNameExists : nt::kSuccess;
}

uint32_t NtOpenSection(WindowsProcess& p, Ptr out, uint32_t, Ptr oa) {
  std::string name;
  uint32_t attributes;
  if (const uint32_t s = kernel32_name(p, oa.addr, &name, &attributes)) return s;
  if (name.empty()) return kObjectPathSyntaxBad;
  uint64_t h = 0;
  if (ntdll_sections::open(p, name, &h)) return kObjectNameNotFound;
  p.put_ptr(out.addr, p.mark_inheritable(h, attributes & kObjInherit));
  return nt::kSuccess;
}

// A view's access from its page protection.
bool access_of(uint32_t protect, ntdll_sections::ViewAccess* a) {
  switch (protect & 0xff) {
    case 0x02: return true;                          // PAGE_READONLY
    case 0x04: return a->write = true;               // PAGE_READWRITE
    case 0x08: return a->copy = true;                // PAGE_WRITECOPY
    case 0x20: return a->exec = true;                // PAGE_EXECUTE_READ
    case 0x40: return a->write = a->exec = true;     // PAGE_EXECUTE_READWRITE
    case 0x80: return a->copy = a->exec = true;      // PAGE_EXECUTE_WRITECOPY
    default: return false;
  }
}

uint32_t map_view(WindowsProcess& p, uint64_t section, uint64_t process, Ptr base, uint64_t offset, Ptr view_size,
                  uint32_t type, uint32_t protect) {
  if (process && !p.is_current_process(process)) return kAccessDenied;
  auto it = p.file_mappings.find(section);
  if (it == p.file_mappings.end())
    return p.waitables.count(section) || p.fd_for_handle(section) >= 0 ? kObjectTypeMismatch : nt::kInvalidHandle;
  ntdll_sections::ViewAccess a;
  if (!access_of(protect, &a)) return kInvalidPageProtection;
  constexpr uint32_t kReplacePlaceholder = 0x4000, kReserve = 0x2000, kTopDown = 0x100000, kLargePages = 0x20000000;
  if (type & ~(kReplacePlaceholder | kReserve | kTopDown | kLargePages)) return nt::kInvalidParameter;
  const uint64_t want = p.get_ptr(base.addr);
  uint64_t bytes = view_size ? p.get_ptr(view_size.addr) : 0;
  const uint64_t size = it->second->size;
  if (offset >= size || (bytes && offset + bytes > size)) return nt::kInvalidParameter;
  if (!bytes) bytes = size - offset;
  if (type & kReplacePlaceholder) {
    if (!want || !take_placeholder(p, want, bytes)) return nt::kInvalidParameter;
  }
  uint64_t at = 0;
  const uint32_t e = ntdll_sections::map(p, section, a, offset, bytes, want, (type & kReplacePlaceholder) != 0, &at);
  if (e) {
    if (type & kReplacePlaceholder) make_placeholder(p, want, p.memory.page_up(bytes));
    return status_of(e);
  }
  p.put_ptr(base.addr, at);
  if (view_size) p.put_ptr(view_size.addr, p.memory.page_up(bytes));
  return nt::kSuccess;
}

// NtMapViewOfSection(section, process, *base, zero bits, commit size, *offset, *view size,
// inherit disposition, allocation type, page protection): *base and *view size become the view's.
uint32_t NtMapViewOfSection(WindowsProcess& p, Ptr section, Ptr process, Ptr base, USize, USize, Ptr offset,
                            Ptr view_size, uint32_t, uint32_t type, uint32_t protect) {
  return map_view(p, section.addr, process.addr, base, offset ? get<uint64_t>(offset.addr) : 0, view_size, type, protect);
}
// NtMapViewOfSectionEx(section, process, *base, *offset, *view size, allocation type, protection,
// extended parameters, count).
uint32_t NtMapViewOfSectionEx(WindowsProcess& p, Ptr section, Ptr process, Ptr base, Ptr offset, Ptr view_size,
                              uint32_t type, uint32_t protect, Ptr params, uint32_t count) {
  AddressRequirements r;
  if (!read_address_requirements(p, params, count, r)) return nt::kInvalidParameter;
  if (r.given && !p.get_ptr(base.addr)) {
    auto it = p.file_mappings.find(section.addr);
    if (it != p.file_mappings.end()) {
      const uint64_t off = offset ? get<uint64_t>(offset.addr) : 0;
      const uint64_t bytes = view_size && p.get_ptr(view_size.addr) ? p.get_ptr(view_size.addr)
                                                                    : it->second->size - std::min(off, it->second->size);
      const uint64_t where = place_within(p, (bytes + ntdll_sections::kGranularity - 1) & ~(ntdll_sections::kGranularity - 1), r);
      if (!where) return nt::kNoMemory;
      p.put_ptr(base.addr, where);
    }
  }
  return map_view(p, section.addr, process.addr, base, offset ? get<uint64_t>(offset.addr) : 0, view_size, type, protect);
}

// NtUnmapViewOfSectionEx(process, base, flags): MEM_PRESERVE_PLACEHOLDER (2) leaves a placeholder.
uint32_t NtUnmapViewOfSectionEx(WindowsProcess& p, Ptr process, Ptr base, uint32_t flags) {
  if (process.addr && !p.is_current_process(process.addr)) return kAccessDenied;
  if (flags & ~3u) return nt::kInvalidParameter;
  auto it = p.mapped_views.find(base.addr);
  if (it == p.mapped_views.end()) return kNotMappedView;
  if (flags & 2) {
    make_placeholder(p, it->first, it->second);
    p.mapped_views.erase(it);
    return nt::kSuccess;
  }
  return status_of(ntdll_sections::unmap(p, base.addr)) ? kNotMappedView : nt::kSuccess;
}
uint32_t NtUnmapViewOfSection(WindowsProcess& p, Ptr process, Ptr base) {
  return NtUnmapViewOfSectionEx(p, process, base, 0);
}

// NtQuerySection(h, class, info, length, *returned): SectionBasicInformation (0: BaseAddress 0,
// AllocationAttributes SEC_COMMIT, MaximumSize); SectionImageInformation (1) of a section that is
// no image: STATUS_SECTION_NOT_IMAGE.
uint32_t NtQuerySection(WindowsProcess& p, Ptr h, uint32_t cls, Ptr info, USize len, Ptr returned) {
  auto it = p.file_mappings.find(h.addr);
  if (it == p.file_mappings.end())
    return p.waitables.count(h.addr) || p.fd_for_handle(h.addr) >= 0 ? kObjectTypeMismatch : nt::kInvalidHandle;
  const unsigned w = p.isa->ptr;
  switch (cls) {
    case 0: {
      const uint64_t size = w == 8 ? 24 : 16;
      if (len < size) return nt::kInfoLengthMismatch;
      p.put_ptr(info.addr, 0);
      put<uint32_t>(info.addr + w, 0x8000000);  // SEC_COMMIT
      put<uint64_t>(info.addr + (w == 8 ? 16 : 8), it->second->size);
      if (returned) p.put_ptr(returned.addr, size);
      return nt::kSuccess;
    }
    case 1: return kSectionNotImage;
    default: return nt::kInvalidInfoClass;
  }
}

}  // namespace ntdll_sections_impl

// These join NTDLL's table (ntdll/ntdll.cpp).
const std::vector<Export>& ntdll_section_exports() {
  using namespace ntdll_sections_impl;
  static const std::vector<Export> exports = {
      EXPORT("NtCreateSection", NtCreateSection),
      EXPORT("NtOpenSection", NtOpenSection),
      EXPORT("NtMapViewOfSection", NtMapViewOfSection),
      EXPORT("NtMapViewOfSectionEx", NtMapViewOfSectionEx),
      EXPORT("NtUnmapViewOfSection", NtUnmapViewOfSection),
      EXPORT("NtUnmapViewOfSectionEx", NtUnmapViewOfSectionEx),
      EXPORT("NtQuerySection", NtQuerySection),
  };
  return exports;
}

}  // namespace polyrun::shims
