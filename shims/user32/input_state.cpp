// Input state without an input device: keys all up, the cursor at the screen's centre until moved,
// the keyboard layout US English; focus, activation and capture per thread, or shared by threads
// AttachThreadInput joined (SetFocus and SetActiveWindow with the messages Windows sends). Cursors
// and icons themselves are user32/icons.cpp's; window stations and desktops window_stations.cpp's.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/caret.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t { WA_INACTIVE = 0, WA_ACTIVE = 1 };

struct Pointer {
  int32_t x = -1, y = -1;
  Rect clip;
  bool clipped = false;
  uint64_t cursor = 0;
  int32_t show_count = 0;
  uint32_t double_click_ms = 500;
};
Pointer& pointer(WindowsProcess& p) {
  static Pointer ptr;
  if (ptr.x < 0) {
    const Rect& s = window_manager(p).screen;
    ptr.x = s.width() / 2;
    ptr.y = s.height() / 2;
  }
  return ptr;
}

// ---- keys ----
// The thread's key state (bit 7: down, bit 0: toggled), as the program last set it: GetKeyState
// answers from it (down as 0x8000 | toggled, a SHORT); no key is down on the keyboard itself.
int16_t GetKeyState(WindowsProcess& p, int32_t vk) {
  const uint8_t k = own_queue(p).input->keys[static_cast<uint8_t>(vk)];
  return static_cast<int16_t>(((k & 0x80) ? 0xff80 : 0) | (k & 1));
}
// GetAsyncKeyState: whether the key is down now (0x8000), as the display's and synthesized input
// leave it, and whether it was pressed since the last call asked (1).
int16_t GetAsyncKeyState(WindowsProcess&, int32_t vk) {
  uint8_t& k = async_key_state()[static_cast<uint8_t>(vk)];
  const int16_t r = static_cast<int16_t>(((k & 0x80) ? 0x8000 : 0) | ((k & 0x40) ? 1 : 0));
  k &= static_cast<uint8_t>(~0x40);
  return r;
}
BOOL GetKeyboardState(WindowsProcess& p, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  std::memcpy(out.as<void>(), own_queue(p).input->keys.data(), 256);
  return TRUE;
}
BOOL SetKeyboardState(WindowsProcess& p, Ptr in) {
  if (!in) return fail(p, ERROR_INVALID_PARAMETER);
  std::memcpy(own_queue(p).input->keys.data(), in.as<const void>(), 256);
  return TRUE;
}
Ptr GetKeyboardLayout(WindowsProcess&, uint32_t) { return 0x04090409; }
int32_t GetKeyboardLayoutList(WindowsProcess& p, int32_t count, Ptr out) {
  if (count > 0 && out) p.put_ptr(out.addr, 0x04090409);
  return 1;
}
int32_t GetKeyboardType(WindowsProcess&, int32_t which) {
  switch (which) {
    case 0: return 4;   // an enhanced 101/102-key keyboard
    case 2: return 12;  // function keys
    default: return 0;
  }
}
BOOL GetKeyboardLayoutNameW(WindowsProcess&, Ptr out) {
  std::memcpy(out.as<void>(), u"00000409", 18);
  return TRUE;
}
BOOL GetKeyboardLayoutNameA(WindowsProcess&, Ptr out) {
  std::memcpy(out.as<void>(), "00000409", 9);
  return TRUE;
}

// The US keyboard's scan codes of the virtual keys (set 1, as Windows reports them).
struct KeyCode {
  uint8_t vk, scan;
  char16_t plain, shifted;
};
const KeyCode kKeys[] = {
    {0x1b, 0x01, 0x1b, 0x1b}, {'1', 0x02, '1', '!'}, {'2', 0x03, '2', '@'}, {'3', 0x04, '3', '#'},
    {'4', 0x05, '4', '$'}, {'5', 0x06, '5', '%'}, {'6', 0x07, '6', '^'}, {'7', 0x08, '7', '&'},
    {'8', 0x09, '8', '*'}, {'9', 0x0a, '9', '('}, {'0', 0x0b, '0', ')'}, {0xbd, 0x0c, '-', '_'},
    {0xbb, 0x0d, '=', '+'}, {0x08, 0x0e, 0x08, 0x08}, {0x09, 0x0f, '\t', '\t'}, {'Q', 0x10, 'q', 'Q'},
    {'W', 0x11, 'w', 'W'}, {'E', 0x12, 'e', 'E'}, {'R', 0x13, 'r', 'R'}, {'T', 0x14, 't', 'T'},
    {'Y', 0x15, 'y', 'Y'}, {'U', 0x16, 'u', 'U'}, {'I', 0x17, 'i', 'I'}, {'O', 0x18, 'o', 'O'},
    {'P', 0x19, 'p', 'P'}, {0xdb, 0x1a, '[', '{'}, {0xdd, 0x1b, ']', '}'}, {0x0d, 0x1c, '\r', '\r'},
    {0x11, 0x1d, 0, 0}, {'A', 0x1e, 'a', 'A'}, {'S', 0x1f, 's', 'S'}, {'D', 0x20, 'd', 'D'},
    {'F', 0x21, 'f', 'F'}, {'G', 0x22, 'g', 'G'}, {'H', 0x23, 'h', 'H'}, {'J', 0x24, 'j', 'J'},
    {'K', 0x25, 'k', 'K'}, {'L', 0x26, 'l', 'L'}, {0xba, 0x27, ';', ':'}, {0xde, 0x28, '\'', '"'},
    {0xc0, 0x29, '`', '~'}, {0x10, 0x2a, 0, 0}, {0xdc, 0x2b, '\\', '|'}, {'Z', 0x2c, 'z', 'Z'},
    {'X', 0x2d, 'x', 'X'}, {'C', 0x2e, 'c', 'C'}, {'V', 0x2f, 'v', 'V'}, {'B', 0x30, 'b', 'B'},
    {'N', 0x31, 'n', 'N'}, {'M', 0x32, 'm', 'M'}, {0xbc, 0x33, ',', '<'}, {0xbe, 0x34, '.', '>'},
    {0xbf, 0x35, '/', '?'}, {0x6a, 0x37, '*', '*'}, {0x12, 0x38, 0, 0}, {0x20, 0x39, ' ', ' '},
    {0x14, 0x3a, 0, 0}, {0x70, 0x3b, 0, 0}, {0x71, 0x3c, 0, 0}, {0x72, 0x3d, 0, 0}, {0x73, 0x3e, 0, 0},
    {0x74, 0x3f, 0, 0}, {0x75, 0x40, 0, 0}, {0x76, 0x41, 0, 0}, {0x77, 0x42, 0, 0}, {0x78, 0x43, 0, 0},
    {0x79, 0x44, 0, 0}, {0x90, 0x45, 0, 0}, {0x91, 0x46, 0, 0}, {0x24, 0x47, 0, 0}, {0x26, 0x48, 0, 0},
    {0x21, 0x49, 0, 0}, {0x6d, 0x4a, '-', '-'}, {0x25, 0x4b, 0, 0}, {0x0c, 0x4c, 0, 0}, {0x27, 0x4d, 0, 0},
    {0x6b, 0x4e, '+', '+'}, {0x23, 0x4f, 0, 0}, {0x28, 0x50, 0, 0}, {0x22, 0x51, 0, 0}, {0x2d, 0x52, 0, 0},
    {0x2e, 0x53, 0, 0}, {0x7a, 0x57, 0, 0}, {0x7b, 0x58, 0, 0},
};

// MapVirtualKey: MAPVK_VK_TO_VSC (0), MAPVK_VSC_TO_VK (1), MAPVK_VK_TO_CHAR (2), MAPVK_VSC_TO_VK_EX (3).
uint32_t map_virtual_key(uint32_t code, uint32_t type) {
  for (const KeyCode& k : kKeys) {
    switch (type) {
      case 0: case 4: if (k.vk == code) return k.scan; break;
      case 1: case 3: if (k.scan == code) return k.vk; break;
      case 2: if (k.vk == code) return k.shifted >= 'A' && k.shifted <= 'Z' ? k.shifted : k.plain; break;
      default: return 0;
    }
  }
  // The generic modifier keys' left and right forms.
  if ((type == 0 || type == 4) && (code == 0xa0 || code == 0xa1)) return code == 0xa0 ? 0x2a : 0x36;
  if ((type == 0 || type == 4) && (code == 0xa2 || code == 0xa3)) return 0x1d;
  if ((type == 0 || type == 4) && (code == 0xa4 || code == 0xa5)) return 0x38;
  if (type == 3 && code == 0x36) return 0xa1;
  return 0;
}
uint32_t MapVirtualKeyW(WindowsProcess&, uint32_t code, uint32_t type) { return map_virtual_key(code, type); }
uint32_t MapVirtualKeyA(WindowsProcess&, uint32_t code, uint32_t type) { return map_virtual_key(code, type); }
uint32_t MapVirtualKeyExW(WindowsProcess&, uint32_t code, uint32_t type, Ptr) { return map_virtual_key(code, type); }
uint32_t MapVirtualKeyExA(WindowsProcess&, uint32_t code, uint32_t type, Ptr) { return map_virtual_key(code, type); }

// ToUnicode(Ex): the character a key makes on the US layout with the given key state (shift and
// caps lock; control makes the control characters of letters).
int32_t to_unicode(uint32_t vk, Ptr state, Ptr out, int32_t size) {
  if (!out || size < 1) return 0;
  const uint8_t* keys = state ? state.as<const uint8_t>() : nullptr;
  const bool shift = keys && (keys[0x10] & 0x80), caps = keys && (keys[0x14] & 1), ctrl = keys && (keys[0x11] & 0x80);
  for (const KeyCode& k : kKeys) {
    if (k.vk != vk || !k.plain) continue;
    char16_t c = shift ? k.shifted : k.plain;
    if (caps && k.plain >= 'a' && k.plain <= 'z') c = shift ? k.plain : k.shifted;
    if (ctrl) {
      if (k.plain >= 'a' && k.plain <= 'z') c = static_cast<char16_t>(k.plain - 'a' + 1);
      else return 0;
    }
    out.as<char16_t>()[0] = c;
    if (size > 1) out.as<char16_t>()[1] = 0;
    return 1;
  }
  return 0;
}
}  // namespace

char16_t key_char(uint32_t vk, const uint8_t* keys) {
  char16_t c[2] = {};
  return to_unicode(vk, Ptr(reinterpret_cast<uint64_t>(keys)), Ptr(reinterpret_cast<uint64_t>(c)), 2) ? c[0] : 0;
}

namespace {

int32_t ToUnicode(WindowsProcess&, uint32_t vk, uint32_t, Ptr state, Ptr out, int32_t size, uint32_t) {
  return to_unicode(vk, state, out, size);
}
int32_t ToUnicodeEx(WindowsProcess&, uint32_t vk, uint32_t, Ptr state, Ptr out, int32_t size, uint32_t, Ptr) {
  return to_unicode(vk, state, out, size);
}
int32_t ToAscii(WindowsProcess& p, uint32_t vk, uint32_t scan, Ptr state, Ptr out, uint32_t flags) {
  (void)p, (void)scan, (void)flags;
  char16_t c[2] = {};
  Ptr tmp(reinterpret_cast<uint64_t>(c));
  const int32_t n = to_unicode(vk, state, tmp, 2);
  // (The character in the ANSI code page.)
  if (n > 0 && out) {
    const std::string a = utf16_to_ansi(std::u16string(c, static_cast<size_t>(n)));
    put<uint16_t>(out.addr, a.empty() ? 0 : static_cast<uint16_t>(static_cast<uint8_t>(a[0]) | (a.size() > 1 ? static_cast<uint8_t>(a[1]) << 8 : 0)));
    return static_cast<int32_t>(std::min<size_t>(a.size(), 2));
  }
  return n;
}
int16_t VkKeyScanW(WindowsProcess&, uint16_t c) {
  for (const KeyCode& k : kKeys) {
    if (k.plain && k.plain == c) return k.vk;
    if (k.shifted && k.shifted == c && k.shifted != k.plain) return static_cast<int16_t>(0x100 | k.vk);
  }
  return -1;
}
// (The ANSI forms take a character of the ANSI code page.)
uint16_t ansi_key_char(int8_t c) {
  const std::u16string w = ansi_to_utf16(std::string(1, static_cast<char>(c)));
  return w.empty() ? 0 : w[0];
}
int16_t VkKeyScanA(WindowsProcess& p, int8_t c) { return VkKeyScanW(p, ansi_key_char(c)); }

int16_t VkKeyScanExW(WindowsProcess& p, uint16_t c, Ptr) { return VkKeyScanW(p, c); }
int16_t VkKeyScanExA(WindowsProcess& p, int8_t c, Ptr) { return VkKeyScanW(p, ansi_key_char(c)); }
int32_t ToAsciiEx(WindowsProcess& p, uint32_t vk, uint32_t scan, Ptr state, Ptr out, uint32_t flags, Ptr) {
  return ToAscii(p, vk, scan, state, out, flags);
}
// OemKeyScan: the scan code (low word) and shift state (high word: 1 shift) that type an OEM
// character (of the OEM code page, 437); -1 for one no key types.
uint32_t OemKeyScan(WindowsProcess& p, uint16_t oem) {
  std::u16string w;
  multibyte_to_utf16(kOemCodePage, 0, std::string(1, static_cast<char>(oem & 0xff)), w);
  const int16_t vk = VkKeyScanW(p, w.empty() ? 0 : w[0]);
  const uint32_t scan = vk == -1 ? 0 : map_virtual_key(vk & 0xff, 0);
  if (!scan) return 0xffffffffu;
  return (static_cast<uint32_t>(vk & 0xff00) << 8) | scan;
}
uint32_t GetKBCodePage(WindowsProcess&) { return kOemCodePage; }  // GetOEMCP's

// GetKeyNameText: the US layout's name of the key whose scan code is lParam's bits 16-23, bit 24
// the extended-key flag; with bit 25 ("do not care") the right-hand Shift, Ctrl and Alt are named
// as the left. Keys without a name of their own are named by the upper case of their character.
const char* key_name(uint32_t code) {
  struct Name {
    uint16_t code;  // 0x100 | scan code: an extended key
    const char* name;
  };
  static const Name kNames[] = {
      {0x01, "Esc"}, {0x0e, "Backspace"}, {0x0f, "Tab"}, {0x1c, "Enter"}, {0x1d, "Ctrl"}, {0x2a, "Shift"},
      {0x36, "Right Shift"}, {0x37, "Num *"}, {0x38, "Alt"}, {0x39, "Space"}, {0x3a, "Caps Lock"},
      {0x3b, "F1"}, {0x3c, "F2"}, {0x3d, "F3"}, {0x3e, "F4"}, {0x3f, "F5"}, {0x40, "F6"}, {0x41, "F7"},
      {0x42, "F8"}, {0x43, "F9"}, {0x44, "F10"}, {0x45, "Pause"}, {0x46, "Scroll Lock"}, {0x47, "Num 7"},
      {0x48, "Num 8"}, {0x49, "Num 9"}, {0x4a, "Num -"}, {0x4b, "Num 4"}, {0x4c, "Num 5"}, {0x4d, "Num 6"},
      {0x4e, "Num +"}, {0x4f, "Num 1"}, {0x50, "Num 2"}, {0x51, "Num 3"}, {0x52, "Num 0"}, {0x53, "Num Del"},
      {0x54, "Sys Req"}, {0x57, "F11"}, {0x58, "F12"}, {0x7c, "F13"}, {0x7d, "F14"}, {0x7e, "F15"},
      {0x7f, "F16"}, {0x80, "F17"}, {0x81, "F18"}, {0x82, "F19"}, {0x83, "F20"}, {0x84, "F21"}, {0x85, "F22"},
      {0x86, "F23"}, {0x87, "F24"}, {0x11c, "Num Enter"}, {0x11d, "Right Ctrl"}, {0x135, "Num /"},
      {0x137, "Prnt Scrn"}, {0x138, "Right Alt"}, {0x145, "Num Lock"}, {0x146, "Break"}, {0x147, "Home"},
      {0x148, "Up"}, {0x149, "Page Up"}, {0x14b, "Left"}, {0x14d, "Right"}, {0x14f, "End"}, {0x150, "Down"},
      {0x151, "Page Down"}, {0x152, "Insert"}, {0x153, "Delete"}, {0x154, "<00>"}, {0x156, "Help"},
      {0x15b, "Left Windows"}, {0x15c, "Right Windows"}, {0x15d, "Application"},
  };
  for (const Name& n : kNames)
    if (n.code == code) return n.name;
  return nullptr;
}
std::u16string key_name_text(uint32_t lparam) {
  uint32_t code = (lparam >> 16) & 0x1ff;
  if (lparam & 0x2000000) {
    if (code == 0x36) code = 0x2a;                        // Right Shift: Shift
    else if (code == 0x11d || code == 0x138) code &= 0xff;  // Right Ctrl, Right Alt
  }
  if (const char* name = key_name(code)) return std::u16string(name, name + std::strlen(name));
  if (code & 0x100) return u"";
  const uint32_t vk = map_virtual_key(code, 1);
  const uint32_t c = vk ? map_virtual_key(vk, 2) : 0;
  if (!c) return u"";
  return std::u16string(1, static_cast<char16_t>(c >= 'a' && c <= 'z' ? c - 0x20 : c));
}
int32_t GetKeyNameTextW(WindowsProcess&, int32_t lparam, Ptr buf, int32_t size) {
  if (!buf || size <= 0) return 0;
  const std::u16string name = key_name_text(static_cast<uint32_t>(lparam)).substr(0, static_cast<size_t>(size - 1));
  std::memcpy(buf.as<char16_t>(), name.c_str(), 2 * (name.size() + 1));
  return static_cast<int32_t>(name.size());
}
int32_t GetKeyNameTextA(WindowsProcess&, int32_t lparam, Ptr buf, int32_t size) {
  if (!buf || size <= 0) return 0;
  const std::string name = utf16_to_ansi(key_name_text(static_cast<uint32_t>(lparam))).substr(0, static_cast<size_t>(size - 1));
  std::memcpy(buf.as<char>(), name.c_str(), name.size() + 1);
  return static_cast<int32_t>(name.size());
}

// ---- the pointer ----
BOOL GetCursorPos(WindowsProcess& p, Ptr out) {
  if (!out) return fail(p, ERROR_NOACCESS);
  const Pointer& ptr = pointer(p);
  put<int32_t>(out.addr, ptr.x);
  put<int32_t>(out.addr + 4, ptr.y);
  return TRUE;
}
BOOL SetCursorPos(WindowsProcess& p, int32_t x, int32_t y) {
  Pointer& ptr = pointer(p);
  const Rect& s = window_manager(p).screen;
  const Rect r = ptr.clipped ? ptr.clip : s;
  ptr.x = std::clamp(x, r.left, r.right - 1);
  ptr.y = std::clamp(y, r.top, r.bottom - 1);
  return TRUE;
}
BOOL GetPhysicalCursorPos(WindowsProcess& p, Ptr out) { return GetCursorPos(p, out); }
BOOL ClipCursor(WindowsProcess& p, Ptr rect) {
  Pointer& ptr = pointer(p);
  ptr.clipped = rect.addr != 0;
  if (rect) ptr.clip = get<Rect>(rect.addr);
  return TRUE;
}
BOOL GetClipCursor(WindowsProcess& p, Ptr out) {
  if (!out) return FALSE;
  const Pointer& ptr = pointer(p);
  put<Rect>(out.addr, ptr.clipped ? ptr.clip : window_manager(p).screen);
  return TRUE;
}
uint32_t GetDoubleClickTime(WindowsProcess& p) { return pointer(p).double_click_ms; }
BOOL SetDoubleClickTime(WindowsProcess& p, uint32_t ms) {
  pointer(p).double_click_ms = ms ? ms : 500;
  return TRUE;
}
Ptr SetCursor(WindowsProcess& p, Ptr cursor) {
  Pointer& ptr = pointer(p);
  const uint64_t old = ptr.cursor;
  ptr.cursor = cursor.addr;
  return old;
}
Ptr GetCursor(WindowsProcess& p) { return pointer(p).cursor; }
int32_t ShowCursor(WindowsProcess& p, int32_t show) { return pointer(p).show_count += show ? 1 : -1; }
// GetCursorInfo: CURSORINFO (cbSize, flags, hCursor, ptScreenPos).
BOOL GetCursorInfo(WindowsProcess& p, Ptr out) {
  if (!out) return fail(p, ERROR_INVALID_PARAMETER);
  const Pointer& ptr = pointer(p);
  const unsigned w = p.isa->ptr;
  put<uint32_t>(out.addr + 4, ptr.show_count >= 0 ? 1 : 0);  // CURSOR_SHOWING
  p.put_ptr(out.addr + 8, ptr.cursor);
  put<int32_t>(out.addr + 8 + w, ptr.x);
  put<int32_t>(out.addr + 12 + w, ptr.y);
  return TRUE;
}
// GetLastInputInfo: LASTINPUTINFO (cbSize, dwTime): no input since the process began.
BOOL GetLastInputInfo(WindowsProcess& p, Ptr out) {
  if (!out || get<uint32_t>(out.addr) != 8) return fail(p, ERROR_INVALID_PARAMETER);
  static const uint32_t start = message_time();
  put<uint32_t>(out.addr + 4, start);
  return TRUE;
}
// TrackMouseEvent: the request is taken (the pointer never moves here, so no WM_MOUSELEAVE comes).
BOOL TrackMouseEvent(WindowsProcess& p, Ptr tme) {
  if (!tme || get<uint32_t>(tme.addr) < 16) return fail(p, ERROR_INVALID_PARAMETER);
  return TRUE;
}
BOOL MessageBeep(WindowsProcess&, uint32_t) { return TRUE; }

// ---- focus, activation, capture (per thread) ----
ThreadQueue& queue(WindowsProcess& p) { return own_queue(p); }
void tell_application(WindowsProcess& p, bool active);

// The window a window is a child of, through WS_CHILD links (itself when it is not a child).
uint64_t top_level_of(WindowsProcess& p, Window& w) {
  uint64_t root = w.handle;
  for (Window* r = &w; r && (r->style & WS_CHILD); r = find_window(p, r->parent)) root = r->parent;
  return root;
}

Ptr GetFocus(WindowsProcess& p) { return queue(p).input->focus; }
Ptr GetActiveWindow(WindowsProcess& p) { return queue(p).input->active; }
Ptr GetCapture(WindowsProcess& p) { return queue(p).input->capture; }
Ptr GetForegroundWindow(WindowsProcess& p) { return window_manager(p).foreground; }

// SetActiveWindow's work: the old window deactivated (WM_NCACTIVATE, WM_ACTIVATE), the new one
// activated (WM_ACTIVATEAPP to the thread's top-level windows when the application was not active,
// WM_NCACTIVATE, WM_ACTIVATE, whose DefWindowProc takes the focus), then the focus to it unless it
// is inside already. No window: the application is deactivated (WM_ACTIVATEAPP FALSE).
void tell_application(WindowsProcess& p, bool active) {
  WindowManager& wm = window_manager(p);
  std::vector<uint64_t> tops;
  for (uint64_t h : find_window(p, wm.desktop)->children)
    if (Window* t = find_window(p, h); t && t->thread_id == p.thread().id) tops.push_back(h);
  for (uint64_t h : tops) send_message(p, h, WM_ACTIVATEAPP, active ? 1 : 0, 0);
}

}  // namespace

uint64_t set_active_window(WindowsProcess& p, uint64_t hwnd) {
  WindowManager& wm = window_manager(p);
  ThreadQueue& q = own_queue(p);
  const uint64_t previous = q.input->active;
  if (previous == hwnd) return previous;
  if (hwnd && has_hooks(p, WH_CBT)) {
    // CBTACTIVATESTRUCT: fMouse, hWndActive.
    const uint64_t cbt = p.heap.alloc(2 * p.isa->ptr, true);
    p.put_ptr(cbt + p.isa->ptr, previous);
    const uint64_t refused = call_hooks(p, WH_CBT, HCBT_ACTIVATE, hwnd, cbt);
    p.heap.free(cbt);
    if (refused) return 0;
  }
  q.input->active = hwnd;
  if (previous && find_window(p, previous)) {
    send_message(p, previous, WM_NCACTIVATE, 0, hwnd);
    send_message(p, previous, WM_ACTIVATE, pack_words(WA_INACTIVE, 0), hwnd);
  }
  if (!hwnd) {
    if (wm.foreground == previous) {
      wm.foreground = 0;
      tell_application(p, false);
    }
    if (q.input->focus) set_focus(p, 0);  // (no active window: no focus either)
    return previous;
  }
  if (!wm.foreground) tell_application(p, true);
  if (wm.foreground != hwnd) {
    wm.foreground = hwnd;
    notify_win_event(p, EVENT_SYSTEM_FOREGROUND, hwnd);
  }
  if (!find_window(p, hwnd) || q.input->active != hwnd) return previous;
  send_message(p, hwnd, WM_NCACTIVATE, 1, previous);
  send_message(p, hwnd, WM_ACTIVATE, pack_words(WA_ACTIVE, 0), previous);
  Window* w = find_window(p, hwnd);
  if (w && q.input->active == hwnd && !(w->style & WS_MINIMIZE)) {
    const uint64_t focus = q.input->focus;
    const bool inside = find_window(p, focus) && (focus == hwnd || is_descendant(p, hwnd, focus));
    if (!inside) set_focus(p, hwnd);
  }
  return previous;
}

uint64_t set_focus(WindowsProcess& p, uint64_t hwnd) {
  ThreadQueue& q = own_queue(p);
  if (hwnd) {
    Window* w = window_or_fail(p, hwnd);
    if (!w) return 0;
    hwnd = w->handle;
    if (!shares_input(p, w->thread_id) || (w->style & WS_DISABLED)) return 0;
    if (hwnd == q.input->focus) return hwnd;
    if (call_hooks(p, WH_CBT, HCBT_SETFOCUS, hwnd, q.input->focus)) return 0;
    // The window's top-level window becomes the active one first (which may move the focus).
    const uint64_t root = top_level_of(p, *w);
    if (root != q.input->active) {
      set_active_window(p, root);
      if (!find_window(p, hwnd)) return 0;
      if (q.input->focus == hwnd) return hwnd;
    }
  }
  const uint64_t previous = q.input->focus;
  if (!hwnd && call_hooks(p, WH_CBT, HCBT_SETFOCUS, 0, previous)) return 0;
  q.input->focus = hwnd;
  if (previous && find_window(p, previous)) send_message(p, previous, WM_KILLFOCUS, hwnd, 0);
  if (hwnd && q.input->focus == hwnd && find_window(p, hwnd)) {
    notify_win_event(p, EVENT_OBJECT_FOCUS, hwnd, -4 /* OBJID_CLIENT */);
    if (q.input->focus == hwnd && find_window(p, hwnd)) send_message(p, hwnd, WM_SETFOCUS, previous, 0);
  }
  return previous;
}

namespace {

Ptr SetFocus(WindowsProcess& p, Ptr hwnd) { return set_focus(p, hwnd.addr); }
Ptr SetActiveWindow(WindowsProcess& p, Ptr hwnd) {
  if (hwnd) {
    Window* w = window_or_fail(p, hwnd.addr);
    if (!w || (w->style & WS_CHILD)) return Ptr(0);
    return set_active_window(p, w->handle);
  }
  return set_active_window(p, 0);
}
BOOL SetForegroundWindow(WindowsProcess& p, Ptr hwnd) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  set_active_window(p, top_level_of(p, *w));
  return TRUE;
}
BOOL AllowSetForegroundWindow(WindowsProcess&, uint32_t) { return TRUE; }
BOOL LockSetForegroundWindow(WindowsProcess&, uint32_t) { return TRUE; }

// The capture's WinEvents: its end for the window that had it, its start for the new one.
void notify_capture(WindowsProcess& p, uint64_t previous, uint64_t now) {
  if (previous == now) return;
  if (previous) notify_win_event(p, EVENT_SYSTEM_CAPTUREEND, previous);
  if (now) notify_win_event(p, EVENT_SYSTEM_CAPTURESTART, now);
}
Ptr SetCapture(WindowsProcess& p, Ptr hwnd) {
  ThreadQueue& q = queue(p);
  const uint64_t previous = q.input->capture;
  Window* w = find_window(p, hwnd.addr);
  q.input->capture = w ? w->handle : 0;
  const uint64_t now = q.input->capture;
  notify_capture(p, previous, now);
  if (previous && previous != now) send_message(p, previous, 0x0215 /* WM_CAPTURECHANGED */, 0, now);
  return previous;
}
BOOL ReleaseCapture(WindowsProcess& p) {
  ThreadQueue& q = queue(p);
  const uint64_t previous = q.input->capture;
  q.input->capture = 0;
  notify_capture(p, previous, 0);
  if (previous) send_message(p, previous, 0x0215 /* WM_CAPTURECHANGED */, 0, 0);
  return TRUE;
}

// GetGUIThreadInfo: GUITHREADINFO (cbSize, flags, the active, focus, capture, menu owner, move-size
// and caret windows, the caret's rectangle) of a thread (0: the foreground window's).
BOOL GetGUIThreadInfo(WindowsProcess& p, uint32_t thread, Ptr out) {
  const unsigned w = p.isa->ptr;
  if (!out || get<uint32_t>(out.addr) != 8 + 6 * w + 16) return fail(p, ERROR_INVALID_PARAMETER);
  WindowManager& wm = window_manager(p);
  if (!thread) {
    Window* fg = find_window(p, wm.foreground);
    thread = fg ? fg->thread_id : p.thread().id;
  }
  ThreadQueue* q = thread == p.thread().id ? &own_queue(p) : queue_of(p, thread);
  if (!q) return fail(p, ERROR_INVALID_PARAMETER);
  // GUI_CARETBLINKING (1): the caret is shown.
  const CaretInfo caret = thread_caret(p, thread);
  put<uint32_t>(out.addr + 4, caret.shown ? 1 : 0);
  const uint64_t fields[6] = {q->input->active, q->input->focus, q->input->capture, 0, 0, caret.hwnd};
  for (unsigned i = 0; i < 6; ++i) p.put_ptr(out.addr + 8 + i * w, fields[i]);
  put<Rect>(out.addr + 8 + 6 * w, caret.rect);
  return TRUE;
}
// The shell's desktop window: there is no shell.
Ptr GetShellWindow(WindowsProcess&) { return Ptr(0); }
// GetLastActivePopup: owned pop-ups' activation is not kept: the window itself, as for one without.
Ptr GetLastActivePopup(WindowsProcess& p, Ptr hwnd) {
  Window* w = window_or_fail(p, hwnd.addr);
  return w ? w->handle : 0;
}
// IsHungAppWindow: a window of this process is never hung to itself.
BOOL IsHungAppWindow(WindowsProcess&, Ptr) { return FALSE; }

}  // namespace

void cursor_position(WindowsProcess& p, int32_t& x, int32_t& y) {
  const Pointer& ptr = pointer(p);
  x = ptr.x, y = ptr.y;
}
void set_cursor_position(WindowsProcess& p, int32_t x, int32_t y) { SetCursorPos(p, x, y); }

uint64_t set_capture(WindowsProcess& p, uint64_t hwnd) {
  if (hwnd) return SetCapture(p, hwnd).addr;
  const uint64_t previous = own_queue(p).input->capture;
  ReleaseCapture(p);
  return previous;
}

const std::vector<Export>& input_state_exports() {
  static const std::vector<Export> e = {
      EXPORT("GetKeyState", GetKeyState),
      EXPORT("GetAsyncKeyState", GetAsyncKeyState),
      EXPORT("GetKeyboardState", GetKeyboardState),
      EXPORT("SetKeyboardState", SetKeyboardState),
      EXPORT("GetKeyboardLayout", GetKeyboardLayout),
      EXPORT("GetKeyboardLayoutList", GetKeyboardLayoutList),
      EXPORT("GetKeyboardLayoutNameA", GetKeyboardLayoutNameA),
      EXPORT("GetKeyboardLayoutNameW", GetKeyboardLayoutNameW),
      EXPORT("GetKeyboardType", GetKeyboardType),
      EXPORT("MapVirtualKeyA", MapVirtualKeyA),
      EXPORT("MapVirtualKeyW", MapVirtualKeyW),
      EXPORT("MapVirtualKeyExA", MapVirtualKeyExA),
      EXPORT("MapVirtualKeyExW", MapVirtualKeyExW),
      EXPORT("ToUnicode", ToUnicode),
      EXPORT("ToUnicodeEx", ToUnicodeEx),
      EXPORT("ToAscii", ToAscii),
      EXPORT("ToAsciiEx", ToAsciiEx),
      EXPORT("VkKeyScanExA", VkKeyScanExA),
      EXPORT("VkKeyScanExW", VkKeyScanExW),
      EXPORT("OemKeyScan", OemKeyScan),
      EXPORT("GetKBCodePage", GetKBCodePage),
      EXPORT("GetKeyNameTextA", GetKeyNameTextA),
      EXPORT("GetKeyNameTextW", GetKeyNameTextW),
      EXPORT("VkKeyScanA", VkKeyScanA),
      EXPORT("VkKeyScanW", VkKeyScanW),
      EXPORT("GetCursorPos", GetCursorPos),
      EXPORT("SetCursorPos", SetCursorPos),
      EXPORT("GetPhysicalCursorPos", GetPhysicalCursorPos),
      EXPORT("ClipCursor", ClipCursor),
      EXPORT("GetClipCursor", GetClipCursor),
      EXPORT("GetDoubleClickTime", GetDoubleClickTime),
      EXPORT("SetDoubleClickTime", SetDoubleClickTime),
      EXPORT("SetCursor", SetCursor),
      EXPORT("GetCursor", GetCursor),
      EXPORT("ShowCursor", ShowCursor),
      EXPORT("GetCursorInfo", GetCursorInfo),
      EXPORT("GetLastInputInfo", GetLastInputInfo),
      EXPORT("TrackMouseEvent", TrackMouseEvent),
      EXPORT("MessageBeep", MessageBeep),
      EXPORT("GetFocus", GetFocus),
      EXPORT("SetFocus", SetFocus),
      EXPORT("GetActiveWindow", GetActiveWindow),
      EXPORT("SetActiveWindow", SetActiveWindow),
      EXPORT("GetForegroundWindow", GetForegroundWindow),
      EXPORT("SetForegroundWindow", SetForegroundWindow),
      EXPORT("AllowSetForegroundWindow", AllowSetForegroundWindow),
      EXPORT("LockSetForegroundWindow", LockSetForegroundWindow),
      EXPORT("GetCapture", GetCapture),
      EXPORT("SetCapture", SetCapture),
      EXPORT("ReleaseCapture", ReleaseCapture),
      EXPORT("GetGUIThreadInfo", GetGUIThreadInfo),
      EXPORT("GetShellWindow", GetShellWindow),
      EXPORT("GetLastActivePopup", GetLastActivePopup),
      EXPORT("IsHungAppWindow", IsHungAppWindow),
  };
  return e;
}

}  // namespace polyrun::shims::user32
