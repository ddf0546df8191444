// MessageBox, MessageBoxEx and MessageBoxIndirect. On a display a person sees, a modal dialog of
// USER32's own: the system icon the MB_ICON style names, the text word-wrapped, the buttons of the
// MB_ type (the MB_DEFBUTTON one the default), answered by a click, Enter, Esc or the button's
// mnemonic. Without one (no DISPLAY, or --headless: nobody could answer) the caption and text go to
// stderr, as for a console program, and the answer is the default button's.
#include <cstdio>
#include <cstring>
#include <map>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  MB_TYPEMASK = 0xf, MB_ICONMASK = 0xf0, MB_DEFMASK = 0xf00, MB_ICONHAND = 0x10, MB_ICONQUESTION = 0x20,
  MB_ICONEXCLAMATION = 0x30, MB_ICONASTERISK = 0x40, MB_TOPMOST = 0x40000, MB_RIGHT = 0x80000,
  IDOK_ = 1, IDCANCEL_ = 2, IDABORT = 3, IDRETRY = 4, IDIGNORE = 5, IDYES = 6, IDNO = 7, IDTRYAGAIN = 10,
  IDCONTINUE = 11, BS_DEFPUSHBUTTON_MB = 1,
};

struct ButtonSpec {
  uint32_t id;
  const char16_t* label;
};

// The buttons of each MB_ type, in order.
std::vector<ButtonSpec> buttons_of(uint32_t type) {
  switch (type & MB_TYPEMASK) {
    case 1: return {{IDOK_, u"OK"}, {IDCANCEL_, u"Cancel"}};
    case 2: return {{IDABORT, u"&Abort"}, {IDRETRY, u"&Retry"}, {IDIGNORE, u"&Ignore"}};
    case 3: return {{IDYES, u"&Yes"}, {IDNO, u"&No"}, {IDCANCEL_, u"Cancel"}};
    case 4: return {{IDYES, u"&Yes"}, {IDNO, u"&No"}};
    case 5: return {{IDRETRY, u"&Retry"}, {IDCANCEL_, u"Cancel"}};
    case 6: return {{IDCANCEL_, u"Cancel"}, {IDTRYAGAIN, u"&Try Again"}, {IDCONTINUE, u"&Continue"}};
    default: return {{IDOK_, u"OK"}};
  }
}

uint32_t default_button(uint32_t type) {
  const std::vector<ButtonSpec> b = buttons_of(type);
  const size_t index = (type & MB_DEFMASK) >> 8;
  return b[index < b.size() ? index : 0].id;
}

struct Box {
  std::u16string text, caption;
  uint32_t type = 0;
  uint32_t timeout = 0;  // MessageBoxTimeout's milliseconds (0: none)
};
constexpr int32_t kMbTimedOut = 32000;  // MB_TIMEDOUT: what a box that timed out answers
constexpr uint32_t kTimeoutTimer = 0x7fee;
std::map<uint64_t, Box>& boxes() {
  static std::map<uint64_t, Box> b;
  return b;
}

uint64_t child(WindowsProcess& p, uint64_t parent, const char16_t* cls, const std::u16string& text, uint32_t style,
               const Rect& r, uint32_t id) {
  const GuestText cls_at(p, cls), text_at(p, text);
  return create_window(p, 0, cls_at.at, text_at.at, style | WS_CHILD | WS_VISIBLE, r.left, r.top, r.width(), r.height(),
                       parent, id, 0, 0, true);
}

// The dialog's layout, made at WM_INITDIALOG: icon, text and buttons placed, the window sized
// to them and centred on the screen, the focus on the default button.
void lay_out(WindowsProcess& p, uint64_t hwnd, const Box& box) {
  const uint64_t font = send_message(p, hwnd, WM_GETFONT, 0, 0);
  const uint64_t hdc = window_dc(p, hwnd, false);
  gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!dc) return;
  gdi32::select_object(p, *dc, font);
  const WindowManager& wm = window_manager(p);
  const int32_t margin = 11, gap = 6, icon = (box.type & MB_ICONMASK) ? 32 : 0;
  Rect text{0, 0, wm.screen.width() * 3 / 4 - 2 * margin - icon, 0};
  draw_text_in(p, hdc, box.text, text, DT_CALCRECT | DT_WORDBREAK | DT_EXPANDTABS | DT_NOPREFIX);
  const std::vector<ButtonSpec> specs = buttons_of(box.type);
  int32_t button_w = 75;
  for (const ButtonSpec& b : specs) button_w = std::max(button_w, text_width(p, *dc, b.label) + 2 * gap);
  const int32_t button_h = std::max(23, text_height(p, *dc) + 10);
  release_window_dc(p, hwnd, hdc);
  const int32_t n = static_cast<int32_t>(specs.size());
  const int32_t row = n * button_w + (n - 1) * gap;
  const int32_t text_x = margin + (icon ? icon + margin : 0);
  const int32_t body = std::max(icon, text.height());
  const int32_t width = std::max(text_x + text.width() + margin, row + 2 * margin);
  const int32_t height = margin + body + margin + button_h + margin;
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const Rect frame = window_rect_for_client(p, {0, 0, width, height}, w->style, w->ex_style, false);
  set_window_position(p, hwnd, 0, wm.screen.left + (wm.screen.width() - frame.width()) / 2,
                      wm.screen.top + (wm.screen.height() - frame.height()) / 2, frame.width(), frame.height(),
                      SWP_NOZORDER | SWP_NOACTIVATE);
  if (icon) {
    static const uint32_t ids[] = {0, 32513 /* IDI_HAND */, 32514 /* IDI_QUESTION */, 32515 /* IDI_EXCLAMATION */,
                                   32516 /* IDI_ASTERISK */};
    const uint32_t kind = (box.type & MB_ICONMASK) >> 4;
    const uint64_t s = child(p, hwnd, u"Static", u"", 3 /* SS_ICON */, {margin, margin, margin + 32, margin + 32}, 0xffff);
    if (s && kind < 5) send_message(p, s, 0x170 /* STM_SETICON */, system_icon(p, ids[kind]), 0);
  }
  const int32_t text_y = margin + (body - text.height()) / 2;
  const uint64_t label = child(p, hwnd, u"Static", box.text, 0x80 /* SS_NOPREFIX */ | ((box.type & MB_RIGHT) ? 2 : 0),
                               {text_x, text_y, text_x + text.width(), text_y + text.height()}, 0xffff);
  if (label) send_message(p, label, WM_SETFONT, font, 0);
  const uint32_t def = default_button(box.type);
  int32_t x = (width - row) / 2;
  const int32_t y = margin + body + margin;
  uint64_t focus = 0;
  for (const ButtonSpec& b : specs) {
    const uint32_t style = WS_TABSTOP | (b.id == def ? BS_DEFPUSHBUTTON_MB : 0) | (&b == &specs.front() ? WS_GROUP : 0);
    const uint64_t h = child(p, hwnd, u"Button", b.label, style, {x, y, x + button_w, y + button_h}, b.id);
    if (h) send_message(p, h, WM_SETFONT, font, 0);
    if (b.id == def) focus = h;
    x += button_w + gap;
  }
  if (focus) {
    send_message(p, hwnd, 0x0401 /* DM_SETDEFID */, def, 0);
    set_focus(p, focus);
  }
}

USize message_box_proc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wparam, USize lparam) {
  switch (msg) {
    case WM_INITDIALOG: {
      const auto it = boxes().find(lparam);
      if (it == boxes().end()) return TRUE;
      Window* w = find_window(p, hwnd.addr);
      if (w) control_state<ControlState>(*w);  // (nothing of its own: the dialog manager's state)
      lay_out(p, hwnd.addr, it->second);
      if (it->second.timeout)
        p.call_export("user32.dll", "SetTimer", {hwnd.addr, kTimeoutTimer, it->second.timeout, 0}, 0);
      // (The box's type, for WM_COMMAND, in the dialog's DWLP_USER.)
      if ((w = find_window(p, hwnd.addr)) && w->extra.size() >= 3 * p.isa->ptr) {
        const uint64_t type = it->second.type;
        std::memcpy(w->extra.data() + 2 * p.isa->ptr, &type, p.isa->ptr);
      }
      return FALSE;  // (the focus is set: the default button)
    }
    case 0x0113 /* WM_TIMER */:
      if (wparam != kTimeoutTimer) return FALSE;
      end_dialog(p, hwnd.addr, kMbTimedOut);
      return TRUE;
    case WM_COMMAND: {
      Window* w = find_window(p, hwnd.addr);
      if (!w || w->extra.size() < 3 * p.isa->ptr) return FALSE;
      uint64_t type = 0;
      std::memcpy(&type, w->extra.data() + 2 * p.isa->ptr, p.isa->ptr);
      const uint32_t id = static_cast<uint32_t>(wparam & 0xffff);
      bool known = false, has_cancel = false;
      for (const ButtonSpec& b : buttons_of(static_cast<uint32_t>(type))) {
        known |= b.id == id;
        has_cancel |= b.id == IDCANCEL_;
      }
      // Esc or the close box: Cancel where there is one, OK for a box of OK alone.
      if (id == IDCANCEL_ && !has_cancel) {
        if ((type & MB_TYPEMASK) == 0) end_dialog(p, hwnd.addr, IDOK_);
        return TRUE;
      }
      if (known) end_dialog(p, hwnd.addr, id);
      return TRUE;
    }
    default:
      return FALSE;
  }
}

int32_t message_box(WindowsProcess& p, uint64_t owner, const std::u16string& text, const std::u16string* caption,
                    uint32_t type, uint32_t timeout) {
  const std::u16string title = caption ? *caption : u"Error";
  if (!interactive_display(p)) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s: %s\n", utf16_to_utf8(title).c_str(), utf16_to_utf8(text).c_str());
    return static_cast<int32_t>(default_button(type));
  }
  // The template: DLGTEMPLATE with the caption and the message font (8 points, MS Shell Dlg); the
  // procedure lays the controls out itself.
  std::vector<uint16_t> t(9, 0);
  const uint32_t style = WS_POPUP | WS_CAPTION | WS_SYSMENU | 0x80 /* DS_MODALFRAME */ | 0x40 /* DS_SETFONT */ |
                         0x100 /* DS_NOIDLEMSG */;
  const uint32_t ex_style = (type & MB_TOPMOST) ? WS_EX_TOPMOST : 0;
  std::memcpy(t.data(), &style, 4);
  std::memcpy(t.data() + 2, &ex_style, 4);
  t.push_back(0);  // no menu
  t.push_back(0);  // the dialog class
  for (char16_t c : title) t.push_back(c);
  t.push_back(0);
  t.push_back(8);
  for (char16_t c : std::u16string(u"MS Shell Dlg")) t.push_back(c);
  t.push_back(0);
  const uint64_t at = p.heap.alloc(2 * t.size() + 4, true);
  std::memcpy(reinterpret_cast<void*>(at), t.data(), 2 * t.size());
  static uint64_t next_key = 1;
  const uint64_t key = next_key++;
  boxes()[key] = Box{text, title, type, timeout};
  static const Export entry = EXPORT("MessageBoxDialogProc", message_box_proc);
  const uint64_t proc = p.export_thunk(nullptr, "USER32.dll", entry.name, &entry);
  const int64_t r = run_dialog(p, 0, at, owner, proc, key, true);
  boxes().erase(key);
  p.heap.free(at);
  return static_cast<int32_t>(r);
}

std::u16string wide_or_narrow(uint64_t s, bool wide) { return message_text(s, wide); }

int32_t MessageBoxW(WindowsProcess& p, Ptr owner, Ptr text, Ptr caption, uint32_t type) {
  const std::u16string c = wide_or_narrow(caption.addr, true);
  return message_box(p, owner.addr, wide_or_narrow(text.addr, true), caption ? &c : nullptr, type, 0);
}
int32_t MessageBoxA(WindowsProcess& p, Ptr owner, Ptr text, Ptr caption, uint32_t type) {
  const std::u16string c = wide_or_narrow(caption.addr, false);
  return message_box(p, owner.addr, wide_or_narrow(text.addr, false), caption ? &c : nullptr, type, 0);
}
int32_t MessageBoxExW(WindowsProcess& p, Ptr owner, Ptr text, Ptr caption, uint32_t type, uint16_t) {
  return MessageBoxW(p, owner, text, caption, type);
}
int32_t MessageBoxExA(WindowsProcess& p, Ptr owner, Ptr text, Ptr caption, uint32_t type, uint16_t) {
  return MessageBoxA(p, owner, text, caption, type);
}
// MSGBOXPARAMS: cbSize, hwndOwner, hInstance, lpszText, lpszCaption, dwStyle, … (a text or caption
// below 0x10000 is a string resource of hInstance).
int32_t message_box_indirect(WindowsProcess& p, uint64_t params, bool wide) {
  if (!params) return 0;
  const unsigned w = p.isa->ptr;
  const uint64_t owner = p.get_ptr(params + w), instance = p.get_ptr(params + 2 * w);
  auto text_of = [&](uint64_t s) -> std::u16string {
    if (s >= 0x10000) return wide_or_narrow(s, wide);
    if (!s) return {};
    const uint64_t buf = p.heap.alloc(2 * 1024, true);
    const int32_t n = load_string_resource(p, instance, static_cast<uint32_t>(s), buf, 1024);
    std::u16string r(reinterpret_cast<const char16_t*>(buf), static_cast<size_t>(std::max(n, 0)));
    p.heap.free(buf);
    return r;
  };
  const uint64_t caption_at = p.get_ptr(params + 4 * w);
  const std::u16string caption = text_of(caption_at);
  const uint32_t style = get<uint32_t>(params + 5 * w);
  return message_box(p, owner, text_of(p.get_ptr(params + 3 * w)), caption_at ? &caption : nullptr, style, 0);
}
// MessageBoxTimeout(owner, text, caption, type, language, milliseconds): a message box that ends by
// itself after the time with MB_TIMEDOUT (32000) when no button was chosen.
int32_t MessageBoxTimeoutW(WindowsProcess& p, Ptr owner, Ptr text, Ptr caption, uint32_t type, uint16_t, uint32_t ms) {
  const std::u16string c = wide_or_narrow(caption.addr, true);
  return message_box(p, owner.addr, wide_or_narrow(text.addr, true), caption ? &c : nullptr, type, ms);
}
int32_t MessageBoxTimeoutA(WindowsProcess& p, Ptr owner, Ptr text, Ptr caption, uint32_t type, uint16_t, uint32_t ms) {
  const std::u16string c = wide_or_narrow(caption.addr, false);
  return message_box(p, owner.addr, wide_or_narrow(text.addr, false), caption ? &c : nullptr, type, ms);
}
int32_t MessageBoxIndirectW(WindowsProcess& p, Ptr params) { return message_box_indirect(p, params.addr, true); }
int32_t MessageBoxIndirectA(WindowsProcess& p, Ptr params) { return message_box_indirect(p, params.addr, false); }

}  // namespace

const std::vector<Export>& message_box_exports() {
  static const std::vector<Export> e = {
      EXPORT("MessageBoxW", MessageBoxW),
      EXPORT("MessageBoxA", MessageBoxA),
      EXPORT("MessageBoxExW", MessageBoxExW),
      EXPORT("MessageBoxExA", MessageBoxExA),
      EXPORT("MessageBoxIndirectW", MessageBoxIndirectW),
      EXPORT("MessageBoxTimeoutW", MessageBoxTimeoutW),
      EXPORT("MessageBoxTimeoutA", MessageBoxTimeoutA),
      EXPORT("MessageBoxIndirectA", MessageBoxIndirectA),
  };
  return e;
}

}  // namespace polyrun::shims::user32
