// KERNEL32.dll, file mappings: CreateFileMapping (a file, or the paging file: anonymous shared
// memory), OpenFileMapping by name within the process, and the views MapViewOfFile(Ex) places in
// the address space (host mmap of the same descriptor), UnmapViewOfFile and FlushViewOfFile; the
// mappings and views are NTDLL's sections (ntdll/sections.cpp).
// Views start on the allocation granularity (64 KiB), as on Windows; copy-on-write views are
// private mappings.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "shims/core/guest_memory.h"
#include "shims/ntdll/sections.h"
#include "shims/ntdll/virtual.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

using ntdll_sections::kGranularity;
using ntdll_sections::ViewAccess;

// CreateFileMapping's work is NTDLL's (ntdll/sections.cpp): ERROR_ALREADY_EXISTS for a name that
// was there.
Ptr create_mapping(WindowsProcess& p, Ptr file, Ptr sa, uint32_t protect, uint32_t size_high, uint32_t size_low,
                   const std::string& name) {
  constexpr uint32_t ERROR_ALREADY_EXISTS = 183;
  uint64_t h = 0;
  bool existed = false;
  const uint64_t size = static_cast<uint64_t>(size_high) << 32 | size_low;
  if (const uint32_t e = ntdll_sections::create(p, file.addr, protect, size, name, &h, &existed)) return Ptr(fail(p, e));
  p.set_last_error(existed ? ERROR_ALREADY_EXISTS : 0);
  return Ptr(p.mark_inheritable(h, p.inherits(sa.addr)));
}

Ptr CreateFileMappingA(WindowsProcess& p, Ptr file, Ptr sa, uint32_t protect, uint32_t hi, uint32_t lo, AStr name) {
  return create_mapping(p, file, sa, protect, hi, lo, name.addr ? name.str() : std::string());
}
Ptr CreateFileMappingW(WindowsProcess& p, Ptr file, Ptr sa, uint32_t protect, uint32_t hi, uint32_t lo, WStr name) {
  return create_mapping(p, file, sa, protect, hi, lo, name.addr ? utf16_to_utf8(name.str()) : std::string());
}

Ptr open_mapping(WindowsProcess& p, const std::string& name) {
  uint64_t h = 0;
  if (const uint32_t e = ntdll_sections::open(p, name, &h)) return Ptr(fail(p, e));
  return Ptr(h);
}
Ptr OpenFileMappingA(WindowsProcess& p, uint32_t, int32_t, AStr name) { return open_mapping(p, name.str()); }
Ptr OpenFileMappingW(WindowsProcess& p, uint32_t, int32_t, WStr name) { return open_mapping(p, utf16_to_utf8(name.str())); }

// A view (ntdll/sections.cpp's work): of `bytes` from `offset` (0: to the mapping's end), at `base`
// or where there is room; `replace` maps it over what is there.
Ptr map_view(WindowsProcess& p, Ptr h, ViewAccess a, uint64_t offset, uint64_t bytes, uint64_t base, bool replace) {
  uint64_t at = 0;
  if (const uint32_t e = ntdll_sections::map(p, h.addr, a, offset, bytes, base, replace, &at)) return Ptr(fail(p, e));
  return Ptr(at);
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
// The NUMA forms: the node is a preference, and the memory is the one node's there is. The forms
// for packaged apps: the same for a desktop program, with a 64-bit offset.
Ptr CreateFileMappingNumaW(WindowsProcess& p, Ptr file, Ptr sa, uint32_t protect, uint32_t hi, uint32_t lo, WStr name,
                           uint32_t) {
  return CreateFileMappingW(p, file, sa, protect, hi, lo, name);
}
Ptr CreateFileMappingFromApp(WindowsProcess& p, Ptr file, Ptr sa, uint32_t protect, uint64_t size, WStr name) {
  return CreateFileMappingW(p, file, sa, protect, static_cast<uint32_t>(size >> 32), static_cast<uint32_t>(size), name);
}
Ptr MapViewOfFileExNuma(WindowsProcess& p, Ptr h, uint32_t access, uint32_t off_high, uint32_t off_low, USize bytes, Ptr base,
                        uint32_t) {
  return MapViewOfFileEx(p, h, access, off_high, off_low, bytes, base);
}
Ptr MapViewOfFileFromApp(WindowsProcess& p, Ptr h, uint32_t access, uint64_t offset, USize bytes) {
  return MapViewOfFileEx(p, h, access, static_cast<uint32_t>(offset >> 32), static_cast<uint32_t>(offset), bytes, Ptr(0));
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
  const uint32_t e = ntdll_sections::unmap(p, base.addr);
  return e ? fail(p, e) : TRUE;
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

const std::vector<Export>& kernel32_mapping_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateFileMappingA", CreateFileMappingA),
      EXPORT("CreateFileMappingW", CreateFileMappingW),
      EXPORT("OpenFileMappingA", OpenFileMappingA),
      EXPORT("OpenFileMappingW", OpenFileMappingW),
      EXPORT("OpenFileMappingFromApp", OpenFileMappingW),  // (the same arguments: access, inherit, name)
      EXPORT("MapViewOfFile", MapViewOfFile),
      EXPORT("MapViewOfFileEx", MapViewOfFileEx),
      EXPORT("CreateFileMappingNumaW", CreateFileMappingNumaW),
      EXPORT("CreateFileMappingFromApp", CreateFileMappingFromApp),
      EXPORT("MapViewOfFileExNuma", MapViewOfFileExNuma),
      EXPORT("MapViewOfFileFromApp", MapViewOfFileFromApp),
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
