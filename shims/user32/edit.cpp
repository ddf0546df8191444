// USER32's EDIT control: single-line and multiline text editing. The text, the selection (its
// anchor and the caret's end, in that order), one level of undo (the characters typed in a row
// and the ones deleted beside them), the limit (EN_MAXTEXT), the lines of a multiline edit (hard
// breaks "\r\n", soft ones "\r\r\n", lone "\n"; wrapped at word starts to the format rectangle's
// width without ES_AUTOHSCROLL), scrolling by lines (multiline) or characters (single-line), the
// styles' rules (ES_UPPERCASE/LOWERCASE, ES_NUMBER for typing, ES_PASSWORD, ES_READONLY), the
// editing keys and characters, the mouse, the clipboard (WM_CUT/COPY/PASTE/CLEAR through the
// clipboard's own functions), the caret while focused, and the notifications (EN_*) to the parent
// it was created with, in Windows' order: EN_MAXTEXT, EN_UPDATE, EN_CHANGE.
// The text and its editing are in user32/edit_text.cpp, the lines in edit_lines.cpp, input in
// edit_input.cpp, painting in edit_paint.cpp; here, creation and the messages.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/user32/edit_internal.h"

namespace polyrun::shims::user32::edit_control {

namespace {

// ---- creation ----
bool on_nc_create(WindowsProcess& p, uint64_t hwnd, uint64_t cs, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w || !cs) return false;
  EditState& s = control_state<EditState>(*w);
  s.made = true;
  s.unicode = unicode;
  s.style = w->style;
  s.enabled = !(s.style & WS_DISABLED);
  s.parent = p.get_ptr(cs + 3ull * p.isa->ptr);  // CREATESTRUCT's hwndParent
  if (s.style & ES_COMBO) s.list_box = child_with_id(p, s.parent, kComboListId);
  constexpr uint32_t WS_EX_RIGHT = 0x1000;
  if (w->ex_style & WS_EX_RIGHT) s.style |= ES_RIGHT;
  if (!(s.style & ES_NUMBER) && (s.style & ES_LOWERCASE)) s.style &= ~ES_UPPERCASE;
  s.limit = kInitialLimit;
  if (s.style & ES_MULTILINE) {
    if (s.style & WS_VSCROLL) s.style |= ES_AUTOVSCROLL;
    if (s.style & WS_HSCROLL) s.style |= ES_AUTOHSCROLL;
    s.style &= ~ES_PASSWORD;
    if (s.style & (ES_CENTER | ES_RIGHT)) {
      if (s.style & ES_RIGHT) s.style &= ~ES_CENTER;
      s.style &= ~(uint32_t{WS_HSCROLL} | ES_AUTOHSCROLL);
    }
  } else {
    if ((s.style & ES_RIGHT) && (s.style & ES_CENTER)) s.style &= ~ES_CENTER;
    s.style &= ~(WS_HSCROLL | WS_VSCROLL);
    if (s.style & ES_PASSWORD) s.password = u'*';
  }
  // A border without WS_EX_CLIENTEDGE is the control's own to draw, inside its client area.
  if (w->ex_style & WS_EX_CLIENTEDGE) s.style &= ~WS_BORDER;
  else if (s.style & WS_BORDER) w->style &= ~WS_BORDER;
  return true;
}

uint64_t on_create(WindowsProcess& p, uint64_t hwnd, EditState& s, uint64_t cs, bool unicode) {
  set_font(p, hwnd, s, 0, false);
  empty_undo(s);
  set_rect_np(p, hwnd, s, client_of(p, hwnd));
  const uint64_t name = cs ? p.get_ptr(cs + create_struct_layout(p).name) : 0;
  const std::u16string text = name >= 0x10000 ? message_text(name, unicode) : std::u16string();
  if (!text.empty()) {
    replace_sel(p, hwnd, s, false, text, false, false);
    if (!state_of(p, hwnd)) return 0;
    s.sel_start = s.sel_end = 0;
    scroll_caret(p, hwnd, s);
  }
  return 1;
}

void set_text(WindowsProcess& p, uint64_t hwnd, EditState& s, const std::u16string& text) {
  set_sel(p, hwnd, s, 0, 0xffffffffu, false);
  replace_sel(p, hwnd, s, false, text, false, false);
  if (!state_of(p, hwnd)) return;
  s.x_offset = 0;
  s.modified = false;
  set_sel(p, hwnd, s, 0, 0, false);
  if (!multiline(s) && !s.list_box) {
    notify(p, hwnd, s, EN_UPDATE);
    notify(p, hwnd, s, EN_CHANGE);
    if (!state_of(p, hwnd)) return;
  }
  scroll_caret(p, hwnd, s);
}

// EM_GETLINE: line `line` into the buffer whose first word is its size in characters; NUL-ended
// when there is room. The characters copied.
uint64_t get_line(WindowsProcess& p, EditState& s, int32_t line, uint64_t buf, bool unicode) {
  if (!buf) return 0;
  if (multiline(s)) {
    if (line >= line_count(s)) return 0;
  } else {
    line = 0;
  }
  const int32_t li = line_index(s, line);
  const int32_t len = line_length(s, li);
  const int32_t room = get<uint16_t>(buf);
  const std::u16string part = s.text.substr(static_cast<size_t>(std::max(0, li)), static_cast<size_t>(len));
  (void)p;
  if (unicode) {
    const int32_t n = std::min(room, len);
    std::memcpy(reinterpret_cast<void*>(buf), part.data(), 2 * static_cast<size_t>(n));
    if (n < room) put<uint16_t>(buf + 2ull * n, 0);
    return static_cast<uint64_t>(n);
  }
  const std::string narrow = utf16_to_ansi(part);
  const int32_t n = std::min<int32_t>(room, static_cast<int32_t>(narrow.size()));
  std::memcpy(reinterpret_cast<void*>(buf), narrow.data(), static_cast<size_t>(n));
  if (n < room) put<uint8_t>(buf + n, 0);
  return static_cast<uint64_t>(n);
}

// What the program wrote into the buffer it was handed becomes the text.
void adopt_buffer(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  if (!s.given || !s.buffer || !p.heap.owns(s.buffer)) return;
  std::u16string text = buffer_text(p, s, s.buffer);
  if (text == s.text) return;
  s.text = std::move(text);
  if (Window* w = find_window(p, hwnd)) w->text = s.text;
  s.sel_start = std::min(s.sel_start, length_of(s));
  s.sel_end = std::min(s.sel_end, length_of(s));
  build_lines(p, hwnd, s);
}

// EM_SETHANDLE: the program's block becomes the buffer and its text the control's.
void set_handle(WindowsProcess& p, uint64_t hwnd, EditState& s, uint64_t block) {
  if (!multiline(s) || !block || !p.heap.owns(block)) return;
  if (s.buffer && !s.given && s.buffer != block && p.heap.owns(s.buffer)) p.heap.free(s.buffer);
  s.buffer = block;
  s.given = true;  // (the program holds it too)
  s.text = buffer_text(p, s, block);
  if (Window* w = find_window(p, hwnd)) w->text = s.text;
  s.x_offset = s.y_offset = 0;
  s.sel_start = s.sel_end = 0;
  empty_undo(s);
  s.modified = false;
  s.update_due = false;
  build_lines(p, hwnd, s);
  update_text(p, hwnd, s);
  scroll_caret(p, hwnd, s);
}

// The text WM_GETTEXT gives: with EM_FMTLINES on, each wrapped line of a multiline edit ends in a
// soft break ("\r\r\n").
std::u16string text_out(const EditState& s) {
  if (!s.soft_breaks || !multiline(s)) return s.text;
  std::u16string out;
  out.reserve(s.text.size() + 16);
  for (const Line& l : s.lines) {
    out.append(s.text, static_cast<size_t>(l.index), static_cast<size_t>(l.length));
    if (l.wrapped) out += u"\r\r\n";
  }
  return out;
}

char16_t char_of(uint64_t wparam, bool unicode) {
  return static_cast<char16_t>(unicode ? wparam & 0xffff : char_message_wparam(wparam, false));
}

uint64_t edit_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  if (msg == WM_NCCREATE) return on_nc_create(p, hwnd, lparam, unicode) ? 1 : 0;
  EditState* sp = state_of(p, hwnd);
  if (!sp) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  // The state lives through the message even if the parent destroys the control meanwhile.
  const std::shared_ptr<ControlState> keep = find_window(p, hwnd)->control;
  EditState& s = *sp;
  if (msg != WM_NCDESTROY) adopt_buffer(p, hwnd, s);
  const auto u32 = [](uint64_t v) { return static_cast<uint32_t>(v); };
  const auto i32 = [](uint64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); };
  const auto lo16 = [](uint64_t v) { return static_cast<int32_t>(static_cast<int16_t>(v & 0xffff)); };
  const auto hi16 = [](uint64_t v) { return static_cast<int32_t>(static_cast<int16_t>((v >> 16) & 0xffff)); };
  const auto signed_result = [&](int64_t v) { return static_cast<uint64_t>(v); };
  switch (msg) {
    case EM_GETSEL: {
      const uint32_t a = static_cast<uint32_t>(std::min(s.sel_start, s.sel_end)), b = static_cast<uint32_t>(std::max(s.sel_start, s.sel_end));
      if (wparam) put<uint32_t>(wparam, a);
      if (lparam) put<uint32_t>(lparam, b);
      return pack_words(static_cast<int32_t>(a), static_cast<int32_t>(b));
    }
    case EM_SETSEL:
      set_sel(p, hwnd, s, u32(wparam), u32(lparam), false);
      scroll_caret(p, hwnd, s);
      return 1;
    case EM_GETRECT:
      if (lparam) put<Rect>(lparam, s.format);
      return 0;
    case EM_SETRECT:
    case EM_SETRECTNP:
      if (multiline(s) && lparam) {
        set_rect_np(p, hwnd, s, get<Rect>(lparam));
        if (msg == EM_SETRECT) update_text(p, hwnd, s);
      }
      return 0;
    case EM_SCROLL:
      return scroll(p, hwnd, s, u32(wparam));
    case EM_LINESCROLL:
      if (!multiline(s)) return 0;
      return line_scroll_pixels(p, hwnd, s, i32(wparam) * s.char_width, i32(lparam)) ? 1 : 0;
    case EM_SCROLLCARET:
      scroll_caret(p, hwnd, s);
      return 1;
    case EM_GETMODIFY:
      return s.modified ? 1 : 0;
    case EM_SETMODIFY:
      s.modified = wparam != 0;
      if (!wparam) s.update_due = false;
      return 0;
    case EM_GETLINECOUNT:
      return static_cast<uint64_t>(line_count(s));
    case EM_LINEINDEX:
      return signed_result(line_index(s, i32(wparam)));
    case EM_LINELENGTH:
      return static_cast<uint64_t>(line_length(s, i32(wparam)));
    case EM_REPLACESEL:
      replace_sel(p, hwnd, s, wparam != 0, message_text(lparam, unicode), true, true);
      return 1;
    case EM_GETLINE:
      return get_line(p, s, i32(wparam), lparam, unicode);
    case EM_SETLIMITTEXT: {
      uint32_t limit = u32(wparam);
      if (!limit) limit = ~0u;
      if (!multiline(s)) limit = std::min(limit, 0x7ffffffeu);
      s.limit = limit;
      return 0;
    }
    case EM_CANUNDO:
      return can_undo(s) ? 1 : 0;
    case EM_UNDO:
    case WM_UNDO:
      return undo(p, hwnd, s) ? 1 : 0;
    case EM_LINEFROMCHAR:
      return static_cast<uint64_t>(line_from_char(s, i32(wparam)));
    case EM_SETTABSTOPS: {
      if (!multiline(s)) return 0;
      const int32_t count = i32(wparam);
      s.tabs.clear();
      for (int32_t i = 0; i < std::min(count, 1024) && lparam; ++i) s.tabs.push_back(get<int32_t>(lparam + 4ull * i));
      build_lines(p, hwnd, s);
      return 1;
    }
    case EM_SETPASSWORDCHAR: {
      const char16_t c = char_of(wparam, unicode);
      if (multiline(s) || s.password == c) return 0;
      s.password = c;
      Window* w = find_window(p, hwnd);
      if (c) s.style |= ES_PASSWORD;
      else s.style &= ~ES_PASSWORD;
      if (w) w->style = c ? (w->style | ES_PASSWORD) : (w->style & ~ES_PASSWORD);
      build_lines(p, hwnd, s);
      update_text(p, hwnd, s);
      return 0;
    }
    case EM_EMPTYUNDOBUFFER:
      empty_undo(s);
      return 0;
    case EM_GETFIRSTVISIBLELINE:
      return static_cast<uint64_t>(multiline(s) ? s.y_offset : s.x_offset);
    case EM_SETREADONLY: {
      const uint32_t old = s.style;
      if (wparam) s.style |= ES_READONLY;
      else s.style &= ~ES_READONLY;
      if (Window* w = find_window(p, hwnd)) w->style = wparam ? (w->style | ES_READONLY) : (w->style & ~ES_READONLY);
      if (old != s.style) update_text(p, hwnd, s);
      return 1;
    }
    case EM_SETWORDBREAKPROC:
      if (s.word_break_proc != lparam) {
        s.word_break_proc = lparam;
        if (multiline(s) && !(s.style & ES_AUTOHSCROLL)) build_lines(p, hwnd, s), update_text(p, hwnd, s);
      }
      return 0;
    case EM_GETWORDBREAKPROC:
      return s.word_break_proc;
    case EM_GETPASSWORDCHAR:
      return unicode || s.password < 0x80 ? s.password : u'?';
    case EM_SETMARGINS:
      set_margins(p, hwnd, s, u32(wparam), lparam & 0xffff, (lparam >> 16) & 0xffff, true);
      return 0;
    case EM_GETMARGINS:
      return pack_words(s.left_margin, s.right_margin);
    case EM_GETLIMITTEXT:
      return s.limit;
    case EM_POSFROMCHAR: {
      if (i32(wparam) >= length_of(s)) return signed_result(-1);
      int32_t x = 0, y = 0;
      pos_from_char(p, hwnd, s, i32(wparam), false, x, y);
      return pack_words(x, y);
    }
    case EM_CHARFROMPOS: {
      const int32_t x = lo16(lparam), y = hi16(lparam);
      const Rect rc = client_of(p, hwnd);
      if (x < rc.left || x >= rc.right || y < rc.top || y >= rc.bottom) return signed_result(-1);
      const int32_t index = char_from_pos(p, hwnd, s, x, y, nullptr);
      return pack_words(index, line_from_char(s, index));
    }
    case WM_NCDESTROY: {
      if (s.buffer && !s.given && p.heap.owns(s.buffer)) p.heap.free(s.buffer);
      if (Window* w = find_window(p, hwnd)) w->control.reset();
      return 0;
    }
    case EM_GETHANDLE_:
      if (!multiline(s)) return 0;
      if (!s.buffer || !p.heap.owns(s.buffer)) {
        s.buffer = p.heap.alloc(32, true);
        if (!s.buffer) return 0;
      }
      sync_buffer(p, s);
      s.given = true;
      return s.buffer;
    case EM_SETHANDLE_:
      set_handle(p, hwnd, s, wparam);
      return 0;
    case WM_GETDLGCODE: {
      uint64_t code = DLGC_HASSETSEL | DLGC_WANTCHARS | DLGC_WANTARROWS;
      if (multiline(s)) code |= DLGC_WANTALLKEYS;
      if (lparam) {
        s.dialog_mode = true;
        // MSG: a combo box's edit wants Return and Escape while the list is down.
        const unsigned w = p.isa->ptr;
        const uint32_t m = get<uint32_t>(lparam + w);
        const uint64_t vk = p.get_ptr(lparam + 2ull * w);
        if (m == WM_KEYDOWN && s.list_box && (vk == VK_RETURN || vk == VK_ESCAPE)) {
          Window* self = find_window(p, hwnd);
          if (self && send_message(p, self->parent, CB_GETDROPPEDSTATE_, 0, 0)) code |= DLGC_WANTMESSAGE;
        }
      }
      return code;
    }
    case WM_CHAR: {
      const char16_t c = char_of(wparam, unicode);
      if (s.list_box && (c == VK_RETURN || c == VK_ESCAPE)) {
        // A combo box's edit: Return and Escape close its dropped list.
        Window* self = find_window(p, hwnd);
        const uint64_t combo = self ? self->parent : 0;
        if (send_message(p, combo, CB_GETDROPPEDSTATE_, 0, 0)) send_message(p, combo, WM_KEYDOWN, c, 0);
        return 0;
      }
      on_char(p, hwnd, s, c);
      return 1;
    }
    case WM_UNICHAR_:
      if (!unicode) break;
      if (wparam == 0xffff) return 1;  // UNICODE_NOCHAR: yes, it is taken
      if (wparam <= 0xfffff) {
        if (wparam > 0xffff) {
          const uint64_t v = wparam - 0x10000;
          on_char(p, hwnd, s, static_cast<char16_t>(0xd800 + (v >> 10)));
          if (EditState* now = state_of(p, hwnd)) on_char(p, hwnd, *now, static_cast<char16_t>(0xdc00 + (v & 0x3ff)));
        } else {
          on_char(p, hwnd, s, static_cast<char16_t>(wparam));
        }
      }
      return 0;
    case WM_CLEAR:
      clear(p, hwnd, s);
      return 0;
    case WM_COPY:
      copy(p, hwnd, s);
      return 0;
    case WM_CUT:
      copy(p, hwnd, s);
      if (EditState* now = state_of(p, hwnd)) clear(p, hwnd, *now);
      return 0;
    case WM_PASTE:
      paste(p, hwnd, s);
      return 0;
    case WM_CREATE:
      return on_create(p, hwnd, s, lparam, unicode);
    case WM_ENABLE:
      s.enabled = wparam != 0;
      update_text(p, hwnd, s);
      return 0;
    case WM_ERASEBKGND:
      return 1;  // (WM_PAINT erases)
    case WM_GETFONT:
      return s.font;
    case WM_GETTEXT:
      return static_cast<uint64_t>(copy_text_out(p, text_out(s), Ptr(lparam), i32(wparam), unicode));
    case WM_GETTEXTLENGTH:
      return unicode ? text_out(s).size() : utf16_to_ansi(text_out(s)).size();
    case EM_FMTLINES_:
      s.soft_breaks = wparam != 0;
      return wparam != 0 ? 1 : 0;
    case WM_HSCROLL:
      return on_hscroll(p, hwnd, s, wparam & 0xffff, hi16(wparam));
    case WM_VSCROLL:
      return on_vscroll(p, hwnd, s, wparam & 0xffff, hi16(wparam));
    case WM_KEYDOWN:
      return on_key_down(p, hwnd, s, u32(wparam));
    case WM_KILLFOCUS:
      s.focused = false;
      destroy_caret(p);
      if (!(s.style & ES_NOHIDESEL)) update_text(p, hwnd, s);
      notify(p, hwnd, s, EN_KILLFOCUS);
      if (EditState* now = state_of(p, hwnd)) now->wheel_rest = 0;
      return 0;
    case WM_SETFOCUS:
      s.focused = true;
      if (!(s.style & ES_NOHIDESEL)) update_text(p, hwnd, s);
      create_caret(p, hwnd, 0, 1, s.line_height);
      place_caret(p, hwnd, s);
      show_caret(p, hwnd);
      notify(p, hwnd, s, EN_SETFOCUS);
      return 0;
    case WM_LBUTTONDBLCLK:
      on_double_click(p, hwnd, s);
      return 0;
    case WM_LBUTTONDOWN:
      on_button_down(p, hwnd, s, wparam, lo16(lparam), hi16(lparam));
      return 0;
    case WM_LBUTTONUP:
      release_mouse(p, hwnd, s);
      return 0;
    case WM_TIMER:
      if (s.drag_side < 0) move_backward(p, hwnd, s, true);
      else if (s.drag_side > 0) move_forward(p, hwnd, s, true);
      return 0;
    case WM_MBUTTONDOWN_:
      send_message(p, hwnd, WM_PASTE, 0, 0);
      return 0;
    case WM_MOUSEMOVE:
      on_mouse_move(p, hwnd, s, lo16(lparam), hi16(lparam));
      return 0;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint(p, hwnd, s, msg == WM_PRINTCLIENT || wparam ? wparam : 0);
      return 0;
    case WM_SETFONT:
      set_font(p, hwnd, s, wparam & 0xffffffffu, (lparam & 0xffff) != 0);
      return 0;
    case WM_SETREDRAW:
      return 0;
    case WM_SETTEXT:
      set_text(p, hwnd, s, message_text(lparam, unicode));
      return 1;
    case WM_SIZE:
      if (wparam == SIZE_RESTORED || wparam == SIZE_MAXIMIZED) {
        set_rect_np(p, hwnd, s, client_of(p, hwnd));
        update_text(p, hwnd, s);
      }
      return 0;
    case WM_STYLECHANGED:
      if (static_cast<int32_t>(wparam) == -16 && lparam) {  // GWL_STYLE: STYLESTRUCT's styleNew
        uint32_t mask = ES_UPPERCASE | ES_LOWERCASE | ES_NUMBER;
        if (multiline(s)) mask |= ES_WANTRETURN;
        uint32_t now = get<uint32_t>(lparam + 4) & mask;
        if (!(now & ES_NUMBER) && (now & ES_LOWERCASE)) now &= ~ES_UPPERCASE;
        s.style = (s.style & ~mask) | now;
      }
      return 0;
    case WM_STYLECHANGING:
      return 0;
    case WM_SYSKEYDOWN:
      if (wparam == VK_BACK && (lparam & 0x20000000)) {  // Alt+Backspace: undo
        if (can_undo(s)) undo(p, hwnd, s);
        return 0;
      }
      if ((wparam == VK_UP || wparam == VK_DOWN) && combo_key(p, hwnd, s, WM_SYSKEYDOWN, u32(wparam))) return 0;
      break;
    case WM_MOUSEWHEEL: {
      if (wparam & (MK_SHIFT_ | 0x8)) break;  // (with Shift or Control: DefWindowProc's)
      const int32_t delta = hi16(wparam);
      if ((delta < 0 && s.wheel_rest < 0) || (delta > 0 && s.wheel_rest > 0)) s.wheel_rest += delta;
      else s.wheel_rest = delta;
      const int32_t per_notch = std::min(line_count(s), 3);
      if (s.wheel_rest && per_notch) {
        const int32_t lines = per_notch * s.wheel_rest / 120;
        s.wheel_rest -= 120 * lines / per_notch;
        return multiline(s) && line_scroll_pixels(p, hwnd, s, 0, -lines) ? 1 : 0;
      }
      return 0;
    }
    default:
      break;
  }
  return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
}

}  // namespace

}  // namespace polyrun::shims::user32::edit_control

namespace polyrun::shims::user32 {

void set_edit_notify_filter(WindowsProcess& p, uint64_t hwnd, EditNotifyFilter allow) {
  if (edit_control::EditState* s = edit_control::state_of(p, hwnd)) s->notify_filter = allow;
}

bool edit_char_position(WindowsProcess& p, uint64_t hwnd, int32_t index, int32_t& x, int32_t& y) {
  edit_control::EditState* s = edit_control::state_of(p, hwnd);
  if (!s) return false;
  edit_control::pos_from_char(p, hwnd, *s, std::max(index, 0), false, x, y);
  return true;
}

const ControlClass& edit_class() {
  static const Export entry = EXPORT("EditWndProcW", control_entry<edit_control::edit_proc>);
  // CS_DBLCLKS | CS_PARENTDC; the window's extra bytes are a pointer.
  static const ControlClass c{u"Edit", 0x0008 | 0x0080, 8, edit_control::edit_proc, &entry, 32513, 0};
  return c;
}

}  // namespace polyrun::shims::user32
