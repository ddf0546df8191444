// The Windows console's input buffer on the host terminal: INPUT_RECORDs decoded from the bytes
// the terminal sends (keys as KEY_EVENT_RECORDs with a US keyboard's virtual-key codes and scan
// codes, escape sequences for the cursor, editing and function keys, Alt as the ESC prefix), a
// WINDOW_BUFFER_SIZE_EVENT when the terminal is resized, and the terminal's modes following the
// console's input mode.
//
// The terminal stays as the program found it (its own line editing and echo, which ReadFile gets
// whole lines of) until the program asks for what only records give: input records (Read, Peek,
// the count, WriteConsoleInput, a wait on the input handle) or input without ENABLE_LINE_INPUT.
// From then on the console reads the terminal itself: raw mode (no line editing, echo or signals:
// Ctrl-C arrives as a key, and ENABLE_PROCESSED_INPUT makes it the console control event), a thread
// of polyrun's that decodes what arrives into the queue, and line input edited and echoed by the
// console as Windows' console does it. Whatever it changed, the terminal gets its modes back when
// the process ends, however it ends.
#pragma once

#include <termios.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace polyrun::shims {

struct WindowsProcess;
struct Waitable;

// INPUT_RECORD: the same 20 bytes for 32- and 64-bit programs.
struct InputRecord {
  uint16_t type = 0;  // KEY_EVENT 1, MOUSE_EVENT 2, WINDOW_BUFFER_SIZE_EVENT 4, MENU_EVENT 8, FOCUS_EVENT 16
  uint16_t pad = 0;
  union {
    struct {
      int32_t down;
      uint16_t repeat, vk, scan;
      char16_t ch;
      uint32_t state;
    } key;
    struct {
      int16_t x, y;
    } size;
    uint8_t raw[16];
  };
  InputRecord() : raw{} {}
};
static_assert(sizeof(InputRecord) == 20);

constexpr uint16_t kKeyEvent = 1, kWindowBufferSizeEvent = 4;
// Input modes (SetConsoleMode on the input handle).
constexpr uint32_t kProcessedInput = 0x1, kLineInput = 0x2, kEchoInput = 0x4, kWindowInput = 0x8,
                   kMouseInput = 0x10, kInsertMode = 0x20, kQuickEditMode = 0x40, kExtendedFlags = 0x80,
                   kAutoPosition = 0x100, kVirtualTerminalInput = 0x200;
// dwControlKeyState bits.
constexpr uint32_t kLeftAltPressed = 0x2, kLeftCtrlPressed = 0x8, kShiftPressed = 0x10, kEnhancedKey = 0x100;

// Turns the bytes a terminal sends for keys into key event records.
class KeyDecoder {
 public:
  // Decodes `bytes` after what was held; an escape sequence or UTF-8 character cut short at the end
  // is held for the next call (`held()`), unless `final`: then it is taken as it stands (a lone ESC
  // is the Escape key). Without `sequences`, ESC is the Escape key's character wherever it comes.
  void feed(std::string_view bytes, bool final, bool sequences, std::vector<InputRecord>& out);
  bool held() const { return !held_.empty(); }

 private:
  std::string held_;
};

// A key pressed and released: the records a keyboard gives (modifier keys down around it, the key
// down and up).
void key_press(std::vector<InputRecord>& out, char16_t ch, uint16_t vk, uint32_t modifiers, bool enhanced = false);
// The key of a US keyboard that types `ch` (VkKeyScan), and the state of Shift, Ctrl and Alt it
// needs; vk 0 for a character no key types.
uint16_t key_for_char(char16_t ch, uint32_t& modifiers);

class ConsoleInput {
 public:
  explicit ConsoleInput(int tty);

  uint32_t mode() const { return mode_; }
  // SetConsoleMode: the terminal follows (line editing, echo, Ctrl-C as a signal).
  void set_mode(uint32_t mode);
  // From now on the console reads the terminal itself (raw mode, polyrun's reader thread).
  void take_over(WindowsProcess& p);
  bool taken_over() const { return taken_over_; }

  // The queue (under the process's lock). `push` applies ENABLE_PROCESSED_INPUT (Ctrl-C is the
  // console control event, not a record) and wakes waiting threads.
  std::deque<InputRecord>& queue() { return queue_; }
  void push(WindowsProcess& p, const std::vector<InputRecord>& records);
  void changed(WindowsProcess& p);  // the queue changed: the input handle's wait object follows
  // What a wait on the input handle waits for: signalled while records wait.
  const std::shared_ptr<Waitable>& waitable() const { return waitable_; }
  // Discards what is queued and what the terminal holds unread.
  void flush();

  // Called with the process's lock held when the terminal was resized (SIGWINCH).
  void on_resize(void (*fn)(WindowsProcess&)) { on_resize_ = fn; }
  // A resize not yet handled (the reader thread handles them once it runs).
  static bool take_resize();

  // The terminal's modes as they were (the process's end, however it ends: async-signal-safe).
  static void restore_terminal();

 private:
  void apply();
  void reader(WindowsProcess& p);

  int tty_;
  uint32_t mode_ = kProcessedInput | kLineInput | kEchoInput | kMouseInput | kInsertMode | kQuickEditMode |
                   kExtendedFlags | kAutoPosition;
  bool taken_over_ = false;
  struct termios original_ {};
  bool is_terminal_ = false;
  std::deque<InputRecord> queue_;
  std::shared_ptr<Waitable> waitable_;
  KeyDecoder decoder_;
  void (*on_resize_)(WindowsProcess&) = nullptr;
};

}  // namespace polyrun::shims
