// The display's mouse events made into Windows' messages in the thread that takes them, as
// Windows does: the window is the capture or the one under the pointer, which says with
// WM_NCHITTEST what part of it that is; a press in a window that is not active first asks
// WM_MOUSEACTIVATE and activates it (unless told not to, or to eat the click); WM_SETCURSOR goes
// with each; the message is the client area's (client coordinates, MK_ keys) or the non-client
// area's (WM_NC*, the hit code, screen coordinates), a second press soon after a first a double
// click (in the client area for CS_DBLCLKS classes). DefWindowProc's part: moving a window by its
// caption and its close button (track_non_client_button).
#include <cstdlib>

#include "shims/core/shim.h"
#include "shims/core/windows_threads.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  WM_SETCURSOR_ = 0x20, WM_MOUSEACTIVATE_ = 0x21, WM_NCMOUSEMOVE = 0xa0,
  WM_XBUTTONDOWN = 0x20b, WM_NCXBUTTONDOWN = 0xab, MK_LBUTTON = 1, MK_RBUTTON = 2, MK_SHIFT = 4, MK_CONTROL = 8,
  MK_MBUTTON = 0x10, MK_XBUTTON1 = 0x20, MK_XBUTTON2 = 0x40, CS_DBLCLKS = 0x8,
};
constexpr int32_t HTCLIENT = 1, HTCAPTION = 2, HTCLOSE = 20, HTTRANSPARENT = -1, HTERROR = -2;
constexpr uint64_t MA_NOACTIVATE = 3, MA_ACTIVATEANDEAT = 2, MA_NOACTIVATEANDEAT = 4;

// The deepest visible, enabled window at the screen point, from `w` down (a child's region leaving
// the point out passes it over).
Window* window_under(WindowsProcess& p, Window* w, int32_t x, int32_t y) {
  for (;;) {
    if (!client_screen_rect(p, *w).contains(x, y)) return w;
    Window* next = nullptr;
    for (uint64_t h : w->children) {
      Window* c = find_window(p, h);
      if (c && (c->style & WS_VISIBLE) && !(c->style & WS_DISABLED) && in_window_shape(p, *c, x, y)) {
        next = c;
        break;
      }
    }
    if (!next) return w;
    w = next;
  }
}

// Button b's message (down, up or double click) in the client area, and in the non-client area.
uint32_t button_message(int button, int what /*0 down, 1 up, 2 double*/, bool client) {
  if (button >= 4) return (client ? WM_XBUTTONDOWN : WM_NCXBUTTONDOWN) + what;
  static const uint32_t kBase[4] = {0, 0x201, 0x207, 0x204};  // left, middle, right
  const uint32_t base = kBase[button] + what;
  return client ? base : base - 0x201 + 0xa1;
}

struct LastClick {
  uint64_t hwnd = 0;
  int button = 0;
  uint32_t time = 0;
  int32_t x = 0, y = 0;
};
LastClick& last_click() {
  static LastClick c;
  return c;
}

}  // namespace

bool take_mouse_message(WindowsProcess& p, ThreadQueue& q, Message& out) {
  if (q.mouse.empty()) return false;
  const RawMouse r = q.mouse.front();
  q.mouse.pop_front();
  static const uint32_t kButtonBits[6] = {0, MK_LBUTTON, MK_MBUTTON, MK_RBUTTON, MK_XBUTTON1, MK_XBUTTON2};
  if (r.kind == RawMouse::Down) q.input->buttons |= kButtonBits[r.button];
  if (r.kind == RawMouse::Up) q.input->buttons &= ~kButtonBits[r.button];
  const auto& held = q.input->keys;
  const uint32_t keys =
      q.input->buttons | (held[0x10] & 0x80 ? uint32_t{MK_SHIFT} : 0) | (held[0x11] & 0x80 ? uint32_t{MK_CONTROL} : 0);
  const uint64_t screen_point = pack_words(r.x, r.y);
  if (r.kind == RawMouse::Wheel) {
    const uint64_t target = q.input->focus ? q.input->focus : r.top;
    out = Message{target, WM_MOUSEWHEEL, static_cast<uint64_t>(static_cast<uint16_t>(r.wheel)) << 16 | keys,
                  screen_point, r.time, r.x, r.y};
    return find_window(p, target) != nullptr;
  }
  Window* top = find_window(p, r.top);
  if (!top) return false;
  Window* target = find_window(p, q.input->capture);
  int32_t hit = HTCLIENT;
  if (!target) {
    target = window_under(p, top, r.x, r.y);
    hit = static_cast<int32_t>(send_message(p, target->handle, WM_NCHITTEST, 0, screen_point));
    if (!(target = find_window(p, target->handle))) return false;
    if (hit == HTTRANSPARENT || hit == HTERROR) return false;
  }
  const uint64_t hwnd = target->handle;
  const bool client = hit == HTCLIENT;
  const int what = r.kind == RawMouse::Down ? 0 : 1;
  uint32_t msg = r.kind == RawMouse::Move ? (client ? WM_MOUSEMOVE : WM_NCMOUSEMOVE) : button_message(r.button, what, client);
  if (r.kind == RawMouse::Down) {
    // A press in a window of a top-level window that is not the active one activates it first.
    Window* owner_top = find_window(p, r.top);
    if (owner_top && q.input->active != owner_top->handle) {
      const uint64_t ma = send_message(p, hwnd, WM_MOUSEACTIVATE_, owner_top->handle, pack_words(hit, static_cast<int32_t>(msg)));
      if (ma != MA_NOACTIVATE && ma != MA_NOACTIVATEANDEAT) set_active_window(p, r.top);
      if (ma == MA_ACTIVATEANDEAT || ma == MA_NOACTIVATEANDEAT) return false;
      if (!find_window(p, hwnd)) return false;
    }
    // A second press of the same button, soon and near: a double click.
    LastClick& last = last_click();
    const bool twice = last.hwnd == hwnd && last.button == r.button && r.time - last.time <= 500 &&
                       std::abs(r.x - last.x) <= 2 && std::abs(r.y - last.y) <= 2;
    Window* w = find_window(p, hwnd);
    if (twice && (!client || (w && w->cls && (w->cls->style & CS_DBLCLKS)))) {
      msg = button_message(r.button, 2, client);
      last.hwnd = 0;
    } else {
      last = LastClick{hwnd, r.button, r.time, r.x, r.y};
    }
  }
  send_message(p, hwnd, WM_SETCURSOR_, hwnd, pack_words(hit, static_cast<int32_t>(msg)));
  Window* w = find_window(p, hwnd);
  if (!w) return false;
  if (client) {
    const Rect c = client_screen_rect(p, *w);
    uint64_t wparam = keys;
    if (r.button >= 4 && r.kind != RawMouse::Move) wparam |= static_cast<uint64_t>(r.button - 3) << 16;
    out = Message{hwnd, msg, wparam, pack_words(r.x - c.left, r.y - c.top), r.time, r.x, r.y};
  } else {
    out = Message{hwnd, msg, static_cast<uint64_t>(static_cast<uint32_t>(hit)), screen_point, r.time, r.x, r.y};
  }
  return true;
}

void track_non_client_button(WindowsProcess& p, uint64_t hwnd, uint32_t hit_code, int32_t from_x, int32_t from_y) {
  Window* w = find_window(p, hwnd);
  const int32_t hit = static_cast<int32_t>(hit_code);
  const bool button = hit == HTCLOSE || hit == HTMINBUTTON || hit == HTMAXBUTTON;
  const bool sizing = hit >= HTLEFT && hit <= HTBOTTOMRIGHT;
  // (A maximized window stays where it is.)
  const bool moving = hit == HTCAPTION && w && !(w->style & WS_MAXIMIZE);
  if (sizing && (w->style & (WS_MAXIMIZE | WS_MINIMIZE))) return;
  if (!w || (!button && !sizing && !moving)) return;
  ThreadQueue& q = own_queue(p);
  const Rect start = w->window;
  // Moving and sizing: WM_ENTERSIZEMOVE before, WM_EXITSIZEMOVE after.
  if (!button) {
    send_message(p, hwnd, 0x0231 /* WM_ENTERSIZEMOVE */, 0, 0);
    if (!find_window(p, hwnd)) return;
  }
  const bool moves_left = hit == HTLEFT || hit == HTTOPLEFT || hit == HTBOTTOMLEFT;
  const bool moves_right = hit == HTRIGHT || hit == HTTOPRIGHT || hit == HTBOTTOMRIGHT;
  const bool moves_top = hit == HTTOP || hit == HTTOPLEFT || hit == HTTOPRIGHT;
  const bool moves_bottom = hit == HTBOTTOM || hit == HTBOTTOMLEFT || hit == HTBOTTOMRIGHT;
  // The press that started it (at from_x, from_y) has been taken; the rest comes as raw events.
  for (;;) {
    if (q.mouse.empty()) {
      wait_until(p, 0xffffffffu, [&] { return !q.mouse.empty() || p.stopping(); }, "for the mouse");
      if (p.stopping()) return;
      continue;
    }
    const RawMouse r = q.mouse.front();
    q.mouse.pop_front();
    if (r.kind == RawMouse::Up && r.button == 1) {
      q.input->buttons &= ~1u;
      if (button) {  // released over the button it was pressed on: its command
        const uint64_t again = send_message(p, hwnd, WM_NCHITTEST, 0, pack_words(r.x, r.y));
        Window* now = find_window(p, hwnd);
        const bool enabled = hit == HTCLOSE || (now && (now->style & (hit == HTMINBUTTON ? WS_MINIMIZEBOX : WS_MAXIMIZEBOX)));
        if (now && enabled && again == static_cast<uint64_t>(hit)) {
          const uint32_t cmd = hit == HTCLOSE ? SC_CLOSE
                               : hit == HTMINBUTTON ? 0xf020u /* SC_MINIMIZE */
                               : (now->style & WS_MAXIMIZE) ? 0xf120u /* SC_RESTORE */ : 0xf030u /* SC_MAXIMIZE */;
          post_message(p, hwnd, WM_SYSCOMMAND, cmd, pack_words(r.x, r.y));
        }
      } else if (find_window(p, hwnd)) {
        send_message(p, hwnd, 0x0232 /* WM_EXITSIZEMOVE */, 0, 0);
      }
      return;
    }
    if (r.kind == RawMouse::Move && moving) {
      set_window_position(p, hwnd, 0, start.left + (r.x - from_x), start.top + (r.y - from_y), 0, 0,
                          SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE);
      if (!find_window(p, hwnd)) return;
    }
    if (r.kind == RawMouse::Move && sizing) {
      // The edges held move with the pointer; the size stays within the window's limits
      // (SetWindowPos asks WM_GETMINMAXINFO), the opposite edges where they were.
      const int32_t dx = r.x - from_x, dy = r.y - from_y;
      Rect to = start;
      if (moves_left) to.left += dx;
      if (moves_right) to.right += dx;
      if (moves_top) to.top += dy;
      if (moves_bottom) to.bottom += dy;
      if (to.right - to.left < 1) (moves_left ? to.left : to.right) = moves_left ? to.right - 1 : to.left + 1;
      if (to.bottom - to.top < 1) (moves_top ? to.top : to.bottom) = moves_top ? to.bottom - 1 : to.top + 1;
      set_window_position(p, hwnd, 0, to.left, to.top, to.width(), to.height(), SWP_NOZORDER | SWP_NOACTIVATE);
      Window* now = find_window(p, hwnd);
      if (!now) return;
      // Held to its limits at a left or top edge: that edge stops, the opposite one stays put.
      if ((moves_left || moves_top) && (now->window.width() != to.width() || now->window.height() != to.height())) {
        const int32_t x = moves_left ? start.right - now->window.width() : now->window.left;
        const int32_t y = moves_top ? start.bottom - now->window.height() : now->window.top;
        set_window_position(p, hwnd, 0, x, y, 0, 0, SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE);
        if (!find_window(p, hwnd)) return;
      }
    }
  }
}

}  // namespace polyrun::shims::user32
