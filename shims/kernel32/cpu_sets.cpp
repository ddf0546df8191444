// KERNEL32.dll: CPU sets and the affinity update mode. The CPU sets a process's threads run on by
// default (SetProcessDefaultCpuSets, GetProcessDefaultCpuSets) and those one thread selects
// (SetThreadSelectedCpuSets, GetThreadSelectedCpuSets), named by the IDs
// GetSystemCpuSetInformation gives (0x100 + the processor's index, kernel32/system.cpp); and
// whether the system may change the process's affinity while it runs
// (SetProcessAffinityUpdateMode, QueryProcessAffinityUpdateMode).
//
// As with the affinity masks (kernel32/system_facts.cpp), the sets are kept and told back, not
// applied: the host schedules the threads.
#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/machine_identity.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace kernel32_cpu_sets {

constexpr uint32_t kFirstId = 0x100;

struct Sets {
  std::mutex lock;
  std::vector<uint32_t> process;                       // the process's default sets (none: all)
  std::map<uint32_t, std::vector<uint32_t>> threads;   // by thread id
  uint32_t update_mode = 0;                            // PROCESS_AFFINITY_ENABLE_AUTO_UPDATE (1) or 0
};
Sets& sets() {
  static Sets s;
  return s;
}

// The IDs asked for, each one of this machine's sets; false for one that is not.
bool read_ids(uint64_t ids, uint32_t count, std::vector<uint32_t>& out) {
  const uint32_t processors = processor_count();
  out.clear();
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t id = get<uint32_t>(ids + 4 * i);
    if (id < kFirstId || id >= kFirstId + processors) return false;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return true;
}

// The IDs into the caller's array: RequiredIdCount always, the IDs when they fit, else
// ERROR_INSUFFICIENT_BUFFER.
BOOL give_ids(WindowsProcess& p, const std::vector<uint32_t>& ids, Ptr out, uint32_t count, Ptr required) {
  const auto n = static_cast<uint32_t>(ids.size());
  if (!required) return fail(p, ERROR_INVALID_PARAMETER);
  put<uint32_t>(required.addr, n);
  if (n > count || (n && !out)) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  for (uint32_t i = 0; i < n; ++i) put<uint32_t>(out.addr + 4 * i, ids[i]);
  return TRUE;
}

// SetProcessDefaultCpuSets(process, ids, count): no IDs (a null array) clears the assignment.
BOOL SetProcessDefaultCpuSets(WindowsProcess& p, Ptr process, Ptr ids, uint32_t count) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  std::vector<uint32_t> v;
  if (ids && !read_ids(ids.addr, count, v)) return fail(p, ERROR_INVALID_PARAMETER);
  std::lock_guard<std::mutex> g(sets().lock);
  sets().process = std::move(v);
  return TRUE;
}
BOOL GetProcessDefaultCpuSets(WindowsProcess& p, Ptr process, Ptr ids, uint32_t count, Ptr required) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  std::lock_guard<std::mutex> g(sets().lock);
  return give_ids(p, sets().process, ids, count, required);
}

BOOL SetThreadSelectedCpuSets(WindowsProcess& p, Ptr thread, Ptr ids, uint32_t count) {
  const uint32_t id = thread_id_of(p, thread.addr);
  if (!id) return fail(p, ERROR_INVALID_HANDLE);
  std::vector<uint32_t> v;
  if (ids && !read_ids(ids.addr, count, v)) return fail(p, ERROR_INVALID_PARAMETER);
  std::lock_guard<std::mutex> g(sets().lock);
  if (v.empty()) sets().threads.erase(id);
  else sets().threads[id] = std::move(v);
  return TRUE;
}
BOOL GetThreadSelectedCpuSets(WindowsProcess& p, Ptr thread, Ptr ids, uint32_t count, Ptr required) {
  const uint32_t id = thread_id_of(p, thread.addr);
  if (!id) return fail(p, ERROR_INVALID_HANDLE);
  std::lock_guard<std::mutex> g(sets().lock);
  const auto it = sets().threads.find(id);
  return give_ids(p, it == sets().threads.end() ? std::vector<uint32_t>{} : it->second, ids, count, required);
}

// SetProcessAffinityUpdateMode(process, flags): 0 or PROCESS_AFFINITY_ENABLE_AUTO_UPDATE (1).
BOOL SetProcessAffinityUpdateMode(WindowsProcess& p, Ptr process, uint32_t flags) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  if (flags & ~1u) return fail(p, ERROR_INVALID_PARAMETER);
  std::lock_guard<std::mutex> g(sets().lock);
  sets().update_mode = flags;
  return TRUE;
}
BOOL QueryProcessAffinityUpdateMode(WindowsProcess& p, Ptr process, Ptr flags) {
  if (!p.is_current_process(process.addr)) return fail(p, ERROR_INVALID_HANDLE);
  std::lock_guard<std::mutex> g(sets().lock);
  if (flags) put<uint32_t>(flags.addr, sets().update_mode);
  return TRUE;
}

}  // namespace kernel32_cpu_sets

const std::vector<Export>& kernel32_cpu_set_exports() {
  using namespace kernel32_cpu_sets;
  static const std::vector<Export> exports = {
      EXPORT("SetProcessDefaultCpuSets", SetProcessDefaultCpuSets),
      EXPORT("GetProcessDefaultCpuSets", GetProcessDefaultCpuSets),
      EXPORT("SetThreadSelectedCpuSets", SetThreadSelectedCpuSets),
      EXPORT("GetThreadSelectedCpuSets", GetThreadSelectedCpuSets),
      EXPORT("SetProcessAffinityUpdateMode", SetProcessAffinityUpdateMode),
      EXPORT("QueryProcessAffinityUpdateMode", QueryProcessAffinityUpdateMode),
  };
  return exports;
}

}  // namespace polyrun::shims
