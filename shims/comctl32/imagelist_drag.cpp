// Image lists' dragging: one drag image for the process (BeginDrag copies the image into a list of
// its own; SetDragCursorImage merges a cursor image into it), shown over a window's pixels (its
// whole window DC, the desktop's for none) at the drag position less the hotspot, drawn at 75 %
// opacity; what it covers is kept and put back when it moves or hides.
#include <cstdlib>

#include "shims/comctl32/imagelist.h"
#include "shims/core/guest_memory.h"
#include "shims/core/win_result.h"

namespace polyrun::shims::comctl32::imagelist {

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

struct Drag {
  uint64_t hwnd = 0, list = 0, list_no_cursor = 0;
  int32_t x = 0, y = 0, hot_x = 0, hot_y = 0;
  bool shown = false;
  uint64_t saved = 0;  // bitmap of what the image covers
};
Drag& drag() {
  static Drag d;
  return d;
}

constexpr uint64_t kCopy = 0xcc0020;  // SRCCOPY
constexpr uint64_t DCX_WINDOW = 0x1, DCX_CACHE = 0x2, DCX_LOCKWINDOWUPDATE = 0x400;

uint64_t user32(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("user32.dll", name, args);
}
uint64_t gdi(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return p.call_export("gdi32.dll", name, args);
}

void release_list(WindowsProcess& p, uint64_t h) {
  if (List* l = find(h))
    if (!--l->refs) destroy(p, h);
}

// The drag image at (x, y) of a DC, 75 % opaque (ILS_ALPHA, 192).
void draw_drag(WindowsProcess& p, uint64_t hdc, int32_t x, int32_t y) {
  DrawParams d;
  d.list = drag().list, d.hdc = hdc, d.x = x, d.y = y, d.state = ILS_ALPHA, d.frame = 192;
  draw(p, d);
}

bool show(WindowsProcess& p, bool on) {
  Drag& g = drag();
  List* l = find(g.list);
  if (!l || g.shown == on) return false;
  const int32_t x = g.x - g.hot_x, y = g.y - g.hot_y;
  const uint64_t hdc = user32(p, "GetDCEx", {g.hwnd, 0, DCX_WINDOW | DCX_CACHE | DCX_LOCKWINDOWUPDATE});
  if (!hdc) return false;
  const uint64_t bg = gdi(p, "CreateCompatibleDC", {hdc});
  if (!g.saved) g.saved = gdi(p, "CreateCompatibleBitmap", {hdc, static_cast<uint32_t>(l->cx), static_cast<uint32_t>(l->cy)});
  gdi(p, "SelectObject", {bg, g.saved});
  const uint64_t cx = static_cast<uint32_t>(l->cx), cy = static_cast<uint32_t>(l->cy);
  if (on) {
    gdi(p, "BitBlt", {bg, 0, 0, cx, cy, hdc, static_cast<uint32_t>(x), static_cast<uint32_t>(y), kCopy});
    draw_drag(p, hdc, x, y);
  } else {
    gdi(p, "BitBlt", {hdc, static_cast<uint32_t>(x), static_cast<uint32_t>(y), cx, cy, bg, 0, 0, kCopy});
  }
  g.shown = on;
  gdi(p, "DeleteDC", {bg});
  user32(p, "ReleaseDC", {g.hwnd, hdc});
  return true;
}

BOOL ImageList_BeginDrag(WindowsProcess& p, Ptr h, int32_t i, int32_t hot_x, int32_t hot_y) {
  Lock lk(lock());
  List* src = find(h.addr);
  Drag& g = drag();
  if (!src || i >= src->count || g.list) return 0;
  const uint64_t copy = create(p, src->cx, src->cy, src->flags, 1, 1);
  List* c = find(copy);
  if (!c) return 0;
  src = find(h.addr);
  if (!reserve(p, *c, 1)) {
    destroy(p, copy);
    return 0;
  }
  if (i >= 0) copy_image(*src, i, *c, 0);
  c->count = 1;
  g.list = g.list_no_cursor = copy;
  g.hot_x = hot_x, g.hot_y = hot_y;
  return 1;
}

void ImageList_EndDrag(WindowsProcess& p) {
  Lock lk(lock());
  Drag& g = drag();
  if (g.list != g.list_no_cursor) release_list(p, g.list_no_cursor);
  release_list(p, g.list);
  if (g.saved) gdi(p, "DeleteObject", {g.saved});
  g = Drag{};
}

BOOL ImageList_DragEnter(WindowsProcess& p, Ptr hwnd, int32_t x, int32_t y) {
  Lock lk(lock());
  Drag& g = drag();
  if (!find(g.list)) return 0;
  g.hwnd = hwnd ? hwnd.addr : user32(p, "GetDesktopWindow", {});
  g.x = x, g.y = y;
  return show(p, true);
}

BOOL ImageList_DragLeave(WindowsProcess& p, Ptr) {
  Lock lk(lock());
  show(p, false);
  return 1;
}

BOOL ImageList_DragShowNolock(WindowsProcess& p, BOOL on) {
  Lock lk(lock());
  return show(p, on != 0);
}

BOOL ImageList_DragMove(WindowsProcess& p, int32_t x, int32_t y) {
  Lock lk(lock());
  Drag& g = drag();
  List* l = find(g.list);
  if (!l) return 0;
  if (g.shown) {
    // The region both positions cover, composed off screen: the old place restored, what the new
    // place covers kept, the image drawn, then the whole region put back on the window at once.
    const int32_t nx = x - g.hot_x, ny = y - g.hot_y, ox = g.x - g.hot_x, oy = g.y - g.hot_y;
    const int32_t rx = std::min(nx, ox), ry = std::min(ny, oy);
    const uint64_t rw = static_cast<uint32_t>(l->cx + std::abs(x - g.x)), rh = static_cast<uint32_t>(l->cy + std::abs(y - g.y));
    const uint64_t cx = static_cast<uint32_t>(l->cx), cy = static_cast<uint32_t>(l->cy);
    const uint64_t hdc = user32(p, "GetDCEx", {g.hwnd, 0, DCX_WINDOW | DCX_CACHE | DCX_LOCKWINDOWUPDATE});
    const uint64_t off = gdi(p, "CreateCompatibleDC", {hdc}), bg = gdi(p, "CreateCompatibleDC", {hdc});
    const uint64_t bm = gdi(p, "CreateCompatibleBitmap", {hdc, rw, rh});
    gdi(p, "SelectObject", {off, bm});
    gdi(p, "SelectObject", {bg, g.saved});
    auto u = [](int32_t v) { return static_cast<uint64_t>(static_cast<uint32_t>(v)); };
    gdi(p, "BitBlt", {off, 0, 0, rw, rh, hdc, u(rx), u(ry), kCopy});
    gdi(p, "BitBlt", {off, u(ox - rx), u(oy - ry), cx, cy, bg, 0, 0, kCopy});
    gdi(p, "BitBlt", {bg, 0, 0, cx, cy, off, u(nx - rx), u(ny - ry), kCopy});
    draw_drag(p, off, nx - rx, ny - ry);
    gdi(p, "BitBlt", {hdc, u(rx), u(ry), rw, rh, off, 0, 0, kCopy});
    gdi(p, "DeleteDC", {bg});
    gdi(p, "DeleteDC", {off});
    gdi(p, "DeleteObject", {bm});
    user32(p, "ReleaseDC", {g.hwnd, hdc});
  }
  g.x = x, g.y = y;
  return 1;
}

// POINTs: the drag position and the hotspot.
Ptr ImageList_GetDragImage(WindowsProcess&, Ptr pos, Ptr hot) {
  Lock lk(lock());
  Drag& g = drag();
  if (!find(g.list)) return Ptr();
  if (pos) put<int32_t>(pos.addr, g.x), put<int32_t>(pos.addr + 4, g.y);
  if (hot) put<int32_t>(hot.addr, g.hot_x), put<int32_t>(hot.addr + 4, g.hot_y);
  return Ptr(g.list);
}

BOOL ImageList_SetDragCursorImage(WindowsProcess& p, Ptr h, int32_t i, int32_t hot_x, int32_t hot_y) {
  Lock lk(lock());
  Drag& g = drag();
  if (!find(g.list) || !find(h.addr)) return 0;
  const bool visible = g.shown;
  const uint64_t merged = merge(p, g.list_no_cursor, 0, h.addr, i, hot_x, hot_y);
  if (!merged) return 0;
  if (visible) show(p, false);
  const List* old = find(g.list);
  const List* now = find(merged);
  if (g.saved && old && now && (old->cx != now->cx || old->cy != now->cy)) {
    gdi(p, "DeleteObject", {g.saved});
    g.saved = 0;
  }
  if (g.list != g.list_no_cursor) release_list(p, g.list);
  g.list = merged;
  if (visible) show(p, true);
  return 1;
}

}  // namespace

const std::vector<Export>& drag_exports() {
  static const std::vector<Export> e = {
      EXPORT("ImageList_BeginDrag", ImageList_BeginDrag),
      EXPORT("ImageList_EndDrag", ImageList_EndDrag),
      EXPORT("ImageList_DragEnter", ImageList_DragEnter),
      EXPORT("ImageList_DragLeave", ImageList_DragLeave),
      EXPORT("ImageList_DragShowNolock", ImageList_DragShowNolock),
      EXPORT("ImageList_DragMove", ImageList_DragMove),
      EXPORT("ImageList_GetDragImage", ImageList_GetDragImage),
      EXPORT("ImageList_SetDragCursorImage", ImageList_SetDragCursorImage),
  };
  return e;
}

}  // namespace polyrun::shims::comctl32::imagelist
