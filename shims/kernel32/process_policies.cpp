// KERNEL32.dll: what a process or a thread declares about itself: its mitigation policies
// (SetProcessMitigationPolicy, GetProcessMitigationPolicy), its memory priority, power
// throttling and leap-second handling (SetProcessInformation, GetProcessInformation, and the
// thread's Set/GetThreadInformation), read back as set. They are declarations: the host's
// scheduler and memory manager are not told; what GetProcessInformation reports of the machine
// (the process's machine type, its protection level, its commit) is the process's own.
#include <unistd.h>

#include <array>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

#include "shims/core/proc_stat.h"
#include "shims/core/dll_state.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_process.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

constexpr uint32_t kMemoryPriorityNormal = 5;  // MEMORY_PRIORITY_NORMAL
constexpr int kMitigationPolicies = 19;        // ProcessDEPPolicy (0) … ProcessUserShadowStackPolicy (18)
constexpr int kDepPolicy = 0, kOptionsMask = 6;

struct PowerThrottling {
  uint32_t control = 0, state = 0;  // ControlMask, StateMask
};
struct ThreadHints {
  uint32_t memory_priority = kMemoryPriorityNormal;
  PowerThrottling power;
};
struct ProcessPolicies : DllStateBase {
  std::mutex lock;
  std::array<uint32_t, kMitigationPolicies> mitigations{};
  uint32_t memory_priority = kMemoryPriorityNormal;
  PowerThrottling power;
  uint32_t leap_second_flags = 0;
  std::map<uint32_t, ThreadHints> threads;  // by thread id
};

// ---- mitigation policies ----

// SetProcessMitigationPolicy(policy, buffer, length) for the calling process: each policy's
// structure is a DWORD of flags; a mitigation once on stays on (the flags are added to those set
// before). ProcessMitigationOptionsMask (6) is read only; an unknown policy or a length other than
// a DWORD's is ERROR_INVALID_PARAMETER. DEP cannot be changed in a 64-bit process
// (ERROR_NOT_SUPPORTED, as SetProcessDEPPolicy's page says); in a 32-bit one it is on for good.
BOOL SetProcessMitigationPolicy(WindowsProcess& p, int32_t policy, Ptr buffer, USize length) {
  if (policy < 0 || policy >= kMitigationPolicies || policy == kOptionsMask || !buffer || length.v != 4)
    return fail(p, ERROR_INVALID_PARAMETER);
  if (policy == kDepPolicy && p.isa->ptr == 8) return fail(p, ERROR_NOT_SUPPORTED);
  auto& s = dll_state<ProcessPolicies>(p);
  std::lock_guard<std::mutex> g(s.lock);
  s.mitigations[static_cast<size_t>(policy)] |= get<uint32_t>(buffer.addr);
  return TRUE;
}

// GetProcessMitigationPolicy(process, policy, buffer, length): the flags the process set (none
// for another process); DEP is on for good (ENABLE and PERMANENT: the host never executes a
// page without execute permission). ProcessMitigationOptionsMask's two DWORD64 masks are 0. An
// unknown policy or a length other than the policy structure's is ERROR_INVALID_PARAMETER.
BOOL GetProcessMitigationPolicy(WindowsProcess& p, Ptr process, int32_t policy, Ptr buffer, USize length) {
  const uint64_t need = policy == kOptionsMask ? 16 : 4;
  if (policy < 0 || policy >= kMitigationPolicies || !buffer || length.v != need) return fail(p, ERROR_INVALID_PARAMETER);
  std::memset(buffer.as<void>(), 0, need);
  if (policy == kOptionsMask) return TRUE;
  uint32_t flags = policy == kDepPolicy ? 3u : 0u;  // (Enable | Permanent)
  if (p.is_current_process(process.addr)) {
    auto& s = dll_state<ProcessPolicies>(p);
    std::lock_guard<std::mutex> g(s.lock);
    flags |= s.mitigations[static_cast<size_t>(policy)];
  }
  put<uint32_t>(buffer.addr, flags);
  return TRUE;
}

// ---- process and thread information ----

// PROCESS_INFORMATION_CLASS / THREAD_INFORMATION_CLASS values.
enum : int32_t {
  kProcessMemoryPriority = 0,
  kProcessAppMemoryInfo = 2,
  kProcessPowerThrottling = 4,
  kProcessProtectionLevelInfo = 7,
  kProcessLeapSecondInfo = 8,
  kProcessMachineTypeInfo = 9,
};
enum : int32_t { kThreadMemoryPriority = 0, kThreadPowerThrottling = 3 };
constexpr uint32_t kPowerThrottlingVersion = 1;                // PROCESS/THREAD_POWER_THROTTLING_CURRENT_VERSION
constexpr uint32_t kProcessThrottlingMask = 0x1 | 0x4;         // EXECUTION_SPEED, IGNORE_TIMER_RESOLUTION
constexpr uint32_t kThreadThrottlingMask = 0x1;                // EXECUTION_SPEED

// A MEMORY_PRIORITY_INFORMATION's priority: MEMORY_PRIORITY_VERY_LOW (1) … NORMAL (5).
bool set_memory_priority(WindowsProcess& p, Ptr info, uint32_t size, uint32_t& to) {
  if (!info || size != 4) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t v = get<uint32_t>(info.addr);
  if (v < 1 || v > kMemoryPriorityNormal) return fail(p, ERROR_INVALID_PARAMETER);
  to = v;
  return TRUE;
}
// A PROCESS/THREAD_POWER_THROTTLING_STATE: Version 1, ControlMask, StateMask (a subset of it),
// both within the class's flags.
bool set_power_throttling(WindowsProcess& p, Ptr info, uint32_t size, uint32_t allowed, PowerThrottling& to) {
  if (!info || size != 12 || get<uint32_t>(info.addr) != kPowerThrottlingVersion) return fail(p, ERROR_INVALID_PARAMETER);
  const uint32_t control = get<uint32_t>(info.addr + 4), state = get<uint32_t>(info.addr + 8);
  if ((control & ~allowed) || (state & ~control)) return fail(p, ERROR_INVALID_PARAMETER);
  to = {control, state};
  return TRUE;
}
bool get_power_throttling(WindowsProcess& p, Ptr info, uint32_t size, const PowerThrottling& from) {
  if (!info || size != 12 || get<uint32_t>(info.addr) != kPowerThrottlingVersion) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint32_t>(info.addr + 4, from.control);
  put<uint32_t>(info.addr + 8, from.state);
  return TRUE;
}

// SetProcessInformation(process, class, info, size) of the calling process: its memory priority
// (ProcessMemoryPriority), power throttling (ProcessPowerThrottling) and leap-second flags
// (ProcessLeapSecondInfo: PROCESS_LEAP_SECOND_INFO_FLAG_ENABLE_SIXTY_SECOND, 1). Another class is
// ERROR_INVALID_PARAMETER.
BOOL SetProcessInformation(WindowsProcess& p, Ptr process, int32_t cls, Ptr info, uint32_t size) {
  if (!p.is_current_process(process.addr)) {
    Waitable* w = waitable_of_kind(p, process.addr, Waitable::Kind::Process);
    if (!w || w->id != static_cast<uint32_t>(::getpid())) return fail(p, w ? ERROR_ACCESS_DENIED : ERROR_INVALID_HANDLE);
  }
  auto& s = dll_state<ProcessPolicies>(p);
  std::lock_guard<std::mutex> g(s.lock);
  switch (cls) {
    case kProcessMemoryPriority:
      return set_memory_priority(p, info, size, s.memory_priority);
    case kProcessPowerThrottling:
      return set_power_throttling(p, info, size, kProcessThrottlingMask, s.power);
    case kProcessLeapSecondInfo:
      if (!info || size != 8 || (get<uint32_t>(info.addr) & ~1u)) return fail(p, ERROR_INVALID_PARAMETER);
      s.leap_second_flags = get<uint32_t>(info.addr);
      return TRUE;
    default:
      return fail(p, ERROR_INVALID_PARAMETER);
  }
}

// GetProcessInformation(process, class, info, size): what SetProcessInformation set (the
// defaults for another process), APP_MEMORY_INFORMATION (ProcessAppMemoryInfo), the protection
// level (ProcessProtectionLevelInfo: PROTECTION_LEVEL_NONE) and the machine the process's code is
// for (ProcessMachineTypeInfo: x64's or i386's IMAGE_FILE_MACHINE, MachineAttributes
// UserEnabled, and Wow64Container for a 32-bit process, which IsWow64Process calls one). A size other than the class's structure's, or another class: ERROR_INVALID_PARAMETER.
BOOL GetProcessInformation(WindowsProcess& p, Ptr process, int32_t cls, Ptr info, uint32_t size) {
  const bool self = p.is_current_process(process.addr);
  if (!self && !waitable_of_kind(p, process.addr, Waitable::Kind::Process)) return fail(p, ERROR_INVALID_HANDLE);
  auto& s = dll_state<ProcessPolicies>(p);
  std::lock_guard<std::mutex> g(s.lock);
  auto sized = [&](uint32_t bytes) {
    if (!info || size != bytes) return false;
    std::memset(info.as<void>(), 0, bytes);
    return true;
  };
  switch (cls) {
    case kProcessMemoryPriority:
      if (!sized(4)) break;
      put<uint32_t>(info.addr, self ? s.memory_priority : kMemoryPriorityNormal);
      return TRUE;
    case kProcessPowerThrottling:
      return get_power_throttling(p, info, size, self ? s.power : PowerThrottling{});
    case kProcessLeapSecondInfo:
      if (!sized(8)) break;
      put<uint32_t>(info.addr, self ? s.leap_second_flags : 0);
      return TRUE;
    case kProcessAppMemoryInfo: {
      // The process's commit: its private memory now and at its peak (VmRSS and VmHWM), and what
      // the machine has left (MemAvailable).
      if (!sized(32)) break;
      auto meminfo = proc_fields("/proc/meminfo"), status = proc_fields("/proc/self/status");
      put<uint64_t>(info.addr, meminfo["MemAvailable"] * 1024);      // AvailableCommit
      put<uint64_t>(info.addr + 8, status["VmRSS"] * 1024);          // PrivateCommitUsage
      put<uint64_t>(info.addr + 16, status["VmHWM"] * 1024);         // PeakPrivateCommitUsage
      put<uint64_t>(info.addr + 24, status["VmRSS"] * 1024);         // TotalCommitUsage
      return TRUE;
    }
    case kProcessProtectionLevelInfo:
      if (!sized(4)) break;
      put<uint32_t>(info.addr, 0xfffffffeu);  // PROTECTION_LEVEL_NONE
      return TRUE;
    case kProcessMachineTypeInfo:
      if (!sized(8)) break;
      put<uint16_t>(info.addr, p.isa->ptr == 8 ? 0x8664 : 0x14c);
      put<uint32_t>(info.addr + 4, p.isa->ptr == 8 ? 1 : 1 | 4);  // UserEnabled; a 32-bit one: Wow64Container
      return TRUE;
    default:
      break;
  }
  return fail(p, ERROR_INVALID_PARAMETER);
}

// The thread a handle names (the calling thread's pseudo handle included): its id, 0 for none.
uint32_t thread_id(WindowsProcess& p, uint64_t h) {
  if (p.is_current_thread(h)) return p.thread().id;
  Waitable* w = waitable_of_kind(p, h, Waitable::Kind::Thread);
  return w ? w->id : 0;
}

// SetThreadInformation(thread, class, info, size): its memory priority (ThreadMemoryPriority) and
// power throttling (ThreadPowerThrottling); another class is ERROR_INVALID_PARAMETER.
BOOL SetThreadInformation(WindowsProcess& p, Ptr thread, int32_t cls, Ptr info, uint32_t size) {
  const uint32_t id = thread_id(p, thread.addr);
  if (!id) return fail(p, ERROR_INVALID_HANDLE);
  auto& s = dll_state<ProcessPolicies>(p);
  std::lock_guard<std::mutex> g(s.lock);
  ThreadHints hints = s.threads.count(id) ? s.threads[id] : ThreadHints{};
  BOOL ok = FALSE;
  if (cls == kThreadMemoryPriority) ok = set_memory_priority(p, info, size, hints.memory_priority);
  else if (cls == kThreadPowerThrottling) ok = set_power_throttling(p, info, size, kThreadThrottlingMask, hints.power);
  else return fail(p, ERROR_INVALID_PARAMETER);
  if (ok) s.threads[id] = hints;
  return ok;
}

// GetThreadInformation(thread, class, info, size): what SetThreadInformation set, the defaults
// (MEMORY_PRIORITY_NORMAL, no throttling) before.
BOOL GetThreadInformation(WindowsProcess& p, Ptr thread, int32_t cls, Ptr info, uint32_t size) {
  const uint32_t id = thread_id(p, thread.addr);
  if (!id) return fail(p, ERROR_INVALID_HANDLE);
  auto& s = dll_state<ProcessPolicies>(p);
  std::lock_guard<std::mutex> g(s.lock);
  const ThreadHints hints = s.threads.count(id) ? s.threads[id] : ThreadHints{};
  if (cls == kThreadMemoryPriority) {
    if (!info || size != 4) return fail(p, ERROR_INVALID_PARAMETER);
    put<uint32_t>(info.addr, hints.memory_priority);
    return TRUE;
  }
  if (cls == kThreadPowerThrottling) return get_power_throttling(p, info, size, hints.power);
  return fail(p, ERROR_INVALID_PARAMETER);
}

}  // namespace

const std::vector<Export>& kernel32_process_policies_exports() {
  static const std::vector<Export> exports = {
      EXPORT("SetProcessMitigationPolicy", SetProcessMitigationPolicy),
      EXPORT("GetProcessMitigationPolicy", GetProcessMitigationPolicy),
      EXPORT("SetProcessInformation", SetProcessInformation),
      EXPORT("GetProcessInformation", GetProcessInformation),
      EXPORT("SetThreadInformation", SetThreadInformation),
      EXPORT("GetThreadInformation", GetThreadInformation),
  };
  return exports;
}

}  // namespace polyrun::shims
