// The up-down control (msctls_updown32, CreateUpDownControl): two arrows (side by side with
// UDS_HORZ) stepping a position through a range, wrapping with UDS_WRAP; each step asks the parent
// first (UDN_DELTAPOS, whose non-zero answer refuses it) and tells it after (WM_VSCROLL or
// WM_HSCROLL with SB_THUMBPOSITION and the position). A buddy window (UDM_SETBUDDY, or with
// UDS_AUTOBUDDY the window made before it) shows the position as text with UDS_SETBUDDYINT, in base
// 10 with thousands separators (none with UDS_NOTHOUSANDS) or 16, and is read back before each
// step; UDS_ALIGNRIGHT/LEFT put the control at its side, UDS_ARROWKEYS takes the up and down keys
// from it as from the control.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "shims/comctl32/comctl32.h"
#include "shims/core/guest_memory.h"
#include "shims/gdi32/gdi32.h"
#include "shims/user32/controls.h"
#include "shims/user32/frame_controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comctl32 {

using namespace user32;

namespace updown {
namespace {

enum : uint32_t {
  UDS_WRAP = 0x1, UDS_SETBUDDYINT = 0x2, UDS_ALIGNRIGHT = 0x4, UDS_ALIGNLEFT = 0x8, UDS_AUTOBUDDY = 0x10,
  UDS_ARROWKEYS = 0x20, UDS_HORZ = 0x40, UDS_NOTHOUSANDS = 0x80,
  UDM_SETRANGE = WM_USER + 101, UDM_GETRANGE = WM_USER + 102, UDM_SETPOS = WM_USER + 103, UDM_GETPOS = WM_USER + 104,
  UDM_SETBUDDY = WM_USER + 105, UDM_GETBUDDY = WM_USER + 106, UDM_SETACCEL = WM_USER + 107,
  UDM_GETACCEL = WM_USER + 108, UDM_SETBASE = WM_USER + 109, UDM_GETBASE = WM_USER + 110,
  UDM_SETRANGE32 = WM_USER + 111, UDM_GETRANGE32 = WM_USER + 112, UDM_SETPOS32 = WM_USER + 113,
  UDM_GETPOS32 = WM_USER + 114,
  SB_THUMBPOSITION = 4, SB_ENDSCROLL = 8, EM_SETSEL = 0x00b1,
  DFC_SCROLL = 3, DFCS_SCROLLUP = 0, DFCS_SCROLLDOWN = 1, DFCS_SCROLLLEFT = 2, DFCS_SCROLLRIGHT = 3,
  DFCS_INACTIVE = 0x100, DFCS_PUSHED = 0x200,
};
enum : int32_t { UDN_DELTAPOS = -722 };
constexpr int32_t kWidth = 16, kBuddyBorder = 2;
constexpr uint32_t kIncr = 1, kDecr = 2;
constexpr uint64_t kRepeatTimer = 1;

struct Accel {
  uint32_t sec, inc;
};

struct UpDownState : ControlState {
  int32_t min = 100, max = 0, pos = 0, base = 10;
  uint64_t buddy = 0;
  bool buddy_edit = false;
  std::vector<Accel> accel = {{0, 1}, {2, 5}, {5, 20}};
  uint32_t pressed = 0;  // the arrow held (kIncr, kDecr), since when
  std::chrono::steady_clock::time_point pressed_at;
};

bool in_range(const UpDownState& s, int64_t v) {
  return s.max > s.min ? v >= s.min && v <= s.max : v >= s.max && v <= s.min;
}

// The position held inside the range: the nearer end when outside.
int32_t held(const UpDownState& s, int32_t v) {
  if (in_range(s, v)) return v;
  return (s.min < s.max && v < s.min) || (s.min > s.max && v > s.min) ? s.min : s.max;
}

std::u16string buddy_text(WindowsProcess& p, uint64_t buddy) {
  Window* b = find_window(p, buddy);
  return b ? b->text : std::u16string();
}

// The buddy's number into the position (false: none there, or not a number in the range).
bool read_buddy(WindowsProcess& p, const Window& w, UpDownState& s) {
  if (!(w.style & UDS_SETBUDDYINT) || !find_window(p, s.buddy)) return false;
  std::string digits;
  for (char16_t c : buddy_text(p, s.buddy))
    if (c != u',') digits.push_back(c < 0x80 ? static_cast<char>(c) : '?');
  char* end = nullptr;
  const long v = std::strtol(digits.c_str(), &end, s.base);
  if (*end || !in_range(s, v)) return false;
  s.pos = static_cast<int32_t>(v);
  return true;
}

// The position as the buddy's text (when it differs from what is there).
void write_buddy(WindowsProcess& p, const Window& w, const UpDownState& s) {
  if (!(w.style & UDS_SETBUDDYINT) || !find_window(p, s.buddy)) return;
  char text[24];
  if (s.base == 16) std::snprintf(text, sizeof text, "0x%04X", static_cast<unsigned>(s.pos));
  else std::snprintf(text, sizeof text, "%d", s.pos);
  std::string t = text;
  if (s.base == 10 && !(w.style & UDS_NOTHOUSANDS)) {
    const size_t sign = t[0] == '-' ? 1 : 0;
    for (int64_t at = static_cast<int64_t>(t.size()) - 3; at > static_cast<int64_t>(sign); at -= 3) t.insert(static_cast<size_t>(at), ",");
  }
  const std::u16string u(t.begin(), t.end());
  if (u == buddy_text(p, s.buddy)) return;
  const GuestText buf(p, u);
  send_message(p, s.buddy, WM_SETTEXT, 0, buf.at);
}

// The step for an arrow held `held_s` seconds: the last accelerator whose time has come.
int32_t accel_step(const UpDownState& s, double held_s) {
  int32_t inc = 1;
  for (const Accel& a : s.accel)
    if (held_s >= a.sec) inc = static_cast<int32_t>(a.inc);
  return inc;
}

// A step of one arrow: UDN_DELTAPOS, the move the parent allows, and the scroll message.
void step(WindowsProcess& p, uint64_t hwnd, uint32_t arrow, double held_s = 0) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  UpDownState& s = control_state<UpDownState>(*w);
  int32_t delta = accel_step(s, held_s);
  if (arrow == kDecr) delta = -delta;
  if (s.min > s.max) delta = -delta;
  const int32_t from = s.pos;
  // NMUPDOWN: iPos, iDelta (which the parent may change).
  const uint64_t refused = wm_notify(
      p, hwnd, UDN_DELTAPOS, 8, [&](uint64_t at) { put<int32_t>(at, from), put<int32_t>(at + 4, delta); },
      [&](uint64_t at) { delta = get<int32_t>(at + 4); });
  if (!(w = find_window(p, hwnd))) return;
  UpDownState& st = control_state<UpDownState>(*w);
  if (!refused) {
    int64_t to = static_cast<int64_t>(st.pos) + delta;
    bool moved = true;
    if (!in_range(st, to)) {
      if (w->style & UDS_WRAP) to = delta > 0 == (st.max > st.min) ? std::min(st.min, st.max) : std::max(st.min, st.max);
      else moved = false;
    }
    if (moved) {
      st.pos = static_cast<int32_t>(to);
      write_buddy(p, *w, st);
    }
  }
  if (!(w = find_window(p, hwnd)) || !w->parent) return;
  send_message(p, w->parent, (w->style & UDS_HORZ) ? WM_HSCROLL : WM_VSCROLL,
               pack_words(SB_THUMBPOSITION, control_state<UpDownState>(*w).pos), hwnd);
}

void key(WindowsProcess& p, uint64_t hwnd, uint64_t vk) {
  Window* w = find_window(p, hwnd);
  if (!w || !(w->style & UDS_ARROWKEYS)) return;
  // The up and down keys, whichever way the arrows point (UDS_ARROWKEYS' documentation).
  uint32_t arrow = 0;
  if (vk == VK_UP) arrow = kIncr;
  else if (vk == VK_DOWN) arrow = kDecr;
  if (!arrow) return;
  read_buddy(p, *w, control_state<UpDownState>(*w));
  step(p, hwnd, arrow);
}

// The buddy's key presses (UDS_ARROWKEYS): the up and down keys step the control too.
void buddy_hook(WindowsProcess& p, uint64_t updown, uint64_t, uint32_t msg, uint64_t wparam, uint64_t) {
  if (msg == WM_KEYDOWN) key(p, updown, wparam);
}

// The buddy taken (its arrow keys with UDS_ARROWKEYS) and the control put at its side.
void set_buddy(WindowsProcess& p, uint64_t hwnd, uint64_t buddy) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  UpDownState& s = control_state<UpDownState>(*w);
  s.buddy = buddy;
  Window* b = find_window(p, buddy);
  s.buddy_edit = b && b->cls && same_name(b->cls->name, u"Edit");
  if (!b) return;
  const uint32_t style = w->style;
  if (style & UDS_ARROWKEYS) subclass(p, buddy, hwnd, buddy_hook);
  if (!(b = find_window(p, buddy))) return;
  if (!(style & (UDS_ALIGNLEFT | UDS_ALIGNRIGHT))) return;
  Rect r = b->window;
  int32_t x = 0, width = kWidth;
  if (style & UDS_ALIGNLEFT) {
    x = r.left, r.left += kWidth;
  } else {
    r.right -= kWidth, x = r.right;
  }
  set_window_position(p, buddy, 0, r.left, r.top, r.width(), r.height(), SWP_NOZORDER | SWP_NOACTIVATE);
  if (s.buddy_edit) {
    if (style & UDS_ALIGNLEFT) width += kBuddyBorder;
    else x -= kBuddyBorder;
  }
  set_window_position(p, hwnd, 0, x, r.top, width, r.height(), SWP_NOZORDER | SWP_NOACTIVATE);
}

// The arrow under a point of the client area (0: none).
uint32_t arrow_at(const Window& w, int32_t x, int32_t y) {
  const int32_t cw = w.client.width(), ch = w.client.height();
  if (x < 0 || y < 0 || x >= cw || y >= ch) return 0;
  if (w.style & UDS_HORZ) return x >= cw / 2 ? kIncr : kDecr;
  return y < ch / 2 ? kIncr : kDecr;
}

void paint(WindowsProcess& p, uint64_t hwnd, uint64_t given_dc) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const UpDownState s = control_state<UpDownState>(*w);
  const uint32_t style = w->style;
  paint_control(p, hwnd, given_dc, 0, [&](ControlPaint& cp) {
    const Rect& rc = cp.client;
    const bool horz = style & UDS_HORZ;
    const Rect incr = horz ? Rect{rc.width() / 2, 0, rc.right, rc.bottom} : Rect{0, 0, rc.right, rc.height() / 2};
    const Rect decr = horz ? Rect{0, 0, rc.width() / 2, rc.bottom} : Rect{0, rc.height() / 2, rc.right, rc.bottom};
    const uint32_t off = (style & WS_DISABLED) ? DFCS_INACTIVE : 0;
    draw_frame_control(p, *cp.dc, incr, DFC_SCROLL,
                       (horz ? DFCS_SCROLLRIGHT : DFCS_SCROLLUP) | off | (s.pressed == kIncr ? DFCS_PUSHED : 0));
    if ((cp.dc = gdi32::find_dc(p, cp.hdc)))
      draw_frame_control(p, *cp.dc, decr, DFC_SCROLL,
                         (horz ? DFCS_SCROLLLEFT : DFCS_SCROLLDOWN) | off | (s.pressed == kDecr ? DFCS_PUSHED : 0));
  });
}

uint64_t updown_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  UpDownState& s = control_state<UpDownState>(*w);
  switch (msg) {
    case WM_CREATE:
      if (w->style & UDS_AUTOBUDDY) {
        const uint64_t before = call_user32(p, "GetWindow", {hwnd, 3 /* GW_HWNDPREV */});
        if (before) set_buddy(p, hwnd, before);
      }
      return 0;
    case WM_DESTROY:
      unsubclass(p, s.buddy, hwnd);
      return 0;
    case WM_ERASEBKGND:
      return 1;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint(p, hwnd, wparam);
      return 0;
    case WM_KEYDOWN:
      key(p, hwnd, wparam);
      return 0;
    case WM_LBUTTONDOWN: {
      const uint32_t arrow = arrow_at(*w, static_cast<int16_t>(lparam), static_cast<int16_t>(lparam >> 16));
      if (!arrow) return 0;
      if (s.buddy_edit) set_focus(p, s.buddy);
      if (!(w = find_window(p, hwnd))) return 0;
      UpDownState& st = control_state<UpDownState>(*w);
      read_buddy(p, *w, st);
      st.pressed = arrow;
      st.pressed_at = std::chrono::steady_clock::now();
      invalidate_rect(p, hwnd, nullptr, false);
      step(p, hwnd, arrow);
      set_capture(p, hwnd);
      // Held, the arrow repeats after half a second, then every 50 ms, by the accelerators' steps,
      // while the cursor is over it.
      call_user32(p, "SetTimer", {hwnd, kRepeatTimer, 500, 0});
      return 0;
    }
    case WM_LBUTTONUP: {
      if (!s.pressed) return 0;
      s.pressed = 0;
      const uint64_t buddy = s.buddy_edit ? s.buddy : 0, parent = w->parent;
      const uint32_t scroll = (w->style & UDS_HORZ) ? WM_HSCROLL : WM_VSCROLL;
      const int32_t pos = s.pos;
      call_user32(p, "KillTimer", {hwnd, kRepeatTimer});
      if (parent) send_message(p, parent, scroll, pack_words(SB_ENDSCROLL, pos), hwnd);
      if (buddy) send_message(p, buddy, EM_SETSEL, 0, 0xffffffffu);
      set_capture(p, 0);
      invalidate_rect(p, hwnd, nullptr, false);
      return 0;
    }
    case WM_TIMER: {
      if (wparam != kRepeatTimer) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
      if (!s.pressed) {
        call_user32(p, "KillTimer", {hwnd, kRepeatTimer});
        return 0;
      }
      // (while the cursor is over the arrow pressed)
      const double held = std::chrono::duration<double>(std::chrono::steady_clock::now() - s.pressed_at).count();
      const uint32_t pressed = s.pressed;
      int32_t x = 0, y = 0;
      cursor_in_client(p, hwnd, x, y);
      if (!(w = find_window(p, hwnd))) return 0;
      if (arrow_at(*w, x, y) == pressed) step(p, hwnd, pressed, held);
      call_user32(p, "SetTimer", {hwnd, kRepeatTimer, 50, 0});
      return 0;
    }
    case WM_CAPTURECHANGED:
      if (s.pressed) {
        s.pressed = 0;
        call_user32(p, "KillTimer", {hwnd, kRepeatTimer});
        invalidate_rect(p, hwnd, nullptr, false);
      }
      return 0;
    case UDM_GETRANGE:
      return pack_words(s.max, s.min);
    case UDM_SETRANGE:
      s.max = static_cast<int16_t>(lparam), s.min = static_cast<int16_t>(lparam >> 16);
      return 0;
    case UDM_SETRANGE32:
      s.min = static_cast<int32_t>(wparam), s.max = static_cast<int32_t>(lparam);
      return 0;
    case UDM_GETRANGE32:
      if (wparam) put<int32_t>(wparam, s.min);
      if (lparam) put<int32_t>(lparam, s.max);
      return 0;
    case UDM_GETPOS:
    case UDM_GETPOS32: {
      bool ok = read_buddy(p, *w, s);
      const int32_t v = held(s, s.pos);
      if (v != s.pos) ok = false;
      if (msg == UDM_GETPOS) return pack_words(v, ok ? 0 : 1);
      if (lparam) put<int32_t>(lparam, ok ? 0 : 1);
      return static_cast<uint32_t>(v);
    }
    case UDM_SETPOS:
    case UDM_SETPOS32: {
      const int32_t old = s.pos;
      s.pos = held(s, msg == UDM_SETPOS ? static_cast<int16_t>(lparam) : static_cast<int32_t>(lparam));
      write_buddy(p, *w, s);
      return static_cast<uint32_t>(old);
    }
    case UDM_SETBUDDY: {
      const uint64_t old = s.buddy;
      unsubclass(p, old, hwnd);
      set_buddy(p, hwnd, wparam);
      return old;
    }
    case UDM_GETBUDDY:
      return s.buddy;
    case UDM_SETBASE: {
      if (wparam != 10 && wparam != 16) return 0;
      const int32_t old = s.base;
      s.base = static_cast<int32_t>(wparam);
      write_buddy(p, *w, s);
      return static_cast<uint32_t>(old);
    }
    case UDM_GETBASE:
      return static_cast<uint32_t>(s.base);
    case UDM_SETACCEL:
      if (!lparam && wparam) return 0;
      s.accel.clear();
      for (uint64_t i = 0; i < wparam; i++) s.accel.push_back({get<uint32_t>(lparam + 8 * i), get<uint32_t>(lparam + 8 * i + 4)});
      return 1;
    case UDM_GETACCEL: {
      const size_t n = std::min<size_t>(wparam, s.accel.size());
      for (size_t i = 0; i < n && lparam; i++) put<uint32_t>(lparam + 8 * i, s.accel[i].sec), put<uint32_t>(lparam + 8 * i + 4, s.accel[i].inc);
      return s.accel.size();
    }
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

// CreateUpDownControl: the control, its buddy, range (upper, lower) and position.
Ptr CreateUpDownControl(WindowsProcess& p, uint32_t style, int32_t x, int32_t y, int32_t cx, int32_t cy, Ptr parent,
                        int32_t id, Ptr instance, Ptr buddy, int32_t upper, int32_t lower, int32_t pos) {
  const auto cls = find_class(p, updown_class().name, 0, true);
  if (!cls) return 0;
  const uint64_t h = create_window(p, 0, cls->atom, 0, style, x, y, cx, cy, parent.addr, static_cast<uint32_t>(id),
                                   instance.addr, 0, true);
  if (!h) return 0;
  if (buddy) send_message(p, h, UDM_SETBUDDY, buddy.addr, 0);
  send_message(p, h, UDM_SETRANGE, 0, pack_words(upper, lower));
  send_message(p, h, UDM_SETPOS, 0, pack_words(pos, 0));
  return h;
}

}  // namespace
}  // namespace updown

const ControlClass& updown_class() {
  static const Export entry = EXPORT("UpDownWindowProc", user32::control_entry<updown::updown_proc>);
  // CS_GLOBALCLASS | CS_HREDRAW | CS_VREDRAW.
  static const ControlClass c{u"msctls_updown32", 0x4000 | 0x2 | 0x1, 8, updown::updown_proc, &entry, 32512, 0};
  return c;
}

const std::vector<Export>& updown_exports() {
  static const std::vector<Export> e = {EXPORT("CreateUpDownControl", updown::CreateUpDownControl)};
  return e;
}

}  // namespace polyrun::shims::comctl32
