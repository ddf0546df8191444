// DefWindowProc, what a window procedure leaves to Windows: the window's text (WM_NCCREATE,
// WM_SETTEXT, WM_GETTEXT), its frame (WM_NCCALCSIZE), the size messages after a move
// (WM_WINDOWPOSCHANGED), closing (WM_CLOSE, SC_CLOSE, Alt+F4), painting left undone (WM_PAINT
// validates), icons, hit tests; and CallWindowProc.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/user32/controls.h"
#include "shims/user32/menus.h"
#include "shims/user32/scroll_bars.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

constexpr uint32_t VK_F4 = 0x73;
constexpr int32_t HTNOWHERE = 0, HTCLIENT = 1, HTCAPTION = 2, HTBORDER = 18, HTCLOSE = 20;


std::u16string text_arg(uint64_t s, bool unicode) {
  if (!s) return {};
  return unicode ? std::u16string(reinterpret_cast<const char16_t*>(s)) : ansi_to_utf16(reinterpret_cast<const char*>(s));
}

// The client rectangle inside a window rectangle: the frame AdjustWindowRectEx puts around a
// client, taken off again (a top-level window with a menu handle has a menu bar).
Rect client_inside(WindowsProcess& p, const Window& w, const Rect& window) {
  const bool menu = !(w.style & WS_CHILD) && w.id != 0;
  const Rect frame = window_rect_for_client(p, Rect{}, w.style, w.ex_style, menu);
  Rect c{window.left - frame.left, window.top - frame.top, window.right - frame.right, window.bottom - frame.bottom};
  if (w.style & WS_VSCROLL) c.right -= system_metric(p, 2);
  if (w.style & WS_HSCROLL) c.bottom -= system_metric(p, 3);
  if (c.right < c.left) c.right = c.left;
  if (c.bottom < c.top) c.bottom = c.top;
  return c;
}

}  // namespace

uint64_t def_window_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  switch (msg) {
    case WM_NCCREATE: {
      if (lparam) {
        const uint64_t name = p.get_ptr(lparam + create_struct_layout(p).name);  // CREATESTRUCT's lpszName
        if (name >= 0x10000) w->text = text_arg(name, unicode);
      }
      return 1;
    }
    case WM_NCCALCSIZE: {
      if (!lparam) return 0;
      const Rect window = get<Rect>(lparam);  // (rgrc[0] of NCCALCSIZE_PARAMS when wparam is TRUE)
      put<Rect>(lparam, client_inside(p, *w, window));
      return 0;
    }
    case WM_SETTEXT:
      w->text = lparam ? text_arg(lparam, unicode) : std::u16string();
      notify_win_event(p, EVENT_OBJECT_NAMECHANGE, w->handle);
      if (!(w = find_window(p, hwnd))) return 1;
      // The caption shows the new title at once, and the display's window takes it.
      if ((w->style & WS_CAPTION) == WS_CAPTION && visible(p, hwnd)) default_nc_paint(p, hwnd);
      if ((w = find_window(p, hwnd)) && w->parent == window_manager(p).desktop && (w->style & WS_VISIBLE))
        display_window_changed(p, hwnd);
      return 1;
    case WM_GETTEXT:
      return static_cast<uint64_t>(copy_text_out(p, w->text, Ptr(lparam), static_cast<int32_t>(wparam), unicode));
    case WM_GETTEXTLENGTH:
      return unicode ? w->text.size() : utf16_to_ansi(w->text).size();
    case WM_CLOSE:
      destroy_window(p, hwnd);
      return 0;
    case WM_SYSCOMMAND:
      if (menu_system_command(p, hwnd, wparam, lparam)) return 0;
      if ((wparam & 0xfff0) == SC_CLOSE) send_message(p, hwnd, WM_CLOSE, 0, 0, unicode);
      if ((wparam & 0xfff0) == 0xf070 || (wparam & 0xfff0) == 0xf080)  // SC_VSCROLL, SC_HSCROLL: a press on a bar
        track_window_scroll_bar(p, hwnd, (wparam & 0xfff0) == 0xf070, static_cast<int16_t>(lparam & 0xffff),
                                static_cast<int16_t>((lparam >> 16) & 0xffff));
      return 0;
    case WM_KEYDOWN:
    case WM_KEYUP:
    case WM_SYSKEYUP:
    case WM_SYSCHAR:
      menu_key_message(p, hwnd, msg, wparam, lparam);
      return 0;
    case WM_SYSKEYDOWN:
      menu_key_message(p, hwnd, msg, wparam, lparam);
      if (wparam == VK_F4 && (lparam & (1u << 29))) send_message(p, hwnd, WM_SYSCOMMAND, SC_CLOSE, 0, unicode);
      return 0;
    case WM_WINDOWPOSCHANGED: {
      // WINDOWPOS's flags, after hwnd, hwndInsertAfter, x, y, cx, cy.
      const uint32_t flags = lparam ? get<uint32_t>(lparam + 2 * p.isa->ptr + 16) : 0;
      const Rect c = w->client;
      if (!(flags & SWP_NOCLIENTMOVE)) send_message(p, hwnd, WM_MOVE, 0, pack_words(c.left, c.top), unicode);
      if (!(w = find_window(p, hwnd))) return 0;
      if (!(flags & SWP_NOCLIENTSIZE)) {
        const uint32_t kind = (w->style & WS_MAXIMIZE) ? SIZE_MAXIMIZED : (w->style & WS_MINIMIZE) ? SIZE_MINIMIZED : SIZE_RESTORED;
        send_message(p, hwnd, WM_SIZE, kind, pack_words(c.width(), c.height()), unicode);
      }
      return 0;
    }
    case WM_PAINT:
      default_paint(p, hwnd);  // (BeginPaint and EndPaint with nothing drawn: the window is valid)
      return 0;
    case WM_ERASEBKGND:
      return default_erase(p, hwnd, wparam) ? 1 : 0;
    case WM_NCPAINT:
      default_nc_paint(p, hwnd);
      return 0;
    case WM_NCHITTEST: {
      const int32_t x = static_cast<int16_t>(lparam & 0xffff), y = static_cast<int16_t>((lparam >> 16) & 0xffff);
      const Rect c = client_screen_rect(p, *w), r = screen_rect(p, *w);
      if (c.contains(x, y)) return HTCLIENT;
      if (!r.contains(x, y)) return HTNOWHERE;
      if (menu_bar_screen_rect(p, *w).contains(x, y)) return HTMENU;
      // A sizing frame's edges and corners (the corners reach a caption button's width and the
      // frame's along the edges), as wine 8.0 answers; another frame is HTBORDER.
      const int32_t border = c.left - r.left;
      if (w->style & WS_THICKFRAME) {
        const int32_t f = system_metric(p, 32 /* SM_CXFRAME */), corner = system_metric(p, 30 /* SM_CXSIZE */) + f;
        const bool left = x < r.left + f, right = x >= r.right - f, top = y < r.top + f, bottom = y >= r.bottom - f;
        const bool near_left = x < r.left + corner, near_right = x >= r.right - corner;
        const bool near_top = y < r.top + corner, near_bottom = y >= r.bottom - corner;
        if (top || bottom) {
          if (near_left) return top ? HTTOPLEFT : HTBOTTOMLEFT;
          if (near_right) return top ? HTTOPRIGHT : HTBOTTOMRIGHT;
          return top ? HTTOP : HTBOTTOM;
        }
        if (left || right) {
          if (near_top) return left ? HTTOPLEFT : HTTOPRIGHT;
          if (near_bottom) return left ? HTBOTTOMLEFT : HTBOTTOMRIGHT;
          return left ? HTLEFT : HTRIGHT;
        }
      }
      if (x < r.left + border || x >= r.right - border || y < r.top + border || y >= r.bottom - border) return HTBORDER;
      if ((w->style & WS_CAPTION) == WS_CAPTION && y < c.top) {
        if (w->style & WS_SYSMENU) {
          // (The buttons answer as themselves even where the style lacks them and they are grey.)
          if (close_box(p, *w).contains(x, y)) return HTCLOSE;
          if (caption_button(p, *w, 1).contains(x, y)) return HTMAXBUTTON;
          if (caption_button(p, *w, 2).contains(x, y)) return HTMINBUTTON;
          if (x < r.left + border + system_metric(p, 30 /* SM_CXSIZE */)) return HTSYSMENU;
        }
        return HTCAPTION;
      }
      if (const int32_t bar = scroll_bar_hit_test(p, *w, x, y)) return bar;  // HTVSCROLL, HTHSCROLL
      return HTBORDER;
    }
    case 0x00a1:  // WM_NCLBUTTONDOWN: the caption moves the window, the close box closes it, the menu bar opens
      if (wparam == 6 || wparam == 7) {  // HTHSCROLL, HTVSCROLL: WM_SYSCOMMAND SC_HSCROLL/SC_VSCROLL tracks it
        send_message(p, hwnd, WM_SYSCOMMAND, (wparam == 7 ? 0xf070 : 0xf080) + wparam, lparam, unicode);
        return 0;
      }
      if (wparam == static_cast<uint64_t>(HTMENU) || wparam == static_cast<uint64_t>(HTSYSMENU)) {
        send_message(p, hwnd, WM_SYSCOMMAND, SC_MOUSEMENU | wparam, lparam, unicode);
        return 0;
      }
      track_non_client_button(p, hwnd, static_cast<uint32_t>(wparam), static_cast<int16_t>(lparam & 0xffff),
                              static_cast<int16_t>((lparam >> 16) & 0xffff));
      return 0;
    case 0x00a3:  // WM_NCLBUTTONDBLCLK: a double click on the caption maximizes the window or restores it
      if (wparam == static_cast<uint64_t>(HTCAPTION) && (w->style & WS_MAXIMIZEBOX))
        send_message(p, hwnd, WM_SYSCOMMAND, (w->style & (WS_MAXIMIZE | WS_MINIMIZE)) ? 0xf120 /* SC_RESTORE */ : 0xf030 /* SC_MAXIMIZE */,
                     lparam, unicode);
      return 0;
    case WM_MOUSEACTIVATE:
      if (w->style & WS_CHILD) {
        if (const uint64_t r = send_message(p, w->parent, msg, wparam, lparam, unicode)) return r;
      }
      return 1;  // MA_ACTIVATE
    case WM_SETCURSOR:
      if (w->style & WS_CHILD) return send_message(p, w->parent, msg, wparam, lparam, unicode);
      return 0;
    case WM_ACTIVATE:
      // An activated window that is not minimized takes the keyboard focus.
      if ((wparam & 0xffff) != 0 && !(w->style & WS_MINIMIZE)) set_focus(p, hwnd);
      return 0;
    case WM_NCACTIVATE:
    case WM_QUERYENDSESSION:
    case WM_QUERYOPEN:
      return 1;
    case WM_GETICON:
      return wparam == 0 || wparam == 2 ? (w->icon_small ? w->icon_small : (wparam == 2 ? w->cls->icon_small : 0)) : w->icon_big;
    case WM_SETICON: {
      uint64_t& slot = wparam == 0 ? w->icon_small : w->icon_big;
      const uint64_t old = slot;
      slot = lparam;
      return old;
    }
    case WM_CTLCOLORMSGBOX:
    case WM_CTLCOLOREDIT:
    case WM_CTLCOLORLISTBOX:
    case WM_CTLCOLORBTN:
    case WM_CTLCOLORDLG:
    case WM_CTLCOLORSCROLLBAR:
    case WM_CTLCOLORSTATIC:
      return default_control_color(p, wparam, msg);
    case WM_NOTIFYFORMAT:
      return lparam == 3 ? (w->unicode ? 2 : 1) : 0;  // NF_QUERY: NFR_UNICODE or NFR_ANSI
    default:
      return 0;
  }
}

namespace {

USize DefWindowProcA(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) { return def_window_proc(p, hwnd.addr, msg, wp, lp, false); }
USize DefWindowProcW(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) { return def_window_proc(p, hwnd.addr, msg, wp, lp, true); }

// CallWindowProc: the procedure with the message, its strings converted when the procedure is of
// the other kind (known from the windows and classes that have it).
bool proc_kind(WindowsProcess& p, uint64_t proc, bool fallback) {
  WindowManager& wm = window_manager(p);
  for (const auto& [h, w] : wm.windows)
    if (w->wndproc == proc) return w->unicode;
  for (const auto& c : wm.classes)
    if (c->wndproc == proc) return c->unicode;
  return fallback;
}
USize CallWindowProcA(WindowsProcess& p, Ptr proc, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  return call_window_proc(p, proc.addr, proc_kind(p, proc.addr, false), hwnd.addr, msg, wp, lp, false);
}
USize CallWindowProcW(WindowsProcess& p, Ptr proc, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  return call_window_proc(p, proc.addr, proc_kind(p, proc.addr, true), hwnd.addr, msg, wp, lp, true);
}

}  // namespace

const std::vector<Export>& def_window_proc_exports() {
  static const std::vector<Export> e = {
      EXPORT("DefWindowProcA", DefWindowProcA),
      EXPORT("DefWindowProcW", DefWindowProcW),
      EXPORT("CallWindowProcA", CallWindowProcA),
      EXPORT("CallWindowProcW", CallWindowProcW),
  };
  return e;
}

}  // namespace polyrun::shims::user32
