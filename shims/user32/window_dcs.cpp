// Window DCs and painting through them: GetDC, GetDCEx, GetWindowDC, ReleaseDC, WindowFromDC,
// BeginPaint and EndPaint, and the WM_NCPAINT/WM_ERASEBKGND due when a window is shown. Every
// top-level window has a surface of its own size (a display back end shows it; without one it is
// kept in memory), on which the window and its children draw; a window DC's origin is its client
// area (or for GetWindowDC its window) on that surface, and what it may touch is the window's
// visible part: within its ancestors' client areas, without the siblings above it that clip
// (WS_CLIPSIBLINGS) or its children (WS_CLIPCHILDREN), nothing of a hidden window. The desktop's
// DC (GetDC(NULL)) draws on the screen's surface.
#include <set>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"
#include "shims/user32/caret.h"
#include "shims/user32/controls.h"
#include "shims/user32/menus.h"
#include "shims/user32/scroll_bars.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

using gdi32::DeviceContext;
using gdi32::Region;

namespace {

enum : uint32_t {
  DCX_WINDOW = 0x1, DCX_CACHE = 0x2, DCX_CLIPCHILDREN = 0x8, DCX_CLIPSIBLINGS = 0x10, DCX_PARENTCLIP = 0x20,
  DCX_EXCLUDERGN = 0x40, DCX_INTERSECTRGN = 0x80, DCX_USESTYLE = 0x10000,
  CS_OWNDC = 0x20, CS_CLASSDC = 0x40, CS_PARENTDC = 0x80,
};
// Marks DCs USER32 made (the rest of DeviceContext::dc_flags is the DCX_* asked for).
constexpr uint64_t kWindowDc = 1ull << 40, kPaintDc = 1ull << 41;

Window* top_level_of(WindowsProcess& p, Window* w) {
  const WindowManager& wm = window_manager(p);
  while (w && w->parent && w->parent != wm.desktop && w->parent != wm.message_root) w = find_window(p, w->parent);
  return w;
}

}  // namespace

std::shared_ptr<gdi32::Surface> screen_surface(WindowsProcess& p) {
  WindowManager& wm = window_manager(p);
  if (!wm.screen_surface) {
    wm.screen_surface = std::make_shared<gdi32::Surface>(wm.screen.width(), wm.screen.height(), gdi32::screen_format());
    const uint32_t v = wm.screen_surface->pixel_of(sys_color(1 /* COLOR_DESKTOP */));
    for (int32_t y = 0; y < wm.screen_surface->height(); ++y)
      wm.screen_surface->and_xor_span(y, 0, wm.screen_surface->width(), 0, v);
  }
  return wm.screen_surface;
}

namespace {

std::shared_ptr<gdi32::Surface> surface_of(WindowsProcess& p, Window& top) {
  if (top.handle == window_manager(p).desktop) return screen_surface(p);
  // (A window larger than any screen keeps pixels for its first 16384 x 16384: nothing beyond
  // could be seen.)
  const int32_t w = std::clamp(top.window.width(), 1, 16384), h = std::clamp(top.window.height(), 1, 16384);
  if (!top.surface || top.surface->width() != w || top.surface->height() != h)
    top.surface = std::make_shared<gdi32::Surface>(w, h, gdi32::screen_format());
  return top.surface;
}

// What of the window a DC may touch, in its top-level window's surface coordinates: within its
// own and its ancestors' shapes (window regions), less the shapes of what clips.
Region visible_region(WindowsProcess& p, Window& w, bool whole_window, uint64_t flags, const Rect& top_screen) {
  const WindowManager& wm = window_manager(p);
  if (w.handle != wm.desktop && !visible(p, w.handle)) return Region();
  const auto shape = [&](const Window& x) {
    Region s = window_shape(p, x);
    s.offset(-top_screen.left, -top_screen.top);
    return s;
  };
  const Rect area = (whole_window ? screen_rect(p, w) : client_screen_rect(p, w)).offset(-top_screen.left, -top_screen.top);
  Region r(area);
  if (w.region) r = Region::combine(r, shape(w), Region::Op::And);
  Window* cur = &w;
  while (cur->parent && cur->parent != wm.desktop && cur->parent != wm.message_root) {
    Window* parent = find_window(p, cur->parent);
    if (!parent) break;
    r = Region::combine(r, Region(client_screen_rect(p, *parent).offset(-top_screen.left, -top_screen.top)), Region::Op::And);
    if (parent->region) r = Region::combine(r, shape(*parent), Region::Op::And);
    const bool clip_siblings = (cur->style & WS_CLIPSIBLINGS) || (cur == &w && (flags & DCX_CLIPSIBLINGS));
    if (clip_siblings) {
      for (uint64_t h : parent->children) {
        if (h == cur->handle) break;
        Window* sib = find_window(p, h);
        if (sib && (sib->style & WS_VISIBLE)) r = Region::combine(r, shape(*sib), Region::Op::Diff);
      }
    }
    cur = parent;
  }
  // (WS_CLIPCHILDREN is the client area's: GetWindowDC draws over the children, as wine 8.0's.)
  const bool clip_children = ((w.style & WS_CLIPCHILDREN) && !whole_window) || (flags & DCX_CLIPCHILDREN);
  if (clip_children) {
    for (uint64_t h : w.children) {
      Window* c = find_window(p, h);
      if (c && (c->style & WS_VISIBLE)) r = Region::combine(r, shape(*c), Region::Op::Diff);
    }
  }
  return r;
}

// The DCs of BeginPaint that hid their window's caret.
std::set<uint64_t>& caret_hidden_dcs() {
  static std::set<uint64_t> dcs;
  return dcs;
}

// The update rectangle a DC from BeginPaint is limited to (client coordinates), by DC handle.
std::map<uint64_t, Rect>& paint_rects() {
  static std::map<uint64_t, Rect> rects;
  return rects;
}

// A DC's surface, origin and visible part, brought up to date before each drawing call (windows
// move, resize and hide under a DC a program holds).
void refresh_window_dc(WindowsProcess* proc, uint64_t hwnd, DeviceContext& dc) {
  WindowsProcess& p = *proc;
  Window* w = find_window(p, hwnd ? hwnd : window_manager(p).desktop);
  Window* top = top_level_of(p, w);
  if (!w || !top) {
    dc.surface = nullptr;
    dc.visible = std::make_shared<Region>();
    return;
  }
  dc.surface = surface_of(p, *top);
  const Rect top_screen = top->handle == window_manager(p).desktop ? Rect{} : screen_rect(p, *top);
  const bool whole = dc.dc_flags & DCX_WINDOW;
  const Rect area = whole ? screen_rect(p, *w) : client_screen_rect(p, *w);
  dc.origin = {area.left - top_screen.left, area.top - top_screen.top};
  Region vis = visible_region(p, *w, whole, dc.dc_flags, top_screen);
  if (dc.dc_flags & kPaintDc)
    vis = Region::combine(vis, Region(paint_rects()[dc.handle].offset(dc.origin.x, dc.origin.y)), Region::Op::And);
  dc.visible = std::make_shared<Region>(std::move(vis));
  gdi32::dc_changed(dc);
}

DeviceContext& make_window_dc(WindowsProcess& p, uint64_t hwnd, uint64_t flags) {
  DeviceContext& dc = gdi32::new_dc(p, false);
  dc.hwnd = hwnd;
  dc.dc_flags = flags | kWindowDc;
  WindowsProcess* proc = &p;
  dc.refresh = [proc, hwnd](DeviceContext& d) { refresh_window_dc(proc, hwnd, d); };
  return dc;
}

// A DC limited to `paint` (BeginPaint's, and the one WM_ERASEBKGND gets): the window's own DC
// for a CS_OWNDC window, a new one otherwise. end_paint_dc lets it go.
// A CS_OWNDC (or CS_CLASSDC) window's one DC for its client area (made at its first use), which
// ReleaseDC leaves; 0 for a window of another class.
uint64_t own_dc(WindowsProcess& p, Window& w) {
  if (!w.cls || !(w.cls->style & (CS_OWNDC | CS_CLASSDC))) return 0;
  if (!w.own_dc || !gdi32::find_dc(p, w.own_dc)) w.own_dc = make_window_dc(p, w.handle, DCX_USESTYLE).handle;
  return w.own_dc;
}

uint64_t begin_paint_dc(WindowsProcess& p, uint64_t hwnd, const Rect& paint) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  uint64_t hdc = own_dc(p, *w);
  if (!hdc) hdc = make_window_dc(p, hwnd, DCX_USESTYLE).handle;
  DeviceContext* dc = gdi32::find_dc(p, hdc);
  dc->dc_flags |= kPaintDc;
  paint_rects()[hdc] = paint;
  gdi32::dc_changed(*dc);
  return hdc;
}
// What a DC from begin_paint_dc may touch, in client coordinates: its clip box, the update
// rectangle less what a window region or what clips leaves out. The background is erased only
// where there is some (wine 8.0's BeginPaint).
Rect paint_clip_box(WindowsProcess& p, uint64_t hdc) {
  DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!dc) return {};
  const Region& clip = gdi32::drawing_clip(p, *dc);
  return clip.empty() ? Rect{} : clip.bounds().offset(-dc->origin.x, -dc->origin.y);
}
void end_paint_dc(WindowsProcess& p, uint64_t hwnd, uint64_t hdc) {
  DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!dc || !(dc->dc_flags & kPaintDc)) return;
  paint_rects().erase(hdc);
  dc->dc_flags &= ~kPaintDc;
  gdi32::dc_changed(*dc);
  release_window_dc(p, hwnd, hdc);
}

}  // namespace

uint64_t window_dc(WindowsProcess& p, uint64_t hwnd, bool whole_window) {
  Window* w = hwnd ? find_window(p, hwnd) : nullptr;
  if (hwnd && !w) return fail(p, ERROR_INVALID_WINDOW_HANDLE);
  if (w && !whole_window)
    if (const uint64_t own = own_dc(p, *w)) return own;
  return make_window_dc(p, hwnd, (whole_window ? uint64_t{DCX_WINDOW} : 0) | DCX_CACHE).handle;
}

void release_window_dc(WindowsProcess& p, uint64_t, uint64_t hdc) {
  DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!dc || !(dc->dc_flags & kWindowDc)) return;
  if (Window* w = find_window(p, dc->hwnd); w && w->own_dc == hdc) return;
  gdi32::delete_dc(p, *dc);
}

void erase_now(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w || !visible(p, hwnd)) return;
  if (w->frame_dirty) {
    w->frame_dirty = false;
    send_message(p, hwnd, WM_NCPAINT, 1, 0);
    if (!(w = find_window(p, hwnd))) return;
  }
  if (w->erase && !w->update.empty()) {
    w->erase = false;
    const uint64_t hdc = begin_paint_dc(p, hwnd, w->update);
    if (!paint_clip_box(p, hdc).empty()) send_message(p, hwnd, WM_ERASEBKGND, hdc, 0);
    end_paint_dc(p, hwnd, hdc);
    if (!(w = find_window(p, hwnd))) return;
  }
  const std::vector<uint64_t> kids = w->children;
  for (uint64_t h : kids) erase_now(p, h);
}

void default_paint(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  if (w->frame_dirty && visible(p, hwnd)) default_nc_paint(p, hwnd);
  if (!(w = find_window(p, hwnd))) return;
  const Rect paint = w->update;
  const bool erase = w->erase && !paint.empty();
  w->update = Rect{};
  w->erase = false;
  if (!erase) return;
  const uint64_t hdc = begin_paint_dc(p, hwnd, paint);
  if (!paint_clip_box(p, hdc).empty()) send_message(p, hwnd, WM_ERASEBKGND, hdc, 0);
  end_paint_dc(p, hwnd, hdc);
}

bool default_erase(WindowsProcess& p, uint64_t hwnd, uint64_t hdc) {
  Window* w = find_window(p, hwnd);
  DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!w || !w->cls || !w->cls->background) return false;
  if (!dc) return false;
  const uint64_t brush = background_brush(p, w->cls->background);
  return gdi32::fill_rect_with_brush(p, *dc, {0, 0, w->client.width(), w->client.height()}, static_cast<uint32_t>(brush));
}

// The frame (a raised 3-D edge for a sizing or dialog frame, a line for WS_BORDER) and the
// caption bar in the active or inactive caption colour; the rest of the non-client area in the
// button face colour. (Caption text, icons and buttons wait for GDI32's text.)
namespace {

// The window's title in the caption: the caption font of SystemParametersInfo's non-client
// metrics (Tahoma, bold, 11 pixels), the caption text colour, left-aligned and centred in height.
void caption_text(WindowsProcess& p, DeviceContext& dc, const Window& w, const Rect& band, bool active) {
  if (w.text.empty() || band.empty()) return;
  static uint32_t font = 0;
  if (!font || !gdi32::gdi_table(p).find(font)) {
    auto f = std::make_unique<gdi32::Font>();
    f->log.height = -11, f->log.weight = 700, f->log.face = u"Tahoma";
    f->stock = true;  // (the window manager's own: never deleted)
    font = gdi32::gdi_table(p).add(std::move(f));
  }
  const gdi32::DcState saved = dc.s;
  gdi32::select_object(p, dc, font);
  dc.s.bk_mode = gdi32::TRANSPARENT;
  dc.s.text_color = sys_color(active ? 9 /* COLOR_CAPTIONTEXT */ : 19 /* COLOR_INACTIVECAPTIONTEXT */);
  gdi32::TextMetrics tm;
  if (gdi32::logical_text_metrics(p, dc, tm)) {
    const int32_t y = band.top + (band.height() - tm.height) / 2;
    gdi32::ext_text_out(p, dc, band.left + 4, y, 4 /* ETO_CLIPPED */, &band, w.text, nullptr, true);
  }
  gdi32::select_object(p, dc, saved.font);
  dc.s.bk_mode = saved.bk_mode, dc.s.text_color = saved.text_color;
}

}  // namespace

Rect close_box(WindowsProcess& p, const Window& w) {
  const Rect win = screen_rect(p, w), cl = client_screen_rect(p, w);
  const int32_t border = cl.left - win.left;
  const int32_t height = std::min(system_metric(p, 4 /* SM_CYCAPTION */) - 1, cl.top - win.top - border);
  if (height <= 2) return {};
  return {win.right - border - height, win.top + border, win.right - border, win.top + border + height};
}

Rect caption_button(WindowsProcess& p, const Window& w, int which) {
  const Rect close = close_box(p, w);
  if (which == 0 || close.empty()) return close;
  if (!(w.style & (WS_MINIMIZEBOX | WS_MAXIMIZEBOX)) || (w.style & WS_CHILD)) return {};
  const Rect max = close.offset(-close.width(), 0);
  return which == 1 ? max : max.offset(-max.width(), 0);
}

void default_nc_paint(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  w->frame_dirty = false;
  const Rect win = screen_rect(p, *w), cl = client_screen_rect(p, *w);
  const Rect client{cl.left - win.left, cl.top - win.top, cl.right - win.left, cl.bottom - win.top};
  const Rect all{0, 0, win.width(), win.height()};
  if (client == all || all.empty()) return;
  const uint64_t hdc = window_dc(p, hwnd, true);
  DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!dc) return;
  const auto fill = [&](const Rect& r, int32_t color) { fill_sys_color(p, *dc, r, color); };
  enum : int32_t { COLOR_ACTIVECAPTION = 2, COLOR_INACTIVECAPTION = 3, COLOR_BTNFACE = 15 };
  fill({0, 0, all.right, client.top}, COLOR_BTNFACE);
  fill({0, client.bottom, all.right, all.bottom}, COLOR_BTNFACE);
  fill({0, client.top, client.left, client.bottom}, COLOR_BTNFACE);
  fill({client.right, client.top, all.right, client.bottom}, COLOR_BTNFACE);
  // A sizing or dialog frame: DrawEdge's EDGE_RAISED all round; a border: its BF_MONO line.
  Rect r = all;
  if ((w->style & (WS_THICKFRAME | WS_DLGFRAME)) || (w->ex_style & WS_EX_DLGMODALFRAME)) r = draw_edge(p, *dc, r, 0x5, 0xf);  // (EDGE_RAISED, BF_RECT)
  else if (w->style & WS_BORDER) r = draw_edge(p, *dc, r, 0x1, 0x800f);  // (BDR_RAISEDOUTER, BF_RECT | BF_MONO)
  if ((w->style & WS_CAPTION) == WS_CAPTION) {
    const int32_t border = client.left > 0 ? client.left : r.left;
    const int32_t bottom = std::min(border + system_metric(p, 4 /* SM_CYCAPTION */) - 1, client.top);
    const bool active = own_queue(p).input->active == hwnd || window_manager(p).foreground == hwnd;
    fill({border, border, all.right - border, bottom}, active ? COLOR_ACTIVECAPTION : COLOR_INACTIVECAPTION);
    const Rect min_box = (w->style & WS_SYSMENU) ? caption_button(p, *w, 2).offset(-win.left, -win.top) : Rect{};
    const int32_t text_right = !min_box.empty() ? min_box.left : all.right - border - (bottom - border);
    caption_text(p, *dc, *w, {border, border, text_right, bottom}, active);
    if (!min_box.empty()) {
      // The minimize and maximize (restore, when maximized) buttons: a bar, a window, two windows;
      // grey where the style lacks the box.
      const Rect max_box = caption_button(p, *w, 1).offset(-win.left, -win.top);
      const int32_t inset = std::max(2, max_box.width() / 4);
      const int32_t min_colour = (w->style & WS_MINIMIZEBOX) ? 9 : 17 /* COLOR_GRAYTEXT */;
      const int32_t max_colour = (w->style & WS_MAXIMIZEBOX) ? 9 : 17;
      fill({min_box.left + inset, min_box.bottom - inset - 2, min_box.right - inset, min_box.bottom - inset}, min_colour);
      const auto outline = [&](const Rect& r) {
        fill({r.left, r.top, r.right, r.top + 2}, max_colour);
        fill({r.left, r.bottom - 1, r.right, r.bottom}, max_colour);
        fill({r.left, r.top, r.left + 1, r.bottom}, max_colour);
        fill({r.right - 1, r.top, r.right, r.bottom}, max_colour);
      };
      const Rect box{max_box.left + inset, max_box.top + inset, max_box.right - inset, max_box.bottom - inset};
      if (w->style & WS_MAXIMIZE) {
        const int32_t d = std::max(2, box.width() / 4);
        outline({box.left + d, box.top, box.right, box.bottom - d});
        fill({box.left, box.top + d, box.right - d, box.bottom}, active ? COLOR_ACTIVECAPTION : COLOR_INACTIVECAPTION);
        outline({box.left, box.top + d, box.right - d, box.bottom});
      } else {
        outline(box);
      }
    }
    if (w->style & WS_SYSMENU) {
      // The close box: a cross in the caption text's colour, inset by a quarter of its size.
      const Rect box = close_box(p, *w).offset(-win.left, -win.top);
      const int32_t inset = std::max(2, box.width() / 4), n = box.width() - 2 * inset;
      for (int32_t i = 0; i < n; ++i) {
        fill({box.left + inset + i, box.top + inset + i, box.left + inset + i + 2, box.top + inset + i + 1}, 9);
        fill({box.right - inset - i - 2, box.top + inset + i, box.right - inset - i, box.top + inset + i + 1}, 9);
      }
    }
  }
  // The client edge (a sunken two-pixel ring) and the static edge (one pixel) around the client
  // area and its scroll bars.
  if ((w->ex_style & (WS_EX_CLIENTEDGE | WS_EX_STATICEDGE)) && (dc = gdi32::find_dc(p, hdc))) {
    Rect edge = client;
    if (w->style & WS_VSCROLL) edge.right += system_metric(p, 2 /* SM_CXVSCROLL */);
    if (w->style & WS_HSCROLL) edge.bottom += system_metric(p, 3 /* SM_CYHSCROLL */);
    if (w->ex_style & WS_EX_CLIENTEDGE) {
      edge = {edge.left - 2, edge.top - 2, edge.right + 2, edge.bottom + 2};
      draw_edge(p, *dc, edge, 0xa /* EDGE_SUNKEN */, 0xf /* BF_RECT */);
    }
    if (w->ex_style & WS_EX_STATICEDGE) {
      edge = {edge.left - 1, edge.top - 1, edge.right + 1, edge.bottom + 1};
      draw_edge(p, *dc, edge, 0x2 /* BDR_SUNKENOUTER */, 0xf);
    }
  }
  if ((w->style & (WS_VSCROLL | WS_HSCROLL)) && (dc = gdi32::find_dc(p, hdc))) draw_window_scroll_bars(p, hwnd, *dc);
  if (!(w->style & WS_CHILD) && w->id && (dc = gdi32::find_dc(p, hdc))) paint_menu_bar(p, hwnd, *dc);
  release_window_dc(p, hwnd, hdc);
}

uint64_t begin_paint(WindowsProcess& p, uint64_t hwnd, Rect& paint, bool& erase_left) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  if (w->frame_dirty && visible(p, hwnd)) {
    w->frame_dirty = false;
    send_message(p, hwnd, WM_NCPAINT, 1, 0);
    if (!(w = find_window(p, hwnd))) return 0;
  }
  paint = w->update;
  const bool erase = w->erase && !paint.empty();
  w->update = Rect{};
  w->erase = false;
  const uint64_t hdc = begin_paint_dc(p, hwnd, paint);
  // (rcPaint: what of the update region the DC may touch.)
  paint = paint_clip_box(p, hdc);
  // The window's caret is hidden while it paints (EndPaint shows it again).
  const uint32_t error = p.last_error();  // (a window without the caret leaves the last error alone)
  if (hdc && hide_caret(p, hwnd)) caret_hidden_dcs().insert(hdc);
  p.set_last_error(error);
  erase_left = erase && !paint.empty() && !(hdc && send_message(p, hwnd, WM_ERASEBKGND, hdc, 0) != 0);
  return hdc;
}
void end_paint(WindowsProcess& p, uint64_t hwnd, uint64_t hdc) {
  end_paint_dc(p, hwnd, hdc);
  if (caret_hidden_dcs().erase(hdc)) show_caret(p, hwnd);
}

namespace {

Ptr GetDC(WindowsProcess& p, Ptr hwnd) { return Ptr(window_dc(p, hwnd.addr, false)); }
Ptr GetWindowDC(WindowsProcess& p, Ptr hwnd) { return Ptr(window_dc(p, hwnd.addr, true)); }
Ptr GetDCEx(WindowsProcess& p, Ptr hwnd, Ptr region, uint32_t flags) {
  if (hwnd && !find_window(p, hwnd.addr)) return Ptr(fail(p, ERROR_INVALID_WINDOW_HANDLE));
  (void)region;  // (DCX_EXCLUDERGN/DCX_INTERSECTRGN: the region is not applied)
  if ((flags & DCX_WINDOW) || !(flags & DCX_USESTYLE) || (flags & DCX_CACHE)) {
    DeviceContext& dc = make_window_dc(p, hwnd.addr, flags & ~static_cast<uint32_t>(DCX_USESTYLE));
    return Ptr(dc.handle);
  }
  return Ptr(window_dc(p, hwnd.addr, false));
}
int32_t ReleaseDC(WindowsProcess& p, Ptr hwnd, Ptr hdc) {
  DeviceContext* dc = gdi32::find_dc(p, hdc.addr);
  if (!dc || !(dc->dc_flags & kWindowDc)) return 0;
  release_window_dc(p, hwnd.addr, hdc.addr);
  return 1;
}
Ptr WindowFromDC(WindowsProcess& p, Ptr hdc) {
  DeviceContext* dc = gdi32::find_dc(p, hdc.addr);
  return Ptr(dc && (dc->dc_flags & kWindowDc) ? dc->hwnd : 0);
}

// PAINTSTRUCT: hdc, fErase, rcPaint, fRestore, fIncUpdate, rgbReserved[32].
Ptr BeginPaint(WindowsProcess& p, Ptr hwnd, Ptr ps) {
  if (!window_or_fail(p, hwnd.addr) || !ps) return Ptr();
  Rect paint;
  bool erase_left = false;
  const uint64_t hdc = begin_paint(p, hwnd.addr, paint, erase_left);
  if (!hdc) return Ptr();
  const uint32_t ptr = p.isa->ptr;
  p.put_ptr(ps.addr, hdc);
  put<int32_t>(ps.addr + ptr, erase_left);
  put<Rect>(ps.addr + ptr + 4, paint);
  put<int32_t>(ps.addr + ptr + 20, 0);
  put<int32_t>(ps.addr + ptr + 24, 0);
  return Ptr(hdc);
}
BOOL EndPaint(WindowsProcess& p, Ptr hwnd, Ptr ps) {
  if (!ps) return FALSE;
  end_paint(p, hwnd.addr, p.get_ptr(ps.addr));
  return TRUE;
}

}  // namespace

const std::vector<Export>& window_dc_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetDC", GetDC),           EXPORT("GetWindowDC", GetWindowDC), EXPORT("GetDCEx", GetDCEx),
      EXPORT("ReleaseDC", ReleaseDC),   EXPORT("WindowFromDC", WindowFromDC), EXPORT("BeginPaint", BeginPaint),
      EXPORT("EndPaint", EndPaint),
  };
  return e;
}

}  // namespace polyrun::shims::user32
