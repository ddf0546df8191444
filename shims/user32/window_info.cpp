// What a window tells of itself and the small commands on it: GetWindowInfo, the module that made
// it (GetWindowModuleFileName), its context help id, ShowWindowAsync, minimizing and restoring
// (CloseWindow, OpenIcon), owned pop-ups shown and hidden with their owner (ShowOwnedPopups,
// AnyPopup); and of the thread and process: IsGUIThread, the default layout (left to right),
// SetLastErrorEx, the USER and GDI objects a process holds (GetGuiResources).
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr uint32_t WS_ACTIVECAPTION = 0x1, WS_EX_DLGMODALFRAME = 0x1;
constexpr int32_t SW_HIDE = 0, SW_SHOWNORMAL = 1, SW_MINIMIZE = 6, SW_SHOWNOACTIVATE = 4;
constexpr uint32_t WM_SHOWWINDOW = 0x18, SW_PARENTCLOSING = 1, SW_PARENTOPENING = 3;

// WINDOWINFO: cbSize, rcWindow, rcClient (screen coordinates), dwStyle, dwExStyle, dwWindowStatus,
// cxWindowBorders, cyWindowBorders, atomWindowType, wCreatorVersion (60 bytes).
BOOL GetWindowInfo(WindowsProcess& p, Ptr hwnd, Ptr info) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (!info) return fail(p, ERROR_NOACCESS);
  const Rect win = screen_rect(p, *w), cl = client_screen_rect(p, *w);
  put<Rect>(info.addr + 4, win);
  put<Rect>(info.addr + 20, cl);
  put<uint32_t>(info.addr + 36, w->style);
  put<uint32_t>(info.addr + 40, w->ex_style);
  put<uint32_t>(info.addr + 44, own_queue(p).input->active == w->handle ? WS_ACTIVECAPTION : 0);
  put<uint32_t>(info.addr + 48, static_cast<uint32_t>(cl.left - win.left));
  put<uint32_t>(info.addr + 52, static_cast<uint32_t>(win.bottom - cl.bottom));
  put<uint16_t>(info.addr + 56, w->cls->atom);
  put<uint16_t>(info.addr + 58, 0x0400);  // WINVER
  return TRUE;
}

// The file of the module whose instance made the window (a window of this process).
uint32_t module_file_name(WindowsProcess& p, Ptr hwnd, Ptr buf, uint32_t size, bool wide) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;
  return static_cast<uint32_t>(
      p.call_export("kernel32.dll", wide ? "GetModuleFileNameW" : "GetModuleFileNameA", {w->instance, buf.addr, size}, 0));
}
uint32_t GetWindowModuleFileNameW(WindowsProcess& p, Ptr hwnd, Ptr buf, uint32_t size) { return module_file_name(p, hwnd, buf, size, true); }
uint32_t GetWindowModuleFileNameA(WindowsProcess& p, Ptr hwnd, Ptr buf, uint32_t size) { return module_file_name(p, hwnd, buf, size, false); }

std::map<uint64_t, uint32_t>& help_ids() {
  static std::map<uint64_t, uint32_t> ids;
  return ids;
}
BOOL SetWindowContextHelpId(WindowsProcess& p, Ptr hwnd, uint32_t id) {
  if (!window_or_fail(p, hwnd.addr)) return FALSE;
  help_ids()[hwnd.addr] = id;
  return TRUE;
}
uint32_t GetWindowContextHelpId(WindowsProcess& p, Ptr hwnd) {
  if (!window_or_fail(p, hwnd.addr)) return 0;
  auto it = help_ids().find(hwnd.addr);
  return it == help_ids().end() ? 0 : it->second;
}

// ShowWindowAsync: ShowWindow for a window of this thread; another thread's is told to show it
// (the message waits in its queue, and the call does not wait for it).
BOOL ShowWindowAsync(WindowsProcess& p, Ptr hwnd, int32_t cmd) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (w->thread_id == p.thread().id) {
    const bool was = (w->style & WS_VISIBLE) != 0;
    show_window_command(p, hwnd.addr, cmd);
    return was;
  }
  ThreadQueue* q = queue_of(p, w->thread_id);
  if (!q) return FALSE;
  const uint64_t h = hwnd.addr;
  q->owed.push_back([h, cmd](WindowsProcess& pp) { show_window_command(pp, h, cmd); });
  p.wake_waiters();
  return TRUE;
}

// CloseWindow minimizes a top-level window (it does not destroy it); OpenIcon restores a minimized
// one.
BOOL CloseWindow(WindowsProcess& p, Ptr hwnd) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w || (w->style & WS_CHILD)) return FALSE;
  show_window_command(p, hwnd.addr, SW_MINIMIZE);
  return TRUE;
}
BOOL OpenIcon(WindowsProcess& p, Ptr hwnd) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w || !(w->style & WS_MINIMIZE)) return FALSE;
  show_window_command(p, hwnd.addr, SW_SHOWNORMAL);
  return TRUE;
}

// The top-level windows the window owns.
std::vector<uint64_t> owned_popups(WindowsProcess& p, uint64_t owner) {
  std::vector<uint64_t> out;
  for (uint64_t h : find_window(p, window_manager(p).desktop)->children)
    if (Window* w = find_window(p, h); w && w->owner == owner && w->handle != owner) out.push_back(h);
  return out;
}
// ShowOwnedPopups(owner, show): hiding hides the owned pop-ups that are shown (WM_SHOWWINDOW with
// SW_PARENTCLOSING) and remembers them; showing shows again those it hid (SW_PARENTOPENING).
std::map<uint64_t, bool>& hidden_by_owner() {
  static std::map<uint64_t, bool> hidden;
  return hidden;
}
BOOL ShowOwnedPopups(WindowsProcess& p, Ptr owner, int32_t show) {
  if (!window_or_fail(p, owner.addr)) return FALSE;
  for (uint64_t h : owned_popups(p, owner.addr)) {
    Window* w = find_window(p, h);
    if (!w || !(w->style & WS_POPUP)) continue;
    if (show) {
      if (!hidden_by_owner().erase(h)) continue;
      send_message(p, h, WM_SHOWWINDOW, 1, SW_PARENTOPENING);
      show_window_command(p, h, SW_SHOWNOACTIVATE);
    } else if (w->style & WS_VISIBLE) {
      hidden_by_owner()[h] = true;
      send_message(p, h, WM_SHOWWINDOW, 0, SW_PARENTCLOSING);
      show_window_command(p, h, SW_HIDE);
    }
  }
  return TRUE;
}
// AnyPopup: whether an owned top-level window is shown, or a shown pop-up.
BOOL AnyPopup(WindowsProcess& p) {
  for (uint64_t h : find_window(p, window_manager(p).desktop)->children) {
    Window* w = find_window(p, h);
    if (w && (w->style & WS_VISIBLE) && (w->owner || (w->style & WS_POPUP))) return TRUE;
  }
  return FALSE;
}

// IsGUIThread(convert): whether the thread has USER32's thread state (its message queue); with
// convert, it gets one.
BOOL IsGUIThread(WindowsProcess& p, int32_t convert) {
  if (queue_of(p, p.thread().id)) return TRUE;
  if (!convert) return FALSE;
  own_queue(p);
  return TRUE;
}

// The layout new top-level windows take: left to right (0) in this process.
BOOL GetProcessDefaultLayout(WindowsProcess& p, Ptr layout) {
  if (!layout) return fail(p, ERROR_NOACCESS);
  put<uint32_t>(layout.addr, 0);
  return TRUE;
}

// SetLastErrorEx(error, type): the type (SLE_ERROR …) is not kept, as since Windows Vista.
void SetLastErrorEx(WindowsProcess& p, uint32_t error, uint32_t) { p.set_last_error(error); }

// GetGuiResources(process, flags): this process's GDI objects (GR_GDIOBJECTS 0) or USER objects
// (GR_USEROBJECTS 1: windows, menus, hooks …), now or at their peak (2, 4); another process's are
// its own (0, ERROR_INVALID_PARAMETER here for any handle but GetCurrentProcess()'s).
uint32_t GetGuiResources(WindowsProcess& p, Ptr process, uint32_t flags) {
  const bool me = process.addr == (p.isa->ptr == 8 ? ~0ull : 0xffffffffull);  // GetCurrentProcess()
  if (!me) return p.set_last_error(ERROR_INVALID_PARAMETER), 0u;
  static uint32_t peak_gdi = 0, peak_user = 0;
  const uint32_t gdi = static_cast<uint32_t>(gdi32::gdi_table(p).count());
  const uint32_t user = static_cast<uint32_t>(window_manager(p).windows.size() + window_manager(p).hooks.size());
  if (gdi > peak_gdi) peak_gdi = gdi;
  if (user > peak_user) peak_user = user;
  switch (flags) {
    case 0: return gdi;
    case 1: return user;
    case 2: return peak_gdi;
    case 4: return peak_user;
    default: return p.set_last_error(ERROR_INVALID_PARAMETER), 0u;
  }
}

}  // namespace

const std::vector<Export>& window_info_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetWindowInfo", GetWindowInfo),
      EXPORT("GetWindowModuleFileNameW", GetWindowModuleFileNameW),
      EXPORT("GetWindowModuleFileNameA", GetWindowModuleFileNameA),
      EXPORT("GetWindowModuleFileName", GetWindowModuleFileNameA),
      EXPORT("SetWindowContextHelpId", SetWindowContextHelpId),
      EXPORT("GetWindowContextHelpId", GetWindowContextHelpId),
      EXPORT("ShowWindowAsync", ShowWindowAsync),
      EXPORT("CloseWindow", CloseWindow),
      EXPORT("OpenIcon", OpenIcon),
      EXPORT("ShowOwnedPopups", ShowOwnedPopups),
      EXPORT("AnyPopup", AnyPopup),
      EXPORT("IsGUIThread", IsGUIThread),
      EXPORT("GetProcessDefaultLayout", GetProcessDefaultLayout),
      EXPORT("SetLastErrorEx", SetLastErrorEx),
      EXPORT("GetGuiResources", GetGuiResources),
  };
  return e;
}

}  // namespace polyrun::shims::user32
