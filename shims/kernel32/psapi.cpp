// KERNEL32.dll's process status functions (K32EnumProcessModules(Ex), K32GetModuleBaseName,
// K32GetModuleFileNameEx, K32GetModuleInformation, K32EnumProcesses, K32GetPerformanceInfo), another
// process's memory (ReadProcessMemory, WriteProcessMemory, VirtualQueryEx), and PSAPI.dll, which
// exports the same functions without the "K32" (as Windows' psapi.dll forwards them to KERNEL32).
// The modules are this process's (process_modules: the program, the built-in DLLs, the DLLs
// loaded from files); another process's Windows modules are not known here, and asking for them
// gives ERROR_ACCESS_DENIED. Memory is read and written with process_vm_readv/writev, this
// process's or a child's (whose guest addresses are its host addresses), so a bad address gives
// ERROR_NOACCESS (ERROR_PARTIAL_COPY when part was copied) as Windows does, never a fault.
#include <dirent.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "shims/kernel32/exports.h"
#include "shims/core/proc_stat.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

USize virtual_query(WindowsProcess& p, uint64_t addr, uint64_t info, uint64_t len);  // ntdll/virtual_pages.cpp
BOOL process_memory_info(WindowsProcess& p, Ptr process, Ptr counters, uint32_t size);  // kernel32/process.cpp

namespace {

constexpr uint32_t kErrorPartialCopy = 299, kErrorNoAccess = 998;

// The host process a handle names: this one, or another (a child, one opened): 0 if none.
int process_of(WindowsProcess& p, uint64_t h) {
  if (p.is_current_process(h)) return ::getpid();
  Waitable* w = waitable_of_kind(p, h, Waitable::Kind::Process);
  return w ? static_cast<int>(w->id) : 0;
}
bool own_process_handle(WindowsProcess& p, uint64_t h) { return process_of(p, h) == ::getpid(); }

// The module a handle names (NULL: the program).
const ModuleEntry* find_module(const std::vector<ModuleEntry>& modules, uint64_t handle) {
  if (!handle) return &modules.front();
  for (const ModuleEntry& m : modules)
    if (m.base == handle) return &m;
  return nullptr;
}

BOOL enum_modules(WindowsProcess& p, Ptr process, Ptr out, uint32_t bytes, Ptr needed) {
  if (!process_of(p, process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!own_process_handle(p, process.addr)) return fail(p, ERROR_ACCESS_DENIED);
  const std::vector<ModuleEntry> modules = process_modules(p);
  const unsigned w = p.isa->ptr;
  for (size_t i = 0; i < modules.size() && (i + 1) * w <= bytes; ++i) p.put_ptr(out.addr + i * w, modules[i].base);
  put<uint32_t>(needed.addr, static_cast<uint32_t>(modules.size() * w));
  return TRUE;
}
BOOL K32EnumProcessModules(WindowsProcess& p, Ptr process, Ptr out, uint32_t bytes, Ptr needed) {
  return enum_modules(p, process, out, bytes, needed);
}
// LIST_MODULES_DEFAULT 0, _32BIT 1, _64BIT 2, _ALL 3: a process has modules of its own width only.
BOOL K32EnumProcessModulesEx(WindowsProcess& p, Ptr process, Ptr out, uint32_t bytes, Ptr needed, uint32_t filter) {
  if (filter > 3) return fail(p, ERROR_INVALID_PARAMETER);
  return enum_modules(p, process, out, bytes, needed);
}

// The module's path, or its base name: copied up to the buffer's size (the NUL when it fits); the
// number of characters copied.
template <typename C>
uint32_t module_name(WindowsProcess& p, Ptr process, Ptr module, Ptr buf, uint32_t size, bool base_only) {
  if (!process_of(p, process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!own_process_handle(p, process.addr)) return fail(p, ERROR_ACCESS_DENIED);
  if (size == 0) return fail(p, ERROR_INVALID_PARAMETER);
  const std::vector<ModuleEntry> modules = process_modules(p);
  const ModuleEntry* m = find_module(modules, module.addr);
  if (!m) return fail(p, ERROR_INVALID_HANDLE);
  std::string name = m->windows_path;
  if (base_only) name = name.substr(name.find_last_of("\\/") + 1);
  if constexpr (sizeof(C) == 2) {
    const std::u16string w = utf8_to_utf16(name);
    const size_t n = std::min<size_t>(w.size(), size);
    std::memcpy(buf.as<char16_t>(), w.data(), n * 2);
    if (n < size) buf.as<char16_t>()[n] = 0;
    return static_cast<uint32_t>(n);
  } else {
    name = utf8_to_ansi(name);  // the A forms': the ANSI code page
    const size_t n = std::min<size_t>(name.size(), size);
    std::memcpy(buf.as<char>(), name.data(), n);
    if (n < size) buf.as<char>()[n] = 0;
    return static_cast<uint32_t>(n);
  }
}
uint32_t K32GetModuleBaseNameA(WindowsProcess& p, Ptr h, Ptr m, Ptr buf, uint32_t size) { return module_name<char>(p, h, m, buf, size, true); }
uint32_t K32GetModuleBaseNameW(WindowsProcess& p, Ptr h, Ptr m, Ptr buf, uint32_t size) { return module_name<char16_t>(p, h, m, buf, size, true); }
uint32_t K32GetModuleFileNameExA(WindowsProcess& p, Ptr h, Ptr m, Ptr buf, uint32_t size) { return module_name<char>(p, h, m, buf, size, false); }
uint32_t K32GetModuleFileNameExW(WindowsProcess& p, Ptr h, Ptr m, Ptr buf, uint32_t size) { return module_name<char16_t>(p, h, m, buf, size, false); }

// MODULEINFO: lpBaseOfDll, SizeOfImage (a DWORD), EntryPoint.
BOOL K32GetModuleInformation(WindowsProcess& p, Ptr process, Ptr module, Ptr info, uint32_t size) {
  if (!process_of(p, process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!own_process_handle(p, process.addr)) return fail(p, ERROR_ACCESS_DENIED);
  const unsigned w = p.isa->ptr;
  if (size < 3 * w) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  const std::vector<ModuleEntry> modules = process_modules(p);
  const ModuleEntry* m = find_module(modules, module.addr);
  if (!m) return fail(p, ERROR_INVALID_HANDLE);
  p.put_ptr(info.addr, m->base);
  p.put_ptr(info.addr + w, 0);
  put<uint32_t>(info.addr + w, static_cast<uint32_t>(m->size));
  p.put_ptr(info.addr + 2 * w, m->entry);
  return TRUE;
}

// The host's processes (every pid under /proc) and their threads.
std::vector<uint32_t> host_processes() {
  std::vector<uint32_t> pids;
  if (DIR* d = ::opendir("/proc")) {
    while (struct dirent* e = ::readdir(d)) {
      char* end = nullptr;
      const unsigned long pid = std::strtoul(e->d_name, &end, 10);
      if (!*end && pid) pids.push_back(static_cast<uint32_t>(pid));
    }
    ::closedir(d);
  }
  return pids;
}
uint64_t thread_count(uint32_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Threads:", 0) == 0) return std::strtoull(line.c_str() + 8, nullptr, 10);
  return 0;
}

// The ids that fit; *needed is the bytes written (Windows gives no sign of a buffer too small).
BOOL K32EnumProcesses(WindowsProcess&, Ptr out, uint32_t bytes, Ptr needed) {
  std::vector<uint32_t> pids = host_processes();
  std::sort(pids.begin(), pids.end());
  const size_t n = std::min<size_t>(pids.size(), bytes / 4);
  std::memcpy(out.as<uint32_t>(), pids.data(), n * 4);
  put<uint32_t>(needed.addr, static_cast<uint32_t>(n * 4));
  return TRUE;
}

// PERFORMANCE_INFORMATION: cb, then CommitTotal, CommitLimit, CommitPeak, PhysicalTotal,
// PhysicalAvailable, SystemCache, KernelTotal, KernelPaged, KernelNonpaged (pages, SIZE_Ts),
// PageSize, then HandleCount, ProcessCount, ThreadCount (DWORDs). From /proc/meminfo: the commit
// charge is Committed_AS (Linux keeps no peak: the peak given is the charge now), its limit the
// memory and swap together; the kernel's memory is its slab (reclaimable as paged); the handles
// are the host's open files.
BOOL K32GetPerformanceInfo(WindowsProcess& p, Ptr info, uint32_t size) {
  const unsigned w = p.isa->ptr;
  const uint32_t need = w == 8 ? 104 : 56;
  if (size != need) return fail(p, ERROR_BAD_LENGTH);
  std::map<std::string, uint64_t> kib = proc_fields("/proc/meminfo");
  const uint64_t page = 4096, per = page / 1024;
  const uint64_t pages[10] = {kib["Committed_AS"] / per, (kib["MemTotal"] + kib["SwapTotal"]) / per,
                              kib["Committed_AS"] / per, kib["MemTotal"] / per, kib["MemAvailable"] / per,
                              kib["Cached"] / per, kib["Slab"] / per, kib["SReclaimable"] / per,
                              kib["SUnreclaim"] / per, page};
  std::memset(info.as<void>(), 0, need);
  put<uint32_t>(info.addr, need);
  const uint64_t first = w == 8 ? 8 : 4;
  for (int i = 0; i < 10; ++i) p.put_ptr(info.addr + first + i * w, pages[i]);
  uint64_t files = 0;
  std::ifstream("/proc/sys/fs/file-nr") >> files;
  const std::vector<uint32_t> pids = host_processes();
  uint64_t threads = 0;
  for (uint32_t pid : pids) threads += thread_count(pid);
  const uint64_t counts = first + 10 * w;
  put<uint32_t>(info.addr + counts, static_cast<uint32_t>(files));
  put<uint32_t>(info.addr + counts + 4, static_cast<uint32_t>(pids.size()));
  put<uint32_t>(info.addr + counts + 8, static_cast<uint32_t>(threads));
  return TRUE;
}

// ---- another process's memory ----

BOOL transfer(WindowsProcess& p, Ptr process, uint64_t remote, uint64_t local, uint64_t size, Ptr done, bool write) {
  const int pid = process_of(p, process.addr);
  if (!pid) return fail(p, ERROR_INVALID_HANDLE);
  struct iovec here {reinterpret_cast<void*>(local), size}, there{reinterpret_cast<void*>(remote), size};
  ssize_t n = size == 0 ? 0 : write ? ::process_vm_writev(pid, &here, 1, &there, 1, 0) : ::process_vm_readv(pid, &here, 1, &there, 1, 0);
  if (n < 0) n = 0;
  if (done) p.put_ptr(done.addr, static_cast<uint64_t>(n));
  // Nothing there: ERROR_NOACCESS; a part of it: ERROR_PARTIAL_COPY.
  if (static_cast<uint64_t>(n) != size)
    return fail(p, errno == EPERM ? uint32_t{ERROR_ACCESS_DENIED} : n == 0 ? kErrorNoAccess : kErrorPartialCopy);
  return TRUE;
}
BOOL ReadProcessMemory(WindowsProcess& p, Ptr process, Ptr from, Ptr to, USize size, Ptr done) {
  return transfer(p, process, from.addr, to.addr, size, done, false);
}
BOOL WriteProcessMemory(WindowsProcess& p, Ptr process, Ptr to, Ptr from, USize size, Ptr done) {
  return transfer(p, process, to.addr, from.addr, size, done, true);
}

// VirtualQueryEx: this process's memory as VirtualQuery tells it; another's from its
// /proc/PID/maps (a mapped file's pages MEM_MAPPED, others MEM_PRIVATE; the gaps MEM_FREE).
USize VirtualQueryEx(WindowsProcess& p, Ptr process, Ptr addr, Ptr info, USize len) {
  const int pid = process_of(p, process.addr);
  if (!pid) return USize(fail(p, ERROR_INVALID_HANDLE));
  if (pid == ::getpid()) return virtual_query(p, addr.addr, info.addr, len);
  const unsigned w = p.isa->ptr;
  const uint64_t size = w == 8 ? 48 : 28;
  const uint64_t o_alloc = w, o_aprot = 2 * w, o_region = w == 8 ? 0x18 : 12, o_state = o_region + w;
  if (len < size) return USize(fail(p, ERROR_BAD_LENGTH));
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  if (!maps) return USize(fail(p, ERROR_ACCESS_DENIED));
  const uint64_t at = addr.addr & ~uint64_t{0xfff};
  uint64_t gap_start = 0, gap_end = p.isa->limit;
  std::string line;
  while (std::getline(maps, line)) {
    unsigned long long start = 0, end = 0, offset = 0, inode = 0;
    char perms[5] = {};
    char dev[16] = {};
    if (std::sscanf(line.c_str(), "%llx-%llx %4s %llx %15s %llu", &start, &end, perms, &offset, dev, &inode) < 6) continue;
    if (end <= at) {
      gap_start = end;
      continue;
    }
    if (start > at) {
      gap_end = start;
      break;
    }
    const bool r = perms[0] == 'r', wr = perms[1] == 'w', x = perms[2] == 'x';
    const uint32_t prot = !r && !wr && !x ? 0x01 : x ? (wr ? 0x40 : r ? 0x20 : 0x10) : wr ? 0x04 : 0x02;
    std::memset(info.as<void>(), 0, size);
    p.put_ptr(info.addr, at);
    p.put_ptr(info.addr + o_alloc, start);
    put<uint32_t>(info.addr + o_aprot, prot);
    p.put_ptr(info.addr + o_region, end - at);
    put<uint32_t>(info.addr + o_state, 0x1000);  // MEM_COMMIT
    put<uint32_t>(info.addr + o_state + 4, prot);
    put<uint32_t>(info.addr + o_state + 8, inode ? 0x40000 : 0x20000);  // MEM_MAPPED / MEM_PRIVATE
    return size;
  }
  std::memset(info.as<void>(), 0, size);
  p.put_ptr(info.addr, at);
  p.put_ptr(info.addr + o_region, (gap_end > at ? gap_end : at + 0x1000) - at);
  put<uint32_t>(info.addr + o_state, 0x10000);  // MEM_FREE
  put<uint32_t>(info.addr + o_state + 4, 0x01);  // PAGE_NOACCESS
  (void)gap_start;
  return size;
}

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_psapi_exports() {
  static const std::vector<Export> exports = {
      EXPORT("K32EnumProcessModules", K32EnumProcessModules),
      EXPORT("K32EnumProcessModulesEx", K32EnumProcessModulesEx),
      EXPORT("K32GetModuleBaseNameA", K32GetModuleBaseNameA),
      EXPORT("K32GetModuleBaseNameW", K32GetModuleBaseNameW),
      EXPORT("K32GetModuleFileNameExA", K32GetModuleFileNameExA),
      EXPORT("K32GetModuleFileNameExW", K32GetModuleFileNameExW),
      EXPORT("K32GetModuleInformation", K32GetModuleInformation),
      EXPORT("K32EnumProcesses", K32EnumProcesses),
      EXPORT("K32GetPerformanceInfo", K32GetPerformanceInfo),
      EXPORT("ReadProcessMemory", ReadProcessMemory),
      EXPORT("WriteProcessMemory", WriteProcessMemory),
      EXPORT("VirtualQueryEx", VirtualQueryEx),
  };
  return exports;
}

const std::vector<Export>& psapi_process_status_exports();  // kernel32/process_status.cpp
const std::vector<Export>& psapi_working_set_exports();     // kernel32/page_io.cpp

// PSAPI.dll: the same functions under their PSAPI names.
static std::vector<Export> psapi_exports() {
  std::vector<Export> all = {
      EXPORT("EnumProcessModules", K32EnumProcessModules),
      EXPORT("EnumProcessModulesEx", K32EnumProcessModulesEx),
      EXPORT("GetModuleBaseNameA", K32GetModuleBaseNameA),
      EXPORT("GetModuleBaseNameW", K32GetModuleBaseNameW),
      EXPORT("GetModuleFileNameExA", K32GetModuleFileNameExA),
      EXPORT("GetModuleFileNameExW", K32GetModuleFileNameExW),
      EXPORT("GetModuleInformation", K32GetModuleInformation),
      EXPORT("EnumProcesses", K32EnumProcesses),
      EXPORT("GetPerformanceInfo", K32GetPerformanceInfo),
      EXPORT("GetProcessMemoryInfo", process_memory_info),
  };
  for (const auto* more : {&psapi_process_status_exports(), &psapi_working_set_exports()})
    all.insert(all.end(), more->begin(), more->end());
  return all;
}
const Dll kPsapi{"psapi.dll", false, psapi_exports()};

}  // namespace polyrun::shims
