// The console's input buffer on the terminal (kernel32/console_input.h).
#include "shims/kernel32/console_input.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>

#include "cpu-emu/x86_64_thread_pointer.h"
#include "shims/core/windows_process.h"

namespace polyrun::shims {

// ---- keys ----

namespace {

constexpr uint16_t kVkBack = 0x08, kVkTab = 0x09, kVkReturn = 0x0d, kVkShift = 0x10, kVkControl = 0x11,
                   kVkMenu = 0x12, kVkEscape = 0x1b, kVkSpace = 0x20, kVkPrior = 0x21, kVkNext = 0x22, kVkEnd = 0x23,
                   kVkHome = 0x24, kVkLeft = 0x25, kVkUp = 0x26, kVkRight = 0x27, kVkDown = 0x28, kVkInsert = 0x2d,
                   kVkDelete = 0x2e, kVkF1 = 0x70;

// MapVirtualKey(vk, MAPVK_VK_TO_VSC) of a US keyboard: the set-1 scan code of the key.
uint16_t scan_code(uint16_t vk) {
  static const char kLetters[] = "\x1e\x30\x2e\x20\x12\x21\x22\x23\x17\x24\x25\x26\x32\x31\x18\x19\x10\x13\x1f\x14\x16\x2f\x11\x2d\x15\x2c";
  if (vk >= 'A' && vk <= 'Z') return static_cast<uint8_t>(kLetters[vk - 'A']);
  if (vk >= '1' && vk <= '9') return static_cast<uint16_t>(vk - '1' + 2);
  if (vk >= kVkF1 && vk < kVkF1 + 10) return static_cast<uint16_t>(0x3b + vk - kVkF1);
  switch (vk) {
    case '0': return 0x0b;
    case kVkBack: return 0x0e;
    case kVkTab: return 0x0f;
    case kVkReturn: return 0x1c;
    case kVkShift: return 0x2a;
    case kVkControl: return 0x1d;
    case kVkMenu: return 0x38;
    case kVkEscape: return 0x01;
    case kVkSpace: return 0x39;
    case kVkPrior: return 0x49;
    case kVkNext: return 0x51;
    case kVkEnd: return 0x4f;
    case kVkHome: return 0x47;
    case kVkLeft: return 0x4b;
    case kVkUp: return 0x48;
    case kVkRight: return 0x4d;
    case kVkDown: return 0x50;
    case kVkInsert: return 0x52;
    case kVkDelete: return 0x53;
    case kVkF1 + 10: return 0x57;  // F11
    case kVkF1 + 11: return 0x58;  // F12
    case 0xba: return 0x27;  // VK_OEM_1 ;:
    case 0xbb: return 0x0d;  // VK_OEM_PLUS =+
    case 0xbc: return 0x33;  // VK_OEM_COMMA
    case 0xbd: return 0x0c;  // VK_OEM_MINUS
    case 0xbe: return 0x34;  // VK_OEM_PERIOD
    case 0xbf: return 0x35;  // VK_OEM_2 /?
    case 0xc0: return 0x29;  // VK_OEM_3 `~
    case 0xdb: return 0x1a;  // VK_OEM_4 [{
    case 0xdc: return 0x2b;  // VK_OEM_5 \|
    case 0xdd: return 0x1b;  // VK_OEM_6 ]}
    case 0xde: return 0x28;  // VK_OEM_7 '"
    default: return 0;
  }
}

InputRecord key_record(bool down, char16_t ch, uint16_t vk, uint32_t state) {
  InputRecord r;
  r.type = kKeyEvent;
  r.key.down = down ? 1 : 0;
  r.key.repeat = 1;
  r.key.vk = vk;
  r.key.scan = scan_code(vk);
  r.key.ch = ch;
  r.key.state = state;
  return r;
}

}  // namespace

uint16_t key_for_char(char16_t ch, uint32_t& mods) {
  mods = 0;
  if (ch >= 'a' && ch <= 'z') return static_cast<uint16_t>(ch - 'a' + 'A');
  if (ch >= 'A' && ch <= 'Z') {
    mods = kShiftPressed;
    return ch;
  }
  if (ch >= '0' && ch <= '9') return ch;
  static const struct {
    char c;
    uint16_t vk;
    bool shift;
  } kKeys[] = {{' ', kVkSpace, false}, {')', '0', true},  {'!', '1', true},  {'@', '2', true},  {'#', '3', true},
               {'$', '4', true},       {'%', '5', true},  {'^', '6', true},  {'&', '7', true},  {'*', '8', true},
               {'(', '9', true},       {';', 0xba, false}, {':', 0xba, true}, {'=', 0xbb, false}, {'+', 0xbb, true},
               {',', 0xbc, false},     {'<', 0xbc, true}, {'-', 0xbd, false}, {'_', 0xbd, true}, {'.', 0xbe, false},
               {'>', 0xbe, true},      {'/', 0xbf, false}, {'?', 0xbf, true}, {'`', 0xc0, false}, {'~', 0xc0, true},
               {'[', 0xdb, false},     {'{', 0xdb, true}, {'\\', 0xdc, false}, {'|', 0xdc, true}, {']', 0xdd, false},
               {'}', 0xdd, true},      {'\'', 0xde, false}, {'"', 0xde, true}, {'\t', kVkTab, false},
               {'\r', kVkReturn, false}, {'\b', kVkBack, false}, {'\x1b', kVkEscape, false}};
  for (const auto& k : kKeys)
    if (ch == static_cast<char16_t>(k.c)) {
      if (k.shift) mods = kShiftPressed;
      return k.vk;
    }
  // The control characters: Ctrl with a letter or a punctuation key.
  if (ch >= 1 && ch <= 26) {
    mods = kLeftCtrlPressed;
    return static_cast<uint16_t>('A' + ch - 1);
  }
  switch (ch) {
    case 0: mods = kLeftCtrlPressed | kShiftPressed; return '2';
    case 0x1c: mods = kLeftCtrlPressed; return 0xdc;
    case 0x1d: mods = kLeftCtrlPressed; return 0xdd;
    case 0x1e: mods = kLeftCtrlPressed | kShiftPressed; return '6';
    case 0x1f: mods = kLeftCtrlPressed | kShiftPressed; return 0xbd;
    default: return 0;
  }
}

// Shift, Alt and Ctrl go down in that order before the key and up in the reverse order after it,
// each record's state saying which are down.
void key_press(std::vector<InputRecord>& out, char16_t ch, uint16_t vk, uint32_t mods, bool enhanced) {
  uint32_t state = 0;
  static const struct {
    uint32_t bit;
    uint16_t vk;
  } kModifiers[] = {{kShiftPressed, kVkShift}, {kLeftAltPressed, kVkMenu}, {kLeftCtrlPressed, kVkControl}};
  for (const auto& m : kModifiers)
    if (mods & m.bit) {
      state |= m.bit;
      out.push_back(key_record(true, 0, m.vk, state));
    }
  const uint32_t key_state = state | (enhanced ? kEnhancedKey : 0);
  out.push_back(key_record(true, ch, vk, key_state));
  out.push_back(key_record(false, ch, vk, key_state));
  for (int i = 2; i >= 0; --i)
    if (mods & kModifiers[i].bit) {
      state &= ~kModifiers[i].bit;
      out.push_back(key_record(false, 0, kModifiers[i].vk, state));
    }
}

namespace {

// A character typed: its key, with the modifiers it needs and those given.
void char_press(std::vector<InputRecord>& out, char32_t c, uint32_t extra) {
  if (c > 0xffff) {
    // Beyond the BMP: its two surrogates, each a key of its own (no key types them).
    c -= 0x10000;
    key_press(out, static_cast<char16_t>(0xd800 + (c >> 10)), 0, extra);
    key_press(out, static_cast<char16_t>(0xdc00 + (c & 0x3ff)), 0, extra);
    return;
  }
  const char16_t ch = static_cast<char16_t>(c);
  uint32_t mods = 0;
  uint16_t vk;
  switch (ch) {
    case 0x7f: vk = kVkBack; return key_press(out, u'\b', vk, extra);  // the Backspace key
    case u'\n': return key_press(out, u'\n', kVkReturn, kLeftCtrlPressed | extra);  // Ctrl+Enter
    case 0x08: return key_press(out, u'\b', 'H', kLeftCtrlPressed | extra);  // Ctrl+H
    default: vk = key_for_char(ch, mods);
  }
  key_press(out, ch, vk, mods | extra);
}

// xterm's modifier parameter (1 + Shift 1, Alt 2, Ctrl 4) as control key state.
uint32_t modifiers_of(int m) {
  if (m < 2) return 0;
  --m;
  return (m & 1 ? kShiftPressed : 0) | (m & 2 ? kLeftAltPressed : 0) | (m & 4 ? kLeftCtrlPressed : 0);
}

// The key a CSI or SS3 sequence ends with (A-D, H, F: cursor keys; P-S: F1-F4).
bool letter_key(char c, uint16_t& vk, bool& enhanced) {
  enhanced = true;
  switch (c) {
    case 'A': vk = kVkUp; return true;
    case 'B': vk = kVkDown; return true;
    case 'C': vk = kVkRight; return true;
    case 'D': vk = kVkLeft; return true;
    case 'H': vk = kVkHome; return true;
    case 'F': vk = kVkEnd; return true;
    default: break;
  }
  enhanced = false;
  if (c >= 'P' && c <= 'S') {
    vk = static_cast<uint16_t>(kVkF1 + c - 'P');
    return true;
  }
  return false;
}

// The key of CSI n ~ (the editing keys and F1-F12, as xterm and the Linux console send them).
bool tilde_key(int n, uint16_t& vk, bool& enhanced) {
  enhanced = n >= 1 && n <= 8;
  switch (n) {
    case 1: case 7: vk = kVkHome; return true;
    case 2: vk = kVkInsert; return true;
    case 3: vk = kVkDelete; return true;
    case 4: case 8: vk = kVkEnd; return true;
    case 5: vk = kVkPrior; return true;
    case 6: vk = kVkNext; return true;
    case 11: case 12: case 13: case 14: case 15: vk = static_cast<uint16_t>(kVkF1 + n - 11); return true;
    case 17: case 18: case 19: case 20: case 21: vk = static_cast<uint16_t>(kVkF1 + 5 + n - 17); return true;
    case 23: case 24: vk = static_cast<uint16_t>(kVkF1 + 10 + n - 23); return true;
    default: return false;
  }
}

// The length of the UTF-8 character starting with `b` (1 for an invalid byte).
size_t utf8_length(unsigned char b) { return b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : b < 0xf8 ? 4 : 1; }

}  // namespace

void KeyDecoder::feed(std::string_view bytes, bool final, bool sequences, std::vector<InputRecord>& out) {
  held_.append(bytes);
  const std::string s = std::move(held_);
  held_.clear();
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t left = s.size() - i;
    if (c == 0x1b && !sequences) {
      key_press(out, 0x1b, kVkEscape, 0);
      ++i;
      continue;
    }
    if (c == 0x1b) {
      if (left == 1) {
        if (!final) break;
        key_press(out, 0x1b, kVkEscape, 0);
        ++i;
        continue;
      }
      const char k = s[i + 1];
      if (k == '[' || k == 'O') {
        // CSI parameters and final byte, or SS3 and a letter.
        size_t j = i + 2;
        std::vector<int> ps;
        int v = -1;
        while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == ';')) {
          if (s[j] == ';') {
            ps.push_back(v);
            v = -1;
          } else {
            v = (v < 0 ? 0 : v) * 10 + (s[j] - '0');
          }
          ++j;
        }
        ps.push_back(v);
        if (j == s.size()) {
          if (!final) break;
          key_press(out, k, k == '[' ? 0xdb : 'O', k == '[' ? kLeftAltPressed : kLeftAltPressed | kShiftPressed);
          i += 2;
          continue;
        }
        const char f = s[j];
        uint16_t vk = 0;
        bool enhanced = false;
        const uint32_t mods = modifiers_of(ps.size() > 1 ? ps[1] : -1);
        if (letter_key(f, vk, enhanced)) key_press(out, 0, vk, mods, enhanced);
        else if (k == '[' && f == '~' && tilde_key(ps[0], vk, enhanced)) key_press(out, 0, vk, mods, enhanced);
        else if (k == '[' && f == 'Z') key_press(out, u'\t', kVkTab, kShiftPressed);  // Shift+Tab
        // (any other sequence: a report or a key this console does not know; dropped)
        i = j + 1;
        continue;
      }
      // ESC and a character: that character's key with Alt (ESC ESC: Escape, then what follows).
      if (k == 0x1b) {
        key_press(out, 0x1b, kVkEscape, 0);
        ++i;
        continue;
      }
      const size_t n = utf8_length(static_cast<unsigned char>(k));
      if (left < 1 + n && !final) break;
      std::u16string w;
      char32_t cp = static_cast<unsigned char>(k);
      if (n > 1 && left >= 1 + n) {
        cp &= 0x3f >> (n - 1);
        for (size_t m = 1; m < n; ++m) cp = cp << 6 | (static_cast<unsigned char>(s[i + 1 + m]) & 0x3f);
      }
      char_press(out, cp, kLeftAltPressed);
      i += 1 + std::min(n, left - 1);
      continue;
    }
    const size_t n = utf8_length(c);
    if (n > left) {
      if (!final) break;
      char_press(out, 0xfffd, 0);
      i = s.size();
      continue;
    }
    char32_t cp = c;
    if (n > 1) {
      cp &= 0x3f >> (n - 1);
      for (size_t m = 1; m < n; ++m) cp = cp << 6 | (static_cast<unsigned char>(s[i + m]) & 0x3f);
    } else if (c >= 0x80) {
      cp = 0xfffd;
    }
    char_press(out, cp, 0);
    i += n;
  }
  held_ = s.substr(i);
}

// ---- the terminal's modes, and their restoring ----

namespace {

// What a signal handler needs to give the terminal its modes back.
struct termios g_original;
volatile sig_atomic_t g_modes_changed = 0;
int g_input_tty = -1;

// SIGWINCH: noted, and told to the reader thread through a pipe.
std::atomic<bool> g_resized{false};
int g_wake_pipe[2] = {-1, -1};

void on_sigwinch(int) {
  const int saved = errno;
  g_resized.store(true, std::memory_order_relaxed);
  if (g_wake_pipe[1] >= 0) {
    const char c = 'w';
    [[maybe_unused]] ssize_t n = ::write(g_wake_pipe[1], &c, 1);
  }
  errno = saved;
}

}  // namespace

ConsoleInput::ConsoleInput(int tty) : tty_(tty) {
  is_terminal_ = ::tcgetattr(tty_, &original_) == 0;
  waitable_ = std::make_shared<Waitable>();
  waitable_->kind = Waitable::Kind::Event;
  waitable_->manual_reset = true;
  if (::pipe2(g_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_wake_pipe[0] = g_wake_pipe[1] = -1;
  struct sigaction sa {};
  sa.sa_handler = cpu::with_thread_pointer<on_sigwinch>;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGWINCH, &sa, nullptr);
}

bool ConsoleInput::take_resize() {
  if (!g_resized.exchange(false)) return false;
  char drain[64];
  while (g_wake_pipe[0] >= 0 && ::read(g_wake_pipe[0], drain, sizeof drain) > 0) {
  }
  return true;
}

void ConsoleInput::restore_terminal() {
  if (g_modes_changed && g_input_tty >= 0) ::tcsetattr(g_input_tty, TCSANOW, &g_original);
  g_modes_changed = 0;
}

void ConsoleInput::set_mode(uint32_t mode) {
  mode_ = mode;
  apply();
}

// The terminal's modes for the console's: raw once the console reads it itself; before, its own
// line editing with ENABLE_LINE_INPUT, its echo with ENABLE_ECHO_INPUT, Ctrl-C as SIGINT with
// ENABLE_PROCESSED_INPUT (polyrun's console control event).
void ConsoleInput::apply() {
  if (!is_terminal_) return;
  struct termios t = original_;
  if (taken_over_) {
    t.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ECHONL | ISIG | IEXTEN);
    t.c_iflag &= ~static_cast<tcflag_t>(ICRNL | INLCR | IGNCR | IXON | ISTRIP);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
  } else {
    auto set = [&](tcflag_t bit, bool on) { t.c_lflag = on ? t.c_lflag | bit : t.c_lflag & ~bit; };
    set(ICANON, mode_ & kLineInput);
    set(ECHO, (mode_ & kEchoInput) && (original_.c_lflag & ECHO));
    set(ISIG, (mode_ & kProcessedInput) && (original_.c_lflag & ISIG));
  }
  struct termios now {};
  ::tcgetattr(tty_, &now);
  if (now.c_lflag == t.c_lflag && now.c_iflag == t.c_iflag && now.c_cc[VMIN] == t.c_cc[VMIN] &&
      now.c_cc[VTIME] == t.c_cc[VTIME])
    return;
  if (!g_modes_changed) {
    g_original = original_;
    g_input_tty = tty_;
    g_modes_changed = 1;
  }
  ::tcsetattr(tty_, TCSANOW, &t);
}

void ConsoleInput::take_over(WindowsProcess& p) {
  if (taken_over_ || !is_terminal_) return;
  taken_over_ = true;
  apply();
  // Records can arrive at any time: waits may end from outside, and the process ends with exit_group.
  ++p.outside_signals;
  p.helper_threads = true;
  std::thread([this, &p] { reader(p); }).detach();
}

void ConsoleInput::changed(WindowsProcess& p) {
  waitable_->count = queue_.empty() ? 0 : 1;
  p.wake_waiters();
}

void ConsoleInput::push(WindowsProcess& p, const std::vector<InputRecord>& records) {
  for (const InputRecord& r : records) {
    // Ctrl-C with processed input: the console control event (SIGINT's handling), not a record.
    if ((mode_ & kProcessedInput) && r.type == kKeyEvent && r.key.ch == 3 && !(r.key.state & kEnhancedKey)) {
      if (r.key.down) ::syscall(SYS_tgkill, ::getpid(), ::syscall(SYS_gettid), SIGINT);
      continue;
    }
    queue_.push_back(r);
  }
  changed(p);
}

void ConsoleInput::flush() {
  queue_.clear();
  waitable_->count = 0;
  if (is_terminal_) ::tcflush(tty_, TCIFLUSH);
}

// The reader thread: what the terminal sends, decoded into the queue under the process's lock; an
// ESC with nothing after it for 50 ms is the Escape key; resizes handled as they come. The 50 ms
// are counted between the reads (not from when the lock was had: a program running long on the
// CPU engine may keep the reader waiting for it while the next key arrives).
void ConsoleInput::reader(WindowsProcess& p) {
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGWINCH);
  ::pthread_sigmask(SIG_BLOCK, &block, nullptr);  // (its pipe tells this thread)
  char buf[4096];
  constexpr auto kEscapeAlone = std::chrono::milliseconds(50);
  std::chrono::steady_clock::time_point last_read{};
  for (;;) {
    struct pollfd fds[2] = {{tty_, POLLIN, 0}, {g_wake_pipe[0], POLLIN, 0}};
    const int r = ::poll(fds, g_wake_pipe[0] >= 0 ? 2 : 1, decoder_.held() ? 50 : -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return;
    std::vector<InputRecord> records;
    bool resized = false, ended = false;
    const bool virtual_input = !(mode_ & kVirtualTerminalInput);
    if (r == 0) {
      p.lock.acquire();
      decoder_.feed("", true, virtual_input, records);
    } else {
      ssize_t n = 0;
      if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        n = ::read(tty_, buf, sizeof buf);
        if (n <= 0 && !(n < 0 && (errno == EINTR || errno == EAGAIN))) ended = true;
      }
      const auto now = std::chrono::steady_clock::now();
      resized = g_wake_pipe[0] >= 0 && (fds[1].revents & POLLIN) && take_resize();
      p.lock.acquire();
      // (ENABLE_VIRTUAL_TERMINAL_INPUT: the terminal's sequences reach the program as they are,
      // a character a record.)
      if (n > 0) {
        if (decoder_.held() && now - last_read > kEscapeAlone) decoder_.feed("", true, virtual_input, records);
        decoder_.feed(std::string_view(buf, static_cast<size_t>(n)), false, virtual_input, records);
        last_read = now;
      }
    }
    if (resized && on_resize_) on_resize_(p);
    if (!records.empty()) push(p, records);
    p.lock.release();
    p.wake_waiters();
    if (ended) return;  // the terminal is gone (hung up): nothing more comes
  }
}

}  // namespace polyrun::shims
