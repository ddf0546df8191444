// USER32's multiple-document interface: the MDIClient class (the window inside a frame that holds
// the document windows), DefFrameProc, DefMDIChildProc, CreateMDIWindow and TranslateMDISysAccel,
// and what CreateWindowEx does for a WS_EX_MDICHILD window (mdi_prepare_child, mdi_child_made).
// The client keeps its children in creation order (their ids: the first id its CLIENTCREATESTRUCT
// gave and on), the active one, and the frame's "Window" menu, which lists them ("&1 title" …).
// A maximized child fills the client, and the frame's title reads "Frame - [Child]" meanwhile.
// Not here yet: the maximized child's system-menu icon and buttons in the frame's menu bar, the
// "More Windows..." dialog past nine children, and the client's scroll bars.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"
#include "shims/user32/menus.h"
#include "shims/user32/mdi.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  kWmMdiCreate = 0x0220, kWmMdiDestroy = 0x0221, kWmMdiActivate = 0x0222,
  kWmMdiRestore = 0x0223, kWmMdiNext = 0x0224, kWmMdiMaximize = 0x0225, kWmMdiTile = 0x0226,
  kWmMdiCascade = 0x0227, kWmMdiIconArrange = 0x0228, kWmMdiGetActive = 0x0229, kWmMdiSetMenu = 0x0230,
  kWmMdiRefreshMenu = 0x0234, kWmLButtonDown = 0x0201,
};
enum : uint32_t {
  kScSize = 0xf000, kScMove = 0xf010, kScMaximize = 0xf030, kScNextWindow = 0xf040,
  kScPrevWindow = 0xf050,
};
constexpr uint32_t kMdisAllChildStyles = 0x1, kMdiTileHorizontal = 0x1,
                   kMdiTileSkipDisabled = 0x2;
constexpr int32_t kSwShowNormal = 1, kSwMaximize = 3, kSwShow = 5;
constexpr uint32_t kMaxListed = 9;       // children the Window menu lists
constexpr uint32_t kVkTab = 0x09, kVkF4 = 0x73, kVkF6 = 0x75;
constexpr uint32_t kMftSeparator = 0x800, kMfsChecked = 0x8;

struct MdiClient : ControlState {
  uint64_t window_menu = 0, frame_menu = 0;
  uint32_t first_id = 0;
  uint64_t active = 0;
  std::vector<uint64_t> children;  // in creation order: child i has the id first_id + i
  uint32_t total_created = 0;      // (the default positions stagger by it)
  bool listed = false;             // the Window menu holds the separator and the children's items
  // The frame's own title (what the program last set it to; unset: its text when first needed).
  std::optional<std::u16string> frame_title;
};

MdiClient* client_state(WindowsProcess& p, uint64_t client) {
  Window* w = find_window(p, client);
  return w ? dynamic_cast<MdiClient*>(w->control.get()) : nullptr;
}
bool zoomed(WindowsProcess& p, uint64_t hwnd) {
  const Window* w = find_window(p, hwnd);
  return w && (w->style & WS_MAXIMIZE);
}
bool iconic(WindowsProcess& p, uint64_t hwnd) {
  const Window* w = find_window(p, hwnd);
  return w && (w->style & WS_MINIMIZE);
}
uint64_t frame_of(WindowsProcess& p, uint64_t client) {
  const Window* w = find_window(p, client);
  return w ? w->parent : 0;
}

// The frame's caption: its own title and, while a child is maximized, " - [child]" (set as
// WM_SETTEXT's default handling sets it: the caption redrawn).
void update_frame_text(WindowsProcess& p, uint64_t client) {
  MdiClient* s = client_state(p, client);
  const Window* f = find_window(p, frame_of(p, client));
  if (!s || !f) return;
  if (!s->frame_title) s->frame_title = f->text;
  std::u16string text = *s->frame_title;
  const Window* c = s->active ? find_window(p, s->active) : nullptr;
  if (c && (c->style & WS_MAXIMIZE) && !c->text.empty()) text += (text.empty() ? u"[" : u" - [") + c->text + u"]";
  if (f->text == text) return;
  const GuestText g(p, text);
  def_window_proc(p, f->handle, WM_SETTEXT, 0, g.at, true);
}

// The separator and the children's items the client put in its Window menu, taken out.
void unlist(WindowsProcess& p, MdiClient& s) {
  Menu* m = s.listed && s.window_menu ? find_menu(p, s.window_menu) : nullptr;
  s.listed = false;
  if (!m) return;
  auto& items = m->items;
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const MenuItem& i) { return !i.submenu && i.id >= s.first_id && i.id < s.first_id + kMaxListed; }),
              items.end());
  if (!items.empty() && (items.back().type & kMftSeparator)) items.pop_back();
}

// The Window menu: a separator and "&N title" for each of the first nine children, the active one
// checked; the items the client added before are taken out first.
void refresh_menu(WindowsProcess& p, uint64_t client) {
  MdiClient* s = client_state(p, client);
  if (!s) return;
  unlist(p, *s);
  Menu* m = s->window_menu ? find_menu(p, s->window_menu) : nullptr;
  if (!m) return;
  std::vector<uint64_t> shown;
  for (uint64_t c : s->children)
    if (const Window* w = find_window(p, c); w && (w->style & WS_VISIBLE)) shown.push_back(c);
  if (shown.empty()) return;
  MenuItem separator;
  separator.type = kMftSeparator;
  m->items.push_back(separator);
  for (size_t i = 0; i < shown.size() && i < kMaxListed; ++i) {
    const Window* w = find_window(p, shown[i]);
    MenuItem item;
    item.id = static_cast<uint32_t>(w->id);
    item.has_text = true;
    item.text = u"&" + std::u16string(1, static_cast<char16_t>(u'1' + i)) + u" " + w->text;
    if (shown[i] == s->active) item.state |= kMfsChecked;
    m->items.push_back(item);
  }
  s->listed = true;
}

// The children's ids follow their order: a child's going renumbers those after it.
void renumber(WindowsProcess& p, MdiClient& s) {
  for (size_t i = 0; i < s.children.size(); ++i)
    if (Window* w = find_window(p, s.children[i])) w->id = s.first_id + i;
}

// The next (or previous) child after `from` in z-order that is visible and enabled, or 0.
uint64_t next_child(WindowsProcess& p, uint64_t client, uint64_t from, bool forward) {
  const Window* cw = find_window(p, client);
  if (!cw) return 0;
  std::vector<uint64_t> order;
  for (uint64_t c : cw->children) {
    const Window* w = find_window(p, c);
    if (w && !w->owner && (w->style & (WS_VISIBLE | WS_DISABLED)) == WS_VISIBLE) order.push_back(c);
  }
  if (order.empty()) return 0;
  auto it = std::find(order.begin(), order.end(), from);
  if (it == order.end()) return forward ? order.front() : order.back();
  const size_t i = static_cast<size_t>(it - order.begin());
  if (order.size() == 1) return 0;
  return forward ? order[(i + 1) % order.size()] : order[(i + order.size() - 1) % order.size()];
}

// A child made active: the one before gets WM_NCACTIVATE(FALSE) and WM_MDIACTIVATE, the new one
// comes to the top, gets the same (with TRUE) and the focus; a maximized child hands its state on.
void activate_child(WindowsProcess& p, uint64_t client, uint64_t child) {
  MdiClient* s = client_state(p, client);
  if (!s || s->active == child) return;
  const uint64_t before = s->active;
  const bool was_zoomed = before && zoomed(p, before);
  s->active = child;
  if (before && find_window(p, before)) {
    send_message(p, before, WM_NCACTIVATE, 0, 0);
    send_message(p, before, kWmMdiActivate, before, child);
  }
  if (!(s = client_state(p, client))) return;
  refresh_menu(p, client);
  if (!child) return;
  set_window_position(p, child, 0, 0, 0, 0, 0, SWP_NOSIZE | SWP_NOMOVE | SWP_NOACTIVATE);
  if (was_zoomed && !zoomed(p, child)) {
    show_window_command(p, child, kSwMaximize);
    if (find_window(p, before)) show_window_command(p, before, kSwShowNormal);
  }
  send_message(p, child, WM_NCACTIVATE, 1, 0);
  send_message(p, child, kWmMdiActivate, before, child);
  if (find_window(p, child) && !iconic(p, child)) set_focus(p, child);
  update_frame_text(p, client);
}

// A child gone from the client's list (its WM_DESTROY): the next one becomes active.
void forget_child(WindowsProcess& p, uint64_t client, uint64_t child) {
  MdiClient* s = client_state(p, client);
  if (!s) return;
  auto it = std::find(s->children.begin(), s->children.end(), child);
  if (it == s->children.end()) return;
  s->children.erase(it);
  renumber(p, *s);
  if (s->active == child) {
    const uint64_t next = next_child(p, client, child, true);
    if (next && next != child) activate_child(p, client, next);
    if ((s = client_state(p, client)) && s->active == child) s->active = 0;
  }
  if (!client_state(p, client)) return;
  refresh_menu(p, client);
  update_frame_text(p, client);
}

// Where the `n`th child made goes by default, and its size: staggered by a caption's height,
// two thirds of the client or so (as Windows places MDI children made with CW_USEDEFAULT).
void default_place(WindowsProcess& p, uint64_t client, uint32_t n, int32_t& x, int32_t& y, int32_t& cx, int32_t& cy) {
  const Window* cw = find_window(p, client);
  const int32_t width = cw ? cw->client.right - cw->client.left : 0, height = cw ? cw->client.bottom - cw->client.top : 0;
  const int32_t spacing = system_metric(p, 4 /* SM_CYCAPTION */) + system_metric(p, 33 /* SM_CYFRAME */) - 1;
  const int32_t stagger = spacing > 0 ? height / (3 * spacing) : 0;
  cx = width - stagger * spacing;
  cy = height - stagger * spacing;
  x = y = spacing * static_cast<int32_t>(n % static_cast<uint32_t>(stagger + 1));
}

// The children Cascade and Tile arrange: visible, not minimized, not owned (and with
// MDITILE_SKIPDISABLED, enabled), in z-order. A maximized active child is restored first.
std::vector<uint64_t> arranged(WindowsProcess& p, uint64_t client, bool skip_disabled) {
  std::vector<uint64_t> out;
  MdiClient* s = client_state(p, client);
  if (s && s->active && zoomed(p, s->active)) show_window_command(p, s->active, kSwShowNormal);
  const Window* cw = find_window(p, client);
  if (!cw) return out;
  for (uint64_t c : cw->children) {
    const Window* w = find_window(p, c);
    if (!w || !(w->style & WS_VISIBLE) || w->owner || (w->style & WS_MINIMIZE)) continue;
    if (skip_disabled && (w->style & WS_DISABLED)) continue;
    out.push_back(c);
  }
  return out;
}
// A child arranged: moved, and sized where it has a sizing frame.
void arrange(WindowsProcess& p, uint64_t child, int32_t x, int32_t y, int32_t cx, int32_t cy) {
  const Window* w = find_window(p, child);
  uint32_t flags = SWP_NOACTIVATE | SWP_NOZORDER;
  if (w && !(w->style & WS_THICKFRAME)) flags |= SWP_NOSIZE;
  set_window_position(p, child, 0, x, y, cx, cy, flags);
}

uint64_t cascade(WindowsProcess& p, uint64_t client) {
  const std::vector<uint64_t> kids = arranged(p, client, false);
  uint32_t n = 0;
  for (auto it = kids.rbegin(); it != kids.rend(); ++it) {  // the bottom one first, top left
    int32_t x, y, cx, cy;
    default_place(p, client, n++, x, y, cx, cy);
    arrange(p, *it, x, y, cx, cy);
  }
  return kids.size();
}

uint64_t tile(WindowsProcess& p, uint64_t client, uint64_t how) {
  const std::vector<uint64_t> kids = arranged(p, client, how & kMdiTileSkipDisabled);
  const Window* cw = find_window(p, client);
  if (kids.empty() || !cw) return 0;
  const int32_t width = cw->client.right - cw->client.left, height = cw->client.bottom - cw->client.top;
  const int32_t total = static_cast<int32_t>(kids.size());
  int32_t rows = static_cast<int32_t>(std::sqrt(static_cast<double>(total))), columns = total / rows;
  if (how & kMdiTileHorizontal) std::swap(rows, columns);
  const int32_t xsize = width / columns;
  int32_t x = 0, i = 0;
  for (int32_t c = 1; c <= columns && i < total; ++c) {
    if (c == columns) rows = total - i;
    const int32_t ysize = height / rows;
    int32_t y = 0;
    for (int32_t r = 1; r <= rows && i < total; ++r, ++i) {
      arrange(p, kids[static_cast<size_t>(i)], x, y, xsize, ysize);
      y += ysize;
    }
    x += xsize;
  }
  return 1;
}

// WM_MDISETMENU: the frame's menu bar (wparam, when given) and the Window menu (lparam, when
// given) replaced; the old frame menu comes back.
uint64_t set_menus(WindowsProcess& p, uint64_t client, uint64_t frame_menu, uint64_t window_menu) {
  MdiClient* s = client_state(p, client);
  if (!s) return 0;
  const uint64_t frame = frame_of(p, client);
  const uint64_t old = s->frame_menu;
  if (window_menu && window_menu != s->window_menu) {
    unlist(p, *s);  // (the old Window menu's list goes)
    s->window_menu = window_menu;
  }
  if (frame_menu && frame_menu != old) {
    s->frame_menu = frame_menu;
    p.call_export("user32.dll", "SetMenu", {frame, frame_menu}, 0);
    if (!(s = client_state(p, client))) return old;
  }
  refresh_menu(p, client);
  return old;
}

uint64_t client_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  MdiClient* s = dynamic_cast<MdiClient*>(w->control.get());
  if (!s) {
    if (msg != WM_NCCREATE) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    s = &control_state<MdiClient>(*w);
  }
  const unsigned ptr = p.isa->ptr;
  switch (msg) {
    case WM_CREATE: {
      // CREATESTRUCT's lpCreateParams: CLIENTCREATESTRUCT { hWindowMenu, idFirstChild }.
      const uint64_t ccs = lparam ? p.get_ptr(lparam) : 0;
      if (ccs) {
        s->window_menu = p.get_ptr(ccs);
        s->first_id = get<uint32_t>(ccs + ptr);
      }
      if (const Window* frame = find_window(p, w->parent); frame && !(frame->style & WS_CHILD)) s->frame_menu = frame->id;
      return 0;
    }
    case WM_DESTROY:
      s->children.clear();
      unlist(p, *s);
      return 0;
    case kWmMdiCreate: {
      if (!lparam) return 0;
      // MDICREATESTRUCT: szClass, szTitle, hOwner, x, y, cx, cy, style, lParam.
      const uint64_t cls = p.get_ptr(lparam), title = p.get_ptr(lparam + ptr), owner = p.get_ptr(lparam + 2 * ptr);
      const uint64_t ints = lparam + 3 * ptr;
      const uint64_t param = p.get_ptr(ptr == 8 ? lparam + 48 : lparam + 32);
      return create_window(p, WS_EX_MDICHILD, cls, title, get<uint32_t>(ints + 16), get<int32_t>(ints),
                           get<int32_t>(ints + 4), get<int32_t>(ints + 8), get<int32_t>(ints + 12), hwnd, 0, owner,
                           param, unicode);
    }
    case kWmMdiDestroy: {
      // The next child becomes the active one first (maximized if this one was), then it goes.
      if (!find_window(p, wparam)) return 0;
      if (s->active == wparam) {
        const uint64_t next = next_child(p, hwnd, wparam, true);
        if (next && next != wparam) activate_child(p, hwnd, next);
      }
      if (find_window(p, wparam) && zoomed(p, wparam)) show_window_command(p, wparam, kSwShowNormal);
      if (find_window(p, wparam)) destroy_window(p, wparam);
      return 0;
    }
    case kWmMdiActivate:
      if (std::find(s->children.begin(), s->children.end(), wparam) != s->children.end()) activate_child(p, hwnd, wparam);
      return 0;
    case kWmMdiGetActive:
      if (lparam) put<int32_t>(lparam, s->active && zoomed(p, s->active) ? 1 : 0);
      return s->active;
    case kWmMdiNext: {
      const uint64_t from = wparam ? wparam : s->active;
      const uint64_t to = next_child(p, hwnd, from, lparam == 0);
      if (!to || to == from) return 0;
      activate_child(p, hwnd, to);
      if (!lparam && find_window(p, from))
        set_window_position(p, from, 1 /* HWND_BOTTOM */, 0, 0, 0, 0, SWP_NOSIZE | SWP_NOMOVE | SWP_NOACTIVATE);
      return 0;
    }
    case kWmMdiMaximize:
      if (find_window(p, wparam)) show_window_command(p, wparam, kSwMaximize);
      return 0;
    case kWmMdiRestore:
      if (find_window(p, wparam)) show_window_command(p, wparam, kSwShowNormal);
      return 0;
    case kWmMdiCascade:
      return cascade(p, hwnd);
    case kWmMdiTile:
      return tile(p, hwnd, wparam);
    case kWmMdiIconArrange:
      return 0;  // (minimized children stay where they are)
    case kWmMdiSetMenu:
      return set_menus(p, hwnd, wparam, lparam);
    case kWmMdiRefreshMenu:
      refresh_menu(p, hwnd);
      return (s = client_state(p, hwnd)) ? s->frame_menu : 0;
    case WM_SETFOCUS:
      if (s->active && !iconic(p, s->active)) set_focus(p, s->active);
      return 0;
    case WM_NCACTIVATE:
      if (s->active) send_message(p, s->active, WM_NCACTIVATE, wparam, lparam);
      break;
    case WM_PARENTNOTIFY:
      switch (wparam & 0xffff) {
        case WM_CREATE:
          if (const Window* c = find_window(p, lparam); c && (c->ex_style & WS_EX_MDICHILD)) {
            s->children.push_back(lparam);
            ++s->total_created;
          }
          return 0;
        case WM_DESTROY:
          forget_child(p, hwnd, lparam);
          return 0;
        case kWmLButtonDown: {
          const int32_t x = static_cast<int16_t>(lparam & 0xffff), y = static_cast<int16_t>(lparam >> 16 & 0xffff);
          for (uint64_t c : w->children) {
            const Window* cw = find_window(p, c);
            if (cw && (cw->style & WS_VISIBLE) && cw->window.contains(x, y)) {
              if (c != s->active && std::find(s->children.begin(), s->children.end(), c) != s->children.end())
                activate_child(p, hwnd, c);
              break;
            }
          }
          return 0;
        }
        default:
          return 0;
      }
    case WM_SIZE:
      if (s->active && zoomed(p, s->active)) {
        const Window* c = find_window(p, s->active);
        const Rect inside{0, 0, static_cast<int32_t>(lparam & 0xffff), static_cast<int32_t>(lparam >> 16 & 0xffff)};
        const Rect r = window_rect_for_client(p, inside, c->style, c->ex_style, false);
        set_window_position(p, s->active, 0, r.left, r.top, r.right - r.left, r.bottom - r.top,
                            SWP_NOZORDER | SWP_NOACTIVATE);
      }
      break;
    default:
      break;
  }
  return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
}

// ---- the frame and the children ----

uint64_t def_frame_proc(WindowsProcess& p, uint64_t hwnd, uint64_t client, uint32_t msg, uint64_t wparam, uint64_t lparam,
                        bool unicode) {
  if (MdiClient* s = client ? client_state(p, client) : nullptr) {
    switch (msg) {
      case WM_COMMAND: {
        const uint32_t id = static_cast<uint32_t>(wparam & 0xffff);
        if (id >= s->first_id && id < s->first_id + s->children.size()) {
          send_message(p, client, kWmMdiActivate, s->children[id - s->first_id], 0);
          return 0;
        }
        if (id >= 0xf000 && s->active) {  // the maximized child's system menu, shown in the frame's bar
          send_message(p, s->active, WM_SYSCOMMAND, wparam, lparam);
          return 0;
        }
        break;
      }
      case WM_NCACTIVATE:
        send_message(p, client, WM_NCACTIVATE, wparam, lparam);
        break;
      case WM_SETTEXT:
        s->frame_title = lparam ? message_text(lparam, unicode) : std::u16string();
        update_frame_text(p, client);
        return 1;
      case WM_SETFOCUS:
        set_focus(p, client);
        return 0;
      case WM_SIZE:
        set_window_position(p, client, 0, 0, 0, static_cast<int32_t>(lparam & 0xffff),
                            static_cast<int32_t>(lparam >> 16 & 0xffff), SWP_NOZORDER | SWP_NOACTIVATE);
        return 0;
      default:
        break;
    }
  }
  return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
}

uint64_t def_child_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  const Window* w = find_window(p, hwnd);
  const uint64_t client = w ? w->parent : 0;
  MdiClient* s = client_state(p, client);
  if (!s) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  switch (msg) {
    case WM_SETTEXT: {
      const uint64_t r = def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
      refresh_menu(p, client);
      if (zoomed(p, hwnd)) update_frame_text(p, client);
      return r;
    }
    case WM_CLOSE:
      send_message(p, client, kWmMdiDestroy, hwnd, 0);
      return 0;
    case WM_SETFOCUS:
      if (s->active != hwnd) activate_child(p, client, hwnd);
      break;
    case WM_CHILDACTIVATE:
      activate_child(p, client, hwnd);
      return 0;
    case WM_SYSCOMMAND:
      switch (wparam & 0xfff0) {
        case kScMove:
        case kScSize:
          if (zoomed(p, hwnd)) return 0;
          break;
        case kScNextWindow:
          send_message(p, client, kWmMdiNext, 0, 0);
          return 0;
        case kScPrevWindow:
          send_message(p, client, kWmMdiNext, 0, 1);
          return 0;
        case kScMaximize:
          if (zoomed(p, hwnd)) return send_message(p, frame_of(p, client), WM_SYSCOMMAND, wparam, lparam, unicode);
          break;
        default:
          break;
      }
      break;
    case WM_GETMINMAXINFO: {
      // Maximized, a child fills the client: its frame just outside the client's edges.
      const Window* cw = find_window(p, client);
      if (!cw || !lparam) break;
      const Rect inside{0, 0, cw->client.right - cw->client.left, cw->client.bottom - cw->client.top};
      const Rect r = window_rect_for_client(p, inside, w->style, w->ex_style, false);
      put<int32_t>(lparam + 8, r.right - r.left);   // ptMaxSize
      put<int32_t>(lparam + 12, r.bottom - r.top);
      put<int32_t>(lparam + 16, r.left);            // ptMaxPosition
      put<int32_t>(lparam + 20, r.top);
      return 0;
    }
    case WM_SIZE:
      if (s->active == hwnd) update_frame_text(p, client);
      break;
    default:
      break;
  }
  return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
}

USize DefFrameProcW(WindowsProcess& p, Ptr hwnd, Ptr client, uint32_t msg, USize wp, USize lp) {
  return def_frame_proc(p, hwnd.addr, client.addr, msg, wp, lp, true);
}
USize DefFrameProcA(WindowsProcess& p, Ptr hwnd, Ptr client, uint32_t msg, USize wp, USize lp) {
  return def_frame_proc(p, hwnd.addr, client.addr, msg, wp, lp, false);
}
USize DefMDIChildProcW(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  return def_child_proc(p, hwnd.addr, msg, wp, lp, true);
}
USize DefMDIChildProcA(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  return def_child_proc(p, hwnd.addr, msg, wp, lp, false);
}

// CreateMDIWindow(class, title, style, x, y, cx, cy, client, instance, lParam): the child made as
// CreateWindowEx with WS_EX_MDICHILD makes it.
Ptr CreateMDIWindowW(WindowsProcess& p, Ptr cls, Ptr title, uint32_t style, int32_t x, int32_t y, int32_t cx,
                     int32_t cy, Ptr client, Ptr instance, USize param) {
  return create_window(p, WS_EX_MDICHILD, cls.addr, title.addr, style, x, y, cx, cy, client.addr, 0, instance.addr,
                       param, true);
}
Ptr CreateMDIWindowA(WindowsProcess& p, Ptr cls, Ptr title, uint32_t style, int32_t x, int32_t y, int32_t cx,
                     int32_t cy, Ptr client, Ptr instance, USize param) {
  return create_window(p, WS_EX_MDICHILD, cls.addr, title.addr, style, x, y, cx, cy, client.addr, 0, instance.addr,
                       param, false);
}

// TranslateMDISysAccel(client, msg): Ctrl+F4 closes the active child, Ctrl+F6 and Ctrl+Tab go to
// the next one (with Shift, the previous); TRUE when the key was one of these.
BOOL TranslateMDISysAccel(WindowsProcess& p, Ptr client, Ptr msg) {
  MdiClient* s = client_state(p, client.addr);
  if (!s || !msg || !s->active) return FALSE;
  const unsigned ptr = p.isa->ptr;
  const uint32_t message = get<uint32_t>(msg.addr + ptr);
  if (message != WM_KEYDOWN && message != WM_SYSKEYDOWN) return FALSE;
  if (!key_down(p, VK_CONTROL) || key_down(p, VK_MENU)) return FALSE;
  const uint64_t vk = p.get_ptr(msg.addr + 2 * ptr);
  uint32_t command = 0;
  if (vk == kVkF4) command = SC_CLOSE;
  else if (vk == kVkF6 || vk == kVkTab) command = key_down(p, VK_SHIFT) ? kScPrevWindow : kScNextWindow;
  else return FALSE;
  send_message(p, s->active, WM_SYSCOMMAND, command, vk);
  return TRUE;
}

const ControlClass& mdi_client_class() {
  static const Export entry = EXPORT("MDIClientWndProcW", control_entry<client_proc>);
  // The class has no background of its own: the client is painted COLOR_APPWORKSPACE (12 + 1).
  static const ControlClass c{u"MDIClient", 0, 2 * 8, client_proc, &entry, 32512 /* IDC_ARROW */, 13};
  return c;
}
std::vector<const ControlClass*> mdi_classes() { return {&mdi_client_class()}; }
const ExtraClasses kMdiClasses{mdi_classes};

}  // namespace

// CreateWindowEx's part for a WS_EX_MDICHILD window: the parent must be an MDI client; the
// styles a document window has (all the given ones with MDIS_ALLCHILDSTYLES), its id, its default
// place, and the MDICREATESTRUCT its WM_NCCREATE and WM_CREATE see (written at `mdi_cs`, which the
// caller frees, and put in `params`). False (the last error set) when the window cannot be one.
bool mdi_prepare_child(WindowsProcess& p, uint64_t parent, uint64_t class_arg, uint64_t name, uint64_t instance,
                       uint32_t& style, int32_t& x, int32_t& y, int32_t& cx, int32_t& cy, uint64_t& menu,
                       uint64_t& params, uint64_t& mdi_cs) {
  MdiClient* s = client_state(p, parent);
  const Window* client = find_window(p, parent);
  if (!s || !client) return fail(p, ERROR_INVALID_WINDOW_HANDLE), false;
  const unsigned ptr = p.isa->ptr;
  mdi_cs = p.heap.alloc(ptr == 8 ? 56 : 36, true);
  p.put_ptr(mdi_cs, class_arg);
  p.put_ptr(mdi_cs + ptr, name);
  p.put_ptr(mdi_cs + 2 * ptr, instance);
  const uint64_t ints = mdi_cs + 3 * ptr;
  put<int32_t>(ints, x);
  put<int32_t>(ints + 4, y);
  put<int32_t>(ints + 8, cx);
  put<int32_t>(ints + 12, cy);
  put<uint32_t>(ints + 16, style);
  p.put_ptr(ptr == 8 ? mdi_cs + 48 : mdi_cs + 32, params);
  params = mdi_cs;
  if (client->style & kMdisAllChildStyles) {
    if (style & WS_POPUP) return fail(p, ERROR_INVALID_PARAMETER), false;
    style |= WS_CHILD | WS_CLIPSIBLINGS;
  } else {
    style &= ~WS_POPUP;
    style |= WS_CHILD | WS_VISIBLE | WS_CLIPSIBLINGS | WS_CAPTION | WS_SYSMENU | WS_THICKFRAME | WS_MINIMIZEBOX |
             WS_MAXIMIZEBOX;
  }
  // A new visible child while one is maximized: that one is restored (the new one maximized if asked).
  if ((style & WS_VISIBLE) && s->active && zoomed(p, s->active)) {
    if (style & WS_MAXIMIZE) send_message(p, s->active, WM_SETREDRAW, 0, 0);
    show_window_command(p, s->active, kSwShowNormal);
    if ((s = client_state(p, parent)) && s->active && (style & WS_MAXIMIZE)) send_message(p, s->active, WM_SETREDRAW, 1, 0);
    if (!(s = client_state(p, parent))) return false;
  }
  menu = s->first_id + s->children.size();
  int32_t dx, dy, dcx, dcy;
  default_place(p, parent, s->total_created, dx, dy, dcx, dcy);
  if (static_cast<uint32_t>(x) == CW_USEDEFAULT) x = dx, y = dy;
  if (static_cast<uint32_t>(cx) == CW_USEDEFAULT || !cx) cx = dcx;
  if (static_cast<uint32_t>(cy) == CW_USEDEFAULT || !cy) cy = dcy;
  return true;
}

// After WM_CREATE of a visible MDI child: shown (maximized if asked), listed, made active.
void mdi_child_made(WindowsProcess& p, uint64_t hwnd, uint32_t style) {
  const Window* w = find_window(p, hwnd);
  if (!w || !(style & WS_VISIBLE)) return;
  const uint64_t client = w->parent;
  show_window_command(p, hwnd, (style & WS_MAXIMIZE) ? kSwMaximize : kSwShow);
  if (!find_window(p, hwnd)) return;
  refresh_menu(p, client);
  activate_child(p, client, hwnd);
}

const std::vector<Export>& mdi_exports() {
  static const std::vector<Export> exports = {
      EXPORT("DefFrameProcW", DefFrameProcW),         EXPORT("DefFrameProcA", DefFrameProcA),
      EXPORT("DefMDIChildProcW", DefMDIChildProcW),   EXPORT("DefMDIChildProcA", DefMDIChildProcA),
      EXPORT("CreateMDIWindowW", CreateMDIWindowW),   EXPORT("CreateMDIWindowA", CreateMDIWindowA),
      EXPORT("TranslateMDISysAccel", TranslateMDISysAccel),
  };
  return exports;
}

}  // namespace polyrun::shims::user32
