// Which window is at a point: WindowFromPoint (screen coordinates: the topmost visible, enabled
// window there, down to the deepest child; the desktop where no window is), ChildWindowFromPoint(Ex) and RealChildWindowFromPoint
// (a parent's client coordinates: one level down). WindowFromPoint passes over a window whose
// region (SetWindowRgn) leaves the point out; ChildWindowFromPoint and its kin look at the
// children's rectangles alone, as wine 8.0 does.
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/region_algebra.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr uint32_t CWP_SKIPINVISIBLE = 1, CWP_SKIPDISABLED = 2, CWP_SKIPTRANSPARENT = 4;

// The child of `parent` at (x, y) in its client coordinates, by z-order, with the skips asked (and
// `shaped`: where its region has the point); 0 if none.
uint64_t child_at(WindowsProcess& p, Window& parent, int32_t x, int32_t y, uint32_t skip, bool shaped) {
  for (uint64_t h : parent.children) {
    Window* c = find_window(p, h);
    if (!c || !c->window.contains(x, y)) continue;
    if (shaped && c->region && !c->region->contains(x - c->window.left, y - c->window.top)) continue;
    if ((skip & CWP_SKIPINVISIBLE) && !(c->style & WS_VISIBLE)) continue;
    if ((skip & CWP_SKIPDISABLED) && (c->style & WS_DISABLED)) continue;
    if ((skip & CWP_SKIPTRANSPARENT) && (c->ex_style & WS_EX_TRANSPARENT)) continue;
    return h;
  }
  return 0;
}

Ptr WindowFromPoint(WindowsProcess& p, uint64_t point) {
  const int32_t x = static_cast<int32_t>(point & 0xffffffffu), y = static_cast<int32_t>(point >> 32);
  const WindowManager& wm = window_manager(p);
  Window* w = find_window(p, wm.desktop);
  // (A point on the screen where no window is: the desktop window's.)
  uint64_t found = wm.screen.contains(x, y) ? wm.desktop : 0;
  int32_t cx = x, cy = y;  // in the current parent's client coordinates
  while (w) {
    const uint64_t h = child_at(p, *w, cx, cy, CWP_SKIPINVISIBLE | CWP_SKIPDISABLED | CWP_SKIPTRANSPARENT, true);
    if (!h) break;
    found = h;
    w = find_window(p, h);
    if (!w || !w->client.contains(cx, cy)) break;
    cx -= w->client.left;
    cy -= w->client.top;
  }
  return found;
}
Ptr WindowFromPhysicalPoint(WindowsProcess& p, uint64_t point) { return WindowFromPoint(p, point); }

// ChildWindowFromPointEx: the parent itself when the point is in it but in none of its children;
// 0 when it is outside the parent.
Ptr ChildWindowFromPointEx(WindowsProcess& p, Ptr hwnd, uint64_t point, uint32_t skip) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return Ptr(0);
  const int32_t x = static_cast<int32_t>(point & 0xffffffffu), y = static_cast<int32_t>(point >> 32);
  if (w->handle != window_manager(p).desktop && !Rect{0, 0, w->client.width(), w->client.height()}.contains(x, y))
    return Ptr(0);
  const uint64_t c = child_at(p, *w, x, y, skip, false);
  return c ? c : w->handle;
}
Ptr ChildWindowFromPoint(WindowsProcess& p, Ptr hwnd, uint64_t point) { return ChildWindowFromPointEx(p, hwnd, point, 0); }
Ptr RealChildWindowFromPoint(WindowsProcess& p, Ptr hwnd, uint64_t point) {
  return ChildWindowFromPointEx(p, hwnd, point, CWP_SKIPINVISIBLE | CWP_SKIPTRANSPARENT);
}

}  // namespace

uint64_t top_level_at(WindowsProcess& p, int32_t x, int32_t y) {
  Window* d = find_window(p, window_manager(p).desktop);
  return d ? child_at(p, *d, x, y, CWP_SKIPINVISIBLE, true) : 0;
}

const std::vector<Export>& window_from_point_exports() {
  static const std::vector<Export> e = {
      EXPORT("WindowFromPoint", WindowFromPoint),
      EXPORT("WindowFromPhysicalPoint", WindowFromPhysicalPoint),
      EXPORT("ChildWindowFromPoint", ChildWindowFromPoint),
      EXPORT("ChildWindowFromPointEx", ChildWindowFromPointEx),
      EXPORT("RealChildWindowFromPoint", RealChildWindowFromPoint),
  };
  return e;
}

}  // namespace polyrun::shims::user32
