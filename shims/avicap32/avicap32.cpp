// AVICAP32.dll: Video for Windows capture. capGetDriverDescription lists the capture drivers
// installed: this machine has none (polyrun installs no Video for Windows driver), so index 0 is
// already past the list and the call answers FALSE, as Windows does with no driver installed.
// capCreateCaptureWindow makes the capture window (class "ClsCapWin", a system class of this
// DLL's): its WM_CAP_* messages answer as a capture window that is connected to no driver does
// (Microsoft's pages: FALSE, a connection to a driver (WM_CAP_DRIVER_CONNECT) fails since none is
// installed); the callbacks, the user data and the capture file's name it keeps; the rest of its
// messages are DefWindowProc's.
#include "shims/avicap32/exports.h"
#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/user32/controls.h"

namespace polyrun::shims {

namespace {

// WM_CAP_START is WM_USER; the narrow messages from there, the wide ones from WM_CAP_START + 100.
constexpr uint32_t WM_CAP_START = 0x400, WM_CAP_UNICODE_START = WM_CAP_START + 100, WM_CAP_END = WM_CAP_UNICODE_START + 81;
constexpr uint32_t WM_CAP_GET_CAPSTREAMPTR = WM_CAP_START + 1, WM_CAP_SET_CALLBACK_ERRORA = WM_CAP_START + 2,
                   WM_CAP_SET_CALLBACK_STATUSA = WM_CAP_START + 3, WM_CAP_SET_CALLBACK_YIELD = WM_CAP_START + 4,
                   WM_CAP_SET_CALLBACK_FRAME = WM_CAP_START + 5, WM_CAP_SET_CALLBACK_VIDEOSTREAM = WM_CAP_START + 6,
                   WM_CAP_SET_CALLBACK_WAVESTREAM = WM_CAP_START + 7, WM_CAP_GET_USER_DATA = WM_CAP_START + 8,
                   WM_CAP_SET_USER_DATA = WM_CAP_START + 9, WM_CAP_SET_CALLBACK_CAPCONTROL = WM_CAP_START + 85,
                   WM_CAP_FILE_SET_CAPTURE_FILEA = WM_CAP_START + 20, WM_CAP_FILE_GET_CAPTURE_FILEA = WM_CAP_START + 21;

struct CaptureWindow : user32::ControlState {
  uint64_t user_data = 0;
  uint64_t callbacks[8] = {};
  std::string capture_file = "C:\\CAPTURE.AVI";  // the default capture file's name
};

uint64_t capture_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  if (msg < WM_CAP_START || msg > WM_CAP_END) return user32::def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  user32::Window* w = user32::find_window(p, hwnd);
  if (!w) return 0;
  if (!w->control) w->control = std::make_shared<CaptureWindow>();
  auto& s = user32::control_state<CaptureWindow>(*w);
  const bool wide = msg >= WM_CAP_UNICODE_START;
  const uint32_t m = wide ? msg - 100 : msg;  // the same message's narrow number
  switch (m) {
    case WM_CAP_GET_USER_DATA: return s.user_data;
    case WM_CAP_SET_USER_DATA: s.user_data = lparam; return 1;
    case WM_CAP_SET_CALLBACK_ERRORA: case WM_CAP_SET_CALLBACK_STATUSA: case WM_CAP_SET_CALLBACK_YIELD:
    case WM_CAP_SET_CALLBACK_FRAME: case WM_CAP_SET_CALLBACK_VIDEOSTREAM: case WM_CAP_SET_CALLBACK_WAVESTREAM:
      s.callbacks[m - WM_CAP_SET_CALLBACK_ERRORA] = lparam;
      return 1;
    case WM_CAP_SET_CALLBACK_CAPCONTROL: s.callbacks[7] = lparam; return 1;
    case WM_CAP_FILE_SET_CAPTURE_FILEA: {
      if (!lparam) return 0;
      s.capture_file = wide ? utf16_to_utf8(std::u16string(reinterpret_cast<const char16_t*>(guest_pointer(lparam))))
                            : std::string(reinterpret_cast<const char*>(guest_pointer(lparam)));
      return 1;
    }
    case WM_CAP_FILE_GET_CAPTURE_FILEA: {
      if (!lparam || !wparam) return 0;
      const std::u16string u = utf8_to_utf16(s.capture_file);
      const size_t n = std::min<size_t>(wparam - 1, wide ? u.size() : s.capture_file.size());
      if (wide) {
        copy_guest(guest_pointer(lparam), u.data(), n * 2, lparam, true);
        put<uint16_t>(lparam + 2 * n, 0);
      } else {
        copy_guest(guest_pointer(lparam), s.capture_file.data(), n, lparam, true);
        put<uint8_t>(lparam + n, 0);
      }
      return 1;
    }
    default:
      // Everything that needs a driver (connecting to one, its name and capabilities, status,
      // formats, previews, grabbing and capturing, dialogs …): no driver is connected.
      return 0;
  }
}

const user32::ControlClass& capture_class() {
  static const Export entry = EXPORT("CaptureWindowProc", user32::control_entry<capture_proc>);
  // CS_GLOBALCLASS | CS_DBLCLKS; no extra bytes; the arrow; the button face's colour.
  static const user32::ControlClass c{u"ClsCapWin", 0x4000 | 0x8, 0, capture_proc, &entry, 32512, 15 + 1};
  return c;
}

std::vector<const user32::ControlClass*> capture_classes() { return {&capture_class()}; }
const user32::ExtraClasses kRegistered{capture_classes};

uint64_t create_window(WindowsProcess& p, uint64_t name, bool wide, uint32_t style, int32_t x, int32_t y, int32_t cx,
                       int32_t cy, uint64_t parent, int32_t id) {
  const std::u16string cls = u"ClsCapWin";
  const uint64_t cls_at = p.heap.alloc((cls.size() + 1) * 2);
  copy_guest(guest_pointer(cls_at), cls.c_str(), (cls.size() + 1) * 2, cls_at, true);
  uint64_t name_w = name;
  if (name && !wide) {
    const std::u16string u = ansi_to_utf16(reinterpret_cast<const char*>(guest_pointer(name)));
    name_w = p.heap.alloc((u.size() + 1) * 2);
    copy_guest(guest_pointer(name_w), u.c_str(), (u.size() + 1) * 2, name_w, true);
  }
  auto arg = [](int64_t v) { return static_cast<uint64_t>(v); };
  const uint64_t hwnd = p.call_export("user32.dll", "CreateWindowExW",
                                      {0, cls_at, name_w, style, arg(x), arg(y), arg(cx), arg(cy), parent,
                                       static_cast<uint64_t>(static_cast<uint32_t>(id)), 0, 0});
  if (name_w != name) p.heap.free(name_w);
  p.heap.free(cls_at);
  return hwnd;
}

Ptr capCreateCaptureWindowA(WindowsProcess& p, AStr name, uint32_t style, int32_t x, int32_t y, int32_t cx, int32_t cy,
                            Ptr parent, int32_t id) {
  return create_window(p, name.addr, false, style, x, y, cx, cy, parent.addr, id);
}
Ptr capCreateCaptureWindowW(WindowsProcess& p, WStr name, uint32_t style, int32_t x, int32_t y, int32_t cx, int32_t cy,
                            Ptr parent, int32_t id) {
  return create_window(p, name.addr, true, style, x, y, cx, cy, parent.addr, id);
}

uint32_t capGetDriverDescriptionA(WindowsProcess&, uint16_t, Ptr, int32_t, Ptr, int32_t) { return 0; }
uint32_t capGetDriverDescriptionW(WindowsProcess&, uint16_t, Ptr, int32_t, Ptr, int32_t) { return 0; }

}  // namespace

const Dll kAvicap32{
    "avicap32.dll",
    false,
    {
        EXPORT("capCreateCaptureWindowA", capCreateCaptureWindowA),
        EXPORT("capCreateCaptureWindowW", capCreateCaptureWindowW),
        EXPORT("capGetDriverDescriptionA", capGetDriverDescriptionA),
        EXPORT("capGetDriverDescriptionW", capGetDriverDescriptionW),
    },
};

}  // namespace polyrun::shims
