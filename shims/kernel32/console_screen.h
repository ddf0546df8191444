// The Windows console's screen buffers and their drawing on the host terminal. A screen buffer is
// what Windows' console keeps: a grid of cells (a UTF-16 character and its attribute word), the
// cursor with its size and visibility, the attributes written text gets, the window (the part of
// the buffer shown), the output mode and the colour table. ConsoleScreen writes text into a buffer
// as WriteConsole does (processed output, the wrap at the end of a row, the buffer scrolling up a
// row at its end, virtual terminal sequences when the mode asks for them) and draws the active
// buffer's window on the terminal with ANSI escape sequences: what changed since the last drawing,
// the cursor moved where the buffer has it.
//
// The terminal is not the program's alone: the program starts on some row of it, below what the
// shell showed. Buffer rows are therefore drawn relative to where the terminal's cursor is known
// to be (cursor up, line feeds to go down, which scroll the terminal when the program's rows reach
// below its bottom, carriage return and column numbers across), as wine's conhost does on a Unix
// terminal: the window's first row is the row the program started on until the program's output
// or a cursor placed further down makes the terminal scroll. A second buffer made active is drawn
// on the terminal's alternate screen, from its top, and the first comes back as the terminal kept
// it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace polyrun::shims {

// Output modes (SetConsoleMode on a screen buffer handle).
constexpr uint32_t kProcessedOutput = 0x1, kWrapAtEolOutput = 0x2, kVirtualTerminalProcessing = 0x4,
                   kDisableNewlineAutoReturn = 0x8, kLvbGridWorldwide = 0x10;
// Attribute bits beyond the colours (COMMON_LVB_*).
constexpr uint16_t kReverseVideo = 0x4000, kUnderscore = 0x8000;

struct ConsoleCell {
  char16_t ch = u' ';
  uint16_t attr = 7;
};

// A rectangle of cells, edges included (SMALL_RECT's meaning); empty when right < left.
struct ConsoleRect {
  int left = 0, top = 0, right = -1, bottom = -1;
  bool empty() const { return right < left || bottom < top; }
  int width() const { return right - left + 1; }
  int height() const { return bottom - top + 1; }
  void add(int x0, int y0, int x1, int y1);  // grows to include [x0,x1]×[y0,y1]
  void clear() { *this = ConsoleRect{}; }
};

struct ScreenBuffer {
  ScreenBuffer(int width, int height, int window_width, int window_height, uint16_t attr);

  int width, height;
  std::vector<ConsoleCell> cells;
  // The cursor: cursor_x == width only in virtual terminal mode, after the last column was written
  // (the wrap waits for the next character, as a terminal's does); reported as width - 1.
  int cursor_x = 0, cursor_y = 0;
  uint32_t cursor_size = 25;  // percent of the cell it fills
  bool cursor_visible = true;
  uint16_t attr;                 // what written text gets (SetConsoleTextAttribute)
  uint16_t popup_attr = 0xf5;    // pop-ups' colours: white on magenta
  uint32_t mode = kProcessedOutput | kWrapAtEolOutput;
  ConsoleRect window;
  std::array<uint32_t, 16> colors;  // COLORREFs, 0x00BBGGRR
  // Cells changed since the buffer was last drawn, and whether the whole window must be drawn again.
  ConsoleRect dirty;
  bool repaint = false;

  // Virtual terminal processing: an escape sequence begun by an earlier write, the rendition's
  // bold (shown as intensity), the cursor DECSC saved, the scrolling margins (DECSTBM; -1: none)
  // and the alternate buffer ?1049h made, which output goes to until ?1049l.
  std::string vt;
  bool vt_bold = false;
  int saved_x = 0, saved_y = 0;
  uint16_t saved_attr = 7;
  int margin_top = -1, margin_bottom = -1;
  std::shared_ptr<ScreenBuffer> alternate;

  ConsoleCell& at(int x, int y) { return cells[static_cast<size_t>(y) * width + x]; }
  const ConsoleCell& at(int x, int y) const { return cells[static_cast<size_t>(y) * width + x]; }
  int shown_cursor_x() const { return cursor_x < width ? cursor_x : width - 1; }
  void mark(int x0, int y0, int x1, int y1) { dirty.add(x0, y0, x1, y1); }
  void mark_all() { mark(0, 0, width - 1, height - 1); }
  // A new size: the cells kept where they were, new ones blank; the window moved back inside
  // and the cursor too (SetConsoleScreenBufferSize).
  void resize(int new_width, int new_height);
  // Rows [top, bottom] move up by `n` (down for negative n), the rows they leave blank with `fill`.
  void scroll_rows(int top, int bottom, int n, ConsoleCell fill);
  // Moves the window to show the cursor, as writing does.
  void window_to_cursor();
};

// The colour table of a new console: Windows' default (the "Campbell" scheme).
std::array<uint32_t, 16> default_console_colors();

// The active buffer drawn on a terminal.
class ConsoleScreen {
 public:
  explicit ConsoleScreen(int tty) : tty_(tty) {}

  int tty() const { return tty_; }
  const std::shared_ptr<ScreenBuffer>& active() const { return active_; }
  // The first buffer: the one the terminal shows as the program starts.
  void start(std::shared_ptr<ScreenBuffer> first);
  // SetConsoleActiveScreenBuffer: the terminal shows `b` (the first buffer on the terminal's main
  // screen, any other on its alternate screen).
  void activate(const std::shared_ptr<ScreenBuffer>& b);
  // Whether `b` is what the terminal shows (the active buffer, or the alternate buffer it entered).
  bool shows(const ScreenBuffer& b) const { return &b == shown().get(); }

  // WriteConsole and WriteFile: the text written into `b` at its cursor (into its alternate buffer
  // while virtual terminal output has one in use), drawn if shown. Bytes the console answers with
  // (a virtual terminal status report) are appended to `replies`.
  void write(ScreenBuffer& b, std::u16string_view text, std::u16string* replies = nullptr);
  // The text a terminal's own line editing echoed at the cursor: written into the active buffer as
  // if written, and taken as already drawn.
  void echoed(std::u16string_view text);
  // A title set by a virtual terminal sequence (OSC 0 or 2) since asked last.
  bool take_title(std::u16string& title);

  // Draws on the terminal what changed in the shown buffer since it was last drawn; the
  // terminal's cursor goes where the buffer's is.
  void render();
  // Where `b` changed: drawn now if shown.
  void changed(ScreenBuffer& b) {
    if (shows(b)) render();
  }
  // What the terminal got back as the program started: main screen, default colours, cursor
  // shown (the process's end, however it ends: async-signal-safe).
  static void restore_terminal();
  // The terminal's size, or 80x25 where it says none.
  void terminal_size(int& columns, int& rows) const;

 private:
  std::shared_ptr<ScreenBuffer> shown() const;
  void write_text(ScreenBuffer& top, std::u16string_view text, std::u16string* replies);
  void put_char(ScreenBuffer& b, char16_t c);
  void line_feed(ScreenBuffer& b);
  void index_down(ScreenBuffer& b);
  void vt_sequence(ScreenBuffer& top, ScreenBuffer& b, std::u16string_view seq, std::u16string* replies);
  void vt_csi(ScreenBuffer& top, ScreenBuffer& b, std::u16string_view seq, std::u16string* replies);
  void sgr(ScreenBuffer& b, const std::vector<int>& params);
  void scroll_up_one(ScreenBuffer& b);
  void flush_dirty(ScreenBuffer& b);
  void draw_row(const ScreenBuffer& b, int y, int x0, int x1);
  void move_to(int x, int y);
  void set_attr(uint16_t attr);
  void emit(std::string_view s) { out_ += s; }
  void send();

  int tty_;
  std::shared_ptr<ScreenBuffer> first_, active_;
  std::string out_;
  std::u16string title_;
  bool title_set_ = false;
  // Text echoed by the terminal goes into the buffer without being drawn.
  bool suppress_ = false;
  // The terminal's columns and rows when last drawn.
  int columns_ = 80, rows_ = 25;
  // The buffer last drawn and its window then; where the terminal's cursor is, in that window's
  // coordinates (x == the terminal's width: after its last column, the terminal waiting to wrap);
  // the attributes it writes with; whether its cursor shows (and whether it is hidden for a moment,
  // while several rows are drawn).
  std::shared_ptr<ScreenBuffer> drawn_;
  ConsoleRect drawn_window_;
  int tx_ = 0, ty_ = 0;
  uint16_t tattr_ = 7;
  bool tcursor_visible_ = true, tcursor_hidden_now_ = false;
  // The first buffer's terminal cursor while another is shown on the alternate screen.
  int saved_tx_ = 0, saved_ty_ = 0;
};

}  // namespace polyrun::shims
