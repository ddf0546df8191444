// Where a window is placed, as a whole: GetWindowPlacement and SetWindowPlacement (its normal
// rectangle and show state), the deferred moves of BeginDeferWindowPos/DeferWindowPos/
// EndDeferWindowPos (made in order at the end), and IsWindowUnicode.
#include <map>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr int32_t SW_SHOWNORMAL = 1, SW_SHOWMINIMIZED = 2, SW_SHOWMAXIMIZED = 3;
constexpr uint32_t kPlacementSize = 44;  // WINDOWPLACEMENT: length, flags, showCmd, two POINTs, a RECT

BOOL GetWindowPlacement(WindowsProcess& p, Ptr hwnd, Ptr out) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  const int32_t show = (w->style & WS_MINIMIZE) ? SW_SHOWMINIMIZED : (w->style & WS_MAXIMIZE) ? SW_SHOWMAXIMIZED : SW_SHOWNORMAL;
  put<uint32_t>(out.addr, kPlacementSize);
  put<uint32_t>(out.addr + 4, 0);
  put<int32_t>(out.addr + 8, show);
  for (unsigned i = 0; i < 4; ++i) put<int32_t>(out.addr + 12 + 4 * i, -1);  // no minimized or maximized position
  // (the parent's coordinates: the work area's for a top-level window; a maximized or minimized
  // one's is the rectangle it is restored to)
  put<Rect>(out.addr + 28, (w->style & (WS_MAXIMIZE | WS_MINIMIZE)) ? w->normal : w->window);
  return TRUE;
}

BOOL SetWindowPlacement(WindowsProcess& p, Ptr hwnd, Ptr in) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (!in || get<uint32_t>(in.addr) != kPlacementSize) return fail(p, ERROR_INVALID_PARAMETER);
  const int32_t show = get<int32_t>(in.addr + 8);
  const Rect r = get<Rect>(in.addr + 28);
  set_window_position(p, hwnd.addr, 0, r.left, r.top, r.width(), r.height(), SWP_NOZORDER | SWP_NOACTIVATE);
  if (find_window(p, hwnd.addr)) show_window_command(p, hwnd.addr, show);
  return TRUE;
}

BOOL IsWindowUnicode(WindowsProcess& p, Ptr hwnd) {
  Window* w = find_window(p, hwnd.addr);
  return w && w->unicode;
}

// Deferred positions: a handle of its own for each BeginDeferWindowPos.
struct Deferred {
  uint64_t hwnd, after;
  int32_t x, y, cx, cy;
  uint32_t flags;
};
std::map<uint64_t, std::vector<Deferred>>& deferrals() {
  static std::map<uint64_t, std::vector<Deferred>> d;
  return d;
}
Ptr BeginDeferWindowPos(WindowsProcess& p, int32_t count) {
  if (count < 0) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  static uint64_t next = 0xdf00;
  const uint64_t h = next++;
  deferrals()[h].reserve(static_cast<size_t>(count));
  return h;
}
Ptr DeferWindowPos(WindowsProcess& p, Ptr info, Ptr hwnd, Ptr after, int32_t x, int32_t y, int32_t cx, int32_t cy, uint32_t flags) {
  auto it = deferrals().find(info.addr);
  if (it == deferrals().end()) return fail(p, ERROR_INVALID_HANDLE), Ptr(0);
  if (!window_or_fail(p, hwnd.addr)) {
    deferrals().erase(it);  // (Windows abandons the whole set)
    return Ptr(0);
  }
  for (Deferred& d : it->second)
    if (d.hwnd == hwnd.addr) {
      d = {hwnd.addr, after.addr, x, y, cx, cy, flags};  // a second move of the same window replaces the first
      return info;
    }
  it->second.push_back({hwnd.addr, after.addr, x, y, cx, cy, flags});
  return info;
}
BOOL EndDeferWindowPos(WindowsProcess& p, Ptr info) {
  auto it = deferrals().find(info.addr);
  if (it == deferrals().end()) return fail(p, ERROR_INVALID_HANDLE);
  const std::vector<Deferred> moves = std::move(it->second);
  deferrals().erase(it);
  for (const Deferred& d : moves)
    if (find_window(p, d.hwnd)) set_window_position(p, d.hwnd, d.after, d.x, d.y, d.cx, d.cy, d.flags);
  return TRUE;
}

}  // namespace

const std::vector<Export>& window_placement_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetWindowPlacement", GetWindowPlacement),
      EXPORT("SetWindowPlacement", SetWindowPlacement),
      EXPORT("IsWindowUnicode", IsWindowUnicode),
      EXPORT("BeginDeferWindowPos", BeginDeferWindowPos),
      EXPORT("DeferWindowPos", DeferWindowPos),
      EXPORT("EndDeferWindowPos", EndDeferWindowPos),
  };
  return e;
}

}  // namespace polyrun::shims::user32
