// The STATIC control: text (left, centred, right, simple, without word wrap, with ellipses),
// icons and bitmaps (STM_SETICON, STM_SETIMAGE), filled and framed rectangles, etched lines,
// owner drawing (WM_DRAWITEM); with SS_NOTIFY it reports clicks (STN_CLICKED …) and is hit by the
// mouse, otherwise the mouse goes through it (HTTRANSPARENT).
#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::user32 {

namespace {

enum : uint32_t {
  SS_LEFT = 0, SS_CENTER = 1, SS_RIGHT = 2, SS_ICON = 3, SS_BLACKRECT = 4, SS_GRAYRECT = 5, SS_WHITERECT = 6,
  SS_BLACKFRAME = 7, SS_GRAYFRAME = 8, SS_WHITEFRAME = 9, SS_USERITEM = 0xa, SS_SIMPLE = 0xb,
  SS_LEFTNOWORDWRAP = 0xc, SS_OWNERDRAW = 0xd, SS_BITMAP = 0xe, SS_ENHMETAFILE = 0xf, SS_ETCHEDHORZ = 0x10,
  SS_ETCHEDVERT = 0x11, SS_ETCHEDFRAME = 0x12, SS_TYPEMASK = 0x1f, SS_REALSIZECONTROL = 0x40, SS_NOPREFIX = 0x80,
  SS_NOTIFY = 0x100, SS_CENTERIMAGE = 0x200, SS_RIGHTJUST = 0x400, SS_SUNKEN = 0x1000, SS_ELLIPSISMASK = 0xc000,
  SS_ENDELLIPSIS = 0x4000, SS_PATHELLIPSIS = 0x8000, SS_WORDELLIPSIS = 0xc000,
  STM_SETICON = 0x170, STM_GETICON = 0x171, STM_SETIMAGE = 0x172, STM_GETIMAGE = 0x173,
  STN_CLICKED = 0, STN_DBLCLK = 1, STN_ENABLE = 2, STN_DISABLE = 3,
  WM_NCLBUTTONDOWN_ = 0x00a1,
};
enum : int32_t {
  COLOR_WINDOWFRAME = 6, COLOR_GRAYTEXT = 17, COLOR_3DDKSHADOW = 21, COLOR_3DSHADOW = 16, COLOR_3DHIGHLIGHT = 20,
  HTTRANSPARENT = -1, HTCLIENT_ = 1,
};

struct StaticState : ControlState {
  uint64_t image = 0;  // the icon or bitmap shown (SS_ICON, SS_BITMAP)
};

uint32_t static_kind(const Window& w) { return w.style & SS_TYPEMASK; }

// The text's DrawText flags for the style.
uint32_t text_flags(uint32_t style) {
  uint32_t f = 0;
  switch (style & SS_TYPEMASK) {
    case SS_LEFT: f = DT_LEFT | DT_EXPANDTABS | DT_WORDBREAK; break;
    case SS_CENTER: f = DT_CENTER | DT_EXPANDTABS | DT_WORDBREAK; break;
    case SS_RIGHT: f = DT_RIGHT | DT_EXPANDTABS | DT_WORDBREAK; break;
    case SS_SIMPLE: f = DT_LEFT | DT_SINGLELINE; break;
    case SS_LEFTNOWORDWRAP: f = DT_LEFT | DT_EXPANDTABS; break;
    default: return 0;
  }
  if (style & SS_NOPREFIX) f |= DT_NOPREFIX;
  if ((style & SS_ELLIPSISMASK) == SS_ENDELLIPSIS) f |= DT_END_ELLIPSIS;
  else if ((style & SS_ELLIPSISMASK) == SS_PATHELLIPSIS) f |= DT_PATH_ELLIPSIS;
  else if ((style & SS_ELLIPSISMASK) == SS_WORDELLIPSIS) f |= DT_WORD_ELLIPSIS;
  if (style & SS_CENTERIMAGE) f = (f & ~DT_WORDBREAK) | DT_SINGLELINE | DT_VCENTER;
  return f;
}

void paint_static(WindowsProcess& p, uint64_t hwnd, uint64_t given_dc) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  StaticState& s = control_state<StaticState>(*w);
  const uint32_t k = static_kind(*w);
  paint_control(p, hwnd, given_dc, s.font, [&](ControlPaint& cp) {
    Window* now = find_window(p, hwnd);
    if (!now) return;
    const Rect& rc = cp.client;
    auto fill_color = [&](int32_t color) { fill_sys_color(p, *cp.dc, rc, color); };
    auto frame_color = [&](int32_t color) {
      fill_sys_color(p, *cp.dc, {rc.left, rc.top, rc.right, rc.top + 1}, color);
      fill_sys_color(p, *cp.dc, {rc.left, rc.bottom - 1, rc.right, rc.bottom}, color);
      fill_sys_color(p, *cp.dc, {rc.left, rc.top, rc.left + 1, rc.bottom}, color);
      fill_sys_color(p, *cp.dc, {rc.right - 1, rc.top, rc.right, rc.bottom}, color);
    };
    switch (k) {
      case SS_BLACKRECT: fill_color(COLOR_3DDKSHADOW); return;
      case SS_GRAYRECT: fill_color(COLOR_3DSHADOW); return;
      case SS_WHITERECT: fill_color(COLOR_3DHIGHLIGHT); return;
      case SS_BLACKFRAME: frame_color(COLOR_3DDKSHADOW); return;
      case SS_GRAYFRAME: frame_color(COLOR_3DSHADOW); return;
      case SS_WHITEFRAME: frame_color(COLOR_3DHIGHLIGHT); return;
      case SS_ETCHEDHORZ: draw_edge(p, *cp.dc, rc, 0x6 /* EDGE_ETCHED */, 0x2 | 0x8); return;
      case SS_ETCHEDVERT: draw_edge(p, *cp.dc, rc, 0x6, 0x1 | 0x4); return;
      case SS_ETCHEDFRAME: draw_edge(p, *cp.dc, rc, 0x6, 0xf); return;
      case SS_OWNERDRAW:
        send_draw_item(p, hwnd, 5 /* ODT_STATIC */, 0, 1 /* ODA_DRAWENTIRE */, (now->style & WS_DISABLED) ? 4 : 0,
                       cp.hdc, rc, 0);
        return;
      case SS_USERITEM:
      case SS_ENHMETAFILE:  // (no metafiles: the background alone)
        fill_with_brush(p, *cp.dc, rc, control_brush(p, hwnd, cp.hdc, WM_CTLCOLORSTATIC));
        return;
      default: break;
    }
    const uint64_t brush = control_brush(p, hwnd, cp.hdc, WM_CTLCOLORSTATIC);
    if (!(now = find_window(p, hwnd)) || !(cp.dc = gdi32::find_dc(p, cp.hdc))) return;
    fill_with_brush(p, *cp.dc, rc, brush);
    if (k == SS_ICON || k == SS_BITMAP) {
      const uint64_t image = control_state<StaticState>(*now).image;
      if (!image) return;
      if (k == SS_ICON) {
        int32_t iw = 0, ih = 0;
        icon_size(image, iw, ih);
        const bool centre = now->style & SS_CENTERIMAGE;
        draw_icon(p, cp.hdc, centre ? (rc.width() - iw) / 2 : 0, centre ? (rc.height() - ih) / 2 : 0, image, iw, ih);
      } else if (auto* b = gdi32::gdi_table(p).find_as<gdi32::Bitmap>(static_cast<uint32_t>(image), gdi32::OBJ_BITMAP);
                 b && b->surface) {
        const gdi32::Surface& src = *b->surface;
        const bool centre = now->style & SS_CENTERIMAGE;
        const int32_t x = centre ? (rc.width() - src.width()) / 2 : 0, y = centre ? (rc.height() - src.height()) / 2 : 0;
        gdi32::stretch_surface(p, *cp.dc, x, y, src.width(), src.height(), src, {0, 0, src.width(), src.height()},
                               0x00cc0020 /* SRCCOPY */);
      }
      return;
    }
    if (now->text.empty()) return;
    cp.dc->s.bk_mode = gdi32::TRANSPARENT;
    if (now->style & WS_DISABLED) cp.dc->s.text_color = sys_color(COLOR_GRAYTEXT);
    Rect r = rc;
    draw_text_in(p, cp.hdc, now->text, r, text_flags(now->style));
  });
}

void set_image(WindowsProcess& p, uint64_t hwnd, uint64_t image) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  control_state<StaticState>(*w).image = image;
  // An icon control takes the icon's size unless it centres it or keeps its own.
  if (static_kind(*w) == SS_ICON && image && !(w->style & (SS_CENTERIMAGE | SS_REALSIZECONTROL))) {
    int32_t iw = 0, ih = 0;
    if (icon_size(image, iw, ih))
      set_window_position(p, hwnd, 0, 0, 0, iw, ih, SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE);
  }
  invalidate_rect(p, hwnd, nullptr, true);
}

uint64_t static_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  StaticState& s = control_state<StaticState>(*w);
  const uint32_t k = static_kind(*w);
  switch (msg) {
    case WM_NCCREATE: {
      if (w->style & SS_SUNKEN) w->ex_style |= WS_EX_STATICEDGE;
      const uint64_t r = def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
      // An icon or bitmap control's text names its resource (a string, or an id below 0x10000).
      if (lparam && (k == SS_ICON || k == SS_BITMAP)) {
        const uint64_t name = p.get_ptr(lparam + create_struct_layout(p).name);
        const uint64_t module = p.get_ptr(lparam + p.isa->ptr);  // CREATESTRUCT's hInstance
        if (name) {
          uint64_t image = load_image_resource(p, module, name, unicode, k == SS_ICON ? IMAGE_ICON : IMAGE_BITMAP);
          if (!image && k == SS_ICON) image = load_image_resource(p, module, name, unicode, IMAGE_CURSOR);
          if ((w = find_window(p, hwnd))) control_state<StaticState>(*w).image = image;
          if (w) w->text.clear();
        }
      }
      return r;
    }
    case WM_CREATE:
      if (k == SS_ICON && s.image) set_image(p, hwnd, s.image);
      return 0;
    case WM_NCHITTEST:
      return (w->style & SS_NOTIFY) ? HTCLIENT_ : static_cast<uint64_t>(static_cast<int64_t>(HTTRANSPARENT));
    case WM_GETDLGCODE:
      return DLGC_STATIC;
    case WM_ERASEBKGND:
      return 1;  // (the painting fills the background)
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint_static(p, hwnd, wparam);
      return 0;
    case WM_ENABLE:
      if (w->style & SS_NOTIFY) notify_parent(p, hwnd, wparam ? STN_ENABLE : STN_DISABLE);
      invalidate_rect(p, hwnd, nullptr, true);
      return 0;
    case WM_SETTEXT: {
      if (k == SS_ICON || k == SS_BITMAP) {
        // The text is a resource name here, as at creation.
        const uint64_t image = lparam ? load_image_resource(p, w->instance, lparam, unicode, k == SS_ICON ? IMAGE_ICON : IMAGE_BITMAP) : 0;
        set_image(p, hwnd, image);
        return 1;
      }
      const uint64_t r = def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
      invalidate_rect(p, hwnd, nullptr, true);
      return r;
    }
    case WM_SETFONT:
      s.font = wparam;
      if (lparam) invalidate_rect(p, hwnd, nullptr, true);
      return 0;
    case WM_GETFONT:
      return s.font;
    case WM_LBUTTONDOWN:
    case WM_NCLBUTTONDOWN_:
      if (w->style & SS_NOTIFY) notify_parent(p, hwnd, STN_CLICKED);
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case WM_LBUTTONDBLCLK:
      if (w->style & SS_NOTIFY) notify_parent(p, hwnd, STN_DBLCLK);
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case STM_GETICON:
      return k == SS_ICON ? s.image : 0;
    case STM_SETICON: {
      if (k != SS_ICON) return 0;
      const uint64_t old = s.image;
      set_image(p, hwnd, wparam);
      return old;
    }
    case STM_GETIMAGE:
      if ((wparam == IMAGE_BITMAP && k == SS_BITMAP) || ((wparam == IMAGE_ICON || wparam == IMAGE_CURSOR) && k == SS_ICON))
        return s.image;
      return 0;
    case STM_SETIMAGE: {
      const bool fits = (wparam == IMAGE_BITMAP && k == SS_BITMAP) ||
                        ((wparam == IMAGE_ICON || wparam == IMAGE_CURSOR) && k == SS_ICON);
      if (!fits) return 0;
      const uint64_t old = s.image;
      set_image(p, hwnd, lparam);
      return old;
    }
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

}  // namespace

const ControlClass& static_class() {
  static const Export entry = EXPORT("StaticWndProcW", control_entry<static_proc>);
  // CS_DBLCLKS | CS_PARENTDC; the extra bytes hold a font and an image handle.
  static const ControlClass c{u"Static", 0x0008 | 0x0080, 16, static_proc, &entry, 32512 /* IDC_ARROW */, 0};
  return c;
}

}  // namespace polyrun::shims::user32
