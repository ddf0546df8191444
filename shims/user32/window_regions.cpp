// Window regions: SetWindowRgn, GetWindowRgn, GetWindowRgnBox. A window's region (window
// coordinates: from the top-left corner of its frame) is its shape: nothing of the window shows
// outside it or outside its window rectangle, its DCs draw only inside (user32/window_dcs.cpp),
// WindowFromPoint and the mouse pass through it elsewhere (user32/window_from_point.cpp,
// user32/mouse_input.cpp), and a top-level window's display window takes the shape
// (user32/display.cpp). The system owns the region handed to SetWindowRgn: the window keeps a
// copy and the handle is deleted, as Windows and wine 8.0 delete it. Setting a region sends what
// SetWindowPos sends for SWP_FRAMECHANGED without moving the window (wine 8.0's flags); with
// bRedraw, what the new shape exposes of the window is painted again, and what it uncovers of a
// child's parent is the parent's to paint.
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

using gdi32::Region;

Region window_shape(WindowsProcess& p, const Window& w) {
  const Rect r = screen_rect(p, w);
  if (!w.region) return Region(r);
  Region s = Region::combine(*w.region, Region(Rect{0, 0, r.width(), r.height()}), Region::Op::And);
  s.offset(r.left, r.top);
  return s;
}

bool in_window_shape(WindowsProcess& p, const Window& w, int32_t x, int32_t y) {
  const Rect r = screen_rect(p, w);
  return r.contains(x, y) && (!w.region || w.region->contains(x - r.left, y - r.top));
}

namespace {

enum : int32_t { RGN_ERROR = 0 };

// A window's and its descendants' painting state, kept across an invalidation meant for others.
struct PaintState {
  Window* w;
  Rect update;
  bool erase, frame_dirty;
};
void save_paint_states(WindowsProcess& p, Window& w, std::vector<PaintState>& out) {
  out.push_back({&w, w.update, w.erase, w.frame_dirty});
  for (uint64_t h : w.children)
    if (Window* c = find_window(p, h)) save_paint_states(p, *c, out);
}

// Invalidates each rectangle of `r` (screen coordinates) in the window and its children there,
// background first: a child only where a rectangle meets it.
void invalidate_region(WindowsProcess& p, Window& w, const Region& r) {
  const Rect client = client_screen_rect(p, w);
  for (const Rect& x : r.rects()) invalidate_uncovered(p, w.handle, x.offset(-client.left, -client.top));
}

// With bRedraw, before the window hears of its new frame: what the new shape shows that the old
// one did not is the window's (and its children's) to paint, background first; what the old one
// covered and the new one does not is a child's parent's (and the other children's there), and
// the child's client area is painted again without erasing, as wine 8.0 does. (A top-level
// window's display shows what lies under it by itself.)
void expose_region_change(WindowsProcess& p, Window& w, const Region& before) {
  const Region after = window_shape(p, w);
  invalidate_region(p, w, Region::combine(after, before, Region::Op::Diff));
  Window* parent = (w.style & WS_CHILD) ? find_window(p, w.parent) : nullptr;
  if (!parent) return;
  // (The parent's invalidation reaches the window itself, which shows nothing there: its state
  // stays as it was.)
  std::vector<PaintState> kept;
  save_paint_states(p, w, kept);
  invalidate_region(p, *parent, Region::combine(before, after, Region::Op::Diff));
  for (const PaintState& s : kept) s.w->update = s.update, s.w->erase = s.erase, s.w->frame_dirty = s.frame_dirty;
  invalidate_rect(p, w.handle, nullptr, false);
}

int32_t SetWindowRgn(WindowsProcess& p, Ptr hwnd, Ptr hrgn, int32_t redraw) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  std::shared_ptr<const Region> region;
  if (hrgn) {
    auto* o = gdi32::gdi_table(p).find_as<gdi32::RegionObject>(hrgn.addr, gdi32::OBJ_REGION);
    if (!o) return FALSE;
    region = std::make_shared<const Region>(*o->region);
    gdi32::gdi_table(p).remove(hrgn.addr);
  }
  const bool shown = visible(p, w->handle);
  const Region before = shown ? window_shape(p, *w) : Region();
  w->region = std::move(region);
  if (w->parent == window_manager(p).desktop) display_window_shape(p, *w);
  if (shown && redraw) expose_region_change(p, *w, before);
  uint32_t flags = SWP_NOSIZE | SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE | SWP_FRAMECHANGED | SWP_NOCLIENTSIZE |
                   SWP_NOCLIENTMOVE;
  if (!redraw) flags |= SWP_NOREDRAW;
  set_window_position(p, hwnd.addr, 0, 0, 0, 0, 0, flags);
  return TRUE;
}

// GetWindowRgn: a copy of the window's region in the caller's region; its kind, or ERROR when the
// window has none.
int32_t GetWindowRgn(WindowsProcess& p, Ptr hwnd, Ptr hrgn) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w || !w->region) return RGN_ERROR;
  auto* o = gdi32::gdi_table(p).find_as<gdi32::RegionObject>(hrgn.addr, gdi32::OBJ_REGION);
  if (!o) return RGN_ERROR;
  *o->region = *w->region;
  return o->region->kind();
}

int32_t GetWindowRgnBox(WindowsProcess& p, Ptr hwnd, Ptr rect) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w || !w->region || !rect) return RGN_ERROR;
  put<Rect>(rect.addr, w->region->bounds());
  return w->region->kind();
}

}  // namespace

const std::vector<Export>& window_region_exports() {
  static const std::vector<Export> e = {
      EXPORT("SetWindowRgn", SetWindowRgn),
      EXPORT("GetWindowRgn", GetWindowRgn),
      EXPORT("GetWindowRgnBox", GetWindowRgnBox),
  };
  return e;
}

}  // namespace polyrun::shims::user32
