// USER32's EDIT control, its lines: tab stops, the characters' boundaries, word breaks (the
// program's EM_SETWORDBREAKPROC or the default), a multiline edit's lines (hard and soft breaks,
// wrapping), and the mapping between characters, lines and points of the client area.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/user32/edit_internal.h"

namespace polyrun::shims::user32::edit_control {

namespace {

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

}  // namespace

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

namespace {

bool is_space(char16_t c) { return c == u' ' || c == u'\t' || c == u'\r' || c == u'\n' || c == 0x3000; }

// Whether a line may be broken before `text[i]` (a word's start after white space).
bool word_start(const std::u16string& t, int32_t i) {
  return i > 0 && i < static_cast<int32_t>(t.size()) && is_space(t[static_cast<size_t>(i) - 1]) &&
         !is_space(t[static_cast<size_t>(i)]);
}

}  // namespace

// The word-break procedure's answer for `count` characters from `start`, `index` among them: the
// program's (EM_SETWORDBREAKPROC), called with a copy of the characters, or the default one.
int32_t word_break(WindowsProcess& p, EditState& s, int32_t start, int32_t index, int32_t count, int32_t action) {
  if (s.word_break_proc) {
    const std::u16string part = s.text.substr(static_cast<size_t>(start), static_cast<size_t>(count));
    const std::string narrow = s.unicode ? std::string() : utf16_to_ansi(part);
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

namespace {

const Line& line_at(const EditState& s, int32_t index) {
  return s.lines[static_cast<size_t>(std::max(0, line_from_char(s, std::max(0, index))))];
}

}  // namespace

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

namespace {

// The character boundary nearest `x` among boundaries `xs` (the one after a character whose
// right half it falls in).
int32_t nearest(const std::vector<int32_t>& xs, int32_t x) {
  const int32_t n = static_cast<int32_t>(xs.size()) - 1;
  for (int32_t i = 0; i < n; ++i)
    if (x < xs[static_cast<size_t>(i) + 1]) return 2 * x >= xs[static_cast<size_t>(i)] + xs[static_cast<size_t>(i) + 1] ? i + 1 : i;
  return n;
}

}  // namespace

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

}  // namespace polyrun::shims::user32::edit_control
