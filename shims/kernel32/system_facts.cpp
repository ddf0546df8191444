// KERNEL32.dll: System facts: processor features, GetVersion, affinity masks, cycle times, memory status,
// GetSystemInfo.
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <time.h>

#include <algorithm>
#include <fstream>
#include <bit>
#include <cstring>

#include "shims/core/filetime.h"
#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"
#include "shims/core/windows_version.h"
#include "shims/ntdll/runtime.h"

namespace polyrun::shims {

namespace {

// ---- system facts ----

// IsProcessorFeaturePresent is NTDLL's RtlIsProcessorFeaturePresent (ntdll/rtl_misc.cpp).

// 6.2 build 9200: what Windows 10 tells programs without a compatibility manifest (that declares it).
uint32_t GetVersion(WindowsProcess& p) {
  const WindowsVersion& r = reported_version(p.image.manifest);
  return r.build << 16 | r.minor << 8 | r.major;
}

// SYSTEM_INFO: architecture, page size, address range, processor mask and count, type,
// allocation granularity, level (pointer-sized fields in the middle).
BOOL GetProcessAffinityMask(WindowsProcess& p, Ptr process, Ptr mine, Ptr system) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  uint64_t mask = p.isa->ptr == 4 ? processor_mask() & 0xffffffffu : processor_mask();
  p.put_ptr(mine.addr, p.affinity ? p.affinity : mask);
  p.put_ptr(system.addr, mask);
  return TRUE;
}
BOOL SetProcessAffinityMask(WindowsProcess& p, Ptr process, USize mask) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (!mask || (mask & ~processor_mask())) return fail(p, ERROR_INVALID_PARAMETER);
  p.affinity = mask;
  return TRUE;
}
// Returns the thread's previous mask (the process's, as no thread has one of its own).
USize SetThreadAffinityMask(WindowsProcess& p, Ptr, USize mask) {
  uint64_t process = p.affinity ? p.affinity : processor_mask();
  if (!mask || (mask & ~process)) return USize(fail(p, ERROR_INVALID_PARAMETER));
  return USize(process);
}

// GROUP_AFFINITY: Mask (pointer-sized), Group, three reserved WORDs. One processor group here.
BOOL GetThreadGroupAffinity(WindowsProcess& p, Ptr, Ptr out) {
  const uint64_t mask = p.affinity ? p.affinity : (p.isa->ptr == 4 ? processor_mask() & 0xffffffffu : processor_mask());
  std::memset(out.as<void>(), 0, p.isa->ptr + 8);
  p.put_ptr(out.addr, mask);
  return TRUE;
}
BOOL SetThreadGroupAffinity(WindowsProcess& p, Ptr thread, Ptr in, Ptr previous) {
  const uint64_t mask = p.get_ptr(in.addr);
  const uint16_t group = get<uint16_t>(in.addr + p.isa->ptr);
  const uint64_t process = p.affinity ? p.affinity : processor_mask();
  if (group != 0 || !mask || (mask & ~process)) return fail(p, ERROR_INVALID_PARAMETER);
  if (previous) GetThreadGroupAffinity(p, thread, previous);
  return TRUE;
}

// The CPU time a thread or the process has used, in cycles: nanoseconds of CPU time at the
// processor's nominal rate (/proc/cpuinfo's "cpu MHz"), so that it only grows while it runs.
uint64_t cycles_per_microsecond() {
  static const uint64_t mhz = [] {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("cpu MHz", 0) == 0) return static_cast<uint64_t>(std::strtod(line.c_str() + line.find(':') + 1, nullptr));
    return uint64_t{1000};
  }();
  return mhz ? mhz : 1000;
}
BOOL QueryThreadCycleTime(WindowsProcess& p, Ptr thread, Ptr cycles) {
  uint32_t tid = static_cast<uint32_t>(::syscall(SYS_gettid));
  if (!p.is_current_thread(thread.addr)) {
    Waitable* w = waitable_of_kind(p, thread.addr, Waitable::Kind::Thread);
    if (!w) return fail(p, ERROR_INVALID_HANDLE);
    tid = w->id;
  }
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/schedstat");
  uint64_t ns = 0;
  stat >> ns;  // the first field: time on a processor, in nanoseconds
  put<uint64_t>(cycles.addr, ns / 1000 * cycles_per_microsecond());
  return TRUE;
}
BOOL QueryProcessCycleTime(WindowsProcess& p, Ptr process, Ptr cycles) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_ACCESS_DENIED);
  struct timespec ts {};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  const uint64_t us = static_cast<uint64_t>(ts.tv_sec) * 1000000 + static_cast<uint64_t>(ts.tv_nsec) / 1000;
  put<uint64_t>(cycles.addr, us * cycles_per_microsecond());
  return TRUE;
}

// MEMORYSTATUSEX: length, load (percent), total/available physical, page file and virtual
// memory, available extended virtual memory (always 0).
BOOL GlobalMemoryStatusEx(WindowsProcess& p, Ptr out) {
  if (get<uint32_t>(out.addr) != 64) return fail(p, ERROR_INVALID_PARAMETER);
  struct sysinfo si;
  ::sysinfo(&si);
  uint64_t unit = si.mem_unit ? si.mem_unit : 1;
  uint64_t total = si.totalram * unit, avail = (si.freeram + si.bufferram) * unit;
  uint64_t virt = p.isa->limit - 0x10000;
  uint64_t v[8] = {total, avail, total + si.totalswap * unit, avail + si.freeswap * unit, virt, virt, 0, 0};
  put<uint32_t>(out.addr + 4, total ? static_cast<uint32_t>(100 - avail * 100 / total) : 0);
  std::memcpy(guest_pointer(out.addr + 8), v, 7 * 8);
  return TRUE;
}
// MEMORYSTATUS: the same with SIZE_T fields, capped at 2 GiB on i386 as for programs that are not
// large-address aware.
void GlobalMemoryStatus(WindowsProcess& p, Ptr out) {
  uint8_t ex[64] = {};
  put<uint32_t>(reinterpret_cast<uint64_t>(ex), 64);
  GlobalMemoryStatusEx(p, Ptr(reinterpret_cast<uint64_t>(ex)));
  const unsigned w = p.isa->ptr;
  put<uint32_t>(out.addr, w == 8 ? 56 : 32);
  std::memcpy(guest_pointer(out.addr + 4), ex + 4, 4);
  for (unsigned i = 0; i < 6; ++i) {
    uint64_t v = get<uint64_t>(reinterpret_cast<uint64_t>(ex) + 8 + 8 * i);
    if (w == 4) v = std::min<uint64_t>(v, 0x7fffffff);
    p.put_ptr(out.addr + 8 + i * w, v);
  }
}

void GetSystemInfo(WindowsProcess& p, Ptr info) {
  const unsigned w = p.isa->ptr;
  std::memset(info.as<void>(), 0, w == 8 ? 48 : 36);
  put<uint16_t>(info.addr, p.isa->machine_arch);
  put<uint32_t>(info.addr + 4, static_cast<uint32_t>(p.memory.page_size()));
  p.put_ptr(info.addr + 8, 0x10000);
  p.put_ptr(info.addr + 8 + w, p.isa->limit - 0x10001);
  const uint64_t mask = w == 4 ? processor_mask() & 0xffffffffu : processor_mask();  // the processors counted below
  p.put_ptr(info.addr + 8 + 2 * w, mask);
  uint64_t o = 8 + 3 * w;
  put<uint32_t>(info.addr + o, static_cast<uint32_t>(std::popcount(mask)));
  put<uint32_t>(info.addr + o + 4, p.isa->processor_type);
  put<uint32_t>(info.addr + o + 8, 0x10000);
  put<uint16_t>(info.addr + o + 12, 6);
}

}  // namespace
const std::vector<Export>& kernel32_system_facts_exports() {
  static const std::vector<Export> exports = {
          EXPORT("GetProcessAffinityMask", GetProcessAffinityMask),
          EXPORT("SetProcessAffinityMask", SetProcessAffinityMask),
          EXPORT("SetThreadAffinityMask", SetThreadAffinityMask),
          EXPORT("GetThreadGroupAffinity", GetThreadGroupAffinity),
          EXPORT("SetThreadGroupAffinity", SetThreadGroupAffinity),
          EXPORT("QueryThreadCycleTime", QueryThreadCycleTime),
          EXPORT("QueryProcessCycleTime", QueryProcessCycleTime),
          EXPORT("GlobalMemoryStatusEx", GlobalMemoryStatusEx),
          EXPORT("GlobalMemoryStatus", GlobalMemoryStatus),
          EXPORT("IsProcessorFeaturePresent", ntdll_runtime::RtlIsProcessorFeaturePresent),
          EXPORT("GetVersion", GetVersion),
          EXPORT("GetSystemInfo", GetSystemInfo),
          EXPORT("GetNativeSystemInfo", GetSystemInfo),
  };
  return exports;
}

}  // namespace polyrun::shims
