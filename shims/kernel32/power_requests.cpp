// KERNEL32.dll: power requests (PowerCreateRequest, PowerSetRequest, PowerClearRequest): an object
// a program makes with the reason it gives (a REASON_CONTEXT) and sets to keep the display on, the
// system awake, away mode or itself running. As with SetThreadExecutionState's wishes
// (ntdll/system_control.cpp), the requests are kept, not acted on: polyrun puts the host to sleep
// neither way. The handle is closed with CloseHandle. And the wake-up requests of older Windows
// (RequestWakeupLatency, RequestDeviceWakeup), which since Windows 7 have no effect and return
// STATUS_NOT_SUPPORTED (Microsoft's pages: the BOOL result is that status, nonzero).
#include <array>
#include <map>
#include <memory>
#include <mutex>

#include "shims/core/guest_memory.h"
#include "shims/core/handle_objects.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"

namespace polyrun::shims {

namespace kernel32_power_requests {

constexpr uint32_t kContextVersion = 0;  // POWER_REQUEST_CONTEXT_VERSION
// POWER_REQUEST_CONTEXT_SIMPLE_STRING, POWER_REQUEST_CONTEXT_DETAILED_STRING
constexpr uint32_t kSimpleString = 1, kDetailedString = 2;
// POWER_REQUEST_TYPE: PowerRequestDisplayRequired, SystemRequired, AwayModeRequired,
// ExecutionRequired.
constexpr uint32_t kRequestTypes = 4;

struct Request {
  int fd = -1;
  std::array<uint32_t, kRequestTypes> count{};
};
std::mutex& lock() {
  static std::mutex m;
  return m;
}
std::map<uint64_t, std::shared_ptr<Request>>& requests() {
  static std::map<uint64_t, std::shared_ptr<Request>> all;
  return all;
}

// PowerCreateRequest(&context): REASON_CONTEXT is Version (ULONG), Flags (DWORD), then the reason
// (a string, or a module, a resource ID and its insertion strings); a version or flags other than
// these are ERROR_INVALID_PARAMETER (INVALID_HANDLE_VALUE returned).
Ptr PowerCreateRequest(WindowsProcess& p, Ptr context) {
  const uint64_t invalid = p.isa->ptr == 4 ? 0xffffffffu : ~0ull;
  if (!context || get<uint32_t>(context.addr) != kContextVersion ||
      (get<uint32_t>(context.addr + 4) != kSimpleString && get<uint32_t>(context.addr + 4) != kDetailedString)) {
    p.set_last_error(ERROR_INVALID_PARAMETER);
    return Ptr(invalid);
  }
  std::lock_guard<std::mutex> g(lock());
  const uint64_t h = new_handle_object(p, requests(), std::make_shared<Request>(), "PowerRequest");
  if (!h) {
    p.set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return Ptr(invalid);
  }
  return Ptr(h);
}

// PowerSetRequest(request, type) counts a request of that type up; PowerClearRequest down (one
// not set is ERROR_INVALID_PARAMETER, as an unknown type is).
BOOL change(WindowsProcess& p, uint64_t h, uint32_t type, bool set) {
  std::lock_guard<std::mutex> g(lock());
  std::shared_ptr<Request> r = find_handle_object(p, requests(), h);
  if (!r) return fail(p, ERROR_INVALID_HANDLE);
  if (type >= kRequestTypes || (!set && r->count[type] == 0)) return fail(p, ERROR_INVALID_PARAMETER);
  r->count[type] += set ? 1 : -1;
  return TRUE;
}
BOOL PowerSetRequest(WindowsProcess& p, Ptr h, uint32_t type) { return change(p, h.addr, type, true); }
BOOL PowerClearRequest(WindowsProcess& p, Ptr h, uint32_t type) { return change(p, h.addr, type, false); }

constexpr uint32_t kStatusNotSupported = 0xc00000bb;
BOOL RequestWakeupLatency(WindowsProcess&, uint32_t) { return static_cast<BOOL>(kStatusNotSupported); }
BOOL RequestDeviceWakeup(WindowsProcess&, Ptr) { return static_cast<BOOL>(kStatusNotSupported); }

}  // namespace kernel32_power_requests

const std::vector<Export>& kernel32_power_request_exports() {
  using namespace kernel32_power_requests;
  static const std::vector<Export> exports = {
      EXPORT("PowerCreateRequest", PowerCreateRequest),
      EXPORT("PowerSetRequest", PowerSetRequest),
      EXPORT("PowerClearRequest", PowerClearRequest),
      EXPORT("RequestWakeupLatency", RequestWakeupLatency),
      EXPORT("RequestDeviceWakeup", RequestDeviceWakeup),
  };
  return exports;
}

}  // namespace polyrun::shims
