// The DIB engine's raster operations. ROP2s are D = (D & A) ^ X with A and X chosen per pen pixel
// (the sixteen ROP2s' truth tables, indexed by pen and destination bits, give them); ROP3s are
// evaluated bitwise from their truth table, index bits (pattern, source, destination) = 4, 2, 1,
// with plain copies and fills taken directly.
#include "shims/gdi32/dib_engine.h"

#include "shims/gdi32/region_algebra.h"

namespace polyrun::shims::gdi32 {

RopMasks rop2_masks(int rop2, uint32_t pixel) {
  // Truth table bit (2 * P + D): the result for pen bit P and destination bit D.
  const uint32_t table = static_cast<uint32_t>(rop2 - 1) & 0xf;
  const auto bit = [&](int i) { return (table >> i) & 1 ? ~0u : 0u; };
  // Per bit: with P = 1 the result is t3 when D = 1 and t2 when D = 0, so A = t2 ^ t3, X = t2;
  // with P = 0, A = t0 ^ t1, X = t0.
  const uint32_t a_p1 = bit(2) ^ bit(3), x_p1 = bit(2), a_p0 = bit(0) ^ bit(1), x_p0 = bit(0);
  return {(pixel & a_p1) | (~pixel & a_p0), (pixel & x_p1) | (~pixel & x_p0)};
}

namespace {

void span_pattern(Surface& s, int32_t y, int32_t left, int32_t right, const FillPattern& f) {
  if (f.width == 1 && f.height == 1) {
    s.and_xor_span(y, left, right, f.cells[0].and_mask, f.cells[0].xor_mask);
    return;
  }
  for (int32_t x = left; x < right; ++x) {
    const RopMasks& m = f.at(x, y);
    s.set_pixel(x, y, (s.pixel(x, y) & m.and_mask & s.pixel_mask()) ^ (m.xor_mask & s.pixel_mask()));
  }
}

// The clip's rectangles in the rows of [top, bottom).
template <typename Fn>
void for_clip_rects(const Region& clip, int32_t top, int32_t bottom, Fn&& fn) {
  for (const Rect& c : clip.rects()) {
    if (c.bottom <= top) continue;
    if (c.top >= bottom) break;
    fn(c);
  }
}

}  // namespace

void fill_spans(Surface& s, const std::vector<Span>& spans, const Region& clip, const FillPattern& f) {
  const Rect bounds = clip.bounds().intersect(s.rect());
  Rect touched;
  for (const Span& sp : spans) {
    if (sp.y < bounds.top || sp.y >= bounds.bottom) continue;
    for_clip_rects(clip, sp.y, sp.y + 1, [&](const Rect& c) {
      const int32_t l = std::max({sp.left, c.left, 0}), r = std::min({sp.right, c.right, s.width()});
      if (l < r) {
        span_pattern(s, sp.y, l, r, f);
        touched = touched.bounds({l, sp.y, r, sp.y + 1});
      }
    });
  }
  s.touch(touched);
}

void fill_rect(Surface& s, const Rect& r, const Region& clip, const FillPattern& f) {
  const Rect area = r.intersect(s.rect());
  if (area.empty()) return;
  for_clip_rects(clip, area.top, area.bottom, [&](const Rect& c) {
    const Rect part = c.intersect(area);
    for (int32_t y = part.top; y < part.bottom; ++y) span_pattern(s, y, part.left, part.right, f);
    s.touch(part);
  });
}

bool rop3_uses_source(uint8_t rop) { return ((rop >> 2) & 0x33) != (rop & 0x33); }
bool rop3_uses_pattern(uint8_t rop) { return ((rop >> 4) & 0x0f) != (rop & 0x0f); }

namespace {

uint32_t rop3(uint8_t rop, uint32_t p, uint32_t s, uint32_t d) {
  switch (rop) {
    case 0xcc: return s;
    case 0xf0: return p;
    case 0x00: return 0;
    case 0xff: return ~0u;
    case 0x55: return ~d;
    case 0x66: return s ^ d;
    case 0x88: return s & d;
    case 0xee: return s | d;
    case 0x33: return ~s;
    case 0x5a: return p ^ d;
    case 0xc0: return p & s;
    default: break;
  }
  uint32_t out = 0;
  for (int i = 0; i < 8; ++i) {
    if (!((rop >> i) & 1)) continue;
    out |= (i & 4 ? p : ~p) & (i & 2 ? s : ~s) & (i & 1 ? d : ~d);
  }
  return out;
}

}  // namespace

void blit(Surface& s, const Rect& dest, const Region& clip, uint8_t rop, const BlitSource* src, int32_t sx,
          int32_t sy, const FillPattern* pattern) {
  const Rect area = dest.intersect(s.rect());
  if (area.empty()) return;
  const uint32_t mask = s.pixel_mask();
  for_clip_rects(clip, area.top, area.bottom, [&](const Rect& c) {
    const Rect part = c.intersect(area);
    if (part.empty()) return;
    for (int32_t y = part.top; y < part.bottom; ++y) {
      const int32_t src_y = sy + (y - dest.top);
      for (int32_t x = part.left; x < part.right; ++x) {
        uint32_t sp = 0;
        if (src) {
          const int32_t src_x = sx + (x - dest.left);
          if (src_x < 0 || src_y < 0 || src_x >= src->width || src_y >= src->height) continue;
          sp = src->at(src_x, src_y);
        }
        const uint32_t pp = pattern ? pattern->at(x, y).xor_mask : 0;
        const uint32_t d = rop == 0xcc || rop == 0xf0 || rop == 0 || rop == 0xff ? 0 : s.pixel(x, y);
        s.set_pixel(x, y, rop3(rop, pp, sp, d) & mask);
      }
    }
    s.touch(part);
  });
}

}  // namespace polyrun::shims::gdi32
