// USER32's EDIT control, the text and its editing: the control's state by window, notifications
// to the parent, the EM_GETHANDLE buffer kept in step with the text, the selection and the caret's
// place, scrolling the caret into view, replacing the selection (with undo, the limit and
// EN_MAXTEXT, EN_UPDATE and EN_CHANGE), the format rectangle, the margins and the font.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/user32/edit_internal.h"

namespace polyrun::shims::user32::edit_control {

EditState* state_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w) return nullptr;
  auto* s = dynamic_cast<EditState*>(w->control.get());
  return s && s->made ? s : nullptr;
}

// WM_COMMAND to the parent it was made with (from a control destroyed meanwhile, with id 0, as
// its id reads then).
void notify(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t code) {
  Window* w = find_window(p, hwnd);
  if (!s.parent || !find_window(p, s.parent)) return;
  if (s.notify_filter && !s.notify_filter(p, hwnd, code)) return;
  const int32_t id = w ? static_cast<int32_t>(w->id & 0xffff) : 0;
  send_message(p, s.parent, WM_COMMAND, pack_words(id, static_cast<int32_t>(code)), hwnd);
}

namespace {

// The text in the buffer's form: the creator's kind of characters, NUL-ended.
std::string buffer_bytes(const EditState& s) {
  if (!s.unicode) return utf16_to_ansi(s.text) + std::string(1, '\0');
  return std::string(reinterpret_cast<const char*>(s.text.c_str()), 2 * (s.text.size() + 1));
}

}  // namespace

// The text a buffer holds (up to its NUL, within the block).
std::u16string buffer_text(WindowsProcess& p, const EditState& s, uint64_t block) {
  if (!block || !p.heap.owns(block)) return {};
  const uint64_t size = p.heap.size(block);
  if (s.unicode) {
    const auto* c = reinterpret_cast<const char16_t*>(guest_pointer(block));
    size_t n = 0;
    while (2 * (n + 1) <= size && c[n]) ++n;
    return std::u16string(c, n);
  }
  const auto* c = reinterpret_cast<const char*>(guest_pointer(block));
  size_t n = 0;
  while (n < size && c[n]) ++n;
  return ansi_to_utf16(std::string(c, n));
}

// The buffer follows the text (grown in place when it can).
void sync_buffer(WindowsProcess& p, EditState& s) {
  if (!s.buffer || !p.heap.owns(s.buffer)) return;
  const std::string bytes = buffer_bytes(s);
  if (p.heap.size(s.buffer) < bytes.size()) {
    const uint64_t want = (bytes.size() + 31) & ~uint64_t{31};
    uint64_t grown = p.heap.realloc(s.buffer, want, true, true);
    if (!grown) grown = p.heap.realloc(s.buffer, want, false, true);
    if (!grown) return;
    s.buffer = grown;
  }
  std::memcpy(guest_pointer(s.buffer), bytes.data(), bytes.size());
}

namespace {

// The window's own text follows the control's (for what reads it without WM_GETTEXT), and the
// buffer.
void mirror_text(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  if (Window* w = find_window(p, hwnd)) w->text = s.text;
  sync_buffer(p, s);
}

}  // namespace

// The whole client area to be painted again (EN_UPDATE first when a change is waiting for it).
void update_text(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  if (s.update_due) {
    s.update_due = false;
    notify(p, hwnd, s, EN_UPDATE);
  }
  Window* w = find_window(p, hwnd);
  if (!w || !visible(p, hwnd)) return;
  const Rect all{0, 0, w->client.width(), w->client.height()};
  if (!all.empty()) w->update = w->update.empty() ? all : w->update.bounds(all), w->erase = true;
}
void place_caret(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  if (!s.focused) return;
  int32_t x = 0, y = 0;
  pos_from_char(p, hwnd, s, s.sel_end, s.after_wrap, x, y);
  set_caret_pos(p, x, y);
}

void set_sel(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t start, uint32_t end, bool after_wrap) {
  const uint32_t len = static_cast<uint32_t>(length_of(s));
  if (start == 0xffffffffu) {
    start = end = static_cast<uint32_t>(s.sel_end);
  } else {
    start = std::min(start, len);
    end = std::min(end, len);
  }
  const bool changed = static_cast<int32_t>(start) != s.sel_start || static_cast<int32_t>(end) != s.sel_end;
  s.sel_start = static_cast<int32_t>(start);
  s.sel_end = static_cast<int32_t>(end);
  s.after_wrap = after_wrap;
  if (changed) update_text(p, hwnd, s);
}

bool line_scroll_pixels(WindowsProcess& p, uint64_t hwnd, EditState& s, int32_t dx, int32_t dy) {
  const int32_t per_page = (s.format.bottom - s.format.top) / std::max(1, s.line_height);
  if (!multiline(s)) dy = 0;
  if (-dx > s.x_offset) dx = -s.x_offset;
  if (dx > s.text_width - s.x_offset) dx = s.text_width - s.x_offset;
  int32_t top = std::max(0, s.y_offset + dy);
  if (top >= line_count(s) - per_page) top = std::max(0, line_count(s) - per_page);
  const int32_t moved = s.y_offset - top;
  if (dx || moved) {
    s.y_offset = top;
    if (multiline(s)) s.x_offset += dx;
    else s.x_offset += dx / std::max(1, s.char_width);
    update_text(p, hwnd, s);
  }
  if (dx) notify(p, hwnd, s, EN_HSCROLL);
  if (moved) notify(p, hwnd, s, EN_VSCROLL);
  return true;
}

// Scrolls so that the caret's end of the selection is in view.
void scroll_caret(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  if (multiline(s)) {
    const int32_t l = line_from_char(s, s.sel_end);
    int32_t x = 0, y = 0;
    pos_from_char(p, hwnd, s, s.sel_end, s.after_wrap, x, y);
    const int32_t vlc = visible_lines(s);
    const int32_t cw = std::max(1, s.char_width);
    int32_t dy = 0, dx = 0;
    if (l >= s.y_offset + vlc) dy = l - vlc + 1 - s.y_offset;
    if (l < s.y_offset) dy = l - s.y_offset;
    const int32_t ww = s.format.right - s.format.left;
    if (x < s.format.left) dx = x - s.format.left - ww / kHScrollFraction / cw * cw;
    if (x > s.format.right) dx = x - s.format.left - (kHScrollFraction - 1) * ww / kHScrollFraction / cw * cw;
    const bool past_end = s.y_offset && line_count(s) - s.y_offset < vlc;
    if (dy || dx || past_end) {
      if (s.x_offset + dx + ww > s.text_width) dx = s.text_width - ww - s.x_offset;
      if (dx || dy || past_end) line_scroll_pixels(p, hwnd, s, dx, dy);
    }
  } else {
    // The first character shown moves a character at a time until the caret is a third of the
    // width inside (or the text's end is in view).
    const int32_t fw = s.format.right - s.format.left;
    const int32_t len = length_of(s);
    std::vector<int32_t> xs;
    {
      Measure m(p, hwnd, s);
      xs = boundaries(s, m, 0, len);
    }
    const auto x_of = [&](int32_t index) {
      const int32_t off = std::clamp(s.x_offset, 0, len);
      int32_t x = xs[static_cast<size_t>(std::min(index, len))] - xs[static_cast<size_t>(off)];
      if (!s.x_offset && (s.style & (ES_RIGHT | ES_CENTER)) && fw > s.text_width)
        x += (s.style & ES_RIGHT) ? fw - s.text_width : (fw - s.text_width) / 2;
      return x + s.format.left;
    };
    int32_t x = x_of(s.sel_end);
    if (x < s.format.left) {
      const int32_t goal = s.format.left + fw / kHScrollFraction;
      do {
        --s.x_offset;
        x = x_of(s.sel_end);
      } while (x < goal && s.x_offset > 0);
      s.x_offset = std::max(0, s.x_offset);
      update_text(p, hwnd, s);
    } else if (x > s.format.right) {
      const int32_t goal = s.format.right - fw / kHScrollFraction;
      int32_t last = 0;
      do {
        ++s.x_offset;
        x = x_of(s.sel_end);
        last = x_of(len);
      } while (x > goal && last > s.format.right && s.x_offset < len);
      update_text(p, hwnd, s);
    }
  }
  place_caret(p, hwnd, s);
}

void empty_undo(EditState& s) {
  s.undo_insert = 0;
  s.undo_text.clear();
}

// Replaces the selection with `insert`: what EM_REPLACESEL, typing, WM_SETTEXT and the clipboard
// do. `send_update`: EN_UPDATE and EN_CHANGE follow; `honor_limit`: the limit and the format
// rectangle's room cut what is inserted (EN_MAXTEXT).
void replace_sel(WindowsProcess& p, uint64_t hwnd, EditState& s, bool can_undo, std::u16string insert,
                 bool send_update, bool honor_limit) {
  int32_t a = s.sel_start, b = s.sel_end;
  if (a == b && insert.empty()) return;
  if (a > b) std::swap(a, b);
  const uint32_t rest = static_cast<uint32_t>(length_of(s) - (b - a));
  if (honor_limit && rest + insert.size() > s.limit) {
    const uint32_t limit = s.limit;
    insert.resize(limit < rest ? 0 : std::min<size_t>(insert.size(), limit - rest));
    notify(p, hwnd, s, EN_MAXTEXT);
    if (!state_of(p, hwnd)) return;
    // (the parent may have changed the text meanwhile: what is cut stays as it was reckoned)
    a = std::clamp(std::min(s.sel_start, s.sel_end), 0, length_of(s));
    b = std::clamp(std::max(s.sel_start, s.sel_end), a, length_of(s));
  }
  const std::u16string removed = s.text.substr(static_cast<size_t>(a), static_cast<size_t>(b - a));
  if (s.style & ES_UPPERCASE)
    for (char16_t& c : insert) c = (c >= u'a' && c <= u'z') ? static_cast<char16_t>(c - 32) : c;
  else if (s.style & ES_LOWERCASE)
    for (char16_t& c : insert) c = (c >= u'A' && c <= u'Z') ? static_cast<char16_t>(c + 32) : c;
  s.text.replace(static_cast<size_t>(a), static_cast<size_t>(b - a), insert);
  build_lines(p, hwnd, s);
  const int32_t fw = s.format.right - s.format.left;
  if (multiline(s)) {
    // Without ES_AUTOVSCROLL the text may not grow past the lines shown: all of it is taken back.
    if (honor_limit && !(s.style & ES_AUTOVSCROLL) && line_count(s) > visible_lines(s)) {
      s.text.replace(static_cast<size_t>(a), insert.size(), removed);
      build_lines(p, hwnd, s);
      insert.clear();
      b = a;
      notify(p, hwnd, s, EN_MAXTEXT);
      if (!state_of(p, hwnd)) return;
    }
  } else if (honor_limit && !(s.style & ES_AUTOHSCROLL) && s.text_width > fw) {
    // Without ES_AUTOHSCROLL a single line keeps to the width: what does not fit is dropped.
    while (s.text_width > fw && !insert.empty()) {
      s.text.erase(static_cast<size_t>(a) + insert.size() - 1, 1);
      insert.pop_back();
      build_lines(p, hwnd, s);
    }
    notify(p, hwnd, s, EN_MAXTEXT);
    if (!state_of(p, hwnd)) return;
  }
  const int32_t added = static_cast<int32_t>(insert.size());
  if (b != a) {
    if (can_undo) {
      if (!s.undo_insert && !s.undo_text.empty() && a == s.undo_position) {
        s.undo_text += removed;  // deleting onward from where the last deletion was
      } else if (!s.undo_insert && !s.undo_text.empty() && b == s.undo_position) {
        s.undo_text = removed + s.undo_text;  // deleting backward
        s.undo_position = a;
      } else {
        s.undo_text = removed;
        s.undo_position = a;
      }
      s.undo_insert = 0;
    } else {
      empty_undo(s);
    }
  }
  if (added) {
    if (can_undo) {
      if (a == s.undo_position || (s.undo_insert && a == s.undo_position + s.undo_insert)) {
        s.undo_insert += added;
      } else {
        s.undo_position = a;
        s.undo_insert = added;
        s.undo_text.clear();
      }
    } else {
      empty_undo(s);
    }
  }
  // A right or centre aligned text that lost characters moves back.
  if (s.style & (ES_RIGHT | ES_CENTER)) {
    const int32_t delta = added - (b - a);
    if (delta < 0 && s.x_offset) s.x_offset = -delta > s.x_offset ? 0 : s.x_offset + delta;
  }
  mirror_text(p, hwnd, s);
  a += added;
  set_sel(p, hwnd, s, static_cast<uint32_t>(a), static_cast<uint32_t>(a), false);
  s.modified = true;
  if (send_update) s.update_due = true;
  update_text(p, hwnd, s);
  scroll_caret(p, hwnd, s);
  if (send_update || s.update_due) {
    s.update_due = false;
    notify(p, hwnd, s, EN_CHANGE);
  }
}

namespace {

// The format rectangle from a rectangle of the client area: inside the border, the margins off.
void adjust_format(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  s.format.right = std::max(s.format.right, s.format.left + s.char_width);
  Window* w = find_window(p, hwnd);
  const int32_t client_bottom = w ? w->client.height() : 0;
  if (multiline(s)) {
    const int32_t vlc = visible_lines(s);
    s.format.bottom = s.format.top + vlc * s.line_height;
    const int32_t fw = s.format.right - s.format.left;
    s.x_offset = std::min(s.x_offset, std::max(0, s.text_width - fw));
    s.y_offset = std::min(s.y_offset, std::max(0, line_count(s) - vlc));
  } else {
    s.format.bottom = s.format.top + s.line_height;
  }
  s.format.bottom = std::min(s.format.bottom, client_bottom);
  if (multiline(s) && !(s.style & ES_AUTOHSCROLL)) build_lines(p, hwnd, s);
  place_caret(p, hwnd, s);
}

}  // namespace

void set_rect_np(WindowsProcess& p, uint64_t hwnd, EditState& s, const Rect& r) {
  Window* w = find_window(p, hwnd);
  s.format = r;
  if (w && (w->ex_style & WS_EX_CLIENTEDGE)) {
    ++s.format.left, --s.format.right;
    if (s.format.bottom - s.format.top >= s.line_height + 2) ++s.format.top, --s.format.bottom;
  } else if (s.style & WS_BORDER) {
    const int32_t bw = system_metric(p, 5) + 1, bh = system_metric(p, 6) + 1;  // SM_CXBORDER, SM_CYBORDER
    s.format.left += bw, s.format.right -= bw;
    if (s.format.bottom - s.format.top >= s.line_height + 2 * bh) s.format.top += bh, s.format.bottom -= bh;
  }
  s.format.left += s.left_margin;
  s.format.right -= s.right_margin;
  adjust_format(p, hwnd, s);
}

Rect client_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? Rect{0, 0, w->client.width(), w->client.height()} : Rect{};
}

void set_margins(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t action, uint32_t left, uint32_t right,
                 bool repaint) {
  int32_t default_left = 0, default_right = 0;
  if (s.font && (left == EC_USEFONTINFO || right == EC_USEFONTINFO)) {
    // A TrueType or vector font's margins are half its average character width, unless the
    // control is too narrow for them.
    Measure m(p, hwnd, s);
    gdi32::TextMetrics tm;
    if (m.dc() && gdi32::logical_text_metrics(p, *m.dc(), tm) && (tm.pitch_and_family & (0x2 | 0x4))) {
      const int32_t width = tm.ave_char_width;
      default_left = default_right = width / 2;
      const Rect rc = client_of(p, hwnd);
      const bool cjk = tm.char_set == 128 || tm.char_set == 129 || tm.char_set == 134 || tm.char_set == 136;
      if (!cjk && rc.width() < (width / 2 + width) * 2 && (width >= 28 || !rc.empty()))
        default_left = s.left_margin, default_right = s.right_margin;
    }
  }
  if (action & EC_LEFTMARGIN) {
    s.format.left -= s.left_margin;
    s.left_margin = left != EC_USEFONTINFO ? static_cast<int32_t>(left) : default_left;
    s.format.left += s.left_margin;
  }
  if (action & EC_RIGHTMARGIN) {
    s.format.right += s.right_margin;
    s.right_margin = right != EC_USEFONTINFO ? static_cast<int32_t>(right) : default_right;
    s.format.right -= s.right_margin;
  }
  if (action & (EC_LEFTMARGIN | EC_RIGHTMARGIN)) {
    adjust_format(p, hwnd, s);
    if (repaint) update_text(p, hwnd, s);
  }
}

void set_font(WindowsProcess& p, uint64_t hwnd, EditState& s, uint64_t font, bool redraw) {
  s.font = font;
  {
    Measure m(p, hwnd, s);
    gdi32::TextMetrics tm;
    if (m.dc() && gdi32::logical_text_metrics(p, *m.dc(), tm)) {
      s.line_height = std::max(1, tm.height);
      s.char_width = std::max(1, tm.ave_char_width);
    }
  }
  set_rect_np(p, hwnd, s, client_of(p, hwnd));
  set_margins(p, hwnd, s, EC_LEFTMARGIN | EC_RIGHTMARGIN, EC_USEFONTINFO, EC_USEFONTINFO, false);
  build_lines(p, hwnd, s);
  if (redraw) update_text(p, hwnd, s);
  if (s.focused) {
    destroy_caret(p);
    create_caret(p, hwnd, 0, 1, s.line_height);
    place_caret(p, hwnd, s);
    show_caret(p, hwnd);
  }
}

}  // namespace polyrun::shims::user32::edit_control
