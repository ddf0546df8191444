// DrawFrameControl: the classic look's pictures of buttons (push buttons as a soft raised or
// sunken edge; check boxes as a sunken square in the window colour with a check mark; radio
// buttons as a sunken circle with a dot), scroll-bar arrows (a raised edge with a triangle), the
// combo box arrow and the size grip, caption buttons and menu marks. Boxes, circles and marks are
// drawn at the sizes Windows' Marlett glyphs have for the usual 13 and 16-pixel boxes.
#include "shims/user32/frame_controls.h"

#include <algorithm>

#include "shims/core/guest_memory.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/user32/controls.h"

namespace polyrun::shims::user32 {

using gdi32::DeviceContext;

namespace {
namespace frame_pictures {

enum : int32_t {
  kWindow = 5, kWindowFrame = 6, kWindowText = 8, kFace = 15, kShadow = 16, kBtnText = 18, kHighlight = 20,
  kDark = 21, kLight = 22,
};

struct Painter {
  WindowsProcess& p;
  DeviceContext& dc;
  void fill(const Rect& r, int32_t color) const { fill_sys_color(p, dc, r, color); }
  void dot(int32_t x, int32_t y, int32_t color) const { fill({x, y, x + 1, y + 1}, color); }
  // Two one-pixel rings (outer, inner), their top and left sides in `lt`, bottom and right in
  // `rb` (-1: that ring is not drawn); the middle filled with `middle` unless -1. What is inside.
  Rect edge(Rect r, int32_t outer_lt, int32_t outer_rb, int32_t inner_lt, int32_t inner_rb, int32_t middle) const {
    const int32_t rings[2][2] = {{outer_lt, outer_rb}, {inner_lt, inner_rb}};
    for (const auto& ring : rings) {
      if (ring[0] < 0 || r.empty()) continue;
      fill({r.left, r.top, r.right, r.top + 1}, ring[0]);
      fill({r.left, r.top, r.left + 1, r.bottom}, ring[0]);
      fill({r.left, r.bottom - 1, r.right, r.bottom}, ring[1]);
      fill({r.right - 1, r.top, r.right, r.bottom}, ring[1]);
      r = {r.left + 1, r.top + 1, r.right - 1, r.bottom - 1};
    }
    if (middle >= 0 && !r.empty()) fill(r, middle);
    return r;
  }
  // EDGE_RAISED / EDGE_SUNKEN as DrawEdge draws them, with BF_SOFT, BF_FLAT and BF_MONO.
  Rect raised(const Rect& r, bool soft, int32_t middle) const {
    return soft ? edge(r, kHighlight, kDark, kLight, kShadow, middle) : edge(r, kLight, kDark, kHighlight, kShadow, middle);
  }
  Rect sunken(const Rect& r, bool soft, int32_t middle) const {
    return soft ? edge(r, kDark, kHighlight, kShadow, kLight, middle) : edge(r, kShadow, kHighlight, kDark, kLight, middle);
  }
  Rect flat(const Rect& r, int32_t middle) const { return edge(r, kShadow, kShadow, kFace, kFace, middle); }
  Rect mono(const Rect& r, int32_t middle) const { return edge(r, kWindowFrame, kWindowFrame, kWindow, kWindow, middle); }
  // A picture of characters at (x, y): each character's colour from `colors` (a space: none).
  void picture(int32_t x, int32_t y, const char* const* rows, int n, int32_t (*color)(char)) const {
    for (int j = 0; j < n; ++j)
      for (int i = 0; rows[j][i]; ++i)
        if (const int32_t c = color(rows[j][i]); c >= 0) dot(x + i, y + j, c);
  }
};

// The square of a rectangle's smaller side, centred in it.
Rect square_in(const Rect& r) {
  const int32_t w = r.width(), h = r.height();
  Rect s = r;
  if (w < h) s.top += (h - w) / 2, s.bottom = s.top + w;
  else if (w > h) s.left += (w - h) / 2, s.right = s.left + h;
  return s;
}

// The 50% pattern of a checked push button or an indeterminate check box: the face colour and
// the highlight by turns.
void checked_pattern(const Painter& g, const Rect& r) {
  for (int32_t y = r.top; y < r.bottom; ++y)
    for (int32_t x = r.left; x < r.right; ++x) g.dot(x, y, ((x + y) & 1) ? kHighlight : kFace);
}

bool push_button(const Painter& g, Rect& r, uint32_t state) {
  const bool sunken = state & (DFCS_PUSHED | DFCS_CHECKED | DFCS_FLAT);
  if (state & DFCS_MONO) {
    const Rect in = g.mono(r, -1);
    if (state & DFCS_CHECKED) checked_pattern(g, in);
    else g.fill(in, kFace);
  } else if (state & DFCS_CHECKED) {
    checked_pattern(g, sunken ? g.sunken(r, true, -1) : g.raised(r, true, -1));
  } else if (state & DFCS_FLAT) {
    g.flat(r, kFace);
  } else if (sunken) {
    g.sunken(r, true, kFace);
  } else {
    g.raised(r, true, kFace);
  }
  if (state & DFCS_ADJUSTRECT) r = {r.left + 2, r.top + 2, r.right - 2, r.bottom - 2};
  return true;
}

// The check mark of a 13-pixel box, 7 pixels square.
const char* const kCheckMark[7] = {"      #", "     ##", "    ###", "#  ### ", "#####  ", "####   ", " ##    "};

bool check_box(const Painter& g, const Rect& r, uint32_t state) {
  const Rect box = square_in(r);
  // The box: a sunken 12-pixel square and the highlight round it, as the glyph is drawn.
  const int32_t side = box.width();
  Rect in;
  if (state & DFCS_FLAT) in = g.flat(box, -1);
  else if (state & DFCS_MONO) in = g.mono(box, -1);
  else in = g.sunken(box, false, -1);
  const bool three_state = (state & 0xff) == DFCS_BUTTON3STATE;
  if (state & (DFCS_INACTIVE | DFCS_PUSHED)) g.fill(in, kFace);
  else if (three_state && (state & DFCS_CHECKED)) checked_pattern(g, in);
  else g.fill(in, kWindow);
  if (state & DFCS_CHECKED) {
    const int32_t color = (state & DFCS_INACTIVE) || three_state ? kShadow : kWindowText;
    const int32_t x = box.left + (side - 7) / 2, y = box.top + (side - 7) / 2;
    for (int j = 0; j < 7; ++j)
      for (int i = 0; i < 7; ++i)
        if (kCheckMark[j][i] == '#') g.dot(x + i, y + j, color);
  }
  return true;
}

// A radio button of 13 pixels: the sunken circle ('s' shadow, 'd' dark shadow, 'l' light, '.'
// highlight) round the inside ('w').
const char* const kRadio[13] = {
    "             ", "     ssss    ", "   ssddddss  ", "  ssdwwwwd . ", "  sdwwwwwwl. ",
    " sdwwwwwwwwl.", " sdwwwwwwwwl.", " sdwwwwwwwwl.", " sdwwwwwwwwl.", "  sdwwwwwwl. ",
    "  ..lwwwwl.. ", "   ..llll..  ", "     ....    ",
};
const char* const kRadioDot[4] = {" ## ", "####", "####", " ## "};

bool radio_button(const Painter& g, const Rect& r, uint32_t state) {
  const Rect box = square_in(r);
  const int32_t x = box.left + (box.width() - 13) / 2, y = box.top + (box.height() - 13) / 2;
  const uint32_t kind = state & 0xff;
  if (kind == DFCS_BUTTONRADIOIMAGE) g.fill(r, kWindowText);  // (black behind the image's circle)
  static uint32_t s_state;
  s_state = state;
  if (kind == DFCS_BUTTONRADIOMASK) {
    g.picture(x, y, kRadio, 13, [](char c) -> int32_t { return c == ' ' ? -1 : kWindowText; });
  } else if (state & (DFCS_FLAT | DFCS_MONO)) {
    g.picture(x, y, kRadio, 13, [](char c) -> int32_t {
      if (c == ' ') return -1;
      if (c == 'w') return (s_state & (DFCS_INACTIVE | DFCS_PUSHED)) ? kFace : kWindow;
      return c == 's' || c == 'd' || c == 'l' ? kWindowFrame : -1;
    });
  } else {
    g.picture(x, y, kRadio, 13, [](char c) -> int32_t {
      switch (c) {
        case 's': return kShadow;
        case 'd': return kDark;
        case 'l': return kLight;
        case '.': return kHighlight;
        case 'w': return (s_state & (DFCS_INACTIVE | DFCS_PUSHED)) ? kFace : kWindow;
        default: return -1;
      }
    });
  }
  if (state & DFCS_CHECKED) {
    const int32_t color = kind == DFCS_BUTTONRADIOMASK ? kWindowText : (state & DFCS_INACTIVE) ? kShadow : kWindowText;
    for (int j = 0; j < 4; ++j)
      for (int i = 0; i < 4; ++i)
        if (kRadioDot[j][i] == '#') g.dot(x + 5 + i, y + 5 + j, color);
  }
  return true;
}

// A triangle pointing `dir` (0 up, 1 down, 2 left, 3 right) with its point at (x, y) and `n` rows
// after it (each one pixel wider on both sides).
void triangle(const Painter& g, int32_t x, int32_t y, int32_t n, int dir, int32_t color) {
  for (int32_t k = 0; k <= n; ++k) {
    switch (dir) {
      case 0: g.fill({x - k, y + k, x + k + 1, y + k + 1}, color); break;
      case 1: g.fill({x - k, y - k, x + k + 1, y - k + 1}, color); break;
      case 2: g.fill({x + k, y - k, x + k + 1, y + k + 1}, color); break;
      default: g.fill({x - k, y - k, x - k + 1, y + k + 1}, color); break;
    }
  }
}

// The size grip: three pairs of shadow lines, each under a highlight line, along the diagonal of
// the lower right corner (distances from the corner's pixel along the anti-diagonals).
void size_grip(const Painter& g, const Rect& r, uint32_t state) {
  g.fill(r, kFace);
  const bool mono = state & (DFCS_MONO | DFCS_FLAT);
  const int32_t lit = mono ? kWindowFrame : kHighlight, dark = mono ? kWindowFrame : kShadow;
  const int32_t scale = std::min(r.width(), r.height());
  const auto at = [&](int32_t d) { return d * scale / 17; };
  const struct {
    int32_t d, color;
  } lines[] = {{at(11), lit}, {at(10), dark}, {at(9), dark}, {at(7), lit}, {at(6), dark}, {at(5), dark},
               {at(4), lit},  {at(3), dark},  {at(2), dark}};
  for (const auto& l : lines)
    for (int32_t i = 0; i <= l.d; ++i) {
      const int32_t x = r.right - 1 - i, y = r.bottom - 1 - (l.d - i);
      if (x >= r.left && y >= r.top) g.dot(x, y, l.color);
    }
}

bool scroll_part(const Painter& g, Rect& r, uint32_t state) {
  const uint32_t kind = state & 0xff;
  if (kind == DFCS_SCROLLSIZEGRIP || kind == DFCS_SCROLLSIZEGRIPRIGHT) {
    size_grip(g, r, state);
    return true;
  }
  int dir;
  switch (kind) {
    case DFCS_SCROLLUP: dir = 0; break;
    case DFCS_SCROLLDOWN: case DFCS_SCROLLCOMBOBOX: dir = 1; break;
    case DFCS_SCROLLLEFT: dir = 2; break;
    case DFCS_SCROLLRIGHT: dir = 3; break;
    default: return false;
  }
  const Rect sq = square_in(r);
  const int32_t diam = sq.width() - 2;
  int32_t tri = 290 * diam / 1000 - 1;
  if (tri <= 0) tri = 1;
  const int32_t along = 470 * diam / 1000 + 2, depth = 687 * diam / 1000 + 1;
  int32_t x, y;
  switch (dir) {
    case 0: x = sq.left + along, y = sq.bottom - depth; break;
    case 1: x = sq.left + along, y = sq.top + depth; break;
    case 2: x = sq.right - depth, y = sq.top + along; break;
    default: x = sq.left + depth, y = sq.top + along; break;
  }
  // A plain arrow button has the sharp raised edge; any other state is a push button's (soft).
  if (!(state & 0xff00 & ~static_cast<uint32_t>(DFCS_ADJUSTRECT))) g.raised(r, false, kFace);
  else {
    Rect copy = r;
    push_button(g, copy, state & 0xff00 & ~static_cast<uint32_t>(DFCS_ADJUSTRECT));
  }
  if (state & DFCS_ADJUSTRECT) r = {r.left + 2, r.top + 2, r.right - 2, r.bottom - 2};
  if (state & DFCS_INACTIVE) triangle(g, x, y, tri, dir, kHighlight);
  if ((state & DFCS_INACTIVE) || !(state & DFCS_PUSHED)) --x, --y;
  triangle(g, x, y, tri, dir, (state & DFCS_INACTIVE) ? kShadow : kBtnText);
  return true;
}

// Caption buttons: a soft raised (or pushed, sunken) button with its mark in the button text
// colour (the shadow colour over the highlight when inactive).
bool caption_button(const Painter& g, const Rect& r, uint32_t state) {
  const uint32_t kind = state & 0xff;
  if (kind > DFCS_CAPTIONHELP) return false;
  if (state & DFCS_PUSHED) g.sunken(r, true, kFace);
  else g.raised(r, true, kFace);
  const Rect sq = square_in(r);
  const int32_t n = std::max(sq.width() - 2, 4);
  const int32_t shift = (state & DFCS_PUSHED) ? 1 : 0;
  const auto mark = [&](int32_t dx, int32_t dy, int32_t color) {
    const int32_t x0 = sq.left + 1 + dx + shift, y0 = sq.top + 1 + dy + shift;
    const int32_t u = std::max(n / 7, 1);  // the strokes' thickness
    switch (kind) {
      case DFCS_CAPTIONCLOSE: {
        const int32_t a = n / 4, len = n - 2 * a;
        for (int32_t i = 0; i < len; ++i) {
          g.fill({x0 + a + i, y0 + a + i, x0 + a + i + 2, y0 + a + i + 1}, color);
          g.fill({x0 + n - a - i - 2, y0 + a + i, x0 + n - a - i, y0 + a + i + 1}, color);
        }
        break;
      }
      case DFCS_CAPTIONMIN:
        g.fill({x0 + n / 4, y0 + n * 3 / 4 - u, x0 + n * 3 / 4, y0 + n * 3 / 4 + u}, color);
        break;
      case DFCS_CAPTIONMAX: {
        const Rect b{x0 + n / 6, y0 + n / 6, x0 + n - n / 6, y0 + n - n / 6};
        g.fill({b.left, b.top, b.right, b.top + 2 * u}, color);
        g.fill({b.left, b.top, b.left + u, b.bottom}, color);
        g.fill({b.right - u, b.top, b.right, b.bottom}, color);
        g.fill({b.left, b.bottom - u, b.right, b.bottom}, color);
        break;
      }
      case DFCS_CAPTIONRESTORE: {
        const int32_t s = n * 5 / 8;
        for (const Rect& b : {Rect{x0 + n - n / 6 - s, y0 + n / 6, x0 + n - n / 6, y0 + n / 6 + s},
                              Rect{x0 + n / 6, y0 + n - n / 6 - s, x0 + n / 6 + s, y0 + n - n / 6}}) {
          g.fill({b.left, b.top, b.right, b.top + 2 * u}, color);
          g.fill({b.left, b.top, b.left + u, b.bottom}, color);
          g.fill({b.right - u, b.top, b.right, b.bottom}, color);
          g.fill({b.left, b.bottom - u, b.right, b.bottom}, color);
        }
        break;
      }
      default: {  // a question mark
        const int32_t cx = x0 + n / 2, top = y0 + n / 6, w = std::max(n / 4, 2);
        g.fill({cx - w, top, cx + w, top + u}, color);
        g.fill({cx - w, top, cx - w + u, top + n / 6 + u}, color);
        g.fill({cx + w - u, top, cx + w, top + n / 3}, color);
        g.fill({cx - u / 2 - (u == 1 ? 0 : 0), top + n / 3 - u, cx + w, top + n / 3}, color);
        g.fill({cx - u / 2, top + n / 3, cx - u / 2 + u + (u == 1), top + n / 2 + u}, color);
        g.fill({cx - u / 2, y0 + n - n / 6 - u, cx - u / 2 + u + (u == 1), y0 + n - n / 6}, color);
        break;
      }
    }
  };
  if (state & DFCS_INACTIVE) mark(1, 1, kHighlight);
  mark(0, 0, (state & DFCS_INACTIVE) ? kShadow : kBtnText);
  return true;
}

// Menu marks: black on white, as Windows draws them (the caller blits them with the menu's
// colours).
const char* const kMenuArrow[7] = {"#", "##", "###", "####", "###", "##", "#"};
const char* const kMenuCheck[9] = {"       #", "      ##", "     ###", "#   ####", "## #### ", "######  ",
                                   "#####   ", " ###    ", "  #     "};
const char* const kMenuBullet[4] = {" ## ", "####", "####", " ## "};

bool menu_mark(const Painter& g, const Rect& r, uint32_t state) {
  const uint32_t kind = state & 0xff;
  if (kind != DFCS_MENUARROW && kind != DFCS_MENUCHECK && kind != DFCS_MENUBULLET && kind != DFCS_MENUARROWRIGHT)
    return false;
  g.fill(r, kHighlight);
  const Rect sq = square_in(r);
  const int32_t cx = sq.left + sq.width() / 2, cy = sq.top + sq.height() / 2;
  const auto black = [](char c) -> int32_t { return c == '#' ? kWindowText : -1; };
  switch (kind) {
    case DFCS_MENUARROW: g.picture(cx - 2, cy - 3, kMenuArrow, 7, black); break;
    case DFCS_MENUARROWRIGHT:
      for (int32_t k = 0; k < 4; ++k) g.fill({cx + 1 - k, cy - 3 + k, cx + 2 - k, cy + 4 - k}, kWindowText);
      break;
    case DFCS_MENUCHECK: g.picture(cx - 4, cy - 4, kMenuCheck, 9, black); break;
    default: g.picture(cx - 2, cy - 2, kMenuBullet, 4, black); break;
  }
  return true;
}

bool draw(WindowsProcess& p, DeviceContext& dc, Rect& r, uint32_t type, uint32_t state) {
  const Painter g{p, dc};
  switch (type) {
    case DFC_BUTTON:
      switch (state & 0xff) {
        case DFCS_BUTTONPUSH: return push_button(g, r, state);
        case DFCS_BUTTONCHECK: case DFCS_BUTTON3STATE: return check_box(g, r, state);
        case DFCS_BUTTONRADIO: case DFCS_BUTTONRADIOIMAGE: case DFCS_BUTTONRADIOMASK: return radio_button(g, r, state);
        default: return false;
      }
    case DFC_SCROLL: return scroll_part(g, r, state);
    case DFC_CAPTION: return caption_button(g, r, state);
    case DFC_MENU: return menu_mark(g, r, state);
    default: return false;  // (DFC_POPUPMENU draws nothing either)
  }
}

// DrawFrameControl(hdc, rect, type, state).
BOOL DrawFrameControl(WindowsProcess& p, Ptr hdc, Ptr rect, uint32_t type, uint32_t state) {
  DeviceContext* dc = gdi32::find_dc(p, hdc.addr);
  if (!dc || !rect) return FALSE;
  Rect r = get<Rect>(rect.addr);
  const bool ok = draw(p, *dc, r, type, state);
  if (ok) put<Rect>(rect.addr, r);
  return ok ? TRUE : FALSE;
}

}  // namespace frame_pictures
}  // namespace

bool draw_frame_control(WindowsProcess& p, gdi32::DeviceContext& dc, Rect r, uint32_t type, uint32_t state) {
  return frame_pictures::draw(p, dc, r, type, state);
}

const std::vector<Export>& frame_control_exports() {
  static const std::vector<Export> e = {EXPORT("DrawFrameControl", frame_pictures::DrawFrameControl)};
  return e;
}

}  // namespace polyrun::shims::user32
