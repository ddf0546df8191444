// KERNEL32.dll, I/O and memory by the page: ReadFileScatter and WriteFileGather (a file's data
// between its offset and a list of page-sized buffers, ending as an overlapped operation ends:
// kernel32/iocp.h), the working set as the host's page tables tell it (K32QueryWorkingSet,
// K32QueryWorkingSetEx: /proc/self/pagemap's present bit for each page, the mapping's protection),
// and the processor's extended state features (GetEnabledXStateFeatures: XCR0, what the operating
// system saves).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/kernel32/iocp.h"

namespace polyrun::shims {

namespace {

constexpr uint64_t kPage = 4096;

// ---- scatter and gather ----

// FILE_SEGMENT_ELEMENT: a 64-bit slot each, a page's address; `count` bytes in all, from the
// OVERLAPPED's offset. The handle's file must allow positioned reads and writes.
BOOL scatter_gather(WindowsProcess& p, Ptr h, Ptr segments, uint32_t count, Ptr overlapped, bool write) {
  const int fd = p.fd_for_handle(h.addr);
  if (fd < 0) return fail(p, ERROR_INVALID_HANDLE);
  if (!overlapped || !segments || count % kPage) return fail(p, ERROR_INVALID_PARAMETER);
  const unsigned w = p.isa->ptr;
  const uint64_t offset = static_cast<uint64_t>(get<uint32_t>(overlapped.addr + 2 * w)) |
                          static_cast<uint64_t>(get<uint32_t>(overlapped.addr + 2 * w + 4)) << 32;
  reset_overlapped_event(p, overlapped.addr);
  uint64_t done = 0;
  uint32_t status = 0;
  for (uint64_t i = 0; done < count; ++i) {
    const uint64_t page = get<uint64_t>(segments.addr + 8 * i);
    const ssize_t n = write ? ::pwrite(fd, reinterpret_cast<const void*>(page), kPage, static_cast<off_t>(offset + done))
                            : ::pread(fd, reinterpret_cast<void*>(page), kPage, static_cast<off_t>(offset + done));
    if (n < 0) return fail_errno(p);
    done += static_cast<uint64_t>(n);
    if (static_cast<uint64_t>(n) < kPage) {
      if (!write && done == 0) status = 0xc0000011;  // STATUS_END_OF_FILE: nothing was there to read
      break;
    }
  }
  finish_overlapped(p, completion_target(p, h.addr), overlapped.addr, status, done, false);
  set_overlapped_event(p, overlapped.addr);
  if (status) return fail(p, ERROR_HANDLE_EOF);
  return TRUE;
}
BOOL ReadFileScatter(WindowsProcess& p, Ptr h, Ptr segments, uint32_t count, Ptr, Ptr overlapped) {
  return scatter_gather(p, h, segments, count, overlapped, false);
}
BOOL WriteFileGather(WindowsProcess& p, Ptr h, Ptr segments, uint32_t count, Ptr, Ptr overlapped) {
  return scatter_gather(p, h, segments, count, overlapped, true);
}

// ---- the working set ----

// A mapping of /proc/self/maps: its range and protection as PAGE_* (for the working set's 5-bit
// Protection, MM_*: 1 read-only, 4 read-write, 2 execute, 3 execute-read, 6 execute-read-write).
struct Region {
  uint64_t start, end;
  bool r, w, x, shared;
};
std::vector<Region> regions() {
  std::vector<Region> out;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    unsigned long long start = 0, end = 0;
    char perms[5] = {};
    if (std::sscanf(line.c_str(), "%llx-%llx %4s", &start, &end, perms) != 3) continue;
    out.push_back({start, end, perms[0] == 'r', perms[1] == 'w', perms[2] == 'x', perms[3] == 's'});
  }
  return out;
}
uint32_t mm_protection(const Region& r) {
  if (r.x) return r.w ? 6 : r.r ? 3 : 2;
  return r.w ? 4 : r.r ? 1 : 0;
}
uint32_t page_protection(const Region& r) {
  if (r.x) return r.w ? 0x40 : r.r ? 0x20 : 0x10;
  return r.w ? 0x04 : r.r ? 0x02 : 0x01;
}
// Whether a page is in memory: /proc/self/pagemap's bit 63 (the frame numbers, which an
// unprivileged reader gets as zeros, are not needed).
bool present(int pagemap, uint64_t page) {
  uint64_t entry = 0;
  if (::pread(pagemap, &entry, 8, static_cast<off_t>(page / kPage * 8)) != 8) return false;
  return entry >> 63;
}

// PSAPI_WORKING_SET_INFORMATION: NumberOfEntries, then a ULONG_PTR for each page in memory (its
// Protection in bits 0-4, ShareCount 5-7, Shared 8, the page number from bit 12). This process only.
BOOL K32QueryWorkingSet(WindowsProcess& p, Ptr process, Ptr buf, uint32_t size) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_ACCESS_DENIED);
  const unsigned w = p.isa->ptr;
  if (size < w) return fail(p, ERROR_BAD_LENGTH);
  const int pagemap = ::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (pagemap < 0) return fail(p, ERROR_ACCESS_DENIED);
  std::vector<uint64_t> entries, chunk(4096);
  for (const Region& r : regions()) {
    if (r.end > p.isa->limit) continue;  // beyond the guest's addresses
    for (uint64_t page = r.start; page < r.end; page += chunk.size() * kPage) {  // the region's entries, a chunk at a time
      const uint64_t n = std::min<uint64_t>(chunk.size(), (r.end - page) / kPage);
      const ssize_t got = ::pread(pagemap, chunk.data(), n * 8, static_cast<off_t>(page / kPage * 8));
      for (uint64_t i = 0; got > 0 && i < static_cast<uint64_t>(got) / 8; ++i)
        if (chunk[i] >> 63) entries.push_back((page + i * kPage) | mm_protection(r) | (r.shared ? 0x100 : 0));
    }
  }
  ::close(pagemap);
  p.put_ptr(buf.addr, entries.size());
  if (size < w * (entries.size() + 1)) return fail(p, ERROR_BAD_LENGTH);
  for (size_t i = 0; i < entries.size(); ++i) p.put_ptr(buf.addr + w * (i + 1), entries[i]);
  return TRUE;
}
// PSAPI_WORKING_SET_EX_INFORMATION: VirtualAddress (in), VirtualAttributes (out: Valid bit 0,
// ShareCount 1-3, Win32Protection 4-14, Shared 15; an invalid page's bits are 0 but Valid).
BOOL K32QueryWorkingSetEx(WindowsProcess& p, Ptr process, Ptr buf, uint32_t size) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_ACCESS_DENIED);
  const unsigned w = p.isa->ptr;
  const int pagemap = ::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (pagemap < 0) return fail(p, ERROR_ACCESS_DENIED);
  const std::vector<Region> all = regions();
  for (uint64_t at = buf.addr; at + 2 * w <= buf.addr + size; at += 2 * w) {
    const uint64_t page = p.get_ptr(at) & ~(kPage - 1);
    uint64_t attributes = 0;
    for (const Region& r : all)
      if (page >= r.start && page < r.end && present(pagemap, page))
        attributes = 1 | static_cast<uint64_t>(page_protection(r)) << 4 | (r.shared ? 1u << 15 : 0) | 1u << 1;
    p.put_ptr(at + w, attributes);
  }
  ::close(pagemap);
  return TRUE;
}

// ---- threads and the processor ----

// A thread's start as Windows' threads begin: the start routine called with its argument, the
// thread ending with what it returns.
void BaseThreadInitThunk(WindowsProcess& p, uint32_t, Ptr entry, Ptr arg) {
  const uint32_t code = static_cast<uint32_t>(p.call_guest(entry.addr, {arg.addr}));
  p.call_export("kernel32.dll", "ExitThread", {code});
}

// The XSAVE features the operating system has turned on (XCR0, from xgetbv), as a DWORD64: x87,
// SSE, AVX, AVX-512 … — the host's, which the program's threads use natively and the engine's
// registers mirror.
uint64_t GetEnabledXStateFeatures(WindowsProcess&) {
#if defined(__x86_64__)
  uint32_t eax, ebx, ecx, edx;
  __asm__("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(1), "c"(0));
  if (!(ecx & (1u << 27))) return 3;  // no OSXSAVE: x87 and SSE
  uint32_t lo, hi;
  __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return static_cast<uint64_t>(hi) << 32 | lo;
#else
  return 3;
#endif
}

}  // namespace

const std::vector<Export>& kernel32_page_io_exports() {
  static const std::vector<Export> exports = {
      EXPORT("ReadFileScatter", ReadFileScatter),
      EXPORT("WriteFileGather", WriteFileGather),
      EXPORT("K32QueryWorkingSet", K32QueryWorkingSet),
      EXPORT("K32QueryWorkingSetEx", K32QueryWorkingSetEx),
      EXPORT("BaseThreadInitThunk", BaseThreadInitThunk),
      EXPORT("GetEnabledXStateFeatures", GetEnabledXStateFeatures),
  };
  return exports;
}

// PSAPI.dll's names of the working set's functions.
const std::vector<Export>& psapi_working_set_exports() {
  static const std::vector<Export> exports = {
      EXPORT("QueryWorkingSet", K32QueryWorkingSet),
      EXPORT("QueryWorkingSetEx", K32QueryWorkingSetEx),
  };
  return exports;
}

}  // namespace polyrun::shims
