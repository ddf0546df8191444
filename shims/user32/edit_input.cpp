// USER32's EDIT control, input: moving the caret (by characters, lines, words, to the ends), the
// clipboard (cut, copy, paste, clear through the clipboard's own functions) and undo, typed
// characters, the editing keys (a combo box's edit passes the list's on), the mouse (selecting,
// dragging beyond the ends, double clicks), and scrolling (EM_SCROLL, WM_VSCROLL, WM_HSCROLL).
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/user32/edit_internal.h"

namespace polyrun::shims {
const std::vector<Export>& user32_clipboard_exports();  // user32/clipboard.cpp
}

namespace polyrun::shims::user32::edit_control {

// ---- moving the caret ----
void move_backward(WindowsProcess& p, uint64_t hwnd, EditState& s, bool extend) {
  int32_t e = s.sel_end;
  const std::u16string& t = s.text;
  if (e) {
    --e;
    if (multiline(s) && e && t[static_cast<size_t>(e) - 1] == u'\r' && t[static_cast<size_t>(e)] == u'\n') {
      --e;
      if (e && t[static_cast<size_t>(e) - 1] == u'\r') --e;
    }
  }
  set_sel(p, hwnd, s, static_cast<uint32_t>(extend ? s.sel_start : e), static_cast<uint32_t>(e), false);
  scroll_caret(p, hwnd, s);
}

void move_forward(WindowsProcess& p, uint64_t hwnd, EditState& s, bool extend) {
  int32_t e = s.sel_end;
  const std::u16string& t = s.text;
  const int32_t n = length_of(s);
  if (e < n) {
    ++e;
    if (multiline(s) && t[static_cast<size_t>(e) - 1] == u'\r') {
      if (e < n && t[static_cast<size_t>(e)] == u'\n') ++e;
      else if (e + 1 < n && t[static_cast<size_t>(e)] == u'\r' && t[static_cast<size_t>(e) + 1] == u'\n') e += 2;
    }
  }
  set_sel(p, hwnd, s, static_cast<uint32_t>(extend ? s.sel_start : e), static_cast<uint32_t>(e), false);
  scroll_caret(p, hwnd, s);
}

namespace {

void move_vertically(WindowsProcess& p, uint64_t hwnd, EditState& s, bool extend, int32_t dy) {
  int32_t x = 0, y = 0;
  pos_from_char(p, hwnd, s, s.sel_end, s.after_wrap, x, y);
  bool after_wrap = false;
  const int32_t e = char_from_pos(p, hwnd, s, x, y + dy, &after_wrap);
  set_sel(p, hwnd, s, static_cast<uint32_t>(extend ? s.sel_start : e), static_cast<uint32_t>(e), after_wrap);
  scroll_caret(p, hwnd, s);
}

void move_home(WindowsProcess& p, uint64_t hwnd, EditState& s, bool extend, bool ctrl) {
  int32_t e = 0;
  if (!ctrl && multiline(s)) {
    int32_t x = 0, y = 0;
    pos_from_char(p, hwnd, s, s.sel_end, s.after_wrap, x, y);
    e = char_from_pos(p, hwnd, s, -s.x_offset, y, nullptr);
  }
  set_sel(p, hwnd, s, static_cast<uint32_t>(extend ? s.sel_start : e), static_cast<uint32_t>(e), false);
  scroll_caret(p, hwnd, s);
}

void move_end(WindowsProcess& p, uint64_t hwnd, EditState& s, bool extend, bool ctrl) {
  bool after_wrap = false;
  int32_t e = length_of(s);
  if (!ctrl && multiline(s)) {
    int32_t x = 0, y = 0;
    pos_from_char(p, hwnd, s, s.sel_end, s.after_wrap, x, y);
    e = char_from_pos(p, hwnd, s, 0x3fffffff, y, &after_wrap);
  }
  set_sel(p, hwnd, s, static_cast<uint32_t>(extend ? s.sel_start : e), static_cast<uint32_t>(e), after_wrap);
  scroll_caret(p, hwnd, s);
}

void move_word(WindowsProcess& p, uint64_t hwnd, EditState& s, bool extend, bool forward) {
  int32_t e = s.sel_end;
  const int32_t l = line_from_char(s, e);
  const int32_t ll = line_length(s, e);
  int32_t li = line_index(s, l);
  if (forward) {
    if (e - li == ll) {
      if (multiline(s) && l != line_count(s) - 1) e = line_index(s, l + 1);
    } else {
      e = li + word_break(p, s, li, e - li + 1, ll, WB_RIGHT);
    }
  } else if (e - li == 0) {
    if (l) {
      li = line_index(s, l - 1);
      e = li + line_length(s, li);
    }
  } else {
    e = li + word_break(p, s, li, e - li, ll, WB_LEFT);
  }
  set_sel(p, hwnd, s, static_cast<uint32_t>(extend ? s.sel_start : e), static_cast<uint32_t>(e), false);
  scroll_caret(p, hwnd, s);
}

// ---- USER32's own functions the program could call (the clipboard's, timers) ----
uint64_t call_user32(WindowsProcess& p, const std::vector<Export>& list, const char* name,
                     const std::vector<uint64_t>& args) {
  for (const Export& e : list)
    if (std::strcmp(e.name, name) == 0) return p.call_guest(p.export_thunk(nullptr, "USER32.dll", e.name, &e), args);
  return 0;
}
uint64_t call_clipboard(WindowsProcess& p, const char* name, const std::vector<uint64_t>& args) {
  return call_user32(p, user32_clipboard_exports(), name, args);
}

}  // namespace

constexpr uint64_t kUnicodeText = 13;  // CF_UNICODETEXT

void copy(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  const int32_t a = std::min(s.sel_start, s.sel_end), b = std::max(s.sel_start, s.sel_end);
  if (a == b) return;
  const std::u16string part = s.text.substr(static_cast<size_t>(a), static_cast<size_t>(b - a));
  const uint64_t block = p.heap.alloc(2 * (part.size() + 1), true);
  if (!block) return;
  std::memcpy(guest_pointer(block), part.data(), 2 * part.size());
  call_clipboard(p, "OpenClipboard", {hwnd});
  call_clipboard(p, "EmptyClipboard", {});
  if (!call_clipboard(p, "SetClipboardData", {kUnicodeText, block})) p.heap.free(block);
  call_clipboard(p, "CloseClipboard", {});
}

void clear(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  if (s.style & ES_READONLY) return;
  replace_sel(p, hwnd, s, true, {}, true, true);
}

void paste(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  if (s.style & ES_READONLY) return;
  call_clipboard(p, "OpenClipboard", {hwnd});
  const uint64_t data = call_clipboard(p, "GetClipboardData", {kUnicodeText}) & (p.isa->ptr == 4 ? 0xffffffffull : ~0ull);
  EditState* now = state_of(p, hwnd);
  if (now && data) {
    std::u16string text(reinterpret_cast<const char16_t*>(guest_pointer(data)));
    if (!multiline(s)) {  // a single line takes the first line only
      const size_t nl = text.find(u'\n');
      if (nl != std::u16string::npos) text.resize(nl > 0 && text[nl - 1] == u'\r' ? nl - 1 : nl);
    }
    replace_sel(p, hwnd, s, true, text, true, true);
  } else if (now && (s.style & ES_PASSWORD)) {
    replace_sel(p, hwnd, s, true, {}, true, true);
  }
  call_clipboard(p, "CloseClipboard", {});
}

bool undo(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  if (s.style & ES_READONLY) return !multiline(s);
  const std::u16string text = s.undo_text;
  set_sel(p, hwnd, s, static_cast<uint32_t>(s.undo_position), static_cast<uint32_t>(s.undo_position + s.undo_insert), false);
  empty_undo(s);
  replace_sel(p, hwnd, s, true, text, true, true);
  if (!state_of(p, hwnd)) return true;
  set_sel(p, hwnd, s, static_cast<uint32_t>(s.undo_position), static_cast<uint32_t>(s.undo_position + s.undo_insert), false);
  notify(p, hwnd, s, EN_CHANGE);
  if (state_of(p, hwnd)) scroll_caret(p, hwnd, s);
  return true;
}

bool can_undo(const EditState& s) { return s.undo_insert || !s.undo_text.empty(); }

// ---- input ----
void on_char(WindowsProcess& p, uint64_t hwnd, EditState& s, char16_t c) {
  const bool ro = s.style & ES_READONLY;
  switch (c) {
    case u'\r':
      if (multiline(s) && !(s.style & ES_WANTRETURN) && s.dialog_mode) break;
      [[fallthrough]];
    case u'\n':
      if (!multiline(s)) break;
      if (ro) {
        move_home(p, hwnd, s, false, false);
        move_vertically(p, hwnd, s, false, s.line_height);
      } else {
        replace_sel(p, hwnd, s, true, u"\r\n", true, true);
      }
      break;
    case u'\t':
      if (multiline(s) && !ro && !s.dialog_mode) replace_sel(p, hwnd, s, true, u"\t", true, true);
      break;
    case 0x08:  // backspace
      if (ro || key_down(p, VK_CONTROL)) break;
      if (s.sel_start != s.sel_end) {
        clear(p, hwnd, s);
      } else {
        set_sel(p, hwnd, s, 0xffffffffu, 0, false);
        move_backward(p, hwnd, s, true);
        clear(p, hwnd, s);
      }
      break;
    case 0x03:  // ^C
      if (!(s.style & ES_PASSWORD)) send_message(p, hwnd, WM_COPY, 0, 0);
      break;
    case 0x16:  // ^V
      if (!ro) send_message(p, hwnd, WM_PASTE, 0, 0);
      break;
    case 0x18:  // ^X
      if (!ro && !(s.style & ES_PASSWORD)) send_message(p, hwnd, WM_CUT, 0, 0);
      break;
    case 0x1a:  // ^Z
      if (!ro) send_message(p, hwnd, WM_UNDO, 0, 0);
      break;
    default:
      if ((s.style & ES_NUMBER) && !(c >= u'0' && c <= u'9')) break;
      if (!ro && c >= u' ' && c != 0x7f) replace_sel(p, hwnd, s, true, std::u16string(1, c), true, true);
      break;
  }
}

// The child of `parent` with an id (GetDlgItem's).
uint64_t child_with_id(WindowsProcess& p, uint64_t parent, uint64_t id) {
  Window* w = find_window(p, parent);
  if (!w) return 0;
  for (uint64_t h : w->children)
    if (Window* c = find_window(p, h); c && (c->id & 0xffff) == (id & 0xffff)) return h;
  return 0;
}

// The edit of a combo box passes the list's keys on (F4, Up and Down, Page Up and Down; Alt+Up
// and Down drop the list or close it); false when it is not a combo box's.
bool combo_key(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t msg, uint32_t key) {
  if (!s.list_box || !find_window(p, s.list_box)) return false;
  Window* w = find_window(p, hwnd);
  const uint64_t combo = w ? w->parent : 0;
  bool dropped = true;
  int extended = 0;
  if (key == VK_UP || key == VK_DOWN) {
    if (send_message(p, combo, CB_GETEXTENDEDUI_, 0, 0)) extended = 1;
    if (msg == WM_KEYDOWN || extended) dropped = send_message(p, combo, CB_GETDROPPEDSTATE_, 0, 0) != 0;
  }
  if (msg == WM_KEYDOWN) {
    if (!dropped && extended && (key == VK_UP || key == VK_DOWN)) {
      send_message(p, combo, CB_SETEXTENDEDUI_, 0, 0);  // (so that F4 drops the list)
      key = VK_F4_;
      extended = 2;
    }
    send_message(p, s.list_box, WM_KEYDOWN, key, 0);
  } else if (msg == WM_SYSKEYDOWN) {
    if (extended) send_message(p, combo, CB_SHOWDROPDOWN_, dropped ? 0 : 1, 0);
    else send_message(p, s.list_box, WM_KEYDOWN, VK_F4_, 0);
  }
  if (extended == 2) send_message(p, combo, CB_SETEXTENDEDUI_, 1, 0);
  return true;
}

uint64_t on_key_down(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t key) {
  if (key_down(p, VK_MENU)) return 0;
  const bool shift = key_down(p, VK_SHIFT), control = key_down(p, VK_CONTROL);
  const bool ro = s.style & ES_READONLY;
  switch (key) {
    case VK_F4_:
      combo_key(p, hwnd, s, WM_KEYDOWN, key);
      break;
    case VK_UP:
      if (combo_key(p, hwnd, s, WM_KEYDOWN, key)) break;
      [[fallthrough]];
    case VK_LEFT:
      if (multiline(s) && key == VK_UP) move_vertically(p, hwnd, s, shift, -s.line_height);
      else if (control) move_word(p, hwnd, s, shift, false);
      else move_backward(p, hwnd, s, shift);
      break;
    case VK_DOWN:
      if (combo_key(p, hwnd, s, WM_KEYDOWN, key)) break;
      [[fallthrough]];
    case VK_RIGHT:
      if (multiline(s) && key == VK_DOWN) move_vertically(p, hwnd, s, shift, s.line_height);
      else if (control) move_word(p, hwnd, s, shift, true);
      else move_forward(p, hwnd, s, shift);
      break;
    case VK_HOME:
      move_home(p, hwnd, s, shift, control);
      break;
    case VK_END:
      move_end(p, hwnd, s, shift, control);
      break;
    case VK_PRIOR:
      if (multiline(s)) move_vertically(p, hwnd, s, shift, -(s.format.bottom - s.format.top));
      else combo_key(p, hwnd, s, WM_KEYDOWN, key);
      break;
    case VK_NEXT:
      if (multiline(s)) move_vertically(p, hwnd, s, shift, s.format.bottom - s.format.top);
      else combo_key(p, hwnd, s, WM_KEYDOWN, key);
      break;
    case VK_DELETE:
      if (ro || (shift && control)) break;
      if (s.sel_start != s.sel_end) {
        if (shift) send_message(p, hwnd, WM_CUT, 0, 0);
        else clear(p, hwnd, s);
      } else {
        set_sel(p, hwnd, s, 0xffffffffu, 0, false);
        if (shift) move_backward(p, hwnd, s, true);  // the character before the caret
        else if (control) move_end(p, hwnd, s, true, false);  // to the line's end
        else move_forward(p, hwnd, s, true);
        if (EditState* now = state_of(p, hwnd)) clear(p, hwnd, *now);
      }
      break;
    case VK_INSERT:
      if (shift) {
        if (!ro) paste(p, hwnd, s);
      } else if (control) {
        copy(p, hwnd, s);
      }
      break;
    case VK_RETURN:
      // In a dialog, a control that does not take Return gives it to the default button.
      if ((!multiline(s) || !(s.style & ES_WANTRETURN)) && s.dialog_mode && !control) {
        const uint64_t def = send_message(p, s.parent, DM_GETDEFID_, 0, 0);
        if (((def >> 16) & 0xffff) == DC_HASDEFID_) {
          if (const uint64_t button = child_with_id(p, s.parent, def & 0xffff)) {
            send_message(p, s.parent, WM_NEXTDLGCTL, button, 1);
            post_message(p, button, WM_KEYDOWN, VK_RETURN, 0);
          }
        }
      }
      break;
    case VK_ESCAPE:
      if (multiline(s) && s.dialog_mode) post_message(p, s.parent, WM_CLOSE, 0, 0);
      break;
    case VK_TAB:
      if (multiline(s) && s.dialog_mode) send_message(p, s.parent, WM_NEXTDLGCTL, shift ? 1 : 0, 0);
      break;
    default:
      break;
  }
  return 1;
}

namespace {

// Keeps a point inside the format rectangle.
void confine(const EditState& s, int32_t& x, int32_t& y) {
  x = std::min(std::max(x, s.format.left), s.format.right - 1);
  y = std::min(std::max(y, s.format.top), s.format.bottom - 1);
}

}  // namespace

void release_mouse(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  if (!s.tracking) return;
  s.tracking = false;
  call_user32(p, message_exports(), "KillTimer", {hwnd, 0});
  ThreadQueue& q = own_queue(p);
  if (q.input->capture == hwnd) {
    q.input->capture = 0;
    send_message(p, hwnd, WM_CAPTURECHANGED, 0, 0);
  }
}

namespace {

// The mouse is the control's while a button is down; a timer moves the selection on while the
// pointer is beyond the text's ends.
void take_mouse(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  s.tracking = true;
  s.drag_side = 0;
  call_user32(p, message_exports(), "SetTimer", {hwnd, 0, 100, 0});
  ThreadQueue& q = own_queue(p);
  const uint64_t previous = q.input->capture;
  q.input->capture = hwnd;
  if (previous && previous != hwnd) send_message(p, previous, WM_CAPTURECHANGED, 0, hwnd);
}

}  // namespace

void on_button_down(WindowsProcess& p, uint64_t hwnd, EditState& s, uint64_t keys, int32_t x, int32_t y) {
  take_mouse(p, hwnd, s);
  confine(s, x, y);
  bool after_wrap = false;
  const int32_t e = char_from_pos(p, hwnd, s, x, y, &after_wrap);
  set_sel(p, hwnd, s, static_cast<uint32_t>((keys & MK_SHIFT_) ? s.sel_start : e), static_cast<uint32_t>(e), after_wrap);
  scroll_caret(p, hwnd, s);
  if (!s.focused) set_focus(p, hwnd);
}

void on_double_click(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  take_mouse(p, hwnd, s);
  int32_t e = s.sel_end;
  const int32_t li = line_index(s, line_from_char(s, e));
  const int32_t ll = line_length(s, e);
  const int32_t start = li + word_break(p, s, li, e - li, ll, WB_LEFT);
  e = li + word_break(p, s, li, e - li, ll, WB_RIGHT);
  set_sel(p, hwnd, s, static_cast<uint32_t>(start), static_cast<uint32_t>(e), false);
  scroll_caret(p, hwnd, s);
}

void on_mouse_move(WindowsProcess& p, uint64_t hwnd, EditState& s, int32_t x, int32_t y) {
  if (!s.tracking || own_queue(p).input->capture != hwnd) return;
  const int32_t before = x;
  confine(s, x, y);
  s.drag_side = before < x ? -1 : before > x ? 1 : 0;
  bool after_wrap = false;
  const int32_t e = char_from_pos(p, hwnd, s, x, y, &after_wrap);
  set_sel(p, hwnd, s, static_cast<uint32_t>(s.sel_start), static_cast<uint32_t>(e), after_wrap);
  place_caret(p, hwnd, s);
}

// EM_SCROLL: a line or a page up or down; MAKELONG(lines, TRUE), or FALSE.
uint64_t scroll(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t action) {
  if (!multiline(s)) return 0;
  int32_t dy = 0;
  const int32_t page = (s.format.bottom - s.format.top) / std::max(1, s.line_height);
  switch (action) {
    case SB_LINEUP: if (s.y_offset) dy = -1; break;
    case SB_LINEDOWN: if (s.y_offset < line_count(s) - 1) dy = 1; break;
    case SB_PAGEUP: if (s.y_offset) dy = -page; break;
    case SB_PAGEDOWN: if (s.y_offset < line_count(s) - 1) dy = page; break;
    default: return 0;
  }
  if (!dy) return 0;
  const int32_t vlc = visible_lines(s);
  if (s.y_offset + dy > line_count(s) - vlc) dy = std::max(line_count(s) - vlc, 0) - s.y_offset;
  if (!dy) return 0;
  line_scroll_pixels(p, hwnd, s, 0, dy);
  return pack_words(dy, 1);
}

uint64_t on_vscroll(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t action, int32_t pos) {
  if (!multiline(s) || !(s.style & ES_AUTOVSCROLL)) return 0;
  int32_t dy = 0;
  const int32_t vlc = visible_lines(s);
  switch (action) {
    case SB_LINEUP: case SB_LINEDOWN: case SB_PAGEUP: case SB_PAGEDOWN:
      scroll(p, hwnd, s, action);
      return 0;
    case SB_TOP: dy = -s.y_offset; break;
    case SB_BOTTOM: dy = line_count(s) - 1 - s.y_offset; break;
    case SB_THUMBTRACK:
    case SB_THUMBPOSITION:
      // (no scroll bar of its own: the range is 0 to 100)
      if (pos < 0 || pos > 100) return 0;
      dy = pos * (line_count(s) - vlc) / 100 - s.y_offset;
      if (!dy && action == SB_THUMBPOSITION) notify(p, hwnd, s, EN_VSCROLL);
      break;
    default:
      return 0;
  }
  if (dy) line_scroll_pixels(p, hwnd, s, 0, dy);
  return 0;
}

uint64_t on_hscroll(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t action, int32_t pos) {
  if (!multiline(s) || !(s.style & ES_AUTOHSCROLL)) return 0;
  const int32_t fw = s.format.right - s.format.left;
  const int32_t cw = std::max(1, s.char_width);
  int32_t dx = 0;
  switch (action) {
    case SB_LINEUP: if (s.x_offset) dx = -cw; break;
    case SB_LINEDOWN: if (s.x_offset < s.text_width) dx = cw; break;
    case SB_PAGEUP: if (s.x_offset) dx = -fw / kHScrollFraction / cw * cw; break;
    case SB_PAGEDOWN: if (s.x_offset < s.text_width) dx = fw / kHScrollFraction / cw * cw; break;
    case SB_TOP: dx = -s.x_offset; break;
    case SB_BOTTOM: if (s.x_offset < s.text_width) dx = s.text_width - s.x_offset; break;
    case SB_THUMBTRACK:
    case SB_THUMBPOSITION:
      if (pos < 0 || pos > 100) return 0;
      dx = s.text_width ? pos * (s.text_width - fw) / 100 - s.x_offset : 0;
      if (!dx && action == SB_THUMBPOSITION) notify(p, hwnd, s, EN_HSCROLL);
      break;
    default:
      return 0;
  }
  if (dx && s.x_offset + dx + fw > s.text_width) dx = s.text_width - fw - s.x_offset;
  if (dx) line_scroll_pixels(p, hwnd, s, dx, 0);
  return 0;
}

}  // namespace polyrun::shims::user32::edit_control
