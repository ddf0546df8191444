// Moving pixels between DCs and onto them: BitBlt, StretchBlt, PatBlt, MaskBlt's plain case,
// SetDIBitsToDevice, StretchDIBits, GetPixel/SetPixel, GdiTransparentBlt and GdiAlphaBlend. The
// source is taken through its DC's mapping and cut to its surface (the destination moves with
// it, as Windows clips both); the destination through its clip. Between depths pixels convert by
// colour, except Windows' two monochrome rules: a monochrome bitmap's 0 and 1 bits become the
// destination DC's text and background colours, and on a monochrome bitmap a source pixel of the
// source DC's background colour becomes 1 and every other 0 (a DIB section with its own colour
// table converts by that table instead).
#include <cmath>
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"

namespace polyrun::shims::gdi32 {

// The source pixel destination pixel `k` of `dst` takes from `src` (COLORONCOLOR), as Windows
// steps: enlarging walks a Bresenham line from source to destination whose error term starts at
// 3 * src - 2 * dst (the source advances where it is positive), which is (2 * src * k + src - 1)
// / (2 * dst) in closed form; shrinking keeps, of each run of source pixels, the one where an
// error term that starts half a destination step in crosses the next destination pixel.
int32_t stretch_source(int32_t k, int32_t dst, int32_t src) {
  if (dst >= src) return static_cast<int32_t>((2 * static_cast<int64_t>(src) * k + src - 1) / (2 * static_cast<int64_t>(dst)));
  const int64_t threshold = src - dst / 2 + static_cast<int64_t>(k) * src;
  return static_cast<int32_t>((threshold + dst - 1) / dst - 1);
}

namespace {

// Whether a surface is a DDB's monochrome (no colour table of its program's own): the DC's
// colours apply to it.
bool mono_ddb(WindowsProcess& p, DeviceContext* dc, const Surface& s) {
  if (s.bpp() != 1) return false;
  Bitmap* b = dc && dc->type == OBJ_MEMDC ? dc_bitmap(p, *dc) : nullptr;
  return !b || !b->dib_section;
}

// A colour on the destination: on an 8-bit surface the nearest table entry to the colour
// with each component cut to 5 bits and centred, as Windows converts blitted pixels.
uint32_t nearest_pixel(const Surface& dst, ColorRef c) {
  if (dst.bpp() != 8) return dst.pixel_of(c);
  const auto cut = [](uint8_t v) { return static_cast<uint8_t>((v & ~7) + 4); };
  return dst.pixel_of(rgb(cut(red_of(c)), cut(green_of(c)), cut(blue_of(c))));
}

// The source rectangle's pixels (surface units of the source) in the destination's format.
BlitSource read_source(WindowsProcess& p, DeviceContext* src_dc, const Surface& src, const Rect& r,
                       DeviceContext& dst_dc, const Surface& dst) {
  BlitSource out;
  out.width = r.width(), out.height = r.height();
  out.pixels.resize(static_cast<size_t>(out.width) * out.height);
  const bool same = same_format(src.format(), dst.format());
  const bool from_mono = !same && mono_ddb(p, src_dc, src) && dst.bpp() != 1;
  const bool to_mono = !same && src.bpp() != 1 && mono_ddb(p, &dst_dc, dst);
  const uint32_t fg = from_mono ? pixel_for(p, dst_dc, dst, dst_dc.s.text_color, false) : 0;
  const uint32_t bg = from_mono ? pixel_for(p, dst_dc, dst, dst_dc.s.bk_color, false) : 0;
  const ColorRef src_bk = src_dc ? src_dc->s.bk_color & 0xffffff : 0xffffff;
  for (int32_t y = 0; y < out.height; ++y)
    for (int32_t x = 0; x < out.width; ++x) {
      const uint32_t v = src.pixel(r.left + x, r.top + y);
      uint32_t o;
      if (same) o = v;
      else if (from_mono) o = v ? bg : fg;
      else if (to_mono) o = src.color_of(v) == src_bk ? 1 : 0;
      else o = nearest_pixel(dst, src.color_of(v));
      out.pixels[static_cast<size_t>(y) * out.width + x] = o;
    }
  return out;
}

// Scales `src` (already in the destination's format) to w x h, mirrored when asked.
BlitSource stretch(const BlitSource& src, int32_t w, int32_t h, bool mirror_x, bool mirror_y) {
  BlitSource out;
  out.width = w, out.height = h;
  out.pixels.resize(static_cast<size_t>(w) * h);
  for (int32_t y = 0; y < h; ++y) {
    // (mirrored: the destination runs the other way over the same steps)
    const int32_t sy = std::min(stretch_source(mirror_y ? h - 1 - y : y, h, src.height), src.height - 1);
    for (int32_t x = 0; x < w; ++x) {
      const int32_t sx = std::min(stretch_source(mirror_x ? w - 1 - x : x, w, src.width), src.width - 1);
      out.pixels[static_cast<size_t>(y) * w + x] = src.at(sx, sy);
    }
  }
  return out;
}

// The pixels from `a` to `b`: a negative extent (b left of or above a) covers b + 1 .. a, as
// Windows mirrors.
Rect mirrored_extent(Point a, Point b) {
  Rect r{a.x, a.y, b.x, b.y};
  if (b.x < a.x) r.left = b.x + 1, r.right = a.x + 1;
  if (b.y < a.y) r.top = b.y + 1, r.bottom = a.y + 1;
  return r;
}

// The general case of every blit: destination rectangle in logical units (sizes may be
// negative: mirrored), the source in its DC's logical units (or a surface without a DC, for the
// DIB functions), a ROP3.
struct BlitRequest {
  Rect dest;  // left, top, left + width, top + height as given (not ordered)
  DeviceContext* src_dc = nullptr;
  const Surface* src_surface = nullptr;
  Rect src;   // the same, in the source's units (for src_dc: logical)
  bool src_logical = true;
  uint32_t rop = 0xcc0020;
};

BOOL do_blit(WindowsProcess& p, DeviceContext& dc, const BlitRequest& q) {
  Surface* dst = dc_surface(p, dc);
  if (!dst) return TRUE;
  const uint8_t rop = static_cast<uint8_t>(q.rop >> 16);
  const bool needs_src = rop3_uses_source(rop);
  // Destination corners in device units, then in surface units.
  Point d0 = to_device(dc, {q.dest.left, q.dest.top}), d1 = to_device(dc, {q.dest.right, q.dest.bottom});
  const bool dmx = d1.x < d0.x, dmy = d1.y < d0.y;
  Rect d = mirrored_extent(d0, d1);
  d = d.offset(dc.origin.x, dc.origin.y);
  if (d.empty()) return TRUE;
  FillPattern pattern;
  const bool has_pattern = rop3_uses_pattern(rop) && brush_pattern(p, dc, *dst, 0, R2_COPYPEN, pattern);
  const Region& clip = drawing_clip(p, dc);
  if (!needs_src) {
    // A ROP3 of pattern and destination is a ROP2 with the brush as the pen: a hatch's background
    // stays as it is in TRANSPARENT mode, as the brush's fills do.
    // (ROP3 bit 4P + D is ROP2 bit 2P + D.)
    const int rop2 = 1 + ((rop >> 5) & 1) * 8 + ((rop >> 4) & 1) * 4 + ((rop >> 1) & 1) * 2 + (rop & 1);
    FillPattern f;
    if (rop3_uses_pattern(rop)) {
      if (brush_pattern(p, dc, *dst, 0, rop2, f)) fill_rect(*dst, d, clip, f);
    } else {
      fill_rect(*dst, d, clip, FillPattern::solid(rop2_masks(rop2, 0)));
    }
    return TRUE;
  }
  const Surface* src = q.src_surface;
  Point s0{q.src.left, q.src.top}, s1{q.src.right, q.src.bottom};
  Point src_origin;
  if (q.src_dc) {
    src = dc_surface(p, *q.src_dc);
    if (!src) return FALSE;
    s0 = to_device(*q.src_dc, s0), s1 = to_device(*q.src_dc, s1);
    src_origin = q.src_dc->origin;
  }
  const bool smx = s1.x < s0.x, smy = s1.y < s0.y;
  Rect s = mirrored_extent(s0, s1);
  s = s.offset(src_origin.x, src_origin.y);
  if (s.empty()) return TRUE;
  const bool mirror_x = dmx != smx, mirror_y = dmy != smy;
  if (s.width() == d.width() && s.height() == d.height() && !mirror_x && !mirror_y) {
    // Same size: both cut to the source's surface together.
    const Rect cut = s.intersect(src->rect());
    if (cut.empty()) return TRUE;
    const Rect dcut = cut.offset(d.left - s.left, d.top - s.top);
    BlitSource pixels = read_source(p, q.src_dc, *src, cut, dc, *dst);
    blit(*dst, dcut, clip, rop, &pixels, 0, 0, has_pattern ? &pattern : nullptr);
    return TRUE;
  }
  // Stretched: the whole source rectangle (pixels outside the source surface read as 0).
  BlitSource whole;
  whole.width = s.width(), whole.height = s.height();
  whole.pixels.assign(static_cast<size_t>(whole.width) * whole.height, 0);
  const Rect cut = s.intersect(src->rect());
  if (!cut.empty()) {
    BlitSource part = read_source(p, q.src_dc, *src, cut, dc, *dst);
    for (int32_t y = 0; y < part.height; ++y)
      std::memcpy(&whole.pixels[static_cast<size_t>(y + cut.top - s.top) * whole.width + (cut.left - s.left)],
                  &part.pixels[static_cast<size_t>(y) * part.width], static_cast<size_t>(part.width) * 4);
  }
  BlitSource scaled = stretch(whole, d.width(), d.height(), mirror_x, mirror_y);
  blit(*dst, d, clip, rop, &scaled, 0, 0, has_pattern ? &pattern : nullptr);
  return TRUE;
}

BOOL StretchBlt(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, int32_t w, int32_t h, Ptr src, int32_t sx, int32_t sy,
                int32_t sw, int32_t sh, uint32_t rop) {
  DeviceContext* dc = dc_or_fail(p, hdc.addr);
  if (!dc) return FALSE;
  BlitRequest q;
  q.dest = {x, y, x + w, y + h};
  q.rop = rop;
  if (rop3_uses_source(static_cast<uint8_t>(rop >> 16))) {
    q.src_dc = dc_or_fail(p, src.addr);
    if (!q.src_dc) return FALSE;
    q.src = {sx, sy, sx + sw, sy + sh};
  }
  return do_blit(p, *dc, q);
}

BOOL BitBlt(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, int32_t w, int32_t h, Ptr src, int32_t sx, int32_t sy,
            uint32_t rop) {
  return StretchBlt(p, hdc, x, y, w, h, src, sx, sy, w, h, rop);
}

BOOL PatBlt(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, int32_t w, int32_t h, uint32_t rop) {
  DeviceContext* dc = dc_or_fail(p, hdc.addr);
  if (!dc) return FALSE;
  if (rop3_uses_source(static_cast<uint8_t>(rop >> 16))) return fail(p, ERROR_INVALID_PARAMETER);
  BlitRequest q;
  q.dest = {x, y, x + w, y + h};
  q.rop = rop;
  return do_blit(p, *dc, q);
}

// MaskBlt without a mask is BitBlt with the foreground ROP.
BOOL MaskBlt(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, int32_t w, int32_t h, Ptr src, int32_t sx, int32_t sy,
             Ptr mask, int32_t, int32_t, uint32_t rop) {
  if (mask) return fail(p, ERROR_NOT_SUPPORTED);
  return BitBlt(p, hdc, x, y, w, h, src, sx, sy, (rop & 0xff000000) >> 8 | 0x0020);
}

int32_t SetDIBitsToDevice(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, uint32_t w, uint32_t h, int32_t sx,
                          int32_t sy, uint32_t start, uint32_t lines, Ptr bits, Ptr info, uint32_t usage) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  DibHeader hd;
  if (!dc || !bits || !read_dib_header(p, dc, info.addr, usage, hd)) return 0;
  // The bits hold scan lines start .. start + lines - 1 (from the bottom of a bottom-up DIB).
  if (!hd.top_down) {
    if (start >= static_cast<uint32_t>(hd.height)) return 0;
    lines = std::min<uint32_t>(lines, static_cast<uint32_t>(hd.height) - start);
  }
  DibHeader part = hd;
  part.height = hd.top_down ? hd.height : static_cast<int32_t>(lines);
  auto src = surface_over_bits(part, bits.addr);
  // The source rectangle's rows in `src`: a bottom-up DIB's y counts from its bottom.
  int32_t top = hd.top_down ? sy : static_cast<int32_t>(start + lines) - (sy + static_cast<int32_t>(h));
  BlitRequest q;
  q.dest = {x, y, x + static_cast<int32_t>(w), y + static_cast<int32_t>(h)};
  q.src_surface = src.get();
  q.src = {sx, top, sx + static_cast<int32_t>(w), top + static_cast<int32_t>(h)};
  q.rop = 0xcc0020;
  do_blit(p, *dc, q);
  // The scan lines the call used: from `start` up to the source rectangle's top (bottom-up).
  if (hd.top_down) return hd.height;
  const int64_t used = static_cast<int64_t>(sy) + h - start;
  return static_cast<int32_t>(std::clamp<int64_t>(used, 0, lines));
}

int32_t StretchDIBits(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, int32_t w, int32_t h, int32_t sx, int32_t sy,
                      int32_t sw, int32_t sh, Ptr bits, Ptr info, uint32_t usage, uint32_t rop) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  DibHeader hd;
  if (!dc || !read_dib_header(p, dc, info.addr, usage, hd)) return 0;
  if (!bits && rop3_uses_source(static_cast<uint8_t>(rop >> 16))) return 0;
  std::shared_ptr<Surface> src = bits ? surface_over_bits(hd, bits.addr) : nullptr;
  // A bottom-up DIB's source y counts from its bottom row.
  const int32_t top = hd.top_down ? sy : hd.height - sy - sh;
  BlitRequest q;
  q.dest = {x, y, x + w, y + h};
  q.src_surface = src.get();
  q.src = {sx, top, sx + sw, top + sh};
  q.rop = rop;
  do_blit(p, *dc, q);
  return hd.height;
}

uint32_t GetPixel(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  if (!dc) return CLR_INVALID;
  Surface* s = dc_surface(p, *dc);
  const Point d = to_device(*dc, {x, y});
  const int32_t sx = d.x + dc->origin.x, sy = d.y + dc->origin.y;
  if (!s || !drawing_clip(p, *dc).contains(sx, sy)) return CLR_INVALID;
  return s->color_of(s->pixel(sx, sy));
}

// SetPixel: the colour the pixel got (the nearest the surface has).
uint32_t set_pixel(WindowsProcess& p, uint64_t hdc, int32_t x, int32_t y, uint32_t color) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc) return CLR_INVALID;
  Surface* s = dc_surface(p, *dc);
  if (!s) return CLR_INVALID;
  const Point d = to_device(*dc, {x, y});
  const int32_t sx = d.x + dc->origin.x, sy = d.y + dc->origin.y;
  const uint32_t v = pixel_for(p, *dc, *s, color, false);
  if (!drawing_clip(p, *dc).contains(sx, sy)) return CLR_INVALID;
  s->set_pixel(sx, sy, v);
  s->touch({sx, sy, sx + 1, sy + 1});
  return s->color_of(v);
}
uint32_t SetPixel(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, uint32_t color) {
  return set_pixel(p, hdc.addr, x, y, color);
}
BOOL SetPixelV(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, uint32_t color) {
  return set_pixel(p, hdc.addr, x, y, color) != CLR_INVALID;
}

// TransparentBlt: a stretched copy leaving out the source pixels of one colour.
BOOL GdiTransparentBlt(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, int32_t w, int32_t h, Ptr src, int32_t sx,
                       int32_t sy, int32_t sw, int32_t sh, uint32_t transparent) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  DeviceContext* sdc = find_dc(p, src.addr);
  if (!dc || !sdc || w < 0 || h < 0 || sw < 0 || sh < 0) return FALSE;
  Surface* dst = dc_surface(p, *dc);
  Surface* s = dc_surface(p, *sdc);
  if (!dst || !s) return FALSE;
  const Rect d = rect_to_device(*dc, {x, y, x + w, y + h}).offset(dc->origin.x, dc->origin.y);
  const Rect sr = rect_to_device(*sdc, {sx, sy, sx + sw, sy + sh}).offset(sdc->origin.x, sdc->origin.y);
  if (d.empty() || sr.empty() || !s->rect().intersect(sr).width()) return TRUE;
  const uint32_t key = s->pixel_of(transparent & 0xffffff);
  const Region& clip = drawing_clip(p, *dc);
  for (int32_t yy = 0; yy < d.height(); ++yy) {
    const int32_t py = sr.top + static_cast<int32_t>(static_cast<int64_t>(yy) * sr.height() / d.height());
    for (int32_t xx = 0; xx < d.width(); ++xx) {
      const int32_t px = sr.left + static_cast<int32_t>(static_cast<int64_t>(xx) * sr.width() / d.width());
      if (!s->rect().contains(px, py) || !clip.contains(d.left + xx, d.top + yy)) continue;
      const uint32_t v = s->pixel(px, py);
      if (v == key) continue;
      dst->set_pixel(d.left + xx, d.top + yy, convert_pixel(*s, *dst, v));
    }
  }
  dst->touch(d);
  return TRUE;
}

// AlphaBlend: BLENDFUNCTION {AC_SRC_OVER, 0, constant alpha, AC_SRC_ALPHA}; with AC_SRC_ALPHA the
// source is 32-bit premultiplied and its alpha byte counts.
BOOL GdiAlphaBlend(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, int32_t w, int32_t h, Ptr src, int32_t sx,
                   int32_t sy, int32_t sw, int32_t sh, uint32_t blend) {
  DeviceContext* dc = find_dc(p, hdc.addr);
  DeviceContext* sdc = find_dc(p, src.addr);
  if (!dc || !sdc || w < 0 || h < 0 || sw < 0 || sh < 0) return fail(p, ERROR_INVALID_PARAMETER);
  Surface* s = dc_surface(p, *sdc);
  if (!dc_surface(p, *dc) || !s) return FALSE;
  const Rect sr = rect_to_device(*sdc, {sx, sy, sx + sw, sy + sh}).offset(sdc->origin.x, sdc->origin.y);
  if (sr.left < 0 || sr.top < 0 || sr.right > s->width() || sr.bottom > s->height())
    return fail(p, ERROR_INVALID_PARAMETER);
  return alpha_blend_surface(p, *dc, x, y, w, h, *s, sr, blend);
}

}  // namespace

bool stretch_surface(WindowsProcess& p, DeviceContext& dc, int32_t x, int32_t y, int32_t w, int32_t h,
                     const Surface& src, const Rect& src_rect, uint32_t rop) {
  BlitRequest q;
  q.dest = {x, y, x + w, y + h};
  q.src_surface = &src;
  q.src = src_rect;
  q.rop = rop;
  return do_blit(p, dc, q);
}

bool alpha_blend_surface(WindowsProcess& p, DeviceContext& dc, int32_t x, int32_t y, int32_t w, int32_t h,
                         const Surface& s, const Rect& sr, uint32_t blend) {
  Surface* dst = dc_surface(p, dc);
  if (!dst) return false;
  const Rect d = rect_to_device(dc, {x, y, x + w, y + h}).offset(dc.origin.x, dc.origin.y);
  if (d.empty() || sr.empty()) return true;
  const uint32_t constant = (blend >> 16) & 0xff;
  const bool per_pixel = ((blend >> 24) & 0xff) == 1 && s.bpp() == 32;
  const Region& clip = drawing_clip(p, dc);
  for (int32_t yy = 0; yy < d.height(); ++yy) {
    // (enlarged as StretchBlt enlarges)
    const int32_t py = sr.top + (d.height() >= sr.height() ? stretch_source(yy, d.height(), sr.height())
                                 : static_cast<int32_t>(static_cast<int64_t>(yy) * sr.height() / d.height()));
    for (int32_t xx = 0; xx < d.width(); ++xx) {
      const int32_t dx = d.left + xx, dy = d.top + yy;
      if (!clip.contains(dx, dy)) continue;
      const int32_t px = sr.left + (d.width() >= sr.width() ? stretch_source(xx, d.width(), sr.width())
                                    : static_cast<int32_t>(static_cast<int64_t>(xx) * sr.width() / d.width()));
      const uint32_t sv = s.pixel(px, py);
      const ColorRef sc = s.color_of(sv), dcol = dst->color_of(dst->pixel(dx, dy));
      uint32_t r = red_of(sc) * constant, g = green_of(sc) * constant, b = blue_of(sc) * constant;
      uint32_t a = constant;
      if (per_pixel) a = ((sv >> 24) * constant + 127) / 255;
      // Windows: dst = src * constant / 255 + dst * (255 - alpha) / 255 (source premultiplied).
      auto mix = [&](uint32_t src_times_const, uint8_t d8) {
        const uint32_t v = (src_times_const + 127) / 255 + (d8 * (255 - a) + 127) / 255;
        return static_cast<uint8_t>(std::min<uint32_t>(v, 255));
      };
      dst->set_pixel(dx, dy, dst->pixel_of(rgb(mix(r, red_of(dcol)), mix(g, green_of(dcol)), mix(b, blue_of(dcol)))));
    }
  }
  dst->touch(d);
  return true;
}

const std::vector<Export>& blit_exports() {
  static const std::vector<Export> e = {
      EXPORT("BitBlt", BitBlt), EXPORT("StretchBlt", StretchBlt), EXPORT("PatBlt", PatBlt),
      EXPORT("MaskBlt", MaskBlt), EXPORT("SetDIBitsToDevice", SetDIBitsToDevice),
      EXPORT("StretchDIBits", StretchDIBits), EXPORT("GetPixel", GetPixel), EXPORT("SetPixel", SetPixel),
      EXPORT("SetPixelV", SetPixelV), EXPORT("GdiTransparentBlt", GdiTransparentBlt),
      EXPORT("GdiAlphaBlend", GdiAlphaBlend),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
