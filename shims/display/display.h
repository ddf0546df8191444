// A display back end: what shows the program's top-level windows and brings its input. USER32's
// window manager tells it which windows exist where (show, move, hide, destroy), hands it their
// pictures to show (present), and turns its events into messages (user32/display.cpp). Nothing
// here knows USER32; a back end is a handful of files in this folder (x11.cpp: an X server).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "shims/gdi32/geometry.h"
#include "shims/gdi32/surface.h"

namespace polyrun::shims::display {

// An event of the display, in the screen's coordinates.
struct InputEvent {
  enum class Kind { KeyDown, KeyUp, MouseMove, ButtonDown, ButtonUp, Wheel, Close, Exposed, Deiconified };
  Kind kind = Kind::MouseMove;
  uint64_t hwnd = 0;          // the top-level window it happened in
  int32_t x = 0, y = 0;       // the pointer (screen coordinates)
  uint32_t vk = 0, scan = 0;  // keys: the Windows virtual key and scan code
  bool extended = false;      // keys: an extended key (arrows, Insert, right Ctrl …)
  int button = 0;             // 1 left, 2 middle, 3 right, 4 X1, 5 X2
  int32_t wheel = 0;          // Wheel: 120 per notch away from the user
  uint32_t time = 0;          // milliseconds, the server's clock
  // Keys and buttons: the modifiers held as the event happened (a synthetic event's may come
  // without their own key events).
  bool shift = false, control = false, alt = false, caps_lock = false;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // The screen's size.
  virtual gdi32::Rect screen() const = 0;
  // A top-level window appears (or changes) at `where` with its title; `popup`: no frame of the
  // window manager's (the window draws its own).
  virtual void show(uint64_t hwnd, const gdi32::Rect& where, const std::string& title) = 0;
  virtual void move(uint64_t hwnd, const gdi32::Rect& where) = 0;
  virtual void hide(uint64_t hwnd) = 0;
  // Minimized: the window manager's icon of it (hidden where there is no window manager); the
  // window manager showing it again comes back as a Deiconified event.
  virtual void iconify(uint64_t hwnd) = 0;
  virtual void destroy(uint64_t hwnd) = 0;
  // The window's shape: what of it shows and takes the pointer, rectangles in window coordinates
  // (null: all of it).
  virtual void shape(uint64_t hwnd, const std::vector<gdi32::Rect>* rects) = 0;
  // Shows the part `dirty` (window coordinates) of the window's picture.
  virtual void present(uint64_t hwnd, const gdi32::Surface& s, const gdi32::Rect& dirty) = 0;
  virtual void flush() = 0;
  // A descriptor that becomes readable when events wait, and the events waiting.
  virtual int event_fd() const = 0;
  virtual void read_events(std::vector<InputEvent>& out) = 0;
  // The display's clipboard (X's CLIPBOARD selection): `offer_clipboard_text` makes it hold the
  // UTF-8 text (the process answers other clients' requests for it until one of them takes the
  // clipboard); `foreign_clipboard_text` reads its text when another client holds it (false when
  // this process does, none does, or the holder gives no text within a second).
  virtual void offer_clipboard_text(const std::string& utf8) = 0;
  virtual bool foreign_clipboard_text(std::string& utf8) = 0;
};

// The X server named by `display_name` (DISPLAY); null with the reason when it cannot be opened.
std::unique_ptr<Backend> open_x11(const std::string& display_name, std::string& error);

}  // namespace polyrun::shims::display
