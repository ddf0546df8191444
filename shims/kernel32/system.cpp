// KERNEL32.dll, what the system is: the computer's names (GetComputerName, GetComputerNameEx), its
// processors as Windows groups and NUMA nodes describe them (one group, one node: this machine's
// processors the process may use), memory facts (large pages, installed memory), the processor a
// thread runs on, FlushProcessWriteBuffers, the processors' times, the power supply; what the
// process is (WOW64 for a 32-bit one), is not (a packaged app) or no longer needs (SetHandleCount).
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <fstream>
#include <cstdlib>
#include <vector>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>
#include <chrono>
#include <thread>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t APPMODEL_ERROR_NO_PACKAGE = 15700;

// ---- the computer's names ----


// Into a buffer of *size characters: the length without the NUL in *size, or (too small) `short_error`
// and the size it needs, NUL included.
BOOL store_name(WindowsProcess& p, const std::string& name, Ptr buf, Ptr size, bool wide, uint32_t short_error) {
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string w = utf8_to_utf16(name);
  const size_t chars = wide ? w.size() : name.size();
  if (!buf || get<uint32_t>(size.addr) < chars + 1) {
    put<uint32_t>(size.addr, static_cast<uint32_t>(chars + 1));
    return fail(p, short_error);
  }
  if (wide) std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  else std::memcpy(buf.as<char>(), name.c_str(), name.size() + 1);
  put<uint32_t>(size.addr, static_cast<uint32_t>(chars));
  return TRUE;
}

BOOL GetComputerNameA(WindowsProcess& p, Ptr buf, Ptr size) {
  std::string n;
  computer_name(0, n);
  return store_name(p, n, buf, size, false, ERROR_BUFFER_OVERFLOW);
}
BOOL GetComputerNameW(WindowsProcess& p, Ptr buf, Ptr size) {
  std::string n;
  computer_name(0, n);
  return store_name(p, n, buf, size, true, ERROR_BUFFER_OVERFLOW);
}
BOOL GetComputerNameExA(WindowsProcess& p, uint32_t format, Ptr buf, Ptr size) {
  std::string n;
  if (!computer_name(format, n)) return fail(p, ERROR_INVALID_PARAMETER);
  return store_name(p, n, buf, size, false, ERROR_MORE_DATA);
}
BOOL GetComputerNameExW(WindowsProcess& p, uint32_t format, Ptr buf, Ptr size) {
  std::string n;
  if (!computer_name(format, n)) return fail(p, ERROR_INVALID_PARAMETER);
  return store_name(p, n, buf, size, true, ERROR_MORE_DATA);
}

// ---- processors, groups and nodes ----

constexpr uint16_t ALL_PROCESSOR_GROUPS = 0xffff;

uint32_t GetActiveProcessorCount(WindowsProcess& p, uint16_t group) {
  if (group == 0 || group == ALL_PROCESSOR_GROUPS) return processor_count();
  return fail(p, ERROR_INVALID_PARAMETER);
}
uint32_t GetMaximumProcessorCount(WindowsProcess& p, uint16_t group) { return GetActiveProcessorCount(p, group); }
uint16_t GetActiveProcessorGroupCount(WindowsProcess&) { return 1; }
uint16_t GetMaximumProcessorGroupCount(WindowsProcess&) { return 1; }

uint32_t GetCurrentProcessorNumber(WindowsProcess&) {
  const int cpu = ::sched_getcpu();
  return cpu < 0 ? 0 : static_cast<uint32_t>(cpu) % processor_count();
}
// PROCESSOR_NUMBER: Group (WORD), Number (BYTE), Reserved.
void GetCurrentProcessorNumberEx(WindowsProcess& p, Ptr out) {
  put<uint16_t>(out.addr, 0);
  put<uint8_t>(out.addr + 2, static_cast<uint8_t>(GetCurrentProcessorNumber(p)));
  put<uint8_t>(out.addr + 3, 0);
}

BOOL GetNumaHighestNodeNumber(WindowsProcess&, Ptr highest) {
  put<uint32_t>(highest.addr, 0);
  return TRUE;
}
BOOL GetNumaNodeProcessorMask(WindowsProcess& p, uint8_t node, Ptr mask) {
  if (node != 0) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint64_t>(mask.addr, p.isa->ptr == 4 ? processor_mask() & 0xffffffffu : processor_mask());
  return TRUE;
}
// GROUP_AFFINITY: Mask (KAFFINITY, pointer-sized), Group (WORD), Reserved[3].
BOOL GetNumaNodeProcessorMaskEx(WindowsProcess& p, uint16_t node, Ptr affinity) {
  if (node != 0) return fail(p, ERROR_INVALID_PARAMETER);
  std::memset(affinity.as<void>(), 0, p.isa->ptr + 8);
  p.put_ptr(affinity.addr, p.isa->ptr == 4 ? processor_mask() & 0xffffffffu : processor_mask());
  return TRUE;
}
BOOL GetNumaProcessorNode(WindowsProcess& p, uint8_t processor, Ptr node) {
  if (processor >= processor_count()) {
    put<uint8_t>(node.addr, 0xff);
    return fail(p, ERROR_INVALID_PARAMETER);
  }
  put<uint8_t>(node.addr, 0);
  return TRUE;
}
// (PROCESSOR_NUMBER in, USHORT node out.)
BOOL GetNumaProcessorNodeEx(WindowsProcess& p, Ptr processor, Ptr node) {
  if (get<uint16_t>(processor.addr) != 0 || get<uint8_t>(processor.addr + 2) >= processor_count()) {
    put<uint16_t>(node.addr, 0xffff);
    return fail(p, ERROR_INVALID_PARAMETER);
  }
  put<uint16_t>(node.addr, 0);
  return TRUE;
}

// The host's topology as sysfs tells it: for each processor, the processors that share its core;
// its caches (level, type, size, line size, ways, the processors that share it).
std::string sysfs(const std::string& path) {
  std::string s;
  if (FILE* f = std::fopen(path.c_str(), "r")) {
    char b[256];
    if (std::fgets(b, sizeof b, f)) s = b;
    std::fclose(f);
  }
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}
// A cpulist ("0-3,6") as a mask of the processors the process counts.
uint64_t list_mask(const std::string& list) {
  uint64_t m = 0;
  for (const char* s = list.c_str(); *s;) {
    char* end;
    unsigned long a = std::strtoul(s, &end, 10), b = a;
    if (end == s) break;
    if (*end == '-') b = std::strtoul(end + 1, &end, 10);
    for (unsigned long i = a; i <= b && i < 64; ++i) m |= 1ull << i;
    s = *end == ',' ? end + 1 : end;
  }
  return m & processor_mask();
}
struct Relation {
  uint32_t kind;  // LOGICAL_PROCESSOR_RELATIONSHIP: core 0, NUMA node 1, cache 2, package 3
  uint64_t mask;
  uint8_t level = 0, associativity = 0, type = 0;  // caches: CACHE_DESCRIPTOR's
  uint16_t line = 0;
  uint32_t size = 0;
};
std::vector<Relation> topology() {
  std::vector<Relation> out;
  uint64_t seen = 0;
  for (uint32_t cpu = 0; cpu < processor_count(); ++cpu) {  // cores
    if (seen >> cpu & 1) continue;
    const std::string base = "/sys/devices/system/cpu/cpu" + std::to_string(cpu);
    uint64_t core = list_mask(sysfs(base + "/topology/thread_siblings_list"));
    if (!(core >> cpu & 1)) core = 1ull << cpu;
    seen |= core;
    out.push_back({0, core});
  }
  out.push_back({1, processor_mask()});
  out.push_back({3, processor_mask()});
  std::vector<std::pair<std::string, uint64_t>> caches_seen;
  for (uint32_t cpu = 0; cpu < processor_count(); ++cpu) {  // caches, each once
    for (int i = 0; i < 8; ++i) {
      const std::string dir = "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/cache/index" + std::to_string(i);
      const std::string level = sysfs(dir + "/level");
      if (level.empty()) break;
      const uint64_t mask = list_mask(sysfs(dir + "/shared_cpu_list"));
      const std::string type = sysfs(dir + "/type");
      const std::pair<std::string, uint64_t> key{level + type, mask};
      if (std::find(caches_seen.begin(), caches_seen.end(), key) != caches_seen.end()) continue;
      caches_seen.push_back(key);
      Relation r{2, mask ? mask : 1ull << cpu};
      r.level = static_cast<uint8_t>(std::atoi(level.c_str()));
      r.type = type == "Instruction" ? 1 : type == "Data" ? 2 : 0;  // CacheInstruction, CacheData, CacheUnified
      r.associativity = static_cast<uint8_t>(std::atoi(sysfs(dir + "/ways_of_associativity").c_str()));
      r.line = static_cast<uint16_t>(std::atoi(sysfs(dir + "/coherency_line_size").c_str()));
      const std::string size = sysfs(dir + "/size");  // "32K"
      r.size = static_cast<uint32_t>(std::atoi(size.c_str())) * (size.find('M') != std::string::npos ? 1024 * 1024 : 1024);
      out.push_back(r);
    }
  }
  return out;
}

// GetLogicalProcessorInformation: SYSTEM_LOGICAL_PROCESSOR_INFORMATION entries: ProcessorMask,
// Relationship, then a 16-byte union (a core's Flags, a node's number, a CACHE_DESCRIPTOR: level,
// associativity, line size, size, type).
BOOL GetLogicalProcessorInformation(WindowsProcess& p, Ptr buf, Ptr length) {
  if (!length) return fail(p, ERROR_INVALID_PARAMETER);
  const auto rels = topology();
  const uint32_t w = p.isa->ptr, entry = w + 4 + (w == 8 ? 4 : 0) + 16;
  const uint32_t need = entry * static_cast<uint32_t>(rels.size());
  if (!buf || get<uint32_t>(length.addr) < need) {
    put<uint32_t>(length.addr, need);
    return fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  std::memset(buf.as<void>(), 0, need);
  for (size_t i = 0; i < rels.size(); ++i) {
    const Relation& r = rels[i];
    const uint64_t e = buf.addr + entry * i, u = e + entry - 16;
    p.put_ptr(e, w == 4 ? r.mask & 0xffffffffu : r.mask);
    put<uint32_t>(e + w, r.kind);
    if (r.kind == 0) put<uint8_t>(u, std::popcount(r.mask) > 1 ? 1 : 0);  // LTP_PC_SMT
    if (r.kind == 2) {
      put<uint8_t>(u, r.level);
      put<uint8_t>(u + 1, r.associativity);
      put<uint16_t>(u + 2, r.line);
      put<uint32_t>(u + 4, r.size);
      put<uint32_t>(u + 8, r.type);
    }
  }
  put<uint32_t>(length.addr, need);
  return TRUE;
}

// Every thread of the process sees the stores of every other before this returns: membarrier's
// private expedited command (a barrier on every processor running one of its threads), or where the
// host refuses it, a page's protection changed, whose TLB shootdown reaches the same processors.
void FlushProcessWriteBuffers(WindowsProcess&) {
  static std::atomic<int> registered{0};
  constexpr int kCmdPrivateExpedited = 1 << 3, kCmdRegisterPrivateExpedited = 1 << 4;  // MEMBARRIER_CMD_*
  int r = registered.load();
  if (r == 0) {
    r = ::syscall(__NR_membarrier, kCmdRegisterPrivateExpedited, 0, 0) == 0 ? 1 : -1;
    registered.store(r);
  }
  if (r == 1 && ::syscall(__NR_membarrier, kCmdPrivateExpedited, 0, 0) == 0) return;
  static char* page = static_cast<char*>(::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ::mprotect(page, 4096, PROT_READ | PROT_WRITE);
  __atomic_add_fetch(page, 1, __ATOMIC_SEQ_CST);
  ::mprotect(page, 4096, PROT_READ);
}

// ---- memory ----

// The large pages VirtualAlloc's MEM_LARGE_PAGES would use: the host's huge page size.
USize GetLargePageMinimum(WindowsProcess&) {
  long huge = 0;
  if (FILE* f = std::fopen("/proc/meminfo", "r")) {
    char line[128];
    while (std::fgets(line, sizeof line, f))
      if (std::sscanf(line, "Hugepagesize: %ld kB", &huge) == 1) break;
    std::fclose(f);
  }
  return USize(static_cast<uint64_t>(huge) * 1024);
}
// In KiB: the memory the host has (what Linux manages of it).
BOOL GetPhysicallyInstalledSystemMemory(WindowsProcess& p, Ptr kib) {
  if (!kib) return fail(p, ERROR_INVALID_PARAMETER);
  struct sysinfo si {};
  ::sysinfo(&si);
  put<uint64_t>(kib.addr, static_cast<uint64_t>(si.totalram) * si.mem_unit / 1024);
  return TRUE;
}

// ---- the process ----

// Not a packaged (UWP or MSIX) app: no package identity.
int32_t GetCurrentPackageId(WindowsProcess&, Ptr, Ptr) { return APPMODEL_ERROR_NO_PACKAGE; }
int32_t GetCurrentPackageFullName(WindowsProcess&, Ptr, Ptr) { return APPMODEL_ERROR_NO_PACKAGE; }

// SetHandleCount: "has no effect" on Win32; it returns the number asked for.
uint32_t SetHandleCount(WindowsProcess&, uint32_t n) { return n; }

// GetSystemTimeAdjustment: the clock is not being adjusted by the program's request (disabled), its
// period is Windows' default tick, 15.625 ms in 100 ns units, as Windows and wine report.
BOOL GetSystemTimeAdjustment(WindowsProcess&, Ptr adjustment, Ptr increment, Ptr disabled) {
  put<uint32_t>(adjustment.addr, 156250);
  put<uint32_t>(increment.addr, 156250);
  put<uint32_t>(disabled.addr, 1);
  return TRUE;
}

// The clock is the host's: setting it needs SeSystemtimePrivilege, which a program does not hold
// (ERROR_PRIVILEGE_NOT_HELD, as Windows answers a process that did not enable it); polyrun never
// sets the host's clock.
constexpr uint32_t kErrorPrivilegeNotHeld = 1314;
BOOL SetSystemTime(WindowsProcess& p, Ptr) { return fail(p, kErrorPrivilegeNotHeld); }
BOOL SetLocalTime(WindowsProcess& p, Ptr) { return fail(p, kErrorPrivilegeNotHeld); }
BOOL SetSystemTimeAdjustment(WindowsProcess& p, uint32_t, int32_t) { return fail(p, kErrorPrivilegeNotHeld); }

// Beep(frequency, duration): the terminal's bell, where the console is a terminal, and the call
// lasts the duration, as Windows' does while the tone plays. Frequencies outside 37–32767 Hz are
// ERROR_INVALID_PARAMETER.
BOOL Beep(WindowsProcess& p, uint32_t frequency, uint32_t duration) {
  if (frequency < 37 || frequency > 32767) return fail(p, ERROR_INVALID_PARAMETER);
  if (::isatty(2)) (void)!::write(2, "\a", 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(duration));
  return TRUE;
}

// SetThreadExecutionState: the state the thread asks for (the machine kept awake, the display on)
// is kept and the previous one returned; this host is not put to sleep by polyrun either way.
uint32_t SetThreadExecutionState(WindowsProcess&, uint32_t state) {
  constexpr uint32_t kContinuous = 0x80000000u, kValid = 0x80000047u;
  thread_local uint32_t kept = kContinuous;
  if (state & ~kValid) return 0;
  const uint32_t previous = kept;
  if (state & kContinuous) kept = state;
  return previous;
}

// IsWow64Process: a 32-bit program runs as on 64-bit Windows (WOW64); IsWow64Process2 names the
// machines (the process's: IMAGE_FILE_MACHINE_UNKNOWN for a native one; the host's: AMD64).
BOOL IsWow64Process(WindowsProcess& p, Ptr, Ptr result) {
  put<uint32_t>(result.addr, p.isa->ptr == 4 ? 1 : 0);
  return TRUE;
}
BOOL IsWow64Process2(WindowsProcess& p, Ptr, Ptr process_machine, Ptr native_machine) {
  put<uint16_t>(process_machine.addr, p.isa->ptr == 4 ? 0x14c : 0);
  if (native_machine) put<uint16_t>(native_machine.addr, 0x8664);
  return TRUE;
}

// GetProcessMitigationPolicy(process, policy, buffer, size): every policy's structure is flags (a
// DWORD, or a DWORD64 for ProcessMitigationOptionsMask's two), none of them set: no mitigation is
// in force. An unknown policy (past ProcessUserShadowStackPolicy, 18) or a size other than the
// policy's is ERROR_INVALID_PARAMETER.
BOOL GetProcessMitigationPolicy(WindowsProcess& p, Ptr, int32_t policy, Ptr buffer, USize size) {
  const uint64_t need = policy == 6 /* ProcessMitigationOptionsMask */ ? 16 : 4;
  if (policy < 0 || policy > 18 || !buffer || size != need) return fail(p, ERROR_INVALID_PARAMETER);
  std::memset(reinterpret_cast<void*>(buffer.addr), 0, need);
  return TRUE;
}
// IsUserCetAvailableInEnvironment: user-mode shadow stacks (CET) are not offered to programs here.
BOOL IsUserCetAvailableInEnvironment(WindowsProcess&, uint32_t) { return FALSE; }

// GetSystemTimes: idle, kernel (which Windows counts idle in) and user time of all processors,
// from /proc/stat, in 100 ns units.
BOOL GetSystemTimes(WindowsProcess&, Ptr idle, Ptr kernel, Ptr user) {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  uint64_t f[8] = {};
  if (!(stat >> cpu) || cpu != "cpu") return FALSE;
  for (auto& x : f) stat >> x;  // user nice system idle iowait irq softirq steal
  const uint64_t unit = 10000000ull / static_cast<uint64_t>(::sysconf(_SC_CLK_TCK));
  const uint64_t idle_t = (f[3] + f[4]) * unit, user_t = (f[0] + f[1]) * unit, system_t = (f[2] + f[5] + f[6]) * unit;
  if (idle) put<uint64_t>(idle.addr, idle_t);
  if (kernel) put<uint64_t>(kernel.addr, system_t + idle_t);
  if (user) put<uint64_t>(user.addr, user_t);
  return TRUE;
}

// GetSystemPowerStatus from /sys/class/power_supply: on mains (or no supply known: a machine
// without batteries is), the first battery's charge; no battery: BATTERY_FLAG_NO_BATTERY.
BOOL GetSystemPowerStatus(WindowsProcess&, Ptr status) {
  uint8_t ac = 1, flag = 128, percent = 255;
  if (DIR* d = ::opendir("/sys/class/power_supply")) {
    while (dirent* e = ::readdir(d)) {
      const std::string dir = std::string("/sys/class/power_supply/") + e->d_name + "/";
      std::ifstream type_file(dir + "type");
      std::string type;
      if (!(type_file >> type)) continue;
      int value = -1;
      if (type == "Mains") {
        std::ifstream online(dir + "online");
        if (online >> value) ac = value ? 1 : 0;
      } else if (type == "Battery" && flag == 128) {
        std::ifstream capacity(dir + "capacity");
        if (capacity >> value) {
          percent = static_cast<uint8_t>(std::clamp(value, 0, 100));
          flag = percent > 66 ? 1 : percent < 5 ? 4 : percent < 33 ? 2 : 0;  // high, critical, low
        }
      }
    }
    ::closedir(d);
  }
  uint8_t* s = status.as<uint8_t>();
  s[0] = ac;       // ACLineStatus
  s[1] = flag;     // BatteryFlag
  s[2] = percent;  // BatteryLifePercent
  s[3] = 0;        // SystemStatusFlag
  put<uint32_t>(status.addr + 4, 0xffffffffu);  // BatteryLifeTime: not known
  put<uint32_t>(status.addr + 8, 0xffffffffu);  // BatteryFullLifeTime
  return TRUE;
}

}  // namespace

// These join KERNEL32's table (kernel32/kernel32.cpp).
const std::vector<Export>& kernel32_system_exports() {
  static const std::vector<Export> exports = {
      EXPORT("GetComputerNameA", GetComputerNameA),
      EXPORT("IsWow64Process", IsWow64Process),
      EXPORT("GetProcessMitigationPolicy", GetProcessMitigationPolicy),
      EXPORT("IsUserCetAvailableInEnvironment", IsUserCetAvailableInEnvironment),
      EXPORT("GetSystemTimeAdjustment", GetSystemTimeAdjustment),
      EXPORT("SetSystemTimeAdjustment", SetSystemTimeAdjustment),
      EXPORT("SetSystemTime", SetSystemTime),
      EXPORT("SetLocalTime", SetLocalTime),
      EXPORT("Beep", Beep),
      EXPORT("SetThreadExecutionState", SetThreadExecutionState),
      EXPORT("IsWow64Process2", IsWow64Process2),
      EXPORT("GetSystemTimes", GetSystemTimes),
      EXPORT("GetSystemPowerStatus", GetSystemPowerStatus),
      EXPORT("GetComputerNameW", GetComputerNameW),
      EXPORT("GetComputerNameExA", GetComputerNameExA),
      EXPORT("GetComputerNameExW", GetComputerNameExW),
      EXPORT("GetActiveProcessorCount", GetActiveProcessorCount),
      EXPORT("GetMaximumProcessorCount", GetMaximumProcessorCount),
      EXPORT("GetActiveProcessorGroupCount", GetActiveProcessorGroupCount),
      EXPORT("GetMaximumProcessorGroupCount", GetMaximumProcessorGroupCount),
      EXPORT("GetCurrentProcessorNumber", GetCurrentProcessorNumber),
      EXPORT("GetCurrentProcessorNumberEx", GetCurrentProcessorNumberEx),
      EXPORT("GetNumaHighestNodeNumber", GetNumaHighestNodeNumber),
      EXPORT("GetNumaNodeProcessorMask", GetNumaNodeProcessorMask),
      EXPORT("GetNumaNodeProcessorMaskEx", GetNumaNodeProcessorMaskEx),
      EXPORT("GetNumaProcessorNode", GetNumaProcessorNode),
      EXPORT("GetNumaProcessorNodeEx", GetNumaProcessorNodeEx),
      EXPORT("FlushProcessWriteBuffers", FlushProcessWriteBuffers),
      EXPORT("GetLogicalProcessorInformation", GetLogicalProcessorInformation),
      EXPORT("GetLargePageMinimum", GetLargePageMinimum),
      EXPORT("GetPhysicallyInstalledSystemMemory", GetPhysicallyInstalledSystemMemory),
      EXPORT("GetCurrentPackageId", GetCurrentPackageId),
      EXPORT("GetCurrentPackageFullName", GetCurrentPackageFullName),
      EXPORT("SetHandleCount", SetHandleCount),
  };
  return exports;
}

}  // namespace polyrun::shims
