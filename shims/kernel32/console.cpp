// KERNEL32.dll, the console: its screen buffers (WriteConsole, the cursor, the fill, read and write
// functions for characters, attributes and CHAR_INFO rectangles, scrolling, the buffer's size and
// window, several buffers and the active one), its input buffer (input records read, peeked at,
// counted, written and flushed; ReadConsole's line editing), its modes, code pages and title.
//
// A process has a console when one of its standard descriptors is a terminal: the console is that
// terminal (console_screen.h draws the active buffer on it, console_input.h reads its keys). A
// handle is the console's when its descriptor leads to that terminal: the standard input's (and
// CONIN$'s) is the input buffer, the others a screen buffer, the first one unless the handle came
// from CreateConsoleScreenBuffer or CONOUT$ (the buffer active when it was opened). What is written
// to the terminal's descriptors by WriteFile, NtWriteFile or the C runtime goes through the first
// buffer, as the standard handles of a Windows console program lead to it. Where no standard
// descriptor is a terminal there is no console: the functions fail with ERROR_INVALID_HANDLE, as
// Windows' do for a redirected handle.
#include "shims/kernel32/console.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cpu-emu/x86_64_thread_pointer.h"
#include "shims/kernel32/console_input.h"
#include "shims/kernel32/console_screen.h"
#include "shims/core/code_pages.h"
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"

namespace polyrun::shims {

namespace {

struct Console {
  int tty = -1;      // polyrun's own descriptor of the terminal, for drawing and reading
  dev_t device = 0;  // the terminal's device: the descriptors that lead to it are the console's
  std::unique_ptr<ConsoleScreen> screen;
  std::unique_ptr<ConsoleInput> input;
  std::shared_ptr<ScreenBuffer> first;
  // Handles whose object is known (CreateConsoleScreenBuffer, CONIN$, CONOUT$, their duplicates).
  std::map<uint64_t, std::shared_ptr<ScreenBuffer>> outputs;
  std::set<uint64_t> inputs;
  // Text read from the console and not yet handed out (a line longer than the reader's buffer).
  std::u16string rest;
  std::string rest_bytes;
};

Console* g_console = nullptr;
bool g_looked = false;

void restore_and_die(int sig) {
  ConsoleScreen::restore_terminal();
  ConsoleInput::restore_terminal();
  ::signal(sig, SIG_DFL);
  ::raise(sig);  // (delivered with the default action once this handler returns)
}

// The terminal resized: buffers the size of the old window take the new size (the window stays the
// whole buffer), and the active one's change is an input record with ENABLE_WINDOW_INPUT.
void resized(WindowsProcess& p) {
  Console& c = *g_console;
  int cols, rows;
  c.screen->terminal_size(cols, rows);
  auto fit = [&](ScreenBuffer& b) {
    const bool whole = b.window.left == 0 && b.window.top == 0 && b.window.width() == b.width &&
                       b.window.height() == b.height;
    if (whole && (b.width != cols || b.height != rows)) {
      b.window = ConsoleRect{0, 0, cols - 1, rows - 1};
      b.resize(cols, rows);
      return true;
    }
    // A buffer larger than the window: the window no larger than the terminal.
    b.window.right = b.window.left + std::min(b.window.width(), std::min(cols, b.width - b.window.left)) - 1;
    b.window.bottom = b.window.top + std::min(b.window.height(), std::min(rows, b.height - b.window.top)) - 1;
    b.repaint = true;
    return false;
  };
  const bool active_changed = fit(*c.screen->active());
  for (auto& [h, b] : c.outputs)
    if (b != c.screen->active()) fit(*b);
  if (c.first != c.screen->active()) fit(*c.first);
  if (active_changed && (c.input->mode() & kWindowInput)) {
    InputRecord r;
    r.type = kWindowBufferSizeEvent;
    r.size.x = static_cast<int16_t>(c.screen->active()->width);
    r.size.y = static_cast<int16_t>(c.screen->active()->height);
    c.input->queue().push_back(r);
    c.input->changed(p);
  }
  c.screen->render();
}

// The console over a terminal (`tty`, polyrun's own descriptor of it).
Console* make_console(int tty) {
  struct stat st {};
  if (tty < 0 || ::fstat(tty, &st) != 0) return nullptr;
  auto c = new Console;
  c->tty = tty;
  c->device = st.st_rdev;
  c->screen = std::make_unique<ConsoleScreen>(tty);
  int cols, rows;
  c->screen->terminal_size(cols, rows);
  c->first = std::make_shared<ScreenBuffer>(cols, rows, cols, rows, 7);
  c->screen->start(c->first);
  c->input = std::make_unique<ConsoleInput>(tty);
  c->input->on_resize(resized);
  g_console = c;
  // Killed by a signal, the process still gives the terminal back as it found it (SIGINT's
  // default action, kernel32/kernel32.cpp's, likewise).
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
    struct sigaction old {};
    if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) ::signal(sig, cpu::with_thread_pointer<restore_and_die>);
  }
  return c;
}

// The console, made at the first use when a standard descriptor is a terminal.
Console* console(WindowsProcess& p) {
  if (g_looked) {
    if (g_console && ConsoleInput::take_resize()) resized(p);
    return g_console;
  }
  g_looked = true;
  for (int fd : {1, 2, 0}) {
    if (!::isatty(fd)) continue;
    // A descriptor of its own, for reading and writing (the program may close or redirect its own).
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    int tty = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty < 0) tty = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    return make_console(tty);
  }
  return nullptr;
}

enum class Kind { None, Input, Output };

// What a handle is of the console: its input buffer, a screen buffer (`buffer`), or nothing.
Kind kind_of(WindowsProcess& p, uint64_t h, std::shared_ptr<ScreenBuffer>* buffer = nullptr) {
  const int fd = p.fd_for_handle(h);
  if (fd < 0) return Kind::None;
  Console* c = console(p);
  if (!c) return Kind::None;
  if (auto it = c->outputs.find(h); it != c->outputs.end()) {
    if (buffer) *buffer = it->second;
    return Kind::Output;
  }
  if (c->inputs.count(h)) return Kind::Input;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode) || st.st_rdev != c->device) return Kind::None;
  if (fd == 0) return Kind::Input;
  if (buffer) *buffer = c->first;
  return Kind::Output;
}

// The screen buffer of an output handle (else ERROR_INVALID_HANDLE, with null): while virtual
// terminal output has the buffer's alternate buffer in use, that one, which the console's functions
// then work on; `top`: the handle's own buffer (what is written, and what is made active).
std::shared_ptr<ScreenBuffer> output_of(WindowsProcess& p, uint64_t h, bool top = false) {
  std::shared_ptr<ScreenBuffer> b;
  if (kind_of(p, h, &b) != Kind::Output) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  while (!top && b->alternate) b = b->alternate;
  return b;
}

// The input buffer of an input handle (else ERROR_INVALID_HANDLE, with null).
ConsoleInput* input_of(WindowsProcess& p, uint64_t h) {
  if (kind_of(p, h) != Kind::Input) {
    p.set_last_error(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  return g_console->input.get();
}

bool is_terminal_fd(WindowsProcess& p, int fd, Console*& c) {
  c = console(p);
  if (!c) return false;
  struct stat st {};
  return ::fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == c->device;
}

// Guest memory the function reads or writes: else ERROR_NOACCESS, as Windows' console reports a
// bad buffer.
bool readable(WindowsProcess& p, uint64_t addr, uint64_t len) {
  return len == 0 || (addr && p.memory.accessible(addr, len, mem::kRead));
}
bool writable(WindowsProcess& p, uint64_t addr, uint64_t len) {
  return len == 0 || (addr && p.memory.accessible(addr, len, mem::kWrite));
}

// COORD passed by value: X in the low 16 bits, Y in the high.
struct Coord {
  int x, y;
};
Coord coord(uint32_t v) { return {static_cast<int16_t>(v & 0xffff), static_cast<int16_t>(v >> 16)}; }
uint32_t pack(int x, int y) { return static_cast<uint16_t>(x) | static_cast<uint32_t>(static_cast<uint16_t>(y)) << 16; }

ConsoleRect get_rect(uint64_t addr) {
  int16_t v[4];
  std::memcpy(v, guest_pointer(addr), sizeof v);
  return ConsoleRect{v[0], v[1], v[2], v[3]};
}
void put_rect(uint64_t addr, const ConsoleRect& r) {
  const int16_t v[4] = {static_cast<int16_t>(r.left), static_cast<int16_t>(r.top), static_cast<int16_t>(r.right),
                        static_cast<int16_t>(r.bottom)};
  std::memcpy(guest_pointer(addr), v, sizeof v);
}

// The console's input and output code pages: the OEM code page until the program sets another
// valid one (SetConsoleCP, SetConsoleOutputCP). The A functions' text and what WriteFile and
// ReadFile move through the console are in them; the terminal itself gets and gives UTF-8.
uint32_t g_console_cp = kOemCodePage;
uint32_t g_console_output_cp = kOemCodePage;

// One byte of a console code page as a character (a byte that is none alone: U+FFFD), and a
// character as one byte ('?' for what the page has no single byte for).
char16_t from_code_page(uint32_t cp, uint8_t c) {
  std::u16string w;
  multibyte_to_utf16(resolve_code_page(cp), 0, std::string_view(reinterpret_cast<const char*>(&c), 1), w);
  return w.size() == 1 ? w[0] : u'\ufffd';
}
char to_code_page(uint32_t cp, char16_t c) {
  std::string a;
  utf16_to_multibyte(resolve_code_page(cp), 0, std::u16string_view(&c, 1), nullptr, nullptr, a);
  return a.size() == 1 ? a[0] : '?';
}
// Text in a console code page and back.
std::u16string console_to_utf16(uint32_t cp, std::string_view bytes) {
  std::u16string w;
  multibyte_to_utf16(resolve_code_page(cp), 0, bytes, w);
  return w;
}
std::string utf16_to_console(uint32_t cp, std::u16string_view text) {
  std::string a;
  utf16_to_multibyte(resolve_code_page(cp), 0, text, nullptr, nullptr, a);
  return a;
}

// Text in the console's output code page as UTF-16; a character cut short at the end (a UTF-8
// sequence, a lead byte of a double-byte page) waits in `carry` for the next write.
std::u16string decode_output(std::string& carry, const char* data, size_t len) {
  std::string bytes = std::move(carry);
  carry.clear();
  bytes.append(data, len);
  const uint32_t cp = resolve_code_page(g_console_output_cp);
  if (cp != kCpUtf8) {
    for (size_t i = 0; i < bytes.size(); ++i) {
      if (!is_lead_byte(cp, static_cast<uint8_t>(bytes[i]))) continue;
      if (i + 1 == bytes.size()) {
        carry = bytes.substr(i);
        bytes.resize(i);
        break;
      }
      ++i;
    }
    return console_to_utf16(cp, bytes);
  }
  size_t end = bytes.size(), back = 0;
  while (back < 3 && back < end && (static_cast<unsigned char>(bytes[end - 1 - back]) & 0xc0) == 0x80) ++back;
  if (back < end) {
    const unsigned char lead = static_cast<unsigned char>(bytes[end - 1 - back]);
    const size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (need > back + 1) {
      carry = bytes.substr(end - 1 - back);
      bytes.resize(end - 1 - back);
    }
  }
  return utf8_to_utf16(bytes);
}

// ---- titles ----

// The console's title: at first the program's path, as a console made for it shows; SetConsoleTitle
// changes it (for GetConsoleTitle: the terminal's own title is the terminal's). Characters copied,
// NUL included in the buffer's size; the title's length.
std::u16string& console_title(WindowsProcess& p) {
  static std::u16string title = utf8_to_utf16(p.exe_path);
  return title;
}
uint32_t GetConsoleTitleW(WindowsProcess& p, Ptr buf, uint32_t size) {
  const std::u16string& t = console_title(p);
  if (!buf || size == 0) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  const size_t n = std::min<size_t>(t.size(), size - 1);
  std::memcpy(buf.as<char16_t>(), t.data(), n * 2);
  buf.as<char16_t>()[n] = 0;
  return static_cast<uint32_t>(t.size());
}
// The A forms' title is in the console's output code page, its length in bytes.
uint32_t GetConsoleTitleA(WindowsProcess& p, Ptr buf, uint32_t size) {
  const std::string t = utf16_to_console(g_console_output_cp, console_title(p));
  if (!buf || size == 0) return fail(p, ERROR_INSUFFICIENT_BUFFER);
  const size_t n = std::min<size_t>(t.size(), size - 1);
  std::memcpy(buf.as<char>(), t.data(), n);
  buf.as<char>()[n] = 0;
  return static_cast<uint32_t>(t.size());
}
void set_console_title(WindowsProcess& p, const std::u16string& title) { console_title(p) = title; }
BOOL SetConsoleTitleW(WindowsProcess& p, WStr title) {
  console_title(p) = title.str();
  return TRUE;
}
BOOL SetConsoleTitleA(WindowsProcess& p, AStr title) {
  console_title(p) = console_to_utf16(g_console_output_cp, title.bytes());
  return TRUE;
}

std::string g_output_carry;

void write_buffer(WindowsProcess& p, Console& c, ScreenBuffer& b, std::u16string_view text) {
  std::u16string replies;
  c.screen->write(b, text, &replies);
  if (!replies.empty()) {
    // A virtual terminal report (cursor position, status): the console answers as keys typed.
    std::vector<InputRecord> records;
    for (char16_t ch : replies) key_press(records, ch, 0, 0);
    c.input->take_over(p);
    for (const InputRecord& r : records) c.input->queue().push_back(r);
    c.input->changed(p);
  }
  std::u16string title;
  if (c.screen->take_title(title)) set_console_title(p, title);
}

// ---- reading: ReadConsole, ReadFile ----

// Waits until a record is queued (false: the process or thread ends first). Console control
// events that come meanwhile start their handlers.
bool wait_for_records(WindowsProcess& p, ConsoleInput& in) {
  for (;;) {
    poll_console_ctrl(p);
    if (!in.queue().empty()) return true;
    if (p.stopping()) return false;
    wait_until(p, kInfinite, [&] { return !in.queue().empty() || p.stopping() || console_ctrl_pending(); });
  }
}

// The characters of the key-down records the console reads as text.
bool typed_char(const InputRecord& r, char16_t& ch) {
  ch = r.key.ch;
  return r.type == kKeyEvent && r.key.down && ch != 0;
}

// The next text of a read from the console once it reads the terminal itself: with
// ENABLE_LINE_INPUT a whole line, edited (Backspace) and echoed with ENABLE_ECHO_INPUT, ending in
// CR LF; without it, the characters typed so far (at least one). Other records are passed over.
std::u16string read_text(WindowsProcess& p, Console& c) {
  ConsoleInput& in = *c.input;
  std::u16string line;
  for (;;) {
    if (!wait_for_records(p, in)) return line;
    const uint32_t mode = in.mode();
    while (!in.queue().empty()) {
      const InputRecord r = in.queue().front();
      in.queue().pop_front();
      char16_t ch;
      if (!typed_char(r, ch)) continue;
      if (!(mode & kLineInput)) {
        line += ch;
        continue;
      }
      const bool echo = mode & kEchoInput;
      if (ch == u'\r') {
        line += u"\r\n";
        if (echo) write_buffer(p, c, *c.screen->active(), u"\r\n");
        in.changed(p);
        return line;
      }
      if (ch == u'\b') {
        if (!line.empty()) {
          line.pop_back();
          if (echo) write_buffer(p, c, *c.screen->active(), u"\b \b");
        }
        continue;
      }
      line += ch;
      if (echo) write_buffer(p, c, *c.screen->active(), std::u16string_view(&ch, 1));
    }
    in.changed(p);
    if (!(mode & kLineInput) && !line.empty()) return line;
  }
}

// A read of the terminal as the program found it: its own line editing gave a line (its echo left
// it on the screen, which the buffer takes in); the line ends in CR LF, as a console's does.
std::optional<std::u16string> read_cooked(WindowsProcess& p, Console& c, int fd) {
  char buf[4096];
  ssize_t n;
  do n = synchronous_io(p, [&] { return ::read(fd, buf, sizeof buf); });
  while (n < 0 && errno == EINTR && (poll_console_ctrl(p), !p.stopping()));
  if (n < 0) return std::nullopt;
  std::string bytes(buf, static_cast<size_t>(n));
  std::u16string text = utf8_to_utf16(bytes);
  if (c.input->mode() & kEchoInput) c.screen->echoed(text);
  if (!text.empty() && text.back() == u'\n' && (text.size() < 2 || text[text.size() - 2] != u'\r'))
    text.insert(text.size() - 1, u"\r");
  return text;
}

// The next characters of a read (at most `max`), as UTF-16.
std::optional<std::u16string> read_console_text(WindowsProcess& p, Console& c, int fd, size_t max) {
  if (c.rest.empty() && !c.rest_bytes.empty()) {
    c.rest = console_to_utf16(g_console_cp, c.rest_bytes);
    c.rest_bytes.clear();
  }
  if (c.rest.empty()) {
    if (c.input->taken_over()) {
      c.rest = read_text(p, c);
    } else {
      auto text = read_cooked(p, c, fd);
      if (!text) return std::nullopt;
      c.rest = std::move(*text);
    }
    if (c.input->mode() & kLineInput) {  // a line the user entered: the command history's
      std::u16string line = c.rest;
      while (!line.empty() && (line.back() == u'\n' || line.back() == u'\r')) line.pop_back();
      if (!line.empty()) console_history_add(line);
    }
  }
  std::u16string out = c.rest.substr(0, max);
  c.rest.erase(0, out.size());
  return out;
}

// The same in the console's input code page, at most `max` bytes.
std::optional<std::string> read_console_bytes(WindowsProcess& p, Console& c, int fd, size_t max) {
  if (c.rest_bytes.empty()) {
    auto text = read_console_text(p, c, fd, SIZE_MAX);
    if (!text) return std::nullopt;
    c.rest_bytes = utf16_to_console(g_console_cp, *text);
  }
  std::string out = c.rest_bytes.substr(0, max);
  c.rest_bytes.erase(0, out.size());
  return out;
}

// ---- WriteConsole, ReadConsole, modes ----

BOOL WriteConsoleW(WindowsProcess& p, Ptr h, Ptr buf, uint32_t chars, Ptr written, Ptr) {
  auto b = output_of(p, h.addr, true);
  if (!b) return FALSE;
  if (!readable(p, buf.addr, uint64_t{chars} * 2)) return fail(p, ERROR_NOACCESS);
  write_buffer(p, *g_console, *b, std::u16string_view(buf.as<const char16_t>(), chars));
  put<uint32_t>(written.addr, chars);
  return TRUE;
}

BOOL WriteConsoleA(WindowsProcess& p, Ptr h, Ptr buf, uint32_t len, Ptr written, Ptr) {
  auto b = output_of(p, h.addr, true);
  if (!b) return FALSE;
  if (!readable(p, buf.addr, len)) return fail(p, ERROR_NOACCESS);
  write_buffer(p, *g_console, *b, decode_output(g_output_carry, buf.as<const char>(), len));
  put<uint32_t>(written.addr, len);
  return TRUE;
}

BOOL ReadConsoleW(WindowsProcess& p, Ptr h, Ptr buf, uint32_t chars, Ptr read, Ptr) {
  ConsoleInput* in = input_of(p, h.addr);
  if (!in) return FALSE;
  if (!writable(p, buf.addr, uint64_t{chars} * 2)) return fail(p, ERROR_NOACCESS);
  auto text = read_console_text(p, *g_console, p.fd_for_handle(h.addr), chars);
  if (!text) return fail_errno(p);
  std::memcpy(buf.as<char16_t>(), text->data(), text->size() * 2);
  put<uint32_t>(read.addr, static_cast<uint32_t>(text->size()));
  return TRUE;
}

BOOL ReadConsoleA(WindowsProcess& p, Ptr h, Ptr buf, uint32_t len, Ptr read, Ptr) {
  ConsoleInput* in = input_of(p, h.addr);
  if (!in) return FALSE;
  if (!writable(p, buf.addr, len)) return fail(p, ERROR_NOACCESS);
  auto bytes = read_console_bytes(p, *g_console, p.fd_for_handle(h.addr), len);
  if (!bytes) return fail_errno(p);
  std::memcpy(buf.as<char>(), bytes->data(), bytes->size());
  put<uint32_t>(read.addr, static_cast<uint32_t>(bytes->size()));
  return TRUE;
}

BOOL GetConsoleMode(WindowsProcess& p, Ptr h, Ptr mode) {
  std::shared_ptr<ScreenBuffer> b;
  const Kind k = kind_of(p, h.addr, &b);
  if (k == Kind::None) return fail(p, ERROR_INVALID_HANDLE);
  if (!writable(p, mode.addr, 4)) return fail(p, ERROR_NOACCESS);
  while (b && b->alternate) b = b->alternate;
  put<uint32_t>(mode.addr, k == Kind::Input ? g_console->input->mode() : b->mode);
  return TRUE;
}

// SetConsoleMode: an input handle's mode (the terminal follows it; without ENABLE_LINE_INPUT the
// console reads the terminal itself), or a screen buffer's output mode.
BOOL SetConsoleMode(WindowsProcess& p, Ptr h, uint32_t mode) {
  std::shared_ptr<ScreenBuffer> b;
  const Kind k = kind_of(p, h.addr, &b);
  if (k == Kind::None) return fail(p, ERROR_INVALID_HANDLE);
  if (k == Kind::Output) {
    for (; b; b = b->alternate) b->mode = mode;
    return TRUE;
  }
  ConsoleInput& in = *g_console->input;
  in.set_mode(mode);
  if (!(mode & kLineInput)) in.take_over(p);
  return TRUE;
}

// The console's code pages (g_console_cp, g_console_output_cp); another page than a valid one is
// ERROR_INVALID_PARAMETER.
uint32_t GetConsoleCP(WindowsProcess&) { return g_console_cp; }
uint32_t GetConsoleOutputCP(WindowsProcess&) { return g_console_output_cp; }
BOOL SetConsoleCP(WindowsProcess& p, uint32_t cp) {
  if (!is_valid_code_page(cp)) return fail(p, ERROR_INVALID_PARAMETER);
  g_console_cp = cp;
  return TRUE;
}
BOOL SetConsoleOutputCP(WindowsProcess& p, uint32_t cp) {
  if (!is_valid_code_page(cp)) return fail(p, ERROR_INVALID_PARAMETER);
  g_console_output_cp = cp;
  return TRUE;
}

// GetConsoleDisplayMode: the console is a window (the terminal's), not full screen: no flags.
BOOL GetConsoleDisplayMode(WindowsProcess& p, Ptr flags) {
  if (!console(p)) return fail(p, ERROR_INVALID_HANDLE);
  if (!writable(p, flags.addr, 4)) return fail(p, ERROR_NOACCESS);
  put<uint32_t>(flags.addr, 0);
  return TRUE;
}

// ---- screen buffer information ----

// The largest window: the terminal's size.
Coord largest_window(Console& c) {
  int cols, rows;
  c.screen->terminal_size(cols, rows);
  return {cols, rows};
}

// CONSOLE_SCREEN_BUFFER_INFO's fields (the Ex structure has them after cbSize): buffer size,
// cursor, attributes, window, and the largest window the buffer's size allows.
void put_info(Console& c, const ScreenBuffer& b, uint64_t at) {
  const Coord largest = largest_window(c);
  const int16_t v[11] = {static_cast<int16_t>(b.width),        static_cast<int16_t>(b.height),
                         static_cast<int16_t>(b.shown_cursor_x()), static_cast<int16_t>(b.cursor_y),
                         static_cast<int16_t>(b.attr),         static_cast<int16_t>(b.window.left),
                         static_cast<int16_t>(b.window.top),   static_cast<int16_t>(b.window.right),
                         static_cast<int16_t>(b.window.bottom), static_cast<int16_t>(std::min(b.width, largest.x)),
                         static_cast<int16_t>(std::min(b.height, largest.y))};
  std::memcpy(guest_pointer(at), v, sizeof v);
}

BOOL GetConsoleScreenBufferInfo(WindowsProcess& p, Ptr h, Ptr out) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!writable(p, out.addr, 22)) return fail(p, ERROR_NOACCESS);
  put_info(*g_console, *b, out.addr);
  return TRUE;
}

// CONSOLE_SCREEN_BUFFER_INFOEX (96 bytes, cbSize first): the same, the pop-ups' attributes,
// whether full screen is supported (not in a terminal) and the colour table.
constexpr uint32_t kInfoExSize = 96;

BOOL GetConsoleScreenBufferInfoEx(WindowsProcess& p, Ptr h, Ptr out) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!writable(p, out.addr, kInfoExSize)) return fail(p, ERROR_NOACCESS);
  if (get<uint32_t>(out.addr) != kInfoExSize) return fail(p, ERROR_INVALID_PARAMETER);
  put_info(*g_console, *b, out.addr + 4);
  put<uint16_t>(out.addr + 26, b->popup_attr);
  put<uint32_t>(out.addr + 28, 0);
  std::memcpy(guest_pointer(out.addr + 32), b->colors.data(), 64);
  return TRUE;
}

// SetConsoleScreenBufferInfoEx: the buffer's size, the cursor, the attributes, the pop-ups'
// attributes, the colour table, and the window's size, which Windows' console takes as
// srWindow.Right - Left by srWindow.Bottom - Top (one less than the rectangle
// GetConsoleScreenBufferInfoEx gives: programs add one to each; microsoft/terminal#14355, by
// design), no larger than dwMaximumWindowSize. The window keeps its place.
BOOL SetConsoleScreenBufferInfoEx(WindowsProcess& p, Ptr h, Ptr in) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!readable(p, in.addr, kInfoExSize)) return fail(p, ERROR_NOACCESS);
  if (get<uint32_t>(in.addr) != kInfoExSize) return fail(p, ERROR_INVALID_PARAMETER);
  int16_t v[11];
  std::memcpy(v, guest_pointer(in.addr + 4), sizeof v);
  Console& c = *g_console;
  const Coord largest = largest_window(c);
  const int width = v[0], height = v[1];
  const int win_w = std::min<int>(v[7] - v[5], v[9]), win_h = std::min<int>(v[8] - v[6], v[10]);
  if (width < 1 || height < 1 || win_w < 1 || win_h < 1 || win_w > std::min(width, largest.x) ||
      win_h > std::min(height, largest.y) || v[2] < 0 || v[3] < 0 || v[2] >= width || v[3] >= height)
    return fail(p, ERROR_INVALID_PARAMETER);
  if (width != b->width || height != b->height) b->resize(width, height);
  b->window.left = std::min(b->window.left, width - win_w);
  b->window.top = std::min(b->window.top, height - win_h);
  b->window.right = b->window.left + win_w - 1;
  b->window.bottom = b->window.top + win_h - 1;
  b->cursor_x = v[2];
  b->cursor_y = v[3];
  b->attr = static_cast<uint16_t>(v[4]);
  b->popup_attr = get<uint16_t>(in.addr + 26);
  std::memcpy(b->colors.data(), guest_pointer(in.addr + 32), 64);
  c.screen->changed(*b);
  return TRUE;
}

// SetConsoleTextAttribute: the attributes of what is written next.
BOOL SetConsoleTextAttribute(WindowsProcess& p, Ptr h, uint16_t attributes) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  b->attr = attributes;
  return TRUE;
}

// ---- the cursor ----

BOOL SetConsoleCursorPosition(WindowsProcess& p, Ptr h, uint32_t at) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  const Coord pos = coord(at);
  if (pos.x < 0 || pos.y < 0 || pos.x >= b->width || pos.y >= b->height) return fail(p, ERROR_INVALID_PARAMETER);
  b->cursor_x = pos.x;
  b->cursor_y = pos.y;
  b->window_to_cursor();  // (the window moves to show it)
  g_console->screen->changed(*b);
  return TRUE;
}

// CONSOLE_CURSOR_INFO: the percentage of the cell the cursor fills (1-100) and whether it shows.
BOOL GetConsoleCursorInfo(WindowsProcess& p, Ptr h, Ptr out) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!writable(p, out.addr, 8)) return fail(p, ERROR_NOACCESS);
  put<uint32_t>(out.addr, b->cursor_size);
  put<int32_t>(out.addr + 4, b->cursor_visible ? 1 : 0);
  return TRUE;
}

BOOL SetConsoleCursorInfo(WindowsProcess& p, Ptr h, Ptr in) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!readable(p, in.addr, 8)) return fail(p, ERROR_NOACCESS);
  const uint32_t size = get<uint32_t>(in.addr);
  if (size < 1 || size > 100) return fail(p, ERROR_INVALID_PARAMETER);
  b->cursor_size = size;
  b->cursor_visible = get<int32_t>(in.addr + 4) != 0;
  g_console->screen->changed(*b);
  return TRUE;
}

// ---- cells: fill, read, write ----

// The cells from (x, y) on, row after row, to the buffer's end: how many of `count` there are
// (none from a row beyond the buffer).
size_t cells_from(const ScreenBuffer& b, Coord at, size_t count) {
  if (at.y >= b.height) return 0;
  const size_t start = static_cast<size_t>(at.y) * b.width + at.x, total = b.cells.size();
  return start >= total ? 0 : std::min(count, total - start);
}

template <class Set>
BOOL fill(WindowsProcess& p, Ptr h, uint32_t count, uint32_t at, Ptr written, Set&& set) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!writable(p, written.addr, 4)) return fail(p, ERROR_NOACCESS);
  const Coord pos = coord(at);
  if (pos.x < 0 || pos.y < 0) return fail(p, ERROR_INVALID_PARAMETER);
  const size_t n = cells_from(*b, pos, count);
  const size_t start = static_cast<size_t>(pos.y) * b->width + pos.x;
  for (size_t i = 0; i < n; ++i) set(b->cells[start + i]);
  if (n) {
    const size_t last = start + n - 1;
    b->mark(0, static_cast<int>(start / b->width), b->width - 1, static_cast<int>(last / b->width));
    g_console->screen->changed(*b);
  }
  put<uint32_t>(written.addr, static_cast<uint32_t>(n));
  return TRUE;
}

BOOL FillConsoleOutputCharacterW(WindowsProcess& p, Ptr h, uint32_t ch, uint32_t count, uint32_t at, Ptr written) {
  return fill(p, h, count, at, written, [&](ConsoleCell& c) { c.ch = static_cast<char16_t>(ch); });
}
BOOL FillConsoleOutputCharacterA(WindowsProcess& p, Ptr h, uint32_t ch, uint32_t count, uint32_t at, Ptr written) {
  const char16_t w = from_code_page(g_console_output_cp, static_cast<uint8_t>(ch));
  return fill(p, h, count, at, written, [&](ConsoleCell& c) { c.ch = w; });
}
BOOL FillConsoleOutputAttribute(WindowsProcess& p, Ptr h, uint32_t attr, uint32_t count, uint32_t at, Ptr written) {
  return fill(p, h, count, at, written, [&](ConsoleCell& c) { c.attr = static_cast<uint16_t>(attr); });
}

// Reads cells from (x, y) on, row after row, to the buffer's end.
template <class T, class Get>
BOOL read_cells(WindowsProcess& p, Ptr h, Ptr out, uint32_t count, uint32_t at, Ptr done, Get&& value) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!writable(p, out.addr, uint64_t{count} * sizeof(T)) || !writable(p, done.addr, 4)) return fail(p, ERROR_NOACCESS);
  const Coord pos = coord(at);
  if (pos.x < 0 || pos.y < 0) return fail(p, ERROR_INVALID_PARAMETER);
  const size_t n = pos.x >= b->width ? 0 : cells_from(*b, pos, count);
  const size_t start = static_cast<size_t>(pos.y) * b->width + pos.x;
  for (size_t i = 0; i < n; ++i) put<T>(out.addr + i * sizeof(T), value(b->cells[start + i]));
  put<uint32_t>(done.addr, static_cast<uint32_t>(n));
  return TRUE;
}

BOOL ReadConsoleOutputCharacterW(WindowsProcess& p, Ptr h, Ptr out, uint32_t count, uint32_t at, Ptr read) {
  return read_cells<char16_t>(p, h, out, count, at, read, [](const ConsoleCell& c) { return c.ch; });
}
BOOL ReadConsoleOutputCharacterA(WindowsProcess& p, Ptr h, Ptr out, uint32_t count, uint32_t at, Ptr read) {
  return read_cells<char>(p, h, out, count, at, read, [](const ConsoleCell& c) { return to_code_page(g_console_output_cp, c.ch); });
}
BOOL ReadConsoleOutputAttribute(WindowsProcess& p, Ptr h, Ptr out, uint32_t count, uint32_t at, Ptr read) {
  return read_cells<uint16_t>(p, h, out, count, at, read, [](const ConsoleCell& c) { return c.attr; });
}

// Writes `count` cells from (x, y) on, row after row, stopping at the buffer's end; the cursor
// stays. `set(cell, i)` writes the i-th.
template <class Set>
BOOL write_cells(WindowsProcess& p, ScreenBuffer& b, uint32_t count, uint32_t at, Ptr done, Set&& set) {
  if (!writable(p, done.addr, 4)) return fail(p, ERROR_NOACCESS);
  const Coord pos = coord(at);
  if (pos.x < 0 || pos.y < 0) return fail(p, ERROR_INVALID_PARAMETER);
  const size_t n = pos.x >= b.width ? 0 : cells_from(b, pos, count);
  const size_t start = static_cast<size_t>(pos.y) * b.width + pos.x;
  for (size_t i = 0; i < n; ++i) set(b.cells[start + i], i);
  if (n) {
    b.mark(0, pos.y, b.width - 1, static_cast<int>((start + n - 1) / b.width));
    g_console->screen->changed(b);
  }
  put<uint32_t>(done.addr, static_cast<uint32_t>(n));
  return TRUE;
}

BOOL WriteConsoleOutputCharacterW(WindowsProcess& p, Ptr h, Ptr in, uint32_t count, uint32_t at, Ptr written) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!readable(p, in.addr, uint64_t{count} * 2)) return fail(p, ERROR_NOACCESS);
  const char16_t* text = in.as<const char16_t>();
  return write_cells(p, *b, count, at, written, [&](ConsoleCell& c, size_t i) { c.ch = text[i]; });
}
BOOL WriteConsoleOutputAttribute(WindowsProcess& p, Ptr h, Ptr in, uint32_t count, uint32_t at, Ptr written) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!readable(p, in.addr, uint64_t{count} * 2)) return fail(p, ERROR_NOACCESS);
  const uint16_t* attrs = in.as<const uint16_t>();
  return write_cells(p, *b, count, at, written, [&](ConsoleCell& c, size_t i) { c.attr = attrs[i]; });
}
// The narrow form: the output code page's text as characters, written as the wide form writes them.
BOOL WriteConsoleOutputCharacterA(WindowsProcess& p, Ptr h, Ptr in, uint32_t count, uint32_t at, Ptr written) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!readable(p, in.addr, count)) return fail(p, ERROR_NOACCESS);
  const std::u16string text = console_to_utf16(g_console_output_cp, std::string_view(in.as<const char>(), count));
  return write_cells(p, *b, static_cast<uint32_t>(text.size()), at, written,
                     [&](ConsoleCell& c, size_t i) { c.ch = text[i]; });
}

// CHAR_INFO rectangles. The buffer rectangle `region` (clipped to the screen buffer and to what
// the caller's array holds from `from` on) is copied from or to the caller's array of
// size.X by size.Y CHAR_INFOs; `region` says on return which cells were.
struct CharInfo {
  char16_t ch;
  uint16_t attr;
};

bool clip_region(const ScreenBuffer& b, Coord size, Coord from, ConsoleRect& r) {
  r.left = std::max(r.left, 0);
  r.top = std::max(r.top, 0);
  r.right = std::min({r.right, b.width - 1, r.left + size.x - from.x - 1});
  r.bottom = std::min({r.bottom, b.height - 1, r.top + size.y - from.y - 1});
  return !r.empty();
}

template <bool Wide>
BOOL write_output(WindowsProcess& p, Ptr h, Ptr in, uint32_t size_v, uint32_t from_v, Ptr region) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  const Coord size = coord(size_v), from = coord(from_v);
  if (size.x < 0 || size.y < 0 || from.x < 0 || from.y < 0) return fail(p, ERROR_INVALID_PARAMETER);
  if (!readable(p, in.addr, uint64_t(size.x) * size.y * 4) || !writable(p, region.addr, 8)) return fail(p, ERROR_NOACCESS);
  ConsoleRect r = get_rect(region.addr);
  if (clip_region(*b, size, from, r)) {
    for (int y = r.top; y <= r.bottom; ++y)
      for (int x = r.left; x <= r.right; ++x) {
        const size_t i = static_cast<size_t>(from.y + y - r.top) * size.x + (from.x + x - r.left);
        const CharInfo ci = get<CharInfo>(in.addr + i * 4);
        b->at(x, y) = ConsoleCell{Wide ? ci.ch : from_code_page(g_console_output_cp, static_cast<uint8_t>(ci.ch)), ci.attr};
      }
    b->mark(r.left, r.top, r.right, r.bottom);
    g_console->screen->changed(*b);
  }
  put_rect(region.addr, r);
  return TRUE;
}

template <bool Wide>
BOOL read_output(WindowsProcess& p, Ptr h, Ptr out, uint32_t size_v, uint32_t from_v, Ptr region) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  const Coord size = coord(size_v), from = coord(from_v);
  if (size.x < 0 || size.y < 0 || from.x < 0 || from.y < 0) return fail(p, ERROR_INVALID_PARAMETER);
  if (!writable(p, out.addr, uint64_t(size.x) * size.y * 4) || !writable(p, region.addr, 8)) return fail(p, ERROR_NOACCESS);
  ConsoleRect r = get_rect(region.addr);
  if (r.left >= b->width || r.top >= b->height) return fail(p, ERROR_INVALID_PARAMETER);
  if (clip_region(*b, size, from, r)) {
    for (int y = r.top; y <= r.bottom; ++y)
      for (int x = r.left; x <= r.right; ++x) {
        const size_t i = static_cast<size_t>(from.y + y - r.top) * size.x + (from.x + x - r.left);
        const ConsoleCell& c = b->at(x, y);
        put<CharInfo>(out.addr + i * 4, CharInfo{Wide ? c.ch : static_cast<char16_t>(static_cast<uint8_t>(to_code_page(g_console_output_cp, c.ch))), c.attr});
      }
  }
  put_rect(region.addr, r);
  return TRUE;
}

BOOL WriteConsoleOutputW(WindowsProcess& p, Ptr h, Ptr in, uint32_t size, uint32_t from, Ptr region) {
  return write_output<true>(p, h, in, size, from, region);
}
BOOL WriteConsoleOutputA(WindowsProcess& p, Ptr h, Ptr in, uint32_t size, uint32_t from, Ptr region) {
  return write_output<false>(p, h, in, size, from, region);
}
BOOL ReadConsoleOutputW(WindowsProcess& p, Ptr h, Ptr out, uint32_t size, uint32_t from, Ptr region) {
  return read_output<true>(p, h, out, size, from, region);
}
BOOL ReadConsoleOutputA(WindowsProcess& p, Ptr h, Ptr out, uint32_t size, uint32_t from, Ptr region) {
  return read_output<false>(p, h, out, size, from, region);
}

// ScrollConsoleScreenBuffer: the scroll rectangle's cells move to the destination; those it leaves
// that the destination does not cover take the fill; only cells inside the clip rectangle (the
// buffer, if none) change. A scroll rectangle or destination outside the buffer is refused.
template <bool Wide>
BOOL scroll(WindowsProcess& p, Ptr h, Ptr scroll_rect, Ptr clip_rect, uint32_t dest_v, Ptr fill_p) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!readable(p, scroll_rect.addr, 8) || (clip_rect && !readable(p, clip_rect.addr, 8)) || !readable(p, fill_p.addr, 4))
    return fail(p, ERROR_NOACCESS);
  const ConsoleRect s = get_rect(scroll_rect.addr);
  ConsoleRect clip = clip_rect ? get_rect(clip_rect.addr) : ConsoleRect{0, 0, b->width - 1, b->height - 1};
  clip.left = std::max(clip.left, 0);
  clip.top = std::max(clip.top, 0);
  clip.right = std::min(clip.right, b->width - 1);
  clip.bottom = std::min(clip.bottom, b->height - 1);
  const Coord dest = coord(dest_v);
  if (clip.empty() || s.left < 0 || s.top < 0 || s.right >= b->width || s.bottom >= b->height || s.empty() ||
      dest.x < 0 || dest.y < 0 || dest.x >= b->width || dest.y >= b->height)
    return fail(p, ERROR_INVALID_PARAMETER);
  const CharInfo f = get<CharInfo>(fill_p.addr);
  const ConsoleCell fill_cell{Wide ? f.ch : from_code_page(g_console_output_cp, static_cast<uint8_t>(f.ch)), f.attr};
  auto inside = [&](int x, int y) { return x >= clip.left && x <= clip.right && y >= clip.top && y <= clip.bottom; };
  const std::vector<ConsoleCell> before = b->cells;
  const int dx = dest.x - s.left, dy = dest.y - s.top;
  // The cells the scroll rectangle leaves (inside the clip): the fill.
  for (int y = s.top; y <= s.bottom; ++y)
    for (int x = s.left; x <= s.right; ++x)
      if (inside(x, y)) b->at(x, y) = fill_cell;
  // The moved cells (inside the clip and the buffer): from before the move.
  for (int y = s.top; y <= s.bottom; ++y)
    for (int x = s.left; x <= s.right; ++x) {
      const int tx = x + dx, ty = y + dy;
      if (tx >= 0 && ty >= 0 && tx < b->width && ty < b->height && inside(tx, ty))
        b->at(tx, ty) = before[static_cast<size_t>(y) * b->width + x];
    }
  // What changed: the scroll rectangle and the destination, inside the clip.
  ConsoleRect changed{std::min(s.left, int{dest.x}), std::min(s.top, int{dest.y}), std::max(s.right, dest.x + s.width() - 1),
                      std::max(s.bottom, dest.y + s.height() - 1)};
  changed.left = std::max(changed.left, clip.left);
  changed.top = std::max(changed.top, clip.top);
  changed.right = std::min(changed.right, clip.right);
  changed.bottom = std::min(changed.bottom, clip.bottom);
  if (!changed.empty()) b->mark(changed.left, changed.top, changed.right, changed.bottom);
  g_console->screen->changed(*b);
  return TRUE;
}

BOOL ScrollConsoleScreenBufferW(WindowsProcess& p, Ptr h, Ptr s, Ptr clip, uint32_t dest, Ptr fill_p) {
  return scroll<true>(p, h, s, clip, dest, fill_p);
}
BOOL ScrollConsoleScreenBufferA(WindowsProcess& p, Ptr h, Ptr s, Ptr clip, uint32_t dest, Ptr fill_p) {
  return scroll<false>(p, h, s, clip, dest, fill_p);
}

// ---- the buffer's size and window ----

// SetConsoleScreenBufferSize: no smaller than the window; the cells kept. The active buffer's new
// size is an input record with ENABLE_WINDOW_INPUT.
BOOL SetConsoleScreenBufferSize(WindowsProcess& p, Ptr h, uint32_t size_v) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  const Coord size = coord(size_v);
  if (size.x < b->window.width() || size.y < b->window.height()) return fail(p, ERROR_INVALID_PARAMETER);
  if (static_cast<uint64_t>(size.x) * size.y > (uint64_t{1} << 26)) return fail(p, ERROR_NOT_ENOUGH_MEMORY);
  Console& c = *g_console;
  b->resize(size.x, size.y);
  if (b == c.screen->active() && (c.input->mode() & kWindowInput)) {
    InputRecord r;
    r.type = kWindowBufferSizeEvent;
    r.size.x = static_cast<int16_t>(size.x);
    r.size.y = static_cast<int16_t>(size.y);
    c.input->queue().push_back(r);
    c.input->changed(p);
  }
  c.screen->changed(*b);
  return TRUE;
}

// SetConsoleWindowInfo: the window's rectangle, absolute or relative to where it is; inside the
// buffer and no larger than the terminal.
BOOL SetConsoleWindowInfo(WindowsProcess& p, Ptr h, int32_t absolute, Ptr rect) {
  auto b = output_of(p, h.addr);
  if (!b) return FALSE;
  if (!readable(p, rect.addr, 8)) return fail(p, ERROR_NOACCESS);
  ConsoleRect r = get_rect(rect.addr);
  if (!absolute) {
    r.left += b->window.left;
    r.top += b->window.top;
    r.right += b->window.right;
    r.bottom += b->window.bottom;
  }
  const Coord largest = largest_window(*g_console);
  if (r.left < 0 || r.top < 0 || r.right >= b->width || r.bottom >= b->height || r.empty() ||
      r.width() > largest.x || r.height() > largest.y)
    return fail(p, ERROR_INVALID_PARAMETER);
  b->window = r;
  g_console->screen->changed(*b);
  return TRUE;
}

uint32_t GetLargestConsoleWindowSize(WindowsProcess& p, Ptr h) {
  if (!output_of(p, h.addr)) return 0;
  const Coord largest = largest_window(*g_console);
  return pack(largest.x, largest.y);
}

// ---- several screen buffers ----

constexpr uint32_t kTextModeBuffer = 1;  // CONSOLE_TEXTMODE_BUFFER
constexpr uint32_t kErrorOperationAborted = 995;

// CreateConsoleScreenBuffer: a new buffer the terminal's size, blank, grey on black, its cursor at
// the top left, shown once SetConsoleActiveScreenBuffer makes it active.
Ptr CreateConsoleScreenBuffer(WindowsProcess& p, uint32_t, uint32_t, Ptr sa, uint32_t flags, Ptr) {
  Console* c = console(p);
  if (!c || flags != kTextModeBuffer) {
    p.set_last_error(c ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
    return Ptr(kInvalidHandle);
  }
  const Coord size = largest_window(*c);
  auto b = std::make_shared<ScreenBuffer>(size.x, size.y, size.x, size.y, 7);
  const int fd = ::fcntl(c->tty, F_DUPFD_CLOEXEC, 3);
  if (fd < 0) {
    fail_errno(p);
    return Ptr(kInvalidHandle);
  }
  const uint64_t h = p.mark_inheritable(p.handle_for_fd(fd), p.inherits(sa.addr));
  c->outputs[h] = b;
  p.set_last_error(0);
  return Ptr(h);
}

BOOL SetConsoleActiveScreenBuffer(WindowsProcess& p, Ptr h) {
  auto b = output_of(p, h.addr, true);
  if (!b) return FALSE;
  g_console->screen->activate(b);
  return TRUE;
}

// ---- input records ----

// The records' characters in the console's input code page ('?' for what it has no byte for).
void narrow_records(uint64_t at, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    InputRecord r = get<InputRecord>(at + i * 20);
    if (r.type == kKeyEvent) {
      r.key.ch = static_cast<char16_t>(static_cast<uint8_t>(to_code_page(g_console_cp, r.key.ch)));
      put<InputRecord>(at + i * 20, r);
    }
  }
}

// Copies up to n queued records out; `remove`: they leave the queue (Read), else they stay (Peek).
uint32_t take_records(ConsoleInput& in, uint64_t out, uint32_t n, bool remove) {
  uint32_t i = 0;
  for (; i < n && i < in.queue().size(); ++i) put<InputRecord>(out + i * 20, in.queue()[i]);
  if (remove) in.queue().erase(in.queue().begin(), in.queue().begin() + i);
  return i;
}

template <bool Wide>
BOOL read_input(WindowsProcess& p, Ptr h, Ptr out, uint32_t n, Ptr got, bool remove) {
  ConsoleInput* in = input_of(p, h.addr);
  if (!in) return FALSE;
  if (!writable(p, out.addr, uint64_t{n} * 20) || !writable(p, got.addr, 4)) return fail(p, ERROR_NOACCESS);
  in->take_over(p);
  // ReadConsoleInput waits for a record; PeekConsoleInput does not.
  if (remove && n > 0 && !wait_for_records(p, *in)) return fail(p, kErrorOperationAborted);
  const uint32_t count = take_records(*in, out.addr, n, remove);
  if (remove) in->changed(p);
  if (!Wide) narrow_records(out.addr, count);
  put<uint32_t>(got.addr, count);
  return TRUE;
}

BOOL ReadConsoleInputW(WindowsProcess& p, Ptr h, Ptr out, uint32_t n, Ptr got) { return read_input<true>(p, h, out, n, got, true); }
BOOL ReadConsoleInputA(WindowsProcess& p, Ptr h, Ptr out, uint32_t n, Ptr got) { return read_input<false>(p, h, out, n, got, true); }
BOOL PeekConsoleInputW(WindowsProcess& p, Ptr h, Ptr out, uint32_t n, Ptr got) { return read_input<true>(p, h, out, n, got, false); }
BOOL PeekConsoleInputA(WindowsProcess& p, Ptr h, Ptr out, uint32_t n, Ptr got) { return read_input<false>(p, h, out, n, got, false); }

BOOL GetNumberOfConsoleInputEvents(WindowsProcess& p, Ptr h, Ptr count) {
  ConsoleInput* in = input_of(p, h.addr);
  if (!in) return FALSE;
  if (!writable(p, count.addr, 4)) return fail(p, ERROR_NOACCESS);
  in->take_over(p);
  put<uint32_t>(count.addr, static_cast<uint32_t>(in->queue().size()));
  return TRUE;
}

BOOL FlushConsoleInputBuffer(WindowsProcess& p, Ptr h) {
  ConsoleInput* in = input_of(p, h.addr);
  if (!in) return FALSE;
  in->flush();
  g_console->rest.clear();
  g_console->rest_bytes.clear();
  in->changed(p);
  return TRUE;
}

// WriteConsoleInput: the records join the queue's end, as if typed.
template <bool Wide>
BOOL write_input(WindowsProcess& p, Ptr h, Ptr records, uint32_t n, Ptr written) {
  ConsoleInput* in = input_of(p, h.addr);
  if (!in) return FALSE;
  if (!readable(p, records.addr, uint64_t{n} * 20) || !writable(p, written.addr, 4)) return fail(p, ERROR_NOACCESS);
  in->take_over(p);
  for (uint32_t i = 0; i < n; ++i) {
    InputRecord r = get<InputRecord>(records.addr + i * 20);
    if (!Wide && r.type == kKeyEvent) r.key.ch = from_code_page(g_console_cp, static_cast<uint8_t>(r.key.ch));
    in->queue().push_back(r);
  }
  in->changed(p);
  put<uint32_t>(written.addr, n);
  return TRUE;
}

BOOL WriteConsoleInputW(WindowsProcess& p, Ptr h, Ptr r, uint32_t n, Ptr written) { return write_input<true>(p, h, r, n, written); }
BOOL WriteConsoleInputA(WindowsProcess& p, Ptr h, Ptr r, uint32_t n, Ptr written) { return write_input<false>(p, h, r, n, written); }

}  // namespace

// ---- the console's part in other functions (kernel32/console.h) ----

std::optional<int32_t> console_write_file(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t written) {
  std::shared_ptr<ScreenBuffer> b;
  const Kind k = kind_of(p, h, &b);
  if (k == Kind::None) return std::nullopt;
  if (k == Kind::Input) return fail(p, ERROR_INVALID_HANDLE);
  if (!readable(p, buf, len)) return fail(p, ERROR_NOACCESS);
  write_buffer(p, *g_console, *b, decode_output(g_output_carry, reinterpret_cast<const char*>(buf), len));
  put<uint32_t>(written, len);
  return TRUE;
}

std::optional<int32_t> console_read_file(WindowsProcess& p, uint64_t h, uint64_t buf, uint32_t len, uint64_t read) {
  const Kind k = kind_of(p, h);
  if (k == Kind::None) return std::nullopt;
  if (k == Kind::Output) return fail(p, ERROR_INVALID_HANDLE);
  if (!writable(p, buf, len)) return fail(p, ERROR_NOACCESS);
  auto bytes = read_console_bytes(p, *g_console, p.fd_for_handle(h), len);
  if (!bytes) return fail_errno(p);
  std::memcpy(guest_pointer(buf), bytes->data(), bytes->size());
  put<uint32_t>(read, static_cast<uint32_t>(bytes->size()));
  return TRUE;
}

bool console_write_fd(WindowsProcess& p, int fd, const char* data, size_t len) {
  Console* c;
  if (!is_terminal_fd(p, fd, c)) return false;
  write_buffer(p, *c, *c->first, decode_output(g_output_carry, data, len));
  return true;
}

std::optional<ssize_t> console_read_fd(WindowsProcess& p, int fd, char* data, size_t len) {
  Console* c;
  if (!is_terminal_fd(p, fd, c)) return std::nullopt;
  auto bytes = read_console_bytes(p, *c, fd, len);
  if (!bytes) return -1;
  std::memcpy(data, bytes->data(), bytes->size());
  return static_cast<ssize_t>(bytes->size());
}

// _getch and _kbhit once the console reads the terminal itself: keys from its queue. A key with a
// character gives the character; the function and editing keys give two codes, 0 (the function
// keys) or 0xE0 (the enhanced keys) and then the key's code, which Shift, Ctrl and Alt change as
// the PC BIOS's keyboard codes do.
namespace {

int g_getch_second = -1;

// The second code of a key without a character (0: not one _getch reports).
int extended_code(const InputRecord& r) {
  const uint32_t s = r.key.state;
  const int m = (s & kLeftAltPressed) ? 3 : (s & kLeftCtrlPressed) ? 2 : (s & kShiftPressed) ? 1 : 0;
  const uint16_t vk = r.key.vk;
  if (vk >= 0x70 && vk <= 0x79) {  // F1-F10
    static const int kBase[4] = {0x3b, 0x54, 0x5e, 0x68};
    return kBase[m] + vk - 0x70;
  }
  if (vk == 0x7a || vk == 0x7b) return 0x85 + 2 * m + (vk - 0x7a);  // F11, F12
  static const struct {
    uint16_t vk;
    int codes[4];  // plain, Shift, Ctrl, Alt
  } kKeys[] = {{0x24, {0x47, 0x47, 0x77, 0x97}}, {0x26, {0x48, 0x48, 0x8d, 0x98}}, {0x21, {0x49, 0x49, 0x84, 0x99}},
               {0x25, {0x4b, 0x4b, 0x73, 0x9b}}, {0x27, {0x4d, 0x4d, 0x74, 0x9d}}, {0x23, {0x4f, 0x4f, 0x75, 0x9f}},
               {0x28, {0x50, 0x50, 0x91, 0xa0}}, {0x22, {0x51, 0x51, 0x76, 0xa1}}, {0x2d, {0x52, 0x52, 0x92, 0xa2}},
               {0x2e, {0x53, 0x53, 0x93, 0xa3}}};
  for (const auto& k : kKeys)
    if (k.vk == vk) return k.codes[m];
  return 0;
}

// The first code of the next key in the queue from index i on, and where it is (-1: none yet).
int next_key(const std::deque<InputRecord>& q, size_t& i, int& second) {
  for (; i < q.size(); ++i) {
    const InputRecord& r = q[i];
    if (r.type != kKeyEvent || !r.key.down) continue;
    if (r.key.ch) {
      second = -1;
      return r.key.ch < 0x80 ? r.key.ch : '?';
    }
    if (int code = extended_code(r)) {
      second = code;
      return (r.key.state & kEnhancedKey) ? 0xe0 : 0;
    }
  }
  return -1;
}

}  // namespace

uint32_t console_input_code_page() { return g_console_cp; }
uint32_t console_output_code_page() { return g_console_output_cp; }
std::u16string console_text_to_utf16(uint32_t cp, std::string_view bytes) { return console_to_utf16(cp, bytes); }
std::string utf16_to_console_text(uint32_t cp, std::u16string_view text) { return utf16_to_console(cp, text); }

std::optional<int32_t> console_getch(WindowsProcess& p) {
  Console* c = console(p);
  if (!c || !c->input->taken_over()) return std::nullopt;
  if (g_getch_second >= 0) {
    const int second = g_getch_second;
    g_getch_second = -1;
    return second;
  }
  ConsoleInput& in = *c->input;
  for (;;) {
    if (!wait_for_records(p, in)) return -1;
    size_t i = 0;
    int second = -1;
    const int first = next_key(in.queue(), i, second);
    in.queue().erase(in.queue().begin(), in.queue().begin() + static_cast<ptrdiff_t>(std::min(i + 1, in.queue().size())));
    in.changed(p);
    if (first >= 0) {
      g_getch_second = second;
      return first;
    }
  }
}

std::optional<int32_t> console_kbhit(WindowsProcess& p) {
  Console* c = console(p);
  if (!c || !c->input->taken_over()) return std::nullopt;
  if (g_getch_second >= 0) return 1;
  size_t i = 0;
  int second;
  return next_key(c->input->queue(), i, second) >= 0 ? 1 : 0;
}

uint64_t console_open(WindowsProcess& p, bool output) {
  Console* c = console(p);
  if (!c) return 0;
  const int fd = ::fcntl(c->tty, F_DUPFD_CLOEXEC, 3);
  if (fd < 0) return 0;
  const uint64_t h = p.handle_for_fd(fd);
  if (output) c->outputs[h] = c->screen->active();
  else c->inputs.insert(h);
  return h;
}

void console_handle_duplicated(WindowsProcess& p, uint64_t from, uint64_t to) {
  std::shared_ptr<ScreenBuffer> b;
  const Kind k = kind_of(p, from, &b);
  if (k == Kind::Output) g_console->outputs[to] = b;
  if (k == Kind::Input) g_console->inputs.insert(to);
}

void console_handle_closed(WindowsProcess&, uint64_t h) {
  if (!g_console) return;
  g_console->outputs.erase(h);
  g_console->inputs.erase(h);
}

std::shared_ptr<Waitable> console_waitable(WindowsProcess& p, uint64_t h) {
  if (!console(p)) return nullptr;
  if (kind_of(p, h) != Kind::Input) return nullptr;
  ConsoleInput& in = *g_console->input;
  in.take_over(p);
  in.changed(p);
  return in.waitable();
}

void console_end(WindowsProcess&) {
  if (!g_console) return;
  g_console->screen->render();
  ConsoleScreen::restore_terminal();
  ConsoleInput::restore_terminal();
}

void (*console_default_signal_action())(int) { return cpu::with_thread_pointer<restore_and_die>; }

bool console_attach_terminal(WindowsProcess& p, int tty) {
  if (console(p)) return false;
  return make_console(tty) != nullptr;
}
void console_detach(WindowsProcess& p) {
  if (!console(p)) return;
  console_end(p);
  // (The console itself is left as it is: a reader thread of its input may still hold it.)
  g_console = nullptr;
}

bool console_present(WindowsProcess& p) { return console(p) != nullptr; }
int console_handle_kind(WindowsProcess& p, uint64_t h) {
  switch (kind_of(p, h)) {
    case Kind::Input: return 1;
    case Kind::Output: return 2;
    default: return 0;
  }
}
int console_terminal_fd(WindowsProcess& p) {
  Console* c = console(p);
  return c ? c->tty : -1;
}
std::u16string console_original_title(WindowsProcess& p) { return utf8_to_utf16(p.exe_path); }

const std::vector<Export>& kernel32_console_exports() {
  static const std::vector<Export> exports = {
      EXPORT("WriteConsoleA", WriteConsoleA),
      EXPORT("WriteConsoleW", WriteConsoleW),
      EXPORT("ReadConsoleA", ReadConsoleA),
      EXPORT("ReadConsoleW", ReadConsoleW),
      EXPORT("GetConsoleMode", GetConsoleMode),
      EXPORT("SetConsoleMode", SetConsoleMode),
      EXPORT("GetConsoleCP", GetConsoleCP),
      EXPORT("GetConsoleOutputCP", GetConsoleOutputCP),
      EXPORT("SetConsoleCP", SetConsoleCP),
      EXPORT("SetConsoleOutputCP", SetConsoleOutputCP),
      EXPORT("GetConsoleDisplayMode", GetConsoleDisplayMode),
      EXPORT("GetConsoleTitleW", GetConsoleTitleW),
      EXPORT("GetConsoleTitleA", GetConsoleTitleA),
      EXPORT("SetConsoleTitleW", SetConsoleTitleW),
      EXPORT("SetConsoleTitleA", SetConsoleTitleA),
      EXPORT("GetConsoleScreenBufferInfo", GetConsoleScreenBufferInfo),
      EXPORT("GetConsoleScreenBufferInfoEx", GetConsoleScreenBufferInfoEx),
      EXPORT("SetConsoleScreenBufferInfoEx", SetConsoleScreenBufferInfoEx),
      EXPORT("SetConsoleTextAttribute", SetConsoleTextAttribute),
      EXPORT("SetConsoleCursorPosition", SetConsoleCursorPosition),
      EXPORT("GetConsoleCursorInfo", GetConsoleCursorInfo),
      EXPORT("SetConsoleCursorInfo", SetConsoleCursorInfo),
      EXPORT("FillConsoleOutputCharacterA", FillConsoleOutputCharacterA),
      EXPORT("FillConsoleOutputCharacterW", FillConsoleOutputCharacterW),
      EXPORT("FillConsoleOutputAttribute", FillConsoleOutputAttribute),
      EXPORT("ReadConsoleOutputCharacterA", ReadConsoleOutputCharacterA),
      EXPORT("ReadConsoleOutputCharacterW", ReadConsoleOutputCharacterW),
      EXPORT("ReadConsoleOutputAttribute", ReadConsoleOutputAttribute),
      EXPORT("WriteConsoleOutputCharacterA", WriteConsoleOutputCharacterA),
      EXPORT("WriteConsoleOutputCharacterW", WriteConsoleOutputCharacterW),
      EXPORT("WriteConsoleOutputAttribute", WriteConsoleOutputAttribute),
      EXPORT("WriteConsoleOutputA", WriteConsoleOutputA),
      EXPORT("WriteConsoleOutputW", WriteConsoleOutputW),
      EXPORT("ReadConsoleOutputA", ReadConsoleOutputA),
      EXPORT("ReadConsoleOutputW", ReadConsoleOutputW),
      EXPORT("ScrollConsoleScreenBufferA", ScrollConsoleScreenBufferA),
      EXPORT("ScrollConsoleScreenBufferW", ScrollConsoleScreenBufferW),
      EXPORT("SetConsoleScreenBufferSize", SetConsoleScreenBufferSize),
      EXPORT("SetConsoleWindowInfo", SetConsoleWindowInfo),
      EXPORT("GetLargestConsoleWindowSize", GetLargestConsoleWindowSize),
      EXPORT("CreateConsoleScreenBuffer", CreateConsoleScreenBuffer),
      EXPORT("SetConsoleActiveScreenBuffer", SetConsoleActiveScreenBuffer),
      EXPORT("ReadConsoleInputA", ReadConsoleInputA),
      EXPORT("ReadConsoleInputW", ReadConsoleInputW),
      EXPORT("PeekConsoleInputA", PeekConsoleInputA),
      EXPORT("PeekConsoleInputW", PeekConsoleInputW),
      EXPORT("GetNumberOfConsoleInputEvents", GetNumberOfConsoleInputEvents),
      EXPORT("FlushConsoleInputBuffer", FlushConsoleInputBuffer),
      EXPORT("WriteConsoleInputA", WriteConsoleInputA),
      EXPORT("WriteConsoleInputW", WriteConsoleInputW),
  };
  return exports;
}

}  // namespace polyrun::shims
