// The window manager's side of the display. Which back end shows the windows: an X server when
// DISPLAY names one (shims/display/x11.cpp), none with --headless (or --screenshot without a
// DISPLAY): the windows' surfaces are then all there is. A program that shows a window with
// neither gets one line saying so and ends, as it cannot be used.
//
// With an X server, a host thread (the display's) waits for its events and, under the execution
// lock, turns them into the messages Windows queues for input — keys to the focus window of the
// window's thread (WM_KEYDOWN/UP, WM_SYSKEYDOWN/UP with Alt or F10; the thread's key state kept),
// the mouse to the queue of the window's thread, which makes its messages when it takes them
// (user32/mouse_input.cpp), the window manager's close request to WM_SYSCOMMAND SC_CLOSE — and puts on the screen what was drawn since it last looked (each surface's dirty part), about
// sixty times a second. The display counts as something outside the process that may post: a
// thread waiting for a message waits for it.
//
// --screenshot writes each top-level window that was drawn, as it was last drawn, when it is
// destroyed or the program ends, and at the end the screen (the desktop in its colour with the
// windows still shown over it, bottom to top, a window with a region only inside it). A top-level
// window's region shapes its display window (X's Shape extension).
#include <poll.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "shims/core/text.h"
#include "shims/display/display.h"
#include "shims/display/screenshots.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  VK_F10 = 0x79,
};

// The keys the display has seen pressed (for repeats), whatever the threads have taken.
uint8_t pressed_[256] = {};

struct DisplayState {
  bool chosen = false;
  std::unique_ptr<display::Backend> backend;  // null: headless
  std::map<uint64_t, bool> shown;             // top-level windows the back end shows
};
DisplayState& state() {
  static DisplayState s;
  return s;
}

void post(WindowsProcess& p, Window& w, uint32_t msg, uint64_t wparam, uint64_t lparam) {
  if (ThreadQueue* q = queue_of(p, w.thread_id)) post_to_queue(p, *q, Message{w.handle, msg, wparam, lparam, message_time(), 0, 0});
}

}  // namespace

void apply_key_input(ThreadQueue& q, const Message& m) {
  if (!(m.input & kKeyInput)) return;
  auto& keys = q.input->keys;
  const auto set = [&](uint32_t vk, bool down) { keys[vk] = static_cast<uint8_t>((keys[vk] & 1) | (down ? 0x80 : 0)); };
  set(VK_SHIFT, m.input & kShift), set(VK_CONTROL, m.input & kControl), set(VK_MENU, m.input & kAlt);
  keys[0x14] = static_cast<uint8_t>((keys[0x14] & 0x80) | ((m.input & kCapsLock) ? 1 : 0));  // VK_CAPITAL's toggle
  const uint32_t vk = static_cast<uint32_t>(m.wparam) & 0xff;
  if (m.message == WM_KEYDOWN || m.message == WM_SYSKEYDOWN) {
    if (!(keys[vk] & 0x80)) keys[vk] ^= 1;
    keys[vk] |= 0x80;
  } else {
    keys[vk] &= 0x7f;
  }
}

namespace {

uint8_t modifiers_of(const display::InputEvent& e) {
  return static_cast<uint8_t>((e.shift ? kShift : 0) | (e.control ? kControl : 0) | (e.alt ? kAlt : 0) |
                              (e.caps_lock ? kCapsLock : 0));
}

// A key goes to the focus window of the window's thread as it is now; the key state changes as
// the message is taken.
void deliver_key(WindowsProcess& p, Window& top, const display::InputEvent& e) {
  ThreadQueue* q = queue_of(p, top.thread_id);
  if (!q) return;
  const bool down = e.kind == display::InputEvent::Kind::KeyDown;
  // (Repeats: X sends a release before each repeated press; a press of a key already down is one.)
  const bool repeat = down && (pressed_[e.vk] & 0x80);
  pressed_[e.vk] = down ? 0x80 : 0;
  note_display_key(e.vk, down);
  if (hot_key_taken(p, e.vk, down, repeat)) return;
  Window* target = find_window(p, q->input->focus);
  if (!target) target = &top;
  const bool alt = e.alt || (e.vk == VK_MENU && down);
  const bool sys = (alt && !e.control) || e.vk == VK_F10 || e.vk == VK_MENU;
  const uint32_t msg = down ? (sys ? WM_SYSKEYDOWN : WM_KEYDOWN) : (sys ? WM_SYSKEYUP : WM_KEYUP);
  uint64_t lparam = 1 | (e.scan & 0xff) << 16 | (e.extended ? 1u << 24 : 0) | (alt ? 1u << 29 : 0);
  if (repeat) lparam |= 1u << 30;
  if (!down) lparam |= 3u << 30;
  Message m{target->handle, msg, e.vk, lparam, message_time(), e.x, e.y, static_cast<uint8_t>(kKeyInput | modifiers_of(e))};
  if (ThreadQueue* tq = queue_of(p, target->thread_id)) post_to_queue(p, *tq, m);
}

// A mouse event goes to the queue of the thread of the top-level window it happened in, which
// makes it a message (user32/mouse_input.cpp); moves in a row make one.
void deliver_mouse(WindowsProcess& p, Window& top, const display::InputEvent& e) {
  ThreadQueue* q = queue_of(p, top.thread_id);
  if (!q) return;
  using Kind = display::InputEvent::Kind;
  RawMouse r;
  r.kind = e.kind == Kind::MouseMove ? RawMouse::Move
           : e.kind == Kind::ButtonDown ? RawMouse::Down
           : e.kind == Kind::ButtonUp  ? RawMouse::Up
                                       : RawMouse::Wheel;
  r.button = e.button, r.x = e.x, r.y = e.y, r.wheel = e.wheel, r.time = e.time, r.top = top.handle;
  if (r.kind == RawMouse::Move && !q->mouse.empty() && q->mouse.back().kind == RawMouse::Move) q->mouse.back() = r;
  else q->mouse.push_back(r);
  q->changed |= 0x2;  // QS_MOUSEMOVE (and buttons: the same queue here)
  p.wake_waiters();
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
        // (The window manager showing an icon again: the window is restored.)
        case Kind::Deiconified:
          if (top->style & WS_MINIMIZE) post(p, *top, WM_SYSCOMMAND, 0xf120 /* SC_RESTORE */, 0);
          break;
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

void display_offer_clipboard_text(WindowsProcess&, const std::string& utf8) {
  if (DisplayState& s = state(); s.backend) s.backend->offer_clipboard_text(utf8);
}
bool display_clipboard_text(WindowsProcess&, std::string& utf8) {
  DisplayState& s = state();
  return s.backend && s.backend->foreign_clipboard_text(utf8);
}

bool interactive_display(WindowsProcess& p) {
  const char* name = std::getenv("DISPLAY");
  return !p.headless && name && *name;
}

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
  if (show && (w->style & WS_MINIMIZE)) {  // an icon: the window manager's (where it has one)
    if (s.shown.count(hwnd)) s.backend->iconify(hwnd);
    s.shown[hwnd] = false;
  } else if (show) {
    const bool made = !s.shown.count(hwnd);
    s.backend->show(hwnd, screen_rect(p, *w), utf16_to_utf8(w->text));
    s.shown[hwnd] = true;
    if (made && w->region) display_window_shape(p, *w);  // (the window's region set before it was shown)
    if (w->surface) w->surface->touch(w->surface->rect());
  } else if (s.shown.count(hwnd)) {
    s.backend->hide(hwnd);
    s.shown[hwnd] = false;
  }
}

void display_window_shape(WindowsProcess&, const Window& w) {
  DisplayState& s = state();
  if (!s.backend || !s.shown.count(w.handle)) return;
  if (w.region) s.backend->shape(w.handle, &w.region->rects());
  else s.backend->shape(w.handle, nullptr);
}

void display_window_gone(WindowsProcess& p, const Window& w) {
  DisplayState& s = state();
  if (s.backend && s.shown.count(w.handle)) {
    s.backend->destroy(w.handle);
    s.shown.erase(w.handle);
  }
  if (p.screenshot_dir.empty() || !w.surface) return;
  display::write_screenshot(p.screenshot_dir, {w.handle, utf16_to_utf8(w.text), screen_rect(p, w), w.surface.get(), w.region});
}

void display_at_exit(WindowsProcess& p) {
  if (state().backend) present_changes(p);  // (what was drawn last reaches the screen)
  if (p.screenshot_dir.empty()) return;
  WindowManager& wm = window_manager(p);
  Window* desktop = find_window(p, wm.desktop);
  if (!desktop) return;
  std::vector<display::WindowImage> shown;
  // The desktop's children are in z-order, the topmost first: the pictures go bottom to top.
  for (auto it = desktop->children.rbegin(); it != desktop->children.rend(); ++it) {
    Window* w = find_window(p, *it);
    if (!w || !(w->style & WS_VISIBLE) || !w->surface) continue;
    shown.push_back({w->handle, utf16_to_utf8(w->text), screen_rect(p, *w), w->surface.get(), w->region});
  }
  display::write_screenshots(p.screenshot_dir, shown, *screen_surface(p));
}

}  // namespace polyrun::shims::user32
