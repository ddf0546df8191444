// The X11 display back end, through Xlib (Debian's libx11-dev): each top-level window of the
// program is an X window of the same place and size, without the window manager's frame (USER32
// draws the window's own), whose picture is put with XPutImage from the window's surface; X's
// keys, buttons, pointer moves and the window manager's close request come back as InputEvents.
// Xlib rather than xcb for XLookupKeysym's keyboard mapping (what wine's X11 driver uses too);
// it costs about 1.5 MB of a static polyrun with xcb, Xau and Xdmcp under it. Every Xlib call is
// made under the process's execution lock (USER32 presents and reads events holding it), so Xlib
// needs no locking of its own. A window with a region (SetWindowRgn) is shaped with the X Shape
// extension (libXext, Debian's libxext-dev): the server then shows what lies under the window
// outside its shape and sends the pointer's events there to the windows below, which polyrun would
// otherwise have to fake with a picture of the screen it cannot read; it costs one request per
// change of the region and about 7 KB of a static polyrun (XShape.o and extutil.o of the archive).
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/shape.h>
#include <X11/keysym.h>

#include <poll.h>

#include <cstring>
#include <map>
#include <set>
#include <string>

#include "shims/core/text.h"
#include "shims/display/display.h"

namespace polyrun::shims::display {

namespace {

// Windows' virtual keys of X's keysyms (the key's unshifted symbol), and whether the key is an
// extended one (its scan code prefixed with E0).
struct KeyMapping {
  uint32_t vk;
  bool extended;
};
KeyMapping vk_of(KeySym k) {
  if (k >= XK_a && k <= XK_z) return {static_cast<uint32_t>('A' + (k - XK_a)), false};
  if (k >= XK_A && k <= XK_Z) return {static_cast<uint32_t>(k), false};
  if (k >= XK_0 && k <= XK_9) return {static_cast<uint32_t>(k), false};
  if (k >= XK_F1 && k <= XK_F24) return {static_cast<uint32_t>(0x70 + (k - XK_F1)), false};
  if (k >= XK_KP_0 && k <= XK_KP_9) return {static_cast<uint32_t>(0x60 + (k - XK_KP_0)), false};
  switch (k) {
    case XK_BackSpace: return {0x08, false};
    case XK_Tab: case XK_ISO_Left_Tab: return {0x09, false};
    case XK_Return: return {0x0d, false};
    case XK_KP_Enter: return {0x0d, true};
    case XK_Escape: return {0x1b, false};
    case XK_space: return {0x20, false};
    case XK_Prior: return {0x21, true};
    case XK_Next: return {0x22, true};
    case XK_End: return {0x23, true};
    case XK_Home: return {0x24, true};
    case XK_Left: return {0x25, true};
    case XK_Up: return {0x26, true};
    case XK_Right: return {0x27, true};
    case XK_Down: return {0x28, true};
    case XK_Print: return {0x2c, true};
    case XK_Insert: return {0x2d, true};
    case XK_Delete: return {0x2e, true};
    case XK_Shift_L: return {0x10, false};
    case XK_Shift_R: return {0x10, false};
    case XK_Control_L: return {0x11, false};
    case XK_Control_R: return {0x11, true};
    case XK_Alt_L: case XK_Meta_L: return {0x12, false};
    case XK_Alt_R: case XK_Meta_R: case XK_ISO_Level3_Shift: return {0x12, true};
    case XK_Pause: return {0x13, false};
    case XK_Caps_Lock: return {0x14, false};
    case XK_Super_L: return {0x5b, true};
    case XK_Super_R: return {0x5c, true};
    case XK_Menu: return {0x5d, true};
    case XK_KP_Multiply: return {0x6a, false};
    case XK_KP_Add: return {0x6b, false};
    case XK_KP_Subtract: return {0x6d, false};
    case XK_KP_Decimal: case XK_KP_Delete: return {0x6e, false};
    case XK_KP_Divide: return {0x6f, true};
    case XK_Num_Lock: return {0x90, true};
    case XK_Scroll_Lock: return {0x91, false};
    case XK_semicolon: return {0xba, false};
    case XK_equal: return {0xbb, false};
    case XK_comma: return {0xbc, false};
    case XK_minus: return {0xbd, false};
    case XK_period: return {0xbe, false};
    case XK_slash: return {0xbf, false};
    case XK_grave: return {0xc0, false};
    case XK_bracketleft: return {0xdb, false};
    case XK_backslash: return {0xdc, false};
    case XK_bracketright: return {0xdd, false};
    case XK_apostrophe: return {0xde, false};
    default: return {0, false};
  }
}

// The PC scan code (set 1, without the E0 prefix) of an evdev key code (the X key code less 8):
// the same number up to F12, the extended keys' own beyond.
uint32_t scan_of(unsigned evdev) {
  if (evdev <= 88) return evdev;
  switch (evdev) {
    case 96: return 0x1c;   // keypad Enter
    case 97: return 0x1d;   // right Ctrl
    case 98: return 0x35;   // keypad /
    case 99: return 0x37;   // Print Screen
    case 100: return 0x38;  // right Alt
    case 102: return 0x47;  // Home
    case 103: return 0x48;  // Up
    case 104: return 0x49;  // Page Up
    case 105: return 0x4b;  // Left
    case 106: return 0x4d;  // Right
    case 107: return 0x4f;  // End
    case 108: return 0x50;  // Down
    case 109: return 0x51;  // Page Down
    case 110: return 0x52;  // Insert
    case 111: return 0x53;  // Delete
    case 119: return 0x45;  // Pause
    case 125: return 0x5b;  // left Windows
    case 126: return 0x5c;  // right Windows
    case 127: return 0x5d;  // Menu
    default: return 0;
  }
}

// Motif's window manager hints: no decorations.
struct MotifHints {
  unsigned long flags, functions, decorations;
  long input_mode;
  unsigned long status;
};

class X11Backend : public Backend {
 public:
  X11Backend(Display* d) : dpy_(d) {
    screen_ = DefaultScreen(d);
    root_ = RootWindow(d, screen_);
    wm_delete_ = XInternAtom(d, "WM_DELETE_WINDOW", False);
    wm_protocols_ = XInternAtom(d, "WM_PROTOCOLS", False);
    net_wm_name_ = XInternAtom(d, "_NET_WM_NAME", False);
    utf8_ = XInternAtom(d, "UTF8_STRING", False);
    motif_ = XInternAtom(d, "_MOTIF_WM_HINTS", False);
    clipboard_ = XInternAtom(d, "CLIPBOARD", False);
    targets_ = XInternAtom(d, "TARGETS", False);
    text_ = XInternAtom(d, "TEXT", False);
    incoming_ = XInternAtom(d, "POLYRUN_CLIPBOARD", False);
    gc_ = DefaultGC(d, screen_);
    int event_base = 0, error_base = 0;
    has_shape_ = XShapeQueryExtension(d, &event_base, &error_base);
  }
  ~X11Backend() override { XCloseDisplay(dpy_); }

  gdi32::Rect screen() const override {
    return {0, 0, DisplayWidth(dpy_, screen_), DisplayHeight(dpy_, screen_)};
  }

  void show(uint64_t hwnd, const gdi32::Rect& where, const std::string& title) override {
    Window w = window(hwnd, where);
    iconified_.erase(w);  // (mapped by the process: no window manager's restoring)
    XStoreName(dpy_, w, title.c_str());
    XChangeProperty(dpy_, w, net_wm_name_, utf8_, 8, PropModeReplace,
                    reinterpret_cast<const unsigned char*>(title.data()), static_cast<int>(title.size()));
    XMapWindow(dpy_, w);
  }
  void move(uint64_t hwnd, const gdi32::Rect& where) override {
    auto it = windows_.find(hwnd);
    if (it == windows_.end()) return;
    XMoveResizeWindow(dpy_, it->second, where.left, where.top, static_cast<unsigned>(std::max(1, where.width())),
                      static_cast<unsigned>(std::max(1, where.height())));
  }
  void hide(uint64_t hwnd) override {
    if (auto it = windows_.find(hwnd); it != windows_.end()) XUnmapWindow(dpy_, it->second);
  }
  void iconify(uint64_t hwnd) override {
    auto it = windows_.find(hwnd);
    if (it == windows_.end()) return;
    iconified_.insert(it->second);
    XIconifyWindow(dpy_, it->second, screen_);
  }
  void destroy(uint64_t hwnd) override {
    auto it = windows_.find(hwnd);
    if (it == windows_.end()) return;
    by_x_.erase(it->second);
    iconified_.erase(it->second);
    XDestroyWindow(dpy_, it->second);
    windows_.erase(it);
  }

  void shape(uint64_t hwnd, const std::vector<gdi32::Rect>* rects) override {
    auto it = windows_.find(hwnd);
    if (it == windows_.end() || !has_shape_) return;
    if (!rects) {
      XShapeCombineMask(dpy_, it->second, ShapeBounding, 0, 0, None, ShapeSet);
      return;
    }
    // (X's rectangles are 16-bit: what lies beyond is outside any window anyway. None at all
    // leaves nothing shown.)
    std::vector<XRectangle> xr;
    for (const gdi32::Rect& r : *rects) {
      const gdi32::Rect c = r.intersect({-32768, -32768, 32767, 32767});
      if (!c.empty())
        xr.push_back({static_cast<short>(c.left), static_cast<short>(c.top), static_cast<unsigned short>(c.width()),
                      static_cast<unsigned short>(c.height())});
    }
    XShapeCombineRectangles(dpy_, it->second, ShapeBounding, 0, 0, xr.data(), static_cast<int>(xr.size()), ShapeSet,
                            Unsorted);
  }

  void present(uint64_t hwnd, const gdi32::Surface& s, const gdi32::Rect& dirty) override {
    auto it = windows_.find(hwnd);
    const gdi32::Rect r = dirty.intersect(s.rect());
    if (it == windows_.end() || r.empty() || s.bpp() != 32 || s.stride() <= 0) return;
    Visual* visual = DefaultVisual(dpy_, screen_);
    XImage* image = XCreateImage(dpy_, visual, static_cast<unsigned>(DefaultDepth(dpy_, screen_)), ZPixmap, 0,
                                 reinterpret_cast<char*>(s.row(0)), static_cast<unsigned>(s.width()),
                                 static_cast<unsigned>(s.height()), 32, static_cast<int>(s.stride()));
    if (!image) return;
    XPutImage(dpy_, it->second, gc_, image, r.left, r.top, r.left, r.top, static_cast<unsigned>(r.width()),
              static_cast<unsigned>(r.height()));
    image->data = nullptr;  // (the surface's pixels: not Xlib's to free)
    XDestroyImage(image);
  }
  void flush() override { XFlush(dpy_); }
  int event_fd() const override { return ConnectionNumber(dpy_); }

  void offer_clipboard_text(const std::string& utf8) override {
    offered_ = utf8;
    XSetSelectionOwner(dpy_, clipboard_, clip_window(), CurrentTime);
    XFlush(dpy_);
  }

  bool foreign_clipboard_text(std::string& utf8) override {
    const Window owner = XGetSelectionOwner(dpy_, clipboard_);
    if (owner == None || owner == clip_window_) return false;
    XDeleteProperty(dpy_, clip_window(), incoming_);
    XConvertSelection(dpy_, clipboard_, utf8_, incoming_, clip_window_, CurrentTime);
    XFlush(dpy_);
    // The answer, within a second (other events stay queued for read_events).
    XEvent e;
    bool answered = false;
    for (int waited = 0; waited < 1000 && !answered; waited += 10) {
      if (XCheckTypedWindowEvent(dpy_, clip_window_, SelectionNotify, &e)) {
        answered = true;
        break;
      }
      struct pollfd fd = {ConnectionNumber(dpy_), POLLIN, 0};
      ::poll(&fd, 1, 10);
    }
    if (!answered || e.xselection.property == None) return false;
    Atom type = None;
    int format = 0;
    unsigned long count = 0, after = 0;
    unsigned char* data = nullptr;
    if (XGetWindowProperty(dpy_, clip_window_, incoming_, 0, 1 << 24, True, AnyPropertyType, &type, &format, &count,
                           &after, &data) != Success)
      return false;
    const bool text = data && format == 8 && (type == utf8_ || type == XA_STRING);
    if (text) {
      if (type == utf8_) utf8.assign(reinterpret_cast<const char*>(data), count);
      else utf8 = utf16_to_utf8(std::u16string(data, data + count));  // ISO 8859-1: the first 256 code points
    }
    if (data) XFree(data);
    return text;
  }

  void read_events(std::vector<InputEvent>& out) override {
    while (XPending(dpy_)) {
      XEvent e;
      XNextEvent(dpy_, &e);
      if (clip_window_ && e.xany.window == clip_window_) {
        if (e.type == SelectionRequest) answer_selection(e.xselectionrequest);
        continue;
      }
      auto it = by_x_.find(e.xany.window);
      if (it == by_x_.end()) continue;
      InputEvent ev;
      ev.hwnd = it->second;
      switch (e.type) {
        case KeyPress: case KeyRelease: {
          const KeySym k = XLookupKeysym(&e.xkey, 0);
          const KeyMapping m = vk_of(k);
          if (!m.vk) continue;
          ev.kind = e.type == KeyPress ? InputEvent::Kind::KeyDown : InputEvent::Kind::KeyUp;
          ev.vk = m.vk, ev.extended = m.extended;
          ev.scan = e.xkey.keycode >= 8 ? scan_of(e.xkey.keycode - 8) : 0;
          ev.x = e.xkey.x_root, ev.y = e.xkey.y_root, ev.time = static_cast<uint32_t>(e.xkey.time);
          modifiers(e.xkey.state, ev);
          break;
        }
        case ButtonPress: case ButtonRelease: {
          const unsigned b = e.xbutton.button;
          ev.x = e.xbutton.x_root, ev.y = e.xbutton.y_root, ev.time = static_cast<uint32_t>(e.xbutton.time);
          modifiers(e.xbutton.state, ev);
          if (b == 4 || b == 5) {
            if (e.type == ButtonRelease) continue;
            ev.kind = InputEvent::Kind::Wheel, ev.wheel = b == 4 ? 120 : -120;
            break;
          }
          ev.kind = e.type == ButtonPress ? InputEvent::Kind::ButtonDown : InputEvent::Kind::ButtonUp;
          ev.button = b == 1 ? 1 : b == 2 ? 2 : b == 3 ? 3 : b == 8 ? 4 : b == 9 ? 5 : 0;
          if (!ev.button) continue;
          break;
        }
        case MotionNotify:
          ev.kind = InputEvent::Kind::MouseMove;
          ev.x = e.xmotion.x_root, ev.y = e.xmotion.y_root, ev.time = static_cast<uint32_t>(e.xmotion.time);
          break;
        case Expose:
          if (e.xexpose.count) continue;
          ev.kind = InputEvent::Kind::Exposed;
          break;
        case MapNotify:
          // Mapped while the process had it iconified: the window manager restored it.
          if (!iconified_.erase(e.xmap.window)) continue;
          ev.kind = InputEvent::Kind::Deiconified;
          break;
        case ClientMessage:
          if (e.xclient.message_type != wm_protocols_ || static_cast<Atom>(e.xclient.data.l[0]) != wm_delete_) continue;
          ev.kind = InputEvent::Kind::Close;
          break;
        default: continue;
      }
      out.push_back(ev);
    }
  }

 private:
  // An unmapped window of the process's own that holds the clipboard and gets the answers.
  Window clip_window() {
    if (!clip_window_) {
      XSetWindowAttributes a;
      std::memset(&a, 0, sizeof a);
      a.event_mask = PropertyChangeMask;
      clip_window_ = XCreateWindow(dpy_, root_, -10, -10, 1, 1, 0, CopyFromParent, InputOnly, CopyFromParent, CWEventMask, &a);
    }
    return clip_window_;
  }

  // Another client asks for the clipboard the process offered: its targets, or the text as
  // UTF8_STRING, TEXT or (Latin-1, what does not fit as '?') STRING, put in the property it names.
  void answer_selection(const XSelectionRequestEvent& r) {
    XSelectionEvent n;
    std::memset(&n, 0, sizeof n);
    n.type = SelectionNotify;
    n.requestor = r.requestor, n.selection = r.selection, n.target = r.target, n.time = r.time;
    const Atom property = r.property != None ? r.property : r.target;
    n.property = None;
    if (r.selection == clipboard_ && r.target == targets_) {
      const Atom offered[] = {targets_, utf8_, text_, XA_STRING};
      XChangeProperty(dpy_, r.requestor, property, XA_ATOM, 32, PropModeReplace,
                      reinterpret_cast<const unsigned char*>(offered), 4);
      n.property = property;
    } else if (r.selection == clipboard_ && (r.target == utf8_ || r.target == text_)) {
      XChangeProperty(dpy_, r.requestor, property, utf8_, 8, PropModeReplace,
                      reinterpret_cast<const unsigned char*>(offered_.data()), static_cast<int>(offered_.size()));
      n.property = property;
    } else if (r.selection == clipboard_ && r.target == XA_STRING) {
      std::string latin1;
      for (char16_t c : utf8_to_utf16(offered_))
        if (c < 0xdc00 || c >= 0xe000) latin1 += c < 0x100 ? static_cast<char>(c) : '?';  // (one '?' a surrogate pair)
      XChangeProperty(dpy_, r.requestor, property, XA_STRING, 8, PropModeReplace,
                      reinterpret_cast<const unsigned char*>(latin1.data()), static_cast<int>(latin1.size()));
      n.property = property;
    }
    XSendEvent(dpy_, r.requestor, False, 0, reinterpret_cast<XEvent*>(&n));
    XFlush(dpy_);
  }

  static void modifiers(unsigned state, InputEvent& ev) {
    ev.shift = state & ShiftMask, ev.control = state & ControlMask, ev.alt = state & Mod1Mask;
    ev.caps_lock = state & LockMask;
  }

  Window window(uint64_t hwnd, const gdi32::Rect& where) {
    if (auto it = windows_.find(hwnd); it != windows_.end()) {
      move(hwnd, where);
      return it->second;
    }
    XSetWindowAttributes a;
    std::memset(&a, 0, sizeof a);
    a.background_pixmap = None;
    a.event_mask = ExposureMask | KeyPressMask | KeyReleaseMask | ButtonPressMask | ButtonReleaseMask |
                   PointerMotionMask | StructureNotifyMask | FocusChangeMask;
    Window w = XCreateWindow(dpy_, root_, where.left, where.top, static_cast<unsigned>(std::max(1, where.width())),
                             static_cast<unsigned>(std::max(1, where.height())), 0, CopyFromParent, InputOutput,
                             CopyFromParent, CWBackPixmap | CWEventMask, &a);
    XSetWMProtocols(dpy_, w, &wm_delete_, 1);
    const MotifHints hints{2 /* MWM_HINTS_DECORATIONS */, 0, 0, 0, 0};
    XChangeProperty(dpy_, w, motif_, motif_, 32, PropModeReplace, reinterpret_cast<const unsigned char*>(&hints), 5);
    XSizeHints size;
    std::memset(&size, 0, sizeof size);
    size.flags = USPosition | PPosition;
    size.x = where.left, size.y = where.top;
    XSetWMNormalHints(dpy_, w, &size);
    windows_[hwnd] = w;
    by_x_[w] = hwnd;
    return w;
  }

  Display* dpy_;
  int screen_;
  Window root_;
  Atom wm_delete_, wm_protocols_, net_wm_name_, utf8_, motif_, clipboard_, targets_, text_, incoming_;
  Window clip_window_ = 0;
  std::string offered_;  // the text of the clipboard the process holds
  GC gc_;
  bool has_shape_ = false;  // the server has the Shape extension
  std::map<uint64_t, Window> windows_;
  std::map<Window, uint64_t> by_x_;
  std::set<Window> iconified_;  // iconified by the process, not mapped again since
};

}  // namespace

std::unique_ptr<Backend> open_x11(const std::string& display_name, std::string& error) {
  Display* d = XOpenDisplay(display_name.c_str());
  if (!d) {
    error = "cannot open the X display \"" + display_name + "\"";
    return nullptr;
  }
  Visual* v = DefaultVisual(d, DefaultScreen(d));
  if (DefaultDepth(d, DefaultScreen(d)) != 24 || v->red_mask != 0xff0000 || v->green_mask != 0xff00 ||
      v->blue_mask != 0xff) {
    XCloseDisplay(d);
    error = "the X display \"" + display_name + "\" is not 24-bit true colour (the only kind polyrun draws on)";
    return nullptr;
  }
  return std::make_unique<X11Backend>(d);
}

}  // namespace polyrun::shims::display
