// The status bar (msctls_statusbar32, CreateStatusWindow, DrawStatusText): parts ending at the
// right edges SB_SETPARTS gives (-1: the window's right edge), each with a text (or, owner-drawn,
// a value the parent draws from in WM_DRAWITEM), its SBT_ border kind and an icon; a simple mode
// with one part of its own; kept at the bottom of its parent, as wide as its client area, by the
// WM_SIZE the parent passes on (unless CCS_NORESIZE); a size grip with SBARS_SIZEGRIP.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "shims/comctl32/comctl32.h"
#include "shims/core/guest_memory.h"
#include "shims/core/text.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/controls.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comctl32 {

using namespace user32;

namespace status_bar {
namespace {

enum : uint32_t {
  SB_SETTEXTA = WM_USER + 1, SB_GETTEXTA = WM_USER + 2, SB_GETTEXTLENGTHA = WM_USER + 3, SB_SETPARTS = WM_USER + 4,
  SB_GETPARTS = WM_USER + 6, SB_GETBORDERS = WM_USER + 7, SB_SETMINHEIGHT = WM_USER + 8, SB_SIMPLE = WM_USER + 9,
  SB_GETRECT = WM_USER + 10, SB_SETTEXTW = WM_USER + 11, SB_GETTEXTLENGTHW = WM_USER + 12,
  SB_GETTEXTW = WM_USER + 13, SB_ISSIMPLE = WM_USER + 14, SB_SETICON = WM_USER + 15, SB_GETICON = WM_USER + 20,
  SBT_OWNERDRAW = 0x1000, SBT_NOBORDERS = 0x100, SBT_POPOUT = 0x200, SBT_RTLREADING = 0x400, SBT_NOTABPARSING = 0x800,
  SB_SIMPLEID = 0xff,
  SBARS_SIZEGRIP = 0x100, CCS_NORESIZE = 0x4,
  ODT_STATIC = 5, ODA_DRAWENTIRE = 1,
  BDR_SUNKENOUTER = 0x2, BDR_RAISEDOUTER = 0x1, BF_RECT = 0xf,
};
enum : int32_t { SBN_SIMPLEMODECHANGE = -880, COLOR_3DFACE = 15, COLOR_3DSHADOW = 16, COLOR_3DHIGHLIGHT = 20 };
constexpr int32_t kHorzBorder = 0, kVertBorder = 2, kGap = 2;

struct Part {
  int32_t right = -1;   // SB_SETPARTS' edge (-1: the window's)
  std::u16string text;
  uint32_t type = 0;    // SBT_* (SBT_OWNERDRAW: `data` instead of a text)
  uint64_t data = 0, icon = 0;
};

struct StatusState : ControlState {
  std::vector<Part> parts = std::vector<Part>(1);
  Part simple_part;
  bool simple = false;
  int32_t min_height = 0, height = 0;
  uint32_t bk = CLR_DEFAULT;
};

int32_t bar_height(const StatusState& s) { return std::max(s.min_height, 16 + 2 * kVertBorder) + 2; }

// The bar at the bottom of its parent's client area, as wide as it.
void place(WindowsProcess& p, uint64_t hwnd) {
  Window* w = find_window(p, hwnd);
  if (!w || (w->style & CCS_NORESIZE) || !w->parent) return;
  Window* parent = find_window(p, w->parent);
  if (!parent) return;
  StatusState& s = control_state<StatusState>(*w);
  s.height = bar_height(s);
  set_window_position(p, hwnd, 0, 0, parent->client.height() - s.height, parent->client.width(), s.height,
                      SWP_NOZORDER | SWP_NOACTIVATE);
}

// A part's rectangle in the client area.
Rect part_rect(const Window& w, const StatusState& s, size_t i) {
  const int32_t width = w.client.width(), height = w.client.height();
  if (s.simple) return {0, kVertBorder, width, height - kVertBorder};
  const int32_t left = i == 0 ? kHorzBorder : s.parts[i - 1].right + kGap;
  const int32_t right = s.parts[i].right == -1 ? width : s.parts[i].right;
  return {left, kVertBorder, right, height - kVertBorder};
}

// One part's face, frame, icon and text (DrawStatusText's work; tabs centre and right-align the
// text).
void draw_part(WindowsProcess& p, uint64_t hdc, Rect r, const std::u16string& text, uint32_t type, uint64_t icon) {
  gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!dc) return;
  fill_sys_color(p, *dc, r, COLOR_3DFACE);
  if (!(type & SBT_NOBORDERS)) r = draw_edge(p, *dc, r, (type & SBT_POPOUT) ? BDR_RAISEDOUTER : BDR_SUNKENOUTER, BF_RECT);
  r.left += 2;
  if (icon) {
    draw_icon(p, hdc, r.left, r.top + (r.height() - 16) / 2, icon, 16, 16);
    r.left += 18;
  }
  if (!(dc = gdi32::find_dc(p, hdc))) return;
  dc->s.bk_mode = gdi32::TRANSPARENT;
  size_t start = 0;
  uint32_t align[] = {DT_LEFT, DT_CENTER, DT_RIGHT};
  for (int k = 0; k < 3 && start <= text.size(); k++) {
    const size_t tab = (type & SBT_NOTABPARSING) ? std::u16string::npos : text.find(u'\t', start);
    const std::u16string piece = text.substr(start, tab == std::u16string::npos ? std::u16string::npos : tab - start);
    Rect tr = r;
    if (!piece.empty()) draw_text_in(p, hdc, piece, tr, align[k] | DT_VCENTER | DT_SINGLELINE | DT_NOPREFIX);
    if (tab == std::u16string::npos) break;
    start = tab + 1;
  }
}


void paint(WindowsProcess& p, uint64_t hwnd, uint64_t given_dc) {
  Window* w = find_window(p, hwnd);
  if (!w) return;
  const StatusState s = control_state<StatusState>(*w);
  const uint32_t style = w->style;
  const Window copy = *w;
  paint_control(p, hwnd, given_dc, s.font ? s.font : status_font(p), [&](ControlPaint& cp) {
    fill_sys_color(p, *cp.dc, cp.client, COLOR_3DFACE);
    const size_t n = s.simple ? 1 : s.parts.size();
    for (size_t i = 0; i < n; i++) {
      const Part& part = s.simple ? s.simple_part : s.parts[i];
      const Rect r = part_rect(copy, s, i);
      if (part.type & SBT_OWNERDRAW) {
        Rect inner = r;
        if (gdi32::DeviceContext* dc = gdi32::find_dc(p, cp.hdc)) inner = draw_edge(p, *dc, r, BDR_SUNKENOUTER, BF_RECT);
        send_draw_item(p, hwnd, ODT_STATIC, s.simple ? SB_SIMPLEID : static_cast<uint32_t>(i), ODA_DRAWENTIRE, 0, cp.hdc,
                       inner, part.data);
      } else {
        draw_part(p, cp.hdc, r, part.text, part.type, part.icon);
      }
    }
    if ((style & SBARS_SIZEGRIP) && (cp.dc = gdi32::find_dc(p, cp.hdc))) {
      // The grip: three pairs of diagonal lines in the bottom right corner.
      const int32_t x = cp.client.right - 1, y = cp.client.bottom - 1;
      for (int32_t k = 3; k < 13; k += 4)
        for (int32_t d = 0; d < k; d++) {
          fill_sys_color(p, *cp.dc, {x - k + d, y - d, x - k + d + 1, y - d + 1}, COLOR_3DSHADOW);
          fill_sys_color(p, *cp.dc, {x - k + d + 1, y - d, x - k + d + 2, y - d + 1}, COLOR_3DHIGHLIGHT);
        }
    }
  });
}

// SB_GETTEXT's answer: the length and the SBT_ kind in the high word (an owner-drawn part's value).
uint64_t text_answer(const Part& part) {
  if (part.type & SBT_OWNERDRAW) return part.data;
  return pack_words(static_cast<int32_t>(part.text.size()), static_cast<int32_t>(part.type & 0xff00));
}

uint64_t status_proc(WindowsProcess& p, uint64_t hwnd, uint32_t msg, uint64_t wparam, uint64_t lparam, bool unicode) {
  Window* w = find_window(p, hwnd);
  if (!w) return 0;
  StatusState& s = control_state<StatusState>(*w);
  auto redraw = [&] { invalidate_rect(p, hwnd, nullptr, true); };
  switch (msg) {
    case WM_CREATE:
      s.parts[0].text = w->text;
      place(p, hwnd);
      return 0;
    case WM_SIZE:
      // The parent's WM_SIZE passed on: back to its bottom.
      if (!(w->style & CCS_NORESIZE)) place(p, hwnd);
      return 0;
    case WM_ERASEBKGND:
      return 1;
    case WM_PAINT:
    case WM_PRINTCLIENT:
      paint(p, hwnd, wparam);
      return 0;
    case WM_SETFONT:
      s.font = wparam;
      if (lparam) redraw();
      return 0;
    case WM_GETFONT:
      return s.font;
    case WM_SETTEXT:
      s.parts[0].text = message_text(lparam, unicode);
      s.parts[0].type &= ~SBT_OWNERDRAW;
      redraw();
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
    case WM_NCHITTEST: {
      // The grip sizes the parent.
      const uint64_t hit = def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
      if (!(w->style & SBARS_SIZEGRIP)) return hit;
      const Rect r = screen_rect(p, *w);
      const int32_t x = static_cast<int16_t>(lparam), y = static_cast<int16_t>(lparam >> 16);
      if (x >= r.right - 16 && y >= r.bottom - 16) return 17;  // HTBOTTOMRIGHT
      return hit;
    }
    case SB_SETPARTS: {
      const uint32_t n = static_cast<uint32_t>(wparam);
      if (n == 0 || n > 256 || !lparam) return 0;
      s.parts.resize(n);
      for (uint32_t i = 0; i < n; i++) s.parts[i].right = get<int32_t>(lparam + 4 * i);
      redraw();
      return 1;
    }
    case SB_GETPARTS: {
      const size_t n = std::min<size_t>(wparam, s.parts.size());
      if (lparam)
        for (size_t i = 0; i < n; i++) put<int32_t>(lparam + 4 * i, s.parts[i].right);
      return s.parts.size();
    }
    case SB_SETTEXTA:
    case SB_SETTEXTW: {
      const uint32_t index = wparam & 0xff;
      Part* part = index == SB_SIMPLEID ? &s.simple_part : index < s.parts.size() ? &s.parts[index] : nullptr;
      if (!part) return 0;
      part->type = static_cast<uint32_t>(wparam) & 0xff00;
      if (part->type & SBT_OWNERDRAW) {
        part->data = lparam, part->text.clear();
      } else {
        part->data = 0, part->text = message_text(lparam, msg == SB_SETTEXTW);
      }
      redraw();
      return 1;
    }
    case SB_GETTEXTA:
    case SB_GETTEXTW:
    case SB_GETTEXTLENGTHA:
    case SB_GETTEXTLENGTHW: {
      const uint32_t index = wparam & 0xff;
      const Part* part = s.simple ? &s.simple_part : index < s.parts.size() ? &s.parts[index] : nullptr;
      if (!part) return 0;
      if ((msg == SB_GETTEXTA || msg == SB_GETTEXTW) && lparam && !(part->type & SBT_OWNERDRAW))
        copy_text_out(p, part->text, Ptr{lparam}, 0x7fffffff, msg == SB_GETTEXTW);
      if (msg == SB_GETTEXTLENGTHA && !(part->type & SBT_OWNERDRAW))
        return pack_words(static_cast<int32_t>(utf16_to_ansi(part->text).size()), static_cast<int32_t>(part->type & 0xff00));
      return text_answer(*part);
    }
    case SB_GETBORDERS:
      if (!lparam) return 0;
      put<int32_t>(lparam, kHorzBorder), put<int32_t>(lparam + 4, kVertBorder), put<int32_t>(lparam + 8, kGap);
      return 1;
    case SB_SETMINHEIGHT:
      s.min_height = static_cast<int32_t>(wparam);
      return 0;
    case SB_SIMPLE:
      s.simple = wparam != 0;
      wm_notify(p, hwnd, SBN_SIMPLEMODECHANGE);
      redraw();
      return 0;
    case SB_ISSIMPLE:
      return s.simple;
    case SB_GETRECT: {
      const size_t index = wparam;
      if (!s.simple && index >= s.parts.size()) return 0;
      if (lparam) put<Rect>(lparam, part_rect(*w, s, s.simple ? 0 : index));
      return 1;
    }
    case SB_SETICON:
    case SB_GETICON: {
      const uint32_t index = static_cast<uint32_t>(wparam);
      Part* part = index == 0xffffffffu || index == SB_SIMPLEID ? &s.simple_part
                   : index < s.parts.size()                      ? &s.parts[index]
                                                                 : nullptr;
      if (msg == SB_GETICON) return part ? part->icon : 0;
      if (!part) return 0;
      part->icon = lparam;
      redraw();
      return 1;
    }
    case CCM_SETBKCOLOR: {
      const uint32_t old = s.bk;
      s.bk = static_cast<uint32_t>(lparam);
      redraw();
      return old;
    }
    default:
      return def_window_proc(p, hwnd, msg, wparam, lparam, unicode);
  }
}

// CreateStatusWindow: a status bar child of `parent` with the text and id given.
Ptr create_status(WindowsProcess& p, uint32_t style, uint64_t text, uint64_t parent, uint32_t id, bool unicode) {
  const auto cls = find_class(p, status_bar_class().name, 0, true);
  if (!cls) return 0;
  return create_window(p, 0, cls->atom, text, style, 0, 0, 0, 0, parent, id, 0, 0, unicode);
}
Ptr CreateStatusWindowA(WindowsProcess& p, int32_t style, Ptr text, Ptr parent, uint32_t id) {
  return create_status(p, static_cast<uint32_t>(style), text.addr, parent.addr, id, false);
}
Ptr CreateStatusWindowW(WindowsProcess& p, int32_t style, Ptr text, Ptr parent, uint32_t id) {
  return create_status(p, static_cast<uint32_t>(style), text.addr, parent.addr, id, true);
}

// DrawStatusText: a part drawn in the DC's rectangle, its SBT_ kind in `flags`.
void draw_status_text(WindowsProcess& p, uint64_t hdc, uint64_t rect, uint64_t text, uint32_t flags, bool unicode) {
  if (!rect) return;
  draw_part(p, hdc, get<Rect>(rect), message_text(text, unicode), flags, 0);
}
void DrawStatusTextA(WindowsProcess& p, Ptr hdc, Ptr rect, Ptr text, uint32_t flags) {
  draw_status_text(p, hdc.addr, rect.addr, text.addr, flags, false);
}
void DrawStatusTextW(WindowsProcess& p, Ptr hdc, Ptr rect, Ptr text, uint32_t flags) {
  draw_status_text(p, hdc.addr, rect.addr, text.addr, flags, true);
}

}  // namespace
}  // namespace status_bar

uint32_t status_font(WindowsProcess& p) {
  static uint32_t font = 0;
  if (!font || !gdi32::gdi_table(p).find(font)) {
    auto f = std::make_unique<gdi32::Font>();
    f->log.height = -11, f->log.weight = 400, f->log.face = u"Tahoma";
    f->stock = true;
    font = gdi32::gdi_table(p).add(std::move(f));
  }
  return font;
}

const ControlClass& status_bar_class() {
  static const Export entry = EXPORT("StatusWindowProc", user32::control_entry<status_bar::status_proc>);
  // CS_GLOBALCLASS | CS_DBLCLKS | CS_HREDRAW | CS_VREDRAW.
  static const ControlClass c{u"msctls_statusbar32", 0x4000 | 0x8 | 0x2 | 0x1, 8, status_bar::status_proc, &entry, 32512, 0};
  return c;
}

const std::vector<Export>& status_bar_exports() {
  static const std::vector<Export> e = {
      EXPORT("CreateStatusWindowA", status_bar::CreateStatusWindowA),
      EXPORT("CreateStatusWindowW", status_bar::CreateStatusWindowW),
      EXPORT("DrawStatusTextA", status_bar::DrawStatusTextA),
      EXPORT("DrawStatusTextW", status_bar::DrawStatusTextW),
  };
  return e;
}

}  // namespace polyrun::shims::comctl32
