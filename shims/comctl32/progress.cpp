// The progress bar (msctls_progress32): a range, a position, a step, its colours and state, and
// the marquee style's moving block; painted in the classic look, a sunken static edge around a bar
// of blocks (or a smooth bar with PBS_SMOOTH), growing upwards with PBS_VERTICAL, in
// COLOR_HIGHLIGHT unless PBM_SETBARCOLOR gave a colour.
#include <algorithm>

#include "shims/comctl32/comctl32.h"
#include "shims/core/guest_memory.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comctl32 {

using namespace user32;

namespace progress {
namespace {

enum : uint32_t {
  PBS_SMOOTH = 0x1, PBS_VERTICAL = 0x4, PBS_MARQUEE = 0x8,
  PBM_SETRANGE = WM_USER + 1, PBM_SETPOS = WM_USER + 2, PBM_DELTAPOS = WM_USER + 3, PBM_SETSTEP = WM_USER + 4,
  PBM_STEPIT = WM_USER + 5, PBM_SETRANGE32 = WM_USER + 6, PBM_GETRANGE = WM_USER + 7, PBM_GETPOS = WM_USER + 8,
  PBM_SETBARCOLOR = WM_USER + 9, PBM_SETMARQUEE = WM_USER + 10, PBM_GETSTEP = WM_USER + 13,
  PBM_GETBKCOLOR = WM_USER + 14, PBM_GETBARCOLOR = WM_USER + 15, PBM_SETSTATE = WM_USER + 16,
  PBM_GETSTATE = WM_USER + 17,
  PBST_NORMAL = 1, PBST_ERROR = 2, PBST_PAUSED = 3,
};
enum : int32_t { COLOR_HIGHLIGHT = 13, COLOR_3DFACE = 15 };
constexpr uint64_t kMarqueeTimer = 1;

struct ProgressState : ControlState {
  int32_t min = 0, max = 100, pos = 0, step = 10;
  uint32_t bar = CLR_DEFAULT, bk = CLR_DEFAULT;
  uint32_t state = PBST_NORMAL;
  bool marquee = false;
  int32_t marquee_at = 0;  // the moving block's offset along the bar, in pixels
};

void clamp_pos(ProgressState& s) {
  if (s.pos < s.min) s.pos = s.min;
  if (s.pos > s.max) s.pos = s.max;
}

// A rectangle filled with a colour (ExtTextOut's opaque background, as wine's controls fill).
void fill_color(WindowsProcess& p, gdi32::DeviceContext& dc, const Rect& r, uint32_t color) {
  const auto saved = dc.s.bk_color;
  dc.s.bk_color = color;
  gdi32::ext_text_out(p, dc, r.left, r.top, 0x2 /* ETO_OPAQUE */, &r, u"", nullptr, true);
  dc.s.bk_color = saved;
}

void paint(WindowsProcess& p, uint64_t hwnd, uint64_t given_dc) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const ProgressState s = control_state<ProgressState>(*w);
  const uint32_t style = w->style;
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    const Rect& rc = cp.client;
    if (s.bk == CLR_DEFAULT) fill_sys_color(p, *cp.dc, rc, COLOR_3DFACE);
    else fill_color(p, *cp.dc, rc, s.bk);
    const bool vertical = style & PBS_VERTICAL;
    const int32_t length = vertical ? rc.height() : rc.width(), across = vertical ? rc.width() : rc.height();
    int32_t from = 0, to = 0;
    if (style & PBS_MARQUEE) {
      from = s.marquee_at, to = std::min(length, s.marquee_at + 5 * (across * 2 / 3 + 2));
    } else if (s.max > s.min) {
      to = static_cast<int32_t>(static_cast<int64_t>(s.pos - s.min) * length / (s.max - s.min));
    }
    if (to <= from) return;
    const uint32_t bar = s.bar == CLR_DEFAULT ? sys_color(COLOR_HIGHLIGHT) : s.bar;
    auto part = [&](int32_t a, int32_t b) {  // along the bar from its start (the left or the bottom)
      const Rect r = vertical ? Rect{0, rc.bottom - b, rc.right, rc.bottom - a} : Rect{a, 0, b, rc.bottom};
      fill_color(p, *cp.dc, r, bar);
    };
    if (style & PBS_SMOOTH) {
      part(from, to);
    } else {
      const int32_t block = std::max(1, across * 2 / 3), gap = 2;
      for (int32_t at = from; at < to; at += block + gap) part(at, std::min(to, at + block));
    }
  });
}

uint64_t progress_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  ProgressState& s = control_state<ProgressState>(*w);
  auto redraw = [&] { invalidate_rect(p, hwnd, nullptr, true); };
  switch (msg) {
    case WM_NCCREATE:
      w->ex_style |= WS_EX_STATICEDGE;  // the classic sunken edge
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
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
    case WM_TIMER: {
      if (wparam != kMarqueeTimer) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
      // The marquee's block moves on, back to the start past the end.
      const int32_t length = (w->style & PBS_VERTICAL) ? w->client.height() : w->client.width();
      s.marquee_at = s.marquee_at + 5 >= length ? 0 : s.marquee_at + 5;
      redraw();
      return 0;
    }
    case WM_DESTROY:
      if (s.marquee) call_user32(p, "KillTimer", {hwnd, kMarqueeTimer});
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case PBM_GETPOS:
      return static_cast<uint32_t>(s.pos);
    case PBM_SETPOS: {
      if (w->style & PBS_MARQUEE) return 1;
      const int32_t old = s.pos;
      s.pos = static_cast<int32_t>(wparam);
      clamp_pos(s);
      if (s.pos != old) redraw();
      return static_cast<uint32_t>(old);
    }
    case PBM_DELTAPOS: {
      const int32_t old = s.pos;
      s.pos += static_cast<int32_t>(wparam);
      clamp_pos(s);
      if (s.pos != old) redraw();
      return static_cast<uint32_t>(old);
    }
    case PBM_SETRANGE:
    case PBM_SETRANGE32: {
      // The previous range, its low and high 16 bits.
      const uint32_t old = pack_words(s.min, s.max);
      if (msg == PBM_SETRANGE) {
        s.min = static_cast<uint16_t>(lparam), s.max = static_cast<uint16_t>(lparam >> 16);
      } else {
        s.min = static_cast<int32_t>(wparam), s.max = static_cast<int32_t>(lparam);
      }
      clamp_pos(s);
      redraw();
      return old;
    }
    case PBM_GETRANGE:
      if (lparam) put<int32_t>(lparam, s.min), put<int32_t>(lparam + 4, s.max);
      return static_cast<uint32_t>(wparam ? s.min : s.max);
    case PBM_SETSTEP: {
      const int32_t old = s.step;
      s.step = static_cast<int32_t>(wparam);
      return static_cast<uint32_t>(old);
    }
    case PBM_GETSTEP:
      return static_cast<uint32_t>(s.step);
    case PBM_STEPIT: {
      // Past either end the position wraps around into the range.
      const int32_t old = s.pos, span = s.max - s.min;
      s.pos += s.step;
      if (span > 0 && s.pos > s.max) s.pos = (s.pos - s.min) % span + s.min;
      if (span > 0 && s.pos < s.min) s.pos = (s.pos - s.min) % span + s.max;
      if (s.pos != old) redraw();
      return static_cast<uint32_t>(old);
    }
    case PBM_SETBARCOLOR:
    case CCM_SETBKCOLOR: {
      uint32_t& color = msg == PBM_SETBARCOLOR ? s.bar : s.bk;
      const uint32_t old = color;
      color = static_cast<uint32_t>(lparam);
      redraw();
      return old;
    }
    case PBM_GETBARCOLOR:
      return s.bar;
    case PBM_GETBKCOLOR:
      return s.bk;
    case PBM_SETMARQUEE:
      // On: the block moves every lparam milliseconds (30 when 0).
      s.marquee = wparam != 0;
      if (s.marquee) call_user32(p, "SetTimer", {hwnd, kMarqueeTimer, lparam ? lparam : 30, 0});
      else call_user32(p, "KillTimer", {hwnd, kMarqueeTimer});
      return s.marquee;
    case PBM_SETSTATE: {
      if (wparam < PBST_NORMAL || wparam > PBST_PAUSED) return 0;
      const uint32_t old = s.state;
      s.state = static_cast<uint32_t>(wparam);
      redraw();
      return old;
    }
    case PBM_GETSTATE:
      return s.state;
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace
}  // namespace progress

const ControlClass& progress_class() {
  static const Export entry = EXPORT("ProgressWindowProc", user32::control_entry<progress::progress_proc>);
  // CS_GLOBALCLASS | CS_HREDRAW | CS_VREDRAW; a pointer's room of extra bytes.
  static const ControlClass c{u"msctls_progress32", 0x4000 | 0x2 | 0x1, 8, progress::progress_proc, &entry, 32512, 0};
  return c;
}

}  // namespace polyrun::shims::comctl32
