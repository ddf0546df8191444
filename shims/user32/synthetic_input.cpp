// Input a program makes (SendInput, keybd_event, mouse_event) and hot keys (RegisterHotKey,
// UnregisterHotKey). Synthesized keys go where the display's go: to the focus window of the
// foreground window's thread (WM_KEYDOWN/UP, WM_SYSKEYDOWN/UP with Alt or F10; KEYEVENTF_UNICODE
// as VK_PACKET, whose character TranslateMessage gives); synthesized mouse input moves the cursor
// (absolute in the 0..65535 space of the screen, or relative, without the pointer's acceleration)
// and goes to the thread of the top-level window under it, as the display's mouse does. Both
// change the asynchronous key state (GetAsyncKeyState), which the display's keys change too. A
// key press that is a registered hot key is not delivered as a key: WM_HOTKEY is posted instead
// (to the window that registered it, or to the thread when it gave none). The display's keys reach
// hot keys only while one of the program's windows has the input (no global grab).
#include <algorithm>
#include <array>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t { INPUT_MOUSE = 0, INPUT_KEYBOARD = 1, INPUT_HARDWARE = 2 };
enum : uint32_t { KEYEVENTF_EXTENDEDKEY = 1, KEYEVENTF_KEYUP = 2, KEYEVENTF_UNICODE = 4, KEYEVENTF_SCANCODE = 8 };
enum : uint32_t {
  MOUSEEVENTF_MOVE = 0x1, MOUSEEVENTF_LEFTDOWN = 0x2, MOUSEEVENTF_LEFTUP = 0x4, MOUSEEVENTF_RIGHTDOWN = 0x8,
  MOUSEEVENTF_RIGHTUP = 0x10, MOUSEEVENTF_MIDDLEDOWN = 0x20, MOUSEEVENTF_MIDDLEUP = 0x40, MOUSEEVENTF_XDOWN = 0x80,
  MOUSEEVENTF_XUP = 0x100, MOUSEEVENTF_WHEEL = 0x800, MOUSEEVENTF_HWHEEL = 0x1000, MOUSEEVENTF_ABSOLUTE = 0x8000,
};
enum : uint32_t { VK_LBUTTON = 1, VK_RBUTTON = 2, VK_MBUTTON = 4, VK_XBUTTON1 = 5, VK_XBUTTON2 = 6, VK_CAPITAL = 0x14,
                  VK_F10 = 0x79, VK_PACKET = 0xe7, VK_LSHIFT = 0xa0, VK_RSHIFT = 0xa1, VK_LCONTROL = 0xa2,
                  VK_RCONTROL = 0xa3, VK_LMENU = 0xa4, VK_RMENU = 0xa5, VK_LWIN = 0x5b, VK_RWIN = 0x5c };
enum : uint32_t { MOD_ALT = 1, MOD_CONTROL = 2, MOD_SHIFT = 4, MOD_WIN = 8, MOD_NOREPEAT = 0x4000 };
constexpr uint32_t WM_HOTKEY = 0x312, kErrorHotkeyAlreadyRegistered = 1409, kErrorHotkeyNotRegistered = 1419,
                   kErrorWindowOfOtherThread = 1408;

struct HotKey {
  uint64_t hwnd;
  int32_t id;
  uint32_t modifiers, vk, thread;
};
std::vector<HotKey>& hot_keys() {
  static std::vector<HotKey> all;
  return all;
}

// The generic and the left/right forms of a modifier move together.
void set_async(uint32_t vk, bool down) {
  auto& keys = async_key_state();
  auto one = [&](uint32_t k) {
    if (down) {
      if (!(keys[k] & 0x80)) keys[k] ^= 1;    // (the toggle, as a key press flips it)
      keys[k] = static_cast<uint8_t>(keys[k] | 0x80 | 0x40);  // 0x40: pressed since asked
    } else {
      keys[k] &= static_cast<uint8_t>(~0x80);
    }
  };
  one(vk & 0xff);
  switch (vk) {
    case VK_SHIFT: one(VK_LSHIFT); break;
    case VK_CONTROL: one(VK_LCONTROL); break;
    case VK_MENU: one(VK_LMENU); break;
    case VK_LSHIFT: case VK_RSHIFT: one(VK_SHIFT); break;
    case VK_LCONTROL: case VK_RCONTROL: one(VK_CONTROL); break;
    case VK_LMENU: case VK_RMENU: one(VK_MENU); break;
    default: break;
  }
}
bool async_down(uint32_t vk) { return (async_key_state()[vk & 0xff] & 0x80) != 0; }

uint32_t current_modifiers() {
  return (async_down(VK_MENU) ? MOD_ALT : 0) | (async_down(VK_CONTROL) ? MOD_CONTROL : 0) |
         (async_down(VK_SHIFT) ? MOD_SHIFT : 0) | (async_down(VK_LWIN) || async_down(VK_RWIN) ? MOD_WIN : 0);
}

// One synthesized key event.
void key_event(WindowsProcess& p, uint32_t vk, uint32_t scan, uint32_t flags) {
  const bool down = !(flags & KEYEVENTF_KEYUP);
  if (flags & KEYEVENTF_UNICODE) {
    vk = VK_PACKET;
  } else if (flags & KEYEVENTF_SCANCODE) {
    vk = static_cast<uint32_t>(p.call_export("user32.dll", "MapVirtualKeyW",
                                             {scan | ((flags & KEYEVENTF_EXTENDEDKEY) ? 0xe000u : 0), 3 /* VSC_TO_VK_EX */}, 0));
  } else if (!scan) {
    scan = static_cast<uint32_t>(p.call_export("user32.dll", "MapVirtualKeyW", {vk & 0xff, 0 /* VK_TO_VSC */}, 0));
  }
  const bool was_down = async_down(vk);
  if (vk != VK_PACKET) set_async(vk, down);
  // A registered hot key takes the press.
  if (vk != VK_PACKET && hot_key_taken(p, vk, down, was_down)) return;
  Window* fg = find_window(p, window_manager(p).foreground);
  if (!fg) return;
  ThreadQueue* q = queue_of(p, fg->thread_id);
  if (!q) return;
  Window* target = find_window(p, q->input->focus);
  if (!target) target = fg;
  const bool alt = async_down(VK_MENU);
  const bool sys = (alt && !async_down(VK_CONTROL)) || vk == VK_F10 || vk == VK_MENU;
  const uint32_t msg = down ? (sys ? WM_SYSKEYDOWN : WM_KEYDOWN) : (sys ? WM_SYSKEYUP : WM_KEYUP);
  uint64_t lparam = 1 | static_cast<uint64_t>(scan & 0xffff) << 16 | ((flags & KEYEVENTF_EXTENDEDKEY) ? 1u << 24 : 0) |
                    (alt ? 1u << 29 : 0);
  if (vk == VK_PACKET) lparam = 1 | static_cast<uint64_t>(scan & 0xffff) << 16;  // (the character in its high word)
  if (down && was_down) lparam |= 1u << 30;
  if (!down) lparam |= vk == VK_PACKET ? 1u << 31 : 3u << 30;  // (a packet has no key that was down)
  const uint8_t input = static_cast<uint8_t>(kKeyInput | (async_down(VK_SHIFT) ? kShift : 0) |
                                             (async_down(VK_CONTROL) ? kControl : 0) | (alt ? kAlt : 0) |
                                             ((async_key_state()[VK_CAPITAL] & 1) ? kCapsLock : 0));
  int32_t x, y;
  cursor_position(p, x, y);
  if (ThreadQueue* tq = queue_of(p, target->thread_id))
    post_to_queue(p, *tq, Message{target->handle, msg, vk, lparam, message_time(), x, y, input});
}

// One synthesized mouse event.
void mouse_event_(WindowsProcess& p, int32_t dx, int32_t dy, uint32_t data, uint32_t flags) {
  int32_t x, y;
  cursor_position(p, x, y);
  const Rect& screen = window_manager(p).screen;
  if (flags & MOUSEEVENTF_MOVE) {
    if (flags & MOUSEEVENTF_ABSOLUTE) {
      x = static_cast<int32_t>((static_cast<int64_t>(dx) * screen.width()) >> 16);
      y = static_cast<int32_t>((static_cast<int64_t>(dy) * screen.height()) >> 16);
    } else {
      x += dx, y += dy;
    }
    set_cursor_position(p, x, y);
    cursor_position(p, x, y);
  }
  const uint64_t top = top_level_at(p, x, y);
  Window* w = find_window(p, top);
  ThreadQueue* q = w ? queue_of(p, w->thread_id) : nullptr;
  auto send = [&](RawMouse::Kind kind, int button, int32_t wheel) {
    if (!q) return;
    RawMouse r;
    r.kind = kind, r.button = button, r.x = x, r.y = y, r.wheel = wheel, r.time = message_time(), r.top = top;
    if (r.kind == RawMouse::Move && !q->mouse.empty() && q->mouse.back().kind == RawMouse::Move) q->mouse.back() = r;
    else q->mouse.push_back(r);
    q->changed |= 0x2;
    p.wake_waiters();
  };
  if (flags & MOUSEEVENTF_MOVE) send(RawMouse::Move, 0, 0);
  struct Button {
    uint32_t down, up, vk;
    int index;
  };
  static const Button kButtons[] = {{MOUSEEVENTF_LEFTDOWN, MOUSEEVENTF_LEFTUP, VK_LBUTTON, 1},
                                    {MOUSEEVENTF_RIGHTDOWN, MOUSEEVENTF_RIGHTUP, VK_RBUTTON, 3},
                                    {MOUSEEVENTF_MIDDLEDOWN, MOUSEEVENTF_MIDDLEUP, VK_MBUTTON, 2}};
  for (const Button& b : kButtons) {
    if (flags & b.down) set_async(b.vk, true), send(RawMouse::Down, b.index, 0);
    if (flags & b.up) set_async(b.vk, false), send(RawMouse::Up, b.index, 0);
  }
  if (flags & (MOUSEEVENTF_XDOWN | MOUSEEVENTF_XUP)) {
    const int index = data == 2 ? 5 : 4;  // XBUTTON2 : XBUTTON1
    const uint32_t vk = index == 5 ? VK_XBUTTON2 : VK_XBUTTON1;
    if (flags & MOUSEEVENTF_XDOWN) set_async(vk, true), send(RawMouse::Down, index, 0);
    if (flags & MOUSEEVENTF_XUP) set_async(vk, false), send(RawMouse::Up, index, 0);
  }
  if (flags & MOUSEEVENTF_WHEEL) send(RawMouse::Wheel, 0, static_cast<int32_t>(data));
}

// SendInput(count, inputs, size): each INPUT in turn; the number taken (0 and
// ERROR_INVALID_PARAMETER when the size is not INPUT's).
uint32_t SendInput(WindowsProcess& p, uint32_t count, Ptr inputs, int32_t size) {
  const unsigned ps = p.isa->ptr;
  const uint32_t input_size = ps == 8 ? 40 : 28, u = ps == 8 ? 8 : 4;
  if (static_cast<uint32_t>(size) != input_size || (count && !inputs)) return fail(p, ERROR_INVALID_PARAMETER), 0u;
  for (uint32_t i = 0; i < count; ++i) {
    const uint64_t in = inputs.addr + static_cast<uint64_t>(i) * input_size;
    const uint32_t type = get<uint32_t>(in);
    if (type == INPUT_KEYBOARD) {
      key_event(p, get<uint16_t>(in + u), get<uint16_t>(in + u + 2), get<uint32_t>(in + u + 4));
    } else if (type == INPUT_MOUSE) {
      mouse_event_(p, get<int32_t>(in + u), get<int32_t>(in + u + 4), get<uint32_t>(in + u + 8), get<uint32_t>(in + u + 12));
    } else if (type != INPUT_HARDWARE) {
      return fail(p, ERROR_INVALID_PARAMETER), i;
    }
  }
  return count;
}
void keybd_event(WindowsProcess& p, uint32_t vk, uint32_t scan, uint32_t flags, USize) { key_event(p, vk & 0xff, scan & 0xff, flags); }
void mouse_event(WindowsProcess& p, uint32_t flags, uint32_t dx, uint32_t dy, uint32_t data, USize) {
  mouse_event_(p, static_cast<int32_t>(dx), static_cast<int32_t>(dy), data, flags);
}

// RegisterHotKey(hwnd, id, modifiers, vk): a window of this thread (or none: the thread's); the
// same key combination registered twice is ERROR_HOTKEY_ALREADY_REGISTERED.
BOOL RegisterHotKey(WindowsProcess& p, Ptr hwnd, int32_t id, uint32_t modifiers, uint32_t vk) {
  if (hwnd) {
    Window* w = window_or_fail(p, hwnd.addr);
    if (!w) return FALSE;
    if (w->thread_id != p.thread().id) return fail(p, kErrorWindowOfOtherThread);
  }
  for (const HotKey& h : hot_keys())
    if (h.vk == (vk & 0xff) && (h.modifiers & 0xf) == (modifiers & 0xf)) return fail(p, kErrorHotkeyAlreadyRegistered);
  hot_keys().push_back(HotKey{hwnd.addr, id, modifiers, vk & 0xff, p.thread().id});
  return TRUE;
}
BOOL UnregisterHotKey(WindowsProcess& p, Ptr hwnd, int32_t id) {
  auto& all = hot_keys();
  for (auto it = all.begin(); it != all.end(); ++it)
    if (it->hwnd == hwnd.addr && it->id == id && (hwnd || it->thread == p.thread().id)) {
      all.erase(it);
      return TRUE;
    }
  if (hwnd && !window_or_fail(p, hwnd.addr)) return FALSE;
  return fail(p, kErrorHotkeyNotRegistered);
}

}  // namespace

std::array<uint8_t, 256>& async_key_state() {
  static std::array<uint8_t, 256> keys{};
  return keys;
}

bool hot_key_taken(WindowsProcess& p, uint32_t vk, bool down, bool repeat) {
  if (!down) return false;
  const uint32_t mods = current_modifiers();
  for (const HotKey& h : hot_keys()) {
    if (h.vk != (vk & 0xff) || (h.modifiers & 0xf) != mods) continue;
    if (repeat && (h.modifiers & MOD_NOREPEAT)) return true;
    const uint64_t lparam = pack_words(static_cast<int32_t>(h.modifiers & 0xf), static_cast<int32_t>(h.vk));
    if (h.hwnd) post_message(p, h.hwnd, WM_HOTKEY, static_cast<uint64_t>(static_cast<int64_t>(h.id)), lparam);
    else if (ThreadQueue* q = queue_of(p, h.thread))
      post_to_queue(p, *q, Message{0, WM_HOTKEY, static_cast<uint64_t>(static_cast<int64_t>(h.id)), lparam, message_time(), 0, 0});
    return true;
  }
  return false;
}

void note_display_key(uint32_t vk, bool down) { set_async(vk, down); }

const std::vector<Export>& synthetic_input_exports() {
  static const std::vector<Export> e = {
      EXPORT("SendInput", SendInput),
      EXPORT("keybd_event", keybd_event),
      EXPORT("mouse_event", mouse_event),
      EXPORT("RegisterHotKey", RegisterHotKey),
      EXPORT("UnregisterHotKey", UnregisterHotKey),
  };
  return e;
}

}  // namespace polyrun::shims::user32
