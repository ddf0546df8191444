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

#include "shims/core/proc_stat.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/ntdll/runtime.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t APPMODEL_ERROR_NO_PACKAGE = 15700;

// ---- the computer's names ----


// Into a buffer of *size characters: the length without the NUL in *size, or (too small) `short_error`
// and the size it needs, NUL included (the A forms' in bytes of the ANSI code page).
BOOL store_name(WindowsProcess& p, const std::string& utf8, Ptr buf, Ptr size, bool wide, uint32_t short_error) {
  if (!size) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string w = utf8_to_utf16(utf8);
  const std::string name = wide ? std::string() : utf8_to_ansi(utf8);
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

// Setting a name writes HKLM\SYSTEM\CurrentControlSet\Control\ComputerName, which only
// administrators may change: a user's process is refused (ERROR_ACCESS_DENIED). A name of a format
// that cannot be set (the physical ones, 5 and over, and the fully qualified ones, 3 and 7) is
// ERROR_INVALID_PARAMETER first, as is an empty or over-long name (SetComputerNameEx's page).
BOOL set_computer_name(WindowsProcess& p, uint32_t format, const std::u16string& name) {
  if (format > 7 || format == 3 || format == 7) return fail(p, ERROR_INVALID_PARAMETER);
  if (name.empty() || name.size() > 63) return fail(p, ERROR_INVALID_PARAMETER);
  return fail(p, ERROR_ACCESS_DENIED);
}
BOOL SetComputerNameA(WindowsProcess& p, AStr name) { return set_computer_name(p, 4, utf8_to_utf16(name.str())); }
BOOL SetComputerNameW(WindowsProcess& p, WStr name) { return set_computer_name(p, 4, name.str()); }
BOOL SetComputerNameExA(WindowsProcess& p, uint32_t format, AStr name) {
  return set_computer_name(p, format, utf8_to_utf16(name.str()));
}
BOOL SetComputerNameExW(WindowsProcess& p, uint32_t format, WStr name) { return set_computer_name(p, format, name.str()); }

// A DNS host name's NetBIOS computer name: its first label, at most MAX_COMPUTERNAME_LENGTH (15)
// characters, in capitals, a character NetBIOS names lack becoming '_'. *size: the buffer's
// characters in, the name's length out (too small: ERROR_MORE_DATA with the length it needs).
std::u16string netbios_of(const std::u16string& host) {
  static const std::u16string allowed = u"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&')(-_{}";
  std::u16string out;
  for (char16_t c : host) {
    if (c == u'.' || out.size() == 15) break;
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - u'a' + u'A');
    out += allowed.find(c) == std::u16string::npos ? u'_' : c;
  }
  return out;
}
BOOL dns_to_computer_name(WindowsProcess& p, const std::u16string& host, Ptr buf, Ptr size, bool wide) {
  const std::u16string name = netbios_of(host);
  const std::string narrow = utf16_to_ansi(name);
  const uint32_t chars = static_cast<uint32_t>(wide ? name.size() : narrow.size());
  if (get<uint32_t>(size.addr) < chars + 1) {
    put<uint32_t>(size.addr, chars);
    return fail(p, ERROR_MORE_DATA);
  }
  put<uint32_t>(size.addr, chars);
  if (!buf) return FALSE;
  if (wide) std::memcpy(buf.as<char16_t>(), name.c_str(), (name.size() + 1) * 2);
  else std::memcpy(buf.as<char>(), narrow.c_str(), narrow.size() + 1);
  return TRUE;
}
BOOL DnsHostnameToComputerNameA(WindowsProcess& p, AStr host, Ptr buf, Ptr size) {
  return dns_to_computer_name(p, utf8_to_utf16(host.str()), buf, size, false);
}
BOOL DnsHostnameToComputerNameW(WindowsProcess& p, WStr host, Ptr buf, Ptr size) {
  return dns_to_computer_name(p, host.str(), buf, size, true);
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

// The memory free on the node, the one there is: what the host can give without swapping
// (MemAvailable).
uint64_t available_memory() {
  const auto meminfo = proc_fields("/proc/meminfo");
  if (const auto it = meminfo.find("MemAvailable"); it != meminfo.end()) return it->second * 1024;
  struct sysinfo si {};
  ::sysinfo(&si);
  return static_cast<uint64_t>(si.freeram) * si.mem_unit;
}
BOOL GetNumaAvailableMemoryNode(WindowsProcess& p, uint8_t node, Ptr bytes) {
  if (node != 0) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint64_t>(bytes.addr, available_memory());
  return TRUE;
}
BOOL GetNumaAvailableMemoryNodeEx(WindowsProcess& p, uint16_t node, Ptr bytes) {
  if (node != 0) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint64_t>(bytes.addr, available_memory());
  return TRUE;
}
// The node of a proximity domain (the ACPI SRAT's): domain 0 is node 0; there is no other.
BOOL GetNumaProximityNode(WindowsProcess& p, uint32_t proximity, Ptr node) {
  if (proximity != 0) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint8_t>(node.addr, 0);
  return TRUE;
}
BOOL GetNumaProximityNodeEx(WindowsProcess& p, uint32_t proximity, Ptr node) {
  if (proximity != 0) return fail(p, ERROR_INVALID_PARAMETER);
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

// GetLogicalProcessorInformationEx: SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX records (Relationship,
// Size, then the relation's own structure, each with the processors as GROUP_AFFINITY: Mask,
// Group, Reserved[3]), of one kind or all (0xffff): cores (Flags LTP_PC_SMT, EfficiencyClass,
// GroupCount 1), NUMA nodes (NodeNumber, GroupCount 1), caches (Level, Associativity, LineSize,
// CacheSize, Type, GroupCount 1), packages as cores are, and the one processor group (its
// maximum and active processors and their mask). Dies, modules and other kinds: none.
BOOL GetLogicalProcessorInformationEx(WindowsProcess& p, uint32_t relationship, Ptr buf, Ptr length) {
  if (!length) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t w = p.isa->ptr, affinity = w + 8;
  const uint64_t all = w == 4 ? processor_mask() & 0xffffffffu : processor_mask();
  std::vector<uint8_t> out;
  auto record = [&](uint32_t kind, uint32_t body_size) {
    const size_t at = out.size();
    const uint32_t size = 8 + body_size;
    out.resize(at + size, 0);
    std::memcpy(out.data() + at, &kind, 4);
    std::memcpy(out.data() + at + 4, &size, 4);
    return at + 8;
  };
  auto put_affinity = [&](size_t at, uint64_t mask) {
    if (w == 8) std::memcpy(out.data() + at, &mask, 8);
    else {
      const uint32_t m = static_cast<uint32_t>(mask);
      std::memcpy(out.data() + at, &m, 4);
    }
  };
  auto group_count = [&](size_t at) {
    const uint16_t one = 1;
    std::memcpy(out.data() + at, &one, 2);
  };
  const auto rels = topology();
  for (int kind : {0, 1, 2, 3}) {
    if (relationship != 0xffff && relationship != static_cast<uint32_t>(kind)) continue;
    for (const Relation& r : rels) {
      if (r.kind != static_cast<uint32_t>(kind)) continue;
      const uint64_t mask = w == 4 ? r.mask & 0xffffffffu : r.mask;
      if (kind == 0 || kind == 3) {
        const size_t b = record(r.kind, 24 + affinity);
        out[b] = kind == 0 && std::popcount(r.mask) > 1 ? 1 : 0;  // LTP_PC_SMT
        group_count(b + 22);
        put_affinity(b + 24, mask);
      } else if (kind == 1) {
        const size_t b = record(1, 24 + affinity);
        group_count(b + 22);
        put_affinity(b + 24, mask);
      } else {
        const size_t b = record(2, 32 + affinity);
        out[b] = r.level;
        out[b + 1] = r.associativity;
        std::memcpy(out.data() + b + 2, &r.line, 2);
        std::memcpy(out.data() + b + 4, &r.size, 4);
        const uint32_t type = r.type;
        std::memcpy(out.data() + b + 8, &type, 4);
        group_count(b + 30);
        put_affinity(b + 32, mask);
      }
    }
  }
  if (relationship == 0xffff || relationship == 4) {
    const size_t b = record(4, 24 + 40 + w);
    const uint16_t one = 1;
    std::memcpy(out.data() + b, &one, 2);
    std::memcpy(out.data() + b + 2, &one, 2);
    out[b + 24] = static_cast<uint8_t>(processor_count());
    out[b + 25] = static_cast<uint8_t>(processor_count());
    put_affinity(b + 24 + 40, all);
  }
  const uint32_t need = static_cast<uint32_t>(out.size());
  if (!buf || get<uint32_t>(length.addr) < need) {
    put<uint32_t>(length.addr, need);
    return fail(p, ERROR_INSUFFICIENT_BUFFER);
  }
  std::memcpy(buf.as<void>(), out.data(), need);
  put<uint32_t>(length.addr, need);
  return TRUE;
}

// GetSystemCpuSetInformation: a SYSTEM_CPU_SET_INFORMATION (32 bytes: Size, Type CpuSetInformation,
// then Id 0x100 + the processor's index, Group, LogicalProcessorIndex, CoreIndex,
// LastLevelCacheIndex, NumaNodeIndex, EfficiencyClass, AllFlags, …) for each processor of the
// process's; another process's are the same machine's.
BOOL GetSystemCpuSetInformation(WindowsProcess& p, Ptr info, uint32_t size, Ptr returned, Ptr, uint32_t flags) {
  if (flags) return fail(p, ERROR_INVALID_PARAMETER);
  const auto rels = topology();
  const uint32_t count = processor_count(), need = 32 * count;
  if (returned) put<uint32_t>(returned.addr, need);
  if (!info || size < need) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  std::memset(info.as<void>(), 0, need);
  // The first processor of a processor's core and of its last-level cache.
  auto first_of = [&](uint32_t cpu, bool cache) -> uint8_t {
    uint8_t best_level = 0;
    uint64_t mask = 1ull << cpu;
    for (const Relation& r : rels) {
      if (!(r.mask >> cpu & 1)) continue;
      if (!cache && r.kind == 0) mask = r.mask;
      if (cache && r.kind == 2 && r.level >= best_level) {
        best_level = r.level;
        mask = r.mask;
      }
    }
    return static_cast<uint8_t>(std::countr_zero(mask));
  };
  for (uint32_t cpu = 0; cpu < count; ++cpu) {
    const uint64_t e = info.addr + 32 * cpu;
    put<uint32_t>(e, 32);
    put<uint32_t>(e + 4, 0);  // CpuSetInformation
    put<uint32_t>(e + 8, 0x100 + cpu);
    put<uint16_t>(e + 12, 0);
    put<uint8_t>(e + 14, static_cast<uint8_t>(cpu));
    put<uint8_t>(e + 15, first_of(cpu, false));
    put<uint8_t>(e + 16, first_of(cpu, true));
    put<uint8_t>(e + 17, 0);
  }
  return TRUE;
}

// FlushProcessWriteBuffers is NTDLL's (ntdll/threads.cpp).

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

// Whether a Remote Desktop Session Host is installing applications for all its users: this machine
// is none (FALSE).
BOOL TermsrvAppInstallMode(WindowsProcess&) { return FALSE; }

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
      EXPORT("SetComputerNameA", SetComputerNameA),
      EXPORT("SetComputerNameW", SetComputerNameW),
      EXPORT("SetComputerNameExA", SetComputerNameExA),
      EXPORT("SetComputerNameExW", SetComputerNameExW),
      EXPORT("DnsHostnameToComputerNameA", DnsHostnameToComputerNameA),
      EXPORT("DnsHostnameToComputerNameW", DnsHostnameToComputerNameW),
      EXPORT("DnsHostnameToComputerNameExW", DnsHostnameToComputerNameW),
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
      EXPORT("GetNumaAvailableMemoryNode", GetNumaAvailableMemoryNode),
      EXPORT("GetNumaAvailableMemoryNodeEx", GetNumaAvailableMemoryNodeEx),
      EXPORT("GetNumaProximityNode", GetNumaProximityNode),
      EXPORT("GetNumaProximityNodeEx", GetNumaProximityNodeEx),
      EXPORT("FlushProcessWriteBuffers", ntdll_runtime::FlushProcessWriteBuffers),
      EXPORT("GetLogicalProcessorInformation", GetLogicalProcessorInformation),
      EXPORT("GetLogicalProcessorInformationEx", GetLogicalProcessorInformationEx),
      EXPORT("GetSystemCpuSetInformation", GetSystemCpuSetInformation),
      EXPORT("GetLargePageMinimum", GetLargePageMinimum),
      EXPORT("GetPhysicallyInstalledSystemMemory", GetPhysicallyInstalledSystemMemory),
      EXPORT("GetCurrentPackageId", GetCurrentPackageId),
      EXPORT("GetCurrentPackageFullName", GetCurrentPackageFullName),
      EXPORT("SetHandleCount", SetHandleCount),
      EXPORT("TermsrvAppInstallMode", TermsrvAppInstallMode),
  };
  return exports;
}

}  // namespace polyrun::shims
