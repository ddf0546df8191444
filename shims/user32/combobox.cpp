// The COMBOBOX control: a selection field (an Edit child for CBS_SIMPLE and CBS_DROPDOWN, the
// selected item drawn in place for CBS_DROPDOWNLIST) over a list — a ComboLBox child below it for
// CBS_SIMPLE, a top-level pop-up dropped under it by the button, F4 or Alt+Down otherwise. The
// list is the ListBox code (user32/listbox.cpp) with the combo box as its owner: its LB_ messages
// come from the CB_ ones, its notifications and owner-draw messages come back here and go on to the
// combo box's parent as CBN_ codes and ODT_COMBOBOX structures.
#include <algorithm>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  CBS_SIMPLE = 0x1, CBS_DROPDOWN = 0x2, CBS_DROPDOWNLIST = 0x3, CBS_OWNERDRAWFIXED = 0x10,
  CBS_OWNERDRAWVARIABLE = 0x20, CBS_AUTOHSCROLL = 0x40, CBS_SORT = 0x100, CBS_HASSTRINGS = 0x200,
  CBS_NOINTEGRALHEIGHT = 0x400, CBS_DISABLENOSCROLL = 0x800, CBS_UPPERCASE = 0x2000, CBS_LOWERCASE = 0x4000,
};
enum : uint32_t {
  CB_GETEDITSEL = 0x140, CB_LIMITTEXT = 0x141, CB_SETEDITSEL = 0x142, CB_ADDSTRING = 0x143, CB_DELETESTRING = 0x144,
  CB_DIR = 0x145, CB_GETCOUNT = 0x146, CB_GETCURSEL = 0x147, CB_GETLBTEXT = 0x148, CB_GETLBTEXTLEN = 0x149,
  CB_INSERTSTRING = 0x14a, CB_RESETCONTENT = 0x14b, CB_FINDSTRING = 0x14c, CB_SELECTSTRING = 0x14d,
  CB_SETCURSEL = 0x14e, CB_SHOWDROPDOWN = 0x14f, CB_GETITEMDATA = 0x150, CB_SETITEMDATA = 0x151,
  CB_GETDROPPEDCONTROLRECT = 0x152, CB_SETITEMHEIGHT = 0x153, CB_GETITEMHEIGHT = 0x154, CB_SETEXTENDEDUI = 0x155,
  CB_GETEXTENDEDUI = 0x156, CB_GETDROPPEDSTATE = 0x157, CB_FINDSTRINGEXACT = 0x158, CB_SETLOCALE = 0x159,
  CB_GETLOCALE = 0x15a, CB_GETTOPINDEX = 0x15b, CB_SETTOPINDEX = 0x15c, CB_GETHORIZONTALEXTENT = 0x15d,
  CB_SETHORIZONTALEXTENT = 0x15e, CB_GETDROPPEDWIDTH = 0x15f, CB_SETDROPPEDWIDTH = 0x160, CB_INITSTORAGE = 0x161,
  CB_GETCOMBOBOXINFO = 0x164,
};
enum : uint32_t {
  CBN_SELCHANGE = 1, CBN_DBLCLK = 2, CBN_SETFOCUS = 3, CBN_KILLFOCUS = 4, CBN_EDITCHANGE = 5, CBN_EDITUPDATE = 6,
  CBN_DROPDOWN = 7, CBN_CLOSEUP = 8, CBN_SELENDOK = 9, CBN_SELENDCANCEL = 10,
};
// The list's messages the combo box passes on.
enum : uint32_t {
  CLB_ADDSTRING = 0x180, CLB_INSERTSTRING = 0x181, CLB_DELETESTRING = 0x182, CLB_RESETCONTENT = 0x184,
  CLB_SETCURSEL = 0x186, CLB_GETCURSEL = 0x188, CLB_GETTEXT = 0x189, CLB_GETTEXTLEN = 0x18a, CLB_GETCOUNT = 0x18b,
  CLB_SELECTSTRING = 0x18c, CLB_GETTOPINDEX = 0x18e, CLB_FINDSTRING = 0x18f, CLB_GETHORIZONTALEXTENT = 0x193,
  CLB_SETHORIZONTALEXTENT = 0x194, CLB_SETTOPINDEX = 0x197, CLB_GETITEMDATA = 0x199, CLB_SETITEMDATA = 0x19a,
  CLB_SETCARETINDEX = 0x19e, CLB_SETITEMHEIGHT = 0x1a0, CLB_GETITEMHEIGHT = 0x1a1, CLB_FINDSTRINGEXACT = 0x1a2,
  CLB_CARETON = 0x1a3, CLB_CARETOFF = 0x1a4, CLB_SETLOCALE = 0x1a5, CLB_GETLOCALE = 0x1a6, CLB_INITSTORAGE = 0x1a8,
  CLBN_SELCHANGE = 1, CLBN_DBLCLK = 2, CLBN_SELCANCEL = 3,
};
// The edit part's messages and notifications.
enum : uint32_t {
  EM_GETSEL_ = 0xb0, EM_SETSEL_ = 0xb1, EM_LIMITTEXT_ = 0xc5,
  EN_SETFOCUS_ = 0x100, EN_KILLFOCUS_ = 0x200, EN_CHANGE_ = 0x300, EN_UPDATE_ = 0x400, EN_ERRSPACE_ = 0x500,
};
constexpr int64_t CB_OKAY = 0, CB_ERR = -1;
constexpr uint32_t kListId = 1000, kEditId = 1001;
enum : uint32_t {
  WM_MEASUREITEM_C = 0x002c, WM_DRAWITEM_C = 0x002b, WM_DELETEITEM_C = 0x002d, WM_COMPAREITEM_C = 0x0039,
};
enum : int32_t {
  COLOR_HIGHLIGHT_C = 13, COLOR_HIGHLIGHTTEXT_C = 14, COLOR_BTNFACE_C = 15, COLOR_GRAYTEXT_C = 17, COLOR_BTNTEXT_C = 18,
};
constexpr uint32_t kEdgeSunken = 0x0a, kEdgeRaised = 0x05, kBfRect = 0xf;

struct ComboState : ControlState {
  bool created = false;
  uint32_t style = 0;
  uint64_t owner = 0, list = 0, edit = 0;
  bool dropped = false, focused = false, button_down = false, capture = false, extended_ui = false;
  bool no_rollup = false, no_edit_notify = false, no_list_select = false, been_focused = false;
  int32_t dropped_index = -1;
  int32_t edit_height = 0, fixed_item_height = 0, dropped_width = 0;
  int32_t dropped_height = 0;  // the list's height when dropped (what CreateWindow's height leaves under the field)
  Rect text_rect, button_rect;
};

uint32_t kind(const ComboState& s) { return s.style & 3; }
bool has_edit(const ComboState& s) { return s.edit != 0; }

ComboState* combo_state(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w) return nullptr;
  return dynamic_cast<ComboState*>(w->control.get());
}

uint64_t to_list(WindowsProcess& p, ComboState& s, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode = true) {
  return s.list ? send_message(p, s.list, msg, wparam, lparam, unicode) : static_cast<uint64_t>(CB_ERR);
}
int64_t list_int(WindowsProcess& p, ComboState& s, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode = true) {
  const uint64_t r = to_list(p, s, msg, wparam, lparam, unicode);
  return p.isa->ptr == 4 ? static_cast<int64_t>(static_cast<int32_t>(r)) : static_cast<int64_t>(r);
}

void cb_notify(WindowsProcess& p, uint64_t hwnd, ComboState& s, uint32_t code) {
  Window* w = find_window(p, hwnd);
  if (!w || !s.owner) return;
  send_message(p, s.owner, WM_COMMAND, pack_words(static_cast<int32_t>(w->id & 0xffff), static_cast<int32_t>(code)), hwnd);
}

void repaint(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w || !visible(p, hwnd)) return;
  w->update = {0, 0, w->client.width(), w->client.height()};
  w->erase = true;
}

std::u16string item_text(WindowsProcess& p, ComboState& s, int32_t index) {
  const int64_t len = list_int(p, s, CLB_GETTEXTLEN, static_cast<uint64_t>(index), 0);
  if (len < 0 || !(s.style & CBS_HASSTRINGS)) return {};
  const uint64_t at = p.heap.alloc(2 * (static_cast<size_t>(len) + 1), true);
  std::u16string t;
  if (at) {
    if (list_int(p, s, CLB_GETTEXT, static_cast<uint64_t>(index), at) >= 0) t = reinterpret_cast<const char16_t*>(at);
    p.heap.free(at);
  }
  return t;
}

std::u16string window_text_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? w->text : std::u16string();
}

// The edit part shows item `index` (nothing for -1), its text all selected when focused.
void update_edit(WindowsProcess& p, uint64_t hwnd, ComboState& s, int32_t index) {
  if (!has_edit(s)) return;
  const std::u16string text = index >= 0 ? item_text(p, s, index) : std::u16string();
  if (!combo_state(p, hwnd)) return;
  if (s.style & CBS_HASSTRINGS) {
    s.no_edit_notify = s.no_list_select = true;
    GuestText g(p, text);
    send_message(p, s.edit, WM_SETTEXT, 0, g.at, true);
    s.no_edit_notify = s.no_list_select = false;
  }
  if (s.focused) send_message(p, s.edit, EM_SETSEL_, 0, static_cast<uint64_t>(-1));
}

// The list follows the edit part's text: the item it begins, selected or not.
int32_t update_list(WindowsProcess& p, ComboState& s, bool select) {
  int32_t index = -1;
  const std::u16string text = has_edit(s) ? window_text_of(p, s.edit) : std::u16string();
  if (!text.empty()) {
    GuestText g(p, text);
    index = static_cast<int32_t>(list_int(p, s, CLB_FINDSTRING, static_cast<uint64_t>(-1), g.at));
  }
  to_list(p, s, CLB_SETCURSEL, static_cast<uint64_t>(static_cast<int64_t>(select ? index : -1)), 0);
  if (index >= 0) {
    to_list(p, s, CLB_SETTOPINDEX, static_cast<uint64_t>(index), 0);
    to_list(p, s, CLB_SETCARETINDEX, static_cast<uint64_t>(index), 0);
  }
  return index;
}

uint32_t send_measure_item(WindowsProcess& p, uint64_t hwnd, ComboState& s, int32_t item, int32_t width, int32_t height) {
  const unsigned w = p.isa->ptr;
  const uint64_t at = p.heap.alloc(w == 8 ? 32 : 24, true);
  Window* win = find_window(p, hwnd);
  const uint32_t id = win ? static_cast<uint32_t>(win->id) : 0;
  put<uint32_t>(at, 3);  // ODT_COMBOBOX
  put<uint32_t>(at + 4, id);
  put<uint32_t>(at + 8, static_cast<uint32_t>(item));
  put<uint32_t>(at + 12, static_cast<uint32_t>(width));
  put<uint32_t>(at + 16, static_cast<uint32_t>(height));
  send_message(p, s.owner, WM_MEASUREITEM_C, id, at);
  const uint32_t h = get<uint32_t>(at + 16);
  p.heap.free(at);
  return h;
}

// The field's height: what Windows makes of the font's text height (13/8 of it, less the
// borders), or 6 more than the owner measures for an owner-drawn combo box.
int32_t text_area_height(WindowsProcess& p, uint64_t hwnd, ComboState& s) {
  if (s.edit_height > 0) return s.edit_height;
  const int32_t base = font_text_height(p, hwnd, s.font);
  int32_t h = (13 * base) / 8 - 4;
  if (s.style & (CBS_OWNERDRAWFIXED | CBS_OWNERDRAWVARIABLE)) {
    Window* w = find_window(p, hwnd);
    const int32_t width = w ? w->client.width() : 0;
    const uint32_t measured = send_measure_item(p, hwnd, s, -1, width, h - 1);
    if (!combo_state(p, hwnd)) return h;
    h = 6 + static_cast<int32_t>(measured);
    if (s.style & CBS_OWNERDRAWFIXED) {
      s.fixed_item_height = static_cast<int32_t>(send_measure_item(p, hwnd, s, 0, width, base));
      if (!combo_state(p, hwnd)) return h;
    }
    s.edit_height = h;
  }
  return h;
}

// The field, the button and the edit part's places in the client area.
void calc_placement(WindowsProcess& p, uint64_t hwnd, ComboState& s) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  Rect edit{2, 2, w->client.width() - 2, 0};
  edit.bottom = edit.top + text_area_height(p, hwnd, s);
  Rect button = edit;
  if (kind(s) == CBS_SIMPLE) {
    button = {};
  } else {
    button.left = button.right - system_metric(p, 2 /* SM_CXVSCROLL */);
    edit.right = button.left;
  }
  if (kind(s) != CBS_DROPDOWNLIST) edit = {edit.left + 1, edit.top + 1, edit.right - 1, edit.bottom - 1};
  s.text_rect = edit;
  s.button_rect = button;
}

void place_children(WindowsProcess& p, uint64_t hwnd, ComboState& s) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  if (s.edit)
    set_window_position(p, s.edit, 0, s.text_rect.left, s.text_rect.top, s.text_rect.width(), s.text_rect.height(),
                        SWP_NOZORDER | SWP_NOACTIVATE | SWP_NOREDRAW);
  if (kind(s) == CBS_SIMPLE && s.list) {
    const int32_t top = s.text_rect.bottom + 2 + (has_edit(s) ? 1 : 0);
    set_window_position(p, s.list, 0, 0, top, w->client.width(), std::max(w->client.height() - top, 0),
                        SWP_NOZORDER | SWP_NOACTIVATE);
  }
}

void roll_up(WindowsProcess& p, uint64_t hwnd, ComboState& s, bool ok) {
  if (kind(s) == CBS_SIMPLE || !find_window(p, hwnd)) return;
  cb_notify(p, hwnd, s, ok ? CBN_SELENDOK : CBN_SELENDCANCEL);
  if (!combo_state(p, hwnd) || !s.dropped) return;
  s.dropped = false;
  if (s.list) show_window_command(p, s.list, 0 /* SW_HIDE */);
  ThreadQueue& q = own_queue(p);
  if (s.list && q.input->capture == s.list) {
    q.input->capture = 0;
    send_message(p, s.list, WM_CAPTURECHANGED, 0, 0);
  }
  repaint(p, hwnd);
  if (combo_state(p, hwnd)) cb_notify(p, hwnd, s, CBN_CLOSEUP);
}

void drop_down(WindowsProcess& p, uint64_t hwnd, ComboState& s) {
  s.dropped = true;
  cb_notify(p, hwnd, s, CBN_DROPDOWN);
  if (!combo_state(p, hwnd) || !s.list) return;
  s.dropped_index = static_cast<int32_t>(list_int(p, s, CLB_GETCURSEL, 0, 0));
  if (kind(s) == CBS_DROPDOWN) {
    s.dropped_index = update_list(p, s, true);
    if (!s.capture) update_edit(p, hwnd, s, s.dropped_index);
  } else {
    to_list(p, s, CLB_SETTOPINDEX, static_cast<uint64_t>(std::max(s.dropped_index, 0)), 0);
    to_list(p, s, CLB_CARETON, 0, 0);
  }
  Window* w = find_window(p, hwnd);
  if (!w || !combo_state(p, hwnd)) return;
  const Rect r = screen_rect(p, *w);
  const int32_t n = static_cast<int32_t>(list_int(p, s, CLB_GETCOUNT, 0, 0));
  const int32_t ih = std::max<int32_t>(static_cast<int32_t>(list_int(p, s, CLB_GETITEMHEIGHT, 0, 0)), 1);
  int32_t height = s.dropped_height;
  if (height < ih + 2) height = (n < 5 ? n + 1 : std::min(n, 30)) * ih + 2;
  if (!(s.style & CBS_NOINTEGRALHEIGHT) && n > 0 && !(s.style & CBS_OWNERDRAWVARIABLE)) {
    const int32_t rows = std::max((height - 2) / ih, 1);
    height = std::min(rows, n) * ih + 2;
  }
  const int32_t width = std::max(s.dropped_width, r.width());
  int32_t top = r.bottom;
  if (top + height >= window_manager(p).screen.bottom) top = r.top - height;
  set_window_position(p, s.list, 0, r.left, top, width, height, SWP_NOACTIVATE | SWP_SHOWWINDOW);
  repaint(p, hwnd);
  ThreadQueue& q = own_queue(p);
  if (q.input->capture != hwnd && combo_state(p, hwnd)) {
    const uint64_t previous = q.input->capture;
    q.input->capture = s.list;
    if (previous && previous != s.list) send_message(p, previous, WM_CAPTURECHANGED, 0, s.list);
  }
}

bool flip(WindowsProcess& p, uint64_t hwnd, ComboState& s, bool ok) {
  if (s.dropped) {
    roll_up(p, hwnd, s, ok);
    return false;
  }
  drop_down(p, hwnd, s);
  return true;
}

void set_focus_state(WindowsProcess& p, uint64_t hwnd, ComboState& s) {
  if (s.focused) return;
  if (kind(s) == CBS_DROPDOWNLIST) to_list(p, s, CLB_CARETON, 0, 0);
  repaint(p, hwnd);
  cb_notify(p, hwnd, s, CBN_SETFOCUS);
  if (combo_state(p, hwnd)) s.focused = true;
}

void kill_focus_state(WindowsProcess& p, uint64_t hwnd, ComboState& s) {
  if (!s.focused) return;
  roll_up(p, hwnd, s, false);
  if (!combo_state(p, hwnd)) return;
  if (kind(s) == CBS_DROPDOWNLIST) to_list(p, s, CLB_CARETOFF, 0, 0);
  s.focused = false;
  repaint(p, hwnd);
  cb_notify(p, hwnd, s, CBN_KILLFOCUS);
}

// The list's and edit part's notifications (WM_COMMAND from them).
void child_command(WindowsProcess& p, uint64_t hwnd, ComboState& s, uint32_t code, uint64_t from) {
  if (from && from == s.edit) {
    switch (code) {
      case EN_SETFOCUS_: set_focus_state(p, hwnd, s); break;
      case EN_KILLFOCUS_: kill_focus_state(p, hwnd, s); break;
      case EN_CHANGE_:
        if (s.no_list_select)
          s.no_list_select = false;
        else
          update_list(p, s, s.dropped);
        if (!s.no_edit_notify && combo_state(p, hwnd)) cb_notify(p, hwnd, s, CBN_EDITCHANGE);
        break;
      case EN_UPDATE_:
        if (!s.no_edit_notify) cb_notify(p, hwnd, s, CBN_EDITUPDATE);
        break;
      case EN_ERRSPACE_: cb_notify(p, hwnd, s, static_cast<uint32_t>(-1) /* CBN_ERRSPACE */); break;
      default: break;
    }
    return;
  }
  if (!from || from != s.list) return;
  switch (code) {
    case CLBN_SELCHANGE:
    case CLBN_SELCANCEL:
      if (!s.no_rollup)
        roll_up(p, hwnd, s, code == CLBN_SELCHANGE);
      else
        s.no_rollup = false;
      if (!combo_state(p, hwnd)) return;
      cb_notify(p, hwnd, s, CBN_SELCHANGE);
      if (!combo_state(p, hwnd)) return;
      if (code == CLBN_SELCHANGE) {
        if (has_edit(s)) {
          s.no_list_select = true;
          update_edit(p, hwnd, s, static_cast<int32_t>(list_int(p, s, CLB_GETCURSEL, 0, 0)));
          s.no_list_select = false;
        } else {
          repaint(p, hwnd);
        }
      }
      break;
    case CLBN_DBLCLK: cb_notify(p, hwnd, s, CBN_DBLCLK); break;
    default: break;
  }
}

// WM_DRAWITEM and the others from the list, as the combo box's parent expects them.
uint64_t item_op(WindowsProcess& p, uint64_t hwnd, ComboState& s, uint32_t msg, uint64_t lparam) {
  Window* w = find_window(p, hwnd);
  if (!w || !lparam) return 0;
  const uint32_t id = static_cast<uint32_t>(w->id);
  const unsigned pw = p.isa->ptr;
  put<uint32_t>(lparam, 3);  // ODT_COMBOBOX
  put<uint32_t>(lparam + 4, id);
  if (msg == WM_DELETEITEM_C) p.put_ptr(lparam + (pw == 8 ? 16 : 12), hwnd);
  if (msg == WM_DRAWITEM_C) p.put_ptr(lparam + (pw == 8 ? 24 : 20), hwnd);
  if (msg == WM_COMPAREITEM_C) p.put_ptr(lparam + 8, hwnd);
  return send_message(p, s.owner, msg, id, lparam);
}

uint64_t prepare_colors(WindowsProcess& p, uint64_t hwnd, ComboState& s, uint64_t hdc) {
  Window* w = find_window(p, hwnd);
  const bool disabled = w && (w->style & WS_DISABLED);
  const uint32_t msg = (has_edit(s) || !disabled) ? uint32_t{WM_CTLCOLOREDIT} : uint32_t{WM_CTLCOLORSTATIC};
  uint64_t brush = s.owner ? send_message(p, s.owner, msg, hdc, hwnd) : 0;
  if (p.isa->ptr == 4) brush &= 0xffffffffu;
  if (!brush || !gdi32::gdi_table(p).find(static_cast<uint32_t>(brush))) brush = default_control_color(p, hdc, msg);
  return brush;
}

void draw_button(WindowsProcess& p, gdi32::DeviceContext& dc, Rect r, bool pressed, bool disabled) {
  fill_sys_color(p, dc, r, COLOR_BTNFACE_C);
  const Rect inner = draw_edge(p, dc, r, pressed ? kEdgeSunken : kEdgeRaised, kBfRect);
  // The arrow: a triangle of rows, point down.
  const int32_t cx = (inner.left + inner.right) / 2 + (pressed ? 1 : 0);
  const int32_t cy = (inner.top + inner.bottom) / 2 + (pressed ? 1 : 0);
  const int32_t half = std::max(std::min(inner.width(), inner.height()) / 4, 2);
  for (int32_t i = 0; i < half; ++i) {
    const Rect row{cx - half + i + 1, cy - half / 2 + i, cx + half - i, cy - half / 2 + i + 1};
    if (row.left < row.right) fill_sys_color(p, dc, row, disabled ? COLOR_GRAYTEXT_C : COLOR_BTNTEXT_C);
  }
}

void paint(WindowsProcess& p, uint64_t hwnd, ComboState& s, uint64_t given_dc) {
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    const uint64_t brush = prepare_colors(p, hwnd, s, cp.hdc);
    gdi32::DeviceContext* dc = gdi32::find_dc(p, cp.hdc);
    Window* w = find_window(p, hwnd);
    if (!dc || !w || !combo_state(p, hwnd)) return;
    const bool disabled = (w->style & WS_DISABLED) != 0;
    // The frame, the background and the button.
    Rect frame = cp.client;
    if (kind(s) == CBS_SIMPLE) frame = {s.text_rect.left - 2 - 1, s.text_rect.top - 2 - 1, s.text_rect.right + 2 + 1, s.text_rect.bottom + 2 + 1};
    if (kind(s) == CBS_SIMPLE) {
      fill_with_brush(p, *dc, cp.client, brush);
    }
    const Rect inside = draw_edge(p, *dc, frame, kEdgeSunken, kBfRect);
    if (kind(s) != CBS_SIMPLE) {
      fill_with_brush(p, *dc, {inside.left, inside.top, s.button_rect.left > inside.left ? s.button_rect.left : inside.right, inside.bottom}, brush);
      if (!s.button_rect.empty()) draw_button(p, *dc, s.button_rect, s.button_down && s.dropped, disabled);
    }
    if (has_edit(s)) return;
    // The selected item in the field (drawn by the owner when it draws the items).
    const int32_t index = s.list ? static_cast<int32_t>(list_int(p, s, CLB_GETCURSEL, 0, 0)) : -1;
    if (!(dc = gdi32::find_dc(p, cp.hdc)) || !combo_state(p, hwnd)) return;
    Rect r = s.text_rect;
    const bool highlight = s.focused && !s.dropped;
    if (s.style & (CBS_OWNERDRAWFIXED | CBS_OWNERDRAWVARIABLE)) {
      Rect item = r;
      item.left += 1, item.top += 1, item.right -= 1, item.bottom -= 1;
      fill_with_brush(p, *dc, r, brush);
      const unsigned pw = p.isa->ptr;
      const uint64_t at = p.heap.alloc(pw == 8 ? 64 : 48, true);
      uint32_t state = 0x1000;  // ODS_COMBOBOXEDIT
      if (highlight) state |= 0x1 | 0x10;
      if (disabled) state |= 0x4;
      put<uint32_t>(at, 3);
      put<uint32_t>(at + 4, static_cast<uint32_t>(w->id));
      put<uint32_t>(at + 8, static_cast<uint32_t>(index));
      put<uint32_t>(at + 12, 1);  // ODA_DRAWENTIRE
      put<uint32_t>(at + 16, state);
      p.put_ptr(at + (pw == 8 ? 24 : 20), hwnd);
      p.put_ptr(at + (pw == 8 ? 32 : 24), cp.hdc);
      put<Rect>(at + (pw == 8 ? 40 : 28), item);
      p.put_ptr(at + (pw == 8 ? 56 : 44), index >= 0 ? to_list(p, s, CLB_GETITEMDATA, static_cast<uint64_t>(index), 0) : 0);
      send_message(p, s.owner, WM_DRAWITEM_C, w->id, at);
      p.heap.free(at);
      return;
    }
    const std::u16string text = index >= 0 ? item_text(p, s, index) : std::u16string();
    if (!(dc = gdi32::find_dc(p, cp.hdc)) || !combo_state(p, hwnd)) return;
    Rect field{r.left + 1, r.top + 1, r.right - 1, r.bottom - 1};
    fill_with_brush(p, *dc, r, brush);
    if (highlight) {
      dc->s.bk_color = sys_color(COLOR_HIGHLIGHT_C);
      dc->s.text_color = sys_color(COLOR_HIGHLIGHTTEXT_C);
    } else if (disabled) {
      dc->s.text_color = sys_color(COLOR_GRAYTEXT_C);
    }
    gdi32::dc_changed(*dc);
    const int32_t y = field.top + std::max((field.height() - text_height(p, *dc)) / 2, 0);
    gdi32::ext_text_out(p, *dc, field.left + 1, y, 2 | 4 /* ETO_OPAQUE | ETO_CLIPPED */, &field, text, nullptr, true);
    if (highlight) draw_focus_rect(p, *dc, field);
  });
}

void combo_button_down(WindowsProcess& p, uint64_t hwnd, ComboState& s, int32_t x, int32_t y) {
  const bool on_button = x >= s.button_rect.left && x < s.button_rect.right && y >= s.button_rect.top &&
                         y < s.button_rect.bottom;
  if (kind(s) == CBS_DROPDOWNLIST || (on_button && kind(s) == CBS_DROPDOWN)) {
    s.button_down = true;
    if (s.dropped) {
      s.button_down = false;
      roll_up(p, hwnd, s, true);
      if (!combo_state(p, hwnd)) return;
      if (s.capture) {
        s.capture = false;
        ThreadQueue& q = own_queue(p);
        if (q.input->capture == hwnd) q.input->capture = 0, send_message(p, hwnd, WM_CAPTURECHANGED, 0, 0);
      }
    } else {
      s.capture = true;
      ThreadQueue& q = own_queue(p);
      const uint64_t previous = q.input->capture;
      q.input->capture = hwnd;
      if (previous && previous != hwnd) send_message(p, previous, WM_CAPTURECHANGED, 0, hwnd);
      if (!combo_state(p, hwnd)) return;
      drop_down(p, hwnd, s);
    }
    repaint(p, hwnd);
  }
}

void combo_button_up(WindowsProcess& p, uint64_t hwnd, ComboState& s) {
  if (s.capture) {
    s.capture = false;
    if (kind(s) == CBS_DROPDOWN) {
      const int32_t index = update_list(p, s, true);
      if (index >= 0) {
        s.no_list_select = true;
        update_edit(p, hwnd, s, index);
        s.no_list_select = false;
      }
    }
    ThreadQueue& q = own_queue(p);
    if (s.dropped && s.list) {
      q.input->capture = s.list;
    } else if (q.input->capture == hwnd) {
      q.input->capture = 0;
    }
  }
  if (s.button_down) {
    s.button_down = false;
    repaint(p, hwnd);
  }
}

void combo_mouse_move(WindowsProcess& p, uint64_t hwnd, ComboState& s, uint64_t keys, int32_t x, int32_t y) {
  if (!s.capture || !s.dropped || !s.list) return;
  Window* w = find_window(p, hwnd);
  Window* lw = find_window(p, s.list);
  if (!w || !lw) return;
  const Rect cs = client_screen_rect(p, *w);
  const Rect ls = client_screen_rect(p, *lw);
  const int32_t sx = cs.left + x, sy = cs.top + y;
  if (sx >= ls.left && sx < ls.right && sy >= ls.top && sy < ls.bottom) {
    // The pointer went into the list: it tracks from here.
    s.capture = false;
    ThreadQueue& q = own_queue(p);
    q.input->capture = 0;
    if (kind(s) == CBS_DROPDOWN) update_list(p, s, true);
    send_message(p, s.list, WM_LBUTTONDOWN, keys, pack_words(sx - ls.left, sy - ls.top));
  }
}

int64_t get_text(WindowsProcess& p, ComboState& s, uint64_t size, uint64_t buf, bool unicode) {
  if (!size || !buf) return 0;
  const int32_t index = s.list ? static_cast<int32_t>(list_int(p, s, CLB_GETCURSEL, 0, 0)) : -1;
  std::u16string text = index >= 0 ? item_text(p, s, index) : std::u16string();
  return copy_text_out(p, text, Ptr(buf), static_cast<int32_t>(std::min<uint64_t>(size, 0x7fffffff)), unicode);
}

void fill_info(WindowsProcess& p, uint64_t hwnd, ComboState& s, uint64_t at) {
  const unsigned w = p.isa->ptr;
  put<Rect>(at + 4, s.text_rect);
  put<Rect>(at + 20, s.button_rect);
  uint32_t state = 0;
  if (kind(s) == CBS_SIMPLE) state = 0x8000;  // STATE_SYSTEM_INVISIBLE
  else if (s.button_down && s.dropped) state = 0x8;  // STATE_SYSTEM_PRESSED
  put<uint32_t>(at + 36, state);
  p.put_ptr(at + 40, hwnd);
  p.put_ptr(at + 40 + w, s.edit);
  p.put_ptr(at + 40 + 2 * w, s.list);
}

bool create(WindowsProcess& p, uint64_t hwnd, ComboState& s) {
  Window* w = find_window(p, hwnd);
  if (!w) return false;
  s.created = true;
  s.style = (w->style & ~(WS_VSCROLL | WS_HSCROLL)) | (s.style & (WS_VSCROLL | WS_HSCROLL));
  if (!(s.style & (CBS_OWNERDRAWFIXED | CBS_OWNERDRAWVARIABLE))) s.style |= CBS_HASSTRINGS;
  s.owner = (w->style & WS_CHILD) ? w->parent : w->owner;
  const int32_t requested = w->window.height();
  calc_placement(p, hwnd, s);
  if (!(w = find_window(p, hwnd)) || !combo_state(p, hwnd)) return false;
  const int32_t field = s.text_rect.bottom + (kind(s) == CBS_DROPDOWNLIST ? 0 : 1) + 2;
  s.dropped_height = std::max(requested - field, 0);
  // The list.
  uint32_t list_style = 0x1 /* LBS_NOTIFY */ | 0x8000 /* LBS_COMBOBOX */ | WS_BORDER | WS_CLIPSIBLINGS;
  if (s.style & CBS_SORT) list_style |= 0x2;
  if (s.style & CBS_HASSTRINGS) list_style |= 0x40;
  if (s.style & CBS_OWNERDRAWFIXED) list_style |= 0x10;
  if (s.style & CBS_OWNERDRAWVARIABLE) list_style |= 0x20;
  if (s.style & CBS_NOINTEGRALHEIGHT) list_style |= 0x100;
  if (s.style & CBS_DISABLENOSCROLL) list_style |= 0x1000;
  if (s.style & WS_VSCROLL) list_style |= WS_VSCROLL;
  uint32_t list_ex = 0;
  int32_t lx = 0, ly = 0, lw = w->client.width(), lh = s.dropped_height;
  if (kind(s) == CBS_SIMPLE) {
    list_style |= WS_CHILD | WS_VISIBLE;
    ly = field;
    lh = std::max(w->client.height() - field, 0);
    list_ex = WS_EX_CLIENTEDGE;
    list_style &= ~WS_BORDER;
  } else {
    list_style |= WS_CHILD;
    list_ex = WS_EX_TOOLWINDOW | WS_EX_TOPMOST;
  }
  {
    GuestText cls(p, u"ComboLBox");
    s.list = create_window(p, list_ex, cls.at, 0, list_style, lx, ly, lw, lh, hwnd, kListId, w->instance, hwnd, true);
  }
  if (!combo_state(p, hwnd) || !s.list) return false;
  if (kind(s) != CBS_DROPDOWNLIST) {
    uint32_t edit_style = WS_CHILD | WS_VISIBLE | 0x200 /* ES_COMBO */;
    if (s.style & CBS_AUTOHSCROLL) edit_style |= 0x80;   // ES_AUTOHSCROLL
    if (s.style & CBS_LOWERCASE) edit_style |= 0x10;     // ES_LOWERCASE
    if (s.style & CBS_UPPERCASE) edit_style |= 0x8;      // ES_UPPERCASE
    if (s.style & 0x80) edit_style |= 0x400;              // CBS_OEMCONVERT: ES_OEMCONVERT
    if ((w = find_window(p, hwnd)) && (w->style & WS_DISABLED)) edit_style |= WS_DISABLED;
    GuestText cls(p, u"Edit");
    const std::u16string text = w ? w->text : std::u16string();
    GuestText name(p, text);
    const uint64_t instance = w ? w->instance : 0;
    // Without an Edit class the combo box keeps its text to itself (the field drawn as a list's).
    if (find_class(p, u"Edit", instance, true))
      s.edit = create_window(p, 0, cls.at, name.at, edit_style, s.text_rect.left, s.text_rect.top,
                                s.text_rect.width(), s.text_rect.height(), hwnd, kEditId, instance, 0, true);
    if (!combo_state(p, hwnd)) return false;
  }
  // The drop-down list, made the combo box's child 1000 (where the edit part looks for it), goes
  // to the desktop, as Windows has it: a window of its own on the screen, over the others.
  if (kind(s) != CBS_SIMPLE) {
    WindowManager& wm = window_manager(p);
    Window* lw = find_window(p, s.list);
    Window* combo = find_window(p, hwnd);
    Window* desktop = find_window(p, wm.desktop);
    if (lw && combo && desktop && lw->parent == hwnd) {
      std::erase(combo->children, s.list);
      lw->parent = wm.desktop;
      desktop->children.insert(desktop->children.begin(), s.list);
    }
  }
  // A closed combo box is as tall as its field.
  if ((w = find_window(p, hwnd)) && kind(s) != CBS_SIMPLE) {
    const int32_t height = s.text_rect.bottom + (kind(s) == CBS_DROPDOWNLIST ? 0 : 1) + 2 +
                           (w->window.height() - w->client.height());
    if (height != w->window.height())
      set_window_position(p, hwnd, 0, 0, 0, w->window.width(), height, SWP_NOZORDER | SWP_NOACTIVATE | SWP_NOMOVE);
  }
  place_children(p, hwnd, s);
  return true;
}

uint64_t combobox_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  ComboState& s = control_state<ComboState>(*w);
  if (msg == WM_NCCREATE) {
    // The scroll bars a program asks for are the list's; the combo box draws its own frame.
    s.style = w->style & (WS_VSCROLL | WS_HSCROLL);
    w->style &= ~(WS_BORDER | WS_VSCROLL | WS_HSCROLL);
    w->ex_style &= ~WS_EX_CLIENTEDGE;
  }
  if (!s.created && msg != WM_CREATE) return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  auto alive = [&] { return combo_state(p, hwnd) == &s; };
  const auto err = static_cast<uint64_t>(CB_ERR);
  switch (msg) {
    case WM_CREATE: return create(p, hwnd, s) ? 0 : static_cast<uint64_t>(-1);
    case WM_DESTROY: {
      const uint64_t list = kind(s) == CBS_SIMPLE ? 0 : s.list;  // (a CBS_SIMPLE one's goes with its parent)
      if (list) {
        s.list = 0;
        ThreadQueue& q = own_queue(p);
        if (q.input->capture == list) q.input->capture = 0;
        destroy_window(p, list);
      }
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    }
    case WM_SIZE:
      if (s.created) {
        calc_placement(p, hwnd, s);
        if (alive()) place_children(p, hwnd, s);
      }
      return 0;
    case WM_GETDLGCODE: {
      uint64_t r = DLGC_WANTARROWS | DLGC_WANTCHARS;
      if (lparam) {
        const uint32_t m = get<uint32_t>(lparam + p.isa->ptr);
        const uint64_t key = p.get_ptr(lparam + 2 * p.isa->ptr);
        if (m == WM_KEYDOWN && (key == VK_ESCAPE || key == VK_RETURN) && s.dropped) r |= DLGC_WANTMESSAGE;
      }
      return r;
    }
    case WM_SETFONT:
      s.font = wparam;
      if (s.edit) send_message(p, s.edit, WM_SETFONT, wparam, 0);
      if (!alive()) return 0;
      if (s.list) send_message(p, s.list, WM_SETFONT, wparam, 0);
      if (!alive()) return 0;
      if (!(s.style & (CBS_OWNERDRAWFIXED | CBS_OWNERDRAWVARIABLE))) s.edit_height = 0;
      calc_placement(p, hwnd, s);
      if (!alive()) return 0;
      if ((w = find_window(p, hwnd)) && kind(s) != CBS_SIMPLE) {
        const int32_t height = s.text_rect.bottom + (kind(s) == CBS_DROPDOWNLIST ? 0 : 1) + 2 +
                               (w->window.height() - w->client.height());
        set_window_position(p, hwnd, 0, 0, 0, w->window.width(), height, SWP_NOZORDER | SWP_NOACTIVATE | SWP_NOMOVE);
      }
      if (alive()) place_children(p, hwnd, s);
      if (lparam) repaint(p, hwnd);
      return 0;
    case WM_GETFONT: return s.font;
    case WM_PAINT:
    case WM_PRINTCLIENT: paint(p, hwnd, s, wparam); return 0;
    case WM_ERASEBKGND: return 1;
    case WM_SETFOCUS:
      if (has_edit(s)) {
        set_focus(p, s.edit);
        if (alive() && !s.been_focused) {
          send_message(p, s.edit, EM_SETSEL_, 0, static_cast<uint64_t>(-1));
          s.been_focused = true;
        }
      } else {
        set_focus_state(p, hwnd, s);
      }
      return 0;
    case WM_KILLFOCUS:
      if (!wparam || (wparam != s.edit && wparam != s.list)) kill_focus_state(p, hwnd, s);
      return 0;
    case WM_ENABLE:
      if (s.edit) send_message(p, s.edit, WM_ENABLE, wparam, 0);
      if (alive() && s.list) send_message(p, s.list, WM_ENABLE, wparam, 0);
      repaint(p, hwnd);
      return 0;
    case WM_COMMAND: child_command(p, hwnd, s, static_cast<uint32_t>((wparam >> 16) & 0xffff), lparam); return 0;
    case WM_MEASUREITEM_C:
    case WM_DRAWITEM_C:
    case WM_DELETEITEM_C:
    case WM_COMPAREITEM_C: return item_op(p, hwnd, s, msg, lparam);
    case WM_CTLCOLOREDIT:
    case WM_CTLCOLORLISTBOX:
    case WM_CTLCOLORSTATIC:
    case WM_CTLCOLORBTN:
    case WM_CTLCOLORSCROLLBAR:
      return s.owner ? send_message(p, s.owner, msg, wparam, lparam) : default_control_color(p, wparam, msg);
    case WM_SYSKEYDOWN:
      if ((lparam & 0x20000000u) && (wparam == VK_UP || wparam == VK_DOWN)) flip(p, hwnd, s, false);
      return 0;
    case WM_KEYDOWN: {
      if ((wparam == VK_RETURN || wparam == VK_ESCAPE) && s.dropped) {
        roll_up(p, hwnd, s, wparam == VK_RETURN);
        return 1;
      }
      if (wparam == 0x73 /* VK_F4 */ && !s.extended_ui) {
        flip(p, hwnd, s, false);
        return 1;
      }
      if (wparam == VK_DOWN && s.extended_ui && !s.dropped && kind(s) != CBS_SIMPLE) {
        drop_down(p, hwnd, s);
        return 1;
      }
      [[fallthrough]];
    }
    case WM_CHAR: {
      if (has_edit(s)) return send_message(p, s.edit, msg, wparam, lparam, unicode);
      if (!s.list) return 0;
      // Keys that move through the list while it is dropped do not close it.
      if (s.dropped && msg == WM_KEYDOWN) s.no_rollup = true;
      if (s.dropped && msg == WM_CHAR) s.no_rollup = true;
      const uint64_t r = send_message(p, s.list, msg, wparam, lparam, unicode);
      if (alive() && s.dropped) s.no_rollup = false;
      return r;
    }
    case WM_LBUTTONDOWN:
    case WM_LBUTTONDBLCLK:
      if (!s.focused) set_focus(p, hwnd);
      if (alive() && s.focused)
        combo_button_down(p, hwnd, s, static_cast<int16_t>(lparam & 0xffff), static_cast<int16_t>((lparam >> 16) & 0xffff));
      return 0;
    case WM_LBUTTONUP: combo_button_up(p, hwnd, s); return 0;
    case WM_MOUSEMOVE:
      combo_mouse_move(p, hwnd, s, wparam, static_cast<int16_t>(lparam & 0xffff), static_cast<int16_t>((lparam >> 16) & 0xffff));
      return 0;
    case WM_CAPTURECHANGED:
      if (lparam != hwnd) s.capture = false;
      return 0;
    case WM_MOUSEWHEEL:
      if (kind(s) == CBS_DROPDOWNLIST || s.dropped) {
        const int16_t delta = static_cast<int16_t>((wparam >> 16) & 0xffff);
        if (delta) send_message(p, hwnd, WM_KEYDOWN, delta > 0 ? VK_UP : VK_DOWN, 0);
      }
      return 0;

    // ---- the text ----
    case WM_GETTEXT:
      if (has_edit(s)) return send_message(p, s.edit, msg, wparam, lparam, unicode);
      return static_cast<uint64_t>(get_text(p, s, wparam, lparam, unicode));
    case WM_GETTEXTLENGTH:
      if (has_edit(s)) return send_message(p, s.edit, msg, wparam, lparam, unicode);
      {
        const int64_t index = list_int(p, s, CLB_GETCURSEL, 0, 0);
        if (index < 0) return 0;
        return to_list(p, s, CLB_GETTEXTLEN, static_cast<uint64_t>(index), 0, unicode);
      }
    case WM_SETTEXT:
    case WM_CLEAR:
    case WM_CUT:
    case WM_PASTE:
    case WM_COPY:
      if (has_edit(s)) {
        s.no_edit_notify = true;
        const uint64_t r = send_message(p, s.edit, msg, wparam, lparam, unicode);
        if (alive()) s.no_edit_notify = false;
        return r;
      }
      return err;

    // ---- the list's messages ----
    case CB_ADDSTRING: return to_list(p, s, CLB_ADDSTRING, 0, lparam, unicode);
    case CB_INSERTSTRING: return to_list(p, s, CLB_INSERTSTRING, wparam, lparam, unicode);
    case CB_DELETESTRING: {
      const uint64_t r = to_list(p, s, CLB_DELETESTRING, wparam, 0, unicode);
      if (alive() && !has_edit(s)) repaint(p, hwnd);
      return r;
    }
    case CB_RESETCONTENT:
      to_list(p, s, CLB_RESETCONTENT, 0, 0);
      if (!alive()) return 1;
      if (has_edit(s)) {
        GuestText empty(p, u"");
        send_message(p, s.edit, WM_SETTEXT, 0, empty.at);
      } else {
        repaint(p, hwnd);
      }
      return 1;
    case CB_GETCOUNT: return to_list(p, s, CLB_GETCOUNT, 0, 0);
    case CB_GETLBTEXT: return to_list(p, s, CLB_GETTEXT, wparam, lparam, unicode);
    case CB_GETLBTEXTLEN: return to_list(p, s, CLB_GETTEXTLEN, wparam, 0, unicode);
    case CB_GETCURSEL: return to_list(p, s, CLB_GETCURSEL, 0, 0);
    case CB_SETCURSEL: {
      const uint64_t r = to_list(p, s, CLB_SETCURSEL, wparam, 0);
      const int64_t index = p.isa->ptr == 4 ? static_cast<int32_t>(r) : static_cast<int64_t>(r);
      if (!alive()) return r;
      if (index >= 0) to_list(p, s, CLB_SETTOPINDEX, wparam, 0);
      if (!alive()) return r;
      if (has_edit(s))
        update_edit(p, hwnd, s, static_cast<int32_t>(wparam));
      else
        repaint(p, hwnd);
      return r;
    }
    case CB_FINDSTRING: return to_list(p, s, CLB_FINDSTRING, wparam, lparam, unicode);
    case CB_FINDSTRINGEXACT: return to_list(p, s, CLB_FINDSTRINGEXACT, wparam, lparam, unicode);
    case CB_SELECTSTRING: {
      const uint64_t r = to_list(p, s, CLB_SELECTSTRING, wparam, lparam, unicode);
      const int64_t index = p.isa->ptr == 4 ? static_cast<int32_t>(r) : static_cast<int64_t>(r);
      if (index >= 0 && alive()) {
        if (has_edit(s))
          update_edit(p, hwnd, s, static_cast<int32_t>(index));
        else
          repaint(p, hwnd);
      }
      return r;
    }
    case CB_SETITEMDATA: return to_list(p, s, CLB_SETITEMDATA, wparam, lparam);
    case CB_GETITEMDATA: return to_list(p, s, CLB_GETITEMDATA, wparam, 0);
    case CB_SHOWDROPDOWN:
      if (kind(s) != CBS_SIMPLE) {
        if (wparam) {
          if (!s.dropped) drop_down(p, hwnd, s);
        } else if (s.dropped) {
          roll_up(p, hwnd, s, false);
        }
      }
      return 1;
    case CB_GETDROPPEDSTATE: return s.dropped ? 1 : 0;
    case CB_GETDROPPEDCONTROLRECT: {
      if (!lparam) return CB_OKAY;
      Rect r = screen_rect(p, *w);
      if (kind(s) == CBS_SIMPLE) {
        if (Window* lw = find_window(p, s.list)) r.bottom = screen_rect(p, *lw).bottom;
      } else {
        r.right = r.left + std::max(s.dropped_width, r.width());
        r.bottom = r.bottom + s.dropped_height;
      }
      put<Rect>(lparam, r);
      return CB_OKAY;
    }
    case CB_SETEDITSEL:
      if (!has_edit(s)) return err;
      return send_message(p, s.edit, EM_SETSEL_, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(lparam & 0xffff))),
                          static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>((lparam >> 16) & 0xffff))));
    case CB_GETEDITSEL:
      if (!has_edit(s)) return err;
      return send_message(p, s.edit, EM_GETSEL_, wparam, lparam);
    case CB_LIMITTEXT:
      if (has_edit(s)) return send_message(p, s.edit, EM_LIMITTEXT_, wparam, lparam);
      return 1;
    case CB_SETITEMHEIGHT: {
      const int32_t index = static_cast<int32_t>(wparam);
      const int32_t h = static_cast<int32_t>(lparam);
      if (h >= 32768) return err;
      if (index == -1) {
        if (h <= 0) return err;
        s.edit_height = h;
        calc_placement(p, hwnd, s);
        if (!alive()) return 0;
        if ((w = find_window(p, hwnd)) && kind(s) != CBS_SIMPLE) {
          const int32_t height = s.text_rect.bottom + (kind(s) == CBS_DROPDOWNLIST ? 0 : 1) + 2 +
                                 (w->window.height() - w->client.height());
          set_window_position(p, hwnd, 0, 0, 0, w->window.width(), height, SWP_NOZORDER | SWP_NOACTIVATE | SWP_NOMOVE);
        }
        if (alive()) place_children(p, hwnd, s);
        repaint(p, hwnd);
        return 0;
      }
      if ((s.style & CBS_OWNERDRAWVARIABLE) || index == 0)
        return to_list(p, s, CLB_SETITEMHEIGHT, wparam, lparam);
      return err;
    }
    case CB_GETITEMHEIGHT:
      if (static_cast<int32_t>(wparam) >= 0) return to_list(p, s, CLB_GETITEMHEIGHT, wparam, 0);
      return static_cast<uint64_t>(text_area_height(p, hwnd, s));
    case CB_SETEXTENDEDUI:
      if (kind(s) == CBS_SIMPLE) return err;
      s.extended_ui = wparam != 0;
      return CB_OKAY;
    case CB_GETEXTENDEDUI: return s.extended_ui ? 1 : 0;
    case CB_SETDROPPEDWIDTH:
      if (kind(s) == CBS_SIMPLE || static_cast<int32_t>(wparam) >= 32768) return err;
      if (static_cast<int32_t>(wparam) >= w->window.width())
        s.dropped_width = static_cast<int32_t>(wparam);
      else if (wparam)
        s.dropped_width = 0;
      [[fallthrough]];
    case CB_GETDROPPEDWIDTH:
      if ((w = find_window(p, hwnd)) == nullptr) return err;
      return static_cast<uint64_t>(s.dropped_width ? s.dropped_width : w->window.width());
    case CB_GETCOMBOBOXINFO: {
      if (!lparam) return 0;
      fill_info(p, hwnd, s, lparam);
      return 1;
    }
    case CB_GETTOPINDEX: return to_list(p, s, CLB_GETTOPINDEX, 0, 0);
    case CB_SETTOPINDEX: return to_list(p, s, CLB_SETTOPINDEX, wparam, 0);
    case CB_GETHORIZONTALEXTENT: return to_list(p, s, CLB_GETHORIZONTALEXTENT, 0, 0);
    case CB_SETHORIZONTALEXTENT: return to_list(p, s, CLB_SETHORIZONTALEXTENT, wparam, 0);
    case CB_GETLOCALE: return to_list(p, s, CLB_GETLOCALE, 0, 0);
    case CB_SETLOCALE: return to_list(p, s, CLB_SETLOCALE, wparam, 0);
    case CB_INITSTORAGE: return to_list(p, s, CLB_INITSTORAGE, wparam, lparam);
    default: return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

// GetComboBoxInfo: CB_GETCOMBOBOXINFO's answer.
BOOL GetComboBoxInfo(WindowsProcess& p, Ptr hwnd, Ptr info) {
  return send_message(p, hwnd.addr, CB_GETCOMBOBOXINFO, 0, info.addr) ? TRUE : FALSE;
}

}  // namespace

const ControlClass& combobox_class() {
  static const Export entry = EXPORT("ComboWndProcW", control_entry<combobox_proc>);
  static const ControlClass c{u"ComboBox", 0x8b /* CS_PARENTDC | CS_DBLCLKS | CS_HREDRAW | CS_VREDRAW */, 8,
                              combobox_proc, &entry, 32512, 0};
  return c;
}

uint64_t combo_box_of(WindowsProcess& p, uint64_t combo) {
  Window* w = find_window(p, combo);
  return w && same_name(w->cls->name, u"ComboBox") ? w->handle : 0;
}

int32_t combo_item_height(WindowsProcess& p, uint64_t combo) {
  ComboState* s = combo_state(p, combo);
  return s && (s->style & 3) != CBS_SIMPLE ? s->fixed_item_height : 0;
}

uint64_t combo_edit(WindowsProcess& p, uint64_t combo) {
  ComboState* s = combo_state(p, combo);
  return s ? s->edit : 0;
}

int32_t combo_dropped_index(WindowsProcess& p, uint64_t combo) {
  ComboState* s = combo_state(p, combo);
  return s ? s->dropped_index : -1;
}
void combo_set_dropped_index(WindowsProcess& p, uint64_t combo, int32_t index) {
  if (ComboState* s = combo_state(p, combo)) s->dropped_index = index;
}

bool combo_dropped(WindowsProcess& p, uint64_t combo) {
  ComboState* s = combo_state(p, combo);
  return s && s->dropped;
}

void combo_flip(WindowsProcess& p, uint64_t combo, bool ok) {
  if (ComboState* s = combo_state(p, combo)) flip(p, combo, *s, ok);
}

const std::vector<Export>& combobox_exports() {
  static const std::vector<Export> e = {EXPORT("GetComboBoxInfo", GetComboBoxInfo)};
  return e;
}

}  // namespace polyrun::shims::user32
