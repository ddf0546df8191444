// Scroll bars: a window's own (WS_HSCROLL, WS_VSCROLL: SB_HORZ, SB_VERT) in its non-client area,
// and the SCROLLBAR control (SB_CTL). Each has a range, a page size, a position and which arrows
// are disabled; SetScrollInfo keeps the page within the range and the position within what the
// page leaves (max - page + 1), and shows a window's bar when the range becomes scrollable or hides
// it when it stops being so (unless SIF_DISABLENOSCROLL asks to disable it instead). A bar is two
// arrow buttons (DrawFrameControl's) with the track between them, in the scroll-bar brush, and the
// thumb, as long as the page is to the range. A press on an arrow or the track sends SB_LINE* or
// SB_PAGE* to the owner (the window, or the control's parent with the control in lparam) and
// again every 50 ms after the first 200 while the button stays down on it; dragging the thumb sends
// SB_THUMBTRACK and at the release SB_THUMBPOSITION; the release ends with SB_ENDSCROLL. The
// program moves the thumb itself (SetScrollPos), as on Windows. Also ScrollWindow, ScrollWindowEx
// and ScrollDC: pixels moved on the window's surface and the part uncovered given back or
// invalidated.
#include "shims/user32/scroll_bars.h"

#include <algorithm>
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"
#include "shims/user32/controls.h"
#include "shims/user32/frame_controls.h"

namespace polyrun::shims::user32 {

using gdi32::DeviceContext;
using gdi32::Region;

namespace {
namespace scroll_bar_impl {

enum : int32_t { SB_HORZ = 0, SB_VERT = 1, SB_CTL = 2, SB_BOTH = 3 };
enum : uint32_t {
  SIF_RANGE = 0x1, SIF_PAGE = 0x2, SIF_POS = 0x4, SIF_DISABLENOSCROLL = 0x8, SIF_TRACKPOS = 0x10, SIF_ALL = 0x17,
  ESB_ENABLE_BOTH = 0, ESB_DISABLE_LTUP = 1, ESB_DISABLE_RTDN = 2, ESB_DISABLE_BOTH = 3,
  SB_LINEUP = 0, SB_LINEDOWN = 1, SB_PAGEUP = 2, SB_PAGEDOWN = 3, SB_THUMBPOSITION = 4, SB_THUMBTRACK = 5,
  SB_TOP = 6, SB_BOTTOM = 7, SB_ENDSCROLL = 8,
  SBS_VERT = 0x1, SBS_TOPALIGN = 0x2, SBS_BOTTOMALIGN = 0x4, SBS_SIZEBOX = 0x8, SBS_SIZEGRIP = 0x10,
  SBM_SETPOS = 0xe0, SBM_GETPOS = 0xe1, SBM_SETRANGE = 0xe2, SBM_GETRANGE = 0xe3, SBM_ENABLE_ARROWS = 0xe4,
  SBM_SETRANGEREDRAW = 0xe6, SBM_SETSCROLLINFO = 0xe9, SBM_GETSCROLLINFO = 0xea, SBM_GETSCROLLBARINFO = 0xeb,
  STATE_SYSTEM_UNAVAILABLE = 0x1, STATE_SYSTEM_PRESSED = 0x8, STATE_SYSTEM_INVISIBLE = 0x8000,
  STATE_SYSTEM_OFFSCREEN = 0x10000,
  SW_SCROLLCHILDREN = 0x1, SW_INVALIDATE = 0x2, SW_ERASE = 0x4,
  SC_VSCROLL_ = 0xf070, SC_HSCROLL_ = 0xf080, WM_KEYUP_ = 0x101,
};
enum : int32_t {
  OBJID_CLIENT = -4, OBJID_VSCROLL = -5, OBJID_HSCROLL = -6, HTHSCROLL_ = 6, HTVSCROLL_ = 7,
  SM_CXVSCROLL_ = 2, SM_CYHSCROLL_ = 3, COLOR_SCROLLBAR_ = 0, COLOR_WINDOW_ = 5, COLOR_BTNFACE_ = 15,
  COLOR_BTNHIGHLIGHT_ = 20,
};
constexpr int32_t kMinRect = 4;      // the least track between the arrows that has a thumb
constexpr int32_t kMinThumb = 8;     // the smallest thumb
constexpr uint32_t kFirstDelay = 200, kRepeatDelay = 50;  // ms before the first repeat, between repeats

// A bar's values.
struct ScrollData {
  int32_t min = 0, max = 100, page = 0, pos = 0;
  uint32_t flags = ESB_ENABLE_BOTH;
};

}  // namespace scroll_bar_impl
}  // namespace

// The SCROLLBAR control's state: its bar (range 0..0 until set).
struct ScrollBarState : ControlState {
  scroll_bar_impl::ScrollData data{0, 0, 0, 0, scroll_bar_impl::ESB_ENABLE_BOTH};
};

namespace {
namespace scroll_bar_impl {

// A window's own bars, made at their first use (a handle's entry holds only while its window is
// the same one).
struct WindowBars {
  std::weak_ptr<Window> window;
  std::unique_ptr<ScrollData> horz, vert;
};
std::map<uint64_t, WindowBars>& window_bars() {
  static std::map<uint64_t, WindowBars> bars;
  return bars;
}

bool is_scroll_bar_control(const Window& w) {
  return w.cls && w.cls->system && same_name(w.cls->name, u"ScrollBar");
}

// The values of a bar (null when the window has none, or has not made them and `make` is false).
ScrollData* bar_data(WindowsProcess& p, uint64_t hwnd, int32_t bar, bool make) {
  Window* w = find_window(p, hwnd);
  if (!w) return nullptr;
  if (bar == SB_CTL) return is_scroll_bar_control(*w) ? &control_state<ScrollBarState>(*w).data : nullptr;
  if (bar != SB_HORZ && bar != SB_VERT) return nullptr;
  WindowManager& wm = window_manager(p);
  const auto found = wm.windows.find(w->handle);
  if (found == wm.windows.end()) return nullptr;
  auto& all = window_bars();
  auto it = all.find(w->handle);
  if (it != all.end() && it->second.window.lock() != found->second) {
    all.erase(it);
    it = all.end();
  }
  if (it == all.end()) {
    if (!make) return nullptr;
    // (entries of windows that are gone go as a new one comes)
    std::erase_if(all, [](const auto& e) { return e.second.window.expired(); });
    it = all.emplace(w->handle, WindowBars{}).first;
    it->second.window = found->second;
  }
  std::unique_ptr<ScrollData>& d = bar == SB_HORZ ? it->second.horz : it->second.vert;
  if (!d && make) d = std::make_unique<ScrollData>();
  return d.get();
}

int32_t mul_div(int32_t a, int32_t b, int32_t c) {
  if (c == 0) return -1;
  int64_t n = static_cast<int64_t>(a) * b;
  const bool negative = (n < 0) != (c < 0);
  n = n < 0 ? -n : n;
  const int64_t d = c < 0 ? -static_cast<int64_t>(c) : c;
  const int64_t q = (n + d / 2) / d;
  return static_cast<int32_t>(negative ? -q : q);
}

// A bar's rectangle (window coordinates for SB_HORZ/SB_VERT, client ones for SB_CTL), its arrows'
// size, the thumb's size and where it begins from the bar's start (0, 0: no thumb).
struct Geometry {
  Rect rect;
  int32_t arrow = 0, thumb_size = 0, thumb_pos = 0;
  bool vertical = false;
};

bool geometry(WindowsProcess& p, uint64_t hwnd, int32_t bar, Geometry& g) {
  Window* w = find_window(p, hwnd);
  if (!w) return false;
  const int32_t cx = system_metric(p, SM_CXVSCROLL_), cy = system_metric(p, SM_CYHSCROLL_);
  const Rect& win = w->window;
  const Rect& cl = w->client;
  switch (bar) {
    case SB_HORZ:
      g.rect = {cl.left - win.left, cl.bottom - win.top, cl.right - win.left, cl.bottom - win.top + cy};
      if (w->style & WS_VSCROLL) ++g.rect.right;
      g.vertical = false;
      break;
    case SB_VERT:
      g.rect = {cl.right - win.left, cl.top - win.top, cl.right - win.left + cx, cl.bottom - win.top};
      if (w->style & WS_HSCROLL) ++g.rect.bottom;
      g.vertical = true;
      break;
    case SB_CTL:
      g.rect = {0, 0, cl.width(), cl.height()};
      g.vertical = (w->style & SBS_VERT) != 0;
      break;
    default: return false;
  }
  int32_t pixels = g.vertical ? g.rect.height() : g.rect.width();
  g.thumb_pos = g.thumb_size = 0;
  if (pixels <= 2 * cx + kMinRect) {
    g.arrow = pixels > kMinRect ? (pixels - kMinRect) / 2 : 0;
    return true;
  }
  const ScrollData* d = bar_data(p, hwnd, bar, false);
  if (!d) return false;
  g.arrow = cx;
  pixels -= 2 * cx;
  if (d->page) g.thumb_size = std::max(mul_div(pixels, d->page, d->max - d->min + 1), kMinThumb);
  else g.thumb_size = cx;
  if ((pixels -= g.thumb_size) < 0 || (d->flags & ESB_DISABLE_BOTH) == ESB_DISABLE_BOTH) {
    g.thumb_pos = g.thumb_size = 0;
  } else {
    const int32_t top = d->max - std::max(d->page - 1, 0);
    g.thumb_pos = g.arrow + (d->min >= top ? 0 : mul_div(pixels, d->pos - d->min, top - d->min));
  }
  return true;
}

// The position a thumb at `pos` pixels from the bar's start stands for.
int32_t thumb_value(WindowsProcess& p, const ScrollData& d, const Geometry& g, int32_t pos) {
  const int32_t cx = system_metric(p, SM_CXVSCROLL_);
  int32_t pixels = g.vertical ? g.rect.height() : g.rect.width();
  if ((pixels -= 2 * cx) <= 0) return d.min;
  const int32_t thumb = d.page ? std::max(mul_div(pixels, d.page, d.max - d.min + 1), kMinThumb) : cx;
  if ((pixels -= thumb) <= 0) return d.min;
  pos = std::clamp(pos - cx, 0, pixels);
  const int64_t span = d.page ? static_cast<int64_t>(d.max) - d.min - d.page + 1 : static_cast<int64_t>(d.max) - d.min;
  return static_cast<int32_t>(d.min + (pos * span + pixels / 2) / pixels);
}

// Where in a bar a point is.
enum Part { kNowhere, kTopArrow, kTopTrack, kThumb, kBottomTrack, kBottomArrow };

// Whether a point is near enough a bar for a drag to go on (a drag may wander off it a little).
bool near_bar(const Geometry& g, int32_t x, int32_t y) {
  const Rect& b = g.rect;
  const int32_t width = g.vertical ? b.width() : b.height();
  const Rect r = g.vertical ? Rect{b.left - 8 * width, b.top - 2 * width, b.right + 8 * width, b.bottom + 2 * width}
                            : Rect{b.left - 2 * width, b.top - 8 * width, b.right + 2 * width, b.bottom + 8 * width};
  return r.contains(x, y);
}

Part hit_part(const Geometry& g, int32_t x, int32_t y, bool dragging) {
  if (dragging && !near_bar(g, x, y)) return kNowhere;
  if (!g.rect.contains(x, y)) return kNowhere;
  const int32_t at = g.vertical ? y - g.rect.top : x - g.rect.left;
  const int32_t length = g.vertical ? g.rect.height() : g.rect.width();
  if (at < g.arrow) return kTopArrow;
  if (at >= length - g.arrow) return kBottomArrow;
  if (!g.thumb_pos) return kTopTrack;
  if (at < g.thumb_pos) return kTopTrack;
  if (at >= g.thumb_pos + g.thumb_size) return kBottomTrack;
  return kThumb;
}

// The tracking in progress (one at a time, as the mouse is one).
struct Tracking {
  uint64_t hwnd = 0;
  int32_t bar = 0;
  Part part = kNowhere;
  bool vertical = false;
  bool thumb_moving = false;
  int32_t thumb_track_pos = 0, track_value = 0;  // the dragged thumb's pixel position and value
  int32_t start_thumb = 0, click_pos = 0, last_pos = 0;
  int32_t prev_x = 0, prev_y = 0;
  std::chrono::steady_clock::time_point repeat_at{};
  bool repeating = false;
};
Tracking& tracking() {
  static Tracking t;
  return t;
}

// The track between the arrows: the brush's colour, or (the classic scroll-bar colour being the
// window's) the face and highlight colours in a 50% pattern.
void fill_track(WindowsProcess& p, DeviceContext& dc, const Rect& r, uint64_t brush, bool pressed) {
  if (r.empty()) return;
  if (pressed) {
    gdi32::rop2_rect(p, dc, r, 1);  // (R2_BLACK: the pressed part of the track is black)
    return;
  }
  const bool pattern = brush == sys_color_brush(p, COLOR_SCROLLBAR_) &&
                       sys_color(COLOR_BTNHIGHLIGHT_) == sys_color(COLOR_WINDOW_);
  if (!pattern) {
    fill_with_brush(p, dc, r, brush);
    return;
  }
  for (int32_t y = r.top; y < r.bottom; ++y)
    for (int32_t x = r.left; x < r.right; ++x)
      fill_sys_color(p, dc, {x, y, x + 1, y + 1}, ((x + y) & 1) ? COLOR_BTNFACE_ : COLOR_BTNHIGHLIGHT_);
}

void draw_arrows(WindowsProcess& p, DeviceContext& dc, const ScrollData& d, const Geometry& g, bool top_pressed,
                 bool bottom_pressed) {
  Rect a = g.rect, b = g.rect;
  if (g.vertical) a.bottom = a.top + g.arrow, b.top = b.bottom - g.arrow;
  else a.right = a.left + g.arrow, b.left = b.right - g.arrow;
  draw_frame_control(p, dc, a, DFC_SCROLL,
                     (g.vertical ? DFCS_SCROLLUP : DFCS_SCROLLLEFT) | (top_pressed ? DFCS_PUSHED | DFCS_FLAT : 0) |
                         ((d.flags & ESB_DISABLE_LTUP) ? uint32_t{DFCS_INACTIVE} : 0u));
  draw_frame_control(p, dc, b, DFC_SCROLL,
                     (g.vertical ? DFCS_SCROLLDOWN : DFCS_SCROLLRIGHT) | (bottom_pressed ? DFCS_PUSHED | DFCS_FLAT : 0) |
                         ((d.flags & ESB_DISABLE_RTDN) ? uint32_t{DFCS_INACTIVE} : 0u));
}

void draw_interior(WindowsProcess& p, uint64_t hwnd, uint64_t hdc, DeviceContext& dc, int32_t bar, const Geometry& g,
                   int32_t thumb_pos, bool top_pressed, bool bottom_pressed) {
  const uint64_t brush = bar == SB_CTL ? control_brush(p, hwnd, hdc, WM_CTLCOLORSCROLLBAR)
                                       : default_control_color(p, hdc, WM_CTLCOLORSCROLLBAR);
  Rect r = g.rect;
  if (g.vertical) r.top += g.arrow, r.bottom -= g.arrow;
  else r.left += g.arrow, r.right -= g.arrow;
  if (!thumb_pos || !g.thumb_size) {
    fill_track(p, dc, r, brush, false);
    return;
  }
  Rect before = r, after = r, thumb = r;
  if (g.vertical) {
    before.bottom = r.top + thumb_pos - g.arrow;
    thumb = {r.left, before.bottom, r.right, before.bottom + g.thumb_size};
    after.top = thumb.bottom;
  } else {
    before.right = r.left + thumb_pos - g.arrow;
    thumb = {before.right, r.top, before.right + g.thumb_size, r.bottom};
    after.left = thumb.right;
  }
  fill_track(p, dc, before, brush, top_pressed);
  fill_track(p, dc, after, brush, bottom_pressed);
  draw_edge(p, dc, thumb, 0x5 /* EDGE_RAISED */, 0x80f /* BF_RECT | BF_MIDDLE */);
}

// Draws a bar on a DC of its window (the whole window's for SB_HORZ/SB_VERT).
void draw_bar(WindowsProcess& p, uint64_t hwnd, uint64_t hdc, int32_t bar, bool arrows, bool interior) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  if ((bar == SB_VERT && !(w->style & WS_VSCROLL)) || (bar == SB_HORZ && !(w->style & WS_HSCROLL))) return;
  if (!visible(p, hwnd)) return;
  ScrollData* d = bar_data(p, hwnd, bar, true);
  Geometry g;
  if (!d || !geometry(p, hwnd, bar, g) || g.rect.empty()) return;
  const ScrollData values = *d;
  DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!dc) return;
  const Tracking& t = tracking();
  const bool tracked = t.hwnd == hwnd && t.bar == bar && own_queue(p).input->capture == hwnd;
  if (arrows && g.arrow)
    draw_arrows(p, *dc, values, g, tracked && t.part == kTopArrow, tracked && t.part == kBottomArrow);
  if (interior) {
    int32_t thumb_pos = g.thumb_pos;
    if (tracked && t.part == kThumb && t.thumb_moving && g.thumb_size) {
      const int32_t length = g.vertical ? g.rect.height() : g.rect.width();
      thumb_pos = std::clamp(t.thumb_track_pos, g.arrow, length - g.arrow - g.thumb_size);
    }
    if ((dc = gdi32::find_dc(p, hdc))) draw_interior(p, hwnd, hdc, *dc, bar, g, thumb_pos, false, false);
  }
}

// Draws a bar again now (after its values changed).
void refresh_bar(WindowsProcess& p, uint64_t hwnd, int32_t bar, bool arrows, bool interior) {
  if (!visible(p, hwnd)) return;
  const uint64_t hdc = window_dc(p, hwnd, bar != SB_CTL);
  if (!hdc) return;
  draw_bar(p, hwnd, hdc, bar, arrows, interior);
  release_window_dc(p, hwnd, hdc);
}

// ShowScrollBar's work: the styles set or cleared and the frame recomputed; whether it changed.
bool show_bars(WindowsProcess& p, uint64_t hwnd, int32_t bar, bool horz, bool vert) {
  Window* w = find_window(p, hwnd);
  if (!w) return false;
  uint32_t set = 0, clear = 0;
  switch (bar) {
    case SB_CTL: show_window_command(p, hwnd, horz ? 5 /* SW_SHOW */ : 0 /* SW_HIDE */); return true;
    case SB_BOTH:
    case SB_HORZ:
      (horz ? set : clear) |= WS_HSCROLL;
      if (bar == SB_HORZ) break;
      [[fallthrough]];
    case SB_VERT: (vert ? set : clear) |= WS_VSCROLL; break;
    default: return false;
  }
  const uint32_t old = w->style;
  w->style = (w->style | set) & ~clear;
  if ((old & clear) == 0 && (old & set) == set) return false;
  set_window_position(p, hwnd, 0, 0, 0, 0, 0, SWP_NOSIZE | SWP_NOMOVE | SWP_NOACTIVATE | SWP_NOZORDER | SWP_FRAMECHANGED);
  return true;
}

// SCROLLINFO: cbSize, fMask, nMin, nMax, nPage, nPos, nTrackPos.
struct Info {
  uint32_t size, mask;
  int32_t min, max;
  uint32_t page;
  int32_t pos, track;
};
bool info_valid(const Info& i) {
  return !(i.mask & ~(SIF_ALL | SIF_DISABLENOSCROLL)) && (i.size == 28 || i.size == 24);
}
Info read_info(uint64_t at) {
  Info i{};
  std::memcpy(&i, reinterpret_cast<const void*>(at), 24);
  return i;
}

// SetScrollInfo's work on a window's bar or a control's: the new position.
int32_t set_info(WindowsProcess& p, uint64_t hwnd, int32_t bar, const Info& info, bool redraw) {
  ScrollData* d = info_valid(info) ? bar_data(p, hwnd, bar, true) : nullptr;
  if (!d) return 0;
  enum { kHide = 1, kShow = 2, kRefresh = 4, kArrows = 8 };
  int action = 0;
  if ((info.mask & SIF_PAGE) && d->page != static_cast<int32_t>(info.page)) {
    d->page = static_cast<int32_t>(info.page);
    action |= kRefresh;
  }
  if ((info.mask & SIF_POS) && d->pos != info.pos) {
    d->pos = info.pos;
    action |= kRefresh;
  }
  if (info.mask & SIF_RANGE) {
    if (info.min > info.max || static_cast<uint32_t>(info.max) - static_cast<uint32_t>(info.min) >= 0x80000000u) {
      action |= kRefresh;
      d->min = d->max = 0;
    } else if (d->min != info.min || d->max != info.max) {
      action |= kRefresh;
      d->min = info.min, d->max = info.max;
    }
  }
  if (d->page < 0) d->page = 0;
  else if (static_cast<int64_t>(d->page) > static_cast<int64_t>(d->max) - d->min + 1)
    d->page = static_cast<int32_t>(static_cast<int64_t>(d->max) - d->min + 1);
  const int32_t top = d->max - std::max(d->page - 1, 0);
  if (d->pos < d->min) d->pos = d->min;
  else if (d->pos > top) d->pos = top;
  if ((info.mask & SIF_ALL) && (info.mask & (SIF_RANGE | SIF_PAGE | SIF_DISABLENOSCROLL))) {
    uint32_t flags = d->flags;
    if (d->min >= top) {
      if (info.mask & SIF_DISABLENOSCROLL) {
        flags = ESB_DISABLE_BOTH;
        action |= kRefresh;
      } else if (bar != SB_CTL && (action & kRefresh)) {
        action = kHide;
      }
    } else if (info.mask != SIF_PAGE) {
      flags = ESB_ENABLE_BOTH;
      if (bar != SB_CTL && (action & kRefresh)) action |= kShow;
    }
    if (d->flags != flags) {
      d->flags = flags;
      action |= kArrows;
    }
  }
  const int32_t pos = d->pos;
  if (action & kHide) {
    show_bars(p, hwnd, bar, false, false);
  } else {
    if ((action & kShow) && show_bars(p, hwnd, bar, true, true)) return pos;
    if (redraw) refresh_bar(p, hwnd, bar, true, true);
    else if (action & kArrows) refresh_bar(p, hwnd, bar, true, false);
  }
  return pos;
}

// GetScrollInfo's work: whether anything was asked for.
bool get_info(WindowsProcess& p, uint64_t hwnd, int32_t bar, uint64_t at) {
  if (!at) return false;
  Info info = read_info(at);
  const ScrollData* d = info_valid(info) ? bar_data(p, hwnd, bar, false) : nullptr;
  if (!d) return false;
  if (info.mask & SIF_PAGE) put<uint32_t>(at + 16, static_cast<uint32_t>(d->page));
  if (info.mask & SIF_POS) put<int32_t>(at + 20, d->pos);
  if ((info.mask & SIF_TRACKPOS) && info.size == 28) {
    const Tracking& t = tracking();
    put<int32_t>(at + 24, t.hwnd == hwnd && t.bar == bar && t.part == kThumb ? t.track_value : d->pos);
  }
  if (info.mask & SIF_RANGE) put<int32_t>(at + 8, d->min), put<int32_t>(at + 12, d->max);
  return (info.mask & SIF_ALL) != 0;
}

// GetScrollBarInfo's work (SCROLLBARINFO: cbSize, rcScrollBar, dxyLineButton, xyThumbTop,
// xyThumbBottom, reserved, rgstate[6]).
bool get_bar_info(WindowsProcess& p, uint64_t hwnd, int32_t object, uint64_t at) {
  int32_t bar;
  switch (object) {
    case OBJID_CLIENT: bar = SB_CTL; break;
    case OBJID_HSCROLL: bar = SB_HORZ; break;
    case OBJID_VSCROLL: bar = SB_VERT; break;
    default: return false;
  }
  if (!at || get<uint32_t>(at) != 60) return false;
  Window* w = find_window(p, hwnd);
  ScrollData* d = bar_data(p, hwnd, bar, true);
  if (!w || !d) return false;
  Geometry g;
  geometry(p, hwnd, bar, g);
  const Rect screen = screen_rect(p, *w);
  put<Rect>(at + 4, g.rect.offset(screen.left, screen.top));
  // (as Windows fills them: the thumb's size where the arrow's would be)
  put<int32_t>(at + 20, g.thumb_size);
  put<int32_t>(at + 24, g.thumb_pos);
  put<int32_t>(at + 28, g.thumb_pos + g.thumb_size);
  uint32_t state[6] = {};
  const uint32_t style = w->style;
  if ((bar == SB_HORZ && !(style & WS_HSCROLL)) || (bar == SB_VERT && !(style & WS_VSCROLL)))
    state[0] |= STATE_SYSTEM_INVISIBLE;
  if (d->min >= d->max - std::max(d->page - 1, 0))
    state[0] |= (state[0] & STATE_SYSTEM_INVISIBLE) ? STATE_SYSTEM_OFFSCREEN : STATE_SYSTEM_UNAVAILABLE;
  if (bar == SB_CTL && (style & WS_DISABLED)) state[0] |= STATE_SYSTEM_UNAVAILABLE;
  const Tracking& t = tracking();
  const bool pressed = t.hwnd == hwnd && t.bar == bar && own_queue(p).input->capture == hwnd;
  if (pressed && t.part == kTopArrow) state[1] |= STATE_SYSTEM_PRESSED;
  if (d->flags & ESB_DISABLE_LTUP) state[1] |= STATE_SYSTEM_UNAVAILABLE;
  if (d->pos == d->min) state[2] |= STATE_SYSTEM_INVISIBLE;
  if (pressed && t.part == kTopTrack) state[2] |= STATE_SYSTEM_PRESSED;
  if (pressed && t.part == kThumb) state[3] |= STATE_SYSTEM_PRESSED;
  if (d->pos >= d->max - 1) state[4] |= STATE_SYSTEM_INVISIBLE;
  if (pressed && t.part == kBottomTrack) state[4] |= STATE_SYSTEM_PRESSED;
  if (pressed && t.part == kBottomArrow) state[5] |= STATE_SYSTEM_PRESSED;
  if (d->flags & ESB_DISABLE_RTDN) state[5] |= STATE_SYSTEM_UNAVAILABLE;
  for (int i = 0; i < 6; ++i) put<uint32_t>(at + 36 + 4 * i, state[i]);
  return true;
}

bool enable_bar(WindowsProcess& p, uint64_t hwnd, int32_t bar, uint32_t flags) {
  flags &= ESB_DISABLE_BOTH;
  bool unchanged = true;
  if (bar == SB_BOTH) {
    ScrollData* v = bar_data(p, hwnd, SB_VERT, true);
    if (!v) return false;
    if (v->flags != flags) {
      unchanged = false;
      v->flags = flags;
      refresh_bar(p, hwnd, SB_VERT, true, true);
    }
    bar = SB_HORZ;
  }
  ScrollData* d = bar_data(p, hwnd, bar, true);
  if (!d) return false;
  if (unchanged && d->flags == flags) return false;
  d->flags = flags;
  if (bar == SB_CTL && (flags == ESB_DISABLE_BOTH || flags == ESB_ENABLE_BOTH)) {
    // EnableWindow's part: the style and WM_ENABLE.
    if (Window* w = find_window(p, hwnd)) {
      const bool enable = flags == ESB_ENABLE_BOTH;
      if (enable == ((w->style & WS_DISABLED) != 0)) {
        if (enable) w->style &= ~WS_DISABLED;
        else w->style |= WS_DISABLED;
        send_message(p, hwnd, WM_ENABLE, enable ? 1 : 0, 0);
        if (!enable) {
          ThreadQueue& q = own_queue(p);
          if (q.input->focus == hwnd) set_focus(p, 0);
        }
      }
    }
  }
  refresh_bar(p, hwnd, bar, true, true);
  return true;
}

// ---- a press tracked ----

void notify(WindowsProcess& p, uint64_t owner, bool vertical, uint32_t code, uint64_t control) {
  send_message(p, owner, vertical ? WM_VSCROLL : WM_HSCROLL, code, control);
}

// One event of a press (the button going down, the mouse moving, the repeat time, the release)
// at a point in the bar's coordinates.
void scroll_event(WindowsProcess& p, uint64_t hwnd, int32_t bar, uint32_t msg, int32_t x, int32_t y) {
  Tracking& t = tracking();
  ScrollData* d = bar_data(p, hwnd, bar, false);
  Window* w = find_window(p, hwnd);
  if (!d || !w) return;
  if (t.part == kNowhere && msg != WM_LBUTTONDOWN) return;
  ThreadQueue& q = own_queue(p);
  if (bar == SB_CTL && (w->style & (SBS_SIZEGRIP | SBS_SIZEBOX))) {
    if (msg == WM_LBUTTONDOWN) q.input->capture = hwnd, t.hwnd = hwnd, t.bar = bar, t.part = kThumb;
    if (msg == WM_LBUTTONUP) q.input->capture = 0, t = Tracking{};
    return;
  }
  Geometry g;
  if (!geometry(p, hwnd, bar, g)) return;
  const uint64_t owner = bar == SB_CTL ? w->parent : hwnd;
  const uint64_t control = bar == SB_CTL ? hwnd : 0;
  Part hit = kNowhere;
  switch (msg) {
    case WM_LBUTTONDOWN:
      t.hwnd = hwnd, t.bar = bar, t.vertical = g.vertical;
      t.part = hit = hit_part(g, x, y, false);
      t.click_pos = t.last_pos = g.vertical ? y - g.rect.top : x - g.rect.left;
      t.start_thumb = g.thumb_pos;
      t.prev_x = x, t.prev_y = y;
      if (bar == SB_CTL && (w->style & WS_TABSTOP)) set_focus(p, hwnd);
      q.input->capture = hwnd;
      break;
    case WM_MOUSEMOVE:
      hit = hit_part(g, x, y, true);
      t.prev_x = x, t.prev_y = y;
      break;
    case WM_LBUTTONUP:
      hit = kNowhere;
      if (q.input->capture == hwnd) {
        q.input->capture = 0;
        send_message(p, hwnd, WM_CAPTURECHANGED, 0, 0);
      }
      break;
    case WM_SYSTIMER:
      x = t.prev_x, y = t.prev_y;
      hit = hit_part(g, x, y, false);
      break;
    default: return;
  }
  if (!(d = bar_data(p, hwnd, bar, false))) return;
  const uint64_t hdc = window_dc(p, hwnd, bar != SB_CTL);
  const auto repeat = [&](bool on) {
    t.repeating = on;
    if (on) t.repeat_at = std::chrono::steady_clock::now() + std::chrono::milliseconds(msg == WM_LBUTTONDOWN ? kFirstDelay : kRepeatDelay);
  };
  const auto redraw_arrows = [&](bool top, bool bottom) {
    if (DeviceContext* dc = gdi32::find_dc(p, hdc)) draw_arrows(p, *dc, *d, g, top, bottom);
  };
  const auto redraw_interior = [&](bool top, bool bottom) {
    if (DeviceContext* dc = gdi32::find_dc(p, hdc)) draw_interior(p, hwnd, hdc, *dc, bar, g, g.thumb_pos, top, bottom);
  };
  const bool on = hit == t.part;
  const bool fire = msg == WM_LBUTTONDOWN || msg == WM_SYSTIMER;
  switch (t.part) {
    case kTopArrow:
    case kBottomArrow:
      if (visible(p, hwnd) && g.arrow) redraw_arrows(on && t.part == kTopArrow, on && t.part == kBottomArrow);
      if (on) {
        if (fire) notify(p, owner, g.vertical, t.part == kTopArrow ? SB_LINEUP : SB_LINEDOWN, control);
        repeat(true);
      } else {
        repeat(false);
      }
      break;
    case kTopTrack:
    case kBottomTrack:
      if (visible(p, hwnd)) redraw_interior(on && t.part == kTopTrack, on && t.part == kBottomTrack);
      if (on) {
        if (fire) notify(p, owner, g.vertical, t.part == kTopTrack ? SB_PAGEUP : SB_PAGEDOWN, control);
        repeat(true);
      } else {
        repeat(false);
      }
      break;
    case kThumb:
      if (msg == WM_LBUTTONDOWN) {
        t.thumb_moving = true;
        t.thumb_track_pos = t.start_thumb + t.last_pos - t.click_pos;
        t.track_value = thumb_value(p, *d, g, t.thumb_track_pos);
      } else if (msg == WM_MOUSEMOVE) {
        int32_t pos;
        if (!near_bar(g, x, y)) {
          pos = t.click_pos;
        } else {
          const int32_t cx = std::clamp(x, g.rect.left, g.rect.right), cy = std::clamp(y, g.rect.top, g.rect.bottom);
          pos = g.vertical ? cy - g.rect.top : cx - g.rect.left;
        }
        if (pos != t.last_pos || !t.thumb_moving) {
          t.last_pos = pos;
          t.thumb_track_pos = t.start_thumb + pos - t.click_pos;
          t.track_value = thumb_value(p, *d, g, t.thumb_track_pos);
          t.thumb_moving = true;
          if (visible(p, hwnd)) {
            release_window_dc(p, hwnd, hdc);
            refresh_bar(p, hwnd, bar, false, true);
            notify(p, owner, g.vertical, pack_words(SB_THUMBTRACK, t.track_value), control);
            return;
          }
          notify(p, owner, g.vertical, pack_words(SB_THUMBTRACK, t.track_value), control);
        }
      }
      break;
    default: break;
  }
  release_window_dc(p, hwnd, hdc);
  if (msg == WM_LBUTTONDOWN && hit == kThumb) {
    if ((d = bar_data(p, hwnd, bar, false)))
      notify(p, owner, g.vertical, pack_words(SB_THUMBTRACK, thumb_value(p, *d, g, t.start_thumb + t.last_pos - t.click_pos)),
             control);
  }
  if (msg == WM_LBUTTONUP) {
    const Part was = t.part;
    const int32_t value = d && was == kThumb ? thumb_value(p, *d, g, t.start_thumb + t.last_pos - t.click_pos) : 0;
    t = Tracking{};
    if (was == kThumb) notify(p, owner, g.vertical, pack_words(SB_THUMBPOSITION, value), control);
    notify(p, owner, g.vertical, SB_ENDSCROLL, control);
    refresh_bar(p, hwnd, bar, true, true);
  }
}

// The press at (x, y) (the bar's coordinates) followed until the button is released: the mouse's
// messages (and the ones posted to the thread) taken here, the rest dispatched.
void track_bar(WindowsProcess& p, uint64_t hwnd, int32_t bar, int32_t x, int32_t y) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  int32_t xoffset = 0, yoffset = 0;
  if (bar != SB_CTL) xoffset = w->client.left - w->window.left, yoffset = w->client.top - w->window.top;
  scroll_event(p, hwnd, bar, WM_LBUTTONDOWN, x, y);
  ThreadQueue& q = own_queue(p);
  for (;;) {
    if (!find_window(p, hwnd)) {
      if (q.input->capture == hwnd) q.input->capture = 0;
      tracking() = Tracking{};
      return;
    }
    if (p.stopping() || tracking().hwnd != hwnd) return;
    receive_sent_messages(p);
    Message m;
    bool got = false;
    if (!q.posted.empty()) {
      m = q.posted.front();
      q.posted.pop_front();
      got = true;
    } else if (!q.mouse.empty()) {
      got = take_mouse_message(p, q, m);
      if (!got) continue;
    }
    if (!got) {
      Tracking& t = tracking();
      const auto now = std::chrono::steady_clock::now();
      if (t.repeating && now >= t.repeat_at) {
        scroll_event(p, hwnd, bar, WM_SYSTIMER, 0, 0);
        continue;
      }
      uint32_t wait_ms = 0xffffffffu;
      if (t.repeating)
        wait_ms = static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::milliseconds>(t.repeat_at - now).count() + 1);
      wait_until(p, wait_ms, [&] { return !q.posted.empty() || !q.mouse.empty() || !q.sent.empty() || p.stopping(); },
                 "for the mouse button's release");
      continue;
    }
    if (m.message == WM_LBUTTONUP || m.message == WM_MOUSEMOVE) {
      const int32_t mx = static_cast<int16_t>(m.lparam & 0xffff) + xoffset;
      const int32_t my = static_cast<int16_t>((m.lparam >> 16) & 0xffff) + yoffset;
      scroll_event(p, hwnd, bar, m.message, mx, my);
      if (m.message == WM_LBUTTONUP) return;
      continue;
    }
    if (Window* target = m.hwnd ? find_window(p, m.hwnd) : nullptr)
      call_window_proc(p, target->wndproc, target->unicode, m.hwnd, m.message, m.wparam, m.lparam, true);
  }
}

// ---- the SCROLLBAR control ----

uint64_t scrollbar_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  switch (msg) {
    case WM_CREATE: {
      ScrollBarState& s = control_state<ScrollBarState>(*w);
      if (!lparam) return 0;
      const CreateStructLayout l = create_struct_layout(p);
      const int32_t cy = get<int32_t>(lparam + l.ints), cx = get<int32_t>(lparam + l.ints + 4);
      const int32_t y = get<int32_t>(lparam + l.ints + 8), x = get<int32_t>(lparam + l.ints + 12);
      const uint32_t style = get<uint32_t>(lparam + l.ints + 16);
      if (style & WS_DISABLED) s.data.flags = ESB_DISABLE_BOTH;
      const int32_t sx = system_metric(p, SM_CXVSCROLL_) + 1, sy = system_metric(p, SM_CYHSCROLL_) + 1;
      const uint32_t move = SWP_NOZORDER | SWP_NOACTIVATE | SWP_NOREDRAW;
      if (style & (SBS_SIZEGRIP | SBS_SIZEBOX)) {
        if (style & SBS_TOPALIGN) set_window_position(p, hwnd, 0, x, y, sx, sy, move);
        else if (style & SBS_BOTTOMALIGN) set_window_position(p, hwnd, 0, x + cx - sx, y + cy - sy, sx, sy, move);
      } else if (style & SBS_VERT) {
        if (style & SBS_TOPALIGN) set_window_position(p, hwnd, 0, x, y, sx, cy, move);  // (SBS_LEFTALIGN)
        else if (style & SBS_BOTTOMALIGN) set_window_position(p, hwnd, 0, x + cx - sx, y, sx, cy, move);  // (SBS_RIGHTALIGN)
      } else {
        if (style & SBS_TOPALIGN) set_window_position(p, hwnd, 0, x, y, cx, sy, move);
        else if (style & SBS_BOTTOMALIGN) set_window_position(p, hwnd, 0, x, y + cy - sy, cx, sy, move);
      }
      return 0;
    }
    case WM_ENABLE:
      control_state<ScrollBarState>(*w).data.flags = wparam ? ESB_ENABLE_BOTH : ESB_DISABLE_BOTH;
      refresh_bar(p, hwnd, SB_CTL, true, true);
      return 0;
    case WM_LBUTTONDOWN:
    case WM_LBUTTONDBLCLK:
      track_bar(p, hwnd, SB_CTL, static_cast<int16_t>(lparam & 0xffff), static_cast<int16_t>((lparam >> 16) & 0xffff));
      return 0;
    case WM_LBUTTONUP:
    case WM_MOUSEMOVE:
    case WM_SYSTIMER:
      scroll_event(p, hwnd, SB_CTL, msg, static_cast<int16_t>(lparam & 0xffff), static_cast<int16_t>((lparam >> 16) & 0xffff));
      return 0;
    case WM_KEYDOWN: {
      uint32_t code;
      switch (wparam) {
        case VK_PRIOR: code = SB_PAGEUP; break;
        case VK_NEXT: code = SB_PAGEDOWN; break;
        case VK_HOME: code = SB_TOP; break;
        case VK_END: code = SB_BOTTOM; break;
        case VK_UP: case VK_LEFT: code = SB_LINEUP; break;
        case VK_DOWN: case VK_RIGHT: code = SB_LINEDOWN; break;
        default: return 0;
      }
      send_message(p, w->parent, (w->style & SBS_VERT) ? WM_VSCROLL : WM_HSCROLL, code, hwnd);
      return 0;
    }
    case WM_KEYUP_:
    case WM_SETFOCUS:
    case WM_KILLFOCUS:
      return 0;
    case WM_ERASEBKGND: return 1;
    case WM_GETDLGCODE: return DLGC_WANTARROWS;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint_control(p, hwnd, msg == WM_PRINTCLIENT ? wparam : wparam, 0, [&](ControlPaint& cp) {
        Window* me = find_window(p, hwnd);
        if (!me) return;
        if (me->style & (SBS_SIZEGRIP | SBS_SIZEBOX)) {
          fill_sys_color(p, *cp.dc, cp.client, COLOR_SCROLLBAR_);
          if (me->style & SBS_SIZEGRIP) {
            Rect r = cp.client;
            r.left = std::max(r.left, r.right - system_metric(p, SM_CXVSCROLL_) - 1);
            r.top = std::max(r.top, r.bottom - system_metric(p, SM_CYHSCROLL_) - 1);
            draw_frame_control(p, *cp.dc, r, DFC_SCROLL, DFCS_SCROLLSIZEGRIP);
          }
        } else {
          draw_bar(p, hwnd, cp.hdc, SB_CTL, true, true);
        }
      });
      return 0;
    case SBM_SETPOS: {
      ScrollData& d = control_state<ScrollBarState>(*w).data;
      const int32_t old = d.pos;
      Info info{28, SIF_POS, 0, 0, 0, static_cast<int32_t>(wparam), 0};
      set_info(p, hwnd, SB_CTL, info, lparam != 0);
      return static_cast<uint64_t>(static_cast<int64_t>(old));
    }
    case SBM_GETPOS: return static_cast<uint64_t>(static_cast<int64_t>(control_state<ScrollBarState>(*w).data.pos));
    case SBM_SETRANGE:
    case SBM_SETRANGEREDRAW: {
      // The range as given and the position kept within it; the old position if it moved.
      ScrollData& d = control_state<ScrollBarState>(*w).data;
      const int32_t old = d.pos;
      d.min = static_cast<int32_t>(wparam), d.max = static_cast<int32_t>(lparam);
      const int32_t top = d.max - std::max(d.page - 1, 0);
      if (d.pos > top) d.pos = top;
      if (d.pos < d.min) d.pos = d.min;
      const bool moved = d.pos != old;
      if (msg == SBM_SETRANGEREDRAW) refresh_bar(p, hwnd, SB_CTL, true, true);
      return moved ? static_cast<uint64_t>(static_cast<int64_t>(old)) : 0;
    }
    case SBM_GETRANGE: {
      const ScrollData& d = control_state<ScrollBarState>(*w).data;
      if (wparam) put<int32_t>(wparam, d.min);
      if (lparam) put<int32_t>(lparam, d.max);
      return 1;
    }
    case SBM_ENABLE_ARROWS: return enable_bar(p, hwnd, SB_CTL, static_cast<uint32_t>(wparam)) ? 1 : 0;
    case SBM_SETSCROLLINFO:
      if (!lparam) return 0;
      return static_cast<uint64_t>(static_cast<int64_t>(set_info(p, hwnd, SB_CTL, read_info(lparam), wparam != 0)));
    case SBM_GETSCROLLINFO: return get_info(p, hwnd, SB_CTL, lparam) ? 1 : 0;
    case SBM_GETSCROLLBARINFO: return get_bar_info(p, hwnd, OBJID_CLIENT, lparam) ? 1 : 0;
    default: return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

// ---- the exports ----

int32_t SetScrollInfo(WindowsProcess& p, Ptr hwnd, int32_t bar, Ptr info, int32_t redraw) {
  if (!window_or_fail(p, hwnd.addr) || !info) return 0;
  if (bar == SB_CTL) return static_cast<int32_t>(send_message(p, hwnd.addr, SBM_SETSCROLLINFO, redraw != 0, info.addr));
  return set_info(p, hwnd.addr, bar, read_info(info.addr), redraw != 0);
}
BOOL GetScrollInfo(WindowsProcess& p, Ptr hwnd, int32_t bar, Ptr info) {
  if (!window_or_fail(p, hwnd.addr)) return FALSE;
  if (bar == SB_CTL) {
    send_message(p, hwnd.addr, SBM_GETSCROLLINFO, 0, info.addr);
    return TRUE;
  }
  return get_info(p, hwnd.addr, bar, info.addr) ? TRUE : FALSE;
}
BOOL GetScrollBarInfo(WindowsProcess& p, Ptr hwnd, int32_t object, Ptr info) {
  if (!window_or_fail(p, hwnd.addr)) return FALSE;
  if (object == OBJID_CLIENT) return send_message(p, hwnd.addr, SBM_GETSCROLLBARINFO, 0, info.addr) ? TRUE : FALSE;
  return get_bar_info(p, hwnd.addr, object, info.addr) ? TRUE : FALSE;
}
int32_t SetScrollPos(WindowsProcess& p, Ptr hwnd, int32_t bar, int32_t pos, int32_t redraw) {
  if (!window_or_fail(p, hwnd.addr)) return 0;
  const ScrollData* d = bar_data(p, hwnd.addr, bar, false);
  if (!d) return 0;
  const int32_t old = d->pos;
  const Info info{28, SIF_POS, 0, 0, 0, pos, 0};
  if (bar == SB_CTL) set_info(p, hwnd.addr, SB_CTL, info, redraw != 0);
  else set_info(p, hwnd.addr, bar, info, redraw != 0);
  return old;
}
int32_t GetScrollPos(WindowsProcess& p, Ptr hwnd, int32_t bar) {
  if (!window_or_fail(p, hwnd.addr)) return 0;
  if (bar == SB_CTL) return static_cast<int32_t>(send_message(p, hwnd.addr, SBM_GETPOS, 0, 0));
  const ScrollData* d = bar_data(p, hwnd.addr, bar, false);
  return d ? d->pos : 0;
}
BOOL SetScrollRange(WindowsProcess& p, Ptr hwnd, int32_t bar, int32_t min, int32_t max, int32_t redraw) {
  if (!window_or_fail(p, hwnd.addr)) return FALSE;
  const Info info{28, SIF_RANGE, min, max, 0, 0, 0};
  set_info(p, hwnd.addr, bar, info, redraw != 0);
  return TRUE;
}
BOOL GetScrollRange(WindowsProcess& p, Ptr hwnd, int32_t bar, Ptr min, Ptr max) {
  if (!window_or_fail(p, hwnd.addr)) return FALSE;
  if (bar == SB_CTL) {
    send_message(p, hwnd.addr, SBM_GETRANGE, min.addr, max.addr);
    return TRUE;
  }
  const ScrollData* d = bar_data(p, hwnd.addr, bar, false);
  if (min) put<int32_t>(min.addr, d ? d->min : 0);
  if (max) put<int32_t>(max.addr, d ? d->max : 0);
  return TRUE;
}
BOOL ShowScrollBar(WindowsProcess& p, Ptr hwnd, int32_t bar, int32_t show) {
  if (!hwnd || !window_or_fail(p, hwnd.addr)) return FALSE;
  show_bars(p, hwnd.addr, bar, bar == SB_VERT ? false : show != 0, bar == SB_HORZ ? false : show != 0);
  return TRUE;
}
BOOL EnableScrollBar(WindowsProcess& p, Ptr hwnd, uint32_t bar, uint32_t flags) {
  if (!window_or_fail(p, hwnd.addr)) return FALSE;
  return enable_bar(p, hwnd.addr, static_cast<int32_t>(bar), flags) ? TRUE : FALSE;
}

// ---- scrolling pixels ----

// Moves the pixels of `area` (device units of the DC) by dx, dy, keeping to `clip` (where pixels
// may land) and to what the DC may touch; the part of area ∩ clip the moved pixels do not cover.
Region move_pixels(WindowsProcess& p, DeviceContext& dc, const Rect& area, const Rect& clip, int32_t dx, int32_t dy) {
  const Rect from = area.intersect(clip);
  const Rect to = area.offset(dx, dy).intersect(clip);
  gdi32::Surface* s = gdi32::dc_surface(p, dc);
  if (s && !to.empty()) {
    const Region& allowed = gdi32::drawing_clip(p, dc);
    const int32_t ox = dc.origin.x, oy = dc.origin.y;
    const int32_t w = to.width(), h = to.height();
    std::vector<uint32_t> pixels(static_cast<size_t>(w) * h);
    std::vector<uint8_t> have(pixels.size());
    for (int32_t y = 0; y < h; ++y)
      for (int32_t x = 0; x < w; ++x) {
        const int32_t sx = to.left + x - dx + ox, sy = to.top + y - dy + oy;
        if (sx < 0 || sy < 0 || sx >= s->width() || sy >= s->height()) continue;
        pixels[static_cast<size_t>(y) * w + x] = s->pixel(sx, sy);
        have[static_cast<size_t>(y) * w + x] = 1;
      }
    for (int32_t y = 0; y < h; ++y)
      for (int32_t x = 0; x < w; ++x) {
        const int32_t tx = to.left + x + ox, ty = to.top + y + oy;
        if (!have[static_cast<size_t>(y) * w + x] || !allowed.contains(tx, ty)) continue;
        s->set_pixel(tx, ty, pixels[static_cast<size_t>(y) * w + x]);
      }
    s->touch(to.offset(ox, oy));
  }
  return Region::combine(Region(from), Region(to), Region::Op::Diff);
}

// Gives a region to a program's region handle (if it is one).
void put_region(WindowsProcess& p, uint64_t handle, const Region& r) {
  if (!handle) return;
  if (auto* o = gdi32::gdi_table(p).find_as<gdi32::RegionObject>(handle, gdi32::OBJ_REGION))
    o->region = std::make_unique<Region>(r);
}

int32_t ScrollWindowEx(WindowsProcess& p, Ptr hwnd, int32_t dx, int32_t dy, Ptr scroll, Ptr clip, Ptr region, Ptr update,
                       uint32_t flags) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;  // ERROR
  const Rect all{0, 0, w->client.width(), w->client.height()};
  const Rect area = scroll ? get<Rect>(scroll.addr).intersect(all) : all;
  const Rect keep = clip ? get<Rect>(clip.addr).intersect(all) : all;
  Region uncovered;
  if (visible(p, hwnd.addr)) {
    const uint64_t hdc = window_dc(p, hwnd.addr, false);
    if (DeviceContext* dc = gdi32::find_dc(p, hdc)) uncovered = move_pixels(p, *dc, area, keep, dx, dy);
    release_window_dc(p, hwnd.addr, hdc);
  }
  if (!(w = find_window(p, hwnd.addr))) return 0;
  // What was waiting to be painted in the scrolled part moves with it.
  if (!w->update.empty()) {
    const Rect moved = w->update.intersect(area).offset(dx, dy).intersect(keep);
    if (!moved.empty()) w->update = w->update.bounds(moved);
  }
  if (flags & SW_SCROLLCHILDREN) {
    const std::vector<uint64_t> kids = w->children;
    for (uint64_t h : kids) {
      Window* c = find_window(p, h);
      if (!c) continue;
      if (scroll && c->window.intersect(area).empty()) continue;
      set_window_position(p, h, 0, c->window.left + dx, c->window.top + dy, 0, 0,
                          SWP_NOZORDER | SWP_NOSIZE | SWP_NOACTIVATE | SWP_NOREDRAW);
    }
    if (!(w = find_window(p, hwnd.addr))) return 0;
  }
  const Rect bounds = uncovered.empty() ? Rect{} : uncovered.bounds();
  if ((flags & SW_INVALIDATE) && !bounds.empty()) {
    w->update = w->update.empty() ? bounds : w->update.bounds(bounds);
    if (flags & SW_ERASE) w->erase = true;
  }
  if (update) put<Rect>(update.addr, bounds);
  put_region(p, region.addr, uncovered);
  return uncovered.empty() ? 1 /* NULLREGION */ : uncovered.kind();
}

BOOL ScrollWindow(WindowsProcess& p, Ptr hwnd, int32_t dx, int32_t dy, Ptr scroll, Ptr clip) {
  return ScrollWindowEx(p, hwnd, dx, dy, scroll, clip, Ptr(0), Ptr(0),
                        SW_INVALIDATE | SW_ERASE | (scroll ? 0u : uint32_t{SW_SCROLLCHILDREN})) != 0
             ? TRUE
             : FALSE;
}

BOOL ScrollDC(WindowsProcess& p, Ptr hdc, int32_t dx, int32_t dy, Ptr scroll, Ptr clip, Ptr region, Ptr update) {
  DeviceContext* dc = gdi32::find_dc(p, hdc.addr);
  if (!dc) return FALSE;
  // Everything in device units: the DC's extent where no rectangle is given.
  Rect extent;
  {
    const Region& allowed = gdi32::drawing_clip(p, *dc);
    extent = allowed.empty() ? Rect{} : allowed.bounds().offset(-dc->origin.x, -dc->origin.y);
  }
  const Rect area = scroll ? gdi32::rect_to_device(*dc, get<Rect>(scroll.addr)) : extent;
  const Rect keep = clip ? gdi32::rect_to_device(*dc, get<Rect>(clip.addr)) : extent;
  const gdi32::Point o = gdi32::to_device(*dc, {0, 0});
  const gdi32::Point d = gdi32::to_device(*dc, {dx, dy});
  const Region uncovered = move_pixels(p, *dc, area, keep, d.x - o.x, d.y - o.y);
  if (update) {
    Rect b = uncovered.empty() ? Rect{} : uncovered.bounds();
    if (!b.empty()) {
      const gdi32::Point a = gdi32::to_logical(*dc, {b.left, b.top}), z = gdi32::to_logical(*dc, {b.right, b.bottom});
      b = {std::min(a.x, z.x), std::min(a.y, z.y), std::max(a.x, z.x), std::max(a.y, z.y)};
    }
    put<Rect>(update.addr, b);
  }
  put_region(p, region.addr, uncovered);
  return TRUE;
}

}  // namespace scroll_bar_impl
}  // namespace

void draw_window_scroll_bars(WindowsProcess& p, uint64_t hwnd, gdi32::DeviceContext& dc) {
  namespace sb = scroll_bar_impl;
  const uint64_t hdc = dc.handle;
  sb::draw_bar(p, hwnd, hdc, sb::SB_VERT, true, true);
  sb::draw_bar(p, hwnd, hdc, sb::SB_HORZ, true, true);
}

int32_t scroll_bar_hit_test(WindowsProcess& p, const Window& w, int32_t x, int32_t y) {
  namespace sb = scroll_bar_impl;
  const Rect c = client_screen_rect(p, w);
  if (w.style & WS_VSCROLL) {
    const Rect r{c.right, c.top, c.right + system_metric(p, sb::SM_CXVSCROLL_), c.bottom};
    if (r.contains(x, y)) return sb::HTVSCROLL_;
  }
  if (w.style & WS_HSCROLL) {
    const Rect r{c.left, c.bottom, c.right, c.bottom + system_metric(p, sb::SM_CYHSCROLL_)};
    if (r.contains(x, y)) return sb::HTHSCROLL_;
  }
  return 0;
}

void track_window_scroll_bar(WindowsProcess& p, uint64_t hwnd, bool vertical, int32_t x, int32_t y) {
  namespace sb = scroll_bar_impl;
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const Rect c = client_screen_rect(p, *w);
  // The screen point in the window's coordinates.
  const int32_t wx = x - c.left + (w->client.left - w->window.left), wy = y - c.top + (w->client.top - w->window.top);
  sb::track_bar(p, hwnd, vertical ? sb::SB_VERT : sb::SB_HORZ, wx, wy);
}

int32_t set_scroll_info(WindowsProcess& p, uint64_t hwnd, int32_t bar, uint32_t mask, int32_t min, int32_t max,
                        uint32_t page, int32_t pos, bool redraw) {
  namespace sb = scroll_bar_impl;
  const sb::Info info{28, mask, min, max, page, pos, 0};
  return sb::set_info(p, hwnd, bar, info, redraw);
}

const ControlClass& scrollbar_class() {
  static const Export entry = EXPORT("ScrollBarWndProcW", control_entry<scroll_bar_impl::scrollbar_proc>);
  static const ControlClass c{u"ScrollBar", 0x8b /* CS_VREDRAW | CS_HREDRAW | CS_DBLCLKS | CS_PARENTDC */, 28,
                              scroll_bar_impl::scrollbar_proc, &entry, 32512, 0};
  return c;
}

const std::vector<Export>& scroll_bar_exports() {
  namespace sb = scroll_bar_impl;
  static const std::vector<Export> e = {
      EXPORT("SetScrollInfo", sb::SetScrollInfo),       EXPORT("GetScrollInfo", sb::GetScrollInfo),
      EXPORT("GetScrollBarInfo", sb::GetScrollBarInfo), EXPORT("SetScrollPos", sb::SetScrollPos),
      EXPORT("GetScrollPos", sb::GetScrollPos),         EXPORT("SetScrollRange", sb::SetScrollRange),
      EXPORT("GetScrollRange", sb::GetScrollRange),     EXPORT("ShowScrollBar", sb::ShowScrollBar),
      EXPORT("EnableScrollBar", sb::EnableScrollBar),   EXPORT("ScrollWindowEx", sb::ScrollWindowEx),
      EXPORT("ScrollWindow", sb::ScrollWindow),         EXPORT("ScrollDC", sb::ScrollDC),
  };
  return e;
}

}  // namespace polyrun::shims::user32
