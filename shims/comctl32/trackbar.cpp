// The trackbar (msctls_trackbar32): a thumb sliding along a channel over a range, horizontal or
// vertical (TBS_VERT), with tick marks (TBS_AUTOTICKS' every TBM_SETTICFREQ, or TBM_SETTIC's;
// none with TBS_NOTICKS) below, above (TBS_TOP/TBS_LEFT) or on both sides (TBS_BOTH) and a
// selection range shown in the channel (TBS_ENABLESELRANGE). The keyboard (arrows by a line, Page
// Up/Down by a page, Home/End) and the mouse (a press beside the thumb pages, the thumb dragged)
// move it, each move a WM_HSCROLL or WM_VSCROLL with its TB_ code to the parent (lparam the
// trackbar), TB_ENDTRACK when the key or button is released.
#include <algorithm>
#include <vector>

#include "shims/comctl32/comctl32.h"
#include "shims/core/guest_memory.h"
#include "shims/gdi32/gdi32.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comctl32 {

using namespace user32;

namespace trackbar {
namespace {

enum : uint32_t {
  TBS_AUTOTICKS = 0x1, TBS_VERT = 0x2, TBS_TOP = 0x4, TBS_BOTH = 0x8, TBS_NOTICKS = 0x10, TBS_ENABLESELRANGE = 0x20,
  TBS_NOTHUMB = 0x80,
  TBM_GETPOS = WM_USER, TBM_GETRANGEMIN = WM_USER + 1, TBM_GETRANGEMAX = WM_USER + 2, TBM_GETTIC = WM_USER + 3,
  TBM_SETTIC = WM_USER + 4, TBM_SETPOS = WM_USER + 5, TBM_SETRANGE = WM_USER + 6, TBM_SETRANGEMIN = WM_USER + 7,
  TBM_SETRANGEMAX = WM_USER + 8, TBM_CLEARTICS = WM_USER + 9, TBM_SETSEL = WM_USER + 10,
  TBM_SETSELSTART = WM_USER + 11, TBM_SETSELEND = WM_USER + 12, TBM_GETPTICS = WM_USER + 14,
  TBM_GETTICPOS = WM_USER + 15, TBM_GETNUMTICS = WM_USER + 16, TBM_GETSELSTART = WM_USER + 17,
  TBM_GETSELEND = WM_USER + 18, TBM_CLEARSEL = WM_USER + 19, TBM_SETTICFREQ = WM_USER + 20,
  TBM_SETPAGESIZE = WM_USER + 21, TBM_GETPAGESIZE = WM_USER + 22, TBM_SETLINESIZE = WM_USER + 23,
  TBM_GETLINESIZE = WM_USER + 24, TBM_GETTHUMBRECT = WM_USER + 25, TBM_GETCHANNELRECT = WM_USER + 26,
  TBM_SETTHUMBLENGTH = WM_USER + 27, TBM_GETTHUMBLENGTH = WM_USER + 28,
  TB_LINEUP = 0, TB_LINEDOWN = 1, TB_PAGEUP = 2, TB_PAGEDOWN = 3, TB_THUMBPOSITION = 4, TB_THUMBTRACK = 5,
  TB_TOP = 6, TB_BOTTOM = 7, TB_ENDTRACK = 8,
  BDR_SUNKEN = 0xa, BDR_RAISED = 0x5, BF_RECT = 0xf, BF_SOFT = 0x1000,
};
enum : int32_t { COLOR_3DFACE = 15, COLOR_WINDOW_ = 5, COLOR_HIGHLIGHT = 13, COLOR_BTNTEXT = 18 };
constexpr int32_t kThumbWidth = 11, kMargin = 8;
constexpr uint64_t kPageTimer = 1;

struct TrackbarState : ControlState {
  int32_t min = 0, max = 100, pos = 0, page = 20, line = 1, freq = 1, sel_min = 0, sel_max = 0;
  int32_t thumb_length = 20;
  std::vector<int32_t> tics;  // sorted, inside the range
  uint64_t ptics = 0;         // TBM_GETPTICS' copy of them in the program's memory (0: none yet)
  bool dragging = false, tracking = false;
  int32_t press_x = 0, press_y = 0;  // the point a press beside the thumb pages toward
};

bool vertical(const Window& w) { return w.style & TBS_VERT; }

// The channel, and the thumb on it, in client coordinates (x along the bar, y across; swapped for
// a vertical one).
Rect channel_rect(const Window& w) {
  const bool v = vertical(w);
  const int32_t length = v ? w.client.height() : w.client.width(), across = v ? w.client.width() : w.client.height();
  const int32_t thick = (w.style & TBS_ENABLESELRANGE) ? 8 : 4;
  int32_t top = kMargin;
  if (w.style & TBS_BOTH) top = (across - thick) / 2;
  else if (w.style & TBS_TOP) top = std::max(0, across - kMargin - thick);
  const Rect r{kMargin, top, std::max(kMargin, length - kMargin), top + thick};
  return v ? Rect{r.top, r.left, r.bottom, r.right} : r;
}

int32_t usable(const Window& w) {
  const Rect c = channel_rect(w);
  return std::max(1, (vertical(w) ? c.height() : c.width()) - kThumbWidth);
}

// Where the thumb's leading edge is for a value, along the client area.
int32_t thumb_at(const Window& w, const TrackbarState& s, int32_t value) {
  const Rect c = channel_rect(w);
  const int32_t span = s.max - s.min;
  return (vertical(w) ? c.top : c.left) +
         (span > 0 ? static_cast<int32_t>(static_cast<int64_t>(value - s.min) * usable(w) / span) : 0);
}

Rect thumb_rect(const Window& w, const TrackbarState& s) {
  const Rect c = channel_rect(w);
  const bool v = vertical(w);
  const int32_t along = thumb_at(w, s, s.pos);
  const int32_t centre = v ? (c.left + c.right) / 2 : (c.top + c.bottom) / 2;
  const int32_t across = std::max(0, centre - s.thumb_length / 2);
  return v ? Rect{across, along, across + s.thumb_length, along + kThumbWidth}
           : Rect{along, across, along + kThumbWidth, across + s.thumb_length};
}

// The position a point along the channel stands for.
int32_t position_at(const Window& w, const TrackbarState& s, int32_t x, int32_t y) {
  const Rect c = channel_rect(w);
  const int32_t at = (vertical(w) ? y - c.top : x - c.left) - kThumbWidth / 2;
  const int64_t span = s.max - s.min, room = usable(w);
  int64_t pos = s.min + (at * span + (at >= 0 ? room / 2 : -room / 2)) / room;
  return static_cast<int32_t>(std::clamp<int64_t>(pos, s.min, s.max));
}

void clamp_pos(TrackbarState& s) { s.pos = std::clamp(s.pos, s.min, std::max(s.min, s.max)); }

// TBS_AUTOTICKS' marks, every `freq` from the range's start.
void auto_ticks(const Window& w, TrackbarState& s) {
  if (!(w.style & TBS_AUTOTICKS)) return;
  s.tics.clear();
  if (s.freq <= 0) return;
  for (int64_t i = s.freq; i < static_cast<int64_t>(s.max) - s.min; i += s.freq) s.tics.push_back(static_cast<int32_t>(s.min + i));
}

void scroll_parent(WindowsProcess& p, uint64_t hwnd, uint32_t code, int32_t pos = 0) {
  Window* w = find_window(p, hwnd);
  if (!w || !w->parent) return;
  const uint32_t wp = (code == TB_THUMBTRACK || code == TB_THUMBPOSITION) ? pack_words(static_cast<int32_t>(code), pos) : code;
  send_message(p, w->parent, vertical(*w) ? WM_VSCROLL : WM_HSCROLL, wp, hwnd);
}

void paint(WindowsProcess& p, uint64_t hwnd, uint64_t given_dc) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const TrackbarState s = control_state<TrackbarState>(*w);
  const Window copy = *w;
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    fill_with_brush(p, *cp.dc, cp.client, control_brush(p, hwnd, cp.hdc, WM_CTLCOLORSTATIC));
    if (!(cp.dc = gdi32::find_dc(p, cp.hdc))) return;
    const bool v = vertical(copy);
    const Rect c = channel_rect(copy);
    const Rect inner = draw_edge(p, *cp.dc, c, BDR_SUNKEN, BF_RECT);
    fill_sys_color(p, *cp.dc, inner, COLOR_WINDOW_);
    auto along = [&](int32_t value) { return thumb_at(copy, s, value) + kThumbWidth / 2; };
    if ((copy.style & TBS_ENABLESELRANGE) && s.sel_max > s.sel_min) {
      const int32_t a = along(s.sel_min), b = along(s.sel_max);
      fill_sys_color(p, *cp.dc, v ? Rect{inner.left, a, inner.right, b} : Rect{a, inner.top, b, inner.bottom}, COLOR_HIGHLIGHT);
    }
    if (!(copy.style & TBS_NOTICKS)) {
      std::vector<int32_t> marks = s.tics;
      marks.push_back(s.min), marks.push_back(s.max);
      const Rect t = thumb_rect(copy, s);
      for (int32_t m : marks) {
        const int32_t x = along(m);
        auto mark = [&](int32_t from) {
          fill_sys_color(p, *cp.dc, v ? Rect{from, x, from + 3, x + 1} : Rect{x, from, x + 1, from + 3}, COLOR_BTNTEXT);
        };
        if (!(copy.style & TBS_TOP) || (copy.style & TBS_BOTH)) mark((v ? t.right : t.bottom) + 2);
        if ((copy.style & (TBS_TOP | TBS_BOTH))) mark((v ? t.left : t.top) - 5);
      }
    }
    if (!(copy.style & TBS_NOTHUMB)) {
      const Rect t = thumb_rect(copy, s);
      fill_sys_color(p, *cp.dc, t, COLOR_3DFACE);
      draw_edge(p, *cp.dc, t, BDR_RAISED, BF_RECT | BF_SOFT);
    }
  });
}

// A move by the keyboard or a page press: the new position and its code to the parent.
void move(WindowsProcess& p, uint64_t hwnd, int32_t to, uint32_t code) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  TrackbarState& s = control_state<TrackbarState>(*w);
  s.pos = to;
  clamp_pos(s);
  invalidate_rect(p, hwnd, nullptr, true);
  scroll_parent(p, hwnd, code);
}

// A page toward the point pressed beside the thumb (false: the thumb is there).
bool page_toward(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w) return false;
  TrackbarState& s = control_state<TrackbarState>(*w);
  const Rect t = thumb_rect(*w, s);
  const bool v = vertical(*w);
  const int32_t at = v ? s.press_y : s.press_x;
  if (at >= (v ? t.top : t.left) && at < (v ? t.bottom : t.right)) return false;
  const bool before = at < (v ? t.top : t.left);
  move(p, hwnd, before ? s.pos - s.page : s.pos + s.page, before ? TB_PAGEUP : TB_PAGEDOWN);
  return true;
}

uint64_t trackbar_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  TrackbarState& s = control_state<TrackbarState>(*w);
  auto redraw = [&](bool now) {
    if (now) invalidate_rect(p, hwnd, nullptr, true);
  };
  const int32_t lp = static_cast<int32_t>(lparam);
  switch (msg) {
    case WM_ERASEBKGND:
      return 1;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint(p, hwnd, wparam);
      return 0;
    case WM_SETFONT:
      s.font = wparam;
      return 0;
    case WM_GETFONT:
      return s.font;
    case WM_GETDLGCODE:
      return DLGC_WANTARROWS;
    case WM_SETFOCUS:
    case WM_KILLFOCUS:
      invalidate_rect(p, hwnd, nullptr, true);
      return 0;
    case WM_KEYDOWN: {
      switch (wparam) {
        case VK_LEFT: case VK_UP: move(p, hwnd, s.pos - s.line, TB_LINEUP); return 0;
        case VK_RIGHT: case VK_DOWN: move(p, hwnd, s.pos + s.line, TB_LINEDOWN); return 0;
        case VK_PRIOR: move(p, hwnd, s.pos - s.page, TB_PAGEUP); return 0;
        case VK_NEXT: move(p, hwnd, s.pos + s.page, TB_PAGEDOWN); return 0;
        case VK_HOME: move(p, hwnd, s.min, TB_TOP); return 0;
        case VK_END: move(p, hwnd, s.max, TB_BOTTOM); return 0;
        default: return 0;
      }
    }
    case WM_KEYUP:
      switch (wparam) {
        case VK_LEFT: case VK_UP: case VK_RIGHT: case VK_DOWN: case VK_PRIOR: case VK_NEXT: case VK_HOME: case VK_END:
          scroll_parent(p, hwnd, TB_ENDTRACK);
          return 0;
        default: return 0;
      }
    case WM_LBUTTONDOWN: {
      const int32_t x = static_cast<int16_t>(lparam), y = static_cast<int16_t>(lparam >> 16);
      set_focus(p, hwnd);
      if (!(w = find_window(p, hwnd))) return 0;
      TrackbarState& st = control_state<TrackbarState>(*w);
      const Rect t = thumb_rect(*w, st);
      st.tracking = true;
      set_capture(p, hwnd);
      if (t.contains(x, y)) {
        st.dragging = true;
      } else {
        st.press_x = x, st.press_y = y;
        page_toward(p, hwnd);
        // Held, it pages on after half a second, every 100 ms, toward the cursor until the thumb is
        // under it.
        call_user32(p, "SetTimer", {hwnd, kPageTimer, 500, 0});
      }
      return 0;
    }
    case WM_TIMER:
      if (wparam != kPageTimer) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
      if (!s.tracking || s.dragging) {
        call_user32(p, "KillTimer", {hwnd, kPageTimer});
        return 0;
      }
      // Toward where the cursor is now.
      {
        int32_t x = 0, y = 0;
        cursor_in_client(p, hwnd, x, y);
        if (!(w = find_window(p, hwnd))) return 0;
        TrackbarState& st = control_state<TrackbarState>(*w);
        st.press_x = x, st.press_y = y;
      }
      if (!page_toward(p, hwnd)) call_user32(p, "KillTimer", {hwnd, kPageTimer});
      else call_user32(p, "SetTimer", {hwnd, kPageTimer, 100, 0});
      return 0;
    case WM_MOUSEMOVE:
      if (s.dragging) {
        const int32_t to = position_at(*w, s, static_cast<int16_t>(lparam), static_cast<int16_t>(lparam >> 16));
        if (to != s.pos) {
          s.pos = to;
          invalidate_rect(p, hwnd, nullptr, true);
        }
        scroll_parent(p, hwnd, TB_THUMBTRACK, to);
      }
      return 0;
    case WM_LBUTTONUP: {
      if (!s.tracking) return 0;
      call_user32(p, "KillTimer", {hwnd, kPageTimer});
      if (!(w = find_window(p, hwnd))) return 0;
      if (s.dragging) {
        s.dragging = false;
        scroll_parent(p, hwnd, TB_THUMBPOSITION, s.pos);
      }
      scroll_parent(p, hwnd, TB_ENDTRACK);
      set_capture(p, 0);  // (WM_CAPTURECHANGED ends the track once more, as Windows' does)
      wm_notify(p, hwnd, NM_RELEASEDCAPTURE);
      return 0;
    }
    case WM_CAPTURECHANGED:
      if (s.tracking) {
        s.tracking = s.dragging = false;
        scroll_parent(p, hwnd, TB_ENDTRACK);
      }
      return 0;
    case TBM_GETPOS:
      return static_cast<uint32_t>(s.pos);
    case TBM_SETPOS:
      s.pos = lp;
      clamp_pos(s);
      redraw(wparam);
      return 0;
    case TBM_GETRANGEMIN:
      return static_cast<uint32_t>(s.min);
    case TBM_GETRANGEMAX:
      return static_cast<uint32_t>(s.max);
    case TBM_SETRANGE:
    case TBM_SETRANGEMIN:
    case TBM_SETRANGEMAX:
      if (msg == TBM_SETRANGE) s.min = static_cast<int16_t>(lparam), s.max = static_cast<int16_t>(lparam >> 16);
      else if (msg == TBM_SETRANGEMIN) s.min = lp;
      else s.max = lp;
      clamp_pos(s);
      auto_ticks(*w, s);
      redraw(wparam);
      return 0;
    case TBM_GETTIC:
      return wparam < s.tics.size() ? static_cast<uint32_t>(s.tics[wparam]) : 0xffffffffu;
    case TBM_GETTICPOS: {
      if (wparam >= s.tics.size()) return 0xffffffffu;
      return static_cast<uint32_t>(thumb_at(*w, s, s.tics[wparam]) + kThumbWidth / 2);
    }
    case TBM_SETTIC:
      if ((w->style & TBS_NOTICKS) || lp < s.min || lp > s.max) return 0;
      s.tics.insert(std::upper_bound(s.tics.begin(), s.tics.end(), lp), lp);
      invalidate_rect(p, hwnd, nullptr, true);
      return 1;
    case TBM_CLEARTICS:
      s.tics.clear();
      redraw(wparam);
      return 0;
    case TBM_GETNUMTICS:
      // The first and last marks are always there.
      return (w->style & TBS_NOTICKS) ? 0 : s.tics.size() + 2;
    case TBM_GETPTICS:
      // The marks' positions in an array the control owns (made anew at each call).
      if (s.ptics) p.heap.free(s.ptics);
      s.ptics = p.heap.alloc(4 * (s.tics.size() + 1), true);
      for (size_t i = 0; i < s.tics.size(); i++) put<int32_t>(s.ptics + 4 * i, s.tics[i]);
      return s.ptics;
    case WM_DESTROY:
      if (s.ptics) p.heap.free(s.ptics), s.ptics = 0;
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case TBM_SETTICFREQ:
      s.freq = static_cast<int32_t>(wparam);
      auto_ticks(*w, s);
      invalidate_rect(p, hwnd, nullptr, true);
      return 0;
    case TBM_SETSEL:
      s.sel_min = static_cast<int16_t>(lparam), s.sel_max = static_cast<int16_t>(lparam >> 16);
      redraw(wparam);
      return 0;
    case TBM_SETSELSTART:
      s.sel_min = lp;
      redraw(wparam);
      return 0;
    case TBM_SETSELEND:
      s.sel_max = lp;
      redraw(wparam);
      return 0;
    case TBM_GETSELSTART:
      return static_cast<uint32_t>(s.sel_min);
    case TBM_GETSELEND:
      return static_cast<uint32_t>(s.sel_max);
    case TBM_CLEARSEL:
      s.sel_min = s.sel_max = 0;
      redraw(wparam);
      return 0;
    case TBM_SETPAGESIZE:
    case TBM_SETLINESIZE: {
      int32_t& size = msg == TBM_SETPAGESIZE ? s.page : s.line;
      const int32_t old = size;
      size = lp;
      return static_cast<uint32_t>(old);
    }
    case TBM_GETPAGESIZE:
      return static_cast<uint32_t>(s.page);
    case TBM_GETLINESIZE:
      return static_cast<uint32_t>(s.line);
    case TBM_GETTHUMBRECT:
      if (lparam) put<Rect>(lparam, thumb_rect(*w, s));
      return 0;
    case TBM_GETCHANNELRECT:
      if (lparam) put<Rect>(lparam, channel_rect(*w));
      return 0;
    case TBM_SETTHUMBLENGTH:
      s.thumb_length = static_cast<int32_t>(wparam);
      invalidate_rect(p, hwnd, nullptr, true);
      return 0;
    case TBM_GETTHUMBLENGTH:
      return static_cast<uint32_t>(s.thumb_length);
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace
}  // namespace trackbar

const ControlClass& trackbar_class() {
  static const Export entry = EXPORT("TrackbarWindowProc", user32::control_entry<trackbar::trackbar_proc>);
  // CS_GLOBALCLASS.
  static const ControlClass c{u"msctls_trackbar32", 0x4000, 8, trackbar::trackbar_proc, &entry, 32512, 0};
  return c;
}

}  // namespace polyrun::shims::comctl32
