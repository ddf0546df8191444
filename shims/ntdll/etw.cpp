// NTDLL's Event Tracing for Windows, as Windows behaves where no trace session listens: providers
// register (EtwEventRegister, EtwRegisterTraceGuids) and unregister, are never enabled
// (EtwEventEnabled, EtwEventProviderEnabled: FALSE), and the events they write go nowhere with
// ERROR_SUCCESS (EtwEventWrite …: Microsoft's EventWrite page — writing with no session enabled is
// not an error). No session ever hands a provider a logger handle, so those functions that take
// one (EtwGetTraceEnableFlags, EtwGetTraceEnableLevel, EtwLogTraceEvent, EtwTraceMessage) meet
// only invalid handles: ERROR_INVALID_HANDLE. A thread's activity id (EtwEventActivityIdControl)
// is kept per thread.
#include <sys/random.h>

#include <array>
#include <atomic>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/ntdll/ntdll.h"

namespace polyrun::shims {

namespace ntdll_etw_impl {

constexpr uint32_t kErrorSuccess = 0, kErrorInvalidHandle = 6, kErrorInvalidParameter = 87;
constexpr uint64_t kInvalidTraceHandle = ~0ull;

// Registration handles: a counter (never 0), remembered until unregistered.
std::mutex& lock() {
  static std::mutex m;
  return m;
}
std::map<uint64_t, bool>& registered() {
  static std::map<uint64_t, bool> r;
  return r;
}
uint64_t new_registration() {
  static uint64_t next = 0x1000;
  std::lock_guard<std::mutex> g(lock());
  const uint64_t h = ++next;
  registered()[h] = true;
  return h;
}
bool unregister(uint64_t h) {
  std::lock_guard<std::mutex> g(lock());
  return registered().erase(h) != 0;
}

uint32_t EtwEventRegister(WindowsProcess&, Ptr provider, Ptr, Ptr, Ptr handle) {
  if (!provider || !handle) return kErrorInvalidParameter;
  put<uint64_t>(handle.addr, new_registration());
  return kErrorSuccess;
}

uint32_t EtwEventUnregister(WindowsProcess&, uint64_t handle) {
  return unregister(handle) ? kErrorSuccess : kErrorInvalidHandle;
}

uint8_t EtwEventEnabled(WindowsProcess&, uint64_t, Ptr) { return 0; }
uint8_t EtwEventProviderEnabled(WindowsProcess&, uint64_t, uint8_t, uint64_t) { return 0; }

uint32_t EtwEventWrite(WindowsProcess&, uint64_t, Ptr, uint32_t, Ptr) { return kErrorSuccess; }
uint32_t EtwEventWriteTransfer(WindowsProcess&, uint64_t, Ptr, Ptr, Ptr, uint32_t, Ptr) { return kErrorSuccess; }
uint32_t EtwEventWriteString(WindowsProcess&, uint64_t, uint8_t, uint64_t, Ptr) { return kErrorSuccess; }
// EventSetInformation's classes only describe the provider to sessions: accepted.
uint32_t EtwEventSetInformation(WindowsProcess&, uint64_t, uint32_t, Ptr, uint32_t) { return kErrorSuccess; }

// EVENT_ACTIVITY_CTRL_GET_ID 1, _SET_ID 2, _CREATE_ID 3, _GET_SET_ID 4, _CREATE_SET_ID 5.
uint32_t EtwEventActivityIdControl(WindowsProcess& p, uint32_t code, Ptr guid) {
  static std::mutex m;
  static std::map<uint32_t, std::array<uint8_t, 16>> ids;  // by thread id
  if (!guid || code < 1 || code > 5) return kErrorInvalidParameter;
  std::lock_guard<std::mutex> g(m);
  std::array<uint8_t, 16>& mine = ids[p.thread().id];
  std::array<uint8_t, 16> given;
  std::memcpy(given.data(), guid.as<const void>(), 16);
  std::array<uint8_t, 16> fresh{};
  if (code == 3 || code == 5) {
    if (::getrandom(fresh.data(), 16, 0) != 16) fresh.fill(0x5a);
    fresh[6] = static_cast<uint8_t>((fresh[6] & 0x0f) | 0x40);  // a version 4 (random) GUID
    fresh[8] = static_cast<uint8_t>((fresh[8] & 0x3f) | 0x80);
  }
  switch (code) {
    case 1: std::memcpy(guid.as<void>(), mine.data(), 16); break;
    case 2: mine = given; break;
    case 3: std::memcpy(guid.as<void>(), fresh.data(), 16); break;
    case 4: std::memcpy(guid.as<void>(), mine.data(), 16); mine = given; break;
    case 5: std::memcpy(guid.as<void>(), mine.data(), 16); mine = fresh; break;
  }
  return kErrorSuccess;
}

// TRACE_GUID_REGISTRATION: Guid, RegHandle (pointer-sized each).
uint32_t register_trace_guids(WindowsProcess& p, Ptr callback, Ptr control, uint32_t count, Ptr regs, Ptr handle) {
  if (!callback || !control || !handle) return kErrorInvalidParameter;
  const uint64_t h = new_registration();
  for (uint32_t i = 0; i < count && regs; ++i) p.put_ptr(regs.addr + (2 * i + 1) * p.isa->ptr, h);
  put<uint64_t>(handle.addr, h);
  return kErrorSuccess;
}
uint32_t EtwRegisterTraceGuidsW(WindowsProcess& p, Ptr callback, Ptr, Ptr control, uint32_t count, Ptr regs, Ptr, Ptr,
                                Ptr handle) {
  return register_trace_guids(p, callback, control, count, regs, handle);
}
uint32_t EtwRegisterTraceGuidsA(WindowsProcess& p, Ptr callback, Ptr, Ptr control, uint32_t count, Ptr regs, Ptr, Ptr,
                                Ptr handle) {
  return register_trace_guids(p, callback, control, count, regs, handle);
}
uint32_t EtwUnregisterTraceGuids(WindowsProcess&, uint64_t handle) {
  return unregister(handle) ? kErrorSuccess : kErrorInvalidParameter;
}

// Only a session's buffer holds a logger handle.
uint64_t EtwGetTraceLoggerHandle(WindowsProcess& p, Ptr) {
  p.set_last_error(kErrorInvalidHandle);
  return kInvalidTraceHandle;
}
uint32_t EtwGetTraceEnableFlags(WindowsProcess& p, uint64_t) {
  p.set_last_error(kErrorInvalidHandle);
  return 0;
}
uint8_t EtwGetTraceEnableLevel(WindowsProcess& p, uint64_t) {
  p.set_last_error(kErrorInvalidHandle);
  return 0;
}
uint32_t EtwLogTraceEvent(WindowsProcess&, uint64_t, Ptr) { return kErrorInvalidHandle; }
uint32_t EtwTraceMessage(WindowsProcess&, uint64_t, uint32_t, Ptr, uint32_t, VarArgs) { return kErrorInvalidHandle; }
uint32_t EtwTraceMessageVa(WindowsProcess&, uint64_t, uint32_t, Ptr, uint32_t, Ptr) { return kErrorInvalidHandle; }

}  // namespace ntdll_etw_impl

const std::vector<Export>& ntdll_etw_exports() {
  using namespace ntdll_etw_impl;
  static const std::vector<Export> exports = {
      EXPORT("EtwEventRegister", EtwEventRegister),
      EXPORT("EtwEventUnregister", EtwEventUnregister),
      EXPORT("EtwEventEnabled", EtwEventEnabled),
      EXPORT("EtwEventProviderEnabled", EtwEventProviderEnabled),
      EXPORT("EtwEventWrite", EtwEventWrite),
      EXPORT("EtwEventWriteTransfer", EtwEventWriteTransfer),
      EXPORT("EtwEventWriteString", EtwEventWriteString),
      EXPORT("EtwEventSetInformation", EtwEventSetInformation),
      EXPORT("EtwEventActivityIdControl", EtwEventActivityIdControl),
      EXPORT("EtwRegisterTraceGuidsW", EtwRegisterTraceGuidsW),
      EXPORT("EtwRegisterTraceGuidsA", EtwRegisterTraceGuidsA),
      EXPORT("EtwUnregisterTraceGuids", EtwUnregisterTraceGuids),
      EXPORT("EtwGetTraceLoggerHandle", EtwGetTraceLoggerHandle),
      EXPORT("EtwGetTraceEnableFlags", EtwGetTraceEnableFlags),
      EXPORT("EtwGetTraceEnableLevel", EtwGetTraceEnableLevel),
      EXPORT("EtwLogTraceEvent", EtwLogTraceEvent),
      EXPORT("EtwTraceMessage", EtwTraceMessage),
      EXPORT("EtwTraceMessageVa", EtwTraceMessageVa),
  };
  return exports;
}

}  // namespace polyrun::shims
