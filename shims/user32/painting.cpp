// What needs painting: InvalidateRect, ValidateRect, GetUpdateRect, UpdateWindow, RedrawWindow, and
// the same by region (InvalidateRgn, ValidateRgn, GetUpdateRgn, ExcludeUpdateRgn, RedrawWindow's
// region: each rectangle of the region in turn). A visible window's update region is kept as the
// rectangle that bounds it (client coordinates; a hidden window has none, as nothing of it is on
// the screen), which GetUpdateRgn hands out as a one-rectangle region; a visible
// window with one gets WM_PAINT from its queue (user32/messages.cpp), or at once from UpdateWindow
// and RedrawWindow(RDW_UPDATENOW). Drawing itself (BeginPaint's DC) is GDI32's.
#include <algorithm>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  RDW_INVALIDATE = 0x1, RDW_INTERNALPAINT = 0x2, RDW_ERASE = 0x4, RDW_VALIDATE = 0x8, RDW_NOINTERNALPAINT = 0x10,
  RDW_NOERASE = 0x20, RDW_NOCHILDREN = 0x40, RDW_ALLCHILDREN = 0x80, RDW_UPDATENOW = 0x100, RDW_ERASENOW = 0x200,
  RDW_FRAME = 0x400, RDW_NOFRAME = 0x800,
};

Rect clipped(const Rect& r, const Window& w) {
  const Rect c{std::max(r.left, 0), std::max(r.top, 0), std::min(r.right, w.client.width()), std::min(r.bottom, w.client.height())};
  return c.empty() ? Rect{} : c;
}

// Adds `r` (the whole client area when null) to what needs painting in `w`, and in its children
// when asked (their own coordinates).
void invalidate(WindowsProcess& p, Window& w, const Rect* r, bool erase, bool children) {
  if (!visible(p, w.handle)) return;  // (nothing of a hidden window is on the screen to paint)
  const Rect all{0, 0, w.client.width(), w.client.height()};
  const Rect add = clipped(r ? *r : all, w);
  if (!add.empty()) {
    w.update = w.update.bounds(add);
    w.erase = w.erase || erase;
  }
  if (!children) return;
  for (uint64_t h : w.children) {
    Window* c = find_window(p, h);
    if (!c || !(c->style & WS_VISIBLE)) continue;
    // (A child's frame under the rectangle is painted again too: its parent's background may
    // cover it.)
    if (c->window != c->client && !add.intersect(c->window).empty()) c->frame_dirty = true;
    Rect in_child = add;
    in_child = {in_child.left - c->client.left, in_child.top - c->client.top, in_child.right - c->client.left,
                in_child.bottom - c->client.top};
    invalidate(p, *c, &in_child, erase, true);
  }
}

void validate(Window& w, const Rect* r) {
  if (!r) {
    w.update = Rect{};
    w.erase = false;
    return;
  }
  // Only a rectangle that covers the whole update region empties it (the region is kept as its
  // bounds); one covering a whole side shrinks it.
  Rect& u = w.update;
  if (r->left <= u.left && r->right >= u.right && r->top <= u.top && r->bottom >= u.bottom) {
    u = Rect{};
    w.erase = false;
  } else if (r->left <= u.left && r->right >= u.right) {
    if (r->top <= u.top && r->bottom > u.top) u.top = r->bottom;
    else if (r->bottom >= u.bottom && r->top < u.bottom) u.bottom = r->top;
  } else if (r->top <= u.top && r->bottom >= u.bottom) {
    if (r->left <= u.left && r->right > u.left) u.left = r->right;
    else if (r->right >= u.right && r->left < u.right) u.right = r->left;
  }
  if (u.empty()) u = Rect{};
}

// Paints now what needs painting: WM_PAINT to the window (and its children, with RDW_ALLCHILDREN).
void paint_now(WindowsProcess& p, uint64_t hwnd, bool children) {
  Window* w = find_window(p, hwnd);
  if (!w || !visible(p, hwnd)) return;
  if (!w->update.empty()) {
    send_message(p, hwnd, WM_PAINT, 0, 0);
    if ((w = find_window(p, hwnd)) && !w->update.empty()) {
      w->update = Rect{};  // (a procedure that did not validate: Windows does not ask again)
      w->erase = false;
    }
  }
  if (!children || !(w = find_window(p, hwnd))) return;
  const std::vector<uint64_t> kids = w->children;
  for (uint64_t h : kids) paint_now(p, h, true);
}

BOOL InvalidateRect(WindowsProcess& p, Ptr hwnd, Ptr rect, int32_t erase) {
  if (!hwnd) {
    // Every top-level window, as Windows repaints the whole desktop.
    for (uint64_t h : find_window(p, window_manager(p).desktop)->children)
      if (Window* w = find_window(p, h)) invalidate(p, *w, nullptr, true, true);
    return TRUE;
  }
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  Rect r;
  if (rect) r = get<Rect>(rect.addr);
  invalidate(p, *w, rect ? &r : nullptr, erase != 0, !(w->style & WS_CLIPCHILDREN));
  return TRUE;
}
BOOL ValidateRect(WindowsProcess& p, Ptr hwnd, Ptr rect) {
  Window* w = hwnd ? window_or_fail(p, hwnd.addr) : nullptr;
  if (!w) return hwnd ? FALSE : TRUE;
  Rect r;
  if (rect) r = get<Rect>(rect.addr);
  validate(*w, rect ? &r : nullptr);
  return TRUE;
}
BOOL GetUpdateRect(WindowsProcess& p, Ptr hwnd, Ptr out, int32_t erase) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (out) put<Rect>(out.addr, w->update);
  if (erase && w->erase && !w->update.empty()) {
    w->erase = false;
    send_message(p, hwnd.addr, WM_ERASEBKGND, 0, 0);
  }
  return !w->update.empty();
}
BOOL UpdateWindow(WindowsProcess& p, Ptr hwnd) {
  if (!window_or_fail(p, hwnd.addr)) return FALSE;
  paint_now(p, hwnd.addr, false);
  return TRUE;
}
// The rectangles of a region object (client coordinates); false for a handle that is no region.
bool region_rects(WindowsProcess& p, uint64_t hrgn, std::vector<Rect>& out) {
  auto* o = gdi32::gdi_table(p).find_as<gdi32::RegionObject>(hrgn, gdi32::OBJ_REGION);
  if (!o) return false;
  out = o->region->rects();
  return true;
}

BOOL RedrawWindow(WindowsProcess& p, Ptr hwnd, Ptr rect, Ptr region, uint32_t flags) {
  const uint64_t h = hwnd ? hwnd.addr : window_manager(p).desktop;
  Window* w = window_or_fail(p, h);
  if (!w) return FALSE;
  // The area: the region's rectangles, else the rectangle, else the whole client area.
  std::vector<Rect> area;
  if (region) {
    if (!region_rects(p, region.addr, area)) return FALSE;
  } else if (rect) {
    area.push_back(get<Rect>(rect.addr));
  }
  const bool whole = !region && !rect;
  const bool children = (flags & RDW_ALLCHILDREN) || (!(flags & RDW_NOCHILDREN) && !(w->style & WS_CLIPCHILDREN));
  if (flags & RDW_INVALIDATE) {
    if (whole) invalidate(p, *w, nullptr, (flags & RDW_ERASE) != 0, children);
    for (const Rect& r : area) invalidate(p, *w, &r, (flags & RDW_ERASE) != 0, children);
    if ((flags & RDW_FRAME) && visible(p, w->handle)) w->frame_dirty = true;  // (the non-client area too)
  }
  if (flags & RDW_VALIDATE) {
    if (whole) validate(*w, nullptr);
    for (const Rect& r : area) validate(*w, &r);
  }
  if (flags & (RDW_UPDATENOW | RDW_ERASENOW)) paint_now(p, w->handle, children);
  return TRUE;
}

// InvalidateRgn(hwnd, hrgn, erase): the region (NULL: the whole client area) added, as RedrawWindow
// with RDW_INVALIDATE adds it; always nonzero (its page).
BOOL InvalidateRgn(WindowsProcess& p, Ptr hwnd, Ptr hrgn, int32_t erase) {
  RedrawWindow(p, hwnd, Ptr(0), hrgn, RDW_INVALIDATE | (erase ? RDW_ERASE : 0));
  return TRUE;
}
// ValidateRgn(hwnd, hrgn): the region (NULL: all) taken out of the update region.
BOOL ValidateRgn(WindowsProcess& p, Ptr hwnd, Ptr hrgn) {
  if (hwnd && !window_or_fail(p, hwnd.addr)) return FALSE;
  return RedrawWindow(p, hwnd, Ptr(0), hrgn, RDW_VALIDATE);
}
// GetUpdateRgn(hwnd, hrgn, erase): the update region copied into the caller's region; its kind
// (NULLREGION with none), ERROR for a bad window or region. With erase, WM_ERASEBKGND if due.
int32_t GetUpdateRgn(WindowsProcess& p, Ptr hwnd, Ptr hrgn, int32_t erase) {
  constexpr int32_t kError = 0;
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return kError;
  auto* o = gdi32::gdi_table(p).find_as<gdi32::RegionObject>(hrgn.addr, gdi32::OBJ_REGION);
  if (!o) return kError;
  *o->region = w->update.empty() ? gdi32::Region() : gdi32::Region(w->update);
  if (erase && w->erase && !w->update.empty()) {
    w->erase = false;
    send_message(p, hwnd.addr, WM_ERASEBKGND, 0, 0);
  }
  return o->region->kind();
}
// ExcludeUpdateRgn(hdc, hwnd): the window's update region taken out of the DC's clipping region,
// which keeps a program's drawing outside what will be painted again; the clipping region's kind.
int32_t ExcludeUpdateRgn(WindowsProcess& p, Ptr hdc, Ptr hwnd) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;
  const Rect u = w->update;
  return static_cast<int32_t>(p.call_export("gdi32.dll", "ExcludeClipRect",
                                            {hdc.addr, static_cast<uint32_t>(u.left), static_cast<uint32_t>(u.top),
                                             static_cast<uint32_t>(u.right), static_cast<uint32_t>(u.bottom)}, 0));
}

}  // namespace

void invalidate_rect(WindowsProcess& p, uint64_t hwnd, const Rect* r, bool erase) {
  if (Window* w = find_window(p, hwnd)) invalidate(p, *w, r, erase, !(w->style & WS_CLIPCHILDREN));
}
void invalidate_uncovered(WindowsProcess& p, uint64_t parent, const Rect& r) {
  if (Window* w = find_window(p, parent)) invalidate(p, *w, &r, true, true);
}
void update_window(WindowsProcess& p, uint64_t hwnd) {
  if (find_window(p, hwnd)) paint_now(p, hwnd, false);
}

void invalidate_all(WindowsProcess& p, Window& w) {
  if (!visible(p, w.handle)) return;
  w.frame_dirty = true;
  w.update = {0, 0, w.client.width(), w.client.height()};
  w.erase = true;
  for (uint64_t h : w.children)
    if (Window* c = find_window(p, h); c && (c->style & WS_VISIBLE)) invalidate_all(p, *c);
}

const std::vector<Export>& painting_exports() {
  static const std::vector<Export> e = {
      EXPORT("InvalidateRect", InvalidateRect), EXPORT("ValidateRect", ValidateRect),
      EXPORT("GetUpdateRect", GetUpdateRect),   EXPORT("UpdateWindow", UpdateWindow),
      EXPORT("RedrawWindow", RedrawWindow),     EXPORT("InvalidateRgn", InvalidateRgn),
      EXPORT("ValidateRgn", ValidateRgn),       EXPORT("GetUpdateRgn", GetUpdateRgn),
      EXPORT("ExcludeUpdateRgn", ExcludeUpdateRgn),
  };
  return e;
}

}  // namespace polyrun::shims::user32
