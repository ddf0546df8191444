// Menus on the screen: a top-level window's menu bar (SetMenu, GetMenu's other half, DrawMenuBar,
// its items laid out in one row of SM_CYMENU pixels above the client area and drawn by the
// non-client painting), the system menu (GetSystemMenu), popup menus in windows of the class
// "#32768" (top-level WS_POPUP windows with their own surface) and the modal menu loop that
// TrackPopupMenu, a click on the bar, Alt, F10 and Alt+letter enter on the calling thread. The
// loop takes the thread's messages itself: the display's mouse events (moving highlights, a click
// chooses, a click outside ends it and goes on to the window there), key messages (arrows, Enter, Esc, mnemonics), and dispatches
// the rest (timers, painting, messages for other windows); the owner window gets
// WM_ENTERMENULOOP, WM_INITMENU, WM_INITMENUPOPUP, WM_MENUSELECT, WM_UNINITMENUPOPUP,
// WM_EXITMENULOOP in Windows' order, then the chosen item's WM_COMMAND (WM_SYSCOMMAND from the
// system menu) posted, or TrackPopupMenu's result with TPM_RETURNCMD.
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/core/windows_threads.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"
#include "shims/user32/menus.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  TPM_RIGHTBUTTON = 0x2, TPM_CENTERALIGN = 0x4, TPM_RIGHTALIGN = 0x8, TPM_VCENTERALIGN = 0x10,
  TPM_BOTTOMALIGN = 0x20, TPM_NONOTIFY = 0x80, TPM_RETURNCMD = 0x100, TPM_RECURSE = 0x1,
  MNS_NOTIFYBYPOS = 0x08000000u, ERROR_POPUP_ALREADY_ACTIVE = 1446,
  VK_F10_ = 0x79, MNC_CLOSE = 1, MNC_EXECUTE = 2, MNC_SELECT = 3,
};
enum : int32_t {
  kMenuColor = 4, kMenuTextColor = 7, kHighlightColor = 13, kHighlightTextColor = 14, kGrayTextColor = 17,
  kPopupBorder = 3, kSeparatorHeight = 8, kArrowWidth = 16,
};
constexpr uint16_t kMenuClassAtom = 0x8000;  // "#32768"

// The menu font: SystemParametersInfo's lfMenuFont (Tahoma, 11 pixels), USER32's own.
// The default item's text is bold.
uint32_t menu_font(WindowsProcess& p, bool bold = false) {
  static uint32_t fonts[2] = {0, 0};
  uint32_t& font = fonts[bold ? 1 : 0];
  if (!font || !gdi32::gdi_table(p).find(font)) {
    auto f = std::make_unique<gdi32::Font>();
    f->log.height = -11, f->log.weight = bold ? 700 : 400, f->log.face = u"Tahoma";
    f->stock = true;
    font = gdi32::gdi_table(p).add(std::move(f));
  }
  return font;
}

// A bitmap handle's surface (null for none or a special HBMMENU_ value).
const gdi32::Surface* bitmap_surface(WindowsProcess& p, uint64_t bitmap) {
  if (bitmap < 0x100) return nullptr;
  auto* b = dynamic_cast<gdi32::Bitmap*>(gdi32::gdi_table(p).find(static_cast<uint32_t>(bitmap)));
  return b && b->surface ? b->surface.get() : nullptr;
}
int32_t bitmap_width(WindowsProcess& p, uint64_t bitmap) {
  const gdi32::Surface* s = bitmap_surface(p, bitmap);
  return s ? s->width() : 0;
}
int32_t bitmap_height(WindowsProcess& p, uint64_t bitmap) {
  const gdi32::Surface* s = bitmap_surface(p, bitmap);
  return s ? s->height() : 0;
}
// A bitmap drawn at a point of the DC, centred in height in `r`.
void draw_bitmap(WindowsProcess& p, gdi32::DeviceContext& dc, uint64_t bitmap, int32_t x, const Rect& r) {
  const gdi32::Surface* s = bitmap_surface(p, bitmap);
  if (!s) return;
  const int32_t y = r.top + (r.height() - s->height()) / 2;
  gdi32::stretch_surface(p, dc, x, y, s->width(), s->height(), *s, Rect{0, 0, s->width(), s->height()}, 0x00cc0020 /* SRCCOPY */);
}

// An open level of a menu being tracked: the bar (no window) or a popup in its window.
struct MenuLevel {
  uint64_t menu = 0;
  uint64_t window = 0;
  int32_t selected = -1;
};

struct Tracking {
  uint32_t thread = 0;
  uint64_t owner = 0;
  uint64_t top = 0;
  bool bar = false;     // level 0 is the owner's menu bar
  bool system = false;  // the system menu
  uint32_t flags = 0;
  std::vector<MenuLevel> levels;
  bool ended = false, chosen = false;
  uint32_t id = 0;
  uint64_t chosen_menu = 0;
  int32_t chosen_pos = 0;
};
std::vector<Tracking*>& trackings() {
  static std::vector<Tracking*> t;
  return t;
}
Tracking* current_tracking(uint32_t thread) {
  auto& all = trackings();
  for (auto it = all.rbegin(); it != all.rend(); ++it)
    if ((*it)->thread == thread) return *it;
  return nullptr;
}

bool notifies(const Tracking& t) { return !(t.flags & TPM_NONOTIFY); }

// The system menus, by window.
std::map<uint64_t, uint64_t>& system_menus() {
  static std::map<uint64_t, uint64_t> m;
  return m;
}

bool item_selectable(const MenuItem& it) { return !(it.type & MF_SEPARATOR); }
bool item_enabled(const MenuItem& it) { return !(it.state & (MF_GRAYED | MF_DISABLED)); }

// The popup window class "#32768", registered at its first use.
uint64_t menu_window_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode);
USize MenuWindowProc(WindowsProcess& p, Ptr hwnd, uint32_t msg, USize wp, USize lp) {
  return menu_window_proc(p, hwnd.addr, msg, wp, lp, true);
}
void ensure_menu_class(WindowsProcess& p) {
  WindowManager& wm = window_manager(p);
  for (const auto& c : wm.classes)
    if (c->system && c->name == u"#32768") return;
  static const Export entry = EXPORT("MenuWindowProc", MenuWindowProc);
  auto cls = std::make_shared<WindowClass>();
  cls->name = u"#32768";
  cls->system = true;
  cls->style = 0x0800 | 0x0008 | 0x0200;  // CS_SAVEBITS | CS_DBLCLKS | CS_DROPSHADOW (as Windows')
  cls->wndproc = p.export_thunk(nullptr, "USER32.dll", entry.name, &entry);
  cls->unicode = true;
  cls->cursor = system_cursor(p, 32512);
  wm.classes.push_back(std::move(cls));
}

// Owner-drawn items: their size asked with WM_MEASUREITEM (MEASUREITEMSTRUCT: CtlType ODT_MENU,
// CtlID, itemID, itemWidth, itemHeight, itemData) before a layout, their drawing left to
// WM_DRAWITEM (DRAWITEMSTRUCT: CtlType, CtlID, itemID, itemAction, itemState, hwndItem (the
// menu), hDC, rcItem, itemData), both sent to the menu's owner window.
void measure_owner_drawn(WindowsProcess& p, uint64_t owner, uint64_t menu, bool only_new = false) {
  Menu* m = find_menu(p, menu);
  if (!m || !owner) return;
  const unsigned w = p.isa->ptr, data_at = (20 + w - 1) / w * w, size = data_at + w;
  for (size_t i = 0; (m = find_menu(p, menu)) && i < m->items.size(); ++i) {
    if (!(m->items[i].type & MF_OWNERDRAW) || (only_new && m->items[i].measured_height)) continue;
    const uint64_t mis = p.heap.alloc(size, true);
    put<uint32_t>(mis, 1 /* ODT_MENU */);
    put<uint32_t>(mis + 8, m->items[i].id);
    put<uint32_t>(mis + 16, static_cast<uint32_t>(system_metric(p, 15) - 1));
    p.put_ptr(mis + data_at, m->items[i].data);
    send_message(p, owner, 0x002c /* WM_MEASUREITEM */, 0, mis);
    if ((m = find_menu(p, menu)) && i < m->items.size()) {
      m->items[i].measured_width = static_cast<int32_t>(get<uint32_t>(mis + 12));
      m->items[i].measured_height = static_cast<int32_t>(get<uint32_t>(mis + 16));
    }
    p.heap.free(mis);
  }
}
void draw_owner_drawn(WindowsProcess& p, uint64_t owner, uint64_t menu, const MenuItem& it, uint64_t hdc) {
  const unsigned w = p.isa->ptr, hwnd_at = (20 + w - 1) / w * w, rect_at = hwnd_at + 2 * w,
                 data_at = (rect_at + 16 + w - 1) / w * w, size = data_at + w;
  const uint64_t dis = p.heap.alloc(size, true);
  put<uint32_t>(dis, 1 /* ODT_MENU */);
  put<uint32_t>(dis + 8, it.id);
  put<uint32_t>(dis + 12, 1 /* ODA_DRAWENTIRE */);
  const uint32_t state = ((it.state & MF_HILITE) ? 1u : 0) | ((it.state & MF_GRAYED) ? 2u : 0) |
                         ((it.state & MF_DISABLED) ? 4u : 0) | ((it.state & MF_CHECKED) ? 8u : 0);
  put<uint32_t>(dis + 16, state);  // (ODS_SELECTED, ODS_GRAYED, ODS_DISABLED, ODS_CHECKED)
  p.put_ptr(dis + hwnd_at, menu);
  p.put_ptr(dis + hwnd_at + w, hdc);
  put<Rect>(dis + rect_at, it.rect);
  p.put_ptr(dis + data_at, it.data);
  send_message(p, owner, 0x002b /* WM_DRAWITEM */, 0, dis);
  p.heap.free(dis);
}

// Measures a menu's items with the menu font: a popup's in a column (check marks at the left,
// text, the part after a tab right-aligned, submenu arrows at the right), a bar's in a row.
void layout_popup(WindowsProcess& p, Menu& m, gdi32::DeviceContext& dc) {
  const int32_t text_h = text_height(p, dc);
  const int32_t item_h = std::max(text_h + 4, system_metric(p, 15 /* SM_CYMENU */) - 1);
  int32_t check_w = system_metric(p, 71 /* SM_CXMENUCHECK */) + 6;
  for (const MenuItem& it : m.items)
    if (!(it.type & MF_BITMAP)) check_w = std::max(check_w, bitmap_width(p, it.bitmap) + 4);  // (hbmpItem beside the text)
  int32_t label_w = 0, accel_w = 0;
  for (const MenuItem& it : m.items) {
    if (it.type & MF_OWNERDRAW) label_w = std::max(label_w, it.measured_width);
    if (it.type & MF_BITMAP) label_w = std::max(label_w, bitmap_width(p, it.bitmap));
    if (!it.has_text) continue;
    const size_t tab = it.text.find(u'\t');
    label_w = std::max(label_w, text_width(p, dc, menu_item_label(it.text.substr(0, tab))));
    if (tab != std::u16string::npos) accel_w = std::max(accel_w, text_width(p, dc, menu_item_label(it.text.substr(tab + 1))));
  }
  const int32_t width = kPopupBorder * 2 + check_w + label_w + (accel_w ? accel_w + 16 : 0) + kArrowWidth;
  int32_t y = kPopupBorder;
  for (MenuItem& it : m.items) {
    const int32_t h = (it.type & MF_SEPARATOR) ? kSeparatorHeight
                      : (it.type & MF_OWNERDRAW) ? it.measured_height
                      : std::max(item_h, bitmap_height(p, it.bitmap) + 2);
    it.rect = Rect{kPopupBorder, y, width - kPopupBorder, y + h};
    y += h;
  }
  m.width = std::max(width, 40);
  m.height = y + kPopupBorder;
}

// The bar's rectangle in its window's coordinates.
Rect bar_rect(WindowsProcess& p, const Window& w) {
  // (Across the window inside its frame: over a vertical scroll bar too.)
  const Rect win = screen_rect(p, w), cl = client_screen_rect(p, w);
  // (The frame's width: what lies left of the client area but a client edge.)
  const int32_t h = menu_bar_height(p, w),
                border = cl.left - win.left - ((w.ex_style & 0x200 /* WS_EX_CLIENTEDGE */) ? 2 : 0);
  return Rect{border, cl.top - win.top - h, std::max(border, win.width() - border), cl.top - win.top};
}

// The menu font's average character width (of the 52 letters, rounded as Windows does): a bar
// item has twice that beside its text.
int32_t menu_char_width(WindowsProcess& p, gdi32::DeviceContext& dc) {
  const int32_t w = text_width(p, dc, u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  return std::max(1, (w / 26 + 1) / 2);
}

// A bar's items in a row below a one-pixel border at its top (the difference between SM_CYMENU and
// an item's height, as in wine), each as wide as its text and an average character each side.
void layout_bar_in(WindowsProcess& p, const Window& w, Menu& m, gdi32::DeviceContext& dc) {
  const Rect bar = bar_rect(p, w);
  const int32_t space = 2 * menu_char_width(p, dc);
  int32_t x = bar.left;
  size_t right_from = m.items.size();
  for (size_t i = 0; i < m.items.size(); ++i) {
    MenuItem& it = m.items[i];
    if ((it.type & MF_RIGHTJUSTIFY) && right_from == m.items.size()) right_from = i;
    const int32_t wdt = (it.type & MF_OWNERDRAW) ? it.measured_width
                        : (it.type & MF_BITMAP) ? bitmap_width(p, it.bitmap) + 4
                                                : (it.has_text ? text_width(p, dc, menu_item_label(it.text)) : 0) + space;
    it.rect = Rect{x, std::min(bar.top + 1, bar.bottom), x + wdt, bar.bottom};
    x += wdt;
  }
  // (MF_RIGHTJUSTIFY: that item and those after it at the bar's right end)
  if (right_from < m.items.size()) {
    const int32_t shift = bar.right - m.items.back().rect.right;
    if (shift > 0)
      for (size_t i = right_from; i < m.items.size(); ++i) m.items[i].rect = m.items[i].rect.offset(shift, 0);
  }
  m.width = bar.width();
  m.height = bar.height();
}

// Runs `f` with a DC of the window (the whole window) holding the menu font.
template <class F>
void with_menu_dc(WindowsProcess& p, uint64_t hwnd, F f) {
  const uint64_t hdc = window_dc(p, hwnd, true);
  gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!dc) return;
  const gdi32::DcState saved = dc->s;
  gdi32::select_object(p, *dc, menu_font(p));
  f(*dc, hdc);
  if ((dc = gdi32::find_dc(p, hdc))) {
    gdi32::select_object(p, *dc, saved.font);
    dc->s.text_color = saved.text_color, dc->s.bk_color = saved.bk_color, dc->s.bk_mode = saved.bk_mode;
    gdi32::dc_changed(*dc);
  }
  release_window_dc(p, hwnd, hdc);
}

void layout_bar(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  Menu* m = find_menu(p, window_menu_bar(p, *w));
  if (!m) return;
  const uint64_t handle = m->handle;
  measure_owner_drawn(p, hwnd, handle);
  with_menu_dc(p, hwnd, [&](gdi32::DeviceContext& dc, uint64_t) {
    Window* w2 = find_window(p, hwnd);
    if (Menu* m2 = find_menu(p, handle); m2 && w2) layout_bar_in(p, *w2, *m2, dc);
  });
}

// One item's text: the label (its '&' underlining) at the left, what follows a tab at the right.
void draw_item_text(WindowsProcess& p, uint64_t hdc, const MenuItem& it, Rect r, bool bar) {
  const size_t tab = it.text.find(u'\t');
  constexpr uint32_t DT_CENTER = 1, DT_RIGHT = 2, DT_VCENTER = 4, DT_SINGLELINE = 0x20;
  Rect left = r;
  draw_text_in(p, hdc, it.text.substr(0, tab), left, DT_SINGLELINE | DT_VCENTER | (bar ? DT_CENTER : 0));
  if (tab != std::u16string::npos) {
    Rect right = r;
    right.right -= kArrowWidth;
    draw_text_in(p, hdc, it.text.substr(tab + 1), right, DT_SINGLELINE | DT_VCENTER | DT_RIGHT);
  }
}

// The check mark (a tick, or a dot for a radio item) and the submenu arrow, drawn with rectangles
// in the text's colour.
void draw_check(WindowsProcess& p, gdi32::DeviceContext& dc, const Rect& cell, bool radio, int32_t color) {
  const int32_t cx = (cell.left + cell.right) / 2, cy = (cell.top + cell.bottom) / 2;
  if (radio) {
    static const int32_t kHalf[] = {1, 2, 3, 3, 3, 2, 1};
    for (int32_t i = 0; i < 7; ++i)
      fill_sys_color(p, dc, {cx - kHalf[i], cy - 3 + i, cx + kHalf[i] + 1, cy - 2 + i}, color);
    return;
  }
  // A tick: down from the left for three pixels, then up to the right for four, two pixels thick.
  for (int32_t i = 0; i < 7; ++i) {
    const int32_t x = cx - 3 + i, y = i < 3 ? cy - 1 + i : cy + 1 - (i - 2);
    fill_sys_color(p, dc, {x, y, x + 1, y + 3}, color);
  }
}
void draw_arrow(WindowsProcess& p, gdi32::DeviceContext& dc, const Rect& r, int32_t color) {
  const int32_t x = r.right - kArrowWidth / 2 - 2, cy = (r.top + r.bottom) / 2;
  for (int32_t i = 0; i < 4; ++i) fill_sys_color(p, dc, {x + i, cy - 3 + i, x + i + 1, cy + 4 - i}, color);
}

void paint_items(WindowsProcess& p, Menu& m, gdi32::DeviceContext& dc, uint64_t hdc, bool bar, uint64_t owner) {
  const uint64_t menu = m.handle;
  const std::vector<MenuItem> items = m.items;  // (an owner drawing may change the menu)
  for (const MenuItem& it : items) {
    const Rect r = it.rect;
    if (it.type & MF_OWNERDRAW) {
      draw_owner_drawn(p, owner, menu, it, hdc);
      continue;
    }
    if (it.type & MF_SEPARATOR) {
      const int32_t mid = (r.top + r.bottom) / 2 - 1;
      draw_edge(p, dc, Rect{r.left + 1, mid, r.right - 1, mid + 2}, 0x6 /* EDGE_ETCHED */, 0x2 /* BF_TOP */);
      continue;
    }
    const bool hilite = (it.state & MF_HILITE) != 0;
    if (hilite) fill_sys_color(p, dc, r, kHighlightColor);
    // (Only a grayed item looks disabled: MF_DISABLED alone is drawn as an enabled item is.)
    const bool grayed = (it.state & MF_GRAYED) != 0;
    const int32_t color = grayed ? kGrayTextColor : hilite ? kHighlightTextColor : kMenuTextColor;
    dc.s.text_color = sys_color(color);
    dc.s.bk_mode = gdi32::TRANSPARENT;
    gdi32::dc_changed(dc);
    if (it.state & MF_DEFAULT) gdi32::select_object(p, dc, menu_font(p, true));
    // A grayed item's text: in white one pixel down and right (unless highlighted), then in grey
    // 0x808080 over it, as wine draws it.
    const auto item_text = [&](const Rect& tr) {
      if (grayed) {
        if (!hilite) {
          dc.s.text_color = 0xffffff;
          gdi32::dc_changed(dc);
          draw_item_text(p, hdc, it, tr.offset(1, 1), bar);
        }
        dc.s.text_color = 0x808080;
        gdi32::dc_changed(dc);
      }
      draw_item_text(p, hdc, it, tr, bar);
    };
    if (bar) {
      if (it.type & MF_BITMAP) draw_bitmap(p, dc, it.bitmap, r.left + 2, r);
      else if (it.has_text) item_text(r);
    } else {
      int32_t check_w = system_metric(p, 71) + 6;
      for (const MenuItem& other : items)
        if (!(other.type & MF_BITMAP)) check_w = std::max(check_w, bitmap_width(p, other.bitmap) + 4);
      // The check mark (the item's own bitmaps for checked and unchecked when it has them), or
      // hbmpItem there.
      const uint64_t mark = (it.state & MF_CHECKED) ? it.checked : it.unchecked;
      const Rect cell{r.left, r.top, r.left + check_w, r.bottom};
      if (mark) draw_bitmap(p, dc, mark, cell.left + 2, cell);
      else if (it.state & MF_CHECKED) draw_check(p, dc, cell, (it.type & MFT_RADIOCHECK) != 0, color);
      else if (!(it.type & MF_BITMAP) && it.bitmap) draw_bitmap(p, dc, it.bitmap, cell.left + 2, cell);
      if (it.type & MF_BITMAP) draw_bitmap(p, dc, it.bitmap, r.left + check_w, r);
      else if (it.has_text) item_text(Rect{r.left + check_w, r.top, r.right, r.bottom});
      if (it.submenu) draw_arrow(p, dc, r, color);
    }
    if (it.state & MF_DEFAULT) gdi32::select_object(p, dc, menu_font(p));
  }
}

void paint_popup(WindowsProcess& p, uint64_t menu) {
  Menu* m = find_menu(p, menu);
  if (!m || !m->window || !find_window(p, m->window)) return;
  const uint64_t hwnd = m->window;
  with_menu_dc(p, hwnd, [&](gdi32::DeviceContext& dc, uint64_t hdc) {
    Menu* mm = find_menu(p, menu);
    if (!mm) return;
    const Rect all{0, 0, mm->width, mm->height};
    fill_sys_color(p, dc, all, kMenuColor);
    draw_edge(p, dc, all, 0x5 /* EDGE_RAISED */, 0xf /* BF_RECT */);
    paint_items(p, *mm, dc, hdc, false, mm->owner);
  });
}

void repaint_bar(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w || !visible(p, hwnd)) return;
  with_menu_dc(p, hwnd, [&](gdi32::DeviceContext& dc, uint64_t) { paint_menu_bar(p, hwnd, dc); });
}

uint64_t root_window(WindowsProcess& p, uint64_t hwnd) {
  const uint64_t desktop = window_manager(p).desktop;
  Window* w = find_window(p, hwnd);
  while (w && (w->style & WS_CHILD) && w->parent && w->parent != desktop) {
    Window* up = find_window(p, w->parent);
    if (!up) break;
    w = up;
  }
  return w ? w->handle : 0;
}

// ---- The modal loop ----

void redraw_level(WindowsProcess& p, Tracking& t, size_t level) {
  if (level >= t.levels.size()) return;
  if (t.bar && level == 0) repaint_bar(p, t.owner);
  else paint_popup(p, t.levels[level].menu);
}

// Selects an item of a level (-1: none), highlighting it and telling the owner WM_MENUSELECT.
void select_item(WindowsProcess& p, Tracking& t, size_t level, int32_t index) {
  if (level >= t.levels.size()) return;
  MenuLevel& lv = t.levels[level];
  if (lv.selected == index) return;
  Menu* m = find_menu(p, lv.menu);
  if (!m) return;
  if (lv.selected >= 0 && static_cast<size_t>(lv.selected) < m->items.size())
    m->items[static_cast<size_t>(lv.selected)].state &= ~static_cast<uint32_t>(MF_HILITE);
  lv.selected = -1;
  if (index >= 0 && static_cast<size_t>(index) < m->items.size() && item_selectable(m->items[static_cast<size_t>(index)])) {
    lv.selected = index;
    MenuItem& it = m->items[static_cast<size_t>(index)];
    it.state |= MF_HILITE;
    const uint32_t flags = it.type | it.state | (it.submenu ? uint32_t{MF_POPUP} : 0) | (t.system ? uint32_t{MF_SYSMENU} : 0);
    const uint32_t what = it.submenu ? static_cast<uint32_t>(index) : it.id;
    const uint64_t menu = lv.menu;
    redraw_level(p, t, level);
    if (notifies(t)) send_message(p, t.owner, WM_MENUSELECT, pack_words(static_cast<int32_t>(what), static_cast<int32_t>(flags & 0xffff)), menu);
    return;
  }
  redraw_level(p, t, level);
}

// Closes the popups from level `from` on (their windows go; WM_UNINITMENUPOPUP for each).
void close_levels(WindowsProcess& p, Tracking& t, size_t from) {
  while (t.levels.size() > from && t.levels.size() > 0) {
    MenuLevel lv = t.levels.back();
    if (t.bar && t.levels.size() == 1) break;
    if (Menu* m = find_menu(p, lv.menu)) {
      if (lv.selected >= 0 && static_cast<size_t>(lv.selected) < m->items.size())
        m->items[static_cast<size_t>(lv.selected)].state &= ~static_cast<uint32_t>(MF_HILITE);
      m->window = 0;
    }
    t.levels.pop_back();
    if (lv.window && find_window(p, lv.window)) destroy_window(p, lv.window);
    if (notifies(t)) send_message(p, t.owner, WM_UNINITMENUPOPUP, lv.menu, t.system ? pack_words(0, MF_SYSMENU) : 0);
  }
}

// Opens a popup menu at a screen point (WM_INITMENUPOPUP first): a new level.
void open_popup(WindowsProcess& p, Tracking& t, uint64_t menu, int32_t pos_in_parent, int32_t x, int32_t y,
                uint32_t align, const Rect* avoid) {
  if (notifies(t))
    send_message(p, t.owner, WM_INITMENUPOPUP, menu, pack_words(pos_in_parent, t.system ? 1 : 0));
  Menu* m = find_menu(p, menu);
  if (!m || t.ended) return;
  ensure_menu_class(p);
  // The size, measured with a DC of the owner (the popup has none yet).
  measure_owner_drawn(p, t.owner, menu);
  with_menu_dc(p, t.owner, [&](gdi32::DeviceContext& dc, uint64_t) {
    if (Menu* mm = find_menu(p, menu)) layout_popup(p, *mm, dc);
  });
  if (!(m = find_menu(p, menu))) return;
  const int32_t w = m->width, h = m->height;
  if (align & TPM_RIGHTALIGN) x -= w;
  else if (align & TPM_CENTERALIGN) x -= w / 2;
  if (align & TPM_BOTTOMALIGN) y -= h;
  else if (align & TPM_VCENTERALIGN) y -= h / 2;
  const Rect screen = window_manager(p).screen;
  if (x + w > screen.right) x = avoid ? avoid->left - w : screen.right - w;
  if (y + h > screen.bottom) y = avoid ? std::max(screen.top, avoid->top - h) : screen.bottom - h;
  x = std::max(x, screen.left);
  y = std::max(y, screen.top);
  const uint64_t hwnd = create_window(p, WS_EX_TOOLWINDOW | WS_EX_TOPMOST, kMenuClassAtom, 0, WS_POPUP | WS_CLIPSIBLINGS,
                                      x, y, w, h, t.owner, 0, 0, 0, true);
  if (!hwnd || !(m = find_menu(p, menu))) return;
  m->window = hwnd;
  m->owner = t.owner;
  t.levels.push_back(MenuLevel{menu, hwnd, -1});
  show_window_command(p, hwnd, 4 /* SW_SHOWNOACTIVATE */);  // (painted at its WM_PAINT)
}

// Opens the submenu of a level's selected item (below a bar item, beside a popup item).
void open_submenu(WindowsProcess& p, Tracking& t, size_t level, bool select_first) {
  if (level >= t.levels.size() || t.levels[level].selected < 0) return;
  close_levels(p, t, level + 1);
  MenuLevel& lv = t.levels[level];
  Menu* m = find_menu(p, lv.menu);
  if (!m || static_cast<size_t>(lv.selected) >= m->items.size()) return;
  const MenuItem& it = m->items[static_cast<size_t>(lv.selected)];
  if (!it.submenu || !item_enabled(it) || !find_menu(p, it.submenu)) return;
  const uint64_t sub = it.submenu;
  const int32_t pos = lv.selected;
  Rect r = it.rect;
  int32_t ox = 0, oy = 0;
  if (t.bar && level == 0) {
    Window* w = find_window(p, t.owner);
    if (!w) return;
    const Rect win = screen_rect(p, *w);
    ox = win.left, oy = win.top;
  } else if (Window* pw = find_window(p, lv.window)) {
    const Rect win = screen_rect(p, *pw);
    ox = win.left, oy = win.top;
  }
  r = r.offset(ox, oy);
  if (t.bar && level == 0) open_popup(p, t, sub, pos, r.left, r.bottom, 0, nullptr);
  else open_popup(p, t, sub, pos, r.right - kPopupBorder, r.top - kPopupBorder, 0, &r);
  if (select_first && t.levels.size() == level + 2) {
    Menu* sm = find_menu(p, sub);
    for (size_t i = 0; sm && i < sm->items.size(); ++i)
      if (item_selectable(sm->items[i])) {
        select_item(p, t, level + 1, static_cast<int32_t>(i));
        break;
      }
  }
}

// The item of a level chosen: a submenu opens, a disabled item does nothing, another ends the loop.
void choose_item(WindowsProcess& p, Tracking& t, size_t level, bool keyboard) {
  if (level >= t.levels.size() || t.levels[level].selected < 0) return;
  MenuLevel& lv = t.levels[level];
  Menu* m = find_menu(p, lv.menu);
  if (!m || static_cast<size_t>(lv.selected) >= m->items.size()) return;
  const MenuItem& it = m->items[static_cast<size_t>(lv.selected)];
  if (it.submenu) {
    if (t.levels.size() == level + 1) open_submenu(p, t, level, keyboard);
    return;
  }
  if (!item_enabled(it) || !item_selectable(it)) return;
  t.chosen = true;
  t.id = it.id;
  t.chosen_menu = lv.menu;
  t.chosen_pos = lv.selected;
  t.ended = true;
}

// The next selectable item of a menu from `from` in a direction (wrapping), or -1.
int32_t next_item(const Menu& m, int32_t from, int32_t step) {
  const int32_t n = static_cast<int32_t>(m.items.size());
  if (!n) return -1;
  int32_t i = from;
  for (int32_t k = 0; k < n; ++k) {
    i = from < 0 && k == 0 ? (step > 0 ? 0 : n - 1) : (i + step + n) % n;
    if (item_selectable(m.items[static_cast<size_t>(i)])) return i;
  }
  return -1;
}

// Moves the bar's selection to another item, its popup opened if one was open (or `open`).
void bar_move(WindowsProcess& p, Tracking& t, int32_t index, bool open) {
  const bool was_open = t.levels.size() > 1;
  close_levels(p, t, 1);
  select_item(p, t, 0, index);
  if (was_open || open) open_submenu(p, t, 0, true);
}

void menu_key_down(WindowsProcess& p, Tracking& t, uint32_t vk, char16_t c) {
  const size_t inner = t.levels.size() - 1;
  MenuLevel& lv = t.levels[inner];
  Menu* m = find_menu(p, lv.menu);
  if (!m) {
    t.ended = true;
    return;
  }
  const bool on_bar = t.bar && inner == 0;
  switch (vk) {
    case VK_ESCAPE:
      if (inner == 0) t.ended = true;
      else close_levels(p, t, inner);
      return;
    case VK_MENU:
    case VK_F10_:
      t.ended = true;
      return;
    case VK_UP:
    case VK_DOWN:
      if (on_bar) open_submenu(p, t, 0, true);
      else select_item(p, t, inner, next_item(*m, lv.selected, vk == VK_DOWN ? 1 : -1));
      return;
    case VK_HOME:
    case VK_END:
      if (!on_bar) select_item(p, t, inner, next_item(*m, -1, vk == VK_HOME ? 1 : -1));
      return;
    case VK_LEFT:
    case VK_RIGHT: {
      if (!on_bar && vk == VK_RIGHT && lv.selected >= 0 && m->items[static_cast<size_t>(lv.selected)].submenu) {
        open_submenu(p, t, inner, true);
        return;
      }
      if (!on_bar && vk == VK_LEFT && inner >= (t.bar ? 2u : 1u)) {
        close_levels(p, t, inner);
        return;
      }
      if (t.bar) {
        Menu* bar = find_menu(p, t.levels[0].menu);
        if (bar) bar_move(p, t, next_item(*bar, t.levels[0].selected, vk == VK_RIGHT ? 1 : -1), false);
      }
      return;
    }
    case VK_RETURN:
      if (lv.selected >= 0) choose_item(p, t, inner, true);
      return;
    default:
      break;
  }
  if (!c) return;
  // A mnemonic of the innermost menu; WM_MENUCHAR asks the owner about one it does not have.
  char16_t lower = c >= u'A' && c <= u'Z' ? static_cast<char16_t>(c - u'A' + u'a') : c;
  for (size_t i = 0; i < m->items.size(); ++i) {
    if (!m->items[i].has_text || menu_mnemonic(m->items[i].text) != lower) continue;
    if (on_bar) {
      const bool plain = !m->items[i].submenu;
      bar_move(p, t, static_cast<int32_t>(i), true);
      if (plain) choose_item(p, t, 0, true);
    } else {
      select_item(p, t, inner, static_cast<int32_t>(i));
      choose_item(p, t, inner, true);
    }
    return;
  }
  const uint32_t kind = (on_bar ? 0u : uint32_t{MF_POPUP}) | (t.system ? uint32_t{MF_SYSMENU} : 0);
  const uint64_t r = send_message(p, t.owner, WM_MENUCHAR, pack_words(c, static_cast<int32_t>(kind)), lv.menu);
  const uint32_t how = static_cast<uint32_t>(r >> 16) & 0xffff;
  const int32_t index = static_cast<int32_t>(r & 0xffff);
  if (how == MNC_CLOSE) t.ended = true;
  else if (how == MNC_SELECT) select_item(p, t, inner, index);
  else if (how == MNC_EXECUTE) {
    select_item(p, t, inner, index);
    choose_item(p, t, inner, true);
  }
}

// Which level and item a screen point is over (level -1: none of the menu's).
void menu_hit(WindowsProcess& p, Tracking& t, int32_t x, int32_t y, int32_t& level, int32_t& index) {
  level = -1, index = -1;
  for (int32_t i = static_cast<int32_t>(t.levels.size()) - 1; i >= 0; --i) {
    const MenuLevel& lv = t.levels[static_cast<size_t>(i)];
    Rect area;
    int32_t ox = 0, oy = 0;
    if (t.bar && i == 0) {
      Window* w = find_window(p, t.owner);
      if (!w) continue;
      area = menu_bar_screen_rect(p, *w);
      const Rect win = screen_rect(p, *w);
      ox = win.left, oy = win.top;
    } else if (Window* pw = find_window(p, lv.window)) {
      area = screen_rect(p, *pw);
      ox = area.left, oy = area.top;
    }
    if (!area.contains(x, y)) continue;
    level = i;
    Menu* m = find_menu(p, lv.menu);
    for (size_t k = 0; m && k < m->items.size(); ++k)
      if (m->items[k].rect.contains(x - ox, y - oy)) index = static_cast<int32_t>(k);
    return;
  }
}

void menu_mouse_event(WindowsProcess& p, Tracking& t, ThreadQueue& q, const RawMouse& r) {
  static const uint32_t kButtonBits[6] = {0, 1, 0x10, 2, 0x20, 0x40};
  if (r.kind == RawMouse::Down) q.input->buttons |= kButtonBits[r.button];
  if (r.kind == RawMouse::Up) q.input->buttons &= ~kButtonBits[r.button];
  if (r.kind == RawMouse::Wheel) return;
  // The left button works the menu, the right one only with TPM_RIGHTBUTTON; others do nothing.
  if (r.kind != RawMouse::Move && r.button != 1 && !(r.button == 3 && (t.flags & TPM_RIGHTBUTTON))) return;
  int32_t level = -1, index = -1;
  menu_hit(p, t, r.x, r.y, level, index);
  if (r.kind == RawMouse::Down && level < 0) {
    // A click outside the menu ends it, and is the window's under it, as it would have been.
    q.input->buttons &= ~kButtonBits[r.button];
    q.mouse.push_front(r);
    t.ended = true;
    return;
  }
  if (level < 0) return;
  const size_t lv = static_cast<size_t>(level);
  Menu* m = find_menu(p, t.levels[lv].menu);
  if (!m) return;
  const bool on_bar = t.bar && lv == 0;
  if (r.kind == RawMouse::Move) {
    if (index < 0 || index == t.levels[lv].selected) return;
    if (on_bar) {
      if (t.levels.size() > 1) bar_move(p, t, index, false);
      return;
    }
    close_levels(p, t, lv + 1);
    select_item(p, t, lv, index);
    open_submenu(p, t, lv, false);
    return;
  }
  if (r.kind == RawMouse::Down) {
    if (on_bar) {
      if (index == t.levels[0].selected && t.levels.size() > 1) {
        t.ended = true;  // (the open item clicked again closes the menu)
        return;
      }
      close_levels(p, t, 1);
      select_item(p, t, 0, index);
      open_submenu(p, t, 0, false);
      return;
    }
    if (index >= 0 && index != t.levels[lv].selected) {
      close_levels(p, t, lv + 1);
      select_item(p, t, lv, index);
      open_submenu(p, t, lv, false);
    }
    return;
  }
  // A button let go over an item chooses it.
  if (r.kind == RawMouse::Up && index >= 0 && index == t.levels[lv].selected) {
    if (m->items[static_cast<size_t>(index)].submenu) return;
    choose_item(p, t, lv, false);
  }
}

bool is_key_message(uint32_t msg) { return msg >= WM_KEYDOWN && msg <= 0x0109; }
bool is_mouse_message(uint32_t msg) { return (msg >= 0x200 && msg <= 0x20e) || (msg >= 0xa0 && msg <= 0xad); }

// The window of the calling thread with painting due, as GetMessage finds it.
uint64_t thread_window_to_paint(WindowsProcess& p) {
  const uint32_t me = p.thread().id;
  for (const auto& [h, w] : window_manager(p).windows)
    if (w->thread_id == me && !w->update.empty() && visible(p, h)) return h;
  return 0;
}

void dispatch_in_menu(WindowsProcess& p, const Message& m) {
  if ((m.message == WM_TIMER || m.message == WM_SYSTIMER) && m.lparam) {
    p.call_guest(m.lparam, {m.hwnd, m.message, m.wparam, message_time()});
    return;
  }
  Window* w = find_window(p, m.hwnd);
  if (!w) return;
  call_window_proc(p, w->wndproc, w->unicode, w->handle, m.message, m.wparam, m.lparam, w->unicode);
}

// The loop: until the menu ends, its owner goes, the thread gets WM_QUIT or the process stops.
void run_loop(WindowsProcess& p, Tracking& t) {
  ThreadQueue& q = own_queue(p);
  bool idle_told = false;
  while (!t.ended) {
    receive_sent_messages(p);
    if (t.ended || p.stopping() || q.quit || !find_window(p, t.owner) || t.levels.empty()) break;
    if (!q.mouse.empty() || !q.posted.empty()) idle_told = false;
    if (!q.mouse.empty()) {
      const RawMouse r = q.mouse.front();
      q.mouse.pop_front();
      menu_mouse_event(p, t, q, r);
      continue;
    }
    if (!q.posted.empty()) {
      const Message m = q.posted.front();
      q.posted.pop_front();
      apply_key_input(q, m);
      q.last = m;
      if (m.message == WM_KEYDOWN || m.message == WM_SYSKEYDOWN) {
        const uint32_t vk = static_cast<uint32_t>(m.wparam) & 0xff;
        menu_key_down(p, t, vk, key_char(vk, q.input->keys.data()));
      } else if (m.message == WM_CHAR || m.message == WM_SYSCHAR) {
        menu_key_down(p, t, 0, static_cast<char16_t>(m.wparam));
      } else if (!is_key_message(m.message) && !is_mouse_message(m.message)) {
        dispatch_in_menu(p, m);
      }
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    bool timer = false;
    for (Timer& tm : q.timers) {
      if (tm.due > now) continue;
      const Message m{tm.hwnd, tm.system ? WM_SYSTIMER : WM_TIMER, tm.id, tm.proc, message_time(), 0, 0};
      tm.due = now + std::chrono::milliseconds(tm.elapse_ms);
      dispatch_in_menu(p, m);
      timer = true;
      break;
    }
    if (timer) continue;
    if (const uint64_t h = thread_window_to_paint(p)) {
      dispatch_in_menu(p, Message{h, WM_PAINT, 0, 0, message_time(), 0, 0});
      if (Window* w = find_window(p, h)) w->update = Rect{}, w->erase = false;
      continue;
    }
    // Nothing to do: the owner hears WM_ENTERIDLE (MSGF_MENU, the innermost popup's window) once
    // before the loop waits.
    if (!idle_told && notifies(t)) {
      idle_told = true;
      send_message(p, t.owner, WM_ENTERIDLE, 2 /* MSGF_MENU */, t.levels.back().window);
      continue;
    }
    uint32_t wait_ms = kInfinite;
    for (const Timer& tm : q.timers) {
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(tm.due - now).count();
      wait_ms = std::min<uint32_t>(wait_ms, ms <= 0 ? 0 : static_cast<uint32_t>(ms + 1));
    }
    wait_until(p, wait_ms,
               [&] {
                 return t.ended || !q.sent.empty() || !q.owed.empty() || !q.posted.empty() || !q.mouse.empty() || q.quit ||
                        p.stopping();
               },
               "in a menu no input can reach");
  }
}

// A tracking from its start (WM_ENTERMENULOOP, WM_INITMENU) to its end (the popups closed,
// WM_MENUSELECT with 0xffff, WM_EXITMENULOOP) and the chosen item's command: the command (or 0).
uint32_t track_menu(WindowsProcess& p, Tracking& t, const std::function<void()>& start) {
  trackings().push_back(&t);
  struct Unlist {
    Tracking* t;
    ~Unlist() { std::erase(trackings(), t); }
  } unlist{&t};
  const bool popup = !t.bar;
  if (notifies(t)) {
    send_message(p, t.owner, WM_ENTERMENULOOP, popup ? 1 : 0, 0);
    send_message(p, t.owner, WM_INITMENU, t.top, 0);
  }
  // (the menu's object as ReactOS's win32k names it: the system menu's or the window's menu)
  constexpr int32_t kSystemMenuObject = -1, kMenuObject = -3;  // OBJID_SYSMENU, OBJID_MENU
  if (find_window(p, t.owner))
    notify_win_event(p, EVENT_SYSTEM_MENUSTART, t.owner, t.system ? kSystemMenuObject : kMenuObject);
  if (!t.ended) start();
  if (!t.ended) run_loop(p, t);
  close_levels(p, t, t.bar ? 1 : 0);
  if (t.bar && !t.levels.empty()) {
    if (Menu* m = find_menu(p, t.levels[0].menu); m && t.levels[0].selected >= 0 &&
                                                   static_cast<size_t>(t.levels[0].selected) < m->items.size())
      m->items[static_cast<size_t>(t.levels[0].selected)].state &= ~static_cast<uint32_t>(MF_HILITE);
    t.levels.clear();
    repaint_bar(p, t.owner);
  }
  std::erase(trackings(), &t);
  if (find_window(p, t.owner)) {
    send_message(p, t.owner, WM_MENUSELECT, pack_words(0, 0xffff), 0);
    if (find_window(p, t.owner)) notify_win_event(p, EVENT_SYSTEM_MENUEND, t.owner);
    send_message(p, t.owner, WM_EXITMENULOOP, popup ? 1 : 0, 0);
  }
  if (!t.chosen) return 0;
  if (t.flags & TPM_RETURNCMD) return t.id;
  if (t.system) {
    post_message(p, t.owner, WM_SYSCOMMAND, t.id, 0);
  } else if (Menu* m = find_menu(p, t.chosen_menu); m && (m->style & MNS_NOTIFYBYPOS)) {
    post_message(p, t.owner, WM_MENUCOMMAND, static_cast<uint64_t>(t.chosen_pos), t.chosen_menu);
  } else {
    post_message(p, t.owner, WM_COMMAND, t.id & 0xffff, 0);
  }
  return t.id;
}

// The system menu's items as a window's state allows them (restore when maximized or minimized …).
void update_system_menu(WindowsProcess& p, uint64_t menu, const Window& w) {
  auto set = [&](uint32_t id, bool on) {
    if (MenuItem* it = find_item(p, menu, id, MF_BYCOMMAND))
      it->state = (it->state & ~static_cast<uint32_t>(MF_GRAYED | MF_DISABLED)) | (on ? 0u : uint32_t{MF_GRAYED});
  };
  const bool max = (w.style & WS_MAXIMIZE) != 0, min = (w.style & WS_MINIMIZE) != 0;
  set(SC_RESTORE, max || min);
  set(SC_MOVE, !max);
  set(SC_SIZE, !max && !min && (w.style & WS_THICKFRAME));
  set(SC_MINIMIZE, !min && (w.style & 0x00020000u /* WS_MINIMIZEBOX */));
  set(SC_MAXIMIZE, !max && (w.style & 0x00010000u /* WS_MAXIMIZEBOX */));
}

uint64_t system_menu_of(WindowsProcess& p, uint64_t hwnd, bool make) {
  auto& all = system_menus();
  if (auto it = all.find(hwnd); it != all.end() && find_menu(p, it->second)) return it->second;
  if (!make) return 0;
  const uint64_t m = new_menu(p, true);
  Menu* menu = find_menu(p, m);
  menu->system = true;
  struct Entry {
    uint32_t id;
    const char16_t* text;
  };
  static const Entry kItems[] = {{SC_RESTORE, u"&Restore"},   {SC_MOVE, u"&Move"},        {SC_SIZE, u"&Size"},
                                 {SC_MINIMIZE, u"Mi&nimize"}, {SC_MAXIMIZE, u"Ma&ximize"}, {0, nullptr},
                                 {SC_CLOSE, u"&Close\tAlt+F4"}};
  for (const Entry& e : kItems) {
    MenuItem it;
    it.id = e.id;
    if (e.text) {
      it.has_text = true;
      it.text = e.text;
    } else {
      it.type = MF_SEPARATOR;
      it.state = MF_GRAYED | MF_DISABLED;
    }
    if (e.id == SC_CLOSE) it.state |= MF_DEFAULT;
    menu->items.push_back(std::move(it));
  }
  menu->owner = hwnd;
  all[hwnd] = m;
  return m;
}

// Tracking the bar of a window: from a click on it (the item under the point opened) or from the
// keyboard (`key` 0: the first item selected; a mnemonic: its item opened or chosen; ' ': the
// system menu).
void track_bar(WindowsProcess& p, uint64_t hwnd, bool mouse, int32_t x, int32_t y, char16_t key) {
  const uint32_t me = p.thread().id;
  if (current_tracking(me)) return;
  hwnd = root_window(p, hwnd);
  Window* w = find_window(p, hwnd);
  if (!w || w->thread_id != me) return;
  if (!mouse && key == u' ') {
    if (!(w->style & WS_SYSMENU)) return;
    const uint64_t sys = system_menu_of(p, hwnd, true);
    update_system_menu(p, sys, *w);
    Tracking t;
    t.thread = me, t.owner = hwnd, t.top = sys, t.system = true;
    const Rect win = screen_rect(p, *w), cl = client_screen_rect(p, *w);
    const int32_t bx = cl.left - win.left;
    const int32_t caption = (w->style & WS_CAPTION) == WS_CAPTION ? system_metric(p, 4) : 0;
    track_menu(p, t, [&] {
      open_popup(p, t, sys, 0, win.left + bx, win.top + bx + caption, 0, nullptr);
      if (Menu* sm = find_menu(p, sys); sm && !t.levels.empty()) select_item(p, t, 0, next_item(*sm, -1, 1));
    });
    return;
  }
  const uint64_t bar = window_menu_bar(p, *w);
  if (!bar) return;
  layout_bar(p, hwnd);
  Menu* m = find_menu(p, bar);
  if (!m || m->items.empty()) return;
  int32_t index = -1;
  if (mouse) {
    const Rect win = screen_rect(p, *w);
    for (size_t i = 0; i < m->items.size(); ++i)
      if (m->items[i].rect.contains(x - win.left, y - win.top)) index = static_cast<int32_t>(i);
    if (index < 0) return;
  } else if (key) {
    const char16_t lower = key >= u'A' && key <= u'Z' ? static_cast<char16_t>(key - u'A' + u'a') : key;
    for (size_t i = 0; i < m->items.size() && index < 0; ++i)
      if (m->items[i].has_text && menu_mnemonic(m->items[i].text) == lower) index = static_cast<int32_t>(i);
    if (index < 0) {
      send_message(p, hwnd, WM_MENUCHAR, pack_words(key, 0), bar);
      return;
    }
  }
  Tracking t;
  t.thread = me, t.owner = hwnd, t.top = bar, t.bar = true;
  t.levels.push_back(MenuLevel{bar, 0, -1});
  track_menu(p, t, [&] {
    if (!mouse && !key) {
      if (Menu* bm = find_menu(p, bar)) select_item(p, t, 0, next_item(*bm, -1, 1));
      return;
    }
    select_item(p, t, 0, index);
    Menu* mm = find_menu(p, bar);
    if (!mm || static_cast<size_t>(index) >= mm->items.size()) return;
    if (mm->items[static_cast<size_t>(index)].submenu) open_submenu(p, t, 0, !mouse);
    else if (!mouse) choose_item(p, t, 0, true);
  });
}

uint64_t menu_window_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  switch (msg) {
    case WM_PAINT: {
      Rect update;
      bool erase = false;
      const uint64_t hdc = begin_paint(p, hwnd, update, erase);
      end_paint(p, hwnd, hdc);
      for (Tracking* t : trackings())
        for (const MenuLevel& lv : t->levels)
          if (lv.window == hwnd) paint_popup(p, lv.menu);
      return 0;
    }
    case WM_ERASEBKGND:
      return 1;
    case WM_MOUSEACTIVATE:
      return 3;  // MA_NOACTIVATE
    case WM_NCHITTEST:
      return 1;  // HTCLIENT
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

// ---- The exports ----

BOOL SetMenu(WindowsProcess& p, Ptr hwnd, Ptr menu) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (w->style & WS_CHILD) return fail(p, 1437 /* ERROR_CHILD_WINDOW_MENU */);
  if (menu && !menu_or_fail(p, menu.addr)) return FALSE;
  if (Menu* old = find_menu(p, w->id); old && old->owner == w->handle) old->owner = 0;
  w->id = menu.addr & 0xffffffffu;
  if (Menu* m = find_menu(p, menu.addr)) m->owner = w->handle;
  set_window_position(p, w->handle, 0, 0, 0, 0, 0, SWP_NOSIZE | SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE | SWP_FRAMECHANGED);
  return TRUE;
}

BOOL DrawMenuBar(WindowsProcess& p, Ptr hwnd) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if ((w->style & WS_CHILD) || !find_menu(p, w->id)) return TRUE;
  set_window_position(p, w->handle, 0, 0, 0, 0, 0, SWP_NOSIZE | SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE | SWP_FRAMECHANGED);
  return TRUE;
}

// GetSystemMenu: the window's system menu (made at the first call), or with bRevert the default
// one put back (NULL returned).
Ptr GetSystemMenu(WindowsProcess& p, Ptr hwnd, BOOL revert) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return Ptr();
  if (revert) {
    if (const uint64_t m = system_menu_of(p, w->handle, false)) destroy_menu(p, m);
    system_menus().erase(w->handle);
    return Ptr();
  }
  if (!(w->style & WS_SYSMENU)) return Ptr();
  return Ptr(system_menu_of(p, w->handle, true));
}

// A window's menu bar or popup item rectangle on the screen.
bool item_screen_rect(WindowsProcess& p, Window* w, uint64_t menu, uint32_t pos, Rect& out) {
  Menu* m = find_menu(p, menu);
  if (!m || pos >= m->items.size()) return false;
  if (w && !(w->style & WS_CHILD) && (w->id & 0xffffffffu) == (menu & 0xffffffffu)) {
    layout_bar(p, w->handle);
    if (!(m = find_menu(p, menu)) || !(w = find_window(p, w->handle))) return false;
    const Rect win = screen_rect(p, *w);
    out = m->items[pos].rect.offset(win.left, win.top);
    return true;
  }
  Window* pw = find_window(p, m->window);
  if (!pw) return false;
  const Rect win = screen_rect(p, *pw);
  out = m->items[pos].rect.offset(win.left, win.top);
  return true;
}

BOOL GetMenuItemRect(WindowsProcess& p, Ptr hwnd, Ptr menu, uint32_t item, Ptr rect) {
  if (!menu_or_fail(p, menu.addr) || !rect) return FALSE;
  Window* w = hwnd ? window_or_fail(p, hwnd.addr) : nullptr;
  if (hwnd && !w) return FALSE;
  Rect r;
  if (!item_screen_rect(p, w, menu.addr, item, r)) return FALSE;
  put<Rect>(rect.addr, r);
  return TRUE;
}

int32_t MenuItemFromPoint(WindowsProcess& p, Ptr hwnd, Ptr menu, uint64_t point) {
  Menu* m = menu_or_fail(p, menu.addr);
  if (!m) return -1;
  Window* w = hwnd ? find_window(p, hwnd.addr) : nullptr;
  const int32_t x = static_cast<int32_t>(point & 0xffffffffu), y = static_cast<int32_t>(point >> 32);
  const size_t n = m->items.size();
  for (uint32_t i = 0; i < n; ++i) {
    Rect r;
    if (item_screen_rect(p, w, menu.addr, i, r) && r.contains(x, y)) return static_cast<int32_t>(i);
  }
  return -1;
}

BOOL HiliteMenuItem(WindowsProcess& p, Ptr hwnd, Ptr menu, uint32_t item, uint32_t flags) {
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  if (!menu_or_fail(p, menu.addr)) return FALSE;
  MenuItem* it = find_item(p, menu.addr, item, flags & MF_BYPOSITION);
  if (!it) return FALSE;
  if (flags & MF_HILITE) it->state |= MF_HILITE;
  else it->state &= ~static_cast<uint32_t>(MF_HILITE);
  if (!(w->style & WS_CHILD) && (w->id & 0xffffffffu) == (menu.addr & 0xffffffffu)) repaint_bar(p, w->handle);
  return TRUE;
}

// MENUBARINFO: cbSize, rcBar, hMenu, hwndMenu, fBarFocused:1, fFocused:1.
BOOL GetMenuBarInfo(WindowsProcess& p, Ptr hwnd, int32_t object, int32_t item, Ptr info) {
  const unsigned ptr = p.isa->ptr;
  const unsigned menu_at = (20 + ptr - 1) / ptr * ptr, flags_at = menu_at + 2 * ptr, size = (flags_at + 4 + ptr - 1) / ptr * ptr;
  if (!info || get<uint32_t>(info.addr) != size) return fail(p, ERROR_INVALID_PARAMETER);
  Window* w = window_or_fail(p, hwnd.addr);
  if (!w) return FALSE;
  constexpr int32_t OBJID_SYSMENU = -1, OBJID_MENU = -3, OBJID_CLIENT = -4;
  uint64_t menu = 0;
  Rect r;
  uint64_t menu_window = 0;
  if (object == OBJID_MENU) {
    if (w->style & WS_CHILD) return FALSE;
    menu = find_menu(p, w->id) ? w->id : 0;
    if (!menu) return FALSE;
    r = menu_bar_screen_rect(p, *w);
  } else if (object == OBJID_CLIENT) {
    // A popup menu's window: its menu.
    for (Tracking* t : trackings())
      for (const MenuLevel& lv : t->levels)
        if (lv.window == w->handle) menu = lv.menu;
    if (!menu) return FALSE;
    r = screen_rect(p, *w);
    menu_window = w->handle;
  } else if (object == OBJID_SYSMENU) {
    menu = system_menu_of(p, w->handle, false);
    if (!menu) return FALSE;
  } else {
    return FALSE;
  }
  Menu* m = find_menu(p, menu);
  if (item < 0 || (m && static_cast<size_t>(item) > m->items.size())) return FALSE;
  if (item > 0 && !item_screen_rect(p, object == OBJID_MENU ? w : nullptr, menu, static_cast<uint32_t>(item - 1), r)) return FALSE;
  put<Rect>(info.addr + 4, r);
  p.put_ptr(info.addr + menu_at, menu);
  p.put_ptr(info.addr + menu_at + ptr, menu_window);
  const Tracking* t = current_tracking(p.thread().id);
  uint32_t bits = 0;
  if (t && t->top == menu && t->bar) bits |= 1;
  if (t && t->bar && item > 0 && !t->levels.empty() && t->levels[0].selected == item - 1) bits |= 2;
  put<uint32_t>(info.addr + flags_at, bits);
  return TRUE;
}

// TrackPopupMenu(Ex): the popup at a screen point, aligned as the flags say, tracked on this thread.
USize track_popup(WindowsProcess& p, uint64_t menu, uint32_t flags, int32_t x, int32_t y, uint64_t hwnd) {
  Menu* m = menu_or_fail(p, menu);
  if (!m) return 0;
  Window* w = window_or_fail(p, hwnd);
  if (!w) return 0;
  const uint32_t me = p.thread().id;
  if (current_tracking(me) && !(flags & TPM_RECURSE)) return fail(p, ERROR_POPUP_ALREADY_ACTIVE);
  Tracking t;
  t.thread = me, t.owner = w->handle, t.top = menu & 0xffffffffu, t.flags = flags, t.system = m->system;
  const uint32_t chosen = track_menu(p, t, [&] { open_popup(p, t, t.top, 0, x, y, flags, nullptr); });
  if (flags & TPM_RETURNCMD) return chosen;
  return TRUE;
}
USize TrackPopupMenu(WindowsProcess& p, Ptr menu, uint32_t flags, int32_t x, int32_t y, int32_t, Ptr hwnd, Ptr) {
  return track_popup(p, menu.addr, flags, x, y, hwnd.addr);
}
USize TrackPopupMenuEx(WindowsProcess& p, Ptr menu, uint32_t flags, int32_t x, int32_t y, Ptr hwnd, Ptr) {
  return track_popup(p, menu.addr, flags, x, y, hwnd.addr);
}

// EndMenu: the calling thread's menu (or, without one, any) ends as if cancelled.
BOOL EndMenu(WindowsProcess& p) {
  Tracking* t = current_tracking(p.thread().id);
  if (!t && !trackings().empty()) t = trackings().back();
  if (!t) return TRUE;
  t->ended = true;
  if (t->thread != p.thread().id)
    if (ThreadQueue* q = queue_of(p, t->thread)) post_to_queue(p, *q, Message{0, WM_NULL, 0, 0, message_time(), 0, 0});
  return TRUE;
}

}  // namespace

uint64_t window_menu_bar(WindowsProcess& p, const Window& w) {
  if (w.style & WS_CHILD) return 0;
  return find_menu(p, w.id) ? (w.id & 0xffffffffu) : 0;
}

int32_t menu_bar_height(WindowsProcess& p, const Window& w) {
  return !(w.style & WS_CHILD) && w.id ? system_metric(p, 15 /* SM_CYMENU */) : 0;
}

Rect menu_bar_screen_rect(WindowsProcess& p, const Window& w) {
  if (!window_menu_bar(p, w)) return {};
  const Rect win = screen_rect(p, w);
  return bar_rect(p, w).offset(win.left, win.top);
}

void paint_menu_bar(WindowsProcess& p, uint64_t hwnd, gdi32::DeviceContext& dc) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const uint64_t handle = window_menu_bar(p, *w);
  measure_owner_drawn(p, hwnd, handle, true);
  Menu* m = find_menu(p, handle);
  if (!m || !(w = find_window(p, hwnd))) return;
  const Rect bar = bar_rect(p, *w);
  if (bar.empty()) return;
  const gdi32::DcState saved = dc.s;
  gdi32::select_object(p, dc, menu_font(p));
  layout_bar_in(p, *w, *m, dc);
  fill_sys_color(p, dc, bar, kMenuColor);
  const uint64_t hdc = dc.handle;
  paint_items(p, *m, dc, hdc, true, hwnd);
  gdi32::select_object(p, dc, saved.font);
  dc.s.text_color = saved.text_color, dc.s.bk_color = saved.bk_color, dc.s.bk_mode = saved.bk_mode;
  gdi32::dc_changed(dc);
}

void window_menus_gone(WindowsProcess& p, const Window& w) {
  for (Tracking* t : trackings())
    if (t->owner == w.handle) t->ended = true;
  if (!(w.style & WS_CHILD) && w.id && find_menu(p, w.id)) destroy_menu(p, w.id);
  if (auto it = system_menus().find(w.handle); it != system_menus().end()) {
    destroy_menu(p, it->second);
    system_menus().erase(it);
  }
  for (Tracking* t : trackings())
    for (MenuLevel& lv : t->levels)
      if (lv.window == w.handle) lv.window = 0;
}

bool menu_key_message(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam) {
  // Alt or F10 pressed and let go with no other key between: the menu bar, by the keyboard.
  static std::map<uint32_t, uint64_t> pending;  // by thread: the window Alt or F10 went down in
  const uint32_t me = p.thread().id;
  const uint32_t vk = static_cast<uint32_t>(wparam) & 0xff;
  switch (msg) {
    case WM_SYSKEYDOWN:
      if ((vk == VK_MENU || vk == VK_F10_) && !(lparam & (1u << 30))) pending[me] = hwnd;
      else if (vk != VK_MENU && vk != VK_F10_) pending.erase(me);
      return false;
    case WM_KEYDOWN:
      if (vk == VK_F10_) pending[me] = hwnd;
      else pending.erase(me);
      return false;
    case WM_KEYUP:
    case WM_SYSKEYUP: {
      const auto it = pending.find(me);
      if ((vk == VK_MENU || vk == VK_F10_) && it != pending.end() && it->second == hwnd) {
        pending.erase(it);
        send_message(p, hwnd, WM_SYSCOMMAND, SC_KEYMENU, 0);
        return true;
      }
      return false;
    }
    case WM_SYSCHAR:
      pending.erase(me);
      if (!(lparam & (1u << 29)) || !wparam || wparam == u'\t' || wparam == 0x1b) return false;
      if (wparam == u' ') {
        Window* w = find_window(p, hwnd);
        if (w && (w->style & WS_CHILD)) {
          send_message(p, w->parent, msg, wparam, lparam);
          return true;
        }
      }
      send_message(p, hwnd, WM_SYSCOMMAND, SC_KEYMENU, wparam);
      return true;
    default:
      return false;
  }
}

bool menu_system_command(WindowsProcess& p, uint64_t hwnd, uint64_t wparam, uint64_t lparam) {
  const uint32_t cmd = static_cast<uint32_t>(wparam) & 0xfff0;
  if (cmd == SC_KEYMENU) {
    track_bar(p, hwnd, false, 0, 0, static_cast<char16_t>(lparam & 0xffff));
    return true;
  }
  // The system menu's window commands.
  if (cmd == SC_MINIMIZE || cmd == SC_MAXIMIZE || cmd == SC_RESTORE) {
    Window* w = find_window(p, hwnd);
    if (!w || (w->style & WS_CHILD)) return true;
    show_window_command(p, hwnd, cmd == SC_MINIMIZE ? 6 /* SW_MINIMIZE */ : cmd == SC_MAXIMIZE ? 3 /* SW_MAXIMIZE */ : 9 /* SW_RESTORE */);
    return true;
  }
  if (cmd == SC_MOUSEMENU) {
    if ((wparam & 0xf) == static_cast<uint32_t>(HTMENU))
      track_bar(p, hwnd, true, static_cast<int16_t>(lparam & 0xffff), static_cast<int16_t>((lparam >> 16) & 0xffff), 0);
    else if ((wparam & 0xf) == static_cast<uint32_t>(HTSYSMENU))
      track_bar(p, hwnd, false, 0, 0, u' ');
    return true;
  }
  return false;
}

const std::vector<Export>& menu_tracking_exports() {
  static const std::vector<Export> e = {
      EXPORT("SetMenu", SetMenu),
      EXPORT("DrawMenuBar", DrawMenuBar),
      EXPORT("GetSystemMenu", GetSystemMenu),
      EXPORT("GetMenuItemRect", GetMenuItemRect),
      EXPORT("MenuItemFromPoint", MenuItemFromPoint),
      EXPORT("HiliteMenuItem", HiliteMenuItem),
      EXPORT("GetMenuBarInfo", GetMenuBarInfo),
      EXPORT("TrackPopupMenu", TrackPopupMenu),
      EXPORT("TrackPopupMenuEx", TrackPopupMenuEx),
      EXPORT("EndMenu", EndMenu),
  };
  return e;
}

}  // namespace polyrun::shims::user32
