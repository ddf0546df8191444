// The window manager's side of the display. Which back end shows the windows: an X server when
// DISPLAY names one (shims/display/x11.cpp), none with --headless (or --screenshot without a
// DISPLAY): the windows' surfaces are then all there is. A program that shows a window with
// neither gets one line saying so and ends, as it cannot be used.
//
// With an X server, a host thread (the display's) waits for its events and, under the execution
// lock, turns them into the messages Windows queues for input — keys to the focus window of the
// window's thread (WM_KEYDOWN/UP, WM_SYSKEYDOWN/UP with Alt or F10; the thread's key state kept),
// buttons, moves and the wheel to the window under the pointer or the capture (client-area
// messages, with double clicks for CS_DBLCLKS classes), the close button to WM_SYSCOMMAND SC_CLOSE
// — and puts on the screen what was drawn since it last looked (each surface's dirty part), about
// sixty times a second. The display counts as something outside the process that may post: a
// thread waiting for a message waits for it.
//
// --screenshot writes each top-level window that was drawn, as it was last drawn, when it is
// destroyed or the program ends, and at the end the screen (the desktop in its colour with the
// windows still shown over it, bottom to top).
#include <poll.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "shims/core/text.h"
#include "shims/display/display.h"
#include "shims/display/screenshots.h"
#include "shims/gdi32/gdi32.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  WM_MOUSEMOVE = 0x200, WM_LBUTTONDOWN = 0x201, WM_LBUTTONUP = 0x202, WM_LBUTTONDBLCLK = 0x203, WM_RBUTTONDOWN = 0x204,
  WM_RBUTTONUP = 0x205, WM_RBUTTONDBLCLK = 0x206, WM_MBUTTONDOWN = 0x207, WM_MBUTTONUP = 0x208,
  WM_MBUTTONDBLCLK = 0x209, WM_MOUSEWHEEL = 0x20a, WM_XBUTTONDOWN = 0x20b, WM_XBUTTONUP = 0x20c,
  WM_XBUTTONDBLCLK = 0x20d, MK_LBUTTON = 1, MK_RBUTTON = 2, MK_SHIFT = 4, MK_CONTROL = 8, MK_MBUTTON = 0x10,
  MK_XBUTTON1 = 0x20, MK_XBUTTON2 = 0x40, SC_CLOSE = 0xf060, CS_DBLCLKS = 0x8, VK_SHIFT = 0x10, VK_CONTROL = 0x11,
  VK_MENU = 0x12, VK_F10 = 0x79,
};

struct DisplayState {
  bool chosen = false;
  std::unique_ptr<display::Backend> backend;  // null: headless
  std::map<uint64_t, bool> shown;             // top-level windows the back end shows
  uint32_t buttons = 0;                       // MK_ bits of the buttons held
  // The last button press, for double clicks.
  uint64_t last_hwnd = 0;
  int last_button = 0;
  uint32_t last_time = 0;
  int32_t last_x = 0, last_y = 0;
};
DisplayState& state() {
  static DisplayState s;
  return s;
}

// The deepest visible, enabled window at the screen point under `top` (a top-level window).
Window* window_at(WindowsProcess& p, Window* top, int32_t x, int32_t y) {
  Window* w = top;
  for (;;) {
    const Rect c = client_screen_rect(p, *w);
    if (!c.contains(x, y)) return w;
    Window* next = nullptr;
    for (uint64_t h : w->children) {
      Window* child = find_window(p, h);
      if (child && (child->style & WS_VISIBLE) && !(child->style & WS_DISABLED) && screen_rect(p, *child).contains(x, y)) {
        next = child;
        break;
      }
    }
    if (!next) return w;
    w = next;
  }
}

void post(WindowsProcess& p, Window& w, uint32_t msg, uint64_t wparam, uint64_t lparam) {
  if (ThreadQueue* q = queue_of(p, w.thread_id)) post_to_queue(p, *q, Message{w.handle, msg, wparam, lparam, message_time(), 0, 0});
}

uint32_t modifier_bits(const ThreadQueue& q) {
  return (q.keys[VK_SHIFT] & 0x80 ? MK_SHIFT : 0) | (q.keys[VK_CONTROL] & 0x80 ? MK_CONTROL : 0);
}

// The modifier keys' state as the event says it was (before the event's own key changes it).
void sync_modifiers(ThreadQueue& q, const display::InputEvent& e) {
  const auto set = [&](uint32_t vk, bool down) { q.keys[vk] = static_cast<uint8_t>((q.keys[vk] & 1) | (down ? 0x80 : 0)); };
  set(VK_SHIFT, e.shift), set(VK_CONTROL, e.control), set(VK_MENU, e.alt);
  q.keys[0x14] = static_cast<uint8_t>((q.keys[0x14] & 0x80) | (e.caps_lock ? 1 : 0));  // VK_CAPITAL's toggle
}

void deliver_key(WindowsProcess& p, Window& top, const display::InputEvent& e) {
  ThreadQueue* q = queue_of(p, top.thread_id);
  if (!q) return;
  sync_modifiers(*q, e);
  const bool down = e.kind == display::InputEvent::Kind::KeyDown;
  const bool repeat = down && (q->keys[e.vk] & 0x80);
  if (down) {
    if (!(q->keys[e.vk] & 0x80)) q->keys[e.vk] ^= 1;  // (the toggle, as Caps Lock's)
    q->keys[e.vk] |= 0x80;
  } else {
    q->keys[e.vk] &= 0x7f;
  }
  Window* target = find_window(p, q->focus);
  if (!target) target = &top;
  const bool alt = q->keys[VK_MENU] & 0x80;
  const bool sys = (alt && !(q->keys[VK_CONTROL] & 0x80)) || e.vk == VK_F10 || (e.vk == VK_MENU);
  const uint32_t msg = down ? (sys ? WM_SYSKEYDOWN : WM_KEYDOWN) : (sys ? WM_SYSKEYUP : WM_KEYUP);
  uint64_t lparam = 1 | (e.scan & 0xff) << 16 | (e.extended ? 1u << 24 : 0) | (alt ? 1u << 29 : 0);
  if (repeat) lparam |= 1u << 30;
  if (!down) lparam |= 3u << 30;
  post(p, *target, msg, e.vk, lparam);
}

void deliver_mouse(WindowsProcess& p, Window& top, const display::InputEvent& e) {
  DisplayState& s = state();
  ThreadQueue* q = queue_of(p, top.thread_id);
  if (!q) return;
  Window* target = find_window(p, q->capture);
  if (!target) target = window_at(p, &top, e.x, e.y);
  const Rect c = client_screen_rect(p, *target);
  if (!q->capture && !c.contains(e.x, e.y)) return;  // (the frame's own messages are not sent yet)
  const uint64_t at = pack_words(e.x - c.left, e.y - c.top);
  static const uint32_t kButtonBits[6] = {0, MK_LBUTTON, MK_MBUTTON, MK_RBUTTON, MK_XBUTTON1, MK_XBUTTON2};
  using Kind = display::InputEvent::Kind;
  switch (e.kind) {
    case Kind::MouseMove:
      post(p, *target, WM_MOUSEMOVE, s.buttons | modifier_bits(*q), at);
      return;
    case Kind::Wheel: {
      Window* focus = find_window(p, q->focus);
      post(p, focus ? *focus : *target, WM_MOUSEWHEEL,
           static_cast<uint64_t>(static_cast<uint16_t>(e.wheel)) << 16 | s.buttons | modifier_bits(*q), pack_words(e.x, e.y));
      return;
    }
    case Kind::ButtonDown: case Kind::ButtonUp: {
      sync_modifiers(*q, e);
      const bool down = e.kind == Kind::ButtonDown;
      const uint32_t bit = kButtonBits[e.button];
      s.buttons = down ? s.buttons | bit : s.buttons & ~bit;
      uint32_t msg = 0;
      switch (e.button) {
        case 1: msg = down ? WM_LBUTTONDOWN : WM_LBUTTONUP; break;
        case 2: msg = down ? WM_MBUTTONDOWN : WM_MBUTTONUP; break;
        case 3: msg = down ? WM_RBUTTONDOWN : WM_RBUTTONUP; break;
        default: msg = down ? WM_XBUTTONDOWN : WM_XBUTTONUP; break;
      }
      if (down) {
        // A second press of the same button soon and near enough: a double click, for a class that wants them.
        const bool twice = s.last_hwnd == target->handle && s.last_button == e.button && e.time - s.last_time <= 500 &&
                           std::abs(e.x - s.last_x) <= 2 && std::abs(e.y - s.last_y) <= 2;
        if (twice && target->cls && (target->cls->style & CS_DBLCLKS)) {
          msg += 2;
          s.last_hwnd = 0;
        } else {
          s.last_hwnd = target->handle, s.last_button = e.button, s.last_time = e.time, s.last_x = e.x, s.last_y = e.y;
        }
      }
      uint64_t wparam = s.buttons | modifier_bits(*q);
      if (e.button >= 4) wparam |= static_cast<uint64_t>(e.button - 3) << 16;
      post(p, *target, msg, wparam, at);
      return;
    }
    default: return;
  }
}

// Puts on the screen what was drawn in the windows the back end shows.
void present_changes(WindowsProcess& p) {
  DisplayState& s = state();
  for (auto& [hwnd, on] : s.shown) {
    Window* w = find_window(p, hwnd);
    if (!on || !w || !w->surface) continue;
    const Rect dirty = w->surface->take_dirty();
    if (!dirty.empty()) s.backend->present(hwnd, *w->surface, dirty);
  }
  s.backend->flush();
}

void display_thread(WindowsProcess* proc) {
  WindowsProcess& p = *proc;
  DisplayState& s = state();
  std::vector<display::InputEvent> events;
  for (;;) {
    struct pollfd fd = {s.backend->event_fd(), POLLIN, 0};
    ::poll(&fd, 1, 16);
    p.lock.acquire();
    events.clear();
    s.backend->read_events(events);
    for (const display::InputEvent& e : events) {
      Window* top = find_window(p, e.hwnd);
      if (!top) continue;
      using Kind = display::InputEvent::Kind;
      switch (e.kind) {
        case Kind::Close: post(p, *top, WM_SYSCOMMAND, SC_CLOSE, 0); break;
        case Kind::Exposed: if (top->surface) top->surface->touch(top->surface->rect()); break;
        case Kind::KeyDown: case Kind::KeyUp: deliver_key(p, *top, e); break;
        default: deliver_mouse(p, *top, e); break;
      }
    }
    present_changes(p);
    p.lock.release();
  }
}

// Chooses the back end at the first window shown; false when the program cannot go on.
bool choose_backend(WindowsProcess& p) {
  DisplayState& s = state();
  if (s.chosen) return true;
  s.chosen = true;
  const char* name = std::getenv("DISPLAY");
  if (p.headless || (!p.screenshot_dir.empty() && (!name || !*name))) return true;
  if (!name || !*name) {
    std::fflush(stdout);
    std::fprintf(stderr,
                 "polyrun: the program shows a window, but there is no display: set DISPLAY to an X server, or run it "
                 "with --headless (or --screenshot DIR) to run it without one\n");
    return false;
  }
  std::string error;
  s.backend = display::open_x11(name, error);
  if (!s.backend) {
    std::fflush(stdout);
    std::fprintf(stderr, "polyrun: %s (--headless runs the program without a display)\n", error.c_str());
    return false;
  }
  // The display may post messages at any time: waits for them may end from outside, and the
  // process ends with exit_group.
  ++p.outside_signals;
  p.helper_threads = true;
  std::thread(display_thread, &p).detach();
  return true;
}

}  // namespace

void display_window_changed(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w || w->parent != window_manager(p).desktop) return;
  const bool show = (w->style & WS_VISIBLE) != 0;
  DisplayState& s = state();
  if (show && !choose_backend(p)) {
    p.terminate(1);
    return;
  }
  if (!s.backend) return;
  if (show) {
    s.backend->show(hwnd, screen_rect(p, *w), utf16_to_utf8(w->text));
    s.shown[hwnd] = true;
    if (w->surface) w->surface->touch(w->surface->rect());
  } else if (s.shown.count(hwnd)) {
    s.backend->hide(hwnd);
    s.shown[hwnd] = false;
  }
}

void display_window_gone(WindowsProcess& p, const Window& w) {
  DisplayState& s = state();
  if (s.backend && s.shown.count(w.handle)) {
    s.backend->destroy(w.handle);
    s.shown.erase(w.handle);
  }
  if (p.screenshot_dir.empty() || !w.surface) return;
  display::write_screenshot(p.screenshot_dir, {w.handle, utf16_to_utf8(w.text), screen_rect(p, w), w.surface.get()});
}

void display_at_exit(WindowsProcess& p) {
  if (p.screenshot_dir.empty()) return;
  WindowManager& wm = window_manager(p);
  Window* desktop = find_window(p, wm.desktop);
  if (!desktop) return;
  if (!wm.screen_surface) {
    wm.screen_surface = std::make_shared<gdi32::Surface>(wm.screen.width(), wm.screen.height(), gdi32::screen_format());
    const uint32_t v = wm.screen_surface->pixel_of(sys_color(1 /* COLOR_DESKTOP */));
    for (int32_t y = 0; y < wm.screen_surface->height(); ++y)
      wm.screen_surface->and_xor_span(y, 0, wm.screen_surface->width(), 0, v);
  }
  std::vector<display::WindowImage> shown;
  // The desktop's children are in z-order, the topmost first: the pictures go bottom to top.
  for (auto it = desktop->children.rbegin(); it != desktop->children.rend(); ++it) {
    Window* w = find_window(p, *it);
    if (!w || !(w->style & WS_VISIBLE) || !w->surface) continue;
    shown.push_back({w->handle, utf16_to_utf8(w->text), screen_rect(p, *w), w->surface.get()});
  }
  display::write_screenshots(p.screenshot_dir, shown, *wm.screen_surface);
}

}  // namespace polyrun::shims::user32
