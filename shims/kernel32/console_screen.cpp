// The console's screen buffers and their drawing on the terminal (kernel32/console_screen.h).
#include "shims/kernel32/console_screen.h"
#include "shims/core/text.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace polyrun::shims {

void ConsoleRect::add(int x0, int y0, int x1, int y1) {
  if (empty()) {
    *this = ConsoleRect{x0, y0, x1, y1};
    return;
  }
  left = std::min(left, x0);
  top = std::min(top, y0);
  right = std::max(right, x1);
  bottom = std::max(bottom, y1);
}

// Windows 10's console colours (COLORREF 0x00BBGGRR), in attribute order: black, blue, green,
// cyan, red, magenta, yellow, white, then the bright ones.
std::array<uint32_t, 16> default_console_colors() {
  return {0x0c0c0c, 0xda3700, 0x0ea113, 0xdd963a, 0x1f0fc5, 0x981788, 0x009cc1, 0xcccccc,
          0x767676, 0xff783b, 0x0cc616, 0xd6d661, 0x5648e7, 0x9e00b4, 0xa5f1f9, 0xf2f2f2};
}

ScreenBuffer::ScreenBuffer(int w, int h, int window_width, int window_height, uint16_t a)
    : width(w), height(h), cells(static_cast<size_t>(w) * h, ConsoleCell{u' ', 7}), attr(a),
      colors(default_console_colors()) {
  window = ConsoleRect{0, 0, std::min(window_width, w) - 1, std::min(window_height, h) - 1};
}

void ScreenBuffer::resize(int nw, int nh) {
  std::vector<ConsoleCell> next(static_cast<size_t>(nw) * nh, ConsoleCell{u' ', 7});
  for (int y = 0; y < std::min(height, nh); ++y)
    std::copy_n(&cells[static_cast<size_t>(y) * width], std::min(width, nw), &next[static_cast<size_t>(y) * nw]);
  cells.swap(next);
  width = nw;
  height = nh;
  // The window moves back inside the buffer, keeping its size where the buffer has room for it.
  if (window.right >= nw) {
    window.right = std::min(window.right - window.left, nw - 1);
    window.left = 0;
  }
  if (window.bottom >= nh) {
    window.bottom = std::min(window.bottom - window.top, nh - 1);
    window.top = 0;
  }
  cursor_x = std::min(cursor_x, nw - 1);
  cursor_y = std::min(cursor_y, nh - 1);
  if (margin_bottom >= nh) margin_top = margin_bottom = -1;
  dirty.clear();
  repaint = true;
}

void ScreenBuffer::scroll_rows(int top, int bottom, int n, ConsoleCell fill) {
  if (top > bottom || n == 0) return;
  const int rows = bottom - top + 1;
  auto row = [&](int y) { return cells.begin() + static_cast<ptrdiff_t>(y) * width; };
  if (std::abs(n) >= rows) {
    std::fill(row(top), row(bottom + 1), fill);
  } else if (n > 0) {
    std::copy(row(top + n), row(bottom + 1), row(top));
    std::fill(row(bottom + 1 - n), row(bottom + 1), fill);
  } else {
    std::copy_backward(row(top), row(bottom + 1 + n), row(bottom + 1));
    std::fill(row(top), row(top - n), fill);
  }
  mark(0, top, width - 1, bottom);
}

void ScreenBuffer::window_to_cursor() {
  const int w = window.width(), h = window.height(), x = shown_cursor_x();
  if (x < window.left) window.left = std::min(x, width - w);
  else if (x > window.right) window.left = std::max(x, w) - w + 1;
  window.right = window.left + w - 1;
  if (cursor_y < window.top) window.top = std::min(cursor_y, height - h);
  else if (cursor_y > window.bottom) window.top = std::max(cursor_y, h) - h + 1;
  window.bottom = window.top + h - 1;
}

// ---- the terminal's state to give back at the end ----
// Kept where a signal handler can reach it: the terminal, whether the alternate screen is shown,
// whether the cursor was hidden and whether colours were changed.

namespace {

volatile sig_atomic_t g_restore_tty = -1;
volatile sig_atomic_t g_on_alternate = 0, g_cursor_hidden = 0, g_colored = 0;

}  // namespace

void ConsoleScreen::restore_terminal() {
  const int fd = g_restore_tty;
  if (fd < 0) return;
  char seq[32];
  size_t n = 0;
  auto add = [&](const char* s) {
    while (*s) seq[n++] = *s++;
  };
  if (g_on_alternate) add("\x1b[?1049l");
  if (g_colored) add("\x1b[0m");
  if (g_cursor_hidden) add("\x1b[?25h");
  for (size_t done = 0; done < n;) {
    ssize_t w = ::write(fd, seq + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    done += static_cast<size_t>(w);
  }
  g_on_alternate = 0;
  g_cursor_hidden = 0;
  g_colored = 0;
}

void ConsoleScreen::terminal_size(int& columns, int& rows) const {
  struct winsize ws {};
  if (::ioctl(tty_, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
    columns = ws.ws_col;
    rows = ws.ws_row;
  } else {
    columns = 80;
    rows = 25;
  }
}

void ConsoleScreen::start(std::shared_ptr<ScreenBuffer> first) {
  first_ = first;
  active_ = std::move(first);
  drawn_ = active_;
  drawn_window_ = active_->window;
  terminal_size(columns_, rows_);
  g_restore_tty = tty_;
}

std::shared_ptr<ScreenBuffer> ConsoleScreen::shown() const {
  std::shared_ptr<ScreenBuffer> b = active_;
  while (b && b->alternate) b = b->alternate;
  return b;
}

bool ConsoleScreen::take_title(std::u16string& title) {
  if (!title_set_) return false;
  title = std::move(title_);
  title_set_ = false;
  return true;
}

void ConsoleScreen::activate(const std::shared_ptr<ScreenBuffer>& b) {
  if (b == active_) return;
  render();  // what the buffer shown so far still has to show
  active_ = b;
  render();
}

// ---- writing text (WriteConsole, WriteFile) ----

namespace {

constexpr char16_t kEsc = 0x1b;

ScreenBuffer& target(ScreenBuffer& b) {
  ScreenBuffer* t = &b;
  while (t->alternate) t = t->alternate.get();
  return *t;
}

}  // namespace

void ConsoleScreen::write(ScreenBuffer& buffer, std::u16string_view text, std::u16string* replies) {
  write_text(buffer, text, replies);
  if (shows(target(buffer)) || &buffer == active_.get()) render();
}

void ConsoleScreen::write_text(ScreenBuffer& top, std::u16string_view text, std::u16string* replies) {
  for (size_t i = 0; i < text.size(); ++i) {
    ScreenBuffer& b = target(top);
    const char16_t c = text[i];
    if (b.mode & kVirtualTerminalProcessing) {
      // An escape sequence, collected whole (it may span writes), then applied.
      if (!b.vt.empty() || c == kEsc) {
        // An ESC interrupts a sequence left unfinished (but for an OSC's ESC \\ ending).
        if (c == kEsc && !b.vt.empty() && !(b.vt.size() >= 2 && b.vt[1] == ']')) b.vt.clear();
        b.vt += static_cast<char>(c < 0x80 ? c : '?');
        const std::string& s = b.vt;
        bool done = false;
        if (s.size() >= 2) {
          const char k = s[1];
          if (k == '[') done = s.size() >= 3 && static_cast<unsigned char>(s.back()) >= 0x40 && static_cast<unsigned char>(s.back()) <= 0x7e;
          else if (k == ']') done = s.back() == '\a' || (s.size() >= 4 && s[s.size() - 2] == '\x1b' && s.back() == '\\');
          else if (k == '(' || k == ')' || k == '#' || k == '%') done = s.size() >= 3;
          else done = true;
        }
        if (s.size() > 256) b.vt.clear();  // not a sequence this console knows
        if (done) {
          std::u16string seq(s.begin(), s.end());
          b.vt.clear();
          vt_sequence(top, b, seq, replies);
        }
        continue;
      }
    }
    if (b.mode & kProcessedOutput) {
      switch (c) {
        case u'\b':
          b.cursor_x = b.shown_cursor_x();
          if (b.cursor_x > 0) --b.cursor_x;
          continue;
        case u'\t': {
          // To the next multiple of 8: spaces written (a terminal's tab stops in VT mode).
          const int x = b.shown_cursor_x();
          const int n = std::min(b.width - x, 8 - x % 8);
          if (b.mode & kVirtualTerminalProcessing) {
            b.cursor_x = std::min(x + n, b.width - 1);
          } else {
            for (int k = 0; k < std::max(n, 1); ++k) put_char(b, u' ');
          }
          continue;
        }
        case u'\n':
          line_feed(b);
          continue;
        case u'\a':
          emit("\a");
          continue;
        case u'\r':
          b.cursor_x = 0;
          continue;
        default:
          break;
      }
    }
    put_char(b, c);
  }
  target(top).window_to_cursor();
}

// A character at the cursor. ENABLE_WRAP_AT_EOL_OUTPUT: written in the last column, it sends the
// cursor to the start of the next row at once (scrolling the buffer at its end), or, with
// DISABLE_NEWLINE_AUTO_RETURN too, when the next character comes; without it the cursor stays in
// the last column and what follows overwrites it.
void ConsoleScreen::put_char(ScreenBuffer& b, char16_t c) {
  if (b.cursor_x >= b.width) {
    if (b.mode & kWrapAtEolOutput) {
      b.cursor_x = 0;
      index_down(b);
    } else {
      b.cursor_x = b.width - 1;
    }
  }
  b.at(b.cursor_x, b.cursor_y) = ConsoleCell{c, b.attr};
  b.mark(b.cursor_x, b.cursor_y, b.cursor_x, b.cursor_y);
  if (b.cursor_x + 1 < b.width) {
    ++b.cursor_x;
  } else if (b.mode & kWrapAtEolOutput) {
    if (b.mode & kDisableNewlineAutoReturn) {
      b.cursor_x = b.width;
    } else {
      b.cursor_x = 0;
      index_down(b);
    }
  }
}

// \n: the next row (the buffer scrolls at its end), at its start unless DISABLE_NEWLINE_AUTO_RETURN.
void ConsoleScreen::line_feed(ScreenBuffer& b) {
  if (b.cursor_x >= b.width) b.cursor_x = b.width - 1;
  if (!(b.mode & kDisableNewlineAutoReturn)) b.cursor_x = 0;
  index_down(b);
}

// The cursor a row down: at the bottom margin (virtual terminal scrolling margins) or at the buffer's
// last row, what is above moves up instead.
void ConsoleScreen::index_down(ScreenBuffer& b) {
  if (b.margin_top >= 0 && b.cursor_y == b.window.top + b.margin_bottom) {
    b.scroll_rows(b.window.top + b.margin_top, b.window.top + b.margin_bottom, 1, ConsoleCell{u' ', b.attr});
    return;
  }
  if (b.cursor_y + 1 < b.height) {
    ++b.cursor_y;
    return;
  }
  scroll_up_one(b);
}

// The whole buffer up a row, its first row gone, the new last row blank in the current attributes.
// Shown on the terminal, whose window reaches the buffer's end, the terminal scrolls the same way
// (a line feed on its bottom row): what was drawn before goes up with it, and what scrolled off the
// top stays in the terminal's history.
void ConsoleScreen::scroll_up_one(ScreenBuffer& b) {
  const bool drawn = &b == drawn_.get() && shows(b) && !suppress_ && b.window.bottom == b.height - 1 && !b.repaint &&
                     b.window.left == drawn_window_.left && b.window.top == drawn_window_.top &&
                     b.window.right == drawn_window_.right && b.window.bottom == drawn_window_.bottom;
  if (drawn) {
    flush_dirty(b);
    move_to(0, b.window.height() - 1);
    set_attr(7);
    emit("\r\n");
    tx_ = 0;
  }
  b.scroll_rows(0, b.height - 1, 1, ConsoleCell{u' ', b.attr});  // (every row marked changed)
  if (drawn) {
    // Only the new row differs from what the terminal's scroll left, if it is not blank.
    b.dirty.clear();
    if (b.attr != 7) b.mark(0, b.height - 1, b.width - 1, b.height - 1);
  } else if (shows(b) && !suppress_) {
    b.repaint = true;
  }
}

// ---- virtual terminal sequences (ENABLE_VIRTUAL_TERMINAL_PROCESSING) ----

void ConsoleScreen::vt_sequence(ScreenBuffer& top, ScreenBuffer& b, std::u16string_view seq, std::u16string* replies) {
  const char16_t k = seq.size() > 1 ? seq[1] : 0;
  switch (k) {
    case u'[':
      vt_csi(top, b, seq.substr(2), replies);
      return;
    case u']': {
      // OSC 0 and 2: the window's title.
      std::u16string_view body = seq.substr(2);
      if (!body.empty() && body.back() == u'\a') body.remove_suffix(1);
      else if (body.size() >= 2) body.remove_suffix(2);
      if (body.size() >= 2 && (body[0] == u'0' || body[0] == u'2') && body[1] == u';') {
        title_ = std::u16string(body.substr(2));
        title_set_ = true;
      }
      return;
    }
    case u'7':  // DECSC
      b.saved_x = b.shown_cursor_x();
      b.saved_y = b.cursor_y - b.window.top;
      b.saved_attr = b.attr;
      return;
    case u'8':  // DECRC
      b.cursor_x = std::clamp(b.saved_x, 0, b.width - 1);
      b.cursor_y = std::clamp(b.window.top + b.saved_y, 0, b.height - 1);
      b.attr = b.saved_attr;
      return;
    case u'D':  // IND
      index_down(b);
      return;
    case u'E':  // NEL
      b.cursor_x = 0;
      index_down(b);
      return;
    case u'M':  // RI: up a row, at the top margin what is below moves down
      if (b.cursor_y == b.window.top + std::max(b.margin_top, 0))
        b.scroll_rows(b.window.top + std::max(b.margin_top, 0),
                      b.margin_top >= 0 ? b.window.top + b.margin_bottom : b.window.bottom, -1, ConsoleCell{u' ', b.attr});
      else if (b.cursor_y > 0)
        --b.cursor_y;
      return;
    case u'c':  // RIS
      b.attr = 7;
      b.vt_bold = false;
      b.margin_top = b.margin_bottom = -1;
      for (int y = b.window.top; y <= b.window.bottom; ++y)
        std::fill_n(&b.at(0, y), b.width, ConsoleCell{u' ', 7});
      b.mark(0, b.window.top, b.width - 1, b.window.bottom);
      b.cursor_x = b.window.left;
      b.cursor_y = b.window.top;
      return;
    default:
      return;  // character sets, keypad modes: nothing to keep
  }
}

namespace {

// A 256-colour palette index or an RGB colour as the nearest of the console's 16.
uint16_t nearest_color(int r, int g, int bl) {
  static const int kRgb[16][3] = {{0, 0, 0},     {0, 0, 128},   {0, 128, 0},   {0, 128, 128},
                                  {128, 0, 0},   {128, 0, 128}, {128, 128, 0}, {192, 192, 192},
                                  {128, 128, 128}, {0, 0, 255}, {0, 255, 0},   {0, 255, 255},
                                  {255, 0, 0},   {255, 0, 255}, {255, 255, 0}, {255, 255, 255}};
  int best = 0, best_d = 1 << 30;
  for (int i = 0; i < 16; ++i) {
    const int d = (kRgb[i][0] - r) * (kRgb[i][0] - r) + (kRgb[i][1] - g) * (kRgb[i][1] - g) +
                  (kRgb[i][2] - bl) * (kRgb[i][2] - bl);
    if (d < best_d) best = i, best_d = d;
  }
  return static_cast<uint16_t>(best);
}

uint16_t palette_color(int n) {
  if (n < 16) {
    // ANSI order (red 1, green 2, blue 4) to the console's (blue 1, green 2, red 4).
    const int base = n & 7;
    return static_cast<uint16_t>(((base & 1) ? 4 : 0) | (base & 2) | ((base & 4) ? 1 : 0) | (n & 8));
  }
  if (n < 232) {
    static const int kLevels[6] = {0, 95, 135, 175, 215, 255};
    n -= 16;
    return nearest_color(kLevels[n / 36], kLevels[(n / 6) % 6], kLevels[n % 6]);
  }
  const int grey = 8 + (n - 232) * 10;
  return nearest_color(grey, grey, grey);
}

// The console's colour bits of an ANSI colour number 0-7.
uint16_t ansi_bits(int n) { return static_cast<uint16_t>(((n & 1) ? 4 : 0) | (n & 2) | ((n & 4) ? 1 : 0)); }

}  // namespace

// SGR: the rendition of what is written next, as console attributes (bold as intensity, as
// Windows' console shows it; underline and reverse as COMMON_LVB_UNDERSCORE and _REVERSE_VIDEO).
void ConsoleScreen::sgr(ScreenBuffer& b, const std::vector<int>& ps) {
  uint16_t a = b.attr;
  for (size_t i = 0; i < ps.size(); ++i) {
    const int p = ps[i];
    if (p == 0) {
      a = 7;
      b.vt_bold = false;
    } else if (p == 1) {
      b.vt_bold = true;
      a |= 0x08;
    } else if (p == 22) {
      b.vt_bold = false;
      a &= static_cast<uint16_t>(~0x08);
    } else if (p == 4) {
      a |= kUnderscore;
    } else if (p == 24) {
      a &= static_cast<uint16_t>(~kUnderscore);
    } else if (p == 7) {
      a |= kReverseVideo;
    } else if (p == 27) {
      a &= static_cast<uint16_t>(~kReverseVideo);
    } else if (p >= 30 && p <= 37) {
      a = static_cast<uint16_t>((a & ~0x0f) | ansi_bits(p - 30) | (b.vt_bold ? 8 : 0));
    } else if (p == 39) {
      a = static_cast<uint16_t>((a & ~0x0f) | 7 | (b.vt_bold ? 8 : 0));
    } else if (p >= 90 && p <= 97) {
      a = static_cast<uint16_t>((a & ~0x0f) | ansi_bits(p - 90) | 8);
    } else if (p >= 40 && p <= 47) {
      a = static_cast<uint16_t>((a & ~0xf0) | ansi_bits(p - 40) << 4);
    } else if (p == 49) {
      a &= static_cast<uint16_t>(~0xf0);
    } else if (p >= 100 && p <= 107) {
      a = static_cast<uint16_t>((a & ~0xf0) | (ansi_bits(p - 100) | 8) << 4);
    } else if ((p == 38 || p == 48) && i + 1 < ps.size()) {
      uint16_t c = 0;
      if (ps[i + 1] == 5 && i + 2 < ps.size()) {
        c = palette_color(ps[i + 2]);
        i += 2;
      } else if (ps[i + 1] == 2 && i + 4 < ps.size()) {
        c = nearest_color(ps[i + 2], ps[i + 3], ps[i + 4]);
        i += 4;
      } else {
        continue;
      }
      a = p == 38 ? static_cast<uint16_t>((a & ~0x0f) | c) : static_cast<uint16_t>((a & ~0xf0) | c << 4);
    }
  }
  b.attr = a;
}

void ConsoleScreen::vt_csi(ScreenBuffer& top, ScreenBuffer& b, std::u16string_view body, std::u16string* replies) {
  const char16_t final = body.back();
  body.remove_suffix(1);
  char16_t priv = 0;
  if (!body.empty() && (body[0] == u'?' || body[0] == u'>' || body[0] == u'=' || body[0] == u'!')) {
    priv = body[0];
    body.remove_prefix(1);
  }
  std::vector<int> ps;
  int v = -1;
  for (char16_t c : body) {
    if (c >= u'0' && c <= u'9') {
      v = (v < 0 ? 0 : v) * 10 + (c - u'0');
      v = std::min(v, 32767);
    } else if (c == u';' || c == u':') {
      ps.push_back(v);
      v = -1;
    } else {
      return;  // intermediate bytes: a sequence this console does not know
    }
  }
  ps.push_back(v);
  auto arg = [&](size_t i, int dflt) { return i < ps.size() && ps[i] > 0 ? ps[i] : dflt; };
  auto raw = [&](size_t i) { return i < ps.size() && ps[i] >= 0 ? ps[i] : 0; };
  const ConsoleRect& w = b.window;
  const ConsoleCell blank{u' ', b.attr};
  // The scrolling region (window rows): the margins, or the window.
  const int region_top = w.top + (b.margin_top >= 0 ? b.margin_top : 0);
  const int region_bottom = b.margin_top >= 0 ? w.top + b.margin_bottom : w.bottom;
  const int x = b.shown_cursor_x(), y = b.cursor_y;
  auto clamp_y = [&](int yy) { return std::clamp(yy, w.top, w.bottom); };
  auto clamp_x = [&](int xx) { return std::clamp(xx, 0, b.width - 1); };
  auto erase = [&](int x0, int y0, int x1, int y1) {  // cells [x0..] of y0 through [..x1] of y1
    for (int yy = y0; yy <= y1; ++yy) {
      const int from = yy == y0 ? x0 : 0, to = yy == y1 ? x1 : b.width - 1;
      for (int xx = from; xx <= to; ++xx) b.at(xx, yy) = blank;
    }
    if (y0 <= y1) b.mark(0, y0, b.width - 1, y1);
  };
  if (priv == u'?') {
    if (final != u'h' && final != u'l') return;
    const bool set = final == u'h';
    std::shared_ptr<ScreenBuffer> left_behind;  // (`b` may be the alternate buffer left)
    for (int p : ps) {
      if (p == 25) {
        b.cursor_visible = set;
      } else if (p == 7) {
        b.mode = set ? b.mode | kWrapAtEolOutput : b.mode & ~kWrapAtEolOutput;
      } else if ((p == 1049 || p == 1047 || p == 47) && set && !top.alternate) {
        // The alternate screen: a buffer of the window's size that output goes to until it is
        // left, the main buffer's cursor saved (?1049).
        const ConsoleRect& tw = top.window;
        top.saved_x = top.shown_cursor_x();
        top.saved_y = top.cursor_y - tw.top;
        top.saved_attr = top.attr;
        auto alt = std::make_shared<ScreenBuffer>(tw.width(), tw.height(), tw.width(), tw.height(), top.attr);
        alt->mode = top.mode;
        alt->cursor_size = top.cursor_size;
        alt->cursor_visible = top.cursor_visible;
        alt->colors = top.colors;
        alt->popup_attr = top.popup_attr;
        alt->cursor_x = std::clamp(top.shown_cursor_x() - tw.left, 0, alt->width - 1);
        alt->cursor_y = top.cursor_y - tw.top;
        top.alternate = std::move(alt);
      } else if ((p == 1049 || p == 1047 || p == 47) && !set && top.alternate) {
        // Back to the main buffer, its cursor where it was.
        left_behind = std::move(top.alternate);
        top.cursor_x = std::clamp(top.saved_x, 0, top.width - 1);
        top.cursor_y = std::clamp(top.window.top + top.saved_y, 0, top.height - 1);
        top.attr = top.saved_attr;
        top.cursor_visible = b.cursor_visible;
      }
    }
    return;
  }
  if (priv) return;
  switch (final) {
    case u'A': b.cursor_y = std::max(y - arg(0, 1), y >= region_top ? region_top : w.top); break;
    case u'B': b.cursor_y = std::min(y + arg(0, 1), y <= region_bottom ? region_bottom : w.bottom); break;
    case u'C': b.cursor_x = clamp_x(x + arg(0, 1)); break;
    case u'D': b.cursor_x = clamp_x(x - arg(0, 1)); break;
    case u'E': b.cursor_x = 0, b.cursor_y = std::min(y + arg(0, 1), w.bottom); break;
    case u'F': b.cursor_x = 0, b.cursor_y = std::max(y - arg(0, 1), w.top); break;
    case u'G': case u'`': b.cursor_x = clamp_x(w.left + arg(0, 1) - 1); break;
    case u'd': b.cursor_y = clamp_y(w.top + arg(0, 1) - 1); break;
    case u'H': case u'f':
      b.cursor_y = clamp_y(w.top + arg(0, 1) - 1);
      b.cursor_x = clamp_x(w.left + arg(1, 1) - 1);
      break;
    case u'J':  // ED, within the window
      if (raw(0) == 0) erase(x, y, b.width - 1, w.bottom);
      else if (raw(0) == 1) erase(0, w.top, x, y);
      else erase(0, w.top, b.width - 1, w.bottom);
      break;
    case u'K':  // EL
      if (raw(0) == 0) erase(x, y, b.width - 1, y);
      else if (raw(0) == 1) erase(0, y, x, y);
      else erase(0, y, b.width - 1, y);
      break;
    case u'X': erase(x, y, std::min(x + arg(0, 1), b.width) - 1, y); break;
    case u'@': case u'P': {  // ICH, DCH
      const int n = std::min(arg(0, 1), b.width - x);
      ConsoleCell* row = &b.at(0, y);
      if (final == u'@') {
        std::copy_backward(row + x, row + b.width - n, row + b.width);
        std::fill(row + x, row + x + n, blank);
      } else {
        std::copy(row + x + n, row + b.width, row + x);
        std::fill(row + b.width - n, row + b.width, blank);
      }
      b.mark(x, y, b.width - 1, y);
      break;
    }
    case u'L': case u'M':  // IL, DL: within the scrolling region, from the cursor's row
      if (y >= region_top && y <= region_bottom) {
        b.scroll_rows(y, region_bottom, final == u'L' ? -arg(0, 1) : arg(0, 1), blank);
        b.cursor_x = 0;
      }
      break;
    case u'S': b.scroll_rows(region_top, region_bottom, arg(0, 1), blank); break;
    case u'T': b.scroll_rows(region_top, region_bottom, -arg(0, 1), blank); break;
    case u'm': sgr(b, ps); break;
    case u'r': {  // DECSTBM: the margins (the whole window: none), the cursor home
      const int top = arg(0, 1) - 1, bottom = arg(1, w.height()) - 1;
      if (top < bottom && bottom < w.height() && !(top == 0 && bottom == w.height() - 1)) {
        b.margin_top = top;
        b.margin_bottom = bottom;
      } else {
        b.margin_top = b.margin_bottom = -1;
      }
      b.cursor_x = w.left;
      b.cursor_y = w.top;
      break;
    }
    case u's': b.saved_x = x, b.saved_y = y - w.top, b.saved_attr = b.attr; break;
    case u'u':
      b.cursor_x = clamp_x(b.saved_x);
      b.cursor_y = clamp_y(w.top + b.saved_y);
      break;
    case u'n':  // DSR: the status, and where the cursor is (window-relative, from 1)
      if (!replies) break;
      if (raw(0) == 5) {
        *replies += u"\x1b[0n";
      } else if (raw(0) == 6) {
        std::string r = "\x1b[" + std::to_string(y - w.top + 1) + ";" + std::to_string(x - w.left + 1) + "R";
        replies->append(r.begin(), r.end());
      }
      break;
    case u'c':  // DA: a VT100 with advanced video
      if (replies && raw(0) == 0) *replies += u"\x1b[?1;0c";
      break;
    default:
      break;
  }
}

// ---- echo ----

void ConsoleScreen::echoed(std::u16string_view text) {
  ScreenBuffer& b = target(*active_);
  render();  // (what was to be drawn is drawn first)
  suppress_ = true;
  const ConsoleRect dirty = b.dirty;
  b.dirty.clear();
  write_text(*active_, text, nullptr);
  suppress_ = false;
  // What the terminal's echo drew is drawn, its line feeds scrolled it as far as the window moved,
  // and its cursor is where the buffer's is now.
  ScreenBuffer& now = target(*active_);
  now.dirty = dirty;
  drawn_window_ = now.window;
  tx_ = now.cursor_x - now.window.left;
  ty_ = now.cursor_y - now.window.top;
}

// ---- drawing ----

namespace {

// What the console shows for the control characters a cell can hold: code page 437's glyphs.
const char16_t kControlGlyphs[32] = {u' ',     u'\u263a', u'\u263b', u'\u2665', u'\u2666', u'\u2663', u'\u2660', u'\u2022',
                                     u'\u25d8', u'\u25cb', u'\u25d9', u'\u2642', u'\u2640', u'\u266a', u'\u266b', u'\u263c',
                                     u'\u25ba', u'\u25c4', u'\u2195', u'\u203c', u'\u00b6', u'\u00a7', u'\u25ac', u'\u21a8',
                                     u'\u2191', u'\u2193', u'\u2192', u'\u2190', u'\u221f', u'\u2194', u'\u25b2', u'\u25bc'};


bool blank_cell(const ConsoleCell& c) { return c.ch == u' ' && c.attr == 7; }

}  // namespace

// The SGR sequence of an attribute word (colours, underline, reverse), from the default rendition.
void ConsoleScreen::set_attr(uint16_t a) {
  if (a == tattr_) return;
  auto ansi = [](unsigned bgr) { return (bgr & 4 ? 1 : 0) | (bgr & 2 ? 2 : 0) | (bgr & 1 ? 4 : 0); };
  const unsigned fg = a & 0xf, bg = (a >> 4) & 0xf;
  std::string s = "\x1b[0";
  if (fg != 7) s += ";" + std::to_string((fg & 8 ? 90 : 30) + ansi(fg));
  if (bg != 0) s += ";" + std::to_string((bg & 8 ? 100 : 40) + ansi(bg));
  if (a & kUnderscore) s += ";4";
  if (a & kReverseVideo) s += ";7";
  s += "m";
  emit(s);
  tattr_ = a;
  if (a != 7) g_colored = 1;
}

// The terminal's cursor to window cell (x, y): up with CUU, down with line feeds (which scroll the
// terminal when the row is below its bottom), across with a carriage return or CHA.
void ConsoleScreen::move_to(int x, int y) {
  if (y != ty_) {
    if (y < ty_) {
      emit("\x1b[" + std::to_string(ty_ - y) + "A");
      tx_ = std::min(tx_, columns_ - 1);
    } else {
      emit("\r");
      for (int i = ty_; i < y; ++i) emit("\n");
      tx_ = 0;
    }
    ty_ = y;
  }
  if (x != tx_) {
    if (x == 0) emit("\r");
    else emit("\x1b[" + std::to_string(x + 1) + "G");
    tx_ = x;
  }
}

// Cells [x0, x1] of buffer row y, in window coordinates on the terminal. Drawn to the window's
// edge, the blank cells that end the row are erased (EL) rather than written.
void ConsoleScreen::draw_row(const ScreenBuffer& b, int y, int x0, int x1) {
  const ConsoleRect& w = b.window;
  int end = w.right;
  while (end >= w.left && blank_cell(b.at(end, y))) --end;
  const bool erase = x1 == w.right && end < x1;
  const int last = erase ? end : x1;
  for (int x = x0; x <= last; ++x) {
    const ConsoleCell& c = b.at(x, y);
    uint32_t cp = c.ch;
    if (cp >= 0xd800 && cp <= 0xdbff && x + 1 <= w.right && b.at(x + 1, y).ch >= 0xdc00 && b.at(x + 1, y).ch <= 0xdfff) {
      // A surrogate pair in two cells: the character the pair stands for.
      move_to(x - w.left, y - w.top);
      set_attr(c.attr);
      append_utf8(out_, 0x10000 + ((cp - 0xd800) << 10) + (b.at(x + 1, y).ch - 0xdc00));
      tx_ += 2;
      if (tx_ >= columns_) tx_ = columns_;
      ++x;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    else if (cp < 0x20) cp = kControlGlyphs[cp];
    else if (cp == 0x7f) cp = 0x2302;
    move_to(x - w.left, y - w.top);
    set_attr(c.attr);
    append_utf8(out_, cp);
    ++tx_;
  }
  if (erase) {
    move_to(std::max(x0, end + 1) - w.left, y - w.top);
    set_attr(7);
    emit("\x1b[K");
  }
}

void ConsoleScreen::flush_dirty(ScreenBuffer& b) {
  ConsoleRect d = b.dirty;
  b.dirty.clear();
  const ConsoleRect& w = b.window;
  d.left = std::max(d.left, w.left);
  d.right = std::min(d.right, w.right);
  d.top = std::max(d.top, w.top);
  d.bottom = std::min(d.bottom, w.bottom);
  if (d.empty()) return;
  if (!tcursor_hidden_now_ && b.cursor_visible && d.height() > 1) {
    emit("\x1b[?25l");  // (no cursor flickering across the screen while it is drawn)
    tcursor_hidden_now_ = true;
  }
  for (int y = d.top; y <= d.bottom; ++y) draw_row(b, y, d.left, d.right);
}

void ConsoleScreen::render() {
  const std::shared_ptr<ScreenBuffer> now = shown();
  ScreenBuffer& b = *now;
  terminal_size(columns_, rows_);
  if (now != drawn_) {
    // Another buffer shown: the first on the terminal's main screen, any other on its alternate
    // screen from the top.
    const bool was_main = drawn_ == first_, is_main = now == first_;
    if (was_main && !is_main) {
      saved_tx_ = tx_;
      saved_ty_ = ty_;
      emit("\x1b[?1049h");
      g_on_alternate = 1;
    }
    if (is_main) {
      emit("\x1b[?1049l");
      g_on_alternate = 0;
      tx_ = saved_tx_;
      ty_ = saved_ty_;
      tattr_ = 0xffff;  // (the terminal restored the rendition it saved)
    } else {
      emit("\x1b[H");
      tx_ = ty_ = 0;
      b.repaint = true;
    }
    drawn_ = now;
    drawn_window_ = b.window;
  }
  const ConsoleRect& w = b.window;
  if (w.left != drawn_window_.left || w.top != drawn_window_.top || w.right != drawn_window_.right ||
      w.bottom != drawn_window_.bottom) {
    const int down = w.top - drawn_window_.top;
    if (!b.repaint && w.left == drawn_window_.left && w.width() == drawn_window_.width() &&
        w.height() == drawn_window_.height() && down > 0 && down < w.height()) {
      // The window moved down: the terminal scrolls as far, and the rows that came into view are drawn.
      move_to(0, w.height() - 1);
      set_attr(7);
      for (int i = 0; i < down; ++i) emit("\r\n");
      tx_ = 0;
      b.mark(0, w.bottom - down + 1, b.width - 1, w.bottom);
    } else {
      b.repaint = true;
    }
    drawn_window_ = w;
  }
  if (b.repaint) {
    b.repaint = false;
    b.dirty.clear();
    b.mark(w.left, w.top, w.right, w.bottom);
  }
  flush_dirty(b);
  // The cursor where the buffer has it (when in the window), shown or hidden as it is.
  const int cx = b.cursor_x - w.left, cy = b.cursor_y - w.top;
  if (cx >= 0 && cy >= 0 && cy < w.height() && b.cursor_x <= w.right + 1) {
    if (b.cursor_x >= b.width) {
      if (tx_ != cx || ty_ != cy) move_to(cx - 1, cy);  // (waiting to wrap: as the terminal waits)
    } else {
      move_to(cx, cy);
    }
  }
  const bool visible = b.cursor_visible;
  if (visible && (tcursor_hidden_now_ || !tcursor_visible_)) emit("\x1b[?25h");
  if (!visible && tcursor_visible_ && !tcursor_hidden_now_) emit("\x1b[?25l");
  tcursor_visible_ = visible;
  tcursor_hidden_now_ = false;
  g_cursor_hidden = visible ? 0 : 1;
  send();
}

void ConsoleScreen::send() {
  size_t done = 0;
  while (done < out_.size()) {
    ssize_t n = ::write(tty_, out_.data() + done, out_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the terminal is gone: nothing more to show
    done += static_cast<size_t>(n);
  }
  out_.clear();
}

}  // namespace polyrun::shims
