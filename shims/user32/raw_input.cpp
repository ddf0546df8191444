// Raw input and device notifications without input devices: GetRawInputDeviceList lists none,
// RegisterRawInputDevices keeps what a program asks for (GetRegisteredRawInputDevices gives it
// back), and no WM_INPUT ever comes, so GetRawInputData has nothing to read; device notifications
// are registered and never sent (no device arrives or leaves).
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

struct RawInputState {
  std::vector<std::vector<uint8_t>> registered;  // RAWINPUTDEVICE entries as given
  uint64_t next_notification = 0xd000;
};
RawInputState& raw_state() {
  static RawInputState s;
  return s;
}

// GetRawInputDeviceList: no devices; with a list, 0 entries written.
uint32_t GetRawInputDeviceList(WindowsProcess& p, Ptr, Ptr count, uint32_t size) {
  if (!count || size != 2u * p.isa->ptr) return fail(p, ERROR_INVALID_PARAMETER), 0xffffffffu;
  put<uint32_t>(count.addr, 0);
  return 0;
}
// RAWINPUTDEVICE: usUsagePage, usUsage, dwFlags, hwndTarget.
BOOL RegisterRawInputDevices(WindowsProcess& p, Ptr devices, uint32_t count, uint32_t size) {
  if (!devices || size != 8u + p.isa->ptr) return fail(p, ERROR_INVALID_PARAMETER);
  RawInputState& s = raw_state();
  for (uint32_t i = 0; i < count; ++i) {
    const uint8_t* d = reinterpret_cast<const uint8_t*>(devices.addr + i * size);
    std::vector<uint8_t> entry(d, d + size);
    const bool remove = (get<uint32_t>(devices.addr + i * size + 4) & 0x1) != 0;  // RIDEV_REMOVE
    std::erase_if(s.registered, [&](const std::vector<uint8_t>& e) { return std::memcmp(e.data(), d, 4) == 0; });
    if (!remove) s.registered.push_back(std::move(entry));
  }
  return TRUE;
}
uint32_t GetRegisteredRawInputDevices(WindowsProcess& p, Ptr devices, Ptr count, uint32_t size) {
  if (!count || size != 8u + p.isa->ptr) return fail(p, ERROR_INVALID_PARAMETER), 0xffffffffu;
  const RawInputState& s = raw_state();
  const uint32_t room = get<uint32_t>(count.addr);
  put<uint32_t>(count.addr, static_cast<uint32_t>(s.registered.size()));
  if (!devices) return 0;
  if (room < s.registered.size()) return fail(p, ERROR_INSUFFICIENT_BUFFER), 0xffffffffu;
  for (size_t i = 0; i < s.registered.size(); ++i) std::memcpy(guest_pointer(devices.addr + i * size), s.registered[i].data(), size);
  return static_cast<uint32_t>(s.registered.size());
}
// GetRawInputData and GetRawInputDeviceInfo: there is no WM_INPUT's handle or device to ask of.
uint32_t GetRawInputData(WindowsProcess& p, Ptr, uint32_t, Ptr, Ptr, uint32_t) { return fail(p, ERROR_INVALID_HANDLE), 0xffffffffu; }
uint32_t GetRawInputDeviceInfoA(WindowsProcess& p, Ptr, uint32_t, Ptr, Ptr) { return fail(p, ERROR_INVALID_HANDLE), 0xffffffffu; }
uint32_t GetRawInputDeviceInfoW(WindowsProcess& p, Ptr, uint32_t, Ptr, Ptr) { return fail(p, ERROR_INVALID_HANDLE), 0xffffffffu; }
uint32_t GetRawInputBuffer(WindowsProcess&, Ptr, Ptr size, uint32_t) {
  if (size) put<uint32_t>(size.addr, 0);
  return 0;
}

Ptr RegisterDeviceNotificationW(WindowsProcess& p, Ptr recipient, Ptr filter, uint32_t) {
  if (!recipient || !filter) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  return raw_state().next_notification++;
}
Ptr RegisterDeviceNotificationA(WindowsProcess& p, Ptr recipient, Ptr filter, uint32_t flags) {
  return RegisterDeviceNotificationW(p, recipient, filter, flags);
}
BOOL UnregisterDeviceNotification(WindowsProcess& p, Ptr handle) {
  if (handle.addr < 0xd000 || handle.addr >= raw_state().next_notification) return fail(p, ERROR_INVALID_HANDLE);
  return TRUE;
}

}  // namespace

const std::vector<Export>& raw_input_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetRawInputDeviceList", GetRawInputDeviceList),
      EXPORT("RegisterRawInputDevices", RegisterRawInputDevices),
      EXPORT("GetRegisteredRawInputDevices", GetRegisteredRawInputDevices),
      EXPORT("GetRawInputData", GetRawInputData),
      EXPORT("GetRawInputDeviceInfoA", GetRawInputDeviceInfoA),
      EXPORT("GetRawInputDeviceInfoW", GetRawInputDeviceInfoW),
      EXPORT("GetRawInputBuffer", GetRawInputBuffer),
      EXPORT("RegisterDeviceNotificationA", RegisterDeviceNotificationA),
      EXPORT("RegisterDeviceNotificationW", RegisterDeviceNotificationW),
      EXPORT("UnregisterDeviceNotification", UnregisterDeviceNotification),
  };
  return e;
}

}  // namespace polyrun::shims::user32
