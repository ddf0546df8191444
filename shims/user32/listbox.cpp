// The LISTBOX control, and the drop-down list of a combo box (class "ComboLBox", the same code with
// its combo box as owner): a list of strings or owner-drawn items, kept sorted or not, with one,
// several or an extended range of items selected, scrolled by its top index, and the
// notifications (LBN_*) and owner-draw messages (WM_MEASUREITEM, WM_DRAWITEM, WM_DELETEITEM,
// WM_COMPAREITEM) Windows sends its owner.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"
#include "shims/user32/scroll_bars.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  LBS_NOTIFY = 0x1, LBS_SORT = 0x2, LBS_NOREDRAW = 0x4, LBS_MULTIPLESEL = 0x8, LBS_OWNERDRAWFIXED = 0x10,
  LBS_OWNERDRAWVARIABLE = 0x20, LBS_HASSTRINGS = 0x40, LBS_USETABSTOPS = 0x80, LBS_NOINTEGRALHEIGHT = 0x100,
  LBS_MULTICOLUMN = 0x200, LBS_WANTKEYBOARDINPUT = 0x400, LBS_EXTENDEDSEL = 0x800, LBS_NODATA = 0x2000,
  LBS_DISABLENOSCROLL = 0x1000, LBS_NOSEL = 0x4000,
};
enum : uint32_t { kSifRange = 0x1, kSifPage = 0x2, kSifPos = 0x4, kSifDisableNoScroll = 0x8 };
enum : uint32_t {
  LB_ADDSTRING = 0x180, LB_INSERTSTRING = 0x181, LB_DELETESTRING = 0x182, LB_SELITEMRANGEEX = 0x183,
  LB_RESETCONTENT = 0x184, LB_SETSEL = 0x185, LB_SETCURSEL = 0x186, LB_GETSEL = 0x187, LB_GETCURSEL = 0x188,
  LB_GETTEXT = 0x189, LB_GETTEXTLEN = 0x18a, LB_GETCOUNT = 0x18b, LB_SELECTSTRING = 0x18c, LB_DIR = 0x18d,
  LB_GETTOPINDEX = 0x18e, LB_FINDSTRING = 0x18f, LB_GETSELCOUNT = 0x190, LB_GETSELITEMS = 0x191,
  LB_SETTABSTOPS = 0x192, LB_GETHORIZONTALEXTENT = 0x193, LB_SETHORIZONTALEXTENT = 0x194,
  LB_SETCOLUMNWIDTH = 0x195, LB_ADDFILE = 0x196, LB_SETTOPINDEX = 0x197, LB_GETITEMRECT = 0x198,
  LB_GETITEMDATA = 0x199, LB_SETITEMDATA = 0x19a, LB_SELITEMRANGE = 0x19b, LB_SETANCHORINDEX = 0x19c,
  LB_GETANCHORINDEX = 0x19d, LB_SETCARETINDEX = 0x19e, LB_GETCARETINDEX = 0x19f, LB_SETITEMHEIGHT = 0x1a0,
  LB_GETITEMHEIGHT = 0x1a1, LB_FINDSTRINGEXACT = 0x1a2, LB_SETLOCALE = 0x1a5, LB_GETLOCALE = 0x1a6,
  LB_SETCOUNT = 0x1a7, LB_INITSTORAGE = 0x1a8, LB_ITEMFROMPOINT = 0x1a9, LB_GETLISTBOXINFO = 0x1b2,
};
enum : uint32_t {
  LBN_SELCHANGE = 1, LBN_DBLCLK = 2, LBN_SELCANCEL = 3, LBN_SETFOCUS = 4, LBN_KILLFOCUS = 5,
};
constexpr int64_t LB_OKAY = 0, LB_ERR = -1, LB_ERRSPACE = -2;
enum : uint32_t {
  WM_MEASUREITEM_ = 0x002c, WM_DRAWITEM_ = 0x002b, WM_DELETEITEM_ = 0x002d, WM_COMPAREITEM_ = 0x0039,
  WM_VKEYTOITEM_ = 0x002e, WM_CHARTOITEM_ = 0x002f, WM_LBTRACKPOINT_ = 0x0131,
};
enum : uint32_t { MK_SHIFT_ = 0x4, MK_CONTROL_ = 0x8 };
enum : int32_t { COLOR_HIGHLIGHT_ = 13, COLOR_HIGHLIGHTTEXT_ = 14, COLOR_GRAYTEXT_ = 17 };
constexpr uint32_t ETO_OPAQUE_ = 2, ETO_CLIPPED_ = 4;

struct ListItem {
  std::u16string text;
  uint64_t data = 0;
  bool selected = false;
  int32_t height = 0;  // an LBS_OWNERDRAWVARIABLE item's
};

struct ListBoxState : ControlState {
  bool created = false;
  uint32_t style = 0;
  uint64_t owner = 0;  // who gets the notifications and owner-draw messages
  uint64_t combo = 0;  // a ComboLBox's combo box
  std::vector<ListItem> items;
  int32_t top = 0, selected = -1, caret = 0, anchor = -1;
  int32_t item_height = 1, page = 1, width = 0, height = 0;
  int32_t column_width = 150, horz_extent = 0, horz_pos = 0;
  std::vector<int32_t> tabs;  // in pixels
  bool in_focus = false, caret_on = true, captured = false;
  int32_t wheel_remain = 0;  // wheel turns short of a line
  uint32_t capacity = 0;  // LB_INITSTORAGE's
  uint32_t locale = 0x409;
};

bool multi(const ListBoxState& s) { return (s.style & (LBS_MULTIPLESEL | LBS_EXTENDEDSEL)) != 0; }
bool owner_draw(const ListBoxState& s) { return (s.style & (LBS_OWNERDRAWFIXED | LBS_OWNERDRAWVARIABLE)) != 0; }
bool has_strings(const ListBoxState& s) { return !owner_draw(s) || (s.style & LBS_HASSTRINGS); }
bool variable(const ListBoxState& s) { return (s.style & LBS_OWNERDRAWVARIABLE) != 0; }
int32_t count(const ListBoxState& s) { return static_cast<int32_t>(s.items.size()); }

ListBoxState* state_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? &control_state<ListBoxState>(*w) : nullptr;
}

// Case-insensitive comparison (CompareString with NORM_IGNORECASE for the letters and digits of
// the items' text), and the prefix test of LB_FINDSTRING.
char16_t fold(char16_t c) {
  if (c >= u'a' && c <= u'z') return static_cast<char16_t>(c - 32);
  if (c >= 0xe0 && c <= 0xfe && c != 0xf7) return static_cast<char16_t>(c - 32);
  return c;
}
int compare_text(const std::u16string& a, const std::u16string& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const char16_t x = fold(a[i]), y = fold(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}
bool has_prefix(const std::u16string& s, const std::u16string& prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (fold(s[i]) != fold(prefix[i])) return false;
  return true;
}

void redraw(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w || !visible(p, hwnd)) return;
  w->update = {0, 0, w->client.width(), w->client.height()};
  w->erase = true;
}

uint32_t ctl_id(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? static_cast<uint32_t>(w->id) : 0;
}
uint32_t ctl_type(const ListBoxState& s) { return s.combo ? 3u /* ODT_COMBOBOX */ : 2u /* ODT_LISTBOX */; }

void notify(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, uint32_t code) {
  if (!(s.style & LBS_NOTIFY) || !s.owner) return;
  send_message(p, s.owner, WM_COMMAND, pack_words(static_cast<int32_t>(ctl_id(p, hwnd) & 0xffff), static_cast<int32_t>(code)),
               hwnd);
}

// ---- the owner-draw structures (at the process's pointer width) ----
uint64_t send_measure(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index, uint64_t data, int32_t height) {
  const unsigned w = p.isa->ptr;
  const uint32_t size = w == 8 ? 32 : 24;
  const uint64_t at = p.heap.alloc(size, true);
  const uint32_t id = ctl_id(p, hwnd);
  put<uint32_t>(at, ctl_type(s));
  put<uint32_t>(at + 4, id);
  put<uint32_t>(at + 8, static_cast<uint32_t>(index));
  put<uint32_t>(at + 12, 0);
  put<uint32_t>(at + 16, static_cast<uint32_t>(height));
  p.put_ptr(at + (w == 8 ? 24 : 20), data);
  send_message(p, s.owner, WM_MEASUREITEM_, id, at);
  const uint32_t measured = get<uint32_t>(at + 16);
  p.heap.free(at);
  return measured;
}

void send_delete(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index) {
  const uint64_t data = s.items[static_cast<size_t>(index)].data;
  if (!owner_draw(s) && !data) return;
  if (!s.owner) return;
  const unsigned w = p.isa->ptr;
  const uint64_t at = p.heap.alloc(w == 8 ? 32 : 20, true);
  const uint32_t id = ctl_id(p, hwnd);
  put<uint32_t>(at, ctl_type(s));
  put<uint32_t>(at + 4, id);
  put<uint32_t>(at + 8, static_cast<uint32_t>(index));
  p.put_ptr(at + (w == 8 ? 16 : 12), hwnd);
  p.put_ptr(at + (w == 8 ? 24 : 16), data);
  send_message(p, s.owner, WM_DELETEITEM_, id, at);
  p.heap.free(at);
}

// WM_COMPAREITEM: item `index` against the new item's data; the owner's answer.
int32_t send_compare(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index, uint64_t data) {
  const unsigned w = p.isa->ptr;
  const uint64_t at = p.heap.alloc(w == 8 ? 56 : 32, true);
  const uint32_t id = ctl_id(p, hwnd);
  put<uint32_t>(at, ctl_type(s));
  put<uint32_t>(at + 4, id);
  p.put_ptr(at + 8, hwnd);
  put<uint32_t>(at + (w == 8 ? 16 : 12), static_cast<uint32_t>(index));
  p.put_ptr(at + (w == 8 ? 24 : 16), s.items[static_cast<size_t>(index)].data);
  put<uint32_t>(at + (w == 8 ? 32 : 20), 0xffffffffu);
  p.put_ptr(at + (w == 8 ? 40 : 24), data);
  put<uint32_t>(at + (w == 8 ? 48 : 28), s.locale);
  const int32_t r = static_cast<int32_t>(send_message(p, s.owner, WM_COMPAREITEM_, id, at));
  p.heap.free(at);
  return r;
}

// ---- geometry ----
int32_t item_top_height(const ListBoxState& s, int32_t index) {
  return variable(s) ? s.items[static_cast<size_t>(index)].height : s.item_height;
}

void update_page(ListBoxState& s) {
  if (variable(s)) {
    int32_t h = 0, n = 0;
    for (int32_t i = s.top; i < count(s) && h + s.items[static_cast<size_t>(i)].height <= s.height; ++i, ++n)
      h += s.items[static_cast<size_t>(i)].height;
    s.page = std::max(n, 1);
  } else {
    s.page = std::max(s.item_height > 0 ? s.height / s.item_height : 1, 1);
  }
}

int32_t max_top(const ListBoxState& s) {
  const int32_t n = count(s);
  if (variable(s)) {
    int32_t h = s.height, i = n;
    while (i > 0) {
      h -= s.items[static_cast<size_t>(i - 1)].height;
      if (h < 0) break;
      --i;
    }
    return std::max(std::min(i, n - 1), 0);
  }
  if (s.style & LBS_MULTICOLUMN) {
    const int32_t cols = s.column_width > 0 ? std::max(s.width / s.column_width, 1) : 1;
    const int32_t last_col = (n + s.page - 1) / s.page;
    return std::max((last_col - cols) * s.page, 0);
  }
  return std::max(n - s.page, 0);
}

// The item's rectangle; whether any of it shows.
bool item_rect(const ListBoxState& s, int32_t index, Rect& r) {
  if (s.style & LBS_MULTICOLUMN) {
    const int32_t col = index / s.page - s.top / s.page;
    r.left = col * s.column_width;
    r.right = r.left + s.column_width;
    r.top = (index % s.page) * s.item_height;
    r.bottom = r.top + s.item_height;
  } else if (variable(s)) {
    r.left = 0, r.right = s.width, r.top = 0;
    if (index < s.top) {
      for (int32_t i = index; i < s.top; ++i) r.top -= s.items[static_cast<size_t>(i)].height;
    } else {
      for (int32_t i = s.top; i < index; ++i) r.top += s.items[static_cast<size_t>(i)].height;
    }
    r.bottom = r.top + s.items[static_cast<size_t>(index)].height;
  } else {
    r.left = 0;
    r.right = std::max(s.width, s.horz_extent);
    r.top = (index - s.top) * s.item_height;
    r.bottom = r.top + s.item_height;
  }
  if (!(s.style & LBS_MULTICOLUMN)) r.left -= s.horz_pos, r.right -= s.horz_pos;
  return r.left < s.width && r.right > 0 && r.top < s.height && r.bottom > 0;
}

int32_t item_from_point(const ListBoxState& s, int32_t x, int32_t y) {
  if (s.items.empty()) return -1;
  int32_t index = s.top;
  if (variable(s)) {
    int32_t pos = 0;
    if (y >= 0) {
      while (index < count(s)) {
        pos += s.items[static_cast<size_t>(index)].height;
        if (pos > y) break;
        ++index;
      }
    } else {
      while (index > 0) {
        --index;
        pos -= s.items[static_cast<size_t>(index)].height;
        if (pos <= y) break;
      }
    }
  } else if (s.style & LBS_MULTICOLUMN) {
    if (y >= s.item_height * s.page) return -1;
    if (y >= 0) index += y / s.item_height;
    if (x >= 0)
      index += (x / std::max(s.column_width, 1)) * s.page;
    else
      index -= (((x + 1) / std::max(s.column_width, 1)) - 1) * s.page;
  } else {
    index += y >= 0 ? y / s.item_height : -((-y + s.item_height - 1) / s.item_height);
  }
  if (index < 0) return 0;
  if (index >= count(s)) return -1;
  return index;
}

// The window's scroll bars (those it was made with) follow the list: items and the top one, or
// columns; the horizontal extent.
void update_scroll(WindowsProcess& p, uint64_t hwnd, ListBoxState& s) {
  if (s.style & LBS_NOREDRAW) return;
  const uint32_t keep = (s.style & LBS_DISABLENOSCROLL) ? uint32_t{kSifDisableNoScroll} : 0u;
  const int32_t n = count(s);
  if (s.style & LBS_MULTICOLUMN) {
    const int32_t page = std::max(s.width / std::max(s.column_width, 1), 1);
    if (s.style & WS_HSCROLL)
      set_scroll_info(p, hwnd, 0, kSifRange | kSifPos | kSifPage | keep, 0, std::max(n - 1, 0) / std::max(s.page, 1),
                      static_cast<uint32_t>(page), s.top / std::max(s.page, 1), true);
    if ((s.style & WS_VSCROLL) && find_window(p, hwnd)) set_scroll_info(p, hwnd, 1, kSifRange | keep, 0, 0, 0, 0, true);
    return;
  }
  if (s.style & WS_VSCROLL)
    set_scroll_info(p, hwnd, 1, kSifRange | kSifPos | kSifPage | keep, 0, n - 1, static_cast<uint32_t>(s.page), s.top,
                    true);
  if (!(s.style & WS_HSCROLL) || !find_window(p, hwnd)) return;
  if (s.horz_extent)
    set_scroll_info(p, hwnd, 0, kSifRange | kSifPos | kSifPage | keep, 0, s.horz_extent - 1,
                    static_cast<uint32_t>(s.width), s.horz_pos, true);
  else
    set_scroll_info(p, hwnd, 0, kSifRange | kSifPos | keep, 0, 0, 0, 0, true);
}

void set_top(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index) {
  index = std::min(index, max_top(s));
  index = std::max(index, 0);
  if ((s.style & LBS_MULTICOLUMN) && s.page > 0) index -= index % s.page;
  if (s.top == index) return;
  s.top = index;
  if (variable(s)) update_page(s);
  redraw(p, hwnd);
  update_scroll(p, hwnd, s);
}

void make_visible(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index, bool fully) {
  if (index <= s.top) {
    set_top(p, hwnd, s, index);
    return;
  }
  if (s.style & LBS_MULTICOLUMN) {
    const int32_t cols = std::max(s.width / std::max(s.column_width, 1), 1);
    if (index < s.top + cols * s.page) return;
    set_top(p, hwnd, s, index - (cols - 1) * s.page);
    return;
  }
  if (variable(s)) {
    int32_t h = 0;
    for (int32_t i = index; i >= s.top; --i) {
      h += s.items[static_cast<size_t>(i)].height;
      if (h > s.height) {
        set_top(p, hwnd, s, i + 1 > index ? index : i + 1);
        return;
      }
    }
    return;
  }
  if (index < s.top + s.page) return;
  // (the item under the last whole one shows in part, which is enough when it need not be whole)
  if (index == s.top + s.page && !fully && s.height > s.page * s.item_height) return;
  set_top(p, hwnd, s, index - s.page + 1);
}

// The client size changed: page size, integral height.
void update_size(WindowsProcess& p, uint64_t hwnd, ListBoxState& s) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  s.width = w->client.width();
  s.height = w->client.height();
  update_page(s);
  if (!(s.style & (LBS_NOINTEGRALHEIGHT | LBS_OWNERDRAWVARIABLE)) && s.item_height > 0) {
    const int32_t remaining = s.height % s.item_height;
    if (remaining && s.height > s.item_height) {
      const int32_t cx = w->window.width(), cy = w->window.height() - remaining;
      set_window_position(p, hwnd, 0, 0, 0, cx, cy, SWP_NOZORDER | SWP_NOACTIVATE | SWP_NOMOVE);
      return;  // (WM_SIZE comes back here)
    }
  }
  if (s.top > max_top(s)) set_top(p, hwnd, s, max_top(s));
  redraw(p, hwnd);
  update_scroll(p, hwnd, s);
}

// ---- selection ----
int64_t select_range(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t first, int32_t last, bool on) {
  if (s.style & LBS_NOSEL) return LB_ERR;
  if (!multi(s)) return LB_ERR;
  if (s.items.empty()) return LB_OKAY;
  if (last == -1 || last >= count(s)) last = count(s) - 1;
  if (first < 0) first = 0;
  if (last < first) return LB_OKAY;
  bool changed = false;
  for (int32_t i = first; i <= last; ++i) {
    ListItem& it = s.items[static_cast<size_t>(i)];
    if (it.selected != on) it.selected = on, changed = true;
  }
  if (changed) redraw(p, hwnd);
  return LB_OKAY;
}

int64_t set_selection(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index, bool on, bool send) {
  if (s.style & LBS_NOSEL) {  // (LB_GETSEL says it is selected; nothing shows it)
    s.selected = index;
    return LB_ERR;
  }
  if (index < -1 || index >= count(s)) return LB_ERR;
  if (multi(s)) {
    if (index == -1) return select_range(p, hwnd, s, 0, count(s) - 1, on);
    return select_range(p, hwnd, s, index, index, on);
  }
  const int32_t old = s.selected;
  if (index == old) return LB_OKAY;
  if (old != -1 && old < count(s)) s.items[static_cast<size_t>(old)].selected = false;
  if (index != -1) s.items[static_cast<size_t>(index)].selected = true;
  s.selected = index;
  redraw(p, hwnd);
  if (send && !s.items.empty()) notify(p, hwnd, s, index != -1 ? LBN_SELCHANGE : LBN_SELCANCEL);
  return LB_OKAY;
}

int64_t set_caret(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index, bool fully) {
  if (index < 0 || index >= count(s)) return LB_ERR;
  if (index == s.caret) return LB_OKAY;
  s.caret = index;
  make_visible(p, hwnd, s, index, fully);
  redraw(p, hwnd);
  return LB_OKAY;
}

void move_caret(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index, bool fully) {
  if (s.style & LBS_EXTENDEDSEL) {
    if (s.anchor != -1) {
      const int32_t first = std::min(index, s.anchor), last = std::max(index, s.anchor);
      if (first > 0) select_range(p, hwnd, s, 0, first - 1, false);
      if (last + 1 < count(s)) select_range(p, hwnd, s, last + 1, -1, false);
      select_range(p, hwnd, s, first, last, true);
    }
  } else if (!(s.style & LBS_MULTIPLESEL)) {
    set_selection(p, hwnd, s, index, true, false);
  }
  set_caret(p, hwnd, s, index, fully);
}

// ---- items ----
// Where a new item goes in a sorted list (the count for one that is not); with `exact`, the
// index of an equal item or LB_ERR.
int32_t find_position(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, const std::u16string& text, uint64_t data,
                      bool exact) {
  if (!(s.style & LBS_SORT)) return exact ? -1 : count(s);
  int32_t lo = 0, hi = count(s);
  while (lo != hi) {
    const int32_t mid = (lo + hi) / 2;
    int32_t r;
    if (has_strings(s))
      r = compare_text(s.items[static_cast<size_t>(mid)].text, text);
    else
      r = send_compare(p, hwnd, s, mid, data);
    if (!r) return mid;
    if (r > 0)
      hi = mid;
    else
      lo = mid + 1;
    if (!find_window(p, hwnd)) return -1;
  }
  return exact ? -1 : hi;
}

int64_t insert_item(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index, const std::u16string& text,
                    uint64_t data) {
  if (index == -1) index = count(s);
  if (index < 0 || index > count(s)) return LB_ERR;
  ListItem it;
  if (has_strings(s))
    it.text = text;
  else
    it.data = data;
  const int32_t old_caret = s.caret;
  s.items.insert(s.items.begin() + index, it);
  if (variable(s)) {
    // (the item's data: what the caller gave, a string's pointer too)
    const uint64_t h = send_measure(p, hwnd, s, index, data, s.item_height);
    ListBoxState* again = state_of(p, hwnd);
    if (!again || again != &s || index >= count(s)) return LB_ERR;
    s.items[static_cast<size_t>(index)].height = h ? static_cast<int32_t>(h & 0xffff) : 1;
    update_page(s);
  }
  redraw(p, hwnd);
  update_scroll(p, hwnd, s);
  if (state_of(p, hwnd) != &s) return LB_ERR;
  if (count(s) == 1) {
    set_caret(p, hwnd, s, 0, false);
  } else if (index <= s.selected) {
    ++s.selected;
    s.caret = old_caret;
  }
  return index;
}

int64_t remove_item(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index);

void reset_content(WindowsProcess& p, uint64_t hwnd, ListBoxState& s) {
  for (int32_t i = count(s) - 1; i >= 0; --i) {
    if (i >= count(s)) continue;
    send_delete(p, hwnd, s, i);
    if (state_of(p, hwnd) != &s) return;
  }
  s.items.clear();
  s.top = 0, s.selected = -1, s.caret = 0, s.anchor = -1;
  update_page(s);
  redraw(p, hwnd);
  update_scroll(p, hwnd, s);
}

int64_t remove_item(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t index) {
  if (index < 0 || index >= count(s)) return LB_ERR;
  send_delete(p, hwnd, s, index);
  if (state_of(p, hwnd) != &s || index >= count(s)) return LB_ERR;
  s.items.erase(s.items.begin() + index);
  redraw(p, hwnd);
  update_page(s);
  update_scroll(p, hwnd, s);
  if (state_of(p, hwnd) != &s) return LB_OKAY;
  if (count(s) == s.page) set_top(p, hwnd, s, 0);
  if (s.top > max_top(s)) set_top(p, hwnd, s, max_top(s));
  if (!multi(s)) {
    if (index == s.selected)
      s.selected = -1;
    else if (index < s.selected)
      --s.selected;
  }
  if (s.caret >= count(s)) s.caret = std::max(count(s) - 1, 0);
  if (s.anchor >= count(s)) s.anchor = count(s) - 1;
  return LB_OKAY;
}

// LB_FINDSTRING(EXACT): from the item after `start`, wrapping; items without strings compare by
// their data (a sorted list of them asks the owner for an exact match).
int32_t find_string(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t start, const std::u16string& text,
                    uint64_t data, bool exact) {
  const int32_t n = count(s);
  if (!n) return -1;
  if (start >= n || start < -1) start = -1;
  if (has_strings(s)) {
    if (text.empty()) return -1;
    for (int32_t i = 0; i < n; ++i) {
      const int32_t index = (start + 1 + i) % n;
      const std::u16string& t = s.items[static_cast<size_t>(index)].text;
      if (exact ? compare_text(t, text) == 0 : has_prefix(t, text)) return index;
    }
    return -1;
  }
  if (exact && (s.style & LBS_SORT)) return find_position(p, hwnd, s, {}, data, true);
  for (int32_t i = 0; i < n; ++i) {
    const int32_t index = (start + 1 + i) % n;
    if (s.items[static_cast<size_t>(index)].data == data) return index;
  }
  return -1;
}

// ---- painting ----
uint64_t listbox_brush(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, uint64_t hdc) {
  uint64_t brush = s.owner ? send_message(p, s.owner, WM_CTLCOLORLISTBOX, hdc, hwnd) : 0;
  if (p.isa->ptr == 4) brush &= 0xffffffffu;
  if (!brush || !gdi32::gdi_table(p).find(static_cast<uint32_t>(brush)))
    brush = default_control_color(p, hdc, WM_CTLCOLORLISTBOX);
  return brush;
}

void draw_tabbed(WindowsProcess& p, gdi32::DeviceContext& dc, int32_t x, int32_t y, const Rect& clip,
                 const std::u16string& text, const std::vector<int32_t>& tabs) {
  // TabbedTextOut: each tab moves to the next stop (every 8 average characters without any).
  gdi32::TextMetrics tm;
  const int32_t avg = gdi32::logical_text_metrics(p, dc, tm) ? std::max(tm.ave_char_width, 1) : 8;
  int32_t pos = 0;
  size_t begin = 0;
  size_t tab_index = 0;
  for (;;) {
    const size_t end = text.find(u'\t', begin);
    const std::u16string part = text.substr(begin, end == std::u16string::npos ? std::u16string::npos : end - begin);
    if (!part.empty()) gdi32::ext_text_out(p, dc, x + pos, y, ETO_CLIPPED_, &clip, part, nullptr, true);
    pos += text_width(p, dc, part);
    if (end == std::u16string::npos) break;
    int32_t next = 0;
    if (tabs.empty()) {
      next = (pos / (8 * avg) + 1) * 8 * avg;
    } else if (tabs.size() == 1) {
      const int32_t step = std::max(tabs[0], 1);
      next = (pos / step + 1) * step;
    } else {
      while (tab_index < tabs.size() && tabs[tab_index] <= pos) ++tab_index;
      if (tab_index < tabs.size())
        next = tabs[tab_index++];
      else
        next = pos;
    }
    pos = next;
    begin = end + 1;
  }
}

void paint_item(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, gdi32::DeviceContext& dc, uint64_t hdc,
                const Rect& r, int32_t index, uint32_t action, bool ignore_focus) {
  const bool focus_here = !ignore_focus && index == s.caret && s.caret_on && s.in_focus;
  if (owner_draw(s)) {
    if (index < 0 || index >= count(s)) {
      if (action == 4) draw_focus_rect(p, dc, r);
      return;
    }
    const unsigned w = p.isa->ptr;
    const uint64_t at = p.heap.alloc(w == 8 ? 64 : 48, true);
    const uint32_t id = ctl_id(p, hwnd);
    Window* win = find_window(p, hwnd);
    uint32_t state = 0;
    if (s.items[static_cast<size_t>(index)].selected) state |= 1;  // ODS_SELECTED
    if (focus_here) state |= 0x10;                                 // ODS_FOCUS
    if (win && (win->style & WS_DISABLED)) state |= 4;             // ODS_DISABLED
    put<uint32_t>(at, ctl_type(s));
    put<uint32_t>(at + 4, id);
    put<uint32_t>(at + 8, static_cast<uint32_t>(index));
    put<uint32_t>(at + 12, action);
    put<uint32_t>(at + 16, state);
    p.put_ptr(at + (w == 8 ? 24 : 20), hwnd);
    p.put_ptr(at + (w == 8 ? 32 : 24), hdc);
    put<Rect>(at + (w == 8 ? 40 : 28), r);
    p.put_ptr(at + (w == 8 ? 56 : 44), s.items[static_cast<size_t>(index)].data);
    send_message(p, s.owner, WM_DRAWITEM_, id, at);
    p.heap.free(at);
    return;
  }
  if (action == 4) {
    draw_focus_rect(p, dc, r);
    return;
  }
  const bool selected = index >= 0 && index < count(s) && s.items[static_cast<size_t>(index)].selected;
  const gdi32::ColorRef old_bk = dc.s.bk_color, old_text = dc.s.text_color;
  if (selected) {
    dc.s.bk_color = sys_color(COLOR_HIGHLIGHT_);
    dc.s.text_color = sys_color(COLOR_HIGHLIGHTTEXT_);
    gdi32::dc_changed(dc);
  }
  const std::u16string text = index >= 0 && index < count(s) ? s.items[static_cast<size_t>(index)].text : std::u16string();
  if (text.empty() || !(s.style & LBS_USETABSTOPS)) {
    gdi32::ext_text_out(p, dc, r.left + 1, r.top, ETO_OPAQUE_ | ETO_CLIPPED_, &r, text, nullptr, true);
  } else {
    gdi32::ext_text_out(p, dc, r.left + 1, r.top, ETO_OPAQUE_ | ETO_CLIPPED_, &r, {}, nullptr, true);
    draw_tabbed(p, dc, r.left + 1, r.top, r, text, s.tabs);
  }
  if (selected) {
    dc.s.bk_color = old_bk, dc.s.text_color = old_text;
    gdi32::dc_changed(dc);
  }
  if (focus_here) draw_focus_rect(p, dc, r);
}

void paint(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, uint64_t given_dc) {
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    if (s.style & LBS_NOREDRAW) return;
    gdi32::DeviceContext& dc = *cp.dc;
    const uint64_t brush = listbox_brush(p, hwnd, s, cp.hdc);
    gdi32::DeviceContext* dcp = gdi32::find_dc(p, cp.hdc);
    if (!dcp || state_of(p, hwnd) != &s) return;
    gdi32::select_object(p, *dcp, static_cast<uint32_t>(brush));
    Window* w = find_window(p, hwnd);
    if (w && (w->style & WS_DISABLED)) dcp->s.text_color = sys_color(COLOR_GRAYTEXT_), gdi32::dc_changed(*dcp);
    Rect r{0, 0, s.width, 0};
    if (s.style & LBS_MULTICOLUMN) r.right = s.column_width;
    Rect focus{};
    if (s.items.empty() && s.caret != -1 && s.caret_on && s.in_focus) {
      r.bottom = r.top + s.item_height;
      gdi32::ext_text_out(p, dc, 0, 0, ETO_OPAQUE_ | ETO_CLIPPED_, &r, {}, nullptr, true);
      paint_item(p, hwnd, s, dc, cp.hdc, r, s.caret, 4, false);
      r.top = r.bottom;
    }
    for (int32_t i = s.top; i < count(s); ++i) {
      r.bottom = r.top + item_top_height(s, i);
      if (!(s.style & LBS_MULTICOLUMN)) r.left = -s.horz_pos, r.right = std::max(s.width, s.horz_extent) - s.horz_pos;
      if (i == s.caret) focus = r;
      paint_item(p, hwnd, s, dc, cp.hdc, r, i, 1, true);
      if (state_of(p, hwnd) != &s || !gdi32::find_dc(p, cp.hdc)) return;
      r.top = r.bottom;
      if (s.style & LBS_MULTICOLUMN) {
        if (r.top + s.item_height > s.height || (i + 1 - s.top) % s.page == 0) {
          r.top = 0;
          r.left += s.column_width;
          r.right += s.column_width;
          if (r.left >= s.width) break;
        }
      } else if (r.top >= s.height) {
        break;
      }
    }
    if (focus.top != focus.bottom && s.caret_on && s.in_focus) paint_item(p, hwnd, s, dc, cp.hdc, focus, s.caret, 4, false);
    if (!owner_draw(s)) {
      if (!(s.style & LBS_MULTICOLUMN)) {
        if (r.top < s.height) {
          Rect rest{0, r.top, s.width, s.height};
          gdi32::ext_text_out(p, dc, 0, 0, ETO_OPAQUE_ | ETO_CLIPPED_, &rest, {}, nullptr, true);
        }
      } else {
        if (r.top < s.height && r.left < s.width) {
          Rect rest{r.left, r.top, r.right, s.height};
          gdi32::ext_text_out(p, dc, 0, 0, ETO_OPAQUE_ | ETO_CLIPPED_, &rest, {}, nullptr, true);
        }
        if (r.right < s.width) {
          Rect rest{r.top ? r.right : r.left, 0, s.width, s.height};
          gdi32::ext_text_out(p, dc, 0, 0, ETO_OPAQUE_ | ETO_CLIPPED_, &rest, {}, nullptr, true);
        }
      }
      if (s.width > std::max(s.horz_extent, 0) - s.horz_pos && !(s.style & LBS_MULTICOLUMN) && s.horz_extent > s.width) {
        Rect rest{s.horz_extent - s.horz_pos, 0, s.width, s.height};
        gdi32::ext_text_out(p, dc, 0, 0, ETO_OPAQUE_ | ETO_CLIPPED_, &rest, {}, nullptr, true);
      }
    }
  });
}

// ---- input ----
void key_down_(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, uint32_t key) {
  int32_t caret = -1;
  bool force = true;
  if (s.items.empty()) return;
  if (s.style & LBS_WANTKEYBOARDINPUT) {
    caret = static_cast<int32_t>(static_cast<int16_t>(send_message(
        p, s.owner, WM_VKEYTOITEM_, pack_words(static_cast<int32_t>(key), s.caret), hwnd)));
    if (caret == -2 || state_of(p, hwnd) != &s) return;
    if (caret >= count(s)) caret = -1;
  }
  if (multi(s) || s.selected == s.caret) force = false;
  if (caret == -1) {
    const bool columns = (s.style & LBS_MULTICOLUMN) != 0;
    switch (key) {
      case VK_LEFT:
        if (columns) {
          force = false;
          if (s.caret >= s.page) caret = s.caret - s.page;
          break;
        }
        [[fallthrough]];
      case VK_UP:
        caret = std::max(s.caret - 1, 0);
        break;
      case VK_RIGHT:
        if (columns) {
          force = false;
          caret = std::min(s.caret + s.page, count(s) - 1);
          break;
        }
        [[fallthrough]];
      case VK_DOWN:
        caret = std::min(s.caret + 1, count(s) - 1);
        break;
      case VK_PRIOR:
        if (columns) {
          const int32_t cols = std::max(s.width / std::max(s.column_width, 1), 1);
          caret = std::max(s.caret - cols * s.page, 0);
        } else {
          caret = s.caret - s.page + 1;
        }
        caret = std::max(caret, 0);
        break;
      case VK_NEXT:
        if (columns) {
          const int32_t cols = std::max(s.width / std::max(s.column_width, 1), 1);
          caret = s.caret + cols * s.page;
        } else {
          caret = s.caret + s.page - 1;
        }
        caret = std::min(caret, count(s) - 1);
        break;
      case VK_HOME: caret = 0; break;
      case VK_END: caret = count(s) - 1; break;
      case VK_SPACE:
        if (s.style & LBS_EXTENDEDSEL)
          caret = s.caret;
        else if (s.style & LBS_MULTIPLESEL)
          set_selection(p, hwnd, s, s.caret, !s.items[static_cast<size_t>(s.caret)].selected,
                        (s.style & LBS_NOTIFY) != 0);
        break;
      default: force = false;
    }
  }
  if (force) caret = s.caret;
  if (caret < 0) return;
  if (((s.style & LBS_EXTENDEDSEL) && !key_down(p, VK_SHIFT)) || !multi(s)) s.anchor = caret;
  move_caret(p, hwnd, s, caret, true);
  if (s.style & LBS_MULTIPLESEL)
    s.selected = caret;
  else
    set_selection(p, hwnd, s, caret, true, false);
  if ((s.style & LBS_NOTIFY) && !s.items.empty()) notify(p, hwnd, s, LBN_SELCHANGE);
}

void char_typed(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, char16_t c) {
  int32_t caret = -1;
  if ((s.style & LBS_WANTKEYBOARDINPUT) && !has_strings(s)) {
    caret = static_cast<int32_t>(static_cast<int16_t>(
        send_message(p, s.owner, WM_CHARTOITEM_, pack_words(c, s.caret), hwnd)));
    if (caret == -2 || state_of(p, hwnd) != &s) return;
    if (caret >= count(s)) caret = -1;
  }
  if (caret == -1 && has_strings(s)) caret = find_string(p, hwnd, s, s.caret, std::u16string(1, c), 0, false);
  if (caret == -1) return;
  if (!multi(s) && s.selected == -1) set_selection(p, hwnd, s, caret, true, false);
  move_caret(p, hwnd, s, caret, true);
  if ((s.style & LBS_NOTIFY) && !s.items.empty()) notify(p, hwnd, s, LBN_SELCHANGE);
}

void button_down(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, uint32_t keys, int32_t x, int32_t y) {
  const int32_t index = item_from_point(s, x, y);
  if (!s.in_focus) {
    const uint64_t edit = s.combo ? combo_edit(p, s.combo) : 0;
    set_focus(p, s.combo ? (edit ? edit : s.combo) : hwnd);
    if (state_of(p, hwnd) != &s) return;
  }
  if (index == -1) return;
  if (!s.combo && (s.style & LBS_NOTIFY)) {
    send_message(p, s.owner, WM_LBTRACKPOINT_, static_cast<uint64_t>(index), pack_words(x, y));
    if (state_of(p, hwnd) != &s || index >= count(s)) return;
  }
  s.captured = true;
  ThreadQueue& q = own_queue(p);
  const uint64_t previous = q.input->capture;
  q.input->capture = hwnd;
  if (previous && previous != hwnd) send_message(p, previous, WM_CAPTURECHANGED, 0, hwnd);
  if (state_of(p, hwnd) != &s || index >= count(s)) return;
  const bool send = (s.style & LBS_NOTIFY) != 0;
  if (multi(s)) {
    if (!(keys & MK_SHIFT_)) s.anchor = index;
    if (keys & MK_CONTROL_) {
      set_caret(p, hwnd, s, index, false);
      set_selection(p, hwnd, s, index, !s.items[static_cast<size_t>(index)].selected, send);
    } else {
      move_caret(p, hwnd, s, index, false);
      if (s.style & LBS_EXTENDEDSEL)
        set_selection(p, hwnd, s, index, s.items[static_cast<size_t>(index)].selected, send);
      else
        set_selection(p, hwnd, s, index, !s.items[static_cast<size_t>(index)].selected, send);
    }
  } else {
    s.anchor = index;
    move_caret(p, hwnd, s, index, false);
    set_selection(p, hwnd, s, index, true, send);
  }
}

void button_up(WindowsProcess& p, uint64_t hwnd, ListBoxState& s) {
  if (!s.captured) return;
  s.captured = false;
  ThreadQueue& q = own_queue(p);
  if (q.input->capture == hwnd) {
    q.input->capture = 0;
    send_message(p, hwnd, WM_CAPTURECHANGED, 0, 0);
  }
  if (state_of(p, hwnd) != &s) return;
  if ((s.style & LBS_NOTIFY) && !s.items.empty()) notify(p, hwnd, s, LBN_SELCHANGE);
}

void mouse_move(WindowsProcess& p, uint64_t hwnd, ListBoxState& s, int32_t x, int32_t y) {
  if (!s.captured) return;
  int32_t index = item_from_point(s, x, y);
  if (!(s.style & LBS_MULTICOLUMN)) {
    // Dragging above or below the list scrolls it by an item.
    if (y < 0 && s.top > 0) index = s.top - 1;
    else if (y >= s.height && s.top + s.page < count(s)) index = std::min(s.top + s.page, count(s) - 1);
  }
  if (index == -1) index = s.caret;
  if (index == s.caret || index < 0) return;
  move_caret(p, hwnd, s, index, false);
}

// A combo box's list that drops (not a CBS_SIMPLE one's) while it is dropped.
bool dropped_list(WindowsProcess& p, uint64_t hwnd, const ListBoxState& s) {
  Window* w = find_window(p, hwnd);
  return w && w->parent != s.combo && combo_dropped(p, s.combo);
}

// The item's text (or data, for an owner-drawn list without strings) in a message.
uint64_t text_arg(WindowsProcess& p, const ListBoxState& s, uint64_t lparam, bool unicode, std::u16string& text) {
  (void)p;
  if (has_strings(s)) text = message_text(lparam, unicode);
  return lparam;
}

uint64_t listbox_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  ListBoxState& s = control_state<ListBoxState>(*w);
  const int32_t iw = static_cast<int32_t>(wparam);
  // Before WM_CREATE (WM_NCCREATE, WM_NCCALCSIZE …) the list is not there yet.
  if (!s.created && msg != WM_CREATE) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  auto alive = [&] { return state_of(p, hwnd) == &s; };
  switch (msg) {
    case WM_CREATE: {
      s.created = true;
      s.style = w->style;
      s.owner = (w->style & WS_CHILD) ? w->parent : w->owner;
      if (same_name(w->cls->name, u"ComboLBox") && lparam) {
        s.combo = combo_box_of(p, p.get_ptr(lparam));
        if (s.combo) s.owner = s.combo;
      }
      if (s.style & LBS_MULTICOLUMN) s.style &= ~LBS_OWNERDRAWVARIABLE;
      if (s.style & LBS_OWNERDRAWVARIABLE) s.style |= LBS_NOINTEGRALHEIGHT;
      if (s.style & LBS_OWNERDRAWFIXED) s.style &= ~LBS_OWNERDRAWVARIABLE;
      if (s.style & LBS_EXTENDEDSEL) s.style &= ~LBS_MULTIPLESEL;
      if (s.style & LBS_NOSEL) s.style &= ~(LBS_MULTIPLESEL | LBS_EXTENDEDSEL);
      s.width = w->client.width(), s.height = w->client.height();
      s.item_height = font_text_height(p, hwnd, 0);
      if (s.style & LBS_OWNERDRAWFIXED) {
        const int32_t fixed = s.combo ? combo_item_height(p, s.combo) : 0;
        if (fixed > 0) {
          s.item_height = fixed;
        } else {
          const uint64_t h = send_measure(p, hwnd, s, -1, 0, s.item_height);
          if (!alive()) return static_cast<uint64_t>(-1);
          s.item_height = h ? static_cast<int32_t>(h) : 1;
        }
      }
      update_size(p, hwnd, s);
      return 0;
    }
    case WM_NCDESTROY:
    case WM_DESTROY:
      if (msg == WM_DESTROY && !s.items.empty()) reset_content(p, hwnd, s);
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case WM_SIZE:
      if (s.created) update_size(p, hwnd, s);
      return 0;
    case WM_GETDLGCODE: return DLGC_WANTARROWS | DLGC_WANTCHARS;
    case WM_SETFONT: {
      s.font = wparam;
      if (!owner_draw(s)) {
        s.item_height = font_text_height(p, hwnd, wparam);
        update_size(p, hwnd, s);
      }
      if (lparam & 0xffff) redraw(p, hwnd);
      return 0;
    }
    case WM_GETFONT: return s.font;
    case WM_SETREDRAW:
      if (wparam) {
        s.style &= ~LBS_NOREDRAW;
        redraw(p, hwnd);
        update_scroll(p, hwnd, s);
      } else {
        s.style |= LBS_NOREDRAW;
      }
      return 0;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint(p, hwnd, s, wparam);
      return 0;
    case WM_ERASEBKGND: {
      if (owner_draw(s)) {
        const uint64_t brush = s.owner ? send_message(p, s.owner, WM_CTLCOLORLISTBOX, wparam, hwnd) : 0;
        if (brush)
          if (gdi32::DeviceContext* dc = gdi32::find_dc(p, wparam)) {
            Window* again = find_window(p, hwnd);
            if (again) fill_with_brush(p, *dc, {0, 0, again->client.width(), again->client.height()}, brush);
          }
      }
      return 1;
    }
    case WM_SETFOCUS:
      s.in_focus = true;
      s.caret_on = true;
      redraw(p, hwnd);
      notify(p, hwnd, s, LBN_SETFOCUS);
      return 0;
    case WM_KILLFOCUS:
      button_up(p, hwnd, s);
      if (!alive()) return 0;
      s.in_focus = false;
      s.wheel_remain = 0;
      redraw(p, hwnd);
      notify(p, hwnd, s, LBN_KILLFOCUS);
      return 0;
    case WM_ENABLE: redraw(p, hwnd); return 0;
    case WM_KEYDOWN: key_down_(p, hwnd, s, static_cast<uint32_t>(wparam)); return 0;
    case WM_CHAR: {
      char16_t c = static_cast<char16_t>(wparam);
      if (!unicode) c = static_cast<char16_t>(char_message_wparam(wparam, false));
      char_typed(p, hwnd, s, c);
      return 0;
    }
    case WM_LBUTTONDOWN:
    case WM_LBUTTONDBLCLK: {
      const int32_t x = static_cast<int16_t>(lparam & 0xffff), y = static_cast<int16_t>((lparam >> 16) & 0xffff);
      if (s.combo && dropped_list(p, hwnd, s)) {
        if (x >= 0 && y >= 0 && x < s.width && y < s.height) {
          if (msg == WM_LBUTTONDBLCLK) {
            notify(p, hwnd, s, LBN_DBLCLK);
            return 0;
          }
          combo_set_dropped_index(p, s.combo, s.items.empty() ? -1 : s.selected);
          button_down(p, hwnd, s, static_cast<uint32_t>(wparam), x, y);
          return 0;
        }
        // A click outside the list: outside its window too, the list closes as it was.
        ThreadQueue& q = own_queue(p);
        if (q.input->capture == hwnd) q.input->capture = 0;
        s.captured = false;
        const Rect r = screen_rect(p, *w);
        int32_t sx = 0, sy = 0;
        client_origin(p, hwnd, sx, sy);
        sx += x, sy += y;
        if (sx < r.left || sx >= r.right || sy < r.top || sy >= r.bottom) {
          const int32_t dropped = combo_dropped_index(p, s.combo);
          set_caret(p, hwnd, s, dropped, false);
          set_selection(p, hwnd, s, dropped, false, false);
          combo_flip(p, s.combo, false);
        } else {
          q.input->capture = hwnd;
        }
        return 0;
      }
      if (msg == WM_LBUTTONDBLCLK) {
        notify(p, hwnd, s, LBN_DBLCLK);
        return 0;
      }
      button_down(p, hwnd, s, static_cast<uint32_t>(wparam), x, y);
      return 0;
    }
    case WM_LBUTTONUP: {
      const int32_t x = static_cast<int16_t>(lparam & 0xffff), y = static_cast<int16_t>((lparam >> 16) & 0xffff);
      if (s.combo && dropped_list(p, hwnd, s) && (x < 0 || y < 0 || x >= s.width || y >= s.height)) {
        // Let go outside the list: the item selected when it was dropped again.
        s.captured = false;
        ThreadQueue& q = own_queue(p);
        if (q.input->capture == hwnd) q.input->capture = 0;
        set_selection(p, hwnd, s, combo_dropped_index(p, s.combo), false, false);
        return 0;
      }
      button_up(p, hwnd, s);
      return 0;
    }
    case WM_MOUSEMOVE: {
      const int32_t x = static_cast<int16_t>(lparam & 0xffff), y = static_cast<int16_t>((lparam >> 16) & 0xffff);
      if (s.combo && dropped_list(p, hwnd, s) && !s.captured) {
        // The dropped list follows the pointer.
        const int32_t index = x >= 0 && y >= 0 && x < s.width && y < s.height ? item_from_point(s, x, y) : -1;
        if (index >= 0 && index != s.selected) {
          set_selection(p, hwnd, s, index, true, false);
          set_caret(p, hwnd, s, index, false);
        }
        return 0;
      }
      mouse_move(p, hwnd, s, x, y);
      return 0;
    }
    case 0x0021:  // WM_MOUSEACTIVATE: a combo box's dropped list leaves the focus with its combo box
      if (s.combo && w->parent != s.combo) return 3;  // MA_NOACTIVATE
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case 0x1a3:  // LB_CARETON
    case 0x1a4:  // LB_CARETOFF
      s.caret_on = msg == 0x1a3;
      redraw(p, hwnd);
      return 0;
    case WM_CAPTURECHANGED:
      if (lparam != hwnd) s.captured = false;
      return 0;
    case WM_MOUSEWHEEL: {
      if (wparam & (MK_SHIFT_ | MK_CONTROL_)) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
      // Three lines a notch (no more than a page or, in columns, than the columns shown); what
      // is left of a notch waits for the next turn the same way.
      const int32_t delta = static_cast<int16_t>((wparam >> 16) & 0xffff);
      if ((delta > 0) != (s.wheel_remain > 0)) s.wheel_remain = 0;
      s.wheel_remain += delta;
      int32_t lines = 3;
      if (s.style & LBS_MULTICOLUMN) lines = std::min(std::max(s.width / std::max(s.column_width, 1), 1), lines);
      lines = std::max(std::min(s.page, lines), 1);
      const int32_t scroll = lines * s.wheel_remain / 120;
      s.wheel_remain -= 120 * scroll / lines;
      set_top(p, hwnd, s, s.top - (s.style & LBS_MULTICOLUMN ? scroll * s.page : scroll));
      return 0;
    }
    case WM_VSCROLL: {
      if (s.style & LBS_MULTICOLUMN) return 0;
      switch (wparam & 0xffff) {
        case 0: set_top(p, hwnd, s, s.top - 1); break;
        case 1: set_top(p, hwnd, s, s.top + 1); break;
        case 2: set_top(p, hwnd, s, s.top - s.page); break;
        case 3: set_top(p, hwnd, s, s.top + s.page); break;
        case 4:
        case 5: set_top(p, hwnd, s, static_cast<int32_t>((wparam >> 16) & 0xffff)); break;
        case 6: set_top(p, hwnd, s, 0); break;
        case 7: set_top(p, hwnd, s, count(s)); break;
        default: break;
      }
      return 0;
    }
    case WM_HSCROLL: {
      if (s.style & LBS_MULTICOLUMN) {
        switch (wparam & 0xffff) {
          case 0: set_top(p, hwnd, s, s.top - s.page); break;
          case 1: set_top(p, hwnd, s, s.top + s.page); break;
          case 4:
          case 5: set_top(p, hwnd, s, static_cast<int32_t>((wparam >> 16) & 0xffff) * s.page); break;
          case 6: set_top(p, hwnd, s, 0); break;
          case 7: set_top(p, hwnd, s, count(s)); break;
          default: break;
        }
      } else if (s.horz_extent > s.width) {
        int32_t pos = s.horz_pos;
        switch (wparam & 0xffff) {
          case 0: pos -= 1; break;
          case 1: pos += 1; break;
          case 2: pos -= s.width; break;
          case 3: pos += s.width; break;
          case 4:
          case 5: pos = static_cast<int32_t>((wparam >> 16) & 0xffff); break;
          case 6: pos = 0; break;
          case 7: pos = s.horz_extent - s.width; break;
          default: break;
        }
        pos = std::clamp(pos, 0, std::max(s.horz_extent - s.width, 0));
        if (pos != s.horz_pos) s.horz_pos = pos, redraw(p, hwnd), update_scroll(p, hwnd, s);
      }
      return 0;
    }

    // ---- the list's messages ----
    case LB_ADDSTRING:
    case LB_INSERTSTRING: {
      std::u16string text;
      const uint64_t data = text_arg(p, s, lparam, unicode, text);
      int32_t index = iw;
      if (msg == LB_ADDSTRING) {
        index = find_position(p, hwnd, s, text, data, false);
        if (!alive()) return static_cast<uint64_t>(LB_ERR);
        if (index < 0) index = count(s);
      }
      return static_cast<uint64_t>(insert_item(p, hwnd, s, index, text, data));
    }
    case LB_DELETESTRING:
      if (remove_item(p, hwnd, s, iw) == LB_ERR || !alive()) return static_cast<uint64_t>(LB_ERR);
      return static_cast<uint64_t>(count(s));
    case LB_RESETCONTENT: reset_content(p, hwnd, s); return 0;
    case LB_GETCOUNT: return static_cast<uint64_t>(count(s));
    case LB_GETTEXT: {
      if (iw < 0 || iw >= count(s)) return static_cast<uint64_t>(LB_ERR);
      const ListItem& it = s.items[static_cast<size_t>(iw)];
      if (!has_strings(s)) {
        if (lparam) p.put_ptr(lparam, it.data);
        return p.isa->ptr;
      }
      if (!lparam) return static_cast<uint64_t>(LB_ERR);
      if (unicode) {
        std::memcpy(reinterpret_cast<char16_t*>(lparam), it.text.c_str(), 2 * (it.text.size() + 1));
        return it.text.size();
      }
      const std::string narrow = utf16_to_ansi(it.text);
      std::memcpy(reinterpret_cast<char*>(lparam), narrow.c_str(), narrow.size() + 1);
      return narrow.size();
    }
    case LB_GETTEXTLEN:
      if (iw < 0 || iw >= count(s)) return static_cast<uint64_t>(LB_ERR);
      if (!has_strings(s)) return p.isa->ptr;
      return unicode ? s.items[static_cast<size_t>(iw)].text.size() : utf16_to_ansi(s.items[static_cast<size_t>(iw)].text).size();
    case LB_SETCURSEL: {
      if (multi(s)) return static_cast<uint64_t>(LB_ERR);
      set_caret(p, hwnd, s, iw, false);
      const int64_t r = set_selection(p, hwnd, s, iw, true, false);
      if (!alive()) return static_cast<uint64_t>(LB_ERR);
      return static_cast<uint64_t>(r != LB_ERR ? s.selected : LB_ERR);
    }
    case LB_GETCURSEL:
      if (s.items.empty()) return static_cast<uint64_t>(LB_ERR);
      if (!multi(s)) return static_cast<uint64_t>(static_cast<int64_t>(s.selected));
      if (s.selected != -1) return static_cast<uint64_t>(static_cast<int64_t>(s.selected));
      return static_cast<uint64_t>(static_cast<int64_t>(s.caret));
    case LB_SETSEL: {
      const int32_t index = static_cast<int32_t>(lparam);
      const int64_t r = set_selection(p, hwnd, s, index, wparam != 0, false);
      if (r != LB_ERR && wparam) {
        s.anchor = index;
        if (index != -1) set_caret(p, hwnd, s, index, true);
      }
      return static_cast<uint64_t>(r);
    }
    case LB_GETSEL:
      if (iw < 0 || iw >= count(s)) return static_cast<uint64_t>(LB_ERR);
      if (!multi(s)) return iw == s.selected ? 1 : 0;
      return s.items[static_cast<size_t>(iw)].selected ? 1 : 0;
    case LB_GETSELCOUNT: {
      if (!multi(s)) return static_cast<uint64_t>(LB_ERR);
      int64_t n = 0;
      for (const ListItem& it : s.items) n += it.selected;
      return static_cast<uint64_t>(n);
    }
    case LB_GETSELITEMS: {
      if (!multi(s)) return static_cast<uint64_t>(LB_ERR);
      int32_t n = 0;
      for (int32_t i = 0; i < count(s) && n < iw; ++i)
        if (s.items[static_cast<size_t>(i)].selected) {
          if (lparam) put<int32_t>(lparam + 4ull * static_cast<uint64_t>(n), i);
          ++n;
        }
      return static_cast<uint64_t>(n);
    }
    case LB_SELITEMRANGE: {
      const int32_t a = static_cast<int32_t>(lparam & 0xffff), b = static_cast<int32_t>((lparam >> 16) & 0xffff);
      return static_cast<uint64_t>(a <= b ? select_range(p, hwnd, s, a, b, wparam != 0)
                                          : select_range(p, hwnd, s, b, a, wparam != 0));
    }
    case LB_SELITEMRANGEEX: {
      const int32_t first = iw, last = static_cast<int32_t>(lparam);
      return static_cast<uint64_t>(last >= first ? select_range(p, hwnd, s, first, last, true)
                                                 : select_range(p, hwnd, s, last, first, false));
    }
    case LB_SELECTSTRING: {
      std::u16string text;
      const uint64_t data = text_arg(p, s, lparam, unicode, text);
      const int32_t index = find_string(p, hwnd, s, iw, text, data, false);
      if (index != -1 && alive()) {
        move_caret(p, hwnd, s, index, true);
        set_selection(p, hwnd, s, index, true, false);
      }
      return static_cast<uint64_t>(static_cast<int64_t>(index));
    }
    case LB_FINDSTRING:
    case LB_FINDSTRINGEXACT: {
      std::u16string text;
      const uint64_t data = text_arg(p, s, lparam, unicode, text);
      return static_cast<uint64_t>(static_cast<int64_t>(find_string(p, hwnd, s, iw, text, data, msg == LB_FINDSTRINGEXACT)));
    }
    case LB_SETITEMDATA:
      if (iw < 0 || iw >= count(s)) return static_cast<uint64_t>(LB_ERR);
      s.items[static_cast<size_t>(iw)].data = lparam;
      return 1;
    case LB_GETITEMDATA:
      if (iw < 0 || iw >= count(s)) return static_cast<uint64_t>(LB_ERR);
      return s.items[static_cast<size_t>(iw)].data;
    case LB_SETTOPINDEX: set_top(p, hwnd, s, iw); return 0;
    case LB_GETTOPINDEX: return static_cast<uint64_t>(s.top);
    case LB_GETITEMHEIGHT:
      if (variable(s) && !s.items.empty()) {
        if (iw < 0 || iw >= count(s)) return static_cast<uint64_t>(LB_ERR);
        return static_cast<uint64_t>(s.items[static_cast<size_t>(iw)].height);
      }
      return static_cast<uint64_t>(s.item_height);
    case LB_SETITEMHEIGHT: {
      const int32_t h = static_cast<int32_t>(lparam & 0xffff);
      if (h > 255) return static_cast<uint64_t>(LB_ERR);
      if (variable(s)) {
        if (iw < 0 || iw >= count(s)) return static_cast<uint64_t>(LB_ERR);
        s.items[static_cast<size_t>(iw)].height = h;
        update_page(s);
        redraw(p, hwnd);
      } else if (h != s.item_height) {
        s.item_height = std::max(h, 1);
        update_size(p, hwnd, s);
      }
      return 0;
    }
    case LB_GETITEMRECT: {
      Rect r{};
      int64_t ret;
      if (iw < 0 || iw >= count(s)) {
        if (iw == 0 && s.items.empty()) {
          r = {0, 0, s.width, s.item_height};
          ret = 1;
        } else {
          ret = LB_ERR;
        }
      } else {
        ret = item_rect(s, iw, r) ? 1 : 0;
      }
      if (lparam) put<Rect>(lparam, r);
      return static_cast<uint64_t>(ret);
    }
    case LB_ITEMFROMPOINT: {
      if (s.items.empty()) return 0x1ffff;
      int32_t x = static_cast<int16_t>(lparam & 0xffff), y = static_cast<int16_t>((lparam >> 16) & 0xffff);
      bool hit = true;
      if (x < 0 || y < 0 || x >= s.width || y >= s.height) {
        x = std::max(std::min(x, s.width - 1), 0);
        y = std::max(std::min(y, s.height - 1), 0);
        hit = false;
      }
      int32_t index = item_from_point(s, x, y);
      if (index == -1) index = count(s) - 1, hit = false;
      return pack_words(index, hit ? 0 : 1);
    }
    case LB_SETCARETINDEX:
      if (!multi(s) && s.selected != -1) return static_cast<uint64_t>(LB_ERR);
      if (set_caret(p, hwnd, s, iw, !lparam) == LB_ERR) return static_cast<uint64_t>(LB_ERR);
      return 0;
    case LB_GETCARETINDEX: return static_cast<uint64_t>(static_cast<int64_t>(s.caret));
    case LB_SETANCHORINDEX:
      if (iw < -1 || iw >= count(s)) return static_cast<uint64_t>(LB_ERR);
      s.anchor = iw;
      return 0;
    case LB_GETANCHORINDEX: return static_cast<uint64_t>(static_cast<int64_t>(s.anchor));
    case LB_SETHORIZONTALEXTENT:
      if (!(s.style & LBS_MULTICOLUMN) && iw != s.horz_extent) {
        s.horz_extent = std::max(iw, 0);
        if (s.horz_pos > std::max(s.horz_extent - s.width, 0)) s.horz_pos = std::max(s.horz_extent - s.width, 0);
        redraw(p, hwnd);
        update_scroll(p, hwnd, s);
      }
      return 0;
    case LB_GETHORIZONTALEXTENT: return static_cast<uint64_t>(s.horz_extent);
    case LB_SETCOLUMNWIDTH:
      if (iw != s.column_width) {
        s.column_width = iw;
        redraw(p, hwnd);
        update_scroll(p, hwnd, s);
      }
      return 0;
    case LB_INITSTORAGE: {
      const uint64_t wanted = s.items.size() + wparam;
      if (wanted > 0x7fffffff) return static_cast<uint64_t>(LB_ERRSPACE);
      s.capacity = std::max<uint32_t>(s.capacity, static_cast<uint32_t>(wanted));
      s.items.reserve(s.capacity);
      return s.capacity;
    }
    case LB_SETTABSTOPS: {
      if (!(s.style & LBS_USETABSTOPS)) return 0;
      s.tabs.clear();
      // Tab stops come in dialog units: a quarter of the font's average character width.
      gdi32::TextMetrics tm{};
      int32_t avg = 8;
      const uint64_t hdc = window_dc(p, hwnd, false);
      if (gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc)) {
        const uint32_t old = dc->s.font;
        gdi32::select_object(p, *dc, static_cast<uint32_t>(s.font ? s.font : gdi32::gdi_table(p).stock(gdi32::SYSTEM_FONT)));
        if (gdi32::logical_text_metrics(p, *dc, tm)) avg = std::max(tm.ave_char_width, 1);
        gdi32::select_object(p, *dc, old);
      }
      release_window_dc(p, hwnd, hdc);
      // None: a stop every eight average characters (draw_tabbed's default); one: a stop every
      // that many dialog units; more: each where it says.
      if (wparam && lparam) {
        const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(wparam, 1024));
        for (uint32_t i = 0; i < n; ++i) s.tabs.push_back(get<int32_t>(lparam + 4ull * i) * avg / 4);
      }
      redraw(p, hwnd);
      return 1;
    }
    case LB_GETLISTBOXINFO: return static_cast<uint64_t>(s.page);
    case LB_SETCOUNT: return static_cast<uint64_t>(LB_ERR);  // (only for LBS_NODATA lists, which are not made here)
    case LB_GETLOCALE: return s.locale;
    case LB_SETLOCALE: {
      const uint32_t old = s.locale;
      s.locale = static_cast<uint32_t>(wparam);
      return old;
    }
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace

const ControlClass& listbox_class() {
  static const Export entry = EXPORT("ListBoxWndProcW", control_entry<listbox_proc>);
  static const ControlClass c{u"ListBox", 0x8 /* CS_DBLCLKS */, 8, listbox_proc, &entry, 32512, 0};
  return c;
}

const ControlClass& combolbox_class() {
  static const Export entry = EXPORT("ComboLBoxWndProcW", control_entry<listbox_proc>);
  static const ControlClass c{u"ComboLBox", 0x808 /* CS_DBLCLKS | CS_SAVEBITS */, 8, listbox_proc, &entry,
                              32512, 0};
  return c;
}

}  // namespace polyrun::shims::user32
