// KERNEL32.dll, Tool Help snapshots (CreateToolhelp32Snapshot, Process32First/Next,
// Thread32First/Next, Module32First/Next): the processes and threads are the host's, read from
// /proc, each process named by its executable (the running program by its own name, not
// polyrun's); the modules are this process's (process_modules). Another process's modules are
// not known here: a module snapshot of one fails with ERROR_ACCESS_DENIED. The heaps
// (TH32CS_SNAPHEAPLIST: Heap32ListFirst/Next) are this process's too (another's: none listed),
// and Heap32First/Next walk a heap of this process block by block, as HeapWalk does, at the time
// of the call (the snapshot keeps which heaps there were, not their blocks).
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "shims/core/guest_heap.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_modules.h"
#include "shims/ntdll/heap.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t TH32CS_SNAPHEAPLIST = 0x1, TH32CS_SNAPPROCESS = 0x2, TH32CS_SNAPTHREAD = 0x4, TH32CS_SNAPMODULE = 0x8, TH32CS_SNAPMODULE32 = 0x10;

struct ThreadEntry {
  uint32_t tid, pid;
};

struct ProcessEntry {
  uint32_t pid, ppid, threads;
  std::string name;
};
struct Snapshot {
  std::vector<ProcessEntry> processes;
  std::vector<ThreadEntry> threads;
  std::vector<ModuleEntry> modules;
  uint32_t module_owner = 0;
  std::vector<uint64_t> heaps;  // the process heap first
  uint32_t heap_owner = 0;
  size_t next = 0, next_thread = 0, next_module = 0, next_heap = 0;
};

// /proc/PID/stat: "pid (comm) state ppid …"; /proc/PID/status has Threads.
bool read_process(uint32_t pid, ProcessEntry& e) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  size_t open = line.find('('), close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos) return false;
  std::istringstream rest(line.substr(close + 2));
  char state;
  rest >> state >> e.ppid;
  e.pid = pid;
  e.name = line.substr(open + 1, close - open - 1);
  char exe[PATH_MAX];
  ssize_t n = ::readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    const char* base = std::strrchr(exe, '/');
    e.name = base ? base + 1 : exe;
  }
  e.threads = 1;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  while (std::getline(status, line))
    if (line.rfind("Threads:", 0) == 0) e.threads = static_cast<uint32_t>(std::strtoul(line.c_str() + 8, nullptr, 10));
  return true;
}

Ptr CreateToolhelp32Snapshot(WindowsProcess& p, uint32_t flags, uint32_t pid) {
  const uint64_t invalid = ~0ull;  // INVALID_HANDLE_VALUE
  const uint32_t self = static_cast<uint32_t>(::getpid());
  if (!(flags & (TH32CS_SNAPHEAPLIST | TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD | TH32CS_SNAPMODULE |
                 TH32CS_SNAPMODULE32)))
    return Ptr((fail(p, ERROR_INVALID_PARAMETER), invalid));
  auto snap = std::make_shared<Snapshot>();
  if ((flags & TH32CS_SNAPHEAPLIST) && (pid == 0 || pid == self)) {
    const uint32_t n = ntdll_heap::RtlGetProcessHeaps(p, 0, Ptr(0));
    std::vector<uint64_t> handles(n + 8);
    const uint32_t got = ntdll_heap::RtlGetProcessHeaps(p, static_cast<uint32_t>(handles.size()),
                                                        Ptr(reinterpret_cast<uint64_t>(handles.data())));
    const unsigned w = p.isa->ptr;
    for (uint32_t i = 0; i < std::min<uint32_t>(got, static_cast<uint32_t>(handles.size())); ++i)
      snap->heaps.push_back(w == 8 ? handles[i] : reinterpret_cast<const uint32_t*>(handles.data())[i]);
    snap->heap_owner = self;
  }
  if (flags & (TH32CS_SNAPMODULE | TH32CS_SNAPMODULE32)) {
    if (pid != 0 && pid != self) return Ptr((fail(p, ERROR_ACCESS_DENIED), invalid));
    snap->modules = process_modules(p);
    snap->module_owner = self;
  }
  if (flags & (TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD)) {
    DIR* d = ::opendir("/proc");
    if (!d) return Ptr((fail(p, ERROR_ACCESS_DENIED), invalid));
    while (struct dirent* e = ::readdir(d)) {
      char* end = nullptr;
      unsigned long id = std::strtoul(e->d_name, &end, 10);
      ProcessEntry entry;
      if (*end || id == 0 || !read_process(static_cast<uint32_t>(id), entry)) continue;
      if (entry.pid == self) {
        const std::string& exe = p.exe_path;  // the program, as Windows names it
        entry.name = exe.substr(exe.find_last_of("\\/") + 1);
      }
      if (flags & TH32CS_SNAPPROCESS) snap->processes.push_back(entry);
      if (flags & TH32CS_SNAPTHREAD) {
        if (DIR* t = ::opendir(("/proc/" + std::to_string(id) + "/task").c_str())) {
          while (struct dirent* te = ::readdir(t)) {
            unsigned long tid = std::strtoul(te->d_name, &end, 10);
            if (!*end && tid) snap->threads.push_back({static_cast<uint32_t>(tid), entry.pid});
          }
          ::closedir(t);
        }
      }
    }
    ::closedir(d);
  }
  std::sort(snap->processes.begin(), snap->processes.end(),
            [](const ProcessEntry& a, const ProcessEntry& b) { return a.pid < b.pid; });
  std::sort(snap->threads.begin(), snap->threads.end(),
            [](const ThreadEntry& a, const ThreadEntry& b) { return a.pid != b.pid ? a.pid < b.pid : a.tid < b.tid; });
  uint64_t h = p.next_handle;
  p.next_handle += 4;
  p.snapshots[h] = snap;
  return Ptr(h);
}

// PROCESSENTRY32(W): size, usage, pid, default heap id (pointer-sized), module id, threads,
// parent pid, base priority, flags, then the executable's name (260 characters).
BOOL process_entry(WindowsProcess& p, Ptr h, Ptr out, bool first, bool wide) {
  auto it = p.snapshots.find(h.addr);
  if (it == p.snapshots.end()) return fail(p, ERROR_INVALID_HANDLE);
  auto& snap = *std::static_pointer_cast<Snapshot>(it->second);
  const bool x64 = p.isa->ptr == 8;
  const uint64_t fields = x64 ? 44 : 36, size = fields + (wide ? 520 : 260) + (x64 ? 4 : 0);
  if (get<uint32_t>(out.addr) < size - (x64 ? 4 : 0)) return fail(p, 24);  // ERROR_BAD_LENGTH
  if (first) snap.next = 0;
  if (snap.next >= snap.processes.size()) return fail(p, ERROR_NO_MORE_FILES);
  const ProcessEntry& e = snap.processes[snap.next++];
  uint32_t declared = get<uint32_t>(out.addr);
  std::memset(guest_pointer(out.addr + 4), 0, fields - 4 + (wide ? 520 : 260));
  put<uint32_t>(out.addr + 8, e.pid);
  const uint64_t after_heap = x64 ? 24 : 16;
  put<uint32_t>(out.addr + after_heap + 4, e.threads);
  put<uint32_t>(out.addr + after_heap + 8, e.ppid);
  put<int32_t>(out.addr + after_heap + 12, 8);  // NORMAL_PRIORITY_CLASS's base priority
  if (wide) {
    std::u16string n = utf8_to_utf16(e.name).substr(0, 259);
    std::memcpy(guest_pointer(out.addr + fields), n.c_str(), (n.size() + 1) * 2);
  } else {
    std::string n = utf8_to_ansi(e.name).substr(0, 259);  // the A form's: the ANSI code page
    std::memcpy(guest_pointer(out.addr + fields), n.c_str(), n.size() + 1);
  }
  put<uint32_t>(out.addr, declared);
  return TRUE;
}
Snapshot* snapshot(WindowsProcess& p, Ptr h) {
  auto it = p.snapshots.find(h.addr);
  return it == p.snapshots.end() ? nullptr : std::static_pointer_cast<Snapshot>(it->second).get();
}

// THREADENTRY32: dwSize, cntUsage, th32ThreadID, th32OwnerProcessID, tpBasePri, tpDeltaPri,
// dwFlags (28 bytes).
BOOL thread_entry(WindowsProcess& p, Ptr h, Ptr out, bool first) {
  Snapshot* snap = snapshot(p, h);
  if (!snap) return fail(p, ERROR_INVALID_HANDLE);
  if (get<uint32_t>(out.addr) < 28) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (first) snap->next_thread = 0;
  if (snap->next_thread >= snap->threads.size()) return fail(p, ERROR_NO_MORE_FILES);
  const ThreadEntry& e = snap->threads[snap->next_thread++];
  const uint32_t v[6] = {0, e.tid, e.pid, 8, 0, 0};  // NORMAL_PRIORITY_CLASS's base priority, no delta
  std::memcpy(guest_pointer(out.addr + 4), v, sizeof v);
  return TRUE;
}
BOOL Thread32First(WindowsProcess& p, Ptr h, Ptr out) { return thread_entry(p, h, out, true); }
BOOL Thread32Next(WindowsProcess& p, Ptr h, Ptr out) { return thread_entry(p, h, out, false); }

// MODULEENTRY32(W): dwSize, th32ModuleID (1), th32ProcessID, GlblcntUsage, ProccntUsage
// (0xFFFF for a module loaded at start-up, as Windows shows), modBaseAddr, modBaseSize, hModule,
// szModule (256 characters), szExePath (260).
BOOL module_entry(WindowsProcess& p, Ptr h, Ptr out, bool first, bool wide) {
  Snapshot* snap = snapshot(p, h);
  if (!snap) return fail(p, ERROR_INVALID_HANDLE);
  const unsigned w = p.isa->ptr;
  const uint64_t o_base = w == 8 ? 24 : 20, o_size = o_base + w, o_handle = w == 8 ? 40 : 28, o_name = o_handle + w;
  const uint64_t c = wide ? 2 : 1, size = o_name + (256 + 260) * c;
  if (get<uint32_t>(out.addr) < size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (first) snap->next_module = 0;
  if (snap->next_module >= snap->modules.size()) return fail(p, ERROR_NO_MORE_FILES);
  const ModuleEntry& m = snap->modules[snap->next_module++];
  std::memset(guest_pointer(out.addr + 4), 0, size - 4);
  const uint32_t ids[4] = {1, snap->module_owner, 0xffff, 0xffff};
  std::memcpy(guest_pointer(out.addr + 4), ids, sizeof ids);
  p.put_ptr(out.addr + o_base, m.base);
  put<uint32_t>(out.addr + o_size, static_cast<uint32_t>(m.size));
  p.put_ptr(out.addr + o_handle, m.base);
  const std::string base = m.windows_path.substr(m.windows_path.find_last_of("\\/") + 1);
  if (wide) {
    const std::u16string n = utf8_to_utf16(base).substr(0, 255), x = utf8_to_utf16(m.windows_path).substr(0, 259);
    std::memcpy(guest_pointer(out.addr + o_name), n.c_str(), (n.size() + 1) * 2);
    std::memcpy(guest_pointer(out.addr + o_name + 512), x.c_str(), (x.size() + 1) * 2);
  } else {
    const std::string n = utf8_to_ansi(base).substr(0, 255), x = utf8_to_ansi(m.windows_path).substr(0, 259);
    std::memcpy(guest_pointer(out.addr + o_name), n.c_str(), n.size() + 1);
    std::memcpy(guest_pointer(out.addr + o_name + 256), x.c_str(), x.size() + 1);
  }
  return TRUE;
}
BOOL Module32FirstW(WindowsProcess& p, Ptr h, Ptr out) { return module_entry(p, h, out, true, true); }
BOOL Module32NextW(WindowsProcess& p, Ptr h, Ptr out) { return module_entry(p, h, out, false, true); }
BOOL Module32First(WindowsProcess& p, Ptr h, Ptr out) { return module_entry(p, h, out, true, false); }
BOOL Module32Next(WindowsProcess& p, Ptr h, Ptr out) { return module_entry(p, h, out, false, false); }

// HEAPLIST32: dwSize (SIZE_T), th32ProcessID, th32HeapID (ULONG_PTR), dwFlags (HF32_DEFAULT for the
// process heap): 16 bytes on i386, 32 on x64.
BOOL heap_list(WindowsProcess& p, Ptr h, Ptr out, bool first) {
  Snapshot* snap = snapshot(p, h);
  if (!snap) return fail(p, ERROR_INVALID_HANDLE);
  const unsigned w = p.isa->ptr;
  const uint64_t size = 4 * w;
  if (!out || p.get_ptr(out.addr) < size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (first) snap->next_heap = 0;
  if (snap->next_heap >= snap->heaps.size()) return fail(p, ERROR_NO_MORE_FILES);
  const size_t i = snap->next_heap++;
  put<uint32_t>(out.addr + w, snap->heap_owner);
  p.put_ptr(out.addr + 2 * w, snap->heaps[i]);
  put<uint32_t>(out.addr + 3 * w, i == 0 ? 1 : 0);  // HF32_DEFAULT
  return TRUE;
}
BOOL Heap32ListFirst(WindowsProcess& p, Ptr h, Ptr out) { return heap_list(p, h, out, true); }
BOOL Heap32ListNext(WindowsProcess& p, Ptr h, Ptr out) { return heap_list(p, h, out, false); }

// HEAPENTRY32: dwSize, hHandle, dwAddress, dwBlockSize (pointer-sized each), dwFlags (LF32_FIXED 1,
// LF32_FREE 2), dwLockCount, dwResvd (here: where the walk stands, the block's region and entry
// flags), th32ProcessID, th32HeapID: 36 bytes on i386, 56 on x64. The blocks of the heap in the
// order HeapWalk gives them, regions and uncommitted ranges left out.
BOOL heap_block(WindowsProcess& p, Ptr out, bool first, uint32_t pid, uint64_t heap_id) {
  const unsigned w = p.isa->ptr;
  const uint64_t o_flags = 4 * w, o_pid = o_flags + 12, o_heap = w == 8 ? 48 : 32, size = o_heap + w;
  if (!out || p.get_ptr(out.addr) < size) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  if (!first) {
    pid = get<uint32_t>(out.addr + o_pid);
    heap_id = p.get_ptr(out.addr + o_heap);
  }
  GuestHeap* heap = pid == static_cast<uint32_t>(::getpid()) ? ntdll_heap::find_heap(p, heap_id) : nullptr;
  if (!heap) return fail(p, first ? ERROR_INVALID_PARAMETER : ERROR_NO_MORE_FILES);
  GuestHeap::Entry e;
  if (!first) {
    const uint32_t at = get<uint32_t>(out.addr + o_flags + 8);
    e.data = p.get_ptr(out.addr + 2 * w);
    e.region = static_cast<uint8_t>(at);
    e.flags = static_cast<uint16_t>(at >> 8);
  }
  do {
    if (!heap->next(e)) return fail(p, ERROR_NO_MORE_FILES);
  } while (e.flags & (kHeapEntryRegion | kHeapEntryUncommitted));
  p.put_ptr(out.addr + w, e.data);
  p.put_ptr(out.addr + 2 * w, e.data);
  p.put_ptr(out.addr + 3 * w, e.size);
  put<uint32_t>(out.addr + o_flags, (e.flags & kHeapEntryBusy) ? 1 : 2);
  put<uint32_t>(out.addr + o_flags + 4, 0);
  put<uint32_t>(out.addr + o_flags + 8, static_cast<uint32_t>(e.region) | static_cast<uint32_t>(e.flags) << 8);
  put<uint32_t>(out.addr + o_pid, pid);
  p.put_ptr(out.addr + o_heap, heap_id);
  return TRUE;
}
BOOL Heap32First(WindowsProcess& p, Ptr out, uint32_t pid, USize heap) { return heap_block(p, out, true, pid, heap); }
BOOL Heap32Next(WindowsProcess& p, Ptr out) { return heap_block(p, out, false, 0, 0); }

BOOL Process32FirstW(WindowsProcess& p, Ptr h, Ptr out) { return process_entry(p, h, out, true, true); }
BOOL Process32NextW(WindowsProcess& p, Ptr h, Ptr out) { return process_entry(p, h, out, false, true); }
BOOL Process32First(WindowsProcess& p, Ptr h, Ptr out) { return process_entry(p, h, out, true, false); }
BOOL Process32Next(WindowsProcess& p, Ptr h, Ptr out) { return process_entry(p, h, out, false, false); }

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_toolhelp_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateToolhelp32Snapshot", CreateToolhelp32Snapshot),
      EXPORT("Process32FirstW", Process32FirstW),
      EXPORT("Process32NextW", Process32NextW),
      EXPORT("Process32First", Process32First),
      EXPORT("Process32Next", Process32Next),
      EXPORT("Thread32First", Thread32First),
      EXPORT("Thread32Next", Thread32Next),
      EXPORT("Module32FirstW", Module32FirstW),
      EXPORT("Module32NextW", Module32NextW),
      EXPORT("Module32First", Module32First),
      EXPORT("Module32Next", Module32Next),
      EXPORT("Heap32ListFirst", Heap32ListFirst),
      EXPORT("Heap32ListNext", Heap32ListNext),
      EXPORT("Heap32First", Heap32First),
      EXPORT("Heap32Next", Heap32Next),
  };
  return exports;
}

}  // namespace polyrun::shims
