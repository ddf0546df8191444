// Image lists drawn: ImageList_Draw, DrawEx and DrawIndirect (masked or over a background, blended
// with the selection colour, with an overlay image, through a raster operation, with the image's own
// alpha or a constant one, grayed), an image as a new icon (GetIcon), and two images merged into a
// new list (Merge). The image is composed in a 32-bit picture of its own, then put on the DC.
#include <algorithm>

#include "shims/comctl32/imagelist.h"
#include "shims/core/guest_memory.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/gdi_objects.h"
#include "shims/user32/window_manager.h"

namespace polyrun::shims::comctl32::imagelist {

namespace {

constexpr uint32_t kSrcCopy = 0xcc0020, kSrcAnd = 0x8800c6, kSrcPaint = 0xee0086;
constexpr int32_t COLOR_HIGHLIGHT = 13;

// The image's pixel at (x, y) of its tile as 0xAARRGGBB (alpha 0 unless the list keeps alpha).
uint32_t argb(const List& l, int32_t i, int32_t x, int32_t y) {
  const int32_t sx = tile_x(l, i) + x, sy = tile_y(l, i) + y;
  if (x < 0 || y < 0 || sx >= l.color->width() || sy >= l.color->height()) return 0;
  const uint32_t raw = l.color->pixel(sx, sy);
  const ColorRef c = l.color->color_of(raw);
  return (l.bpp == 32 ? raw & 0xff000000u : 0) | gdi32::red_of(c) << 16 | gdi32::green_of(c) << 8 | gdi32::blue_of(c);
}
bool transparent_at(const List& l, int32_t i, int32_t x, int32_t y) {
  const int32_t sx = tile_x(l, i) + x, sy = tile_y(l, i) + y;
  if (!l.mask || x < 0 || y < 0 || sx >= l.mask->width() || sy >= l.mask->height()) return false;
  return mask_bit(*l.mask, sx, sy);
}
uint32_t to_argb(ColorRef c) { return gdi32::red_of(c) << 16 | gdi32::green_of(c) << 8 | gdi32::blue_of(c); }

struct Picture {
  std::shared_ptr<Surface> s;
  Picture(int32_t w, int32_t h) : s(std::make_shared<Surface>(w, h, gdi32::PixelFormat::rgb_default(32))) {}
  uint32_t get(int32_t x, int32_t y) const { return s->pixel(x, y); }
  void set(int32_t x, int32_t y, uint32_t v) { s->set_pixel(x, y, v); }
};

// The image's mask at its tile as a monochrome surface (white transparent).
std::shared_ptr<Surface> mask_picture(const List& l, int32_t i, int32_t ox, int32_t oy, int32_t w, int32_t h) {
  auto m = mono_surface(w, h);
  for (int32_t y = 0; y < h; ++y)
    for (int32_t x = 0; x < w; ++x) set_mask_bit(*m, x, y, transparent_at(l, i, ox + x, oy + y));
  return m;
}

// The colours a monochrome source takes on the DC (text for 0, background for 1) while `fn` runs.
template <typename Fn>
void with_mono_colors(WindowsProcess& p, uint64_t hdc, ColorRef text, ColorRef bk, Fn fn) {
  gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc);
  if (!dc) return;
  const ColorRef old_text = dc->s.text_color, old_bk = dc->s.bk_color;
  dc->s.text_color = text, dc->s.bk_color = bk;
  gdi32::dc_changed(*dc);
  fn(*dc);
  if ((dc = gdi32::find_dc(p, hdc))) {
    dc->s.text_color = old_text, dc->s.bk_color = old_bk;
    gdi32::dc_changed(*dc);
  }
}

bool put_picture(WindowsProcess& p, uint64_t hdc, int32_t x, int32_t y, const Surface& s, uint32_t rop) {
  gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc);
  return dc && gdi32::stretch_surface(p, *dc, x, y, s.width(), s.height(), s, s.rect(), rop);
}

// The image's own alpha, or a constant one, or grayed: premultiplied and alpha-blended onto `hdc`.
bool draw_alpha(WindowsProcess& p, const List& l, const DrawParams& d, int32_t ox, int32_t oy, int32_t cx, int32_t cy,
                uint32_t style, uint32_t state, ColorRef blend, bool has_alpha, uint64_t hdc, int32_t x, int32_t y) {
  Picture pic(cx, cy);
  uint32_t constant = 255;
  for (int32_t py = 0; py < cy; ++py)
    for (int32_t px = 0; px < cx; ++px) {
      uint32_t v = argb(l, d.i, ox + px, oy + py);
      if (blend != CLR_NONE) {
        const uint32_t r = gdi32::red_of(blend), g = gdi32::green_of(blend), b = gdi32::blue_of(blend);
        const int k = (style & ILD_BLEND25) ? 3 : (style & ILD_BLEND50) ? 1 : 0;
        if (k)
          v = (v & 0xff000000u) | ((((v & 0xff0000u) * k + (r << 16)) / (k + 1)) & 0xff0000u) |
              ((((v & 0xff00u) * k + (g << 8)) / (k + 1)) & 0xff00u) | ((((v & 0xffu) * k + b) / (k + 1)) & 0xffu);
      }
      if (!(state & ILS_ALPHA) && (state & ILS_SATURATE)) {
        uint32_t gray = (((v >> 16) & 0xff) * 299 + ((v >> 8) & 0xff) * 587 + (v & 0xff) * 114 + 500) / 1000;
        if (has_alpha) gray = gray * (v >> 24) / 255;
        v = (v & 0xff000000u) | gray << 16 | gray << 8 | gray;
      }
      if (has_alpha) {
        const uint32_t a = v >> 24;
        v = (v & 0xff000000u) | (((v & 0xff0000u) * a / 255) & 0xff0000u) | (((v & 0xff00u) * a / 255) & 0xff00u) |
            ((v & 0xffu) * a / 255);
      } else if (l.mask) {
        v = transparent_at(l, d.i, ox + px, oy + py) ? 0 : v | 0xff000000u;
      } else {
        v |= 0xff000000u;
      }
      pic.set(px, py, v);
    }
  if (state & ILS_ALPHA) {
    constant = d.frame & 0xff;
  } else if (!(state & ILS_SATURATE) && (style & ILD_PRESERVEALPHA)) {
    Picture black(cx, cy);
    put_picture(p, hdc, x, y, *black.s, kSrcCopy);
  }
  gdi32::DeviceContext* dc = gdi32::find_dc(p, hdc);
  return dc && gdi32::alpha_blend_surface(p, *dc, x, y, cx, cy, *pic.s, pic.s->rect(), 0x01000000u | constant << 16);
}

}  // namespace

bool draw(WindowsProcess& p, const DrawParams& d) {
  List* lp = find(d.list);
  gdi32::DeviceContext* dst = gdi32::find_dc(p, d.hdc);
  if (!lp || !dst || d.i < 0 || d.i >= lp->count) return false;
  const List& l = *lp;
  const ColorRef dst_text = dst->s.text_color, dst_bk = dst->s.bk_color;
  const int32_t ox = d.x_bitmap, oy = d.y_bitmap;
  const uint32_t style = d.style & ~ILD_OVERLAYMASK;
  const int32_t cx = d.cx ? d.cx : l.cx, cy = d.cy ? d.cy : l.cy;
  if (cx <= 0 || cy <= 0) return false;
  bool transparent = (style & ILD_TRANSPARENT) || d.bk == CLR_NONE || (d.bk == CLR_DEFAULT && l.bk == CLR_NONE);
  const bool mask_only = l.mask && (style & ILD_MASK);
  const bool blend = (style & (ILD_BLEND25 | ILD_BLEND50)) && !mask_only;
  const bool has_alpha = l.item_flags[static_cast<size_t>(d.i)] & ILIF_ALPHA;
  auto background = [&] {
    ColorRef c = d.bk == CLR_DEFAULT ? l.bk : d.bk;
    return c == CLR_NONE ? dst_bk : c;
  };

  if (!mask_only && (has_alpha || (d.state & (ILS_ALPHA | ILS_SATURATE)))) {
    ColorRef blend_color = CLR_NONE;
    if (blend) blend_color = d.fg == CLR_DEFAULT ? user32::sys_color(COLOR_HIGHLIGHT) : d.fg == CLR_NONE ? dst_text : d.fg;
    if (transparent)
      return draw_alpha(p, l, d, ox, oy, cx, cy, style, d.state, blend_color, has_alpha, d.hdc, d.x, d.y);
    // Over the background colour first, in a DC of its own.
    Picture over(cx, cy);
    const uint32_t bk = to_argb(background());
    for (int32_t y = 0; y < cy; ++y)
      for (int32_t x = 0; x < cx; ++x) over.set(x, y, bk);
    gdi32::DeviceContext& mem = gdi32::new_dc(p, true);
    mem.surface = over.s;
    const uint64_t hmem = mem.handle;
    draw_alpha(p, l, d, ox, oy, cx, cy, style, d.state, blend_color, has_alpha, hmem, 0, 0);
    if (gdi32::DeviceContext* again = gdi32::find_dc(p, hmem)) gdi32::delete_dc(p, *again);
    return put_picture(p, d.hdc, d.x, d.y, *over.s, kSrcCopy);
  }

  // The picture: the mask in the DC's text colour, or the image over a colour.
  Picture pic(cx, cy);
  if (mask_only) {
    const uint32_t text = to_argb(dst_text);
    for (int32_t y = 0; y < cy; ++y)
      for (int32_t x = 0; x < cx; ++x) pic.set(x, y, transparent_at(l, d.i, ox + x, oy + y) ? 0xffffff : text);
    if (transparent) {
      with_mono_colors(p, d.hdc, dst_text, dst_bk, [&](gdi32::DeviceContext&) { put_picture(p, d.hdc, d.x, d.y, *pic.s, kSrcAnd); });
      return true;
    }
  } else if (style & ILD_MASK) {
    // (ILD_MASK of a list without masks: black)
  } else {
    const uint32_t under = transparent ? 0 : to_argb(background());
    for (int32_t y = 0; y < cy; ++y)
      for (int32_t x = 0; x < cx; ++x) {
        const uint32_t img = argb(l, d.i, ox + x, oy + y) & 0xffffff;
        pic.set(x, y, l.mask ? ((transparent_at(l, d.i, ox + x, oy + y) ? under : 0) | img) : img);
      }
  }

  // Blending: a dither of the selection colour (every other pixel for ILD_BLEND50, one in four for
  // ILD_BLEND25) over the image's opaque pixels.
  if (blend) {
    ColorRef c = d.fg == CLR_DEFAULT ? user32::sys_color(COLOR_HIGHLIGHT) : d.fg == CLR_NONE ? dst_text : d.fg;
    static const uint8_t k25[8] = {0xaa, 0x00, 0x55, 0x00, 0xaa, 0x00, 0x55, 0x00};
    static const uint8_t k50[8] = {0x55, 0xaa, 0x55, 0xaa, 0x55, 0xaa, 0x55, 0xaa};
    const uint8_t* pattern = (style & ILD_BLEND50) ? k50 : k25;
    for (int32_t y = 0; y < cy; ++y)
      for (int32_t x = 0; x < cx; ++x) {
        const bool bit = (pattern[y & 7] << (x & 7)) & 0x80;
        // Without a mask the pattern's clear bits take the colour; with one, its set bits where opaque.
        const bool take = l.mask ? bit && !transparent_at(l, d.i, ox + x, oy + y) : !bit;
        if (take) pic.set(x, y, to_argb(c));
      }
  }

  // The overlay image (ILD_OVERLAYMASK's index, 1 to 15) over it.
  const uint32_t n = (d.style & ILD_OVERLAYMASK) >> 8;
  if (n >= 1 && n <= static_cast<uint32_t>(kOverlays)) {
    const int32_t o = l.overlay[n - 1];
    if (o >= 0 && o < l.count)
      for (int32_t y = 0; y < cy; ++y)
        for (int32_t x = 0; x < cx; ++x) {
          uint32_t v = pic.get(x, y);
          if (l.mask && !(style & ILD_IMAGE) && !transparent_at(l, o, ox + x, y)) v = 0;
          pic.set(x, y, v | (argb(l, o, ox + x, y) & 0xffffff));
        }
  }

  uint32_t rop = kSrcCopy;
  if (l.mask && transparent) {
    auto m = mask_picture(l, d.i, ox, oy, cx, cy);
    with_mono_colors(p, d.hdc, 0, 0xffffff, [&](gdi32::DeviceContext&) { put_picture(p, d.hdc, d.x, d.y, *m, kSrcAnd); });
    rop = kSrcPaint;
  }
  if (style & ILD_ROP) rop = d.rop;
  return put_picture(p, d.hdc, d.x, d.y, *pic.s, rop);
}

uint64_t make_icon(WindowsProcess& p, uint64_t handle, int32_t i, uint32_t style) {
  (void)style;  // (the image and mask as the list keeps them, as Windows' COMCTL32 gives them)
  List* l = find(handle);
  if (!l || i < 0 || i >= l->count) return 0;
  const int32_t cx = l->cx, cy = l->cy;
  auto mask = mono_surface(cx, cy), color = std::make_shared<Surface>(cx, cy, gdi32::screen_format());
  for (int32_t y = 0; y < cy; ++y)
    for (int32_t x = 0; x < cx; ++x) {
      set_mask_bit(*mask, x, y, transparent_at(*l, i, x, y));
      color->set_pixel(x, y, color->pixel_of(l->color->color_of(l->color->pixel(tile_x(*l, i) + x, tile_y(*l, i) + y))));
    }
  return user32::new_icon(p, *color, *mask);
}

uint64_t merge(WindowsProcess& p, uint64_t h1, int32_t i1, uint64_t h2, int32_t i2, int32_t dx, int32_t dy) {
  List* a = find(h1);
  List* b = find(h2);
  if (!a || !b) return 0;  // (an index out of range leaves that image out)
  // The new image spans both, the first image at its origin or offset by the second's negative offset.
  int32_t cx, cy, x1, y1, x2, y2;
  if (dx > 0) cx = std::max(a->cx, dx + b->cx), x1 = 0, x2 = dx;
  else if (dx < 0) cx = std::max(b->cx, a->cx - dx), x1 = -dx, x2 = 0;
  else cx = std::max(a->cx, b->cx), x1 = x2 = 0;
  if (dy > 0) cy = std::max(a->cy, dy + b->cy), y1 = 0, y2 = dy;
  else if (dy < 0) cy = std::max(b->cy, a->cy - dy), y1 = -dy, y2 = 0;
  else cy = std::max(a->cy, b->cy), y1 = y2 = 0;
  uint32_t depth = std::max(a->flags, b->flags) & ILC_COLORDDB;
  if (depth == ILC_COLORDDB && (a->flags & ILC_COLORDDB) == ILC_COLOR16) depth = ILC_COLOR16;
  const uint64_t h = create(p, cx, cy, ILC_MASK | depth, 1, 1);
  List* m = find(h);
  a = find(h1), b = find(h2);
  if (!m || !a || !b) return h;
  if (!reserve(p, *m, 1)) {
    destroy(p, h);
    return 0;
  }
  m->count = 1;
  // Transparent everywhere, then the first image, then the second over it.
  for (int32_t y = 0; y < cy; ++y)
    for (int32_t x = 0; x < cx; ++x) {
      m->color->set_pixel(x, y, m->color->pixel_of(0));
      set_mask_bit(*m->mask, x, y, true);
    }
  auto paint = [&](const List& s, int32_t i, int32_t ox, int32_t oy) {
    for (int32_t y = 0; y < s.cy; ++y)
      for (int32_t x = 0; x < s.cx; ++x) {
        const int32_t tx = ox + x, ty = oy + y;
        if (tx >= cx || ty >= cy || transparent_at(s, i, x, y)) continue;
        m->color->set_pixel(tx, ty, m->color->pixel_of(s.color->color_of(s.color->pixel(tile_x(s, i) + x, tile_y(s, i) + y))));
        set_mask_bit(*m->mask, tx, ty, false);
      }
  };
  if (i1 >= 0 && i1 < a->count) paint(*a, i1, x1, y1);
  if (i2 >= 0 && i2 < b->count) paint(*b, i2, x2, y2);
  return h;
}

namespace {

using Lock = std::lock_guard<std::recursive_mutex>;

BOOL ImageList_DrawEx(WindowsProcess& p, Ptr h, int32_t i, Ptr hdc, int32_t x, int32_t y, int32_t dx, int32_t dy,
                      uint32_t bk, uint32_t fg, uint32_t style) {
  Lock g(lock());
  DrawParams d;
  d.list = h.addr, d.i = i, d.hdc = hdc.addr, d.x = x, d.y = y, d.cx = dx, d.cy = dy, d.bk = bk, d.fg = fg, d.style = style;
  return draw(p, d);
}

BOOL ImageList_Draw(WindowsProcess& p, Ptr h, int32_t i, Ptr hdc, int32_t x, int32_t y, uint32_t style) {
  return ImageList_DrawEx(p, h, i, hdc, x, y, 0, 0, CLR_DEFAULT, CLR_DEFAULT, style);
}

// IMAGELISTDRAWPARAMS: cbSize, himl, i, hdcDst, x, y, cx, cy, xBitmap, yBitmap, rgbBk, rgbFg,
// fStyle, dwRop, then (a larger cbSize) fState, Frame, crEffect.
BOOL ImageList_DrawIndirect(WindowsProcess& p, Ptr params) {
  if (!params) return 0;
  const unsigned ptr = p.isa->ptr;
  const uint64_t a = params.addr;
  const uint32_t size = get<uint32_t>(a);
  const uint64_t list_at = ptr == 8 ? 8 : 4;
  DrawParams d;
  d.list = p.get_ptr(a + list_at);
  if (!d.list) return 0;
  uint64_t at = list_at + ptr;
  d.i = get<int32_t>(a + at);
  at += ptr == 8 ? 8 : 4;
  d.hdc = p.get_ptr(a + at);
  at += ptr;
  d.x = get<int32_t>(a + at), d.y = get<int32_t>(a + at + 4), d.cx = get<int32_t>(a + at + 8), d.cy = get<int32_t>(a + at + 12);
  d.x_bitmap = get<int32_t>(a + at + 16), d.y_bitmap = get<int32_t>(a + at + 20);
  d.bk = get<uint32_t>(a + at + 24), d.fg = get<uint32_t>(a + at + 28), d.style = get<uint32_t>(a + at + 32);
  d.rop = get<uint32_t>(a + at + 36);
  const uint64_t full = at + 52;  // with fState, Frame and crEffect
  if (size >= full) d.state = get<uint32_t>(a + at + 40), d.frame = get<uint32_t>(a + at + 44);
  Lock g(lock());
  return draw(p, d);
}

Ptr ImageList_GetIcon(WindowsProcess& p, Ptr h, int32_t i, uint32_t style) {
  Lock g(lock());
  return Ptr(make_icon(p, h.addr, i, style));
}

Ptr ImageList_Merge(WindowsProcess& p, Ptr h1, int32_t i1, Ptr h2, int32_t i2, int32_t dx, int32_t dy) {
  Lock g(lock());
  return Ptr(merge(p, h1.addr, i1, h2.addr, i2, dx, dy));
}

}  // namespace

const std::vector<Export>& draw_exports() {
  static const std::vector<Export> e = {
      EXPORT("ImageList_Draw", ImageList_Draw),
      EXPORT("ImageList_DrawEx", ImageList_DrawEx),
      EXPORT("ImageList_DrawIndirect", ImageList_DrawIndirect),
      EXPORT("ImageList_GetIcon", ImageList_GetIcon),
      EXPORT("ImageList_Merge", ImageList_Merge),
  };
  return e;
}

}  // namespace polyrun::shims::comctl32::imagelist
