// The tab control (SysTabControl32): a row of tabs with texts (and lParams), one selected, drawn as
// classic raised tabs over a raised display area; TCN_SELCHANGING (which the parent may refuse)
// and TCN_SELCHANGE when the user selects with the mouse or the keys, TCN_KEYDOWN, NM_CLICK.
#include <algorithm>

#include "shims/comctl32/views.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"

namespace polyrun::shims::comctl32 {

namespace tab_impl {

using namespace user32;
using namespace views;

enum : uint32_t {
  TCM_GETIMAGELIST = 0x1302, TCM_SETIMAGELIST = 0x1303, TCM_GETITEMCOUNT = 0x1304, TCM_GETITEMA = 0x1305,
  TCM_SETITEMA = 0x1306, TCM_INSERTITEMA = 0x1307, TCM_DELETEITEM = 0x1308, TCM_DELETEALLITEMS = 0x1309,
  TCM_GETITEMRECT = 0x130a, TCM_GETCURSEL = 0x130b, TCM_SETCURSEL = 0x130c, TCM_HITTEST = 0x130d,
  TCM_ADJUSTRECT = 0x1328, TCM_SETITEMSIZE = 0x1329, TCM_GETROWCOUNT = 0x132c, TCM_GETCURFOCUS = 0x132f,
  TCM_SETCURFOCUS = 0x1330, TCM_GETITEMW = 0x133c, TCM_SETITEMW = 0x133d, TCM_INSERTITEMW = 0x133e,
};
enum : uint32_t { TCIF_TEXT = 1, TCIF_IMAGE = 2, TCIF_PARAM = 8, TCIF_STATE = 0x10 };
enum : int32_t { TCN_KEYDOWN = -550, TCN_SELCHANGE = -551, TCN_SELCHANGING = -552 };
enum : uint32_t { TCHT_NOWHERE = 1, TCHT_ONITEM = 6 };
constexpr uint32_t TCS_FIXEDWIDTH_ = 0x400, TCS_FOCUSONBUTTONDOWN_ = 0x1000;

struct Tab {
  std::u16string text;
  int32_t image = -1;
  uint32_t state = 0;
  uint64_t param = 0;
};

struct TabState : ControlState {
  bool created = false;
  uint64_t parent = 0;
  std::vector<Tab> tabs;
  int32_t selected = -1, focus = -1;
  int32_t fixed_width = 0, fixed_height = 0;
  int32_t tab_height = 20;
  bool in_focus = false, pressed = false;
  uint64_t images = 0;
};

TabState* tab_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? &control_state<TabState>(*w) : nullptr;
}
int32_t count(const TabState& s) { return static_cast<int32_t>(s.tabs.size()); }

// TCITEM: mask, dwState, dwStateMask, pszText, cchTextMax, iImage, lParam.
struct TcLayout {
  unsigned text, text_max, image, param;
};
TcLayout tc_layout(WindowsProcess& p) { return p.isa->ptr == 8 ? TcLayout{16, 24, 28, 32} : TcLayout{12, 16, 20, 24}; }

int32_t text_px(WindowsProcess& p, uint64_t hwnd, TabState& s, const std::u16string& t, int32_t* height) {
  const uint64_t hdc = window_dc(p, hwnd, false);
  int32_t wd = 0, h = 0;
  if (gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc)) {
    const uint32_t old = dc->s.font;
    // (In the font the tabs are drawn in: the System font until the control is given one.)
    gdi32::select_object(p, *dc, static_cast<uint32_t>(s.font ? s.font : gdi32::gdi_table(p).stock(gdi32::SYSTEM_FONT)));
    wd = text_width(p, *dc, t);
    h = text_height(p, *dc);
    gdi32::select_object(p, *dc, old);
  }
  release_window_dc(p, hwnd, hdc);
  if (height) *height = h > 0 ? h : 13;
  return wd;
}

// The tabs' rectangles (one row at the top; the selected one drawn 2 pixels larger).
std::vector<Rect> tab_rects(WindowsProcess& p, uint64_t hwnd, TabState& s) {
  std::vector<Rect> out;
  int32_t h = 0;
  text_px(p, hwnd, s, u"", &h);
  s.tab_height = s.fixed_height > 0 ? s.fixed_height : h + 6;
  int32_t x = 2;
  for (const Tab& t : s.tabs) {
    const int32_t wd = s.fixed_width > 0 ? s.fixed_width : text_px(p, hwnd, s, t.text, nullptr) + 12;
    out.push_back({x, 2, x + wd, 2 + s.tab_height});
    x += wd;
  }
  return out;
}

int32_t hit(WindowsProcess& p, uint64_t hwnd, TabState& s, int32_t x, int32_t y) {
  const std::vector<Rect> r = tab_rects(p, hwnd, s);
  for (size_t i = 0; i < r.size(); ++i)
    if (r[i].contains(x, y)) return static_cast<int32_t>(i);
  return -1;
}

void redraw(WindowsProcess& p, uint64_t hwnd) { invalidate_rect(p, hwnd, nullptr, true); }

// A selection by the user: TCN_SELCHANGING (refused with TRUE), the change, TCN_SELCHANGE.
void user_select(WindowsProcess& p, uint64_t hwnd, TabState& s, int32_t index) {
  if (index < 0 || index >= count(s) || index == s.selected) return;
  if (notify_simple(p, hwnd, s.parent, TCN_SELCHANGING)) return;
  if (tab_of(p, hwnd) != &s || index >= count(s)) return;
  s.selected = s.focus = index;
  redraw(p, hwnd);
  notify_simple(p, hwnd, s.parent, TCN_SELCHANGE);
}

void paint(WindowsProcess& p, uint64_t hwnd, TabState& s, uint64_t given_dc) {
  const std::vector<Rect> rects = tab_rects(p, hwnd, s);
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    gdi32::DeviceContext& dc = *cp.dc;
    fill_sys_color(p, dc, cp.client, 15 /* COLOR_BTNFACE */);
    Rect body{0, 2 + s.tab_height, cp.client.right, cp.client.bottom};
    draw_edge(p, dc, body, 0x5 /* EDGE_RAISED */, 0xf /* BF_RECT */);
    dc.s.bk_mode = 1;
    dc.s.text_color = sys_color(18 /* COLOR_BTNTEXT */);
    gdi32::dc_changed(dc);
    for (size_t i = 0; i < rects.size(); ++i) {
      Rect r = rects[i];
      const bool sel = static_cast<int32_t>(i) == s.selected;
      if (sel) r = {r.left - 2, r.top - 2, r.right + 2, r.bottom + 1};
      fill_sys_color(p, dc, r, 15);
      draw_edge(p, dc, r, 0x5, 0x1 | 0x2 | 0x4 /* BF_LEFT | BF_TOP | BF_RIGHT */);
      Rect t = r;
      draw_text_in(p, cp.hdc, s.tabs[i].text, t, DT_CENTER | DT_VCENTER | DT_SINGLELINE | DT_NOPREFIX);
      if (sel && s.in_focus) {
        Rect f{r.left + 3, r.top + 3, r.right - 3, r.bottom - 2};
        draw_focus_rect(p, dc, f);
      }
    }
  });
}

bool read_item(WindowsProcess& p, Tab& t, uint64_t at, bool unicode) {
  if (!at) return false;
  const TcLayout l = tc_layout(p);
  const uint32_t mask = get<uint32_t>(at);
  if (mask & TCIF_TEXT) {
    const uint64_t s = p.get_ptr(at + l.text);
    t.text = is_text_callback(p, s) ? std::u16string() : guest_string(s, unicode);
  }
  if (mask & TCIF_IMAGE) t.image = get<int32_t>(at + l.image);
  if (mask & TCIF_PARAM) t.param = p.get_ptr(at + l.param);
  if (mask & TCIF_STATE) {
    const uint32_t m = get<uint32_t>(at + 8);
    t.state = (t.state & ~m) | (get<uint32_t>(at + 4) & m);
  }
  return true;
}

uint64_t tab_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  TabState& s = control_state<TabState>(*w);
  if (!s.created && msg != WM_CREATE) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  const int32_t iw = static_cast<int32_t>(wparam);
  const bool bad = iw < 0 || iw >= count(s);
  const int32_t mx = static_cast<int16_t>(lparam & 0xffff), my = static_cast<int16_t>((lparam >> 16) & 0xffff);
  switch (msg) {
    case WM_CREATE:
      s.created = true;
      s.parent = w->parent ? w->parent : w->owner;
      return 0;
    case WM_GETDLGCODE: return DLGC_WANTARROWS | DLGC_WANTCHARS;
    case WM_SETFONT:
      s.font = wparam;
      if (lparam & 0xffff) redraw(p, hwnd);
      return 0;
    case WM_GETFONT: return s.font;
    case WM_ERASEBKGND: return 1;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint(p, hwnd, s, wparam);
      return 0;
    case WM_SETFOCUS:
    case WM_KILLFOCUS:
      s.in_focus = msg == WM_SETFOCUS;
      redraw(p, hwnd);
      return 0;
    case WM_KEYDOWN: {
      notify_key(p, hwnd, s.parent, TCN_KEYDOWN, static_cast<uint32_t>(wparam), static_cast<uint32_t>(lparam));
      if (tab_of(p, hwnd) != &s || s.tabs.empty()) return 0;
      const int32_t from = s.focus >= 0 ? s.focus : s.selected;
      if (wparam == VK_LEFT && from > 0) user_select(p, hwnd, s, from - 1);
      else if (wparam == VK_RIGHT && from + 1 < count(s)) user_select(p, hwnd, s, from + 1);
      else if (wparam == VK_HOME) user_select(p, hwnd, s, 0);
      else if (wparam == VK_END) user_select(p, hwnd, s, count(s) - 1);
      else if (wparam == VK_TAB && key_down(p, VK_CONTROL)) {
        const int32_t n = count(s);
        user_select(p, hwnd, s, key_down(p, VK_SHIFT) ? (from - 1 + n) % n : (from + 1) % n);
      }
      return 0;
    }
    case WM_LBUTTONDOWN: {
      if (w->style & TCS_FOCUSONBUTTONDOWN_) set_focus(p, hwnd);
      if (tab_of(p, hwnd) != &s) return 0;
      s.pressed = true;
      user_select(p, hwnd, s, hit(p, hwnd, s, mx, my));
      return 0;
    }
    case WM_LBUTTONUP:
      if (!s.pressed) return 0;
      s.pressed = false;
      notify_simple(p, hwnd, s.parent, NM_CLICK_);
      return 0;
    case 0x205 /* WM_RBUTTONUP */:
      notify_simple(p, hwnd, s.parent, NM_RCLICK_);
      return 0;

    case TCM_GETITEMCOUNT: return s.tabs.size();
    case TCM_INSERTITEMA:
    case TCM_INSERTITEMW: {
      Tab t;
      if (iw < 0 || !read_item(p, t, lparam, msg == TCM_INSERTITEMW)) return static_cast<uint64_t>(-1);
      const int32_t at = std::min(iw, count(s));
      s.tabs.insert(s.tabs.begin() + at, t);
      if (count(s) == 1) {
        s.selected = 0, s.focus = 0;
      } else {
        if (s.selected >= at) ++s.selected;
        if (s.focus >= at) ++s.focus;
      }
      redraw(p, hwnd);
      return static_cast<uint64_t>(at);
    }
    case TCM_GETITEMA:
    case TCM_GETITEMW: {
      if (bad || !lparam) return 0;
      const TcLayout l = tc_layout(p);
      const Tab& t = s.tabs[static_cast<size_t>(iw)];
      const uint32_t mask = get<uint32_t>(lparam);
      if (mask & TCIF_TEXT)
        put_text(p, t.text, p.get_ptr(lparam + l.text), get<int32_t>(lparam + l.text_max), msg == TCM_GETITEMW);
      if (mask & TCIF_IMAGE) put<int32_t>(lparam + l.image, t.image);
      if (mask & TCIF_PARAM) p.put_ptr(lparam + l.param, t.param);
      if (mask & TCIF_STATE) put<uint32_t>(lparam + 4, t.state & get<uint32_t>(lparam + 8));
      return 1;
    }
    case TCM_SETITEMA:
    case TCM_SETITEMW:
      if (bad || !read_item(p, s.tabs[static_cast<size_t>(iw)], lparam, msg == TCM_SETITEMW)) return 0;
      redraw(p, hwnd);
      return 1;
    case TCM_DELETEITEM:
      if (bad) return 0;
      s.tabs.erase(s.tabs.begin() + iw);
      if (s.selected == iw) s.selected = -1;
      else if (s.selected > iw) --s.selected;
      if (s.focus == iw) s.focus = -1;
      else if (s.focus > iw) --s.focus;
      redraw(p, hwnd);
      return 1;
    case TCM_DELETEALLITEMS:
      s.tabs.clear();
      s.selected = s.focus = -1;
      redraw(p, hwnd);
      return 1;
    case TCM_GETCURSEL: return static_cast<uint64_t>(static_cast<int64_t>(s.selected));
    case TCM_SETCURSEL: {
      if (bad) return static_cast<uint64_t>(-1);
      const int32_t old = s.selected;
      s.selected = s.focus = iw;
      redraw(p, hwnd);
      return static_cast<uint64_t>(static_cast<int64_t>(old));
    }
    case TCM_GETCURFOCUS: return static_cast<uint64_t>(static_cast<int64_t>(s.focus));
    case TCM_SETCURFOCUS:
      if (bad) return 0;
      user_select(p, hwnd, s, iw);
      return 0;
    case TCM_GETROWCOUNT: return 1;
    case TCM_SETITEMSIZE: {
      const int32_t old_w = s.fixed_width, old_h = s.tab_height;
      if (w->style & TCS_FIXEDWIDTH_) s.fixed_width = static_cast<int16_t>(lparam & 0xffff);
      s.fixed_height = static_cast<int16_t>((lparam >> 16) & 0xffff);
      redraw(p, hwnd);
      return pack_words(old_w, old_h);
    }
    case TCM_GETITEMRECT: {
      if (bad || !lparam) return 0;
      put<Rect>(lparam, tab_rects(p, hwnd, s)[static_cast<size_t>(iw)]);
      return 1;
    }
    case TCM_HITTEST: {
      if (!lparam) return static_cast<uint64_t>(-1);
      const int32_t i = hit(p, hwnd, s, get<int32_t>(lparam), get<int32_t>(lparam + 4));
      put<uint32_t>(lparam + 8, i >= 0 ? TCHT_ONITEM : TCHT_NOWHERE);
      return static_cast<uint64_t>(static_cast<int64_t>(i));
    }
    case TCM_ADJUSTRECT: {
      if (!lparam) return 0;
      tab_rects(p, hwnd, s);
      Rect r = get<Rect>(lparam);
      const int32_t top = 2 + s.tab_height;
      if (wparam) r = {r.left - 4, r.top - top - 2, r.right + 4, r.bottom + 4};
      else r = {r.left + 4, r.top + top + 2, r.right - 4, r.bottom - 4};
      put<Rect>(lparam, r);
      return 0;
    }
    case TCM_SETIMAGELIST: {
      const uint64_t old = s.images;
      s.images = lparam;
      redraw(p, hwnd);
      return old;
    }
    case TCM_GETIMAGELIST: return s.images;
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace tab_impl

const user32::ControlClass& tab_control_class() {
  using namespace tab_impl;
  static const Export entry = EXPORT("TabControlWndProcW", control_entry<tab_proc>);
  static const user32::ControlClass c{u"SysTabControl32", 0x8 /* CS_DBLCLKS */ | 0x3 /* CS_HREDRAW | CS_VREDRAW */, 8, tab_proc,
                              &entry, 32512, 0};
  return c;
}

}  // namespace polyrun::shims::comctl32
