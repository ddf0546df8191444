// KERNEL32.dll's process status functions of the system beyond the process's modules (psapi.cpp has
// those): the image file of a process and the file mapped at an address as NT paths
// (K32GetProcessImageFileName, K32GetMappedFileName), the kernel's drivers (the host's kernel and
// its modules, without their addresses, as an unprivileged process sees them), the paging files
// (the host's swap areas), and EmptyWorkingSet. PSAPI.dll exports them without the "K32".
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shims/core/dos_devices.h"
#include "shims/core/guest_memory.h"
#include "shims/core/path_mapping.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

// STATUS_INVALID_ADDRESS as a Win32 error: what GetMappedFileName reports for memory that maps no file.
constexpr uint32_t kErrorUnexpNetErr = 59;

// The host process a handle names: this one, or another (a child, one opened): 0 if none.
uint32_t process_of(WindowsProcess& p, uint64_t h) {
  if (p.is_current_process(h)) return static_cast<uint32_t>(::getpid());
  Waitable* w = waitable_of_kind(p, h, Waitable::Kind::Process);
  return w ? w->id : 0;
}

// An NT path into a caller's buffer of `size` characters as PSAPI copies it: as much as fits, always
// NUL-ended (ERROR_INSUFFICIENT_BUFFER where the name was cut); the characters copied.
uint32_t store_cut(WindowsProcess& p, const std::u16string& name, Ptr buf, uint32_t size, bool wide) {
  if (size == 0) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (wide) {
    const size_t n = std::min<size_t>(name.size(), size - 1);
    std::memcpy(buf.as<char16_t>(), name.data(), n * 2);
    buf.as<char16_t>()[n] = 0;
    if (name.size() >= size) p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return static_cast<uint32_t>(n);
  }
  const std::string a = utf16_to_ansi(name);  // the A forms': the ANSI code page
  const size_t n = std::min<size_t>(a.size(), size - 1);
  std::memcpy(buf.as<char>(), a.data(), n);
  buf.as<char>()[n] = 0;
  if (a.size() >= size) p.set_last_error(ERROR_INSUFFICIENT_BUFFER);
  return static_cast<uint32_t>(n);
}

// The NT path of a Windows path (its drive's device), or the path itself where it has no drive.
std::u16string nt_path(const std::string& windows_path) {
  const std::u16string w = utf8_to_utf16(windows_path);
  std::u16string nt = nt_path_of_dos_path(w);
  return nt.empty() ? w : nt;
}

// The process's image file: this process's program, another's executable.
uint32_t process_image_file_name(WindowsProcess& p, Ptr process, Ptr buf, uint32_t size, bool wide) {
  const uint32_t pid = process_of(p, process.addr);
  if (!pid) return fail(p, ERROR_INVALID_HANDLE);
  std::string path;
  if (pid == static_cast<uint32_t>(::getpid())) {
    path = p.exe_path;
  } else {
    char target[4096];
    const ssize_t n = ::readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), target, sizeof target - 1);
    if (n <= 0) return fail(p, ERROR_ACCESS_DENIED);
    target[n] = 0;
    path = host_to_windows_path(target);
  }
  const std::u16string nt = nt_path(path);
  if (nt.size() + 1 > size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  return store_cut(p, nt, buf, size, wide);
}
uint32_t K32GetProcessImageFileNameA(WindowsProcess& p, Ptr process, Ptr buf, uint32_t size) {
  return process_image_file_name(p, process, buf, size, false);
}
uint32_t K32GetProcessImageFileNameW(WindowsProcess& p, Ptr process, Ptr buf, uint32_t size) {
  return process_image_file_name(p, process, buf, size, true);
}

// The file mapped at an address: a module's image, or a file view (the host's mapping of it, in
// /proc/PID/maps); memory that maps no file is NtQueryVirtualMemory's STATUS_INVALID_ADDRESS,
// ERROR_UNEXP_NET_ERR.
uint32_t mapped_file_name(WindowsProcess& p, Ptr process, Ptr addr, Ptr buf, uint32_t size, bool wide) {
  if (size && !buf) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t pid = process_of(p, process.addr);
  if (!pid) return fail(p, ERROR_INVALID_HANDLE);
  std::string path;
  if (pid == static_cast<uint32_t>(::getpid())) {
    for (const ModuleEntry& m : process_modules(p))
      if (addr.addr >= m.base && addr.addr < m.base + m.size && !m.windows_path.empty()) path = m.windows_path;
  }
  if (path.empty()) {
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    if (!maps) return fail(p, ERROR_ACCESS_DENIED);
    std::string line;
    while (std::getline(maps, line)) {
      unsigned long long start = 0, end = 0;
      int name_at = 0;
      if (std::sscanf(line.c_str(), "%llx-%llx %*s %*s %*s %*s %n", &start, &end, &name_at) < 2) continue;
      if (addr.addr < start || addr.addr >= end) continue;
      const std::string file = line.substr(static_cast<size_t>(name_at));
      if (!file.empty() && file[0] == '/' && file.find(" (deleted)") == std::string::npos &&
          file.rfind("/memfd:", 0) != 0 && file.rfind("/dev/", 0) != 0)
        path = host_to_windows_path(file);
      break;
    }
  }
  if (path.empty()) return fail(p, kErrorUnexpNetErr);
  return store_cut(p, nt_path(path), buf, size, wide);
}
uint32_t K32GetMappedFileNameA(WindowsProcess& p, Ptr process, Ptr addr, Ptr buf, uint32_t size) {
  return mapped_file_name(p, process, addr, buf, size, false);
}
uint32_t K32GetMappedFileNameW(WindowsProcess& p, Ptr process, Ptr addr, Ptr buf, uint32_t size) {
  return mapped_file_name(p, process, addr, buf, size, true);
}

// ---- drivers ----

// The kernel and each module it has loaded (/proc/modules), by name. Their addresses are not the
// process's to know: Windows 11 (24H2) gives a caller without SeDebugPrivilege a null address for
// each driver (EnumDeviceDrivers' page), as Linux gives an unprivileged reader zeros.
std::vector<std::string> drivers() {
  std::vector<std::string> names = {"ntoskrnl.exe"};
  std::ifstream modules("/proc/modules");
  std::string line;
  while (std::getline(modules, line)) names.push_back(line.substr(0, line.find(' ')) + ".ko");
  return names;
}
BOOL K32EnumDeviceDrivers(WindowsProcess& p, Ptr bases, uint32_t bytes, Ptr needed) {
  const size_t n = drivers().size();
  const unsigned w = p.isa->ptr;
  for (size_t i = 0; i < n && (i + 1) * w <= bytes; ++i) p.put_ptr(bases.addr + i * w, 0);
  put<uint32_t>(needed.addr, static_cast<uint32_t>(n * w));
  return TRUE;
}
// A driver is named by its address, which no caller here has: no address names one
// (ERROR_INVALID_PARAMETER, what Windows answers for an address no driver is loaded at).
uint32_t driver_name(WindowsProcess& p, Ptr buf, uint32_t size, bool wide) {
  if (buf && size) {
    if (wide) buf.as<char16_t>()[0] = 0;
    else buf.as<char>()[0] = 0;
  }
  return fail(p, ERROR_INVALID_PARAMETER);
}
uint32_t K32GetDeviceDriverBaseNameA(WindowsProcess& p, Ptr, Ptr buf, uint32_t size) { return driver_name(p, buf, size, false); }
uint32_t K32GetDeviceDriverBaseNameW(WindowsProcess& p, Ptr, Ptr buf, uint32_t size) { return driver_name(p, buf, size, true); }
uint32_t K32GetDeviceDriverFileNameA(WindowsProcess& p, Ptr, Ptr buf, uint32_t size) { return driver_name(p, buf, size, false); }
uint32_t K32GetDeviceDriverFileNameW(WindowsProcess& p, Ptr, Ptr buf, uint32_t size) { return driver_name(p, buf, size, true); }

// ---- paging files ----

// Each swap area of the host's (/proc/swaps: its file, size and use in KiB), to the program's
// callback: BOOL callback(context, ENUM_PAGE_FILE_INFORMATION*, file name); FALSE from it ends the
// walk. ENUM_PAGE_FILE_INFORMATION: cb, Reserved (DWORDs), TotalSize, TotalInUse, PeakUsage (pages,
// SIZE_Ts; Linux keeps no peak: the use now).
BOOL enum_page_files(WindowsProcess& p, Ptr callback, Ptr context, bool wide) {
  std::ifstream swaps("/proc/swaps");
  std::string line;
  std::getline(swaps, line);  // the header
  const unsigned w = p.isa->ptr;
  const uint64_t info_size = 8 + 3 * w;
  while (std::getline(swaps, line)) {
    std::istringstream fields(line);
    std::string file, type;
    uint64_t size_kib = 0, used_kib = 0;
    if (!(fields >> file >> type >> size_kib >> used_kib)) continue;
    const std::u16string name = utf8_to_utf16("\\??\\" + host_to_windows_path(file));
    const std::string narrow = utf16_to_ansi(name);
    const uint64_t name_bytes = wide ? (name.size() + 1) * 2 : narrow.size() + 1;
    const uint64_t block = p.heap.alloc(info_size + name_bytes, true);
    if (!block) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
    put<uint32_t>(block, static_cast<uint32_t>(info_size));
    p.put_ptr(block + 8, size_kib / 4);
    p.put_ptr(block + 8 + w, used_kib / 4);
    p.put_ptr(block + 8 + 2 * w, used_kib / 4);
    if (wide) std::memcpy(reinterpret_cast<void*>(block + info_size), name.c_str(), name_bytes);
    else std::memcpy(reinterpret_cast<void*>(block + info_size), narrow.c_str(), name_bytes);
    const uint64_t go_on = p.call_guest(callback.addr, {context.addr, block, block + info_size}) & 0xffffffffu;
    p.heap.free(block);
    if (!go_on) break;
  }
  return TRUE;
}
BOOL K32EnumPageFilesA(WindowsProcess& p, Ptr callback, Ptr context) { return enum_page_files(p, callback, context, false); }
BOOL K32EnumPageFilesW(WindowsProcess& p, Ptr callback, Ptr context) { return enum_page_files(p, callback, context, true); }

// Another process's memory by its id (this process's or a child's: process_vm_readv), as
// ReadProcessMemory reads it; the bytes read in *done.
BOOL Toolhelp32ReadProcessMemory(WindowsProcess& p, uint32_t pid, Ptr base, Ptr buf, USize size, Ptr done) {
  struct iovec here {buf.as<void>(), size.v}, there{base.as<void>(), size.v};
  ssize_t n = size.v == 0 ? 0 : ::process_vm_readv(static_cast<pid_t>(pid), &here, 1, &there, 1, 0);
  const int err = errno;
  if (n < 0) n = 0;
  if (done) p.put_ptr(done.addr, static_cast<uint64_t>(n));
  if (static_cast<uint64_t>(n) != size.v)
    return fail(p, err == ESRCH ? uint32_t{ERROR_INVALID_PARAMETER} : err == EPERM ? uint32_t{ERROR_ACCESS_DENIED} : n ? 299u : 998u);
  return TRUE;
}

// Every page of the process may be trimmed: SetProcessWorkingSetSizeEx(process, -1, -1, 0), which
// asks nothing the host does not do anyway; a handle that names no process is refused.
BOOL K32EmptyWorkingSet(WindowsProcess& p, Ptr process) {
  if (!process_of(p, process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  return TRUE;
}

}  // namespace

const std::vector<Export>& kernel32_process_status_exports() {
  static const std::vector<Export> exports = {
      EXPORT("K32GetProcessImageFileNameA", K32GetProcessImageFileNameA),
      EXPORT("K32GetProcessImageFileNameW", K32GetProcessImageFileNameW),
      EXPORT("K32GetMappedFileNameA", K32GetMappedFileNameA),
      EXPORT("K32GetMappedFileNameW", K32GetMappedFileNameW),
      EXPORT("K32EnumDeviceDrivers", K32EnumDeviceDrivers),
      EXPORT("K32GetDeviceDriverBaseNameA", K32GetDeviceDriverBaseNameA),
      EXPORT("K32GetDeviceDriverBaseNameW", K32GetDeviceDriverBaseNameW),
      EXPORT("K32GetDeviceDriverFileNameA", K32GetDeviceDriverFileNameA),
      EXPORT("K32GetDeviceDriverFileNameW", K32GetDeviceDriverFileNameW),
      EXPORT("K32EnumPageFilesA", K32EnumPageFilesA),
      EXPORT("K32EnumPageFilesW", K32EnumPageFilesW),
      EXPORT("K32EmptyWorkingSet", K32EmptyWorkingSet),
      EXPORT("Toolhelp32ReadProcessMemory", Toolhelp32ReadProcessMemory),
  };
  return exports;
}

// PSAPI.dll's names of the same functions (kernel32/psapi.cpp's kPsapi).
const std::vector<Export>& psapi_process_status_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GetProcessImageFileNameA", K32GetProcessImageFileNameA),
      EXPORT("GetProcessImageFileNameW", K32GetProcessImageFileNameW),
      EXPORT("GetMappedFileNameA", K32GetMappedFileNameA),
      EXPORT("GetMappedFileNameW", K32GetMappedFileNameW),
      EXPORT("EnumDeviceDrivers", K32EnumDeviceDrivers),
      EXPORT("GetDeviceDriverBaseNameA", K32GetDeviceDriverBaseNameA),
      EXPORT("GetDeviceDriverBaseNameW", K32GetDeviceDriverBaseNameW),
      EXPORT("GetDeviceDriverFileNameA", K32GetDeviceDriverFileNameA),
      EXPORT("GetDeviceDriverFileNameW", K32GetDeviceDriverFileNameW),
      EXPORT("EnumPageFilesA", K32EnumPageFilesA),
      EXPORT("EnumPageFilesW", K32EnumPageFilesW),
      EXPORT("EmptyWorkingSet", K32EmptyWorkingSet),
  };
  return exports;
}

}  // namespace polyrun::shims
