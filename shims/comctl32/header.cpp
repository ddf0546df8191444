// The header control (SysHeader32): a row of column buttons with their texts and widths, as the
// list view's report mode has above its items. HDM_INSERTITEM, HDM_DELETEITEM, HDM_GETITEM,
// HDM_SETITEM, HDM_GETITEMCOUNT, HDM_GETITEMRECT, HDM_HITTEST; a click on an item sends
// HDN_ITEMCLICK to the parent.
#include <algorithm>

#include "shims/comctl32/views.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"

namespace polyrun::shims::comctl32 {

namespace header_impl {

using namespace user32;
using namespace views;

enum : uint32_t {
  HDM_GETITEMCOUNT_ = 0x1200, HDM_INSERTITEMA_ = 0x1201, HDM_DELETEITEM_ = 0x1202, HDM_GETITEMA_ = 0x1203,
  HDM_SETITEMA_ = 0x1204, HDM_LAYOUT_ = 0x1205, HDM_HITTEST_ = 0x1206, HDM_GETITEMRECT_ = 0x1207,
  HDM_INSERTITEMW_ = 0x120a, HDM_GETITEMW_ = 0x120b, HDM_SETITEMW_ = 0x120c,
};
enum : uint32_t { HDI_WIDTH_ = 0x1, HDI_TEXT_ = 0x2, HDI_FORMAT_ = 0x4, HDI_LPARAM_ = 0x8 };
enum : int32_t { HDN_ITEMCLICKA_ = -302, HDN_ITEMCLICKW_ = -322 };

struct HeaderItem {
  std::u16string text;
  int32_t width = 0, fmt = 0;
  uint64_t param = 0;
};

struct HeaderState : ControlState {
  std::vector<HeaderItem> items;
  int32_t pressed = -1;
  bool unicode_parent = true;
};

HeaderState* header_of(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  return w ? &control_state<HeaderState>(*w) : nullptr;
}

// HDITEM: mask, cxy, pszText, hbm, cchTextMax, fmt, lParam (pointer widths).
struct HdLayout {
  unsigned text, text_max, fmt, param;
};
HdLayout hd_layout(WindowsProcess& p) { return p.isa->ptr == 8 ? HdLayout{8, 24, 28, 32} : HdLayout{8, 16, 20, 24}; }

Rect item_rect_of(const HeaderState& s, int32_t index, int32_t height) {
  int32_t x = 0;
  for (int32_t i = 0; i < index; ++i) x += s.items[static_cast<size_t>(i)].width;
  return {x, 0, x + s.items[static_cast<size_t>(index)].width, height};
}

int32_t hit(const HeaderState& s, int32_t x, int32_t height, int32_t y) {
  if (y < 0 || y >= height) return -1;
  int32_t left = 0;
  for (size_t i = 0; i < s.items.size(); ++i) {
    if (x >= left && x < left + s.items[i].width) return static_cast<int32_t>(i);
    left += s.items[i].width;
  }
  return -1;
}

void set_item(WindowsProcess& p, HeaderItem& it, uint64_t at, bool unicode) {
  const HdLayout l = hd_layout(p);
  const uint32_t mask = get<uint32_t>(at);
  if (mask & HDI_WIDTH_) it.width = std::max(get<int32_t>(at + 4), 0);
  if (mask & HDI_TEXT_) {
    const uint64_t s = p.get_ptr(at + l.text);
    it.text = is_text_callback(p, s) ? std::u16string() : guest_string(s, unicode);
  }
  if (mask & HDI_FORMAT_) it.fmt = get<int32_t>(at + l.fmt);
  if (mask & HDI_LPARAM_) it.param = p.get_ptr(at + l.param);
}

void paint_header(WindowsProcess& p, uint64_t hwnd, HeaderState& s, uint64_t given_dc) {
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    gdi32::DeviceContext& dc = *cp.dc;
    fill_sys_color(p, dc, cp.client, 15 /* COLOR_BTNFACE */);
    dc.s.bk_mode = 1;  // TRANSPARENT
    dc.s.text_color = sys_color(18 /* COLOR_BTNTEXT */);
    gdi32::dc_changed(dc);
    for (size_t i = 0; i < s.items.size(); ++i) {
      Rect r = item_rect_of(s, static_cast<int32_t>(i), cp.client.height());
      if (r.left >= cp.client.right) break;
      const bool down = s.pressed == static_cast<int32_t>(i);
      Rect inside = draw_edge(p, dc, r, down ? 0xa /* EDGE_SUNKEN */ : 0x5 /* EDGE_RAISED */, 0xf /* BF_RECT */);
      inside.left += 4, inside.right -= 4;
      if (down) inside = inside.offset(1, 1);
      const uint32_t align = (s.items[i].fmt & 3) == 1 ? DT_RIGHT : (s.items[i].fmt & 3) == 2 ? DT_CENTER : DT_LEFT;
      draw_text_in(p, cp.hdc, s.items[i].text, inside, align | DT_VCENTER | DT_SINGLELINE | DT_END_ELLIPSIS | DT_NOPREFIX);
    }
  });
}

uint64_t header_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  HeaderState& s = control_state<HeaderState>(*w);
  const int32_t index = static_cast<int32_t>(wparam);
  const bool bad = index < 0 || index >= static_cast<int32_t>(s.items.size());
  switch (msg) {
    case WM_CREATE:
      s.unicode_parent = parent_wants_unicode(p, hwnd, w->parent);
      return 0;
    case HDM_GETITEMCOUNT_: return s.items.size();
    case HDM_INSERTITEMA_:
    case HDM_INSERTITEMW_: {
      if (!lparam) return static_cast<uint64_t>(-1);
      HeaderItem it;
      set_item(p, it, lparam, msg == HDM_INSERTITEMW_);
      const size_t at = std::min<size_t>(static_cast<size_t>(std::max(index, 0)), s.items.size());
      s.items.insert(s.items.begin() + static_cast<std::ptrdiff_t>(at), it);
      invalidate_rect(p, hwnd, nullptr, true);
      return at;
    }
    case HDM_DELETEITEM_:
      if (bad) return 0;
      s.items.erase(s.items.begin() + index);
      invalidate_rect(p, hwnd, nullptr, true);
      return 1;
    case HDM_GETITEMA_:
    case HDM_GETITEMW_: {
      if (bad || !lparam) return 0;
      const HdLayout l = hd_layout(p);
      const HeaderItem& it = s.items[static_cast<size_t>(index)];
      const uint32_t mask = get<uint32_t>(lparam);
      if (mask & HDI_WIDTH_) put<int32_t>(lparam + 4, it.width);
      if (mask & HDI_TEXT_)
        put_text(p, it.text, p.get_ptr(lparam + l.text), get<int32_t>(lparam + l.text_max), msg == HDM_GETITEMW_);
      if (mask & HDI_FORMAT_) put<int32_t>(lparam + l.fmt, it.fmt);
      if (mask & HDI_LPARAM_) p.put_ptr(lparam + l.param, it.param);
      return 1;
    }
    case HDM_SETITEMA_:
    case HDM_SETITEMW_:
      if (bad || !lparam) return 0;
      set_item(p, s.items[static_cast<size_t>(index)], lparam, msg == HDM_SETITEMW_);
      invalidate_rect(p, hwnd, nullptr, true);
      return 1;
    case HDM_GETITEMRECT_:
      if (bad || !lparam) return 0;
      put<Rect>(lparam, item_rect_of(s, index, w->client.height()));
      return 1;
    case HDM_HITTEST_: {
      if (!lparam) return static_cast<uint64_t>(-1);
      const int32_t x = get<int32_t>(lparam), y = get<int32_t>(lparam + 4);
      const int32_t i = hit(s, x, w->client.height(), y);
      put<uint32_t>(lparam + 8, i >= 0 ? 0x2u /* HHT_ONHEADER */ : 0x1u /* HHT_NOWHERE */);
      put<int32_t>(lparam + 12, i);
      return static_cast<uint64_t>(static_cast<int64_t>(i));
    }
    case WM_LBUTTONDOWN: {
      const int32_t x = static_cast<int16_t>(lparam & 0xffff), y = static_cast<int16_t>((lparam >> 16) & 0xffff);
      s.pressed = hit(s, x, w->client.height(), y);
      if (s.pressed >= 0) {
        set_capture(p, hwnd);
        invalidate_rect(p, hwnd, nullptr, true);
      }
      return 0;
    }
    case WM_LBUTTONUP: {
      const int32_t x = static_cast<int16_t>(lparam & 0xffff), y = static_cast<int16_t>((lparam >> 16) & 0xffff);
      const int32_t was = s.pressed;
      s.pressed = -1;
      if (was < 0) return 0;
      set_capture(p, 0);
      invalidate_rect(p, hwnd, nullptr, true);
      if (hit(s, x, w->client.height(), y) == was) {
        // NMHEADER: hdr, iItem, iButton, pitem.
        const unsigned h = nmhdr_size(p);
        const uint64_t at = new_notify(p, hwnd, s.unicode_parent ? HDN_ITEMCLICKW_ : HDN_ITEMCLICKA_, h + 16);
        if (at) {
          put<int32_t>(at + h, was);
          put<int32_t>(at + h + 4, 0);
          send_notify(p, hwnd, w->parent, at);
          p.heap.free(at);
        }
      }
      return 0;
    }
    case WM_SETFONT:
      s.font = wparam;
      if (lparam) invalidate_rect(p, hwnd, nullptr, true);
      return 0;
    case WM_GETFONT: return s.font;
    case WM_ERASEBKGND: return 1;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint_header(p, hwnd, s, wparam);
      return 0;
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace header_impl

const user32::ControlClass& header_class() {
  using namespace header_impl;
  static const Export entry = EXPORT("HeaderWndProcW", control_entry<header_proc>);
  static const user32::ControlClass c{u"SysHeader32", 0x8 /* CS_DBLCLKS */ | 0x3 /* CS_HREDRAW | CS_VREDRAW */, 8, header_proc,
                              &entry, 32512, 0};
  return c;
}

}  // namespace polyrun::shims::comctl32
