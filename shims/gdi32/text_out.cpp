// Drawing text: TextOut and ExtTextOut (ETO_OPAQUE, ETO_CLIPPED, ETO_GLYPH_INDEX, the program's
// advances), with the DC's alignment (TA_LEFT/CENTER/RIGHT, TA_TOP/BASELINE/BOTTOM, TA_UPDATECP),
// background (OPAQUE fills the text's cell), character extra and justification, underline and
// strike-out. Glyph coverage (font_faces.h) is blended in the text colour on surfaces of 16 bits
// and more; on palette and monochrome surfaces, and with a ROP2 other than R2_COPYPEN, a pixel is
// the text's when half covered.
#include <cstring>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/win_errors.h"
#include "shims/core/win_result.h"
#include "shims/gdi32/font_faces.h"
#include "shims/gdi32/gdi32.h"
#include "shims/gdi32/region_algebra.h"

namespace polyrun::shims::gdi32 {

namespace {

enum : uint32_t {
  TA_UPDATECP = 1, TA_RIGHT = 2, TA_CENTER = 6, TA_BOTTOM = 8, TA_BASELINE = 24,
  ETO_OPAQUE = 2, ETO_CLIPPED = 4, ETO_GLYPH_INDEX = 0x10, ETO_PDY = 0x2000,
};

uint8_t blend8(uint8_t dst, uint8_t src, uint32_t a) { return static_cast<uint8_t>((src * a + dst * (255 - a) + 127) / 255); }

// One glyph's coverage at (x, y) of the surface (its bitmap's top left), inside `clip`.
void draw_glyph(Surface& s, const Glyph& g, int32_t x, int32_t y, const Region& clip, ColorRef color, uint32_t pixel,
                const RopMasks& rop, bool blend) {
  const Rect box{x, y, x + g.width, y + g.rows};
  for (const Rect& c : clip.rects()) {
    if (c.bottom <= box.top) continue;
    if (c.top >= box.bottom) break;
    const Rect part = c.intersect(box).intersect(s.rect());
    for (int32_t py = part.top; py < part.bottom; ++py)
      for (int32_t px = part.left; px < part.right; ++px) {
        const uint32_t a = g.coverage[static_cast<size_t>(py - y) * g.width + (px - x)];
        if (!a) continue;
        if (blend && a < 255) {
          const ColorRef d = s.color_of(s.pixel(px, py));
          s.set_pixel(px, py, s.pixel_of(rgb(blend8(red_of(d), red_of(color), a), blend8(green_of(d), green_of(color), a),
                                              blend8(blue_of(d), blue_of(color), a))));
        } else if (a >= 128 || blend) {
          s.set_pixel(px, py, blend ? pixel : ((s.pixel(px, py) & rop.and_mask) ^ rop.xor_mask) & s.pixel_mask());
        }
      }
  }
}

}  // namespace

bool ext_text_out(WindowsProcess& p, DeviceContext& dc, int32_t x, int32_t y, uint32_t options, const Rect* rect,
                  const std::u16string& text, const std::vector<int32_t>* dx, bool force_top_left) {
  auto face = dc_font_face(p, dc);
  Surface* s = dc_surface(p, dc);
  if (!face) return false;
  const uint32_t align = force_top_left ? 0 : dc.s.text_align;
  const Point start = (align & TA_UPDATECP) ? dc.s.position : Point{x, y};
  const Point d = to_device(dc, start);
  const TextMetrics& tm = face->metrics();
  const bool by_index = options & ETO_GLYPH_INDEX;
  // Each character's advance in device units.
  std::vector<int32_t> adv(text.size());
  int32_t breaks = 0;
  for (char16_t c : text) breaks += c == tm.break_char;
  int32_t extra_left = dc.s.break_extra;
  for (size_t i = 0; i < text.size(); ++i) {
    if (dx) {
      const Point a = to_device(dc, {0, 0}), b = to_device(dc, {(*dx)[i], 0});
      adv[i] = b.x - a.x;
    } else {
      adv[i] = face->glyph(text[i], by_index).advance + dc.s.char_extra;
      if (!by_index && text[i] == tm.break_char && breaks && dc.s.break_count) {
        const int32_t share = extra_left / breaks--;
        adv[i] += share;
        extra_left -= share;
      }
    }
  }
  int32_t width = 0;
  for (int32_t a : adv) width += a;
  int32_t left = d.x;
  if ((align & TA_CENTER) == TA_CENTER) left -= width / 2;
  else if (align & TA_RIGHT) left -= width;
  int32_t baseline = d.y + tm.ascent;
  if ((align & TA_BASELINE) == TA_BASELINE) baseline = d.y;
  else if (align & TA_BOTTOM) baseline = d.y - tm.descent;
  if (align & TA_UPDATECP) {
    const int32_t move = (align & TA_CENTER) == TA_CENTER ? 0 : (align & TA_RIGHT) ? -width : width;
    dc.s.position = to_logical(dc, {d.x + move, d.y});
  }
  if (!s) return true;
  const Point o = dc.origin;
  Region clip = drawing_clip(p, dc);
  Rect device_rect;
  if (rect) device_rect = rect_to_device(dc, *rect).offset(o.x, o.y);
  if (rect && (options & ETO_CLIPPED)) clip = Region::combine(clip, Region(device_rect), Region::Op::And);
  const RopMasks back = rop2_masks(R2_COPYPEN, pixel_for(p, dc, *s, dc.s.bk_color, false));
  if (rect && (options & ETO_OPAQUE)) fill_rect(*s, device_rect, drawing_clip(p, dc), FillPattern::solid(back));
  const Rect cell{left + o.x, baseline - tm.ascent + o.y, left + width + o.x, baseline + tm.descent + o.y};
  if (dc.s.bk_mode == OPAQUE && !(rect && (options & ETO_OPAQUE) && device_rect.intersect(cell) == cell))
    fill_rect(*s, cell, clip, FillPattern::solid(back));
  const ColorRef color = dc.s.text_color & 0xffffff;
  const uint32_t pixel = pixel_for(p, dc, *s, dc.s.text_color, true);
  const RopMasks rop = rop2_masks(dc.s.rop2, pixel);
  const bool blend = face->antialiased() && s->bpp() >= 16 && dc.s.rop2 == R2_COPYPEN;
  int32_t pen = left + o.x;
  for (size_t i = 0; i < text.size(); ++i) {
    const Glyph& g = face->glyph(text[i], by_index);
    if (g.width && g.rows) draw_glyph(*s, g, pen + g.left, baseline + o.y - g.top, clip, color, pixel, rop, blend);
    pen += adv[i];
  }
  // Underline and strike-out: lines as thick as a twentieth of the em, at least one pixel.
  const int32_t thickness = std::max(1, (tm.height - tm.internal_leading) / 20);
  if (tm.underlined) {
    const int32_t uy = baseline + o.y + std::max(1, tm.descent / 2);
    fill_rect(*s, {left + o.x, uy, left + o.x + width, uy + thickness}, clip, FillPattern::solid(rop));
  }
  if (tm.struck_out) {
    const int32_t sy = baseline + o.y - (tm.ascent - tm.internal_leading) / 3;
    fill_rect(*s, {left + o.x, sy, left + o.x + width, sy + thickness}, clip, FillPattern::solid(rop));
  }
  s->touch(cell);
  return true;
}

std::u16string guest_text(uint64_t s, int64_t n, bool wide) {
  if (!s || !n) return {};
  if (wide) {
    const auto* c = static_cast<const char16_t*>(guest_pointer(s));
    return n < 0 ? std::u16string(c) : std::u16string(c, static_cast<size_t>(n));
  }
  const auto* c = static_cast<const char*>(guest_pointer(s));
  return ansi_to_utf16(n < 0 ? std::string(c) : std::string(c, static_cast<size_t>(n)));
}

namespace {

BOOL text_out(WindowsProcess& p, uint64_t hdc, int32_t x, int32_t y, uint32_t options, uint64_t rect, uint64_t str,
              uint32_t count, uint64_t dx, bool wide) {
  DeviceContext* dc = find_dc(p, hdc);
  if (!dc) return fail(p, ERROR_INVALID_HANDLE);
  if (count && !str) return fail(p, ERROR_INVALID_PARAMETER);
  const std::u16string text = guest_text(str, count, wide || (options & ETO_GLYPH_INDEX));
  Rect r;
  if (rect) r = get<Rect>(rect);
  std::vector<int32_t> advances;
  if (dx) {
    // (ETO_PDY: pairs of x and y advances; only the x ones count here)
    const uint32_t step = (options & ETO_PDY) ? 8 : 4;
    for (size_t i = 0; i < text.size(); ++i) advances.push_back(get<int32_t>(dx + step * i));
  }
  return ext_text_out(p, *dc, x, y, options, rect ? &r : nullptr, text, dx ? &advances : nullptr, false);
}

BOOL ExtTextOutW(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, uint32_t options, Ptr rect, Ptr str, uint32_t count,
                 Ptr dx) {
  return text_out(p, hdc.addr, x, y, options, rect.addr, str.addr, count, dx.addr, true);
}
BOOL ExtTextOutA(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, uint32_t options, Ptr rect, Ptr str, uint32_t count,
                 Ptr dx) {
  return text_out(p, hdc.addr, x, y, options, rect.addr, str.addr, count, dx.addr, false);
}
BOOL TextOutW(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, Ptr str, int32_t count) {
  if (count < 0) return FALSE;
  return text_out(p, hdc.addr, x, y, 0, 0, str.addr, static_cast<uint32_t>(count), 0, true);
}
BOOL TextOutA(WindowsProcess& p, Ptr hdc, int32_t x, int32_t y, Ptr str, int32_t count) {
  if (count < 0) return FALSE;
  return text_out(p, hdc.addr, x, y, 0, 0, str.addr, static_cast<uint32_t>(count), 0, false);
}

}  // namespace

const std::vector<Export>& text_out_exports() {
  static const std::vector<Export> e = {
      EXPORT("ExtTextOutW", ExtTextOutW), EXPORT("ExtTextOutA", ExtTextOutA),
      EXPORT("TextOutW", TextOutW),       EXPORT("TextOutA", TextOutA),
  };
  return e;
}

}  // namespace polyrun::shims::gdi32
