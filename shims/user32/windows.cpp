// USER32's windows: CreateWindowEx and DestroyWindow with the messages Windows sends on the way,
// the window tree (GetParent, GetWindow, GetAncestor, EnumWindows, FindWindow …), window longs and
// text, rectangles and coordinates, ShowWindow, SetWindowPos and MoveWindow. Without a display:
// nothing is drawn, and a window is visible as its WS_VISIBLE and its ancestors' say.
#include <algorithm>
#include <cstring>

#include <unistd.h>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/mdi.h"
#include "shims/user32/menus.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr int64_t kHwndMessage = -3, kHwndTopmost = -1, kHwndNotopmost = -2, kHwndBottom = 1;

// ---- the tree ----
void unlink(WindowsProcess& p, Window& w) {
  if (Window* parent = find_window(p, w.parent)) std::erase(parent->children, w.handle);
}
void link(WindowsProcess& p, Window& w, int64_t insert_after) {
  Window* parent = find_window(p, w.parent);
  if (!parent) return;
  auto& c = parent->children;
  std::erase(c, w.handle);
  if (insert_after == kHwndBottom) {
    c.push_back(w.handle);
  } else if (insert_after == 0 || insert_after == kHwndTopmost || insert_after == kHwndNotopmost) {
    c.insert(c.begin(), w.handle);
  } else {
    auto it = std::find(c.begin(), c.end(), static_cast<uint64_t>(insert_after) & 0xffffffffu);
    c.insert(it == c.end() ? c.begin() : it + 1, w.handle);
  }
}

// The top-level window a window belongs to (GA_ROOT).
uint64_t root_of(WindowsProcess& p, uint64_t hwnd) {
  WindowManager& wm = window_manager(p);
  Window* w = find_window(p, hwnd);
  while (w && w->parent && w->parent != wm.desktop && w->parent != wm.message_root) w = find_window(p, w->parent);
  return w ? w->handle : 0;
}

// ---- window structures in guest memory ----
// WINDOWPOS: hwnd, hwndInsertAfter, x, y, cx, cy, flags.
struct WindowPos {
  uint64_t hwnd = 0, after = 0;
  int32_t x = 0, y = 0, cx = 0, cy = 0;
  uint32_t flags = 0;
};
uint64_t write_window_pos(WindowsProcess& p, const WindowPos& wp) {
  const unsigned w = p.isa->ptr;
  const uint64_t at = p.heap.alloc(2 * w + 20, true);
  p.put_ptr(at, wp.hwnd);
  p.put_ptr(at + w, wp.after);
  put<int32_t>(at + 2 * w, wp.x);
  put<int32_t>(at + 2 * w + 4, wp.y);
  put<int32_t>(at + 2 * w + 8, wp.cx);
  put<int32_t>(at + 2 * w + 12, wp.cy);
  put<uint32_t>(at + 2 * w + 16, wp.flags);
  return at;
}
WindowPos read_window_pos(WindowsProcess& p, uint64_t at) {
  const unsigned w = p.isa->ptr;
  WindowPos wp;
  wp.hwnd = p.get_ptr(at);
  wp.after = p.get_ptr(at + w);
  wp.x = get<int32_t>(at + 2 * w);
  wp.y = get<int32_t>(at + 2 * w + 4);
  wp.cx = get<int32_t>(at + 2 * w + 8);
  wp.cy = get<int32_t>(at + 2 * w + 12);
  wp.flags = get<uint32_t>(at + 2 * w + 16);
  return wp;
}

// WM_GETMINMAXINFO: MINMAXINFO's reserved point, maximized size and position, tracking limits.
void min_max_info(WindowsProcess& p, Window& w, int32_t& min_x, int32_t& min_y, int32_t& max_x, int32_t& max_y,
                  Rect* maximized = nullptr) {
  const uint64_t at = p.heap.alloc(40, true);
  // (A child is maximized in its parent's client area, a top-level window on the screen.)
  Rect s = window_manager(p).screen;
  if (const Window* parent = (w.style & WS_CHILD) ? find_window(p, w.parent) : nullptr)
    s = {0, 0, parent->client.right - parent->client.left, parent->client.bottom - parent->client.top};
  const int32_t frame = (w.style & WS_THICKFRAME) ? system_metric(p, 32) : system_metric(p, 7);
  // (A maximized window's maximized position is where it was put maximized, or moved since.)
  const bool zoomed = (w.style & WS_MAXIMIZE) != 0;
  const int32_t v[10] = {0, 0, s.width() + 2 * frame, s.height() + 2 * frame, zoomed ? w.max_x : -frame,
                         zoomed ? w.max_y : -frame, system_metric(p, 34), system_metric(p, 35),
                         system_metric(p, 59), system_metric(p, 60)};
  std::memcpy(guest_pointer(at), v, sizeof v);
  send_message(p, w.handle, WM_GETMINMAXINFO, 0, at);
  min_x = get<int32_t>(at + 24);
  min_y = get<int32_t>(at + 28);
  max_x = get<int32_t>(at + 32);
  max_y = get<int32_t>(at + 36);
  if (maximized) {
    const int32_t x = get<int32_t>(at + 16), y = get<int32_t>(at + 20);
    *maximized = {x, y, x + get<int32_t>(at + 8), y + get<int32_t>(at + 12)};
  }
  p.heap.free(at);
}

// WM_NCCALCSIZE: the client rectangle for a window rectangle (both in the parent's coordinates).
// At creation (`pos` 0) wparam is FALSE and lparam the window rectangle in screen coordinates, as
// Windows sends it; for a move, wparam is TRUE and lparam NCCALCSIZE_PARAMS: the new window
// rectangle, the old one and the old client rectangle (the parent's coordinates), and the WINDOWPOS.
Rect calc_client(WindowsProcess& p, Window& w, const Rect& window, uint64_t pos = 0) {
  if (pos) {
    const uint64_t at = p.heap.alloc(48 + p.isa->ptr, true);
    put<Rect>(at, window);
    put<Rect>(at + 16, w.window);
    put<Rect>(at + 32, w.client);
    p.put_ptr(at + 48, pos);
    send_message(p, w.handle, WM_NCCALCSIZE, 1, at);
    const Rect c = get<Rect>(at);
    p.heap.free(at);
    return c;
  }
  int32_t ox, oy;
  client_origin(p, w.parent, ox, oy);
  const uint64_t at = p.heap.alloc(16, true);
  put<Rect>(at, Rect{window.left + ox, window.top + oy, window.right + ox, window.bottom + oy});
  send_message(p, w.handle, WM_NCCALCSIZE, 0, at);
  Rect c = get<Rect>(at);
  p.heap.free(at);
  c = {c.left - ox, c.top - oy, c.right - ox, c.bottom - oy};
  return c;
}

// The size messages a window gets once: at creation (children and pop-ups) or at its first
// ShowWindow (top-level windows).
void send_size_messages(WindowsProcess& p, Window& w) {
  const uint32_t kind = (w.style & WS_MAXIMIZE) ? SIZE_MAXIMIZED : (w.style & WS_MINIMIZE) ? SIZE_MINIMIZED : SIZE_RESTORED;
  const uint64_t hwnd = w.handle;
  const Rect c = w.client;
  send_message(p, hwnd, WM_SIZE, kind, pack_words(c.width(), c.height()));
  send_message(p, hwnd, WM_MOVE, 0, pack_words(c.left, c.top));
}

// SetWindowPos's work: WM_WINDOWPOSCHANGING, the new rectangles (WM_NCCALCSIZE when the size or
// frame changes), WM_WINDOWPOSCHANGED when anything changed.
bool set_window_pos(WindowsProcess& p, uint64_t hwnd, int64_t after, int32_t x, int32_t y, int32_t cx, int32_t cy,
                    uint32_t flags) {
  Window* w = window_or_fail(p, hwnd);
  if (!w) return false;
  WindowManager& wm = window_manager(p);
  if (w->handle == wm.desktop) return false;
  const Rect old = w->window;
  // WM_WINDOWPOSCHANGING gets the position and size as asked (those SWP_NOMOVE or SWP_NOSIZE
  // leave alone too), with the flags of what does not change added.
  if (((flags & SWP_NOMOVE) || (x == old.left && y == old.top))) flags |= SWP_NOMOVE;
  if (((flags & SWP_NOSIZE) || (cx == old.width() && cy == old.height()))) flags |= SWP_NOSIZE;
  if ((flags & SWP_SHOWWINDOW) && (w->style & WS_VISIBLE)) flags &= ~SWP_SHOWWINDOW;
  if ((flags & SWP_HIDEWINDOW) && !(w->style & WS_VISIBLE)) flags &= ~SWP_HIDEWINDOW;
  if (after == static_cast<int64_t>(w->handle)) flags |= SWP_NOZORDER;
  if (!(flags & SWP_NOSENDCHANGING)) {
    const uint64_t at = write_window_pos(p, {w->handle, static_cast<uint64_t>(after), x, y, cx, cy, flags});
    send_message(p, hwnd, WM_WINDOWPOSCHANGING, 0, at);
    const WindowPos got = read_window_pos(p, at);
    p.heap.free(at);
    if (!(w = find_window(p, hwnd))) return false;
    x = got.x;
    y = got.y;
    cx = got.cx;
    cy = got.cy;
    flags = got.flags;
  }
  // A hidden window that stays hidden has nothing to redraw (wine 8.0's WM_WINDOWPOSCHANGED says
  // SWP_NOREDRAW then).
  if (!(w->style & WS_VISIBLE) && !(flags & SWP_SHOWWINDOW)) flags |= SWP_NOREDRAW;
  if (flags & SWP_NOMOVE) {
    x = old.left;
    y = old.top;
  }
  if (flags & SWP_NOSIZE) {
    cx = old.width();
    cy = old.height();
  } else if (((w->style & WS_THICKFRAME) || !(w->style & (WS_POPUP | WS_CHILD))) && !w->sizes_known) {
    // A resizable or overlapped window's new size stays within its tracking limits (WM_GETMINMAXINFO).
    int32_t min_x, min_y, max_x, max_y;
    min_max_info(p, *w, min_x, min_y, max_x, max_y);
    if (!(w = find_window(p, hwnd))) return false;
    if (!(w->style & WS_MINIMIZE)) {  // (an icon's size is the system's)
      cx = std::max(std::min(cx, max_x), min_x);
      cy = std::max(std::min(cy, max_y), min_y);
    }
  }
  if (cx < 0) cx = 0;
  if (cy < 0) cy = 0;
  const Rect window{x, y, x + cx, y + cy};
  const Rect old_client = w->client;
  Rect client = old_client;
  if (w->style & WS_MINIMIZE) {
    client = {window.left, window.top, window.left, window.top};  // (an icon has no client area)
  } else if (!(flags & SWP_NOSIZE) || (flags & SWP_FRAMECHANGED)) {
    const uint64_t pos = write_window_pos(p, {w->handle, static_cast<uint64_t>(after), x, y, cx, cy, flags});
    client = calc_client(p, *w, window, pos);
    p.heap.free(pos);
    if (!(w = find_window(p, hwnd))) return false;
  } else {
    client = {old_client.left + window.left - old.left, old_client.top + window.top - old.top,
              old_client.right + window.left - old.left, old_client.bottom + window.top - old.top};
  }
  const bool was_visible = visible(p, hwnd);
  w->window = window;
  w->client = client;
  if (w->style & WS_MAXIMIZE) w->max_x = window.left, w->max_y = window.top;
  if (!(flags & SWP_NOZORDER)) link(p, *w, after);
  if (flags & SWP_SHOWWINDOW) w->style |= WS_VISIBLE;
  if (flags & SWP_HIDEWINDOW) w->style &= ~WS_VISIBLE;
  // The WinEvents of what changed (before the activation a window shown gets, as Windows raises them).
  const uint64_t full = w->handle;
  if (flags & SWP_SHOWWINDOW) notify_win_event(p, EVENT_OBJECT_SHOW, full);
  if (flags & SWP_HIDEWINDOW) notify_win_event(p, EVENT_OBJECT_HIDE, full);
  if (window != old) notify_win_event(p, EVENT_OBJECT_LOCATIONCHANGE, full);
  if (!(w = find_window(p, hwnd))) return false;
  if (client.left == old_client.left && client.top == old_client.top) flags |= SWP_NOCLIENTMOVE;
  if (client.width() == old_client.width() && client.height() == old_client.height()) flags |= SWP_NOCLIENTSIZE;
  // A child hidden, moved or resized uncovers part of its parent: that part is the parent's (and
  // its other children's) to paint again, as Windows invalidates what a window no longer covers.
  const bool child = (w->style & WS_CHILD) != 0;
  // Its background is erased at once (the children's frames drawn again after it), before the
  // window's own.
  if (child && was_visible && ((flags & SWP_HIDEWINDOW) || window != old)) {
    const uint64_t parent = w->parent;
    invalidate_uncovered(p, parent, old);
    if (!(flags & SWP_NOREDRAW)) {
      erase_now(p, parent);
      if (!(w = find_window(p, hwnd))) return false;
    }
  }
  // Visible and resized or shown (a child moved, too: its parent's surface holds it): it (and
  // what of its children shows) needs painting.
  const bool repaint = (flags & SWP_SHOWWINDOW) ||
                       ((!(flags & SWP_NOCLIENTSIZE) || (child && window != old)) && visible(p, hwnd));
  if (repaint) invalidate_all(p, *w);
  // A new frame (SWP_FRAMECHANGED: a menu, scroll bars, a window region) is painted at once, after
  // what the change left of the parent to erase (wine 8.0's order).
  const bool new_frame = (flags & SWP_FRAMECHANGED) && !(flags & SWP_NOREDRAW) && visible(p, hwnd);
  if (new_frame) {
    w->frame_dirty = true;
    if (child) erase_now(p, w->parent);
    if (!(w = find_window(p, hwnd))) return false;
  }
  // A top-level window shown without SWP_NOACTIVATE becomes the active one before it hears of its
  // new position (WM_WINDOWPOSCHANGED comes after the activation's messages, as in wine 8.0).
  if ((flags & SWP_SHOWWINDOW) && !(flags & SWP_NOACTIVATE) && !(w->style & WS_CHILD)) {
    set_active_window(p, hwnd);
    if (!(w = find_window(p, hwnd))) return false;
  }
  // A child positioned without SWP_NOACTIVATE hears of it (WM_CHILDACTIVATE: what makes an MDI child
  // the active one), before WM_WINDOWPOSCHANGED.
  if (!(flags & (SWP_NOACTIVATE | SWP_HIDEWINDOW)) && (w->style & (WS_CHILD | WS_POPUP)) == WS_CHILD) {
    send_message(p, hwnd, WM_CHILDACTIVATE, 0, 0);
    if (!(w = find_window(p, hwnd))) return false;
  }
  // The frame and background are painted at once, before WM_WINDOWPOSCHANGED (as wine 8.0 sends
  // WM_NCPAINT and WM_ERASEBKGND there); the client area waits for WM_PAINT.
  if ((repaint || new_frame) && !(flags & SWP_NOREDRAW)) {
    erase_now(p, hwnd);
    if (!(w = find_window(p, hwnd))) return false;
  }
  constexpr uint32_t kNoChange = SWP_NOSIZE | SWP_NOMOVE | SWP_NOCLIENTSIZE | SWP_NOCLIENTMOVE | SWP_NOZORDER;
  constexpr uint32_t kStatus = kNoChange | SWP_FRAMECHANGED | SWP_SHOWWINDOW | SWP_HIDEWINDOW;
  if ((flags & kStatus) != kNoChange) {
    const uint64_t at = write_window_pos(p, {w->handle, static_cast<uint64_t>(after), x, y, cx, cy, flags});
    send_message(p, hwnd, WM_WINDOWPOSCHANGED, 0, at);
    p.heap.free(at);
    if (!(w = find_window(p, hwnd))) return false;
  }
  if (w->parent == wm.desktop && (flags & kStatus) != kNoChange) display_window_changed(p, hwnd);
  return true;
}

// The window Windows activates when the active one is hidden or destroyed: a pop-up's owner (its
// top-level window) when that is visible and enabled; none otherwise (Windows would go on down the
// z-order).
uint64_t window_activated_after(WindowsProcess& p, uint64_t hwnd) {
  const Window* w = find_window(p, hwnd);
  if (!w || !(w->style & WS_POPUP) || !w->owner) return 0;
  uint64_t to = w->owner;
  for (const Window* o = find_window(p, to); o && (o->style & WS_CHILD) && o->parent; o = find_window(p, to)) to = o->parent;
  const Window* o = find_window(p, to);
  if (!o || (o->style & (WS_VISIBLE | WS_DISABLED)) != WS_VISIBLE || (o->style & WS_CHILD)) return 0;
  return to;
}

// ShowWindow's commands.
enum : int32_t {
  SW_HIDE = 0, SW_SHOWNORMAL = 1, SW_SHOWMINIMIZED = 2, SW_SHOWMAXIMIZED = 3, SW_SHOWNOACTIVATE = 4, SW_SHOW = 5,
  SW_MINIMIZE = 6, SW_SHOWMINNOACTIVE = 7, SW_SHOWNA = 8, SW_RESTORE = 9, SW_SHOWDEFAULT = 10, SW_FORCEMINIMIZE = 11,
};

// Maximizing, minimizing and restoring a window (ShowWindow's commands and the system menu's): its
// style, and its new place — the maximized rectangle WM_GETMINMAXINFO gives, an icon's place (off
// the screen for a top-level window, -32000, -32000: the display hides it; a child's at its
// parent's bottom left), or the rectangle it had before — with SWP_FRAMECHANGED (and shown, when
// `show`). The rectangle it is restored to is kept. A child maximized or restored is activated
// (WM_CHILDACTIVATE: an MDI child becomes the active one) and comes to the top, as in wine 8.0.
void min_maximize(WindowsProcess& p, uint64_t hwnd, int32_t cmd, bool show) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const bool child = (w->style & WS_CHILD) != 0;
  const bool maximize = cmd == SW_SHOWMAXIMIZED;
  const bool minimize = cmd == SW_SHOWMINIMIZED || cmd == SW_MINIMIZE || cmd == SW_SHOWMINNOACTIVE || cmd == SW_FORCEMINIMIZE;
  const bool zoomed = (w->style & WS_MAXIMIZE) != 0, iconic = (w->style & WS_MINIMIZE) != 0;
  if ((maximize && zoomed) || (minimize && iconic) || (!maximize && !minimize && !zoomed && !iconic)) return;
  if (!zoomed && !iconic) w->normal = w->window;
  Rect target = w->normal, maximized;
  // (WM_GETMINMAXINFO first, the window as it is; SetWindowPos asks again only for a maximized one,
  // as wine 8.0 does.)
  int32_t a, b, c, d;
  min_max_info(p, *w, a, b, c, d, &maximized);
  if (!(w = find_window(p, hwnd))) return;
  const bool maximized_now = maximize || (!minimize && iconic && w->restore_maximized);
  if (maximized_now) {
    target = maximized;
    w->style = (w->style & ~WS_MINIMIZE) | WS_MAXIMIZE;
    w->restore_maximized = false;
    w->max_x = target.left, w->max_y = target.top;
  } else if (minimize) {
    w->restore_maximized = zoomed;
    w->style = (w->style & ~WS_MAXIMIZE) | WS_MINIMIZE;
    const int32_t mx = system_metric(p, 57 /* SM_CXMINIMIZED */), my = system_metric(p, 58 /* SM_CYMINIMIZED */);
    const Window* parent = child ? find_window(p, w->parent) : nullptr;
    const int32_t bottom = parent ? parent->client.bottom - parent->client.top : 0;
    target = parent ? Rect{0, bottom - my, mx, bottom} : Rect{-32000, -32000, -32000 + mx, -32000 + my};
  } else {
    w->style &= ~(WS_MAXIMIZE | WS_MINIMIZE);
    w->restore_maximized = false;
  }
  uint32_t swp = SWP_FRAMECHANGED | SWP_NOZORDER | (show ? SWP_SHOWWINDOW : 0u);
  if (minimize || cmd == SW_SHOWNOACTIVATE || cmd == SW_SHOWNA) swp |= SWP_NOACTIVATE;
  if (child && !(swp & SWP_NOACTIVATE)) swp &= ~SWP_NOZORDER;
  w->sizes_known = !maximized_now;
  set_window_pos(p, hwnd, 0, target.left, target.top, target.width(), target.height(), swp);
  if (!(w = find_window(p, hwnd))) return;
  w->sizes_known = false;
  if (minimize) notify_win_event(p, EVENT_SYSTEM_MINIMIZESTART, w->handle);
  else if (iconic) notify_win_event(p, EVENT_SYSTEM_MINIMIZEEND, w->handle);
}

BOOL show_window(WindowsProcess& p, uint64_t hwnd, int32_t cmd) {
  Window* w = window_or_fail(p, hwnd);
  if (!w) return FALSE;
  const bool was_visible = (w->style & WS_VISIBLE) != 0;
  const bool show = cmd != SW_HIDE;
  // Maximized, minimized or restored (shown as well).
  const bool min_max = cmd == SW_SHOWMAXIMIZED || cmd == SW_SHOWMINIMIZED || cmd == SW_MINIMIZE || cmd == SW_SHOWMINNOACTIVE ||
                       cmd == SW_FORCEMINIMIZE ||
                       ((cmd == SW_RESTORE || cmd == SW_SHOWNORMAL || cmd == SW_SHOWDEFAULT) &&
                        (w->style & (WS_MAXIMIZE | WS_MINIMIZE)));
  if (min_max) {
    if (!was_visible) {
      send_message(p, hwnd, WM_SHOWWINDOW, 1, 0);
      if (!(w = find_window(p, hwnd))) return was_visible;
    }
    min_maximize(p, hwnd, cmd, !was_visible);
    if (!(w = find_window(p, hwnd))) return was_visible;
    if (w->need_size) {
      w->need_size = false;
      send_size_messages(p, *w);
    }
    return was_visible;
  }
  if (show == was_visible && !w->need_size) return was_visible;
  const bool activates = cmd != SW_SHOWNA && cmd != SW_SHOWNOACTIVATE && cmd != SW_SHOWMINNOACTIVE && cmd != SW_MINIMIZE &&
                         cmd != SW_FORCEMINIMIZE;
  uint32_t swp = SWP_NOSIZE | SWP_NOMOVE;
  if (w->style & WS_CHILD) swp |= SWP_NOACTIVATE | SWP_NOZORDER;
  if (!activates) swp |= SWP_NOACTIVATE;
  if (show != was_visible) {
    send_message(p, hwnd, WM_SHOWWINDOW, show ? 1 : 0, 0);
    if (!(w = find_window(p, hwnd))) return was_visible;
    if ((w->style & WS_CHILD) && !visible(p, w->parent)) {
      // A child of a hidden window: only its style changes (nothing of it is on the screen).
      if (show) w->style |= WS_VISIBLE;
      else w->style &= ~WS_VISIBLE;
      notify_win_event(p, show ? EVENT_OBJECT_SHOW : EVENT_OBJECT_HIDE, w->handle);
      if (!(w = find_window(p, hwnd))) return was_visible;
    } else {
      set_window_pos(p, hwnd, 0, 0, 0, 0, 0, swp | (show ? SWP_SHOWWINDOW : SWP_HIDEWINDOW));
      if (!(w = find_window(p, hwnd))) return was_visible;
    }
  }
  if (show && w->need_size) {
    w->need_size = false;
    send_size_messages(p, *w);
  }
  // A window hidden with the focus in it gives the focus to its parent (none for a top-level one),
  // as Windows does.
  if (!show && was_visible) {
    const uint64_t focus = own_queue(p).input->focus;
    if (focus && (focus == hwnd || is_descendant(p, hwnd, focus)) && (w = find_window(p, hwnd))) {
      Window* parent = find_window(p, w->parent);
      set_focus(p, parent && parent->handle != window_manager(p).desktop ? parent->handle : 0);
    }
  }
  // (A top-level window shown by a command that activates was activated by SetWindowPos.) The
  // active window hidden leaves none active.
  if (!(w = find_window(p, hwnd)) || (w->style & WS_CHILD)) return was_visible;
  if (!show && own_queue(p).input->active == hwnd) set_active_window(p, window_activated_after(p, hwnd));
  return was_visible;
}

// ---- creation and destruction ----
// CREATESTRUCT in guest memory, its strings those the caller gave.
uint64_t write_create_struct(WindowsProcess& p, uint64_t params, uint64_t instance, uint64_t menu, uint64_t parent,
                             int32_t cy, int32_t cx, int32_t y, int32_t x, uint32_t style, uint64_t name,
                             uint64_t cls, uint32_t ex_style) {
  const unsigned w = p.isa->ptr;
  const CreateStructLayout l = create_struct_layout(p);
  const uint64_t at = p.heap.alloc(l.size, true);
  p.put_ptr(at, params);
  p.put_ptr(at + w, instance);
  p.put_ptr(at + 2 * w, menu);
  p.put_ptr(at + 3 * w, parent);
  put<int32_t>(at + l.ints, cy);
  put<int32_t>(at + l.ints + 4, cx);
  put<int32_t>(at + l.ints + 8, y);
  put<int32_t>(at + l.ints + 12, x);
  put<uint32_t>(at + l.ints + 16, style);
  p.put_ptr(at + l.name, name);
  p.put_ptr(at + l.cls, cls);
  put<uint32_t>(at + l.ex_style, ex_style);
  return at;
}

void destroy_tree(WindowsProcess& p, uint64_t hwnd);

// WM_PARENTNOTIFY of a child's creation or destruction (`event`) to its parent, and on up while
// the windows are children that want to know (no WS_EX_NOPARENTNOTIFY), short of the desktop.
void notify_parents(WindowsProcess& p, const Window& child, uint32_t event) {
  const uint64_t hwnd = child.handle, desktop = window_manager(p).desktop;
  const uint32_t wparam = pack_words(static_cast<int32_t>(event), static_cast<int32_t>(child.id));
  for (Window* c = find_window(p, hwnd); c && (c->style & WS_CHILD) && !(c->ex_style & WS_EX_NOPARENTNOTIFY);) {
    Window* up = find_window(p, c->parent);
    if (!up || up->handle == desktop) break;
    const uint64_t up_handle = up->handle;
    send_message(p, up_handle, WM_PARENTNOTIFY, wparam, hwnd);
    c = find_window(p, up_handle);
  }
}

}  // namespace

uint64_t create_window(WindowsProcess& p, uint32_t ex_style, uint64_t class_arg, uint64_t name, uint32_t style,
                       int32_t x, int32_t y, int32_t cx, int32_t cy, uint64_t parent_arg, uint64_t menu,
                       uint64_t instance, uint64_t params, bool unicode) {
  WindowManager& wm = window_manager(p);
  const std::u16string class_name = string_or_atom(p, class_arg, unicode);
  const std::shared_ptr<WindowClass> cls = find_class(p, class_name, instance, true);
  if (!cls) return fail(p, ERROR_CANNOT_FIND_WND_CLASS), 0;
  // An MDI child: its styles, id, place and MDICREATESTRUCT (user32/mdi.cpp).
  uint64_t mdi_cs = 0;
  const bool mdi_child = ex_style & WS_EX_MDICHILD;
  if (mdi_child && !mdi_prepare_child(p, parent_arg, class_arg, name, instance, style, x, y, cx, cy, menu, params, mdi_cs))
    return 0;
  // (Blocks of the process heap the creation messages point to, freed when it is over.)
  struct FreeLater {
    WindowsProcess& p;
    uint64_t at;
    ~FreeLater() {
      if (at) p.heap.free(at);
    }
  } free_mdi_cs{p, mdi_cs};
  uint64_t parent = wm.desktop, owner = 0;
  const int64_t parent_signed = signed_handle(p, parent_arg);
  if (parent_signed == kHwndMessage) {
    parent = wm.message_root;
  } else if (style & WS_CHILD) {
    Window* pw = window_or_fail(p, parent_arg);
    if (!parent_arg) return fail(p, ERROR_TLW_WITH_WSCHILD), 0;
    if (!pw) return 0;
    parent = pw->handle;
  } else if (parent_arg) {
    if (!window_or_fail(p, parent_arg)) return 0;
    owner = root_of(p, parent_arg);
  }
  auto w = std::make_shared<Window>();
  w->handle = new_window_handle(wm);
  w->cls = cls;
  w->parent = parent;
  w->owner = owner;
  w->thread_id = p.thread().id;
  w->wndproc = cls->wndproc;
  w->unicode = cls->unicode;
  w->instance = instance;
  // A top-level window made without a menu gets its class's (CREATESTRUCT tells it too); a menu
  // handle that is not one fails.
  if (!(style & WS_CHILD)) {
    if (!menu) menu = class_menu(p, *cls);
    else if (!find_menu(p, menu)) return fail(p, ERROR_INVALID_MENU_HANDLE), 0;
  }
  w->id = menu;
  w->extra.assign(static_cast<size_t>(std::max(cls->wnd_extra, 0)), 0);
  const uint32_t requested_style = style;  // (what CREATESTRUCT tells)
  // The styles Windows adds: a window that is not a child clips its siblings, and an overlapped
  // one has a caption; the window edge goes with a dialog or thick frame.
  const bool child = (style & WS_CHILD) && parent != wm.message_root;
  if (!(style & WS_CHILD) || parent == wm.message_root) {
    style |= WS_CLIPSIBLINGS;
    if (!(style & WS_POPUP)) style |= WS_CAPTION;
  }
  if ((ex_style & WS_EX_DLGMODALFRAME) || (!(ex_style & WS_EX_STATICEDGE) && (style & (WS_DLGFRAME | WS_THICKFRAME))))
    ex_style |= WS_EX_WINDOWEDGE;
  else
    ex_style &= ~WS_EX_WINDOWEDGE;
  w->style = style & ~WS_VISIBLE;
  w->ex_style = ex_style;
  w->need_size = !(style & (WS_CHILD | WS_POPUP));
  // Default position and size: overlapped windows get the work area's top left and three quarters
  // of it; others 0.
  const bool overlapped = !(style & (WS_CHILD | WS_POPUP));
  if (static_cast<uint32_t>(x) == CW_USEDEFAULT) {
    x = 0;
    y = 0;
  }
  if (static_cast<uint32_t>(cx) == CW_USEDEFAULT) {
    cx = overlapped ? wm.screen.width() * 3 / 4 : 0;
    cy = overlapped ? wm.screen.height() * 3 / 4 : 0;
  }
  if (cx < 0) cx = 0;
  if (cy < 0) cy = 0;
  ++cls->windows;
  wm.windows[w->handle] = w;
  const uint64_t hwnd = w->handle;
  link(p, *w, child ? kHwndBottom : 0);
  own_queue(p);
  const uint64_t cs = write_create_struct(p, params, instance, menu, parent_arg, cy, cx, y, x, requested_style, name,
                                          class_arg, ex_style);
  FreeLater free_cs{p, cs};
  auto failed = [&] {
    if (find_window(p, hwnd)) destroy_tree(p, hwnd);
    return uint64_t{0};
  };
  // WH_CBT's HCBT_CREATEWND (CBT_CREATEWND: the CREATESTRUCT, hwndInsertAfter): a hook that
  // answers non-zero refuses the window, which goes without a message.
  if (has_hooks(p, WH_CBT)) {
    const uint64_t cbt = p.heap.alloc(2 * p.isa->ptr, true);
    p.put_ptr(cbt, cs);
    p.put_ptr(cbt + p.isa->ptr, child ? 1 : 0);  // HWND_BOTTOM for a child, HWND_TOP
    const uint64_t refused = call_hooks(p, WH_CBT, HCBT_CREATEWND, hwnd, cbt);
    p.heap.free(cbt);
    if (refused) {
      forget_window(p, hwnd);
      return 0;
    }
    if (!find_window(p, hwnd)) return 0;
  }
  if ((style & WS_THICKFRAME) || !(style & (WS_POPUP | WS_CHILD))) {
    int32_t min_x, min_y, max_x, max_y;
    min_max_info(p, *w, min_x, min_y, max_x, max_y);
    if (!find_window(p, hwnd)) return 0;
    cx = std::min(cx, max_x);
    cy = std::min(cy, max_y);
    cx = std::max(cx, min_x);
    cy = std::max(cy, min_y);
    if (cx < 0) cx = 0;
    if (cy < 0) cy = 0;
  }
  w->window = {x, y, x + cx, y + cy};
  w->client = w->window;
  if (!send_message(p, hwnd, WM_NCCREATE, 0, cs, unicode)) return failed();
  if (!find_window(p, hwnd)) return 0;
  w->client = calc_client(p, *w, w->window);
  if (!find_window(p, hwnd)) return 0;
  const uint64_t created = send_message(p, hwnd, WM_CREATE, 0, cs, unicode);
  if (p.isa->ptr == 4 ? static_cast<int32_t>(created) == -1 : static_cast<int64_t>(created) == -1) return failed();
  if (!(w = wm.windows.count(hwnd) ? wm.windows[hwnd] : nullptr)) return 0;
  if (!w->need_size) send_size_messages(p, *w);
  if (child) notify_parents(p, *w, WM_CREATE);
  if (!find_window(p, hwnd)) return 0;
  notify_win_event(p, EVENT_OBJECT_CREATE, hwnd);
  if (!find_window(p, hwnd)) return 0;
  if (mdi_child) mdi_child_made(p, hwnd, requested_style);
  else if (requested_style & WS_VISIBLE) show_window(p, hwnd, SW_SHOW);
  return find_window(p, hwnd) ? hwnd : 0;
}

namespace {

Ptr CreateWindowExA(WindowsProcess& p, uint32_t ex, Ptr cls, Ptr name, uint32_t style, int32_t x, int32_t y,
                    int32_t cx, int32_t cy, Ptr parent, Ptr menu, Ptr instance, Ptr params) {
  return create_window(p, ex, cls.addr, name.addr, style, x, y, cx, cy, parent.addr, menu.addr, instance.addr,
                       params.addr, false);
}
Ptr CreateWindowExW(WindowsProcess& p, uint32_t ex, Ptr cls, Ptr name, uint32_t style, int32_t x, int32_t y,
                    int32_t cx, int32_t cy, Ptr parent, Ptr menu, Ptr instance, Ptr params) {
  return create_window(p, ex, cls.addr, name.addr, style, x, y, cx, cy, parent.addr, menu.addr, instance.addr,
                       params.addr, true);
}

// The end of a window and its descendants: gone from the tree and the handle table; timers and
// properties with them; WM_NCDESTROY to each, the children first.
void destroy_tree(WindowsProcess& p, uint64_t hwnd) {
  WindowManager& wm = window_manager(p);
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const std::vector<uint64_t> children = w->children;
  for (uint64_t c : children) destroy_tree(p, c);
  if (!(w = find_window(p, hwnd))) return;
  send_message(p, hwnd, WM_NCDESTROY, 0, 0);
  if (!find_window(p, hwnd)) return;
  forget_window(p, hwnd);
  // Windows it owned go with it.
  std::vector<uint64_t> owned;
  for (const auto& [h, o] : wm.windows)
    if (o->owner == hwnd) owned.push_back(h);
  for (uint64_t h : owned)
    if (Window* o = find_window(p, h)) {
      o->owner = 0;
      destroy_tree(p, h);
    }
}

void send_destroy(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  notify_win_event(p, EVENT_OBJECT_DESTROY, hwnd);
  if (!find_window(p, hwnd)) return;
  send_message(p, hwnd, WM_DESTROY, 0, 0);
  if (!(w = find_window(p, hwnd))) return;
  const std::vector<uint64_t> children = w->children;
  for (uint64_t c : children) send_destroy(p, c);
}

BOOL DestroyWindow(WindowsProcess& p, Ptr hwnd) {
  WindowManager& wm = window_manager(p);
  Window* w = find_window(p, hwnd.addr);
  if (!w) return fail(p, ERROR_ACCESS_DENIED);  // (as wine 8.0 answers a window that is not there)
  const uint64_t h = w->handle;
  if (h == wm.desktop || h == wm.message_root || w->thread_id != p.thread().id) return fail(p, ERROR_ACCESS_DENIED);
  if (call_hooks(p, WH_CBT, HCBT_DESTROYWND, h, 0)) return FALSE;
  if (!(w = find_window(p, h))) return TRUE;
  // A child tells its parents first; a visible window is hidden (without activation changes here).
  if (w->style & WS_CHILD) {
    notify_parents(p, *w, WM_DESTROY);
    if (!(w = find_window(p, h))) return TRUE;
  }
  if (w->style & WS_VISIBLE) {
    set_window_pos(p, h, 0, 0, 0, 0, 0,
                   SWP_HIDEWINDOW | SWP_NOSIZE | SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE);
    if (!find_window(p, h)) return TRUE;
  }
  // The active window (or the one the focus is in) gives them up first.
  ThreadQueue& q = own_queue(p);
  if (q.input->active == h) set_active_window(p, window_activated_after(p, h));
  if (q.input->focus && (q.input->focus == h || is_descendant(p, h, q.input->focus))) set_focus(p, 0);
  if (!find_window(p, h)) return TRUE;
  send_destroy(p, h);
  destroy_tree(p, h);
  return TRUE;
}

BOOL IsWindow(WindowsProcess& p, Ptr hwnd) { return find_window(p, hwnd.addr) != nullptr; }
BOOL IsWindowVisible(WindowsProcess& p, Ptr hwnd) { return visible(p, hwnd.addr); }
BOOL IsWindowEnabled(WindowsProcess& p, Ptr hwnd) {
  Window* w = find_window(p, hwnd.addr);
  return w && !(w->style & WS_DISABLED);
}
BOOL IsIconic(WindowsProcess& p, Ptr hwnd) {
  Window* w = find_window(p, hwnd.addr);
  return w && (w->style & WS_MINIMIZE);
}
BOOL IsZoomed(WindowsProcess& p, Ptr hwnd) {
  Window* w = find_window(p, hwnd.addr);
  return w && (w->style & WS_MAXIMIZE);
}
BOOL IsChild(WindowsProcess& p, Ptr parent, Ptr hwnd) {
  Window* w = find_window(p, hwnd.addr);
  Window* up = find_window(p, parent.addr);
  if (!w || !up) return FALSE;
  // Only through WS_CHILD links.
  for (; w && (w->style & WS_CHILD); w = find_window(p, w->parent))
    if (w->parent == up->handle) return TRUE;
  return FALSE;
}
BOOL EnableWindow(WindowsProcess& p, Ptr hwnd, int32_t enable) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  const bool was_disabled = (w->style & WS_DISABLED) != 0;
  if (enable && was_disabled) {
    w->style &= ~WS_DISABLED;
    send_message(p, hwnd.addr, WM_ENABLE, 1, 0);
  } else if (!enable && !was_disabled) {
    w->style |= WS_DISABLED;
    send_message(p, hwnd.addr, WM_ENABLE, 0, 0);
  }
  return was_disabled;
}

Ptr GetDesktopWindow(WindowsProcess& p) { return window_manager(p).desktop; }

// GetParent: a child's parent, a pop-up's owner, 0 for others.
Ptr GetParent(WindowsProcess& p, Ptr hwnd) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return Ptr(0);
  if (w->style & WS_POPUP) return w->owner;
  if (w->style & WS_CHILD) return w->parent;
  return Ptr(0);
}

Ptr SetParent(WindowsProcess& p, Ptr hwnd, Ptr parent) {
  WindowManager& wm = window_manager(p);
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return Ptr(0);
  uint64_t np = parent ? parent.addr & 0xffffffffu : wm.desktop;
  if (signed_handle(p, parent.addr) == kHwndMessage) np = wm.message_root;
  Window* pw = window_or_fail(p, np);
  if (!pw) return Ptr(0);
  if (pw->handle == w->handle || is_descendant(p, w->handle, pw->handle)) return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  const uint64_t old = w->parent;
  const bool was_visible = (w->style & WS_VISIBLE) != 0;
  if (was_visible) show_window(p, w->handle, SW_HIDE);
  if (!(w = find_window(p, hwnd.addr))) return Ptr(0);
  unlink(p, *w);
  w->parent = pw->handle;
  link(p, *w, 0);
  if (was_visible) show_window(p, w->handle, SW_SHOW);
  return old;
}

// GetWindow's relations.
enum : uint32_t { GW_HWNDFIRST = 0, GW_HWNDLAST = 1, GW_HWNDNEXT = 2, GW_HWNDPREV = 3, GW_OWNER = 4, GW_CHILD = 5, GW_ENABLEDPOPUP = 6 };

Ptr GetWindow(WindowsProcess& p, Ptr hwnd, uint32_t rel) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return Ptr(0);
  if (rel == GW_OWNER) return w->owner;
  if (rel == GW_CHILD) return w->children.empty() ? 0 : w->children.front();
  if (rel == GW_ENABLEDPOPUP) return Ptr(0);
  Window* parent = find_window(p, w->parent);
  if (!parent) return Ptr(0);
  const auto& s = parent->children;
  auto it = std::find(s.begin(), s.end(), w->handle);
  switch (rel) {
    case GW_HWNDFIRST: return s.empty() ? 0 : s.front();
    case GW_HWNDLAST: return s.empty() ? 0 : s.back();
    case GW_HWNDNEXT: return it != s.end() && it + 1 != s.end() ? *(it + 1) : 0;
    case GW_HWNDPREV: return it != s.end() && it != s.begin() ? *(it - 1) : 0;
    default: return fail(p, ERROR_INVALID_PARAMETER), Ptr(0);
  }
}
Ptr GetTopWindow(WindowsProcess& p, Ptr hwnd) {
  Window* w = hwnd ? window_or_fail(p, hwnd.addr) : find_window(p, window_manager(p).desktop);
  if (!w) return Ptr(0);
  return w->children.empty() ? 0 : w->children.front();
}
Ptr GetNextWindow(WindowsProcess& p, Ptr hwnd, uint32_t rel) { return GetWindow(p, hwnd, rel); }

// GetAncestor: GA_PARENT (the desktop for a top-level window), GA_ROOT, GA_ROOTOWNER.
Ptr GetAncestor(WindowsProcess& p, Ptr hwnd, uint32_t flags) {
  WindowManager& wm = window_manager(p);
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w || w->handle == wm.desktop) return Ptr(0);
  switch (flags) {
    case 1: return w->parent;  // GA_PARENT
    case 2: return root_of(p, w->handle);  // GA_ROOT
    case 3: {  // GA_ROOTOWNER
      uint64_t r = root_of(p, w->handle);
      for (Window* o = find_window(p, r); o && o->owner; o = find_window(p, o->owner)) r = o->owner;
      return r;
    }
    default: return Ptr(0);
  }
}

uint64_t guest_thread_and_process(WindowsProcess& p, Window& w, Ptr process_id) {
  if (process_id) put<uint32_t>(process_id.addr, static_cast<uint32_t>(::getpid()));
  (void)p;
  return w.thread_id;
}
uint32_t GetWindowThreadProcessId(WindowsProcess& p, Ptr hwnd, Ptr process_id) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;
  return static_cast<uint32_t>(guest_thread_and_process(p, *w, process_id));
}

// EnumWindows (top-level windows), EnumChildWindows (every descendant), EnumThreadWindows: the
// callback's FALSE stops the walk. The list is taken first (the callback may change the tree).
BOOL enumerate(WindowsProcess& p, const std::vector<uint64_t>& list, Ptr proc, USize param) {
  for (uint64_t h : list) {
    if (!find_window(p, h)) continue;
    if (!static_cast<int32_t>(p.call_guest(proc.addr, {h, param}))) return FALSE;
    if (p.stopping()) return FALSE;
  }
  return TRUE;
}
BOOL EnumWindows(WindowsProcess& p, Ptr proc, USize param) {
  Window* d = find_window(p, window_manager(p).desktop);
  return enumerate(p, d->children, proc, param);
}
BOOL EnumChildWindows(WindowsProcess& p, Ptr parent, Ptr proc, USize param) {
  const uint64_t root = parent ? parent.addr : window_manager(p).desktop;
  if (!find_window(p, root)) return fail(p, ERROR_INVALID_WINDOW_HANDLE);
  enumerate(p, descendants(p, root), proc, param);
  return TRUE;  // (what EnumChildWindows answers is not its callbacks')
}
BOOL EnumThreadWindows(WindowsProcess& p, uint32_t thread_id, Ptr proc, USize param) {
  std::vector<uint64_t> list;
  for (uint64_t h : find_window(p, window_manager(p).desktop)->children)
    if (Window* w = find_window(p, h); w && w->thread_id == thread_id) list.push_back(h);
  return enumerate(p, list, proc, param);
}

// FindWindow(Ex): a child of `parent` (top-level windows when it is 0; message-only windows with
// HWND_MESSAGE) after `after`, of the class and with the title given (either may be NULL).
uint64_t find_window_ex(WindowsProcess& p, uint64_t parent, uint64_t after, uint64_t cls, uint64_t title, bool unicode) {
  WindowManager& wm = window_manager(p);
  uint64_t root = parent ? parent & 0xffffffffu : wm.desktop;
  if (signed_handle(p, parent) == kHwndMessage) root = wm.message_root;
  Window* r = find_window(p, root);
  if (!r) return fail(p, ERROR_INVALID_WINDOW_HANDLE), 0;
  const std::u16string class_name = cls ? string_or_atom(p, cls, unicode) : std::u16string();
  const std::u16string text = title ? string_or_atom(p, title, unicode) : std::u16string();
  bool started = after == 0;
  for (uint64_t h : r->children) {
    if (!started) {
      started = h == (after & 0xffffffffu);
      continue;
    }
    Window* w = find_window(p, h);
    if (!w) continue;
    if (cls && !same_name(w->cls->name, class_name)) continue;
    if (title && w->text != text) continue;
    return h;
  }
  return 0;
}
Ptr FindWindowA(WindowsProcess& p, Ptr cls, Ptr title) { return find_window_ex(p, 0, 0, cls.addr, title.addr, false); }
Ptr FindWindowW(WindowsProcess& p, Ptr cls, Ptr title) { return find_window_ex(p, 0, 0, cls.addr, title.addr, true); }
Ptr FindWindowExA(WindowsProcess& p, Ptr parent, Ptr after, Ptr cls, Ptr title) {
  return find_window_ex(p, parent.addr, after.addr, cls.addr, title.addr, false);
}
Ptr FindWindowExW(WindowsProcess& p, Ptr parent, Ptr after, Ptr cls, Ptr title) {
  return find_window_ex(p, parent.addr, after.addr, cls.addr, title.addr, true);
}

Ptr GetDlgItem(WindowsProcess& p, Ptr dialog, int32_t id) {
  Window* d = window_or_fail(p, dialog.addr);
  if (!d) return Ptr(0);
  for (uint64_t h : d->children)
    if (Window* c = find_window(p, h); c && static_cast<int32_t>(c->id) == id) return h;
  return fail(p, ERROR_CONTROL_ID_NOT_FOUND), Ptr(0);
}
int32_t GetDlgCtrlID(WindowsProcess& p, Ptr hwnd) {
  Window* w = window_or_fail(p, hwnd.addr);
  return w && (w->style & WS_CHILD) ? static_cast<int32_t>(w->id) : 0;
}

// ---- window longs ----
constexpr int32_t GWLP_WNDPROC = -4, GWLP_HINSTANCE = -6, GWLP_HWNDPARENT = -8, GWL_STYLE = -16,
                  GWL_EXSTYLE = -20, GWLP_USERDATA = -21, GWLP_ID = -12;

uint64_t get_window_long(WindowsProcess& p, Ptr hwnd, int32_t index, unsigned size, bool unicode) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;
  if (index >= 0) {
    if (static_cast<size_t>(index) + size > w->extra.size()) return fail(p, ERROR_INVALID_INDEX), 0;
    uint64_t v = 0;
    std::memcpy(&v, w->extra.data() + index, size);
    return v;
  }
  (void)unicode;
  switch (index) {
    case GWLP_WNDPROC: return w->wndproc;
    case GWLP_HINSTANCE: return w->instance;
    case GWLP_HWNDPARENT: return (w->style & WS_CHILD) ? w->parent : w->owner;
    case GWLP_ID: return w->id;
    case GWL_STYLE: return w->style;
    case GWL_EXSTYLE: return w->ex_style;
    case GWLP_USERDATA: return w->user_data;
    default: return fail(p, ERROR_INVALID_INDEX), 0;
  }
}

uint64_t set_window_long(WindowsProcess& p, Ptr hwnd, int32_t index, uint64_t value, unsigned size, bool unicode) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;
  if (size == 4) value &= 0xffffffffu;
  if (index >= 0) {
    if (static_cast<size_t>(index) + size > w->extra.size()) return fail(p, ERROR_INVALID_INDEX), 0;
    uint64_t old = 0;
    std::memcpy(&old, w->extra.data() + index, size);
    std::memcpy(w->extra.data() + index, &value, size);
    p.set_last_error(0);
    return old;
  }
  uint64_t old = 0;
  switch (index) {
    case GWLP_WNDPROC:
      old = w->wndproc;
      w->wndproc = value;
      w->unicode = unicode;
      return old;
    case GWLP_HINSTANCE: old = w->instance; w->instance = value; return old;
    case GWLP_HWNDPARENT:
      if (w->style & WS_CHILD) return SetParent(p, hwnd, Ptr(value)).addr;
      old = w->owner;
      w->owner = value;
      return old;
    case GWLP_ID: old = w->id; w->id = value; return old;
    case GWLP_USERDATA: old = w->user_data; w->user_data = value; p.set_last_error(0); return old;
    case GWL_STYLE:
    case GWL_EXSTYLE: {
      // WM_STYLECHANGING/WM_STYLECHANGED around the change, with STYLESTRUCT (old, new).
      const uint64_t ss = p.heap.alloc(8, true);
      const bool style = index == GWL_STYLE;
      old = style ? w->style : w->ex_style;
      put<uint32_t>(ss, static_cast<uint32_t>(old));
      put<uint32_t>(ss + 4, static_cast<uint32_t>(value));
      send_message(p, hwnd.addr, WM_STYLECHANGING, static_cast<uint64_t>(static_cast<int64_t>(index)), ss);
      if (!(w = find_window(p, hwnd.addr))) return p.heap.free(ss), 0;
      uint32_t v = get<uint32_t>(ss + 4);
      if (style) {
        w->style = v;
      } else {
        if ((v & WS_EX_DLGMODALFRAME) || (!(v & WS_EX_STATICEDGE) && (w->style & (WS_DLGFRAME | WS_THICKFRAME))))
          v |= WS_EX_WINDOWEDGE;
        else
          v &= ~WS_EX_WINDOWEDGE;
        w->ex_style = v;
        put<uint32_t>(ss + 4, v);
      }
      send_message(p, hwnd.addr, WM_STYLECHANGED, static_cast<uint64_t>(static_cast<int64_t>(index)), ss);
      p.heap.free(ss);
      return old;
    }
    default: return fail(p, ERROR_INVALID_INDEX), 0;
  }
}

int32_t GetWindowLongA(WindowsProcess& p, Ptr h, int32_t i) { return static_cast<int32_t>(get_window_long(p, h, i, 4, false)); }
int32_t GetWindowLongW(WindowsProcess& p, Ptr h, int32_t i) { return static_cast<int32_t>(get_window_long(p, h, i, 4, true)); }
USize GetWindowLongPtrA(WindowsProcess& p, Ptr h, int32_t i) { return get_window_long(p, h, i, p.isa->ptr, false); }
USize GetWindowLongPtrW(WindowsProcess& p, Ptr h, int32_t i) { return get_window_long(p, h, i, p.isa->ptr, true); }
int32_t SetWindowLongA(WindowsProcess& p, Ptr h, int32_t i, int32_t v) {
  return static_cast<int32_t>(set_window_long(p, h, i, static_cast<uint32_t>(v), 4, false));
}
int32_t SetWindowLongW(WindowsProcess& p, Ptr h, int32_t i, int32_t v) {
  return static_cast<int32_t>(set_window_long(p, h, i, static_cast<uint32_t>(v), 4, true));
}
USize SetWindowLongPtrA(WindowsProcess& p, Ptr h, int32_t i, USize v) { return set_window_long(p, h, i, v, p.isa->ptr, false); }
USize SetWindowLongPtrW(WindowsProcess& p, Ptr h, int32_t i, USize v) { return set_window_long(p, h, i, v, p.isa->ptr, true); }
uint16_t GetWindowWord(WindowsProcess& p, Ptr h, int32_t i) { return static_cast<uint16_t>(get_window_long(p, h, i, 2, true)); }
uint16_t SetWindowWord(WindowsProcess& p, Ptr h, int32_t i, uint16_t v) {
  return static_cast<uint16_t>(set_window_long(p, h, i, v, 2, true));
}

// ---- text: through WM_SETTEXT / WM_GETTEXT for the process's windows, as Windows does ----
BOOL SetWindowTextA(WindowsProcess& p, Ptr hwnd, Ptr text) {
  if (!window_or_fail(p, hwnd.addr)) return FALSE;
  return send_message(p, hwnd.addr, WM_SETTEXT, 0, text.addr, false) != 0;
}
BOOL SetWindowTextW(WindowsProcess& p, Ptr hwnd, Ptr text) {
  if (!window_or_fail(p, hwnd.addr)) return FALSE;
  return send_message(p, hwnd.addr, WM_SETTEXT, 0, text.addr, true) != 0;
}
int32_t GetWindowTextA(WindowsProcess& p, Ptr hwnd, Ptr buf, int32_t size) {
  if (!window_or_fail(p, hwnd.addr) || !buf || size <= 0) return 0;
  buf.as<char>()[0] = 0;
  return static_cast<int32_t>(send_message(p, hwnd.addr, WM_GETTEXT, static_cast<uint32_t>(size), buf.addr, false));
}
int32_t GetWindowTextW(WindowsProcess& p, Ptr hwnd, Ptr buf, int32_t size) {
  if (!window_or_fail(p, hwnd.addr) || !buf || size <= 0) return 0;
  buf.as<char16_t>()[0] = 0;
  return static_cast<int32_t>(send_message(p, hwnd.addr, WM_GETTEXT, static_cast<uint32_t>(size), buf.addr, true));
}
int32_t GetWindowTextLengthA(WindowsProcess& p, Ptr hwnd) {
  if (!window_or_fail(p, hwnd.addr)) return 0;
  return static_cast<int32_t>(send_message(p, hwnd.addr, WM_GETTEXTLENGTH, 0, 0, false));
}
int32_t GetWindowTextLengthW(WindowsProcess& p, Ptr hwnd) {
  if (!window_or_fail(p, hwnd.addr)) return 0;
  return static_cast<int32_t>(send_message(p, hwnd.addr, WM_GETTEXTLENGTH, 0, 0, true));
}
// InternalGetWindowText: the text as kept, without a message.
int32_t InternalGetWindowText(WindowsProcess& p, Ptr hwnd, Ptr buf, int32_t size) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return 0;
  return copy_text_out(p, w->text, buf, size, true);
}

// ---- geometry ----
BOOL GetWindowRect(WindowsProcess& p, Ptr hwnd, Ptr out) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  put<Rect>(out.addr, screen_rect(p, *w));
  return TRUE;
}
BOOL GetClientRect(WindowsProcess& p, Ptr hwnd, Ptr out) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  put<Rect>(out.addr, Rect{0, 0, w->client.width(), w->client.height()});
  return TRUE;
}
BOOL ClientToScreen(WindowsProcess& p, Ptr hwnd, Ptr point) {
  if (!window_or_fail(p, hwnd.addr) || !point) return FALSE;
  int32_t x, y;
  client_origin(p, hwnd.addr, x, y);
  put<int32_t>(point.addr, get<int32_t>(point.addr) + x);
  put<int32_t>(point.addr + 4, get<int32_t>(point.addr + 4) + y);
  return TRUE;
}
BOOL ScreenToClient(WindowsProcess& p, Ptr hwnd, Ptr point) {
  if (!window_or_fail(p, hwnd.addr) || !point) return FALSE;
  int32_t x, y;
  client_origin(p, hwnd.addr, x, y);
  put<int32_t>(point.addr, get<int32_t>(point.addr) - x);
  put<int32_t>(point.addr + 4, get<int32_t>(point.addr + 4) - y);
  return TRUE;
}
// MapWindowPoints: from one window's client coordinates to another's (0: the screen); the
// result's low word the horizontal offset, its high word the vertical one.
int32_t MapWindowPoints(WindowsProcess& p, Ptr from, Ptr to, Ptr points, uint32_t count) {
  if ((from && !window_or_fail(p, from.addr)) || (to && !window_or_fail(p, to.addr))) return 0;
  int32_t fx = 0, fy = 0, tx = 0, ty = 0;
  if (from) client_origin(p, from.addr, fx, fy);
  if (to) client_origin(p, to.addr, tx, ty);
  const int32_t dx = fx - tx, dy = fy - ty;
  for (uint32_t i = 0; i < count; ++i) {
    put<int32_t>(points.addr + 8 * i, get<int32_t>(points.addr + 8 * i) + dx);
    put<int32_t>(points.addr + 8 * i + 4, get<int32_t>(points.addr + 8 * i + 4) + dy);
  }
  p.set_last_error(0);
  return static_cast<int32_t>(pack_words(dx, dy));
}

BOOL SetWindowPos(WindowsProcess& p, Ptr hwnd, Ptr after, int32_t x, int32_t y, int32_t cx, int32_t cy, uint32_t flags) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  const uint32_t showhide = flags & (SWP_SHOWWINDOW | SWP_HIDEWINDOW);
  if (showhide == SWP_SHOWWINDOW && !(w->style & WS_VISIBLE)) send_message(p, hwnd.addr, WM_SHOWWINDOW, 1, 0);
  if (showhide == SWP_HIDEWINDOW && (w->style & WS_VISIBLE)) send_message(p, hwnd.addr, WM_SHOWWINDOW, 0, 0);
  return set_window_pos(p, hwnd.addr, signed_handle(p, after.addr), x, y, cx, cy, flags & 0x7fff) ? TRUE : FALSE;
}
BOOL MoveWindow(WindowsProcess& p, Ptr hwnd, int32_t x, int32_t y, int32_t cx, int32_t cy, int32_t repaint) {
  if (!window_or_fail(p, hwnd.addr)) return FALSE;
  return set_window_pos(p, hwnd.addr, 0, x, y, cx, cy, SWP_NOZORDER | SWP_NOACTIVATE | (repaint ? 0u : static_cast<uint32_t>(SWP_NOREDRAW)));
}
BOOL ShowWindow(WindowsProcess& p, Ptr hwnd, int32_t cmd) { return show_window(p, hwnd.addr, cmd); }

// GetMenu: a top-level window's menu bar (what CreateWindowEx, its class or SetMenu gave it); for a
// child, its identifier, as Windows and wine answer (a child's "menu" is its id: programs keep a
// pointer there and read it back so).
Ptr GetMenu(WindowsProcess& p, Ptr hwnd) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (w && (w->style & WS_CHILD)) return Ptr(w->id);
  return Ptr(w ? window_menu_bar(p, *w) : 0);
}

// FlashWindow(Ex): the caption's flashing is a display's; the answer is whether the window was
// active before the call, as Windows answers.
BOOL FlashWindow(WindowsProcess& p, Ptr hwnd, int32_t) {
  Window* w = window_or_fail(p, hwnd.addr);
  return w && own_queue(p).input->active == w->handle;
}
BOOL FlashWindowEx(WindowsProcess& p, Ptr info) {
  // FLASHWINFO: cbSize, hwnd, dwFlags, uCount, dwTimeout.
  if (!info || get<uint32_t>(info.addr) < 12 + 2 * p.isa->ptr) return fail(p, ERROR_INVALID_PARAMETER);
  return FlashWindow(p, Ptr(p.get_ptr(info.addr + p.isa->ptr)), 0);
}

// Layered windows: the attributes are kept (a display back end composes them); a window without
// WS_EX_LAYERED refuses them.
BOOL SetLayeredWindowAttributes(WindowsProcess& p, Ptr hwnd, uint32_t key, uint8_t alpha, uint32_t flags) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (!(w->ex_style & WS_EX_LAYERED)) return fail(p, ERROR_INVALID_PARAMETER);
  w->layered_key = key;
  w->layered_alpha = alpha;
  w->layered_flags = flags | 0x80000000u;  // (the high bit: set once)
  return TRUE;
}
BOOL GetLayeredWindowAttributes(WindowsProcess& p, Ptr hwnd, Ptr key, Ptr alpha, Ptr flags) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (!(w->ex_style & WS_EX_LAYERED) || !(w->layered_flags & 0x80000000u)) return fail(p, ERROR_INVALID_PARAMETER);
  if (key) put<uint32_t>(key.addr, w->layered_key);
  if (alpha) put<uint8_t>(alpha.addr, w->layered_alpha);
  if (flags) put<uint32_t>(flags.addr, w->layered_flags & 0x7fffffffu);
  return TRUE;
}

// UpdateLayeredWindow(hwnd, hdcDst, pptDst, psize, hdcSrc, pptSrc, crKey, pblend, dwFlags): a
// layered window's place, size and picture at once: moved and sized where pptDst and psize say
// (without activating it or changing its order), its pixels copied from hdcSrc at pptSrc (none
// without hdcSrc: the picture stays); the key and blend (ULW_COLORKEY 1, ULW_ALPHA 2, ULW_OPAQUE 4)
// kept as its layering for a display back end to compose. A window without WS_EX_LAYERED, one
// SetLayeredWindowAttributes has set, or unknown flags: ERROR_INVALID_PARAMETER.
BOOL UpdateLayeredWindow(WindowsProcess& p, Ptr hwnd, Ptr, Ptr pt_dst, Ptr size, Ptr hdc_src, Ptr pt_src, uint32_t key,
                         Ptr blend, uint32_t flags) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (!(w->ex_style & WS_EX_LAYERED) || (w->layered_flags & 0x80000000u) || (flags & ~7u))
    return fail(p, ERROR_INVALID_PARAMETER);
  const Rect r = w->window;
  int32_t x = r.left, y = r.top, cx = r.right - r.left, cy = r.bottom - r.top;
  if (pt_dst) x = get<int32_t>(pt_dst.addr), y = get<int32_t>(pt_dst.addr + 4);
  if (size) cx = get<int32_t>(size.addr), cy = get<int32_t>(size.addr + 4);
  if (cx < 0 || cy < 0) return fail(p, ERROR_INVALID_PARAMETER);
  constexpr uint32_t kNoZorder = 0x4, kNoActivate = 0x10;
  if (pt_dst || size) set_window_pos(p, hwnd.addr, 0, x, y, cx, cy, kNoZorder | kNoActivate);
  if (hdc_src) {
    const int32_t sx = pt_src ? get<int32_t>(pt_src.addr) : 0, sy = pt_src ? get<int32_t>(pt_src.addr + 4) : 0;
    const uint64_t dc = p.call_export("user32.dll", "GetDC", {hwnd.addr});
    if (dc) {
      constexpr uint64_t kSrcCopy = 0x00cc0020;
      p.call_export("gdi32.dll", "BitBlt", {dc, 0, 0, static_cast<uint32_t>(cx), static_cast<uint32_t>(cy), hdc_src.addr,
                                            static_cast<uint32_t>(sx), static_cast<uint32_t>(sy), kSrcCopy});
      p.call_export("user32.dll", "ReleaseDC", {hwnd.addr, dc});
    }
  }
  if (Window* still = find_window(p, hwnd.addr)) {
    still->layered_key = key;
    // BLENDFUNCTION: BlendOp, BlendFlags, SourceConstantAlpha, AlphaFormat.
    still->layered_alpha = blend ? get<uint8_t>(blend.addr + 2) : 255;
    still->layered_flags = flags;  // (not the attributes' high bit: UpdateLayeredWindow may come again)
  }
  return TRUE;
}

// UpdateLayeredWindowIndirect(hwnd, UPDATELAYEREDWINDOWINFO*): the same with its arguments in a
// structure (cbSize, hdcDst, pptDst, psize, hdcSrc, pptSrc, crKey, pblend, dwFlags, prcDirty: the
// whole picture is copied, whatever part is dirty).
BOOL UpdateLayeredWindowIndirect(WindowsProcess& p, Ptr hwnd, Ptr info) {
  if (!info) return fail(p, ERROR_INVALID_PARAMETER);
  const unsigned ptr = p.isa->ptr;
  auto field = [&](unsigned i) { return Ptr(p.get_ptr(info.addr + ptr * i)); };  // (pointer-sized slots after cbSize)
  return UpdateLayeredWindow(p, hwnd, field(1), field(2), field(3), field(4), field(5), get<uint32_t>(info.addr + 6 * ptr),
                             field(7), get<uint32_t>(info.addr + 8 * ptr));
}

// BringWindowToTop: to the top of its siblings.
BOOL BringWindowToTop(WindowsProcess& p, Ptr hwnd) {
  return set_window_pos(p, hwnd.addr, 0, 0, 0, 0, 0, SWP_NOSIZE | SWP_NOMOVE) ? TRUE : FALSE;
}

}  // namespace

bool enable_window(WindowsProcess& p, uint64_t hwnd, bool enable) { return EnableWindow(p, hwnd, enable ? 1 : 0) != 0; }

bool destroy_window(WindowsProcess& p, uint64_t hwnd) { return DestroyWindow(p, Ptr(hwnd)) != FALSE; }
bool set_window_position(WindowsProcess& p, uint64_t hwnd, uint64_t after, int32_t x, int32_t y, int32_t cx, int32_t cy,
                         uint32_t flags) {
  return SetWindowPos(p, Ptr(hwnd), Ptr(after), x, y, cx, cy, flags) != FALSE;
}
bool show_window_command(WindowsProcess& p, uint64_t hwnd, int32_t cmd) { return show_window(p, hwnd, cmd) != FALSE; }

const std::vector<Export>& window_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateWindowExA", CreateWindowExA),
      EXPORT("CreateWindowExW", CreateWindowExW),
      EXPORT("DestroyWindow", DestroyWindow),
      EXPORT("IsWindow", IsWindow),
      EXPORT("IsWindowVisible", IsWindowVisible),
      EXPORT("IsWindowEnabled", IsWindowEnabled),
      EXPORT("EnableWindow", EnableWindow),
      EXPORT("IsIconic", IsIconic),
      EXPORT("IsZoomed", IsZoomed),
      EXPORT("IsChild", IsChild),
      EXPORT("GetDesktopWindow", GetDesktopWindow),
      EXPORT("GetParent", GetParent),
      EXPORT("SetParent", SetParent),
      EXPORT("GetWindow", GetWindow),
      EXPORT("GetTopWindow", GetTopWindow),
      EXPORT("GetNextWindow", GetNextWindow),
      EXPORT("GetAncestor", GetAncestor),
      EXPORT("GetWindowThreadProcessId", GetWindowThreadProcessId),
      EXPORT("EnumWindows", EnumWindows),
      EXPORT("EnumChildWindows", EnumChildWindows),
      EXPORT("EnumThreadWindows", EnumThreadWindows),
      EXPORT("FindWindowA", FindWindowA),
      EXPORT("FindWindowW", FindWindowW),
      EXPORT("FindWindowExA", FindWindowExA),
      EXPORT("FindWindowExW", FindWindowExW),
      EXPORT("GetDlgItem", GetDlgItem),
      EXPORT("GetDlgCtrlID", GetDlgCtrlID),
      EXPORT("GetWindowLongA", GetWindowLongA),
      EXPORT("GetWindowLongW", GetWindowLongW),
      EXPORT("SetWindowLongA", SetWindowLongA),
      EXPORT("SetWindowLongW", SetWindowLongW),
      EXPORT("GetWindowLongPtrA", GetWindowLongPtrA),
      EXPORT("GetWindowLongPtrW", GetWindowLongPtrW),
      EXPORT("SetWindowLongPtrA", SetWindowLongPtrA),
      EXPORT("SetWindowLongPtrW", SetWindowLongPtrW),
      EXPORT("GetWindowWord", GetWindowWord),
      EXPORT("SetWindowWord", SetWindowWord),
      EXPORT("SetWindowTextA", SetWindowTextA),
      EXPORT("SetWindowTextW", SetWindowTextW),
      EXPORT("GetWindowTextA", GetWindowTextA),
      EXPORT("GetWindowTextW", GetWindowTextW),
      EXPORT("GetWindowTextLengthA", GetWindowTextLengthA),
      EXPORT("GetWindowTextLengthW", GetWindowTextLengthW),
      EXPORT("InternalGetWindowText", InternalGetWindowText),
      EXPORT("GetWindowRect", GetWindowRect),
      EXPORT("GetClientRect", GetClientRect),
      EXPORT("ClientToScreen", ClientToScreen),
      EXPORT("ScreenToClient", ScreenToClient),
      EXPORT("MapWindowPoints", MapWindowPoints),
      EXPORT("SetWindowPos", SetWindowPos),
      EXPORT("MoveWindow", MoveWindow),
      EXPORT("ShowWindow", ShowWindow),
      EXPORT("BringWindowToTop", BringWindowToTop),
      EXPORT("GetMenu", GetMenu),
      EXPORT("FlashWindow", FlashWindow),
      EXPORT("FlashWindowEx", FlashWindowEx),
      EXPORT("SetLayeredWindowAttributes", SetLayeredWindowAttributes),
      EXPORT("UpdateLayeredWindow", UpdateLayeredWindow),
      EXPORT("UpdateLayeredWindowIndirect", UpdateLayeredWindowIndirect),
      EXPORT("GetLayeredWindowAttributes", GetLayeredWindowAttributes),
  };
  return e;
}

}  // namespace polyrun::shims::user32
