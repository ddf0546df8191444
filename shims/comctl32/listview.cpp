// The list view (SysListView32): items with sub-items in columns, drawn in report mode under a
// header (SysHeader32) or as a simple list (LVS_LIST, LVS_SMALLICON, LVS_ICON drawn as one column);
// selection and focus states with LVN_ITEMCHANGING/LVN_ITEMCHANGED to the parent, finding,
// sorting with the program's callback, check boxes as state images, keyboard and mouse selection,
// LPSTR_TEXTCALLBACK texts asked with LVN_GETDISPINFO.
#include <algorithm>

#include "shims/comctl32/views.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/scroll_bars.h"

namespace polyrun::shims::comctl32 {

namespace listview_impl {

using namespace user32;
using namespace views;

enum : uint32_t {
  LVM_GETBKCOLOR = 0x1000, LVM_SETBKCOLOR = 0x1001, LVM_GETIMAGELIST = 0x1002, LVM_SETIMAGELIST = 0x1003,
  LVM_GETITEMCOUNT = 0x1004, LVM_GETITEMA = 0x1005, LVM_SETITEMA = 0x1006, LVM_INSERTITEMA = 0x1007,
  LVM_DELETEITEM = 0x1008, LVM_DELETEALLITEMS = 0x1009, LVM_GETNEXTITEM = 0x100c, LVM_FINDITEMA = 0x100d,
  LVM_GETITEMRECT = 0x100e, LVM_HITTEST = 0x1012, LVM_ENSUREVISIBLE = 0x1013, LVM_GETCOLUMNA = 0x1019,
  LVM_SETCOLUMNA = 0x101a, LVM_INSERTCOLUMNA = 0x101b, LVM_DELETECOLUMN = 0x101c, LVM_GETCOLUMNWIDTH = 0x101d,
  LVM_SETCOLUMNWIDTH = 0x101e, LVM_GETHEADER = 0x101f, LVM_GETTEXTCOLOR = 0x1023, LVM_SETTEXTCOLOR = 0x1024,
  LVM_GETTEXTBKCOLOR = 0x1025, LVM_SETTEXTBKCOLOR = 0x1026, LVM_GETTOPINDEX = 0x1027,
  LVM_GETCOUNTPERPAGE = 0x1028, LVM_SETITEMSTATE = 0x102b, LVM_GETITEMSTATE = 0x102c,
  LVM_GETITEMTEXTA = 0x102d, LVM_SETITEMTEXTA = 0x102e, LVM_SORTITEMS = 0x1030, LVM_GETSELECTEDCOUNT = 0x1032,
  LVM_SETEXTENDEDLISTVIEWSTYLE = 0x1036, LVM_GETEXTENDEDLISTVIEWSTYLE = 0x1037, LVM_GETITEMW = 0x104b,
  LVM_SETITEMW = 0x104c, LVM_INSERTITEMW = 0x104d, LVM_SORTITEMSEX = 0x1051, LVM_FINDITEMW = 0x1053,
  LVM_GETCOLUMNW = 0x105f, LVM_SETCOLUMNW = 0x1060, LVM_INSERTCOLUMNW = 0x1061, LVM_GETITEMTEXTW = 0x1073,
  LVM_SETITEMTEXTW = 0x1074,
};
enum : uint32_t {
  HDM_GETITEMCOUNT_LV = 0x1200, HDM_INSERTITEMW_LV = 0x120a, HDM_DELETEITEM_LV = 0x1202, HDM_SETITEMW_LV = 0x120c,
};
enum : int32_t {
  LVN_ITEMCHANGING = -100, LVN_ITEMCHANGED = -101, LVN_INSERTITEM = -102, LVN_DELETEITEM = -103,
  LVN_DELETEALLITEMS = -104, LVN_COLUMNCLICK = -108, LVN_GETDISPINFOA = -150, LVN_GETDISPINFOW = -177,
  LVN_KEYDOWN = -155, LVN_ITEMACTIVATE = -114, HDN_ITEMCLICKA_LV = -302, HDN_ITEMCLICKW_LV = -322,
};
enum : uint32_t {
  LVIF_TEXT = 0x1, LVIF_IMAGE = 0x2, LVIF_PARAM = 0x4, LVIF_STATE = 0x8, LVIF_INDENT = 0x10,
  LVIS_FOCUSED = 0x1, LVIS_SELECTED = 0x2, LVIS_STATEIMAGEMASK = 0xf000,
  LVNI_FOCUSED = 0x1, LVNI_SELECTED = 0x2,
  LVFI_PARAM = 0x1, LVFI_STRING = 0x2, LVFI_SUBSTRING = 0x4, LVFI_PARTIAL = 0x8, LVFI_WRAP = 0x20,
  LVS_REPORT = 1, LVS_TYPEMASK = 3, LVS_SINGLESEL = 4, LVS_SHOWSELALWAYS = 8, LVS_NOCOLUMNHEADER = 0x4000,
  LVS_EX_GRIDLINES = 1, LVS_EX_CHECKBOXES = 4, LVS_EX_FULLROWSELECT = 0x20,
  LVCF_FMT = 1, LVCF_WIDTH = 2, LVCF_TEXT = 4, LVCF_SUBITEM = 8,
  LVIR_BOUNDS = 0, LVIR_ICON = 1, LVIR_LABEL = 2, LVIR_SELECTBOUNDS = 3,
  LVHT_NOWHERE = 1, LVHT_ONITEMICON = 2, LVHT_ONITEMLABEL = 4, LVHT_ONITEMSTATEICON = 8, LVHT_ONITEM = 0xe,
  LVHT_ABOVE = 8, LVHT_BELOW = 0x10,
};
constexpr int32_t LVSCW_AUTOSIZE = -1, LVSCW_AUTOSIZE_USEHEADER = -2;
enum : uint32_t { MK_SHIFT_LV = 0x4, MK_CONTROL_LV = 0x8 };
enum : uint32_t { WM_RBUTTONDOWN_LV = 0x204, WM_RBUTTONUP_LV = 0x205, WM_MOUSEWHEEL_LV = 0x20a };

struct Column {
  std::u16string text;
  int32_t width = 0, fmt = 0, sub = 0;
};
struct SubText {
  bool set = false, callback = false;
  std::u16string text;
};
struct Item {
  std::vector<SubText> subs;  // [0] is the item's own text
  uint32_t state = 0;
  uint64_t param = 0;
  int32_t image = 0, indent = 0;
};

struct ListViewState : ControlState {
  bool created = false;
  uint64_t parent = 0, header = 0;
  bool unicode_parent = true;
  std::vector<Column> columns;
  std::vector<Item> items;
  uint32_t ex_style = 0;
  int32_t top = 0, anchor = -1, click_item = -1, click_sub = 0;
  bool in_focus = false, clicked = false;
  uint32_t bk_color = 0xffffffff, text_color = 0, text_bk_color = 0xffffffff;  // 0xffffffff: the system's
  uint64_t images[3] = {};
  int32_t item_height = 16, header_height = 0;
};

ListViewState* lv_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? &control_state<ListViewState>(*w) : nullptr;
}
uint32_t view_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? (w->style & LVS_TYPEMASK) : 0;
}
uint32_t style_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? w->style : 0;
}
int32_t count(const ListViewState& s) { return static_cast<int32_t>(s.items.size()); }

// LVITEM: mask, iItem, iSubItem, state, stateMask, pszText, cchTextMax, iImage, lParam, iIndent.
struct ItemLayout {
  unsigned text, text_max, image, param, indent;
};
ItemLayout item_layout(WindowsProcess& p) {
  return p.isa->ptr == 8 ? ItemLayout{24, 32, 36, 40, 48} : ItemLayout{20, 24, 28, 32, 36};
}
// LVCOLUMN: mask, fmt, cx, pszText, cchTextMax, iSubItem.
struct ColumnLayout {
  unsigned text, text_max, sub;
};
ColumnLayout column_layout(WindowsProcess& p) { return p.isa->ptr == 8 ? ColumnLayout{16, 24, 28} : ColumnLayout{12, 16, 20}; }

// ---- notifications ----
// NMLISTVIEW: hdr, iItem, iSubItem, uNewState, uOldState, uChanged, ptAction, lParam (NMITEMACTIVATE
// adds uKeyFlags).
uint64_t notify_listview(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t code, int32_t item, int32_t sub,
                         uint32_t new_state, uint32_t old_state, uint32_t changed, uint64_t param) {
  const unsigned h = nmhdr_size(p);
  const unsigned size = p.isa->ptr == 8 ? 72 : 48;
  const uint64_t at = new_notify(p, hwnd, code, size);
  if (!at) return 0;
  put<int32_t>(at + h, item);
  put<int32_t>(at + h + 4, sub);
  put<uint32_t>(at + h + 8, new_state);
  put<uint32_t>(at + h + 12, old_state);
  put<uint32_t>(at + h + 16, changed);
  p.put_ptr(at + (p.isa->ptr == 8 ? 56 : 40), param);
  const uint64_t r = send_notify(p, hwnd, s.parent, at);
  p.heap.free(at);
  return r;
}

// The text of an item's column, asking the parent for a callback text (or a sub-item never set).
std::u16string item_text(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t index, int32_t sub) {
  if (index < 0 || index >= count(s) || sub < 0) return {};
  const Item& it = s.items[static_cast<size_t>(index)];
  const bool have = static_cast<size_t>(sub) < it.subs.size() && it.subs[static_cast<size_t>(sub)].set;
  if (have && !it.subs[static_cast<size_t>(sub)].callback) return it.subs[static_cast<size_t>(sub)].text;
  if (!have && sub == 0) return {};
  const unsigned h = nmhdr_size(p);
  const ItemLayout l = item_layout(p);
  const uint64_t at = new_notify(p, hwnd, s.unicode_parent ? LVN_GETDISPINFOW : LVN_GETDISPINFOA, h + 96);
  const int32_t max = 260;
  const uint64_t buf = p.heap.alloc(2 * max + 2, true);
  if (!at || !buf) {
    if (at) p.heap.free(at);
    if (buf) p.heap.free(buf);
    return {};
  }
  put<uint32_t>(at + h, LVIF_TEXT);
  put<int32_t>(at + h + 4, index);
  put<int32_t>(at + h + 8, sub);
  p.put_ptr(at + h + l.text, buf);
  put<int32_t>(at + h + l.text_max, max);
  p.put_ptr(at + h + l.param, it.param);
  send_notify(p, hwnd, s.parent, at);
  const uint64_t text = p.get_ptr(at + h + l.text);
  std::u16string out = text && !is_text_callback(p, text) ? guest_string(text, s.unicode_parent) : std::u16string();
  p.heap.free(buf);
  p.heap.free(at);
  return out;
}

// ---- geometry ----
bool report(WindowsProcess& p, uint64_t hwnd) { return view_of(p, hwnd) == LVS_REPORT; }
int32_t columns_width(const ListViewState& s) {
  int32_t w = 0;
  for (const Column& c : s.columns) w += c.width;
  return w;
}
int32_t list_top(WindowsProcess& p, uint64_t hwnd, const ListViewState& s) {
  return report(p, hwnd) && !(style_of(p, hwnd) & LVS_NOCOLUMNHEADER) ? s.header_height : 0;
}
int32_t per_page(WindowsProcess& p, uint64_t hwnd, const ListViewState& s) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  const int32_t h = w->client.height() - list_top(p, hwnd, s);
  return std::max(h / std::max(s.item_height, 1), 0);
}
Rect row_rect(WindowsProcess& p, uint64_t hwnd, const ListViewState& s, int32_t index) {
  Window* w = find_window(p, hwnd);
  const int32_t top = list_top(p, hwnd, s) + (index - s.top) * s.item_height;
  const int32_t right = report(p, hwnd) ? columns_width(s) : (w ? w->client.width() : 0);
  return {0, top, right, top + s.item_height};
}
int32_t check_width(const ListViewState& s) { return (s.ex_style & LVS_EX_CHECKBOXES) ? s.item_height : 0; }
// The small image list's images before the labels (LVSIL_SMALL).
int32_t icon_width(const ListViewState& s) {
  int32_t cx = 0, cy = 0;
  return s.images[1] && list_image_size(s.images[1], cx, cy) ? cx + 2 : 0;
}
Rect label_rect(WindowsProcess& p, uint64_t hwnd, const ListViewState& s, int32_t index) {
  Rect r = row_rect(p, hwnd, s, index);
  r.left += check_width(s) + icon_width(s);
  if (report(p, hwnd)) r.right = s.columns.empty() ? r.left : s.columns[0].width;
  return r;
}
int32_t column_at(const ListViewState& s, int32_t x) {
  int32_t left = 0;
  for (size_t i = 0; i < s.columns.size(); ++i) {
    if (x >= left && x < left + s.columns[i].width) return static_cast<int32_t>(i);
    left += s.columns[i].width;
  }
  return -1;
}
// The item at a client point, its LVHT_ flags and column.
int32_t hit_test(WindowsProcess& p, uint64_t hwnd, const ListViewState& s, int32_t x, int32_t y, uint32_t& flags,
                 int32_t& sub) {
  flags = LVHT_NOWHERE;
  sub = 0;
  const int32_t top = list_top(p, hwnd, s);
  if (y < top) {
    flags = LVHT_ABOVE;
    return -1;
  }
  const int32_t index = s.top + (y - top) / std::max(s.item_height, 1);
  if (index < 0 || index >= count(s)) {
    if (index >= count(s)) flags = LVHT_NOWHERE;
    return -1;
  }
  const Rect row = row_rect(p, hwnd, s, index);
  if (x < 0 || x >= row.right) return -1;
  sub = report(p, hwnd) ? std::max(column_at(s, x), 0) : 0;
  if (x < check_width(s))
    flags = LVHT_ONITEMSTATEICON;
  else if (x < check_width(s) + icon_width(s))
    flags = LVHT_ONITEMICON;
  else if ((s.ex_style & LVS_EX_FULLROWSELECT) || sub > 0)
    flags = LVHT_ONITEM;
  else
    flags = LVHT_ONITEMLABEL;
  if (sub > 0 && !(s.ex_style & LVS_EX_FULLROWSELECT)) flags = LVHT_ONITEM;
  return index;
}

void redraw(WindowsProcess& p, uint64_t hwnd) { invalidate_rect(p, hwnd, nullptr, true); }

// The vertical scroll bar follows the rows (shown when they do not fit, as SetScrollInfo does).
void update_scroll(WindowsProcess& p, uint64_t hwnd, ListViewState& s);

void layout_header(WindowsProcess& p, uint64_t hwnd, ListViewState& s) {
  Window* w = find_window(p, hwnd);
  if (!w || !s.header) return;
  const bool show = report(p, hwnd) && !(w->style & LVS_NOCOLUMNHEADER);
  set_window_position(p, s.header, 0, 0, 0, w->client.width(), s.header_height,
                      SWP_NOZORDER | SWP_NOACTIVATE | (show ? SWP_SHOWWINDOW : SWP_HIDEWINDOW));
}

void measure(WindowsProcess& p, uint64_t hwnd, ListViewState& s) {
  const uint64_t hdc = window_dc(p, hwnd, false);
  int32_t h = 0;
  if (gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc)) {
    const uint32_t old = dc->s.font;
    gdi32::select_object(p, *dc, static_cast<uint32_t>(s.font ? s.font : gdi32::gdi_table(p).stock(gdi32::DEFAULT_GUI_FONT)));
    h = text_height(p, *dc);
    gdi32::select_object(p, *dc, old);
  }
  release_window_dc(p, hwnd, hdc);
  if (h <= 0) h = 13;
  s.item_height = h + 4;
  s.header_height = h + 8;
}

int32_t text_px(WindowsProcess& p, uint64_t hwnd, ListViewState& s, const std::u16string& t) {
  const uint64_t hdc = window_dc(p, hwnd, false);
  int32_t wd = 0;
  if (gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc)) {
    const uint32_t old = dc->s.font;
    gdi32::select_object(p, *dc, static_cast<uint32_t>(s.font ? s.font : gdi32::gdi_table(p).stock(gdi32::DEFAULT_GUI_FONT)));
    wd = text_width(p, *dc, t);
    gdi32::select_object(p, *dc, old);
  }
  release_window_dc(p, hwnd, hdc);
  return wd;
}

void update_scroll(WindowsProcess& p, uint64_t hwnd, ListViewState& s) {
  if (style_of(p, hwnd) & 0x2000 /* LVS_NOSCROLL */) return;
  const int32_t page = std::max(per_page(p, hwnd, s), 1);
  s.top = std::clamp(s.top, 0, std::max(count(s) - page, 0));
  set_scroll_info(p, hwnd, 1, 0x7 /* SIF_RANGE | SIF_PAGE | SIF_POS */, 0, std::max(count(s) - 1, 0),
                  static_cast<uint32_t>(page), s.top, true);
}

void scroll_to(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t top) {
  const int32_t page = std::max(per_page(p, hwnd, s), 1);
  top = std::clamp(top, 0, std::max(count(s) - page, 0));
  if (top == s.top) return;
  s.top = top;
  redraw(p, hwnd);
  update_scroll(p, hwnd, s);
}

// ---- states ----
bool set_state(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t index, uint32_t state, uint32_t mask);

// A change of an item's own fields (LVM_SETITEM, LVM_SETITEMTEXT of column 0, LVM_SETITEMSTATE).
struct MainChange {
  uint32_t mask = 0;  // LVIF_TEXT, LVIF_IMAGE, LVIF_PARAM, LVIF_STATE
  SubText text;
  int32_t image = 0;
  uint64_t param = 0;
  uint32_t state = 0, state_mask = 0;
};

// LVN_ITEMCHANGING for what is asked (which the parent may refuse; lParam the item's before),
// the change (the focus taken from another item, other selections dropped in LVS_SINGLESEL),
// and LVN_ITEMCHANGED when something did change (lParam the item's after).
bool set_main(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t index, const MainChange& c) {
  if (index < 0 || index >= count(s)) return false;
  const uint32_t changed = c.mask & (LVIF_TEXT | LVIF_IMAGE | LVIF_PARAM | LVIF_STATE);
  if (!changed) return true;
  const uint32_t old = s.items[static_cast<size_t>(index)].state;
  const uint32_t now = (c.mask & LVIF_STATE) ? (old & ~c.state_mask) | (c.state & c.state_mask) : old;
  const uint32_t shown_new = (c.mask & LVIF_STATE) ? now : 0, shown_old = (c.mask & LVIF_STATE) ? old : 0;
  if (notify_listview(p, hwnd, s, LVN_ITEMCHANGING, index, 0, shown_new, shown_old, changed,
                      s.items[static_cast<size_t>(index)].param))
    return false;
  if (lv_of(p, hwnd) != &s || index >= count(s)) return false;
  Item& it = s.items[static_cast<size_t>(index)];
  bool differs = now != old;
  if (c.mask & LVIF_TEXT) {
    if (it.subs.empty()) it.subs.resize(1);
    SubText& t = it.subs[0];
    differs |= !t.set || t.callback != c.text.callback || t.text != c.text.text;
    t = c.text;
    t.set = true;
  }
  if (c.mask & LVIF_IMAGE) differs |= it.image != c.image, it.image = c.image;
  if (c.mask & LVIF_PARAM) differs |= it.param != c.param, it.param = c.param;
  if (!differs) return true;
  it.state = now;
  if ((now & LVIS_FOCUSED) && !(old & LVIS_FOCUSED))
    for (int32_t i = 0; i < count(s); ++i)
      if (i != index && (s.items[static_cast<size_t>(i)].state & LVIS_FOCUSED)) set_state(p, hwnd, s, i, 0, LVIS_FOCUSED);
  if ((now & LVIS_SELECTED) && !(old & LVIS_SELECTED) && (style_of(p, hwnd) & LVS_SINGLESEL))
    for (int32_t i = 0; i < count(s); ++i)
      if (i != index && (s.items[static_cast<size_t>(i)].state & LVIS_SELECTED)) set_state(p, hwnd, s, i, 0, LVIS_SELECTED);
  if (lv_of(p, hwnd) != &s || index >= count(s)) return false;
  notify_listview(p, hwnd, s, LVN_ITEMCHANGED, index, 0, shown_new, shown_old, changed,
                  s.items[static_cast<size_t>(index)].param);
  redraw(p, hwnd);
  return true;
}

bool set_state(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t index, uint32_t state, uint32_t mask) {
  MainChange c;
  c.mask = LVIF_STATE, c.state = state, c.state_mask = mask;
  return set_main(p, hwnd, s, index, c);
}

int32_t focused(const ListViewState& s) {
  for (int32_t i = 0; i < count(s); ++i)
    if (s.items[static_cast<size_t>(i)].state & LVIS_FOCUSED) return i;
  return -1;
}

void ensure_visible(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t index) {
  if (index < 0 || index >= count(s)) return;
  const int32_t page = std::max(per_page(p, hwnd, s), 1);
  if (index < s.top) scroll_to(p, hwnd, s, index);
  else if (index >= s.top + page) scroll_to(p, hwnd, s, index - page + 1);
}

// Selection moved to one item (keys, plain clicks): others deselected, it selected and focused.
void select_only(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t index) {
  for (int32_t i = 0; i < count(s); ++i)
    if (i != index && (s.items[static_cast<size_t>(i)].state & LVIS_SELECTED)) set_state(p, hwnd, s, i, 0, LVIS_SELECTED);
  if (lv_of(p, hwnd) != &s) return;
  set_state(p, hwnd, s, index, LVIS_SELECTED | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
  if (lv_of(p, hwnd) != &s) return;
  s.anchor = index;
  ensure_visible(p, hwnd, s, index);
}

// Shift's selection: the items outside the range from the anchor deselected, those in it selected
// (first to last), then the focus on the item.
void select_range(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t index) {
  const int32_t from = std::min(std::max(s.anchor, 0), index), to = std::max(std::max(s.anchor, 0), index);
  for (int32_t i = 0; i < count(s); ++i) {
    if (i >= from && i <= to) continue;
    if (s.items[static_cast<size_t>(i)].state & LVIS_SELECTED) set_state(p, hwnd, s, i, 0, LVIS_SELECTED);
    if (lv_of(p, hwnd) != &s) return;
  }
  for (int32_t i = from; i <= to && i < count(s); ++i) {
    set_state(p, hwnd, s, i, LVIS_SELECTED, LVIS_SELECTED);
    if (lv_of(p, hwnd) != &s) return;
  }
  set_state(p, hwnd, s, index, LVIS_FOCUSED, LVIS_FOCUSED);
  ensure_visible(p, hwnd, s, index);
}

// ---- items ----
void read_item(WindowsProcess& p, uint64_t hwnd, ListViewState& s, Item& it, int32_t sub, uint64_t at, bool unicode,
               bool is_new) {
  (void)hwnd;
  const ItemLayout l = item_layout(p);
  const uint32_t mask = get<uint32_t>(at);
  if (mask & LVIF_TEXT) {
    if (it.subs.size() <= static_cast<size_t>(sub)) it.subs.resize(static_cast<size_t>(sub) + 1);
    SubText& t = it.subs[static_cast<size_t>(sub)];
    const uint64_t text = p.get_ptr(at + l.text);
    t.set = true;
    t.callback = is_text_callback(p, text);
    t.text = t.callback ? std::u16string() : guest_string(text, unicode);
  }
  if (sub != 0) return;
  if (mask & LVIF_IMAGE) it.image = get<int32_t>(at + l.image);
  if (mask & LVIF_PARAM) it.param = p.get_ptr(at + l.param);
  if (mask & LVIF_INDENT) it.indent = get<int32_t>(at + l.indent);
  if ((mask & LVIF_STATE) && is_new) {
    const uint32_t m = get<uint32_t>(at + 16);
    it.state = (it.state & ~m) | (get<uint32_t>(at + 12) & m);
  }
  (void)s;
}

int64_t insert_item(WindowsProcess& p, uint64_t hwnd, ListViewState& s, uint64_t at, bool unicode) {
  if (!at || get<int32_t>(at + 8) != 0) return -1;
  Item it;
  it.subs.resize(1);
  it.subs[0].set = true;
  read_item(p, hwnd, s, it, 0, at, unicode, true);
  int32_t index = std::clamp(get<int32_t>(at + 4), 0, count(s));
  if (it.state & LVIS_FOCUSED)
    for (Item& o : s.items) o.state &= ~LVIS_FOCUSED;
  s.items.insert(s.items.begin() + index, std::move(it));
  if (s.anchor >= index) ++s.anchor;
  if (s.ex_style & LVS_EX_CHECKBOXES && !(s.items[static_cast<size_t>(index)].state & LVIS_STATEIMAGEMASK))
    s.items[static_cast<size_t>(index)].state |= 0x1000;
  notify_listview(p, hwnd, s, LVN_INSERTITEM, index, 0, 0, 0, 0, s.items[static_cast<size_t>(index)].param);
  if (lv_of(p, hwnd) != &s) return index;
  redraw(p, hwnd);
  update_scroll(p, hwnd, s);
  return index;
}

bool delete_item(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t index) {
  if (index < 0 || index >= count(s)) return false;
  set_state(p, hwnd, s, index, 0, LVIS_SELECTED | LVIS_FOCUSED);
  if (lv_of(p, hwnd) != &s || index >= count(s)) return false;
  notify_listview(p, hwnd, s, LVN_DELETEITEM, index, 0, 0, 0, 0, s.items[static_cast<size_t>(index)].param);
  if (lv_of(p, hwnd) != &s || index >= count(s)) return false;
  s.items.erase(s.items.begin() + index);
  if (s.anchor > index) --s.anchor;
  else if (s.anchor == index) s.anchor = -1;
  redraw(p, hwnd);
  update_scroll(p, hwnd, s);
  return true;
}

bool delete_all(WindowsProcess& p, uint64_t hwnd, ListViewState& s) {
  if (s.items.empty()) return true;
  const bool quiet = notify_listview(p, hwnd, s, LVN_DELETEALLITEMS, -1, 0, 0, 0, 0, 0) != 0;
  if (lv_of(p, hwnd) != &s) return false;
  if (!quiet)
    for (int32_t i = count(s) - 1; i >= 0; --i) {
      if (i >= count(s)) continue;
      notify_listview(p, hwnd, s, LVN_DELETEITEM, i, 0, 0, 0, 0, s.items[static_cast<size_t>(i)].param);
      if (lv_of(p, hwnd) != &s) return false;
    }
  s.items.clear();
  s.top = 0, s.anchor = -1;
  redraw(p, hwnd);
  update_scroll(p, hwnd, s);
  return true;
}

// LVM_GETITEM: what the mask asks of an item or sub-item.
bool get_item(WindowsProcess& p, uint64_t hwnd, ListViewState& s, uint64_t at, bool unicode) {
  if (!at) return false;
  const ItemLayout l = item_layout(p);
  const uint32_t mask = get<uint32_t>(at);
  const int32_t index = get<int32_t>(at + 4), sub = get<int32_t>(at + 8);
  if (index < 0 || index >= count(s) || sub < 0 || (sub > 0 && sub >= static_cast<int32_t>(s.columns.size())))
    return false;
  if (mask & LVIF_TEXT) {
    const std::u16string t = item_text(p, hwnd, s, index, sub);
    if (lv_of(p, hwnd) != &s || index >= count(s)) return false;
    put_text(p, t, p.get_ptr(at + l.text), get<int32_t>(at + l.text_max), unicode);
  }
  const Item& it = s.items[static_cast<size_t>(index)];
  if (mask & LVIF_STATE) put<uint32_t>(at + 12, it.state & get<uint32_t>(at + 16));
  if (sub != 0) return true;
  if (mask & LVIF_IMAGE) put<int32_t>(at + l.image, it.image);
  if (mask & LVIF_PARAM) p.put_ptr(at + l.param, it.param);
  if (mask & LVIF_INDENT) put<int32_t>(at + l.indent, it.indent);
  return true;
}

bool set_item(WindowsProcess& p, uint64_t hwnd, ListViewState& s, uint64_t at, bool unicode) {
  if (!at) return false;
  const uint32_t mask = get<uint32_t>(at);
  const int32_t index = get<int32_t>(at + 4), sub = get<int32_t>(at + 8);
  if (index < 0 || index >= count(s) || sub < 0) return false;
  if (sub > 0 && sub >= static_cast<int32_t>(s.columns.size())) return false;
  if (sub > 0) {
    read_item(p, hwnd, s, s.items[static_cast<size_t>(index)], sub, at, unicode, false);
    redraw(p, hwnd);
    return true;
  }
  const ItemLayout l = item_layout(p);
  MainChange c;
  c.mask = mask;
  if (mask & LVIF_TEXT) {
    const uint64_t text = p.get_ptr(at + l.text);
    c.text.callback = is_text_callback(p, text);
    c.text.text = c.text.callback ? std::u16string() : guest_string(text, unicode);
  }
  if (mask & LVIF_IMAGE) c.image = get<int32_t>(at + l.image);
  if (mask & LVIF_PARAM) c.param = p.get_ptr(at + l.param);
  if (mask & LVIF_STATE) c.state = get<uint32_t>(at + 12), c.state_mask = get<uint32_t>(at + 16);
  if (mask & LVIF_INDENT) s.items[static_cast<size_t>(index)].indent = get<int32_t>(at + l.indent);
  return set_main(p, hwnd, s, index, c);
}

int64_t find_item(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t start, uint64_t at, bool unicode) {
  if (!at) return -1;
  const uint32_t flags = get<uint32_t>(at);
  const uint64_t psz = p.get_ptr(at + p.isa->ptr);
  const uint64_t param = p.get_ptr(at + 2 * p.isa->ptr);
  const std::u16string want = (flags & (LVFI_STRING | LVFI_PARTIAL | LVFI_SUBSTRING)) ? guest_string(psz, unicode) : std::u16string();
  const int32_t n = count(s);
  if (n == 0) return -1;
  const int32_t first = start < 0 ? 0 : start + 1;
  const int32_t steps = (flags & LVFI_WRAP) ? n : std::max(n - first, 0);
  for (int32_t k = 0; k < steps; ++k) {
    const int32_t i = (first + k) % n;
    if (flags & LVFI_PARAM) {
      if (s.items[static_cast<size_t>(i)].param == param) return i;
      continue;
    }
    if (flags & (LVFI_STRING | LVFI_PARTIAL | LVFI_SUBSTRING)) {
      const std::u16string t = item_text(p, hwnd, s, i, 0);
      if (lv_of(p, hwnd) != &s) return -1;
      if (flags & (LVFI_PARTIAL | LVFI_SUBSTRING)) {
        if (t.size() >= want.size() && compare_nocase(t.substr(0, want.size()), want) == 0) return i;
      } else if (compare_nocase(t, want) == 0) {
        return i;
      }
    }
  }
  return -1;
}

// LVM_SORTITEMS (the callback gets the items' lParams) and LVM_SORTITEMSEX (their indices before
// the sort), a stable merge sort calling the program's function on its thread.
bool sort_items(WindowsProcess& p, uint64_t hwnd, ListViewState& s, uint64_t data, uint64_t fn, bool by_index) {
  if (!fn) return false;
  std::vector<int32_t> order(s.items.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
  const std::vector<Item> before = s.items;
  auto cmp = [&](int32_t a, int32_t b) {
    const uint64_t x = by_index ? static_cast<uint64_t>(a) : before[static_cast<size_t>(a)].param;
    const uint64_t y = by_index ? static_cast<uint64_t>(b) : before[static_cast<size_t>(b)].param;
    return static_cast<int32_t>(p.call_guest(fn, {x, y, data})) < 0;
  };
  std::stable_sort(order.begin(), order.end(), cmp);
  ListViewState* again = lv_of(p, hwnd);
  if (again != &s || s.items.size() != before.size()) return false;
  for (size_t i = 0; i < order.size(); ++i) s.items[i] = before[static_cast<size_t>(order[i])];
  s.anchor = -1;
  redraw(p, hwnd);
  return true;
}

// ---- columns ----
bool read_column(WindowsProcess& p, Column& c, uint64_t at, bool unicode) {
  if (!at) return false;
  const ColumnLayout l = column_layout(p);
  const uint32_t mask = get<uint32_t>(at);
  if (mask & LVCF_FMT) c.fmt = get<int32_t>(at + 4);
  if (mask & LVCF_WIDTH) c.width = std::max(get<int32_t>(at + 8), 0);
  if (mask & LVCF_TEXT) {
    const uint64_t t = p.get_ptr(at + l.text);
    c.text = is_text_callback(p, t) ? std::u16string() : guest_string(t, unicode);
  }
  if (mask & LVCF_SUBITEM) c.sub = get<int32_t>(at + l.sub);
  return true;
}

// The header's item for a column (HDITEMW in guest memory: mask, cxy, pszText, …, fmt).
void header_item(WindowsProcess& p, ListViewState& s, uint32_t msg, int32_t index, const Column& c) {
  if (!s.header) return;
  const uint64_t at = p.heap.alloc(64, true);
  const uint64_t text = p.heap.alloc(2 * (c.text.size() + 1), true);
  if (!at || !text) return;
  for (size_t i = 0; i < c.text.size(); ++i) put<uint16_t>(text + 2 * i, c.text[i]);
  put<uint32_t>(at, 0x7 /* HDI_WIDTH | HDI_TEXT | HDI_FORMAT */);
  put<int32_t>(at + 4, c.width);
  p.put_ptr(at + 8, text);
  put<int32_t>(at + (p.isa->ptr == 8 ? 24 : 16), static_cast<int32_t>(c.text.size()));
  put<int32_t>(at + (p.isa->ptr == 8 ? 28 : 20), 0x4000 /* HDF_STRING */ | (c.fmt & 3));
  send_message(p, s.header, msg, static_cast<uint64_t>(index), at);
  p.heap.free(text);
  p.heap.free(at);
}

int32_t autosize_width(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t col, bool use_header) {
  int32_t best = 0;
  for (int32_t i = 0; i < count(s); ++i) best = std::max(best, text_px(p, hwnd, s, item_text(p, hwnd, s, i, col)));
  best += 12;
  if (col == 0) best += check_width(s);
  if (use_header && static_cast<size_t>(col) < s.columns.size())
    best = std::max(best, text_px(p, hwnd, s, s.columns[static_cast<size_t>(col)].text) + 12);
  return best;
}

// ---- painting ----
}  // namespace listview_impl

// A check box at the start of a cell, as the views draw their own (LVS_EX_CHECKBOXES, TVS_CHECKBOXES).
void views::draw_check_box(WindowsProcess& p, gdi32::DeviceContext& dc, const gdi32::Rect& row, bool checked) {
  using namespace listview_impl;
  const int32_t size = std::min(row.height() - 2, 13);
  const int32_t x = row.left + 2, y = row.top + (row.height() - size) / 2;
  Rect box{x, y, x + size, y + size};
  fill_sys_color(p, dc, box, 16 /* COLOR_BTNSHADOW */);
  fill_sys_color(p, dc, {x + 1, y + 1, x + size - 1, y + size - 1}, 5 /* COLOR_WINDOW */);
  if (!checked) return;
  for (int32_t k = 0; k < size - 6; ++k) {
    const int32_t cx = x + 3 + k;
    const int32_t cy = k < (size - 6) / 3 ? y + size / 2 - 1 + k : y + size / 2 + (size - 6) / 3 - 1 - (k - (size - 6) / 3);
    fill_sys_color(p, dc, {cx, cy, cx + 1, cy + 3}, 8 /* COLOR_WINDOWTEXT */);
  }
}

namespace listview_impl {

void paint(WindowsProcess& p, uint64_t hwnd, ListViewState& s, uint64_t given_dc) {
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    gdi32::DeviceContext& dc = *cp.dc;
    const uint32_t bk = s.bk_color == 0xffffffff ? sys_color(5 /* COLOR_WINDOW */) : s.bk_color;
    const uint32_t fg = s.text_color;
    {
      const gdi32::ColorRef old = dc.s.bk_color;
      dc.s.bk_color = bk;
      gdi32::dc_changed(dc);
      gdi32::ext_text_out(p, dc, 0, 0, 2 /* ETO_OPAQUE */, &cp.client, {}, nullptr, true);
      dc.s.bk_color = old;
    }
    const bool rep = report(p, hwnd);
    const int32_t page = per_page(p, hwnd, s) + 1;
    const bool show_sel = s.in_focus || (style_of(p, hwnd) & LVS_SHOWSELALWAYS);
    for (int32_t i = s.top; i < count(s) && i < s.top + page; ++i) {
      const Rect row = row_rect(p, hwnd, s, i);
      const Item item = s.items[static_cast<size_t>(i)];
      const bool sel = (item.state & LVIS_SELECTED) && show_sel;
      if (s.ex_style & LVS_EX_CHECKBOXES) draw_check_box(p, dc, row, ((item.state & LVIS_STATEIMAGEMASK) >> 12) == 2);
      const int32_t ncols = rep ? static_cast<int32_t>(std::max<size_t>(s.columns.size(), 1)) : 1;
      int32_t x = 0;
      for (int32_t c = 0; c < ncols; ++c) {
        const int32_t width = rep && !s.columns.empty() ? s.columns[static_cast<size_t>(c)].width : row.width();
        Rect cell{x, row.top, x + width, row.bottom};
        if (c == 0) {
          cell.left += check_width(s);
          if (icon_width(s)) {
            int32_t cx = 0, cy = 0;
            list_image_size(s.images[1], cx, cy);
            draw_list_image(p, s.images[1], item.image, cp.hdc, cell.left, cell.top + (cell.height() - cy) / 2);
            if (!gdi32::find_dc(p, cp.hdc)) return;
            cell.left += icon_width(s);
          }
        }
        x += width;
        const std::u16string text = item_text(p, hwnd, s, i, c);
        if (lv_of(p, hwnd) != &s || !gdi32::find_dc(p, cp.hdc)) return;
        const bool hl = sel && (c == 0 || (s.ex_style & LVS_EX_FULLROWSELECT));
        Rect area = cell;
        if (hl && c == 0 && !(s.ex_style & LVS_EX_FULLROWSELECT))
          area.right = std::min(cell.right, cell.left + text_width(p, dc, text) + 6);
        if (hl) {
          const bool focus_color = s.in_focus;
          fill_sys_color(p, dc, area, focus_color ? 13 /* COLOR_HIGHLIGHT */ : 15 /* COLOR_BTNFACE */);
        }
        dc.s.bk_mode = 1;
        dc.s.text_color = hl && s.in_focus ? sys_color(14 /* COLOR_HIGHLIGHTTEXT */) : fg;
        gdi32::dc_changed(dc);
        Rect tr{cell.left + 3, cell.top, cell.right - 3, cell.bottom};
        const int32_t fmt = rep && !s.columns.empty() ? (s.columns[static_cast<size_t>(c)].fmt & 3) : 0;
        const uint32_t align = fmt == 1 ? DT_RIGHT : fmt == 2 ? DT_CENTER : DT_LEFT;
        draw_text_in(p, cp.hdc, text, tr, align | DT_VCENTER | DT_SINGLELINE | DT_END_ELLIPSIS | DT_NOPREFIX);
        if ((item.state & LVIS_FOCUSED) && s.in_focus && c == ncols - 1) {
          Rect f = (s.ex_style & LVS_EX_FULLROWSELECT) ? Rect{row.left + check_width(s), row.top, x, row.bottom}
                                                       : label_rect(p, hwnd, s, i);
          draw_focus_rect(p, dc, f);
        }
      }
    }
    if (rep && (s.ex_style & LVS_EX_GRIDLINES)) {
      const int32_t top = list_top(p, hwnd, s);
      int32_t x = 0;
      for (const Column& c : s.columns) {
        x += c.width;
        fill_sys_color(p, dc, {x - 1, top, x, cp.client.bottom}, 15 /* COLOR_BTNFACE */);
      }
      for (int32_t y = top + s.item_height - 1; y < cp.client.bottom; y += s.item_height)
        fill_sys_color(p, dc, {0, y, std::max(x, cp.client.right), y + 1}, 15);
    }
  });
}

// ---- input ----
void click_select(WindowsProcess& p, uint64_t hwnd, ListViewState& s, uint64_t keys, int32_t x, int32_t y, bool right);

// A press: the selection it makes, then the focus.
void click(WindowsProcess& p, uint64_t hwnd, ListViewState& s, uint64_t keys, int32_t x, int32_t y, bool right) {
  click_select(p, hwnd, s, keys, x, y, right);
  if (lv_of(p, hwnd) == &s && !s.in_focus) set_focus(p, hwnd);
}

void click_select(WindowsProcess& p, uint64_t hwnd, ListViewState& s, uint64_t keys, int32_t x, int32_t y, bool right) {
  uint32_t flags = 0;
  int32_t sub = 0;
  const int32_t index = hit_test(p, hwnd, s, x, y, flags, sub);
  s.click_item = index, s.click_sub = sub;
  if (index < 0) {
    if (!(keys & (MK_CONTROL_LV | MK_SHIFT_LV)) && !right)
      for (int32_t i = 0; i < count(s); ++i)
        if (s.items[static_cast<size_t>(i)].state & LVIS_SELECTED) set_state(p, hwnd, s, i, 0, LVIS_SELECTED);
    return;
  }
  if (flags == LVHT_ONITEMSTATEICON && (s.ex_style & LVS_EX_CHECKBOXES) && !right) {
    const uint32_t st = s.items[static_cast<size_t>(index)].state;
    const uint32_t img = ((st & LVIS_STATEIMAGEMASK) >> 12) == 2 ? 0x1000 : 0x2000;
    set_state(p, hwnd, s, index, img, LVIS_STATEIMAGEMASK);
    return;
  }
  const bool single = (style_of(p, hwnd) & LVS_SINGLESEL) != 0;
  if (right) {
    if (!(s.items[static_cast<size_t>(index)].state & LVIS_SELECTED)) select_only(p, hwnd, s, index);
    else set_state(p, hwnd, s, index, LVIS_FOCUSED, LVIS_FOCUSED);
  } else if ((keys & MK_SHIFT_LV) && !single) {
    select_range(p, hwnd, s, index);
  } else if ((keys & MK_CONTROL_LV) && !single) {
    const uint32_t sel = (s.items[static_cast<size_t>(index)].state & LVIS_SELECTED) ^ LVIS_SELECTED;
    set_state(p, hwnd, s, index, sel | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
    s.anchor = index;
  } else {
    select_only(p, hwnd, s, index);
  }
}

// NMITEMACTIVATE for NM_CLICK, NM_DBLCLK, NM_RCLICK, and LVN_ITEMACTIVATE (the item's state with
// LVIS_ACTIVATING as the new one).
void notify_activate(WindowsProcess& p, uint64_t hwnd, ListViewState& s, int32_t code, int32_t x, int32_t y) {
  const unsigned h = nmhdr_size(p);
  const uint64_t at = new_notify(p, hwnd, code, p.isa->ptr == 8 ? 72 : 48);
  if (!at) return;
  put<int32_t>(at + h, s.click_item);
  put<int32_t>(at + h + 4, s.click_item >= 0 ? s.click_sub : 0);
  if (code == LVN_ITEMACTIVATE && s.click_item >= 0 && s.click_item < count(s)) {
    const Item& it = s.items[static_cast<size_t>(s.click_item)];
    put<uint32_t>(at + h + 8, it.state | 0x20 /* LVIS_ACTIVATING */);
    put<uint32_t>(at + h + 12, it.state);
    put<uint32_t>(at + h + 16, LVIF_STATE);
    p.put_ptr(at + (p.isa->ptr == 8 ? 56 : 40), it.param);
  }
  put<int32_t>(at + h + 20, x);
  put<int32_t>(at + h + 24, y);
  send_notify(p, hwnd, s.parent, at);
  p.heap.free(at);
}

void key_down(WindowsProcess& p, uint64_t hwnd, ListViewState& s, uint32_t vk) {
  notify_key(p, hwnd, s.parent, LVN_KEYDOWN, vk, 0);
  if (lv_of(p, hwnd) != &s || s.items.empty()) return;
  const int32_t cur = focused(s);
  const int32_t page = std::max(per_page(p, hwnd, s), 1);
  int32_t next = -1;
  switch (vk) {
    case VK_UP: next = cur < 0 ? 0 : std::max(cur - 1, 0); break;
    case VK_DOWN: next = cur < 0 ? 0 : std::min(cur + 1, count(s) - 1); break;
    case VK_HOME: next = 0; break;
    case VK_END: next = count(s) - 1; break;
    case VK_PRIOR: next = cur < 0 ? 0 : (cur == s.top ? std::max(cur - page + 1, 0) : s.top); break;
    case VK_NEXT: {
      const int32_t bottom = std::min(s.top + page - 1, count(s) - 1);
      next = cur < 0 ? 0 : (cur == bottom ? std::min(cur + page - 1, count(s) - 1) : bottom);
      break;
    }
    case VK_RETURN:
      // NM_RETURN, and LVN_ITEMACTIVATE for the focused item.
      notify_simple(p, hwnd, s.parent, NM_RETURN_);
      if (lv_of(p, hwnd) != &s || cur < 0 || cur >= count(s)) return;
      s.click_item = cur, s.click_sub = 0;
      notify_activate(p, hwnd, s, LVN_ITEMACTIVATE, 0, 0);
      return;
    case VK_SPACE:
      if (cur < 0) return;
      if (s.ex_style & LVS_EX_CHECKBOXES) {
        const uint32_t st = s.items[static_cast<size_t>(cur)].state;
        set_state(p, hwnd, s, cur, ((st & LVIS_STATEIMAGEMASK) >> 12) == 2 ? 0x1000 : 0x2000, LVIS_STATEIMAGEMASK);
        if (lv_of(p, hwnd) != &s) return;
      }
      next = cur;
      break;
    default: return;
  }
  if (next < 0) return;
  if (key_down(p, VK_SHIFT) && !(style_of(p, hwnd) & LVS_SINGLESEL))
    select_range(p, hwnd, s, next);
  else if (key_down(p, VK_CONTROL) && vk != VK_SPACE)
    set_state(p, hwnd, s, next, LVIS_FOCUSED, LVIS_FOCUSED), ensure_visible(p, hwnd, s, next);
  else
    select_only(p, hwnd, s, next);
}

int32_t next_item(const ListViewState& s, int32_t start, uint32_t flags) {
  const uint32_t want = flags & (LVNI_FOCUSED | LVNI_SELECTED);
  const int32_t dir = (flags & 0x100 /* LVNI_ABOVE */) ? -1 : 1;
  for (int32_t i = start + dir; i >= 0 && i < count(s); i += dir)
    if ((s.items[static_cast<size_t>(i)].state & want) == want) return i;
  return -1;
}

uint64_t listview_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  ListViewState& s = control_state<ListViewState>(*w);
  if (!s.created && msg != WM_CREATE) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  const int32_t iw = static_cast<int32_t>(wparam);
  auto alive = [&] { return lv_of(p, hwnd) == &s; };
  const int32_t mx = static_cast<int16_t>(lparam & 0xffff), my = static_cast<int16_t>((lparam >> 16) & 0xffff);
  switch (msg) {
    case WM_CREATE: {
      s.created = true;
      s.parent = w->parent ? w->parent : w->owner;
      s.unicode_parent = parent_wants_unicode(p, hwnd, s.parent);
      if (!alive()) return static_cast<uint64_t>(-1);
      s.text_color = sys_color(8 /* COLOR_WINDOWTEXT */);
      measure(p, hwnd, s);
      static uint64_t name = 0;
      if (!name) name = guest_class_name(p, u"SysHeader32");
      s.header = create_window(p, 0, name, 0, WS_CHILD | 0x2 /* HDS_BUTTONS */, 0, 0, 0, 0, hwnd, 0, w->instance, 0, true);
      if (!alive()) return static_cast<uint64_t>(-1);
      layout_header(p, hwnd, s);
      return 0;
    }
    case WM_SIZE:
    case WM_STYLECHANGED:
      layout_header(p, hwnd, s);
      if (msg == WM_SIZE) update_scroll(p, hwnd, s);
      if (msg == WM_STYLECHANGED) redraw(p, hwnd);
      return msg == WM_SIZE ? 0 : def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case WM_DESTROY:
      delete_all(p, hwnd, s);
      if (!alive()) return 0;
      // The image lists go with the list view unless LVS_SHAREIMAGELISTS says they are shared.
      if (!(style_of(p, hwnd) & 0x40 /* LVS_SHAREIMAGELISTS */))
        for (uint64_t& l : s.images) {
          if (l) destroy_image_list(p, l);
          l = 0;
        }
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case WM_GETDLGCODE: return DLGC_WANTARROWS | DLGC_WANTCHARS;
    case WM_SETFONT:
      s.font = wparam;
      measure(p, hwnd, s);
      if (s.header) send_message(p, s.header, WM_SETFONT, wparam, lparam);
      layout_header(p, hwnd, s);
      if (lparam & 0xffff) redraw(p, hwnd);
      return 0;
    case WM_GETFONT: return s.font;
    case WM_ERASEBKGND: return 1;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint(p, hwnd, s, wparam);
      return 0;
    case WM_SETFOCUS:
      s.in_focus = true;
      redraw(p, hwnd);
      notify_simple(p, hwnd, s.parent, NM_SETFOCUS_);
      return 0;
    case WM_KILLFOCUS:
      s.in_focus = false;
      redraw(p, hwnd);
      notify_simple(p, hwnd, s.parent, NM_KILLFOCUS_);
      return 0;
    case WM_KEYDOWN:
      key_down(p, hwnd, s, static_cast<uint32_t>(wparam));
      return 0;
    case WM_LBUTTONDOWN:
    case WM_RBUTTONDOWN_LV:
      click(p, hwnd, s, wparam, mx, my, msg == WM_RBUTTONDOWN_LV);
      if (alive()) s.clicked = true;
      return 0;
    case WM_LBUTTONDBLCLK: {
      // NM_DBLCLK, and LVN_ITEMACTIVATE on an item (the selection is the first press's).
      uint32_t flags = 0;
      int32_t sub = 0;
      s.click_item = hit_test(p, hwnd, s, mx, my, flags, sub);
      s.click_sub = sub;
      s.clicked = false;
      notify_activate(p, hwnd, s, NM_DBLCLK_, mx, my);
      if (alive() && s.click_item >= 0 && s.click_item < count(s)) notify_activate(p, hwnd, s, LVN_ITEMACTIVATE, mx, my);
      return 0;
    }
    case WM_LBUTTONUP:
    case WM_RBUTTONUP_LV:
      if (!s.clicked) return 0;
      s.clicked = false;
      notify_activate(p, hwnd, s, msg == WM_LBUTTONUP ? NM_CLICK_ : NM_RCLICK_, mx, my);
      return 0;
    case WM_MOUSEWHEEL_LV: {
      const int32_t delta = static_cast<int16_t>((wparam >> 16) & 0xffff);
      scroll_to(p, hwnd, s, s.top - delta / 120 * 3);
      return 0;
    }
    case WM_VSCROLL: {
      const int32_t page = std::max(per_page(p, hwnd, s), 1);
      switch (wparam & 0xffff) {
        case 0: scroll_to(p, hwnd, s, s.top - 1); break;            // SB_LINEUP
        case 1: scroll_to(p, hwnd, s, s.top + 1); break;            // SB_LINEDOWN
        case 2: scroll_to(p, hwnd, s, s.top - page); break;         // SB_PAGEUP
        case 3: scroll_to(p, hwnd, s, s.top + page); break;         // SB_PAGEDOWN
        case 4:                                                     // SB_THUMBPOSITION
        case 5: scroll_to(p, hwnd, s, static_cast<int32_t>((wparam >> 16) & 0xffff)); break;  // SB_THUMBTRACK
        case 6: scroll_to(p, hwnd, s, 0); break;                    // SB_TOP
        case 7: scroll_to(p, hwnd, s, count(s)); break;             // SB_BOTTOM
        default: break;
      }
      return 0;
    }
    case WM_NOTIFY: {
      if (!lparam || p.get_ptr(lparam) != s.header) return 0;
      const int32_t code = static_cast<int32_t>(get<uint32_t>(lparam + 2 * p.isa->ptr));
      if (code == HDN_ITEMCLICKW_LV || code == HDN_ITEMCLICKA_LV) {
        const int32_t col = get<int32_t>(lparam + nmhdr_size(p));
        notify_listview(p, hwnd, s, LVN_COLUMNCLICK, -1, col, 0, 0, 0, 0);
      }
      return 0;
    }

    case LVM_GETITEMCOUNT: return s.items.size();
    case LVM_INSERTITEMA:
    case LVM_INSERTITEMW:
      return static_cast<uint64_t>(insert_item(p, hwnd, s, lparam, msg == LVM_INSERTITEMW));
    case LVM_GETITEMA:
    case LVM_GETITEMW: return get_item(p, hwnd, s, lparam, msg == LVM_GETITEMW);
    case LVM_SETITEMA:
    case LVM_SETITEMW: return set_item(p, hwnd, s, lparam, msg == LVM_SETITEMW);
    case LVM_GETITEMTEXTA:
    case LVM_GETITEMTEXTW: {
      if (!lparam || iw < 0 || iw >= count(s)) return 0;
      const ItemLayout l = item_layout(p);
      const std::u16string t = item_text(p, hwnd, s, iw, get<int32_t>(lparam + 8));
      return static_cast<uint64_t>(
          put_text(p, t, p.get_ptr(lparam + l.text), get<int32_t>(lparam + l.text_max), msg == LVM_GETITEMTEXTW));
    }
    case LVM_SETITEMTEXTA:
    case LVM_SETITEMTEXTW: {
      if (!lparam || iw < 0 || iw >= count(s)) return 0;
      const int32_t sub = get<int32_t>(lparam + 8);
      if (sub < 0 || (sub > 0 && sub >= static_cast<int32_t>(s.columns.size()))) return 0;
      const ItemLayout l = item_layout(p);
      if (sub == 0) {
        MainChange c;
        c.mask = LVIF_TEXT;
        const uint64_t t = p.get_ptr(lparam + l.text);
        c.text.callback = is_text_callback(p, t);
        c.text.text = c.text.callback ? std::u16string() : guest_string(t, msg == LVM_SETITEMTEXTW);
        return set_main(p, hwnd, s, iw, c);
      }
      Item& it = s.items[static_cast<size_t>(iw)];
      if (it.subs.size() <= static_cast<size_t>(sub)) it.subs.resize(static_cast<size_t>(sub) + 1);
      const uint64_t text = p.get_ptr(lparam + l.text);
      SubText& t = it.subs[static_cast<size_t>(sub)];
      t.set = true;
      t.callback = is_text_callback(p, text);
      t.text = t.callback ? std::u16string() : guest_string(text, msg == LVM_SETITEMTEXTW);
      redraw(p, hwnd);
      return 1;
    }
    case LVM_DELETEITEM: return delete_item(p, hwnd, s, iw);
    case LVM_DELETEALLITEMS: return delete_all(p, hwnd, s);
    case LVM_SETITEMSTATE: {
      if (!lparam) return 0;
      const uint32_t state = get<uint32_t>(lparam + 12), mask = get<uint32_t>(lparam + 16);
      if (iw == -1) {
        for (int32_t i = 0; i < count(s); ++i) {
          set_state(p, hwnd, s, i, state, mask);
          if (!alive()) return 0;
        }
        return 1;
      }
      if (iw < 0 || iw >= count(s)) return 0;
      set_state(p, hwnd, s, iw, state, mask);
      return 1;
    }
    case LVM_GETITEMSTATE:
      if (iw < 0 || iw >= count(s)) return 0;
      return s.items[static_cast<size_t>(iw)].state & static_cast<uint32_t>(lparam);
    case LVM_GETNEXTITEM: return static_cast<uint64_t>(static_cast<int64_t>(next_item(s, iw, static_cast<uint32_t>(lparam))));
    case LVM_GETSELECTEDCOUNT: {
      uint64_t n = 0;
      for (const Item& it : s.items) n += (it.state & LVIS_SELECTED) ? 1 : 0;
      return n;
    }
    case LVM_FINDITEMA:
    case LVM_FINDITEMW: return static_cast<uint64_t>(find_item(p, hwnd, s, iw, lparam, msg == LVM_FINDITEMW));
    case LVM_SORTITEMS: return sort_items(p, hwnd, s, wparam, lparam, false);
    case LVM_SORTITEMSEX: return sort_items(p, hwnd, s, wparam, lparam, true);
    case LVM_ENSUREVISIBLE:
      if (iw < 0 || iw >= count(s)) return 0;
      ensure_visible(p, hwnd, s, iw);
      return 1;
    case LVM_GETTOPINDEX: return report(p, hwnd) || view_of(p, hwnd) == 3 ? static_cast<uint64_t>(s.top) : 0;
    case LVM_GETCOUNTPERPAGE: return static_cast<uint64_t>(per_page(p, hwnd, s));
    case LVM_SETEXTENDEDLISTVIEWSTYLE: {
      const uint32_t old = s.ex_style;
      const uint32_t mask = wparam ? static_cast<uint32_t>(wparam) : 0xffffffffu;
      s.ex_style = (s.ex_style & ~mask) | (static_cast<uint32_t>(lparam) & mask);
      if ((s.ex_style & LVS_EX_CHECKBOXES) && !(old & LVS_EX_CHECKBOXES))
        for (int32_t i = 0; i < count(s); ++i) {
          set_state(p, hwnd, s, i, 0x1000, LVIS_STATEIMAGEMASK);
          if (!alive()) return old;
        }
      redraw(p, hwnd);
      return old;
    }
    case LVM_GETEXTENDEDLISTVIEWSTYLE: return s.ex_style;
    case LVM_GETITEMRECT: {
      if (!lparam || iw < 0 || iw >= count(s)) return 0;
      const int32_t code = get<int32_t>(lparam);
      Rect r = row_rect(p, hwnd, s, iw);
      if (code == LVIR_LABEL) r = label_rect(p, hwnd, s, iw);
      else if (code == LVIR_ICON) r.left += check_width(s), r.right = r.left + icon_width(s);
      else if (code == LVIR_SELECTBOUNDS && !(s.ex_style & LVS_EX_FULLROWSELECT)) r = label_rect(p, hwnd, s, iw);
      else if (code < 0 || code > 3) return 0;
      put<Rect>(lparam, r);
      return 1;
    }
    case LVM_HITTEST: {
      if (!lparam) return static_cast<uint64_t>(-1);
      uint32_t flags = 0;
      int32_t sub = 0;
      const int32_t i = hit_test(p, hwnd, s, get<int32_t>(lparam), get<int32_t>(lparam + 4), flags, sub);
      put<uint32_t>(lparam + 8, flags);
      put<int32_t>(lparam + 12, i);
      put<int32_t>(lparam + 16, i >= 0 ? sub : 0);
      return static_cast<uint64_t>(static_cast<int64_t>(i));
    }
    case LVM_SETIMAGELIST: {
      if (wparam > 2) return 0;
      const uint64_t old = s.images[wparam];
      s.images[wparam] = lparam;
      redraw(p, hwnd);
      return old;
    }
    case LVM_GETIMAGELIST: return wparam > 2 ? 0 : s.images[wparam];
    case LVM_GETHEADER: return s.header;
    case LVM_SETBKCOLOR: s.bk_color = static_cast<uint32_t>(lparam); redraw(p, hwnd); return 1;
    case LVM_GETBKCOLOR: return s.bk_color == 0xffffffff ? sys_color(5) : s.bk_color;
    case LVM_SETTEXTCOLOR: s.text_color = static_cast<uint32_t>(lparam); redraw(p, hwnd); return 1;
    case LVM_GETTEXTCOLOR: return s.text_color;
    case LVM_SETTEXTBKCOLOR: s.text_bk_color = static_cast<uint32_t>(lparam); redraw(p, hwnd); return 1;
    case LVM_GETTEXTBKCOLOR: return s.text_bk_color == 0xffffffff ? sys_color(5) : s.text_bk_color;

    case LVM_INSERTCOLUMNA:
    case LVM_INSERTCOLUMNW: {
      Column c;
      if (!read_column(p, c, lparam, msg == LVM_INSERTCOLUMNW) || iw < 0) return static_cast<uint64_t>(-1);
      const int32_t at = std::min(iw, static_cast<int32_t>(s.columns.size()));
      if (at == 0) c.fmt &= ~3;  // the first column is always left-aligned
      s.columns.insert(s.columns.begin() + at, c);
      for (Item& it : s.items)
        if (at > 0 && it.subs.size() > static_cast<size_t>(at)) it.subs.insert(it.subs.begin() + at, SubText{});
      header_item(p, s, HDM_INSERTITEMW_LV, at, c);
      redraw(p, hwnd);
      return static_cast<uint64_t>(at);
    }
    case LVM_SETCOLUMNA:
    case LVM_SETCOLUMNW:
      if (iw < 0 || iw >= static_cast<int32_t>(s.columns.size())) return 0;
      if (!read_column(p, s.columns[static_cast<size_t>(iw)], lparam, msg == LVM_SETCOLUMNW)) return 0;
      header_item(p, s, HDM_SETITEMW_LV, iw, s.columns[static_cast<size_t>(iw)]);
      redraw(p, hwnd);
      return 1;
    case LVM_GETCOLUMNA:
    case LVM_GETCOLUMNW: {
      if (!lparam || iw < 0 || iw >= static_cast<int32_t>(s.columns.size())) return 0;
      const ColumnLayout l = column_layout(p);
      const Column& c = s.columns[static_cast<size_t>(iw)];
      const uint32_t mask = get<uint32_t>(lparam);
      if (mask & LVCF_FMT) put<int32_t>(lparam + 4, c.fmt);
      if (mask & LVCF_WIDTH) put<int32_t>(lparam + 8, c.width);
      if (mask & LVCF_TEXT)
        put_text(p, c.text, p.get_ptr(lparam + l.text), get<int32_t>(lparam + l.text_max), msg == LVM_GETCOLUMNW);
      if (mask & LVCF_SUBITEM) put<int32_t>(lparam + l.sub, c.sub);
      return 1;
    }
    case LVM_DELETECOLUMN:
      if (iw < 0 || iw >= static_cast<int32_t>(s.columns.size())) return 0;
      s.columns.erase(s.columns.begin() + iw);
      for (Item& it : s.items) {
        if (iw == 0) {
          if (it.subs.size() > 1) it.subs.erase(it.subs.begin() + 1);
        } else if (it.subs.size() > static_cast<size_t>(iw)) {
          it.subs.erase(it.subs.begin() + iw);
        }
      }
      if (s.header) send_message(p, s.header, HDM_DELETEITEM_LV, static_cast<uint64_t>(iw), 0);
      redraw(p, hwnd);
      return 1;
    case LVM_GETCOLUMNWIDTH:
      if (!report(p, hwnd)) return 128;
      if (iw < 0 || iw >= static_cast<int32_t>(s.columns.size())) return 0;
      return static_cast<uint64_t>(s.columns[static_cast<size_t>(iw)].width);
    case LVM_SETCOLUMNWIDTH: {
      if (iw < 0 || iw >= static_cast<int32_t>(s.columns.size())) return 0;
      int32_t width = static_cast<int16_t>(lparam & 0xffff);
      if (width == LVSCW_AUTOSIZE || width == LVSCW_AUTOSIZE_USEHEADER)
        width = autosize_width(p, hwnd, s, iw, width == LVSCW_AUTOSIZE_USEHEADER);
      if (!alive()) return 0;
      s.columns[static_cast<size_t>(iw)].width = std::max(width, 0);
      header_item(p, s, HDM_SETITEMW_LV, iw, s.columns[static_cast<size_t>(iw)]);
      redraw(p, hwnd);
      return 1;
    }
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace listview_impl

const user32::ControlClass& listview_class() {
  using namespace listview_impl;
  static const Export entry = EXPORT("ListViewWndProcW", control_entry<listview_proc>);
  static const user32::ControlClass c{u"SysListView32", 0x8 /* CS_DBLCLKS */, 8, listview_proc, &entry, 32512, 0};
  return c;
}

}  // namespace polyrun::shims::comctl32
