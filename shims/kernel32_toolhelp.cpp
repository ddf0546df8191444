// KERNEL32.dll, Tool Help process snapshots (CreateToolhelp32Snapshot, Process32First/Next): the
// processes are the host's, read from /proc, each named by its executable (the running program
// by its own name, not polyrun's). Thread and module snapshots are not provided.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "shims/guest_memory.h"
#include "shims/shim.h"
#include "shims/text.h"
#include "shims/win_errors.h"
#include "shims/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t TH32CS_SNAPPROCESS = 0x2;

struct ProcessEntry {
  uint32_t pid, ppid, threads;
  std::string name;
};
struct Snapshot {
  std::vector<ProcessEntry> processes;
  size_t next = 0;
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

Ptr CreateToolhelp32Snapshot(WindowsProcess& p, uint32_t flags, uint32_t) {
  const uint64_t invalid = ~0ull;  // INVALID_HANDLE_VALUE
  if (!(flags & TH32CS_SNAPPROCESS)) return Ptr((fail(p, ERROR_NOT_SUPPORTED), invalid));
  auto snap = std::make_shared<Snapshot>();
  DIR* d = ::opendir("/proc");
  if (!d) return Ptr((fail(p, ERROR_ACCESS_DENIED), invalid));
  while (struct dirent* e = ::readdir(d)) {
    char* end = nullptr;
    unsigned long pid = std::strtoul(e->d_name, &end, 10);
    ProcessEntry entry;
    if (*end || pid == 0 || !read_process(static_cast<uint32_t>(pid), entry)) continue;
    if (entry.pid == static_cast<uint32_t>(::getpid())) {
      const std::string& exe = p.exe_path;  // the program, as Windows names it
      entry.name = exe.substr(exe.find_last_of("\\/") + 1);
    }
    snap->processes.push_back(entry);
  }
  ::closedir(d);
  std::sort(snap->processes.begin(), snap->processes.end(),
            [](const ProcessEntry& a, const ProcessEntry& b) { return a.pid < b.pid; });
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
    std::string n = e.name.substr(0, 259);
    std::memcpy(guest_pointer(out.addr + fields), n.c_str(), n.size() + 1);
  }
  put<uint32_t>(out.addr, declared);
  return TRUE;
}
BOOL Process32FirstW(WindowsProcess& p, Ptr h, Ptr out) { return process_entry(p, h, out, true, true); }
BOOL Process32NextW(WindowsProcess& p, Ptr h, Ptr out) { return process_entry(p, h, out, false, true); }
BOOL Process32First(WindowsProcess& p, Ptr h, Ptr out) { return process_entry(p, h, out, true, false); }
BOOL Process32Next(WindowsProcess& p, Ptr h, Ptr out) { return process_entry(p, h, out, false, false); }

}  // namespace

// These join KERNEL32's table (kernel32.cpp).
const std::vector<Export>& kernel32_toolhelp_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateToolhelp32Snapshot", CreateToolhelp32Snapshot),
      EXPORT("Process32FirstW", Process32FirstW),
      EXPORT("Process32NextW", Process32NextW),
      EXPORT("Process32First", Process32First),
      EXPORT("Process32Next", Process32Next),
  };
  return exports;
}

}  // namespace polyrun::shims
