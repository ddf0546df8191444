// The BUTTON control in all its styles: push buttons (the default one framed), check boxes (two
// and three states, automatic or not), radio buttons (automatic ones uncheck the rest of their
// group), group boxes, owner-drawn buttons (WM_DRAWITEM); text, icon or bitmap labels aligned as
// the BS_ styles say; the mouse (press, capture, release inside to click), the space bar, BM_CLICK,
// and the notifications (BN_CLICKED; BN_DOUBLECLICKED, BN_SETFOCUS, BN_KILLFOCUS with BS_NOTIFY).
#include "shims/core/shim.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"
#include "shims/user32/frame_controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  BS_PUSHBUTTON = 0, BS_DEFPUSHBUTTON = 1, BS_CHECKBOX = 2, BS_AUTOCHECKBOX = 3, BS_RADIOBUTTON = 4, BS_3STATE = 5,
  BS_AUTO3STATE = 6, BS_GROUPBOX = 7, BS_USERBUTTON = 8, BS_AUTORADIOBUTTON = 9, BS_PUSHBOX = 0xa,
  BS_OWNERDRAW = 0xb, BS_TYPEMASK = 0xf, BS_LEFTTEXT = 0x20, BS_ICON = 0x40, BS_BITMAP = 0x80, BS_LEFT = 0x100,
  BS_RIGHT = 0x200, BS_CENTER = 0x300, BS_TOP = 0x400, BS_BOTTOM = 0x800, BS_VCENTER = 0xc00, BS_PUSHLIKE = 0x1000,
  BS_MULTILINE = 0x2000, BS_NOTIFY = 0x4000, BS_FLAT = 0x8000, WS_EX_RIGHT = 0x1000,
  BM_GETCHECK = 0xf0, BM_SETCHECK = 0xf1, BM_GETSTATE = 0xf2, BM_SETSTATE = 0xf3, BM_SETSTYLE = 0xf4,
  BM_CLICK = 0xf5, BM_GETIMAGE = 0xf6, BM_SETIMAGE = 0xf7, BM_SETDONTCLICK = 0xf8,
  BST_UNCHECKED = 0, BST_CHECKED = 1, BST_INDETERMINATE = 2, BST_PUSHED = 4, BST_FOCUS = 8,
  kPressed = 0x40,  // the mouse button or space bar is down on the button (not a BST_ state)
  BN_CLICKED = 0, BN_DOUBLECLICKED = 5, BN_SETFOCUS = 6, BN_KILLFOCUS = 7,
  IMAGE_BITMAP_ = 0, IMAGE_ICON_ = 1, MK_LBUTTON_ = 1,
  DFC_BUTTON_ = 4, DFCS_BUTTONCHECK_ = 0, DFCS_BUTTONRADIO_ = 4, DFCS_BUTTON3STATE_ = 8, DFCS_BUTTONPUSH_ = 0x10,
  DFCS_INACTIVE_ = 0x100, DFCS_PUSHED_ = 0x200, DFCS_CHECKED_ = 0x400, DFCS_FLAT_ = 0x4000, DFCS_MONO_ = 0x8000,
  ODA_DRAWENTIRE_ = 1, ODA_SELECT_ = 2, ODA_FOCUS_ = 4, ODS_SELECTED_ = 1, ODS_DISABLED_ = 4, ODS_FOCUS_ = 0x10,
};
enum : int32_t { COLOR_BTNTEXT = 18, COLOR_GRAYTEXT_ = 17, COLOR_WINDOWFRAME_ = 6, HTTRANSPARENT_ = -1 };

// The highest check state each type keeps.
constexpr uint32_t kMaxCheck[16] = {0, 0, 1, 1, 1, 2, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0};

struct ButtonState : ControlState {
  uint32_t state = 0;  // BST_* and kPressed
  uint64_t image = 0;  // BM_SETIMAGE's
};

uint32_t type_of(uint32_t style) { return style & BS_TYPEMASK; }
bool is_push(uint32_t type) { return type == BS_PUSHBUTTON || type == BS_DEFPUSHBUTTON || type == BS_USERBUTTON || type == BS_PUSHBOX; }

// DrawText's flags for the label.
uint32_t label_flags(uint32_t style, uint32_t ex_style) {
  uint32_t f = DT_NOCLIP;
  if (style & BS_PUSHLIKE) style &= ~BS_TYPEMASK;
  f |= (style & BS_MULTILINE) ? DT_WORDBREAK : DT_SINGLELINE;
  switch (style & BS_CENTER) {
    case BS_LEFT: break;
    case BS_RIGHT: f |= DT_RIGHT; break;
    case BS_CENTER: f |= DT_CENTER; break;
    default:
      if (type_of(style) <= BS_DEFPUSHBUTTON) f |= DT_CENTER;
  }
  if (ex_style & WS_EX_RIGHT) f = DT_RIGHT | (f & ~DT_CENTER);
  if (type_of(style) != BS_GROUPBOX) {
    switch (style & BS_VCENTER) {
      case BS_TOP: break;
      case BS_BOTTOM: f |= DT_BOTTOM; break;
      default: f |= DT_VCENTER; break;
    }
  } else {
    f |= DT_SINGLELINE;
  }
  return f;
}

// Where the label goes inside `rc` (an empty rectangle when there is none): its flags, or ~0u.
uint32_t label_rect(WindowsProcess& p, const Window& w, ControlPaint& cp, Rect& rc) {
  const uint32_t f = label_flags(w.style, w.ex_style);
  Rect r = rc;
  const ButtonState* s = dynamic_cast<const ButtonState*>(w.control.get());
  if (w.style & BS_ICON) {
    int32_t iw = 0, ih = 0;
    if (!s || !icon_size(s->image, iw, ih)) return rc = {rc.left, rc.top, rc.left, rc.top}, ~0u;
    r.right = r.left + iw, r.bottom = r.top + ih;
  } else if (w.style & BS_BITMAP) {
    auto* b = s ? gdi32::gdi_table(p).find_as<gdi32::Bitmap>(static_cast<uint32_t>(s->image), gdi32::OBJ_BITMAP) : nullptr;
    if (!b || !b->surface) return rc = {rc.left, rc.top, rc.left, rc.top}, ~0u;
    r.right = r.left + b->surface->width(), r.bottom = r.top + b->surface->height();
  } else {
    if (w.text.empty()) return rc = {rc.left, rc.top, rc.left, rc.top}, ~0u;
    draw_text_in(p, cp.hdc, w.text, r, f | DT_CALCRECT);
  }
  const int32_t n = r.width(), m = r.height();
  switch (f & (DT_CENTER | DT_RIGHT)) {
    case 0: r.left++, r.right++; break;
    case DT_CENTER: r.left = rc.left + (rc.width() - n) / 2, r.right = r.left + n; break;
    default: r.right = rc.right - 1, r.left = r.right - n; break;
  }
  switch (f & (DT_VCENTER | DT_BOTTOM)) {
    case 0: r.top++, r.bottom++; break;
    case DT_VCENTER: r.top = rc.top + (rc.height() - m) / 2, r.bottom = r.top + m; break;
    default: r.bottom = rc.bottom - 1, r.top = r.bottom - m; break;
  }
  rc = r;
  return f;
}

void draw_label(WindowsProcess& p, const Window& w, ControlPaint& cp, uint32_t flags, const Rect& r) {
  const ButtonState* s = dynamic_cast<const ButtonState*>(w.control.get());
  if (w.style & BS_ICON) {
    if (s) draw_icon(p, cp.hdc, r.left, r.top, s->image, r.width(), r.height());
    return;
  }
  if (w.style & BS_BITMAP) {
    auto* b = s ? gdi32::gdi_table(p).find_as<gdi32::Bitmap>(static_cast<uint32_t>(s->image), gdi32::OBJ_BITMAP) : nullptr;
    if (b && b->surface)
      gdi32::stretch_surface(p, *cp.dc, r.left, r.top, r.width(), r.height(), *b->surface,
                             {0, 0, b->surface->width(), b->surface->height()}, 0x00cc0020 /* SRCCOPY */);
    return;
  }
  cp.dc->s.bk_mode = gdi32::TRANSPARENT;
  if (w.style & WS_DISABLED) cp.dc->s.text_color = sys_color(COLOR_GRAYTEXT_);
  Rect t = r;
  draw_text_in(p, cp.hdc, w.text, t, flags);
}

void paint_push(WindowsProcess& p, const Window& w, ControlPaint& cp, uint32_t state) {
  Rect rc = cp.client;
  control_brush(p, w.handle, cp.hdc, WM_CTLCOLORBTN);  // (the parent may change the font's colours)
  if (!(cp.dc = gdi32::find_dc(p, cp.hdc))) return;
  const bool pushed = state & BST_PUSHED;
  if (type_of(w.style) == BS_DEFPUSHBUTTON) {  // a one-pixel frame in the window-frame colour
    fill_sys_color(p, *cp.dc, {rc.left, rc.top, rc.right, rc.top + 1}, COLOR_WINDOWFRAME_);
    fill_sys_color(p, *cp.dc, {rc.left, rc.bottom - 1, rc.right, rc.bottom}, COLOR_WINDOWFRAME_);
    fill_sys_color(p, *cp.dc, {rc.left, rc.top, rc.left + 1, rc.bottom}, COLOR_WINDOWFRAME_);
    fill_sys_color(p, *cp.dc, {rc.right - 1, rc.top, rc.right, rc.bottom}, COLOR_WINDOWFRAME_);
    rc = {rc.left + 1, rc.top + 1, rc.right - 1, rc.bottom - 1};
  }
  uint32_t frame = DFCS_BUTTONPUSH_;
  if (w.style & BS_FLAT) frame |= DFCS_MONO_;
  else if (pushed) frame |= type_of(w.style) == BS_DEFPUSHBUTTON ? DFCS_FLAT_ : DFCS_PUSHED_;
  if (state & (BST_CHECKED | BST_INDETERMINATE)) frame |= DFCS_CHECKED_;
  draw_frame_control(p, *cp.dc, rc, DFC_BUTTON_, frame);
  Rect r = rc;
  const uint32_t flags = label_rect(p, w, cp, r);
  if (flags != ~0u) {
    if (pushed) r = r.offset(1, 1);
    cp.dc->s.text_color = sys_color(COLOR_BTNTEXT);
    draw_label(p, w, cp, flags, r);
  }
  if (state & BST_FOCUS) draw_focus_rect(p, *cp.dc, {rc.left + 2, rc.top + 2, rc.right - 2, rc.bottom - 2});
}

void paint_check(WindowsProcess& p, const Window& w, ControlPaint& cp, uint32_t state) {
  const Rect client = cp.client;
  Rect box = client, text = client;
  const int32_t size = 13;  // 12 * LOGPIXELS / 96 + 1 at 96 dots per inch
  const int32_t offset = std::max(1, text_width(p, *cp.dc, u"0") / 2);
  const uint64_t brush = control_brush(p, w.handle, cp.hdc, WM_CTLCOLORSTATIC);
  if (!(cp.dc = gdi32::find_dc(p, cp.hdc))) return;
  if ((w.style & BS_LEFTTEXT) || (w.ex_style & WS_EX_RIGHT)) {
    text.right -= size + offset;
    box.left = box.right - size;
  } else {
    text.left += size + offset;
    box.right = size;
  }
  fill_with_brush(p, *cp.dc, client, brush);
  const Rect label_area = text;
  const uint32_t flags = label_rect(p, w, cp, text);
  if (flags != ~0u) box.top = text.top, box.bottom = text.bottom;
  const uint32_t type = type_of(w.style);
  uint32_t frame = (type == BS_RADIOBUTTON || type == BS_AUTORADIOBUTTON) ? DFCS_BUTTONRADIO_
                   : (state & BST_INDETERMINATE)                          ? DFCS_BUTTON3STATE_
                                                                          : DFCS_BUTTONCHECK_;
  if (state & (BST_CHECKED | BST_INDETERMINATE)) frame |= DFCS_CHECKED_;
  if (state & BST_PUSHED) frame |= DFCS_PUSHED_;
  if (w.style & WS_DISABLED) frame |= DFCS_INACTIVE_;
  // The box as tall as itself, placed against the label as BS_TOP/BS_BOTTOM/centred say.
  const int32_t delta = box.height() - size;
  if (w.style & BS_TOP) {
    if (delta > 0) box.bottom = box.top + size;
    else box.top -= -delta / 2 + 1, box.bottom = box.top + size;
  } else if (w.style & BS_BOTTOM) {
    if (delta > 0) box.top = box.bottom - size;
    else box.bottom += -delta / 2 + 1, box.top = box.bottom - size;
  } else if (delta > 0) {
    box.bottom -= delta / 2 + 1, box.top = box.bottom - size;
  } else if (delta < 0) {
    box.top -= -delta / 2 + 1, box.bottom = box.top + size;
  }
  draw_frame_control(p, *cp.dc, box, DFC_BUTTON_, frame);
  if (flags == ~0u) return;
  draw_label(p, w, cp, flags, text);
  if (state & BST_FOCUS) draw_focus_rect(p, *cp.dc, Rect{text.left - 1, text.top, text.right + 1, text.bottom}.intersect(label_area));
}

void paint_group(WindowsProcess& p, const Window& w, ControlPaint& cp) {
  const uint64_t brush = control_brush(p, w.handle, cp.hdc, WM_CTLCOLORSTATIC);
  if (!(cp.dc = gdi32::find_dc(p, cp.hdc))) return;
  Rect frame = cp.client;
  frame.top += text_height(p, *cp.dc) / 2 - 1;
  draw_edge(p, *cp.dc, frame, 0x6 /* EDGE_ETCHED */, 0xf | ((w.style & BS_FLAT) ? 0x4000 : 0));
  Rect r{cp.client.left + 7, cp.client.top - 1, cp.client.right - 7, cp.client.bottom + 1};
  const uint32_t flags = label_rect(p, w, cp, r);
  if (flags == ~0u) return;
  r = {r.left - 1, r.top, r.right + 1, r.bottom};
  fill_with_brush(p, *cp.dc, r, brush);
  r = {r.left + 1, r.top, r.right - 1, r.bottom};
  draw_label(p, w, cp, flags, r);
}

void paint_button(WindowsProcess& p, uint64_t hwnd, uint64_t given_dc) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const ButtonState& s = control_state<ButtonState>(*w);
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    Window* now = find_window(p, hwnd);
    if (!now) return;
    const uint32_t state = control_state<ButtonState>(*now).state;
    cp.dc->s.bk_mode = gdi32::OPAQUE;
    const uint32_t type = type_of(now->style);
    if (type == BS_OWNERDRAW) {
      uint32_t item_state = 0;
      if (state & BST_PUSHED) item_state |= ODS_SELECTED_;
      if (state & BST_FOCUS) item_state |= ODS_FOCUS_;
      if (now->style & WS_DISABLED) item_state |= ODS_DISABLED_;
      send_draw_item(p, hwnd, 4 /* ODT_BUTTON */, 0, ODA_DRAWENTIRE_, item_state, cp.hdc, cp.client, 0);
    } else if (type == BS_GROUPBOX) {
      paint_group(p, *now, cp);
    } else if (is_push(type) || (now->style & BS_PUSHLIKE)) {
      paint_push(p, *now, cp, state);
    } else {
      paint_check(p, *now, cp, state);
    }
  });
}

void redraw_button(WindowsProcess& p, uint64_t hwnd) {
  if (!visible(p, hwnd)) return;
  invalidate_rect(p, hwnd, nullptr, false);
  update_window(p, hwnd);
}

// An automatic radio button was chosen: it is checked, the other automatic radio buttons of its
// group not.
void check_auto_radio(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w || !(w->style & WS_CHILD)) return;
  const uint64_t parent = w->parent;
  // The group: from the WS_GROUP control at or before this one to the next WS_GROUP control.
  Window* pw = find_window(p, parent);
  if (!pw) return;
  const std::vector<uint64_t> kids = pw->children;
  auto at = std::find(kids.begin(), kids.end(), hwnd);
  if (at == kids.end()) return;
  auto first = at;
  while (first != kids.begin()) {
    Window* c = find_window(p, *first);
    if (c && (c->style & WS_GROUP)) break;
    --first;
  }
  for (auto it = first; it != kids.end(); ++it) {
    Window* c = find_window(p, *it);
    if (!c) continue;
    if (it != first && (c->style & WS_GROUP)) break;
    if (static_cast<uint32_t>(send_message(p, *it, WM_GETDLGCODE, 0, 0)) == (DLGC_BUTTON | DLGC_RADIOBUTTON))
      send_message(p, *it, BM_SETCHECK, *it == hwnd ? BST_CHECKED : BST_UNCHECKED, 0);
  }
}

uint64_t button_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  ButtonState& s = control_state<ButtonState>(*w);
  uint32_t type = type_of(w->style);
  const int32_t x = static_cast<int16_t>(lparam & 0xffff), y = static_cast<int16_t>((lparam >> 16) & 0xffff);
  switch (msg) {
    case WM_GETDLGCODE:
      switch (type) {
        case BS_USERBUTTON: case BS_PUSHBUTTON: return DLGC_BUTTON | DLGC_UNDEFPUSHBUTTON;
        case BS_DEFPUSHBUTTON: return DLGC_BUTTON | DLGC_DEFPUSHBUTTON;
        case BS_RADIOBUTTON: case BS_AUTORADIOBUTTON: return DLGC_BUTTON | DLGC_RADIOBUTTON;
        case BS_GROUPBOX: return DLGC_STATIC;
        default: return DLGC_BUTTON;
      }
    case WM_CREATE:
      if (type > BS_OWNERDRAW) return static_cast<uint64_t>(-1);
      if (type == BS_USERBUTTON) w->style = (w->style & ~BS_TYPEMASK) | BS_PUSHBUTTON;
      s.state = BST_UNCHECKED;
      return 0;
    case WM_ENABLE:
      redraw_button(p, hwnd);
      return 0;
    case WM_ERASEBKGND:
      if (type == BS_OWNERDRAW) {
        const uint64_t brush = control_brush(p, hwnd, wparam, WM_CTLCOLORBTN);
        if (gdi32::DeviceContext* dc = gdi32::find_dc(p, wparam); dc && (w = find_window(p, hwnd)))
          fill_with_brush(p, *dc, {0, 0, w->client.width(), w->client.height()}, brush);
      }
      return 1;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint_button(p, hwnd, wparam);
      return 0;
    case WM_KEYDOWN:
      if (wparam == VK_SPACE) {
        send_message(p, hwnd, BM_SETSTATE, 1, 0);
        if ((w = find_window(p, hwnd))) control_state<ButtonState>(*w).state |= kPressed;
        set_capture(p, hwnd);
      }
      return 0;
    case WM_LBUTTONDBLCLK:
      if ((w->style & BS_NOTIFY) || type == BS_RADIOBUTTON || type == BS_USERBUTTON || type == BS_OWNERDRAW) {
        notify_parent(p, hwnd, BN_DOUBLECLICKED);
        return 0;
      }
      [[fallthrough]];
    case WM_LBUTTONDOWN:
      set_capture(p, hwnd);
      set_focus(p, hwnd);
      if (!(w = find_window(p, hwnd))) return 0;
      control_state<ButtonState>(*w).state |= kPressed;
      send_message(p, hwnd, BM_SETSTATE, 1, 0);
      return 0;
    case WM_KEYUP:
      if (wparam != VK_SPACE) return 0;
      [[fallthrough]];
    case WM_LBUTTONUP: {
      uint32_t state = s.state;
      if (!(state & kPressed)) return 0;
      state &= 0xf;
      s.state = state;
      if (!(state & BST_PUSHED)) {
        set_capture(p, 0);
        return 0;
      }
      send_message(p, hwnd, BM_SETSTATE, 0, 0);
      if (!(w = find_window(p, hwnd))) return 0;
      const bool inside = msg == WM_KEYUP || Rect{0, 0, w->client.width(), w->client.height()}.contains(x, y);
      set_capture(p, 0);
      if (!inside) return 0;
      state = control_state<ButtonState>(*w).state;
      switch (type) {
        case BS_AUTOCHECKBOX: send_message(p, hwnd, BM_SETCHECK, !(state & BST_CHECKED), 0); break;
        case BS_AUTORADIOBUTTON: check_auto_radio(p, hwnd); break;
        case BS_AUTO3STATE:
          send_message(p, hwnd, BM_SETCHECK, (state & BST_INDETERMINATE) ? 0 : (state & 3) + 1, 0);
          break;
        default: break;
      }
      notify_parent(p, hwnd, BN_CLICKED);
      return 0;
    }
    case WM_CAPTURECHANGED:
      if (lparam == hwnd) return 0;
      if (s.state & kPressed) {
        s.state &= 0xf;
        if (s.state & BST_PUSHED) send_message(p, hwnd, BM_SETSTATE, 0, 0);
      }
      return 0;
    case WM_MOUSEMOVE:
      if ((wparam & MK_LBUTTON_) && own_queue(p).input->capture == hwnd)
        send_message(p, hwnd, BM_SETSTATE, Rect{0, 0, w->client.width(), w->client.height()}.contains(x, y), 0);
      return 0;
    case WM_SETTEXT: {
      const uint64_t r = def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
      if (type == BS_GROUPBOX) invalidate_rect(p, hwnd, nullptr, true);
      else redraw_button(p, hwnd);
      return r ? 1 : 0;
    }
    case WM_SETFONT:
      s.font = wparam;
      if (lparam) invalidate_rect(p, hwnd, nullptr, true);
      return 0;
    case WM_GETFONT:
      return s.font;
    case WM_SETFOCUS:
      s.state |= BST_FOCUS;
      redraw_button(p, hwnd);
      if ((w = find_window(p, hwnd)) && (w->style & BS_NOTIFY)) notify_parent(p, hwnd, BN_SETFOCUS);
      return 0;
    case WM_KILLFOCUS: {
      const uint32_t state = s.state;
      s.state = state & ~BST_FOCUS;
      redraw_button(p, hwnd);
      if ((state & kPressed) && own_queue(p).input->capture == hwnd) set_capture(p, 0);
      if ((w = find_window(p, hwnd)) && (w->style & BS_NOTIFY)) notify_parent(p, hwnd, BN_KILLFOCUS);
      invalidate_rect(p, hwnd, nullptr, false);
      return 0;
    }
    case 0x0015:  // WM_SYSCOLORCHANGE
      invalidate_rect(p, hwnd, nullptr, false);
      return 0;
    case BM_SETSTYLE:
      type = static_cast<uint32_t>(wparam) & BS_TYPEMASK;
      w->style = (w->style & ~BS_TYPEMASK) | type;
      if (lparam) invalidate_rect(p, hwnd, nullptr, true);
      return 0;
    case BM_CLICK:
      send_message(p, hwnd, WM_LBUTTONDOWN, 0, 0);
      send_message(p, hwnd, WM_LBUTTONUP, 0, 0);
      return 0;
    case BM_SETIMAGE: {
      const uint32_t kind = w->style & (BS_BITMAP | BS_ICON);
      if (!((kind == BS_BITMAP && wparam == IMAGE_BITMAP_) || (kind == BS_ICON && wparam == IMAGE_ICON_))) return 0;
      const uint64_t old = s.image;
      s.image = lparam;
      invalidate_rect(p, hwnd, nullptr, false);
      return old;
    }
    case BM_GETIMAGE:
      return s.image;
    case BM_GETCHECK:
      return s.state & 3;
    case BM_SETCHECK: {
      uint64_t check = wparam;
      if (check > kMaxCheck[type]) check = kMaxCheck[type];
      if (type == BS_RADIOBUTTON || type == BS_AUTORADIOBUTTON) {
        // A checked radio button is the group's tab stop.
        if (check) w->style |= WS_TABSTOP;
        else w->style &= ~WS_TABSTOP;
      }
      if ((s.state & 3) != check) {
        s.state = (s.state & ~3u) | static_cast<uint32_t>(check);
        redraw_button(p, hwnd);
      }
      return 0;
    }
    case BM_GETSTATE:
      return s.state & 0xf;
    case BM_SETSTATE:
      if (wparam) s.state |= BST_PUSHED;
      else s.state &= ~BST_PUSHED;
      redraw_button(p, hwnd);
      return 0;
    case WM_NCHITTEST:
      if (type == BS_GROUPBOX) return static_cast<uint64_t>(static_cast<int64_t>(HTTRANSPARENT_));
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace

const ControlClass& button_class() {
  static const Export entry = EXPORT("ButtonWndProcW", control_entry<button_proc>);
  // CS_DBLCLKS | CS_VREDRAW | CS_HREDRAW | CS_PARENTDC; extra bytes: the state, font and image.
  static const ControlClass c{u"Button", 0x0008 | 0x0001 | 0x0002 | 0x0080, 20, button_proc, &entry,
                              32512 /* IDC_ARROW */, 0};
  return c;
}

}  // namespace polyrun::shims::user32
