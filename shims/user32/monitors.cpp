// Monitors and display settings: one monitor, the screen (user32/window_manager.h's `screen`),
// primary, its work area the whole of it (no task bar); EnumDisplayMonitors, MonitorFrom*,
// GetMonitorInfo, EnumDisplayDevices, EnumDisplaySettings(Ex), and ChangeDisplaySettings(Ex),
// which takes the mode the display has and refuses any other.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr uint64_t kMonitor = 1;  // the one HMONITOR (wine 8.0's value for the first)
constexpr uint32_t MONITOR_DEFAULTTONULL = 0, MONITORINFOF_PRIMARY = 1;
const char16_t kDeviceName[] = u"\\\\.\\DISPLAY1";
const char16_t kAdapterName[] = u"polyrun display";

bool overlap(const Rect& a, const Rect& b) { return a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top; }

// MonitorFromPoint, MonitorFromRect, MonitorFromWindow: the monitor, or with MONITOR_DEFAULTTONULL
// none when the point or rectangle is off the screen.
Ptr monitor_for(WindowsProcess& p, bool on_screen, uint32_t flags) {
  (void)p;
  return on_screen || flags != MONITOR_DEFAULTTONULL ? kMonitor : 0;
}
Ptr MonitorFromPoint(WindowsProcess& p, uint64_t point, uint32_t flags) {
  // POINT by value: x and y in one 64-bit argument (x64) or two 32-bit slots (i386: the Arg reads both).
  const int32_t x = static_cast<int32_t>(point & 0xffffffffu), y = static_cast<int32_t>(point >> 32);
  return monitor_for(p, window_manager(p).screen.contains(x, y), flags);
}
Ptr MonitorFromRect(WindowsProcess& p, Ptr rect, uint32_t flags) {
  const Rect r = get<Rect>(rect.addr);
  const Rect& s = window_manager(p).screen;
  return monitor_for(p, overlap(r, s) || (r.empty() && s.contains(r.left, r.top)), flags);
}
Ptr MonitorFromWindow(WindowsProcess& p, Ptr hwnd, uint32_t flags) {
  Window* w = find_window(p, hwnd.addr);
  if (!w) return monitor_for(p, false, flags);
  return monitor_for(p, overlap(screen_rect(p, *w), window_manager(p).screen), flags);
}

// GetMonitorInfo: MONITORINFO (cbSize, rcMonitor, rcWork, dwFlags) or MONITORINFOEX (and szDevice).
BOOL get_monitor_info(WindowsProcess& p, Ptr monitor, Ptr info, bool unicode) {
  if (monitor.addr != kMonitor) return fail(p, ERROR_INVALID_PARAMETER);  // (ERROR_INVALID_MONITOR_HANDLE in Windows 10)
  const uint32_t size = get<uint32_t>(info.addr);
  const uint32_t ex_size = unicode ? 40 + 64 : 40 + 32;
  if (size != 40 && size != ex_size) return fail(p, ERROR_INVALID_PARAMETER);
  const Rect& s = window_manager(p).screen;
  put<Rect>(info.addr + 4, s);
  put<Rect>(info.addr + 20, s);
  put<uint32_t>(info.addr + 36, MONITORINFOF_PRIMARY);
  if (size == ex_size) copy_text_out(p, kDeviceName, Ptr(info.addr + 40), 32, unicode);
  return TRUE;
}
BOOL GetMonitorInfoA(WindowsProcess& p, Ptr m, Ptr info) { return get_monitor_info(p, m, info, false); }
BOOL GetMonitorInfoW(WindowsProcess& p, Ptr m, Ptr info) { return get_monitor_info(p, m, info, true); }

// EnumDisplayMonitors: the monitor within the clip (a DC's clip is the screen: no DCs yet), its
// rectangle to the callback (monitor, hdc, rect, data).
BOOL EnumDisplayMonitors(WindowsProcess& p, Ptr hdc, Ptr clip, Ptr proc, USize data) {
  Rect r = window_manager(p).screen;
  if (clip) {
    const Rect c = get<Rect>(clip.addr);
    r = {std::max(r.left, c.left), std::max(r.top, c.top), std::min(r.right, c.right), std::min(r.bottom, c.bottom)};
    if (r.empty()) return TRUE;
  }
  const uint64_t at = p.heap.alloc(16, true);
  put<Rect>(at, r);
  const uint64_t go_on = p.call_guest(proc.addr, {kMonitor, hdc.addr, at, data});
  p.heap.free(at);
  return static_cast<int32_t>(go_on) != 0;
}

// EnumDisplayDevices: the adapter (device NULL), or the monitor on it (device "\\.\DISPLAY1").
// DISPLAY_DEVICE: cb, DeviceName[32], DeviceString[128], StateFlags, DeviceID[128], DeviceKey[128].
BOOL enum_display_devices(WindowsProcess& p, Ptr device, uint32_t index, Ptr out, bool unicode) {
  if (index != 0 || !out) return FALSE;
  const unsigned ch = unicode ? 2 : 1;
  const uint32_t size = get<uint32_t>(out.addr);
  if (size < 4 + 160 * ch + 4) return FALSE;
  const bool monitor = device && !string_or_atom(p, device.addr, unicode).empty();
  std::memset(guest_pointer(out.addr + 4), 0, size - 4);
  copy_text_out(p, monitor ? std::u16string(kDeviceName) + u"\\Monitor0" : std::u16string(kDeviceName), Ptr(out.addr + 4), 32, unicode);
  copy_text_out(p, monitor ? u"Generic Non-PnP Monitor" : kAdapterName, Ptr(out.addr + 4 + 32 * ch), 128, unicode);
  // DISPLAY_DEVICE_ATTACHED_TO_DESKTOP | PRIMARY_DEVICE; a monitor: ACTIVE | ATTACHED.
  put<uint32_t>(out.addr + 4 + 160 * ch, monitor ? 0x3 : 0x5);
  return TRUE;
}
BOOL EnumDisplayDevicesA(WindowsProcess& p, Ptr device, uint32_t index, Ptr out, uint32_t) { return enum_display_devices(p, device, index, out, false); }
BOOL EnumDisplayDevicesW(WindowsProcess& p, Ptr device, uint32_t index, Ptr out, uint32_t) { return enum_display_devices(p, device, index, out, true); }

// EnumDisplaySettings(Ex): the current (and registry) mode, which is the only mode. DEVMODE:
// dmDeviceName[32], dmSpecVersion, dmDriverVersion, dmSize, dmDriverExtra, dmFields, a union of
// printer and display fields (16 bytes), five shorts, dmFormName[32], dmLogPixels, dmBitsPerPel,
// dmPelsWidth, dmPelsHeight, dmDisplayFlags, dmDisplayFrequency (characters of the call's kind).
BOOL enum_display_settings(WindowsProcess& p, Ptr device, uint32_t mode, Ptr out, bool unicode) {
  (void)device;
  constexpr uint32_t ENUM_CURRENT_SETTINGS = 0xffffffffu, ENUM_REGISTRY_SETTINGS = 0xfffffffeu;
  if (!out || (mode != ENUM_CURRENT_SETTINGS && mode != ENUM_REGISTRY_SETTINGS && mode != 0)) return FALSE;
  const unsigned ch = unicode ? 2 : 1;
  const uint64_t base = out.addr + 32 * ch;  // after dmDeviceName
  const uint16_t size = get<uint16_t>(base + 4);
  const uint16_t extra = get<uint16_t>(base + 6);
  if (size < 60 + 64 * ch) return FALSE;  // (up to dmDisplayFrequency at least, as Windows asks)
  std::memset(guest_pointer(out.addr), 0, size);
  copy_text_out(p, kAdapterName, out, 32, unicode);
  put<uint16_t>(base, 0x401);  // dmSpecVersion (DM_SPECVERSION)
  put<uint16_t>(base + 4, size);
  put<uint16_t>(base + 6, extra);
  // DM_POSITION | DM_DISPLAYORIENTATION | DM_BITSPERPEL | DM_PELSWIDTH | DM_PELSHEIGHT |
  // DM_DISPLAYFLAGS | DM_DISPLAYFREQUENCY
  put<uint32_t>(base + 8, 0x00000020 | 0x00000080 | 0x00040000 | 0x00080000 | 0x00100000 | 0x00200000 | 0x00400000);
  // dmPosition (two LONGs at 12 after dmFields' start), dmDisplayOrientation at 20.
  const uint64_t after_union = base + 12 + 16;  // the union of printer and display fields
  const uint64_t color_block = after_union + 10;  // dmColor, dmDuplex, dmYResolution, dmTTOption, dmCollate
  const uint64_t form = color_block;              // dmFormName[32]
  const uint64_t log_pixels = form + 32 * ch;
  const Rect& s = window_manager(p).screen;
  put<uint16_t>(log_pixels, 96);
  put<uint32_t>(log_pixels + 2, 32);                       // dmBitsPerPel
  put<uint32_t>(log_pixels + 6, static_cast<uint32_t>(s.width()));
  put<uint32_t>(log_pixels + 10, static_cast<uint32_t>(s.height()));
  put<uint32_t>(log_pixels + 14, 0);                       // dmDisplayFlags
  put<uint32_t>(log_pixels + 18, 60);                      // dmDisplayFrequency
  return TRUE;
}
BOOL EnumDisplaySettingsA(WindowsProcess& p, Ptr device, uint32_t mode, Ptr out) { return enum_display_settings(p, device, mode, out, false); }
BOOL EnumDisplaySettingsW(WindowsProcess& p, Ptr device, uint32_t mode, Ptr out) { return enum_display_settings(p, device, mode, out, true); }
BOOL EnumDisplaySettingsExA(WindowsProcess& p, Ptr device, uint32_t mode, Ptr out, uint32_t) { return enum_display_settings(p, device, mode, out, false); }
BOOL EnumDisplaySettingsExW(WindowsProcess& p, Ptr device, uint32_t mode, Ptr out, uint32_t) { return enum_display_settings(p, device, mode, out, true); }

// ChangeDisplaySettings(Ex): NULL (back to the registry's mode) or the current size succeeds
// (DISP_CHANGE_SUCCESSFUL); another mode is DISP_CHANGE_BADMODE.
int32_t change_display_settings(WindowsProcess& p, Ptr mode, bool unicode) {
  if (!mode) return 0;
  const unsigned ch = unicode ? 2 : 1;
  const uint64_t base = mode.addr + 32 * ch;
  const uint32_t fields = get<uint32_t>(base + 8);
  const uint64_t log_pixels = base + 12 + 16 + 10 + 32 * ch;
  const Rect& s = window_manager(p).screen;
  if ((fields & 0x00080000) && get<uint32_t>(log_pixels + 6) != static_cast<uint32_t>(s.width())) return -2;
  if ((fields & 0x00100000) && get<uint32_t>(log_pixels + 10) != static_cast<uint32_t>(s.height())) return -2;
  return 0;
}
int32_t ChangeDisplaySettingsA(WindowsProcess& p, Ptr mode, uint32_t) { return change_display_settings(p, mode, false); }
int32_t ChangeDisplaySettingsW(WindowsProcess& p, Ptr mode, uint32_t) { return change_display_settings(p, mode, true); }
int32_t ChangeDisplaySettingsExA(WindowsProcess& p, Ptr, Ptr mode, Ptr, uint32_t, Ptr) { return change_display_settings(p, mode, false); }
int32_t ChangeDisplaySettingsExW(WindowsProcess& p, Ptr, Ptr mode, Ptr, uint32_t, Ptr) { return change_display_settings(p, mode, true); }

}  // namespace

const std::vector<Export>& monitor_exports() {
  static const std::vector<Export> e = {
      EXPORT("MonitorFromPoint", MonitorFromPoint),
      EXPORT("MonitorFromRect", MonitorFromRect),
      EXPORT("MonitorFromWindow", MonitorFromWindow),
      EXPORT("GetMonitorInfoA", GetMonitorInfoA),
      EXPORT("GetMonitorInfoW", GetMonitorInfoW),
      EXPORT("EnumDisplayMonitors", EnumDisplayMonitors),
      EXPORT("EnumDisplayDevicesA", EnumDisplayDevicesA),
      EXPORT("EnumDisplayDevicesW", EnumDisplayDevicesW),
      EXPORT("EnumDisplaySettingsA", EnumDisplaySettingsA),
      EXPORT("EnumDisplaySettingsW", EnumDisplaySettingsW),
      EXPORT("EnumDisplaySettingsExA", EnumDisplaySettingsExA),
      EXPORT("EnumDisplaySettingsExW", EnumDisplaySettingsExW),
      EXPORT("ChangeDisplaySettingsA", ChangeDisplaySettingsA),
      EXPORT("ChangeDisplaySettingsW", ChangeDisplaySettingsW),
      EXPORT("ChangeDisplaySettingsExA", ChangeDisplaySettingsExA),
      EXPORT("ChangeDisplaySettingsExW", ChangeDisplaySettingsExW),
  };
  return e;
}

}  // namespace polyrun::shims::user32
