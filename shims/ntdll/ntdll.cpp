// ntdll.dll: the few Rtl functions console programs import directly, the native reads and writes
// of open handles (NtReadFile, NtWriteFile), the native wait (NtWaitForSingleObject), the PEB and
// the version. Everything else is bound lazily and
// reported by name if called.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "shims/ntdll/exports.h"
#include "shims/kernel32/console.h"
#include "shims/core/guest_memory.h"
#include "shims/core/win_errors.h"

#include "shims/core/seh.h"
#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/core/windows_version.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t STATUS_SUCCESS = 0, STATUS_INVALID_HANDLE = 0xc0000008, STATUS_INVALID_PARAMETER = 0xc000000d,
                   STATUS_END_OF_FILE = 0xc0000011, STATUS_PIPE_BROKEN = 0xc000014b, STATUS_NOT_SUPPORTED = 0xc00000bb;

uint32_t RtlNtStatusToDosError(WindowsProcess&, uint32_t status) { return win_error_from_nt_status(status); }

// IO_STATUS_BLOCK: the status (in a pointer-sized slot), then the byte count.
void io_status(WindowsProcess& p, Ptr iosb, uint32_t status, uint64_t count) {
  if (!iosb) return;
  p.put_ptr(iosb.addr, status);
  p.put_ptr(iosb.addr + p.isa->ptr, count);
}

// An explicit file offset, or -1 for "the current position" (FILE_USE_FILE_POINTER_POSITION,
// or no offset), or -2 for "the end" (FILE_WRITE_TO_END_OF_FILE).
int64_t offset_of(Ptr offset) {
  if (!offset) return -1;
  int64_t o = get<int64_t>(offset.addr);
  if (o == -2) return -1;  // 0xFFFFFFFF'FFFFFFFE
  if (o == -1) return -2;
  return o;
}

// The descriptor behind a handle for a synchronous read or write, or the status that refuses it:
// asynchronous completion (events, APC routines) is not provided, handles here are synchronous.
int io_descriptor(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, uint32_t& status) {
  int fd = p.fd_for_handle(h.addr);
  status = fd < 0 ? STATUS_INVALID_HANDLE : event || apc ? STATUS_NOT_SUPPORTED : STATUS_SUCCESS;
  return status == STATUS_SUCCESS ? fd : -1;
}

// The console's handles: what WriteFile and ReadFile do with them (kernel32/console.cpp), as a status.
std::optional<uint32_t> console_io(WindowsProcess& p, Ptr h, Ptr iosb, Ptr buf, uint32_t len, bool write) {
  uint32_t done = 0;
  const uint64_t at = reinterpret_cast<uint64_t>(&done);
  auto r = write ? console_write_file(p, h.addr, buf.addr, len, at) : console_read_file(p, h.addr, buf.addr, len, at);
  if (!r) return std::nullopt;
  const uint32_t st = *r ? STATUS_SUCCESS : nt_status_from_win_error(p.last_error());
  io_status(p, iosb, st, done);
  return st;
}

uint32_t NtWriteFile(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr, Ptr iosb, Ptr buf, uint32_t len, Ptr offset, Ptr) {
  if (!event && !apc)
    if (auto st = console_io(p, h, iosb, buf, len, true)) return *st;
  uint32_t refused;
  int fd = io_descriptor(p, h, event, apc, refused);
  if (fd < 0) return refused;
  int64_t at = offset_of(offset);
  if (at == -2) at = ::lseek(fd, 0, SEEK_END);
  uint64_t done = 0;
  while (done < len) {
    ssize_t n = synchronous_io(p, [&] {
      return at >= 0 ? ::pwrite(fd, buf.as<char>() + done, len - done, at + static_cast<int64_t>(done))
                     : ::write(fd, buf.as<char>() + done, len - done);
    });
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      uint32_t st = nt_status_from_errno(errno);
      io_status(p, iosb, st, done);
      return st;
    }
    done += static_cast<uint64_t>(n);
  }
  if (at >= 0) ::lseek(fd, at + static_cast<int64_t>(done), SEEK_SET);  // synchronous handles move the pointer
  io_status(p, iosb, STATUS_SUCCESS, done);
  return STATUS_SUCCESS;
}

uint32_t NtReadFile(WindowsProcess& p, Ptr h, Ptr event, Ptr apc, Ptr, Ptr iosb, Ptr buf, uint32_t len, Ptr offset, Ptr) {
  if (!event && !apc)
    if (auto st = console_io(p, h, iosb, buf, len, false)) return *st;
  uint32_t refused;
  int fd = io_descriptor(p, h, event, apc, refused);
  if (fd < 0) return refused;
  int64_t at = offset_of(offset);
  ssize_t n;
  do n = synchronous_io(p, [&] { return at >= 0 ? ::pread(fd, buf.as<char>(), len, at) : ::read(fd, buf.as<char>(), len); });
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    uint32_t st = nt_status_from_errno(errno);
    io_status(p, iosb, st, 0);
    return st;
  }
  if (at >= 0) ::lseek(fd, at + n, SEEK_SET);
  if (n == 0 && len > 0) {
    // The end of a file; a pipe whose writer is gone reads as a broken pipe.
    struct stat st;
    uint32_t s = ::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) ? STATUS_PIPE_BROKEN : STATUS_END_OF_FILE;
    io_status(p, iosb, s, 0);
    return s;
  }
  io_status(p, iosb, STATUS_SUCCESS, static_cast<uint64_t>(n));
  return STATUS_SUCCESS;
}

// RTL_OSVERSIONINFOW / EXW: the real version, 10.0.19045 (RtlGetVersion is not subject to the
// compatibility manifest that GetVersionEx honours).
// The size field is not checked (libuv passes an OSVERSIONINFOW without setting it): the base
// structure is always filled, the EX fields (service pack, suite, product type) only when the size
// is exactly RTL_OSVERSIONINFOEXW's; nothing past them is touched.
uint32_t RtlGetVersion(WindowsProcess&, Ptr info) {
  constexpr uint32_t kBase = 276, kEx = 284;
  const uint32_t size = get<uint32_t>(info.addr);
  std::memset(guest_pointer(info.addr + 4), 0, (size == kEx ? kEx : kBase) - 4);
  uint32_t v[4] = {kRealVersion.major, kRealVersion.minor, kRealVersion.build, 2};
  std::memcpy(guest_pointer(info.addr + 4), v, sizeof v);
  if (size == kEx) put<uint8_t>(info.addr + 282, 1);  // wProductType: VER_NT_WORKSTATION
  return STATUS_SUCCESS;
}

uint64_t VerSetConditionMask(WindowsProcess&, uint64_t mask, uint32_t type, uint8_t condition) {
  return ver_set_condition_mask(mask, type, condition);
}

// RtlVerifyVersionInfo: VerifyVersionInfoW's comparison with the real version, as an NTSTATUS.
uint32_t RtlVerifyVersionInfo(WindowsProcess&, Ptr info, uint32_t type, uint64_t conditions) {
  constexpr uint32_t STATUS_REVISION_MISMATCH = 0xc0000059;
  const uint32_t e = version_mismatch(info.addr, type, conditions, 2, kRealVersion);
  return e == 0 ? STATUS_SUCCESS : e == ERROR_OLD_WIN_VERSION ? STATUS_REVISION_MISMATCH : STATUS_INVALID_PARAMETER;
}

// RtlImageNtHeader: a loaded image's IMAGE_NT_HEADERS (after the DOS header's e_lfanew), or null
// when the address holds no PE image.
Ptr RtlImageNtHeader(WindowsProcess& p, Ptr base) {
  if (!base || !p.memory.accessible(base.addr, 0x40, mem::kRead) || get<uint16_t>(base.addr) != 0x5a4d) return Ptr(0);
  const uint64_t nt = base.addr + get<uint32_t>(base.addr + 0x3c);
  if (nt < base.addr || !p.memory.accessible(nt, 4, mem::kRead) || get<uint32_t>(nt) != 0x4550) return Ptr(0);
  return Ptr(nt);
}

// RtlImageRvaToSection: the IMAGE_SECTION_HEADER (40 bytes each, after the optional header) whose
// virtual range holds an RVA; RtlAddressInSectionTable: where that RVA lies in an image mapped as
// its file (the section's file offset), or null.
Ptr RtlImageRvaToSection(WindowsProcess&, Ptr nt, Ptr, uint32_t rva) {
  const uint16_t count = get<uint16_t>(nt.addr + 6), optional = get<uint16_t>(nt.addr + 20);
  const uint64_t table = nt.addr + 24 + optional;
  for (uint16_t i = 0; i < count; ++i) {
    const uint64_t s = table + 40u * i;
    const uint32_t va = get<uint32_t>(s + 12), size = std::max(get<uint32_t>(s + 8), get<uint32_t>(s + 16));
    if (rva >= va && rva - va < size) return Ptr(s);
  }
  return Ptr(0);
}
Ptr RtlAddressInSectionTable(WindowsProcess& p, Ptr nt, Ptr base, uint32_t rva) {
  const Ptr s = RtlImageRvaToSection(p, nt, base, rva);
  return s ? Ptr(base.addr + (rva - get<uint32_t>(s.addr + 12)) + get<uint32_t>(s.addr + 20)) : Ptr(0);
}

void RtlZeroMemory(WindowsProcess&, Ptr d, USize n) { std::memset(d.as<void>(), 0, n); }

// RtlGetNtVersionNumbers: the build number carries 0xF0000000 (a free build), as Windows reports it.
void RtlGetNtVersionNumbers(WindowsProcess&, Ptr major, Ptr minor, Ptr build) {
  if (major) put<uint32_t>(major.addr, kRealVersion.major);
  if (minor) put<uint32_t>(minor.addr, kRealVersion.minor);
  if (build) put<uint32_t>(build.addr, 0xf0000000u | kRealVersion.build);
}

Ptr RtlGetCurrentPeb(WindowsProcess& p) { return Ptr(p.peb); }

// NtWaitForSingleObject(handle, alertable, timeout): no timeout waits forever. The wait's results
// are the same numbers as WaitForSingleObject's (STATUS_WAIT_0, STATUS_ABANDONED_WAIT_0,
// STATUS_TIMEOUT); a bad handle is STATUS_INVALID_HANDLE.
uint32_t NtWaitForSingleObject(WindowsProcess& p, Ptr h, uint8_t, Ptr timeout) {
  uint32_t ms = timeout ? timeout_ms_from_nt(get<int64_t>(timeout.addr)) : kInfinite;
  uint32_t r = wait_for_object(p, h.addr, ms);
  return r == 0xffffffffu ? STATUS_INVALID_HANDLE : r;
}

}  // namespace

const std::vector<Export>& ntdll_file_exports();
const std::vector<Export>& ntdll_wait_packet_exports();
const std::vector<Export>& ntdll_keyed_event_exports();
const std::vector<Export>& ntdll_system_info_exports();
const std::vector<Export>& ntdll_object_exports();   // ntdll/objects.cpp
const std::vector<Export>& ntdll_crt_exports();      // ntdll/crt.cpp

static std::vector<Export> ntdll_exports() {
  std::vector<Export> e = {
      EXPORT("RtlNtStatusToDosError", RtlNtStatusToDosError),
      EXPORT("RtlZeroMemory", RtlZeroMemory),
      EXPORT("NtWriteFile", NtWriteFile),
      EXPORT("NtReadFile", NtReadFile),
      EXPORT("RtlGetVersion", RtlGetVersion),
      EXPORT("RtlVerifyVersionInfo", RtlVerifyVersionInfo),
      EXPORT("VerSetConditionMask", VerSetConditionMask),
      EXPORT("RtlImageNtHeader", RtlImageNtHeader),
      EXPORT("RtlImageRvaToSection", RtlImageRvaToSection),
      EXPORT("RtlAddressInSectionTable", RtlAddressInSectionTable),
      EXPORT("RtlGetNtVersionNumbers", RtlGetNtVersionNumbers),
      EXPORT("RtlGetCurrentPeb", RtlGetCurrentPeb),
      EXPORT("NtWaitForSingleObject", NtWaitForSingleObject),
  };
  const auto& seh = seh_ntdll_exports();
  e.insert(e.end(), seh.begin(), seh.end());
  const auto& exceptions = ntdll_exception_exports();
  e.insert(e.end(), exceptions.begin(), exceptions.end());
  const auto& files = ntdll_file_exports();  // NtCreateFile … (kernel32/nt_files.cpp), with CreateFile's
  e.insert(e.end(), files.begin(), files.end());
  const auto& heaps = ntdll_heap_exports();  // RtlAllocateHeap …, with HeapAlloc's
  e.insert(e.end(), heaps.begin(), heaps.end());
  for (const auto* more : {&ntdll_wait_packet_exports(), &ntdll_keyed_event_exports(), &ntdll_system_info_exports(),
                           &ntdll_virtual_exports(), &ntdll_cancel_exports(), &ntdll_module_exports(),
                           &ntdll_pipe_exports(), &ntdll_object_exports(), &ntdll_crt_exports(),
                           &ntdll_loader_exports()}) e.insert(e.end(), more->begin(), more->end());
  return e;
}

const Dll kNtdll{"ntdll.dll", false, ntdll_exports()};

}  // namespace polyrun::shims
