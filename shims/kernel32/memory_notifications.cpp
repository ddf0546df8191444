// KERNEL32.dll, memory resource notifications: an object signalled while the machine's available
// memory is low (LowMemoryResourceNotification) or high (HighMemoryResourceNotification), as
// Windows' thresholds put it: low below 32 MiB for each 4 GiB of memory (64 MiB at most), high
// above three times that. The available memory is the host's (MemAvailable); a host thread of
// polyrun's looks again every second and sets the objects' states, so a wait on one ends when the
// condition comes (one thread for all of them); QueryMemoryResourceNotification tells the
// condition now.
#include <sys/sysinfo.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "shims/core/proc_stat.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_handoff.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

uint64_t available_bytes() {
  const auto meminfo = proc_fields("/proc/meminfo");
  const auto it = meminfo.find("MemAvailable");
  return it == meminfo.end() ? 0 : it->second * 1024;
}
bool condition(bool high) {
  struct sysinfo si {};
  ::sysinfo(&si);
  const uint64_t total = static_cast<uint64_t>(si.totalram) * si.mem_unit;
  const uint64_t mib = 1024 * 1024;
  const uint64_t low = std::min<uint64_t>(64 * mib, 32 * mib * std::max<uint64_t>(1, total / (4096 * mib)));
  const uint64_t available = available_bytes();
  return high ? available > 3 * low : available < low;
}

// The notifications' handles and which condition each is, and their objects, which one host
// thread of polyrun's (started with the first) looks at every second while any is left.
std::mutex notifications_mutex;
std::map<uint64_t, bool>& notifications() {
  static std::map<uint64_t, bool> n;
  return n;
}
std::vector<std::pair<std::weak_ptr<Waitable>, bool>>& watched() {
  static std::vector<std::pair<std::weak_ptr<Waitable>, bool>> w;
  return w;
}
bool watching = false;

// LowMemoryResourceNotification 0, HighMemoryResourceNotification 1.
Ptr CreateMemoryResourceNotification(WindowsProcess& p, uint32_t type) {
  if (type > 1) return Ptr(fail(p, ERROR_INVALID_PARAMETER));
  const bool high = type == 1;
  auto w = std::make_shared<Waitable>(Waitable{Waitable::Kind::Event, true, condition(high) ? 1 : 0, 1});
  const uint64_t h = new_waitable_handle(p, w);
  std::lock_guard<std::mutex> g(notifications_mutex);
  notifications()[h] = high;
  watched().emplace_back(w, high);
  if (!watching) {
    watching = true;
    watch_outside(
        p, [] { std::this_thread::sleep_for(std::chrono::seconds(1)); },
        [&p] {
          std::lock_guard<std::mutex> lock(notifications_mutex);
          auto& all = watched();
          for (auto it = all.begin(); it != all.end();) {
            auto object = it->first.lock();
            if (!object) {  // every handle to it closed
              it = all.erase(it);
              continue;
            }
            set_waitable_level(p, *object, condition(it->second) ? 1 : 0);
            ++it;
          }
          if (all.empty()) watching = false;
          return watching;
        });
  }
  return Ptr(h);
}

BOOL QueryMemoryResourceNotification(WindowsProcess& p, Ptr h, Ptr state) {
  bool high;
  {
    std::lock_guard<std::mutex> g(notifications_mutex);
    auto it = notifications().find(h.addr);
    if (it == notifications().end() || !waitable_of_kind(p, h.addr, Waitable::Kind::Event)) return fail(p, ERROR_INVALID_HANDLE);
    high = it->second;
  }
  if (!state) return fail(p, ERROR_INVALID_PARAMETER);
  put<int32_t>(state.addr, condition(high) ? TRUE : FALSE);
  return TRUE;
}

}  // namespace

const std::vector<Export>& kernel32_memory_notification_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CreateMemoryResourceNotification", CreateMemoryResourceNotification),
      EXPORT("QueryMemoryResourceNotification", QueryMemoryResourceNotification),
  };
  return exports;
}

}  // namespace polyrun::shims
