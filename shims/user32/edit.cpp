// USER32's EDIT control: single-line and multiline text editing. The text, the selection (its
// anchor and the caret's end, in that order), one level of undo (the characters typed in a row
// and the ones deleted beside them), the limit (EN_MAXTEXT), the lines of a multiline edit (hard
// breaks "\r\n", soft ones "\r\r\n", lone "\n"; wrapped at word starts to the format rectangle's
// width without ES_AUTOHSCROLL), scrolling by lines (multiline) or characters (single-line), the
// styles' rules (ES_UPPERCASE/LOWERCASE, ES_NUMBER for typing, ES_PASSWORD, ES_READONLY), the
// editing keys and characters, the mouse, the clipboard (WM_CUT/COPY/PASTE/CLEAR through the
// clipboard's own functions), the caret while focused, and the notifications (EN_*) to the parent
// it was created with, in Windows' order: EN_MAXTEXT, EN_UPDATE, EN_CHANGE.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/caret.h"
#include "shims/user32/controls.h"

namespace polyrun::shims {
const std::vector<Export>& user32_clipboard_exports();  // user32/clipboard.cpp
}

namespace polyrun::shims::user32 {

namespace {
namespace edit_control {

enum : uint32_t {
  ES_CENTER = 0x1, ES_RIGHT = 0x2, ES_MULTILINE = 0x4, ES_UPPERCASE = 0x8, ES_LOWERCASE = 0x10, ES_PASSWORD = 0x20,
  ES_AUTOVSCROLL = 0x40, ES_AUTOHSCROLL = 0x80, ES_NOHIDESEL = 0x100, ES_READONLY = 0x800, ES_WANTRETURN = 0x1000,
  ES_NUMBER = 0x2000,
};
enum : uint32_t {
  EM_GETSEL = 0xb0, EM_SETSEL = 0xb1, EM_GETRECT = 0xb2, EM_SETRECT = 0xb3, EM_SETRECTNP = 0xb4, EM_SCROLL = 0xb5,
  EM_LINESCROLL = 0xb6, EM_SCROLLCARET = 0xb7, EM_GETMODIFY = 0xb8, EM_SETMODIFY = 0xb9, EM_GETLINECOUNT = 0xba,
  EM_LINEINDEX = 0xbb, EM_LINELENGTH = 0xc1, EM_REPLACESEL = 0xc2, EM_GETLINE = 0xc4, EM_SETLIMITTEXT = 0xc5,
  EM_CANUNDO = 0xc6, EM_UNDO = 0xc7, EM_LINEFROMCHAR = 0xc9, EM_SETTABSTOPS = 0xcb, EM_SETPASSWORDCHAR = 0xcc,
  EM_EMPTYUNDOBUFFER = 0xcd, EM_GETFIRSTVISIBLELINE = 0xce, EM_SETREADONLY = 0xcf, EM_SETWORDBREAKPROC = 0xd0,
  EM_GETWORDBREAKPROC = 0xd1, EM_GETPASSWORDCHAR = 0xd2, EM_SETMARGINS = 0xd3, EM_GETMARGINS = 0xd4,
  EM_FMTLINES_ = 0xc8, EM_GETLIMITTEXT = 0xd5, EM_POSFROMCHAR = 0xd6, EM_CHARFROMPOS = 0xd7, EM_SETHANDLE_ = 0xbc, EM_GETHANDLE_ = 0xbd,
};
enum : uint32_t {
  EN_SETFOCUS = 0x100, EN_KILLFOCUS = 0x200, EN_CHANGE = 0x300, EN_UPDATE = 0x400, EN_MAXTEXT = 0x501,
  EN_HSCROLL = 0x601, EN_VSCROLL = 0x602,
};
enum : uint32_t { EC_LEFTMARGIN = 1, EC_RIGHTMARGIN = 2, EC_USEFONTINFO = 0xffff };
enum : int32_t { WB_LEFT = 0, WB_RIGHT = 1 };
enum : uint32_t {
  SB_LINEUP = 0, SB_LINEDOWN = 1, SB_PAGEUP = 2, SB_PAGEDOWN = 3, SB_THUMBPOSITION = 4, SB_THUMBTRACK = 5,
  SB_TOP = 6, SB_BOTTOM = 7,
};
enum : uint32_t {
  ES_COMBO = 0x200, CB_SHOWDROPDOWN_ = 0x014f, CB_SETEXTENDEDUI_ = 0x0155, CB_GETEXTENDEDUI_ = 0x0156,
  CB_GETDROPPEDSTATE_ = 0x0157, VK_F4_ = 0x73, kComboListId = 1000,
};
enum : uint32_t {
  WM_RBUTTONDOWN_ = 0x0204, WM_MBUTTONDOWN_ = 0x0207, WM_UNICHAR_ = 0x0109, DM_GETDEFID_ = 0x0400,
  DC_HASDEFID_ = 0x534b, MK_SHIFT_ = 0x4,
};
enum : int32_t {
  COLOR_WINDOWFRAME_ = 6, COLOR_HIGHLIGHT_ = 13, COLOR_HIGHLIGHTTEXT_ = 14, COLOR_GRAYTEXT_ = 17,
};
constexpr uint32_t kInitialLimit = 30000;
constexpr int32_t kHScrollFraction = 3;

// A line of a multiline edit: where it starts, its visible characters, with its break.
struct Line {
  int32_t index = 0, net = 0, length = 0;
  int32_t width = 0;
  bool wrapped = false;  // ends where the text was wrapped (no break characters)
};

struct EditState : ControlState {
  bool made = false;  // WM_NCCREATE has been
  bool unicode = true;  // made by a Unicode caller (the word-break procedure's strings)
  std::u16string text;
  uint32_t style = 0;  // the control's own idea of its style
  uint64_t parent = 0;  // the window notified (the one it was created with)
  int32_t sel_start = 0, sel_end = 0;  // sel_end is the caret's end
  uint32_t limit = kInitialLimit;
  bool modified = false, update_due = false, focused = false, enabled = true, after_wrap = false;
  bool tracking = false, dialog_mode = false;
  int32_t drag_side = 0;
  bool soft_breaks = false;  // EM_FMTLINES: WM_GETTEXT shows wrapped lines' ends as "\r\r\n"  // dragging: the pointer left (-1) or right (1) of the text, for WM_TIMER
  uint64_t list_box = 0;  // ES_COMBO: the combo box's list (its child 1000)
  // EM_GETHANDLE's and EM_SETHANDLE's block of the process heap (LocalAlloc's): the text in the
  // creator's kind of characters, NUL-ended, kept as the text changes and read back when the
  // program changed it; `given`: EM_GETHANDLE handed it out (the program's to free).
  uint64_t buffer = 0;
  bool given = false;
  int32_t undo_insert = 0, undo_position = 0;
  std::u16string undo_text;
  char16_t password = 0;
  int32_t left_margin = 0, right_margin = 0;
  Rect format;
  int32_t line_height = 16, char_width = 8;
  int32_t x_offset = 0;  // multiline: pixels; single-line: characters
  int32_t y_offset = 0;  // the first line shown
  int32_t text_width = 0;
  std::vector<Line> lines{Line{}};
  std::vector<int32_t> tabs;  // EM_SETTABSTOPS', in dialog units
  uint64_t word_break_proc = 0;
  int32_t wheel_rest = 0;
  EditNotifyFilter notify_filter = nullptr;  // set_edit_notify_filter's
};

bool multiline(const EditState& s) { return (s.style & ES_MULTILINE) != 0; }
int32_t length_of(const EditState& s) { return static_cast<int32_t>(s.text.size()); }

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

// The text in the buffer's form: the creator's kind of characters, NUL-ended.
std::string buffer_bytes(const EditState& s) {
  if (!s.unicode) return utf16_to_utf8(s.text) + std::string(1, '\0');
  return std::string(reinterpret_cast<const char*>(s.text.c_str()), 2 * (s.text.size() + 1));
}

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
  return utf8_to_utf16(std::string(c, n));
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

// The window's own text follows the control's (for what reads it without WM_GETTEXT), and the
// buffer.
void mirror_text(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  if (Window* w = find_window(p, hwnd)) w->text = s.text;
  sync_buffer(p, s);
}

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

// A DC of the window with the control's font, for measuring.
class Measure {
 public:
  Measure(WindowsProcess& p, uint64_t hwnd, const EditState& s) : p_(p), hwnd_(hwnd) {
    hdc_ = window_dc(p, hwnd, false);
    dc_ = gdi32::find_dc(p, hdc_);
    if (dc_) {
      saved_font_ = dc_->s.font;
      gdi32::select_object(p, *dc_, static_cast<uint32_t>(s.font ? s.font : gdi32::gdi_table(p).stock(gdi32::SYSTEM_FONT)));
    }
  }
  ~Measure() {
    if ((dc_ = gdi32::find_dc(p_, hdc_))) gdi32::select_object(p_, *dc_, saved_font_);
    if (hdc_) release_window_dc(p_, hwnd_, hdc_);
  }
  Measure(const Measure&) = delete;
  Measure& operator=(const Measure&) = delete;
  gdi32::DeviceContext* dc() const { return dc_; }
  int32_t width(const std::u16string& str) const { return dc_ && !str.empty() ? text_width(p_, *dc_, str) : 0; }
  int32_t width(char16_t c) const {
    if (c < 128 && ascii_[c] >= 0) return ascii_[c];
    const int32_t w = width(std::u16string(1, c));
    if (c < 128) ascii_[c] = w;
    return w;
  }

 private:
  WindowsProcess& p_;
  uint64_t hwnd_, hdc_ = 0;
  gdi32::DeviceContext* dc_ = nullptr;
  uint32_t saved_font_ = 0;
  mutable int32_t ascii_[128] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                 -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};
};

// The next tab stop after `x` (pixels from the line's start): EM_SETTABSTOPS' stops (dialog
// units, a quarter of the average character width), the last one's interval repeated; every
// eight average characters without any.
int32_t next_tab(const EditState& s, int32_t x) {
  const int32_t unit = std::max(1, s.char_width);
  if (s.tabs.empty()) {
    const int32_t step = 8 * unit;
    return (x / step + 1) * step;
  }
  int32_t last = 0;
  for (int32_t t : s.tabs) {
    const int32_t px = t * unit / 4;
    if (px > x) return px;
    last = px;
  }
  const int32_t step = std::max(1, s.tabs.size() == 1 ? last : last - s.tabs[s.tabs.size() - 2] * unit / 4);
  return x + step - (x - last) % step;
}

// The text as shown (ES_PASSWORD's characters for a single-line one).
std::u16string shown(const EditState& s, int32_t index, int32_t count) {
  if (!multiline(s) && (s.style & ES_PASSWORD) && s.password) return std::u16string(static_cast<size_t>(count), s.password);
  return s.text.substr(static_cast<size_t>(index), static_cast<size_t>(count));
}

// The x of each character boundary of `count` characters from `index` (count + 1 values, from 0).
std::vector<int32_t> boundaries(const EditState& s, const Measure& m, int32_t index, int32_t count) {
  std::vector<int32_t> xs(static_cast<size_t>(count) + 1, 0);
  const std::u16string str = shown(s, index, count);
  int32_t x = 0;
  for (int32_t i = 0; i < count; ++i) {
    const char16_t c = str[static_cast<size_t>(i)];
    x = (c == u'\t' && multiline(s)) ? next_tab(s, x) : x + m.width(c);
    xs[static_cast<size_t>(i) + 1] = x;
  }
  return xs;
}

bool is_space(char16_t c) { return c == u' ' || c == u'\t' || c == u'\r' || c == u'\n' || c == 0x3000; }

// Whether a line may be broken before `text[i]` (a word's start after white space).
bool word_start(const std::u16string& t, int32_t i) {
  return i > 0 && i < static_cast<int32_t>(t.size()) && is_space(t[static_cast<size_t>(i) - 1]) &&
         !is_space(t[static_cast<size_t>(i)]);
}

// The word-break procedure's answer for `count` characters from `start`, `index` among them: the
// program's (EM_SETWORDBREAKPROC), called with a copy of the characters, or the default one.
int32_t word_break(WindowsProcess& p, EditState& s, int32_t start, int32_t index, int32_t count, int32_t action) {
  if (s.word_break_proc) {
    const std::u16string part = s.text.substr(static_cast<size_t>(start), static_cast<size_t>(count));
    const std::string narrow = s.unicode ? std::string() : utf16_to_utf8(part);
    const size_t bytes = s.unicode ? 2 * (part.size() + 1) : narrow.size() + 1;
    const uint64_t buf = p.heap.alloc(bytes, true);
    if (!buf) return index;
    if (s.unicode) std::memcpy(guest_pointer(buf), part.data(), 2 * part.size());
    else std::memcpy(guest_pointer(buf), narrow.data(), narrow.size());
    const int32_t n = s.unicode ? count : static_cast<int32_t>(narrow.size());
    const int32_t r = static_cast<int32_t>(p.call_guest(s.word_break_proc, {buf, static_cast<uint64_t>(index), static_cast<uint64_t>(n), static_cast<uint64_t>(action)}));
    p.heap.free(buf);
    return r;
  }
  const std::u16string& t = s.text;
  int32_t i = start + index;
  const int32_t end = start + count;
  if (action == WB_LEFT) {
    if (i > start) --i;
    while (i > start && !word_start(t, i)) --i;
  } else if (action == WB_RIGHT) {
    if (!count) return 0;
    while (i < end && !word_start(t, i)) ++i;
  } else {
    return i < end && is_space(t[static_cast<size_t>(i)]) ? 1 : 0;
  }
  return i - start;
}

int32_t visible_lines(const EditState& s) {
  return std::max(1, (s.format.bottom - s.format.top) / std::max(1, s.line_height));
}

// Splits a multiline edit's text into its lines (and the widest one's width).
void build_lines(WindowsProcess& p, uint64_t hwnd, EditState& s) {
  s.lines.clear();
  s.text_width = 0;
  if (!multiline(s)) {
    Measure m(p, hwnd, s);
    s.lines.push_back(Line{0, length_of(s), length_of(s), 0, false});
    s.text_width = m.width(shown(s, 0, length_of(s)));
    s.lines[0].width = s.text_width;
    return;
  }
  Measure m(p, hwnd, s);
  const std::u16string& t = s.text;
  const int32_t n = length_of(s);
  const int32_t fw = s.format.right - s.format.left;
  const bool wrap = !(s.style & ES_AUTOHSCROLL);
  int32_t at = 0;
  while (true) {
    Line l;
    l.index = at;
    int32_t e = at;
    while (e < n && t[static_cast<size_t>(e)] != u'\n' && !(t[static_cast<size_t>(e)] == u'\r' && e + 1 < n && t[static_cast<size_t>(e) + 1] == u'\n')) ++e;
    int32_t brk = 0;  // the break's characters
    bool last = e >= n;
    if (last) {
      l.net = e - at;
    } else if (e > at && t[static_cast<size_t>(e) - 1] == u'\r') {  // "\r\r\n"
      l.net = e - at - 1, brk = 3;
    } else if (t[static_cast<size_t>(e)] == u'\n') {
      l.net = e - at, brk = 1;
    } else {
      l.net = e - at, brk = 2;
    }
    std::vector<int32_t> xs = boundaries(s, m, at, l.net);
    l.width = xs.back();
    if (wrap && l.width > fw && fw > s.char_width && l.net > 1) {
      // The longest start of the line that fits, ending before a word's start; or as many
      // characters as fit (at least one).
      int32_t fit = 0;
      while (fit < l.net && xs[static_cast<size_t>(fit) + 1] <= fw) ++fit;
      int32_t cut = fit;
      while (cut > 0 && !word_start(t, at + cut)) --cut;
      if (cut == 0) cut = std::max(1, fit);
      l.net = cut, l.width = xs[static_cast<size_t>(cut)], l.wrapped = true, brk = 0, last = false;
    }
    l.length = l.net + brk;
    s.text_width = std::max(s.text_width, l.width);
    s.lines.push_back(l);
    if (last) break;
    at += l.length;
  }
}

int32_t line_count(const EditState& s) { return multiline(s) ? static_cast<int32_t>(s.lines.size()) : 1; }

int32_t line_from_char(const EditState& s, int32_t index) {
  if (!multiline(s)) return 0;
  if (index > length_of(s)) return line_count(s) - 1;
  if (index == -1) index = std::min(s.sel_start, s.sel_end);
  int32_t line = 0;
  index -= s.lines[0].length;
  while (index >= 0 && line + 1 < line_count(s)) {
    ++line;
    index -= s.lines[static_cast<size_t>(line)].length;
  }
  return line;
}

int32_t line_index(const EditState& s, int32_t line) {
  if (!multiline(s)) return 0;
  if (line >= line_count(s)) return -1;
  if (line == -1) return s.lines[static_cast<size_t>(line_from_char(s, s.sel_end))].index;
  return line < 0 ? 0 : s.lines[static_cast<size_t>(line)].index;
}

const Line& line_at(const EditState& s, int32_t index) {
  return s.lines[static_cast<size_t>(std::max(0, line_from_char(s, std::max(0, index))))];
}

int32_t line_length(const EditState& s, int32_t index) {
  if (!multiline(s)) return length_of(s);
  if (index == -1) {
    // What of the selection's lines is not selected.
    int32_t count = s.sel_start - line_index(s, line_from_char(s, s.sel_start));
    const int32_t li = line_index(s, line_from_char(s, s.sel_end));
    count += li + line_length(s, li) - s.sel_end;
    return count;
  }
  return line_at(s, index).net;
}

// A character's position in the client area (MAKELONG(x, y) of EM_POSFROMCHAR).
void pos_from_char(WindowsProcess& p, uint64_t hwnd, const EditState& s, int32_t index, bool after_wrap, int32_t& x,
                   int32_t& y) {
  Measure m(p, hwnd, s);
  index = std::min(index, length_of(s));
  const int32_t fw = s.format.right - s.format.left;
  if (multiline(s)) {
    int32_t l = line_from_char(s, index);
    if (after_wrap && l > 0 && s.lines[static_cast<size_t>(l)].index == index && s.lines[static_cast<size_t>(l) - 1].wrapped) --l;
    const Line& line = s.lines[static_cast<size_t>(l)];
    y = (l - s.y_offset) * s.line_height;
    const int32_t col = std::clamp(index - line.index, 0, line.net);
    x = boundaries(s, m, line.index, col).back() - s.x_offset;
    if (s.style & ES_RIGHT) x = fw - (line.width - x);
    else if (s.style & ES_CENTER) x += (fw - line.width) / 2;
  } else {
    const std::vector<int32_t> xs = boundaries(s, m, 0, length_of(s));
    const int32_t off = std::min(s.x_offset, length_of(s));
    x = xs[static_cast<size_t>(index)] - xs[static_cast<size_t>(off)];
    y = 0;
    if (!s.x_offset && (s.style & (ES_RIGHT | ES_CENTER)) && fw > s.text_width)
      x += (s.style & ES_RIGHT) ? fw - s.text_width : (fw - s.text_width) / 2;
  }
  x += s.format.left;
  y += s.format.top;
}

// The character boundary nearest `x` among boundaries `xs` (the one after a character whose
// right half it falls in).
int32_t nearest(const std::vector<int32_t>& xs, int32_t x) {
  const int32_t n = static_cast<int32_t>(xs.size()) - 1;
  for (int32_t i = 0; i < n; ++i)
    if (x < xs[static_cast<size_t>(i) + 1]) return 2 * x >= xs[static_cast<size_t>(i)] + xs[static_cast<size_t>(i) + 1] ? i + 1 : i;
  return n;
}

// The character at a point of the client area (may be outside the format rectangle).
int32_t char_from_pos(WindowsProcess& p, uint64_t hwnd, EditState& s, int32_t x, int32_t y, bool* after_wrap) {
  Measure m(p, hwnd, s);
  if (after_wrap) *after_wrap = false;
  const int32_t fw = s.format.right - s.format.left;
  if (multiline(s)) {
    const int32_t l = std::clamp((y - s.format.top) / std::max(1, s.line_height) + s.y_offset, 0, line_count(s) - 1);
    const Line& line = s.lines[static_cast<size_t>(l)];
    x += s.x_offset - s.format.left;
    if (s.style & ES_RIGHT) x -= fw - line.width;
    else if (s.style & ES_CENTER) x -= (fw - line.width) / 2;
    if (x >= line.width) {
      if (after_wrap) *after_wrap = line.wrapped;
      return line.index + line.net;
    }
    if (x <= 0) return line.index;
    const int32_t i = line.index + nearest(boundaries(s, m, line.index, line.net), x);
    if (after_wrap) *after_wrap = i == line.index + line.net && line.wrapped;
    return i;
  }
  x -= s.format.left;
  if (!x) return s.x_offset;
  if (!s.x_offset && fw > s.text_width) {
    const int32_t indent = fw - s.text_width;
    if (s.style & ES_RIGHT) x -= indent;
    else if (s.style & ES_CENTER) x -= indent / 2;
  }
  const std::vector<int32_t> xs = boundaries(s, m, 0, length_of(s));
  const int32_t xoff = xs[static_cast<size_t>(std::min(s.x_offset, length_of(s)))];
  if (x + xoff <= 0) return 0;
  if (x + xoff >= xs.back()) return length_of(s);
  return nearest(xs, x + xoff);
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

// Keeps a point inside the format rectangle.
void confine(const EditState& s, int32_t& x, int32_t& y) {
  x = std::min(std::max(x, s.format.left), s.format.right - 1);
  y = std::min(std::max(y, s.format.top), s.format.bottom - 1);
}

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

uint64_t on_vscroll(WindowsProcess& p, uint64_t hwnd, EditState& s, uint32_t action, int32_t pos);

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

// ---- painting ----
void paint(WindowsProcess& p, uint64_t hwnd, EditState& s, uint64_t given_dc) {
  const bool caret_out = s.focused && hide_caret(p, hwnd);
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    gdi32::DeviceContext* dc = cp.dc;
    const bool ro = s.style & ES_READONLY;
    const uint64_t brush = control_brush(p, hwnd, cp.hdc, (!s.enabled || ro) ? uint32_t{WM_CTLCOLORSTATIC} : uint32_t{WM_CTLCOLOREDIT});
    if (!(dc = gdi32::find_dc(p, cp.hdc))) return;
    Rect inside = cp.client;
    if (s.style & WS_BORDER) {
      const Rect& r = cp.client;
      fill_sys_color(p, *dc, {r.left, r.top, r.right, r.top + 1}, COLOR_WINDOWFRAME_);
      fill_sys_color(p, *dc, {r.left, r.bottom - 1, r.right, r.bottom}, COLOR_WINDOWFRAME_);
      fill_sys_color(p, *dc, {r.left, r.top, r.left + 1, r.bottom}, COLOR_WINDOWFRAME_);
      fill_sys_color(p, *dc, {r.right - 1, r.top, r.right, r.bottom}, COLOR_WINDOWFRAME_);
      inside = {r.left + 1, r.top + 1, std::max(r.left + 1, r.right - 1), std::max(r.top + 1, r.bottom - 1)};
    }
    fill_with_brush(p, *dc, inside, brush);
    if (!s.enabled) dc->s.text_color = sys_color(COLOR_GRAYTEXT_);
    dc->s.bk_mode = 2;  // OPAQUE
    gdi32::dc_changed(*dc);
    const gdi32::ColorRef text_color = dc->s.text_color, bk_color = dc->s.bk_color;
    Rect clip = s.format;
    if (multiline(s)) clip = {std::max(clip.left, inside.left), std::max(clip.top, inside.top), std::min(clip.right, inside.right), std::min(clip.bottom, inside.bottom)};
    const bool show_sel = s.enabled && (s.focused || (s.style & ES_NOHIDESEL));
    const int32_t sa = std::min(s.sel_start, s.sel_end), sb = std::max(s.sel_start, s.sel_end);
    constexpr uint32_t kClipped = 0x4;  // ETO_CLIPPED
    const int32_t first = multiline(s) ? s.y_offset : 0;
    const int32_t last = multiline(s) ? std::min(s.y_offset + visible_lines(s), line_count(s) - 1) : 0;
    for (int32_t l = first; l <= last; ++l) {
      const Line& line = s.lines[static_cast<size_t>(l)];
      int32_t x = 0, y = 0;
      pos_from_char(p, hwnd, s, line.index, false, x, y);
      if (!(dc = gdi32::find_dc(p, cp.hdc))) return;
      // Runs of the line: before, in and after the selection; tabs step to their stops.
      const int32_t cuts[4] = {line.index, std::clamp(sa, line.index, line.index + line.net),
                               std::clamp(sb, line.index, line.index + line.net), line.index + line.net};
      Measure m(p, hwnd, s);
      const std::vector<int32_t> xs = boundaries(s, m, line.index, line.net);
      for (int run = 0; run < 3; ++run) {
        const bool selected = run == 1 && show_sel;
        if (cuts[run] >= cuts[run + 1]) continue;
        dc->s.text_color = selected ? sys_color(COLOR_HIGHLIGHTTEXT_) : text_color;
        dc->s.bk_color = selected ? sys_color(COLOR_HIGHLIGHT_) : bk_color;
        gdi32::dc_changed(*dc);
        int32_t i = cuts[run];
        while (i < cuts[run + 1]) {
          int32_t j = i;
          while (j < cuts[run + 1] && !(multiline(s) && s.text[static_cast<size_t>(j)] == u'\t')) ++j;
          const int32_t at = x + xs[static_cast<size_t>(i - line.index)];
          if (j > i) gdi32::ext_text_out(p, *dc, at, y, kClipped, &clip, shown(s, i, j - i), nullptr, true);
          if (j < cuts[run + 1]) {  // a tab: its room in the background colour
            const Rect gap{x + xs[static_cast<size_t>(j - line.index)], y, x + xs[static_cast<size_t>(j - line.index) + 1], y + s.line_height};
            const Rect cut{std::max(gap.left, clip.left), std::max(gap.top, clip.top), std::min(gap.right, clip.right), std::min(gap.bottom, clip.bottom)};
            if (!cut.empty()) gdi32::ext_text_out(p, *dc, cut.left, cut.top, 0x2 /* ETO_OPAQUE */, &cut, u"", nullptr, true);
            ++j;
          }
          i = j;
        }
      }
      dc->s.text_color = text_color, dc->s.bk_color = bk_color;
      gdi32::dc_changed(*dc);
    }
  });
  if (caret_out && state_of(p, hwnd)) show_caret(p, hwnd);
}

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
  const std::string narrow = utf16_to_utf8(part);
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
  return unicode ? static_cast<char16_t>(wparam & 0xffff) : static_cast<char16_t>(wparam & 0xff);
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
      return unicode ? text_out(s).size() : utf16_to_utf8(text_out(s)).size();
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

}  // namespace edit_control
}  // namespace

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
