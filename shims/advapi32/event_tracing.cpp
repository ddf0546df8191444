// ADVAPI32.dll's event tracing for providers (EventRegister, EventWrite…, as node, the .NET and
// MSVC runtimes register them at start-up): a provider registers and gets a handle, and writes
// events that no trace session listens to, as on a Windows where none enabled it — EventEnabled
// says so, the events go nowhere, and the enable callback is never called.
#include <atomic>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"

namespace polyrun::shims {

namespace {

std::atomic<uint64_t> g_next_provider{1};

uint32_t EventRegister(WindowsProcess& p, Ptr provider, Ptr, Ptr, Ptr handle) {
  if (!provider || !handle) return ERROR_INVALID_PARAMETER;
  put<uint64_t>(handle.addr, g_next_provider++);  // REGHANDLE: 64 bits in both widths
  (void)p;
  return ERROR_SUCCESS;
}
uint32_t EventUnregister(WindowsProcess&, uint64_t) { return ERROR_SUCCESS; }
uint32_t EventSetInformation(WindowsProcess&, uint64_t, uint32_t, Ptr, uint32_t) { return ERROR_SUCCESS; }
uint8_t EventEnabled(WindowsProcess&, uint64_t, Ptr) { return 0; }  // FALSE
uint8_t EventProviderEnabled(WindowsProcess&, uint64_t, uint8_t, uint64_t) { return 0; }  // FALSE
uint32_t EventWrite(WindowsProcess&, uint64_t, Ptr, uint32_t, Ptr) { return ERROR_SUCCESS; }
uint32_t EventWriteTransfer(WindowsProcess&, uint64_t, Ptr, Ptr, Ptr, uint32_t, Ptr) { return ERROR_SUCCESS; }
uint32_t EventWriteEx(WindowsProcess&, uint64_t, Ptr, uint64_t, uint32_t, Ptr, Ptr, uint32_t, Ptr) { return ERROR_SUCCESS; }
uint32_t EventWriteString(WindowsProcess&, uint64_t, uint8_t, uint64_t, Ptr) { return ERROR_SUCCESS; }
uint32_t EventActivityIdControl(WindowsProcess&, uint32_t, Ptr id) {
  if (!id) return ERROR_INVALID_PARAMETER;
  return ERROR_SUCCESS;  // (the thread's activity id, all zeros, stays as it is)
}

}  // namespace

// These join ADVAPI32's table (advapi32/advapi32.cpp).
const std::vector<Export>& advapi32_event_tracing_exports() {
  static const std::vector<Export> exports = {
      EXPORT("EventRegister", EventRegister),
      EXPORT("EventUnregister", EventUnregister),
      EXPORT("EventSetInformation", EventSetInformation),
      EXPORT("EventEnabled", EventEnabled),
      EXPORT("EventProviderEnabled", EventProviderEnabled),
      EXPORT("EventWrite", EventWrite),
      EXPORT("EventWriteTransfer", EventWriteTransfer),
      EXPORT("EventWriteEx", EventWriteEx),
      EXPORT("EventWriteString", EventWriteString),
      EXPORT("EventActivityIdControl", EventActivityIdControl),
  };
  return exports;
}

}  // namespace polyrun::shims
